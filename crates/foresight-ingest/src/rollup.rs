//! The per-minute rollup (`reading_minute`) of a group of readings, added in the writer's transaction.
//!
//! Charts over long windows read whole minutes from the rollup instead of every reading (see the
//! migration `20261203000003_reading_minute.sql` and `api/readings.rs` in the server).

use std::collections::BTreeMap;
use uuid::Uuid;

const MINUTE_MS: i64 = 60_000;

/// Count, sum, min and max of one series' readings within one minute.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MinuteAggregate {
    pub tenant_id: Uuid,
    /// All readings, text ones included.
    pub readings: i64,
    /// Readings with a numeric value.
    pub numeric: i64,
    pub sum: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// A group's readings folded per (series, minute). A BTreeMap, so rows reach PostgreSQL in key order:
/// two writers (MQTT and HTTP) upserting overlapping minutes then lock them in the same order and
/// cannot deadlock.
#[derive(Debug, Default)]
pub struct MinuteRollup {
    minutes: BTreeMap<(i64, i64), MinuteAggregate>,
}

/// The start of the minute holding `ts_ms` (ms since the epoch), also before 1970.
pub fn minute_of(ts_ms: i64) -> i64 {
    ts_ms.div_euclid(MINUTE_MS) * MINUTE_MS
}

impl MinuteRollup {
    pub fn add(&mut self, tenant_id: Uuid, series_id: i64, ts_ms: i64, value: Option<f64>) {
        let agg = self.minutes.entry((series_id, minute_of(ts_ms))).or_insert(MinuteAggregate {
            tenant_id,
            readings: 0,
            numeric: 0,
            sum: None,
            min: None,
            max: None,
        });
        agg.readings += 1;
        if let Some(x) = value {
            agg.numeric += 1;
            agg.sum = Some(agg.sum.unwrap_or(0.0) + x);
            agg.min = Some(agg.min.map_or(x, |m| m.min(x)));
            agg.max = Some(agg.max.map_or(x, |m| m.max(x)));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.minutes.is_empty()
    }

    /// (series id, minute start in ms) → aggregate, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&(i64, i64), &MinuteAggregate)> {
        self.minutes.iter()
    }

    /// Adds the group to `reading_minute`: one statement, merging with minutes earlier groups began.
    pub async fn store(self, tx: &mut sqlx::PgConnection) -> Result<(), sqlx::Error> {
        if self.is_empty() {
            return Ok(());
        }
        let n = self.minutes.len();
        let (mut tenants, mut series, mut minutes) =
            (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
        let (mut readings, mut numeric) = (Vec::with_capacity(n), Vec::with_capacity(n));
        let (mut sums, mut mins, mut maxs) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
        for ((series_id, minute_ms), agg) in self.minutes {
            tenants.push(agg.tenant_id);
            series.push(series_id);
            minutes.push(chrono::DateTime::from_timestamp_millis(minute_ms).unwrap_or_default());
            readings.push(agg.readings);
            numeric.push(agg.numeric);
            sums.push(agg.sum);
            mins.push(agg.min);
            maxs.push(agg.max);
        }
        // least/greatest skip NULLs; a NULL sum (text only so far) must not swallow a numeric one.
        sqlx::query(
            "INSERT INTO reading_minute AS m (tenant_id, series_id, minute, readings, numeric_readings, value_sum, value_min, value_max) \
             SELECT * FROM unnest($1::uuid[], $2::int8[], $3::timestamptz[], $4::int8[], $5::int8[], \
                                  $6::float8[], $7::float8[], $8::float8[]) \
             ON CONFLICT (tenant_id, series_id, minute) DO UPDATE SET readings = m.readings + excluded.readings, \
               numeric_readings = m.numeric_readings + excluded.numeric_readings, \
               value_sum = CASE WHEN m.value_sum IS NULL THEN excluded.value_sum \
                                WHEN excluded.value_sum IS NULL THEN m.value_sum \
                                ELSE m.value_sum + excluded.value_sum END, \
               value_min = least(m.value_min, excluded.value_min), value_max = greatest(m.value_max, excluded.value_max)",
        )
        .bind(tenants)
        .bind(series)
        .bind(minutes)
        .bind(readings)
        .bind(numeric)
        .bind(sums)
        .bind(mins)
        .bind(maxs)
        .execute(tx)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_start_on_whole_minutes_before_and_after_the_epoch() {
        assert_eq!(minute_of(0), 0);
        assert_eq!(minute_of(59_999), 0);
        assert_eq!(minute_of(60_000), 60_000);
        assert_eq!(minute_of(-1), -60_000);
    }

    #[test]
    fn readings_fold_per_series_and_minute_and_text_counts_without_a_value() {
        let tenant = Uuid::nil();
        let mut r = MinuteRollup::default();
        r.add(tenant, 7, 60_000, Some(3.0));
        r.add(tenant, 7, 119_999, Some(-1.5));
        r.add(tenant, 7, 120_000, Some(10.0));
        r.add(tenant, 8, 60_500, None);
        let rows: Vec<_> = r.iter().map(|(k, v)| (*k, *v)).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].0, (7, 60_000));
        assert_eq!((rows[0].1.readings, rows[0].1.numeric), (2, 2));
        assert_eq!((rows[0].1.sum, rows[0].1.min, rows[0].1.max), (Some(1.5), Some(-1.5), Some(3.0)));
        assert_eq!(rows[1].0, (7, 120_000));
        assert_eq!(rows[2].0, (8, 60_000));
        assert_eq!((rows[2].1.readings, rows[2].1.numeric, rows[2].1.sum), (1, 0, None));
    }
}

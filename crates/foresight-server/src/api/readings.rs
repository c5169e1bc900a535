//! Time series for charts: latest values of a device, raw readings, and min/max/avg per bucket.

use super::{Checks, CommonErrors};
use crate::app::AppState;
use crate::authz::{perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{Path, Query};
use crate::i18n::Msg;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(latest_values)).routes(routes!(readings))
}

/// A device is visible when its row is (row-level security) and, if it sits in a zone, that zone is
/// (the zone table's policy carries the caller's zone scope).
const VISIBLE_DEVICE: &str =
    "SELECT d.device_id FROM device d WHERE d.device_id = $1 AND (d.zone_id IS NULL OR EXISTS \
     (SELECT 1 FROM zone z WHERE z.tenant_id = d.tenant_id AND z.zone_id = d.zone_id))";

/// Most raw points one request returns; more needs buckets.
const MAX_RAW: i64 = 10_000;
/// Most buckets one request returns.
const MAX_BUCKETS: i64 = 10_000;
/// Longest window one request covers.
const MAX_WINDOW_DAYS: i64 = 400;

#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct LatestValue {
    pub property: String,
    pub ts: DateTime<Utc>,
    pub value: Option<f64>,
    pub text_value: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReadingQuery {
    /// The property's identifier in the device's thing model.
    property: String,
    /// Start of the window (inclusive), RFC 3339; default 24 h before `to`.
    from: Option<DateTime<Utc>>,
    /// End of the window (exclusive), RFC 3339; default now.
    to: Option<DateTime<Utc>>,
    /// Bucket width in seconds: min/max/avg per bucket instead of raw points. Widths of a minute or
    /// more are rounded up to whole minutes (they are read from the per-minute rollup); the answer's
    /// `bucket_seconds` is the width used.
    bucket_seconds: Option<i64>,
    /// Most raw points to return (1 to 10,000; default 2,000), oldest first.
    limit: Option<i64>,
}

#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct RawPoint {
    /// Platform time.
    pub ts: DateTime<Utc>,
    /// As the gateway stamped it.
    pub source_ts: DateTime<Utc>,
    pub value: Option<f64>,
    pub text_value: Option<String>,
}

#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct Bucket {
    pub bucket_start: DateTime<Utc>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub avg: Option<f64>,
    pub count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Series {
    pub device_id: Uuid,
    pub property: String,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// The bucket width used, when buckets were asked for (see the `bucket_seconds` parameter).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_seconds: Option<i64>,
    /// Raw points, when no bucket was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Vec<RawPoint>>,
    /// Buckets, when `bucket_seconds` was given; empty buckets are left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buckets: Option<Vec<Bucket>>,
}

/// Bucket widths of a minute or more become whole minutes, so every bucket holds whole minutes of the
/// rollup; rounded up, so a request never gets more buckets than it allowed for.
pub fn bucket_width(seconds: i64) -> i64 {
    if seconds < 60 {
        seconds
    } else {
        (seconds + 59) / 60 * 60
    }
}

/// Buckets narrower than a minute, from the readings themselves. date_bin aligns buckets to the epoch,
/// so the same bucket has the same start in every request.
pub const RAW_BUCKETS: &str = "SELECT date_bin(make_interval(secs => $4), ts, 'epoch'::timestamptz) AS bucket_start, \
     min(value) AS min, max(value) AS max, avg(value) AS avg, count(*) AS count \
     FROM reading WHERE series_id = $1 AND ts >= $2 AND ts < $3 GROUP BY 1 ORDER BY 1";

/// Buckets of whole minutes: the minutes wholly inside [from, to) ($5 to $6) from the rollup
/// (`reading_minute`), the partial minutes at either edge from the readings, merged per bucket. Equal
/// to RAW_BUCKETS (up to floating-point summation order), at one rollup row per minute instead of
/// every reading. When the window lies within one minute ($5 >= $6) the rollup part is empty and the
/// two edge ranges together are exactly [from, to). $7 is the tenant: the rollup's key starts with it
/// (as every tenant-owned key does), so the query names it rather than leaving it to row-level security.
pub const ROLLUP_BUCKETS: &str =
    "SELECT b AS bucket_start, min(mn) AS min, max(mx) AS max, sum(s) / nullif(sum(nv), 0)::float8 AS avg, \
       sum(n)::int8 AS count FROM ( \
       SELECT date_bin(make_interval(secs => $4), minute, 'epoch'::timestamptz) AS b, value_min AS mn, \
              value_max AS mx, value_sum AS s, numeric_readings AS nv, readings AS n \
       FROM reading_minute WHERE tenant_id = $7 AND series_id = $1 AND minute >= $5 AND minute < $6 \
       UNION ALL \
       SELECT date_bin(make_interval(secs => $4), ts, 'epoch'::timestamptz), value, value, value, \
              (value IS NOT NULL)::int4::int8, 1::int8 \
       FROM reading WHERE series_id = $1 AND ts >= $2 AND ts < least($5, $3) \
       UNION ALL \
       SELECT date_bin(make_interval(secs => $4), ts, 'epoch'::timestamptz), value, value, value, \
              (value IS NOT NULL)::int4::int8, 1::int8 \
       FROM reading WHERE series_id = $1 AND ts >= greatest($6, $5) AND ts < $3) AS parts \
     GROUP BY b ORDER BY b";

/// The first whole minute at or after `from`, and the start of the minute holding `to`.
pub fn whole_minutes(from: DateTime<Utc>, to: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    const MINUTE_US: i64 = 60_000_000;
    let at = |us: i64| DateTime::from_timestamp_micros(us).unwrap_or_default();
    let first = at((from.timestamp_micros() + MINUTE_US - 1).div_euclid(MINUTE_US) * MINUTE_US);
    let last = at(to.timestamp_micros().div_euclid(MINUTE_US) * MINUTE_US);
    (first, last)
}

async fn visible_device<P>(auth: &mut Authorized<P>, device_id: Uuid) -> Result<(), ApiError> {
    let found: Option<Uuid> = sqlx::query_scalar(VISIBLE_DEVICE).bind(device_id).fetch_optional(&mut *auth.tx).await?;
    found.map(|_| ()).ok_or(ApiError::NotFound)
}

/// The newest value of every property of a device (kept by ingest; no history scan).
#[utoipa::path(get, path = "/devices/{device_id}/latest", tag = "telemetry", params(("device_id" = Uuid, Path)),
    responses((status = 200, body = Vec<LatestValue>), CommonErrors), security(("bearer" = [])))]
async fn latest_values(
    mut auth: Authorized<perm::TelemetryRead>,
    Path(device_id): Path<Uuid>,
) -> Result<axum::Json<Vec<LatestValue>>, ApiError> {
    visible_device(&mut auth, device_id).await?;
    let values: Vec<LatestValue> = sqlx::query_as(
        "SELECT property, ts, value, text_value FROM latest_value WHERE device_id = $1 ORDER BY property",
    )
    .bind(device_id)
    .fetch_all(&mut *auth.tx)
    .await?;
    auth.commit().await?;
    Ok(axum::Json(values))
}

/// Readings of one property over a window: raw points, or min/max/avg per bucket for charts.
#[utoipa::path(get, path = "/devices/{device_id}/readings", tag = "telemetry", params(("device_id" = Uuid, Path), ReadingQuery),
    responses((status = 200, body = Series), CommonErrors), security(("bearer" = [])))]
async fn readings(
    mut auth: Authorized<perm::TelemetryRead>,
    Path(device_id): Path<Uuid>,
    Query(q): Query<ReadingQuery>,
) -> Result<axum::Json<Series>, ApiError> {
    let to = q.to.unwrap_or_else(Utc::now);
    let from = q.from.unwrap_or(to - Duration::hours(24));
    let mut checks = Checks::default();
    checks.text("property", &q.property, 1, 64);
    if from >= to || to - from > Duration::days(MAX_WINDOW_DAYS) {
        checks.push(
            FieldIssue::new("from", "out_of_range", Msg::FieldOutOfRange).arg("min", "to - 400 d").arg("max", "to"),
        );
    }
    let window_secs = (to - from).num_seconds().max(1);
    if let Some(b) = q.bucket_seconds {
        if b < 1 || window_secs / b > MAX_BUCKETS {
            checks.push(
                FieldIssue::new("bucket_seconds", "out_of_range", Msg::FieldOutOfRange)
                    .arg("min", ((window_secs + MAX_BUCKETS - 1) / MAX_BUCKETS).max(1))
                    .arg("max", window_secs),
            );
        }
    }
    let limit = q.limit.unwrap_or(2000);
    if !(1..=MAX_RAW).contains(&limit) {
        checks.push(FieldIssue::new("limit", "out_of_range", Msg::FieldOutOfRange).arg("min", 1).arg("max", MAX_RAW));
    }
    checks.finish().map_err(|e| match e {
        ApiError::Validation(issues) => ApiError::BadRequest { msg: Msg::DetailInvalidParameter, args: vec![], issues },
        other => other,
    })?;
    visible_device(&mut auth, device_id).await?;
    let series_id: Option<i64> =
        sqlx::query_scalar("SELECT series_id FROM series WHERE device_id = $1 AND property = $2")
            .bind(device_id)
            .bind(&q.property)
            .fetch_optional(&mut *auth.tx)
            .await?;
    let bucket_seconds = q.bucket_seconds.map(bucket_width);
    let mut result =
        Series { device_id, property: q.property.clone(), from, to, bucket_seconds, points: None, buckets: None };
    match (series_id, bucket_seconds) {
        (None, Some(_)) => result.buckets = Some(Vec::new()),
        (None, None) => result.points = Some(Vec::new()),
        (Some(id), Some(bucket)) => {
            let (first_minute, last_minute) = whole_minutes(from, to);
            let query = if bucket % 60 == 0 { ROLLUP_BUCKETS } else { RAW_BUCKETS };
            // RAW_BUCKETS does not use $5 and $6; PostgreSQL refuses binds a statement does not use.
            let mut buckets = sqlx::query_as::<_, Bucket>(query).bind(id).bind(from).bind(to).bind(bucket as f64);
            if bucket % 60 == 0 {
                buckets = buckets.bind(first_minute).bind(last_minute).bind(auth.caller.tenant_id);
            }
            let buckets = buckets.fetch_all(&mut *auth.tx).await?;
            result.buckets = Some(buckets);
        }
        (Some(id), None) => {
            let points: Vec<RawPoint> = sqlx::query_as(
                "SELECT ts, source_ts, value, text_value FROM reading WHERE series_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts LIMIT $4",
            )
            .bind(id)
            .bind(from)
            .bind(to)
            .bind(limit)
            .fetch_all(&mut *auth.tx)
            .await?;
            result.points = Some(points);
        }
    }
    auth.commit().await?;
    Ok(axum::Json(result))
}

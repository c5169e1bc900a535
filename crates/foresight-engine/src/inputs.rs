//! From a site's loaded data to each zone's named inputs (the snapshot factors and rules read) and its
//! feature rows (what the incident predictor reads). Pure: no IO, time enters through [`SiteData::at`].
//!
//! Snapshot names (docs/RISK.md lists them for rule authors): site-wide `temp_c`, `humidity_pct`,
//! `wind_speed_m_s`, `dew_point_spread_c`, `raining`, `night_shift`, `hour_local`, `agv_dispatch_ratio`,
//! `agv_orders_10min`; per zone `people_in_zone`, `<gas>_max` and `<gas>_delta_10min` for each gas
//! (`nh3`, `lel`, `h2s`, `co`, `cl2`), `gas_max_ratio`, `gas_max_ratio_change_10min`, `temperature_max`,
//! `pressure_max`, `limit_proximity_max`, `alarms_active`, `alarms_critical`, `alarms_major`,
//! `alarms_minor`; from permit and maintenance systems (`work_item`) `permits_open`, `hot_work_open`,
//! `confined_space_open`, `permits_expired_unclosed` (past their validity and not closed),
//! `maintenance_overdue` and `maintenance_overdue_days_max`; and from power-quality meters `voltage_deviation_pct` (largest phase deviation from
//! the nominal 230 V) and `frequency_deviation_hz` (from the nominal 50 Hz). An input without data is absent, so conditions on it are unknown and never fire.

use crate::gather::{SiteData, HISTORY_MINUTES};
use chrono::{DateTime, Utc};
use foresight_risk::condition::{Snapshot, Value};
use foresight_store::work_items::OpenWork;
use std::collections::HashMap;
use uuid::Uuid;

const GASES: &[&str] = &["nh3", "lel", "h2s", "co", "cl2"];
/// Nominal low-voltage phase voltage (GB/T 156: 230/400 V systems).
pub const NOMINAL_VOLTAGE: f64 = 230.0;
/// Nominal grid frequency (GB/T 15945 allows ±0.2 Hz).
pub const NOMINAL_FREQUENCY_HZ: f64 = 50.0;
/// A trend compares the current minute with this many minutes before.
const TREND_MINUTES: usize = 10;

/// The feature names this module can produce for a predictor (models/lstm/mapping.json uses all of them).
pub const FEATURES: &[&str] = &[
    "gas_max_ratio",
    "gas_mean_ratio",
    "gas_max_ratio_change_10min",
    "temperature_max",
    "temperature_mean",
    "pressure_max",
    "level_mean",
    "flow_mean",
    "vibration_max",
    "limit_proximity_max",
    "active_alarms",
    "weather_temperature",
    "weather_humidity",
    "weather_wind_speed",
    "weather_dew_point_spread",
    "people_in_zone",
    "agv_orders_10min",
    "hour_sin",
    "hour_cos",
    "night_shift",
    "raining",
];

/// One zone's inputs at the cycle's time.
#[derive(Debug, Clone)]
pub struct ZoneLive {
    pub zone_id: Uuid,
    pub snapshot: Snapshot,
    /// Per minute (oldest first, [`HISTORY_MINUTES`] of them), the named features of [`FEATURES`].
    pub rows: Vec<HashMap<&'static str, f64>>,
}

/// A series forward-filled (leading gaps take the first known value); None when it has no value at all.
fn filled(series: &[Option<f64>]) -> Option<Vec<f64>> {
    let first = series.iter().flatten().next().copied()?;
    let mut last = first;
    Some(
        series
            .iter()
            .map(|v| {
                if let Some(v) = v {
                    last = *v;
                }
                last
            })
            .collect(),
    )
}

fn max(values: impl Iterator<Item = f64>) -> Option<f64> {
    values.fold(None, |m, v| Some(m.map_or(v, |m: f64| m.max(v))))
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Dew point (Magnus formula) spread: air temperature minus dew point, °C.
fn dew_point_spread(t: f64, rh: f64) -> f64 {
    let (a, b) = (17.62, 243.12);
    let gamma = (rh.clamp(1.0, 100.0) / 100.0).ln() + a * t / (b + t);
    t - b * gamma / (a - gamma)
}

/// Whether local minute-of-day `m` is in the night shift [start, end) (wrapping midnight).
pub fn in_night(m: i32, start: i32, end: i32) -> bool {
    if start <= end {
        (start..end).contains(&m)
    } else {
        m >= start || m < end
    }
}

/// The site's series, filled, with their device rows.
struct Series<'a> {
    data: &'a SiteData,
    filled: HashMap<(Uuid, &'a str), Vec<f64>>,
    /// The keys of `filled` per zone of their device, in `filled`'s order: a zone's look-ups scan its own
    /// series, not the site's (at 1,000 zones, scanning every series for every zone took seconds).
    by_zone: HashMap<Uuid, Vec<(Uuid, &'a str)>>,
}

impl<'a> Series<'a> {
    fn new(data: &'a SiteData) -> Series<'a> {
        let filled: HashMap<(Uuid, &'a str), Vec<f64>> = data
            .minutes
            .iter()
            .filter_map(|((device, property), values)| Some(((*device, property.as_str()), filled(values)?)))
            .collect();
        let mut by_zone: HashMap<Uuid, Vec<(Uuid, &'a str)>> = HashMap::new();
        for key in filled.keys() {
            if let Some(zone) = data.devices.get(&key.0).and_then(|d| d.zone_id) {
                by_zone.entry(zone).or_default().push(*key);
            }
        }
        Series { data, filled, by_zone }
    }

    /// The keys of the zone's filled series (with `zone` None, of all the site's).
    fn keys<'s>(&'s self, zone: Option<Uuid>) -> Box<dyn Iterator<Item = &'s (Uuid, &'a str)> + 's> {
        match zone {
            Some(z) => Box::new(self.by_zone.get(&z).into_iter().flatten()),
            None => Box::new(self.filled.keys()),
        }
    }

    /// Filled series of the zone's (or, with `zone` None, the site's) devices whose model matches.
    fn of<'s>(
        &'s self,
        zone: Option<Uuid>,
        model: impl Fn(&str) -> bool + 's,
        property: &'s str,
    ) -> impl Iterator<Item = (Uuid, &'s Vec<f64>)> + 's {
        self.keys(zone).filter_map(move |key| {
            let row = self.data.devices.get(&key.0)?;
            (key.1 == property && model(&row.model)).then_some((key.0, self.filled.get(key)?))
        })
    }
}

/// AGV transport orders released in the `window_ms` before each time: transitions of an AGV's state from
/// idle (0) to anything else.
fn agv_departures(data: &SiteData) -> Vec<i64> {
    let mut out = Vec::new();
    let mut previous: Option<(Uuid, f64)> = None;
    for &(device, ms, state) in &data.agv_states {
        if let Some((d, s)) = previous {
            if d == device && s == 0.0 && state != 0.0 {
                out.push(ms);
            }
        }
        previous = Some((device, state));
    }
    out.sort_unstable();
    out
}

/// Every zone's inputs.
pub fn zone_inputs(data: &SiteData) -> Vec<ZoneLive> {
    let n = HISTORY_MINUTES as usize;
    let series = Series::new(data);
    let at_ms = data.at.timestamp_millis();
    let end_minute = data.at.timestamp().div_euclid(60);
    // Minute i of the window ends at this time (the last one at the cycle's time itself).
    let minute_end = |i: usize| -> i64 {
        if i + 1 == n {
            at_ms
        } else {
            (end_minute - (n - 1 - i) as i64 + 1) * 60_000
        }
    };
    let local_minute = |i: usize| -> i32 {
        let secs = minute_end(i) / 1000 + data.utc_offset_secs;
        (secs.rem_euclid(86_400) / 60) as i32
    };

    // Site-wide: the weather station and AGV traffic.
    let weather = |property: &'static str| series.of(None, |m| m == "weather_station", property).next().map(|s| s.1);
    let (temp, humidity, wind, rainfall) =
        (weather("temperature"), weather("humidity"), weather("wind_speed"), weather("rainfall"));
    let departures = agv_departures(data);
    let orders_before = |end: i64, span_ms: i64| departures.iter().filter(|&&t| t > end - span_ms && t <= end).count();
    let have_agv = !data.agv_states.is_empty();

    let mut site_rows: Vec<HashMap<&'static str, f64>> = Vec::with_capacity(n);
    for i in 0..n {
        let mut row = HashMap::new();
        if let Some(t) = temp {
            row.insert("weather_temperature", t[i]);
        }
        if let Some(h) = humidity {
            row.insert("weather_humidity", h[i]);
        }
        if let (Some(t), Some(h)) = (temp, humidity) {
            row.insert("weather_dew_point_spread", dew_point_spread(t[i], h[i]));
        }
        if let Some(w) = wind {
            row.insert("weather_wind_speed", w[i]);
        }
        if let Some(r) = rainfall {
            let before = r[i.saturating_sub(TREND_MINUTES)];
            row.insert("raining", if r[i] > before + 0.05 { 1.0 } else { 0.0 });
        }
        if have_agv {
            row.insert("agv_orders_10min", orders_before(minute_end(i), 600_000) as f64);
        }
        let m = local_minute(i);
        let angle = std::f64::consts::TAU * f64::from(m) / 1440.0;
        row.insert("hour_sin", angle.sin());
        row.insert("hour_cos", angle.cos());
        let night = in_night(m, data.settings.night_start, data.settings.night_end);
        row.insert("night_shift", if night { 1.0 } else { 0.0 });
        site_rows.push(row);
    }

    let mut site = Snapshot::new();
    let last = &site_rows[n - 1];
    for (name, feature) in [
        ("temp_c", "weather_temperature"),
        ("humidity_pct", "weather_humidity"),
        ("wind_speed_m_s", "weather_wind_speed"),
        ("dew_point_spread_c", "weather_dew_point_spread"),
        ("agv_orders_10min", "agv_orders_10min"),
    ] {
        if let Some(v) = last.get(feature) {
            site.set(name, Value::Number(*v));
        }
    }
    if let Some(r) = last.get("raining") {
        site.set("raining", Value::Flag(*r > 0.5));
    }
    let night = last.get("night_shift").copied().unwrap_or(0.0) > 0.5;
    site.set("night_shift", Value::Flag(night));
    site.set("hour_local", Value::Number(f64::from(local_minute(n - 1)) / 60.0));
    if have_agv {
        // Orders of the last 10 minutes against the mean 10 minutes of the hour before; at least half an
        // order as the reference so a quiet hour followed by two orders does not read as a surge.
        let recent = orders_before(at_ms, 600_000) as f64;
        let hour = departures.iter().filter(|&&t| t > at_ms - 4_200_000 && t <= at_ms - 600_000).count() as f64;
        site.set("agv_dispatch_ratio", Value::Number(recent / (hour / 6.0).max(0.5)));
    }

    data.zones
        .iter()
        .map(|zone| {
            let z = Some(zone.zone_id);
            let mut rows = site_rows.clone();
            let mut snapshot = site.clone();
            let limit_of = |device: Uuid, property: &str| data.limits.get(&(device, property.to_owned())).copied();

            // Gas: ratios to the first alarm level, per detector.
            let mut gas_ratios: Vec<Vec<f64>> = Vec::new();
            for gas in GASES {
                let detectors: Vec<(Uuid, &Vec<f64>)> = series.of(z, |m| m.starts_with("gas_detector"), gas).collect();
                if detectors.is_empty() {
                    continue;
                }
                let now = max(detectors.iter().map(|(_, v)| v[n - 1])).unwrap_or(0.0);
                let delta = max(detectors.iter().map(|(_, v)| v[n - 1] - v[n - 1 - TREND_MINUTES])).unwrap_or(0.0);
                snapshot.set(&format!("{gas}_max"), Value::Number(now));
                snapshot.set(&format!("{gas}_delta_10min"), Value::Number(delta));
                for (device, values) in &detectors {
                    if let Some(limit) = limit_of(*device, gas) {
                        gas_ratios.push(values.iter().map(|v| v / limit).collect());
                    }
                }
            }
            // Every series with a high limit: proximity and exceeded limits.
            let mut limited: Vec<Vec<f64>> = Vec::new();
            for key in series.keys(z) {
                let ((device, property), Some(values)) = (key, series.filled.get(key)) else { continue };
                if let Some(limit) = limit_of(*device, property) {
                    limited.push(values.iter().map(|v| v / limit).collect());
                }
            }
            let people: Vec<&Vec<f64>> = series.of(z, |m| m == "access_gate", "people_inside").map(|s| s.1).collect();
            let column = |model: &'static str, property: &'static str| -> Vec<&Vec<f64>> {
                series.of(z, move |m| m == model, property).map(|s| s.1).collect()
            };
            let temperatures: Vec<&Vec<f64>> = series
                .of(z, |m| m == "temperature_transmitter" || m == "tank_radar_level", "temperature")
                .map(|s| s.1)
                .collect();
            let pressures = column("pressure_transmitter", "pressure");
            let levels = column("level_transmitter", "level_percent");
            let flows = column("flow_transmitter", "flow");
            let vibrations = column("vibration_sensor", "velocity_rms");

            for (i, row) in rows.iter_mut().enumerate() {
                let at = |list: &Vec<&Vec<f64>>| list.iter().map(move |v| v[i]).collect::<Vec<f64>>();
                let gas_now = gas_ratios.iter().map(|v| v[i]);
                row.insert("gas_max_ratio", max(gas_now.clone()).unwrap_or(0.0));
                row.insert("gas_mean_ratio", mean(gas_now).unwrap_or(0.0));
                let change = max(gas_ratios.iter().map(|v| v[i] - v[i.saturating_sub(TREND_MINUTES)]));
                row.insert("gas_max_ratio_change_10min", change.unwrap_or(0.0));
                let t = at(&temperatures);
                row.insert("temperature_max", max(t.iter().copied()).unwrap_or(0.0));
                row.insert("temperature_mean", mean(t.into_iter()).unwrap_or(0.0));
                row.insert("pressure_max", max(at(&pressures).into_iter()).unwrap_or(0.0));
                row.insert("level_mean", mean(at(&levels).into_iter()).unwrap_or(0.0));
                row.insert("flow_mean", mean(at(&flows).into_iter()).unwrap_or(0.0));
                row.insert("vibration_max", max(at(&vibrations).into_iter()).unwrap_or(0.0));
                row.insert("limit_proximity_max", max(limited.iter().map(|v| v[i])).unwrap_or(0.0));
                row.insert("active_alarms", limited.iter().filter(|v| v[i] >= 1.0).count() as f64);
                row.insert("people_in_zone", at(&people).iter().sum());
            }
            let meter = |property: &'static str| -> Vec<f64> {
                series.of(z, |m| m == "power_quality_meter", property).map(|s| s.1[n - 1]).collect()
            };
            let phases: Vec<f64> = ["voltage_a", "voltage_b", "voltage_c"].into_iter().flat_map(meter).collect();
            if let Some(v) = max(phases.iter().map(|v| (v / NOMINAL_VOLTAGE - 1.0).abs() * 100.0)) {
                snapshot.set("voltage_deviation_pct", Value::Number(v));
            }
            if let Some(f) = max(meter("frequency").into_iter().map(|f| (f - NOMINAL_FREQUENCY_HZ).abs())) {
                snapshot.set("frequency_deviation_hz", Value::Number(f));
            }
            let last = &rows[n - 1];
            if !gas_ratios.is_empty() {
                snapshot.set("gas_max_ratio", Value::Number(last["gas_max_ratio"]));
                snapshot.set("gas_max_ratio_change_10min", Value::Number(last["gas_max_ratio_change_10min"]));
            }
            if !temperatures.is_empty() {
                snapshot.set("temperature_max", Value::Number(last["temperature_max"]));
            }
            if !pressures.is_empty() {
                snapshot.set("pressure_max", Value::Number(last["pressure_max"]));
            }
            if !limited.is_empty() {
                snapshot.set("limit_proximity_max", Value::Number(last["limit_proximity_max"]));
            }
            if !people.is_empty() {
                snapshot.set("people_in_zone", Value::Number(last["people_in_zone"]));
            }
            let count = |severity: &str| {
                data.alarms.iter().filter(|(zone_id, s)| *zone_id == z && s == severity).count() as f64
            };
            let (critical, major, minor) = (count("critical"), count("alarm"), count("warning"));
            snapshot.set("alarms_critical", Value::Number(critical));
            snapshot.set("alarms_major", Value::Number(major));
            snapshot.set("alarms_minor", Value::Number(minor));
            snapshot.set("alarms_active", Value::Number(critical + major + minor));
            set_work_inputs(&mut snapshot, data.work.iter().filter(|w| w.zone_id == zone.zone_id), data.at);
            ZoneLive { zone_id: zone.zone_id, snapshot, rows }
        })
        .collect()
}

/// The zone's work-context inputs from its open permits and overdue maintenance at `at` (all zero when
/// none: a zone without permits has none open).
fn set_work_inputs<'a>(snapshot: &mut Snapshot, work: impl Iterator<Item = &'a OpenWork>, at: DateTime<Utc>) {
    let (mut open, mut hot, mut confined, mut expired, mut overdue, mut overdue_days) = (0, 0, 0, 0, 0, 0.0f64);
    for item in work {
        match item.kind.as_str() {
            "permit" if item.ends_at.is_some_and(|end| end <= at) => expired += 1,
            "permit" => {
                open += 1;
                match item.permit_type.as_deref() {
                    Some("hot_work") => hot += 1,
                    Some("confined_space") => confined += 1,
                    _ => {}
                }
            }
            "maintenance" => {
                overdue += 1;
                if let Some(due) = item.due_at {
                    overdue_days = overdue_days.max((at - due).num_seconds() as f64 / 86_400.0);
                }
            }
            _ => {}
        }
    }
    snapshot.set("permits_open", Value::Number(f64::from(open)));
    snapshot.set("hot_work_open", Value::Number(f64::from(hot)));
    snapshot.set("confined_space_open", Value::Number(f64::from(confined)));
    snapshot.set("permits_expired_unclosed", Value::Number(f64::from(expired)));
    snapshot.set("maintenance_overdue", Value::Number(f64::from(overdue)));
    snapshot.set("maintenance_overdue_days_max", Value::Number(overdue_days));
}

/// Samples for the learned-normal model: each variable `<device code>.<property>` at the cycle's minute.
/// None when a variable has no data.
pub fn normal_sample(data: &SiteData, variables: &[String]) -> Option<Vec<f64>> {
    let by_code: HashMap<&str, Uuid> = data.devices.iter().map(|(id, d)| (d.code.as_str(), *id)).collect();
    variables
        .iter()
        .map(|v| {
            let (code, property) = v.rsplit_once('.')?;
            let device = by_code.get(code)?;
            let values = data.minutes.get(&(*device, property.to_owned()))?;
            filled(values).map(|f| f[f.len() - 1])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn night_wraps_midnight() {
        let (s, e) = (20 * 60, 8 * 60);
        assert!(in_night(20 * 60, s, e) && in_night(23 * 60, s, e) && in_night(0, s, e) && in_night(7 * 60 + 59, s, e));
        assert!(!in_night(8 * 60, s, e) && !in_night(12 * 60, s, e) && !in_night(19 * 60 + 59, s, e));
        assert!(in_night(10 * 60, 9 * 60, 17 * 60) && !in_night(17 * 60, 9 * 60, 17 * 60));
    }

    #[test]
    fn fills_forward_and_back() {
        assert_eq!(filled(&[None, Some(2.0), None, Some(3.0)]), Some(vec![2.0, 2.0, 2.0, 3.0]));
        assert_eq!(filled(&[None, None]), None);
    }

    #[test]
    fn dew_point_spread_is_small_in_fog() {
        assert!(dew_point_spread(3.0, 97.0) < 0.6);
        assert!(dew_point_spread(25.0, 40.0) > 10.0);
    }
}

//! Reads everything one site's cycle needs, in the cycle's transaction (tenant set, all zones visible):
//! zones and their hazards, the devices and their recent readings bucketed by minute, AGV states, active
//! alarms, alarm limits, the tenant's settings, factors, rules and the site's active normal model.

use chrono::{DateTime, Utc};
use foresight_risk::factors::Factor;
use foresight_risk::normal::NormalModel;
use foresight_risk::rules::Rule;
use foresight_risk::{LecColourMapping, LsColourBands};
use foresight_store::risk_rules::{self, Kind};
use foresight_store::work_items::OpenWork;
use foresight_store::zone_risk::{self, RiskPath};
use sqlx::PgConnection;
use std::collections::HashMap;
use uuid::Uuid;

/// Minutes of readings before the cycle's time that are loaded (the predictor's 30-step window plus the
/// 10-minute trend terms).
pub const HISTORY_MINUTES: i64 = 41;
/// Minutes of AGV states loaded: the last 10 minutes against the hour before.
pub const AGV_MINUTES: i64 = 70;

/// Properties the engine reads, by thing model identifier prefix. Everything else is ignored.
pub const PROPERTIES: &[&str] = &[
    "lel",
    "nh3",
    "h2s",
    "co",
    "cl2",
    "temperature",
    "humidity",
    "wind_speed",
    "rainfall",
    "pressure",
    "level_percent",
    "flow",
    "velocity_rms",
    "people_inside",
    "voltage_a",
    "voltage_b",
    "voltage_c",
    "frequency",
];

#[derive(Debug, Clone)]
pub struct ZoneRow {
    pub zone_id: Uuid,
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HazardRow {
    pub hazard_id: Uuid,
    pub zone_id: Uuid,
    pub code: String,
    pub name: String,
    pub category: String,
    pub tags: Vec<String>,
    pub method: Option<String>,
    pub likelihood: Option<f64>,
    pub exposure: Option<f64>,
    pub consequence: Option<f64>,
    pub severity: Option<f64>,
    pub grade: String,
    /// The responsible person (a personal name in the sandbox's results, which are masked).
    pub responsible_user_id: Option<Uuid>,
}

#[derive(Debug, Clone)]
pub struct DeviceRow {
    pub zone_id: Option<Uuid>,
    pub code: String,
    /// Display name; for person-bound devices (wearables, tags) it carries a person's name.
    pub name: String,
    /// The thing model identifier (`gas_detector_nh3`, `weather_station`, `agv`, ...).
    pub model: String,
}

/// The tenant's grading policy and shift calendar.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub mapping: LecColourMapping,
    pub ls_bands: LsColourBands,
    /// Minutes after local midnight.
    pub night_start: i32,
    pub night_end: i32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            mapping: LecColourMapping::Default,
            ls_bands: LsColourBands::default(),
            night_start: 20 * 60,
            night_end: 8 * 60,
        }
    }
}

/// A rule as the cycle evaluates it, with its row id and version for paths and the outbox.
#[derive(Debug, Clone)]
pub struct StoredRule {
    pub id: Uuid,
    pub version: i32,
    pub rule: Rule,
}

#[derive(Debug, Clone)]
pub struct ActiveModel {
    pub version: i32,
    pub variables: Vec<String>,
    pub model: NormalModel,
}

/// Everything of one site at one time.
#[derive(Debug, Clone)]
pub struct SiteData {
    pub tenant_id: Uuid,
    pub site_id: Uuid,
    pub at: DateTime<Utc>,
    /// Local time minus UTC at `at`, seconds (from the site's time zone, by PostgreSQL's tz database).
    pub utc_offset_secs: i64,
    pub zones: Vec<ZoneRow>,
    pub hazards: Vec<HazardRow>,
    pub devices: HashMap<Uuid, DeviceRow>,
    /// Per (device, property): minute averages, index 0 = the oldest of [`HISTORY_MINUTES`] minutes ending
    /// with the minute of `at`.
    pub minutes: HashMap<(Uuid, String), Vec<Option<f64>>>,
    /// AGV state readings (device, ms, state code), time-ordered per device.
    pub agv_states: Vec<(Uuid, i64, f64)>,
    /// Active alarms: (zone, severity).
    pub alarms: Vec<(Option<Uuid>, String)>,
    /// Permits started and not closed, maintenance due and not done, at `at` (from permit and EAM systems).
    pub work: Vec<OpenWork>,
    /// First alarm level per (device, property): the lowest `ge`/`gt` threshold of its alarm rules.
    pub limits: HashMap<(Uuid, String), f64>,
    pub settings: Settings,
    pub factors: Vec<Factor>,
    pub rules: Vec<StoredRule>,
    pub model: Option<ActiveModel>,
    pub open_paths: Vec<RiskPath>,
    /// Definitions that no longer parse (edited in the database by hand); skipped and reported.
    pub skipped: Vec<String>,
}

/// Loads a site's data as of `at` (the live cycle): its definitions, then what was recorded up to `at`,
/// and the risk paths open now. Readings newer than `at` are ignored.
pub async fn load(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    site_id: Uuid,
    at: DateTime<Utc>,
) -> Result<SiteData, sqlx::Error> {
    let mut data = load_definitions(conn, tenant_id, site_id).await?;
    load_recorded(conn, &mut data, at).await?;
    data.open_paths = zone_risk::open_paths(conn, site_id).await?;
    Ok(data)
}

/// What does not depend on the moment: zones, hazards, devices, alarm limits, settings, factors, rules and
/// the active normal model. The sandbox loads these once per run and the recorded inputs per step.
pub async fn load_definitions(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    site_id: Uuid,
) -> Result<SiteData, sqlx::Error> {
    let zones: Vec<(Uuid, String, String)> =
        sqlx::query_as("SELECT zone_id, code, name FROM zone WHERE site_id = $1 ORDER BY code")
            .bind(site_id)
            .fetch_all(&mut *conn)
            .await?;
    let zones = zones.into_iter().map(|(zone_id, code, name)| ZoneRow { zone_id, code, name }).collect();

    let hazards: Vec<HazardRow> = sqlx::query_as(
        "SELECT h.hazard_id, h.zone_id, h.code, h.name, h.category, h.tags, h.method, h.likelihood, h.exposure, \
         h.consequence, h.severity, h.grade, h.responsible_user_id FROM hazard h \
         JOIN zone z ON z.tenant_id = h.tenant_id AND z.zone_id = h.zone_id WHERE z.site_id = $1 ORDER BY h.code",
    )
    .bind(site_id)
    .fetch_all(&mut *conn)
    .await?;

    let devices: Vec<(Uuid, Option<Uuid>, String, String, String)> = sqlx::query_as(
        "SELECT d.device_id, d.zone_id, d.code, d.name, m.identifier FROM device d \
         JOIN thing_model m ON m.tenant_id = d.tenant_id AND m.thing_model_id = d.thing_model_id \
         WHERE d.site_id = $1 AND d.status = 'active'",
    )
    .bind(site_id)
    .fetch_all(&mut *conn)
    .await?;
    let devices: HashMap<Uuid, DeviceRow> = devices
        .into_iter()
        .map(|(id, zone_id, code, name, model)| (id, DeviceRow { zone_id, code, name, model }))
        .collect();
    let limits: Vec<(Uuid, String, f64)> = sqlx::query_as(
        "SELECT r.device_id, r.definition -> 'condition' ->> 'property', \
                min(CASE WHEN jsonb_typeof(r.definition -> 'condition' -> 'value') = 'number' \
                         THEN (r.definition -> 'condition' ->> 'value')::float8 END) \
         FROM alarm_rule r JOIN device d ON d.tenant_id = r.tenant_id AND d.device_id = r.device_id \
         WHERE d.site_id = $1 AND r.enabled AND r.definition -> 'condition' ->> 'kind' = 'threshold' \
           AND r.definition -> 'condition' ->> 'op' IN ('ge', 'gt') GROUP BY 1, 2 \
         HAVING count(*) FILTER (WHERE jsonb_typeof(r.definition -> 'condition' -> 'value') = 'number') > 0",
    )
    .bind(site_id)
    .fetch_all(&mut *conn)
    .await?;
    let limits = limits.into_iter().filter(|l| l.2 > 0.0).map(|(d, p, v)| ((d, p), v)).collect();

    let settings = load_settings(conn).await?;
    let mut skipped = Vec::new();
    let factors = risk_rules::enabled(conn, Kind::Factor)
        .await?
        .into_iter()
        .filter_map(|d| match serde_json::from_value::<Factor>(d.definition) {
            Ok(f) if f.validate().is_ok() => Some(f),
            _ => {
                skipped.push(format!("factor {}", d.code));
                None
            }
        })
        .collect();
    let rules = risk_rules::enabled(conn, Kind::Rule)
        .await?
        .into_iter()
        .filter_map(|d| match serde_json::from_value::<Rule>(d.definition) {
            Ok(rule) if rule.validate().is_ok() => Some(StoredRule { id: d.id, version: d.version, rule }),
            _ => {
                skipped.push(format!("rule {}", d.code));
                None
            }
        })
        .collect();
    let model = match foresight_store::normal_models::active(conn, site_id).await? {
        Some((_, version, variables, json)) => match serde_json::from_value::<NormalModel>(json) {
            Ok(model) => Some(ActiveModel { version, variables, model }),
            Err(_) => {
                skipped.push(format!("normal model version {version}"));
                None
            }
        },
        None => None,
    };
    Ok(SiteData {
        tenant_id,
        site_id,
        at: DateTime::<Utc>::UNIX_EPOCH,
        utc_offset_secs: 0,
        zones,
        hazards,
        devices,
        minutes: HashMap::new(),
        agv_states: Vec::new(),
        alarms: Vec::new(),
        work: Vec::new(),
        limits,
        settings,
        factors,
        rules,
        model,
        open_paths: Vec::new(),
        skipped,
    })
}

/// Replaces the recorded inputs of `data` with those as of `at`: the site's UTC offset then, minute
/// averages of the [`HISTORY_MINUTES`] before, AGV states, the alarms active and the permits and
/// maintenance open at `at`. The live cycle and
/// the sandbox's replay of history both come through here, so a replayed moment sees what the cycle saw.
pub async fn load_recorded(conn: &mut PgConnection, data: &mut SiteData, at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let site_id = data.site_id;
    let offset: f64 = sqlx::query_scalar(
        "SELECT extract(epoch FROM ($2::timestamptz AT TIME ZONE s.timezone) - ($2::timestamptz AT TIME ZONE 'UTC'))::float8 \
         FROM site s WHERE s.site_id = $1",
    )
    .bind(site_id)
    .bind(at)
    .fetch_optional(&mut *conn)
    .await?
    .unwrap_or(0.0);

    // What the inputs read, and whatever the active learned-normal model watches (any recorded property).
    let mut properties: Vec<&str> = PROPERTIES.to_vec();
    if let Some(model) = &data.model {
        for variable in &model.variables {
            if let Some((_, property)) = variable.rsplit_once('.') {
                if !properties.contains(&property) {
                    properties.push(property);
                }
            }
        }
    }
    let from = at - chrono::Duration::minutes(HISTORY_MINUTES);
    let end_minute = at.timestamp().div_euclid(60);
    let buckets: Vec<(Uuid, String, i64, f64)> = sqlx::query_as(
        "SELECT s.device_id, s.property, floor(extract(epoch FROM r.ts) / 60)::int8 AS minute, avg(r.value)::float8 \
         FROM reading r JOIN series s ON s.tenant_id = r.tenant_id AND s.series_id = r.series_id \
         JOIN device d ON d.tenant_id = s.tenant_id AND d.device_id = s.device_id \
         WHERE d.site_id = $1 AND s.property = ANY($2) AND r.ts > $3 AND r.ts <= $4 AND r.value IS NOT NULL \
         GROUP BY 1, 2, 3",
    )
    .bind(site_id)
    .bind(&properties)
    .bind(from)
    .bind(at)
    .fetch_all(&mut *conn)
    .await?;
    let n = HISTORY_MINUTES as usize;
    let mut minutes: HashMap<(Uuid, String), Vec<Option<f64>>> = HashMap::new();
    for (device, property, minute, value) in buckets {
        let back = end_minute - minute;
        if (0..HISTORY_MINUTES).contains(&back) {
            minutes.entry((device, property)).or_insert_with(|| vec![None; n])[n - 1 - back as usize] = Some(value);
        }
    }

    let agv_states: Vec<(Uuid, i64, f64)> = sqlx::query_as(
        "SELECT s.device_id, (extract(epoch FROM r.ts) * 1000)::int8, r.value FROM reading r \
         JOIN series s ON s.tenant_id = r.tenant_id AND s.series_id = r.series_id \
         JOIN device d ON d.tenant_id = s.tenant_id AND d.device_id = s.device_id \
         JOIN thing_model m ON m.tenant_id = d.tenant_id AND m.thing_model_id = d.thing_model_id \
         WHERE d.site_id = $1 AND m.identifier = 'agv' AND s.property = 'state' AND r.ts > $2 AND r.ts <= $3 \
           AND r.value IS NOT NULL ORDER BY s.device_id, r.ts",
    )
    .bind(site_id)
    .bind(at - chrono::Duration::minutes(AGV_MINUTES))
    .bind(at)
    .fetch_all(&mut *conn)
    .await?;

    let alarms: Vec<(Option<Uuid>, String)> = sqlx::query_as(
        "SELECT coalesce(a.zone_id, d.zone_id), a.severity FROM alarm a \
         JOIN device d ON d.tenant_id = a.tenant_id AND d.device_id = a.device_id \
         WHERE d.site_id = $1 AND a.raised_at <= $2 AND (a.cleared_at IS NULL OR a.cleared_at > $2) \
           AND (a.status = 'active' OR a.cleared_at IS NOT NULL)",
    )
    .bind(site_id)
    .bind(at)
    .fetch_all(&mut *conn)
    .await?;

    data.at = at;
    data.utc_offset_secs = offset.round() as i64;
    data.minutes = minutes;
    data.agv_states = agv_states;
    data.alarms = alarms;
    data.work = foresight_store::work_items::open_at(conn, site_id, at).await?;
    Ok(())
}

/// The tenant's settings, or the defaults when it has no row.
pub async fn load_settings(conn: &mut PgConnection) -> Result<Settings, sqlx::Error> {
    let row: Option<(String, i32, i32, i32, i32, i32)> = sqlx::query_as(
        "SELECT lec_mapping, ls_red_min, ls_orange_min, ls_yellow_min, \
         (extract(hour FROM night_shift_start) * 60 + extract(minute FROM night_shift_start))::int4, \
         (extract(hour FROM night_shift_end) * 60 + extract(minute FROM night_shift_end))::int4 FROM risk_settings",
    )
    .fetch_optional(conn)
    .await?;
    let Some((mapping, red, orange, yellow, night_start, night_end)) = row else { return Ok(Settings::default()) };
    let bands = LsColourBands { red_min: red as u8, orange_min: orange as u8, yellow_min: yellow as u8 };
    Ok(Settings {
        mapping: if mapping == "high_bands_red" { LecColourMapping::HighBandsRed } else { LecColourMapping::Default },
        ls_bands: if bands.validate().is_ok() { bands } else { LsColourBands::default() },
        night_start,
        night_end,
    })
}

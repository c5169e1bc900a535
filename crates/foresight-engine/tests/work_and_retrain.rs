//! Work context (permits, maintenance) as zone inputs at their times, and scheduled retraining of the
//! learned-normal model with its drift guard, on the demo plant's database.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{plant, Plant};
use foresight_engine::gather;
use foresight_engine::inputs::zone_inputs;
use foresight_engine::retrain::retrain_due;
use foresight_engine::NoPredictor;
use foresight_store::normal_model_schedules::{self as schedules, ScheduleSettings};
use foresight_store::work_items::{upsert, WorkItemUpsert};
use foresight_store::{begin_tenant, Scope};
use std::collections::HashMap;
use uuid::Uuid;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap()
}

fn permit(
    zone: Uuid,
    id: &str,
    kind: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    closed: Option<DateTime<Utc>>,
) -> WorkItemUpsert {
    WorkItemUpsert {
        zone_id: zone,
        kind: "permit".into(),
        source: "PTW".into(),
        external_id: id.into(),
        permit_type: Some(kind.into()),
        title: String::new(),
        starts_at: Some(from),
        ends_at: Some(to),
        due_at: None,
        closed_at: closed,
    }
}

/// Each zone's snapshot (by zone code) as the cycle would see it at `at`.
async fn snapshots(plant: &Plant, at: DateTime<Utc>) -> HashMap<String, HashMap<String, f64>> {
    let mut tx = begin_tenant(&plant.db.app, plant.tenant_id, &Scope::AllZones).await.unwrap();
    let data = gather::load(&mut tx, plant.tenant_id, plant.site_id, at).await.unwrap();
    tx.commit().await.unwrap();
    let code: HashMap<Uuid, &str> = plant.zones.iter().map(|(c, id)| (*id, c.as_str())).collect();
    zone_inputs(&data)
        .into_iter()
        .map(|z| {
            let values = serde_json::to_value(&z.snapshot).unwrap();
            let numbers = values
                .as_object()
                .unwrap()
                .iter()
                // Numbers only (flags are booleans).
                .filter_map(|(k, v)| v.as_f64().map(|n| (k.clone(), n)))
                .collect();
            (code[&z.zone_id].to_string(), numbers)
        })
        .collect()
}

#[tokio::test]
async fn open_permits_and_overdue_maintenance_are_zone_inputs_at_their_times() {
    let plant = plant().await;
    let t = t0();
    let m = Duration::minutes;
    let mut tx = begin_tenant(&plant.db.app, plant.tenant_id, &Scope::AllZones).await.unwrap();
    let z = |code: &str| plant.zones[code];
    for item in [
        permit(z("R-100"), "DH-1", "hot_work", t + m(10), t + m(20), None),
        permit(z("T-200"), "SX-1", "confined_space", t, t + m(60), Some(t + m(15))),
        permit(z("E-400"), "GC-1", "work_at_height", t - m(120), t - m(60), None),
        WorkItemUpsert {
            zone_id: z("F-300"),
            kind: "maintenance".into(),
            source: "EAM".into(),
            external_id: "WO-1".into(),
            permit_type: None,
            title: "conveyor guard".into(),
            starts_at: None,
            ends_at: None,
            due_at: Some(t - Duration::days(10)),
            closed_at: None,
        },
    ] {
        upsert(&mut tx, plant.tenant_id, &item).await.unwrap();
    }
    tx.commit().await.unwrap();

    let at5 = snapshots(&plant, t + m(5)).await;
    assert_eq!(at5["R-100"]["hot_work_open"], 0.0, "not started yet");
    assert_eq!(at5["T-200"]["permits_open"], 1.0);
    assert_eq!(at5["T-200"]["confined_space_open"], 1.0);
    assert_eq!(at5["E-400"]["permits_open"], 0.0);
    assert_eq!(at5["E-400"]["permits_expired_unclosed"], 1.0, "past its validity and never closed");
    assert_eq!(at5["F-300"]["maintenance_overdue"], 1.0);
    let days = at5["F-300"]["maintenance_overdue_days_max"];
    assert!((days - (10.0 + 5.0 / 1440.0)).abs() < 1e-6, "{days}");
    assert_eq!(at5["W-500"]["permits_open"], 0.0, "a zone without items has none");

    let at12 = snapshots(&plant, t + m(12)).await;
    assert_eq!((at12["R-100"]["hot_work_open"], at12["R-100"]["permits_open"]), (1.0, 1.0));
    let at16 = snapshots(&plant, t + m(16)).await;
    assert_eq!(at16["T-200"]["permits_open"], 0.0, "closed at +15 min");
    assert_eq!(at16["T-200"]["permits_expired_unclosed"], 0.0, "closed, so not expired-unclosed");
    let at21 = snapshots(&plant, t + m(21)).await;
    assert_eq!(at21["R-100"]["hot_work_open"], 0.0);
    assert_eq!(at21["R-100"]["permits_expired_unclosed"], 1.0);
    // Replaying a time before the maintenance was due: not overdue then.
    let before_due = snapshots(&plant, t - Duration::days(11)).await;
    assert_eq!(before_due["F-300"]["maintenance_overdue"], 0.0);

    // The demo's factor on overdue maintenance raises the filling line's mechanical hazards in a real cycle.
    let (_, outcome) =
        foresight_engine::run_site(&plant.db.app, plant.tenant_id, plant.site_id, t + m(5), &NoPredictor, None)
            .await
            .unwrap()
            .unwrap();
    let f300 = outcome.rows.iter().find(|r| r.zone_id == z("F-300")).unwrap();
    let factors: Vec<&str> =
        f300.inputs["factors"].as_array().unwrap().iter().filter_map(|f| f["id"].as_str()).collect();
    assert!(factors.contains(&"maintenance_overdue_7d"), "{factors:?}");
    let r100 = outcome.rows.iter().find(|r| r.zone_id == z("R-100")).unwrap();
    assert!(!r100.inputs["factors"].as_array().unwrap().iter().any(|f| f["id"] == "maintenance_overdue_7d"));
}

/// Deterministic normal noise (xorshift and Box–Muller), so the test data is the same on every run.
struct Noise(u64);

impl Noise {
    fn uniform(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// Writes one reading a minute for two series over [from, from + days): `b` follows `a` (b = 0.8 a + noise),
/// plus `b_offset` (a broken correlation: inside both variables' usual ranges, far off their relation).
async fn write_minutes(plant: &Plant, series: (i64, i64), from: DateTime<Utc>, days: i64, b_offset: f64, seed: u64) {
    let mut noise = Noise(seed);
    let minutes = days * 1440;
    let (mut ids, mut ts, mut values) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..minutes {
        let at = from + Duration::minutes(i);
        let a = 50.0 + 2.0 * noise.normal();
        let b = 0.8 * a + 0.5 * noise.normal() + b_offset;
        ids.extend([series.0, series.1]);
        ts.extend([at, at]);
        values.extend([a, b]);
    }
    sqlx::query(
        "INSERT INTO reading (tenant_id, series_id, ts, source_ts, value) \
         SELECT $1, s, t, t, v FROM unnest($2::int8[], $3::timestamptz[], $4::float8[]) AS u(s, t, v)",
    )
    .bind(plant.tenant_id)
    .bind(&ids)
    .bind(&ts)
    .bind(&values)
    .execute(&plant.db.owner)
    .await
    .unwrap();
}

/// The learned-normal version and score the risk cycle at `at` records for the reactor unit.
async fn deviation_in_r100(plant: &Plant, at: DateTime<Utc>) -> (Option<i64>, f64) {
    let (_, outcome) =
        foresight_engine::run_site(&plant.db.app, plant.tenant_id, plant.site_id, at, &NoPredictor, None)
            .await
            .unwrap()
            .unwrap();
    let row = outcome.rows.iter().find(|r| r.zone_id == plant.zones["R-100"]).unwrap();
    let model = &row.inputs["deviation_model"];
    (model["version"].as_i64(), model["score"].as_f64().unwrap_or(f64::NAN))
}

async fn versions(plant: &Plant) -> Vec<(i32, bool)> {
    sqlx::query_as("SELECT version, active FROM normal_model ORDER BY version")
        .fetch_all(&plant.db.owner)
        .await
        .unwrap()
}

#[tokio::test]
async fn scheduled_retraining_keeps_every_version_and_holds_a_drift_for_review() {
    let plant = plant().await;
    // Two devices of the reactor unit, with a property the risk inputs themselves do not read.
    let devices: Vec<(Uuid, String)> =
        sqlx::query_as("SELECT device_id, code FROM device WHERE zone_id = $1 ORDER BY code LIMIT 2")
            .bind(plant.zones["R-100"])
            .fetch_all(&plant.db.owner)
            .await
            .unwrap();
    assert_eq!(devices.len(), 2);
    let mut series = Vec::new();
    for (device, _) in &devices {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO series (tenant_id, device_id, property) VALUES ($1, $2, 'process_value') RETURNING series_id",
        )
        .bind(plant.tenant_id)
        .bind(device)
        .fetch_one(&plant.db.owner)
        .await
        .unwrap();
        series.push(id);
    }
    let series = (series[0], series[1]);
    let variables: Vec<String> = devices.iter().map(|(_, code)| format!("{code}.process_value")).collect();
    let day = Duration::days(1);
    let start = t0();
    // Days 0 and 1 normal, day 2 with the relation between the two variables broken.
    write_minutes(&plant, series, start, 2, 0.0, 7).await;
    write_minutes(&plant, series, start + day * 2, 1, 3.0, 11).await;

    let mut tx = begin_tenant(&plant.db.app, plant.tenant_id, &Scope::AllZones).await.unwrap();
    let settings = ScheduleSettings {
        variables: variables.clone(),
        window_days: 2,
        every_days: 1,
        auto_activate: true,
        enabled: true,
        next_run_at: start + day * 2,
        updated_by: None,
    };
    schedules::put(&mut tx, plant.tenant_id, plant.site_id, &settings).await.unwrap();
    tx.commit().await.unwrap();

    // Not due yet: nothing happens.
    assert!(retrain_due(&plant.db.app, start + day * 2 - Duration::minutes(1)).await.unwrap().is_empty());
    assert!(versions(&plant).await.is_empty());

    // Due: trained on the two normal days and, with no model active yet, made active.
    let reports = retrain_due(&plant.db.app, start + day * 2).await.unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!((reports[0].outcome, reports[0].version), ("activated", Some(1)), "{:?}", reports[0].problem);
    assert_eq!(versions(&plant).await, vec![(1, true)]);
    // The live cycle scores with the active version: quiet on a normal day, far off on the drift day.
    let (version, normal) = deviation_in_r100(&plant, start + day + Duration::hours(12)).await;
    assert_eq!(version, Some(1));
    assert!(normal < 1.0, "a normal minute scored {normal}");
    let (_, drifted) = deviation_in_r100(&plant, start + day * 2 + Duration::hours(12)).await;
    assert!(drifted > 1.0, "the broken relation scored only {drifted}");
    // Run once: asking again at the same time finds nothing due (the next run is a day later).
    assert!(retrain_due(&plant.db.app, start + day * 2).await.unwrap().is_empty());

    // A day later the window's newest day is the drift: the new version is kept but not made active.
    let reports = retrain_due(&plant.db.app, start + day * 3).await.unwrap();
    assert_eq!((reports[0].outcome, reports[0].version), ("held_for_review", Some(2)));
    let problem = reports[0].problem.as_ref().unwrap();
    assert_eq!(problem["code"], "recent_data_abnormal", "{problem}");
    assert!(problem["detail"]["rate"].as_f64().unwrap() > 0.5, "{problem}");
    assert_eq!(versions(&plant).await, vec![(1, true), (2, false)], "version 1 stays active");

    // A window without data: refused with the reason, no version, and the schedule moves on.
    let reports = retrain_due(&plant.db.app, start + day * 10).await.unwrap();
    assert_eq!(reports[0].outcome, "refused");
    assert_eq!(reports[0].problem.as_ref().unwrap()["code"], "not_enough_data");
    assert_eq!(versions(&plant).await.len(), 2);
    let mut tx = begin_tenant(&plant.db.app, plant.tenant_id, &Scope::AllZones).await.unwrap();
    let schedule = schedules::get(&mut tx, plant.site_id).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    assert_eq!(schedule.next_run_at, start + day * 11, "missed runs collapse into one");
    assert_eq!(schedule.last_outcome.as_deref(), Some("refused"));

    // Every run is in the tenant's audit trail as the system.
    let runs: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_event WHERE action = 'normal_model_schedule.run' AND actor_kind = 'system'",
    )
    .fetch_one(&plant.db.owner)
    .await
    .unwrap();
    assert_eq!(runs, 3);

    // Without auto-activation a good version also waits for a person.
    write_minutes(&plant, series, start + day * 11, 2, 0.0, 13).await;
    let mut tx = begin_tenant(&plant.db.app, plant.tenant_id, &Scope::AllZones).await.unwrap();
    let manual = ScheduleSettings { auto_activate: false, next_run_at: start + day * 13, ..settings };
    schedules::put(&mut tx, plant.tenant_id, plant.site_id, &manual).await.unwrap();
    tx.commit().await.unwrap();
    let reports = retrain_due(&plant.db.app, start + day * 13).await.unwrap();
    assert_eq!((reports[0].outcome, reports[0].version), ("trained", Some(3)));
    assert_eq!(versions(&plant).await, vec![(1, true), (2, false), (3, false)]);
}

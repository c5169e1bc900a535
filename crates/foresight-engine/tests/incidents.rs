//! The demo plant's scripted incidents on recorded data: the simulator's readings go through the real
//! ingest path (IngestService, alarm rules at the plant's limits) into a fresh database, then risk cycles
//! run at simulated times. The incident zones must turn before any fixed alarm limit trips; a calm zone
//! stays calm; the zone without assessed hazards shows unassessed; contributions explain every value.
//!
//! Needs PostgreSQL: `source scripts/test-postgres.sh` (TEST_DATABASE_URL).

use chrono::{DateTime, TimeZone, Utc};
use foresight_engine::{run_site, Likelihood, NoPredictor};
use foresight_ingest::service::IngestService;
use foresight_ingest::GatewayContext;
use foresight_sim::scenario::AMMONIA_FIRST_ALARM_PPM;
use foresight_sim::{IncidentKind, PlantSpec, ScenarioPlan, Simulator};
use foresight_store::zone_risk::ZoneRisk;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool};
use std::collections::HashMap;
use std::str::FromStr;
use uuid::Uuid;

const MINUTE: i64 = 60_000;

fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

struct Db {
    name: String,
    owner: PgPool,
    app: PgPool,
    ingest: PgPool,
}

impl Db {
    async fn create() -> Db {
        let name = format!("fs_engine_{}", Uuid::new_v4().simple());
        let admin = PgConnectOptions::from_str(&admin_url()).unwrap();
        let mut conn = admin.connect().await.expect("connect to the test PostgreSQL server");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
        let owner_options = admin.clone().database(&name);
        let owner = PgPoolOptions::new().max_connections(4).connect_with(owner_options.clone()).await.unwrap();
        foresight_store::MIGRATOR.run(&owner).await.expect("migrations");
        let app = PgPoolOptions::new()
            .max_connections(4)
            .connect_with(owner_options.clone().username(foresight_store::pool::APP_ROLE))
            .await
            .unwrap();
        let ingest = PgPoolOptions::new()
            .max_connections(4)
            .connect_with(owner_options.username(foresight_store::pool::INGEST_ROLE))
            .await
            .unwrap();
        Db { name, owner, app, ingest }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        let name = self.name.clone();
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                if let Ok(mut conn) = PgConnectOptions::from_str(&admin_url()).unwrap().connect().await {
                    let _ =
                        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn).await;
                }
            });
        })
        .join();
    }
}

/// The demo plant registered as in `foresight serve --demo`: tenant, site, zones, thing models, gateways,
/// devices, alarm rules at the plant's high limits, and the risk seed (hazards, factors, rules).
struct Plant {
    db: Db,
    tenant_id: Uuid,
    site_id: Uuid,
    zones: HashMap<String, Uuid>,
    gateways: HashMap<String, Uuid>,
}

async fn plant() -> Plant {
    let db = Db::create().await;
    let tenant_id = Uuid::now_v7();
    let site_id = Uuid::now_v7();
    let o = &db.owner;
    sqlx::query("INSERT INTO tenant (tenant_id, slug, name) VALUES ($1, 'demo', 'Demo')")
        .bind(tenant_id)
        .execute(o)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO site (tenant_id, site_id, code, name, timezone) VALUES ($1, $2, 'BH1', 'Plant', 'Asia/Shanghai')",
    )
    .bind(tenant_id)
    .bind(site_id)
    .execute(o)
    .await
    .unwrap();
    let spec = PlantSpec::demo();
    let mut zones = HashMap::new();
    for z in &spec.zones {
        let id = Uuid::now_v7();
        sqlx::query("INSERT INTO zone (tenant_id, zone_id, site_id, code, name, kind, polygon) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(tenant_id)
            .bind(id)
            .bind(site_id)
            .bind(&z.code)
            .bind(&z.name)
            .bind(&z.kind)
            .bind(serde_json::to_value(&z.polygon).unwrap())
            .execute(o)
            .await
            .unwrap();
        zones.insert(z.code.clone(), id);
    }
    let mut models = HashMap::new();
    for identifier in spec.model_identifiers() {
        let model = foresight_telemetry::presets::preset(identifier).unwrap();
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO thing_model (tenant_id, thing_model_id, identifier, revision, name, category, definition, source) \
             VALUES ($1, $2, $3, 1, $4, $5, $6, 'preset')",
        )
        .bind(tenant_id)
        .bind(id)
        .bind(&model.identifier)
        .bind(&model.name)
        .bind(model.category.as_str())
        .bind(serde_json::to_value(&model).unwrap())
        .execute(o)
        .await
        .unwrap();
        models.insert(identifier.to_string(), id);
    }
    let mut gateways = HashMap::new();
    for g in &spec.gateways {
        let id = Uuid::now_v7();
        sqlx::query("INSERT INTO gateway (tenant_id, gateway_id, site_id, code, name, secret_hash) VALUES ($1, $2, $3, $4, $5, '\\x00')")
            .bind(tenant_id)
            .bind(id)
            .bind(site_id)
            .bind(&g.code)
            .bind(&g.name)
            .execute(o)
            .await
            .unwrap();
        gateways.insert(g.code.clone(), id);
    }
    for d in &spec.devices {
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO device (tenant_id, device_id, site_id, zone_id, gateway_id, thing_model_id, code, name, position_x, position_y) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(tenant_id)
        .bind(id)
        .bind(site_id)
        .bind(d.zone.as_ref().and_then(|z| zones.get(z)))
        .bind(gateways.get(&d.gateway))
        .bind(models[&d.model])
        .bind(&d.code)
        .bind(&d.name)
        .bind(d.position.map(|p| p[0]))
        .bind(d.position.map(|p| p[1]))
        .execute(o)
        .await
        .unwrap();
        for limit in &d.limits {
            for (value, severity) in [(limit.high, "warning"), (limit.high_high, "alarm")] {
                let Some(value) = value else { continue };
                let definition = serde_json::json!({
                    "name": format!("{} {}", d.code, limit.property), "severity": severity,
                    "condition": {"kind": "threshold", "property": limit.property, "op": "ge", "value": value},
                    "for_at_least_secs": 5,
                });
                sqlx::query("INSERT INTO alarm_rule (tenant_id, alarm_rule_id, name, device_id, definition) VALUES ($1, $2, $3, $4, $5)")
                    .bind(tenant_id)
                    .bind(Uuid::now_v7())
                    .bind(format!("{} {}", d.code, limit.property))
                    .bind(id)
                    .bind(&definition)
                    .execute(o)
                    .await
                    .unwrap();
            }
        }
    }
    // The risk seed goes through the application role under row-level security, as the demo does.
    let mut tx = foresight_store::begin_tenant(&db.app, tenant_id, &foresight_store::Scope::AllZones).await.unwrap();
    let by_code: HashMap<&str, Uuid> = zones.iter().map(|(c, id)| (c.as_str(), *id)).collect();
    foresight_engine::demo::seed(&mut tx, tenant_id, &by_code).await.unwrap();
    tx.commit().await.unwrap();
    Plant { db, tenant_id, site_id, zones, gateways }
}

/// Drives the simulator from its start to `until_ms`, ingesting what is sampled after `record_from_ms`.
async fn record(plant: &Plant, sim: &mut Simulator, service: &IngestService, record_from_ms: i64, until_ms: i64) {
    let mut t = sim.now_ms();
    while t < until_ms {
        t = (t + 10_000).min(until_ms);
        for batch in sim.step(t) {
            if t < record_from_ms {
                continue;
            }
            let gateway = GatewayContext {
                tenant_id: plant.tenant_id,
                tenant_slug: "demo".into(),
                gateway_id: plant.gateways[&batch.gateway],
                gateway_code: batch.gateway.clone(),
                site_id: plant.site_id,
                clock_offset_ms: 0,
            };
            service.ingest(&gateway, &batch.to_json(), t).await.expect("ingest");
        }
    }
}

fn at(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).unwrap()
}

async fn cycle(plant: &Plant, ms: i64, predictor: &dyn Likelihood) -> HashMap<String, ZoneRisk> {
    let (_, outcome) = run_site(&plant.db.app, plant.tenant_id, plant.site_id, at(ms), predictor, None)
        .await
        .expect("cycle")
        .expect("not locked");
    let code_of: HashMap<Uuid, &String> = plant.zones.iter().map(|(c, id)| (*id, c)).collect();
    outcome.rows.into_iter().map(|r| (code_of[&r.zone_id].clone(), r)).collect()
}

/// Alarms raised in a zone at or before `ms` (the ingest evaluates the alarm rules as readings arrive).
async fn alarms_in(plant: &Plant, zone: &str, ms: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM alarm a JOIN device d ON d.tenant_id = a.tenant_id AND d.device_id = a.device_id \
         WHERE d.zone_id = $1 AND a.raised_at <= $2",
    )
    .bind(plant.zones[zone])
    .bind(at(ms))
    .fetch_one(&plant.db.owner)
    .await
    .unwrap()
}

fn rank(grade: &str) -> i32 {
    match grade {
        "blue" => 1,
        "yellow" => 2,
        "orange" => 3,
        "red" => 4,
        _ => 0,
    }
}

fn check_explained(rows: &HashMap<String, ZoneRisk>) {
    for (code, r) in rows {
        let sum: f64 = r.contributions.as_array().unwrap().iter().map(|c| c["value"].as_f64().unwrap()).sum();
        assert!((sum - (r.value - r.baseline_value)).abs() < 0.02, "{code}: {sum} vs {}", r.value - r.baseline_value);
    }
    assert_eq!(rows["U-600"].grade, "unassessed", "a zone without assessed hazards is never a colour");
}

fn number(r: &ZoneRisk, name: &str) -> f64 {
    r.inputs["snapshot"][name].as_f64().unwrap_or(f64::NAN)
}

#[tokio::test]
async fn ammonia_rise_with_agv_surge_turns_the_filling_line_before_any_alarm() {
    let plant = plant().await;
    // 2026-11-20 09:00 in Shanghai; the leak starts 75 minutes later (the AGV baseline needs an hour).
    let start = Utc.with_ymd_and_hms(2026, 11, 20, 1, 0, 0).unwrap().timestamp_millis();
    let onset = start + 75 * MINUTE;
    let mut sim = Simulator::new(PlantSpec::demo(), 7, start).with_tenant("demo");
    sim.set_scenarios(ScenarioPlan::none().with(IncidentKind::AmmoniaRise, onset));
    let service = IngestService::new(plant.db.ingest.clone());
    let predictor = NoPredictor;

    record(&plant, &mut sim, &service, start, onset - MINUTE).await;
    let before = cycle(&plant, onset - MINUTE, &predictor).await;
    check_explained(&before);
    let calm = before["E-400"].grade.clone();
    assert_eq!(before["F-300"].grade, "yellow", "the filling line's static colour: {:?}", before["F-300"]);
    assert!(rank(&calm) <= 2, "{calm}");

    let mut turned = None;
    for minute in 0..=22 {
        let t = onset + minute * MINUTE;
        record(&plant, &mut sim, &service, start, t).await;
        let rows = cycle(&plant, t, &predictor).await;
        check_explained(&rows);
        let f = &rows["F-300"];
        eprintln!(
            "t+{minute:>2} F-300 {:>6} {:5.1}  nh3_max {:5.2} nh3Δ10 {:5.2} agv ratio {:4.2} rules {} paths {}",
            f.grade,
            f.value,
            number(f, "nh3_max"),
            number(f, "nh3_delta_10min"),
            number(f, "agv_dispatch_ratio"),
            f.inputs["rules"],
            f.inputs["paths"]
        );
        assert!(rank(&rows["E-400"].grade) <= rank(&calm), "the substation must stay calm: {:?}", rows["E-400"]);
        if turned.is_none() && rank(&f.grade) >= 3 {
            // Turned: no fixed alarm in the zone yet, and every NH3 value under the first alarm level.
            assert_eq!(alarms_in(&plant, "F-300", t).await, 0, "an alarm tripped before the zone turned");
            assert!(number(f, "nh3_max") < AMMONIA_FIRST_ALARM_PPM);
            let top = &f.contributions[0];
            assert!(top["value"].as_f64().unwrap() > 0.0);
            turned = Some((minute, f.clone()));
        }
    }
    let (minute, row) = turned.expect("the filling line never turned orange during the leak");
    assert!(minute <= 10, "turned only after {minute} minutes");
    eprintln!("turned at +{minute} min: {}", row.contributions);
    // The whole leak stayed below the first alarm, as the scenario promises: no alarm at all in the zone.
    assert_eq!(alarms_in(&plant, "F-300", onset + 22 * MINUTE).await, 0);
    // The seed rule opened the human–machine conflict path and queued the dispatch instruction.
    let paths: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM risk_path_event WHERE path = 'human_machine_conflict' AND zone_id = $1",
    )
    .bind(plant.zones["F-300"])
    .fetch_one(&plant.db.owner)
    .await
    .unwrap();
    let instructions: i64 =
        sqlx::query_scalar("SELECT count(*) FROM risk_instruction_outbox WHERE channel ->> 'kind' = 'webhook'")
            .fetch_one(&plant.db.owner)
            .await
            .unwrap();
    assert!(paths >= 1 && instructions >= 1, "paths {paths}, instructions {instructions}");
}

#[tokio::test]
async fn cold_humid_night_turns_zones_at_the_shift_change_without_any_alarm() {
    let plant = plant().await;
    // 2026-11-20 18:20 in Shanghai: the cold front has been arriving since 17:00 (readings from 18:40, so the AGV baseline hour
    // is complete); the night shift starts
    // at 20:00 in fog and drizzle.
    let start = Utc.with_ymd_and_hms(2026, 11, 20, 10, 20, 0).unwrap().timestamp_millis();
    let night = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap().timestamp_millis();
    let mut sim = Simulator::new(PlantSpec::demo(), 11, start).with_tenant("demo");
    sim.set_scenarios(ScenarioPlan::none().with(IncidentKind::ColdHumidNight, start));
    let service = IngestService::new(plant.db.ingest.clone());
    let predictor = NoPredictor;

    record(&plant, &mut sim, &service, night - 80 * MINUTE, night - 5 * MINUTE).await;
    let evening = cycle(&plant, night - 5 * MINUTE, &predictor).await;
    check_explained(&evening);
    let f = &evening["F-300"];
    eprintln!(
        "19:55 F-300 {} {:.1} temp {:.1} rh {:.0} night {}",
        f.grade,
        f.value,
        number(f, "temp_c"),
        number(f, "humidity_pct"),
        f.inputs["snapshot"]["night_shift"]
    );
    assert_ne!(evening["F-300"].grade, "red", "not red before the night shift");

    record(&plant, &mut sim, &service, night - 80 * MINUTE, night + 5 * MINUTE).await;
    let rows = cycle(&plant, night + 5 * MINUTE, &predictor).await;
    check_explained(&rows);
    let f = &rows["F-300"];
    eprintln!(
        "20:05 F-300 {} {:.1} temp {:.1} rh {:.0} factors {}",
        f.grade,
        f.value,
        number(f, "temp_c"),
        number(f, "humidity_pct"),
        f.inputs["factors"]
    );
    assert!(number(f, "temp_c") < 5.0 && number(f, "humidity_pct") > 85.0);
    assert_eq!(f.grade, "red", "the conveyor's missing guard on a cold, humid night (the seed's ×4)");
    assert!(rank(&rows["T-200"].grade) >= 3, "{:?}", rows["T-200"]);
    let inputs: Vec<&str> = f.contributions.as_array().unwrap().iter().filter_map(|c| c["input"].as_str()).collect();
    assert!(inputs.contains(&"cold_below_5c") && inputs.contains(&"humid_night"), "{inputs:?}");
    for zone in ["F-300", "T-200"] {
        assert_eq!(alarms_in(&plant, zone, night + 5 * MINUTE).await, 0, "{zone}: no fixed alarm limit tripped");
    }
}

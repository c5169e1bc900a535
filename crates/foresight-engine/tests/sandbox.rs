//! The risk sandbox on recorded data of the demo plant (readings through the real ingest path, alarm rules
//! at the plant's limits, the demo's hazards, factors and rule): scenarios raise the zones they concern and
//! no other, the control measure lowers the result, person names come out as pseudonyms, a run writes
//! nothing live and notifies no one, and requests that do not fit the site list every problem.
//!
//! Needs PostgreSQL: `source scripts/test-postgres.sh` (TEST_DATABASE_URL).

use chrono::{DateTime, TimeZone, Utc};
use foresight_engine::sandbox::scenario::{Limits, Measure, Override, SandboxRequest};
use foresight_engine::sandbox::{self, scenario::HazardChange};
use foresight_engine::{run_site, NoPredictor};
use foresight_ingest::service::IngestService;
use foresight_sim::{PlantSpec, ScenarioPlan, Simulator};
use foresight_store::Scope;
use serde_json::{json, Value};
use sqlx::postgres::PgListener;
use uuid::Uuid;

mod common;
use common::*;

/// The demo plant with an hour of calm daytime readings (2026-11-20 10:00 to 11:00 in Shanghai); returns the
/// plant and the end of the recording.
async fn recorded_plant() -> (Plant, DateTime<Utc>) {
    let plant = plant().await;
    let start = Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap().timestamp_millis();
    let end = start + 60 * MINUTE;
    let mut sim = Simulator::new(PlantSpec::demo(), 5, start).with_tenant("demo");
    sim.set_scenarios(ScenarioPlan::none());
    let service = IngestService::new(plant.db.ingest.clone());
    record(&plant, &mut sim, &service, start, end).await;
    (plant, at(end))
}

fn limits(now: DateTime<Utc>) -> Limits {
    Limits { now, history_days: 90, max_steps: sandbox::MAX_STEPS, default_step_secs: 15 }
}

async fn hazard_id(plant: &Plant, code: &str) -> Uuid {
    sqlx::query_scalar("SELECT hazard_id FROM hazard WHERE code = $1")
        .bind(code)
        .fetch_one(&plant.db.owner)
        .await
        .unwrap()
}

/// A measure on the tank farm's leak hazard: gas detection with automatic shut-off (L 0.5 → 0.2).
async fn shut_off(plant: &Plant) -> Measure {
    let hazard_id = hazard_id(plant, "HZ-T200-01").await;
    Measure {
        name: Some("储罐区加装气体检测联锁切断".into()),
        hazards: vec![HazardChange {
            hazard_id,
            likelihood: Some(0.2),
            exposure: None,
            consequence: None,
            severity: None,
        }],
        factors_off: vec![],
    }
}

async fn run(plant: &Plant, request: &SandboxRequest, now: DateTime<Utc>) -> Value {
    let started = std::time::Instant::now();
    let result = sandbox::run(
        &plant.db.app,
        plant.tenant_id,
        &Scope::AllZones,
        plant.site_id,
        request,
        &limits(now),
        &NoPredictor,
    )
    .await
    .expect("run")
    .unwrap_or_else(|problems| panic!("refused: {problems:?}"));
    let steps = result["steps"].as_u64().unwrap();
    eprintln!("sandbox run: {steps} steps in {} ms", started.elapsed().as_millis());
    result
}

fn zone<'a>(result: &'a Value, code: &str) -> &'a Value {
    result["zones"].as_array().unwrap().iter().find(|z| z["code"] == code).unwrap_or_else(|| panic!("zone {code}"))
}

fn peak(result: &Value, code: &str, variant: &str) -> f64 {
    zone(result, code)[variant]["peak"]["value"].as_f64().unwrap()
}

fn window(end: DateTime<Utc>, minutes: i64, step_secs: u32) -> (DateTime<Utc>, DateTime<Utc>, Option<u32>) {
    (end - chrono::Duration::minutes(minutes), end, Some(step_secs))
}

fn request(
    w: (DateTime<Utc>, DateTime<Utc>, Option<u32>),
    scenario: Vec<Override>,
    measure: Measure,
) -> SandboxRequest {
    SandboxRequest { name: None, from: w.0, to: w.1, step_secs: w.2, scenario, measure }
}

#[tokio::test]
async fn typhoon_and_ageing_raise_the_affected_zones_and_the_measure_lowers_them() {
    let (plant, end) = recorded_plant().await;
    let measure = shut_off(&plant).await;
    let w = window(end, 20, 60);
    let history = run(&plant, &request(w, vec![], measure.clone()), end).await;
    let storm = vec![
        Override::Typhoon { wind_speed_m_s: 35.0, rainfall_mm_per_h: 50.0, l_multiplier: 2.0 },
        Override::AgeingEquipment { categories: vec!["electrical".into()], zone_ids: vec![], l_multiplier: 3.0 },
    ];
    let what_if = run(&plant, &request(w, storm, measure), end).await;
    assert_eq!(what_if["steps"], 21);
    assert_eq!(what_if["at"].as_array().unwrap().len(), 21);

    for code in ["T-200", "E-400"] {
        let (before, after) = (peak(&history, code, "scenario"), peak(&what_if, code, "scenario"));
        eprintln!("{code}: history peak {before}, typhoon + ageing peak {after}");
        assert!(after > before + 5.0, "{code} must rise: {before} -> {after}");
    }
    // Zones without outdoor, electrical or work-at-height hazards are exactly as recorded.
    for code in ["R-100", "F-300", "W-500", "U-600"] {
        assert_eq!(zone(&what_if, code)["scenario"]["values"], zone(&history, code)["scenario"]["values"], "{code}");
    }
    let tanks = zone(&what_if, "T-200");
    assert_eq!(tanks["scenario"]["peak"]["grade"], "orange", "{}", tanks["scenario"]["peak"]);
    assert_eq!(tanks["scenario"]["seconds_orange"], 21 * 60, "orange all window long");
    let inputs: Vec<&str> = tanks["scenario"]["peak"]["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["input"].as_str())
        .collect();
    assert_eq!(
        inputs.first(),
        Some(&"sandbox.typhoon_wind.0"),
        "the typhoon explains the tank farm's peak: {inputs:?}"
    );

    // The measure lowers the tank farm on the same inputs, and nothing else.
    let (scenario, measured) = (peak(&what_if, "T-200", "scenario"), peak(&what_if, "T-200", "measure"));
    eprintln!("T-200 with the typhoon: {scenario} without, {measured} with the shut-off");
    assert!(measured < scenario - 5.0);
    assert_eq!(tanks["measure"]["seconds_orange"], 0);
    assert_eq!(zone(&what_if, "E-400")["measure"]["values"], zone(&what_if, "E-400")["scenario"]["values"]);
    assert_eq!(zone(&what_if, "U-600")["scenario"]["grades"][0], "unassessed");
}

#[tokio::test]
async fn grid_fluctuation_raises_the_substation_through_its_meters() {
    let (plant, end) = recorded_plant().await;
    let measure = Measure { factors_off: vec!["cold_below_5c".into()], ..Measure::default() };
    let w = window(end, 5, 60);
    let calm = run(&plant, &request(w, vec![], measure.clone()), end).await;
    let dip = Override::GridFluctuation { voltage_dip_pct: 12.0, frequency_offset_hz: -0.4, l_multiplier: 3.0 };
    let disturbed = run(&plant, &request(w, vec![dip], measure), end).await;
    let (before, after) = (peak(&calm, "E-400", "scenario"), peak(&disturbed, "E-400", "scenario"));
    eprintln!("E-400: calm {before}, grid fluctuation {after}");
    assert!(after > before + 5.0);
    let factors = &zone(&disturbed, "E-400")["scenario"]["peak"]["factors"];
    assert!(factors.to_string().contains("sandbox.grid_disturbance.0"), "{factors}");
}

#[tokio::test]
async fn person_names_in_a_result_are_pseudonyms() {
    let (plant, end) = recorded_plant().await;
    let user = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO app_user (tenant_id, user_id, username, display_name, password_hash) VALUES ($1, $2, 'zhangwei', '张伟', 'x')",
    )
    .bind(plant.tenant_id)
    .bind(user)
    .execute(&plant.db.owner)
    .await
    .unwrap();
    sqlx::query("UPDATE hazard SET responsible_user_id = $1 WHERE code = 'HZ-T200-01'")
        .bind(user)
        .execute(&plant.db.owner)
        .await
        .unwrap();
    // A tenant rule whose instruction names the person (as people write them).
    let rule = json!({
        "id": "gale_evacuate", "name": "大风撤离罐顶",
        "condition": {"compare": {"input": "wind_speed_m_s", "op": ">=", "value": 20.0}},
        "actions": [{"type": "instruct", "channel": {"kind": "webhook", "url": "http://dispatch.demo.local/hold"},
                     "message_zh": "大风：通知张伟（zhangwei）撤离罐顶人员", "message_en": "Gale: tell 张伟 (zhangwei) to clear the tank tops"}]
    });
    let mut tx = foresight_store::begin_tenant(&plant.db.app, plant.tenant_id, &Scope::AllZones).await.unwrap();
    let fields = foresight_store::risk_rules::Fields {
        code: "gale_evacuate".into(),
        name: "大风撤离罐顶".into(),
        definition: rule,
        enabled: true,
    };
    foresight_store::risk_rules::create(
        &mut tx,
        foresight_store::risk_rules::Kind::Rule,
        plant.tenant_id,
        &fields,
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let typhoon = Override::Typhoon { wind_speed_m_s: 30.0, rainfall_mm_per_h: 20.0, l_multiplier: 2.0 };
    let result = run(&plant, &request(window(end, 3, 60), vec![typhoon], shut_off(&plant).await), end).await;
    let text = result.to_string();
    for name in ["张伟", "zhangwei"] {
        assert!(!text.contains(name), "{name} appears in the result");
    }
    let hazards = zone(&result, "T-200")["scenario"]["peak"]["hazards"].as_array().unwrap().clone();
    let leak = hazards.iter().find(|h| h["code"] == "HZ-T200-01").unwrap();
    assert_eq!(leak["responsible"], "人员-1");
    let instructions = result["instructions"]["scenario"].as_array().unwrap();
    assert!(!instructions.is_empty(), "the rule fired on its rising edge");
    assert_eq!(instructions[0]["message_zh"], "大风：通知人员-1（人员-1）撤离罐顶人员");
    // Pseudonyms are per run and stable within it: the same person is 人员-1 everywhere.
    assert!(!text.contains("人员-2"), "one person, one pseudonym");
}

async fn count(plant: &Plant, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT count(*) FROM {table}")).fetch_one(&plant.db.owner).await.unwrap()
}

#[tokio::test]
async fn a_run_that_turns_zones_red_writes_nothing_live_and_notifies_no_one() {
    let (plant, end) = recorded_plant().await;
    // Live history exists, so "unchanged" is not "still empty".
    run_site(&plant.db.app, plant.tenant_id, plant.site_id, end, &NoPredictor, None).await.unwrap().unwrap();
    let tables = ["zone_risk", "risk_path_event", "risk_instruction_outbox", "alarm", "device_event", "audit_event"];
    let mut before = Vec::new();
    for t in tables {
        before.push(count(&plant, t).await);
    }
    let mut listener = PgListener::connect_with(&plant.db.owner).await.unwrap();
    listener.listen_all(["foresight_alarm", "foresight_device_event", "sandbox_test_sentinel"]).await.unwrap();

    let scenario = vec![
        Override::Typhoon { wind_speed_m_s: 40.0, rainfall_mm_per_h: 80.0, l_multiplier: 10.0 },
        Override::AgeingEquipment { categories: vec![], zone_ids: vec![], l_multiplier: 10.0 },
        Override::SetProperty {
            property: "nh3".into(),
            model: None,
            zone_id: None,
            mode: Default::default(),
            value: 500.0,
        },
    ];
    let result = run(&plant, &request(window(end, 10, 60), scenario, shut_off(&plant).await), end).await;
    let red: Vec<&str> = result["zones"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|z| z["scenario"]["peak"]["grade"] == "red")
        .filter_map(|z| z["code"].as_str())
        .collect();
    eprintln!("red in the sandbox: {red:?}");
    assert!(red.len() >= 3, "the scenario must turn zones red: {red:?}");

    let mut after = Vec::new();
    for t in tables {
        after.push(count(&plant, t).await);
    }
    assert_eq!(before, after, "{tables:?}");
    // Notifications are delivered in commit order: the sentinel, sent after the run, comes first only if
    // the run announced nothing on the live channels.
    sqlx::query("SELECT pg_notify('sandbox_test_sentinel', 'done')").execute(&plant.db.owner).await.unwrap();
    let first = listener.recv().await.unwrap();
    assert_eq!(first.channel(), "sandbox_test_sentinel", "a live notification: {}", first.payload());
}

#[tokio::test]
async fn requests_that_do_not_fit_the_site_list_every_problem() {
    let (plant, end) = recorded_plant().await;
    let foreign = Uuid::now_v7();
    let bad = SandboxRequest {
        name: None,
        from: end,
        to: end - chrono::Duration::minutes(5),
        step_secs: Some(5),
        scenario: vec![
            Override::ForceFactor { factor: "no_such_factor".into() },
            Override::MultiplyHazards { hazard_ids: vec![foreign], l: 2.0, e: 0.5, c: 1.0 },
            Override::SetProperty {
                property: "voltage_x".into(),
                model: Some("toaster".into()),
                zone_id: None,
                mode: Default::default(),
                value: 1.0,
            },
        ],
        measure: Measure {
            name: None,
            hazards: vec![HazardChange {
                hazard_id: hazard_id(&plant, "HZ-T200-01").await,
                likelihood: Some(0.7),
                exposure: None,
                consequence: None,
                severity: Some(2.0),
            }],
            factors_off: vec!["nope".into()],
        },
    };
    let mut tx = foresight_store::begin_tenant(&plant.db.app, plant.tenant_id, &Scope::AllZones).await.unwrap();
    let problems =
        sandbox::check(&mut tx, plant.tenant_id, plant.site_id, &bad, &limits(end)).await.unwrap().unwrap_err();
    let mut fields: Vec<(String, &str)> = problems.iter().map(|p| (p.field.clone(), p.code)).collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            ("from".to_owned(), "not_before"),
            ("measure.factors_off[0]".to_owned(), "unknown_factor"),
            ("measure.hazards[0].likelihood".to_owned(), "not_in_scale"),
            ("measure.hazards[0].severity".to_owned(), "not_for_method"),
            ("scenario[0].factor".to_owned(), "unknown_factor"),
            ("scenario[1].e".to_owned(), "mixed_direction"),
            ("scenario[1].hazard_ids[0]".to_owned(), "unknown_hazard"),
            ("scenario[2].model".to_owned(), "unknown_model"),
            ("scenario[2].property".to_owned(), "unknown_property"),
            ("step_secs".to_owned(), "out_of_range"),
        ]
    );
    // Too long a window, and one reaching into the future or past the retained history.
    let long = request((end - chrono::Duration::days(2), end, Some(60)), vec![], shut_off(&plant).await);
    let problems =
        sandbox::check(&mut tx, plant.tenant_id, plant.site_id, &long, &limits(end)).await.unwrap().unwrap_err();
    assert_eq!(problems.iter().map(|p| (p.field.as_str(), p.code)).collect::<Vec<_>>(), [("to", "too_many_steps")]);
    let odd = request(
        (end - chrono::Duration::days(100), end + chrono::Duration::hours(1), Some(3600)),
        vec![],
        shut_off(&plant).await,
    );
    let problems =
        sandbox::check(&mut tx, plant.tenant_id, plant.site_id, &odd, &limits(end)).await.unwrap().unwrap_err();
    assert_eq!(
        problems.iter().map(|p| (p.field.as_str(), p.code)).collect::<Vec<_>>(),
        [("to", "too_many_steps"), ("to", "in_future"), ("from", "beyond_history")]
    );
}

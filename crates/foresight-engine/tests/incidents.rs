//! The demo plant's scripted incidents on recorded data: the simulator's readings go through the real
//! ingest path (IngestService, alarm rules at the plant's limits) into a fresh database, then risk cycles
//! run at simulated times. The incident zones must turn before any fixed alarm limit trips; a calm zone
//! stays calm; the zone without assessed hazards shows unassessed; contributions explain every value.
//!
//! Needs PostgreSQL: `source scripts/test-postgres.sh` (TEST_DATABASE_URL).

use chrono::{TimeZone, Utc};
use foresight_engine::{run_site, Likelihood, NoPredictor};
use foresight_ingest::service::IngestService;
use foresight_sim::scenario::AMMONIA_FIRST_ALARM_PPM;
use foresight_sim::{IncidentKind, PlantSpec, ScenarioPlan, Simulator};
use foresight_store::zone_risk::ZoneRisk;
use std::collections::HashMap;
use uuid::Uuid;

mod common;
use common::*;

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

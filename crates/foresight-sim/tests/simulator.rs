//! The generator: valid values, determinism, batch sequence numbers, the batch format.

mod common;

use common::*;
use foresight_sim::plant::Role;
use foresight_sim::{numeric_series, GatewayBatch, PlantSpec, ScenarioPlan, Simulator};
use foresight_telemetry::reading::check_reading;
use std::collections::{HashMap, HashSet};

/// Checks every value of the batches against its device's thing model; returns the number checked.
fn check_all(batches: &[GatewayBatch], models: &HashMap<String, foresight_telemetry::ThingModel>) -> usize {
    let mut n = 0;
    for b in batches {
        for r in &b.readings {
            let model = models.get(&r.device).unwrap_or_else(|| panic!("unknown device {}", r.device));
            assert!(!r.values.is_empty());
            for (property, value) in &r.values {
                if let Err(e) = check_reading(model, property, value) {
                    panic!("{} {property} = {value}: {e}", r.device);
                }
                n += 1;
            }
        }
    }
    n
}

#[test]
fn an_hour_of_the_demo_plant_passes_every_check() {
    let spec = PlantSpec::demo();
    let models = models(&spec);
    let mut sim = Simulator::new(spec, 7, JANUARY + 9 * HOUR);
    let mut checked = 0;
    run(&mut sim, JANUARY + 10 * HOUR, 10_000, |batches| checked += check_all(batches, &models));
    let stats = sim.stats();
    assert_eq!(stats.clamped, 0, "values the models put outside their ranges");
    assert_eq!(checked as u64, stats.values);
    // About 45 values a second from 363 devices.
    assert!((120_000..250_000).contains(&checked), "{checked}");
}

/// A day at ten-minute steps, in winter and (shorter) in summer: every value passes its model's
/// checks, nothing is clamped, every device reports, and no fixed alarm limit is crossed, incidents
/// included.
#[test]
fn a_day_at_a_coarse_step_passes_every_check_and_trips_no_alarm() {
    for (start, hours) in [(JANUARY, 24), (JULY + 10 * HOUR, 8)] {
        let spec = PlantSpec::demo();
        let models = models(&spec);
        let limits: HashMap<String, Vec<foresight_sim::plant::AlarmLimit>> =
            spec.devices.iter().map(|d| (d.code.clone(), d.limits.clone())).collect();
        let mut seen = HashSet::new();
        let mut sim = Simulator::new(spec.clone(), 11, start);
        run(&mut sim, start + hours * HOUR, 10 * MINUTE, |batches| {
            check_all(batches, &models);
            for b in batches {
                for r in &b.readings {
                    seen.insert(r.device.clone());
                    for l in &limits[&r.device] {
                        if let Some(x) = r.values.iter().find(|(p, _)| *p == l.property).and_then(|(_, v)| v.as_f64()) {
                            assert!(l.inside(x), "{} {} = {x} crosses {l:?}", r.device, l.property);
                        }
                    }
                }
            }
        });
        assert_eq!(sim.stats().clamped, 0);
        if hours == 24 {
            let missing: Vec<_> = spec.devices.iter().filter(|d| !seen.contains(&d.code)).map(|d| &d.code).collect();
            assert!(missing.is_empty(), "never reported: {missing:?}");
        }
    }
}

fn flatten(batches: &[GatewayBatch]) -> Vec<String> {
    let mut out: Vec<String> =
        batches.iter().flat_map(|b| b.readings.iter().map(|r| serde_json::to_string(r).unwrap())).collect();
    out.sort();
    out
}

#[test]
fn the_same_seed_gives_the_same_batches_and_the_step_size_does_not_change_the_readings() {
    let collect = |seed: u64, step: i64| {
        let mut sim = Simulator::demo(seed, JANUARY + 7 * HOUR);
        let mut all = Vec::new();
        run(&mut sim, JANUARY + 9 * HOUR, step, |b| all.extend_from_slice(b));
        all
    };
    let a = collect(3, 5_000);
    let b = collect(3, 5_000);
    assert_eq!(a, b);
    assert_eq!(a.iter().map(|b| b.to_json()).collect::<Vec<_>>(), b.iter().map(|b| b.to_json()).collect::<Vec<_>>());
    assert_ne!(flatten(&a), flatten(&collect(4, 5_000)), "another seed gives other values");
    // Stepping irregularly or rarely cuts the same readings into other batches.
    let coarse = collect(3, 17 * MINUTE);
    assert_eq!(flatten(&a), flatten(&coarse));
}

#[test]
fn batches_are_numbered_per_gateway_and_carry_gateway_time() {
    let spec = PlantSpec::demo();
    let gateways = spec.gateways.clone();
    let mut sim = Simulator::new(spec, 5, JANUARY).with_tenant("demo").with_max_values_per_batch(400);
    let mut last: HashMap<String, u64> = HashMap::new();
    let mut prev_now = JANUARY;
    let mut split = false;
    for k in 1..=40 {
        let now = JANUARY + k * 30_000;
        let batches = sim.step(now);
        let mut per_gateway: HashMap<&str, usize> = HashMap::new();
        for b in &batches {
            *per_gateway.entry(b.gateway.as_str()).or_default() += 1;
            assert!(b.value_count() <= 400);
            assert_eq!(b.tenant.as_deref(), Some("demo"));
            if let Some(prev) = last.insert(b.gateway.clone(), b.seq) {
                assert!(b.seq > prev, "{} {} after {prev}", b.gateway, b.seq);
            }
            let g = gateways.iter().find(|g| g.code == b.gateway).unwrap();
            assert_eq!(b.sent_at, g.clock(now, JANUARY));
            for r in &b.readings {
                assert!(r.ts <= b.sent_at && r.ts > g.clock(prev_now, JANUARY));
            }
        }
        split |= per_gateway.values().any(|&n| n > 1);
        prev_now = now;
    }
    assert!(split, "a gateway with more than the cap sends several batches");
    assert_eq!(last.len(), gateways.len(), "every gateway sent");
    assert!(sim.step(prev_now).is_empty(), "a repeated time sends nothing");
}

#[test]
fn the_batch_json_has_the_documented_shape() {
    let mut sim = Simulator::demo(1, JANUARY).with_tenant("demo");
    let batches = sim.step(JANUARY + 60_000);
    let json: serde_json::Value = serde_json::from_slice(&batches[0].to_json()).unwrap();
    assert!(json["seq"].is_u64() && json["sent_at"].is_i64());
    assert_eq!(json["tenant"], "demo");
    assert!(json["gateway"].as_str().unwrap().starts_with("GW-"));
    let reading = &json["readings"][0];
    assert!(reading["device"].is_string() && reading["ts"].is_i64() && reading["values"].is_object());
    assert_eq!(foresight_sim::topic("demo", "GW-F300"), "foresight/demo/GW-F300/telemetry");
    // Without a tenant the field is left out.
    let mut sim = Simulator::new(PlantSpec::demo(), 1, JANUARY);
    let json: serde_json::Value = serde_json::from_slice(&sim.step(JANUARY + 60_000)[0].to_json()).unwrap();
    assert!(json.get("tenant").is_none());
}

#[test]
fn people_move_with_their_shifts() {
    let spec = plant_with(|d| matches!(d.role, Role::AccessGate { .. } | Role::Wearable { .. }));
    let mut sim = Simulator::new(spec, 2, JANUARY + 6 * HOUR);
    sim.set_scenarios(ScenarioPlan::none());
    let mut inside_at = HashMap::new();
    for h in [7, 11, 23] {
        run(&mut sim, JANUARY + h * HOUR, MINUTE, |_| {});
        inside_at.insert(h, sim.people_per_zone().iter().map(|z| z.1).sum::<u32>());
    }
    // The day crew is larger than the night crew; at 07:00 only the night crew is on site.
    assert!(inside_at[&11] > inside_at[&23], "{inside_at:?}");
    assert!(inside_at[&11] > inside_at[&7], "{inside_at:?}");
    let mut batches = Vec::new();
    run(&mut sim, JANUARY + 24 * HOUR, 10 * MINUTE, |b| batches.extend_from_slice(b));
    let series = numeric_series(&batches);
    let hr: Vec<f64> =
        series.iter().filter(|(k, _)| k.1 == "heart_rate").flat_map(|(_, v)| v.iter().map(|p| p.1)).collect();
    let mean = hr.iter().sum::<f64>() / hr.len() as f64;
    assert!((65.0..100.0).contains(&mean), "{mean}");
}

//! Each scripted incident's signature is present in its ground-truth window and absent outside it.

mod common;

use common::*;
use foresight_sim::plant::{Role, Var};
use foresight_sim::scenario::{ammonia_plume_factor, Signature};
use foresight_sim::time::{shift_at, Shift};
use foresight_sim::{IncidentKind, ScenarioPlan, Simulator};
use std::collections::BTreeMap;

type Series = BTreeMap<(String, &'static str), Vec<(i64, f64)>>;

fn record(sim: &mut Simulator, to_ms: i64, step_ms: i64, keep: &[&'static str]) -> Series {
    let mut out: Series = BTreeMap::new();
    run(sim, to_ms, step_ms, |batches| {
        for b in batches {
            for r in &b.readings {
                for (p, v) in &r.values {
                    if keep.contains(p) {
                        let x = v.as_f64().expect("numeric");
                        out.entry((r.device.clone(), *p)).or_default().push((r.ts, x));
                    }
                }
            }
        }
    });
    out
}

fn minutes_since(t: i64, origin: i64) -> f64 {
    (t - origin) as f64 / MINUTE as f64
}

/// Normal AGV transport orders expected in [a, b) (12/h by day, 6/h at night).
fn expected_orders(a: i64, b: i64) -> f64 {
    (a..b).step_by(MINUTE as usize).map(|t| if shift_at(t) == Shift::Day { 12.0 } else { 6.0 } / 60.0).sum()
}

#[test]
fn ammonia_rises_near_the_filling_line_while_agv_traffic_triples() {
    let spec = plant_with(|d| d.zone.as_deref() == Some("F-300"));
    let positions: BTreeMap<String, [f64; 2]> =
        spec.devices.iter().filter_map(|d| d.position.map(|p| (d.code.clone(), p))).collect();
    let mut sim = Simulator::new(spec, 21, JANUARY);
    let series = record(&mut sim, JANUARY + DAY, 5 * MINUTE, &["nh3", "state"]);
    let truth: Vec<_> =
        sim.ground_truth(JANUARY, JANUARY + DAY).into_iter().filter(|g| g.kind == IncidentKind::AmmoniaRise).collect();
    assert_eq!(truth.len(), 6, "every 4 h from 00:20");
    let effect: Vec<(i64, i64)> = truth.iter().map(|g| (g.effect_start_ms, g.effect_end_ms)).collect();
    let surge: Vec<(i64, i64)> = truth.iter().map(|g| (g.start_ms, g.end_ms)).collect();

    let Signature::AmmoniaRise { source_device, first_alarm_ppm, .. } = &truth[0].signature else { panic!() };
    for g in &truth {
        let Signature::AmmoniaRise { rise_end_ms, slope_ppm_per_min, .. } = g.signature else { panic!() };
        for affected in g.devices.iter().filter(|d| d.property == "nh3") {
            let factor = ammonia_plume_factor(positions[&affected.device]);
            let pts: Vec<(f64, f64)> = series[&(affected.device.clone(), "nh3")]
                .iter()
                .filter(|(t, _)| (g.start_ms + MINUTE..rise_end_ms).contains(t))
                .map(|&(t, x)| (minutes_since(t, g.start_ms), x))
                .collect();
            let s = slope(&pts);
            let expected = slope_ppm_per_min * factor;
            assert!(
                (s - expected).abs() < 0.1 + 0.1 * expected,
                "{}: {s} ppm/min, expected {expected}",
                affected.device
            );
        }
    }
    // Never near the first alarm, anywhere on the line, all day.
    let peak = series.iter().filter(|(k, _)| k.1 == "nh3").flat_map(|(_, v)| v.iter().map(|p| p.1)).fold(0.0, f64::max);
    assert!(peak > 12.0 && peak < first_alarm_ppm - 4.0, "peak {peak} ppm");
    // Outside the incidents the source detector shows no trend over any quarter hour.
    let source = &series[&(source_device.clone(), "nh3")];
    let mut windows = 0;
    for w in source.windows(90) {
        let (a, b) = (w[0].0, w[89].0);
        if in_any(a, &effect, 0) || in_any(b, &effect, 0) || effect.iter().any(|&(s, e)| a < s && b >= e) {
            continue;
        }
        let pts: Vec<(f64, f64)> = w.iter().map(|&(t, x)| (minutes_since(t, a), x)).collect();
        assert!(slope(&pts).abs() < 0.12, "trend outside the incident at {a}: {}", slope(&pts));
        windows += 1;
    }
    assert!(windows > 1000);

    // AGV transport orders triple during the surge and keep the normal rate outside it.
    let dispatches = sim.agv_dispatches();
    let (mut inside, mut outside) = (0.0, 0.0);
    for d in &dispatches {
        if in_any(d.released_ms, &surge, 0) {
            inside += 1.0;
        } else {
            outside += 1.0;
        }
    }
    let expected_inside: f64 = surge.iter().map(|&(a, b)| expected_orders(a, b)).sum();
    let expected_outside = expected_orders(JANUARY, JANUARY + DAY) - expected_inside;
    let ratio_inside = inside / expected_inside;
    let ratio_outside = outside / expected_outside;
    assert!((2.7..3.3).contains(&ratio_inside), "surge ×{ratio_inside}");
    assert!((0.85..1.15).contains(&ratio_outside), "normal ×{ratio_outside}");
    // The same is visible in the AGVs' own telemetry: departures (idle → moving) per hour.
    let mut departures = Vec::new();
    for ((_, p), v) in &series {
        if *p == "state" {
            departures.extend(v.windows(2).filter(|w| w[0].1 == 0.0 && w[1].1 == 1.0).map(|w| w[1].0));
        }
    }
    let seen_inside = departures.iter().filter(|&&t| in_any(t, &surge, 10_000)).count() as f64;
    let seen_outside = departures.len() as f64 - seen_inside;
    assert!(
        (2.5..3.5).contains(&(seen_inside / expected_inside)),
        "telemetry surge ×{}",
        seen_inside / expected_inside
    );
    assert!((0.8..1.2).contains(&(seen_outside / expected_outside)), "{}", seen_outside / expected_outside);
}

#[test]
fn a_cold_humid_night_shift_in_any_season_and_only_then() {
    for start in [JANUARY, NOVEMBER, JULY] {
        let mut spec = plant_with(|d| matches!(d.role, Role::WeatherStation));
        spec.people.clear();
        spec.vehicles.clear();
        spec.agvs.clear();
        let mut sim = Simulator::new(spec, 31, start);
        let series = record(&mut sim, start + 6 * DAY, HOUR, &["temperature", "humidity"]);
        let t = &series[&("WS-01".to_string(), "temperature")];
        let rh = &series[&("WS-01".to_string(), "humidity")];
        assert_eq!(t.len(), rh.len());
        let truth: Vec<_> = sim
            .ground_truth(start, start + 6 * DAY)
            .into_iter()
            .filter(|g| g.kind == IncidentKind::ColdHumidNight)
            .collect();
        assert_eq!(truth.len(), 3, "every other night from the first one");
        let shifts: Vec<(i64, i64)> = truth.iter().map(|g| (g.start_ms, g.end_ms)).collect();
        let effect: Vec<(i64, i64)> = truth.iter().map(|g| (g.effect_start_ms, g.effect_end_ms)).collect();
        let mut in_shift = 0;
        for (&(ts, temperature), &(_, humidity)) in t.iter().zip(rh) {
            let cold_humid = temperature < 5.0 && humidity > 85.0;
            // Readings carry the station's gateway clock, a few seconds off platform time.
            if in_any(ts, &shifts, -10_000) {
                assert!(cold_humid, "{start}: {temperature} °C, {humidity} % at {ts} inside the front");
                in_shift += 1;
            } else if !in_any(ts, &effect, 10_000) {
                assert!(!cold_humid, "{start}: {temperature} °C, {humidity} % at {ts} outside the front");
            }
        }
        assert!(in_shift >= 3 * 12 * 59, "{in_shift}");
    }
}

#[test]
fn without_the_front_cold_never_comes_with_high_humidity_and_the_climate_is_plausible() {
    let mut spec = plant_with(|d| matches!(d.role, Role::WeatherStation));
    spec.people.clear();
    spec.vehicles.clear();
    spec.agvs.clear();
    spec.scenarios = ScenarioPlan::none();
    let mut sim = Simulator::new(spec, 41, NOVEMBER);
    let series = record(&mut sim, NOVEMBER + 80 * DAY, 6 * HOUR, &["temperature", "humidity"]);
    let t = &series[&("WS-01".to_string(), "temperature")];
    let rh = &series[&("WS-01".to_string(), "humidity")];
    let mut january = Vec::new();
    for (&(ts, temperature), &(_, humidity)) in t.iter().zip(rh) {
        assert!(!(temperature < 5.0 && humidity > 85.0), "{temperature} °C with {humidity} % at {ts}");
        if (JANUARY..JANUARY + 15 * DAY).contains(&ts) {
            january.push((temperature, humidity));
        }
    }
    let mean_t = january.iter().map(|p| p.0).sum::<f64>() / january.len() as f64;
    let mean_rh = january.iter().map(|p| p.1).sum::<f64>() / january.len() as f64;
    let coldest = january.iter().map(|p| p.0).fold(f64::MAX, f64::min);
    assert!((-8.0..2.0).contains(&mean_t), "January mean {mean_t} °C");
    assert!((40.0..75.0).contains(&mean_rh), "January mean {mean_rh} %");
    assert!(coldest < 0.0, "a Bohai winter freezes at night");
}

#[test]
fn the_reactor_drift_creeps_inside_every_alarm_limit_with_the_pressure_out_of_step() {
    let spec = plant_with(|d| {
        d.zone.as_deref() == Some("R-100") && matches!(d.role, Role::Transmitter { .. } | Role::ThermalCamera { .. })
    });
    let code = |var: Var| spec.devices.iter().find(|d| d.role == Role::Transmitter { var }).unwrap().code.clone();
    let (tt, pt, jacket, flow) = (
        code(Var::ReactorTemperature(0)),
        code(Var::ReactorPressure(0)),
        code(Var::JacketOutletTemperature(0)),
        code(Var::CoolingWaterFlow(0)),
    );
    let other = code(Var::ReactorTemperature(2));
    let limits = spec.device(&tt).unwrap().limits.clone();
    let p_limits = spec.device(&pt).unwrap().limits.clone();
    let mut sim = Simulator::new(spec, 51, JANUARY);
    let series = record(&mut sim, JANUARY + 2 * DAY, 10 * MINUTE, &["temperature", "pressure", "flow"]);
    let truth: Vec<_> = sim
        .ground_truth(JANUARY, JANUARY + 2 * DAY)
        .into_iter()
        .filter(|g| g.kind == IncidentKind::ReactorDrift)
        .collect();
    assert_eq!(truth.len(), 1);
    let g = &truth[0];
    let Signature::ReactorDrift { rate_c_per_h, max_rise_c, normal_dp_dt_mpa_per_c, incident_dp_dt_mpa_per_c, .. } =
        g.signature
    else {
        panic!()
    };
    assert!(g.devices.iter().any(|d| d.device == tt) && g.devices.iter().any(|d| d.device == pt));
    let hours = |t: i64| (t - g.start_ms) as f64 / HOUR as f64;
    let window = |key: &str, p: &'static str, a: i64, b: i64| -> Vec<(f64, f64)> {
        series[&(key.to_string(), p)].iter().filter(|(t, _)| (a..b).contains(t)).map(|&(t, x)| (hours(t), x)).collect()
    };
    // The ramp.
    let temps = window(&tt, "temperature", g.start_ms, g.end_ms);
    let s = slope(&temps);
    assert!((s - rate_c_per_h).abs() < 0.06, "{s} °C/h");
    let top = temps.iter().map(|p| p.1).fold(f64::MIN, f64::max);
    assert!(top > 85.0 + max_rise_c - 1.5, "{top}");
    // Pressure follows the temperature twice as steeply as the vapour-pressure relation says.
    let pressures = window(&pt, "pressure", g.start_ms, g.end_ms);
    let pairs: Vec<(f64, f64)> = temps.iter().zip(&pressures).map(|(a, b)| (a.1, b.1)).collect();
    let dp_dt = slope(&pairs);
    assert!((dp_dt - incident_dp_dt_mpa_per_c).abs() < 0.002, "{dp_dt} MPa/°C in the drift");
    // The jacket outlet falls where it would normally rise, the cooling water creeps up.
    assert!(slope(&window(&jacket, "temperature", g.start_ms, g.end_ms)) < -0.08);
    assert!(slope(&window(&flow, "flow", g.start_ms, g.end_ms)) > 0.3);
    // The other reactors stay flat.
    assert!(slope(&window(&other, "temperature", g.start_ms, g.end_ms)).abs() < 0.1);
    // Normal operation outside the incident: no trend, and the usual pressure coupling.
    let normal = (g.effect_end_ms + HOUR, JANUARY + 2 * DAY);
    assert!(slope(&window(&tt, "temperature", normal.0, normal.1)).abs() < 0.1);
    let nt = window(&tt, "temperature", normal.0, normal.1);
    let np = window(&pt, "pressure", normal.0, normal.1);
    let pairs: Vec<(f64, f64)> = nt.iter().zip(&np).map(|(a, b)| (a.1, b.1)).collect();
    let normal_slope = slope(&pairs);
    assert!((normal_slope - normal_dp_dt_mpa_per_c).abs() < 0.003, "{normal_slope} MPa/°C normally");
    // Never an alarm.
    for &(_, x) in &series[&(tt.clone(), "temperature")] {
        assert!(limits.iter().all(|l| l.inside(x)), "{x} °C");
    }
    for &(_, x) in &series[&(pt.clone(), "pressure")] {
        assert!(p_limits.iter().all(|l| l.inside(x)), "{x} MPa");
    }
}

#[test]
fn the_ammonia_rise_brings_one_sos_from_the_nearest_worker_whatever_the_stepping() {
    use foresight_sim::scenario::AMMONIA_SOS_OFFSET_MS;
    let start = JANUARY + 8 * HOUR;
    let at = start + 30 * MINUTE;
    let events = |step: i64| {
        let mut sim = Simulator::demo(11, start);
        sim.set_scenarios(ScenarioPlan::none().with(IncidentKind::AmmoniaRise, at));
        let mut out = Vec::new();
        run(&mut sim, at + AMMONIA_SOS_OFFSET_MS + 10 * MINUTE, step, |batches| {
            for b in batches {
                out.extend(b.events.iter().map(|e| (b.gateway.clone(), e.clone())));
            }
        });
        out
    };
    let fine = events(1_000);
    assert_eq!(fine.len(), 1, "{fine:?}");
    let (gateway, sos) = &fine[0];
    assert_eq!((gateway.as_str(), sos.event.as_str()), ("GW-LOC", "sos"));
    assert!(sos.device.starts_with("WB-"), "{}", sos.device);
    assert!((sos.ts - (at + AMMONIA_SOS_OFFSET_MS)).abs() < 10_000, "gateway clock within seconds");
    assert!(sos.fields["latitude"].as_f64().is_some() && sos.fields["longitude"].as_f64().is_some());
    assert_eq!(fine, events(7 * MINUTE), "the same event when stepped coarsely");
    let model = foresight_telemetry::presets::preset("wearable_band").unwrap();
    let fields = serde_json::Value::Object(sos.fields.clone());
    assert!(foresight_telemetry::reading::check_event(&model, "sos", &fields).unwrap().unknown_fields.is_empty());
}

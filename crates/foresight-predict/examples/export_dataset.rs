//! Exports the training data of the shipped LSTM from the demo plant simulator: for each zone and each
//! minute, the 21 zone-level features of [`FEATURES`] and the labels from the scenarios' ground truth.
//!
//! ```text
//! cargo run -p foresight-predict --example export_dataset -- OUT.csv [--days D] [--seed N] [--start MS]
//! ```
//!
//! One CSV row per (minute, zone): `t_ms,zone,<21 features>,label,label_start`.
//! - `label`: an incident of the ground truth is in its window (`start_ms..end_ms`) in this zone at any
//!   time within the next [`HORIZON_MIN`] minutes (so also while it is already under way); a site-wide
//!   incident (the cold, humid night) counts for every zone. This is what the model is trained on.
//! - `label_start`: the stricter "an incident starts in this zone within the next H minutes", kept for
//!   evaluation (the simulator's ammonia rise and reactor drift have no precursor before their start, so
//!   no model can predict that part from telemetry; see models/lstm/MODEL_CARD.md).
//!
//! Incidents happen at random times (seeded), with the demo plan's mean frequencies: the demo plan's own
//! schedule is periodic and aligned with the clock (the ammonia rise at 00:20, 04:20, ... every day), and
//! a model trained on it learns the timetable from the hour-of-day features instead of the telemetry.
//! `--demo-schedule` keeps the demo plan instead.
//!
//! The features are deliberately ones a real plant's platform has too (latest value per device, folded
//! per zone), not the simulator's internal state, so the model sees what it would see in production.

use foresight_sim::plant::{Gas, Role};
use foresight_sim::scenario::IncidentKind;
use foresight_sim::time::HOUR_MS;
use foresight_sim::time::{local_hour, shift_at, Shift, DAY_MS, MINUTE_MS};
use foresight_sim::{PlantSpec, ScenarioPlan, Simulator};
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::io::Write;

/// Minutes ahead the label looks.
const HORIZON_MIN: i64 = 30;
/// The step of the series: one row per zone and minute.
const STEP_MS: i64 = MINUTE_MS;

/// The features, in the model's order (name, unit); models/lstm/mapping.json says where each comes from.
const FEATURES: [(&str, &str); 21] = [
    ("gas_max_ratio", "1"),
    ("gas_mean_ratio", "1"),
    ("gas_max_ratio_change_10min", "1"),
    ("temperature_max", "°C"),
    ("temperature_mean", "°C"),
    ("pressure_max", "MPa"),
    ("level_mean", "%"),
    ("flow_mean", "m3/h"),
    ("vibration_max", "mm/s"),
    ("limit_proximity_max", "1"),
    ("active_alarms", "count"),
    ("weather_temperature", "°C"),
    ("weather_humidity", "%RH"),
    ("weather_wind_speed", "m/s"),
    ("weather_dew_point_spread", "°C"),
    ("people_in_zone", "count"),
    ("agv_orders_10min", "count"),
    ("hour_sin", "1"),
    ("hour_cos", "1"),
    ("night_shift", "0/1"),
    ("raining", "0/1"),
];

struct Args {
    out: String,
    days: f64,
    seed: u64,
    start_ms: i64,
    demo_schedule: bool,
}

fn parse() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    // 2026-01-05 00:00 China time: a winter start, so the cold fronts of the scenario are in the data.
    let mut args = Args { out: String::new(), days: 28.0, seed: 7, start_ms: 1_767_542_400_000, demo_schedule: false };
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--days" => args.days = value()?.parse().map_err(|e| format!("--days: {e}"))?,
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--start" => args.start_ms = value()?.parse().map_err(|e| format!("--start: {e}"))?,
            "--demo-schedule" => args.demo_schedule = true,
            s if !s.starts_with('-') && args.out.is_empty() => args.out = s.to_string(),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.out.is_empty() {
        return Err("usage: export_dataset OUT.csv [--days D] [--seed N] [--start MS] [--demo-schedule]".into());
    }
    Ok(args)
}

/// What a zone's devices are, by kind, as indices into the spec's devices.
#[derive(Default)]
struct ZoneDevices {
    gas: Vec<(usize, &'static str, f64)>,
    all: Vec<usize>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2)
        }
    };
    let mut spec = PlantSpec::demo();
    let end_ms = args.start_ms + (args.days * DAY_MS as f64) as i64;
    if !args.demo_schedule {
        spec.scenarios = random_plan(args.seed, args.start_ms, end_ms);
    }
    let zones: Vec<String> = spec.zones.iter().map(|z| z.code.clone()).collect();
    let mut by_zone: Vec<ZoneDevices> = zones.iter().map(|_| ZoneDevices::default()).collect();
    let index: HashMap<String, usize> = spec.devices.iter().enumerate().map(|(i, d)| (d.code.clone(), i)).collect();
    for (i, d) in spec.devices.iter().enumerate() {
        let Some(z) = d.zone.as_ref().and_then(|z| zones.iter().position(|c| c == z)) else { continue };
        by_zone[z].all.push(i);
        if let Role::Gas { gas, .. } = d.role {
            by_zone[z].gas.push((i, gas.property(), gas_first_alarm(gas)));
        }
    }
    let mut sim = Simulator::new(spec.clone(), args.seed, args.start_ms);
    let truth = sim.ground_truth(args.start_ms, end_ms + HORIZON_MIN * MINUTE_MS);
    let mut latest: Vec<HashMap<&'static str, f64>> = vec![HashMap::new(); spec.devices.len()];
    // Per zone, the gas ratio of the last 11 minutes (for the 10-minute change).
    let mut gas_history: Vec<VecDeque<f64>> = vec![VecDeque::new(); zones.len()];
    let file = std::fs::File::create(&args.out)?;
    let mut out = std::io::BufWriter::new(file);
    write!(out, "t_ms,zone")?;
    for (name, _) in FEATURES {
        write!(out, ",{name}")?;
    }
    writeln!(out, ",label,label_start")?;
    let mut t = args.start_ms;
    let mut rows = 0u64;
    let started = std::time::Instant::now();
    while t + STEP_MS <= end_ms {
        t += STEP_MS;
        for batch in sim.step(t) {
            for r in batch.readings {
                let Some(&i) = index.get(&r.device) else { continue };
                for (k, v) in r.values {
                    if let Some(x) = as_number(&v) {
                        latest[i].insert(k, x);
                    }
                }
            }
        }
        let weather = sim.weather();
        let people: HashMap<String, u32> = sim.people_per_zone().into_iter().collect();
        let agv_orders = sim.agv_dispatches().iter().filter(|d| d.released_ms > t - 10 * MINUTE_MS).count() as f64;
        let hour = local_hour(t);
        let angle = hour / 24.0 * std::f64::consts::TAU;
        for (z, code) in zones.iter().enumerate() {
            let zd = &by_zone[z];
            let gas: Vec<f64> =
                zd.gas.iter().filter_map(|&(i, p, first)| latest[i].get(p).map(|x| x / first)).collect();
            let gas_max = gas.iter().copied().fold(0.0, f64::max);
            let gas_mean = mean(&gas);
            let history = &mut gas_history[z];
            history.push_back(gas_max);
            if history.len() > 11 {
                history.pop_front();
            }
            let gas_change = gas_max - history.front().copied().unwrap_or(gas_max);
            let (mut temps, mut pressures, mut levels, mut flows, mut vib) = (vec![], vec![], vec![], vec![], vec![]);
            let (mut proximity, mut alarms) = (0.0f64, 0.0);
            for &i in &zd.all {
                let d = &spec.devices[i];
                let v = &latest[i];
                match d.role {
                    Role::Transmitter { .. } | Role::TankRadar { .. } => {
                        if let Some(&x) = v.get("temperature") {
                            temps.push(x);
                        }
                        if let Some(&x) = v.get("pressure") {
                            pressures.push(x);
                        }
                        if let Some(&x) = v.get("level_percent") {
                            levels.push(x);
                        }
                        if let Some(&x) = v.get("flow") {
                            flows.push(x);
                        }
                    }
                    Role::Vibration { .. } => {
                        if let Some(&x) = v.get("velocity_rms") {
                            vib.push(x);
                        }
                    }
                    _ => {}
                }
                for limit in &d.limits {
                    let Some(&x) = v.get(limit.property.as_str()) else { continue };
                    if let Some(high) = limit.high.filter(|h| *h > 0.0) {
                        proximity = proximity.max(x / high);
                    }
                    if !limit.inside(x) {
                        alarms += 1.0;
                    }
                }
            }
            let features: [f64; 21] = [
                gas_max,
                gas_mean,
                gas_change,
                max_or_zero(&temps),
                mean(&temps),
                max_or_zero(&pressures),
                mean(&levels),
                mean(&flows),
                max_or_zero(&vib),
                proximity,
                alarms,
                weather.temperature_c,
                weather.humidity_pct,
                weather.wind_speed_m_s,
                weather.temperature_c - weather.dew_point_c,
                f64::from(people.get(code).copied().unwrap_or(0)),
                agv_orders,
                angle.sin(),
                angle.cos(),
                f64::from(u8::from(shift_at(t) == Shift::Night)),
                f64::from(u8::from(weather.raining)),
            ];
            let horizon = t + HORIZON_MIN * MINUTE_MS;
            let here = |g: &&foresight_sim::GroundTruth| g.zone.is_empty() || g.zone == *code;
            let label = truth.iter().filter(here).any(|g| g.start_ms <= horizon && g.end_ms > t);
            let label_start = truth.iter().filter(here).any(|g| g.start_ms > t && g.start_ms <= horizon);
            write!(out, "{t},{z}")?;
            for f in features {
                write!(out, ",{}", round6(f))?;
            }
            writeln!(out, ",{},{}", u8::from(label), u8::from(label_start))?;
            rows += 1;
        }
    }
    out.flush()?;
    eprintln!(
        "{rows} rows ({} zones, {:.1} days, seed {}) to {} in {:.1} s; {} incidents in the ground truth",
        zones.len(),
        args.days,
        args.seed,
        args.out,
        started.elapsed().as_secs_f64(),
        truth.len()
    );
    Ok(())
}

/// Incidents at seeded random times: gaps between occurrences uniform in a range around the demo plan's
/// period (ammonia 1–7 h, mean 4 h; reactor drift 30–66 h, mean 48 h; cold night 1–3 days, mean 2), each
/// range long enough that occurrences of one kind never overlap.
fn random_plan(seed: u64, start_ms: i64, end_ms: i64) -> ScenarioPlan {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut uniform = |lo: i64, hi: i64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        lo + (state % (hi - lo) as u64) as i64
    };
    let mut plan = ScenarioPlan::none();
    for (kind, lo, hi) in [
        (IncidentKind::AmmoniaRise, HOUR_MS, 7 * HOUR_MS),
        (IncidentKind::ReactorDrift, 30 * HOUR_MS, 66 * HOUR_MS),
        (IncidentKind::ColdHumidNight, DAY_MS, 3 * DAY_MS),
    ] {
        let mut t = start_ms + uniform(0, hi);
        while t < end_ms {
            plan = plan.with(kind, t);
            t += uniform(lo, hi);
        }
    }
    plan
}

fn gas_first_alarm(gas: Gas) -> f64 {
    gas.alarm_levels().0
}

fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        0.0
    } else {
        xs.iter().sum::<f64>() / xs.len() as f64
    }
}

fn max_or_zero(xs: &[f64]) -> f64 {
    xs.iter().copied().reduce(f64::max).unwrap_or(0.0)
}

/// Six decimals keep the CSV small; the features' natural precision is far coarser.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

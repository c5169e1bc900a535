//! One risk cycle of a large site on one core: the pure part of the engine's `run_site` (every zone's
//! inputs from the site's minute series, windows and the shipped LSTM on all zones as one batch, factors,
//! rules, fusion and Shapley explanations, the rows to store) for a synthetic site of 1,000 zones whose
//! fusion has 21 inputs each — beside, in the same run and in turns, the LSTM alone on the same windows and
//! `foresight-risk`'s fusion with and without explanations on 1,000 synthetic 21-input zones. The database
//! part of a cycle (loading the site, storing the rows) is not included. Everything runs on the calling
//! thread; run it under `taskset -c N` so it also stays on one core.

use chrono::{TimeZone, Utc};
use foresight_engine::assess::assess_site;
use foresight_engine::gather::{DeviceRow, HazardRow, Settings, SiteData, StoredRule, ZoneRow, HISTORY_MINUTES};
use foresight_engine::inputs::zone_inputs;
use foresight_engine::{Likelihood, OnnxLikelihood};
use foresight_predict::{Predictor, Window};
use foresight_risk::cycle::{assess_zone, synthetic_zones};
use foresight_risk::factors::Factor;
use foresight_risk::fusion::fuse;
use foresight_risk::rules::Rule;
use foresight_risk::FusionConfig;
use serde_json::json;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The fusion's evidence signals per zone in the engine (alarms ×3, deviation, likelihood, paths).
const ENGINE_SIGNALS: usize = 6;

#[derive(Debug, clap::Args)]
pub struct RiskCycleArgs {
    /// Zones of the site.
    #[arg(long, default_value_t = 1000)]
    zones: usize,
    /// Fusion inputs per zone: in the engine, this many minus 6 evidence signals are active dynamic factors
    /// applying to the zone's hazards.
    #[arg(long, default_value_t = 21)]
    inputs: usize,
    /// Measured turns (after one warm-up turn); each turn runs every column once.
    #[arg(long, default_value_t = 10)]
    turns: usize,
}

/// Wall-clock time, and the time the thread actually ran on a CPU (from the scheduler's accounting): on a
/// shared core the difference is time someone else had the core.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    wall: Duration,
    cpu: Duration,
}

/// Nanoseconds this thread has run on a CPU (`/proc/thread-self/schedstat`, first field); 0 if unavailable.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Span) {
    let (cpu, wall) = (thread_cpu_ns(), Instant::now());
    let out = f();
    let span = Span { wall: wall.elapsed(), cpu: Duration::from_nanos(thread_cpu_ns().saturating_sub(cpu)) };
    (out, span)
}

/// Median, best wall and median CPU time of a column, in ms.
struct Column {
    spans: Vec<Span>,
}

impl Column {
    fn median(&self, of: impl Fn(&Span) -> Duration) -> f64 {
        let mut v: Vec<Duration> = self.spans.iter().map(of).collect();
        v.sort();
        v.get(v.len() / 2).map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    }
    fn best(&self) -> f64 {
        self.spans.iter().map(|s| s.wall).min().map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    }
    /// Share of the wall time the thread ran, over all turns.
    fn core_share(&self) -> f64 {
        let (cpu, wall): (Duration, Duration) =
            self.spans.iter().fold(Default::default(), |a, s| (a.0 + s.cpu, a.1 + s.wall));
        cpu.as_secs_f64() / wall.as_secs_f64()
    }
}

/// A deterministic pseudo-random stream in [0, 1).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Devices of every zone: (thing model, property, first alarm level if any, typical value, spread).
const ZONE_DEVICES: &[(&str, &str, Option<f64>, f64, f64)] = &[
    ("gas_detector_nh3", "nh3", Some(25.0), 4.0, 3.0),
    ("gas_detector_lel", "lel", Some(20.0), 2.0, 2.0),
    ("temperature_transmitter", "temperature", Some(80.0), 45.0, 10.0),
    ("pressure_transmitter", "pressure", Some(1.6), 0.9, 0.2),
    ("level_transmitter", "level_percent", None, 55.0, 15.0),
    ("flow_transmitter", "flow", None, 30.0, 8.0),
    ("vibration_sensor", "velocity_rms", Some(7.1), 2.5, 1.0),
    ("access_gate", "people_inside", None, 3.0, 2.0),
];

/// A site as `gather::load` would return it: `zones` zones, each with the devices above and 41 minutes of
/// readings, five LEC hazards, a few active alarms; a weather station and AGVs site-wide; `factors` dynamic
/// factors that are all active and apply to every hazard (so each zone's fusion has `factors` + 6 inputs),
/// and two expert rules, one of which fires in about a tenth of the zones and opens a risk path there.
fn synthetic_site(zones: usize, factors: usize) -> anyhow::Result<SiteData> {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let n = HISTORY_MINUTES as usize;
    let tenant_id = Uuid::from_u128(1);
    let at = Utc.with_ymd_and_hms(2026, 1, 15, 14, 0, 30).single().ok_or_else(|| anyhow::anyhow!("time"))?;
    let (mut devices, mut minutes, mut limits) = (HashMap::new(), HashMap::new(), HashMap::new());
    let mut series =
        |devices: &mut HashMap<Uuid, DeviceRow>, zone_id, code: String, model: &str, property: &str, values| {
            let id = Uuid::from_u128(0x1000_0000 + devices.len() as u128);
            devices.insert(id, DeviceRow { zone_id, name: code.clone(), code, model: model.to_owned() });
            minutes.insert((id, property.to_owned()), values);
            id
        };
    let (mut zone_rows, mut hazards, mut alarms) = (Vec::new(), Vec::new(), Vec::new());
    let categories = ["fire_explosion", "toxic", "mechanical", "vehicle", "fall"];
    for z in 0..zones {
        let zone_id = Uuid::from_u128(0x2000_0000 + z as u128);
        let code = format!("Z-{z:04}");
        // A tenth of the zones have ammonia rising by 3 ppm over the last 10 minutes (the rules' trigger).
        let rising = z % 10 == 0;
        for (d, (model, property, limit, typical, spread)) in ZONE_DEVICES.iter().enumerate() {
            let base = typical + spread * (rng.next() - 0.5);
            let values = (0..n)
                .map(|i| {
                    let trend = if rising && d == 0 && i + 10 >= n { (i + 10 - n) as f64 * 0.3 } else { 0.0 };
                    Some(base + trend + spread * 0.1 * (rng.next() - 0.5))
                })
                .collect();
            let id = series(&mut devices, Some(zone_id), format!("{code}-D{d}"), model, property, values);
            if let Some(limit) = limit {
                limits.insert((id, (*property).to_owned()), *limit);
            }
        }
        for (h, category) in categories.iter().enumerate() {
            let (l, e, c) = ([0.5, 1.0, 3.0][h % 3], [3.0, 6.0][h % 2], [7.0, 15.0, 40.0][(h + z) % 3]);
            hazards.push(HazardRow {
                hazard_id: Uuid::from_u128(0x3000_0000 + (z * 8 + h) as u128),
                zone_id,
                code: format!("HZ-{code}-{h}"),
                name: format!("hazard {h}"),
                category: (*category).to_owned(),
                tags: vec![],
                method: Some("lec".to_owned()),
                likelihood: Some(l),
                exposure: Some(e),
                consequence: Some(c),
                severity: None,
                grade: "yellow".to_owned(),
                responsible_user_id: None,
            });
        }
        for (k, severity) in ["critical", "alarm", "warning"].iter().enumerate() {
            for _ in 0..(rng.next() * (k as f64 + 2.0)) as usize {
                alarms.push((Some(zone_id), (*severity).to_owned()));
            }
        }
        zone_rows.push(ZoneRow { zone_id, code, name: format!("zone {z}") });
    }
    for (property, typical) in [("temperature", 3.0), ("humidity", 90.0), ("wind_speed", 4.0), ("rainfall", 0.0)] {
        let values =
            (0..n).map(|i| Some(typical + if property == "rainfall" { i as f64 * 0.02 } else { 0.0 })).collect();
        series(&mut devices, None, "WS-1".to_owned(), "weather_station", property, values);
    }
    // AGVs: three transport orders each in the hour before the last 10 minutes, three in the last 10
    // minutes, so the dispatch ratio is 6 (a surge: the demo's AGV factor is active).
    let mut agv_states = Vec::new();
    let at_ms = at.timestamp_millis();
    for a in 0..6u128 {
        let id = Uuid::from_u128(0x4000_0000 + a);
        let code = format!("AGV-{a}");
        devices.insert(id, DeviceRow { zone_id: None, name: code.clone(), code, model: "agv".to_owned() });
        let departures = (0..3)
            .map(|k| at_ms - 65 * 60_000 + k * 20 * 60_000)
            .chain((0..3).map(|k| at_ms - 9 * 60_000 + k * 180_000));
        for t in departures {
            agv_states.push((id, t - 1_000, 0.0));
            agv_states.push((id, t, 1.0));
        }
    }
    // The demo's factors that are active on every zone of this site (cold, humid night: the cycle is at
    // 22:00 local, AGV surge), then always-active ones (the local hour is defined) applying to every hazard.
    let mut factor_json: Vec<serde_json::Value> =
        foresight_engine::demo::factors().into_iter().filter(|f| f["id"] != "gas_trend_rising").collect();
    for k in factor_json.len()..factors {
        factor_json.push(json!({
            "id": format!("synthetic_{k}"), "name": format!("synthetic {k}"),
            "condition": {"compare": {"input": "hour_local", "op": ">=", "value": 0.0}},
            "applies_to": "all",
            "effect": {"l": 1.1 + 0.1 * (k % 5) as f64, "e": 1.0 + 0.05 * (k % 3) as f64}
        }));
    }
    factor_json.truncate(factors);
    let factors: Vec<Factor> = factor_json.into_iter().map(serde_json::from_value).collect::<Result<_, _>>()?;
    let mut rule_json = foresight_engine::demo::rules();
    rule_json.push(json!({
        "id": "nh3_rising", "name": "NH3 rising",
        "condition": {"compare": {"input": "nh3_delta_10min", "op": ">=", "value": 0.8}},
        "actions": [{"type": "open_risk_path", "path": "toxic_release"}]
    }));
    let rules = rule_json
        .into_iter()
        .enumerate()
        .map(|(k, r)| {
            Ok(StoredRule {
                id: Uuid::from_u128(0x5000_0000 + k as u128),
                version: 1,
                rule: serde_json::from_value::<Rule>(r)?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(SiteData {
        tenant_id,
        site_id: Uuid::from_u128(2),
        at,
        utc_offset_secs: 8 * 3600,
        zones: zone_rows,
        hazards,
        devices,
        minutes,
        agv_states,
        alarms,
        work: vec![],
        limits,
        settings: Settings::default(),
        factors,
        rules,
        model: None,
        open_paths: vec![],
        skipped: vec![],
    })
}

/// The CPUs this process may run on (`Cpus_allowed_list`).
fn allowed_cpus() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("Cpus_allowed_list:").map(|v| v.trim().to_owned())))
        .unwrap_or_else(|| "?".to_owned())
}

pub fn run(args: RiskCycleArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.inputs >= ENGINE_SIGNALS, "--inputs: at least the engine's {ENGINE_SIGNALS} evidence signals");
    anyhow::ensure!(args.zones > 0 && args.turns > 0, "--zones and --turns must be positive");
    let en = |e: foresight_predict::ModelError| anyhow::anyhow!(e.message(foresight_predict::Lang::En));
    let likelihood = OnnxLikelihood::new(Predictor::shipped().map_err(en)?);
    let predictor = likelihood.predictor();
    let site = synthetic_site(args.zones, args.inputs - ENGINE_SIGNALS)?;
    let config = FusionConfig::default();
    let mut zones = synthetic_zones(args.zones, args.inputs, 42);
    let cpus = allowed_cpus();

    // What the cycle computes, checked once before timing it: every zone predicted, every zone's fusion
    // with the asked number of inputs, explanations present.
    let live = zone_inputs(&site);
    let windows: Vec<Window> = live.iter().filter_map(|z| likelihood.window(&z.rows)).collect();
    anyhow::ensure!(windows.len() == args.zones, "{} of {} zones have a full window", windows.len(), args.zones);
    let predicted = likelihood.predict(&live);
    let outcome = assess_site(&site, &live, &predicted);
    anyhow::ensure!(outcome.rows.len() == args.zones, "{} rows for {} zones", outcome.rows.len(), args.zones);
    let factors_per_zone: Vec<usize> =
        outcome.rows.iter().map(|r| r.inputs["factors"].as_array().map_or(0, Vec::len)).collect();
    let (fmin, fmax) = (factors_per_zone.iter().min().copied(), factors_per_zone.iter().max().copied());
    let explained = outcome.rows.iter().filter(|r| r.contributions.as_array().is_some_and(|c| !c.is_empty())).count();
    let paths = outcome.firings.iter().filter(|f| !f.path.is_empty()).count();
    println!(
        "risk cycle on CPUs {cpus}: {} zones; engine: {}..{} active factors + {ENGINE_SIGNALS} signals per zone, \
         {explained} zones explained, {paths} risk paths open, LSTM {} x {} per zone on {}; \
         foresight-risk columns: {} inputs per zone, all moved",
        args.zones,
        fmin.unwrap_or(0),
        fmax.unwrap_or(0),
        predictor.mapping().window,
        predictor.mapping().features.len(),
        predictor.engine(),
        args.inputs,
    );
    anyhow::ensure!(predicted.iter().all(Option::is_some), "a zone was not predicted");
    if !cpus.chars().all(|c| c.is_ascii_digit()) {
        println!("warning: not pinned to one CPU; run under `taskset -c 1` for one core");
    }
    let exact = zones.iter().map(|z| assess_zone(z, &config)).filter(|a| a.exact).count();
    println!("foresight-risk zones with exact Shapley values: {exact} of {}", args.zones);

    let names = [
        "engine cycle: inputs → LSTM → rules, fusion, Shapley, rows",
        "  of which zone inputs (`inputs::zone_inputs`)",
        "  of which windows + LSTM (`OnnxLikelihood::predict`)",
        "  of which rules, factors, fusion, Shapley, rows (`assess::assess_site`)",
        "baseline: LSTM alone, same 1,000 windows (`Predictor::predict`)",
        "baseline: fusion + exact Shapley, foresight-risk (`assess_zone` × zones)",
        "baseline: fusion alone, no explanations (`fuse` × zones)",
    ];
    let mut columns: Vec<Column> = names.iter().map(|_| Column { spans: Vec::new() }).collect();
    let mut checksum = 0.0;
    for turn in 0..=args.turns {
        let mut spans = [Span::default(); 7];
        // The engine's cycle, as `cycle::run_site` calls it between loading and storing.
        let ((), total) = timed(|| {
            let (live, s1) = timed(|| zone_inputs(&site));
            let (predicted, s2) = timed(|| likelihood.predict(&live));
            let (outcome, s3) = timed(|| assess_site(&site, &live, &predicted));
            checksum += outcome.rows.iter().map(|r| r.value).sum::<f64>();
            (spans[1], spans[2], spans[3]) = (s1, s2, s3);
        });
        spans[0] = total;
        let (p, s4) = timed(|| predictor.predict(&windows));
        checksum += f64::from(p.map_err(|e| anyhow::anyhow!(e.message(foresight_predict::Lang::En)))?[0]);
        spans[4] = s4;
        // The likelihoods of the LSTM as each synthetic zone's likelihood signal, as in the engine.
        for (zone, p) in zones.iter_mut().zip(&predicted) {
            if let Some(s) = zone.signals.iter_mut().find(|s| s.name == "incident_likelihood") {
                s.value = p.unwrap_or(config.likelihood_prior);
            }
        }
        let (sum, s5) = timed(|| zones.iter().map(|z| assess_zone(z, &config).value).sum::<f64>());
        spans[5] = s5;
        let (sum2, s6) = timed(|| zones.iter().map(|z| fuse(z, &config).value).sum::<f64>());
        spans[6] = s6;
        checksum += sum + sum2;
        if turn > 0 {
            for (c, s) in columns.iter_mut().zip(spans) {
                c.spans.push(s);
            }
        }
    }

    let cycle = columns[0].median(|s| s.wall);
    println!("\n{} zones, {} turns after a warm-up, one thread on CPUs {cpus}\n", args.zones, args.turns);
    println!("| column | median ms | best ms | median on-CPU ms | share of the core | cycle / column |");
    println!("|---|--:|--:|--:|--:|--:|");
    for (name, c) in names.iter().zip(&columns) {
        let median = c.median(|s| s.wall);
        println!(
            "| {name} | {median:.1} | {:.1} | {:.1} | {:.0} % | {:.1} |",
            c.best(),
            c.median(|s| s.cpu),
            c.core_share() * 100.0,
            cycle / median
        );
    }
    println!("\ncycle: median {cycle:.0} ms = {:.2} of the 1 s goal; (checksum {checksum:.3})", cycle / 1000.0);
    Ok(())
}

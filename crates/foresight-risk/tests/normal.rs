//! Learned-normal model: detection and false-alarm rates on a seeded synthetic plant, plus unit and property tests.
//!
//! Run `cargo test -p foresight-risk --test normal -- --nocapture` to see the rate table.

use foresight_risk::normal::{Channel, Monitor, NormalConfig, NormalModel, ScoreError, TrainError};
use foresight_risk::Lang;
use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::f64::consts::PI;

// ---------------------------------------------------------------------------------------------------------------
// Synthetic plant: a stirred reactor sampled once a minute. Three latent drivers (production load, feed quality,
// ambient/cooling with a daily cycle) move six measured variables together; each measurement adds its own noise.
// ---------------------------------------------------------------------------------------------------------------

const DAY: usize = 1440;
const NAMES: [&str; 6] = ["reactor_temp", "jacket_temp", "pressure", "feed_flow", "level", "stirrer_current"];
const REACTOR: usize = 0;
const JACKET: usize = 1;
const PRESSURE: usize = 2;
const STIRRER: usize = 5;
/// Measurement noise standard deviation per variable.
const NOISE: [f64; 6] = [0.25, 0.25, 0.03, 0.15, 0.5, 0.12];

fn gauss(rng: &mut StdRng) -> f64 {
    // Box–Muller; rand 0.8 without rand_distr has no normal distribution.
    let u1: f64 = rng.gen_range(f64::EPSILON..1.0);
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (2.0 * PI * u2).cos()
}

/// AR(1) with unit stationary variance.
fn ar1(prev: f64, phi: f64, rng: &mut StdRng) -> f64 {
    phi * prev + (1.0 - phi * phi).sqrt() * gauss(rng)
}

const PHI_LOAD: f64 = 0.995;

fn saturate(v: f64) -> f64 {
    1.5 * (v / 1.5).tanh()
}

struct Plant {
    rng: StdRng,
    /// Multiplies every measurement's noise (1.0 = [`NOISE`]).
    noise: f64,
    t: usize,
    load: f64,
    quality: f64,
    ambient: f64,
}

impl Plant {
    fn new(seed: u64, noise: f64) -> Plant {
        let mut rng = StdRng::seed_from_u64(seed);
        let t = rng.gen_range(0..DAY);
        let (load, quality, ambient) = (gauss(&mut rng), gauss(&mut rng), gauss(&mut rng));
        Plant { rng, noise, t, load, quality, ambient }
    }

    /// The latent state for the next minute.
    fn advance(&mut self) -> (f64, f64, f64) {
        self.t += 1;
        self.load = ar1(self.load, PHI_LOAD, &mut self.rng);
        self.quality = ar1(self.quality, 0.98, &mut self.rng);
        self.ambient = ar1(self.ambient, 0.99, &mut self.rng);
        let cycle = (2.0 * PI * (self.t % DAY) as f64 / DAY as f64).sin() + 0.3 * self.ambient;
        (self.load, self.quality, cycle)
    }

    /// Measured values; `jacket_load` lets a fault make the jacket follow another load than the reactor.
    fn measure(&mut self, load: f64, quality: f64, cycle: f64, jacket_load: f64, extra_noise: [f64; 6]) -> Vec<f64> {
        // Control loops and operating envelopes keep a real plant's drivers within a range: soft-saturate them, so
        // normal data has bounded tails (and never reaches the mean ± 4 sigma alarm limits on its own).
        let (load, quality, jacket_load) = (saturate(load), saturate(quality), saturate(jacket_load));
        let clean = [
            80.0 + 2.0 * load + 0.6 * cycle + 0.5 * quality,
            65.0 + 1.8 * jacket_load + 1.2 * cycle + 0.3 * quality,
            5.0 + 0.25 * load + 0.1 * quality + 0.05 * cycle,
            12.0 + 1.5 * load,
            50.0 + 4.0 * quality - 1.0 * load,
            20.0 + 0.8 * quality + 0.6 * load,
        ];
        // Extra (fault) noise is uniform with the given standard deviation: bounded, so a variance fault tests the
        // model rather than the chance of a Gaussian tail crossing the alarm limit.
        let mut row = Vec::with_capacity(6);
        for j in 0..6 {
            let base = self.noise * NOISE[j] * gauss(&mut self.rng);
            let extra = extra_noise[j] * 3f64.sqrt() * self.rng.gen_range(-1.0..1.0);
            row.push(clean[j] + base + extra);
        }
        row
    }

    fn normal(&mut self) -> Vec<f64> {
        let (l, q, c) = self.advance();
        self.measure(l, q, c, l, [0.0; 6])
    }
}

fn normal_history(seed: u64, len: usize) -> Vec<Vec<f64>> {
    noisy_history(seed, len, 1.0)
}

fn noisy_history(seed: u64, len: usize, noise: f64) -> Vec<Vec<f64>> {
    let mut plant = Plant::new(seed, noise);
    (0..len).map(|_| plant.normal()).collect()
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Fault {
    /// Reactor temperature drifts up (fouled sensor or slowly failing cooling) by 1.0 sigma over 8 hours.
    Ramp,
    /// Pressure steps up by 0.5 sigma (a partly blocked vent).
    Step,
    /// Stirrer current noise standard deviation triples (bearing wear).
    Variance,
    /// Jacket temperature stops following the reactor's load (a bypassed or stuck cooling valve).
    BrokenCorrelation,
}

const RAMP_STEPS: usize = 480;

/// A trial: `warmup` normal minutes, then `window` minutes with the fault injected from the onset.
/// `scale` multiplies the fault's magnitude (1.0 = the magnitudes documented on [`Fault`]).
fn faulty_series(seed: u64, fault: Fault, sigma: &[f64], scale: f64, warmup: usize, window: usize) -> Vec<Vec<f64>> {
    noisy_faulty_series(seed, 1.0, fault, sigma, scale, warmup, window)
}

fn noisy_faulty_series(
    seed: u64,
    noise: f64,
    fault: Fault,
    sigma: &[f64],
    scale: f64,
    warmup: usize,
    window: usize,
) -> Vec<Vec<f64>> {
    let mut plant = Plant::new(seed, noise);
    let mut rows = Vec::with_capacity(warmup + window);
    let mut independent = 0.0;
    for i in 0..warmup + window {
        let (l, q, c) = plant.advance();
        let after = i >= warmup;
        let k = i.saturating_sub(warmup) as f64;
        let mut extra = [0.0; 6];
        let mut jacket_load = l;
        if after && fault == Fault::Variance {
            // Total noise sd becomes m times the normal one: m = 3 at magnitude 1, 2 at magnitude 0.5.
            let m: f64 = 1.0 + 2.0 * scale;
            extra[STIRRER] = (m * m - 1.0).sqrt() * noise * NOISE[STIRRER];
        }
        if fault == Fault::BrokenCorrelation {
            // The jacket's load driver continues from the true load at onset, then evolves independently with the
            // same dynamics, so the jacket's own distribution is unchanged and only the correlation breaks.
            independent = if i == warmup { l } else { ar1(independent, PHI_LOAD, &mut plant.rng) };
            if after {
                // `scale` < 1 keeps part of the true load in the jacket: a partial break.
                jacket_load = scale * independent + (1.0 - scale) * l;
            }
        }
        let mut row = plant.measure(l, q, c, jacket_load, extra);
        if after {
            match fault {
                Fault::Ramp => row[REACTOR] += scale * sigma[REACTOR] * (k / RAMP_STEPS as f64).min(1.0),
                Fault::Step => row[PRESSURE] += scale * 0.5 * sigma[PRESSURE],
                _ => {}
            }
        }
        rows.push(row);
    }
    rows
}

fn mean_sigma(rows: &[Vec<f64>]) -> (Vec<f64>, Vec<f64>) {
    let n = rows[0].len();
    let m = rows.len() as f64;
    let mean: Vec<f64> = (0..n).map(|j| rows.iter().map(|r| r[j]).sum::<f64>() / m).collect();
    let sigma = (0..n).map(|j| (rows.iter().map(|r| (r[j] - mean[j]).powi(2)).sum::<f64>() / (m - 1.0)).sqrt());
    (mean.clone(), sigma.collect())
}

const TRAIN_DAYS: usize = 14;
/// Training histories (each a separate model), so the rates do not rest on one lucky history.
const TRAIN_SEEDS: [u64; 5] = [7, 8, 9, 10, 11];
const TRIALS: u64 = 50;
const WARMUP: usize = 600;
/// Detection counts only if flagged within this many minutes of onset (8 hours).
const WINDOW: usize = 480;
const FAULTS: [Fault; 4] = [Fault::Ramp, Fault::Step, Fault::Variance, Fault::BrokenCorrelation];

/// Single-variable alarm statistics: mean and sigma of normal operation, estimated on a separate 60-day run so
/// they are accurate despite the slow latent drivers.
fn alarm_statistics() -> (Vec<f64>, Vec<f64>) {
    noisy_alarm_statistics(1.0)
}

fn noisy_alarm_statistics(noise: f64) -> (Vec<f64>, Vec<f64>) {
    mean_sigma(&noisy_history(99, 60 * DAY, noise))
}

fn train_on(seed: u64) -> NormalModel {
    noisy_train_on(seed, 1.0)
}

fn noisy_train_on(seed: u64, noise: f64) -> NormalModel {
    let history = noisy_history(seed, TRAIN_DAYS * DAY, noise);
    NormalModel::train(&history, &NAMES, NormalConfig::default()).expect("train")
}

#[derive(Default)]
struct Rates {
    detected: usize,
    /// Baseline: stateless scoring (instant T² and SPE only) with the same run rule, to show what smoothing adds.
    instant_detected: usize,
    trials: usize,
    delays: Vec<usize>,
    pre_onset_flags: usize,
}

/// The plant a run uses: its noise multiplier and the single-variable alarm statistics (mean, sigma).
struct Site<'a> {
    noise: f64,
    mean: &'a [f64],
    sigma: &'a [f64],
}

fn run_fault(model: &NormalModel, site: &Site, fault: Fault, scale: f64, seed: u64, r: &mut Rates) {
    let (mean, sigma) = (site.mean, site.sigma);
    for trial in 0..TRIALS {
        let rows = noisy_faulty_series(seed * 1000 + trial, site.noise, fault, sigma, scale, WARMUP, WINDOW);
        // Every injected series stays inside every single-variable alarm limit (mean ± 4 sigma of normal data).
        for (i, row) in rows.iter().enumerate() {
            for j in 0..row.len() {
                assert!(
                    (row[j] - mean[j]).abs() < 4.0 * sigma[j],
                    "{fault:?} trial {trial} row {i} {} = {} crosses its alarm limit",
                    NAMES[j],
                    row[j]
                );
            }
        }
        let mut monitor = Monitor::new(model);
        let mut delay = None;
        let (mut instant_run, mut instant_hit) = (0, false);
        for (i, row) in rows.iter().enumerate() {
            let instant = model.score(row).expect("score").flagged;
            instant_run = if instant { instant_run + 1 } else { 0 };
            instant_hit |= i >= WARMUP && instant_run >= model.config().run_length;
            let d = monitor.update(model, row).expect("score");
            if d.flagged {
                if i < WARMUP {
                    r.pre_onset_flags += 1;
                } else if delay.is_none() {
                    delay = Some(i - WARMUP);
                }
            }
        }
        r.trials += 1;
        r.instant_detected += usize::from(instant_hit);
        if let Some(d) = delay {
            r.detected += 1;
            r.delays.push(d);
        }
    }
}

#[derive(Default)]
struct FalseAlarms {
    samples: usize,
    flagged: usize,
    episodes: usize,
    by_channel: std::collections::BTreeMap<String, usize>,
    scores: Vec<f64>,
}

/// False alarms on fresh normal data: flagged samples and alarm episodes (rising edges of `flagged`).
fn false_alarms(model: &NormalModel, noise: f64, seed: u64, fa: &mut FalseAlarms) {
    for trial in 0..TRIALS {
        let rows = noisy_history(seed * 1000 + 500 + trial, 2 * DAY, noise);
        let mut monitor = Monitor::new(model);
        let mut was = false;
        for row in &rows {
            let d = monitor.update(model, row).expect("score");
            fa.samples += 1;
            fa.scores.push(d.score);
            if d.flagged {
                fa.flagged += 1;
                *fa.by_channel.entry(format!("{:?}", d.driver)).or_insert(0) += 1;
                if !was {
                    fa.episodes += 1;
                }
            }
            was = d.flagged;
        }
    }
}

fn per_thousand(count: usize, total: usize) -> f64 {
    1000.0 * count as f64 / total as f64
}

/// What one evaluation measured: detection per magnitude and fault, false alarms per 1,000 normal samples.
struct Evaluation {
    rates: Vec<[Rates; 4]>,
    flagged: f64,
    episodes: f64,
    pre_onset: f64,
}

/// Trains one model per training seed on a plant with `noise` times the base measurement noise, runs every fault
/// at every magnitude and the false-alarm runs, and prints the table.
fn evaluate(noise: f64, scales: &[f64]) -> Evaluation {
    let (mean, sigma) = noisy_alarm_statistics(noise);
    let site = Site { noise, mean: &mean, sigma: &sigma };
    let noise_share: Vec<String> =
        NAMES.iter().zip(NOISE.iter().zip(&sigma)).map(|(n, (e, s))| format!("{n} {:.3}", noise * e / s)).collect();
    println!("\n## noise x{noise}: measurement noise / sigma: {}", noise_share.join(", "));
    let mut rates: Vec<[Rates; 4]> = scales.iter().map(|_| Default::default()).collect();
    let mut fa = FalseAlarms::default();
    let mut per_model = Vec::new();
    for seed in TRAIN_SEEDS {
        let model = noisy_train_on(seed, noise);
        let t = model.training();
        println!(
            "model {seed}: {} components ({:.1} % variance), eigenvalues {:.3?}, held-out flag rate {:.4}",
            t.components,
            100.0 * t.explained_variance,
            t.eigenvalues,
            t.holdout_flag_rate
        );
        for (s, &scale) in scales.iter().enumerate() {
            for (f, fault) in FAULTS.into_iter().enumerate() {
                run_fault(&model, &site, fault, scale, seed, &mut rates[s][f]);
            }
        }
        let before = (fa.samples, fa.flagged);
        false_alarms(&model, noise, seed, &mut fa);
        per_model.push(per_thousand(fa.flagged - before.1, fa.samples - before.0));
    }
    let trials = TRAIN_SEEDS.len() * TRIALS as usize;
    println!(
        "\n| fault | magnitude | detected (of {trials}) | detection rate | mean delay (min) | max delay (min) | \
         instant-only rate |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (s, scale) in scales.iter().enumerate() {
        for (f, fault) in FAULTS.into_iter().enumerate() {
            let r = &rates[s][f];
            let rate = r.detected as f64 / r.trials as f64;
            let mean_delay = r.delays.iter().sum::<usize>() as f64 / r.delays.len().max(1) as f64;
            let max_delay = r.delays.iter().max().copied().unwrap_or(0);
            let instant = r.instant_detected as f64 / r.trials as f64;
            println!(
                "| {fault:?} | {scale} x | {} | {rate:.3} | {mean_delay:.1} | {max_delay} | {instant:.3} |",
                r.detected
            );
        }
    }
    let pre_onset: usize = rates.iter().flatten().map(|r| r.pre_onset_flags).sum();
    let pre_onset_samples = scales.len() * FAULTS.len() * trials * WARMUP;
    fa.scores.sort_by(f64::total_cmp);
    let pct = |q: f64| fa.scores[((fa.scores.len() - 1) as f64 * q) as usize];
    println!(
        "monitor score on normal data: median {:.3}, 90th percentile {:.3}, 99th {:.3}, 99.9th {:.3}",
        pct(0.5),
        pct(0.9),
        pct(0.99),
        pct(0.999)
    );
    let evaluation = Evaluation {
        flagged: per_thousand(fa.flagged, fa.samples),
        episodes: per_thousand(fa.episodes, fa.samples),
        pre_onset: per_thousand(pre_onset, pre_onset_samples),
        rates,
    };
    println!(
        "\nnormal data: {} samples, {:.3} flagged samples and {:.3} alarm episodes per 1,000 samples (per model: \
         {per_model:.3?}); by driving channel {:?}; {pre_onset} flagged samples ({:.3} per 1,000) in the \
         {pre_onset_samples} pre-onset samples of the fault trials",
        fa.samples, evaluation.flagged, evaluation.episodes, fa.by_channel, evaluation.pre_onset
    );
    evaluation
}

impl Evaluation {
    fn rate(&self, scale: usize, fault: usize) -> f64 {
        self.rates[scale][fault].detected as f64 / self.rates[scale][fault].trials as f64
    }
}

#[test]
fn detects_injected_drifts_inside_alarm_limits_with_few_false_alarms() {
    let e = evaluate(1.0, &[1.0, 0.5]);
    // Floors with margin below what the method measures (1.000 everywhere, 0.32 and 0.11 per 1,000; see RISK.md).
    for (s, floor) in [(0, 0.95), (1, 0.9)] {
        for (f, fault) in FAULTS.into_iter().enumerate() {
            let rate = e.rate(s, f);
            assert!(rate >= floor, "{fault:?} at magnitude set {s}: detection rate {rate} below {floor}");
        }
    }
    assert!(e.flagged <= 1.0, "{} flagged normal samples per 1,000", e.flagged);
    assert!(e.episodes <= 0.4, "{} false alarm episodes per 1,000 samples", e.episodes);
    assert!(e.pre_onset <= 1.0, "{} pre-onset flags per 1,000", e.pre_onset);
}

/// The half-size faults (relative to each variable's sigma) on a plant whose instruments are twice as noisy: the
/// structure is harder to see, so detection is later. Full-size faults are not run here: with this much noise a
/// tripled noise level crosses the single-variable alarm limit on its own.
#[test]
fn noisier_instruments_detect_later() {
    let e = evaluate(2.0, &[0.5]);
    // Measured: 1.000, 1.000, 1.000, 0.960; 0.23 flagged per 1,000 (see RISK.md).
    for (f, fault) in FAULTS.into_iter().enumerate() {
        let rate = e.rate(0, f);
        assert!(rate >= 0.85, "{fault:?}: detection rate {rate} below 0.85");
    }
    assert!(e.flagged <= 1.0, "{} flagged normal samples per 1,000", e.flagged);
    assert!(e.episodes <= 0.4, "{} false alarm episodes per 1,000 samples", e.episodes);
}

#[test]
fn contributions_point_at_the_faulty_variable() {
    let (_, sigma) = alarm_statistics();
    let model = train_on(7);
    // A broken correlation is a property of the pair: either side may carry the larger residual.
    for (fault, variables) in [
        (Fault::Ramp, vec![REACTOR]),
        (Fault::Step, vec![PRESSURE]),
        (Fault::Variance, vec![STIRRER]),
        (Fault::BrokenCorrelation, vec![REACTOR, JACKET]),
    ] {
        let rows = faulty_series(777, fault, &sigma, 1.0, WARMUP, WINDOW);
        let mut monitor = Monitor::new(&model);
        let mut top = None;
        for row in &rows {
            let d = monitor.update(&model, row).unwrap();
            if d.flagged {
                top = Some(d.top_contributors(&model, 2).into_iter().map(|(v, _)| v.to_string()).collect::<Vec<_>>());
                break;
            }
        }
        let top = top.unwrap_or_else(|| panic!("{fault:?} not flagged"));
        assert!(variables.iter().any(|&v| top.contains(&NAMES[v].to_string())), "{fault:?}: top contributors {top:?}");
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Unit and property tests.
// ---------------------------------------------------------------------------------------------------------------

fn iid(seed: u64, rows: usize, cols: usize) -> Vec<Vec<f64>> {
    let mut rng = StdRng::seed_from_u64(seed);
    // Mildly correlated iid rows: a shared factor plus independent noise.
    (0..rows)
        .map(|_| {
            let f = gauss(&mut rng);
            (0..cols).map(|j| 10.0 * j as f64 + f * (j as f64 * 0.3 + 0.5) + gauss(&mut rng)).collect()
        })
        .collect()
}

fn iid_names(cols: usize) -> Vec<String> {
    (0..cols).map(|j| format!("v{j}")).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn training_samples_of_iid_data_rarely_flag(seed in 0u64..10_000, cols in 2usize..8) {
        let rows = iid(seed, 3000, cols);
        let model = NormalModel::train(&rows, &iid_names(cols), NormalConfig::default()).unwrap();
        let flagged = rows.iter().filter(|r| model.score(r).unwrap().flagged).count();
        prop_assert!((flagged as f64) / (rows.len() as f64) <= 0.005, "{flagged} of {} flagged", rows.len());
    }

    #[test]
    fn contributions_sum_to_the_statistics(seed in 0u64..10_000, cols in 2usize..8, shift in -5.0f64..5.0) {
        let rows = iid(seed, 600, cols);
        let model = NormalModel::train(&rows, &iid_names(cols), NormalConfig::default()).unwrap();
        let mut monitor = Monitor::new(&model);
        let mut rng = StdRng::seed_from_u64(seed ^ 0xABCD);
        for i in 0..200 {
            let mut sample = rows[i].clone();
            sample[i % cols] += shift * rng.gen::<f64>();
            for d in [model.score(&sample).unwrap(), monitor.update(&model, &sample).unwrap()] {
                let (t2, spe) = d.decomposed();
                let sum_t2: f64 = d.contributions.iter().map(|c| c.t2).sum();
                let sum_spe: f64 = d.contributions.iter().map(|c| c.spe).sum();
                prop_assert!((sum_t2 - t2).abs() <= 1e-9 * t2.abs().max(1.0), "T² {sum_t2} vs {t2}");
                prop_assert!((sum_spe - spe).abs() <= 1e-9 * spe.abs().max(1.0), "SPE {sum_spe} vs {spe}");
                prop_assert!(d.contributions.iter().all(|c| c.spe >= 0.0));
            }
        }
    }
}

#[test]
fn serde_round_trip_gives_identical_scores() {
    let (_, sigma) = alarm_statistics();
    let model = train_on(7);
    let json = serde_json::to_string(&model).unwrap();
    let back: NormalModel = serde_json::from_str(&json).unwrap();
    assert_eq!(back, model);
    let rows = faulty_series(3, Fault::Ramp, &sigma, 1.0, 300, 300);
    let mut a = Monitor::new(&model);
    let mut b = Monitor::new(&back);
    let mut reused = model.score(&rows[0]).unwrap();
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(model.score(row).unwrap(), back.score(row).unwrap());
        let expected = a.update(&model, row).unwrap();
        b.update_into(&back, row, &mut reused).unwrap();
        assert_eq!(expected, reused, "update_into gives what update gives");
        if i == 299 {
            // A restart: the monitor state goes through JSON and carries on exactly where it was.
            b = serde_json::from_str(&serde_json::to_string(&b).unwrap()).unwrap();
            assert_eq!(a, b);
        }
    }
}

#[test]
fn inconsistent_stored_models_fail_to_load() {
    let model = NormalModel::train(&normal_history(17, 3 * DAY), &NAMES, NormalConfig::default()).unwrap();
    let good = serde_json::to_value(&model).unwrap();
    let mut short = good.clone();
    short["mean"].as_array_mut().unwrap().pop();
    let mut zero_scale = good.clone();
    zero_scale["std_dev"][2] = 0.0.into();
    let mut future = good.clone();
    future["format"] = 99.into();
    let mut bad_limit = good.clone();
    bad_limit["limits"]["spe"] = (-1.0).into();
    for broken in [short, zero_scale, future, bad_limit] {
        assert!(serde_json::from_value::<NormalModel>(broken).is_err());
    }
    assert_eq!(serde_json::from_value::<NormalModel>(good).unwrap(), model);
}

#[test]
fn training_is_deterministic() {
    let rows = normal_history(11, 3 * DAY);
    let a = NormalModel::train(&rows, &NAMES, NormalConfig::default()).unwrap();
    let b = NormalModel::train(&rows, &NAMES, NormalConfig::default()).unwrap();
    assert_eq!(a, b);
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
}

#[test]
fn model_carries_version_and_metadata() {
    let rows = normal_history(12, 3 * DAY);
    let config = NormalConfig { version: 7, ..NormalConfig::default() };
    let model = NormalModel::train(&rows, &NAMES, config).unwrap();
    assert_eq!(model.version(), 7);
    let t = model.training();
    assert_eq!(t.samples, rows.len());
    assert_eq!(t.fit_samples + t.holdout_samples, rows.len());
    assert_eq!(t.variables, 6);
    assert_eq!(t.components, model.components());
    assert!(t.explained_variance >= 0.9 && t.explained_variance <= 1.0);
    assert_eq!(t.eigenvalues.len(), 6);
    let json: serde_json::Value = serde_json::to_value(&model).unwrap();
    for key in ["format", "version", "variables", "limits", "training", "config"] {
        assert!(json.get(key).is_some(), "{key} missing in {json}");
    }
    for c in Channel::ALL {
        assert!(model.limits().get(c) > 0.0);
    }
}

#[test]
fn monitor_restarts_on_a_new_model_version() {
    let rows = normal_history(13, 3 * DAY);
    let v1 = NormalModel::train(&rows, &NAMES, NormalConfig::default()).unwrap();
    let v2 = NormalModel::train(&rows, &NAMES, NormalConfig { version: 2, ..NormalConfig::default() }).unwrap();
    let mut monitor = Monitor::new(&v1);
    for row in &rows[..10] {
        monitor.update(&v1, row).unwrap();
    }
    assert_eq!(monitor.samples(), 10);
    monitor.update(&v2, &rows[10]).unwrap();
    assert_eq!((monitor.model_version(), monitor.samples()), (2, 1));
}

#[test]
fn training_errors_are_typed_with_code_and_field() {
    let rows = normal_history(14, 600);
    // (samples, names, config, expected code, expected field)
    type Case<'a> = (Vec<Vec<f64>>, Vec<&'a str>, NormalConfig, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (rows.clone(), vec!["a"], NormalConfig::default(), "normal.too_few_variables", "names"),
        (rows[..100].to_vec(), NAMES.to_vec(), NormalConfig::default(), "normal.too_few_samples", "samples"),
        (rows.clone(), vec!["a", "b", "c", "d", "e"], NormalConfig::default(), "normal.column_count", "samples[0]"),
        (
            rows.clone(),
            vec!["a", "b", "c", "d", "a", "f"],
            NormalConfig::default(),
            "normal.duplicate_variable",
            "names",
        ),
        (
            rows.clone(),
            vec!["a", "b", " ", "d", "e", "f"],
            NormalConfig::default(),
            "normal.empty_variable_name",
            "names[2]",
        ),
        (
            rows.clone(),
            NAMES.to_vec(),
            NormalConfig { variance_share: 1.5, ..NormalConfig::default() },
            "normal.invalid_config",
            "config.variance_share",
        ),
    ];
    for (samples, names, config, code, field) in cases {
        let err = NormalModel::train(&samples, &names, config).unwrap_err();
        assert_eq!((err.code(), err.field().as_str()), (code, field), "{err}");
        assert!(!err.message(Lang::ZhCn).is_empty() && !err.message(Lang::En).is_empty());
    }

    let mut bad = rows.clone();
    bad[42][3] = f64::NAN;
    let err = NormalModel::train(&bad, &NAMES, NormalConfig::default()).unwrap_err();
    assert_eq!(err, TrainError::NonFinite { row: 42, variable: "feed_flow".into() });
    assert_eq!(err.field(), "samples[42].feed_flow");
    assert!(err.message(Lang::En).contains("Row 42") && err.message(Lang::ZhCn).contains("第 42 行"));

    let mut bad = rows.clone();
    bad[7][2] = f64::INFINITY;
    assert_eq!(err_code(&bad), "normal.non_finite");

    let mut constant = rows.clone();
    constant.iter_mut().for_each(|r| r[4] = 50.0);
    let err = NormalModel::train(&constant, &NAMES, NormalConfig::default()).unwrap_err();
    assert_eq!(err, TrainError::ConstantVariable { variable: "level".into() });
    assert_eq!(err.field(), "level");

    // Exact copies train (the copy direction stays in the residual) and their divergence is flagged.
    let mut copy = rows.clone();
    copy.iter_mut().for_each(|r| r[1] = r[0]);
    let config = NormalConfig { variance_share: 1.0, ..NormalConfig::default() };
    let model = NormalModel::train(&copy, &NAMES, config).unwrap();
    assert!(!model.score(&copy[10]).unwrap().flagged);
    let mut diverged = copy[10].clone();
    diverged[1] += 0.1;
    assert!(model.score(&diverged).unwrap().flagged);
}

fn err_code(rows: &[Vec<f64>]) -> &'static str {
    NormalModel::train(rows, &NAMES, NormalConfig::default()).unwrap_err().code()
}

#[test]
fn scoring_errors_are_typed_with_code_and_field() {
    let rows = normal_history(15, 3 * DAY);
    let model = NormalModel::train(&rows, &NAMES, NormalConfig::default()).unwrap();
    let err = model.score(&rows[0][..5]).unwrap_err();
    assert_eq!((err.code(), err.field().as_str()), ("normal.column_count", "sample"));
    let mut nan = rows[0].clone();
    nan[4] = f64::NAN;
    let err = model.score(&nan).unwrap_err();
    assert_eq!(err, ScoreError::NonFinite { variable: "level".into() });
    let mut monitor = Monitor::new(&model);
    assert!(monitor.update(&model, &nan).is_err());
    assert_eq!(monitor.samples(), 0, "a rejected sample does not enter the state");

    let mut named: Vec<(&str, f64)> = NAMES.iter().copied().zip(rows[0].iter().copied()).collect();
    assert_eq!(model.sample_from_named(&named).unwrap(), rows[0]);
    named.reverse();
    assert_eq!(model.sample_from_named(&named).unwrap(), rows[0]);
    named.push(("humidity", 1.0));
    let err = model.sample_from_named(&named).unwrap_err();
    assert_eq!(err, ScoreError::UnknownVariable { variable: "humidity".into() });
    assert_eq!(err.code(), "normal.unknown_variable");
    assert_eq!(err.field(), "humidity");
    named.pop();
    named.remove(0);
    let err = model.sample_from_named(&named).unwrap_err();
    assert_eq!((err.code(), err.field().as_str()), ("normal.missing_variable", "stirrer_current"));
    assert!(err.message(Lang::ZhCn).contains("stirrer_current") && err.message(Lang::En).contains("stirrer_current"));
}

#[test]
fn scoring_twenty_variables_takes_microseconds() {
    let cols = 20;
    let rows = iid(16, 4000, cols);
    let model = NormalModel::train(&rows, &iid_names(cols), NormalConfig::default()).unwrap();
    let mut monitor = Monitor::new(&model);
    let start = std::time::Instant::now();
    let mut acc = 0.0;
    for row in &rows {
        acc += monitor.update(&model, row).unwrap().score;
    }
    let per_sample = start.elapsed().as_secs_f64() * 1e6 / rows.len() as f64;
    // Reusing one Deviation: no allocation per sample.
    let mut reused = Monitor::new(&model);
    let mut out = reused.update(&model, &rows[0]).unwrap();
    let start = std::time::Instant::now();
    for row in &rows[1..] {
        reused.update_into(&model, row, &mut out).unwrap();
        acc += out.score;
    }
    let per_sample_into = start.elapsed().as_secs_f64() * 1e6 / (rows.len() - 1) as f64;
    let start = std::time::Instant::now();
    for row in &rows {
        acc += model.score(row).unwrap().score;
    }
    let stateless = start.elapsed().as_secs_f64() * 1e6 / rows.len() as f64;
    println!(
        "\nscoring {cols} variables ({} components), µs per sample in this build profile: monitor update \
         {per_sample:.2}, update_into {per_sample_into:.2}, stateless score {stateless:.2}",
        model.components()
    );
    assert!(acc.is_finite());
    // Loose bound that even an unoptimised test build meets; the release figure is in docs/RISK.md.
    assert!(per_sample < 500.0, "{per_sample} µs per sample");
}

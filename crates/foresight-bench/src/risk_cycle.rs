//! One risk cycle of a large site on one core: 1,000 zones × 21 inputs, the shipped LSTM on a batch of
//! 1,000 windows (30 minutes × 21 features each), then fusion with exact Shapley explanations per zone —
//! beside the pure fusion alone (no predictor, no explanations) as the baseline. Everything runs on the
//! calling thread (tract is single-threaded here); the database part of a cycle is not included.

use foresight_predict::{Predictor, Window};
use foresight_risk::cycle::{assess_zone, synthetic_zones};
use foresight_risk::fusion::{fuse, SignalKind};
use foresight_risk::FusionConfig;
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct RiskCycleArgs {
    /// Zones per cycle.
    #[arg(long, default_value_t = 1000)]
    zones: usize,
    /// Inputs per zone (factors first, then alarm counts, likelihood, paths, deviations).
    #[arg(long, default_value_t = 21)]
    inputs: usize,
    /// Measured cycles (after one warm-up cycle).
    #[arg(long, default_value_t = 5)]
    cycles: usize,
}

/// Plausible raw windows: deterministic values around each feature's typical magnitude.
fn windows(n: usize, window: usize, features: usize) -> Vec<Window> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as f64 / (1u64 << 31) as f64) as f32
    };
    (0..n).map(|_| Window::from_flat((0..window * features).map(|_| next()).collect())).collect()
}

fn stats(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(samples[0]), ms(samples[samples.len() / 2]))
}

pub fn run(args: RiskCycleArgs) -> anyhow::Result<()> {
    let predictor = Predictor::shipped()?;
    let mapping = predictor.mapping().clone();
    let batch = windows(args.zones, mapping.window, mapping.features.len());
    let config = FusionConfig::default();
    let mut zones = synthetic_zones(args.zones, args.inputs, 42);
    println!(
        "risk cycle: {} zones x {} inputs, LSTM window {} x {} features, {} cycles after a warm-up, one thread",
        args.zones,
        args.inputs,
        mapping.window,
        mapping.features.len(),
        args.cycles
    );

    let (mut full, mut lstm, mut explain, mut baseline) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut checksum = 0.0;
    for i in 0..=args.cycles {
        // The cycle: the predictor's likelihoods become each zone's likelihood signal, then fusion with
        // explanations.
        let started = Instant::now();
        let likelihoods = predictor.predict(&batch)?;
        let predicted = started.elapsed();
        for (zone, p) in zones.iter_mut().zip(&likelihoods) {
            if let Some(s) = zone.signals.iter_mut().find(|s| matches!(s.kind, SignalKind::Likelihood)) {
                s.value = f64::from(*p);
            }
        }
        let explained_start = Instant::now();
        for zone in &zones {
            checksum += assess_zone(zone, &config).value;
        }
        let explained = explained_start.elapsed();
        let total = started.elapsed();

        // Baseline: the same zones fused without predictor or explanations.
        let fused_start = Instant::now();
        for zone in &zones {
            checksum += fuse(zone, &config).value;
        }
        let fused = fused_start.elapsed();
        if i > 0 {
            full.push(total);
            lstm.push(predicted);
            explain.push(explained);
            baseline.push(fused);
        }
    }
    let rows = [
        ("full cycle (LSTM + fusion + Shapley)", stats(full)),
        ("  of which LSTM, batch of all zones", stats(lstm)),
        ("  of which fusion + exact Shapley", stats(explain)),
        ("baseline: fusion alone", stats(baseline)),
    ];
    println!("| part | best ms | median ms |");
    println!("|---|---|---|");
    for (name, (best, median)) in rows {
        println!("| {name} | {best:.1} | {median:.1} |");
    }
    println!("(checksum {checksum:.3})");
    Ok(())
}

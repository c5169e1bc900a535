#![allow(dead_code)]

use foresight_sim::{GatewayBatch, PlantSpec, Simulator};
use foresight_telemetry::ThingModel;
use std::collections::HashMap;

pub const MINUTE: i64 = 60_000;
pub const HOUR: i64 = 3_600_000;
pub const DAY: i64 = 86_400_000;
/// 2026-01-15 00:00 +08:00 (a Thursday in winter).
pub const JANUARY: i64 = 1_768_406_400_000;
/// 2026-07-15 00:00 +08:00.
pub const JULY: i64 = 1_784_044_800_000;
/// 2025-11-10 00:00 +08:00 (late autumn: cold nights, humid air).
pub const NOVEMBER: i64 = 1_762_704_000_000;

/// Steps the simulator from its current time to `to_ms` every `step_ms`, handing each step's batches
/// to `f`.
pub fn run(sim: &mut Simulator, to_ms: i64, step_ms: i64, mut f: impl FnMut(&[GatewayBatch])) {
    let mut t = sim.now_ms();
    while t < to_ms {
        t = (t + step_ms).min(to_ms);
        let batches = sim.step(t);
        f(&batches);
    }
}

/// The demo plant keeping only the devices `keep` accepts.
pub fn plant_with(keep: impl Fn(&foresight_sim::plant::DeviceSpec) -> bool) -> PlantSpec {
    let mut spec = PlantSpec::demo();
    spec.devices.retain(|d| keep(d));
    spec
}

pub fn models(spec: &PlantSpec) -> HashMap<String, ThingModel> {
    let presets = foresight_telemetry::presets::presets();
    spec.devices
        .iter()
        .map(|d| (d.code.clone(), presets.iter().find(|m| m.identifier == d.model).unwrap().clone()))
        .collect()
}

/// Least-squares slope of y over x.
pub fn slope(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    sxy / sxx
}

/// Whether `t` lies in any of the windows (inclusive start, exclusive end), widened by `margin`.
pub fn in_any(t: i64, windows: &[(i64, i64)], margin: i64) -> bool {
    windows.iter().any(|&(a, b)| t >= a - margin && t < b + margin)
}

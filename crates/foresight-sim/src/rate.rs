//! A driver for benchmarks: exactly N readings per second of (simulated) time, in batches of exactly B
//! readings, independent of the plant's natural sampling rates. Values come from the plant's own
//! devices (a quarter of an hour of normal operation before the start), then wander by small AR(1)
//! steps inside their property's range, so every reading passes its thing model's checks and the
//! generator costs little next to the ingest it drives.
//!
//! Reading k (counting from 0) carries `ts = start_ms + floor(k × 1000 / N)`; batch b holds readings
//! b·B … b·B + B − 1, all of one gateway (gateways take turns), each reading one value.

use crate::noise::{normal, stream, SimRng};
use crate::plant::PlantSpec;
use crate::scenario::ScenarioPlan;
use crate::signals::{GatewayBatch, Reading, Simulator};
use crate::time::MINUTE_MS;
use foresight_telemetry::DataType;
use serde_json::Value;

#[derive(Debug, Clone)]
enum Kind {
    Float { lo: f64, hi: f64, precision: u8 },
    Int { lo: f64, hi: f64 },
    Fixed(Value),
}

#[derive(Debug, Clone)]
struct Series {
    device: String,
    property: &'static str,
    kind: Kind,
    base: f64,
    x: f64,
    sigma: f64,
}

#[derive(Debug, Clone)]
struct GatewaySeries {
    code: String,
    series: Vec<Series>,
    cursor: usize,
    seq: u64,
}

#[derive(Debug, Clone)]
pub struct RateDriver {
    gateways: Vec<GatewaySeries>,
    readings_per_second: u64,
    batch_size: usize,
    start_ms: i64,
    emitted: u64,
    blocks: u64,
    rng: SimRng,
    tenant: Option<String>,
}

impl RateDriver {
    /// Panics when `readings_per_second` or `batch_size` is zero.
    pub fn new(spec: &PlantSpec, seed: u64, start_ms: i64, readings_per_second: u32, batch_size: usize) -> RateDriver {
        assert!(readings_per_second > 0 && batch_size > 0, "rate and batch size must be positive");
        let mut template = spec.clone();
        template.scenarios = ScenarioPlan::none();
        let mut sim = Simulator::new(template, seed, start_ms - 15 * MINUTE_MS);
        let batches = sim.step(start_ms);
        let presets = foresight_telemetry::presets::presets();
        let mut gateways: Vec<GatewaySeries> = Vec::new();
        for g in &spec.gateways {
            let mut latest: Vec<Series> = Vec::new();
            for r in batches.iter().filter(|b| b.gateway == g.code).flat_map(|b| &b.readings) {
                let model = &spec.device(&r.device).expect("the simulator only reports known devices").model;
                let model = presets.iter().find(|m| m.identifier == *model).expect("checked by the simulator");
                for (property, value) in &r.values {
                    let Some(p) = model.property(property) else { continue };
                    let x = value.as_f64().or_else(|| value.as_bool().map(|b| f64::from(u8::from(b))));
                    let kind = match (&p.data_type, x) {
                        (DataType::Float { min, max, precision, .. }, Some(_)) => Kind::Float {
                            lo: min.unwrap_or(f64::MIN),
                            hi: max.unwrap_or(f64::MAX),
                            precision: *precision,
                        },
                        (DataType::Int { min, max, .. }, Some(_)) => {
                            Kind::Int { lo: min.map_or(f64::MIN, |m| m as f64), hi: max.map_or(f64::MAX, |m| m as f64) }
                        }
                        _ => Kind::Fixed(value.clone()),
                    };
                    let base = x.unwrap_or(0.0);
                    let sigma = match kind {
                        Kind::Float { precision, .. } => (base.abs() * 0.005).max(10f64.powi(-i32::from(precision))),
                        Kind::Int { .. } => (base.abs() * 0.01).max(0.5),
                        Kind::Fixed(_) => 0.0,
                    };
                    let series = Series { device: r.device.clone(), property, kind, base, x: 0.0, sigma };
                    match latest.iter_mut().find(|s| s.device == r.device && s.property == *property) {
                        Some(s) => *s = series,
                        None => latest.push(series),
                    }
                }
            }
            if !latest.is_empty() {
                gateways.push(GatewaySeries { code: g.code.clone(), series: latest, cursor: 0, seq: 0 });
            }
        }
        assert!(!gateways.is_empty(), "the plant reported nothing to build series from");
        RateDriver {
            gateways,
            readings_per_second: u64::from(readings_per_second),
            batch_size,
            start_ms,
            emitted: 0,
            blocks: 0,
            rng: stream(seed, 9),
            tenant: None,
        }
    }

    pub fn with_tenant(mut self, tenant_slug: impl Into<String>) -> RateDriver {
        self.tenant = Some(tenant_slug.into());
        self
    }

    /// Readings produced so far.
    pub fn emitted(&self) -> u64 {
        self.emitted
    }

    /// Distinct (device, property) series the readings cycle through.
    pub fn series_count(&self) -> usize {
        self.gateways.iter().map(|g| g.series.len()).sum()
    }

    fn ts(&self, k: u64) -> i64 {
        self.start_ms + (u128::from(k) * 1000 / u128::from(self.readings_per_second)) as i64
    }

    /// The timestamp of the last reading of the next batch: when it is due.
    pub fn next_due_ms(&self) -> i64 {
        self.ts(self.emitted + self.batch_size as u64 - 1)
    }

    /// The next batch: exactly `batch_size` readings.
    pub fn next_batch(&mut self) -> GatewayBatch {
        let g = (self.blocks % self.gateways.len() as u64) as usize;
        self.blocks += 1;
        let mut readings = Vec::with_capacity(self.batch_size);
        for _ in 0..self.batch_size {
            let ts = self.ts(self.emitted);
            self.emitted += 1;
            let gw = &mut self.gateways[g];
            let k = gw.cursor;
            gw.cursor = (k + 1) % gw.series.len();
            let s = &mut gw.series[k];
            s.x = 0.9 * s.x + 0.435_889_894 * s.sigma * normal(&mut self.rng);
            let value = match &s.kind {
                Kind::Float { lo, hi, precision } => {
                    let f = 10f64.powi(i32::from(*precision));
                    let v = (((s.base + s.x).clamp(*lo, *hi) * f).round() / f).clamp(*lo, *hi);
                    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
                }
                Kind::Int { lo, hi } => Value::from((s.base + s.x).round().clamp(*lo, *hi) as i64),
                Kind::Fixed(v) => v.clone(),
            };
            readings.push(Reading { device: s.device.clone(), ts, values: vec![(s.property, value)] });
        }
        let gw = &mut self.gateways[g];
        let sent_at = readings.last().map_or(self.start_ms, |r| r.ts);
        gw.seq = (gw.seq + 1).max(sent_at.max(0) as u64 * 1000);
        GatewayBatch {
            seq: gw.seq,
            sent_at,
            tenant: self.tenant.clone(),
            gateway: gw.code.clone(),
            readings,
            events: Vec::new(),
        }
    }

    /// Every batch whose last reading is due at or before `now_ms`.
    pub fn batches_until(&mut self, now_ms: i64) -> Vec<GatewayBatch> {
        let mut out = Vec::new();
        while self.next_due_ms() <= now_ms {
            out.push(self.next_batch());
        }
        out
    }
}

//! The simulator: a pure, deterministic generator of gateway batches.
//!
//! [`Simulator::step`] returns, for every gateway with something to send, the readings sampled since
//! the previous step, as batches in the documented JSON format (docs/INGEST.md). The world (weather,
//! process, people, vehicles) advances in fixed one-second ticks of platform time and every device has
//! its own random stream, so the readings do not depend on how often or how irregularly the caller
//! steps: stepping every second or once an hour gives the same readings, only cut into batches
//! differently. Time enters only as arguments.

mod devices;
mod movers;
mod process;
mod weather;
mod world;

pub use movers::Dispatch;
pub use weather::WeatherNow;

use crate::plant::{to_lat_lon, PlantSpec, Role, AMMONIA_LEAK_SOURCE};
use crate::scenario::{ground_truth, GroundTruth, ScenarioPlan, Schedule};
use devices::{cadence, phase_ms, sample, Ctx, DeviceState, Out};
use foresight_telemetry::Property;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use world::World;

/// One reading of one device at one time: `{device, ts, values: {property: value, ...}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub device: String,
    /// The gateway's clock, ms since the Unix epoch.
    pub ts: i64,
    pub values: Vec<(&'static str, Value)>,
}

impl Serialize for Reading {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Values<'a>(&'a [(&'static str, Value)]);
        impl Serialize for Values<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0 {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
        let mut s = serializer.serialize_struct("Reading", 3)?;
        s.serialize_field("device", &self.device)?;
        s.serialize_field("ts", &self.ts)?;
        s.serialize_field("values", &Values(&self.values))?;
        s.end()
    }
}

/// One device event: `{device, event, ts, fields}` (docs/INGEST.md, "Events").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceEvent {
    pub device: String,
    /// The event's identifier in the device's thing model.
    pub event: String,
    /// The gateway's clock, ms since the Unix epoch.
    pub ts: i64,
    pub fields: serde_json::Map<String, Value>,
}

/// One message of one gateway, in the batch format of docs/INGEST.md.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GatewayBatch {
    /// Strictly increasing per gateway and clock-based (at least `sent_at × 1000`), so a restarted
    /// simulator never reuses a sequence number of an earlier run (the ingest's idempotency key).
    pub seq: u64,
    /// The gateway's clock when sending, ms.
    pub sent_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    pub gateway: String,
    pub readings: Vec<Reading>,
    /// Scripted device events (see [`crate::scenario`]); left out of the JSON when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<DeviceEvent>,
}

impl GatewayBatch {
    /// The number of values (stored rows) in the batch.
    pub fn value_count(&self) -> usize {
        self.readings.iter().map(|r| r.values.len()).sum()
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a batch always serialises")
    }
}

/// The MQTT topic a gateway publishes its batches to.
pub fn topic(tenant_slug: &str, gateway_code: &str) -> String {
    format!("foresight/{tenant_slug}/{gateway_code}/telemetry")
}

/// Numeric values of the batches per (device, property), in time order of arrival: booleans as 0/1,
/// enums as their value. For tests and analyses.
pub fn numeric_series(batches: &[GatewayBatch]) -> BTreeMap<(String, String), Vec<(i64, f64)>> {
    let mut out: BTreeMap<(String, String), Vec<(i64, f64)>> = BTreeMap::new();
    for b in batches {
        for r in &b.readings {
            for (p, v) in &r.values {
                let x = match v {
                    Value::Number(n) => n.as_f64(),
                    Value::Bool(b) => Some(f64::from(u8::from(*b))),
                    _ => None,
                };
                if let Some(x) = x {
                    out.entry((r.device.clone(), (*p).to_string())).or_default().push((r.ts, x));
                }
            }
        }
    }
    out
}

/// Counters since the start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub batches: u64,
    pub readings: u64,
    pub values: u64,
    /// Values the models produced outside their property's range and that were clamped into it. A
    /// modelling error: the tests require none.
    pub clamped: u64,
}

/// The demo plant's devices, running. See the module documentation.
#[derive(Debug, Clone)]
pub struct Simulator {
    spec: PlantSpec,
    seed: u64,
    start_ms: i64,
    tenant: Option<String>,
    max_values_per_batch: usize,
    schedule: Schedule,
    world: World,
    devices: Vec<DeviceState>,
    models: Vec<Vec<Property>>,
    device_model: Vec<usize>,
    device_gateway: Vec<usize>,
    queue: BinaryHeap<Reverse<(i64, usize)>>,
    last_ms: i64,
    seq: Vec<u64>,
    stats: Stats,
}

/// Default cap on values per batch (the ingest accepts up to 20,000).
pub const DEFAULT_MAX_VALUES_PER_BATCH: usize = 5_000;

impl Simulator {
    /// A simulator of `spec` whose clock starts at `start_ms` (platform time), with the spec's
    /// scenarios. The first readings are those sampled after `start_ms`.
    ///
    /// Panics if a device names a thing model that is not a preset, or a gateway that is not in the spec.
    pub fn new(spec: PlantSpec, seed: u64, start_ms: i64) -> Simulator {
        let presets = foresight_telemetry::presets::presets();
        let mut models: Vec<Vec<Property>> = Vec::new();
        let mut model_ids: Vec<String> = Vec::new();
        let mut device_model = Vec::with_capacity(spec.devices.len());
        let mut device_gateway = Vec::with_capacity(spec.devices.len());
        for d in &spec.devices {
            let m = match model_ids.iter().position(|id| *id == d.model) {
                Some(m) => m,
                None => {
                    let model = presets
                        .iter()
                        .find(|m| m.identifier == d.model)
                        .unwrap_or_else(|| panic!("device {} uses {}, which is not a preset", d.code, d.model));
                    models.push(model.properties.clone());
                    model_ids.push(d.model.clone());
                    models.len() - 1
                }
            };
            device_model.push(m);
            let g =
                spec.gateways.iter().position(|g| g.code == d.gateway).unwrap_or_else(|| {
                    panic!("device {} names gateway {}, which is not in the plant", d.code, d.gateway)
                });
            device_gateway.push(g);
        }
        let schedule = Schedule::new(start_ms, spec.scenarios.clone());
        let world = World::new(&spec, seed, start_ms, &schedule);
        let devices: Vec<DeviceState> =
            spec.devices.iter().enumerate().map(|(i, d)| DeviceState::new(seed, i, &d.role, start_ms)).collect();
        let mut queue = BinaryHeap::with_capacity(spec.devices.len());
        for (i, d) in spec.devices.iter().enumerate() {
            let (period, _) = cadence(&d.role);
            let phase = phase_ms(i, period);
            let first = start_ms - (start_ms - phase).rem_euclid(period) + period;
            queue.push(Reverse((first, i)));
        }
        let gateways = spec.gateways.len();
        Simulator {
            spec,
            seed,
            start_ms,
            tenant: None,
            max_values_per_batch: DEFAULT_MAX_VALUES_PER_BATCH,
            schedule,
            world,
            devices,
            models,
            device_model,
            device_gateway,
            queue,
            last_ms: start_ms,
            seq: vec![0; gateways],
            stats: Stats::default(),
        }
    }

    /// The demo plant with its recurring incidents.
    pub fn demo(seed: u64, start_ms: i64) -> Simulator {
        Simulator::new(PlantSpec::demo(), seed, start_ms)
    }

    /// Names the tenant in every batch (`tenant` field); by default batches carry none.
    pub fn with_tenant(mut self, tenant_slug: impl Into<String>) -> Simulator {
        self.tenant = Some(tenant_slug.into());
        self
    }

    /// Caps the values per batch; a gateway with more in one step sends several batches.
    pub fn with_max_values_per_batch(mut self, max: usize) -> Simulator {
        self.max_values_per_batch = max.max(1);
        self
    }

    /// Replaces the incident plan from now on (times in it are platform ms; recurrences count from the
    /// simulator's start).
    pub fn set_scenarios(&mut self, plan: ScenarioPlan) {
        self.spec.scenarios = plan.clone();
        self.schedule = Schedule::new(self.start_ms, plan);
    }

    pub fn spec(&self) -> &PlantSpec {
        &self.spec
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn start_ms(&self) -> i64 {
        self.start_ms
    }

    /// The time of the last step.
    pub fn now_ms(&self) -> i64 {
        self.last_ms
    }

    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// The weather as of the last step.
    pub fn weather(&self) -> WeatherNow {
        self.world.weather.now
    }

    /// People inside each zone as of the last step, by zone code.
    pub fn people_per_zone(&self) -> Vec<(String, u32)> {
        self.spec.zones.iter().zip(&self.world.zone_people).map(|(z, n)| (z.code.clone(), *n)).collect()
    }

    /// AGV transport orders taken so far (the most recent 10,000).
    pub fn agv_dispatches(&self) -> Vec<Dispatch> {
        self.world.dispatcher.log.iter().copied().collect()
    }

    /// The scripted incidents whose effect overlaps `[from_ms, to_ms)`, with what tests of detection
    /// check against.
    pub fn ground_truth(&self, from_ms: i64, to_ms: i64) -> Vec<GroundTruth> {
        ground_truth(&self.spec, &self.schedule, from_ms, to_ms)
    }

    /// The scripted SOS at `t` (the world advanced to `t`): the on-site worker nearest to the ammonia
    /// leak, from their wearable band, with its position. None when nobody is on site.
    fn sos_event(&self, t: i64) -> Option<(usize, DeviceEvent)> {
        let distance = |p: [f64; 2]| (p[0] - AMMONIA_LEAK_SOURCE[0]).hypot(p[1] - AMMONIA_LEAK_SOURCE[1]);
        let person = (0..self.world.people.len())
            .filter(|&i| self.world.people[i].on_site)
            .min_by(|&a, &b| distance(self.world.people[a].pos).total_cmp(&distance(self.world.people[b].pos)))?;
        let d = self.spec.devices.iter().position(|d| d.role == Role::Wearable { person })?;
        let g = self.device_gateway[d];
        let [lat, lon] = to_lat_lon(self.world.people[person].pos);
        let mut fields = serde_json::Map::new();
        fields.insert("latitude".into(), Value::from(lat));
        fields.insert("longitude".into(), Value::from(lon));
        let ts = self.spec.gateways[g].clock(t, self.start_ms);
        Some((g, DeviceEvent { device: self.spec.devices[d].code.clone(), event: "sos".into(), ts, fields }))
    }

    /// Everything sampled in `(previous step, now_ms]`, as batches per gateway (none for a gateway with
    /// nothing to send). A `now_ms` at or before the previous step returns nothing.
    pub fn step(&mut self, now_ms: i64) -> Vec<GatewayBatch> {
        let mut per_gateway: Vec<Vec<Reading>> = vec![Vec::new(); self.spec.gateways.len()];
        let mut events: Vec<Vec<DeviceEvent>> = vec![Vec::new(); self.spec.gateways.len()];
        // Scripted events are taken in time order with the samples, so the world is at the event's time
        // whatever the stepping.
        let mut sos = std::collections::VecDeque::from(self.schedule.sos_times(self.last_ms, now_ms));
        loop {
            let next = self.queue.peek().map(|r| r.0).filter(|&(t, _)| t <= now_ms);
            if let Some(&e) = sos.front() {
                if next.is_none_or(|(t, _)| e <= t) {
                    sos.pop_front();
                    self.world.advance_to(&self.spec, &self.schedule, e);
                    if let Some((g, event)) = self.sos_event(e) {
                        events[g].push(event);
                    }
                    continue;
                }
            }
            let Some((t, i)) = next else { break };
            self.queue.pop();
            self.world.advance_to(&self.spec, &self.schedule, t);
            let d = &self.spec.devices[i];
            let ctx = Ctx {
                world: &self.world,
                schedule: &self.schedule,
                spec: &self.spec,
                seed: self.seed,
                start_ms: self.start_ms,
            };
            let mut out = Out::new(&self.models[self.device_model[i]]);
            sample(&ctx, d, &mut self.devices[i], t, &mut out);
            self.stats.clamped += out.clamped;
            let g = self.device_gateway[i];
            if !out.values.is_empty() {
                let ts = self.spec.gateways[g].clock(t, self.start_ms);
                per_gateway[g].push(Reading { device: d.code.clone(), ts, values: out.values });
            }
            let (period, _) = cadence(&d.role);
            self.queue.push(Reverse((t + period, i)));
        }
        if now_ms > self.last_ms {
            self.world.advance_to(&self.spec, &self.schedule, now_ms);
            self.last_ms = now_ms;
        }
        let mut batches = Vec::new();
        for (g, (readings, mut gateway_events)) in per_gateway.into_iter().zip(events).enumerate() {
            let gateway = &self.spec.gateways[g];
            let sent_at = gateway.clock(now_ms, self.start_ms);
            let mut chunk: Vec<Reading> = Vec::new();
            let mut values = 0;
            let mut flush = |chunk: &mut Vec<Reading>, seq: &mut u64, stats: &mut Stats| {
                // Events ride with the gateway's first batch of the step, alone if it has no readings.
                if chunk.is_empty() && gateway_events.is_empty() {
                    return;
                }
                *seq = (*seq + 1).max(sent_at.max(0) as u64 * 1000);
                stats.batches += 1;
                stats.readings += chunk.len() as u64;
                stats.values += chunk.iter().map(|r| r.values.len() as u64).sum::<u64>();
                batches.push(GatewayBatch {
                    seq: *seq,
                    sent_at,
                    tenant: self.tenant.clone(),
                    gateway: gateway.code.clone(),
                    readings: std::mem::take(chunk),
                    events: std::mem::take(&mut gateway_events),
                });
            };
            for r in readings {
                if values + r.values.len() > self.max_values_per_batch && !chunk.is_empty() {
                    flush(&mut chunk, &mut self.seq[g], &mut self.stats);
                    values = 0;
                }
                values += r.values.len();
                chunk.push(r);
            }
            flush(&mut chunk, &mut self.seq[g], &mut self.stats);
        }
        batches
    }
}

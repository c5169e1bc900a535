//! What each device reports at its sample times: the world's true value seen through the instrument
//! (its own AR(1) measurement noise, zero drift, resolution), in the properties of its thing model.

use super::world::World;
use crate::noise::{hash_unit, mix, stream, uniform, Ar1, SimRng};
use crate::plant::{
    to_lat_lon, to_metres, DeviceSpec, Gas, GasSource, Machine, PlantSpec, Quantity, Role, ThermalTarget, VehicleKind,
    FEEDERS, TANKS,
};
use crate::scenario::{ammonia_plume_factor, Schedule};
use crate::time::{local_day, local_hour, shift_at, Shift, DAY_MS, HOUR_MS, TZ_OFFSET_MS};
use foresight_telemetry::{DataType, Property};
use serde_json::Value;
use std::f64::consts::TAU;

use super::process::Tank;

/// Sample period (ms) and how many samples between reports of the slow properties (status, battery).
pub(crate) fn cadence(role: &Role) -> (i64, u64) {
    match role {
        Role::Gas { .. } | Role::Transmitter { .. } | Role::MultiGas { .. } => (10_000, 30),
        Role::PersonTag { .. } | Role::VehicleTag { .. } => (10_000, 30),
        Role::TankRadar { .. } => (30_000, 10),
        Role::Vibration { .. } => (60_000, 60),
        Role::WeatherStation | Role::VideoBox { .. } | Role::CathodicProtection => (60_000, 1),
        Role::Wearable { .. } => (30_000, 10),
        Role::Agv { .. } => (5_000, 12),
        Role::AccessGate { .. } | Role::DcsFeed | Role::PowerQuality { .. } | Role::ThermalCamera { .. } => (30_000, 1),
        Role::SmokeDetector => (60_000, 5),
        Role::Transformer { .. } | Role::Padlock { .. } => (60_000, 60),
    }
}

/// The values of one reading, checked into the property's range and resolution.
pub(crate) struct Out<'a> {
    props: &'a [Property],
    pub values: Vec<(&'static str, Value)>,
    /// Values the model produced outside the property's range (a modelling error; tests expect 0).
    pub clamped: u64,
}

fn round_to(x: f64, precision: u8) -> f64 {
    let f = 10f64.powi(i32::from(precision));
    let r = (x * f).round() / f;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

impl<'a> Out<'a> {
    pub fn new(props: &'a [Property]) -> Out<'a> {
        Out { props, values: Vec::new(), clamped: 0 }
    }

    fn data_type(&self, name: &str) -> Option<&DataType> {
        self.props.iter().find(|p| p.identifier == name).map(|p| &p.data_type)
    }

    fn bounded(&mut self, x: f64, min: Option<f64>, max: Option<f64>) -> f64 {
        let c = x.clamp(min.unwrap_or(f64::MIN), max.unwrap_or(f64::MAX));
        if (c - x).abs() > 1e-9 {
            self.clamped += 1;
        }
        c
    }

    pub fn num(&mut self, name: &'static str, x: f64) {
        let value = match self.data_type(name).cloned() {
            Some(DataType::Float { min, max, precision, .. }) => {
                let x = self.bounded(x, min, max);
                let r = round_to(x, precision).clamp(min.unwrap_or(f64::MIN), max.unwrap_or(f64::MAX));
                serde_json::Number::from_f64(r).map_or(Value::Null, Value::Number)
            }
            Some(DataType::Int { min, max, .. }) => {
                let x = self.bounded(x.round(), min.map(|m| m as f64), max.map(|m| m as f64));
                Value::from(x as i64)
            }
            Some(DataType::Bool { .. }) => Value::Bool(x != 0.0),
            Some(DataType::Enum { .. }) => Value::from(x.round() as i64),
            // Unknown property or text: sent as is, so that the reading checks catch the mistake.
            _ => serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number),
        };
        self.values.push((name, value));
    }

    pub fn flag(&mut self, name: &'static str, b: bool) {
        self.values.push((name, Value::Bool(b)));
    }

    pub fn choice(&mut self, name: &'static str, v: i64) {
        self.values.push((name, Value::from(v)));
    }
}

/// One device's own randomness and memory.
#[derive(Debug, Clone)]
pub(crate) struct DeviceState {
    rng: SimRng,
    noise: Vec<Ar1>,
    pub samples: u64,
    last_t: i64,
    total: f64,
    /// A per-device constant in [0, 1) (sensor age, imbalance, ...).
    u: f64,
}

/// Noise of each role: (sigma, tau seconds) of its AR(1) channels.
fn noise_spec(role: &Role) -> Vec<(f64, f64)> {
    match role {
        Role::Gas { gas, .. } => {
            let sigma = match gas {
                Gas::Combustible => 0.25,
                Gas::Nh3 => 0.15,
                Gas::H2s => 0.05,
                Gas::Co => 0.4,
                Gas::Cl2 => 0.008,
            };
            vec![(sigma, 60.0), (0.15, 6.0 * 3600.0), (0.3, 600.0)]
        }
        Role::Transmitter { var } => {
            let sigma = match var.quantity() {
                Quantity::Temperature => 0.05,
                Quantity::Pressure => 0.0005,
                Quantity::Level => 0.003,
                Quantity::Flow => 0.004,
            };
            vec![(sigma, 30.0)]
        }
        Role::TankRadar { .. } => vec![(0.002, 60.0), (0.1, 600.0)],
        Role::Vibration { .. } => vec![(0.05, 86_400.0), (0.08, 120.0), (0.05, 60.0), (0.5, 600.0)],
        Role::WeatherStation => vec![(0.05, 120.0)],
        Role::Wearable { .. } => vec![(2.5, 120.0), (3.0, 300.0), (0.15, 600.0), (1.5, 30.0), (1.5, 30.0)],
        Role::PersonTag { .. } | Role::VehicleTag { .. } => vec![(0.15, 5.0), (0.15, 5.0), (0.05, 60.0)],
        Role::Agv { .. } => vec![(0.02, 5.0), (0.02, 5.0)],
        Role::MultiGas { .. } => vec![(0.05, 60.0), (0.15, 60.0), (0.05, 60.0), (0.6, 60.0)],
        Role::VideoBox { .. } => vec![(1.0, 7200.0), (0.8, 600.0)],
        Role::SmokeDetector => vec![(0.006, 600.0)],
        Role::ThermalCamera { .. } => vec![(0.3, 120.0), (0.5, 600.0)],
        Role::Transformer { .. } => vec![(0.1, 300.0), (0.1, 300.0)],
        Role::PowerQuality { .. } => {
            vec![(0.02, 120.0), (0.3, 60.0), (0.3, 60.0), (0.3, 60.0), (0.1, 300.0), (0.5, 300.0), (0.005, 600.0)]
        }
        Role::CathodicProtection => vec![(0.02, 3600.0), (0.01, 3600.0), (0.4, 3600.0), (0.004, 86_400.0)],
        Role::AccessGate { .. } | Role::DcsFeed | Role::Padlock { .. } => Vec::new(),
    }
}

impl DeviceState {
    pub fn new(seed: u64, index: usize, role: &Role, start_ms: i64) -> DeviceState {
        let mut rng = stream(seed, 1_000_000 + index as u64);
        let noise = noise_spec(role).into_iter().map(|(s, tau)| Ar1::new(s, tau, &mut rng)).collect();
        let u = hash_unit(seed, 77, index as i64);
        let total = uniform(&mut rng, 1e4, 5e5);
        DeviceState { rng, noise, samples: 0, last_t: start_ms, total, u }
    }

    fn step_noise(&mut self, dt_s: f64) {
        for n in &mut self.noise {
            n.step(dt_s, &mut self.rng);
        }
    }

    fn n(&self, k: usize) -> f64 {
        self.noise[k].x
    }
}

/// A phase offset in [0, period) for device `index`, the same on every run.
pub(crate) fn phase_ms(index: usize, period_ms: i64) -> i64 {
    (mix(0xD0_0D ^ index as u64) % period_ms as u64) as i64
}

pub(crate) struct Ctx<'a> {
    pub world: &'a World,
    pub schedule: &'a Schedule,
    pub spec: &'a PlantSpec,
    pub seed: u64,
    pub start_ms: i64,
}

/// Days since the simulator started (for slow ageing such as batteries).
fn days(ctx: &Ctx, t: i64) -> f64 {
    (t - ctx.start_ms) as f64 / DAY_MS as f64
}

/// Samples device `d` at `t` into `out` (which may stay empty: nothing to report).
pub(crate) fn sample(ctx: &Ctx, d: &DeviceSpec, s: &mut DeviceState, t: i64, out: &mut Out) {
    let dt_s = ((t - s.last_t) as f64 / 1000.0).max(0.0);
    s.last_t = t;
    s.step_noise(dt_s);
    let (_, slow_every) = cadence(&d.role);
    let slow = s.samples.is_multiple_of(slow_every);
    s.samples += 1;
    let w = ctx.world;
    let weather = &w.weather.now;
    let process = &w.process;
    let ambient = weather.temperature_c;
    match d.role {
        Role::Gas { gas, baseline, source } => {
            let env = match gas {
                Gas::Nh3 | Gas::Combustible => (1.0 + 0.02 * (ambient - 15.0)).clamp(0.5, 1.6),
                _ => 1.0,
            };
            let extra = match source {
                GasSource::None => 0.0,
                GasSource::Tank(i) => {
                    if process.tank_receiving(i) {
                        if TANKS[i].ammonia {
                            1.2
                        } else {
                            0.8
                        }
                    } else {
                        0.0
                    }
                }
                GasSource::FillingHead(h) => {
                    let filling = f64::from(process.heads[h].filling);
                    baseline * (0.3 * filling + 0.3 * process.filling_activity - 0.3)
                }
            };
            let plume = match (gas, d.position) {
                (Gas::Nh3, Some(p)) => ctx.schedule.ammonia_increment_ppm(t) * ammonia_plume_factor(p),
                _ => 0.0,
            };
            let zero = s.n(1) * baseline.max(0.05);
            let x = (baseline * env + zero + extra + s.n(0)).max(0.0) + plume;
            out.num(gas.property(), x);
            if slow {
                out.choice("status", 0);
                match gas {
                    Gas::Combustible => out.num("sensor_temperature", ambient + 3.0 + s.n(2)),
                    _ => out.num("sensor_life", 95.0 - 60.0 * s.u - days(ctx, t) * 100.0 / 730.0),
                }
            }
        }
        Role::Transmitter { var } => {
            let truth = process.var(var, weather);
            let mut x = truth + s.n(0) * if var.quantity() == Quantity::Flow { truth.abs().max(1.0) } else { 1.0 };
            match var.quantity() {
                Quantity::Level => {
                    x = x.max(0.0);
                    out.num("level", x);
                    out.num("level_percent", 100.0 * x / var.level_span_m());
                }
                Quantity::Flow => {
                    // Low-flow cut-off: a stopped line reads zero.
                    let flow = if truth < 0.05 { 0.0 } else { x.max(0.0) };
                    s.total += flow * dt_s / 3600.0;
                    out.num("flow", flow);
                    out.num("total", s.total);
                }
                Quantity::Temperature => out.num("temperature", x),
                Quantity::Pressure => out.num("pressure", x),
            }
            if slow {
                out.choice("status", 0);
            }
        }
        Role::TankRadar { tank } => {
            let level = process.tanks[tank].level_m + s.n(0);
            out.num("level", level);
            out.num("temperature", process.tanks[tank].product_c + s.n(1));
            out.num("volume", level * Tank::area_m2(tank));
            if slow {
                out.flag("high_high_switch", level >= TANKS[tank].switch_m);
            }
        }
        Role::Vibration { machine } => {
            let (running, base, heat) = match machine {
                Machine::TankPump(j) => (process.tank_pump_running(j), 2.2 + 0.2 * (j % 3) as f64, 20.0),
                Machine::Agitator(_) => (true, 1.6, 15.0),
                Machine::Compressor(e) => (true, 3.2 + 0.4 * e as f64, 30.0),
                Machine::ProcessPump(j) => (j != 1 && j != 4, 2.0 + 0.15 * j as f64, 22.0),
                Machine::Conveyor(_) => (process.heads_filling() > 0, 1.8, 12.0),
                Machine::AirCompressor(i) => match i {
                    0 => (true, if process.air_loaded { 3.0 } else { 1.9 }, 28.0),
                    2 => (true, 2.6, 25.0),
                    _ => (false, 2.5, 0.0),
                },
            };
            let velocity = if running { base * (1.0 + s.n(0)) + s.n(1) } else { 0.1 + 0.5 * s.n(2).abs() };
            out.num("velocity_rms", velocity.max(0.02));
            out.num("acceleration_peak", (0.35 * velocity + s.n(2)).max(0.02));
            let surface = if running { ambient + heat * (velocity / base).clamp(0.5, 1.5) } else { ambient + 1.0 };
            out.num("temperature", surface + s.n(3));
            if slow {
                out.num("battery", (100.0 - 50.0 * s.u - 0.05 * days(ctx, t)).max(5.0));
            }
        }
        Role::WeatherStation => {
            out.num("temperature", ambient + s.n(0));
            out.num("humidity", weather.humidity_pct);
            out.num("wind_speed", weather.wind_speed_m_s);
            out.num("wind_direction", weather.wind_direction_deg.round().rem_euclid(360.0));
            out.num("pressure", weather.pressure_hpa);
            out.num("rainfall", weather.rainfall_today_mm);
        }
        Role::Wearable { person } => {
            let p = &w.people[person];
            if !p.on_site {
                if slow {
                    out.num("battery", p.battery);
                }
                return;
            }
            let base_hr = 60.0 + 16.0 * hash_unit(ctx.seed, 300, person as i64);
            let base_hrv = 28.0 + 30.0 * hash_unit(ctx.seed, 301, person as i64);
            let h = local_hour(t);
            let circadian = 4.0 * (TAU * (h - 16.0) / 24.0).cos();
            let cold = if ambient < 5.0 && !p.indoors() { 4.0 } else { 0.0 };
            let hr = base_hr + 45.0 * p.exertion + circadian + cold + s.n(0);
            out.num("heart_rate", hr.clamp(40.0, 180.0));
            let fatigue = ((t - p.arrived_ms) as f64 / (12.0 * HOUR_MS as f64)).clamp(0.0, 1.0);
            let hrv = base_hrv * (-p.exertion).exp() * (1.0 - 0.2 * fatigue) + s.n(1);
            out.num("hrv", hrv.clamp(8.0, 150.0));
            let skin = 33.3 + (ambient - 20.0) * if p.indoors() { 0.02 } else { 0.06 } + 0.6 * p.exertion + s.n(2);
            out.num("skin_temperature", skin.clamp(29.0, 36.5));
            let metres = 1.0 / crate::plant::PLAN_SCALE_M_PER_PX;
            let [lat, lon] = to_lat_lon([p.pos[0] + s.n(3) * metres, p.pos[1] + s.n(4) * metres]);
            out.num("latitude", lat);
            out.num("longitude", lon);
            if slow {
                out.num("battery", p.battery);
            }
        }
        Role::PersonTag { person } => {
            let p = &w.people[person];
            if p.on_site {
                tag(out, s, p.pos, slow, 1.2, 10, 0.1 + 0.3 * s.u, ctx, t, None);
            }
        }
        Role::VehicleTag { vehicle } => {
            let v = &w.vehicles[vehicle];
            if v.on_site {
                match ctx.spec.vehicles[vehicle].kind {
                    VehicleKind::Forklift => tag(out, s, v.pos, slow, 1.8, 10, 0.2, ctx, t, None),
                    VehicleKind::TankerTruck => {
                        let ll = to_lat_lon(v.pos);
                        tag(out, s, v.pos, slow, 2.5, 4, 0.03, ctx, t, Some(ll))
                    }
                }
            }
        }
        Role::Agv { agv } => {
            let a = &w.agvs[agv];
            let [x, y] = to_metres(a.pos);
            out.num("x", x + s.n(0));
            out.num("y", y + s.n(1));
            out.num("speed", a.speed_m_s);
            out.num("heading", a.heading);
            out.choice("state", a.state_code());
            out.num("load", a.load_kg);
            if slow {
                out.num("battery", a.battery);
                out.num("speed_limit", a.speed_limit);
            }
        }
        Role::MultiGas { kit } => {
            let h = local_hour(t);
            let in_use = shift_at(t) == Shift::Day && ((9.0..11.5).contains(&h) || (13.5..16.5).contains(&h));
            if !in_use {
                return;
            }
            out.num("o2", 20.9 + s.n(0));
            out.num("lel", (0.1 + s.n(1)).max(0.0));
            out.num("h2s", s.n(2).max(0.0));
            out.num("co", (0.5 + s.n(3)).max(0.0));
            if slow {
                out.flag("pump_running", true);
                out.num("battery", (100.0 - 8.0 * (h - 9.0) - 3.0 * kit as f64).max(10.0));
            }
        }
        Role::VideoBox { cameras } => {
            let offline = if s.n(0) > 2.0 { 1.0 } else { 0.0 };
            out.num("online_cameras", f64::from(cameras) - offline);
            out.num("cpu_temperature", 45.0 + 0.4 * (ambient - 20.0) + s.n(1));
        }
        Role::AccessGate { zone } => {
            out.num("people_inside", f64::from(w.zone_people[zone]));
            let recently = t - w.zone_crossing[zone] < 15_000;
            out.choice("door_state", i64::from(recently));
        }
        Role::DcsFeed => {
            out.flag("connected", true);
            out.num("active_alarms", process.dcs_alarms as f64);
        }
        Role::SmokeDetector => {
            out.num("obscuration", (0.02 + s.n(0)).max(0.0));
            if slow {
                out.flag("smoke", false);
                out.flag("flame", false);
                out.choice("status", 0);
            }
        }
        Role::ThermalCamera { target } => {
            let r = &process.reactors;
            let hottest = match target {
                ThermalTarget::Reactors12 => (r[0].temperature_c - 6.0).max(r[1].temperature_c - 6.0),
                ThermalTarget::Reactor3 => {
                    let k105 = process.var(crate::plant::Var::CompressorDischargeTemperature, weather);
                    (r[2].temperature_c - 8.0).max(k105 - 3.0)
                }
                ThermalTarget::Transformers(a, b) => {
                    process.transformers[a].winding_c.max(process.transformers[b].winding_c) - 8.0
                }
            };
            out.num("max_temperature", hottest + s.n(0));
            out.num("avg_temperature", ambient + 6.0 + s.n(1));
        }
        Role::Transformer { unit } => {
            let tr = &process.transformers[unit];
            out.num("oil_temperature", tr.oil_c + s.n(0));
            out.num("winding_temperature", tr.winding_c + s.n(1));
            out.num("load_ratio", tr.load_pct);
            if slow {
                out.num("h2", tr.gases[0]);
                out.num("c2h2", tr.gases[1]);
                out.num("co", tr.gases[2]);
            }
        }
        Role::PowerQuality { feeder } => power_quality(out, s, feeder, ctx),
        Role::CathodicProtection => {
            let wet = if weather.raining { 1.0 } else { 0.0 };
            let current = 8.0 + 6.0 * s.u + s.n(2) + wet;
            out.num("potential", -1.10 + s.n(0) + 0.01 * wet);
            out.num("off_potential", -0.95 + s.n(1));
            out.num("output_current", current);
            out.num("output_voltage", 12.0 + 1.2 * current);
            out.num("corrosion_rate", (0.02 + s.n(3)).max(0.001));
        }
        Role::Padlock { lock } => {
            let day = local_day(t);
            let midnight = day * DAY_MS - TZ_OFFSET_MS;
            let key = 5_000 + 10 * lock as u64;
            let job = hash_unit(ctx.seed, key, day) < 0.35 && (day + 3).rem_euclid(7) < 5;
            let start = midnight + 9 * HOUR_MS + (hash_unit(ctx.seed, key + 1, day) * 5.0 * HOUR_MS as f64) as i64;
            let end = start + HOUR_MS + (hash_unit(ctx.seed, key + 2, day) * 2.0 * HOUR_MS as f64) as i64;
            out.flag("locked", job && (start..end).contains(&t));
            if slow {
                out.num("battery", (95.0 - 40.0 * s.u - 0.05 * days(ctx, t)).max(10.0));
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn tag(
    out: &mut Out,
    s: &DeviceState,
    pos: [f64; 2],
    slow: bool,
    z: f64,
    fix: i64,
    accuracy: f64,
    ctx: &Ctx,
    t: i64,
    lat_lon: Option<[f64; 2]>,
) {
    let [x, y] = to_metres(pos);
    out.num("x", x + s.n(0));
    out.num("y", y + s.n(1));
    if let Some([lat, lon]) = lat_lon {
        out.num("latitude", lat);
        out.num("longitude", lon);
    }
    if slow {
        out.num("z", z + s.n(2));
        out.num("accuracy", accuracy);
        out.choice("fix_type", fix);
        out.num("battery", (100.0 - 60.0 * s.u - 0.2 * days(ctx, t)).max(5.0));
    }
}

fn power_quality(out: &mut Out, s: &DeviceState, feeder: usize, ctx: &Ctx) {
    let p = &ctx.world.process;
    let ambient = ctx.world.weather.now.temperature_c;
    let cooling = ((ambient - 20.0) / 15.0).clamp(0.0, 1.0);
    let day = if shift_at(ctx.world.t) == Shift::Day { 1.0 } else { 0.5 };
    let pumps = (0..6).filter(|&j| p.tank_pump_running(j)).count() as f64;
    let charging = ctx.world.agvs.iter().filter(|a| a.state_code() == 3).count() as f64;
    let share = match feeder {
        0 => 0.35 + 0.3 * p.reactor_load,
        1 => 0.3 + 0.3 * p.reactor_load,
        2 => 0.15 + 0.5 * p.filling_activity,
        3 => 0.1 + 0.12 * pumps,
        4 => 0.25 + 0.25 * day,
        5 => 0.1 + 0.1 * charging,
        6 => 0.45 + 0.25 * cooling,
        7 => 0.5,
        8 => 0.35 + 0.4 * f64::from(p.air_loaded),
        _ => 0.45 + 0.1 * p.reactor_load,
    }
    .min(0.95);
    let (_, rating, thd_i) = FEEDERS[feeder % FEEDERS.len()];
    let current = rating * share * (1.0 + s.n(0));
    let imbalance = [1.0, 1.02, 0.97];
    let grid = 230.0 * (1.0 + p.grid_v.x) * (1.0 - 0.012 * share);
    let offsets = [0.0, 0.8, -0.6];
    let mut power = 0.0;
    let pf = (0.93 - 0.05 * (1.0 - share) + s.n(6)).min(0.99);
    let names = [("voltage_a", "current_a"), ("voltage_b", "current_b"), ("voltage_c", "current_c")];
    for (k, (v_name, i_name)) in names.into_iter().enumerate() {
        let v = grid + offsets[(k + feeder) % 3] + s.n(1 + k);
        let i = current * imbalance[(k + feeder) % 3];
        power += v * i * pf / 1000.0;
        out.num(v_name, v);
        out.num(i_name, i);
    }
    out.num("frequency", 50.0 + p.grid_hz.x);
    out.num("thd_voltage", 1.6 + 1.2 * share + s.n(4));
    out.num("thd_current", (thd_i * (1.2 - 0.4 * share) + s.n(5)).max(0.5));
    out.num("power_factor", pf);
    out.num("active_power", power);
}

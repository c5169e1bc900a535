//! The process side of the plant: reactors around their set points, the recovery column, the hydrogen
//! compressor, tanks receiving and issuing, filling heads cycling, cooling water following the wet-bulb
//! temperature, transformers heating with load, utilities. Every variable is an operating point plus
//! AR(1) deviations plus couplings that hold in normal operation (pressure with temperature, jacket
//! outlet with duty, electric load with production), which is what a learned model of normal
//! behaviour picks up and what the drift incident breaks.

use super::weather::WeatherNow;
use crate::noise::{lag, uniform, Ar1, SimRng};
use crate::plant::{Var, DRIFT_REACTOR, FILLING_HEADS, REACTORS, TANKS};
use crate::scenario::{DriftNow, DRIFT_COOLING_FLOW_PER_C, DRIFT_JACKET_OUTLET_PER_C, DRIFT_PRESSURE_COUPLING};
use crate::time::{shift_at, Shift};
use rand::Rng;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReactorNow {
    pub temperature_c: f64,
    pub pressure_mpa: f64,
    pub jacket_in_c: f64,
    pub jacket_out_c: f64,
    pub cooling_flow_m3h: f64,
    pub feed_flow_m3h: f64,
    pub level_m: f64,
}

#[derive(Debug, Clone)]
struct ReactorNoise {
    t: Ar1,
    p: Ar1,
    jacket_in: Ar1,
    jacket_out: Ar1,
    flow: Ar1,
    feed: Ar1,
    level: Ar1,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TankMode {
    Idle,
    Receiving,
    Issuing,
}

#[derive(Debug, Clone)]
pub(crate) struct Tank {
    pub level_m: f64,
    pub mode: TankMode,
    until: i64,
    rate_m_h: f64,
    pub product_c: f64,
}

impl Tank {
    pub fn area_m2(index: usize) -> f64 {
        let r = TANKS[index].diameter_m / 2.0;
        std::f64::consts::PI * r * r
    }

    /// m³/h into (+) or out of (−) the tank.
    fn flow_m3h(&self, index: usize) -> f64 {
        match self.mode {
            TankMode::Idle => 0.0,
            TankMode::Receiving => self.rate_m_h * Tank::area_m2(index),
            TankMode::Issuing => -self.rate_m_h * Tank::area_m2(index),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Head {
    pub filling: bool,
    until: i64,
    pub flow_m3h: f64,
}

#[derive(Debug, Clone)]
pub(crate) struct Transformer {
    pub oil_c: f64,
    pub winding_c: f64,
    pub load_pct: f64,
    h2: Ar1,
    c2h2: Ar1,
    co: Ar1,
    /// Dissolved H2, C2H2, CO (ppm).
    pub gases: [f64; 3],
}

const GAS_BASE: [[f64; 3]; 4] = [[35.0, 0.0, 260.0], [42.0, 0.2, 310.0], [28.0, 0.0, 180.0], [55.0, 0.3, 220.0]];

#[derive(Debug, Clone)]
pub(crate) struct Process {
    load_noise: Ar1,
    pub reactor_load: f64,
    pub filling_activity: f64,
    elec_noise: Ar1,
    pub electric_load: f64,
    pub cws_c: f64,
    pub cwr_c: f64,
    reactor_noise: Vec<ReactorNoise>,
    pub reactors: [ReactorNow; 3],
    column: [Ar1; 5],
    compressor: [Ar1; 2],
    pub tanks: Vec<Tank>,
    pub heads: Vec<Head>,
    pub transformers: Vec<Transformer>,
    pub air_pressure_mpa: f64,
    pub air_loaded: bool,
    pub grid_hz: Ar1,
    pub grid_v: Ar1,
    utility: [Ar1; 6],
    pub dcs_alarms: i64,
    next_dcs_change: i64,
    pub warehouse_c: f64,
    pub switchgear_c: f64,
    pub drift: DriftNow,
}

fn head_active(h: usize, t: i64) -> bool {
    shift_at(t) == Shift::Day || FILLING_HEADS[h].night
}

/// Saturation temperature of steam at a gauge pressure (MPa), a good-enough fit for 0.5–2 MPa.
fn steam_saturation_c(gauge_mpa: f64) -> f64 {
    100.0 * ((gauge_mpa * 10.0 + 1.013) / 1.013).powf(0.25)
}

/// IEC 60076-7 steady-state top-oil rise and winding gradient of an ONAN transformer at load `k` (p.u.).
fn transformer_rises(k: f64) -> (f64, f64) {
    let oil = 52.0 * ((1.0 + 6.0 * k * k) / 7.0).powf(0.8);
    let gradient = 1.3 * 23.0 * k.powf(1.6);
    (oil, gradient)
}

impl Process {
    pub fn new(t: i64, weather: &WeatherNow, rng: &mut SimRng) -> Process {
        let ar = |sigma: f64, tau: f64, rng: &mut SimRng| Ar1::new(sigma, tau, rng);
        let reactor_noise = REACTORS
            .iter()
            .map(|r| ReactorNoise {
                t: ar(0.25, 300.0, rng),
                p: ar(r.dp_dt_mpa_per_c * 0.25, 180.0, rng),
                jacket_in: ar(0.1, 300.0, rng),
                jacket_out: ar(0.12, 120.0, rng),
                flow: ar(0.3, 120.0, rng),
                feed: ar(0.1, 60.0, rng),
                level: ar(0.04, 900.0, rng),
            })
            .collect();
        let tanks = (0..TANKS.len())
            .map(|_| Tank {
                level_m: uniform(rng, 4.0, 11.0),
                mode: TankMode::Idle,
                until: t + (uniform(rng, 0.0, 3.0) * 3.6e6) as i64,
                rate_m_h: 0.0,
                product_c: weather.daily_mean_c + 1.0,
            })
            .collect();
        let heads = (0..FILLING_HEADS.len())
            .map(|_| Head { filling: false, until: t + (uniform(rng, 0.0, 120.0) * 1e3) as i64, flow_m3h: 0.0 })
            .collect();
        let transformers = GAS_BASE
            .iter()
            .map(|_| Transformer {
                oil_c: 0.0,
                winding_c: 0.0,
                load_pct: 0.0,
                h2: ar(3.0, 2.0 * 86_400.0, rng),
                c2h2: ar(0.05, 86_400.0, rng),
                co: ar(12.0, 2.0 * 86_400.0, rng),
                gases: [0.0; 3],
            })
            .collect();
        let mut p = Process {
            load_noise: ar(0.015, 4.0 * 3600.0, rng),
            reactor_load: 0.95,
            filling_activity: if shift_at(t) == Shift::Day { 1.0 } else { 0.5 },
            elec_noise: ar(0.02, 1800.0, rng),
            electric_load: 0.8,
            cws_c: 0.0,
            cwr_c: 0.0,
            reactor_noise,
            reactors: [ReactorNow::default(); 3],
            column: [
                ar(0.2, 600.0, rng),
                ar(0.4, 600.0, rng),
                ar(0.0015, 300.0, rng),
                ar(0.08, 1200.0, rng),
                ar(0.15, 300.0, rng),
            ],
            compressor: [ar(0.006, 300.0, rng), ar(0.5, 900.0, rng)],
            tanks,
            heads,
            transformers,
            air_pressure_mpa: uniform(rng, 0.64, 0.71),
            air_loaded: rng.gen_bool(0.5),
            grid_hz: ar(0.015, 60.0, rng),
            grid_v: ar(0.004, 600.0, rng),
            utility: [
                ar(0.015, 600.0, rng),
                ar(0.4, 900.0, rng),
                ar(0.15, 300.0, rng),
                ar(0.004, 900.0, rng),
                ar(0.004, 600.0, rng),
                ar(6.0, 600.0, rng),
            ],
            dcs_alarms: rng.gen_range(3..8),
            next_dcs_change: t,
            warehouse_c: 0.7 * weather.daily_mean_c + 0.3 * 15.0 + 1.0,
            switchgear_c: 22.0 + 0.35 * (weather.daily_mean_c - 22.0) + 2.4,
            drift: DriftNow::default(),
        };
        p.cws_c = p.cws_target(weather);
        for (u, tr) in p.transformers.iter_mut().enumerate() {
            let k = transformer_load(u, p.electric_load);
            tr.oil_c = weather.daily_mean_c + transformer_rises(k).0;
        }
        p.compute(t, weather);
        p
    }

    fn cws_target(&self, weather: &WeatherNow) -> f64 {
        (weather.wet_bulb_c + 4.5 + 2.0 * self.reactor_load).max(20.0)
    }

    /// Advances by `dt_s` seconds.
    pub fn update(&mut self, t: i64, dt_s: f64, weather: &WeatherNow, drift: DriftNow, rng: &mut SimRng) {
        self.drift = drift;
        self.reactor_load = (0.95 + self.load_noise.step(dt_s, rng)).clamp(0.85, 1.0);
        self.elec_noise.step(dt_s, rng);
        self.cws_c = lag(self.cws_c, self.cws_target(weather), dt_s, 1800.0);
        self.warehouse_c = lag(self.warehouse_c, 0.7 * weather.temperature_c + 0.3 * 15.0 + 1.0, dt_s, 4.0 * 3600.0);
        let room = 22.0 + 0.35 * (weather.temperature_c - 22.0) + 3.0 * self.electric_load;
        self.switchgear_c = lag(self.switchgear_c, room, dt_s, 3600.0);
        for n in &mut self.reactor_noise {
            n.t.step(dt_s, rng);
            n.jacket_in.step(dt_s, rng);
            n.jacket_out.step(dt_s, rng);
            n.flow.step(dt_s, rng);
            n.feed.step(dt_s, rng);
            n.level.step(dt_s, rng);
        }
        let p_scale = if drift.active { 1.5 } else { 1.0 };
        let drifting = &mut self.reactor_noise[DRIFT_REACTOR].p;
        drifting.set_sigma(REACTORS[DRIFT_REACTOR].dp_dt_mpa_per_c * 0.25 * p_scale);
        for n in &mut self.reactor_noise {
            n.p.step(dt_s, rng);
        }
        for a in self.column.iter_mut().chain(self.compressor.iter_mut()).chain(self.utility.iter_mut()) {
            a.step(dt_s, rng);
        }
        self.grid_hz.step(dt_s, rng);
        self.grid_v.step(dt_s, rng);
        self.update_tanks(t, dt_s, weather, rng);
        self.update_heads(t, rng);
        let active = (0..self.heads.len()).filter(|&h| head_active(h, t)).count() as f64 / self.heads.len() as f64;
        self.filling_activity = lag(self.filling_activity, active, dt_s, 600.0);
        // Instrument air: the lead compressor loads at 0.63 MPa and unloads at 0.72 MPa.
        let demand = 0.0004 + 0.0003 * self.filling_activity;
        let supply = if self.air_loaded { 0.0016 } else { 0.0 };
        self.air_pressure_mpa += (supply - demand) * dt_s;
        if self.air_pressure_mpa >= 0.72 {
            self.air_loaded = false;
        } else if self.air_pressure_mpa <= 0.63 {
            self.air_loaded = true;
        }
        self.air_pressure_mpa = self.air_pressure_mpa.clamp(0.6, 0.75);
        if t >= self.next_dcs_change {
            let up = if self.dcs_alarms < 5 { 0.35 } else { 0.2 };
            let r: f64 = rng.gen();
            if r < up {
                self.dcs_alarms += 1;
            } else if r < 0.5 {
                self.dcs_alarms -= 1;
            }
            self.dcs_alarms = self.dcs_alarms.clamp(1, 14);
            self.next_dcs_change = t + 600_000;
        }
        for (u, tr) in self.transformers.iter_mut().enumerate() {
            tr.h2.step(dt_s, rng);
            tr.c2h2.step(dt_s, rng);
            tr.co.step(dt_s, rng);
            let k = transformer_load(u, self.electric_load);
            let (oil_rise, _) = transformer_rises(k);
            tr.oil_c = lag(tr.oil_c, weather.temperature_c + oil_rise, dt_s, 150.0 * 60.0);
        }
        self.compute(t, weather);
    }

    fn update_tanks(&mut self, t: i64, dt_s: f64, weather: &WeatherNow, rng: &mut SimRng) {
        for tank in &mut self.tanks {
            tank.product_c = lag(tank.product_c, weather.daily_mean_c + 1.0, dt_s, 24.0 * 3600.0);
            let dl = match tank.mode {
                TankMode::Idle => 0.0,
                TankMode::Receiving => tank.rate_m_h,
                TankMode::Issuing => -tank.rate_m_h,
            };
            tank.level_m += dl * dt_s / 3600.0;
            let done = t >= tank.until
                || (tank.mode == TankMode::Receiving && tank.level_m >= 13.0)
                || (tank.mode == TankMode::Issuing && tank.level_m <= 2.0);
            if done {
                let r: f64 = rng.gen();
                let issue = (TankMode::Issuing, uniform(rng, 6.0, 16.0), uniform(rng, 0.04, 0.12));
                let receive = (TankMode::Receiving, uniform(rng, 2.0, 5.0), uniform(rng, 0.25, 0.4));
                let idle = (TankMode::Idle, uniform(rng, 1.0, 4.0), 0.0);
                let (mode, hours, rate) = if tank.level_m >= 11.0 {
                    issue
                } else if tank.level_m <= 4.0 {
                    receive
                } else if tank.mode != TankMode::Idle && r < 0.35 {
                    idle
                } else if r < 0.7 {
                    issue
                } else {
                    receive
                };
                tank.mode = mode;
                tank.rate_m_h = rate;
                tank.until = t + (hours * 3.6e6) as i64;
            }
        }
    }

    fn update_heads(&mut self, t: i64, rng: &mut SimRng) {
        for (h, head) in self.heads.iter_mut().enumerate() {
            if t < head.until {
                continue;
            }
            let spec = FILLING_HEADS[h];
            // Ammonia water into 200 L drums at 6 m³/h; methanol into 1 m³ IBCs at 15 m³/h.
            let (rate, litres) = if spec.ammonia { (6.0, 200.0) } else { (15.0, 1000.0) };
            if head.filling {
                head.filling = false;
                head.flow_m3h = 0.0;
                head.until = t + (uniform(rng, 40.0, 80.0) * 1e3) as i64;
            } else if head_active(h, t) {
                head.filling = true;
                head.flow_m3h = rate * uniform(rng, 0.97, 1.03);
                let secs = litres / 1000.0 / head.flow_m3h * 3600.0;
                head.until = t + (secs * 1e3) as i64;
            } else {
                head.until = t + 60_000;
            }
        }
    }

    fn compute(&mut self, t: i64, weather: &WeatherNow) {
        let cooling_demand = ((weather.temperature_c - 20.0) / 15.0).clamp(0.0, 1.0);
        self.electric_load = (0.3
            + 0.25 * self.reactor_load
            + 0.15 * self.filling_activity
            + 0.12 * cooling_demand
            + 0.03 * f64::from(shift_at(t) == Shift::Night)
            + self.elec_noise.x)
            .clamp(0.4, 1.0);
        self.cwr_c = self.cws_c + 7.5 * self.reactor_load;
        for (r, spec) in REACTORS.iter().enumerate() {
            let n = &self.reactor_noise[r];
            let rise = if r == DRIFT_REACTOR { self.drift.rise_c } else { 0.0 };
            let dev = 1.5 * (self.reactor_load - 0.95) + n.t.x;
            let temperature = spec.temperature_c + dev + rise;
            let pressure = spec.pressure_mpa
                + spec.dp_dt_mpa_per_c * (temperature - spec.temperature_c)
                + (DRIFT_PRESSURE_COUPLING - 1.0) * spec.dp_dt_mpa_per_c * rise
                + n.p.x;
            let jacket_in = self.cws_c + 0.3 + n.jacket_in.x;
            let jacket_out = jacket_in
                + spec.jacket_rise_c * self.reactor_load
                + 0.3 * dev
                + DRIFT_JACKET_OUTLET_PER_C * rise
                + n.jacket_out.x;
            let cooling_flow = spec.cooling_flow_m3h * (0.9 + 0.1 * self.reactor_load)
                + 0.8 * dev
                + 0.25 * (self.cws_c - 25.0)
                + spec.cooling_flow_m3h * DRIFT_COOLING_FLOW_PER_C * rise
                + n.flow.x;
            self.reactors[r] = ReactorNow {
                temperature_c: temperature,
                pressure_mpa: pressure,
                jacket_in_c: jacket_in,
                jacket_out_c: jacket_out,
                cooling_flow_m3h: cooling_flow,
                feed_flow_m3h: spec.feed_flow_m3h * self.reactor_load + n.feed.x,
                level_m: spec.level_m + n.level.x,
            };
        }
        for (u, tr) in self.transformers.iter_mut().enumerate() {
            let k = transformer_load(u, self.electric_load);
            tr.load_pct = 100.0 * k;
            tr.winding_c = tr.oil_c + transformer_rises(k).1;
            let base = GAS_BASE[u];
            tr.gases = [
                (base[0] + tr.h2.x).max(1.0),
                (base[1] + tr.c2h2.x).max(0.0),
                (base[2] + tr.co.x + 0.5 * (tr.oil_c - 50.0)).max(10.0),
            ];
        }
    }

    /// Whether tank pump `j` of the tank farm runs.
    pub fn tank_pump_running(&self, j: usize) -> bool {
        let issuing = |i: usize| self.tanks[i].mode == TankMode::Issuing;
        let receiving = |i: usize| self.tanks[i].mode == TankMode::Receiving;
        match j {
            0..=3 => issuing(2 * j) || issuing(2 * j + 1),
            4 => (0..4).any(receiving),
            _ => (4..8).any(receiving),
        }
    }

    pub fn tank_receiving(&self, i: usize) -> bool {
        self.tanks[i].mode == TankMode::Receiving
    }

    /// Fraction of filling heads filling right now.
    pub fn heads_filling(&self) -> usize {
        self.heads.iter().filter(|h| h.filling).count()
    }

    /// The true value of a process variable.
    pub fn var(&self, v: Var, weather: &WeatherNow) -> f64 {
        use Var::*;
        let transfer = |tanks: std::ops::Range<usize>, mode: TankMode| -> f64 {
            tanks.filter(|&i| self.tanks[i].mode == mode).map(|i| self.tanks[i].flow_m3h(i).abs()).sum()
        };
        match v {
            ReactorTemperature(r) => self.reactors[r].temperature_c,
            JacketInletTemperature(r) => self.reactors[r].jacket_in_c,
            JacketOutletTemperature(r) => self.reactors[r].jacket_out_c,
            ReactorPressure(r) => self.reactors[r].pressure_mpa,
            CoolingWaterFlow(r) => self.reactors[r].cooling_flow_m3h,
            FeedFlow(r) => self.reactors[r].feed_flow_m3h,
            ReactorLevel(r) => self.reactors[r].level_m,
            ColumnTopTemperature => 64.5 + self.column[0].x,
            ColumnBottomTemperature => 105.0 + 2.0 * (self.reactor_load - 0.95) + self.column[1].x,
            ColumnTopPressure => (0.020 + self.column[2].x).clamp(0.008, 0.035),
            ColumnSumpLevel => 1.2 + self.column[3].x,
            RefluxFlow => 8.0 * self.reactor_load + self.column[4].x,
            CompressorDischargePressure => self.reactors[2].pressure_mpa + 0.15 + self.compressor[0].x,
            CompressorDischargeTemperature => 92.0 + 0.3 * (weather.temperature_c - 15.0) + self.compressor[1].x,
            TankPumpPressure(j) => {
                if self.tank_pump_running(j) {
                    0.55
                } else {
                    0.05
                }
            }
            TransferFlow(0) => transfer(0..4, TankMode::Issuing),
            TransferFlow(1) => transfer(6..8, TankMode::Issuing),
            TransferFlow(2) => transfer(0..4, TankMode::Receiving),
            TransferFlow(_) => transfer(4..8, TankMode::Receiving),
            FillingFlow(h) => self.heads[h].flow_m3h,
            FillingHeaderPressure(k) => {
                let filling = (0..2).filter(|&i| self.heads[2 * k + i].filling).count() as f64;
                0.35 - 0.03 * filling
            }
            FillingProductTemperature(0) => (self.tanks[6].product_c + self.tanks[7].product_c) / 2.0,
            FillingProductTemperature(_) => (0..4).map(|i| self.tanks[i].product_c).sum::<f64>() / 4.0 + 0.5,
            SwitchgearRoomTemperature(k) => self.switchgear_c + [0.0, 0.6, -0.4, 1.1][k % 4],
            WarehouseTemperature(k) => self.warehouse_c + [0.0, 0.4, 0.8, -0.3, 0.2, 0.5][k % 6],
            CoolingWaterSupplyTemperature => self.cws_c,
            CoolingWaterReturnTemperature => self.cwr_c,
            CoolingWaterHeaderFlow(k) => {
                let nominal = if k == 0 { 1200.0 } else { 600.0 };
                nominal * (0.85 + 0.15 * self.reactor_load) + 8.0 * (self.cws_c - 25.0) + self.utility[5].x
            }
            CoolingWaterPressure => 0.42 + self.utility[4].x,
            SteamHeaderPressure => 1.0 + self.utility[0].x,
            BoilerDrumPressure => 1.05 + self.utility[0].x,
            SteamTemperature => steam_saturation_c(1.05 + self.utility[0].x) + 1.5,
            FeedwaterTemperature => 104.0 + self.utility[1].x,
            FeedwaterFlow => 8.0 * (0.7 + 0.3 * self.reactor_load) + self.utility[2].x,
            InstrumentAirPressure => self.air_pressure_mpa,
            NitrogenPressure => 0.70 + self.utility[3].x,
        }
    }
}

/// Load of transformer `u` in per unit of its rating.
pub(crate) fn transformer_load(u: usize, electric_load: f64) -> f64 {
    match u {
        0 | 1 => 0.25 + 0.3 * electric_load,
        2 => (0.35 + 0.35 * electric_load) * 1.1,
        _ => (0.35 + 0.35 * electric_load) * 0.9,
    }
}

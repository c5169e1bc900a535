//! Scripted incidents that later capabilities must catch, and their ground truth.
//!
//! - **Ammonia rise** (`ammonia_rise`): a leaking lance at filling head F-302 raises NH3 at the nearest
//!   detector by 0.8 ppm/min for 18 min, holds for 4 min and clears (τ = 4 min) once fixed; detectors
//!   further away see the same shape attenuated with distance (e^(−Δd/8 m)). Meanwhile a rush order
//!   triples the AGV transport orders on the filling line. The peak stays far below the detectors'
//!   first alarm, assumed at 25 ppm (GBZ 2.1 PC-TWA for NH3 is 20 mg/m³ ≈ 28 ppm; GB/T 50493 asks for
//!   a first alarm at or below it; detectors are commonly set at 25/50 ppm): baseline ≈ 1.7 ppm + 14.4.
//!   12 min into the rise ([`AMMONIA_SOS_OFFSET_MS`]) the worker on site nearest to the leak presses SOS
//!   on their wearable band: one `sos` device event with the band's position (the only scripted event).
//! - **Cold, humid night shift** (`cold_humid_night`): a cold front with sea fog and drizzle arrives in
//!   the three hours before a night shift (20:00) and holds the whole shift: ambient 2–4 °C, relative
//!   humidity 88–97 %; it clears over two hours after 08:00. Outside these fronts the climate never
//!   gives below 5 °C together with above 85 % (cold air on the Bohai coast is dry).
//! - **Reactor drift** (`reactor_drift`): R-101's temperature creeps up 0.5 °C/h for 12 h (+6 °C, from
//!   85 °C, high alarm 95 °C) and then recovers within 2 h; its pressure rises twice as much as the
//!   vapour-pressure relation (0.006 MPa/°C) explains, with 1.5× its usual noise; the jacket's cooling
//!   water outlet falls 0.3 °C per °C of drift where it would normally rise (fouling), and the cooling
//!   water flow creeps up 3 % per °C. Every value stays inside every alarm limit.
//!
//! Times are platform time (ms since the Unix epoch). Readings carry their gateway's clock, which
//! differs by a few seconds at most (see [`crate::plant::GatewaySpec`]).

use serde::Serialize;

use crate::plant::{point_in_polygon, Gas, PlantSpec, Role, ThermalTarget, Var, AMMONIA_LEAK_SOURCE, DRIFT_REACTOR};
use crate::plant::{F300, PLAN_SCALE_M_PER_PX, REACTORS};
use crate::time::{next_night_start, DAY_MS, HOUR_MS, MINUTE_MS};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    AmmoniaRise,
    ColdHumidNight,
    ReactorDrift,
}

impl IncidentKind {
    pub const ALL: [IncidentKind; 3] =
        [IncidentKind::AmmoniaRise, IncidentKind::ColdHumidNight, IncidentKind::ReactorDrift];

    pub fn code(self) -> &'static str {
        match self {
            IncidentKind::AmmoniaRise => "ammonia_rise",
            IncidentKind::ColdHumidNight => "cold_humid_night",
            IncidentKind::ReactorDrift => "reactor_drift",
        }
    }

    /// How long before an occurrence's start its effect begins (the front's arrival).
    fn lead_ms(self) -> i64 {
        match self {
            IncidentKind::ColdHumidNight => COLD_RAMP_IN_MS,
            _ => 0,
        }
    }

    /// From the occurrence's start to the end of its effect.
    fn effect_ms(self) -> i64 {
        match self {
            IncidentKind::AmmoniaRise => AMMONIA_EFFECT_MS,
            IncidentKind::ColdHumidNight => COLD_SHIFT_MS + COLD_RAMP_OUT_MS,
            IncidentKind::ReactorDrift => DRIFT_RAMP_MS + DRIFT_RECOVERY_MS,
        }
    }
}

pub const AMMONIA_SLOPE_PPM_PER_MIN: f64 = 0.8;
pub const AMMONIA_RISE_MS: i64 = 18 * MINUTE_MS;
pub const AMMONIA_HOLD_MS: i64 = 4 * MINUTE_MS;
pub const AMMONIA_DECAY_TAU_MS: i64 = 4 * MINUTE_MS;
pub const AMMONIA_EFFECT_MS: i64 = AMMONIA_RISE_MS + AMMONIA_HOLD_MS + 16 * MINUTE_MS;
pub const AMMONIA_PEAK_INCREMENT_PPM: f64 = AMMONIA_SLOPE_PPM_PER_MIN * (AMMONIA_RISE_MS / MINUTE_MS) as f64;
/// First alarm of the NH3 detectors assumed by the scenario (see the module documentation).
pub const AMMONIA_FIRST_ALARM_PPM: f64 = 25.0;
/// The plume: full increment at this distance from the source (the nearest detector), then e^(−Δd/L).
pub const AMMONIA_NEAR_M: f64 = 6.25;
pub const AMMONIA_DECAY_LENGTH_M: f64 = 8.0;
pub const AGV_SURGE_FACTOR: f64 = 3.0;
/// When, after the start of an ammonia rise, the nearest worker sends an SOS from their wearable band.
pub const AMMONIA_SOS_OFFSET_MS: i64 = 12 * MINUTE_MS;

pub const COLD_RAMP_IN_MS: i64 = 3 * HOUR_MS;
pub const COLD_SHIFT_MS: i64 = 12 * HOUR_MS;
pub const COLD_RAMP_OUT_MS: i64 = 2 * HOUR_MS;
/// During the shift the ambient temperature stays below this …
pub const COLD_MAX_TEMPERATURE_C: f64 = 5.0;
/// … and the relative humidity above this.
pub const COLD_MIN_HUMIDITY_PCT: f64 = 85.0;

pub const DRIFT_RATE_C_PER_H: f64 = 0.5;
pub const DRIFT_RAMP_MS: i64 = 12 * HOUR_MS;
pub const DRIFT_RECOVERY_MS: i64 = 2 * HOUR_MS;
pub const DRIFT_MAX_RISE_C: f64 = DRIFT_RATE_C_PER_H * (DRIFT_RAMP_MS / HOUR_MS) as f64;
/// During the drift the pressure follows the temperature this many times as steeply as normal.
pub const DRIFT_PRESSURE_COUPLING: f64 = 2.0;
/// Jacket outlet temperature change per °C of drift (normally it would rise with the reactor).
pub const DRIFT_JACKET_OUTLET_PER_C: f64 = -0.3;
/// Relative cooling water flow change per °C of drift.
pub const DRIFT_COOLING_FLOW_PER_C: f64 = 0.03;

/// An incident repeated every `period_ms`, the first `first_offset_ms` after the simulator's start.
/// A cold, humid night is moved to the first night shift starting at or after its nominal time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recurrence {
    pub kind: IncidentKind,
    pub first_offset_ms: i64,
    pub period_ms: i64,
}

/// One incident at a chosen time (platform ms). A cold, humid night is moved to the first night shift
/// starting at or after `start_ms`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Incident {
    pub kind: IncidentKind,
    pub start_ms: i64,
}

/// Which incidents happen when.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ScenarioPlan {
    pub recurring: Vec<Recurrence>,
    pub once: Vec<Incident>,
}

impl ScenarioPlan {
    /// Normal operation only.
    pub fn none() -> ScenarioPlan {
        ScenarioPlan::default()
    }

    /// The demo's schedule, so that a live demo sees every incident within its first day: the ammonia
    /// rise 20 min after the start and every 4 h; the reactor drift 1 h after the start and every 48 h;
    /// a cold, humid night on the first night shift at least 3 h after the start and every other night.
    pub fn demo() -> ScenarioPlan {
        ScenarioPlan {
            recurring: vec![
                Recurrence { kind: IncidentKind::AmmoniaRise, first_offset_ms: 20 * MINUTE_MS, period_ms: 4 * HOUR_MS },
                Recurrence { kind: IncidentKind::ReactorDrift, first_offset_ms: HOUR_MS, period_ms: 2 * DAY_MS },
                Recurrence {
                    kind: IncidentKind::ColdHumidNight,
                    first_offset_ms: COLD_RAMP_IN_MS,
                    period_ms: 2 * DAY_MS,
                },
            ],
            once: Vec::new(),
        }
    }

    /// Adds one incident at `start_ms`.
    pub fn with(mut self, kind: IncidentKind, start_ms: i64) -> ScenarioPlan {
        self.once.push(Incident { kind, start_ms });
        self
    }
}

fn snap(kind: IncidentKind, t: i64) -> i64 {
    match kind {
        IncidentKind::ColdHumidNight => next_night_start(t),
        _ => t,
    }
}

/// A plan resolved against the simulator's start: pure functions of time.
#[derive(Debug, Clone)]
pub(crate) struct Schedule {
    start_ms: i64,
    plan: ScenarioPlan,
}

/// The state of the drift at one time.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct DriftNow {
    /// °C added to the reactor temperature.
    pub rise_c: f64,
    /// Whether the incident is in effect (pressure noise is larger).
    pub active: bool,
}

impl Schedule {
    pub fn new(start_ms: i64, plan: ScenarioPlan) -> Schedule {
        Schedule { start_ms, plan }
    }

    /// Starts of the occurrences of `kind` whose effect overlaps `[from_ms, to_ms)`, in order.
    pub fn occurrences(&self, kind: IncidentKind, from_ms: i64, to_ms: i64) -> Vec<i64> {
        let (lead, effect) = (kind.lead_ms(), kind.effect_ms());
        let overlaps = |s: i64| s - lead < to_ms && s + effect > from_ms;
        let mut out = Vec::new();
        for r in self.plan.recurring.iter().filter(|r| r.kind == kind && r.period_ms > 0) {
            let first = self.start_ms + r.first_offset_ms;
            // Snapping moves a start later by less than a day; look one period (and a day) earlier.
            let k0 = ((from_ms - effect - DAY_MS - first).div_euclid(r.period_ms) - 1).max(0);
            let mut k = k0;
            loop {
                let nominal = first + k * r.period_ms;
                if nominal - lead >= to_ms {
                    break;
                }
                let s = snap(kind, nominal);
                if overlaps(s) {
                    out.push(s);
                }
                k += 1;
            }
        }
        for i in self.plan.once.iter().filter(|i| i.kind == kind) {
            let s = snap(kind, i.start_ms);
            if overlaps(s) {
                out.push(s);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn active(&self, kind: IncidentKind, t: i64) -> Vec<i64> {
        self.occurrences(kind, t, t + 1)
    }

    /// NH3 added at the nearest detector to the leak (ppm).
    pub fn ammonia_increment_ppm(&self, t: i64) -> f64 {
        self.active(IncidentKind::AmmoniaRise, t).into_iter().map(|s| ammonia_profile(t - s)).sum()
    }

    /// Times of the scripted SOS presses in `(after_ms, until_ms]`, in order.
    pub fn sos_times(&self, after_ms: i64, until_ms: i64) -> Vec<i64> {
        let (from, to) = (after_ms - AMMONIA_SOS_OFFSET_MS, until_ms - AMMONIA_SOS_OFFSET_MS);
        self.occurrences(IncidentKind::AmmoniaRise, from, to + 1)
            .into_iter()
            .map(|s| s + AMMONIA_SOS_OFFSET_MS)
            .filter(|t| (after_ms + 1..=until_ms).contains(t))
            .collect()
    }

    /// Multiplier of the AGV transport order rate.
    pub fn agv_factor(&self, t: i64) -> f64 {
        let surge = self
            .active(IncidentKind::AmmoniaRise, t)
            .into_iter()
            .any(|s| (0..AMMONIA_RISE_MS + AMMONIA_HOLD_MS).contains(&(t - s)));
        if surge {
            AGV_SURGE_FACTOR
        } else {
            1.0
        }
    }

    /// How far the cold front has taken over the weather, 0 to 1.
    pub fn cold_weight(&self, t: i64) -> f64 {
        self.active(IncidentKind::ColdHumidNight, t).into_iter().map(|s| cold_profile(t - s)).fold(0.0, f64::max)
    }

    pub fn drift(&self, t: i64) -> DriftNow {
        let starts = self.active(IncidentKind::ReactorDrift, t);
        DriftNow { rise_c: starts.iter().map(|s| drift_profile(t - s)).fold(0.0, f64::max), active: !starts.is_empty() }
    }
}

fn ammonia_profile(dt: i64) -> f64 {
    let minutes = |ms: i64| ms as f64 / MINUTE_MS as f64;
    if !(0..AMMONIA_EFFECT_MS).contains(&dt) {
        0.0
    } else if dt < AMMONIA_RISE_MS {
        AMMONIA_SLOPE_PPM_PER_MIN * minutes(dt)
    } else if dt < AMMONIA_RISE_MS + AMMONIA_HOLD_MS {
        AMMONIA_PEAK_INCREMENT_PPM
    } else {
        let x = (dt - AMMONIA_RISE_MS - AMMONIA_HOLD_MS) as f64;
        AMMONIA_PEAK_INCREMENT_PPM * (-x / AMMONIA_DECAY_TAU_MS as f64).exp()
    }
}

fn cold_profile(dt: i64) -> f64 {
    let h = |ms: i64| ms as f64 / HOUR_MS as f64;
    if !(-COLD_RAMP_IN_MS..COLD_SHIFT_MS + COLD_RAMP_OUT_MS).contains(&dt) {
        0.0
    } else if dt < 0 {
        crate::noise::smoothstep(-h(COLD_RAMP_IN_MS), 0.0, h(dt))
    } else if dt < COLD_SHIFT_MS {
        1.0
    } else {
        1.0 - crate::noise::smoothstep(h(COLD_SHIFT_MS), h(COLD_SHIFT_MS + COLD_RAMP_OUT_MS), h(dt))
    }
}

fn drift_profile(dt: i64) -> f64 {
    let h = |ms: i64| ms as f64 / HOUR_MS as f64;
    if !(0..DRIFT_RAMP_MS + DRIFT_RECOVERY_MS).contains(&dt) {
        0.0
    } else if dt < DRIFT_RAMP_MS {
        DRIFT_RATE_C_PER_H * h(dt)
    } else {
        let x = h(dt - DRIFT_RAMP_MS);
        DRIFT_MAX_RISE_C * (-x / 0.5).exp() * (1.0 - x / h(DRIFT_RECOVERY_MS))
    }
}

/// Share of the leak's increment that reaches a point (1 at the nearest detector).
pub fn ammonia_plume_factor(position: [f64; 2]) -> f64 {
    let dx = position[0] - AMMONIA_LEAK_SOURCE[0];
    let dy = position[1] - AMMONIA_LEAK_SOURCE[1];
    let d = (dx * dx + dy * dy).sqrt() * PLAN_SCALE_M_PER_PX;
    (-(d - AMMONIA_NEAR_M) / AMMONIA_DECAY_LENGTH_M).exp().min(1.0)
}

/// What a test of a later capability checks a detection against.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroundTruth {
    pub kind: IncidentKind,
    /// `{kind}@{start_ms}`.
    pub id: String,
    pub zone: String,
    /// The window in which the signature is present (for the ammonia rise: from the start of the rise
    /// to the end of the hold; for the night: the night shift; for the drift: the 12 h ramp).
    pub start_ms: i64,
    pub end_ms: i64,
    /// Where any value differs from normal operation at all (ramps, recovery); outside it the plant is
    /// normal as far as this incident goes.
    pub effect_start_ms: i64,
    pub effect_end_ms: i64,
    pub devices: Vec<AffectedDevice>,
    pub signature: Signature,
}

/// A device property the incident changes, and how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AffectedDevice {
    pub device: String,
    pub property: String,
    pub change: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Signature {
    AmmoniaRise {
        /// The NH3 detector nearest to the leak: it sees the full slope.
        source_device: String,
        slope_ppm_per_min: f64,
        rise_end_ms: i64,
        peak_increment_ppm: f64,
        first_alarm_ppm: f64,
        /// AGV transport orders per hour are multiplied by this in [start_ms, end_ms).
        agv_dispatch_factor: f64,
    },
    ColdHumidNight {
        weather_station: String,
        /// Throughout [start_ms, end_ms): temperature below this …
        temperature_below_c: f64,
        /// … and humidity above this.
        humidity_above_pct: f64,
    },
    ReactorDrift {
        reactor: String,
        rate_c_per_h: f64,
        max_rise_c: f64,
        /// The limits the drift stays inside.
        temperature_high_alarm_c: f64,
        pressure_high_alarm_mpa: f64,
        normal_dp_dt_mpa_per_c: f64,
        incident_dp_dt_mpa_per_c: f64,
    },
}

fn affected(d: &crate::plant::DeviceSpec, property: &str, change: String) -> AffectedDevice {
    AffectedDevice { device: d.code.clone(), property: property.into(), change }
}

/// Every occurrence whose effect overlaps `[from_ms, to_ms)`, in time order.
pub(crate) fn ground_truth(spec: &PlantSpec, schedule: &Schedule, from_ms: i64, to_ms: i64) -> Vec<GroundTruth> {
    let mut out = Vec::new();
    for kind in IncidentKind::ALL {
        for s in schedule.occurrences(kind, from_ms, to_ms) {
            out.push(truth(spec, kind, s));
        }
    }
    out.sort_by_key(|g| (g.start_ms, g.kind.code()));
    out
}

fn truth(spec: &PlantSpec, kind: IncidentKind, s: i64) -> GroundTruth {
    let id = format!("{}@{s}", kind.code());
    match kind {
        IncidentKind::AmmoniaRise => {
            let mut devices: Vec<(f64, AffectedDevice)> = Vec::new();
            for d in &spec.devices {
                if let (Role::Gas { gas: Gas::Nh3, .. }, Some(p)) = (d.role, d.position) {
                    let f = ammonia_plume_factor(p);
                    if f >= 0.1 {
                        let change = format!(
                            "+{:.2} ppm/min for {} min (peak +{:.1} ppm)",
                            f * AMMONIA_SLOPE_PPM_PER_MIN,
                            AMMONIA_RISE_MS / MINUTE_MS,
                            f * AMMONIA_PEAK_INCREMENT_PPM
                        );
                        devices.push((f, affected(d, "nh3", change)));
                    }
                }
            }
            devices.sort_by(|a, b| b.0.total_cmp(&a.0));
            let source_device = devices.first().map(|d| d.1.device.clone()).unwrap_or_default();
            let mut devices: Vec<AffectedDevice> = devices.into_iter().map(|d| d.1).collect();
            for d in spec.devices.iter().filter(|d| matches!(d.role, Role::Agv { .. })) {
                devices.push(affected(d, "state", format!("transport orders ×{AGV_SURGE_FACTOR}")));
            }
            GroundTruth {
                kind,
                id,
                zone: spec.zones.get(F300).map(|z| z.code.clone()).unwrap_or_default(),
                start_ms: s,
                end_ms: s + AMMONIA_RISE_MS + AMMONIA_HOLD_MS,
                effect_start_ms: s,
                effect_end_ms: s + AMMONIA_EFFECT_MS,
                devices,
                signature: Signature::AmmoniaRise {
                    source_device,
                    slope_ppm_per_min: AMMONIA_SLOPE_PPM_PER_MIN,
                    rise_end_ms: s + AMMONIA_RISE_MS,
                    peak_increment_ppm: AMMONIA_PEAK_INCREMENT_PPM,
                    first_alarm_ppm: AMMONIA_FIRST_ALARM_PPM,
                    agv_dispatch_factor: AGV_SURGE_FACTOR,
                },
            }
        }
        IncidentKind::ColdHumidNight => {
            let station = spec.devices.iter().find(|d| matches!(d.role, Role::WeatherStation));
            let mut devices = Vec::new();
            if let Some(d) = station {
                devices.push(affected(d, "temperature", format!("below {COLD_MAX_TEMPERATURE_C} °C")));
                devices.push(affected(d, "humidity", format!("above {COLD_MIN_HUMIDITY_PCT} %RH")));
            }
            GroundTruth {
                kind,
                id,
                zone: String::new(),
                start_ms: s,
                end_ms: s + COLD_SHIFT_MS,
                effect_start_ms: s - COLD_RAMP_IN_MS,
                effect_end_ms: s + COLD_SHIFT_MS + COLD_RAMP_OUT_MS,
                devices,
                signature: Signature::ColdHumidNight {
                    weather_station: station.map(|d| d.code.clone()).unwrap_or_default(),
                    temperature_below_c: COLD_MAX_TEMPERATURE_C,
                    humidity_above_pct: COLD_MIN_HUMIDITY_PCT,
                },
            }
        }
        IncidentKind::ReactorDrift => {
            let r = DRIFT_REACTOR;
            let reactor = REACTORS[r];
            let mut devices = Vec::new();
            for d in &spec.devices {
                let change = match d.role {
                    Role::Transmitter { var: Var::ReactorTemperature(x) } if x == r => {
                        Some(("temperature", format!("+{DRIFT_RATE_C_PER_H} °C/h")))
                    }
                    Role::Transmitter { var: Var::ReactorPressure(x) } if x == r => Some((
                        "pressure",
                        format!(
                            "+{:.3} MPa/h ({DRIFT_PRESSURE_COUPLING}× the vapour-pressure relation), noise ×1.5",
                            reactor.dp_dt_mpa_per_c * DRIFT_PRESSURE_COUPLING * DRIFT_RATE_C_PER_H
                        ),
                    )),
                    Role::Transmitter { var: Var::JacketOutletTemperature(x) } if x == r => {
                        Some(("temperature", format!("{:+.2} °C/h", DRIFT_JACKET_OUTLET_PER_C * DRIFT_RATE_C_PER_H)))
                    }
                    Role::Transmitter { var: Var::CoolingWaterFlow(x) } if x == r => {
                        Some(("flow", format!("+{:.1} %/h", 100.0 * DRIFT_COOLING_FLOW_PER_C * DRIFT_RATE_C_PER_H)))
                    }
                    Role::ThermalCamera { target: ThermalTarget::Reactors12 } => {
                        Some(("max_temperature", format!("+{DRIFT_RATE_C_PER_H} °C/h")))
                    }
                    _ => None,
                };
                if let Some((property, change)) = change {
                    devices.push(affected(d, property, change));
                }
            }
            let zone = spec
                .zones
                .iter()
                .find(|z| point_in_polygon(reactor.center, &z.polygon))
                .map(|z| z.code.clone())
                .unwrap_or_default();
            GroundTruth {
                kind,
                id,
                zone,
                start_ms: s,
                end_ms: s + DRIFT_RAMP_MS,
                effect_start_ms: s,
                effect_end_ms: s + DRIFT_RAMP_MS + DRIFT_RECOVERY_MS,
                devices,
                signature: Signature::ReactorDrift {
                    reactor: reactor.code.into(),
                    rate_c_per_h: DRIFT_RATE_C_PER_H,
                    max_rise_c: DRIFT_MAX_RISE_C,
                    temperature_high_alarm_c: reactor.temperature_limits[1],
                    pressure_high_alarm_mpa: reactor.pressure_limits[0],
                    normal_dp_dt_mpa_per_c: reactor.dp_dt_mpa_per_c,
                    incident_dp_dt_mpa_per_c: reactor.dp_dt_mpa_per_c * DRIFT_PRESSURE_COUPLING,
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{local_hour, HOUR_MS};

    const START: i64 = 1_768_406_400_000; // 2026-01-15 00:00 +08:00

    #[test]
    fn the_profiles_have_the_promised_shape() {
        assert_eq!(ammonia_profile(-1), 0.0);
        assert!((ammonia_profile(10 * MINUTE_MS) - 8.0).abs() < 1e-9);
        assert!((ammonia_profile(AMMONIA_RISE_MS + MINUTE_MS) - AMMONIA_PEAK_INCREMENT_PPM).abs() < 1e-9);
        assert!(ammonia_profile(AMMONIA_EFFECT_MS - 1) < 0.5);
        const { assert!(AMMONIA_PEAK_INCREMENT_PPM + 3.0 < AMMONIA_FIRST_ALARM_PPM) };
        assert_eq!(cold_profile(0), 1.0);
        assert_eq!(cold_profile(-COLD_RAMP_IN_MS - 1), 0.0);
        assert!((drift_profile(2 * HOUR_MS) - 1.0).abs() < 1e-9);
        assert!(drift_profile(DRIFT_RAMP_MS + DRIFT_RECOVERY_MS - 1) < 0.01);
    }

    #[test]
    fn demo_occurrences_recur_and_nights_start_at_20_00() {
        let s = Schedule::new(START, ScenarioPlan::demo());
        let nh3 = s.occurrences(IncidentKind::AmmoniaRise, START, START + 24 * HOUR_MS);
        assert_eq!(nh3.len(), 6);
        assert_eq!(nh3[0], START + 20 * MINUTE_MS);
        let nights = s.occurrences(IncidentKind::ColdHumidNight, START, START + 5 * DAY_MS);
        assert_eq!(nights.len(), 3);
        assert!(nights.iter().all(|&n| local_hour(n) == 20.0));
        assert_eq!(nights[1] - nights[0], 2 * DAY_MS);
        let drift = s.occurrences(IncidentKind::ReactorDrift, START, START + 4 * DAY_MS);
        assert_eq!(drift, [START + HOUR_MS, START + HOUR_MS + 2 * DAY_MS]);
        assert!(s.drift(START + 7 * HOUR_MS).rise_c > 2.9);
        assert_eq!(s.agv_factor(START + 30 * MINUTE_MS), AGV_SURGE_FACTOR);
        assert_eq!(s.agv_factor(START + 60 * MINUTE_MS), 1.0);
    }

    #[test]
    fn incidents_can_be_switched_on_at_chosen_times() {
        let at = START + 30 * HOUR_MS + 7 * MINUTE_MS;
        let plan = ScenarioPlan::none()
            .with(IncidentKind::AmmoniaRise, at)
            .with(IncidentKind::ColdHumidNight, at)
            .with(IncidentKind::ReactorDrift, at);
        let s = Schedule::new(START, plan);
        assert_eq!(s.occurrences(IncidentKind::AmmoniaRise, START, START + 3 * DAY_MS), [at]);
        assert!((s.ammonia_increment_ppm(at + 5 * MINUTE_MS) - 4.0).abs() < 1e-9);
        assert_eq!(s.ammonia_increment_ppm(at - 1), 0.0);
        // The night is the next one starting at or after the chosen time: 20:00 on the second day.
        assert_eq!(s.occurrences(IncidentKind::ColdHumidNight, START, START + 3 * DAY_MS), [START + 44 * HOUR_MS]);
        assert_eq!(s.cold_weight(START + 45 * HOUR_MS), 1.0);
        assert_eq!(s.drift(at + 4 * HOUR_MS).rise_c, 2.0);
        assert_eq!(Schedule::new(START, ScenarioPlan::none()).drift(at + 4 * HOUR_MS), DriftNow::default());
    }

    #[test]
    fn ground_truth_names_the_devices() {
        let spec = PlantSpec::demo();
        let s = Schedule::new(START, ScenarioPlan::demo());
        let truth = ground_truth(&spec, &s, START, START + DAY_MS);
        let nh3 = truth.iter().find(|g| g.kind == IncidentKind::AmmoniaRise).unwrap();
        let Signature::AmmoniaRise { source_device, .. } = &nh3.signature else { panic!() };
        assert!(source_device.starts_with("GT-F300-"), "{source_device}");
        assert!(nh3.devices.iter().filter(|d| d.property == "nh3").count() >= 3);
        let drift = truth.iter().find(|g| g.kind == IncidentKind::ReactorDrift).unwrap();
        assert_eq!(drift.zone, "R-100");
        assert_eq!(drift.devices.len(), 5);
        let night = truth.iter().find(|g| g.kind == IncidentKind::ColdHumidNight).unwrap();
        assert_eq!(night.devices[0].device, "WS-01");
        let json = serde_json::to_value(&truth).unwrap();
        assert_eq!(json[0]["kind"], "ammonia_rise");
    }
}

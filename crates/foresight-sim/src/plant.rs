//! The demo plant as data: site, zones, gateways, equipment, people and the few hundred devices the
//! demo tenant registers, with their thing model presets and positions on the site plan.
//!
//! Plan coordinates are pixels of the 1600 × 1000 px site plan (origin top-left, x right, y down) at
//! 0.25 m/px, the same as the zones' polygons. Everything here is built deterministically: the same
//! code gives the same plant on every machine, so device codes are stable across runs.

use serde::Serialize;

use crate::scenario::ScenarioPlan;

pub const SITE_CODE: &str = "BH1";
pub const PLAN_SIZE_PX: [u32; 2] = [1600, 1000];
pub const PLAN_SCALE_M_PER_PX: f64 = 0.25;
/// WGS-84 position of the plan's origin (top-left corner), for the wearables' BeiDou fixes: a chemical
/// park on the Bohai coast south of Tianjin.
pub const ORIGIN_LAT_LON: [f64; 2] = [38.765_0, 117.548_0];

/// Where people and trucks enter and leave the site (on the south road).
pub const MAIN_GATE: [f64; 2] = [1180.0, 975.0];
/// The central control room (between the zones, on the main road).
pub const CONTROL_ROOM: [f64; 2] = [660.0, 470.0];
/// The east–west road between the upper and lower rows of zones; people walk along it.
pub const MAIN_ROAD_Y: f64 = 470.0;
/// The tanker loading bay in the tank farm.
pub const LOADING_BAY: [f64; 2] = [580.0, 395.0];
/// Where the ammonia leak of the scripted incident comes from: the lance of filling head F-302.
pub const AMMONIA_LEAK_SOURCE: [f64; 2] = [900.0, 600.0];

/// A zone of the demo site (the same codes, names, kinds and polygons as the demo seed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoneSpec {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub polygon: Vec<[f64; 2]>,
}

/// (code, name, kind, polygon in plan pixels)
pub const ZONES: &[(&str, &str, &str, &[[f64; 2]])] = &[
    ("T-200", "储罐区", "tank_farm", &[[80.0, 80.0], [620.0, 80.0], [620.0, 420.0], [80.0, 420.0]]),
    ("R-100", "反应装置区", "reactor_unit", &[[700.0, 80.0], [1140.0, 80.0], [1140.0, 420.0], [700.0, 420.0]]),
    (
        "F-300",
        "灌装线",
        "filling_line",
        &[[700.0, 520.0], [1140.0, 520.0], [1140.0, 700.0], [920.0, 700.0], [920.0, 920.0], [700.0, 920.0]],
    ),
    ("E-400", "110kV 变电所", "substation", &[[1220.0, 80.0], [1520.0, 80.0], [1520.0, 330.0], [1220.0, 330.0]]),
    ("W-500", "危化品仓库", "warehouse", &[[80.0, 520.0], [620.0, 520.0], [620.0, 920.0], [80.0, 920.0]]),
    ("U-600", "公用工程站", "utility", &[[1220.0, 420.0], [1520.0, 420.0], [1520.0, 920.0], [1220.0, 920.0]]),
];

pub(crate) const T200: usize = 0;
pub(crate) const R100: usize = 1;
pub(crate) const F300: usize = 2;
pub(crate) const E400: usize = 3;
pub(crate) const W500: usize = 4;
pub(crate) const U600: usize = 5;

/// A gateway publishing its devices' readings. Its clock is off by `clock_offset_ms` at the simulator's
/// start and runs fast by `clock_drift_ppm` (negative: slow), as real gateways' clocks do; readings carry
/// the gateway's clock, which the platform aligns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GatewaySpec {
    pub code: String,
    pub name: String,
    pub zone: Option<String>,
    pub clock_offset_ms: i64,
    pub clock_drift_ppm: f64,
}

impl GatewaySpec {
    /// The gateway's clock reading at platform time `t_ms`, for a simulator started at `start_ms`.
    pub fn clock(&self, t_ms: i64, start_ms: i64) -> i64 {
        t_ms + self.clock_offset_ms + ((t_ms - start_ms) as f64 * self.clock_drift_ppm * 1e-6).round() as i64
    }
}

/// An alarm limit of one property as the plant's DCS or detector configuration sets it (not part of the
/// thing model, whose ranges are physical). The scripted incidents stay inside these.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlarmLimit {
    pub property: String,
    pub low_low: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub high_high: Option<f64>,
}

impl AlarmLimit {
    pub fn high(property: &str, high: f64, high_high: f64) -> AlarmLimit {
        AlarmLimit { property: property.into(), low_low: None, low: None, high: Some(high), high_high: Some(high_high) }
    }

    /// Whether `x` is strictly inside every limit set.
    pub fn inside(&self, x: f64) -> bool {
        self.low_low.is_none_or(|l| x > l)
            && self.low.is_none_or(|l| x > l)
            && self.high.is_none_or(|h| x < h)
            && self.high_high.is_none_or(|h| x < h)
    }
}

/// A device to register: code (the key in payloads), Chinese name, thing model preset identifier, zone,
/// gateway and position on the plan (None for devices people carry), plus what it measures (`role`) and
/// its configured alarm limits.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviceSpec {
    pub code: String,
    pub name: String,
    pub model: String,
    /// None for plant-wide equipment (weather station, DCS feed, what people and vehicles carry).
    pub zone: Option<String>,
    pub gateway: String,
    /// Plan pixels; None for devices that move with people.
    pub position: Option<[f64; 2]>,
    pub role: Role,
    pub limits: Vec<AlarmLimit>,
}

impl DeviceSpec {
    pub fn limit(&self, property: &str) -> Option<&AlarmLimit> {
        self.limits.iter().find(|l| l.property == property)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gas {
    Combustible,
    Nh3,
    H2s,
    Co,
    Cl2,
}

impl Gas {
    pub fn model(self) -> &'static str {
        match self {
            Gas::Combustible => "gas_detector_combustible",
            Gas::Nh3 => "gas_detector_nh3",
            Gas::H2s => "gas_detector_h2s",
            Gas::Co => "gas_detector_co",
            Gas::Cl2 => "gas_detector_cl2",
        }
    }

    pub fn property(self) -> &'static str {
        match self {
            Gas::Combustible => "lel",
            Gas::Nh3 => "nh3",
            Gas::H2s => "h2s",
            Gas::Co => "co",
            Gas::Cl2 => "cl2",
        }
    }

    /// Assumed first and second alarm set points (%LEL or ppm). GB/T 50493-2019: combustible first
    /// ≤ 25 %LEL, second ≤ 50 %LEL; toxic first ≤ 100 % and second ≤ 200 % of the occupational exposure
    /// limit (GBZ 2.1). NH3: PC-TWA 20 mg/m³ ≈ 28 ppm, detectors set at 25/50 ppm. H2S: MAC 10 mg/m³
    /// ≈ 6.6 ppm, set at 5/10 ppm. CO: PC-TWA 20 mg/m³ ≈ 17 ppm, set at 17/34 ppm. Cl2: MAC 1 mg/m³
    /// ≈ 0.34 ppm, set at 0.3/0.6 ppm.
    pub fn alarm_levels(self) -> (f64, f64) {
        match self {
            Gas::Combustible => (20.0, 50.0),
            Gas::Nh3 => (25.0, 50.0),
            Gas::H2s => (5.0, 10.0),
            Gas::Co => (17.0, 34.0),
            Gas::Cl2 => (0.3, 0.6),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Gas::Combustible => "可燃气体探测器",
            Gas::Nh3 => "氨气探测器",
            Gas::H2s => "硫化氢探测器",
            Gas::Co => "一氧化碳探测器",
            Gas::Cl2 => "氯气探测器",
        }
    }
}

/// What a gas detector's background comes from, besides its own baseline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GasSource {
    /// Ambient only.
    None,
    /// Breathing losses of a storage tank (more while it receives, more when warm).
    Tank(usize),
    /// Vapour at a filling head (more while it fills).
    FillingHead(usize),
}

/// A process variable a transmitter measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Var {
    ReactorTemperature(usize),
    JacketInletTemperature(usize),
    JacketOutletTemperature(usize),
    ReactorPressure(usize),
    CoolingWaterFlow(usize),
    FeedFlow(usize),
    ReactorLevel(usize),
    ColumnTopTemperature,
    ColumnBottomTemperature,
    ColumnTopPressure,
    ColumnSumpLevel,
    RefluxFlow,
    CompressorDischargeTemperature,
    CompressorDischargePressure,
    TankPumpPressure(usize),
    TransferFlow(usize),
    FillingFlow(usize),
    FillingHeaderPressure(usize),
    FillingProductTemperature(usize),
    SwitchgearRoomTemperature(usize),
    WarehouseTemperature(usize),
    CoolingWaterSupplyTemperature,
    CoolingWaterReturnTemperature,
    CoolingWaterHeaderFlow(usize),
    CoolingWaterPressure,
    SteamHeaderPressure,
    BoilerDrumPressure,
    SteamTemperature,
    FeedwaterTemperature,
    FeedwaterFlow,
    InstrumentAirPressure,
    NitrogenPressure,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quantity {
    Temperature,
    Pressure,
    Level,
    Flow,
}

impl Var {
    pub(crate) fn quantity(self) -> Quantity {
        use Var::*;
        match self {
            ReactorTemperature(_)
            | JacketInletTemperature(_)
            | JacketOutletTemperature(_)
            | ColumnTopTemperature
            | ColumnBottomTemperature
            | CompressorDischargeTemperature
            | FillingProductTemperature(_)
            | SwitchgearRoomTemperature(_)
            | WarehouseTemperature(_)
            | CoolingWaterSupplyTemperature
            | CoolingWaterReturnTemperature
            | SteamTemperature
            | FeedwaterTemperature => Quantity::Temperature,
            ReactorPressure(_)
            | ColumnTopPressure
            | CompressorDischargePressure
            | TankPumpPressure(_)
            | FillingHeaderPressure(_)
            | CoolingWaterPressure
            | SteamHeaderPressure
            | BoilerDrumPressure
            | InstrumentAirPressure
            | NitrogenPressure => Quantity::Pressure,
            ReactorLevel(_) | ColumnSumpLevel => Quantity::Level,
            CoolingWaterFlow(_)
            | FeedFlow(_)
            | RefluxFlow
            | TransferFlow(_)
            | FillingFlow(_)
            | CoolingWaterHeaderFlow(_)
            | FeedwaterFlow => Quantity::Flow,
        }
    }

    pub fn model(self) -> &'static str {
        match self.quantity() {
            Quantity::Temperature => "temperature_transmitter",
            Quantity::Pressure => "pressure_transmitter",
            Quantity::Level => "level_transmitter",
            Quantity::Flow => "flow_transmitter",
        }
    }

    fn prefix(self) -> &'static str {
        match self.quantity() {
            Quantity::Temperature => "TT",
            Quantity::Pressure => "PT",
            Quantity::Level => "LT",
            Quantity::Flow => "FT",
        }
    }

    /// Span of a level transmitter (m), for its percentage.
    pub(crate) fn level_span_m(self) -> f64 {
        match self {
            Var::ReactorLevel(r) => REACTORS[r].level_span_m,
            _ => 2.5,
        }
    }
}

/// A machine a vibration sensor sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Machine {
    TankPump(usize),
    Agitator(usize),
    /// K-105, drive end (0) or non-drive end (1).
    Compressor(usize),
    ProcessPump(usize),
    Conveyor(usize),
    AirCompressor(usize),
}

/// What a thermal camera looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThermalTarget {
    /// Reactors.
    Reactors12,
    /// Reactor R-103 and compressor K-105.
    Reactor3,
    /// Transformers (a, b).
    Transformers(usize, usize),
}

/// What a device measures, i.e. how the simulator produces its values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Gas { gas: Gas, baseline: f64, source: GasSource },
    Transmitter { var: Var },
    TankRadar { tank: usize },
    Vibration { machine: Machine },
    WeatherStation,
    Wearable { person: usize },
    PersonTag { person: usize },
    VehicleTag { vehicle: usize },
    Agv { agv: usize },
    MultiGas { kit: usize },
    VideoBox { cameras: u8 },
    AccessGate { zone: usize },
    DcsFeed,
    SmokeDetector,
    ThermalCamera { target: ThermalTarget },
    Transformer { unit: usize },
    PowerQuality { feeder: usize },
    CathodicProtection,
    Padlock { lock: usize },
}

/// An atmospheric storage tank of the tank farm.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TankSpec {
    pub code: &'static str,
    pub product: &'static str,
    pub center: [f64; 2],
    pub diameter_m: f64,
    /// High and high-high level alarms (m); the high-high switch trips at `switch_m`.
    pub high_m: f64,
    pub high_high_m: f64,
    pub switch_m: f64,
    pub ammonia: bool,
}

const fn tank(code: &'static str, product: &'static str, center: [f64; 2], ammonia: bool) -> TankSpec {
    TankSpec { code, product, center, diameter_m: 20.0, high_m: 14.0, high_high_m: 14.8, switch_m: 15.0, ammonia }
}

pub const TANKS: [TankSpec; 8] = [
    tank("TK-201", "甲醇", [160.0, 170.0], false),
    tank("TK-202", "甲醇", [290.0, 170.0], false),
    tank("TK-203", "甲醇", [420.0, 170.0], false),
    tank("TK-204", "甲醇", [550.0, 170.0], false),
    tank("TK-205", "甲苯", [160.0, 330.0], false),
    tank("TK-206", "甲苯", [290.0, 330.0], false),
    tank("TK-207", "氨水", [420.0, 330.0], true),
    tank("TK-208", "氨水", [550.0, 330.0], true),
];

/// A continuous reactor of the reactor unit, with its operating point and DCS alarm limits.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReactorSpec {
    pub code: &'static str,
    pub name: &'static str,
    pub center: [f64; 2],
    pub temperature_c: f64,
    /// Low, high and high-high temperature alarms.
    pub temperature_limits: [f64; 3],
    pub pressure_mpa: f64,
    /// High and high-high pressure alarms.
    pub pressure_limits: [f64; 2],
    /// How much the pressure normally moves with the temperature (vapour pressure), MPa/°C.
    pub dp_dt_mpa_per_c: f64,
    /// Cooling water temperature rise across the jacket at full load.
    pub jacket_rise_c: f64,
    pub cooling_flow_m3h: f64,
    pub feed_flow_m3h: f64,
    pub level_m: f64,
    pub level_span_m: f64,
}

pub const REACTORS: [ReactorSpec; 3] = [
    ReactorSpec {
        code: "R-101",
        name: "胺化反应釜",
        center: [790.0, 170.0],
        temperature_c: 85.0,
        temperature_limits: [70.0, 95.0, 100.0],
        pressure_mpa: 0.30,
        pressure_limits: [0.45, 0.50],
        dp_dt_mpa_per_c: 0.006,
        jacket_rise_c: 7.0,
        cooling_flow_m3h: 40.0,
        feed_flow_m3h: 12.0,
        level_m: 2.1,
        level_span_m: 3.5,
    },
    ReactorSpec {
        code: "R-102",
        name: "酯化反应釜",
        center: [920.0, 170.0],
        temperature_c: 78.0,
        temperature_limits: [65.0, 88.0, 92.0],
        pressure_mpa: 0.12,
        pressure_limits: [0.25, 0.30],
        dp_dt_mpa_per_c: 0.003,
        jacket_rise_c: 5.5,
        cooling_flow_m3h: 32.0,
        feed_flow_m3h: 9.0,
        level_m: 1.8,
        level_span_m: 3.0,
    },
    ReactorSpec {
        code: "R-103",
        name: "加氢反应器",
        center: [1050.0, 170.0],
        temperature_c: 120.0,
        temperature_limits: [105.0, 130.0, 135.0],
        pressure_mpa: 1.60,
        pressure_limits: [1.90, 2.10],
        dp_dt_mpa_per_c: 0.010,
        jacket_rise_c: 8.0,
        cooling_flow_m3h: 55.0,
        feed_flow_m3h: 15.0,
        level_m: 2.6,
        level_span_m: 4.0,
    },
];

/// The reactor of the slow drift incident.
pub const DRIFT_REACTOR: usize = 0;

/// A filling head of the filling line.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FillingHeadSpec {
    pub code: &'static str,
    pub product: &'static str,
    pub position: [f64; 2],
    pub ammonia: bool,
    /// Runs on the night shift as well (the others only by day).
    pub night: bool,
}

pub const FILLING_HEADS: [FillingHeadSpec; 4] = [
    FillingHeadSpec { code: "F-301", product: "氨水", position: [800.0, 590.0], ammonia: true, night: true },
    FillingHeadSpec { code: "F-302", product: "氨水", position: [900.0, 590.0], ammonia: true, night: false },
    FillingHeadSpec { code: "F-303", product: "甲醇", position: [1000.0, 590.0], ammonia: false, night: true },
    FillingHeadSpec { code: "F-304", product: "甲醇", position: [1090.0, 590.0], ammonia: false, night: false },
];

/// Transformer: code, rated power (kVA), share of the plant load it carries.
pub const TRANSFORMERS: [(&str, f64, f64); 4] =
    [("T1", 31_500.0, 0.5), ("T2", 31_500.0, 0.5), ("T3", 2_500.0, 0.55), ("T4", 2_500.0, 0.45)];

/// Low-voltage feeders with power-quality meters: name, rated current (A), current THD base (%).
pub const FEEDERS: [(&str, f64, f64); 10] = [
    ("反应装置 MCC-1", 1_250.0, 9.0),
    ("反应装置 MCC-2", 800.0, 12.0),
    ("灌装线配电柜", 800.0, 14.0),
    ("储罐区泵房", 630.0, 10.0),
    ("仓库照明与通风", 400.0, 6.0),
    ("AGV 充电站", 400.0, 18.0),
    ("循环水泵房", 1_600.0, 8.0),
    ("办公与控制室 UPS", 250.0, 16.0),
    ("空压站", 800.0, 11.0),
    ("锅炉房", 630.0, 7.0),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Crew {
    /// 08:00–20:00.
    Day,
    /// 20:00–08:00.
    Night,
    /// Office hours 08:00–17:00.
    Office,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Duty {
    Operator,
    Maintenance,
    Warehouse,
    Electrician,
    /// Safety officer on rounds through every zone.
    Patrol,
}

/// A person on the site, with the wearable band and positioning tag they carry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonSpec {
    pub id: String,
    pub name: String,
    pub crew: Crew,
    pub duty: Duty,
    /// Zone index into [`ZONES`] where they mostly work; None for people on rounds.
    pub home_zone: Option<usize>,
    pub wearable: String,
    pub tag: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VehicleKind {
    Forklift,
    TankerTruck,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VehicleSpec {
    pub tag: String,
    pub name: String,
    pub kind: VehicleKind,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgvSpec {
    pub code: String,
    pub dock: [f64; 2],
}

/// The whole plant: what to register and what the simulator runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlantSpec {
    pub site_code: String,
    pub zones: Vec<ZoneSpec>,
    pub gateways: Vec<GatewaySpec>,
    pub devices: Vec<DeviceSpec>,
    pub people: Vec<PersonSpec>,
    pub vehicles: Vec<VehicleSpec>,
    pub agvs: Vec<AgvSpec>,
    /// Scripted incidents (the demo plant has its three on by default, recurring).
    pub scenarios: ScenarioPlan,
}

impl PlantSpec {
    /// The demo plant: site BH1, six zones, eight gateways, 363 devices, 40 people, 8 AGVs, with the
    /// three scripted incidents recurring.
    pub fn demo() -> PlantSpec {
        build_demo()
    }

    pub fn gateway(&self, code: &str) -> Option<&GatewaySpec> {
        self.gateways.iter().find(|g| g.code == code)
    }

    pub fn device(&self, code: &str) -> Option<&DeviceSpec> {
        self.devices.iter().find(|d| d.code == code)
    }

    pub fn zone_index(&self, code: &str) -> Option<usize> {
        self.zones.iter().position(|z| z.code == code)
    }

    /// The thing model presets the devices use, each once, in first-use order.
    pub fn model_identifiers(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for d in &self.devices {
            if !out.contains(&d.model.as_str()) {
                out.push(&d.model);
            }
        }
        out
    }

    /// Devices whose role matches.
    pub fn devices_where(&self, f: impl Fn(&DeviceSpec) -> bool) -> Vec<&DeviceSpec> {
        self.devices.iter().filter(|d| f(d)).collect()
    }
}

/// Whether a point lies inside a polygon (even–odd rule).
pub fn point_in_polygon(p: [f64; 2], polygon: &[[f64; 2]]) -> bool {
    let mut inside = false;
    let n = polygon.len();
    let mut j = n - 1;
    for i in 0..n {
        let (a, b) = (polygon[i], polygon[j]);
        if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0] {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Index of the zone containing `p`, if any.
pub fn zone_at(zones: &[ZoneSpec], p: [f64; 2]) -> Option<usize> {
    zones.iter().position(|z| point_in_polygon(p, &z.polygon))
}

/// Plan pixels to metres from the plan origin (the positioning tags' local frame).
pub fn to_metres(p: [f64; 2]) -> [f64; 2] {
    [p[0] * PLAN_SCALE_M_PER_PX, p[1] * PLAN_SCALE_M_PER_PX]
}

/// Plan pixels to WGS-84 latitude and longitude.
pub fn to_lat_lon(p: [f64; 2]) -> [f64; 2] {
    let [x, y] = to_metres(p);
    let lat = ORIGIN_LAT_LON[0] - y / 111_320.0;
    let lon = ORIGIN_LAT_LON[1] + x / (111_320.0 * ORIGIN_LAT_LON[0].to_radians().cos());
    [lat, lon]
}

struct Builder {
    devices: Vec<DeviceSpec>,
    counters: Vec<(String, u32)>,
}

impl Builder {
    fn next(&mut self, key: String) -> u32 {
        match self.counters.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                self.counters.push((key, 1));
                1
            }
        }
    }

    /// Adds a device in a zone, coded `{prefix}-{zone without dash}-{nn}`.
    fn zoned(&mut self, prefix: &str, zone: usize, gateway: &str, name: String, pos: [f64; 2], role: Role) -> usize {
        let zone_code = ZONES[zone].0;
        let n = self.next(format!("{prefix}-{zone_code}"));
        let code = format!("{prefix}-{}-{n:02}", zone_code.replace('-', ""));
        self.push(code, name, Some(zone_code.into()), gateway, Some(pos), role)
    }

    fn push(
        &mut self,
        code: String,
        name: String,
        zone: Option<String>,
        gateway: &str,
        position: Option<[f64; 2]>,
        role: Role,
    ) -> usize {
        let model = model_of(&role).to_string();
        self.devices.push(DeviceSpec {
            code,
            name,
            model,
            zone,
            gateway: gateway.into(),
            position,
            role,
            limits: limits_of(&role),
        });
        self.devices.len() - 1
    }

    #[allow(clippy::too_many_arguments)]
    fn gas(&mut self, zone: usize, gateway: &str, what: &str, gas: Gas, baseline: f64, source: GasSource, p: [f64; 2]) {
        let name = format!("{what}{}", gas.name());
        self.zoned("GT", zone, gateway, name, p, Role::Gas { gas, baseline, source });
    }

    fn transmitter(&mut self, zone: usize, gateway: &str, name: String, var: Var, p: [f64; 2]) {
        self.zoned(var.prefix(), zone, gateway, name, p, Role::Transmitter { var });
    }
}

fn model_of(role: &Role) -> &'static str {
    match role {
        Role::Gas { gas, .. } => gas.model(),
        Role::Transmitter { var } => var.model(),
        Role::TankRadar { .. } => "tank_radar_level",
        Role::Vibration { .. } => "vibration_sensor",
        Role::WeatherStation => "weather_station",
        Role::Wearable { .. } => "wearable_band",
        Role::PersonTag { .. } | Role::VehicleTag { .. } => "positioning_tag",
        Role::Agv { .. } => "agv",
        Role::MultiGas { .. } => "multi_gas_detector",
        Role::VideoBox { .. } => "video_analytics_box",
        Role::AccessGate { .. } => "access_gate",
        Role::DcsFeed => "dcs_alarm_feed",
        Role::SmokeDetector => "smoke_flame_detector",
        Role::ThermalCamera { .. } => "thermal_camera",
        Role::Transformer { .. } => "transformer_monitor",
        Role::PowerQuality { .. } => "power_quality_meter",
        Role::CathodicProtection => "cathodic_protection",
        Role::Padlock { .. } => "smart_padlock",
    }
}

fn limits_of(role: &Role) -> Vec<AlarmLimit> {
    match *role {
        Role::Gas { gas, .. } => {
            let (first, second) = gas.alarm_levels();
            vec![AlarmLimit::high(gas.property(), first, second)]
        }
        Role::TankRadar { tank } => vec![AlarmLimit::high("level", TANKS[tank].high_m, TANKS[tank].high_high_m)],
        Role::Transmitter { var: Var::ReactorTemperature(r) } => {
            let [low, high, high_high] = REACTORS[r].temperature_limits;
            vec![AlarmLimit {
                property: "temperature".into(),
                low_low: None,
                low: Some(low),
                high: Some(high),
                high_high: Some(high_high),
            }]
        }
        Role::Transmitter { var: Var::ReactorPressure(r) } => {
            let [high, high_high] = REACTORS[r].pressure_limits;
            vec![AlarmLimit::high("pressure", high, high_high)]
        }
        Role::Transmitter { var: Var::JacketOutletTemperature(r) } => {
            let t = REACTORS[r].temperature_c;
            vec![AlarmLimit::high("temperature", (t * 0.55).round(), (t * 0.6).round())]
        }
        Role::Transformer { .. } => {
            vec![AlarmLimit::high("oil_temperature", 85.0, 95.0), AlarmLimit::high("winding_temperature", 110.0, 130.0)]
        }
        Role::Vibration { .. } => vec![AlarmLimit::high("velocity_rms", 7.1, 11.2)],
        _ => Vec::new(),
    }
}

fn add(p: [f64; 2], dx: f64, dy: f64) -> [f64; 2] {
    [p[0] + dx, p[1] + dy]
}

fn build_demo() -> PlantSpec {
    let zones = ZONES
        .iter()
        .map(|(code, name, kind, polygon)| ZoneSpec {
            code: (*code).into(),
            name: (*name).into(),
            kind: (*kind).into(),
            polygon: polygon.to_vec(),
        })
        .collect();
    let gw = |code: &str, name: &str, zone: Option<&str>, offset: i64, drift: f64| GatewaySpec {
        code: code.into(),
        name: name.into(),
        zone: zone.map(Into::into),
        clock_offset_ms: offset,
        clock_drift_ppm: drift,
    };
    let gateways = vec![
        gw("GW-T200", "储罐区网关", Some("T-200"), 1_200, 4.0),
        gw("GW-R100", "反应装置区网关", Some("R-100"), -800, -3.0),
        gw("GW-F300", "灌装线网关", Some("F-300"), 300, 6.0),
        gw("GW-E400", "变电所网关", Some("E-400"), -2_500, 2.0),
        gw("GW-W500", "仓库网关", Some("W-500"), 0, 0.0),
        gw("GW-U600", "公用工程网关", Some("U-600"), 3_500, -5.0),
        gw("GW-LOC", "人员定位与穿戴设备网关", None, 150, 1.0),
        gw("GW-DCS", "DCS 报警 OPC UA 网关", None, -50, 0.0),
    ];
    let mut b = Builder { devices: Vec::new(), counters: Vec::new() };

    // T-200 tank farm.
    let g = "GW-T200";
    for (i, t) in TANKS.iter().enumerate() {
        b.zoned(
            "LT",
            T200,
            g,
            format!("{} {}储罐雷达液位计", t.code, t.product),
            t.center,
            Role::TankRadar { tank: i },
        );
    }
    for (i, t) in TANKS.iter().enumerate() {
        let (gas, baseline) = if t.ammonia { (Gas::Nh3, 0.8 + 0.2 * (i % 2) as f64) } else { (Gas::Combustible, 0.3) };
        let src = GasSource::Tank(i);
        b.gas(T200, g, &format!("{} 防火堤西北 ", t.code), gas, baseline, src, add(t.center, -50.0, -50.0));
        b.gas(T200, g, &format!("{} 防火堤东南 ", t.code), gas, baseline * 0.8, src, add(t.center, 50.0, 50.0));
    }
    for j in 0..6 {
        let p = [150.0 + 80.0 * j as f64, 250.0];
        let pump = format!("P-20{}", j + 1);
        b.zoned("VT", T200, g, format!("{pump} 输送泵振动"), p, Role::Vibration { machine: Machine::TankPump(j) });
        b.transmitter(T200, g, format!("{pump} 出口压力"), Var::TankPumpPressure(j), add(p, 12.0, 0.0));
    }
    let lines = ["甲醇去反应装置", "氨水去灌装线", "甲醇卸车", "甲苯/氨水卸车"];
    for (l, line) in lines.iter().enumerate() {
        b.transmitter(T200, g, format!("{line}流量"), Var::TransferFlow(l), [605.0, 120.0 + 80.0 * l as f64]);
    }
    for (k, p) in [[95.0, 95.0], [605.0, 95.0], [95.0, 405.0], [605.0, 405.0]].into_iter().enumerate() {
        b.zoned("CP", T200, g, format!("罐底阴极保护测试桩 {}", k + 1), p, Role::CathodicProtection);
    }
    for (k, p) in [[120.0, 250.0], [330.0, 235.0], [480.0, 265.0], [590.0, 250.0]].into_iter().enumerate() {
        b.zoned("SD", T200, g, format!("罐区火焰探测器 {}", k + 1), p, Role::SmokeDetector);
    }
    b.zoned("VA", T200, g, "罐区西北 AI 视频分析".into(), [90.0, 90.0], Role::VideoBox { cameras: 8 });
    b.zoned("VA", T200, g, "罐区东南 AI 视频分析".into(), [610.0, 410.0], Role::VideoBox { cameras: 8 });
    b.zoned("AG", T200, g, "储罐区门禁".into(), [350.0, 415.0], Role::AccessGate { zone: T200 });

    // R-100 reactor unit.
    let g = "GW-R100";
    for (r, spec) in REACTORS.iter().enumerate() {
        let c = spec.center;
        let n = |what: &str| format!("{} {}{what}", spec.code, spec.name);
        b.transmitter(R100, g, n("温度"), Var::ReactorTemperature(r), add(c, 12.0, 0.0));
        b.transmitter(R100, g, n("夹套冷却水进口温度"), Var::JacketInletTemperature(r), add(c, -15.0, 22.0));
        b.transmitter(R100, g, n("夹套冷却水出口温度"), Var::JacketOutletTemperature(r), add(c, 15.0, 22.0));
        b.transmitter(R100, g, n("压力"), Var::ReactorPressure(r), add(c, 0.0, -15.0));
        b.transmitter(R100, g, n("冷却水流量"), Var::CoolingWaterFlow(r), add(c, -25.0, 38.0));
        b.transmitter(R100, g, n("进料流量"), Var::FeedFlow(r), add(c, 25.0, -32.0));
        b.transmitter(R100, g, n("液位"), Var::ReactorLevel(r), add(c, -12.0, 0.0));
        b.zoned("VT", R100, g, n("搅拌器振动"), add(c, 0.0, -26.0), Role::Vibration { machine: Machine::Agitator(r) });
    }
    let [r1, r2, r3] = REACTORS.map(|r| r.center);
    b.gas(R100, g, "R-101 西北 ", Gas::Nh3, 1.2, GasSource::None, add(r1, -40.0, -40.0));
    b.gas(R100, g, "R-101 东南 ", Gas::Nh3, 1.0, GasSource::None, add(r1, 40.0, 40.0));
    b.gas(R100, g, "R-101 东北 ", Gas::Combustible, 0.4, GasSource::None, add(r1, 40.0, -40.0));
    b.gas(R100, g, "R-101 西南 ", Gas::Combustible, 0.4, GasSource::None, add(r1, -40.0, 40.0));
    for (label, c) in [("R-102", r2), ("R-103", r3)] {
        for (dir, dx, dy) in
            [("西北", -40.0, -40.0), ("东北", 40.0, -40.0), ("西南", -40.0, 40.0), ("东南", 40.0, 40.0)]
        {
            let base = if label == "R-103" { 0.5 } else { 0.3 };
            b.gas(R100, g, &format!("{label} {dir} "), Gas::Combustible, base, GasSource::None, add(c, dx, dy));
        }
    }
    b.gas(R100, g, "液氨进料管廊 ", Gas::Nh3, 0.9, GasSource::None, [760.0, 100.0]);
    b.gas(R100, g, "液氨进料阀组 ", Gas::Nh3, 0.7, GasSource::None, [860.0, 100.0]);
    let column = [820.0, 330.0];
    let compressor = [960.0, 330.0];
    b.gas(R100, g, "C-104 西 ", Gas::Combustible, 0.3, GasSource::None, add(column, -35.0, 0.0));
    b.gas(R100, g, "C-104 东 ", Gas::Combustible, 0.3, GasSource::None, add(column, 35.0, 0.0));
    b.gas(R100, g, "K-105 西 ", Gas::Combustible, 0.5, GasSource::None, add(compressor, -35.0, 0.0));
    b.gas(R100, g, "K-105 东 ", Gas::Combustible, 0.5, GasSource::None, add(compressor, 35.0, 0.0));
    b.gas(R100, g, "K-105 南 ", Gas::Co, 1.0, GasSource::None, add(compressor, -20.0, 30.0));
    b.gas(R100, g, "K-105 东南 ", Gas::Co, 1.0, GasSource::None, add(compressor, 20.0, 30.0));
    b.gas(R100, g, "尾气焚烧炉 ", Gas::Co, 2.0, GasSource::None, [1110.0, 240.0]);
    b.gas(R100, g, "尾气焚烧炉烟道 ", Gas::Co, 1.5, GasSource::None, [1120.0, 270.0]);
    for (k, p) in [[1060.0, 310.0], [1100.0, 310.0], [1060.0, 350.0], [1100.0, 350.0]].into_iter().enumerate() {
        b.gas(R100, g, &format!("污水池 {} ", k + 1), Gas::H2s, 0.2 + 0.05 * k as f64, GasSource::None, p);
    }
    b.transmitter(R100, g, "C-104 甲醇回收塔塔顶温度".into(), Var::ColumnTopTemperature, [820.0, 300.0]);
    b.transmitter(R100, g, "C-104 甲醇回收塔塔釜温度".into(), Var::ColumnBottomTemperature, [820.0, 360.0]);
    b.transmitter(R100, g, "C-104 甲醇回收塔塔顶压力".into(), Var::ColumnTopPressure, [835.0, 300.0]);
    b.transmitter(R100, g, "C-104 甲醇回收塔塔釜液位".into(), Var::ColumnSumpLevel, [805.0, 360.0]);
    b.transmitter(R100, g, "C-104 回流量".into(), Var::RefluxFlow, [845.0, 330.0]);
    for (e, label) in ["驱动端", "非驱动端"].iter().enumerate() {
        let p = add(compressor, -10.0 + 20.0 * e as f64, 0.0);
        b.zoned(
            "VT",
            R100,
            g,
            format!("K-105 循环氢压缩机{label}振动"),
            p,
            Role::Vibration { machine: Machine::Compressor(e) },
        );
    }
    b.transmitter(R100, g, "K-105 排气温度".into(), Var::CompressorDischargeTemperature, add(compressor, 25.0, -10.0));
    b.transmitter(R100, g, "K-105 排气压力".into(), Var::CompressorDischargePressure, add(compressor, 25.0, 10.0));
    let pumps = ["P-106A", "P-106B", "P-107A", "P-108A", "P-108B", "P-109A"];
    for (j, pump) in pumps.iter().enumerate() {
        let p = [760.0 + 60.0 * j as f64, 390.0];
        b.zoned("VT", R100, g, format!("{pump} 工艺泵振动"), p, Role::Vibration { machine: Machine::ProcessPump(j) });
    }
    let tc = ThermalTarget::Reactors12;
    b.zoned("TC", R100, g, "R-101/R-102 红外热成像".into(), [730.0, 100.0], Role::ThermalCamera { target: tc });
    let tc = ThermalTarget::Reactor3;
    b.zoned("TC", R100, g, "R-103/K-105 红外热成像".into(), [1120.0, 100.0], Role::ThermalCamera { target: tc });
    b.zoned("VA", R100, g, "反应装置西北 AI 视频分析".into(), [710.0, 90.0], Role::VideoBox { cameras: 8 });
    b.zoned("VA", R100, g, "反应装置东南 AI 视频分析".into(), [1130.0, 410.0], Role::VideoBox { cameras: 8 });
    b.zoned("AG", R100, g, "反应装置区门禁".into(), [920.0, 415.0], Role::AccessGate { zone: R100 });

    // F-300 filling line.
    let g = "GW-F300";
    let nh3 = [
        ([780.0, 555.0], 1.4, 0),
        ([820.0, 555.0], 1.6, 0),
        ([880.0, 555.0], 1.5, 1),
        ([920.0, 555.0], 1.3, 1),
        ([800.0, 625.0], 1.8, 0),
        ([900.0, 625.0], 1.7, 1),
        ([850.0, 660.0], 1.1, 1),
        ([740.0, 700.0], 0.7, 0),
        ([800.0, 780.0], 0.5, 0),
        ([860.0, 880.0], 0.4, 0),
    ];
    for (k, (p, base, head)) in nh3.into_iter().enumerate() {
        let near = if k < 7 { format!("{} 灌装头 ", FILLING_HEADS[head].code) } else { "托盘区 ".to_string() };
        b.gas(F300, g, &near, Gas::Nh3, base, GasSource::FillingHead(head), p);
    }
    let lel = [
        ([980.0, 555.0], 2),
        ([1020.0, 555.0], 2),
        ([1070.0, 555.0], 3),
        ([1110.0, 555.0], 3),
        ([1000.0, 625.0], 2),
        ([1090.0, 625.0], 3),
    ];
    for (p, head) in lel {
        let near = format!("{} 灌装头 ", FILLING_HEADS[head].code);
        b.gas(F300, g, &near, Gas::Combustible, 0.5, GasSource::FillingHead(head), p);
    }
    for (h, head) in FILLING_HEADS.iter().enumerate() {
        let name = format!("{} {}灌装流量", head.code, head.product);
        b.transmitter(F300, g, name, Var::FillingFlow(h), add(head.position, 15.0, 0.0));
    }
    for (k, x) in [760.0, 1060.0].into_iter().enumerate() {
        let product = if k == 0 { "氨水" } else { "甲醇" };
        b.transmitter(F300, g, format!("{product}灌装总管压力"), Var::FillingHeaderPressure(k), [x, 540.0]);
        b.transmitter(F300, g, format!("{product}灌装物料温度"), Var::FillingProductTemperature(k), [x + 12.0, 540.0]);
    }
    for (k, p) in [[820.0, 665.0], [940.0, 665.0], [1060.0, 665.0], [780.0, 820.0]].into_iter().enumerate() {
        let name = format!("托盘输送机 {} 振动", k + 1);
        b.zoned("VT", F300, g, name, p, Role::Vibration { machine: Machine::Conveyor(k) });
    }
    let mut agvs = Vec::new();
    for i in 0..8 {
        let dock = [735.0 + 22.0 * i as f64, 895.0];
        let code = format!("AGV-{:02}", i + 1);
        let name = format!("灌装线 AGV {:02}", i + 1);
        b.push(code.clone(), name, Some("F-300".into()), g, Some(dock), Role::Agv { agv: i });
        agvs.push(AgvSpec { code, dock });
    }
    b.zoned("VA", F300, g, "灌装线西 AI 视频分析".into(), [710.0, 530.0], Role::VideoBox { cameras: 8 });
    b.zoned("VA", F300, g, "灌装线东 AI 视频分析".into(), [1130.0, 530.0], Role::VideoBox { cameras: 8 });
    b.zoned("VA", F300, g, "托盘区 AI 视频分析".into(), [910.0, 910.0], Role::VideoBox { cameras: 4 });
    b.zoned("AG", F300, g, "灌装线门禁".into(), [710.0, 910.0], Role::AccessGate { zone: F300 });
    for (k, p) in [[760.0, 690.0], [880.0, 690.0], [1000.0, 690.0], [820.0, 850.0]].into_iter().enumerate() {
        b.zoned("SD", F300, g, format!("灌装线感烟探测器 {}", k + 1), p, Role::SmokeDetector);
    }

    // E-400 substation.
    let g = "GW-E400";
    let tpos = [[1280.0, 140.0], [1380.0, 140.0], [1290.0, 260.0], [1390.0, 260.0]];
    for (u, ((code, kva, _), p)) in TRANSFORMERS.iter().zip(tpos).enumerate() {
        let kind = if u < 2 { "110/10 kV 主变" } else { "10/0.4 kV 配变" };
        let name = format!("{code} {kind}（{} kVA）在线监测", kva);
        b.zoned("TM", E400, g, name, p, Role::Transformer { unit: u });
    }
    for (f, (name, _, _)) in FEEDERS.iter().enumerate().take(8) {
        let p = [1450.0 + 30.0 * (f % 3) as f64, 150.0 + 40.0 * (f / 3) as f64];
        b.zoned("PQ", E400, g, format!("{name}电能质量"), p, Role::PowerQuality { feeder: f });
    }
    for (k, p) in [[1440.0, 120.0], [1500.0, 120.0], [1440.0, 300.0], [1500.0, 300.0]].into_iter().enumerate() {
        b.transmitter(E400, g, format!("配电室温度 {}", k + 1), Var::SwitchgearRoomTemperature(k), p);
    }
    for (k, p) in [[1460.0, 110.0], [1460.0, 290.0], [1300.0, 200.0], [1250.0, 100.0]].into_iter().enumerate() {
        b.zoned("SD", E400, g, format!("变电所感烟探测器 {}", k + 1), p, Role::SmokeDetector);
    }
    let tc = ThermalTarget::Transformers(0, 1);
    b.zoned("TC", E400, g, "主变红外热成像".into(), [1230.0, 90.0], Role::ThermalCamera { target: tc });
    let tc = ThermalTarget::Transformers(2, 3);
    b.zoned("TC", E400, g, "配变红外热成像".into(), [1230.0, 320.0], Role::ThermalCamera { target: tc });
    b.zoned("VA", E400, g, "变电所 AI 视频分析".into(), [1510.0, 90.0], Role::VideoBox { cameras: 8 });
    b.zoned("AG", E400, g, "变电所门禁".into(), [1370.0, 325.0], Role::AccessGate { zone: E400 });

    // W-500 warehouse.
    let g = "GW-W500";
    for j in 0..4 {
        for i in 0..6 {
            let p = [125.0 + 80.0 * i as f64, 570.0 + 100.0 * j as f64];
            b.zoned("SD", W500, g, format!("仓库感烟探测器 {}-{}", j + 1, i + 1), p, Role::SmokeDetector);
        }
    }
    for (k, p) in [[120.0, 560.0], [200.0, 560.0], [280.0, 560.0], [120.0, 660.0], [200.0, 660.0], [280.0, 660.0]]
        .into_iter()
        .enumerate()
    {
        b.gas(W500, g, &format!("氨水桶区 {} ", k + 1), Gas::Nh3, 0.3 + 0.05 * k as f64, GasSource::None, p);
    }
    for (k, p) in [
        [380.0, 580.0],
        [460.0, 580.0],
        [540.0, 580.0],
        [380.0, 700.0],
        [460.0, 700.0],
        [540.0, 700.0],
        [380.0, 820.0],
        [540.0, 820.0],
    ]
    .into_iter()
    .enumerate()
    {
        b.gas(W500, g, &format!("溶剂库 {} ", k + 1), Gas::Combustible, 0.3, GasSource::None, p);
    }
    for (k, p) in [[150.0, 760.0], [300.0, 760.0], [450.0, 760.0], [150.0, 880.0], [300.0, 880.0], [450.0, 880.0]]
        .into_iter()
        .enumerate()
    {
        b.transmitter(W500, g, format!("仓库温度 {}", k + 1), Var::WarehouseTemperature(k), p);
    }
    b.zoned("VA", W500, g, "仓库西 AI 视频分析".into(), [90.0, 530.0], Role::VideoBox { cameras: 8 });
    b.zoned("VA", W500, g, "仓库东 AI 视频分析".into(), [610.0, 530.0], Role::VideoBox { cameras: 8 });
    b.zoned("VA", W500, g, "仓库南 AI 视频分析".into(), [350.0, 910.0], Role::VideoBox { cameras: 4 });
    b.zoned("AG", W500, g, "仓库 AGV 门".into(), [612.0, 760.0], Role::AccessGate { zone: W500 });
    b.zoned("AG", W500, g, "仓库人员门禁".into(), [250.0, 915.0], Role::AccessGate { zone: W500 });

    // U-600 utilities.
    let g = "GW-U600";
    b.push("WS-01".into(), "厂区微型气象站".into(), None, g, Some([1500.0, 440.0]), Role::WeatherStation);
    for i in 0..4 {
        let p = [1250.0 + 25.0 * i as f64, 480.0];
        let name = format!("AC-{} 空压机振动", i + 1);
        b.zoned("VT", U600, g, name, p, Role::Vibration { machine: Machine::AirCompressor(i) });
    }
    b.transmitter(U600, g, "仪表空气总管压力".into(), Var::InstrumentAirPressure, [1360.0, 470.0]);
    b.transmitter(U600, g, "循环水供水温度".into(), Var::CoolingWaterSupplyTemperature, [1420.0, 520.0]);
    b.transmitter(U600, g, "循环水回水温度".into(), Var::CoolingWaterReturnTemperature, [1440.0, 520.0]);
    b.transmitter(U600, g, "循环水供水总管流量 1".into(), Var::CoolingWaterHeaderFlow(0), [1420.0, 560.0]);
    b.transmitter(U600, g, "循环水供水总管流量 2".into(), Var::CoolingWaterHeaderFlow(1), [1440.0, 560.0]);
    b.transmitter(U600, g, "循环水供水压力".into(), Var::CoolingWaterPressure, [1460.0, 560.0]);
    b.transmitter(U600, g, "蒸汽总管压力".into(), Var::SteamHeaderPressure, [1280.0, 680.0]);
    b.transmitter(U600, g, "锅炉汽包压力".into(), Var::BoilerDrumPressure, [1320.0, 680.0]);
    b.transmitter(U600, g, "蒸汽温度".into(), Var::SteamTemperature, [1300.0, 660.0]);
    b.transmitter(U600, g, "锅炉给水温度".into(), Var::FeedwaterTemperature, [1280.0, 720.0]);
    b.transmitter(U600, g, "锅炉给水流量".into(), Var::FeedwaterFlow, [1320.0, 720.0]);
    b.transmitter(U600, g, "氮气总管压力".into(), Var::NitrogenPressure, [1450.0, 820.0]);
    b.gas(U600, g, "锅炉房 ", Gas::Co, 1.0, GasSource::None, [1260.0, 740.0]);
    b.gas(U600, g, "锅炉房 ", Gas::Co, 0.8, GasSource::None, [1340.0, 740.0]);
    for (k, p) in [[1380.0, 680.0], [1420.0, 680.0], [1380.0, 720.0], [1420.0, 720.0]].into_iter().enumerate() {
        b.gas(U600, g, &format!("天然气调压站 {} ", k + 1), Gas::Combustible, 0.4, GasSource::None, p);
    }
    b.gas(U600, g, "加氯间 ", Gas::Cl2, 0.02, GasSource::None, [1470.0, 620.0]);
    b.gas(U600, g, "氯瓶间 ", Gas::Cl2, 0.03, GasSource::None, [1490.0, 650.0]);
    for (k, f) in [8, 9].into_iter().enumerate() {
        let p = [1480.0 + 20.0 * k as f64, 880.0];
        b.zoned("PQ", U600, g, format!("{}电能质量", FEEDERS[f].0), p, Role::PowerQuality { feeder: f });
    }
    for i in 0..6 {
        let p = [1250.0 + 20.0 * i as f64, 860.0];
        b.zoned("PL", U600, g, format!("能量隔离智能挂锁 {}", i + 1), p, Role::Padlock { lock: i });
    }
    b.zoned("VA", U600, g, "公用工程北 AI 视频分析".into(), [1230.0, 430.0], Role::VideoBox { cameras: 8 });
    b.zoned("VA", U600, g, "公用工程南 AI 视频分析".into(), [1510.0, 910.0], Role::VideoBox { cameras: 8 });
    b.zoned("AG", U600, g, "公用工程站门禁".into(), [1230.0, 905.0], Role::AccessGate { zone: U600 });

    // Plant-wide: DCS feed, portable detectors, people and vehicles.
    b.push("DCS-01".into(), "DCS/SIS 报警接口".into(), None, "GW-DCS", Some(CONTROL_ROOM), Role::DcsFeed);
    for k in 0..4 {
        let code = format!("MG-{:02}", k + 1);
        b.push(code, format!("便携式四合一气体检测仪 {:02}", k + 1), None, "GW-LOC", None, Role::MultiGas { kit: k });
    }
    let people = demo_people();
    for (i, p) in people.iter().enumerate() {
        let name = format!("{} 智能安全手环", p.name);
        // A band is registered to its wearer's workshop: alerts of that zone are sent to the crew's bands.
        let zone = p.home_zone.map(|z| ZONES[z].0.to_string());
        b.push(p.wearable.clone(), name, zone, "GW-LOC", None, Role::Wearable { person: i });
    }
    for (i, p) in people.iter().enumerate() {
        let name = format!("{} 定位标签", p.name);
        b.push(p.tag.clone(), name, None, "GW-LOC", None, Role::PersonTag { person: i });
    }
    let vehicles = vec![
        VehicleSpec { tag: "TAG-V01".into(), name: "仓库叉车 1".into(), kind: VehicleKind::Forklift },
        VehicleSpec { tag: "TAG-V02".into(), name: "仓库叉车 2".into(), kind: VehicleKind::Forklift },
        VehicleSpec { tag: "TAG-V03".into(), name: "甲醇槽车".into(), kind: VehicleKind::TankerTruck },
        VehicleSpec { tag: "TAG-V04".into(), name: "氨水槽车".into(), kind: VehicleKind::TankerTruck },
    ];
    for (i, v) in vehicles.iter().enumerate() {
        let name = format!("{} 定位标签", v.name);
        b.push(v.tag.clone(), name, None, "GW-LOC", None, Role::VehicleTag { vehicle: i });
    }

    let mut devices = b.devices;
    unique_names(&mut devices);
    PlantSpec {
        site_code: SITE_CODE.into(),
        zones,
        gateways,
        devices,
        people,
        vehicles,
        agvs,
        scenarios: ScenarioPlan::demo(),
    }
}

/// Numbers devices that would otherwise share a name ("… 氨气探测器 1", "… 氨气探测器 2").
fn unique_names(devices: &mut [DeviceSpec]) {
    let names: Vec<String> = devices.iter().map(|d| d.name.clone()).collect();
    let mut seen: Vec<(String, u32)> = Vec::new();
    for d in devices.iter_mut() {
        if names.iter().filter(|n| **n == d.name).count() > 1 {
            let k = match seen.iter_mut().find(|(n, _)| *n == d.name) {
                Some((_, k)) => {
                    *k += 1;
                    *k
                }
                None => {
                    seen.push((d.name.clone(), 1));
                    1
                }
            };
            d.name = format!("{} {k}", d.name);
        }
    }
}

fn demo_people() -> Vec<PersonSpec> {
    use Crew::*;
    use Duty::*;
    let groups: &[(Crew, Duty, Option<usize>, usize, &str)] = &[
        (Day, Operator, Some(R100), 5, "白班反应操作工"),
        (Day, Operator, Some(T200), 3, "白班罐区操作工"),
        (Day, Operator, Some(F300), 6, "白班灌装操作工"),
        (Day, Warehouse, Some(W500), 4, "白班仓管员"),
        (Day, Electrician, Some(E400), 2, "白班电工"),
        (Day, Operator, Some(U600), 2, "白班公用工程操作工"),
        (Day, Maintenance, Some(R100), 2, "白班维修工"),
        (Night, Operator, Some(R100), 4, "夜班反应操作工"),
        (Night, Operator, Some(T200), 2, "夜班罐区操作工"),
        (Night, Operator, Some(F300), 3, "夜班灌装操作工"),
        (Night, Warehouse, Some(W500), 1, "夜班仓管员"),
        (Night, Operator, Some(U600), 1, "夜班公用工程操作工"),
        (Night, Electrician, Some(E400), 1, "夜班电工"),
        (Office, Patrol, None, 3, "安全巡检员"),
        (Office, Maintenance, Some(U600), 1, "设备工程师"),
    ];
    let mut out = Vec::new();
    for &(crew, duty, home_zone, count, title) in groups {
        for k in 0..count {
            let n = out.len() + 1;
            out.push(PersonSpec {
                id: format!("P-{n:03}"),
                name: format!("{title} {:02}", k + 1),
                crew,
                duty,
                home_zone,
                wearable: format!("WB-{n:03}"),
                tag: format!("TAG-{n:03}"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_demo_plant_has_a_few_hundred_devices_with_unique_codes() {
        let plant = PlantSpec::demo();
        assert!((300..500).contains(&plant.devices.len()), "{}", plant.devices.len());
        let codes: HashSet<_> = plant.devices.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes.len(), plant.devices.len());
        let names: HashSet<_> = plant.devices.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names.len(), plant.devices.len(), "names are unique too");
        let gateways: HashSet<_> = plant.gateways.iter().map(|g| g.code.as_str()).collect();
        assert!(plant.devices.iter().all(|d| gateways.contains(d.gateway.as_str())));
        assert_eq!(plant.agvs.len(), 8);
        assert_eq!(plant.people.len(), 40);
        assert!(plant.device("GT-F300-01").is_some());
    }

    #[test]
    fn every_positioned_device_lies_inside_its_zone_and_the_plan() {
        let plant = PlantSpec::demo();
        for d in &plant.devices {
            if let Some(p) = d.position {
                assert!(p[0] > 0.0 && p[1] > 0.0 && p[0] < PLAN_SIZE_PX[0] as f64 && p[1] < PLAN_SIZE_PX[1] as f64);
                if let Some(zone) = &d.zone {
                    let z = &plant.zones[plant.zone_index(zone).unwrap()];
                    assert!(point_in_polygon(p, &z.polygon), "{} at {p:?} is outside {zone}", d.code);
                }
            }
        }
        assert!(point_in_polygon(AMMONIA_LEAK_SOURCE, &plant.zones[F300].polygon));
        assert!(point_in_polygon(LOADING_BAY, &plant.zones[T200].polygon));
        assert_eq!(zone_at(&plant.zones, CONTROL_ROOM), None);
        assert_eq!(zone_at(&plant.zones, MAIN_GATE), None);
    }

    #[test]
    fn every_device_uses_a_preset() {
        let presets = foresight_telemetry::presets::presets();
        for d in &PlantSpec::demo().devices {
            assert!(presets.iter().any(|m| m.identifier == d.model), "{} uses {}", d.code, d.model);
        }
    }

    #[test]
    fn lat_lon_are_near_the_origin() {
        let [lat, lon] = to_lat_lon([1600.0, 1000.0]);
        assert!((ORIGIN_LAT_LON[0] - lat - 250.0 / 111_320.0).abs() < 1e-9);
        assert!(lon > ORIGIN_LAT_LON[1] && lon < ORIGIN_LAT_LON[1] + 0.01);
    }
}

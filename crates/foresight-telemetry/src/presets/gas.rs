//! Gas detection presets: fixed-point combustible and toxic gas detectors, the portable confined-space
//! four-gas detector.

use super::build::*;
use crate::model::{Category, Property, Severity, ThingModel};

fn detector_status() -> Property {
    choice(
        "status",
        "状态",
        "Status",
        &[
            (0, "正常", "normal"),
            (1, "低报", "low alarm"),
            (2, "高报", "high alarm"),
            (3, "故障", "fault"),
            (4, "标定中", "calibrating"),
        ],
    )
}

pub(super) fn combustible() -> ThingModel {
    let lel = || float("lel", "可燃气体浓度", "Combustible gas", (0.0, 100.0), 1, "%LEL");
    model(
        "gas_detector_combustible",
        "点型可燃气体探测器",
        "Fixed-point combustible gas detector",
        Category::GasDetection,
        "催化燃烧或红外原理，量程 0–100 %LEL。%LEL = 体积分数 ÷ 爆炸下限 × 100（甲烷 0.5 %vol = 10 %LEL）。",
    )
    .props([
        lel().required(),
        detector_status(),
        float("sensor_temperature", "传感器温度", "Sensor temperature", (-40.0, 70.0), 1, "°C"),
    ])
    .event("alarm_low", "一级报警（低报）", "Low alarm", Severity::Warning, vec![lel()])
    .event("alarm_high", "二级报警（高报）", "High alarm", Severity::Alarm, vec![lel()])
    .event("fault", "故障", "Fault", Severity::Warning, vec![fault_code()])
    .command("self_test", "自检", "Self test", vec![])
    .command("silence", "消音", "Silence buzzer", vec![])
    .build()
}

/// Electrochemical toxic gas detector for one gas; `range` is the sensor's full scale in ppm.
fn toxic(gas: &str, gas_zh: &str, gas_en: &str, range: f64, precision: u8) -> ThingModel {
    let conc =
        || float(gas, &format!("{gas_zh}浓度"), &format!("{gas_en} concentration"), (0.0, range), precision, "ppm");
    model(
        &format!("gas_detector_{gas}"),
        &format!("{gas_zh}探测器"),
        &format!("{gas_en} detector"),
        Category::GasDetection,
        &format!("电化学原理点型有毒气体探测器，量程 0–{range} ppm。"),
    )
    .props([
        conc().required(),
        detector_status(),
        float("sensor_life", "传感器剩余寿命", "Sensor life left", (0.0, 100.0), 0, "%"),
    ])
    .event("alarm_low", "一级报警", "Low alarm", Severity::Warning, vec![conc()])
    .event("alarm_high", "二级报警", "High alarm", Severity::Alarm, vec![conc()])
    .event("fault", "故障", "Fault", Severity::Warning, vec![fault_code()])
    .command("self_test", "自检", "Self test", vec![])
    .build()
}

pub(super) fn ammonia() -> ThingModel {
    toxic("nh3", "氨气", "Ammonia (NH3)", 1000.0, 1)
}

pub(super) fn hydrogen_sulfide() -> ThingModel {
    toxic("h2s", "硫化氢", "Hydrogen sulfide (H2S)", 100.0, 1)
}

pub(super) fn carbon_monoxide() -> ThingModel {
    toxic("co", "一氧化碳", "Carbon monoxide (CO)", 1000.0, 0)
}

pub(super) fn chlorine() -> ThingModel {
    toxic("cl2", "氯气", "Chlorine (Cl2)", 20.0, 2)
}

pub(super) fn multi_gas() -> ThingModel {
    let o2 = || float("o2", "氧气", "Oxygen", (0.0, 30.0), 1, "%vol");
    model(
        "multi_gas_detector",
        "四合一气体检测仪",
        "Four-gas confined-space detector",
        Category::GasDetection,
        "受限空间作业用便携式泵吸检测仪（O2、可燃气、H2S、CO）。GB 30871 6.4 a：氧含量 19.5 %–21 %（富氧环境不超过 23.5 %）。",
    )
    .props([
        o2().required(),
        float("lel", "可燃气体", "Combustible gas", (0.0, 100.0), 1, "%LEL").required(),
        float("h2s", "硫化氢", "Hydrogen sulfide", (0.0, 100.0), 1, "ppm").required(),
        float("co", "一氧化碳", "Carbon monoxide", (0.0, 1000.0), 0, "ppm").required(),
        flag("pump_running", "采样泵", "Sampling pump", ("运行", "running"), ("停止", "stopped")),
        battery(),
    ])
    .event("oxygen_deficient", "缺氧报警", "Oxygen deficient", Severity::Alarm, vec![o2()])
    .event("oxygen_enriched", "富氧报警", "Oxygen enriched", Severity::Alarm, vec![o2()])
    .event(
        "gas_alarm",
        "气体报警",
        "Gas alarm",
        Severity::Alarm,
        vec![
            choice("gas", "气体", "Gas", &[(1, "可燃气", "LEL"), (2, "硫化氢", "H2S"), (3, "一氧化碳", "CO")]),
            float("value", "读数", "Reading", (0.0, 1000.0), 1, ""),
        ],
    )
    .event("man_down", "人员倒地", "Man down", Severity::Critical, vec![])
    .event("low_battery", "电量低", "Low battery", Severity::Warning, vec![battery()])
    .build()
}

//! Process instrument presets: temperature, pressure, level and flow transmitters, tank radar gauges,
//! vibration sensors.

use super::build::*;
use crate::model::{Category, Severity, ThingModel};

fn sensor_fault() -> Vec<crate::model::Property> {
    vec![fault_code()]
}

pub(super) fn temperature() -> ThingModel {
    model(
        "temperature_transmitter",
        "温度变送器",
        "Temperature transmitter",
        Category::ProcessInstrument,
        "Pt100 热电阻或热电偶，4–20 mA/HART 经网关接入。量程为 Pt100 全范围 −200–850 °C。",
    )
    .props([float("temperature", "温度", "Temperature", (-200.0, 850.0), 1, "°C").required(), instrument_status()])
    .event("sensor_fault", "传感器故障", "Sensor fault", Severity::Warning, sensor_fault())
    .build()
}

pub(super) fn pressure() -> ThingModel {
    model(
        "pressure_transmitter",
        "压力变送器",
        "Pressure transmitter",
        Category::ProcessInstrument,
        "表压，−0.1（真空）–60 MPa。",
    )
    .props([float("pressure", "压力", "Pressure", (-0.1, 60.0), 3, "MPa").required(), instrument_status()])
    .event("sensor_fault", "传感器故障", "Sensor fault", Severity::Warning, sensor_fault())
    .build()
}

pub(super) fn level() -> ThingModel {
    model(
        "level_transmitter",
        "液位变送器",
        "Level transmitter",
        Category::ProcessInstrument,
        "差压、浮筒或导波雷达液位计。",
    )
    .props([
        float("level", "液位", "Level", (0.0, 30.0), 3, "m").required(),
        float("level_percent", "液位百分比", "Level (percent of span)", (0.0, 100.0), 1, "%"),
        instrument_status(),
    ])
    .event("sensor_fault", "传感器故障", "Sensor fault", Severity::Warning, sensor_fault())
    .build()
}

pub(super) fn flow() -> ThingModel {
    model("flow_transmitter", "流量变送器", "Flow transmitter", Category::ProcessInstrument, "电磁、涡街或质量流量计。")
        .props([
            float("flow", "瞬时流量", "Flow rate", (0.0, 10_000.0), 2, "m³/h").required(),
            float("total", "累计流量", "Totalised volume", (0.0, 1e10), 1, "m³"),
            instrument_status(),
        ])
        .event("sensor_fault", "传感器故障", "Sensor fault", Severity::Warning, sensor_fault())
        .build()
}

pub(super) fn tank_radar() -> ThingModel {
    let level = || float("level", "液位", "Level", (0.0, 40.0), 3, "m");
    model(
        "tank_radar_level",
        "储罐雷达液位计",
        "Tank radar level gauge",
        Category::ProcessInstrument,
        "储罐雷达液位计，配独立高高液位开关；高高液位联锁关闭进料阀。",
    )
    .props([
        level().required(),
        float("temperature", "介质温度", "Product temperature", (-40.0, 150.0), 1, "°C"),
        float("volume", "体积", "Volume", (0.0, 200_000.0), 1, "m³"),
        flag("high_high_switch", "高高液位开关", "High-high level switch", ("动作", "tripped"), ("正常", "normal")),
    ])
    .event("high_level", "高液位报警", "High level", Severity::Alarm, vec![level()])
    .event("high_high_level", "高高液位报警", "High-high level", Severity::Critical, vec![level()])
    .build()
}

pub(super) fn vibration() -> ThingModel {
    let velocity = || float("velocity_rms", "振动速度有效值", "Velocity (RMS)", (0.0, 100.0), 2, "mm/s");
    model(
        "vibration_sensor",
        "振动温度传感器",
        "Vibration and temperature sensor",
        Category::Vibration,
        "泵、压缩机、风机轴承座上的无线振动温度传感器；速度有效值按 ISO 10816 评价。",
    )
    .props([
        velocity().required(),
        float("acceleration_peak", "加速度峰值", "Acceleration (peak)", (0.0, 50.0), 2, "g"),
        float("temperature", "表面温度", "Surface temperature", (-40.0, 125.0), 1, "°C"),
        battery(),
    ])
    .event("vibration_alarm", "振动超限", "Vibration alarm", Severity::Alarm, vec![velocity()])
    .build()
}

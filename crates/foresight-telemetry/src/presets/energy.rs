//! Energy presets: battery storage BMS, PV inverters and strings, power quality, transformers.

use super::build::*;
use crate::model::{Category, Property, Severity, ThingModel};

fn cell_temperature() -> Property {
    float("cell_max_temperature", "单体最高温度", "Maximum cell temperature", (-40.0, 150.0), 1, "°C")
}

fn phase() -> Property {
    choice("phase", "相", "Phase", &[(1, "A 相", "L1"), (2, "B 相", "L2"), (3, "C 相", "L3")])
}

pub(super) fn bess_bms() -> ThingModel {
    let cell_id = || text("cell_id", "电芯编号", "Cell ID", 32);
    model(
        "bess_bms",
        "储能电池舱 BMS",
        "Battery storage cabinet BMS",
        Category::EnergyStorage,
        "磷酸铁锂储能舱电池管理系统：SOC/SOH、单体电压与温度极值、绝缘；热失控与消防动作。",
    )
    .props([
        float("soc", "荷电状态", "State of charge", (0.0, 100.0), 1, "%").required(),
        float("soh", "健康状态", "State of health", (0.0, 100.0), 1, "%"),
        float("pack_voltage", "总电压", "Pack voltage", (0.0, 1_500.0), 1, "V"),
        float("pack_current", "总电流", "Pack current", (-2_000.0, 2_000.0), 1, "A"),
        float("cell_max_voltage", "单体最高电压", "Maximum cell voltage", (0.0, 5.0), 3, "V"),
        float("cell_min_voltage", "单体最低电压", "Minimum cell voltage", (0.0, 5.0), 3, "V"),
        cell_temperature().required(),
        float("cell_min_temperature", "单体最低温度", "Minimum cell temperature", (-40.0, 150.0), 1, "°C"),
        float("insulation_resistance", "绝缘电阻", "Insulation resistance", (0.0, 10_000.0), 0, "kΩ"),
    ])
    .event("thermal_runaway", "热失控", "Thermal runaway", Severity::Critical, vec![cell_id(), cell_temperature()])
    .event("over_temperature", "过温", "Over-temperature", Severity::Alarm, vec![cell_id(), cell_temperature()])
    .event("fire_suppression_released", "消防喷放", "Fire suppression released", Severity::Critical, vec![])
    .event("insulation_fault", "绝缘故障", "Insulation fault", Severity::Alarm, vec![])
    .build()
}

pub(super) fn pv_inverter() -> ThingModel {
    let insulation = || float("insulation_resistance", "对地绝缘电阻", "Insulation resistance", (0.0, 100.0), 2, "MΩ");
    model(
        "pv_inverter",
        "光伏逆变器/组串监测",
        "PV inverter and string monitor",
        Category::Photovoltaic,
        "组串式逆变器：直流侧电压电流、绝缘阻抗、直流电弧故障检测（AFCI）。",
    )
    .props([
        float("dc_voltage", "直流电压", "DC voltage", (0.0, 1_500.0), 1, "V").required(),
        float("dc_current", "直流电流", "DC current", (0.0, 50.0), 2, "A").required(),
        float("ac_power", "交流有功功率", "AC active power", (0.0, 1_000.0), 2, "kW"),
        insulation(),
        float("temperature", "机内温度", "Internal temperature", (-40.0, 100.0), 1, "°C"),
        float("daily_energy", "日发电量", "Energy today", (0.0, 100_000.0), 1, "kWh"),
    ])
    .event(
        "arc_fault",
        "直流电弧故障",
        "DC arc fault",
        Severity::Critical,
        vec![
            int("string_no", "组串号", "String", (1, 64), ""),
            float("dc_current", "直流电流", "DC current", (0.0, 50.0), 2, "A"),
        ],
    )
    .event("insulation_fault", "绝缘阻抗低", "Low insulation resistance", Severity::Alarm, vec![insulation()])
    .event("grid_fault", "电网故障", "Grid fault", Severity::Warning, vec![fault_code()])
    .build()
}

pub(super) fn power_quality() -> ThingModel {
    let volts = |id: &str, name: &str, en: &str| float(id, name, en, (0.0, 1_000.0), 1, "V");
    let amps = |id: &str, name: &str, en: &str| float(id, name, en, (0.0, 10_000.0), 1, "A");
    model(
        "power_quality_meter",
        "电能质量监测仪",
        "Power quality meter",
        Category::Power,
        "低压配电：三相电压电流、频率、谐波畸变率、功率因数，暂降暂升事件。",
    )
    .props([
        volts("voltage_a", "A 相电压", "Voltage L1"),
        volts("voltage_b", "B 相电压", "Voltage L2"),
        volts("voltage_c", "C 相电压", "Voltage L3"),
        amps("current_a", "A 相电流", "Current L1"),
        amps("current_b", "B 相电流", "Current L2"),
        amps("current_c", "C 相电流", "Current L3"),
        float("frequency", "频率", "Frequency", (45.0, 65.0), 3, "Hz").required(),
        float("thd_voltage", "电压总谐波畸变率", "Voltage THD", (0.0, 100.0), 2, "%"),
        float("thd_current", "电流总谐波畸变率", "Current THD", (0.0, 300.0), 2, "%"),
        float("power_factor", "功率因数", "Power factor", (-1.0, 1.0), 3, ""),
        float("active_power", "有功功率", "Active power", (-100_000.0, 100_000.0), 1, "kW"),
    ])
    .event(
        "voltage_sag",
        "电压暂降",
        "Voltage sag",
        Severity::Warning,
        vec![
            phase(),
            volts("residual_voltage", "残余电压", "Residual voltage"),
            int("duration", "持续时间", "Duration", (0, 60_000), "ms"),
        ],
    )
    .event(
        "voltage_swell",
        "电压暂升",
        "Voltage swell",
        Severity::Warning,
        vec![
            phase(),
            volts("peak_voltage", "峰值电压", "Peak voltage"),
            int("duration", "持续时间", "Duration", (0, 60_000), "ms"),
        ],
    )
    .build()
}

pub(super) fn transformer() -> ThingModel {
    let winding = || float("winding_temperature", "绕组温度", "Winding temperature", (-40.0, 200.0), 1, "°C");
    model(
        "transformer_monitor",
        "变压器在线监测",
        "Transformer monitor",
        Category::Power,
        "油浸式变压器：顶层油温、绕组热点温度、油中溶解气体（H2、C2H2、CO）、负载率、瓦斯继电器。",
    )
    .props([
        float("oil_temperature", "顶层油温", "Top-oil temperature", (-40.0, 150.0), 1, "°C").required(),
        winding().required(),
        float("h2", "油中氢气", "Dissolved hydrogen", (0.0, 5_000.0), 0, "ppm"),
        float("c2h2", "油中乙炔", "Dissolved acetylene", (0.0, 1_000.0), 1, "ppm"),
        float("co", "油中一氧化碳", "Dissolved carbon monoxide", (0.0, 10_000.0), 0, "ppm"),
        float("load_ratio", "负载率", "Load", (0.0, 200.0), 1, "%"),
    ])
    .event(
        "gas_alarm",
        "油中气体报警",
        "Dissolved gas alarm",
        Severity::Alarm,
        vec![
            choice("gas", "气体", "Gas", &[(1, "氢气", "H2"), (2, "乙炔", "C2H2"), (3, "一氧化碳", "CO")]),
            float("value", "含量", "Concentration", (0.0, 10_000.0), 1, "ppm"),
        ],
    )
    .event("over_temperature", "过温", "Over-temperature", Severity::Alarm, vec![winding()])
    .event("buchholz_trip", "重瓦斯跳闸", "Buchholz trip", Severity::Critical, vec![])
    .build()
}

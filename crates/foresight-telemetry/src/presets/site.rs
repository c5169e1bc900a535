//! Site-wide presets: weather, cleanroom environment, DCS alarm feed, fire detection, corrosion, thermal
//! imaging.

use super::build::*;
use crate::model::{Category, Severity, ThingModel};

pub(super) fn weather_station() -> ThingModel {
    let wind_speed = || float("wind_speed", "风速", "Wind speed", (0.0, 60.0), 1, "m/s");
    model(
        "weather_station",
        "微型气象站",
        "Micro weather station",
        Category::Environment,
        "温湿度、风速风向、气压、降雨量；低温高湿夜班等动态风险条件的数据来源。",
    )
    .props([
        float("temperature", "气温", "Air temperature", (-50.0, 60.0), 1, "°C").required(),
        float("humidity", "相对湿度", "Relative humidity", (0.0, 100.0), 1, "%RH").required(),
        wind_speed(),
        int("wind_direction", "风向", "Wind direction", (0, 360), "°"),
        float("pressure", "气压", "Air pressure", (500.0, 1100.0), 1, "hPa"),
        float("rainfall", "日降雨量", "Rainfall today", (0.0, 500.0), 1, "mm"),
    ])
    .event("strong_wind", "大风", "Strong wind", Severity::Warning, vec![wind_speed()])
    .build()
}

pub(super) fn cleanroom() -> ThingModel {
    let dp = || float("differential_pressure", "压差", "Differential pressure", (-200.0, 200.0), 1, "Pa");
    let size = || choice("size", "粒径", "Particle size", &[(1, "≥0.5 μm", "≥0.5 µm"), (2, "≥5 μm", "≥5 µm")]);
    model(
        "cleanroom_monitor",
        "洁净室环境监测",
        "Cleanroom environment monitor",
        Category::Cleanroom,
        "制药 GMP 洁净区、锂电干燥间：温湿度、房间压差梯度、悬浮粒子计数。",
    )
    .props([
        float("temperature", "温度", "Temperature", (10.0, 40.0), 1, "°C"),
        float("humidity", "相对湿度", "Relative humidity", (0.0, 100.0), 1, "%RH"),
        dp().required(),
        int("particles_0_5um", "≥0.5 μm 粒子数", "Particles ≥0.5 µm", (0, 100_000_000), "/m³"),
        int("particles_5um", "≥5 μm 粒子数", "Particles ≥5 µm", (0, 10_000_000), "/m³"),
    ])
    .event("pressure_cascade_lost", "压差梯度丧失", "Pressure cascade lost", Severity::Alarm, vec![dp()])
    .event(
        "particle_excursion",
        "粒子超标",
        "Particle excursion",
        Severity::Warning,
        vec![size(), int("count", "粒子数", "Count", (0, 100_000_000), "/m³")],
    )
    .build()
}

pub(super) fn dcs_alarm_feed() -> ThingModel {
    let tag = || text("tag", "位号", "Tag", 64);
    model(
        "dcs_alarm_feed",
        "DCS 报警接口",
        "DCS alarm feed",
        Category::ControlSystem,
        "经 OPC UA 网关转发的 DCS/SIS 报警：位号、优先级、当前值与报警限。",
    )
    .props([
        flag("connected", "接口状态", "Connection", ("已连接", "connected"), ("断开", "disconnected")).required(),
        int("active_alarms", "活动报警数", "Active alarms", (0, 100_000), ""),
    ])
    .event(
        "alarm_raised",
        "报警产生",
        "Alarm raised",
        Severity::Alarm,
        vec![
            tag(),
            text("description", "描述", "Description", 128),
            choice(
                "priority",
                "优先级",
                "Priority",
                &[(1, "紧急", "emergency"), (2, "高", "high"), (3, "中", "medium"), (4, "低", "low")],
            ),
            any_float("value", "当前值", "Value"),
            any_float("limit", "报警限", "Limit"),
            choice(
                "limit_type",
                "报警类型",
                "Limit type",
                &[
                    (1, "高高", "HH"),
                    (2, "高", "H"),
                    (3, "低", "L"),
                    (4, "低低", "LL"),
                    (5, "偏差", "deviation"),
                    (6, "变化率", "rate of change"),
                ],
            ),
            text("unit", "单位", "Unit", 16),
        ],
    )
    .event(
        "alarm_cleared",
        "报警恢复",
        "Alarm cleared",
        Severity::Info,
        vec![tag(), any_float("value", "当前值", "Value")],
    )
    .event(
        "alarm_acknowledged",
        "报警确认",
        "Alarm acknowledged",
        Severity::Info,
        vec![tag(), text("operator", "操作员", "Operator", 64)],
    )
    .build()
}

pub(super) fn smoke_flame() -> ThingModel {
    model(
        "smoke_flame_detector",
        "感烟/火焰探测器",
        "Smoke and flame detector",
        Category::FireDetection,
        "点型光电感烟与紫外/红外火焰探测器，经火灾报警控制器接入。",
    )
    .props([
        flag("smoke", "烟雾", "Smoke", ("有烟", "smoke"), ("无烟", "clear")),
        flag("flame", "火焰", "Flame", ("有火焰", "flame"), ("无火焰", "clear")),
        float("obscuration", "减光率", "Obscuration", (0.0, 20.0), 2, "%/m"),
        choice(
            "status",
            "状态",
            "Status",
            &[(0, "正常", "normal"), (1, "火警", "fire"), (2, "故障", "fault"), (3, "屏蔽", "disabled")],
        ),
    ])
    .event(
        "fire_alarm",
        "火警",
        "Fire alarm",
        Severity::Critical,
        vec![choice(
            "detector",
            "探测方式",
            "Detected by",
            &[(1, "感烟", "smoke"), (2, "火焰", "flame"), (3, "感温", "heat")],
        )],
    )
    .event("fault", "故障", "Fault", Severity::Warning, vec![fault_code()])
    .build()
}

pub(super) fn cathodic_protection() -> ThingModel {
    let potential = || float("potential", "保护电位", "Protection potential", (-3.0, 1.0), 3, "V");
    model(
        "cathodic_protection",
        "阴极保护与腐蚀监测",
        "Cathodic protection and corrosion monitor",
        Category::Corrosion,
        "埋地管道、罐底阴极保护：相对铜/硫酸铜参比电极的通电与断电电位，恒电位仪输出，腐蚀速率探头。",
    )
    .props([
        potential().required(),
        float("off_potential", "断电电位", "Instant-off potential", (-3.0, 1.0), 3, "V"),
        float("output_current", "输出电流", "Output current", (0.0, 100.0), 2, "A"),
        float("output_voltage", "输出电压", "Output voltage", (0.0, 100.0), 1, "V"),
        float("corrosion_rate", "腐蚀速率", "Corrosion rate", (0.0, 10.0), 3, "mm/a"),
    ])
    .event("under_protection", "欠保护", "Under-protected", Severity::Warning, vec![potential()])
    .event("over_protection", "过保护", "Over-protected", Severity::Warning, vec![potential()])
    .build()
}

pub(super) fn thermal_camera() -> ThingModel {
    let max_t = || float("max_temperature", "最高温度", "Maximum temperature", (-20.0, 1500.0), 1, "°C");
    model(
        "thermal_camera",
        "红外热成像测温",
        "Thermal imaging camera",
        Category::FireDetection,
        "对反应釜、配电柜、输送带等设备测温，发现热点。",
    )
    .props([max_t().required(), float("avg_temperature", "平均温度", "Average temperature", (-20.0, 1500.0), 1, "°C")])
    .event(
        "hotspot",
        "热点报警",
        "Hotspot",
        Severity::Alarm,
        vec![
            camera_id(),
            max_t(),
            int("pixel_x", "像素 X", "Pixel X", (0, 10_000), "px"),
            int("pixel_y", "像素 Y", "Pixel Y", (0, 10_000), "px"),
        ],
    )
    .build()
}

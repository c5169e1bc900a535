//! The scenario catalogue the API serves: every override kind of [`super::scenario::Override`] with zh-CN
//! and English labels and its parameters (type, unit, default, range), so a screen can build the form.
//! A test keeps it in step with the enum's JSON.

use serde::Serialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

/// One override kind.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Preset {
    /// The `kind` of the override (`typhoon`).
    pub kind: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub description_zh: &'static str,
    pub description_en: &'static str,
    pub params: Vec<Param>,
}

/// One parameter of an override kind.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Param {
    pub name: &'static str,
    /// number, string, uuid, string[], uuid[], or enum (see `options`).
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub unit: &'static str,
    pub required: bool,
    #[schema(value_type = Option<Object>)]
    pub default: Option<Value>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub options: Vec<&'static str>,
}

#[allow(clippy::too_many_arguments)]
fn number(
    name: &'static str,
    zh: &'static str,
    en: &'static str,
    unit: &'static str,
    default: Option<f64>,
    min: f64,
    max: f64,
) -> Param {
    Param {
        name,
        kind: "number",
        label_zh: zh,
        label_en: en,
        unit,
        required: default.is_none(),
        default: default.map(|d| json!(d)),
        min: Some(min),
        max: Some(max),
        options: vec![],
    }
}

fn other(name: &'static str, kind: &'static str, zh: &'static str, en: &'static str, required: bool) -> Param {
    Param {
        name,
        kind,
        label_zh: zh,
        label_en: en,
        unit: "",
        required,
        default: None,
        min: None,
        max: None,
        options: vec![],
    }
}

fn multiplier(name: &'static str, zh: &'static str, en: &'static str, default: f64) -> Param {
    number(name, zh, en, "×", Some(default), 0.0, foresight_risk::factors::MAX_MULTIPLIER)
}

/// The catalogue, in the order a screen offers it.
pub fn catalogue() -> Vec<Preset> {
    vec![
        Preset {
            kind: "typhoon",
            label_zh: "台风",
            label_en: "Typhoon",
            description_zh: "气象站风速设为给定值、降雨按给定强度累积；风力达 8 级（17.2 m/s）及以上时，室外、高处和吊装作业风险点的 L 乘以系数。",
            description_en: "Sets the weather stations' wind speed and adds rain at the given rate; at gale force 8 (17.2 m/s) or above, L of outdoor, work-at-height and lifting hazards is multiplied.",
            params: vec![
                number("wind_speed_m_s", "风速", "Wind speed", "m/s", Some(35.0), 0.0, 100.0),
                number("rainfall_mm_per_h", "降雨强度", "Rainfall rate", "mm/h", Some(50.0), 0.0, 500.0),
                multiplier("l_multiplier", "L 系数", "L multiplier", 2.0),
            ],
        },
        Preset {
            kind: "grid_fluctuation",
            label_zh: "电网波动",
            label_en: "Grid fluctuation",
            description_zh: "电能质量监测仪的三相电压按百分比降低、频率偏移；电压偏差超过 7 % 或频率偏差超过 0.2 Hz 时，电气和工艺风险点的 L 乘以系数。",
            description_en: "Lowers the power-quality meters' phase voltages by a percentage and shifts their frequency; beyond 7 % voltage or 0.2 Hz frequency deviation, L of electrical and process hazards is multiplied.",
            params: vec![
                number("voltage_dip_pct", "电压暂降", "Voltage dip", "%", Some(12.0), 0.0, 100.0),
                number("frequency_offset_hz", "频率偏移", "Frequency offset", "Hz", Some(-0.4), -5.0, 5.0),
                multiplier("l_multiplier", "L 系数", "L multiplier", 2.0),
            ],
        },
        Preset {
            kind: "ageing_equipment",
            label_zh: "设备老化",
            label_en: "Ageing equipment",
            description_zh: "所选类别、所选区域（留空为全部）风险点的 L 乘以系数。",
            description_en: "Multiplies L of the hazards of the chosen categories in the chosen zones (empty: all).",
            params: vec![
                other("categories", "string[]", "风险类别", "Hazard categories", false),
                other("zone_ids", "uuid[]", "区域", "Zones", false),
                multiplier("l_multiplier", "L 系数", "L multiplier", 2.0),
            ],
        },
        Preset {
            kind: "set_property",
            label_zh: "设定设备属性",
            label_en: "Set a device property",
            description_zh: "把某物模型和/或某区域设备的一个属性设为定值、加偏移、乘系数或按小时速率递增。",
            description_en: "Sets, offsets, scales or ramps (per hour) one property of the devices of a thing model and/or zone.",
            params: vec![
                Param {
                    options: super::scenario::PROPERTIES.to_vec(),
                    ..other("property", "enum", "属性", "Property", true)
                },
                other("model", "string", "物模型标识", "Thing model identifier", false),
                other("zone_id", "uuid", "区域", "Zone", false),
                Param {
                    options: vec!["set", "offset", "scale", "ramp"],
                    default: Some(json!("set")),
                    ..other("mode", "enum", "方式", "Mode", false)
                },
                number("value", "数值", "Value", "", None, f64::MIN, f64::MAX),
            ],
        },
        Preset {
            kind: "force_factor",
            label_zh: "强制启用动态因子",
            label_en: "Force a factor on",
            description_zh: "无论条件是否满足，都启用本租户的某个动态因子。",
            description_en: "Turns one of the tenant's dynamic factors on, whatever its condition says.",
            params: vec![other("factor", "string", "因子标识", "Factor code", true)],
        },
        Preset {
            kind: "multiply_hazards",
            label_zh: "调整风险点 L/E/C",
            label_en: "Multiply L/E/C of hazards",
            description_zh: "所选风险点的 L、E 乘以系数（连续值，限定在量表范围内），C 乘以系数后取量表上最接近的值。",
            description_en: "Multiplies L and E of the chosen hazards (continuous, kept within the scales' range); C is multiplied and moved to the nearest step of its scale.",
            params: vec![
                other("hazard_ids", "uuid[]", "风险点", "Hazards", true),
                multiplier("l", "L 系数", "L multiplier", 1.0),
                multiplier("e", "E 系数", "E multiplier", 1.0),
                multiplier("c", "C 系数", "C multiplier", 1.0),
            ],
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::scenario::Override;

    #[test]
    fn every_preset_parses_with_its_defaults_and_required_parameters() {
        let sample = |p: &Param| match p.kind {
            "number" => json!(1.5),
            "uuid" => json!(uuid::Uuid::nil()),
            "uuid[]" => json!([uuid::Uuid::nil()]),
            "string[]" => json!(["fall"]),
            "enum" => json!(p.options[0]),
            _ => json!("x"),
        };
        for preset in catalogue() {
            let mut required = serde_json::Map::new();
            let mut all = serde_json::Map::new();
            required.insert("kind".into(), json!(preset.kind));
            all.insert("kind".into(), json!(preset.kind));
            for p in &preset.params {
                if p.required {
                    required.insert(p.name.into(), sample(p));
                }
                all.insert(p.name.into(), sample(p));
            }
            let parsed: Override =
                serde_json::from_value(Value::Object(required)).unwrap_or_else(|e| panic!("{}: {e}", preset.kind));
            let back = serde_json::to_value(&parsed).unwrap();
            // Defaults of the catalogue are the enum's defaults.
            for p in &preset.params {
                if let Some(d) = &p.default {
                    assert_eq!(&back[p.name], d, "{}.{}", preset.kind, p.name);
                }
            }
            serde_json::from_value::<Override>(Value::Object(all)).unwrap_or_else(|e| panic!("{}: {e}", preset.kind));
        }
        assert!(serde_json::from_value::<Override>(json!({"kind": "earthquake"})).is_err());
    }
}

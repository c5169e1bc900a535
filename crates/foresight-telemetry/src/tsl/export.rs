//! Thing model → TSL document.

use super::TSL_SCHEMA;
use crate::model::{Access, DataType, Param, Property, Severity, ThingModel};
use serde_json::{json, Map, Value};

pub fn to_tsl(model: &ThingModel) -> Value {
    json!({
        "schema": TSL_SCHEMA,
        "profile": {
            "version": "1.0",
            "productKey": model.identifier,
            "productName": model.name,
            "productNameEn": model.name_en,
            "category": model.category.as_str(),
            "description": model.description,
            "modelVersion": model.version,
        },
        "properties": model.properties.iter().map(property).collect::<Vec<_>>(),
        "events": model.events.iter().map(|e| json!({
            "identifier": e.identifier,
            "name": e.name,
            "nameEn": e.name_en,
            "type": event_type(e.severity),
            "severity": e.severity.as_str(),
            "method": format!("thing.event.{}.post", e.identifier),
            "outputData": params(&e.output),
        })).collect::<Vec<_>>(),
        "services": model.commands.iter().map(|c| json!({
            "identifier": c.identifier,
            "name": c.name,
            "nameEn": c.name_en,
            "callType": "async",
            "method": format!("thing.service.{}", c.identifier),
            "inputData": params(&c.input),
            "outputData": params(&c.output),
        })).collect::<Vec<_>>(),
    })
}

/// TSL knows three event types; the exact severity travels in the extra `severity` key.
fn event_type(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "info",
        Severity::Warning => "alert",
        Severity::Alarm | Severity::Critical => "error",
    }
}

fn property(p: &Property) -> Value {
    json!({
        "identifier": p.identifier,
        "name": p.name,
        "nameEn": p.name_en,
        "accessMode": match p.access { Access::Read => "r", Access::ReadWrite => "rw" },
        "required": p.required,
        "dataType": data_type(&p.data_type),
    })
}

fn params(params: &[Param]) -> Vec<Value> {
    params
        .iter()
        .map(|p| {
            json!({
                "identifier": p.identifier,
                "name": p.name,
                "nameEn": p.name_en,
                "dataType": data_type(&p.data_type),
            })
        })
        .collect()
}

fn data_type(data_type: &DataType) -> Value {
    let mut specs = Map::new();
    let mut put = |key: &str, value: String| {
        specs.insert(key.to_string(), Value::String(value));
    };
    let (kind, specs_en) = match data_type {
        DataType::Int { min, max, step, unit } => {
            put_bounds(&mut put, min.map(|v| v.to_string()), max.map(|v| v.to_string()));
            put("step", step.to_string());
            put_unit(&mut put, unit);
            ("int", None)
        }
        DataType::Float { min, max, precision, unit } => {
            // Display prints the shortest text that parses back to the same f64, so bounds survive exactly.
            put_bounds(&mut put, min.map(|v| v.to_string()), max.map(|v| v.to_string()));
            put("step", step_for(*precision));
            put_unit(&mut put, unit);
            ("double", None)
        }
        DataType::Bool { true_label, true_label_en, false_label, false_label_en } => {
            put("0", false_label.clone());
            put("1", true_label.clone());
            ("bool", Some(json!({"0": false_label_en, "1": true_label_en})))
        }
        DataType::Enum { values } => {
            let mut en = Map::new();
            for v in values {
                put(&v.value.to_string(), v.label.clone());
                en.insert(v.value.to_string(), Value::String(v.label_en.clone()));
            }
            ("enum", Some(Value::Object(en)))
        }
        DataType::Text { max_length } => {
            put("length", max_length.to_string());
            ("text", None)
        }
    };
    let mut out = json!({"type": kind, "specs": specs});
    if let Some(en) = specs_en {
        out["specsEn"] = en;
    }
    out
}

fn put_bounds(put: &mut impl FnMut(&str, String), min: Option<String>, max: Option<String>) {
    if let Some(min) = min {
        put("min", min);
    }
    if let Some(max) = max {
        put("max", max);
    }
}

fn put_unit(put: &mut impl FnMut(&str, String), unit: &str) {
    if !unit.is_empty() {
        put("unit", unit.to_string());
        put("unitName", unit.to_string());
    }
}

/// `0` → "1", `2` → "0.01": TSL expresses display precision as the step.
pub(super) fn step_for(precision: u8) -> String {
    match precision {
        0 => "1".to_string(),
        p => format!("0.{}1", "0".repeat(p as usize - 1)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn steps_spell_the_precision() {
        assert_eq!(super::step_for(0), "1");
        assert_eq!(super::step_for(1), "0.1");
        assert_eq!(super::step_for(3), "0.001");
    }
}

//! Import of W3C WoT Thing Descriptions (TD 1.1) into a thing model.
//!
//! Property, event and action affordances map to properties, events and commands; protocol bindings
//! (`forms`, `links`, security) are not part of a thing model and are ignored. What the model cannot
//! represent (object, array and null schemas, number enums, nested objects) is skipped with a warning, as
//! are rewritten identifiers and numeric properties without a full range. Import never panics; it fails
//! only when the document is not an object with a title. The result still needs
//! [`ThingModel::validate`] before it is saved.

use crate::model::{Access, Category, Command, DataType, EnumValue, Event, Param, Property, Severity, ThingModel};
use crate::model::{DEFAULT_PRECISION, MAX_PRECISION, MAX_TEXT_LENGTH};
use crate::problem::{codes, is_identifier, Problem, MAX_IDENTIFIER_CHARS};
use serde_json::{Map, Value};

/// A model and what was lost or changed on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct WotImport {
    pub model: ThingModel,
    pub warnings: Vec<Problem>,
}

/// TD has no severity; an unknown event is assumed to matter rather than defaulting to harmless.
const EVENT_SEVERITY: Severity = Severity::Warning;
/// Text length when a string schema gives no `maxLength`.
const DEFAULT_TEXT_LENGTH: u32 = 256;

pub fn from_wot(td: &Value) -> Result<WotImport, Problem> {
    let root = td.as_object().ok_or_else(|| Problem::new("", codes::INVALID_TYPE).arg("expected", "object"))?;
    let title = root.get("title").and_then(Value::as_str).ok_or_else(|| Problem::new("title", codes::REQUIRED))?;
    let mut im = Importer { warnings: Vec::new() };
    let (name, name_en) = titles(root, title);
    let types = at_types(root);
    let identifier = [sanitize(title), types.first().map(|t| sanitize(t)).unwrap_or_default()]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "thing".to_string());

    let properties = im.affordances(root, "properties", |im, path, key, o| {
        let data_type = im.schema(o, path)?;
        let read_only = o.get("readOnly").and_then(Value::as_bool).unwrap_or(false);
        let (name, name_en) = titles(o, key);
        Some(Property {
            identifier: im.identifier(key, path),
            name,
            name_en,
            data_type,
            access: if read_only { Access::Read } else { Access::ReadWrite },
            required: false,
        })
    });
    let events = im.affordances(root, "events", |im, path, key, o| {
        let (name, name_en) = titles(o, key);
        Some(Event {
            identifier: im.identifier(key, path),
            name,
            name_en,
            severity: EVENT_SEVERITY,
            output: im.fields(o.get("data"), &format!("{path}.data")),
        })
    });
    let commands = im.affordances(root, "actions", |im, path, key, o| {
        let (name, name_en) = titles(o, key);
        Some(Command {
            identifier: im.identifier(key, path),
            name,
            name_en,
            input: im.fields(o.get("input"), &format!("{path}.input")),
            output: im.fields(o.get("output"), &format!("{path}.output")),
        })
    });

    let model = ThingModel {
        identifier,
        version: 1,
        name,
        name_en,
        category: types.iter().find_map(|t| category(t)).unwrap_or(Category::Other),
        description: root.get("description").and_then(Value::as_str).unwrap_or_default().to_string(),
        properties,
        events,
        commands,
    };
    Ok(WotImport { model, warnings: im.warnings })
}

struct Importer {
    warnings: Vec<Problem>,
}

impl Importer {
    fn warn(&mut self, path: &str, code: &'static str) -> &mut Problem {
        self.warnings.push(Problem::new(path, code));
        self.warnings.last_mut().expect("just pushed")
    }

    /// Maps each affordance of a `properties`/`events`/`actions` map; non-objects are skipped.
    fn affordances<T>(
        &mut self,
        root: &Map<String, Value>,
        kind: &str,
        mut map: impl FnMut(&mut Importer, &str, &str, &Map<String, Value>) -> Option<T>,
    ) -> Vec<T> {
        match root.get(kind) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Object(items)) => items
                .iter()
                .filter_map(|(key, v)| {
                    let path = format!("{kind}.{key}");
                    match v.as_object() {
                        Some(o) => map(self, &path, key, o),
                        None => {
                            self.warn(&path, codes::INVALID_TYPE).args.push(("expected", "object".into()));
                            None
                        }
                    }
                })
                .collect(),
            Some(_) => {
                self.warn(kind, codes::INVALID_TYPE).args.push(("expected", "object".into()));
                Vec::new()
            }
        }
    }

    fn identifier(&mut self, key: &str, path: &str) -> String {
        if is_identifier(key) {
            return key.to_string();
        }
        let to = match sanitize(key) {
            s if s.is_empty() => "field".to_string(),
            s => s,
        };
        let w = self.warn(path, codes::RENAMED_IDENTIFIER);
        w.args.push(("from", key.to_string()));
        w.args.push(("to", to.clone()));
        to
    }

    /// An event's `data` or an action's `input`/`output`: an object's properties become fields, a single
    /// value becomes one field named `value`.
    fn fields(&mut self, schema: Option<&Value>, path: &str) -> Vec<Param> {
        let Some(schema) = schema.and_then(Value::as_object) else {
            if schema.is_some_and(|s| !s.is_null()) {
                self.warn(path, codes::INVALID_TYPE).args.push(("expected", "object".into()));
            }
            return Vec::new();
        };
        if schema.get("type").and_then(Value::as_str) != Some("object") {
            let (name, name_en) = titles(schema, "value");
            return self
                .schema(schema, path)
                .map(|data_type| Param { identifier: "value".into(), name, name_en, data_type })
                .into_iter()
                .collect();
        }
        let Some(props) = schema.get("properties").and_then(Value::as_object) else { return Vec::new() };
        props
            .iter()
            .filter_map(|(key, v)| {
                let at = format!("{path}.properties.{key}");
                let o = v.as_object()?;
                let data_type = self.schema(o, &at)?;
                let (name, name_en) = titles(o, key);
                Some(Param { identifier: self.identifier(key, &at), name, name_en, data_type })
            })
            .collect()
    }

    /// A TD data schema → a data type, or `None` (with a warning) when the model cannot hold it.
    fn schema(&mut self, o: &Map<String, Value>, path: &str) -> Option<DataType> {
        let enum_values = o.get("enum").and_then(Value::as_array);
        let kind = match o.get("type").and_then(Value::as_str) {
            Some(t) => t,
            None => match enum_values.and_then(|v| v.first()) {
                Some(Value::String(_)) => "string",
                Some(Value::Number(_)) => "number",
                Some(Value::Bool(_)) => "boolean",
                _ => "(none)",
            },
        };
        let number = |key: &str| o.get(key).and_then(Value::as_f64);
        let unit = || unit_symbol(o.get("unit").and_then(Value::as_str).unwrap_or_default());
        let data_type = match kind {
            "integer" | "number" if enum_values.is_some() => {
                let values: Option<Vec<i64>> = enum_values?.iter().map(Value::as_i64).collect();
                match values {
                    Some(values) => {
                        DataType::Enum { values: values.into_iter().map(|v| label(v, v.to_string())).collect() }
                    }
                    None => {
                        self.warn(path, codes::UNSUPPORTED_TYPE).args.push(("type", "number enum".into()));
                        return None;
                    }
                }
            }
            "integer" => {
                let min = number("minimum").map(|m| m.ceil()).or(number("exclusiveMinimum").map(|m| m.floor() + 1.0));
                let max = number("maximum").map(|m| m.floor()).or(number("exclusiveMaximum").map(|m| m.ceil() - 1.0));
                let step = number("multipleOf").filter(|s| *s >= 1.0 && s.fract() == 0.0 && *s <= u32::MAX as f64);
                DataType::Int {
                    min: min.map(|m| m as i64),
                    max: max.map(|m| m as i64),
                    step: step.map_or(1, |s| s as u32),
                    unit: unit(),
                }
            }
            "number" => DataType::Float {
                // An exclusive bound differs from the inclusive one by nothing a sensor can resolve.
                min: number("minimum").or(number("exclusiveMinimum")),
                max: number("maximum").or(number("exclusiveMaximum")),
                precision: number("multipleOf").map_or(DEFAULT_PRECISION, decimals),
                unit: unit(),
            },
            "boolean" => DataType::Bool {
                true_label: "是".into(),
                true_label_en: "true".into(),
                false_label: "否".into(),
                false_label_en: "false".into(),
            },
            "string" => match enum_values {
                Some(values) => {
                    self.warn(path, codes::STRING_ENUM_NUMBERED);
                    let labels = values.iter().filter_map(Value::as_str);
                    DataType::Enum { values: labels.zip(0..).map(|(s, i)| label(i, s.to_string())).collect() }
                }
                None => DataType::Text {
                    max_length: o
                        .get("maxLength")
                        .and_then(Value::as_u64)
                        .map_or(DEFAULT_TEXT_LENGTH, |n| n.min(MAX_TEXT_LENGTH as u64) as u32),
                },
            },
            other => {
                self.warn(path, codes::UNSUPPORTED_TYPE).args.push(("type", other.to_string()));
                return None;
            }
        };
        if let DataType::Int { min, max, .. } = &data_type {
            self.range_warning(path, min.is_none(), max.is_none());
        }
        if let DataType::Float { min, max, .. } = &data_type {
            self.range_warning(path, min.is_none(), max.is_none());
        }
        Some(data_type)
    }

    fn range_warning(&mut self, path: &str, no_min: bool, no_max: bool) {
        let missing = match (no_min, no_max) {
            (true, true) => "minimum, maximum",
            (true, false) => "minimum",
            (false, true) => "maximum",
            (false, false) => return,
        };
        self.warn(path, codes::UNBOUNDED_RANGE).args.push(("missing", missing.into()));
    }
}

fn label(value: i64, text: String) -> EnumValue {
    EnumValue { value, label: text.clone(), label_en: text }
}

/// Decimal places of a `multipleOf`: 0.01 → 2.
fn decimals(step: f64) -> u8 {
    (0..=MAX_PRECISION)
        .find(|p| {
            let scaled = step.abs() * 10f64.powi(*p as i32);
            scaled.round() >= 1.0 && (scaled - scaled.round()).abs() <= 1e-6
        })
        .unwrap_or(DEFAULT_PRECISION)
}

/// Chinese and English names from `titles` (TD's multilanguage map), falling back to `title`, then `key`.
fn titles(o: &Map<String, Value>, key: &str) -> (String, String) {
    let title = o.get("title").and_then(Value::as_str).unwrap_or(key);
    let by_lang = |prefix: &str| {
        o.get("titles")
            .and_then(Value::as_object)
            .and_then(|t| t.iter().find(|(lang, _)| lang.to_ascii_lowercase().starts_with(prefix)))
            .and_then(|(_, v)| v.as_str())
            .map(str::to_string)
    };
    (by_lang("zh").unwrap_or_else(|| title.to_string()), by_lang("en").unwrap_or_else(|| title.to_string()))
}

fn at_types(root: &Map<String, Value>) -> Vec<String> {
    match root.get("@type") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

/// Non-identifier characters become `_`; a leading digit or underscore gets a letter in front.
fn sanitize(s: &str) -> String {
    let mut out: String = s.trim().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    while out.contains("__") {
        out = out.replace("__", "_");
    }
    let out = out.trim_matches('_');
    if out.is_empty() {
        return String::new();
    }
    let out = if out.starts_with(|c: char| c.is_ascii_alphabetic()) { out.to_string() } else { format!("x_{out}") };
    out.chars().take(MAX_IDENTIFIER_CHARS).collect()
}

/// WebThings' capability types that say what kind of equipment a TD describes.
fn category(at_type: &str) -> Option<Category> {
    Some(match at_type {
        "SmokeSensor" | "Alarm" => Category::FireDetection,
        "AirQualitySensor" | "TemperatureSensor" | "HumiditySensor" | "BarometricPressureSensor" => {
            Category::Environment
        }
        "EnergyMonitor" | "SmartPlug" => Category::Power,
        "Lock" => Category::Lockout,
        "DoorSensor" | "MotionSensor" => Category::AccessControl,
        "VideoCamera" | "Camera" => Category::VideoAnalytics,
        "LeakSensor" => Category::GasDetection,
        _ => return None,
    })
}

/// Unit names WoT devices spell out, as the symbols our presets use; anything else is kept as written.
fn unit_symbol(unit: &str) -> String {
    let symbol = match unit.trim().to_ascii_lowercase().as_str() {
        "degree celsius" | "celsius" | "degreecelsius" => "°C",
        "degree fahrenheit" | "fahrenheit" => "°F",
        "percent" | "percentage" => "%",
        "micrograms per cubic metre" | "micrograms per cubic meter" | "microgram per cubic metre" => "μg/m³",
        "parts per million" => "ppm",
        "hectopascal" => "hPa",
        "pascal" => "Pa",
        "kilopascal" => "kPa",
        "lux" => "lx",
        "watt" => "W",
        "kilowatt" => "kW",
        "kilowatt hour" => "kWh",
        "volt" => "V",
        "ampere" => "A",
        "hertz" => "Hz",
        "metre" | "meter" => "m",
        "metre per second" | "meter per second" => "m/s",
        "second" => "s",
        "millisecond" => "ms",
        "decibel" => "dB",
        "degree" | "arcdegrees" => "°",
        _ => return unit.trim().to_string(),
    };
    symbol.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn fixture(text: &str) -> Value {
        serde_json::from_str(text).expect("fixture is JSON")
    }

    const AIR_QUALITY: &str = include_str!("../../../fixtures/wot/air-quality-sensor.td.json");
    const SMOKE: &str = include_str!("../../../fixtures/wot/smoke-detector.td.json");

    fn warnings(import: &WotImport) -> Vec<(&str, &str)> {
        import.warnings.iter().map(|w| (w.path.as_str(), w.code)).collect()
    }

    #[test]
    fn the_webthings_air_quality_sensor_imports() {
        let import = from_wot(&fixture(AIR_QUALITY)).unwrap();
        let m = &import.model;
        assert_eq!(m.identifier, "Virtual_Air_Quality_Sensor");
        assert_eq!((m.name.as_str(), m.name_en.as_str()), ("Virtual Air Quality Sensor", "Virtual Air Quality Sensor"));
        assert_eq!(m.category, Category::Environment);
        assert_eq!(m.properties.len(), 2);
        let conc = m.property("concentration").unwrap();
        assert_eq!(conc.name, "Gas Concentration");
        assert_eq!(conc.access, Access::Read);
        assert_eq!(conc.data_type, DataType::Float { min: Some(0.0), max: None, precision: 2, unit: "ppm".into() });
        assert_eq!(m.property("density").unwrap().data_type.unit(), "μg/m³");
        assert!(m.events.is_empty() && m.commands.is_empty());
        assert_eq!(
            warnings(&import),
            [("properties.concentration", codes::UNBOUNDED_RANGE), ("properties.density", codes::UNBOUNDED_RANGE)]
        );
        assert_eq!(import.warnings[0].args, [("missing", "maximum".to_string())]);
        assert_eq!(m.validate(), Ok(()));
    }

    #[test]
    fn the_webthings_smoke_sensor_imports_and_accepts_readings() {
        let import = from_wot(&fixture(SMOKE)).unwrap();
        let m = &import.model;
        assert_eq!((m.identifier.as_str(), m.category), ("Virtual_Smoke_Sensor", Category::FireDetection));
        assert!(import.warnings.is_empty(), "{:?}", import.warnings);
        assert!(matches!(m.property("smoke").unwrap().data_type, DataType::Bool { .. }));
        assert_eq!(m.validate(), Ok(()));
        let reading = crate::reading::check_reading(m, "smoke", &json!(true));
        assert_eq!(reading, Ok(crate::reading::Value::Number(1.0)));
    }

    #[test]
    fn events_actions_and_unsupported_schemas() {
        let td = json!({
            "title": "泵站",
            "titles": {"zh-CN": "泵站", "en": "Pump station"},
            "@type": "Thing",
            "properties": {
                "speed": {"type": "integer", "minimum": 0.5, "exclusiveMaximum": 3000, "unit": "rpm", "multipleOf": 10},
                "mode": {"type": "string", "enum": ["auto", "manual"]},
                "setpoint": {"type": "number", "minimum": 0, "maximum": 10, "multipleOf": 0.05, "readOnly": false},
                "position": {"type": "object", "properties": {"x": {"type": "number"}}},
                "tags": {"type": "array"},
                "flow-rate": {"type": "number", "minimum": 0, "maximum": 100},
                "broken": 7
            },
            "events": {
                "overheat": {"title": "Overheat", "data": {"type": "object", "properties": {
                    "temperature": {"type": "number", "minimum": -40, "maximum": 200, "unit": "degree celsius"},
                    "detail": {"type": "object"}
                }}},
                "tripped": {"data": {"type": "boolean"}}
            },
            "actions": {
                "start": {"input": {"type": "object", "properties": {
                    "delay": {"type": "integer", "minimum": 0, "maximum": 60}
                }}},
                "stop": {}
            }
        });
        let import = from_wot(&td).unwrap();
        let m = &import.model;
        assert_eq!((m.identifier.as_str(), m.name.as_str(), m.name_en.as_str()), ("Thing", "泵站", "Pump station"));
        assert_eq!(
            m.property("speed").unwrap().data_type,
            DataType::Int { min: Some(1), max: Some(2999), step: 10, unit: "rpm".into() }
        );
        let DataType::Enum { values } = &m.property("mode").unwrap().data_type else { panic!("enum") };
        assert_eq!(
            values.iter().map(|v| (v.value, v.label_en.as_str())).collect::<Vec<_>>(),
            [(0, "auto"), (1, "manual")]
        );
        let setpoint = m.property("setpoint").unwrap();
        assert_eq!(
            (setpoint.access, &setpoint.data_type),
            (
                Access::ReadWrite,
                &DataType::Float { min: Some(0.0), max: Some(10.0), precision: 2, unit: String::new() }
            )
        );
        assert!(m.property("flow_rate").is_some());
        assert_eq!(m.properties.len(), 4);
        let overheat = m.event("overheat").unwrap();
        assert_eq!((overheat.severity, overheat.output.len()), (Severity::Warning, 1));
        assert_eq!(overheat.output[0].data_type.unit(), "°C");
        assert_eq!(m.event("tripped").unwrap().output[0].identifier, "value");
        assert_eq!(m.command("start").unwrap().input[0].identifier, "delay");
        assert!(m.command("stop").unwrap().input.is_empty());
        // Sorted: the order of JSON object keys depends on serde_json's `preserve_order` feature.
        let mut found = warnings(&import);
        found.sort();
        assert_eq!(
            found,
            [
                ("events.overheat.data.properties.detail", codes::UNSUPPORTED_TYPE),
                ("properties.broken", codes::INVALID_TYPE),
                ("properties.flow-rate", codes::RENAMED_IDENTIFIER),
                ("properties.mode", codes::STRING_ENUM_NUMBERED),
                ("properties.position", codes::UNSUPPORTED_TYPE),
                ("properties.tags", codes::UNSUPPORTED_TYPE),
            ]
        );
        assert_eq!(m.validate(), Ok(()));
    }

    #[test]
    fn only_a_titled_object_is_a_thing_description() {
        assert_eq!(from_wot(&json!([])).unwrap_err().code, codes::INVALID_TYPE);
        assert_eq!(from_wot(&json!({"properties": {}})).unwrap_err().path, "title");
        let import = from_wot(&json!({"title": "烟感", "properties": []})).unwrap();
        assert_eq!(import.model.identifier, "thing");
        assert_eq!(warnings(&import), [("properties", codes::INVALID_TYPE)]);
    }

    #[test]
    fn sanitizing_makes_identifiers() {
        assert_eq!(sanitize("Virtual Air-Quality  Sensor!"), "Virtual_Air_Quality_Sensor");
        assert_eq!(sanitize("1st floor"), "x_1st_floor");
        assert_eq!(sanitize("温度"), "");
        assert!(is_identifier(&sanitize(&"a b".repeat(50))));
    }

    /// Arbitrary JSON built from the keywords the importer looks at, so fuzzing reaches deep paths.
    fn arb_json() -> impl Strategy<Value = Value> {
        let keys = prop_oneof![
            Just("title"),
            Just("type"),
            Just("properties"),
            Just("events"),
            Just("actions"),
            Just("data"),
            Just("input"),
            Just("output"),
            Just("enum"),
            Just("minimum"),
            Just("maximum"),
            Just("multipleOf"),
            Just("unit"),
            Just("readOnly"),
            Just("titles"),
            Just("@type"),
            Just("maxLength"),
            Just("exclusiveMinimum"),
            Just("integer"),
            Just("number"),
            Just("string"),
            Just("object"),
            Just("x y"),
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_filter("JSON numbers are finite", |x| x.is_finite()).prop_map(Value::from),
            prop_oneof![Just("integer"), Just("number"), Just("string"), Just("boolean"), Just("object"), Just("é")]
                .prop_map(Value::from),
        ];
        leaf.prop_recursive(5, 64, 6, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map(keys.clone(), inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn no_document_makes_an_importer_panic(doc in arb_json()) {
            let _ = from_wot(&doc);
            let _ = crate::tsl::from_tsl(&doc);
            if let Ok(import) = from_wot(&doc) {
                // Whatever came in, the model is serialisable and validation terminates.
                let _ = import.model.validate();
                prop_assert!(serde_json::to_string(&import.model).is_ok());
            }
        }
    }
}

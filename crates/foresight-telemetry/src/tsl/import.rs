//! TSL document → thing model, collecting every problem with its path.

use crate::model::{
    Access, Category, Command, DataType, EnumValue, Event, Param, Property, Severity, ThingModel, DEFAULT_PRECISION,
    MAX_PRECISION,
};
use crate::problem::{codes, Problem};
use serde_json::{Map, Value};

/// Text length when a document gives none.
const DEFAULT_TEXT_LENGTH: u32 = 256;

pub fn from_tsl(doc: &Value) -> Result<ThingModel, Vec<Problem>> {
    let mut im = Importer { problems: Vec::new() };
    let model = im.model(doc);
    match model {
        Some(m) if im.problems.is_empty() => Ok(m),
        _ => Err(im.problems),
    }
}

struct Importer {
    problems: Vec<Problem>,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl Importer {
    fn problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    fn object<'a>(&mut self, v: &'a Value, path: &str) -> Option<&'a Map<String, Value>> {
        let o = v.as_object();
        if o.is_none() {
            self.problem(Problem::new(path, codes::INVALID_TYPE).arg("expected", "object"));
        }
        o
    }

    /// An optional string; a present non-string is a problem.
    fn string(&mut self, o: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        match o.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.problem(Problem::new(join(path, key), codes::INVALID_TYPE).arg("expected", "string"));
                None
            }
        }
    }

    fn required_string(&mut self, o: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        if o.get(key).is_none_or(Value::is_null) {
            self.problem(Problem::new(join(path, key), codes::REQUIRED));
        }
        self.string(o, key, path)
    }

    fn list<'a>(&mut self, o: &'a Map<String, Value>, key: &str, path: &str) -> &'a [Value] {
        match o.get(key) {
            None | Some(Value::Null) => &[],
            Some(Value::Array(items)) => items,
            Some(_) => {
                self.problem(Problem::new(join(path, key), codes::INVALID_TYPE).arg("expected", "array"));
                &[]
            }
        }
    }

    /// A spec number, written as a string (TSL's habit) or as a JSON number; an empty string means absent.
    fn number(&mut self, specs: &Map<String, Value>, key: &str, path: &str) -> Option<f64> {
        let parsed = match specs.get(key)? {
            Value::Null => return None,
            Value::Number(n) => n.as_f64(),
            Value::String(s) if s.trim().is_empty() => return None,
            Value::String(s) => s.trim().parse::<f64>().ok().filter(|x| x.is_finite()),
            _ => None,
        };
        if parsed.is_none() {
            self.problem(Problem::new(format!("{path}.specs.{key}"), codes::INVALID_NUMBER));
        }
        parsed
    }

    fn integer(&mut self, specs: &Map<String, Value>, key: &str, path: &str, min: i64, max: i64) -> Option<i64> {
        // Exact integer forms first: going through f64 would round integers beyond 2^53.
        let exact = match specs.get(key) {
            Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
            Some(Value::Number(n)) => n.as_i64(),
            _ => None,
        };
        if let Some(i) = exact {
            return self.within(i, key, path, min, max);
        }
        let x = self.number(specs, key, path)?;
        if x.fract() != 0.0 || x < i64::MIN as f64 || x >= i64::MAX as f64 {
            self.problem(Problem::new(format!("{path}.specs.{key}"), codes::INVALID_NUMBER));
            return None;
        }
        self.within(x as i64, key, path, min, max)
    }

    fn within(&mut self, i: i64, key: &str, path: &str, min: i64, max: i64) -> Option<i64> {
        if (min..=max).contains(&i) {
            Some(i)
        } else {
            self.problem(
                Problem::new(format!("{path}.specs.{key}"), codes::OUT_OF_RANGE).arg("min", min).arg("max", max),
            );
            None
        }
    }

    fn model(&mut self, doc: &Value) -> Option<ThingModel> {
        let root = self.object(doc, "")?;
        let empty = Map::new();
        let profile = match root.get("profile") {
            None => &empty,
            Some(v) => self.object(v, "profile").unwrap_or(&empty),
        };
        let identifier = self.required_string(profile, "productKey", "profile");
        let name = self.string(profile, "productName", "profile");
        let name_en = self.string(profile, "productNameEn", "profile");
        let category = self.string(profile, "category", "profile").and_then(|c| Category::parse(&c));
        let description = self.string(profile, "description", "profile").unwrap_or_default();
        let version = match profile.get("modelVersion") {
            None => Some(1),
            Some(v) => v.as_u64().and_then(|v| u32::try_from(v).ok()).or_else(|| {
                self.problem(Problem::new("profile.modelVersion", codes::INVALID_NUMBER));
                None
            }),
        };

        let properties: Vec<_> = self
            .list(root, "properties", "")
            .iter()
            .enumerate()
            .filter_map(|(i, v)| self.property(v, &format!("properties[{i}]")))
            .collect();
        let events: Vec<_> = self
            .list(root, "events", "")
            .iter()
            .enumerate()
            .filter(|(_, v)| v["method"] != "thing.event.property.post")
            .filter_map(|(i, v)| self.event(v, &format!("events[{i}]")))
            .collect();
        // Some platforms call services "functions".
        let services_key =
            if root.contains_key("services") || !root.contains_key("functions") { "services" } else { "functions" };
        let commands: Vec<_> = self
            .list(root, services_key, "")
            .iter()
            .enumerate()
            .filter(|(_, v)| {
                !matches!(v["method"].as_str(), Some("thing.service.property.set" | "thing.service.property.get"))
            })
            .filter_map(|(i, v)| self.command(v, &format!("{services_key}[{i}]")))
            .collect();

        let identifier = identifier?;
        let name = name.unwrap_or_else(|| identifier.clone());
        Some(ThingModel {
            name_en: name_en.unwrap_or_else(|| name.clone()),
            name,
            identifier,
            version: version?,
            category: category.unwrap_or(Category::Other),
            description,
            properties,
            events,
            commands,
        })
    }

    /// Identifier, name and English name (falling back to the name, then the identifier).
    fn names(&mut self, o: &Map<String, Value>, path: &str) -> Option<(String, String, String)> {
        let identifier = self.required_string(o, "identifier", path);
        let name = self.string(o, "name", path);
        let name_en = self.string(o, "nameEn", path);
        let identifier = identifier?;
        let name = name.unwrap_or_else(|| identifier.clone());
        let name_en = name_en.unwrap_or_else(|| name.clone());
        Some((identifier, name, name_en))
    }

    fn property(&mut self, v: &Value, path: &str) -> Option<Property> {
        let o = self.object(v, path)?;
        let names = self.names(o, path);
        let access = match o.get("accessMode").and_then(Value::as_str) {
            None | Some("r") => Some(Access::Read),
            Some("rw") => Some(Access::ReadWrite),
            Some(other) => {
                self.problem(Problem::new(join(path, "accessMode"), codes::UNKNOWN_VALUE).arg("value", other));
                None
            }
        };
        let required = match o.get("required") {
            None | Some(Value::Null) => Some(false),
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                self.problem(Problem::new(join(path, "required"), codes::INVALID_TYPE).arg("expected", "boolean"));
                None
            }
        };
        let data_type = self.data_type(o.get("dataType"), &join(path, "dataType"));
        let (identifier, name, name_en) = names?;
        Some(Property { identifier, name, name_en, data_type: data_type?, access: access?, required: required? })
    }

    fn params(&mut self, o: &Map<String, Value>, key: &str, path: &str) -> Vec<Param> {
        self.list(o, key, path)
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let at = format!("{}[{i}]", join(path, key));
                let o = self.object(v, &at)?;
                let names = self.names(o, &at);
                let data_type = self.data_type(o.get("dataType"), &join(&at, "dataType"));
                let (identifier, name, name_en) = names?;
                Some(Param { identifier, name, name_en, data_type: data_type? })
            })
            .collect()
    }

    fn event(&mut self, v: &Value, path: &str) -> Option<Event> {
        let o = self.object(v, path)?;
        let names = self.names(o, path);
        let by_type = match o.get("type").and_then(Value::as_str) {
            None | Some("info") => Some(Severity::Info),
            Some("alert") => Some(Severity::Warning),
            Some("error") => Some(Severity::Alarm),
            Some(other) => {
                self.problem(Problem::new(join(path, "type"), codes::UNKNOWN_VALUE).arg("value", other));
                None
            }
        };
        // Our own exports carry the exact severity; TSL's three types cannot tell alarm from critical.
        let severity = match self.string(o, "severity", path) {
            None => by_type,
            Some(s) => Severity::parse(&s).or_else(|| {
                self.problem(Problem::new(join(path, "severity"), codes::UNKNOWN_VALUE).arg("value", s));
                None
            }),
        };
        let output = self.params(o, "outputData", path);
        let (identifier, name, name_en) = names?;
        Some(Event { identifier, name, name_en, severity: severity?, output })
    }

    fn command(&mut self, v: &Value, path: &str) -> Option<Command> {
        let o = self.object(v, path)?;
        let names = self.names(o, path);
        let input = self.params(o, "inputData", path);
        let output = self.params(o, "outputData", path);
        let (identifier, name, name_en) = names?;
        Some(Command { identifier, name, name_en, input, output })
    }

    fn data_type(&mut self, v: Option<&Value>, path: &str) -> Option<DataType> {
        let Some(v) = v else {
            self.problem(Problem::new(path, codes::REQUIRED));
            return None;
        };
        let o = self.object(v, path)?;
        let kind = self.required_string(o, "type", path)?;
        if !matches!(kind.as_str(), "int" | "float" | "double" | "bool" | "enum" | "text" | "date") {
            self.problem(Problem::new(join(path, "type"), codes::UNSUPPORTED_TYPE).arg("type", kind));
            return None;
        }
        let empty = Map::new();
        let specs = match o.get("specs") {
            None | Some(Value::Null) => &empty,
            Some(v) => self.object(v, &join(path, "specs"))?,
        };
        let specs_en = o.get("specsEn").and_then(Value::as_object).unwrap_or(&empty);
        let unit = || specs.get("unit").and_then(Value::as_str).unwrap_or_default().to_string();
        Some(match kind.as_str() {
            "int" => {
                let min = self.integer(specs, "min", path, i64::MIN, i64::MAX);
                let max = self.integer(specs, "max", path, i64::MIN, i64::MAX);
                let step = self.integer(specs, "step", path, 0, u32::MAX as i64).map_or(1, |s| s as u32);
                DataType::Int { min, max, step, unit: unit() }
            }
            "float" | "double" => {
                let min = self.number(specs, "min", path);
                let max = self.number(specs, "max", path);
                let precision = match self.number(specs, "step", path) {
                    None => DEFAULT_PRECISION,
                    Some(step) => precision_of(step),
                };
                DataType::Float { min, max, precision, unit: unit() }
            }
            "date" => DataType::Int { min: Some(0), max: None, step: 1, unit: "ms".into() },
            "text" => DataType::Text {
                max_length: self
                    .integer(specs, "length", path, 0, u32::MAX as i64)
                    .map_or(DEFAULT_TEXT_LENGTH, |n| n as u32),
            },
            "bool" => {
                let label =
                    |key: &str, fallback: &str| specs.get(key).and_then(Value::as_str).unwrap_or(fallback).to_string();
                let (off, on) = (label("0", "否"), label("1", "是"));
                let label_en =
                    |key: &str, zh: &str| specs_en.get(key).and_then(Value::as_str).unwrap_or(zh).to_string();
                DataType::Bool {
                    true_label_en: label_en("1", &on),
                    false_label_en: label_en("0", &off),
                    true_label: on,
                    false_label: off,
                }
            }
            _ => {
                let mut values = Vec::new();
                for (key, label) in specs {
                    let Ok(value) = key.trim().parse::<i64>() else {
                        self.problem(Problem::new(format!("{path}.specs.{key}"), codes::INVALID_NUMBER));
                        continue;
                    };
                    let Some(label) = label.as_str() else {
                        self.problem(
                            Problem::new(format!("{path}.specs.{key}"), codes::INVALID_TYPE).arg("expected", "string"),
                        );
                        continue;
                    };
                    let label_en = specs_en.get(key).and_then(Value::as_str).unwrap_or(label);
                    values.push(EnumValue { value, label: label.into(), label_en: label_en.into() });
                }
                values.sort_by_key(|v| v.value);
                DataType::Enum { values }
            }
        })
    }
}

/// Decimal places a step implies: 0.01 → 2, 0.5 → 1, 5 → 0.
fn precision_of(step: f64) -> u8 {
    (0..=MAX_PRECISION)
        .find(|p| {
            let scaled = step.abs() * 10f64.powi(*p as i32);
            scaled.round() >= 1.0 && (scaled - scaled.round()).abs() <= 1e-6
        })
        .unwrap_or(MAX_PRECISION)
}

#[cfg(test)]
mod tests {
    #[test]
    fn precision_follows_the_step() {
        assert_eq!(super::precision_of(0.01), 2);
        assert_eq!(super::precision_of(0.5), 1);
        assert_eq!(super::precision_of(5.0), 0);
        assert_eq!(super::precision_of(1e-3), 3);
        assert_eq!(super::precision_of(1e-9), 9);
        assert_eq!(super::precision_of(std::f64::consts::PI), super::MAX_PRECISION);
    }
}

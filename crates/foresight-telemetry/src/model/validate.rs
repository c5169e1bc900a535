//! Thing-model validation: every problem at once, each with its path and a stable code.

use super::{Command, DataType, Event, Param, Property, ThingModel};
use crate::problem::{codes, Problem, Problems, MAX_NAME_CHARS};

pub const MAX_PROPERTIES: usize = 500;
pub const MAX_EVENTS: usize = 100;
pub const MAX_COMMANDS: usize = 100;
/// Fields of one event, or inputs (outputs) of one command.
pub const MAX_PARAMS: usize = 50;
pub const MAX_ENUM_VALUES: usize = 256;
pub const MAX_DESCRIPTION_CHARS: usize = 1000;
pub const MAX_UNIT_CHARS: usize = 32;
/// Longest text value; the largest common IoT platforms allow.
pub const MAX_TEXT_LENGTH: u32 = 10_240;
pub const MAX_PRECISION: u8 = 10;
/// Readings are stored as f64, which holds integers exactly only up to 2^53.
pub const MAX_EXACT_INTEGER: i64 = 1 << 53;

pub(super) fn validate(model: &ThingModel) -> Result<(), Vec<Problem>> {
    let mut p = Problems::new();
    p.identifier("identifier", &model.identifier);
    if model.version == 0 {
        p.push(Problem::new("version", codes::OUT_OF_RANGE).arg("min", 1).arg("max", u32::MAX));
    }
    p.text("name", &model.name, MAX_NAME_CHARS);
    p.text("name_en", &model.name_en, MAX_NAME_CHARS);
    p.optional_text("description", &model.description, MAX_DESCRIPTION_CHARS);

    p.max_len("properties", model.properties.len(), MAX_PROPERTIES);
    p.max_len("events", model.events.len(), MAX_EVENTS);
    p.max_len("commands", model.commands.len(), MAX_COMMANDS);
    for (i, property) in model.properties.iter().enumerate() {
        check_property(&mut p, &format!("properties[{i}]"), property);
    }
    for (i, event) in model.events.iter().enumerate() {
        check_event(&mut p, &format!("events[{i}]"), event);
    }
    for (i, command) in model.commands.iter().enumerate() {
        check_command(&mut p, &format!("commands[{i}]"), command);
    }
    p.unique(model.properties.iter().map(|x| x.identifier.as_str()), |i| format!("properties[{i}].identifier"));
    p.unique(model.events.iter().map(|x| x.identifier.as_str()), |i| format!("events[{i}].identifier"));
    p.unique(model.commands.iter().map(|x| x.identifier.as_str()), |i| format!("commands[{i}].identifier"));
    p.into_result()
}

fn check_named(p: &mut Problems, path: &str, identifier: &str, name: &str, name_en: &str) {
    p.identifier(&format!("{path}.identifier"), identifier);
    p.text(&format!("{path}.name"), name, MAX_NAME_CHARS);
    p.text(&format!("{path}.name_en"), name_en, MAX_NAME_CHARS);
}

fn check_property(p: &mut Problems, path: &str, property: &Property) {
    check_named(p, path, &property.identifier, &property.name, &property.name_en);
    check_data_type(p, &format!("{path}.data_type"), &property.data_type);
}

fn check_event(p: &mut Problems, path: &str, event: &Event) {
    check_named(p, path, &event.identifier, &event.name, &event.name_en);
    check_params(p, &format!("{path}.output"), &event.output);
}

fn check_command(p: &mut Problems, path: &str, command: &Command) {
    check_named(p, path, &command.identifier, &command.name, &command.name_en);
    check_params(p, &format!("{path}.input"), &command.input);
    check_params(p, &format!("{path}.output"), &command.output);
}

fn check_params(p: &mut Problems, path: &str, params: &[Param]) {
    p.max_len(path, params.len(), MAX_PARAMS);
    for (i, param) in params.iter().enumerate() {
        let at = format!("{path}[{i}]");
        check_named(p, &at, &param.identifier, &param.name, &param.name_en);
        check_data_type(p, &format!("{at}.data_type"), &param.data_type);
    }
    p.unique(params.iter().map(|x| x.identifier.as_str()), |i| format!("{path}[{i}].identifier"));
}

fn check_data_type(p: &mut Problems, path: &str, data_type: &DataType) {
    match data_type {
        DataType::Int { min, max, step, unit } => {
            for (key, bound) in [("min", min), ("max", max)] {
                if let Some(b) = bound {
                    if b.unsigned_abs() > MAX_EXACT_INTEGER as u64 {
                        p.push(
                            Problem::new(format!("{path}.{key}"), codes::OUT_OF_RANGE)
                                .arg("min", -MAX_EXACT_INTEGER)
                                .arg("max", MAX_EXACT_INTEGER),
                        );
                    }
                }
            }
            if let (Some(min), Some(max)) = (min, max) {
                if min >= max {
                    p.push(
                        Problem::new(format!("{path}.max"), codes::MIN_NOT_BELOW_MAX).arg("min", min).arg("max", max),
                    );
                }
            }
            if *step == 0 {
                p.push(Problem::new(format!("{path}.step"), codes::OUT_OF_RANGE).arg("min", 1).arg("max", u32::MAX));
            }
            p.optional_text(&format!("{path}.unit"), unit, MAX_UNIT_CHARS);
        }
        DataType::Float { min, max, precision, unit } => {
            for (key, bound) in [("min", min), ("max", max)] {
                if matches!(bound, Some(b) if !b.is_finite()) {
                    p.push(Problem::new(format!("{path}.{key}"), codes::NOT_FINITE));
                }
            }
            if let (Some(min), Some(max)) = (min, max) {
                // NaN compares false both ways; it is already reported as not finite.
                if min.is_finite() && max.is_finite() && min >= max {
                    p.push(
                        Problem::new(format!("{path}.max"), codes::MIN_NOT_BELOW_MAX).arg("min", min).arg("max", max),
                    );
                }
            }
            if *precision > MAX_PRECISION {
                p.push(
                    Problem::new(format!("{path}.precision"), codes::OUT_OF_RANGE)
                        .arg("min", 0)
                        .arg("max", MAX_PRECISION),
                );
            }
            p.optional_text(&format!("{path}.unit"), unit, MAX_UNIT_CHARS);
        }
        DataType::Bool { true_label, true_label_en, false_label, false_label_en } => {
            p.text(&format!("{path}.true_label"), true_label, MAX_NAME_CHARS);
            p.text(&format!("{path}.true_label_en"), true_label_en, MAX_NAME_CHARS);
            p.text(&format!("{path}.false_label"), false_label, MAX_NAME_CHARS);
            p.text(&format!("{path}.false_label_en"), false_label_en, MAX_NAME_CHARS);
        }
        DataType::Enum { values } => {
            let at = format!("{path}.values");
            if values.is_empty() {
                p.push(Problem::new(&at, codes::EMPTY_ENUM));
            }
            p.max_len(&at, values.len(), MAX_ENUM_VALUES);
            let mut seen = std::collections::HashMap::new();
            for (i, v) in values.iter().enumerate() {
                if let Some(first) = seen.insert(v.value, i) {
                    seen.insert(v.value, first);
                    p.push(
                        Problem::new(format!("{at}[{i}].value"), codes::DUPLICATE_ENUM_VALUE)
                            .arg("value", v.value)
                            .arg("first", first),
                    );
                }
                if v.value.unsigned_abs() > MAX_EXACT_INTEGER as u64 {
                    p.push(
                        Problem::new(format!("{at}[{i}].value"), codes::OUT_OF_RANGE)
                            .arg("min", -MAX_EXACT_INTEGER)
                            .arg("max", MAX_EXACT_INTEGER),
                    );
                }
                p.text(&format!("{at}[{i}].label"), &v.label, MAX_NAME_CHARS);
                p.text(&format!("{at}[{i}].label_en"), &v.label_en, MAX_NAME_CHARS);
            }
        }
        DataType::Text { max_length } => {
            if *max_length == 0 || *max_length > MAX_TEXT_LENGTH {
                p.push(
                    Problem::new(format!("{path}.max_length"), codes::OUT_OF_RANGE)
                        .arg("min", 1)
                        .arg("max", MAX_TEXT_LENGTH),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Access, Category, EnumValue, Severity};

    fn prop(identifier: &str, data_type: DataType) -> Property {
        Property {
            identifier: identifier.into(),
            name: "名称".into(),
            name_en: "Name".into(),
            data_type,
            access: Access::Read,
            required: false,
        }
    }

    fn model(properties: Vec<Property>) -> ThingModel {
        ThingModel {
            identifier: "gas_detector".into(),
            version: 1,
            name: "气体探测器".into(),
            name_en: "Gas detector".into(),
            category: Category::GasDetection,
            description: String::new(),
            properties,
            events: vec![],
            commands: vec![],
        }
    }

    fn codes_at(m: &ThingModel) -> Vec<(String, &'static str)> {
        m.validate().err().unwrap_or_default().into_iter().map(|p| (p.path, p.code)).collect()
    }

    fn float(min: f64, max: f64) -> DataType {
        DataType::Float { min: Some(min), max: Some(max), precision: 1, unit: "ppm".into() }
    }

    #[test]
    fn a_sound_model_passes() {
        assert_eq!(model(vec![prop("h2s", float(0.0, 100.0))]).validate(), Ok(()));
    }

    #[test]
    fn all_problems_are_reported_with_paths() {
        let mut m = model(vec![
            prop("h2s", float(0.0, 100.0)),
            prop("2bad", float(0.0, 100.0)),
            prop("co", float(10.0, 10.0)),
            prop("h2s", DataType::Enum { values: vec![] }),
            prop("t", DataType::Text { max_length: 0 }),
            prop("n", DataType::Int { min: Some(5), max: Some(1), step: 0, unit: String::new() }),
            prop("f", float(f64::NAN, f64::INFINITY)),
        ]);
        m.name = " ".into();
        m.properties[1].name_en = "x".repeat(65);
        assert_eq!(
            codes_at(&m),
            [
                ("name".to_string(), codes::BLANK),
                ("properties[1].identifier".to_string(), codes::INVALID_IDENTIFIER),
                ("properties[1].name_en".to_string(), codes::TOO_LONG),
                ("properties[2].data_type.max".to_string(), codes::MIN_NOT_BELOW_MAX),
                ("properties[3].data_type.values".to_string(), codes::EMPTY_ENUM),
                ("properties[4].data_type.max_length".to_string(), codes::OUT_OF_RANGE),
                ("properties[5].data_type.max".to_string(), codes::MIN_NOT_BELOW_MAX),
                ("properties[5].data_type.step".to_string(), codes::OUT_OF_RANGE),
                ("properties[6].data_type.min".to_string(), codes::NOT_FINITE),
                ("properties[6].data_type.max".to_string(), codes::NOT_FINITE),
                ("properties[3].identifier".to_string(), codes::DUPLICATE_IDENTIFIER),
            ]
        );
    }

    #[test]
    fn enum_values_must_be_unique_and_labelled() {
        let values = vec![
            EnumValue { value: 0, label: "正常".into(), label_en: "normal".into() },
            EnumValue { value: 0, label: "".into(), label_en: "fault".into() },
        ];
        let m = model(vec![prop("state", DataType::Enum { values })]);
        assert_eq!(
            codes_at(&m),
            [
                ("properties[0].data_type.values[1].value".to_string(), codes::DUPLICATE_ENUM_VALUE),
                ("properties[0].data_type.values[1].label".to_string(), codes::BLANK),
            ]
        );
    }

    #[test]
    fn identifiers_are_unique_per_kind_not_across_kinds() {
        let mut m = model(vec![prop("fall", DataType::Text { max_length: 8 })]);
        let param = Param { identifier: "x".into(), name: "x".into(), name_en: "x".into(), data_type: float(0.0, 1.0) };
        m.events = vec![Event {
            identifier: "fall".into(),
            name: "跌倒".into(),
            name_en: "Fall".into(),
            severity: Severity::Alarm,
            output: vec![param.clone(), param],
        }];
        assert_eq!(codes_at(&m), [("events[0].output[1].identifier".to_string(), codes::DUPLICATE_IDENTIFIER)]);
    }

    #[test]
    fn too_many_properties_and_integers_beyond_exact_f64() {
        let many = (0..=MAX_PROPERTIES).map(|i| prop(&format!("p{i}"), float(0.0, 1.0))).collect();
        assert_eq!(codes_at(&model(many)), [("properties".to_string(), codes::TOO_MANY)]);
        let huge = DataType::Int { min: Some(i64::MIN), max: Some(0), step: 1, unit: String::new() };
        assert_eq!(
            codes_at(&model(vec![prop("n", huge)])),
            [("properties[0].data_type.min".to_string(), codes::OUT_OF_RANGE)]
        );
    }
}

//! Import and export of the TSL JSON shape Chinese IoT platforms use (Alibaba Cloud IoT 物模型:
//! `profile`, `properties`, `events`, `services`, with spec numbers written as strings).
//!
//! Export carries what TSL has no place for in extra keys other platforms ignore (`nameEn`, `specsEn`,
//! `severity`, profile `productName`/`productNameEn`/`category`/`description`/`modelVersion`), so
//! `from_tsl(&to_tsl(m)) == Ok(m)` for any model whose enum values are in ascending order (JSON maps
//! reorder keys; import sorts them).
//!
//! Import maps `float`/`double` to float (precision from `step`), `date` (a millisecond timestamp) to an
//! int in `ms`, and refuses `struct` and `array` naming the path. Missing English names fall back to the
//! Chinese ones. The platform-generated `post` event and `set`/`get` services are skipped: they only
//! mirror the properties. Import does not validate: call [`crate::ThingModel::validate`] on the result.

mod export;
mod import;

pub use export::to_tsl;
pub use import::from_tsl;

/// The schema URL written into exported documents.
pub const TSL_SCHEMA: &str = "https://iotx-tsl.oss-ap-southeast-1.aliyuncs.com/schema.json";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::presets::presets;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn every_preset_round_trips() {
        for m in presets() {
            let tsl = to_tsl(&m);
            assert_eq!(from_tsl(&tsl), Ok(m.clone()), "{}", m.identifier);
            // Through text too, as a file download and upload would.
            let text = serde_json::to_string_pretty(&tsl).unwrap();
            assert_eq!(from_tsl(&serde_json::from_str(&text).unwrap()), Ok(m));
        }
    }

    #[test]
    fn export_writes_spec_numbers_as_strings() {
        let m = crate::presets::preset("gas_detector_combustible").unwrap();
        let tsl = to_tsl(&m);
        assert_eq!(tsl["schema"], TSL_SCHEMA);
        assert_eq!(tsl["profile"]["productKey"], "gas_detector_combustible");
        let lel = &tsl["properties"][0];
        assert_eq!(lel["accessMode"], "r");
        assert_eq!(
            lel["dataType"],
            json!({
                "type": "double",
                "specs": {"min": "0", "max": "100", "step": "0.1", "unit": "%LEL", "unitName": "%LEL"}
            })
        );
        assert_eq!(tsl["events"][0]["type"], "alert");
        assert_eq!(tsl["events"][0]["method"], "thing.event.alarm_low.post");
        assert_eq!(tsl["services"][0]["identifier"], "self_test");
    }

    /// A document shaped like an Alibaba Cloud IoT console export, with the platform's generated post event
    /// and set/get services.
    fn console_export() -> serde_json::Value {
        serde_json::from_str(include_str!("../fixtures/console-export.tsl.json")).unwrap()
    }

    #[test]
    fn a_console_export_from_another_platform_imports() {
        let m = from_tsl(&console_export()).unwrap();
        assert_eq!(m.identifier, "a1BcDeFgHiJ");
        assert_eq!((m.name.as_str(), m.name_en.as_str(), m.category), ("a1BcDeFgHiJ", "a1BcDeFgHiJ", Category::Other));
        assert_eq!(
            m.properties[0].data_type,
            DataType::Float { min: Some(-40.0), max: Some(120.0), precision: 2, unit: "°C".into() }
        );
        assert_eq!(m.properties[0].name_en, "温度");
        assert_eq!(m.properties[1].access, Access::ReadWrite);
        assert_eq!(
            m.properties[1].data_type,
            DataType::Bool {
                true_label: "开".into(),
                true_label_en: "开".into(),
                false_label: "关".into(),
                false_label_en: "关".into()
            }
        );
        let DataType::Enum { values } = &m.properties[2].data_type else { panic!("enum") };
        assert_eq!(values.iter().map(|v| v.value).collect::<Vec<_>>(), [2, 10]);
        assert_eq!(m.properties[3].data_type, DataType::Text { max_length: 64 });
        assert_eq!(m.properties[4].data_type, DataType::Int { min: Some(0), max: None, step: 1, unit: "ms".into() });
        assert_eq!(
            m.properties[5].data_type,
            DataType::Int { min: Some(0), max: Some(1000), step: 5, unit: String::new() }
        );
        assert_eq!(m.events.len(), 1);
        assert_eq!((m.events[0].identifier.as_str(), m.events[0].severity), ("Error", Severity::Alarm));
        assert_eq!(m.commands.len(), 1);
        assert_eq!(m.commands[0].input[0].data_type.unit(), "s");
        assert_eq!(m.validate(), Ok(()));
    }

    #[test]
    fn unsupported_and_malformed_parts_are_all_named() {
        let doc = json!({
            "profile": {},
            "properties": [
                {"identifier": "Pos", "name": "位置", "accessMode": "r", "dataType": {"type": "struct", "specs": []}},
                {"identifier": "Ok", "name": "正常", "accessMode": "x",
                 "dataType": {"type": "int", "specs": {"min": "abc"}}},
                {"identifier": "List", "name": "列表", "dataType": {"type": "array", "specs": {"size": "10"}}},
                "nonsense"
            ],
            "events": [{"identifier": "E", "name": "e", "type": "panic"}],
            "services": {"not": "a list"}
        });
        let problems = from_tsl(&doc).unwrap_err();
        let found: Vec<_> = problems.iter().map(|p| (p.path.as_str(), p.code)).collect();
        assert_eq!(
            found,
            [
                ("profile.productKey", "required"),
                ("properties[0].dataType.type", "unsupported_type"),
                ("properties[1].accessMode", "unknown_value"),
                ("properties[1].dataType.specs.min", "invalid_number"),
                ("properties[2].dataType.type", "unsupported_type"),
                ("properties[3]", "invalid_type"),
                ("events[0].type", "unknown_value"),
                ("services", "invalid_type"),
            ]
        );
        assert_eq!(problems[1].args, [("type", "struct".to_string())]);
        assert_eq!(from_tsl(&json!([1, 2])).unwrap_err()[0].code, "invalid_type");
    }

    fn arb_data_type() -> impl Strategy<Value = DataType> {
        let bound = proptest::option::of(-1e12f64..1e12);
        prop_oneof![
            (proptest::option::of(-1_000_000i64..0), proptest::option::of(1i64..1_000_000), 1u32..100, "[a-z%/]{0,5}")
                .prop_map(|(min, max, step, unit)| DataType::Int { min, max, step, unit }),
            (bound.clone(), bound, 0u8..=MAX_PRECISION, "[a-z°%]{0,5}")
                .prop_map(|(min, max, precision, unit)| DataType::Float { min, max, precision, unit }),
            ("\\PC{1,8}", "\\PC{1,8}", "\\PC{1,8}", "\\PC{1,8}").prop_map(|(a, b, c, d)| DataType::Bool {
                true_label: a,
                true_label_en: b,
                false_label: c,
                false_label_en: d
            }),
            proptest::collection::btree_map(-1000i64..1000, ("\\PC{1,8}", "\\PC{1,8}"), 1..6).prop_map(|m| {
                DataType::Enum {
                    values: m
                        .into_iter()
                        .map(|(value, (label, label_en))| EnumValue { value, label, label_en })
                        .collect(),
                }
            }),
            (1u32..=MAX_TEXT_LENGTH).prop_map(|max_length| DataType::Text { max_length }),
        ]
    }

    fn arb_model() -> impl Strategy<Value = ThingModel> {
        (
            proptest::collection::vec((arb_data_type(), any::<bool>(), any::<bool>(), "\\PC{1,10}"), 0..6),
            proptest::collection::vec((arb_data_type(), 0usize..4), 0..4),
            1u32..1000,
            "\\PC{0,20}",
        )
            .prop_map(|(props, events, version, description)| ThingModel {
                identifier: "generated".into(),
                version,
                name: "生成".into(),
                name_en: "Generated".into(),
                category: Category::Power,
                description,
                properties: props
                    .into_iter()
                    .enumerate()
                    .map(|(i, (data_type, rw, required, name))| Property {
                        identifier: format!("p{i}"),
                        name: name.clone(),
                        name_en: format!("{name} en"),
                        data_type,
                        access: if rw { Access::ReadWrite } else { Access::Read },
                        required,
                    })
                    .collect(),
                events: events
                    .into_iter()
                    .enumerate()
                    .map(|(i, (data_type, s))| Event {
                        identifier: format!("e{i}"),
                        name: "事件".into(),
                        name_en: "Event".into(),
                        severity: [Severity::Info, Severity::Warning, Severity::Alarm, Severity::Critical][s],
                        output: vec![Param {
                            identifier: "v".into(),
                            name: "值".into(),
                            name_en: "Value".into(),
                            data_type,
                        }],
                    })
                    .collect(),
                commands: vec![],
            })
    }

    proptest! {
        /// Numbers survive as strings exactly (shortest round-trip formatting), labels of any script survive.
        #[test]
        fn generated_models_round_trip(m in arb_model()) {
            prop_assert_eq!(from_tsl(&to_tsl(&m)), Ok(m));
        }
    }
}

//! Alarm-rule validation: every problem at once, with paths and codes like the thing model's.

use super::{AlarmRule, Condition};
use crate::model::ThingModel;
use crate::problem::{codes, Problem, Problems, MAX_NAME_CHARS};

pub const MAX_DEPTH: usize = 4;
/// Nodes in one condition tree, groups included.
pub const MAX_CONDITIONS: usize = 32;
pub const MAX_ESCALATION_STEPS: usize = 8;
pub const MAX_FOR_AT_LEAST_SECS: u32 = 86_400;
pub const MAX_WINDOW_SECS: u32 = 86_400;
pub const MAX_STALE_SECS: u32 = 7 * 86_400;
pub const MAX_ESCALATION_AFTER_SECS: u32 = 7 * 86_400;

pub(super) fn validate(rule: &AlarmRule, model: Option<&ThingModel>) -> Result<(), Vec<Problem>> {
    let mut p = Problems::new();
    p.text("name", &rule.name, MAX_NAME_CHARS);
    p.text("name_en", &rule.name_en, MAX_NAME_CHARS);
    let mut nodes = 0;
    rule.condition.walk(&mut |_| nodes += 1);
    p.max_len("condition", nodes, MAX_CONDITIONS);
    check_condition(&mut p, "condition", &rule.condition, 1, model);
    secs(&mut p, "for_at_least_secs", rule.for_at_least_secs, 0, MAX_FOR_AT_LEAST_SECS);
    band(&mut p, "hysteresis", rule.hysteresis);

    p.max_len("escalation", rule.escalation.len(), MAX_ESCALATION_STEPS);
    let (mut after, mut severity) = (0, rule.severity);
    for (i, step) in rule.escalation.iter().enumerate() {
        let path = format!("escalation[{i}]");
        secs(&mut p, &format!("{path}.after_secs"), step.after_secs, 1, MAX_ESCALATION_AFTER_SECS);
        if i > 0 && step.after_secs <= after {
            p.push(Problem::new(format!("{path}.after_secs"), codes::ESCALATION_NOT_INCREASING).arg("previous", after));
        }
        if step.severity <= severity {
            p.push(
                Problem::new(format!("{path}.severity"), codes::ESCALATION_SEVERITY_NOT_RISING)
                    .arg("previous", severity.as_str()),
            );
        }
        after = step.after_secs;
        severity = severity.max(step.severity);
    }
    p.into_result()
}

fn secs(p: &mut Problems, path: &str, value: u32, min: u32, max: u32) {
    if !(min..=max).contains(&value) {
        p.push(Problem::new(path, codes::OUT_OF_RANGE).arg("min", min).arg("max", max));
    }
}

fn band(p: &mut Problems, path: &str, value: f64) {
    if !value.is_finite() {
        p.push(Problem::new(path, codes::NOT_FINITE));
    } else if value < 0.0 {
        p.push(Problem::new(path, codes::OUT_OF_RANGE).arg("min", 0));
    }
}

fn check_property(p: &mut Problems, path: &str, property: &str, model: Option<&ThingModel>) {
    let Some(model) = model else {
        p.identifier(path, property);
        return;
    };
    match model.property(property) {
        None => p.push(Problem::new(path, codes::UNKNOWN_PROPERTY).arg("property", property)),
        Some(found) if !found.data_type.is_numeric() => {
            p.push(Problem::new(path, codes::NOT_NUMERIC_PROPERTY).arg("property", property))
        }
        Some(_) => {}
    }
}

fn check_condition(p: &mut Problems, path: &str, condition: &Condition, level: usize, model: Option<&ThingModel>) {
    if level > MAX_DEPTH {
        p.push(Problem::new(path, codes::TOO_DEEP).arg("max", MAX_DEPTH));
        return;
    }
    match condition {
        Condition::Threshold { property, value, hysteresis, .. } => {
            check_property(p, &format!("{path}.property"), property, model);
            if !value.is_finite() {
                p.push(Problem::new(format!("{path}.value"), codes::NOT_FINITE));
            }
            if let Some(h) = hysteresis {
                band(p, &format!("{path}.hysteresis"), *h);
            }
        }
        Condition::RateOfChange { property, per_minute, window_secs, .. } => {
            check_property(p, &format!("{path}.property"), property, model);
            if !per_minute.is_finite() {
                p.push(Problem::new(format!("{path}.per_minute"), codes::NOT_FINITE));
            } else if *per_minute <= 0.0 {
                // Exclusive zero: a rate of "at least 0" would hold whenever the value is flat.
                p.push(Problem::new(format!("{path}.per_minute"), codes::OUT_OF_RANGE).arg("min", "0 (exclusive)"));
            }
            secs(p, &format!("{path}.window_secs"), *window_secs, 1, MAX_WINDOW_SECS);
        }
        Condition::Stale { property, after_secs } => {
            if let Some(property) = property {
                check_property(p, &format!("{path}.property"), property, model);
            }
            secs(p, &format!("{path}.after_secs"), *after_secs, 1, MAX_STALE_SECS);
        }
        Condition::And { conditions } | Condition::Or { conditions } => {
            if conditions.is_empty() {
                p.push(Problem::new(format!("{path}.conditions"), codes::EMPTY_GROUP));
            }
            for (i, c) in conditions.iter().enumerate() {
                check_condition(p, &format!("{path}.conditions[{i}]"), c, level + 1, model);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;
    use crate::rules::{Comparison, Direction, EscalationStep};

    fn threshold(property: &str, value: f64) -> Condition {
        Condition::Threshold { property: property.into(), op: Comparison::Gt, value, hysteresis: None }
    }

    fn rule(condition: Condition) -> AlarmRule {
        AlarmRule {
            name: "氨气泄漏".into(),
            name_en: "Ammonia leak".into(),
            severity: Severity::Warning,
            condition,
            for_at_least_secs: 10,
            hysteresis: 2.0,
            escalation: vec![
                EscalationStep { after_secs: 300, severity: Severity::Alarm },
                EscalationStep { after_secs: 900, severity: Severity::Critical },
            ],
        }
    }

    fn found(r: &AlarmRule, model: Option<&ThingModel>) -> Vec<(String, &'static str)> {
        r.validate(model).err().unwrap_or_default().into_iter().map(|p| (p.path, p.code)).collect()
    }

    #[test]
    fn a_sound_rule_passes_against_its_model() {
        let model = crate::presets::preset("gas_detector_nh3").unwrap();
        let r = rule(Condition::Or {
            conditions: vec![
                threshold("nh3", 25.0),
                Condition::RateOfChange {
                    property: "nh3".into(),
                    direction: Direction::Rising,
                    per_minute: 5.0,
                    window_secs: 120,
                },
                Condition::Stale { property: None, after_secs: 300 },
            ],
        });
        assert_eq!(r.validate(Some(&model)), Ok(()));
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let deep = Condition::And {
            conditions: vec![Condition::Or {
                conditions: vec![Condition::And {
                    conditions: vec![Condition::Or { conditions: vec![threshold("a", 1.0)] }],
                }],
            }],
        };
        let mut r = rule(Condition::And {
            conditions: vec![
                threshold("2bad", f64::NAN),
                Condition::RateOfChange {
                    property: "a".into(),
                    direction: Direction::Falling,
                    per_minute: 0.0,
                    window_secs: 0,
                },
                Condition::Stale { property: None, after_secs: 0 },
                Condition::Or { conditions: vec![] },
                deep,
            ],
        });
        r.name_en = String::new();
        r.hysteresis = -1.0;
        r.for_at_least_secs = MAX_FOR_AT_LEAST_SECS + 1;
        r.escalation = vec![
            EscalationStep { after_secs: 60, severity: Severity::Alarm },
            EscalationStep { after_secs: 60, severity: Severity::Warning },
        ];
        assert_eq!(
            found(&r, None),
            [
                ("name_en".to_string(), codes::BLANK),
                ("condition.conditions[0].property".to_string(), codes::INVALID_IDENTIFIER),
                ("condition.conditions[0].value".to_string(), codes::NOT_FINITE),
                ("condition.conditions[1].per_minute".to_string(), codes::OUT_OF_RANGE),
                ("condition.conditions[1].window_secs".to_string(), codes::OUT_OF_RANGE),
                ("condition.conditions[2].after_secs".to_string(), codes::OUT_OF_RANGE),
                ("condition.conditions[3].conditions".to_string(), codes::EMPTY_GROUP),
                ("condition.conditions[4].conditions[0].conditions[0].conditions[0]".to_string(), codes::TOO_DEEP),
                ("for_at_least_secs".to_string(), codes::OUT_OF_RANGE),
                ("hysteresis".to_string(), codes::OUT_OF_RANGE),
                ("escalation[1].after_secs".to_string(), codes::ESCALATION_NOT_INCREASING),
                ("escalation[1].severity".to_string(), codes::ESCALATION_SEVERITY_NOT_RISING),
            ]
        );
    }

    #[test]
    fn properties_must_exist_and_be_numeric_in_the_model() {
        let model = crate::presets::preset("access_gate").unwrap();
        let r = rule(Condition::Or { conditions: vec![threshold("nope", 1.0), threshold("people_inside", 500.0)] });
        assert_eq!(
            found(&r, Some(&model)),
            [("condition.conditions[0].property".to_string(), codes::UNKNOWN_PROPERTY)]
        );
        let dcs = crate::presets::preset("video_analytics_box").unwrap();
        assert!(found(&rule(threshold("online_cameras", 1.0)), Some(&dcs)).is_empty());
        let mut text_model = dcs;
        text_model.properties[0].data_type = crate::model::DataType::Text { max_length: 8 };
        assert_eq!(
            found(&rule(threshold("online_cameras", 1.0)), Some(&text_model)),
            [("condition.property".to_string(), codes::NOT_NUMERIC_PROPERTY)]
        );
    }

    #[test]
    fn the_first_escalation_must_rise_above_the_rule_severity() {
        let mut r = rule(threshold("a", 1.0));
        r.escalation = vec![EscalationStep { after_secs: 60, severity: Severity::Warning }];
        assert_eq!(found(&r, None), [("escalation[0].severity".to_string(), codes::ESCALATION_SEVERITY_NOT_RISING)]);
    }

    #[test]
    fn rules_serialize_with_kind_tags() {
        let r = rule(threshold("nh3", 25.0));
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(
            json["condition"],
            serde_json::json!({"kind": "threshold", "property": "nh3", "op": "gt", "value": 25.0})
        );
        assert_eq!(serde_json::from_value::<AlarmRule>(json).unwrap(), r);
    }
}

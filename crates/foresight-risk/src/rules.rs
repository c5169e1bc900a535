//! Expert condition → action rules: experience from past incidents written as data, not code.
//!
//! A rule reads the same [`Condition`] language as factors; trend terms such as `nh3_delta_10min` or
//! `agv_dispatch_ratio` are derived by the caller and put into the [`Snapshot`]. Actions are data only: this
//! crate decides *that* a rule fires, the server executes the actions (adjusts factor intensities, opens risk
//! paths, sends instructions). Versions are kept by the store; [`backtest`] replays recorded history so a rule
//! can be tried before it goes live.

use crate::condition::{Condition, Snapshot};
use crate::error::{check_identifier, check_text, fmt_num, join, AssessmentError, ErrorCode};
use crate::factors::MAX_MULTIPLIER;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Longest rule name.
pub const MAX_NAME: usize = 200;
/// Longest instruction text per language.
pub const MAX_MESSAGE: usize = 500;
/// Most actions per rule.
pub const MAX_ACTIONS: usize = 16;

/// One expert rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Stable identifier (`nh3_agv_conflict`).
    pub id: String,
    pub name: String,
    pub condition: Condition,
    pub actions: Vec<Action>,
}

/// What a firing rule asks for. JSON: `{"type": "open_risk_path", "path": "human_machine_conflict"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    /// Multiplies the intensity of an (active) dynamic factor while the rule fires; see
    /// [`crate::factors::Effect::at_intensity`].
    AdjustFactor { factor: String, multiplier: f64 },
    /// Opens a named risk path (`human_machine_conflict`) in a zone; `zone` absent means the zone whose
    /// snapshot fired the rule.
    OpenRiskPath {
        path: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        zone: Option<String>,
    },
    /// Sends an instruction, in both languages, to a device, a webhook or the people holding a role.
    Instruct { channel: Channel, message_zh: String, message_en: String },
}

/// Where an instruction goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Channel {
    /// A device command, e.g. a wristband or a PA speaker; `topic` overrides the device's default command topic.
    Device {
        device_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        topic: Option<String>,
    },
    /// An HTTP(S) webhook, e.g. the logistics dispatch system.
    Webhook { url: String },
    /// Everyone holding a role (`logistics_dispatcher`), through the notification service.
    People { role: String },
}

fn check_url(path: &str, url: &str, errors: &mut Vec<AssessmentError>) {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    let ok = host.is_some_and(|h| !h.is_empty() && !h.starts_with(':'))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        && url.len() <= 2048;
    if !ok {
        errors.push(AssessmentError::new(path, ErrorCode::InvalidUrl).with("value", url));
    }
}

impl Action {
    fn validate_into(&self, base: &str, errors: &mut Vec<AssessmentError>) {
        match self {
            Action::AdjustFactor { factor, multiplier } => {
                check_identifier(&join(base, "factor"), factor, errors);
                let path = join(base, "multiplier");
                if !multiplier.is_finite() {
                    errors.push(AssessmentError::new(path, ErrorCode::NotFinite));
                } else if *multiplier <= 0.0 || *multiplier > MAX_MULTIPLIER {
                    errors.push(
                        AssessmentError::new(path, ErrorCode::MultiplierOutOfRange)
                            .with("value", fmt_num(*multiplier))
                            .with("max", fmt_num(MAX_MULTIPLIER)),
                    );
                }
            }
            Action::OpenRiskPath { path, zone } => {
                check_identifier(&join(base, "path"), path, errors);
                if let Some(zone) = zone {
                    check_text(&join(base, "zone"), zone, 64, errors);
                }
            }
            Action::Instruct { channel, message_zh, message_en } => {
                let c = join(base, "channel");
                match channel {
                    Channel::Device { device_id, topic } => {
                        check_text(&join(&c, "device_id"), device_id, 128, errors);
                        if let Some(topic) = topic {
                            check_text(&join(&c, "topic"), topic, 256, errors);
                        }
                    }
                    Channel::Webhook { url } => check_url(&join(&c, "url"), url, errors),
                    Channel::People { role } => check_identifier(&join(&c, "role"), role, errors),
                }
                check_text(&join(base, "message_zh"), message_zh, MAX_MESSAGE, errors);
                check_text(&join(base, "message_en"), message_en, MAX_MESSAGE, errors);
            }
        }
    }
}

impl Rule {
    /// Every problem, with paths relative to the rule (`actions[1].channel.url`).
    pub fn validate(&self) -> Result<(), Vec<AssessmentError>> {
        let mut errors = Vec::new();
        self.validate_into("", &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn validate_into(&self, base: &str, errors: &mut Vec<AssessmentError>) {
        check_identifier(&join(base, "id"), &self.id, errors);
        check_text(&join(base, "name"), &self.name, MAX_NAME, errors);
        self.condition.validate(&join(base, "condition"), errors);
        let actions = join(base, "actions");
        if self.actions.is_empty() {
            errors.push(AssessmentError::new(&actions, ErrorCode::NoActions));
        } else if self.actions.len() > MAX_ACTIONS {
            errors.push(AssessmentError::new(&actions, ErrorCode::TooMany).with("max", MAX_ACTIONS));
        }
        for (i, action) in self.actions.iter().enumerate() {
            action.validate_into(&format!("{actions}[{i}]"), errors);
        }
    }

    /// Problems with references to factors that do not exist (`actions[i].factor`). Kept apart from
    /// [`Rule::validate`] because it needs the tenant's factor ids.
    pub fn check_factor_references(&self, known: &BTreeSet<&str>) -> Vec<AssessmentError> {
        self.actions
            .iter()
            .enumerate()
            .filter_map(|(i, a)| match a {
                Action::AdjustFactor { factor, .. } if !known.contains(factor.as_str()) => Some(
                    AssessmentError::new(format!("actions[{i}].factor"), ErrorCode::UnknownFactor)
                        .with("value", factor),
                ),
                _ => None,
            })
            .collect()
    }

    /// Whether the rule definitely fires on `snapshot` (an unknown condition does not fire).
    pub fn fires(&self, snapshot: &Snapshot) -> bool {
        self.condition.holds(snapshot)
    }
}

/// A tenant's live rules.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

/// One rule that fired, with its actions to execute.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Firing<'a> {
    pub rule_id: &'a str,
    pub actions: &'a [Action],
}

impl RuleSet {
    pub fn new(rules: Vec<Rule>) -> RuleSet {
        RuleSet { rules }
    }

    /// Every rule (paths `[i].…`), unique ids, and factor references against `factor_ids`.
    pub fn validate(&self, factor_ids: &BTreeSet<&str>) -> Result<(), Vec<AssessmentError>> {
        let mut errors = Vec::new();
        let mut seen = BTreeSet::new();
        for (i, rule) in self.rules.iter().enumerate() {
            let base = format!("[{i}]");
            rule.validate_into(&base, &mut errors);
            if !seen.insert(rule.id.as_str()) {
                errors.push(AssessmentError::new(format!("{base}.id"), ErrorCode::Duplicate).with("value", &rule.id));
            }
            errors.extend(rule.check_factor_references(factor_ids).into_iter().map(|mut e| {
                e.path = format!("{base}.{}", e.path);
                e
            }));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The rules that fire on `snapshot`, in rule order.
    pub fn evaluate(&self, snapshot: &Snapshot) -> Vec<Firing<'_>> {
        self.rules
            .iter()
            .filter(|r| r.fires(snapshot))
            .map(|r| Firing { rule_id: &r.id, actions: &r.actions })
            .collect()
    }
}

/// Factor intensity adjustments requested by firings: the product of multipliers per factor id, ready for
/// [`crate::factors::active_factors`].
pub fn factor_adjustments(firings: &[Firing<'_>]) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for action in firings.iter().flat_map(|f| f.actions) {
        if let Action::AdjustFactor { factor, multiplier } = action {
            *out.entry(factor.clone()).or_insert(1.0) *= multiplier;
        }
    }
    out
}

/// Risk paths opened by firings, as (path, zone) without repeats; zone `None` means the evaluated zone.
pub fn open_paths<'a>(firings: &[Firing<'a>]) -> Vec<(&'a str, Option<&'a str>)> {
    let mut out: Vec<(&str, Option<&str>)> = Vec::new();
    for action in firings.iter().flat_map(|f| f.actions) {
        if let Action::OpenRiskPath { path, zone } = action {
            let item = (path.as_str(), zone.as_deref());
            if !out.contains(&item) {
                out.push(item);
            }
        }
    }
    out
}

/// A stretch of consecutive samples on which the rule fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Episode {
    /// Time of the first firing sample (ms since the epoch).
    pub start_ms: i64,
    /// Time of the last firing sample of the stretch.
    pub end_ms: i64,
    pub samples: usize,
}

/// What a rule would have done over recorded history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestReport {
    pub rule_id: String,
    /// Samples replayed.
    pub samples: usize,
    /// Samples on which the condition held.
    pub firing_samples: usize,
    /// Samples on which the condition was unknown (an input missing): a high number means the rule reads an
    /// input the history does not have, e.g. a misspelt name.
    pub unknown_samples: usize,
    /// Times at which the rule *started* firing: a live runner acts on the rising edge, so a condition that
    /// holds for ten samples sends one instruction, not ten.
    pub firings: Vec<i64>,
    /// `firings.len()`.
    pub count: usize,
    pub first_firing_ms: Option<i64>,
    pub episodes: Vec<Episode>,
}

/// Replays `history` (time-ordered samples; the order given is the order used) through one rule. A sample on
/// which the condition is false or unknown ends the current episode: a live runner cannot tell either from a
/// real end, so the next definite firing counts as a new onset, exactly as it would in production.
pub fn backtest(rule: &Rule, history: &[(i64, Snapshot)]) -> BacktestReport {
    let mut report = BacktestReport {
        rule_id: rule.id.clone(),
        samples: history.len(),
        firing_samples: 0,
        unknown_samples: 0,
        firings: Vec::new(),
        count: 0,
        first_firing_ms: None,
        episodes: Vec::new(),
    };
    let mut current: Option<Episode> = None;
    for (at, snapshot) in history {
        match rule.condition.eval(snapshot) {
            Some(true) => {
                report.firing_samples += 1;
                match current.as_mut() {
                    Some(ep) => {
                        ep.end_ms = *at;
                        ep.samples += 1;
                    }
                    None => {
                        report.firings.push(*at);
                        current = Some(Episode { start_ms: *at, end_ms: *at, samples: 1 });
                    }
                }
            }
            outcome => {
                if outcome.is_none() {
                    report.unknown_samples += 1;
                }
                report.episodes.extend(current.take());
            }
        }
    }
    report.episodes.extend(current);
    report.count = report.firings.len();
    report.first_firing_ms = report.firings.first().copied();
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::Op;
    use crate::error::Lang;

    /// The seed's rule: ammonia near the filling machine up 0.8 ppm (over 10 minutes) while AGV dispatch
    /// frequency triples → open the human–machine conflict path → tell logistics dispatch to divert AGVs.
    fn seed_rule() -> Rule {
        Rule {
            id: "nh3_agv_conflict".into(),
            name: "灌装机旁氨浓度上升且 AGV 调度激增".into(),
            condition: Condition::All(vec![
                Condition::compare("filling_nh3_delta_10min", Op::Ge, 0.8),
                Condition::compare("agv_dispatch_ratio", Op::Ge, 3.0),
            ]),
            actions: vec![
                Action::OpenRiskPath { path: "human_machine_conflict".into(), zone: None },
                Action::Instruct {
                    channel: Channel::Webhook { url: "https://dispatch.example.com/hooks/agv-divert".into() },
                    message_zh: "灌装区人机冲突风险上升：请将 AGV 绕行灌装机通道".into(),
                    message_en: "Human-machine conflict risk at filling: route AGVs around the filling machine aisle"
                        .into(),
                },
                Action::AdjustFactor { factor: "agv_traffic".into(), multiplier: 1.5 },
            ],
        }
    }

    fn sample(nh3_delta: f64, agv_ratio: f64) -> Snapshot {
        Snapshot::new().with_number("filling_nh3_delta_10min", nh3_delta).with_number("agv_dispatch_ratio", agv_ratio)
    }

    #[test]
    fn seed_rule_opens_the_human_machine_conflict_path_and_instructs_dispatch() {
        let set = RuleSet::new(vec![seed_rule()]);
        set.validate(&BTreeSet::from(["agv_traffic"])).unwrap();
        let firings = set.evaluate(&sample(0.8, 3.1));
        assert_eq!(firings.len(), 1);
        assert_eq!(firings[0].rule_id, "nh3_agv_conflict");
        assert_eq!(open_paths(&firings), [("human_machine_conflict", None)]);
        let webhook = firings[0].actions.iter().find_map(|a| match a {
            Action::Instruct { channel: Channel::Webhook { url }, .. } => Some(url.as_str()),
            _ => None,
        });
        assert_eq!(webhook, Some("https://dispatch.example.com/hooks/agv-divert"));
        assert_eq!(factor_adjustments(&firings), BTreeMap::from([("agv_traffic".to_owned(), 1.5)]));
        // Either signal alone is not the pattern.
        assert!(set.evaluate(&sample(0.8, 1.0)).is_empty());
        assert!(set.evaluate(&sample(0.3, 3.5)).is_empty());
        assert!(set.evaluate(&Snapshot::new().with_number("agv_dispatch_ratio", 4.0)).is_empty());
    }

    #[test]
    fn backtest_reports_onsets_episodes_and_unknowns() {
        let t = |min: i64| 1_700_000_000_000 + min * 60_000;
        let history = vec![
            (t(0), sample(0.1, 1.0)),
            (t(1), sample(0.5, 2.0)),
            (t(2), sample(0.9, 3.2)), // fires
            (t(3), sample(1.1, 3.5)), // still firing: same episode
            (t(4), sample(0.2, 3.5)),
            (t(5), Snapshot::new().with_number("agv_dispatch_ratio", 3.0)), // NH₃ sensor offline
            (t(6), sample(0.8, 3.0)),                                       // fires again
        ];
        let report = backtest(&seed_rule(), &history);
        assert_eq!(report.samples, 7);
        assert_eq!(report.firing_samples, 3);
        assert_eq!(report.unknown_samples, 1);
        assert_eq!(report.firings, [t(2), t(6)]);
        assert_eq!(report.count, 2);
        assert_eq!(report.first_firing_ms, Some(t(2)));
        assert_eq!(
            report.episodes,
            [
                Episode { start_ms: t(2), end_ms: t(3), samples: 2 },
                Episode { start_ms: t(6), end_ms: t(6), samples: 1 }
            ]
        );
        let quiet = backtest(&seed_rule(), &history[..2]);
        assert_eq!((quiet.count, quiet.first_firing_ms, quiet.episodes.len()), (0, None, 0));
    }

    #[test]
    fn not_and_any_work_in_rules() {
        let rule = Rule {
            condition: Condition::All(vec![
                Condition::Any(vec![
                    Condition::compare("filling_nh3_delta_10min", Op::Ge, 0.8),
                    Condition::compare("nh3_ppm", Op::Gt, 25.0),
                ]),
                Condition::Not(Box::new(Condition::flag("maintenance_window", true))),
            ]),
            ..seed_rule()
        };
        let s = |nh3: f64, maint: bool| {
            Snapshot::new()
                .with_number("filling_nh3_delta_10min", 0.0)
                .with_number("nh3_ppm", nh3)
                .with_flag("maintenance_window", maint)
        };
        assert!(rule.fires(&s(30.0, false)));
        assert!(!rule.fires(&s(30.0, true)));
        assert!(!rule.fires(&s(10.0, false)));
    }

    fn codes(rule: Rule) -> Vec<(String, ErrorCode)> {
        rule.validate().err().unwrap_or_default().into_iter().map(|e| (e.path, e.code)).collect()
    }

    #[test]
    fn validation_names_each_problem_by_path() {
        let p = |s: &str, c| vec![(s.to_owned(), c)];
        let with_action = |a: Action| Rule { actions: vec![a], ..seed_rule() };
        let instruct =
            |channel: Channel| Action::Instruct { channel, message_zh: "改道".into(), message_en: "Divert".into() };
        assert_eq!(codes(seed_rule()), vec![]);
        assert_eq!(codes(Rule { actions: vec![], ..seed_rule() }), p("actions", ErrorCode::NoActions));
        assert_eq!(
            codes(Rule {
                actions: vec![instruct(Channel::People { role: "safety".into() }); MAX_ACTIONS + 1],
                ..seed_rule()
            }),
            p("actions", ErrorCode::TooMany)
        );
        assert_eq!(codes(Rule { name: "".into(), ..seed_rule() }), p("name", ErrorCode::Blank));
        assert_eq!(
            codes(Rule { condition: Condition::Any(vec![]), ..seed_rule() }),
            p("condition.any", ErrorCode::EmptyGroup)
        );
        assert_eq!(
            codes(Rule { condition: Condition::compare("x", Op::Unknown("~".into()), 1.0), ..seed_rule() }),
            p("condition.compare.op", ErrorCode::UnknownOperator)
        );
        assert_eq!(
            codes(with_action(Action::AdjustFactor { factor: "agv_traffic".into(), multiplier: 0.0 })),
            p("actions[0].multiplier", ErrorCode::MultiplierOutOfRange)
        );
        assert_eq!(
            codes(with_action(Action::AdjustFactor { factor: "agv_traffic".into(), multiplier: 11.0 })),
            p("actions[0].multiplier", ErrorCode::MultiplierOutOfRange)
        );
        assert_eq!(
            codes(with_action(Action::AdjustFactor { factor: "agv_traffic".into(), multiplier: f64::NAN })),
            p("actions[0].multiplier", ErrorCode::NotFinite)
        );
        assert_eq!(
            codes(with_action(Action::AdjustFactor { factor: "".into(), multiplier: 2.0 })),
            p("actions[0].factor", ErrorCode::Blank)
        );
        assert_eq!(
            codes(with_action(Action::OpenRiskPath { path: "human machine".into(), zone: None })),
            p("actions[0].path", ErrorCode::InvalidIdentifier)
        );
        assert_eq!(
            codes(with_action(Action::OpenRiskPath { path: "p".into(), zone: Some(" ".into()) })),
            p("actions[0].zone", ErrorCode::Blank)
        );
        for bad in ["ftp://x", "https://", "dispatch.example.com", "https://a b", "https://:80/x", "http:///x"] {
            assert_eq!(
                codes(with_action(instruct(Channel::Webhook { url: bad.into() }))),
                p("actions[0].channel.url", ErrorCode::InvalidUrl),
                "{bad}"
            );
        }
        assert_eq!(
            codes(with_action(instruct(Channel::Webhook { url: "http://10.0.0.5:8080/hook?x=1".into() }))),
            vec![]
        );
        assert_eq!(
            codes(with_action(instruct(Channel::Device { device_id: "".into(), topic: None }))),
            p("actions[0].channel.device_id", ErrorCode::Blank)
        );
        assert_eq!(
            codes(with_action(instruct(Channel::People { role: "".into() }))),
            p("actions[0].channel.role", ErrorCode::Blank)
        );
        assert_eq!(
            codes(with_action(Action::Instruct {
                channel: Channel::People { role: "logistics_dispatcher".into() },
                message_zh: "".into(),
                message_en: "x".repeat(MAX_MESSAGE + 1),
            })),
            vec![
                ("actions[0].message_zh".to_owned(), ErrorCode::Blank),
                ("actions[0].message_en".to_owned(), ErrorCode::TooLong)
            ]
        );
    }

    #[test]
    fn rule_set_checks_duplicates_and_factor_references() {
        let set = RuleSet::new(vec![seed_rule(), seed_rule()]);
        let errors = set.validate(&BTreeSet::new()).unwrap_err();
        let got: Vec<_> = errors.iter().map(|e| (e.path.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                ("[0].actions[2].factor", ErrorCode::UnknownFactor),
                ("[1].id", ErrorCode::Duplicate),
                ("[1].actions[2].factor", ErrorCode::UnknownFactor),
            ]
        );
        assert_eq!(errors[0].message(Lang::En), "dynamic factor agv_traffic does not exist");
        assert_eq!(errors[0].message(Lang::ZhCn), "动态因子 agv_traffic 不存在");
    }

    #[test]
    fn rule_json_form() {
        let json = r#"{"id":"r1","name":"n","condition":{"compare":{"input":"x","op":">=","value":1}},
            "actions":[{"type":"open_risk_path","path":"human_machine_conflict"},
                       {"type":"instruct","channel":{"kind":"device","device_id":"wb-7"},"message_zh":"撤离","message_en":"Evacuate"},
                       {"type":"adjust_factor","factor":"f","multiplier":2}]}"#;
        let rule: Rule = serde_json::from_str(json).unwrap();
        rule.validate().unwrap();
        assert_eq!(
            rule.actions[1],
            Action::Instruct {
                channel: Channel::Device { device_id: "wb-7".into(), topic: None },
                message_zh: "撤离".into(),
                message_en: "Evacuate".into(),
            }
        );
        let back: Rule = serde_json::from_value(serde_json::to_value(&rule).unwrap()).unwrap();
        assert_eq!(back, rule);
    }

    #[test]
    fn adjustments_multiply_and_paths_deduplicate() {
        let a = [
            Action::AdjustFactor { factor: "f".into(), multiplier: 2.0 },
            Action::OpenRiskPath { path: "p".into(), zone: None },
        ];
        let b = [
            Action::AdjustFactor { factor: "f".into(), multiplier: 1.5 },
            Action::OpenRiskPath { path: "p".into(), zone: None },
        ];
        let firings = [Firing { rule_id: "a", actions: &a }, Firing { rule_id: "b", actions: &b }];
        assert_eq!(factor_adjustments(&firings)["f"], 3.0);
        assert_eq!(open_paths(&firings), [("p", None)]);
    }
}

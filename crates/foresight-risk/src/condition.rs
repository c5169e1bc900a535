//! The condition language shared by dynamic factors and expert rules, and the snapshot of live inputs it reads.
//!
//! A condition is a tree of numeric comparisons, inclusive ranges and boolean flags joined by all/any/not.
//! Trend terms (`nh3_delta_10min`, `agv_dispatch_ratio`) are ordinary numeric inputs derived by the caller, so
//! the language stays small and every condition is decidable on one snapshot.
//!
//! Evaluation is three-valued (Kleene logic): a missing or non-finite input is *unknown*, not false. Otherwise
//! `not night_shift` would fire whenever the shift calendar is offline. Callers act only on a definite `true`.

use crate::error::{check_identifier, fmt_num, join, AssessmentError, ErrorCode};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Deepest allowed nesting of all/any/not, so a stored condition cannot blow the stack or a reviewer's mind.
pub const MAX_DEPTH: usize = 8;
/// Most children of one all/any group.
pub const MAX_GROUP: usize = 64;

/// One live input value: a number (°C, %RH, ppm, a ratio) or a flag (`night_shift`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Number(f64),
    Flag(bool),
}

/// The live named inputs at one instant, e.g. `{"temp_c": 3.5, "humidity_pct": 90, "night_shift": true}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Snapshot {
    values: BTreeMap<String, Value>,
}

impl Snapshot {
    pub fn new() -> Snapshot {
        Snapshot::default()
    }

    pub fn with_number(mut self, name: &str, value: f64) -> Snapshot {
        self.set(name, Value::Number(value));
        self
    }

    pub fn with_flag(mut self, name: &str, value: bool) -> Snapshot {
        self.set(name, Value::Flag(value));
        self
    }

    pub fn set(&mut self, name: &str, value: Value) {
        self.values.insert(name.to_owned(), value);
    }

    pub fn get(&self, name: &str) -> Option<Value> {
        self.values.get(name).copied()
    }

    /// A finite number, or `None` when missing, NaN/infinite or a flag.
    pub fn number(&self, name: &str) -> Option<f64> {
        match self.get(name)? {
            Value::Number(x) if x.is_finite() => Some(x),
            _ => None,
        }
    }

    pub fn flag(&self, name: &str) -> Option<bool> {
        match self.get(name)? {
            Value::Flag(b) => Some(b),
            Value::Number(_) => None,
        }
    }
}

/// A numeric comparison operator. Unknown operator strings are kept (not rejected by the JSON parser) so that
/// validation can name the field and list the allowed operators.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum Op {
    Gt,
    Ge,
    Lt,
    Le,
    Unknown(String),
}

impl Op {
    pub const ALLOWED: &'static str = ">, >=, <, <=";

    fn apply(&self, a: f64, b: f64) -> Option<bool> {
        match self {
            Op::Gt => Some(a > b),
            Op::Ge => Some(a >= b),
            Op::Lt => Some(a < b),
            Op::Le => Some(a <= b),
            Op::Unknown(_) => None,
        }
    }
}

impl From<String> for Op {
    fn from(s: String) -> Op {
        match s.as_str() {
            ">" => Op::Gt,
            ">=" => Op::Ge,
            "<" => Op::Lt,
            "<=" => Op::Le,
            _ => Op::Unknown(s),
        }
    }
}

impl From<Op> for String {
    fn from(op: Op) -> String {
        match op {
            Op::Gt => ">".to_owned(),
            Op::Ge => ">=".to_owned(),
            Op::Lt => "<".to_owned(),
            Op::Le => "<=".to_owned(),
            Op::Unknown(s) => s,
        }
    }
}

fn yes() -> bool {
    true
}

/// A condition over a [`Snapshot`]. JSON form (externally tagged, snake_case):
/// `{"all": [{"compare": {"input": "temp_c", "op": "<", "value": 5}}, {"flag": {"input": "night_shift"}}]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// True when every child is true (AND).
    All(Vec<Condition>),
    /// True when some child is true (OR).
    Any(Vec<Condition>),
    /// True when the child is false.
    Not(Box<Condition>),
    /// `input op value`.
    Compare { input: String, op: Op, value: f64 },
    /// `min <= input <= max` (both ends inclusive).
    Between { input: String, min: f64, max: f64 },
    /// `input == is` for a boolean input; `is` defaults to true.
    Flag {
        input: String,
        #[serde(default = "yes")]
        is: bool,
    },
}

impl Condition {
    pub fn compare(input: &str, op: Op, value: f64) -> Condition {
        Condition::Compare { input: input.to_owned(), op, value }
    }

    pub fn between(input: &str, min: f64, max: f64) -> Condition {
        Condition::Between { input: input.to_owned(), min, max }
    }

    pub fn flag(input: &str, is: bool) -> Condition {
        Condition::Flag { input: input.to_owned(), is }
    }

    /// Three-valued evaluation: `Some(true)`, `Some(false)`, or `None` when it depends on a missing input.
    pub fn eval(&self, snapshot: &Snapshot) -> Option<bool> {
        match self {
            Condition::All(children) => {
                // Kleene AND: any false decides; otherwise any unknown makes the whole unknown.
                let mut unknown = false;
                for child in children {
                    match child.eval(snapshot) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                if unknown {
                    None
                } else {
                    Some(true)
                }
            }
            Condition::Any(children) => {
                let mut unknown = false;
                for child in children {
                    match child.eval(snapshot) {
                        Some(true) => return Some(true),
                        None => unknown = true,
                        Some(false) => {}
                    }
                }
                if unknown {
                    None
                } else {
                    Some(false)
                }
            }
            Condition::Not(child) => child.eval(snapshot).map(|b| !b),
            Condition::Compare { input, op, value } => op.apply(snapshot.number(input)?, *value),
            Condition::Between { input, min, max } => {
                let x = snapshot.number(input)?;
                Some(*min <= x && x <= *max)
            }
            Condition::Flag { input, is } => Some(snapshot.flag(input)? == *is),
        }
    }

    /// True only when the condition definitely holds.
    pub fn holds(&self, snapshot: &Snapshot) -> bool {
        self.eval(snapshot) == Some(true)
    }

    /// Every input name the condition reads, sorted and without repeats (to show what a rule depends on).
    pub fn inputs(&self) -> Vec<&str> {
        fn walk<'a>(c: &'a Condition, out: &mut Vec<&'a str>) {
            match c {
                Condition::All(children) | Condition::Any(children) => children.iter().for_each(|c| walk(c, out)),
                Condition::Not(child) => walk(child, out),
                Condition::Compare { input, .. } | Condition::Between { input, .. } | Condition::Flag { input, .. } => {
                    out.push(input)
                }
            }
        }
        let mut out = Vec::new();
        walk(self, &mut out);
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Collects every problem under `path` (e.g. `condition`), with child paths like `condition.all[1].op`.
    pub fn validate(&self, path: &str, errors: &mut Vec<AssessmentError>) {
        self.validate_at(path, 1, errors);
    }

    fn validate_at(&self, path: &str, depth: usize, errors: &mut Vec<AssessmentError>) {
        if depth > MAX_DEPTH {
            errors.push(AssessmentError::new(path, ErrorCode::TooDeep).with("max", MAX_DEPTH));
            return;
        }
        match self {
            Condition::All(children) | Condition::Any(children) => {
                let key = if matches!(self, Condition::All(_)) { "all" } else { "any" };
                let group = join(path, key);
                if children.is_empty() {
                    errors.push(AssessmentError::new(&group, ErrorCode::EmptyGroup));
                } else if children.len() > MAX_GROUP {
                    errors.push(AssessmentError::new(&group, ErrorCode::TooMany).with("max", MAX_GROUP));
                }
                for (i, child) in children.iter().enumerate() {
                    child.validate_at(&format!("{group}[{i}]"), depth + 1, errors);
                }
            }
            Condition::Not(child) => child.validate_at(&join(path, "not"), depth + 1, errors),
            Condition::Compare { input, op, value } => {
                let base = join(path, "compare");
                check_identifier(&join(&base, "input"), input, errors);
                if let Op::Unknown(s) = op {
                    errors.push(
                        AssessmentError::new(join(&base, "op"), ErrorCode::UnknownOperator)
                            .with("value", s)
                            .with("allowed", Op::ALLOWED),
                    );
                }
                if !value.is_finite() {
                    errors.push(AssessmentError::new(join(&base, "value"), ErrorCode::NotFinite));
                }
            }
            Condition::Between { input, min, max } => {
                let base = join(path, "between");
                check_identifier(&join(&base, "input"), input, errors);
                let mut finite = true;
                for (field, v) in [("min", min), ("max", max)] {
                    if !v.is_finite() {
                        finite = false;
                        errors.push(AssessmentError::new(join(&base, field), ErrorCode::NotFinite));
                    }
                }
                if finite && min > max {
                    errors.push(
                        AssessmentError::new(join(&base, "min"), ErrorCode::MinAboveMax)
                            .with("min", fmt_num(*min))
                            .with("max", fmt_num(*max)),
                    );
                }
            }
            Condition::Flag { input, .. } => check_identifier(&join(&join(path, "flag"), "input"), input, errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap() -> Snapshot {
        Snapshot::new().with_number("temp_c", 3.0).with_number("rh", 90.0).with_flag("night_shift", true)
    }

    #[test]
    fn comparisons_ranges_and_flags() {
        let s = snap();
        let t = |c: Condition| c.eval(&s);
        assert_eq!(t(Condition::compare("temp_c", Op::Lt, 5.0)), Some(true));
        assert_eq!(t(Condition::compare("temp_c", Op::Lt, 3.0)), Some(false));
        assert_eq!(t(Condition::compare("temp_c", Op::Le, 3.0)), Some(true));
        assert_eq!(t(Condition::compare("temp_c", Op::Gt, 3.0)), Some(false));
        assert_eq!(t(Condition::compare("temp_c", Op::Ge, 3.0)), Some(true));
        assert_eq!(t(Condition::between("rh", 85.0, 90.0)), Some(true));
        assert_eq!(t(Condition::between("rh", 90.0, 95.0)), Some(true));
        assert_eq!(t(Condition::between("rh", 90.5, 95.0)), Some(false));
        assert_eq!(t(Condition::flag("night_shift", true)), Some(true));
        assert_eq!(t(Condition::flag("night_shift", false)), Some(false));
        // A flag compared as a number, or a number read as a flag, is unknown rather than silently false.
        assert_eq!(t(Condition::compare("night_shift", Op::Gt, 0.0)), None);
        assert_eq!(t(Condition::flag("temp_c", true)), None);
    }

    #[test]
    fn missing_and_non_finite_inputs_are_unknown_and_kleene_logic_applies() {
        let s = snap().with_number("broken", f64::NAN);
        let missing = Condition::compare("wind", Op::Gt, 10.0);
        let yes = Condition::flag("night_shift", true);
        let no = Condition::flag("night_shift", false);
        assert_eq!(missing.eval(&s), None);
        assert_eq!(Condition::compare("broken", Op::Gt, 0.0).eval(&s), None);
        assert_eq!(Condition::Not(Box::new(missing.clone())).eval(&s), None);
        assert_eq!(Condition::All(vec![missing.clone(), no.clone()]).eval(&s), Some(false));
        assert_eq!(Condition::All(vec![missing.clone(), yes.clone()]).eval(&s), None);
        assert_eq!(Condition::Any(vec![missing.clone(), yes.clone()]).eval(&s), Some(true));
        assert_eq!(Condition::Any(vec![missing.clone(), no.clone()]).eval(&s), None);
        assert_eq!(Condition::All(vec![yes.clone(), yes.clone()]).eval(&s), Some(true));
        assert_eq!(Condition::Any(vec![no.clone(), no]).eval(&s), Some(false));
        assert!(!Condition::Not(Box::new(missing)).holds(&s));
        assert!(Condition::Not(Box::new(Condition::flag("night_shift", false))).holds(&s));
    }

    #[test]
    fn json_form_round_trips_and_keeps_unknown_operators() {
        let json = r#"{"all":[{"compare":{"input":"temp_c","op":"<","value":5.0}},{"flag":{"input":"night_shift"}},
            {"not":{"between":{"input":"rh","min":0.0,"max":85.0}}}]}"#;
        let c: Condition = serde_json::from_str(json).unwrap();
        assert!(c.holds(&snap()));
        assert_eq!(c.inputs(), ["night_shift", "rh", "temp_c"]);
        let back: Condition = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
        let odd: Condition = serde_json::from_str(r#"{"compare":{"input":"x","op":"=>","value":1}}"#).unwrap();
        assert_eq!(odd, Condition::compare("x", Op::Unknown("=>".into()), 1.0));
        assert_eq!(odd.eval(&Snapshot::new().with_number("x", 2.0)), None);
        let s: Snapshot = serde_json::from_str(r#"{"t": 2.5, "night_shift": false}"#).unwrap();
        assert_eq!((s.number("t"), s.flag("night_shift")), (Some(2.5), Some(false)));
    }

    fn problems(c: &Condition) -> Vec<(String, ErrorCode)> {
        let mut errors = Vec::new();
        c.validate("condition", &mut errors);
        errors.into_iter().map(|e| (e.path, e.code)).collect()
    }

    #[test]
    fn validation_names_each_problem_by_path() {
        let c = Condition::Any(vec![
            Condition::compare("temp_c", Op::Unknown("=~".into()), 1.0),
            Condition::All(vec![]),
            Condition::compare("rh", Op::Gt, f64::NAN),
            Condition::between("rh", 90.0, 80.0),
            Condition::between("rh", f64::INFINITY, 80.0),
            Condition::Not(Box::new(Condition::flag("", true))),
            Condition::compare("1bad", Op::Gt, 0.0),
        ]);
        let p = |s: &str, c| (s.to_owned(), c);
        assert_eq!(
            problems(&c),
            vec![
                p("condition.any[0].compare.op", ErrorCode::UnknownOperator),
                p("condition.any[1].all", ErrorCode::EmptyGroup),
                p("condition.any[2].compare.value", ErrorCode::NotFinite),
                p("condition.any[3].between.min", ErrorCode::MinAboveMax),
                p("condition.any[4].between.min", ErrorCode::NotFinite),
                p("condition.any[5].not.flag.input", ErrorCode::Blank),
                p("condition.any[6].compare.input", ErrorCode::InvalidIdentifier),
            ]
        );
        let mut errors = Vec::new();
        Condition::compare("t", Op::Unknown("=~".into()), 1.0).validate("", &mut errors);
        assert_eq!(errors[0].params["allowed"], ">, >=, <, <=");
        assert!(problems(&snap_condition()).is_empty());
    }

    fn snap_condition() -> Condition {
        Condition::All(vec![Condition::compare("temp_c", Op::Lt, 5.0), Condition::between("rh", 85.0, 100.0)])
    }

    #[test]
    fn depth_and_width_are_bounded() {
        let mut c = Condition::flag("x", true);
        for _ in 0..MAX_DEPTH - 1 {
            c = Condition::Not(Box::new(c));
        }
        assert!(problems(&c).is_empty(), "depth {MAX_DEPTH} is allowed");
        let deeper = Condition::Not(Box::new(c));
        assert_eq!(problems(&deeper).len(), 1);
        assert_eq!(problems(&deeper)[0].1, ErrorCode::TooDeep);
        let wide = Condition::All(vec![Condition::flag("x", true); MAX_GROUP + 1]);
        assert_eq!(problems(&wide), [("condition.all".to_owned(), ErrorCode::TooMany)]);
    }
}

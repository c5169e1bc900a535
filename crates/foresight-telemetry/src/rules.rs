//! No-code alarm rules per thing model or device: conditions on properties (threshold, rate of change,
//! stale data) combined with AND/OR, raised only after holding for a while, cleared past a dead band,
//! escalated over time.
//!
//! Evaluation is a pure function of the rule, a serialisable per-(rule, device) [`RuleState`] and one
//! input (a sample or a clock tick): time comes only from inputs, so the same inputs give the same
//! transitions, and persisting the state between inputs changes nothing (a restart resumes the timers).
//!
//! Semantics, to the millisecond:
//! - A property's value holds from its sample until the next one (sample and hold). The condition can
//!   only change at a sample or when a stale timer runs out, and [`evaluate`] processes every such instant
//!   and every timer (raise after `for_at_least_secs`, escalation steps) in time order up to the input's
//!   time, so ticks only decide *when* a transition is reported, never which or with what `at`.
//! - Raised after the condition has held for `for_at_least_secs`: held from `t0`, it raises at exactly
//!   `t0 + for_at_least` if still holding then (a sample turning it false at that instant comes after).
//! - While raised, ordered thresholds move by the dead band (`gt 100` with band 5 holds while `> 95`);
//!   the alarm clears the moment the condition, so widened, fails.
//! - Stale: no sample for *more than* `after_secs` (a gap of exactly `after_secs` is not stale). Counted
//!   from the property's (or any property's) newest sample time, or from the first input the rule saw.
//! - Rate of change: `(newest value − value held at newest time − window) / window`, per minute; false
//!   until the history reaches back a whole window. Recomputed at each sample of the property.
//! - Escalation steps count from the raise; each fires once, only ever raising the severity.
//! - Inputs older than the newest input are applied at the newest time; a sample older than the newest
//!   sample of its property is ignored (late data is stored, but does not move alarms).

mod evaluate;
mod state;
mod validate;

#[cfg(test)]
mod tests;

pub use evaluate::{evaluate, AlarmTransition, Input};
pub use state::RuleState;
pub use validate::{
    MAX_CONDITIONS, MAX_DEPTH, MAX_ESCALATION_AFTER_SECS, MAX_ESCALATION_STEPS, MAX_FOR_AT_LEAST_SECS, MAX_STALE_SECS,
    MAX_WINDOW_SECS,
};

use crate::model::Severity;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlarmRule {
    pub name: String,
    pub name_en: String,
    /// Severity when raised; escalation steps raise it further.
    pub severity: Severity,
    pub condition: Condition,
    /// The condition must hold continuously this long before the alarm is raised.
    #[serde(default)]
    pub for_at_least_secs: u32,
    /// Dead band for every gt/ge/lt/le threshold, in the property's unit; a threshold may override it.
    #[serde(default)]
    pub hysteresis: f64,
    /// Ordered by `after_secs`, each step's severity above the one before.
    #[serde(default)]
    pub escalation: Vec<EscalationStep>,
}

/// While the alarm is still active `after_secs` after it was raised, its severity becomes `severity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationStep {
    pub after_secs: u32,
    pub severity: Severity,
}

/// A condition tree, at most [`MAX_DEPTH`] levels deep (a lone leaf is one level).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Condition {
    Threshold {
        property: String,
        op: Comparison,
        value: f64,
        /// Overrides the rule's dead band for this threshold.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hysteresis: Option<f64>,
    },
    /// Change over the last `window_secs`, scaled to per minute, at least `per_minute` in `direction`.
    RateOfChange {
        property: String,
        direction: Direction,
        per_minute: f64,
        window_secs: u32,
    },
    /// No sample of `property` (of any property when absent) for more than `after_secs`.
    Stale {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        property: Option<String>,
        after_secs: u32,
    },
    And {
        conditions: Vec<Condition>,
    },
    Or {
        conditions: Vec<Condition>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    Gt,
    Ge,
    Lt,
    Le,
    Eq,
    Ne,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Rising,
    Falling,
}

impl AlarmRule {
    /// Every problem with the rule, or `Ok`. With a model, the properties it names must exist there and
    /// be numeric.
    pub fn validate(&self, model: Option<&crate::ThingModel>) -> Result<(), Vec<crate::Problem>> {
        validate::validate(self, model)
    }
}

impl Condition {
    /// Visits every node, depth first, parents before children.
    pub(crate) fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Condition)) {
        f(self);
        if let Condition::And { conditions } | Condition::Or { conditions } = self {
            for c in conditions {
                c.walk(f);
            }
        }
    }
}

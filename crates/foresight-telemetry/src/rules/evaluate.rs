//! The pure evaluation step: one input in, the alarm transitions it causes out.

use super::state::{Active, Track};
use super::{AlarmRule, Comparison, Condition, Direction, RuleState};
use crate::model::Severity;
use serde::{Deserialize, Serialize};

/// What the rule engine is fed for one device. Times are milliseconds since the Unix epoch, aligned to
/// platform time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Input<'a> {
    Sample {
        at: i64,
        property: &'a str,
        value: f64,
    },
    /// Several properties measured at the same instant (one gateway record): applied together before the
    /// condition is evaluated, so an AND over them never sees half an update.
    Samples {
        at: i64,
        values: &'a [(&'a str, f64)],
    },
    /// The platform clock: lets stale timers, `for_at_least` and escalation fire without new samples.
    Tick {
        at: i64,
    },
}

impl Input<'_> {
    pub fn at(&self) -> i64 {
        match self {
            Input::Sample { at, .. } | Input::Samples { at, .. } | Input::Tick { at } => *at,
        }
    }
}

/// A change of the alarm's state, stamped with the instant it happened (which may be earlier than the
/// input that revealed it, never later).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "transition", rename_all = "snake_case")]
pub enum AlarmTransition {
    /// `value`: the newest value of the first (depth-first) property condition that holds; none for
    /// staleness alone.
    Raised {
        severity: Severity,
        at: i64,
        value: Option<f64>,
    },
    Escalated {
        from: Severity,
        to: Severity,
        at: i64,
    },
    Cleared {
        at: i64,
    },
}

/// Feeds one input to a rule. Deterministic: the result depends only on the rule, the state and the input.
pub fn evaluate(rule: &AlarmRule, state: &mut RuleState, input: Input<'_>) -> Vec<AlarmTransition> {
    let mut out = Vec::new();
    let now = state.now.map_or(input.at(), |n| n.max(input.at()));
    state.started_at.get_or_insert(input.at());
    if state.now.is_some() {
        advance(rule, state, now, &mut out);
    }
    state.now = Some(now);
    match input {
        Input::Sample { at, property, value } => record(rule, state, at, property, value),
        Input::Samples { at, values } => {
            for (property, value) in values {
                record(rule, state, at, property, *value);
            }
        }
        Input::Tick { .. } => {}
    }
    step(rule, state, now, &mut out);
    out
}

/// Processes, in time order, every instant in (state.now, until] at which a timer runs out or the
/// condition can change without a sample.
fn advance(rule: &AlarmRule, state: &mut RuleState, until: i64, out: &mut Vec<AlarmTransition>) {
    while let Some(from) = state.now {
        match next_instant(rule, state, from) {
            Some(t) if t <= until => {
                state.now = Some(t);
                step(rule, state, t, out);
            }
            _ => break,
        }
    }
}

fn next_instant(rule: &AlarmRule, state: &RuleState, from: i64) -> Option<i64> {
    let mut candidates = Vec::new();
    match (&state.active, state.pending_since) {
        (None, Some(since)) => candidates.push(since.saturating_add(secs_ms(rule.for_at_least_secs))),
        (Some(active), _) => candidates.extend(
            rule.escalation
                .iter()
                .filter(|s| s.severity > active.severity)
                .map(|s| active.since.saturating_add(secs_ms(s.after_secs))),
        ),
        (None, None) => {}
    }
    rule.condition.walk(&mut |c| {
        if let Condition::Stale { property, after_secs } = c {
            if let Some(base) = stale_base(state, property.as_deref()) {
                // Stale from the first millisecond *past* the allowed gap.
                candidates.push(base.saturating_add(secs_ms(*after_secs)).saturating_add(1));
            }
        }
    });
    candidates.into_iter().filter(|t| *t > from).min()
}

fn secs_ms(secs: u32) -> i64 {
    i64::from(secs) * 1000
}

fn stale_base(state: &RuleState, property: Option<&str>) -> Option<i64> {
    match property {
        None => state.last_sample_at,
        Some(p) => state.tracks.get(p).map(|t| t.at),
    }
    .or(state.started_at)
}

/// The longest rate window over `property`, if the rule computes a rate of it; whether it is tracked.
fn usage(rule: &AlarmRule, property: &str) -> (bool, Option<i64>) {
    let (mut tracked, mut window) = (false, None::<i64>);
    rule.condition.walk(&mut |c| match c {
        Condition::Threshold { property: p, .. } if p == property => tracked = true,
        Condition::Stale { property: Some(p), .. } if p == property => tracked = true,
        Condition::RateOfChange { property: p, window_secs, .. } if p == property => {
            tracked = true;
            window = window.max(Some(secs_ms(*window_secs)));
        }
        _ => {}
    });
    (tracked, window)
}

fn record(rule: &AlarmRule, state: &mut RuleState, at: i64, property: &str, value: f64) {
    if !value.is_finite() {
        return;
    }
    state.last_sample_at = state.last_sample_at.max(Some(at));
    let (tracked, window) = usage(rule, property);
    if !tracked {
        return;
    }
    let track = state.tracks.entry(property.to_string()).or_insert(Track { at, value, history: Default::default() });
    if at < track.at {
        return;
    }
    track.at = at;
    track.value = value;
    if let Some(window) = window {
        track.remember(window);
    }
}

/// The state machine at instant `t`: pending → raised → escalated → cleared.
fn step(rule: &AlarmRule, state: &mut RuleState, t: i64, out: &mut Vec<AlarmTransition>) {
    let holds = holds(&rule.condition, rule, state, t, state.active.is_some());
    if state.active.is_some() {
        if !holds {
            out.push(AlarmTransition::Cleared { at: t });
            state.active = None;
            state.pending_since = None;
            return;
        }
    } else if holds {
        let since = *state.pending_since.get_or_insert(t);
        if t.saturating_sub(since) < secs_ms(rule.for_at_least_secs) {
            return;
        }
        let value = witness(&rule.condition, rule, state, t);
        out.push(AlarmTransition::Raised { severity: rule.severity, at: t, value });
        state.active = Some(Active { since: t, severity: rule.severity });
    } else {
        state.pending_since = None;
        return;
    }
    if let Some(active) = state.active.as_mut() {
        for step in &rule.escalation {
            let due = active.since.saturating_add(secs_ms(step.after_secs));
            if due <= t && step.severity > active.severity {
                out.push(AlarmTransition::Escalated { from: active.severity, to: step.severity, at: due });
                active.severity = step.severity;
            }
        }
    }
}

/// Whether `c` holds at `t`; `raised` widens ordered thresholds by their dead band.
fn holds(c: &Condition, rule: &AlarmRule, state: &RuleState, t: i64, raised: bool) -> bool {
    match c {
        Condition::Threshold { property, op, value, hysteresis } => state.tracks.get(property).is_some_and(|track| {
            let band = if raised { hysteresis.unwrap_or(rule.hysteresis) } else { 0.0 };
            let x = track.value;
            match op {
                Comparison::Gt => x > value - band,
                Comparison::Ge => x >= value - band,
                Comparison::Lt => x < value + band,
                Comparison::Le => x <= value + band,
                Comparison::Eq => x == *value,
                Comparison::Ne => x != *value,
            }
        }),
        Condition::RateOfChange { property, direction, per_minute, window_secs } => {
            state.tracks.get(property).and_then(|track| track.rate_per_minute(secs_ms(*window_secs))).is_some_and(
                |rate| match direction {
                    Direction::Rising => rate >= *per_minute,
                    Direction::Falling => -rate >= *per_minute,
                },
            )
        }
        Condition::Stale { property, after_secs } => {
            stale_base(state, property.as_deref()).is_some_and(|base| t.saturating_sub(base) > secs_ms(*after_secs))
        }
        // An empty group never holds: validation refuses it, and an unvalidated one must not alarm forever.
        Condition::And { conditions } => {
            !conditions.is_empty() && conditions.iter().all(|c| holds(c, rule, state, t, raised))
        }
        Condition::Or { conditions } => conditions.iter().any(|c| holds(c, rule, state, t, raised)),
    }
}

fn witness(c: &Condition, rule: &AlarmRule, state: &RuleState, t: i64) -> Option<f64> {
    match c {
        Condition::Threshold { property, .. } | Condition::RateOfChange { property, .. } => {
            if holds(c, rule, state, t, false) {
                state.tracks.get(property).map(|track| track.value)
            } else {
                None
            }
        }
        Condition::Stale { .. } => None,
        Condition::And { conditions } | Condition::Or { conditions } => {
            conditions.iter().find_map(|c| witness(c, rule, state, t))
        }
    }
}

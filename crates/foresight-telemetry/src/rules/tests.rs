//! Alarm-rule behaviour: scenarios that read like the rule editor's help text, and property tests at the
//! boundaries (duration, dead band, staleness, escalation, restart).

use super::*;
use crate::model::Severity::{self, *};
use proptest::prelude::*;
use AlarmTransition::*;

fn gt(property: &str, value: f64) -> Condition {
    Condition::Threshold { property: property.into(), op: Comparison::Gt, value, hysteresis: None }
}

fn rule(condition: Condition) -> AlarmRule {
    AlarmRule {
        name: "规则".into(),
        name_en: "Rule".into(),
        severity: Warning,
        condition,
        for_at_least_secs: 0,
        hysteresis: 0.0,
        escalation: vec![],
    }
}

fn sample(at: i64, property: &'static str, value: f64) -> Input<'static> {
    Input::Sample { at, property, value }
}

fn tick(at: i64) -> Input<'static> {
    Input::Tick { at }
}

/// Runs inputs from a fresh state; returns every transition in order.
fn run(rule: &AlarmRule, inputs: &[Input<'_>]) -> Vec<AlarmTransition> {
    let mut state = RuleState::new();
    inputs.iter().flat_map(|i| evaluate(rule, &mut state, *i)).collect()
}

#[test]
fn a_threshold_raises_after_holding_for_the_duration_even_between_samples() {
    let mut r = rule(gt("nh3", 25.0));
    r.for_at_least_secs = 10;
    let mut state = RuleState::new();
    assert_eq!(evaluate(&r, &mut state, sample(1_000, "nh3", 30.0)), []);
    assert_eq!(state.pending_since(), Some(1_000));
    // The tick comes late; the alarm is stamped when the ten seconds were up.
    assert_eq!(evaluate(&r, &mut state, tick(60_000)), [Raised { severity: Warning, at: 11_000, value: Some(30.0) }]);
    assert_eq!((state.is_active(), state.active_since()), (true, Some(11_000)));
    assert_eq!(evaluate(&r, &mut state, sample(61_000, "nh3", 20.0)), [Cleared { at: 61_000 }]);
    assert_eq!(state.severity(), None);
}

#[test]
fn a_dip_below_the_threshold_restarts_the_duration() {
    let mut r = rule(gt("t", 80.0));
    r.for_at_least_secs = 5;
    let inputs = [sample(0, "t", 81.0), sample(4_000, "t", 79.0), sample(4_500, "t", 81.0), tick(9_499), tick(9_500)];
    assert_eq!(run(&r, &inputs), [Raised { severity: Warning, at: 9_500, value: Some(81.0) }]);
}

#[test]
fn a_dead_band_keeps_the_alarm_until_the_value_is_well_back() {
    let mut r =
        rule(Condition::Threshold { property: "lel".into(), op: Comparison::Ge, value: 25.0, hysteresis: Some(5.0) });
    r.hysteresis = 100.0; // overridden by the threshold's own band
    let inputs = [sample(0, "lel", 25.0), sample(1, "lel", 21.0), sample(2, "lel", 20.0), sample(3, "lel", 19.9)];
    assert_eq!(run(&r, &inputs), [Raised { severity: Warning, at: 0, value: Some(25.0) }, Cleared { at: 3 }]);
    let low =
        rule(Condition::Threshold { property: "o2".into(), op: Comparison::Lt, value: 19.5, hysteresis: Some(0.5) });
    let inputs = [sample(0, "o2", 19.4), sample(1, "o2", 19.9), sample(2, "o2", 20.0)];
    assert_eq!(run(&low, &inputs), [Raised { severity: Warning, at: 0, value: Some(19.4) }, Cleared { at: 2 }]);
}

#[test]
fn a_rate_of_change_needs_a_whole_window() {
    // Ammonia near the filling line rising 0.8 ppm per minute or faster, over two minutes.
    let r = rule(Condition::RateOfChange {
        property: "nh3".into(),
        direction: Direction::Rising,
        per_minute: 0.8,
        window_secs: 120,
    });
    let inputs: Vec<_> = (0..=6).map(|i| sample(i * 30_000, "nh3", 2.0 + 0.45 * i as f64)).collect();
    // Rate 0.9/min once 120 s of history exist (at 120 s); before that there is no rate at all.
    assert_eq!(run(&r, &inputs), [Raised { severity: Warning, at: 120_000, value: Some(3.8) }]);
    let falling = rule(Condition::RateOfChange {
        property: "p".into(),
        direction: Direction::Falling,
        per_minute: 1.0,
        window_secs: 60,
    });
    assert_eq!(run(&falling, &[sample(0, "p", 10.0), sample(60_000, "p", 9.5)]), []);
    assert_eq!(run(&falling, &[sample(0, "p", 10.0), sample(60_000, "p", 9.0)]).len(), 1);
}

#[test]
fn and_over_simultaneous_samples_sees_the_whole_record() {
    let r = rule(Condition::And { conditions: vec![gt("a", 1.0), gt("b", 1.0)] });
    let mut state = RuleState::new();
    assert_eq!(evaluate(&r, &mut state, Input::Samples { at: 0, values: &[("a", 2.0), ("b", 0.0)] }), []);
    assert_eq!(
        evaluate(&r, &mut state, Input::Samples { at: 1, values: &[("a", 2.0), ("b", 2.0)] }),
        [Raised { severity: Warning, at: 1, value: Some(2.0) }]
    );
    assert_eq!(
        evaluate(&r, &mut state, Input::Samples { at: 2, values: &[("a", 0.0), ("b", 2.0)] }),
        [Cleared { at: 2 }]
    );
}

#[test]
fn late_samples_do_not_move_alarms() {
    let r = rule(gt("t", 50.0));
    let inputs = [sample(10_000, "t", 40.0), sample(5_000, "t", 90.0), sample(12_000, "t", 45.0)];
    assert_eq!(run(&r, &inputs), []);
}

#[test]
fn device_silence_is_stale_counted_from_the_newest_sample_of_any_property() {
    let r = rule(Condition::Stale { property: None, after_secs: 60 });
    let inputs = [tick(0), sample(30_000, "x", 1.0), tick(90_000), tick(90_001), sample(100_000, "y", 1.0)];
    assert_eq!(run(&r, &inputs), [Raised { severity: Warning, at: 90_001, value: None }, Cleared { at: 100_000 }]);
}

#[test]
fn an_ignored_property_does_not_reset_a_property_stale_timer() {
    let r = rule(Condition::Stale { property: Some("level".into()), after_secs: 10 });
    let inputs = [sample(0, "level", 1.0), sample(5_000, "temperature", 20.0), tick(10_001)];
    assert_eq!(run(&r, &inputs), [Raised { severity: Warning, at: 10_001, value: None }]);
}

#[test]
fn escalation_follows_the_steps_while_the_alarm_stays() {
    let mut r = rule(gt("t", 80.0));
    r.escalation = vec![
        EscalationStep { after_secs: 60, severity: Alarm },
        EscalationStep { after_secs: 300, severity: Critical },
    ];
    let inputs = [sample(0, "t", 90.0), tick(59_999), tick(400_000), sample(400_001, "t", 10.0)];
    assert_eq!(
        run(&r, &inputs),
        [
            Raised { severity: Warning, at: 0, value: Some(90.0) },
            Escalated { from: Warning, to: Alarm, at: 60_000 },
            Escalated { from: Alarm, to: Critical, at: 300_000 },
            Cleared { at: 400_001 },
        ]
    );
}

#[test]
fn the_state_and_transitions_have_a_stable_json_form() {
    let mut r = rule(gt("t", 1.0));
    r.for_at_least_secs = 1;
    let mut state = RuleState::new();
    evaluate(&r, &mut state, sample(5, "t", 2.5));
    let json = serde_json::to_value(&state).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"now": 5, "started_at": 5, "last_sample_at": 5, "tracks": {"t": {"at": 5, "value": "2.5"}},
                           "pending_since": 5, "active": null})
    );
    let t = serde_json::to_value(Escalated { from: Warning, to: Critical, at: 7 }).unwrap();
    assert_eq!(t, serde_json::json!({"transition": "escalated", "from": "warning", "to": "critical", "at": 7}));
}

const T0: i64 = 1_700_000_000_000;

proptest! {
    /// Held for exactly `for_at_least − 1 ms` does not raise; held for `for_at_least` does, stamped then,
    /// whatever samples and ticks came in between and whether a tick or a falling sample ends the run.
    #[test]
    fn for_at_least_is_exact_to_the_millisecond(
        threshold in -100.0f64..100.0,
        secs in 1u32..600,
        held_full in any::<bool>(),
        end_with_tick in any::<bool>(),
        between in proptest::collection::vec((0.0f64..1.0, any::<bool>(), 0.001f64..50.0), 0..20),
    ) {
        let mut r = rule(gt("x", threshold));
        r.for_at_least_secs = secs;
        let duration = i64::from(secs) * 1000;
        let held = if held_full { duration } else { duration - 1 };
        let mut inputs = vec![sample(T0, "x", threshold + 1.0)];
        let mut offsets: Vec<_> = between
            .iter()
            .map(|(f, is_tick, above)| ((f * (held - 1) as f64) as i64 + 1, *is_tick, *above))
            .collect();
        offsets.sort_by_key(|o| o.0);
        for (offset, is_tick, above) in offsets {
            inputs.push(if is_tick { tick(T0 + offset) } else { sample(T0 + offset, "x", threshold + above) });
        }
        inputs.push(if end_with_tick { tick(T0 + held) } else { sample(T0 + held, "x", threshold - 1.0) });
        let raised: Vec<_> = run(&r, &inputs).into_iter().filter(|t| matches!(t, Raised { .. })).collect();
        if held_full {
            prop_assert_eq!(raised.len(), 1);
            let raised_at = match raised[0] { Raised { at, .. } => at, _ => unreachable!() };
            prop_assert_eq!(raised_at, T0 + duration);
        } else {
            prop_assert!(raised.is_empty());
        }
    }

    /// Once raised, values anywhere inside the dead band (or above the threshold) neither clear nor
    /// re-raise; the first value past the band clears; dead-band values after that do not raise again.
    #[test]
    fn values_in_the_dead_band_never_flap(
        threshold in -1000.0f64..1000.0,
        band in 0.1f64..50.0,
        rising in any::<bool>(),
        inside in proptest::collection::vec(0.0f64..0.999, 1..40),
        after_clear in proptest::collection::vec(0.0f64..0.999, 0..20),
    ) {
        // `rising`: a high alarm (gt); otherwise a low alarm (lt), the mirror image.
        let sign = if rising { 1.0 } else { -1.0 };
        let op = if rising { Comparison::Gt } else { Comparison::Lt };
        let mut r = rule(Condition::Threshold { property: "x".into(), op, value: threshold, hysteresis: None });
        r.hysteresis = band;
        let mut state = RuleState::new();
        let mut at = T0;
        prop_assert_eq!(evaluate(&r, &mut state, sample(at, "x", threshold + sign * 1.0)).len(), 1);
        for f in &inside {
            // From threshold + band (outside, still alarming) down to just inside threshold − band.
            at += 1_000;
            let value = threshold + sign * band * (1.0 - 2.0 * f);
            prop_assert_eq!(evaluate(&r, &mut state, sample(at, "x", value)), vec![]);
            prop_assert_eq!(evaluate(&r, &mut state, tick(at + 500)), vec![]);
        }
        at += 1_000;
        prop_assert_eq!(evaluate(&r, &mut state, sample(at, "x", threshold - sign * band)), vec![Cleared { at }]);
        for f in &after_clear {
            at += 1_000;
            let value = threshold - sign * band * f;
            prop_assert_eq!(evaluate(&r, &mut state, sample(at, "x", value)), vec![]);
        }
    }

    /// Staleness raises exactly once, at the first millisecond past `after_secs` without a sample, and
    /// clears on the next sample.
    #[test]
    fn stale_raises_once_and_clears_on_the_next_sample(
        after_secs in 1u32..3600,
        tick_fractions in proptest::collection::btree_set(0u32..3000, 0..30),
        final_gap in 1i64..10_000,
    ) {
        let r = rule(Condition::Stale { property: Some("level".into()), after_secs });
        let limit = i64::from(after_secs) * 1000;
        let mut state = RuleState::new();
        prop_assert_eq!(evaluate(&r, &mut state, sample(T0, "level", 1.0)), vec![]);
        let mut raised_at = None;
        let mut last = T0;
        for f in tick_fractions {
            // Ticks from 0 to 3× the allowed gap, including the exact boundary.
            let offset = (limit * 3 * i64::from(f)) / 3000;
            let offset = if f == 1000 { limit } else if f == 1001 { limit + 1 } else { offset };
            last = T0 + offset;
            let out = evaluate(&r, &mut state, tick(last));
            if offset > limit && raised_at.is_none() {
                prop_assert_eq!(out, vec![Raised { severity: Warning, at: T0 + limit + 1, value: None }]);
                raised_at = Some(last);
            } else {
                prop_assert_eq!(out, vec![]);
            }
        }
        let next = last + final_gap;
        let out = evaluate(&r, &mut state, sample(next, "level", 2.0));
        if raised_at.is_some() {
            prop_assert_eq!(out, vec![Cleared { at: next }]);
        } else if next - T0 > limit {
            // No tick saw it; the sample reveals the gap, which was stale from limit + 1 until now.
            let expected = vec![Raised { severity: Warning, at: T0 + limit + 1, value: None }, Cleared { at: next }];
            prop_assert_eq!(out, expected);
        } else {
            prop_assert_eq!(out, vec![]);
        }
    }

    /// Escalations come exactly at their step times, in order, and never lower the severity while active.
    #[test]
    fn escalation_happens_at_the_step_times_and_only_upwards(
        gaps in proptest::collection::vec(1u32..600, 1..4),
        tick_offsets in proptest::collection::btree_set(0i64..2_000_000, 0..40),
        keep_sampling in any::<bool>(),
    ) {
        let mut r = rule(gt("x", 0.0));
        r.severity = Info;
        let levels = [Warning, Alarm, Critical];
        let mut after = 0;
        r.escalation = gaps
            .iter()
            .zip(levels)
            .map(|(gap, severity)| {
                after += gap;
                EscalationStep { after_secs: after, severity }
            })
            .collect();
        let mut state = RuleState::new();
        let mut all = evaluate(&r, &mut state, sample(T0, "x", 1.0));
        let mut last = T0;
        for offset in tick_offsets {
            last = T0 + offset;
            let input = if keep_sampling { sample(last, "x", 2.0) } else { tick(last) };
            all.extend(evaluate(&r, &mut state, input));
        }
        let expected: Vec<_> = std::iter::once(Raised { severity: Info, at: T0, value: Some(1.0) })
            .chain(r.escalation.iter().scan(Info, |from, step| {
                let t = Escalated { from: *from, to: step.severity, at: T0 + i64::from(step.after_secs) * 1000 };
                *from = step.severity;
                Some(t)
            }))
            .filter(|t| matches!(t, Raised { .. }) || matches!(t, Escalated { at, .. } if *at <= last))
            .collect();
        prop_assert_eq!(&all, &expected);
        let mut severity = Info;
        for t in &all {
            if let Escalated { from, to, .. } = t {
                prop_assert!(*from == severity && *to > severity);
                severity = *to;
            }
        }
        prop_assert_eq!(state.severity(), Some(severity));
    }

    /// Saving the state as JSON and loading it back at any point gives the same transitions and the same
    /// final state as running straight through: what "timer state survives a restart" rests on.
    #[test]
    fn a_state_round_trip_mid_stream_changes_nothing(
        r in arb_rule(),
        inputs in arb_inputs(),
        split in 0usize..80,
    ) {
        let mut straight = RuleState::new();
        let expected: Vec<_> = inputs.iter().flat_map(|i| evaluate(&r, &mut straight, i.as_input())).collect();
        let split = split.min(inputs.len());
        let mut state = RuleState::new();
        let mut got: Vec<_> = inputs[..split].iter().flat_map(|i| evaluate(&r, &mut state, i.as_input())).collect();
        let saved = serde_json::to_string(&state).unwrap();
        let mut restored: RuleState = serde_json::from_str(&saved).unwrap();
        prop_assert_eq!(&restored, &state);
        got.extend(inputs[split..].iter().flat_map(|i| evaluate(&r, &mut restored, i.as_input())));
        prop_assert_eq!(got, expected);
        prop_assert_eq!(restored, straight);
    }

    /// Ticks between samples only bring transitions forward; the transitions and their times are the same.
    #[test]
    fn ticks_change_when_transitions_are_reported_not_what_they_are(
        r in arb_rule(),
        inputs in arb_inputs(),
        tick_fractions in proptest::collection::vec((0usize..80, 0.0f64..1.0), 0..30),
    ) {
        let samples: Vec<_> = inputs.into_iter().filter(|i| !matches!(i, Owned::Tick(_))).collect();
        let mut samples = samples;
        samples.sort_by_key(Owned::at);
        let with_ticks = {
            let mut all = samples.clone();
            for (index, f) in tick_fractions {
                // A tick between two consecutive samples never runs past the next sample's time.
                if index + 1 < samples.len() {
                    let (a, b) = (samples[index].at(), samples[index + 1].at());
                    all.push(Owned::Tick(a + ((b - a) as f64 * f) as i64));
                }
            }
            // Stable: at equal times, samples (earlier in the list) stay before ticks.
            all.sort_by_key(Owned::at);
            all
        };
        let run_owned = |inputs: &[Owned]| {
            let mut state = RuleState::new();
            inputs.iter().flat_map(|i| evaluate(&r, &mut state, i.as_input())).collect::<Vec<_>>()
        };
        prop_assert_eq!(run_owned(&with_ticks), run_owned(&samples));
    }
}

/// Inputs that own their data, for generated streams.
#[derive(Debug, Clone)]
enum Owned {
    Sample(i64, &'static str, f64),
    Tick(i64),
}

impl Owned {
    fn at(&self) -> i64 {
        match self {
            Owned::Sample(at, ..) | Owned::Tick(at) => *at,
        }
    }

    fn as_input(&self) -> Input<'static> {
        match self {
            Owned::Sample(at, property, value) => sample(*at, property, *value),
            Owned::Tick(at) => tick(*at),
        }
    }
}

const PROPERTIES: [&str; 3] = ["temp", "pressure", "other"];

/// Streams of samples and ticks over a few minutes, mostly in order, some late; values with full f64
/// precision so the state's number encoding is exercised.
fn arb_inputs() -> impl Strategy<Value = Vec<Owned>> {
    proptest::collection::vec((0i64..20_000, -3_000i64..0, any::<bool>(), 0usize..3, -20.0f64..20.0, 0u8..10), 1..80)
        .prop_map(|steps| {
            let mut at = T0;
            steps
                .into_iter()
                .map(|(gap, late, is_late, p, value, kind)| {
                    at += gap;
                    match kind {
                        0..=2 => Owned::Tick(at),
                        _ => Owned::Sample(if is_late && kind == 9 { at + late } else { at }, PROPERTIES[p], value),
                    }
                })
                .collect()
        })
}

fn arb_leaf() -> impl Strategy<Value = Condition> {
    let property = prop_oneof![Just("temp"), Just("pressure")].prop_map(String::from);
    let op = prop_oneof![
        Just(Comparison::Gt),
        Just(Comparison::Ge),
        Just(Comparison::Lt),
        Just(Comparison::Le),
        Just(Comparison::Ne)
    ];
    prop_oneof![
        (property.clone(), op, -10.0f64..10.0, proptest::option::of(0.0f64..5.0))
            .prop_map(|(property, op, value, hysteresis)| Condition::Threshold { property, op, value, hysteresis }),
        (property.clone(), any::<bool>(), 0.1f64..20.0, 1u32..30).prop_map(
            |(property, up, per_minute, window_secs)| {
                let direction = if up { Direction::Rising } else { Direction::Falling };
                Condition::RateOfChange { property, direction, per_minute, window_secs }
            }
        ),
        (proptest::option::of(property), 1u32..40)
            .prop_map(|(property, after_secs)| Condition::Stale { property, after_secs }),
    ]
}

fn arb_rule() -> impl Strategy<Value = AlarmRule> {
    let condition = arb_leaf().prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..3).prop_map(|conditions| Condition::And { conditions }),
            proptest::collection::vec(inner, 1..3).prop_map(|conditions| Condition::Or { conditions }),
        ]
    });
    (condition, 0u32..20, 0.0f64..3.0, proptest::collection::vec(1u32..60, 0..3)).prop_map(
        |(condition, for_at_least_secs, hysteresis, gaps)| {
            let mut after = 0;
            let escalation = gaps
                .iter()
                .zip([Severity::Alarm, Severity::Critical])
                .map(|(gap, severity)| {
                    after += gap;
                    EscalationStep { after_secs: after, severity }
                })
                .collect();
            AlarmRule {
                name: "r".into(),
                name_en: "r".into(),
                severity: Warning,
                condition,
                for_at_least_secs,
                hysteresis,
                escalation,
            }
        },
    )
}

#[test]
fn generated_rules_are_valid() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for _ in 0..200 {
        let r = arb_rule().new_tree(&mut runner).unwrap().current();
        assert_eq!(r.validate(None), Ok(()), "{r:?}");
    }
}

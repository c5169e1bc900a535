//! Correlation: a storm of related signals yields one alert per zone and cause with every signal counted,
//! signals never join another key's alert, and a flapping source stops opening new alerts.

use chrono::{DateTime, Duration, TimeZone, Utc};
use foresight_alerts::correlate::{CorrelationConfig, Correlator, Outcome, Signal};
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

fn t(seconds: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 3, 0, 0).unwrap() + Duration::seconds(seconds)
}

fn signal(zone: u128, cause: &str, severity: u8, at: DateTime<Utc>) -> Signal {
    Signal { zone: Uuid::from_u128(zone), cause: cause.into(), severity, at }
}

#[test]
fn a_higher_severity_joins_and_says_so() {
    let mut c = Correlator::new(CorrelationConfig::default());
    let first = c.observe(&signal(1, "zone_risk", 3, t(0)));
    assert_eq!(first, Outcome::Opened { alert: 1 });
    assert_eq!(c.observe(&signal(1, "zone_risk", 3, t(60))), Outcome::Joined { alert: 1, raised: false });
    assert_eq!(c.observe(&signal(1, "zone_risk", 4, t(120))), Outcome::Joined { alert: 1, raised: true });
    // Another cause in the same zone, or the same cause in another zone, is another alert.
    assert_eq!(c.observe(&signal(1, "alarm:NH3-07:nh3", 3, t(130))).alert(), 2);
    assert_eq!(c.observe(&signal(2, "zone_risk", 3, t(140))).alert(), 3);
    assert_eq!(c.occurrences(1), 3);
}

#[test]
fn past_the_window_or_after_closing_a_new_alert_opens_until_the_source_flaps() {
    let config = CorrelationConfig { window: Duration::minutes(10), flap_limit: 3, flap_window: Duration::minutes(60) };
    let mut c = Correlator::new(config);
    assert_eq!(c.observe(&signal(1, "alarm:TT-1", 2, t(0))).alert(), 1);
    // 11 minutes of quiet: a new alert.
    assert_eq!(c.observe(&signal(1, "alarm:TT-1", 2, t(660))), Outcome::Opened { alert: 2 });
    // Closed by review: the next signal opens a third.
    c.closed(2);
    assert_eq!(c.observe(&signal(1, "alarm:TT-1", 2, t(700))), Outcome::Opened { alert: 3 });
    // A fourth opening within the hour: the source flaps and is damped into its latest alert.
    assert_eq!(c.observe(&signal(1, "alarm:TT-1", 2, t(1400))), Outcome::Damped { alert: 3 });
    // Once the openings are more than an hour old it may open again.
    assert_eq!(c.observe(&signal(1, "alarm:TT-1", 2, t(4400))), Outcome::Opened { alert: 4 });
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Thousands of signals over a minute, from up to 5 zones × 3 causes: at most one alert per zone and
    /// cause, every signal counted as an occurrence of an alert of its own zone and cause.
    #[test]
    fn an_alert_storm_yields_one_alert_per_zone_and_cause(
        signals in proptest::collection::vec((0u128..5, 0usize..3, 1u8..=4, 0i64..60_000), 1..5000)
    ) {
        let causes = ["zone_risk", "alarm:NH3-07:nh3", "path:human_machine_conflict"];
        let mut signals: Vec<Signal> = signals
            .into_iter()
            .map(|(zone, cause, severity, ms)| signal(zone, causes[cause], severity, t(0) + Duration::milliseconds(ms)))
            .collect();
        signals.sort_by_key(|s| s.at);
        let mut c = Correlator::new(CorrelationConfig::default());
        let mut key_of: HashMap<u64, (Uuid, String)> = HashMap::new();
        let mut opened = 0usize;
        for s in &signals {
            let outcome = c.observe(s);
            if matches!(outcome, Outcome::Opened { .. }) {
                opened += 1;
            }
            let key = key_of.entry(outcome.alert()).or_insert_with(|| (s.zone, s.cause.clone()));
            prop_assert_eq!(key, &(s.zone, s.cause.clone()), "a signal joined another zone's or cause's alert");
        }
        let keys: HashSet<(Uuid, &str)> = signals.iter().map(|s| (s.zone, s.cause.as_str())).collect();
        prop_assert_eq!(opened, keys.len());
        let counted: u64 = key_of.keys().map(|a| c.occurrences(*a)).sum();
        prop_assert_eq!(counted, signals.len() as u64, "every signal is an occurrence of some alert");
    }

    /// However a source's signals are spread in time, within any flap window it opens at most
    /// `flap_limit` alerts.
    #[test]
    fn a_flapping_source_opens_at_most_the_limit_per_window(gaps in proptest::collection::vec(0i64..1500, 1..300)) {
        let config = CorrelationConfig::default();
        let mut c = Correlator::new(config);
        let mut at = t(0);
        let mut openings = Vec::new();
        for gap in gaps {
            at += Duration::seconds(gap);
            if let Outcome::Opened { alert } = c.observe(&signal(9, "alarm:PT-2", 2, at)) {
                openings.push(at);
                if alert % 2 == 0 {
                    c.closed(alert);
                }
            }
        }
        for (i, start) in openings.iter().enumerate() {
            let within = openings[i..].iter().filter(|o| **o - *start <= config.flap_window).count();
            prop_assert!(within <= config.flap_limit, "{within} openings within an hour from {start}");
        }
    }
}

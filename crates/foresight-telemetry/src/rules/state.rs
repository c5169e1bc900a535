//! The per-(rule, device) state the IO layer persists between inputs: times, held values, rate history,
//! pending and active alarm.

use crate::model::Severity;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};

/// Opaque to callers except for the read-only accessors; store it (JSON) after each evaluation and give
/// it back with the next input. It belongs to one version of a rule: start a fresh state when the rule
/// changes. Size is bounded: one entry per property the rule names, rate history at most
/// 128 points per rate window plus one per property.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RuleState {
    /// Newest input time seen; inputs never move it back.
    pub(super) now: Option<i64>,
    /// Time of the first input, from which staleness counts until a first sample arrives.
    pub(super) started_at: Option<i64>,
    /// Newest sample time of any property, for staleness without a property.
    pub(super) last_sample_at: Option<i64>,
    #[serde(default)]
    pub(super) tracks: BTreeMap<String, Track>,
    pub(super) pending_since: Option<i64>,
    pub(super) active: Option<Active>,
}

/// The rate history keeps about this many points per window (the first sample in each slice of
/// window/128), so a rate is exact to within 1/128 of its window whatever the sample rate.
pub(super) const HISTORY_POINTS_PER_WINDOW: i64 = 128;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Track {
    pub(super) at: i64,
    #[serde(with = "exact_f64")]
    pub(super) value: f64,
    #[serde(default, skip_serializing_if = "VecDeque::is_empty")]
    pub(super) history: VecDeque<Point>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(super) struct Point {
    pub(super) at: i64,
    #[serde(with = "exact_f64")]
    pub(super) value: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(super) struct Active {
    pub(super) since: i64,
    pub(super) severity: Severity,
}

impl RuleState {
    pub fn new() -> RuleState {
        RuleState::default()
    }

    pub fn is_active(&self) -> bool {
        self.active.is_some()
    }

    /// The active alarm's current severity.
    pub fn severity(&self) -> Option<Severity> {
        self.active.map(|a| a.severity)
    }

    /// When the active alarm was raised (ms).
    pub fn active_since(&self) -> Option<i64> {
        self.active.map(|a| a.since)
    }

    /// Since when the condition has held without yet raising (ms).
    pub fn pending_since(&self) -> Option<i64> {
        self.pending_since
    }
}

impl Track {
    /// Records a sample into the rate history of the longest window over this property.
    pub(super) fn remember(&mut self, window_ms: i64) {
        let spacing = (window_ms / HISTORY_POINTS_PER_WINDOW).max(1);
        if self.history.back().is_none_or(|last| self.at - last.at >= spacing) {
            self.history.push_back(Point { at: self.at, value: self.value });
        }
        // Keep one point at or before the window's start: it is the value held there.
        while self.history.len() >= 2 && self.history[1].at <= self.at - window_ms {
            self.history.pop_front();
        }
    }

    /// Change over the window ending at the newest sample, per minute; `None` until the history reaches
    /// back a whole window.
    pub(super) fn rate_per_minute(&self, window_ms: i64) -> Option<f64> {
        let start = self.at.checked_sub(window_ms)?;
        let reference = self.history.iter().rev().find(|p| p.at <= start)?;
        Some((self.value - reference.value) * 60_000.0 / window_ms as f64)
    }
}

/// f64 as its shortest exact decimal text: serde_json's default float parser may be off by one unit in
/// the last place, and a restored state must compare exactly like the one it was saved from.
mod exact_f64 {
    use serde::{de, Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(x)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Text(String),
            Number(f64),
        }
        match Repr::deserialize(d)? {
            Repr::Text(s) => s.parse().map_err(de::Error::custom),
            Repr::Number(x) => Ok(x),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_survive_json_exactly() {
        for value in [0.1 + 0.2, 1e-300, -123_456.789_012_345_68, f64::MAX, 5e-324, 2.0f64.sqrt()] {
            let track = Track { at: 1, value, history: VecDeque::from([Point { at: 0, value }]) };
            let text = serde_json::to_string(&track).unwrap();
            let back: Track = serde_json::from_str(&text).unwrap();
            assert_eq!(back.value.to_bits(), value.to_bits(), "{text}");
            assert_eq!(back.history[0].value.to_bits(), value.to_bits());
        }
    }

    #[test]
    fn history_is_thinned_and_pruned_to_one_window() {
        let mut track = Track { at: 0, value: 0.0, history: VecDeque::new() };
        let window = 128_000;
        for at in 0..=10_000 {
            // A sample every 100 ms for 1000 s; the value climbs 1 per second.
            track.at = at * 100;
            track.value = at as f64 / 10.0;
            track.remember(window);
        }
        assert!(track.history.len() <= HISTORY_POINTS_PER_WINDOW as usize + 2, "{}", track.history.len());
        assert!(track.history[0].at <= track.at - window && track.history[1].at > track.at - window);
        assert_eq!(track.rate_per_minute(window), Some(60.0));
        assert_eq!(track.rate_per_minute(60_000), Some(60.0));
    }

    #[test]
    fn no_rate_until_a_whole_window_is_seen() {
        let mut track = Track { at: 0, value: 1.0, history: VecDeque::new() };
        track.remember(60_000);
        track.at = 59_999;
        track.value = 100.0;
        track.remember(60_000);
        assert_eq!(track.rate_per_minute(60_000), None);
        track.at = 60_000;
        track.remember(60_000);
        assert_eq!(track.rate_per_minute(60_000), Some(99.0));
    }
}

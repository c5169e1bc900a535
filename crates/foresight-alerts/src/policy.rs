//! A tenant's alert policy: which signals open alerts, how they correlate, and how long each review
//! level may take per grade before the alert escalates.

use crate::correlate::CorrelationConfig;
use crate::review::Stage;
use chrono::Duration;
use serde::{Deserialize, Serialize};

/// Grade names by severity 1..4, the colours of the risk heat map.
pub const GRADES: [&str; 4] = ["blue", "yellow", "orange", "red"];

/// The severity (1 blue .. 4 red) of a grade name.
pub fn severity_of_grade(grade: &str) -> Option<u8> {
    GRADES.iter().position(|g| *g == grade).map(|i| i as u8 + 1)
}

/// The grade name of a severity (clamped to 1..4).
pub fn grade_of_severity(severity: u8) -> &'static str {
    GRADES[usize::from(severity.clamp(1, 4)) - 1]
}

/// The severity of a device alarm or event (`warning` yellow, `alarm` orange, `critical` red; `info` blue).
pub fn severity_of_device_level(level: &str) -> Option<u8> {
    match level {
        "info" => Some(1),
        "warning" => Some(2),
        "alarm" => Some(3),
        "critical" => Some(4),
        _ => None,
    }
}

/// Seconds per grade, blue to red.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerGrade {
    pub red: i64,
    pub orange: i64,
    pub yellow: i64,
    pub blue: i64,
}

impl PerGrade {
    pub fn for_severity(&self, severity: u8) -> i64 {
        match severity {
            4.. => self.red,
            3 => self.orange,
            2 => self.yellow,
            _ => self.blue,
        }
    }

    fn all(&self) -> [i64; 4] {
        [self.blue, self.yellow, self.orange, self.red]
    }
}

/// How long each human level may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    pub engineer_review: PerGrade,
    pub final_review: PerGrade,
}

impl Default for Deadlines {
    /// A red alert gets 15 minutes at the workshop and 30 at plant safety; lower grades proportionally more.
    fn default() -> Self {
        Deadlines {
            engineer_review: PerGrade { red: 15 * 60, orange: 60 * 60, yellow: 4 * 3600, blue: 24 * 3600 },
            final_review: PerGrade { red: 30 * 60, orange: 2 * 3600, yellow: 8 * 3600, blue: 48 * 3600 },
        }
    }
}

/// Shortest and longest deadline accepted (one minute, thirty days).
pub const DEADLINE_RANGE: (i64, i64) = (60, 30 * 24 * 3600);

impl Deadlines {
    /// The time the given stage may take at a severity; `None` where no person is waited for (screening is
    /// immediate, the ends have no clock, open actions carry their own due dates).
    pub fn for_stage(&self, stage: Stage, severity: u8) -> Option<Duration> {
        let per_grade = match stage {
            Stage::EngineerReview | Stage::AwaitingData => &self.engineer_review,
            Stage::FinalReview => &self.final_review,
            _ => return None,
        };
        Some(Duration::seconds(per_grade.for_severity(severity)))
    }

    /// Field problems (`engineer_review.red`, ...): out of range, or a higher grade allowed more time
    /// than a lower one (a red alert must never wait longer than an orange one).
    pub fn problems(&self) -> Vec<(String, &'static str)> {
        let mut problems = Vec::new();
        for (level, per_grade) in [("engineer_review", &self.engineer_review), ("final_review", &self.final_review)] {
            let values = per_grade.all();
            let in_range = |v: &i64| (DEADLINE_RANGE.0..=DEADLINE_RANGE.1).contains(v);
            for (i, v) in values.iter().enumerate() {
                let field = format!("deadlines.{level}.{}", GRADES[i]);
                if !in_range(v) {
                    problems.push((field, "out_of_range"));
                } else if i > 0 && in_range(&values[i - 1]) && *v > values[i - 1] {
                    problems.push((field, "longer_than_lower_grade"));
                }
            }
        }
        problems
    }
}

/// When alerts open and how they correlate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertPolicy {
    /// Zone risk at or above this grade opens an alert (default orange).
    pub zone_grade: String,
    /// Device alarms at or above this severity (default `alarm`).
    pub alarm_severity: String,
    /// Device events (SOS, fall, detections) at or above this severity (default `critical`).
    pub event_severity: String,
    pub correlation_window_secs: i64,
    pub flap_limit: i64,
    pub flap_window_secs: i64,
    pub deadlines: Deadlines,
}

impl Default for AlertPolicy {
    fn default() -> Self {
        AlertPolicy {
            zone_grade: "orange".into(),
            alarm_severity: "alarm".into(),
            event_severity: "critical".into(),
            correlation_window_secs: 600,
            flap_limit: 3,
            flap_window_secs: 3600,
            deadlines: Deadlines::default(),
        }
    }
}

impl AlertPolicy {
    pub fn correlation(&self) -> CorrelationConfig {
        CorrelationConfig {
            window: Duration::seconds(self.correlation_window_secs),
            flap_limit: self.flap_limit.max(1) as usize,
            flap_window: Duration::seconds(self.flap_window_secs),
        }
    }

    /// The lowest severity of zone risk that opens an alert.
    pub fn zone_threshold(&self) -> u8 {
        severity_of_grade(&self.zone_grade).unwrap_or(3)
    }

    pub fn alarm_threshold(&self) -> u8 {
        severity_of_device_level(&self.alarm_severity).unwrap_or(3)
    }

    pub fn event_threshold(&self) -> u8 {
        severity_of_device_level(&self.event_severity).unwrap_or(4)
    }

    /// Every field problem, as (field path, code).
    pub fn problems(&self) -> Vec<(String, &'static str)> {
        let mut problems = Vec::new();
        if severity_of_grade(&self.zone_grade).is_none() {
            problems.push(("zone_grade".into(), "unknown_grade"));
        }
        for (field, value) in [("alarm_severity", &self.alarm_severity), ("event_severity", &self.event_severity)] {
            if !matches!(value.as_str(), "warning" | "alarm" | "critical") {
                problems.push((field.into(), "unknown_severity"));
            }
        }
        if !(30..=86_400).contains(&self.correlation_window_secs) {
            problems.push(("correlation_window_secs".into(), "out_of_range"));
        }
        if !(2..=100).contains(&self.flap_limit) {
            problems.push(("flap_limit".into(), "out_of_range"));
        }
        if !(60..=604_800).contains(&self.flap_window_secs) {
            problems.push(("flap_window_secs".into(), "out_of_range"));
        }
        problems.extend(self.deadlines.problems());
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_and_severities_round_trip() {
        for s in 1..=4 {
            assert_eq!(severity_of_grade(grade_of_severity(s)), Some(s));
        }
        assert_eq!(severity_of_grade("purple"), None);
        assert_eq!(grade_of_severity(9), "red");
    }

    #[test]
    fn defaults_are_valid_and_red_is_shortest() {
        let policy = AlertPolicy::default();
        assert!(policy.problems().is_empty(), "{:?}", policy.problems());
        let d = policy.deadlines;
        assert_eq!(d.for_stage(Stage::EngineerReview, 4), Some(Duration::minutes(15)));
        assert_eq!(d.for_stage(Stage::AwaitingData, 3), Some(Duration::hours(1)));
        assert_eq!(d.for_stage(Stage::FinalReview, 4), Some(Duration::minutes(30)));
        assert_eq!(d.for_stage(Stage::Screening, 4), None);
        assert_eq!(d.for_stage(Stage::ActionsOpen, 4), None);
    }

    #[test]
    fn a_red_deadline_longer_than_orange_is_refused_with_its_field() {
        let mut policy = AlertPolicy::default();
        policy.deadlines.final_review.red = policy.deadlines.final_review.orange + 1;
        policy.deadlines.engineer_review.blue = 59;
        policy.flap_limit = 1;
        let fields: Vec<String> = policy.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["flap_limit", "deadlines.engineer_review.blue", "deadlines.final_review.red"]);
    }
}

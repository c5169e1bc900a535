//! Level 1, the system's screening of a new alert: confirm it for the workshop engineer, or dismiss it
//! with a reason (sensor fault suspected, zone in maintenance, duplicate), always with the reasoning
//! written out so the dismissal can be audited and reopened.
//!
//! A red alert is never dismissed by the system: a leak that coincides with a maintenance job is still a
//! leak, so at red the suspicions are written into the reasoning and a person decides.

use crate::review::{Command, DismissReason};
use serde::{Deserialize, Serialize};

/// Dead letters (values the device sent that failed their checks) within the look-back that make a
/// device's own signal suspect.
pub const SENSOR_FAULT_DEAD_LETTERS: u32 = 3;
/// The look-back for those dead letters, in minutes.
pub const SENSOR_FAULT_LOOKBACK_MINUTES: i64 = 10;

/// What screening knows about a new alert.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScreeningInput {
    /// 1 blue .. 4 red.
    pub severity: u8,
    /// What the signal says (zh-CN, English), e.g. "NH3-07 氨气 32.0 ppm ≥ 25 ppm".
    pub summary: (String, String),
    /// When the signal comes from one device: its name and how many of its values were refused lately.
    pub device: Option<(String, u32)>,
    /// Maintenance of the signalling device open now (titles), or the device itself in maintenance.
    pub maintenance: Vec<String>,
    /// An alert already in review for the same device under another cause (its title).
    pub duplicate_of: Option<String>,
}

/// The outcome, with the reasoning in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Screening {
    /// `None` when confirmed.
    pub dismissed: Option<DismissReason>,
    pub reasoning: String,
    pub reasoning_en: String,
}

impl Screening {
    /// The review command that records it (the zh-CN reasoning goes into the transition).
    pub fn command(&self) -> Command {
        match self.dismissed {
            None => Command::ScreenConfirm { reasoning: self.reasoning.clone() },
            Some(reason) => Command::ScreenDismiss { reason, reasoning: self.reasoning.clone() },
        }
    }
}

/// Screens a new alert.
pub fn screen(input: &ScreeningInput) -> Screening {
    let (summary, summary_en) = &input.summary;
    let mut suspicion: Option<(DismissReason, String, String)> = None;
    if let Some(other) = &input.duplicate_of {
        suspicion = Some((
            DismissReason::Duplicate,
            format!("同一设备已有告警在审核中（{other}）"),
            format!("an alert for the same device is already in review ({other})"),
        ));
    } else if let Some((device, refused)) = input.device.as_ref().filter(|(_, n)| *n >= SENSOR_FAULT_DEAD_LETTERS) {
        suspicion = Some((
            DismissReason::SensorFaultSuspected,
            format!("{device} 近 {SENSOR_FAULT_LOOKBACK_MINUTES} 分钟有 {refused} 个数值未通过校验，疑似传感器故障"),
            format!(
                "{device} sent {refused} values that failed their checks in the last {SENSOR_FAULT_LOOKBACK_MINUTES} minutes: sensor fault suspected"
            ),
        ));
    } else if input.device.is_some() && !input.maintenance.is_empty() {
        let jobs = input.maintenance.join("；");
        suspicion = Some((
            DismissReason::ZoneInMaintenance,
            format!("区域内有检修作业未关闭（{jobs}）"),
            format!("maintenance is open in the zone ({jobs})"),
        ));
    }
    match suspicion {
        None => Screening {
            dismissed: None,
            reasoning: format!("{summary}；无传感器故障、检修或重复迹象，转车间工程师审核。"),
            reasoning_en: format!(
                "{summary_en}; no sign of a sensor fault, maintenance or a duplicate: passed to the workshop engineer."
            ),
        },
        Some((_, why, why_en)) if input.severity >= 4 => Screening {
            dismissed: None,
            reasoning: format!("{summary}；{why}，但红色告警不由系统驳回，转车间工程师审核。"),
            reasoning_en: format!(
                "{summary_en}; {why_en}, but the system never dismisses a red alert: passed to the workshop engineer."
            ),
        },
        Some((reason, why, why_en)) => Screening {
            dismissed: Some(reason),
            reasoning: format!("{summary}；{why}，系统驳回（可复核重开）。"),
            reasoning_en: format!("{summary_en}; {why_en}: dismissed (can be reviewed and reopened)."),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(severity: u8) -> ScreeningInput {
        ScreeningInput {
            severity,
            summary: ("NH3-07 氨气 32 ppm".into(), "NH3-07 ammonia 32 ppm".into()),
            device: Some(("NH3-07".into(), 0)),
            ..ScreeningInput::default()
        }
    }

    #[test]
    fn a_clean_signal_is_confirmed_with_its_summary() {
        let s = screen(&input(3));
        assert_eq!(s.dismissed, None);
        assert!(s.reasoning.starts_with("NH3-07 氨气 32 ppm"), "{}", s.reasoning);
        assert!(matches!(s.command(), Command::ScreenConfirm { .. }));
    }

    #[test]
    fn refused_values_at_the_threshold_make_the_sensor_suspect() {
        let mut i = input(3);
        i.device = Some(("NH3-07".into(), SENSOR_FAULT_DEAD_LETTERS - 1));
        assert_eq!(screen(&i).dismissed, None);
        i.device = Some(("NH3-07".into(), SENSOR_FAULT_DEAD_LETTERS));
        let s = screen(&i);
        assert_eq!(s.dismissed, Some(DismissReason::SensorFaultSuspected));
        assert!(matches!(s.command(), Command::ScreenDismiss { reason: DismissReason::SensorFaultSuspected, .. }));
    }

    #[test]
    fn maintenance_dismisses_device_signals_but_not_zone_risk() {
        let mut i = input(3);
        i.maintenance = vec!["灌装头检修".into()];
        assert_eq!(screen(&i).dismissed, Some(DismissReason::ZoneInMaintenance));
        i.device = None;
        assert_eq!(screen(&i).dismissed, None);
    }

    #[test]
    fn duplicates_are_dismissed_and_named() {
        let mut i = input(2);
        i.duplicate_of = Some("F-300 氨气报警".into());
        let s = screen(&i);
        assert_eq!(s.dismissed, Some(DismissReason::Duplicate));
        assert!(s.reasoning_en.contains("F-300"));
    }

    #[test]
    fn red_is_never_dismissed_but_the_suspicion_is_written_down() {
        let mut i = input(4);
        i.device = Some(("NH3-07".into(), 10));
        i.maintenance = vec!["检修".into()];
        let s = screen(&i);
        assert_eq!(s.dismissed, None);
        assert!(s.reasoning_en.contains("sensor fault suspected"), "{}", s.reasoning_en);
        assert!(s.reasoning_en.contains("never dismisses a red alert"));
    }
}

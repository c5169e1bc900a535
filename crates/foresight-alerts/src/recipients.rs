//! Who is told of an alert at each stage, and who else once it is escalated: the next person up and
//! their manager. Roles by their stable names (`foresight_core::rbac::Role::as_str`); zone-scoped grants
//! count only in the alert's zone.

use crate::review::Stage;

/// Level 2: the zone's workshop engineers, then plant safety, then the safety manager, then the tenant's
/// administrators.
const ENGINEER_LADDER: [&str; 4] = ["workshop_engineer", "plant_safety", "safety_manager", "tenant_admin"];
/// Told for information when an alert of their zone is confirmed or closed (the people on the floor); what
/// they are told of follows their preferences, unlike what waits for a person's own decision.
const INFORMED: [&str; 1] = ["team_leader"];
/// Level 3: plant safety, then the safety manager, then the tenant's administrators.
const FINAL_LADDER: [&str; 3] = ["plant_safety", "safety_manager", "tenant_admin"];

/// The roles told at a stage after `escalation` escalations (the base roles, plus one rung per escalation).
/// Empty where nobody is waited for (screening, dismissed, closed; open actions go to their owners).
pub fn roles_to_tell(stage: Stage, escalation: u8) -> &'static [&'static str] {
    let rungs = usize::from(escalation);
    match stage {
        Stage::EngineerReview | Stage::AwaitingData => &ENGINEER_LADDER[..(1 + rungs).min(ENGINEER_LADDER.len())],
        Stage::FinalReview => &FINAL_LADDER[..(1 + rungs).min(FINAL_LADDER.len())],
        _ => &[],
    }
}

/// The roles told for information (in the alert's zone), whatever the stage.
pub fn roles_informed() -> &'static [&'static str] {
    &INFORMED
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_escalation_adds_the_next_rung_until_the_top() {
        assert_eq!(roles_to_tell(Stage::EngineerReview, 0), ["workshop_engineer"]);
        assert_eq!(roles_to_tell(Stage::EngineerReview, 1), ["workshop_engineer", "plant_safety"]);
        assert_eq!(roles_to_tell(Stage::AwaitingData, 9).len(), 4);
        assert_eq!(roles_to_tell(Stage::FinalReview, 0), ["plant_safety"]);
        assert_eq!(roles_to_tell(Stage::FinalReview, 1), ["plant_safety", "safety_manager"]);
        assert_eq!(roles_to_tell(Stage::FinalReview, 200), FINAL_LADDER);
        assert!(roles_to_tell(Stage::Closed, 3).is_empty());
        assert!(roles_to_tell(Stage::Screening, 0).is_empty());
    }
}

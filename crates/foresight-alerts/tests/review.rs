//! The review state machine on chosen paths and on random command sequences from several people:
//! no skipped level, separation of duties, no closed alert with an open action, one transition per
//! accepted command and nothing changed by a refused one.

use chrono::{DateTime, Duration, TimeZone, Utc};
use foresight_alerts::review::{Action, NewAction};
use foresight_alerts::{Actor, Alert, Command, DismissReason, Disposition, ReviewError, Stage};
use proptest::prelude::*;
use uuid::Uuid;

fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).unwrap() + Duration::minutes(minute)
}

fn person(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn new_action(id: u128, owner: Uuid) -> NewAction {
    NewAction { id: Uuid::from_u128(1000 + id), title: format!("action {id}"), owner, due: at(60 * 24) }
}

fn confirm() -> Command {
    Command::ScreenConfirm { reasoning: "two detectors agree".into() }
}

fn decide(disposition: Disposition) -> Command {
    Command::Decide { disposition, comment: "checked on site".into() }
}

#[test]
fn an_alert_goes_through_every_level_and_closes_when_its_last_action_is_done() {
    let (engineer, safety, owner) = (person(1), person(2), person(3));
    let mut alert = Alert::new();
    alert.apply(Actor::System, confirm(), at(0)).unwrap();
    alert.apply(Actor::Person(engineer), decide(Disposition::Confirmed), at(5)).unwrap();
    let actions = vec![new_action(1, owner), new_action(2, owner)];
    alert.apply(Actor::Person(safety), Command::Approve { actions, comment: String::new() }, at(9)).unwrap();
    assert_eq!(alert.stage, Stage::ActionsOpen);
    alert.apply(Actor::Person(owner), Command::CompleteAction { id: Uuid::from_u128(1001) }, at(60)).unwrap();
    assert_eq!(alert.stage, Stage::ActionsOpen, "one action still open");
    let last =
        alert.apply(Actor::Person(owner), Command::CompleteAction { id: Uuid::from_u128(1002) }, at(90)).unwrap();
    assert_eq!((last.from, last.to), (Stage::ActionsOpen, Stage::Closed));
    let path: Vec<Stage> = alert.history.iter().map(|t| t.to).collect();
    assert_eq!(
        path,
        [Stage::EngineerReview, Stage::FinalReview, Stage::ActionsOpen, Stage::ActionsOpen, Stage::Closed]
    );
}

#[test]
fn no_level_can_be_skipped() {
    let engineer = person(1);
    let mut alert = Alert::new();
    let before = alert.clone();
    // Deciding or approving before screening, approving before the engineer.
    assert_eq!(
        alert.apply(Actor::Person(engineer), decide(Disposition::Confirmed), at(0)).unwrap_err(),
        ReviewError::WrongStage { stage: Stage::Screening }
    );
    let approve = Command::Approve { actions: vec![], comment: String::new() };
    assert!(alert.apply(Actor::Person(person(2)), approve.clone(), at(0)).is_err());
    assert_eq!(alert, before, "a refused command changes nothing");
    alert.apply(Actor::System, confirm(), at(1)).unwrap();
    assert_eq!(
        alert.apply(Actor::Person(person(2)), approve, at(2)).unwrap_err(),
        ReviewError::WrongStage { stage: Stage::EngineerReview }
    );
    // A person cannot screen, the system cannot review.
    let mut fresh = Alert::new();
    assert_eq!(fresh.apply(Actor::Person(engineer), confirm(), at(0)).unwrap_err(), ReviewError::WrongActor);
    fresh.apply(Actor::System, confirm(), at(0)).unwrap();
    assert_eq!(fresh.apply(Actor::System, decide(Disposition::Rejected), at(1)).unwrap_err(), ReviewError::WrongActor);
}

#[test]
fn the_final_reviewer_is_never_the_engineer_who_decided() {
    let engineer = person(1);
    let mut alert = Alert::new();
    alert.apply(Actor::System, confirm(), at(0)).unwrap();
    alert.apply(Actor::Person(engineer), decide(Disposition::Downgraded { grade: "yellow".into() }), at(1)).unwrap();
    let approve = Command::Approve { actions: vec![], comment: String::new() };
    assert_eq!(alert.apply(Actor::Person(engineer), approve.clone(), at(2)).unwrap_err(), ReviewError::SameReviewer);
    assert_eq!(
        alert.apply(Actor::Person(engineer), Command::Return { comment: "x".into() }, at(2)).unwrap_err(),
        ReviewError::SameReviewer
    );
    // Returned by plant safety, decided again by another engineer: the first may now approve.
    alert
        .apply(Actor::Person(person(2)), Command::Return { comment: "measure the other detector".into() }, at(3))
        .unwrap();
    alert.apply(Actor::Person(person(3)), decide(Disposition::Confirmed), at(4)).unwrap();
    alert.apply(Actor::Person(engineer), approve, at(5)).unwrap();
    assert_eq!(alert.stage, Stage::Closed);
}

#[test]
fn a_dismissal_keeps_its_reason_and_can_be_reopened_to_the_engineer() {
    let mut alert = Alert::new();
    let dismiss = Command::ScreenDismiss {
        reason: DismissReason::SensorFaultSuspected,
        reasoning: "NH3-07 flat-lined at 0 for 2 h, then jumped".into(),
    };
    alert.apply(Actor::System, dismiss, at(0)).unwrap();
    assert_eq!(alert.stage, Stage::Dismissed);
    assert_eq!(
        alert.apply(Actor::Person(person(1)), Command::Reopen { comment: " ".into() }, at(1)).unwrap_err(),
        ReviewError::CommentRequired
    );
    let reopened = alert
        .apply(Actor::Person(person(1)), Command::Reopen { comment: "the detector was fine".into() }, at(2))
        .unwrap();
    assert_eq!(reopened.to, Stage::EngineerReview);
}

#[test]
fn deadlines_and_escalations_raise_the_level_without_moving_the_stage() {
    let mut alert = Alert::new();
    alert.apply(Actor::System, confirm(), at(0)).unwrap();
    alert.apply(Actor::System, Command::DeadlineMissed, at(30)).unwrap();
    assert_eq!((alert.stage, alert.escalation), (Stage::EngineerReview, 1));
    assert_eq!(
        alert.apply(Actor::Person(person(1)), Command::DeadlineMissed, at(31)).unwrap_err(),
        ReviewError::WrongActor
    );
    alert.apply(Actor::Person(person(1)), decide(Disposition::Confirmed), at(40)).unwrap();
    alert
        .apply(Actor::Person(person(2)), Command::Escalate { comment: "needs the plant manager".into() }, at(41))
        .unwrap();
    assert_eq!((alert.stage, alert.escalation), (Stage::FinalReview, 2));
}

// ---- random sequences ------------------------------------------------------------------------------

const PEOPLE: u128 = 3;

fn actor() -> impl Strategy<Value = Actor> {
    prop_oneof![1 => Just(Actor::System), 3 => (1..=PEOPLE).prop_map(|n| Actor::Person(person(n)))]
}

fn command() -> impl Strategy<Value = Command> {
    // Weighted towards what moves an alert on, so that many sequences reach approval and closing.
    let text = prop_oneof![1 => Just(String::new()), 4 => Just("because".to_string())];
    let disposition = prop_oneof![
        Just(Disposition::Confirmed),
        Just(Disposition::Downgraded { grade: "yellow".into() }),
        Just(Disposition::Rejected)
    ];
    let actions = proptest::collection::vec((0u128..4, 1..=PEOPLE), 0..3)
        .prop_map(|v| v.into_iter().map(|(id, owner)| new_action(id, person(owner))).collect::<Vec<_>>());
    prop_oneof![
        3 => text.clone().prop_map(|reasoning| Command::ScreenConfirm { reasoning }),
        1 => text.clone().prop_map(|reasoning| Command::ScreenDismiss { reason: DismissReason::Duplicate, reasoning }),
        1 => text.clone().prop_map(|comment| Command::Reopen { comment }),
        4 => (disposition, text.clone()).prop_map(|(disposition, comment)| Command::Decide { disposition, comment }),
        1 => text.clone().prop_map(|comment| Command::RequestData { comment }),
        1 => text.clone().prop_map(|comment| Command::SupplyData { comment }),
        4 => (actions, text.clone()).prop_map(|(actions, comment)| Command::Approve { actions, comment }),
        1 => text.clone().prop_map(|comment| Command::Return { comment }),
        1 => text.prop_map(|comment| Command::Escalate { comment }),
        1 => Just(Command::DeadlineMissed),
        2 => (4u128..6, 1..=PEOPLE).prop_map(|(id, owner)| Command::AddAction { action: new_action(id, person(owner)) }),
        6 => (0u128..6).prop_map(|id| Command::CompleteAction { id: Uuid::from_u128(1000 + id) }),
    ]
}

/// Replays the recorded history with a model of the review written independently of the machine: the
/// level reached so far, reset by a return or reopen.
fn check_history(alert: &Alert) {
    let mut level = 0u8; // 1 = screened, 2 = decided, 3 = approved
    let mut decider: Option<Uuid> = None;
    let mut previous = Stage::Screening;
    for t in &alert.history {
        assert_eq!(t.from, previous, "transitions chain");
        previous = t.to;
        match &t.command {
            Command::ScreenConfirm { .. } => level = 1,
            Command::Reopen { .. } => level = 1,
            Command::Decide { .. } => {
                assert_eq!(level, 1, "a decision without screening: {:?}", alert.history);
                level = 2;
                decider = match t.actor {
                    Actor::Person(p) => Some(p),
                    Actor::System => panic!("the system decided"),
                };
            }
            Command::Return { .. } => {
                assert_eq!(level, 2);
                level = 1;
            }
            Command::Approve { .. } => {
                assert_eq!(level, 2, "an approval without a decision: {:?}", alert.history);
                assert_ne!(Some(t.actor), decider.map(Actor::Person), "separation of duties");
                level = 3;
            }
            Command::CompleteAction { .. } | Command::AddAction { .. } => assert_eq!(level, 3),
            _ => {}
        }
    }
    assert_eq!(previous, alert.stage);
    if alert.stage == Stage::Closed {
        assert_eq!(level, 3, "closed without the final approval");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_sequences_keep_every_invariant(steps in proptest::collection::vec((actor(), command()), 1..60)) {
        let mut alert = Alert::new();
        for (i, (actor, command)) in steps.into_iter().enumerate() {
            let before = alert.clone();
            match alert.apply(actor, command, at(i as i64)) {
                Ok(_) => prop_assert_eq!(alert.history.len(), before.history.len() + 1, "one transition per command"),
                Err(_) => prop_assert_eq!(&alert, &before, "a refused command changed the alert"),
            }
            if alert.stage == Stage::Closed {
                prop_assert!(!alert.has_open_action(), "closed with an open action: {:?}", alert.actions);
            }
            if alert.stage == Stage::ActionsOpen {
                prop_assert!(alert.has_open_action());
            }
            let done: Vec<&Action> = alert.actions.iter().filter(|a| a.done_at.is_some()).collect();
            prop_assert!(done.len() <= alert.actions.len());
            check_history(&alert);
        }
    }
}

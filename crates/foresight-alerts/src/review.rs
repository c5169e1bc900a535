//! The review state machine of one alert: stages, the commands that move it, and the transitions it
//! records.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where an alert is in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Level 1: waiting for the system's screening.
    Screening,
    /// Dismissed by screening with a reason; a person can reopen it, which sends it to level 2.
    Dismissed,
    /// Level 2: waiting for the zone's workshop engineer.
    EngineerReview,
    /// Level 2: the engineer asked for more data; back to [`Stage::EngineerReview`] when it is supplied.
    AwaitingData,
    /// Level 3: waiting for the plant safety department's final review of the engineer's disposition.
    FinalReview,
    /// Approved; corrective actions are still open.
    ActionsOpen,
    /// Approved and every corrective action done.
    Closed,
}

impl Stage {
    /// The review level a stage belongs to (0 for the ends).
    pub fn level(self) -> u8 {
        match self {
            Stage::Screening => 1,
            Stage::EngineerReview | Stage::AwaitingData => 2,
            Stage::FinalReview => 3,
            Stage::Dismissed | Stage::ActionsOpen | Stage::Closed => 0,
        }
    }
}

/// Who issues a command: the system (screening, deadlines) or a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Actor {
    System,
    Person(Uuid),
}

/// Why screening dismissed an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DismissReason {
    SensorFaultSuspected,
    ZoneInMaintenance,
    Duplicate,
}

/// The engineer's (level 2) disposition, which the final review approves or returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Disposition {
    Confirmed,
    /// Confirmed at a lower grade (`orange`, `yellow`, `blue`).
    Downgraded {
        grade: String,
    },
    /// Not a real hazard (a false alarm); the final review must still approve this.
    Rejected,
}

/// A corrective action: owner, due date, done or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub id: Uuid,
    pub title: String,
    pub owner: Uuid,
    pub due: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
}

impl Action {
    /// A stated action, not done yet.
    fn open(new: &NewAction) -> Action {
        Action { id: new.id, title: new.title.clone(), owner: new.owner, due: new.due, done_at: None }
    }
}

/// A new corrective action as the final reviewer states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAction {
    pub id: Uuid,
    pub title: String,
    pub owner: Uuid,
    pub due: DateTime<Utc>,
}

/// What can be done to an alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Level 1, system only: the signal holds up.
    ScreenConfirm { reasoning: String },
    /// Level 1, system only: dismissed with a reason (auditable, reopenable).
    ScreenDismiss { reason: DismissReason, reasoning: String },
    /// A person reopens a dismissed alert: it goes to level 2.
    Reopen { comment: String },
    /// Level 2: the engineer's disposition, with a comment (required unless confirming).
    Decide { disposition: Disposition, comment: String },
    /// Level 2: the engineer needs more data before deciding.
    RequestData { comment: String },
    /// The data asked for is there: back to the engineer.
    SupplyData { comment: String },
    /// Level 3: approve the disposition, with the corrective actions it needs (none closes the alert).
    Approve { actions: Vec<NewAction>, comment: String },
    /// Level 3: send it back to the engineer, with a comment.
    Return { comment: String },
    /// Level 3: hand the decision up (to the department head); the stage stays, the level of escalation rises.
    Escalate { comment: String },
    /// A deadline passed unreviewed (system): the escalation level rises and the next person is told.
    DeadlineMissed,
    /// After approval: one more corrective action.
    AddAction { action: NewAction },
    /// The action's owner marks it done; the last one closes the alert.
    CompleteAction { id: Uuid },
}

impl Command {
    /// A stable name for the audit trail.
    pub fn name(&self) -> &'static str {
        match self {
            Command::ScreenConfirm { .. } => "screen_confirm",
            Command::ScreenDismiss { .. } => "screen_dismiss",
            Command::Reopen { .. } => "reopen",
            Command::Decide { .. } => "decide",
            Command::RequestData { .. } => "request_data",
            Command::SupplyData { .. } => "supply_data",
            Command::Approve { .. } => "approve",
            Command::Return { .. } => "return",
            Command::Escalate { .. } => "escalate",
            Command::DeadlineMissed => "deadline_missed",
            Command::AddAction { .. } => "add_action",
            Command::CompleteAction { .. } => "complete_action",
        }
    }
}

/// Why a command was refused; nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ReviewError {
    /// Not possible at this stage (this is what makes skipping a level impossible).
    WrongStage { stage: Stage },
    /// Screening and deadlines are the system's; reviews and actions are people's.
    WrongActor,
    /// Separation of duties: the final reviewer made the level-2 decision.
    SameReviewer,
    /// A comment is required for this command.
    CommentRequired,
    /// Approving with an action twice, or completing an unknown or finished one.
    BadAction,
    /// Only the action's owner marks it done.
    NotActionOwner,
}

/// One accepted command, as the audit trail records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    pub seq: u32,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub command: Command,
    pub from: Stage,
    pub to: Stage,
}

/// One alert's review: its stage, the level-2 decision under review, actions, and every transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub stage: Stage,
    /// The current level-2 disposition and who made it (cleared when the final review returns it).
    pub decision: Option<(Disposition, Uuid)>,
    /// 0 until escalated by a person or a missed deadline; each escalation adds one.
    pub escalation: u8,
    pub actions: Vec<Action>,
    pub history: Vec<Transition>,
}

impl Default for Alert {
    fn default() -> Self {
        Alert::new()
    }
}

fn person(actor: Actor) -> Result<Uuid, ReviewError> {
    match actor {
        Actor::Person(id) => Ok(id),
        Actor::System => Err(ReviewError::WrongActor),
    }
}

fn commented(comment: &str) -> Result<(), ReviewError> {
    if comment.trim().is_empty() {
        Err(ReviewError::CommentRequired)
    } else {
        Ok(())
    }
}

impl Alert {
    /// A new alert, waiting for screening.
    pub fn new() -> Alert {
        Alert { stage: Stage::Screening, decision: None, escalation: 0, actions: Vec::new(), history: Vec::new() }
    }

    /// Whether any corrective action is not done.
    pub fn has_open_action(&self) -> bool {
        self.actions.iter().any(|a| a.done_at.is_none())
    }

    /// Applies a command; on success records and returns the transition, on refusal changes nothing.
    pub fn apply(&mut self, actor: Actor, command: Command, at: DateTime<Utc>) -> Result<&Transition, ReviewError> {
        let from = self.stage;
        let wrong = Err(ReviewError::WrongStage { stage: from });
        // Checks first, then the change: a refused command must leave the alert exactly as it was.
        let to = match (&command, from) {
            (Command::ScreenConfirm { .. }, Stage::Screening) => {
                if actor != Actor::System {
                    return Err(ReviewError::WrongActor);
                }
                Stage::EngineerReview
            }
            (Command::ScreenDismiss { reasoning, .. }, Stage::Screening) => {
                if actor != Actor::System {
                    return Err(ReviewError::WrongActor);
                }
                commented(reasoning)?;
                Stage::Dismissed
            }
            (Command::Reopen { comment }, Stage::Dismissed) => {
                person(actor)?;
                commented(comment)?;
                Stage::EngineerReview
            }
            (Command::Decide { disposition, comment }, Stage::EngineerReview) => {
                person(actor)?;
                if *disposition != Disposition::Confirmed {
                    commented(comment)?;
                }
                Stage::FinalReview
            }
            (Command::RequestData { comment }, Stage::EngineerReview) => {
                person(actor)?;
                commented(comment)?;
                Stage::AwaitingData
            }
            (Command::SupplyData { .. }, Stage::AwaitingData) => Stage::EngineerReview,
            (Command::Approve { actions, .. }, Stage::FinalReview) => {
                let reviewer = person(actor)?;
                if self.decision.as_ref().is_some_and(|(_, by)| *by == reviewer) {
                    return Err(ReviewError::SameReviewer);
                }
                let mut ids: Vec<Uuid> = actions.iter().map(|a| a.id).collect();
                ids.sort();
                ids.dedup();
                if ids.len() != actions.len() || actions.iter().any(|a| a.title.trim().is_empty()) {
                    return Err(ReviewError::BadAction);
                }
                if actions.is_empty() {
                    Stage::Closed
                } else {
                    Stage::ActionsOpen
                }
            }
            (Command::Return { comment }, Stage::FinalReview) => {
                let reviewer = person(actor)?;
                if self.decision.as_ref().is_some_and(|(_, by)| *by == reviewer) {
                    return Err(ReviewError::SameReviewer);
                }
                commented(comment)?;
                Stage::EngineerReview
            }
            (Command::Escalate { comment }, Stage::FinalReview) => {
                person(actor)?;
                commented(comment)?;
                Stage::FinalReview
            }
            (Command::DeadlineMissed, s) if s.level() > 0 => {
                if actor != Actor::System {
                    return Err(ReviewError::WrongActor);
                }
                s
            }
            (Command::AddAction { action }, Stage::ActionsOpen) => {
                person(actor)?;
                if action.title.trim().is_empty() || self.actions.iter().any(|a| a.id == action.id) {
                    return Err(ReviewError::BadAction);
                }
                Stage::ActionsOpen
            }
            (Command::CompleteAction { id }, Stage::ActionsOpen) => {
                let by = person(actor)?;
                let Some(action) = self.actions.iter().find(|a| a.id == *id && a.done_at.is_none()) else {
                    return Err(ReviewError::BadAction);
                };
                if action.owner != by {
                    return Err(ReviewError::NotActionOwner);
                }
                let others_open = self.actions.iter().any(|a| a.id != *id && a.done_at.is_none());
                if others_open {
                    Stage::ActionsOpen
                } else {
                    Stage::Closed
                }
            }
            _ => return wrong,
        };
        // The change.
        match &command {
            Command::Decide { disposition, .. } => {
                self.decision = Some((disposition.clone(), person(actor)?));
            }
            Command::Return { .. } | Command::Reopen { .. } => self.decision = None,
            Command::Approve { actions, .. } => self.actions.extend(actions.iter().map(Action::open)),
            Command::AddAction { action } => self.actions.push(Action::open(action)),
            Command::CompleteAction { id } => {
                if let Some(a) = self.actions.iter_mut().find(|a| a.id == *id) {
                    a.done_at = Some(at);
                }
            }
            Command::Escalate { .. } | Command::DeadlineMissed => self.escalation = self.escalation.saturating_add(1),
            _ => {}
        }
        self.stage = to;
        let seq = self.history.len() as u32 + 1;
        self.history.push(Transition { seq, at, actor, command, from, to });
        Ok(self.history.last().expect("just pushed"))
    }
}

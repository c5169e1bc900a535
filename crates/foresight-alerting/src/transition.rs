//! One review command applied to a stored alert: the state machine decides, and in the caller's
//! transaction the new state, its transition row, the audit event and every notification it causes are
//! written together.

use crate::fanout::{self, Happened};
use chrono::{DateTime, Utc};
use foresight_alerts::{Actor, Alert, Command, ReviewError, Stage, Transition};
use foresight_store::{alerts, audit};
use serde_json::{json, Value};
use sqlx::PgConnection;
use uuid::Uuid;

/// Who issues a command, for the state machine, the timeline and the audit trail.
#[derive(Debug, Clone)]
pub struct By {
    pub actor: Actor,
    /// Shown on the timeline (a person's display name, or 系统 / the system).
    pub name: String,
    pub audit: audit::Actor,
    pub request_id: Option<String>,
}

impl By {
    /// The system itself (screening, deadlines).
    pub fn system() -> By {
        By { actor: Actor::System, name: "系统".into(), audit: audit::Actor::system("alerting"), request_id: None }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("no such alert")]
    NotFound,
    #[error("the alert changed since version {expected}")]
    Stale { expected: i32, current: i32 },
    #[error("refused: {0:?}")]
    Refused(ReviewError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// The state after an accepted command.
#[derive(Debug, Clone)]
pub struct Applied {
    pub review: Alert,
    pub transition: Transition,
    pub version: i32,
}

/// Applies `command` to the alert (locked for the transaction). With `expected_version` set, a changed
/// alert is refused as stale. `screening` is stored beside the state when the command is a screening.
#[allow(clippy::too_many_arguments)] // each is a separate fact of the command; a struct would only rename them
pub async fn apply(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    alert_id: Uuid,
    by: &By,
    command: Command,
    at: DateTime<Utc>,
    expected_version: Option<i32>,
    screening: Option<&Value>,
) -> Result<Applied, ApplyError> {
    let state = alerts::state_for_update(conn, alert_id).await?.ok_or(ApplyError::NotFound)?;
    if let Some(expected) = expected_version {
        if expected != state.version {
            return Err(ApplyError::Stale { expected, current: state.version });
        }
    }
    let mut review = state.review.0.clone();
    let transition = review.apply(by.actor, command, at).map_err(ApplyError::Refused)?.clone();
    let (policy, _) = alerts::policy(conn).await?;
    let severity = u8::try_from(state.severity).unwrap_or(4);
    let deadline = policy.deadlines.for_stage(review.stage, severity).map(|d| at + d);
    let version = alerts::save_review(conn, alert_id, &review, deadline, screening).await?;
    let audit_seq = audit::append(
        conn,
        tenant_id,
        &by.audit,
        audit::Change {
            action: &format!("alert.{}", transition.command.name()),
            target_kind: "alert",
            target_id: Some(alert_id.to_string()),
            before: Some(json!({ "stage": transition.from })),
            after: Some(json!({ "stage": transition.to, "seq": transition.seq, "command": transition.command })),
        },
        by.request_id.as_deref(),
    )
    .await?;
    alerts::insert_transition(conn, tenant_id, alert_id, &transition, &by.name, audit_seq).await?;
    alerts::sync_actions(conn, tenant_id, alert_id, &review.actions).await?;
    fanout::announce(conn, tenant_id, alert_id, Happened::Transition(&transition, &review)).await?;
    Ok(Applied { review, transition, version })
}

/// Whether a stage is one of the ends (no one is waited for).
pub fn is_final(stage: Stage) -> bool {
    matches!(stage, Stage::Closed | Stage::Dismissed)
}

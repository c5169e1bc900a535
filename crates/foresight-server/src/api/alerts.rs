//! Alerts and their three-level review: the lists (the caller's queue, all alerts), one alert with its
//! timeline, actions and what the caller may do, the review commands, the evidence, the live stream and
//! the actions board. The review rules are `foresight_alerts`'; `foresight_alerting::transition` applies
//! a command with its audit event and notifications in the request's transaction.
//!
//! Which permission a command needs depends on the command (level 2: `alert:review`, level 3 and actions:
//! `alert:approve`; completing an action: being its owner), so the handler declares `alert:read` and
//! checks the command's permission against the caller's authority.

mod evidence;
mod notify;
mod record;
mod stream;

use super::{page_request, page_type, CommonErrors};
use crate::app::AppState;
use crate::authz::{perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{IfMatch, Json, Path, Query};
use crate::i18n::Msg;
use axum::http::header;
use axum::response::IntoResponse;
use chrono::{DateTime, Utc};
use foresight_alerting::transition::{self, ApplyError, By};
use foresight_alerts::review::NewAction;
use foresight_alerts::{Actor, Command, Disposition, ReviewError, Stage};
use foresight_core::rbac::Permission;
use foresight_store::alerts::{self, ActionRow, AlertFilter, AlertSummary, Occurrence, TransitionRow, Waiting};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_alerts))
        .routes(routes!(stream::alert_stream))
        .routes(routes!(get_alert))
        .routes(routes!(command_alert))
        .routes(routes!(evidence::alert_evidence))
        .routes(routes!(record::alert_record))
        .routes(routes!(list_actions))
        .merge(notify::router())
}

pub use stream::spawn_alert_feed;

page_type!(AlertPage, AlertSummary);
page_type!(ActionPage, ActionRow);

const STAGES: &[&str] =
    &["screening", "dismissed", "engineer_review", "awaiting_data", "final_review", "actions_open", "closed"];
const SORTS: &[(&str, &str)] = &[
    ("deadline_at", "a.deadline_at"),
    ("opened_at", "a.opened_at"),
    ("severity", "a.severity"),
    ("last_occurrence_at", "a.last_occurrence_at"),
];

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AlertQuery {
    /// `mine`: what waits for the caller (level 2 in his zones when he reviews, level 3 he did not decide
    /// when he approves, open actions he owns), soonest deadline first; `all` (default).
    queue: Option<String>,
    /// One stage: screening, dismissed, engineer_review, awaiting_data, final_review, actions_open, closed.
    stage: Option<String>,
    /// Only alerts not closed and not dismissed.
    open: Option<bool>,
    site_id: Option<Uuid>,
    zone_id: Option<Uuid>,
    page: Option<i64>,
    /// 1 to 200 (default 50).
    per_page: Option<i64>,
    /// deadline_at, opened_at, severity or last_occurrence_at; `-` for descending (default -opened_at; the
    /// `mine` queue defaults to deadline_at).
    sort: Option<String>,
}

fn bad_param(field: &str, allowed: &[&str]) -> ApiError {
    let issue = FieldIssue::new(field, "not_allowed", Msg::FieldNotAllowedValue).arg("allowed", allowed.join(", "));
    ApiError::BadRequest { msg: Msg::DetailInvalidParameter, args: vec![], issues: vec![issue] }
}

/// Alerts, filtered; `queue=mine` is the caller's review queue.
#[utoipa::path(get, path = "/alerts", tag = "alerts", params(AlertQuery),
    responses((status = 200, body = AlertPage), CommonErrors), security(("bearer" = [])))]
async fn list_alerts(
    mut auth: Authorized<perm::AlertRead>,
    Query(q): Query<AlertQuery>,
) -> Result<axum::Json<AlertPage>, ApiError> {
    let mine = match q.queue.as_deref() {
        None | Some("all") => false,
        Some("mine") => true,
        Some(_) => return Err(bad_param("queue", &["mine", "all"])),
    };
    if let Some(stage) = &q.stage {
        if !STAGES.contains(&stage.as_str()) {
            return Err(bad_param("stage", STAGES));
        }
    }
    let default = if mine { ("deadline_at", false) } else { ("opened_at", true) };
    let page = page_request(q.page, q.per_page, q.sort.as_deref(), SORTS, default)?;
    let authority = &auth.caller.authority;
    let waiting_for = match (mine, auth.caller.user_id) {
        (true, Some(user_id)) => Some(Waiting {
            user_id,
            reviews: authority.allows(Permission::AlertReview),
            approves: authority.allows(Permission::AlertApprove),
        }),
        // An API key waits for nobody.
        (true, None) => Some(Waiting { user_id: Uuid::nil(), reviews: false, approves: false }),
        _ => None,
    };
    let filter = AlertFilter {
        site_id: q.site_id,
        zone_id: q.zone_id,
        stage: q.stage,
        open: q.open.unwrap_or(false) || mine,
        waiting_for,
    };
    let found = alerts::list(&mut auth.tx, &filter, &page).await?;
    auth.commit().await?;
    Ok(axum::Json(AlertPage::new(found, &page)))
}

/// One alert with its review.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertDetail {
    #[serde(flatten)]
    pub alert: AlertSummary,
    /// The system's screening: `{"outcome": "confirmed"|"dismissed", "reason", "reasoning", "reasoning_en"}`.
    #[schema(value_type = Option<Object>)]
    pub screening: Option<Value>,
    /// The standing level-2 decision: `{"disposition": {"kind": "confirmed"|"downgraded"|"rejected",
    /// "grade"?}, "by", "by_name", "comment"}`.
    #[schema(value_type = Option<Object>)]
    pub decision: Option<Value>,
    pub transitions: Vec<TransitionRow>,
    pub actions: Vec<ActionRow>,
    /// The newest 50.
    pub recent_occurrences: Vec<Occurrence>,
    /// The commands this caller may issue now (reopen, decide, request_data, supply_data, approve, return,
    /// escalate, add_action, complete_action).
    pub allowed_commands: Vec<String>,
}

async fn detail(auth: &mut Authorized<perm::AlertRead>, alert_id: Uuid) -> Result<AlertDetail, ApiError> {
    let alert = alerts::summary(&mut auth.tx, alert_id).await?.ok_or(ApiError::NotFound)?;
    let state = alerts::state(&mut auth.tx, alert_id).await?.ok_or(ApiError::NotFound)?;
    let review = state.review.0;
    let transitions = alerts::transitions(&mut auth.tx, alert_id).await?;
    let actions = alerts::actions_of(&mut auth.tx, alert_id).await?;
    let recent_occurrences = alerts::recent_occurrences(&mut auth.tx, alert_id, 50).await?;
    let allowed_commands = allowed(&auth.caller, &review).into_iter().map(str::to_string).collect();
    let decision = review.decision.as_ref().map(|(disposition, by)| {
        // The standing decision is the newest `decide` on the timeline.
        let step =
            transitions.iter().rev().find(|t| t.command.get("command").and_then(|c| c.as_str()) == Some("decide"));
        serde_json::json!({
            "disposition": disposition,
            "by": by,
            "by_name": step.map(|t| t.actor_name.clone()).unwrap_or_default(),
            "comment": step.and_then(|t| t.command.get("comment")).cloned().unwrap_or(Value::String(String::new())),
        })
    });
    Ok(AlertDetail {
        alert,
        screening: state.screening,
        decision,
        transitions,
        actions,
        recent_occurrences,
        allowed_commands,
    })
}

/// What the caller may do now: the stage's commands that his permissions allow and the state machine
/// would accept (separation of duties included).
fn allowed(caller: &crate::authz::Caller, review: &foresight_alerts::Alert) -> Vec<&'static str> {
    let Some(me) = caller.user_id else { return Vec::new() };
    let reviews = caller.authority.allows(Permission::AlertReview);
    let approves = caller.authority.allows(Permission::AlertApprove);
    let decided_by_me = review.decision.as_ref().is_some_and(|(_, by)| *by == me);
    let mut out = Vec::new();
    match review.stage {
        Stage::Dismissed if reviews || approves => out.push("reopen"),
        Stage::EngineerReview if reviews => out.extend(["decide", "request_data"]),
        Stage::AwaitingData if reviews || approves => out.push("supply_data"),
        Stage::FinalReview if approves => {
            if !decided_by_me {
                out.extend(["approve", "return"]);
            }
            out.push("escalate");
        }
        Stage::ActionsOpen => {
            if approves {
                out.push("add_action");
            }
            if review.actions.iter().any(|a| a.owner == me && a.done_at.is_none()) {
                out.push("complete_action");
            }
        }
        _ => {}
    }
    out
}

/// One alert: its state, screening, decision, timeline, actions, recent occurrences and the commands the
/// caller may issue now (ETag: its version).
#[utoipa::path(get, path = "/alerts/{alert_id}", tag = "alerts", params(("alert_id" = Uuid, Path)),
    responses((status = 200, body = AlertDetail), CommonErrors), security(("bearer" = [])))]
async fn get_alert(
    mut auth: Authorized<perm::AlertRead>,
    Path(alert_id): Path<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let detail = detail(&mut auth, alert_id).await?;
    auth.commit().await?;
    let etag = crate::extract::etag(detail.alert.version);
    Ok(([(header::ETAG, etag)], axum::Json(detail)))
}

/// A corrective action as the final reviewer states it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    /// 1 to 200 characters.
    title: String,
    /// An active person of the tenant.
    owner_id: Uuid,
    /// In the future.
    due_at: DateTime<Utc>,
}

/// The review commands the API takes (screening and deadlines are the system's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CommandName {
    Reopen,
    Decide,
    RequestData,
    SupplyData,
    Approve,
    Return,
    Escalate,
    AddAction,
    CompleteAction,
}

/// The level-2 disposition.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DispositionInput {
    /// `confirmed`, `downgraded` or `rejected`.
    kind: String,
    /// For `downgraded`: `blue`, `yellow` or `orange`.
    grade: Option<String>,
}

/// A review command: `command` and the fields it uses. `reopen`, `request_data`, `return`, `escalate` need a
/// `comment`; `decide` needs `disposition` (and a comment unless confirming); `approve` takes `actions`;
/// `add_action` needs `action`; `complete_action` needs `action_id`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommandInput {
    command: CommandName,
    /// At most 2,000 characters.
    #[serde(default)]
    comment: String,
    disposition: Option<DispositionInput>,
    /// For `approve`: the corrective actions (none closes the alert), at most 50.
    actions: Option<Vec<ActionInput>>,
    /// For `add_action`.
    action: Option<ActionInput>,
    /// For `complete_action`.
    action_id: Option<Uuid>,
}

const MAX_COMMENT: usize = 2000;
const MAX_ACTIONS: usize = 50;

impl CommandName {
    fn needs(self) -> Option<Permission> {
        match self {
            CommandName::Decide | CommandName::RequestData => Some(Permission::AlertReview),
            CommandName::Approve | CommandName::Return | CommandName::Escalate | CommandName::AddAction => {
                Some(Permission::AlertApprove)
            }
            CommandName::Reopen | CommandName::SupplyData | CommandName::CompleteAction => None,
        }
    }
}

fn required(field: &str) -> FieldIssue {
    FieldIssue::new(field, "required", Msg::FieldRequired)
}

async fn action_issues(
    auth: &mut Authorized<perm::AlertRead>,
    field: String,
    a: &ActionInput,
    now: DateTime<Utc>,
    issues: &mut Vec<FieldIssue>,
) -> Result<(), ApiError> {
    if a.title.trim().is_empty() {
        issues.push(FieldIssue::new(format!("{field}.title"), "blank", Msg::FieldBlank));
    } else if a.title.chars().count() > 200 {
        issues.push(FieldIssue::new(format!("{field}.title"), "too_long", Msg::FieldTooLong).arg("max", 200));
    }
    if a.due_at <= now {
        issues.push(FieldIssue::new(format!("{field}.due_at"), "in_past", Msg::AlertDueInPast));
    }
    let active: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM app_user WHERE user_id = $1 AND status = 'active')")
            .bind(a.owner_id)
            .fetch_one(&mut *auth.tx)
            .await?;
    if !active {
        issues.push(FieldIssue::new(format!("{field}.owner_id"), "not_found", Msg::AlertOwnerUnknown));
    }
    Ok(())
}

fn new_action(a: &ActionInput) -> NewAction {
    NewAction { id: Uuid::now_v7(), title: a.title.trim().to_string(), owner: a.owner_id, due: a.due_at }
}

/// Issue a review command (`If-Match` with the alert's version).
#[utoipa::path(post, path = "/alerts/{alert_id}/commands", tag = "alerts",
    params(("alert_id" = Uuid, Path), ("If-Match" = String, Header, description = "The alert's version, e.g. \"3\"")),
    request_body = CommandInput,
    responses((status = 200, body = AlertDetail), CommonErrors), security(("bearer" = [])))]
async fn command_alert(
    mut auth: Authorized<perm::AlertRead>,
    Path(alert_id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Json(input): Json<CommandInput>,
) -> Result<impl IntoResponse, ApiError> {
    let Some(user_id) = auth.caller.user_id else {
        // Reviews are people's: an integration's key reads alerts but decides nothing.
        return Err(ApiError::Forbidden { permission: Permission::AlertReview.as_str() });
    };
    if let Some(needed) = input.command.needs() {
        if !auth.caller.authority.allows(needed) {
            return Err(ApiError::Forbidden { permission: needed.as_str() });
        }
    }
    let now = Utc::now();
    let mut issues = Vec::new();
    if input.comment.chars().count() > MAX_COMMENT {
        issues.push(FieldIssue::new("comment", "too_long", Msg::FieldTooLong).arg("max", MAX_COMMENT));
    }
    let disposition = match (input.command, &input.disposition) {
        (CommandName::Decide, None) => {
            issues.push(required("disposition"));
            None
        }
        (CommandName::Decide, Some(d)) => match (d.kind.as_str(), d.grade.as_deref()) {
            ("confirmed", None) => Some(Disposition::Confirmed),
            ("rejected", None) => Some(Disposition::Rejected),
            ("downgraded", Some(g)) if ["blue", "yellow", "orange"].contains(&g) => {
                Some(Disposition::Downgraded { grade: g.to_string() })
            }
            ("downgraded", _) => {
                issues.push(
                    FieldIssue::new("disposition.grade", "not_allowed", Msg::FieldNotAllowedValue)
                        .arg("allowed", "blue, yellow, orange"),
                );
                None
            }
            _ => {
                issues.push(
                    FieldIssue::new("disposition.kind", "not_allowed", Msg::FieldNotAllowedValue)
                        .arg("allowed", "confirmed, rejected, downgraded (with grade)"),
                );
                None
            }
        },
        _ => None,
    };
    let actions = input.actions.as_deref().unwrap_or_default();
    if actions.len() > MAX_ACTIONS {
        issues.push(FieldIssue::new("actions", "too_many", Msg::RiskTooMany).arg("max", MAX_ACTIONS));
    }
    for (i, a) in actions.iter().enumerate().take(MAX_ACTIONS) {
        action_issues(&mut auth, format!("actions[{i}]"), a, now, &mut issues).await?;
    }
    match (input.command, &input.action) {
        (CommandName::AddAction, None) => issues.push(required("action")),
        (_, Some(action)) => action_issues(&mut auth, "action".into(), action, now, &mut issues).await?,
        _ => {}
    }
    if input.command == CommandName::CompleteAction && input.action_id.is_none() {
        issues.push(required("action_id"));
    }
    if !issues.is_empty() {
        return Err(ApiError::Validation(issues));
    }
    let comment = input.comment;
    let command = match input.command {
        CommandName::Reopen => Command::Reopen { comment },
        CommandName::Decide => Command::Decide { disposition: disposition.unwrap_or(Disposition::Confirmed), comment },
        CommandName::RequestData => Command::RequestData { comment },
        CommandName::SupplyData => Command::SupplyData { comment },
        CommandName::Approve => Command::Approve { actions: actions.iter().map(new_action).collect(), comment },
        CommandName::Return => Command::Return { comment },
        CommandName::Escalate => Command::Escalate { comment },
        CommandName::AddAction => match &input.action {
            Some(action) => Command::AddAction { action: new_action(action) },
            None => return Err(ApiError::Validation(vec![required("action")])),
        },
        CommandName::CompleteAction => Command::CompleteAction { id: input.action_id.unwrap_or_default() },
    };
    let by = By {
        actor: Actor::Person(user_id),
        name: auth.caller.actor.label.clone(),
        audit: auth.caller.actor.clone(),
        request_id: auth.caller.request_id.clone(),
    };
    let tenant_id = auth.caller.tenant_id;
    match transition::apply(&mut auth.tx, tenant_id, alert_id, &by, command, now, Some(version), None).await {
        Ok(_) => {}
        Err(ApplyError::NotFound) => return Err(ApiError::NotFound),
        Err(ApplyError::Stale { current, .. }) => return Err(ApiError::PreconditionFailed { current }),
        Err(ApplyError::Refused(e)) => return Err(refusal(e)),
        Err(ApplyError::Database(e)) => return Err(e.into()),
    }
    let detail = detail(&mut auth, alert_id).await?;
    auth.commit().await?;
    let etag = crate::extract::etag(detail.alert.version);
    Ok(([(header::ETAG, etag)], axum::Json(detail)))
}

fn refusal(e: ReviewError) -> ApiError {
    let conflict = |msg: Msg, args: Vec<(&'static str, String)>, code: &'static str, field: &str| ApiError::Conflict {
        msg,
        args,
        issues: vec![FieldIssue::new(field, code, msg)],
    };
    match e {
        ReviewError::WrongStage { stage } => {
            let stage =
                serde_json::to_value(stage).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            conflict(Msg::AlertWrongStage, vec![("stage", stage)], "wrong_stage", "command")
        }
        ReviewError::SameReviewer => conflict(Msg::AlertSameReviewer, vec![], "same_reviewer", "command"),
        ReviewError::NotActionOwner => conflict(Msg::AlertNotActionOwner, vec![], "not_action_owner", "action_id"),
        ReviewError::CommentRequired => {
            ApiError::field(FieldIssue::new("comment", "comment_required", Msg::AlertCommentRequired))
        }
        ReviewError::BadAction => ApiError::field(FieldIssue::new("action", "bad_action", Msg::AlertBadAction)),
        // Only system commands can be the system's, and the API issues none.
        ReviewError::WrongActor => ApiError::Forbidden { permission: Permission::AlertReview.as_str() },
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ActionQuery {
    /// Only the caller's own actions.
    mine: Option<bool>,
    /// Only actions not done.
    open: Option<bool>,
    page: Option<i64>,
    per_page: Option<i64>,
    /// due_at (default) or title; `-` for descending.
    sort: Option<String>,
}

/// The corrective actions board.
#[utoipa::path(get, path = "/alert-actions", tag = "alerts", params(ActionQuery),
    responses((status = 200, body = ActionPage), CommonErrors), security(("bearer" = [])))]
async fn list_actions(
    mut auth: Authorized<perm::AlertRead>,
    Query(q): Query<ActionQuery>,
) -> Result<axum::Json<ActionPage>, ApiError> {
    let page = page_request(
        q.page,
        q.per_page,
        q.sort.as_deref(),
        &[("due_at", "due_at"), ("title", "title")],
        ("due_at", false),
    )?;
    let owner = if q.mine.unwrap_or(false) { Some(auth.caller.user_id.unwrap_or(Uuid::nil())) } else { None };
    let found = alerts::actions(&mut auth.tx, owner, q.open.unwrap_or(false), &page).await?;
    auth.commit().await?;
    Ok(axum::Json(ActionPage::new(found, &page)))
}

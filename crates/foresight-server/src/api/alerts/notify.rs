//! The caller's inbox and notification preferences, the tenant's alert policy, and webhooks.

use crate::api::{page_request, page_type, CommonErrors};
use crate::app::AppState;
use crate::authz::{change, perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{etag, IfMatch, Json, Path, Query};
use crate::i18n::Msg;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use foresight_alerts::policy::{AlertPolicy, Deadlines, PerGrade, GRADES};
use foresight_store::alerts;
use foresight_store::notifications::{self, InboxItem, Preferences, Webhook};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_inbox))
        .routes(routes!(read_inbox_item))
        .routes(routes!(read_all_inbox))
        .routes(routes!(get_preferences, put_preferences))
        .routes(routes!(get_policy, put_policy))
        .routes(routes!(list_webhooks, create_webhook))
        .routes(routes!(get_webhook, update_webhook, delete_webhook))
}

page_type!(InboxPageItems, InboxItem);

#[derive(Debug, Serialize, ToSchema)]
pub struct InboxPage {
    #[serde(flatten)]
    page: InboxPageItems,
    /// Unread items in all.
    unread: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    unread: Option<bool>,
    page: Option<i64>,
    per_page: Option<i64>,
}

fn me(auth: &Authorized<perm::Authenticated>) -> Result<Uuid, ApiError> {
    // API keys have no inbox.
    auth.caller.user_id.ok_or(ApiError::Forbidden { permission: "user" })
}

/// The caller's inbox, newest first.
#[utoipa::path(get, path = "/me/inbox", tag = "alerts", params(InboxQuery),
    responses((status = 200, body = InboxPage), CommonErrors), security(("bearer" = [])))]
async fn list_inbox(
    mut auth: Authorized<perm::Authenticated>,
    Query(q): Query<InboxQuery>,
) -> Result<axum::Json<InboxPage>, ApiError> {
    let user = me(&auth)?;
    let page = page_request(q.page, q.per_page, None, &[("created_at", "created_at")], ("created_at", true))?;
    let (found, unread) = notifications::inbox(&mut auth.tx, user, q.unread.unwrap_or(false), &page).await?;
    auth.commit().await?;
    Ok(axum::Json(InboxPage { page: InboxPageItems::new(found, &page), unread }))
}

/// Mark one item read.
#[utoipa::path(post, path = "/me/inbox/{inbox_item_id}/read", tag = "alerts", params(("inbox_item_id" = Uuid, Path)),
    responses((status = 204, description = "Read"), CommonErrors), security(("bearer" = [])))]
async fn read_inbox_item(
    mut auth: Authorized<perm::Authenticated>,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let user = me(&auth)?;
    if !notifications::mark_read(&mut auth.tx, user, id).await? {
        return Err(ApiError::NotFound);
    }
    auth.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Mark every item read.
#[utoipa::path(post, path = "/me/inbox/read-all", tag = "alerts",
    responses((status = 204, description = "Read"), CommonErrors), security(("bearer" = [])))]
async fn read_all_inbox(mut auth: Authorized<perm::Authenticated>) -> Result<StatusCode, ApiError> {
    let user = me(&auth)?;
    notifications::mark_all_read(&mut auth.tx, user).await?;
    auth.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's notification preferences (the defaults until saved).
#[utoipa::path(get, path = "/me/notification-preferences", tag = "alerts",
    responses((status = 200, body = Preferences), CommonErrors), security(("bearer" = [])))]
async fn get_preferences(mut auth: Authorized<perm::Authenticated>) -> Result<axum::Json<Preferences>, ApiError> {
    let user = me(&auth)?;
    let prefs = notifications::preferences(&mut auth.tx, user).await?;
    auth.commit().await?;
    Ok(axum::Json(prefs))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferencesInput {
    /// blue, yellow, orange or red.
    inbox_min_grade: String,
    /// blue, yellow, orange or red.
    browser_min_grade: String,
}

fn grade_issue(field: &str, value: &str, issues: &mut Vec<FieldIssue>) {
    if !GRADES.contains(&value) {
        issues.push(FieldIssue::new(field, "not_allowed", Msg::FieldNotAllowedValue).arg("allowed", GRADES.join(", ")));
    }
}

/// Which grades reach the caller's inbox and pop up in the browser (an alert waiting for the caller's own
/// review always reaches the inbox).
#[utoipa::path(put, path = "/me/notification-preferences", tag = "alerts", request_body = PreferencesInput,
    responses((status = 200, body = Preferences), CommonErrors), security(("bearer" = [])))]
async fn put_preferences(
    mut auth: Authorized<perm::Authenticated>,
    Json(input): Json<PreferencesInput>,
) -> Result<axum::Json<Preferences>, ApiError> {
    let user = me(&auth)?;
    let mut issues = Vec::new();
    grade_issue("inbox_min_grade", &input.inbox_min_grade, &mut issues);
    grade_issue("browser_min_grade", &input.browser_min_grade, &mut issues);
    if !issues.is_empty() {
        return Err(ApiError::Validation(issues));
    }
    let tenant = auth.caller.tenant_id;
    let saved =
        notifications::save_preferences(&mut auth.tx, tenant, user, &input.inbox_min_grade, &input.browser_min_grade)
            .await?;
    auth.commit().await?;
    Ok(axum::Json(saved))
}

/// The alert policy.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyBody {
    /// Zone risk at or above this grade opens an alert: blue, yellow, orange (default) or red.
    zone_grade: String,
    /// Device alarms at or above: warning, alarm (default) or critical.
    alarm_severity: String,
    /// Device events (SOS, fall, detections) at or above: warning, alarm or critical (default).
    event_severity: String,
    /// Signals of the same zone and cause within this many seconds join one alert (30 to 86,400; 600).
    correlation_window_secs: i64,
    /// A source that opened this many alerts within `flap_window_secs` is damped (2 to 100; 3).
    flap_limit: i64,
    /// 60 to 604,800 (3,600).
    flap_window_secs: i64,
    /// Seconds per review level and grade, each 60 to 2,592,000, a higher grade never longer than a lower one.
    deadlines: DeadlinesBody,
    /// 0 while the defaults apply.
    #[serde(default)]
    version: i32,
}

/// Seconds per grade.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PerGradeBody {
    red: i64,
    orange: i64,
    yellow: i64,
    blue: i64,
}

/// How long each human review level may take.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlinesBody {
    engineer_review: PerGradeBody,
    final_review: PerGradeBody,
}

impl From<PerGradeBody> for PerGrade {
    fn from(b: PerGradeBody) -> PerGrade {
        PerGrade { red: b.red, orange: b.orange, yellow: b.yellow, blue: b.blue }
    }
}

impl From<PerGrade> for PerGradeBody {
    fn from(b: PerGrade) -> PerGradeBody {
        PerGradeBody { red: b.red, orange: b.orange, yellow: b.yellow, blue: b.blue }
    }
}

impl From<(AlertPolicy, i32)> for PolicyBody {
    fn from((p, version): (AlertPolicy, i32)) -> Self {
        PolicyBody {
            zone_grade: p.zone_grade,
            alarm_severity: p.alarm_severity,
            event_severity: p.event_severity,
            correlation_window_secs: p.correlation_window_secs,
            flap_limit: p.flap_limit,
            flap_window_secs: p.flap_window_secs,
            deadlines: DeadlinesBody {
                engineer_review: p.deadlines.engineer_review.into(),
                final_review: p.deadlines.final_review.into(),
            },
            version,
        }
    }
}

/// The tenant's alert policy (ETag: its version, 0 while the defaults apply).
#[utoipa::path(get, path = "/alert-policy", tag = "alerts",
    responses((status = 200, body = PolicyBody), CommonErrors), security(("bearer" = [])))]
async fn get_policy(mut auth: Authorized<perm::AlertRead>) -> Result<impl IntoResponse, ApiError> {
    let policy = alerts::policy(&mut auth.tx).await?;
    auth.commit().await?;
    let body = PolicyBody::from(policy);
    Ok(([(header::ETAG, etag(body.version))], axum::Json(body)))
}

/// Replace the alert policy (`If-Match` with its version; `"0"` while the defaults apply).
#[utoipa::path(put, path = "/alert-policy", tag = "alerts", request_body = PolicyBody,
    params(("If-Match" = String, Header, description = "The policy's version, \"0\" while the defaults apply")),
    responses((status = 200, body = PolicyBody), CommonErrors), security(("bearer" = [])))]
async fn put_policy(
    mut auth: Authorized<perm::AlertConfigure>,
    IfMatch(version): IfMatch,
    Json(input): Json<PolicyBody>,
) -> Result<impl IntoResponse, ApiError> {
    let (before, current) = alerts::policy(&mut auth.tx).await?;
    if version != current {
        return Err(ApiError::PreconditionFailed { current });
    }
    let policy = AlertPolicy {
        zone_grade: input.zone_grade,
        alarm_severity: input.alarm_severity,
        event_severity: input.event_severity,
        correlation_window_secs: input.correlation_window_secs,
        flap_limit: input.flap_limit,
        flap_window_secs: input.flap_window_secs,
        deadlines: Deadlines {
            engineer_review: input.deadlines.engineer_review.into(),
            final_review: input.deadlines.final_review.into(),
        },
    };
    let issues: Vec<FieldIssue> = policy
        .problems()
        .into_iter()
        .map(|(field, code)| {
            let msg = match code {
                "out_of_range" => Msg::FieldOutOfRange,
                "longer_than_lower_grade" => Msg::RiskNotDescending,
                _ => Msg::FieldNotAllowedValue,
            };
            FieldIssue::new(field, code, msg)
        })
        .collect();
    if !issues.is_empty() {
        return Err(ApiError::Validation(issues));
    }
    let tenant = auth.caller.tenant_id;
    let version = alerts::save_policy(&mut auth.tx, tenant, &policy).await?;
    auth.audit(change("alert_policy.update", "alert_policy", tenant, Some(&before), Some(&policy))).await?;
    auth.commit().await?;
    let body = PolicyBody::from((policy, version));
    Ok(([(header::ETAG, etag(version))], axum::Json(body)))
}

/// The tenant's webhooks (without their secrets).
#[utoipa::path(get, path = "/webhooks", tag = "alerts",
    responses((status = 200, body = Vec<Webhook>), CommonErrors), security(("bearer" = [])))]
async fn list_webhooks(mut auth: Authorized<perm::AlertConfigure>) -> Result<axum::Json<Vec<Webhook>>, ApiError> {
    let hooks = notifications::webhooks(&mut auth.tx).await?;
    auth.commit().await?;
    Ok(axum::Json(hooks))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookInput {
    /// 1 to 100 characters.
    name: String,
    /// An absolute http(s) URL.
    url: String,
    /// Lowest alert grade sent (default orange).
    #[serde(default = "default_grade")]
    min_grade: String,
    #[serde(default = "yes")]
    enabled: bool,
}

fn default_grade() -> String {
    "orange".into()
}

fn yes() -> bool {
    true
}

/// A new webhook with its signing secret, shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedWebhook {
    #[serde(flatten)]
    webhook: Webhook,
    /// HMAC-SHA256 key for the `Foresight-Signature` header (docs/WEBHOOKS.md); not shown again.
    secret: String,
}

fn webhook_issues(input: &WebhookInput) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    let name = input.name.trim();
    if name.is_empty() {
        issues.push(FieldIssue::new("name", "blank", Msg::FieldBlank));
    } else if name.chars().count() > 100 {
        issues.push(FieldIssue::new("name", "too_long", Msg::FieldTooLong).arg("max", 100));
    }
    if foresight_delivery::webhook::validate_url(&input.url).is_err() {
        issues.push(FieldIssue::new("url", "invalid_url", Msg::RiskInvalidUrl).arg("value", &input.url));
    }
    grade_issue("min_grade", &input.min_grade, &mut issues);
    issues
}

/// Register a webhook; the answer carries its signing secret, shown this once.
#[utoipa::path(post, path = "/webhooks", tag = "alerts", request_body = WebhookInput,
    responses((status = 201, body = CreatedWebhook), CommonErrors), security(("bearer" = [])))]
async fn create_webhook(
    mut auth: Authorized<perm::AlertConfigure>,
    Json(input): Json<WebhookInput>,
) -> Result<(StatusCode, axum::Json<CreatedWebhook>), ApiError> {
    let issues = webhook_issues(&input);
    if !issues.is_empty() {
        return Err(ApiError::Validation(issues));
    }
    let secret = crate::credentials::random_token(32);
    let tenant = auth.caller.tenant_id;
    let hook = notifications::create_webhook(
        &mut auth.tx,
        tenant,
        input.name.trim(),
        input.url.trim(),
        &secret,
        &input.min_grade,
        input.enabled,
    )
    .await?;
    auth.audit(change::<Webhook>("webhook.create", "webhook", hook.webhook_id, None, Some(&hook))).await?;
    auth.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(CreatedWebhook { webhook: hook, secret })))
}

/// One webhook (ETag: its version).
#[utoipa::path(get, path = "/webhooks/{webhook_id}", tag = "alerts", params(("webhook_id" = Uuid, Path)),
    responses((status = 200, body = Webhook), CommonErrors), security(("bearer" = [])))]
async fn get_webhook(
    mut auth: Authorized<perm::AlertConfigure>,
    Path(id): Path<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let hook = notifications::webhook(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(([(header::ETAG, etag(hook.version))], axum::Json(hook)))
}

/// Change a webhook (`If-Match` with its version); the secret stays.
#[utoipa::path(put, path = "/webhooks/{webhook_id}", tag = "alerts",
    params(("webhook_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version, e.g. \"3\"")),
    request_body = WebhookInput, responses((status = 200, body = Webhook), CommonErrors), security(("bearer" = [])))]
async fn update_webhook(
    mut auth: Authorized<perm::AlertConfigure>,
    Path(id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Json(input): Json<WebhookInput>,
) -> Result<impl IntoResponse, ApiError> {
    let before = notifications::webhook(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    let issues = webhook_issues(&input);
    if !issues.is_empty() {
        return Err(ApiError::Validation(issues));
    }
    let hook = notifications::update_webhook(
        &mut auth.tx,
        id,
        version,
        input.name.trim(),
        input.url.trim(),
        &input.min_grade,
        input.enabled,
    )
    .await?
    .ok_or(ApiError::PreconditionFailed { current: before.version })?;
    auth.audit(change("webhook.update", "webhook", id, Some(&before), Some(&hook))).await?;
    auth.commit().await?;
    Ok(([(header::ETAG, etag(hook.version))], axum::Json(hook)))
}

/// Remove a webhook; notifications queued for it are not delivered.
#[utoipa::path(delete, path = "/webhooks/{webhook_id}", tag = "alerts", params(("webhook_id" = Uuid, Path)),
    responses((status = 204, description = "Removed"), CommonErrors), security(("bearer" = [])))]
async fn delete_webhook(
    mut auth: Authorized<perm::AlertConfigure>,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let before = notifications::webhook(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    notifications::delete_webhook(&mut auth.tx, id).await?;
    auth.audit(change::<Webhook>("webhook.delete", "webhook", id, Some(&before), None)).await?;
    auth.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

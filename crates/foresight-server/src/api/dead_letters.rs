//! The dead-letter store: what the ingest side refused and why, for diagnosing gateways and models.

use super::{page_request, page_type, CommonErrors};
use crate::app::AppState;
use crate::authz::{perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::Query;
use crate::i18n::Msg;
use chrono::{DateTime, Duration, Utc};
use foresight_store::dead_letters::{self, DeadLetter, DeadLetterCount, DeadLetterFilter};
use foresight_telemetry::reading::RejectReason;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_dead_letters)).routes(routes!(dead_letter_summary))
}

page_type!(DeadLetterPage, DeadLetter);

const SORTS: &[(&str, &str)] = &[("received_at", "received_at")];
/// The summary's default window.
const DEFAULT_WINDOW_HOURS: i64 = 24;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeadLetterQuery {
    /// Page number from 1.
    page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<i64>,
    /// received_at; prefix `-` for descending (the default, newest first).
    sort: Option<String>,
    gateway_id: Option<Uuid>,
    /// A reason code, e.g. out_of_range, unknown_device.
    reason: Option<String>,
    /// Received at or after this time.
    from: Option<DateTime<Utc>>,
    /// Received before this time.
    to: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// Start of the window; default 24 hours ago.
    since: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeadLetterSummary {
    /// The start of the window counted.
    pub since: DateTime<Utc>,
    /// Refusals per gateway and reason, most frequent first.
    pub items: Vec<DeadLetterCount>,
    /// All refusals in the window.
    pub total: i64,
}

fn bad_parameter(issue: FieldIssue) -> ApiError {
    ApiError::BadRequest { msg: Msg::DetailInvalidParameter, args: vec![], issues: vec![issue] }
}

/// List refused readings and messages, newest first.
#[utoipa::path(get, path = "/dead-letters", tag = "telemetry", params(DeadLetterQuery),
    responses((status = 200, body = DeadLetterPage), CommonErrors), security(("bearer" = [])))]
async fn list_dead_letters(
    mut auth: Authorized<perm::TelemetryRead>,
    Query(q): Query<DeadLetterQuery>,
) -> Result<axum::Json<DeadLetterPage>, ApiError> {
    let page = page_request(q.page, q.per_page, q.sort.as_deref(), SORTS, ("received_at", true))?;
    if let Some(reason) = &q.reason {
        if !RejectReason::ALL.iter().any(|r| r.code() == reason) {
            let allowed: Vec<&str> = RejectReason::ALL.iter().map(|r| r.code()).collect();
            return Err(bad_parameter(
                FieldIssue::new("reason", "not_allowed", Msg::FieldNotAllowedValue).arg("allowed", allowed.join(", ")),
            ));
        }
    }
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if from >= to {
            return Err(bad_parameter(FieldIssue::new("from", "out_of_range", Msg::FieldNotBefore).arg("other", "to")));
        }
    }
    let filter = DeadLetterFilter { gateway_id: q.gateway_id, reason: q.reason, from: q.from, to: q.to };
    let found = dead_letters::list(&mut auth.tx, &filter, &page).await?;
    auth.commit().await?;
    Ok(axum::Json(DeadLetterPage::new(found, &page)))
}

/// Count refusals per gateway and reason over a window (default the last 24 hours).
#[utoipa::path(get, path = "/dead-letters/summary", tag = "telemetry", params(SummaryQuery),
    responses((status = 200, body = DeadLetterSummary), CommonErrors), security(("bearer" = [])))]
async fn dead_letter_summary(
    mut auth: Authorized<perm::TelemetryRead>,
    Query(q): Query<SummaryQuery>,
) -> Result<axum::Json<DeadLetterSummary>, ApiError> {
    let since = q.since.unwrap_or_else(|| Utc::now() - Duration::hours(DEFAULT_WINDOW_HOURS));
    let items = dead_letters::summary(&mut auth.tx, since).await?;
    auth.commit().await?;
    let total = items.iter().map(|c| c.count).sum();
    Ok(axum::Json(DeadLetterSummary { since, items, total }))
}

//! Reading the audit trail and proving it intact.

use super::{page_request, page_type, CommonErrors};
use crate::app::AppState;
use crate::authz::{perm, Authorized};
use crate::error::ApiError;
use crate::extract::Query;
use chrono::{DateTime, Utc};
use foresight_store::audit::{self, AuditEvent, AuditFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_events)).routes(routes!(verify_chain))
}

page_type!(AuditEventPage, AuditEvent);

const SORTS: &[(&str, &str)] = &[("seq", "seq"), ("occurred_at", "occurred_at")];

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Page number from 1.
    page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<i64>,
    /// seq or occurred_at; prefix `-` for descending (default `-seq`).
    sort: Option<String>,
    /// An action (zone.update) or, ending in a dot, a family of actions (zone.).
    action: Option<String>,
    target_kind: Option<String>,
    target_id: Option<String>,
    actor_id: Option<Uuid>,
    /// From this time (inclusive), RFC 3339.
    from: Option<DateTime<Utc>>,
    /// Until this time (exclusive), RFC 3339.
    to: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChainBreak {
    /// The first event that fails.
    pub seq: i64,
    /// content_altered, link_broken, sequence_gap or tail_missing.
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChainVerification {
    pub intact: bool,
    /// Events checked.
    pub checked: u64,
    /// The last sequence number the chain head records.
    pub head_seq: i64,
    pub first_broken: Option<ChainBreak>,
}

/// List audit events.
#[utoipa::path(get, path = "/audit-events", tag = "audit", params(AuditQuery),
    responses((status = 200, body = AuditEventPage), CommonErrors), security(("bearer" = [])))]
async fn list_events(
    mut auth: Authorized<perm::AuditRead>,
    Query(q): Query<AuditQuery>,
) -> Result<axum::Json<AuditEventPage>, ApiError> {
    let page = page_request(q.page, q.per_page, q.sort.as_deref(), SORTS, ("seq", true))?;
    let filter = AuditFilter {
        action: q.action,
        target_kind: q.target_kind,
        target_id: q.target_id,
        actor_id: q.actor_id,
        from: q.from,
        to: q.to,
    };
    let found = audit::list(&mut auth.tx, &filter, &page).await?;
    auth.commit().await?;
    Ok(axum::Json(AuditEventPage::new(found, &page)))
}

/// Verify the tenant's whole hash chain; names the first broken link.
#[utoipa::path(get, path = "/audit-events/verify", tag = "audit",
    responses((status = 200, body = ChainVerification), CommonErrors), security(("bearer" = [])))]
async fn verify_chain(mut auth: Authorized<perm::AuditRead>) -> Result<axum::Json<ChainVerification>, ApiError> {
    let v = audit::verify(&mut auth.tx, auth.caller.tenant_id, 2000).await?;
    auth.commit().await?;
    let first_broken = match (&v.first_break, v.tail_missing) {
        (Some(b), _) => Some(ChainBreak { seq: b.seq(), reason: b.reason().to_string() }),
        (None, true) => Some(ChainBreak { seq: v.head_seq, reason: "tail_missing".into() }),
        (None, false) => None,
    };
    Ok(axum::Json(ChainVerification {
        intact: first_broken.is_none(),
        checked: v.checked,
        head_seq: v.head_seq,
        first_broken,
    }))
}

//! Work context from the plant's permit-to-work and maintenance (EAM) systems: integrations upsert open
//! special-work permits and maintenance due per zone (by their own ids), and the risk engine reads them as
//! inputs (`permits_open`, `hot_work_open`, `maintenance_overdue`, ...). Until Foresight's own permit module
//! exists this is how permits reach the risk picture.
//!
//! Writing needs `hazard:write` (the permission integrations that keep the hazard register get): work
//! context changes hazards' dynamic scores, nothing else.

use super::{page_request, page_type, CommonErrors};
use crate::app::AppState;
use crate::authz::{change, perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{Json, Path, Query};
use crate::i18n::Msg;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use foresight_store::work_items::{self, WorkItem, WorkItemFilter, WorkItemUpsert, PERMIT_TYPES};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_work_items, upsert_work_items))
        .routes(routes!(get_work_item, delete_work_item))
}

page_type!(WorkItemPage, WorkItem);

/// Most items in one request.
const MAX_ITEMS: usize = 500;
const KINDS: &[&str] = &["permit", "maintenance"];
const SORTS: &[(&str, &str)] =
    &[("updated_at", "updated_at"), ("starts_at", "starts_at"), ("due_at", "due_at"), ("external_id", "external_id")];

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkItemInput {
    /// The system it comes from, 1 to 64 characters (e.g. `EAM`, `PTW`).
    source: String,
    /// Its id in that system, 1 to 128 characters; an item with the same source and id is replaced.
    external_id: String,
    zone_id: Uuid,
    /// `permit` or `maintenance`.
    kind: String,
    /// Permits only, required: `hot_work`, `confined_space`, `blind_plate`, `work_at_height`, `lifting`,
    /// `temporary_power`, `excavation` or `road_closure` (GB 30871-2022).
    permit_type: Option<String>,
    /// At most 200 characters.
    #[serde(default)]
    title: String,
    /// Permits only, required: valid from.
    starts_at: Option<DateTime<Utc>>,
    /// Permits only, required: valid until (after `starts_at`).
    ends_at: Option<DateTime<Utc>>,
    /// Maintenance only, required: when it is due.
    due_at: Option<DateTime<Utc>>,
    /// Permit closed or revoked, maintenance done; absent while open.
    closed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkItemBatch {
    /// 1 to 500 items; all are stored or, if any is wrong, none.
    items: Vec<WorkItemInput>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkItemBatchResult {
    /// The items as stored, in request order.
    items: Vec<WorkItem>,
    created: usize,
    updated: usize,
    /// Sent again exactly as stored: not written (no audit event either).
    unchanged: usize,
}

fn text_issues(field: String, value: &str, max: usize, issues: &mut Vec<FieldIssue>) {
    if value.trim().is_empty() {
        issues.push(FieldIssue::new(field, "blank", Msg::FieldBlank));
    } else if value.chars().count() > max {
        issues.push(FieldIssue::new(field, "too_long", Msg::FieldTooLong).arg("max", max));
    }
}

/// Every problem of one item (its fields prefixed `items[i].`).
fn item_issues(i: usize, item: &WorkItemInput, issues: &mut Vec<FieldIssue>) {
    let field = |name: &str| format!("items[{i}].{name}");
    text_issues(field("source"), &item.source, 64, issues);
    text_issues(field("external_id"), &item.external_id, 128, issues);
    if item.title.chars().count() > 200 {
        issues.push(FieldIssue::new(field("title"), "too_long", Msg::FieldTooLong).arg("max", 200));
    }
    let required = |name: &str, present: bool, issues: &mut Vec<FieldIssue>| {
        if !present {
            issues.push(FieldIssue::new(field(name), "required", Msg::FieldRequired));
        }
    };
    let not_for_kind = |name: &str, present: bool, issues: &mut Vec<FieldIssue>| {
        if present {
            issues.push(FieldIssue::new(field(name), "not_for_kind", Msg::WorkNotForKind).arg("kind", &item.kind));
        }
    };
    match item.kind.as_str() {
        "permit" => {
            match &item.permit_type {
                None => required("permit_type", false, issues),
                Some(t) if !PERMIT_TYPES.contains(&t.as_str()) => issues.push(
                    FieldIssue::new(field("permit_type"), "not_allowed", Msg::FieldNotAllowedValue)
                        .arg("allowed", PERMIT_TYPES.join(", ")),
                ),
                Some(_) => {}
            }
            required("starts_at", item.starts_at.is_some(), issues);
            required("ends_at", item.ends_at.is_some(), issues);
            if let (Some(s), Some(e)) = (item.starts_at, item.ends_at) {
                if s >= e {
                    issues.push(
                        FieldIssue::new(field("starts_at"), "not_before", Msg::FieldNotBefore).arg("other", "ends_at"),
                    );
                }
            }
            not_for_kind("due_at", item.due_at.is_some(), issues);
        }
        "maintenance" => {
            required("due_at", item.due_at.is_some(), issues);
            not_for_kind("permit_type", item.permit_type.is_some(), issues);
            not_for_kind("starts_at", item.starts_at.is_some(), issues);
            not_for_kind("ends_at", item.ends_at.is_some(), issues);
        }
        _ => issues.push(
            FieldIssue::new(field("kind"), "not_allowed", Msg::FieldNotAllowedValue).arg("allowed", KINDS.join(", ")),
        ),
    }
}

/// Create or replace permits and maintenance items by (source, external_id), all or nothing.
#[utoipa::path(put, path = "/work-items", tag = "risk", request_body = WorkItemBatch,
    responses((status = 200, body = WorkItemBatchResult), CommonErrors), security(("bearer" = [])))]
async fn upsert_work_items(
    mut auth: Authorized<perm::HazardWrite>,
    Json(body): Json<WorkItemBatch>,
) -> Result<axum::Json<WorkItemBatchResult>, ApiError> {
    let mut issues = Vec::new();
    if body.items.is_empty() || body.items.len() > MAX_ITEMS {
        issues.push(FieldIssue::new("items", "out_of_range", Msg::FieldOutOfRange).arg("min", 1).arg("max", MAX_ITEMS));
    }
    let mut seen = HashSet::new();
    for (i, item) in body.items.iter().enumerate() {
        item_issues(i, item, &mut issues);
        if !seen.insert((item.source.as_str(), item.external_id.as_str())) {
            issues.push(
                FieldIssue::new(format!("items[{i}].external_id"), "duplicate", Msg::RiskDuplicate)
                    .arg("value", &item.external_id),
            );
        }
    }
    // Zones must exist and be visible to the caller (RLS hides the rest).
    let zone_ids: Vec<Uuid> = body.items.iter().map(|i| i.zone_id).collect();
    let known: HashSet<Uuid> = sqlx::query_scalar::<_, Uuid>("SELECT zone_id FROM zone WHERE zone_id = ANY($1)")
        .bind(&zone_ids)
        .fetch_all(&mut *auth.tx)
        .await?
        .into_iter()
        .collect();
    for (i, item) in body.items.iter().enumerate() {
        if !known.contains(&item.zone_id) {
            issues.push(FieldIssue::new(format!("items[{i}].zone_id"), "not_found", Msg::FieldReferenceMissing));
        }
    }
    if !issues.is_empty() {
        return Err(ApiError::Validation(issues));
    }
    let mut result =
        WorkItemBatchResult { items: Vec::with_capacity(body.items.len()), created: 0, updated: 0, unchanged: 0 };
    for item in body.items {
        let upsert = WorkItemUpsert {
            zone_id: item.zone_id,
            kind: item.kind,
            source: item.source.trim().to_owned(),
            external_id: item.external_id.trim().to_owned(),
            permit_type: item.permit_type,
            title: item.title.trim().to_owned(),
            starts_at: item.starts_at,
            ends_at: item.ends_at,
            due_at: item.due_at,
            closed_at: item.closed_at,
        };
        let before = work_items::find(&mut auth.tx, &upsert.source, &upsert.external_id).await?;
        if let Some(b) = &before {
            // Integrations resend their whole state on every sync; an unchanged item is not a change.
            if same_content(b, &upsert) {
                result.unchanged += 1;
                result.items.push(b.clone());
                continue;
            }
        }
        let stored = work_items::upsert(&mut auth.tx, auth.caller.tenant_id, &upsert).await?;
        let action = if before.is_some() { "work_item.update" } else { "work_item.create" };
        auth.audit(change(action, "work_item", stored.work_item_id, before.as_ref(), Some(&stored))).await?;
        if before.is_some() {
            result.updated += 1;
        } else {
            result.created += 1;
        }
        result.items.push(stored);
    }
    auth.commit().await?;
    Ok(axum::Json(result))
}

fn same_content(stored: &WorkItem, new: &WorkItemUpsert) -> bool {
    stored.zone_id == new.zone_id
        && stored.kind == new.kind
        && stored.permit_type == new.permit_type
        && stored.title == new.title
        && stored.starts_at == new.starts_at
        && stored.ends_at == new.ends_at
        && stored.due_at == new.due_at
        && stored.closed_at == new.closed_at
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WorkItemQuery {
    /// Page number from 1.
    page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<i64>,
    /// updated_at, starts_at, due_at or external_id; prefix `-` for descending (default -updated_at).
    sort: Option<String>,
    site_id: Option<Uuid>,
    zone_id: Option<Uuid>,
    /// permit or maintenance.
    kind: Option<String>,
    source: Option<String>,
    /// Only items open at this time: permits started and not closed (expired ones too), maintenance due and not
    /// done.
    open_at: Option<DateTime<Utc>>,
}

/// Permits and maintenance items, filtered.
#[utoipa::path(get, path = "/work-items", tag = "risk", params(WorkItemQuery),
    responses((status = 200, body = WorkItemPage), CommonErrors), security(("bearer" = [])))]
async fn list_work_items(
    mut auth: Authorized<perm::HazardRead>,
    Query(q): Query<WorkItemQuery>,
) -> Result<axum::Json<WorkItemPage>, ApiError> {
    let page = page_request(q.page, q.per_page, q.sort.as_deref(), SORTS, ("updated_at", true))?;
    if let Some(kind) = &q.kind {
        if !KINDS.contains(&kind.as_str()) {
            let issue =
                FieldIssue::new("kind", "not_allowed", Msg::FieldNotAllowedValue).arg("allowed", KINDS.join(", "));
            return Err(ApiError::BadRequest { msg: Msg::DetailInvalidParameter, args: vec![], issues: vec![issue] });
        }
    }
    let filter =
        WorkItemFilter { zone_id: q.zone_id, site_id: q.site_id, kind: q.kind, source: q.source, open_at: q.open_at };
    let found = work_items::list(&mut auth.tx, &filter, &page).await?;
    auth.commit().await?;
    Ok(axum::Json(WorkItemPage::new(found, &page)))
}

/// One item.
#[utoipa::path(get, path = "/work-items/{work_item_id}", tag = "risk", params(("work_item_id" = Uuid, Path)),
    responses((status = 200, body = WorkItem), CommonErrors), security(("bearer" = [])))]
async fn get_work_item(
    mut auth: Authorized<perm::HazardRead>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<WorkItem>, ApiError> {
    let item = work_items::get(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(axum::Json(item))
}

/// Remove an item sent by mistake (a permit that ended is closed with `closed_at` instead, so history keeps it).
#[utoipa::path(delete, path = "/work-items/{work_item_id}", tag = "risk", params(("work_item_id" = Uuid, Path)),
    responses((status = 204, description = "Removed"), CommonErrors), security(("bearer" = [])))]
async fn delete_work_item(
    mut auth: Authorized<perm::HazardWrite>,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let before = work_items::get(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    work_items::delete(&mut auth.tx, id).await?;
    auth.audit(change::<WorkItem>("work_item.delete", "work_item", id, Some(&before), None)).await?;
    auth.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

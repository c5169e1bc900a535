//! Zones: validated polygons on a site plan. Zone-scoped callers see only their zones (enforced by
//! row-level security, not here).

use super::sites::versioned;
use super::{page_request, page_type, unique_violation, Checks, CommonErrors, VersionErrors};
use crate::app::AppState;
use crate::authz::{change, perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{etag, IfMatch, Json, Path, Query};
use crate::i18n::Msg;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use foresight_core::geometry::{validate_polygon, Point, PolygonError, MAX_VERTICES};
use foresight_store::sites;
use foresight_store::zones::{self, NewZone, Zone, ZoneFilter, ZonePatch};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_zones, create_zone)).routes(routes!(get_zone, update_zone, delete_zone))
}

page_type!(ZonePage, Zone);

/// What a zone is; drives default hazards and icons later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ZoneKind {
    Workshop,
    TankFarm,
    ReactorUnit,
    FillingLine,
    Warehouse,
    Substation,
    LoadingBay,
    Utility,
    Laboratory,
    Office,
    Road,
    Other,
}

impl ZoneKind {
    fn as_str(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }
}

const SORTS: &[(&str, &str)] = &[
    ("name", "zone.name"),
    ("code", "zone.code"),
    ("kind", "zone.kind"),
    ("created_at", "zone.created_at"),
    ("updated_at", "zone.updated_at"),
];
const ZONE_UNIQUE: &[(&str, &str)] = &[("zone_code_unique", "code")];

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ZoneQuery {
    /// Page number from 1.
    page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<i64>,
    /// name, code, kind, created_at, updated_at; prefix `-` for descending.
    sort: Option<String>,
    site_id: Option<Uuid>,
    kind: Option<ZoneKind>,
    /// Case-insensitive search in name and code.
    q: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateZone {
    site_id: Uuid,
    /// Short code, unique in the site.
    code: String,
    name: String,
    kind: ZoneKind,
    #[serde(default)]
    description: String,
    /// Vertices [x, y] in site-plan pixels; 3 to 500, simple (no crossing edges), inside the plan.
    #[schema(value_type = Vec<Vec<f64>>)]
    polygon: Vec<Point>,
}

/// Absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateZone {
    code: Option<String>,
    name: Option<String>,
    kind: Option<ZoneKind>,
    description: Option<String>,
    #[schema(value_type = Option<Vec<Vec<f64>>>)]
    polygon: Option<Vec<Point>>,
}

fn polygon_issue(e: PolygonError) -> FieldIssue {
    let issue = FieldIssue::new("polygon", e.code(), Msg::FieldPolygonZeroArea);
    match e {
        PolygonError::TooFewVertices { count } => {
            FieldIssue { msg: Msg::FieldPolygonTooFew, ..issue }.arg("count", count)
        }
        PolygonError::TooManyVertices { count } => {
            FieldIssue { msg: Msg::FieldPolygonTooMany, ..issue }.arg("count", count).arg("max", MAX_VERTICES)
        }
        PolygonError::NotFinite { index } => {
            FieldIssue { msg: Msg::FieldPolygonNotFinite, ..issue }.arg("index", index + 1)
        }
        PolygonError::OutsidePlan { index, width, height } => FieldIssue { msg: Msg::FieldPolygonOutside, ..issue }
            .arg("index", index + 1)
            .arg("width", width)
            .arg("height", height),
        PolygonError::RepeatedVertex { index } => {
            FieldIssue { msg: Msg::FieldPolygonRepeated, ..issue }.arg("index", index + 1)
        }
        PolygonError::SelfIntersecting { first, second } => {
            FieldIssue { msg: Msg::FieldPolygonCrossing, ..issue }.arg("first", first + 1).arg("second", second + 1)
        }
        PolygonError::ZeroArea => issue,
    }
}

fn respond(status: StatusCode, zone: Zone) -> Response {
    (status, [(header::ETAG, etag(zone.version))], axum::Json(zone)).into_response()
}

/// The plan's pixel size bounds the polygon once a plan exists.
async fn plan_bounds(
    auth: &mut Authorized<perm::ZoneWrite>,
    site_id: Uuid,
) -> Result<Option<Option<(f64, f64)>>, ApiError> {
    let site = sites::get(&mut auth.tx, site_id).await?;
    Ok(site.map(|s| match (s.plan_width, s.plan_height) {
        (Some(w), Some(h)) => Some((w as f64, h as f64)),
        _ => None,
    }))
}

/// List zones visible to the caller.
#[utoipa::path(get, path = "/zones", tag = "zones", params(ZoneQuery),
    responses((status = 200, body = ZonePage), CommonErrors), security(("bearer" = [])))]
async fn list_zones(
    mut auth: Authorized<perm::ZoneRead>,
    Query(q): Query<ZoneQuery>,
) -> Result<axum::Json<ZonePage>, ApiError> {
    let page = page_request(q.page, q.per_page, q.sort.as_deref(), SORTS, ("zone.name", false))?;
    let filter = ZoneFilter { site_id: q.site_id, kind: q.kind.map(ZoneKind::as_str), q: q.q };
    let found = zones::list(&mut auth.tx, &filter, &page).await?;
    auth.commit().await?;
    Ok(axum::Json(ZonePage::new(found, &page)))
}

/// Create a zone on a site plan.
#[utoipa::path(post, path = "/zones", tag = "zones", request_body = CreateZone,
    responses((status = 201, body = Zone), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn create_zone(
    mut auth: Authorized<perm::ZoneWrite>,
    Json(body): Json<CreateZone>,
) -> Result<Response, ApiError> {
    let mut checks = Checks::default();
    checks.code("code", &body.code).text("name", &body.name, 1, 100).text("description", &body.description, 0, 2000);
    let bounds = plan_bounds(&mut auth, body.site_id).await?;
    if bounds.is_none() {
        checks.push(FieldIssue::new("site_id", "not_found", Msg::FieldReferenceMissing));
    }
    let polygon = match validate_polygon(&body.polygon, bounds.flatten()) {
        Ok(p) => p,
        Err(e) => {
            checks.push(polygon_issue(e));
            Vec::new()
        }
    };
    checks.finish()?;
    let new = NewZone {
        site_id: body.site_id,
        code: body.code,
        name: body.name.trim().to_string(),
        kind: body.kind.as_str(),
        description: body.description,
        polygon,
    };
    let zone =
        zones::create(&mut auth.tx, auth.caller.tenant_id, &new).await.map_err(|e| unique_violation(e, ZONE_UNIQUE))?;
    auth.audit(change("zone.create", "zone", zone.zone_id, None, Some(&zone))).await?;
    auth.commit().await?;
    Ok(respond(StatusCode::CREATED, zone))
}

/// Get a zone.
#[utoipa::path(get, path = "/zones/{zone_id}", tag = "zones", params(("zone_id" = Uuid, Path)),
    responses((status = 200, body = Zone, headers(("ETag" = String))), CommonErrors), security(("bearer" = [])))]
async fn get_zone(mut auth: Authorized<perm::ZoneRead>, Path(zone_id): Path<Uuid>) -> Result<Response, ApiError> {
    let zone = zones::get(&mut auth.tx, zone_id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(respond(StatusCode::OK, zone))
}

/// Update a zone (partial). Requires `If-Match` with the current version.
#[utoipa::path(patch, path = "/zones/{zone_id}", tag = "zones", request_body = UpdateZone,
    params(("zone_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version, e.g. \"3\"")),
    responses((status = 200, body = Zone), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn update_zone(
    mut auth: Authorized<perm::ZoneWrite>,
    Path(zone_id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Json(body): Json<UpdateZone>,
) -> Result<Response, ApiError> {
    let before = zones::get(&mut auth.tx, zone_id).await?.ok_or(ApiError::NotFound)?;
    let mut checks = Checks::default();
    if let Some(code) = &body.code {
        checks.code("code", code);
    }
    checks.opt_text("name", body.name.as_ref(), 1, 100).opt_text("description", body.description.as_ref(), 0, 2000);
    let polygon = match &body.polygon {
        None => None,
        Some(points) => {
            let bounds = plan_bounds(&mut auth, before.site_id).await?.flatten();
            match validate_polygon(points, bounds) {
                Ok(p) => Some(p),
                Err(e) => {
                    checks.push(polygon_issue(e));
                    None
                }
            }
        }
    };
    checks.finish()?;
    let patch = ZonePatch {
        code: body.code,
        name: body.name.map(|n| n.trim().to_string()),
        kind: body.kind.map(ZoneKind::as_str),
        description: body.description,
        polygon,
    };
    let zone = versioned(
        zones::update(&mut auth.tx, zone_id, version, &patch).await.map_err(|e| unique_violation(e, ZONE_UNIQUE))?,
    )?;
    auth.audit(change("zone.update", "zone", zone_id, Some(&before), Some(&zone))).await?;
    auth.commit().await?;
    Ok(respond(StatusCode::OK, zone))
}

/// Delete a zone. Refused with 409 while devices are placed in it.
#[utoipa::path(delete, path = "/zones/{zone_id}", tag = "zones",
    params(("zone_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version")),
    responses((status = 204), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn delete_zone(
    mut auth: Authorized<perm::ZoneWrite>,
    Path(zone_id): Path<Uuid>,
    IfMatch(version): IfMatch,
) -> Result<StatusCode, ApiError> {
    // Devices placed in the zone keep it from being deleted.
    let outcome = zones::delete(&mut auth.tx, zone_id, version).await.map_err(|e| {
        if super::still_referenced(&e) {
            ApiError::Conflict { msg: Msg::DetailStillReferenced, args: vec![], issues: vec![] }
        } else {
            e.into()
        }
    })?;
    let zone = versioned(outcome)?;
    auth.audit(change("zone.delete", "zone", zone_id, Some(&zone), None)).await?;
    auth.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

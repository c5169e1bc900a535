//! Sites and their site-plan images.

use super::{page_request, page_type, unique_violation, Checks, CommonErrors, VersionErrors};
use crate::app::{AppState, PLAN_BODY_LIMIT};
use crate::authz::{change, perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{etag, IfMatch, Json, Path, Query};
use crate::i18n::Msg;
use crate::plan_image::{sniff, PlanImage};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use foresight_store::sites::{self, NewSite, Site, SiteFilter, SitePatch};
use foresight_store::Versioned;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_sites, create_site))
        .routes(routes!(get_site, update_site, delete_site))
        .routes(routes!(get_plan, put_plan).layer(DefaultBodyLimit::max(PLAN_BODY_LIMIT)))
}

page_type!(SitePage, Site);

const SORTS: &[(&str, &str)] =
    &[("name", "name"), ("code", "code"), ("created_at", "created_at"), ("updated_at", "updated_at")];
const SITE_UNIQUE: &[(&str, &str)] = &[("site_code_unique", "code")];

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SiteQuery {
    /// Page number from 1.
    page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<i64>,
    /// name, code, created_at, updated_at; prefix `-` for descending.
    sort: Option<String>,
    /// Case-insensitive search in name and code.
    q: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSite {
    /// Short code, unique in the tenant: letters, digits, - and _.
    code: String,
    name: String,
    #[serde(default)]
    address: String,
    /// IANA time zone; default Asia/Shanghai.
    timezone: Option<String>,
}

/// Absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateSite {
    code: Option<String>,
    name: Option<String>,
    address: Option<String>,
    timezone: Option<String>,
    /// Metres per site-plan pixel, greater than 0 and at most 1000.
    plan_scale_m_per_px: Option<f64>,
}

fn check_timezone(checks: &mut Checks, tz: &str) {
    checks.text("timezone", tz, 1, 64);
    let plausible =
        tz.split('/').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || "_+-".contains(c)));
    if !plausible {
        checks.push(
            FieldIssue::new("timezone", "invalid_format", Msg::FieldInvalidFormat).arg("expected", "Asia/Shanghai"),
        );
    }
}

fn with_etag<T: serde::Serialize>(status: StatusCode, version: i32, body: T) -> Response {
    (status, [(header::ETAG, etag(version))], axum::Json(body)).into_response()
}

pub(crate) fn versioned<T>(outcome: Versioned<T>) -> Result<T, ApiError> {
    match outcome {
        Versioned::Updated(v) => Ok(v),
        Versioned::Stale(current) => Err(ApiError::PreconditionFailed { current }),
        Versioned::NotFound => Err(ApiError::NotFound),
    }
}

/// List sites.
#[utoipa::path(get, path = "/sites", tag = "sites", params(SiteQuery),
    responses((status = 200, body = SitePage), CommonErrors), security(("bearer" = [])))]
async fn list_sites(
    mut auth: Authorized<perm::SiteRead>,
    Query(q): Query<SiteQuery>,
) -> Result<axum::Json<SitePage>, ApiError> {
    let page = page_request(q.page, q.per_page, q.sort.as_deref(), SORTS, ("name", false))?;
    let found = sites::list(&mut auth.tx, &SiteFilter { q: q.q }, &page).await?;
    auth.commit().await?;
    Ok(axum::Json(SitePage::new(found, &page)))
}

/// Create a site.
#[utoipa::path(post, path = "/sites", tag = "sites", request_body = CreateSite,
    responses((status = 201, body = Site), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn create_site(
    mut auth: Authorized<perm::SiteWrite>,
    Json(body): Json<CreateSite>,
) -> Result<Response, ApiError> {
    let timezone = body.timezone.unwrap_or_else(|| "Asia/Shanghai".into());
    let mut checks = Checks::default();
    checks.code("code", &body.code).text("name", &body.name, 1, 100).text("address", &body.address, 0, 200);
    check_timezone(&mut checks, &timezone);
    checks.finish()?;
    let new = NewSite { code: body.code, name: body.name.trim().to_string(), address: body.address, timezone };
    let site =
        sites::create(&mut auth.tx, auth.caller.tenant_id, &new).await.map_err(|e| unique_violation(e, SITE_UNIQUE))?;
    auth.audit(change("site.create", "site", site.site_id, None, Some(&site))).await?;
    auth.commit().await?;
    Ok(with_etag(StatusCode::CREATED, site.version, site))
}

/// Get a site.
#[utoipa::path(get, path = "/sites/{site_id}", tag = "sites", params(("site_id" = Uuid, Path)),
    responses((status = 200, body = Site, headers(("ETag" = String))), CommonErrors), security(("bearer" = [])))]
async fn get_site(mut auth: Authorized<perm::SiteRead>, Path(site_id): Path<Uuid>) -> Result<Response, ApiError> {
    let site = sites::get(&mut auth.tx, site_id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(with_etag(StatusCode::OK, site.version, site))
}

/// Update a site (partial). Requires `If-Match` with the current version.
#[utoipa::path(patch, path = "/sites/{site_id}", tag = "sites", request_body = UpdateSite,
    params(("site_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version, e.g. \"3\"")),
    responses((status = 200, body = Site), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn update_site(
    mut auth: Authorized<perm::SiteWrite>,
    Path(site_id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Json(body): Json<UpdateSite>,
) -> Result<Response, ApiError> {
    let mut checks = Checks::default();
    if let Some(code) = &body.code {
        checks.code("code", code);
    }
    checks.opt_text("name", body.name.as_ref(), 1, 100).opt_text("address", body.address.as_ref(), 0, 200);
    if let Some(tz) = &body.timezone {
        check_timezone(&mut checks, tz);
    }
    if let Some(scale) = body.plan_scale_m_per_px {
        checks.range("plan_scale_m_per_px", scale, 1e-6, 1000.0);
    }
    checks.finish()?;
    let before = sites::get(&mut auth.tx, site_id).await?.ok_or(ApiError::NotFound)?;
    let patch = SitePatch {
        code: body.code,
        name: body.name.map(|n| n.trim().to_string()),
        address: body.address,
        timezone: body.timezone,
        plan_scale_m_per_px: body.plan_scale_m_per_px,
    };
    let site = versioned(
        sites::update(&mut auth.tx, site_id, version, &patch).await.map_err(|e| unique_violation(e, SITE_UNIQUE))?,
    )?;
    auth.audit(change("site.update", "site", site_id, Some(&before), Some(&site))).await?;
    auth.commit().await?;
    Ok(with_etag(StatusCode::OK, site.version, site))
}

/// Delete a site. Refused with 409 while it still has zones, gateways or devices.
#[utoipa::path(delete, path = "/sites/{site_id}", tag = "sites",
    params(("site_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version")),
    responses((status = 204), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn delete_site(
    mut auth: Authorized<perm::SiteWrite>,
    Path(site_id): Path<Uuid>,
    IfMatch(version): IfMatch,
) -> Result<StatusCode, ApiError> {
    let outcome = sites::delete(&mut auth.tx, site_id, version).await.map_err(|e| {
        if foresight_store::violated_constraint(&e) == Some("zone_site_fk") || super::still_referenced(&e) {
            ApiError::Conflict { msg: Msg::DetailStillReferenced, args: vec![], issues: vec![] }
        } else {
            e.into()
        }
    })?;
    let site = versioned(outcome)?;
    auth.audit(change("site.delete", "site", site_id, Some(&site), None)).await?;
    auth.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Download the site plan image.
#[utoipa::path(get, path = "/sites/{site_id}/plan", tag = "sites", params(("site_id" = Uuid, Path)),
    responses((status = 200, description = "The image", content_type = "image/*"), CommonErrors), security(("bearer" = [])))]
async fn get_plan(
    mut auth: Authorized<perm::SiteRead>,
    Path(site_id): Path<Uuid>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let plan = sites::get_plan(&mut auth.tx, site_id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    let tag = format!("\"{}\"", plan.sha256);
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(tag.as_str()) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response());
    }
    Ok((
        [
            (header::CONTENT_TYPE, plan.content_type),
            (header::ETAG, tag),
            (header::CACHE_CONTROL, "private, max-age=0, must-revalidate".to_string()),
            // An SVG plan must never run script, even when opened directly.
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'; sandbox".to_string()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        plan.image,
    )
        .into_response())
}

/// Upload or replace the site plan (PNG, JPEG, WebP or SVG, at most 10 MiB); sets the plan size.
#[utoipa::path(put, path = "/sites/{site_id}/plan", tag = "sites", params(("site_id" = Uuid, Path)),
    request_body(content = Vec<u8>, content_type = "image/png", description = "PNG, JPEG, WebP or SVG bytes"),
    responses((status = 200, body = Site), (status = 413, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json"), CommonErrors),
    security(("bearer" = [])))]
async fn put_plan(
    mut auth: Authorized<perm::SiteWrite>,
    Path(site_id): Path<Uuid>,
    body: Result<bytes::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|r| match crate::extract::body_rejection(r) {
        ApiError::PayloadTooLarge { .. } => ApiError::PayloadTooLarge { limit: PLAN_BODY_LIMIT },
        other => other,
    })?;
    let before = sites::get(&mut auth.tx, site_id).await?.ok_or(ApiError::NotFound)?;
    let PlanImage { content_type, width, height } = sniff(&body).map_err(|e| match e {
        None => ApiError::UnsupportedMediaType(Msg::DetailExpectedImage),
        Some(issue) => ApiError::field(issue),
    })?;
    let site = sites::put_plan(&mut auth.tx, auth.caller.tenant_id, site_id, content_type, &body, (width, height))
        .await?
        .ok_or(ApiError::NotFound)?;
    auth.audit(change("site.plan_upload", "site", site_id, Some(&before), Some(&site))).await?;
    auth.commit().await?;
    Ok(with_etag(StatusCode::OK, site.version, site))
}

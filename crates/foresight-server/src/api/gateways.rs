//! Gateways: plant boxes that publish readings. Like API keys, a gateway's secret token is shown once,
//! at creation or rotation; only its hash is stored.

use super::sites::versioned;
use super::{page_request, page_type, unique_violation, Checks, CommonErrors, VersionErrors};
use crate::app::AppState;
use crate::authz::{change, perm, Authorized};
use crate::credentials::{OpaqueToken, GATEWAY_PREFIX};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{etag, IfMatch, Json, Path, Query};
use crate::i18n::Msg;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use foresight_store::gateways::{self, Gateway, GatewayFilter, GatewayPatch, NewGateway};
use foresight_store::{sites, violated_constraint};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_gateways, create_gateway))
        .routes(routes!(get_gateway, update_gateway, delete_gateway))
        .routes(routes!(rotate_secret))
}

page_type!(GatewayPage, Gateway);

const SORTS: &[(&str, &str)] =
    &[("code", "code"), ("name", "name"), ("created_at", "created_at"), ("last_seen_at", "last_seen_at")];
const GATEWAY_UNIQUE: &[(&str, &str)] = &[("gateway_code_unique", "code")];

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct GatewayQuery {
    /// Page number from 1.
    page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<i64>,
    /// code, name, created_at, last_seen_at; prefix `-` for descending.
    sort: Option<String>,
    site_id: Option<Uuid>,
    /// Case-insensitive search in name and code.
    q: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateGateway {
    site_id: Uuid,
    /// Short code, unique in the tenant: letters, digits, - and _.
    code: String,
    name: String,
}

/// Absent fields stay as they are. A gateway stays on its site; register a new one to move it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateGateway {
    code: Option<String>,
    name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GatewayWithToken {
    pub gateway: Gateway,
    /// The secret token (`fgw_...`). Shown only now; configure it on the gateway.
    pub token: String,
}

fn respond(status: StatusCode, gateway: Gateway) -> Response {
    (status, [(header::ETAG, etag(gateway.version))], axum::Json(gateway)).into_response()
}

/// List gateways.
#[utoipa::path(get, path = "/gateways", tag = "gateways", params(GatewayQuery),
    responses((status = 200, body = GatewayPage), CommonErrors), security(("bearer" = [])))]
async fn list_gateways(
    mut auth: Authorized<perm::DeviceRead>,
    Query(q): Query<GatewayQuery>,
) -> Result<axum::Json<GatewayPage>, ApiError> {
    let page = page_request(q.page, q.per_page, q.sort.as_deref(), SORTS, ("code", false))?;
    let found = gateways::list(&mut auth.tx, &GatewayFilter { site_id: q.site_id, q: q.q }, &page).await?;
    auth.commit().await?;
    Ok(axum::Json(GatewayPage::new(found, &page)))
}

/// Register a gateway. Its secret token is in this response only.
#[utoipa::path(post, path = "/gateways", tag = "gateways", request_body = CreateGateway,
    responses((status = 201, body = GatewayWithToken), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn create_gateway(
    mut auth: Authorized<perm::DeviceWrite>,
    Json(body): Json<CreateGateway>,
) -> Result<Response, ApiError> {
    let mut checks = Checks::default();
    checks.code("code", &body.code).text("name", &body.name, 1, 100);
    if sites::get(&mut auth.tx, body.site_id).await?.is_none() {
        checks.push(FieldIssue::new("site_id", "not_found", Msg::FieldReferenceMissing));
    }
    checks.finish()?;
    let gateway_id = Uuid::now_v7();
    let token = OpaqueToken::generate(auth.caller.tenant_id, gateway_id);
    let new = NewGateway {
        gateway_id,
        site_id: body.site_id,
        code: body.code,
        name: body.name.trim().to_string(),
        secret_hash: token.secret_hash(),
    };
    let gateway = gateways::create(&mut auth.tx, auth.caller.tenant_id, &new)
        .await
        .map_err(|e| unique_violation(e, GATEWAY_UNIQUE))?;
    auth.audit(change("gateway.create", "gateway", gateway_id, None, Some(&gateway))).await?;
    auth.commit().await?;
    let version = gateway.version;
    let body = GatewayWithToken { gateway, token: token.render(GATEWAY_PREFIX) };
    Ok((StatusCode::CREATED, [(header::ETAG, etag(version))], axum::Json(body)).into_response())
}

/// Get a gateway.
#[utoipa::path(get, path = "/gateways/{gateway_id}", tag = "gateways", params(("gateway_id" = Uuid, Path)),
    responses((status = 200, body = Gateway, headers(("ETag" = String))), CommonErrors), security(("bearer" = [])))]
async fn get_gateway(
    mut auth: Authorized<perm::DeviceRead>,
    Path(gateway_id): Path<Uuid>,
) -> Result<Response, ApiError> {
    let gateway = gateways::get(&mut auth.tx, gateway_id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(respond(StatusCode::OK, gateway))
}

/// Update a gateway (partial). Requires `If-Match` with the current version.
#[utoipa::path(patch, path = "/gateways/{gateway_id}", tag = "gateways", request_body = UpdateGateway,
    params(("gateway_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version, e.g. \"3\"")),
    responses((status = 200, body = Gateway), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn update_gateway(
    mut auth: Authorized<perm::DeviceWrite>,
    Path(gateway_id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Json(body): Json<UpdateGateway>,
) -> Result<Response, ApiError> {
    let mut checks = Checks::default();
    if let Some(code) = &body.code {
        checks.code("code", code);
    }
    checks.opt_text("name", body.name.as_ref(), 1, 100);
    checks.finish()?;
    let before = gateways::get(&mut auth.tx, gateway_id).await?.ok_or(ApiError::NotFound)?;
    let patch = GatewayPatch { code: body.code, name: body.name.map(|n| n.trim().to_string()) };
    let gateway = versioned(
        gateways::update(&mut auth.tx, gateway_id, version, &patch)
            .await
            .map_err(|e| unique_violation(e, GATEWAY_UNIQUE))?,
    )?;
    auth.audit(change("gateway.update", "gateway", gateway_id, Some(&before), Some(&gateway))).await?;
    auth.commit().await?;
    Ok(respond(StatusCode::OK, gateway))
}

/// Replace a gateway's secret. The new token is in this response only; the old one stops working at once.
#[utoipa::path(post, path = "/gateways/{gateway_id}/rotate-secret", tag = "gateways", params(("gateway_id" = Uuid, Path)),
    responses((status = 200, body = GatewayWithToken), CommonErrors), security(("bearer" = [])))]
async fn rotate_secret(
    mut auth: Authorized<perm::DeviceWrite>,
    Path(gateway_id): Path<Uuid>,
) -> Result<Response, ApiError> {
    let before = gateways::get(&mut auth.tx, gateway_id).await?.ok_or(ApiError::NotFound)?;
    let token = OpaqueToken::generate(auth.caller.tenant_id, gateway_id);
    let gateway =
        gateways::rotate_secret(&mut auth.tx, gateway_id, &token.secret_hash()).await?.ok_or(ApiError::NotFound)?;
    auth.audit(change("gateway.rotate_secret", "gateway", gateway_id, Some(&before), Some(&gateway))).await?;
    auth.commit().await?;
    let version = gateway.version;
    let body = GatewayWithToken { gateway, token: token.render(GATEWAY_PREFIX) };
    Ok((StatusCode::OK, [(header::ETAG, etag(version))], axum::Json(body)).into_response())
}

/// Delete a gateway. Refused with 409 while devices are attached to it.
#[utoipa::path(delete, path = "/gateways/{gateway_id}", tag = "gateways",
    params(("gateway_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version")),
    responses((status = 204), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn delete_gateway(
    mut auth: Authorized<perm::DeviceWrite>,
    Path(gateway_id): Path<Uuid>,
    IfMatch(version): IfMatch,
) -> Result<StatusCode, ApiError> {
    let outcome = gateways::delete(&mut auth.tx, gateway_id, version).await.map_err(|e| {
        if violated_constraint(&e) == Some("device_gateway_fk") {
            ApiError::Conflict { msg: Msg::DetailStillReferenced, args: vec![], issues: vec![] }
        } else {
            e.into()
        }
    })?;
    let gateway = versioned(outcome)?;
    auth.audit(change("gateway.delete", "gateway", gateway_id, Some(&gateway), None)).await?;
    auth.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

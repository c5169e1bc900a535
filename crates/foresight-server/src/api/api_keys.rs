//! API keys for MES/EAM integrations.

use super::{page_request, page_type, Checks, CommonErrors};
use crate::app::AppState;
use crate::authz::{change, perm, Authorized};
use crate::credentials::{OpaqueToken, API_KEY_PREFIX};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{Json, Path, Query};
use crate::i18n::Msg;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use foresight_core::rbac::Permission;
use foresight_store::api_keys::{self, ApiKey, ApiKeyFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_keys, create_key))
        .routes(routes!(grantable_scopes))
        .routes(routes!(revoke_key))
}

page_type!(ApiKeyPage, ApiKey);

const SORTS: &[(&str, &str)] = &[("name", "name"), ("created_at", "created_at"), ("last_used_at", "last_used_at")];

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ApiKeyQuery {
    /// Page number from 1.
    page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<i64>,
    /// name, created_at, last_used_at; prefix `-` for descending.
    sort: Option<String>,
    /// Also list revoked keys.
    include_revoked: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiKey {
    name: String,
    /// Permissions the key carries, e.g. ["zone:read"]; only integration-grade permissions that the
    /// creator holds.
    scopes: Vec<String>,
    /// Optional expiry, in the future.
    expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiKey {
    pub api_key: ApiKey,
    /// The secret token. Shown only now; store it in the integration's configuration.
    pub token: String,
}

/// List API keys.
#[utoipa::path(get, path = "/api-keys", tag = "api-keys", params(ApiKeyQuery),
    responses((status = 200, body = ApiKeyPage), CommonErrors), security(("bearer" = [])))]
async fn list_keys(
    mut auth: Authorized<perm::ApiKeyManage>,
    Query(q): Query<ApiKeyQuery>,
) -> Result<axum::Json<ApiKeyPage>, ApiError> {
    let page = page_request(q.page, q.per_page, q.sort.as_deref(), SORTS, ("created_at", true))?;
    let found =
        api_keys::list(&mut auth.tx, &ApiKeyFilter { include_revoked: q.include_revoked.unwrap_or(false) }, &page)
            .await?;
    auth.commit().await?;
    Ok(axum::Json(ApiKeyPage::new(found, &page)))
}

/// Create an API key. The token is in this response only.
#[utoipa::path(post, path = "/api-keys", tag = "api-keys", request_body = CreateApiKey,
    responses((status = 201, body = CreatedApiKey), CommonErrors), security(("bearer" = [])))]
async fn create_key(
    mut auth: Authorized<perm::ApiKeyManage>,
    Json(body): Json<CreateApiKey>,
) -> Result<(StatusCode, axum::Json<CreatedApiKey>), ApiError> {
    let mut checks = Checks::default();
    checks.text("name", &body.name, 1, 100);
    if body.scopes.is_empty() {
        checks.push(FieldIssue::new("scopes", "required", Msg::FieldRequired));
    }
    let mut scopes: Vec<String> = Vec::new();
    for (i, s) in body.scopes.iter().enumerate() {
        match Permission::parse(s) {
            Some(p) if p.grantable_to_api_key() && auth.caller.authority.allows(p) => {
                if !scopes.contains(s) {
                    scopes.push(s.clone());
                }
            }
            _ => {
                checks.push(
                    FieldIssue::new(format!("scopes[{i}]"), "not_grantable", Msg::FieldNotGrantable).arg("value", s),
                );
            }
        }
    }
    if let Some(at) = body.expires_at {
        if at <= Utc::now() {
            checks.push(
                FieldIssue::new("expires_at", "out_of_range", Msg::FieldOutOfRange).arg("min", "now").arg("max", "-"),
            );
        }
    }
    checks.finish()?;
    let id = Uuid::now_v7();
    let token = OpaqueToken::generate(auth.caller.tenant_id, id);
    let text = token.render(API_KEY_PREFIX);
    let prefix: String = text.chars().take(12).collect();
    let key = api_keys::create(
        &mut auth.tx,
        auth.caller.tenant_id,
        id,
        body.name.trim(),
        &prefix,
        &token.secret_hash(),
        &scopes,
        auth.caller.user_id,
        body.expires_at,
    )
    .await?;
    auth.audit(change("api_key.create", "api_key", id, None, Some(&key))).await?;
    auth.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(CreatedApiKey { api_key: key, token: text })))
}

/// The scopes the caller may give a new key: integration-grade permissions the caller holds.
#[utoipa::path(get, path = "/api-keys/scopes", tag = "api-keys",
    responses((status = 200, body = Vec<String>), CommonErrors), security(("bearer" = [])))]
async fn grantable_scopes(auth: Authorized<perm::ApiKeyManage>) -> Result<axum::Json<Vec<String>>, ApiError> {
    let scopes = Permission::ALL
        .into_iter()
        .filter(|p| p.grantable_to_api_key() && auth.caller.authority.allows(*p))
        .map(|p| p.as_str().to_string())
        .collect();
    auth.commit().await?;
    Ok(axum::Json(scopes))
}

/// Revoke an API key; it stops working with the next request.
#[utoipa::path(delete, path = "/api-keys/{api_key_id}", tag = "api-keys", params(("api_key_id" = Uuid, Path)),
    responses((status = 204), CommonErrors), security(("bearer" = [])))]
async fn revoke_key(
    mut auth: Authorized<perm::ApiKeyManage>,
    Path(api_key_id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let key = api_keys::revoke(&mut auth.tx, api_key_id).await?.ok_or(ApiError::NotFound)?;
    auth.audit(change("api_key.revoke", "api_key", api_key_id, None, Some(&key))).await?;
    auth.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

//! The caller: who they are, what they may do; changing one's own password.

use super::{Checks, CommonErrors};
use crate::app::AppState;
use crate::authz::{perm, Authorized};
use crate::credentials::{hash_password, verify_password};
use crate::error::{ApiError, FieldIssue};
use crate::extract::Json;
use crate::i18n::Msg;
use axum::http::StatusCode;
use foresight_core::rbac::ZoneScope;
use foresight_store::audit::Change;
use foresight_store::tenants::{self, Tenant};
use foresight_store::tokens;
use foresight_store::users::{self, RoleAssignment, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_me)).routes(routes!(change_password))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    /// Absent when the caller is an API key.
    pub user: Option<User>,
    pub tenant: Tenant,
    pub roles: Vec<RoleAssignment>,
    /// Effective permissions, e.g. "zone:write".
    pub permissions: Vec<String>,
    /// Zones the caller is limited to; absent when the caller sees all zones.
    pub zone_scope: Option<Vec<Uuid>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    current_password: String,
    new_password: String,
}

/// The signed-in caller.
#[utoipa::path(get, path = "/me", tag = "me", responses((status = 200, body = Me), CommonErrors), security(("bearer" = [])))]
async fn get_me(mut auth: Authorized<perm::Authenticated>) -> Result<axum::Json<Me>, ApiError> {
    let tenant = tenants::get(&mut auth.tx, auth.caller.tenant_id).await?.ok_or(ApiError::NotFound)?;
    let (user, roles) = match auth.caller.user_id {
        Some(id) => (users::get(&mut auth.tx, id).await?, users::assignments(&mut auth.tx, id).await?),
        None => (None, Vec::new()),
    };
    let authority = auth.caller.authority.clone();
    auth.commit().await?;
    Ok(axum::Json(Me {
        user,
        tenant,
        roles,
        permissions: authority.permissions().map(|p| p.as_str().to_string()).collect(),
        zone_scope: match authority.zone_scope() {
            ZoneScope::All => None,
            ZoneScope::Only(z) => Some(z.iter().copied().collect()),
        },
    }))
}

/// Change one's own password. Signs out every other session.
#[utoipa::path(put, path = "/me/password", tag = "me", request_body = ChangePassword,
    responses((status = 204), CommonErrors), security(("bearer" = [])))]
async fn change_password(
    mut auth: Authorized<perm::Authenticated>,
    Json(body): Json<ChangePassword>,
) -> Result<StatusCode, ApiError> {
    let user_id = auth.caller.user_id.ok_or(ApiError::Forbidden { permission: "user" })?;
    let user = users::get(&mut auth.tx, user_id).await?.ok_or(ApiError::NotFound)?;
    let mut checks = Checks::default();
    check_password(&mut checks, "new_password", &body.new_password, &user.username);
    checks.finish()?;
    let creds = users::credentials_by_id(&mut auth.tx, user_id).await?.ok_or(ApiError::NotFound)?;
    let current = body.current_password.clone();
    let ok = tokio::task::spawn_blocking(move || verify_password(&current, &creds.password_hash))
        .await
        .map_err(ApiError::internal)?;
    if !ok {
        return Err(ApiError::field(FieldIssue::new("current_password", "wrong_password", Msg::DetailWrongPassword)));
    }
    let new = body.new_password.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&new))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    users::set_password_hash(&mut auth.tx, user_id, &hash).await?;
    tokens::revoke_user(&mut auth.tx, user_id).await?;
    auth.audit(Change {
        action: "user.password_change",
        target_kind: "user",
        target_id: Some(user_id.to_string()),
        before: None,
        after: None,
    })
    .await?;
    auth.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Password policy: 10 to 128 characters (argon2 cost grows with length), not the username.
pub fn check_password(checks: &mut Checks, field: &str, password: &str, username: &str) {
    let len = password.chars().count();
    if !(10..=128).contains(&len) || password.eq_ignore_ascii_case(username) {
        checks.push(FieldIssue::new(field, "weak_password", Msg::FieldWeakPassword));
    }
}

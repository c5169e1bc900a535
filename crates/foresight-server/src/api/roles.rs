//! The role catalogue, so clients can show what each role may do.

use super::CommonErrors;
use crate::app::AppState;
use crate::authz::{perm, Authorized};
use crate::error::ApiError;
use foresight_core::rbac::Role;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_roles))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoleInfo {
    pub role: String,
    pub permissions: Vec<String>,
    /// Whether the role may be limited to zones.
    pub zone_scopable: bool,
    /// Whether the role must be limited to zones.
    pub zone_required: bool,
    /// Whether a tenant administrator may grant it (platform roles are granted by operators).
    pub grantable: bool,
}

/// The roles and their permissions.
#[utoipa::path(get, path = "/roles", tag = "users", responses((status = 200, body = Vec<RoleInfo>), CommonErrors), security(("bearer" = [])))]
async fn list_roles(auth: Authorized<perm::Authenticated>) -> Result<axum::Json<Vec<RoleInfo>>, ApiError> {
    auth.commit().await?;
    Ok(axum::Json(
        Role::ALL
            .iter()
            .map(|r| RoleInfo {
                role: r.as_str().to_string(),
                permissions: r.permissions().iter().map(|p| p.as_str().to_string()).collect(),
                zone_scopable: r.may_be_zone_scoped(),
                zone_required: r.requires_zone_scope(),
                grantable: *r != Role::PlatformAdmin,
            })
            .collect(),
    ))
}

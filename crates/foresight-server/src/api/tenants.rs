//! The caller's tenant, and tenant provisioning by platform administrators.

use super::me::check_password;
use super::{Checks, CommonErrors, VersionErrors};
use crate::app::AppState;
use crate::authz::{perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::Json;
use crate::i18n::Msg;
use crate::provision::{create_tenant as provision_tenant, NewTenant};
use axum::http::StatusCode;
use foresight_store::audit::Change;
use foresight_store::tenants::{self, Tenant};
use foresight_store::{pool, Scope};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(own_tenant)).routes(routes!(list_tenants, create_tenant))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FirstAdmin {
    username: String,
    display_name: String,
    password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTenant {
    /// Sign-in code: lowercase letters, digits and -, 2 to 63 characters.
    slug: String,
    name: String,
    /// zh-CN (default) or en.
    locale: Option<String>,
    admin: FirstAdmin,
}

/// The caller's tenant.
#[utoipa::path(get, path = "/tenant", tag = "tenants", responses((status = 200, body = Tenant), CommonErrors), security(("bearer" = [])))]
async fn own_tenant(mut auth: Authorized<perm::TenantRead>) -> Result<axum::Json<Tenant>, ApiError> {
    let tenant = tenants::get(&mut auth.tx, auth.caller.tenant_id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(axum::Json(tenant))
}

/// All tenants (platform administrators).
#[utoipa::path(get, path = "/tenants", tag = "tenants", responses((status = 200, body = Vec<Tenant>), CommonErrors), security(("bearer" = [])))]
async fn list_tenants(mut auth: Authorized<perm::PlatformAdmin>) -> Result<axum::Json<Vec<Tenant>>, ApiError> {
    let all = tenants::list(&mut auth.tx).await?;
    auth.commit().await?;
    Ok(axum::Json(all))
}

/// Create a tenant with its first administrator (platform administrators).
#[utoipa::path(post, path = "/tenants", tag = "tenants", request_body = CreateTenant,
    responses((status = 201, body = Tenant), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn create_tenant(
    mut auth: Authorized<perm::PlatformAdmin>,
    Json(body): Json<CreateTenant>,
) -> Result<(StatusCode, axum::Json<Tenant>), ApiError> {
    let locale = body.locale.unwrap_or_else(|| "zh-CN".into());
    let mut checks = Checks::default();
    checks.text("slug", &body.slug, 2, 63).text("name", &body.name, 1, 100).one_of("locale", &locale, &["zh-CN", "en"]);
    let slug_ok = body.slug.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && body.slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !slug_ok {
        checks.push(FieldIssue::new("slug", "invalid_format", Msg::FieldInvalidFormat).arg("expected", "a-z 0-9 -"));
    }
    checks.text("admin.username", &body.admin.username, 3, 64).text(
        "admin.display_name",
        &body.admin.display_name,
        1,
        64,
    );
    check_password(&mut checks, "admin.password", &body.admin.password, &body.admin.username);
    checks.finish()?;
    let new = NewTenant {
        slug: body.slug.clone(),
        name: body.name.trim().to_string(),
        locale,
        admin_username: body.admin.username,
        admin_display_name: body.admin.display_name,
        admin_password: body.admin.password,
    };
    let actor = auth.caller.actor.clone();
    let request_id = auth.caller.request_id.clone();
    let created = provision_tenant(&mut auth.tx, &new, &actor, request_id.as_deref()).await;
    let (tenant, _) = match created {
        Ok(t) => t,
        Err(e) => {
            let duplicate = e.downcast_ref::<sqlx::Error>().and_then(foresight_store::violated_constraint)
                == Some("tenant_slug_key");
            return Err(if duplicate {
                ApiError::conflict_on("slug", "duplicate", Msg::FieldDuplicate)
            } else {
                ApiError::internal(e)
            });
        }
    };
    pool::set_tenant(&mut auth.tx, auth.caller.tenant_id, &Scope::AllZones).await?;
    auth.audit(Change {
        action: "platform.tenant_create",
        target_kind: "tenant",
        target_id: Some(tenant.tenant_id.to_string()),
        before: None,
        after: serde_json::to_value(&tenant).ok(),
    })
    .await?;
    auth.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(tenant)))
}

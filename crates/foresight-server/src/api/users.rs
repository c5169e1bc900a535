//! People and their role assignments.

use super::me::check_password;
use super::sites::versioned;
use super::{page_request, page_type, Checks, CommonErrors, VersionErrors};
use crate::app::AppState;
use crate::authz::{change, perm, Authorized};
use crate::credentials::hash_password;
use crate::error::{ApiError, FieldIssue};
use crate::extract::{etag, IfMatch, Json, Path, Query};
use crate::i18n::Msg;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use foresight_core::rbac::Role;
use foresight_store::users::{self, NewUser, RoleAssignment, User, UserFilter, UserPatch};
use foresight_store::{tokens, zones};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user))
        .routes(routes!(list_roles_of_user, assign_role))
        .routes(routes!(remove_role))
}

page_type!(UserPage, User);

const SORTS: &[(&str, &str)] = &[
    ("username", "username"),
    ("display_name", "display_name"),
    ("created_at", "created_at"),
    ("last_login_at", "last_login_at"),
];
const LOCALES: &[&str] = &["zh-CN", "en"];
const STATUSES: &[&str] = &["active", "disabled"];

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    /// Page number from 1.
    page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<i64>,
    /// username, display_name, created_at, last_login_at; prefix `-` for descending.
    sort: Option<String>,
    /// Case-insensitive search in username and display name.
    q: Option<String>,
    /// active or disabled.
    status: Option<String>,
    /// Only people holding this role.
    role: Option<String>,
}

/// A role to grant: tenant-wide without `zone_id`, else limited to that zone.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    role: String,
    zone_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    /// Sign-in name, unique in the tenant (case-insensitive).
    username: String,
    display_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    /// zh-CN (default) or en.
    locale: Option<String>,
    /// Initial password: 10 to 128 characters, not the username.
    password: String,
    #[serde(default)]
    roles: Vec<Grant>,
}

/// Absent fields stay as they are. Disabling a person signs them out everywhere.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    display_name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    locale: Option<String>,
    /// active or disabled.
    status: Option<String>,
    /// Reset the password (signs the person out everywhere).
    password: Option<String>,
}

fn check_contact(checks: &mut Checks, email: Option<&String>, phone: Option<&String>) {
    if let Some(email) = email {
        checks.text("email", email, 0, 254);
        if !email.is_empty() && !email.contains('@') {
            checks.push(
                FieldIssue::new("email", "invalid_format", Msg::FieldInvalidFormat).arg("expected", "name@example.com"),
            );
        }
    }
    if let Some(phone) = phone {
        checks.text("phone", phone, 0, 32);
        if !phone.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) {
            checks.push(
                FieldIssue::new("phone", "invalid_format", Msg::FieldInvalidFormat)
                    .arg("expected", "+86 138 0000 0000"),
            );
        }
    }
}

/// Checks one grant; returns the parsed role when it may be given.
async fn check_grant<P>(
    auth: &mut Authorized<P>,
    checks: &mut Checks,
    field: &str,
    grant: &Grant,
) -> Result<Option<Role>, ApiError> {
    let Some(role) = Role::parse(&grant.role) else {
        let names: Vec<&str> = Role::ALL.iter().filter(|r| **r != Role::PlatformAdmin).map(|r| r.as_str()).collect();
        checks.push(
            FieldIssue::new(format!("{field}.role"), "not_allowed", Msg::FieldNotAllowedValue)
                .arg("allowed", names.join(", ")),
        );
        return Ok(None);
    };
    if role == Role::PlatformAdmin {
        checks.push(
            FieldIssue::new(format!("{field}.role"), "not_grantable", Msg::FieldNotGrantable)
                .arg("value", role.as_str()),
        );
        return Ok(None);
    }
    match grant.zone_id {
        None if role.requires_zone_scope() => {
            checks.push(FieldIssue::new(format!("{field}.zone_id"), "zone_required", Msg::FieldZoneRequired));
            return Ok(None);
        }
        Some(_) if !role.may_be_zone_scoped() => {
            checks.push(FieldIssue::new(format!("{field}.zone_id"), "zone_not_allowed", Msg::FieldZoneNotAllowed));
            return Ok(None);
        }
        Some(zone_id) if zones::get(&mut auth.tx, zone_id).await?.is_none() => {
            checks.push(FieldIssue::new(format!("{field}.zone_id"), "not_found", Msg::FieldReferenceMissing));
            return Ok(None);
        }
        _ => {}
    }
    Ok(Some(role))
}

fn duplicate_grant(e: sqlx::Error) -> ApiError {
    super::unique_violation(e, &[("role_assignment_unique", "role")])
}

fn respond(status: StatusCode, user: User) -> Response {
    (status, [(header::ETAG, etag(user.version))], axum::Json(user)).into_response()
}

/// List people.
#[utoipa::path(get, path = "/users", tag = "users", params(UserQuery),
    responses((status = 200, body = UserPage), CommonErrors), security(("bearer" = [])))]
async fn list_users(
    mut auth: Authorized<perm::UserRead>,
    Query(q): Query<UserQuery>,
) -> Result<axum::Json<UserPage>, ApiError> {
    let page = page_request(q.page, q.per_page, q.sort.as_deref(), SORTS, ("username", false))?;
    let mut checks = Checks::default();
    if let Some(status) = &q.status {
        checks.one_of("status", status, STATUSES);
    }
    checks.finish().map_err(|e| match e {
        ApiError::Validation(issues) => ApiError::BadRequest { msg: Msg::DetailInvalidParameter, args: vec![], issues },
        other => other,
    })?;
    let filter = UserFilter { q: q.q, status: q.status, role: q.role };
    let found = users::list(&mut auth.tx, &filter, &page).await?;
    auth.commit().await?;
    Ok(axum::Json(UserPage::new(found, &page)))
}

/// Create a person, optionally with roles.
#[utoipa::path(post, path = "/users", tag = "users", request_body = CreateUser,
    responses((status = 201, body = User), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn create_user(
    mut auth: Authorized<perm::UserWrite>,
    Json(body): Json<CreateUser>,
) -> Result<Response, ApiError> {
    let locale = body.locale.clone().unwrap_or_else(|| "zh-CN".into());
    let mut checks = Checks::default();
    checks
        .text("username", &body.username, 3, 64)
        .text("display_name", &body.display_name, 1, 64)
        .one_of("locale", &locale, LOCALES);
    if !body.username.chars().all(|c| c.is_ascii_alphanumeric() || "._-@".contains(c)) {
        checks.push(
            FieldIssue::new("username", "invalid_format", Msg::FieldInvalidFormat)
                .arg("expected", "A-Z a-z 0-9 . _ - @"),
        );
    }
    check_contact(&mut checks, Some(&body.email), Some(&body.phone));
    check_password(&mut checks, "password", &body.password, &body.username);
    let mut roles = Vec::new();
    for (i, grant) in body.roles.iter().enumerate() {
        if let Some(role) = check_grant(&mut auth, &mut checks, &format!("roles[{i}]"), grant).await? {
            roles.push((role, grant.zone_id));
        }
    }
    checks.finish()?;
    let password = body.password.clone();
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let new = NewUser {
        username: body.username,
        display_name: body.display_name.trim().to_string(),
        email: body.email,
        phone: body.phone,
        locale,
        password_hash,
    };
    let user = users::create(&mut auth.tx, auth.caller.tenant_id, &new)
        .await
        .map_err(|e| super::unique_violation(e, &[("app_user_username_unique", "username")]))?;
    for (role, zone_id) in roles {
        users::assign(&mut auth.tx, auth.caller.tenant_id, user.user_id, role.as_str(), zone_id)
            .await
            .map_err(duplicate_grant)?;
    }
    let mut after = serde_json::to_value(&user).map_err(ApiError::internal)?;
    after["roles"] =
        serde_json::to_value(users::assignments(&mut auth.tx, user.user_id).await?).map_err(ApiError::internal)?;
    auth.audit(foresight_store::audit::Change {
        action: "user.create",
        target_kind: "user",
        target_id: Some(user.user_id.to_string()),
        before: None,
        after: Some(after),
    })
    .await?;
    auth.commit().await?;
    Ok(respond(StatusCode::CREATED, user))
}

/// Get a person.
#[utoipa::path(get, path = "/users/{user_id}", tag = "users", params(("user_id" = Uuid, Path)),
    responses((status = 200, body = User, headers(("ETag" = String))), CommonErrors), security(("bearer" = [])))]
async fn get_user(mut auth: Authorized<perm::UserRead>, Path(user_id): Path<Uuid>) -> Result<Response, ApiError> {
    let user = users::get(&mut auth.tx, user_id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(respond(StatusCode::OK, user))
}

/// Update a person (partial). Requires `If-Match`.
#[utoipa::path(patch, path = "/users/{user_id}", tag = "users", request_body = UpdateUser,
    params(("user_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version, e.g. \"3\"")),
    responses((status = 200, body = User), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn update_user(
    mut auth: Authorized<perm::UserWrite>,
    Path(user_id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Json(body): Json<UpdateUser>,
) -> Result<Response, ApiError> {
    let before = users::get(&mut auth.tx, user_id).await?.ok_or(ApiError::NotFound)?;
    let mut checks = Checks::default();
    checks.opt_text("display_name", body.display_name.as_ref(), 1, 64);
    check_contact(&mut checks, body.email.as_ref(), body.phone.as_ref());
    if let Some(locale) = &body.locale {
        checks.one_of("locale", locale, LOCALES);
    }
    if let Some(status) = &body.status {
        checks.one_of("status", status, STATUSES);
    }
    if let Some(password) = &body.password {
        check_password(&mut checks, "password", password, &before.username);
    }
    checks.finish()?;
    let disabling = body.status.as_deref() == Some("disabled") && before.status == "active";
    if disabling && is_last_admin(&mut auth, user_id).await? {
        return Err(ApiError::Conflict { msg: Msg::DetailLastAdmin, args: vec![], issues: vec![] });
    }
    let password_hash = match body.password.clone() {
        Some(p) => Some(
            tokio::task::spawn_blocking(move || hash_password(&p))
                .await
                .map_err(ApiError::internal)?
                .map_err(ApiError::internal)?,
        ),
        None => None,
    };
    let patch = UserPatch {
        display_name: body.display_name.map(|n| n.trim().to_string()),
        email: body.email,
        phone: body.phone,
        locale: body.locale,
        status: body.status,
        password_hash: password_hash.clone(),
    };
    let user = versioned(users::update(&mut auth.tx, user_id, version, &patch).await?)?;
    if disabling || password_hash.is_some() {
        tokens::revoke_user(&mut auth.tx, user_id).await?;
    }
    auth.audit(change("user.update", "user", user_id, Some(&before), Some(&user))).await?;
    auth.commit().await?;
    Ok(respond(StatusCode::OK, user))
}

async fn is_last_admin<P>(auth: &mut Authorized<P>, user_id: Uuid) -> Result<bool, ApiError> {
    let is_admin = users::assignments(&mut auth.tx, user_id)
        .await?
        .iter()
        .any(|a| a.role == Role::TenantAdmin.as_str() && a.zone_id.is_none());
    Ok(is_admin && users::count_active_with_role(&mut auth.tx, Role::TenantAdmin.as_str()).await? <= 1)
}

/// A person's role assignments.
#[utoipa::path(get, path = "/users/{user_id}/roles", tag = "users", params(("user_id" = Uuid, Path)),
    responses((status = 200, body = Vec<RoleAssignment>), CommonErrors), security(("bearer" = [])))]
async fn list_roles_of_user(
    mut auth: Authorized<perm::UserRead>,
    Path(user_id): Path<Uuid>,
) -> Result<axum::Json<Vec<RoleAssignment>>, ApiError> {
    users::get(&mut auth.tx, user_id).await?.ok_or(ApiError::NotFound)?;
    let assignments = users::assignments(&mut auth.tx, user_id).await?;
    auth.commit().await?;
    Ok(axum::Json(assignments))
}

/// Grant a role, tenant-wide or in one zone.
#[utoipa::path(post, path = "/users/{user_id}/roles", tag = "users", params(("user_id" = Uuid, Path)), request_body = Grant,
    responses((status = 201, body = RoleAssignment), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn assign_role(
    mut auth: Authorized<perm::UserWrite>,
    Path(user_id): Path<Uuid>,
    Json(grant): Json<Grant>,
) -> Result<(StatusCode, axum::Json<RoleAssignment>), ApiError> {
    users::get(&mut auth.tx, user_id).await?.ok_or(ApiError::NotFound)?;
    let mut checks = Checks::default();
    let role = check_grant(&mut auth, &mut checks, "body", &grant).await?;
    checks.finish()?;
    let Some(role) = role else { return Err(ApiError::NotFound) };
    let assignment = users::assign(&mut auth.tx, auth.caller.tenant_id, user_id, role.as_str(), grant.zone_id)
        .await
        .map_err(duplicate_grant)?;
    auth.audit(change("user.role_grant", "user", user_id, None, Some(&assignment))).await?;
    auth.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(assignment)))
}

/// Remove a role assignment. The tenant's last administrator keeps theirs.
#[utoipa::path(delete, path = "/users/{user_id}/roles/{role_assignment_id}", tag = "users",
    params(("user_id" = Uuid, Path), ("role_assignment_id" = Uuid, Path)),
    responses((status = 204), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn remove_role(
    mut auth: Authorized<perm::UserWrite>,
    Path((user_id, assignment_id)): Path<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    let removed = users::unassign(&mut auth.tx, user_id, assignment_id).await?.ok_or(ApiError::NotFound)?;
    if removed.role == Role::TenantAdmin.as_str()
        && removed.zone_id.is_none()
        && users::count_active_with_role(&mut auth.tx, Role::TenantAdmin.as_str()).await? == 0
    {
        return Err(ApiError::Conflict { msg: Msg::DetailLastAdmin, args: vec![], issues: vec![] });
    }
    auth.audit(change("user.role_revoke", "user", user_id, Some(&removed), None)).await?;
    auth.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

//! People who sign in, and the roles they hold.

use crate::list::{like_pattern, Page, PageRequest};
use crate::{resolve_versioned, Versioned};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

/// A person. The password hash is never part of this type.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct User {
    pub user_id: Uuid,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub phone: String,
    /// Preferred UI language: zh-CN or en.
    pub locale: String,
    /// active or disabled.
    pub status: String,
    pub last_login_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str =
    "user_id, username, display_name, email, phone, locale, status, last_login_at, version, created_at, updated_at";

/// A role held by a person, tenant-wide or in one zone.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct RoleAssignment {
    pub role_assignment_id: Uuid,
    pub user_id: Uuid,
    pub role: String,
    /// The zone the role is limited to; absent for a tenant-wide role.
    pub zone_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub phone: String,
    pub locale: String,
    pub password_hash: String,
}

#[derive(Debug, Clone, Default)]
pub struct UserPatch {
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub locale: Option<String>,
    pub status: Option<String>,
    pub password_hash: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub q: Option<String>,
    pub status: Option<String>,
    pub role: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    user: User,
    total: i64,
}

pub async fn list(conn: &mut PgConnection, filter: &UserFilter, page: &PageRequest) -> Result<Page<User>, sqlx::Error> {
    let mut qb = QueryBuilder::new(format!("SELECT {COLUMNS}, count(*) OVER () AS total FROM app_user u WHERE true"));
    if let Some(q) = &filter.q {
        let like = like_pattern(q);
        qb.push(" AND (username ILIKE ")
            .push_bind(like.clone())
            .push(" OR display_name ILIKE ")
            .push_bind(like)
            .push(")");
    }
    if let Some(status) = &filter.status {
        qb.push(" AND status = ").push_bind(status.clone());
    }
    if let Some(role) = &filter.role {
        qb.push(" AND EXISTS (SELECT 1 FROM role_assignment r WHERE r.user_id = u.user_id AND r.role = ")
            .push_bind(role.clone())
            .push(")");
    }
    qb.push(page.order_by("user_id"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<Counted> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.user).collect(), total })
}

pub async fn get(conn: &mut PgConnection, user_id: Uuid) -> Result<Option<User>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM app_user WHERE user_id = $1"))
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

pub async fn create(conn: &mut PgConnection, tenant_id: Uuid, new: &NewUser) -> Result<User, sqlx::Error> {
    sqlx::query_as(&format!(
        "INSERT INTO app_user (tenant_id, user_id, username, display_name, email, phone, locale, password_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {COLUMNS}"
    ))
    .bind(tenant_id)
    .bind(Uuid::now_v7())
    .bind(&new.username)
    .bind(&new.display_name)
    .bind(&new.email)
    .bind(&new.phone)
    .bind(&new.locale)
    .bind(&new.password_hash)
    .fetch_one(conn)
    .await
}

pub async fn update(
    conn: &mut PgConnection,
    user_id: Uuid,
    expected_version: i32,
    patch: &UserPatch,
) -> Result<Versioned<User>, sqlx::Error> {
    let updated: Option<User> = sqlx::query_as(&format!(
        "UPDATE app_user SET display_name = coalesce($3, display_name), email = coalesce($4, email), \
         phone = coalesce($5, phone), locale = coalesce($6, locale), status = coalesce($7, status), \
         password_hash = coalesce($8, password_hash), version = version + 1, updated_at = now() \
         WHERE user_id = $1 AND version = $2 RETURNING {COLUMNS}"
    ))
    .bind(user_id)
    .bind(expected_version)
    .bind(&patch.display_name)
    .bind(&patch.email)
    .bind(&patch.phone)
    .bind(&patch.locale)
    .bind(&patch.status)
    .bind(&patch.password_hash)
    .fetch_optional(&mut *conn)
    .await?;
    resolve_versioned(updated, conn, "SELECT version FROM app_user WHERE user_id = $1", user_id).await
}

/// What sign-in needs to know about an account.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Credentials {
    pub user_id: Uuid,
    pub display_name: String,
    pub password_hash: String,
    pub status: String,
}

pub async fn credentials_by_username(
    conn: &mut PgConnection,
    username: &str,
) -> Result<Option<Credentials>, sqlx::Error> {
    sqlx::query_as(
        "SELECT user_id, display_name, password_hash, status FROM app_user WHERE lower(username) = lower($1)",
    )
    .bind(username)
    .fetch_optional(conn)
    .await
}

pub async fn credentials_by_id(conn: &mut PgConnection, user_id: Uuid) -> Result<Option<Credentials>, sqlx::Error> {
    sqlx::query_as("SELECT user_id, display_name, password_hash, status FROM app_user WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

pub async fn set_password_hash(conn: &mut PgConnection, user_id: Uuid, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE app_user SET password_hash = $2, version = version + 1, updated_at = now() WHERE user_id = $1")
        .bind(user_id)
        .bind(hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn record_login(conn: &mut PgConnection, user_id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE app_user SET last_login_at = now() WHERE user_id = $1").bind(user_id).execute(conn).await?;
    Ok(())
}

/// An active user's display name and grants, in one round trip, for per-request authorisation.
/// None when the user does not exist or is disabled.
pub async fn active_grants(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<Option<(String, Vec<(String, Option<Uuid>)>)>, sqlx::Error> {
    let rows: Vec<(String, Option<String>, Option<Uuid>)> = sqlx::query_as(
        "SELECT u.display_name, r.role, r.zone_id FROM app_user u \
         LEFT JOIN role_assignment r ON r.tenant_id = u.tenant_id AND r.user_id = u.user_id \
         WHERE u.user_id = $1 AND u.status = 'active'",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?;
    let Some(first) = rows.first() else { return Ok(None) };
    let name = first.0.clone();
    let grants = rows.into_iter().filter_map(|(_, role, zone)| role.map(|r| (r, zone))).collect();
    Ok(Some((name, grants)))
}

pub async fn assignments(conn: &mut PgConnection, user_id: Uuid) -> Result<Vec<RoleAssignment>, sqlx::Error> {
    sqlx::query_as(
        "SELECT role_assignment_id, user_id, role, zone_id, created_at FROM role_assignment WHERE user_id = $1 ORDER BY created_at, role_assignment_id",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

pub async fn assign(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    role: &str,
    zone_id: Option<Uuid>,
) -> Result<RoleAssignment, sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO role_assignment (tenant_id, role_assignment_id, user_id, role, zone_id) VALUES ($1, $2, $3, $4, $5) \
         RETURNING role_assignment_id, user_id, role, zone_id, created_at",
    )
    .bind(tenant_id)
    .bind(Uuid::now_v7())
    .bind(user_id)
    .bind(role)
    .bind(zone_id)
    .fetch_one(conn)
    .await
}

pub async fn unassign(
    conn: &mut PgConnection,
    user_id: Uuid,
    assignment_id: Uuid,
) -> Result<Option<RoleAssignment>, sqlx::Error> {
    sqlx::query_as(
        "DELETE FROM role_assignment WHERE user_id = $1 AND role_assignment_id = $2 \
         RETURNING role_assignment_id, user_id, role, zone_id, created_at",
    )
    .bind(user_id)
    .bind(assignment_id)
    .fetch_optional(conn)
    .await
}

/// Active people holding a role tenant-wide; used to refuse removing the last administrator.
pub async fn count_active_with_role(conn: &mut PgConnection, role: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT count(DISTINCT r.user_id) FROM role_assignment r JOIN app_user u USING (tenant_id, user_id) \
         WHERE r.role = $1 AND r.zone_id IS NULL AND u.status = 'active'",
    )
    .bind(role)
    .fetch_one(conn)
    .await
}

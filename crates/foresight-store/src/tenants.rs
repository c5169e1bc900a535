//! Tenants: one enterprise each.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Tenant {
    pub tenant_id: Uuid,
    /// The code people type at sign-in.
    pub slug: String,
    pub name: String,
    pub locale: String,
    pub status: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Resolves a sign-in code to a tenant before any tenant is set (SECURITY DEFINER lookup).
pub async fn id_by_slug(conn: &mut PgConnection, slug: &str) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("SELECT tenant_id_by_slug($1)").bind(slug).fetch_one(conn).await
}

/// Inserts a tenant; the caller's transaction must already be set to `tenant_id`.
pub async fn create(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    slug: &str,
    name: &str,
    locale: &str,
) -> Result<Tenant, sqlx::Error> {
    sqlx::query_as("INSERT INTO tenant (tenant_id, slug, name, locale) VALUES ($1, $2, $3, $4) RETURNING *")
        .bind(tenant_id)
        .bind(slug)
        .bind(name)
        .bind(locale)
        .fetch_one(conn)
        .await
}

pub async fn get(conn: &mut PgConnection, tenant_id: Uuid) -> Result<Option<Tenant>, sqlx::Error> {
    sqlx::query_as("SELECT * FROM tenant WHERE tenant_id = $1").bind(tenant_id).fetch_optional(conn).await
}

/// All tenants visible in this transaction: one, or every tenant for a platform administrator.
pub async fn list(conn: &mut PgConnection) -> Result<Vec<Tenant>, sqlx::Error> {
    sqlx::query_as("SELECT * FROM tenant ORDER BY slug").fetch_all(conn).await
}

//! Gateways: the plant-side boxes that publish readings. Each has a hashed secret; its credential
//! decides the tenant of everything it sends. The hash never leaves this module except through
//! [`credentials`], which the ingest side uses to authenticate a gateway.

use crate::list::{like_pattern, Page, PageRequest};
use crate::{resolve_versioned, Versioned};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

/// A gateway as shown; its secret is shown only once, at creation or rotation.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Gateway {
    pub gateway_id: Uuid,
    pub site_id: Uuid,
    /// Short code, unique in the tenant.
    pub code: String,
    pub name: String,
    /// Estimated platform time minus gateway time, in milliseconds, used to align readings.
    pub clock_offset_ms: i64,
    /// When the gateway last delivered a message; absent until it first does.
    pub last_seen_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Never `*`: the secret hash must not end up in a response by accident.
const COLUMNS: &str = "gateway_id, site_id, code, name, clock_offset_ms, last_seen_at, version, created_at, updated_at";

/// What the ingest side needs to authenticate a gateway and align its clock.
#[derive(Clone, sqlx::FromRow)]
pub struct GatewayCredentials {
    pub gateway_id: Uuid,
    /// The tenant the gateway belongs to. Use this, never the tenant named in a presented token:
    /// the ingest role bypasses row-level security, so the stored row is the only authority.
    pub tenant_id: Uuid,
    pub site_id: Uuid,
    pub code: String,
    /// SHA-256 of the secret part of the gateway's token.
    pub secret_hash: Vec<u8>,
    pub clock_offset_ms: i64,
}

impl std::fmt::Debug for GatewayCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GatewayCredentials")
            .field("gateway_id", &self.gateway_id)
            .field("tenant_id", &self.tenant_id)
            .field("site_id", &self.site_id)
            .field("code", &self.code)
            .field("secret_hash", &"<redacted>")
            .field("clock_offset_ms", &self.clock_offset_ms)
            .finish()
    }
}

#[derive(Debug, Clone)]
pub struct NewGateway {
    pub gateway_id: Uuid,
    pub site_id: Uuid,
    pub code: String,
    pub name: String,
    pub secret_hash: Vec<u8>,
}

#[derive(Debug, Clone, Default)]
pub struct GatewayPatch {
    pub code: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct GatewayFilter {
    pub site_id: Option<Uuid>,
    pub q: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    gateway: Gateway,
    total: i64,
}

pub async fn list(
    conn: &mut PgConnection,
    filter: &GatewayFilter,
    page: &PageRequest,
) -> Result<Page<Gateway>, sqlx::Error> {
    let mut qb = QueryBuilder::new(format!("SELECT {COLUMNS}, count(*) OVER () AS total FROM gateway WHERE true"));
    if let Some(site_id) = filter.site_id {
        qb.push(" AND site_id = ").push_bind(site_id);
    }
    if let Some(q) = &filter.q {
        let like = like_pattern(q);
        qb.push(" AND (name ILIKE ").push_bind(like.clone()).push(" OR code ILIKE ").push_bind(like).push(")");
    }
    qb.push(page.order_by("gateway_id"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<Counted> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.gateway).collect(), total })
}

pub async fn get(conn: &mut PgConnection, gateway_id: Uuid) -> Result<Option<Gateway>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM gateway WHERE gateway_id = $1"))
        .bind(gateway_id)
        .fetch_optional(conn)
        .await
}

pub async fn create(conn: &mut PgConnection, tenant_id: Uuid, new: &NewGateway) -> Result<Gateway, sqlx::Error> {
    sqlx::query_as(&format!(
        "INSERT INTO gateway (tenant_id, gateway_id, site_id, code, name, secret_hash) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    ))
    .bind(tenant_id)
    .bind(new.gateway_id)
    .bind(new.site_id)
    .bind(&new.code)
    .bind(&new.name)
    .bind(&new.secret_hash)
    .fetch_one(conn)
    .await
}

pub async fn update(
    conn: &mut PgConnection,
    gateway_id: Uuid,
    expected_version: i32,
    patch: &GatewayPatch,
) -> Result<Versioned<Gateway>, sqlx::Error> {
    let updated: Option<Gateway> = sqlx::query_as(&format!(
        "UPDATE gateway SET code = coalesce($3, code), name = coalesce($4, name), \
         version = version + 1, updated_at = now() \
         WHERE gateway_id = $1 AND version = $2 RETURNING {COLUMNS}"
    ))
    .bind(gateway_id)
    .bind(expected_version)
    .bind(&patch.code)
    .bind(&patch.name)
    .fetch_optional(&mut *conn)
    .await?;
    resolve_versioned(updated, conn, "SELECT version FROM gateway WHERE gateway_id = $1", gateway_id).await
}

/// Replaces the secret; the old one stops working at once. Bumps the version.
pub async fn rotate_secret(
    conn: &mut PgConnection,
    gateway_id: Uuid,
    secret_hash: &[u8],
) -> Result<Option<Gateway>, sqlx::Error> {
    sqlx::query_as(&format!(
        "UPDATE gateway SET secret_hash = $2, version = version + 1, updated_at = now() \
         WHERE gateway_id = $1 RETURNING {COLUMNS}"
    ))
    .bind(gateway_id)
    .bind(secret_hash)
    .fetch_optional(conn)
    .await
}

/// Deletes a gateway. Fails with `device_gateway_fk` while devices are attached to it.
pub async fn delete(
    conn: &mut PgConnection,
    gateway_id: Uuid,
    expected_version: i32,
) -> Result<Versioned<Gateway>, sqlx::Error> {
    let deleted: Option<Gateway> =
        sqlx::query_as(&format!("DELETE FROM gateway WHERE gateway_id = $1 AND version = $2 RETURNING {COLUMNS}"))
            .bind(gateway_id)
            .bind(expected_version)
            .fetch_optional(&mut *conn)
            .await?;
    resolve_versioned(deleted, conn, "SELECT version FROM gateway WHERE gateway_id = $1", gateway_id).await
}

/// The gateway's credentials, for the ingest side. Looks the gateway up by id alone: the ingest role
/// bypasses row-level security, so the caller must take the tenant from the result.
pub async fn credentials(conn: &mut PgConnection, gateway_id: Uuid) -> Result<Option<GatewayCredentials>, sqlx::Error> {
    sqlx::query_as(
        "SELECT gateway_id, tenant_id, site_id, code, secret_hash, clock_offset_ms FROM gateway WHERE gateway_id = $1",
    )
    .bind(gateway_id)
    .fetch_optional(conn)
    .await
}

//! API keys of MES/EAM integrations: hashed, scoped, revocable, with a last-used time.

use crate::list::{Page, PageRequest};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

/// An API key as listed; the secret itself is only ever shown once, at creation.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct ApiKey {
    pub api_key_id: Uuid,
    pub name: String,
    /// The token's first characters, to tell keys apart.
    pub prefix: String,
    pub scopes: Vec<String>,
    pub created_by: Option<Uuid>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str = "api_key_id, name, prefix, scopes, created_by, expires_at, revoked_at, last_used_at, created_at";

#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    key: ApiKey,
    total: i64,
}

#[derive(Debug, Clone, Default)]
pub struct ApiKeyFilter {
    /// Include revoked keys.
    pub include_revoked: bool,
}

pub async fn list(
    conn: &mut PgConnection,
    filter: &ApiKeyFilter,
    page: &PageRequest,
) -> Result<Page<ApiKey>, sqlx::Error> {
    let mut qb = QueryBuilder::new(format!("SELECT {COLUMNS}, count(*) OVER () AS total FROM api_key WHERE true"));
    if !filter.include_revoked {
        qb.push(" AND revoked_at IS NULL");
    }
    qb.push(page.order_by("api_key_id"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<Counted> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.key).collect(), total })
}

#[allow(clippy::too_many_arguments)]
pub async fn create(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    api_key_id: Uuid,
    name: &str,
    prefix: &str,
    secret_hash: &[u8],
    scopes: &[String],
    created_by: Option<Uuid>,
    expires_at: Option<DateTime<Utc>>,
) -> Result<ApiKey, sqlx::Error> {
    sqlx::query_as(&format!(
        "INSERT INTO api_key (tenant_id, api_key_id, name, prefix, secret_hash, scopes, created_by, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {COLUMNS}"
    ))
    .bind(tenant_id)
    .bind(api_key_id)
    .bind(name)
    .bind(prefix)
    .bind(secret_hash)
    .bind(scopes)
    .bind(created_by)
    .bind(expires_at)
    .fetch_one(conn)
    .await
}

/// What authentication needs of a key: usable only when not revoked and not expired.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeyCredentials {
    pub name: String,
    pub secret_hash: Vec<u8>,
    pub scopes: Vec<String>,
    /// Whether last_used_at is older than a minute and deserves a refresh.
    pub last_used_stale: bool,
}

pub async fn usable(conn: &mut PgConnection, api_key_id: Uuid) -> Result<Option<KeyCredentials>, sqlx::Error> {
    sqlx::query_as(
        "SELECT name, secret_hash, scopes, coalesce(last_used_at < now() - interval '1 minute', true) AS last_used_stale \
         FROM api_key WHERE api_key_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())",
    )
    .bind(api_key_id)
    .fetch_optional(conn)
    .await
}

pub async fn touch(conn: &mut PgConnection, api_key_id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE api_key SET last_used_at = now() WHERE api_key_id = $1").bind(api_key_id).execute(conn).await?;
    Ok(())
}

pub async fn revoke(conn: &mut PgConnection, api_key_id: Uuid) -> Result<Option<ApiKey>, sqlx::Error> {
    sqlx::query_as(&format!(
        "UPDATE api_key SET revoked_at = coalesce(revoked_at, now()), updated_at = now() WHERE api_key_id = $1 RETURNING {COLUMNS}"
    ))
    .bind(api_key_id)
    .fetch_optional(conn)
    .await
}

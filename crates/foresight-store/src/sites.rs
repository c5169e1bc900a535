//! Sites (plants, parks) and their site-plan images.

use crate::list::{like_pattern, Page, PageRequest};
use crate::{resolve_versioned, Versioned};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

/// A plant or park.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Site {
    pub site_id: Uuid,
    /// Short code, unique within the tenant.
    pub code: String,
    pub name: String,
    pub address: String,
    /// IANA time zone of the site, e.g. Asia/Shanghai; shift calendars are read in it.
    pub timezone: String,
    /// Site plan width in pixels; absent until a plan is uploaded.
    pub plan_width: Option<i32>,
    pub plan_height: Option<i32>,
    /// Metres per plan pixel.
    pub plan_scale_m_per_px: Option<f64>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewSite {
    pub code: String,
    pub name: String,
    pub address: String,
    pub timezone: String,
}

#[derive(Debug, Clone, Default)]
pub struct SitePatch {
    pub code: Option<String>,
    pub name: Option<String>,
    pub address: Option<String>,
    pub timezone: Option<String>,
    pub plan_scale_m_per_px: Option<f64>,
}

#[derive(Debug, Clone, Default)]
pub struct SiteFilter {
    pub q: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    site: Site,
    total: i64,
}

pub async fn list(conn: &mut PgConnection, filter: &SiteFilter, page: &PageRequest) -> Result<Page<Site>, sqlx::Error> {
    let mut qb = QueryBuilder::new("SELECT site.*, count(*) OVER () AS total FROM site WHERE true");
    if let Some(q) = &filter.q {
        let like = like_pattern(q);
        qb.push(" AND (name ILIKE ").push_bind(like.clone()).push(" OR code ILIKE ").push_bind(like).push(")");
    }
    qb.push(page.order_by("site_id"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<Counted> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.site).collect(), total })
}

pub async fn get(conn: &mut PgConnection, site_id: Uuid) -> Result<Option<Site>, sqlx::Error> {
    sqlx::query_as("SELECT * FROM site WHERE site_id = $1").bind(site_id).fetch_optional(conn).await
}

pub async fn create(conn: &mut PgConnection, tenant_id: Uuid, new: &NewSite) -> Result<Site, sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO site (tenant_id, site_id, code, name, address, timezone) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *",
    )
    .bind(tenant_id)
    .bind(Uuid::now_v7())
    .bind(&new.code)
    .bind(&new.name)
    .bind(&new.address)
    .bind(&new.timezone)
    .fetch_one(conn)
    .await
}

pub async fn update(
    conn: &mut PgConnection,
    site_id: Uuid,
    expected_version: i32,
    patch: &SitePatch,
) -> Result<Versioned<Site>, sqlx::Error> {
    let updated: Option<Site> = sqlx::query_as(
        "UPDATE site SET code = coalesce($3, code), name = coalesce($4, name), address = coalesce($5, address), \
         timezone = coalesce($6, timezone), plan_scale_m_per_px = coalesce($7, plan_scale_m_per_px), \
         version = version + 1, updated_at = now() \
         WHERE site_id = $1 AND version = $2 RETURNING *",
    )
    .bind(site_id)
    .bind(expected_version)
    .bind(&patch.code)
    .bind(&patch.name)
    .bind(&patch.address)
    .bind(&patch.timezone)
    .bind(patch.plan_scale_m_per_px)
    .fetch_optional(&mut *conn)
    .await?;
    resolve_versioned(updated, conn, "SELECT version FROM site WHERE site_id = $1", site_id).await
}

pub async fn delete(
    conn: &mut PgConnection,
    site_id: Uuid,
    expected_version: i32,
) -> Result<Versioned<Site>, sqlx::Error> {
    let deleted: Option<Site> = sqlx::query_as("DELETE FROM site WHERE site_id = $1 AND version = $2 RETURNING *")
        .bind(site_id)
        .bind(expected_version)
        .fetch_optional(&mut *conn)
        .await?;
    resolve_versioned(deleted, conn, "SELECT version FROM site WHERE site_id = $1", site_id).await
}

/// A stored site-plan image.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SitePlan {
    pub content_type: String,
    pub image: Vec<u8>,
    pub sha256: String,
}

/// Stores a plan and its pixel size on the site in one step, bumping the site's version.
pub async fn put_plan(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    site_id: Uuid,
    content_type: &str,
    image: &[u8],
    size: (u32, u32),
) -> Result<Option<Site>, sqlx::Error> {
    use sha2::Digest;
    let site: Option<Site> = sqlx::query_as(
        "UPDATE site SET plan_width = $2, plan_height = $3, version = version + 1, updated_at = now() \
         WHERE site_id = $1 RETURNING *",
    )
    .bind(site_id)
    .bind(size.0 as i32)
    .bind(size.1 as i32)
    .fetch_optional(&mut *conn)
    .await?;
    if site.is_none() {
        return Ok(None);
    }
    let sha = hex::encode(sha2::Sha256::digest(image));
    sqlx::query(
        "INSERT INTO site_plan (tenant_id, site_id, content_type, image, sha256) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (tenant_id, site_id) DO UPDATE SET content_type = excluded.content_type, \
         image = excluded.image, sha256 = excluded.sha256, updated_at = now()",
    )
    .bind(tenant_id)
    .bind(site_id)
    .bind(content_type)
    .bind(image)
    .bind(sha)
    .execute(conn)
    .await?;
    Ok(site)
}

pub async fn get_plan(conn: &mut PgConnection, site_id: Uuid) -> Result<Option<SitePlan>, sqlx::Error> {
    sqlx::query_as("SELECT content_type, image, sha256 FROM site_plan WHERE site_id = $1")
        .bind(site_id)
        .fetch_optional(conn)
        .await
}

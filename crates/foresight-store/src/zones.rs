//! Zones: polygons on a site plan. Row-level security also applies the caller's zone scope here.

use crate::list::{like_pattern, Page, PageRequest};
use crate::{resolve_versioned, Versioned};
use chrono::{DateTime, Utc};
use foresight_core::geometry::{self, Point};
use serde::Serialize;
use sqlx::{PgConnection, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

/// A workshop, tank farm, substation... on the site plan.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Zone {
    pub zone_id: Uuid,
    pub site_id: Uuid,
    /// Short code, unique within the site.
    pub code: String,
    pub name: String,
    pub kind: String,
    pub description: String,
    /// Vertices `[x, y]` in site-plan pixels (origin top-left), not closed.
    #[sqlx(json)]
    #[schema(value_type = Vec<Vec<f64>>)]
    pub polygon: Vec<Point>,
    /// Area in square metres, when the site plan's scale is known.
    #[sqlx(skip)]
    pub area_m2: Option<f64>,
    #[serde(skip)]
    plan_scale_m_per_px: Option<f64>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Zone {
    fn with_area(mut self) -> Zone {
        self.area_m2 = self.plan_scale_m_per_px.map(|s| geometry::area(&self.polygon) * s * s);
        self
    }
}

const SELECT: &str = "SELECT zone.*, site.plan_scale_m_per_px FROM zone JOIN site USING (tenant_id, site_id)";

#[derive(Debug, Clone)]
pub struct NewZone {
    pub site_id: Uuid,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub description: String,
    pub polygon: Vec<Point>,
}

#[derive(Debug, Clone, Default)]
pub struct ZonePatch {
    pub code: Option<String>,
    pub name: Option<String>,
    pub kind: Option<String>,
    pub description: Option<String>,
    pub polygon: Option<Vec<Point>>,
}

#[derive(Debug, Clone, Default)]
pub struct ZoneFilter {
    pub site_id: Option<Uuid>,
    pub kind: Option<String>,
    pub q: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    zone: Zone,
    total: i64,
}

pub async fn list(conn: &mut PgConnection, filter: &ZoneFilter, page: &PageRequest) -> Result<Page<Zone>, sqlx::Error> {
    let mut qb = QueryBuilder::new(
        "SELECT zone.*, site.plan_scale_m_per_px, count(*) OVER () AS total FROM zone JOIN site USING (tenant_id, site_id) WHERE true",
    );
    if let Some(site_id) = filter.site_id {
        qb.push(" AND zone.site_id = ").push_bind(site_id);
    }
    if let Some(kind) = &filter.kind {
        qb.push(" AND zone.kind = ").push_bind(kind.clone());
    }
    if let Some(q) = &filter.q {
        let like = like_pattern(q);
        qb.push(" AND (zone.name ILIKE ")
            .push_bind(like.clone())
            .push(" OR zone.code ILIKE ")
            .push_bind(like)
            .push(")");
    }
    qb.push(page.order_by("zone.zone_id"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<Counted> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.zone.with_area()).collect(), total })
}

pub async fn get(conn: &mut PgConnection, zone_id: Uuid) -> Result<Option<Zone>, sqlx::Error> {
    let zone: Option<Zone> =
        sqlx::query_as(&format!("{SELECT} WHERE zone_id = $1")).bind(zone_id).fetch_optional(conn).await?;
    Ok(zone.map(Zone::with_area))
}

pub async fn create(conn: &mut PgConnection, tenant_id: Uuid, new: &NewZone) -> Result<Zone, sqlx::Error> {
    let zone_id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO zone (tenant_id, zone_id, site_id, code, name, kind, description, polygon) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(tenant_id)
    .bind(zone_id)
    .bind(new.site_id)
    .bind(&new.code)
    .bind(&new.name)
    .bind(&new.kind)
    .bind(&new.description)
    .bind(sqlx::types::Json(&new.polygon))
    .execute(&mut *conn)
    .await?;
    get(conn, zone_id).await?.ok_or(sqlx::Error::RowNotFound)
}

pub async fn update(
    conn: &mut PgConnection,
    zone_id: Uuid,
    expected_version: i32,
    patch: &ZonePatch,
) -> Result<Versioned<Zone>, sqlx::Error> {
    let updated: Option<Uuid> = sqlx::query_scalar(
        "UPDATE zone SET code = coalesce($3, code), name = coalesce($4, name), kind = coalesce($5, kind), \
         description = coalesce($6, description), polygon = coalesce($7, polygon), \
         version = version + 1, updated_at = now() \
         WHERE zone_id = $1 AND version = $2 RETURNING zone_id",
    )
    .bind(zone_id)
    .bind(expected_version)
    .bind(&patch.code)
    .bind(&patch.name)
    .bind(&patch.kind)
    .bind(&patch.description)
    .bind(patch.polygon.as_ref().map(sqlx::types::Json))
    .fetch_optional(&mut *conn)
    .await?;
    let zone = match updated {
        Some(id) => get(&mut *conn, id).await?,
        None => None,
    };
    resolve_versioned(zone, conn, "SELECT version FROM zone WHERE zone_id = $1", zone_id).await
}

pub async fn delete(
    conn: &mut PgConnection,
    zone_id: Uuid,
    expected_version: i32,
) -> Result<Versioned<Zone>, sqlx::Error> {
    let Some(zone) = get(&mut *conn, zone_id).await? else {
        return Ok(Versioned::NotFound);
    };
    let deleted = sqlx::query("DELETE FROM zone WHERE zone_id = $1 AND version = $2")
        .bind(zone_id)
        .bind(expected_version)
        .execute(&mut *conn)
        .await?;
    if deleted.rows_affected() == 1 {
        Ok(Versioned::Updated(zone))
    } else {
        Ok(Versioned::Stale(zone.version))
    }
}

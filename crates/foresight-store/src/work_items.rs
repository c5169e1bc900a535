//! Work context from permit-to-work and maintenance systems (open permits, maintenance due) per zone: the
//! risk engine's `permits_open`, `hot_work_open`, `maintenance_overdue`, ... inputs.

use crate::list::{Page, PageRequest};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

/// GB 30871-2022's eight kinds of special work.
pub const PERMIT_TYPES: &[&str] = &[
    "hot_work",
    "confined_space",
    "blind_plate",
    "work_at_height",
    "lifting",
    "temporary_power",
    "excavation",
    "road_closure",
];

/// A permit or maintenance item as stored.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct WorkItem {
    pub work_item_id: Uuid,
    pub zone_id: Uuid,
    /// `permit` or `maintenance`.
    pub kind: String,
    /// The system it came from (e.g. `EAM`, `PTW`).
    pub source: String,
    /// Its id in that system; (source, external_id) is unique per tenant.
    pub external_id: String,
    /// For permits: one of GB 30871's kinds (`hot_work`, `confined_space`, ...).
    pub permit_type: Option<String>,
    pub title: String,
    /// Permit valid from.
    pub starts_at: Option<DateTime<Utc>>,
    /// Permit valid until.
    pub ends_at: Option<DateTime<Utc>>,
    /// Maintenance due.
    pub due_at: Option<DateTime<Utc>>,
    /// Permit closed or revoked, maintenance done; absent while open.
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "work_item_id, zone_id, kind, source, external_id, permit_type, title, starts_at, ends_at, \
                       due_at, closed_at, created_at, updated_at";

/// One item as an integration sends it.
#[derive(Debug, Clone)]
pub struct WorkItemUpsert {
    pub zone_id: Uuid,
    pub kind: String,
    pub source: String,
    pub external_id: String,
    pub permit_type: Option<String>,
    pub title: String,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

pub async fn find(conn: &mut PgConnection, source: &str, external_id: &str) -> Result<Option<WorkItem>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM work_item WHERE source = $1 AND external_id = $2"))
        .bind(source)
        .bind(external_id)
        .fetch_optional(conn)
        .await
}

pub async fn get(conn: &mut PgConnection, id: Uuid) -> Result<Option<WorkItem>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM work_item WHERE work_item_id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Inserts the item or replaces the one with the same (source, external_id).
pub async fn upsert(conn: &mut PgConnection, tenant_id: Uuid, item: &WorkItemUpsert) -> Result<WorkItem, sqlx::Error> {
    sqlx::query_as(&format!(
        "INSERT INTO work_item (tenant_id, work_item_id, zone_id, kind, source, external_id, permit_type, title, \
         starts_at, ends_at, due_at, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (tenant_id, source, external_id) DO UPDATE SET zone_id = EXCLUDED.zone_id, kind = EXCLUDED.kind, \
         permit_type = EXCLUDED.permit_type, title = EXCLUDED.title, starts_at = EXCLUDED.starts_at, \
         ends_at = EXCLUDED.ends_at, due_at = EXCLUDED.due_at, closed_at = EXCLUDED.closed_at, updated_at = now() \
         RETURNING {COLUMNS}"
    ))
    .bind(tenant_id)
    .bind(Uuid::now_v7())
    .bind(item.zone_id)
    .bind(&item.kind)
    .bind(&item.source)
    .bind(&item.external_id)
    .bind(&item.permit_type)
    .bind(&item.title)
    .bind(item.starts_at)
    .bind(item.ends_at)
    .bind(item.due_at)
    .bind(item.closed_at)
    .fetch_one(conn)
    .await
}

pub async fn delete(conn: &mut PgConnection, id: Uuid) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM work_item WHERE work_item_id = $1").bind(id).execute(conn).await?;
    Ok(done.rows_affected() > 0)
}

/// List filters; `open_at` keeps permits started and not closed (expired ones included) and maintenance due
/// and not done at that time.
#[derive(Debug, Clone, Default)]
pub struct WorkItemFilter {
    pub zone_id: Option<Uuid>,
    pub site_id: Option<Uuid>,
    pub kind: Option<String>,
    pub source: Option<String>,
    pub open_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    item: WorkItem,
    total: i64,
}

pub async fn list(
    conn: &mut PgConnection,
    filter: &WorkItemFilter,
    page: &PageRequest,
) -> Result<Page<WorkItem>, sqlx::Error> {
    let mut qb = QueryBuilder::new(format!("SELECT {COLUMNS}, count(*) OVER () AS total FROM work_item WHERE true"));
    if let Some(zone) = filter.zone_id {
        qb.push(" AND zone_id = ").push_bind(zone);
    }
    if let Some(site) = filter.site_id {
        qb.push(" AND zone_id IN (SELECT zone_id FROM zone WHERE site_id = ").push_bind(site).push(")");
    }
    if let Some(kind) = &filter.kind {
        qb.push(" AND kind = ").push_bind(kind.clone());
    }
    if let Some(source) = &filter.source {
        qb.push(" AND source = ").push_bind(source.clone());
    }
    if let Some(at) = filter.open_at {
        qb.push(" AND (closed_at IS NULL OR closed_at > ").push_bind(at);
        qb.push(") AND ((kind = 'permit' AND starts_at <= ").push_bind(at);
        qb.push(") OR (kind = 'maintenance' AND due_at <= ").push_bind(at).push("))");
    }
    qb.push(page.order_by("work_item_id"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<Counted> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.item).collect(), total })
}

/// What the risk engine needs of one item that is open (or overdue) at a time.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct OpenWork {
    pub zone_id: Uuid,
    pub kind: String,
    pub permit_type: Option<String>,
    pub ends_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
}

/// The site's items open at `at`: permits started and not closed (expired ones included: the caller tells
/// them apart by `ends_at`), maintenance due and not done.
pub async fn open_at(conn: &mut PgConnection, site_id: Uuid, at: DateTime<Utc>) -> Result<Vec<OpenWork>, sqlx::Error> {
    sqlx::query_as(
        "SELECT w.zone_id, w.kind, w.permit_type, w.ends_at, w.due_at FROM work_item w \
         JOIN zone z ON z.tenant_id = w.tenant_id AND z.zone_id = w.zone_id \
         WHERE z.site_id = $1 AND (w.closed_at IS NULL OR w.closed_at > $2) \
           AND ((w.kind = 'permit' AND w.starts_at <= $2) OR (w.kind = 'maintenance' AND w.due_at <= $2))",
    )
    .bind(site_id)
    .bind(at)
    .fetch_all(conn)
    .await
}

//! Sandbox (what-if) runs of the risk engine: request, status and result per run, owned by the tenant.

use crate::list::{Page, PageRequest};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

/// A run as listed (without its request and result).
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct SandboxRunSummary {
    pub sandbox_run_id: Uuid,
    pub site_id: Uuid,
    pub name: String,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    pub steps: i32,
    pub window_start: DateTime<Utc>,
    pub window_end: DateTime<Utc>,
    pub created_by: Option<Uuid>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A run with its request, result and failure reason.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct SandboxRun {
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub summary: SandboxRunSummary,
    #[schema(value_type = Object)]
    pub request: serde_json::Value,
    /// Present when `done`: per-zone series of both variants, peaks, time in orange/red, contributions.
    #[schema(value_type = Option<Object>)]
    pub result: Option<serde_json::Value>,
    /// Present when `failed`: `{"code": ..., "problems": [...]}`.
    #[schema(value_type = Option<Object>)]
    pub error: Option<serde_json::Value>,
}

const SUMMARY: &str =
    "sandbox_run_id, site_id, name, status, steps, window_start, window_end, created_by, started_at, \
                       finished_at, created_at";

#[derive(Debug, Clone)]
pub struct NewSandboxRun<'a> {
    pub site_id: Uuid,
    pub name: &'a str,
    pub request: serde_json::Value,
    pub steps: i32,
    pub window_start: DateTime<Utc>,
    pub window_end: DateTime<Utc>,
    pub created_by: Option<Uuid>,
}

pub async fn create(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    new: &NewSandboxRun<'_>,
) -> Result<SandboxRun, sqlx::Error> {
    sqlx::query_as(&format!(
        "INSERT INTO sandbox_run (tenant_id, sandbox_run_id, site_id, name, request, steps, window_start, window_end, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {SUMMARY}, request, result, error"
    ))
    .bind(tenant_id)
    .bind(Uuid::now_v7())
    .bind(new.site_id)
    .bind(new.name)
    .bind(&new.request)
    .bind(new.steps)
    .bind(new.window_start)
    .bind(new.window_end)
    .bind(new.created_by)
    .fetch_one(conn)
    .await
}

pub async fn get(conn: &mut PgConnection, id: Uuid) -> Result<Option<SandboxRun>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {SUMMARY}, request, result, error FROM sandbox_run WHERE sandbox_run_id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    run: SandboxRunSummary,
    total: i64,
}

/// Runs, optionally of one site and/or status.
pub async fn list(
    conn: &mut PgConnection,
    site_id: Option<Uuid>,
    status: Option<&str>,
    page: &PageRequest,
) -> Result<Page<SandboxRunSummary>, sqlx::Error> {
    let mut qb = QueryBuilder::new(format!("SELECT {SUMMARY}, count(*) OVER () AS total FROM sandbox_run WHERE true"));
    if let Some(site) = site_id {
        qb.push(" AND site_id = ").push_bind(site);
    }
    if let Some(status) = status {
        qb.push(" AND status = ").push_bind(status.to_owned());
    }
    qb.push(page.order_by("sandbox_run_id"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<Counted> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.run).collect(), total })
}

/// Marks a queued run as running; false when it is no longer queued.
pub async fn start(conn: &mut PgConnection, id: Uuid) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE sandbox_run SET status = 'running', started_at = now(), updated_at = now() \
         WHERE sandbox_run_id = $1 AND status = 'queued'",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records the outcome: a result (`done`) or an error (`failed`).
pub async fn finish(
    conn: &mut PgConnection,
    id: Uuid,
    result: Result<&serde_json::Value, &serde_json::Value>,
) -> Result<(), sqlx::Error> {
    let (status, result, error) = match result {
        Ok(r) => ("done", Some(r), None),
        Err(e) => ("failed", None, Some(e)),
    };
    sqlx::query(
        "UPDATE sandbox_run SET status = $2, result = $3, error = $4, finished_at = now(), updated_at = now() \
         WHERE sandbox_run_id = $1",
    )
    .bind(id)
    .bind(status)
    .bind(result)
    .bind(error)
    .execute(conn)
    .await?;
    Ok(())
}

//! Per-site schedules that retrain the learned-normal model without a person asking, and their last outcome.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use utoipa::ToSchema;
use uuid::Uuid;

/// A site's retraining schedule as stored, with the outcome of its last run.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct NormalModelSchedule {
    pub site_id: Uuid,
    /// `<device code>.<property>`, in model order.
    pub variables: Vec<String>,
    /// Days of history before each run the model learns from.
    pub window_days: i32,
    /// Days between runs.
    pub every_days: i32,
    /// Whether a new version becomes active on its own (unless the drift guard holds it for review).
    pub auto_activate: bool,
    pub enabled: bool,
    pub next_run_at: DateTime<Utc>,
    pub last_run_at: Option<DateTime<Utc>>,
    /// `activated`, `trained` (kept inactive), `held_for_review` (kept inactive by the guard) or `refused`.
    pub last_outcome: Option<String>,
    /// Why the last run was refused or held: `{"code": ..., "detail": ...}`.
    #[schema(value_type = Option<Object>)]
    pub last_problem: Option<serde_json::Value>,
    pub last_model_id: Option<Uuid>,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "site_id, variables, window_days, every_days, auto_activate, enabled, next_run_at, \
                       last_run_at, last_outcome, last_problem, last_model_id, updated_by, updated_at";

/// What a person sets.
#[derive(Debug, Clone)]
pub struct ScheduleSettings {
    pub variables: Vec<String>,
    pub window_days: i32,
    pub every_days: i32,
    pub auto_activate: bool,
    pub enabled: bool,
    pub next_run_at: DateTime<Utc>,
    pub updated_by: Option<Uuid>,
}

pub async fn get(conn: &mut PgConnection, site_id: Uuid) -> Result<Option<NormalModelSchedule>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM normal_model_schedule WHERE site_id = $1"))
        .bind(site_id)
        .fetch_optional(conn)
        .await
}

/// Creates or replaces the site's schedule (the last run's outcome is kept).
pub async fn put(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    site_id: Uuid,
    settings: &ScheduleSettings,
) -> Result<NormalModelSchedule, sqlx::Error> {
    sqlx::query_as(&format!(
        "INSERT INTO normal_model_schedule (tenant_id, site_id, variables, window_days, every_days, auto_activate, \
         enabled, next_run_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (tenant_id, site_id) DO UPDATE SET variables = EXCLUDED.variables, \
         window_days = EXCLUDED.window_days, every_days = EXCLUDED.every_days, \
         auto_activate = EXCLUDED.auto_activate, enabled = EXCLUDED.enabled, next_run_at = EXCLUDED.next_run_at, \
         updated_by = EXCLUDED.updated_by, updated_at = now() RETURNING {COLUMNS}"
    ))
    .bind(tenant_id)
    .bind(site_id)
    .bind(&settings.variables)
    .bind(settings.window_days)
    .bind(settings.every_days)
    .bind(settings.auto_activate)
    .bind(settings.enabled)
    .bind(settings.next_run_at)
    .bind(settings.updated_by)
    .fetch_one(conn)
    .await
}

pub async fn delete(conn: &mut PgConnection, site_id: Uuid) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM normal_model_schedule WHERE site_id = $1").bind(site_id).execute(conn).await?;
    Ok(done.rows_affected() > 0)
}

/// The site's schedule if it is due at `at`, locked for this transaction; None when it is not due or another
/// node is running it (SKIP LOCKED), so each due run happens once however many nodes look.
pub async fn claim_due(
    conn: &mut PgConnection,
    site_id: Uuid,
    at: DateTime<Utc>,
) -> Result<Option<NormalModelSchedule>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM normal_model_schedule WHERE site_id = $1 AND enabled AND next_run_at <= $2 \
         FOR UPDATE SKIP LOCKED"
    ))
    .bind(site_id)
    .bind(at)
    .fetch_optional(conn)
    .await
}

/// A run's outcome.
#[derive(Debug, Clone)]
pub struct RunRecord {
    pub ran_at: DateTime<Utc>,
    pub next_run_at: DateTime<Utc>,
    pub outcome: &'static str,
    pub problem: Option<serde_json::Value>,
    pub model_id: Option<Uuid>,
}

pub async fn record_run(
    conn: &mut PgConnection,
    site_id: Uuid,
    run: &RunRecord,
) -> Result<NormalModelSchedule, sqlx::Error> {
    sqlx::query_as(&format!(
        "UPDATE normal_model_schedule SET last_run_at = $2, next_run_at = $3, last_outcome = $4, last_problem = $5, \
         last_model_id = coalesce($6, last_model_id), updated_at = now() WHERE site_id = $1 RETURNING {COLUMNS}"
    ))
    .bind(site_id)
    .bind(run.ran_at)
    .bind(run.next_run_at)
    .bind(run.outcome)
    .bind(&run.problem)
    .bind(run.model_id)
    .fetch_one(conn)
    .await
}

/// Schedules due at `at` across tenants (ids only, through the SECURITY DEFINER listing).
pub async fn due(conn: &mut PgConnection, at: DateTime<Utc>) -> Result<Vec<(Uuid, Uuid)>, sqlx::Error> {
    sqlx::query_as("SELECT tenant_id, site_id FROM normal_model_schedules_due($1)").bind(at).fetch_all(conn).await
}

//! Trained versions of each site's learned-normal model; at most one active per site.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use utoipa::ToSchema;
use uuid::Uuid;

/// A stored model version (without the model JSON, which lists carry only on request).
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct NormalModelVersion {
    pub normal_model_id: Uuid,
    pub site_id: Uuid,
    pub version: i32,
    /// `<device code>.<property>`, in model order.
    pub variables: Vec<String>,
    pub window_start: DateTime<Utc>,
    pub window_end: DateTime<Utc>,
    pub trained_at: DateTime<Utc>,
    pub trained_by: Option<Uuid>,
    pub active: bool,
    /// The model's training summary (samples, components kept, explained variance, held-out flag rate).
    #[schema(value_type = Object)]
    pub training: serde_json::Value,
}

const COLUMNS: &str = "normal_model_id, site_id, version, variables, window_start, window_end, trained_at, \
                       trained_by, active, coalesce(model -> 'training', 'null'::jsonb) AS training";

pub async fn list(conn: &mut PgConnection, site_id: Uuid) -> Result<Vec<NormalModelVersion>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM normal_model WHERE site_id = $1 ORDER BY version DESC"))
        .bind(site_id)
        .fetch_all(conn)
        .await
}

pub async fn get(conn: &mut PgConnection, id: Uuid) -> Result<Option<NormalModelVersion>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM normal_model WHERE normal_model_id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The next version number of a site's model.
pub async fn next_version(conn: &mut PgConnection, site_id: Uuid) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar("SELECT coalesce(max(version), 0) + 1 FROM normal_model WHERE site_id = $1")
        .bind(site_id)
        .fetch_one(conn)
        .await
}

#[derive(Debug, Clone)]
pub struct NewNormalModel {
    pub site_id: Uuid,
    pub version: i32,
    pub variables: Vec<String>,
    pub model: serde_json::Value,
    pub window_start: DateTime<Utc>,
    pub window_end: DateTime<Utc>,
    pub trained_by: Option<Uuid>,
}

/// Stores a new, inactive version.
pub async fn create(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    new: &NewNormalModel,
) -> Result<NormalModelVersion, sqlx::Error> {
    sqlx::query_as(&format!(
        "INSERT INTO normal_model (tenant_id, normal_model_id, site_id, version, variables, model, window_start, \
         window_end, trained_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {COLUMNS}"
    ))
    .bind(tenant_id)
    .bind(Uuid::now_v7())
    .bind(new.site_id)
    .bind(new.version)
    .bind(&new.variables)
    .bind(&new.model)
    .bind(new.window_start)
    .bind(new.window_end)
    .bind(new.trained_by)
    .fetch_one(conn)
    .await
}

/// Makes one version the site's active model (and no other).
pub async fn activate(conn: &mut PgConnection, id: Uuid) -> Result<Option<NormalModelVersion>, sqlx::Error> {
    let Some(site_id): Option<Uuid> =
        sqlx::query_scalar("SELECT site_id FROM normal_model WHERE normal_model_id = $1 FOR UPDATE")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(None);
    };
    sqlx::query("UPDATE normal_model SET active = false, updated_at = now() WHERE site_id = $1 AND active")
        .bind(site_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE normal_model SET active = true, updated_at = now() WHERE normal_model_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    get(conn, id).await
}

/// The site's active model: (id, version, variables, model JSON).
pub async fn active(
    conn: &mut PgConnection,
    site_id: Uuid,
) -> Result<Option<(Uuid, i32, Vec<String>, serde_json::Value)>, sqlx::Error> {
    sqlx::query_as("SELECT normal_model_id, version, variables, model FROM normal_model WHERE site_id = $1 AND active")
        .bind(site_id)
        .fetch_optional(conn)
        .await
}

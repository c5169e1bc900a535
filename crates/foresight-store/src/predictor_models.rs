//! Tenants' uploaded incident predictors (ONNX bytes and their input mapping), kept as versions per scope
//! (one site, or the whole tenant); at most one active per scope. Rows never change but for `active` and
//! `retired_at`, because the engine caches compiled models by id.

use crate::list::{Page, PageRequest};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

/// A stored model version, without its bytes (those are downloaded on their own).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct PredictorModel {
    pub predictor_model_id: Uuid,
    /// The site the model is for; null: every site of the tenant without an active model of its own.
    pub site_id: Option<Uuid>,
    pub name: String,
    /// 1, 2, ... per scope, in upload order.
    pub version: i32,
    /// The declared input mapping: `window`, `features` (name, unit, source, mean, std) in model order.
    #[schema(value_type = Object)]
    pub mapping: serde_json::Value,
    /// Lower-case hex SHA-256 of the ONNX file.
    pub sha256: String,
    pub size_bytes: i32,
    /// The engine that predicts with it: `tract`, or `native_lstm` for the shipped LSTM's shape.
    pub engine: String,
    pub uploaded_by: Option<Uuid>,
    /// Whether the risk cycle uses it for its scope.
    pub active: bool,
    /// When it was retired (never active again), or null.
    pub retired_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "predictor_model_id, site_id, name, version, mapping, sha256, size_bytes, engine, uploaded_by, \
                       active, retired_at, created_at, updated_at";

#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    model: PredictorModel,
    total: i64,
}

/// List filters.
#[derive(Debug, Clone, Default)]
pub struct PredictorModelFilter {
    /// Models of this site and the tenant-wide ones (which apply to it too).
    pub site_id: Option<Uuid>,
    /// Include retired versions.
    pub include_retired: bool,
}

pub async fn list(
    conn: &mut PgConnection,
    filter: &PredictorModelFilter,
    page: &PageRequest,
) -> Result<Page<PredictorModel>, sqlx::Error> {
    let mut qb =
        QueryBuilder::new(format!("SELECT {COLUMNS}, count(*) OVER () AS total FROM predictor_model WHERE true"));
    if let Some(site_id) = filter.site_id {
        qb.push(" AND (site_id = ").push_bind(site_id).push(" OR site_id IS NULL)");
    }
    if !filter.include_retired {
        qb.push(" AND retired_at IS NULL");
    }
    qb.push(page.order_by("predictor_model_id"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<Counted> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.model).collect(), total })
}

pub async fn get(conn: &mut PgConnection, id: Uuid) -> Result<Option<PredictorModel>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM predictor_model WHERE predictor_model_id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The ONNX bytes and the mapping of a version.
pub async fn load(conn: &mut PgConnection, id: Uuid) -> Result<Option<(Vec<u8>, serde_json::Value)>, sqlx::Error> {
    sqlx::query_as("SELECT onnx, mapping FROM predictor_model WHERE predictor_model_id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// A checked upload, ready to store.
#[derive(Debug, Clone)]
pub struct NewPredictorModel<'a> {
    pub site_id: Option<Uuid>,
    pub name: &'a str,
    pub onnx: &'a [u8],
    pub mapping: serde_json::Value,
    pub sha256: String,
    pub engine: &'a str,
    pub uploaded_by: Option<Uuid>,
}

/// Stores a new, inactive version numbered after the scope's last one. Two uploads to one scope at once
/// are serialised by a transaction-scoped advisory lock, so they get consecutive versions, not a conflict.
pub async fn create(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    new: &NewPredictorModel<'_>,
) -> Result<PredictorModel, sqlx::Error> {
    let scope = new.site_id.map_or_else(|| "tenant".to_owned(), |s| s.to_string());
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended('foresight.predictor_model:' || $1 || ':' || $2, 0))")
        .bind(tenant_id.to_string())
        .bind(&scope)
        .execute(&mut *conn)
        .await?;
    let version: i32 = sqlx::query_scalar(
        "SELECT coalesce(max(version), 0) + 1 FROM predictor_model WHERE site_id IS NOT DISTINCT FROM $1",
    )
    .bind(new.site_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query_as(&format!(
        "INSERT INTO predictor_model (tenant_id, predictor_model_id, site_id, name, version, onnx, mapping, sha256, \
         size_bytes, engine, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING {COLUMNS}"
    ))
    .bind(tenant_id)
    .bind(Uuid::now_v7())
    .bind(new.site_id)
    .bind(new.name)
    .bind(version)
    .bind(new.onnx)
    .bind(&new.mapping)
    .bind(&new.sha256)
    .bind(new.onnx.len() as i32)
    .bind(new.engine)
    .bind(new.uploaded_by)
    .fetch_one(conn)
    .await
}

/// What activating a version did.
#[derive(Debug)]
pub enum Activated {
    /// It is now its scope's active model (the previous one, if any, is not).
    Active(PredictorModel),
    /// A retired version cannot be activated.
    Retired,
    NotFound,
}

/// Makes one version its scope's active model and no other, in the caller's transaction (the row is
/// locked first, so a concurrent retire or activate waits).
pub async fn activate(conn: &mut PgConnection, id: Uuid) -> Result<Activated, sqlx::Error> {
    let row: Option<(Option<Uuid>, Option<DateTime<Utc>>)> =
        sqlx::query_as("SELECT site_id, retired_at FROM predictor_model WHERE predictor_model_id = $1 FOR UPDATE")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((site_id, retired_at)) = row else { return Ok(Activated::NotFound) };
    if retired_at.is_some() {
        return Ok(Activated::Retired);
    }
    sqlx::query(
        "UPDATE predictor_model SET active = false, updated_at = now() \
         WHERE site_id IS NOT DISTINCT FROM $1 AND active AND predictor_model_id <> $2",
    )
    .bind(site_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE predictor_model SET active = true, updated_at = now() WHERE predictor_model_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(get(conn, id).await?.map_or(Activated::NotFound, Activated::Active))
}

/// Retires a version: inactive from now on and never activatable again. Retiring a retired version
/// changes nothing.
pub async fn retire(conn: &mut PgConnection, id: Uuid) -> Result<Option<PredictorModel>, sqlx::Error> {
    sqlx::query_as(&format!(
        "UPDATE predictor_model SET active = false, retired_at = coalesce(retired_at, now()), \
         updated_at = CASE WHEN retired_at IS NULL THEN now() ELSE updated_at END \
         WHERE predictor_model_id = $1 RETURNING {COLUMNS}"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The model the risk cycle uses for a site: the site's active one, else the tenant-wide active one.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ActiveModel {
    pub predictor_model_id: Uuid,
    pub site_id: Option<Uuid>,
    pub name: String,
    pub version: i32,
}

pub async fn active_for_site(conn: &mut PgConnection, site_id: Uuid) -> Result<Option<ActiveModel>, sqlx::Error> {
    sqlx::query_as(
        "SELECT predictor_model_id, site_id, name, version FROM predictor_model \
         WHERE active AND (site_id = $1 OR site_id IS NULL) ORDER BY site_id NULLS LAST LIMIT 1",
    )
    .bind(site_id)
    .fetch_optional(conn)
    .await
}

//! Dynamic risk factors and expert rules (with revisions): definitions stored as JSON, validated by the
//! caller with `foresight_risk` before they are written.

use crate::{resolve_versioned, Versioned};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use utoipa::ToSchema;
use uuid::Uuid;

/// Which of the two definition tables a call is about; both have the same shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Factor,
    Rule,
}

impl Kind {
    fn table(self) -> &'static str {
        match self {
            Kind::Factor => "risk_factor",
            Kind::Rule => "expert_rule",
        }
    }

    fn id_column(self) -> &'static str {
        match self {
            Kind::Factor => "risk_factor_id",
            Kind::Rule => "expert_rule_id",
        }
    }
}

/// A stored dynamic factor or expert rule.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Definition {
    /// `risk_factor_id` or `expert_rule_id`.
    #[serde(skip)]
    pub id: Uuid,
    /// The definition's `id` (`cold_below_5c`, `nh3_agv_conflict`), unique in the tenant.
    pub code: String,
    pub name: String,
    /// `foresight_risk::factors::Factor` or `foresight_risk::rules::Rule` as JSON.
    #[schema(value_type = Object)]
    pub definition: serde_json::Value,
    pub enabled: bool,
    pub version: i32,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn columns(kind: Kind) -> String {
    format!("{} AS id, code, name, definition, enabled, version, created_by, created_at, updated_at", kind.id_column())
}

/// Every definition of the tenant, by code.
pub async fn list(conn: &mut PgConnection, kind: Kind) -> Result<Vec<Definition>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {} FROM {} ORDER BY code", columns(kind), kind.table())).fetch_all(conn).await
}

/// The enabled definitions, by code (what the risk cycle evaluates).
pub async fn enabled(conn: &mut PgConnection, kind: Kind) -> Result<Vec<Definition>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {} FROM {} WHERE enabled ORDER BY code", columns(kind), kind.table()))
        .fetch_all(conn)
        .await
}

pub async fn get(conn: &mut PgConnection, kind: Kind, id: Uuid) -> Result<Option<Definition>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {} FROM {} WHERE {} = $1", columns(kind), kind.table(), kind.id_column()))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// What a save writes.
#[derive(Debug, Clone)]
pub struct Fields {
    pub code: String,
    pub name: String,
    pub definition: serde_json::Value,
    pub enabled: bool,
}

pub async fn create(
    conn: &mut PgConnection,
    kind: Kind,
    tenant_id: Uuid,
    fields: &Fields,
    created_by: Option<Uuid>,
) -> Result<Definition, sqlx::Error> {
    let stored: Definition = sqlx::query_as(&format!(
        "INSERT INTO {} (tenant_id, {}, code, name, definition, enabled, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         RETURNING {}",
        kind.table(),
        kind.id_column(),
        columns(kind)
    ))
    .bind(tenant_id)
    .bind(Uuid::now_v7())
    .bind(&fields.code)
    .bind(&fields.name)
    .bind(&fields.definition)
    .bind(fields.enabled)
    .bind(created_by)
    .fetch_one(&mut *conn)
    .await?;
    if kind == Kind::Rule {
        record_revision(conn, tenant_id, &stored, created_by).await?;
    }
    Ok(stored)
}

/// Saves a new version when `expected_version` is current.
pub async fn update(
    conn: &mut PgConnection,
    kind: Kind,
    tenant_id: Uuid,
    id: Uuid,
    expected_version: i32,
    fields: &Fields,
    changed_by: Option<Uuid>,
) -> Result<Versioned<Definition>, sqlx::Error> {
    let updated: Option<Definition> = sqlx::query_as(&format!(
        "UPDATE {} SET code = $3, name = $4, definition = $5, enabled = $6, version = version + 1, updated_at = now() \
         WHERE {} = $1 AND version = $2 RETURNING {}",
        kind.table(),
        kind.id_column(),
        columns(kind)
    ))
    .bind(id)
    .bind(expected_version)
    .bind(&fields.code)
    .bind(&fields.name)
    .bind(&fields.definition)
    .bind(fields.enabled)
    .fetch_optional(&mut *conn)
    .await?;
    if let (Some(stored), Kind::Rule) = (&updated, kind) {
        record_revision(conn, tenant_id, stored, changed_by).await?;
    }
    let current = format!("SELECT version FROM {} WHERE {} = $1", kind.table(), kind.id_column());
    resolve_versioned(updated, conn, &current, id).await
}

pub async fn delete(
    conn: &mut PgConnection,
    kind: Kind,
    id: Uuid,
    expected_version: i32,
) -> Result<Versioned<Definition>, sqlx::Error> {
    let deleted: Option<Definition> = sqlx::query_as(&format!(
        "DELETE FROM {} WHERE {} = $1 AND version = $2 RETURNING {}",
        kind.table(),
        kind.id_column(),
        columns(kind)
    ))
    .bind(id)
    .bind(expected_version)
    .fetch_optional(&mut *conn)
    .await?;
    let current = format!("SELECT version FROM {} WHERE {} = $1", kind.table(), kind.id_column());
    resolve_versioned(deleted, conn, &current, id).await
}

async fn record_revision(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    rule: &Definition,
    changed_by: Option<Uuid>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO expert_rule_revision (tenant_id, expert_rule_id, version, definition, enabled, changed_by) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tenant_id)
    .bind(rule.id)
    .bind(rule.version)
    .bind(&rule.definition)
    .bind(rule.enabled)
    .bind(changed_by)
    .execute(conn)
    .await?;
    Ok(())
}

/// One saved version of an expert rule.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct RuleRevision {
    pub version: i32,
    #[schema(value_type = Object)]
    pub definition: serde_json::Value,
    pub enabled: bool,
    pub changed_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// Every version of a rule, newest first.
pub async fn revisions(conn: &mut PgConnection, id: Uuid) -> Result<Vec<RuleRevision>, sqlx::Error> {
    sqlx::query_as(
        "SELECT version, definition, enabled, changed_by, created_at FROM expert_rule_revision \
         WHERE expert_rule_id = $1 ORDER BY version DESC",
    )
    .bind(id)
    .fetch_all(conn)
    .await
}

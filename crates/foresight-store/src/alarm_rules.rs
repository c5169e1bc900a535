//! Alarm rules (per thing model identifier or per device), their revisions, and raised alarms.

use crate::list::{Page, PageRequest};
use crate::{resolve_versioned, Versioned};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

/// A stored rule.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct AlarmRule {
    pub alarm_rule_id: Uuid,
    pub name: String,
    /// Applies to every device of this thing model (any revision)...
    pub thing_model_identifier: Option<String>,
    /// ...or to this one device.
    pub device_id: Option<Uuid>,
    /// The rule as `foresight_telemetry::rules::AlarmRule`.
    #[schema(value_type = Object)]
    pub definition: serde_json::Value,
    pub enabled: bool,
    pub version: i32,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const RULE_COLUMNS: &str =
    "alarm_rule_id, name, thing_model_identifier, device_id, definition, enabled, version, created_by, created_at, updated_at";

#[derive(Debug, Clone)]
pub struct NewAlarmRule {
    pub name: String,
    pub thing_model_identifier: Option<String>,
    pub device_id: Option<Uuid>,
    pub definition: serde_json::Value,
    pub enabled: bool,
    pub created_by: Option<Uuid>,
}

#[derive(Debug, Clone, Default)]
pub struct AlarmRuleFilter {
    pub thing_model_identifier: Option<String>,
    pub device_id: Option<Uuid>,
    pub enabled: Option<bool>,
}

#[derive(sqlx::FromRow)]
struct CountedRule {
    #[sqlx(flatten)]
    rule: AlarmRule,
    total: i64,
}

pub async fn list(
    conn: &mut PgConnection,
    filter: &AlarmRuleFilter,
    page: &PageRequest,
) -> Result<Page<AlarmRule>, sqlx::Error> {
    let mut qb =
        QueryBuilder::new(format!("SELECT {RULE_COLUMNS}, count(*) OVER () AS total FROM alarm_rule WHERE true"));
    if let Some(m) = &filter.thing_model_identifier {
        qb.push(" AND thing_model_identifier = ").push_bind(m.clone());
    }
    if let Some(d) = filter.device_id {
        qb.push(" AND device_id = ").push_bind(d);
    }
    if let Some(e) = filter.enabled {
        qb.push(" AND enabled = ").push_bind(e);
    }
    qb.push(page.order_by("alarm_rule_id"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<CountedRule> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.rule).collect(), total })
}

pub async fn get(conn: &mut PgConnection, id: Uuid) -> Result<Option<AlarmRule>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {RULE_COLUMNS} FROM alarm_rule WHERE alarm_rule_id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn create(conn: &mut PgConnection, tenant_id: Uuid, new: &NewAlarmRule) -> Result<AlarmRule, sqlx::Error> {
    let rule: AlarmRule = sqlx::query_as(&format!(
        "INSERT INTO alarm_rule (tenant_id, alarm_rule_id, name, thing_model_identifier, device_id, definition, enabled, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {RULE_COLUMNS}"
    ))
    .bind(tenant_id)
    .bind(Uuid::now_v7())
    .bind(&new.name)
    .bind(&new.thing_model_identifier)
    .bind(new.device_id)
    .bind(&new.definition)
    .bind(new.enabled)
    .bind(new.created_by)
    .fetch_one(&mut *conn)
    .await?;
    record_revision(conn, tenant_id, &rule).await?;
    Ok(rule)
}

/// Saves a new version; evaluation state of the old one is discarded (its timers meant another rule).
#[allow(clippy::too_many_arguments)]
pub async fn update(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    id: Uuid,
    expected_version: i32,
    name: &str,
    definition: &serde_json::Value,
    enabled: bool,
    changed_by: Option<Uuid>,
) -> Result<Versioned<AlarmRule>, sqlx::Error> {
    let updated: Option<AlarmRule> = sqlx::query_as(&format!(
        "UPDATE alarm_rule SET name = $3, definition = $4, enabled = $5, created_by = coalesce(created_by, $6), \
         version = version + 1, updated_at = now() WHERE alarm_rule_id = $1 AND version = $2 RETURNING {RULE_COLUMNS}"
    ))
    .bind(id)
    .bind(expected_version)
    .bind(name)
    .bind(definition)
    .bind(enabled)
    .bind(changed_by)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(rule) = &updated {
        record_revision(conn, tenant_id, rule).await?;
        sqlx::query("DELETE FROM alarm_rule_state WHERE alarm_rule_id = $1").bind(id).execute(&mut *conn).await?;
    }
    resolve_versioned(updated, conn, "SELECT version FROM alarm_rule WHERE alarm_rule_id = $1", id).await
}

async fn record_revision(conn: &mut PgConnection, tenant_id: Uuid, rule: &AlarmRule) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO alarm_rule_revision (tenant_id, alarm_rule_id, version, definition, changed_by) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(tenant_id)
    .bind(rule.alarm_rule_id)
    .bind(rule.version)
    .bind(&rule.definition)
    .bind(rule.created_by)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i32,
) -> Result<Versioned<AlarmRule>, sqlx::Error> {
    let deleted: Option<AlarmRule> = sqlx::query_as(&format!(
        "DELETE FROM alarm_rule WHERE alarm_rule_id = $1 AND version = $2 RETURNING {RULE_COLUMNS}"
    ))
    .bind(id)
    .bind(expected_version)
    .fetch_optional(&mut *conn)
    .await?;
    resolve_versioned(deleted, conn, "SELECT version FROM alarm_rule WHERE alarm_rule_id = $1", id).await
}

/// One saved version of a rule.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct AlarmRuleRevision {
    pub version: i32,
    #[schema(value_type = Object)]
    pub definition: serde_json::Value,
    pub changed_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

pub async fn revisions(conn: &mut PgConnection, id: Uuid) -> Result<Vec<AlarmRuleRevision>, sqlx::Error> {
    sqlx::query_as(
        "SELECT version, definition, changed_by, created_at FROM alarm_rule_revision WHERE alarm_rule_id = $1 ORDER BY version DESC",
    )
    .bind(id)
    .fetch_all(conn)
    .await
}

/// An alarm raised by a rule.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Alarm {
    pub alarm_id: Uuid,
    pub alarm_rule_id: Uuid,
    pub rule_version: i32,
    pub rule_name: String,
    pub device_id: Uuid,
    pub device_code: String,
    pub zone_id: Option<Uuid>,
    /// info, warning, alarm or critical.
    pub severity: String,
    /// active or cleared.
    pub status: String,
    pub raised_at: DateTime<Utc>,
    pub cleared_at: Option<DateTime<Utc>>,
    pub escalated_at: Option<DateTime<Utc>>,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, Default)]
pub struct AlarmFilter {
    pub status: Option<String>,
    pub severity: Option<String>,
    pub device_id: Option<Uuid>,
    pub zone_id: Option<Uuid>,
}

#[derive(sqlx::FromRow)]
struct CountedAlarm {
    #[sqlx(flatten)]
    alarm: Alarm,
    total: i64,
}

/// Alarms the caller may see: those of devices outside any zone, or in a zone the caller sees.
pub async fn alarms(
    conn: &mut PgConnection,
    filter: &AlarmFilter,
    page: &PageRequest,
) -> Result<Page<Alarm>, sqlx::Error> {
    let mut qb = QueryBuilder::new(
        "SELECT a.alarm_id, a.alarm_rule_id, a.rule_version, r.name AS rule_name, a.device_id, d.code AS device_code, \
         a.zone_id, a.severity, a.status, a.raised_at, a.cleared_at, a.escalated_at, a.value, count(*) OVER () AS total \
         FROM alarm a JOIN alarm_rule r ON r.tenant_id = a.tenant_id AND r.alarm_rule_id = a.alarm_rule_id \
         JOIN device d ON d.tenant_id = a.tenant_id AND d.device_id = a.device_id \
         WHERE (a.zone_id IS NULL OR EXISTS (SELECT 1 FROM zone z WHERE z.tenant_id = a.tenant_id AND z.zone_id = a.zone_id))",
    );
    if let Some(v) = &filter.status {
        qb.push(" AND a.status = ").push_bind(v.clone());
    }
    if let Some(v) = &filter.severity {
        qb.push(" AND a.severity = ").push_bind(v.clone());
    }
    if let Some(v) = filter.device_id {
        qb.push(" AND a.device_id = ").push_bind(v);
    }
    if let Some(v) = filter.zone_id {
        qb.push(" AND a.zone_id = ").push_bind(v);
    }
    qb.push(page.order_by("a.alarm_id"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<CountedAlarm> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.alarm).collect(), total })
}

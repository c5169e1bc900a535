//! The zone risk history behind the heat map: one row per zone per cycle, replayed by site and time.
//! Also the risk paths opened by expert rules and the outbox of their instructions.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

/// One zone's fused risk at one cycle.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ZoneRisk {
    pub zone_id: Uuid,
    pub site_id: Uuid,
    pub at: DateTime<Utc>,
    /// 0..100 on the four-colour scale (blue 0–25, yellow 25–50, orange 50–75, red 75–100).
    pub value: f64,
    /// red, orange, yellow, blue, or unassessed when no hazard of the zone is assessed.
    pub grade: String,
    /// The colour of `value` alone (what the evidence says, also for an unassessed zone).
    pub value_grade: String,
    /// The value under normal conditions (the static register value).
    pub baseline_value: f64,
    /// `[{"input": name, "value": points}]`, largest first; they sum to value − baseline_value.
    #[schema(value_type = Object)]
    pub contributions: serde_json::Value,
    /// The named inputs, active factors and fired rules of the cycle.
    #[schema(value_type = Object)]
    pub inputs: serde_json::Value,
}

const COLUMNS: &str = "zone_id, site_id, at, value, grade, value_grade, baseline_value, contributions, inputs";

/// Writes one cycle's rows (one multi-row INSERT).
pub async fn insert(conn: &mut PgConnection, tenant_id: Uuid, rows: &[ZoneRisk]) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    // 10 binds per row; PostgreSQL allows 65,535 per statement.
    for chunk in rows.chunks(5_000) {
        let mut qb = QueryBuilder::new(
            "INSERT INTO zone_risk (tenant_id, zone_id, site_id, at, value, grade, value_grade, baseline_value, \
             contributions, inputs) ",
        );
        qb.push_values(chunk, |mut b, r| {
            b.push_bind(tenant_id)
                .push_bind(r.zone_id)
                .push_bind(r.site_id)
                .push_bind(r.at)
                .push_bind(r.value)
                .push_bind(&r.grade)
                .push_bind(&r.value_grade)
                .push_bind(r.baseline_value)
                .push_bind(&r.contributions)
                .push_bind(&r.inputs);
        });
        qb.push(" ON CONFLICT (tenant_id, zone_id, at) DO NOTHING");
        qb.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// The state of every (visible) zone of a site at `at`: each zone's newest row at or before `at`, no older
/// than `max_age` (a zone not assessed for longer is left out rather than shown with a stale colour).
pub async fn state_at(
    conn: &mut PgConnection,
    site_id: Uuid,
    at: DateTime<Utc>,
    max_age: chrono::Duration,
) -> Result<Vec<ZoneRisk>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT DISTINCT ON (r.zone_id) {} FROM zone_risk r \
         WHERE r.site_id = $1 AND r.at <= $2 AND r.at > $3 \
           AND EXISTS (SELECT 1 FROM zone z WHERE z.tenant_id = r.tenant_id AND z.zone_id = r.zone_id) \
         ORDER BY r.zone_id, r.at DESC",
        COLUMNS.split(", ").map(|c| format!("r.{c}")).collect::<Vec<_>>().join(", ")
    ))
    .bind(site_id)
    .bind(at)
    .bind(at - max_age)
    .fetch_all(conn)
    .await
}

/// One zone's rows in `[from, to]`, oldest first.
pub async fn zone_history(
    conn: &mut PgConnection,
    zone_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<ZoneRisk>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM (SELECT {COLUMNS} FROM zone_risk WHERE zone_id = $1 AND at >= $2 AND at <= $3 \
         ORDER BY at DESC LIMIT $4) newest ORDER BY at"
    ))
    .bind(zone_id)
    .bind(from)
    .bind(to)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// A cycle of a site on the replay slider: when, and how many zones had each grade.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct TimelinePoint {
    pub at: DateTime<Utc>,
    /// The highest zone value of the cycle.
    pub max_value: f64,
    pub red: i64,
    pub orange: i64,
    pub yellow: i64,
    pub blue: i64,
    pub unassessed: i64,
}

/// The site's cycles in `[from, to]`, folded into buckets of `bucket_secs` (the worst of each bucket),
/// oldest first.
pub async fn timeline(
    conn: &mut PgConnection,
    site_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    bucket_secs: i64,
) -> Result<Vec<TimelinePoint>, sqlx::Error> {
    sqlx::query_as(
        "WITH cycles AS ( \
           SELECT at, max(value) AS max_value, \
                  count(*) FILTER (WHERE grade = 'red') AS red, count(*) FILTER (WHERE grade = 'orange') AS orange, \
                  count(*) FILTER (WHERE grade = 'yellow') AS yellow, count(*) FILTER (WHERE grade = 'blue') AS blue, \
                  count(*) FILTER (WHERE grade = 'unassessed') AS unassessed \
           FROM zone_risk r WHERE site_id = $1 AND at >= $2 AND at <= $3 \
             AND EXISTS (SELECT 1 FROM zone z WHERE z.tenant_id = r.tenant_id AND z.zone_id = r.zone_id) \
           GROUP BY at) \
         SELECT DISTINCT ON (floor(extract(epoch FROM at) / $4)) at, max_value, red, orange, yellow, blue, unassessed \
         FROM cycles ORDER BY floor(extract(epoch FROM at) / $4), max_value DESC, at DESC",
    )
    .bind(site_id)
    .bind(from)
    .bind(to)
    .bind(bucket_secs as f64)
    .fetch_all(&mut *conn)
    .await
    .map(|mut points: Vec<TimelinePoint>| {
        points.sort_by_key(|p| p.at);
        points
    })
}

/// The recorded named-input snapshots of a site's zones in `[from, to]` (for back-testing rules), oldest
/// first, at most `limit`.
pub async fn snapshots(
    conn: &mut PgConnection,
    site_id: Option<Uuid>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<(Uuid, DateTime<Utc>, serde_json::Value)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT zone_id, at, inputs -> 'snapshot' FROM zone_risk \
         WHERE ($1::uuid IS NULL OR site_id = $1) AND at >= $2 AND at <= $3 ORDER BY at, zone_id LIMIT $4",
    )
    .bind(site_id)
    .bind(from)
    .bind(to)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// An open (or closed) risk path.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct RiskPath {
    pub risk_path_event_id: Uuid,
    pub zone_id: Uuid,
    pub expert_rule_id: Uuid,
    pub rule_version: i32,
    pub path: String,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// Open paths of a site: (zone, rule, path) → event id.
pub async fn open_paths(conn: &mut PgConnection, site_id: Uuid) -> Result<Vec<RiskPath>, sqlx::Error> {
    sqlx::query_as(
        "SELECT risk_path_event_id, zone_id, expert_rule_id, rule_version, path, opened_at, closed_at \
         FROM risk_path_event WHERE site_id = $1 AND closed_at IS NULL",
    )
    .bind(site_id)
    .fetch_all(conn)
    .await
}

/// Paths of one zone that were open at some time in `[from, to]`, newest first.
pub async fn zone_paths(
    conn: &mut PgConnection,
    zone_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<RiskPath>, sqlx::Error> {
    sqlx::query_as(
        "SELECT risk_path_event_id, zone_id, expert_rule_id, rule_version, path, opened_at, closed_at \
         FROM risk_path_event WHERE zone_id = $1 AND opened_at <= $3 AND (closed_at IS NULL OR closed_at >= $2) \
         ORDER BY opened_at DESC LIMIT 100",
    )
    .bind(zone_id)
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await
}

/// A path a rule opened in a zone, at its rising edge.
#[derive(Debug, Clone)]
pub struct NewPath<'a> {
    pub site_id: Uuid,
    pub zone_id: Uuid,
    pub expert_rule_id: Uuid,
    pub rule_version: i32,
    pub path: &'a str,
    pub at: DateTime<Utc>,
    pub snapshot: &'a serde_json::Value,
}

/// Opens a path unless it is open already; true when this call opened it.
pub async fn open_path(conn: &mut PgConnection, tenant_id: Uuid, new: &NewPath<'_>) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO risk_path_event (tenant_id, risk_path_event_id, site_id, zone_id, expert_rule_id, rule_version, \
         path, opened_at, snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (tenant_id, zone_id, expert_rule_id, path) WHERE closed_at IS NULL DO NOTHING",
    )
    .bind(tenant_id)
    .bind(Uuid::now_v7())
    .bind(new.site_id)
    .bind(new.zone_id)
    .bind(new.expert_rule_id)
    .bind(new.rule_version)
    .bind(new.path)
    .bind(new.at)
    .bind(new.snapshot)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn close_paths(conn: &mut PgConnection, ids: &[Uuid], at: DateTime<Utc>) -> Result<(), sqlx::Error> {
    if ids.is_empty() {
        return Ok(());
    }
    sqlx::query("UPDATE risk_path_event SET closed_at = $2, updated_at = now() WHERE risk_path_event_id = ANY($1)")
        .bind(ids)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

/// An instruction of a firing rule, for the outbox.
#[derive(Debug, Clone)]
pub struct NewInstruction<'a> {
    pub site_id: Uuid,
    pub zone_id: Uuid,
    pub expert_rule_id: Uuid,
    pub rule_version: i32,
    pub channel: serde_json::Value,
    pub message_zh: &'a str,
    pub message_en: &'a str,
    pub at: DateTime<Utc>,
}

pub async fn enqueue_instruction(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    new: &NewInstruction<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO risk_instruction_outbox (tenant_id, instruction_id, site_id, zone_id, expert_rule_id, rule_version, \
         channel, message_zh, message_en, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(tenant_id)
    .bind(Uuid::now_v7())
    .bind(new.site_id)
    .bind(new.zone_id)
    .bind(new.expert_rule_id)
    .bind(new.rule_version)
    .bind(&new.channel)
    .bind(new.message_zh)
    .bind(new.message_en)
    .bind(new.at)
    .execute(conn)
    .await?;
    Ok(())
}

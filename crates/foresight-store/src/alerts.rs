//! Alerts: the review state (the pure state machine's JSON with its mirrored columns), occurrences,
//! transitions, corrective actions, and the tenant's alert policy.

use crate::list::{Page, PageRequest};
use chrono::{DateTime, Utc};
use foresight_alerts::policy::AlertPolicy;
use serde::Serialize;
use serde_json::Value;
use sqlx::{PgConnection, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

/// An alert as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct AlertSummary {
    pub alert_id: Uuid,
    pub site_id: Uuid,
    pub zone_id: Uuid,
    pub zone_code: String,
    pub zone_name: String,
    /// `zone_risk`, `device_alarm`, `device_event` or `risk_path`.
    pub source: String,
    /// What raised it, stable per source: signals of the same zone and cause join one alert.
    pub cause: String,
    pub title: String,
    pub title_en: String,
    /// 1 blue .. 4 red: the highest of its occurrences.
    pub severity: i16,
    /// The severity as a heat-map grade: `blue`, `yellow`, `orange`, `red`.
    pub grade: String,
    /// `screening`, `dismissed`, `engineer_review`, `awaiting_data`, `final_review`, `actions_open`, `closed`.
    pub stage: String,
    /// Escalations so far (missed deadlines and escalations by the final reviewer).
    pub escalation: i16,
    pub opened_at: DateTime<Utc>,
    pub last_occurrence_at: DateTime<Utc>,
    pub occurrences: i32,
    /// When the current review level must have acted; absent at the ends.
    pub deadline_at: Option<DateTime<Utc>>,
    /// The deadline has passed (as of the query).
    pub overdue: bool,
    pub closed_at: Option<DateTime<Utc>>,
    /// For `If-Match`.
    pub version: i32,
}

const SUMMARY: &str = "a.alert_id, a.site_id, a.zone_id, z.code AS zone_code, z.name AS zone_name, a.source, a.cause, \
    a.title, a.title_en, a.severity, (ARRAY['blue', 'yellow', 'orange', 'red'])[a.severity] AS grade, a.stage, \
    a.escalation, a.opened_at, a.last_occurrence_at, a.occurrences, a.deadline_at, \
    coalesce(a.deadline_at < now(), false) AS overdue, a.closed_at, a.version";
const FROM: &str = "alert a JOIN zone z ON z.tenant_id = a.tenant_id AND z.zone_id = a.zone_id";

/// The stored review state and what the state machine's caller needs beside it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AlertState {
    pub alert_id: Uuid,
    pub site_id: Uuid,
    pub zone_id: Uuid,
    pub cause: String,
    pub title: String,
    pub title_en: String,
    pub severity: i16,
    pub review: sqlx::types::Json<foresight_alerts::Alert>,
    pub screening: Option<Value>,
    pub evidence: Value,
    pub opened_at: DateTime<Utc>,
    pub version: i32,
}

/// The latest alert of a zone and cause (for correlation), locked for the caller's transaction.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeyLatest {
    pub alert_id: Uuid,
    pub last_occurrence_at: DateTime<Utc>,
    pub severity: i16,
    pub stage: String,
}

/// A stored policy row: grades and severities, window, flap limit and window, deadlines, version.
type PolicyRow = (String, String, String, i32, i32, i32, Value, i32);

/// The tenant's policy, or the defaults when it has none.
pub async fn policy(conn: &mut PgConnection) -> Result<(AlertPolicy, i32), sqlx::Error> {
    let row: Option<PolicyRow> = sqlx::query_as(
        "SELECT zone_grade, alarm_severity, event_severity, correlation_window_secs, flap_limit, flap_window_secs, \
         deadlines, version FROM alert_policy",
    )
    .fetch_optional(conn)
    .await?;
    let Some((zone_grade, alarm_severity, event_severity, window, flap_limit, flap_window, deadlines, version)) = row
    else {
        return Ok((AlertPolicy::default(), 0));
    };
    let policy = AlertPolicy {
        zone_grade,
        alarm_severity,
        event_severity,
        correlation_window_secs: window.into(),
        flap_limit: flap_limit.into(),
        flap_window_secs: flap_window.into(),
        deadlines: serde_json::from_value(deadlines).unwrap_or_default(),
    };
    Ok((policy, version))
}

/// Stores the tenant's policy (already validated); returns the new version.
pub async fn save_policy(conn: &mut PgConnection, tenant_id: Uuid, p: &AlertPolicy) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO alert_policy (tenant_id, zone_grade, alarm_severity, event_severity, correlation_window_secs, \
         flap_limit, flap_window_secs, deadlines) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (tenant_id) DO UPDATE SET zone_grade = EXCLUDED.zone_grade, alarm_severity = EXCLUDED.alarm_severity, \
         event_severity = EXCLUDED.event_severity, correlation_window_secs = EXCLUDED.correlation_window_secs, \
         flap_limit = EXCLUDED.flap_limit, flap_window_secs = EXCLUDED.flap_window_secs, deadlines = EXCLUDED.deadlines, \
         version = alert_policy.version + 1, updated_at = now() RETURNING version",
    )
    .bind(tenant_id)
    .bind(&p.zone_grade)
    .bind(&p.alarm_severity)
    .bind(&p.event_severity)
    .bind(p.correlation_window_secs as i32)
    .bind(p.flap_limit as i32)
    .bind(p.flap_window_secs as i32)
    .bind(serde_json::to_value(p.deadlines).unwrap_or(Value::Null))
    .fetch_one(conn)
    .await
}

/// Serialises signals of one zone and cause across nodes for the rest of the transaction.
pub async fn lock_key(conn: &mut PgConnection, tenant_id: Uuid, zone_id: Uuid, cause: &str) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
        .bind(format!("alert:{tenant_id}:{zone_id}:{cause}"))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn latest_for_key(
    conn: &mut PgConnection,
    zone_id: Uuid,
    cause: &str,
) -> Result<Option<KeyLatest>, sqlx::Error> {
    sqlx::query_as(
        "SELECT alert_id, last_occurrence_at, severity, stage FROM alert WHERE zone_id = $1 AND cause = $2 \
         ORDER BY opened_at DESC, alert_id DESC LIMIT 1 FOR UPDATE",
    )
    .bind(zone_id)
    .bind(cause)
    .fetch_optional(conn)
    .await
}

/// Alerts of a zone and cause opened after `since` (the flapping count).
pub async fn openings_since(
    conn: &mut PgConnection,
    zone_id: Uuid,
    cause: &str,
    since: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM alert WHERE zone_id = $1 AND cause = $2 AND opened_at >= $3")
        .bind(zone_id)
        .bind(cause)
        .bind(since)
        .fetch_one(conn)
        .await
}

/// Whether a signal was already counted (its source_ref is unique).
pub async fn seen(conn: &mut PgConnection, source_ref: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM alert_occurrence WHERE source_ref = $1)")
        .bind(source_ref)
        .fetch_one(conn)
        .await
}

/// A new alert, before screening.
#[derive(Debug, Clone)]
pub struct NewAlert<'a> {
    pub alert_id: Uuid,
    pub site_id: Uuid,
    pub zone_id: Uuid,
    pub source: &'a str,
    pub cause: &'a str,
    pub title: &'a str,
    pub title_en: &'a str,
    pub severity: u8,
    pub at: DateTime<Utc>,
    pub evidence: Value,
}

pub async fn insert(conn: &mut PgConnection, tenant_id: Uuid, a: &NewAlert<'_>) -> Result<(), sqlx::Error> {
    let review = foresight_alerts::Alert::new();
    sqlx::query(
        "INSERT INTO alert (tenant_id, alert_id, site_id, zone_id, source, cause, title, title_en, severity, stage, \
         review, evidence, opened_at, last_occurrence_at, occurrences) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'screening', $10, $11, $12, $12, 0)",
    )
    .bind(tenant_id)
    .bind(a.alert_id)
    .bind(a.site_id)
    .bind(a.zone_id)
    .bind(a.source)
    .bind(a.cause)
    .bind(a.title)
    .bind(a.title_en)
    .bind(i16::from(a.severity))
    .bind(sqlx::types::Json(&review))
    .bind(&a.evidence)
    .bind(a.at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Counts a signal on an alert (raising its severity when higher). False when the signal was already
/// counted, on this alert or another.
#[allow(clippy::too_many_arguments)]
pub async fn add_occurrence(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    alert_id: Uuid,
    source_ref: &str,
    at: DateTime<Utc>,
    severity: u8,
    detail: &str,
    detail_en: &str,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO alert_occurrence (tenant_id, alert_id, occurrence_id, source_ref, at, severity, detail, detail_en) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant_id, source_ref) DO NOTHING",
    )
    .bind(tenant_id)
    .bind(alert_id)
    .bind(Uuid::now_v7())
    .bind(source_ref)
    .bind(at)
    .bind(i16::from(severity))
    .bind(detail)
    .bind(detail_en)
    .execute(&mut *conn)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE alert SET occurrences = occurrences + 1, last_occurrence_at = greatest(last_occurrence_at, $2), \
         severity = greatest(severity, $3), updated_at = now() WHERE alert_id = $1",
    )
    .bind(alert_id)
    .bind(at)
    .bind(i16::from(severity))
    .execute(conn)
    .await?;
    Ok(true)
}

const STATE: &str =
    "SELECT alert_id, site_id, zone_id, cause, title, title_en, severity, review, screening, evidence, \
    opened_at, version FROM alert WHERE alert_id = $1";

/// The review state, locked for the caller's transaction; `None` when absent or not visible.
pub async fn state_for_update(conn: &mut PgConnection, alert_id: Uuid) -> Result<Option<AlertState>, sqlx::Error> {
    sqlx::query_as(&format!("{STATE} FOR UPDATE")).bind(alert_id).fetch_optional(conn).await
}

/// The review state for reading (detail, evidence, record): no lock, so readers never wait for a review.
pub async fn state(conn: &mut PgConnection, alert_id: Uuid) -> Result<Option<AlertState>, sqlx::Error> {
    sqlx::query_as(STATE).bind(alert_id).fetch_optional(conn).await
}

/// Writes the review state back with its mirrored columns; bumps the version.
pub async fn save_review(
    conn: &mut PgConnection,
    alert_id: Uuid,
    review: &foresight_alerts::Alert,
    deadline_at: Option<DateTime<Utc>>,
    screening: Option<&Value>,
) -> Result<i32, sqlx::Error> {
    let stage =
        serde_json::to_value(review.stage).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let closed = matches!(review.stage, foresight_alerts::Stage::Closed | foresight_alerts::Stage::Dismissed);
    sqlx::query_scalar(
        "UPDATE alert SET review = $2, stage = $3, escalation = $4, decided_by = $5, deadline_at = $6, \
         closed_at = CASE WHEN $7 THEN coalesce(closed_at, now()) ELSE NULL END, \
         screening = coalesce($8, screening), version = version + 1, updated_at = now() \
         WHERE alert_id = $1 RETURNING version",
    )
    .bind(alert_id)
    .bind(sqlx::types::Json(review))
    .bind(stage)
    .bind(i16::from(review.escalation))
    .bind(review.decision.as_ref().map(|(_, by)| *by))
    .bind(deadline_at)
    .bind(closed)
    .bind(screening)
    .fetch_one(conn)
    .await
}

/// Records one transition row (the audit event is appended by the caller, whose sequence is kept here).
#[allow(clippy::too_many_arguments)]
pub async fn insert_transition(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    alert_id: Uuid,
    t: &foresight_alerts::Transition,
    actor_name: &str,
    audit_seq: i64,
) -> Result<(), sqlx::Error> {
    let (kind, id) = match t.actor {
        foresight_alerts::Actor::System => ("system", None),
        foresight_alerts::Actor::Person(id) => ("person", Some(id)),
    };
    let stage = |s: foresight_alerts::Stage| serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string));
    sqlx::query(
        "INSERT INTO alert_transition (tenant_id, alert_id, seq, at, actor_kind, actor_id, actor_name, command, \
         from_stage, to_stage, audit_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(tenant_id)
    .bind(alert_id)
    .bind(t.seq as i32)
    .bind(t.at)
    .bind(kind)
    .bind(id)
    .bind(actor_name)
    .bind(sqlx::types::Json(&t.command))
    .bind(stage(t.from))
    .bind(stage(t.to))
    .bind(audit_seq)
    .execute(conn)
    .await?;
    Ok(())
}

/// Mirrors the review state's actions into the actions board's table.
pub async fn sync_actions(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    alert_id: Uuid,
    actions: &[foresight_alerts::review::Action],
) -> Result<(), sqlx::Error> {
    for a in actions {
        sqlx::query(
            "INSERT INTO alert_action (tenant_id, action_id, alert_id, title, owner_id, due_at, done_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, action_id) DO UPDATE SET \
             done_at = EXCLUDED.done_at, updated_at = now() WHERE alert_action.done_at IS DISTINCT FROM EXCLUDED.done_at",
        )
        .bind(tenant_id)
        .bind(a.id)
        .bind(alert_id)
        .bind(&a.title)
        .bind(a.owner)
        .bind(a.due)
        .bind(a.done_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// List filters.
#[derive(Debug, Clone, Default)]
pub struct AlertFilter {
    pub site_id: Option<Uuid>,
    pub zone_id: Option<Uuid>,
    pub stage: Option<String>,
    /// Not closed and not dismissed.
    pub open: bool,
    /// Waiting for this person: level 2 in their zones when they review, level 3 not decided by them when
    /// they approve, open actions they own.
    pub waiting_for: Option<Waiting>,
}

/// Who the queue is for.
#[derive(Debug, Clone, Copy)]
pub struct Waiting {
    pub user_id: Uuid,
    pub reviews: bool,
    pub approves: bool,
}

#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    item: AlertSummary,
    total: i64,
}

pub async fn list(
    conn: &mut PgConnection,
    f: &AlertFilter,
    page: &PageRequest,
) -> Result<Page<AlertSummary>, sqlx::Error> {
    let mut qb = QueryBuilder::new(format!("SELECT {SUMMARY}, count(*) OVER () AS total FROM {FROM} WHERE true"));
    if let Some(site) = f.site_id {
        qb.push(" AND a.site_id = ").push_bind(site);
    }
    if let Some(zone) = f.zone_id {
        qb.push(" AND a.zone_id = ").push_bind(zone);
    }
    if let Some(stage) = &f.stage {
        qb.push(" AND a.stage = ").push_bind(stage.clone());
    }
    if f.open {
        qb.push(" AND a.stage NOT IN ('closed', 'dismissed')");
    }
    if let Some(w) = f.waiting_for {
        qb.push(" AND (false");
        if w.reviews {
            qb.push(" OR a.stage IN ('engineer_review', 'awaiting_data')");
        }
        if w.approves {
            qb.push(" OR (a.stage = 'final_review' AND a.decided_by IS DISTINCT FROM ").push_bind(w.user_id).push(")");
        }
        qb.push(
            " OR (a.stage = 'actions_open' AND EXISTS (SELECT 1 FROM alert_action x WHERE x.tenant_id = a.tenant_id \
                  AND x.alert_id = a.alert_id AND x.done_at IS NULL AND x.owner_id = ",
        )
        .push_bind(w.user_id)
        .push(")))");
    }
    qb.push(page.order_by("a.alert_id"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<Counted> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.item).collect(), total })
}

pub async fn summary(conn: &mut PgConnection, alert_id: Uuid) -> Result<Option<AlertSummary>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {SUMMARY} FROM {FROM} WHERE a.alert_id = $1"))
        .bind(alert_id)
        .fetch_optional(conn)
        .await
}

/// One transition as the timeline shows it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct TransitionRow {
    pub seq: i32,
    pub at: DateTime<Utc>,
    /// `system` or `person`.
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    /// The command as the state machine recorded it (`{"command": "decide", ...}`).
    #[schema(value_type = Object)]
    pub command: Value,
    pub from_stage: String,
    pub to_stage: String,
    /// The audit event recording it (its place in the hash chain).
    pub audit_seq: i64,
}

pub async fn transitions(conn: &mut PgConnection, alert_id: Uuid) -> Result<Vec<TransitionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT seq, at, actor_kind, actor_id, actor_name, command, from_stage, to_stage, audit_seq \
         FROM alert_transition WHERE alert_id = $1 ORDER BY seq",
    )
    .bind(alert_id)
    .fetch_all(conn)
    .await
}

/// One occurrence.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Occurrence {
    pub at: DateTime<Utc>,
    pub severity: i16,
    /// The severity as a grade (`blue` .. `red`).
    pub grade: String,
    pub detail: String,
    pub detail_en: String,
}

/// The newest occurrences of an alert.
pub async fn recent_occurrences(
    conn: &mut PgConnection,
    alert_id: Uuid,
    limit: i64,
) -> Result<Vec<Occurrence>, sqlx::Error> {
    sqlx::query_as(
        "SELECT at, severity, (ARRAY['blue', 'yellow', 'orange', 'red'])[severity] AS grade, detail, detail_en \
         FROM alert_occurrence WHERE alert_id = $1 ORDER BY at DESC LIMIT $2",
    )
    .bind(alert_id)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// A corrective action as the board shows it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ActionRow {
    pub action_id: Uuid,
    pub alert_id: Uuid,
    pub title: String,
    pub owner_id: Uuid,
    pub owner_name: String,
    pub due_at: DateTime<Utc>,
    pub done_at: Option<DateTime<Utc>>,
    /// Not done and past due.
    pub overdue: bool,
    pub alert_title: String,
    pub alert_title_en: String,
    pub zone_code: String,
}

const ACTIONS: &str = "SELECT x.action_id, x.alert_id, x.title, x.owner_id, u.display_name AS owner_name, x.due_at, \
    x.done_at, (x.done_at IS NULL AND x.due_at < now()) AS overdue, a.title AS alert_title, a.title_en AS alert_title_en, z.code AS zone_code \
    FROM alert_action x JOIN alert a ON a.tenant_id = x.tenant_id AND a.alert_id = x.alert_id \
    JOIN zone z ON z.tenant_id = a.tenant_id AND z.zone_id = a.zone_id \
    JOIN app_user u ON u.tenant_id = x.tenant_id AND u.user_id = x.owner_id";

pub async fn actions_of(conn: &mut PgConnection, alert_id: Uuid) -> Result<Vec<ActionRow>, sqlx::Error> {
    sqlx::query_as(&format!("{ACTIONS} WHERE x.alert_id = $1 ORDER BY x.due_at, x.action_id"))
        .bind(alert_id)
        .fetch_all(conn)
        .await
}

#[derive(sqlx::FromRow)]
struct CountedAction {
    #[sqlx(flatten)]
    item: ActionRow,
    total: i64,
}

/// The actions board: optionally one owner's, optionally open ones only; soonest due first.
pub async fn actions(
    conn: &mut PgConnection,
    owner: Option<Uuid>,
    open_only: bool,
    page: &PageRequest,
) -> Result<Page<ActionRow>, sqlx::Error> {
    let mut qb =
        QueryBuilder::new(format!("SELECT * FROM (SELECT q.*, count(*) OVER () AS total FROM ({ACTIONS} WHERE true"));
    if let Some(owner) = owner {
        qb.push(" AND x.owner_id = ").push_bind(owner);
    }
    if open_only {
        qb.push(" AND x.done_at IS NULL");
    }
    qb.push(") q) r");
    qb.push(page.order_by("action_id"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<CountedAction> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.item).collect(), total })
}

/// People holding any of `roles` tenant-wide or in `zone_id` (active accounts only), with their ids and names.
pub async fn people_with_roles(
    conn: &mut PgConnection,
    roles: &[&str],
    zone_id: Uuid,
) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    let roles: Vec<String> = roles.iter().map(|r| (*r).to_string()).collect();
    sqlx::query_as(
        "SELECT DISTINCT u.user_id, u.display_name FROM app_user u JOIN role_assignment r \
         ON r.tenant_id = u.tenant_id AND r.user_id = u.user_id \
         WHERE u.status = 'active' AND r.role = ANY($1) AND (r.zone_id IS NULL OR r.zone_id = $2) ORDER BY u.user_id",
    )
    .bind(roles)
    .bind(zone_id)
    .fetch_all(conn)
    .await
}

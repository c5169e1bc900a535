//! Reading committed rows into signals: device alarms and device events at or above the policy's
//! severity, zone risk at or above its grade, and opened risk paths. Every signal carries the identity of
//! its row, so reading the same rows twice (a notification and a catch-up) counts nothing twice.

use crate::fanout::grade_zh;
use crate::intake::Incoming;
use chrono::{DateTime, Utc};
use foresight_alerts::policy::{grade_of_severity, severity_of_device_level, severity_of_grade, AlertPolicy};
use serde_json::{json, Value};
use sqlx::PgConnection;
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct AlarmRow {
    alarm_id: Uuid,
    alarm_rule_id: Uuid,
    device_id: Uuid,
    zone_id: Uuid,
    site_id: Uuid,
    severity: String,
    raised_at: DateTime<Utc>,
    value: Option<f64>,
    device_code: String,
    device_name: String,
    rule_name: String,
}

/// Alarms written at or after `since` that are severe enough, oldest first.
pub async fn alarms_since(
    conn: &mut PgConnection,
    policy: &AlertPolicy,
    since: DateTime<Utc>,
) -> Result<Vec<Incoming>, sqlx::Error> {
    let rows: Vec<AlarmRow> = sqlx::query_as(
        "SELECT a.alarm_id, a.alarm_rule_id, a.device_id, coalesce(a.zone_id, d.zone_id) AS zone_id, d.site_id, a.severity, \
         a.raised_at, a.value, d.code AS device_code, d.name AS device_name, r.name AS rule_name \
         FROM alarm a JOIN device d ON d.tenant_id = a.tenant_id AND d.device_id = a.device_id \
         JOIN alarm_rule r ON r.tenant_id = a.tenant_id AND r.alarm_rule_id = a.alarm_rule_id \
         WHERE a.created_at >= $1 AND coalesce(a.zone_id, d.zone_id) IS NOT NULL ORDER BY a.raised_at, a.alarm_id",
    )
    .bind(since)
    .fetch_all(conn)
    .await?;
    let threshold = policy.alarm_threshold();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let severity = severity_of_device_level(&r.severity)?;
            (severity >= threshold).then(|| {
                let value = r.value.map(|v| format!("{v}")).unwrap_or_default();
                Incoming {
                    site_id: r.site_id,
                    zone_id: r.zone_id,
                    source: "device_alarm",
                    cause: format!("alarm:{}:{}", r.alarm_rule_id, r.device_id),
                    source_ref: format!("alarm:{}", r.alarm_id),
                    severity,
                    at: r.raised_at,
                    title: format!("{}：{}", r.device_name, r.rule_name),
                    title_en: format!("{}: {}", r.device_code, r.rule_name),
                    detail: format!("{} {} 报警，值 {value}", r.device_code, r.rule_name),
                    detail_en: format!("{} {} alarm at {value}", r.device_code, r.rule_name),
                    device_id: Some(r.device_id),
                    evidence: json!({ "alarm_id": r.alarm_id, "alarm_rule_id": r.alarm_rule_id, "value": r.value }),
                }
            })
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct EventRow {
    event_id: Uuid,
    device_id: Uuid,
    zone_id: Uuid,
    site_id: Uuid,
    identifier: String,
    severity: String,
    ts: DateTime<Utc>,
    device_code: String,
    device_name: String,
    event_name: Option<String>,
    event_name_en: Option<String>,
}

/// Device events (SOS, falls, detections, DCS alarms) received at or after `since` that are severe enough.
pub async fn events_since(
    conn: &mut PgConnection,
    policy: &AlertPolicy,
    since: DateTime<Utc>,
) -> Result<Vec<Incoming>, sqlx::Error> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT e.event_id, e.device_id, e.zone_id, e.site_id, e.identifier, e.severity, e.ts, d.code AS device_code, \
         d.name AS device_name, ev ->> 'name' AS event_name, ev ->> 'name_en' AS event_name_en \
         FROM device_event e JOIN device d ON d.tenant_id = e.tenant_id AND d.device_id = e.device_id \
         JOIN thing_model m ON m.tenant_id = d.tenant_id AND m.thing_model_id = d.thing_model_id \
         LEFT JOIN LATERAL (SELECT x AS ev FROM jsonb_array_elements(m.definition -> 'events') x \
                            WHERE x ->> 'identifier' = e.identifier LIMIT 1) named ON true \
         WHERE e.received_at >= $1 AND e.zone_id IS NOT NULL ORDER BY e.ts, e.event_id",
    )
    .bind(since)
    .fetch_all(conn)
    .await?;
    let threshold = policy.event_threshold();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let severity = severity_of_device_level(&r.severity)?;
            (severity >= threshold).then(|| {
                let name = r.event_name.clone().unwrap_or_else(|| r.identifier.clone());
                let name_en = r.event_name_en.clone().unwrap_or_else(|| r.identifier.clone());
                Incoming {
                    site_id: r.site_id,
                    zone_id: r.zone_id,
                    source: "device_event",
                    cause: format!("event:{}:{}", r.device_id, r.identifier),
                    source_ref: format!("event:{}", r.event_id),
                    severity,
                    at: r.ts,
                    title: format!("{}：{name}", r.device_name),
                    title_en: format!("{}: {name_en}", r.device_code),
                    detail: format!("{} 上报{name}", r.device_code),
                    detail_en: format!("{} reported {name_en}", r.device_code),
                    device_id: Some(r.device_id),
                    evidence: json!({ "event_id": r.event_id, "identifier": r.identifier }),
                }
            })
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct ZoneRow {
    zone_id: Uuid,
    grade: String,
    value: f64,
    contributions: Value,
    inputs: Value,
    zone_code: String,
    zone_name: String,
}

/// Zones of a site whose risk at the cycle `at` reached the policy's grade.
pub async fn zone_risk_at(
    conn: &mut PgConnection,
    policy: &AlertPolicy,
    site_id: Uuid,
    at: DateTime<Utc>,
) -> Result<Vec<Incoming>, sqlx::Error> {
    let rows: Vec<ZoneRow> = sqlx::query_as(
        "SELECT r.zone_id, r.grade, r.value, r.contributions, r.inputs, z.code AS zone_code, z.name AS zone_name \
         FROM zone_risk r JOIN zone z ON z.tenant_id = r.tenant_id AND z.zone_id = r.zone_id \
         WHERE r.site_id = $1 AND r.at = $2",
    )
    .bind(site_id)
    .bind(at)
    .fetch_all(conn)
    .await?;
    let threshold = policy.zone_threshold();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let severity = severity_of_grade(&r.grade)?;
            (severity >= threshold).then(|| Incoming {
                site_id,
                zone_id: r.zone_id,
                source: "zone_risk",
                cause: "zone_risk".into(),
                source_ref: format!("zone_risk:{}:{}", r.zone_id, at.timestamp_millis()),
                severity,
                at,
                title: format!("{} {} 区域风险{}", r.zone_code, r.zone_name, grade_zh(severity)),
                title_en: format!("Zone {} risk {}", r.zone_code, grade_of_severity(severity)),
                detail: format!("区域风险值 {:.0}（{}）", r.value, grade_zh(severity)),
                detail_en: format!("zone risk {:.0} ({})", r.value, grade_of_severity(severity)),
                device_id: None,
                evidence: json!({ "zone_risk_at": at, "value": r.value, "contributions": r.contributions, "inputs": r.inputs }),
            })
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct PathRow {
    risk_path_event_id: Uuid,
    zone_id: Uuid,
    path: String,
    expert_rule_id: Uuid,
    rule_name: String,
    snapshot: Value,
    zone_code: String,
    grade: Option<String>,
}

/// Risk paths an expert rule opened in the cycle `at`: at least orange, or the zone's grade when higher.
pub async fn paths_opened_at(
    conn: &mut PgConnection,
    site_id: Uuid,
    at: DateTime<Utc>,
) -> Result<Vec<Incoming>, sqlx::Error> {
    let rows: Vec<PathRow> = sqlx::query_as(
        "SELECT p.risk_path_event_id, p.zone_id, p.path, p.expert_rule_id, r.name AS rule_name, p.snapshot, \
         z.code AS zone_code, zr.grade FROM risk_path_event p \
         JOIN expert_rule r ON r.tenant_id = p.tenant_id AND r.expert_rule_id = p.expert_rule_id \
         JOIN zone z ON z.tenant_id = p.tenant_id AND z.zone_id = p.zone_id \
         LEFT JOIN zone_risk zr ON zr.tenant_id = p.tenant_id AND zr.zone_id = p.zone_id AND zr.at = p.opened_at \
         WHERE p.site_id = $1 AND p.opened_at = $2",
    )
    .bind(site_id)
    .bind(at)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let severity = r.grade.as_deref().and_then(severity_of_grade).unwrap_or(3).max(3);
            Incoming {
                site_id,
                zone_id: r.zone_id,
                source: "risk_path",
                cause: format!("path:{}:{}", r.expert_rule_id, r.path),
                source_ref: format!("path:{}", r.risk_path_event_id),
                severity,
                at,
                title: format!("{}：{}", r.zone_code, r.rule_name),
                title_en: format!("{}: {} ({})", r.zone_code, r.rule_name, r.path),
                detail: format!("专家规则“{}”触发风险路径 {}", r.rule_name, r.path),
                detail_en: format!("expert rule \"{}\" opened risk path {}", r.rule_name, r.path),
                device_id: None,
                evidence: json!({ "risk_path_event_id": r.risk_path_event_id, "expert_rule_id": r.expert_rule_id, "snapshot": r.snapshot }),
            }
        })
        .collect())
}

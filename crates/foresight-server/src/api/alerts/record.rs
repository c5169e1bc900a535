//! The printable review record of an alert: who decided what, when, on which evidence, with the audit
//! sequence of every step (the hash chain proves it unchanged), rendered with askama
//! (`templates/alert_record.html`, HTML-escaped) for printing or saving as PDF.

use crate::api::CommonErrors;
use crate::authz::{perm, Authorized};
use crate::error::ApiError;
use crate::extract::Path;
use askama::Template;
use axum::http::header;
use axum::response::IntoResponse;
use foresight_store::alerts;
use serde_json::Value;
use uuid::Uuid;

const STAGE_ZH: &[(&str, &str)] = &[
    ("screening", "系统筛查"),
    ("dismissed", "系统驳回"),
    ("engineer_review", "车间工程师审核"),
    ("awaiting_data", "待补充数据"),
    ("final_review", "厂级安全部终审"),
    ("actions_open", "整改中"),
    ("closed", "已关闭"),
];

const COMMAND_ZH: &[(&str, &str)] = &[
    ("screen_confirm", "系统筛查确认"),
    ("screen_dismiss", "系统筛查驳回"),
    ("reopen", "重新打开"),
    ("decide", "车间审核结论"),
    ("request_data", "要求补充数据"),
    ("supply_data", "补充数据"),
    ("approve", "终审通过"),
    ("return", "终审退回"),
    ("escalate", "上报"),
    ("deadline_missed", "超时升级"),
    ("add_action", "增加整改措施"),
    ("complete_action", "措施完成"),
];

fn zh<'a>(table: &'a [(&str, &'a str)], key: &'a str) -> &'a str {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v).unwrap_or(key)
}

struct Step {
    seq: i32,
    at: String,
    actor: String,
    from: String,
    to: String,
    command: String,
    comment: String,
    audit_seq: i64,
}

struct ActionLine {
    title: String,
    owner: String,
    due: String,
    done: String,
}

#[derive(Template)]
#[template(path = "alert_record.html")]
struct Record {
    alert_id: Uuid,
    title: String,
    zone_code: String,
    zone_name: String,
    source: String,
    cause: String,
    grade: String,
    opened_at: String,
    occurrences: i32,
    stage: String,
    screening: String,
    steps: Vec<Step>,
    actions: Vec<ActionLine>,
    evidence: String,
}

/// What the decisions rested on, in a line: the signal that opened the alert and the largest
/// contributions of the zone's risk at the time.
fn evidence_line(evidence: &Value) -> String {
    let mut parts = Vec::new();
    if let Some(value) = evidence.get("value").and_then(Value::as_f64) {
        parts.push(format!("区域风险值 {value:.0}"));
    }
    if let Some(list) = evidence.get("contributions").and_then(Value::as_array) {
        let mut items: Vec<(String, f64)> = list
            .iter()
            .filter_map(|c| Some((c.get("input")?.as_str()?.to_string(), c.get("value")?.as_f64()?)))
            .collect();
        items.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        for (input, value) in items.into_iter().take(5) {
            parts.push(format!("{input} {value:+.1}"));
        }
    }
    if let Some(value) = evidence.get("value").and_then(Value::as_f64).filter(|_| evidence.get("alarm_id").is_some()) {
        parts.push(format!("报警值 {value}"));
    }
    if let Some(id) = evidence.get("identifier").and_then(Value::as_str) {
        parts.push(format!("设备事件 {id}"));
    }
    if parts.is_empty() {
        "见告警详情中的证据链".into()
    } else {
        parts.join("；")
    }
}

/// The review record as a printable HTML page (zh-CN).
#[utoipa::path(get, path = "/alerts/{alert_id}/record", tag = "alerts", params(("alert_id" = Uuid, Path)),
    responses((status = 200, content_type = "text/html", description = "The printable review record"), CommonErrors),
    security(("bearer" = [])))]
pub(super) async fn alert_record(
    mut auth: Authorized<perm::AlertRead>,
    Path(alert_id): Path<Uuid>,
) -> Result<impl IntoResponse, ApiError> {
    let alert = alerts::summary(&mut auth.tx, alert_id).await?.ok_or(ApiError::NotFound)?;
    let state = alerts::state(&mut auth.tx, alert_id).await?.ok_or(ApiError::NotFound)?;
    let transitions = alerts::transitions(&mut auth.tx, alert_id).await?;
    let actions = alerts::actions_of(&mut auth.tx, alert_id).await?;
    auth.commit().await?;
    let time = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M:%S UTC").to_string();
    let steps = transitions
        .iter()
        .map(|t| {
            let command = t.command.get("command").and_then(Value::as_str).unwrap_or("");
            let comment = ["comment", "reasoning"].iter().find_map(|k| t.command.get(*k).and_then(Value::as_str));
            Step {
                seq: t.seq,
                at: time(t.at),
                actor: t.actor_name.clone(),
                from: zh(STAGE_ZH, &t.from_stage).to_string(),
                to: zh(STAGE_ZH, &t.to_stage).to_string(),
                command: zh(COMMAND_ZH, command).to_string(),
                comment: comment.unwrap_or("").to_string(),
                audit_seq: t.audit_seq,
            }
        })
        .collect();
    let actions = actions
        .iter()
        .map(|a| ActionLine {
            title: a.title.clone(),
            owner: a.owner_name.clone(),
            due: a.due_at.format("%Y-%m-%d %H:%M").to_string(),
            done: a.done_at.map(|d| d.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "未完成".into()),
        })
        .collect();
    let screening = state.screening.as_ref().and_then(|s| s.get("reasoning")).and_then(Value::as_str).unwrap_or("");
    let record = Record {
        alert_id: alert.alert_id,
        title: alert.title.clone(),
        zone_code: alert.zone_code.clone(),
        zone_name: alert.zone_name.clone(),
        source: alert.source.clone(),
        cause: alert.cause.clone(),
        grade: foresight_alerting::fanout::grade_zh(u8::try_from(alert.severity).unwrap_or(4)).to_string(),
        opened_at: time(alert.opened_at),
        occurrences: alert.occurrences,
        stage: zh(STAGE_ZH, &alert.stage).to_string(),
        screening: screening.to_string(),
        steps,
        actions,
        evidence: evidence_line(&state.evidence),
    };
    let html = record.render().map_err(|e| ApiError::Internal(e.into()))?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_people_is_escaped() {
        let record = Record {
            alert_id: Uuid::nil(),
            title: "<script>alert(1)</script>".into(),
            zone_code: "F-300".into(),
            zone_name: "灌装线".into(),
            source: "device_alarm".into(),
            cause: "c".into(),
            grade: "橙色".into(),
            opened_at: "t".into(),
            occurrences: 1,
            stage: "已关闭".into(),
            screening: "s".into(),
            steps: vec![Step {
                seq: 1,
                at: "t".into(),
                actor: "孙工".into(),
                from: "a".into(),
                to: "b".into(),
                command: "车间审核结论".into(),
                comment: "\"quoted\" & <b>".into(),
                audit_seq: 7,
            }],
            actions: vec![],
            evidence: "e".into(),
        };
        let html = record.render().unwrap();
        // askama writes numeric entities (&#60; for <).
        assert!(!html.contains("<script>") && html.contains("&#60;script&#62;"), "{html}");
        assert!(!html.contains("<b>") && html.contains("&#38; &#60;b&#62;") && html.contains("#7"), "{html}");
    }

    #[test]
    fn the_evidence_line_names_the_largest_contributions_first() {
        let line = evidence_line(&serde_json::json!({"value": 72.4, "contributions": [
            {"input": "people_in_zone", "value": 3.0}, {"input": "nh3_max", "value": 20.5}]}));
        assert_eq!(line, "区域风险值 72；nh3_max +20.5；people_in_zone +3.0");
    }
}

//! The printable review record of an alert: who decided what, when, on which evidence, with the audit
//! sequence of every step (the hash chain proves it unchanged), as an HTML page for printing or PDF.

use crate::api::CommonErrors;
use crate::authz::{perm, Authorized};
use crate::error::ApiError;
use crate::extract::Path;
use axum::http::header;
use axum::response::IntoResponse;
use foresight_store::alerts;
use uuid::Uuid;

/// Escapes text for HTML element content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STAGE_ZH: &[(&str, &str)] = &[
    ("screening", "系统筛查"),
    ("dismissed", "系统驳回"),
    ("engineer_review", "车间工程师审核"),
    ("awaiting_data", "待补充数据"),
    ("final_review", "厂级安全部终审"),
    ("actions_open", "整改中"),
    ("closed", "已关闭"),
];

fn stage_zh(stage: &str) -> &str {
    STAGE_ZH.iter().find(|(k, _)| *k == stage).map(|(_, v)| *v).unwrap_or(stage)
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
    let state = alerts::state_for_update(&mut auth.tx, alert_id).await?.ok_or(ApiError::NotFound)?;
    let transitions = alerts::transitions(&mut auth.tx, alert_id).await?;
    let actions = alerts::actions_of(&mut auth.tx, alert_id).await?;
    auth.commit().await?;
    let mut rows = String::new();
    for t in &transitions {
        let comment =
            ["comment", "reasoning"].iter().find_map(|k| t.command.get(*k).and_then(|v| v.as_str())).unwrap_or("");
        let command = t.command.get("command").and_then(|v| v.as_str()).unwrap_or("");
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} → {}</td><td>{}</td><td>#{}</td></tr>\n",
            t.seq,
            esc(&t.at.format("%Y-%m-%d %H:%M:%S UTC").to_string()),
            esc(&t.actor_name),
            esc(stage_zh(&t.from_stage)),
            esc(stage_zh(&t.to_stage)),
            esc(&format!("{command}：{comment}")),
            t.audit_seq
        ));
    }
    let mut action_rows = String::new();
    for a in &actions {
        let done = a.done_at.map(|d| d.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| "未完成".into());
        action_rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&a.title),
            esc(&a.owner_name),
            esc(&a.due_at.format("%Y-%m-%d %H:%M").to_string()),
            esc(&done)
        ));
    }
    let screening =
        state.screening.as_ref().and_then(|s| s.get("reasoning")).and_then(|v| v.as_str()).unwrap_or("").to_string();
    let html = format!(
        r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>告警审核记录 {id}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}}@media print{{button{{display:none}}}}</style></head>
<body><h1>告警审核记录</h1>
<p>告警：{title}<br>区域：{zone} {zone_name}<br>来源：{source}（{cause}）<br>等级：{severity} 级（1 蓝 – 4 红）<br>
首次发生：{opened}<br>发生次数：{occurrences}<br>当前阶段：{stage}<br>编号：{id}</p>
<h2>系统筛查</h2><p>{screening}</p>
<h2>审核过程</h2><table><tr><th>序号</th><th>时间</th><th>操作人</th><th>阶段</th><th>操作与意见</th><th>审计链序号</th></tr>
{rows}</table>
<h2>整改措施</h2><table><tr><th>措施</th><th>负责人</th><th>期限</th><th>完成</th></tr>
{action_rows}</table>
<p>每一步均记录在哈希链审计日志中（见审计链序号），可在“审计日志”中验证未被篡改。</p></body></html>"#,
        id = alert.alert_id,
        title = esc(&alert.title),
        zone = esc(&alert.zone_code),
        zone_name = esc(&alert.zone_name),
        source = esc(&alert.source),
        cause = esc(&alert.cause),
        severity = alert.severity,
        opened = esc(&alert.opened_at.format("%Y-%m-%d %H:%M:%S UTC").to_string()),
        occurrences = alert.occurrences,
        stage = esc(stage_zh(&alert.stage)),
        screening = esc(&screening),
    );
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html))
}

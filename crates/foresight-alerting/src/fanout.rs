//! Who and what is told when an alert opens, rises or moves: the browsers (a `foresight_alert`
//! notification that every node's SSE streams forward), the inbox of the people the alert now waits for
//! (and, once escalated, the next people up), webhooks, and the wearables and devices of the zone (MQTT
//! downlinks). Everything is written in the caller's transaction: nothing is told of a change that did
//! not commit, and nothing committed goes untold (the outbox is delivered after a crash).

use foresight_alerts::policy::{grade_of_severity, severity_of_grade};
use foresight_alerts::recipients::{roles_informed, roles_to_tell};
use foresight_alerts::{Alert, Command, Stage, Transition};
use foresight_store::alerts::{self, AlertSummary};
use foresight_store::notifications::{self, NewInboxItem};
use serde_json::{json, Value};
use sqlx::PgConnection;
use uuid::Uuid;

/// The channel browsers' SSE streams listen on (payload: [`AlertNotice`] as JSON).
pub const ALERT_CHANNEL: &str = "foresight_alert";
/// Wearables' message limit (the `notify` command's `message` is at most 64 characters).
const DOWNLINK_MESSAGE_CHARS: usize = 64;

/// What happened to an alert.
#[derive(Debug, Clone, Copy)]
pub enum Happened<'a> {
    /// A signal opened it (screening follows in the same transaction).
    Opened,
    /// A joining signal raised its severity.
    Raised,
    /// A review command was accepted.
    Transition(&'a Transition, &'a Alert),
}

impl Happened<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Happened::Opened => "opened",
            Happened::Raised => "occurrence",
            Happened::Transition(..) => "changed",
        }
    }

    fn event(&self) -> String {
        match self {
            Happened::Opened => "alert.opened".into(),
            Happened::Raised => "alert.raised".into(),
            Happened::Transition(t, _) => format!("alert.{}", t.command.name()),
        }
    }
}

/// The SSE notice: which tenant and zone (for the streams' filter) and the alert as lists show it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AlertNotice {
    pub tenant_id: Uuid,
    pub zone_id: Uuid,
    pub kind: String,
    pub alert: Value,
}

/// Tells everyone concerned of what happened.
pub async fn announce(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    alert_id: Uuid,
    happened: Happened<'_>,
) -> Result<(), sqlx::Error> {
    let Some(alert) = alerts::summary(conn, alert_id).await? else {
        return Ok(());
    };
    let summary = serde_json::to_value(&alert).unwrap_or(Value::Null);
    let notice =
        AlertNotice { tenant_id, zone_id: alert.zone_id, kind: happened.kind().into(), alert: summary.clone() };
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(ALERT_CHANNEL)
        .bind(serde_json::to_string(&notice).unwrap_or_default())
        .execute(&mut *conn)
        .await?;
    inbox(conn, tenant_id, &alert, happened).await?;
    informed(conn, tenant_id, &alert, happened).await?;
    let severity = u8::try_from(alert.severity).unwrap_or(4);
    let transition = match happened {
        Happened::Transition(t, _) => serde_json::to_value(t).unwrap_or(Value::Null),
        _ => Value::Null,
    };
    let payload = json!({ "event": happened.event(), "alert": summary, "transition": transition });
    for (webhook_id, min_grade) in notifications::enabled_webhooks(conn).await? {
        if severity >= severity_of_grade(&min_grade).unwrap_or(3) {
            let target = json!({ "webhook_id": webhook_id });
            notifications::enqueue(conn, tenant_id, alert_id, "webhook", &target, &happened.event(), &payload).await?;
        }
    }
    if warns_the_zone(happened) {
        downlinks(conn, tenant_id, &alert, &happened.event()).await?;
    }
    Ok(())
}

/// The people in the zone are warned once the alert is taken for real (screening confirmed it, or a person
/// reopened it) and again when it rises while under review.
fn warns_the_zone(happened: Happened<'_>) -> bool {
    match happened {
        Happened::Transition(t, _) => matches!(t.command, Command::ScreenConfirm { .. } | Command::Reopen { .. }),
        Happened::Raised => true,
        Happened::Opened => false,
    }
}

async fn inbox(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    alert: &AlertSummary,
    happened: Happened<'_>,
) -> Result<(), sqlx::Error> {
    let severity = u8::try_from(alert.severity).unwrap_or(4);
    let grade_zh = grade_zh(severity);
    let (people, body, body_en): (Vec<Uuid>, String, String) = match happened {
        Happened::Opened => return Ok(()),
        Happened::Raised => {
            let Some(stage) = stage_of(&alert.stage) else { return Ok(()) };
            let people =
                ids(alerts::people_with_roles(conn, roles_to_tell(stage, alert.escalation as u8), alert.zone_id)
                    .await?);
            (people, format!("告警等级升至{grade_zh}"), format!("The alert rose to {}", grade_of_severity(severity)))
        }
        Happened::Transition(t, review) => match &t.command {
            Command::Approve { actions, .. } if !actions.is_empty() => {
                let owners = actions.iter().map(|a| a.owner).collect();
                (owners, "终审通过，您有整改措施待完成".into(), "Approved: you have a corrective action to do".into())
            }
            Command::AddAction { action } => {
                (vec![action.owner], "您有新的整改措施".into(), "You have a new corrective action".into())
            }
            Command::DeadlineMissed => {
                let people =
                    ids(alerts::people_with_roles(conn, roles_to_tell(t.to, review.escalation), alert.zone_id).await?);
                let level = t.to.level();
                (
                    people,
                    format!("第 {level} 级审核超时未处理，已升级（第 {} 次）", review.escalation),
                    format!("Level {level} review missed its deadline: escalated (#{})", review.escalation),
                )
            }
            Command::Escalate { .. } => {
                let people =
                    ids(alerts::people_with_roles(conn, roles_to_tell(t.to, review.escalation), alert.zone_id).await?);
                (people, "终审已上报，请处理".into(), "The final review was escalated to you".into())
            }
            _ if t.to != t.from || matches!(t.command, Command::SupplyData { .. }) => {
                let people =
                    ids(alerts::people_with_roles(conn, roles_to_tell(t.to, review.escalation), alert.zone_id).await?);
                match t.to {
                    Stage::EngineerReview => {
                        (people, "告警待您审核（车间）".into(), "An alert waits for your review (workshop)".into())
                    }
                    Stage::FinalReview => {
                        (people, "告警待您终审（厂级）".into(), "An alert waits for your final review (plant)".into())
                    }
                    _ => return Ok(()),
                }
            }
            _ => return Ok(()),
        },
    };
    let title = format!("【{grade_zh}】{}", alert.title);
    let title_en = format!("[{}] {}", grade_of_severity(severity), alert.title_en);
    for user_id in people {
        let item = NewInboxItem {
            user_id,
            alert_id: alert.alert_id,
            severity,
            title: &title,
            title_en: &title_en,
            body: &body,
            body_en: &body_en,
        };
        notifications::add_inbox_item(conn, tenant_id, &item).await?;
    }
    Ok(())
}

/// For information, by each person's preference (lowest grade to the inbox, default yellow): the zone's
/// people on the floor when an alert is taken for real, and they and the level-2 decider when it closes.
async fn informed(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    alert: &AlertSummary,
    happened: Happened<'_>,
) -> Result<(), sqlx::Error> {
    let Happened::Transition(t, review) = happened else { return Ok(()) };
    let confirmed = matches!(t.command, Command::ScreenConfirm { .. } | Command::Reopen { .. });
    let closed = t.to == Stage::Closed && t.from != Stage::Closed;
    if !confirmed && !closed {
        return Ok(());
    }
    let mut people = ids(alerts::people_with_roles(conn, roles_informed(), alert.zone_id).await?);
    if closed {
        people.extend(review.history.iter().rev().find_map(|h| match (&h.command, h.actor) {
            (Command::Decide { .. }, foresight_alerts::Actor::Person(id)) => Some(id),
            _ => None,
        }));
    }
    people.sort();
    people.dedup();
    if people.is_empty() {
        return Ok(());
    }
    let severity = u8::try_from(alert.severity).unwrap_or(4);
    let thresholds: std::collections::HashMap<Uuid, String> =
        notifications::inbox_thresholds(conn, &people).await?.into_iter().collect();
    let (body, body_en) = if closed {
        ("告警已关闭（整改完成或无需整改）", "The alert is closed (actions done, or none needed)")
    } else {
        ("本区域有告警经系统筛查确认，正在审核", "An alert of your zone passed screening and is under review")
    };
    let title = format!("【{}】{}", grade_zh(severity), alert.title);
    let title_en = format!("[{}] {}", grade_of_severity(severity), alert.title_en);
    for user_id in people {
        let lowest = thresholds.get(&user_id).and_then(|g| severity_of_grade(g)).unwrap_or(2);
        if severity < lowest {
            continue;
        }
        let item = NewInboxItem {
            user_id,
            alert_id: alert.alert_id,
            severity,
            title: &title,
            title_en: &title_en,
            body,
            body_en,
        };
        notifications::add_inbox_item(conn, tenant_id, &item).await?;
    }
    Ok(())
}

fn ids(people: Vec<(Uuid, String)>) -> Vec<Uuid> {
    people.into_iter().map(|(id, _)| id).collect()
}

fn stage_of(name: &str) -> Option<Stage> {
    serde_json::from_value(Value::String(name.to_string())).ok()
}

/// The grade as the plant says it (红色 / 橙色 / 黄色 / 蓝色).
pub fn grade_zh(severity: u8) -> &'static str {
    ["蓝色", "黄色", "橙色", "红色"][usize::from(severity.clamp(1, 4)) - 1]
}

/// Queues a `notify` command for every active device of the zone whose thing model has one (the crew's
/// wearable bands, sirens, display boards), on its gateway's command topic.
async fn downlinks(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    alert: &AlertSummary,
    event: &str,
) -> Result<(), sqlx::Error> {
    let devices: Vec<(Uuid, String, String, String)> = sqlx::query_as(
        "SELECT d.device_id, d.code, g.code, t.slug FROM device d \
         JOIN thing_model m ON m.tenant_id = d.tenant_id AND m.thing_model_id = d.thing_model_id \
         JOIN gateway g ON g.tenant_id = d.tenant_id AND g.gateway_id = d.gateway_id \
         JOIN tenant t ON t.tenant_id = d.tenant_id \
         WHERE d.zone_id = $1 AND d.status = 'active' AND m.definition -> 'commands' @> '[{\"identifier\": \"notify\"}]' \
         ORDER BY d.code",
    )
    .bind(alert.zone_id)
    .fetch_all(&mut *conn)
    .await?;
    let severity = u8::try_from(alert.severity).unwrap_or(4);
    let message: String = format!("【{}告警】{} {}", grade_zh(severity), alert.zone_code, alert.title)
        .chars()
        .take(DOWNLINK_MESSAGE_CHARS)
        .collect();
    for (device_id, code, gateway, tenant_slug) in devices {
        let topic = format!("foresight/{tenant_slug}/{gateway}/command");
        let target = json!({ "topic": topic, "device_id": device_id });
        let payload =
            json!({ "device": code, "command": "notify", "input": { "message": message }, "alert_id": alert.alert_id });
        notifications::enqueue(conn, tenant_id, alert.alert_id, "downlink", &target, event, &payload).await?;
    }
    Ok(())
}

//! Notifications of alerts: the in-app inbox, per-person preferences, webhooks and the outbox that
//! webhook calls and MQTT downlinks are delivered from.

use crate::list::{Page, PageRequest};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::PgConnection;
use utoipa::ToSchema;
use uuid::Uuid;

/// One inbox item.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct InboxItem {
    pub inbox_item_id: Uuid,
    pub alert_id: Uuid,
    /// 1 blue .. 4 red.
    pub severity: i16,
    pub title: String,
    pub title_en: String,
    pub body: String,
    pub body_en: String,
    pub read_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// An inbox item to write.
#[derive(Debug, Clone)]
pub struct NewInboxItem<'a> {
    pub user_id: Uuid,
    pub alert_id: Uuid,
    pub severity: u8,
    pub title: &'a str,
    pub title_en: &'a str,
    pub body: &'a str,
    pub body_en: &'a str,
}

pub async fn add_inbox_item(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    item: &NewInboxItem<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO inbox_item (tenant_id, inbox_item_id, user_id, alert_id, severity, title, title_en, body, body_en) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(tenant_id)
    .bind(Uuid::now_v7())
    .bind(item.user_id)
    .bind(item.alert_id)
    .bind(i16::from(item.severity))
    .bind(item.title)
    .bind(item.title_en)
    .bind(item.body)
    .bind(item.body_en)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct CountedInbox {
    #[sqlx(flatten)]
    item: InboxItem,
    total: i64,
}

/// A person's inbox, newest first; with the number unread.
pub async fn inbox(
    conn: &mut PgConnection,
    user_id: Uuid,
    unread_only: bool,
    page: &PageRequest,
) -> Result<(Page<InboxItem>, i64), sqlx::Error> {
    let rows: Vec<CountedInbox> = sqlx::query_as(&format!(
        "SELECT inbox_item_id, alert_id, severity, title, title_en, body, body_en, read_at, created_at, \
         count(*) OVER () AS total FROM inbox_item WHERE user_id = $1 AND ($2 = false OR read_at IS NULL) \
         {} LIMIT $3 OFFSET $4",
        page.order_by("inbox_item_id")
    ))
    .bind(user_id)
    .bind(unread_only)
    .bind(page.per_page)
    .bind(page.offset())
    .fetch_all(&mut *conn)
    .await?;
    let unread: i64 = sqlx::query_scalar("SELECT count(*) FROM inbox_item WHERE user_id = $1 AND read_at IS NULL")
        .bind(user_id)
        .fetch_one(conn)
        .await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok((Page { items: rows.into_iter().map(|r| r.item).collect(), total }, unread))
}

/// Marks one of the person's items read; false when it is not theirs or does not exist.
pub async fn mark_read(conn: &mut PgConnection, user_id: Uuid, item: Uuid) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE inbox_item SET read_at = coalesce(read_at, now()), updated_at = now() \
         WHERE inbox_item_id = $1 AND user_id = $2",
    )
    .bind(item)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn mark_all_read(conn: &mut PgConnection, user_id: Uuid) -> Result<u64, sqlx::Error> {
    let done =
        sqlx::query("UPDATE inbox_item SET read_at = now(), updated_at = now() WHERE user_id = $1 AND read_at IS NULL")
            .bind(user_id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected())
}

/// A person's notification preferences.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Preferences {
    /// Lowest grade written to the inbox (`blue` .. `red`); alerts waiting for the person's own review
    /// always are.
    pub inbox_min_grade: String,
    /// Lowest grade the browser pops up.
    pub browser_min_grade: String,
    pub version: i32,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences { inbox_min_grade: "yellow".into(), browser_min_grade: "orange".into(), version: 0 }
    }
}

pub async fn preferences(conn: &mut PgConnection, user_id: Uuid) -> Result<Preferences, sqlx::Error> {
    let row: Option<Preferences> = sqlx::query_as(
        "SELECT inbox_min_grade, browser_min_grade, version FROM notification_preference WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.unwrap_or_default())
}

/// Inbox thresholds of several people at once (absent: the default).
pub async fn inbox_thresholds(conn: &mut PgConnection, users: &[Uuid]) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    sqlx::query_as("SELECT user_id, inbox_min_grade FROM notification_preference WHERE user_id = ANY($1)")
        .bind(users)
        .fetch_all(conn)
        .await
}

pub async fn save_preferences(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    inbox_min_grade: &str,
    browser_min_grade: &str,
) -> Result<Preferences, sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO notification_preference (tenant_id, user_id, inbox_min_grade, browser_min_grade) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, user_id) DO UPDATE SET \
         inbox_min_grade = EXCLUDED.inbox_min_grade, browser_min_grade = EXCLUDED.browser_min_grade, \
         version = notification_preference.version + 1, updated_at = now() \
         RETURNING inbox_min_grade, browser_min_grade, version",
    )
    .bind(tenant_id)
    .bind(user_id)
    .bind(inbox_min_grade)
    .bind(browser_min_grade)
    .fetch_one(conn)
    .await
}

/// A webhook as the API shows it (never its secret).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Webhook {
    pub webhook_id: Uuid,
    pub name: String,
    pub url: String,
    /// Lowest alert grade sent.
    pub min_grade: String,
    pub enabled: bool,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const WEBHOOK: &str = "webhook_id, name, url, min_grade, enabled, version, created_at, updated_at";

pub async fn webhooks(conn: &mut PgConnection) -> Result<Vec<Webhook>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {WEBHOOK} FROM webhook ORDER BY name, webhook_id")).fetch_all(conn).await
}

pub async fn webhook(conn: &mut PgConnection, id: Uuid) -> Result<Option<Webhook>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {WEBHOOK} FROM webhook WHERE webhook_id = $1")).bind(id).fetch_optional(conn).await
}

pub async fn create_webhook(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    name: &str,
    url: &str,
    secret: &str,
    min_grade: &str,
    enabled: bool,
) -> Result<Webhook, sqlx::Error> {
    sqlx::query_as(&format!(
        "INSERT INTO webhook (tenant_id, webhook_id, name, url, secret, min_grade, enabled) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {WEBHOOK}"
    ))
    .bind(tenant_id)
    .bind(Uuid::now_v7())
    .bind(name)
    .bind(url)
    .bind(secret)
    .bind(min_grade)
    .bind(enabled)
    .fetch_one(conn)
    .await
}

/// Updates a webhook at the expected version; `None` when absent or stale (the caller tells which).
pub async fn update_webhook(
    conn: &mut PgConnection,
    id: Uuid,
    version: i32,
    name: &str,
    url: &str,
    min_grade: &str,
    enabled: bool,
) -> Result<Option<Webhook>, sqlx::Error> {
    sqlx::query_as(&format!(
        "UPDATE webhook SET name = $3, url = $4, min_grade = $5, enabled = $6, version = version + 1, updated_at = now() \
         WHERE webhook_id = $1 AND version = $2 RETURNING {WEBHOOK}"
    ))
    .bind(id)
    .bind(version)
    .bind(name)
    .bind(url)
    .bind(min_grade)
    .bind(enabled)
    .fetch_optional(conn)
    .await
}

pub async fn delete_webhook(conn: &mut PgConnection, id: Uuid) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM webhook WHERE webhook_id = $1").bind(id).execute(conn).await?;
    Ok(done.rows_affected() > 0)
}

/// Enabled webhooks that want alerts of at least their grade: (id, min grade).
pub async fn enabled_webhooks(conn: &mut PgConnection) -> Result<Vec<(Uuid, String)>, sqlx::Error> {
    sqlx::query_as("SELECT webhook_id, min_grade FROM webhook WHERE enabled").fetch_all(conn).await
}

/// A webhook's URL and secret, for delivery.
pub async fn webhook_target(conn: &mut PgConnection, id: Uuid) -> Result<Option<(String, String, bool)>, sqlx::Error> {
    sqlx::query_as("SELECT url, secret, enabled FROM webhook WHERE webhook_id = $1").bind(id).fetch_optional(conn).await
}

/// One notification to deliver.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Outgoing {
    pub notification_id: Uuid,
    pub alert_id: Uuid,
    /// `webhook` or `downlink`.
    pub channel: String,
    #[schema(value_type = Object)]
    pub target: Value,
    pub event: String,
    #[schema(value_type = Object)]
    pub payload: Value,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub failed_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
}

const OUTGOING: &str = "notification_id, alert_id, channel, target, event, payload, attempts, next_attempt_at, \
    delivered_at, failed_at, last_error, created_at";

/// Queues a notification in the caller's transaction and wakes the dispatchers when it commits.
pub async fn enqueue(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    alert_id: Uuid,
    channel: &str,
    target: &Value,
    event: &str,
    payload: &Value,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO notification_outbox (tenant_id, notification_id, alert_id, channel, target, event, payload) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(alert_id)
    .bind(channel)
    .bind(target)
    .bind(event)
    .bind(payload)
    .execute(&mut *conn)
    .await?;
    sqlx::query("SELECT pg_notify('foresight_outbox', '')").execute(conn).await?;
    Ok(id)
}

/// Notifications due for delivery across tenants (ids only; delivery happens in the tenant's transaction).
pub async fn due(pool: &sqlx::PgPool, at: DateTime<Utc>, max: i32) -> Result<Vec<(Uuid, Uuid)>, sqlx::Error> {
    sqlx::query_as("SELECT tenant_id, notification_id FROM notifications_due($1, $2)")
        .bind(at)
        .bind(max)
        .fetch_all(pool)
        .await
}

/// Claims a pending notification for this transaction; `None` when another node holds it or it is done.
pub async fn claim(conn: &mut PgConnection, id: Uuid) -> Result<Option<Outgoing>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {OUTGOING} FROM notification_outbox WHERE notification_id = $1 AND delivered_at IS NULL \
         AND failed_at IS NULL FOR UPDATE SKIP LOCKED"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn mark_delivered(conn: &mut PgConnection, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE notification_outbox SET delivered_at = now(), attempts = attempts + 1, last_error = NULL, \
         updated_at = now() WHERE notification_id = $1",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a failed attempt: retried at `next`, or failed for good when `next` is `None`.
pub async fn mark_attempt_failed(
    conn: &mut PgConnection,
    id: Uuid,
    error: &str,
    next: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE notification_outbox SET attempts = attempts + 1, last_error = $2, \
         next_attempt_at = coalesce($3, next_attempt_at), failed_at = CASE WHEN $3 IS NULL THEN now() END, \
         updated_at = now() WHERE notification_id = $1",
    )
    .bind(id)
    .bind(error)
    .bind(next)
    .execute(conn)
    .await?;
    Ok(())
}

/// The notifications of an alert (its delivery record), oldest first.
pub async fn of_alert(conn: &mut PgConnection, alert_id: Uuid) -> Result<Vec<Outgoing>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {OUTGOING} FROM notification_outbox WHERE alert_id = $1 ORDER BY created_at"))
        .bind(alert_id)
        .fetch_all(conn)
        .await
}

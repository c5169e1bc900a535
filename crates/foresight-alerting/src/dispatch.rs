//! The outbox dispatcher: delivers the webhook calls and MQTT downlinks that alert transitions queued.
//! A notification is claimed in its tenant's transaction (FOR UPDATE SKIP LOCKED, so nodes share the work
//! without doubling it), delivered, and marked in the same transaction; a process that dies before the
//! mark leaves it pending, and it is delivered after the restart (at least once: receivers deduplicate by
//! the notification id, sent as `Foresight-Delivery` and in the downlink's `id`).

use chrono::Utc;
use foresight_delivery::backoff;
use foresight_delivery::downlink::Downlink;
use foresight_delivery::webhook::{WebhookClient, WebhookOutcome, WebhookRequest};
use foresight_store::notifications::{self, Outgoing};
use foresight_store::pool::{begin_tenant, Scope};
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::time::Duration;
use tokio::sync::watch;
use uuid::Uuid;

/// The channel that wakes dispatchers when a notification is queued.
pub const OUTBOX_CHANNEL: &str = "foresight_outbox";
/// How often pending retries are looked for without a wake-up.
const POLL: Duration = Duration::from_secs(1);
/// Notifications taken per round.
const BATCH: i32 = 100;
/// Test hook: abort the process right after claiming a notification, before delivering it (the crash
/// the outbox exists for). Read once at start.
pub const FAULT_ENV: &str = "FORESIGHT_FAULT_ABORT_BEFORE_DELIVERY";

pub struct Dispatcher {
    pub db: PgPool,
    pub webhooks: WebhookClient,
    /// MQTT downlinks; without a broker they stay pending.
    pub downlink: Option<Downlink>,
}

impl Dispatcher {
    /// Runs until `stop` turns true.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let abort_before_delivery = std::env::var(FAULT_ENV).is_ok_and(|v| v == "1");
        let mut listener = None;
        loop {
            if *stop.borrow() {
                break;
            }
            if listener.is_none() {
                listener = connect(&self.db).await;
            }
            match self.deliver_due(abort_before_delivery).await {
                Ok(n) if n >= BATCH as usize => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "notification delivery round failed; retrying"),
            }
            tokio::select! {
                _ = stop.changed() => {}
                _ = tokio::time::sleep(POLL) => {}
                woke = wait(&mut listener) => {
                    if !woke {
                        listener = None;
                    }
                }
            }
        }
    }

    /// Delivers what is due now; returns how many were attempted.
    pub async fn deliver_due(&self, abort_before_delivery: bool) -> Result<usize, sqlx::Error> {
        let due = notifications::due(&self.db, Utc::now(), BATCH).await?;
        let n = due.len();
        for (tenant_id, id) in due {
            if let Err(e) = self.deliver_one(tenant_id, id, abort_before_delivery).await {
                tracing::warn!(notification = %id, error = %e, "delivering a notification failed");
            }
        }
        Ok(n)
    }

    async fn deliver_one(&self, tenant_id: Uuid, id: Uuid, abort_before_delivery: bool) -> Result<(), sqlx::Error> {
        let mut tx = begin_tenant(&self.db, tenant_id, &Scope::AllZones).await?;
        let Some(out) = notifications::claim(&mut tx, id).await? else {
            return Ok(());
        };
        if abort_before_delivery {
            tracing::error!(notification = %id, "{FAULT_ENV} is set: aborting before delivery");
            std::process::abort();
        }
        let result = match out.channel.as_str() {
            "webhook" => self.webhook(&mut tx, &out).await?,
            "downlink" => self.downlink(&out).await,
            other => Attempt::Failed(format!("unknown channel {other}")),
        };
        match result {
            Attempt::Delivered => notifications::mark_delivered(&mut tx, id).await?,
            Attempt::Retry(reason) => {
                let next = backoff::next_attempt(out.attempts.max(0) as u32 + 1, Utc::now(), id.as_u128());
                notifications::mark_attempt_failed(&mut tx, id, &reason, next).await?;
            }
            Attempt::Failed(reason) => notifications::mark_attempt_failed(&mut tx, id, &reason, None).await?,
        }
        tx.commit().await
    }

    async fn webhook(&self, tx: &mut sqlx::PgConnection, out: &Outgoing) -> Result<Attempt, sqlx::Error> {
        let Some(webhook_id) =
            out.target.get("webhook_id").and_then(|v| v.as_str()).and_then(|s| s.parse::<Uuid>().ok())
        else {
            return Ok(Attempt::Failed("no webhook in the target".into()));
        };
        let Some((url, secret, enabled)) = notifications::webhook_target(tx, webhook_id).await? else {
            return Ok(Attempt::Failed("the webhook was deleted".into()));
        };
        if !enabled {
            return Ok(Attempt::Failed("the webhook is disabled".into()));
        }
        let body = serde_json::to_vec(&out.payload).unwrap_or_default();
        let request = WebhookRequest {
            url: &url,
            secret: secret.as_bytes(),
            delivery_id: out.notification_id,
            event: &out.event,
            body: &body,
            now: Utc::now().timestamp(),
        };
        Ok(match self.webhooks.send(&request).await {
            WebhookOutcome::Delivered { .. } => Attempt::Delivered,
            WebhookOutcome::Retry { reason } => Attempt::Retry(reason),
            WebhookOutcome::Failed { reason } => Attempt::Failed(reason),
        })
    }

    async fn downlink(&self, out: &Outgoing) -> Attempt {
        let Some(downlink) = &self.downlink else {
            return Attempt::Retry("no MQTT broker for downlinks".into());
        };
        let Some(topic) = out.target.get("topic").and_then(|v| v.as_str()) else {
            return Attempt::Failed("no topic in the target".into());
        };
        let mut payload = out.payload.clone();
        if let Some(obj) = payload.as_object_mut() {
            obj.insert("id".into(), serde_json::json!(out.notification_id));
            obj.insert("ts".into(), serde_json::json!(Utc::now().timestamp_millis()));
        }
        match downlink.publish(topic, serde_json::to_vec(&payload).unwrap_or_default()).await {
            Ok(()) => Attempt::Delivered,
            Err(e) => Attempt::Retry(e.to_string()),
        }
    }
}

enum Attempt {
    Delivered,
    Retry(String),
    Failed(String),
}

async fn connect(db: &PgPool) -> Option<PgListener> {
    let mut listener = PgListener::connect_with(db).await.ok()?;
    listener.listen(OUTBOX_CHANNEL).await.ok()?;
    Some(listener)
}

/// Waits for a wake-up; false when the listener broke (it is reconnected on the next round).
async fn wait(listener: &mut Option<PgListener>) -> bool {
    match listener {
        Some(l) => l.recv().await.is_ok(),
        None => std::future::pending().await,
    }
}

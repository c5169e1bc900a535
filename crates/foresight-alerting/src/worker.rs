//! The alert worker of `foresight serve`: hears of committed alarms and device events (PostgreSQL
//! notifications from the ingest writer) and of finished risk cycles, opens or joins alerts for them,
//! and escalates alerts whose review deadline passed. After a start it catches up on the last hour, so
//! signals committed while no worker listened still become alerts.

use crate::intake::{self, Incoming, Observed};
use crate::sources;
use crate::transition::{self, ApplyError, By};
use chrono::{DateTime, Utc};
use foresight_alerts::Command;
use foresight_store::alerts;
use foresight_store::pool::{begin_tenant, Scope};
use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::collections::{BTreeSet, HashMap};
use std::time::Duration;
use tokio::sync::{mpsc, watch};
use uuid::Uuid;

/// The ingest writer's channels (ARCHITECTURE.md).
const SIGNAL_CHANNELS: [&str; 2] = ["foresight_alarm", "foresight_device_event"];
/// How far back a start looks for signals nobody turned into alerts.
const CATCH_UP: chrono::Duration = chrono::Duration::hours(1);
/// Rows committed out of order (a transaction that began earlier commits later) are still read: each
/// round rereads this much before the last one; rows already counted are recognised by their identity.
const SLACK: chrono::Duration = chrono::Duration::seconds(30);
/// How often missed deadlines are looked for.
const DEADLINE_TICK: Duration = Duration::from_secs(5);

/// A site's finished risk cycle (from the engine's broadcast).
#[derive(Debug, Clone, Copy)]
pub struct SiteCycle {
    pub tenant_id: Uuid,
    pub site_id: Uuid,
    pub at: DateTime<Utc>,
}

/// Runs until `stop` turns true.
pub async fn run(db: PgPool, mut cycles: mpsc::Receiver<SiteCycle>, mut stop: watch::Receiver<bool>) {
    let mut listener: Option<PgListener> = None;
    let mut deadlines = tokio::time::interval(DEADLINE_TICK);
    let mut caught_up = false;
    // Per tenant, when its last round of device signals began: the next round reads from there (less the
    // slack), so a backlog that took longer than the slack to work through loses nothing.
    let mut read_from: HashMap<Uuid, DateTime<Utc>> = HashMap::new();
    loop {
        if *stop.borrow() {
            break;
        }
        if listener.is_none() {
            listener = listen(&db).await;
            if listener.is_none() {
                tokio::select! {
                    _ = stop.changed() => {}
                    _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                }
                continue;
            }
        }
        if !caught_up {
            // After LISTEN, so nothing committed between the catch-up and the first notification is missed.
            match catch_up(&db, Utc::now() - CATCH_UP).await {
                Ok(()) => caught_up = true,
                Err(e) => tracing::warn!(error = %e, "alert catch-up failed; retrying"),
            }
        }
        let l = listener.as_mut().expect("connected above");
        tokio::select! {
            _ = stop.changed() => {}
            _ = deadlines.tick() => {
                if let Err(e) = escalate_due(&db, Utc::now()).await {
                    tracing::warn!(error = %e, "deadline round failed");
                }
            }
            Some(cycle) = cycles.recv() => {
                if let Err(e) = cycle_signals(&db, cycle).await {
                    tracing::warn!(site = %cycle.site_id, error = %e, "alerts of a risk cycle failed");
                }
            }
            notice = l.recv() => match notice {
                Ok(first) => {
                    let mut tenants = BTreeSet::new();
                    tenants.extend(tenant_of(first.payload()));
                    // A storm arrives as many notifications: take what is already waiting, then read each
                    // tenant's new rows once.
                    while let Ok(Ok(more)) = tokio::time::timeout(Duration::from_millis(2), l.recv()).await {
                        tenants.extend(tenant_of(more.payload()));
                        if tenants.len() > 1000 {
                            break;
                        }
                    }
                    for tenant_id in tenants {
                        let round = Utc::now();
                        let since = read_from.get(&tenant_id).copied().unwrap_or(round) - SLACK;
                        match device_signals(&db, tenant_id, since).await {
                            Ok(_) => {
                                read_from.insert(tenant_id, round);
                            }
                            Err(e) => tracing::warn!(tenant = %tenant_id, error = %e, "alerts of device signals failed"),
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "alert listener lost; reconnecting and catching up");
                    listener = None;
                    caught_up = false;
                }
            },
        }
    }
}

async fn listen(db: &PgPool) -> Option<PgListener> {
    let mut l = PgListener::connect_with(db).await.ok()?;
    l.listen_all(SIGNAL_CHANNELS).await.ok()?;
    Some(l)
}

fn tenant_of(payload: &str) -> Option<Uuid> {
    let v: serde_json::Value = serde_json::from_str(payload).ok()?;
    v.get("tenant_id")?.as_str()?.parse().ok()
}

async fn catch_up(db: &PgPool, since: DateTime<Utc>) -> anyhow::Result<()> {
    let tenants: Vec<Uuid> =
        sqlx::query_scalar("SELECT tenant_id FROM alert_signal_tenants($1)").bind(since).fetch_all(db).await?;
    for tenant_id in tenants {
        device_signals(db, tenant_id, since).await?;
    }
    Ok(())
}

/// Alarms and events of a tenant committed since `since`.
pub async fn device_signals(db: &PgPool, tenant_id: Uuid, since: DateTime<Utc>) -> anyhow::Result<usize> {
    let signals = {
        let mut tx = begin_tenant(db, tenant_id, &Scope::AllZones).await?;
        let (policy, _) = alerts::policy(&mut tx).await?;
        let mut signals = sources::alarms_since(&mut tx, &policy, since).await?;
        signals.extend(sources::events_since(&mut tx, &policy, since).await?);
        tx.commit().await?;
        signals
    };
    observe_all(db, tenant_id, &signals).await
}

/// Zone risk and opened risk paths of a finished cycle.
pub async fn cycle_signals(db: &PgPool, cycle: SiteCycle) -> anyhow::Result<usize> {
    let signals = {
        let mut tx = begin_tenant(db, cycle.tenant_id, &Scope::AllZones).await?;
        let (policy, _) = alerts::policy(&mut tx).await?;
        let mut signals = sources::zone_risk_at(&mut tx, &policy, cycle.site_id, cycle.at).await?;
        signals.extend(sources::paths_opened_at(&mut tx, cycle.site_id, cycle.at).await?);
        tx.commit().await?;
        signals
    };
    observe_all(db, cycle.tenant_id, &signals).await
}

/// One transaction per signal, so one failure spoils nothing else; returns how many were new.
async fn observe_all(db: &PgPool, tenant_id: Uuid, signals: &[Incoming]) -> anyhow::Result<usize> {
    let mut new = 0;
    for signal in signals {
        let mut tx = begin_tenant(db, tenant_id, &Scope::AllZones).await?;
        match intake::observe(&mut tx, tenant_id, signal).await {
            Ok(Observed::AlreadySeen) => {}
            Ok(_) => {
                tx.commit().await?;
                new += 1;
            }
            Err(e) => {
                tracing::warn!(source = %signal.source_ref, error = %e, "a signal could not be turned into an alert")
            }
        }
    }
    Ok(new)
}

/// Escalates every alert whose deadline passed by `now`; returns how many.
pub async fn escalate_due(db: &PgPool, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let due: Vec<(Uuid, Uuid)> =
        sqlx::query_as("SELECT tenant_id, alert_id FROM alert_deadlines_due($1, 100)").bind(now).fetch_all(db).await?;
    let mut done = 0;
    for (tenant_id, alert_id) in due {
        let mut tx = begin_tenant(db, tenant_id, &Scope::AllZones).await?;
        // Another node may have escalated it, or a person acted, since the listing.
        let still: Option<Option<DateTime<Utc>>> =
            sqlx::query_scalar("SELECT deadline_at FROM alert WHERE alert_id = $1 FOR UPDATE SKIP LOCKED")
                .bind(alert_id)
                .fetch_optional(&mut *tx)
                .await?;
        if !matches!(still, Some(Some(deadline)) if deadline <= now) {
            continue;
        }
        match transition::apply(&mut tx, tenant_id, alert_id, &By::system(), Command::DeadlineMissed, now, None, None)
            .await
        {
            Ok(_) => {
                tx.commit().await?;
                done += 1;
            }
            Err(ApplyError::Refused(e)) => tracing::warn!(alert = %alert_id, ?e, "a due alert could not be escalated"),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(done)
}

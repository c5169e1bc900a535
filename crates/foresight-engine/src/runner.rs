//! The periodic risk cycle in `foresight serve`: every interval, every site of every active tenant,
//! partitioned between nodes by a per-site advisory lock; listeners (the heat map's SSE streams) hear of
//! each finished site through a broadcast channel. Also keeps the zone_risk partitions and retention.

use crate::cycle::{run_site, CycleEvent};
use crate::predictor::Likelihood;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, watch};
use uuid::Uuid;

/// Default cycle interval.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(15);
/// Default days of zone risk history kept.
pub const DEFAULT_HISTORY_DAYS: u32 = 90;

#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// RISK_CYCLE_SECONDS.
    pub interval: Duration,
    /// RISK_HISTORY_DAYS; at least 7 (the database refuses to drop the last week).
    pub history_days: u32,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig { interval: DEFAULT_INTERVAL, history_days: DEFAULT_HISTORY_DAYS }
    }
}

impl EngineConfig {
    /// From RISK_CYCLE_SECONDS (1 to 3600) and RISK_HISTORY_DAYS (7 to 3650); unset or invalid → defaults.
    pub fn from_env() -> EngineConfig {
        let read = |name: &str| std::env::var(name).ok().and_then(|v| v.trim().parse::<u64>().ok());
        let mut config = EngineConfig::default();
        match read("RISK_CYCLE_SECONDS") {
            Some(s) if (1..=3600).contains(&s) => config.interval = Duration::from_secs(s),
            Some(s) => tracing::warn!(value = s, "RISK_CYCLE_SECONDS must be 1 to 3600; using 15"),
            None => {}
        }
        match read("RISK_HISTORY_DAYS") {
            Some(d) if (7..=3650).contains(&d) => config.history_days = d as u32,
            Some(d) => tracing::warn!(value = d, "RISK_HISTORY_DAYS must be 7 to 3650; using 90"),
            None => {}
        }
        config
    }
}

/// The engine: pool (application role), predictor, listeners.
pub struct Engine {
    pub db: PgPool,
    pub predictor: Arc<dyn Likelihood>,
    pub events: broadcast::Sender<CycleEvent>,
    pub config: EngineConfig,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("config", &self.config).finish()
    }
}

/// The sites to assess: (tenant, site), across tenants, through the one SECURITY DEFINER listing.
pub async fn sites(db: &PgPool) -> Result<Vec<(Uuid, Uuid)>, sqlx::Error> {
    sqlx::query_as("SELECT tenant_id, site_id FROM risk_engine_sites()").fetch_all(db).await
}

impl Engine {
    /// One cycle over every site at `at`; returns the sites assessed.
    pub async fn tick(&self, at: DateTime<Utc>) -> anyhow::Result<Vec<CycleEvent>> {
        let min_gap = chrono::Duration::from_std(self.config.interval / 2).ok();
        let mut done = Vec::new();
        for (tenant_id, site_id) in sites(&self.db).await? {
            match run_site(&self.db, tenant_id, site_id, at, self.predictor.as_ref(), min_gap).await {
                Ok(Ok((event, _))) => {
                    // No listener is fine: nobody has the heat map open.
                    let _ = self.events.send(event.clone());
                    done.push(event);
                }
                Ok(Err(skipped)) => tracing::debug!(site = %site_id, ?skipped, "site assessed elsewhere"),
                // One site's failure must not stop the others.
                Err(e) => tracing::warn!(site = %site_id, error = %e, "risk cycle of a site failed"),
            }
        }
        Ok(done)
    }

    /// Creates the coming days' partitions and drops those past retention.
    pub async fn maintain(&self, today: NaiveDate) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT ensure_zone_risk_partitions($1, 3)")
            .bind(today - chrono::Days::new(1))
            .execute(&self.db)
            .await?;
        let keep = u64::from(self.config.history_days.max(7));
        sqlx::query("SELECT drop_zone_risk_partitions_before($1)")
            .bind(today - chrono::Days::new(keep))
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// Runs until `stop` turns true.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let mut interval = tokio::time::interval(self.config.interval);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut maintained: Option<NaiveDate> = None;
        loop {
            tokio::select! {
                _ = interval.tick() => {}
                _ = stop.changed() => {}
            }
            if *stop.borrow() {
                break;
            }
            let now = Utc::now();
            if maintained != Some(now.date_naive()) {
                match self.maintain(now.date_naive()).await {
                    Ok(()) => maintained = Some(now.date_naive()),
                    Err(e) => tracing::warn!(error = %e, "zone risk partition maintenance failed; retrying next cycle"),
                }
            }
            let started = std::time::Instant::now();
            match self.tick(now).await {
                Ok(done) => {
                    tracing::debug!(sites = done.len(), ms = started.elapsed().as_millis() as u64, "risk cycle")
                }
                Err(e) => tracing::warn!(error = %e, "risk cycle failed; retrying at the next interval"),
            }
        }
    }
}

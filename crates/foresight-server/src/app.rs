//! Shared application state and its configuration.

use crate::credentials::JwtKeys;
use crate::metrics::Metrics;
use crate::throttle::AddressThrottle;
use sqlx::PgPool;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;

/// Largest JSON body accepted; site plans have their own, larger limit.
pub const JSON_BODY_LIMIT: usize = 1 << 20;
/// Largest site-plan image accepted.
pub const PLAN_BODY_LIMIT: usize = 10 << 20;

/// Settings the HTTP layer needs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_secs: i64,
    /// Built web app to serve at `/`, with `index.html` for client-side routes.
    pub web_dir: Option<PathBuf>,
    /// Failed sign-ins per client address per ten minutes before 429.
    pub address_failure_limit: u32,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_secs: 14 * 24 * 3600,
            web_dir: None,
            address_failure_limit: 50,
        }
    }
}

#[derive(Debug)]
pub struct App {
    /// Connected as the application role, which owns nothing: row-level security always applies.
    pub db: PgPool,
    pub config: ServerConfig,
    pub jwt: JwtKeys,
    pub metrics: Metrics,
    pub address_throttle: AddressThrottle,
    /// The telemetry write path, connected as `foresight_ingest`; absent where a node does not ingest.
    pub ingest: Option<Arc<foresight_ingest::service::IngestService>>,
    /// Finished risk cycles (the engine sends, heat-map streams listen).
    pub risk_events: tokio::sync::broadcast::Sender<foresight_engine::CycleEvent>,
    /// Committed alert changes (the PostgreSQL feed sends, alert streams listen).
    pub alert_events: tokio::sync::broadcast::Sender<foresight_alerting::fanout::AlertNotice>,
    /// Whether the alert feed is listening to PostgreSQL (a new stream waits for it, so it misses nothing).
    pub alert_feed_listening: Arc<tokio::sync::watch::Sender<bool>>,
}

/// Cheap to clone; handlers extract it directly (crates.io's `AppState(Arc<App>)`).
#[derive(Debug, Clone)]
pub struct AppState(pub Arc<App>);

impl Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0
    }
}

impl AppState {
    pub fn new(db: PgPool, config: ServerConfig, jwt_secret: &[u8]) -> AppState {
        Self::build(db, None, config, jwt_secret)
    }

    /// With the telemetry write path; `ingest_db` connects as `foresight_ingest`.
    pub fn with_ingest(db: PgPool, ingest_db: PgPool, config: ServerConfig, jwt_secret: &[u8]) -> AppState {
        Self::build(db, Some(ingest_db), config, jwt_secret)
    }

    fn build(db: PgPool, ingest_db: Option<PgPool>, config: ServerConfig, jwt_secret: &[u8]) -> AppState {
        let limit = config.address_failure_limit;
        AppState(Arc::new(App {
            db,
            config,
            jwt: JwtKeys::new(jwt_secret),
            metrics: Metrics::default(),
            address_throttle: AddressThrottle::new(limit),
            ingest: ingest_db.map(|pool| Arc::new(foresight_ingest::service::IngestService::new(pool))),
            risk_events: tokio::sync::broadcast::channel(64).0,
            alert_events: tokio::sync::broadcast::channel(1024).0,
            alert_feed_listening: Arc::new(tokio::sync::watch::channel(false).0),
        }))
    }
}

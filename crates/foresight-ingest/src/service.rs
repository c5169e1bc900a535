//! The ingest service both front doors (HTTP and MQTT) call: resolve the gateway, align its clock,
//! check the batch, write it.

use crate::batch::{self, MessageError};
use crate::directory::Directory;
use crate::pipeline::{self, DeadLetter, Prepared};
use crate::writer::{self, Partitions, Written};
use crate::GatewayContext;
use foresight_telemetry::clock::{ClockConfig, ClockEstimator};
use foresight_telemetry::reading::{RejectReason, TimestampPolicy};
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// A gateway as stored, with the hash of its secret for the caller to check.
#[derive(Debug, Clone)]
pub struct StoredGateway {
    pub context: GatewayContext,
    pub secret_hash: Vec<u8>,
}

#[derive(Debug)]
pub struct IngestService {
    directory: Directory,
    partitions: Partitions,
    clocks: Mutex<HashMap<Uuid, ClockEstimator>>,
    policy: TimestampPolicy,
    by_code: Mutex<GatewayCache>,
}

/// One message after [`IngestService::prepare_message`], ready for [`IngestService::write`].
#[derive(Debug, Clone)]
pub struct Checked {
    pub prepared: Prepared,
    /// Set when the whole message was refused (bad JSON, too large); `prepared` then holds its one
    /// dead letter.
    pub refused: Option<(RejectReason, String)>,
}

/// (tenant slug, gateway code) → the gateway (or none) and when that was looked up.
type GatewayCache = HashMap<(String, String), (Option<GatewayContext>, Instant)>;

/// How long a gateway found by tenant slug and code is trusted without asking the database again.
pub const GATEWAY_CACHE_TTL: Duration = Duration::from_secs(30);
/// How long a (tenant slug, gateway code) that matched nothing is remembered as unknown.
pub const UNKNOWN_GATEWAY_TTL: Duration = Duration::from_secs(3);
/// Past this many cached answers, expired and unknown entries are dropped (topics are chosen by
/// whoever can publish, so the cache must not grow with them).
const MAX_CACHED_GATEWAYS: usize = 10_000;

/// The outcome of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Stored(Written),
    /// The whole message was refused and recorded as one dead letter.
    Refused {
        reason: RejectReason,
        detail: String,
    },
}

impl IngestService {
    /// `pool` connects as `foresight_ingest`.
    pub fn new(pool: PgPool) -> IngestService {
        IngestService {
            directory: Directory::new(pool),
            partitions: Partitions::default(),
            clocks: Mutex::new(HashMap::new()),
            policy: TimestampPolicy::default(),
            by_code: Mutex::new(HashMap::new()),
        }
    }

    pub fn directory(&self) -> &Directory {
        &self.directory
    }

    /// Looks a gateway up by the ids its credential carries.
    pub async fn gateway(&self, tenant_id: Uuid, gateway_id: Uuid) -> Result<Option<StoredGateway>, sqlx::Error> {
        let row: Option<(Uuid, String, Vec<u8>, i64, String)> = sqlx::query_as(
            "SELECT g.site_id, g.code, g.secret_hash, g.clock_offset_ms, t.slug FROM gateway g \
             JOIN tenant t ON t.tenant_id = g.tenant_id WHERE g.tenant_id = $1 AND g.gateway_id = $2 AND t.status = 'active'",
        )
        .bind(tenant_id)
        .bind(gateway_id)
        .fetch_optional(self.directory.pool())
        .await?;
        Ok(row.map(|(site_id, code, secret_hash, clock_offset_ms, slug)| StoredGateway {
            context: GatewayContext {
                tenant_id,
                tenant_slug: slug,
                gateway_id,
                gateway_code: code,
                site_id,
                clock_offset_ms,
            },
            secret_hash,
        }))
    }

    /// The gateway publishing on MQTT topic `foresight/{tenant_slug}/{gateway_code}/telemetry`, if the
    /// tenant is active and has a gateway with that code. Answers are cached: a known gateway for
    /// [`GATEWAY_CACHE_TTL`], an unknown one for [`UNKNOWN_GATEWAY_TTL`], so a flood of messages on
    /// made-up topics costs one query per topic and interval.
    pub async fn gateway_by_code(
        &self,
        tenant_slug: &str,
        gateway_code: &str,
    ) -> Result<Option<GatewayContext>, sqlx::Error> {
        let key = (tenant_slug.to_string(), gateway_code.to_string());
        {
            let cache = self.by_code.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((found, at)) = cache.get(&key) {
                let ttl = if found.is_some() { GATEWAY_CACHE_TTL } else { UNKNOWN_GATEWAY_TTL };
                if at.elapsed() < ttl {
                    return Ok(found.clone());
                }
            }
        }
        // foresight_ingest bypasses row-level security: the join on the tenant is the filter.
        let row: Option<(Uuid, Uuid, Uuid, i64)> = sqlx::query_as(
            "SELECT t.tenant_id, g.gateway_id, g.site_id, g.clock_offset_ms FROM tenant t \
             JOIN gateway g ON g.tenant_id = t.tenant_id WHERE t.slug = $1 AND g.code = $2 AND t.status = 'active'",
        )
        .bind(tenant_slug)
        .bind(gateway_code)
        .fetch_optional(self.directory.pool())
        .await?;
        let found = row.map(|(tenant_id, gateway_id, site_id, clock_offset_ms)| GatewayContext {
            tenant_id,
            tenant_slug: tenant_slug.to_string(),
            gateway_id,
            gateway_code: gateway_code.to_string(),
            site_id,
            clock_offset_ms,
        });
        let mut cache = self.by_code.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= MAX_CACHED_GATEWAYS {
            cache.retain(|_, (found, at)| found.is_some() && at.elapsed() < GATEWAY_CACHE_TTL);
        }
        cache.insert(key, (found.clone(), Instant::now()));
        Ok(found)
    }

    /// Checks and stores one message from an authenticated gateway. Readings that fail a check
    /// become dead letters beside the stored ones; a message that cannot be read at all becomes one
    /// dead letter. Errors are database errors only: the caller must not acknowledge the message.
    pub async fn ingest(
        &self,
        gateway: &GatewayContext,
        bytes: &[u8],
        received_ms: i64,
    ) -> Result<Outcome, sqlx::Error> {
        let checked = self.prepare_message(gateway, bytes, received_ms).await?;
        let mut written = self.write(vec![checked.prepared]).await?;
        Ok(match checked.refused {
            Some((reason, detail)) => Outcome::Refused { reason, detail },
            None => Outcome::Stored(written.remove(0)),
        })
    }

    /// The step HTTP and MQTT share before writing: parse the message, align the gateway's clock
    /// (observing `sent_at` against `received_ms`), check every reading against its device's thing
    /// model. Nothing is written; pass [`Checked::prepared`] to [`IngestService::write`], alone or
    /// grouped with other messages. Errors are database errors (looking devices up) only.
    pub async fn prepare_message(
        &self,
        gateway: &GatewayContext,
        bytes: &[u8],
        received_ms: i64,
    ) -> Result<Checked, sqlx::Error> {
        let parsed = match batch::parse(bytes) {
            Ok(b) => b,
            Err(e) => return Ok(refusal(gateway, e, bytes)),
        };
        let mut gateway = gateway.clone();
        if let Some(sent_at) = parsed.sent_at {
            let mut clocks = self.clocks.lock().unwrap_or_else(|e| e.into_inner());
            let clock = clocks.entry(gateway.gateway_id).or_insert_with(|| ClockEstimator::new(ClockConfig::default()));
            clock.observe(sent_at, received_ms);
            if let Some(offset) = clock.offset_ms(sent_at) {
                gateway.clock_offset_ms = offset;
            }
        }
        let prepared = pipeline::prepare(&self.directory, &gateway, parsed, received_ms, &self.policy).await?;
        Ok(Checked { prepared, refused: None })
    }

    /// Writes prepared batches in one transaction (the MQTT path groups many messages).
    pub async fn write(&self, batches: Vec<Prepared>) -> Result<Vec<Written>, sqlx::Error> {
        self.partitions.ensure(self.directory.pool(), &batches).await?;
        writer::write(&self.directory, batches).await
    }
}

/// A message refused whole: one dead letter, recorded once per distinct content even when
/// re-delivered.
fn refusal(gateway: &GatewayContext, error: MessageError, bytes: &[u8]) -> Checked {
    let reason = match error {
        MessageError::TooLarge(_) | MessageError::TooManyReadings(_) => RejectReason::Oversized,
        MessageError::NotJson(_) | MessageError::NotABatch => RejectReason::BadJson,
    };
    let start: String = String::from_utf8_lossy(&bytes[..bytes.len().min(2000)]).into_owned();
    let prepared = Prepared {
        gateway: gateway.clone(),
        key: format!("refused:{}", hex_sha(bytes)),
        accepted: Vec::new(),
        events: Vec::new(),
        dead: vec![DeadLetter::message(reason, error.to_string(), serde_json::json!({ "start": start }))],
    };
    Checked { prepared, refused: Some((reason, error.to_string())) }
}

fn hex_sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

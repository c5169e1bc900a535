//! The ingest service both front doors (HTTP now, MQTT next) call: resolve the gateway, align its
//! clock, check the batch, write it.

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
}

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

    /// Checks and stores one message from an authenticated gateway. Readings that fail a check
    /// become dead letters beside the stored ones; a message that cannot be read at all becomes one
    /// dead letter. Errors are database errors only: the caller must not acknowledge the message.
    pub async fn ingest(
        &self,
        gateway: &GatewayContext,
        bytes: &[u8],
        received_ms: i64,
    ) -> Result<Outcome, sqlx::Error> {
        let parsed = match batch::parse(bytes) {
            Ok(b) => b,
            Err(e) => return self.refuse(gateway, e, bytes).await,
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
        let mut written = self.write(vec![prepared]).await?;
        Ok(Outcome::Stored(written.remove(0)))
    }

    /// Writes prepared batches in one transaction (the MQTT path groups many messages).
    pub async fn write(&self, batches: Vec<Prepared>) -> Result<Vec<Written>, sqlx::Error> {
        self.partitions.ensure(self.directory.pool(), &batches).await?;
        writer::write(&self.directory, batches).await
    }

    async fn refuse(
        &self,
        gateway: &GatewayContext,
        error: MessageError,
        bytes: &[u8],
    ) -> Result<Outcome, sqlx::Error> {
        let reason = match error {
            MessageError::TooLarge(_) | MessageError::TooManyReadings(_) => RejectReason::Oversized,
            MessageError::NotJson(_) | MessageError::NotABatch => RejectReason::BadJson,
        };
        let start: String = String::from_utf8_lossy(&bytes[..bytes.len().min(2000)]).into_owned();
        let prepared = Prepared {
            gateway: gateway.clone(),
            // A refused message is recorded once per distinct content, even when re-delivered.
            key: format!("refused:{}", hex_sha(bytes)),
            accepted: Vec::new(),
            dead: vec![DeadLetter::message(reason, error.to_string(), serde_json::json!({ "start": start }))],
        };
        self.write(vec![prepared]).await?;
        Ok(Outcome::Refused { reason, detail: error.to_string() })
    }
}

fn hex_sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

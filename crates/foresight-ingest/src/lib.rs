//! The telemetry write path, shared by MQTT and HTTP ingest: a gateway's batch is parsed
//! ([`batch`]), each reading checked against its device's thing model ([`pipeline`]), and the
//! accepted readings written with binary COPY together with the batch's idempotency key
//! ([`idempotency`]), the latest values and the dead letters, in one transaction ([`writer`]).
//!
//! Architecture invariant: the tenant of everything written comes from the authenticated gateway
//! ([`GatewayContext`]), never from the payload. The writer connects as `foresight_ingest`, the one
//! role that bypasses row-level security (COPY cannot run under it), so every query here filters by
//! that tenant explicitly.

pub mod alarms;
pub mod batch;
pub mod copy;
pub mod directory;
pub mod idempotency;
pub mod mqtt;
pub mod pipeline;
pub mod rollup;
pub mod service;
pub mod writer;

use uuid::Uuid;

/// The authenticated sender of a batch.
#[derive(Debug, Clone)]
pub struct GatewayContext {
    pub tenant_id: Uuid,
    pub tenant_slug: String,
    pub gateway_id: Uuid,
    pub gateway_code: String,
    pub site_id: Uuid,
    /// Platform time minus gateway time, as estimated so far.
    pub clock_offset_ms: i64,
}

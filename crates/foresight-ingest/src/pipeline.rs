//! Turning a parsed batch into rows to store and dead letters, against the gateway's tenant.

use crate::batch::{Batch, Item};
use crate::directory::{Device, Directory};
use crate::GatewayContext;
use foresight_telemetry::reading::{check_reading, check_timestamp, RejectReason, Rejection, TimestampPolicy, Value};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

/// A reading that passed every check.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub device_id: Uuid,
    /// The device as the directory knows it: its zone and thing model, for alarm rules.
    pub device: Arc<Device>,
    pub property: String,
    /// Platform time (aligned), ms.
    pub ts_ms: i64,
    /// As the gateway sent it, ms.
    pub source_ts_ms: i64,
    pub value: Value,
}

/// A refused reading or message, for the dead-letter store.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadLetter {
    pub reason: RejectReason,
    pub detail: String,
    pub device_code: Option<String>,
    pub property: Option<String>,
    pub payload: serde_json::Value,
}

impl DeadLetter {
    pub fn message(reason: RejectReason, detail: impl Into<String>, payload: serde_json::Value) -> DeadLetter {
        DeadLetter { reason, detail: detail.into(), device_code: None, property: None, payload }
    }
}

/// A batch ready for the writer.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub gateway: GatewayContext,
    pub key: String,
    pub accepted: Vec<Accepted>,
    pub dead: Vec<DeadLetter>,
}

/// Checks every item; nothing here fails the whole batch except a body that claims another tenant.
pub async fn prepare(
    directory: &Directory,
    gateway: &GatewayContext,
    batch: Batch,
    now_ms: i64,
    policy: &TimestampPolicy,
) -> Result<Prepared, sqlx::Error> {
    let mut prepared = Prepared { gateway: gateway.clone(), key: batch.key, accepted: Vec::new(), dead: Vec::new() };
    if let Some(claimed) = batch.tenant.as_deref().filter(|t| *t != gateway.tenant_slug) {
        let detail = format!("the body claims tenant {claimed:?}; this gateway belongs to {:?}", gateway.tenant_slug);
        prepared.dead.push(DeadLetter::message(
            RejectReason::WrongTenant,
            detail,
            json!({"readings": batch.items.len()}),
        ));
        return Ok(prepared);
    }
    if let Some(claimed) = batch.gateway.as_deref().filter(|g| *g != gateway.gateway_code) {
        let detail = format!("the body claims gateway {claimed:?}; the credentials are of {:?}", gateway.gateway_code);
        prepared.dead.push(DeadLetter::message(
            RejectReason::UnknownGateway,
            detail,
            json!({"readings": batch.items.len()}),
        ));
        return Ok(prepared);
    }
    // One lookup per distinct device code per batch, whatever the number of readings.
    let mut devices = HashMap::new();
    for item in batch.items {
        let (device_code, property, ts, raw) = match item {
            Item::Malformed { payload, detail } => {
                prepared.dead.push(DeadLetter::message(RejectReason::BadJson, detail, payload));
                continue;
            }
            Item::Reading { device, property, ts, value } => (device, property, ts, value),
        };
        if !devices.contains_key(&device_code) {
            let found = directory.device(gateway.tenant_id, &device_code).await?;
            let outcome = match found {
                Some(d) => Ok(d),
                None if directory.belongs_elsewhere(gateway.tenant_id, &device_code).await? => {
                    Err(Rejection::new(RejectReason::WrongTenant, "the device is registered to another tenant"))
                }
                None => {
                    Err(Rejection::new(RejectReason::UnknownDevice, "no device with this code in the gateway's tenant"))
                }
            };
            devices.insert(device_code.clone(), outcome);
        }
        let payload = || json!({"device": device_code, "property": property, "ts": ts, "value": raw});
        let refuse = |r: Rejection, payload: serde_json::Value| DeadLetter {
            reason: r.reason,
            detail: r.detail,
            device_code: Some(device_code.clone()),
            property: Some(property.clone()),
            payload,
        };
        let device = match &devices[&device_code] {
            Ok(d) => d.clone(),
            Err(r) => {
                prepared.dead.push(refuse(r.clone(), payload()));
                continue;
            }
        };
        let aligned = ts.saturating_add(gateway.clock_offset_ms);
        if let Err(r) = check_timestamp(aligned, now_ms, policy) {
            prepared.dead.push(refuse(r, payload()));
            continue;
        }
        match check_reading(&device.model, &property, &raw) {
            Ok(value) => prepared.accepted.push(Accepted {
                device_id: device.device_id,
                device: device.clone(),
                property,
                ts_ms: aligned,
                source_ts_ms: ts,
                value,
            }),
            Err(r) => prepared.dead.push(refuse(r, payload())),
        }
    }
    Ok(prepared)
}

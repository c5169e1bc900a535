//! Turning a parsed batch into rows to store and dead letters, against the gateway's tenant.

use crate::batch::{Batch, Item};
use crate::directory::{Device, Directory};
use crate::GatewayContext;
use foresight_telemetry::reading::{
    check_event, check_reading, check_timestamp, RejectReason, Rejection, TimestampPolicy, Value,
};
use foresight_telemetry::Severity;
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

/// A device event that passed every check.
#[derive(Debug, Clone)]
pub struct AcceptedEvent {
    pub device_id: Uuid,
    /// The event's identifier in the device's thing model.
    pub identifier: String,
    /// From the thing model.
    pub severity: Severity,
    /// Platform time (aligned), ms.
    pub ts_ms: i64,
    /// As the gateway sent it, ms.
    pub source_ts_ms: i64,
    /// The model's fields, checked, in canonical JSON.
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// Fields the model does not define, kept as sent (flagged, not refused).
    pub unknown_fields: serde_json::Map<String, serde_json::Value>,
}

/// A refused reading, event or message, for the dead-letter store. For an event, `property` holds the
/// event's identifier (the payload has an `event` key, not a `property` one).
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
    pub events: Vec<AcceptedEvent>,
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
    let mut prepared = Prepared {
        gateway: gateway.clone(),
        key: batch.key,
        accepted: Vec::new(),
        events: Vec::new(),
        dead: Vec::new(),
    };
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
    let mut devices: HashMap<String, Result<Arc<Device>, Rejection>> = HashMap::new();
    for item in batch.items {
        // What every kind of item shares: the device, a name (property or event) and the timestamp.
        let (device_code, name, ts, body) = match item {
            Item::Malformed { payload, detail } => {
                prepared.dead.push(DeadLetter::message(RejectReason::BadJson, detail, payload));
                continue;
            }
            Item::Reading { device, property, ts, value } => (device, property, ts, Body::Reading(value)),
            Item::Event { device, event, ts, fields } => (device, event, ts, Body::Event(fields)),
        };
        if !devices.contains_key(&device_code) {
            let outcome = lookup(directory, gateway.tenant_id, &device_code).await?;
            devices.insert(device_code.clone(), outcome);
        }
        // Built only for a refusal: the hot path (good readings) never pays for it.
        let refuse = |r: Rejection, body: &Body| DeadLetter {
            reason: r.reason,
            detail: r.detail,
            device_code: Some(device_code.clone()),
            property: Some(name.clone()),
            payload: match body {
                Body::Reading(value) => json!({"device": device_code, "property": name, "ts": ts, "value": value}),
                Body::Event(fields) => json!({"device": device_code, "event": name, "ts": ts, "fields": fields}),
            },
        };
        let device = match &devices[&device_code] {
            Ok(d) => d.clone(),
            Err(r) => {
                prepared.dead.push(refuse(r.clone(), &body));
                continue;
            }
        };
        // Events are aligned and limited exactly as readings are: the same clock, the same policy.
        let aligned = ts.saturating_add(gateway.clock_offset_ms);
        if let Err(r) = check_timestamp(aligned, now_ms, policy) {
            prepared.dead.push(refuse(r, &body));
            continue;
        }
        match &body {
            Body::Reading(raw) => match check_reading(&device.model, &name, raw) {
                Ok(value) => prepared.accepted.push(Accepted {
                    device_id: device.device_id,
                    device: device.clone(),
                    property: name,
                    ts_ms: aligned,
                    source_ts_ms: ts,
                    value,
                }),
                Err(r) => prepared.dead.push(refuse(r, &body)),
            },
            Body::Event(fields) => match check_event(&device.model, &name, fields) {
                Ok(checked) => prepared.events.push(AcceptedEvent {
                    device_id: device.device_id,
                    identifier: name,
                    severity: checked.severity,
                    ts_ms: aligned,
                    source_ts_ms: ts,
                    fields: checked.fields,
                    unknown_fields: checked.unknown_fields,
                }),
                Err(r) => prepared.dead.push(refuse(r, &body)),
            },
        }
    }
    Ok(prepared)
}

/// The part of an item that differs between a reading and an event.
enum Body {
    Reading(serde_json::Value),
    Event(serde_json::Value),
}

/// The device with this code in the gateway's tenant, or why there is none usable.
async fn lookup(
    directory: &Directory,
    tenant_id: Uuid,
    code: &str,
) -> Result<Result<Arc<Device>, Rejection>, sqlx::Error> {
    Ok(match directory.device(tenant_id, code).await? {
        Some(d) => Ok(d),
        None if directory.belongs_elsewhere(tenant_id, code).await? => {
            Err(Rejection::new(RejectReason::WrongTenant, "the device is registered to another tenant"))
        }
        None => Err(Rejection::new(RejectReason::UnknownDevice, "no device with this code in the gateway's tenant")),
    })
}

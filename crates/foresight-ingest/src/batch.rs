//! The batch wire format gateways send over MQTT and HTTP (documented in docs/INGEST.md), parsed
//! leniently item by item: one malformed reading becomes a dead letter, not a lost batch.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// Largest message accepted, in bytes.
pub const MAX_MESSAGE_BYTES: usize = 4 << 20;
/// Most readings one message may carry.
pub const MAX_READINGS: usize = 20_000;

/// A parsed batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    /// Idempotency key: `seq:<n>` from the gateway's sequence number, else a hash of the message, so a
    /// re-delivered message is recognised either way.
    pub key: String,
    /// The gateway's clock when it sent the batch (ms since the Unix epoch), for clock alignment.
    pub sent_at: Option<i64>,
    /// Tenant and gateway codes the body claims, checked against the credentials.
    pub tenant: Option<String>,
    pub gateway: Option<String>,
    pub items: Vec<Item>,
}

/// One reading as sent, before any check against a thing model.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Reading {
        device: String,
        property: String,
        ts: i64,
        value: Value,
    },
    /// Not in the documented shape; kept whole for the dead-letter store.
    Malformed {
        payload: Value,
        detail: String,
    },
}

/// Why a whole message was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    #[error("the message is not valid JSON: {0}")]
    NotJson(String),
    #[error("the message is not a batch object with a readings array")]
    NotABatch,
    #[error("the message has {0} bytes, more than {MAX_MESSAGE_BYTES}")]
    TooLarge(usize),
    #[error("the message has {0} readings, more than {MAX_READINGS}")]
    TooManyReadings(usize),
}

pub fn parse(bytes: &[u8]) -> Result<Batch, MessageError> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(MessageError::TooLarge(bytes.len()));
    }
    let root: Value = serde_json::from_slice(bytes).map_err(|e| MessageError::NotJson(e.to_string()))?;
    let Value::Object(mut root) = root else { return Err(MessageError::NotABatch) };
    let Some(Value::Array(readings)) = root.remove("readings") else { return Err(MessageError::NotABatch) };
    let count: usize =
        readings.iter().map(|r| r.get("values").and_then(Value::as_object).map_or(1, |v| v.len().max(1))).sum();
    if count > MAX_READINGS {
        return Err(MessageError::TooManyReadings(count));
    }
    let key = match root.get("seq").and_then(Value::as_u64) {
        Some(seq) => format!("seq:{seq}"),
        None => format!("sha256:{}", hex::encode(Sha256::digest(bytes))),
    };
    let text = |name: &str| root.get(name).and_then(Value::as_str).map(str::to_string);
    let mut items = Vec::with_capacity(count);
    for reading in readings {
        expand(reading, &mut items);
    }
    Ok(Batch {
        key,
        sent_at: root.get("sent_at").and_then(Value::as_i64),
        tenant: text("tenant"),
        gateway: text("gateway"),
        items,
    })
}

/// `{device, property, ts, value}` is one reading; `{device, ts, values: {p: v, ...}}` is several.
fn expand(reading: Value, out: &mut Vec<Item>) {
    let malformed = |payload: Value, detail: &str| Item::Malformed { payload, detail: detail.to_string() };
    let device = reading.get("device").and_then(Value::as_str).map(str::to_string);
    let ts = reading.get("ts").and_then(Value::as_i64);
    let (Some(device), Some(ts)) = (device, ts) else {
        out.push(malformed(reading, "a reading needs a device code and an integer ts in milliseconds"));
        return;
    };
    if let Some(values) = reading.get("values").and_then(Value::as_object) {
        if values.is_empty() {
            out.push(malformed(reading.clone(), "values is empty"));
        }
        for (property, value) in values {
            out.push(Item::Reading { device: device.clone(), property: property.clone(), ts, value: value.clone() });
        }
        return;
    }
    match (reading.get("property").and_then(Value::as_str), reading.get("value")) {
        (Some(property), Some(value)) => {
            out.push(Item::Reading { device, property: property.to_string(), ts, value: value.clone() })
        }
        _ => out.push(malformed(reading, "a reading needs property and value, or a values object")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_reading_shapes_expand_to_single_readings() {
        let body = json!({"seq": 7, "sent_at": 1000, "readings": [
            {"device": "GT-1", "property": "nh3", "ts": 990, "value": 1.5},
            {"device": "TT-2", "ts": 995, "values": {"temp": 20.5, "pressure": 101}}
        ]});
        let batch = parse(body.to_string().as_bytes()).unwrap();
        assert_eq!(batch.key, "seq:7");
        assert_eq!(batch.sent_at, Some(1000));
        assert_eq!(batch.items.len(), 3);
        assert!(batch.items.iter().all(|i| matches!(i, Item::Reading { .. })));
    }

    #[test]
    fn a_malformed_item_does_not_spoil_its_neighbours() {
        let body = json!({"readings": [{"device": "GT-1", "ts": "yesterday", "value": 1}, {"device": "GT-1", "property": "nh3", "ts": 1, "value": 2}]});
        let batch = parse(body.to_string().as_bytes()).unwrap();
        assert!(matches!(batch.items[0], Item::Malformed { .. }));
        assert!(matches!(batch.items[1], Item::Reading { .. }));
        assert!(batch.key.starts_with("sha256:"), "without seq the message hash is the key");
    }

    #[test]
    fn whole_message_errors() {
        assert!(matches!(parse(b"{not json"), Err(MessageError::NotJson(_))));
        assert_eq!(parse(b"[1,2]"), Err(MessageError::NotABatch));
        assert_eq!(parse(br#"{"readings": 5}"#), Err(MessageError::NotABatch));
        let many: Vec<Value> =
            (0..MAX_READINGS + 1).map(|i| json!({"device": "d", "property": "p", "ts": i, "value": 1})).collect();
        let body = json!({"readings": many}).to_string();
        assert!(matches!(parse(body.as_bytes()), Err(MessageError::TooManyReadings(_))));
    }

    #[test]
    fn the_same_bytes_give_the_same_key() {
        let body = br#"{"readings": []}"#;
        assert_eq!(parse(body).unwrap().key, parse(body).unwrap().key);
    }
}

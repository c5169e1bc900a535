//! The batch wire format gateways send over MQTT and HTTP (documented in docs/INGEST.md), parsed
//! leniently item by item: one malformed reading or event becomes a dead letter, not a lost batch.

use serde::de::IgnoredAny;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::borrow::Cow;

/// Largest message accepted, in bytes.
pub const MAX_MESSAGE_BYTES: usize = 4 << 20;
/// Most items one message may carry: readings (each value of a `values` object counts) and events
/// together, so the cost of one message stays bounded whatever its mix.
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
    /// A device event (`{device, event, ts, fields}`), checked later against the device's thing model.
    Event {
        device: String,
        event: String,
        ts: i64,
        /// The `fields` object as sent; `Null` when absent.
        fields: Value,
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
    #[error("the message is not a batch object with a readings or events array")]
    NotABatch,
    #[error("the message has {0} bytes, more than {MAX_MESSAGE_BYTES}")]
    TooLarge(usize),
    #[error("the message has {0} readings and events, more than {MAX_READINGS}")]
    TooManyReadings(usize),
}

pub fn parse(bytes: &[u8]) -> Result<Batch, MessageError> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(MessageError::TooLarge(bytes.len()));
    }
    match serde_json::from_slice::<FastBatch>(bytes) {
        Ok(fast)
            if fast.events.is_none()
                && fast.readings.as_ref().is_some_and(|r| r.iter().all(|r| r.values.is_none())) =>
        {
            fast.into_batch(bytes)
        }
        _ => parse_values(bytes),
    }
}

/// The common shape read straight into typed fields, without building a `serde_json::Value` tree:
/// an object whose readings are all `{device, property, ts, value}`, without events. Anything else
/// (a `values` object, events, a field of another type, a missing or repeated field) does not fit,
/// and [`parse`] then takes the general path, [`parse_values`]. For every message that fits, both
/// paths give the same batch (tested below).
#[derive(serde::Deserialize)]
struct FastBatch<'a> {
    #[serde(default)]
    seq: Option<u64>,
    #[serde(default)]
    sent_at: Option<i64>,
    #[serde(default)]
    tenant: Option<String>,
    #[serde(default)]
    gateway: Option<String>,
    #[serde(default, borrow, deserialize_with = "present")]
    readings: Option<Vec<FastReading<'a>>>,
    #[serde(default, deserialize_with = "present")]
    events: Option<IgnoredAny>,
}

#[derive(serde::Deserialize)]
struct FastReading<'a> {
    #[serde(borrow)]
    device: Cow<'a, str>,
    #[serde(borrow)]
    property: Cow<'a, str>,
    ts: i64,
    value: Value,
    #[serde(default, deserialize_with = "present")]
    values: Option<IgnoredAny>,
}

/// `Some` for a field that is there, whatever its value (`null` included); absent fields take the
/// default, `None`. (A plain `Option` would read `"readings": null` as absent.)
fn present<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

impl FastBatch<'_> {
    fn into_batch(self, bytes: &[u8]) -> Result<Batch, MessageError> {
        let readings = self.readings.unwrap_or_default();
        if readings.len() > MAX_READINGS {
            return Err(MessageError::TooManyReadings(readings.len()));
        }
        let key = match self.seq {
            Some(seq) => format!("seq:{seq}"),
            None => format!("sha256:{}", hex::encode(Sha256::digest(bytes))),
        };
        let items = readings
            .into_iter()
            .map(|r| Item::Reading {
                device: r.device.into_owned(),
                property: r.property.into_owned(),
                ts: r.ts,
                value: r.value,
            })
            .collect();
        Ok(Batch { key, sent_at: self.sent_at, tenant: self.tenant, gateway: self.gateway, items })
    }
}

/// The general path: the message as a `serde_json::Value`, read leniently item by item.
fn parse_values(bytes: &[u8]) -> Result<Batch, MessageError> {
    let root: Value = serde_json::from_slice(bytes).map_err(|e| MessageError::NotJson(e.to_string()))?;
    let Value::Object(mut root) = root else { return Err(MessageError::NotABatch) };
    // Either array may be absent (a batch of events only, or of readings only), not both; present,
    // each must be an array.
    let mut take = |name: &str| match root.remove(name) {
        None => Ok(None),
        Some(Value::Array(items)) => Ok(Some(items)),
        Some(_) => Err(MessageError::NotABatch),
    };
    let (readings, events) = match (take("readings")?, take("events")?) {
        (None, None) => return Err(MessageError::NotABatch),
        (r, e) => (r.unwrap_or_default(), e.unwrap_or_default()),
    };
    let count: usize = readings
        .iter()
        .map(|r| r.get("values").and_then(Value::as_object).map_or(1, |v| v.len().max(1)))
        .sum::<usize>()
        + events.len();
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
    for event in events {
        items.push(event_item(event));
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

/// `{device, event, ts, fields?}`; `fields` is checked against the model later, with the event.
fn event_item(event: Value) -> Item {
    let text = |name: &str| event.get(name).and_then(Value::as_str).map(str::to_string);
    match (text("device"), text("event"), event.get("ts").and_then(Value::as_i64)) {
        (Some(device), Some(identifier), Some(ts)) => {
            let fields = event.get("fields").cloned().unwrap_or(Value::Null);
            Item::Event { device, event: identifier, ts, fields }
        }
        _ => Item::Malformed {
            payload: event,
            detail: "an event needs a device code, an event identifier and an integer ts in milliseconds".into(),
        },
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
    fn events_ride_beside_readings_or_alone() {
        let body = json!({"seq": 3, "readings": [{"device": "GT-1", "property": "nh3", "ts": 1, "value": 2}],
        "events": [
            {"device": "WB-7", "event": "fall_detected", "ts": 5, "fields": {"latitude": 38.9}},
            {"device": "WB-7", "event": "sos", "ts": 6},
            {"device": "WB-7", "ts": 7},
            {"device": "WB-7", "event": "sos", "ts": "now"}
        ]});
        let batch = parse(body.to_string().as_bytes()).unwrap();
        assert_eq!(batch.items.len(), 5);
        assert!(matches!(batch.items[0], Item::Reading { .. }));
        assert_eq!(
            batch.items[1],
            Item::Event {
                device: "WB-7".into(),
                event: "fall_detected".into(),
                ts: 5,
                fields: json!({"latitude": 38.9})
            }
        );
        assert!(matches!(&batch.items[2], Item::Event { fields: Value::Null, .. }), "fields may be left out");
        assert!(matches!(batch.items[3], Item::Malformed { .. }), "no event identifier");
        assert!(matches!(batch.items[4], Item::Malformed { .. }), "ts is not an integer");
        let only_events = parse(br#"{"events": [{"device": "WB-7", "event": "sos", "ts": 1}]}"#).unwrap();
        assert_eq!(only_events.items.len(), 1);
        assert_eq!(parse(br#"{"events": {"device": "WB-7"}}"#), Err(MessageError::NotABatch));
        assert_eq!(parse(br#"{"readings": [], "events": 1}"#), Err(MessageError::NotABatch));
        assert_eq!(parse(br#"{"seq": 1}"#), Err(MessageError::NotABatch));
    }

    #[test]
    fn events_count_towards_the_item_limit() {
        let readings: Vec<Value> =
            (0..MAX_READINGS - 1).map(|i| json!({"device": "d", "property": "p", "ts": i, "value": 1})).collect();
        let event = json!({"device": "d", "event": "sos", "ts": 1});
        let at_limit = json!({"readings": readings, "events": [event]}).to_string();
        assert_eq!(parse(at_limit.as_bytes()).unwrap().items.len(), MAX_READINGS);
        let over = json!({"readings": readings, "events": [event, event]}).to_string();
        assert_eq!(parse(over.as_bytes()), Err(MessageError::TooManyReadings(MAX_READINGS + 1)));
    }

    #[test]
    fn the_typed_path_and_the_general_path_agree() {
        let bodies = [
            r#"{"seq": 7, "sent_at": 1000, "readings": [{"device": "GT-1", "property": "lel", "ts": 990, "value": 1.5}]}"#,
            r#"{"readings": [{"device": "GT-1", "property": "lel", "ts": 990, "value": "on", "extra": [1]}], "note": {}}"#,
            r#"{"seq": 1, "tenant": "acme", "gateway": "GW-1", "readings": [{"device": "G\u0054-1", "property": "p", "ts": -5, "value": null}]}"#,
            r#"{"seq": 3, "tenant": null, "readings": []}"#,
            // Each of these leaves the typed path for the general one.
            r#"{"seq": -1, "readings": [{"device": "GT-1", "property": "lel", "ts": 1, "value": 2}]}"#,
            r#"{"seq": 1.0, "sent_at": 2.5, "readings": [{"device": "GT-1", "property": "lel", "ts": 1, "value": 2}]}"#,
            r#"{"seq": 1, "tenant": 5, "readings": [{"device": "GT-1", "property": "lel", "ts": 1, "value": 2}]}"#,
            r#"{"seq": 1, "readings": null, "events": [{"device": "WB-7", "event": "sos", "ts": 1}]}"#,
            r#"{"seq": 1, "readings": [{"device": "GT-1", "property": "lel", "ts": 1, "value": 2}], "events": null}"#,
            r#"{"seq": 1, "readings": [{"device": "GT-1", "property": "lel", "ts": 1, "value": 2, "values": null}]}"#,
            r#"{"seq": 1, "readings": [{"device": "GT-1", "ts": 1, "values": {"a": 1, "b": 2}}]}"#,
            r#"{"seq": 1, "readings": [{"device": "GT-1", "property": "lel", "ts": 1.5, "value": 2}, 7]}"#,
            r#"{"seq": 1, "seq": 2, "readings": [{"device": "GT-1", "property": "lel", "ts": 1, "value": 2}]}"#,
            r#"{"seq": 1, "readings": [{"device": "GT-1", "device": "GT-2", "property": "lel", "ts": 1, "value": 2}]}"#,
            r#"{"seq": 1}"#,
            r#"{"seq": 1, "readings": 5}"#,
            r#"[1]"#,
            r#"{"seq": 1, "readings": [] } x"#,
        ];
        for body in bodies {
            assert_eq!(parse(body.as_bytes()), parse_values(body.as_bytes()), "{body}");
        }
        let many: Vec<Value> =
            (0..MAX_READINGS + 1).map(|i| json!({"device": "d", "property": "p", "ts": i, "value": 1})).collect();
        let body = json!({"readings": many}).to_string();
        assert_eq!(parse(body.as_bytes()), parse_values(body.as_bytes()));
    }

    #[test]
    fn the_same_bytes_give_the_same_key() {
        let body = br#"{"readings": []}"#;
        assert_eq!(parse(body).unwrap().key, parse(body).unwrap().key);
    }
}

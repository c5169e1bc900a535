//! Checking incoming values against a thing model, and the reasons a reading or a whole message is refused.
//!
//! Storage form: every numeric type is stored as `f64` (int exactly, since bounds stay within 2^53; bool as
//! 0/1; enum as its integer value), so one narrow `double precision` column carries all of them and alarm
//! rules compare numbers only. Text is kept apart ([`Value::Text`]) for a separate column.

use crate::model::{DataType, Severity, ThingModel, MAX_EXACT_INTEGER};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::fmt;

/// A checked value in its storage form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Number(f64),
    Text(String),
}

impl Value {
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(x) => Some(*x),
            Value::Text(_) => None,
        }
    }
}

/// Why a reading (first group) or a whole message (second group) was refused; kept with the item in the
/// dead-letter store. The `code()` strings are stable: they are stored and counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// The device's thing model has no property with this identifier.
    UnknownProperty,
    /// The device's thing model has no event with this identifier.
    UnknownEvent,
    /// The JSON type does not fit the data type (text for a number, 2.5 for an int, an object, null).
    WrongType,
    /// A number outside the property's physical range (its min/max), or an int too large to store exactly.
    OutOfRange,
    /// NaN or ±infinity (possible from binary payloads; JSON cannot carry them).
    NotFinite,
    /// An enum value (or label) that the property does not define.
    BadEnumValue,
    /// Text longer than the property's `max_length` characters.
    TextTooLong,
    /// Message: the device id is not registered (in this tenant).
    UnknownDevice,
    /// Message: the body is not valid JSON or not the documented batch shape.
    BadJson,
    /// Message or reading: the (aligned) timestamp lies further in the future than the allowed skew.
    TimestampInFuture,
    /// Message or reading: the (aligned) timestamp is older than the accepted age.
    TimestampTooOld,
    /// Message: the topic, body or device belongs to another tenant than the gateway's credentials.
    WrongTenant,
    /// Message: the gateway is not registered.
    UnknownGateway,
    /// Message: larger than the size or reading-count limit.
    Oversized,
}

impl RejectReason {
    pub const ALL: [RejectReason; 14] = [
        RejectReason::UnknownProperty,
        RejectReason::UnknownEvent,
        RejectReason::WrongType,
        RejectReason::OutOfRange,
        RejectReason::NotFinite,
        RejectReason::BadEnumValue,
        RejectReason::TextTooLong,
        RejectReason::UnknownDevice,
        RejectReason::BadJson,
        RejectReason::TimestampInFuture,
        RejectReason::TimestampTooOld,
        RejectReason::WrongTenant,
        RejectReason::UnknownGateway,
        RejectReason::Oversized,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RejectReason::UnknownProperty => "unknown_property",
            RejectReason::UnknownEvent => "unknown_event",
            RejectReason::WrongType => "wrong_type",
            RejectReason::OutOfRange => "out_of_range",
            RejectReason::NotFinite => "not_finite",
            RejectReason::BadEnumValue => "bad_enum_value",
            RejectReason::TextTooLong => "text_too_long",
            RejectReason::UnknownDevice => "unknown_device",
            RejectReason::BadJson => "bad_json",
            RejectReason::TimestampInFuture => "timestamp_in_future",
            RejectReason::TimestampTooOld => "timestamp_too_old",
            RejectReason::WrongTenant => "wrong_tenant",
            RejectReason::UnknownGateway => "unknown_gateway",
            RejectReason::Oversized => "oversized",
        }
    }

    pub fn parse(code: &str) -> Option<RejectReason> {
        RejectReason::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// A refusal: the stable reason plus a short English detail for the dead-letter viewer
/// (e.g. `250 is above the maximum 100 %LEL`). The detail is for people, never parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    pub reason: RejectReason,
    pub detail: String,
}

impl Rejection {
    pub fn new(reason: RejectReason, detail: impl Into<String>) -> Rejection {
        Rejection { reason, detail: detail.into() }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.reason.code(), self.detail)
    }
}

impl std::error::Error for Rejection {}

/// Checks one reading of `property` for a device of `model`.
pub fn check_reading(model: &ThingModel, property: &str, raw: &Json) -> Result<Value, Rejection> {
    let p = model.property(property).ok_or_else(|| {
        Rejection::new(RejectReason::UnknownProperty, format!("{} has no property {property:?}", model.identifier))
    })?;
    check_value(&p.data_type, raw)
}

/// An event that passed [`check_event`], in the form the store keeps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckedEvent {
    /// From the thing model, not the payload: a gateway cannot make a fall less (or more) serious.
    pub severity: Severity,
    /// The model's fields that were sent, checked, in canonical JSON (see [`canonical_json`]).
    pub fields: serde_json::Map<String, Json>,
    /// Fields the model does not define, kept as sent and flagged rather than refused: a firmware
    /// update that adds a field must not turn a fall or an SOS into a dead letter. Empty when none.
    pub unknown_fields: serde_json::Map<String, Json>,
}

/// Checks one event of a device of `model`: the identifier must be an event of the model, and every
/// field the model defines is type- and range-checked like a property (`wrong_type`, `out_of_range`,
/// ... with the field named in the detail). Fields may be omitted; unknown fields are kept apart in
/// [`CheckedEvent::unknown_fields`]. `fields` may be null or absent (an event without fields).
pub fn check_event(model: &ThingModel, event: &str, fields: &Json) -> Result<CheckedEvent, Rejection> {
    let e = model.event(event).ok_or_else(|| {
        Rejection::new(RejectReason::UnknownEvent, format!("{} has no event {event:?}", model.identifier))
    })?;
    let mut checked =
        CheckedEvent { severity: e.severity, fields: serde_json::Map::new(), unknown_fields: serde_json::Map::new() };
    let object = match fields {
        Json::Object(o) => o,
        Json::Null => return Ok(checked),
        _ => {
            return Err(Rejection::new(
                RejectReason::WrongType,
                format!("{} given for the event's fields (an object)", json_kind(fields)),
            ))
        }
    };
    for (key, raw) in object {
        match e.output.iter().find(|p| &p.identifier == key) {
            Some(param) => {
                let value = check_value(&param.data_type, raw)
                    .map_err(|r| Rejection::new(r.reason, format!("field {key:?}: {}", r.detail)))?;
                checked.fields.insert(key.clone(), canonical_json(&param.data_type, &value));
            }
            None => {
                checked.unknown_fields.insert(key.clone(), raw.clone());
            }
        }
    }
    Ok(checked)
}

/// A checked value as JSON in its natural form: ints and enum values as JSON integers, bools as
/// `true`/`false`, floats as numbers, text as strings (so an enum sent by label is stored by value).
pub fn canonical_json(data_type: &DataType, value: &Value) -> Json {
    match (data_type, value) {
        (_, Value::Text(t)) => Json::String(t.clone()),
        (DataType::Bool { .. }, Value::Number(x)) => Json::Bool(*x != 0.0),
        (DataType::Int { .. } | DataType::Enum { .. }, Value::Number(x)) => Json::from(*x as i64),
        (_, Value::Number(x)) => serde_json::Number::from_f64(*x).map_or(Json::Null, Json::Number),
    }
}

/// Checks a JSON value against a data type. Numbers must be JSON numbers (numeric strings are refused:
/// accepting them hides a misconfigured gateway). A bool also accepts 0 and 1, which Modbus bridges send;
/// an enum also accepts one of its labels (zh or en) as text, which WoT devices send.
pub fn check_value(data_type: &DataType, raw: &Json) -> Result<Value, Rejection> {
    match (data_type, raw) {
        (DataType::Text { max_length }, Json::String(s)) => {
            let len = s.chars().count();
            if len > *max_length as usize {
                return Err(Rejection::new(
                    RejectReason::TextTooLong,
                    format!("{len} characters, at most {max_length} allowed"),
                ));
            }
            Ok(Value::Text(s.clone()))
        }
        (DataType::Bool { .. }, Json::Bool(b)) => Ok(Value::Number(if *b { 1.0 } else { 0.0 })),
        (DataType::Enum { values }, Json::String(s)) => values
            .iter()
            .find(|v| v.label == *s || v.label_en == *s)
            .map(|v| Value::Number(v.value as f64))
            .ok_or_else(|| Rejection::new(RejectReason::BadEnumValue, format!("{s:?} is not a label of this enum"))),
        (
            DataType::Int { .. } | DataType::Float { .. } | DataType::Bool { .. } | DataType::Enum { .. },
            Json::Number(n),
        ) => match n.as_f64() {
            Some(x) => check_number(data_type, x),
            None => Err(Rejection::new(RejectReason::OutOfRange, format!("{n} cannot be stored"))),
        },
        _ => Err(Rejection::new(
            RejectReason::WrongType,
            format!("{} given for a {} value", json_kind(raw), kind(data_type)),
        )),
    }
}

/// Checks a number from a binary payload (or a parsed JSON number) against a numeric data type.
pub fn check_number(data_type: &DataType, x: f64) -> Result<Value, Rejection> {
    if !x.is_finite() {
        return Err(Rejection::new(RejectReason::NotFinite, format!("{x} is not a finite number")));
    }
    match data_type {
        DataType::Float { min, max, unit, .. } => {
            check_bounds(x, *min, *max, unit)?;
            Ok(Value::Number(x))
        }
        DataType::Int { min, max, unit, .. } => {
            integral(x, "an int")?;
            if x.abs() > MAX_EXACT_INTEGER as f64 {
                return Err(Rejection::new(RejectReason::OutOfRange, format!("{x} is too large to store exactly")));
            }
            check_bounds(x, min.map(|m| m as f64), max.map(|m| m as f64), unit)?;
            Ok(Value::Number(x))
        }
        DataType::Bool { .. } => {
            if x == 0.0 || x == 1.0 {
                Ok(Value::Number(x))
            } else {
                Err(Rejection::new(RejectReason::WrongType, format!("{x} given for a bool (0 or 1)")))
            }
        }
        DataType::Enum { values } => {
            integral(x, "an enum")?;
            if values.iter().any(|v| v.value as f64 == x) {
                Ok(Value::Number(x))
            } else {
                Err(Rejection::new(RejectReason::BadEnumValue, format!("{x} is not a value of this enum")))
            }
        }
        DataType::Text { .. } => Err(Rejection::new(RejectReason::WrongType, "number given for a text value")),
    }
}

fn integral(x: f64, what: &str) -> Result<(), Rejection> {
    if x.fract() == 0.0 {
        Ok(())
    } else {
        Err(Rejection::new(RejectReason::WrongType, format!("{x} given for {what}")))
    }
}

fn check_bounds(x: f64, min: Option<f64>, max: Option<f64>, unit: &str) -> Result<(), Rejection> {
    let sep = if unit.is_empty() { "" } else { " " };
    if let Some(min) = min.filter(|m| x < *m) {
        return Err(Rejection::new(RejectReason::OutOfRange, format!("{x} is below the minimum {min}{sep}{unit}")));
    }
    if let Some(max) = max.filter(|m| x > *m) {
        return Err(Rejection::new(RejectReason::OutOfRange, format!("{x} is above the maximum {max}{sep}{unit}")));
    }
    Ok(())
}

fn kind(data_type: &DataType) -> &'static str {
    match data_type {
        DataType::Int { .. } => "int",
        DataType::Float { .. } => "float",
        DataType::Bool { .. } => "bool",
        DataType::Enum { .. } => "enum",
        DataType::Text { .. } => "text",
    }
}

fn json_kind(raw: &Json) -> &'static str {
    match raw {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "text",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// How far a timestamp may be from platform time. Check the *aligned* timestamp (see [`crate::clock`]):
/// a gateway's clock error is already corrected there, so the skew only covers estimation error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimestampPolicy {
    pub max_future_skew_ms: i64,
    /// Gateways buffer readings while the network is down and send them late; older ones are refused.
    pub max_age_ms: i64,
}

impl Default for TimestampPolicy {
    /// Five minutes ahead, seven days back.
    fn default() -> TimestampPolicy {
        TimestampPolicy { max_future_skew_ms: 5 * 60_000, max_age_ms: 7 * 24 * 3_600_000 }
    }
}

/// Refuses timestamps (ms since the Unix epoch) too far ahead of or behind `now_ms`; both limits inclusive.
pub fn check_timestamp(ts_ms: i64, now_ms: i64, policy: &TimestampPolicy) -> Result<(), Rejection> {
    let ahead = ts_ms.saturating_sub(now_ms);
    if ahead > policy.max_future_skew_ms {
        return Err(Rejection::new(RejectReason::TimestampInFuture, format!("{ahead} ms ahead of platform time")));
    }
    let behind = ahead.saturating_neg();
    if behind > policy.max_age_ms {
        return Err(Rejection::new(RejectReason::TimestampTooOld, format!("{behind} ms behind platform time")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;
    use serde_json::json;

    fn reject(model: &ThingModel, property: &str, raw: Json) -> &'static str {
        check_reading(model, property, &raw).unwrap_err().reason.code()
    }

    #[test]
    fn numbers_are_checked_against_the_physical_range() {
        let m = presets::preset("gas_detector_combustible").unwrap();
        assert_eq!(check_reading(&m, "lel", &json!(12.5)), Ok(Value::Number(12.5)));
        assert_eq!(check_reading(&m, "lel", &json!(0)), Ok(Value::Number(0.0)));
        assert_eq!(check_reading(&m, "lel", &json!(100)), Ok(Value::Number(100.0)));
        assert_eq!(reject(&m, "lel", json!(100.01)), "out_of_range");
        assert_eq!(reject(&m, "lel", json!(-1)), "out_of_range");
        assert_eq!(reject(&m, "lel", json!("12.5")), "wrong_type");
        assert_eq!(reject(&m, "lel", json!(null)), "wrong_type");
        assert_eq!(reject(&m, "nope", json!(1)), "unknown_property");
        let detail = check_reading(&m, "lel", &json!(250)).unwrap_err().detail;
        assert_eq!(detail, "250 is above the maximum 100 %LEL");
    }

    #[test]
    fn ints_bools_enums_and_text() {
        let int = DataType::Int { min: Some(0), max: Some(10), step: 1, unit: String::new() };
        assert_eq!(check_value(&int, &json!(3.0)), Ok(Value::Number(3.0)));
        assert_eq!(check_value(&int, &json!(3.5)).unwrap_err().reason, RejectReason::WrongType);
        assert_eq!(check_value(&int, &json!(u64::MAX)).unwrap_err().reason, RejectReason::OutOfRange);
        let unbounded = DataType::Int { min: None, max: None, step: 1, unit: String::new() };
        assert_eq!(check_value(&unbounded, &json!(1u64 << 60)).unwrap_err().reason, RejectReason::OutOfRange);

        let flag = DataType::Bool {
            true_label: "是".into(),
            true_label_en: "yes".into(),
            false_label: "否".into(),
            false_label_en: "no".into(),
        };
        assert_eq!(check_value(&flag, &json!(true)), Ok(Value::Number(1.0)));
        assert_eq!(check_value(&flag, &json!(0)), Ok(Value::Number(0.0)));
        assert_eq!(check_value(&flag, &json!(2)).unwrap_err().reason, RejectReason::WrongType);
        assert_eq!(check_value(&flag, &json!("yes")).unwrap_err().reason, RejectReason::WrongType);

        let m = presets::preset("agv").unwrap();
        assert_eq!(check_reading(&m, "state", &json!(1)), Ok(Value::Number(1.0)));
        assert_eq!(check_reading(&m, "state", &json!("charging")), Ok(Value::Number(3.0)));
        assert_eq!(check_reading(&m, "state", &json!("充电")), Ok(Value::Number(3.0)));
        assert_eq!(reject(&m, "state", json!(42)), "bad_enum_value");
        assert_eq!(reject(&m, "state", json!("flying")), "bad_enum_value");
        assert_eq!(reject(&m, "state", json!(1.5)), "wrong_type");

        let text = DataType::Text { max_length: 3 };
        assert_eq!(check_value(&text, &json!("氨气罐")), Ok(Value::Text("氨气罐".into())));
        assert_eq!(check_value(&text, &json!("abcd")).unwrap_err().reason, RejectReason::TextTooLong);
        assert_eq!(check_value(&text, &json!(1)).unwrap_err().reason, RejectReason::WrongType);
    }

    #[test]
    fn binary_payloads_can_carry_non_finite_numbers() {
        let float = DataType::Float { min: None, max: None, precision: 2, unit: String::new() };
        assert_eq!(check_number(&float, f64::NAN).unwrap_err().reason, RejectReason::NotFinite);
        assert_eq!(check_number(&float, f64::NEG_INFINITY).unwrap_err().reason, RejectReason::NotFinite);
        assert_eq!(check_number(&float, -1e300), Ok(Value::Number(-1e300)));
    }

    #[test]
    fn event_fields_are_typed() {
        let m = presets::preset("video_analytics_box").unwrap();
        let ok = check_event(&m, "no_helmet", &json!({"camera_id": "CAM-07", "confidence": 0.93})).unwrap();
        assert_eq!(ok.severity, Severity::Warning, "the severity comes from the model");
        assert_eq!(Json::Object(ok.fields), json!({"camera_id": "CAM-07", "confidence": 0.93}));
        assert!(ok.unknown_fields.is_empty());
        let bad = check_event(&m, "no_helmet", &json!({"confidence": 1.5})).unwrap_err();
        assert_eq!((bad.reason, bad.detail.starts_with("field \"confidence\"")), (RejectReason::OutOfRange, true));
        let bad = check_event(&m, "no_helmet", &json!({"confidence": "high"})).unwrap_err();
        assert_eq!((bad.reason, bad.detail.starts_with("field \"confidence\"")), (RejectReason::WrongType, true));
        assert_eq!(check_event(&m, "dancing", &json!({})).unwrap_err().reason, RejectReason::UnknownEvent);
        assert_eq!(check_event(&m, "no_helmet", &json!([1])).unwrap_err().reason, RejectReason::WrongType);
        assert_eq!(check_event(&m, "no_helmet", &json!("x")).unwrap_err().reason, RejectReason::WrongType);
    }

    #[test]
    fn event_fields_may_be_omitted_and_unknown_ones_are_kept_apart() {
        let m = presets::preset("wearable_band").unwrap();
        let none = check_event(&m, "sos", &Json::Null).unwrap();
        assert_eq!((none.severity, none.fields.len(), none.unknown_fields.len()), (Severity::Critical, 0, 0));
        let partial = check_event(&m, "fall_detected", &json!({"latitude": 38.97, "impact_g": 7.5})).unwrap();
        assert_eq!(Json::Object(partial.fields), json!({"latitude": 38.97}));
        assert_eq!(Json::Object(partial.unknown_fields), json!({"impact_g": 7.5}));
        // Boundaries of a field's range are inclusive, as for properties.
        assert!(check_event(&m, "heart_rate_abnormal", &json!({"heart_rate": 250})).is_ok());
        let above = check_event(&m, "heart_rate_abnormal", &json!({"heart_rate": 251})).unwrap_err();
        assert_eq!(above.reason, RejectReason::OutOfRange);
        let fraction = check_event(&m, "heart_rate_abnormal", &json!({"heart_rate": 120.5})).unwrap_err();
        assert_eq!(fraction.reason, RejectReason::WrongType);
    }

    #[test]
    fn canonical_json_keeps_the_natural_form() {
        let flag = DataType::Bool {
            true_label: "是".into(),
            true_label_en: "yes".into(),
            false_label: "否".into(),
            false_label_en: "no".into(),
        };
        assert_eq!(canonical_json(&flag, &check_value(&flag, &json!(1)).unwrap()), json!(true));
        let int = DataType::Int { min: None, max: None, step: 1, unit: String::new() };
        assert_eq!(canonical_json(&int, &Value::Number(3.0)), json!(3));
        let m = presets::preset("agv").unwrap();
        let state = &m.property("state").unwrap().data_type;
        assert_eq!(canonical_json(state, &check_value(state, &json!("charging")).unwrap()), json!(3));
    }

    #[test]
    fn timestamps_are_limited_both_ways_inclusively() {
        let policy = TimestampPolicy { max_future_skew_ms: 1_000, max_age_ms: 60_000 };
        let now = 1_700_000_000_000;
        assert!(check_timestamp(now + 1_000, now, &policy).is_ok());
        assert_eq!(check_timestamp(now + 1_001, now, &policy).unwrap_err().reason, RejectReason::TimestampInFuture);
        assert!(check_timestamp(now - 60_000, now, &policy).is_ok());
        assert_eq!(check_timestamp(now - 60_001, now, &policy).unwrap_err().reason, RejectReason::TimestampTooOld);
        assert_eq!(check_timestamp(i64::MIN, now, &policy).unwrap_err().reason, RejectReason::TimestampTooOld);
        assert_eq!(check_timestamp(i64::MAX, now, &policy).unwrap_err().reason, RejectReason::TimestampInFuture);
    }

    #[test]
    fn reason_codes_are_stable_and_parse_back() {
        let codes: Vec<_> = RejectReason::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(
            codes,
            [
                "unknown_property",
                "unknown_event",
                "wrong_type",
                "out_of_range",
                "not_finite",
                "bad_enum_value",
                "text_too_long",
                "unknown_device",
                "bad_json",
                "timestamp_in_future",
                "timestamp_too_old",
                "wrong_tenant",
                "unknown_gateway",
                "oversized"
            ]
        );
        for r in RejectReason::ALL {
            assert_eq!(RejectReason::parse(r.code()), Some(r));
            assert_eq!(serde_json::to_value(r).unwrap(), r.code());
        }
    }
}

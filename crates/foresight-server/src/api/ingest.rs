//! HTTP ingest: a gateway POSTs the same batch it would publish over MQTT.

use crate::app::AppState;
use crate::credentials::{OpaqueToken, GATEWAY_PREFIX};
use crate::error::{ApiError, FieldIssue, Problem};
use crate::i18n::Msg;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap};
use foresight_ingest::batch::MAX_MESSAGE_BYTES;
use foresight_ingest::service::Outcome;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(post_batch).layer(DefaultBodyLimit::max(MAX_MESSAGE_BYTES)))
}

/// One reading. Either `property` and `value`, or `values` with several properties at one time.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct WireReading {
    /// The device's code as registered.
    device: String,
    /// The gateway's timestamp, milliseconds since the Unix epoch.
    ts: i64,
    property: Option<String>,
    value: Option<serde_json::Value>,
    values: Option<std::collections::BTreeMap<String, serde_json::Value>>,
}

/// One device event, checked against the event of that identifier in the device's thing model.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct WireEvent {
    /// The device's code as registered.
    device: String,
    /// The event's identifier in the device's thing model, e.g. fall_detected, sos.
    event: String,
    /// The gateway's timestamp, milliseconds since the Unix epoch.
    ts: i64,
    /// The event's fields, typed by the thing model; may be left out.
    fields: Option<std::collections::BTreeMap<String, serde_json::Value>>,
}

/// A batch as gateways send it over MQTT or HTTP (see docs/INGEST.md). `readings`, `events` or both.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct WireBatch {
    /// Sequence number per gateway: a batch re-sent with the same number is stored once.
    seq: Option<u64>,
    /// The gateway's clock when sending (ms), used to estimate its offset from platform time.
    sent_at: Option<i64>,
    /// Optional; when present it must be the gateway's own tenant code.
    tenant: Option<String>,
    /// Optional; when present it must be the gateway's own code.
    gateway: Option<String>,
    readings: Option<Vec<WireReading>>,
    /// Device events; counted with the readings towards the limit of 20,000 items.
    events: Option<Vec<WireEvent>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BatchReceipt {
    pub batch_key: String,
    /// Readings stored.
    pub accepted: usize,
    /// Device events stored.
    pub events: usize,
    /// Readings and events refused; each is in the dead-letter store with its reason.
    pub rejected: usize,
    /// The batch had already been stored; nothing was stored again.
    pub duplicate: bool,
}

/// Error responses of gateway ingest.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum IngestErrors {
    /// Not JSON, or not a batch; recorded as a dead letter.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// Larger than 4 MiB or more than 20,000 readings and events; recorded as a dead letter.
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(Problem),
    #[response(status = 415, content_type = "application/problem+json")]
    NotJson(Problem),
    #[response(status = 503, content_type = "application/problem+json")]
    Unavailable(Problem),
}

/// Store a gateway's batch of readings and device events. Valid items are stored even when others in
/// the batch are refused; refused ones go to the dead-letter store with their reason. Idempotent per `seq`
/// (or, without one, per identical body).
#[utoipa::path(post, path = "/ingest/batches", tag = "ingest", request_body = WireBatch,
    responses((status = 200, body = BatchReceipt), IngestErrors), security(("gateway" = [])))]
async fn post_batch(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<bytes::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<axum::Json<BatchReceipt>, ApiError> {
    let Some(service) = state.ingest.clone() else { return Err(ApiError::Unavailable) };
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .ok_or(ApiError::Unauthorized(Msg::DetailMissingToken))?;
    let credential =
        OpaqueToken::parse(GATEWAY_PREFIX, token.trim()).ok_or(ApiError::Unauthorized(Msg::DetailInvalidToken))?;
    let gateway = service
        .gateway(credential.tenant_id, credential.id)
        .await?
        .filter(|g| credential.matches(&g.secret_hash))
        .ok_or(ApiError::Unauthorized(Msg::DetailInvalidToken))?;
    let body = body.map_err(|r| match crate::extract::body_rejection(r) {
        ApiError::PayloadTooLarge { .. } => ApiError::PayloadTooLarge { limit: MAX_MESSAGE_BYTES },
        other => other,
    })?;
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("application/json"));
    if !is_json {
        return Err(ApiError::UnsupportedMediaType(Msg::DetailExpectedJson));
    }
    let received_ms = chrono::Utc::now().timestamp_millis();
    match service.ingest(&gateway.context, &body, received_ms).await? {
        Outcome::Stored(w) => Ok(axum::Json(BatchReceipt {
            batch_key: w.key,
            accepted: w.accepted,
            events: w.events,
            rejected: w.rejected,
            duplicate: w.duplicate,
        })),
        Outcome::Refused { reason, detail } => {
            let issue = FieldIssue::new("body", reason.code(), Msg::FieldInvalidType).arg("reason", detail);
            Err(match reason {
                foresight_telemetry::reading::RejectReason::Oversized => {
                    ApiError::PayloadTooLarge { limit: MAX_MESSAGE_BYTES }
                }
                _ => ApiError::BadRequest { msg: Msg::DetailInvalidParameter, args: vec![], issues: vec![issue] },
            })
        }
    }
}

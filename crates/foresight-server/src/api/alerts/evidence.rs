//! The evidence chain of an alert: the readings around it, the contributions and the factors and rules of
//! the zone's risk when it opened, device events of the zone (video analytics among them), and the
//! permits and maintenance open then.

use crate::api::CommonErrors;
use crate::authz::{perm, Authorized};
use crate::error::ApiError;
use crate::extract::Path;
use chrono::{DateTime, Duration, Utc};
use foresight_store::alerts;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

/// Minutes of readings before and after the opening.
const BEFORE_MIN: i64 = 30;
const AFTER_MIN: i64 = 10;

/// Device, code, name, property, minute, min, max, mean.
type MinuteRow = (Uuid, String, String, String, DateTime<Utc>, f64, f64, f64);

#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceSeries {
    pub device_id: Uuid,
    pub device_code: String,
    pub device_name: String,
    pub property: String,
    /// Per minute: `{"ts", "min", "max", "avg"}`.
    #[schema(value_type = Vec<Object>)]
    pub points: Vec<Value>,
}

#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct EvidenceEvent {
    pub event_id: Uuid,
    pub device_code: String,
    pub device_name: String,
    pub identifier: String,
    pub severity: String,
    pub ts: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema, sqlx::FromRow)]
pub struct EvidenceWork {
    pub work_item_id: Uuid,
    pub kind: String,
    pub permit_type: Option<String>,
    pub title: String,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// Everything known around the alert.
#[derive(Debug, Serialize, ToSchema)]
pub struct Evidence {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// What was recorded when it opened: the signal (alarm, event, risk path), and for zone risk the value,
    /// contributions (`[{"input", "value"}]`) and inputs (`{"snapshot", "factors", "rules", ...}`).
    #[schema(value_type = Object)]
    pub at_opening: Value,
    /// The zone's risk at the opening (nearest cycle at or before it): contributions, factors and rules fired.
    #[schema(value_type = Option<Object>)]
    pub zone_risk: Option<Value>,
    /// The source device's readings (every property), or the zone's gas readings for zone-level alerts.
    pub readings: Vec<EvidenceSeries>,
    pub device_events: Vec<EvidenceEvent>,
    pub work_items: Vec<EvidenceWork>,
}

/// The evidence chain: readings 30 minutes before to 10 after the opening, the zone's risk with its
/// contributions, factors and rules, the zone's device events and open permits and maintenance.
#[utoipa::path(get, path = "/alerts/{alert_id}/evidence", tag = "alerts", params(("alert_id" = Uuid, Path)),
    responses((status = 200, body = Evidence), CommonErrors), security(("bearer" = [])))]
pub(super) async fn alert_evidence(
    mut auth: Authorized<perm::AlertRead>,
    Path(alert_id): Path<Uuid>,
) -> Result<axum::Json<Evidence>, ApiError> {
    let state = alerts::state(&mut auth.tx, alert_id).await?.ok_or(ApiError::NotFound)?;
    let (from, to) = (state.opened_at - Duration::minutes(BEFORE_MIN), state.opened_at + Duration::minutes(AFTER_MIN));
    let zone_risk: Option<Value> = sqlx::query_scalar(
        "SELECT json_build_object('at', at, 'value', value, 'grade', grade, 'contributions', contributions, \
         'inputs', inputs) FROM zone_risk WHERE zone_id = $1 AND at <= $2 AND at >= $3 ORDER BY at DESC LIMIT 1",
    )
    .bind(state.zone_id)
    .bind(state.opened_at)
    .bind(from)
    .fetch_optional(&mut *auth.tx)
    .await?;
    let device: Option<Uuid> = state.evidence.get("device_id").and_then(|v| v.as_str()).and_then(|s| s.parse().ok());
    // The source device, else the zone's gas detectors (what a zone alert is most often about).
    let rows: Vec<MinuteRow> = sqlx::query_as(
        "SELECT d.device_id, d.code, d.name, s.property, r.minute, r.value_min, r.value_max, \
         r.value_sum / r.numeric_readings FROM series s JOIN device d ON d.tenant_id = s.tenant_id AND d.device_id = s.device_id \
         JOIN thing_model t ON t.tenant_id = d.tenant_id AND t.thing_model_id = d.thing_model_id \
         JOIN reading_minute r ON r.tenant_id = s.tenant_id AND r.series_id = s.series_id \
         WHERE (d.device_id = $1 OR ($1::uuid IS NULL AND d.zone_id = $2 AND t.identifier LIKE 'gas_detector%')) \
         AND r.numeric_readings > 0 AND r.minute >= $3 AND r.minute <= $4 ORDER BY d.code, s.property, r.minute LIMIT 5000",
    )
    .bind(device)
    .bind(state.zone_id)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *auth.tx)
    .await?;
    let mut readings: Vec<EvidenceSeries> = Vec::new();
    for (device_id, code, name, property, ts, min, max, avg) in rows {
        let point = serde_json::json!({ "ts": ts, "min": min, "max": max, "avg": avg });
        match readings.last_mut() {
            Some(s) if s.device_id == device_id && s.property == property => s.points.push(point),
            _ => readings.push(EvidenceSeries {
                device_id,
                device_code: code,
                device_name: name,
                property,
                points: vec![point],
            }),
        }
    }
    let device_events: Vec<EvidenceEvent> = sqlx::query_as(
        "SELECT e.event_id, d.code AS device_code, d.name AS device_name, e.identifier, e.severity, e.ts \
         FROM device_event e JOIN device d ON d.tenant_id = e.tenant_id AND d.device_id = e.device_id \
         WHERE e.zone_id = $1 AND e.ts >= $2 AND e.ts <= $3 ORDER BY e.ts LIMIT 200",
    )
    .bind(state.zone_id)
    .bind(from)
    .bind(to)
    .fetch_all(&mut *auth.tx)
    .await?;
    let work_items: Vec<EvidenceWork> = sqlx::query_as(
        "SELECT work_item_id, kind, permit_type, title, starts_at, ends_at, due_at, closed_at FROM work_item \
         WHERE zone_id = $1 AND (closed_at IS NULL OR closed_at > $2) \
         AND ((kind = 'permit' AND starts_at <= $2) OR (kind = 'maintenance' AND due_at <= $2 + interval '1 day')) \
         ORDER BY kind, starts_at, due_at LIMIT 100",
    )
    .bind(state.zone_id)
    .bind(state.opened_at)
    .fetch_all(&mut *auth.tx)
    .await?;
    auth.commit().await?;
    Ok(axum::Json(Evidence { from, to, at_opening: state.evidence, zone_risk, readings, device_events, work_items }))
}

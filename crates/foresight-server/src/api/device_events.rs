//! Device events (fall, SOS, video detections, DCS alarms) as ingest stored them: all of them with
//! filters, or one device's.

use super::{page_request, page_type, CommonErrors};
use crate::app::AppState;
use crate::authz::{perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{Path, Query};
use crate::i18n::Msg;
use chrono::{DateTime, Utc};
use foresight_store::device_events::{self, DeviceEvent, DeviceEventFilter};
use foresight_telemetry::Severity;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_device_events)).routes(routes!(list_events_of_device))
}

page_type!(DeviceEventPage, DeviceEvent);

const SORTS: &[(&str, &str)] = &[("ts", "e.ts"), ("received_at", "e.received_at")];
const SEVERITIES: [Severity; 4] = [Severity::Info, Severity::Warning, Severity::Alarm, Severity::Critical];

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeviceEventQuery {
    /// Page number from 1.
    page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<i64>,
    /// ts or received_at; prefix `-` for descending (the default is -ts, newest first).
    sort: Option<String>,
    device_id: Option<Uuid>,
    /// The zone the device was in when the event was written.
    zone_id: Option<Uuid>,
    site_id: Option<Uuid>,
    /// The event's identifier in the thing model, e.g. fall_detected, sos.
    identifier: Option<String>,
    /// info, warning, alarm or critical.
    severity: Option<String>,
    /// Platform time at or after this (RFC 3339).
    from: Option<DateTime<Utc>>,
    /// Platform time before this (RFC 3339).
    to: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OneDeviceEventQuery {
    /// Page number from 1.
    page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<i64>,
    /// ts or received_at; prefix `-` for descending (the default is -ts, newest first).
    sort: Option<String>,
    /// The event's identifier in the thing model, e.g. fall_detected, sos.
    identifier: Option<String>,
    /// info, warning, alarm or critical.
    severity: Option<String>,
    /// Platform time at or after this (RFC 3339).
    from: Option<DateTime<Utc>>,
    /// Platform time before this (RFC 3339).
    to: Option<DateTime<Utc>>,
}

/// Checks the filters every event list shares, collecting every problem.
fn check_filter(filter: &DeviceEventFilter) -> Result<(), ApiError> {
    let mut issues = Vec::new();
    if let Some(severity) = &filter.severity {
        if Severity::parse(severity).is_none() {
            let allowed: Vec<&str> = SEVERITIES.iter().map(|s| s.as_str()).collect();
            issues.push(
                FieldIssue::new("severity", "not_allowed", Msg::FieldNotAllowedValue)
                    .arg("allowed", allowed.join(", ")),
            );
        }
    }
    if let Some(identifier) = &filter.identifier {
        if identifier.chars().count() > 64 {
            issues.push(FieldIssue::new("identifier", "too_long", Msg::FieldTooLong).arg("max", 64));
        }
    }
    if let (Some(from), Some(to)) = (filter.from, filter.to) {
        if from >= to {
            issues.push(FieldIssue::new("from", "out_of_range", Msg::FieldNotBefore).arg("other", "to"));
        }
    }
    if issues.is_empty() {
        Ok(())
    } else {
        Err(ApiError::BadRequest { msg: Msg::DetailInvalidParameter, args: vec![], issues })
    }
}

/// List device events, newest first, filtered by device, zone, site, identifier, severity and time.
#[utoipa::path(get, path = "/device-events", tag = "telemetry", params(DeviceEventQuery),
    responses((status = 200, body = DeviceEventPage), CommonErrors), security(("bearer" = [])))]
async fn list_device_events(
    mut auth: Authorized<perm::TelemetryRead>,
    Query(q): Query<DeviceEventQuery>,
) -> Result<axum::Json<DeviceEventPage>, ApiError> {
    let page = page_request(q.page, q.per_page, q.sort.as_deref(), SORTS, ("e.ts", true))?;
    let filter = DeviceEventFilter {
        device_id: q.device_id,
        zone_id: q.zone_id,
        site_id: q.site_id,
        identifier: q.identifier,
        severity: q.severity,
        from: q.from,
        to: q.to,
    };
    check_filter(&filter)?;
    let found = device_events::list(&mut auth.tx, &filter, &page).await?;
    auth.commit().await?;
    Ok(axum::Json(DeviceEventPage::new(found, &page)))
}

/// One device's events, newest first. 404 when the device does not exist or is outside the caller's
/// tenant or zones.
#[utoipa::path(get, path = "/devices/{device_id}/events", tag = "telemetry",
    params(("device_id" = Uuid, Path), OneDeviceEventQuery),
    responses((status = 200, body = DeviceEventPage), CommonErrors), security(("bearer" = [])))]
async fn list_events_of_device(
    mut auth: Authorized<perm::TelemetryRead>,
    Path(device_id): Path<Uuid>,
    Query(q): Query<OneDeviceEventQuery>,
) -> Result<axum::Json<DeviceEventPage>, ApiError> {
    let page = page_request(q.page, q.per_page, q.sort.as_deref(), SORTS, ("e.ts", true))?;
    let filter = DeviceEventFilter {
        device_id: Some(device_id),
        identifier: q.identifier,
        severity: q.severity,
        from: q.from,
        to: q.to,
        ..DeviceEventFilter::default()
    };
    check_filter(&filter)?;
    // The device itself must be visible (row-level security and zone scope), else 404 like a missing one.
    if foresight_store::devices::get(&mut auth.tx, device_id).await?.is_none() {
        return Err(ApiError::NotFound);
    }
    let found = device_events::list(&mut auth.tx, &filter, &page).await?;
    auth.commit().await?;
    Ok(axum::Json(DeviceEventPage::new(found, &page)))
}

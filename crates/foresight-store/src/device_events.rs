//! Device events (fall, SOS, detections, DCS alarms) as the ingest writer stored them, for listing.
//!
//! Zone scope: like devices (see [`crate::devices`]), the table's row-level security is tenant-only and
//! a zone-scoped caller is limited here in SQL: an event in a zone is visible only when its zone row is
//! (the zone table's policy carries the caller's scope); events without a zone are plant-wide. The zone
//! is the one the device was in when the event was written.

use crate::list::{Page, PageRequest};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

/// The zone-scope condition every event query carries.
const VISIBLE: &str = "(e.zone_id IS NULL OR EXISTS (SELECT 1 FROM zone z \
     WHERE z.tenant_id = e.tenant_id AND z.zone_id = e.zone_id))";

/// One event a device reported.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct DeviceEvent {
    pub event_id: Uuid,
    pub device_id: Uuid,
    /// The device's code, when the device still exists.
    pub device_code: Option<String>,
    /// Where the device was when the event was written.
    pub site_id: Uuid,
    pub zone_id: Option<Uuid>,
    /// The gateway that sent it.
    pub gateway_id: Option<Uuid>,
    /// The event's identifier in the device's thing model, e.g. fall_detected, sos, no_helmet.
    pub identifier: String,
    /// From the thing model: info, warning, alarm or critical.
    pub severity: String,
    /// Platform time (the gateway's timestamp corrected by its clock offset).
    pub ts: DateTime<Utc>,
    /// The timestamp as the gateway sent it.
    pub source_ts: DateTime<Utc>,
    /// The fields the thing model defines, checked.
    #[schema(value_type = Object)]
    pub fields: serde_json::Value,
    /// Fields the thing model does not define, as sent; absent when none (the model may be behind the
    /// device's firmware).
    #[schema(value_type = Option<Object>)]
    pub unknown_fields: Option<serde_json::Value>,
    pub received_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct DeviceEventFilter {
    pub device_id: Option<Uuid>,
    pub zone_id: Option<Uuid>,
    pub site_id: Option<Uuid>,
    pub identifier: Option<String>,
    pub severity: Option<String>,
    /// Platform time at or after.
    pub from: Option<DateTime<Utc>>,
    /// Platform time before.
    pub to: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    event: DeviceEvent,
    total: i64,
}

pub async fn list(
    conn: &mut PgConnection,
    filter: &DeviceEventFilter,
    page: &PageRequest,
) -> Result<Page<DeviceEvent>, sqlx::Error> {
    let mut qb = QueryBuilder::new(
        "SELECT e.event_id, e.device_id, d.code AS device_code, e.site_id, e.zone_id, e.gateway_id, e.identifier, \
         e.severity, e.ts, e.source_ts, e.fields, e.unknown_fields, e.received_at, count(*) OVER () AS total \
         FROM device_event e LEFT JOIN device d ON d.tenant_id = e.tenant_id AND d.device_id = e.device_id WHERE ",
    );
    qb.push(VISIBLE);
    if let Some(device_id) = filter.device_id {
        qb.push(" AND e.device_id = ").push_bind(device_id);
    }
    if let Some(zone_id) = filter.zone_id {
        qb.push(" AND e.zone_id = ").push_bind(zone_id);
    }
    if let Some(site_id) = filter.site_id {
        qb.push(" AND e.site_id = ").push_bind(site_id);
    }
    if let Some(identifier) = &filter.identifier {
        qb.push(" AND e.identifier = ").push_bind(identifier.clone());
    }
    if let Some(severity) = &filter.severity {
        qb.push(" AND e.severity = ").push_bind(severity.clone());
    }
    if let Some(from) = filter.from {
        qb.push(" AND e.ts >= ").push_bind(from);
    }
    if let Some(to) = filter.to {
        qb.push(" AND e.ts < ").push_bind(to);
    }
    qb.push(page.order_by("e.event_id"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<Counted> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.event).collect(), total })
}

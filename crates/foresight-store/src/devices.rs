//! Devices: registered sensors and machines with their thing model revision, zone, gateway and position
//! on the site plan.
//!
//! Zone scope: the device table's row-level security is tenant-only, so a zone-scoped caller (a workshop
//! engineer) is limited here, in SQL, by [`VISIBLE`]: a device in a zone is visible only when its zone
//! row is, and the zone table's policy already hides the zones outside the caller's scope. Every query
//! of this module (list, get, update, delete) carries the condition, so handlers cannot forget it;
//! devices without a zone are plant-wide equipment and visible to everyone in the tenant. Doing it
//! through the zone table keeps one source of truth for zone scope (`app_zone_visible`) instead of a
//! second policy that could drift from it.

use crate::list::{like_pattern, Page, PageRequest};
use crate::{resolve_versioned, Versioned};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

/// A registered sensor or machine.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Device {
    pub device_id: Uuid,
    pub site_id: Uuid,
    pub zone_id: Option<Uuid>,
    pub gateway_id: Option<Uuid>,
    /// The thing model revision the device reports by.
    pub thing_model_id: Uuid,
    /// The identifier of that thing model.
    pub thing_model_identifier: String,
    pub thing_model_revision: i32,
    /// The key gateways use for the device in their payloads; unique in the tenant.
    pub code: String,
    pub name: String,
    /// Position on the site plan, in plan pixels (origin top-left); both or neither.
    pub position_x: Option<f64>,
    pub position_y: Option<f64>,
    /// active, maintenance or retired.
    pub status: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The zone-scope condition every device query carries (see the module documentation).
pub const VISIBLE: &str = "(device.zone_id IS NULL OR EXISTS (SELECT 1 FROM zone z \
     WHERE z.tenant_id = device.tenant_id AND z.zone_id = device.zone_id))";

const COLUMNS: &str = "device.device_id, device.site_id, device.zone_id, device.gateway_id, device.thing_model_id, \
     thing_model.identifier AS thing_model_identifier, thing_model.revision AS thing_model_revision, \
     device.code, device.name, device.position_x, device.position_y, device.status, device.version, \
     device.created_at, device.updated_at";
const FROM: &str = "FROM device JOIN thing_model USING (tenant_id, thing_model_id)";

/// A device's stored fields: the whole row for create, and the merged result of a partial update.
#[derive(Debug, Clone)]
pub struct DeviceFields {
    pub site_id: Uuid,
    pub zone_id: Option<Uuid>,
    pub gateway_id: Option<Uuid>,
    pub thing_model_id: Uuid,
    pub code: String,
    pub name: String,
    pub position_x: Option<f64>,
    pub position_y: Option<f64>,
    pub status: String,
}

impl From<&Device> for DeviceFields {
    fn from(d: &Device) -> DeviceFields {
        DeviceFields {
            site_id: d.site_id,
            zone_id: d.zone_id,
            gateway_id: d.gateway_id,
            thing_model_id: d.thing_model_id,
            code: d.code.clone(),
            name: d.name.clone(),
            position_x: d.position_x,
            position_y: d.position_y,
            status: d.status.clone(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct DeviceFilter {
    pub site_id: Option<Uuid>,
    pub zone_id: Option<Uuid>,
    pub gateway_id: Option<Uuid>,
    pub thing_model_id: Option<Uuid>,
    pub status: Option<String>,
    pub q: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    device: Device,
    total: i64,
}

pub async fn list(
    conn: &mut PgConnection,
    filter: &DeviceFilter,
    page: &PageRequest,
) -> Result<Page<Device>, sqlx::Error> {
    let mut qb = QueryBuilder::new(format!("SELECT {COLUMNS}, count(*) OVER () AS total {FROM} WHERE {VISIBLE}"));
    if let Some(site_id) = filter.site_id {
        qb.push(" AND device.site_id = ").push_bind(site_id);
    }
    if let Some(zone_id) = filter.zone_id {
        qb.push(" AND device.zone_id = ").push_bind(zone_id);
    }
    if let Some(gateway_id) = filter.gateway_id {
        qb.push(" AND device.gateway_id = ").push_bind(gateway_id);
    }
    if let Some(thing_model_id) = filter.thing_model_id {
        qb.push(" AND device.thing_model_id = ").push_bind(thing_model_id);
    }
    if let Some(status) = &filter.status {
        qb.push(" AND device.status = ").push_bind(status.clone());
    }
    if let Some(q) = &filter.q {
        let like = like_pattern(q);
        qb.push(" AND (device.name ILIKE ")
            .push_bind(like.clone())
            .push(" OR device.code ILIKE ")
            .push_bind(like)
            .push(")");
    }
    qb.push(page.order_by("device.device_id"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<Counted> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.device).collect(), total })
}

pub async fn get(conn: &mut PgConnection, device_id: Uuid) -> Result<Option<Device>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} {FROM} WHERE device.device_id = $1 AND {VISIBLE}"))
        .bind(device_id)
        .fetch_optional(conn)
        .await
}

/// Whether any device (visible or not) uses the thing model revision.
pub async fn count_by_thing_model(conn: &mut PgConnection, thing_model_id: Uuid) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM device WHERE thing_model_id = $1")
        .bind(thing_model_id)
        .fetch_one(conn)
        .await
}

pub async fn create(conn: &mut PgConnection, tenant_id: Uuid, new: &DeviceFields) -> Result<Device, sqlx::Error> {
    let device_id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO device (tenant_id, device_id, site_id, zone_id, gateway_id, thing_model_id, code, name, \
         position_x, position_y, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(tenant_id)
    .bind(device_id)
    .bind(new.site_id)
    .bind(new.zone_id)
    .bind(new.gateway_id)
    .bind(new.thing_model_id)
    .bind(&new.code)
    .bind(&new.name)
    .bind(new.position_x)
    .bind(new.position_y)
    .bind(&new.status)
    .execute(&mut *conn)
    .await?;
    get(conn, device_id).await?.ok_or(sqlx::Error::RowNotFound)
}

/// Writes the merged fields of a partial update, guarded by the version.
pub async fn update(
    conn: &mut PgConnection,
    device_id: Uuid,
    expected_version: i32,
    fields: &DeviceFields,
) -> Result<Versioned<Device>, sqlx::Error> {
    let updated: Option<Uuid> = sqlx::query_scalar(&format!(
        "UPDATE device SET site_id = $3, zone_id = $4, gateway_id = $5, thing_model_id = $6, code = $7, name = $8, \
         position_x = $9, position_y = $10, status = $11, version = version + 1, updated_at = now() \
         WHERE device_id = $1 AND version = $2 AND {VISIBLE} RETURNING device_id"
    ))
    .bind(device_id)
    .bind(expected_version)
    .bind(fields.site_id)
    .bind(fields.zone_id)
    .bind(fields.gateway_id)
    .bind(fields.thing_model_id)
    .bind(&fields.code)
    .bind(&fields.name)
    .bind(fields.position_x)
    .bind(fields.position_y)
    .bind(&fields.status)
    .fetch_optional(&mut *conn)
    .await?;
    let device = match updated {
        Some(id) => get(&mut *conn, id).await?,
        None => None,
    };
    resolve_versioned(
        device,
        conn,
        &format!("SELECT version FROM device WHERE device_id = $1 AND {VISIBLE}"),
        device_id,
    )
    .await
}

pub async fn delete(
    conn: &mut PgConnection,
    device_id: Uuid,
    expected_version: i32,
) -> Result<Versioned<Device>, sqlx::Error> {
    let Some(device) = get(&mut *conn, device_id).await? else {
        return Ok(Versioned::NotFound);
    };
    let deleted = sqlx::query(&format!("DELETE FROM device WHERE device_id = $1 AND version = $2 AND {VISIBLE}"))
        .bind(device_id)
        .bind(expected_version)
        .execute(&mut *conn)
        .await?;
    if deleted.rows_affected() == 1 {
        Ok(Versioned::Updated(device))
    } else {
        Ok(Versioned::Stale(device.version))
    }
}

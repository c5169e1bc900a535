//! Devices: registered sensors and machines. A device names its thing model revision, and optionally
//! its zone and gateway (both on the device's site) and its position on the site plan. Zone-scoped
//! callers see only devices in their zones and devices without a zone (enforced in the store's SQL).

use super::sites::versioned;
use super::{page_request, page_type, unique_violation, Checks, CommonErrors, VersionErrors};
use crate::app::AppState;
use crate::authz::{change, perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{etag, IfMatch, Json, Path, Query};
use crate::i18n::Msg;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use foresight_store::devices::{self, Device, DeviceFields, DeviceFilter};
use foresight_store::{gateways, sites, thing_models, zones};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_devices, create_device)).routes(routes!(
        get_device,
        update_device,
        delete_device
    ))
}

page_type!(DevicePage, Device);

/// A device's operating state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeviceStatus {
    Active,
    Maintenance,
    Retired,
}

impl DeviceStatus {
    fn as_str(self) -> &'static str {
        match self {
            DeviceStatus::Active => "active",
            DeviceStatus::Maintenance => "maintenance",
            DeviceStatus::Retired => "retired",
        }
    }
}

const SORTS: &[(&str, &str)] = &[("code", "device.code"), ("name", "device.name"), ("created_at", "device.created_at")];
const DEVICE_UNIQUE: &[(&str, &str)] = &[("device_code_unique", "code")];
/// Bound of plan coordinates while a site has no plan yet.
const MAX_COORDINATE: f64 = 1_000_000.0;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeviceQuery {
    /// Page number from 1.
    page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<i64>,
    /// code, name, created_at; prefix `-` for descending.
    sort: Option<String>,
    site_id: Option<Uuid>,
    zone_id: Option<Uuid>,
    gateway_id: Option<Uuid>,
    thing_model_id: Option<Uuid>,
    status: Option<DeviceStatus>,
    /// Case-insensitive search in name and code.
    q: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateDevice {
    site_id: Uuid,
    /// A zone of the same site.
    zone_id: Option<Uuid>,
    /// A gateway of the same site.
    gateway_id: Option<Uuid>,
    /// The thing model revision the device reports by.
    thing_model_id: Uuid,
    /// The key gateways use for the device; unique in the tenant: letters, digits, - and _.
    code: String,
    name: String,
    /// Position on the site plan in plan pixels; both or neither, inside the plan when there is one.
    position_x: Option<f64>,
    position_y: Option<f64>,
    /// Default active.
    status: Option<DeviceStatus>,
}

/// Absent fields stay as they are; `null` clears zone, gateway and position.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateDevice {
    code: Option<String>,
    name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>)]
    zone_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>)]
    gateway_id: Option<Option<Uuid>>,
    /// Move the device to another thing model revision.
    thing_model_id: Option<Uuid>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<f64>)]
    position_x: Option<Option<f64>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<f64>)]
    position_y: Option<Option<f64>>,
    status: Option<DeviceStatus>,
}

/// A field that is present (possibly `null`) as opposed to absent.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

fn respond(status: StatusCode, device: Device) -> Response {
    (status, [(header::ETAG, etag(device.version))], axum::Json(device)).into_response()
}

/// Which references to check: those a request sets or changes.
struct Changed {
    zone: bool,
    gateway: bool,
    thing_model: bool,
}

/// Checks references (they exist in the tenant and, for zone and gateway, lie on the device's site) and
/// the position (both or neither; inside the site plan when there is one).
async fn check_fields<P>(
    auth: &mut Authorized<P>,
    checks: &mut Checks,
    fields: &DeviceFields,
    changed: Changed,
) -> Result<(), ApiError> {
    let site = sites::get(&mut auth.tx, fields.site_id).await?;
    if site.is_none() {
        checks.push(FieldIssue::new("site_id", "not_found", Msg::FieldReferenceMissing));
    }
    let on_other_site = |site_id: Uuid| site.as_ref().is_some_and(|s| s.site_id != site_id);
    if let (Some(zone_id), true) = (fields.zone_id, changed.zone) {
        // Row-level security hides zones outside the caller's scope: those are missing too.
        match zones::get(&mut auth.tx, zone_id).await? {
            None => {
                checks.push(FieldIssue::new("zone_id", "not_found", Msg::FieldReferenceMissing));
            }
            Some(zone) if on_other_site(zone.site_id) => {
                checks.push(FieldIssue::new("zone_id", "other_site", Msg::FieldOtherSite));
            }
            Some(_) => {}
        }
    }
    if let (Some(gateway_id), true) = (fields.gateway_id, changed.gateway) {
        match gateways::get(&mut auth.tx, gateway_id).await? {
            None => {
                checks.push(FieldIssue::new("gateway_id", "not_found", Msg::FieldReferenceMissing));
            }
            Some(gateway) if on_other_site(gateway.site_id) => {
                checks.push(FieldIssue::new("gateway_id", "other_site", Msg::FieldOtherSite));
            }
            Some(_) => {}
        }
    }
    if changed.thing_model && !thing_models::exists(&mut auth.tx, fields.thing_model_id).await? {
        checks.push(FieldIssue::new("thing_model_id", "not_found", Msg::FieldReferenceMissing));
    }
    let (max_x, max_y) = match site.as_ref().map(|s| (s.plan_width, s.plan_height)) {
        Some((Some(w), Some(h))) => (w as f64, h as f64),
        _ => (MAX_COORDINATE, MAX_COORDINATE),
    };
    match (fields.position_x, fields.position_y) {
        (Some(x), Some(y)) => {
            checks.range("position_x", x, 0.0, max_x).range("position_y", y, 0.0, max_y);
        }
        (Some(_), None) => {
            checks.push(FieldIssue::new("position_y", "required", Msg::FieldPositionPair));
        }
        (None, Some(_)) => {
            checks.push(FieldIssue::new("position_x", "required", Msg::FieldPositionPair));
        }
        (None, None) => {}
    }
    Ok(())
}

/// List devices visible to the caller.
#[utoipa::path(get, path = "/devices", tag = "devices", params(DeviceQuery),
    responses((status = 200, body = DevicePage), CommonErrors), security(("bearer" = [])))]
async fn list_devices(
    mut auth: Authorized<perm::DeviceRead>,
    Query(q): Query<DeviceQuery>,
) -> Result<axum::Json<DevicePage>, ApiError> {
    let page = page_request(q.page, q.per_page, q.sort.as_deref(), SORTS, ("device.code", false))?;
    let filter = DeviceFilter {
        site_id: q.site_id,
        zone_id: q.zone_id,
        gateway_id: q.gateway_id,
        thing_model_id: q.thing_model_id,
        status: q.status.map(|s| s.as_str().to_string()),
        q: q.q,
    };
    let found = devices::list(&mut auth.tx, &filter, &page).await?;
    auth.commit().await?;
    Ok(axum::Json(DevicePage::new(found, &page)))
}

/// Register a device.
#[utoipa::path(post, path = "/devices", tag = "devices", request_body = CreateDevice,
    responses((status = 201, body = Device, headers(("ETag" = String))), CommonErrors, VersionErrors),
    security(("bearer" = [])))]
async fn create_device(
    mut auth: Authorized<perm::DeviceWrite>,
    Json(body): Json<CreateDevice>,
) -> Result<Response, ApiError> {
    let mut checks = Checks::default();
    checks.code("code", &body.code).text("name", &body.name, 1, 100);
    let fields = DeviceFields {
        site_id: body.site_id,
        zone_id: body.zone_id,
        gateway_id: body.gateway_id,
        thing_model_id: body.thing_model_id,
        code: body.code,
        name: body.name.trim().to_string(),
        position_x: body.position_x,
        position_y: body.position_y,
        status: body.status.unwrap_or(DeviceStatus::Active).as_str().to_string(),
    };
    check_fields(&mut auth, &mut checks, &fields, Changed { zone: true, gateway: true, thing_model: true }).await?;
    checks.finish()?;
    let device = devices::create(&mut auth.tx, auth.caller.tenant_id, &fields)
        .await
        .map_err(|e| unique_violation(e, DEVICE_UNIQUE))?;
    auth.audit(change("device.create", "device", device.device_id, None, Some(&device))).await?;
    auth.commit().await?;
    Ok(respond(StatusCode::CREATED, device))
}

/// Get a device.
#[utoipa::path(get, path = "/devices/{device_id}", tag = "devices", params(("device_id" = Uuid, Path)),
    responses((status = 200, body = Device, headers(("ETag" = String))), CommonErrors), security(("bearer" = [])))]
async fn get_device(mut auth: Authorized<perm::DeviceRead>, Path(device_id): Path<Uuid>) -> Result<Response, ApiError> {
    let device = devices::get(&mut auth.tx, device_id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(respond(StatusCode::OK, device))
}

/// Update a device (partial). Requires `If-Match` with the current version.
#[utoipa::path(patch, path = "/devices/{device_id}", tag = "devices", request_body = UpdateDevice,
    params(("device_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version, e.g. \"3\"")),
    responses((status = 200, body = Device), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn update_device(
    mut auth: Authorized<perm::DeviceWrite>,
    Path(device_id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Json(body): Json<UpdateDevice>,
) -> Result<Response, ApiError> {
    let before = devices::get(&mut auth.tx, device_id).await?.ok_or(ApiError::NotFound)?;
    let mut checks = Checks::default();
    if let Some(code) = &body.code {
        checks.code("code", code);
    }
    checks.opt_text("name", body.name.as_ref(), 1, 100);
    let mut fields = DeviceFields::from(&before);
    let changed = Changed {
        zone: body.zone_id.is_some_and(|z| z != before.zone_id),
        gateway: body.gateway_id.is_some_and(|g| g != before.gateway_id),
        thing_model: body.thing_model_id.is_some_and(|m| m != before.thing_model_id),
    };
    if let Some(code) = body.code {
        fields.code = code;
    }
    if let Some(name) = body.name {
        fields.name = name.trim().to_string();
    }
    if let Some(zone_id) = body.zone_id {
        fields.zone_id = zone_id;
    }
    if let Some(gateway_id) = body.gateway_id {
        fields.gateway_id = gateway_id;
    }
    if let Some(thing_model_id) = body.thing_model_id {
        fields.thing_model_id = thing_model_id;
    }
    if let Some(x) = body.position_x {
        fields.position_x = x;
    }
    if let Some(y) = body.position_y {
        fields.position_y = y;
    }
    if let Some(status) = body.status {
        fields.status = status.as_str().to_string();
    }
    check_fields(&mut auth, &mut checks, &fields, changed).await?;
    checks.finish()?;
    let device = versioned(
        devices::update(&mut auth.tx, device_id, version, &fields)
            .await
            .map_err(|e| unique_violation(e, DEVICE_UNIQUE))?,
    )?;
    auth.audit(change("device.update", "device", device_id, Some(&before), Some(&device))).await?;
    auth.commit().await?;
    Ok(respond(StatusCode::OK, device))
}

/// Delete a device.
#[utoipa::path(delete, path = "/devices/{device_id}", tag = "devices",
    params(("device_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version")),
    responses((status = 204), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn delete_device(
    mut auth: Authorized<perm::DeviceWrite>,
    Path(device_id): Path<Uuid>,
    IfMatch(version): IfMatch,
) -> Result<StatusCode, ApiError> {
    let device = versioned(devices::delete(&mut auth.tx, device_id, version).await?)?;
    auth.audit(change("device.delete", "device", device_id, Some(&device), None)).await?;
    auth.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

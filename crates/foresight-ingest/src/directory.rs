//! What ingest needs to know about a tenant's devices, cached: device codes to ids and thing models,
//! and (device, property) to series ids. Reloaded on a miss at most every few seconds, so a device
//! registered a moment ago is found quickly while a flood of unknown codes costs one query per interval.

use foresight_telemetry::ThingModel;
use sqlx::{PgConnection, PgPool};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

const RELOAD_AFTER: Duration = Duration::from_secs(3);

/// code, device id, zone, thing model id, thing model definition.
type DeviceRow = (String, Uuid, Option<Uuid>, Uuid, sqlx::types::Json<serde_json::Value>);

#[derive(Debug)]
pub struct Device {
    pub device_id: Uuid,
    pub zone_id: Option<Uuid>,
    pub model: Arc<ThingModel>,
}

#[derive(Debug, Default)]
struct TenantDevices {
    loaded_at: Option<Instant>,
    by_code: HashMap<String, Arc<Device>>,
}

#[derive(Debug)]
pub struct Directory {
    pool: PgPool,
    /// Alarm rules per tenant, evaluated as readings are written.
    pub rules: crate::alarms::RuleBook,
    tenants: Mutex<HashMap<Uuid, TenantDevices>>,
    series: Mutex<HashMap<(Uuid, String), i64>>,
}

impl Directory {
    /// `pool` connects as the ingest role (no row-level security): every query filters by tenant.
    pub fn new(pool: PgPool) -> Directory {
        Directory {
            pool,
            rules: crate::alarms::RuleBook::default(),
            tenants: Mutex::new(HashMap::new()),
            series: Mutex::new(HashMap::new()),
        }
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The device with this code in this tenant, if registered.
    pub async fn device(&self, tenant_id: Uuid, code: &str) -> Result<Option<Arc<Device>>, sqlx::Error> {
        let stale = {
            let tenants = self.tenants.lock().unwrap_or_else(|e| e.into_inner());
            let entry = tenants.get(&tenant_id);
            if let Some(device) = entry.and_then(|t| t.by_code.get(code)) {
                return Ok(Some(device.clone()));
            }
            entry.and_then(|t| t.loaded_at).is_none_or(|at| at.elapsed() >= RELOAD_AFTER)
        };
        if stale {
            self.reload(tenant_id).await?;
        }
        let tenants = self.tenants.lock().unwrap_or_else(|e| e.into_inner());
        Ok(tenants.get(&tenant_id).and_then(|t| t.by_code.get(code)).cloned())
    }

    /// Forgets a tenant's devices, e.g. after its registry changed.
    pub fn invalidate(&self, tenant_id: Uuid) {
        self.tenants.lock().unwrap_or_else(|e| e.into_inner()).remove(&tenant_id);
    }

    async fn reload(&self, tenant_id: Uuid) -> Result<(), sqlx::Error> {
        let rows: Vec<DeviceRow> = sqlx::query_as(
            "SELECT d.code, d.device_id, d.zone_id, d.thing_model_id, m.definition FROM device d \
             JOIN thing_model m ON m.tenant_id = d.tenant_id AND m.thing_model_id = d.thing_model_id \
             WHERE d.tenant_id = $1 AND d.status <> 'retired'",
        )
        .bind(tenant_id)
        .fetch_all(&self.pool)
        .await?;
        let mut models: HashMap<Uuid, Arc<ThingModel>> = HashMap::new();
        let mut by_code = HashMap::with_capacity(rows.len());
        for (code, device_id, zone_id, model_id, definition) in rows {
            let model = match models.get(&model_id) {
                Some(m) => m.clone(),
                None => match serde_json::from_value::<ThingModel>(definition.0) {
                    Ok(m) => {
                        let m = Arc::new(m);
                        models.insert(model_id, m.clone());
                        m
                    }
                    Err(e) => {
                        tracing::error!(%model_id, error = %e, "stored thing model does not parse; its devices are skipped");
                        continue;
                    }
                },
            };
            by_code.insert(code, Arc::new(Device { device_id, zone_id, model }));
        }
        let mut tenants = self.tenants.lock().unwrap_or_else(|e| e.into_inner());
        tenants.insert(tenant_id, TenantDevices { loaded_at: Some(Instant::now()), by_code });
        Ok(())
    }

    /// Whether a device with this code is registered in some other tenant: the reading is then
    /// refused as `wrong_tenant` rather than `unknown_device`, which tells operators what happened.
    pub async fn belongs_elsewhere(&self, tenant_id: Uuid, code: &str) -> Result<bool, sqlx::Error> {
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM device WHERE code = $1 AND tenant_id <> $2)")
            .bind(code)
            .bind(tenant_id)
            .fetch_one(&self.pool)
            .await
    }

    /// Series ids for (device, property) pairs, creating the missing ones in the caller's transaction.
    pub async fn series_ids(
        &self,
        conn: &mut PgConnection,
        tenant_id: Uuid,
        wanted: &[(Uuid, String)],
    ) -> Result<HashMap<(Uuid, String), i64>, sqlx::Error> {
        let mut found = HashMap::with_capacity(wanted.len());
        let mut missing: Vec<(Uuid, String)> = Vec::new();
        {
            let cache = self.series.lock().unwrap_or_else(|e| e.into_inner());
            for key in wanted {
                match cache.get(key) {
                    Some(id) => {
                        found.insert(key.clone(), *id);
                    }
                    None => missing.push(key.clone()),
                }
            }
        }
        if missing.is_empty() {
            return Ok(found);
        }
        missing.sort();
        missing.dedup();
        let devices: Vec<Uuid> = missing.iter().map(|(d, _)| *d).collect();
        let properties: Vec<String> = missing.iter().map(|(_, p)| p.clone()).collect();
        sqlx::query(
            "INSERT INTO series (tenant_id, device_id, property) SELECT $1, d, p FROM unnest($2::uuid[], $3::text[]) AS x(d, p) \
             ON CONFLICT (tenant_id, device_id, property) DO NOTHING",
        )
        .bind(tenant_id)
        .bind(&devices)
        .bind(&properties)
        .execute(&mut *conn)
        .await?;
        let rows: Vec<(Uuid, String, i64)> = sqlx::query_as(
            "SELECT s.device_id, s.property, s.series_id FROM series s JOIN unnest($2::uuid[], $3::text[]) AS x(d, p) \
             ON s.device_id = x.d AND s.property = x.p WHERE s.tenant_id = $1",
        )
        .bind(tenant_id)
        .bind(&devices)
        .bind(&properties)
        .fetch_all(&mut *conn)
        .await?;
        let mut cache = self.series.lock().unwrap_or_else(|e| e.into_inner());
        for (device, property, id) in rows {
            cache.insert((device, property.clone()), id);
            found.insert((device, property), id);
        }
        Ok(found)
    }

    /// Drops cached series ids (after a failed transaction, ids created in it do not exist).
    pub fn forget_series(&self) {
        self.series.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

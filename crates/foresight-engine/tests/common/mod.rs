//! The demo plant on a fresh database, shared by the engine's integration tests: a throwaway database
//! migrated like production, the demo tenant and plant as `foresight serve --demo` seeds them, and a
//! recorder that drives the simulator through the real ingest path.
#![allow(dead_code)] // each test binary uses part of it

use chrono::{DateTime, TimeZone, Utc};
use foresight_ingest::service::IngestService;
use foresight_ingest::GatewayContext;
use foresight_sim::{PlantSpec, Simulator};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool};
use std::collections::HashMap;
use std::str::FromStr;
use uuid::Uuid;

pub const MINUTE: i64 = 60_000;

pub fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub struct Db {
    pub name: String,
    pub owner: PgPool,
    pub app: PgPool,
    pub ingest: PgPool,
}

impl Db {
    async fn create() -> Db {
        let name = format!("fs_engine_{}", Uuid::new_v4().simple());
        let admin = PgConnectOptions::from_str(&admin_url()).unwrap();
        let mut conn = admin.connect().await.expect("connect to the test PostgreSQL server");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
        let owner_options = admin.clone().database(&name);
        let owner = PgPoolOptions::new().max_connections(4).connect_with(owner_options.clone()).await.unwrap();
        foresight_store::MIGRATOR.run(&owner).await.expect("migrations");
        let app = PgPoolOptions::new()
            .max_connections(4)
            .connect_with(owner_options.clone().username(foresight_store::pool::APP_ROLE))
            .await
            .unwrap();
        let ingest = PgPoolOptions::new()
            .max_connections(4)
            .connect_with(owner_options.username(foresight_store::pool::INGEST_ROLE))
            .await
            .unwrap();
        Db { name, owner, app, ingest }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        let name = self.name.clone();
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                if let Ok(mut conn) = PgConnectOptions::from_str(&admin_url()).unwrap().connect().await {
                    let _ =
                        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn).await;
                }
            });
        })
        .join();
    }
}

/// The demo plant registered as in `foresight serve --demo`: tenant, site, zones, thing models, gateways,
/// devices, alarm rules at the plant's high limits, and the risk seed (hazards, factors, rules).
pub struct Plant {
    pub db: Db,
    pub tenant_id: Uuid,
    pub site_id: Uuid,
    pub zones: HashMap<String, Uuid>,
    pub gateways: HashMap<String, Uuid>,
}

pub async fn plant() -> Plant {
    let db = Db::create().await;
    let tenant_id = Uuid::now_v7();
    let site_id = Uuid::now_v7();
    let o = &db.owner;
    sqlx::query("INSERT INTO tenant (tenant_id, slug, name) VALUES ($1, 'demo', 'Demo')")
        .bind(tenant_id)
        .execute(o)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO site (tenant_id, site_id, code, name, timezone) VALUES ($1, $2, 'BH1', 'Plant', 'Asia/Shanghai')",
    )
    .bind(tenant_id)
    .bind(site_id)
    .execute(o)
    .await
    .unwrap();
    let spec = PlantSpec::demo();
    let mut zones = HashMap::new();
    for z in &spec.zones {
        let id = Uuid::now_v7();
        sqlx::query("INSERT INTO zone (tenant_id, zone_id, site_id, code, name, kind, polygon) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(tenant_id)
            .bind(id)
            .bind(site_id)
            .bind(&z.code)
            .bind(&z.name)
            .bind(&z.kind)
            .bind(serde_json::to_value(&z.polygon).unwrap())
            .execute(o)
            .await
            .unwrap();
        zones.insert(z.code.clone(), id);
    }
    let mut models = HashMap::new();
    for identifier in spec.model_identifiers() {
        let model = foresight_telemetry::presets::preset(identifier).unwrap();
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO thing_model (tenant_id, thing_model_id, identifier, revision, name, category, definition, source) \
             VALUES ($1, $2, $3, 1, $4, $5, $6, 'preset')",
        )
        .bind(tenant_id)
        .bind(id)
        .bind(&model.identifier)
        .bind(&model.name)
        .bind(model.category.as_str())
        .bind(serde_json::to_value(&model).unwrap())
        .execute(o)
        .await
        .unwrap();
        models.insert(identifier.to_string(), id);
    }
    let mut gateways = HashMap::new();
    for g in &spec.gateways {
        let id = Uuid::now_v7();
        sqlx::query("INSERT INTO gateway (tenant_id, gateway_id, site_id, code, name, secret_hash) VALUES ($1, $2, $3, $4, $5, '\\x00')")
            .bind(tenant_id)
            .bind(id)
            .bind(site_id)
            .bind(&g.code)
            .bind(&g.name)
            .execute(o)
            .await
            .unwrap();
        gateways.insert(g.code.clone(), id);
    }
    for d in &spec.devices {
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO device (tenant_id, device_id, site_id, zone_id, gateway_id, thing_model_id, code, name, position_x, position_y) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(tenant_id)
        .bind(id)
        .bind(site_id)
        .bind(d.zone.as_ref().and_then(|z| zones.get(z)))
        .bind(gateways.get(&d.gateway))
        .bind(models[&d.model])
        .bind(&d.code)
        .bind(&d.name)
        .bind(d.position.map(|p| p[0]))
        .bind(d.position.map(|p| p[1]))
        .execute(o)
        .await
        .unwrap();
        for limit in &d.limits {
            for (value, severity) in [(limit.high, "warning"), (limit.high_high, "alarm")] {
                let Some(value) = value else { continue };
                let definition = serde_json::json!({
                    "name": format!("{} {}", d.code, limit.property), "severity": severity,
                    "condition": {"kind": "threshold", "property": limit.property, "op": "ge", "value": value},
                    "for_at_least_secs": 5,
                });
                sqlx::query("INSERT INTO alarm_rule (tenant_id, alarm_rule_id, name, device_id, definition) VALUES ($1, $2, $3, $4, $5)")
                    .bind(tenant_id)
                    .bind(Uuid::now_v7())
                    .bind(format!("{} {}", d.code, limit.property))
                    .bind(id)
                    .bind(&definition)
                    .execute(o)
                    .await
                    .unwrap();
            }
        }
    }
    // The risk seed goes through the application role under row-level security, as the demo does.
    let mut tx = foresight_store::begin_tenant(&db.app, tenant_id, &foresight_store::Scope::AllZones).await.unwrap();
    let by_code: HashMap<&str, Uuid> = zones.iter().map(|(c, id)| (c.as_str(), *id)).collect();
    foresight_engine::demo::seed(&mut tx, tenant_id, &by_code).await.unwrap();
    tx.commit().await.unwrap();
    Plant { db, tenant_id, site_id, zones, gateways }
}

/// Drives the simulator from its start to `until_ms`, ingesting what is sampled after `record_from_ms`.
pub async fn record(plant: &Plant, sim: &mut Simulator, service: &IngestService, record_from_ms: i64, until_ms: i64) {
    let mut t = sim.now_ms();
    while t < until_ms {
        t = (t + 10_000).min(until_ms);
        for batch in sim.step(t) {
            if t < record_from_ms {
                continue;
            }
            let gateway = GatewayContext {
                tenant_id: plant.tenant_id,
                tenant_slug: "demo".into(),
                gateway_id: plant.gateways[&batch.gateway],
                gateway_code: batch.gateway.clone(),
                site_id: plant.site_id,
                clock_offset_ms: 0,
            };
            service.ingest(&gateway, &batch.to_json(), t).await.expect("ingest");
        }
    }
}

pub fn at(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).unwrap()
}

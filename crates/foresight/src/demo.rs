//! The demo tenant: a chemical plant with its site plan, zones and one login per role, created
//! through the same store functions (and audit trail) as the API uses. Idempotent: an existing demo
//! tenant is left as it is.

use foresight_core::rbac::Role;
use foresight_server::credentials::hash_password;
use foresight_server::provision::{create_tenant, NewTenant};
use foresight_store::audit::{self, Actor, Change};
use foresight_store::sites::{self, NewSite, SitePatch};
use foresight_store::tenants::Tenant;
use foresight_store::users::{self, NewUser, User};
use foresight_store::zones::{self, NewZone};
use foresight_store::{pool, tenants, Scope};
use sqlx::PgPool;
use uuid::Uuid;

pub const DEMO_SLUG: &str = "demo";
const DEFAULT_PASSWORD: &str = "Foresight@2026";
const PLAN_SVG: &[u8] = include_bytes!("../assets/demo-plant-plan.svg");

/// (username, display name, role, zone code when zone-scoped)
const PEOPLE: &[(&str, &str, Role, Option<&str>)] = &[
    ("safety", "王安全（安全总监）", Role::SafetyManager, None),
    ("plantsafety", "李审核（厂级安全部）", Role::PlantSafety, None),
    ("engineer", "赵工（反应车间工程师）", Role::WorkshopEngineer, Some("R-100")),
    // Reviews the filling line's alerts (the ammonia incident's zone) at level 2.
    ("fengineer", "孙工（灌装车间工程师）", Role::WorkshopEngineer, Some("F-300")),
    ("leader", "陈班长（灌装班组）", Role::TeamLeader, Some("F-300")),
    ("contractor", "周经理（承包商）", Role::ContractorPm, None),
    ("viewer", "访客", Role::Viewer, None),
];

/// (code, name, kind, polygon in plan pixels)
const ZONES: &[(&str, &str, &str, &[[f64; 2]])] = &[
    ("T-200", "储罐区", "tank_farm", &[[80.0, 80.0], [620.0, 80.0], [620.0, 420.0], [80.0, 420.0]]),
    ("R-100", "反应装置区", "reactor_unit", &[[700.0, 80.0], [1140.0, 80.0], [1140.0, 420.0], [700.0, 420.0]]),
    (
        "F-300",
        "灌装线",
        "filling_line",
        &[[700.0, 520.0], [1140.0, 520.0], [1140.0, 700.0], [920.0, 700.0], [920.0, 920.0], [700.0, 920.0]],
    ),
    ("E-400", "110kV 变电所", "substation", &[[1220.0, 80.0], [1520.0, 80.0], [1520.0, 330.0], [1220.0, 330.0]]),
    ("W-500", "危化品仓库", "warehouse", &[[80.0, 520.0], [620.0, 520.0], [620.0, 920.0], [80.0, 920.0]]),
    ("U-600", "公用工程站", "utility", &[[1220.0, 420.0], [1520.0, 420.0], [1520.0, 920.0], [1220.0, 920.0]]),
];

pub fn password() -> String {
    std::env::var("FORESIGHT_DEMO_PASSWORD").unwrap_or_else(|_| DEFAULT_PASSWORD.to_string())
}

/// Creates a tenant and its administrator (and, when asked, makes them a platform administrator).
pub async fn provision(app: &PgPool, new: &NewTenant, platform_admin: bool) -> anyhow::Result<(Tenant, User)> {
    let mut tx = app.begin().await?;
    let (tenant, admin) = create_tenant(&mut tx, new, &Actor::system("foresight tenant create"), None).await?;
    if platform_admin {
        users::assign(&mut tx, tenant.tenant_id, admin.user_id, Role::PlatformAdmin.as_str(), None).await?;
        let change = Change {
            action: "user.role_grant",
            target_kind: "user",
            target_id: Some(admin.user_id.to_string()),
            before: None,
            after: Some(serde_json::json!({ "role": Role::PlatformAdmin.as_str() })),
        };
        audit::append(&mut tx, tenant.tenant_id, &Actor::system("foresight tenant create"), change, None).await?;
    }
    tx.commit().await?;
    Ok((tenant, admin))
}

/// Seeds the demo tenant if missing; returns the text listing its logins.
pub async fn seed(app: &PgPool) -> anyhow::Result<String> {
    let password = password();
    let mut conn = app.acquire().await?;
    let exists = tenants::id_by_slug(&mut conn, DEMO_SLUG).await?.is_some();
    drop(conn);
    if !exists {
        seed_new(app, &password).await?;
        tracing::info!("demo tenant seeded");
    }
    let mut text = format!("Demo tenant code: {DEMO_SLUG}   password for every login: {password}\n");
    text.push_str("  admin        tenant administrator and platform administrator\n");
    for (username, name, role, zone) in PEOPLE {
        let scope = zone.map(|z| format!(" in zone {z}")).unwrap_or_default();
        text.push_str(&format!("  {username:<12} {} ({name}){scope}\n", role.as_str()));
    }
    Ok(text)
}

async fn seed_new(app: &PgPool, password: &str) -> anyhow::Result<()> {
    let new = NewTenant {
        slug: DEMO_SLUG.into(),
        name: "滨海新材料化工有限公司（演示）".into(),
        locale: "zh-CN".into(),
        admin_username: "admin".into(),
        admin_display_name: "系统管理员".into(),
        admin_password: password.into(),
    };
    let (tenant, _) = provision(app, &new, true).await?;
    let tenant_id = tenant.tenant_id;
    let actor = Actor::system("demo seed");
    let mut tx = pool::begin_tenant(app, tenant_id, &Scope::AllZones).await?;

    let site = sites::create(
        &mut tx,
        tenant_id,
        &NewSite {
            code: "BH1".into(),
            name: "滨海一厂".into(),
            address: "滨海化工园区纬五路 8 号".into(),
            timezone: "Asia/Shanghai".into(),
        },
    )
    .await?;
    let site = sites::put_plan(&mut tx, tenant_id, site.site_id, "image/svg+xml", PLAN_SVG, (1600, 1000))
        .await?
        .unwrap_or(site);
    let patch = SitePatch { plan_scale_m_per_px: Some(0.25), ..SitePatch::default() };
    let site = match sites::update(&mut tx, site.site_id, site.version, &patch).await? {
        foresight_store::Versioned::Updated(s) => s,
        _ => anyhow::bail!("demo site changed while seeding"),
    };
    record(&mut tx, tenant_id, &actor, "site.create", "site", site.site_id, serde_json::to_value(&site)?).await?;
    let second = sites::create(
        &mut tx,
        tenant_id,
        &NewSite {
            code: "NG2".into(),
            name: "南港储运基地".into(),
            address: "南港工业区港华路 21 号".into(),
            timezone: "Asia/Shanghai".into(),
        },
    )
    .await?;
    record(&mut tx, tenant_id, &actor, "site.create", "site", second.site_id, serde_json::to_value(&second)?).await?;

    let mut zone_ids = std::collections::HashMap::new();
    for (code, name, kind, polygon) in ZONES {
        let zone = zones::create(
            &mut tx,
            tenant_id,
            &NewZone {
                site_id: site.site_id,
                code: (*code).into(),
                name: (*name).into(),
                kind: (*kind).into(),
                description: String::new(),
                polygon: polygon.to_vec(),
            },
        )
        .await?;
        record(&mut tx, tenant_id, &actor, "zone.create", "zone", zone.zone_id, serde_json::to_value(&zone)?).await?;
        zone_ids.insert(*code, zone.zone_id);
    }

    let hash = {
        let password = password.to_string();
        tokio::task::spawn_blocking(move || hash_password(&password)).await??
    };
    for (username, display_name, role, zone) in PEOPLE {
        let user = users::create(
            &mut tx,
            tenant_id,
            &NewUser {
                username: (*username).into(),
                display_name: (*display_name).into(),
                email: format!("{username}@demo.foresight.local"),
                phone: String::new(),
                locale: "zh-CN".into(),
                password_hash: hash.clone(),
            },
        )
        .await?;
        let zone_id = zone.and_then(|z| zone_ids.get(z).copied());
        users::assign(&mut tx, tenant_id, user.user_id, role.as_str(), zone_id).await?;
        let mut after = serde_json::to_value(&user)?;
        after["roles"] = serde_json::json!([{ "role": role.as_str(), "zone_id": zone_id }]);
        record(&mut tx, tenant_id, &actor, "user.create", "user", user.user_id, after).await?;
    }
    seed_plant(&mut tx, tenant_id, site.site_id, &zone_ids, &actor).await?;
    // Hazards of the zones (U-600 deliberately has none: the heat map shows it as unassessed), the seed's
    // dynamic factors and its human–machine conflict rule, so the heat map is alive from the start.
    foresight_engine::demo::seed(&mut tx, tenant_id, &zone_ids).await?;
    // Open permits and overdue maintenance as a permit or EAM system would send them.
    foresight_engine::demo::seed_work(&mut tx, tenant_id, &zone_ids, chrono::Utc::now()).await?;
    tx.commit().await?;
    Ok(())
}

/// The simulated plant's thing models, gateways and devices (foresight_sim::PlantSpec), and alarm
/// rules at the alarm limits its detectors and DCS are configured with.
async fn seed_plant(
    tx: &mut sqlx::PgConnection,
    tenant_id: Uuid,
    site_id: Uuid,
    zone_ids: &std::collections::HashMap<&str, Uuid>,
    actor: &Actor,
) -> anyhow::Result<()> {
    let spec = foresight_sim::plant::PlantSpec::demo();
    let mut models = std::collections::HashMap::new();
    for identifier in spec.model_identifiers() {
        let model = foresight_telemetry::presets::preset(identifier)
            .ok_or_else(|| anyhow::anyhow!("the demo plant uses an unknown preset {identifier}"))?;
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
        .bind(serde_json::to_value(&model)?)
        .execute(&mut *tx)
        .await?;
        models.insert(identifier.to_string(), id);
    }
    let mut gateways = std::collections::HashMap::new();
    for gateway in &spec.gateways {
        let id = Uuid::now_v7();
        // The demo publishes over MQTT, where the topic names the gateway; an HTTP credential can be
        // issued from the web app (rotate secret), so this random one is never shown.
        let secret = foresight_server::credentials::OpaqueToken::generate(tenant_id, id);
        sqlx::query("INSERT INTO gateway (tenant_id, gateway_id, site_id, code, name, secret_hash) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(tenant_id)
            .bind(id)
            .bind(site_id)
            .bind(&gateway.code)
            .bind(&gateway.name)
            .bind(secret.secret_hash())
            .execute(&mut *tx)
            .await?;
        gateways.insert(gateway.code.clone(), id);
    }
    let mut rules = 0;
    for device in &spec.devices {
        let id = Uuid::now_v7();
        let zone = device.zone.as_deref().and_then(|z| zone_ids.get(z).copied());
        sqlx::query(
            "INSERT INTO device (tenant_id, device_id, site_id, zone_id, gateway_id, thing_model_id, code, name, position_x, position_y) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(tenant_id)
        .bind(id)
        .bind(site_id)
        .bind(zone)
        .bind(gateways.get(&device.gateway))
        .bind(models[&device.model])
        .bind(&device.code)
        .bind(&device.name)
        .bind(device.position.map(|p| p[0]))
        .bind(device.position.map(|p| p[1]))
        .execute(&mut *tx)
        .await?;
        for limit in &device.limits {
            for (level, value, severity) in [("high", limit.high, "warning"), ("high_high", limit.high_high, "alarm")] {
                let Some(value) = value else { continue };
                let definition = serde_json::json!({
                    "name": format!("{} {} {}", device.name, limit.property, if level == "high" { "高报" } else { "高高报" }),
                    "name_en": format!("{} {} {level}", device.code, limit.property),
                    "severity": severity,
                    "condition": {"kind": "threshold", "property": limit.property, "op": "ge", "value": value},
                    "for_at_least_secs": 5,
                });
                let rule: foresight_telemetry::rules::AlarmRule = serde_json::from_value(definition.clone())?;
                let rule_id = Uuid::now_v7();
                sqlx::query(
                    "INSERT INTO alarm_rule (tenant_id, alarm_rule_id, name, device_id, definition) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(tenant_id)
                .bind(rule_id)
                .bind(&rule.name)
                .bind(id)
                .bind(&definition)
                .execute(&mut *tx)
                .await?;
                sqlx::query("INSERT INTO alarm_rule_revision (tenant_id, alarm_rule_id, version, definition) VALUES ($1, $2, 1, $3)")
                    .bind(tenant_id)
                    .bind(rule_id)
                    .bind(&definition)
                    .execute(&mut *tx)
                    .await?;
                rules += 1;
            }
        }
    }
    let change = Change {
        action: "demo.plant_seed",
        target_kind: "site",
        target_id: Some(site_id.to_string()),
        before: None,
        after: Some(serde_json::json!({
            "thing_models": models.len(), "gateways": gateways.len(), "devices": spec.devices.len(), "alarm_rules": rules
        })),
    };
    audit::append(tx, tenant_id, actor, change, None).await?;
    Ok(())
}

async fn record(
    conn: &mut sqlx::PgConnection,
    tenant_id: Uuid,
    actor: &Actor,
    action: &str,
    kind: &str,
    id: Uuid,
    after: serde_json::Value,
) -> anyhow::Result<()> {
    let change =
        Change { action, target_kind: kind, target_id: Some(id.to_string()), before: None, after: Some(after) };
    audit::append(conn, tenant_id, actor, change, None).await?;
    Ok(())
}

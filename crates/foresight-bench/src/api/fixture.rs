//! What the benchmark reads: one tenant with its administrator, one site with N zones, and the
//! real router listening on a local port, set up the way the API test harness does it.

use anyhow::Context;
use foresight_server::provision::{create_tenant, NewTenant};
use foresight_server::{AppState, ServerConfig};
use foresight_store::audit::Actor;
use foresight_store::sites::{self, NewSite};
use foresight_store::zones::{self, NewZone};
use sqlx::PgPool;
use std::net::SocketAddr;
use tokio::task::JoinHandle;
use uuid::Uuid;

pub const TENANT: &str = "bench";
pub const ADMIN: &str = "admin";
pub const PASSWORD: &str = "bench-password-not-secret";
const JWT_SECRET: &[u8] = b"foresight-bench-secret-of-at-least-32-bytes";

#[derive(Debug)]
pub struct Plant {
    pub tenant_id: Uuid,
    pub zone_ids: Vec<Uuid>,
}

/// Creates the tenant (through the same code as the CLI and the tests) and its zones in one
/// transaction. Zones go through the store rather than the API: setup speed is not measured, and
/// reads do not depend on the audit events the API would add.
pub async fn plant(app: &PgPool, zone_count: usize) -> anyhow::Result<Plant> {
    let mut tx = app.begin().await?;
    let new = NewTenant {
        slug: TENANT.into(),
        name: "Benchmark tenant".into(),
        locale: "zh-CN".into(),
        admin_username: ADMIN.into(),
        admin_display_name: "Benchmark administrator".into(),
        admin_password: PASSWORD.into(),
    };
    let (tenant, _admin) = create_tenant(&mut tx, &new, &Actor::system("bench"), None).await?;
    let site_new = NewSite {
        code: "S1".into(),
        name: "Benchmark site".into(),
        address: String::new(),
        timezone: "Asia/Shanghai".into(),
    };
    let site = sites::create(&mut tx, tenant.tenant_id, &site_new).await?;
    let mut zone_ids = Vec::with_capacity(zone_count);
    for i in 0..zone_count {
        // Disjoint 100×100 squares in rows of ten, like zones drawn on a plan.
        let (x, y) = (110.0 * (i % 10) as f64, 110.0 * (i / 10) as f64);
        let new = NewZone {
            site_id: site.site_id,
            code: format!("Z{i:03}"),
            name: format!("Workshop {i}"),
            kind: "workshop".into(),
            description: String::new(),
            polygon: vec![[x, y], [x + 100.0, y], [x + 100.0, y + 100.0], [x, y + 100.0]],
        };
        zone_ids.push(zones::create(&mut tx, tenant.tenant_id, &new).await?.zone_id);
    }
    tx.commit().await?;
    Ok(Plant { tenant_id: tenant.tenant_id, zone_ids })
}

/// The real router (`foresight_server::router`) served by `axum::serve` with client addresses, as
/// `foresight serve` does, on a free local port.
pub async fn serve(app: PgPool) -> anyhow::Result<(SocketAddr, JoinHandle<std::io::Result<()>>)> {
    let router = foresight_server::router(AppState::new(app, ServerConfig::default(), JWT_SECRET));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.context("bind a local port")?;
    let addr = listener.local_addr()?;
    let server =
        tokio::spawn(
            async move { axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>()).await },
        );
    Ok((addr, server))
}

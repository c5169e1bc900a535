//! Connecting, migrating, and opening transactions with the tenant (and zone scope) set.

use foresight_core::rbac::ZoneScope;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};
use std::str::FromStr;
use std::time::Duration;
use uuid::Uuid;

/// All migrations, embedded in the binary; shared by the server and every database test.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// The role the application runs as. It owns no table, so row-level security always applies to it.
pub const APP_ROLE: &str = "foresight_app";

/// The telemetry writer's role: BYPASSRLS (COPY cannot run under row-level security) but only INSERT
/// rights on telemetry tables. See migrations/20261201000001_telemetry.sql.
pub const INGEST_ROLE: &str = "foresight_ingest";

/// Runs pending migrations as the owner. sqlx holds a PostgreSQL advisory lock for the whole run, so
/// two nodes starting together apply each migration once.
pub async fn migrate(owner_url: &str) -> Result<(), sqlx::migrate::MigrateError> {
    let pool = PgPoolOptions::new().max_connections(1).connect(owner_url).await?;
    let result = MIGRATOR.run(&pool).await;
    pool.close().await;
    result
}

/// Sets the password of the application and ingest roles (for servers that require one), as the
/// owner. The password goes through `format(%L)` so it is quoted by PostgreSQL itself.
pub async fn set_role_passwords(owner_url: &str, password: &str) -> Result<(), sqlx::Error> {
    let pool = PgPoolOptions::new().max_connections(1).connect(owner_url).await?;
    let mut result = Ok(());
    for role in [APP_ROLE, INGEST_ROLE] {
        let statement: Result<String, _> =
            sqlx::query_scalar("SELECT format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text)")
                .bind(role)
                .bind(password)
                .fetch_one(&pool)
                .await;
        result = match statement {
            Ok(sql) => sqlx::query(&sql).execute(&pool).await.map(|_| ()),
            Err(e) => Err(e),
        };
        if result.is_err() {
            break;
        }
    }
    pool.close().await;
    result
}

/// The application's pool. Without an explicit application URL, the owner URL is reused with the
/// user switched to the application role (password from `app_password` when the server needs one).
pub async fn connect_app(
    owner_url: &str,
    app_url: Option<&str>,
    app_password: Option<&str>,
    max_connections: u32,
) -> Result<PgPool, sqlx::Error> {
    connect_role(owner_url, APP_ROLE, app_url, app_password, max_connections).await
}

/// A pool for `role`: `explicit_url` when given, else the owner URL with the user switched.
pub async fn connect_role(
    owner_url: &str,
    role: &str,
    explicit_url: Option<&str>,
    password: Option<&str>,
    max_connections: u32,
) -> Result<PgPool, sqlx::Error> {
    let options = match explicit_url {
        Some(url) => PgConnectOptions::from_str(url)?,
        None => {
            let mut o = PgConnectOptions::from_str(owner_url)?.username(role);
            if let Some(p) = password {
                o = o.password(p);
            }
            o
        }
    };
    PgPoolOptions::new()
        .max_connections(max_connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options.application_name("foresight"))
        .await
}

/// What a transaction may see beyond its tenant.
#[derive(Debug, Clone)]
pub enum Scope {
    AllZones,
    Zones(Vec<Uuid>),
}

impl From<&ZoneScope> for Scope {
    fn from(s: &ZoneScope) -> Self {
        match s {
            ZoneScope::All => Scope::AllZones,
            ZoneScope::Only(zones) => Scope::Zones(zones.iter().copied().collect()),
        }
    }
}

impl Scope {
    fn setting(&self) -> String {
        match self {
            Scope::AllZones => "*".into(),
            // An empty list must not read as "unset"; a nil id matches no zone.
            Scope::Zones(z) if z.is_empty() => Uuid::nil().to_string(),
            Scope::Zones(z) => z.iter().map(Uuid::to_string).collect::<Vec<_>>().join(","),
        }
    }
}

/// Opens a transaction in which row-level security shows exactly one tenant (and, within it, the
/// zones of `scope`). Settings are transaction-local: they vanish at commit or rollback, so a pooled
/// connection never carries one request's tenant into the next.
pub async fn begin_tenant(
    pool: &PgPool,
    tenant_id: Uuid,
    scope: &Scope,
) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    set_tenant(&mut tx, tenant_id, scope).await?;
    Ok(tx)
}

/// Re-points an open transaction at a tenant, e.g. after authentication narrowed the zone scope.
pub async fn set_tenant(conn: &mut sqlx::PgConnection, tenant_id: Uuid, scope: &Scope) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT set_config('foresight.tenant_id', $1, true), set_config('foresight.zone_scope', $2, true)")
        .bind(tenant_id.to_string())
        .bind(scope.setting())
        .execute(conn)
        .await?;
    Ok(())
}

/// A platform administrator's transaction: sees every tenant row (only the tenant table's policy
/// honours this), and nothing else of other tenants.
pub async fn begin_platform(pool: &PgPool, own_tenant: Uuid) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
    let mut tx = begin_tenant(pool, own_tenant, &Scope::AllZones).await?;
    sqlx::query("SELECT set_config('foresight.platform', 'on', true)").execute(&mut *tx).await?;
    Ok(tx)
}

/// Whether every embedded migration has been applied successfully (for `/readyz`).
pub async fn migrations_applied(pool: &PgPool) -> Result<bool, sqlx::Error> {
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(pool).await?;
    Ok(MIGRATOR.iter().all(|m| applied.contains(&m.version)))
}

//! A throwaway database per run: created and migrated at the start, dropped at the end, so a
//! benchmark never touches data it did not make and always starts from the same state.

use anyhow::Context;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, PgPool};
use std::str::FromStr;
use uuid::Uuid;

#[derive(Debug)]
pub struct BenchDatabase {
    pub name: String,
    admin: PgConnectOptions,
    /// URL of the new database as the administrative user, who owns the schema.
    owner_url: String,
}

impl BenchDatabase {
    /// Creates `fs_bench_<uuid>` on the server of `admin_url` and runs every migration.
    pub async fn create(admin_url: &str) -> anyhow::Result<BenchDatabase> {
        let admin = PgConnectOptions::from_str(admin_url).context("--database-url")?;
        let name = format!("fs_bench_{}", Uuid::new_v4().simple());
        let mut conn = admin.connect().await.context("connect to the PostgreSQL server of --database-url")?;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .context("create the benchmark database")?;
        let db = BenchDatabase { owner_url: with_database(admin_url, &name), name, admin };
        foresight_store::migrate(&db.owner_url).await.context("migrations")?;
        Ok(db)
    }

    /// The application's pool exactly as `foresight serve` builds it (same function, same
    /// options), as the application role: row-level security applies.
    pub async fn app_pool(&self, max_connections: u32) -> anyhow::Result<PgPool> {
        Ok(foresight_store::connect_app(&self.owner_url, None, None, max_connections).await?)
    }

    /// The same pool options as the owner, to whom row-level security does not apply: the bare
    /// query's baseline differs from the application's only in role, not in pool behaviour.
    pub async fn owner_pool(&self, max_connections: u32) -> anyhow::Result<PgPool> {
        Ok(foresight_store::connect_app(&self.owner_url, Some(&self.owner_url), None, max_connections).await?)
    }

    /// A pool as `foresight_ingest`, the role the MQTT writer connects as (as the ingest tests do).
    pub async fn ingest_pool(&self, max_connections: u32) -> anyhow::Result<PgPool> {
        let options = PgConnectOptions::from_str(&self.owner_url)?.username(foresight_store::pool::INGEST_ROLE);
        Ok(sqlx::postgres::PgPoolOptions::new().max_connections(max_connections).connect_with(options).await?)
    }

    /// `WITH (FORCE)` ends the pools' and the server's connections, which may still be open when a
    /// run fails half-way.
    pub async fn drop(self) -> anyhow::Result<()> {
        let mut conn = self.admin.connect().await?;
        sqlx::query(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)).execute(&mut conn).await?;
        Ok(())
    }
}

/// `admin_url` with its database path replaced, keeping user, host and query parameters.
fn with_database(admin_url: &str, database: &str) -> String {
    let authority_start = admin_url.find("://").map_or(0, |i| i + 3);
    let (base, query) = match admin_url.find('?') {
        Some(q) => admin_url.split_at(q),
        None => (admin_url, ""),
    };
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    format!("{base}/{database}{query}")
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_database_path_is_replaced_and_everything_else_kept() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/postgres", "b"),
            "postgres://postgres@127.0.0.1:5432/b"
        );
        assert_eq!(
            with_database("postgres://u:p@h/postgres?sslmode=disable", "b"),
            "postgres://u:p@h/b?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h:5432", "b"), "postgres://u@h:5432/b");
        assert_eq!(with_database("postgres://u@h?host=/run/postgresql", "b"), "postgres://u@h/b?host=/run/postgresql");
    }
}

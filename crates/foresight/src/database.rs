//! Which PostgreSQL to use (external by URL, or the embedded cluster) and bringing it to the
//! current schema.

use crate::config::GlobalArgs;
use foresight_pgembed::{EmbeddedPostgres, Options};
use sqlx::PgPool;

pub struct Database {
    pub app: PgPool,
    /// The telemetry writer (`foresight_ingest`).
    pub ingest: PgPool,
    embedded: Option<EmbeddedPostgres>,
}

impl Database {
    /// Starts the embedded cluster when no URL is configured, migrates, and connects as the
    /// application role.
    pub async fn open(args: &GlobalArgs) -> anyhow::Result<Database> {
        let (owner_url, embedded) = match &args.database_url {
            Some(url) => (url.clone(), None),
            None => {
                let options = Options::new(args.data_dir.join("pg"));
                let pg = tokio::task::spawn_blocking(move || EmbeddedPostgres::start(options)).await??;
                tracing::info!(data_dir = %pg.data_dir().display(), "embedded PostgreSQL started");
                (pg.owner_url(), Some(pg))
            }
        };
        let result = async {
            foresight_store::migrate(&owner_url).await?;
            if let (Some(password), None) = (&args.app_db_password, &args.app_database_url) {
                foresight_store::pool::set_role_passwords(&owner_url, password).await?;
            }
            let app_url = match (&args.app_database_url, &embedded) {
                (Some(url), _) => Some(url.clone()),
                (None, Some(pg)) => Some(pg.url_for_role(foresight_store::pool::APP_ROLE)),
                (None, None) => None,
            };
            let pool = foresight_store::connect_app(
                &owner_url,
                app_url.as_deref(),
                args.app_db_password.as_deref(),
                args.database_max_connections,
            )
            .await?;
            let ingest_url = match (&args.ingest_database_url, &embedded) {
                (Some(url), _) => Some(url.clone()),
                (None, Some(pg)) => Some(pg.url_for_role(foresight_store::pool::INGEST_ROLE)),
                (None, None) => None,
            };
            let ingest = foresight_store::pool::connect_role(
                &owner_url,
                foresight_store::pool::INGEST_ROLE,
                ingest_url.as_deref(),
                args.app_db_password.as_deref(),
                8,
            )
            .await?;
            anyhow::Ok((pool, ingest))
        }
        .await;
        match result {
            Ok((app, ingest)) => Ok(Database { app, ingest, embedded }),
            Err(e) => {
                if let Some(pg) = embedded {
                    let _ = tokio::task::spawn_blocking(move || pg.stop()).await;
                }
                Err(e)
            }
        }
    }

    /// Closes the pool, then stops the embedded cluster cleanly (a fast shutdown with a checkpoint).
    pub async fn close(self) -> anyhow::Result<()> {
        self.app.close().await;
        self.ingest.close().await;
        if let Some(pg) = self.embedded {
            tokio::task::spawn_blocking(move || pg.stop()).await??;
            tracing::info!("embedded PostgreSQL stopped");
        }
        Ok(())
    }
}

//! `foresight serve`: database, migrations, optional demo plant, HTTP with graceful shutdown.

use crate::config::{jwt_secret, GlobalArgs};
use crate::database::Database;
use clap::Args;
use foresight_server::{AppState, ServerConfig};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "FORESIGHT_LISTEN", default_value = "0.0.0.0:8080")]
    listen: SocketAddr,
    /// Seed the demo tenant and plant when missing, and print its logins.
    #[arg(long, env = "FORESIGHT_DEMO")]
    demo: bool,
    /// Built web app to serve; default: frontend/dist when it exists.
    #[arg(long, env = "FORESIGHT_WEB_DIR")]
    web_dir: Option<PathBuf>,
    /// Access-token lifetime in seconds.
    #[arg(long, env = "ACCESS_TOKEN_TTL", default_value_t = 900)]
    access_token_ttl: i64,
    /// Refresh-token lifetime in seconds.
    #[arg(long, env = "REFRESH_TOKEN_TTL", default_value_t = 14 * 24 * 3600)]
    refresh_token_ttl: i64,
}

pub async fn serve(global: &GlobalArgs, args: ServeArgs) -> anyhow::Result<()> {
    let secret = jwt_secret(global)?;
    let db = Database::open(global).await?;
    let outcome = run(global, args, &db, &secret).await;
    let closed = db.close().await;
    outcome.and(closed)
}

async fn run(_global: &GlobalArgs, args: ServeArgs, db: &Database, secret: &[u8]) -> anyhow::Result<()> {
    let demo_logins = if args.demo { Some(crate::demo::seed(&db.app).await?) } else { None };
    let web_dir = args.web_dir.or_else(|| {
        let default = PathBuf::from("frontend/dist");
        default.join("index.html").exists().then_some(default)
    });
    let config = ServerConfig {
        access_token_ttl_secs: args.access_token_ttl,
        refresh_token_ttl_secs: args.refresh_token_ttl,
        web_dir,
        ..ServerConfig::default()
    };
    let state = AppState::with_ingest(db.app.clone(), db.ingest.clone(), config, secret);
    let app = foresight_server::router(state);
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let bound = listener.local_addr()?;
    let shown = if bound.ip().is_unspecified() { SocketAddr::from(([127, 0, 0, 1], bound.port())) } else { bound };
    tracing::info!(addr = %bound, "listening");
    println!("Foresight is running at http://{shown}");
    println!("  API documentation: http://{shown}/api/docs");
    if let Some(logins) = demo_logins {
        println!("{logins}");
    }
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("HTTP server drained; shutting down");
    Ok(())
}

/// SIGINT or SIGTERM: stop accepting, finish in-flight requests, then stop the database.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received");
}

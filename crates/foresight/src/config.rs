//! Configuration from flags and environment variables (documented in the README), and logging.
//! Secrets (database passwords, the JWT secret) are never logged or printed.

use clap::{Args, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LogFormat {
    Json,
    Text,
}

#[derive(Args)]
pub struct GlobalArgs {
    /// PostgreSQL URL of the owner role (runs migrations). Unset: Foresight runs its own PostgreSQL
    /// under the data folder.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// URL for the application role; default: DATABASE_URL with the user `foresight_app`.
    #[arg(long, env = "APP_DATABASE_URL", global = true, hide_env_values = true)]
    pub app_database_url: Option<String>,
    /// URL for the telemetry writer role; default: DATABASE_URL with the user `foresight_ingest`.
    #[arg(long, env = "INGEST_DATABASE_URL", global = true, hide_env_values = true)]
    pub ingest_database_url: Option<String>,
    /// Password of `foresight_app` and `foresight_ingest` when their URLs are not given and the server
    /// requires one; set on them at start-up.
    #[arg(long, env = "APP_DB_PASSWORD", global = true, hide_env_values = true)]
    pub app_db_password: Option<String>,
    /// Folder for the embedded database, the generated JWT secret and other state.
    #[arg(long, env = "FORESIGHT_DATA_DIR", default_value = "./var", global = true)]
    pub data_dir: PathBuf,
    /// Secret for signing access tokens (at least 32 bytes). Unset: generated once into the data folder.
    #[arg(long, env = "JWT_SECRET", global = true, hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// Maximum database connections of the application pool.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", default_value_t = 32, global = true)]
    pub database_max_connections: u32,
    /// Log format.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value = "json", global = true)]
    pub log_format: LogFormat,
}

impl std::fmt::Debug for GlobalArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GlobalArgs")
            .field("database_url", &self.database_url.as_ref().map(|_| "<set>"))
            .field("app_database_url", &self.app_database_url.as_ref().map(|_| "<set>"))
            .field("data_dir", &self.data_dir)
            .field("jwt_secret", &self.jwt_secret.as_ref().map(|_| "<set>"))
            .field("log_format", &self.log_format)
            .finish()
    }
}

/// MQTT ingest (docs/INGEST.md): the embedded broker unless `MQTT_URL` names an external one, and
/// this node's subscriber.
#[derive(Args)]
pub struct MqttArgs {
    /// External MQTT broker, mqtt://[user[:password]@]host[:port] (e.g. Mosquitto or EMQX). Unset: the
    /// embedded broker starts on MQTT_LISTEN.
    #[arg(long, env = "MQTT_URL", hide_env_values = true)]
    pub mqtt_url: Option<String>,
    /// Address of the embedded broker (only without MQTT_URL); port 0 picks a free port. Not 1883, so it
    /// does not collide with a Mosquitto on the same machine.
    #[arg(long, env = "MQTT_LISTEN", default_value = "127.0.0.1:1884")]
    pub mqtt_listen: SocketAddr,
    /// Client id of this node's subscriber; the broker keeps its session (unacknowledged messages)
    /// under it, so it must stay the same across restarts and differ between nodes. Default:
    /// foresight-ingest-<hostname>.
    #[arg(long, env = "MQTT_CLIENT_ID")]
    pub mqtt_client_id: Option<String>,
    /// Shared-subscription group: nodes with the same group divide the messages between them
    /// (`$share/<group>/foresight/+/+/telemetry`) instead of each receiving all of them.
    #[arg(long, env = "MQTT_SHARED_GROUP")]
    pub mqtt_shared_group: Option<String>,
    /// No MQTT ingest on this node: no embedded broker, no subscriber (HTTP ingest still works).
    #[arg(long, env = "MQTT_DISABLED")]
    pub mqtt_disabled: bool,
    /// Most messages stored in one transaction. Foresight holds at most two groups (the one being
    /// checked and the one being written), so memory is bounded by twice this times the largest
    /// message (4 MiB); raise it with the broker's in-flight window for gateways that send one
    /// reading per message (docs/INGEST.md).
    #[arg(long, env = "MQTT_GROUP_MESSAGES", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=65_536))]
    pub mqtt_group_messages: u32,
}

impl std::fmt::Debug for MqttArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MqttArgs")
            .field("mqtt_url", &self.mqtt_url.as_ref().map(|_| "<set>"))
            .field("mqtt_listen", &self.mqtt_listen)
            .field("mqtt_client_id", &self.mqtt_client_id)
            .field("mqtt_shared_group", &self.mqtt_shared_group)
            .field("mqtt_disabled", &self.mqtt_disabled)
            .field("mqtt_group_messages", &self.mqtt_group_messages)
            .finish()
    }
}

impl MqttArgs {
    /// The configured client id, or `foresight-ingest-<hostname>`.
    pub fn client_id(&self) -> String {
        if let Some(id) = &self.mqtt_client_id {
            return id.clone();
        }
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .or_else(|| std::env::var("HOSTNAME").ok())
            .unwrap_or_default();
        let host: String =
            host.trim().chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).collect();
        format!("foresight-ingest-{}", if host.is_empty() { "node" } else { &host })
    }
}

/// Logs go to stderr (JSON by default, one object per line, with the request id in the span), so
/// stdout stays for what a person or script reads: the start-up banner, the OpenAPI document.
pub fn init_logging(args: &GlobalArgs) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        // rumqttd (the embedded MQTT broker) logs every client's ordinary disconnect as an error.
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=info,rumqttd=off"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match args.log_format {
        LogFormat::Json => builder.json().with_current_span(true).with_span_list(false).init(),
        LogFormat::Text => builder.init(),
    }
}

/// The JWT secret: configured, or generated once and kept (mode 0600) in the data folder so tokens
/// survive restarts.
pub fn jwt_secret(args: &GlobalArgs) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = &args.jwt_secret {
        anyhow::ensure!(secret.len() >= 32, "JWT_SECRET must be at least 32 bytes");
        return Ok(secret.as_bytes().to_vec());
    }
    use rand::RngCore;
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let path = args.data_dir.join("jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let bytes = hex::decode(existing.trim())?;
        anyhow::ensure!(bytes.len() >= 32, "{} is too short; delete it to regenerate", path.display());
        return Ok(bytes);
    }
    std::fs::create_dir_all(&args.data_dir)?;
    let mut bytes = vec![0u8; 48];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path)?;
    file.write_all(hex::encode(&bytes).as_bytes())?;
    tracing::info!(path = %path.display(), "generated a JWT secret");
    Ok(bytes)
}

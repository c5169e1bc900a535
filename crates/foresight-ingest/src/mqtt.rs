//! MQTT ingest (docs/INGEST.md): gateways publish batches at QoS 1 to
//! `foresight/{tenant_slug}/{gateway_code}/telemetry`; the [`Subscriber`] takes them from a broker
//! (the [`EmbeddedBroker`] or an external one such as Mosquitto or EMQX) in a persistent session with
//! manual acknowledgements, writes them in groups through [`IngestService`](crate::service::IngestService),
//! and acknowledges a message only after the transaction holding it committed.
//!
//! Backpressure: the event loop hands messages to the writer through a bounded queue; while the
//! database is down the writer retries the same group and acknowledges nothing, the queue fills,
//! the event loop stops reading, and the broker stops sending once its in-flight window for this
//! client is full. Memory does not grow with a backlog: the backlog stays in the broker.

mod broker;
mod subscriber;

pub use broker::{BrokerError, EmbeddedBroker, BACKLOG_BYTES as EMBEDDED_BACKLOG_BYTES};
pub use subscriber::Subscriber;

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// First level of every Foresight topic.
pub const TOPIC_ROOT: &str = "foresight";
/// What the subscriber subscribes to (optionally behind `$share/{group}/`).
pub const TELEMETRY_FILTER: &str = "foresight/+/+/telemetry";
/// The largest MQTT packet the subscriber reads: a message at the batch size limit plus room for
/// the topic and headers. A larger packet breaks the connection (MQTT has no way to refuse one
/// message), so brokers should cap packets at [`crate::batch::MAX_MESSAGE_BYTES`] (docs/INGEST.md).
pub const MAX_PACKET_BYTES: usize = crate::batch::MAX_MESSAGE_BYTES + 64 * 1024;

/// The topic a gateway publishes its batches to.
pub fn telemetry_topic(tenant_slug: &str, gateway_code: &str) -> String {
    format!("{TOPIC_ROOT}/{tenant_slug}/{gateway_code}/telemetry")
}

/// `(tenant_slug, gateway_code)` of a telemetry topic; `None` for anything else.
pub fn parse_topic(topic: &str) -> Option<(&str, &str)> {
    let mut levels = topic.split('/');
    let (root, tenant, gateway, kind) = (levels.next()?, levels.next()?, levels.next()?, levels.next()?);
    let valid = root == TOPIC_ROOT && kind == "telemetry" && levels.next().is_none();
    (valid && !tenant.is_empty() && !gateway.is_empty()).then_some((tenant, gateway))
}

/// Where the broker is: `mqtt://[user[:password]@]host[:port]` (port 1883 by default).
#[derive(Clone, PartialEq, Eq)]
pub struct BrokerAddress {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
}

impl BrokerAddress {
    pub fn parse(url: &str) -> Result<BrokerAddress, String> {
        let rest = match url.split_once("://") {
            Some(("mqtt" | "tcp", rest)) => rest,
            Some((scheme, _)) => {
                return Err(format!("unsupported scheme {scheme:?}: use mqtt://host:port (TLS is not built in)"))
            }
            None => url,
        };
        let rest = rest.trim_end_matches('/');
        if rest.contains('/') || rest.contains('?') {
            return Err("expected mqtt://[user[:password]@]host[:port] with no path or query".into());
        }
        let (userinfo, hostport) = match rest.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, rest),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            // An IPv6 literal is [addr]:port or [addr].
            Some((h, p)) if !p.contains(']') => {
                (h, p.parse::<u16>().map_err(|_| format!("{p:?} is not a port number"))?)
            }
            _ => (hostport, 1883),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() {
            return Err("the broker URL has no host".into());
        }
        let (username, password) = match userinfo {
            Some(u) => match u.split_once(':') {
                Some((user, pass)) => (Some(user.to_string()), Some(pass.to_string())),
                None => (Some(u.to_string()), None),
            },
            None => (None, None),
        };
        Ok(BrokerAddress { host: host.to_string(), port, username, password })
    }
}

/// Shown without the password, so it can be logged.
impl fmt::Display for BrokerAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        match &self.username {
            Some(user) => write!(f, "mqtt://{user}@{host}:{}", self.port),
            None => write!(f, "mqtt://{host}:{}", self.port),
        }
    }
}

impl fmt::Debug for BrokerAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

/// How the subscriber connects and groups its writes.
#[derive(Debug, Clone)]
pub struct MqttConfig {
    pub broker: BrokerAddress,
    /// Fixed per node: the broker keeps this client's session (subscription and unacknowledged
    /// messages) across disconnections and restarts under this id.
    pub client_id: String,
    /// Subscribe as a member of this shared-subscription group (`$share/{group}/...`), so several
    /// nodes divide the messages between them instead of each getting all of them.
    pub shared_group: Option<String>,
    pub keep_alive: Duration,
    /// A write groups at most this many messages ...
    pub group_messages: usize,
    /// ... or about this many readings (a group closes once it has this many).
    pub group_readings: usize,
    /// Backoff between attempts to write a group while the database fails, and between
    /// reconnections to the broker: from `retry_min`, doubling, up to `retry_max`.
    pub retry_min: Duration,
    pub retry_max: Duration,
    /// On shutdown, how long the group being written may still be retried before it is left
    /// unacknowledged (the broker sends it again to this session later).
    pub shutdown_grace: Duration,
    /// Totals are logged at most this often (and only when they changed).
    pub log_every: Duration,
}

impl MqttConfig {
    pub fn new(broker: BrokerAddress, client_id: impl Into<String>) -> MqttConfig {
        MqttConfig {
            broker,
            client_id: client_id.into(),
            shared_group: None,
            keep_alive: Duration::from_secs(30),
            group_messages: 50,
            group_readings: 50_000,
            retry_min: Duration::from_millis(100),
            retry_max: Duration::from_secs(5),
            shutdown_grace: Duration::from_secs(10),
            log_every: Duration::from_secs(10),
        }
    }

    /// The topic filter subscribed to.
    pub fn subscription(&self) -> String {
        match &self.shared_group {
            Some(group) => format!("$share/{group}/{TELEMETRY_FILTER}"),
            None => TELEMETRY_FILTER.to_string(),
        }
    }
}

/// Counters of the MQTT path since start, readable while it runs.
#[derive(Debug, Default)]
pub struct Metrics {
    messages_received: AtomicU64,
    messages_acked: AtomicU64,
    batches_stored: AtomicU64,
    duplicates: AtomicU64,
    readings_stored: AtomicU64,
    readings_rejected: AtomicU64,
    messages_refused: AtomicU64,
    unknown_gateway: AtomicU64,
    write_retries: AtomicU64,
    connections: AtomicU64,
    connection_errors: AtomicU64,
}

/// The counters at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MetricsSnapshot {
    /// Publishes taken from the broker (re-deliveries count again).
    pub messages_received: u64,
    /// Publishes acknowledged after their group committed.
    pub messages_acked: u64,
    /// Batches written for the first time.
    pub batches_stored: u64,
    /// Batches already stored before (re-delivered), written no second time.
    pub duplicates: u64,
    pub readings_stored: u64,
    /// Readings stored as dead letters.
    pub readings_rejected: u64,
    /// Messages refused whole: bad JSON or too large (stored as one dead letter each), or from a
    /// topic that names no known gateway (`unknown_gateway`, not stored: there is no tenant).
    pub messages_refused: u64,
    /// Of `messages_refused`, those on a topic naming no known tenant and gateway.
    pub unknown_gateway: u64,
    /// Failed attempts to write a group (the database was unavailable); each is retried.
    pub write_retries: u64,
    /// Successful connections to the broker (1 + reconnections).
    pub connections: u64,
    pub connection_errors: u64,
}

impl Metrics {
    pub fn snapshot(&self) -> MetricsSnapshot {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        MetricsSnapshot {
            messages_received: get(&self.messages_received),
            messages_acked: get(&self.messages_acked),
            batches_stored: get(&self.batches_stored),
            duplicates: get(&self.duplicates),
            readings_stored: get(&self.readings_stored),
            readings_rejected: get(&self.readings_rejected),
            messages_refused: get(&self.messages_refused),
            unknown_gateway: get(&self.unknown_gateway),
            write_retries: get(&self.write_retries),
            connections: get(&self.connections),
            connection_errors: get(&self.connection_errors),
        }
    }
}

impl MetricsSnapshot {
    /// The counters in Prometheus' text format, for the server's `/metrics`.
    pub fn prometheus(&self) -> String {
        let counters: [(&str, &str, u64); 11] = [
            (
                "messages_received",
                "Publishes taken from the broker (re-deliveries count again).",
                self.messages_received,
            ),
            ("messages_acked", "Publishes acknowledged after their group committed.", self.messages_acked),
            ("batches_stored", "Batches written for the first time.", self.batches_stored),
            ("duplicate_batches", "Re-delivered batches recognised and not written again.", self.duplicates),
            ("readings_stored", "Readings committed to the reading table.", self.readings_stored),
            ("readings_rejected", "Readings stored as dead letters.", self.readings_rejected),
            (
                "messages_refused",
                "Messages refused whole (bad JSON, too large, unknown gateway).",
                self.messages_refused,
            ),
            ("unknown_gateway", "Messages on a topic naming no known tenant and gateway.", self.unknown_gateway),
            (
                "write_retries",
                "Failed attempts to write a group (database unavailable), each retried.",
                self.write_retries,
            ),
            ("connections", "Successful connections to the broker.", self.connections),
            ("connection_errors", "Lost or refused broker connections.", self.connection_errors),
        ];
        let mut out = String::new();
        for (name, help, value) in counters {
            out.push_str(&format!(
                "# HELP foresight_mqtt_{name}_total {help}\n# TYPE foresight_mqtt_{name}_total counter\nforesight_mqtt_{name}_total {value}\n"
            ));
        }
        out
    }
}

fn add(counter: &AtomicU64, n: u64) {
    counter.fetch_add(n, Ordering::Relaxed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_name_tenant_and_gateway() {
        assert_eq!(telemetry_topic("acme", "GW-1"), "foresight/acme/GW-1/telemetry");
        assert_eq!(parse_topic("foresight/acme/GW-1/telemetry"), Some(("acme", "GW-1")));
        for bad in ["foresight/acme/telemetry", "foresight//GW/telemetry", "other/acme/GW/telemetry", "foresight/a/b/c"]
        {
            assert_eq!(parse_topic(bad), None, "{bad}");
        }
        assert_eq!(parse_topic("foresight/acme/GW/telemetry/extra"), None);
    }

    #[test]
    fn counters_render_for_prometheus() {
        let metrics = Metrics::default();
        add(&metrics.readings_stored, 1500);
        add(&metrics.write_retries, 2);
        let text = metrics.snapshot().prometheus();
        assert!(text.contains(
            "# TYPE foresight_mqtt_readings_stored_total counter\nforesight_mqtt_readings_stored_total 1500\n"
        ));
        assert!(text.contains("foresight_mqtt_write_retries_total 2\n"));
        assert_eq!(text.lines().filter(|l| !l.starts_with('#')).count(), 11, "one sample per counter");
    }

    #[test]
    fn broker_urls() {
        let a = BrokerAddress::parse("mqtt://127.0.0.1:1883").unwrap();
        assert_eq!((a.host.as_str(), a.port, a.username.clone()), ("127.0.0.1", 1883, None));
        let a = BrokerAddress::parse("mqtt://ingest:s3cret@broker.example").unwrap();
        assert_eq!((a.host.as_str(), a.port), ("broker.example", 1883));
        assert_eq!((a.username.as_deref(), a.password.as_deref()), (Some("ingest"), Some("s3cret")));
        assert_eq!(a.to_string(), "mqtt://ingest@broker.example:1883", "the password is never shown");
        let a = BrokerAddress::parse("mqtt://[::1]:1884").unwrap();
        assert_eq!((a.host.as_str(), a.port), ("::1", 1884));
        assert_eq!(a.to_string(), "mqtt://[::1]:1884");
        assert!(BrokerAddress::parse("mqtts://broker:8883").is_err());
        assert!(BrokerAddress::parse("mqtt://broker:notaport").is_err());
        assert!(BrokerAddress::parse("mqtt://:1883").is_err());
    }

    #[test]
    fn shared_subscription_filter() {
        let mut config = MqttConfig::new(BrokerAddress::parse("mqtt://localhost").unwrap(), "foresight-ingest-a");
        assert_eq!(config.subscription(), "foresight/+/+/telemetry");
        config.shared_group = Some("foresight".into());
        assert_eq!(config.subscription(), "$share/foresight/foresight/+/+/telemetry");
    }
}

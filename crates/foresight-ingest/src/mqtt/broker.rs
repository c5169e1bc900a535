//! The embedded MQTT broker (rumqttd, MQTT 3.1.1) for a single machine or a demo: one command
//! brings up a platform gateways can publish to. It keeps messages in memory only, has no
//! per-gateway credentials or ACLs and no TLS; production uses an external broker (`MQTT_URL`).

use rumqttd::{Broker, Config, ConnectionSettings, RouterConfig, ServerSettings};
use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

/// Backlog the broker keeps in memory (per its commit log) while the subscriber is not taking
/// messages, e.g. during a database outage: beyond it the oldest messages are dropped. Use an
/// external broker with persistence where outages may outlast this.
pub const BACKLOG_BYTES: usize = SEGMENT_BYTES * SEGMENTS;
const SEGMENT_BYTES: usize = 32 << 20;
const SEGMENTS: usize = 8;
const STARTUP_DEADLINE: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    #[error(
        "cannot listen for MQTT on {addr}: {source}. If another broker (such as Mosquitto) already runs there, \
         set MQTT_URL=mqtt://{addr} to use it instead of the embedded one, or set MQTT_LISTEN to move the \
         embedded broker to a free address"
    )]
    AddressInUse { addr: SocketAddr, source: std::io::Error },
    #[error("cannot listen for MQTT on {addr}: {source}")]
    Listen { addr: SocketAddr, source: std::io::Error },
    #[error("the embedded MQTT broker did not start: {0}")]
    Start(String),
}

/// A running embedded broker. It runs on threads of its own until the process exits (rumqttd has
/// no way to stop a broker); the subscriber disconnects from it cleanly on shutdown.
#[derive(Debug)]
pub struct EmbeddedBroker {
    addr: SocketAddr,
}

impl EmbeddedBroker {
    /// Starts listening on `listen` (port 0: a free port, see [`EmbeddedBroker::addr`]) and waits
    /// until it accepts connections. Refuses, never moves to another port, when the address is taken.
    pub fn start(listen: SocketAddr) -> Result<EmbeddedBroker, BrokerError> {
        // Checked here because rumqttd only logs a failed bind on its own thread.
        let addr = match TcpListener::bind(listen) {
            Ok(probe) => probe.local_addr().map_err(|source| BrokerError::Listen { addr: listen, source })?,
            Err(source) if source.kind() == std::io::ErrorKind::AddrInUse => {
                return Err(BrokerError::AddressInUse { addr: listen, source })
            }
            Err(source) => return Err(BrokerError::Listen { addr: listen, source }),
        };
        let config = config(addr);
        let thread = std::thread::Builder::new()
            .name("mqtt-broker".into())
            .spawn(move || {
                let mut broker = Broker::new(config);
                // Returns only when its servers stopped, which they do only on an error.
                if let Err(e) = broker.start() {
                    tracing::error!(error = %e, "embedded MQTT broker stopped");
                }
            })
            .map_err(|e| BrokerError::Start(e.to_string()))?;
        let connect_to = if addr.ip().is_unspecified() {
            SocketAddr::new(std::net::Ipv4Addr::LOCALHOST.into(), addr.port())
        } else {
            addr
        };
        let deadline = Instant::now() + STARTUP_DEADLINE;
        loop {
            if TcpStream::connect_timeout(&connect_to, Duration::from_millis(200)).is_ok() {
                break;
            }
            if thread.is_finished() {
                return Err(BrokerError::Start(format!("it could not listen on {addr}; see the log")));
            }
            if Instant::now() >= deadline {
                return Err(BrokerError::Start(format!(
                    "{addr} did not accept connections within {STARTUP_DEADLINE:?}"
                )));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        tracing::info!(%addr, "embedded MQTT broker listening");
        Ok(EmbeddedBroker { addr })
    }

    /// The address it listens on (with the actual port when started on port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The address a client on this machine connects to.
    pub fn local_url(&self) -> String {
        let host = if self.addr.ip().is_unspecified() { "127.0.0.1".to_string() } else { self.addr.ip().to_string() };
        let host = if host.contains(':') { format!("[{host}]") } else { host };
        format!("mqtt://{host}:{}", self.addr.port())
    }
}

fn config(addr: SocketAddr) -> Config {
    let connections = ConnectionSettings {
        connection_timeout_ms: 60_000,
        // Publishers cannot send more than a batch may hold.
        max_payload_size: crate::batch::MAX_MESSAGE_BYTES,
        // Unacknowledged QoS 1 publishes accepted from one publisher.
        max_inflight_count: 100,
        auth: None,
        external_auth: None,
        dynamic_filters: true,
    };
    let server = ServerSettings {
        name: "foresight-mqtt".into(),
        listen: addr,
        tls: None,
        next_connection_delay_ms: 1,
        connections,
    };
    let router = RouterConfig {
        max_connections: 10_000,
        max_outgoing_packet_count: 200,
        max_segment_size: SEGMENT_BYTES,
        max_segment_count: SEGMENTS,
        ..RouterConfig::default()
    };
    Config { id: 0, router, v4: Some(HashMap::from([("1".to_string(), server)])), ..Config::default() }
}

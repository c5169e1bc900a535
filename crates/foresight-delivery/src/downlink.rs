//! MQTT downlink: publishes alert messages to devices (sirens, displays, gateways) at QoS 1 and
//! reports success only once the broker acknowledged the message (PUBACK), so the dispatcher can
//! mark a notification delivered, or schedule a retry, knowing which it is.
//!
//! rumqttc gives a publish its packet id only when its event loop sends it, and reports that as
//! `Outgoing::Publish(pkid)`. Its event loop takes requests strictly in the order they were
//! queued and reports each QoS 1 publish exactly once, in that order (also when a packet-id
//! collision delays one), so each publish's waiter is queued in the same order, under the same
//! lock as the request, and the n-th `Outgoing::Publish` belongs to the n-th waiter; the waiter
//! then waits under its packet id for the PUBACK (see [`events`]).
//!
//! While the broker is unreachable, publishes fail at once with [`DownlinkError::Disconnected`]
//! instead of piling up: the dispatcher's retry schedule owns waiting. When the connection drops,
//! publishes waiting for a PUBACK fail too, and what rumqttc still held for them is discarded
//! (clean session), so nothing is sent later behind a caller's back. A publish that failed may
//! still have reached the broker (its PUBACK was lost): retries can deliver a message twice,
//! which QoS 1 allows; devices deduplicate by the id in the payload.

mod config;
mod events;

pub use config::DownlinkConfig;

use events::{Awaiting, EventLoopTask, Status, Waiter};
use rumqttc::{AsyncClient, MqttOptions, QoS};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{oneshot, watch, Semaphore};
use tokio::task::JoinHandle;
use tokio::time::{timeout, timeout_at, Instant};

/// How long shutdown waits for queued publishes and the disconnect to go out.
const SHUTDOWN_DEADLINE: Duration = Duration::from_secs(5);
/// MQTT's own overhead in a PUBLISH packet besides topic and payload: fixed header (at most 5
/// bytes), topic length (2) and packet id (2).
const PUBLISH_OVERHEAD: usize = 9;
/// Requests besides publishes that may sit in rumqttc's queue (the disconnect).
const SPARE_REQUESTS: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum DownlinkError {
    #[error("invalid MQTT broker URL: {0}")]
    InvalidUrl(String),
    #[error("could not connect to the MQTT broker: {0}")]
    Unreachable(String),
    #[error("not connected to the MQTT broker")]
    Disconnected,
    #[error("the MQTT broker did not acknowledge the message in time")]
    Timeout,
    #[error("invalid MQTT topic: {0}")]
    InvalidTopic(&'static str),
    #[error("the message is {bytes} bytes, over the {max}-byte MQTT packet limit")]
    TooLarge { bytes: usize, max: usize },
}

/// A connection to the downlink broker, kept up by a background task.
pub struct Downlink {
    client: AsyncClient,
    awaiting: Arc<Mutex<Awaiting>>,
    /// One permit per publish waiting for its acknowledgement (bounded memory, backpressure).
    room: Arc<Semaphore>,
    status: watch::Receiver<Status>,
    stop: watch::Sender<bool>,
    events: Option<JoinHandle<()>>,
    config: Arc<DownlinkConfig>,
}

impl std::fmt::Debug for Downlink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Downlink")
            .field("broker", &self.config.to_string())
            .field("connected", &self.is_connected())
            .finish()
    }
}

impl Downlink {
    /// Connects to `mqtt://[user[:password]@]host[:port]` and waits for the first connection;
    /// an error if the broker cannot be reached within the connect timeout (5 s).
    pub async fn connect(url: &str, client_id: &str) -> Result<Downlink, DownlinkError> {
        Downlink::connect_with(DownlinkConfig::from_url(url, client_id)?).await
    }

    /// [`Downlink::connect`] with a full configuration.
    pub async fn connect_with(config: DownlinkConfig) -> Result<Downlink, DownlinkError> {
        let wait = config.connect_timeout + Duration::from_secs(1);
        let downlink = Downlink::start(config);
        let mut status = downlink.status.clone();
        let first = timeout(wait, status.wait_for(|s| !matches!(s, Status::Connecting))).await;
        let failure = match first {
            // Not Connecting (waited for that), so Down or Connected.
            Ok(Ok(status)) => match &*status {
                Status::Down(reason) => reason.clone(),
                _ => return Ok(downlink),
            },
            Ok(Err(_)) => "the connection task ended".to_string(),
            Err(_) => format!("no answer within {} s", wait.as_secs()),
        };
        downlink.shutdown().await;
        Err(DownlinkError::Unreachable(failure))
    }

    /// Starts connecting in the background and returns at once: publishes fail with
    /// [`DownlinkError::Disconnected`] until the broker answers. For a server that must start
    /// while the broker is down. Must be called within a tokio runtime.
    pub fn start(config: DownlinkConfig) -> Downlink {
        let mut options = MqttOptions::new(config.client_id.clone(), config.host.clone(), config.port);
        options
            .set_keep_alive(config.keep_alive.max(Duration::from_secs(1)))
            // A new session on every connection: what was in flight when a connection dropped has
            // been reported as failed and must not be sent again later.
            .set_clean_session(true)
            .set_max_packet_size(64 * 1024, config.max_packet_bytes);
        if let Some(user) = &config.username {
            options.set_credentials(user.clone(), config.password.clone().unwrap_or_default());
        }
        let max_outstanding = config.max_outstanding.max(1);
        let (client, mut eventloop) = AsyncClient::new(options, max_outstanding + SPARE_REQUESTS);
        eventloop.network_options.set_connection_timeout(config.connect_timeout.as_secs().max(1));
        let awaiting = Arc::new(Mutex::new(Awaiting::default()));
        let (status_tx, status) = watch::channel(Status::Connecting);
        let (stop, stop_rx) = watch::channel(false);
        let config = Arc::new(config);
        tracing::info!(broker = %config, client_id = %config.client_id, "starting the MQTT downlink");
        let events =
            tokio::spawn(EventLoopTask::new(eventloop, awaiting.clone(), status_tx, stop_rx, config.clone()).run());
        Downlink {
            client,
            awaiting,
            room: Arc::new(Semaphore::new(max_outstanding)),
            status,
            stop,
            events: Some(events),
            config,
        }
    }

    /// Whether the broker connection is up right now.
    pub fn is_connected(&self) -> bool {
        matches!(*self.status.borrow(), Status::Connected)
    }

    /// Publishes at QoS 1 (not retained) and returns once the broker acknowledged it, or an
    /// error: [`DownlinkError::Disconnected`] at once while the broker is unreachable, or when
    /// the connection dropped before the acknowledgement; [`DownlinkError::Timeout`] after the
    /// ack timeout (5 s by default).
    pub async fn publish(&self, topic: &str, payload: Vec<u8>) -> Result<(), DownlinkError> {
        check_topic(topic)?;
        let bytes = topic.len() + payload.len() + PUBLISH_OVERHEAD;
        if bytes > self.config.max_packet_bytes {
            return Err(DownlinkError::TooLarge { bytes, max: self.config.max_packet_bytes });
        }
        let deadline = Instant::now() + self.config.ack_timeout;
        let room = match timeout_at(deadline, self.room.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            Ok(Err(_)) => return Err(DownlinkError::Disconnected),
            Err(_) => return Err(DownlinkError::Timeout),
        };
        let (reply, acked) = oneshot::channel();
        {
            let mut awaiting = events::lock(&self.awaiting);
            if !awaiting.connected {
                return Err(DownlinkError::Disconnected);
            }
            // Under the lock, so the waiter's place in the queue is the request's (module comment).
            if let Err(e) = self.client.try_publish(topic, QoS::AtLeastOnce, false, payload) {
                tracing::warn!(error = %e, "the MQTT downlink could not queue a publish");
                return Err(DownlinkError::Disconnected);
            }
            awaiting.queued.push_back(Waiter { reply, _room: room });
        }
        match timeout_at(deadline, acked).await {
            Ok(Ok(())) => Ok(()),
            // The waiter was dropped: the connection went down before the acknowledgement.
            Ok(Err(_)) => Err(DownlinkError::Disconnected),
            Err(_) => Err(DownlinkError::Timeout),
        }
    }

    /// Sends what is queued, disconnects and stops the background task. Publishes still waiting
    /// for an acknowledgement fail with [`DownlinkError::Disconnected`].
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        // Queued after the publishes already handed over, so those go out first.
        let _ = self.client.try_disconnect();
        if let Some(mut events) = self.events.take() {
            if timeout(SHUTDOWN_DEADLINE, &mut events).await.is_err() {
                events.abort();
            }
        }
        tracing::info!(broker = %self.config, "MQTT downlink stopped");
    }
}

/// Dropped without [`Downlink::shutdown`]: the background task must not outlive it (rumqttc's
/// event loop holds its own request sender, so it would never notice).
impl Drop for Downlink {
    fn drop(&mut self) {
        if let Some(events) = self.events.take() {
            events.abort();
        }
    }
}

/// rumqttc would refuse a wildcard topic; the broker would drop the connection for the others.
fn check_topic(topic: &str) -> Result<(), DownlinkError> {
    if topic.is_empty() {
        return Err(DownlinkError::InvalidTopic("empty"));
    }
    if topic.contains(['+', '#']) {
        return Err(DownlinkError::InvalidTopic("wildcards cannot be published to"));
    }
    if topic.contains('\0') {
        return Err(DownlinkError::InvalidTopic("contains a NUL character"));
    }
    if topic.starts_with('$') {
        return Err(DownlinkError::InvalidTopic("topics starting with $ belong to the broker"));
    }
    if topic.len() > usize::from(u16::MAX) {
        return Err(DownlinkError::InvalidTopic("longer than 65,535 bytes"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_that_cannot_be_published_to_are_refused() {
        assert!(check_topic("foresight/acme/gw-1/downlink").is_ok());
        for topic in ["", "a/+/b", "a/#", "a\0b", "$SYS/x"] {
            assert!(matches!(check_topic(topic), Err(DownlinkError::InvalidTopic(_))), "{topic:?} was accepted");
        }
        assert!(check_topic(&"a".repeat(70_000)).is_err());
    }
}

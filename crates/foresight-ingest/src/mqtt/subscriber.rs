//! The subscriber: an event-loop task that talks to the broker and checks each message (parse,
//! thing-model checks) into the group the writer takes next, and a writer task that stores each
//! group in one transaction and acknowledges its messages only after the commit. Checking the next
//! group overlaps with writing the previous one, so parsing and the database work at the same time:
//! the event loop fills the next group while the writer writes, and the writer takes it whole when
//! it is done ([`Handoff`]), so a group is as large as what arrived during the previous write (up to
//! the group limits). Checking happens in the event-loop task itself: handing each message to a
//! task of its own cost a channel send and a task wake-up per message, more than the check (see
//! BENCHMARKS.md, one reading per message).
//!
//! Waits only point one way, so nothing can deadlock: the event loop waits for room in the next
//! group (the writer takes it), the writer waits for the database, and the writer never waits to
//! hand over an acknowledgement. rumqttc's event loop takes requests (our acknowledgements) only
//! while it is polled, and it is not polled while it waits for room in the group; a writer that
//! waited for room in rumqttc's request channel would then wait for itself. So acknowledgements the
//! request channel cannot take yet stay in the writer's own list, in order, and are handed over as
//! soon as there is room, between groups and every few milliseconds while the writer is idle. The
//! list is bounded by the broker's in-flight window: the broker sends nothing more to this session
//! while that many messages are unacknowledged.
//!
//! Acknowledgements carry the connection they belong to: after a reconnection the broker sends
//! every unacknowledged message of the persistent session again, so a message received on an
//! earlier connection is stored (idempotently) but not acknowledged; its re-delivery is.

use super::{add, parse_topic, Metrics, MetricsSnapshot, MqttConfig, MAX_PACKET_BYTES};
use crate::service::{Checked, IngestService};
use rumqttc::{AsyncClient, Event, EventLoop, Incoming, MqttOptions, Outgoing, Publish, QoS, SubscribeReasonCode};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Capacity of rumqttc's request queue (acknowledgements, subscribe, disconnect): far above any
/// broker's in-flight window, so acknowledging never waits.
const REQUEST_CAPACITY: usize = 4096;
/// How long shutdown waits for the broker to take the disconnect.
const DISCONNECT_DEADLINE: Duration = Duration::from_secs(5);
/// How often an idle writer offers acknowledgements the request channel had no room for.
const ACK_RETRY: Duration = Duration::from_millis(2);
/// How long the writer lets a small group (under a quarter of the group limits) grow before it
/// writes it. Every transaction costs PostgreSQL about the same fixed work (claiming keys, COPY,
/// rollup, latest values, commit) whatever its size, so when messages trickle in one at a time,
/// a few milliseconds of latency buy groups several times larger and far less database work per
/// message. A group that reaches a quarter of the limits is written at once.
const GROUP_LINGER: Duration = Duration::from_millis(5);

/// A publish as taken from the broker.
struct Message {
    publish: Publish,
    /// The connection it arrived on (see the module comment).
    connection: u64,
    received_ms: i64,
}

/// The running MQTT ingest.
pub struct Subscriber {
    stop: watch::Sender<bool>,
    client: AsyncClient,
    metrics: Arc<Metrics>,
    subscribed: watch::Receiver<bool>,
    writer: JoinHandle<()>,
    events: JoinHandle<()>,
}

impl std::fmt::Debug for Subscriber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscriber").field("metrics", &self.metrics.snapshot()).finish()
    }
}

impl Subscriber {
    /// Connects (retrying with backoff until the broker answers), subscribes and starts storing.
    /// Must be called within a tokio runtime.
    pub fn start(service: Arc<IngestService>, config: MqttConfig) -> Subscriber {
        let mut options = MqttOptions::new(config.client_id.clone(), config.broker.host.clone(), config.broker.port);
        options
            .set_keep_alive(config.keep_alive)
            .set_clean_session(false)
            .set_manual_acks(true)
            .set_max_packet_size(MAX_PACKET_BYTES, 64 * 1024)
            // Outgoing publishes: the subscriber sends none.
            .set_inflight(16);
        if let Some(user) = &config.broker.username {
            options.set_credentials(user.clone(), config.broker.password.clone().unwrap_or_default());
        }
        let (client, eventloop) = AsyncClient::new(options, REQUEST_CAPACITY);
        let metrics = Arc::new(Metrics::default());
        let connection = Arc::new(AtomicU64::new(0));
        let (stop, stop_rx) = watch::channel(false);
        let (subscribed_tx, subscribed) = watch::channel(false);
        let config = Arc::new(config);
        tracing::info!(broker = %config.broker, client_id = %config.client_id, subscription = %config.subscription(),
            "starting MQTT ingest");
        // The group being checked while the previous one is written: the writer takes it whole.
        let handoff = Arc::new(Handoff::default());
        let events = tokio::spawn(
            EventLoopTask {
                eventloop,
                client: client.clone(),
                service: service.clone(),
                handoff: handoff.clone(),
                taking: true,
                stop: stop_rx.clone(),
                subscribed: subscribed_tx,
                connection: connection.clone(),
                metrics: metrics.clone(),
                config: config.clone(),
            }
            .run(),
        );
        let writer = tokio::spawn(
            Writer {
                service,
                client: client.clone(),
                connection,
                metrics: metrics.clone(),
                config,
                stop: stop_rx,
                last_log: Instant::now(),
                logged: MetricsSnapshot::default(),
                last_warning: None,
                owed: std::collections::VecDeque::new(),
            }
            .run(handoff),
        );
        Subscriber { stop, client, metrics, subscribed, writer, events }
    }

    /// The counters, live.
    pub fn metrics(&self) -> Arc<Metrics> {
        self.metrics.clone()
    }

    /// Waits until the broker confirmed the subscription (messages published from then on reach
    /// this session, even while it is disconnected).
    pub async fn subscribed(&self) {
        let mut subscribed = self.subscribed.clone();
        let _ = subscribed.wait_for(|s| *s).await;
    }

    /// Stops taking messages, finishes the group being written (commit, then acknowledgements;
    /// retried for at most `shutdown_grace` while the database fails) and disconnects. Messages
    /// taken but not stored stay unacknowledged: the broker sends them again to this session.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.writer.await {
            tracing::error!(error = %e, "MQTT writer task failed");
        }
        // Queued after the writer's acknowledgements, so the broker gets those first.
        let _ = tokio::time::timeout(DISCONNECT_DEADLINE, self.client.disconnect()).await;
        let mut events = self.events;
        if tokio::time::timeout(DISCONNECT_DEADLINE, &mut events).await.is_err() {
            events.abort();
        }
        log_totals(&self.metrics.snapshot());
        tracing::info!("MQTT ingest stopped");
    }
}

struct EventLoopTask {
    eventloop: EventLoop,
    client: AsyncClient,
    service: Arc<IngestService>,
    handoff: Arc<Handoff>,
    /// Set once stopping: publishes from then on are left unacknowledged for the broker to send again.
    taking: bool,
    stop: watch::Receiver<bool>,
    subscribed: watch::Sender<bool>,
    connection: Arc<AtomicU64>,
    metrics: Arc<Metrics>,
    config: Arc<MqttConfig>,
}

impl EventLoopTask {
    /// Polls until the disconnect went out (or, once stopping, until the connection is lost).
    /// Keeps polling while stopping so the writer's last acknowledgements reach the broker.
    async fn run(mut self) {
        let mut backoff = self.config.retry_min;
        loop {
            let event = self.eventloop.poll().await;
            match event {
                Ok(Event::Incoming(Incoming::ConnAck(ack))) => {
                    self.connection.fetch_add(1, Ordering::SeqCst);
                    add(&self.metrics.connections, 1);
                    backoff = self.config.retry_min;
                    tracing::info!(broker = %self.config.broker, session_present = ack.session_present,
                        "connected to the MQTT broker");
                    // Also when the session is present: subscribing again is harmless, and the
                    // broker may have lost the session.
                    if let Err(e) = self.client.try_subscribe(self.config.subscription(), QoS::AtLeastOnce) {
                        tracing::error!(error = %e, "could not queue the MQTT subscription");
                    }
                }
                Ok(Event::Incoming(Incoming::SubAck(ack))) => {
                    if ack.return_codes.iter().any(|c| matches!(c, SubscribeReasonCode::Failure)) {
                        tracing::error!(subscription = %self.config.subscription(),
                            "the MQTT broker refused the subscription; check its ACL for this client");
                    } else {
                        tracing::info!(subscription = %self.config.subscription(), "subscribed to MQTT telemetry");
                        self.subscribed.send_replace(true);
                    }
                }
                Ok(Event::Incoming(Incoming::Publish(publish))) => self.forward(publish).await,
                Ok(Event::Outgoing(Outgoing::Disconnect)) => break,
                Ok(_) => {}
                Err(e) => {
                    // Acknowledgements for what arrived on the lost connection are now void.
                    self.connection.fetch_add(1, Ordering::SeqCst);
                    if *self.stop.borrow() {
                        break;
                    }
                    add(&self.metrics.connection_errors, 1);
                    tracing::warn!(broker = %self.config.broker, error = %e, retry_in_ms = backoff.as_millis() as u64,
                        "MQTT connection failed; reconnecting");
                    tokio::select! {
                        _ = tokio::time::sleep(backoff) => {}
                        _ = self.stop.wait_for(|s| *s) => break,
                    }
                    backoff = (backoff * 2).min(self.config.retry_max);
                }
            }
        }
    }

    /// Checks a publish into the group the writer takes next, first waiting for room in it: while
    /// the writer cannot store, this is what stops reading from the broker. Checking here, in the
    /// task that reads the broker, rather than in a task of its own saves a hand-over and a task
    /// wake-up per message, which cost more than the check itself. Once stopping, publishes are left
    /// unacknowledged for the broker to send again.
    async fn forward(&mut self, publish: Publish) {
        if *self.stop.borrow() {
            self.taking = false;
        }
        if !self.taking {
            return;
        }
        add(&self.metrics.messages_received, 1);
        let message = Message {
            publish,
            connection: self.connection.load(Ordering::SeqCst),
            received_ms: chrono::Utc::now().timestamp_millis(),
        };
        if !self.wait_for_room().await {
            self.taking = false;
            return;
        }
        let mut pending = Pending { message, state: State::Unchecked };
        let checked = check(&self.service, &mut pending).await;
        let mut forming = self.handoff.lock();
        match checked {
            Ok(n) => forming.readings += n,
            Err(_) => forming.failed = true, // the writer checks it again and retries
        }
        forming.group.push(pending);
        drop(forming);
        self.handoff.filled.notify_one();
    }

    /// Waits until the group has room (the writer took it); false when stopping.
    async fn wait_for_room(&mut self) -> bool {
        loop {
            let taken = self.handoff.taken.notified();
            tokio::pin!(taken);
            taken.as_mut().enable();
            let full = {
                let forming = self.handoff.lock();
                forming.failed
                    || forming.group.len() >= self.config.group_messages
                    || forming.readings >= self.config.group_readings
            };
            if !full {
                return true;
            }
            tokio::select! {
                biased;
                _ = self.stop.wait_for(|s| *s) => return false,
                _ = taken => {}
            }
        }
    }
}

/// However the event loop ends, the writer learns that no more is coming.
impl Drop for EventLoopTask {
    fn drop(&mut self) {
        self.handoff.lock().closed = true;
        self.handoff.filled.notify_one();
    }
}

/// An acknowledgement owed to the broker: what rumqttc needs to build it, and the connection the
/// message came on (acknowledging it on a later connection would acknowledge another message).
struct OwedAck {
    qos: QoS,
    pkid: u16,
    connection: u64,
}

/// A message of the group being written.
struct Pending {
    message: Message,
    state: State,
}

enum State {
    /// Not checked yet, or to be checked again after a failed write.
    Unchecked,
    Checked(Box<Checked>),
    /// The topic names no known tenant and gateway: nothing to store, acknowledged all the same.
    UnknownGateway,
}

/// The group the event loop is filling and the writer takes whole when it is ready for the next one.
/// While the writer writes, the event loop keeps adding to the group (up to the group limits), so a
/// busy writer gets one large group next rather than a small one handed over early and then a
/// large one: every group costs a transaction and a commit, whatever its size.
#[derive(Default)]
struct Handoff {
    forming: std::sync::Mutex<Forming>,
    /// Event loop → writer: the group is no longer empty, or the event loop stopped.
    filled: tokio::sync::Notify,
    /// Writer → event loop: the group was taken, there is room again.
    taken: tokio::sync::Notify,
}

#[derive(Default)]
struct Forming {
    group: Vec<Pending>,
    readings: usize,
    /// Checking failed (the database): take no more until the writer took this group and retried it.
    failed: bool,
    /// The event loop ended: what is in the group is the last.
    closed: bool,
}

impl Handoff {
    fn lock(&self) -> std::sync::MutexGuard<'_, Forming> {
        self.forming.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Checks one message (resolving its topic's gateway); returns its number of readings.
async fn check(service: &IngestService, pending: &mut Pending) -> Result<usize, sqlx::Error> {
    if matches!(pending.state, State::Unchecked) {
        let message = &pending.message;
        let gateway = match parse_topic(&message.publish.topic) {
            Some((tenant, gateway)) => service.gateway_by_code(tenant, gateway).await?,
            None => None,
        };
        pending.state = match gateway {
            Some(gateway) => State::Checked(Box::new(
                service.prepare_message(&gateway, &message.publish.payload, message.received_ms).await?,
            )),
            None => State::UnknownGateway,
        };
    }
    Ok(match &pending.state {
        State::Checked(c) => c.prepared.accepted.len() + c.prepared.dead.len(),
        _ => 0,
    })
}

struct Writer {
    service: Arc<IngestService>,
    client: AsyncClient,
    connection: Arc<AtomicU64>,
    metrics: Arc<Metrics>,
    config: Arc<MqttConfig>,
    stop: watch::Receiver<bool>,
    last_log: Instant,
    logged: MetricsSnapshot,
    last_warning: Option<Instant>,
    /// Acknowledgements of committed messages not yet handed to rumqttc, oldest first.
    owed: std::collections::VecDeque<OwedAck>,
}

impl Writer {
    /// Writes the event loop's groups until stopped (on shutdown it ends after the group the event
    /// loop was filling; messages not taken stay unacknowledged and come again).
    async fn run(mut self, handoff: Arc<Handoff>) {
        // Until when a small group may wait for more messages (see GROUP_LINGER).
        let mut linger_until: Option<Instant> = None;
        loop {
            self.hand_over_acks();
            let filled = handoff.filled.notified();
            tokio::pin!(filled);
            filled.as_mut().enable();
            // Stopping ends the writer after the group in hand: the event loop keeps running (to send
            // the last acknowledgements), so its end cannot be what tells the writer.
            let stopping = *self.stop.borrow();
            let (group, closed, lingering) = {
                let mut forming = handoff.lock();
                let small = forming.group.len() < self.config.group_messages / 4
                    && forming.readings < self.config.group_readings / 4;
                let lingering = small
                    && !forming.group.is_empty()
                    && !forming.closed
                    && !stopping
                    && !forming.failed
                    && *linger_until.get_or_insert_with(|| Instant::now() + GROUP_LINGER) > Instant::now();
                if lingering {
                    (Vec::new(), false, true)
                } else {
                    let group = std::mem::take(&mut forming.group);
                    forming.readings = 0;
                    forming.failed = false;
                    (group, forming.closed || stopping, false)
                }
            };
            if lingering {
                // The event loop keeps filling the group meanwhile; owed acknowledgements still go out.
                tokio::time::sleep(GROUP_LINGER.min(ACK_RETRY)).await;
                continue;
            }
            linger_until = None;
            if group.is_empty() {
                if closed {
                    break;
                }
                // Wait for the event loop; every few milliseconds while acknowledgements are owed.
                let owing = !self.owed.is_empty();
                tokio::select! {
                    biased;
                    _ = filled => {}
                    _ = self.stop.wait_for(|s| *s) => {}
                    _ = tokio::time::sleep(ACK_RETRY), if owing => {}
                }
                continue;
            }
            handoff.taken.notify_one();
            self.commit(group).await;
            self.log_now_and_then();
        }
        // The event loop keeps polling while stopping, so what is owed still reaches the broker.
        let give_up = Instant::now() + DISCONNECT_DEADLINE;
        while !self.owed.is_empty() && Instant::now() < give_up {
            self.hand_over_acks();
            if !self.owed.is_empty() {
                tokio::time::sleep(ACK_RETRY).await;
            }
        }
    }

    /// Writes the group in one transaction, retrying with backoff while that fails, then
    /// acknowledges every message of it in the order received. While stopping, gives up after
    /// `shutdown_grace` without acknowledging.
    async fn commit(&mut self, mut group: Vec<Pending>) {
        let mut backoff = self.config.retry_min;
        let mut give_up_at: Option<Instant> = None;
        loop {
            match self.attempt(&mut group).await {
                Ok(()) => break,
                Err(e) => {
                    add(&self.metrics.write_retries, 1);
                    if self.last_warning.is_none_or(|at| at.elapsed() >= self.config.log_every) {
                        self.last_warning = Some(Instant::now());
                        tracing::warn!(error = %e, messages = group.len(), retries = self.metrics.snapshot().write_retries,
                            "storing MQTT messages failed; retrying, nothing is acknowledged meanwhile");
                    }
                    if *self.stop.borrow() {
                        let at = *give_up_at.get_or_insert_with(|| Instant::now() + self.config.shutdown_grace);
                        if Instant::now() >= at {
                            tracing::warn!(
                                messages = group.len(),
                                "shutting down with MQTT messages not stored; the broker will send them again"
                            );
                            return;
                        }
                    }
                    let stopping = *self.stop.borrow();
                    tokio::select! {
                        _ = tokio::time::sleep(backoff) => {}
                        _ = self.stop.wait_for(|s| *s), if !stopping => {}
                    }
                    backoff = (backoff * 2).min(self.config.retry_max);
                }
            }
        }
        self.acknowledge(&group);
    }

    async fn attempt(&self, group: &mut [Pending]) -> Result<(), sqlx::Error> {
        for pending in group.iter_mut() {
            check(&self.service, pending).await?;
        }
        let mut batches = Vec::with_capacity(group.len());
        let mut refused = Vec::with_capacity(group.len());
        // Moved out for the write; should it fail, these are checked again on the next attempt.
        for pending in group.iter_mut() {
            if matches!(pending.state, State::Checked(_)) {
                if let State::Checked(checked) = std::mem::replace(&mut pending.state, State::Unchecked) {
                    refused.push(checked.refused.is_some());
                    batches.push(checked.prepared);
                }
            }
        }
        let unknown = group.iter().filter(|p| matches!(p.state, State::UnknownGateway)).count();
        let written = if batches.is_empty() { Vec::new() } else { self.service.write(batches).await? };
        for (w, refused) in written.iter().zip(refused) {
            if w.duplicate {
                add(&self.metrics.duplicates, 1);
                continue;
            }
            add(&self.metrics.batches_stored, 1);
            add(&self.metrics.readings_stored, w.accepted as u64);
            add(&self.metrics.readings_rejected, w.rejected as u64);
            if refused {
                add(&self.metrics.messages_refused, 1);
            }
        }
        add(&self.metrics.messages_refused, unknown as u64);
        add(&self.metrics.unknown_gateway, unknown as u64);
        Ok(())
    }

    /// Owes the broker an acknowledgement for every message of the committed group, in the order
    /// received, and hands over as many as rumqttc takes now.
    fn acknowledge(&mut self, group: &[Pending]) {
        for pending in group {
            let message = &pending.message;
            if matches!(pending.state, State::UnknownGateway) {
                self.warn_unknown(&message.publish.topic);
            }
            if message.publish.qos != QoS::AtMostOnce {
                self.owed.push_back(OwedAck {
                    qos: message.publish.qos,
                    pkid: message.publish.pkid,
                    connection: message.connection,
                });
            }
        }
        self.hand_over_acks();
    }

    /// Hands owed acknowledgements to rumqttc until its request channel is full; never waits.
    /// Those of an earlier connection are dropped: the broker sends their messages again.
    fn hand_over_acks(&mut self) {
        let current = self.connection.load(Ordering::SeqCst);
        let mut acked = 0u64;
        while let Some(owed) = self.owed.front() {
            if owed.connection != current {
                self.owed.pop_front();
                continue;
            }
            let mut publish = Publish::new("", owed.qos, Vec::<u8>::new());
            publish.pkid = owed.pkid;
            match self.client.try_ack(&publish) {
                Ok(()) => {
                    self.owed.pop_front();
                    acked += 1;
                }
                // Full: offered again shortly. Closed: the event loop is gone; the broker will
                // send the messages again to this session.
                Err(_) => break,
            }
        }
        add(&self.metrics.messages_acked, acked);
    }

    fn warn_unknown(&mut self, topic: &str) {
        if self.last_warning.is_none_or(|at| at.elapsed() >= self.config.log_every) {
            self.last_warning = Some(Instant::now());
            tracing::warn!(topic = %truncated(topic), reason = "unknown_gateway",
                total = self.metrics.snapshot().unknown_gateway,
                "MQTT message on a topic that names no known tenant and gateway; acknowledged and dropped");
        }
    }

    fn log_now_and_then(&mut self) {
        if self.last_log.elapsed() < self.config.log_every {
            return;
        }
        let now = self.metrics.snapshot();
        if now != self.logged {
            log_totals(&now);
            self.logged = now;
        }
        self.last_log = Instant::now();
    }
}

fn log_totals(m: &MetricsSnapshot) {
    tracing::info!(
        received = m.messages_received,
        acked = m.messages_acked,
        batches = m.batches_stored,
        duplicates = m.duplicates,
        readings = m.readings_stored,
        rejected_readings = m.readings_rejected,
        refused_messages = m.messages_refused,
        unknown_gateway = m.unknown_gateway,
        write_retries = m.write_retries,
        connections = m.connections,
        "MQTT ingest totals"
    );
}

fn truncated(topic: &str) -> &str {
    match topic.char_indices().nth(200) {
        Some((i, _)) => &topic[..i],
        None => topic,
    }
}

//! The downlink's event-loop task: keeps the broker connection up (reconnecting with backoff) and
//! matches packet ids and PUBACKs to the publishes waiting for them.

use super::DownlinkConfig;
use rumqttc::{Event, EventLoop, Incoming, Outgoing};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::{oneshot, watch, OwnedSemaphorePermit};

/// The connection as the publishers see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Status {
    /// Before the first connection attempt ended.
    Connecting,
    Connected,
    /// The last attempt failed, or the connection was lost; why, without secrets.
    Down(String),
}

/// A publish waiting for its acknowledgement. Dropping it tells the publisher the connection was
/// lost; its permit returns the room it took.
pub(super) struct Waiter {
    pub(super) reply: oneshot::Sender<()>,
    pub(super) _room: OwnedSemaphorePermit,
}

/// The publishes in flight, shared by the publishers and the event loop under one lock.
#[derive(Default)]
pub(super) struct Awaiting {
    /// Publishes are accepted only while this is true (set by the event loop).
    pub(super) connected: bool,
    /// Handed to rumqttc, no packet id yet, in the order rumqttc takes them.
    pub(super) queued: VecDeque<Waiter>,
    /// Sent under this packet id, waiting for the PUBACK.
    sent: HashMap<u16, Waiter>,
}

pub(super) fn lock(awaiting: &Mutex<Awaiting>) -> MutexGuard<'_, Awaiting> {
    // Nothing panics while holding the lock; if something did, the data is still consistent.
    awaiting.lock().unwrap_or_else(|e| e.into_inner())
}

pub(super) struct EventLoopTask {
    eventloop: EventLoop,
    awaiting: Arc<Mutex<Awaiting>>,
    status: watch::Sender<Status>,
    stop: watch::Receiver<bool>,
    config: Arc<DownlinkConfig>,
}

impl EventLoopTask {
    pub(super) fn new(
        eventloop: EventLoop,
        awaiting: Arc<Mutex<Awaiting>>,
        status: watch::Sender<Status>,
        stop: watch::Receiver<bool>,
        config: Arc<DownlinkConfig>,
    ) -> EventLoopTask {
        EventLoopTask { eventloop, awaiting, status, stop, config }
    }

    /// Polls until the disconnect went out or, once stopping, until the connection is lost.
    pub(super) async fn run(mut self) {
        let mut backoff = self.config.reconnect_min;
        loop {
            match self.eventloop.poll().await {
                // rumqttc reports a refused connection as an error, so this one was accepted.
                Ok(Event::Incoming(Incoming::ConnAck(_))) => {
                    backoff = self.config.reconnect_min;
                    lock(&self.awaiting).connected = true;
                    self.status.send_replace(Status::Connected);
                    tracing::info!(broker = %self.config, "MQTT downlink connected");
                }
                Ok(Event::Outgoing(Outgoing::Publish(pkid))) => {
                    let mut awaiting = lock(&self.awaiting);
                    match awaiting.queued.pop_front() {
                        Some(waiter) => {
                            awaiting.sent.insert(pkid, waiter);
                        }
                        None => tracing::error!(pkid, "MQTT downlink sent a publish nobody waits for"),
                    }
                }
                Ok(Event::Incoming(Incoming::PubAck(ack))) => {
                    if let Some(waiter) = lock(&self.awaiting).sent.remove(&ack.pkid) {
                        // The publisher may have timed out and gone; nothing to do then.
                        let _ = waiter.reply.send(());
                    }
                }
                Ok(Event::Outgoing(Outgoing::Disconnect)) => break,
                Ok(_) => {}
                Err(error) => {
                    self.forget_in_flight();
                    if *self.stop.borrow() {
                        break;
                    }
                    let reason = error.to_string();
                    tracing::warn!(broker = %self.config, error = %reason, retry_in_ms = backoff.as_millis() as u64,
                        "MQTT downlink connection failed; reconnecting");
                    self.status.send_replace(Status::Down(reason));
                    tokio::select! {
                        _ = tokio::time::sleep(backoff) => {}
                        _ = self.stop.wait_for(|s| *s) => break,
                    }
                    backoff = (backoff * 2).min(self.config.reconnect_max);
                }
            }
        }
        self.forget_in_flight();
        self.status.send_replace(Status::Down("the downlink was shut down".into()));
    }

    /// The connection is gone: refuse new publishes, fail the waiting ones, and drop everything
    /// rumqttc still holds for them, all under the publishers' lock, so a publish is either
    /// failed here or queued afterwards with a waiter in step with rumqttc's queue.
    fn forget_in_flight(&mut self) {
        let mut awaiting = lock(&self.awaiting);
        awaiting.connected = false;
        // Moves unacknowledged publishes and queued requests into `pending`, then drop them: the
        // next session is clean anyway, and their publishers are told they failed.
        self.eventloop.clean();
        self.eventloop.pending.clear();
        // Events buffered from the lost connection (a publish reported just before a failed
        // write) would otherwise be read after the reconnection and shift the matching.
        self.eventloop.state.events.clear();
        self.eventloop.state.collision = None;
        awaiting.queued.clear();
        awaiting.sent.clear();
    }
}

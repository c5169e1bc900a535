//! The benchmark's gateway: a bare MQTT 3.1.1 publisher that encodes QoS 1 PUBLISH packets (with
//! rumqttc's codec) straight into a buffer and writes many per system call. Real gateways run on
//! their own machines; on the benchmark's two cores the load generator shares the CPU with the
//! broker, the database and the subscriber under test, so it should cost as little as it can. An
//! rumqttc client costs a channel hand-over, a task wake-up and a `write` per message (about as much
//! as the subscriber being measured); this one costs an encode and a share of a 64 KiB write.

use anyhow::Context;
use bytes::BytesMut;
use foresight_ingest::mqtt::BrokerAddress;
use rumqttc::mqttbytes::v4::{ConnAck, Connect, Packet, Publish};
use rumqttc::mqttbytes::{Error as PacketError, QoS};
use rumqttc::ConnectReturnCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;
use uuid::Uuid;

/// Publishes the broker has not acknowledged yet, at most: packet ids are unique within it, and
/// the broker acknowledges QoS 1 publishes in order as it takes them.
const BROKER_INFLIGHT: u64 = 1_000;
/// Encoded publishes are written once this many bytes are buffered (or before waiting).
const FLUSH_BYTES: usize = 64 * 1024;
/// How long a publish may wait for the subscriber to catch up before the run fails.
const STALL_DEADLINE: Duration = Duration::from_secs(600);

pub struct Gateway {
    writer: OwnedWriteHalf,
    buffer: BytesMut,
    /// Publishes written so far.
    sent: u64,
    /// PUBACKs received from the broker.
    pub acked: Arc<AtomicU64>,
    pkid: u16,
    reader: tokio::task::JoinHandle<()>,
}

impl Gateway {
    /// Connects with a clean session and no keep-alive (a benchmark turn never idles).
    pub async fn connect(broker: &BrokerAddress) -> anyhow::Result<Gateway> {
        let stream =
            TcpStream::connect((broker.host.as_str(), broker.port)).await.context("gateway connects to the broker")?;
        stream.set_nodelay(true)?;
        let (mut reader, mut writer) = stream.into_split();
        let mut connect = Connect::new(format!("fs-bench-gateway-{}", Uuid::new_v4().simple()));
        connect.keep_alive = 0;
        let mut buffer = BytesMut::new();
        connect.write(&mut buffer)?;
        writer.write_all(&buffer).await?;
        buffer.clear();
        let mut incoming = BytesMut::with_capacity(64 * 1024);
        match next_packet(&mut reader, &mut incoming).await? {
            Packet::ConnAck(ConnAck { code: ConnectReturnCode::Success, .. }) => {}
            other => anyhow::bail!("the broker refused the gateway: {other:?}"),
        }
        let acked = Arc::new(AtomicU64::new(0));
        let reader = tokio::spawn(count_acks(reader, incoming, acked.clone()));
        Ok(Gateway { writer, buffer, sent: 0, acked, pkid: 0, reader })
    }

    /// Publishes every payload at QoS 1 as fast as the broker takes them.
    pub async fn publish_all(&mut self, topic: &str, payloads: Vec<Vec<u8>>) -> anyhow::Result<()> {
        self.publish_paced(topic, payloads, u64::MAX, || 0).await
    }

    /// Publishes with at most `window` messages ahead of what `consumed` counts: Mosquitto queues
    /// a limited number of messages per session (`max_queued_messages`) and silently drops QoS 1
    /// messages beyond that, which would be the broker's loss, not the subscriber's.
    pub async fn publish_paced(
        &mut self,
        topic: &str,
        payloads: Vec<Vec<u8>>,
        window: u64,
        consumed: impl Fn() -> u64,
    ) -> anyhow::Result<()> {
        let start = consumed();
        for (published, payload) in payloads.into_iter().enumerate() {
            let published = published as u64;
            let give_up = Instant::now() + STALL_DEADLINE;
            while published >= (consumed() - start).saturating_add(window)
                || self.sent >= self.acked.load(Ordering::Relaxed) + BROKER_INFLIGHT
            {
                self.flush().await?;
                anyhow::ensure!(!self.reader.is_finished(), "the broker closed the gateway's connection");
                anyhow::ensure!(Instant::now() < give_up, "the subscriber stopped consuming");
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            let mut publish = Publish::new(topic, QoS::AtLeastOnce, payload);
            // Packet ids 1..=65535; 0 is not allowed for QoS 1.
            self.pkid = self.pkid.checked_add(1).unwrap_or(1);
            publish.pkid = self.pkid;
            publish.write(&mut self.buffer)?;
            self.sent += 1;
            if self.buffer.len() >= FLUSH_BYTES {
                self.flush().await?;
            }
        }
        self.flush().await
    }

    async fn flush(&mut self) -> anyhow::Result<()> {
        if !self.buffer.is_empty() {
            self.writer.write_all(&self.buffer).await.context("gateway writes to the broker")?;
            self.buffer.clear();
        }
        Ok(())
    }

    /// Waits until the broker acknowledged every publish.
    pub async fn settled(&self) -> anyhow::Result<()> {
        crate::ingest::wait_for("publisher acknowledgements", self.sent, || self.acked.load(Ordering::Relaxed)).await
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        self.reader.abort();
    }
}

async fn next_packet(reader: &mut OwnedReadHalf, incoming: &mut BytesMut) -> anyhow::Result<Packet> {
    loop {
        match Packet::read(incoming, 1 << 20) {
            Ok(packet) => return Ok(packet),
            Err(PacketError::InsufficientBytes(_)) => {
                anyhow::ensure!(reader.read_buf(incoming).await? > 0, "the broker closed the connection");
            }
            Err(e) => anyhow::bail!("unreadable packet from the broker: {e:?}"),
        }
    }
}

async fn count_acks(mut reader: OwnedReadHalf, mut incoming: BytesMut, acked: Arc<AtomicU64>) {
    loop {
        match next_packet(&mut reader, &mut incoming).await {
            Ok(Packet::PubAck(_)) => {
                acked.fetch_add(1, Ordering::Relaxed);
            }
            Ok(_) => {}
            Err(e) => {
                eprintln!("benchmark gateway lost its broker: {e}");
                return;
            }
        }
    }
}

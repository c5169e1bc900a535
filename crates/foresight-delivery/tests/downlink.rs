//! The MQTT downlink against the machine's Mosquitto (`TEST_MQTT_URL`, default
//! mqtt://127.0.0.1:1883), read back by a separate subscriber; a local TCP proxy stands in for a
//! network that fails and comes back.

use foresight_delivery::{Downlink, DownlinkConfig, DownlinkError};
use rumqttc::{AsyncClient, Event, Incoming, MqttOptions, QoS};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch};
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(10);

fn broker_url() -> String {
    std::env::var("TEST_MQTT_URL").unwrap_or_else(|_| "mqtt://127.0.0.1:1883".into())
}

fn broker() -> DownlinkConfig {
    DownlinkConfig::from_url(&broker_url(), "unused").expect("TEST_MQTT_URL is a broker URL")
}

fn unique_topic() -> String {
    format!("foresight-test/downlink/{}", Uuid::now_v7())
}

fn client_id(role: &str) -> String {
    format!("foresight-test-{role}-{}", Uuid::now_v7().simple())
}

/// A separate client subscribed to one topic; what it receives comes out of `messages`.
struct Subscriber {
    messages: mpsc::UnboundedReceiver<Vec<u8>>,
    client: AsyncClient,
}

impl Subscriber {
    /// Returns once the broker confirmed the subscription.
    async fn start(topic: &str) -> Subscriber {
        let config = broker();
        let mut options = MqttOptions::new(client_id("subscriber"), config.host.clone(), config.port);
        options.set_keep_alive(Duration::from_secs(30));
        if let Some(user) = &config.username {
            options.set_credentials(user.clone(), config.password.clone().unwrap_or_default());
        }
        let (client, mut eventloop) = AsyncClient::new(options, 64);
        client.subscribe(topic, QoS::AtLeastOnce).await.expect("queue the subscription");
        let (tx, messages) = mpsc::unbounded_channel();
        let (subscribed_tx, mut subscribed) = watch::channel(false);
        tokio::spawn(async move {
            while let Ok(event) = eventloop.poll().await {
                match event {
                    Event::Incoming(Incoming::SubAck(_)) => {
                        subscribed_tx.send_replace(true);
                    }
                    Event::Incoming(Incoming::Publish(p)) => {
                        let _ = tx.send(p.payload.to_vec());
                    }
                    _ => {}
                }
            }
        });
        tokio::time::timeout(WAIT, subscribed.wait_for(|s| *s))
            .await
            .expect("the broker confirmed the subscription in time")
            .expect("the subscriber's event loop ended");
        Subscriber { messages, client }
    }

    async fn next(&mut self) -> Vec<u8> {
        tokio::time::timeout(WAIT, self.messages.recv()).await.expect("a message in time").expect("subscriber stopped")
    }

    async fn stop(self) {
        let _ = self.client.disconnect().await;
    }
}

#[tokio::test]
async fn a_hundred_messages_arrive_in_order_exactly_as_sent() {
    let topic = unique_topic();
    let mut subscriber = Subscriber::start(&topic).await;
    let downlink = Downlink::connect(&broker_url(), &client_id("downlink")).await.expect("connect to the test broker");
    let sent: Vec<Vec<u8>> = (0..100).map(|i| format!(r#"{{"seq":{i},"siren":"on"}}"#).into_bytes()).collect();
    for payload in &sent {
        downlink.publish(&topic, payload.clone()).await.expect("the broker acknowledged the publish");
    }
    for expected in &sent {
        assert_eq!(&subscriber.next().await, expected);
    }
    downlink.shutdown().await;
    subscriber.stop().await;
}

#[tokio::test]
async fn concurrent_publishes_are_each_acknowledged_and_all_arrive() {
    let topic = unique_topic();
    let mut subscriber = Subscriber::start(&topic).await;
    let downlink =
        Arc::new(Downlink::connect(&broker_url(), &client_id("downlink")).await.expect("connect to the test broker"));
    let mut publishes = tokio::task::JoinSet::new();
    for i in 0..300u32 {
        let (downlink, topic) = (downlink.clone(), topic.clone());
        // Binary payloads of varying length, up to a few kilobytes.
        let payload: Vec<u8> = (0..(i * 13 % 4096)).map(|b| (b ^ i) as u8).chain(i.to_be_bytes()).collect();
        publishes.spawn(async move { downlink.publish(&topic, payload.clone()).await.map(|()| payload) });
    }
    let mut sent = Vec::new();
    while let Some(result) = publishes.join_next().await {
        sent.push(result.expect("publish task").expect("the broker acknowledged the publish"));
    }
    let mut received = Vec::new();
    for _ in 0..sent.len() {
        received.push(subscriber.next().await);
    }
    sent.sort();
    received.sort();
    assert_eq!(received, sent);
    subscriber.stop().await;
}

#[tokio::test]
async fn connecting_to_a_port_with_nothing_listening_fails_quickly() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let started = Instant::now();
    let result = Downlink::connect(&format!("mqtt://127.0.0.1:{port}"), &client_id("nowhere")).await;
    assert!(matches!(result, Err(DownlinkError::Unreachable(_))), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
}

#[tokio::test]
async fn publishing_while_the_broker_is_unreachable_fails_fast() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let downlink = Downlink::start(DownlinkConfig::new("127.0.0.1", port, client_id("nowhere")));
    let started = Instant::now();
    let result = downlink.publish("foresight-test/nowhere", b"x".to_vec()).await;
    assert!(matches!(result, Err(DownlinkError::Disconnected)), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(1), "took {:?}", started.elapsed());
    downlink.shutdown().await;
}

#[tokio::test]
async fn bad_urls_and_topics_are_errors_not_panics() {
    let result = Downlink::connect("mqtts://127.0.0.1:8883", "x").await;
    assert!(matches!(result, Err(DownlinkError::InvalidUrl(_))), "{result:?}");
    let downlink = Downlink::connect(&broker_url(), &client_id("downlink")).await.expect("connect to the test broker");
    let result = downlink.publish("foresight-test/#", b"x".to_vec()).await;
    assert!(matches!(result, Err(DownlinkError::InvalidTopic(_))), "{result:?}");
    let result = downlink.publish(&unique_topic(), vec![0; 300 * 1024]).await;
    assert!(matches!(result, Err(DownlinkError::TooLarge { .. })), "{result:?}");
    // The refused messages did not harm the connection.
    downlink.publish(&unique_topic(), b"still fine".to_vec()).await.expect("publish after refusals");
    downlink.shutdown().await;
}

/// A TCP proxy to the test broker whose "network" can be cut (open connections dropped, new ones
/// refused) and restored.
struct Proxy {
    port: u16,
    down: watch::Sender<bool>,
}

impl Proxy {
    async fn start() -> Proxy {
        let broker = broker();
        let target = format!("{}:{}", broker.host, broker.port);
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a local port");
        let port = listener.local_addr().expect("local address").port();
        let (down, _) = watch::channel(false);
        let watcher = down.clone();
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let mut cut = watcher.subscribe();
                if *cut.borrow() {
                    continue; // dropped: the connection is closed at once
                }
                let target = target.clone();
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(&target).await else { return };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cut.wait_for(|d| *d) => {}
                    }
                });
            }
        });
        Proxy { port, down }
    }
}

async fn wait_until(what: &str, condition: impl Fn() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn the_downlink_fails_fast_while_the_network_is_cut_and_recovers_on_its_own() {
    let topic = unique_topic();
    let mut subscriber = Subscriber::start(&topic).await;
    let proxy = Proxy::start().await;
    let mut config = DownlinkConfig::new("127.0.0.1", proxy.port, client_id("downlink"));
    let real = broker();
    (config.username, config.password) = (real.username, real.password);
    config.reconnect_min = Duration::from_millis(50);
    config.reconnect_max = Duration::from_millis(200);
    let downlink = Downlink::connect_with(config).await.expect("connect through the proxy");

    downlink.publish(&topic, b"before".to_vec()).await.expect("publish before the cut");
    assert_eq!(subscriber.next().await, b"before");

    proxy.down.send_replace(true);
    wait_until("the downlink noticed the cut", || !downlink.is_connected()).await;
    let started = Instant::now();
    let result = downlink.publish(&topic, b"during".to_vec()).await;
    assert!(matches!(result, Err(DownlinkError::Disconnected)), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(1), "took {:?}", started.elapsed());

    proxy.down.send_replace(false);
    wait_until("the downlink reconnected", || downlink.is_connected()).await;
    downlink.publish(&topic, b"after".to_vec()).await.expect("publish after the network came back");
    // "during" was refused, so it is not sent behind the caller's back: "after" comes next.
    assert_eq!(subscriber.next().await, b"after");
    downlink.shutdown().await;
    subscriber.stop().await;
}

/// A "broker" that accepts the connection (CONNACK) and then never acknowledges a publish.
async fn start_silent_broker() -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a local port");
    let port = listener.local_addr().expect("local address").port();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                // The first read holds the CONNECT packet; answer "accepted, no session".
                if socket.read(&mut buffer).await.unwrap_or(0) == 0 {
                    return;
                }
                let _ = socket.write_all(&[0x20, 0x02, 0x00, 0x00]).await;
                while socket.read(&mut buffer).await.unwrap_or(0) > 0 {}
            });
        }
    });
    port
}

#[tokio::test]
async fn a_publish_the_broker_never_acknowledges_times_out() {
    let port = start_silent_broker().await;
    let mut config = DownlinkConfig::new("127.0.0.1", port, client_id("silent"));
    config.ack_timeout = Duration::from_millis(300);
    let downlink = Downlink::connect_with(config).await.expect("the silent broker accepts the connection");
    let started = Instant::now();
    let result = downlink.publish("foresight-test/silent", b"x".to_vec()).await;
    assert!(matches!(result, Err(DownlinkError::Timeout)), "{result:?}");
    assert!(started.elapsed() >= Duration::from_millis(300), "returned before the timeout");
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    downlink.shutdown().await;
}

#[tokio::test]
async fn a_cut_during_a_burst_fails_the_unacknowledged_and_leaves_later_publishes_matched() {
    let topic = unique_topic();
    let mut subscriber = Subscriber::start(&topic).await;
    let proxy = Proxy::start().await;
    let mut config = DownlinkConfig::new("127.0.0.1", proxy.port, client_id("downlink"));
    let real = broker();
    (config.username, config.password) = (real.username, real.password);
    config.reconnect_min = Duration::from_millis(50);
    config.reconnect_max = Duration::from_millis(200);
    let downlink = Arc::new(Downlink::connect_with(config).await.expect("connect through the proxy"));

    let mut burst = tokio::task::JoinSet::new();
    for i in 0..200 {
        let (downlink, topic) = (downlink.clone(), topic.clone());
        burst.spawn(async move { downlink.publish(&topic, format!("burst-{i}").into_bytes()).await });
    }
    // Cut while the burst is going out: once the first of it came through.
    subscriber.next().await;
    proxy.down.send_replace(true);
    while let Some(result) = burst.join_next().await {
        // Acknowledged before the cut, or failed by it: never left hanging past the ack timeout.
        let result = result.expect("publish task");
        assert!(matches!(result, Ok(()) | Err(DownlinkError::Disconnected)), "{result:?}");
    }
    wait_until("the downlink noticed the cut", || !downlink.is_connected()).await;
    proxy.down.send_replace(false);
    wait_until("the downlink reconnected", || downlink.is_connected()).await;

    // Had a stale packet id survived the cut, these would be matched to the wrong PUBACKs and
    // some would time out.
    for i in 0..50 {
        downlink.publish(&topic, format!("after-{i}").into_bytes()).await.expect("publish after the cut");
    }
    let mut next_after = 0;
    while next_after < 50 {
        let message = String::from_utf8(subscriber.next().await).expect("text payload");
        if message.starts_with("after-") {
            assert_eq!(message, format!("after-{next_after}"));
            next_after += 1;
        }
    }
    subscriber.stop().await;
}

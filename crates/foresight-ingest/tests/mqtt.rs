//! MQTT ingest end to end, each test against a real broker (the machine's Mosquitto on
//! 127.0.0.1:1883, or TEST_MQTT_URL; or the embedded rumqttd) and a real PostgreSQL (a fresh
//! database per test on TEST_DATABASE_URL). No sleeps as synchronisation: every wait is for an
//! observable condition, with a deadline.

use foresight_ingest::mqtt::{self, BrokerAddress, EmbeddedBroker, MqttConfig, Subscriber};
use foresight_ingest::service::IngestService;
use rumqttc::{AsyncClient, Event, Incoming, MqttOptions, QoS};
use serde_json::{json, Value};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool};
use std::future::Future;
use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use uuid::Uuid;

const DEADLINE: Duration = Duration::from_secs(120);

fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn mosquitto() -> BrokerAddress {
    let url = std::env::var("TEST_MQTT_URL").unwrap_or_else(|_| "mqtt://127.0.0.1:1883".into());
    let address = BrokerAddress::parse(&url).expect("TEST_MQTT_URL");
    let reachable = std::net::TcpStream::connect((address.host.as_str(), address.port)).is_ok();
    assert!(
        reachable,
        "no MQTT broker at {address}: start Mosquitto (`mosquitto -d`; scripts/test does) or set TEST_MQTT_URL"
    );
    address
}

/// Waits for `check` to hold, polling; fails with `what` at the deadline.
async fn until<F, Fut>(what: &str, deadline: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let give_up = Instant::now() + deadline;
    while !check().await {
        assert!(Instant::now() < give_up, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A database for one test: migrated, a tenant with a site, a gas-detector model, a gateway and
/// five devices. Dropped with the test.
struct Plant {
    db_name: String,
    owner: PgPool,
    ingest: PgPool,
    tenant_id: Uuid,
    slug: String,
    gateway: String,
    devices: Vec<String>,
}

impl Plant {
    async fn create() -> Plant {
        Plant::create_migrated(&foresight_store::MIGRATOR).await
    }

    /// A plant on a database migrated by `migrator` (all migrations, or those before an upgrade).
    async fn create_migrated(migrator: &sqlx::migrate::Migrator) -> Plant {
        let _ = tracing_subscriber::fmt().with_test_writer().with_env_filter("warn,foresight_ingest=info").try_init();
        let db_name = format!("fs_test_{}", Uuid::new_v4().simple());
        let admin = PgConnectOptions::from_str(&admin_url()).expect("TEST_DATABASE_URL");
        let mut conn = admin.connect().await.expect("connect to the test PostgreSQL server");
        sqlx::query(&format!("CREATE DATABASE {db_name}")).execute(&mut conn).await.expect("create test database");
        let owner_options = admin.clone().database(&db_name);
        let owner = PgPoolOptions::new().max_connections(4).connect_with(owner_options.clone()).await.unwrap();
        migrator.run(&owner).await.expect("migrations");
        let ingest = PgPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(2))
            .connect_with(owner_options.username(foresight_store::pool::INGEST_ROLE))
            .await
            .expect("connect as foresight_ingest");

        let tenant_id = Uuid::now_v7();
        let slug = format!("t{}", &Uuid::new_v4().simple().to_string()[..12]);
        sqlx::query("INSERT INTO tenant (tenant_id, slug, name) VALUES ($1, $2, 'MQTT test')")
            .bind(tenant_id)
            .bind(&slug)
            .execute(&owner)
            .await
            .unwrap();
        let site_id = Uuid::now_v7();
        sqlx::query("INSERT INTO site (tenant_id, site_id, code, name) VALUES ($1, $2, 'S1', 'Site')")
            .bind(tenant_id)
            .bind(site_id)
            .execute(&owner)
            .await
            .unwrap();
        let model = foresight_telemetry::presets::preset("gas_detector_combustible").unwrap();
        let model_id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO thing_model (tenant_id, thing_model_id, identifier, revision, name, definition, source) \
             VALUES ($1, $2, $3, 1, $4, $5, 'preset')",
        )
        .bind(tenant_id)
        .bind(model_id)
        .bind(&model.identifier)
        .bind(&model.name)
        .bind(serde_json::to_value(&model).unwrap())
        .execute(&owner)
        .await
        .unwrap();
        let gateway_id = Uuid::now_v7();
        let gateway = "GW-1".to_string();
        sqlx::query(
            "INSERT INTO gateway (tenant_id, gateway_id, site_id, code, name, secret_hash) VALUES ($1, $2, $3, $4, 'gw', '\\x00')",
        )
        .bind(tenant_id)
        .bind(gateway_id)
        .bind(site_id)
        .bind(&gateway)
        .execute(&owner)
        .await
        .unwrap();
        let mut devices = Vec::new();
        for i in 1..=5 {
            let code = format!("GT-{i}");
            sqlx::query(
                "INSERT INTO device (tenant_id, device_id, site_id, gateway_id, thing_model_id, code, name) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6)",
            )
            .bind(tenant_id)
            .bind(Uuid::now_v7())
            .bind(site_id)
            .bind(gateway_id)
            .bind(model_id)
            .bind(&code)
            .execute(&owner)
            .await
            .unwrap();
            devices.push(code);
        }
        Plant { db_name, owner, ingest, tenant_id, slug, gateway, devices }
    }

    fn service(&self) -> Arc<IngestService> {
        Arc::new(IngestService::new(self.ingest.clone()))
    }

    fn topic(&self) -> String {
        mqtt::telemetry_topic(&self.slug, &self.gateway)
    }

    /// Batch `seq` of `n` readings, each (device, ts) distinct across batches.
    fn batch(&self, seq: u64, n: usize) -> Vec<u8> {
        let base = chrono::Utc::now().timestamp_millis() - 3_600_000;
        let readings: Vec<Value> = (0..n)
            .map(|i| {
                json!({
                    "device": self.devices[i % self.devices.len()],
                    "property": "lel",
                    "ts": base + (seq as i64) * 100_000 + i as i64,
                    "value": (i % 1000) as f64 / 10.0,
                })
            })
            .collect();
        json!({"seq": seq, "sent_at": chrono::Utc::now().timestamp_millis(), "readings": readings})
            .to_string()
            .into_bytes()
    }

    async fn readings(&self) -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM reading WHERE tenant_id = $1")
            .bind(self.tenant_id)
            .fetch_one(&self.owner)
            .await
            .unwrap()
    }

    /// Rows, and distinct (series, gateway timestamp) pairs among them: equal when nothing is
    /// stored twice.
    async fn readings_and_distinct(&self) -> (i64, i64) {
        sqlx::query_as("SELECT count(*), count(DISTINCT (series_id, source_ts)) FROM reading WHERE tenant_id = $1")
            .bind(self.tenant_id)
            .fetch_one(&self.owner)
            .await
            .unwrap()
    }

    async fn dead_letters(&self) -> Vec<(String, Option<String>)> {
        sqlx::query_as("SELECT reason, device_code FROM dead_letter WHERE tenant_id = $1 ORDER BY reason, device_code")
            .bind(self.tenant_id)
            .fetch_all(&self.owner)
            .await
            .unwrap()
    }
}

impl Drop for Plant {
    fn drop(&mut self) {
        let name = self.db_name.clone();
        // Drop needs a runtime of its own: the test's runtime is shutting down.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                if let Ok(mut conn) = PgConnectOptions::from_str(&admin_url()).unwrap().connect().await {
                    let _ =
                        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn).await;
                }
            });
        })
        .join();
    }
}

fn subscriber_config(broker: &BrokerAddress) -> MqttConfig {
    let mut config = MqttConfig::new(broker.clone(), format!("foresight-ingest-test-{}", Uuid::new_v4().simple()));
    config.retry_max = Duration::from_secs(1);
    config
}

/// Ends the persistent session a test's subscriber leaves in the broker (a clean-session connect
/// discards it), so test runs do not pile up sessions that queue every later message.
struct ForgetSession {
    broker: BrokerAddress,
    client_id: String,
}

impl Drop for ForgetSession {
    fn drop(&mut self) {
        let (broker, client_id) = (self.broker.clone(), self.client_id.clone());
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                let mut options = MqttOptions::new(client_id, broker.host, broker.port);
                options.set_clean_session(true);
                let (client, mut eventloop) = AsyncClient::new(options, 10);
                let _ = tokio::time::timeout(Duration::from_secs(5), async {
                    loop {
                        match eventloop.poll().await {
                            Ok(Event::Incoming(Incoming::ConnAck(_))) => {
                                let _ = client.try_disconnect();
                            }
                            Ok(Event::Outgoing(rumqttc::Outgoing::Disconnect)) | Err(_) => break,
                            Ok(_) => {}
                        }
                    }
                })
                .await;
            });
        })
        .join();
    }
}

/// A gateway: publishes at QoS 1 and counts the broker's acknowledgements.
struct Gateway {
    client: AsyncClient,
    acked: watch::Receiver<u64>,
    task: tokio::task::JoinHandle<()>,
}

impl Gateway {
    async fn connect(broker: &BrokerAddress) -> Gateway {
        let mut options =
            MqttOptions::new(format!("test-gateway-{}", Uuid::new_v4().simple()), &broker.host, broker.port);
        options.set_max_packet_size(mqtt::MAX_PACKET_BYTES, mqtt::MAX_PACKET_BYTES).set_inflight(20);
        let (client, mut eventloop) = AsyncClient::new(options, 100);
        let (acked_tx, acked) = watch::channel(0u64);
        let (connected_tx, mut connected) = watch::channel(false);
        let task = tokio::spawn(async move {
            loop {
                match eventloop.poll().await {
                    Ok(Event::Incoming(Incoming::ConnAck(_))) => {
                        connected_tx.send_replace(true);
                    }
                    Ok(Event::Incoming(Incoming::PubAck(_))) => {
                        acked_tx.send_modify(|n| *n += 1);
                    }
                    Ok(_) => {}
                    Err(e) => panic!("test gateway lost its broker connection: {e}"),
                }
            }
        });
        tokio::time::timeout(DEADLINE, connected.wait_for(|c| *c)).await.expect("gateway connects").unwrap();
        Gateway { client, acked, task }
    }

    async fn publish(&self, topic: &str, payload: Vec<u8>) {
        self.client.publish(topic, QoS::AtLeastOnce, false, payload).await.unwrap();
    }

    /// Waits until the broker acknowledged `n` publishes in all.
    async fn wait_acked(&mut self, n: u64) {
        tokio::time::timeout(DEADLINE, self.acked.wait_for(|a| *a >= n)).await.expect("broker acknowledged").unwrap();
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// 20 batches × 500 readings through `broker`; all 10,000 stored once; a re-published batch adds
/// nothing.
async fn stream_ten_thousand(broker: BrokerAddress) {
    let plant = Plant::create().await;
    let config = subscriber_config(&broker);
    let _forget = ForgetSession { broker: broker.clone(), client_id: config.client_id.clone() };
    let subscriber = Subscriber::start(plant.service(), config);
    tokio::time::timeout(DEADLINE, subscriber.subscribed()).await.expect("subscribed");
    let metrics = subscriber.metrics();
    let mut gateway = Gateway::connect(&broker).await;
    for seq in 0..20 {
        gateway.publish(&plant.topic(), plant.batch(seq, 500)).await;
    }
    gateway.wait_acked(20).await;
    until("10,000 readings stored", DEADLINE, || async { plant.readings().await >= 10_000 }).await;
    until("every message acknowledged", DEADLINE, || async { metrics.snapshot().messages_acked >= 20 }).await;
    assert_eq!(plant.readings_and_distinct().await, (10_000, 10_000));

    gateway.publish(&plant.topic(), plant.batch(7, 500)).await;
    gateway.wait_acked(21).await;
    until("the re-published batch handled", DEADLINE, || async { metrics.snapshot().duplicates >= 1 }).await;
    assert_eq!(plant.readings_and_distinct().await, (10_000, 10_000), "a re-delivered batch is stored once");
    let m = metrics.snapshot();
    assert_eq!((m.batches_stored, m.readings_stored, m.readings_rejected), (20, 10_000, 0), "{m:?}");
    subscriber.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_readings_through_mosquitto_are_stored_exactly_once() {
    stream_ten_thousand(mosquitto()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_readings_through_the_embedded_broker_are_stored_exactly_once() {
    let broker = EmbeddedBroker::start("127.0.0.1:0".parse().unwrap()).expect("embedded broker");
    stream_ten_thousand(BrokerAddress::parse(&broker.local_url()).unwrap()).await;
}

#[tokio::test]
async fn the_embedded_broker_refuses_a_taken_port_and_says_what_to_do() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let err = EmbeddedBroker::start(addr).unwrap_err().to_string();
    assert!(err.contains("MQTT_URL") && err.contains("MQTT_LISTEN"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_data_over_mqtt_becomes_dead_letters_and_never_blocks_the_good() {
    let broker = mosquitto();
    let plant = Plant::create().await;
    let config = subscriber_config(&broker);
    let client_id = config.client_id.clone();
    let _forget = ForgetSession { broker: broker.clone(), client_id: client_id.clone() };
    let subscriber = Subscriber::start(plant.service(), config);
    tokio::time::timeout(DEADLINE, subscriber.subscribed()).await.expect("subscribed");
    let mut gateway = Gateway::connect(&broker).await;

    let now = chrono::Utc::now().timestamp_millis();
    let mut readings = Vec::new();
    let mut good = 0;
    for i in 0..100i64 {
        let ts = now - 60_000 + i;
        readings.push(json!({"device": "GT-1", "property": "lel", "ts": ts, "value": 12.5}));
        good += 1;
        readings.push(match i % 5 {
            0 => json!({"device": "GT-2", "property": "lel", "value": 1}),
            1 => json!({"device": "GT-2", "property": "lel", "ts": ts, "value": 250}),
            2 => json!({"device": "NOPE-9", "property": "lel", "ts": ts, "value": 1}),
            3 => json!({"device": "GT-2", "property": "nope", "ts": ts, "value": 1}),
            _ => json!({"device": "GT-2", "property": "lel", "ts": ts, "value": "high"}),
        });
    }
    gateway.publish(&plant.topic(), json!({"seq": 1, "readings": readings}).to_string().into_bytes()).await;
    gateway.publish(&plant.topic(), b"{this is not json".to_vec()).await;
    // No tenant to store a dead letter under: acknowledged and counted.
    gateway.publish(&mqtt::telemetry_topic("no-such-tenant", "GW-1"), plant.batch(2, 10)).await;
    gateway.publish(&plant.topic(), plant.batch(3, 10)).await;
    gateway.wait_acked(4).await;
    let metrics = subscriber.metrics();
    until("the good batch after the bad message stored", DEADLINE, || async { plant.readings().await >= good + 10 })
        .await;
    until("all four acknowledged", DEADLINE, || async { metrics.snapshot().messages_acked >= 4 }).await;
    assert_eq!(plant.readings().await, good + 10);
    let dead = plant.dead_letters().await;
    let count = |reason: &str| dead.iter().filter(|(r, _)| r == reason).count();
    assert_eq!(count("bad_json"), 20 + 1, "20 malformed readings and the non-JSON message: {dead:?}");
    assert_eq!(count("out_of_range"), 20);
    assert_eq!(count("unknown_device"), 20);
    assert_eq!(count("unknown_property"), 20);
    assert_eq!(count("wrong_type"), 20);
    assert_eq!(dead.len(), 101);
    let m = metrics.snapshot();
    assert!(m.unknown_gateway >= 1 && m.messages_refused >= 2, "{m:?}");
    subscriber.shutdown().await;

    // The same session again: nothing above comes back (all of it was acknowledged), only what
    // is published from now on.
    let mut config = subscriber_config(&broker);
    config.client_id = client_id;
    let subscriber = Subscriber::start(plant.service(), config);
    tokio::time::timeout(DEADLINE, subscriber.subscribed()).await.expect("subscribed again");
    gateway.publish(&plant.topic(), plant.batch(4, 10)).await;
    gateway.wait_acked(5).await;
    until("the marker batch stored", DEADLINE, || async { plant.readings().await >= good + 20 }).await;
    let own = subscriber.metrics().snapshot();
    // At-least-once delivery allows the broker to hand over again a message whose acknowledgement
    // crossed the disconnect; what must hold is that nothing is stored twice.
    assert_eq!(own.batches_stored, 1, "{own:?}");
    assert_eq!(plant.readings().await, good + 20, "a re-delivered message was stored again: {own:?}");
    assert_eq!(plant.dead_letters().await.len(), 101);
    subscriber.shutdown().await;
}

/// Device events ride in the same message as readings: a message published again (what a gateway does
/// when its PUBACK is lost, and what the broker hands over again after a reconnect) stores its event
/// once and announces it once on `foresight_device_event`; a bad event beside it is a dead letter.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_over_mqtt_is_stored_and_announced_once_when_the_message_comes_again() {
    let broker = mosquitto();
    let plant = Plant::create().await;
    let mut listener = sqlx::postgres::PgListener::connect_with(&plant.owner).await.unwrap();
    listener.listen(foresight_ingest::writer::DEVICE_EVENT_CHANNEL).await.unwrap();
    let config = subscriber_config(&broker);
    let _forget = ForgetSession { broker: broker.clone(), client_id: config.client_id.clone() };
    let subscriber = Subscriber::start(plant.service(), config);
    tokio::time::timeout(DEADLINE, subscriber.subscribed()).await.expect("subscribed");
    let mut gateway = Gateway::connect(&broker).await;

    let ts = chrono::Utc::now().timestamp_millis() - 2_000;
    let message = json!({"seq": 77, "readings": [{"device": "GT-1", "property": "lel", "ts": ts, "value": 61.0}],
    "events": [
        {"device": "GT-1", "event": "alarm_high", "ts": ts, "fields": {"lel": 61.0}},
        {"device": "GT-2", "event": "meltdown", "ts": ts}
    ]})
    .to_string()
    .into_bytes();
    gateway.publish(&plant.topic(), message.clone()).await;
    gateway.publish(&plant.topic(), message).await;
    gateway.wait_acked(2).await;
    let metrics = subscriber.metrics();
    until("both deliveries acknowledged", DEADLINE, || async { metrics.snapshot().messages_acked >= 2 }).await;
    let events: Vec<(String, String, Value)> =
        sqlx::query_as("SELECT identifier, severity, fields FROM device_event WHERE tenant_id = $1")
            .bind(plant.tenant_id)
            .fetch_all(&plant.owner)
            .await
            .unwrap();
    assert_eq!(events, [("alarm_high".to_string(), "alarm".to_string(), json!({"lel": 61.0}))]);
    assert_eq!(plant.readings().await, 1);
    assert_eq!(plant.dead_letters().await, [("unknown_event".to_string(), Some("GT-2".to_string()))]);
    let notice = tokio::time::timeout(Duration::from_secs(5), listener.recv()).await.expect("notified").unwrap();
    let notice: foresight_ingest::writer::EventNotice = serde_json::from_str(notice.payload()).unwrap();
    assert_eq!(
        (notice.tenant_id, notice.identifier.as_str(), notice.severity.as_str()),
        (plant.tenant_id, "alarm_high", "alarm")
    );
    let again = tokio::time::timeout(Duration::from_millis(500), listener.recv()).await;
    assert!(again.is_err(), "the duplicate was announced again: {again:?}");
    subscriber.shutdown().await;
}

/// Streams while the database refuses the ingest role (connections cut and refused), then
/// restores it: the subscriber acknowledges nothing meanwhile, takes no more than the broker's
/// in-flight window, and afterwards every published reading is stored exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_outage_stops_acknowledgements_and_loses_or_doubles_nothing() {
    let broker = mosquitto();
    let plant = Plant::create().await;
    let config = subscriber_config(&broker);
    let _forget = ForgetSession { broker: broker.clone(), client_id: config.client_id.clone() };
    let subscriber = Subscriber::start(plant.service(), config);
    tokio::time::timeout(DEADLINE, subscriber.subscribed()).await.expect("subscribed");
    let metrics = subscriber.metrics();
    let mut gateway = Gateway::connect(&broker).await;

    for seq in 0..10 {
        gateway.publish(&plant.topic(), plant.batch(seq, 500)).await;
    }
    until("the first batches stored", DEADLINE, || async { plant.readings().await >= 5_000 }).await;

    // Outage: the ingest role may no longer connect to this database, and its sessions are cut
    // (scoped to this database: other tests' databases are unaffected).
    let db = &plant.db_name;
    sqlx::query(&format!("REVOKE CONNECT ON DATABASE {db} FROM PUBLIC")).execute(&plant.owner).await.unwrap();
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'foresight_ingest' AND datname = $1",
    )
    .bind(db)
    .execute(&plant.owner)
    .await
    .unwrap();
    let before = plant.readings().await;
    for seq in 10..40 {
        gateway.publish(&plant.topic(), plant.batch(seq, 500)).await;
    }
    gateway.wait_acked(40).await;
    until("the writer failing and retrying", DEADLINE, || async { metrics.snapshot().write_retries >= 3 }).await;
    let during = metrics.snapshot();
    let in_hand = during.messages_received - during.messages_acked;
    assert!(in_hand < 30, "the subscriber took {in_hand} of 30 messages it could not store: no backpressure");
    // Nothing committed while the role is locked out: the acknowledged count cannot have moved.
    let acked_during = during.messages_acked;
    until("more write retries", DEADLINE, || async { metrics.snapshot().write_retries >= during.write_retries + 2 })
        .await;
    assert_eq!(metrics.snapshot().messages_acked, acked_during, "nothing is acknowledged while the database is down");
    assert_eq!(plant.readings().await, before, "nothing is stored while the database refuses the writer");

    sqlx::query(&format!("GRANT CONNECT ON DATABASE {db} TO PUBLIC")).execute(&plant.owner).await.unwrap();
    until("all 20,000 readings stored", DEADLINE, || async { plant.readings().await >= 20_000 }).await;
    until("every message acknowledged", DEADLINE, || async {
        let m = metrics.snapshot();
        m.batches_stored + m.duplicates >= 40 && m.messages_acked >= 40
    })
    .await;
    assert_eq!(plant.readings_and_distinct().await, (20_000, 20_000));
    subscriber.shutdown().await;
}

/// One reading of `device`, gateway time `ts`, in a batch with sequence number `seq`.
fn sequenced(seq: u64, device: &str, ts: i64) -> Vec<u8> {
    json!({"seq": seq, "readings": [{"device": device, "property": "lel", "ts": ts, "value": 1.5}]})
        .to_string()
        .into_bytes()
}

/// Sequence numbers are remembered as bits of 1,024-number blocks (`ingest_seq_block`): numbers at
/// block edges and the extremes of u64, two nodes storing the same messages at the same time, a
/// number twice in one group, and every message again: each reading stored once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sequence_numbers_are_claimed_once_at_block_edges_and_by_concurrent_writers() {
    let plant = Plant::create().await;
    let (node_a, node_b) = (plant.service(), plant.service());
    let gateway = node_a.gateway_by_code(&plant.slug, &plant.gateway).await.unwrap().expect("gateway");
    let now = chrono::Utc::now().timestamp_millis();
    let seqs = [0u64, 1, 1023, 1024, 1025, 2047, 2048, 5_000_000, u64::MAX - 1, u64::MAX];
    let messages: Vec<Vec<u8>> =
        seqs.iter().enumerate().map(|(i, &seq)| sequenced(seq, &plant.devices[0], now - 60_000 + i as i64)).collect();

    for message in &messages {
        let (a, b) = tokio::join!(node_a.ingest(&gateway, message, now), node_b.ingest(&gateway, message, now));
        let duplicates = [a.unwrap(), b.unwrap()]
            .into_iter()
            .map(|o| match o {
                foresight_ingest::service::Outcome::Stored(w) => w.duplicate,
                other => panic!("refused: {other:?}"),
            })
            .filter(|d| *d)
            .count();
        assert_eq!(duplicates, 1, "exactly one of two concurrent writers stores a message");
    }
    // The same number twice in one group: the first counts.
    let again = node_a.prepare_message(&gateway, &sequenced(3, &plant.devices[1], now - 1), now).await.unwrap();
    let written = node_a.write(vec![again.prepared.clone(), again.prepared]).await.unwrap();
    assert_eq!(written.iter().map(|w| w.duplicate).collect::<Vec<_>>(), [false, true]);
    // Everything again, as one group: all duplicates.
    let mut group = Vec::new();
    for message in &messages {
        group.push(node_b.prepare_message(&gateway, message, now).await.unwrap().prepared);
    }
    assert!(node_b.write(group).await.unwrap().iter().all(|w| w.duplicate));

    assert_eq!(plant.readings_and_distinct().await, (seqs.len() as i64 + 1, seqs.len() as i64 + 1));
    // Blocks 0, 1, 2, 4882 and the last one (both of its numbers in one row): five rows, no key rows.
    let blocks: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT block, (SELECT count(*) FROM generate_series(0, 1023) AS b WHERE get_bit(seen, b) = 1) \
         FROM ingest_seq_block WHERE tenant_id = $1 ORDER BY block",
    )
    .bind(plant.tenant_id)
    .fetch_all(&plant.owner)
    .await
    .unwrap();
    let last = (u64::MAX >> 10) as i64;
    assert_eq!(blocks, [(0, 4), (1, 3), (2, 1), (4882, 1), (last, 2)]);
    let key_rows: i64 = sqlx::query_scalar("SELECT count(*) FROM ingest_batch WHERE tenant_id = $1")
        .bind(plant.tenant_id)
        .fetch_one(&plant.owner)
        .await
        .unwrap();
    assert_eq!(key_rows, 0, "sequenced batches claim no ingest_batch row");
}

/// A batch stored before the upgrade to sequence blocks (as an `ingest_batch` row `seq:<n>`) is
/// still recognised when it comes again after the upgrade.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batches_stored_before_the_upgrade_to_sequence_blocks_are_not_stored_again() {
    let before = sqlx::migrate::Migrator {
        migrations: std::borrow::Cow::Owned(
            foresight_store::MIGRATOR.migrations.iter().filter(|m| m.version < 20261206000001).cloned().collect(),
        ),
        ..sqlx::migrate::Migrator::DEFAULT
    };
    let plant = Plant::create_migrated(&before).await;
    let gateway = plant.service().gateway_by_code(&plant.slug, &plant.gateway).await.unwrap().expect("gateway");
    let gateway_id: Uuid = gateway.gateway_id;
    for (key, accepted) in [("seq:5", 1), ("seq:1030", 1), ("sha256:abc", 1)] {
        sqlx::query("INSERT INTO ingest_batch (tenant_id, gateway_id, batch_key, accepted, rejected) VALUES ($1, $2, $3, $4, 0)")
            .bind(plant.tenant_id)
            .bind(gateway_id)
            .bind(key)
            .bind(accepted)
            .execute(&plant.owner)
            .await
            .unwrap();
    }
    foresight_store::MIGRATOR.run(&plant.owner).await.expect("the upgrade");

    let service = plant.service();
    let now = chrono::Utc::now().timestamp_millis();
    let mut outcomes = Vec::new();
    for (seq, ts) in [(5u64, now - 3), (1030, now - 2), (6, now - 1)] {
        match service.ingest(&gateway, &sequenced(seq, &plant.devices[0], ts), now).await.unwrap() {
            foresight_ingest::service::Outcome::Stored(w) => outcomes.push((seq, w.duplicate)),
            other => panic!("refused: {other:?}"),
        }
    }
    assert_eq!(outcomes, [(5, true), (1030, true), (6, false)]);
    assert_eq!(plant.readings().await, 1);
    let keys: Vec<String> = sqlx::query_scalar("SELECT batch_key FROM ingest_batch WHERE tenant_id = $1")
        .bind(plant.tenant_id)
        .fetch_all(&plant.owner)
        .await
        .unwrap();
    assert_eq!(keys, ["sha256:abc"], "sequence keys moved into blocks, other keys stay");
}

//! Acceptance: exactly once under faults, with the real binary. Readings stream over MQTT through
//! Mosquitto (127.0.0.1:1883, or TEST_MQTT_URL) into a private PostgreSQL cluster that is stopped
//! and started again in the middle of the stream; then the server is killed with SIGKILL in the
//! middle of the stream and started again: every reading the broker acknowledged is stored exactly
//! once.
//!
//! The cluster is private (started with `foresight-pgembed` in a temporary folder) because a real
//! restart of the machine's shared PostgreSQL would break every other test running beside this one.

mod common;

use common::{broker, until, with_database, DEADLINE};
use foresight_pgembed::{EmbeddedPostgres, Options};
use rumqttc::{AsyncClient, Event, Incoming, MqttOptions, QoS};
use serde_json::{json, Value};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use uuid::Uuid;

const BATCH: usize = 500;

struct Db {
    name: String,
    /// Superuser URL of the cluster the database lives in.
    admin_url: String,
    owner: PgPool,
    tenant_id: Uuid,
    slug: String,
    devices: Vec<String>,
    /// Readings are an hour old from here on (ms).
    t0: i64,
}

impl Db {
    async fn create(admin_url: &str) -> Db {
        let name = format!("fs_test_{}", Uuid::new_v4().simple());
        let admin = PgConnectOptions::from_str(admin_url).unwrap();
        let mut conn = admin.connect().await.expect("connect to the test PostgreSQL server");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
        let owner = PgPoolOptions::new().max_connections(2).connect_with(admin.database(&name)).await.unwrap();
        foresight_store::MIGRATOR.run(&owner).await.unwrap();
        let tenant_id = Uuid::now_v7();
        let slug = format!("c{}", &Uuid::new_v4().simple().to_string()[..12]);
        let site_id = Uuid::now_v7();
        let model_id = Uuid::now_v7();
        let gateway_id = Uuid::now_v7();
        let model = foresight_telemetry::presets::preset("gas_detector_combustible").unwrap();
        sqlx::query("INSERT INTO tenant (tenant_id, slug, name) VALUES ($1, $2, 'crash test')")
            .bind(tenant_id)
            .bind(&slug)
            .execute(&owner)
            .await
            .unwrap();
        sqlx::query("INSERT INTO site (tenant_id, site_id, code, name) VALUES ($1, $2, 'S1', 'Site')")
            .bind(tenant_id)
            .bind(site_id)
            .execute(&owner)
            .await
            .unwrap();
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
        sqlx::query(
            "INSERT INTO gateway (tenant_id, gateway_id, site_id, code, name, secret_hash) \
             VALUES ($1, $2, $3, 'GW-1', 'gw', '\\x00')",
        )
        .bind(tenant_id)
        .bind(gateway_id)
        .bind(site_id)
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
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
        Db { name, admin_url: admin_url.to_string(), owner, tenant_id, slug, devices, t0: now - 3_600_000 }
    }

    async fn counts(&self) -> (i64, i64) {
        sqlx::query_as("SELECT count(*), count(DISTINCT (series_id, source_ts)) FROM reading WHERE tenant_id = $1")
            .bind(self.tenant_id)
            .fetch_one(&self.owner)
            .await
            .unwrap()
    }

    async fn readings(&self) -> i64 {
        self.counts().await.0
    }

    /// Batch `seq`: every (device, ts) distinct across batches.
    fn batch(&self, seq: u64) -> Vec<u8> {
        let readings: Vec<Value> = (0..BATCH)
            .map(|i| {
                json!({"device": self.devices[i % self.devices.len()], "property": "lel",
                       "ts": self.t0 + (seq as i64) * 1_000 + i as i64, "value": (i % 1000) as f64 / 10.0})
            })
            .collect();
        json!({"seq": seq, "readings": readings}).to_string().into_bytes()
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        let (name, admin_url) = (self.name.clone(), self.admin_url.clone());
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                if let Ok(mut conn) = PgConnectOptions::from_str(&admin_url).unwrap().connect().await {
                    let _ =
                        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn).await;
                }
            });
        })
        .join();
    }
}

/// The server process; its log lines are kept for the test to wait on.
struct Server {
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(dir: &Path, database_url: &str, mqtt_url: &str, client_id: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_foresight"))
            .env_remove("APP_DATABASE_URL")
            .env_remove("INGEST_DATABASE_URL")
            .env("DATABASE_URL", database_url)
            .env("MQTT_URL", mqtt_url)
            .env("MQTT_CLIENT_ID", client_id)
            .env("LOG_FORMAT", "json")
            .env("RUST_LOG", "info,sqlx=warn")
            .args(["--data-dir", dir.to_str().unwrap(), "serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let lines = log.clone();
        let mut file = std::fs::File::create(dir.join(format!("stderr-{}.log", Uuid::new_v4().simple()))).unwrap();
        // Drains the pipe (a full pipe would stall the server) into memory and a file.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = writeln!(file, "{line}");
                lines.lock().unwrap().push(line);
            }
        });
        Server { child, log }
    }

    /// The HTTP address from the "listening" log line.
    fn address(&self) -> String {
        let log = self.log.lock().unwrap();
        let line = log.iter().find(|l| l.contains("\"listening\"")).expect("the server logged its address");
        let entry: Value = serde_json::from_str(line).expect("a JSON log line");
        entry["fields"]["addr"].as_str().or(entry["addr"].as_str()).expect("an addr field").to_string()
    }

    fn logged(&self, text: &str) -> usize {
        self.log.lock().unwrap().iter().filter(|l| l.contains(text)).count()
    }

    async fn wait_logged(&mut self, text: &str) {
        let give_up = Instant::now() + DEADLINE;
        while self.logged(text) == 0 {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("foresight exited ({status}) before logging {text:?}:\n{}", self.log.lock().unwrap().join("\n"));
            }
            assert!(Instant::now() < give_up, "timed out waiting for the server to log {text:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A gateway with a persistent session: its unacknowledged publishes are sent again after a
/// reconnection. Counts the broker's acknowledgements.
struct Gateway {
    client: AsyncClient,
    acked: watch::Receiver<u64>,
    task: tokio::task::JoinHandle<()>,
}

impl Gateway {
    async fn connect(host: &str, port: u16, client_id: &str) -> Gateway {
        let mut options = MqttOptions::new(client_id, host, port);
        options.set_clean_session(false).set_max_packet_size(8 << 20, 8 << 20).set_inflight(20);
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
                    Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
                }
            }
        });
        tokio::time::timeout(DEADLINE, connected.wait_for(|c| *c)).await.expect("gateway connects").unwrap();
        Gateway { client, acked, task }
    }

    async fn publish(&self, topic: &str, payload: Vec<u8>) {
        self.client.publish(topic, QoS::AtLeastOnce, false, payload).await.unwrap();
    }

    async fn wait_acked(&mut self, n: u64) {
        tokio::time::timeout(DEADLINE, self.acked.wait_for(|a| *a >= n)).await.expect("broker acknowledged").unwrap();
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Connects once with a clean session, which discards the persistent session of `client_id`.
async fn forget_session(host: &str, port: u16, client_id: &str) {
    let mut options = MqttOptions::new(client_id, host, port);
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
}

fn data_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fs-mqtt-crash-{}", Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readings_survive_a_database_restart_and_a_sigkill_exactly_once() {
    let (host, port, mqtt_url) = broker();
    let dir = data_dir();
    let pg_dir = dir.join("pg");
    let start_postgres = || {
        let dir = pg_dir.clone();
        tokio::task::spawn_blocking(move || {
            EmbeddedPostgres::start(Options::new(dir)).expect("private PostgreSQL starts")
        })
    };
    let postgres = start_postgres().await.unwrap();
    let db = Db::create(&postgres.owner_url()).await;
    let database_url = with_database(&postgres.owner_url(), &db.name);
    let subscriber_id = format!("foresight-crash-{}", Uuid::new_v4().simple());
    let gateway_id = format!("crash-gateway-{}", Uuid::new_v4().simple());
    let topic = format!("foresight/{}/GW-1/telemetry", db.slug);

    let mut server = Server::start(&dir, &database_url, &mqtt_url, &subscriber_id);
    server.wait_logged("subscribed to MQTT telemetry").await;
    let mut gateway = Gateway::connect(&host, port, &gateway_id).await;
    let mut published = 0u64;
    fn publish(published: &mut u64, n: u64) -> std::ops::Range<u64> {
        *published += n;
        *published - n..*published
    }

    // 1. Streaming normally.
    for seq in publish(&mut published, 10) {
        gateway.publish(&topic, db.batch(seq)).await;
    }
    until("the first readings stored", || async { db.readings().await >= 2_500 }).await;

    // 2. PostgreSQL stops (fast shutdown: sessions cut, nothing listening) in the middle of the
    // stream, stays down while more is published, and starts again on the same data.
    tokio::task::spawn_blocking(move || postgres.stop().expect("PostgreSQL stops")).await.unwrap();
    for seq in publish(&mut published, 10) {
        gateway.publish(&topic, db.batch(seq)).await;
    }
    gateway.wait_acked(published).await;
    server.wait_logged("storing MQTT messages failed").await;
    let postgres = start_postgres().await.unwrap();

    // 3. SIGKILL in the middle of the stream, more published while it is down, then a restart
    // under the same client id (the broker kept its session).
    let before_kill = db.readings().await;
    for seq in publish(&mut published, 15) {
        gateway.publish(&topic, db.batch(seq)).await;
    }
    until("the server storing again", || async { db.readings().await > before_kill }).await;
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let at_kill = db.readings().await;
    eprintln!("killed with {at_kill} of {} published readings stored", published * BATCH as u64);
    for seq in publish(&mut published, 10) {
        gateway.publish(&topic, db.batch(seq)).await;
    }
    gateway.wait_acked(published).await;

    let mut server = Server::start(&dir, &database_url, &mqtt_url, &subscriber_id);
    server.wait_logged("subscribed to MQTT telemetry").await;
    let expected = (published * BATCH as u64) as i64;
    until("every published reading stored", || async { db.readings().await >= expected }).await;
    // Whatever was stored twice would show now or never: the backlog is drained.
    assert_eq!(db.counts().await, (expected, expected), "every acknowledged reading exactly once");

    // The MQTT counters are on /metrics: this process stored at least the backlog after the kill.
    server.wait_logged("\"listening\"").await;
    let metrics = reqwest::get(format!("http://{}/metrics", server.address())).await.unwrap().text().await.unwrap();
    let stored: u64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("foresight_mqtt_readings_stored_total "))
        .expect("the MQTT counters on /metrics")
        .parse()
        .unwrap();
    assert!(stored >= expected as u64 - at_kill as u64, "{stored} readings counted as stored by the restarted server");

    // A clean stop still works after all that.
    let status = Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let exit = server.child.wait().unwrap();
    assert!(exit.success(), "foresight exited with {exit:?} on SIGTERM");
    assert_eq!(db.counts().await, (expected, expected));
    drop(gateway);
    forget_session(&host, port, &subscriber_id).await;
    forget_session(&host, port, &gateway_id).await;
    drop(db);
    tokio::task::spawn_blocking(move || postgres.stop().expect("PostgreSQL stops")).await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

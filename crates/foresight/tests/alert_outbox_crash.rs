//! Acceptance (issue 6): the process dies between an alert's state change and the delivery of its
//! notifications, and after the restart each notification is delivered, once. With the real binary: a
//! reading over MQTT (Mosquitto, 127.0.0.1:1883 or TEST_MQTT_URL) crosses an alarm rule, the alert opens
//! and is screened, and the transaction queues a signed webhook call (to a receiver in this test) and a
//! `notify` downlink to the zone's wearable band. The first process is started with the test hook that
//! aborts it when the dispatcher has claimed its first notification (the crash the outbox exists for);
//! the second delivers everything, and the receiver and an MQTT subscriber each see every notification
//! exactly once.

mod common;

use axum::body::Bytes;
use axum::http::HeaderMap;
use common::{broker, until, with_database, DEADLINE};
use rumqttc::{AsyncClient, Event, Incoming, MqttOptions, QoS};
use serde_json::{json, Value};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

const SECRET: &str = "test-signing-secret";

fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database with one tenant: a zone with an ammonia detector (alarm at 25 ppm) and a wearable band on
/// gateway GW-1, and a webhook to `hook_url`.
struct Plant {
    name: String,
    owner: PgPool,
    tenant_id: Uuid,
    slug: String,
}

async fn insert_device(
    owner: &PgPool,
    tenant: Uuid,
    site: Uuid,
    zone: Uuid,
    gateway: Uuid,
    preset: &str,
    code: &str,
) -> Uuid {
    let model = foresight_telemetry::presets::preset(preset).unwrap();
    let model_id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO thing_model (tenant_id, thing_model_id, identifier, revision, name, definition, source) \
         VALUES ($1, $2, $3, 1, $4, $5, 'preset')",
    )
    .bind(tenant)
    .bind(model_id)
    .bind(&model.identifier)
    .bind(&model.name)
    .bind(serde_json::to_value(&model).unwrap())
    .execute(owner)
    .await
    .unwrap();
    let device_id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO device (tenant_id, device_id, site_id, zone_id, gateway_id, thing_model_id, code, name) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(tenant)
    .bind(device_id)
    .bind(site)
    .bind(zone)
    .bind(gateway)
    .bind(model_id)
    .bind(code)
    .execute(owner)
    .await
    .unwrap();
    device_id
}

impl Plant {
    async fn create(hook_url: &str) -> Plant {
        let name = format!("fs_test_{}", Uuid::new_v4().simple());
        let admin = PgConnectOptions::from_str(&admin_url()).unwrap();
        let mut conn = admin.connect().await.expect("connect to the test PostgreSQL server");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
        let owner = PgPoolOptions::new().max_connections(2).connect_with(admin.database(&name)).await.unwrap();
        foresight_store::MIGRATOR.run(&owner).await.unwrap();
        let (tenant, site, zone, gateway) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let slug = format!("a{}", &Uuid::new_v4().simple().to_string()[..12]);
        sqlx::query("INSERT INTO tenant (tenant_id, slug, name) VALUES ($1, $2, 'outbox crash')")
            .bind(tenant)
            .bind(&slug)
            .execute(&owner)
            .await
            .unwrap();
        sqlx::query("INSERT INTO site (tenant_id, site_id, code, name) VALUES ($1, $2, 'S1', 'Site')")
            .bind(tenant)
            .bind(site)
            .execute(&owner)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO zone (tenant_id, zone_id, site_id, code, name, kind, polygon) VALUES ($1, $2, $3, 'F-300', \
             '灌装线', 'filling_line', '[[0,0],[100,0],[100,100],[0,100]]')",
        )
        .bind(tenant)
        .bind(zone)
        .bind(site)
        .execute(&owner)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO gateway (tenant_id, gateway_id, site_id, code, name, secret_hash) VALUES ($1, $2, $3, 'GW-1', 'gw', '\\x00')",
        )
        .bind(tenant)
        .bind(gateway)
        .bind(site)
        .execute(&owner)
        .await
        .unwrap();
        let detector = insert_device(&owner, tenant, site, zone, gateway, "gas_detector_nh3", "NH3-01").await;
        insert_device(&owner, tenant, site, zone, gateway, "wearable_band", "WB-001").await;
        let rule = json!({"name": "NH3-01 高高报", "name_en": "NH3-01 high-high", "severity": "alarm",
                          "condition": {"kind": "threshold", "property": "nh3", "op": "ge", "value": 25.0}});
        sqlx::query("INSERT INTO alarm_rule (tenant_id, alarm_rule_id, name, device_id, definition) VALUES ($1, $2, $3, $4, $5)")
            .bind(tenant)
            .bind(Uuid::now_v7())
            .bind("NH3-01 高高报")
            .bind(detector)
            .bind(&rule)
            .execute(&owner)
            .await
            .unwrap();
        sqlx::query("INSERT INTO webhook (tenant_id, webhook_id, name, url, secret, min_grade) VALUES ($1, $2, 'EHS', $3, $4, 'yellow')")
            .bind(tenant)
            .bind(Uuid::now_v7())
            .bind(hook_url)
            .bind(SECRET)
            .execute(&owner)
            .await
            .unwrap();
        Plant { name, owner, tenant_id: tenant, slug }
    }

    async fn scalar(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).bind(self.tenant_id).fetch_one(&self.owner).await.unwrap()
    }

    async fn pending(&self) -> i64 {
        self.scalar("SELECT count(*) FROM notification_outbox WHERE tenant_id = $1 AND delivered_at IS NULL").await
    }
}

impl Drop for Plant {
    fn drop(&mut self) {
        let name = self.name.clone();
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

struct Server {
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(database_url: &str, mqtt_url: &str, abort_before_delivery: bool) -> Server {
        let dir = std::env::temp_dir();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_foresight"));
        // Its ./var (the generated JWT secret) goes to the temporary folder, not the source tree.
        cmd.current_dir(&dir)
            .env_remove("APP_DATABASE_URL")
            .env_remove("INGEST_DATABASE_URL")
            .env("DATABASE_URL", database_url)
            .env("MQTT_URL", mqtt_url)
            .env("MQTT_CLIENT_ID", format!("outbox-crash-{}", Uuid::new_v4().simple()))
            .env("RISK_PREDICTOR", "off")
            .env("LOG_FORMAT", "json")
            .env("RUST_LOG", "info,sqlx=warn")
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if abort_before_delivery {
            cmd.env(foresight_alerting::dispatch::FAULT_ENV, "1");
        } else {
            cmd.env_remove(foresight_alerting::dispatch::FAULT_ENV);
        }
        let mut child = cmd.spawn().unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let lines = log.clone();
        let mut file =
            std::fs::File::create(dir.join(format!("outbox-crash-{}.log", Uuid::new_v4().simple()))).unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = writeln!(file, "{line}");
                lines.lock().unwrap().push(line);
            }
        });
        Server { child, log }
    }

    async fn wait_logged(&mut self, text: &str) {
        let give_up = Instant::now() + DEADLINE;
        while !self.log.lock().unwrap().iter().any(|l| l.contains(text)) {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the server exited ({status}) before logging {text:?}");
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

/// The webhook receiver: every delivery id it was sent, with a valid signature.
async fn receiver() -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let store = seen.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let store = store.clone();
            async move {
                let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                let now = chrono::Utc::now().timestamp();
                let signature = header("Foresight-Signature");
                if foresight_delivery::signature::verify(SECRET.as_bytes(), &signature, &body, now, 300).is_err() {
                    return axum::http::StatusCode::UNAUTHORIZED;
                }
                store.lock().unwrap().push(header("Foresight-Delivery"));
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notification_interrupted_by_a_crash_is_delivered_after_the_restart_once() {
    let (host, port, mqtt_url) = broker();
    let (hook_url, hooks) = receiver().await;
    let plant = Plant::create(&hook_url).await;
    let database_url = with_database(&admin_url(), &plant.name);

    // A wearable's view: the gateway's command topic.
    let mut options = MqttOptions::new(format!("band-{}", Uuid::new_v4().simple()), host.clone(), port);
    options.set_clean_session(true);
    let (band, mut band_loop) = AsyncClient::new(options, 100);
    let command_topic = format!("foresight/{}/GW-1/command", plant.slug);
    band.subscribe(&command_topic, QoS::AtLeastOnce).await.unwrap();
    let downlinks = Arc::new(Mutex::new(Vec::<Value>::new()));
    let received = downlinks.clone();
    let (subscribed_tx, mut subscribed) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        while let Ok(event) = band_loop.poll().await {
            match event {
                Event::Incoming(Incoming::SubAck(_)) => {
                    subscribed_tx.send_replace(true);
                }
                Event::Incoming(Incoming::Publish(p)) => {
                    if let Ok(v) = serde_json::from_slice::<Value>(&p.payload) {
                        received.lock().unwrap().push(v);
                    }
                }
                _ => {}
            }
        }
    });
    subscribed.wait_for(|s| *s).await.unwrap();

    let mut server = Server::start(&database_url, &mqtt_url, true);
    server.wait_logged("subscribed to MQTT telemetry").await;
    // The ammonia detector reads 32 ppm (alarm at 25), through the same path a gateway uses.
    let (gateway, mut gateway_loop) =
        AsyncClient::new(MqttOptions::new(format!("gw-{}", Uuid::new_v4().simple()), host.clone(), port), 10);
    tokio::spawn(async move { while gateway_loop.poll().await.is_ok() {} });
    let reading = json!({"seq": 1, "readings": [{"device": "NH3-01", "property": "nh3", "ts": chrono::Utc::now().timestamp_millis(), "value": 32.0}]});
    gateway
        .publish(format!("foresight/{}/GW-1/telemetry", plant.slug), QoS::AtLeastOnce, false, reading.to_string())
        .await
        .unwrap();

    // The alert opens, is screened, and its notifications are queued; the dispatcher claims the first
    // one and the process dies before delivering it.
    let give_up = Instant::now() + DEADLINE;
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < give_up, "the fault hook did not abort the process");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(!status.success(), "the first process must have crashed, not exited: {status}");
    assert_eq!(plant.scalar("SELECT count(*) FROM alert WHERE tenant_id = $1 AND stage = 'engineer_review'").await, 1);
    let queued = plant.scalar("SELECT count(*) FROM notification_outbox WHERE tenant_id = $1").await;
    let queued_hooks =
        plant.scalar("SELECT count(*) FROM notification_outbox WHERE tenant_id = $1 AND channel = 'webhook'").await;
    let queued_downlinks =
        plant.scalar("SELECT count(*) FROM notification_outbox WHERE tenant_id = $1 AND channel = 'downlink'").await;
    assert!(queued_hooks >= 2, "opened and screened: two webhook events, got {queued_hooks}");
    assert_eq!(queued_downlinks, 1, "one band in the zone");
    assert_eq!(plant.pending().await, queued, "nothing was delivered before the crash");
    assert!(hooks.lock().unwrap().is_empty());

    // Restarted: everything queued is delivered.
    let mut server = Server::start(&database_url, &mqtt_url, false);
    server.wait_logged("subscribed to MQTT telemetry").await;
    until("every notification delivered", || async { plant.pending().await == 0 }).await;
    until("the band's message", || async { !downlinks.lock().unwrap().is_empty() }).await;

    let ids: Vec<(Uuid, String)> = sqlx::query_as(
        "SELECT notification_id, channel FROM notification_outbox WHERE tenant_id = $1 ORDER BY created_at",
    )
    .bind(plant.tenant_id)
    .fetch_all(&plant.owner)
    .await
    .unwrap();
    let mut by_hook: HashMap<String, usize> = HashMap::new();
    for id in hooks.lock().unwrap().iter() {
        *by_hook.entry(id.clone()).or_default() += 1;
    }
    let mut by_band: HashMap<String, usize> = HashMap::new();
    for message in downlinks.lock().unwrap().iter() {
        *by_band.entry(message["id"].as_str().unwrap_or_default().to_string()).or_default() += 1;
        assert_eq!(message["command"], "notify");
        assert_eq!(message["device"], "WB-001");
        assert!(message["input"]["message"].as_str().unwrap().contains("F-300"), "{message}");
    }
    for (id, channel) in &ids {
        let seen = if channel == "webhook" { &by_hook } else { &by_band };
        assert_eq!(seen.get(&id.to_string()), Some(&1), "{channel} notification {id} delivered exactly once");
    }
    assert_eq!(by_hook.len() + by_band.len(), ids.len(), "nothing delivered that was not queued");

    let status = Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    assert!(server.child.wait().unwrap().success());
}

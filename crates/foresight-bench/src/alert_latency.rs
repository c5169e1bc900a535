//! `alert-latency`: how long a dangerous reading takes to reach the people it concerns. A gateway
//! publishes one ammonia reading over the alarm threshold; the time is taken until (a) the alert's
//! `opened` event arrives on an authenticated SSE stream (`GET /api/v1/alerts/stream`) and (b) the
//! zone's wearable band receives the `notify` downlink on its gateway's command topic. Everything
//! runs in this process as `foresight serve` wires it: the MQTT subscriber and ingest writer, the
//! alert worker, the outbox dispatcher with its MQTT downlink, and the HTTP router. Other gateways
//! meanwhile publish background batches at half the ingest rate measured first. The baseline, in the
//! same run and under the same load, is a bare MQTT round trip through the same broker.

use crate::database::BenchDatabase;
use crate::ingest::{gas_detectors, thousands};
use crate::interference::CpuSnapshot;
use anyhow::Context;
use foresight_ingest::mqtt::{self, BrokerAddress, MqttConfig, Subscriber};
use foresight_ingest::service::IngestService;
use foresight_server::provision::{create_tenant, NewTenant};
use foresight_server::{AppState, ServerConfig};
use foresight_store::audit::Actor;
use foresight_store::sites::{self, NewSite};
use foresight_store::zones::{self, NewZone};
use rumqttc::{AsyncClient, Event, Incoming, MqttOptions, QoS};
use serde_json::{json, Value};
use sqlx::PgPool;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use uuid::Uuid;

const TENANT: &str = "bench";
const ADMIN: &str = "admin";
const PASSWORD: &str = "bench-password-not-secret";
const JWT_SECRET: &[u8] = b"foresight-bench-secret-of-at-least-32-bytes";
/// The gateway of the probe detectors and the band (in the zone); the background uses `GW-1`.
const PROBE_GATEWAY: &str = "GW-P";
/// No wait may take longer than this: a stuck pipeline fails the run instead of hanging it.
const DEADLINE: Duration = Duration::from_secs(120);
/// Background batches published but not yet acknowledged by Foresight's subscriber, at most: keeps
/// Mosquitto's per-session queue (1,000 messages by default) from dropping messages.
const WINDOW: u64 = 40;
/// The reading the probes send (the rule alarms at 25 ppm).
const PROBE_PPM: f64 = 32.0;

#[derive(Debug, clap::Args)]
pub struct AlertLatencyArgs {
    /// PostgreSQL server (and a user allowed to create databases) for the throwaway database.
    #[arg(long, env = "TEST_DATABASE_URL", default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    database_url: String,
    /// MQTT broker the gateways publish to, Foresight subscribes to and the band listens on.
    #[arg(long, env = "TEST_MQTT_URL", default_value = "mqtt://127.0.0.1:1883")]
    mqtt_url: String,
    /// Measured probes: each is a new ammonia detector's first reading over its alarm threshold.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..=9_000))]
    probes: u64,
    /// Probes sent first and not counted (connections, caches, the SSE feed's LISTEN).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(0..=999))]
    warmup: u64,
    /// Milliseconds between probes.
    #[arg(long, default_value_t = 250, value_parser = clap::value_parser!(u64).range(10..))]
    interval_ms: u64,
    /// Background readings per second during the probes; default: half the rate measured first.
    #[arg(long)]
    background_rate: Option<u64>,
    /// Seconds of publishing at full speed to measure the ingest rate (when --background-rate is not given).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    measure_seconds: u64,
    /// Readings per background batch (one MQTT message).
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..=20_000))]
    batch: u64,
    /// Background gas detectors (on their own gateway, in no zone).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..))]
    background_devices: u64,
}

/// Creates the database, benchmarks, and drops the database whatever happened (Ctrl-C included).
pub async fn run(args: AlertLatencyArgs) -> anyhow::Result<()> {
    let broker = BrokerAddress::parse(&args.mqtt_url).map_err(|e| anyhow::anyhow!("--mqtt-url: {e}"))?;
    std::net::TcpStream::connect((broker.host.as_str(), broker.port))
        .with_context(|| format!("no MQTT broker at {broker}: start Mosquitto (`mosquitto -d`)"))?;
    let db = BenchDatabase::create(&args.database_url).await?;
    eprintln!("benchmark database: {}", db.name);
    let client_id = format!("fs-bench-alerts-{}", Uuid::new_v4().simple());
    let outcome = tokio::select! {
        outcome = bench(&args, &db, &broker, &client_id) => outcome,
        _ = tokio::signal::ctrl_c() => Err(anyhow::anyhow!("interrupted")),
    };
    forget_session(&broker, &client_id).await;
    // After a failure the worker, dispatcher and SSE feed may still hold connections; FORCE ends them.
    let dropped = db.drop().await.context("drop the benchmark database");
    outcome.and(dropped)
}

/// The tenant (with its administrator, who holds `alert:read`), one site and zone, the background
/// detectors on `GW-1`, and on `GW-P` in the zone: `count` ammonia detectors `P-0001`.. each with its
/// own alarm rule (so each probe opens a new alert) and one wearable band.
struct Plant {
    tenant_id: Uuid,
    probe_topic: String,
    command_topic: String,
    background_topic: String,
    background_devices: Vec<String>,
}

async fn plant(app: &PgPool, owner: &PgPool, probes: u64, background: u64) -> anyhow::Result<Plant> {
    let mut tx = app.begin().await?;
    let new = NewTenant {
        slug: TENANT.into(),
        name: "Alert latency benchmark".into(),
        locale: "zh-CN".into(),
        admin_username: ADMIN.into(),
        admin_display_name: "Benchmark administrator".into(),
        admin_password: PASSWORD.into(),
    };
    let (tenant, _admin) = create_tenant(&mut tx, &new, &Actor::system("bench"), None).await?;
    let tenant_id = tenant.tenant_id;
    let site_new =
        NewSite { code: "S1".into(), name: "Site".into(), address: String::new(), timezone: "Asia/Shanghai".into() };
    let site = sites::create(&mut tx, tenant_id, &site_new).await?;
    let zone_new = NewZone {
        site_id: site.site_id,
        code: "F-300".into(),
        name: "灌装线".into(),
        kind: "filling_line".into(),
        description: String::new(),
        polygon: vec![[0.0, 0.0], [100.0, 0.0], [100.0, 100.0], [0.0, 100.0]],
    };
    let zone_id = zones::create(&mut tx, tenant_id, &zone_new).await?.zone_id;
    tx.commit().await?;

    let background_devices =
        gas_detectors(owner, tenant_id, site.site_id, background).await?.into_iter().map(|(_, code)| code).collect();
    let gateway_id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO gateway (tenant_id, gateway_id, site_id, code, name, secret_hash) VALUES ($1, $2, $3, $4, 'probes', '\\x00')",
    )
    .bind(tenant_id)
    .bind(gateway_id)
    .bind(site.site_id)
    .bind(PROBE_GATEWAY)
    .execute(owner)
    .await?;
    let nh3 = thing_model(owner, tenant_id, "gas_detector_nh3").await?;
    let band = thing_model(owner, tenant_id, "wearable_band").await?;
    let insert_device =
        "INSERT INTO device (tenant_id, device_id, site_id, zone_id, gateway_id, thing_model_id, code, name) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)";
    sqlx::query(insert_device)
        .bind(tenant_id)
        .bind(Uuid::now_v7())
        .bind(site.site_id)
        .bind(zone_id)
        .bind(gateway_id)
        .bind(band)
        .bind("WB-001")
        .execute(owner)
        .await?;
    let rule = json!({"name": "NH3 高高报", "name_en": "NH3 high-high", "severity": "alarm",
                      "condition": {"kind": "threshold", "property": "nh3", "op": "ge", "value": 25.0}});
    for i in 1..=probes {
        let device_id = Uuid::now_v7();
        sqlx::query(insert_device)
            .bind(tenant_id)
            .bind(device_id)
            .bind(site.site_id)
            .bind(zone_id)
            .bind(gateway_id)
            .bind(nh3)
            .bind(probe_code(i))
            .execute(owner)
            .await?;
        sqlx::query("INSERT INTO alarm_rule (tenant_id, alarm_rule_id, name, device_id, definition) VALUES ($1, $2, $3, $4, $5)")
            .bind(tenant_id)
            .bind(Uuid::now_v7())
            .bind("NH3 高高报")
            .bind(device_id)
            .bind(&rule)
            .execute(owner)
            .await?;
    }
    Ok(Plant {
        tenant_id,
        probe_topic: mqtt::telemetry_topic(TENANT, PROBE_GATEWAY),
        command_topic: format!("foresight/{TENANT}/{PROBE_GATEWAY}/command"),
        background_topic: mqtt::telemetry_topic(TENANT, "GW-1"),
        background_devices,
    })
}

async fn thing_model(owner: &PgPool, tenant_id: Uuid, preset: &str) -> anyhow::Result<Uuid> {
    let model = foresight_telemetry::presets::preset(preset).with_context(|| format!("preset {preset}"))?;
    let model_id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO thing_model (tenant_id, thing_model_id, identifier, revision, name, definition, source) \
         VALUES ($1, $2, $3, 1, $4, $5, 'preset')",
    )
    .bind(tenant_id)
    .bind(model_id)
    .bind(&model.identifier)
    .bind(&model.name)
    .bind(serde_json::to_value(&model)?)
    .execute(owner)
    .await?;
    Ok(model_id)
}

/// Fixed width, so no code is part of another and an alert's title names exactly one probe.
fn probe_code(i: u64) -> String {
    format!("P-{i:04}")
}

/// An MQTT client that publishes at QoS 1 (a gateway, or the baseline's sender).
async fn publisher(broker: &BrokerAddress, name: &str) -> anyhow::Result<AsyncClient> {
    let mut options =
        MqttOptions::new(format!("fs-bench-{name}-{}", Uuid::new_v4().simple()), &broker.host, broker.port);
    options.set_max_packet_size(mqtt::MAX_PACKET_BYTES, mqtt::MAX_PACKET_BYTES).set_inflight(100);
    let (client, mut eventloop) = AsyncClient::new(options, 100);
    let (connected_tx, connected) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let mut connected_tx = Some(connected_tx);
        loop {
            match eventloop.poll().await {
                Ok(Event::Incoming(Incoming::ConnAck(_))) => {
                    if let Some(tx) = connected_tx.take() {
                        let _ = tx.send(());
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    eprintln!("benchmark MQTT publisher lost its broker: {e}");
                    return;
                }
            }
        }
    });
    tokio::time::timeout(Duration::from_secs(30), connected).await.context("publisher connects")??;
    Ok(client)
}

/// Messages received on one topic, each with the instant it arrived.
type Arrivals = Arc<Mutex<Vec<(Instant, Vec<u8>)>>>;

/// A plain subscriber (the band on the command topic; the baseline's receiver).
async fn listen(broker: &BrokerAddress, name: &str, topic: &str) -> anyhow::Result<Arrivals> {
    let mut options =
        MqttOptions::new(format!("fs-bench-{name}-{}", Uuid::new_v4().simple()), &broker.host, broker.port);
    options.set_clean_session(true);
    let (client, mut eventloop) = AsyncClient::new(options, 100);
    client.subscribe(topic, QoS::AtLeastOnce).await?;
    let arrivals: Arrivals = Arc::default();
    let store = arrivals.clone();
    let (subscribed_tx, subscribed) = tokio::sync::oneshot::channel();
    let topic = topic.to_string();
    tokio::spawn(async move {
        let _client = client;
        let mut subscribed_tx = Some(subscribed_tx);
        loop {
            match eventloop.poll().await {
                Ok(Event::Incoming(Incoming::Publish(p))) => {
                    store.lock().unwrap().push((Instant::now(), p.payload.to_vec()));
                }
                Ok(Event::Incoming(Incoming::SubAck(_))) => {
                    if let Some(tx) = subscribed_tx.take() {
                        let _ = tx.send(());
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    eprintln!("benchmark MQTT subscriber {topic} lost its broker: {e}");
                    return;
                }
            }
        }
    });
    tokio::time::timeout(Duration::from_secs(30), subscribed).await.context("subscriber subscribes")??;
    Ok(arrivals)
}

/// One `event: alert` of the SSE stream: when it arrived, its kind and alert.
#[derive(Debug, Clone)]
struct SseAlert {
    at: Instant,
    kind: String,
    alert_id: String,
    title: String,
}

/// Signs in as the tenant's administrator and opens the alert stream; returns once the server
/// answered (its handler subscribes to the node's alert feed before answering).
async fn open_stream(addr: SocketAddr) -> anyhow::Result<(Arc<Mutex<Vec<SseAlert>>>, tokio::task::JoinHandle<()>)> {
    let http = reqwest::Client::new();
    let reply = http
        .post(format!("http://{addr}/api/v1/auth/login"))
        .json(&json!({"tenant": TENANT, "username": ADMIN, "password": PASSWORD}))
        .send()
        .await?;
    anyhow::ensure!(reply.status().is_success(), "sign-in answered {}", reply.status());
    let reply: Value = reply.json().await?;
    let token = reply["access_token"].as_str().context("sign-in reply without access_token")?.to_string();
    let mut response = http
        .get(format!("http://{addr}/api/v1/alerts/stream"))
        .bearer_auth(&token)
        .header("accept", "text/event-stream")
        .send()
        .await?;
    anyhow::ensure!(response.status().is_success(), "the alert stream answered {}", response.status());
    let events: Arc<Mutex<Vec<SseAlert>>> = Arc::default();
    let store = events.clone();
    let task = tokio::spawn(async move {
        let mut buffer = String::new();
        let mut event = String::new();
        loop {
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => {
                    eprintln!("the alert stream ended");
                    return;
                }
                Err(e) => {
                    eprintln!("the alert stream failed: {e}");
                    return;
                }
            };
            let at = Instant::now();
            buffer.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = buffer.find('\n') {
                let line: String = buffer.drain(..=end).collect();
                let line = line.trim_end_matches(['\n', '\r']);
                if line.is_empty() {
                    event.clear();
                } else if let Some(name) = line.strip_prefix("event:") {
                    event = name.trim().to_string();
                } else if let Some(data) = line.strip_prefix("data:") {
                    if event != "alert" {
                        continue;
                    }
                    if let Ok(v) = serde_json::from_str::<Value>(data.trim()) {
                        let text = |p: &str| v.pointer(p).and_then(Value::as_str).unwrap_or_default().to_string();
                        store.lock().unwrap().push(SseAlert {
                            at,
                            kind: text("/kind"),
                            alert_id: text("/alert/alert_id"),
                            title: text("/alert/title"),
                        });
                    }
                }
            }
        }
    });
    Ok((events, task))
}

/// The background gateway: batches of `batch` readings in rotation over its devices, each reading at
/// a distinct (device, time) within the last hours.
struct Background {
    client: AsyncClient,
    topic: String,
    devices: Vec<String>,
    batch: u64,
    base_ms: i64,
    seq: u64,
}

impl Background {
    async fn publish_next(&mut self) -> anyhow::Result<()> {
        self.seq += 1;
        let readings: Vec<Value> = (0..self.batch)
            .map(|i| {
                json!({
                    "device": self.devices[(i as usize) % self.devices.len()],
                    "property": "lel",
                    "ts": self.base_ms + (self.seq * self.batch + i) as i64,
                    "value": (i % 200) as f64 / 10.0,
                })
            })
            .collect();
        let payload = json!({"seq": self.seq, "sent_at": chrono::Utc::now().timestamp_millis(), "readings": readings});
        self.client.publish(&self.topic, QoS::AtLeastOnce, false, payload.to_string().into_bytes()).await?;
        Ok(())
    }

    fn readings(&self) -> u64 {
        self.seq * self.batch
    }
}

/// Waits until `counter` reaches `target`, polling; fails at the deadline.
async fn wait_for(what: &str, target: u64, counter: impl Fn() -> u64) -> anyhow::Result<()> {
    let give_up = Instant::now() + DEADLINE;
    while counter() < target {
        anyhow::ensure!(Instant::now() < give_up, "timed out waiting for {what} ({} of {target})", counter());
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    Ok(())
}

/// Waits until Foresight's subscriber is at most `WINDOW` background messages behind.
async fn paced(sent: u64, acked: impl Fn() -> u64) -> anyhow::Result<()> {
    let give_up = Instant::now() + DEADLINE;
    while sent >= acked() + WINDOW {
        anyhow::ensure!(Instant::now() < give_up, "the subscriber stopped consuming");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    Ok(())
}

async fn count_readings(owner: &PgPool, tenant_id: Uuid) -> anyhow::Result<u64> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM reading WHERE tenant_id = $1")
        .bind(tenant_id)
        .fetch_one(owner)
        .await?;
    Ok(n as u64)
}

async fn bench(
    args: &AlertLatencyArgs,
    db: &BenchDatabase,
    broker: &BrokerAddress,
    client_id: &str,
) -> anyhow::Result<()> {
    let (stop_tx, stop) = watch::channel(false);
    let owner = db.owner_pool(4).await?;
    // As `foresight serve`: one application pool (DATABASE_MAX_CONNECTIONS, default 32) for the HTTP
    // server, the alert worker and the dispatcher; the ingest writer connects as its own role.
    let app = db.app_pool(32).await?;
    let ingest = db.ingest_pool(4).await?;
    let total_probes = args.warmup + args.probes;
    let plant = plant(&app, &owner, total_probes, args.background_devices).await?;
    sqlx::query("SELECT ensure_reading_partitions((now() - interval '2 days')::date, 4)").execute(&owner).await?;

    // Foresight, wired as crates/foresight/src/serve.rs wires it (without the risk engine and alarm clock,
    // which these alerts do not need).
    let subscriber =
        Subscriber::start(Arc::new(IngestService::new(ingest.clone())), MqttConfig::new(broker.clone(), client_id));
    tokio::time::timeout(Duration::from_secs(30), subscriber.subscribed()).await.context("subscriber subscribes")?;
    let metrics = subscriber.metrics();
    // Nobody sends risk cycles here: the worker only hears of alarms.
    let (_cycles_tx, cycles_rx) = tokio::sync::mpsc::channel(256);
    let worker = tokio::spawn(foresight_alerting::worker::run(app.clone(), cycles_rx, stop.clone()));
    let downlink = foresight_delivery::downlink::Downlink::start(foresight_delivery::downlink::DownlinkConfig::new(
        broker.host.clone(),
        broker.port,
        format!("fs-bench-downlink-{}", Uuid::new_v4().simple()),
    ));
    let give_up = Instant::now() + Duration::from_secs(30);
    while !downlink.is_connected() {
        anyhow::ensure!(Instant::now() < give_up, "the downlink did not connect to {broker}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let webhooks =
        foresight_delivery::webhook::WebhookClient::new().map_err(|e| anyhow::anyhow!("webhook client: {e}"))?;
    let dispatcher = foresight_alerting::dispatch::Dispatcher { db: app.clone(), webhooks, downlink: Some(downlink) };
    let dispatch = tokio::spawn(dispatcher.run(stop.clone()));
    let router = foresight_server::router(AppState::new(app.clone(), ServerConfig::default(), JWT_SECRET));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.context("bind a local port")?;
    let addr = listener.local_addr()?;
    let mut http_stop = stop.clone();
    let server = tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async move {
                let _ = http_stop.wait_for(|s| *s).await;
            })
            .await
    });

    // The observers: the band, the SSE client, the baseline's receiver.
    let band = listen(broker, "band", &plant.command_topic).await?;
    let ping_topic = format!("fs-bench/ping/{}", Uuid::new_v4().simple());
    let pings = listen(broker, "ping", &ping_topic).await?;
    let (sse, sse_task) = open_stream(addr).await?;
    let probe_gateway = publisher(broker, "probe-gateway").await?;
    let mut background = Background {
        client: publisher(broker, "background-gateway").await?,
        topic: plant.background_topic.clone(),
        devices: plant.background_devices.clone(),
        batch: args.batch,
        base_ms: chrono::Utc::now().timestamp_millis() - 6 * 3_600_000,
        seq: 0,
    };

    // 1. The ingest rate at full speed (batches of `batch`), unless given.
    let acked = || metrics.snapshot().messages_acked;
    let stored = || metrics.snapshot().readings_stored;
    let (measured_rate, background_rate) = match args.background_rate {
        Some(rate) => (None, rate),
        None => {
            let (acked0, stored0) = (acked(), stored());
            let start = Instant::now();
            let mut sent = 0;
            while start.elapsed() < Duration::from_secs(args.measure_seconds) {
                paced(sent, || acked() - acked0).await?;
                background.publish_next().await?;
                sent += 1;
            }
            wait_for("the rate measurement's readings", stored0 + sent * args.batch, stored).await?;
            let elapsed = start.elapsed().as_secs_f64();
            let rows = count_readings(&owner, plant.tenant_id).await?;
            anyhow::ensure!(rows == sent * args.batch, "{rows} rows committed of {} published", sent * args.batch);
            let rate = (sent * args.batch) as f64 / elapsed;
            eprintln!(
                "ingest at full speed: {} readings in {elapsed:.1} s = {} readings/s",
                thousands(rows),
                thousands(rate as u64)
            );
            (Some(rate), (rate / 2.0) as u64)
        }
    };

    // 2. The background at `background_rate`, in batches at even intervals (catching up after a slow one).
    let (bg_stop_tx, mut bg_stop) = watch::channel(false);
    let bg_metrics = metrics.clone();
    let bg_readings0 = background.readings();
    let bg_acked0 = bg_metrics.snapshot().messages_acked;
    let background_task = tokio::spawn(async move {
        let period = Duration::from_secs_f64(background.batch as f64 / background_rate.max(1) as f64);
        let start = tokio::time::Instant::now();
        let mut sent: u64 = 0;
        while !*bg_stop.borrow() {
            let next = start + period.mul_f64(sent as f64);
            tokio::select! {
                _ = tokio::time::sleep_until(next) => {}
                _ = bg_stop.changed() => break,
            }
            // The probes' few messages count in `messages_acked` too: a window a few messages wider.
            paced(sent, || bg_metrics.snapshot().messages_acked - bg_acked0).await?;
            background.publish_next().await?;
            sent += 1;
        }
        anyhow::Ok((background.readings() - bg_readings0, start.elapsed()))
    });
    tokio::time::sleep(Duration::from_secs(2)).await;

    // 3. Probes, and half an interval after each, a baseline ping.
    let stored_before = stored();
    let cpu_before = CpuSnapshot::take(&db.name);
    let phase_start = Instant::now();
    let interval = Duration::from_millis(args.interval_ms);
    let mut sent_at: Vec<Instant> = Vec::with_capacity(total_probes as usize);
    let mut ping_at: Vec<Instant> = Vec::with_capacity(total_probes as usize);
    let tick = tokio::time::Instant::now();
    for k in 0..total_probes {
        tokio::time::sleep_until(tick + interval.mul_f64(k as f64)).await;
        let reading = json!({"seq": k + 1, "readings": [{"device": probe_code(k + 1), "property": "nh3",
                              "ts": chrono::Utc::now().timestamp_millis(), "value": PROBE_PPM}]});
        sent_at.push(Instant::now());
        probe_gateway.publish(&plant.probe_topic, QoS::AtLeastOnce, false, reading.to_string().into_bytes()).await?;
        tokio::time::sleep_until(tick + interval.mul_f64(k as f64 + 0.5)).await;
        ping_at.push(Instant::now());
        probe_gateway.publish(&ping_topic, QoS::AtLeastOnce, false, (k + 1).to_string().into_bytes()).await?;
        if (k + 1) % 50 == 0 {
            eprintln!("probes sent: {} of {total_probes}", k + 1);
        }
    }
    // Everything arrives, or the deadline passes (then what is missing is reported).
    let give_up = Instant::now() + Duration::from_secs(30);
    loop {
        let opened = sse.lock().unwrap().iter().filter(|e| e.kind == "opened").count() as u64;
        let downlinks = band.lock().unwrap().len() as u64;
        let pinged = pings.lock().unwrap().len() as u64;
        if (opened >= total_probes && downlinks >= total_probes && pinged >= total_probes) || Instant::now() > give_up {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let phase = phase_start.elapsed();
    let cpu_after = CpuSnapshot::take(&db.name);
    let phase_stored = stored() - stored_before;
    bg_stop_tx.send_replace(true);
    let (bg_published, bg_elapsed) = background_task.await??;

    // Matching: the first `opened` event whose title names the probe; downlinks by alert id (or the
    // message, which carries the title).
    let sse_events = sse.lock().unwrap().clone();
    let mut first_opened: HashMap<u64, &SseAlert> = HashMap::new();
    let mut probe_of_alert: HashMap<String, u64> = HashMap::new();
    for e in &sse_events {
        if let Some(k) = (1..=total_probes).find(|&k| e.title.contains(&probe_code(k))) {
            probe_of_alert.insert(e.alert_id.clone(), k);
            if e.kind == "opened" {
                first_opened.entry(k).or_insert(e);
            }
        }
    }
    let mut first_downlink: HashMap<u64, Instant> = HashMap::new();
    for (at, payload) in band.lock().unwrap().iter() {
        let Ok(v) = serde_json::from_slice::<Value>(payload) else { continue };
        anyhow::ensure!(v["command"] == "notify", "unexpected downlink {v}");
        let by_id = v["alert_id"].as_str().and_then(|id| probe_of_alert.get(id).copied());
        let message = v.pointer("/input/message").and_then(Value::as_str).unwrap_or_default();
        let by_text = || (1..=total_probes).find(|&k| message.contains(&probe_code(k)));
        if let Some(k) = by_id.or_else(by_text) {
            first_downlink.entry(k).or_insert(*at);
        }
    }
    let mut ping_arrival: HashMap<u64, Instant> = HashMap::new();
    for (at, payload) in pings.lock().unwrap().iter() {
        if let Ok(k) = String::from_utf8_lossy(payload).parse::<u64>() {
            ping_arrival.entry(k).or_insert(*at);
        }
    }
    let measured = (args.warmup + 1)..=total_probes;
    let latencies = |arrival: &dyn Fn(u64) -> Option<Instant>, sent: &[Instant]| -> Vec<Duration> {
        measured
            .clone()
            .filter_map(|k| arrival(k).map(|at| at.saturating_duration_since(sent[(k - 1) as usize])))
            .collect()
    };
    let sse_lat = latencies(&|k| first_opened.get(&k).map(|e| e.at), &sent_at);
    let downlink_lat = latencies(&|k| first_downlink.get(&k).copied(), &sent_at);
    let ping_lat = latencies(&|k| ping_arrival.get(&k).copied(), &ping_at);
    let opened_alerts: i64 =
        sqlx::query_scalar("SELECT count(*) FROM alert WHERE tenant_id = $1 AND source = 'device_alarm'")
            .bind(plant.tenant_id)
            .fetch_one(&owner)
            .await?;

    if opened_alerts < total_probes as i64 {
        // Where the chain stopped, for the error below.
        let alarms: i64 = sqlx::query_scalar("SELECT count(*) FROM alarm WHERE tenant_id = $1")
            .bind(plant.tenant_id)
            .fetch_one(&owner)
            .await?;
        let probe_rows: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM reading r JOIN series s ON s.tenant_id = r.tenant_id AND s.series_id = r.series_id \
             JOIN device d ON d.tenant_id = s.tenant_id AND d.device_id = s.device_id WHERE r.tenant_id = $1 AND d.code LIKE 'P-%'",
        )
        .bind(plant.tenant_id)
        .fetch_one(&owner)
        .await?;
        eprintln!("probe readings stored: {probe_rows}; alarms raised: {alarms}; subscriber: {:?}", metrics.snapshot());
    }
    sse_task.abort();
    stop_tx.send_replace(true);
    subscriber.shutdown().await;
    for task in [worker, dispatch] {
        let _ = tokio::time::timeout(Duration::from_secs(10), task).await;
    }
    let _ = tokio::time::timeout(Duration::from_secs(10), server).await;

    let n = args.probes as usize;
    let baseline = Summary::of(ping_lat);
    let others = match (cpu_before, cpu_after) {
        (Some(b), Some(a)) => format!("{:.0} %", a.others_since(&b) * 100.0),
        _ => "n/a".into(),
    };
    let achieved = (phase_stored.saturating_sub(total_probes)) as f64 / phase.as_secs_f64();
    println!(
        "| path ({} probes, one every {} ms) | received | p50 | p99 | max | p99 / baseline p99 |",
        args.probes, args.interval_ms
    );
    println!("|---|--:|--:|--:|--:|--:|");
    for (name, summary) in [
        ("reading → SSE `opened` event (`/api/v1/alerts/stream`)", Summary::of(sse_lat)),
        ("reading → `notify` downlink on the band's command topic", Summary::of(downlink_lat)),
    ] {
        println!(
            "| {name} | {} of {n} | {} | {} | {} | {} |",
            summary.count,
            ms(summary.p50),
            ms(summary.p99),
            ms(summary.max),
            match (summary.p99, baseline.p99) {
                (Some(a), Some(b)) if !b.is_zero() => format!("{:.0}", a.as_secs_f64() / b.as_secs_f64()),
                _ => "n/a".into(),
            }
        );
        if let Some(p99) = summary.p99 {
            eprintln!("{name}: p99 {} the goal of 1 s", if p99 < Duration::from_secs(1) { "meets" } else { "MISSES" });
        }
    }
    println!(
        "| baseline: MQTT publish → plain subscriber, same broker | {} of {n} | {} | {} | {} | 1 |",
        baseline.count,
        ms(baseline.p50),
        ms(baseline.p99),
        ms(baseline.max)
    );
    println!();
    match measured_rate {
        Some(rate) => println!(
            "Background: target {} readings/s (half of {} readings/s measured at full speed, batches of {}); \
             achieved {} readings/s stored ({} published in {:.1} s). Others' CPU during the probes: {others}. \
             Alerts opened: {opened_alerts}.",
            thousands(background_rate),
            thousands(rate as u64),
            args.batch,
            thousands(achieved as u64),
            thousands(bg_published),
            bg_elapsed.as_secs_f64()
        ),
        None => println!(
            "Background: target {} readings/s (--background-rate, batches of {}); achieved {} readings/s stored \
             ({} published in {:.1} s). Others' CPU during the probes: {others}. Alerts opened: {opened_alerts}.",
            thousands(background_rate),
            args.batch,
            thousands(achieved as u64),
            thousands(bg_published),
            bg_elapsed.as_secs_f64()
        ),
    }
    anyhow::ensure!(
        first_opened.len() as u64 >= total_probes && first_downlink.len() as u64 >= total_probes,
        "not every probe arrived: {} SSE events and {} downlinks of {total_probes} probes (warm-up included)",
        first_opened.len(),
        first_downlink.len()
    );
    ingest.close().await;
    app.close().await;
    owner.close().await;
    Ok(())
}

/// p50, p99 and max (nearest rank) of a column of latencies.
struct Summary {
    count: usize,
    p50: Option<Duration>,
    p99: Option<Duration>,
    max: Option<Duration>,
}

impl Summary {
    fn of(mut samples: Vec<Duration>) -> Summary {
        samples.sort();
        let rank = |q: f64| {
            let i = ((q * samples.len() as f64).ceil() as usize).clamp(1, samples.len().max(1)) - 1;
            samples.get(i).copied()
        };
        Summary { count: samples.len(), p50: rank(0.50), p99: rank(0.99), max: samples.last().copied() }
    }
}

fn ms(d: Option<Duration>) -> String {
    d.map_or("n/a".into(), |d| format!("{:.1} ms", d.as_secs_f64() * 1000.0))
}

/// Ends the persistent session Foresight's subscriber leaves in the broker.
async fn forget_session(broker: &BrokerAddress, client_id: &str) {
    let mut options = MqttOptions::new(client_id, &broker.host, broker.port);
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

#[cfg(test)]
mod tests {
    use super::{probe_code, Summary};
    use std::time::Duration;

    #[test]
    fn percentiles_are_nearest_rank() {
        let s = Summary::of((1..=200).map(Duration::from_millis).collect());
        assert_eq!(s.count, 200);
        assert_eq!(s.p50, Some(Duration::from_millis(100)));
        assert_eq!(s.p99, Some(Duration::from_millis(198)));
        assert_eq!(s.max, Some(Duration::from_millis(200)));
        let empty = Summary::of(Vec::new());
        assert_eq!((empty.count, empty.p99), (0, None));
    }

    #[test]
    fn no_probe_code_contains_another() {
        assert!(!probe_code(10).contains(&probe_code(1)));
        assert!(!probe_code(100).contains(&probe_code(10)));
    }
}

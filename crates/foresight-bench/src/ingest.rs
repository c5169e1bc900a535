//! `ingest`: the MQTT write path end to end (gateway batches published at QoS 1 through Mosquitto,
//! stored by the real [`Subscriber`]) beside raw binary COPY of the same rows into the same table by
//! a bare client; and messages of one reading each beside a subscriber that only counts and acks.
//! Both pairs run in the same run, in alternating turns over slices of the same work.

use crate::database::BenchDatabase;
use crate::gateway::Gateway;
use crate::interference::CpuSnapshot;
use anyhow::Context;
use bytes::BytesMut;
use foresight_ingest::copy::{self, ReadingRow, READING_COLUMNS};
use foresight_ingest::mqtt::{self, BrokerAddress, MqttConfig, Subscriber};
use foresight_ingest::service::IngestService;
use rumqttc::{AsyncClient, Event, Incoming, MqttOptions, QoS};
use serde_json::json;
use sqlx::PgPool;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// No turn may take longer than this: a stuck pipeline fails the run instead of hanging it.
const TURN_DEADLINE: Duration = Duration::from_secs(600);

/// Messages of one reading the publisher may be ahead of the subscriber it feeds.
const WINDOW: u64 = 5_000;

#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// PostgreSQL server (and a user allowed to create databases) for the throwaway database.
    #[arg(long, env = "TEST_DATABASE_URL", default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    database_url: String,
    /// MQTT broker the gateway publishes to and the subscribers read from.
    #[arg(long, env = "TEST_MQTT_URL", default_value = "mqtt://127.0.0.1:1883")]
    mqtt_url: String,
    /// Readings measured for each column of the batch row (MQTT, and raw COPY).
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..))]
    readings: u64,
    /// Readings per gateway batch (one MQTT message).
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..=20_000))]
    batch: u64,
    /// Rows per COPY statement (and transaction) of the raw baseline. 25,000 is the most the MQTT
    /// writer puts in one transaction by default (50 messages of 500).
    #[arg(long, default_value_t = 25_000, value_parser = clap::value_parser!(u64).range(1..))]
    copy_rows: u64,
    /// Messages of one reading each measured for each column of the message row; 0 (the default)
    /// skips that row, whose Foresight turn can still stall (see BENCHMARKS.md).
    #[arg(long, default_value_t = 0)]
    messages: u64,
    /// Turns each column's work is split into; the columns alternate turn by turn.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    turns: u64,
    /// Devices of the gateway; a batch's readings go to them in rotation.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..))]
    devices: u64,
}

/// Creates the database, benchmarks, and drops the database whatever happened (Ctrl-C included).
pub async fn run(args: IngestArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.readings.is_multiple_of(args.turns * args.batch),
        "--readings must be a multiple of --turns × --batch"
    );
    anyhow::ensure!(args.messages.is_multiple_of(args.turns), "--messages must be a multiple of --turns");
    let broker = BrokerAddress::parse(&args.mqtt_url).map_err(|e| anyhow::anyhow!("--mqtt-url: {e}"))?;
    std::net::TcpStream::connect((broker.host.as_str(), broker.port))
        .with_context(|| format!("no MQTT broker at {broker}: start Mosquitto (`mosquitto -d`)"))?;
    let db = BenchDatabase::create(&args.database_url).await?;
    eprintln!("benchmark database: {}", db.name);
    let client_id = format!("fs-bench-ingest-{}", Uuid::new_v4().simple());
    let outcome = tokio::select! {
        outcome = bench(&args, &db, &broker, &client_id) => outcome,
        _ = tokio::signal::ctrl_c() => Err(anyhow::anyhow!("interrupted")),
    };
    forget_session(&broker, &client_id).await;
    let dropped = db.drop().await.context("drop the benchmark database");
    outcome.and(dropped)
}

/// The tenant, its gateway and devices, as the ingest tests create them.
struct Plant {
    tenant_id: Uuid,
    topic: String,
    devices: Vec<String>,
}

async fn plant(owner: &PgPool, devices: u64) -> anyhow::Result<Plant> {
    let tenant_id = Uuid::now_v7();
    let slug = format!("bench{}", &Uuid::new_v4().simple().to_string()[..8]);
    sqlx::query("INSERT INTO tenant (tenant_id, slug, name) VALUES ($1, $2, 'Ingest benchmark')")
        .bind(tenant_id)
        .bind(&slug)
        .execute(owner)
        .await?;
    let site_id = Uuid::now_v7();
    sqlx::query("INSERT INTO site (tenant_id, site_id, code, name) VALUES ($1, $2, 'S1', 'Site')")
        .bind(tenant_id)
        .bind(site_id)
        .execute(owner)
        .await?;
    let codes = gas_detectors(owner, tenant_id, site_id, devices).await?.into_iter().map(|(_, code)| code).collect();
    Ok(Plant { tenant_id, topic: mqtt::telemetry_topic(&slug, "GW-1"), devices: codes })
}

/// The `gas_detector_combustible` model, gateway `GW-1` and `count` devices `GT-1`.. on the site, as the
/// ingest tests create them; returns each device's id and code.
pub async fn gas_detectors(
    owner: &PgPool,
    tenant_id: Uuid,
    site_id: Uuid,
    count: u64,
) -> anyhow::Result<Vec<(Uuid, String)>> {
    let model = foresight_telemetry::presets::preset("gas_detector_combustible").context("preset")?;
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
    let gateway_id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO gateway (tenant_id, gateway_id, site_id, code, name, secret_hash) \
         VALUES ($1, $2, $3, 'GW-1', 'gw', '\\x00')",
    )
    .bind(tenant_id)
    .bind(gateway_id)
    .bind(site_id)
    .execute(owner)
    .await?;
    let mut devices = Vec::new();
    for i in 1..=count {
        let (device_id, code) = (Uuid::now_v7(), format!("GT-{i}"));
        sqlx::query(
            "INSERT INTO device (tenant_id, device_id, site_id, gateway_id, thing_model_id, code, name) \
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(tenant_id)
        .bind(device_id)
        .bind(site_id)
        .bind(gateway_id)
        .bind(model_id)
        .bind(&code)
        .execute(owner)
        .await?;
        devices.push((device_id, code));
    }
    Ok(devices)
}

/// Gateway time of reading `i` of batch `seq`: distinct per (device, time), all within the last
/// hours, so every reading passes the pipeline's time checks.
fn reading_ts(base_ms: i64, seq: u64, batch: u64, i: u64) -> i64 {
    base_ms + (seq * batch + i) as i64
}

fn batch_payload(plant: &Plant, base_ms: i64, seq: u64, batch: u64) -> Vec<u8> {
    let readings: Vec<serde_json::Value> = (0..batch)
        .map(|i| {
            json!({
                "device": plant.devices[(i as usize) % plant.devices.len()],
                "property": "lel",
                "ts": reading_ts(base_ms, seq, batch, i),
                "value": (i % 1000) as f64 / 10.0,
            })
        })
        .collect();
    json!({"seq": seq, "sent_at": chrono::Utc::now().timestamp_millis(), "readings": readings}).to_string().into_bytes()
}

/// The do-nothing subscriber acknowledges in runs of this many, as Foresight does after each commit
/// (about 400 messages a group in this benchmark): a run of PUBACKs reaches the broker in a few reads
/// instead of one read per message, which saves the broker's single thread work. Measured on
/// 2026-12-01 (BENCHMARKS.md): acknowledging each message at once, 27,000 msg/s and slower than
/// Foresight; runs of 250, 37,000; runs of 500, 37,000-40,000. Half the broker's in-flight window
/// (1,000), so the broker never stops sending for want of an acknowledgement.
const ACK_RUN: usize = 500;

/// Drives the do-nothing subscriber's event loop: counts received publishes and, once `ACK_RUN`
/// are owed, acknowledges all owed. Acknowledgements go through rumqttc's request channel, which
/// only this task empties (by polling): awaiting room in it here would wait for itself once one read
/// brings more publishes than the channel holds, so those it cannot take now are kept and offered
/// after each event, as Foresight's writer does. Resolves the returned receiver once subscribed.
fn spawn_loop(
    mut eventloop: rumqttc::EventLoop,
    counter: Arc<AtomicU64>,
    client: AsyncClient,
) -> (tokio::task::JoinHandle<()>, tokio::sync::oneshot::Receiver<anyhow::Result<()>>) {
    let (subscribed_tx, subscribed) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(async move {
        let mut subscribed_tx = Some(subscribed_tx);
        let mut owed: std::collections::VecDeque<rumqttc::Publish> = std::collections::VecDeque::new();
        let mut acking = false;
        loop {
            match eventloop.poll().await {
                Ok(Event::Incoming(Incoming::SubAck(_))) => {
                    if let Some(tx) = subscribed_tx.take() {
                        let _ = tx.send(Ok(()));
                    }
                }
                Ok(Event::Incoming(Incoming::Publish(publish))) => {
                    counter.fetch_add(1, Ordering::Relaxed);
                    owed.push_back(publish);
                }
                Ok(_) => {}
                Err(e) => {
                    eprintln!("benchmark MQTT client lost its broker: {e}");
                    if let Some(tx) = subscribed_tx.take() {
                        let _ = tx.send(Err(e.into()));
                    }
                    return;
                }
            }
            if owed.len() >= ACK_RUN {
                acking = true;
            }
            while acking {
                let Some(publish) = owed.front() else {
                    acking = false;
                    break;
                };
                if client.try_ack(publish).is_err() {
                    break;
                }
                owed.pop_front();
            }
        }
    });
    (task, subscribed)
}

/// The do-nothing subscriber: counts messages on its own topic and acknowledges them in runs.
struct NullSubscriber {
    received: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl NullSubscriber {
    async fn start(broker: &BrokerAddress, topic: &str) -> anyhow::Result<NullSubscriber> {
        let mut options =
            MqttOptions::new(format!("fs-bench-null-{}", Uuid::new_v4().simple()), &broker.host, broker.port);
        options.set_clean_session(true).set_manual_acks(true).set_max_packet_size(mqtt::MAX_PACKET_BYTES, 64 * 1024);
        let (client, eventloop) = AsyncClient::new(options, 1024);
        client.subscribe(topic, QoS::AtLeastOnce).await?;
        let received = Arc::new(AtomicU64::new(0));
        let (task, subscribed) = spawn_loop(eventloop, received.clone(), client);
        tokio::time::timeout(Duration::from_secs(30), subscribed).await.context("null subscriber subscribes")???;
        Ok(NullSubscriber { received, task })
    }
}

/// Ends the persistent session the Foresight subscriber leaves in the broker.
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

/// Time and others' CPU accumulated over a column's turns.
#[derive(Debug, Default, Clone, Copy)]
struct Column {
    seconds: f64,
    /// Others' CPU share × seconds, summed over turns that could be measured.
    others_weighted: f64,
    others_seconds: f64,
}

impl Column {
    fn add(&mut self, elapsed: Duration, before: Option<CpuSnapshot>, database: &str) {
        let seconds = elapsed.as_secs_f64();
        self.seconds += seconds;
        if let (Some(before), Some(after)) = (before, CpuSnapshot::take(database)) {
            self.others_weighted += after.others_since(&before) * seconds;
            self.others_seconds += seconds;
        }
    }

    fn others(&self) -> Option<f64> {
        (self.others_seconds > 0.0).then(|| self.others_weighted / self.others_seconds)
    }
}

/// Waits until `counter` reaches `target`, polling; fails at the deadline.
pub async fn wait_for(what: &str, target: u64, counter: impl Fn() -> u64) -> anyhow::Result<()> {
    let give_up = Instant::now() + TURN_DEADLINE;
    while counter() < target {
        anyhow::ensure!(Instant::now() < give_up, "timed out waiting for {what} ({} of {target})", counter());
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

async fn bench(args: &IngestArgs, db: &BenchDatabase, broker: &BrokerAddress, client_id: &str) -> anyhow::Result<()> {
    let owner = db.owner_pool(4).await?;
    let ingest = db.ingest_pool(4).await?;
    let plant = plant(&owner, args.devices).await?;
    // Readings land in today's (and perhaps yesterday's) daily partitions, created up front so no
    // turn pays for creating one.
    sqlx::query("SELECT ensure_reading_partitions((now() - interval '2 days')::date, 4)").execute(&owner).await?;
    // The raw baseline writes under a tenant of its own, so each column's rows can be counted apart.
    let raw_tenant = Uuid::now_v7();

    let mut config = MqttConfig::new(broker.clone(), client_id.to_string());
    config.retry_max = Duration::from_secs(1);
    // As `foresight serve` with MQTT_GROUP_MESSAGES=1000, the setting
    // docs/INGEST.md gives for one-reading messages (with the broker's in-flight window at 1,000).
    config.group_messages = 1000;
    let subscriber = Subscriber::start(Arc::new(IngestService::new(ingest.clone())), config);
    tokio::time::timeout(Duration::from_secs(30), subscriber.subscribed()).await.context("subscriber subscribes")?;
    let metrics = subscriber.metrics();
    let mut publisher = Gateway::connect(broker).await?;

    // Warm-up: one batch, which also creates the series the raw baseline then writes to.
    let base_ms = chrono::Utc::now().timestamp_millis() - 3 * 3_600_000;
    publisher.publish_all(&plant.topic, vec![batch_payload(&plant, base_ms, 0, args.batch)]).await?;
    wait_for("the warm-up batch", args.batch, || metrics.snapshot().readings_stored).await?;
    let by_code: std::collections::HashMap<String, i64> = sqlx::query_as(
        "SELECT d.code, s.series_id FROM series s JOIN device d ON d.tenant_id = s.tenant_id AND d.device_id = s.device_id \
         WHERE s.tenant_id = $1",
    )
    .bind(plant.tenant_id)
    .fetch_all(&owner)
    .await?
    .into_iter()
    .collect();
    // In the gateway's device order, so raw row `i` goes to the series the gateway's reading `i` did.
    let series: Vec<i64> = plant.devices.iter().filter_map(|code| by_code.get(code).copied()).collect();
    anyhow::ensure!(series.len() == plant.devices.len(), "the warm-up batch did not create a series per device");
    let warm_rows = count_readings(&owner, plant.tenant_id).await?;
    sqlx::query("ANALYZE reading").execute(&owner).await?;

    // Row 1: batches of `batch` readings.
    let per_turn = args.readings / args.turns;
    let messages_per_turn = per_turn / args.batch;
    let (mut mqtt_col, mut raw_col) = (Column::default(), Column::default());
    let mut seq = 1;
    let mut raw_seq = 1;
    for turn in 0..args.turns {
        let payloads: Vec<Vec<u8>> =
            (0..messages_per_turn).map(|k| batch_payload(&plant, base_ms, seq + k, args.batch)).collect();
        seq += messages_per_turn;
        let target = metrics.snapshot().readings_stored + per_turn;
        let before = CpuSnapshot::take(&db.name);
        let start = Instant::now();
        publisher.publish_all(&plant.topic, payloads).await?;
        wait_for("readings stored", target, || metrics.snapshot().readings_stored).await?;
        mqtt_col.add(start.elapsed(), before, &db.name);

        let before = CpuSnapshot::take(&db.name);
        let start = Instant::now();
        raw_copy(&owner, raw_tenant, &series, base_ms, raw_seq, per_turn, args).await?;
        raw_col.add(start.elapsed(), before, &db.name);
        raw_seq += messages_per_turn;

        let stored = count_readings(&owner, plant.tenant_id).await? - warm_rows;
        let raw = count_readings(&owner, raw_tenant).await?;
        anyhow::ensure!(
            stored == (turn + 1) * per_turn && raw == (turn + 1) * per_turn,
            "after turn {turn}: {stored} MQTT rows and {raw} raw rows, expected {} each",
            (turn + 1) * per_turn
        );
        eprintln!(
            "batches turn {}/{}: MQTT {:.0} readings/s, raw COPY {:.0} rows/s",
            turn + 1,
            args.turns,
            ((turn + 1) * per_turn) as f64 / mqtt_col.seconds,
            ((turn + 1) * per_turn) as f64 / raw_col.seconds
        );
    }

    if args.messages == 0 {
        publisher.settled().await?;
        subscriber.shutdown().await;
        ingest.close().await;
        owner.close().await;
        print_batch_row(args, &mqtt_col, &raw_col);
        return Ok(());
    }

    // Row 2: one reading per message, Foresight beside a subscriber that does nothing.
    let null_topic = format!("fs-bench/null/{}", Uuid::new_v4().simple());
    let null = NullSubscriber::start(broker, &null_topic).await?;
    let single_per_turn = args.messages / args.turns;
    let (mut fs_col, mut null_col) = (Column::default(), Column::default());
    let single_base = base_ms + 2 * 3_600_000;
    let stored_before = count_readings(&owner, plant.tenant_id).await?;
    for turn in 0..args.turns {
        let payloads: Vec<Vec<u8>> =
            (0..single_per_turn).map(|k| batch_payload(&plant, single_base, seq + k, 1)).collect();
        seq += single_per_turn;
        let null_payloads = payloads.clone();

        let target = metrics.snapshot().readings_stored + single_per_turn;
        let before = CpuSnapshot::take(&db.name);
        let start = Instant::now();
        publisher.publish_paced(&plant.topic, payloads, WINDOW, || metrics.snapshot().messages_acked).await?;
        wait_for("single readings stored", target, || metrics.snapshot().readings_stored).await?;
        fs_col.add(start.elapsed(), before, &db.name);

        let target = null.received.load(Ordering::Relaxed) + single_per_turn;
        let before = CpuSnapshot::take(&db.name);
        let start = Instant::now();
        publisher.publish_paced(&null_topic, null_payloads, WINDOW, || null.received.load(Ordering::Relaxed)).await?;
        wait_for("messages received", target, || null.received.load(Ordering::Relaxed)).await?;
        null_col.add(start.elapsed(), before, &db.name);

        eprintln!(
            "single turn {}/{}: Foresight {:.0} msg/s, do-nothing {:.0} msg/s",
            turn + 1,
            args.turns,
            ((turn + 1) * single_per_turn) as f64 / fs_col.seconds,
            ((turn + 1) * single_per_turn) as f64 / null_col.seconds
        );
    }
    let stored = count_readings(&owner, plant.tenant_id).await? - stored_before;
    let received = null.received.load(Ordering::Relaxed);
    anyhow::ensure!(stored == args.messages, "zero loss: {stored} stored of {} published", args.messages);
    anyhow::ensure!(received == args.messages, "the do-nothing subscriber got {received} of {}", args.messages);
    let m = metrics.snapshot();
    publisher.settled().await?;
    anyhow::ensure!(
        m.duplicates == 0 && m.readings_rejected == 0 && m.messages_refused == 0,
        "the subscriber refused or re-received something: {m:?}"
    );

    subscriber.shutdown().await;
    null.task.abort();
    ingest.close().await;
    owner.close().await;

    let k = args.messages as f64;
    print_batch_row(args, &mqtt_col, &raw_col);
    println!(
        "| {} messages of 1 reading | {} msg/s (stored, zero loss) | {} msg/s (do-nothing subscriber) | {:.2} | {} · {} |",
        thousands(args.messages),
        thousands((k / fs_col.seconds) as u64),
        thousands((k / null_col.seconds) as u64),
        null_col.seconds / fs_col.seconds,
        others_share(&fs_col),
        others_share(&null_col)
    );
    Ok(())
}

/// Others' CPU share during a column's turns, for the table.
fn others_share(c: &Column) -> String {
    c.others().map_or("n/a".to_string(), |o| format!("{:.0} %", o * 100.0))
}

/// The table header and its first row: MQTT batches beside raw COPY.
fn print_batch_row(args: &IngestArgs, mqtt_col: &Column, raw_col: &Column) {
    let n = args.readings as f64;
    println!("| work | Foresight | baseline | Foresight / baseline | others' CPU (Foresight · baseline) |");
    println!("|---|--:|--:|--:|--:|");
    println!(
        "| {} readings in batches of {} | {} readings/s (MQTT → stored) | {} rows/s (raw binary COPY, {} rows per COPY) | {:.2} | {} · {} |",
        thousands(args.readings),
        args.batch,
        thousands((n / mqtt_col.seconds) as u64),
        thousands((n / raw_col.seconds) as u64),
        thousands(args.copy_rows),
        raw_col.seconds / mqtt_col.seconds,
        others_share(mqtt_col),
        others_share(raw_col)
    );
}

/// The bare client: the same rows the gateway sent (same series, times and values), encoded with
/// foresight_ingest::copy and written with binary COPY, `copy_rows` per transaction.
async fn raw_copy(
    owner: &PgPool,
    tenant_id: Uuid,
    series: &[i64],
    base_ms: i64,
    first_seq: u64,
    rows: u64,
    args: &IngestArgs,
) -> anyhow::Result<()> {
    let mut conn = owner.acquire().await?;
    let mut written = 0;
    while written < rows {
        let chunk = args.copy_rows.min(rows - written);
        let mut buf = BytesMut::with_capacity(chunk as usize * 64 + 32);
        copy::header(&mut buf);
        for r in written..written + chunk {
            let (seq, i) = (first_seq + r / args.batch, r % args.batch);
            let ts = reading_ts(base_ms, seq, args.batch, i);
            copy::encode(
                &mut buf,
                &ReadingRow {
                    tenant_id,
                    series_id: series[(i as usize) % series.len()],
                    ts_ms: ts,
                    source_ts_ms: ts,
                    value: Some((i % 1000) as f64 / 10.0),
                    text_value: None,
                },
            );
        }
        copy::trailer(&mut buf);
        let mut tx = sqlx::Acquire::begin(&mut *conn).await?;
        let mut copy_in =
            tx.copy_in_raw(&format!("COPY reading ({READING_COLUMNS}) FROM STDIN WITH (FORMAT binary)")).await?;
        copy_in.send(buf.freeze()).await?;
        copy_in.finish().await?;
        tx.commit().await?;
        written += chunk;
    }
    Ok(())
}

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

//! `foresight serve`: database, migrations, optional demo plant, MQTT ingest (embedded broker or
//! an external one), HTTP, and a graceful shutdown of both.

use crate::config::{jwt_secret, GlobalArgs, MqttArgs};
use crate::database::Database;
use clap::Args;
use foresight_ingest::mqtt::{BrokerAddress, EmbeddedBroker, MqttConfig, Subscriber};
use foresight_ingest::service::IngestService;
use foresight_server::{AppState, ServerConfig};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::watch;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "FORESIGHT_LISTEN", default_value = "0.0.0.0:8080")]
    listen: SocketAddr,
    /// Seed the demo tenant and plant when missing, and print its logins.
    #[arg(long, env = "FORESIGHT_DEMO")]
    demo: bool,
    /// Built web app to serve; default: frontend/dist when it exists.
    #[arg(long, env = "FORESIGHT_WEB_DIR")]
    web_dir: Option<PathBuf>,
    /// Access-token lifetime in seconds.
    #[arg(long, env = "ACCESS_TOKEN_TTL", default_value_t = 900)]
    access_token_ttl: i64,
    /// Refresh-token lifetime in seconds.
    #[arg(long, env = "REFRESH_TOKEN_TTL", default_value_t = 14 * 24 * 3600)]
    refresh_token_ttl: i64,
    #[command(flatten)]
    mqtt: MqttArgs,
}

pub async fn serve(global: &GlobalArgs, args: ServeArgs) -> anyhow::Result<()> {
    let secret = jwt_secret(global)?;
    let db = Database::open(global).await?;
    let outcome = run(global, args, &db, &secret).await;
    let closed = db.close().await;
    outcome.and(closed)
}

async fn run(_global: &GlobalArgs, args: ServeArgs, db: &Database, secret: &[u8]) -> anyhow::Result<()> {
    let demo_logins = if args.demo { Some(crate::demo::seed(&db.app).await?) } else { None };
    let web_dir = args.web_dir.or_else(|| {
        let default = PathBuf::from("frontend/dist");
        default.join("index.html").exists().then_some(default)
    });
    let config = ServerConfig {
        access_token_ttl_secs: args.access_token_ttl,
        refresh_token_ttl_secs: args.refresh_token_ttl,
        web_dir,
        ..ServerConfig::default()
    };
    let state = AppState::with_ingest(db.app.clone(), db.ingest.clone(), config, secret);
    let ingest = state.ingest.clone();
    let alarm_ingest = ingest.clone();
    let engine = risk_engine(db.app.clone(), state.risk_events.clone()).await;
    let shared = state.clone();
    let app = foresight_server::router(state);
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let bound = listener.local_addr()?;
    let shown = if bound.ip().is_unspecified() { SocketAddr::from(([127, 0, 0, 1], bound.port())) } else { bound };
    let mqtt = match ingest {
        Some(service) if !args.mqtt.mqtt_disabled => Some(start_mqtt(&args.mqtt, service).await?),
        _ => None,
    };
    if let Some(mqtt) = &mqtt {
        shared.metrics.attach_mqtt(mqtt.subscriber.metrics());
    }
    tracing::info!(addr = %bound, "listening");
    println!("Foresight is running at http://{shown}");
    println!("  API documentation: http://{shown}/api/docs");
    if let Some(mqtt) = &mqtt {
        println!("  MQTT: {}; gateways publish to foresight/<tenant>/<gateway>/telemetry", mqtt.shown);
    }
    if let Some(logins) = demo_logins {
        println!("{logins}");
    }
    // One signal stops both front doors at once; the HTTP server ending on its own stops MQTT too.
    let (stop_tx, stop_rx) = watch::channel(false);
    let stop_tx = Arc::new(stop_tx);
    let signal = stop_tx.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        signal.send_replace(true);
    });
    let http = async {
        let served = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(stopped(stop_rx.clone()))
            .await;
        tracing::info!("HTTP server drained");
        stop_tx.send_replace(true);
        served
    };
    let demo_broker = if args.demo { mqtt.as_ref().map(|m| m.address.clone()) } else { None };
    let downlink_address = mqtt.as_ref().map(|m| m.address.clone());
    let mqtt_stop = async {
        if let Some(mqtt) = mqtt {
            stopped(stop_rx.clone()).await;
            // Finishes the group being written (commit, then acknowledgements) and disconnects.
            // An embedded broker cannot be stopped (rumqttd has no way to); its threads end with
            // the process.
            mqtt.subscriber.shutdown().await;
        }
    };
    // The demo plant's simulated gateways publish through the same broker and topics as real ones.
    let demo_plant = async {
        if let Some(address) = demo_broker {
            crate::demo_publisher::run(address, crate::demo::DEMO_SLUG.to_string(), stop_rx.clone()).await;
        }
    };
    let clock = async {
        if let Some(service) = alarm_ingest {
            alarm_clock(service, stop_rx.clone()).await;
        }
    };
    // Its own task: training is CPU work of up to a second or so, which must not hold up the other loops here.
    let retraining = tokio::spawn(foresight_engine::retrain::run(engine.db.clone(), stop_rx.clone()));
    let retraining = async {
        if let Err(e) = retraining.await {
            tracing::warn!(error = %e, "the normal-model retraining worker stopped");
        }
    };
    let alerting = alerting(&db.app, &shared, downlink_address.as_ref(), stop_rx.clone());
    let risk = engine.run(stop_rx.clone());
    let (served, (), (), (), (), (), ()) = tokio::join!(http, mqtt_stop, clock, demo_plant, risk, retraining, alerting);
    served?;
    tracing::info!("shutting down");
    Ok(())
}

/// The alert worker (signals → alerts, missed deadlines) and the outbox dispatcher (webhooks, MQTT
/// downlinks through the same broker gateways use), each its own task.
async fn alerting(
    db: &sqlx::PgPool,
    state: &foresight_server::AppState,
    broker: Option<&BrokerAddress>,
    stop: watch::Receiver<bool>,
) {
    use foresight_alerting::worker::{self, SiteCycle};
    let (cycles_tx, cycles_rx) = tokio::sync::mpsc::channel(256);
    let mut risk_events = state.risk_events.subscribe();
    let forward_stop = stop.clone();
    let forward = tokio::spawn(async move {
        loop {
            match risk_events.recv().await {
                Ok(e) => {
                    let cycle = SiteCycle { tenant_id: e.tenant_id, site_id: e.site_id, at: e.at };
                    if cycles_tx.send(cycle).await.is_err() {
                        break;
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                    tracing::warn!(skipped = n, "the alert worker fell behind the risk cycle")
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            }
            if *forward_stop.borrow() {
                break;
            }
        }
    });
    let worker = tokio::spawn(worker::run(db.clone(), cycles_rx, stop.clone()));
    // Connects in the background and keeps reconnecting; downlinks wait in the outbox meanwhile.
    let downlink = broker.map(|b| {
        let mut config = foresight_delivery::downlink::DownlinkConfig::new(
            b.host.clone(),
            b.port,
            format!("foresight-downlink-{}", uuid::Uuid::now_v7().simple()),
        );
        config.username = b.username.clone();
        config.password = b.password.clone();
        foresight_delivery::downlink::Downlink::start(config)
    });
    let webhooks = match foresight_delivery::webhook::WebhookClient::new() {
        Ok(client) => client,
        Err(e) => {
            tracing::error!(error = %e, "no HTTP client for webhooks; alert notifications are not delivered");
            return;
        }
    };
    let dispatcher = foresight_alerting::dispatch::Dispatcher { db: db.clone(), webhooks, downlink };
    let dispatch = tokio::spawn(dispatcher.run(stop));
    for (name, task) in [("alert worker", worker), ("notification dispatcher", dispatch)] {
        if let Err(e) = task.await {
            tracing::warn!(error = %e, "the {name} stopped");
        }
    }
    forward.abort();
}

struct Mqtt {
    subscriber: Subscriber,
    /// Where gateways (and the demo plant) publish.
    address: BrokerAddress,
    /// For the start-up banner (no password).
    shown: String,
}

/// The embedded broker (unless MQTT_URL is set; refusing clearly when its address is taken) and the
/// subscriber, which connects in the background and keeps retrying while the broker is away.
async fn start_mqtt(args: &MqttArgs, service: Arc<IngestService>) -> anyhow::Result<Mqtt> {
    let (address, broker) = match &args.mqtt_url {
        Some(url) => (BrokerAddress::parse(url).map_err(|e| anyhow::anyhow!("MQTT_URL: {e}"))?, None),
        None => {
            let listen = args.mqtt_listen;
            let broker = tokio::task::spawn_blocking(move || EmbeddedBroker::start(listen)).await??;
            (BrokerAddress::parse(&broker.local_url()).map_err(anyhow::Error::msg)?, Some(broker))
        }
    };
    let mut config = MqttConfig::new(address.clone(), args.client_id());
    let address_for_publishers = address.clone();
    config.shared_group = args.mqtt_shared_group.clone();
    config.group_messages = args.mqtt_group_messages as usize;
    let shown = match &broker {
        Some(b) => format!("{} (embedded broker)", b.local_url()),
        None => format!("{address} (external broker)"),
    };
    Ok(Mqtt { subscriber: Subscriber::start(service, config), address: address_for_publishers, shown })
}

async fn stopped(mut stop: watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

/// How often alarm-rule timers advance without readings, and how far behind platform time: a reading
/// that is merely late (buffered by a gateway) must not be taken for a silence.
const ALARM_TICK: std::time::Duration = std::time::Duration::from_secs(5);
const ALARM_TICK_LAG_MS: i64 = 10_000;

/// Lets stale-data, hold and escalation timers of alarm rules fire when no reading arrives. Several
/// nodes may tick at once: rule states are locked row by row and a tick older than a state's newest
/// input changes nothing, so the result is the same.
async fn alarm_clock(service: Arc<IngestService>, mut stop: watch::Receiver<bool>) {
    let mut interval = tokio::time::interval(ALARM_TICK);
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            _ = stop.changed() => break,
        }
        if *stop.borrow() {
            break;
        }
        let at = chrono::Utc::now().timestamp_millis() - ALARM_TICK_LAG_MS;
        let directory = service.directory();
        match foresight_ingest::alarms::tick(directory.pool(), &directory.rules, at).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(transitions = n, "alarm rules advanced by the clock"),
            Err(e) => tracing::warn!(error = %e, "alarm clock tick failed; retrying at the next tick"),
        }
    }
}

/// The risk cycle (every RISK_CYCLE_SECONDS, default 15) with the shipped incident predictor, unless
/// RISK_PREDICTOR=off or the model fails to load (then zones use the prior likelihood, and a warning says so).
async fn risk_engine(
    db: sqlx::PgPool,
    events: tokio::sync::broadcast::Sender<foresight_engine::CycleEvent>,
) -> foresight_engine::Engine {
    let off = std::env::var("RISK_PREDICTOR").is_ok_and(|v| v.eq_ignore_ascii_case("off"));
    let predictor: Arc<dyn foresight_engine::Likelihood> = if off {
        Arc::new(foresight_engine::NoPredictor)
    } else {
        match tokio::task::spawn_blocking(foresight_engine::OnnxLikelihood::shipped).await {
            Ok(Ok(p)) => Arc::new(p),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "the shipped incident predictor did not load; zones use the prior likelihood");
                Arc::new(foresight_engine::NoPredictor)
            }
            Err(e) => {
                tracing::warn!(error = %e, "loading the incident predictor panicked; zones use the prior likelihood");
                Arc::new(foresight_engine::NoPredictor)
            }
        }
    };
    let config = foresight_engine::EngineConfig::from_env();
    tracing::info!(interval_secs = config.interval.as_secs(), "risk cycle enabled");
    foresight_engine::Engine { db, predictor, events, config }
}

/// SIGINT or SIGTERM: stop accepting, finish in-flight requests, then stop the database.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received");
}

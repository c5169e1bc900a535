//! The demo plant's gateways, simulated: every second the simulator's new readings (and its scripted
//! device events, such as the SOS during the ammonia rise) are published as gateway batches over MQTT,
//! through the same broker and topics a real gateway uses.

use foresight_ingest::mqtt::{telemetry_topic, BrokerAddress};
use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};
use std::time::Duration;
use tokio::sync::watch;

const STEP: Duration = Duration::from_secs(1);

/// Publishes until `stop` turns true. QoS 1 with a persistent session: batches queued while the
/// subscriber or database is away are delivered later, and re-deliveries are stored once.
pub async fn run(broker: BrokerAddress, tenant_slug: String, mut stop: watch::Receiver<bool>) {
    let now = chrono::Utc::now().timestamp_millis();
    let mut simulator = foresight_sim::Simulator::demo(now as u64, now).with_tenant(tenant_slug.clone());
    let mut options = MqttOptions::new("foresight-demo-plant", broker.host.clone(), broker.port);
    options.set_keep_alive(Duration::from_secs(30)).set_clean_session(false).set_max_packet_size(8 << 20, 8 << 20);
    if let (Some(user), Some(password)) = (&broker.username, &broker.password) {
        options.set_credentials(user.clone(), password.clone());
    }
    let (client, mut events) = AsyncClient::new(options, 256);
    // The event loop must be polled for publishes to leave; errors are retried by polling again.
    let driver = tokio::spawn(async move {
        loop {
            match events.poll().await {
                Ok(Event::Incoming(Packet::ConnAck(_))) => tracing::info!("demo plant connected to the MQTT broker"),
                Ok(_) => {}
                Err(e) => {
                    tracing::debug!(error = %e, "demo plant: broker connection lost; retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    });
    let mut ticker = tokio::time::interval(STEP);
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            _ = stop.changed() => break,
        }
        if *stop.borrow() {
            break;
        }
        for batch in simulator.step(chrono::Utc::now().timestamp_millis()) {
            let topic = telemetry_topic(&tenant_slug, &batch.gateway);
            if let Err(e) = client.publish(topic, QoS::AtLeastOnce, false, batch.to_json()).await {
                tracing::warn!(error = %e, "demo plant: publish failed");
            }
        }
    }
    let _ = client.disconnect().await;
    driver.abort();
}

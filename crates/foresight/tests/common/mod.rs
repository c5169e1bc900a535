//! Helpers shared by the binary's fault tests: the MQTT broker they use, a database URL beside the
//! server's, and waiting for a condition with a deadline.

#![allow(dead_code)] // each test file uses its own subset

use std::time::{Duration, Instant};

/// How long a fault test waits for any one condition.
pub const DEADLINE: Duration = Duration::from_secs(120);

pub fn broker() -> (String, u16, String) {
    let url = std::env::var("TEST_MQTT_URL").unwrap_or_else(|_| "mqtt://127.0.0.1:1883".into());
    let hostport = url.trim_start_matches("mqtt://").trim_end_matches('/');
    let (host, port) = hostport.rsplit_once(':').map_or((hostport, 1883), |(h, p)| (h, p.parse().unwrap()));
    assert!(
        std::net::TcpStream::connect((host, port)).is_ok(),
        "no MQTT broker at {url}: start Mosquitto (`mosquitto -d`; scripts/test does) or set TEST_MQTT_URL"
    );
    (host.to_string(), port, url)
}

/// `url` with its database replaced.
pub fn with_database(url: &str, db: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let (server, _) = base.rsplit_once('/').expect("a URL with a database");
    match query {
        Some(q) => format!("{server}/{db}?{q}"),
        None => format!("{server}/{db}"),
    }
}

pub async fn until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let give_up = Instant::now() + DEADLINE;
    while !check().await {
        assert!(Instant::now() < give_up, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

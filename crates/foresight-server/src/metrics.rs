//! Prometheus metrics: request counts and latency histograms by route, method and status, and the
//! MQTT ingest counters once the binary attaches them.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

const BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

#[derive(Debug, Default)]
struct Series {
    count: u64,
    sum: f64,
    buckets: [u64; BUCKETS.len()],
}

/// Keyed by (route template, method, status): bounded, since routes are templates, not raw paths.
#[derive(Debug, Default)]
pub struct Metrics {
    series: Mutex<BTreeMap<(String, String, u16), Series>>,
    /// The MQTT subscriber's counters; set once by whoever starts the subscriber.
    mqtt: OnceLock<Arc<foresight_ingest::mqtt::Metrics>>,
}

impl Metrics {
    /// Adds the MQTT ingest counters to `/metrics` (the first call wins).
    pub fn attach_mqtt(&self, mqtt: Arc<foresight_ingest::mqtt::Metrics>) {
        let _ = self.mqtt.set(mqtt);
    }

    pub fn observe(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        let secs = elapsed.as_secs_f64();
        let mut map = self.series.lock().unwrap_or_else(|e| e.into_inner());
        let s = map.entry((route.to_string(), method.to_string(), status)).or_default();
        s.count += 1;
        s.sum += secs;
        for (i, b) in BUCKETS.iter().enumerate() {
            if secs <= *b {
                s.buckets[i] += 1;
            }
        }
    }

    pub fn render(&self) -> String {
        let map = self.series.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        out.push_str("# HELP foresight_http_requests_total HTTP requests by route, method and status.\n");
        out.push_str("# TYPE foresight_http_requests_total counter\n");
        for ((route, method, status), s) in map.iter() {
            let _ = writeln!(
                out,
                "foresight_http_requests_total{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}} {}",
                s.count
            );
        }
        out.push_str("# HELP foresight_http_request_duration_seconds HTTP request latency.\n");
        out.push_str("# TYPE foresight_http_request_duration_seconds histogram\n");
        for ((route, method, status), s) in map.iter() {
            let labels = format!("route=\"{route}\",method=\"{method}\",status=\"{status}\"");
            for (i, b) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "foresight_http_request_duration_seconds_bucket{{{labels},le=\"{b}\"}} {}",
                    s.buckets[i]
                );
            }
            let _ = writeln!(out, "foresight_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}", s.count);
            let _ = writeln!(out, "foresight_http_request_duration_seconds_sum{{{labels}}} {}", s.sum);
            let _ = writeln!(out, "foresight_http_request_duration_seconds_count{{{labels}}} {}", s.count);
        }
        if let Some(mqtt) = self.mqtt.get() {
            out.push_str(&mqtt.snapshot().prometheus());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative() {
        let m = Metrics::default();
        m.observe("/api/v1/zones", "GET", 200, Duration::from_millis(3));
        m.observe("/api/v1/zones", "GET", 200, Duration::from_millis(30));
        let text = m.render();
        assert!(text.contains("foresight_http_requests_total{route=\"/api/v1/zones\",method=\"GET\",status=\"200\"} 2"));
        assert!(text.contains("le=\"0.005\"} 1"));
        assert!(text.contains("le=\"0.05\"} 2"));
    }
}

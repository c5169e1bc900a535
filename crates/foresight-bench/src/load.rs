//! The load driver: a fixed number of workers, each issuing one request after another for a fixed
//! time, with every latency kept so percentiles are exact rather than estimated from buckets.

use std::future::Future;
use std::time::{Duration, Instant};

/// One simulated client. It owns its connection, so `c` workers means `c` connections.
pub trait Worker: Send + 'static {
    /// One request, start to finish (the response read completely).
    fn call(&mut self) -> impl Future<Output = anyhow::Result<()>> + Send;
}

/// What one cell of the table shows.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub requests: usize,
    pub elapsed: Duration,
    pub p50: Duration,
    pub p99: Duration,
}

impl Sample {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    fn from_latencies(mut latencies: Vec<Duration>, elapsed: Duration) -> anyhow::Result<Sample> {
        anyhow::ensure!(!latencies.is_empty(), "no request completed in the measured window");
        latencies.sort_unstable();
        Ok(Sample {
            requests: latencies.len(),
            elapsed,
            p50: percentile(&latencies, 0.50),
            p99: percentile(&latencies, 0.99),
        })
    }
}

/// Nearest-rank percentile of sorted, non-empty values.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Runs all workers together: first `warmup` unrecorded (connections open, pools fill, caches
/// warm), then `duration` recorded. Any failed request fails the measurement: a benchmark that
/// quietly counted errors would report how fast the server says no.
pub async fn measure<W: Worker>(workers: Vec<W>, warmup: Duration, duration: Duration) -> anyhow::Result<Sample> {
    let recording_from = Instant::now() + warmup;
    let until = recording_from + duration;
    let tasks: Vec<_> = workers.into_iter().map(|w| tokio::spawn(drive(w, recording_from, until))).collect();
    let mut latencies = Vec::new();
    let mut last_finish = until;
    for task in tasks {
        let (mine, finished) = task.await??;
        latencies.extend(mine);
        last_finish = last_finish.max(finished);
    }
    // Requests started before the deadline count, so the window runs until the last one ended.
    Sample::from_latencies(latencies, last_finish - recording_from)
}

async fn drive<W: Worker>(
    mut worker: W,
    recording_from: Instant,
    until: Instant,
) -> anyhow::Result<(Vec<Duration>, Instant)> {
    let mut latencies = Vec::new();
    loop {
        let started = Instant::now();
        if started >= until {
            return Ok((latencies, started));
        }
        worker.call().await?;
        if started >= recording_from {
            latencies.push(started.elapsed());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let values: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&values, 0.50), Duration::from_millis(50));
        assert_eq!(percentile(&values, 0.99), Duration::from_millis(99));
        assert_eq!(percentile(&values[..1], 0.99), Duration::from_millis(1));
    }
}

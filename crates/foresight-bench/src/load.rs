//! The load driver: a fixed number of workers, each issuing one request after another, with every
//! latency kept so percentiles are exact rather than estimated from buckets.
//!
//! Measurements run in slices so that the layers being compared can take turns: on a shared
//! machine a burst of someone else's work then lands on all of them alike instead of on one.

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
}

/// Latencies and recorded time, summed over the slices of one cell.
#[derive(Debug, Default)]
pub struct Recording {
    latencies: Vec<Duration>,
    elapsed: Duration,
}

impl Recording {
    pub fn sample(mut self) -> anyhow::Result<Sample> {
        anyhow::ensure!(!self.latencies.is_empty(), "no request completed in the measured time");
        self.latencies.sort_unstable();
        Ok(Sample {
            requests: self.latencies.len(),
            elapsed: self.elapsed,
            p50: percentile(&self.latencies, 0.50),
            p99: percentile(&self.latencies, 0.99),
        })
    }
}

/// Nearest-rank percentile of sorted, non-empty values.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Runs all workers together, first `warmup` unrecorded (connections open, pools fill, caches
/// warm), then `duration` recorded into `into`, and hands the workers back so the next slice
/// reuses their connections. Any failed request fails the measurement: a benchmark that quietly
/// counted errors would report how fast the server says no.
pub async fn slice<W: Worker>(
    workers: Vec<W>,
    warmup: Duration,
    duration: Duration,
    into: &mut Recording,
) -> anyhow::Result<Vec<W>> {
    let recording_from = Instant::now() + warmup;
    let until = recording_from + duration;
    let tasks: Vec<_> = workers.into_iter().map(|w| tokio::spawn(drive(w, recording_from, until))).collect();
    let mut workers = Vec::with_capacity(tasks.len());
    let mut last_finish = until;
    for task in tasks {
        let (worker, latencies, finished) = task.await??;
        workers.push(worker);
        into.latencies.extend(latencies);
        last_finish = last_finish.max(finished);
    }
    // Requests started before the deadline count, so the slice lasts until the last one ended.
    into.elapsed += last_finish - recording_from;
    Ok(workers)
}

async fn drive<W: Worker>(
    mut worker: W,
    recording_from: Instant,
    until: Instant,
) -> anyhow::Result<(W, Vec<Duration>, Instant)> {
    let mut latencies = Vec::new();
    loop {
        let started = Instant::now();
        if started >= until {
            return Ok((worker, latencies, started));
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

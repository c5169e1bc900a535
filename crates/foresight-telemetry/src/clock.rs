//! Per-gateway clock alignment: estimates how far a gateway's clock is from platform time, and how fast it
//! drifts, from (gateway send time, platform receive time) pairs, and maps gateway timestamps to platform
//! time to the millisecond.
//!
//! `receive − send = offset + network delay`, and the delay is never negative, so the offset is the
//! lower envelope of those differences. The estimator keeps the smallest difference per slice of a sliding
//! window and fits the line under all of them that is closest to them on average (the edge of their lower
//! convex hull above the mean time, as in Moon, Skelly and Towsley's clock-skew estimation): its level is the
//! offset, its slope the drift. The result is biased by the smallest delay seen (sub-millisecond on a LAN,
//! a few ms over a WAN); nothing one-way can do better.
//!
//! Clock steps (an NTP correction on the gateway) are followed: one observation clearly *below* the line
//! is proof (delays cannot be negative) and restarts the estimate at once; observations clearly *above*
//! it must persist, agree with each other and span some time before they count, since a congested link or
//! a gateway flushing its backlog also looks like that.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ClockConfig {
    /// How much gateway time the fit looks back over.
    pub window_ms: i64,
    /// The window is cut into this many slices, each keeping its smallest difference.
    pub slices: i64,
    /// An observation this far below the line means the gateway clock stepped forward.
    pub step_forward_ms: i64,
    /// Observations at least this far above the line may mean the gateway clock stepped back ...
    pub step_back_ms: i64,
    /// ... once this many arrive in a row, spanning at least `step_back_confirm_ms` of platform time, and
    /// their differences agree to within `step_back_ms`.
    pub step_back_confirmations: usize,
    pub step_back_confirm_ms: i64,
    /// The steepest drift believed, in parts per million; a steeper fit (from too little data) is clamped.
    pub max_drift_ppm: f64,
}

impl Default for ClockConfig {
    /// A 15-minute window in 64 slices; steps of 100 ms forward or 1 s back (confirmed by 5 observations over
    /// 10 s); at most 500 ppm drift (cheap crystals are within 100).
    fn default() -> ClockConfig {
        ClockConfig {
            window_ms: 15 * 60_000,
            slices: 64,
            step_forward_ms: 100,
            step_back_ms: 1_000,
            step_back_confirmations: 5,
            step_back_confirm_ms: 10_000,
            max_drift_ppm: 500.0,
        }
    }
}

/// One gateway's clock. Serialisable, so the IO layer may persist it and resume without re-learning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClockEstimator {
    config: ClockConfig,
    /// Slice number → the observation with the smallest difference in it.
    lows: BTreeMap<i64, Observation>,
    /// Consecutive observations far above the line: a possible step back.
    suspects: Option<SuspectRun>,
    fit: Option<Fit>,
}

/// A run of observations far above the line, summarised in bounded space.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct SuspectRun {
    count: usize,
    first_received: i64,
    last_received: i64,
    lows: BTreeMap<i64, Observation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Observation {
    gateway_ts: i64,
    received_at: i64,
}

impl Observation {
    fn difference(&self) -> i64 {
        self.received_at.saturating_sub(self.gateway_ts)
    }
}

/// `offset(t) = offset + drift × (t − reference)`, in ms, for gateway time `t`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Fit {
    reference: i64,
    offset: f64,
    drift: f64,
}

impl Fit {
    fn at(&self, gateway_ts: i64) -> f64 {
        self.offset + self.drift * (gateway_ts - self.reference) as f64
    }
}

impl Default for ClockEstimator {
    fn default() -> ClockEstimator {
        ClockEstimator::new(ClockConfig::default())
    }
}

impl ClockEstimator {
    pub fn new(config: ClockConfig) -> ClockEstimator {
        ClockEstimator { config, lows: BTreeMap::new(), suspects: None, fit: None }
    }

    /// Records one message or batch: the gateway's timestamp of sending it, and when the platform received
    /// it (both ms since the Unix epoch). Use the send time, not the readings' times: a gateway that
    /// buffers readings would otherwise look like a slow network.
    pub fn observe(&mut self, gateway_ts: i64, received_at: i64) {
        let observation = Observation { gateway_ts, received_at };
        if let Some(fit) = self.fit {
            let residual = observation.difference() as f64 - fit.at(gateway_ts);
            if residual < -(self.config.step_forward_ms as f64) {
                self.restart([observation]);
                return;
            }
            if residual > self.config.step_back_ms as f64 {
                let config = self.config;
                let run = self.suspects.get_or_insert(SuspectRun {
                    count: 0,
                    first_received: received_at,
                    last_received: received_at,
                    lows: BTreeMap::new(),
                });
                run.count += 1;
                run.first_received = run.first_received.min(received_at);
                run.last_received = run.last_received.max(received_at);
                insert_low(&mut run.lows, observation, &config);
                if self.stepped_back() {
                    let run = self.suspects.take().expect("checked above");
                    self.restart(run.lows.into_values());
                }
                return;
            }
            self.suspects = None;
        }
        insert_low(&mut self.lows, observation, &self.config);
        self.refit();
    }

    /// Platform time for a gateway timestamp; unchanged until the first observation.
    pub fn align(&self, gateway_ts: i64) -> i64 {
        match self.fit {
            Some(fit) => gateway_ts.saturating_add(fit.at(gateway_ts).round() as i64),
            None => gateway_ts,
        }
    }

    /// The estimated offset (platform − gateway, ms) at a gateway time, for display and monitoring.
    pub fn offset_ms(&self, gateway_ts: i64) -> Option<i64> {
        self.fit.map(|fit| fit.at(gateway_ts).round() as i64)
    }

    /// The estimated drift of the gateway clock relative to platform time, in parts per million.
    pub fn drift_ppm(&self) -> Option<f64> {
        self.fit.map(|fit| fit.drift * 1e6)
    }

    fn restart(&mut self, observations: impl IntoIterator<Item = Observation>) {
        self.lows.clear();
        self.suspects = None;
        for o in observations {
            insert_low(&mut self.lows, o, &self.config);
        }
        self.refit();
    }

    /// A run of high observations is a step back when it lasts, and its lower envelope is as high late in
    /// the run as early: a backlog being flushed instead shows differences falling steadily.
    fn stepped_back(&self) -> bool {
        let Some(run) = &self.suspects else { return false };
        if run.count < self.config.step_back_confirmations.max(1)
            || run.last_received - run.first_received < self.config.step_back_confirm_ms
        {
            return false;
        }
        let (Some(first), Some(last)) = (run.lows.values().next(), run.lows.values().next_back()) else {
            return false;
        };
        let middle = first.gateway_ts + (last.gateway_ts - first.gateway_ts) / 2;
        let low = |early: bool| {
            run.lows.values().filter(|o| (o.gateway_ts <= middle) == early).map(Observation::difference).min()
        };
        match (low(true), low(false)) {
            (Some(early), Some(late)) => (early - late).abs() <= self.config.step_back_ms,
            _ => false,
        }
    }

    fn refit(&mut self) {
        let Some(reference) = self.lows.values().map(|o| o.gateway_ts).max() else {
            self.fit = None;
            return;
        };
        let mut points: Vec<(f64, f64)> =
            self.lows.values().map(|o| ((o.gateway_ts - reference) as f64, o.difference() as f64)).collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        let hull = lower_hull(&points);
        let mean_x = points.iter().map(|p| p.0).sum::<f64>() / points.len() as f64;
        let max_drift = self.config.max_drift_ppm * 1e-6;
        let drift = hull
            .windows(2)
            .find(|edge| edge[0].0 <= mean_x && mean_x <= edge[1].0 && edge[1].0 > edge[0].0)
            .map_or(0.0, |edge| (edge[1].1 - edge[0].1) / (edge[1].0 - edge[0].0))
            .clamp(-max_drift, max_drift);
        // The highest line of that slope under every point: for an unclamped slope, the hull edge itself.
        let offset = points.iter().map(|(x, y)| y - drift * x).fold(f64::INFINITY, f64::min);
        self.fit = Some(Fit { reference, offset, drift });
    }
}

/// Keeps the smallest difference per slice of gateway time and forgets slices older than the window.
fn insert_low(lows: &mut BTreeMap<i64, Observation>, observation: Observation, config: &ClockConfig) {
    let slice_ms = (config.window_ms / config.slices.max(1)).max(1);
    let low = lows.entry(observation.gateway_ts.div_euclid(slice_ms)).or_insert(observation);
    if observation.difference() < low.difference() {
        *low = observation;
    }
    let newest = lows.values().map(|o| o.gateway_ts).max().unwrap_or(observation.gateway_ts);
    let oldest_slice = newest.saturating_sub(config.window_ms).div_euclid(slice_ms);
    *lows = lows.split_off(&oldest_slice);
}

/// Andrew's monotone chain, lower half, over points sorted by x.
fn lower_hull(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut hull: Vec<(f64, f64)> = Vec::with_capacity(points.len());
    for &p in points {
        while hull.len() >= 2 {
            let (a, b) = (hull[hull.len() - 2], hull[hull.len() - 1]);
            // Drop b unless a → b → p turns left (counter-clockwise).
            if (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0) <= 0.0 {
                hull.pop();
            } else {
                break;
            }
        }
        hull.push(p);
    }
    hull
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const START: i64 = 1_700_000_000_000;

    /// A small deterministic generator: tests must not depend on an RNG crate's stream.
    struct Lcg(u64);

    impl Lcg {
        fn unit(&mut self) -> f64 {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }

        /// Exponentially distributed network delay, mean `mean_ms`, plus a floor.
        fn delay(&mut self, floor_ms: f64, mean_ms: f64) -> i64 {
            (floor_ms - mean_ms * (1.0 - self.unit()).ln()).round() as i64
        }
    }

    /// Feeds one observation a second; `offset_at(platform time)` is the true platform − gateway offset.
    fn feed(clock: &mut ClockEstimator, rng: &mut Lcg, from: i64, seconds: i64, offset_at: impl Fn(i64) -> f64) {
        for s in 0..seconds {
            let platform_send = from + s * 1000;
            let gateway_ts = platform_send - offset_at(platform_send).round() as i64;
            clock.observe(gateway_ts, platform_send + rng.delay(0.0, 30.0));
        }
    }

    fn error_ms(clock: &ClockEstimator, platform_time: i64, offset: f64) -> i64 {
        let gateway_ts = platform_time - offset.round() as i64;
        clock.align(gateway_ts) - platform_time
    }

    #[test]
    fn nothing_is_shifted_before_the_first_observation() {
        let clock = ClockEstimator::default();
        assert_eq!((clock.align(START), clock.offset_ms(START), clock.drift_ppm()), (START, None, None));
    }

    #[test]
    fn one_observation_gives_its_difference() {
        let mut clock = ClockEstimator::default();
        clock.observe(START, START + 2_500);
        assert_eq!(clock.align(START + 10), START + 2_510);
        assert_eq!(clock.offset_ms(START), Some(2_500));
    }

    #[test]
    fn a_drifting_clock_is_tracked() {
        // 80 ppm fast against platform time, starting 4.2 s behind; two hours.
        let offset = |t: i64| 4_200.0 - 80e-6 * (t - START) as f64;
        let mut clock = ClockEstimator::default();
        let mut rng = Lcg(7);
        feed(&mut clock, &mut rng, START, 7_200, offset);
        let now = START + 7_200_000;
        assert!(error_ms(&clock, now, offset(now)).abs() <= 3, "{}", error_ms(&clock, now, offset(now)));
        let drift = clock.drift_ppm().unwrap();
        assert!((drift + 80.0).abs() < 10.0, "{drift}");
        // Without drift tracking the error would be window × drift ≈ 72 ms; half a window ahead it stays small.
        let later = now + 450_000;
        assert!(error_ms(&clock, later, offset(later)).abs() <= 5);
    }

    #[test]
    fn a_clock_stepped_forward_is_followed_at_once() {
        let mut clock = ClockEstimator::default();
        let mut rng = Lcg(11);
        feed(&mut clock, &mut rng, START, 600, |_| 1_000.0);
        // The gateway's NTP client steps its clock 5 s forward: differences fall by 5 s.
        let after = START + 600_000;
        feed(&mut clock, &mut rng, after, 1, |_| -4_000.0);
        assert!(error_ms(&clock, after + 1_000, -4_000.0).abs() <= 200);
        feed(&mut clock, &mut rng, after + 1_000, 120, |_| -4_000.0);
        assert!(error_ms(&clock, after + 121_000, -4_000.0).abs() <= 3);
    }

    #[test]
    fn a_clock_stepped_back_is_followed_once_confirmed() {
        let mut clock = ClockEstimator::default();
        let mut rng = Lcg(13);
        feed(&mut clock, &mut rng, START, 600, |_| 1_000.0);
        let after = START + 600_000;
        feed(&mut clock, &mut rng, after, 5, |_| 6_000.0);
        // Five seconds are not enough to tell a step from a congested link.
        assert!(error_ms(&clock, after + 5_000, 1_000.0).abs() <= 3);
        feed(&mut clock, &mut rng, after + 5_000, 120, |_| 6_000.0);
        assert!(error_ms(&clock, after + 125_000, 6_000.0).abs() <= 3);
    }

    #[test]
    fn a_backlog_flush_is_not_a_step() {
        let mut clock = ClockEstimator::default();
        let mut rng = Lcg(17);
        feed(&mut clock, &mut rng, START, 600, |_| 1_000.0);
        // After an hour offline the gateway sends its queued messages, one per 100 ms, each an hour old at first.
        let back = START + 4_200_000;
        for i in 0..600 {
            let gateway_ts = back - 3_600_000 - 1_000 + i * 6_000;
            clock.observe(gateway_ts, back + i * 100);
        }
        feed(&mut clock, &mut rng, back + 60_000, 10, |_| 1_000.0);
        assert!(error_ms(&clock, back + 70_000, 1_000.0).abs() <= 5, "{}", error_ms(&clock, back + 70_000, 1_000.0));
    }

    #[test]
    fn the_estimator_survives_serialisation() {
        let mut clock = ClockEstimator::default();
        let mut rng = Lcg(19);
        feed(&mut clock, &mut rng, START, 300, |_| -250.0);
        let restored: ClockEstimator = serde_json::from_str(&serde_json::to_string(&clock).unwrap()).unwrap();
        assert_eq!(restored.align(START + 1), clock.align(START + 1));
        assert_eq!(restored.lows.len(), clock.lows.len());
    }

    proptest! {
        // Each case feeds thousands of observations; fewer cases keep the suite at a few seconds.
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// A constant offset with random positive delays converges to within a few ms.
        #[test]
        fn a_constant_offset_is_found_within_a_few_ms(
            offset in -86_400_000i64..86_400_000,
            seed in any::<u64>(),
            mean in 1.0f64..200.0,
        ) {
            let mut clock = ClockEstimator::default();
            let mut rng = Lcg(seed);
            for s in 0..900 {
                let platform_send = START + s * 1000;
                clock.observe(platform_send - offset, platform_send + rng.delay(0.0, mean));
            }
            let error = clock.align(START + 900_000 - offset) - (START + 900_000);
            // Within 2 ms plus 5 % of the mean delay: the envelope's noise grows with the delays' spread.
            prop_assert!(error.abs() <= (mean / 20.0).ceil() as i64 + 2, "error {} ms", error);
        }

        /// Drift anywhere within ±200 ppm is tracked to within a few ms.
        #[test]
        fn drift_is_tracked(ppm in -200.0f64..200.0, seed in any::<u64>()) {
            let offset = move |t: i64| 1_234.0 + ppm * 1e-6 * (t - START) as f64;
            let mut clock = ClockEstimator::default();
            let mut rng = Lcg(seed);
            feed(&mut clock, &mut rng, START, 3_600, offset);
            let now = START + 3_600_000;
            let error = error_ms(&clock, now, offset(now));
            prop_assert!(error.abs() <= 4, "error {} ms", error);
        }
    }
}

//! When to try a failed delivery again: exponential backoff from 5 s, capped at one hour, with a
//! deterministic jitter of up to +20 %, giving up after [`MAX_ATTEMPTS`].
//!
//! | attempt | waits before it (without jitter) |
//! |---------|----------------------------------|
//! | 1       | none (sent at once)              |
//! | 2 … 11  | 5 s, 10 s, 20 s, … 2,560 s (5 s × 2^(n−2)) |
//! | 12      | 1 h (5,120 s, capped)            |
//!
//! In all, the last attempt comes 8,715 s (2 h 25 min 15 s) after the first, or up to 10,458 s
//! (2 h 54 min 18 s) with the largest jitter; after it the delivery has failed for good.
//!
//! The jitter is a hash of the notification's id and the attempt number rather than a random draw:
//! every node computes the same time for the same notification (no node "wins" a retry early), and
//! hooks that failed together (a receiver that was down) come back spread out, not all at once.

use chrono::{DateTime, TimeDelta, Utc};
use std::time::Duration;

/// Attempts in all, the first one included.
pub const MAX_ATTEMPTS: u32 = 12;
/// The wait after the first failed attempt.
pub const FIRST_DELAY: Duration = Duration::from_secs(5);
/// No wait is longer than this (before jitter).
pub const MAX_DELAY: Duration = Duration::from_secs(3600);
/// The jitter adds at most this share of the delay: 1/5 = 20 %.
const JITTER_DIVISOR: u64 = 5;

/// When to make the next attempt, given how many were made (and failed) so far; `None` once
/// [`MAX_ATTEMPTS`] were made. No attempt made yet means now.
pub fn next_attempt(attempts_so_far: u32, now: DateTime<Utc>, jitter_seed: u128) -> Option<DateTime<Utc>> {
    let delay = delay(attempts_so_far, jitter_seed)?;
    // Out of chrono's range only for absurd clocks; giving up is the harmless answer there.
    now.checked_add_signed(TimeDelta::from_std(delay).ok()?)
}

/// The wait before the next attempt, jitter included; `None` once [`MAX_ATTEMPTS`] were made.
pub fn delay(attempts_so_far: u32, jitter_seed: u128) -> Option<Duration> {
    if attempts_so_far >= MAX_ATTEMPTS {
        return None;
    }
    let base = base_delay(attempts_so_far);
    let base_ms = base.as_millis() as u64;
    let jitter_ms = mix(jitter_seed, attempts_so_far) % (base_ms / JITTER_DIVISOR + 1);
    Some(base + Duration::from_millis(jitter_ms))
}

/// The wait before the next attempt without jitter: zero before the first attempt, then 5 s × 2^(n−1)
/// after n failed attempts, at most [`MAX_DELAY`].
pub fn base_delay(attempts_so_far: u32) -> Duration {
    match attempts_so_far {
        0 => Duration::ZERO,
        // 2^11 × 5 s is already past the cap, so the shift never overflows.
        n => FIRST_DELAY.saturating_mul(1 << (n - 1).min(11)).min(MAX_DELAY),
    }
}

/// A well-spread 64-bit hash of the seed and the attempt number (splitmix64's finaliser), so the
/// jitter of consecutive attempts and of neighbouring ids (uuid v7 share their leading bits) differ.
fn mix(seed: u128, attempt: u32) -> u64 {
    let mut z =
        (seed as u64) ^ ((seed >> 64) as u64).rotate_left(29) ^ u64::from(attempt).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(secs, 0).unwrap_or_default()
    }

    #[test]
    fn the_first_attempt_is_made_at_once() {
        assert_eq!(next_attempt(0, at(1_000), 7), Some(at(1_000)));
    }

    #[test]
    fn the_first_retry_waits_five_to_six_seconds() {
        let now = at(1_000);
        for seed in [0, 1, u128::MAX, 0x0193_7a2b_0000_7000_8000_0000_0000_0001] {
            let next = next_attempt(1, now, seed).unwrap_or(now);
            let waited = (next - now).num_milliseconds();
            assert!((5_000..=6_000).contains(&waited), "waited {waited} ms");
        }
    }

    #[test]
    fn delays_double_until_the_one_hour_cap() {
        let expected = [5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600, 3600];
        for (n, secs) in (1..).zip(expected) {
            assert_eq!(base_delay(n), Duration::from_secs(secs), "after {n} attempts");
        }
        assert_eq!(base_delay(u32::MAX), MAX_DELAY);
    }

    #[test]
    fn gives_up_after_the_last_attempt() {
        assert!(next_attempt(MAX_ATTEMPTS - 1, at(0), 1).is_some());
        assert_eq!(next_attempt(MAX_ATTEMPTS, at(0), 1), None);
        assert_eq!(next_attempt(u32::MAX, at(0), 1), None);
    }

    #[test]
    fn the_documented_total_is_right() {
        let total: Duration = (1..MAX_ATTEMPTS).map(base_delay).sum();
        assert_eq!(total, Duration::from_secs(8_715));
        let most: u64 = (1..MAX_ATTEMPTS).map(|n| base_delay(n).as_millis() as u64 * 6 / 5).sum();
        assert_eq!(most, 10_458_000);
    }

    #[test]
    fn the_same_seed_gives_the_same_time_and_different_seeds_spread_out() {
        let now = at(1_000);
        assert_eq!(next_attempt(5, now, 42), next_attempt(5, now, 42));
        let distinct: std::collections::BTreeSet<_> = (0..100u128).map(|seed| next_attempt(8, now, seed)).collect();
        assert!(distinct.len() > 90, "only {} distinct times for 100 seeds", distinct.len());
    }

    #[test]
    fn a_time_past_chronos_range_gives_up_instead_of_panicking() {
        assert_eq!(next_attempt(3, DateTime::<Utc>::MAX_UTC, 1), None);
    }

    proptest! {
        #[test]
        fn base_delay_never_decreases(n in 0u32..100) {
            prop_assert!(base_delay(n + 1) >= base_delay(n));
        }

        #[test]
        fn delay_stays_within_its_bounds(n in 0u32..MAX_ATTEMPTS, seed in any::<u128>(), now in 0i64..4_000_000_000) {
            let now = at(now);
            let next = next_attempt(n, now, seed);
            prop_assert!(next.is_some());
            let waited = (next.unwrap_or(now) - now).to_std().unwrap_or_default();
            let base = base_delay(n);
            prop_assert!(waited >= base);
            prop_assert!(waited <= base + base / 5);
            prop_assert!(waited <= MAX_DELAY + MAX_DELAY / 5);
        }
    }
}

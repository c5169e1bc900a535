//! Shapley values: how much each input contributed to f(x) − f(baseline).
//!
//! The game: a coalition S of inputs takes their current values, every other input stays at its baseline
//! (normal conditions). Input i's contribution is its average marginal effect over all orders in which the
//! inputs could have moved away from the baseline.
//!
//! - Up to [`ShapleyConfig::exact_max_inputs`] inputs (default 10): exact, by evaluating all 2ⁿ coalitions.
//! - Beyond: permutation sampling with a seeded RNG (deterministic: the same inputs give the same
//!   explanation), in antithetic pairs (each permutation and its reverse), which cancels much of the sampling
//!   noise for near-additive functions.
//!
//! Both modes are *efficient*: contributions sum to f(x) − f(baseline) up to rounding. Exactly by the Shapley
//! axioms in the first mode; in the second because each permutation's marginal contributions telescope from
//! f(baseline) to f(x), so every sampled permutation, and hence their average, sums to the same difference.
//! Inputs whose value equals their baseline are null players (they never change f), get exactly 0 and are
//! left out of the game, which often brings it under the exact limit.

use crate::error::{AssessmentError, ErrorCode};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

/// The largest game that may be enumerated exactly (2²⁰ ≈ 10⁶ evaluations).
pub const EXACT_LIMIT: usize = 20;
/// Most permutations a config may ask for.
pub const MAX_PERMUTATIONS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShapleyConfig {
    /// Games with at most this many (moved) inputs are enumerated exactly.
    pub exact_max_inputs: usize,
    /// Permutations sampled beyond the exact limit; rounded up to an even number (antithetic pairs).
    pub permutations: usize,
    pub seed: u64,
}

impl Default for ShapleyConfig {
    fn default() -> Self {
        ShapleyConfig { exact_max_inputs: 10, permutations: 64, seed: 0x5eed_f0e5_1647 }
    }
}

impl ShapleyConfig {
    pub fn validate(&self) -> Result<(), Vec<AssessmentError>> {
        let mut errors = Vec::new();
        if self.exact_max_inputs > EXACT_LIMIT {
            errors.push(
                AssessmentError::new("exact_max_inputs", ErrorCode::OutOfRange)
                    .with("value", self.exact_max_inputs)
                    .with("min", 0)
                    .with("max", EXACT_LIMIT),
            );
        }
        if !(2..=MAX_PERMUTATIONS).contains(&self.permutations) {
            errors.push(
                AssessmentError::new("permutations", ErrorCode::OutOfRange)
                    .with("value", self.permutations)
                    .with("min", 2)
                    .with("max", MAX_PERMUTATIONS),
            );
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Shapley contributions of a coalition game over `n` players: `v(present)` is the game's value when exactly
/// the players with `present[i] == true` have moved. Exact up to `config.exact_max_inputs`, sampled beyond.
pub fn coalition_shapley<V: FnMut(&[bool]) -> f64>(n: usize, mut v: V, config: &ShapleyConfig) -> Vec<f64> {
    if n == 0 {
        return Vec::new();
    }
    if n <= config.exact_max_inputs.min(EXACT_LIMIT) {
        exact(n, &mut v)
    } else {
        sampled(n, &mut v, config.permutations, config.seed)
    }
}

/// Exact Shapley values by enumerating all 2ⁿ coalitions (visited in Gray-code order, so the `present` vector
/// changes in one place per step).
pub fn exact<V: FnMut(&[bool]) -> f64>(n: usize, v: &mut V) -> Vec<f64> {
    assert!(n <= EXACT_LIMIT, "exact Shapley over {n} players would take 2^{n} evaluations");
    let size = 1usize << n;
    let mut values = vec![0.0; size];
    let mut present = vec![false; n];
    values[0] = v(&present);
    for k in 1..size {
        let gray = k ^ (k >> 1);
        // Consecutive Gray codes differ in the bit of k's lowest set bit.
        let flipped = k.trailing_zeros() as usize;
        present[flipped] = !present[flipped];
        values[gray] = v(&present);
    }
    // weight[s] = s! (n − s − 1)! / n! = 1 / (n · C(n − 1, s)).
    let mut weight = vec![0.0; n];
    let mut binom = 1.0; // C(n − 1, s)
    for (s, w) in weight.iter_mut().enumerate() {
        *w = 1.0 / (n as f64 * binom);
        binom = binom * (n - 1 - s) as f64 / (s + 1) as f64;
    }
    let mut phi = vec![0.0; n];
    for mask in 0..size {
        let s = mask.count_ones() as usize;
        if s == n {
            continue;
        }
        let w = weight[s];
        let base = values[mask];
        for (i, p) in phi.iter_mut().enumerate() {
            if mask & (1 << i) == 0 {
                *p += w * (values[mask | (1 << i)] - base);
            }
        }
    }
    phi
}

/// Permutation-sampling estimate with antithetic pairs; `permutations` is rounded up to an even number ≥ 2.
/// Deterministic for a given seed.
pub fn sampled<V: FnMut(&[bool]) -> f64>(n: usize, v: &mut V, permutations: usize, seed: u64) -> Vec<f64> {
    let pairs = permutations.max(2).div_ceil(2);
    let mut rng = StdRng::seed_from_u64(seed);
    let mut order: Vec<usize> = (0..n).collect();
    let mut present = vec![false; n];
    let mut phi = vec![0.0; n];
    let empty = v(&present);
    let mut walk = |order: &mut dyn Iterator<Item = usize>, present: &mut Vec<bool>, phi: &mut Vec<f64>| {
        present.iter_mut().for_each(|p| *p = false);
        let mut prev = empty;
        for i in order {
            present[i] = true;
            let cur = v(present);
            phi[i] += cur - prev;
            prev = cur;
        }
    };
    for _ in 0..pairs {
        order.shuffle(&mut rng);
        walk(&mut order.iter().copied(), &mut present, &mut phi);
        walk(&mut order.iter().rev().copied(), &mut present, &mut phi);
    }
    let count = (2 * pairs) as f64;
    phi.iter_mut().for_each(|p| *p /= count);
    phi
}

/// Contributions of each input of `f` to `f(x) − f(baseline)`. Inputs equal to their baseline get exactly 0
/// and are left out of the game.
///
/// # Panics
/// If `x` and `baseline` differ in length.
pub fn shapley<F: FnMut(&[f64]) -> f64>(mut f: F, x: &[f64], baseline: &[f64], config: &ShapleyConfig) -> Vec<f64> {
    assert_eq!(x.len(), baseline.len(), "x and baseline must have the same inputs");
    // `!=` on purpose: NaN ≠ NaN keeps a NaN input in the game rather than silently calling it null.
    let moved: Vec<usize> = (0..x.len()).filter(|&i| x[i] != baseline[i]).collect();
    let mut z = baseline.to_vec();
    let phi = coalition_shapley(
        moved.len(),
        |present| {
            for (j, &i) in moved.iter().enumerate() {
                z[i] = if present[j] { x[i] } else { baseline[i] };
            }
            f(&z)
        },
        config,
    );
    let mut out = vec![0.0; x.len()];
    for (j, &i) in moved.iter().enumerate() {
        out[i] = phi[j];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
    }

    fn both_modes() -> [ShapleyConfig; 2] {
        let exact = ShapleyConfig::default();
        let sampled = ShapleyConfig { exact_max_inputs: 0, ..ShapleyConfig::default() };
        [exact, sampled]
    }

    #[test]
    fn additive_function_gets_each_term_in_both_modes() {
        let w = [1.0, -2.0, 0.5, 3.0, 0.0, 7.0];
        let f = |z: &[f64]| z.iter().zip(w).map(|(a, b)| a * b).sum::<f64>();
        let x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let b = [0.0, 1.0, 1.0, 1.0, 1.0, 0.5];
        for config in both_modes() {
            let phi = shapley(f, &x, &b, &config);
            for i in 0..6 {
                assert!(close(phi[i], w[i] * (x[i] - b[i]), 1e-12), "{config:?} input {i}: {}", phi[i]);
            }
        }
    }

    #[test]
    fn symmetric_inputs_get_equal_contributions() {
        // f = (a + b)² + c is symmetric in a and b; with equal moves they must share equally.
        let f = |z: &[f64]| (z[0] + z[1]).powi(2) + z[2];
        let x = [1.0, 1.0, 5.0];
        let b = [0.0, 0.0, 0.0];
        let phi = shapley(f, &x, &b, &ShapleyConfig::default());
        assert!(close(phi[0], 2.0, 1e-12) && close(phi[1], 2.0, 1e-12) && close(phi[2], 5.0, 1e-12), "{phi:?}");
        // Antithetic sampling is exact for two symmetric players as well.
        let sampled = ShapleyConfig { exact_max_inputs: 0, permutations: 2, ..ShapleyConfig::default() };
        let phi = shapley(|z: &[f64]| (z[0] + z[1]).powi(2), &x[..2], &b[..2], &sampled);
        assert!(close(phi[0], 2.0, 1e-12) && close(phi[1], 2.0, 1e-12), "{phi:?}");
    }

    #[test]
    fn known_interaction_game_max() {
        // v = max(x0, x1) from baseline 0 with x = (1, 3): φ0 = ½·1 + ½·0 = 0.5, φ1 = ½·3 + ½·2 = 2.5.
        let f = |z: &[f64]| z[0].max(z[1]);
        let phi = shapley(f, &[1.0, 3.0], &[0.0, 0.0], &ShapleyConfig::default());
        assert!(close(phi[0], 0.5, 1e-12) && close(phi[1], 2.5, 1e-12), "{phi:?}");
    }

    #[test]
    fn null_inputs_get_zero_and_do_not_count_towards_the_exact_limit() {
        let mut calls = 0;
        let x: Vec<f64> = (0..30).map(|i| if i < 3 { 1.0 } else { 0.0 }).collect();
        let b = vec![0.0; 30];
        let phi = shapley(
            |z: &[f64]| {
                calls += 1;
                z.iter().sum::<f64>()
            },
            &x,
            &b,
            &ShapleyConfig::default(),
        );
        assert_eq!(calls, 8, "three moved inputs → 2³ coalitions");
        assert_eq!(&phi[..3], &[1.0, 1.0, 1.0]);
        assert!(phi[3..].iter().all(|p| *p == 0.0));
        assert!(shapley(|_: &[f64]| 1.0, &[], &[], &ShapleyConfig::default()).is_empty());
    }

    #[test]
    fn sampling_is_deterministic_per_seed_and_close_to_exact() {
        let f = |z: &[f64]| {
            let s: f64 = z.iter().sum();
            s.tanh() * 10.0 + z[0] * z[1]
        };
        let x: Vec<f64> = (0..12).map(|i| 0.1 * i as f64).collect();
        let b = vec![0.0; 12];
        let config = ShapleyConfig { exact_max_inputs: 0, permutations: 2000, seed: 7 };
        let a = shapley(f, &x, &b, &config);
        assert_eq!(a, shapley(f, &x, &b, &config));
        assert_ne!(a, shapley(f, &x, &b, &ShapleyConfig { seed: 8, ..config }));
        let exact = shapley(f, &x, &b, &ShapleyConfig { exact_max_inputs: 12, ..config });
        for i in 0..12 {
            assert!((a[i] - exact[i]).abs() < 0.05, "input {i}: sampled {} exact {}", a[i], exact[i]);
        }
    }

    #[test]
    fn config_validation() {
        ShapleyConfig::default().validate().unwrap();
        let e = ShapleyConfig { exact_max_inputs: 21, permutations: 1, seed: 0 }.validate().unwrap_err();
        let paths: Vec<_> = e.iter().map(|e| (e.path.as_str(), e.code)).collect();
        assert_eq!(paths, [("exact_max_inputs", ErrorCode::OutOfRange), ("permutations", ErrorCode::OutOfRange)]);
    }

    /// An arbitrary monotone function of the inputs, parameterised by weights: a mix of max, sum and a
    /// saturating product, so that inputs interact.
    fn monotone(w: &[f64], z: &[f64]) -> f64 {
        let sum: f64 = z.iter().zip(w).map(|(a, b)| a * b).sum();
        let max = z.iter().cloned().fold(f64::MIN, f64::max);
        100.0 - 100.0 * (-sum.max(0.0) / 10.0).exp() + max + z[0] * z[z.len() - 1]
    }

    proptest! {
        #[test]
        fn contributions_sum_to_the_difference_in_both_modes(
            n in 1usize..16,
            seed in any::<u64>(),
            data in proptest::collection::vec((0.0f64..10.0, 0.0f64..10.0, 0.0f64..3.0), 16),
            exact_max in 0usize..12,
        ) {
            let x: Vec<f64> = data[..n].iter().map(|d| d.0).collect();
            let b: Vec<f64> = data[..n].iter().map(|d| d.1).collect();
            let w: Vec<f64> = data[..n].iter().map(|d| d.2).collect();
            let config = ShapleyConfig { exact_max_inputs: exact_max, permutations: 8, seed };
            let phi = shapley(|z: &[f64]| monotone(&w, z), &x, &b, &config);
            let total: f64 = phi.iter().sum();
            let diff = monotone(&w, &x) - monotone(&w, &b);
            prop_assert!(close(total, diff, 1e-9), "sum {} vs diff {}", total, diff);
        }
    }
}

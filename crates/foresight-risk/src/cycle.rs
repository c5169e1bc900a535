//! One zone's step of the server's risk cycle: fuse the inputs and explain the value with Shapley
//! contributions relative to the zone's baseline.
//!
//! The explanation game is played over *coalitions*: an input is either at its current value or at its
//! baseline, so each signal's pressure and each factor's multipliers are computed twice up front.
//!
//! [`assess_zone`] exploits the fusion's shape to compute the Shapley values *exactly* however many signals
//! there are. With T the present factors and U the present signals,
//!
//! ```text
//! v(T ∪ U) = 100 − (100 − R(T)) · c₀ · Π_{j∈U} a_j,    c₀ = exp(−P_baseline),  a_j = exp(−Δp_j)
//! ```
//!
//! so a marginal contribution depends on U only through the product Π a_j, and summing over all U of a
//! given size gives an elementary symmetric polynomial of the a_j. The register R is enumerated over the
//! 2^m coalitions of moved factors (m ≤ `exact_max_inputs`, typically a handful), the signals are summed in
//! closed form: O(2^m·m + p³) per zone instead of O(2^(m+p)). With more moved factors than
//! `exact_max_inputs` it falls back to [`assess_zone_generic`], the plain coalition game through
//! [`crate::shapley`] (exact up to the limit, seeded antithetic permutation sampling beyond).

use crate::factors::Effect;
use crate::fusion::{FactorInput, Fusion, FusionConfig, HazardBasis, Signal, SignalKind, ZoneHazard, ZoneInputs};
use crate::grade::{Grade, ZoneGrade};
use crate::lec::{Lec, C_SCALE, E_SCALE, L_SCALE};
use crate::shapley::{coalition_shapley, EXACT_LIMIT};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;

/// Most moved factors for which the generic game caches register values per coalition (2¹⁶ entries).
const CACHE_FACTORS: usize = 16;

/// A zone's fused risk and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoneAssessment {
    /// 0..100.
    pub value: f64,
    /// Unassessed when no hazard of the zone is assessed, otherwise the colour of `value`.
    pub grade: ZoneGrade,
    /// The colour of `value` alone (what the evidence says, also for an unassessed zone).
    pub value_grade: Grade,
    /// The value under normal conditions (the static register value).
    pub baseline_value: f64,
    /// Each input's contribution to `value − baseline_value`, in input order (factors, then signals); they
    /// sum to that difference up to rounding. Inputs at their baseline contribute exactly 0.
    pub contributions: Vec<(String, f64)>,
    /// Whether the contributions are exact Shapley values (otherwise a permutation-sampling estimate).
    pub exact: bool,
}

/// The coalition game of one zone: which inputs moved and their values at x and at the baseline.
struct Game {
    fusion: Fusion,
    value: f64,
    baseline_value: f64,
    /// Input indices that differ from the baseline.
    moved: Vec<usize>,
    mult_x: Vec<(f64, f64)>,
    mult_b: Vec<(f64, f64)>,
    p_x: Vec<f64>,
    p_b: Vec<f64>,
}

impl Game {
    fn new(inputs: &ZoneInputs, config: &FusionConfig) -> Game {
        let fusion = Fusion::new(inputs, config);
        let x = inputs.values();
        let b = inputs.baseline(config);
        let nf = fusion.n_factors();
        let mult_at = |k: f64, f: &FactorInput| f.effect.at_intensity(if k > 0.0 { k } else { 0.0 });
        Game {
            value: fusion.value(&x),
            baseline_value: fusion.value(&b),
            moved: (0..x.len()).filter(|&i| x[i] != b[i]).collect(),
            mult_x: inputs.factors.iter().zip(&x).map(|(f, k)| mult_at(*k, f)).collect(),
            mult_b: inputs.factors.iter().zip(&b).map(|(f, k)| mult_at(*k, f)).collect(),
            p_x: (nf..x.len()).map(|i| fusion.pressure(i - nf, x[i])).collect(),
            p_b: (nf..x.len()).map(|i| fusion.pressure(i - nf, b[i])).collect(),
            fusion,
        }
    }

    fn finish(self, inputs: &ZoneInputs, phi: Vec<f64>, exact: bool) -> ZoneAssessment {
        let mut contributions: Vec<(String, f64)> = inputs.names().map(|n| (n.to_owned(), 0.0)).collect();
        for (j, &i) in self.moved.iter().enumerate() {
            contributions[i].1 = phi[j];
        }
        ZoneAssessment {
            value: self.value,
            grade: self.fusion.grade(self.value),
            value_grade: Grade::of_value(self.value),
            baseline_value: self.baseline_value,
            contributions,
            exact,
        }
    }
}

/// Fuses and explains one zone: exact Shapley contributions (see the module docs), falling back to
/// [`assess_zone_generic`] when more factors moved than `config.shapley.exact_max_inputs`.
pub fn assess_zone(inputs: &ZoneInputs, config: &FusionConfig) -> ZoneAssessment {
    let game = Game::new(inputs, config);
    let nf = game.fusion.n_factors();
    let factors: Vec<usize> = game.moved.iter().copied().filter(|&i| i < nf).collect();
    if factors.len() > config.shapley.exact_max_inputs.min(EXACT_LIMIT) {
        return assess_zone_generic(inputs, config);
    }
    let signals: Vec<usize> = game.moved.iter().copied().filter(|&i| i >= nf).map(|i| i - nf).collect();
    let (m, p) = (factors.len(), signals.len());
    let n = m + p;
    if n == 0 {
        return game.finish(inputs, Vec::new(), true);
    }
    let weight = shapley_weights(n);

    // R over every coalition of moved factors; H(T) = 100 − R(T).
    let mut mult = game.mult_b.clone();
    let r: Vec<f64> = (0..1usize << m)
        .map(|mask| {
            for (j, &f) in factors.iter().enumerate() {
                mult[f] = if mask & (1 << j) != 0 { game.mult_x[f] } else { game.mult_b[f] };
            }
            game.fusion.register_with(&mult)
        })
        .collect();
    let mut h_by_size = vec![0.0; m + 1];
    let mut gain_by_size = vec![vec![0.0; m.max(1)]; m]; // [factor][|T|]: Σ R(T ∪ j) − R(T) over T ∌ j
    for (mask, rv) in r.iter().enumerate() {
        let t = mask.count_ones() as usize;
        h_by_size[t] += 100.0 - rv;
        for (j, gains) in gain_by_size.iter_mut().enumerate() {
            if mask & (1 << j) == 0 {
                gains[t] += r[mask | (1 << j)] - rv;
            }
        }
    }

    let c0 = (-game.p_b.iter().sum::<f64>()).exp();
    let a: Vec<f64> = signals.iter().map(|&s| (-(game.p_x[s] - game.p_b[s])).exp()).collect();
    let e_all = elementary_symmetric(&a);
    let mut phi = Vec::with_capacity(n);
    for gains in &gain_by_size {
        let mut sum = 0.0;
        for (t, g) in gains.iter().enumerate().take(m) {
            for (u, e) in e_all.iter().enumerate() {
                sum += weight[t + u] * g * e;
            }
        }
        phi.push(c0 * sum);
    }
    let mut others = Vec::with_capacity(p);
    for i in 0..p {
        others.clear();
        others.extend(a.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, v)| *v));
        let e = elementary_symmetric(&others);
        let mut sum = 0.0;
        for (t, h) in h_by_size.iter().enumerate() {
            for (u, ev) in e.iter().enumerate() {
                sum += weight[t + u] * h * ev;
            }
        }
        phi.push((1.0 - a[i]) * c0 * sum);
    }
    // `moved` lists factors before signals (inputs are ordered that way), matching `phi`.
    game.finish(inputs, phi, true)
}

/// Shapley weights w(s) = s!(n − s − 1)!/n! = 1 / (n · C(n − 1, s)) for s in 0..n.
fn shapley_weights(n: usize) -> Vec<f64> {
    let mut weight = Vec::with_capacity(n);
    let mut binom = 1.0;
    for s in 0..n {
        weight.push(1.0 / (n as f64 * binom));
        binom = binom * (n - 1 - s) as f64 / (s + 1) as f64;
    }
    weight
}

/// e_0..e_k of the values: e_u = Σ over u-subsets of the product of their members.
fn elementary_symmetric(values: &[f64]) -> Vec<f64> {
    let mut e = vec![0.0; values.len() + 1];
    e[0] = 1.0;
    for (k, v) in values.iter().enumerate() {
        for u in (1..=k + 1).rev() {
            e[u] += v * e[u - 1];
        }
    }
    e
}

/// Fuses and explains one zone through the generic coalition game of [`crate::shapley`]: exact up to
/// `exact_max_inputs` moved inputs, seeded antithetic permutation sampling beyond. The register is cached
/// per coalition of moved factors. Used as the fallback and to cross-check [`assess_zone`].
pub fn assess_zone_generic(inputs: &ZoneInputs, config: &FusionConfig) -> ZoneAssessment {
    let game = Game::new(inputs, config);
    let nf = game.fusion.n_factors();
    let base_pressure: f64 = game.p_b.iter().sum();
    // Players that are factors get a bit in the register cache key.
    let mut next = 0;
    let factor_bit: Vec<Option<usize>> = game
        .moved
        .iter()
        .map(|&i| {
            (i < nf).then(|| {
                next += 1;
                next - 1
            })
        })
        .collect();
    let caching = next <= CACHE_FACTORS;
    let mut cache: Vec<f64> = if caching { vec![f64::NAN; 1 << next] } else { Vec::new() };
    let mut mult = game.mult_b.clone();
    let exact = game.moved.len() <= config.shapley.exact_max_inputs.min(EXACT_LIMIT);

    let phi = coalition_shapley(
        game.moved.len(),
        |present| {
            let mut pressure = base_pressure;
            let mut key = 0usize;
            for (j, &i) in game.moved.iter().enumerate() {
                if i < nf {
                    mult[i] = if present[j] { game.mult_x[i] } else { game.mult_b[i] };
                    if caching && present[j] {
                        key |= 1 << factor_bit[j].unwrap_or(0);
                    }
                } else if present[j] {
                    pressure += game.p_x[i - nf] - game.p_b[i - nf];
                }
            }
            let register = match cache.get(key) {
                Some(r) if !r.is_nan() => *r,
                slot => {
                    let r = game.fusion.register_with(&mult);
                    if slot.is_some() {
                        cache[key] = r;
                    }
                    r
                }
            };
            Fusion::combine(register, pressure)
        },
        &config.shapley,
    );
    game.finish(inputs, phi, exact)
}

/// Assesses every zone of a cycle.
pub fn run_cycle(zones: &[ZoneInputs], config: &FusionConfig) -> Vec<ZoneAssessment> {
    zones.iter().map(|z| assess_zone(z, config)).collect()
}

/// Synthetic zones for benchmarks: each has 5 LEC hazards and `n_inputs` inputs, all moved away from the
/// baseline (the worst case for explanations): up to 6 factors, then critical/major/minor alarm counts, the
/// incident likelihood, open risk paths, and per-parameter deviations for the rest. Deterministic per seed.
pub fn synthetic_zones(n_zones: usize, n_inputs: usize, seed: u64) -> Vec<ZoneInputs> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..n_zones)
        .map(|_| {
            let nf = n_inputs.min(6);
            let factors: Vec<FactorInput> = (0..nf)
                .map(|i| FactorInput {
                    name: format!("factor_{i}"),
                    effect: if i + 1 == nf {
                        Effect { l: 0.5, e: 1.0 }
                    } else {
                        Effect { l: rng.gen_range(1.1..3.0), e: if i % 2 == 0 { 1.0 } else { 1.5 } }
                    },
                    intensity: 1.0,
                })
                .collect();
            let hazards = (0..5)
                .map(|_| {
                    let lec = Lec {
                        l: L_SCALE[rng.gen_range(1..L_SCALE.len())],
                        e: E_SCALE[rng.gen_range(0..E_SCALE.len())],
                        c: C_SCALE[rng.gen_range(1..C_SCALE.len())],
                    };
                    let factors = (0..nf).filter(|_| rng.gen_bool(0.5)).collect();
                    ZoneHazard { basis: HazardBasis::Lec(lec), factors }
                })
                .collect();
            let kinds = [
                ("alarms_critical", SignalKind::AlarmsCritical),
                ("alarms_major", SignalKind::AlarmsMajor),
                ("alarms_minor", SignalKind::AlarmsMinor),
                ("incident_likelihood", SignalKind::Likelihood),
                ("risk_paths_open", SignalKind::RiskPaths),
            ];
            let signals = (0..n_inputs - nf)
                .map(|i| match kinds.get(i) {
                    Some((name, SignalKind::Likelihood)) => {
                        Signal::new(name, SignalKind::Likelihood, rng.gen_range(0.05..0.4))
                    }
                    Some((name, kind)) => Signal::new(name, *kind, f64::from(rng.gen_range(1..4u8))),
                    None => Signal::new(&format!("deviation_p{i}"), SignalKind::Deviation, rng.gen_range(0.1..2.5)),
                })
                .collect();
            ZoneInputs { hazards, factors, signals }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fusion::fuse;
    use crate::shapley::{shapley, ShapleyConfig};
    use proptest::prelude::*;

    fn total(a: &ZoneAssessment) -> f64 {
        a.contributions.iter().map(|c| c.1).sum()
    }

    #[test]
    fn contributions_explain_the_difference() {
        let config = FusionConfig::default();
        for n_inputs in [1, 4, 8, 21, 30] {
            for zone in synthetic_zones(20, n_inputs, 1) {
                let fused = fuse(&zone, &config);
                for (a, exact) in
                    [(assess_zone(&zone, &config), true), (assess_zone_generic(&zone, &config), n_inputs <= 10)]
                {
                    assert_eq!(a.exact, exact);
                    assert_eq!(a.contributions.len(), n_inputs);
                    assert!(
                        (total(&a) - (a.value - a.baseline_value)).abs() < 1e-9,
                        "{} vs {}",
                        total(&a),
                        a.value - a.baseline_value
                    );
                    assert_eq!((a.value, a.grade, a.baseline_value), (fused.value, fused.grade, fused.baseline_value));
                }
            }
        }
    }

    #[test]
    fn closed_form_equals_brute_force_enumeration_of_the_fusion_function() {
        // The structured computation must give the Shapley values of the fusion function itself, with every
        // input at its value or at its baseline (the definition), enumerated over all 2ⁿ coalitions.
        for (n_inputs, seed) in [(3, 2), (7, 3), (9, 4), (13, 5)] {
            let brute = ShapleyConfig { exact_max_inputs: 13, ..ShapleyConfig::default() };
            let config = FusionConfig::default();
            for zone in synthetic_zones(6, n_inputs, seed) {
                let fusion = Fusion::new(&zone, &config);
                let expected = shapley(|z: &[f64]| fusion.value(z), &zone.values(), &zone.baseline(&config), &brute);
                let fast = assess_zone(&zone, &config);
                assert!(fast.exact);
                for (e, (name, f)) in expected.iter().zip(&fast.contributions) {
                    assert!((e - f).abs() < 1e-9, "{name}: brute force {e} vs closed form {f}");
                }
                assert!(expected.iter().any(|e| e.abs() > 1e-3), "a test that could not fail");
            }
        }
    }

    #[test]
    fn falls_back_to_sampling_beyond_the_exact_limit_for_factors() {
        let config = FusionConfig {
            shapley: ShapleyConfig { exact_max_inputs: 3, ..ShapleyConfig::default() },
            ..FusionConfig::default()
        };
        for zone in synthetic_zones(5, 21, 6) {
            let a = assess_zone(&zone, &config);
            assert!(!a.exact, "six moved factors > 3");
            assert!((total(&a) - (a.value - a.baseline_value)).abs() < 1e-9);
        }
        let few_factors = synthetic_zones(1, 3, 6).remove(0);
        assert!(assess_zone(&few_factors, &config).exact);
    }

    #[test]
    fn seed_night_is_explained_by_the_two_factors_equally() {
        // Two ×2 factors on the same hazard's L (the seed case) are symmetric players.
        let zone = ZoneInputs {
            hazards: vec![ZoneHazard {
                basis: HazardBasis::Lec(Lec::new(1.0, 6.0, 15.0).unwrap()),
                factors: vec![0, 1],
            }],
            factors: vec![
                FactorInput { name: "cold_below_5c".into(), effect: Effect { l: 2.0, e: 1.0 }, intensity: 1.0 },
                FactorInput { name: "humid_night".into(), effect: Effect { l: 2.0, e: 1.0 }, intensity: 1.0 },
            ],
            signals: vec![Signal::new("alarms_critical", SignalKind::AlarmsCritical, 0.0)],
        };
        let a = assess_zone(&zone, &FusionConfig::default());
        assert_eq!(a.grade, ZoneGrade::Red);
        assert_eq!(a.contributions[2], ("alarms_critical".to_owned(), 0.0));
        assert!((a.contributions[0].1 - a.contributions[1].1).abs() < 1e-12);
        assert!((a.contributions[0].1 * 2.0 - (a.value - a.baseline_value)).abs() < 1e-9);
        let unassessed = assess_zone(&ZoneInputs { hazards: vec![], ..zone }, &FusionConfig::default());
        assert_eq!(unassessed.grade, ZoneGrade::Unassessed);
        assert_eq!(unassessed.value, 0.0);
    }

    #[test]
    fn a_signal_explains_all_of_its_own_effect_when_alone() {
        let zone = ZoneInputs {
            hazards: vec![ZoneHazard { basis: HazardBasis::Lec(Lec::new(1.0, 6.0, 15.0).unwrap()), factors: vec![] }],
            factors: vec![],
            signals: vec![Signal::new("incident_likelihood", SignalKind::Likelihood, 0.5)],
        };
        let a = assess_zone(&zone, &FusionConfig::default());
        assert_eq!(a.grade, ZoneGrade::Red);
        assert!((a.contributions[0].1 - (a.value - a.baseline_value)).abs() < 1e-9);
    }

    #[test]
    fn explanations_are_deterministic() {
        let zones = synthetic_zones(5, 21, 3);
        let config = FusionConfig::default();
        let other = FusionConfig { shapley: ShapleyConfig { seed: 99, ..config.shapley }, ..config };
        assert_eq!(run_cycle(&zones, &config), run_cycle(&zones, &config));
        // The closed form does not sample, so the seed cannot matter; the generic game samples beyond 10.
        assert_eq!(run_cycle(&zones, &config), run_cycle(&zones, &other));
        let generic = |c: &FusionConfig| assess_zone_generic(&zones[0], c).contributions;
        assert_eq!(generic(&config), generic(&config));
        assert_ne!(generic(&config), generic(&other));
    }

    #[test]
    fn helpers() {
        assert_eq!(elementary_symmetric(&[2.0, 3.0, 5.0]), [1.0, 10.0, 31.0, 30.0]);
        assert_eq!(elementary_symmetric(&[]), [1.0]);
        let w = shapley_weights(3);
        assert!(
            (w[0] - 1.0 / 3.0).abs() < 1e-15 && (w[1] - 1.0 / 6.0).abs() < 1e-15 && (w[2] - 1.0 / 3.0).abs() < 1e-15
        );
        assert_eq!(synthetic_zones(3, 21, 1), synthetic_zones(3, 21, 1));
        assert!(synthetic_zones(2, 0, 1).iter().all(|z| z.is_empty()));
    }

    proptest! {
        #[test]
        fn efficiency_holds_for_random_zones(seed in any::<u64>(), n in 0usize..24, exact_max in 0usize..12) {
            let config = FusionConfig { shapley: ShapleyConfig { exact_max_inputs: exact_max, permutations: 6, seed }, ..FusionConfig::default() };
            let zone = synthetic_zones(1, n, seed).remove(0);
            for a in [assess_zone(&zone, &config), assess_zone_generic(&zone, &config)] {
                prop_assert!((total(&a) - (a.value - a.baseline_value)).abs() < 1e-9);
            }
        }
    }
}

//! Zone risk fusion: the register, dynamic factors and live evidence combined into one 0..100 value and a
//! colour per zone.
//!
//! ```text
//! value = 100 − (100 − R) · exp(−P)
//! ```
//!
//! - R, the register value: the highest band-position value ([`crate::grade::lec_value`]) among the zone's
//!   hazards, with the active dynamic factors applied to each LEC hazard exactly as [`crate::factors`] does.
//!   Pre-scored hazards (LS, other methods) enter with a fixed value.
//! - P ≥ 0, the evidence pressure: a weighted sum of concave transforms of alarm counts, the learned-normal
//!   deviation, the predicted incident likelihood above its prior, open risk paths, and custom signals.
//!
//! At the baseline (normal conditions: factors neutral, no alarms, deviation 0, likelihood at its prior, no
//! open paths) P = 0 and the value is the static register value, so the zone shows its assessed colour and
//! evidence can only move it towards 100 by a fraction of the remaining headroom. Live evidence never lowers
//! a zone below its assessment: a quiet model is not a control measure.
//!
//! Monotone: ∂value/∂R = exp(−P) > 0 and ∂value/∂P = (100 − R)·exp(−P) ≥ 0; R is a max of non-decreasing
//! functions of each raising factor's intensity and P a sum of non-decreasing functions of each signal.
//! The only inputs that *lower* risk are the intensities of lowering factors (control measures, multipliers
//! below 1); [`ZoneInputs::directions`] says which, and the value is non-increasing in them.
//!
//! Cheap: one evaluation is a few multiplications per hazard–factor pair plus one `ln` per hazard and one
//! `exp`; Shapley explanations evaluate it hundreds of times per zone.

use crate::error::{fmt_num, AssessmentError, ErrorCode};
use crate::factors::{apply_multipliers, ActiveFactor, Direction, Effect};
use crate::grade::{lec_value, Grade, LecColourMapping, ZoneGrade};
use crate::lec::Lec;
use crate::shapley::ShapleyConfig;
use serde::{Deserialize, Serialize};

/// Weights of the evidence pressure terms. Calibrated on the seed's conveyor (D = 90, value ≈ 32.6, yellow),
/// where orange needs P > 0.30 and red P > 0.99: one critical alarm, a deviation just above the control
/// limit, or one open risk path each reach orange; three critical alarms, a deviation twice the control
/// limit, or a predicted incident likelihood of 50 % reach red; a minor alarm alone does not change colour.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    /// Per ln(1 + count) of active critical alarms.
    pub alarm_critical: f64,
    pub alarm_major: f64,
    pub alarm_minor: f64,
    /// Per squared deviation (1 = at the control limit), capped at `deviation_cap`.
    pub deviation: f64,
    /// Per unit of likelihood above the prior, scaled to 0..1 ((p − prior) / (1 − prior)).
    pub likelihood: f64,
    /// Per open risk path.
    pub risk_path: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            alarm_critical: 0.75,
            alarm_major: 0.3,
            alarm_minor: 0.1,
            deviation: 0.3,
            likelihood: 2.5,
            risk_path: 0.5,
        }
    }
}

/// Tenant-level fusion settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FusionConfig {
    pub mapping: LecColourMapping,
    pub weights: Weights,
    /// The predictor's incident likelihood under normal conditions (its baseline), in [0, 1).
    pub likelihood_prior: f64,
    /// Deviations above this many control limits add no more pressure (one broken sensor must not dominate).
    pub deviation_cap: f64,
    pub shapley: ShapleyConfig,
}

impl Default for FusionConfig {
    fn default() -> Self {
        FusionConfig {
            mapping: LecColourMapping::Default,
            weights: Weights::default(),
            likelihood_prior: 0.02,
            deviation_cap: 4.0,
            shapley: ShapleyConfig::default(),
        }
    }
}

impl FusionConfig {
    pub fn validate(&self) -> Result<(), Vec<AssessmentError>> {
        let mut errors = Vec::new();
        let w = &self.weights;
        for (field, value) in [
            ("alarm_critical", w.alarm_critical),
            ("alarm_major", w.alarm_major),
            ("alarm_minor", w.alarm_minor),
            ("deviation", w.deviation),
            ("likelihood", w.likelihood),
            ("risk_path", w.risk_path),
        ] {
            range(&format!("weights.{field}"), value, 0.0, 100.0, &mut errors);
        }
        range("likelihood_prior", self.likelihood_prior, 0.0, 0.99, &mut errors);
        range("deviation_cap", self.deviation_cap, 0.1, 100.0, &mut errors);
        if let Err(e) = self.shapley.validate() {
            errors.extend(e.into_iter().map(|mut e| {
                e.path = format!("shapley.{}", e.path);
                e
            }));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

fn range(path: &str, value: f64, min: f64, max: f64, errors: &mut Vec<AssessmentError>) {
    if !value.is_finite() {
        errors.push(AssessmentError::new(path, ErrorCode::NotFinite));
    } else if !(min..=max).contains(&value) {
        errors.push(
            AssessmentError::new(path, ErrorCode::OutOfRange)
                .with("value", fmt_num(value))
                .with("min", fmt_num(min))
                .with("max", fmt_num(max)),
        );
    }
}

/// How a hazard of the zone is scored.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HazardBasis {
    /// An LEC assessment; dynamic factors apply.
    Lec(Lec),
    /// A pre-scored 0..100 band-position value (e.g. [`crate::grade::LsColourBands::value`]); factors do not
    /// apply. NaN counts as 100: an unreadable score must never look safe.
    Value(f64),
}

/// One assessed hazard of the zone and the zone's factor inputs (indices into [`ZoneInputs::factors`]) that
/// apply to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZoneHazard {
    pub basis: HazardBasis,
    #[serde(default)]
    pub factors: Vec<usize>,
}

/// An active dynamic factor as a fusion input. The input's value is its intensity (baseline 0 = neutral).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactorInput {
    pub name: String,
    pub effect: Effect,
    pub intensity: f64,
}

/// The kind of a live evidence signal, which fixes its transform, weight and baseline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    /// Count of active critical alarms (baseline 0).
    AlarmsCritical,
    AlarmsMajor,
    AlarmsMinor,
    /// Learned-normal deviation score, ≥ 0, 1 = at the control limit (baseline 0).
    Deviation,
    /// Predicted near-term incident likelihood in [0, 1] (baseline: the configured prior).
    Likelihood,
    /// Number of open risk paths (baseline 0).
    RiskPaths,
    /// Any other non-negative risk-raising signal, pressure = weight · value (baseline 0).
    Custom {
        weight: f64,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    pub name: String,
    pub kind: SignalKind,
    pub value: f64,
}

impl Signal {
    pub fn new(name: &str, kind: SignalKind, value: f64) -> Signal {
        Signal { name: name.to_owned(), kind, value }
    }
}

/// Everything fused for one zone. An empty `hazards` list means no hazard of the zone has been assessed:
/// the zone's grade is then [`ZoneGrade::Unassessed`], whatever the evidence says.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ZoneInputs {
    pub hazards: Vec<ZoneHazard>,
    pub factors: Vec<FactorInput>,
    pub signals: Vec<Signal>,
}

/// A register entry for [`ZoneInputs::from_register`].
#[derive(Debug, Clone, Copy)]
pub struct RegisterHazard<'a> {
    pub category: &'a str,
    pub tags: &'a [String],
    pub basis: HazardBasis,
}

impl ZoneInputs {
    /// Builds the inputs from the zone's assessed hazards and the active factors: only factors that apply to
    /// at least one LEC hazard become inputs (others could not change anything). Factor input names are the
    /// factor ids.
    pub fn from_register(hazards: &[RegisterHazard<'_>], active: &[ActiveFactor], signals: Vec<Signal>) -> ZoneInputs {
        let mut factors = Vec::new();
        let mut applies: Vec<Vec<usize>> = vec![Vec::new(); hazards.len()];
        for factor in active {
            let matching: Vec<usize> = hazards
                .iter()
                .enumerate()
                .filter(|(_, h)| {
                    matches!(h.basis, HazardBasis::Lec(_)) && factor.applies_to.matches(h.category, h.tags)
                })
                .map(|(i, _)| i)
                .collect();
            if matching.is_empty() {
                continue;
            }
            for h in matching {
                applies[h].push(factors.len());
            }
            factors.push(FactorInput { name: factor.id.clone(), effect: factor.effect, intensity: factor.intensity });
        }
        let hazards = hazards.iter().zip(applies).map(|(h, factors)| ZoneHazard { basis: h.basis, factors }).collect();
        ZoneInputs { hazards, factors, signals }
    }

    pub fn is_assessed(&self) -> bool {
        !self.hazards.is_empty()
    }

    /// Number of inputs: factor intensities first, then signals.
    pub fn len(&self) -> usize {
        self.factors.len() + self.signals.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Input names in input order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.factors.iter().map(|f| f.name.as_str()).chain(self.signals.iter().map(|s| s.name.as_str()))
    }

    /// Current input values in input order.
    pub fn values(&self) -> Vec<f64> {
        self.factors.iter().map(|f| f.intensity).chain(self.signals.iter().map(|s| s.value)).collect()
    }

    /// Baseline input values (normal conditions) in input order.
    pub fn baseline(&self, config: &FusionConfig) -> Vec<f64> {
        let signal = |s: &Signal| if s.kind == SignalKind::Likelihood { config.likelihood_prior } else { 0.0 };
        self.factors.iter().map(|_| 0.0).chain(self.signals.iter().map(signal)).collect()
    }

    /// Whether raising each input raises or lowers the value.
    pub fn directions(&self) -> Vec<Direction> {
        self.factors
            .iter()
            .map(|f| f.effect.direction())
            .chain(self.signals.iter().map(|_| Direction::Raises))
            .collect()
    }
}

#[derive(Debug, Clone)]
struct CompiledHazard {
    lec: Lec,
    factors: Vec<usize>,
}

/// A zone's fusion function, compiled once for many evaluations.
#[derive(Debug, Clone)]
pub struct Fusion {
    config: FusionConfig,
    assessed: bool,
    /// Max value of hazards no factor applies to (−∞ when none).
    fixed: f64,
    hazards: Vec<CompiledHazard>,
    effects: Vec<Effect>,
    kinds: Vec<SignalKind>,
}

impl Fusion {
    pub fn new(inputs: &ZoneInputs, config: &FusionConfig) -> Fusion {
        let mut fixed = f64::NEG_INFINITY;
        let mut hazards = Vec::new();
        for h in &inputs.hazards {
            let factors: Vec<usize> = h.factors.iter().copied().filter(|&f| f < inputs.factors.len()).collect();
            match h.basis {
                HazardBasis::Value(v) => fixed = fixed.max(if v.is_nan() { 100.0 } else { v.clamp(0.0, 100.0) }),
                HazardBasis::Lec(lec) if factors.is_empty() => fixed = fixed.max(lec_value(lec.d(), config.mapping)),
                HazardBasis::Lec(lec) => hazards.push(CompiledHazard { lec, factors }),
            }
        }
        Fusion {
            config: *config,
            assessed: inputs.is_assessed(),
            fixed,
            hazards,
            effects: inputs.factors.iter().map(|f| f.effect).collect(),
            kinds: inputs.signals.iter().map(|s| s.kind).collect(),
        }
    }

    pub fn n_factors(&self) -> usize {
        self.effects.len()
    }

    pub fn is_assessed(&self) -> bool {
        self.assessed
    }

    /// R for given per-factor (L, E) multipliers: the max over hazards. 0 for an unassessed zone.
    pub(crate) fn register_with(&self, mult: &[(f64, f64)]) -> f64 {
        let mut r = self.fixed;
        for h in &self.hazards {
            let (mut lm, mut em) = (1.0, 1.0);
            for &f in &h.factors {
                lm *= mult[f].0;
                em *= mult[f].1;
            }
            let (_, _, d) = apply_multipliers(&h.lec, lm, em);
            r = r.max(lec_value(d, self.config.mapping));
        }
        r.max(0.0)
    }

    /// The register value at the given factor intensities (negative intensities count as 0).
    pub fn register_value(&self, intensities: &[f64]) -> f64 {
        let mult: Vec<(f64, f64)> = self
            .effects
            .iter()
            .zip(intensities)
            .map(|(e, k)| e.at_intensity(if *k > 0.0 { *k } else { 0.0 }))
            .collect();
        self.register_with(&mult)
    }

    /// The pressure of signal `i` at `value`. Non-finite or negative values add no pressure (data quality is
    /// watched elsewhere; the register still sets the floor), except +∞ counts, which saturate.
    pub fn pressure(&self, i: usize, value: f64) -> f64 {
        let w = &self.config.weights;
        let x = value.max(0.0); // NaN → 0
        match self.kinds[i] {
            SignalKind::AlarmsCritical => w.alarm_critical * x.ln_1p(),
            SignalKind::AlarmsMajor => w.alarm_major * x.ln_1p(),
            SignalKind::AlarmsMinor => w.alarm_minor * x.ln_1p(),
            SignalKind::Deviation => w.deviation * x.min(self.config.deviation_cap).powi(2),
            SignalKind::Likelihood => {
                let prior = self.config.likelihood_prior;
                w.likelihood * ((x.min(1.0) - prior) / (1.0 - prior)).max(0.0)
            }
            SignalKind::RiskPaths => w.risk_path * x,
            SignalKind::Custom { weight } => weight.max(0.0) * x,
        }
    }

    pub(crate) fn combine(register: f64, pressure: f64) -> f64 {
        100.0 - (100.0 - register) * (-pressure).exp()
    }

    /// The fused 0..100 value for input values `x` in [`ZoneInputs`] order.
    pub fn value(&self, x: &[f64]) -> f64 {
        let nf = self.n_factors();
        let register = self.register_value(&x[..nf]);
        let pressure: f64 = x[nf..].iter().enumerate().map(|(i, v)| self.pressure(i, *v)).sum();
        Fusion::combine(register, pressure)
    }

    pub fn grade(&self, value: f64) -> ZoneGrade {
        if self.assessed {
            Grade::of_value(value).into()
        } else {
            ZoneGrade::Unassessed
        }
    }
}

/// The fused value of a zone without explanations.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Fused {
    pub value: f64,
    /// Unassessed when no hazard of the zone is assessed, otherwise the colour of `value`.
    pub grade: ZoneGrade,
    /// The colour of `value` alone, for showing what the evidence says about an unassessed zone.
    pub value_grade: Grade,
    /// The value at the baseline: the static register value.
    pub baseline_value: f64,
}

pub fn fuse(inputs: &ZoneInputs, config: &FusionConfig) -> Fused {
    let fusion = Fusion::new(inputs, config);
    let value = fusion.value(&inputs.values());
    Fused {
        value,
        grade: fusion.grade(value),
        value_grade: Grade::of_value(value),
        baseline_value: fusion.value(&inputs.baseline(config)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::{Condition, Op, Snapshot};
    use crate::factors::{active_factors, dynamic_lec, AppliesTo, Factor};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn lec(l: f64, e: f64, c: f64) -> HazardBasis {
        HazardBasis::Lec(Lec::new(l, e, c).unwrap())
    }

    fn seed_inputs(night: bool) -> (ZoneInputs, Vec<ActiveFactor>) {
        let factors = vec![
            Factor {
                id: "cold_below_5c".into(),
                name: "低温".into(),
                condition: Condition::compare("temp_c", Op::Lt, 5.0),
                applies_to: AppliesTo::Matching { categories: vec!["mechanical".into()], tags: vec![] },
                effect: Effect { l: 2.0, e: 1.0 },
            },
            Factor {
                id: "humid_night".into(),
                name: "潮湿夜班".into(),
                condition: Condition::All(vec![
                    Condition::flag("night_shift", true),
                    Condition::compare("humidity_pct", Op::Gt, 85.0),
                ]),
                applies_to: AppliesTo::All,
                effect: Effect { l: 2.0, e: 1.0 },
            },
        ];
        let snapshot = if night {
            Snapshot::new().with_number("temp_c", 2.0).with_number("humidity_pct", 92.0).with_flag("night_shift", true)
        } else {
            Snapshot::new()
                .with_number("temp_c", 22.0)
                .with_number("humidity_pct", 40.0)
                .with_flag("night_shift", false)
        };
        let active = active_factors(&factors, &snapshot, &BTreeMap::new());
        let tags: &[String] = &[];
        let hazards = [
            RegisterHazard { category: "mechanical", tags, basis: lec(1.0, 6.0, 15.0) }, // missing guard, D 90
            RegisterHazard { category: "electrical", tags, basis: lec(0.5, 6.0, 15.0) }, // D 45
            RegisterHazard { category: "chemical", tags, basis: HazardBasis::Value(20.0) }, // LS-scored, blue
        ];
        (ZoneInputs::from_register(&hazards, &active, vec![]), active)
    }

    #[test]
    fn baseline_is_the_static_register_and_factors_match_the_factor_module() {
        let config = FusionConfig::default();
        let (day, _) = seed_inputs(false);
        assert!(day.factors.is_empty());
        let fused = fuse(&day, &config);
        assert_eq!(fused.value, lec_value(90.0, config.mapping));
        assert_eq!((fused.value, fused.grade), (fused.baseline_value, ZoneGrade::Yellow));

        let (night, active) = seed_inputs(true);
        assert_eq!(night.factors.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["cold_below_5c", "humid_night"]);
        assert_eq!(night.hazards[0].factors, [0, 1]);
        assert_eq!(night.hazards[1].factors, [1]);
        let fused = fuse(&night, &config);
        let guard = dynamic_lec(&Lec::new(1.0, 6.0, 15.0).unwrap(), "mechanical", &[], &active, config.mapping);
        assert_eq!(fused.value, guard.value, "the zone's value is its worst hazard's dynamic value");
        assert_eq!(fused.grade, ZoneGrade::Red);
        assert_eq!(fused.baseline_value, lec_value(90.0, config.mapping));
    }

    #[test]
    fn unassessed_stays_unassessed_even_with_alarming_evidence() {
        let config = FusionConfig::default();
        let quiet = ZoneInputs::default();
        let fused = fuse(&quiet, &config);
        assert_eq!((fused.value, fused.grade), (0.0, ZoneGrade::Unassessed));
        let loud = ZoneInputs {
            signals: vec![Signal::new("alarms_critical", SignalKind::AlarmsCritical, 5.0)],
            ..ZoneInputs::default()
        };
        let fused = fuse(&loud, &config);
        assert_eq!(fused.grade, ZoneGrade::Unassessed);
        assert!(fused.value > 50.0, "the evidence is still reported: {}", fused.value);
        assert_eq!(fused.value_grade, Grade::of_value(fused.value));
    }

    #[test]
    fn calibration_from_a_yellow_zone() {
        let config = FusionConfig::default();
        let zone = |signals: Vec<Signal>| ZoneInputs {
            hazards: vec![ZoneHazard { basis: lec(1.0, 6.0, 15.0), factors: vec![] }],
            factors: vec![],
            signals,
        };
        let grade = |s: Signal| fuse(&zone(vec![s]), &config).grade;
        assert_eq!(fuse(&zone(vec![]), &config).grade, ZoneGrade::Yellow);
        assert_eq!(grade(Signal::new("a", SignalKind::AlarmsCritical, 1.0)), ZoneGrade::Orange);
        assert_eq!(grade(Signal::new("a", SignalKind::AlarmsCritical, 3.0)), ZoneGrade::Red);
        assert_eq!(grade(Signal::new("a", SignalKind::AlarmsMinor, 1.0)), ZoneGrade::Yellow);
        assert_eq!(grade(Signal::new("d", SignalKind::Deviation, 0.5)), ZoneGrade::Yellow);
        assert_eq!(grade(Signal::new("d", SignalKind::Deviation, 1.2)), ZoneGrade::Orange);
        assert_eq!(grade(Signal::new("d", SignalKind::Deviation, 2.0)), ZoneGrade::Red);
        assert_eq!(grade(Signal::new("p", SignalKind::Likelihood, 0.02)), ZoneGrade::Yellow);
        assert_eq!(grade(Signal::new("p", SignalKind::Likelihood, 0.5)), ZoneGrade::Red);
        assert_eq!(grade(Signal::new("r", SignalKind::RiskPaths, 1.0)), ZoneGrade::Orange);
        assert_eq!(grade(Signal::new("c", SignalKind::Custom { weight: 0.0 }, 9.0)), ZoneGrade::Yellow);
        // Garbage evidence neither lowers nor raises the zone.
        for bad in [f64::NAN, -3.0, f64::NEG_INFINITY] {
            assert_eq!(
                fuse(&zone(vec![Signal::new("d", SignalKind::Deviation, bad)]), &config).value,
                lec_value(90.0, config.mapping)
            );
        }
        assert_eq!(fuse(&zone(vec![Signal::new("a", SignalKind::AlarmsMajor, f64::INFINITY)]), &config).value, 100.0);
        // A likelihood below the prior does not lower the zone below its assessment.
        assert_eq!(
            fuse(&zone(vec![Signal::new("p", SignalKind::Likelihood, 0.0)]), &config).value,
            lec_value(90.0, config.mapping)
        );
    }

    #[test]
    fn control_measure_lowers_and_nan_scores_are_not_safe() {
        let config = FusionConfig::default();
        let zone = |k: f64| ZoneInputs {
            hazards: vec![ZoneHazard { basis: lec(3.0, 6.0, 15.0), factors: vec![0] }],
            factors: vec![FactorInput { name: "interlock".into(), effect: Effect { l: 0.2, e: 1.0 }, intensity: k }],
            signals: vec![],
        };
        assert_eq!(zone(1.0).directions(), [Direction::Lowers]);
        let (off, on) = (fuse(&zone(0.0), &config), fuse(&zone(1.0), &config));
        assert_eq!(off.grade, ZoneGrade::Orange); // D 270
        assert_eq!(on.grade, ZoneGrade::Blue); // L 0.6 → D 54
        assert!(on.value < on.baseline_value);
        let nan = ZoneInputs {
            hazards: vec![ZoneHazard { basis: HazardBasis::Value(f64::NAN), factors: vec![] }],
            ..ZoneInputs::default()
        };
        assert_eq!(fuse(&nan, &config).grade, ZoneGrade::Red);
    }

    #[test]
    fn config_validation() {
        FusionConfig::default().validate().unwrap();
        let mut c = FusionConfig::default();
        c.weights.deviation = -1.0;
        c.weights.likelihood = f64::NAN;
        c.likelihood_prior = 1.0;
        c.deviation_cap = 0.0;
        c.shapley.permutations = 0;
        let got: Vec<_> = c.validate().unwrap_err().into_iter().map(|e| (e.path, e.code)).collect();
        let p = |s: &str, c| (s.to_owned(), c);
        assert_eq!(
            got,
            [
                p("weights.deviation", ErrorCode::OutOfRange),
                p("weights.likelihood", ErrorCode::NotFinite),
                p("likelihood_prior", ErrorCode::OutOfRange),
                p("deviation_cap", ErrorCode::OutOfRange),
                p("shapley.permutations", ErrorCode::OutOfRange),
            ]
        );
        let json = serde_json::to_value(FusionConfig::default()).unwrap();
        assert_eq!(json["mapping"], "default");
        assert_eq!(serde_json::from_value::<FusionConfig>(json).unwrap(), FusionConfig::default());
    }

    const L: [f64; 7] = crate::lec::L_SCALE;
    const E: [f64; 6] = crate::lec::E_SCALE;
    const C: [f64; 6] = crate::lec::C_SCALE;

    fn kind(k: u8) -> SignalKind {
        match k % 7 {
            0 => SignalKind::AlarmsCritical,
            1 => SignalKind::AlarmsMajor,
            2 => SignalKind::AlarmsMinor,
            3 => SignalKind::Deviation,
            4 => SignalKind::Likelihood,
            5 => SignalKind::RiskPaths,
            _ => SignalKind::Custom { weight: 0.3 },
        }
    }

    prop_compose! {
        /// A random zone: up to 6 LEC hazards, up to 6 factors (raising and lowering) applied at random, up to
        /// 12 signals of every kind.
        fn zone_inputs()(
            hazards in proptest::collection::vec((0..7usize, 0..6usize, 0..6usize, any::<u8>()), 1..6),
            factors in proptest::collection::vec((0.05f64..10.0, 0.05f64..10.0, 0.0f64..3.0), 0..6),
            signals in proptest::collection::vec((any::<u8>(), 0.0f64..8.0), 0..12),
            mapping in prop_oneof![Just(LecColourMapping::Default), Just(LecColourMapping::HighBandsRed)],
        ) -> (ZoneInputs, LecColourMapping) {
            let factors: Vec<FactorInput> = factors.into_iter().enumerate().map(|(i, (l, e, k))| {
                // One direction per factor, as validation requires.
                let effect = if l >= 1.0 { Effect { l, e: e.max(1.0) } } else { Effect { l, e: e.min(1.0) } };
                FactorInput { name: format!("f{i}"), effect, intensity: k }
            }).collect();
            let n = factors.len();
            let hazards = hazards.into_iter().map(|(l, e, c, mask)| ZoneHazard {
                basis: HazardBasis::Lec(Lec::new(L[l], E[e], C[c]).unwrap()),
                factors: (0..n).filter(|f| mask & (1 << f) != 0).collect(),
            }).collect();
            let signals = signals.into_iter().enumerate().map(|(i, (k, v))| {
                let kind = kind(k);
                let v = if kind == SignalKind::Likelihood { v / 8.0 } else { v };
                Signal::new(&format!("s{i}"), kind, v)
            }).collect();
            (ZoneInputs { hazards, factors, signals }, mapping)
        }
    }

    proptest! {
        #[test]
        fn value_and_grade_never_fall_when_a_raising_input_rises(
            (inputs, mapping) in zone_inputs(),
            which in any::<prop::sample::Index>(),
            delta in 0.0f64..5.0,
        ) {
            let config = FusionConfig { mapping, ..FusionConfig::default() };
            prop_assume!(!inputs.is_empty());
            let fusion = Fusion::new(&inputs, &config);
            let x = inputs.values();
            let i = which.index(x.len());
            let mut raised = x.clone();
            raised[i] += delta;
            let (before, after) = (fusion.value(&x), fusion.value(&raised));
            prop_assert!((0.0..=100.0).contains(&before) && (0.0..=100.0).contains(&after));
            match inputs.directions()[i] {
                Direction::Raises => {
                    prop_assert!(after >= before, "input {} rose by {}: {} → {}", i, delta, before, after);
                    prop_assert!(fusion.grade(after).grade() >= fusion.grade(before).grade());
                }
                Direction::Lowers => prop_assert!(after <= before, "control {} rose: {} → {}", i, before, after),
            }
        }

        #[test]
        fn a_worse_static_assessment_never_lowers_the_zone(
            (inputs, mapping) in zone_inputs(),
            which in any::<prop::sample::Index>(),
        ) {
            let config = FusionConfig { mapping, ..FusionConfig::default() };
            let h = which.index(inputs.hazards.len());
            let HazardBasis::Lec(old) = inputs.hazards[h].basis else { unreachable!() };
            // One step up the L scale (or unchanged at the top).
            let next_l = L.iter().copied().filter(|s| *s > old.l).reduce(f64::min).unwrap_or(old.l);
            let worse = Lec::new(next_l, old.e, old.c).unwrap();
            let mut raised = inputs.clone();
            raised.hazards[h].basis = HazardBasis::Lec(worse);
            let (before, after) = (fuse(&inputs, &config), fuse(&raised, &config));
            prop_assert!(after.value >= before.value);
            prop_assert!(after.grade.grade() >= before.grade.grade());
        }

        #[test]
        fn the_baseline_gives_the_static_register_colour(
            (inputs, mapping) in zone_inputs(),
        ) {
            let config = FusionConfig { mapping, ..FusionConfig::default() };
            let fusion = Fusion::new(&inputs, &config);
            let base = fusion.value(&inputs.baseline(&config));
            let worst = inputs.hazards.iter().map(|h| match h.basis {
                HazardBasis::Lec(l) => mapping.grade(l.d()),
                HazardBasis::Value(v) => Grade::of_value(v),
            }).max().unwrap();
            prop_assert_eq!(fusion.grade(base), ZoneGrade::from(worst));
        }
    }
}

//! Dynamic factors: live conditions that multiply a hazard's L and/or E, giving a dynamic D = L' × E' × C.
//!
//! The same missing guard is more likely to hurt someone on a cold, humid night shift than at noon. A factor
//! says when ([`Condition`]), to which hazards ([`AppliesTo`]) and by how much ([`Effect`]). A multiplier above
//! 1 raises, below 1 lowers (a temporary control measure). Dynamic L and E are clamped to their scales'
//! ranges (L 0.1..=10, E 0.5..=10): "expected" (10) is as likely as anything gets, and a control measure cannot
//! make a hazard less likely than "virtually impossible". Dynamic values are continuous, not snapped to the
//! scale; only the assessed [`Lec`] lies on the scale.
//!
//! Evaluation is split in two so the cycle evaluates each factor's condition once per zone snapshot
//! ([`active_factors`]) and then applies the active ones to every hazard of the zone ([`dynamic_lec`]).

use crate::condition::{Condition, Snapshot};
use crate::error::{check_identifier, check_text, fmt_num, join, AssessmentError, ErrorCode};
use crate::grade::{lec_value, Grade, LecColourMapping};
use crate::lec::{Lec, LecBand};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Dynamic L is clamped into the L scale's range.
pub const L_RANGE: (f64, f64) = (0.1, 10.0);
/// Dynamic E is clamped into the E scale's range.
pub const E_RANGE: (f64, f64) = (0.5, 10.0);
/// Largest allowed multiplier: ×10 already takes "remotely possible" (1) to "expected" (10).
pub const MAX_MULTIPLIER: f64 = 10.0;
/// Longest factor name.
pub const MAX_NAME: usize = 100;

/// A dynamic factor definition, stored as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Factor {
    /// Stable identifier (`cold_below_5c`), referenced by rules' `adjust_factor` actions.
    pub id: String,
    /// Human-readable name shown in explanations (`低温 <5 °C`).
    pub name: String,
    pub condition: Condition,
    pub applies_to: AppliesTo,
    pub effect: Effect,
}

/// Which hazards a factor applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppliesTo {
    /// Every hazard (e.g. fatigue on night shifts affects every task).
    All,
    /// Hazards whose category is listed or that carry one of the tags.
    Matching {
        #[serde(default)]
        categories: Vec<String>,
        #[serde(default)]
        tags: Vec<String>,
    },
}

impl AppliesTo {
    pub fn matches(&self, category: &str, tags: &[String]) -> bool {
        match self {
            AppliesTo::All => true,
            AppliesTo::Matching { categories, tags: wanted } => {
                categories.iter().any(|c| c == category) || tags.iter().any(|t| wanted.contains(t))
            }
        }
    }
}

fn one() -> f64 {
    1.0
}

/// Multipliers on L and E; 1 leaves a dimension unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Effect {
    #[serde(default = "one")]
    pub l: f64,
    #[serde(default = "one")]
    pub e: f64,
}

/// Whether an effect raises or lowers risk. Validation forbids mixed effects, so every factor has one
/// direction and the fusion stays monotone in its intensity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Raises,
    Lowers,
}

impl Effect {
    pub fn direction(&self) -> Direction {
        if self.l < 1.0 || self.e < 1.0 {
            Direction::Lowers
        } else {
            Direction::Raises
        }
    }

    /// The multipliers at an intensity `k` (1 = as defined, 0 = neutral, 2 = twice the effect in log space,
    /// so a ×2 becomes ×4 and a control measure's ×0.5 becomes ×0.25). Rules' `adjust_factor` sets `k`.
    pub fn at_intensity(&self, k: f64) -> (f64, f64) {
        (self.l.powf(k), self.e.powf(k))
    }
}

impl Factor {
    /// Every problem, with paths relative to the factor (`effect.l`, `condition.all[0].compare.op`).
    pub fn validate(&self) -> Result<(), Vec<AssessmentError>> {
        let mut errors = Vec::new();
        self.validate_into("", &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    fn validate_into(&self, base: &str, errors: &mut Vec<AssessmentError>) {
        check_identifier(&join(base, "id"), &self.id, errors);
        check_text(&join(base, "name"), &self.name, MAX_NAME, errors);
        self.condition.validate(&join(base, "condition"), errors);
        if let AppliesTo::Matching { categories, tags } = &self.applies_to {
            let path = join(base, "applies_to.matching");
            if categories.is_empty() && tags.is_empty() {
                errors.push(AssessmentError::new(&path, ErrorCode::EmptyList));
            }
            for (field, list) in [("categories", categories), ("tags", tags)] {
                for (i, item) in list.iter().enumerate() {
                    check_text(&format!("{path}.{field}[{i}]"), item, MAX_NAME, errors);
                }
            }
        }
        let mut valid = true;
        for (field, m) in [("l", self.effect.l), ("e", self.effect.e)] {
            let path = join(base, &format!("effect.{field}"));
            if !m.is_finite() {
                errors.push(AssessmentError::new(path, ErrorCode::NotFinite));
                valid = false;
            } else if m <= 0.0 || m > MAX_MULTIPLIER {
                errors.push(
                    AssessmentError::new(path, ErrorCode::MultiplierOutOfRange)
                        .with("value", fmt_num(m))
                        .with("max", fmt_num(MAX_MULTIPLIER)),
                );
                valid = false;
            }
        }
        if valid {
            let (l, e) = (self.effect.l, self.effect.e);
            if l == 1.0 && e == 1.0 {
                errors.push(AssessmentError::new(join(base, "effect"), ErrorCode::NoEffect));
            } else if (l > 1.0 && e < 1.0) || (l < 1.0 && e > 1.0) {
                errors.push(AssessmentError::new(join(base, "effect"), ErrorCode::MixedDirection));
            }
        }
    }
}

/// Validates a tenant's whole factor list: each factor (paths `[i].…`) and unique ids.
pub fn validate_factors(factors: &[Factor]) -> Result<(), Vec<AssessmentError>> {
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, factor) in factors.iter().enumerate() {
        let base = format!("[{i}]");
        factor.validate_into(&base, &mut errors);
        if !seen.insert(factor.id.as_str()) {
            errors.push(AssessmentError::new(format!("{base}.id"), ErrorCode::Duplicate).with("value", &factor.id));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// A factor whose condition holds on the current snapshot, at its current intensity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActiveFactor {
    pub id: String,
    pub name: String,
    pub applies_to: AppliesTo,
    pub effect: Effect,
    /// 1 as defined; rules' `adjust_factor` actions multiply it.
    pub intensity: f64,
}

impl ActiveFactor {
    pub fn multipliers(&self) -> (f64, f64) {
        self.effect.at_intensity(self.intensity)
    }
}

/// The factors whose conditions definitely hold on `snapshot` (unknown counts as not holding). `intensity`
/// carries rule adjustments by factor id (see [`crate::rules::factor_adjustments`]); absent ids mean 1.
/// A non-finite or negative intensity is ignored (treated as 1) rather than trusted.
pub fn active_factors(factors: &[Factor], snapshot: &Snapshot, intensity: &BTreeMap<String, f64>) -> Vec<ActiveFactor> {
    factors
        .iter()
        .filter(|f| f.condition.holds(snapshot))
        .map(|f| ActiveFactor {
            id: f.id.clone(),
            name: f.name.clone(),
            applies_to: f.applies_to.clone(),
            effect: f.effect,
            intensity: intensity.get(&f.id).copied().filter(|k| k.is_finite() && *k >= 0.0).unwrap_or(1.0),
        })
        .collect()
}

/// L and E after multipliers, clamped to their scales' ranges, and the resulting D.
pub fn apply_multipliers(lec: &Lec, l_mult: f64, e_mult: f64) -> (f64, f64, f64) {
    let l = (lec.l * l_mult).clamp(L_RANGE.0, L_RANGE.1);
    let e = (lec.e * e_mult).clamp(E_RANGE.0, E_RANGE.1);
    (l, e, l * e * lec.c)
}

/// A hazard's score under the current conditions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DynamicLec {
    /// The assessed (static) LEC.
    pub assessed: Lec,
    pub l: f64,
    pub e: f64,
    pub c: f64,
    pub d: f64,
    pub band: LecBand,
    pub grade: Grade,
    /// The 0..100 band-position value ([`crate::grade::lec_value`]) used by zone fusion.
    pub value: f64,
    /// Ids of the factors that applied, in definition order.
    pub applied: Vec<String>,
}

/// Applies the active factors that match the hazard (`category`, `tags`) to its assessed LEC.
pub fn dynamic_lec(
    lec: &Lec,
    category: &str,
    tags: &[String],
    active: &[ActiveFactor],
    mapping: LecColourMapping,
) -> DynamicLec {
    let (mut l_mult, mut e_mult) = (1.0, 1.0);
    let mut applied = Vec::new();
    for factor in active.iter().filter(|f| f.applies_to.matches(category, tags)) {
        let (l, e) = factor.multipliers();
        l_mult *= l;
        e_mult *= e;
        applied.push(factor.id.clone());
    }
    let (l, e, d) = apply_multipliers(lec, l_mult, e_mult);
    DynamicLec {
        assessed: *lec,
        l,
        e,
        c: lec.c,
        d,
        band: LecBand::of(d),
        grade: mapping.grade(d),
        value: lec_value(d, mapping),
        applied,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::Op;
    use crate::error::Lang;

    /// The seed case: a conveyor with a missing guard.
    ///
    /// Assessed LEC: L = 1 (remotely possible: people rarely reach into a running belt), E = 6 (operators
    /// pass it daily), C = 15 (entanglement can kill one person) → D = 90, "notably dangerous", yellow 一般
    /// under the default mapping.
    ///
    /// Two factors, each ×2 on L, reproduce the seed's ×4 (its 12 → 48):
    /// - `cold_below_5c` (mechanical hazards): below 5 °C metal parts turn brittle and gloved hands are clumsy.
    /// - `humid_night` (all hazards): on a night shift with humidity above 85 % floors and belts are slippery
    ///   and reactions slower.
    ///
    /// Cold alone: L = 2, D = 180 → orange 较大. Cold on a humid night: L = 4, D = 360 → red 重大.
    fn seed_factors() -> Vec<Factor> {
        vec![
            Factor {
                id: "cold_below_5c".into(),
                name: "低温 <5 °C".into(),
                condition: Condition::compare("temp_c", Op::Lt, 5.0),
                applies_to: AppliesTo::Matching { categories: vec!["mechanical".into()], tags: vec![] },
                effect: Effect { l: 2.0, e: 1.0 },
            },
            Factor {
                id: "humid_night".into(),
                name: "夜班且湿度 >85 %".into(),
                condition: Condition::All(vec![
                    Condition::flag("night_shift", true),
                    Condition::compare("humidity_pct", Op::Gt, 85.0),
                ]),
                applies_to: AppliesTo::All,
                effect: Effect { l: 2.0, e: 1.0 },
            },
        ]
    }

    fn guard() -> Lec {
        Lec::new(1.0, 6.0, 15.0).unwrap()
    }

    fn conditions(temp_c: f64, humidity_pct: f64, night: bool) -> Snapshot {
        Snapshot::new()
            .with_number("temp_c", temp_c)
            .with_number("humidity_pct", humidity_pct)
            .with_flag("night_shift", night)
    }

    fn assess(snapshot: &Snapshot, mapping: LecColourMapping) -> DynamicLec {
        let active = active_factors(&seed_factors(), snapshot, &BTreeMap::new());
        dynamic_lec(&guard(), "mechanical", &["conveyor".into()], &active, mapping)
    }

    #[test]
    fn seed_case_missing_guard_turns_major_on_a_cold_humid_night() {
        validate_factors(&seed_factors()).unwrap();
        let normal = assess(&conditions(22.0, 50.0, false), LecColourMapping::Default);
        assert_eq!((normal.d, normal.grade), (90.0, Grade::Yellow));
        assert_eq!(normal.grade.name(Lang::ZhCn), "一般");
        assert!(normal.applied.is_empty());

        let night = assess(&conditions(2.0, 92.0, true), LecColourMapping::Default);
        assert_eq!((night.l, night.e, night.c, night.d), (4.0, 6.0, 15.0, 360.0));
        assert_eq!((night.band, night.grade), (LecBand::Extreme, Grade::Red));
        assert_eq!(night.grade.name(Lang::ZhCn), "重大");
        assert_eq!(night.d / normal.d, 4.0, "the seed's ×4");
        assert_eq!(night.applied, ["cold_below_5c", "humid_night"]);
        assert!(night.value > normal.value);
    }

    #[test]
    fn seed_case_stays_yellow_at_a_warm_dry_noon_and_cold_alone_is_in_between() {
        let noon = assess(&conditions(24.0, 40.0, false), LecColourMapping::Default);
        assert_eq!((noon.d, noon.grade), (90.0, Grade::Yellow));
        let cold_dry_night = assess(&conditions(2.0, 60.0, true), LecColourMapping::Default);
        assert_eq!((cold_dry_night.d, cold_dry_night.grade), (180.0, Grade::Orange));
        assert_eq!(cold_dry_night.applied, ["cold_below_5c"]);
        // Humid but warm at noon: the humid-night factor needs the night shift.
        let humid_day = assess(&conditions(24.0, 95.0, false), LecColourMapping::Default);
        assert_eq!(humid_day.grade, Grade::Yellow);
        // Under the mapping that makes both high bands red, cold alone is already red.
        assert_eq!(assess(&conditions(2.0, 60.0, true), LecColourMapping::HighBandsRed).grade, Grade::Red);
        // Missing weather data leaves the factor inactive: unknown is not evidence.
        let no_weather = Snapshot::new().with_flag("night_shift", true);
        assert_eq!(assess(&no_weather, LecColourMapping::Default).d, 90.0);
    }

    #[test]
    fn factors_apply_only_to_matching_hazards() {
        let active = active_factors(&seed_factors(), &conditions(2.0, 92.0, true), &BTreeMap::new());
        let electrical = dynamic_lec(&guard(), "electrical", &[], &active, LecColourMapping::Default);
        assert_eq!((electrical.l, electrical.applied.clone()), (2.0, vec!["humid_night".to_owned()]));
        let by_tag = AppliesTo::Matching { categories: vec![], tags: vec!["conveyor".into()] };
        assert!(by_tag.matches("electrical", &["conveyor".into()]));
        assert!(!by_tag.matches("conveyor", &["belt".into()]));
    }

    #[test]
    fn dynamic_l_and_e_are_clamped_to_the_scales() {
        let lec = Lec::new(6.0, 6.0, 7.0).unwrap();
        assert_eq!(apply_multipliers(&lec, 4.0, 4.0), (10.0, 10.0, 700.0));
        assert_eq!(apply_multipliers(&lec, 0.001, 0.001), (0.1, 0.5, 0.1 * 0.5 * 7.0));
        let cold = Factor { effect: Effect { l: 10.0, e: 1.0 }, ..seed_factors().remove(0) };
        let active = active_factors(&[cold], &conditions(0.0, 0.0, false), &BTreeMap::new());
        let d = dynamic_lec(&lec, "mechanical", &[], &active, LecColourMapping::Default);
        assert_eq!((d.l, d.d), (10.0, 420.0));
    }

    #[test]
    fn control_measures_lower_and_intensity_scales_in_log_space() {
        let interlock = Factor {
            id: "temporary_interlock".into(),
            name: "临时联锁".into(),
            condition: Condition::flag("interlock_on", true),
            applies_to: AppliesTo::All,
            effect: Effect { l: 0.5, e: 1.0 },
        };
        assert_eq!(interlock.effect.direction(), Direction::Lowers);
        assert_eq!(seed_factors()[0].effect.direction(), Direction::Raises);
        let s = Snapshot::new().with_flag("interlock_on", true);
        let lec = Lec::new(3.0, 6.0, 7.0).unwrap();
        let active = active_factors(std::slice::from_ref(&interlock), &s, &BTreeMap::new());
        assert_eq!(dynamic_lec(&lec, "x", &[], &active, LecColourMapping::Default).d, 63.0);
        let doubled = BTreeMap::from([("temporary_interlock".to_owned(), 2.0)]);
        let active = active_factors(std::slice::from_ref(&interlock), &s, &doubled);
        assert_eq!(active[0].intensity, 2.0);
        assert_eq!(dynamic_lec(&lec, "x", &[], &active, LecColourMapping::Default).l, 0.75);
        let junk = BTreeMap::from([("temporary_interlock".to_owned(), f64::NAN)]);
        assert_eq!(active_factors(&[interlock], &s, &junk)[0].intensity, 1.0);
    }

    fn codes(factors: &[Factor]) -> Vec<(String, ErrorCode)> {
        validate_factors(factors).err().unwrap_or_default().into_iter().map(|e| (e.path, e.code)).collect()
    }

    #[test]
    fn validation_names_each_problem_by_path() {
        let base = seed_factors().remove(0);
        let with = |f: fn(&mut Factor)| {
            let mut x = base.clone();
            f(&mut x);
            codes(&[x])
        };
        let p = |s: &str, c| vec![(s.to_owned(), c)];
        assert_eq!(with(|f| f.name = "  ".into()), p("[0].name", ErrorCode::Blank));
        assert_eq!(with(|f| f.name = "长".repeat(MAX_NAME + 1)), p("[0].name", ErrorCode::TooLong));
        assert_eq!(with(|f| f.id = "bad id".into()), p("[0].id", ErrorCode::InvalidIdentifier));
        assert_eq!(with(|f| f.effect.l = 0.0), p("[0].effect.l", ErrorCode::MultiplierOutOfRange));
        assert_eq!(with(|f| f.effect.l = -2.0), p("[0].effect.l", ErrorCode::MultiplierOutOfRange));
        assert_eq!(with(|f| f.effect.e = 10.5), p("[0].effect.e", ErrorCode::MultiplierOutOfRange));
        assert_eq!(with(|f| f.effect.e = f64::NAN), p("[0].effect.e", ErrorCode::NotFinite));
        assert_eq!(with(|f| f.effect.l = 1.0), p("[0].effect", ErrorCode::NoEffect));
        assert_eq!(with(|f| f.effect.e = 0.5), p("[0].effect", ErrorCode::MixedDirection));
        assert_eq!(with(|f| f.condition = Condition::All(vec![])), p("[0].condition.all", ErrorCode::EmptyGroup));
        assert_eq!(
            with(|f| f.condition = Condition::compare("temp_c", Op::Unknown("<<".into()), 5.0)),
            p("[0].condition.compare.op", ErrorCode::UnknownOperator)
        );
        assert_eq!(
            with(|f| f.condition = Condition::compare("temp_c", Op::Lt, f64::NAN)),
            p("[0].condition.compare.value", ErrorCode::NotFinite)
        );
        assert_eq!(
            with(|f| f.applies_to = AppliesTo::Matching { categories: vec![], tags: vec![] }),
            p("[0].applies_to.matching", ErrorCode::EmptyList)
        );
        assert_eq!(
            with(|f| f.applies_to = AppliesTo::Matching { categories: vec![], tags: vec!["".into()] }),
            p("[0].applies_to.matching.tags[0]", ErrorCode::Blank)
        );
        assert_eq!(with(|f| f.effect.l = 10.0), vec![], "×10 is the allowed maximum");
        let dup = codes(&[base.clone(), base.clone()]);
        assert_eq!(dup, p("[1].id", ErrorCode::Duplicate));
        let single = Factor { name: String::new(), ..base }.validate().unwrap_err();
        assert_eq!(single[0].path, "name");
        assert_eq!(single[0].message(Lang::ZhCn), "不能为空");
    }

    #[test]
    fn factor_json_form() {
        let json = r#"{"id":"cold_below_5c","name":"低温","condition":{"compare":{"input":"temp_c","op":"<","value":5}},
            "applies_to":{"matching":{"categories":["mechanical"]}},"effect":{"l":2}}"#;
        let f: Factor = serde_json::from_str(json).unwrap();
        assert_eq!(f.effect, Effect { l: 2.0, e: 1.0 });
        assert_eq!(f.applies_to, AppliesTo::Matching { categories: vec!["mechanical".into()], tags: vec![] });
        f.validate().unwrap();
        let all: AppliesTo = serde_json::from_str("\"all\"").unwrap();
        assert_eq!(all, AppliesTo::All);
        let back: Factor = serde_json::from_value(serde_json::to_value(&f).unwrap()).unwrap();
        assert_eq!(back, f);
    }
}

//! The four colours (四色): grades, the tenant's colour mappings for LEC and LS, and the common 0..100 risk
//! value that lets LEC, LS and zone fusion be compared and coloured the same way.
//!
//! The 0..100 value is a *band position*: each colour owns a quarter (blue 0–25, yellow 25–50, orange 50–75,
//! red 75–100, upper ends inclusive) and a score is placed inside its colour's quarter (log-linearly for LEC,
//! linearly for LS). So `Grade::of_value(lec_value(d, m)) == m.grade(d)` for every D, and fusion can raise a
//! zone's value continuously without ever contradicting the register's colour at the baseline.

use crate::error::{AssessmentError, ErrorCode, Lang};
use crate::lec::{LecBand, D_MAX, D_MIN};
use serde::{Deserialize, Serialize};

/// The four risk grades, ordered from lowest (blue) to highest (red).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// 低风险, blue.
    Blue,
    /// 一般风险, yellow.
    Yellow,
    /// 较大风险, orange.
    Orange,
    /// 重大风险, red.
    Red,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Blue, Grade::Yellow, Grade::Orange, Grade::Red];

    /// Short Chinese name as used on 四色分布图 legends.
    pub fn name_zh(self) -> &'static str {
        match self {
            Grade::Blue => "低",
            Grade::Yellow => "一般",
            Grade::Orange => "较大",
            Grade::Red => "重大",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Grade::Blue => "low",
            Grade::Yellow => "general",
            Grade::Orange => "considerable",
            Grade::Red => "major",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::ZhCn => self.name_zh(),
            Lang::En => self.name_en(),
        }
    }

    /// 0 for blue .. 3 for red.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The grade of a 0..100 risk value: > 75 red, > 50 orange, > 25 yellow, else blue. NaN is red: an
    /// unreadable value must never look safe.
    pub fn of_value(value: f64) -> Grade {
        if value <= 25.0 {
            Grade::Blue
        } else if value <= 50.0 {
            Grade::Yellow
        } else if value <= 75.0 {
            Grade::Orange
        } else {
            Grade::Red
        }
    }
}

/// A zone's (or hazard's) grade including "not assessed". Unassessed is deliberately not comparable with the
/// colours and has no value: a new hazard type the models have never seen is unknown, not low (the seed's
/// hydrogen-park warning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneGrade {
    Unassessed,
    Blue,
    Yellow,
    Orange,
    Red,
}

impl ZoneGrade {
    /// The colour, or `None` when unassessed.
    pub fn grade(self) -> Option<Grade> {
        match self {
            ZoneGrade::Unassessed => None,
            ZoneGrade::Blue => Some(Grade::Blue),
            ZoneGrade::Yellow => Some(Grade::Yellow),
            ZoneGrade::Orange => Some(Grade::Orange),
            ZoneGrade::Red => Some(Grade::Red),
        }
    }

    pub fn is_assessed(self) -> bool {
        self != ZoneGrade::Unassessed
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ZoneGrade::Unassessed, Lang::ZhCn) => "未评估",
            (ZoneGrade::Unassessed, Lang::En) => "unassessed",
            (g, lang) => g.grade().map(|g| g.name(lang)).unwrap_or_default(),
        }
    }
}

impl From<Grade> for ZoneGrade {
    fn from(g: Grade) -> ZoneGrade {
        match g {
            Grade::Blue => ZoneGrade::Blue,
            Grade::Yellow => ZoneGrade::Yellow,
            Grade::Orange => ZoneGrade::Orange,
            Grade::Red => ZoneGrade::Red,
        }
    }
}

impl From<Option<Grade>> for ZoneGrade {
    fn from(g: Option<Grade>) -> ZoneGrade {
        g.map(ZoneGrade::from).unwrap_or(ZoneGrade::Unassessed)
    }
}

/// How the five LEC bands map to four colours. Tenant-configurable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LecColourMapping {
    /// > 320 red, 160–320 orange, 70–160 yellow, ≤ 70 blue (acceptable and general both blue).
    #[default]
    Default,
    /// Both bands above 160 are red; 70–160 yellow; ≤ 70 blue. No LEC score is orange under this mapping.
    HighBandsRed,
}

impl LecColourMapping {
    pub fn grade_of_band(self, band: LecBand) -> Grade {
        match (self, band) {
            (_, LecBand::Acceptable | LecBand::General) => Grade::Blue,
            (_, LecBand::Notable) => Grade::Yellow,
            (LecColourMapping::Default, LecBand::High) => Grade::Orange,
            (LecColourMapping::HighBandsRed, LecBand::High) => Grade::Red,
            (_, LecBand::Extreme) => Grade::Red,
        }
    }

    pub fn grade(self, d: f64) -> Grade {
        self.grade_of_band(LecBand::of(d))
    }

    /// The colour segments of D in ascending order: (lower bound exclusive, upper bound inclusive, grade).
    fn segments(self) -> &'static [(f64, f64, Grade)] {
        const DEFAULT: [(f64, f64, Grade); 4] = [
            (D_MIN, 70.0, Grade::Blue),
            (70.0, 160.0, Grade::Yellow),
            (160.0, 320.0, Grade::Orange),
            (320.0, D_MAX, Grade::Red),
        ];
        const HIGH_RED: [(f64, f64, Grade); 3] =
            [(D_MIN, 70.0, Grade::Blue), (70.0, 160.0, Grade::Yellow), (160.0, D_MAX, Grade::Red)];
        match self {
            LecColourMapping::Default => &DEFAULT,
            LecColourMapping::HighBandsRed => &HIGH_RED,
        }
    }
}

/// The 0..100 band-position value of an LEC score (possibly a dynamic, off-scale one) under a mapping.
/// Monotone non-decreasing in D; D is clamped to the scale's range first, NaN counts as the maximum.
pub fn lec_value(d: f64, mapping: LecColourMapping) -> f64 {
    let d = if d.is_nan() { D_MAX } else { d.clamp(D_MIN, D_MAX) };
    let segments = mapping.segments();
    let (lo, hi, grade) = segments.iter().copied().find(|&(_, hi, _)| d <= hi).unwrap_or(segments[segments.len() - 1]);
    let frac = ((d / lo).ln() / (hi / lo).ln()).clamp(0.0, 1.0);
    25.0 * grade.index() as f64 + 25.0 * frac
}

/// LS colour bands: R ≥ `red_min` red, ≥ `orange_min` orange, ≥ `yellow_min` yellow, else blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LsColourBands {
    pub red_min: u8,
    pub orange_min: u8,
    pub yellow_min: u8,
}

impl Default for LsColourBands {
    /// 20–25 red, 15–16 orange, 9–12 yellow, 1–8 blue.
    fn default() -> Self {
        LsColourBands { red_min: 20, orange_min: 15, yellow_min: 9 }
    }
}

impl LsColourBands {
    /// Each threshold within 1..=25 and strictly descending red > orange > yellow. Collects every problem.
    pub fn validate(&self) -> Result<(), Vec<AssessmentError>> {
        let mut errors = Vec::new();
        let fields = [("red_min", self.red_min), ("orange_min", self.orange_min), ("yellow_min", self.yellow_min)];
        for (field, value) in fields {
            if !(1..=25).contains(&value) {
                errors.push(
                    AssessmentError::new(field, ErrorCode::OutOfRange)
                        .with("value", value)
                        .with("min", 1)
                        .with("max", 25),
                );
            }
        }
        if self.orange_min >= self.red_min {
            errors.push(AssessmentError::new("orange_min", ErrorCode::NotDescending).with("above", "red_min"));
        }
        if self.yellow_min >= self.orange_min {
            errors.push(AssessmentError::new("yellow_min", ErrorCode::NotDescending).with("above", "orange_min"));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    pub fn grade(&self, r: u8) -> Grade {
        self.grade_f64(f64::from(r))
    }

    fn grade_f64(&self, r: f64) -> Grade {
        if r >= f64::from(self.red_min) {
            Grade::Red
        } else if r >= f64::from(self.orange_min) {
            Grade::Orange
        } else if r >= f64::from(self.yellow_min) {
            Grade::Yellow
        } else {
            Grade::Blue
        }
    }

    /// The 0..100 band-position value of R (1..=25): linear inside the colour's band, so that
    /// `Grade::of_value(ls_value(r)) == grade(r)`. Assumes validated bands.
    pub fn value(&self, r: u8) -> f64 {
        let r = f64::from(r.clamp(1, 25));
        let grade = self.grade_f64(r);
        // Band [lo, hi) in R; the value is 25·index + 25·(r − lo + 1)/(hi − lo + 1) with hi exclusive except for
        // red, whose top (25) maps to exactly 100. The +1 keeps the band's lowest R strictly above the quarter's
        // lower edge, which belongs to the colour below.
        let (lo, hi) = match grade {
            Grade::Blue => (0.0, f64::from(self.yellow_min)),
            Grade::Yellow => (f64::from(self.yellow_min), f64::from(self.orange_min)),
            Grade::Orange => (f64::from(self.orange_min), f64::from(self.red_min)),
            Grade::Red => (f64::from(self.red_min), 25.0 + 1.0),
        };
        let frac = if grade == Grade::Blue { r / hi } else { (r - lo + 1.0) / (hi - lo) };
        25.0 * grade.index() as f64 + 25.0 * frac.clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lec::all_combinations;

    #[test]
    fn grades_are_ordered_and_named() {
        assert!(Grade::Blue < Grade::Yellow && Grade::Yellow < Grade::Orange && Grade::Orange < Grade::Red);
        let zh: Vec<_> = Grade::ALL.iter().map(|g| g.name(Lang::ZhCn)).collect();
        let en: Vec<_> = Grade::ALL.iter().map(|g| g.name(Lang::En)).collect();
        assert_eq!(zh, ["低", "一般", "较大", "重大"]);
        assert_eq!(en, ["low", "general", "considerable", "major"]);
        assert_eq!(serde_json::to_string(&Grade::Orange).unwrap(), "\"orange\"");
    }

    #[test]
    fn unassessed_is_never_a_colour() {
        assert_eq!(ZoneGrade::Unassessed.grade(), None);
        assert!(!ZoneGrade::Unassessed.is_assessed());
        assert_eq!(ZoneGrade::from(None), ZoneGrade::Unassessed);
        assert_eq!(ZoneGrade::from(Some(Grade::Blue)), ZoneGrade::Blue);
        assert_ne!(ZoneGrade::Unassessed, ZoneGrade::Blue);
        assert_eq!(ZoneGrade::Unassessed.name(Lang::ZhCn), "未评估");
        assert_eq!(ZoneGrade::Unassessed.name(Lang::En), "unassessed");
        assert_eq!(ZoneGrade::Red.name(Lang::ZhCn), "重大");
        assert_eq!(serde_json::to_string(&ZoneGrade::Unassessed).unwrap(), "\"unassessed\"");
        for g in Grade::ALL {
            assert_eq!(ZoneGrade::from(g).grade(), Some(g));
        }
    }

    #[test]
    fn lec_default_mapping_at_every_boundary() {
        let m = LecColourMapping::Default;
        let cases = [
            (20.0, Grade::Blue),
            (20.000001, Grade::Blue),
            (70.0, Grade::Blue),
            (70.000001, Grade::Yellow),
            (160.0, Grade::Yellow),
            (160.000001, Grade::Orange),
            (320.0, Grade::Orange),
            (320.000001, Grade::Red),
        ];
        for (d, g) in cases {
            assert_eq!(m.grade(d), g, "D = {d}");
            assert_eq!(Grade::of_value(lec_value(d, m)), g, "value of D = {d}");
        }
    }

    #[test]
    fn lec_high_bands_red_mapping_at_every_boundary() {
        let m = LecColourMapping::HighBandsRed;
        let cases = [
            (20.0, Grade::Blue),
            (20.000001, Grade::Blue),
            (70.0, Grade::Blue),
            (70.000001, Grade::Yellow),
            (160.0, Grade::Yellow),
            (160.000001, Grade::Red),
            (320.0, Grade::Red),
            (320.000001, Grade::Red),
        ];
        for (d, g) in cases {
            assert_eq!(m.grade(d), g, "D = {d}");
            assert_eq!(Grade::of_value(lec_value(d, m)), g, "value of D = {d}");
        }
    }

    #[test]
    fn every_lec_combination_gets_the_documented_colour_under_both_mappings() {
        for lec in all_combinations() {
            let d = lec.d();
            let default = if d > 320.0 {
                Grade::Red
            } else if d > 160.0 {
                Grade::Orange
            } else if d > 70.0 {
                Grade::Yellow
            } else {
                Grade::Blue
            };
            let high_red = if d > 160.0 { Grade::Red } else { default };
            assert_eq!(LecColourMapping::Default.grade(d), default, "{lec:?}");
            assert_eq!(LecColourMapping::HighBandsRed.grade(d), high_red, "{lec:?}");
            for (m, g) in [(LecColourMapping::Default, default), (LecColourMapping::HighBandsRed, high_red)] {
                let v = lec_value(d, m);
                assert!((0.0..=100.0).contains(&v), "{lec:?} {v}");
                assert_eq!(Grade::of_value(v), g, "{lec:?} under {m:?}: value {v}");
            }
        }
        // The orange band is unreachable under HighBandsRed.
        assert!(all_combinations().all(|l| LecColourMapping::HighBandsRed.grade(l.d()) != Grade::Orange));
    }

    #[test]
    fn lec_value_is_monotone_and_spans_0_to_100() {
        for m in [LecColourMapping::Default, LecColourMapping::HighBandsRed] {
            assert_eq!(lec_value(D_MIN, m), 0.0);
            assert_eq!(lec_value(D_MAX, m), 100.0);
            assert_eq!(lec_value(0.0, m), 0.0);
            assert_eq!(lec_value(1e9, m), 100.0);
            assert_eq!(lec_value(f64::NAN, m), 100.0);
            let mut prev = -1.0;
            let mut d = D_MIN;
            while d <= D_MAX {
                let v = lec_value(d, m);
                assert!(v >= prev, "{m:?} not monotone at D = {d}");
                prev = v;
                d *= 1.01;
            }
        }
        assert_eq!(lec_value(70.0, LecColourMapping::Default), 25.0);
        assert_eq!(lec_value(160.0, LecColourMapping::Default), 50.0);
    }

    #[test]
    fn mapping_serde_names() {
        assert_eq!(serde_json::to_string(&LecColourMapping::HighBandsRed).unwrap(), "\"high_bands_red\"");
        assert_eq!(serde_json::from_str::<LecColourMapping>("\"default\"").unwrap(), LecColourMapping::Default);
        assert_eq!(LecColourMapping::default(), LecColourMapping::Default);
    }

    #[test]
    fn grade_of_value_boundaries() {
        for (v, g) in [
            (0.0, Grade::Blue),
            (25.0, Grade::Blue),
            (25.0001, Grade::Yellow),
            (50.0, Grade::Yellow),
            (50.0001, Grade::Orange),
            (75.0, Grade::Orange),
            (75.0001, Grade::Red),
            (100.0, Grade::Red),
            (f64::NAN, Grade::Red),
        ] {
            assert_eq!(Grade::of_value(v), g, "{v}");
        }
    }

    #[test]
    fn ls_default_bands_at_every_boundary() {
        let b = LsColourBands::default();
        assert_eq!(b, LsColourBands { red_min: 20, orange_min: 15, yellow_min: 9 });
        let cases = [
            (1, Grade::Blue),
            (8, Grade::Blue),
            (9, Grade::Yellow),
            (12, Grade::Yellow),
            (14, Grade::Yellow),
            (15, Grade::Orange),
            (16, Grade::Orange),
            (19, Grade::Orange),
            (20, Grade::Red),
            (25, Grade::Red),
        ];
        for (r, g) in cases {
            assert_eq!(b.grade(r), g, "R = {r}");
            assert_eq!(Grade::of_value(b.value(r)), g, "value of R = {r}");
        }
        assert_eq!(b.value(25), 100.0);
    }

    #[test]
    fn ls_value_agrees_with_grade_for_every_r_under_several_band_settings() {
        for bands in [
            LsColourBands::default(),
            LsColourBands { red_min: 16, orange_min: 10, yellow_min: 5 },
            LsColourBands { red_min: 3, orange_min: 2, yellow_min: 1 },
            LsColourBands { red_min: 25, orange_min: 24, yellow_min: 23 },
        ] {
            bands.validate().unwrap();
            let mut prev = -1.0;
            for r in 1..=25 {
                let v = bands.value(r);
                assert!((0.0..=100.0).contains(&v) && v > prev, "{bands:?} R = {r}: {v}");
                assert_eq!(Grade::of_value(v), bands.grade(r), "{bands:?} R = {r}: {v}");
                prev = v;
            }
        }
    }

    #[test]
    fn ls_bands_validation_names_each_problem() {
        let codes = |b: LsColourBands| -> Vec<(String, ErrorCode)> {
            b.validate().err().unwrap_or_default().into_iter().map(|e| (e.path, e.code)).collect()
        };
        assert!(codes(LsColourBands::default()).is_empty());
        assert_eq!(
            codes(LsColourBands { red_min: 26, orange_min: 15, yellow_min: 9 }),
            [("red_min".to_owned(), ErrorCode::OutOfRange)]
        );
        assert_eq!(
            codes(LsColourBands { red_min: 20, orange_min: 15, yellow_min: 0 }),
            [("yellow_min".to_owned(), ErrorCode::OutOfRange)]
        );
        assert_eq!(
            codes(LsColourBands { red_min: 15, orange_min: 15, yellow_min: 9 }),
            [("orange_min".to_owned(), ErrorCode::NotDescending)]
        );
        assert_eq!(
            codes(LsColourBands { red_min: 20, orange_min: 9, yellow_min: 12 }),
            [("yellow_min".to_owned(), ErrorCode::NotDescending)]
        );
        let e = LsColourBands { red_min: 20, orange_min: 9, yellow_min: 12 }.validate().unwrap_err();
        assert_eq!(e[0].message(Lang::En), "must be less than orange_min (thresholds must strictly descend)");
        assert_eq!(serde_json::to_value(LsColourBands::default()).unwrap()["orange_min"], 15);
    }
}

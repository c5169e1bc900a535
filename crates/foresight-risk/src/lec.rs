//! LEC (Graham–Kinney) hazard scoring: D = L × E × C on fixed scales, and the five danger bands of D.
//!
//! The scales are closed lists, not ranges: a person picks "likely" (6), not 5.3. Only dynamic factors
//! ([`crate::factors`]) move L and E off the scale, and they do so on a copy, never on the assessed [`Lec`].

use crate::error::{fmt_list, fmt_num, AssessmentError, ErrorCode};
use serde::{Deserialize, Serialize};

/// Likelihood L: 10 expected, 6 quite possible, 3 unusual, 1 remotely possible, 0.5 conceivable,
/// 0.2 practically impossible, 0.1 virtually impossible.
pub const L_SCALE: [f64; 7] = [10.0, 6.0, 3.0, 1.0, 0.5, 0.2, 0.1];
/// Exposure frequency E: 10 continuous, 6 daily, 3 weekly, 2 monthly, 1 a few times a year, 0.5 very rare.
pub const E_SCALE: [f64; 6] = [10.0, 6.0, 3.0, 2.0, 1.0, 0.5];
/// Consequence C: 100 catastrophe (many deaths), 40 disaster (several deaths), 15 very serious (one death),
/// 7 serious (severe injury), 3 important (disability), 1 noticeable (first aid).
pub const C_SCALE: [f64; 6] = [100.0, 40.0, 15.0, 7.0, 3.0, 1.0];

/// Smallest and largest possible D; dynamic D is clamped into this range too.
pub const D_MIN: f64 = 0.1 * 0.5 * 1.0;
pub const D_MAX: f64 = 10.0 * 10.0 * 100.0;

/// One hazard's LEC assessment. Construct with [`Lec::new`]; deserialising validates the same way, so an
/// off-scale value can never be stored and read back as if it were valid.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawLec")]
pub struct Lec {
    pub l: f64,
    pub e: f64,
    pub c: f64,
}

#[derive(Deserialize)]
struct RawLec {
    l: f64,
    e: f64,
    c: f64,
}

impl TryFrom<RawLec> for Lec {
    type Error = AssessmentError;
    fn try_from(raw: RawLec) -> Result<Lec, AssessmentError> {
        Lec::new(raw.l, raw.e, raw.c)
    }
}

fn check_scale(field: &str, value: f64, scale: &[f64]) -> Result<(), AssessmentError> {
    // Exact comparison is intended: the scale values are exactly representable and come from a picker.
    if scale.contains(&value) {
        Ok(())
    } else {
        Err(AssessmentError::new(field, ErrorCode::NotInScale)
            .with("value", fmt_num(value))
            .with("allowed", fmt_list(scale)))
    }
}

impl Lec {
    /// Validates L, E and C against their scales; the first off-scale field is reported (`l`, `e` or `c`).
    /// Use [`Lec::validate`] to collect all of them.
    pub fn new(l: f64, e: f64, c: f64) -> Result<Lec, AssessmentError> {
        check_scale("l", l, &L_SCALE)?;
        check_scale("e", e, &E_SCALE)?;
        check_scale("c", c, &C_SCALE)?;
        Ok(Lec { l, e, c })
    }

    /// Every off-scale field, for a form that shows all errors at once.
    pub fn validate(l: f64, e: f64, c: f64) -> Result<Lec, Vec<AssessmentError>> {
        let errors: Vec<_> = [("l", l, &L_SCALE[..]), ("e", e, &E_SCALE[..]), ("c", c, &C_SCALE[..])]
            .into_iter()
            .filter_map(|(field, value, scale)| check_scale(field, value, scale).err())
            .collect();
        if errors.is_empty() {
            Ok(Lec { l, e, c })
        } else {
            Err(errors)
        }
    }

    /// The danger score D = L × E × C.
    pub fn d(&self) -> f64 {
        self.l * self.e * self.c
    }

    pub fn band(&self) -> LecBand {
        LecBand::of(self.d())
    }
}

/// The five Graham–Kinney danger bands. Upper bounds are inclusive: D = 70 is still "general".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LecBand {
    /// D ≤ 20: acceptable (稍有危险，可以接受).
    Acceptable,
    /// 20 < D ≤ 70: generally dangerous, needs attention (一般危险，需要注意).
    General,
    /// 70 < D ≤ 160: notably dangerous, rectify (显著危险，需要整改).
    Notable,
    /// 160 < D ≤ 320: highly dangerous, rectify now (高度危险，要立即整改).
    High,
    /// D > 320: extremely dangerous, stop work (极其危险，不能继续作业).
    Extreme,
}

impl LecBand {
    /// Upper (inclusive) bounds of the four lower bands.
    pub const ACCEPTABLE_MAX: f64 = 20.0;
    pub const GENERAL_MAX: f64 = 70.0;
    pub const NOTABLE_MAX: f64 = 160.0;
    pub const HIGH_MAX: f64 = 320.0;

    /// The band of a score. NaN is treated as the worst band: an unreadable score must never look safe.
    pub fn of(d: f64) -> LecBand {
        if d <= Self::ACCEPTABLE_MAX {
            LecBand::Acceptable
        } else if d <= Self::GENERAL_MAX {
            LecBand::General
        } else if d <= Self::NOTABLE_MAX {
            LecBand::Notable
        } else if d <= Self::HIGH_MAX {
            LecBand::High
        } else {
            LecBand::Extreme
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            LecBand::Acceptable => "稍有危险，可以接受",
            LecBand::General => "一般危险，需要注意",
            LecBand::Notable => "显著危险，需要整改",
            LecBand::High => "高度危险，要立即整改",
            LecBand::Extreme => "极其危险，不能继续作业",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            LecBand::Acceptable => "acceptable",
            LecBand::General => "generally dangerous, needs attention",
            LecBand::Notable => "notably dangerous, rectify",
            LecBand::High => "highly dangerous, rectify now",
            LecBand::Extreme => "extremely dangerous, stop work",
        }
    }

    pub fn name(self, lang: crate::error::Lang) -> &'static str {
        match lang {
            crate::error::Lang::ZhCn => self.name_zh(),
            crate::error::Lang::En => self.name_en(),
        }
    }
}

/// Every valid (L, E, C) combination, for exhaustive tests and for pickers that preview D.
pub fn all_combinations() -> impl Iterator<Item = Lec> {
    L_SCALE
        .into_iter()
        .flat_map(|l| E_SCALE.into_iter().flat_map(move |e| C_SCALE.into_iter().map(move |c| Lec { l, e, c })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Lang;

    #[test]
    fn new_accepts_every_scale_combination() {
        for lec in all_combinations() {
            assert_eq!(Lec::new(lec.l, lec.e, lec.c).unwrap(), lec);
        }
        assert_eq!(all_combinations().count(), 7 * 6 * 6);
    }

    #[test]
    fn new_names_the_off_scale_field_and_lists_the_allowed_values() {
        let e = Lec::new(4.0, 6.0, 7.0).unwrap_err();
        assert_eq!((e.path.as_str(), e.code), ("l", ErrorCode::NotInScale));
        assert_eq!(e.params["allowed"], "10, 6, 3, 1, 0.5, 0.2, 0.1");
        assert_eq!(e.params["value"], "4");
        let e = Lec::new(3.0, 7.0, 7.0).unwrap_err();
        assert_eq!((e.path.as_str(), e.params["allowed"].as_str()), ("e", "10, 6, 3, 2, 1, 0.5"));
        let e = Lec::new(3.0, 6.0, 0.5).unwrap_err();
        assert_eq!((e.path.as_str(), e.params["allowed"].as_str()), ("c", "100, 40, 15, 7, 3, 1"));
        assert_eq!(e.message(Lang::En), "value 0.5 is not on the scale; allowed values: 100, 40, 15, 7, 3, 1");
        // Values on another field's scale are still rejected: 2 is an E value, not an L value.
        assert_eq!(Lec::new(2.0, 6.0, 7.0).unwrap_err().path, "l");
        assert_eq!(Lec::new(f64::NAN, 6.0, 7.0).unwrap_err().path, "l");
        assert_eq!(Lec::new(3.0, f64::INFINITY, 7.0).unwrap_err().path, "e");
    }

    #[test]
    fn validate_reports_every_bad_field() {
        let errors = Lec::validate(4.0, 7.0, 8.0).unwrap_err();
        let paths: Vec<_> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["l", "e", "c"]);
        assert_eq!(Lec::validate(3.0, 6.0, 7.0).unwrap().d(), 126.0);
    }

    #[test]
    fn serde_round_trips_and_rejects_off_scale_values() {
        let lec = Lec::new(0.5, 2.0, 40.0).unwrap();
        let json = serde_json::to_string(&lec).unwrap();
        assert_eq!(json, r#"{"l":0.5,"e":2.0,"c":40.0}"#);
        assert_eq!(serde_json::from_str::<Lec>(&json).unwrap(), lec);
        let err = serde_json::from_str::<Lec>(r#"{"l":5,"e":2,"c":40}"#).unwrap_err();
        assert!(err.to_string().contains("l: value 5 is not on the scale"), "{err}");
    }

    #[test]
    fn d_is_the_product_and_spans_the_documented_range() {
        assert_eq!(Lec::new(3.0, 6.0, 7.0).unwrap().d(), 126.0);
        let ds: Vec<f64> = all_combinations().map(|l| l.d()).collect();
        let min = ds.iter().cloned().fold(f64::INFINITY, f64::min);
        let max = ds.iter().cloned().fold(0.0, f64::max);
        assert!((min - D_MIN).abs() < 1e-12 && (min - 0.05).abs() < 1e-12);
        assert_eq!(max, D_MAX);
    }

    #[test]
    fn bands_at_every_boundary_and_just_above() {
        let cases = [
            (D_MIN, LecBand::Acceptable),
            (20.0, LecBand::Acceptable),
            (20.000001, LecBand::General),
            (70.0, LecBand::General),
            (70.000001, LecBand::Notable),
            (160.0, LecBand::Notable),
            (160.000001, LecBand::High),
            (320.0, LecBand::High),
            (320.000001, LecBand::Extreme),
            (D_MAX, LecBand::Extreme),
            (f64::NAN, LecBand::Extreme),
        ];
        for (d, band) in cases {
            assert_eq!(LecBand::of(d), band, "D = {d}");
        }
    }

    #[test]
    fn bands_of_scale_products_at_and_just_above_each_boundary() {
        // D only takes products of scale values; check a product exactly on each boundary and the smallest
        // product above it.
        let on = |l, e, c| Lec::new(l, e, c).unwrap();
        let cases = [
            (on(10.0, 2.0, 1.0), 20.0, LecBand::Acceptable),
            (on(1.0, 3.0, 7.0), 21.0, LecBand::General),
            (on(10.0, 1.0, 7.0), 70.0, LecBand::General),
            (on(3.0, 10.0, 3.0), 90.0, LecBand::Notable),
            (on(1.0, 2.0, 100.0), 200.0, LecBand::High),
            (on(0.5, 6.0, 100.0), 300.0, LecBand::High),
            (on(6.0, 6.0, 15.0), 540.0, LecBand::Extreme),
        ];
        for (lec, d, band) in cases {
            assert!((lec.d() - d).abs() < 1e-9, "{lec:?}");
            assert_eq!(lec.band(), band, "{lec:?}");
        }
        // Generic: for every boundary, combinations on it stay in the lower band and the smallest one above
        // it is in the next band.
        for (bound, below, above) in [
            (20.0, LecBand::Acceptable, LecBand::General),
            (70.0, LecBand::General, LecBand::Notable),
            (160.0, LecBand::Notable, LecBand::High),
            (320.0, LecBand::High, LecBand::Extreme),
        ] {
            let on_bound: Vec<Lec> = all_combinations().filter(|l| (l.d() - bound).abs() < 1e-9).collect();
            for lec in &on_bound {
                assert_eq!(lec.band(), below, "{lec:?}");
            }
            let next =
                all_combinations().filter(|l| l.d() > bound + 1e-9).min_by(|a, b| a.d().total_cmp(&b.d())).unwrap();
            assert_eq!(next.band(), above, "{next:?}");
            if bound != 160.0 && bound != 320.0 {
                assert!(!on_bound.is_empty(), "some product equals {bound}");
            }
        }
    }

    #[test]
    fn band_is_monotone_over_all_combinations() {
        let mut all: Vec<Lec> = all_combinations().collect();
        all.sort_by(|a, b| a.d().total_cmp(&b.d()));
        for pair in all.windows(2) {
            assert!(pair[0].band() <= pair[1].band());
        }
    }

    #[test]
    fn band_names_are_translated() {
        assert_eq!(LecBand::Extreme.name(Lang::ZhCn), "极其危险，不能继续作业");
        assert_eq!(LecBand::General.name(Lang::En), "generally dangerous, needs attention");
        assert_eq!(serde_json::to_string(&LecBand::Notable).unwrap(), "\"notable\"");
    }
}

//! LS risk matrix: R = L × S with likelihood L and severity S each on 1..=5, so R is 1..=25.
//!
//! Colour bands of R are tenant-configurable and live in [`crate::grade::LsColourBands`].

use crate::error::{AssessmentError, ErrorCode};
use serde::{Deserialize, Serialize};

/// One hazard's LS assessment. Deserialising validates like [`Ls::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawLs")]
pub struct Ls {
    pub l: u8,
    pub s: u8,
}

#[derive(Deserialize)]
struct RawLs {
    l: u8,
    s: u8,
}

impl TryFrom<RawLs> for Ls {
    type Error = AssessmentError;
    fn try_from(raw: RawLs) -> Result<Ls, AssessmentError> {
        Ls::new(raw.l, raw.s)
    }
}

fn check(field: &str, value: u8) -> Result<(), AssessmentError> {
    if (1..=5).contains(&value) {
        Ok(())
    } else {
        Err(AssessmentError::new(field, ErrorCode::OutOfRange).with("value", value).with("min", 1).with("max", 5))
    }
}

impl Ls {
    /// Validates both fields (1..=5); the first bad field is reported (`l` or `s`).
    pub fn new(l: u8, s: u8) -> Result<Ls, AssessmentError> {
        check("l", l)?;
        check("s", s)?;
        Ok(Ls { l, s })
    }

    /// Every bad field, for a form that shows all errors at once.
    pub fn validate(l: u8, s: u8) -> Result<Ls, Vec<AssessmentError>> {
        let errors: Vec<_> = [check("l", l).err(), check("s", s).err()].into_iter().flatten().collect();
        if errors.is_empty() {
            Ok(Ls { l, s })
        } else {
            Err(errors)
        }
    }

    /// The risk value R = L × S (1..=25).
    pub fn r(&self) -> u8 {
        self.l * self.s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_is_the_product_over_the_whole_matrix() {
        for l in 1..=5 {
            for s in 1..=5 {
                assert_eq!(Ls::new(l, s).unwrap().r(), l * s);
            }
        }
    }

    #[test]
    fn out_of_range_fields_are_named() {
        let e = Ls::new(0, 3).unwrap_err();
        assert_eq!((e.path.as_str(), e.code, e.params["value"].as_str()), ("l", ErrorCode::OutOfRange, "0"));
        assert_eq!(Ls::new(3, 6).unwrap_err().path, "s");
        let all = Ls::validate(6, 0).unwrap_err();
        assert_eq!(all.iter().map(|e| e.path.as_str()).collect::<Vec<_>>(), ["l", "s"]);
        assert_eq!(Ls::validate(5, 5).unwrap().r(), 25);
    }

    #[test]
    fn serde_validates() {
        assert_eq!(serde_json::from_str::<Ls>(r#"{"l":2,"s":4}"#).unwrap(), Ls { l: 2, s: 4 });
        assert!(serde_json::from_str::<Ls>(r#"{"l":2,"s":9}"#).is_err());
    }
}

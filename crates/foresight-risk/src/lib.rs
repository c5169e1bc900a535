//! Pure risk domain logic for Foresight: no IO, no async, so every rule here is unit- and property-tested fast.
//!
//! - [`lec`], [`ls`], [`grade`]: static hazard scoring and the four colours (四色).
//! - [`condition`]: the condition language over a snapshot of live inputs, shared by factors and rules.
//! - [`factors`]: dynamic condition factors that move L and E with live conditions.
//! - [`rules`]: expert condition → action rules, evaluated and back-tested as data.
//! - [`fusion`], [`shapley`], [`cycle`]: a zone's 0..100 risk value and why it is what it is.
//! - [`normal`]: the learned model of normal behaviour.
//! - [`error`]: structured validation errors (path, stable code, parameters) with zh-CN and English text.
//!
//! The maths and its calibration are described in docs/RISK.md ("Risk math").

pub mod condition;
pub mod cycle;
pub mod error;
pub mod factors;
pub mod fusion;
pub mod grade;
pub mod lec;
pub mod ls;
pub mod normal;
pub mod rules;
pub mod shapley;

pub use cycle::{assess_zone, ZoneAssessment};
pub use error::{AssessmentError, ErrorCode, Lang};
pub use fusion::{FusionConfig, ZoneInputs};
pub use grade::{Grade, LecColourMapping, LsColourBands, ZoneGrade};
pub use lec::{Lec, LecBand};
pub use ls::Ls;

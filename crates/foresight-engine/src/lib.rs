//! The dynamic risk engine's runtime. Every cycle (15 s by default) and for every site: gather each zone's
//! live inputs from PostgreSQL ([`gather`], [`inputs`]), evaluate dynamic factors and expert rules, the
//! learned-normal deviation and the incident predictor ([`predictor`]; a site's uploaded model replaces
//! the default, [`site_predictor`]), fuse and explain each zone with
//! `foresight_risk` ([`assess`]), then store the zone risk history, open and close risk paths, queue rule
//! instructions and tell listeners ([`cycle`], [`runner`]). [`training`] trains learned-normal models from
//! a site's history, on request or on a schedule ([`retrain`]); [`sandbox`] replays history with what-if scenarios and never writes live state;
//! [`demo`] seeds the demo plant's factors, rules and hazards.
//!
//! Invariant: the engine connects as the application role and works in one transaction per site with that
//! site's tenant set, so row-level security applies to it like to a request; the only crossing of tenants
//! is listing the sites to assess (`risk_engine_sites()`) and the due retraining schedules
//! (`normal_model_schedules_due()`), ids only. A site's cycle commits whole or not at all.

pub mod assess;
pub mod cycle;
pub mod demo;
pub mod gather;
pub mod inputs;
pub mod predictor;
pub mod retrain;
pub mod runner;
pub mod sandbox;
pub mod site_predictor;
pub mod training;

pub use cycle::{run_site, CycleEvent, Skipped};
pub use predictor::{Likelihood, NoPredictor, OnnxLikelihood};
pub use runner::{Engine, EngineConfig};

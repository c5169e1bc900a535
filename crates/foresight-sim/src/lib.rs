//! Foresight's demo plant simulator: a realistic chemical plant (tank farm, reactor unit, filling line
//! with AGVs, substation, warehouse, utilities; 363 devices on eight gateways) whose gateways produce
//! batches of readings in the same format a real gateway sends, with plausible process values, weather,
//! people and vehicles moving, and scripted incidents with their ground truth.
//!
//! - [`plant`]: the plant as data, for registering gateways and devices ([`plant::PlantSpec::demo`]).
//! - [`signals`]: the deterministic generator ([`Simulator`]), driven by the caller's clock.
//! - [`scenario`]: the incidents, when they happen, and their ground truth.
//! - [`rate`]: a driver producing exactly N readings per second in batches of B, for benchmarks.
//!
//! No IO and no clock: time enters only as arguments, randomness only through the seed.

mod noise;
pub mod plant;
pub mod rate;
pub mod scenario;
pub mod signals;
pub mod time;

pub use plant::PlantSpec;
pub use rate::RateDriver;
pub use scenario::{GroundTruth, IncidentKind, ScenarioPlan};
pub use signals::{numeric_series, topic, DeviceEvent, GatewayBatch, Reading, Simulator};

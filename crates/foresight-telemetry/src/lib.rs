//! Telemetry domain logic of Foresight: thing models, their import and export, the preset library, checks
//! of incoming readings, alarm rules and gateway clock alignment. No IO, no async: the ingest side (MQTT,
//! HTTP, COPY writer, API) depends on this crate, never the reverse.

pub mod clock;
pub mod model;
pub mod presets;
pub mod problem;
pub mod reading;
pub mod rules;
pub mod tsl;
pub mod wot;

pub use model::{Access, Category, Command, DataType, EnumValue, Event, Param, Property, Severity, ThingModel};
pub use problem::Problem;

//! Black-box tests of the HTTP API: each test starts the real router on a random port against its
//! own fresh PostgreSQL database (dropped afterwards). Compiled into one binary.

mod helpers;

mod alarms;
mod alerts;
mod audit;
mod auth;
mod bad_input;
mod concurrency;
mod device_events;
mod devices;
mod hazards;
mod ingest;
mod ops;
mod predictors;
mod resources;
mod risk;
mod sandbox;
mod tenancy;
mod work_context;

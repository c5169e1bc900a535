//! Pure domain logic of Foresight: no IO, no async, so it is unit- and property-tested fast.
//!
//! IO crates (store, server) depend on this crate, never the reverse.

pub mod audit_chain;
pub mod geometry;
pub mod rbac;

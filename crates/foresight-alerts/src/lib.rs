//! Pure alert review logic for Foresight: the three-level review every high-risk conclusion passes
//! (system screening → workshop engineer → plant safety department), separation of duties, and the
//! corrective actions an alert cannot close without; and the correlation that joins related signals into
//! one alert and damps flapping sources ([`correlate`]). No IO, no async: the server stores the state and
//! appends each [`review::Transition`] to the audit chain in the same transaction.
//!
//! Invariants the state machine guarantees (and `tests/review.rs` checks on random command sequences):
//! no level is skipped, the final reviewer is never the person who made the level-2 decision, a closed
//! alert has no open action, and every accepted command yields exactly one transition while a refused
//! one changes nothing.

pub mod correlate;
pub mod policy;
pub mod recipients;
pub mod review;
pub mod screening;

pub use review::{Actor, Alert, Command, DismissReason, Disposition, ReviewError, Stage, Transition};

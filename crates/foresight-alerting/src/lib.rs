//! The alert runtime of Foresight (issue 6). Signals (zone risk at or above the policy's grade, device
//! alarms and events above a severity, opened risk paths) are read from committed rows (`sources`),
//! correlated into alerts and screened by the system at once (`intake`); every review command goes
//! through `transition`, which writes the state, its transition row, the audit event and everything it
//! tells (`fanout`: SSE notice, inbox, webhook and downlink outbox rows) in one transaction; the `worker`
//! listens for signals and escalates missed deadlines; the `dispatch`er delivers the outbox.
//!
//! The review rules themselves are the pure `foresight_alerts` crate's.

pub mod dispatch;
pub mod fanout;
pub mod intake;
pub mod sources;
pub mod transition;
pub mod worker;

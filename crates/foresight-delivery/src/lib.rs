//! Delivery mechanics for alert notifications, called by the outbox dispatcher: it decides what
//! to send and when, this crate sends one thing once and says how it went.
//!
//! - [`webhook`]: one signed HTTP POST per attempt ([`WebhookClient::send`]), classified as
//!   delivered, worth retrying, or failed for good; [`validate_url`] for the API when a hook is saved.
//! - [`signature`]: the `Foresight-Signature` scheme (HMAC-SHA256 over `"<t>.<body>"`), with the
//!   receiver's side ([`verify`]) for tests and as the reference for integrators (docs/WEBHOOKS.md).
//! - [`backoff`]: when to try again (5 s doubling to 1 h, 12 attempts, deterministic jitter).
//! - [`downlink`]: QoS 1 MQTT publishes to devices that return only after the broker's PUBACK.
//!
//! Nothing here touches the database or keeps delivery state: a retry of a notification is a new
//! call with the same delivery id, so two nodes or a restart cannot make the mechanics disagree.

pub mod backoff;
pub mod downlink;
pub mod signature;
pub mod webhook;

pub use backoff::{next_attempt, MAX_ATTEMPTS};
pub use downlink::{Downlink, DownlinkConfig, DownlinkError};
pub use signature::{sign, verify, SignatureError};
pub use webhook::{validate_url, UrlProblem, WebhookClient, WebhookOutcome, WebhookRequest};

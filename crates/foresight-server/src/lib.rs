//! The Foresight HTTP API: routing, authentication and authorisation, RFC 9457 problem documents in
//! zh-CN or English, the OpenAPI document, and operations endpoints.
//!
//! Architecture invariant: every `/api/v1` route is registered through utoipa-axum's `routes!()`
//! (no endpoint without its description), and every authenticated handler takes an
//! `Authorized<perm::X>` (authorisation decided in one place).

pub mod api;
pub mod app;
pub mod authz;
pub mod credentials;
pub mod error;
pub mod extract;
pub mod i18n;
pub mod metrics;
pub mod ops;
pub mod plan_image;
pub mod provision;
pub mod router;
pub mod throttle;

pub use app::{AppState, ServerConfig};
pub use router::{openapi, router};

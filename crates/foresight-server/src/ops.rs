//! Operations endpoints: liveness, readiness, metrics, and the per-request metrics middleware.

use crate::app::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Instant;

/// The process is up.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The process can serve: the database answers and every migration is applied.
pub async fn readyz(State(state): State<AppState>) -> Response {
    match foresight_store::pool::migrations_applied(&state.db).await {
        Ok(true) => (StatusCode::OK, axum::Json(serde_json::json!({"status": "ready"}))).into_response(),
        Ok(false) => (StatusCode::SERVICE_UNAVAILABLE, axum::Json(serde_json::json!({"status": "migrations pending"})))
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, axum::Json(serde_json::json!({"status": "database unreachable"})))
                .into_response()
        }
    }
}

pub async fn metrics(State(state): State<AppState>) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.render()).into_response()
}

/// Records each request by route template (not raw path, which would let clients grow the series
/// without bound).
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| {
        if request.uri().path().starts_with("/api/") {
            "unmatched".into()
        } else {
            "web".into()
        }
    });
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    state.metrics.observe(&route, &method, response.status().as_u16(), started.elapsed());
    response
}

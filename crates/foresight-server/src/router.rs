//! Assembles the application: the documented API, operations endpoints, the web app, and the
//! middleware every request passes through.

use crate::api;
use crate::app::{AppState, JSON_BODY_LIMIT};
use crate::error::{problem_details, ApiError};
use crate::ops;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::HeaderName;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_http::LatencyUnit;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::SwaggerUi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Foresight API",
        description = "Multi-tenant safety-production platform. Conventions: docs/API-DESIGN.md. \
                       Errors are RFC 9457 problem documents; human text follows Accept-Language (zh-CN default).",
        license(name = "Apache-2.0")
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Sign-in and tokens"),
        (name = "me", description = "The caller"),
        (name = "sites", description = "Plants and parks, with site plans"),
        (name = "zones", description = "Zones drawn on site plans"),
        (name = "users", description = "People and roles"),
        (name = "api-keys", description = "Integration credentials"),
        (name = "audit", description = "Hash-chained audit trail"),
        (name = "tenants", description = "Tenants"),
        (name = "thing-models", description = "Device types: thing models, presets, TSL and WoT import"),
        (name = "gateways", description = "Plant gateways and their credentials"),
        (name = "devices", description = "Registered sensors and machines"),
        (name = "ingest", description = "Telemetry from gateways"),
        (name = "telemetry", description = "Readings and latest values"),
        (name = "alarms", description = "No-code alarm rules and the alarms they raise"),
        (name = "hazards", description = "The hazard register (风险点), its Excel import and export, and risk settings"),
        (name = "risk", description = "The dynamic risk engine: live heat map, replay, zone drill-down, dynamic factors, expert rules, learned-normal models")
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT access token, or an API key (fsk_...)")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "gateway",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("gateway token (fgw_...)").build(),
            ),
        );
    }
}

fn api_router() -> OpenApiRouter<AppState> {
    let v1 = OpenApiRouter::new()
        .merge(api::auth::router())
        .merge(api::me::router())
        .merge(api::roles::router())
        .merge(api::tenants::router())
        .merge(api::sites::router())
        .merge(api::zones::router())
        .merge(api::users::router())
        .merge(api::api_keys::router())
        .merge(api::audit::router())
        .merge(api::thing_models::router())
        .merge(api::gateways::router())
        .merge(api::devices::router())
        .merge(api::dead_letters::router())
        .merge(api::device_events::router())
        .merge(api::ingest::router())
        .merge(api::readings::router())
        .merge(api::alarm_rules::router())
        .merge(api::hazards::router())
        .merge(api::risk::router())
        .merge(api::predictors::router())
        .merge(api::work_items::router())
        .merge(api::alerts::router());
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest("/api/v1", v1)
}

/// The OpenAPI document, generated from the handlers.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = api_router().split_for_parts().1;
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    doc
}

/// The whole HTTP application.
pub fn router(state: AppState) -> Router {
    // Every node forwards committed alert notices to its own SSE subscribers.
    if tokio::runtime::Handle::try_current().is_ok() {
        api::alerts::spawn_alert_feed(state.db.clone(), state.alert_events.clone(), state.alert_feed_listening.clone());
    }
    let (api, _) = api_router().split_for_parts();
    let doc = openapi();
    let request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .merge(api)
        .merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", doc))
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .fallback(fallback)
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .layer(CatchPanicLayer::new())
        .layer(middleware::from_fn(problem_details))
        .layer(middleware::from_fn_with_state(state.clone(), ops::track))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO).latency_unit(LatencyUnit::Micros)),
        )
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

/// Unknown API paths are problem 404s; anything else is the web app, whose client-side router
/// handles its own paths, so unknown files fall back to index.html.
async fn fallback(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path();
    let Some(dir) = state.config.web_dir.clone().filter(|_| !path.starts_with("/api/") && path != "/api") else {
        return ApiError::NotFound.into_response();
    };
    let index = dir.join("index.html");
    match ServeDir::new(&dir).fallback(ServeFile::new(index)).oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(e) => ApiError::internal(anyhow::anyhow!("static files: {e}")).into_response(),
    }
}

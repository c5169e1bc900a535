//! The heat map: current state per zone, the state at a past moment (replay), a compact timeline for the
//! replay slider, the live stream (SSE, one event per finished cycle of the site), and a zone's drill-down.

use crate::api::{Checks, CommonErrors};
use crate::app::AppState;
use crate::authz::{perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{Path, Query};
use crate::i18n::Msg;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use chrono::{DateTime, Duration, Utc};
use foresight_risk::factors::{dynamic_lec, ActiveFactor, AppliesTo, Effect};
use foresight_risk::Lec;
use foresight_store::zone_risk::{self, RiskPath, TimelinePoint, ZoneRisk};
use foresight_store::{pool, Scope};
use futures::Stream;
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use std::convert::Infallible;
use tokio::sync::broadcast;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(heatmap))
        .routes(routes!(heatmap_history))
        .routes(routes!(heatmap_timeline))
        .routes(routes!(heatmap_stream))
        .routes(routes!(zone_risk_detail))
}

/// A zone's state older than this is not shown (the zone was not assessed lately).
const MAX_AGE_MINUTES: i64 = 5;
/// Contributions listed per zone on the heat map.
const TOP: usize = 3;

/// One input's share of the difference between a zone's value and its normal-conditions baseline.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Contribution {
    /// Input name: a factor id (`cold_below_5c`) or a signal (`alarms_critical`, `deviation`,
    /// `incident_likelihood`, `risk_paths_open`).
    pub input: String,
    /// What people read: the factor's name, or the signal name.
    pub label: String,
    /// factor or signal.
    pub kind: String,
    /// Points of the 0..100 value (Shapley value); negative for control measures.
    pub value: f64,
}

/// One zone on the heat map.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HeatmapZone {
    pub zone_id: Uuid,
    pub code: String,
    pub name: String,
    /// The cycle shown; null when the zone has no recent assessment (then value and grade are null too).
    pub at: Option<DateTime<Utc>>,
    /// 0..100 (blue 0–25, yellow 25–50, orange 50–75, red 75–100).
    pub value: Option<f64>,
    /// red, orange, yellow, blue or unassessed (no hazard of the zone is assessed; never shown as blue).
    pub grade: Option<String>,
    /// The colour of the value alone, also for an unassessed zone.
    pub value_grade: Option<String>,
    /// The value under normal conditions (the static register).
    pub baseline_value: Option<f64>,
    /// The largest contributions, largest first.
    pub top: Vec<Contribution>,
}

/// A site's heat map at one moment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Heatmap {
    pub site_id: Uuid,
    /// The moment shown (now, or the replayed time).
    pub at: DateTime<Utc>,
    pub zones: Vec<HeatmapZone>,
}

fn contributions(row: &ZoneRisk) -> Vec<Contribution> {
    serde_json::from_value(row.contributions.clone()).unwrap_or_default()
}

/// The heat map of a site visible to the transaction (zone scope applies), or None when the site is not.
pub async fn load_heatmap(
    conn: &mut PgConnection,
    site_id: Uuid,
    at: DateTime<Utc>,
) -> Result<Option<Heatmap>, sqlx::Error> {
    let exists: Option<i32> =
        sqlx::query_scalar("SELECT 1 FROM site WHERE site_id = $1").bind(site_id).fetch_optional(&mut *conn).await?;
    if exists.is_none() {
        return Ok(None);
    }
    let zones: Vec<(Uuid, String, String)> =
        sqlx::query_as("SELECT zone_id, code, name FROM zone WHERE site_id = $1 ORDER BY code")
            .bind(site_id)
            .fetch_all(&mut *conn)
            .await?;
    let rows = zone_risk::state_at(conn, site_id, at, Duration::minutes(MAX_AGE_MINUTES)).await?;
    let zones = zones
        .into_iter()
        .map(|(zone_id, code, name)| {
            let row = rows.iter().find(|r| r.zone_id == zone_id);
            HeatmapZone {
                zone_id,
                code,
                name,
                at: row.map(|r| r.at),
                value: row.map(|r| r.value),
                grade: row.map(|r| r.grade.clone()),
                value_grade: row.map(|r| r.value_grade.clone()),
                baseline_value: row.map(|r| r.baseline_value),
                top: row.map(|r| contributions(r).into_iter().take(TOP).collect()).unwrap_or_default(),
            }
        })
        .collect();
    Ok(Some(Heatmap { site_id, at, zones }))
}

/// The site's heat map now: each zone's latest value, colour and top contributions.
#[utoipa::path(get, path = "/sites/{site_id}/heatmap", tag = "risk", params(("site_id" = Uuid, Path)),
    responses((status = 200, body = Heatmap), CommonErrors), security(("bearer" = [])))]
async fn heatmap(
    mut auth: Authorized<perm::HazardRead>,
    Path(site_id): Path<Uuid>,
) -> Result<axum::Json<Heatmap>, ApiError> {
    let map = load_heatmap(&mut auth.tx, site_id, Utc::now()).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(axum::Json(map))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AtQuery {
    /// The moment to replay (RFC 3339, e.g. 2026-12-01T20:15:00Z; default: now).
    at: Option<DateTime<Utc>>,
}

/// Replay: the site's heat map as it was at a moment (each zone's last cycle at or before it).
#[utoipa::path(get, path = "/sites/{site_id}/heatmap/history", tag = "risk", params(("site_id" = Uuid, Path), AtQuery),
    responses((status = 200, body = Heatmap), CommonErrors), security(("bearer" = [])))]
async fn heatmap_history(
    mut auth: Authorized<perm::HazardRead>,
    Path(site_id): Path<Uuid>,
    Query(q): Query<AtQuery>,
) -> Result<axum::Json<Heatmap>, ApiError> {
    let map = load_heatmap(&mut auth.tx, site_id, q.at.unwrap_or_else(Utc::now)).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(axum::Json(map))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TimelineQuery {
    /// Start (default: 24 hours before `to`).
    from: Option<DateTime<Utc>>,
    /// End (default: now).
    to: Option<DateTime<Utc>>,
    /// Width of one slider step in seconds, 15 to 86400 (default: the span / 480, at least 15).
    bucket_secs: Option<i64>,
}

/// The replay slider: the site's cycles over a span, one point per bucket (the worst cycle of it), with
/// how many zones had each colour.
#[utoipa::path(get, path = "/sites/{site_id}/heatmap/timeline", tag = "risk", params(("site_id" = Uuid, Path), TimelineQuery),
    responses((status = 200, body = Vec<TimelinePoint>), CommonErrors), security(("bearer" = [])))]
async fn heatmap_timeline(
    mut auth: Authorized<perm::HazardRead>,
    Path(site_id): Path<Uuid>,
    Query(q): Query<TimelineQuery>,
) -> Result<axum::Json<Vec<TimelinePoint>>, ApiError> {
    let to = q.to.unwrap_or_else(Utc::now);
    let from = q.from.unwrap_or(to - Duration::hours(24));
    let mut checks = Checks::default();
    if from >= to {
        checks.push(FieldIssue::new("from", "not_before", Msg::FieldNotBefore).arg("other", "to"));
    }
    if to - from > Duration::days(31) {
        checks.push(FieldIssue::new("from", "window_too_long", Msg::RiskWindowTooLong).arg("max", 31));
    }
    if let Some(b) = q.bucket_secs {
        checks.range("bucket_secs", b as f64, 15.0, 86_400.0);
    }
    bad_request(checks.finish())?;
    let bucket = q.bucket_secs.unwrap_or(((to - from).num_seconds() / 480).max(15));
    site_visible(&mut auth.tx, site_id).await?;
    let points = zone_risk::timeline(&mut auth.tx, site_id, from, to, bucket).await?;
    auth.commit().await?;
    Ok(axum::Json(points))
}

/// Query parameter problems are 400s, like the other list endpoints.
fn bad_request(result: Result<(), ApiError>) -> Result<(), ApiError> {
    result.map_err(|e| match e {
        ApiError::Validation(issues) => ApiError::BadRequest { msg: Msg::DetailInvalidParameter, args: vec![], issues },
        other => other,
    })
}

async fn site_visible(conn: &mut PgConnection, site_id: Uuid) -> Result<(), ApiError> {
    let found: Option<i32> =
        sqlx::query_scalar("SELECT 1 FROM site WHERE site_id = $1").bind(site_id).fetch_optional(conn).await?;
    found.map(|_| ()).ok_or(ApiError::NotFound)
}

/// Live heat map: Server-Sent Events (`text/event-stream`). The first event (`heatmap`) is the current
/// state; then one `cycle` event per finished risk cycle of the site, each carrying the whole heat map as
/// the caller may see it (zone scope applies). Browsers' EventSource cannot set headers, so this route
/// alone also accepts the access token as the `access_token` query parameter (docs/API-DESIGN.md).
#[utoipa::path(get, path = "/sites/{site_id}/heatmap/stream", tag = "risk",
    params(("site_id" = Uuid, Path),
           ("access_token" = Option<String>, Query, description = "The access token, for EventSource clients that cannot send an Authorization header")),
    responses((status = 200, content_type = "text/event-stream", body = Heatmap,
               description = "Events `heatmap` (at once) and `cycle` (each cycle), data: the heat map as JSON"), CommonErrors),
    security(("bearer" = [])))]
async fn heatmap_stream(
    mut auth: Authorized<perm::HazardRead>,
    State(state): State<AppState>,
    Path(site_id): Path<Uuid>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let first = load_heatmap(&mut auth.tx, site_id, Utc::now()).await?.ok_or(ApiError::NotFound)?;
    let tenant_id = auth.caller.tenant_id;
    let scope = Scope::from(auth.caller.authority.zone_scope());
    auth.commit().await?;
    let receiver = state.risk_events.subscribe();
    let db = state.db.clone();
    let initial = Event::default().event("heatmap").json_data(&first).ok();
    struct Streaming {
        receiver: broadcast::Receiver<foresight_engine::CycleEvent>,
        initial: Option<Event>,
    }
    let stream = futures::stream::unfold(Streaming { receiver, initial }, move |mut s| {
        let (db, scope) = (db.clone(), scope.clone());
        async move {
            if let Some(event) = s.initial.take() {
                return Some((Ok(event), s));
            }
            loop {
                let cycle = match s.receiver.recv().await {
                    Ok(cycle) => cycle,
                    // A slow client skips cycles; the next event carries the whole state anyway.
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return None,
                };
                if cycle.tenant_id != tenant_id || cycle.site_id != site_id {
                    continue;
                }
                // Loaded under the subscriber's own tenant and zone scope, like the JSON endpoint.
                let map = async {
                    let mut tx = pool::begin_tenant(&db, tenant_id, &scope).await?;
                    let map = load_heatmap(&mut tx, site_id, cycle.at).await?;
                    tx.commit().await?;
                    Ok::<_, sqlx::Error>(map)
                }
                .await;
                match map {
                    Ok(Some(map)) => {
                        if let Ok(event) = Event::default().event("cycle").json_data(&map) {
                            return Some((Ok(event), s));
                        }
                    }
                    // The site is gone or no longer visible: end the stream.
                    Ok(None) => return None,
                    Err(e) => tracing::warn!(error = %e, "heat map stream could not load a cycle"),
                }
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ZoneRiskQuery {
    /// Minutes of trend before now (or before `at`), 1 to 10080 (default 60).
    window_minutes: Option<i64>,
    /// End of the trend (default: now).
    at: Option<DateTime<Utc>>,
}

/// One point of a zone's trend.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrendPoint {
    pub at: DateTime<Utc>,
    pub value: f64,
    pub grade: String,
}

/// A hazard of the zone with its static assessment and its grade under the current conditions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DynamicHazard {
    pub hazard_id: Uuid,
    pub code: String,
    pub name: String,
    pub category: String,
    /// lec, ls, or null while not assessed.
    pub method: Option<String>,
    /// The static grade (the register's), or unassessed.
    pub static_grade: String,
    /// D = L × E × C or R = L × S as assessed.
    pub score: Option<f64>,
    /// Dynamic L′, E′ and D′ with the active factors (LEC hazards only).
    pub dynamic_l: Option<f64>,
    pub dynamic_e: Option<f64>,
    pub dynamic_d: Option<f64>,
    /// The grade under the current conditions (LS hazards keep their static grade: factors act on LEC).
    pub dynamic_grade: String,
    /// Ids of the factors that apply to this hazard now.
    pub applied_factors: Vec<String>,
}

/// A zone's drill-down: latest value and why, the trend, its hazards with dynamic grades, the active
/// factors and the risk paths.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ZoneRiskDetail {
    pub zone_id: Uuid,
    pub site_id: Uuid,
    pub code: String,
    pub name: String,
    /// The latest cycle within the window (null when the zone has not been assessed in it).
    pub latest: Option<ZoneRisk>,
    /// Every contribution of the latest cycle, largest first (the "why is it orange" bar chart).
    pub contributions: Vec<Contribution>,
    pub trend: Vec<TrendPoint>,
    pub hazards: Vec<DynamicHazard>,
    /// Factors active in the latest cycle: id, name, intensity, effect, applies_to.
    #[schema(value_type = Vec<Object>)]
    pub active_factors: Vec<serde_json::Value>,
    /// Risk paths opened by expert rules in the window.
    pub paths: Vec<RiskPath>,
}

#[derive(sqlx::FromRow)]
struct HazardRow {
    hazard_id: Uuid,
    code: String,
    name: String,
    category: String,
    tags: Vec<String>,
    method: Option<String>,
    likelihood: Option<f64>,
    exposure: Option<f64>,
    consequence: Option<f64>,
    score: Option<f64>,
    grade: String,
}

/// The factors recorded in a cycle's inputs, as the risk crate applies them.
fn recorded_factors(inputs: &serde_json::Value) -> Vec<ActiveFactor> {
    #[derive(Deserialize)]
    struct Recorded {
        id: String,
        name: String,
        intensity: f64,
        effect: Effect,
        applies_to: AppliesTo,
    }
    let list: Vec<Recorded> = serde_json::from_value(inputs["factors"].clone()).unwrap_or_default();
    list.into_iter()
        .map(|r| ActiveFactor {
            id: r.id,
            name: r.name,
            applies_to: r.applies_to,
            effect: r.effect,
            intensity: r.intensity,
        })
        .collect()
}

/// A zone's risk: trend, latest contributions, hazards with dynamic grades, active factors, risk paths.
#[utoipa::path(get, path = "/zones/{zone_id}/risk", tag = "risk", params(("zone_id" = Uuid, Path), ZoneRiskQuery),
    responses((status = 200, body = ZoneRiskDetail), CommonErrors), security(("bearer" = [])))]
async fn zone_risk_detail(
    mut auth: Authorized<perm::HazardRead>,
    Path(zone_id): Path<Uuid>,
    Query(q): Query<ZoneRiskQuery>,
) -> Result<axum::Json<ZoneRiskDetail>, ApiError> {
    let mut checks = Checks::default();
    let window = q.window_minutes.unwrap_or(60);
    checks.range("window_minutes", window as f64, 1.0, 10_080.0);
    bad_request(checks.finish())?;
    let zone: (Uuid, Uuid, String, String) =
        sqlx::query_as("SELECT zone_id, site_id, code, name FROM zone WHERE zone_id = $1")
            .bind(zone_id)
            .fetch_optional(&mut *auth.tx)
            .await?
            .ok_or(ApiError::NotFound)?;
    let to = q.at.unwrap_or_else(Utc::now);
    let from = to - Duration::minutes(window);
    // At most one point per cycle for a week at 15 s is 40,320; the trend is thinned to about 500 points.
    let rows = zone_risk::zone_history(&mut auth.tx, zone_id, from, to, 50_000).await?;
    let step = (rows.len() / 500).max(1);
    let trend = rows
        .iter()
        .enumerate()
        .filter(|(i, _)| i % step == 0 || i + 1 == rows.len())
        .map(|(_, r)| TrendPoint { at: r.at, value: r.value, grade: r.grade.clone() })
        .collect();
    let latest = rows.last().cloned();
    let active = latest.as_ref().map(|r| recorded_factors(&r.inputs)).unwrap_or_default();
    let settings = foresight_engine::gather::load_settings(&mut auth.tx).await?;
    let hazard_rows: Vec<HazardRow> = sqlx::query_as(
        "SELECT hazard_id, code, name, category, tags, method, likelihood, exposure, consequence, score, grade \
         FROM hazard WHERE zone_id = $1 ORDER BY code",
    )
    .bind(zone_id)
    .fetch_all(&mut *auth.tx)
    .await?;
    let hazards = hazard_rows
        .into_iter()
        .map(|h| {
            let lec = match (h.method.as_deref(), h.likelihood, h.exposure, h.consequence) {
                (Some("lec"), Some(l), Some(e), Some(c)) => Lec::new(l, e, c).ok(),
                _ => None,
            };
            let dynamic = lec.map(|lec| dynamic_lec(&lec, &h.category, &h.tags, &active, settings.mapping));
            DynamicHazard {
                hazard_id: h.hazard_id,
                code: h.code,
                name: h.name,
                category: h.category,
                method: h.method,
                score: h.score,
                dynamic_l: dynamic.as_ref().map(|d| d.l),
                dynamic_e: dynamic.as_ref().map(|d| d.e),
                dynamic_d: dynamic.as_ref().map(|d| d.d),
                dynamic_grade: dynamic
                    .as_ref()
                    .map(|d| foresight_engine::assess::grade_text(&d.grade))
                    .unwrap_or_else(|| h.grade.clone()),
                applied_factors: dynamic.map(|d| d.applied).unwrap_or_default(),
                static_grade: h.grade,
            }
        })
        .collect();
    let paths = zone_risk::zone_paths(&mut auth.tx, zone_id, from, to).await?;
    auth.commit().await?;
    let active_factors = latest.as_ref().and_then(|r| r.inputs["factors"].as_array().cloned()).unwrap_or_default();
    Ok(axum::Json(ZoneRiskDetail {
        zone_id: zone.0,
        site_id: zone.1,
        code: zone.2,
        name: zone.3,
        contributions: latest.as_ref().map(contributions).unwrap_or_default(),
        latest,
        trend,
        hazards,
        active_factors,
        paths: paths.into_iter().filter(|p| !p.path.is_empty()).collect(),
    }))
}

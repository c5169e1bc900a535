//! Time series for charts: latest values of a device, raw readings, and min/max/avg per bucket.

use super::{Checks, CommonErrors};
use crate::app::AppState;
use crate::authz::{perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{Path, Query};
use crate::i18n::Msg;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(latest_values)).routes(routes!(readings))
}

/// A device is visible when its row is (row-level security) and, if it sits in a zone, that zone is
/// (the zone table's policy carries the caller's zone scope).
const VISIBLE_DEVICE: &str =
    "SELECT d.device_id FROM device d WHERE d.device_id = $1 AND (d.zone_id IS NULL OR EXISTS \
     (SELECT 1 FROM zone z WHERE z.tenant_id = d.tenant_id AND z.zone_id = d.zone_id))";

/// Most raw points one request returns; more needs buckets.
const MAX_RAW: i64 = 10_000;
/// Most buckets one request returns.
const MAX_BUCKETS: i64 = 10_000;
/// Longest window one request covers.
const MAX_WINDOW_DAYS: i64 = 400;

#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct LatestValue {
    pub property: String,
    pub ts: DateTime<Utc>,
    pub value: Option<f64>,
    pub text_value: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReadingQuery {
    /// The property's identifier in the device's thing model.
    property: String,
    /// Start of the window (inclusive), RFC 3339; default 24 h before `to`.
    from: Option<DateTime<Utc>>,
    /// End of the window (exclusive), RFC 3339; default now.
    to: Option<DateTime<Utc>>,
    /// Bucket width in seconds: min/max/avg per bucket instead of raw points.
    bucket_seconds: Option<i64>,
    /// Most raw points to return (1 to 10,000; default 2,000), oldest first.
    limit: Option<i64>,
}

#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct RawPoint {
    /// Platform time.
    pub ts: DateTime<Utc>,
    /// As the gateway stamped it.
    pub source_ts: DateTime<Utc>,
    pub value: Option<f64>,
    pub text_value: Option<String>,
}

#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct Bucket {
    pub bucket_start: DateTime<Utc>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub avg: Option<f64>,
    pub count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Series {
    pub device_id: Uuid,
    pub property: String,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// Raw points, when no bucket was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<Vec<RawPoint>>,
    /// Buckets, when `bucket_seconds` was given; empty buckets are left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub buckets: Option<Vec<Bucket>>,
}

async fn visible_device<P>(auth: &mut Authorized<P>, device_id: Uuid) -> Result<(), ApiError> {
    let found: Option<Uuid> = sqlx::query_scalar(VISIBLE_DEVICE).bind(device_id).fetch_optional(&mut *auth.tx).await?;
    found.map(|_| ()).ok_or(ApiError::NotFound)
}

/// The newest value of every property of a device (kept by ingest; no history scan).
#[utoipa::path(get, path = "/devices/{device_id}/latest", tag = "telemetry", params(("device_id" = Uuid, Path)),
    responses((status = 200, body = Vec<LatestValue>), CommonErrors), security(("bearer" = [])))]
async fn latest_values(
    mut auth: Authorized<perm::TelemetryRead>,
    Path(device_id): Path<Uuid>,
) -> Result<axum::Json<Vec<LatestValue>>, ApiError> {
    visible_device(&mut auth, device_id).await?;
    let values: Vec<LatestValue> = sqlx::query_as(
        "SELECT property, ts, value, text_value FROM latest_value WHERE device_id = $1 ORDER BY property",
    )
    .bind(device_id)
    .fetch_all(&mut *auth.tx)
    .await?;
    auth.commit().await?;
    Ok(axum::Json(values))
}

/// Readings of one property over a window: raw points, or min/max/avg per bucket for charts.
#[utoipa::path(get, path = "/devices/{device_id}/readings", tag = "telemetry", params(("device_id" = Uuid, Path), ReadingQuery),
    responses((status = 200, body = Series), CommonErrors), security(("bearer" = [])))]
async fn readings(
    mut auth: Authorized<perm::TelemetryRead>,
    Path(device_id): Path<Uuid>,
    Query(q): Query<ReadingQuery>,
) -> Result<axum::Json<Series>, ApiError> {
    let to = q.to.unwrap_or_else(Utc::now);
    let from = q.from.unwrap_or(to - Duration::hours(24));
    let mut checks = Checks::default();
    checks.text("property", &q.property, 1, 64);
    if from >= to || to - from > Duration::days(MAX_WINDOW_DAYS) {
        checks.push(
            FieldIssue::new("from", "out_of_range", Msg::FieldOutOfRange).arg("min", "to - 400 d").arg("max", "to"),
        );
    }
    let window_secs = (to - from).num_seconds().max(1);
    if let Some(b) = q.bucket_seconds {
        if b < 1 || window_secs / b > MAX_BUCKETS {
            checks.push(
                FieldIssue::new("bucket_seconds", "out_of_range", Msg::FieldOutOfRange)
                    .arg("min", ((window_secs + MAX_BUCKETS - 1) / MAX_BUCKETS).max(1))
                    .arg("max", window_secs),
            );
        }
    }
    let limit = q.limit.unwrap_or(2000);
    if !(1..=MAX_RAW).contains(&limit) {
        checks.push(FieldIssue::new("limit", "out_of_range", Msg::FieldOutOfRange).arg("min", 1).arg("max", MAX_RAW));
    }
    checks.finish().map_err(|e| match e {
        ApiError::Validation(issues) => ApiError::BadRequest { msg: Msg::DetailInvalidParameter, args: vec![], issues },
        other => other,
    })?;
    visible_device(&mut auth, device_id).await?;
    let series_id: Option<i64> =
        sqlx::query_scalar("SELECT series_id FROM series WHERE device_id = $1 AND property = $2")
            .bind(device_id)
            .bind(&q.property)
            .fetch_optional(&mut *auth.tx)
            .await?;
    let mut result = Series { device_id, property: q.property.clone(), from, to, points: None, buckets: None };
    match (series_id, q.bucket_seconds) {
        (None, Some(_)) => result.buckets = Some(Vec::new()),
        (None, None) => result.points = Some(Vec::new()),
        (Some(id), Some(bucket)) => {
            // date_bin aligns buckets to the epoch, so the same bucket has the same start in every request.
            let buckets: Vec<Bucket> = sqlx::query_as(
                "SELECT date_bin(make_interval(secs => $4), ts, 'epoch'::timestamptz) AS bucket_start, \
                 min(value) AS min, max(value) AS max, avg(value) AS avg, count(*) AS count \
                 FROM reading WHERE series_id = $1 AND ts >= $2 AND ts < $3 GROUP BY 1 ORDER BY 1",
            )
            .bind(id)
            .bind(from)
            .bind(to)
            .bind(bucket as f64)
            .fetch_all(&mut *auth.tx)
            .await?;
            result.buckets = Some(buckets);
        }
        (Some(id), None) => {
            let points: Vec<RawPoint> = sqlx::query_as(
                "SELECT ts, source_ts, value, text_value FROM reading WHERE series_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts LIMIT $4",
            )
            .bind(id)
            .bind(from)
            .bind(to)
            .bind(limit)
            .fetch_all(&mut *auth.tx)
            .await?;
            result.points = Some(points);
        }
    }
    auth.commit().await?;
    Ok(axum::Json(result))
}

//! Learned-normal models of a site: train a new version from the site's history of chosen variables over a
//! window (422 with the reason when the data cannot give a model), list versions, activate one; and the
//! site's retraining schedule (the engine's `retrain` worker runs it).

use crate::api::{CommonErrors, VersionErrors};
use crate::app::AppState;
use crate::authz::{change, perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{Json, Path};
use crate::i18n::Msg;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use foresight_engine::training::{resolve_variables, train_from_history, TrainProblem, MAX_WINDOW_DAYS};
use foresight_risk::normal::TrainError;
use foresight_store::normal_model_schedules::{self as schedules, NormalModelSchedule, ScheduleSettings};
use foresight_store::normal_models::{self, NewNormalModel, NormalModelVersion};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_normal_models, train_normal_model))
        .routes(routes!(get_normal_model))
        .routes(routes!(activate_normal_model))
        .routes(routes!(get_normal_model_schedule, put_normal_model_schedule, delete_normal_model_schedule))
}

/// Most variables of one model.
const MAX_VARIABLES: usize = 64;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainRequest {
    /// Process variables as `<device code>.<property>` (e.g. `TT-R101.temperature`), 2 to 64.
    variables: Vec<String>,
    /// Start of the normal-operation history to learn from (two weeks or more is advised).
    from: DateTime<Utc>,
    /// End of the window (default: now).
    to: Option<DateTime<Utc>>,
    /// Make the new version the site's active model at once (default false: review it first).
    #[serde(default)]
    activate: bool,
}

async fn site_visible<P>(auth: &mut Authorized<P>, site_id: Uuid) -> Result<(), ApiError> {
    let found: Option<i32> =
        sqlx::query_scalar("SELECT 1 FROM site WHERE site_id = $1").bind(site_id).fetch_optional(&mut *auth.tx).await?;
    found.map(|_| ()).ok_or(ApiError::NotFound)
}

/// The site's model versions, newest first.
#[utoipa::path(get, path = "/sites/{site_id}/normal-models", tag = "risk", params(("site_id" = Uuid, Path)),
    responses((status = 200, body = Vec<NormalModelVersion>), CommonErrors), security(("bearer" = [])))]
async fn list_normal_models(
    mut auth: Authorized<perm::HazardRead>,
    Path(site_id): Path<Uuid>,
) -> Result<axum::Json<Vec<NormalModelVersion>>, ApiError> {
    site_visible(&mut auth, site_id).await?;
    let list = normal_models::list(&mut auth.tx, site_id).await?;
    auth.commit().await?;
    Ok(axum::Json(list))
}

/// Count and duplicates of a model's variables.
fn variable_issues(variables: &[String]) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if variables.len() < 2 || variables.len() > MAX_VARIABLES {
        issues.push(
            FieldIssue::new("variables", "out_of_range", Msg::FieldOutOfRange).arg("min", 2).arg("max", MAX_VARIABLES),
        );
    }
    for (i, v) in variables.iter().enumerate() {
        if variables[..i].contains(v) {
            issues.push(FieldIssue::new(format!("variables[{i}]"), "duplicate", Msg::RiskDuplicate).arg("value", v));
        }
    }
    issues
}

fn train_issue(problem: &TrainProblem) -> FieldIssue {
    match problem {
        TrainProblem::UnknownVariable { index, variable } => {
            FieldIssue::new(format!("variables[{index}]"), "unknown_variable", Msg::NormalUnknownVariable)
                .arg("value", variable)
        }
        TrainProblem::NotEnoughData { got, need } => {
            FieldIssue::new("from", "not_enough_data", Msg::NormalNotEnoughData).arg("got", got).arg("need", need)
        }
        TrainProblem::Train(TrainError::ConstantVariable { variable }) => {
            FieldIssue::new("variables", "constant_variable", Msg::NormalConstantVariable).arg("value", variable)
        }
        TrainProblem::Train(TrainError::TooFewSamples { got, need }) => {
            FieldIssue::new("from", "not_enough_data", Msg::NormalNotEnoughData).arg("got", got).arg("need", need)
        }
        TrainProblem::Train(e) => {
            FieldIssue::new("variables", "train_refused", Msg::NormalTrainRefused).arg("reason", e.code())
        }
    }
}

/// Train a new model version from the site's recorded history of the variables over the window.
#[utoipa::path(post, path = "/sites/{site_id}/normal-models", tag = "risk", request_body = TrainRequest,
    params(("site_id" = Uuid, Path)),
    responses((status = 201, body = NormalModelVersion), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn train_normal_model(
    mut auth: Authorized<perm::RiskConfigure>,
    Path(site_id): Path<Uuid>,
    Json(body): Json<TrainRequest>,
) -> Result<(StatusCode, axum::Json<NormalModelVersion>), ApiError> {
    site_visible(&mut auth, site_id).await?;
    let to = body.to.unwrap_or_else(Utc::now);
    let mut issues = variable_issues(&body.variables);
    if body.from >= to {
        issues.push(FieldIssue::new("from", "not_before", Msg::FieldNotBefore).arg("other", "to"));
    }
    if to - body.from > Duration::days(MAX_WINDOW_DAYS) {
        issues.push(FieldIssue::new("from", "window_too_long", Msg::RiskWindowTooLong).arg("max", MAX_WINDOW_DAYS));
    }
    if !issues.is_empty() {
        return Err(ApiError::Validation(issues));
    }
    let version = normal_models::next_version(&mut auth.tx, site_id).await?;
    let model = match train_from_history(&mut auth.tx, site_id, &body.variables, body.from, to, version as u32).await? {
        Ok(model) => model,
        Err(problem) => return Err(ApiError::Validation(vec![train_issue(&problem)])),
    };
    let new = NewNormalModel {
        site_id,
        version,
        variables: body.variables,
        model: serde_json::to_value(&model).map_err(|e| ApiError::Internal(e.into()))?,
        window_start: body.from,
        window_end: to,
        trained_by: auth.caller.user_id,
    };
    let mut stored = normal_models::create(&mut auth.tx, auth.caller.tenant_id, &new).await?;
    if body.activate {
        stored = normal_models::activate(&mut auth.tx, stored.normal_model_id).await?.ok_or(ApiError::NotFound)?;
    }
    auth.audit(change("normal_model.train", "normal_model", stored.normal_model_id, None, Some(&stored))).await?;
    auth.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(stored)))
}

/// Get a model version (its training summary; the model itself stays server-side).
#[utoipa::path(get, path = "/normal-models/{normal_model_id}", tag = "risk", params(("normal_model_id" = Uuid, Path)),
    responses((status = 200, body = NormalModelVersion), CommonErrors), security(("bearer" = [])))]
async fn get_normal_model(
    mut auth: Authorized<perm::HazardRead>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<NormalModelVersion>, ApiError> {
    let model = normal_models::get(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(axum::Json(model))
}

/// Make this version its site's active model (the risk cycle scores with it from the next cycle on).
#[utoipa::path(post, path = "/normal-models/{normal_model_id}/activate", tag = "risk", params(("normal_model_id" = Uuid, Path)),
    responses((status = 200, body = NormalModelVersion), CommonErrors), security(("bearer" = [])))]
async fn activate_normal_model(
    mut auth: Authorized<perm::RiskConfigure>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<NormalModelVersion>, ApiError> {
    let before = normal_models::get(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    let model = normal_models::activate(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    auth.audit(change("normal_model.activate", "normal_model", id, Some(&before), Some(&model))).await?;
    auth.commit().await?;
    Ok(axum::Json(model))
}

/// Most days between scheduled runs.
const MAX_EVERY_DAYS: i32 = 365;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleRequest {
    /// Process variables as `<device code>.<property>`, 2 to 64; each must name a recorded property of a device
    /// of the site.
    variables: Vec<String>,
    /// Days of history before each run to learn from, 1 to 90 (14 or more is advised).
    window_days: i32,
    /// Days between runs, 1 to 365.
    every_days: i32,
    /// Make each new version active on its own, unless the drift guard holds it for review (default false:
    /// every new version waits for a person).
    #[serde(default)]
    auto_activate: bool,
    /// Default true.
    #[serde(default = "default_true")]
    enabled: bool,
    /// First run (default: `every_days` from now); later runs follow every `every_days` from it.
    first_run_at: Option<DateTime<Utc>>,
}

fn default_true() -> bool {
    true
}

/// The site's retraining schedule with the outcome of its last run.
#[utoipa::path(get, path = "/sites/{site_id}/normal-model-schedule", tag = "risk", params(("site_id" = Uuid, Path)),
    responses((status = 200, body = NormalModelSchedule), CommonErrors), security(("bearer" = [])))]
async fn get_normal_model_schedule(
    mut auth: Authorized<perm::HazardRead>,
    Path(site_id): Path<Uuid>,
) -> Result<axum::Json<NormalModelSchedule>, ApiError> {
    site_visible(&mut auth, site_id).await?;
    let schedule = schedules::get(&mut auth.tx, site_id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(axum::Json(schedule))
}

/// Create or replace the site's retraining schedule. Each run trains a new version from the last
/// `window_days` of history and keeps it; see `auto_activate` for whether it goes live.
#[utoipa::path(put, path = "/sites/{site_id}/normal-model-schedule", tag = "risk", request_body = ScheduleRequest,
    params(("site_id" = Uuid, Path)),
    responses((status = 200, body = NormalModelSchedule), CommonErrors), security(("bearer" = [])))]
async fn put_normal_model_schedule(
    mut auth: Authorized<perm::RiskConfigure>,
    Path(site_id): Path<Uuid>,
    Json(body): Json<ScheduleRequest>,
) -> Result<axum::Json<NormalModelSchedule>, ApiError> {
    site_visible(&mut auth, site_id).await?;
    let mut issues = variable_issues(&body.variables);
    if !(1..=MAX_WINDOW_DAYS).contains(&i64::from(body.window_days)) {
        issues.push(
            FieldIssue::new("window_days", "out_of_range", Msg::FieldOutOfRange)
                .arg("min", 1)
                .arg("max", MAX_WINDOW_DAYS),
        );
    }
    if !(1..=MAX_EVERY_DAYS).contains(&body.every_days) {
        issues.push(
            FieldIssue::new("every_days", "out_of_range", Msg::FieldOutOfRange)
                .arg("min", 1)
                .arg("max", MAX_EVERY_DAYS),
        );
    }
    if issues.is_empty() {
        // Checked on save, so a schedule never fails later for a name typed wrong today.
        if let Err(problem) = resolve_variables(&mut auth.tx, site_id, &body.variables).await? {
            issues.push(train_issue(&problem));
        }
    }
    if !issues.is_empty() {
        return Err(ApiError::Validation(issues));
    }
    let before = schedules::get(&mut auth.tx, site_id).await?;
    let settings = ScheduleSettings {
        next_run_at: body.first_run_at.unwrap_or_else(|| Utc::now() + Duration::days(i64::from(body.every_days))),
        variables: body.variables,
        window_days: body.window_days,
        every_days: body.every_days,
        auto_activate: body.auto_activate,
        enabled: body.enabled,
        updated_by: auth.caller.user_id,
    };
    let schedule = schedules::put(&mut auth.tx, auth.caller.tenant_id, site_id, &settings).await?;
    auth.audit(change("normal_model_schedule.set", "normal_model_schedule", site_id, before.as_ref(), Some(&schedule)))
        .await?;
    auth.commit().await?;
    Ok(axum::Json(schedule))
}

/// Remove the site's retraining schedule (trained versions stay).
#[utoipa::path(delete, path = "/sites/{site_id}/normal-model-schedule", tag = "risk", params(("site_id" = Uuid, Path)),
    responses((status = 204, description = "Removed"), CommonErrors), security(("bearer" = [])))]
async fn delete_normal_model_schedule(
    mut auth: Authorized<perm::RiskConfigure>,
    Path(site_id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    site_visible(&mut auth, site_id).await?;
    let before = schedules::get(&mut auth.tx, site_id).await?.ok_or(ApiError::NotFound)?;
    schedules::delete(&mut auth.tx, site_id).await?;
    auth.audit(change::<NormalModelSchedule>(
        "normal_model_schedule.delete",
        "normal_model_schedule",
        site_id,
        Some(&before),
        None,
    ))
    .await?;
    auth.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

//! Learned-normal models of a site: train a new version from the site's history of chosen variables over a
//! window (422 with the reason when the data cannot give a model), list versions, activate one.

use crate::api::{CommonErrors, VersionErrors};
use crate::app::AppState;
use crate::authz::{change, perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{Json, Path};
use crate::i18n::Msg;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use foresight_engine::training::{train_from_history, TrainProblem, MAX_WINDOW_DAYS};
use foresight_risk::normal::TrainError;
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
    let mut issues = Vec::new();
    if body.variables.len() < 2 || body.variables.len() > MAX_VARIABLES {
        issues.push(
            FieldIssue::new("variables", "out_of_range", Msg::FieldOutOfRange).arg("min", 2).arg("max", MAX_VARIABLES),
        );
    }
    for (i, v) in body.variables.iter().enumerate() {
        if body.variables[..i].contains(v) {
            issues.push(FieldIssue::new(format!("variables[{i}]"), "duplicate", Msg::RiskDuplicate).arg("value", v));
        }
    }
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

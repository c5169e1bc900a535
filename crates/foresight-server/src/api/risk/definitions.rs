//! Dynamic factors and expert rules: created and changed as JSON definitions, validated on save (every
//! problem at once, each naming its field), versioned with If-Match, expert rules with revisions and a
//! back-test against recorded zone inputs. Nothing is stored unless the whole definition is valid.

use super::risk_issue;
use crate::api::sites::versioned;
use crate::api::thing_models::{join, unknown_keys};
use crate::api::{unique_violation, Checks, CommonErrors, VersionErrors};
use crate::app::AppState;
use crate::authz::{change, perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{etag, parse_json, IfMatch, Json, Path};
use crate::i18n::Msg;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use foresight_risk::condition::Snapshot;
use foresight_risk::factors::Factor;
use foresight_risk::rules::{backtest, BacktestReport, Rule};
use foresight_store::risk_rules::{self, Definition, Fields, Kind, RuleRevision};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_risk_factors, create_risk_factor))
        .routes(routes!(get_risk_factor, update_risk_factor, delete_risk_factor))
        .routes(routes!(list_expert_rules, create_expert_rule))
        .routes(routes!(get_expert_rule, update_expert_rule, delete_expert_rule))
        .routes(routes!(expert_rule_revisions))
        .routes(routes!(backtest_expert_rule))
}

/// A dynamic factor: when its condition holds on a zone's live inputs it multiplies L and/or E of the
/// hazards it applies to.
#[derive(Debug, Serialize, ToSchema)]
pub struct RiskFactor {
    pub risk_factor_id: Uuid,
    #[serde(flatten)]
    pub stored: Definition,
}

/// An expert condition → action rule.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExpertRule {
    pub expert_rule_id: Uuid,
    #[serde(flatten)]
    pub stored: Definition,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateDefinition {
    /// The factor (`{id, name, condition, applies_to, effect}`) or rule (`{id, name, condition, actions}`).
    #[schema(value_type = Object)]
    definition: serde_json::Value,
    #[serde(default = "yes")]
    enabled: bool,
}

fn yes() -> bool {
    true
}

/// Absent fields stay as they are; any change makes a new version.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateDefinition {
    #[schema(value_type = Option<Object>)]
    definition: Option<serde_json::Value>,
    enabled: Option<bool>,
}

/// Reads a definition strictly: type errors name their path under `definition`, unknown keys are errors.
fn read<T: DeserializeOwned + Serialize>(raw: &serde_json::Value, keys: &[&str]) -> Result<T, Vec<FieldIssue>> {
    #[derive(Deserialize)]
    struct Wrapped<T> {
        inner: T,
    }
    if !raw.is_object() {
        return Err(vec![
            FieldIssue::new("definition", "invalid_type", Msg::FieldInvalidType).arg("reason", "expected an object")
        ]);
    }
    let bytes = serde_json::to_vec(&serde_json::json!({ "inner": raw })).unwrap_or_default();
    match parse_json::<Wrapped<T>>(&bytes) {
        Ok(Wrapped { inner }) => {
            let known = serde_json::to_value(&inner).unwrap_or_default();
            let mut paths = Vec::new();
            unknown_keys(raw, &known, String::new(), &mut paths);
            if paths.is_empty() {
                Ok(inner)
            } else {
                Err(paths
                    .iter()
                    .map(|p| FieldIssue::new(join("definition", p), "unknown_field", Msg::FieldUnknown))
                    .collect())
            }
        }
        Err(ApiError::Validation(issues)) => {
            let mut issues: Vec<FieldIssue> = issues
                .into_iter()
                .map(|mut i| {
                    let path = i.field.strip_prefix("inner").unwrap_or(&i.field).trim_start_matches('.').to_string();
                    i.field = join("definition", &path);
                    i
                })
                .collect();
            // A misspelt key is named even when the definition as a whole does not parse.
            for key in raw.as_object().into_iter().flat_map(|o| o.keys()).filter(|k| !keys.contains(&k.as_str())) {
                issues.push(FieldIssue::new(join("definition", key), "unknown_field", Msg::FieldUnknown));
            }
            Err(issues)
        }
        Err(_) => {
            Err(vec![FieldIssue::new("definition", "invalid_type", Msg::FieldInvalidType)
                .arg("reason", "expected an object")])
        }
    }
}

/// A checked factor definition, or every problem with it.
fn checked_factor(raw: &serde_json::Value) -> Result<Factor, ApiError> {
    let factor: Factor =
        read(raw, &["id", "name", "condition", "applies_to", "effect"]).map_err(ApiError::Validation)?;
    factor
        .validate()
        .map_err(|errors| ApiError::Validation(errors.iter().map(|e| risk_issue("definition", e)).collect()))?;
    Ok(factor)
}

/// A checked rule definition: its own checks and its references to the tenant's factors.
async fn checked_rule<P>(auth: &mut Authorized<P>, raw: &serde_json::Value) -> Result<Rule, ApiError> {
    let rule: Rule = read(raw, &["id", "name", "condition", "actions"]).map_err(ApiError::Validation)?;
    let mut errors = rule.validate().err().unwrap_or_default();
    let factors = risk_rules::list(&mut auth.tx, Kind::Factor).await?;
    let known: BTreeSet<&str> = factors.iter().map(|f| f.code.as_str()).collect();
    errors.extend(rule.check_factor_references(&known));
    if errors.is_empty() {
        Ok(rule)
    } else {
        Err(ApiError::Validation(errors.iter().map(|e| risk_issue("definition", e)).collect()))
    }
}

const CONSTRAINTS: &[(&str, &str)] =
    &[("risk_factor_code_unique", "definition.id"), ("expert_rule_code_unique", "definition.id")];

fn respond<T: Serialize>(status: StatusCode, version: i32, body: T) -> Response {
    (status, [(header::ETAG, etag(version))], axum::Json(body)).into_response()
}

fn factor(stored: Definition) -> RiskFactor {
    RiskFactor { risk_factor_id: stored.id, stored }
}

fn rule(stored: Definition) -> ExpertRule {
    ExpertRule { expert_rule_id: stored.id, stored }
}

/// Dynamic factors of the tenant, by id.
#[utoipa::path(get, path = "/risk-factors", tag = "risk",
    responses((status = 200, body = Vec<RiskFactor>), CommonErrors), security(("bearer" = [])))]
async fn list_risk_factors(mut auth: Authorized<perm::HazardRead>) -> Result<axum::Json<Vec<RiskFactor>>, ApiError> {
    let list = risk_rules::list(&mut auth.tx, Kind::Factor).await?;
    auth.commit().await?;
    Ok(axum::Json(list.into_iter().map(factor).collect()))
}

/// Create a dynamic factor; validated on save.
#[utoipa::path(post, path = "/risk-factors", tag = "risk", request_body = CreateDefinition,
    responses((status = 201, body = RiskFactor), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn create_risk_factor(
    mut auth: Authorized<perm::RiskConfigure>,
    Json(body): Json<CreateDefinition>,
) -> Result<Response, ApiError> {
    let checked = checked_factor(&body.definition)?;
    let fields = Fields { code: checked.id, name: checked.name, definition: body.definition, enabled: body.enabled };
    let stored = risk_rules::create(&mut auth.tx, Kind::Factor, auth.caller.tenant_id, &fields, auth.caller.user_id)
        .await
        .map_err(|e| unique_violation(e, CONSTRAINTS))?;
    let created = factor(stored);
    auth.audit(change("risk_factor.create", "risk_factor", created.risk_factor_id, None, Some(&created))).await?;
    auth.commit().await?;
    Ok(respond(StatusCode::CREATED, created.stored.version, created))
}

/// Get a dynamic factor (its `definition` imports back unchanged through POST).
#[utoipa::path(get, path = "/risk-factors/{risk_factor_id}", tag = "risk", params(("risk_factor_id" = Uuid, Path)),
    responses((status = 200, body = RiskFactor, headers(("ETag" = String))), CommonErrors), security(("bearer" = [])))]
async fn get_risk_factor(mut auth: Authorized<perm::HazardRead>, Path(id): Path<Uuid>) -> Result<Response, ApiError> {
    let stored = risk_rules::get(&mut auth.tx, Kind::Factor, id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(respond(StatusCode::OK, stored.version, factor(stored)))
}

/// Change a factor: a new version, validated again. The factor's id is its definition's `id`; rules
/// refer to it by that id.
#[utoipa::path(patch, path = "/risk-factors/{risk_factor_id}", tag = "risk", request_body = UpdateDefinition,
    params(("risk_factor_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version, e.g. \"3\"")),
    responses((status = 200, body = RiskFactor), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn update_risk_factor(
    mut auth: Authorized<perm::RiskConfigure>,
    Path(id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Json(body): Json<UpdateDefinition>,
) -> Result<Response, ApiError> {
    let before = risk_rules::get(&mut auth.tx, Kind::Factor, id).await?.ok_or(ApiError::NotFound)?;
    let definition = body.definition.unwrap_or_else(|| before.definition.clone());
    let checked = checked_factor(&definition)?;
    let fields =
        Fields { code: checked.id, name: checked.name, definition, enabled: body.enabled.unwrap_or(before.enabled) };
    let outcome = risk_rules::update(
        &mut auth.tx,
        Kind::Factor,
        auth.caller.tenant_id,
        id,
        version,
        &fields,
        auth.caller.user_id,
    )
    .await
    .map_err(|e| unique_violation(e, CONSTRAINTS))?;
    let stored = factor(versioned(outcome)?);
    auth.audit(change("risk_factor.update", "risk_factor", id, Some(&factor(before)), Some(&stored))).await?;
    auth.commit().await?;
    Ok(respond(StatusCode::OK, stored.stored.version, stored))
}

/// Delete a dynamic factor (rules that adjust it then adjust nothing).
#[utoipa::path(delete, path = "/risk-factors/{risk_factor_id}", tag = "risk",
    params(("risk_factor_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version")),
    responses((status = 204), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn delete_risk_factor(
    mut auth: Authorized<perm::RiskConfigure>,
    Path(id): Path<Uuid>,
    IfMatch(version): IfMatch,
) -> Result<StatusCode, ApiError> {
    let gone = factor(versioned(risk_rules::delete(&mut auth.tx, Kind::Factor, id, version).await?)?);
    auth.audit(change("risk_factor.delete", "risk_factor", id, Some(&gone), None)).await?;
    auth.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Expert rules of the tenant, by id.
#[utoipa::path(get, path = "/expert-rules", tag = "risk",
    responses((status = 200, body = Vec<ExpertRule>), CommonErrors), security(("bearer" = [])))]
async fn list_expert_rules(mut auth: Authorized<perm::HazardRead>) -> Result<axum::Json<Vec<ExpertRule>>, ApiError> {
    let list = risk_rules::list(&mut auth.tx, Kind::Rule).await?;
    auth.commit().await?;
    Ok(axum::Json(list.into_iter().map(rule).collect()))
}

/// Create an expert rule; validated on save, including its references to factors. Save it disabled and
/// back-test it before it goes live.
#[utoipa::path(post, path = "/expert-rules", tag = "risk", request_body = CreateDefinition,
    responses((status = 201, body = ExpertRule), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn create_expert_rule(
    mut auth: Authorized<perm::RiskConfigure>,
    Json(body): Json<CreateDefinition>,
) -> Result<Response, ApiError> {
    let checked = checked_rule(&mut auth, &body.definition).await?;
    let fields = Fields { code: checked.id, name: checked.name, definition: body.definition, enabled: body.enabled };
    let stored = risk_rules::create(&mut auth.tx, Kind::Rule, auth.caller.tenant_id, &fields, auth.caller.user_id)
        .await
        .map_err(|e| unique_violation(e, CONSTRAINTS))?;
    let created = rule(stored);
    auth.audit(change("expert_rule.create", "expert_rule", created.expert_rule_id, None, Some(&created))).await?;
    auth.commit().await?;
    Ok(respond(StatusCode::CREATED, created.stored.version, created))
}

/// Get an expert rule (its `definition` imports back unchanged through POST).
#[utoipa::path(get, path = "/expert-rules/{expert_rule_id}", tag = "risk", params(("expert_rule_id" = Uuid, Path)),
    responses((status = 200, body = ExpertRule, headers(("ETag" = String))), CommonErrors), security(("bearer" = [])))]
async fn get_expert_rule(mut auth: Authorized<perm::HazardRead>, Path(id): Path<Uuid>) -> Result<Response, ApiError> {
    let stored = risk_rules::get(&mut auth.tx, Kind::Rule, id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(respond(StatusCode::OK, stored.version, rule(stored)))
}

/// Change a rule: a new version (kept in its revisions), validated again.
#[utoipa::path(patch, path = "/expert-rules/{expert_rule_id}", tag = "risk", request_body = UpdateDefinition,
    params(("expert_rule_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version, e.g. \"3\"")),
    responses((status = 200, body = ExpertRule), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn update_expert_rule(
    mut auth: Authorized<perm::RiskConfigure>,
    Path(id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Json(body): Json<UpdateDefinition>,
) -> Result<Response, ApiError> {
    let before = risk_rules::get(&mut auth.tx, Kind::Rule, id).await?.ok_or(ApiError::NotFound)?;
    let definition = body.definition.unwrap_or_else(|| before.definition.clone());
    let checked = checked_rule(&mut auth, &definition).await?;
    let fields =
        Fields { code: checked.id, name: checked.name, definition, enabled: body.enabled.unwrap_or(before.enabled) };
    let outcome =
        risk_rules::update(&mut auth.tx, Kind::Rule, auth.caller.tenant_id, id, version, &fields, auth.caller.user_id)
            .await
            .map_err(|e| unique_violation(e, CONSTRAINTS))?;
    let stored = rule(versioned(outcome)?);
    auth.audit(change("expert_rule.update", "expert_rule", id, Some(&rule(before)), Some(&stored))).await?;
    auth.commit().await?;
    Ok(respond(StatusCode::OK, stored.stored.version, stored))
}

/// Delete a rule (its revisions, risk paths and queued instructions go with it).
#[utoipa::path(delete, path = "/expert-rules/{expert_rule_id}", tag = "risk",
    params(("expert_rule_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version")),
    responses((status = 204), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn delete_expert_rule(
    mut auth: Authorized<perm::RiskConfigure>,
    Path(id): Path<Uuid>,
    IfMatch(version): IfMatch,
) -> Result<StatusCode, ApiError> {
    let gone = rule(versioned(risk_rules::delete(&mut auth.tx, Kind::Rule, id, version).await?)?);
    auth.audit(change("expert_rule.delete", "expert_rule", id, Some(&gone), None)).await?;
    auth.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every saved version of a rule, newest first.
#[utoipa::path(get, path = "/expert-rules/{expert_rule_id}/revisions", tag = "risk", params(("expert_rule_id" = Uuid, Path)),
    responses((status = 200, body = Vec<RuleRevision>), CommonErrors), security(("bearer" = [])))]
async fn expert_rule_revisions(
    mut auth: Authorized<perm::HazardRead>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<Vec<RuleRevision>>, ApiError> {
    risk_rules::get(&mut auth.tx, Kind::Rule, id).await?.ok_or(ApiError::NotFound)?;
    let revisions = risk_rules::revisions(&mut auth.tx, id).await?;
    auth.commit().await?;
    Ok(axum::Json(revisions))
}

/// The history a back-test replays.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BacktestRequest {
    /// Start of the recorded history.
    from: DateTime<Utc>,
    /// End (default: now).
    to: Option<DateTime<Utc>>,
    /// Only this site's zones (default: every site).
    site_id: Option<Uuid>,
    /// Test this definition instead of the stored one (an edit before it is saved).
    #[schema(value_type = Option<Object>)]
    definition: Option<serde_json::Value>,
}

/// A back-test per zone and in total.
#[derive(Debug, Serialize, ToSchema)]
pub struct BacktestResult {
    /// Recorded zone snapshots replayed (every zone, every cycle).
    pub samples: usize,
    /// Zones in which the rule would have fired at least once, with their report.
    #[schema(value_type = Vec<Object>)]
    pub zones: Vec<serde_json::Value>,
    /// Onsets over all zones, oldest first (ms since the epoch).
    pub firings: Vec<i64>,
    /// Snapshots on which the condition was unknown (an input missing: a misspelt input name shows here).
    pub unknown_samples: usize,
    /// Whether the history was cut at the sample limit.
    pub truncated: bool,
}

/// Most snapshots a back-test replays (about 5 days of a 40-zone site at 15 s).
const BACKTEST_LIMIT: i64 = 1_200_000;

/// Back-test a rule against the recorded zone inputs of a window: when it would have fired (onsets, as a
/// live rule acts on the rising edge), in which zones, how often its condition could not be decided.
#[utoipa::path(post, path = "/expert-rules/{expert_rule_id}/backtest", tag = "risk", request_body = BacktestRequest,
    params(("expert_rule_id" = Uuid, Path)),
    responses((status = 200, body = BacktestResult), CommonErrors), security(("bearer" = [])))]
async fn backtest_expert_rule(
    mut auth: Authorized<perm::HazardRead>,
    Path(id): Path<Uuid>,
    Json(body): Json<BacktestRequest>,
) -> Result<axum::Json<BacktestResult>, ApiError> {
    let stored = risk_rules::get(&mut auth.tx, Kind::Rule, id).await?.ok_or(ApiError::NotFound)?;
    let definition = body.definition.unwrap_or(stored.definition);
    let checked = checked_rule(&mut auth, &definition).await?;
    let to = body.to.unwrap_or_else(Utc::now);
    let mut checks = Checks::default();
    if body.from >= to {
        checks.push(FieldIssue::new("from", "not_before", Msg::FieldNotBefore).arg("other", "to"));
    }
    if to - body.from > Duration::days(31) {
        checks.push(FieldIssue::new("from", "window_too_long", Msg::RiskWindowTooLong).arg("max", 31));
    }
    checks.finish()?;
    if let Some(site) = body.site_id {
        let found: Option<i32> = sqlx::query_scalar("SELECT 1 FROM site WHERE site_id = $1")
            .bind(site)
            .fetch_optional(&mut *auth.tx)
            .await?;
        if found.is_none() {
            return Err(ApiError::Validation(vec![FieldIssue::new(
                "site_id",
                "not_found",
                Msg::FieldReferenceMissing,
            )]));
        }
    }
    let rows = foresight_store::zone_risk::snapshots(&mut auth.tx, body.site_id, body.from, to, BACKTEST_LIMIT).await?;
    auth.commit().await?;
    let truncated = rows.len() as i64 >= BACKTEST_LIMIT;
    let mut by_zone: BTreeMap<Uuid, Vec<(i64, Snapshot)>> = BTreeMap::new();
    for (zone, at, snapshot) in rows {
        let snapshot: Snapshot = serde_json::from_value(snapshot).unwrap_or_default();
        by_zone.entry(zone).or_default().push((at.timestamp_millis(), snapshot));
    }
    let mut result =
        BacktestResult { samples: 0, zones: Vec::new(), firings: Vec::new(), unknown_samples: 0, truncated };
    for (zone, history) in by_zone {
        let report: BacktestReport = backtest(&checked, &history);
        result.samples += report.samples;
        result.unknown_samples += report.unknown_samples;
        result.firings.extend(&report.firings);
        if report.count > 0 {
            let mut value = serde_json::to_value(&report).unwrap_or_default();
            value["zone_id"] = serde_json::json!(zone);
            result.zones.push(value);
        }
    }
    result.firings.sort_unstable();
    Ok(axum::Json(result))
}

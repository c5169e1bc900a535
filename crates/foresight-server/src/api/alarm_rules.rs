//! No-code alarm rules (validated against the thing model on save, versioned, exportable) and the
//! alarms they raise.

use super::sites::versioned;
use super::thing_models::{join, problem_issue, unknown_keys};
use super::{page_request, page_type, Checks, CommonErrors, VersionErrors};
use crate::app::AppState;
use crate::authz::{change, perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{etag, parse_json, IfMatch, Json, Path, Query};
use crate::i18n::Msg;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use foresight_store::alarm_rules::{
    self, Alarm, AlarmFilter, AlarmRule, AlarmRuleFilter, AlarmRuleRevision, NewAlarmRule,
};
use foresight_telemetry::ThingModel;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_rules, create_rule))
        .routes(routes!(get_rule, update_rule, delete_rule))
        .routes(routes!(rule_revisions))
        .routes(routes!(list_alarms))
}

page_type!(AlarmRulePage, AlarmRule);
page_type!(AlarmPage, Alarm);

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RuleQuery {
    /// Page number from 1.
    page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<i64>,
    /// name, created_at, updated_at; prefix `-` for descending.
    sort: Option<String>,
    thing_model_identifier: Option<String>,
    device_id: Option<Uuid>,
    enabled: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAlarmRule {
    /// Apply to every device of this thing model (by identifier; later revisions keep the rule)...
    thing_model_identifier: Option<String>,
    /// ...or to one device. Exactly one of the two.
    device_id: Option<Uuid>,
    #[serde(default = "enabled_by_default")]
    enabled: bool,
    /// The rule: name, severity, condition (threshold / rate_of_change / stale, combined with and /
    /// or), for_at_least_secs, hysteresis, escalation.
    #[schema(value_type = Object)]
    definition: serde_json::Value,
}

fn enabled_by_default() -> bool {
    true
}

/// Absent fields stay as they are; any change makes a new version and restarts evaluation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateAlarmRule {
    enabled: Option<bool>,
    #[schema(value_type = Option<Object>)]
    definition: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AlarmQuery {
    /// Page number from 1.
    page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<i64>,
    /// raised_at, severity; prefix `-` for descending (default `-raised_at`).
    sort: Option<String>,
    /// active or cleared.
    status: Option<String>,
    /// info, warning, alarm or critical.
    severity: Option<String>,
    device_id: Option<Uuid>,
    zone_id: Option<Uuid>,
}

const RULE_SORTS: &[(&str, &str)] = &[("name", "name"), ("created_at", "created_at"), ("updated_at", "updated_at")];
const ALARM_SORTS: &[(&str, &str)] = &[("raised_at", "a.raised_at"), ("severity", "a.severity")];

/// The keys a rule definition may have at its top level (for naming unknown ones when the whole
/// definition fails to parse).
const RULE_KEYS: &[&str] =
    &["name", "name_en", "severity", "condition", "for_at_least_secs", "hysteresis", "escalation"];

/// Reads a definition strictly: type errors name their path under `definition`, and a key the rule
/// does not have (a misspelt `for_at_least_sec`) is an error rather than silently ignored.
fn read_rule(raw: &serde_json::Value) -> Result<foresight_telemetry::rules::AlarmRule, Vec<FieldIssue>> {
    #[derive(Deserialize)]
    struct Wrapped {
        inner: foresight_telemetry::rules::AlarmRule,
    }
    let unknown = |path: &str| FieldIssue::new(join("definition", path), "unknown_field", Msg::FieldUnknown);
    if !raw.is_object() {
        return Err(vec![
            FieldIssue::new("definition", "invalid_type", Msg::FieldInvalidType).arg("reason", "expected an object")
        ]);
    }
    let bytes = serde_json::to_vec(&serde_json::json!({ "inner": raw })).unwrap_or_default();
    match parse_json::<Wrapped>(&bytes) {
        Ok(Wrapped { inner }) => {
            let known = serde_json::to_value(&inner).unwrap_or_default();
            let mut paths = Vec::new();
            unknown_keys(raw, &known, String::new(), &mut paths);
            if paths.is_empty() {
                Ok(inner)
            } else {
                Err(paths.iter().map(|p| unknown(p)).collect())
            }
        }
        Err(e) => {
            let mut issues: Vec<FieldIssue> = match e {
                ApiError::Validation(issues) => issues
                    .into_iter()
                    .map(|mut i| {
                        let path =
                            i.field.strip_prefix("inner").unwrap_or(&i.field).trim_start_matches('.').to_string();
                        i.field = join("definition", &path);
                        i
                    })
                    .collect(),
                _ => vec![FieldIssue::new("definition", "invalid_type", Msg::FieldInvalidType)
                    .arg("reason", "expected an object")],
            };
            for key in raw.as_object().into_iter().flat_map(|o| o.keys()).filter(|k| !RULE_KEYS.contains(&k.as_str())) {
                issues.push(unknown(key));
            }
            Err(issues)
        }
    }
}

/// Reads and validates a definition against the thing model it will watch.
fn checked_definition(
    raw: &serde_json::Value,
    model: Option<&ThingModel>,
    checks: &mut Checks,
) -> Option<foresight_telemetry::rules::AlarmRule> {
    let rule = match read_rule(raw) {
        Ok(rule) => rule,
        Err(issues) => {
            for issue in issues {
                checks.push(issue);
            }
            return None;
        }
    };
    if let Err(problems) = rule.validate(model) {
        for p in &problems {
            checks.push(problem_issue("definition", p));
        }
        return None;
    }
    Some(rule)
}

async fn model_of_device<P>(auth: &mut Authorized<P>, device_id: Uuid) -> Result<Option<ThingModel>, ApiError> {
    let definition: Option<serde_json::Value> = sqlx::query_scalar(
        "SELECT m.definition FROM device d JOIN thing_model m ON m.tenant_id = d.tenant_id AND m.thing_model_id = d.thing_model_id \
         WHERE d.device_id = $1 AND (d.zone_id IS NULL OR EXISTS (SELECT 1 FROM zone z WHERE z.tenant_id = d.tenant_id AND z.zone_id = d.zone_id))",
    )
    .bind(device_id)
    .fetch_optional(&mut *auth.tx)
    .await?;
    Ok(definition.and_then(|d| serde_json::from_value(d).ok()))
}

async fn model_by_identifier<P>(auth: &mut Authorized<P>, identifier: &str) -> Result<Option<ThingModel>, ApiError> {
    let definition: Option<serde_json::Value> =
        sqlx::query_scalar("SELECT definition FROM thing_model WHERE identifier = $1 ORDER BY revision DESC LIMIT 1")
            .bind(identifier)
            .fetch_optional(&mut *auth.tx)
            .await?;
    Ok(definition.and_then(|d| serde_json::from_value(d).ok()))
}

async fn scope_model<P>(auth: &mut Authorized<P>, rule: &AlarmRule) -> Result<Option<ThingModel>, ApiError> {
    match (&rule.thing_model_identifier, rule.device_id) {
        (Some(identifier), _) => model_by_identifier(auth, identifier).await,
        (None, Some(device)) => model_of_device(auth, device).await,
        (None, None) => Ok(None),
    }
}

fn respond(status: StatusCode, rule: AlarmRule) -> Response {
    (status, [(header::ETAG, etag(rule.version))], axum::Json(rule)).into_response()
}

/// List alarm rules.
#[utoipa::path(get, path = "/alarm-rules", tag = "alarms", params(RuleQuery),
    responses((status = 200, body = AlarmRulePage), CommonErrors), security(("bearer" = [])))]
async fn list_rules(
    mut auth: Authorized<perm::DeviceRead>,
    Query(q): Query<RuleQuery>,
) -> Result<axum::Json<AlarmRulePage>, ApiError> {
    let page = page_request(q.page, q.per_page, q.sort.as_deref(), RULE_SORTS, ("name", false))?;
    let filter = AlarmRuleFilter {
        thing_model_identifier: q.thing_model_identifier,
        device_id: q.device_id,
        enabled: q.enabled,
    };
    let found = alarm_rules::list(&mut auth.tx, &filter, &page).await?;
    auth.commit().await?;
    Ok(axum::Json(AlarmRulePage::new(found, &page)))
}

/// Create an alarm rule; it is validated against the thing model it watches.
#[utoipa::path(post, path = "/alarm-rules", tag = "alarms", request_body = CreateAlarmRule,
    responses((status = 201, body = AlarmRule), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn create_rule(
    mut auth: Authorized<perm::DeviceWrite>,
    Json(body): Json<CreateAlarmRule>,
) -> Result<Response, ApiError> {
    let mut checks = Checks::default();
    let model = match (&body.thing_model_identifier, body.device_id) {
        (Some(identifier), None) => {
            let model = model_by_identifier(&mut auth, identifier).await?;
            if model.is_none() {
                checks.push(FieldIssue::new("thing_model_identifier", "not_found", Msg::FieldReferenceMissing));
            }
            model
        }
        (None, Some(device)) => {
            let model = model_of_device(&mut auth, device).await?;
            if model.is_none() {
                checks.push(FieldIssue::new("device_id", "not_found", Msg::FieldReferenceMissing));
            }
            model
        }
        _ => {
            checks.push(FieldIssue::new("thing_model_identifier", "one_scope_required", Msg::FieldRequired));
            None
        }
    };
    let rule = checked_definition(&body.definition, model.as_ref(), &mut checks);
    checks.finish()?;
    let Some(rule) = rule else { return Err(ApiError::NotFound) };
    let new = NewAlarmRule {
        name: rule.name.clone(),
        thing_model_identifier: body.thing_model_identifier,
        device_id: body.device_id,
        definition: body.definition,
        enabled: body.enabled,
        created_by: auth.caller.user_id,
    };
    let stored = alarm_rules::create(&mut auth.tx, auth.caller.tenant_id, &new).await?;
    auth.audit(change("alarm_rule.create", "alarm_rule", stored.alarm_rule_id, None, Some(&stored))).await?;
    auth.commit().await?;
    Ok(respond(StatusCode::CREATED, stored))
}

/// Get an alarm rule (export: its `definition` imports back unchanged through POST).
#[utoipa::path(get, path = "/alarm-rules/{alarm_rule_id}", tag = "alarms", params(("alarm_rule_id" = Uuid, Path)),
    responses((status = 200, body = AlarmRule, headers(("ETag" = String))), CommonErrors), security(("bearer" = [])))]
async fn get_rule(mut auth: Authorized<perm::DeviceRead>, Path(id): Path<Uuid>) -> Result<Response, ApiError> {
    let rule = alarm_rules::get(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(respond(StatusCode::OK, rule))
}

/// Change a rule: a new version, validated again; evaluation restarts from it.
#[utoipa::path(patch, path = "/alarm-rules/{alarm_rule_id}", tag = "alarms", request_body = UpdateAlarmRule,
    params(("alarm_rule_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version, e.g. \"3\"")),
    responses((status = 200, body = AlarmRule), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn update_rule(
    mut auth: Authorized<perm::DeviceWrite>,
    Path(id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Json(body): Json<UpdateAlarmRule>,
) -> Result<Response, ApiError> {
    let before = alarm_rules::get(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    let definition = body.definition.unwrap_or_else(|| before.definition.clone());
    let model = scope_model(&mut auth, &before).await?;
    let mut checks = Checks::default();
    let rule = checked_definition(&definition, model.as_ref(), &mut checks);
    checks.finish()?;
    let Some(rule) = rule else { return Err(ApiError::NotFound) };
    let enabled = body.enabled.unwrap_or(before.enabled);
    let outcome = alarm_rules::update(
        &mut auth.tx,
        auth.caller.tenant_id,
        id,
        version,
        &rule.name,
        &definition,
        enabled,
        auth.caller.user_id,
    )
    .await?;
    let stored = versioned(outcome)?;
    auth.audit(change("alarm_rule.update", "alarm_rule", id, Some(&before), Some(&stored))).await?;
    auth.commit().await?;
    Ok(respond(StatusCode::OK, stored))
}

/// Delete a rule and its alarms.
#[utoipa::path(delete, path = "/alarm-rules/{alarm_rule_id}", tag = "alarms",
    params(("alarm_rule_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version")),
    responses((status = 204), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn delete_rule(
    mut auth: Authorized<perm::DeviceWrite>,
    Path(id): Path<Uuid>,
    IfMatch(version): IfMatch,
) -> Result<StatusCode, ApiError> {
    let rule = versioned(alarm_rules::delete(&mut auth.tx, id, version).await?)?;
    auth.audit(change("alarm_rule.delete", "alarm_rule", id, Some(&rule), None)).await?;
    auth.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every saved version of a rule, newest first.
#[utoipa::path(get, path = "/alarm-rules/{alarm_rule_id}/revisions", tag = "alarms", params(("alarm_rule_id" = Uuid, Path)),
    responses((status = 200, body = Vec<AlarmRuleRevision>), CommonErrors), security(("bearer" = [])))]
async fn rule_revisions(
    mut auth: Authorized<perm::DeviceRead>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<Vec<AlarmRuleRevision>>, ApiError> {
    alarm_rules::get(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    let revisions = alarm_rules::revisions(&mut auth.tx, id).await?;
    auth.commit().await?;
    Ok(axum::Json(revisions))
}

/// Alarms raised by rules, newest first.
#[utoipa::path(get, path = "/alarms", tag = "alarms", params(AlarmQuery),
    responses((status = 200, body = AlarmPage), CommonErrors), security(("bearer" = [])))]
async fn list_alarms(
    mut auth: Authorized<perm::TelemetryRead>,
    Query(q): Query<AlarmQuery>,
) -> Result<axum::Json<AlarmPage>, ApiError> {
    let page = page_request(q.page, q.per_page, q.sort.as_deref(), ALARM_SORTS, ("a.raised_at", true))?;
    let mut checks = Checks::default();
    if let Some(s) = &q.status {
        checks.one_of("status", s, &["active", "cleared"]);
    }
    if let Some(s) = &q.severity {
        checks.one_of("severity", s, &["info", "warning", "alarm", "critical"]);
    }
    checks.finish().map_err(|e| match e {
        ApiError::Validation(issues) => ApiError::BadRequest { msg: Msg::DetailInvalidParameter, args: vec![], issues },
        other => other,
    })?;
    let filter = AlarmFilter { status: q.status, severity: q.severity, device_id: q.device_id, zone_id: q.zone_id };
    let found = alarm_rules::alarms(&mut auth.tx, &filter, &page).await?;
    auth.commit().await?;
    Ok(axum::Json(AlarmPage::new(found, &page)))
}

//! Thing models (物模型): device types defined without code, validated by `foresight_telemetry`, stored as
//! immutable revisions. Saving a changed model adds revision n+1 of its identifier; devices keep the
//! revision they were registered with until they are moved to a newer one.

use super::{page_request, page_type, unique_violation, Checks, CommonErrors, VersionErrors};
use crate::app::AppState;
use crate::authz::{change, perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{etag, parse_json, IfMatch, Json, Path, Query};
use crate::i18n::{render, Locale, Msg};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use foresight_store::thing_models::{self, NewThingModel, ThingModelFilter, ThingModelRecord, ThingModelSummary};
use foresight_store::{devices, violated_constraint};
use foresight_telemetry::problem::codes;
use foresight_telemetry::{presets, tsl, wot, Category, Problem, ThingModel};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_models, create_model))
        .routes(routes!(list_presets))
        .routes(routes!(import_model))
        .routes(routes!(get_model, delete_model))
        .routes(routes!(create_revision))
        .routes(routes!(export_model))
}

page_type!(ThingModelPage, ThingModelSummary);

const SORTS: &[(&str, &str)] =
    &[("identifier", "thing_model.identifier"), ("name", "thing_model.name"), ("created_at", "thing_model.created_at")];
const REVISION_TAKEN: &str = "thing_model_revision_unique";

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ThingModelQuery {
    /// Page number from 1.
    page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<i64>,
    /// identifier, name, created_at; prefix `-` for descending.
    sort: Option<String>,
    /// Case-insensitive search in identifier and both names.
    q: Option<String>,
    /// A category, e.g. gas_detection.
    category: Option<String>,
    /// The revisions of one identifier.
    identifier: Option<String>,
    /// List every revision instead of the latest of each identifier.
    all_revisions: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateThingModel {
    /// The model in the thing-model format (see GET /thing-models/presets for examples). May be absent
    /// when `preset` is given: the preset is then saved as it is.
    #[schema(value_type = Option<Object>)]
    definition: Option<serde_json::Value>,
    /// Identifier of the preset the model was made from; the model's source becomes `preset`.
    preset: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviseThingModel {
    /// The changed model; its identifier must stay the same.
    #[schema(value_type = Object)]
    definition: serde_json::Value,
}

/// What an imported document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    /// Alibaba Cloud IoT TSL (物模型 JSON), as exported by Chinese IoT platforms.
    Tsl,
    /// A W3C WoT Thing Description 1.1.
    Wot,
    /// This platform's own thing-model format.
    Foresight,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportThingModel {
    format: ImportFormat,
    /// The document to import: a JSON object in the chosen format. Its keys are the format's business, so
    /// the schema leaves it open.
    document: serde_json::Value,
}

/// Something an import lost or changed; the model was saved anyway.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportWarning {
    /// Where in the imported document.
    pub path: String,
    /// Stable code, e.g. renamed_identifier, unbounded_range.
    pub code: String,
    /// In the caller's language.
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportedThingModel {
    pub thing_model: ThingModelRecord,
    pub warnings: Vec<ImportWarning>,
}

/// A model of the preset library, to start from.
#[derive(Debug, Serialize, ToSchema)]
pub struct PresetThingModel {
    pub identifier: String,
    pub name: String,
    pub name_en: String,
    pub category: String,
    /// The whole model, ready to be edited and posted as a definition.
    #[schema(value_type = Object)]
    pub definition: serde_json::Value,
}

/// The document formats of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Tsl,
    Foresight,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// tsl or foresight (default).
    #[param(inline)]
    format: Option<ExportFormat>,
}

/// The message of a thing-model problem code; the arguments decide between variants of a code.
fn problem_msg(problem: &Problem) -> Msg {
    let has = |name: &str| problem.args.iter().any(|(n, _)| *n == name);
    match problem.code {
        codes::BLANK => Msg::FieldBlank,
        codes::TOO_LONG => Msg::FieldTooLong,
        codes::TOO_MANY => Msg::ModelTooMany,
        codes::OUT_OF_RANGE if has("max") => Msg::FieldOutOfRange,
        codes::OUT_OF_RANGE => Msg::ModelAtLeast,
        codes::INVALID_IDENTIFIER => Msg::ModelInvalidIdentifier,
        codes::DUPLICATE_IDENTIFIER => Msg::ModelDuplicateIdentifier,
        codes::NOT_FINITE => Msg::ModelNotFinite,
        codes::MIN_NOT_BELOW_MAX => Msg::ModelMinNotBelowMax,
        codes::EMPTY_ENUM => Msg::ModelEmptyEnum,
        codes::DUPLICATE_ENUM_VALUE => Msg::ModelDuplicateEnumValue,
        codes::TOO_DEEP => Msg::ModelTooDeep,
        codes::EMPTY_GROUP => Msg::ModelEmptyGroup,
        codes::UNKNOWN_PROPERTY => Msg::ModelUnknownProperty,
        codes::NOT_NUMERIC_PROPERTY => Msg::ModelNotNumericProperty,
        codes::ESCALATION_NOT_INCREASING => Msg::ModelEscalationNotIncreasing,
        codes::ESCALATION_SEVERITY_NOT_RISING => Msg::ModelEscalationSeverityNotRising,
        codes::INVALID_TYPE => Msg::ModelInvalidType,
        codes::REQUIRED => Msg::FieldRequired,
        codes::INVALID_NUMBER => Msg::ModelInvalidNumber,
        codes::UNKNOWN_VALUE => Msg::ModelUnknownValue,
        codes::UNSUPPORTED_TYPE => Msg::ModelUnsupportedType,
        codes::IGNORED_KEYWORD => Msg::ModelIgnoredKeyword,
        codes::RENAMED_IDENTIFIER => Msg::ModelRenamedIdentifier,
        codes::UNBOUNDED_RANGE => Msg::ModelUnboundedRange,
        codes::STRING_ENUM_NUMBERED => Msg::ModelStringEnumNumbered,
        _ => Msg::ModelOtherProblem,
    }
}

/// `definition` + `properties[0].name` → `definition.properties[0].name`.
pub(crate) fn join(prefix: &str, path: &str) -> String {
    match path {
        "" => prefix.to_string(),
        p if p.starts_with('[') => format!("{prefix}{p}"),
        p => format!("{prefix}.{p}"),
    }
}

/// A thing-model problem as a field issue under `prefix` (the request field that held the document).
pub(crate) fn problem_issue(prefix: &str, problem: &Problem) -> FieldIssue {
    let msg = problem_msg(problem);
    let mut issue = FieldIssue::new(join(prefix, &problem.path), problem.code, msg);
    issue.args = problem.args.clone();
    if msg == Msg::ModelOtherProblem {
        issue = issue.arg("code", problem.code);
    }
    issue
}

/// Reads a JSON value as a thing model, naming the failing field under `prefix`. Stricter than the
/// model's serde shape: a key the model does not have (a misspelt `unit`) is an error, not silently lost.
fn read_model(prefix: &str, value: serde_json::Value) -> Result<ThingModel, Vec<FieldIssue>> {
    if !value.is_object() {
        return Err(vec![FieldIssue::new(prefix, "invalid_type", Msg::ModelInvalidType).arg("expected", "object")]);
    }
    #[derive(Deserialize)]
    struct Wrapped {
        inner: ThingModel,
    }
    let unknown_issue = |path: &str| FieldIssue::new(join(prefix, path), "unknown_field", Msg::FieldUnknown);
    // Through the body parser, so type errors name their path exactly as body errors do.
    let bytes = serde_json::to_vec(&serde_json::json!({ "inner": &value })).map_err(|_| Vec::new())?;
    match parse_json::<Wrapped>(&bytes) {
        Ok(Wrapped { inner: model }) => {
            let known = serde_json::to_value(&model).unwrap_or_default();
            let mut unknown = Vec::new();
            unknown_keys(&value, &known, String::new(), &mut unknown);
            if unknown.is_empty() {
                Ok(model)
            } else {
                Err(unknown.iter().map(|path| unknown_issue(path)).collect())
            }
        }
        Err(e) => {
            let mut issues = match e {
                ApiError::Validation(issues) => issues
                    .into_iter()
                    .map(|mut i| {
                        let path = i.field.strip_prefix("inner").unwrap_or(&i.field).trim_start_matches('.');
                        i.field = join(prefix, path);
                        i
                    })
                    .collect(),
                _ => vec![FieldIssue::new(prefix, "invalid_type", Msg::ModelInvalidType).arg("expected", "object")],
            };
            // The model's own keys, from any model: they do not depend on its content.
            let known = presets::presets().first().and_then(|m| serde_json::to_value(m).ok()).unwrap_or_default();
            if let (Some(given), Some(known)) = (value.as_object(), known.as_object()) {
                for key in given.keys().filter(|k| !known.contains_key(*k)) {
                    issues.push(unknown_issue(key));
                }
            }
            Err(issues)
        }
    }
}

/// Paths of keys in `input` that do not survive a round trip through the model (`known` is the model
/// read from `input`, written back). Keys given as `null` are optional values left out, not unknown.
pub(crate) fn unknown_keys(input: &serde_json::Value, known: &serde_json::Value, path: String, out: &mut Vec<String>) {
    use serde_json::Value;
    match (input, known) {
        (Value::Object(given), Value::Object(known)) => {
            for (key, value) in given {
                let at = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                match known.get(key) {
                    Some(k) => unknown_keys(value, k, at, out),
                    None if value.is_null() => {}
                    None => out.push(at),
                }
            }
        }
        (Value::Array(given), Value::Array(known)) => {
            for (i, (value, k)) in given.iter().zip(known).enumerate() {
                unknown_keys(value, k, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Every validation problem of a model, as field issues under `prefix`.
fn validation_issues(prefix: &str, model: &ThingModel) -> Vec<FieldIssue> {
    model.validate().err().unwrap_or_default().iter().map(|p| problem_issue(prefix, p)).collect()
}

fn respond(status: StatusCode, model: ThingModelRecord) -> Response {
    (status, [(header::ETAG, etag(model.summary.revision))], axum::Json(model)).into_response()
}

/// Saves `model` as `revision` of its identifier.
async fn save(
    auth: &mut Authorized<perm::DeviceWrite>,
    mut model: ThingModel,
    revision: i32,
    source: &str,
) -> Result<ThingModelRecord, sqlx::Error> {
    // The stored revision is the model's version: one number, kept by the platform.
    model.version = revision as u32;
    let new = NewThingModel {
        identifier: model.identifier.clone(),
        revision,
        name: model.name.trim().to_string(),
        category: model.category.as_str().to_string(),
        definition: serde_json::to_value(&model).map_err(|e| sqlx::Error::Encode(Box::new(e)))?,
        source: source.to_string(),
        created_by: auth.caller.user_id,
    };
    thing_models::create(&mut auth.tx, auth.caller.tenant_id, &new).await
}

/// The first revision of a new identifier; a taken identifier is a 409 naming `field`.
async fn create_first(
    auth: &mut Authorized<perm::DeviceWrite>,
    model: ThingModel,
    source: &str,
    field: &str,
) -> Result<ThingModelRecord, ApiError> {
    let created = save(auth, model, 1, source).await.map_err(|e| unique_violation(e, &[(REVISION_TAKEN, field)]))?;
    auth.audit(change("thing_model.create", "thing_model", created.summary.thing_model_id, None, Some(&created)))
        .await?;
    Ok(created)
}

/// List thing models: the latest revision of each identifier, or every revision.
#[utoipa::path(get, path = "/thing-models", tag = "thing-models", params(ThingModelQuery),
    responses((status = 200, body = ThingModelPage), CommonErrors), security(("bearer" = [])))]
async fn list_models(
    mut auth: Authorized<perm::DeviceRead>,
    Query(q): Query<ThingModelQuery>,
) -> Result<axum::Json<ThingModelPage>, ApiError> {
    let page = page_request(q.page, q.per_page, q.sort.as_deref(), SORTS, ("thing_model.identifier", false))?;
    if let Some(category) = &q.category {
        if Category::parse(category).is_none() {
            let allowed: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
            return Err(ApiError::BadRequest {
                msg: Msg::DetailInvalidParameter,
                args: vec![],
                issues: vec![FieldIssue::new("category", "not_allowed", Msg::FieldNotAllowedValue)
                    .arg("allowed", allowed.join(", "))],
            });
        }
    }
    let filter = ThingModelFilter {
        q: q.q,
        category: q.category,
        identifier: q.identifier,
        all_revisions: q.all_revisions.unwrap_or(false),
    };
    let found = thing_models::list(&mut auth.tx, &filter, &page).await?;
    auth.commit().await?;
    Ok(axum::Json(ThingModelPage::new(found, &page)))
}

/// Create a thing model (revision 1) from a definition, a preset, or a preset edited into a definition.
/// Every problem of the definition is a field issue `definition.<path>`.
#[utoipa::path(post, path = "/thing-models", tag = "thing-models", request_body = CreateThingModel,
    responses((status = 201, body = ThingModelRecord, headers(("ETag" = String))), CommonErrors, VersionErrors),
    security(("bearer" = [])))]
async fn create_model(
    mut auth: Authorized<perm::DeviceWrite>,
    Json(body): Json<CreateThingModel>,
) -> Result<Response, ApiError> {
    let mut checks = Checks::default();
    let preset = body.preset.as_ref().map(|identifier| {
        let found = presets::preset(identifier);
        if found.is_none() {
            checks.push(FieldIssue::new("preset", "not_found", Msg::FieldReferenceMissing));
        }
        found
    });
    let model = match (body.definition, preset.flatten()) {
        (Some(definition), _) => match read_model("definition", definition) {
            Ok(model) => Some(model),
            Err(issues) => {
                issues.into_iter().for_each(|i| {
                    checks.push(i);
                });
                None
            }
        },
        (None, Some(preset)) => Some(preset),
        (None, None) => {
            if body.preset.is_none() {
                checks.push(FieldIssue::new("definition", "required", Msg::FieldRequired));
            }
            None
        }
    };
    if let Some(model) = &model {
        for issue in validation_issues("definition", model) {
            checks.push(issue);
        }
    }
    checks.finish()?;
    let model = model.ok_or_else(|| ApiError::internal(anyhow::anyhow!("checked model missing")))?;
    let source = if body.preset.is_some() { "preset" } else { "custom" };
    let created = create_first(&mut auth, model, source, "definition.identifier").await?;
    auth.commit().await?;
    Ok(respond(StatusCode::CREATED, created))
}

/// The preset library: models of common plant equipment to start from. Not stored; copy one to use it.
#[utoipa::path(get, path = "/thing-models/presets", tag = "thing-models",
    responses((status = 200, body = Vec<PresetThingModel>), CommonErrors), security(("bearer" = [])))]
async fn list_presets(auth: Authorized<perm::DeviceRead>) -> Result<axum::Json<Vec<PresetThingModel>>, ApiError> {
    auth.commit().await?;
    let list = presets::presets()
        .into_iter()
        .map(|m| {
            Ok(PresetThingModel {
                identifier: m.identifier.clone(),
                name: m.name.clone(),
                name_en: m.name_en.clone(),
                category: m.category.as_str().to_string(),
                definition: serde_json::to_value(&m).map_err(ApiError::internal)?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(axum::Json(list))
}

/// Import a thing model from TSL, a WoT Thing Description or this platform's format, and save it as a
/// new identifier. Problems of the document are field issues `document.<path>`; problems of the
/// resulting model `definition.<path>`. What a WoT import lost is returned as warnings.
#[utoipa::path(post, path = "/thing-models/import", tag = "thing-models", request_body = ImportThingModel,
    responses((status = 201, body = ImportedThingModel), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn import_model(
    mut auth: Authorized<perm::DeviceWrite>,
    headers: HeaderMap,
    Json(body): Json<ImportThingModel>,
) -> Result<(StatusCode, axum::Json<ImportedThingModel>), ApiError> {
    let document_issues = |problems: Vec<Problem>| -> ApiError {
        ApiError::Validation(problems.iter().map(|p| problem_issue("document", p)).collect())
    };
    if !body.document.is_object() {
        return Err(ApiError::field(
            FieldIssue::new("document", "invalid_type", Msg::ModelInvalidType).arg("expected", "object"),
        ));
    }
    let (model, warnings, source) = match body.format {
        ImportFormat::Tsl => (tsl::from_tsl(&body.document).map_err(document_issues)?, Vec::new(), "tsl"),
        ImportFormat::Wot => {
            let imported = wot::from_wot(&body.document).map_err(|p| document_issues(vec![p]))?;
            (imported.model, imported.warnings, "wot")
        }
        ImportFormat::Foresight => {
            (read_model("document", body.document).map_err(ApiError::Validation)?, Vec::new(), "custom")
        }
    };
    let issues = validation_issues("definition", &model);
    if !issues.is_empty() {
        return Err(ApiError::Validation(issues));
    }
    let created = create_first(&mut auth, model, source, "definition.identifier").await?;
    auth.commit().await?;
    let locale = Locale::from_headers(&headers);
    let warnings = warnings
        .iter()
        .map(|w| ImportWarning {
            path: w.path.clone(),
            code: w.code.to_string(),
            message: {
                let issue = problem_issue("", w);
                render(issue.msg, locale, &issue.args)
            },
        })
        .collect();
    Ok((StatusCode::CREATED, axum::Json(ImportedThingModel { thing_model: created, warnings })))
}

/// Get a thing model revision with its full definition. The ETag is the revision.
#[utoipa::path(get, path = "/thing-models/{thing_model_id}", tag = "thing-models", params(("thing_model_id" = Uuid, Path)),
    responses((status = 200, body = ThingModelRecord, headers(("ETag" = String))), CommonErrors), security(("bearer" = [])))]
async fn get_model(
    mut auth: Authorized<perm::DeviceRead>,
    Path(thing_model_id): Path<Uuid>,
) -> Result<Response, ApiError> {
    let model = thing_models::get(&mut auth.tx, thing_model_id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(respond(StatusCode::OK, model))
}

/// Save a changed model as the next revision of the identifier (rows are immutable). `If-Match` carries
/// the newest revision number the change was based on; a newer one is 412.
#[utoipa::path(post, path = "/thing-models/{thing_model_id}/revisions", tag = "thing-models", request_body = ReviseThingModel,
    params(("thing_model_id" = Uuid, Path), ("If-Match" = String, Header, description = "Newest revision of the identifier, e.g. \"2\"")),
    responses((status = 201, body = ThingModelRecord, headers(("ETag" = String))), CommonErrors, VersionErrors),
    security(("bearer" = [])))]
async fn create_revision(
    mut auth: Authorized<perm::DeviceWrite>,
    Path(thing_model_id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Json(body): Json<ReviseThingModel>,
) -> Result<Response, ApiError> {
    let base = thing_models::get(&mut auth.tx, thing_model_id).await?.ok_or(ApiError::NotFound)?;
    let identifier = base.summary.identifier.clone();
    let mut checks = Checks::default();
    let model = match read_model("definition", body.definition) {
        Ok(model) => {
            if model.identifier != identifier {
                checks.push(
                    FieldIssue::new("definition.identifier", "identifier_fixed", Msg::FieldIdentifierFixed)
                        .arg("identifier", &identifier),
                );
            }
            for issue in validation_issues("definition", &model) {
                checks.push(issue);
            }
            Some(model)
        }
        Err(issues) => {
            issues.into_iter().for_each(|i| {
                checks.push(i);
            });
            None
        }
    };
    checks.finish()?;
    let model = model.ok_or_else(|| ApiError::internal(anyhow::anyhow!("checked model missing")))?;
    let latest = thing_models::latest_revision(&mut auth.tx, &identifier).await?.unwrap_or(base.summary.revision);
    if version != latest {
        return Err(ApiError::PreconditionFailed { current: latest });
    }
    let created = save(&mut auth, model, latest + 1, &base.summary.source).await.map_err(|e| {
        if violated_constraint(&e) == Some(REVISION_TAKEN) {
            // Someone saved a revision at the same moment.
            ApiError::PreconditionFailed { current: latest + 1 }
        } else {
            e.into()
        }
    })?;
    auth.audit(change(
        "thing_model.revise",
        "thing_model",
        created.summary.thing_model_id,
        Some(&base),
        Some(&created),
    ))
    .await?;
    auth.commit().await?;
    Ok(respond(StatusCode::CREATED, created))
}

/// Export a thing model revision as a JSON document: TSL for other IoT platforms, or this platform's format.
#[utoipa::path(get, path = "/thing-models/{thing_model_id}/export", tag = "thing-models",
    params(("thing_model_id" = Uuid, Path), ExportQuery),
    responses((status = 200, description = "The document", body = Object), CommonErrors), security(("bearer" = [])))]
async fn export_model(
    mut auth: Authorized<perm::DeviceRead>,
    Path(thing_model_id): Path<Uuid>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let record = thing_models::get(&mut auth.tx, thing_model_id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    let format = q.format.unwrap_or(ExportFormat::Foresight);
    let document = match format {
        ExportFormat::Foresight => record.definition,
        ExportFormat::Tsl => {
            let model: ThingModel = serde_json::from_value(record.definition).map_err(ApiError::internal)?;
            tsl::to_tsl(&model)
        }
    };
    let suffix = if format == ExportFormat::Tsl { "tsl" } else { "model" };
    let filename = format!("{}-r{}.{suffix}.json", record.summary.identifier, record.summary.revision);
    Ok(([(header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\""))], axum::Json(document))
        .into_response())
}

/// Delete a thing model revision. Refused with 409 while devices use it.
#[utoipa::path(delete, path = "/thing-models/{thing_model_id}", tag = "thing-models",
    params(("thing_model_id" = Uuid, Path)),
    responses((status = 204), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn delete_model(
    mut auth: Authorized<perm::DeviceWrite>,
    Path(thing_model_id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let in_use = ApiError::Conflict { msg: Msg::DetailStillReferenced, args: vec![], issues: vec![] };
    thing_models::get(&mut auth.tx, thing_model_id).await?.ok_or(ApiError::NotFound)?;
    if devices::count_by_thing_model(&mut auth.tx, thing_model_id).await? > 0 {
        return Err(in_use);
    }
    let deleted = thing_models::delete(&mut auth.tx, thing_model_id)
        .await
        .map_err(|e| if violated_constraint(&e) == Some("device_model_fk") { in_use } else { e.into() })?
        .ok_or(ApiError::NotFound)?;
    auth.audit(change("thing_model.delete", "thing_model", thing_model_id, Some(&deleted), None)).await?;
    auth.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_thing_model_problem_code_has_its_own_message() {
        for code in codes::ALL {
            let problem = Problem::new("x", code).arg("min", 1).arg("max", 2);
            assert_ne!(problem_msg(&problem), Msg::ModelOtherProblem, "{code}");
        }
    }

    #[test]
    fn problem_paths_are_joined_under_the_request_field() {
        assert_eq!(join("definition", "properties[0].name"), "definition.properties[0].name");
        assert_eq!(join("definition", ""), "definition");
        assert_eq!(join("document", "[2]"), "document[2]");
    }

    #[test]
    fn type_errors_inside_a_definition_name_their_path() {
        let issues = read_model(
            "definition",
            serde_json::json!({"identifier": 7, "name": "x", "name_en": "x", "category": "other"}),
        )
        .unwrap_err();
        assert_eq!(issues[0].field, "definition.identifier");
        let issues = read_model("definition", serde_json::json!("text")).unwrap_err();
        assert_eq!(issues[0].field, "definition");
    }

    #[test]
    fn a_misspelt_key_is_named_instead_of_dropped() {
        let mut model = serde_json::to_value(presets::presets().remove(0)).unwrap();
        model["properties"][0]["data_type"]["unti"] = serde_json::json!("ppm");
        model["properties"][0]["data_type"]["min"] = serde_json::Value::Null;
        let issues = read_model("definition", model).unwrap_err();
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["definition.properties[0].data_type.unti"]);
        let issues = read_model("definition", serde_json::json!({"unexpected_field": true})).unwrap_err();
        assert!(issues.iter().any(|i| i.field == "definition.unexpected_field"));
        assert!(issues.iter().any(|i| i.field == "definition.identifier"));
    }
}

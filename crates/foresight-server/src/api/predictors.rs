//! Tenants' own incident predictors: upload an ONNX model with its declared input mapping (checked by
//! `foresight_predict::upload` before anything is stored; a refused model is a 422 naming the stable code
//! and, for shapes, what the model has against what the mapping declares), list and get versions, download
//! the file, activate a version for its scope (a site or the whole tenant), retire one.

use super::{page_request, page_type, CommonErrors, VersionErrors};
use crate::app::AppState;
use crate::authz::{change, perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{Path, Query};
use crate::i18n::{Locale, Msg};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use foresight_predict::upload::{check_upload, MAX_MAPPING_BYTES};
use foresight_predict::{Lang, ModelError, MAX_MODEL_BYTES};
use foresight_store::predictor_models::{self, Activated, NewPredictorModel, PredictorModel, PredictorModelFilter};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;
use uuid::Uuid;

/// The upload's body limit: the largest model, the largest mapping, and room for the other parts and the
/// multipart framing. Larger bodies are refused with 413 before they are read.
pub const UPLOAD_BODY_LIMIT: usize = MAX_MODEL_BYTES + MAX_MAPPING_BYTES + (64 << 10);

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_predictor_models, upload_predictor_model).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)))
        .routes(routes!(get_predictor_model))
        .routes(routes!(download_predictor_model))
        .routes(routes!(activate_predictor_model))
        .routes(routes!(retire_predictor_model))
}

page_type!(PredictorModelPage, PredictorModel);

const SORTS: &[(&str, &str)] =
    &[("created_at", "created_at"), ("name", "name"), ("version", "version"), ("updated_at", "updated_at")];

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PredictorModelQuery {
    /// Page number from 1.
    page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<i64>,
    /// created_at (default, newest first with `-`), name, version, updated_at; prefix `-` for descending.
    sort: Option<String>,
    /// Only models that can apply to this site: its own and the tenant-wide ones.
    site_id: Option<Uuid>,
    /// Include retired versions (default false).
    include_retired: Option<bool>,
}

/// The multipart form of an upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PredictorUploadForm {
    /// The ONNX model file (at most 20 MiB).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// The input mapping as JSON (the form of models/lstm/mapping.json): `window`, and `features` in model
    /// order, each with `name` (one the risk engine computes), `unit`, `source`, `mean`, `std`.
    mapping: String,
    /// A name people recognise, 1 to 100 characters.
    name: String,
    /// The site the model is for; absent: tenant-wide (every site without its own active model).
    site_id: Option<Uuid>,
}

/// The language of model error texts for this request (the problem document is rendered in the same).
fn lang(headers: &HeaderMap) -> Lang {
    match Locale::from_headers(headers) {
        Locale::Zh => Lang::ZhCn,
        Locale::En => Lang::En,
    }
}

/// A refused model or mapping as a field issue: the mapping's own problems on `mapping`, the rest on `file`.
fn model_issue(err: &ModelError, lang: Lang) -> FieldIssue {
    let field = match err {
        ModelError::MappingNoFeatures
        | ModelError::MappingBadWindow { .. }
        | ModelError::MappingEmptyName { .. }
        | ModelError::MappingDuplicateName { .. }
        | ModelError::MappingBadNormalisation { .. }
        | ModelError::MappingUnparsable { .. }
        | ModelError::UnknownFeature { .. } => "mapping",
        _ => "file",
    };
    FieldIssue::new(field, err.code(), Msg::PredictorModelRefused).arg("problem", err.message(lang))
}

/// The parts of an upload as sent.
#[derive(Default)]
struct Parts {
    file: Option<bytes::Bytes>,
    mapping: Option<bytes::Bytes>,
    name: Option<String>,
    site_id: Option<String>,
}

/// Reads the multipart form. Not multipart at all is 415; a body that does not parse as multipart is 400;
/// missing, repeated or unknown parts are 422 naming every one.
async fn read_form(headers: &HeaderMap, body: bytes::Bytes) -> Result<Parts, ApiError> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let unsupported = || ApiError::UnsupportedMediaType(Msg::DetailExpectedModelUpload);
    if !content_type.to_ascii_lowercase().starts_with("multipart/form-data") {
        return Err(unsupported());
    }
    let boundary = multer::parse_boundary(content_type).map_err(|_| unsupported())?;
    let malformed = || ApiError::BadRequest { msg: Msg::DetailMalformedMultipart, args: vec![], issues: vec![] };
    let stream = futures::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut form = multer::Multipart::new(stream, boundary);
    let mut parts = Parts::default();
    let mut issues = Vec::new();
    while let Some(field) = form.next_field().await.map_err(|_| malformed())? {
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(|_| malformed())?;
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        let taken = match name.as_str() {
            "file" => parts.file.replace(bytes.clone()).is_some(),
            "mapping" => parts.mapping.replace(bytes.clone()).is_some(),
            "name" => parts.name.replace(text()).is_some(),
            "site_id" => parts.site_id.replace(text()).is_some(),
            _ => {
                issues.push(FieldIssue::new(name.clone(), "unknown_field", Msg::FieldUnknown));
                false
            }
        };
        if taken {
            issues.push(FieldIssue::new(name, "duplicate", Msg::FieldDuplicatePart));
        }
    }
    for (field, missing) in
        [("file", parts.file.is_none()), ("mapping", parts.mapping.is_none()), ("name", parts.name.is_none())]
    {
        if missing {
            issues.push(FieldIssue::new(field, "required", Msg::FieldRequired));
        }
    }
    if issues.is_empty() {
        Ok(parts)
    } else {
        Err(ApiError::Validation(issues))
    }
}

/// Upload a model version (multipart: `file`, `mapping`, `name`, optional `site_id`). The model is loaded,
/// checked against the mapping and run once on a neutral window; a model that does not fit is a 422 whose
/// `errors[].code` is stable (`not_onnx`, `unsupported_model`, `feature_count`, `window_mismatch`,
/// `input_rank`, `output_shape`, `non_finite_output`, `output_not_probability`, `unknown_feature`,
/// `mapping_unparsable`, `model_too_large`, ...) and nothing is stored. The new version is inactive.
#[utoipa::path(post, path = "/predictor-models", tag = "risk",
    request_body(content = PredictorUploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = PredictorModel),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json"), CommonErrors),
    security(("bearer" = [])))]
async fn upload_predictor_model(
    mut auth: Authorized<perm::RiskConfigure>,
    headers: HeaderMap,
    body: Result<bytes::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|r| match crate::extract::body_rejection(r) {
        ApiError::PayloadTooLarge { .. } => ApiError::PayloadTooLarge { limit: UPLOAD_BODY_LIMIT },
        other => other,
    })?;
    let parts = read_form(&headers, body).await?;
    let (Some(file), Some(mapping_json), Some(name)) = (parts.file, parts.mapping, parts.name) else {
        return Err(ApiError::internal(anyhow::anyhow!("read_form let a required part through")));
    };
    let mut checks = super::Checks::default();
    checks.text("name", &name, 1, 100);
    let site_id = match parts.site_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => match Uuid::parse_str(text) {
            Ok(id) => Some(id),
            Err(_) => {
                checks.push(
                    FieldIssue::new("site_id", "invalid_format", Msg::FieldInvalidFormat).arg("expected", "UUID"),
                );
                None
            }
        },
    };
    checks.finish()?;
    if let Some(site) = site_id {
        let found: Option<i32> = sqlx::query_scalar("SELECT 1 FROM site WHERE site_id = $1")
            .bind(site)
            .fetch_optional(&mut *auth.tx)
            .await?;
        if found.is_none() {
            return Err(ApiError::field(FieldIssue::new("site_id", "not_found", Msg::FieldReferenceMissing)));
        }
    }
    // tract parses and optimises the graph and runs it once: milliseconds to a second of CPU, so off the
    // async workers.
    let lang = lang(&headers);
    let checked = {
        let (file, mapping_json) = (file.clone(), mapping_json.clone());
        tokio::task::spawn_blocking(move || {
            check_upload(&file, &mapping_json, foresight_engine::inputs::FEATURES)
                .map(|a| (a.predictor.engine(), serde_json::to_value(a.mapping())))
        })
        .await
        .map_err(ApiError::internal)?
    };
    let (engine, mapping) = checked.map_err(|e| ApiError::field(model_issue(&e, lang)))?;
    let mapping = mapping.map_err(ApiError::internal)?;
    let new = NewPredictorModel {
        site_id,
        name: name.trim(),
        onnx: &file,
        mapping,
        sha256: hex_digest(&file),
        engine: engine.as_str(),
        uploaded_by: auth.caller.user_id,
    };
    let model = predictor_models::create(&mut auth.tx, auth.caller.tenant_id, &new).await?;
    auth.audit(change("predictor_model.upload", "predictor_model", model.predictor_model_id, None, Some(&model)))
        .await?;
    auth.commit().await?;
    Ok((StatusCode::CREATED, axum::Json(model)).into_response())
}

fn hex_digest(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// List model versions, newest first by default; retired ones only with `include_retired=true`.
#[utoipa::path(get, path = "/predictor-models", tag = "risk", params(PredictorModelQuery),
    responses((status = 200, body = PredictorModelPage), CommonErrors), security(("bearer" = [])))]
async fn list_predictor_models(
    mut auth: Authorized<perm::HazardRead>,
    Query(q): Query<PredictorModelQuery>,
) -> Result<axum::Json<PredictorModelPage>, ApiError> {
    let page = page_request(q.page, q.per_page, q.sort.as_deref(), SORTS, ("created_at", true))?;
    let filter = PredictorModelFilter { site_id: q.site_id, include_retired: q.include_retired.unwrap_or(false) };
    let found = predictor_models::list(&mut auth.tx, &filter, &page).await?;
    auth.commit().await?;
    Ok(axum::Json(PredictorModelPage::new(found, &page)))
}

/// Get a model version (its metadata and mapping; the file is downloaded on its own).
#[utoipa::path(get, path = "/predictor-models/{predictor_model_id}", tag = "risk",
    params(("predictor_model_id" = Uuid, Path)),
    responses((status = 200, body = PredictorModel), CommonErrors), security(("bearer" = [])))]
async fn get_predictor_model(
    mut auth: Authorized<perm::HazardRead>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<PredictorModel>, ApiError> {
    let model = predictor_models::get(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(axum::Json(model))
}

/// Download the ONNX file of a version, byte for byte as uploaded. Needs `risk:configure`: the file is the
/// tenant's work, not something every reader of the heat map needs.
#[utoipa::path(get, path = "/predictor-models/{predictor_model_id}/model.onnx", tag = "risk",
    params(("predictor_model_id" = Uuid, Path)),
    responses((status = 200, description = "The ONNX file", content_type = "application/octet-stream"), CommonErrors),
    security(("bearer" = [])))]
async fn download_predictor_model(
    mut auth: Authorized<perm::RiskConfigure>,
    Path(id): Path<Uuid>,
) -> Result<Response, ApiError> {
    let model = predictor_models::get(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    let (onnx, _) = predictor_models::load(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    let file = format!("{}-v{}.onnx", ascii_name(&model.name), model.version);
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
            (header::ETAG, format!("\"{}\"", model.sha256)),
        ],
        onnx,
    )
        .into_response())
}

/// A file name safe in a header: letters, digits, `-` and `_` of the name (others become `_`).
fn ascii_name(name: &str) -> String {
    let cleaned: String =
        name.chars().take(60).map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    if cleaned.trim_matches('_').is_empty() {
        "predictor".to_owned()
    } else {
        cleaned
    }
}

/// Make a version the active model of its scope (its site, or tenant-wide) and no other, in one
/// transaction; the risk cycle uses it from its next run. A retired version is 409.
#[utoipa::path(post, path = "/predictor-models/{predictor_model_id}/activate", tag = "risk",
    params(("predictor_model_id" = Uuid, Path)),
    responses((status = 200, body = PredictorModel), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn activate_predictor_model(
    mut auth: Authorized<perm::RiskConfigure>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<PredictorModel>, ApiError> {
    let before = predictor_models::get(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    let model = match predictor_models::activate(&mut auth.tx, id).await? {
        Activated::Active(model) => model,
        Activated::NotFound => return Err(ApiError::NotFound),
        Activated::Retired => {
            return Err(ApiError::Conflict { msg: Msg::DetailPredictorRetired, args: vec![], issues: vec![] })
        }
    };
    auth.audit(change("predictor_model.activate", "predictor_model", id, Some(&before), Some(&model))).await?;
    auth.commit().await?;
    Ok(axum::Json(model))
}

/// Retire a version: it stops being active (its scope falls back to the tenant-wide model or the shipped
/// LSTM) and can never be activated again; it stays listed with `include_retired=true` and downloadable.
#[utoipa::path(post, path = "/predictor-models/{predictor_model_id}/retire", tag = "risk",
    params(("predictor_model_id" = Uuid, Path)),
    responses((status = 200, body = PredictorModel), CommonErrors), security(("bearer" = [])))]
async fn retire_predictor_model(
    mut auth: Authorized<perm::RiskConfigure>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<PredictorModel>, ApiError> {
    let before = predictor_models::get(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    let model = predictor_models::retire(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    if model != before {
        auth.audit(change("predictor_model.retire", "predictor_model", id, Some(&before), Some(&model))).await?;
    }
    auth.commit().await?;
    Ok(axum::Json(model))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::render;

    #[test]
    fn every_model_error_renders_in_both_languages_on_its_field() {
        let errors = [
            ModelError::TooLarge { size: 9, max: 8 },
            ModelError::FeatureCount { model: 20, mapping: 21 },
            ModelError::UnknownFeature { name: "x".into(), position: 2, known: "a, b".into() },
            ModelError::MappingUnparsable { detail: "eof".into() },
        ];
        for err in &errors {
            let zh = model_issue(err, Lang::ZhCn);
            let en = model_issue(err, Lang::En);
            assert_eq!(zh.code, err.code());
            let (zh, en) = (render(zh.msg, Locale::Zh, &zh.args), render(en.msg, Locale::En, &en.args));
            assert!(!zh.contains('{') && !en.contains('{') && zh != en, "{zh} / {en}");
        }
        assert_eq!(model_issue(&errors[1], Lang::En).field, "file");
        assert_eq!(model_issue(&errors[2], Lang::En).field, "mapping");
    }

    #[test]
    fn download_names_are_header_safe() {
        assert_eq!(ascii_name("反应区 LSTM v2"), "____LSTM_v2");
        assert_eq!(ascii_name("\"; rm"), "___rm");
        assert_eq!(ascii_name("中文"), "predictor");
    }
}

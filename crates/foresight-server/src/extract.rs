//! Request extractors whose rejections are problem documents naming the offending field, instead
//! of axum's plain-text rejections.

use crate::error::{ApiError, FieldIssue};
use crate::i18n::Msg;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts};
use serde::de::DeserializeOwned;

/// JSON body. Malformed JSON is a 400; a wrong type, missing or unknown field is a 422 naming the
/// field by its path (`roles[1].zone_id`).
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
            });
        if !is_json {
            return Err(ApiError::UnsupportedMediaType(Msg::DetailExpectedJson));
        }
        let bytes = bytes::Bytes::from_request(req, state).await.map_err(body_rejection)?;
        parse_json(&bytes).map(Json)
    }
}

pub(crate) fn body_rejection(rejection: BytesRejection) -> ApiError {
    if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge { limit: crate::app::JSON_BODY_LIMIT }
    } else {
        ApiError::BadRequest { msg: Msg::DetailInvalidParameter, args: vec![], issues: vec![] }
    }
}

/// Parses JSON with the path of the first failing field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Every request body is an object; serde would otherwise accept an array as a struct with
    // fields in order, and `[null, null]` would pass for an empty update.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[')
        && serde_json::from_slice::<serde_json::Value>(bytes).is_ok()
    {
        return Err(ApiError::field(
            FieldIssue::new("body", "invalid_type", Msg::FieldInvalidType).arg("reason", "expected a JSON object"),
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let result: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    let value = result.map_err(|e| {
        let path = e.path().to_string();
        let e = e.into_inner();
        // serde_json reports some type mismatches as syntax errors (a number where an enum is
        // expected, a third coordinate in a pair); in well-formed JSON they are the field's type.
        if e.classify() == serde_json::error::Category::Syntax
            && serde_json::from_slice::<serde_json::Value>(bytes).is_ok()
        {
            ApiError::field(type_issue(path, &e))
        } else {
            json_error(path, e)
        }
    })?;
    de.end().map_err(|e| json_error(".".into(), e))?;
    Ok(value)
}

fn type_issue(path: String, e: &serde_json::Error) -> FieldIssue {
    let text = e.to_string();
    let reason = text.split(" at line ").next().unwrap_or(&text).to_string();
    let field = if path == "." { "body".to_string() } else { path };
    FieldIssue::new(field, "invalid_type", Msg::FieldInvalidType).arg("reason", reason)
}

fn json_error(path: String, e: serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => ApiError::BadRequest {
            msg: Msg::DetailMalformedJson,
            args: vec![("line", e.line().to_string()), ("column", e.column().to_string())],
            issues: vec![],
        },
        Category::Data => {
            let text = e.to_string();
            let text = text.split(" at line ").next().unwrap_or(&text).to_string();
            let parent = if path == "." { String::new() } else { path };
            let join = |name: &str| if parent.is_empty() { name.to_string() } else { format!("{parent}.{name}") };
            let issue = if let Some(name) = backticked(&text, "missing field `") {
                FieldIssue::new(join(&name), "required", Msg::FieldRequired)
            } else if let Some(name) = backticked(&text, "unknown field `") {
                // The path already ends at the unknown key (serde_path_to_error records the key).
                let field =
                    if parent == name || parent.ends_with(&format!(".{name}")) { parent.clone() } else { join(&name) };
                FieldIssue::new(field, "unknown_field", Msg::FieldUnknown)
            } else {
                type_issue(if parent.is_empty() { ".".to_string() } else { parent }, &e)
            };
            ApiError::field(issue)
        }
    }
}

fn backticked(text: &str, prefix: &str) -> Option<String> {
    let rest = text.strip_prefix(prefix)?;
    rest.split('`').next().map(str::to_string)
}

/// Query string, strictly: an unknown parameter is an error (a typo must not silently widen a
/// list), and a malformed value names its parameter.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded_parse(query));
        serde_path_to_error::deserialize(de).map(Query).map_err(|e| {
            let path = e.path().to_string();
            let text = e.into_inner().to_string();
            let issue = if let Some(name) = backticked(&text, "unknown field `") {
                FieldIssue::new(name, "unknown_parameter", Msg::FieldUnknown)
            } else if let Some(name) = backticked(&text, "missing field `") {
                FieldIssue::new(name, "required", Msg::FieldRequired)
            } else {
                FieldIssue::new(if path == "." { "query".into() } else { path }, "invalid_type", Msg::FieldInvalidType)
                    .arg("reason", text)
            };
            ApiError::BadRequest { msg: Msg::DetailInvalidParameter, args: vec![], issues: vec![issue] }
        })
    }
}

fn form_urlencoded_parse(query: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(query.as_bytes())
}

/// Path parameters; a malformed id is a 400 naming the parameter.
#[derive(Debug)]
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                use axum::extract::path::ErrorKind;
                let params: Vec<(String, String)> =
                    match axum::extract::RawPathParams::from_request_parts(parts, state).await {
                        Ok(raw) => raw.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect(),
                        Err(_) => Vec::new(),
                    };
                let field = match e.kind() {
                    ErrorKind::ParseErrorAtKey { key, .. } | ErrorKind::InvalidUtf8InPathParam { key } => {
                        Some(key.clone())
                    }
                    ErrorKind::ParseErrorAtIndex { index, .. } => params.get(*index).map(|(name, _)| name.clone()),
                    // A UUID fails with a bare message that names no parameter. Every path
                    // parameter of this API is a UUID (docs/API-DESIGN.md), so name the one that
                    // is not.
                    _ => params
                        .iter()
                        .find(|(_, value)| uuid::Uuid::parse_str(value).is_err())
                        .or(params.first().filter(|_| params.len() == 1))
                        .map(|(name, _)| name.clone()),
                };
                let field = field.unwrap_or_else(|| "path".to_string());
                Err(ApiError::BadRequest {
                    msg: Msg::DetailInvalidParameter,
                    args: vec![],
                    issues: vec![
                        FieldIssue::new(field, "invalid_format", Msg::FieldInvalidFormat).arg("expected", "UUID")
                    ],
                })
            }
            Err(_) => Err(ApiError::NotFound),
        }
    }
}

/// The version a client expects to change: `If-Match: "3"` (weak form and bare number accepted).
#[derive(Debug, Clone, Copy)]
pub struct IfMatch(pub i32);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let Some(raw) = parts.headers.get(header::IF_MATCH) else {
            return Err(ApiError::PreconditionRequired);
        };
        let text = raw.to_str().unwrap_or_default().trim();
        let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
        text.parse::<i32>().map(IfMatch).map_err(|_| ApiError::BadRequest {
            msg: Msg::DetailInvalidParameter,
            args: vec![],
            issues: vec![
                FieldIssue::new("If-Match", "invalid_format", Msg::FieldInvalidFormat).arg("expected", "\"<version>\"")
            ],
        })
    }
}

/// The `ETag` value for a version.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

//! One error type for every handler, rendered as an RFC 9457 problem document in the caller's
//! language. Handlers return `ApiError`; the `problem_details` middleware writes the body, because
//! only it sees the request's `Accept-Language` and id.
//!
//! Architecture invariant: internal error text (database messages, stack details) is logged with the
//! request id and never written into a response.

use crate::i18n::{render, Locale, Msg};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// A field-level reason, before localisation.
#[derive(Debug, Clone)]
pub struct FieldIssue {
    pub field: String,
    pub code: &'static str,
    pub msg: Msg,
    pub args: Vec<(&'static str, String)>,
}

impl FieldIssue {
    pub fn new(field: impl Into<String>, code: &'static str, msg: Msg) -> FieldIssue {
        FieldIssue { field: field.into(), code, msg, args: Vec::new() }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> FieldIssue {
        self.args.push((name, value.to_string()));
        self
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("bad request")]
    BadRequest { msg: Msg, args: Vec<(&'static str, String)>, issues: Vec<FieldIssue> },
    #[error("validation failed")]
    Validation(Vec<FieldIssue>),
    #[error("unauthorized")]
    Unauthorized(Msg),
    #[error("forbidden")]
    Forbidden { permission: &'static str },
    #[error("not found")]
    NotFound,
    #[error("conflict")]
    Conflict { msg: Msg, args: Vec<(&'static str, String)>, issues: Vec<FieldIssue> },
    #[error("precondition required")]
    PreconditionRequired,
    #[error("precondition failed")]
    PreconditionFailed { current: i32 },
    #[error("payload too large")]
    PayloadTooLarge { limit: usize },
    #[error("unsupported media type")]
    UnsupportedMediaType(Msg),
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("database unavailable")]
    Unavailable,
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

impl ApiError {
    pub fn field(issue: FieldIssue) -> ApiError {
        ApiError::Validation(vec![issue])
    }

    pub fn conflict_on(field: &str, code: &'static str, msg: Msg) -> ApiError {
        ApiError::Conflict {
            msg: Msg::DetailDuplicate,
            args: vec![("field", field.to_string())],
            issues: vec![FieldIssue::new(field, code, msg)],
        }
    }

    pub fn internal(e: impl Into<anyhow::Error>) -> ApiError {
        ApiError::Internal(e.into())
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => ApiError::Unavailable,
            _ => ApiError::Internal(e.into()),
        }
    }
}

/// What the middleware needs to write the body; travels in the response's extensions.
#[derive(Debug, Clone)]
pub struct ProblemSpec {
    pub kind: &'static str,
    pub title: Msg,
    pub detail: Msg,
    pub args: Vec<(&'static str, String)>,
    pub issues: Vec<FieldIssue>,
    pub current_version: Option<i32>,
}

impl ProblemSpec {
    fn new(kind: &'static str, title: Msg, detail: Msg) -> ProblemSpec {
        ProblemSpec { kind, title, detail, args: Vec::new(), issues: Vec::new(), current_version: None }
    }

    /// The generic problem for a status produced outside our handlers (router 404/405, body limits).
    fn for_status(status: StatusCode) -> ProblemSpec {
        match status {
            StatusCode::NOT_FOUND => ProblemSpec::new("not-found", Msg::TitleNotFound, Msg::DetailRouteNotFound),
            StatusCode::METHOD_NOT_ALLOWED => {
                ProblemSpec::new("method-not-allowed", Msg::TitleMethodNotAllowed, Msg::DetailMethodNotAllowed)
            }
            StatusCode::PAYLOAD_TOO_LARGE => {
                ProblemSpec::new("payload-too-large", Msg::TitlePayloadTooLarge, Msg::DetailBodyTooLarge)
            }
            StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                ProblemSpec::new("unsupported-media-type", Msg::TitleUnsupportedMediaType, Msg::DetailExpectedJson)
            }
            StatusCode::UNAUTHORIZED => {
                ProblemSpec::new("unauthorized", Msg::TitleUnauthorized, Msg::DetailMissingToken)
            }
            s if s.is_server_error() => ProblemSpec::new("internal", Msg::TitleInternal, Msg::DetailInternal),
            _ => ProblemSpec::new("bad-request", Msg::TitleBadRequest, Msg::DetailInvalidParameter),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, spec) = match self {
            ApiError::BadRequest { msg, args, issues } => (
                StatusCode::BAD_REQUEST,
                ProblemSpec { args, issues, ..ProblemSpec::new("bad-request", Msg::TitleBadRequest, msg) },
            ),
            ApiError::Validation(issues) => {
                let count = issues.len();
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ProblemSpec {
                        args: vec![("count", count.to_string())],
                        issues,
                        ..ProblemSpec::new("validation", Msg::TitleValidation, Msg::DetailInvalidFields)
                    },
                )
            }
            ApiError::Unauthorized(msg) => {
                (StatusCode::UNAUTHORIZED, ProblemSpec::new("unauthorized", Msg::TitleUnauthorized, msg))
            }
            ApiError::Forbidden { permission } => (
                StatusCode::FORBIDDEN,
                ProblemSpec {
                    args: vec![("permission", permission.to_string())],
                    ..ProblemSpec::new("forbidden", Msg::TitleForbidden, Msg::DetailMissingPermission)
                },
            ),
            ApiError::NotFound => {
                (StatusCode::NOT_FOUND, ProblemSpec::new("not-found", Msg::TitleNotFound, Msg::DetailNotFound))
            }
            ApiError::Conflict { msg, args, issues } => (
                StatusCode::CONFLICT,
                ProblemSpec { args, issues, ..ProblemSpec::new("conflict", Msg::TitleConflict, msg) },
            ),
            ApiError::PreconditionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                ProblemSpec::new("precondition-required", Msg::TitlePreconditionRequired, Msg::DetailIfMatchRequired),
            ),
            ApiError::PreconditionFailed { current } => (
                StatusCode::PRECONDITION_FAILED,
                ProblemSpec {
                    args: vec![("current", current.to_string())],
                    current_version: Some(current),
                    ..ProblemSpec::new("precondition-failed", Msg::TitlePreconditionFailed, Msg::DetailVersionStale)
                },
            ),
            ApiError::PayloadTooLarge { limit } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                ProblemSpec {
                    args: vec![("limit", human_bytes(limit))],
                    ..ProblemSpec::new("payload-too-large", Msg::TitlePayloadTooLarge, Msg::DetailBodyTooLarge)
                },
            ),
            ApiError::UnsupportedMediaType(msg) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ProblemSpec::new("unsupported-media-type", Msg::TitleUnsupportedMediaType, msg),
            ),
            ApiError::TooManyRequests { retry_after_secs } => {
                let mut response =
                    (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, retry_after_secs.to_string())])
                        .into_response();
                response.extensions_mut().insert(ProblemSpec {
                    args: vec![("seconds", retry_after_secs.to_string())],
                    ..ProblemSpec::new("too-many-requests", Msg::TitleTooManyRequests, Msg::DetailLoginThrottled)
                });
                return response;
            }
            ApiError::Unavailable => {
                tracing::warn!("database unavailable");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    ProblemSpec::new("unavailable", Msg::TitleUnavailable, Msg::DetailUnavailable),
                )
            }
            ApiError::Internal(e) => {
                tracing::error!(error = format!("{e:#}"), "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ProblemSpec::new("internal", Msg::TitleInternal, Msg::DetailInternal),
                )
            }
        };
        let mut response = status.into_response();
        response.extensions_mut().insert(spec);
        response
    }
}

fn human_bytes(n: usize) -> String {
    if n >= 1 << 20 {
        format!("{} MiB", n >> 20)
    } else {
        format!("{} KiB", n >> 10)
    }
}

/// The RFC 9457 document as sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem; stable for programs.
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The request path.
    pub instance: String,
    /// Shared with the server's logs.
    pub request_id: Option<String>,
    /// Field-level reasons.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
    /// On 412: the version the resource has now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_version: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    /// Where in the input, e.g. `polygon` or `roles[1].zone_id`.
    pub field: String,
    /// Stable machine-readable reason.
    pub code: String,
    pub message: String,
}

pub const PROBLEM_BASE: &str = "https://foresight.dev/problems/";

/// Renders problem bodies. Every error response leaving the server passes here, including the
/// router's own 404/405 and the body-limit layer's 413, so no client ever sees a bare status or a
/// non-problem error body.
pub async fn problem_details(request: Request, next: Next) -> Response {
    let locale = Locale::from_headers(request.headers());
    let instance = request.uri().path().to_string();
    let request_id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_string);
    let mut response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    let spec = match response.extensions_mut().remove::<ProblemSpec>() {
        Some(spec) => spec,
        None if is_problem => return response,
        None => ProblemSpec::for_status(status),
    };
    let mut args = spec.args.clone();
    if let Some(id) = &request_id {
        args.push(("request_id", id.clone()));
    }
    if status == StatusCode::PAYLOAD_TOO_LARGE && !args.iter().any(|(n, _)| *n == "limit") {
        args.push(("limit", human_bytes(crate::app::JSON_BODY_LIMIT)));
    }
    let problem = Problem {
        type_: format!("{PROBLEM_BASE}{}", spec.kind),
        title: render(spec.title, locale, &[]),
        status: status.as_u16(),
        detail: render(spec.detail, locale, &args),
        instance,
        request_id,
        errors: spec
            .issues
            .iter()
            .map(|i| ProblemField {
                field: i.field.clone(),
                code: i.code.to_string(),
                message: render(i.msg, locale, &i.args),
            })
            .collect(),
        current_version: spec.current_version,
    };
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    parts.headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(locale.tag()));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body))
}

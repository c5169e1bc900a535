//! The `/api/v1` resources. Each module registers its routes with `routes!()`, so no endpoint exists
//! without its OpenAPI description.

pub mod alarm_rules;
pub mod alerts;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod dead_letters;
pub mod device_events;
pub mod devices;
pub mod gateways;
pub mod hazards;
pub mod ingest;
pub mod me;
pub mod predictors;
pub mod readings;
pub mod risk;
pub mod roles;
pub mod sites;
pub mod tenants;
pub mod thing_models;
pub mod users;
pub mod work_items;
pub mod zones;

use crate::error::{ApiError, FieldIssue, Problem};
use crate::i18n::Msg;
use foresight_store::list::PageRequest;

pub const MAX_PER_PAGE: i64 = 200;
pub const DEFAULT_PER_PAGE: i64 = 50;
/// Deep offsets are expensive and never what a person wants; filters are.
pub const MAX_PAGE: i64 = 100_000;

/// Validates paging and maps the public sort key to its column through the resource's whitelist.
pub fn page_request(
    page: Option<i64>,
    per_page: Option<i64>,
    sort: Option<&str>,
    allowed: &[(&str, &'static str)],
    default: (&'static str, bool),
) -> Result<PageRequest, ApiError> {
    let mut issues = Vec::new();
    let page = page.unwrap_or(1);
    if !(1..=MAX_PAGE).contains(&page) {
        issues.push(FieldIssue::new("page", "out_of_range", Msg::FieldPageBeyond).arg("max", MAX_PAGE));
    }
    let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        issues.push(
            FieldIssue::new("per_page", "out_of_range", Msg::FieldOutOfRange).arg("min", 1).arg("max", MAX_PER_PAGE),
        );
    }
    let (mut sort_column, mut descending) = default;
    if let Some(key) = sort {
        let (name, desc) = match key.strip_prefix('-') {
            Some(name) => (name, true),
            None => (key, false),
        };
        match allowed.iter().find(|(public, _)| *public == name) {
            Some((_, column)) => {
                sort_column = column;
                descending = desc;
            }
            None => {
                let names: Vec<&str> = allowed.iter().map(|(p, _)| *p).collect();
                issues.push(
                    FieldIssue::new("sort", "unknown_sort", Msg::FieldSortUnknown).arg("allowed", names.join(", ")),
                );
            }
        }
    }
    if !issues.is_empty() {
        return Err(ApiError::BadRequest { msg: Msg::DetailInvalidParameter, args: vec![], issues });
    }
    Ok(PageRequest { page, per_page, sort_column, descending })
}

/// Declares a page-of-T response type, so each appears by name in the OpenAPI document.
macro_rules! page_type {
    ($name:ident, $item:ty) => {
        #[derive(Debug, serde::Serialize, utoipa::ToSchema)]
        pub struct $name {
            pub items: Vec<$item>,
            pub page: i64,
            pub per_page: i64,
            /// Rows matching the filters, over all pages.
            pub total: i64,
        }

        impl $name {
            pub fn new(page: foresight_store::list::Page<$item>, request: &foresight_store::list::PageRequest) -> Self {
                $name { items: page.items, page: request.page, per_page: request.per_page, total: page.total }
            }
        }
    };
}
pub(crate) use page_type;

/// Accumulates field problems so a form shows all of them at once, not one per round trip.
#[derive(Debug, Default)]
pub struct Checks(Vec<FieldIssue>);

impl Checks {
    pub fn text(&mut self, field: &str, value: &str, min: usize, max: usize) -> &mut Self {
        let len = value.chars().count();
        if min > 0 && value.trim().is_empty() {
            self.0.push(FieldIssue::new(field, "blank", Msg::FieldBlank));
        } else if len < min {
            self.0.push(FieldIssue::new(field, "too_short", Msg::FieldTooShort).arg("min", min));
        } else if len > max {
            self.0.push(FieldIssue::new(field, "too_long", Msg::FieldTooLong).arg("max", max));
        } else if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            self.0.push(FieldIssue::new(field, "invalid_format", Msg::FieldInvalidFormat).arg("expected", "text"));
        }
        self
    }

    pub fn opt_text(&mut self, field: &str, value: Option<&String>, min: usize, max: usize) -> &mut Self {
        if let Some(v) = value {
            self.text(field, v, min, max);
        }
        self
    }

    /// Codes: letters, digits, `-` and `_`, as people type them on forms and in Excel.
    pub fn code(&mut self, field: &str, value: &str) -> &mut Self {
        let before = self.0.len();
        self.text(field, value, 1, 32);
        if self.0.len() == before && !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            self.0.push(
                FieldIssue::new(field, "invalid_format", Msg::FieldInvalidFormat).arg("expected", "A-Z a-z 0-9 - _"),
            );
        }
        self
    }

    pub fn one_of(&mut self, field: &str, value: &str, allowed: &[&str]) -> &mut Self {
        if !allowed.contains(&value) {
            self.0.push(
                FieldIssue::new(field, "not_allowed", Msg::FieldNotAllowedValue).arg("allowed", allowed.join(", ")),
            );
        }
        self
    }

    pub fn range(&mut self, field: &str, value: f64, min: f64, max: f64) -> &mut Self {
        if !(value.is_finite() && value >= min && value <= max) {
            self.0.push(FieldIssue::new(field, "out_of_range", Msg::FieldOutOfRange).arg("min", min).arg("max", max));
        }
        self
    }

    pub fn push(&mut self, issue: FieldIssue) -> &mut Self {
        self.0.push(issue);
        self
    }

    pub fn finish(&mut self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(std::mem::take(&mut self.0)))
        }
    }
}

/// Error responses shared by every authenticated endpoint, for the OpenAPI document.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum CommonErrors {
    /// Malformed request: bad JSON, parameter or id.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// Missing, invalid or expired credentials.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// The caller lacks the permission.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// No such resource in the caller's tenant.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// Field-level validation failed.
    #[response(status = 422, content_type = "application/problem+json")]
    Invalid(Problem),
}

/// Extra error responses of updates guarded by a version.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum VersionErrors {
    /// A unique value is taken or the record is still referenced.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
    /// The version in If-Match is not current.
    #[response(status = 412, content_type = "application/problem+json")]
    Stale(Problem),
    /// If-Match is missing.
    #[response(status = 428, content_type = "application/problem+json")]
    VersionRequired(Problem),
}

/// Whether a write failed because other rows still refer to the row (a foreign-key violation): a 409,
/// e.g. a site with gateways or a zone with devices.
pub fn still_referenced(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.code().as_deref() == Some("23503"))
}

/// Maps a unique-constraint violation to a 409 on the field it concerns.
pub fn unique_violation(err: sqlx::Error, constraints: &[(&str, &str)]) -> ApiError {
    if let Some(name) = foresight_store::violated_constraint(&err) {
        if let Some((_, field)) = constraints.iter().find(|(c, _)| *c == name) {
            return ApiError::conflict_on(field, "duplicate", Msg::FieldDuplicate);
        }
    }
    err.into()
}

//! The hazard register (风险点): hazard points of zones with their static LEC or LS assessment, control
//! measures, responsible person, linked devices and dynamic-factor tags; the tenant's risk settings; and
//! the register as an Excel workbook (export, template, import), which is where safety staff keep it.
//!
//! Grades come from `foresight_risk` and the tenant's settings and are stored with the hazard; changing
//! the settings regrades every hazard in the same transaction. A hazard without an assessment is
//! `unassessed`, never a colour. Zone-scoped callers (a workshop engineer) see and write only the
//! hazards of their zones: the hazard table's row-level security says so.

mod xlsx;

use super::sites::versioned;
use super::{page_request, unique_violation, Checks, CommonErrors, VersionErrors};
use crate::app::AppState;
use crate::authz::{change, perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{etag, IfMatch, Json, Path, Query};
use crate::i18n::{Locale, Msg};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use foresight_risk::{AssessmentError, ErrorCode, Grade, LecColourMapping, LsColourBands};
use foresight_store::hazards::{self, Hazard, HazardFields, HazardFilter, RiskSettings};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;
use uuid::Uuid;

pub use xlsx::IMPORT_BODY_LIMIT;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_hazards, create_hazard))
        .routes(routes!(get_hazard, update_hazard, delete_hazard))
        .routes(routes!(xlsx::export_register))
        .routes(routes!(xlsx::template))
        .routes(routes!(xlsx::import_register).layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT)))
        .routes(routes!(get_settings, put_settings))
}

super::page_type!(HazardPage, Hazard);

/// What kind of harm a hazard can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HazardCategory {
    Mechanical,
    FireExplosion,
    Toxic,
    Electrical,
    Fall,
    ConfinedSpace,
    Lifting,
    HotWork,
    Vehicle,
    ChemicalBurn,
    Scald,
    Other,
}

impl HazardCategory {
    pub const ALL: [HazardCategory; 12] = [
        HazardCategory::Mechanical,
        HazardCategory::FireExplosion,
        HazardCategory::Toxic,
        HazardCategory::Electrical,
        HazardCategory::Fall,
        HazardCategory::ConfinedSpace,
        HazardCategory::Lifting,
        HazardCategory::HotWork,
        HazardCategory::Vehicle,
        HazardCategory::ChemicalBurn,
        HazardCategory::Scald,
        HazardCategory::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HazardCategory::Mechanical => "mechanical",
            HazardCategory::FireExplosion => "fire_explosion",
            HazardCategory::Toxic => "toxic",
            HazardCategory::Electrical => "electrical",
            HazardCategory::Fall => "fall",
            HazardCategory::ConfinedSpace => "confined_space",
            HazardCategory::Lifting => "lifting",
            HazardCategory::HotWork => "hot_work",
            HazardCategory::Vehicle => "vehicle",
            HazardCategory::ChemicalBurn => "chemical_burn",
            HazardCategory::Scald => "scald",
            HazardCategory::Other => "other",
        }
    }

    /// The name people write in registers (GB/T 6441 injury types where they fit).
    pub fn label(self, locale: Locale) -> &'static str {
        let (zh, en) = match self {
            HazardCategory::Mechanical => ("机械伤害", "Mechanical injury"),
            HazardCategory::FireExplosion => ("火灾爆炸", "Fire and explosion"),
            HazardCategory::Toxic => ("中毒窒息", "Poisoning and asphyxiation"),
            HazardCategory::Electrical => ("触电", "Electric shock"),
            HazardCategory::Fall => ("高处坠落", "Fall from height"),
            HazardCategory::ConfinedSpace => ("有限空间", "Confined space"),
            HazardCategory::Lifting => ("起重伤害", "Lifting injury"),
            HazardCategory::HotWork => ("动火作业", "Hot work"),
            HazardCategory::Vehicle => ("车辆伤害", "Vehicle injury"),
            HazardCategory::ChemicalBurn => ("化学灼伤", "Chemical burn"),
            HazardCategory::Scald => ("灼烫", "Scald"),
            HazardCategory::Other => ("其他", "Other"),
        };
        match locale {
            Locale::Zh => zh,
            Locale::En => en,
        }
    }

    /// By identifier or by either language's name, as typed in a spreadsheet.
    pub fn parse(text: &str) -> Option<HazardCategory> {
        let t = text.trim();
        HazardCategory::ALL.into_iter().find(|c| {
            c.as_str().eq_ignore_ascii_case(t)
                || c.label(Locale::Zh) == t
                || c.label(Locale::En).eq_ignore_ascii_case(t)
        })
    }
}

/// The assessment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentMethod {
    /// Graham–Kinney: D = L × E × C.
    Lec,
    /// Risk matrix: R = L × S.
    Ls,
}

impl AssessmentMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentMethod::Lec => "lec",
            AssessmentMethod::Ls => "ls",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AssessmentMethod::Lec => "LEC",
            AssessmentMethod::Ls => "LS",
        }
    }

    fn parse(text: &str) -> Option<AssessmentMethod> {
        match text.trim().to_ascii_lowercase().as_str() {
            "lec" => Some(AssessmentMethod::Lec),
            "ls" => Some(AssessmentMethod::Ls),
            _ => None,
        }
    }
}

/// A grade as a filter value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GradeFilter {
    Unassessed,
    Blue,
    Yellow,
    Orange,
    Red,
}

impl GradeFilter {
    fn as_str(self) -> &'static str {
        match self {
            GradeFilter::Unassessed => "unassessed",
            GradeFilter::Blue => "blue",
            GradeFilter::Yellow => "yellow",
            GradeFilter::Orange => "orange",
            GradeFilter::Red => "red",
        }
    }
}

/// A method as a filter value; `none` finds hazards not assessed yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MethodFilter {
    Lec,
    Ls,
    None,
}

const SORTS: &[(&str, &str)] = &[
    ("code", "h.code"),
    ("name", "h.name"),
    ("score", "h.score"),
    ("grade", hazards::GRADE_ORDER),
    ("created_at", "h.created_at"),
    ("updated_at", "h.updated_at"),
];
const HAZARD_UNIQUE: &[(&str, &str)] = &[("hazard_code_unique", "code")];

pub(crate) const MAX_NAME: usize = 100;
pub(crate) const MAX_DESCRIPTION: usize = 2000;
pub(crate) const MAX_CONTROL: usize = 500;
pub(crate) const MAX_CONTROLS: usize = 30;
pub(crate) const MAX_DEVICES: usize = 100;
pub(crate) const MAX_TAGS: usize = 30;
pub(crate) const MAX_TAG: usize = 64;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HazardQuery {
    /// Page number from 1.
    page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<i64>,
    /// code, name, score, grade (unassessed ranks above red), created_at, updated_at; prefix `-` for
    /// descending.
    sort: Option<String>,
    site_id: Option<Uuid>,
    zone_id: Option<Uuid>,
    #[param(inline)]
    grade: Option<GradeFilter>,
    category: Option<HazardCategory>,
    #[param(inline)]
    method: Option<MethodFilter>,
    /// Case-insensitive search in code, name and description.
    q: Option<String>,
}

/// The filters of the list, for the export.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RegisterQuery {
    site_id: Option<Uuid>,
    zone_id: Option<Uuid>,
    #[param(inline)]
    grade: Option<GradeFilter>,
    category: Option<HazardCategory>,
    #[param(inline)]
    method: Option<MethodFilter>,
    /// Case-insensitive search in code, name and description.
    q: Option<String>,
}

fn filter_of(
    site_id: Option<Uuid>,
    zone_id: Option<Uuid>,
    grade: Option<GradeFilter>,
    category: Option<HazardCategory>,
    method: Option<MethodFilter>,
    q: Option<String>,
) -> HazardFilter {
    HazardFilter {
        site_id,
        zone_id,
        grade: grade.map(|g| g.as_str().to_string()),
        category: category.map(|c| c.as_str().to_string()),
        method: method.map(|m| match m {
            MethodFilter::Lec => "lec".to_string(),
            MethodFilter::Ls => "ls".to_string(),
            MethodFilter::None => "none".to_string(),
        }),
        q: q.filter(|q| !q.trim().is_empty()),
    }
}

impl RegisterQuery {
    fn filter(self) -> HazardFilter {
        filter_of(self.site_id, self.zone_id, self.grade, self.category, self.method, self.q)
    }
}

/// An assessment: LEC needs `l`, `e` and `c` from their scales; LS needs `l` and `s`, whole numbers 1 to 5.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentBody {
    method: AssessmentMethod,
    /// Likelihood. LEC: 10, 6, 3, 1, 0.5, 0.2, 0.1. LS: 1 to 5.
    l: f64,
    /// LEC exposure: 10, 6, 3, 2, 1, 0.5.
    e: Option<f64>,
    /// LEC consequence: 100, 40, 15, 7, 3, 1.
    c: Option<f64>,
    /// LS severity: 1 to 5.
    s: Option<f64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateHazard {
    zone_id: Uuid,
    /// Unique in the tenant: letters, digits, - and _.
    code: String,
    name: String,
    category: HazardCategory,
    description: Option<String>,
    /// Absent or null: not assessed yet (grade `unassessed`).
    assessment: Option<AssessmentBody>,
    engineering_controls: Option<Vec<String>>,
    management_controls: Option<Vec<String>>,
    training_controls: Option<Vec<String>>,
    ppe_controls: Option<Vec<String>>,
    emergency_controls: Option<Vec<String>>,
    /// A person of the tenant.
    responsible_user_id: Option<Uuid>,
    /// Devices whose readings bear on the hazard.
    device_ids: Option<Vec<Uuid>>,
    /// Dynamic-factor tags, e.g. night_shift, low_temperature.
    tags: Option<Vec<String>>,
}

/// Absent fields stay as they are; `null` clears the assessment (back to `unassessed`) and the
/// responsible person.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateHazard {
    zone_id: Option<Uuid>,
    code: Option<String>,
    name: Option<String>,
    category: Option<HazardCategory>,
    description: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<AssessmentBody>)]
    assessment: Option<Option<AssessmentBody>>,
    engineering_controls: Option<Vec<String>>,
    management_controls: Option<Vec<String>>,
    training_controls: Option<Vec<String>>,
    ppe_controls: Option<Vec<String>>,
    emergency_controls: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Uuid>)]
    responsible_user_id: Option<Option<Uuid>>,
    device_ids: Option<Vec<Uuid>>,
    tags: Option<Vec<String>>,
}

/// A field that is present (possibly `null`) as opposed to absent.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// The tenant's risk grading policy as sent.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutRiskSettings {
    lec_mapping: LecMapping,
    /// LS bands, strictly descending red > orange > yellow, each 1 to 25.
    ls_red_min: i32,
    ls_orange_min: i32,
    ls_yellow_min: i32,
}

/// How LEC bands map to colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LecMapping {
    /// > 320 red, 160–320 orange, 70–160 yellow, ≤ 70 blue.
    Default,
    /// Both bands above 160 red.
    HighBandsRed,
}

// ---------------------------------------------------------------------------------------------
// Grading

/// A validated assessment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Assessed {
    Lec(foresight_risk::Lec),
    Ls(foresight_risk::Ls),
}

impl Assessed {
    pub(crate) fn score(self) -> f64 {
        match self {
            Assessed::Lec(lec) => lec.d(),
            Assessed::Ls(ls) => f64::from(ls.r()),
        }
    }

    pub(crate) fn grade(self, settings: &RiskSettings) -> Grade {
        match self {
            Assessed::Lec(lec) => lec_mapping(settings).grade(lec.d()),
            Assessed::Ls(ls) => ls_bands(settings).grade(ls.r()),
        }
    }

    /// Writes the assessment, score and grade into stored fields.
    pub(crate) fn apply(assessed: Option<Assessed>, settings: &RiskSettings, fields: &mut HazardFields) {
        fields.likelihood = None;
        fields.exposure = None;
        fields.consequence = None;
        fields.severity = None;
        match assessed {
            None => {
                fields.method = None;
                fields.score = None;
                fields.grade = "unassessed".into();
            }
            Some(a) => {
                match a {
                    Assessed::Lec(lec) => {
                        fields.method = Some("lec".into());
                        fields.likelihood = Some(lec.l);
                        fields.exposure = Some(lec.e);
                        fields.consequence = Some(lec.c);
                    }
                    Assessed::Ls(ls) => {
                        fields.method = Some("ls".into());
                        fields.likelihood = Some(f64::from(ls.l));
                        fields.severity = Some(f64::from(ls.s));
                    }
                }
                fields.score = Some(a.score());
                fields.grade = grade_str(a.grade(settings)).into();
            }
        }
    }

    /// Reads a stored assessment back (for regrading).
    fn stored(a: &hazards::Assessment) -> Option<Assessed> {
        match a.method.as_deref()? {
            "lec" => foresight_risk::Lec::new(a.likelihood?, a.exposure?, a.consequence?).ok().map(Assessed::Lec),
            "ls" => foresight_risk::Ls::new(a.likelihood? as u8, a.severity? as u8).ok().map(Assessed::Ls),
            _ => None,
        }
    }
}

pub(crate) fn grade_str(grade: Grade) -> &'static str {
    match grade {
        Grade::Blue => "blue",
        Grade::Yellow => "yellow",
        Grade::Orange => "orange",
        Grade::Red => "red",
    }
}

fn lec_mapping(settings: &RiskSettings) -> LecColourMapping {
    match settings.lec_mapping.as_str() {
        "high_bands_red" => LecColourMapping::HighBandsRed,
        _ => LecColourMapping::Default,
    }
}

fn ls_bands(settings: &RiskSettings) -> LsColourBands {
    let byte = |v: i32| u8::try_from(v).unwrap_or(u8::MAX);
    LsColourBands {
        red_min: byte(settings.ls_red_min),
        orange_min: byte(settings.ls_orange_min),
        yellow_min: byte(settings.ls_yellow_min),
    }
}

/// An LS value: a whole number 1 to 5.
pub(crate) fn ls_value(v: f64) -> Option<u8> {
    (v.fract() == 0.0 && (1.0..=5.0).contains(&v)).then_some(v as u8)
}

/// What is wrong with one value of an assessment, independent of where it came from (JSON or a cell).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ValueProblem {
    /// Not on the LEC scale: the allowed values, as the risk crate lists them.
    NotInScale {
        value: String,
        allowed: String,
    },
    /// Not a whole number 1 to 5.
    LsScale {
        value: String,
    },
    Missing,
    /// Given but not used by the method.
    Unused,
}

/// Validates an assessment. Problems are keyed `l`, `e`, `c`, `s` or `method`.
pub(crate) fn assess(
    method: AssessmentMethod,
    l: Option<f64>,
    e: Option<f64>,
    c: Option<f64>,
    s: Option<f64>,
) -> Result<Assessed, Vec<(&'static str, ValueProblem)>> {
    let mut problems = Vec::new();
    let from_risk = |err: &AssessmentError| match err.code {
        ErrorCode::NotInScale => ValueProblem::NotInScale {
            value: err.params.get("value").cloned().unwrap_or_default(),
            allowed: err.params.get("allowed").cloned().unwrap_or_default(),
        },
        _ => ValueProblem::LsScale { value: err.params.get("value").cloned().unwrap_or_default() },
    };
    let key = |path: &str| match path {
        "l" => "l",
        "e" => "e",
        "c" => "c",
        _ => "s",
    };
    match method {
        AssessmentMethod::Lec => {
            for (name, value) in [("l", l), ("e", e), ("c", c)] {
                if value.is_none() {
                    problems.push((name, ValueProblem::Missing));
                }
            }
            if s.is_some() {
                problems.push(("s", ValueProblem::Unused));
            }
            if let (Some(l), Some(e), Some(c)) = (l, e, c) {
                match foresight_risk::Lec::validate(l, e, c) {
                    Ok(lec) if problems.is_empty() => return Ok(Assessed::Lec(lec)),
                    Ok(_) => {}
                    Err(errors) => problems.extend(errors.iter().map(|err| (key(&err.path), from_risk(err)))),
                }
            } else {
                // Check the values that are there, so one round trip shows every problem.
                for (name, value, scale) in [
                    ("l", l, &foresight_risk::lec::L_SCALE[..]),
                    ("e", e, &foresight_risk::lec::E_SCALE[..]),
                    ("c", c, &foresight_risk::lec::C_SCALE[..]),
                ] {
                    if let Some(v) = value.filter(|v| !scale.contains(v)) {
                        problems.push((
                            name,
                            ValueProblem::NotInScale { value: number_text(v), allowed: scale_text(scale) },
                        ));
                    }
                }
            }
        }
        AssessmentMethod::Ls => {
            for (name, value) in [("e", e), ("c", c)] {
                if value.is_some() {
                    problems.push((name, ValueProblem::Unused));
                }
            }
            let mut parts = [None, None];
            for (i, (name, value)) in [("l", l), ("s", s)].into_iter().enumerate() {
                match value {
                    None => problems.push((name, ValueProblem::Missing)),
                    Some(v) => match ls_value(v) {
                        Some(v) => parts[i] = Some(v),
                        None => problems.push((name, ValueProblem::LsScale { value: number_text(v) })),
                    },
                }
            }
            if let ([Some(l), Some(s)], true) = (parts, problems.is_empty()) {
                match foresight_risk::Ls::new(l, s) {
                    Ok(ls) => return Ok(Assessed::Ls(ls)),
                    Err(err) => problems.push((key(&err.path), from_risk(&err))),
                }
            }
        }
    }
    Err(problems)
}

/// A number as people write it: 10, 0.5.
pub(crate) fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn scale_text(scale: &[f64]) -> String {
    scale.iter().map(|v| number_text(*v)).collect::<Vec<_>>().join(", ")
}

fn value_issue(field: String, problem: &ValueProblem, method: AssessmentMethod) -> FieldIssue {
    match problem {
        ValueProblem::NotInScale { allowed, .. } => {
            FieldIssue::new(field, "not_in_scale", Msg::FieldNotAllowedValue).arg("allowed", allowed)
        }
        ValueProblem::LsScale { .. } => FieldIssue::new(field, "not_in_scale", Msg::FieldLsScale),
        ValueProblem::Missing => FieldIssue::new(field, "required", Msg::FieldRequired),
        ValueProblem::Unused => {
            FieldIssue::new(field, "not_used", Msg::FieldAssessmentUnused).arg("method", method.label())
        }
    }
}

fn checked_assessment(body: Option<&AssessmentBody>, checks: &mut Checks) -> Option<Assessed> {
    let body = body?;
    match assess(body.method, Some(body.l), body.e, body.c, body.s) {
        Ok(a) => Some(a),
        Err(problems) => {
            for (name, problem) in &problems {
                checks.push(value_issue(format!("assessment.{name}"), problem, body.method));
            }
            None
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Field checks shared by create and update

pub(crate) fn tag_ok(tag: &str) -> bool {
    let mut chars = tag.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && tag.chars().count() <= MAX_TAG
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-'))
}

fn check_lists(checks: &mut Checks, fields: &HazardFields, device_ids: Option<&[Uuid]>) {
    for (name, list) in [
        ("engineering_controls", &fields.engineering_controls),
        ("management_controls", &fields.management_controls),
        ("training_controls", &fields.training_controls),
        ("ppe_controls", &fields.ppe_controls),
        ("emergency_controls", &fields.emergency_controls),
    ] {
        if list.len() > MAX_CONTROLS {
            checks.push(FieldIssue::new(name, "too_many", Msg::FieldTooMany).arg("max", MAX_CONTROLS));
        }
        for (i, item) in list.iter().enumerate() {
            checks.text(&format!("{name}[{i}]"), item, 1, MAX_CONTROL);
        }
    }
    if fields.tags.len() > MAX_TAGS {
        checks.push(FieldIssue::new("tags", "too_many", Msg::FieldTooMany).arg("max", MAX_TAGS));
    }
    for (i, tag) in fields.tags.iter().enumerate() {
        if !tag_ok(tag) {
            checks.push(
                FieldIssue::new(format!("tags[{i}]"), "invalid_format", Msg::FieldInvalidFormat)
                    .arg("expected", "A-Z a-z 0-9 _ . : -"),
            );
        }
    }
    if device_ids.is_some_and(|d| d.len() > MAX_DEVICES) {
        checks.push(FieldIssue::new("device_ids", "too_many", Msg::FieldTooMany).arg("max", MAX_DEVICES));
    }
}

/// References exist in the caller's tenant and zones (row-level security hides everything else).
async fn check_references<P>(
    auth: &mut Authorized<P>,
    checks: &mut Checks,
    zone_id: Option<Uuid>,
    responsible: Option<Uuid>,
    device_ids: Option<&[Uuid]>,
) -> Result<(), ApiError> {
    if let Some(zone_id) = zone_id {
        if foresight_store::zones::get(&mut auth.tx, zone_id).await?.is_none() {
            checks.push(FieldIssue::new("zone_id", "not_found", Msg::FieldReferenceMissing));
        }
    }
    if let Some(user_id) = responsible {
        let active: Option<bool> = sqlx::query_scalar("SELECT status = 'active' FROM app_user WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&mut *auth.tx)
            .await?;
        if active != Some(true) {
            checks.push(FieldIssue::new("responsible_user_id", "not_found", Msg::FieldReferenceMissing));
        }
    }
    if let Some(devices) = device_ids.filter(|d| !d.is_empty()) {
        let known: Vec<Uuid> = sqlx::query_scalar(&format!(
            "SELECT device.device_id FROM device WHERE device.device_id = ANY($1) AND {}",
            foresight_store::devices::VISIBLE
        ))
        .bind(devices)
        .fetch_all(&mut *auth.tx)
        .await?;
        for (i, id) in devices.iter().enumerate() {
            if !known.contains(id) {
                checks.push(FieldIssue::new(format!("device_ids[{i}]"), "not_found", Msg::FieldReferenceMissing));
            }
        }
    }
    Ok(())
}

fn trimmed_list(list: Option<Vec<String>>) -> Vec<String> {
    list.unwrap_or_default().into_iter().map(|s| s.trim().to_string()).collect()
}

fn dedup(ids: Option<Vec<Uuid>>) -> Option<Vec<Uuid>> {
    ids.map(|ids| {
        let mut seen = Vec::with_capacity(ids.len());
        for id in ids {
            if !seen.contains(&id) {
                seen.push(id);
            }
        }
        seen
    })
}

fn respond(status: StatusCode, hazard: Hazard) -> Response {
    (status, [(header::ETAG, etag(hazard.version))], axum::Json(hazard)).into_response()
}

// ---------------------------------------------------------------------------------------------
// Handlers

/// List the hazards visible to the caller.
#[utoipa::path(get, path = "/hazards", tag = "hazards", params(HazardQuery),
    responses((status = 200, body = HazardPage), CommonErrors), security(("bearer" = [])))]
async fn list_hazards(
    mut auth: Authorized<perm::HazardRead>,
    Query(q): Query<HazardQuery>,
) -> Result<axum::Json<HazardPage>, ApiError> {
    let page = page_request(q.page, q.per_page, q.sort.as_deref(), SORTS, ("h.code", false))?;
    let filter = filter_of(q.site_id, q.zone_id, q.grade, q.category, q.method, q.q);
    let found = hazards::list(&mut auth.tx, &filter, &page).await?;
    auth.commit().await?;
    Ok(axum::Json(HazardPage::new(found, &page)))
}

/// Add a hazard point to a zone; its grade follows from the assessment and the tenant's settings.
#[utoipa::path(post, path = "/hazards", tag = "hazards", request_body = CreateHazard,
    responses((status = 201, body = Hazard, headers(("ETag" = String))), CommonErrors, VersionErrors),
    security(("bearer" = [])))]
async fn create_hazard(
    mut auth: Authorized<perm::HazardWrite>,
    Json(body): Json<CreateHazard>,
) -> Result<Response, ApiError> {
    let mut checks = Checks::default();
    checks.code("code", &body.code).text("name", &body.name, 1, MAX_NAME);
    let description = body.description.unwrap_or_default();
    checks.text("description", &description, 0, MAX_DESCRIPTION);
    let assessed = checked_assessment(body.assessment.as_ref(), &mut checks);
    let device_ids = dedup(body.device_ids);
    let mut fields = HazardFields {
        zone_id: body.zone_id,
        code: body.code,
        name: body.name.trim().to_string(),
        category: body.category.as_str().to_string(),
        description: description.trim().to_string(),
        engineering_controls: trimmed_list(body.engineering_controls),
        management_controls: trimmed_list(body.management_controls),
        training_controls: trimmed_list(body.training_controls),
        ppe_controls: trimmed_list(body.ppe_controls),
        emergency_controls: trimmed_list(body.emergency_controls),
        responsible_user_id: body.responsible_user_id,
        tags: trimmed_list(body.tags),
        ..HazardFields::default()
    };
    check_lists(&mut checks, &fields, device_ids.as_deref());
    check_references(&mut auth, &mut checks, Some(fields.zone_id), fields.responsible_user_id, device_ids.as_deref())
        .await?;
    checks.finish()?;
    let settings = hazards::settings(&mut auth.tx).await?;
    Assessed::apply(assessed, &settings, &mut fields);
    if assessed.is_some() {
        fields.assessed_at = Some(chrono::Utc::now());
        fields.assessed_by = auth.caller.user_id;
    }
    let hazard = hazards::create(
        &mut auth.tx,
        auth.caller.tenant_id,
        &fields,
        device_ids.as_deref().unwrap_or_default(),
        auth.caller.user_id,
    )
    .await
    .map_err(|e| unique_violation(e, HAZARD_UNIQUE))?;
    auth.audit(change("hazard.create", "hazard", hazard.hazard_id, None, Some(&hazard))).await?;
    auth.commit().await?;
    Ok(respond(StatusCode::CREATED, hazard))
}

/// Get a hazard.
#[utoipa::path(get, path = "/hazards/{hazard_id}", tag = "hazards", params(("hazard_id" = Uuid, Path)),
    responses((status = 200, body = Hazard, headers(("ETag" = String))), CommonErrors), security(("bearer" = [])))]
async fn get_hazard(mut auth: Authorized<perm::HazardRead>, Path(id): Path<Uuid>) -> Result<Response, ApiError> {
    let hazard = hazards::get(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    auth.commit().await?;
    Ok(respond(StatusCode::OK, hazard))
}

/// Change a hazard (partial); a changed assessment is regraded and records who assessed it when.
#[utoipa::path(patch, path = "/hazards/{hazard_id}", tag = "hazards", request_body = UpdateHazard,
    params(("hazard_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version, e.g. \"3\"")),
    responses((status = 200, body = Hazard, headers(("ETag" = String))), CommonErrors, VersionErrors),
    security(("bearer" = [])))]
async fn update_hazard(
    mut auth: Authorized<perm::HazardWrite>,
    Path(id): Path<Uuid>,
    IfMatch(version): IfMatch,
    Json(body): Json<UpdateHazard>,
) -> Result<Response, ApiError> {
    let before = hazards::get(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    let mut checks = Checks::default();
    if let Some(code) = &body.code {
        checks.code("code", code);
    }
    checks.opt_text("name", body.name.as_ref(), 1, MAX_NAME);
    checks.opt_text("description", body.description.as_ref(), 0, MAX_DESCRIPTION);
    let mut fields = HazardFields::from(&before);
    if let Some(code) = body.code {
        fields.code = code;
    }
    if let Some(name) = body.name {
        fields.name = name.trim().to_string();
    }
    if let Some(category) = body.category {
        fields.category = category.as_str().to_string();
    }
    if let Some(description) = body.description {
        fields.description = description.trim().to_string();
    }
    let zone_changed = body.zone_id.filter(|z| *z != before.zone_id);
    if let Some(zone_id) = zone_changed {
        fields.zone_id = zone_id;
    }
    for (target, list) in [
        (&mut fields.engineering_controls, body.engineering_controls),
        (&mut fields.management_controls, body.management_controls),
        (&mut fields.training_controls, body.training_controls),
        (&mut fields.ppe_controls, body.ppe_controls),
        (&mut fields.emergency_controls, body.emergency_controls),
        (&mut fields.tags, body.tags),
    ] {
        if list.is_some() {
            *target = trimmed_list(list);
        }
    }
    let responsible_changed = match body.responsible_user_id {
        Some(r) => {
            fields.responsible_user_id = r;
            r.filter(|r| Some(*r) != before.responsible_user_id)
        }
        None => None,
    };
    let device_ids = dedup(body.device_ids);
    check_lists(&mut checks, &fields, device_ids.as_deref());
    let new_devices: Option<Vec<Uuid>> =
        device_ids.as_ref().map(|d| d.iter().copied().filter(|id| !before.device_ids.contains(id)).collect());
    check_references(&mut auth, &mut checks, zone_changed, responsible_changed, new_devices.as_deref()).await?;
    let assessment = body.assessment.as_ref().map(|a| checked_assessment(a.as_ref(), &mut checks));
    checks.finish()?;
    if let Some(assessed) = assessment {
        let settings = hazards::settings(&mut auth.tx).await?;
        let old = (before.method.clone(), before.likelihood, before.exposure, before.consequence, before.severity);
        Assessed::apply(assessed, &settings, &mut fields);
        let new = (fields.method.clone(), fields.likelihood, fields.exposure, fields.consequence, fields.severity);
        if old != new {
            fields.assessed_at = assessed.map(|_| chrono::Utc::now());
            fields.assessed_by = assessed.and(auth.caller.user_id);
        }
    }
    let outcome = hazards::update(&mut auth.tx, auth.caller.tenant_id, id, version, &fields, device_ids.as_deref())
        .await
        .map_err(|e| unique_violation(e, HAZARD_UNIQUE))?;
    let hazard = versioned(outcome)?;
    auth.audit(change("hazard.update", "hazard", id, Some(&before), Some(&hazard))).await?;
    auth.commit().await?;
    Ok(respond(StatusCode::OK, hazard))
}

/// Delete a hazard.
#[utoipa::path(delete, path = "/hazards/{hazard_id}", tag = "hazards",
    params(("hazard_id" = Uuid, Path), ("If-Match" = String, Header, description = "Current version")),
    responses((status = 204), CommonErrors, VersionErrors), security(("bearer" = [])))]
async fn delete_hazard(
    mut auth: Authorized<perm::HazardWrite>,
    Path(id): Path<Uuid>,
    IfMatch(version): IfMatch,
) -> Result<StatusCode, ApiError> {
    let hazard = versioned(hazards::delete(&mut auth.tx, id, version).await?)?;
    auth.audit(change("hazard.delete", "hazard", id, Some(&hazard), None)).await?;
    auth.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The tenant's risk grading policy (defaults, version 0, until first saved).
#[utoipa::path(get, path = "/risk-settings", tag = "hazards",
    responses((status = 200, body = RiskSettings, headers(("ETag" = String))), CommonErrors), security(("bearer" = [])))]
async fn get_settings(mut auth: Authorized<perm::HazardRead>) -> Result<Response, ApiError> {
    let settings = hazards::settings(&mut auth.tx).await?;
    auth.commit().await?;
    Ok((StatusCode::OK, [(header::ETAG, etag(settings.version))], axum::Json(settings)).into_response())
}

/// Change the risk grading policy; every hazard is regraded in the same transaction.
#[utoipa::path(put, path = "/risk-settings", tag = "hazards", request_body = PutRiskSettings,
    params(("If-Match" = String, Header, description = "Current version; \"0\" before the first save")),
    responses((status = 200, body = RiskSettings, headers(("ETag" = String))), CommonErrors, VersionErrors),
    security(("bearer" = [])))]
async fn put_settings(
    mut auth: Authorized<perm::RiskConfigure>,
    IfMatch(version): IfMatch,
    Json(body): Json<PutRiskSettings>,
) -> Result<Response, ApiError> {
    let mut checks = Checks::default();
    for (name, value) in
        [("ls_red_min", body.ls_red_min), ("ls_orange_min", body.ls_orange_min), ("ls_yellow_min", body.ls_yellow_min)]
    {
        checks.range(name, f64::from(value), 1.0, 25.0);
    }
    checks.finish()?;
    if body.ls_orange_min >= body.ls_red_min {
        checks
            .push(FieldIssue::new("ls_orange_min", "not_descending", Msg::FieldMustBeBelow).arg("other", "ls_red_min"));
    }
    if body.ls_yellow_min >= body.ls_orange_min {
        checks.push(
            FieldIssue::new("ls_yellow_min", "not_descending", Msg::FieldMustBeBelow).arg("other", "ls_orange_min"),
        );
    }
    checks.finish()?;
    let before = hazards::settings(&mut auth.tx).await?;
    let wanted = RiskSettings {
        lec_mapping: match body.lec_mapping {
            LecMapping::Default => "default".into(),
            LecMapping::HighBandsRed => "high_bands_red".into(),
        },
        ls_red_min: body.ls_red_min,
        ls_orange_min: body.ls_orange_min,
        ls_yellow_min: body.ls_yellow_min,
        ..RiskSettings::default()
    };
    let saved = versioned(hazards::put_settings(&mut auth.tx, auth.caller.tenant_id, version, &wanted).await?)?;
    let grades: Vec<(Uuid, String)> = hazards::assessments(&mut auth.tx)
        .await?
        .iter()
        .filter_map(|a| Some((a.hazard_id, grade_str(Assessed::stored(a)?.grade(&saved)).to_string())))
        .collect();
    let regraded = hazards::set_grades(&mut auth.tx, &grades).await?;
    tracing::info!(regraded, "risk settings changed");
    auth.audit(change("risk_settings.update", "risk_settings", auth.caller.tenant_id, Some(&before), Some(&saved)))
        .await?;
    auth.commit().await?;
    Ok((StatusCode::OK, [(header::ETAG, etag(saved.version))], axum::Json(saved)).into_response())
}

/// The caller's language for text written into workbooks and reports.
pub(crate) fn locale(headers: &HeaderMap) -> Locale {
    Locale::from_headers(headers)
}

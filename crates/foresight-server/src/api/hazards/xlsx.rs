//! The hazard register as an Excel workbook: export (the filtered register), an empty template, and
//! import.
//!
//! Columns are found by their header text (Chinese, English or the field name, in any order, within the
//! first 10 rows), so the export's own file imports back unchanged and a register with extra columns
//! (备注 ...) still reads. Score, grade and assessment time are computed, so the import ignores them.
//!
//! Import modes (the whole import is one transaction; a row is stored completely or not at all):
//! - `all_or_nothing` (default): any bad row refuses the whole file with a 422 problem whose `errors`
//!   name every bad cell (`field` is the cell reference, e.g. `H7`); nothing is written.
//! - `keep_valid`: the good rows are stored, the bad rows are reported in the 200 answer and not stored.
//! - `dry_run=true` with either mode checks everything and writes nothing: a preview.
//!
//! Every message names the row as Excel shows it, the column letter and the column's header, e.g.
//! 第 7 行 H 列（暴露频率 E）：6.5 不是允许值（10, 6, 3, 2, 1, 0.5）.

use super::{
    assess, locale, number_text, tag_ok, Assessed, AssessmentMethod, HazardCategory, RegisterQuery, ValueProblem,
    MAX_CONTROL, MAX_CONTROLS, MAX_DESCRIPTION, MAX_DEVICES, MAX_NAME, MAX_TAGS,
};
use crate::api::CommonErrors;
use crate::authz::{change, perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::Query;
use crate::i18n::{render, Locale, Msg};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use calamine::{Data, Range, Reader, Xlsx};
use foresight_store::hazards::{self, Hazard, HazardFields, RiskSettings, ZoneRef};
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Largest workbook accepted for import (5 MiB).
pub const IMPORT_BODY_LIMIT: usize = 5 << 20;
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// Most data rows in one import.
const MAX_ROWS: usize = 5000;
/// Most the workbook's parts may unpack to, so a small zip cannot expand into gigabytes.
const MAX_UNPACKED_MIB: u128 = 100;
/// Most rows an export writes.
const MAX_EXPORT: i64 = 100_000;
/// Header rows searched for the header.
const HEADER_SEARCH: u32 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Col {
    Code,
    Name,
    Zone,
    Site,
    Category,
    Method,
    L,
    E,
    C,
    S,
    Score,
    Grade,
    Description,
    Engineering,
    Management,
    Training,
    Ppe,
    Emergency,
    Responsible,
    Devices,
    Tags,
    AssessedAt,
}

struct Column {
    col: Col,
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    /// Read on import (the rest are computed).
    input: bool,
    required: bool,
    width: f64,
}

const fn column(col: Col, key: &'static str, zh: &'static str, en: &'static str, width: f64) -> Column {
    Column { col, key, zh, en, input: true, required: false, width }
}

const COLUMNS: [Column; 22] = [
    Column { required: true, ..column(Col::Code, "code", "编号", "Code", 12.0) },
    Column { required: true, ..column(Col::Name, "name", "名称", "Name", 24.0) },
    Column { required: true, ..column(Col::Zone, "zone", "区域", "Zone", 16.0) },
    column(Col::Site, "site", "厂区", "Site", 10.0),
    Column { required: true, ..column(Col::Category, "category", "类别", "Category", 14.0) },
    column(Col::Method, "method", "评价方法", "Method", 10.0),
    column(Col::L, "l", "可能性 L", "Likelihood L", 10.0),
    column(Col::E, "e", "暴露频率 E", "Exposure E", 10.0),
    column(Col::C, "c", "后果 C", "Consequence C", 10.0),
    column(Col::S, "s", "严重性 S", "Severity S", 10.0),
    Column { input: false, ..column(Col::Score, "score", "风险值", "Score", 10.0) },
    Column { input: false, ..column(Col::Grade, "grade", "风险等级", "Grade", 10.0) },
    column(Col::Description, "description", "描述", "Description", 30.0),
    column(Col::Engineering, "engineering_controls", "工程技术措施", "Engineering controls", 30.0),
    column(Col::Management, "management_controls", "管理措施", "Management controls", 30.0),
    column(Col::Training, "training_controls", "培训教育措施", "Training controls", 24.0),
    column(Col::Ppe, "ppe_controls", "个体防护措施", "PPE", 24.0),
    column(Col::Emergency, "emergency_controls", "应急处置措施", "Emergency measures", 24.0),
    column(Col::Responsible, "responsible", "责任人", "Responsible", 12.0),
    column(Col::Devices, "devices", "关联设备", "Devices", 18.0),
    column(Col::Tags, "tags", "动态因子标签", "Dynamic factor tags", 18.0),
    Column { input: false, ..column(Col::AssessedAt, "assessed_at", "评价时间", "Assessed at", 18.0) },
];

fn spec(col: Col) -> &'static Column {
    COLUMNS.iter().find(|c| c.col == col).expect("every column is listed")
}

fn header(col: Col, locale: Locale) -> &'static str {
    let c = spec(col);
    match locale {
        Locale::Zh => c.zh,
        Locale::En => c.en,
    }
}

/// "A", "B", ..., "Z", "AA", ... for a 0-based column index.
fn letter(mut index: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn normalise(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

// ---------------------------------------------------------------------------------------------
// Export and template

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> ApiError {
    ApiError::internal(anyhow::anyhow!("writing a workbook: {e}"))
}

fn write_header(sheet: &mut Worksheet, locale: Locale) -> Result<(), rust_xlsxwriter::XlsxError> {
    let bold = Format::new().set_bold().set_background_color(0xDDEBF7);
    for (i, c) in COLUMNS.iter().enumerate() {
        let i = i as u16;
        let text = match locale {
            Locale::Zh => c.zh,
            Locale::En => c.en,
        };
        sheet.write_string_with_format(0, i, text, &bold)?;
        sheet.set_column_width(i, c.width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn grade_label(grade: &str, locale: Locale) -> &'static str {
    let g = match grade {
        "blue" => foresight_risk::ZoneGrade::Blue,
        "yellow" => foresight_risk::ZoneGrade::Yellow,
        "orange" => foresight_risk::ZoneGrade::Orange,
        "red" => foresight_risk::ZoneGrade::Red,
        _ => foresight_risk::ZoneGrade::Unassessed,
    };
    g.name(match locale {
        Locale::Zh => foresight_risk::Lang::ZhCn,
        Locale::En => foresight_risk::Lang::En,
    })
}

fn write_hazard(
    sheet: &mut Worksheet,
    row: u32,
    h: &Hazard,
    locale: Locale,
    wrap: &Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    for (i, c) in COLUMNS.iter().enumerate() {
        let i = i as u16;
        let number = match c.col {
            Col::L => h.likelihood,
            Col::E => h.exposure,
            Col::C => h.consequence,
            Col::S => h.severity,
            Col::Score => h.score,
            _ => None,
        };
        if let Some(n) = number {
            sheet.write_number(row, i, n)?;
            continue;
        }
        let text: String = match c.col {
            Col::Code => h.code.clone(),
            Col::Name => h.name.clone(),
            Col::Zone => h.zone_code.clone(),
            Col::Site => h.site_code.clone(),
            Col::Category => {
                HazardCategory::parse(&h.category).map(|c| c.label(locale).to_string()).unwrap_or_default()
            }
            Col::Method => h.method.as_deref().map(str::to_ascii_uppercase).unwrap_or_default(),
            Col::Grade => grade_label(&h.grade, locale).to_string(),
            Col::Description => h.description.clone(),
            Col::Engineering => h.engineering_controls.join("\n"),
            Col::Management => h.management_controls.join("\n"),
            Col::Training => h.training_controls.join("\n"),
            Col::Ppe => h.ppe_controls.join("\n"),
            Col::Emergency => h.emergency_controls.join("\n"),
            Col::Responsible => h.responsible_username.clone().unwrap_or_default(),
            Col::Devices => h.device_codes.join(", "),
            Col::Tags => h.tags.join(", "),
            Col::AssessedAt => h.assessed_at.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default(),
            Col::L | Col::E | Col::C | Col::S | Col::Score => String::new(),
        };
        if text.is_empty() {
            continue;
        }
        if text.contains('\n') {
            sheet.write_string_with_format(row, i, text, wrap)?;
        } else {
            sheet.write_string(row, i, text)?;
        }
    }
    Ok(())
}

fn register_workbook(hazards: &[Hazard], locale: Locale, notes: bool) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = Workbook::new();
    let wrap = Format::new().set_text_wrap();
    {
        let sheet = workbook.add_worksheet();
        sheet.set_name(match locale {
            Locale::Zh => "风险点",
            Locale::En => "Hazards",
        })?;
        write_header(sheet, locale)?;
        for (i, h) in hazards.iter().enumerate() {
            write_hazard(sheet, i as u32 + 1, h, locale, &wrap)?;
        }
    }
    if notes {
        let sheet = workbook.add_worksheet();
        sheet.set_name(match locale {
            Locale::Zh => "填写说明",
            Locale::En => "How to fill in",
        })?;
        sheet.set_column_width(0, 20)?;
        sheet.set_column_width(1, 90)?;
        for (i, (name, text)) in notes_rows(locale).iter().enumerate() {
            sheet.write_string(i as u32, 0, *name)?;
            sheet.write_string_with_format(i as u32, 1, text.as_str(), &wrap)?;
        }
    }
    workbook.save_to_buffer()
}

fn notes_rows(locale: Locale) -> Vec<(&'static str, String)> {
    let categories: Vec<&str> = HazardCategory::ALL.iter().map(|c| c.label(locale)).collect();
    match locale {
        Locale::Zh => vec![
            ("编号", "必填，租户内唯一，只含字母、数字、- 和 _。".into()),
            ("名称 / 区域 / 类别", "必填。区域填区域编号或名称；多个厂区有同名区域时填写厂区编号。".into()),
            ("类别", categories.join("、")),
            ("评价方法", "LEC 或 LS；留空表示未评估（风险等级显示“未评估”）。".into()),
            ("LEC", "可能性 L：10, 6, 3, 1, 0.5, 0.2, 0.1；暴露频率 E：10, 6, 3, 2, 1, 0.5；后果 C：100, 40, 15, 7, 3, 1。".into()),
            ("LS", "可能性 L 与严重性 S：1 到 5 的整数。".into()),
            ("措施", "每行一条（单元格内换行），或用分号分隔。".into()),
            ("责任人 / 关联设备", "责任人填用户名；关联设备填设备编号，多个用逗号分隔。".into()),
            ("风险值 / 风险等级 / 评价时间", "由系统计算，导入时忽略。".into()),
        ],
        Locale::En => vec![
            ("Code", "Required, unique in the tenant; letters, digits, - and _.".into()),
            ("Name / Zone / Category", "Required. Zone: its code or name; fill in the site code when several sites have the zone.".into()),
            ("Category", categories.join(", ")),
            ("Method", "LEC or LS; empty means not assessed (grade \"unassessed\").".into()),
            ("LEC", "Likelihood L: 10, 6, 3, 1, 0.5, 0.2, 0.1; exposure E: 10, 6, 3, 2, 1, 0.5; consequence C: 100, 40, 15, 7, 3, 1.".into()),
            ("LS", "Likelihood L and severity S: whole numbers 1 to 5.".into()),
            ("Controls", "One per line (line breaks in the cell) or separated by semicolons.".into()),
            ("Responsible / Devices", "Responsible: a username. Devices: device codes, separated by commas.".into()),
            ("Score / Grade / Assessed at", "Computed; ignored on import.".into()),
        ],
    }
}

fn workbook_response(bytes: Vec<u8>, filename: &str) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, XLSX.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// The register (with the list's filters) as an Excel workbook; headers in the caller's language.
/// Imports back unchanged.
#[utoipa::path(get, path = "/hazards/export.xlsx", tag = "hazards", params(RegisterQuery),
    responses((status = 200, description = "The register as an .xlsx workbook",
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), CommonErrors),
    security(("bearer" = [])))]
pub(super) async fn export_register(
    mut auth: Authorized<perm::HazardRead>,
    Query(q): Query<RegisterQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let found = hazards::all(&mut auth.tx, &q.filter(), MAX_EXPORT).await?;
    auth.commit().await?;
    let bytes = register_workbook(&found, locale(&headers), false).map_err(xlsx_error)?;
    let date = chrono::Utc::now().format("%Y%m%d");
    Ok(workbook_response(bytes, &format!("hazards-{date}.xlsx")))
}

/// An empty register to fill in, with the allowed values on a second sheet.
#[utoipa::path(get, path = "/hazards/template.xlsx", tag = "hazards",
    responses((status = 200, description = "An empty .xlsx register",
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), CommonErrors),
    security(("bearer" = [])))]
pub(super) async fn template(auth: Authorized<perm::HazardRead>, headers: HeaderMap) -> Result<Response, ApiError> {
    auth.commit().await?;
    let bytes = register_workbook(&[], locale(&headers), true).map_err(xlsx_error)?;
    Ok(workbook_response(bytes, "hazards-template.xlsx"))
}

// ---------------------------------------------------------------------------------------------
// Import

/// What to do when some rows are bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Any bad row refuses the whole file (422); nothing is written.
    #[default]
    AllOrNothing,
    /// Good rows are stored, bad rows are reported and not stored.
    KeepValid,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// all_or_nothing (default) or keep_valid.
    mode: Option<ImportMode>,
    /// Check everything and write nothing (a preview).
    dry_run: Option<bool>,
}

/// The workbook for import, as the form field `file`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ImportForm {
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// One bad cell of an import.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportIssue {
    /// The row number as Excel shows it.
    pub row: u32,
    /// The column letter, e.g. `H`.
    pub column: String,
    /// The column's header in the caller's language.
    pub header: String,
    /// The cell reference, e.g. `H7`.
    pub cell: String,
    /// Stable code: required, not_a_number, not_in_scale, not_used, too_long, too_many, invalid_format,
    /// formula, error_value, not_text, unknown_zone, ambiguous_zone, unknown_user, unknown_device,
    /// duplicate_in_file, duplicate.
    pub code: String,
    /// The whole message, naming row, column and header.
    pub message: String,
}

/// The outcome of an import.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportReport {
    pub mode: ImportMode,
    pub dry_run: bool,
    /// Data rows read (empty rows are skipped).
    pub rows: usize,
    /// Rows without problems.
    pub valid: usize,
    /// Rows with at least one problem; none of them is stored.
    pub invalid: usize,
    /// Hazards created (0 in a dry run).
    pub created: usize,
    /// Codes of the valid rows, in file order.
    pub codes: Vec<String>,
    /// Every bad cell, in file order.
    pub errors: Vec<ImportIssue>,
}

/// Import a register from an .xlsx workbook (raw body, or multipart field `file`; at most 5 MiB and
/// 5000 rows). `mode=all_or_nothing` (default) refuses the whole file with a 422 naming every bad cell;
/// `mode=keep_valid` stores the good rows and reports the bad ones; `dry_run=true` writes nothing.
/// Each stored row is a whole hazard; the import is one transaction.
#[utoipa::path(post, path = "/hazards/import", tag = "hazards", params(ImportQuery),
    request_body(description = "The workbook (.xlsx), as the raw body or as multipart field `file`",
        content(("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (ImportForm = "multipart/form-data"))),
    responses((status = 200, body = ImportReport),
        (status = 413, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, body = crate::error::Problem, content_type = "application/problem+json"), CommonErrors),
    security(("bearer" = [])))]
pub(super) async fn import_register(
    mut auth: Authorized<perm::HazardWrite>,
    Query(q): Query<ImportQuery>,
    headers: HeaderMap,
    body: Result<bytes::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|r| match crate::extract::body_rejection(r) {
        ApiError::PayloadTooLarge { .. } => ApiError::PayloadTooLarge { limit: IMPORT_BODY_LIMIT },
        other => other,
    })?;
    let locale = locale(&headers);
    let mode = q.mode.unwrap_or_default();
    let dry_run = q.dry_run.unwrap_or(false);
    let bytes = upload(&headers, body).await?;
    let sheet = read_sheet(&bytes, locale)?;
    let refs = Refs::load(&mut auth).await?;
    let settings = hazards::settings(&mut auth.tx).await?;
    let mut parsed = parse_rows(&sheet, &refs, &settings, locale);
    if parsed.data_rows > MAX_ROWS {
        return Err(sheet_problem(
            Msg::ImportTooManyRows,
            &[("max", MAX_ROWS.to_string()), ("count", parsed.data_rows.to_string())],
            locale,
        ));
    }
    // Codes already in the tenant (any zone: codes are unique tenant-wide).
    let codes: Vec<String> = parsed.rows.iter().map(|r| r.fields.code.clone()).collect();
    let taken: HashSet<String> = hazards::taken_codes(&mut auth.tx, &codes).await?.into_iter().collect();
    for row in parsed.rows.iter_mut().filter(|r| taken.contains(&r.fields.code)) {
        let at = sheet.cell_of(Col::Code, row.excel_row, locale);
        row.ok = false;
        parsed.issues.push(at.issue(
            "duplicate",
            Msg::ImportDuplicateInDb,
            &[("value", row.fields.code.clone())],
            locale,
        ));
    }
    parsed.issues.sort_by_key(|i| (i.row, i.column.len(), i.column.clone()));
    let valid: Vec<&ParsedRow> = parsed.rows.iter().filter(|r| r.ok).collect();
    let mut report = ImportReport {
        mode,
        dry_run,
        rows: parsed.data_rows,
        valid: valid.len(),
        invalid: parsed.data_rows - valid.len(),
        created: 0,
        codes: valid.iter().map(|r| r.fields.code.clone()).collect(),
        errors: parsed.issues,
    };
    if !dry_run && mode == ImportMode::AllOrNothing && !report.errors.is_empty() {
        return Err(ApiError::Validation(
            report
                .errors
                .iter()
                .map(|i| {
                    FieldIssue::new(i.cell.clone(), issue_code(&i.code), Msg::ImportCell)
                        .arg("row", i.row)
                        .arg("column", &i.column)
                        .arg("header", &i.header)
                        .arg("problem", problem_of(&i.message))
                })
                .collect(),
        ));
    }
    if !dry_run {
        let now = chrono::Utc::now();
        for row in valid {
            let mut fields = row.fields.clone();
            if fields.method.is_some() {
                fields.assessed_at = Some(now);
                fields.assessed_by = auth.caller.user_id;
            }
            let hazard =
                hazards::create(&mut auth.tx, auth.caller.tenant_id, &fields, &row.devices, auth.caller.user_id)
                    .await?;
            auth.audit(change("hazard.import", "hazard", hazard.hazard_id, None, Some(&hazard))).await?;
            report.created += 1;
        }
    }
    auth.commit().await?;
    Ok((StatusCode::OK, axum::Json(report)).into_response())
}

/// The text after the cell prefix of a rendered message (the problem document renders the prefix again
/// from the issue's arguments).
fn problem_of(message: &str) -> String {
    for sep in ["）：", "): "] {
        if let Some((_, rest)) = message.split_once(sep) {
            return rest.to_string();
        }
    }
    message.to_string()
}

/// Issue codes are `&'static str`; map the import's codes onto the static set.
fn issue_code(code: &str) -> &'static str {
    const CODES: [&str; 16] = [
        "required",
        "not_a_number",
        "not_in_scale",
        "not_used",
        "too_long",
        "too_many",
        "invalid_format",
        "formula",
        "error_value",
        "not_text",
        "unknown_zone",
        "ambiguous_zone",
        "unknown_user",
        "unknown_device",
        "duplicate_in_file",
        "duplicate",
    ];
    CODES.into_iter().find(|c| *c == code).unwrap_or("invalid")
}

/// The workbook's bytes from a raw body or from the multipart field `file` (or the first file).
async fn upload(headers: &HeaderMap, body: bytes::Bytes) -> Result<bytes::Bytes, ApiError> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !content_type.to_ascii_lowercase().starts_with("multipart/form-data") {
        return Ok(body);
    }
    let not_xlsx = || ApiError::UnsupportedMediaType(Msg::DetailExpectedXlsx);
    let boundary = multer::parse_boundary(content_type).map_err(|_| not_xlsx())?;
    let stream = futures::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut form = multer::Multipart::new(stream, boundary);
    let mut first_file = None;
    while let Some(field) = form.next_field().await.map_err(|_| not_xlsx())? {
        let named_file = field.name() == Some("file");
        let is_file = field.file_name().is_some();
        if named_file || (is_file && first_file.is_none()) {
            let bytes = field.bytes().await.map_err(|_| not_xlsx())?;
            if named_file {
                return Ok(bytes);
            }
            first_file = Some(bytes);
        }
    }
    first_file.ok_or_else(not_xlsx)
}

/// The first worksheet, its formulas and where its header is.
struct Sheet {
    values: Range<Data>,
    formulas: Range<String>,
    /// Absolute row of the header.
    header_row: u32,
    /// Absolute column of each known column present.
    columns: HashMap<Col, u32>,
}

/// A cell's place, for messages.
struct At {
    row: u32,
    column: String,
    header: String,
}

impl At {
    fn issue(&self, code: &str, msg: Msg, args: &[(&'static str, String)], locale: Locale) -> ImportIssue {
        let problem = render(msg, locale, args);
        let message = render(
            Msg::ImportCell,
            locale,
            &[
                ("row", self.row.to_string()),
                ("column", self.column.clone()),
                ("header", self.header.clone()),
                ("problem", problem),
            ],
        );
        ImportIssue {
            row: self.row,
            column: self.column.clone(),
            header: self.header.clone(),
            cell: format!("{}{}", self.column, self.row),
            code: code.to_string(),
            message,
        }
    }
}

impl Sheet {
    /// Where a column's cell of a row is; a column missing from the file is named by its header at the
    /// first free column's place (it can only be missing for optional columns).
    fn cell_of(&self, col: Col, excel_row: u32, locale: Locale) -> At {
        let index = self
            .columns
            .get(&col)
            .or_else(|| self.columns.get(&Col::Method))
            .or_else(|| self.columns.get(&Col::Code))
            .copied()
            .unwrap_or(0);
        At { row: excel_row, column: letter(index), header: header(col, locale).to_string() }
    }
}

fn sheet_problem(msg: Msg, args: &[(&'static str, String)], locale: Locale) -> ApiError {
    ApiError::Validation(vec![
        FieldIssue::new("body", "invalid_workbook", Msg::ImportSheet).arg("problem", render(msg, locale, args))
    ])
}

/// Checks the bytes are an .xlsx workbook that unpacks to a sane size, and reads its first sheet.
fn read_sheet(bytes: &[u8], locale: Locale) -> Result<Sheet, ApiError> {
    let not_xlsx = || ApiError::UnsupportedMediaType(Msg::DetailExpectedXlsx);
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(not_xlsx());
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_xlsx())?;
    if archive.index_for_name("xl/workbook.xml").is_none() {
        return Err(not_xlsx());
    }
    // The sizes the archive declares; calamine's reader stops at a part's declared size.
    let mut unpacked: u128 = 0;
    for i in 0..archive.len() {
        unpacked += archive.by_index_raw(i).map(|f| u128::from(f.size())).map_err(|_| not_xlsx())?;
    }
    if unpacked > MAX_UNPACKED_MIB << 20 {
        return Err(sheet_problem(Msg::ImportTooBig, &[("max", MAX_UNPACKED_MIB.to_string())], locale));
    }
    let unreadable = || sheet_problem(Msg::ImportUnreadable, &[], locale);
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let name = workbook.sheet_names().into_iter().next().ok_or_else(unreadable)?;
    let values = workbook.worksheet_range(&name).map_err(|_| unreadable())?;
    let formulas = workbook.worksheet_formula(&name).map_err(|_| unreadable())?;
    let no_rows = || sheet_problem(Msg::ImportNoRows, &[], locale);
    let (Some(start), Some(end)) = (values.start(), values.end()) else { return Err(no_rows()) };
    // Find the header: the first row (of the first 10) where the code column's header appears.
    let code_names = [normalise(spec(Col::Code).zh), normalise(spec(Col::Code).en), spec(Col::Code).key.to_string()];
    let mut header_row = None;
    for row in start.0..=end.0.min(start.0 + HEADER_SEARCH - 1) {
        let found = (start.1..=end.1).any(
            |col| matches!(values.get_value((row, col)), Some(Data::String(s)) if code_names.contains(&normalise(s))),
        );
        if found {
            header_row = Some(row);
            break;
        }
    }
    let Some(header_row) = header_row else {
        if values.used_cells().next().is_none() {
            return Err(no_rows());
        }
        return Err(sheet_problem(Msg::ImportMissingColumn, &[("header", header(Col::Code, locale).into())], locale));
    };
    let mut columns = HashMap::new();
    for col in start.1..=end.1 {
        let Some(Data::String(text)) = values.get_value((header_row, col)) else { continue };
        let text = normalise(text);
        if let Some(c) =
            COLUMNS.iter().find(|c| normalise(c.zh) == text || normalise(c.en) == text || c.key == text.as_str())
        {
            columns.entry(c.col).or_insert(col);
        }
    }
    let missing: Vec<String> = COLUMNS
        .iter()
        .filter(|c| c.required && !columns.contains_key(&c.col))
        .map(|c| header(c.col, locale).to_string())
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::Validation(
            missing
                .into_iter()
                .map(|h| {
                    FieldIssue::new("body", "missing_column", Msg::ImportSheet)
                        .arg("problem", render(Msg::ImportMissingColumn, locale, &[("header", h)]))
                })
                .collect(),
        ));
    }
    let data_rows = end.0.saturating_sub(header_row) as usize;
    if data_rows == 0 {
        return Err(no_rows());
    }
    // A cheap bound before any row is parsed; empty rows are not counted later.
    if data_rows > MAX_ROWS * 4 {
        return Err(sheet_problem(
            Msg::ImportTooManyRows,
            &[("max", MAX_ROWS.to_string()), ("count", data_rows.to_string())],
            locale,
        ));
    }
    Ok(Sheet { values, formulas, header_row, columns })
}

/// A cell's content as the import understands it.
enum Cell {
    Empty,
    Text(String),
    Number(f64),
}

/// What the tenant has, by the names people write.
struct Refs {
    zones: Vec<ZoneRef>,
    users: HashMap<String, Uuid>,
    devices: HashMap<String, Uuid>,
}

impl Refs {
    async fn load<P>(auth: &mut Authorized<P>) -> Result<Refs, ApiError> {
        Ok(Refs {
            zones: hazards::zone_refs(&mut auth.tx).await?,
            users: hazards::user_refs(&mut auth.tx).await?.into_iter().collect(),
            devices: hazards::device_refs(&mut auth.tx).await?.into_iter().collect(),
        })
    }

    /// By code (exactly, then ignoring case) or by name; `site` narrows by site code or name.
    fn zone(&self, wanted: &str, site: Option<&str>) -> Result<Uuid, Msg> {
        let on_site = |z: &&ZoneRef| site.is_none_or(|s| z.site_code.eq_ignore_ascii_case(s) || z.site_name == s);
        let matches = |pred: &dyn Fn(&ZoneRef) -> bool| -> Vec<Uuid> {
            self.zones.iter().filter(on_site).filter(|z| pred(z)).map(|z| z.zone_id).collect()
        };
        for found in [
            matches(&|z| z.code == wanted),
            matches(&|z| z.code.eq_ignore_ascii_case(wanted)),
            matches(&|z| z.name == wanted),
        ] {
            match found.len() {
                0 => continue,
                1 => return Ok(found[0]),
                _ => return Err(Msg::ImportAmbiguousZone),
            }
        }
        Err(Msg::ImportUnknownZone)
    }
}

struct ParsedRow {
    excel_row: u32,
    ok: bool,
    fields: HazardFields,
    devices: Vec<Uuid>,
}

struct Parsed {
    data_rows: usize,
    rows: Vec<ParsedRow>,
    issues: Vec<ImportIssue>,
}

/// Splits a list cell: controls on line breaks and semicolons; codes and tags also on commas and spaces.
fn split(text: &str, codes: bool) -> Vec<String> {
    text.split(|c: char| {
        matches!(c, '\n' | '\r' | ';' | '；') || (codes && (matches!(c, ',' | '，' | '、') || c.is_whitespace()))
    })
    .map(str::trim)
    .filter(|s| !s.is_empty())
    .map(str::to_string)
    .collect()
}

fn code_ok(code: &str) -> bool {
    !code.is_empty()
        && code.chars().count() <= 32
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn parse_rows(sheet: &Sheet, refs: &Refs, settings: &RiskSettings, locale: Locale) -> Parsed {
    let mut parsed = Parsed { data_rows: 0, rows: Vec::new(), issues: Vec::new() };
    let end = sheet.values.end().map(|e| e.0).unwrap_or(sheet.header_row);
    let mut first_row_of: HashMap<String, u32> = HashMap::new();
    for abs_row in sheet.header_row + 1..=end {
        let excel_row = abs_row + 1;
        let mut issues: Vec<ImportIssue> = Vec::new();
        // Reads an input column's cell; formulas and error values are problems.
        let read = |col: Col, issues: &mut Vec<ImportIssue>| -> Cell {
            let Some(&abs_col) = sheet.columns.get(&col) else { return Cell::Empty };
            let at = || At { row: excel_row, column: letter(abs_col), header: header(col, locale).to_string() };
            let value = sheet.values.get_value((abs_row, abs_col));
            if let Some(Data::Error(e)) = value {
                issues.push(at().issue("error_value", Msg::ImportErrorCell, &[("value", e.to_string())], locale));
                return Cell::Empty;
            }
            if sheet.formulas.get_value((abs_row, abs_col)).is_some_and(|f| !f.trim().is_empty()) {
                issues.push(at().issue("formula", Msg::ImportFormula, &[], locale));
                return Cell::Empty;
            }
            match value {
                None | Some(Data::Empty) => Cell::Empty,
                Some(Data::String(s)) if s.trim().is_empty() => Cell::Empty,
                Some(Data::String(s)) => Cell::Text(s.trim().to_string()),
                Some(Data::Int(i)) => Cell::Number(*i as f64),
                Some(Data::Float(f)) => Cell::Number(*f),
                Some(_) => {
                    issues.push(at().issue("not_text", Msg::ImportNotText, &[], locale));
                    Cell::Empty
                }
            }
        };
        let mut cells: HashMap<Col, Cell> = HashMap::new();
        for c in COLUMNS.iter().filter(|c| c.input) {
            let cell = read(c.col, &mut issues);
            cells.insert(c.col, cell);
        }
        if cells.values().all(|c| matches!(c, Cell::Empty)) && issues.is_empty() {
            continue;
        }
        parsed.data_rows += 1;
        if parsed.data_rows > MAX_ROWS {
            continue;
        }
        let at = |col: Col| sheet.cell_of(col, excel_row, locale);
        let text = |col: Col| -> Option<String> {
            match cells.get(&col) {
                Some(Cell::Text(t)) => Some(t.clone()),
                Some(Cell::Number(n)) => Some(number_text(*n)),
                _ => None,
            }
        };
        let required = |col: Col, issues: &mut Vec<ImportIssue>| -> Option<String> {
            let value = text(col);
            let had_issue = issues.iter().any(|i| i.header == header(col, locale));
            if value.is_none() && !had_issue {
                issues.push(at(col).issue("required", Msg::ImportRequired, &[], locale));
            }
            value
        };
        let mut fields = HazardFields::default();
        // Code, name, zone, category.
        if let Some(code) = required(Col::Code, &mut issues) {
            if !code_ok(&code) {
                issues.push(at(Col::Code).issue(
                    "invalid_format",
                    Msg::ImportInvalidCode,
                    &[("value", code.clone())],
                    locale,
                ));
            } else if let Some(first) = first_row_of.get(&code) {
                issues.push(at(Col::Code).issue(
                    "duplicate_in_file",
                    Msg::ImportDuplicateInFile,
                    &[("value", code.clone()), ("first", first.to_string())],
                    locale,
                ));
            } else {
                first_row_of.insert(code.clone(), excel_row);
            }
            fields.code = code;
        }
        if let Some(name) = required(Col::Name, &mut issues) {
            if name.chars().count() > MAX_NAME {
                issues.push(at(Col::Name).issue(
                    "too_long",
                    Msg::ImportTooLong,
                    &[("max", MAX_NAME.to_string())],
                    locale,
                ));
            }
            fields.name = name;
        }
        if let Some(zone) = required(Col::Zone, &mut issues) {
            let site = text(Col::Site);
            match refs.zone(&zone, site.as_deref()) {
                Ok(id) => fields.zone_id = id,
                Err(msg) => {
                    let code = if msg == Msg::ImportAmbiguousZone { "ambiguous_zone" } else { "unknown_zone" };
                    issues.push(at(Col::Zone).issue(code, msg, &[("value", zone)], locale));
                }
            }
        }
        if let Some(category) = required(Col::Category, &mut issues) {
            match HazardCategory::parse(&category) {
                Some(c) => fields.category = c.as_str().to_string(),
                None => {
                    let allowed: Vec<&str> = HazardCategory::ALL.iter().map(|c| c.label(locale)).collect();
                    issues.push(at(Col::Category).issue(
                        "not_in_scale",
                        Msg::ImportNotInScale,
                        &[("value", category), ("allowed", allowed.join(", "))],
                        locale,
                    ));
                }
            }
        }
        // The assessment.
        let mut numbers: HashMap<Col, Option<f64>> = HashMap::new();
        for col in [Col::L, Col::E, Col::C, Col::S] {
            let value = match cells.get(&col) {
                Some(Cell::Number(n)) => Some(*n),
                Some(Cell::Text(t)) => match t.parse::<f64>() {
                    Ok(n) if n.is_finite() => Some(n),
                    _ => {
                        issues.push(at(col).issue(
                            "not_a_number",
                            Msg::ImportNotNumber,
                            &[("value", t.clone())],
                            locale,
                        ));
                        None
                    }
                },
                _ => None,
            };
            numbers.insert(col, value);
        }
        let number_given =
            [Col::L, Col::E, Col::C, Col::S].iter().any(|c| !matches!(cells.get(c), Some(Cell::Empty) | None));
        let method = match text(Col::Method) {
            None => {
                if number_given {
                    issues.push(at(Col::Method).issue("required", Msg::ImportMethodNeeded, &[], locale));
                }
                None
            }
            Some(m) => match AssessmentMethod::parse(&m) {
                Some(method) => Some(method),
                None => {
                    issues.push(at(Col::Method).issue(
                        "not_in_scale",
                        Msg::ImportNotInScale,
                        &[("value", m), ("allowed", "LEC, LS".into())],
                        locale,
                    ));
                    None
                }
            },
        };
        let mut assessed = None;
        if let Some(method) = method {
            let get = |c: Col| numbers.get(&c).copied().flatten();
            match assess(method, get(Col::L), get(Col::E), get(Col::C), get(Col::S)) {
                Ok(a) => assessed = Some(a),
                Err(problems) => {
                    for (key, problem) in problems {
                        let col = match key {
                            "l" => Col::L,
                            "e" => Col::E,
                            "c" => Col::C,
                            _ => Col::S,
                        };
                        // A value that was not a number is already reported.
                        if issues.iter().any(|i| i.header == header(col, locale)) {
                            continue;
                        }
                        let issue = match problem {
                            ValueProblem::NotInScale { value, allowed } => at(col).issue(
                                "not_in_scale",
                                Msg::ImportNotInScale,
                                &[("value", value), ("allowed", allowed)],
                                locale,
                            ),
                            ValueProblem::LsScale { value } => at(col).issue(
                                "not_in_scale",
                                Msg::ImportNotInScale,
                                &[("value", value), ("allowed", "1, 2, 3, 4, 5".into())],
                                locale,
                            ),
                            ValueProblem::Missing => at(col).issue("required", Msg::ImportRequired, &[], locale),
                            ValueProblem::Unused => at(col).issue(
                                "not_used",
                                Msg::ImportValueUnused,
                                &[("method", method.label().into())],
                                locale,
                            ),
                        };
                        issues.push(issue);
                    }
                }
            }
        }
        Assessed::apply(assessed, settings, &mut fields);
        // Description, controls, people, devices, tags.
        if let Some(description) = text(Col::Description) {
            if description.chars().count() > MAX_DESCRIPTION {
                issues.push(at(Col::Description).issue(
                    "too_long",
                    Msg::ImportTooLong,
                    &[("max", MAX_DESCRIPTION.to_string())],
                    locale,
                ));
            }
            fields.description = description;
        }
        for (col, target) in [
            (Col::Engineering, &mut fields.engineering_controls),
            (Col::Management, &mut fields.management_controls),
            (Col::Training, &mut fields.training_controls),
            (Col::Ppe, &mut fields.ppe_controls),
            (Col::Emergency, &mut fields.emergency_controls),
        ] {
            let items = text(col).map(|t| split(&t, false)).unwrap_or_default();
            if items.len() > MAX_CONTROLS {
                issues.push(at(col).issue(
                    "too_many",
                    Msg::ImportTooMany,
                    &[("max", MAX_CONTROLS.to_string())],
                    locale,
                ));
            } else if items.iter().any(|i| i.chars().count() > MAX_CONTROL) {
                issues.push(at(col).issue("too_long", Msg::ImportTooLong, &[("max", MAX_CONTROL.to_string())], locale));
            }
            *target = items;
        }
        if let Some(username) = text(Col::Responsible) {
            match refs.users.get(&username.to_lowercase()) {
                Some(id) => fields.responsible_user_id = Some(*id),
                None => issues.push(at(Col::Responsible).issue(
                    "unknown_user",
                    Msg::ImportUnknownUser,
                    &[("value", username)],
                    locale,
                )),
            }
        }
        let mut devices = Vec::new();
        let device_codes = text(Col::Devices).map(|t| split(&t, true)).unwrap_or_default();
        if device_codes.len() > MAX_DEVICES {
            issues.push(at(Col::Devices).issue(
                "too_many",
                Msg::ImportTooMany,
                &[("max", MAX_DEVICES.to_string())],
                locale,
            ));
        } else {
            for code in device_codes {
                match refs.devices.get(&code) {
                    Some(id) if !devices.contains(id) => devices.push(*id),
                    Some(_) => {}
                    None => issues.push(at(Col::Devices).issue(
                        "unknown_device",
                        Msg::ImportUnknownDevice,
                        &[("value", code)],
                        locale,
                    )),
                }
            }
        }
        let tags = text(Col::Tags).map(|t| split(&t, true)).unwrap_or_default();
        if tags.len() > MAX_TAGS {
            issues.push(at(Col::Tags).issue("too_many", Msg::ImportTooMany, &[("max", MAX_TAGS.to_string())], locale));
        }
        for tag in tags.iter().filter(|t| !tag_ok(t)) {
            issues.push(at(Col::Tags).issue(
                "invalid_format",
                Msg::ImportInvalidTag,
                &[("value", tag.clone())],
                locale,
            ));
        }
        fields.tags = tags;
        let ok = issues.is_empty();
        parsed.issues.extend(issues);
        parsed.rows.push(ParsedRow { excel_row, ok, fields, devices });
    }
    parsed
}

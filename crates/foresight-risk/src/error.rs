//! Structured validation errors: a field path, a stable code and named parameters, rendered in zh-CN or English.
//!
//! Validators in this crate collect every problem instead of stopping at the first, so a form shows all its
//! errors at once. The server may render [`AssessmentError::message`] directly or map `code` + `params` to its
//! own i18n table; the code strings are stable and never change meaning.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Language of a human-facing message. zh-CN is the product's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

/// Stable machine-readable error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A value is not one of the scale's allowed values (`value`, `allowed`).
    NotInScale,
    /// A number lies outside `min`..=`max` (`value`).
    OutOfRange,
    /// A number is NaN or infinite.
    NotFinite,
    /// A required text is empty or only whitespace.
    Blank,
    /// A text is longer than `max` characters.
    TooLong,
    /// A list has more than `max` entries.
    TooMany,
    /// Thresholds must strictly descend (`above` is the field that must be larger).
    NotDescending,
    /// A comparison operator is not one of `allowed` (`value`).
    UnknownOperator,
    /// An AND/OR group has no conditions.
    EmptyGroup,
    /// A condition tree nests deeper than `max` levels.
    TooDeep,
    /// A range's minimum is above its maximum (`min`, `max`).
    MinAboveMax,
    /// A multiplier is not in (0, `max`] (`value`).
    MultiplierOutOfRange,
    /// A factor's effect leaves both L and E unchanged, so it could never matter.
    NoEffect,
    /// An identifier repeats one used earlier in the same list (`value`).
    Duplicate,
    /// A rule names a factor that does not exist (`value`).
    UnknownFactor,
    /// A webhook URL is not an absolute http(s) URL (`value`).
    InvalidUrl,
    /// A rule has no actions.
    NoActions,
    /// A list that must name at least one entry is empty.
    EmptyList,
    /// An identifier does not match `^[A-Za-z][A-Za-z0-9_.:-]{0,63}$` (`value`).
    InvalidIdentifier,
    /// A factor's effect raises one of L and E and lowers the other; it must go one way (split it in two).
    MixedDirection,
}

impl ErrorCode {
    /// All codes, so an i18n table elsewhere can be checked for completeness.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::NotInScale,
        ErrorCode::OutOfRange,
        ErrorCode::NotFinite,
        ErrorCode::Blank,
        ErrorCode::TooLong,
        ErrorCode::TooMany,
        ErrorCode::NotDescending,
        ErrorCode::UnknownOperator,
        ErrorCode::EmptyGroup,
        ErrorCode::TooDeep,
        ErrorCode::MinAboveMax,
        ErrorCode::MultiplierOutOfRange,
        ErrorCode::NoEffect,
        ErrorCode::Duplicate,
        ErrorCode::UnknownFactor,
        ErrorCode::InvalidUrl,
        ErrorCode::NoActions,
        ErrorCode::EmptyList,
        ErrorCode::InvalidIdentifier,
        ErrorCode::MixedDirection,
    ];

    /// The stable snake_case string, identical to the serde form.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotInScale => "not_in_scale",
            ErrorCode::OutOfRange => "out_of_range",
            ErrorCode::NotFinite => "not_finite",
            ErrorCode::Blank => "blank",
            ErrorCode::TooLong => "too_long",
            ErrorCode::TooMany => "too_many",
            ErrorCode::NotDescending => "not_descending",
            ErrorCode::UnknownOperator => "unknown_operator",
            ErrorCode::EmptyGroup => "empty_group",
            ErrorCode::TooDeep => "too_deep",
            ErrorCode::MinAboveMax => "min_above_max",
            ErrorCode::MultiplierOutOfRange => "multiplier_out_of_range",
            ErrorCode::NoEffect => "no_effect",
            ErrorCode::Duplicate => "duplicate",
            ErrorCode::UnknownFactor => "unknown_factor",
            ErrorCode::InvalidUrl => "invalid_url",
            ErrorCode::NoActions => "no_actions",
            ErrorCode::EmptyList => "empty_list",
            ErrorCode::InvalidIdentifier => "invalid_identifier",
            ErrorCode::MixedDirection => "mixed_direction",
        }
    }
}

/// One thing wrong with an assessment input or a definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentError {
    /// JSON-path-like location inside the checked document, e.g. `condition.all[1].op`; empty for the whole.
    pub path: String,
    pub code: ErrorCode,
    /// Named parameters for the message (`value`, `allowed`, `min`, `max`, ...).
    pub params: BTreeMap<String, String>,
}

impl AssessmentError {
    pub fn new(path: impl Into<String>, code: ErrorCode) -> AssessmentError {
        AssessmentError { path: path.into(), code, params: BTreeMap::new() }
    }

    /// Adds a named parameter (builder style).
    pub fn with(mut self, name: &str, value: impl ToString) -> AssessmentError {
        self.params.insert(name.to_owned(), value.to_string());
        self
    }

    fn param(&self, name: &str) -> &str {
        self.params.get(name).map(String::as_str).unwrap_or("?")
    }

    /// The human-facing message for a person, without the path (forms show it next to the field).
    pub fn message(&self, lang: Lang) -> String {
        let p = |n| self.param(n);
        match (self.code, lang) {
            (ErrorCode::NotInScale, Lang::ZhCn) => format!("取值 {} 不在量表中，允许值：{}", p("value"), p("allowed")),
            (ErrorCode::NotInScale, Lang::En) => {
                format!("value {} is not on the scale; allowed values: {}", p("value"), p("allowed"))
            }
            (ErrorCode::OutOfRange, Lang::ZhCn) => {
                format!("取值 {} 超出范围，应在 {} 到 {} 之间", p("value"), p("min"), p("max"))
            }
            (ErrorCode::OutOfRange, Lang::En) => {
                format!("value {} is out of range; it must be between {} and {}", p("value"), p("min"), p("max"))
            }
            (ErrorCode::NotFinite, Lang::ZhCn) => "数值必须是有限数（不能是 NaN 或无穷大）".to_owned(),
            (ErrorCode::NotFinite, Lang::En) => "the number must be finite (not NaN or infinite)".to_owned(),
            (ErrorCode::Blank, Lang::ZhCn) => "不能为空".to_owned(),
            (ErrorCode::Blank, Lang::En) => "must not be empty".to_owned(),
            (ErrorCode::TooLong, Lang::ZhCn) => format!("长度不能超过 {} 个字符", p("max")),
            (ErrorCode::TooLong, Lang::En) => format!("must be at most {} characters long", p("max")),
            (ErrorCode::TooMany, Lang::ZhCn) => format!("条目不能超过 {} 个", p("max")),
            (ErrorCode::TooMany, Lang::En) => format!("must have at most {} entries", p("max")),
            (ErrorCode::NotDescending, Lang::ZhCn) => format!("必须小于 {}（阈值须严格递减）", p("above")),
            (ErrorCode::NotDescending, Lang::En) => {
                format!("must be less than {} (thresholds must strictly descend)", p("above"))
            }
            (ErrorCode::UnknownOperator, Lang::ZhCn) => {
                format!("未知的比较运算符 {}，允许：{}", p("value"), p("allowed"))
            }
            (ErrorCode::UnknownOperator, Lang::En) => {
                format!("unknown comparison operator {}; allowed: {}", p("value"), p("allowed"))
            }
            (ErrorCode::EmptyGroup, Lang::ZhCn) => "条件组至少需要一个条件".to_owned(),
            (ErrorCode::EmptyGroup, Lang::En) => "a condition group needs at least one condition".to_owned(),
            (ErrorCode::TooDeep, Lang::ZhCn) => format!("条件嵌套不能超过 {} 层", p("max")),
            (ErrorCode::TooDeep, Lang::En) => format!("conditions must not nest deeper than {} levels", p("max")),
            (ErrorCode::MinAboveMax, Lang::ZhCn) => format!("下限 {} 不能大于上限 {}", p("min"), p("max")),
            (ErrorCode::MinAboveMax, Lang::En) => {
                format!("the minimum {} must not exceed the maximum {}", p("min"), p("max"))
            }
            (ErrorCode::MultiplierOutOfRange, Lang::ZhCn) => {
                format!("系数 {} 无效，必须大于 0 且不超过 {}", p("value"), p("max"))
            }
            (ErrorCode::MultiplierOutOfRange, Lang::En) => {
                format!("multiplier {} is invalid; it must be above 0 and at most {}", p("value"), p("max"))
            }
            (ErrorCode::NoEffect, Lang::ZhCn) => "L 和 E 的系数都为 1，该因子不会产生任何影响".to_owned(),
            (ErrorCode::NoEffect, Lang::En) => {
                "both the L and E multipliers are 1, so this factor can never change anything".to_owned()
            }
            (ErrorCode::Duplicate, Lang::ZhCn) => format!("标识 {} 重复", p("value")),
            (ErrorCode::Duplicate, Lang::En) => format!("identifier {} is used more than once", p("value")),
            (ErrorCode::UnknownFactor, Lang::ZhCn) => format!("动态因子 {} 不存在", p("value")),
            (ErrorCode::UnknownFactor, Lang::En) => format!("dynamic factor {} does not exist", p("value")),
            (ErrorCode::InvalidUrl, Lang::ZhCn) => format!("{} 不是有效的 http(s) 地址", p("value")),
            (ErrorCode::InvalidUrl, Lang::En) => format!("{} is not a valid http(s) URL", p("value")),
            (ErrorCode::NoActions, Lang::ZhCn) => "规则至少需要一个动作".to_owned(),
            (ErrorCode::NoActions, Lang::En) => "a rule needs at least one action".to_owned(),
            (ErrorCode::EmptyList, Lang::ZhCn) => "至少需要填写一项".to_owned(),
            (ErrorCode::EmptyList, Lang::En) => "at least one entry is required".to_owned(),
            (ErrorCode::InvalidIdentifier, Lang::ZhCn) => {
                format!("标识 {} 无效：须以字母开头，仅含字母、数字和 _ . : -，最长 64 个字符", p("value"))
            }
            (ErrorCode::InvalidIdentifier, Lang::En) => format!(
                "identifier {} is invalid: it must start with a letter and contain only letters, digits and _ . : -, \
                 at most 64 characters",
                p("value")
            ),
            (ErrorCode::MixedDirection, Lang::ZhCn) => {
                "同一因子不能一边提高、一边降低 L 或 E，请拆分为两个因子".to_owned()
            }
            (ErrorCode::MixedDirection, Lang::En) => {
                "one factor must not raise one of L and E while lowering the other; split it into two factors"
                    .to_owned()
            }
        }
    }
}

impl fmt::Display for AssessmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "(document)" } else { &self.path };
        write!(f, "{path}: {}", self.message(Lang::En))
    }
}

impl std::error::Error for AssessmentError {}

/// Formats numbers in messages the way people write them (`0.5`, `10`, not `10.0`).
pub(crate) fn fmt_num(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Joins allowed values for the `allowed` parameter.
pub(crate) fn fmt_list(values: &[f64]) -> String {
    values.iter().map(|v| fmt_num(*v)).collect::<Vec<_>>().join(", ")
}

/// Path helper: `base.field`, or `field` when `base` is empty.
pub(crate) fn join(base: &str, field: &str) -> String {
    if base.is_empty() {
        field.to_owned()
    } else {
        format!("{base}.{field}")
    }
}

/// Checks an identifier (factor id, input name, path name) and pushes a problem when it is blank or malformed.
pub(crate) fn check_identifier(path: &str, value: &str, errors: &mut Vec<AssessmentError>) {
    if value.trim().is_empty() {
        errors.push(AssessmentError::new(path, ErrorCode::Blank));
        return;
    }
    let mut chars = value.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '-'));
    if !first_ok || !rest_ok || value.len() > 64 {
        errors.push(AssessmentError::new(path, ErrorCode::InvalidIdentifier).with("value", value));
    }
}

/// Checks a required human-readable text (names, messages): not blank, at most `max` characters.
pub(crate) fn check_text(path: &str, value: &str, max: usize, errors: &mut Vec<AssessmentError>) {
    if value.trim().is_empty() {
        errors.push(AssessmentError::new(path, ErrorCode::Blank));
    } else if value.chars().count() > max {
        errors.push(AssessmentError::new(path, ErrorCode::TooLong).with("max", max));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_distinct_messages_in_both_languages_and_serde_matches_as_str() {
        for &code in ErrorCode::ALL {
            let e = AssessmentError::new("x", code);
            let zh = e.message(Lang::ZhCn);
            let en = e.message(Lang::En);
            assert!(!zh.is_empty() && !en.is_empty());
            assert_ne!(zh, en, "{code:?} is not translated");
            assert!(!zh.is_ascii(), "{code:?} zh-CN message is English: {zh}");
            assert_eq!(serde_json::to_value(code).unwrap(), serde_json::json!(code.as_str()));
        }
    }

    #[test]
    fn message_substitutes_parameters_and_display_names_the_path() {
        let e = AssessmentError::new("l", ErrorCode::NotInScale).with("value", "4").with("allowed", "10, 6");
        assert_eq!(e.message(Lang::En), "value 4 is not on the scale; allowed values: 10, 6");
        assert_eq!(e.message(Lang::ZhCn), "取值 4 不在量表中，允许值：10, 6");
        assert_eq!(e.to_string(), "l: value 4 is not on the scale; allowed values: 10, 6");
        assert_eq!(AssessmentError::new("", ErrorCode::Blank).to_string(), "(document): must not be empty");
    }

    #[test]
    fn lang_serialises_as_bcp47_and_defaults_to_chinese() {
        assert_eq!(serde_json::to_string(&Lang::ZhCn).unwrap(), "\"zh-CN\"");
        assert_eq!(serde_json::to_string(&Lang::En).unwrap(), "\"en\"");
        assert_eq!(Lang::default(), Lang::ZhCn);
    }

    #[test]
    fn identifiers_and_texts_are_checked() {
        let mut errors = Vec::new();
        check_identifier("a", "night_shift", &mut errors);
        check_identifier("b", "zone:7.temp-c", &mut errors);
        assert!(errors.is_empty());
        check_identifier("c", " ", &mut errors);
        check_identifier("d", "9lives", &mut errors);
        check_identifier("e", "has space", &mut errors);
        check_identifier("f", &"a".repeat(65), &mut errors);
        check_text("g", "", 10, &mut errors);
        check_text("h", "一二三四五六七八九十", 10, &mut errors);
        check_text("i", "一二三四五六七八九十一", 10, &mut errors);
        let got: Vec<_> = errors.iter().map(|e| (e.path.as_str(), e.code)).collect();
        assert_eq!(
            got,
            vec![
                ("c", ErrorCode::Blank),
                ("d", ErrorCode::InvalidIdentifier),
                ("e", ErrorCode::InvalidIdentifier),
                ("f", ErrorCode::InvalidIdentifier),
                ("g", ErrorCode::Blank),
                ("i", ErrorCode::TooLong),
            ]
        );
    }

    #[test]
    fn numbers_are_formatted_like_people_write_them() {
        assert_eq!(fmt_num(10.0), "10");
        assert_eq!(fmt_num(0.5), "0.5");
        assert_eq!(fmt_num(f64::NAN), "NaN");
        assert_eq!(fmt_list(&[10.0, 0.2]), "10, 0.2");
        assert_eq!(join("", "a"), "a");
        assert_eq!(join("x.y", "a"), "x.y.a");
    }
}

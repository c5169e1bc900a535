//! Validation problems shared by thing models, alarm rules and importers: where, a stable code, arguments.
//!
//! The shape matches the API's field issues (`field`, `code`, `args`), so the server turns a `Problem` into
//! a localised message without a second table of what went wrong.

use serde::Serialize;
use std::fmt;

/// One thing wrong with a definition. Validators collect every problem instead of stopping at the first,
/// so a form shows all its errors at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// JSON-path-like location inside the checked document, e.g. `properties[2].data_type.max`; empty for
    /// the document as a whole.
    pub path: String,
    /// Stable machine-readable code, one of [`codes::ALL`].
    pub code: &'static str,
    /// Named arguments for the message (`max`, `identifier`, ...).
    pub args: Vec<(&'static str, String)>,
}

impl Problem {
    pub fn new(path: impl Into<String>, code: &'static str) -> Problem {
        Problem { path: path.into(), code, args: Vec::new() }
    }

    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Problem {
        self.args.push((name, value.to_string()));
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "(document)" } else { &self.path };
        write!(f, "{path}: {}", self.code)?;
        for (i, (name, value)) in self.args.iter().enumerate() {
            write!(f, "{}{name}={value}", if i == 0 { " (" } else { ", " })?;
        }
        if !self.args.is_empty() {
            write!(f, ")")?;
        }
        Ok(())
    }
}

/// The stable problem codes. The API's i18n table needs a message for each of [`codes::ALL`].
pub mod codes {
    /// A required text is empty or only whitespace.
    pub const BLANK: &str = "blank";
    /// A text is longer than `max` characters.
    pub const TOO_LONG: &str = "too_long";
    /// A list has more than `max` entries.
    pub const TOO_MANY: &str = "too_many";
    /// A number lies outside `min`..=`max`.
    pub const OUT_OF_RANGE: &str = "out_of_range";
    /// An identifier does not match `^[A-Za-z][A-Za-z0-9_]{0,63}$`.
    pub const INVALID_IDENTIFIER: &str = "invalid_identifier";
    /// An identifier repeats one used earlier in the same list (`first` is the earlier index).
    pub const DUPLICATE_IDENTIFIER: &str = "duplicate_identifier";
    /// A number is NaN or infinite.
    pub const NOT_FINITE: &str = "not_finite";
    /// A range's minimum is not below its maximum.
    pub const MIN_NOT_BELOW_MAX: &str = "min_not_below_max";
    /// An enumeration has no values.
    pub const EMPTY_ENUM: &str = "empty_enum";
    /// An enumeration value repeats one used earlier.
    pub const DUPLICATE_ENUM_VALUE: &str = "duplicate_enum_value";
    /// A condition tree nests deeper than `max` levels.
    pub const TOO_DEEP: &str = "too_deep";
    /// An AND/OR group has no conditions.
    pub const EMPTY_GROUP: &str = "empty_group";
    /// A rule names a property the thing model does not have.
    pub const UNKNOWN_PROPERTY: &str = "unknown_property";
    /// A rule compares a text property with a number.
    pub const NOT_NUMERIC_PROPERTY: &str = "not_numeric_property";
    /// Escalation steps must come strictly later one after another.
    pub const ESCALATION_NOT_INCREASING: &str = "escalation_not_increasing";
    /// Each escalation step must raise the severity above the one before it.
    pub const ESCALATION_SEVERITY_NOT_RISING: &str = "escalation_severity_not_rising";
    /// Import: a value has the wrong JSON type (`expected`).
    pub const INVALID_TYPE: &str = "invalid_type";
    /// Import: a required field is missing.
    pub const REQUIRED: &str = "required";
    /// Import: a number (possibly written as a string) cannot be read.
    pub const INVALID_NUMBER: &str = "invalid_number";
    /// Import: a keyword has a value this model does not know (`value`).
    pub const UNKNOWN_VALUE: &str = "unknown_value";
    /// Import: a data type the thing model cannot represent (`type`), e.g. struct or array.
    pub const UNSUPPORTED_TYPE: &str = "unsupported_type";
    /// Import warning: a schema keyword was ignored (`keyword`).
    pub const IGNORED_KEYWORD: &str = "ignored_keyword";
    /// Import warning: a name was not a valid identifier and was rewritten (`from`, `to`).
    pub const RENAMED_IDENTIFIER: &str = "renamed_identifier";
    /// Import warning: a numeric property lacks a minimum or maximum, so readings are not range-checked
    /// on that side (`missing`).
    pub const UNBOUNDED_RANGE: &str = "unbounded_range";
    /// Import warning: string enumeration values were numbered 0, 1, ...; gateways may still send the text.
    pub const STRING_ENUM_NUMBERED: &str = "string_enum_numbered";

    pub const ALL: &[&str] = &[
        BLANK,
        TOO_LONG,
        TOO_MANY,
        OUT_OF_RANGE,
        INVALID_IDENTIFIER,
        DUPLICATE_IDENTIFIER,
        NOT_FINITE,
        MIN_NOT_BELOW_MAX,
        EMPTY_ENUM,
        DUPLICATE_ENUM_VALUE,
        TOO_DEEP,
        EMPTY_GROUP,
        UNKNOWN_PROPERTY,
        NOT_NUMERIC_PROPERTY,
        ESCALATION_NOT_INCREASING,
        ESCALATION_SEVERITY_NOT_RISING,
        INVALID_TYPE,
        REQUIRED,
        INVALID_NUMBER,
        UNKNOWN_VALUE,
        UNSUPPORTED_TYPE,
        IGNORED_KEYWORD,
        RENAMED_IDENTIFIER,
        UNBOUNDED_RANGE,
        STRING_ENUM_NUMBERED,
    ];
}

/// Longest identifier, in characters.
pub const MAX_IDENTIFIER_CHARS: usize = 64;
/// Longest name or label, in characters.
pub const MAX_NAME_CHARS: usize = 64;

/// `^[A-Za-z][A-Za-z0-9_]{0,63}$`: identifiers become JSON keys, MQTT payload keys and SQL values, so
/// they stay plain ASCII.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && s.len() <= MAX_IDENTIFIER_CHARS
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Collects problems under a path prefix, so nested validators need not thread strings by hand.
pub(crate) struct Problems {
    pub(crate) list: Vec<Problem>,
}

impl Problems {
    pub(crate) fn new() -> Problems {
        Problems { list: Vec::new() }
    }

    pub(crate) fn push(&mut self, problem: Problem) {
        self.list.push(problem);
    }

    pub(crate) fn into_result(self) -> Result<(), Vec<Problem>> {
        if self.list.is_empty() {
            Ok(())
        } else {
            Err(self.list)
        }
    }

    pub(crate) fn identifier(&mut self, path: &str, identifier: &str) {
        if !is_identifier(identifier) {
            self.push(Problem::new(path, codes::INVALID_IDENTIFIER).arg("identifier", identifier));
        }
    }

    /// A required, bounded text: names and labels.
    pub(crate) fn text(&mut self, path: &str, text: &str, max_chars: usize) {
        if text.trim().is_empty() {
            self.push(Problem::new(path, codes::BLANK));
        } else {
            self.optional_text(path, text, max_chars);
        }
    }

    pub(crate) fn optional_text(&mut self, path: &str, text: &str, max_chars: usize) {
        if text.chars().count() > max_chars {
            self.push(Problem::new(path, codes::TOO_LONG).arg("max", max_chars));
        }
    }

    pub(crate) fn max_len(&mut self, path: &str, len: usize, max: usize) {
        if len > max {
            self.push(Problem::new(path, codes::TOO_MANY).arg("max", max));
        }
    }

    /// Reports each identifier that repeats an earlier one; `path_of(i)` is the identifier's path.
    pub(crate) fn unique<'a>(&mut self, identifiers: impl Iterator<Item = &'a str>, path_of: impl Fn(usize) -> String) {
        let mut seen = std::collections::HashMap::new();
        for (index, identifier) in identifiers.enumerate() {
            if let Some(first) = seen.insert(identifier, index) {
                seen.insert(identifier, first);
                self.push(
                    Problem::new(path_of(index), codes::DUPLICATE_IDENTIFIER)
                        .arg("identifier", identifier)
                        .arg("first", first),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_ascii_starting_with_a_letter_and_at_most_64_long() {
        assert!(is_identifier("lel"));
        assert!(is_identifier("H2S_ppm"));
        assert!(is_identifier(&format!("a{}", "b".repeat(63))));
        assert!(!is_identifier(&format!("a{}", "b".repeat(64))));
        assert!(!is_identifier(""));
        assert!(!is_identifier("2lel"));
        assert!(!is_identifier("_lel"));
        assert!(!is_identifier("lel-1"));
        assert!(!is_identifier("温度"));
    }

    #[test]
    fn duplicates_name_the_first_occurrence() {
        let mut problems = Problems::new();
        problems.unique(["a", "b", "a", "a"].into_iter(), |i| format!("x[{i}]"));
        let found: Vec<_> = problems.list.iter().map(|p| (p.path.as_str(), p.args[1].1.as_str())).collect();
        assert_eq!(found, [("x[2]", "0"), ("x[3]", "0")]);
    }

    #[test]
    fn display_shows_path_code_and_arguments() {
        let p = Problem::new("properties[0].name", codes::TOO_LONG).arg("max", 64);
        assert_eq!(p.to_string(), "properties[0].name: too_long (max=64)");
        assert_eq!(Problem::new("", codes::REQUIRED).to_string(), "(document): required");
    }

    #[test]
    fn codes_are_unique_snake_case() {
        let mut sorted = codes::ALL.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), codes::ALL.len());
        assert!(codes::ALL.iter().all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_')));
    }
}

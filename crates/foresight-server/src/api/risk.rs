//! The dynamic risk engine's API: the live heat map (JSON, replay at a moment, a timeline for the replay
//! slider, and a Server-Sent Events stream), a zone's drill-down, dynamic factors and expert rules
//! (validated, versioned, back-tested on recorded history), the learned-normal models of a site, and the
//! sandbox (what-if runs over history with scenarios and a control measure, never live).

mod definitions;
mod heatmap;
mod normal;
mod sandbox;

use crate::app::AppState;
use crate::error::FieldIssue;
use crate::i18n::Msg;
use foresight_risk::{AssessmentError, ErrorCode};
use utoipa_axum::router::OpenApiRouter;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(heatmap::router())
        .merge(definitions::router())
        .merge(normal::router())
        .merge(sandbox::router())
}

/// The message of a `foresight_risk` error code (same parameters as its own texts).
fn risk_msg(code: ErrorCode) -> Msg {
    match code {
        ErrorCode::NotInScale => Msg::RiskNotInScale,
        ErrorCode::OutOfRange => Msg::RiskOutOfRange,
        ErrorCode::NotFinite => Msg::RiskNotFinite,
        ErrorCode::Blank => Msg::RiskBlank,
        ErrorCode::TooLong => Msg::RiskTooLong,
        ErrorCode::TooMany => Msg::RiskTooMany,
        ErrorCode::NotDescending => Msg::RiskNotDescending,
        ErrorCode::UnknownOperator => Msg::RiskUnknownOperator,
        ErrorCode::EmptyGroup => Msg::RiskEmptyGroup,
        ErrorCode::TooDeep => Msg::RiskTooDeep,
        ErrorCode::MinAboveMax => Msg::RiskMinAboveMax,
        ErrorCode::MultiplierOutOfRange => Msg::RiskMultiplierOutOfRange,
        ErrorCode::NoEffect => Msg::RiskNoEffect,
        ErrorCode::Duplicate => Msg::RiskDuplicate,
        ErrorCode::UnknownFactor => Msg::RiskUnknownFactor,
        ErrorCode::InvalidUrl => Msg::RiskInvalidUrl,
        ErrorCode::NoActions => Msg::RiskNoActions,
        ErrorCode::EmptyList => Msg::RiskEmptyList,
        ErrorCode::InvalidIdentifier => Msg::RiskInvalidIdentifier,
        ErrorCode::MixedDirection => Msg::RiskMixedDirection,
    }
}

/// A definition problem as a field issue under `prefix`, e.g. `definition.condition.all[1].compare.op`.
fn risk_issue(prefix: &str, err: &AssessmentError) -> FieldIssue {
    let mut issue =
        FieldIssue::new(super::thing_models::join(prefix, &err.path), err.code.as_str(), risk_msg(err.code));
    for (name, value) in &err.params {
        let name: &'static str = match name.as_str() {
            "value" => "value",
            "allowed" => "allowed",
            "min" => "min",
            "max" => "max",
            "above" => "above",
            _ => continue,
        };
        issue = issue.arg(name, value);
    }
    issue
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{render, Locale};

    #[test]
    fn every_risk_error_code_has_a_message_with_its_parameters() {
        for code in ErrorCode::ALL {
            let err = AssessmentError::new("x", *code)
                .with("value", "7")
                .with("allowed", "1, 2")
                .with("min", "1")
                .with("max", "2")
                .with("above", "9");
            let issue = risk_issue("definition", &err);
            assert_eq!(issue.field, "definition.x");
            for locale in [Locale::Zh, Locale::En] {
                let text = render(issue.msg, locale, &issue.args);
                assert!(!text.contains('{'), "{code:?}: {text}");
            }
        }
    }
}

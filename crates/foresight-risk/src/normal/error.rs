//! Typed errors of the learned-normal model: a stable code, the offending field, and zh-CN / English text.

use crate::error::Lang;
use std::fmt;

/// Why a model could not be trained. Every variant names the field at fault so an API can point at it.
#[derive(Debug, Clone, PartialEq)]
pub enum TrainError {
    /// A configuration value is outside its allowed range; `field` is the config field name.
    InvalidConfig { field: &'static str },
    /// Fewer than two variables: a multivariate model needs at least two.
    TooFewVariables { got: usize, need: usize },
    /// A variable name is empty.
    EmptyVariableName { index: usize },
    /// The same variable name appears twice.
    DuplicateVariable { variable: String },
    /// A row does not have one value per variable.
    ColumnCount { row: usize, expected: usize, got: usize },
    /// A value is NaN or infinite.
    NonFinite { row: usize, variable: String },
    /// Not enough rows to estimate the model and its control limits.
    TooFewSamples { got: usize, need: usize },
    /// A variable does not vary in the fitting part of the history (a stuck sensor or a set-point).
    ConstantVariable { variable: String },
}

impl TrainError {
    /// Stable machine-readable code, for API problem documents and logs.
    pub fn code(&self) -> &'static str {
        match self {
            TrainError::InvalidConfig { .. } => "normal.invalid_config",
            TrainError::TooFewVariables { .. } => "normal.too_few_variables",
            TrainError::EmptyVariableName { .. } => "normal.empty_variable_name",
            TrainError::DuplicateVariable { .. } => "normal.duplicate_variable",
            TrainError::ColumnCount { .. } => "normal.column_count",
            TrainError::NonFinite { .. } => "normal.non_finite",
            TrainError::TooFewSamples { .. } => "normal.too_few_samples",
            TrainError::ConstantVariable { .. } => "normal.constant_variable",
        }
    }

    /// The input field at fault: `config.<name>`, `names`, `names[i]`, `samples`, `samples[row]` or
    /// `samples[row].<variable>`, or the variable name itself.
    pub fn field(&self) -> String {
        match self {
            TrainError::InvalidConfig { field } => format!("config.{field}"),
            TrainError::TooFewVariables { .. } | TrainError::DuplicateVariable { .. } => "names".into(),
            TrainError::EmptyVariableName { index } => format!("names[{index}]"),
            TrainError::ColumnCount { row, .. } => format!("samples[{row}]"),
            TrainError::NonFinite { row, variable } => format!("samples[{row}].{variable}"),
            TrainError::TooFewSamples { .. } => "samples".into(),
            TrainError::ConstantVariable { variable } => variable.clone(),
        }
    }

    /// Human text in zh-CN (the product default) or English.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            match self {
                TrainError::InvalidConfig { field } => format!("Model setting {field} is out of range."),
                TrainError::TooFewVariables { got, need } => {
                    format!("At least {need} variables are needed to learn normal behaviour; {got} given.")
                }
                TrainError::EmptyVariableName { index } => format!("Variable name number {} is empty.", index + 1),
                TrainError::DuplicateVariable { variable } => format!("Variable {variable} is listed twice."),
                TrainError::ColumnCount { row, expected, got } => {
                    format!("Row {row} has {got} values but {expected} variables were named.")
                }
                TrainError::NonFinite { row, variable } => {
                    format!("Row {row}, variable {variable}: the value is not a finite number.")
                }
                TrainError::TooFewSamples { got, need } => {
                    format!("At least {need} samples are needed for these variables; {got} given.")
                }
                TrainError::ConstantVariable { variable } => format!(
                    "Variable {variable} does not change in the training history; remove it or choose a longer period."
                ),
            }
        } else {
            match self {
                TrainError::InvalidConfig { field } => format!("模型参数 {field} 超出允许范围。"),
                TrainError::TooFewVariables { got, need } => {
                    format!("学习正常工况至少需要 {need} 个变量，当前只有 {got} 个。")
                }
                TrainError::EmptyVariableName { index } => format!("第 {} 个变量名为空。", index + 1),
                TrainError::DuplicateVariable { variable } => format!("变量 {variable} 重复出现。"),
                TrainError::ColumnCount { row, expected, got } => {
                    format!("第 {row} 行有 {got} 个数值，但指定了 {expected} 个变量。")
                }
                TrainError::NonFinite { row, variable } => format!("第 {row} 行变量 {variable} 的数值不是有限数。"),
                TrainError::TooFewSamples { got, need } => {
                    format!("这些变量至少需要 {need} 个样本，当前只有 {got} 个。")
                }
                TrainError::ConstantVariable { variable } => {
                    format!("变量 {variable} 在训练历史中没有变化，请移除该变量或选择更长的时间段。")
                }
            }
        }
    }
}

impl fmt::Display for TrainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message(Lang::En))
    }
}

impl std::error::Error for TrainError {}

/// Why a sample could not be scored.
#[derive(Debug, Clone, PartialEq)]
pub enum ScoreError {
    /// The sample does not have one value per model variable.
    ColumnCount { expected: usize, got: usize },
    /// A value is NaN or infinite.
    NonFinite { variable: String },
    /// A named value refers to a variable the model was not trained on.
    UnknownVariable { variable: String },
    /// A model variable has no value in a named sample.
    MissingVariable { variable: String },
}

impl ScoreError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ScoreError::ColumnCount { .. } => "normal.column_count",
            ScoreError::NonFinite { .. } => "normal.non_finite",
            ScoreError::UnknownVariable { .. } => "normal.unknown_variable",
            ScoreError::MissingVariable { .. } => "normal.missing_variable",
        }
    }

    /// The input field at fault: `sample` or the variable name.
    pub fn field(&self) -> String {
        match self {
            ScoreError::ColumnCount { .. } => "sample".into(),
            ScoreError::NonFinite { variable }
            | ScoreError::UnknownVariable { variable }
            | ScoreError::MissingVariable { variable } => variable.clone(),
        }
    }

    /// Human text in zh-CN (the product default) or English.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            match self {
                ScoreError::ColumnCount { expected, got } => {
                    format!("The sample has {got} values but the model has {expected} variables.")
                }
                ScoreError::NonFinite { variable } => format!("Variable {variable}: the value is not a finite number."),
                ScoreError::UnknownVariable { variable } => {
                    format!("Variable {variable} is not part of this model.")
                }
                ScoreError::MissingVariable { variable } => format!("The sample has no value for variable {variable}."),
            }
        } else {
            match self {
                ScoreError::ColumnCount { expected, got } => {
                    format!("样本有 {got} 个数值，但模型有 {expected} 个变量。")
                }
                ScoreError::NonFinite { variable } => format!("变量 {variable} 的数值不是有限数。"),
                ScoreError::UnknownVariable { variable } => format!("变量 {variable} 不属于该模型。"),
                ScoreError::MissingVariable { variable } => format!("样本缺少变量 {variable} 的数值。"),
            }
        }
    }
}

impl fmt::Display for ScoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message(Lang::En))
    }
}

impl std::error::Error for ScoreError {}

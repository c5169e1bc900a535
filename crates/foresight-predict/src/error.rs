//! Typed errors of loading a model and of predicting, each with a stable code and a message in zh-CN
//! (the product's default) or English.

use serde::{Deserialize, Serialize};
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

/// Why a model (or its declared input mapping) was refused. Every variant has a stable [`code`](Self::code);
/// the API shows [`message`](Self::message) to the person who uploaded the model.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    /// The file is larger than [`crate::MAX_MODEL_BYTES`].
    #[error("model_too_large: {size} bytes, at most {max}")]
    TooLarge { size: usize, max: usize },
    /// Not an ONNX protobuf (random bytes, a truncated file, another format).
    #[error("not_onnx: {detail}")]
    NotOnnx { detail: String },
    /// The graph must have exactly one input besides its weights.
    #[error("input_count: {found}")]
    InputCount { found: usize },
    /// The graph must have exactly one output.
    #[error("output_count: {found}")]
    OutputCount { found: usize },
    /// The input or output tensor is not 32-bit float.
    #[error("not_f32: {which} is {found}")]
    NotF32 { which: &'static str, found: String },
    /// The input is not `[batch, window, features]`.
    #[error("input_rank: {found} dimensions")]
    InputRank { found: usize },
    /// The model's feature dimension differs from the number of features the mapping declares.
    #[error("feature_count: model {model}, mapping {mapping}")]
    FeatureCount { model: i64, mapping: usize },
    /// The model's window (time steps) differs from the mapping's.
    #[error("window_mismatch: model {model}, mapping {mapping}")]
    WindowMismatch { model: i64, mapping: usize },
    /// The batch dimension is fixed to something other than 1 (it should be symbolic, e.g. "batch").
    #[error("batch_dimension: {found}")]
    BatchDimension { found: i64 },
    /// The output is not `[batch, 1]` or `[batch]`.
    #[error("output_shape: {found}")]
    OutputShape { found: String },
    /// The ONNX file is well-formed but the engine cannot run it (an unsupported operator, shapes that do
    /// not agree, an internal failure while loading).
    #[error("unsupported_model: {detail}")]
    Unsupported { detail: String },
    /// The model loaded, but a trial prediction on a neutral window failed.
    #[error("probe_failed: {detail}")]
    ProbeFailed { detail: String },
    /// The trial prediction on a neutral window gave NaN or an infinity.
    #[error("non_finite_output: {value}")]
    NonFiniteOutput { value: f32 },
    /// The trial prediction on a neutral window gave a number outside 0..=1 (not a likelihood).
    #[error("output_not_probability: {value}")]
    OutputNotProbability { value: f32 },
    /// The mapping names a feature the risk engine cannot compute (position counted from 1); `known`
    /// lists the names it can, comma-separated.
    #[error("unknown_feature: {name}")]
    UnknownFeature { name: String, position: usize, known: String },
    /// The mapping declares no feature.
    #[error("mapping_no_features")]
    MappingNoFeatures,
    /// The mapping's window is 0 or larger than [`crate::MAX_WINDOW`].
    #[error("mapping_bad_window: {window}")]
    MappingBadWindow { window: usize },
    /// A feature of the mapping has an empty name (position counted from 1).
    #[error("mapping_empty_name: feature {position}")]
    MappingEmptyName { position: usize },
    /// Two features of the mapping have the same name.
    #[error("mapping_duplicate_name: {name}")]
    MappingDuplicateName { name: String },
    /// A feature's normalisation is unusable: mean not finite, or std not finite and positive.
    #[error("mapping_bad_normalisation: {name}")]
    MappingBadNormalisation { name: String },
    /// The mapping is not valid JSON of the expected form.
    #[error("mapping_unparsable: {detail}")]
    MappingUnparsable { detail: String },
}

impl ModelError {
    /// Stable machine-readable code; never changes meaning.
    pub fn code(&self) -> &'static str {
        match self {
            ModelError::TooLarge { .. } => "model_too_large",
            ModelError::NotOnnx { .. } => "not_onnx",
            ModelError::InputCount { .. } => "input_count",
            ModelError::OutputCount { .. } => "output_count",
            ModelError::NotF32 { .. } => "not_f32",
            ModelError::InputRank { .. } => "input_rank",
            ModelError::FeatureCount { .. } => "feature_count",
            ModelError::WindowMismatch { .. } => "window_mismatch",
            ModelError::BatchDimension { .. } => "batch_dimension",
            ModelError::OutputShape { .. } => "output_shape",
            ModelError::Unsupported { .. } => "unsupported_model",
            ModelError::ProbeFailed { .. } => "probe_failed",
            ModelError::NonFiniteOutput { .. } => "non_finite_output",
            ModelError::OutputNotProbability { .. } => "output_not_probability",
            ModelError::UnknownFeature { .. } => "unknown_feature",
            ModelError::MappingNoFeatures => "mapping_no_features",
            ModelError::MappingBadWindow { .. } => "mapping_bad_window",
            ModelError::MappingEmptyName { .. } => "mapping_empty_name",
            ModelError::MappingDuplicateName { .. } => "mapping_duplicate_name",
            ModelError::MappingBadNormalisation { .. } => "mapping_bad_normalisation",
            ModelError::MappingUnparsable { .. } => "mapping_unparsable",
        }
    }

    /// The message for the person who uploaded the model.
    pub fn message(&self, lang: Lang) -> String {
        use ModelError::*;
        let zh = lang == Lang::ZhCn;
        match self {
            TooLarge { size, max } => {
                let m = mib(*max);
                if zh {
                    format!("模型文件过大：{size} 字节，上限 {max} 字节（{m} MiB）")
                } else {
                    format!("the model file is too large: {size} bytes, at most {max} ({m} MiB)")
                }
            }
            NotOnnx { detail } => {
                if zh {
                    format!("文件不是有效的 ONNX 模型（可能已损坏或被截断）：{detail}")
                } else {
                    format!("the file is not a valid ONNX model (it may be corrupt or truncated): {detail}")
                }
            }
            InputCount { found } => {
                if zh {
                    format!("模型必须恰好有 1 个输入，实际有 {found} 个")
                } else {
                    format!("the model must have exactly 1 input, it has {found}")
                }
            }
            OutputCount { found } => {
                if zh {
                    format!("模型必须恰好有 1 个输出，实际有 {found} 个")
                } else {
                    format!("the model must have exactly 1 output, it has {found}")
                }
            }
            NotF32 { which, found } => {
                let which_zh = if *which == "input" { "输入" } else { "输出" };
                if zh {
                    format!("模型{which_zh}的数据类型必须是 float32，实际是 {found}")
                } else {
                    format!("the model's {which} must be float32, it is {found}")
                }
            }
            InputRank { found } => {
                if zh {
                    format!("模型输入必须是三维 [批次, 时间窗, 特征]，实际是 {found} 维")
                } else {
                    format!("the model's input must have 3 dimensions [batch, window, features], it has {found}")
                }
            }
            FeatureCount { model, mapping } => {
                if zh {
                    format!("模型输入有 {model} 个特征，但输入映射声明了 {mapping} 个")
                } else {
                    format!("the model takes {model} features but the input mapping declares {mapping}")
                }
            }
            WindowMismatch { model, mapping } => {
                if zh {
                    format!("模型的时间窗为 {model} 步，但输入映射声明为 {mapping} 步")
                } else {
                    format!("the model's window is {model} steps but the input mapping declares {mapping}")
                }
            }
            BatchDimension { found } => {
                if zh {
                    format!("模型的批次维固定为 {found}；应为可变（如 \"batch\"）或 1")
                } else {
                    format!(
                        "the model's batch dimension is fixed to {found}; it must be variable (e.g. \"batch\") or 1"
                    )
                }
            }
            OutputShape { found } => {
                if zh {
                    format!("模型输出必须是每个窗口一个概率 [批次, 1] 或 [批次]，实际是 {found}")
                } else {
                    format!(
                        "the model's output must be one probability per window, [batch, 1] or [batch]; it is {found}"
                    )
                }
            }
            Unsupported { detail } => {
                if zh {
                    format!("推理引擎无法运行该模型（可能含不支持的算子）：{detail}")
                } else {
                    format!("the inference engine cannot run this model (it may use an unsupported operator): {detail}")
                }
            }
            ProbeFailed { detail } => {
                if zh {
                    format!("模型试运行失败：{detail}")
                } else {
                    format!("a trial run of the model failed: {detail}")
                }
            }
            NonFiniteOutput { value } => {
                if zh {
                    format!("模型对中性时间窗（各特征取均值）的试运行输出为 {value}，不是有限数")
                } else {
                    format!(
                        "on a neutral window (every feature at its mean) the model gave {value}, not a finite number"
                    )
                }
            }
            OutputNotProbability { value } => {
                if zh {
                    format!("模型对中性时间窗（各特征取均值）的试运行输出为 {value}，应为 0 到 1 之间的概率")
                } else {
                    format!(
                        "on a neutral window (every feature at its mean) the model gave {value}, expected a probability between 0 and 1"
                    )
                }
            }
            UnknownFeature { name, position, known } => {
                if zh {
                    format!("输入映射的第 {position} 个特征“{name}”不是风险引擎能提供的特征；可用特征：{known}")
                } else {
                    format!("feature {position} of the input mapping, \"{name}\", is not one the risk engine computes; known features: {known}")
                }
            }
            MappingNoFeatures => {
                if zh {
                    "输入映射未声明任何特征".to_owned()
                } else {
                    "the input mapping declares no feature".to_owned()
                }
            }
            MappingBadWindow { window } => {
                let max = crate::MAX_WINDOW;
                if zh {
                    format!("输入映射的时间窗必须在 1 到 {max} 步之间，实际为 {window}")
                } else {
                    format!("the input mapping's window must be 1 to {max} steps, it is {window}")
                }
            }
            MappingEmptyName { position } => {
                if zh {
                    format!("输入映射的第 {position} 个特征名称为空")
                } else {
                    format!("feature {position} of the input mapping has an empty name")
                }
            }
            MappingDuplicateName { name } => {
                if zh {
                    format!("输入映射中特征名称重复：{name}")
                } else {
                    format!("the input mapping names feature {name} more than once")
                }
            }
            MappingBadNormalisation { name } => {
                if zh {
                    format!("特征 {name} 的归一化参数无效：均值须为有限数，标准差须为正的有限数")
                } else {
                    format!("feature {name} has unusable normalisation: the mean must be finite and the std finite and positive")
                }
            }
            MappingUnparsable { detail } => {
                if zh {
                    format!("输入映射不是有效的 JSON 或格式不符：{detail}")
                } else {
                    format!("the input mapping is not valid JSON of the expected form: {detail}")
                }
            }
        }
    }
}

/// Why a prediction was refused or failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PredictError {
    /// A window does not hold `window × features` values (`index` counts windows of the batch from 0).
    #[error("window_shape: window {index} has {found} values, expected {expected}")]
    WindowShape { index: usize, expected: usize, found: usize },
    /// A value is NaN or infinite (missing data must be filled by the caller, not passed as NaN).
    #[error("non_finite_input: window {index}, step {step}, feature {feature}")]
    NonFinite { index: usize, step: usize, feature: String },
    /// The model gave something that is not a probability (outside 0..=1 or NaN).
    #[error("not_probability: window {index} gave {value}")]
    NotProbability { index: usize, value: f32 },
    /// The engine failed while running the model.
    #[error("inference_failed: {detail}")]
    Inference { detail: String },
}

impl PredictError {
    /// Stable machine-readable code; never changes meaning.
    pub fn code(&self) -> &'static str {
        match self {
            PredictError::WindowShape { .. } => "window_shape",
            PredictError::NonFinite { .. } => "non_finite_input",
            PredictError::NotProbability { .. } => "not_probability",
            PredictError::Inference { .. } => "inference_failed",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::ZhCn;
        match self {
            PredictError::WindowShape { index, expected, found } => {
                if zh {
                    format!("第 {index} 个窗口有 {found} 个数值，应为 {expected} 个（时间窗 × 特征数）")
                } else {
                    format!("window {index} has {found} values, expected {expected} (window × features)")
                }
            }
            PredictError::NonFinite { index, step, feature } => {
                if zh {
                    format!("第 {index} 个窗口第 {step} 步的特征 {feature} 不是有限数（缺失数据须先补齐）")
                } else {
                    format!("window {index}, step {step}: feature {feature} is not finite (fill missing data first)")
                }
            }
            PredictError::NotProbability { index, value } => {
                if zh {
                    format!("模型对第 {index} 个窗口的输出 {value} 不是 0 到 1 之间的概率")
                } else {
                    format!("the model's output for window {index}, {value}, is not a probability between 0 and 1")
                }
            }
            PredictError::Inference { detail } => {
                if zh {
                    format!("模型推理失败：{detail}")
                } else {
                    format!("the model failed to run: {detail}")
                }
            }
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        })
    }
}

fn mib(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

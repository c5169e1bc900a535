//! Human-facing message catalogue: zh-CN by default, English on request (`Accept-Language`).
//!
//! Messages are an enum, so a message that is used always exists in both languages; templates use
//! `{name}` placeholders filled from the error's arguments.

use axum::http::HeaderMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    Zh,
    En,
}

impl Locale {
    /// Picks the first supported language in `Accept-Language` order of preference; zh-CN otherwise.
    pub fn from_headers(headers: &HeaderMap) -> Locale {
        let Some(value) = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) else {
            return Locale::Zh;
        };
        let mut ranked: Vec<(f32, Locale)> = value
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim().to_ascii_lowercase();
                let q =
                    pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
                let locale = if tag.starts_with("zh") {
                    Locale::Zh
                } else if tag.starts_with("en") {
                    Locale::En
                } else {
                    return None;
                };
                Some((q, locale))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.first().map(|r| r.1).unwrap_or(Locale::Zh)
    }

    pub fn tag(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }
}

macro_rules! catalog {
    ($($name:ident => $zh:literal, $en:literal;)*) => {
        /// Every human-facing message the server produces.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($name),* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$name),*];

            pub fn template(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $((Msg::$name, Locale::Zh) => $zh, (Msg::$name, Locale::En) => $en,)*
                }
            }
        }
    };
}

catalog! {
    TitleBadRequest => "请求无效", "Bad request";
    TitleValidation => "输入有误", "Invalid input";
    TitleUnauthorized => "未通过身份验证", "Not authenticated";
    TitleForbidden => "无权执行此操作", "Forbidden";
    TitleNotFound => "未找到", "Not found";
    TitleMethodNotAllowed => "不支持此请求方法", "Method not allowed";
    TitleConflict => "与现有数据冲突", "Conflict";
    TitlePreconditionRequired => "缺少版本条件", "Precondition required";
    TitlePreconditionFailed => "数据已被他人修改", "Changed by someone else";
    TitlePayloadTooLarge => "请求内容过大", "Payload too large";
    TitleUnsupportedMediaType => "不支持的内容类型", "Unsupported media type";
    TitleTooManyRequests => "请求过于频繁", "Too many requests";
    TitleInternal => "服务器内部错误", "Internal error";
    TitleUnavailable => "服务暂不可用", "Service unavailable";

    DetailMalformedJson => "请求体不是有效的 JSON：第 {line} 行第 {column} 列。", "The request body is not valid JSON (line {line}, column {column}).";
    DetailInvalidFields => "有 {count} 个字段未通过校验，请逐项修改。", "{count} field(s) failed validation; see errors.";
    DetailInvalidParameter => "请求参数无效。", "A request parameter is invalid.";
    DetailMissingToken => "请先登录。", "Sign in first: the request carries no credentials.";
    DetailInvalidToken => "登录凭据无效或已过期，请重新登录。", "The credentials are invalid or expired; sign in again.";
    DetailBadCredentials => "租户代码、用户名或密码错误。", "Wrong tenant code, username or password.";
    DetailRefreshReused => "检测到刷新令牌被重复使用，该登录会话已全部注销，请重新登录。", "A refresh token was used twice; the whole session family has been revoked. Sign in again.";
    DetailMissingPermission => "此操作需要权限 {permission}。", "This requires the permission {permission}.";
    DetailNotFound => "请求的资源不存在或无权查看。", "The resource does not exist or is not visible to you.";
    DetailRouteNotFound => "没有这个地址。", "There is no such address.";
    DetailMethodNotAllowed => "此地址不支持该请求方法。", "This address does not support the method.";
    DetailDuplicate => "已存在相同的 {field}。", "A record with the same {field} already exists.";
    DetailStillReferenced => "仍有其他数据引用它，无法删除。", "Other records still refer to it, so it cannot be deleted.";
    DetailIfMatchRequired => "修改前请在 If-Match 头中提供当前版本号。", "Send the current version in an If-Match header.";
    DetailVersionStale => "数据已被他人修改（当前版本 {current}），请刷新后重试。", "Someone changed this first (current version {current}); reload and retry.";
    DetailBodyTooLarge => "请求内容超过上限 {limit}。", "The request body exceeds the limit of {limit}.";
    DetailExpectedJson => "请求体须为 application/json。", "The request body must be application/json.";
    DetailExpectedImage => "平面图须为 PNG、JPEG、WebP 或 SVG 图片。", "The site plan must be a PNG, JPEG, WebP or SVG image.";
    DetailLoginThrottled => "登录失败次数过多，请 {seconds} 秒后再试。", "Too many failed sign-ins; try again in {seconds} s.";
    DetailInternal => "服务器处理请求时出错，已记录。请求编号：{request_id}。", "Something failed on the server and has been logged. Request id: {request_id}.";
    DetailUnavailable => "数据库暂不可用，请稍后重试。", "The database is unavailable; retry shortly.";
    DetailLastAdmin => "不能移除或停用最后一位租户管理员。", "The last tenant administrator cannot be removed or disabled.";
    DetailWrongPassword => "当前密码不正确。", "The current password is wrong.";

    FieldRequired => "必填。", "Required.";
    FieldUnknown => "不允许的字段。", "Unknown field.";
    FieldInvalidType => "类型或取值不正确：{reason}", "Wrong type or value: {reason}";
    FieldBlank => "不能为空。", "Must not be blank.";
    FieldTooLong => "不能超过 {max} 个字符。", "At most {max} characters.";
    FieldTooShort => "至少 {min} 个字符。", "At least {min} characters.";
    FieldOutOfRange => "须在 {min} 到 {max} 之间。", "Must be between {min} and {max}.";
    FieldInvalidFormat => "格式不正确：{expected}。", "Wrong format: {expected}.";
    FieldNotAllowedValue => "取值须为以下之一：{allowed}。", "Must be one of: {allowed}.";
    FieldDuplicate => "已被占用。", "Already taken.";
    FieldReferenceMissing => "引用的对象不存在。", "The referenced record does not exist.";
    FieldWeakPassword => "密码至少 10 位，且不能与用户名相同。", "At least 10 characters, and not the username.";
    FieldNotGrantable => "不能授予：{value}。", "Cannot be granted: {value}.";
    FieldZoneRequired => "该角色必须限定到区域。", "This role must be scoped to a zone.";
    FieldZoneNotAllowed => "该角色不能限定到区域。", "This role cannot be scoped to a zone.";
    FieldPolygonTooFew => "多边形至少需要 3 个顶点，当前 {count} 个。", "A polygon needs at least 3 vertices, got {count}.";
    FieldPolygonTooMany => "多边形最多 {max} 个顶点，当前 {count} 个。", "A polygon may have at most {max} vertices, got {count}.";
    FieldPolygonNotFinite => "第 {index} 个顶点不是有限数值。", "Vertex {index} is not a finite number.";
    FieldPolygonOutside => "第 {index} 个顶点超出平面图范围（{width} × {height}）。", "Vertex {index} lies outside the site plan ({width} x {height}).";
    FieldPolygonRepeated => "第 {index} 个顶点与前一个重复。", "Vertex {index} repeats the previous one.";
    FieldPolygonCrossing => "第 {first} 条边与第 {second} 条边相交，多边形不能自相交。", "Edges {first} and {second} cross; the polygon must not intersect itself.";
    FieldPolygonZeroArea => "多边形面积为零。", "The polygon encloses no area.";
    FieldImageUnreadable => "无法识别图片尺寸。", "The image size could not be read.";
    FieldPageBeyond => "页码须在 1 到 {max} 之间。", "The page must be between 1 and {max}.";
    FieldSortUnknown => "不能按此排序，可选：{allowed}。", "Cannot sort by this; choose one of: {allowed}.";

    // Telemetry: thing models (one message per foresight_telemetry problem code), gateways, devices.
    ModelTooMany => "最多 {max} 项。", "At most {max} entries.";
    ModelAtLeast => "不能小于 {min}。", "Must not be below {min}.";
    ModelInvalidIdentifier => "标识符“{identifier}”无效：须以英文字母开头，只含字母、数字和下划线，最长 64 个字符。", "The identifier \"{identifier}\" is invalid: a letter first, then letters, digits or _, at most 64 characters.";
    ModelDuplicateIdentifier => "标识符“{identifier}”与序号 {first} 的一项重复。", "The identifier \"{identifier}\" repeats the one at index {first}.";
    ModelNotFinite => "须为有限数值。", "Must be a finite number.";
    ModelMinNotBelowMax => "最小值 {min} 须小于最大值 {max}。", "The minimum {min} must be below the maximum {max}.";
    ModelEmptyEnum => "枚举至少需要一个取值。", "An enumeration needs at least one value.";
    ModelDuplicateEnumValue => "枚举值 {value} 与序号 {first} 的一项重复。", "The enumeration value {value} repeats the one at index {first}.";
    ModelTooDeep => "条件嵌套不能超过 {max} 层。", "Conditions may nest at most {max} levels deep.";
    ModelEmptyGroup => "条件组不能为空。", "A condition group must not be empty.";
    ModelUnknownProperty => "物模型中没有属性“{property}”。", "The thing model has no property \"{property}\".";
    ModelNotNumericProperty => "属性“{property}”不是数值，不能与数字比较。", "The property \"{property}\" is not numeric and cannot be compared with a number.";
    ModelEscalationNotIncreasing => "升级步骤须晚于上一步（{previous}）。", "Each escalation step must come later than the previous one ({previous}).";
    ModelEscalationSeverityNotRising => "升级步骤的级别须高于上一步（{previous}）。", "Each escalation step must raise the severity above the previous one ({previous}).";
    ModelInvalidType => "类型不正确，应为 {expected}。", "Wrong type: expected {expected}.";
    ModelInvalidNumber => "无法识别为数字。", "Not a readable number.";
    ModelUnknownValue => "不支持的取值：{value}。", "Unknown value: {value}.";
    ModelUnsupportedType => "物模型不支持此数据类型：{type}。", "Thing models cannot represent the data type {type}.";
    ModelIgnoredKeyword => "已忽略不支持的关键字：{keyword}。", "Ignored the unsupported keyword {keyword}.";
    ModelRenamedIdentifier => "标识符“{from}”已改为“{to}”。", "The identifier \"{from}\" was renamed to \"{to}\".";
    ModelUnboundedRange => "未设置 {missing}，读数在这一侧不做范围检查。", "No {missing} is set, so readings are not range-checked on that side.";
    ModelStringEnumNumbered => "文本枚举值已按 0、1、2… 编号，网关仍可发送文本。", "Text enumeration values were numbered 0, 1, 2, ...; gateways may still send the text.";
    ModelOtherProblem => "物模型有误（{code}）。", "The model has a problem ({code}).";
    FieldIdentifierFixed => "修订不能更改标识符，须为“{identifier}”。", "A revision keeps the identifier \"{identifier}\".";
    FieldOtherSite => "不属于所选厂区。", "It belongs to another site.";
    FieldPositionPair => "position_x 与 position_y 须同时提供或同时省略。", "Give position_x and position_y together, or neither.";
    FieldNotBefore => "须早于 {other}。", "Must be before {other}.";

    // Hazard register and its Excel import: a cell's problem is wrapped in ImportCell, which names the
    // row as Excel shows it, the column letter and the column's header.
    DetailExpectedXlsx => "请上传 Excel 工作簿（.xlsx）。", "Upload an Excel workbook (.xlsx).";
    FieldLsScale => "须为 1 到 5 的整数。", "Must be a whole number from 1 to 5.";
    FieldAssessmentUnused => "{method} 评价不使用此项，请省略。", "The {method} method does not use this; leave it out.";
    FieldTooMany => "最多 {max} 项。", "At most {max} entries.";
    FieldMustBeBelow => "须小于 {other}。", "Must be below {other}.";
    ImportCell => "第 {row} 行 {column} 列（{header}）：{problem}", "Row {row}, column {column} ({header}): {problem}";
    ImportSheet => "工作簿：{problem}", "Workbook: {problem}";
    ImportUnreadable => "无法读取，文件已损坏或不是 .xlsx 工作簿", "it cannot be read; the file is damaged or not an .xlsx workbook";
    ImportTooBig => "解压后超过 {max} MiB", "it expands to more than {max} MiB";
    ImportNoRows => "没有数据行", "it has no data rows";
    ImportTooManyRows => "最多 {max} 行数据，当前 {count} 行", "at most {max} data rows, found {count}";
    ImportMissingColumn => "缺少列“{header}”（表头应在前 10 行内）", "the column \"{header}\" is missing (the header must be within the first 10 rows)";
    ImportRequired => "必填，不能为空", "required, must not be empty";
    ImportNotNumber => "“{value}”不是数字", "\"{value}\" is not a number";
    ImportNotInScale => "{value} 不是允许值（{allowed}）", "{value} is not an allowed value ({allowed})";
    ImportTooLong => "不能超过 {max} 个字符", "at most {max} characters";
    ImportTooMany => "最多 {max} 项", "at most {max} entries";
    ImportInvalidCode => "“{value}”格式不正确，只能含字母、数字、- 和 _", "\"{value}\" may contain only letters, digits, - and _";
    ImportInvalidTag => "标签“{value}”格式不正确，须以字母开头，只含字母、数字和 _ . : -", "the tag \"{value}\" must start with a letter and contain only letters, digits and _ . : -";
    ImportFormula => "不接受公式，请复制后“粘贴为数值”", "formulas are not accepted; paste the value instead";
    ImportErrorCell => "单元格是错误值 {value}", "the cell holds the error {value}";
    ImportNotText => "应为文本或数字", "expected text or a number";
    ImportUnknownZone => "区域“{value}”不存在", "there is no zone \"{value}\"";
    ImportAmbiguousZone => "多个厂区都有区域“{value}”，请填写厂区列", "several sites have a zone \"{value}\"; fill in the site column";
    ImportUnknownUser => "用户“{value}”不存在或已停用", "there is no active user \"{value}\"";
    ImportUnknownDevice => "设备编号“{value}”不存在", "there is no device with the code \"{value}\"";
    ImportDuplicateInFile => "编号“{value}”与第 {first} 行重复", "the code \"{value}\" repeats row {first}";
    ImportDuplicateInDb => "编号“{value}”已存在", "the code \"{value}\" already exists";
    ImportMethodNeeded => "已填写评价值，请选择评价方法（LEC 或 LS）", "values are filled in, so choose a method (LEC or LS)";
    ImportValueUnused => "{method} 评价不使用此列，请留空", "the {method} method does not use this column; leave it empty";

    // The risk engine: factor and expert-rule definitions (one message per foresight_risk::ErrorCode, same
    // parameters), learned-normal training, back-tests.
    RiskNotInScale => "取值 {value} 不在量表中，允许值：{allowed}。", "The value {value} is not on the scale; allowed values: {allowed}.";
    RiskOutOfRange => "取值 {value} 超出范围，应在 {min} 到 {max} 之间。", "The value {value} is out of range; it must be between {min} and {max}.";
    RiskNotFinite => "数值必须是有限数（不能是 NaN 或无穷大）。", "The number must be finite (not NaN or infinite).";
    RiskBlank => "不能为空。", "Must not be empty.";
    RiskTooLong => "长度不能超过 {max} 个字符。", "Must be at most {max} characters long.";
    RiskTooMany => "条目不能超过 {max} 个。", "Must have at most {max} entries.";
    RiskNotDescending => "必须小于 {above}（阈值须严格递减）。", "Must be less than {above} (thresholds must strictly descend).";
    RiskUnknownOperator => "未知的比较运算符 {value}，允许：{allowed}。", "Unknown comparison operator {value}; allowed: {allowed}.";
    RiskEmptyGroup => "条件组至少需要一个条件。", "A condition group needs at least one condition.";
    RiskTooDeep => "条件嵌套不能超过 {max} 层。", "Conditions must not nest deeper than {max} levels.";
    RiskMinAboveMax => "下限 {min} 不能大于上限 {max}。", "The minimum {min} must not exceed the maximum {max}.";
    RiskMultiplierOutOfRange => "系数 {value} 无效，必须大于 0 且不超过 {max}。", "The multiplier {value} is invalid; it must be above 0 and at most {max}.";
    RiskNoEffect => "L 和 E 的系数都为 1，该因子不会产生任何影响。", "Both the L and E multipliers are 1, so this factor can never change anything.";
    AlertWrongStage => "告警当前处于“{stage}”阶段，不能执行此操作（审核不能跳级）。", "The alert is at stage {stage}; this command is not possible there (no level can be skipped).";
    AlertSameReviewer => "职责分离：终审人不能是作出车间审核结论的同一人。", "Separation of duties: the final reviewer must not be the person who made the workshop decision.";
    AlertCommentRequired => "此操作需要填写意见。", "This command needs a comment.";
    AlertBadAction => "整改措施无效：标题为空、重复，或该措施不存在或已完成。", "Invalid corrective action: blank or duplicate title, or the action does not exist or is already done.";
    AlertNotActionOwner => "只有措施负责人可以将其标记为完成。", "Only the action's owner can mark it done.";
    AlertDueInPast => "完成期限必须晚于现在。", "The due date must be in the future.";
    AlertOwnerUnknown => "负责人不存在或已停用。", "The owner does not exist or is disabled.";
    WorkNotForKind => "类型为 {kind} 的条目不使用此字段。", "Not used by items of kind {kind}.";
    RiskDuplicate => "标识 {value} 重复。", "The identifier {value} is used more than once.";
    RiskUnknownFactor => "动态因子 {value} 不存在。", "There is no dynamic factor {value}.";
    RiskInvalidUrl => "{value} 不是有效的 http(s) 地址。", "{value} is not a valid http(s) URL.";
    RiskNoActions => "规则至少需要一个动作。", "A rule needs at least one action.";
    RiskEmptyList => "至少需要填写一项。", "At least one entry is required.";
    RiskInvalidIdentifier => "标识 {value} 无效：须以字母开头，仅含字母、数字和 _ . : -，最长 64 个字符。", "The identifier {value} is invalid: it must start with a letter and contain only letters, digits and _ . : -, at most 64 characters.";
    RiskMixedDirection => "同一因子不能一边提高、一边降低 L 或 E，请拆分为两个因子。", "One factor must not raise one of L and E while lowering the other; split it into two factors.";
    NormalUnknownVariable => "变量“{value}”不存在：应为本厂区设备的“设备编号.属性”，且该属性已有数据。", "There is no variable \"{value}\": give a device of this site and one of its recorded properties as \"<device code>.<property>\".";
    NormalNotEnoughData => "历史数据不足：所选时间窗口内只有 {got} 个完整的分钟样本，至少需要 {need} 个（建议两周以上）。请延长时间窗口或减少变量。", "Not enough history: the window holds {got} complete one-minute samples, at least {need} are needed (two weeks or more is advised). Widen the window or choose fewer variables.";
    NormalConstantVariable => "变量“{value}”在训练窗口内没有变化（传感器卡死或为设定值），请移除后重试。", "The variable \"{value}\" does not change in the window (a stuck sensor or a set-point); remove it and try again.";
    NormalTooFewVariables => "至少需要 {need} 个变量。", "At least {need} variables are needed.";
    NormalTrainRefused => "无法用这些数据训练模型（{reason}）。", "A model cannot be trained from these data ({reason}).";

    PredictorModelRefused => "模型未被接受：{problem}", "The model was refused: {problem}";
    DetailExpectedModelUpload => "请以 multipart/form-data 上传：file 为 ONNX 模型文件，mapping 为输入映射 JSON，name 为名称。", "Upload as multipart/form-data: the ONNX model in part file, the input mapping JSON in part mapping, a name in part name.";
    DetailMalformedMultipart => "multipart/form-data 请求体无法解析（边界或分段格式有误）。", "The multipart/form-data body cannot be parsed (bad boundary or part framing).";
    FieldDuplicatePart => "该字段只能出现一次。", "This part may appear only once.";
    DetailPredictorRetired => "已停用的模型版本不能再启用，请重新上传。", "A retired model version cannot be activated again; upload it anew.";
    RiskWindowTooLong => "时间窗口不能超过 {max} 天。", "The window must not exceed {max} days.";
    SandboxUnknownHazard => "风险点 {value} 不存在或不在此厂区。", "There is no hazard {value} on this site.";
    SandboxUnknownZone => "区域 {value} 不存在或不在此厂区。", "There is no zone {value} on this site.";
    SandboxUnknownProperty => "风险引擎不读取属性“{value}”，可选：{allowed}。", "The risk engine does not read the property \"{value}\"; choose one of: {allowed}.";
    SandboxUnknownModel => "本厂区没有物模型为“{value}”的设备。", "No device of this site has the thing model \"{value}\".";
    SandboxTooManySteps => "共 {value} 步，超过上限 {max} 步：请缩短时间窗口或加大步长。", "{value} steps exceed the limit of {max}: shorten the window or lengthen the step.";
    SandboxInFuture => "不能晚于当前时间：沙盘只回放已记录的历史。", "Must not be in the future: the sandbox replays recorded history only.";
    SandboxBeyondHistory => "须在保留的最近 {max} 天历史之内。", "Must lie within the retained history of the last {max} days.";
    SandboxNotInScale => "不在量表中，允许值：{allowed}。", "Not on the scale; allowed values: {allowed}.";
    SandboxNotForMethod => "{value} 方法的风险点没有此项。", "A hazard assessed by {value} has no such value.";
    SandboxHazardUnassessed => "风险点 {value} 尚未评估，无法调整。", "The hazard {value} is not assessed, so it cannot be changed.";
    SandboxNoEffect => "此项不会改变任何结果。", "This changes nothing.";
    SandboxEmpty => "至少需要一项。", "At least one entry is required.";
    SandboxBusy => "本租户已有 {max} 个沙盘推演在排队或运行，请等其完成后再试。", "The tenant already has {max} sandbox runs queued or running; retry when one has finished.";
}

/// Fills `{name}` placeholders.
pub fn render(msg: Msg, locale: Locale, args: &[(&'static str, String)]) -> String {
    let mut text = msg.template(locale).to_string();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<&str> {
        let mut found: Vec<&str> = s.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(n, _)| n)).collect();
        found.sort();
        found
    }

    #[test]
    fn both_languages_use_the_same_placeholders() {
        for msg in Msg::ALL {
            assert_eq!(placeholders(msg.template(Locale::Zh)), placeholders(msg.template(Locale::En)), "{msg:?}");
        }
    }

    #[test]
    fn chinese_is_the_default_and_english_is_chosen_by_preference() {
        let mut headers = HeaderMap::new();
        assert_eq!(Locale::from_headers(&headers), Locale::Zh);
        headers.insert("accept-language", "en-US,en;q=0.9".parse().unwrap());
        assert_eq!(Locale::from_headers(&headers), Locale::En);
        headers.insert("accept-language", "fr, en;q=0.5, zh-CN;q=0.8".parse().unwrap());
        assert_eq!(Locale::from_headers(&headers), Locale::Zh);
        headers.insert("accept-language", "de".parse().unwrap());
        assert_eq!(Locale::from_headers(&headers), Locale::Zh);
    }

    #[test]
    fn arguments_fill_placeholders() {
        let text = render(Msg::FieldTooLong, Locale::En, &[("max", "80".into())]);
        assert_eq!(text, "At most 80 characters.");
    }
}

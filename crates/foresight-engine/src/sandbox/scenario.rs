//! What a sandbox run asks for, as data: the window, scenario overrides (named presets and generic ones,
//! freely combined), the proposed control measure; their checks against a site's definitions (every
//! problem, with the field it concerns) and the plan that applies them to the cycle's inputs.
//!
//! Overrides never get a second copy of the risk math: property overrides rewrite the recorded minute
//! averages the inputs are derived from, and hazard or factor overrides become ordinary
//! `foresight_risk::factors::Factor`s (forced on through the `sandbox_forced` input the sandbox sets on every
//! zone) or changes of a hazard's assessment. The live cycle's code then does the rest.

use crate::gather::{HazardRow, SiteData};
use chrono::{DateTime, Utc};
use foresight_risk::factors::{AppliesTo, Factor};
use foresight_risk::lec::C_SCALE;
use foresight_risk::Lec;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};
use utoipa::ToSchema;
use uuid::Uuid;

/// Most overrides in one scenario.
pub const MAX_OVERRIDES: usize = 20;
/// Most hazard changes and factors turned off in one measure, each.
pub const MAX_MEASURE_ITEMS: usize = 50;
/// Step bounds in seconds: the fastest cycle interval a deployment uses, up to an hour.
pub const STEP_SECS: (u32, u32) = (15, 3600);
/// The snapshot input the sandbox sets true on every zone: the condition of forced factors.
pub const FORCED_INPUT: &str = "sandbox_forced";
/// Gale force 8 (Beaufort; 17.2 m/s): outdoor work at height and lifting stop.
pub const GALE_M_S: f64 = 17.2;
/// Voltage deviation beyond which supply is out of tolerance (GB/T 12325: +7 % / −10 % at 220 V).
pub const VOLTAGE_TOLERANCE_PCT: f64 = 7.0;
/// Frequency deviation beyond which the grid is disturbed (GB/T 15945: ±0.2 Hz).
pub const FREQUENCY_TOLERANCE_HZ: f64 = 0.2;
/// Properties a property override may touch: those the cycle reads.
pub use crate::gather::PROPERTIES;

/// One scenario override. JSON: `{"kind": "typhoon", "wind_speed_m_s": 35}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Override {
    /// Typhoon: sets the weather stations' wind speed, adds rain at the given rate, and raises L of outdoor
    /// work, work at height and lifting while the wind is at gale force or above.
    Typhoon {
        #[serde(default = "defaults::wind")]
        wind_speed_m_s: f64,
        #[serde(default = "defaults::rain")]
        rainfall_mm_per_h: f64,
        #[serde(default = "defaults::two")]
        l_multiplier: f64,
    },
    /// Grid fluctuation: lowers the power-quality meters' phase voltages by a percentage and shifts their frequency,
    /// and raises L of electrical and process hazards while the supply is out of tolerance.
    GridFluctuation {
        #[serde(default = "defaults::dip")]
        voltage_dip_pct: f64,
        #[serde(default = "defaults::hz")]
        frequency_offset_hz: f64,
        #[serde(default = "defaults::two")]
        l_multiplier: f64,
    },
    /// Ageing equipment: multiplies L of the hazards of the chosen categories in the chosen zones (empty = all).
    AgeingEquipment {
        #[serde(default)]
        categories: Vec<String>,
        #[serde(default)]
        zone_ids: Vec<Uuid>,
        #[serde(default = "defaults::two")]
        l_multiplier: f64,
    },
    /// Sets, offsets, scales or ramps one property of the devices of a thing model and/or zone.
    SetProperty {
        property: String,
        #[serde(default)]
        model: Option<String>,
        #[serde(default)]
        zone_id: Option<Uuid>,
        #[serde(default)]
        mode: PropertyMode,
        value: f64,
    },
    /// Forces one of the tenant's dynamic factors on, whatever its condition says.
    ForceFactor { factor: String },
    /// Multiplies L, E and/or C of chosen hazards (C is moved to the nearest step of its scale).
    MultiplyHazards {
        hazard_ids: Vec<Uuid>,
        #[serde(default = "defaults::one")]
        l: f64,
        #[serde(default = "defaults::one")]
        e: f64,
        #[serde(default = "defaults::one")]
        c: f64,
    },
}

mod defaults {
    pub fn wind() -> f64 {
        35.0
    }
    pub fn rain() -> f64 {
        50.0
    }
    pub fn dip() -> f64 {
        12.0
    }
    pub fn hz() -> f64 {
        -0.4
    }
    pub fn two() -> f64 {
        2.0
    }
    pub fn one() -> f64 {
        1.0
    }
}

/// How a property override changes the recorded values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PropertyMode {
    /// Every minute takes the value (a series is created where none was recorded).
    #[default]
    Set,
    /// The value is added.
    Offset,
    /// Values are multiplied by it.
    Scale,
    /// The value per hour is added, growing with time (a rain gauge's daily total, a drifting sensor).
    Ramp,
}

/// A change to one hazard's assessment (e.g. a guard installed: `likelihood` 1 → 0.5). Absent fields keep
/// the hazard's values; the result must lie on the hazard's method's scales.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HazardChange {
    pub hazard_id: Uuid,
    #[serde(default)]
    pub likelihood: Option<f64>,
    #[serde(default)]
    pub exposure: Option<f64>,
    #[serde(default)]
    pub consequence: Option<f64>,
    #[serde(default)]
    pub severity: Option<f64>,
}

/// The proposed control measure, compared with the scenario alone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// What it is (for example "conveyor guard installed"), shown beside the variant.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub hazards: Vec<HazardChange>,
    /// Factors turned off: the tenant's factor codes (or a scenario's, `sandbox.typhoon_wind`).
    #[serde(default)]
    pub factors_off: Vec<String>,
}

/// A sandbox run's request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SandboxRequest {
    /// A label for the list.
    #[serde(default)]
    pub name: Option<String>,
    /// Start of the replayed window (recorded history).
    pub from: DateTime<Utc>,
    /// End of the window, not after now.
    pub to: DateTime<Utc>,
    /// Seconds between replayed cycles, 15 to 3600; default the risk cycle's interval.
    #[serde(default)]
    pub step_secs: Option<u32>,
    /// Overrides applied to both variants, in order; may be empty (history as it was).
    #[serde(default)]
    pub scenario: Vec<Override>,
    pub measure: Measure,
}

/// The limits a request is checked against.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub now: DateTime<Utc>,
    /// Days of history kept (RISK_HISTORY_DAYS): the window must lie within them.
    pub history_days: u32,
    pub max_steps: usize,
    pub default_step_secs: u32,
}

/// One problem of a request: the field (`scenario[2].hazard_ids[0]`), a stable code, and arguments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub field: String,
    pub code: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Problem {
    fn new(field: impl Into<String>, code: &'static str) -> Problem {
        Problem { field: field.into(), code, args: Vec::new() }
    }

    fn arg(mut self, name: &'static str, value: impl ToString) -> Problem {
        self.args.push((name, value.to_string()));
        self
    }
}

/// A property override resolved to devices.
#[derive(Debug, Clone)]
pub struct PropertyOverride {
    pub devices: Vec<Uuid>,
    pub property: String,
    pub mode: PropertyMode,
    pub value: f64,
}

/// A request checked against a site and resolved: what to do to the inputs and to each variant's
/// definitions.
#[derive(Debug, Clone)]
pub struct Plan {
    pub from: DateTime<Utc>,
    pub step: chrono::Duration,
    pub steps: usize,
    pub properties: Vec<PropertyOverride>,
    /// Hazards and factors of the scenario variant and of the scenario + measure variant.
    pub scenario: (Vec<HazardRow>, Vec<Factor>),
    pub measured: (Vec<HazardRow>, Vec<Factor>),
}

fn factor(id: String, name: &str, condition: serde_json::Value, applies_to: AppliesTo, l: f64, e: f64) -> Factor {
    Factor {
        id,
        name: name.to_owned(),
        // Built from literals known to parse; a failure would be a programming error caught by the tests.
        condition: serde_json::from_value(condition).unwrap_or_else(|_| forced()),
        applies_to,
        effect: foresight_risk::factors::Effect { l, e },
    }
}

fn forced() -> foresight_risk::condition::Condition {
    foresight_risk::condition::Condition::Flag { input: FORCED_INPUT.to_owned(), is: true }
}

fn multiplier(field: String, value: f64, problems: &mut Vec<Problem>) {
    let max = foresight_risk::factors::MAX_MULTIPLIER;
    if !(value.is_finite() && value > 0.0 && value <= max) {
        problems.push(Problem::new(field, "out_of_range").arg("min", 0).arg("max", max));
    }
}

fn range(field: String, value: f64, min: f64, max: f64, problems: &mut Vec<Problem>) {
    if !(value.is_finite() && value >= min && value <= max) {
        problems.push(Problem::new(field, "out_of_range").arg("min", min).arg("max", max));
    }
}

/// Marks the hazards an override selected with a tag, so a factor can apply to exactly them.
fn tag(hazards: &mut [HazardRow], selected: &[Uuid], i: usize) -> String {
    let tag = format!("sandbox.selected.{i}");
    for h in hazards.iter_mut().filter(|h| selected.contains(&h.hazard_id)) {
        h.tags.push(tag.clone());
    }
    tag
}

/// The step of `C_SCALE` nearest to `c` on a log scale (the scale is roughly geometric).
fn nearest_c(c: f64) -> f64 {
    C_SCALE.iter().copied().min_by(|a, b| (a.ln() - c.ln()).abs().total_cmp(&(b.ln() - c.ln()).abs())).unwrap_or(c)
}

impl Plan {
    /// Checks `request` against the site's definitions (`data` from `gather::load_definitions`, as the
    /// caller sees them: another tenant's or another zone's hazard is unknown) and resolves it. Every
    /// problem is reported, not the first.
    pub fn new(data: &SiteData, request: &SandboxRequest, limits: &Limits) -> Result<Plan, Vec<Problem>> {
        let mut problems = Vec::new();
        if let Some(name) = &request.name {
            if name.chars().count() > 100 {
                problems.push(Problem::new("name", "too_long").arg("max", 100));
            }
        }
        let step_secs = request.step_secs.unwrap_or(limits.default_step_secs);
        if !(STEP_SECS.0..=STEP_SECS.1).contains(&step_secs) {
            problems.push(Problem::new("step_secs", "out_of_range").arg("min", STEP_SECS.0).arg("max", STEP_SECS.1));
        }
        let step = chrono::Duration::seconds(i64::from(step_secs.max(1)));
        let mut steps = 0;
        if request.from >= request.to {
            problems.push(Problem::new("from", "not_before").arg("other", "to"));
        } else {
            steps = ((request.to - request.from).num_seconds() / step.num_seconds()) as usize + 1;
            if steps > limits.max_steps {
                problems.push(Problem::new("to", "too_many_steps").arg("max", limits.max_steps).arg("value", steps));
            }
        }
        if request.to > limits.now {
            problems.push(Problem::new("to", "in_future"));
        }
        if request.from < limits.now - chrono::Duration::days(i64::from(limits.history_days)) {
            problems.push(Problem::new("from", "beyond_history").arg("max", limits.history_days));
        }
        if request.scenario.len() > MAX_OVERRIDES {
            problems.push(Problem::new("scenario", "too_many").arg("max", MAX_OVERRIDES));
        }

        let hazard_ids: HashMap<Uuid, &HazardRow> = data.hazards.iter().map(|h| (h.hazard_id, h)).collect();
        let zone_ids: BTreeSet<Uuid> = data.zones.iter().map(|z| z.zone_id).collect();
        let models: BTreeSet<&str> = data.devices.values().map(|d| d.model.as_str()).collect();
        let mut hazards = data.hazards.clone();
        let mut factors = data.factors.clone();
        let mut properties = Vec::new();
        let outdoor = || AppliesTo::Matching {
            categories: vec!["fall".into(), "lifting".into()],
            tags: vec!["outdoor".into(), "work_at_height".into()],
        };
        let devices_of = |model: &str, zone: Option<Uuid>| -> Vec<Uuid> {
            let mut ids: Vec<Uuid> = data
                .devices
                .iter()
                .filter(|(_, d)| d.model == model && zone.is_none_or(|z| d.zone_id == Some(z)))
                .map(|(id, _)| *id)
                .collect();
            ids.sort();
            ids
        };
        let mut extra: Vec<Factor> = Vec::new();
        for (i, o) in request.scenario.iter().enumerate() {
            let at = |field: &str| format!("scenario[{i}].{field}");
            match o {
                Override::Typhoon { wind_speed_m_s, rainfall_mm_per_h, l_multiplier } => {
                    range(at("wind_speed_m_s"), *wind_speed_m_s, 0.0, 100.0, &mut problems);
                    range(at("rainfall_mm_per_h"), *rainfall_mm_per_h, 0.0, 500.0, &mut problems);
                    multiplier(at("l_multiplier"), *l_multiplier, &mut problems);
                    let stations = devices_of("weather_station", None);
                    properties.push(PropertyOverride {
                        devices: stations.clone(),
                        property: "wind_speed".into(),
                        mode: PropertyMode::Set,
                        value: *wind_speed_m_s,
                    });
                    properties.push(PropertyOverride {
                        devices: stations,
                        property: "rainfall".into(),
                        mode: PropertyMode::Ramp,
                        value: *rainfall_mm_per_h,
                    });
                    let condition = json!({"compare": {"input": "wind_speed_m_s", "op": ">=", "value": GALE_M_S}});
                    extra.push(factor(
                        format!("sandbox.typhoon_wind.{i}"),
                        "台风大风（沙盘）",
                        condition,
                        outdoor(),
                        *l_multiplier,
                        1.0,
                    ));
                }
                Override::GridFluctuation { voltage_dip_pct, frequency_offset_hz, l_multiplier } => {
                    range(at("voltage_dip_pct"), *voltage_dip_pct, 0.0, 100.0, &mut problems);
                    range(at("frequency_offset_hz"), *frequency_offset_hz, -5.0, 5.0, &mut problems);
                    multiplier(at("l_multiplier"), *l_multiplier, &mut problems);
                    let meters = devices_of("power_quality_meter", None);
                    for phase in ["voltage_a", "voltage_b", "voltage_c"] {
                        properties.push(PropertyOverride {
                            devices: meters.clone(),
                            property: phase.into(),
                            mode: PropertyMode::Scale,
                            value: 1.0 - voltage_dip_pct / 100.0,
                        });
                    }
                    properties.push(PropertyOverride {
                        devices: meters,
                        property: "frequency".into(),
                        mode: PropertyMode::Offset,
                        value: *frequency_offset_hz,
                    });
                    let condition = json!({"any": [
                        {"compare": {"input": "voltage_deviation_pct", "op": ">=", "value": VOLTAGE_TOLERANCE_PCT}},
                        {"compare": {"input": "frequency_deviation_hz", "op": ">=", "value": FREQUENCY_TOLERANCE_HZ}}]});
                    let applies =
                        AppliesTo::Matching { categories: vec!["electrical".into()], tags: vec!["process".into()] };
                    extra.push(factor(
                        format!("sandbox.grid_disturbance.{i}"),
                        "电网电压/频率波动（沙盘）",
                        condition,
                        applies,
                        *l_multiplier,
                        1.0,
                    ));
                }
                Override::AgeingEquipment { categories, zone_ids: zones, l_multiplier } => {
                    multiplier(at("l_multiplier"), *l_multiplier, &mut problems);
                    for (j, z) in zones.iter().enumerate() {
                        if !zone_ids.contains(z) {
                            problems.push(Problem::new(at(&format!("zone_ids[{j}]")), "unknown_zone").arg("value", z));
                        }
                    }
                    let selected: Vec<Uuid> = data
                        .hazards
                        .iter()
                        .filter(|h| categories.is_empty() || categories.contains(&h.category))
                        .filter(|h| zones.is_empty() || zones.contains(&h.zone_id))
                        .map(|h| h.hazard_id)
                        .collect();
                    let t = tag(&mut hazards, &selected, i);
                    let applies = AppliesTo::Matching { categories: vec![], tags: vec![t] };
                    extra.push(factor(
                        format!("sandbox.ageing.{i}"),
                        "设备老化（沙盘）",
                        json!({"flag": {"input": FORCED_INPUT}}),
                        applies,
                        *l_multiplier,
                        1.0,
                    ));
                }
                Override::SetProperty { property, model, zone_id, mode, value } => {
                    if !PROPERTIES.contains(&property.as_str()) {
                        problems.push(
                            Problem::new(at("property"), "unknown_property")
                                .arg("value", property)
                                .arg("allowed", PROPERTIES.join(", ")),
                        );
                    }
                    if let Some(m) = model {
                        if !models.contains(m.as_str()) {
                            problems.push(Problem::new(at("model"), "unknown_model").arg("value", m));
                        }
                    }
                    if let Some(z) = zone_id {
                        if !zone_ids.contains(z) {
                            problems.push(Problem::new(at("zone_id"), "unknown_zone").arg("value", z));
                        }
                    }
                    if !value.is_finite() {
                        problems
                            .push(Problem::new(at("value"), "out_of_range").arg("min", f64::MIN).arg("max", f64::MAX));
                    }
                    let mut devices: Vec<Uuid> = data
                        .devices
                        .iter()
                        .filter(|(_, d)| model.as_ref().is_none_or(|m| &d.model == m))
                        .filter(|(_, d)| zone_id.is_none_or(|z| d.zone_id == Some(z)))
                        .map(|(id, _)| *id)
                        .collect();
                    devices.sort();
                    properties.push(PropertyOverride {
                        devices,
                        property: property.clone(),
                        mode: *mode,
                        value: *value,
                    });
                }
                Override::ForceFactor { factor: code } => match factors.iter_mut().find(|f| &f.id == code) {
                    Some(f) => f.condition = forced(),
                    None => problems.push(Problem::new(at("factor"), "unknown_factor").arg("value", code)),
                },
                Override::MultiplyHazards { hazard_ids: ids, l, e, c } => {
                    if ids.is_empty() {
                        problems.push(Problem::new(at("hazard_ids"), "empty"));
                    }
                    for (j, id) in ids.iter().enumerate() {
                        if !hazard_ids.contains_key(id) {
                            problems
                                .push(Problem::new(at(&format!("hazard_ids[{j}]")), "unknown_hazard").arg("value", id));
                        }
                    }
                    for (field, m) in [("l", *l), ("e", *e), ("c", *c)] {
                        multiplier(at(field), m, &mut problems);
                    }
                    if (*l > 1.0 && *e < 1.0) || (*l < 1.0 && *e > 1.0) {
                        problems.push(Problem::new(at("e"), "mixed_direction"));
                    }
                    if *l == 1.0 && *e == 1.0 && *c == 1.0 {
                        problems.push(Problem::new(at("l"), "no_effect"));
                    }
                    if *c != 1.0 && c.is_finite() && *c > 0.0 {
                        for h in hazards.iter_mut().filter(|h| ids.contains(&h.hazard_id)) {
                            if let Some(old) = h.consequence {
                                h.consequence = Some(nearest_c(old * c));
                            }
                        }
                    }
                    if *l != 1.0 || *e != 1.0 {
                        let t = tag(&mut hazards, ids, i);
                        let applies = AppliesTo::Matching { categories: vec![], tags: vec![t] };
                        let name = if *l < 1.0 || *e < 1.0 {
                            "风险点 L/E 调低（沙盘）"
                        } else {
                            "风险点 L/E 调高（沙盘）"
                        };
                        extra.push(factor(
                            format!("sandbox.multiply.{i}"),
                            name,
                            json!({"flag": {"input": FORCED_INPUT}}),
                            applies,
                            *l,
                            *e,
                        ));
                    }
                }
            }
        }
        factors.extend(extra);

        // The measure, on top of the scenario.
        let measure = &request.measure;
        if measure.hazards.is_empty() && measure.factors_off.is_empty() {
            problems.push(Problem::new("measure", "empty"));
        }
        if let Some(name) = &measure.name {
            if name.chars().count() > 100 {
                problems.push(Problem::new("measure.name", "too_long").arg("max", 100));
            }
        }
        for (field, n) in
            [("measure.hazards", measure.hazards.len()), ("measure.factors_off", measure.factors_off.len())]
        {
            if n > MAX_MEASURE_ITEMS {
                problems.push(Problem::new(field, "too_many").arg("max", MAX_MEASURE_ITEMS));
            }
        }
        let mut measured_hazards = hazards.clone();
        let mut measured_factors = factors.clone();
        for (j, change) in measure.hazards.iter().enumerate() {
            let at = |field: &str| format!("measure.hazards[{j}].{field}");
            if measure.hazards[..j].iter().any(|c| c.hazard_id == change.hazard_id) {
                problems.push(Problem::new(at("hazard_id"), "duplicate").arg("value", change.hazard_id));
                continue;
            }
            let Some(h) = measured_hazards.iter_mut().find(|h| h.hazard_id == change.hazard_id) else {
                problems.push(Problem::new(at("hazard_id"), "unknown_hazard").arg("value", change.hazard_id));
                continue;
            };
            let nothing = change.likelihood.is_none()
                && change.exposure.is_none()
                && change.consequence.is_none()
                && change.severity.is_none();
            if nothing {
                problems.push(Problem::new(at("hazard_id"), "no_effect"));
            }
            match h.method.as_deref() {
                Some("lec") => {
                    if change.severity.is_some() {
                        problems.push(Problem::new(at("severity"), "not_for_method").arg("value", "lec"));
                    }
                    let l = change.likelihood.or(h.likelihood).unwrap_or(f64::NAN);
                    let e = change.exposure.or(h.exposure).unwrap_or(f64::NAN);
                    let c = change.consequence.or(h.consequence).unwrap_or(f64::NAN);
                    match Lec::validate(l, e, c) {
                        Ok(_) => {
                            (h.likelihood, h.exposure, h.consequence) = (Some(l), Some(e), Some(c));
                        }
                        Err(errors) => {
                            for err in errors {
                                let field = match err.path.as_str() {
                                    "l" => "likelihood",
                                    "e" => "exposure",
                                    _ => "consequence",
                                };
                                let mut p = Problem::new(at(field), "not_in_scale");
                                if let Some((_, allowed)) = err.params.iter().find(|(n, _)| n.as_str() == "allowed") {
                                    p = p.arg("allowed", allowed);
                                }
                                problems.push(p);
                            }
                        }
                    }
                }
                Some("ls") => {
                    for (field, v) in [("exposure", change.exposure), ("consequence", change.consequence)] {
                        if v.is_some() {
                            problems.push(Problem::new(at(field), "not_for_method").arg("value", "ls"));
                        }
                    }
                    for (field, v) in [("likelihood", change.likelihood), ("severity", change.severity)] {
                        if let Some(v) = v {
                            if !(1.0..=5.0).contains(&v) || v.fract() != 0.0 {
                                problems.push(Problem::new(at(field), "not_in_scale").arg("allowed", "1, 2, 3, 4, 5"));
                            }
                        }
                    }
                    h.likelihood = change.likelihood.or(h.likelihood);
                    h.severity = change.severity.or(h.severity);
                }
                _ => problems.push(Problem::new(at("hazard_id"), "hazard_unassessed").arg("value", &h.code)),
            }
        }
        for (j, code) in measure.factors_off.iter().enumerate() {
            let before = measured_factors.len();
            measured_factors.retain(|f| &f.id != code);
            if measured_factors.len() == before {
                problems.push(Problem::new(format!("measure.factors_off[{j}]"), "unknown_factor").arg("value", code));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Plan {
            from: request.from,
            step,
            steps,
            properties,
            scenario: (hazards, factors),
            measured: (measured_hazards, measured_factors),
        })
    }

    /// The time of step `k`.
    pub fn at(&self, k: usize) -> DateTime<Utc> {
        self.from + self.step * k as i32
    }

    /// Applies the property overrides to the recorded minute averages of `data` (as loaded for one step).
    pub fn apply_properties(&self, data: &mut SiteData) {
        let n = crate::gather::HISTORY_MINUTES as usize;
        let end_minute = data.at.timestamp().div_euclid(60);
        let start_minute = self.from.timestamp().div_euclid(60);
        for o in &self.properties {
            for device in &o.devices {
                let key = (*device, o.property.clone());
                if o.mode == PropertyMode::Set {
                    data.minutes.insert(key, vec![Some(o.value); n]);
                    continue;
                }
                let Some(values) = data.minutes.get_mut(&key) else { continue };
                for (i, v) in values.iter_mut().enumerate() {
                    let Some(x) = v else { continue };
                    let minute = end_minute - (n - 1 - i) as i64;
                    *x = match o.mode {
                        PropertyMode::Offset => *x + o.value,
                        PropertyMode::Scale => *x * o.value,
                        PropertyMode::Ramp => *x + o.value / 60.0 * (minute - start_minute) as f64,
                        PropertyMode::Set => o.value,
                    };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_factors_are_valid_definitions() {
        let data_factor = |o: Override| {
            let data = SiteData {
                tenant_id: Uuid::nil(),
                site_id: Uuid::nil(),
                at: Utc::now(),
                utc_offset_secs: 0,
                zones: vec![],
                hazards: vec![],
                devices: HashMap::new(),
                minutes: HashMap::new(),
                agv_states: vec![],
                alarms: vec![],
                work: vec![],
                limits: HashMap::new(),
                settings: Default::default(),
                factors: vec![],
                rules: vec![],
                model: None,
                open_paths: vec![],
                skipped: vec![],
            };
            let now = Utc::now();
            let request = SandboxRequest {
                name: None,
                from: now - chrono::Duration::hours(1),
                to: now,
                step_secs: None,
                scenario: vec![o],
                measure: Measure { factors_off: vec![], hazards: vec![], name: None },
            };
            let limits = Limits { now, history_days: 90, max_steps: 1000, default_step_secs: 60 };
            // The measure is empty, so the plan is refused; the scenario's factors are checked on their own.
            match Plan::new(&data, &request, &limits) {
                Err(p) => assert_eq!(p.iter().map(|p| p.field.as_str()).collect::<Vec<_>>(), ["measure"]),
                Ok(_) => panic!("an empty measure must be refused"),
            }
        };
        for o in [
            Override::Typhoon { wind_speed_m_s: 30.0, rainfall_mm_per_h: 40.0, l_multiplier: 2.0 },
            Override::GridFluctuation { voltage_dip_pct: 10.0, frequency_offset_hz: -0.3, l_multiplier: 2.0 },
            Override::AgeingEquipment { categories: vec![], zone_ids: vec![], l_multiplier: 3.0 },
        ] {
            data_factor(o);
        }
        for f in [
            factor(
                "a".into(),
                "x",
                json!({"compare": {"input": "wind_speed_m_s", "op": ">=", "value": GALE_M_S}}),
                AppliesTo::All,
                2.0,
                1.0,
            ),
            factor(
                "b".into(),
                "x",
                json!({"any": [
                {"compare": {"input": "voltage_deviation_pct", "op": ">=", "value": VOLTAGE_TOLERANCE_PCT}},
                {"compare": {"input": "frequency_deviation_hz", "op": ">=", "value": FREQUENCY_TOLERANCE_HZ}}]}),
                AppliesTo::All,
                2.0,
                1.0,
            ),
        ] {
            assert_ne!(f.condition, forced(), "the literal condition must parse");
            f.validate().unwrap();
        }
    }

    #[test]
    fn nearest_consequence_step() {
        assert_eq!(nearest_c(15.0 * 2.0), 40.0);
        assert_eq!(nearest_c(7.0 * 0.5), 3.0);
        assert_eq!(nearest_c(100.0 * 3.0), 100.0);
    }
}

//! The risk sandbox: what-if runs of the cycle over a window of recorded history, with scenario overrides,
//! comparing the scenario alone with the scenario plus a proposed control measure on the same inputs.
//!
//! Each step loads the recorded inputs as of its time through the live cycle's own code
//! (`gather::load_recorded`, `inputs::zone_inputs`, the predictor, `assess::assess_site`), so a replayed
//! moment is assessed exactly as the cycle assessed it, plus the overrides ([`scenario`]).
//!
//! Never live: the whole run reads in one READ ONLY transaction (PostgreSQL then refuses any write and any
//! NOTIFY), nothing is broadcast, and rule instructions are only listed in the result. Person names in the
//! result are replaced by per-run pseudonyms ([`mask`]). The caller stores the result.

pub mod mask;
pub mod presets;
pub mod scenario;

use crate::assess::{assess_site, CycleOutcome};
use crate::cycle::predict;
use crate::gather::{self, SiteData};
use crate::inputs::zone_inputs;
use crate::predictor::Likelihood;
use foresight_risk::condition::Value as Input;
use foresight_risk::rules::Action;
use foresight_store::{pool, Scope};
use mask::Masker;
use scenario::{Limits, Plan, Problem, SandboxRequest, FORCED_INPUT};
use serde_json::{json, Value};
use sqlx::{PgConnection, PgPool};
use std::collections::{BTreeMap, HashSet};
use uuid::Uuid;

/// Most steps of one run. Measured on the demo plant (docs/RISK.md, "Sandbox"): a step costs about the
/// time of one live cycle's load plus two assessments, so this bounds a run to a couple of minutes on a
/// 2-core machine.
pub const MAX_STEPS: usize = 1440;
/// Most rule instructions listed per variant (a rule that fires all window long lists its rising edges).
const MAX_INSTRUCTIONS: usize = 200;

/// Loads the site's definitions and checks `request` against them, in the caller's transaction.
pub async fn check(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    site_id: Uuid,
    request: &SandboxRequest,
    limits: &Limits,
) -> Result<Result<Plan, Vec<Problem>>, sqlx::Error> {
    let data = gather::load_definitions(conn, tenant_id, site_id).await?;
    Ok(Plan::new(&data, request, limits))
}

/// One variant's per-zone accumulation.
#[derive(Debug, Default)]
struct Track {
    values: Vec<f64>,
    grades: Vec<String>,
    peak: Option<(usize, foresight_store::zone_risk::ZoneRisk)>,
    orange_steps: usize,
    red_steps: usize,
}

impl Track {
    fn push(&mut self, k: usize, row: &foresight_store::zone_risk::ZoneRisk) {
        self.values.push(row.value);
        self.grades.push(row.grade.clone());
        match row.grade.as_str() {
            "orange" => self.orange_steps += 1,
            "red" => self.red_steps += 1,
            _ => {}
        }
        if self.peak.as_ref().is_none_or(|(_, p)| row.value > p.value) {
            self.peak = Some((k, row.clone()));
        }
    }
}

/// One variant of the run: its hazards and factors, per-zone tracks, open rule edges and instructions.
struct Variant {
    hazards: Vec<gather::HazardRow>,
    factors: Vec<foresight_risk::factors::Factor>,
    tracks: BTreeMap<Uuid, Track>,
    firing: HashSet<(Uuid, usize, String)>,
    instructions: Vec<Value>,
}

impl Variant {
    fn new((hazards, factors): (Vec<gather::HazardRow>, Vec<foresight_risk::factors::Factor>)) -> Variant {
        Variant { hazards, factors, tracks: BTreeMap::new(), firing: HashSet::new(), instructions: Vec::new() }
    }

    /// Assesses `data` (recorded inputs of one step) with this variant's hazards and factors.
    fn assess(
        &mut self,
        data: &mut SiteData,
        live: &[crate::inputs::ZoneLive],
        likelihoods: &[Option<f64>],
    ) -> CycleOutcome {
        std::mem::swap(&mut data.hazards, &mut self.hazards);
        std::mem::swap(&mut data.factors, &mut self.factors);
        let outcome = assess_site(data, live, likelihoods);
        std::mem::swap(&mut data.hazards, &mut self.hazards);
        std::mem::swap(&mut data.factors, &mut self.factors);
        outcome
    }

    fn record(&mut self, k: usize, data: &SiteData, outcome: &CycleOutcome) {
        for row in &outcome.rows {
            self.tracks.entry(row.zone_id).or_default().push(k, row);
        }
        // Rising edges of rule firings: what the live cycle would have queued as instructions.
        let now: HashSet<(Uuid, usize, String)> =
            outcome.firings.iter().map(|f| (f.zone_id, f.rule, f.path.clone())).collect();
        let mut instructed = HashSet::new();
        for f in &outcome.firings {
            let key = (f.zone_id, f.rule, f.path.clone());
            let rule_was_firing = self.firing.iter().any(|(z, r, _)| *z == f.zone_id && *r == f.rule);
            if self.firing.contains(&key) || rule_was_firing || !instructed.insert((f.zone_id, f.rule)) {
                continue;
            }
            let rule = &data.rules[f.rule];
            for action in &rule.rule.actions {
                if let Action::Instruct { channel, message_zh, message_en } = action {
                    if self.instructions.len() < MAX_INSTRUCTIONS {
                        self.instructions.push(json!({
                            "at": data.at, "zone_id": f.zone_id, "rule": rule.rule.id, "path": f.path,
                            "channel": channel, "message_zh": message_zh, "message_en": message_en,
                        }));
                    }
                }
            }
        }
        self.firing = now;
    }

    fn zone_json(&self, zone_id: Uuid, step_secs: i64, data: &SiteData, names: &BTreeMap<Uuid, String>) -> Value {
        let Some(track) = self.tracks.get(&zone_id) else { return Value::Null };
        let peak = track.peak.as_ref().map(|(k, row)| {
            let hazards: Vec<Value> = self
                .hazards
                .iter()
                .filter(|h| h.zone_id == zone_id)
                .map(|h| {
                    json!({
                        "hazard_id": h.hazard_id, "code": h.code, "name": h.name, "category": h.category,
                        "method": h.method, "likelihood": h.likelihood, "exposure": h.exposure,
                        "consequence": h.consequence, "severity": h.severity,
                        "responsible": h.responsible_user_id.and_then(|u| names.get(&u)),
                    })
                })
                .collect();
            json!({
                "step": k, "at": row.at, "value": row.value, "grade": row.grade,
                "baseline_value": row.baseline_value, "contributions": row.contributions,
                "factors": row.inputs["factors"], "rules": row.inputs["rules"], "hazards": hazards,
            })
        });
        let _ = data;
        json!({
            "values": track.values,
            "grades": track.grades,
            "peak": peak,
            "seconds_orange": track.orange_steps as i64 * step_secs,
            "seconds_red": track.red_steps as i64 * step_secs,
        })
    }
}

/// Runs the sandbox for `request` on `site_id` as a caller of `tenant_id` with `scope` sees it. Returns
/// the (masked) result, or the request's problems when it no longer fits the site (definitions changed
/// since it was accepted).
pub async fn run(
    db: &PgPool,
    tenant_id: Uuid,
    scope: &Scope,
    site_id: Uuid,
    request: &SandboxRequest,
    limits: &Limits,
    predictor: &dyn Likelihood,
) -> anyhow::Result<Result<Value, Vec<Problem>>> {
    let mut tx = pool::begin_tenant(db, tenant_id, scope).await?;
    // Read only: PostgreSQL itself refuses any write or NOTIFY from here on, whatever the code below does.
    sqlx::query("SET TRANSACTION READ ONLY").execute(&mut *tx).await?;
    let mut data = gather::load_definitions(&mut tx, tenant_id, site_id).await?;
    let plan = match Plan::new(&data, request, limits) {
        Ok(plan) => plan,
        Err(problems) => return Ok(Err(problems)),
    };
    let mut masker = Masker::default();
    let users: Vec<(Uuid, String, String)> =
        sqlx::query_as("SELECT user_id, display_name, username FROM app_user").fetch_all(&mut *tx).await?;
    let mut names = BTreeMap::new();
    for (id, display, username) in &users {
        masker.person(&id.to_string(), display);
        masker.person(&id.to_string(), username);
        names.insert(*id, display.clone());
    }
    for d in data.devices.values() {
        masker.device(&d.model, &d.name);
    }

    let mut scenario = Variant::new(plan.scenario.clone());
    let mut measured = Variant::new(plan.measured.clone());
    let mut times = Vec::with_capacity(plan.steps);
    for k in 0..plan.steps {
        let at = plan.at(k);
        gather::load_recorded(&mut tx, &mut data, at).await?;
        plan.apply_properties(&mut data);
        let mut live = zone_inputs(&data);
        for zone in &mut live {
            zone.snapshot.set(FORCED_INPUT, Input::Flag(true));
        }
        // One prediction per step for both variants: a measure changes the register, not the inputs.
        let likelihoods = predict(predictor, &live);
        let a = scenario.assess(&mut data, &live, &likelihoods);
        scenario.record(k, &data, &a);
        let b = measured.assess(&mut data, &live, &likelihoods);
        measured.record(k, &data, &b);
        times.push(at);
    }
    tx.rollback().await?;

    let step_secs = plan.step.num_seconds();
    let zones: Vec<Value> = data
        .zones
        .iter()
        .map(|z| {
            json!({
                "zone_id": z.zone_id, "code": z.code, "name": z.name,
                "scenario": scenario.zone_json(z.zone_id, step_secs, &data, &names),
                "measure": measured.zone_json(z.zone_id, step_secs, &data, &names),
            })
        })
        .collect();
    let mut result = json!({
        "from": request.from, "to": plan.at(plan.steps.saturating_sub(1)), "step_secs": step_secs,
        "steps": plan.steps, "at": times,
        "measure_name": request.measure.name,
        "zones": zones,
        "instructions": {"scenario": scenario.instructions, "measure": measured.instructions},
        "skipped_definitions": data.skipped,
    });
    masker.json(&mut result);
    Ok(Ok(result))
}

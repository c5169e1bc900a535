//! One site's cycle, the pure part: factors and rules on each zone's snapshot, the learned-normal
//! deviation, the predictor's likelihood, then fusion and Shapley explanations per zone
//! (`foresight_risk::cycle::assess_zone`). Produces the rows to store and the rule edges to act on.

use crate::gather::{HazardRow, SiteData};
use crate::inputs::{normal_sample, ZoneLive};
use foresight_risk::factors::{active_factors, ActiveFactor};
use foresight_risk::fusion::{HazardBasis, RegisterHazard, Signal, SignalKind};
use foresight_risk::rules::{factor_adjustments, Action, Firing, RuleSet};
use foresight_risk::{assess_zone, FusionConfig, Lec, ZoneInputs};
use foresight_store::zone_risk::ZoneRisk;
use serde_json::json;
use std::collections::{BTreeMap, HashSet};
use uuid::Uuid;

/// The deviation score below which the learned normal adds no evidence: the score is not zero-based (its
/// median on normal data is about 0.6, docs/RISK.md), so only flagged samples (above the control limit,
/// 1.0) count.
pub const DEVIATION_FLOOR: f64 = 1.0;

/// A rule firing in a zone this cycle (rising edges are found against the stored open events).
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneFiring {
    pub zone_id: Uuid,
    /// Index into [`SiteData::rules`].
    pub rule: usize,
    /// The path it opens, or "" for a rule that opens none (the event then only tracks the edge).
    pub path: String,
}

#[derive(Debug, Clone, Default)]
pub struct CycleOutcome {
    pub rows: Vec<ZoneRisk>,
    pub firings: Vec<ZoneFiring>,
    /// Snapshot JSON per zone (for path events).
    pub snapshots: BTreeMap<Uuid, serde_json::Value>,
}

/// The basis of an assessed hazard, or None when it is not assessed (or its stored values are off-scale).
pub fn basis(h: &HazardRow, data: &SiteData) -> Option<HazardBasis> {
    match (h.method.as_deref(), h.likelihood, h.exposure, h.consequence, h.severity) {
        (Some("lec"), Some(l), Some(e), Some(c), _) => Lec::new(l, e, c).ok().map(HazardBasis::Lec),
        (Some("ls"), Some(l), _, _, Some(s)) => {
            let r = (l * s).round().clamp(1.0, 25.0) as u8;
            Some(HazardBasis::Value(data.settings.ls_bands.value(r)))
        }
        _ => None,
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Assesses every zone of the site. `likelihoods` is one entry per zone of `live` (None = prior).
pub fn assess_site(data: &SiteData, live: &[ZoneLive], likelihoods: &[Option<f64>]) -> CycleOutcome {
    let config = FusionConfig { mapping: data.settings.mapping, ..FusionConfig::default() };
    let rules = RuleSet::new(data.rules.iter().map(|r| r.rule.clone()).collect());
    let zone_by_code: BTreeMap<&str, Uuid> = data.zones.iter().map(|z| (z.code.as_str(), z.zone_id)).collect();

    // Rules first, over every zone: a rule may open a path in another zone (by code).
    let mut firings = Vec::new();
    let mut fired: Vec<Vec<Firing<'_>>> = Vec::with_capacity(live.len());
    for zone in live {
        let zone_firings = rules.evaluate(&zone.snapshot);
        for firing in &zone_firings {
            let index = data.rules.iter().position(|r| r.rule.id == firing.rule_id).unwrap_or(0);
            let mut opened = false;
            for action in firing.actions {
                if let Action::OpenRiskPath { path, zone: target } = action {
                    let target = match target {
                        Some(code) => zone_by_code.get(code.as_str()).copied(),
                        None => Some(zone.zone_id),
                    };
                    if let Some(zone_id) = target {
                        firings.push(ZoneFiring { zone_id, rule: index, path: path.clone() });
                        opened = true;
                    }
                }
            }
            if !opened {
                firings.push(ZoneFiring { zone_id: zone.zone_id, rule: index, path: String::new() });
            }
        }
        fired.push(zone_firings);
    }
    let mut seen = HashSet::new();
    firings.retain(|f| seen.insert((f.zone_id, f.rule, f.path.clone())));

    // The learned normal: one site-wide score, attributed to the zones whose devices the model watches.
    let deviation = data.model.as_ref().and_then(|m| {
        let sample = normal_sample(data, &m.variables)?;
        let d = m.model.score(&sample).ok()?;
        let zones: HashSet<Uuid> = m
            .variables
            .iter()
            .filter_map(|v| {
                let code = v.rsplit_once('.')?.0;
                data.devices.values().find(|d| d.code == code)?.zone_id
            })
            .collect();
        let top: Vec<String> = d.top_contributors(&m.model, 3).into_iter().map(|(v, _)| v.to_owned()).collect();
        Some((d.score, zones, top, m.version))
    });

    let mut outcome = CycleOutcome { firings: Vec::new(), ..CycleOutcome::default() };
    for ((zone, zone_firings), likelihood) in live.iter().zip(&fired).zip(likelihoods) {
        let intensity = factor_adjustments(zone_firings);
        let active: Vec<ActiveFactor> = active_factors(&data.factors, &zone.snapshot, &intensity);
        let hazards: Vec<(&HazardRow, HazardBasis)> = data
            .hazards
            .iter()
            .filter(|h| h.zone_id == zone.zone_id)
            .filter_map(|h| Some((h, basis(h, data)?)))
            .collect();
        let register: Vec<RegisterHazard<'_>> =
            hazards.iter().map(|(h, b)| RegisterHazard { category: &h.category, tags: &h.tags, basis: *b }).collect();
        let number = |name: &str| zone.snapshot.number(name).unwrap_or(0.0);
        let paths_open = firings.iter().filter(|f| f.zone_id == zone.zone_id && !f.path.is_empty()).count();
        let zone_deviation = match &deviation {
            Some((score, zones, _, _)) if zones.contains(&zone.zone_id) && *score > DEVIATION_FLOOR => *score,
            _ => 0.0,
        };
        let likelihood = likelihood.unwrap_or(config.likelihood_prior);
        let signals = vec![
            Signal::new("alarms_critical", SignalKind::AlarmsCritical, number("alarms_critical")),
            Signal::new("alarms_major", SignalKind::AlarmsMajor, number("alarms_major")),
            Signal::new("alarms_minor", SignalKind::AlarmsMinor, number("alarms_minor")),
            Signal::new("deviation", SignalKind::Deviation, zone_deviation),
            Signal::new("incident_likelihood", SignalKind::Likelihood, likelihood),
            Signal::new("risk_paths_open", SignalKind::RiskPaths, paths_open as f64),
        ];
        let inputs = ZoneInputs::from_register(&register, &active, signals);
        let assessment = assess_zone(&inputs, &config);

        let label = |name: &str| -> (String, &'static str) {
            match active.iter().find(|f| f.id == name) {
                Some(f) => (f.name.clone(), "factor"),
                None => (name.to_owned(), "signal"),
            }
        };
        let mut contributions: Vec<(String, f64)> =
            assessment.contributions.iter().filter(|(_, v)| *v != 0.0).cloned().collect();
        contributions.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        let contributions: Vec<serde_json::Value> = contributions
            .iter()
            .map(|(name, value)| {
                let (text, kind) = label(name);
                json!({"input": name, "label": text, "kind": kind, "value": round3(*value)})
            })
            .collect();
        let snapshot = serde_json::to_value(&zone.snapshot).unwrap_or_default();
        let rule_codes: Vec<&str> = zone_firings.iter().map(|f| f.rule_id).collect();
        let paths: Vec<&str> = firings
            .iter()
            .filter(|f| f.zone_id == zone.zone_id && !f.path.is_empty())
            .map(|f| f.path.as_str())
            .collect();
        let inputs_json = json!({
            "snapshot": snapshot,
            "factors": active.iter().map(|f| json!({
                "id": f.id, "name": f.name, "intensity": round3(f.intensity), "effect": f.effect,
                "applies_to": f.applies_to,
            })).collect::<Vec<_>>(),
            "rules": rule_codes,
            "paths": paths,
            "signals": {
                "deviation": round3(zone_deviation),
                "incident_likelihood": round3(likelihood),
                "likelihood_predicted": likelihoods.is_empty() || likelihood != config.likelihood_prior,
                "risk_paths_open": paths_open,
            },
            "deviation_model": deviation.as_ref().map(|(score, _, top, version)| json!({
                "version": version, "score": round3(*score), "top": top,
            })),
            "hazards_assessed": hazards.len(),
        });
        outcome.snapshots.insert(zone.zone_id, snapshot);
        outcome.rows.push(ZoneRisk {
            zone_id: zone.zone_id,
            site_id: data.site_id,
            at: data.at,
            value: round3(assessment.value),
            grade: grade_text(&assessment.grade),
            value_grade: grade_text(&assessment.value_grade),
            baseline_value: round3(assessment.baseline_value),
            contributions: serde_json::Value::Array(contributions),
            inputs: inputs_json,
        });
    }
    outcome.firings = firings;
    outcome
}

/// The snake_case name of a grade (`unassessed`, `blue`, ...).
pub fn grade_text<T: serde::Serialize>(grade: &T) -> String {
    serde_json::to_value(grade).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

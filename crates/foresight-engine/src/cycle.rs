//! One site's cycle with its IO: lock the site, load, assess, store the rows, act on rule edges (open and
//! close risk paths, queue instructions), commit. Everything of a cycle commits together or not at all.

use crate::assess::{assess_site, CycleOutcome};
use crate::gather;
use crate::inputs::zone_inputs;
use crate::predictor::Likelihood;
use chrono::{DateTime, Utc};
use foresight_risk::rules::Action;
use foresight_store::zone_risk::{self, NewInstruction, NewPath};
use foresight_store::{pool, Scope};
use sqlx::PgPool;
use uuid::Uuid;

/// A finished cycle of one site, as announced to listeners (the heat map's stream).
#[derive(Debug, Clone, PartialEq)]
pub struct CycleEvent {
    pub tenant_id: Uuid,
    pub site_id: Uuid,
    pub at: DateTime<Utc>,
    pub zones: usize,
}

/// Why a site was not assessed this time (not an error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skipped {
    /// Another node holds the site's lock.
    Locked,
    /// Another node assessed the site less than half an interval ago.
    Recent,
}

/// Runs one site's cycle at `at`. With `min_gap` set, a site assessed more recently than that is skipped
/// (several nodes whose timers are not aligned then still assess each site once per interval).
pub async fn run_site(
    db: &PgPool,
    tenant_id: Uuid,
    site_id: Uuid,
    at: DateTime<Utc>,
    predictor: &dyn Likelihood,
    min_gap: Option<chrono::Duration>,
) -> anyhow::Result<Result<(CycleEvent, CycleOutcome), Skipped>> {
    let mut tx = pool::begin_tenant(db, tenant_id, &Scope::AllZones).await?;
    // Transaction-scoped, so a crashed node never leaves a site locked. The key is per site.
    let locked: bool =
        sqlx::query_scalar("SELECT pg_try_advisory_xact_lock(hashtextextended('foresight.risk:' || $1::text, 0))")
            .bind(site_id)
            .fetch_one(&mut *tx)
            .await?;
    if !locked {
        return Ok(Err(Skipped::Locked));
    }
    if let Some(gap) = min_gap {
        let last: Option<DateTime<Utc>> =
            sqlx::query_scalar("SELECT max(at) FROM zone_risk WHERE site_id = $1 AND at > $2")
                .bind(site_id)
                .bind(at - gap)
                .fetch_one(&mut *tx)
                .await?;
        if last.is_some() {
            return Ok(Err(Skipped::Recent));
        }
    }
    let data = gather::load(&mut tx, tenant_id, site_id, at).await?;
    if !data.skipped.is_empty() {
        tracing::warn!(site = %site_id, skipped = ?data.skipped, "definitions that no longer parse were skipped");
    }
    let live = zone_inputs(&data);
    // The site's own uploaded model replaces the default predictor (models are per site or tenant-wide).
    let uploaded = crate::site_predictor::for_site(&mut tx, site_id).await?;
    let predictor = uploaded.as_ref().map_or(predictor, |u| u.likelihood());
    let likelihoods = predict(predictor, &live);
    let mut outcome = assess_site(&data, &live, &likelihoods);
    if let Some(u) = &uploaded {
        u.annotate(&mut outcome.rows);
    }
    zone_risk::insert(&mut tx, tenant_id, &outcome.rows).await?;

    // Rising edges: a firing without an open event opens one (and its rule's instructions are queued, once
    // per rule and zone); open events whose firing stopped are closed.
    let null = serde_json::Value::Null;
    let mut instructed = std::collections::HashSet::new();
    for firing in &outcome.firings {
        let rule = &data.rules[firing.rule];
        let already = data
            .open_paths
            .iter()
            .any(|p| p.zone_id == firing.zone_id && p.expert_rule_id == rule.id && p.path == firing.path);
        if already {
            continue;
        }
        let new = NewPath {
            site_id,
            zone_id: firing.zone_id,
            expert_rule_id: rule.id,
            rule_version: rule.version,
            path: &firing.path,
            at,
            snapshot: outcome.snapshots.get(&firing.zone_id).unwrap_or(&null),
        };
        let opened = zone_risk::open_path(&mut tx, tenant_id, &new).await?;
        let rule_was_firing =
            data.open_paths.iter().any(|p| p.zone_id == firing.zone_id && p.expert_rule_id == rule.id);
        if opened && !rule_was_firing && instructed.insert((firing.zone_id, rule.id)) {
            for action in &rule.rule.actions {
                if let Action::Instruct { channel, message_zh, message_en } = action {
                    let instruction = NewInstruction {
                        site_id,
                        zone_id: firing.zone_id,
                        expert_rule_id: rule.id,
                        rule_version: rule.version,
                        channel: serde_json::to_value(channel)?,
                        message_zh,
                        message_en,
                        at,
                    };
                    zone_risk::enqueue_instruction(&mut tx, tenant_id, &instruction).await?;
                }
            }
        }
    }
    let ended: Vec<Uuid> = data
        .open_paths
        .iter()
        .filter(|p| {
            !outcome
                .firings
                .iter()
                .any(|f| f.zone_id == p.zone_id && data.rules[f.rule].id == p.expert_rule_id && f.path == p.path)
        })
        .map(|p| p.risk_path_event_id)
        .collect();
    zone_risk::close_paths(&mut tx, &ended, at).await?;
    tx.commit().await?;
    let event = CycleEvent { tenant_id, site_id, at, zones: outcome.rows.len() };
    Ok(Ok((event, outcome)))
}

/// Runs the predictor; on a multi-threaded runtime the worker thread is handed over while it computes
/// (a site with 1,000 zones takes a few hundred milliseconds of CPU).
pub(crate) fn predict(predictor: &dyn Likelihood, live: &[crate::inputs::ZoneLive]) -> Vec<Option<f64>> {
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(|| predictor.predict(live)),
        _ => predictor.predict(live),
    }
}

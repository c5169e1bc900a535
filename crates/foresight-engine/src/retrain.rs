//! Scheduled retraining of learned-normal models (`normal_model_schedule`): when a site's schedule is due,
//! train a new version from the last `window_days` of history, keep it, and decide whether it goes live.
//!
//! Why a guard: a plant drifting slowly (the very thing the model exists to catch) would, if retrained on
//! the drift and activated blindly, teach the model that the drift is normal. So with `auto_activate` on, a
//! new version is activated only when (1) the currently active model, on the same variables, flags at most
//! [`GUARD_RECENT_FLAG_RATE`] of the newest [`GUARD_RECENT_MINUTES`] minutes of the window, and (2) the new
//! model's own held-out flag rate is at most [`GUARD_HOLDOUT_FLAG_RATE`]. Otherwise the version is stored
//! inactive as `held_for_review` with the reason, for an engineer to look at and activate by hand. With
//! `auto_activate` off (the default), every new version waits for a person.
//!
//! Each due schedule runs once across nodes (its row is claimed FOR UPDATE SKIP LOCKED in the tenant's own
//! transaction); missed runs while the service was down collapse into one.

use crate::training::{load_samples, TrainProblem};
use chrono::{DateTime, Duration, Utc};
use foresight_risk::normal::{Monitor, NormalConfig, NormalModel};
use foresight_store::audit::{self, Actor, Change};
use foresight_store::normal_model_schedules::{self as schedules, NormalModelSchedule, RunRecord};
use foresight_store::normal_models::{self, NewNormalModel};
use foresight_store::{pool, Scope};
use serde_json::json;
use sqlx::{PgConnection, PgPool};
use tokio::sync::watch;
use uuid::Uuid;

/// How often the worker looks for due schedules.
pub const CHECK_INTERVAL: std::time::Duration = std::time::Duration::from_secs(60);
/// The guard's part of the window: the newest day of complete minutes.
pub const GUARD_RECENT_MINUTES: usize = 1440;
/// Most of that part the active model may flag for a new version to go live on its own (normal data is
/// flagged well under 0.1 %; see the learned-normal evaluation in BENCHMARKS.md).
pub const GUARD_RECENT_FLAG_RATE: f64 = 0.05;
/// Most of its own held-out samples a new version may flag to go live on its own.
pub const GUARD_HOLDOUT_FLAG_RATE: f64 = 0.02;
/// Minutes before the guard's part fed to the monitor first, so its smoothing has settled.
const GUARD_WARM_UP_MINUTES: usize = 120;

/// What one scheduled run did.
#[derive(Debug, Clone, PartialEq)]
pub struct RetrainReport {
    pub tenant_id: Uuid,
    pub site_id: Uuid,
    /// `activated`, `trained`, `held_for_review` or `refused` (as stored in `last_outcome`).
    pub outcome: &'static str,
    pub model_id: Option<Uuid>,
    pub version: Option<i32>,
    /// `{"code": ..., "detail": ...}` for `refused` and `held_for_review`.
    pub problem: Option<serde_json::Value>,
}

/// The first run time after `at` on the schedule's grid (missed runs are not repeated).
pub fn next_after(scheduled: DateTime<Utc>, every_days: i32, at: DateTime<Utc>) -> DateTime<Utc> {
    let every = Duration::days(i64::from(every_days.max(1)));
    let mut next = scheduled + every;
    if next <= at {
        let behind = (at - next).num_seconds() / every.num_seconds() + 1;
        next += every * behind as i32;
    }
    next
}

/// Share of `samples`' newest [`GUARD_RECENT_MINUTES`] that `model` flags (monitor with its run rule, warmed
/// up on the minutes before).
pub fn recent_flag_rate(model: &NormalModel, samples: &[Vec<f64>]) -> f64 {
    let recent = samples.len().min(GUARD_RECENT_MINUTES);
    let start = samples.len() - recent;
    let mut monitor = Monitor::new(model);
    let mut flagged = 0usize;
    for (i, sample) in samples.iter().enumerate().skip(start.saturating_sub(GUARD_WARM_UP_MINUTES)) {
        match monitor.update(model, sample) {
            Ok(deviation) if i >= start && deviation.flagged => flagged += 1,
            Ok(_) => {}
            // Same variables, so this is a non-finite value: count it as abnormal.
            Err(_) if i >= start => flagged += 1,
            Err(_) => {}
        }
    }
    if recent == 0 {
        0.0
    } else {
        flagged as f64 / recent as f64
    }
}

/// Why a new version may not go live on its own, if it may not.
async fn guard(
    conn: &mut PgConnection,
    site_id: Uuid,
    variables: &[String],
    samples: &[Vec<f64>],
    new_model: &NormalModel,
) -> Result<Option<serde_json::Value>, sqlx::Error> {
    let holdout = new_model.training().holdout_flag_rate;
    if holdout > GUARD_HOLDOUT_FLAG_RATE {
        return Ok(Some(
            json!({"code": "holdout_flag_rate_high", "detail": {"rate": holdout, "max": GUARD_HOLDOUT_FLAG_RATE}}),
        ));
    }
    let Some((_, version, active_variables, json)) = normal_models::active(conn, site_id).await? else {
        return Ok(None);
    };
    if active_variables != variables {
        return Ok(Some(json!({"code": "variables_changed", "detail": {"active_version": version}})));
    }
    let Ok(active) = serde_json::from_value::<NormalModel>(json) else {
        // The active version no longer loads: nothing to compare with, and the new one is better than none.
        return Ok(None);
    };
    let rate = recent_flag_rate(&active, samples);
    Ok((rate > GUARD_RECENT_FLAG_RATE).then(|| {
        json!({"code": "recent_data_abnormal", "detail": {"active_version": version, "rate": rate, "max": GUARD_RECENT_FLAG_RATE}})
    }))
}

fn problem_json(problem: &TrainProblem) -> serde_json::Value {
    let detail = match problem {
        TrainProblem::UnknownVariable { variable, .. } => json!({ "variable": variable }),
        TrainProblem::NotEnoughData { got, need } => json!({ "got": got, "need": need }),
        TrainProblem::Train(e) => json!({ "reason": e.code() }),
    };
    json!({ "code": problem.code(), "detail": detail })
}

/// Runs the site's schedule if it is due at `at` and nobody else is running it; None otherwise.
pub async fn retrain_site(
    db: &PgPool,
    tenant_id: Uuid,
    site_id: Uuid,
    at: DateTime<Utc>,
) -> anyhow::Result<Option<RetrainReport>> {
    let mut tx = pool::begin_tenant(db, tenant_id, &Scope::AllZones).await?;
    let Some(schedule) = schedules::claim_due(&mut tx, site_id, at).await? else { return Ok(None) };
    let actor = Actor::system("normal model schedule");
    let from = at - Duration::days(i64::from(schedule.window_days));
    let mut report =
        RetrainReport { tenant_id, site_id, outcome: "refused", model_id: None, version: None, problem: None };
    match train(&mut tx, &schedule, from, at).await? {
        Err(problem) => report.problem = Some(problem_json(&problem)),
        Ok((samples, model)) => {
            let version = model.version() as i32;
            let new = NewNormalModel {
                site_id,
                version,
                variables: schedule.variables.clone(),
                model: serde_json::to_value(&model)?,
                window_start: from,
                window_end: at,
                trained_by: None,
            };
            let mut stored = normal_models::create(&mut tx, tenant_id, &new).await?;
            let change = Change {
                action: "normal_model.train",
                target_kind: "normal_model",
                target_id: Some(stored.normal_model_id.to_string()),
                before: None,
                after: Some(serde_json::to_value(&stored)?),
            };
            audit::append(&mut tx, tenant_id, &actor, change, None).await?;
            report.model_id = Some(stored.normal_model_id);
            report.version = Some(version);
            report.outcome = "trained";
            if schedule.auto_activate {
                match guard(&mut tx, site_id, &schedule.variables, &samples, &model).await? {
                    Some(problem) => {
                        report.outcome = "held_for_review";
                        report.problem = Some(problem);
                    }
                    None => {
                        let before = serde_json::to_value(&stored)?;
                        if let Some(active) = normal_models::activate(&mut tx, stored.normal_model_id).await? {
                            stored = active;
                        }
                        let change = Change {
                            action: "normal_model.activate",
                            target_kind: "normal_model",
                            target_id: Some(stored.normal_model_id.to_string()),
                            before: Some(before),
                            after: Some(serde_json::to_value(&stored)?),
                        };
                        audit::append(&mut tx, tenant_id, &actor, change, None).await?;
                        report.outcome = "activated";
                    }
                }
            }
        }
    }
    let record = RunRecord {
        ran_at: at,
        next_run_at: next_after(schedule.next_run_at, schedule.every_days, at),
        outcome: report.outcome,
        problem: report.problem.clone(),
        model_id: report.model_id,
    };
    let after = schedules::record_run(&mut tx, site_id, &record).await?;
    let change = Change {
        action: "normal_model_schedule.run",
        target_kind: "normal_model_schedule",
        target_id: Some(site_id.to_string()),
        before: Some(serde_json::to_value(&schedule)?),
        after: Some(serde_json::to_value(&after)?),
    };
    audit::append(&mut tx, tenant_id, &actor, change, None).await?;
    tx.commit().await?;
    Ok(Some(report))
}

/// Loads the window and trains a version numbered after the site's last.
async fn train(
    conn: &mut PgConnection,
    schedule: &NormalModelSchedule,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Result<(Vec<Vec<f64>>, NormalModel), TrainProblem>, sqlx::Error> {
    let samples = match load_samples(conn, schedule.site_id, &schedule.variables, from, to).await? {
        Ok(samples) => samples,
        Err(problem) => return Ok(Err(problem)),
    };
    let need = crate::training::min_samples(schedule.variables.len());
    if samples.len() < need {
        return Ok(Err(TrainProblem::NotEnoughData { got: samples.len(), need }));
    }
    let version = normal_models::next_version(conn, schedule.site_id).await?;
    let config = NormalConfig { version: version as u32, ..NormalConfig::default() };
    Ok(NormalModel::train(&samples, &schedule.variables, config).map(|m| (samples, m)).map_err(TrainProblem::Train))
}

/// Runs every schedule due at `at`; one site's failure does not stop the others.
pub async fn retrain_due(db: &PgPool, at: DateTime<Utc>) -> anyhow::Result<Vec<RetrainReport>> {
    let due = {
        let mut conn = db.acquire().await?;
        schedules::due(&mut conn, at).await?
    };
    let mut reports = Vec::new();
    for (tenant_id, site_id) in due {
        match retrain_site(db, tenant_id, site_id, at).await {
            Ok(Some(report)) => {
                tracing::info!(site = %site_id, outcome = report.outcome, version = ?report.version, "scheduled normal-model retraining");
                reports.push(report);
            }
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(site = %site_id, error = %e, "scheduled normal-model retraining failed; retrying later")
            }
        }
    }
    Ok(reports)
}

/// The worker in `foresight serve`: looks for due schedules every [`CHECK_INTERVAL`] until `stop` turns true.
pub async fn run(db: PgPool, mut stop: watch::Receiver<bool>) {
    let mut interval = tokio::time::interval(CHECK_INTERVAL);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = interval.tick() => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            break;
        }
        if let Err(e) = retrain_due(&db, Utc::now()).await {
            tracing::warn!(error = %e, "looking for due normal-model schedules failed; retrying later");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn next_run_stays_on_the_grid_and_skips_missed_runs() {
        let scheduled = Utc.with_ymd_and_hms(2026, 1, 1, 2, 0, 0).unwrap();
        let day = Duration::days(1);
        assert_eq!(next_after(scheduled, 7, scheduled), scheduled + day * 7);
        assert_eq!(next_after(scheduled, 7, scheduled + Duration::hours(3)), scheduled + day * 7);
        // Down for 20 days: the next run is the first grid point after now, not three catch-ups.
        assert_eq!(next_after(scheduled, 7, scheduled + day * 20), scheduled + day * 21);
        assert_eq!(next_after(scheduled, 7, scheduled + day * 21), scheduled + day * 28);
    }
}

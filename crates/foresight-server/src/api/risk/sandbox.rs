//! The risk sandbox: start a what-if run over a site's recorded history (checked at once, computed in the
//! background: a run of the maximum length takes minutes), list and read runs, and the scenario catalogue.
//! Runs never raise live alerts: the engine computes them in a read-only transaction and this module stores
//! only the `sandbox_run` row.

use crate::api::{page_request, CommonErrors};
use crate::app::AppState;
use crate::authz::{change, perm, Authorized};
use crate::error::{ApiError, FieldIssue};
use crate::extract::{Json, Path, Query};
use crate::i18n::Msg;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use foresight_engine::sandbox::scenario::{Limits, Problem, SandboxRequest};
use foresight_engine::sandbox::{self, presets, MAX_STEPS};
use foresight_engine::{EngineConfig, NoPredictor};
use foresight_store::sandbox_runs::{self, NewSandboxRun, SandboxRun, SandboxRunSummary};
use foresight_store::{pool, Scope};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use std::sync::LazyLock;
use tokio::sync::Semaphore;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_sandbox_run))
        .routes(routes!(list_sandbox_runs))
        .routes(routes!(get_sandbox_run))
        .routes(routes!(sandbox_presets))
}

/// Runs computed at once per node: a run keeps one core busy, and live cycles must keep theirs.
static RUNS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(1));
/// A run is stopped (failed, `timeout`) after this long.
const MAX_RUN: std::time::Duration = std::time::Duration::from_secs(600);
/// Unfinished runs one tenant may have at once (the rest is refused with 409 until they finish).
const MAX_UNFINISHED_PER_TENANT: i64 = 5;

crate::api::page_type!(SandboxRunPage, SandboxRunSummary);

fn limits() -> Limits {
    let config = EngineConfig::from_env();
    Limits {
        now: Utc::now(),
        history_days: config.history_days,
        max_steps: MAX_STEPS,
        default_step_secs: config.interval.as_secs().clamp(15, 3600) as u32,
    }
}

fn msg(code: &str) -> Msg {
    match code {
        "not_before" => Msg::FieldNotBefore,
        "out_of_range" => Msg::FieldOutOfRange,
        "too_long" => Msg::FieldTooLong,
        "too_many" => Msg::RiskTooMany,
        "duplicate" => Msg::RiskDuplicate,
        "mixed_direction" => Msg::RiskMixedDirection,
        "unknown_factor" => Msg::RiskUnknownFactor,
        "unknown_hazard" => Msg::SandboxUnknownHazard,
        "unknown_zone" => Msg::SandboxUnknownZone,
        "unknown_property" => Msg::SandboxUnknownProperty,
        "unknown_model" => Msg::SandboxUnknownModel,
        "too_many_steps" => Msg::SandboxTooManySteps,
        "in_future" => Msg::SandboxInFuture,
        "beyond_history" => Msg::SandboxBeyondHistory,
        "not_in_scale" => Msg::SandboxNotInScale,
        "not_for_method" => Msg::SandboxNotForMethod,
        "hazard_unassessed" => Msg::SandboxHazardUnassessed,
        "no_effect" => Msg::SandboxNoEffect,
        "empty" => Msg::SandboxEmpty,
        _ => Msg::DetailInvalidParameter,
    }
}

fn issues(problems: Vec<Problem>) -> Vec<FieldIssue> {
    problems
        .into_iter()
        .map(|p| {
            let mut issue = FieldIssue::new(p.field, p.code, msg(p.code));
            issue.args = p.args;
            issue
        })
        .collect()
}

async fn site_visible<P>(auth: &mut Authorized<P>, site_id: Uuid) -> Result<(), ApiError> {
    let found: Option<i32> =
        sqlx::query_scalar("SELECT 1 FROM site WHERE site_id = $1").bind(site_id).fetch_optional(&mut *auth.tx).await?;
    found.map(|_| ()).ok_or(ApiError::NotFound)
}

/// Start a what-if run over the site's recorded history: the scenario alone and the scenario with the
/// proposed control measure, side by side. The request is checked at once (422 listing every problem);
/// the run is computed in the background: poll `GET /sandbox-runs/{sandbox_run_id}` until `done` or
/// `failed`. At most 1,440 steps; the window must lie within the retained history and not in the future.
#[utoipa::path(post, path = "/sites/{site_id}/sandbox-runs", tag = "risk", request_body = SandboxRequest,
    params(("site_id" = Uuid, Path)),
    responses((status = 202, body = SandboxRun), CommonErrors,
        (status = 409, description = "Too many unfinished runs of the tenant", body = crate::error::Problem,
            content_type = "application/problem+json")),
    security(("bearer" = [])))]
async fn create_sandbox_run(
    State(state): State<AppState>,
    mut auth: Authorized<perm::RiskConfigure>,
    Path(site_id): Path<Uuid>,
    Json(body): Json<SandboxRequest>,
) -> Result<(StatusCode, axum::Json<SandboxRun>), ApiError> {
    site_visible(&mut auth, site_id).await?;
    let limits = limits();
    let plan = match sandbox::check(&mut auth.tx, auth.caller.tenant_id, site_id, &body, &limits).await? {
        Ok(plan) => plan,
        Err(problems) => return Err(ApiError::Validation(issues(problems))),
    };
    let unfinished: i64 = sqlx::query_scalar("SELECT count(*) FROM sandbox_run WHERE status IN ('queued', 'running')")
        .fetch_one(&mut *auth.tx)
        .await?;
    if unfinished >= MAX_UNFINISHED_PER_TENANT {
        return Err(ApiError::Conflict {
            msg: Msg::SandboxBusy,
            args: vec![("max", MAX_UNFINISHED_PER_TENANT.to_string())],
            issues: vec![],
        });
    }
    let request = serde_json::to_value(&body).map_err(|e| ApiError::Internal(e.into()))?;
    let new = NewSandboxRun {
        site_id,
        name: body.name.as_deref().unwrap_or(""),
        request,
        steps: plan.steps as i32,
        window_start: body.from,
        window_end: body.to,
        created_by: auth.caller.user_id,
    };
    let run = sandbox_runs::create(&mut auth.tx, auth.caller.tenant_id, &new).await?;
    let id = run.summary.sandbox_run_id;
    auth.audit(change("sandbox_run.create", "sandbox_run", id, None, Some(&run.summary))).await?;
    let tenant_id = auth.caller.tenant_id;
    let scope = Scope::from(auth.caller.authority.zone_scope());
    auth.commit().await?;
    // After the commit, so the job always finds its row.
    tokio::spawn(execute(state.db.clone(), tenant_id, scope, id, site_id, body, limits));
    Ok((StatusCode::ACCEPTED, axum::Json(run)))
}

/// Computes one run and stores its outcome. Failures are stored, never lost in a log only.
async fn execute(
    db: PgPool,
    tenant_id: Uuid,
    scope: Scope,
    id: Uuid,
    site_id: Uuid,
    request: SandboxRequest,
    limits: Limits,
) {
    let Ok(_permit) = RUNS.acquire().await else { return };
    let outcome = async {
        let mut tx = pool::begin_tenant(&db, tenant_id, &scope).await?;
        let started = sandbox_runs::start(&mut tx, id).await?;
        tx.commit().await?;
        if !started {
            return Ok(None);
        }
        let began = std::time::Instant::now();
        let run = sandbox::run(&db, tenant_id, &scope, site_id, &request, &limits, &NoPredictor);
        let outcome = match tokio::time::timeout(MAX_RUN, run).await {
            Ok(Ok(Ok(result))) => Ok(result),
            Ok(Ok(Err(problems))) => {
                let problems: Vec<_> = problems
                    .iter()
                    .map(|p| serde_json::json!({"field": p.field, "code": p.code, "args": p.args.iter().map(|(n, v)| (n.to_string(), v.clone())).collect::<std::collections::BTreeMap<_, _>>()}))
                    .collect();
                Err(serde_json::json!({"code": "request_no_longer_valid", "problems": problems}))
            }
            Ok(Err(e)) => {
                tracing::warn!(run = %id, error = %e, "sandbox run failed");
                Err(serde_json::json!({"code": "internal"}))
            }
            Err(_) => Err(serde_json::json!({"code": "timeout", "max_secs": MAX_RUN.as_secs()})),
        };
        tracing::info!(run = %id, ms = began.elapsed().as_millis() as u64, ok = outcome.is_ok(), "sandbox run");
        let mut tx = pool::begin_tenant(&db, tenant_id, &scope).await?;
        sandbox_runs::finish(&mut tx, id, outcome.as_ref()).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(Some(()))
    };
    if let Err(e) = outcome.await {
        tracing::warn!(run = %id, error = %e, "sandbox run could not be recorded");
    }
}

/// A run left `queued` or `running` by a node that stopped reads as failed (`interrupted`).
fn present(mut run: SandboxRun) -> SandboxRun {
    let now = Utc::now();
    let stale = match run.summary.status.as_str() {
        "running" => {
            let limit = Duration::seconds(2 * MAX_RUN.as_secs() as i64);
            run.summary.started_at.is_some_and(|t| now - t > limit)
        }
        "queued" => now - run.summary.created_at > Duration::hours(6),
        _ => false,
    };
    if stale {
        run.summary.status = "failed".into();
        run.error = Some(serde_json::json!({"code": "interrupted"}));
    }
    run
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Queued,
    Running,
    Done,
    Failed,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SandboxRunQuery {
    /// Page number from 1.
    page: Option<i64>,
    /// Items per page, 1 to 200 (default 50).
    per_page: Option<i64>,
    /// created_at (default, newest first with `-created_at`), name, status.
    sort: Option<String>,
    site_id: Option<Uuid>,
    #[param(inline)]
    status: Option<RunStatus>,
}

/// Sandbox runs of the tenant (without their results), newest first.
#[utoipa::path(get, path = "/sandbox-runs", tag = "risk", params(SandboxRunQuery),
    responses((status = 200, body = SandboxRunPage), CommonErrors), security(("bearer" = [])))]
async fn list_sandbox_runs(
    mut auth: Authorized<perm::HazardRead>,
    Query(q): Query<SandboxRunQuery>,
) -> Result<axum::Json<SandboxRunPage>, ApiError> {
    let page = page_request(
        q.page,
        q.per_page,
        q.sort.as_deref(),
        &[("created_at", "created_at"), ("name", "name"), ("status", "status")],
        ("created_at", true),
    )?;
    let status = q.status.map(|s| match s {
        RunStatus::Queued => "queued",
        RunStatus::Running => "running",
        RunStatus::Done => "done",
        RunStatus::Failed => "failed",
    });
    let found = sandbox_runs::list(&mut auth.tx, q.site_id, status, &page).await?;
    auth.commit().await?;
    Ok(axum::Json(SandboxRunPage::new(found, &page)))
}

/// A run with its request and, when done, its result: per zone the series of value and grade of both
/// variants (`scenario`, `measure`) at the times in `at`, the peak with its Shapley contributions and the
/// zone's hazards, and the time in orange and red. Person names are pseudonyms (人员-1, ...). A zone-scoped
/// caller sees only the zones of his scope.
#[utoipa::path(get, path = "/sandbox-runs/{sandbox_run_id}", tag = "risk", params(("sandbox_run_id" = Uuid, Path)),
    responses((status = 200, body = SandboxRun), CommonErrors), security(("bearer" = [])))]
async fn get_sandbox_run(
    mut auth: Authorized<perm::HazardRead>,
    Path(id): Path<Uuid>,
) -> Result<axum::Json<SandboxRun>, ApiError> {
    let mut run = sandbox_runs::get(&mut auth.tx, id).await?.ok_or(ApiError::NotFound)?;
    if let Some(zones) = run.result.as_mut().and_then(|r| r.get_mut("zones")).and_then(|z| z.as_array_mut()) {
        // The zone table's policy applies the caller's scope.
        let visible: Vec<Uuid> = sqlx::query_scalar("SELECT zone_id FROM zone WHERE site_id = $1")
            .bind(run.summary.site_id)
            .fetch_all(&mut *auth.tx)
            .await?;
        zones.retain(|z| {
            z["zone_id"].as_str().and_then(|s| s.parse::<Uuid>().ok()).is_some_and(|id| visible.contains(&id))
        });
    }
    auth.commit().await?;
    Ok(axum::Json(present(run)))
}

/// The scenario catalogue: each override kind with zh-CN/en labels and its parameters (type, unit,
/// default, range), for building a scenario.
#[utoipa::path(get, path = "/sandbox-presets", tag = "risk",
    responses((status = 200, body = Vec<presets::Preset>), CommonErrors), security(("bearer" = [])))]
async fn sandbox_presets(auth: Authorized<perm::HazardRead>) -> Result<axum::Json<Vec<presets::Preset>>, ApiError> {
    auth.commit().await?;
    Ok(axum::Json(presets::catalogue()))
}

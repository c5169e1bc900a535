//! Alarm rules evaluated as readings are written: in the writer's transaction, so a rule's timers
//! (its `RuleState`) and the alarms it raises commit with the readings that moved them, and a
//! restart resumes exactly where the last commit left off. A periodic tick lets stale-data, hold
//! and escalation timers fire when no reading arrives.

use crate::pipeline::Prepared;
use foresight_telemetry::reading::Value;
use foresight_telemetry::rules::{evaluate, AlarmRule, AlarmTransition, Input, RuleState};
use sqlx::{PgConnection, PgPool};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

const RELOAD_AFTER: Duration = Duration::from_secs(3);

/// A rule as evaluation needs it.
#[derive(Debug)]
pub struct LoadedRule {
    pub alarm_rule_id: Uuid,
    pub version: i32,
    pub thing_model_identifier: Option<String>,
    pub device_id: Option<Uuid>,
    pub rule: AlarmRule,
}

/// A tenant's enabled rules and when they were loaded.
type TenantRules = (Instant, Arc<Vec<LoadedRule>>);
/// A stored rule row: id, version, thing model identifier, device, definition.
type RuleRow = (Uuid, i32, Option<String>, Option<Uuid>, serde_json::Value);
/// One device's samples in a batch: its zone, thing model identifier and readings by instant.
type DeviceSamples = (Option<Uuid>, String, Timeline);

/// Enabled rules per tenant, reloaded every few seconds so edits take effect quickly.
#[derive(Debug, Default)]
pub struct RuleBook {
    tenants: Mutex<HashMap<Uuid, TenantRules>>,
}

impl RuleBook {
    pub async fn rules(&self, pool: &PgPool, tenant_id: Uuid) -> Result<Arc<Vec<LoadedRule>>, sqlx::Error> {
        if let Some((at, rules)) = self.tenants.lock().unwrap_or_else(|e| e.into_inner()).get(&tenant_id) {
            if at.elapsed() < RELOAD_AFTER {
                return Ok(rules.clone());
            }
        }
        let rows: Vec<RuleRow> = sqlx::query_as(
            "SELECT alarm_rule_id, version, thing_model_identifier, device_id, definition FROM alarm_rule \
             WHERE tenant_id = $1 AND enabled",
        )
        .bind(tenant_id)
        .fetch_all(pool)
        .await?;
        let rules: Vec<LoadedRule> = rows
            .into_iter()
            .filter_map(|(alarm_rule_id, version, thing_model_identifier, device_id, definition)| {
                match serde_json::from_value(definition) {
                    Ok(rule) => Some(LoadedRule { alarm_rule_id, version, thing_model_identifier, device_id, rule }),
                    Err(e) => {
                        tracing::error!(%alarm_rule_id, error = %e, "stored alarm rule does not parse; skipped");
                        None
                    }
                }
            })
            .collect();
        let rules = Arc::new(rules);
        self.tenants.lock().unwrap_or_else(|e| e.into_inner()).insert(tenant_id, (Instant::now(), rules.clone()));
        Ok(rules)
    }
}

/// Samples of one device grouped by instant, numeric values only (rules compare numbers).
type Timeline = BTreeMap<i64, Vec<(String, f64)>>;

/// Evaluates every enabled rule that watches a device with readings in these batches.
pub async fn evaluate_batches(
    tx: &mut PgConnection,
    book: &RuleBook,
    pool: &PgPool,
    batches: &[&Prepared],
) -> Result<usize, sqlx::Error> {
    // The tenants' rules first (cached): a tenant without rules costs no per-reading work.
    let mut tenant_rules: BTreeMap<Uuid, Arc<Vec<LoadedRule>>> = BTreeMap::new();
    for batch in batches {
        let tenant_id = batch.gateway.tenant_id;
        if !batch.accepted.is_empty() && !tenant_rules.contains_key(&tenant_id) {
            tenant_rules.insert(tenant_id, book.rules(pool, tenant_id).await?);
        }
    }
    // Ordered maps: every transaction locks rule states in the same (tenant, device, rule) order, so
    // two writers (HTTP and MQTT, or two nodes) cannot deadlock on them.
    let mut per_tenant: BTreeMap<Uuid, BTreeMap<Uuid, DeviceSamples>> = BTreeMap::new();
    for batch in batches {
        if tenant_rules.get(&batch.gateway.tenant_id).is_none_or(|rules| rules.is_empty()) {
            continue;
        }
        for a in &batch.accepted {
            let Value::Number(x) = a.value else { continue };
            let devices = per_tenant.entry(batch.gateway.tenant_id).or_default();
            let entry = devices
                .entry(a.device_id)
                .or_insert_with(|| (a.device.zone_id, a.device.model.identifier.clone(), Timeline::new()));
            entry.2.entry(a.ts_ms).or_default().push((a.property.clone(), x));
        }
    }
    let mut transitions = 0;
    for (tenant_id, devices) in per_tenant {
        let Some(rules) = tenant_rules.get(&tenant_id) else { continue };
        for (device_id, (zone_id, model_identifier, timeline)) in devices {
            let mut watching: Vec<&LoadedRule> = rules
                .iter()
                .filter(|r| {
                    r.device_id == Some(device_id)
                        || r.thing_model_identifier.as_deref() == Some(model_identifier.as_str())
                })
                .collect();
            watching.sort_by_key(|r| r.alarm_rule_id);
            for rule in watching {
                let Some(mut state) = load_state(tx, tenant_id, rule, device_id, Lock::Wait).await? else { continue };
                let mut found = Vec::new();
                for (at, values) in &timeline {
                    let refs: Vec<(&str, f64)> = values.iter().map(|(p, v)| (p.as_str(), *v)).collect();
                    found.extend(evaluate(&rule.rule, &mut state, Input::Samples { at: *at, values: &refs }));
                }
                transitions += found.len();
                apply(tx, tenant_id, rule, device_id, zone_id, &found).await?;
                save_state(tx, tenant_id, rule, device_id, &state).await?;
            }
        }
    }
    Ok(transitions)
}

/// Advances every stored rule state to `at` (platform time minus the lateness allowed to data), so
/// stale, hold and escalation timers fire without new readings. One short transaction per tenant; a
/// state a writer holds right now is skipped, since that writer is advancing it anyway.
pub async fn tick(pool: &PgPool, book: &RuleBook, at: i64) -> Result<usize, sqlx::Error> {
    let pairs: Vec<(Uuid, Uuid, Uuid, Option<Uuid>)> = sqlx::query_as(
        "SELECT s.tenant_id, s.device_id, s.alarm_rule_id, d.zone_id FROM alarm_rule_state s \
         JOIN device d ON d.tenant_id = s.tenant_id AND d.device_id = s.device_id ORDER BY 1, 2, 3",
    )
    .fetch_all(pool)
    .await?;
    let mut transitions = 0;
    for chunk in pairs.chunk_by(|a, b| a.0 == b.0) {
        let tenant_id = chunk[0].0;
        let rules = book.rules(pool, tenant_id).await?;
        let mut tx = pool.begin().await?;
        for (_, device_id, rule_id, zone_id) in chunk {
            let Some(rule) = rules.iter().find(|r| r.alarm_rule_id == *rule_id) else { continue };
            let Some(mut state) = load_state(&mut tx, tenant_id, rule, *device_id, Lock::SkipLocked).await? else {
                continue;
            };
            let found = evaluate(&rule.rule, &mut state, Input::Tick { at });
            if !found.is_empty() {
                transitions += found.len();
                apply(&mut tx, tenant_id, rule, *device_id, *zone_id, &found).await?;
            }
            save_state(&mut tx, tenant_id, rule, *device_id, &state).await?;
        }
        tx.commit().await?;
    }
    Ok(transitions)
}

/// How to treat a rule state another transaction holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lock {
    Wait,
    SkipLocked,
}

/// The stored state (a fresh one when there is none or it belongs to another rule version); None
/// when `lock` is SkipLocked and another transaction holds it.
async fn load_state(
    tx: &mut PgConnection,
    tenant_id: Uuid,
    rule: &LoadedRule,
    device_id: Uuid,
    lock: Lock,
) -> Result<Option<RuleState>, sqlx::Error> {
    let sql = match lock {
        Lock::Wait => {
            "SELECT rule_version, state FROM alarm_rule_state \
                       WHERE tenant_id = $1 AND alarm_rule_id = $2 AND device_id = $3 FOR UPDATE"
        }
        Lock::SkipLocked => {
            "SELECT rule_version, state FROM alarm_rule_state \
                             WHERE tenant_id = $1 AND alarm_rule_id = $2 AND device_id = $3 FOR UPDATE SKIP LOCKED"
        }
    };
    let stored: Option<(i32, serde_json::Value)> =
        sqlx::query_as(sql).bind(tenant_id).bind(rule.alarm_rule_id).bind(device_id).fetch_optional(&mut *tx).await?;
    if stored.is_none() && lock == Lock::SkipLocked {
        // Ticks only advance states that exist; a missing row here means a writer holds it.
        return Ok(None);
    }
    // State of another rule version meant other timers: start afresh.
    Ok(Some(
        stored
            .filter(|(version, _)| *version == rule.version)
            .and_then(|(_, state)| serde_json::from_value(state).ok())
            .unwrap_or_default(),
    ))
}

async fn save_state(
    tx: &mut PgConnection,
    tenant_id: Uuid,
    rule: &LoadedRule,
    device_id: Uuid,
    state: &RuleState,
) -> Result<(), sqlx::Error> {
    let json = serde_json::to_value(state).unwrap_or(serde_json::Value::Null);
    sqlx::query(
        "INSERT INTO alarm_rule_state (tenant_id, alarm_rule_id, device_id, rule_version, state) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (tenant_id, alarm_rule_id, device_id) DO UPDATE SET rule_version = excluded.rule_version, \
         state = excluded.state, updated_at = now()",
    )
    .bind(tenant_id)
    .bind(rule.alarm_rule_id)
    .bind(device_id)
    .bind(rule.version)
    .bind(json)
    .execute(tx)
    .await?;
    Ok(())
}

fn time(ms: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

async fn apply(
    tx: &mut PgConnection,
    tenant_id: Uuid,
    rule: &LoadedRule,
    device_id: Uuid,
    zone_id: Option<Uuid>,
    transitions: &[AlarmTransition],
) -> Result<(), sqlx::Error> {
    for t in transitions {
        match t {
            AlarmTransition::Raised { severity, at, value } => {
                sqlx::query(
                    "INSERT INTO alarm (tenant_id, alarm_id, alarm_rule_id, rule_version, device_id, zone_id, severity, status, raised_at, value) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $9)",
                )
                .bind(tenant_id)
                .bind(Uuid::now_v7())
                .bind(rule.alarm_rule_id)
                .bind(rule.version)
                .bind(device_id)
                .bind(zone_id)
                .bind(severity.as_str())
                .bind(time(*at))
                .bind(value)
                .execute(&mut *tx)
                .await?;
                // Other parts of the system (alerts, notifications) listen for alarms.
                sqlx::query("SELECT pg_notify('foresight_alarm', $1)")
                    .bind(serde_json::json!({"tenant_id": tenant_id, "alarm_rule_id": rule.alarm_rule_id, "device_id": device_id, "event": "raised"}).to_string())
                    .execute(&mut *tx)
                    .await?;
            }
            AlarmTransition::Escalated { to, at, .. } => {
                sqlx::query(
                    "UPDATE alarm SET severity = $4, escalated_at = $5, updated_at = now() \
                     WHERE tenant_id = $1 AND alarm_rule_id = $2 AND device_id = $3 AND status = 'active'",
                )
                .bind(tenant_id)
                .bind(rule.alarm_rule_id)
                .bind(device_id)
                .bind(to.as_str())
                .bind(time(*at))
                .execute(&mut *tx)
                .await?;
            }
            AlarmTransition::Cleared { at } => {
                sqlx::query(
                    "UPDATE alarm SET status = 'cleared', cleared_at = $4, updated_at = now() \
                     WHERE tenant_id = $1 AND alarm_rule_id = $2 AND device_id = $3 AND status = 'active'",
                )
                .bind(tenant_id)
                .bind(rule.alarm_rule_id)
                .bind(device_id)
                .bind(time(*at))
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    Ok(())
}

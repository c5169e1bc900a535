//! Storing prepared batches: one transaction for many batches (throughput), in which each batch's
//! idempotency key ([`crate::idempotency`]), its readings (binary COPY), their per-minute rollup,
//! the latest values, its device events (with their notifications) and its dead letters commit
//! together or not at all. A batch whose key is already stored is skipped whole: that is what makes
//! re-delivery (MQTT QoS 1 after a crash, an HTTP retry) store every reading exactly once.

use crate::copy::{self, ReadingRow, READING_COLUMNS};
use crate::directory::Directory;
use crate::pipeline::{Accepted, Prepared};
use crate::rollup::MinuteRollup;
use bytes::BytesMut;
use foresight_telemetry::reading::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use uuid::Uuid;

/// What happened to one batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub key: String,
    /// Readings stored.
    pub accepted: usize,
    /// Device events stored.
    pub events: usize,
    /// Readings, events and messages refused (dead letters).
    pub rejected: usize,
    /// The batch had been stored before; nothing was written this time.
    pub duplicate: bool,
}

/// Creates the daily partitions the readings fall into, once per process and day. Readings outside
/// any daily partition would still be stored (in the default partition), only less efficiently.
#[derive(Debug, Default)]
pub struct Partitions {
    known: std::sync::Mutex<BTreeSet<i64>>,
}

impl Partitions {
    pub async fn ensure(&self, pool: &sqlx::PgPool, batches: &[Prepared]) -> Result<(), sqlx::Error> {
        let days: BTreeSet<i64> =
            batches.iter().flat_map(|b| b.accepted.iter().map(|a| a.ts_ms.div_euclid(86_400_000))).collect();
        let missing: Vec<i64> = {
            let known = self.known.lock().unwrap_or_else(|e| e.into_inner());
            days.difference(&known).copied().collect()
        };
        for day in missing {
            let date = chrono::DateTime::from_timestamp(day * 86_400, 0).map(|t| t.date_naive()).unwrap_or_default();
            // Two writers may race to create the same day: the loser's error is harmless, and the
            // next batch tries again. Only a confirmed partition is remembered, so a day that failed
            // during an outage is created once the database is back.
            match sqlx::query("SELECT ensure_reading_partitions($1, 1)").bind(date).execute(pool).await {
                Ok(_) => {
                    self.known.lock().unwrap_or_else(|e| e.into_inner()).insert(day);
                }
                Err(e) => tracing::debug!(error = %e, %date, "partition not created this time"),
            }
        }
        Ok(())
    }
}

pub async fn write(directory: &Directory, batches: Vec<Prepared>) -> Result<Vec<Written>, sqlx::Error> {
    let result = write_once(directory, &batches).await;
    if result.is_err() {
        // Series created in the failed transaction were rolled back with it.
        directory.forget_series();
    }
    result
}

/// Claims every batch's idempotency key (see [`crate::idempotency`]) and returns each batch's
/// outcome and the batches stored for the first time.
async fn claim_keys<'a>(
    tx: &mut sqlx::PgConnection,
    batches: &'a [Prepared],
) -> Result<(Vec<Written>, Vec<&'a Prepared>), sqlx::Error> {
    let first = crate::idempotency::claim(tx, batches).await?;
    let mut outcomes = Vec::with_capacity(batches.len());
    let mut fresh = Vec::with_capacity(batches.len());
    for (batch, first) in batches.iter().zip(first) {
        outcomes.push(Written {
            key: batch.key.clone(),
            accepted: if first { batch.accepted.len() } else { 0 },
            events: if first { batch.events.len() } else { 0 },
            rejected: if first { batch.dead.len() } else { 0 },
            duplicate: !first,
        });
        if first {
            fresh.push(batch);
        }
    }
    Ok((outcomes, fresh))
}

async fn write_once(directory: &Directory, batches: &[Prepared]) -> Result<Vec<Written>, sqlx::Error> {
    let mut tx = directory.pool().begin().await?;
    let (outcomes, fresh) = claim_keys(&mut tx, batches).await?;

    // Rows per tenant, because series ids are resolved within a tenant.
    let mut by_tenant: HashMap<Uuid, Vec<&Prepared>> = HashMap::new();
    for batch in &fresh {
        by_tenant.entry(batch.gateway.tenant_id).or_default().push(batch);
    }
    let mut buf = BytesMut::with_capacity(64 * 1024);
    copy::header(&mut buf);
    let mut rows = 0usize;
    // BTreeMaps: rows are upserted in key order, so concurrent writers lock them in the same order.
    let mut latest: BTreeMap<i64, (Uuid, &Accepted)> = BTreeMap::new();
    let mut rollup = MinuteRollup::default();
    for (tenant_id, tenant_batches) in &by_tenant {
        // Each series once, however many readings it has in the group.
        let distinct: HashSet<(Uuid, &str)> =
            tenant_batches.iter().flat_map(|b| b.accepted.iter().map(|a| (a.device_id, a.property.as_str()))).collect();
        let wanted: Vec<(Uuid, String)> = distinct.iter().map(|(d, p)| (*d, p.to_string())).collect();
        let found = directory.series_ids(&mut tx, *tenant_id, &wanted).await?;
        let ids: HashMap<(Uuid, &str), i64> = found.iter().map(|((d, p), id)| ((*d, p.as_str()), *id)).collect();
        for accepted in tenant_batches.iter().flat_map(|b| b.accepted.iter()) {
            let Some(series_id) = ids.get(&(accepted.device_id, accepted.property.as_str())).copied() else { continue };
            let (value, text_value) = match &accepted.value {
                Value::Number(x) => (Some(*x), None),
                Value::Text(t) => (None, Some(t.clone())),
            };
            copy::encode(
                &mut buf,
                &ReadingRow {
                    tenant_id: *tenant_id,
                    series_id,
                    ts_ms: accepted.ts_ms,
                    source_ts_ms: accepted.source_ts_ms,
                    value,
                    text_value,
                },
            );
            rows += 1;
            rollup.add(*tenant_id, series_id, accepted.ts_ms, value);
            let newer = latest.get(&series_id).is_none_or(|l| l.1.ts_ms < accepted.ts_ms);
            if newer {
                latest.insert(series_id, (*tenant_id, accepted));
            }
        }
    }
    if rows > 0 {
        copy::trailer(&mut buf);
        let mut copy_in =
            tx.copy_in_raw(&format!("COPY reading ({READING_COLUMNS}) FROM STDIN WITH (FORMAT binary)")).await?;
        copy_in.send(buf.freeze()).await?;
        copy_in.finish().await?;
        rollup.store(&mut tx).await?;
        upsert_latest(&mut tx, latest).await?;
    }
    insert_events(&mut tx, &fresh).await?;
    insert_dead_letters(&mut tx, &fresh).await?;
    crate::alarms::evaluate_batches(&mut tx, &directory.rules, directory.pool(), &fresh).await?;
    // Once per gateway, with its latest offset: a group of one-reading messages comes from few gateways.
    let mut gateways: BTreeMap<(Uuid, Uuid), i64> = BTreeMap::new();
    for batch in &fresh {
        gateways.insert((batch.gateway.tenant_id, batch.gateway.gateway_id), batch.gateway.clock_offset_ms);
    }
    for ((tenant_id, gateway_id), offset) in gateways {
        sqlx::query(
            "UPDATE gateway SET last_seen_at = now(), clock_offset_ms = $3 WHERE tenant_id = $1 AND gateway_id = $2",
        )
        .bind(tenant_id)
        .bind(gateway_id)
        .bind(offset)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(outcomes)
}

async fn upsert_latest(
    tx: &mut sqlx::PgConnection,
    latest: BTreeMap<i64, (Uuid, &Accepted)>,
) -> Result<(), sqlx::Error> {
    let mut tenants = Vec::new();
    let mut series = Vec::new();
    let mut devices = Vec::new();
    let mut properties = Vec::new();
    let mut times = Vec::new();
    let mut values: Vec<Option<f64>> = Vec::new();
    let mut texts: Vec<Option<&str>> = Vec::new();
    for (series_id, (tenant, accepted)) in latest {
        tenants.push(tenant);
        series.push(series_id);
        devices.push(accepted.device_id);
        properties.push(accepted.property.as_str());
        times.push(chrono::DateTime::from_timestamp_millis(accepted.ts_ms).unwrap_or_default());
        match &accepted.value {
            Value::Number(x) => {
                values.push(Some(*x));
                texts.push(None);
            }
            Value::Text(t) => {
                values.push(None);
                texts.push(Some(t.as_str()));
            }
        }
    }
    sqlx::query(
        "INSERT INTO latest_value AS l (tenant_id, series_id, device_id, property, ts, value, text_value) \
         SELECT * FROM unnest($1::uuid[], $2::int8[], $3::uuid[], $4::text[], $5::timestamptz[], $6::float8[], $7::text[]) \
         ON CONFLICT (tenant_id, series_id) DO UPDATE SET ts = excluded.ts, value = excluded.value, \
           text_value = excluded.text_value, updated_at = now() WHERE l.ts < excluded.ts",
    )
    .bind(tenants)
    .bind(series)
    .bind(devices)
    .bind(properties)
    .bind(times)
    .bind(values)
    .bind(texts)
    .execute(tx)
    .await?;
    Ok(())
}

/// The channel on which every stored device event is announced (payload: [`EventNotice`] as JSON).
pub const DEVICE_EVENT_CHANNEL: &str = "foresight_device_event";

/// What a `foresight_device_event` notification carries: enough to route the event (tenant, zone,
/// severity) without reading it; the fields are in `device_event` under `event_id`. Kept well under
/// PostgreSQL's 8,000-byte payload limit.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EventNotice {
    pub tenant_id: Uuid,
    pub event_id: Uuid,
    pub device_id: Uuid,
    pub site_id: Uuid,
    pub zone_id: Option<Uuid>,
    pub identifier: String,
    pub severity: String,
    /// Platform time, ms since the Unix epoch.
    pub ts_ms: i64,
}

/// Inserts the batches' events and notifies `foresight_device_event` for each, in one statement. A
/// multi-row INSERT rather than COPY: events are rare, and this keeps the zone lookup in SQL. Site and
/// zone are copied from the device as it is now (not from the directory's cache, which may be seconds
/// old). NOTIFY is transactional: listeners hear of the events only if and when this transaction
/// commits, and a rolled-back write announces nothing.
async fn insert_events(tx: &mut sqlx::PgConnection, batches: &[&Prepared]) -> Result<(), sqlx::Error> {
    let mut tenants = Vec::new();
    let mut ids = Vec::new();
    let mut devices = Vec::new();
    let mut gateways = Vec::new();
    let mut identifiers = Vec::new();
    let mut severities = Vec::new();
    let mut times = Vec::new();
    let mut source_times = Vec::new();
    let mut fields = Vec::new();
    let mut unknown: Vec<Option<sqlx::types::Json<serde_json::Value>>> = Vec::new();
    for batch in batches {
        for e in &batch.events {
            tenants.push(batch.gateway.tenant_id);
            ids.push(Uuid::now_v7());
            devices.push(e.device_id);
            gateways.push(batch.gateway.gateway_id);
            identifiers.push(e.identifier.clone());
            severities.push(e.severity.as_str().to_string());
            times.push(chrono::DateTime::from_timestamp_millis(e.ts_ms).unwrap_or_default());
            source_times.push(chrono::DateTime::from_timestamp_millis(e.source_ts_ms).unwrap_or_default());
            fields.push(sqlx::types::Json(serde_json::Value::Object(e.fields.clone())));
            unknown.push(
                (!e.unknown_fields.is_empty())
                    .then(|| sqlx::types::Json(truncate(&serde_json::Value::Object(e.unknown_fields.clone())))),
            );
        }
    }
    if tenants.is_empty() {
        return Ok(());
    }
    // The data-modifying CTE runs to completion whether or not the outer query reads it; without
    // RETURNING the ingest role needs no SELECT on device_event.
    let sql = format!(
        "WITH src AS ( \
           SELECT u.*, d.site_id, d.zone_id FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], \
             $6::text[], $7::timestamptz[], $8::timestamptz[], $9::jsonb[], $10::jsonb[]) \
             AS u(tenant_id, event_id, device_id, gateway_id, identifier, severity, ts, source_ts, fields, unknown_fields) \
           JOIN device d ON d.tenant_id = u.tenant_id AND d.device_id = u.device_id), \
         ins AS ( \
           INSERT INTO device_event (tenant_id, event_id, device_id, site_id, zone_id, gateway_id, identifier, severity, \
             ts, source_ts, fields, unknown_fields) \
           SELECT tenant_id, event_id, device_id, site_id, zone_id, gateway_id, identifier, severity, ts, source_ts, \
             fields, unknown_fields FROM src) \
         SELECT pg_notify('{DEVICE_EVENT_CHANNEL}', json_build_object('tenant_id', tenant_id, 'event_id', event_id, \
           'device_id', device_id, 'site_id', site_id, 'zone_id', zone_id, 'identifier', identifier, \
           'severity', severity, 'ts_ms', (extract(epoch FROM ts) * 1000)::int8)::text) FROM src"
    );
    sqlx::query(&sql)
        .bind(tenants)
        .bind(ids)
        .bind(devices)
        .bind(gateways)
        .bind(identifiers)
        .bind(severities)
        .bind(times)
        .bind(source_times)
        .bind(fields)
        .bind(unknown)
        .execute(tx)
        .await?;
    Ok(())
}

async fn insert_dead_letters(tx: &mut sqlx::PgConnection, batches: &[&Prepared]) -> Result<(), sqlx::Error> {
    let mut tenants = Vec::new();
    let mut ids = Vec::new();
    let mut gateways = Vec::new();
    let mut reasons = Vec::new();
    let mut details = Vec::new();
    let mut devices: Vec<Option<String>> = Vec::new();
    let mut properties: Vec<Option<String>> = Vec::new();
    let mut payloads = Vec::new();
    for batch in batches {
        for dead in &batch.dead {
            tenants.push(batch.gateway.tenant_id);
            ids.push(Uuid::now_v7());
            gateways.push(batch.gateway.gateway_id);
            reasons.push(dead.reason.code().to_string());
            details.push(dead.detail.clone());
            devices.push(dead.device_code.clone());
            properties.push(dead.property.clone());
            payloads.push(sqlx::types::Json(truncate(&dead.payload)));
        }
    }
    if tenants.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO dead_letter (tenant_id, dead_letter_id, gateway_id, reason, detail, device_code, property, payload) \
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[])",
    )
    .bind(tenants)
    .bind(ids)
    .bind(gateways)
    .bind(reasons)
    .bind(details)
    .bind(devices)
    .bind(properties)
    .bind(payloads)
    .execute(tx)
    .await?;
    Ok(())
}

/// Dead letters keep enough to diagnose, not whole megabyte messages.
fn truncate(payload: &serde_json::Value) -> serde_json::Value {
    let text = payload.to_string();
    if text.len() <= 4096 {
        payload.clone()
    } else {
        serde_json::json!({"truncated": true, "start": text.chars().take(4000).collect::<String>()})
    }
}

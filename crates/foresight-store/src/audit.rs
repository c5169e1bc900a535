//! The append-only, hash-chained audit trail: appending, listing, and reading it back to verify.

use crate::list::{Page, PageRequest};
use chrono::{DateTime, Utc};
use foresight_core::audit_chain::{self, AuditContent, ChainBreak, ChainVerifier, StoredLink};
use serde::Serialize;
use serde_json::Value;
use sqlx::{PgConnection, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

/// Who did something: a person, an API key, or the system itself.
#[derive(Debug, Clone)]
pub struct Actor {
    pub kind: &'static str,
    pub id: Option<Uuid>,
    pub label: String,
}

impl Actor {
    pub fn system(label: &str) -> Actor {
        Actor { kind: "system", id: None, label: label.to_string() }
    }
}

/// One state change to record.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub action: &'a str,
    pub target_kind: &'a str,
    pub target_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Appends an event in the caller's transaction, so the change and its record commit together.
/// Locking the tenant's chain head serialises appends within a tenant (not across tenants).
pub async fn append(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    actor: &Actor,
    change: Change<'_>,
    request_id: Option<&str>,
) -> Result<i64, sqlx::Error> {
    sqlx::query("INSERT INTO audit_head (tenant_id, last_seq, last_hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING")
        .bind(tenant_id)
        .bind(audit_chain::GENESIS.as_slice())
        .execute(&mut *conn)
        .await?;
    let (last_seq, last_hash): (i64, Vec<u8>) =
        sqlx::query_as("SELECT last_seq, last_hash FROM audit_head WHERE tenant_id = $1 FOR UPDATE")
            .bind(tenant_id)
            .fetch_one(&mut *conn)
            .await?;
    let content = AuditContent {
        tenant_id,
        seq: last_seq + 1,
        occurred_at: audit_chain::storage_time(Utc::now()),
        actor_kind: actor.kind.to_string(),
        actor_id: actor.id,
        actor_label: actor.label.clone(),
        action: change.action.to_string(),
        target_kind: change.target_kind.to_string(),
        target_id: change.target_id,
        before: change.before,
        after: change.after,
        request_id: request_id.map(str::to_string),
    };
    let hash = audit_chain::link_hash(&last_hash, &content);
    sqlx::query(
        "INSERT INTO audit_event (tenant_id, seq, occurred_at, actor_kind, actor_id, actor_label, action, target_kind, \
         target_id, before, after, request_id, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(tenant_id)
    .bind(content.seq)
    .bind(content.occurred_at)
    .bind(&content.actor_kind)
    .bind(content.actor_id)
    .bind(&content.actor_label)
    .bind(&content.action)
    .bind(&content.target_kind)
    .bind(&content.target_id)
    .bind(&content.before)
    .bind(&content.after)
    .bind(&content.request_id)
    .bind(last_hash.as_slice())
    .bind(hash.as_slice())
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE audit_head SET last_seq = $2, last_hash = $3, updated_at = now() WHERE tenant_id = $1")
        .bind(tenant_id)
        .bind(content.seq)
        .bind(hash.as_slice())
        .execute(conn)
        .await?;
    Ok(content.seq)
}

/// An audit event as shown to people.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct AuditEvent {
    /// Position in the tenant's chain, from 1.
    pub seq: i64,
    pub occurred_at: DateTime<Utc>,
    /// user, api_key or system.
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub actor_label: String,
    /// What happened, e.g. zone.update.
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub request_id: Option<String>,
    /// This event's link hash (hex).
    #[sqlx(try_from = "Vec<u8>")]
    #[schema(value_type = String)]
    pub hash: HexBytes,
}

/// Bytes shown as hex in JSON.
#[derive(Debug, Clone)]
pub struct HexBytes(pub Vec<u8>);

impl From<Vec<u8>> for HexBytes {
    fn from(v: Vec<u8>) -> Self {
        HexBytes(v)
    }
}

impl Serialize for HexBytes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(&self.0))
    }
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub actor_id: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    event: AuditEvent,
    total: i64,
}

pub async fn list(
    conn: &mut PgConnection,
    filter: &AuditFilter,
    page: &PageRequest,
) -> Result<Page<AuditEvent>, sqlx::Error> {
    let mut qb = QueryBuilder::new(
        "SELECT seq, occurred_at, actor_kind, actor_id, actor_label, action, target_kind, target_id, before, after, \
         request_id, hash, count(*) OVER () AS total FROM audit_event WHERE true",
    );
    if let Some(action) = &filter.action {
        // A trailing dot filters a family of actions: "zone." finds zone.create, zone.update, ...
        if action.ends_with('.') {
            qb.push(" AND starts_with(action, ").push_bind(action.clone()).push(")");
        } else {
            qb.push(" AND action = ").push_bind(action.clone());
        }
    }
    if let Some(v) = &filter.target_kind {
        qb.push(" AND target_kind = ").push_bind(v.clone());
    }
    if let Some(v) = &filter.target_id {
        qb.push(" AND target_id = ").push_bind(v.clone());
    }
    if let Some(v) = filter.actor_id {
        qb.push(" AND actor_id = ").push_bind(v);
    }
    if let Some(v) = filter.from {
        qb.push(" AND occurred_at >= ").push_bind(v);
    }
    if let Some(v) = filter.to {
        qb.push(" AND occurred_at < ").push_bind(v);
    }
    qb.push(page.order_by("seq"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<Counted> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.event).collect(), total })
}

/// The outcome of checking a tenant's whole chain.
#[derive(Debug, Clone)]
pub struct Verification {
    pub checked: u64,
    pub head_seq: i64,
    pub first_break: Option<ChainBreak>,
    /// The head records more events than exist: events were cut off the end.
    pub tail_missing: bool,
}

type LinkRow = (
    i64,
    DateTime<Utc>,
    String,
    Option<Uuid>,
    String,
    String,
    String,
    Option<String>,
    Option<Value>,
    Option<Value>,
    Option<String>,
    Vec<u8>,
    Vec<u8>,
);

/// Reads the chain in pages of `batch` and verifies every link, then the head.
pub async fn verify(conn: &mut PgConnection, tenant_id: Uuid, batch: i64) -> Result<Verification, sqlx::Error> {
    let head: Option<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT last_seq, last_hash FROM audit_head WHERE tenant_id = $1")
            .bind(tenant_id)
            .fetch_optional(&mut *conn)
            .await?;
    let (head_seq, head_hash) = head.unwrap_or((0, audit_chain::GENESIS.to_vec()));
    let mut verifier = ChainVerifier::default();
    let mut after_seq = 0i64;
    let mut last_hash = audit_chain::GENESIS.to_vec();
    loop {
        let rows: Vec<LinkRow> = sqlx::query_as(
            "SELECT seq, occurred_at, actor_kind, actor_id, actor_label, action, target_kind, target_id, before, after, \
             request_id, prev_hash, hash FROM audit_event WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
        )
        .bind(tenant_id)
        .bind(after_seq)
        .bind(batch)
        .fetch_all(&mut *conn)
        .await?;
        if rows.is_empty() {
            break;
        }
        for r in rows {
            let link = StoredLink {
                content: AuditContent {
                    tenant_id,
                    seq: r.0,
                    occurred_at: r.1,
                    actor_kind: r.2,
                    actor_id: r.3,
                    actor_label: r.4,
                    action: r.5,
                    target_kind: r.6,
                    target_id: r.7,
                    before: r.8,
                    after: r.9,
                    request_id: r.10,
                },
                prev_hash: r.11,
                hash: r.12,
            };
            after_seq = link.content.seq;
            if let Err(broken) = verifier.feed(&link) {
                return Ok(Verification {
                    checked: verifier.checked(),
                    head_seq,
                    first_break: Some(broken),
                    tail_missing: false,
                });
            }
            last_hash = link.hash;
        }
    }
    let tail_missing = after_seq != head_seq || last_hash != head_hash;
    Ok(Verification { checked: verifier.checked(), head_seq, first_break: None, tail_missing })
}

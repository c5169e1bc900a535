//! The dead-letter store: every reading or message the ingest side refused, with its reason. Written by
//! the ingest role; read here for diagnosis.

use crate::list::{Page, PageRequest};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

/// One refused reading or message.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct DeadLetter {
    pub dead_letter_id: Uuid,
    /// The sending gateway; absent when it could not be identified.
    pub gateway_id: Option<Uuid>,
    pub received_at: DateTime<Utc>,
    /// Stable reason code, e.g. out_of_range, unknown_device.
    pub reason: String,
    /// Short English explanation.
    pub detail: String,
    pub device_code: Option<String>,
    pub property: Option<String>,
    /// The refused item, or the start of a refused message.
    #[schema(value_type = Option<Object>)]
    pub payload: Option<serde_json::Value>,
}

/// The count of refusals of one gateway for one reason.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct DeadLetterCount {
    pub gateway_id: Option<Uuid>,
    /// The gateway's code, when the gateway is known and still exists.
    pub gateway_code: Option<String>,
    pub reason: String,
    pub count: i64,
    pub last_received_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default)]
pub struct DeadLetterFilter {
    pub gateway_id: Option<Uuid>,
    pub reason: Option<String>,
    /// Received at or after.
    pub from: Option<DateTime<Utc>>,
    /// Received before.
    pub to: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    letter: DeadLetter,
    total: i64,
}

pub async fn list(
    conn: &mut PgConnection,
    filter: &DeadLetterFilter,
    page: &PageRequest,
) -> Result<Page<DeadLetter>, sqlx::Error> {
    let mut qb = QueryBuilder::new(
        "SELECT dead_letter_id, gateway_id, received_at, reason, detail, device_code, property, payload, \
         count(*) OVER () AS total FROM dead_letter WHERE true",
    );
    if let Some(gateway_id) = filter.gateway_id {
        qb.push(" AND gateway_id = ").push_bind(gateway_id);
    }
    if let Some(reason) = &filter.reason {
        qb.push(" AND reason = ").push_bind(reason.clone());
    }
    if let Some(from) = filter.from {
        qb.push(" AND received_at >= ").push_bind(from);
    }
    if let Some(to) = filter.to {
        qb.push(" AND received_at < ").push_bind(to);
    }
    qb.push(page.order_by("dead_letter_id"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<Counted> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.letter).collect(), total })
}

/// Refusals per gateway and reason received since `since`, most frequent first.
pub async fn summary(conn: &mut PgConnection, since: DateTime<Utc>) -> Result<Vec<DeadLetterCount>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.gateway_id, g.code AS gateway_code, d.reason, count(*) AS count, max(d.received_at) AS last_received_at \
         FROM dead_letter d LEFT JOIN gateway g ON g.tenant_id = d.tenant_id AND g.gateway_id = d.gateway_id \
         WHERE d.received_at >= $1 \
         GROUP BY d.gateway_id, g.code, d.reason \
         ORDER BY count(*) DESC, g.code NULLS LAST, d.reason",
    )
    .bind(since)
    .fetch_all(conn)
    .await
}

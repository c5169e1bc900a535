//! Thing models: device types as immutable revisions. Saving a model adds revision n+1 of its
//! identifier; a row is never updated, so readings stay interpretable by the revision their device used.

use crate::list::{like_pattern, Page, PageRequest};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

/// A thing model revision as listed: without its definition.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct ThingModelSummary {
    pub thing_model_id: Uuid,
    /// The model's identifier, shared by all its revisions; unique in the tenant with the revision.
    pub identifier: String,
    /// 1 for the first save, n+1 for each revision after it.
    pub revision: i32,
    /// Chinese name, shown by default.
    pub name: String,
    pub category: String,
    /// custom, preset, tsl or wot: how the model was made.
    pub source: String,
    pub property_count: i32,
    pub event_count: i32,
    pub command_count: i32,
    /// Whether a newer revision of the identifier exists.
    pub superseded: bool,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// A thing model revision with its full definition.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct ThingModelRecord {
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub summary: ThingModelSummary,
    /// The model: identifier, names, category, properties, events and commands (see the thing-model format).
    #[schema(value_type = Object)]
    pub definition: serde_json::Value,
}

const SUMMARY: &str = "thing_model.thing_model_id, thing_model.identifier, thing_model.revision, thing_model.name, \
     thing_model.category, thing_model.source, \
     coalesce(jsonb_array_length(thing_model.definition -> 'properties'), 0) AS property_count, \
     coalesce(jsonb_array_length(thing_model.definition -> 'events'), 0) AS event_count, \
     coalesce(jsonb_array_length(thing_model.definition -> 'commands'), 0) AS command_count, \
     EXISTS (SELECT 1 FROM thing_model newer WHERE newer.tenant_id = thing_model.tenant_id \
             AND newer.identifier = thing_model.identifier AND newer.revision > thing_model.revision) AS superseded, \
     thing_model.created_by, thing_model.created_at";

#[derive(Debug, Clone)]
pub struct NewThingModel {
    pub identifier: String,
    pub revision: i32,
    pub name: String,
    pub category: String,
    pub definition: serde_json::Value,
    pub source: String,
    pub created_by: Option<Uuid>,
}

#[derive(Debug, Clone, Default)]
pub struct ThingModelFilter {
    pub q: Option<String>,
    pub category: Option<String>,
    pub identifier: Option<String>,
    /// Every revision instead of the latest of each identifier.
    pub all_revisions: bool,
}

#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    model: ThingModelSummary,
    total: i64,
}

pub async fn list(
    conn: &mut PgConnection,
    filter: &ThingModelFilter,
    page: &PageRequest,
) -> Result<Page<ThingModelSummary>, sqlx::Error> {
    let mut qb = QueryBuilder::new(format!("SELECT {SUMMARY}, count(*) OVER () AS total FROM thing_model WHERE true"));
    if !filter.all_revisions {
        qb.push(
            " AND NOT EXISTS (SELECT 1 FROM thing_model newer WHERE newer.tenant_id = thing_model.tenant_id \
             AND newer.identifier = thing_model.identifier AND newer.revision > thing_model.revision)",
        );
    }
    if let Some(category) = &filter.category {
        qb.push(" AND thing_model.category = ").push_bind(category.clone());
    }
    if let Some(identifier) = &filter.identifier {
        qb.push(" AND thing_model.identifier = ").push_bind(identifier.clone());
    }
    if let Some(q) = &filter.q {
        let like = like_pattern(q);
        qb.push(" AND (thing_model.name ILIKE ")
            .push_bind(like.clone())
            .push(" OR thing_model.identifier ILIKE ")
            .push_bind(like.clone())
            .push(" OR thing_model.definition ->> 'name_en' ILIKE ")
            .push_bind(like)
            .push(")");
    }
    qb.push(page.order_by("thing_model.thing_model_id"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<Counted> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.model).collect(), total })
}

pub async fn get(conn: &mut PgConnection, thing_model_id: Uuid) -> Result<Option<ThingModelRecord>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {SUMMARY}, thing_model.definition FROM thing_model WHERE thing_model_id = $1"))
        .bind(thing_model_id)
        .fetch_optional(conn)
        .await
}

/// Whether a thing model revision exists (and is visible) in the caller's tenant.
pub async fn exists(conn: &mut PgConnection, thing_model_id: Uuid) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM thing_model WHERE thing_model_id = $1)")
        .bind(thing_model_id)
        .fetch_one(conn)
        .await
}

/// The newest revision number of an identifier, if it has any.
pub async fn latest_revision(conn: &mut PgConnection, identifier: &str) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar("SELECT max(revision) FROM thing_model WHERE identifier = $1")
        .bind(identifier)
        .fetch_one(conn)
        .await
}

/// Inserts a revision. A revision number already taken fails with `thing_model_revision_unique`.
pub async fn create(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    new: &NewThingModel,
) -> Result<ThingModelRecord, sqlx::Error> {
    let thing_model_id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO thing_model (tenant_id, thing_model_id, identifier, revision, name, category, definition, source, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(tenant_id)
    .bind(thing_model_id)
    .bind(&new.identifier)
    .bind(new.revision)
    .bind(&new.name)
    .bind(&new.category)
    .bind(&new.definition)
    .bind(&new.source)
    .bind(new.created_by)
    .execute(&mut *conn)
    .await?;
    get(conn, thing_model_id).await?.ok_or(sqlx::Error::RowNotFound)
}

/// Deletes one revision. Fails with `device_model_fk` while devices use it.
pub async fn delete(conn: &mut PgConnection, thing_model_id: Uuid) -> Result<Option<ThingModelRecord>, sqlx::Error> {
    let Some(model) = get(&mut *conn, thing_model_id).await? else {
        return Ok(None);
    };
    sqlx::query("DELETE FROM thing_model WHERE thing_model_id = $1").bind(thing_model_id).execute(&mut *conn).await?;
    Ok(Some(model))
}

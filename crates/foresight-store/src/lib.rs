//! PostgreSQL access for Foresight: migrations, tenant-scoped transactions and the queries of each
//! resource. Functions take `&mut PgConnection` so a caller passes its request transaction.
//!
//! Architecture invariant: nothing here knows about HTTP; nothing here bypasses row-level security
//! except `migrate` (which runs as the owner) and the SECURITY DEFINER tenant lookup used by login.

pub mod alarm_rules;
pub mod alerts;
pub mod api_keys;
pub mod audit;
pub mod dead_letters;
pub mod device_events;
pub mod devices;
pub mod gateways;
pub mod hazards;
pub mod list;
pub mod normal_model_schedules;
pub mod normal_models;
pub mod notifications;
pub mod pool;
pub mod predictor_models;
pub mod risk_rules;
pub mod sandbox_runs;
pub mod sites;
pub mod tenants;
pub mod thing_models;
pub mod tokens;
pub mod users;
pub mod work_items;
pub mod zone_risk;
pub mod zones;

pub use pool::{begin_platform, begin_tenant, connect_app, migrate, Scope, MIGRATOR};

/// A unique or foreign-key constraint a write ran into, by name, so the server can say which field.
pub fn violated_constraint(err: &sqlx::Error) -> Option<&str> {
    match err {
        sqlx::Error::Database(db) => db.constraint(),
        _ => None,
    }
}

/// The result of an update guarded by a version (optimistic concurrency).
#[derive(Debug)]
pub enum Versioned<T> {
    Updated(T),
    /// The row exists but someone changed it first; carries its current version.
    Stale(i32),
    NotFound,
}

/// Turns "no row updated" into stale-or-missing by looking up the current version.
pub(crate) async fn resolve_versioned<T>(
    updated: Option<T>,
    conn: &mut sqlx::PgConnection,
    current_version_sql: &str,
    id: uuid::Uuid,
) -> Result<Versioned<T>, sqlx::Error> {
    if let Some(row) = updated {
        return Ok(Versioned::Updated(row));
    }
    let current: Option<i32> = sqlx::query_scalar(current_version_sql).bind(id).fetch_optional(conn).await?;
    Ok(match current {
        Some(v) => Versioned::Stale(v),
        None => Versioned::NotFound,
    })
}

//! Rotating refresh tokens and per-account sign-in throttling.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefreshToken {
    pub refresh_token_id: Uuid,
    pub family_id: Uuid,
    pub user_id: Uuid,
    pub secret_hash: Vec<u8>,
    pub expires_at: DateTime<Utc>,
    pub spent_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub async fn insert_refresh(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    token_id: Uuid,
    family_id: Uuid,
    user_id: Uuid,
    secret_hash: &[u8],
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO refresh_token (tenant_id, refresh_token_id, family_id, user_id, secret_hash, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tenant_id)
    .bind(token_id)
    .bind(family_id)
    .bind(user_id)
    .bind(secret_hash)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Locks the token row so two concurrent refreshes with it cannot both succeed.
pub async fn lock_refresh(conn: &mut PgConnection, token_id: Uuid) -> Result<Option<RefreshToken>, sqlx::Error> {
    sqlx::query_as(
        "SELECT refresh_token_id, family_id, user_id, secret_hash, expires_at, spent_at, revoked_at \
         FROM refresh_token WHERE refresh_token_id = $1 FOR UPDATE",
    )
    .bind(token_id)
    .fetch_optional(conn)
    .await
}

pub async fn spend_refresh(conn: &mut PgConnection, token_id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE refresh_token SET spent_at = now(), updated_at = now() WHERE refresh_token_id = $1")
        .bind(token_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn revoke_family(conn: &mut PgConnection, family_id: Uuid) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE refresh_token SET revoked_at = now(), updated_at = now() WHERE family_id = $1 AND revoked_at IS NULL",
    )
    .bind(family_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Signs a person out everywhere: on disabling them or changing their password.
pub async fn revoke_user(conn: &mut PgConnection, user_id: Uuid) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE refresh_token SET revoked_at = now(), updated_at = now() WHERE user_id = $1 AND revoked_at IS NULL",
    )
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Failed sign-ins allowed in a window before the account locks.
pub const FREE_FAILURES: i32 = 5;
/// Failures older than this are forgotten.
pub const FAILURE_WINDOW_MINUTES: i32 = 15;

/// The instant until which an account is locked, if it is.
pub async fn locked_until(conn: &mut PgConnection, username_key: &str) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let until: Option<Option<DateTime<Utc>>> =
        sqlx::query_scalar("SELECT locked_until FROM login_throttle WHERE username_key = $1 AND locked_until > now()")
            .bind(username_key)
            .fetch_optional(conn)
            .await?;
    Ok(until.flatten())
}

/// Counts a failure. From the sixth failure in the window on, the account locks for a time that
/// doubles with each further failure (1, 2, 4 ... minutes, at most an hour). Returns the lock end.
pub async fn record_failure(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    username_key: &str,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO login_throttle AS t (tenant_id, username_key, failures, first_failure_at) \
         VALUES ($1, $2, 1, now()) \
         ON CONFLICT (tenant_id, username_key) DO UPDATE SET \
           failures = CASE WHEN t.first_failure_at < now() - make_interval(mins => $3) \
                                AND coalesce(t.locked_until, now()) <= now() \
                           THEN 1 ELSE t.failures + 1 END, \
           first_failure_at = CASE WHEN t.first_failure_at < now() - make_interval(mins => $3) \
                                AND coalesce(t.locked_until, now()) <= now() \
                           THEN now() ELSE t.first_failure_at END, \
           updated_at = now() \
         RETURNING failures",
    )
    .bind(tenant_id)
    .bind(username_key)
    .bind(FAILURE_WINDOW_MINUTES)
    .fetch_one(&mut *conn)
    .await
    .map(|_: i32| ())?;
    sqlx::query_scalar(
        "UPDATE login_throttle SET locked_until = CASE WHEN failures > $2 \
           THEN now() + make_interval(mins => least(60, power(2, failures - $2 - 1))::int) END \
         WHERE username_key = $1 RETURNING locked_until",
    )
    .bind(username_key)
    .bind(FREE_FAILURES)
    .fetch_one(conn)
    .await
}

pub async fn clear_failures(conn: &mut PgConnection, username_key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_throttle WHERE username_key = $1").bind(username_key).execute(conn).await?;
    Ok(())
}

//! Sign-in, token refresh with rotation and reuse detection, and sign-out.

use super::Checks;
use crate::app::AppState;
use crate::credentials::{decoy_hash, verify_password, OpaqueToken, REFRESH_PREFIX};
use crate::error::{ApiError, Problem};
use crate::extract::Json;
use crate::i18n::Msg;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::{request::Parts, StatusCode};
use chrono::{Duration, Utc};
use foresight_store::audit::{self, Actor, Change};
use foresight_store::{pool, tenants, tokens, users, Scope};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(login)).routes(routes!(refresh)).routes(routes!(logout))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The tenant's sign-in code.
    tenant: String,
    username: String,
    password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    refresh_token: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenPair {
    /// JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Always "Bearer".
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Single-use: exchange it at /auth/refresh for a new pair.
    pub refresh_token: String,
    pub refresh_expires_in: i64,
}

/// Error responses of the sign-in endpoints.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum AuthErrors {
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    #[response(status = 422, content_type = "application/problem+json")]
    Invalid(Problem),
    /// Too many failed sign-ins; see Retry-After.
    #[response(status = 429, content_type = "application/problem+json")]
    Throttled(Problem),
}

/// The client's address, when the server knows it (not in in-process tests).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let addr = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        Ok(ClientAddr(addr.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))))
    }
}

async fn issue_pair(
    state: &AppState,
    conn: &mut PgConnection,
    tenant_id: Uuid,
    user_id: Uuid,
    family_id: Uuid,
) -> Result<TokenPair, ApiError> {
    let refresh = OpaqueToken::generate(tenant_id, Uuid::now_v7());
    let ttl = state.config.refresh_token_ttl_secs;
    tokens::insert_refresh(
        conn,
        tenant_id,
        refresh.id,
        family_id,
        user_id,
        &refresh.secret_hash(),
        Utc::now() + Duration::seconds(ttl),
    )
    .await?;
    let access_token =
        state.jwt.issue(user_id, tenant_id, state.config.access_token_ttl_secs).map_err(ApiError::internal)?;
    Ok(TokenPair {
        access_token,
        token_type: "Bearer".into(),
        expires_in: state.config.access_token_ttl_secs,
        refresh_token: refresh.render(REFRESH_PREFIX),
        refresh_expires_in: ttl,
    })
}

async fn password_matches(password: String, hash: String) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await.map_err(ApiError::internal)
}

fn user_actor(user_id: Uuid, label: &str) -> Actor {
    Actor { kind: "user", id: Some(user_id), label: label.to_string() }
}

/// Sign in with tenant code, username and password.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = TokenPair), AuthErrors))]
async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: axum::http::HeaderMap,
    Json(body): Json<LoginRequest>,
) -> Result<axum::Json<TokenPair>, ApiError> {
    Checks::default()
        .text("tenant", &body.tenant, 1, 63)
        .text("username", &body.username, 1, 64)
        .text("password", &body.password, 1, 256)
        .finish()?;
    if let Some(secs) = state.address_throttle.blocked_for(addr) {
        return Err(ApiError::TooManyRequests { retry_after_secs: secs });
    }
    let request_id = headers.get("x-request-id").and_then(|v| v.to_str().ok());
    let mut conn = state.db.acquire().await?;
    let Some(tenant_id) = tenants::id_by_slug(&mut conn, &body.tenant).await? else {
        password_matches(body.password, decoy_hash().to_string()).await?;
        state.address_throttle.record_failure(addr);
        return Err(ApiError::Unauthorized(Msg::DetailBadCredentials));
    };
    drop(conn);
    let mut tx = pool::begin_tenant(&state.db, tenant_id, &Scope::AllZones).await?;
    let key = body.username.to_lowercase();
    if let Some(until) = tokens::locked_until(&mut tx, &key).await? {
        return Err(ApiError::TooManyRequests { retry_after_secs: (until - Utc::now()).num_seconds().max(1) as u64 });
    }
    let credentials = users::credentials_by_username(&mut tx, &body.username).await?;
    let hash = credentials.as_ref().map(|c| c.password_hash.clone()).unwrap_or_else(|| decoy_hash().to_string());
    let verified = password_matches(body.password, hash).await?;
    let user = credentials.filter(|c| verified && c.status == "active");
    let Some(user) = user else {
        let locked = tokens::record_failure(&mut tx, tenant_id, &key).await?;
        if let Some(until) = locked {
            let change = Change {
                action: "auth.locked",
                target_kind: "user",
                target_id: Some(key.clone()),
                before: None,
                after: Some(serde_json::json!({ "locked_until": until })),
            };
            audit::append(&mut tx, tenant_id, &Actor::system("login throttle"), change, request_id).await?;
        }
        tx.commit().await?;
        state.address_throttle.record_failure(addr);
        return Err(match locked {
            Some(until) => {
                ApiError::TooManyRequests { retry_after_secs: (until - Utc::now()).num_seconds().max(1) as u64 }
            }
            None => ApiError::Unauthorized(Msg::DetailBadCredentials),
        });
    };
    tokens::clear_failures(&mut tx, &key).await?;
    users::record_login(&mut tx, user.user_id).await?;
    let pair = issue_pair(&state, &mut tx, tenant_id, user.user_id, Uuid::now_v7()).await?;
    let change = Change {
        action: "auth.login",
        target_kind: "user",
        target_id: Some(user.user_id.to_string()),
        before: None,
        after: None,
    };
    audit::append(&mut tx, tenant_id, &user_actor(user.user_id, &user.display_name), change, request_id).await?;
    tx.commit().await?;
    state.address_throttle.record_success(addr);
    Ok(axum::Json(pair))
}

/// Exchange a refresh token for a new token pair. Each refresh token works once; presenting a spent
/// one revokes every token of its sign-in (someone else has a copy).
#[utoipa::path(post, path = "/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses((status = 200, body = TokenPair), AuthErrors))]
async fn refresh(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Json(body): Json<RefreshRequest>,
) -> Result<axum::Json<TokenPair>, ApiError> {
    let token = OpaqueToken::parse(REFRESH_PREFIX, body.refresh_token.trim())
        .ok_or(ApiError::Unauthorized(Msg::DetailInvalidToken))?;
    let request_id = headers.get("x-request-id").and_then(|v| v.to_str().ok());
    let mut tx = pool::begin_tenant(&state.db, token.tenant_id, &Scope::AllZones).await?;
    let stored = tokens::lock_refresh(&mut tx, token.id).await?.filter(|t| token.matches(&t.secret_hash));
    let Some(stored) = stored else {
        return Err(ApiError::Unauthorized(Msg::DetailInvalidToken));
    };
    if stored.revoked_at.is_some() {
        return Err(ApiError::Unauthorized(Msg::DetailInvalidToken));
    }
    if stored.spent_at.is_some() {
        let revoked = tokens::revoke_family(&mut tx, stored.family_id).await?;
        let change = Change {
            action: "auth.refresh_reuse",
            target_kind: "user",
            target_id: Some(stored.user_id.to_string()),
            before: None,
            after: Some(serde_json::json!({ "family_id": stored.family_id, "revoked_tokens": revoked })),
        };
        audit::append(&mut tx, token.tenant_id, &Actor::system("token rotation"), change, request_id).await?;
        tx.commit().await?;
        tracing::warn!(family = %stored.family_id, "refresh token reuse: family revoked");
        return Err(ApiError::Unauthorized(Msg::DetailRefreshReused));
    }
    if stored.expires_at < Utc::now() {
        return Err(ApiError::Unauthorized(Msg::DetailInvalidToken));
    }
    let active = users::credentials_by_id(&mut tx, stored.user_id).await?.is_some_and(|c| c.status == "active");
    if !active {
        return Err(ApiError::Unauthorized(Msg::DetailInvalidToken));
    }
    tokens::spend_refresh(&mut tx, stored.refresh_token_id).await?;
    let pair = issue_pair(&state, &mut tx, token.tenant_id, stored.user_id, stored.family_id).await?;
    tx.commit().await?;
    Ok(axum::Json(pair))
}

/// Sign out: revokes the refresh token's whole family. Answers 204 for any token, valid or not.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", request_body = RefreshRequest,
    responses((status = 204), AuthErrors))]
async fn logout(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Json(body): Json<RefreshRequest>,
) -> Result<StatusCode, ApiError> {
    let Some(token) = OpaqueToken::parse(REFRESH_PREFIX, body.refresh_token.trim()) else {
        return Ok(StatusCode::NO_CONTENT);
    };
    let request_id = headers.get("x-request-id").and_then(|v| v.to_str().ok());
    let mut tx = pool::begin_tenant(&state.db, token.tenant_id, &Scope::AllZones).await?;
    if let Some(stored) = tokens::lock_refresh(&mut tx, token.id).await?.filter(|t| token.matches(&t.secret_hash)) {
        tokens::revoke_family(&mut tx, stored.family_id).await?;
        let change = Change {
            action: "auth.logout",
            target_kind: "user",
            target_id: Some(stored.user_id.to_string()),
            before: None,
            after: None,
        };
        audit::append(
            &mut tx,
            token.tenant_id,
            &Actor { kind: "user", id: Some(stored.user_id), label: stored.user_id.to_string() },
            change,
            request_id,
        )
        .await?;
        tx.commit().await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

//! Authentication and authorisation, in one place per request.
//!
//! A handler states what it needs in its signature, `Authorized<perm::ZoneWrite>`; this extractor
//! authenticates the caller (access token or API key), opens the request's transaction with the
//! caller's tenant and zone scope set, and refuses with 403 when the permission is missing. No
//! handler checks a role itself.

use crate::app::AppState;
use crate::credentials::{OpaqueToken, API_KEY_PREFIX};
use crate::error::ApiError;
use crate::i18n::Msg;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use foresight_core::rbac::{Authority, Grant, Permission, Role};
use foresight_store::audit::{self, Actor, Change};
use foresight_store::{api_keys, pool, users, Scope};
use sqlx::{Postgres, Transaction};
use std::marker::PhantomData;
use uuid::Uuid;

/// A permission a handler requires, as a type so it appears in the handler's signature.
pub trait Requirement {
    const PERMISSION: Option<Permission>;
}

/// The permission markers.
pub mod perm {
    use super::{Permission, Requirement};

    macro_rules! markers {
        ($($name:ident),*) => {$(
            #[derive(Debug)]
            pub struct $name;
            impl Requirement for $name {
                const PERMISSION: Option<Permission> = Some(Permission::$name);
            }
        )*};
    }
    markers!(
        TenantRead,
        TenantAdmin,
        SiteRead,
        SiteWrite,
        ZoneRead,
        ZoneWrite,
        UserRead,
        UserWrite,
        ApiKeyManage,
        AuditRead,
        DeviceRead,
        DeviceWrite,
        TelemetryRead,
        HazardRead,
        HazardWrite,
        RiskConfigure,
        AlertRead,
        AlertReview,
        AlertApprove,
        AlertConfigure,
        PlatformAdmin
    );

    /// Any authenticated caller.
    #[derive(Debug)]
    pub struct Authenticated;
    impl Requirement for Authenticated {
        const PERMISSION: Option<Permission> = None;
    }
}

/// Who is calling.
#[derive(Debug, Clone)]
pub struct Caller {
    pub tenant_id: Uuid,
    /// Set for people, not for API keys.
    pub user_id: Option<Uuid>,
    pub actor: Actor,
    pub authority: Authority,
    pub grants: Vec<Grant>,
    pub request_id: Option<String>,
}

/// An authenticated, authorised request with its tenant-scoped transaction.
pub struct Authorized<P> {
    pub caller: Caller,
    pub tx: Transaction<'static, Postgres>,
    _requirement: PhantomData<P>,
}

impl<P> std::fmt::Debug for Authorized<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorized").field("caller", &self.caller).finish()
    }
}

impl<P> Authorized<P> {
    /// Records a state change in the audit trail, in this request's transaction.
    pub async fn audit(&mut self, change: Change<'_>) -> Result<(), ApiError> {
        audit::append(
            &mut self.tx,
            self.caller.tenant_id,
            &self.caller.actor,
            change,
            self.caller.request_id.as_deref(),
        )
        .await?;
        Ok(())
    }

    pub async fn commit(self) -> Result<(), ApiError> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl<P: Requirement + Send> FromRequestParts<AppState> for Authorized<P> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer(parts).ok_or(ApiError::Unauthorized(Msg::DetailMissingToken))?;
        let request_id = parts.headers.get("x-request-id").and_then(|v| v.to_str().ok()).map(str::to_string);
        let (caller, mut tx) = if token.starts_with(API_KEY_PREFIX) {
            authenticate_key(state, token, request_id).await?
        } else {
            authenticate_user(state, token, request_id).await?
        };
        if let Some(permission) = P::PERMISSION {
            if !caller.authority.allows(permission) {
                return Err(ApiError::Forbidden { permission: permission.as_str() });
            }
            if permission == Permission::PlatformAdmin {
                sqlx::query("SELECT set_config('foresight.platform', 'on', true)").execute(&mut *tx).await?;
            }
        }
        Ok(Authorized { caller, tx, _requirement: PhantomData })
    }
}

fn bearer(parts: &Parts) -> Option<&str> {
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else { return stream_token(parts) };
    let (scheme, token) = value.to_str().ok()?.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

/// Browsers' EventSource cannot send headers, so the two event streams (heat map, alerts), and no other
/// route, also take the access token from an `access_token` query parameter (docs/API-DESIGN.md). Only the
/// path is logged.
fn stream_token(parts: &Parts) -> Option<&str> {
    let path = parts.uri.path();
    if !(path.ends_with("/heatmap/stream") || path.ends_with("/alerts/stream")) {
        return None;
    }
    parts.uri.query()?.split('&').find_map(|pair| pair.strip_prefix("access_token=")).filter(|t| !t.is_empty())
}

async fn authenticate_user(
    state: &AppState,
    token: &str,
    request_id: Option<String>,
) -> Result<(Caller, Transaction<'static, Postgres>), ApiError> {
    let claims = state.jwt.verify(token).ok_or(ApiError::Unauthorized(Msg::DetailInvalidToken))?;
    // Grants are read on every request, so a removed role or a disabled account takes effect at
    // once rather than when the access token expires.
    let mut tx = pool::begin_tenant(&state.db, claims.tid, &Scope::AllZones).await?;
    let (name, rows) =
        users::active_grants(&mut tx, claims.sub).await?.ok_or(ApiError::Unauthorized(Msg::DetailInvalidToken))?;
    let grants: Vec<Grant> =
        rows.into_iter().filter_map(|(role, zone_id)| Role::parse(&role).map(|role| Grant { role, zone_id })).collect();
    let authority = Authority::from_grants(&grants);
    pool::set_tenant(&mut tx, claims.tid, &Scope::from(authority.zone_scope())).await?;
    let caller = Caller {
        tenant_id: claims.tid,
        user_id: Some(claims.sub),
        actor: Actor { kind: "user", id: Some(claims.sub), label: name },
        authority,
        grants,
        request_id,
    };
    Ok((caller, tx))
}

async fn authenticate_key(
    state: &AppState,
    token: &str,
    request_id: Option<String>,
) -> Result<(Caller, Transaction<'static, Postgres>), ApiError> {
    let parsed = OpaqueToken::parse(API_KEY_PREFIX, token).ok_or(ApiError::Unauthorized(Msg::DetailInvalidToken))?;
    let mut tx = pool::begin_tenant(&state.db, parsed.tenant_id, &Scope::AllZones).await?;
    let key = api_keys::usable(&mut tx, parsed.id).await?.ok_or(ApiError::Unauthorized(Msg::DetailInvalidToken))?;
    if !parsed.matches(&key.secret_hash) {
        return Err(ApiError::Unauthorized(Msg::DetailInvalidToken));
    }
    if key.last_used_stale {
        api_keys::touch(&mut tx, parsed.id).await?;
    }
    let scopes: Vec<Permission> = key.scopes.iter().filter_map(|s| Permission::parse(s)).collect();
    let caller = Caller {
        tenant_id: parsed.tenant_id,
        user_id: None,
        actor: Actor { kind: "api_key", id: Some(parsed.id), label: key.name },
        authority: Authority::from_scopes(&scopes),
        grants: Vec::new(),
        request_id,
    };
    Ok((caller, tx))
}

/// Shorthand for handlers: the audit change of a created, updated or deleted resource.
pub fn change<'a, T: serde::Serialize>(
    action: &'a str,
    target_kind: &'a str,
    target_id: impl ToString,
    before: Option<&T>,
    after: Option<&T>,
) -> Change<'a> {
    Change {
        action,
        target_kind,
        target_id: Some(target_id.to_string()),
        before: before.and_then(|b| serde_json::to_value(b).ok()),
        after: after.and_then(|a| serde_json::to_value(a).ok()),
    }
}

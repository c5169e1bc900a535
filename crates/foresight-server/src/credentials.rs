//! Credential formats and checks: argon2id passwords, JWT access tokens, opaque refresh tokens and
//! API keys. Opaque tokens carry their tenant and id in clear and a 256-bit secret of which the
//! database keeps only a SHA-256 (enough for random secrets; argon2 is for human passwords).

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A valid hash of nothing anyone knows, verified against when an account does not exist, so that
/// timing does not reveal which usernames exist.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password(&Uuid::new_v4().to_string()).unwrap_or_default())
}

/// Claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: Uuid,
    pub tid: Uuid,
    pub iat: i64,
    pub exp: i64,
    pub typ: String,
}

/// HS256 keys. Only HS256 is accepted on decode: `alg: none` and algorithm confusion are refused.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys(<redacted>)")
    }
}

impl JwtKeys {
    pub fn new(secret: &[u8]) -> JwtKeys {
        JwtKeys { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret) }
    }

    pub fn issue(&self, user_id: Uuid, tenant_id: Uuid, ttl_secs: i64) -> anyhow::Result<String> {
        let now = chrono::Utc::now().timestamp();
        let claims = AccessClaims { sub: user_id, tid: tenant_id, iat: now, exp: now + ttl_secs, typ: "access".into() };
        Ok(jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?)
    }

    pub fn verify(&self, token: &str) -> Option<AccessClaims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "sub"]);
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &validation).ok()?;
        (data.claims.typ == "access").then_some(data.claims)
    }
}

/// An opaque credential: `<kind>_<tenant>_<id>_<secret>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpaqueToken {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub secret: String,
}

/// A random secret of `bytes` bytes, URL-safe base64 (webhook signing keys).
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

pub const REFRESH_PREFIX: &str = "frt";
pub const API_KEY_PREFIX: &str = "fsk";
/// Gateway credentials: shown once at creation or rotation, presented by the gateway when it connects.
pub const GATEWAY_PREFIX: &str = "fgw";

impl OpaqueToken {
    pub fn generate(tenant_id: Uuid, id: Uuid) -> OpaqueToken {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        OpaqueToken { tenant_id, id, secret: base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes) }
    }

    pub fn render(&self, kind: &str) -> String {
        format!("{kind}_{}_{}_{}", self.tenant_id.simple(), self.id.simple(), self.secret)
    }

    pub fn parse(kind: &str, text: &str) -> Option<OpaqueToken> {
        let rest = text.strip_prefix(kind)?.strip_prefix('_')?;
        let (tenant, rest) = rest.split_once('_')?;
        let (id, secret) = rest.split_once('_')?;
        if secret.len() != 43 || !secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return None;
        }
        Some(OpaqueToken {
            tenant_id: Uuid::try_parse(tenant).ok()?,
            id: Uuid::try_parse(id).ok()?,
            secret: secret.to_string(),
        })
    }

    pub fn secret_hash(&self) -> Vec<u8> {
        Sha256::digest(self.secret.as_bytes()).to_vec()
    }

    /// Compares against a stored hash in constant time.
    pub fn matches(&self, stored_hash: &[u8]) -> bool {
        let mine = self.secret_hash();
        mine.len() == stored_hash.len() && mine.iter().zip(stored_hash).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opaque_tokens_round_trip_and_reject_tampering() {
        let t = OpaqueToken::generate(Uuid::now_v7(), Uuid::now_v7());
        let text = t.render(API_KEY_PREFIX);
        let parsed = OpaqueToken::parse(API_KEY_PREFIX, &text).unwrap();
        assert_eq!(parsed, t);
        assert!(parsed.matches(&t.secret_hash()));
        assert!(OpaqueToken::parse(REFRESH_PREFIX, &text).is_none());
        let mut forged = parsed.clone();
        forged.secret.replace_range(0..1, if forged.secret.starts_with('A') { "B" } else { "A" });
        assert!(!forged.matches(&t.secret_hash()));
        assert!(OpaqueToken::parse(API_KEY_PREFIX, "fsk_x_y_z").is_none());
    }

    #[test]
    fn jwt_round_trips_and_other_keys_are_refused() {
        let keys = JwtKeys::new(b"0123456789abcdef0123456789abcdef");
        let (user, tenant) = (Uuid::now_v7(), Uuid::now_v7());
        let token = keys.issue(user, tenant, 60).unwrap();
        let claims = keys.verify(&token).unwrap();
        assert_eq!((claims.sub, claims.tid), (user, tenant));
        assert!(JwtKeys::new(b"another secret another secret!!!").verify(&token).is_none());
        let expired = keys.issue(user, tenant, -60).unwrap();
        assert!(keys.verify(&expired).is_none());
    }

    #[test]
    fn passwords_verify_only_with_the_right_secret() {
        let phc = hash_password("correct horse battery").unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &phc));
        assert!(!verify_password("wrong horse battery", &phc));
        assert!(!verify_password("x", "not a phc string"));
    }
}

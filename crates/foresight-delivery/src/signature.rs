//! Webhook signatures: `Foresight-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
//!
//! The timestamp is inside the signed text, so a receiver that rejects old timestamps also rejects
//! a captured request replayed later. The scheme is Stripe's, which integrators often know already.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The HTTP header that carries the signature.
pub const SIGNATURE_HEADER: &str = "Foresight-Signature";

/// How far a receiver should let the signed timestamp be from its own clock, by default.
pub const DEFAULT_TOLERANCE_SECS: i64 = 300;

/// Why a signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("malformed signature header: {0}")]
    Malformed(&'static str),
    #[error("signature timestamp is {age_secs} s away from now, more than the tolerance")]
    Stale { age_secs: i64 },
    #[error("no signature in the header matches the body")]
    Mismatch,
}

/// The header value for `body` sent at `timestamp` (unix seconds).
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let mac = keyed(secret, timestamp, body).finalize().into_bytes();
    format!("t={timestamp},v1={}", hex::encode(mac))
}

/// Checks a header value against the raw body, as a receiver would.
///
/// Several `v1=` entries are allowed (any one may match), so a sender can sign with an old and a
/// new secret while a secret is being rotated; unknown keys are ignored for later schemes.
pub fn verify(secret: &[u8], header: &str, body: &[u8], now: i64, tolerance_secs: i64) -> Result<(), SignatureError> {
    let mut timestamp = None;
    let mut macs = Vec::new();
    for part in header.split(',') {
        let (key, value) = part.trim().split_once('=').ok_or(SignatureError::Malformed("expected key=value pairs"))?;
        match key {
            "t" => {
                if timestamp.is_some() {
                    return Err(SignatureError::Malformed("more than one timestamp"));
                }
                let t = value.parse::<i64>().map_err(|_| SignatureError::Malformed("timestamp is not an integer"))?;
                timestamp = Some(t);
            }
            "v1" => macs.push(hex::decode(value).map_err(|_| SignatureError::Malformed("v1 is not hexadecimal"))?),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed("no timestamp"))?;
    if macs.is_empty() {
        return Err(SignatureError::Malformed("no v1 signature"));
    }
    // Saturating: a garbage timestamp must give an error, not an overflow.
    let age_secs = now.saturating_sub(timestamp);
    if age_secs.saturating_abs() > tolerance_secs {
        return Err(SignatureError::Stale { age_secs });
    }
    let expected = keyed(secret, timestamp, body);
    // verify_slice compares in constant time, so response timing does not reveal the MAC.
    if macs.iter().any(|mac| expected.clone().verify_slice(mac).is_ok()) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

fn keyed(secret: &[u8], timestamp: i64, body: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(secret).unwrap_or_else(|_| unreachable!("HMAC accepts any key"));
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"whsec_test_secret";
    const BODY: &[u8] = br#"{"alert_id":"42","level":"red"}"#;
    const T: i64 = 1_767_225_600;

    #[test]
    fn signature_matches_an_independent_hmac_implementation() {
        // python3 -c 'import hmac,hashlib; print(hmac.new(b"whsec_test_secret",
        //   b"1767225600." + b"{\"alert_id\":\"42\",\"level\":\"red\"}", hashlib.sha256).hexdigest())'
        let expected = "t=1767225600,v1=3bb9a01a8577f80738075495c34aaf6853387d7fe9e8cc4c9df19dcdf99b3705";
        assert_eq!(sign(SECRET, T, BODY), expected);
        assert_eq!(verify(SECRET, expected, BODY, T, DEFAULT_TOLERANCE_SECS), Ok(()));
    }

    #[test]
    fn a_fresh_signature_verifies_within_the_tolerance_either_side() {
        let header = sign(SECRET, T, BODY);
        assert_eq!(verify(SECRET, &header, BODY, T + 300, 300), Ok(()));
        assert_eq!(verify(SECRET, &header, BODY, T - 300, 300), Ok(()));
    }

    #[test]
    fn a_tampered_body_is_a_mismatch() {
        let header = sign(SECRET, T, BODY);
        let tampered = br#"{"alert_id":"42","level":"green"}"#;
        assert_eq!(verify(SECRET, &header, tampered, T, 300), Err(SignatureError::Mismatch));
    }

    #[test]
    fn a_wrong_secret_is_a_mismatch() {
        let header = sign(b"another secret", T, BODY);
        assert_eq!(verify(SECRET, &header, BODY, T, 300), Err(SignatureError::Mismatch));
    }

    #[test]
    fn a_changed_timestamp_is_a_mismatch() {
        let header = sign(SECRET, T, BODY).replace("t=1767225600", "t=1767225601");
        assert_eq!(verify(SECRET, &header, BODY, T, 300), Err(SignatureError::Mismatch));
    }

    #[test]
    fn an_old_or_future_timestamp_is_stale() {
        let header = sign(SECRET, T, BODY);
        assert_eq!(verify(SECRET, &header, BODY, T + 301, 300), Err(SignatureError::Stale { age_secs: 301 }));
        assert_eq!(verify(SECRET, &header, BODY, T - 301, 300), Err(SignatureError::Stale { age_secs: -301 }));
    }

    #[test]
    fn an_extreme_timestamp_is_stale_without_overflow() {
        let header = format!("t={},v1=00", i64::MIN);
        assert!(matches!(verify(SECRET, &header, BODY, i64::MAX, 300), Err(SignatureError::Stale { .. })));
    }

    #[test]
    fn any_of_several_v1_signatures_may_match() {
        let old = sign(b"old secret", T, BODY);
        let new = sign(SECRET, T, BODY);
        let both = format!("{old},{}", new.split_once(',').map(|(_, v1)| v1).unwrap_or_default());
        assert_eq!(verify(SECRET, &both, BODY, T, 300), Ok(()));
        assert_eq!(verify(b"old secret", &both, BODY, T, 300), Ok(()));
    }

    #[test]
    fn garbage_headers_are_malformed() {
        for header in ["", "garbage", "t=abc,v1=00", "v1=00", "t=1767225600", "t=1767225600,v1=zz", "t=1,t=2,v1=00"] {
            assert!(
                matches!(verify(SECRET, header, BODY, T, 300), Err(SignatureError::Malformed(_))),
                "{header:?} was not reported as malformed"
            );
        }
    }

    #[test]
    fn a_truncated_mac_is_a_mismatch_not_a_panic() {
        let header = sign(SECRET, T, BODY);
        let truncated = &header[..header.len() - 2];
        assert_eq!(verify(SECRET, truncated, BODY, T, 300), Err(SignatureError::Mismatch));
    }
}

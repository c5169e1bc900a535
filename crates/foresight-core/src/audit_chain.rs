//! The audit trail's hash chain: each event's hash covers its content and the previous event's hash,
//! so altering, deleting or reordering a stored event breaks every link after it.

use chrono::{DateTime, SubsecRound, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The hash that precedes a tenant's first event.
pub const GENESIS: [u8; 32] = [0; 32];

/// The fields of an audit event that the hash covers: everything but the hash itself.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditContent {
    pub tenant_id: Uuid,
    pub seq: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_kind: String,
    pub actor_id: Option<Uuid>,
    pub actor_label: String,
    pub action: String,
    pub target_kind: String,
    pub target_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub request_id: Option<String>,
}

/// PostgreSQL keeps microseconds; hashing a finer time would make a stored event unverifiable.
pub fn storage_time(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(6)
}

/// sha256(prev_hash || canonical JSON of the content). Canonical JSON: object keys sorted (serde_json's
/// default map is ordered), no whitespace; jsonb round trips preserve values, so this is stable.
pub fn link_hash(prev_hash: &[u8], content: &AuditContent) -> [u8; 32] {
    let canonical = serde_json::json!({
        "tenant_id": content.tenant_id,
        "seq": content.seq,
        "occurred_at": storage_time(content.occurred_at).to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        "actor_kind": content.actor_kind,
        "actor_id": content.actor_id,
        "actor_label": content.actor_label,
        "action": content.action,
        "target_kind": content.target_kind,
        "target_id": content.target_id,
        "before": content.before,
        "after": content.after,
        "request_id": content.request_id,
    });
    let mut hasher = Sha256::new();
    hasher.update(prev_hash);
    hasher.update(canonical.to_string().as_bytes());
    hasher.finalize().into()
}

/// A stored event as read back for verification.
#[derive(Debug, Clone)]
pub struct StoredLink {
    pub content: AuditContent,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

/// Where the chain first fails, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The event's stored hash does not match its content: the row was altered.
    ContentAltered { seq: i64 },
    /// The event does not point at its predecessor's hash: an event was removed or inserted.
    LinkBroken { seq: i64 },
    /// Sequence numbers skip: an event is missing.
    SequenceGap { expected: i64, found: i64 },
}

impl ChainBreak {
    pub fn seq(&self) -> i64 {
        match self {
            ChainBreak::ContentAltered { seq } | ChainBreak::LinkBroken { seq } => *seq,
            ChainBreak::SequenceGap { found, .. } => *found,
        }
    }

    pub fn reason(&self) -> &'static str {
        match self {
            ChainBreak::ContentAltered { .. } => "content_altered",
            ChainBreak::LinkBroken { .. } => "link_broken",
            ChainBreak::SequenceGap { .. } => "sequence_gap",
        }
    }
}

/// Incremental verifier, fed events in sequence order, so a long chain is checked in pages.
#[derive(Debug)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: Vec<u8>,
    checked: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier { expected_seq: 1, prev_hash: GENESIS.to_vec(), checked: 0 }
    }
}

impl ChainVerifier {
    pub fn feed(&mut self, link: &StoredLink) -> Result<(), ChainBreak> {
        let seq = link.content.seq;
        if seq != self.expected_seq {
            return Err(ChainBreak::SequenceGap { expected: self.expected_seq, found: seq });
        }
        if link.prev_hash != self.prev_hash {
            return Err(ChainBreak::LinkBroken { seq });
        }
        if link_hash(&link.prev_hash, &link.content).as_slice() != link.hash.as_slice() {
            return Err(ChainBreak::ContentAltered { seq });
        }
        self.prev_hash = link.hash.clone();
        self.expected_seq += 1;
        self.checked += 1;
        Ok(())
    }

    pub fn checked(&self) -> u64 {
        self.checked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<StoredLink> {
        let tenant_id = Uuid::now_v7();
        let mut prev = GENESIS.to_vec();
        (1..=n)
            .map(|seq| {
                let content = AuditContent {
                    tenant_id,
                    seq,
                    occurred_at: Utc::now(),
                    actor_kind: "user".into(),
                    actor_id: Some(Uuid::now_v7()),
                    actor_label: "张工".into(),
                    action: "zone.update".into(),
                    target_kind: "zone".into(),
                    target_id: Some(seq.to_string()),
                    before: Some(serde_json::json!({"name": "罐区", "version": seq})),
                    after: Some(serde_json::json!({"name": "罐区 A", "version": seq + 1})),
                    request_id: Some("r".into()),
                };
                let hash = link_hash(&prev, &content).to_vec();
                let link = StoredLink { content, prev_hash: prev.clone(), hash: hash.clone() };
                prev = hash;
                link
            })
            .collect()
    }

    fn verify(links: &[StoredLink]) -> Result<u64, ChainBreak> {
        let mut v = ChainVerifier::default();
        for l in links {
            v.feed(l)?;
        }
        Ok(v.checked())
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify(&chain(10)), Ok(10));
    }

    #[test]
    fn altered_content_names_that_event() {
        let mut links = chain(10);
        links[6].content.after = Some(serde_json::json!({"name": "forged"}));
        assert_eq!(verify(&links), Err(ChainBreak::ContentAltered { seq: 7 }));
    }

    #[test]
    fn a_removed_event_is_a_gap() {
        let mut links = chain(10);
        links.remove(3);
        assert_eq!(verify(&links), Err(ChainBreak::SequenceGap { expected: 4, found: 5 }));
    }

    #[test]
    fn a_rehashed_forgery_still_breaks_the_next_link() {
        let mut links = chain(5);
        links[1].content.actor_label = "someone else".into();
        links[1].hash = link_hash(&links[1].prev_hash, &links[1].content).to_vec();
        assert_eq!(verify(&links), Err(ChainBreak::LinkBroken { seq: 3 }));
    }

    #[test]
    fn time_is_hashed_at_storage_precision() {
        let links = chain(1);
        let mut content = links[0].content.clone();
        content.occurred_at = storage_time(content.occurred_at);
        assert_eq!(link_hash(&GENESIS, &content).to_vec(), links[0].hash);
    }
}

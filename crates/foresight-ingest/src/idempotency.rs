//! Which batches of a group are new: gateway sequence numbers are claimed in bitmap blocks
//! (`ingest_seq_block`, 1,024 numbers a row), every other key as one `ingest_batch` row. Claiming
//! happens inside the writer's transaction, so a batch counts as stored exactly when its readings do.

use crate::pipeline::Prepared;
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// Sequence numbers per `ingest_seq_block` row.
pub const BLOCK_BITS: u64 = 1024;
const BLOCK_BYTES: usize = (BLOCK_BITS / 8) as usize;

/// The gateway sequence number a batch key carries (`seq:<n>`, written by the batch parser).
pub fn sequence_number(key: &str) -> Option<u64> {
    key.strip_prefix("seq:").and_then(|n| n.parse().ok())
}

/// The row and the bit of a sequence number: block `seq >> 10`, byte `bit / 8`, mask
/// `1 << (bit % 8)` (PostgreSQL's `set_bit` convention for bytea, which the migration uses).
fn position(seq: u64) -> (i64, usize, u8) {
    let bit = (seq % BLOCK_BITS) as usize;
    ((seq / BLOCK_BITS) as i64, bit / 8, 1u8 << (bit % 8))
}

/// Claims every batch's key and returns, per batch in order, whether it is stored for the first
/// time. A key twice in one group counts once, for its first batch.
pub async fn claim(tx: &mut sqlx::PgConnection, batches: &[Prepared]) -> Result<Vec<bool>, sqlx::Error> {
    let mut first = vec![false; batches.len()];
    // Each key parsed once: (batch index, sequence number) for the numbered, the index for the rest.
    let (mut sequenced, mut keyed) = (Vec::new(), Vec::new());
    for (i, batch) in batches.iter().enumerate() {
        match sequence_number(&batch.key) {
            Some(seq) => sequenced.push((i, seq)),
            None => keyed.push(i),
        }
    }
    if !sequenced.is_empty() {
        claim_sequence_numbers(tx, batches, &sequenced, &mut first).await?;
    }
    if !keyed.is_empty() {
        claim_keys(tx, batches, &keyed, &mut first).await?;
    }
    Ok(first)
}

type BlockKey = (Uuid, Uuid, i64);

/// Locks the blocks the sequenced batches fall into (creating missing ones), reads their bits,
/// marks the new numbers and writes the changed blocks back: two statements per group whatever its
/// size. Blocks are locked in key order and before any other row the writer touches, so concurrent
/// writers cannot deadlock on them. The lock is held until commit: two transactions storing the
/// same gateway's numbers of one block run one after the other. With one MQTT writer per node and
/// batch-sized HTTP posts that is rare; a gateway posting many requests at once waits for its own.
async fn claim_sequence_numbers(
    tx: &mut sqlx::PgConnection,
    batches: &[Prepared],
    sequenced: &[(usize, u64)],
    first: &mut [bool],
) -> Result<(), sqlx::Error> {
    let wanted: std::collections::BTreeSet<BlockKey> = sequenced
        .iter()
        .map(|&(i, seq)| (batches[i].gateway.tenant_id, batches[i].gateway.gateway_id, position(seq).0))
        .collect();
    let (mut tenants, mut gateways, mut blocks) = (Vec::new(), Vec::new(), Vec::new());
    for (t, g, k) in &wanted {
        tenants.push(*t);
        gateways.push(*g);
        blocks.push(*k);
    }
    // DO UPDATE (to the same value) rather than DO NOTHING: it locks an existing row and returns
    // it, so one statement both creates and locks; a writer holding the lock makes this wait and
    // then read the bits it committed.
    let rows: Vec<(Uuid, Uuid, i64, Vec<u8>)> = sqlx::query_as(
        "INSERT INTO ingest_seq_block AS b (tenant_id, gateway_id, block, seen) \
         SELECT t, g, k, $4 FROM unnest($1::uuid[], $2::uuid[], $3::int8[]) AS u(t, g, k) ORDER BY t, g, k \
         ON CONFLICT (tenant_id, gateway_id, block) DO UPDATE SET seen = b.seen \
         RETURNING tenant_id, gateway_id, block, seen",
    )
    .bind(&tenants)
    .bind(&gateways)
    .bind(&blocks)
    .bind(vec![0u8; BLOCK_BYTES])
    .fetch_all(&mut *tx)
    .await?;
    let mut seen: BTreeMap<BlockKey, (Vec<u8>, bool)> =
        rows.into_iter().map(|(t, g, k, bits)| ((t, g, k), (bits, false))).collect();
    for &(i, seq) in sequenced {
        let b = &batches[i];
        let (block, byte, mask) = position(seq);
        let Some((bits, changed)) = seen.get_mut(&(b.gateway.tenant_id, b.gateway.gateway_id, block)) else {
            continue; // not returned: cannot happen, and then the batch is not stored (nor acknowledged as new)
        };
        if bits.len() == BLOCK_BYTES && bits[byte] & mask == 0 {
            bits[byte] |= mask;
            *changed = true;
            first[i] = true;
        }
    }
    let (mut tenants, mut gateways, mut blocks, mut bits) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for ((t, g, k), (b, changed)) in seen {
        if changed {
            tenants.push(t);
            gateways.push(g);
            blocks.push(k);
            bits.push(b);
        }
    }
    if !tenants.is_empty() {
        sqlx::query(
            "UPDATE ingest_seq_block AS b SET seen = u.seen, updated_at = now() \
             FROM unnest($1::uuid[], $2::uuid[], $3::int8[], $4::bytea[]) AS u(t, g, k, seen) \
             WHERE b.tenant_id = u.t AND b.gateway_id = u.g AND b.block = u.k",
        )
        .bind(&tenants)
        .bind(&gateways)
        .bind(&blocks)
        .bind(&bits)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Records the other keys (message hashes, refused messages) one `ingest_batch` row each, in one
/// statement.
async fn claim_keys(
    tx: &mut sqlx::PgConnection,
    batches: &[Prepared],
    indices: &[usize],
    first: &mut [bool],
) -> Result<(), sqlx::Error> {
    let tenants: Vec<Uuid> = indices.iter().map(|&i| batches[i].gateway.tenant_id).collect();
    let gateways: Vec<Uuid> = indices.iter().map(|&i| batches[i].gateway.gateway_id).collect();
    let keys: Vec<&str> = indices.iter().map(|&i| batches[i].key.as_str()).collect();
    // `accepted` counts every item stored: readings and events.
    let accepted: Vec<i32> =
        indices.iter().map(|&i| (batches[i].accepted.len() + batches[i].events.len()) as i32).collect();
    let rejected: Vec<i32> = indices.iter().map(|&i| batches[i].dead.len() as i32).collect();
    // One row back: how many keys were claimed and, only when that is not all of them (a
    // re-delivery, or a key twice in the group), which ones.
    type Claimed = (i64, Option<Vec<Uuid>>, Option<Vec<Uuid>>, Option<Vec<String>>);
    let (count, claimed_tenants, claimed_gateways, claimed_keys): Claimed = sqlx::query_as(
        "WITH claimed AS ( \
           INSERT INTO ingest_batch (tenant_id, gateway_id, batch_key, accepted, rejected) \
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::int[]) \
           ON CONFLICT DO NOTHING RETURNING tenant_id, gateway_id, batch_key) \
         SELECT count(*), \
           CASE WHEN count(*) < $6 THEN array_agg(tenant_id) END, \
           CASE WHEN count(*) < $6 THEN array_agg(gateway_id) END, \
           CASE WHEN count(*) < $6 THEN array_agg(batch_key) END \
         FROM claimed",
    )
    .bind(&tenants)
    .bind(&gateways)
    .bind(&keys)
    .bind(&accepted)
    .bind(&rejected)
    .bind(indices.len() as i64)
    .fetch_one(&mut *tx)
    .await?;
    if count == indices.len() as i64 {
        for &i in indices {
            first[i] = true;
        }
        return Ok(());
    }
    let mut claimed: HashMap<(Uuid, Uuid), HashSet<String>> = HashMap::new();
    let claimed_rows = claimed_tenants.unwrap_or_default().into_iter().zip(claimed_gateways.unwrap_or_default());
    for ((tenant_id, gateway_id), key) in claimed_rows.zip(claimed_keys.unwrap_or_default()) {
        claimed.entry((tenant_id, gateway_id)).or_default().insert(key);
    }
    for &i in indices {
        let b = &batches[i];
        first[i] = claimed
            .get_mut(&(b.gateway.tenant_id, b.gateway.gateway_id))
            .is_some_and(|keys| keys.remove(b.key.as_str()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_numbers_come_from_seq_keys_only() {
        assert_eq!(sequence_number("seq:0"), Some(0));
        assert_eq!(sequence_number("seq:18446744073709551615"), Some(u64::MAX));
        assert_eq!(sequence_number("seq:18446744073709551616"), None);
        assert_eq!(sequence_number("seq:-1"), None);
        assert_eq!(sequence_number("sha256:00ff"), None);
        assert_eq!(sequence_number("refused:00ff"), None);
    }

    #[test]
    fn positions_follow_postgresql_set_bit_on_bytea() {
        assert_eq!(position(0), (0, 0, 1));
        assert_eq!(position(9), (0, 1, 2));
        assert_eq!(position(1023), (0, 127, 128));
        assert_eq!(position(1024), (1, 0, 1));
        assert_eq!(position(u64::MAX), ((u64::MAX >> 10) as i64, 127, 128));
    }
}

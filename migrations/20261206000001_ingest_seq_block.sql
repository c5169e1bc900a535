-- Idempotency of sequenced gateway batches in bitmap blocks (issue 4, one reading per message).
--
-- A batch with a gateway sequence number (`seq`) used to claim one ingest_batch row: a heap tuple and a
-- unique-index entry per message. For gateways that send one reading per message that row cost
-- PostgreSQL more than the reading itself (about 11 us against 5 us, BENCHMARKS.md), and the table grew
-- by a row per message forever. Here a gateway's sequence numbers are kept 1,024 to a row: block
-- `seq >> 10`, bit `seq & 1023` of `seen` (byte bit/8, bit bit%8 with bit 0 the least significant, the
-- convention of PostgreSQL's set_bit on bytea). A group of a thousand consecutive messages touches one
-- or two rows. Batches without `seq` (keyed by the SHA-256 of the message) and refused messages keep
-- their ingest_batch row.
--
-- Writers lock the blocks they claim (INSERT .. ON CONFLICT DO UPDATE, in key order) before reading
-- their bits, so two writers claiming the same sequence number serialise: the second sees the first's
-- bit once the first commits, and skips the batch.

CREATE TABLE ingest_seq_block (
    tenant_id   uuid NOT NULL,
    gateway_id  uuid NOT NULL,
    block       bigint NOT NULL CHECK (block >= 0),
    seen        bytea NOT NULL CHECK (length(seen) = 128),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, gateway_id, block)
);
COMMENT ON TABLE ingest_seq_block IS 'Gateway sequence numbers already stored, 1,024 per row (block = seq >> 10, bit seq & 1023 of seen): written in the same transaction as the readings, so a re-delivered batch is stored once.';

ALTER TABLE ingest_seq_block ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ingest_seq_block USING (tenant_id = app_tenant())
    WITH CHECK (tenant_id = app_tenant());
GRANT SELECT ON ingest_seq_block TO foresight_app;
GRANT SELECT, INSERT, UPDATE ON ingest_seq_block TO foresight_ingest;

-- Sequence numbers already claimed as ingest_batch rows move into blocks, so a batch re-delivered
-- across the upgrade is still stored once. Keys that do not fit a u64 were never written by the
-- parser (`seq` is an unsigned 64-bit integer); numeric covers the whole range.
DO $$
DECLARE
    r record;
    zero bytea := decode(repeat('00', 128), 'hex');
BEGIN
    FOR r IN SELECT tenant_id, gateway_id, substr(batch_key, 5)::numeric AS seq
             FROM ingest_batch WHERE batch_key ~ '^seq:[0-9]{1,20}$'
    LOOP
        INSERT INTO ingest_seq_block AS b (tenant_id, gateway_id, block, seen)
        VALUES (r.tenant_id, r.gateway_id, floor(r.seq / 1024)::bigint, set_bit(zero, mod(r.seq, 1024)::int, 1))
        ON CONFLICT (tenant_id, gateway_id, block)
            DO UPDATE SET seen = set_bit(b.seen, mod(r.seq, 1024)::int, 1);
    END LOOP;
    DELETE FROM ingest_batch WHERE batch_key ~ '^seq:[0-9]{1,20}$';
END
$$;

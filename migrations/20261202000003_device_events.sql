-- Device events: what a device reports once (a fall, an SOS, a video detection, a DCS alarm), checked
-- against its thing model's event definition and stored by the ingest writer in the same transaction as
-- the readings and the batch key of the batch that carried them (docs/INGEST.md, "Events").
--
-- Idempotency comes from that batch key (ingest_batch): a re-delivered batch is skipped whole, so no
-- per-row unique key is needed. Events are rare next to readings: the table is not partitioned, and the
-- writer uses a multi-row INSERT rather than COPY.
--
-- The writer notifies pg_notify('foresight_device_event', ...) for every event it inserts, in the same
-- transaction, so listeners hear of an event only once it is committed (ARCHITECTURE.md).

CREATE TABLE device_event (
    tenant_id       uuid NOT NULL,
    event_id        uuid NOT NULL,
    device_id       uuid NOT NULL,
    site_id         uuid NOT NULL,
    zone_id         uuid,
    gateway_id      uuid,
    identifier      text NOT NULL,
    severity        text NOT NULL CHECK (severity IN ('info', 'warning', 'alarm', 'critical')),
    ts              timestamptz NOT NULL,
    source_ts       timestamptz NOT NULL,
    fields          jsonb NOT NULL DEFAULT '{}',
    unknown_fields  jsonb,
    received_at     timestamptz NOT NULL DEFAULT now(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, event_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES device ON DELETE CASCADE
);
COMMENT ON TABLE device_event IS 'Events reported by devices (fall, SOS, detections, DCS alarms), checked against the thing model. Append-only; idempotent per gateway batch (ingest_batch), not per row.';
COMMENT ON COLUMN device_event.event_id IS 'UUIDv7, so ids sort by insertion time: a listener that missed notifications catches up from the last id it saw.';
COMMENT ON COLUMN device_event.site_id IS 'The device''s site when the event was written (denormalised, not a foreign key: history keeps where it happened).';
COMMENT ON COLUMN device_event.zone_id IS 'The device''s zone when the event was written (denormalised so "events in a zone" is one index range; later moves of the device do not rewrite history).';
COMMENT ON COLUMN device_event.identifier IS 'The event''s identifier in the device''s thing model (fall_detected, sos, no_helmet, ...).';
COMMENT ON COLUMN device_event.severity IS 'From the thing model''s event definition, never from the payload.';
COMMENT ON COLUMN device_event.ts IS 'Platform time: the gateway''s timestamp corrected by its estimated clock offset.';
COMMENT ON COLUMN device_event.source_ts IS 'The timestamp exactly as the gateway sent it.';
COMMENT ON COLUMN device_event.fields IS 'The fields the model defines, checked, in canonical JSON (ints as integers, bools as booleans, enums by value).';
COMMENT ON COLUMN device_event.unknown_fields IS 'Fields the model does not define, as sent; NULL when none. Kept and flagged rather than refused, so a firmware ahead of its model cannot lose a fall or an SOS.';

CREATE INDEX device_event_zone_ts_idx ON device_event (tenant_id, zone_id, ts);
CREATE INDEX device_event_device_ts_idx ON device_event (tenant_id, device_id, ts);
-- The unfiltered list (newest first) and the site filter.
CREATE INDEX device_event_ts_idx ON device_event (tenant_id, ts);

ALTER TABLE device_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON device_event USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

GRANT SELECT ON device_event TO foresight_app;
-- The writer inserts without RETURNING, so INSERT alone suffices; it never reads events back.
GRANT INSERT ON device_event TO foresight_ingest;

-- Telemetry: thing models, gateways, devices, the reading store, latest values, ingest bookkeeping and
-- the dead-letter store.
--
-- Write path: readings are written with binary COPY by the ingest writer, which connects as
-- foresight_ingest. PostgreSQL does not support COPY FROM into a table with row-level security for a
-- role subject to it, so that role has BYPASSRLS and may only INSERT into the telemetry tables (and
-- read what it needs to resolve devices). It takes tenant_id from the authenticated gateway, never from
-- a payload. Everyone else (foresight_app) reads telemetry under row-level security as usual.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'foresight_ingest') THEN
        BEGIN
            CREATE ROLE foresight_ingest LOGIN BYPASSRLS;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO foresight_ingest;

CREATE TABLE thing_model (
    tenant_id       uuid NOT NULL REFERENCES tenant,
    thing_model_id  uuid NOT NULL,
    identifier      text NOT NULL,
    revision        integer NOT NULL,
    name            text NOT NULL,
    category        text NOT NULL DEFAULT '',
    definition      jsonb NOT NULL,
    source          text NOT NULL DEFAULT 'custom' CHECK (source IN ('custom', 'preset', 'tsl', 'wot')),
    created_by      uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, thing_model_id),
    CONSTRAINT thing_model_revision_unique UNIQUE (tenant_id, identifier, revision)
);
COMMENT ON TABLE thing_model IS 'A device type''s typed properties, events and commands. Rows are immutable revisions: saving a model adds a revision, so readings stay interpretable by the revision their device used.';
COMMENT ON COLUMN thing_model.definition IS 'The model as foresight_telemetry::model::ThingModel (JSON).';

CREATE TABLE gateway (
    tenant_id        uuid NOT NULL REFERENCES tenant,
    gateway_id       uuid NOT NULL,
    site_id          uuid NOT NULL,
    code             text NOT NULL,
    name             text NOT NULL,
    secret_hash      bytea NOT NULL,
    clock_offset_ms  bigint NOT NULL DEFAULT 0,
    last_seen_at     timestamptz,
    version          integer NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, gateway_id),
    FOREIGN KEY (tenant_id, site_id) REFERENCES site,
    CONSTRAINT gateway_code_unique UNIQUE (tenant_id, code)
);
COMMENT ON TABLE gateway IS 'A plant gateway that publishes batches of readings; its credential decides the tenant of everything it sends.';
COMMENT ON COLUMN gateway.clock_offset_ms IS 'Estimated platform time minus gateway time, used to align readings.';

CREATE TABLE device (
    tenant_id       uuid NOT NULL,
    device_id       uuid NOT NULL,
    site_id         uuid NOT NULL,
    zone_id         uuid,
    gateway_id      uuid,
    thing_model_id  uuid NOT NULL,
    code            text NOT NULL,
    name            text NOT NULL,
    position_x      double precision,
    position_y      double precision,
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'maintenance', 'retired')),
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, device_id),
    FOREIGN KEY (tenant_id, site_id) REFERENCES site,
    CONSTRAINT device_zone_fk FOREIGN KEY (tenant_id, zone_id) REFERENCES zone,
    CONSTRAINT device_gateway_fk FOREIGN KEY (tenant_id, gateway_id) REFERENCES gateway,
    CONSTRAINT device_model_fk FOREIGN KEY (tenant_id, thing_model_id) REFERENCES thing_model,
    CONSTRAINT device_code_unique UNIQUE (tenant_id, code)
);
COMMENT ON TABLE device IS 'A registered sensor or machine: its thing model revision, zone, gateway and position on the site plan.';
COMMENT ON COLUMN device.code IS 'The key gateways use for the device in their payloads; unique in the tenant.';
CREATE INDEX device_gateway_idx ON device (tenant_id, gateway_id);

CREATE TABLE series (
    tenant_id   uuid NOT NULL,
    series_id   bigint GENERATED ALWAYS AS IDENTITY,
    device_id   uuid NOT NULL,
    property    text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, series_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES device ON DELETE CASCADE,
    CONSTRAINT series_unique UNIQUE (tenant_id, device_id, property)
);
COMMENT ON TABLE series IS 'One property of one device. Readings carry the 8-byte series id instead of two keys, which keeps the reading row narrow and its index small.';
CREATE UNIQUE INDEX series_id_idx ON series (series_id);

CREATE TABLE reading (
    tenant_id   uuid NOT NULL,
    series_id   bigint NOT NULL,
    ts          timestamptz NOT NULL,
    source_ts   timestamptz NOT NULL,
    value       double precision,
    text_value  text
) PARTITION BY RANGE (ts);
COMMENT ON TABLE reading IS 'Telemetry, partitioned by day on platform time. No primary key: idempotency is per gateway batch (ingest_batch), which costs far less than a unique index per reading (see BENCHMARKS.md).';
COMMENT ON COLUMN reading.ts IS 'Platform time: the gateway''s timestamp corrected by its estimated clock offset.';
COMMENT ON COLUMN reading.source_ts IS 'The timestamp exactly as the gateway sent it.';
COMMENT ON COLUMN reading.text_value IS 'For text and enum properties; NULL when value holds the reading.';
CREATE INDEX reading_series_ts_idx ON reading (series_id, ts);
CREATE TABLE reading_default PARTITION OF reading DEFAULT;

-- Creates the daily partitions covering [from_day, from_day + days). Readings outside every daily
-- partition land in reading_default rather than being refused.
-- SECURITY DEFINER: partitions must be created by the table's owner; callers only choose the days.
CREATE FUNCTION ensure_reading_partitions(from_day date, days integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    d date;
    created integer := 0;
    name text;
BEGIN
    FOR i IN 0 .. days - 1 LOOP
        d := from_day + i;
        name := 'reading_' || to_char(d, 'YYYYMMDD');
        IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF reading FOR VALUES FROM (%L) TO (%L)',
                           name, d::timestamptz AT TIME ZONE 'UTC', (d + 1)::timestamptz AT TIME ZONE 'UTC');
            created := created + 1;
        END IF;
    END LOOP;
    RETURN created;
END
$$;
SELECT ensure_reading_partitions((now() AT TIME ZONE 'UTC')::date - 1, 3);

CREATE TABLE latest_value (
    tenant_id   uuid NOT NULL,
    series_id   bigint NOT NULL,
    device_id   uuid NOT NULL,
    property    text NOT NULL,
    ts          timestamptz NOT NULL,
    value       double precision,
    text_value  text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, series_id)
);
COMMENT ON TABLE latest_value IS 'The newest reading of every series, kept by the ingest writer so dashboards never scan history.';
CREATE INDEX latest_value_device_idx ON latest_value (tenant_id, device_id);

CREATE TABLE ingest_batch (
    tenant_id    uuid NOT NULL,
    gateway_id   uuid NOT NULL,
    batch_key    text NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    accepted     integer NOT NULL,
    rejected     integer NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, gateway_id, batch_key)
);
COMMENT ON TABLE ingest_batch IS 'Batches already stored, by the gateway''s sequence number (or a hash of the message): written in the same transaction as the readings, so a re-delivered batch is stored once.';

CREATE TABLE dead_letter (
    tenant_id       uuid NOT NULL,
    dead_letter_id  uuid NOT NULL,
    gateway_id      uuid,
    received_at     timestamptz NOT NULL DEFAULT now(),
    reason          text NOT NULL,
    detail          text NOT NULL DEFAULT '',
    device_code     text,
    property        text,
    payload         jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, dead_letter_id)
);
COMMENT ON TABLE dead_letter IS 'Every rejected reading or message with its reason; nothing is dropped silently.';
COMMENT ON COLUMN dead_letter.payload IS 'The rejected item (or the start of a rejected message), for diagnosis.';
CREATE INDEX dead_letter_gateway_idx ON dead_letter (tenant_id, gateway_id, received_at);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['thing_model', 'gateway', 'device', 'series', 'reading', 'latest_value',
                             'ingest_batch', 'dead_letter']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) '
                       'WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON thing_model, gateway, device TO foresight_app;
GRANT SELECT ON series, reading, latest_value, ingest_batch TO foresight_app;
GRANT SELECT, DELETE ON dead_letter TO foresight_app;
GRANT SELECT ON tenant, site, gateway, device, thing_model, series, ingest_batch, latest_value TO foresight_ingest;
GRANT INSERT ON series, reading, latest_value, ingest_batch, dead_letter TO foresight_ingest;
GRANT UPDATE ON latest_value, gateway TO foresight_ingest;
REVOKE ALL ON FUNCTION ensure_reading_partitions(date, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ensure_reading_partitions(date, integer) TO foresight_ingest;

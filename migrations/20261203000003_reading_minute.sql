-- Per-minute rollup of readings, kept by the ingest writer in the same transaction as the readings.
--
-- Why: a chart of one device over a month reads every reading of that month (half a million for a
-- reading every 5 s), scattered over the heap: seconds per chart (BENCHMARKS.md, "Chart query").
-- From this table the same month is 43,200 rows of one index range. It is what TimescaleDB's
-- continuous aggregates would give, kept here so plain PostgreSQL gets it too.
--
-- Exactly once: the writer adds a group's readings here in the transaction that claims the
-- group's idempotency keys, so a re-delivered batch (whose key is already claimed) adds nothing.
-- Text readings count in `readings` but not in the value columns.
CREATE TABLE reading_minute (
    tenant_id  uuid NOT NULL,
    series_id  bigint NOT NULL,
    minute     timestamptz NOT NULL,
    readings          bigint NOT NULL,
    numeric_readings  bigint NOT NULL,
    value_sum         double precision,
    value_min         double precision,
    value_max         double precision,
    PRIMARY KEY (tenant_id, series_id, minute)
);
COMMENT ON TABLE reading_minute IS 'Count, sum, min and max of each series per minute of platform time, kept by the ingest writer with the readings; chart buckets of whole minutes are read from here.';
COMMENT ON COLUMN reading_minute.readings IS 'All readings of the minute, text ones included.';
COMMENT ON COLUMN reading_minute.numeric_readings IS 'Readings with a numeric value: the divisor of the average.';

ALTER TABLE reading_minute ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON reading_minute USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT ON reading_minute TO foresight_app;
GRANT SELECT, INSERT, UPDATE ON reading_minute TO foresight_ingest;

-- Recomputes the rollup of [from_ts, to_ts) (whole minutes) from the reading table: the backfill
-- below, and a repair tool for operators (for example after loading readings by hand).
CREATE FUNCTION rebuild_reading_minute(from_ts timestamptz, to_ts timestamptz) RETURNS bigint
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    -- date_bin, not date_trunc: minutes counted from the epoch, whatever the session's time zone.
    lo timestamptz := date_bin('1 minute', from_ts, 'epoch');
    hi timestamptz := date_bin('1 minute', to_ts, 'epoch');
    written bigint;
BEGIN
    DELETE FROM reading_minute WHERE minute >= lo AND minute < hi;
    INSERT INTO reading_minute (tenant_id, series_id, minute, readings, numeric_readings, value_sum, value_min, value_max)
    SELECT tenant_id, series_id, date_bin('1 minute', ts, 'epoch'), count(*), count(value), sum(value), min(value), max(value)
    FROM reading WHERE ts >= lo AND ts < hi
    GROUP BY tenant_id, series_id, date_bin('1 minute', ts, 'epoch');
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END
$$;
REVOKE ALL ON FUNCTION rebuild_reading_minute(timestamptz, timestamptz) FROM PUBLIC;

SELECT rebuild_reading_minute('-infinity', 'infinity');

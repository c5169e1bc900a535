-- The dynamic risk engine: dynamic factors, expert rules (versioned), the learned-normal models per site,
-- the zone risk history behind the heat map and its replay, risk paths opened by rules, and the outbox of
-- rule instructions.
--
-- The cycle (crates/foresight-engine) runs as foresight_app under row-level security, one transaction per
-- site with that site's tenant set; the only crossing of tenants is risk_engine_sites() below, which lists
-- the sites to assess (ids and time zones, nothing else) so the periodic worker knows which tenants exist.

-- Night shift of the tenant's shift calendar, in the site's local time. Defaults: 20:00 to 08:00.
ALTER TABLE risk_settings
    ADD COLUMN night_shift_start time NOT NULL DEFAULT '20:00',
    ADD COLUMN night_shift_end   time NOT NULL DEFAULT '08:00';
COMMENT ON COLUMN risk_settings.night_shift_start IS 'Start of the night shift, site local time; the risk engine''s night_shift input is true from here to night_shift_end (wrapping midnight).';

CREATE TABLE risk_factor (
    tenant_id       uuid NOT NULL REFERENCES tenant,
    risk_factor_id  uuid NOT NULL,
    code            text NOT NULL,
    name            text NOT NULL,
    definition      jsonb NOT NULL,
    enabled         boolean NOT NULL DEFAULT true,
    version         integer NOT NULL DEFAULT 1,
    created_by      uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, risk_factor_id),
    CONSTRAINT risk_factor_code_unique UNIQUE (tenant_id, code)
);
COMMENT ON TABLE risk_factor IS 'A dynamic condition factor: when its condition holds on a zone''s live inputs it multiplies L and/or E of the hazards it applies to.';
COMMENT ON COLUMN risk_factor.code IS 'The factor''s id inside the definition (cold_below_5c), referenced by expert rules'' adjust_factor actions.';
COMMENT ON COLUMN risk_factor.definition IS 'foresight_risk::factors::Factor as JSON, validated on save.';

CREATE TABLE expert_rule (
    tenant_id       uuid NOT NULL REFERENCES tenant,
    expert_rule_id  uuid NOT NULL,
    code            text NOT NULL,
    name            text NOT NULL,
    definition      jsonb NOT NULL,
    enabled         boolean NOT NULL DEFAULT true,
    version         integer NOT NULL DEFAULT 1,
    created_by      uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, expert_rule_id),
    CONSTRAINT expert_rule_code_unique UNIQUE (tenant_id, code)
);
COMMENT ON TABLE expert_rule IS 'An expert condition -> action rule (experience from past incidents, written as data).';
COMMENT ON COLUMN expert_rule.definition IS 'foresight_risk::rules::Rule as JSON, validated on save (including references to factors).';

CREATE TABLE expert_rule_revision (
    tenant_id       uuid NOT NULL,
    expert_rule_id  uuid NOT NULL,
    version         integer NOT NULL,
    definition      jsonb NOT NULL,
    enabled         boolean NOT NULL,
    changed_by      uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, expert_rule_id, version),
    FOREIGN KEY (tenant_id, expert_rule_id) REFERENCES expert_rule ON DELETE CASCADE
);
COMMENT ON TABLE expert_rule_revision IS 'Every saved version of an expert rule, so a risk path or an instruction can be traced to the exact rule.';

CREATE TABLE normal_model (
    tenant_id        uuid NOT NULL,
    normal_model_id  uuid NOT NULL,
    site_id          uuid NOT NULL,
    version          integer NOT NULL,
    variables        text[] NOT NULL,
    model            jsonb NOT NULL,
    window_start     timestamptz NOT NULL,
    window_end       timestamptz NOT NULL,
    trained_at       timestamptz NOT NULL DEFAULT now(),
    trained_by       uuid,
    active           boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, normal_model_id),
    FOREIGN KEY (tenant_id, site_id) REFERENCES site ON DELETE CASCADE,
    CONSTRAINT normal_model_version_unique UNIQUE (tenant_id, site_id, version)
);
COMMENT ON TABLE normal_model IS 'Trained versions of a site''s learned-normal model (foresight_risk::normal::NormalModel as JSON); at most one active per site.';
COMMENT ON COLUMN normal_model.variables IS 'Model variables as "<device code>.<property>", in model order.';
CREATE UNIQUE INDEX normal_model_one_active_idx ON normal_model (tenant_id, site_id) WHERE active;

-- Zone risk history: one row per zone per cycle (every 15 s by default).
--
-- Volume decides the shape: 1,000 zones every 15 s is 5.8 million rows a day. The table is partitioned by
-- day on `at` (like reading), so retention drops whole partitions (drop_zone_risk_partitions_before) instead
-- of deleting rows, and a replay at a moment touches one partition. Rows stay small: contributions hold only
-- inputs that moved (rounded), and `inputs` the zone's named input snapshot, active factors and fired rules
-- (what a rule back-test replays), not the hazard list (the drill-down recomputes dynamic hazard grades from
-- the stored active factors). Retention is the engine's RISK_HISTORY_DAYS (default 90).
CREATE TABLE zone_risk (
    tenant_id       uuid NOT NULL,
    zone_id         uuid NOT NULL,
    at              timestamptz NOT NULL,
    site_id         uuid NOT NULL,
    value           double precision NOT NULL,
    grade           text NOT NULL CHECK (grade IN ('unassessed', 'blue', 'yellow', 'orange', 'red')),
    value_grade     text NOT NULL CHECK (value_grade IN ('blue', 'yellow', 'orange', 'red')),
    baseline_value  double precision NOT NULL,
    contributions   jsonb NOT NULL,
    inputs          jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, zone_id, at)
) PARTITION BY RANGE (at);
COMMENT ON TABLE zone_risk IS 'A zone''s fused risk at one cycle: value 0..100, grade (unassessed when no hazard of the zone is assessed), Shapley contributions against the normal-conditions baseline, and the inputs. Partitioned by day; see the migration for retention.';
COMMENT ON COLUMN zone_risk.contributions IS '[{"input": name, "value": points}] for inputs away from their baseline; they sum to value - baseline_value.';
COMMENT ON COLUMN zone_risk.inputs IS '{"snapshot": {name: number|bool}, "factors": [{id, name, intensity}], "rules": [rule ids fired], "paths": [...], "signals": {...}}.';
CREATE INDEX zone_risk_site_at_idx ON zone_risk (tenant_id, site_id, at);
CREATE TABLE zone_risk_default PARTITION OF zone_risk DEFAULT;

-- Daily partitions of zone_risk for [from_day, from_day + days); SECURITY DEFINER because partitions must
-- be created by the table's owner. The engine calls it at start and once a day.
CREATE FUNCTION ensure_zone_risk_partitions(from_day date, days integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    d date;
    created integer := 0;
    name text;
BEGIN
    IF days < 1 OR days > 31 THEN
        RAISE EXCEPTION 'days must be 1 to 31';
    END IF;
    FOR i IN 0 .. days - 1 LOOP
        d := from_day + i;
        name := 'zone_risk_' || to_char(d, 'YYYYMMDD');
        IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF zone_risk FOR VALUES FROM (%L) TO (%L)',
                           name, d::timestamptz AT TIME ZONE 'UTC', (d + 1)::timestamptz AT TIME ZONE 'UTC');
            created := created + 1;
        END IF;
    END LOOP;
    RETURN created;
END
$$;

-- Retention: drops the daily partitions of days before `before_day` (never the default partition). It
-- refuses to drop the last 7 days, so the application role it is granted to cannot wipe recent history.
CREATE FUNCTION drop_zone_risk_partitions_before(before_day date) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    r record;
    dropped integer := 0;
BEGIN
    IF before_day > (now() AT TIME ZONE 'UTC')::date - 7 THEN
        RAISE EXCEPTION 'zone risk history of the last 7 days is kept';
    END IF;
    FOR r IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = 'zone_risk'::regclass AND c.relname ~ '^zone_risk_[0-9]{8}$'
    LOOP
        IF to_date(substr(r.relname, 11), 'YYYYMMDD') < before_day THEN
            EXECUTE format('DROP TABLE %I', r.relname);
            dropped := dropped + 1;
        END IF;
    END LOOP;
    RETURN dropped;
END
$$;
SELECT ensure_zone_risk_partitions((now() AT TIME ZONE 'UTC')::date - 1, 3);

-- Risk paths opened by expert rules (for the alerts issue that comes next). A path is open while its rule
-- keeps firing for the zone; the row is opened on the rising edge and closed when the rule stops firing,
-- so restarts and several nodes see the same edges.
CREATE TABLE risk_path_event (
    tenant_id           uuid NOT NULL,
    risk_path_event_id  uuid NOT NULL,
    site_id             uuid NOT NULL,
    zone_id             uuid NOT NULL,
    expert_rule_id      uuid NOT NULL,
    rule_version        integer NOT NULL,
    path                text NOT NULL,
    opened_at           timestamptz NOT NULL,
    closed_at           timestamptz,
    snapshot            jsonb NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, risk_path_event_id),
    FOREIGN KEY (tenant_id, expert_rule_id) REFERENCES expert_rule ON DELETE CASCADE
);
COMMENT ON TABLE risk_path_event IS 'A risk path (human_machine_conflict, ...) an expert rule opened in a zone: open while closed_at is NULL.';
COMMENT ON COLUMN risk_path_event.snapshot IS 'The zone''s inputs at the rising edge, for the investigation.';
CREATE UNIQUE INDEX risk_path_event_open_idx ON risk_path_event (tenant_id, zone_id, expert_rule_id, path)
    WHERE closed_at IS NULL;

-- Instructions of firing rules, recorded on the rising edge. Delivery (device commands, webhooks,
-- notifications to people) is the next issue's: it reads undelivered rows and sets delivered_at.
CREATE TABLE risk_instruction_outbox (
    tenant_id       uuid NOT NULL,
    instruction_id  uuid NOT NULL,
    site_id         uuid NOT NULL,
    zone_id         uuid NOT NULL,
    expert_rule_id  uuid NOT NULL,
    rule_version    integer NOT NULL,
    channel         jsonb NOT NULL,
    message_zh      text NOT NULL,
    message_en      text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, instruction_id),
    FOREIGN KEY (tenant_id, expert_rule_id) REFERENCES expert_rule ON DELETE CASCADE
);
COMMENT ON TABLE risk_instruction_outbox IS 'An instruction a firing expert rule asked for (foresight_risk::rules::Channel as JSON), waiting for delivery.';
CREATE INDEX risk_instruction_outbox_pending_idx ON risk_instruction_outbox (tenant_id, created_at)
    WHERE delivered_at IS NULL;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['risk_factor', 'expert_rule', 'expert_rule_revision', 'normal_model', 'zone_risk',
                             'risk_path_event', 'risk_instruction_outbox']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) '
                       'WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END
$$;

-- The sites the periodic risk cycle assesses, across tenants (active tenants only). The worker then opens
-- one transaction per site with that tenant set; nothing else crosses tenants.
CREATE FUNCTION risk_engine_sites() RETURNS TABLE (tenant_id uuid, site_id uuid, timezone text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT s.tenant_id, s.site_id, s.timezone FROM site s JOIN tenant t ON t.tenant_id = s.tenant_id
    WHERE t.status = 'active' ORDER BY s.tenant_id, s.site_id
$$;
REVOKE ALL ON FUNCTION risk_engine_sites() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION risk_engine_sites() TO foresight_app;
REVOKE ALL ON FUNCTION ensure_zone_risk_partitions(date, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ensure_zone_risk_partitions(date, integer) TO foresight_app;
REVOKE ALL ON FUNCTION drop_zone_risk_partitions_before(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION drop_zone_risk_partitions_before(date) TO foresight_app;

GRANT SELECT, INSERT, UPDATE, DELETE ON risk_factor, expert_rule, normal_model TO foresight_app;
GRANT SELECT, INSERT ON expert_rule_revision, zone_risk, risk_instruction_outbox TO foresight_app;
GRANT SELECT, INSERT, UPDATE ON risk_path_event TO foresight_app;
-- The engine reads active alarms of the zones (raised by the ingest side).
GRANT SELECT ON alarm_rule, alarm TO foresight_app;

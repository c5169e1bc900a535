-- No-code alarm rules, their per-device evaluation state, and the alarms they raise.

CREATE TABLE alarm_rule (
    tenant_id                uuid NOT NULL REFERENCES tenant,
    alarm_rule_id            uuid NOT NULL,
    name                     text NOT NULL,
    thing_model_identifier   text,
    device_id                uuid,
    definition               jsonb NOT NULL,
    enabled                  boolean NOT NULL DEFAULT true,
    version                  integer NOT NULL DEFAULT 1,
    created_by               uuid,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, alarm_rule_id),
    CONSTRAINT alarm_rule_device_fk FOREIGN KEY (tenant_id, device_id) REFERENCES device ON DELETE CASCADE,
    CONSTRAINT alarm_rule_one_scope CHECK (num_nonnulls(thing_model_identifier, device_id) = 1)
);
COMMENT ON TABLE alarm_rule IS 'A no-code alarm rule for every device of a thing model (by identifier, so new revisions keep it) or for one device.';
COMMENT ON COLUMN alarm_rule.definition IS 'foresight_telemetry::rules::AlarmRule as JSON.';
COMMENT ON COLUMN alarm_rule.version IS 'Bumped by every change; evaluation state of an older version is discarded.';

CREATE TABLE alarm_rule_revision (
    tenant_id      uuid NOT NULL,
    alarm_rule_id  uuid NOT NULL,
    version        integer NOT NULL,
    definition     jsonb NOT NULL,
    changed_by     uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, alarm_rule_id, version),
    FOREIGN KEY (tenant_id, alarm_rule_id) REFERENCES alarm_rule ON DELETE CASCADE
);
COMMENT ON TABLE alarm_rule_revision IS 'Every saved version of a rule, so an alarm can be traced to the exact rule that raised it.';

CREATE TABLE alarm_rule_state (
    tenant_id      uuid NOT NULL,
    alarm_rule_id  uuid NOT NULL,
    device_id      uuid NOT NULL,
    rule_version   integer NOT NULL,
    state          jsonb NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, alarm_rule_id, device_id),
    FOREIGN KEY (tenant_id, alarm_rule_id) REFERENCES alarm_rule ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, device_id) REFERENCES device ON DELETE CASCADE
);
COMMENT ON TABLE alarm_rule_state IS 'Timers and history of one rule on one device, saved with every evaluation so a restart resumes them.';

CREATE TABLE alarm (
    tenant_id        uuid NOT NULL,
    alarm_id         uuid NOT NULL,
    alarm_rule_id    uuid NOT NULL,
    rule_version     integer NOT NULL,
    device_id        uuid NOT NULL,
    zone_id          uuid,
    severity         text NOT NULL CHECK (severity IN ('info', 'warning', 'alarm', 'critical')),
    status           text NOT NULL CHECK (status IN ('active', 'cleared')),
    raised_at        timestamptz NOT NULL,
    cleared_at       timestamptz,
    escalated_at     timestamptz,
    value            double precision,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, alarm_id),
    FOREIGN KEY (tenant_id, alarm_rule_id) REFERENCES alarm_rule ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, device_id) REFERENCES device ON DELETE CASCADE
);
COMMENT ON TABLE alarm IS 'An alarm raised by a rule on a device: active until its condition clears.';
CREATE INDEX alarm_active_idx ON alarm (tenant_id, status, raised_at);
CREATE UNIQUE INDEX alarm_one_active_idx ON alarm (tenant_id, alarm_rule_id, device_id) WHERE status = 'active';

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['alarm_rule', 'alarm_rule_revision', 'alarm_rule_state', 'alarm']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) '
                       'WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON alarm_rule, alarm_rule_state TO foresight_app;
GRANT SELECT, INSERT ON alarm_rule_revision TO foresight_app;
GRANT SELECT ON alarm TO foresight_app;
-- The ingest side evaluates rules as readings arrive and keeps their state and alarms.
GRANT SELECT ON alarm_rule TO foresight_ingest;
GRANT SELECT, INSERT, UPDATE ON alarm_rule_state, alarm TO foresight_ingest;

-- Alerts and their three-level review (issue 6): what opens them (zone risk, device alarms, device events,
-- risk paths), their occurrences, the review state (foresight_alerts::review::Alert as JSON, the single
-- source of truth; the columns beside it mirror it for queries), every transition, the corrective actions,
-- the per-tenant policy, and the notifications: an in-app inbox, per-user preferences, webhooks and the
-- transactional outbox that webhooks and MQTT downlinks are delivered from.
--
-- Everything an alert transition causes (the review state, its transition row, the audit event, inbox
-- items, outbox rows, the pg_notify that feeds the browsers' SSE streams) is written in one transaction, so
-- a process that dies after the commit loses no notification and one that dies before it sent none.

CREATE TABLE alert_policy (
    tenant_id                uuid NOT NULL REFERENCES tenant,
    zone_grade               text NOT NULL DEFAULT 'orange' CHECK (zone_grade IN ('blue', 'yellow', 'orange', 'red')),
    alarm_severity           text NOT NULL DEFAULT 'alarm' CHECK (alarm_severity IN ('warning', 'alarm', 'critical')),
    event_severity           text NOT NULL DEFAULT 'critical' CHECK (event_severity IN ('warning', 'alarm', 'critical')),
    correlation_window_secs  integer NOT NULL DEFAULT 600 CHECK (correlation_window_secs BETWEEN 30 AND 86400),
    flap_limit               integer NOT NULL DEFAULT 3 CHECK (flap_limit BETWEEN 2 AND 100),
    flap_window_secs         integer NOT NULL DEFAULT 3600 CHECK (flap_window_secs BETWEEN 60 AND 604800),
    deadlines                jsonb NOT NULL,
    version                  integer NOT NULL DEFAULT 1,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id)
);
COMMENT ON TABLE alert_policy IS 'When alerts open and how long each review level may take; a tenant without a row uses the defaults (foresight_alerts::policy).';
COMMENT ON COLUMN alert_policy.deadlines IS '{"engineer_review": {"red": secs, "orange": ..., "yellow": ..., "blue": ...}, "final_review": {...}}';

CREATE TABLE alert (
    tenant_id           uuid NOT NULL,
    alert_id            uuid NOT NULL,
    site_id             uuid NOT NULL,
    zone_id             uuid NOT NULL,
    source              text NOT NULL CHECK (source IN ('zone_risk', 'device_alarm', 'device_event', 'risk_path')),
    cause               text NOT NULL CHECK (length(cause) BETWEEN 1 AND 300),
    title               text NOT NULL,
    title_en            text NOT NULL,
    severity            smallint NOT NULL CHECK (severity BETWEEN 1 AND 4),
    stage               text NOT NULL CHECK (stage IN ('screening', 'dismissed', 'engineer_review', 'awaiting_data',
                                                       'final_review', 'actions_open', 'closed')),
    escalation          smallint NOT NULL DEFAULT 0,
    review              jsonb NOT NULL,
    screening           jsonb,
    decided_by          uuid,
    evidence            jsonb NOT NULL DEFAULT '{}',
    opened_at           timestamptz NOT NULL,
    last_occurrence_at  timestamptz NOT NULL,
    occurrences         integer NOT NULL DEFAULT 1,
    deadline_at         timestamptz,
    closed_at           timestamptz,
    version             integer NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, alert_id),
    FOREIGN KEY (tenant_id, zone_id) REFERENCES zone ON DELETE CASCADE
);
COMMENT ON TABLE alert IS 'A high-risk conclusion under review: system screening, workshop engineer, plant safety, corrective actions.';
COMMENT ON COLUMN alert.cause IS 'What raised it, stable per source (zone_risk; alarm:<rule>:<device>; event:<device>:<identifier>; path:<rule>:<path>): signals of the same zone and cause within the window join one alert.';
COMMENT ON COLUMN alert.severity IS '1 blue .. 4 red: the highest of its occurrences.';
COMMENT ON COLUMN alert.review IS 'foresight_alerts::review::Alert as JSON: stage, decision, escalation, actions, history. The state machine is the only writer.';
COMMENT ON COLUMN alert.screening IS '{"outcome": "confirmed"|"dismissed", "reason": ..., "reasoning": zh-CN, "reasoning_en": ...}';
COMMENT ON COLUMN alert.decided_by IS 'The level-2 decider while a decision stands (mirrors review.decision), so "final reviews I may do" is a query.';
COMMENT ON COLUMN alert.evidence IS 'What was known when it opened: the signal, the zone risk row (contributions, factors, rules), the device and property.';
COMMENT ON COLUMN alert.deadline_at IS 'When the current review level must have acted; NULL at the ends. A missed deadline escalates (persisted, so a restart keeps the clock).';
CREATE INDEX alert_key_idx ON alert (tenant_id, zone_id, cause, opened_at DESC);
CREATE INDEX alert_stage_idx ON alert (tenant_id, stage, deadline_at);
CREATE INDEX alert_opened_idx ON alert (tenant_id, opened_at DESC);
-- The deadline worker's cross-tenant listing.
CREATE INDEX alert_deadline_idx ON alert (deadline_at) WHERE deadline_at IS NOT NULL;

CREATE TABLE alert_occurrence (
    tenant_id      uuid NOT NULL,
    alert_id       uuid NOT NULL,
    occurrence_id  uuid NOT NULL,
    source_ref     text NOT NULL,
    at             timestamptz NOT NULL,
    severity       smallint NOT NULL CHECK (severity BETWEEN 1 AND 4),
    detail         text NOT NULL DEFAULT '',
    detail_en      text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, alert_id, occurrence_id),
    FOREIGN KEY (tenant_id, alert_id) REFERENCES alert ON DELETE CASCADE
);
COMMENT ON TABLE alert_occurrence IS 'One signal that opened or joined an alert.';
COMMENT ON COLUMN alert_occurrence.source_ref IS 'The signal''s own identity (alarm:<alarm_id>, event:<event_id>, zone_risk:<zone>:<cycle time>, path:<risk_path_event_id>): unique, so a signal seen twice (a notification and a catch-up) is counted once.';
CREATE UNIQUE INDEX alert_occurrence_source_idx ON alert_occurrence (tenant_id, source_ref);
CREATE INDEX alert_occurrence_at_idx ON alert_occurrence (tenant_id, alert_id, at DESC);

CREATE TABLE alert_transition (
    tenant_id    uuid NOT NULL,
    alert_id     uuid NOT NULL,
    seq          integer NOT NULL,
    at           timestamptz NOT NULL,
    actor_kind   text NOT NULL CHECK (actor_kind IN ('system', 'person')),
    actor_id     uuid,
    actor_name   text NOT NULL,
    command      jsonb NOT NULL,
    from_stage   text NOT NULL,
    to_stage     text NOT NULL,
    audit_seq    bigint NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, alert_id, seq),
    FOREIGN KEY (tenant_id, alert_id) REFERENCES alert ON DELETE CASCADE
);
COMMENT ON TABLE alert_transition IS 'Every accepted review command (append-only), with the audit event that records it.';

CREATE TABLE alert_action (
    tenant_id   uuid NOT NULL,
    action_id   uuid NOT NULL,
    alert_id    uuid NOT NULL,
    title       text NOT NULL,
    owner_id    uuid NOT NULL,
    due_at      timestamptz NOT NULL,
    done_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, action_id),
    FOREIGN KEY (tenant_id, alert_id) REFERENCES alert ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, owner_id) REFERENCES app_user
);
COMMENT ON TABLE alert_action IS 'A corrective action (mirrors the review state''s actions, for the actions board).';
CREATE INDEX alert_action_owner_idx ON alert_action (tenant_id, owner_id, due_at) WHERE done_at IS NULL;
CREATE INDEX alert_action_alert_idx ON alert_action (tenant_id, alert_id);

CREATE TABLE notification_preference (
    tenant_id          uuid NOT NULL,
    user_id            uuid NOT NULL,
    inbox_min_grade    text NOT NULL DEFAULT 'yellow' CHECK (inbox_min_grade IN ('blue', 'yellow', 'orange', 'red')),
    browser_min_grade  text NOT NULL DEFAULT 'orange' CHECK (browser_min_grade IN ('blue', 'yellow', 'orange', 'red')),
    version            integer NOT NULL DEFAULT 1,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user ON DELETE CASCADE
);
COMMENT ON TABLE notification_preference IS 'Which alerts a person is told of, by channel and lowest grade. Absent: the defaults. Whatever the preference, an alert that waits for the person''s own review always reaches the inbox.';

CREATE TABLE inbox_item (
    tenant_id      uuid NOT NULL,
    inbox_item_id  uuid NOT NULL,
    user_id        uuid NOT NULL,
    alert_id       uuid NOT NULL,
    severity       smallint NOT NULL CHECK (severity BETWEEN 1 AND 4),
    title          text NOT NULL,
    title_en       text NOT NULL,
    body           text NOT NULL,
    body_en        text NOT NULL,
    read_at        timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, inbox_item_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, alert_id) REFERENCES alert ON DELETE CASCADE
);
COMMENT ON TABLE inbox_item IS 'The in-app inbox: written in the transaction of the transition it tells of.';
CREATE INDEX inbox_item_user_idx ON inbox_item (tenant_id, user_id, created_at DESC);

CREATE TABLE webhook (
    tenant_id   uuid NOT NULL REFERENCES tenant,
    webhook_id  uuid NOT NULL,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    url         text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    secret      text NOT NULL,
    min_grade   text NOT NULL DEFAULT 'orange' CHECK (min_grade IN ('blue', 'yellow', 'orange', 'red')),
    enabled     boolean NOT NULL DEFAULT true,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, webhook_id)
);
COMMENT ON TABLE webhook IS 'An HTTP endpoint told of alert events (HMAC-SHA256 signed, retried with backoff; docs/WEBHOOKS.md).';
COMMENT ON COLUMN webhook.secret IS 'The signing key, shown once on creation; never returned afterwards.';

CREATE TABLE notification_outbox (
    tenant_id        uuid NOT NULL,
    notification_id  uuid NOT NULL,
    alert_id         uuid NOT NULL,
    channel          text NOT NULL CHECK (channel IN ('webhook', 'downlink')),
    target           jsonb NOT NULL,
    event            text NOT NULL,
    payload          jsonb NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    failed_at        timestamptz,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, notification_id),
    FOREIGN KEY (tenant_id, alert_id) REFERENCES alert ON DELETE CASCADE
);
COMMENT ON TABLE notification_outbox IS 'Webhook calls and MQTT downlinks an alert transition asked for, written in its transaction and delivered by the dispatcher (at least once; the notification id is the receiver''s idempotency key).';
COMMENT ON COLUMN notification_outbox.target IS 'webhook: {"webhook_id"}; downlink: {"topic", "device_id"}.';
COMMENT ON COLUMN notification_outbox.failed_at IS 'Set when delivery was refused for good (a 4xx) or the retries ran out.';
CREATE INDEX notification_outbox_pending_idx ON notification_outbox (next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX notification_outbox_alert_idx ON notification_outbox (tenant_id, alert_id);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['alert_policy', 'notification_preference', 'webhook', 'notification_outbox']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) '
                       'WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END
$$;

-- An alert is seen only by those who may see its zone (a workshop engineer: his workshops); its
-- occurrences, transitions and actions follow it.
ALTER TABLE alert ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON alert
    USING (tenant_id = app_tenant() AND app_zone_visible(zone_id))
    WITH CHECK (tenant_id = app_tenant() AND app_zone_visible(zone_id));
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['alert_occurrence', 'alert_transition', 'alert_action']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant() AND EXISTS '
                       '(SELECT 1 FROM alert a WHERE a.tenant_id = %I.tenant_id AND a.alert_id = %I.alert_id)) '
                       'WITH CHECK (tenant_id = app_tenant())', t, t, t);
    END LOOP;
END
$$;
-- Tenant isolation only: the API reads and marks nothing but the caller's own items (by user_id), and an
-- item tells a person of an alert they were asked to act on, whatever their zone scope.
ALTER TABLE inbox_item ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON inbox_item USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- The alert worker reads alarms and events by when they were written (a late reading's alarm has an old
-- raised_at but is new to the worker).
CREATE INDEX alarm_created_idx ON alarm (tenant_id, created_at);
CREATE INDEX device_event_received_idx ON device_event (tenant_id, received_at);

-- Cross-tenant listings for the workers (ids only); the work itself happens in the tenant's transaction.
CREATE FUNCTION alert_deadlines_due(at timestamptz, max_rows integer) RETURNS TABLE (tenant_id uuid, alert_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT a.tenant_id, a.alert_id FROM alert a JOIN tenant t ON t.tenant_id = a.tenant_id
    WHERE t.status = 'active' AND a.deadline_at <= at ORDER BY a.deadline_at LIMIT max_rows
$$;
CREATE FUNCTION notifications_due(at timestamptz, max_rows integer) RETURNS TABLE (tenant_id uuid, notification_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT o.tenant_id, o.notification_id FROM notification_outbox o
    WHERE o.delivered_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at <= at
    ORDER BY o.next_attempt_at LIMIT max_rows
$$;
-- The tenants with alarms or device events at or after a time: the alert worker's catch-up after a start.
CREATE FUNCTION alert_signal_tenants(since timestamptz) RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT DISTINCT a.tenant_id FROM alarm a WHERE a.created_at >= since
    UNION
    SELECT DISTINCT e.tenant_id FROM device_event e WHERE e.received_at >= since
$$;
REVOKE ALL ON FUNCTION alert_deadlines_due(timestamptz, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION notifications_due(timestamptz, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION alert_signal_tenants(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION alert_deadlines_due(timestamptz, integer) TO foresight_app;
GRANT EXECUTE ON FUNCTION notifications_due(timestamptz, integer) TO foresight_app;
GRANT EXECUTE ON FUNCTION alert_signal_tenants(timestamptz) TO foresight_app;

GRANT SELECT, INSERT, UPDATE ON alert_policy, alert, alert_action, notification_preference, notification_outbox TO foresight_app;
GRANT SELECT, INSERT, UPDATE ON alert_occurrence TO foresight_app;
GRANT SELECT, INSERT ON alert_transition TO foresight_app;
GRANT SELECT, INSERT, UPDATE ON inbox_item TO foresight_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook TO foresight_app;

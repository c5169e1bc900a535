-- Scheduled retraining of a site's learned-normal model (crates/foresight-engine/src/retrain.rs). One
-- schedule per site: which variables, how much history, how often. Each run stores a new model version
-- (versions are never overwritten); whether it becomes active is decided by auto_activate and a guard
-- against learning a drift as normal (see the engine module). The outcome of the last run is kept here.
CREATE TABLE normal_model_schedule (
    tenant_id        uuid NOT NULL REFERENCES tenant,
    site_id          uuid NOT NULL,
    variables        text[] NOT NULL CHECK (cardinality(variables) BETWEEN 2 AND 64),
    window_days      integer NOT NULL CHECK (window_days BETWEEN 1 AND 90),
    every_days       integer NOT NULL CHECK (every_days BETWEEN 1 AND 365),
    auto_activate    boolean NOT NULL DEFAULT false,
    enabled          boolean NOT NULL DEFAULT true,
    next_run_at      timestamptz NOT NULL,
    last_run_at      timestamptz,
    last_outcome     text CHECK (last_outcome IN ('activated', 'trained', 'held_for_review', 'refused')),
    last_problem     jsonb,
    last_model_id    uuid,
    updated_by       uuid,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, site_id),
    FOREIGN KEY (tenant_id, site_id) REFERENCES site ON DELETE CASCADE
);
COMMENT ON TABLE normal_model_schedule IS 'When and how a site''s learned-normal model is retrained without a person asking; one per site.';
COMMENT ON COLUMN normal_model_schedule.window_days IS 'Days of history before the run time the model learns from.';
COMMENT ON COLUMN normal_model_schedule.auto_activate IS 'Make a new version active on its own, unless the guard holds it for review (recent data abnormal by the active model, or a high held-out flag rate).';
COMMENT ON COLUMN normal_model_schedule.last_outcome IS 'activated: new version active; trained: stored inactive (auto_activate off); held_for_review: stored inactive by the guard (last_problem says why); refused: no version (last_problem says why).';
COMMENT ON COLUMN normal_model_schedule.last_problem IS '{"code": ..., "detail": ...}: why the last run was refused or held for review.';

ALTER TABLE normal_model_schedule ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON normal_model_schedule
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON normal_model_schedule TO foresight_app;

-- The schedules due at a time, across tenants (ids only), so the worker knows which tenants to enter; the
-- run itself happens inside the tenant's own transaction under RLS.
CREATE FUNCTION normal_model_schedules_due(at timestamptz) RETURNS TABLE (tenant_id uuid, site_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT s.tenant_id, s.site_id FROM normal_model_schedule s JOIN tenant t ON t.tenant_id = s.tenant_id
    WHERE t.status = 'active' AND s.enabled AND s.next_run_at <= at ORDER BY s.next_run_at
$$;
REVOKE ALL ON FUNCTION normal_model_schedules_due(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION normal_model_schedules_due(timestamptz) TO foresight_app;

-- The risk sandbox: what-if runs of the risk cycle over recorded history with scenario overrides and a
-- proposed control measure (crates/foresight-engine/src/sandbox.rs). A run is accepted (queued), computed
-- in the background (running) and keeps its result (done) or the reason it failed (failed). Runs never
-- write the live tables (zone_risk, risk_path_event, risk_instruction_outbox, alarm); this table is their
-- only output, and its results carry pseudonyms instead of person names.
CREATE TABLE sandbox_run (
    tenant_id        uuid NOT NULL REFERENCES tenant,
    sandbox_run_id   uuid NOT NULL,
    site_id          uuid NOT NULL,
    name             text NOT NULL DEFAULT '',
    status           text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
    request          jsonb NOT NULL,
    result           jsonb,
    error            jsonb,
    steps            integer NOT NULL CHECK (steps > 0),
    window_start     timestamptz NOT NULL,
    window_end       timestamptz NOT NULL,
    created_by       uuid,
    started_at       timestamptz,
    finished_at      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, sandbox_run_id),
    FOREIGN KEY (tenant_id, site_id) REFERENCES site ON DELETE CASCADE,
    CONSTRAINT sandbox_run_window CHECK (window_start < window_end)
);
COMMENT ON TABLE sandbox_run IS 'A sandbox (what-if) run of the risk engine over a window of recorded history: request, status and result. Never a source of live alerts.';
COMMENT ON COLUMN sandbox_run.request IS 'foresight_engine::sandbox::scenario::SandboxRequest as JSON: window, step, scenario overrides, control measure.';
COMMENT ON COLUMN sandbox_run.result IS 'Per-zone series (value, grade) of the scenario and of scenario + measure, peaks, time in orange/red and Shapley contributions at each peak; person names replaced by per-run pseudonyms.';
COMMENT ON COLUMN sandbox_run.error IS 'Why a run failed: {"code": ..., "problems": [...]} (definitions changed since it was accepted, or interrupted).';
COMMENT ON COLUMN sandbox_run.started_at IS 'When a node began computing it; a run still running long after this was interrupted (see the API).';
CREATE INDEX sandbox_run_site_idx ON sandbox_run (tenant_id, site_id, created_at);

ALTER TABLE sandbox_run ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sandbox_run USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());
GRANT SELECT, INSERT, UPDATE ON sandbox_run TO foresight_app;

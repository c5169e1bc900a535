-- Tenants' own incident predictors: ONNX models uploaded with a declared input mapping, checked by
-- foresight-predict before they are stored (a refused upload stores nothing), kept as numbered versions.
--
-- A model is scoped to one site or to the whole tenant (site_id NULL). At most one model per scope is
-- active; the risk cycle of a site uses the site's active model, else the tenant-wide active one, else the
-- shipped LSTM. Rows are immutable except for active/retired_at: the engine caches compiled models by id,
-- so the bytes behind an id must never change (a corrected model is a new upload, a new version).

CREATE TABLE predictor_model (
    tenant_id           uuid NOT NULL REFERENCES tenant,
    predictor_model_id  uuid NOT NULL,
    site_id             uuid,
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    version             integer NOT NULL CHECK (version >= 1),
    onnx                bytea NOT NULL,
    mapping             jsonb NOT NULL,
    sha256              text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes          integer NOT NULL CHECK (size_bytes > 0),
    engine              text NOT NULL CHECK (engine IN ('tract', 'native_lstm')),
    uploaded_by         uuid,
    active              boolean NOT NULL DEFAULT false,
    retired_at          timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, predictor_model_id),
    FOREIGN KEY (tenant_id, site_id) REFERENCES site ON DELETE CASCADE,
    CONSTRAINT predictor_model_retired_inactive CHECK (retired_at IS NULL OR NOT active)
);
COMMENT ON TABLE predictor_model IS 'A tenant''s uploaded ONNX incident predictor (one version), accepted only after foresight-predict checked it against its mapping and ran it once. Immutable but for active and retired_at.';
COMMENT ON COLUMN predictor_model.site_id IS 'The site the model is for; NULL: every site of the tenant without an active model of its own.';
COMMENT ON COLUMN predictor_model.version IS '1, 2, ... per scope (site or tenant-wide), in upload order.';
COMMENT ON COLUMN predictor_model.onnx IS 'The model file as uploaded (at most foresight_predict::MAX_MODEL_BYTES).';
COMMENT ON COLUMN predictor_model.mapping IS 'foresight_predict::InputMapping as JSON: window, features in model order with mean/std.';
COMMENT ON COLUMN predictor_model.sha256 IS 'Lower-case hex SHA-256 of onnx, so people can match a version to the file they trained.';
COMMENT ON COLUMN predictor_model.engine IS 'Which engine predicted at validation: tract, or native_lstm for the shipped LSTM''s shape.';
COMMENT ON COLUMN predictor_model.retired_at IS 'Set when retired: never active again, kept for the record.';

-- Versions count per scope; the sentinel uuid stands for "tenant-wide" because NULLs are distinct in indexes.
CREATE UNIQUE INDEX predictor_model_version_idx
    ON predictor_model (tenant_id, coalesce(site_id, '00000000-0000-0000-0000-000000000000'::uuid), version);
CREATE UNIQUE INDEX predictor_model_one_active_idx
    ON predictor_model (tenant_id, coalesce(site_id, '00000000-0000-0000-0000-000000000000'::uuid))
    WHERE active;

ALTER TABLE predictor_model ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON predictor_model USING (tenant_id = app_tenant())
    WITH CHECK (tenant_id = app_tenant());

-- No DELETE: versions are kept (retiring is an UPDATE); a site's models go with the site (cascade).
GRANT SELECT, INSERT, UPDATE ON predictor_model TO foresight_app;

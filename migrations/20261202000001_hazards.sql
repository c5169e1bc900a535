-- The hazard register (风险点): hazard points per zone with their static LEC or LS assessment, control
-- measures, responsible person, linked devices and dynamic-factor tags; and each tenant's risk settings
-- (how scores map to the four colours).
--
-- The score and grade are computed by the application (foresight_risk) from the assessment and the
-- tenant's settings and stored, so lists filter and sort by them in SQL. Changing the settings regrades
-- every hazard of the tenant in the same transaction, so a stored grade is never stale.

CREATE TABLE risk_settings (
    tenant_id         uuid NOT NULL REFERENCES tenant,
    lec_mapping       text NOT NULL DEFAULT 'default' CHECK (lec_mapping IN ('default', 'high_bands_red')),
    ls_red_min        integer NOT NULL DEFAULT 20,
    ls_orange_min     integer NOT NULL DEFAULT 15,
    ls_yellow_min     integer NOT NULL DEFAULT 9,
    version           integer NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id),
    CONSTRAINT risk_settings_ls_bands CHECK (ls_red_min <= 25 AND ls_orange_min < ls_red_min
                                             AND ls_yellow_min < ls_orange_min AND ls_yellow_min >= 1)
);
COMMENT ON TABLE risk_settings IS 'A tenant''s risk grading policy; a tenant without a row uses the defaults.';
COMMENT ON COLUMN risk_settings.lec_mapping IS 'LEC band to colour: default (>320 red, 160-320 orange, 70-160 yellow, <=70 blue) or high_bands_red (both >160 bands red).';
COMMENT ON COLUMN risk_settings.ls_red_min IS 'LS matrix: R = L x S at or above this is red; likewise orange and yellow; below yellow is blue.';

CREATE TABLE hazard (
    tenant_id            uuid NOT NULL REFERENCES tenant,
    hazard_id            uuid NOT NULL,
    zone_id              uuid NOT NULL,
    code                 text NOT NULL,
    name                 text NOT NULL,
    category             text NOT NULL CHECK (category IN ('mechanical', 'fire_explosion', 'toxic', 'electrical',
                             'fall', 'confined_space', 'lifting', 'hot_work', 'vehicle', 'chemical_burn',
                             'scald', 'other')),
    description          text NOT NULL DEFAULT '',
    method               text CHECK (method IN ('lec', 'ls')),
    likelihood           double precision,
    exposure             double precision,
    consequence          double precision,
    severity             double precision,
    score                double precision,
    grade                text NOT NULL DEFAULT 'unassessed'
                             CHECK (grade IN ('unassessed', 'blue', 'yellow', 'orange', 'red')),
    engineering_controls text[] NOT NULL DEFAULT '{}',
    management_controls  text[] NOT NULL DEFAULT '{}',
    training_controls    text[] NOT NULL DEFAULT '{}',
    ppe_controls         text[] NOT NULL DEFAULT '{}',
    emergency_controls   text[] NOT NULL DEFAULT '{}',
    responsible_user_id  uuid,
    tags                 text[] NOT NULL DEFAULT '{}',
    assessed_at          timestamptz,
    assessed_by          uuid,
    created_by           uuid,
    version              integer NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, hazard_id),
    CONSTRAINT hazard_code_unique UNIQUE (tenant_id, code),
    CONSTRAINT hazard_zone_fk FOREIGN KEY (tenant_id, zone_id) REFERENCES zone,
    CONSTRAINT hazard_responsible_fk FOREIGN KEY (tenant_id, responsible_user_id) REFERENCES app_user,
    -- Not assessed: no method, no values, no score, grade 'unassessed' (never a colour by default).
    CONSTRAINT hazard_assessment_shape CHECK (
        (method IS NULL AND num_nonnulls(likelihood, exposure, consequence, severity, score) = 0
            AND grade = 'unassessed')
        OR (method = 'lec' AND num_nonnulls(likelihood, exposure, consequence, score) = 4 AND severity IS NULL
            AND grade <> 'unassessed')
        OR (method = 'ls' AND num_nonnulls(likelihood, severity, score) = 3
            AND exposure IS NULL AND consequence IS NULL AND grade <> 'unassessed'))
);
COMMENT ON TABLE hazard IS 'A hazard point (风险点) of a zone with its static assessment; the dynamic engine adjusts it by condition factors named in tags.';
COMMENT ON COLUMN hazard.method IS 'lec (D = L x E x C) or ls (R = L x S); NULL while not assessed.';
COMMENT ON COLUMN hazard.likelihood IS 'L of either method: LEC scale 10 ... 0.1, LS 1 ... 5.';
COMMENT ON COLUMN hazard.severity IS 'S of the LS matrix, 1 ... 5.';
COMMENT ON COLUMN hazard.score IS 'D or R, computed by the application from the values.';
COMMENT ON COLUMN hazard.grade IS 'Four colours by the tenant''s risk_settings, or unassessed. Recomputed when settings change.';
COMMENT ON COLUMN hazard.tags IS 'Dynamic-factor tags (night_shift, low_temperature, ...) the risk engine matches conditions to.';
CREATE INDEX hazard_zone_idx ON hazard (tenant_id, zone_id);
CREATE INDEX hazard_grade_idx ON hazard (tenant_id, grade);

CREATE TABLE hazard_device (
    tenant_id   uuid NOT NULL,
    hazard_id   uuid NOT NULL,
    device_id   uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, hazard_id, device_id),
    FOREIGN KEY (tenant_id, hazard_id) REFERENCES hazard ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, device_id) REFERENCES device ON DELETE CASCADE
);
COMMENT ON TABLE hazard_device IS 'Devices whose readings bear on a hazard (gas detectors at a filling machine, a guard switch).';
CREATE INDEX hazard_device_device_idx ON hazard_device (tenant_id, device_id);

-- Tenant isolation everywhere; hazards are also limited to the caller's zones, through the same
-- app_zone_visible() as the zone table, so a zone-scoped workshop engineer sees and writes only the
-- hazards of his zones.
ALTER TABLE hazard ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON hazard
    USING (tenant_id = app_tenant() AND app_zone_visible(zone_id))
    WITH CHECK (tenant_id = app_tenant() AND app_zone_visible(zone_id));

-- A link is visible with its hazard: the subquery runs under the hazard table's policy.
ALTER TABLE hazard_device ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON hazard_device
    USING (tenant_id = app_tenant() AND EXISTS (SELECT 1 FROM hazard h
           WHERE h.tenant_id = hazard_device.tenant_id AND h.hazard_id = hazard_device.hazard_id))
    WITH CHECK (tenant_id = app_tenant() AND EXISTS (SELECT 1 FROM hazard h
           WHERE h.tenant_id = hazard_device.tenant_id AND h.hazard_id = hazard_device.hazard_id));

ALTER TABLE risk_settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON risk_settings
    USING (tenant_id = app_tenant()) WITH CHECK (tenant_id = app_tenant());

-- Hazard codes are unique tenant-wide, but a zone-scoped caller sees only his zones' hazards. An import
-- must still tell him which codes are taken, without showing anything else of those hazards.
CREATE FUNCTION hazard_code_taken(wanted text[]) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT code FROM hazard WHERE tenant_id = app_tenant() AND code = ANY (wanted)
$$;
REVOKE ALL ON FUNCTION hazard_code_taken(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hazard_code_taken(text[]) TO foresight_app;

GRANT SELECT, INSERT, UPDATE ON risk_settings TO foresight_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON hazard, hazard_device TO foresight_app;

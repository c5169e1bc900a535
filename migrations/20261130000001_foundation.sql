-- Foundation: tenants, sites, zones, people, roles, credentials and the audit trail.
--
-- Tenancy invariant: every table here carries tenant_id first in its primary key and has row-level
-- security keyed on the transaction-local setting foresight.tenant_id. The application connects as
-- foresight_app, which owns nothing, so a query that forgets a filter still cannot cross tenants.

-- The application role. Roles are cluster-wide, so several databases on one server share it; creating
-- it may race with another database's migration, which is harmless.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'foresight_app') THEN
        BEGIN
            CREATE ROLE foresight_app LOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO foresight_app;
GRANT SELECT ON _sqlx_migrations TO foresight_app;

-- The tenant of the current transaction, or NULL (which matches no row) when none is set.
CREATE FUNCTION app_tenant() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT nullif(current_setting('foresight.tenant_id', true), '')::uuid
$$;

-- Platform administrators may list and create tenants; nothing else crosses tenants.
CREATE FUNCTION app_is_platform() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(current_setting('foresight.platform', true), '') = 'on'
$$;

-- Zone visibility of the current caller: '*' for all zones, else a comma-separated list of zone ids.
-- Unset means none: a forgotten setting fails closed.
CREATE FUNCTION app_zone_visible(zone uuid) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE coalesce(current_setting('foresight.zone_scope', true), '')
        WHEN '*' THEN true
        WHEN '' THEN false
        ELSE zone = ANY (string_to_array(current_setting('foresight.zone_scope', true), ',')::uuid[])
    END
$$;

CREATE TABLE tenant (
    tenant_id   uuid PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name        text NOT NULL,
    locale      text NOT NULL DEFAULT 'zh-CN',
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE tenant IS 'One enterprise (or group company); everything else belongs to exactly one tenant.';
COMMENT ON COLUMN tenant.slug IS 'Short code people type at login; unique across the platform.';

-- Login needs the tenant before any tenant is set; this is the one pre-authentication crossing.
CREATE FUNCTION tenant_id_by_slug(wanted text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT tenant_id FROM tenant WHERE slug = lower(wanted) AND status = 'active'
$$;
REVOKE ALL ON FUNCTION tenant_id_by_slug(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant_id_by_slug(text) TO foresight_app;

CREATE TABLE site (
    tenant_id           uuid NOT NULL REFERENCES tenant,
    site_id             uuid NOT NULL,
    code                text NOT NULL,
    name                text NOT NULL,
    address             text NOT NULL DEFAULT '',
    timezone            text NOT NULL DEFAULT 'Asia/Shanghai',
    plan_width          integer,
    plan_height         integer,
    plan_scale_m_per_px double precision CHECK (plan_scale_m_per_px > 0),
    version             integer NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, site_id),
    CONSTRAINT site_code_unique UNIQUE (tenant_id, code)
);
COMMENT ON TABLE site IS 'A plant or park; its site plan image defines the coordinate system of its zones.';
COMMENT ON COLUMN site.plan_width IS 'Site plan size in pixels, NULL until a plan is uploaded.';
COMMENT ON COLUMN site.plan_scale_m_per_px IS 'Metres per plan pixel, so zone areas and distances are real.';

CREATE TABLE site_plan (
    tenant_id     uuid NOT NULL,
    site_id       uuid NOT NULL,
    content_type  text NOT NULL,
    image         bytea NOT NULL,
    sha256        text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, site_id),
    FOREIGN KEY (tenant_id, site_id) REFERENCES site ON DELETE CASCADE
);
COMMENT ON TABLE site_plan IS 'The uploaded site plan image, kept apart from site so lists never load it.';

CREATE TABLE zone (
    tenant_id    uuid NOT NULL,
    zone_id      uuid NOT NULL,
    site_id      uuid NOT NULL,
    code         text NOT NULL,
    name         text NOT NULL,
    kind         text NOT NULL,
    description  text NOT NULL DEFAULT '',
    polygon      jsonb NOT NULL,
    version      integer NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, zone_id),
    CONSTRAINT zone_site_fk FOREIGN KEY (tenant_id, site_id) REFERENCES site,
    CONSTRAINT zone_code_unique UNIQUE (tenant_id, site_id, code)
);
COMMENT ON TABLE zone IS 'A workshop, tank farm, substation... drawn as a polygon on its site plan.';
COMMENT ON COLUMN zone.polygon IS 'Validated simple polygon [[x, y], ...] in site-plan pixels, not closed.';
CREATE INDEX zone_site_idx ON zone (tenant_id, site_id);

CREATE TABLE app_user (
    tenant_id      uuid NOT NULL REFERENCES tenant,
    user_id        uuid NOT NULL,
    username       text NOT NULL,
    display_name   text NOT NULL,
    email          text NOT NULL DEFAULT '',
    phone          text NOT NULL DEFAULT '',
    locale         text NOT NULL DEFAULT 'zh-CN',
    status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    password_hash  text NOT NULL,
    last_login_at  timestamptz,
    version        integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id)
);
COMMENT ON TABLE app_user IS 'A person who signs in. ("user" is reserved in SQL.)';
COMMENT ON COLUMN app_user.password_hash IS 'argon2id PHC string; never leaves the database layer.';
CREATE UNIQUE INDEX app_user_username_unique ON app_user (tenant_id, lower(username));

CREATE TABLE role_assignment (
    tenant_id           uuid NOT NULL,
    role_assignment_id  uuid NOT NULL,
    user_id             uuid NOT NULL,
    role                text NOT NULL,
    zone_id             uuid,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, role_assignment_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user ON DELETE CASCADE,
    CONSTRAINT role_assignment_zone_fk FOREIGN KEY (tenant_id, zone_id) REFERENCES zone ON DELETE CASCADE,
    CONSTRAINT role_assignment_unique UNIQUE NULLS NOT DISTINCT (tenant_id, user_id, role, zone_id)
);
COMMENT ON TABLE role_assignment IS 'A role held tenant-wide (zone_id NULL) or within one zone.';
CREATE INDEX role_assignment_user_idx ON role_assignment (tenant_id, user_id);

CREATE TABLE api_key (
    tenant_id     uuid NOT NULL REFERENCES tenant,
    api_key_id    uuid NOT NULL,
    name          text NOT NULL,
    prefix        text NOT NULL,
    secret_hash   bytea NOT NULL,
    scopes        text[] NOT NULL,
    created_by    uuid,
    expires_at    timestamptz,
    revoked_at    timestamptz,
    last_used_at  timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, api_key_id)
);
COMMENT ON TABLE api_key IS 'Credentials of MES/EAM integrations. Only a SHA-256 of the 256-bit secret is kept.';
COMMENT ON COLUMN api_key.prefix IS 'First characters of the token, shown so people can tell keys apart.';

CREATE TABLE refresh_token (
    tenant_id         uuid NOT NULL,
    refresh_token_id  uuid NOT NULL,
    family_id         uuid NOT NULL,
    user_id           uuid NOT NULL,
    secret_hash       bytea NOT NULL,
    expires_at        timestamptz NOT NULL,
    spent_at          timestamptz,
    revoked_at        timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, refresh_token_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES app_user ON DELETE CASCADE
);
COMMENT ON TABLE refresh_token IS 'Rotating refresh tokens; a spent one presented again revokes its whole family.';
COMMENT ON COLUMN refresh_token.family_id IS 'All tokens descended from one login share a family.';
CREATE INDEX refresh_token_family_idx ON refresh_token (tenant_id, family_id);

CREATE TABLE login_throttle (
    tenant_id         uuid NOT NULL REFERENCES tenant,
    username_key      text NOT NULL,
    failures          integer NOT NULL DEFAULT 0,
    first_failure_at  timestamptz NOT NULL DEFAULT now(),
    locked_until      timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, username_key)
);
COMMENT ON TABLE login_throttle IS 'Failed sign-ins per account; kept in the database so every node sees them.';

CREATE TABLE audit_event (
    tenant_id    uuid NOT NULL REFERENCES tenant,
    seq          bigint NOT NULL,
    occurred_at  timestamptz NOT NULL,
    actor_kind   text NOT NULL,
    actor_id     uuid,
    actor_label  text NOT NULL,
    action       text NOT NULL,
    target_kind  text NOT NULL,
    target_id    text,
    before       jsonb,
    after        jsonb,
    request_id   text,
    prev_hash    bytea NOT NULL,
    hash         bytea NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, seq)
);
COMMENT ON TABLE audit_event IS 'Append-only, hash-chained record of every state change, per tenant.';
COMMENT ON COLUMN audit_event.hash IS 'sha256(prev_hash || canonical JSON of the row), computed by the application.';
CREATE INDEX audit_event_time_idx ON audit_event (tenant_id, occurred_at);

CREATE TABLE audit_head (
    tenant_id   uuid NOT NULL REFERENCES tenant,
    last_seq    bigint NOT NULL,
    last_hash   bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id)
);
COMMENT ON TABLE audit_head IS 'The end of each tenant''s chain; locking it serialises appends and reveals a truncated tail.';

-- Append-only: neither the application nor a careless script may rewrite history through normal DML.
CREATE FUNCTION audit_event_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();

-- Row-level security on every tenant-owned table.
ALTER TABLE tenant ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant
    USING (tenant_id = app_tenant() OR app_is_platform())
    WITH CHECK (tenant_id = app_tenant());

ALTER TABLE zone ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON zone
    USING (tenant_id = app_tenant() AND app_zone_visible(zone_id))
    WITH CHECK (tenant_id = app_tenant() AND app_zone_visible(zone_id));

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['site', 'site_plan', 'app_user', 'role_assignment', 'api_key',
                             'refresh_token', 'login_throttle', 'audit_event', 'audit_head']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant()) '
                       'WITH CHECK (tenant_id = app_tenant())', t);
    END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE ON tenant TO foresight_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON site, site_plan, zone, app_user, role_assignment, api_key,
    refresh_token, login_throttle TO foresight_app;
GRANT SELECT, INSERT ON audit_event TO foresight_app;
GRANT SELECT, INSERT, UPDATE ON audit_head TO foresight_app;

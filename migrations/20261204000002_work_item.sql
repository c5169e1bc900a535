-- Work context from the plant's permit-to-work and maintenance (EAM) systems, until Foresight's own permit
-- module exists: open special-work permits (GB 30871 kinds) and maintenance due per zone. The risk engine
-- reads them as inputs (permits_open, hot_work_open, maintenance_overdue, ...) at any time, so the live
-- cycle and the sandbox's replay of history see what was open then. Written by integrations through
-- PUT /api/v1/work-items (upsert by source and external id).
CREATE TABLE work_item (
    tenant_id      uuid NOT NULL REFERENCES tenant,
    work_item_id   uuid NOT NULL,
    zone_id        uuid NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('permit', 'maintenance')),
    source         text NOT NULL CHECK (length(source) BETWEEN 1 AND 64),
    external_id    text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 128),
    permit_type    text CHECK (permit_type IN ('hot_work', 'confined_space', 'blind_plate', 'work_at_height',
                                               'lifting', 'temporary_power', 'excavation', 'road_closure')),
    title          text NOT NULL DEFAULT '',
    starts_at      timestamptz,
    ends_at        timestamptz,
    due_at         timestamptz,
    closed_at      timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, work_item_id),
    FOREIGN KEY (tenant_id, zone_id) REFERENCES zone ON DELETE CASCADE,
    CONSTRAINT work_item_source_unique UNIQUE (tenant_id, source, external_id),
    CONSTRAINT work_item_permit_shape CHECK (kind <> 'permit'
        OR (permit_type IS NOT NULL AND starts_at IS NOT NULL AND ends_at IS NOT NULL AND starts_at < ends_at)),
    CONSTRAINT work_item_maintenance_shape CHECK (kind <> 'maintenance' OR (permit_type IS NULL AND due_at IS NOT NULL))
);
COMMENT ON TABLE work_item IS 'Permits and maintenance from external systems, per zone; risk-engine inputs.';
COMMENT ON COLUMN work_item.closed_at IS 'Permit closed or revoked / maintenance done; NULL while open. A permit is open from starts_at until the earlier of ends_at and closed_at; past ends_at and not closed it counts as expired-unclosed.';
COMMENT ON COLUMN work_item.due_at IS 'Maintenance: due time; overdue from here until closed_at.';
CREATE INDEX work_item_zone_idx ON work_item (tenant_id, zone_id);

ALTER TABLE work_item ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON work_item
    USING (tenant_id = app_tenant() AND app_zone_visible(zone_id))
    WITH CHECK (tenant_id = app_tenant() AND app_zone_visible(zone_id));
GRANT SELECT, INSERT, UPDATE, DELETE ON work_item TO foresight_app;

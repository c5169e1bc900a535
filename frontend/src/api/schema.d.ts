// Generated from openapi/openapi.json by `npm run api:gen` (openapi-typescript). Do not edit by hand.

export interface paths {
    "/api/v1/alarm-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List alarm rules. */
        get: operations["list_rules"];
        put?: never;
        /** Create an alarm rule; it is validated against the thing model it watches. */
        post: operations["create_rule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alarm-rules/{alarm_rule_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an alarm rule (export: its `definition` imports back unchanged through POST). */
        get: operations["get_rule"];
        put?: never;
        post?: never;
        /** Delete a rule and its alarms. */
        delete: operations["delete_rule"];
        options?: never;
        head?: never;
        /** Change a rule: a new version, validated again; evaluation restarts from it. */
        patch: operations["update_rule"];
        trace?: never;
    };
    "/api/v1/alarm-rules/{alarm_rule_id}/revisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every saved version of a rule, newest first. */
        get: operations["rule_revisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alarms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alarms raised by rules, newest first. */
        get: operations["list_alarms"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alert-actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The corrective actions board. */
        get: operations["list_actions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alert-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's alert policy (ETag: its version, 0 while the defaults apply). */
        get: operations["get_policy"];
        /** Replace the alert policy (`If-Match` with its version; `"0"` while the defaults apply). */
        put: operations["put_policy"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alerts, filtered; `queue=mine` is the caller's review queue. */
        get: operations["list_alerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live alerts: Server-Sent Events, event `alert`, data `{"kind": "opened"|"occurrence"|"changed",
         *     "alert": AlertSummary}` for every alert of the caller's tenant and zones as it opens, rises or moves.
         *     Like the heat-map stream, this route also accepts the access token as the `access_token` query
         *     parameter (EventSource cannot send headers).
         */
        get: operations["alert_stream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{alert_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One alert: its state, screening, decision, timeline, actions, recent occurrences and the commands the
         *     caller may issue now (ETag: its version).
         */
        get: operations["get_alert"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{alert_id}/commands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a review command (`If-Match` with the alert's version). */
        post: operations["command_alert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{alert_id}/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The evidence chain: readings 30 minutes before to 10 after the opening, the zone's risk with its
         *     contributions, factors and rules, the zone's device events and open permits and maintenance.
         */
        get: operations["alert_evidence"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{alert_id}/record": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The review record as a printable HTML page (zh-CN). */
        get: operations["alert_record"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys. */
        get: operations["list_keys"];
        put?: never;
        /** Create an API key. The token is in this response only. */
        post: operations["create_key"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/scopes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The scopes the caller may give a new key: integration-grade permissions the caller holds. */
        get: operations["grantable_scopes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{api_key_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key; it stops working with the next request. */
        delete: operations["revoke_key"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List audit events. */
        get: operations["list_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-events/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Verify the tenant's whole hash chain; names the first broken link. */
        get: operations["verify_chain"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with tenant code, username and password. */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out: revokes the refresh token's whole family. Answers 204 for any token, valid or not. */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a refresh token for a new token pair. Each refresh token works once; presenting a spent
         *     one revokes every token of its sign-in (someone else has a copy).
         */
        post: operations["refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List refused readings and messages, newest first. */
        get: operations["list_dead_letters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dead-letters/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Count refusals per gateway and reason over a window (default the last 24 hours). */
        get: operations["dead_letter_summary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/device-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List device events, newest first, filtered by device, zone, site, identifier, severity and time. */
        get: operations["list_device_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List devices visible to the caller. */
        get: operations["list_devices"];
        put?: never;
        /** Register a device. */
        post: operations["create_device"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{device_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a device. */
        get: operations["get_device"];
        put?: never;
        post?: never;
        /** Delete a device. */
        delete: operations["delete_device"];
        options?: never;
        head?: never;
        /** Update a device (partial). Requires `If-Match` with the current version. */
        patch: operations["update_device"];
        trace?: never;
    };
    "/api/v1/devices/{device_id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One device's events, newest first. 404 when the device does not exist or is outside the caller's
         *     tenant or zones.
         */
        get: operations["list_events_of_device"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{device_id}/latest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The newest value of every property of a device (kept by ingest; no history scan). */
        get: operations["latest_values"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{device_id}/readings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readings of one property over a window: raw points, or min/max/avg per bucket for charts. */
        get: operations["readings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/expert-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Expert rules of the tenant, by id. */
        get: operations["list_expert_rules"];
        put?: never;
        /**
         * Create an expert rule; validated on save, including its references to factors. Save it disabled and
         *     back-test it before it goes live.
         */
        post: operations["create_expert_rule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/expert-rules/{expert_rule_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an expert rule (its `definition` imports back unchanged through POST). */
        get: operations["get_expert_rule"];
        put?: never;
        post?: never;
        /** Delete a rule (its revisions, risk paths and queued instructions go with it). */
        delete: operations["delete_expert_rule"];
        options?: never;
        head?: never;
        /** Change a rule: a new version (kept in its revisions), validated again. */
        patch: operations["update_expert_rule"];
        trace?: never;
    };
    "/api/v1/expert-rules/{expert_rule_id}/backtest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Back-test a rule against the recorded zone inputs of a window: when it would have fired (onsets, as a
         *     live rule acts on the rising edge), in which zones, how often its condition could not be decided.
         */
        post: operations["backtest_expert_rule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/expert-rules/{expert_rule_id}/revisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every saved version of a rule, newest first. */
        get: operations["expert_rule_revisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/gateways": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List gateways. */
        get: operations["list_gateways"];
        put?: never;
        /** Register a gateway. Its secret token is in this response only. */
        post: operations["create_gateway"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/gateways/{gateway_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a gateway. */
        get: operations["get_gateway"];
        put?: never;
        post?: never;
        /** Delete a gateway. Refused with 409 while devices are attached to it. */
        delete: operations["delete_gateway"];
        options?: never;
        head?: never;
        /** Update a gateway (partial). Requires `If-Match` with the current version. */
        patch: operations["update_gateway"];
        trace?: never;
    };
    "/api/v1/gateways/{gateway_id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace a gateway's secret. The new token is in this response only; the old one stops working at once. */
        post: operations["rotate_secret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hazards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the hazards visible to the caller. */
        get: operations["list_hazards"];
        put?: never;
        /** Add a hazard point to a zone; its grade follows from the assessment and the tenant's settings. */
        post: operations["create_hazard"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hazards/export.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The register (with the list's filters) as an Excel workbook; headers in the caller's language.
         *     Imports back unchanged.
         */
        get: operations["export_register"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hazards/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a register from an .xlsx workbook (raw body, or multipart field `file`; at most 5 MiB and
         *     5000 rows). `mode=all_or_nothing` (default) refuses the whole file with a 422 naming every bad cell;
         *     `mode=keep_valid` stores the good rows and reports the bad ones; `dry_run=true` writes nothing.
         *     Each stored row is a whole hazard; the import is one transaction.
         */
        post: operations["import_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hazards/template.xlsx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An empty register to fill in, with the allowed values on a second sheet. */
        get: operations["template"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hazards/{hazard_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a hazard. */
        get: operations["get_hazard"];
        put?: never;
        post?: never;
        /** Delete a hazard. */
        delete: operations["delete_hazard"];
        options?: never;
        head?: never;
        /** Change a hazard (partial); a changed assessment is regraded and records who assessed it when. */
        patch: operations["update_hazard"];
        trace?: never;
    };
    "/api/v1/ingest/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Store a gateway's batch of readings and device events. Valid items are stored even when others in
         *     the batch are refused; refused ones go to the dead-letter store with their reason. Idempotent per `seq`
         *     (or, without one, per identical body).
         */
        post: operations["post_batch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in caller. */
        get: operations["get_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/inbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's inbox, newest first. */
        get: operations["list_inbox"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/inbox/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark every item read. */
        post: operations["read_all_inbox"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/inbox/{inbox_item_id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark one item read. */
        post: operations["read_inbox_item"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/notification-preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's notification preferences (the defaults until saved). */
        get: operations["get_preferences"];
        /**
         * Which grades reach the caller's inbox and pop up in the browser (an alert waiting for the caller's own
         *     review always reaches the inbox).
         */
        put: operations["put_preferences"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change one's own password. Signs out every other session. */
        put: operations["change_password"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/normal-models/{normal_model_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a model version (its training summary; the model itself stays server-side). */
        get: operations["get_normal_model"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/normal-models/{normal_model_id}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make this version its site's active model (the risk cycle scores with it from the next cycle on). */
        post: operations["activate_normal_model"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/predictor-models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List model versions, newest first by default; retired ones only with `include_retired=true`. */
        get: operations["list_predictor_models"];
        put?: never;
        /**
         * Upload a model version (multipart: `file`, `mapping`, `name`, optional `site_id`). The model is loaded,
         *     checked against the mapping and run once on a neutral window; a model that does not fit is a 422 whose
         *     `errors[].code` is stable (`not_onnx`, `unsupported_model`, `feature_count`, `window_mismatch`,
         *     `input_rank`, `output_shape`, `non_finite_output`, `output_not_probability`, `unknown_feature`,
         *     `mapping_unparsable`, `model_too_large`, ...) and nothing is stored. The new version is inactive.
         */
        post: operations["upload_predictor_model"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/predictor-models/{predictor_model_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a model version (its metadata and mapping; the file is downloaded on its own). */
        get: operations["get_predictor_model"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/predictor-models/{predictor_model_id}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a version the active model of its scope (its site, or tenant-wide) and no other, in one
         *     transaction; the risk cycle uses it from its next run. A retired version is 409.
         */
        post: operations["activate_predictor_model"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/predictor-models/{predictor_model_id}/model.onnx": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download the ONNX file of a version, byte for byte as uploaded. Needs `risk:configure`: the file is the
         *     tenant's work, not something every reader of the heat map needs.
         */
        get: operations["download_predictor_model"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/predictor-models/{predictor_model_id}/retire": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retire a version: it stops being active (its scope falls back to the tenant-wide model or the shipped
         *     LSTM) and can never be activated again; it stays listed with `include_retired=true` and downloadable.
         */
        post: operations["retire_predictor_model"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/risk-factors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Dynamic factors of the tenant, by id. */
        get: operations["list_risk_factors"];
        put?: never;
        /** Create a dynamic factor; validated on save. */
        post: operations["create_risk_factor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/risk-factors/{risk_factor_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a dynamic factor (its `definition` imports back unchanged through POST). */
        get: operations["get_risk_factor"];
        put?: never;
        post?: never;
        /** Delete a dynamic factor (rules that adjust it then adjust nothing). */
        delete: operations["delete_risk_factor"];
        options?: never;
        head?: never;
        /**
         * Change a factor: a new version, validated again. The factor's id is its definition's `id`; rules
         *     refer to it by that id.
         */
        patch: operations["update_risk_factor"];
        trace?: never;
    };
    "/api/v1/risk-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's risk grading policy (defaults, version 0, until first saved). */
        get: operations["get_settings"];
        /** Change the risk grading policy; every hazard is regraded in the same transaction. */
        put: operations["put_settings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The roles and their permissions. */
        get: operations["list_roles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sandbox-presets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The scenario catalogue: each override kind with zh-CN/en labels and its parameters (type, unit,
         *     default, range), for building a scenario.
         */
        get: operations["sandbox_presets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sandbox-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sandbox runs of the tenant (without their results), newest first. */
        get: operations["list_sandbox_runs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sandbox-runs/{sandbox_run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A run with its request and, when done, its result: per zone the series of value and grade of both
         *     variants (`scenario`, `measure`) at the times in `at`, the peak with its Shapley contributions and the
         *     zone's hazards, and the time in orange and red. Person names are pseudonyms (人员-1, ...). A zone-scoped
         *     caller sees only the zones of his scope.
         */
        get: operations["get_sandbox_run"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List sites. */
        get: operations["list_sites"];
        put?: never;
        /** Create a site. */
        post: operations["create_site"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sites/{site_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a site. */
        get: operations["get_site"];
        put?: never;
        post?: never;
        /** Delete a site. Refused with 409 while it still has zones, gateways or devices. */
        delete: operations["delete_site"];
        options?: never;
        head?: never;
        /** Update a site (partial). Requires `If-Match` with the current version. */
        patch: operations["update_site"];
        trace?: never;
    };
    "/api/v1/sites/{site_id}/heatmap": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The site's heat map now: each zone's latest value, colour and top contributions. */
        get: operations["heatmap"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sites/{site_id}/heatmap/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Replay: the site's heat map as it was at a moment (each zone's last cycle at or before it). */
        get: operations["heatmap_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sites/{site_id}/heatmap/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live heat map: Server-Sent Events (`text/event-stream`). The first event (`heatmap`) is the current
         *     state; then one `cycle` event per finished risk cycle of the site, each carrying the whole heat map as
         *     the caller may see it (zone scope applies). Browsers' EventSource cannot set headers, so this route
         *     alone also accepts the access token as the `access_token` query parameter (docs/API-DESIGN.md).
         */
        get: operations["heatmap_stream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sites/{site_id}/heatmap/timeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The replay slider: the site's cycles over a span, one point per bucket (the worst cycle of it), with
         *     how many zones had each colour.
         */
        get: operations["heatmap_timeline"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sites/{site_id}/normal-model-schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The site's retraining schedule with the outcome of its last run. */
        get: operations["get_normal_model_schedule"];
        /**
         * Create or replace the site's retraining schedule. Each run trains a new version from the last
         *     `window_days` of history and keeps it; see `auto_activate` for whether it goes live.
         */
        put: operations["put_normal_model_schedule"];
        post?: never;
        /** Remove the site's retraining schedule (trained versions stay). */
        delete: operations["delete_normal_model_schedule"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sites/{site_id}/normal-models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The site's model versions, newest first. */
        get: operations["list_normal_models"];
        put?: never;
        /** Train a new model version from the site's recorded history of the variables over the window. */
        post: operations["train_normal_model"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sites/{site_id}/plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download the site plan image. */
        get: operations["get_plan"];
        /** Upload or replace the site plan (PNG, JPEG, WebP or SVG, at most 10 MiB); sets the plan size. */
        put: operations["put_plan"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sites/{site_id}/sandbox-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a what-if run over the site's recorded history: the scenario alone and the scenario with the
         *     proposed control measure, side by side. The request is checked at once (422 listing every problem);
         *     the run is computed in the background: poll `GET /sandbox-runs/{sandbox_run_id}` until `done` or
         *     `failed`. At most 1,440 steps; the window must lie within the retained history and not in the future.
         */
        post: operations["create_sandbox_run"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's tenant. */
        get: operations["own_tenant"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** All tenants (platform administrators). */
        get: operations["list_tenants"];
        put?: never;
        /** Create a tenant with its first administrator (platform administrators). */
        post: operations["create_tenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/thing-models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List thing models: the latest revision of each identifier, or every revision. */
        get: operations["list_models"];
        put?: never;
        /**
         * Create a thing model (revision 1) from a definition, a preset, or a preset edited into a definition.
         *     Every problem of the definition is a field issue `definition.<path>`.
         */
        post: operations["create_model"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/thing-models/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a thing model from TSL, a WoT Thing Description or this platform's format, and save it as a
         *     new identifier. Problems of the document are field issues `document.<path>`; problems of the
         *     resulting model `definition.<path>`. What a WoT import lost is returned as warnings.
         */
        post: operations["import_model"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/thing-models/presets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The preset library: models of common plant equipment to start from. Not stored; copy one to use it. */
        get: operations["list_presets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/thing-models/{thing_model_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a thing model revision with its full definition. The ETag is the revision. */
        get: operations["get_model"];
        put?: never;
        post?: never;
        /** Delete a thing model revision. Refused with 409 while devices use it. */
        delete: operations["delete_model"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/thing-models/{thing_model_id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export a thing model revision as a JSON document: TSL for other IoT platforms, or this platform's format. */
        get: operations["export_model"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/thing-models/{thing_model_id}/revisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Save a changed model as the next revision of the identifier (rows are immutable). `If-Match` carries
         *     the newest revision number the change was based on; a newer one is 412.
         */
        post: operations["create_revision"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List people. */
        get: operations["list_users"];
        put?: never;
        /** Create a person, optionally with roles. */
        post: operations["create_user"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a person. */
        get: operations["get_user"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update a person (partial). Requires `If-Match`. */
        patch: operations["update_user"];
        trace?: never;
    };
    "/api/v1/users/{user_id}/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A person's role assignments. */
        get: operations["list_roles_of_user"];
        put?: never;
        /** Grant a role, tenant-wide or in one zone. */
        post: operations["assign_role"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user_id}/roles/{role_assignment_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a role assignment. The tenant's last administrator keeps theirs. */
        delete: operations["remove_role"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's webhooks (without their secrets). */
        get: operations["list_webhooks"];
        put?: never;
        /** Register a webhook; the answer carries its signing secret, shown this once. */
        post: operations["create_webhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{webhook_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook (ETag: its version). */
        get: operations["get_webhook"];
        /** Change a webhook (`If-Match` with its version); the secret stays. */
        put: operations["update_webhook"];
        post?: never;
        /** Remove a webhook; notifications queued for it are not delivered. */
        delete: operations["delete_webhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/work-items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Permits and maintenance items, filtered. */
        get: operations["list_work_items"];
        /** Create or replace permits and maintenance items by (source, external_id), all or nothing. */
        put: operations["upsert_work_items"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/work-items/{work_item_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One item. */
        get: operations["get_work_item"];
        put?: never;
        post?: never;
        /** Remove an item sent by mistake (a permit that ended is closed with `closed_at` instead, so history keeps it). */
        delete: operations["delete_work_item"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/zones": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List zones visible to the caller. */
        get: operations["list_zones"];
        put?: never;
        /** Create a zone on a site plan. */
        post: operations["create_zone"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/zones/{zone_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a zone. */
        get: operations["get_zone"];
        put?: never;
        post?: never;
        /** Delete a zone. Refused with 409 while devices are placed in it. */
        delete: operations["delete_zone"];
        options?: never;
        head?: never;
        /** Update a zone (partial). Requires `If-Match` with the current version. */
        patch: operations["update_zone"];
        trace?: never;
    };
    "/api/v1/zones/{zone_id}/risk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A zone's risk: trend, latest contributions, hazards with dynamic grades, active factors, risk paths. */
        get: operations["zone_risk_detail"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description A corrective action as the final reviewer states it. */
        ActionInput: {
            /** @description 1 to 200 characters. */
            title: string;
            /**
             * Format: uuid
             * @description An active person of the tenant.
             */
            owner_id: string;
            /**
             * Format: date-time
             * @description In the future.
             */
            due_at: string;
        };
        ActionPage: {
            items: components["schemas"]["ActionRow"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        /** @description A corrective action as the board shows it. */
        ActionRow: {
            /** Format: uuid */
            action_id: string;
            /** Format: uuid */
            alert_id: string;
            title: string;
            /** Format: uuid */
            owner_id: string;
            owner_name: string;
            /** Format: date-time */
            due_at: string;
            /** Format: date-time */
            done_at?: string | null;
            /** @description Not done and past due. */
            overdue: boolean;
            alert_title: string;
            alert_title_en: string;
            zone_code: string;
        };
        /** @description An alarm raised by a rule. */
        Alarm: {
            /** Format: uuid */
            alarm_id: string;
            /** Format: uuid */
            alarm_rule_id: string;
            /** Format: int32 */
            rule_version: number;
            rule_name: string;
            /** Format: uuid */
            device_id: string;
            device_code: string;
            /** Format: uuid */
            zone_id?: string | null;
            /** @description info, warning, alarm or critical. */
            severity: string;
            /** @description active or cleared. */
            status: string;
            /** Format: date-time */
            raised_at: string;
            /** Format: date-time */
            cleared_at?: string | null;
            /** Format: date-time */
            escalated_at?: string | null;
            /** Format: double */
            value?: number | null;
        };
        AlarmPage: {
            items: components["schemas"]["Alarm"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        /** @description A stored rule. */
        AlarmRule: {
            /** Format: uuid */
            alarm_rule_id: string;
            name: string;
            /** @description Applies to every device of this thing model (any revision)... */
            thing_model_identifier?: string | null;
            /**
             * Format: uuid
             * @description ...or to this one device.
             */
            device_id?: string | null;
            /** @description The rule as `foresight_telemetry::rules::AlarmRule`. */
            definition: Record<string, never>;
            enabled: boolean;
            /** Format: int32 */
            version: number;
            /** Format: uuid */
            created_by?: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        AlarmRulePage: {
            items: components["schemas"]["AlarmRule"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        /** @description One saved version of a rule. */
        AlarmRuleRevision: {
            /** Format: int32 */
            version: number;
            definition: Record<string, never>;
            /** Format: uuid */
            changed_by?: string | null;
            /** Format: date-time */
            created_at: string;
        };
        /** @description One alert with its review. */
        AlertDetail: components["schemas"]["AlertSummary"] & {
            /** @description The system's screening: `{"outcome": "confirmed"|"dismissed", "reason", "reasoning", "reasoning_en"}`. */
            screening?: Record<string, never> | null;
            /**
             * @description The standing level-2 decision: `{"disposition": {"kind": "confirmed"|"downgraded"|"rejected",
             *     "grade"?}, "by", "by_name", "comment"}`.
             */
            decision?: Record<string, never> | null;
            transitions: components["schemas"]["TransitionRow"][];
            actions: components["schemas"]["ActionRow"][];
            /** @description The newest 50. */
            recent_occurrences: components["schemas"]["Occurrence"][];
            /**
             * @description The commands this caller may issue now (reopen, decide, request_data, supply_data, approve, return,
             *     escalate, add_action, complete_action).
             */
            allowed_commands: string[];
        };
        AlertPage: {
            items: components["schemas"]["AlertSummary"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        /** @description An alert as lists show it. */
        AlertSummary: {
            /** Format: uuid */
            alert_id: string;
            /** Format: uuid */
            site_id: string;
            /** Format: uuid */
            zone_id: string;
            zone_code: string;
            zone_name: string;
            /** @description `zone_risk`, `device_alarm`, `device_event` or `risk_path`. */
            source: string;
            /** @description What raised it, stable per source: signals of the same zone and cause join one alert. */
            cause: string;
            title: string;
            title_en: string;
            /**
             * Format: int32
             * @description 1 blue .. 4 red: the highest of its occurrences.
             */
            severity: number;
            /** @description The severity as a heat-map grade: `blue`, `yellow`, `orange`, `red`. */
            grade: string;
            /** @description `screening`, `dismissed`, `engineer_review`, `awaiting_data`, `final_review`, `actions_open`, `closed`. */
            stage: string;
            /**
             * Format: int32
             * @description Escalations so far (missed deadlines and escalations by the final reviewer).
             */
            escalation: number;
            /** Format: date-time */
            opened_at: string;
            /** Format: date-time */
            last_occurrence_at: string;
            /** Format: int32 */
            occurrences: number;
            /**
             * Format: date-time
             * @description When the current review level must have acted; absent at the ends.
             */
            deadline_at?: string | null;
            /** @description The deadline has passed (as of the query). */
            overdue: boolean;
            /** Format: date-time */
            closed_at?: string | null;
            /**
             * Format: int32
             * @description For `If-Match`.
             */
            version: number;
        };
        /** @description An API key as listed; the secret itself is only ever shown once, at creation. */
        ApiKey: {
            /** Format: uuid */
            api_key_id: string;
            name: string;
            /** @description The token's first characters, to tell keys apart. */
            prefix: string;
            scopes: string[];
            /** Format: uuid */
            created_by?: string | null;
            /** Format: date-time */
            expires_at?: string | null;
            /** Format: date-time */
            revoked_at?: string | null;
            /** Format: date-time */
            last_used_at?: string | null;
            /** Format: date-time */
            created_at: string;
        };
        ApiKeyPage: {
            items: components["schemas"]["ApiKey"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        /** @description An assessment: LEC needs `l`, `e` and `c` from their scales; LS needs `l` and `s`, whole numbers 1 to 5. */
        AssessmentBody: {
            method: components["schemas"]["AssessmentMethod"];
            /**
             * Format: double
             * @description Likelihood. LEC: 10, 6, 3, 1, 0.5, 0.2, 0.1. LS: 1 to 5.
             */
            l: number;
            /**
             * Format: double
             * @description LEC exposure: 10, 6, 3, 2, 1, 0.5.
             */
            e?: number | null;
            /**
             * Format: double
             * @description LEC consequence: 100, 40, 15, 7, 3, 1.
             */
            c?: number | null;
            /**
             * Format: double
             * @description LS severity: 1 to 5.
             */
            s?: number | null;
        };
        /**
         * @description The assessment method.
         * @enum {string}
         */
        AssessmentMethod: "lec" | "ls";
        /** @description An audit event as shown to people. */
        AuditEvent: {
            /**
             * Format: int64
             * @description Position in the tenant's chain, from 1.
             */
            seq: number;
            /** Format: date-time */
            occurred_at: string;
            /** @description user, api_key or system. */
            actor_kind: string;
            /** Format: uuid */
            actor_id?: string | null;
            actor_label: string;
            /** @description What happened, e.g. zone.update. */
            action: string;
            target_kind: string;
            target_id?: string | null;
            before?: unknown;
            after?: unknown;
            request_id?: string | null;
            /** @description This event's link hash (hex). */
            hash: string;
        };
        AuditEventPage: {
            items: components["schemas"]["AuditEvent"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        /** @description The history a back-test replays. */
        BacktestRequest: {
            /**
             * Format: date-time
             * @description Start of the recorded history.
             */
            from: string;
            /**
             * Format: date-time
             * @description End (default: now).
             */
            to?: string | null;
            /**
             * Format: uuid
             * @description Only this site's zones (default: every site).
             */
            site_id?: string | null;
            /** @description Test this definition instead of the stored one (an edit before it is saved). */
            definition?: Record<string, never> | null;
        };
        /** @description A back-test per zone and in total. */
        BacktestResult: {
            /** @description Recorded zone snapshots replayed (every zone, every cycle). */
            samples: number;
            /** @description Zones in which the rule would have fired at least once, with their report. */
            zones: Record<string, never>[];
            /** @description Onsets over all zones, oldest first (ms since the epoch). */
            firings: number[];
            /** @description Snapshots on which the condition was unknown (an input missing: a misspelt input name shows here). */
            unknown_samples: number;
            /** @description Whether the history was cut at the sample limit. */
            truncated: boolean;
        };
        BatchReceipt: {
            batch_key: string;
            /** @description Readings stored. */
            accepted: number;
            /** @description Device events stored. */
            events: number;
            /** @description Readings and events refused; each is in the dead-letter store with its reason. */
            rejected: number;
            /** @description The batch had already been stored; nothing was stored again. */
            duplicate: boolean;
        };
        Bucket: {
            /** Format: date-time */
            bucket_start: string;
            /** Format: double */
            min?: number | null;
            /** Format: double */
            max?: number | null;
            /** Format: double */
            avg?: number | null;
            /** Format: int64 */
            count: number;
        };
        ChainBreak: {
            /**
             * Format: int64
             * @description The first event that fails.
             */
            seq: number;
            /** @description content_altered, link_broken, sequence_gap or tail_missing. */
            reason: string;
        };
        ChainVerification: {
            intact: boolean;
            /**
             * Format: int64
             * @description Events checked.
             */
            checked: number;
            /**
             * Format: int64
             * @description The last sequence number the chain head records.
             */
            head_seq: number;
            first_broken?: null | components["schemas"]["ChainBreak"];
        };
        ChangePassword: {
            current_password: string;
            new_password: string;
        };
        /**
         * @description A review command: `command` and the fields it uses. `reopen`, `request_data`, `return`, `escalate` need a
         *     `comment`; `decide` needs `disposition` (and a comment unless confirming); `approve` takes `actions`;
         *     `add_action` needs `action`; `complete_action` needs `action_id`.
         */
        CommandInput: {
            command: components["schemas"]["CommandName"];
            /** @description At most 2,000 characters. */
            comment?: string;
            disposition?: null | components["schemas"]["DispositionInput"];
            /** @description For `approve`: the corrective actions (none closes the alert), at most 50. */
            actions?: components["schemas"]["ActionInput"][] | null;
            action?: null | components["schemas"]["ActionInput"];
            /**
             * Format: uuid
             * @description For `complete_action`.
             */
            action_id?: string | null;
        };
        /**
         * @description The review commands the API takes (screening and deadlines are the system's).
         * @enum {string}
         */
        CommandName: "reopen" | "decide" | "request_data" | "supply_data" | "approve" | "return" | "escalate" | "add_action" | "complete_action";
        /** @description One input's share of the difference between a zone's value and its normal-conditions baseline. */
        Contribution: {
            /**
             * @description Input name: a factor id (`cold_below_5c`) or a signal (`alarms_critical`, `deviation`,
             *     `incident_likelihood`, `risk_paths_open`).
             */
            input: string;
            /** @description What people read: the factor's name, or the signal name. */
            label: string;
            /** @description factor or signal. */
            kind: string;
            /**
             * Format: double
             * @description Points of the 0..100 value (Shapley value); negative for control measures.
             */
            value: number;
        };
        CreateAlarmRule: {
            /** @description Apply to every device of this thing model (by identifier; later revisions keep the rule)... */
            thing_model_identifier?: string | null;
            /**
             * Format: uuid
             * @description ...or to one device. Exactly one of the two.
             */
            device_id?: string | null;
            enabled?: boolean;
            /**
             * @description The rule: name, severity, condition (threshold / rate_of_change / stale, combined with and /
             *     or), for_at_least_secs, hysteresis, escalation.
             */
            definition: Record<string, never>;
        };
        CreateApiKey: {
            name: string;
            /**
             * @description Permissions the key carries, e.g. ["zone:read"]; only integration-grade permissions that the
             *     creator holds.
             */
            scopes: string[];
            /**
             * Format: date-time
             * @description Optional expiry, in the future.
             */
            expires_at?: string | null;
        };
        CreateDefinition: {
            /** @description The factor (`{id, name, condition, applies_to, effect}`) or rule (`{id, name, condition, actions}`). */
            definition: Record<string, never>;
            enabled?: boolean;
        };
        CreateDevice: {
            /** Format: uuid */
            site_id: string;
            /**
             * Format: uuid
             * @description A zone of the same site.
             */
            zone_id?: string | null;
            /**
             * Format: uuid
             * @description A gateway of the same site.
             */
            gateway_id?: string | null;
            /**
             * Format: uuid
             * @description The thing model revision the device reports by.
             */
            thing_model_id: string;
            /** @description The key gateways use for the device; unique in the tenant: letters, digits, - and _. */
            code: string;
            name: string;
            /**
             * Format: double
             * @description Position on the site plan in plan pixels; both or neither, inside the plan when there is one.
             */
            position_x?: number | null;
            /** Format: double */
            position_y?: number | null;
            status?: null | components["schemas"]["DeviceStatus"];
        };
        CreateGateway: {
            /** Format: uuid */
            site_id: string;
            /** @description Short code, unique in the tenant: letters, digits, - and _. */
            code: string;
            name: string;
        };
        CreateHazard: {
            /** Format: uuid */
            zone_id: string;
            /** @description Unique in the tenant: letters, digits, - and _. */
            code: string;
            name: string;
            category: components["schemas"]["HazardCategory"];
            description?: string | null;
            assessment?: null | components["schemas"]["AssessmentBody"];
            engineering_controls?: string[] | null;
            management_controls?: string[] | null;
            training_controls?: string[] | null;
            ppe_controls?: string[] | null;
            emergency_controls?: string[] | null;
            /**
             * Format: uuid
             * @description A person of the tenant.
             */
            responsible_user_id?: string | null;
            /** @description Devices whose readings bear on the hazard. */
            device_ids?: string[] | null;
            /** @description Dynamic-factor tags, e.g. night_shift, low_temperature. */
            tags?: string[] | null;
        };
        CreateSite: {
            /** @description Short code, unique in the tenant: letters, digits, - and _. */
            code: string;
            name: string;
            address?: string;
            /** @description IANA time zone; default Asia/Shanghai. */
            timezone?: string | null;
        };
        CreateTenant: {
            /** @description Sign-in code: lowercase letters, digits and -, 2 to 63 characters. */
            slug: string;
            name: string;
            /** @description zh-CN (default) or en. */
            locale?: string | null;
            admin: components["schemas"]["FirstAdmin"];
        };
        CreateThingModel: {
            /**
             * @description The model in the thing-model format (see GET /thing-models/presets for examples). May be absent
             *     when `preset` is given: the preset is then saved as it is.
             */
            definition?: Record<string, never> | null;
            /** @description Identifier of the preset the model was made from; the model's source becomes `preset`. */
            preset?: string | null;
        };
        CreateUser: {
            /** @description Sign-in name, unique in the tenant (case-insensitive). */
            username: string;
            display_name: string;
            email?: string;
            phone?: string;
            /** @description zh-CN (default) or en. */
            locale?: string | null;
            /** @description Initial password: 10 to 128 characters, not the username. */
            password: string;
            roles?: components["schemas"]["Grant"][];
        };
        CreateZone: {
            /** Format: uuid */
            site_id: string;
            /** @description Short code, unique in the site. */
            code: string;
            name: string;
            kind: components["schemas"]["ZoneKind"];
            description?: string;
            /** @description Vertices [x, y] in site-plan pixels; 3 to 500, simple (no crossing edges), inside the plan. */
            polygon: number[][];
        };
        CreatedApiKey: {
            api_key: components["schemas"]["ApiKey"];
            /** @description The secret token. Shown only now; store it in the integration's configuration. */
            token: string;
        };
        /** @description A new webhook with its signing secret, shown this once. */
        CreatedWebhook: components["schemas"]["Webhook"] & {
            /** @description HMAC-SHA256 key for the `Foresight-Signature` header (docs/WEBHOOKS.md); not shown again. */
            secret: string;
        };
        /** @description One refused reading or message. */
        DeadLetter: {
            /** Format: uuid */
            dead_letter_id: string;
            /**
             * Format: uuid
             * @description The sending gateway; absent when it could not be identified.
             */
            gateway_id?: string | null;
            /** Format: date-time */
            received_at: string;
            /** @description Stable reason code, e.g. out_of_range, unknown_device. */
            reason: string;
            /** @description Short English explanation. */
            detail: string;
            device_code?: string | null;
            property?: string | null;
            /** @description The refused item, or the start of a refused message. */
            payload?: Record<string, never> | null;
        };
        /** @description The count of refusals of one gateway for one reason. */
        DeadLetterCount: {
            /** Format: uuid */
            gateway_id?: string | null;
            /** @description The gateway's code, when the gateway is known and still exists. */
            gateway_code?: string | null;
            reason: string;
            /** Format: int64 */
            count: number;
            /** Format: date-time */
            last_received_at: string;
        };
        DeadLetterPage: {
            items: components["schemas"]["DeadLetter"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        DeadLetterSummary: {
            /**
             * Format: date-time
             * @description The start of the window counted.
             */
            since: string;
            /** @description Refusals per gateway and reason, most frequent first. */
            items: components["schemas"]["DeadLetterCount"][];
            /**
             * Format: int64
             * @description All refusals in the window.
             */
            total: number;
        };
        /** @description How long each human review level may take. */
        DeadlinesBody: {
            engineer_review: components["schemas"]["PerGradeBody"];
            final_review: components["schemas"]["PerGradeBody"];
        };
        /** @description A stored dynamic factor or expert rule. */
        Definition: {
            /** @description The definition's `id` (`cold_below_5c`, `nh3_agv_conflict`), unique in the tenant. */
            code: string;
            name: string;
            /** @description `foresight_risk::factors::Factor` or `foresight_risk::rules::Rule` as JSON. */
            definition: Record<string, never>;
            enabled: boolean;
            /** Format: int32 */
            version: number;
            /** Format: uuid */
            created_by?: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        /** @description A registered sensor or machine. */
        Device: {
            /** Format: uuid */
            device_id: string;
            /** Format: uuid */
            site_id: string;
            /** Format: uuid */
            zone_id?: string | null;
            /** Format: uuid */
            gateway_id?: string | null;
            /**
             * Format: uuid
             * @description The thing model revision the device reports by.
             */
            thing_model_id: string;
            /** @description The identifier of that thing model. */
            thing_model_identifier: string;
            /** Format: int32 */
            thing_model_revision: number;
            /** @description The key gateways use for the device in their payloads; unique in the tenant. */
            code: string;
            name: string;
            /**
             * Format: double
             * @description Position on the site plan, in plan pixels (origin top-left); both or neither.
             */
            position_x?: number | null;
            /** Format: double */
            position_y?: number | null;
            /** @description active, maintenance or retired. */
            status: string;
            /** Format: int32 */
            version: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        /** @description One event a device reported. */
        DeviceEvent: {
            /** Format: uuid */
            event_id: string;
            /** Format: uuid */
            device_id: string;
            /** @description The device's code, when the device still exists. */
            device_code?: string | null;
            /**
             * Format: uuid
             * @description Where the device was when the event was written.
             */
            site_id: string;
            /** Format: uuid */
            zone_id?: string | null;
            /**
             * Format: uuid
             * @description The gateway that sent it.
             */
            gateway_id?: string | null;
            /** @description The event's identifier in the device's thing model, e.g. fall_detected, sos, no_helmet. */
            identifier: string;
            /** @description From the thing model: info, warning, alarm or critical. */
            severity: string;
            /**
             * Format: date-time
             * @description Platform time (the gateway's timestamp corrected by its clock offset).
             */
            ts: string;
            /**
             * Format: date-time
             * @description The timestamp as the gateway sent it.
             */
            source_ts: string;
            /** @description The fields the thing model defines, checked. */
            fields: Record<string, never>;
            /**
             * @description Fields the thing model does not define, as sent; absent when none (the model may be behind the
             *     device's firmware).
             */
            unknown_fields?: Record<string, never> | null;
            /** Format: date-time */
            received_at: string;
        };
        DeviceEventPage: {
            items: components["schemas"]["DeviceEvent"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        DevicePage: {
            items: components["schemas"]["Device"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        /**
         * @description A device's operating state.
         * @enum {string}
         */
        DeviceStatus: "active" | "maintenance" | "retired";
        /** @description The level-2 disposition. */
        DispositionInput: {
            /** @description `confirmed`, `downgraded` or `rejected`. */
            kind: string;
            /** @description For `downgraded`: `blue`, `yellow` or `orange`. */
            grade?: string | null;
        };
        /** @description A hazard of the zone with its static assessment and its grade under the current conditions. */
        DynamicHazard: {
            /** Format: uuid */
            hazard_id: string;
            code: string;
            name: string;
            category: string;
            /** @description lec, ls, or null while not assessed. */
            method?: string | null;
            /** @description The static grade (the register's), or unassessed. */
            static_grade: string;
            /**
             * Format: double
             * @description D = L × E × C or R = L × S as assessed.
             */
            score?: number | null;
            /**
             * Format: double
             * @description Dynamic L′, E′ and D′ with the active factors (LEC hazards only).
             */
            dynamic_l?: number | null;
            /** Format: double */
            dynamic_e?: number | null;
            /** Format: double */
            dynamic_d?: number | null;
            /** @description The grade under the current conditions (LS hazards keep their static grade: factors act on LEC). */
            dynamic_grade: string;
            /** @description Ids of the factors that apply to this hazard now. */
            applied_factors: string[];
        };
        /** @description Everything known around the alert. */
        Evidence: {
            /** Format: date-time */
            from: string;
            /** Format: date-time */
            to: string;
            /**
             * @description What was recorded when it opened: the signal (alarm, event, risk path), and for zone risk the value,
             *     contributions (`[{"input", "value"}]`) and inputs (`{"snapshot", "factors", "rules", ...}`).
             */
            at_opening: Record<string, never>;
            /** @description The zone's risk at the opening (nearest cycle at or before it): contributions, factors and rules fired. */
            zone_risk?: Record<string, never> | null;
            /** @description The source device's readings (every property), or the zone's gas readings for zone-level alerts. */
            readings: components["schemas"]["EvidenceSeries"][];
            device_events: components["schemas"]["EvidenceEvent"][];
            work_items: components["schemas"]["EvidenceWork"][];
        };
        EvidenceEvent: {
            /** Format: uuid */
            event_id: string;
            device_code: string;
            device_name: string;
            identifier: string;
            severity: string;
            /** Format: date-time */
            ts: string;
        };
        EvidenceSeries: {
            /** Format: uuid */
            device_id: string;
            device_code: string;
            device_name: string;
            property: string;
            /** @description Per minute: `{"ts", "min", "max", "avg"}`. */
            points: Record<string, never>[];
        };
        EvidenceWork: {
            /** Format: uuid */
            work_item_id: string;
            kind: string;
            permit_type?: string | null;
            title: string;
            /** Format: date-time */
            starts_at?: string | null;
            /** Format: date-time */
            ends_at?: string | null;
            /** Format: date-time */
            due_at?: string | null;
            /** Format: date-time */
            closed_at?: string | null;
        };
        /** @description An expert condition → action rule. */
        ExpertRule: components["schemas"]["Definition"] & {
            /** Format: uuid */
            expert_rule_id: string;
        };
        FirstAdmin: {
            username: string;
            display_name: string;
            password: string;
        };
        /** @description A gateway as shown; its secret is shown only once, at creation or rotation. */
        Gateway: {
            /** Format: uuid */
            gateway_id: string;
            /** Format: uuid */
            site_id: string;
            /** @description Short code, unique in the tenant. */
            code: string;
            name: string;
            /**
             * Format: int64
             * @description Estimated platform time minus gateway time, in milliseconds, used to align readings.
             */
            clock_offset_ms: number;
            /**
             * Format: date-time
             * @description When the gateway last delivered a message; absent until it first does.
             */
            last_seen_at?: string | null;
            /** Format: int32 */
            version: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        GatewayPage: {
            items: components["schemas"]["Gateway"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        GatewayWithToken: {
            gateway: components["schemas"]["Gateway"];
            /** @description The secret token (`fgw_...`). Shown only now; configure it on the gateway. */
            token: string;
        };
        /** @description A role to grant: tenant-wide without `zone_id`, else limited to that zone. */
        Grant: {
            role: string;
            /** Format: uuid */
            zone_id?: string | null;
        };
        /** @description A stored hazard point. */
        Hazard: {
            /** Format: uuid */
            hazard_id: string;
            /**
             * Format: uuid
             * @description The site of the hazard's zone.
             */
            site_id: string;
            site_code: string;
            /** Format: uuid */
            zone_id: string;
            zone_code: string;
            zone_name: string;
            /** @description Unique in the tenant. */
            code: string;
            name: string;
            /**
             * @description mechanical, fire_explosion, toxic, electrical, fall, confined_space, lifting, hot_work, vehicle,
             *     chemical_burn, scald or other.
             */
            category: string;
            description: string;
            /** @description lec, ls, or null while the hazard is not assessed. */
            method?: string | null;
            /**
             * Format: double
             * @description L: LEC scale 10, 6, 3, 1, 0.5, 0.2, 0.1; LS 1 to 5.
             */
            likelihood?: number | null;
            /**
             * Format: double
             * @description E of LEC: 10, 6, 3, 2, 1, 0.5.
             */
            exposure?: number | null;
            /**
             * Format: double
             * @description C of LEC: 100, 40, 15, 7, 3, 1.
             */
            consequence?: number | null;
            /**
             * Format: double
             * @description S of LS: 1 to 5.
             */
            severity?: number | null;
            /**
             * Format: double
             * @description D = L × E × C or R = L × S; null while not assessed.
             */
            score?: number | null;
            /**
             * @description red, orange, yellow, blue by the tenant's risk settings; `unassessed` until assessed (never a
             *     colour by default).
             */
            grade: string;
            /** @description Control measures by kind, one entry per measure. */
            engineering_controls: string[];
            management_controls: string[];
            training_controls: string[];
            ppe_controls: string[];
            emergency_controls: string[];
            /** Format: uuid */
            responsible_user_id?: string | null;
            responsible_username?: string | null;
            /** @description Linked devices, ordered by device code; `device_codes` in the same order. */
            device_ids: string[];
            device_codes: string[];
            /** @description Dynamic-factor tags the risk engine matches conditions to (night_shift, low_temperature, ...). */
            tags: string[];
            /** Format: date-time */
            assessed_at?: string | null;
            /** Format: uuid */
            assessed_by?: string | null;
            /** Format: uuid */
            created_by?: string | null;
            /** Format: int32 */
            version: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        /**
         * @description What kind of harm a hazard can do.
         * @enum {string}
         */
        HazardCategory: "mechanical" | "fire_explosion" | "toxic" | "electrical" | "fall" | "confined_space" | "lifting" | "hot_work" | "vehicle" | "chemical_burn" | "scald" | "other";
        /**
         * @description A change to one hazard's assessment (e.g. a guard installed: `likelihood` 1 → 0.5). Absent fields keep
         *     the hazard's values; the result must lie on the hazard's method's scales.
         */
        HazardChange: {
            /** Format: uuid */
            hazard_id: string;
            /** Format: double */
            likelihood?: number | null;
            /** Format: double */
            exposure?: number | null;
            /** Format: double */
            consequence?: number | null;
            /** Format: double */
            severity?: number | null;
        };
        HazardPage: {
            items: components["schemas"]["Hazard"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        /** @description A site's heat map at one moment. */
        Heatmap: {
            /** Format: uuid */
            site_id: string;
            /**
             * Format: date-time
             * @description The moment shown (now, or the replayed time).
             */
            at: string;
            zones: components["schemas"]["HeatmapZone"][];
        };
        /** @description One zone on the heat map. */
        HeatmapZone: {
            /** Format: uuid */
            zone_id: string;
            code: string;
            name: string;
            /**
             * Format: date-time
             * @description The cycle shown; null when the zone has no recent assessment (then value and grade are null too).
             */
            at?: string | null;
            /**
             * Format: double
             * @description 0..100 (blue 0–25, yellow 25–50, orange 50–75, red 75–100).
             */
            value?: number | null;
            /** @description red, orange, yellow, blue or unassessed (no hazard of the zone is assessed; never shown as blue). */
            grade?: string | null;
            /** @description The colour of the value alone, also for an unassessed zone. */
            value_grade?: string | null;
            /**
             * Format: double
             * @description The value under normal conditions (the static register).
             */
            baseline_value?: number | null;
            /** @description The largest contributions, largest first. */
            top: components["schemas"]["Contribution"][];
        };
        /** @description The workbook for import, as the form field `file`. */
        ImportForm: {
            /** Format: binary */
            file: string;
        };
        /**
         * @description What an imported document is.
         * @enum {string}
         */
        ImportFormat: "tsl" | "wot" | "foresight";
        /** @description One bad cell of an import. */
        ImportIssue: {
            /**
             * Format: int32
             * @description The row number as Excel shows it.
             */
            row: number;
            /** @description The column letter, e.g. `H`. */
            column: string;
            /** @description The column's header in the caller's language. */
            header: string;
            /** @description The cell reference, e.g. `H7`. */
            cell: string;
            /**
             * @description Stable code: required, not_a_number, not_in_scale, not_used, too_long, too_many, invalid_format,
             *     formula, error_value, not_text, unknown_zone, ambiguous_zone, unknown_user, unknown_device,
             *     duplicate_in_file, duplicate.
             */
            code: string;
            /** @description The whole message, naming row, column and header. */
            message: string;
        };
        /**
         * @description What to do when some rows are bad.
         * @enum {string}
         */
        ImportMode: "all_or_nothing" | "keep_valid";
        /** @description The outcome of an import. */
        ImportReport: {
            mode: components["schemas"]["ImportMode"];
            dry_run: boolean;
            /** @description Data rows read (empty rows are skipped). */
            rows: number;
            /** @description Rows without problems. */
            valid: number;
            /** @description Rows with at least one problem; none of them is stored. */
            invalid: number;
            /** @description Hazards created (0 in a dry run). */
            created: number;
            /** @description Codes of the valid rows, in file order. */
            codes: string[];
            /** @description Every bad cell, in file order. */
            errors: components["schemas"]["ImportIssue"][];
        };
        ImportThingModel: {
            format: components["schemas"]["ImportFormat"];
            /**
             * @description The document to import: a JSON object in the chosen format. Its keys are the format's business, so
             *     the schema leaves it open.
             */
            document: unknown;
        };
        /** @description Something an import lost or changed; the model was saved anyway. */
        ImportWarning: {
            /** @description Where in the imported document. */
            path: string;
            /** @description Stable code, e.g. renamed_identifier, unbounded_range. */
            code: string;
            /** @description In the caller's language. */
            message: string;
        };
        ImportedThingModel: {
            thing_model: components["schemas"]["ThingModelRecord"];
            warnings: components["schemas"]["ImportWarning"][];
        };
        /** @description One inbox item. */
        InboxItem: {
            /** Format: uuid */
            inbox_item_id: string;
            /** Format: uuid */
            alert_id: string;
            /**
             * Format: int32
             * @description 1 blue .. 4 red.
             */
            severity: number;
            title: string;
            title_en: string;
            body: string;
            body_en: string;
            /** Format: date-time */
            read_at?: string | null;
            /** Format: date-time */
            created_at: string;
        };
        InboxPage: components["schemas"]["InboxPageItems"] & {
            /**
             * Format: int64
             * @description Unread items in all.
             */
            unread: number;
        };
        InboxPageItems: {
            items: components["schemas"]["InboxItem"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        LatestValue: {
            property: string;
            /** Format: date-time */
            ts: string;
            /** Format: double */
            value?: number | null;
            text_value?: string | null;
        };
        /**
         * @description How LEC bands map to colours.
         * @enum {string}
         */
        LecMapping: "default" | "high_bands_red";
        LoginRequest: {
            /** @description The tenant's sign-in code. */
            tenant: string;
            username: string;
            password: string;
        };
        Me: {
            user?: null | components["schemas"]["User"];
            tenant: components["schemas"]["Tenant"];
            roles: components["schemas"]["RoleAssignment"][];
            /** @description Effective permissions, e.g. "zone:write". */
            permissions: string[];
            /** @description Zones the caller is limited to; absent when the caller sees all zones. */
            zone_scope?: string[] | null;
        };
        /** @description The proposed control measure, compared with the scenario alone. */
        Measure: {
            /** @description What it is (for example "conveyor guard installed"), shown beside the variant. */
            name?: string | null;
            hazards?: components["schemas"]["HazardChange"][];
            /** @description Factors turned off: the tenant's factor codes (or a scenario's, `sandbox.typhoon_wind`). */
            factors_off?: string[];
        };
        /** @description A site's retraining schedule as stored, with the outcome of its last run. */
        NormalModelSchedule: {
            /** Format: uuid */
            site_id: string;
            /** @description `<device code>.<property>`, in model order. */
            variables: string[];
            /**
             * Format: int32
             * @description Days of history before each run the model learns from.
             */
            window_days: number;
            /**
             * Format: int32
             * @description Days between runs.
             */
            every_days: number;
            /** @description Whether a new version becomes active on its own (unless the drift guard holds it for review). */
            auto_activate: boolean;
            enabled: boolean;
            /** Format: date-time */
            next_run_at: string;
            /** Format: date-time */
            last_run_at?: string | null;
            /** @description `activated`, `trained` (kept inactive), `held_for_review` (kept inactive by the guard) or `refused`. */
            last_outcome?: string | null;
            /** @description Why the last run was refused or held: `{"code": ..., "detail": ...}`. */
            last_problem?: Record<string, never> | null;
            /** Format: uuid */
            last_model_id?: string | null;
            /** Format: uuid */
            updated_by?: string | null;
            /** Format: date-time */
            updated_at: string;
        };
        /** @description A stored model version (without the model JSON, which lists carry only on request). */
        NormalModelVersion: {
            /** Format: uuid */
            normal_model_id: string;
            /** Format: uuid */
            site_id: string;
            /** Format: int32 */
            version: number;
            /** @description `<device code>.<property>`, in model order. */
            variables: string[];
            /** Format: date-time */
            window_start: string;
            /** Format: date-time */
            window_end: string;
            /** Format: date-time */
            trained_at: string;
            /** Format: uuid */
            trained_by?: string | null;
            active: boolean;
            /** @description The model's training summary (samples, components kept, explained variance, held-out flag rate). */
            training: Record<string, never>;
        };
        /** @description One occurrence. */
        Occurrence: {
            /** Format: date-time */
            at: string;
            /** Format: int32 */
            severity: number;
            /** @description The severity as a grade (`blue` .. `red`). */
            grade: string;
            detail: string;
            detail_en: string;
        };
        /** @description One scenario override. JSON: `{"kind": "typhoon", "wind_speed_m_s": 35}`. */
        Override: {
            /** Format: double */
            wind_speed_m_s?: number;
            /** Format: double */
            rainfall_mm_per_h?: number;
            /** Format: double */
            l_multiplier?: number;
            /** @enum {string} */
            kind: "typhoon";
        } | {
            /** Format: double */
            voltage_dip_pct?: number;
            /** Format: double */
            frequency_offset_hz?: number;
            /** Format: double */
            l_multiplier?: number;
            /** @enum {string} */
            kind: "grid_fluctuation";
        } | {
            categories?: string[];
            zone_ids?: string[];
            /** Format: double */
            l_multiplier?: number;
            /** @enum {string} */
            kind: "ageing_equipment";
        } | {
            property: string;
            model?: string | null;
            /** Format: uuid */
            zone_id?: string | null;
            mode?: components["schemas"]["PropertyMode"];
            /** Format: double */
            value: number;
            /** @enum {string} */
            kind: "set_property";
        } | {
            factor: string;
            /** @enum {string} */
            kind: "force_factor";
        } | {
            hazard_ids: string[];
            /** Format: double */
            l?: number;
            /** Format: double */
            e?: number;
            /** Format: double */
            c?: number;
            /** @enum {string} */
            kind: "multiply_hazards";
        };
        /** @description One parameter of an override kind. */
        Param: {
            name: string;
            /** @description number, string, uuid, string[], uuid[], or enum (see `options`). */
            type: string;
            label_zh: string;
            label_en: string;
            unit: string;
            required: boolean;
            default?: Record<string, never> | null;
            /** Format: double */
            min?: number | null;
            /** Format: double */
            max?: number | null;
            options: string[];
        };
        /** @description Seconds per grade. */
        PerGradeBody: {
            /** Format: int64 */
            red: number;
            /** Format: int64 */
            orange: number;
            /** Format: int64 */
            yellow: number;
            /** Format: int64 */
            blue: number;
        };
        /** @description The alert policy. */
        PolicyBody: {
            /** @description Zone risk at or above this grade opens an alert: blue, yellow, orange (default) or red. */
            zone_grade: string;
            /** @description Device alarms at or above: warning, alarm (default) or critical. */
            alarm_severity: string;
            /** @description Device events (SOS, fall, detections) at or above: warning, alarm or critical (default). */
            event_severity: string;
            /**
             * Format: int64
             * @description Signals of the same zone and cause within this many seconds join one alert (30 to 86,400; 600).
             */
            correlation_window_secs: number;
            /**
             * Format: int64
             * @description A source that opened this many alerts within `flap_window_secs` is damped (2 to 100; 3).
             */
            flap_limit: number;
            /**
             * Format: int64
             * @description 60 to 604,800 (3,600).
             */
            flap_window_secs: number;
            /** @description Seconds per review level and grade, each 60 to 2,592,000, a higher grade never longer than a lower one. */
            deadlines: components["schemas"]["DeadlinesBody"];
            /**
             * Format: int32
             * @description 0 while the defaults apply.
             */
            version?: number;
        };
        /** @description A stored model version, without its bytes (those are downloaded on their own). */
        PredictorModel: {
            /** Format: uuid */
            predictor_model_id: string;
            /**
             * Format: uuid
             * @description The site the model is for; null: every site of the tenant without an active model of its own.
             */
            site_id?: string | null;
            name: string;
            /**
             * Format: int32
             * @description 1, 2, ... per scope, in upload order.
             */
            version: number;
            /** @description The declared input mapping: `window`, `features` (name, unit, source, mean, std) in model order. */
            mapping: Record<string, never>;
            /** @description Lower-case hex SHA-256 of the ONNX file. */
            sha256: string;
            /** Format: int32 */
            size_bytes: number;
            /** @description The engine that predicts with it: `tract`, or `native_lstm` for the shipped LSTM's shape. */
            engine: string;
            /** Format: uuid */
            uploaded_by?: string | null;
            /** @description Whether the risk cycle uses it for its scope. */
            active: boolean;
            /**
             * Format: date-time
             * @description When it was retired (never active again), or null.
             */
            retired_at?: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        PredictorModelPage: {
            items: components["schemas"]["PredictorModel"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        /** @description The multipart form of an upload. */
        PredictorUploadForm: {
            /**
             * Format: binary
             * @description The ONNX model file (at most 20 MiB).
             */
            file: string;
            /**
             * @description The input mapping as JSON (the form of models/lstm/mapping.json): `window`, and `features` in model
             *     order, each with `name` (one the risk engine computes), `unit`, `source`, `mean`, `std`.
             */
            mapping: string;
            /** @description A name people recognise, 1 to 100 characters. */
            name: string;
            /**
             * Format: uuid
             * @description The site the model is for; absent: tenant-wide (every site without its own active model).
             */
            site_id?: string | null;
        };
        /** @description A person's notification preferences. */
        Preferences: {
            /**
             * @description Lowest grade written to the inbox (`blue` .. `red`); alerts waiting for the person's own review
             *     always are.
             */
            inbox_min_grade: string;
            /** @description Lowest grade the browser pops up. */
            browser_min_grade: string;
            /** Format: int32 */
            version: number;
        };
        PreferencesInput: {
            /** @description blue, yellow, orange or red. */
            inbox_min_grade: string;
            /** @description blue, yellow, orange or red. */
            browser_min_grade: string;
        };
        /** @description One override kind. */
        Preset: {
            /** @description The `kind` of the override (`typhoon`). */
            kind: string;
            label_zh: string;
            label_en: string;
            description_zh: string;
            description_en: string;
            params: components["schemas"]["Param"][];
        };
        /** @description A model of the preset library, to start from. */
        PresetThingModel: {
            identifier: string;
            name: string;
            name_en: string;
            category: string;
            /** @description The whole model, ready to be edited and posted as a definition. */
            definition: Record<string, never>;
        };
        /** @description The RFC 9457 document as sent. */
        Problem: {
            /** @description A URI naming the kind of problem; stable for programs. */
            type: string;
            title: string;
            /** Format: int32 */
            status: number;
            detail: string;
            /** @description The request path. */
            instance: string;
            /** @description Shared with the server's logs. */
            request_id?: string | null;
            /** @description Field-level reasons. */
            errors?: components["schemas"]["ProblemField"][];
            /**
             * Format: int32
             * @description On 412: the version the resource has now.
             */
            current_version?: number | null;
        };
        ProblemField: {
            /** @description Where in the input, e.g. `polygon` or `roles[1].zone_id`. */
            field: string;
            /** @description Stable machine-readable reason. */
            code: string;
            message: string;
        };
        /**
         * @description How a property override changes the recorded values.
         * @enum {string}
         */
        PropertyMode: "set" | "offset" | "scale" | "ramp";
        /** @description The tenant's risk grading policy as sent. */
        PutRiskSettings: {
            lec_mapping: components["schemas"]["LecMapping"];
            /**
             * Format: int32
             * @description LS bands, strictly descending red > orange > yellow, each 1 to 25.
             */
            ls_red_min: number;
            /** Format: int32 */
            ls_orange_min: number;
            /** Format: int32 */
            ls_yellow_min: number;
        };
        RawPoint: {
            /**
             * Format: date-time
             * @description Platform time.
             */
            ts: string;
            /**
             * Format: date-time
             * @description As the gateway stamped it.
             */
            source_ts: string;
            /** Format: double */
            value?: number | null;
            text_value?: string | null;
        };
        RefreshRequest: {
            refresh_token: string;
        };
        ReviseThingModel: {
            /** @description The changed model; its identifier must stay the same. */
            definition: Record<string, never>;
        };
        /**
         * @description A dynamic factor: when its condition holds on a zone's live inputs it multiplies L and/or E of the
         *     hazards it applies to.
         */
        RiskFactor: components["schemas"]["Definition"] & {
            /** Format: uuid */
            risk_factor_id: string;
        };
        /** @description An open (or closed) risk path. */
        RiskPath: {
            /** Format: uuid */
            risk_path_event_id: string;
            /** Format: uuid */
            zone_id: string;
            /** Format: uuid */
            expert_rule_id: string;
            /** Format: int32 */
            rule_version: number;
            path: string;
            /** Format: date-time */
            opened_at: string;
            /** Format: date-time */
            closed_at?: string | null;
        };
        /** @description A tenant's risk grading policy. */
        RiskSettings: {
            /**
             * @description `default` (> 320 red, 160–320 orange, 70–160 yellow, ≤ 70 blue) or `high_bands_red` (both bands
             *     above 160 red).
             */
            lec_mapping: string;
            /**
             * Format: int32
             * @description LS matrix: R = L × S at or above this is red (default 20).
             */
            ls_red_min: number;
            /**
             * Format: int32
             * @description ... at or above this orange (default 15).
             */
            ls_orange_min: number;
            /**
             * Format: int32
             * @description ... at or above this yellow (default 9); below it blue.
             */
            ls_yellow_min: number;
            /**
             * Format: int32
             * @description 0 while the tenant uses the defaults and never saved settings.
             */
            version: number;
            /** Format: date-time */
            updated_at?: string | null;
        };
        /** @description A role held by a person, tenant-wide or in one zone. */
        RoleAssignment: {
            /** Format: uuid */
            role_assignment_id: string;
            /** Format: uuid */
            user_id: string;
            role: string;
            /**
             * Format: uuid
             * @description The zone the role is limited to; absent for a tenant-wide role.
             */
            zone_id?: string | null;
            /** Format: date-time */
            created_at: string;
        };
        RoleInfo: {
            role: string;
            permissions: string[];
            /** @description Whether the role may be limited to zones. */
            zone_scopable: boolean;
            /** @description Whether the role must be limited to zones. */
            zone_required: boolean;
            /** @description Whether a tenant administrator may grant it (platform roles are granted by operators). */
            grantable: boolean;
        };
        /** @description One saved version of an expert rule. */
        RuleRevision: {
            /** Format: int32 */
            version: number;
            definition: Record<string, never>;
            enabled: boolean;
            /** Format: uuid */
            changed_by?: string | null;
            /** Format: date-time */
            created_at: string;
        };
        /** @description A sandbox run's request. */
        SandboxRequest: {
            /** @description A label for the list. */
            name?: string | null;
            /**
             * Format: date-time
             * @description Start of the replayed window (recorded history).
             */
            from: string;
            /**
             * Format: date-time
             * @description End of the window, not after now.
             */
            to: string;
            /**
             * Format: int32
             * @description Seconds between replayed cycles, 15 to 3600; default the risk cycle's interval.
             */
            step_secs?: number | null;
            /** @description Overrides applied to both variants, in order; may be empty (history as it was). */
            scenario?: components["schemas"]["Override"][];
            measure: components["schemas"]["Measure"];
        };
        /** @description A run with its request, result and failure reason. */
        SandboxRun: components["schemas"]["SandboxRunSummary"] & {
            request: Record<string, never>;
            /** @description Present when `done`: per-zone series of both variants, peaks, time in orange/red, contributions. */
            result?: Record<string, never> | null;
            /** @description Present when `failed`: `{"code": ..., "problems": [...]}`. */
            error?: Record<string, never> | null;
        };
        SandboxRunPage: {
            items: components["schemas"]["SandboxRunSummary"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        /** @description A run as listed (without its request and result). */
        SandboxRunSummary: {
            /** Format: uuid */
            sandbox_run_id: string;
            /** Format: uuid */
            site_id: string;
            name: string;
            /** @description `queued`, `running`, `done` or `failed`. */
            status: string;
            /** Format: int32 */
            steps: number;
            /** Format: date-time */
            window_start: string;
            /** Format: date-time */
            window_end: string;
            /** Format: uuid */
            created_by?: string | null;
            /** Format: date-time */
            started_at?: string | null;
            /** Format: date-time */
            finished_at?: string | null;
            /** Format: date-time */
            created_at: string;
        };
        ScheduleRequest: {
            /**
             * @description Process variables as `<device code>.<property>`, 2 to 64; each must name a recorded property of a device
             *     of the site.
             */
            variables: string[];
            /**
             * Format: int32
             * @description Days of history before each run to learn from, 1 to 90 (14 or more is advised).
             */
            window_days: number;
            /**
             * Format: int32
             * @description Days between runs, 1 to 365.
             */
            every_days: number;
            /**
             * @description Make each new version active on its own, unless the drift guard holds it for review (default false:
             *     every new version waits for a person).
             */
            auto_activate?: boolean;
            /** @description Default true. */
            enabled?: boolean;
            /**
             * Format: date-time
             * @description First run (default: `every_days` from now); later runs follow every `every_days` from it.
             */
            first_run_at?: string | null;
        };
        Series: {
            /** Format: uuid */
            device_id: string;
            property: string;
            /** Format: date-time */
            from: string;
            /** Format: date-time */
            to: string;
            /**
             * Format: int64
             * @description The bucket width used, when buckets were asked for (see the `bucket_seconds` parameter).
             */
            bucket_seconds?: number | null;
            /** @description Raw points, when no bucket was asked for. */
            points?: components["schemas"]["RawPoint"][] | null;
            /** @description Buckets, when `bucket_seconds` was given; empty buckets are left out. */
            buckets?: components["schemas"]["Bucket"][] | null;
        };
        /** @description A plant or park. */
        Site: {
            /** Format: uuid */
            site_id: string;
            /** @description Short code, unique within the tenant. */
            code: string;
            name: string;
            address: string;
            /** @description IANA time zone of the site, e.g. Asia/Shanghai; shift calendars are read in it. */
            timezone: string;
            /**
             * Format: int32
             * @description Site plan width in pixels; absent until a plan is uploaded.
             */
            plan_width?: number | null;
            /** Format: int32 */
            plan_height?: number | null;
            /**
             * Format: double
             * @description Metres per plan pixel.
             */
            plan_scale_m_per_px?: number | null;
            /** Format: int32 */
            version: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        SitePage: {
            items: components["schemas"]["Site"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        Tenant: {
            /** Format: uuid */
            tenant_id: string;
            /** @description The code people type at sign-in. */
            slug: string;
            name: string;
            locale: string;
            status: string;
            /** Format: int32 */
            version: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        ThingModelPage: {
            items: components["schemas"]["ThingModelSummary"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        /** @description A thing model revision with its full definition. */
        ThingModelRecord: components["schemas"]["ThingModelSummary"] & {
            /** @description The model: identifier, names, category, properties, events and commands (see the thing-model format). */
            definition: Record<string, never>;
        };
        /** @description A thing model revision as listed: without its definition. */
        ThingModelSummary: {
            /** Format: uuid */
            thing_model_id: string;
            /** @description The model's identifier, shared by all its revisions; unique in the tenant with the revision. */
            identifier: string;
            /**
             * Format: int32
             * @description 1 for the first save, n+1 for each revision after it.
             */
            revision: number;
            /** @description Chinese name, shown by default. */
            name: string;
            category: string;
            /** @description custom, preset, tsl or wot: how the model was made. */
            source: string;
            /** Format: int32 */
            property_count: number;
            /** Format: int32 */
            event_count: number;
            /** Format: int32 */
            command_count: number;
            /** @description Whether a newer revision of the identifier exists. */
            superseded: boolean;
            /** Format: uuid */
            created_by?: string | null;
            /** Format: date-time */
            created_at: string;
        };
        /** @description A cycle of a site on the replay slider: when, and how many zones had each grade. */
        TimelinePoint: {
            /** Format: date-time */
            at: string;
            /**
             * Format: double
             * @description The highest zone value of the cycle.
             */
            max_value: number;
            /** Format: int64 */
            red: number;
            /** Format: int64 */
            orange: number;
            /** Format: int64 */
            yellow: number;
            /** Format: int64 */
            blue: number;
            /** Format: int64 */
            unassessed: number;
        };
        TokenPair: {
            /** @description JWT for `Authorization: Bearer`. */
            access_token: string;
            /** @description Always "Bearer". */
            token_type: string;
            /**
             * Format: int64
             * @description Seconds until the access token expires.
             */
            expires_in: number;
            /** @description Single-use: exchange it at /auth/refresh for a new pair. */
            refresh_token: string;
            /** Format: int64 */
            refresh_expires_in: number;
        };
        TrainRequest: {
            /** @description Process variables as `<device code>.<property>` (e.g. `TT-R101.temperature`), 2 to 64. */
            variables: string[];
            /**
             * Format: date-time
             * @description Start of the normal-operation history to learn from (two weeks or more is advised).
             */
            from: string;
            /**
             * Format: date-time
             * @description End of the window (default: now).
             */
            to?: string | null;
            /** @description Make the new version the site's active model at once (default false: review it first). */
            activate?: boolean;
        };
        /** @description One transition as the timeline shows it. */
        TransitionRow: {
            /** Format: int32 */
            seq: number;
            /** Format: date-time */
            at: string;
            /** @description `system` or `person`. */
            actor_kind: string;
            /** Format: uuid */
            actor_id?: string | null;
            actor_name: string;
            /** @description The command as the state machine recorded it (`{"command": "decide", ...}`). */
            command: Record<string, never>;
            from_stage: string;
            to_stage: string;
            /**
             * Format: int64
             * @description The audit event recording it (its place in the hash chain).
             */
            audit_seq: number;
        };
        /** @description One point of a zone's trend. */
        TrendPoint: {
            /** Format: date-time */
            at: string;
            /** Format: double */
            value: number;
            grade: string;
        };
        /** @description Absent fields stay as they are; any change makes a new version and restarts evaluation. */
        UpdateAlarmRule: {
            enabled?: boolean | null;
            definition?: Record<string, never> | null;
        };
        /** @description Absent fields stay as they are; any change makes a new version. */
        UpdateDefinition: {
            definition?: Record<string, never> | null;
            enabled?: boolean | null;
        };
        /** @description Absent fields stay as they are; `null` clears zone, gateway and position. */
        UpdateDevice: {
            code?: string | null;
            name?: string | null;
            /** Format: uuid */
            zone_id?: string | null;
            /** Format: uuid */
            gateway_id?: string | null;
            /**
             * Format: uuid
             * @description Move the device to another thing model revision.
             */
            thing_model_id?: string | null;
            /** Format: double */
            position_x?: number | null;
            /** Format: double */
            position_y?: number | null;
            status?: null | components["schemas"]["DeviceStatus"];
        };
        /** @description Absent fields stay as they are. A gateway stays on its site; register a new one to move it. */
        UpdateGateway: {
            code?: string | null;
            name?: string | null;
        };
        /**
         * @description Absent fields stay as they are; `null` clears the assessment (back to `unassessed`) and the
         *     responsible person.
         */
        UpdateHazard: {
            /** Format: uuid */
            zone_id?: string | null;
            code?: string | null;
            name?: string | null;
            category?: null | components["schemas"]["HazardCategory"];
            description?: string | null;
            assessment?: null | components["schemas"]["AssessmentBody"];
            engineering_controls?: string[] | null;
            management_controls?: string[] | null;
            training_controls?: string[] | null;
            ppe_controls?: string[] | null;
            emergency_controls?: string[] | null;
            /** Format: uuid */
            responsible_user_id?: string | null;
            device_ids?: string[] | null;
            tags?: string[] | null;
        };
        /** @description Absent fields stay as they are. */
        UpdateSite: {
            code?: string | null;
            name?: string | null;
            address?: string | null;
            timezone?: string | null;
            /**
             * Format: double
             * @description Metres per site-plan pixel, greater than 0 and at most 1000.
             */
            plan_scale_m_per_px?: number | null;
        };
        /** @description Absent fields stay as they are. Disabling a person signs them out everywhere. */
        UpdateUser: {
            display_name?: string | null;
            email?: string | null;
            phone?: string | null;
            locale?: string | null;
            /** @description active or disabled. */
            status?: string | null;
            /** @description Reset the password (signs the person out everywhere). */
            password?: string | null;
        };
        /** @description Absent fields stay as they are. */
        UpdateZone: {
            code?: string | null;
            name?: string | null;
            kind?: null | components["schemas"]["ZoneKind"];
            description?: string | null;
            polygon?: number[][] | null;
        };
        /** @description A person. The password hash is never part of this type. */
        User: {
            /** Format: uuid */
            user_id: string;
            username: string;
            display_name: string;
            email: string;
            phone: string;
            /** @description Preferred UI language: zh-CN or en. */
            locale: string;
            /** @description active or disabled. */
            status: string;
            /** Format: date-time */
            last_login_at?: string | null;
            /** Format: int32 */
            version: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        UserPage: {
            items: components["schemas"]["User"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        /** @description A webhook as the API shows it (never its secret). */
        Webhook: {
            /** Format: uuid */
            webhook_id: string;
            name: string;
            url: string;
            /** @description Lowest alert grade sent. */
            min_grade: string;
            enabled: boolean;
            /** Format: int32 */
            version: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        WebhookInput: {
            /** @description 1 to 100 characters. */
            name: string;
            /** @description An absolute http(s) URL. */
            url: string;
            /** @description Lowest alert grade sent (default orange). */
            min_grade?: string;
            enabled?: boolean;
        };
        /** @description A batch as gateways send it over MQTT or HTTP (see docs/INGEST.md). `readings`, `events` or both. */
        WireBatch: {
            /**
             * Format: int64
             * @description Sequence number per gateway: a batch re-sent with the same number is stored once.
             */
            seq?: number | null;
            /**
             * Format: int64
             * @description The gateway's clock when sending (ms), used to estimate its offset from platform time.
             */
            sent_at?: number | null;
            /** @description Optional; when present it must be the gateway's own tenant code. */
            tenant?: string | null;
            /** @description Optional; when present it must be the gateway's own code. */
            gateway?: string | null;
            readings?: components["schemas"]["WireReading"][] | null;
            /** @description Device events; counted with the readings towards the limit of 20,000 items. */
            events?: components["schemas"]["WireEvent"][] | null;
        };
        /** @description One device event, checked against the event of that identifier in the device's thing model. */
        WireEvent: {
            /** @description The device's code as registered. */
            device: string;
            /** @description The event's identifier in the device's thing model, e.g. fall_detected, sos. */
            event: string;
            /**
             * Format: int64
             * @description The gateway's timestamp, milliseconds since the Unix epoch.
             */
            ts: number;
            /** @description The event's fields, typed by the thing model; may be left out. */
            fields?: {
                [key: string]: unknown;
            } | null;
        };
        /** @description One reading. Either `property` and `value`, or `values` with several properties at one time. */
        WireReading: {
            /** @description The device's code as registered. */
            device: string;
            /**
             * Format: int64
             * @description The gateway's timestamp, milliseconds since the Unix epoch.
             */
            ts: number;
            property?: string | null;
            value?: unknown;
            values?: {
                [key: string]: unknown;
            } | null;
        };
        /** @description A permit or maintenance item as stored. */
        WorkItem: {
            /** Format: uuid */
            work_item_id: string;
            /** Format: uuid */
            zone_id: string;
            /** @description `permit` or `maintenance`. */
            kind: string;
            /** @description The system it came from (e.g. `EAM`, `PTW`). */
            source: string;
            /** @description Its id in that system; (source, external_id) is unique per tenant. */
            external_id: string;
            /** @description For permits: one of GB 30871's kinds (`hot_work`, `confined_space`, ...). */
            permit_type?: string | null;
            title: string;
            /**
             * Format: date-time
             * @description Permit valid from.
             */
            starts_at?: string | null;
            /**
             * Format: date-time
             * @description Permit valid until.
             */
            ends_at?: string | null;
            /**
             * Format: date-time
             * @description Maintenance due.
             */
            due_at?: string | null;
            /**
             * Format: date-time
             * @description Permit closed or revoked, maintenance done; absent while open.
             */
            closed_at?: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        WorkItemBatch: {
            /** @description 1 to 500 items; all are stored or, if any is wrong, none. */
            items: components["schemas"]["WorkItemInput"][];
        };
        WorkItemBatchResult: {
            /** @description The items as stored, in request order. */
            items: components["schemas"]["WorkItem"][];
            created: number;
            updated: number;
            /** @description Sent again exactly as stored: not written (no audit event either). */
            unchanged: number;
        };
        WorkItemInput: {
            /** @description The system it comes from, 1 to 64 characters (e.g. `EAM`, `PTW`). */
            source: string;
            /** @description Its id in that system, 1 to 128 characters; an item with the same source and id is replaced. */
            external_id: string;
            /** Format: uuid */
            zone_id: string;
            /** @description `permit` or `maintenance`. */
            kind: string;
            /**
             * @description Permits only, required: `hot_work`, `confined_space`, `blind_plate`, `work_at_height`, `lifting`,
             *     `temporary_power`, `excavation` or `road_closure` (GB 30871-2022).
             */
            permit_type?: string | null;
            /** @description At most 200 characters. */
            title?: string;
            /**
             * Format: date-time
             * @description Permits only, required: valid from.
             */
            starts_at?: string | null;
            /**
             * Format: date-time
             * @description Permits only, required: valid until (after `starts_at`).
             */
            ends_at?: string | null;
            /**
             * Format: date-time
             * @description Maintenance only, required: when it is due.
             */
            due_at?: string | null;
            /**
             * Format: date-time
             * @description Permit closed or revoked, maintenance done; absent while open.
             */
            closed_at?: string | null;
        };
        WorkItemPage: {
            items: components["schemas"]["WorkItem"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        /** @description A workshop, tank farm, substation... on the site plan. */
        Zone: {
            /** Format: uuid */
            zone_id: string;
            /** Format: uuid */
            site_id: string;
            /** @description Short code, unique within the site. */
            code: string;
            name: string;
            kind: string;
            description: string;
            /** @description Vertices `[x, y]` in site-plan pixels (origin top-left), not closed. */
            polygon: number[][];
            /**
             * Format: double
             * @description Area in square metres, when the site plan's scale is known.
             */
            area_m2?: number | null;
            /** Format: int32 */
            version: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        /**
         * @description What a zone is; drives default hazards and icons later.
         * @enum {string}
         */
        ZoneKind: "workshop" | "tank_farm" | "reactor_unit" | "filling_line" | "warehouse" | "substation" | "loading_bay" | "utility" | "laboratory" | "office" | "road" | "other";
        ZonePage: {
            items: components["schemas"]["Zone"][];
            /** Format: int64 */
            page: number;
            /** Format: int64 */
            per_page: number;
            /**
             * Format: int64
             * @description Rows matching the filters, over all pages.
             */
            total: number;
        };
        /** @description One zone's fused risk at one cycle. */
        ZoneRisk: {
            /** Format: uuid */
            zone_id: string;
            /** Format: uuid */
            site_id: string;
            /** Format: date-time */
            at: string;
            /**
             * Format: double
             * @description 0..100 on the four-colour scale (blue 0–25, yellow 25–50, orange 50–75, red 75–100).
             */
            value: number;
            /** @description red, orange, yellow, blue, or unassessed when no hazard of the zone is assessed. */
            grade: string;
            /** @description The colour of `value` alone (what the evidence says, also for an unassessed zone). */
            value_grade: string;
            /**
             * Format: double
             * @description The value under normal conditions (the static register value).
             */
            baseline_value: number;
            /** @description `[{"input": name, "value": points}]`, largest first; they sum to value − baseline_value. */
            contributions: Record<string, never>;
            /** @description The named inputs, active factors and fired rules of the cycle. */
            inputs: Record<string, never>;
        };
        /**
         * @description A zone's drill-down: latest value and why, the trend, its hazards with dynamic grades, the active
         *     factors and the risk paths.
         */
        ZoneRiskDetail: {
            /** Format: uuid */
            zone_id: string;
            /** Format: uuid */
            site_id: string;
            code: string;
            name: string;
            latest?: null | components["schemas"]["ZoneRisk"];
            /** @description Every contribution of the latest cycle, largest first (the "why is it orange" bar chart). */
            contributions: components["schemas"]["Contribution"][];
            trend: components["schemas"]["TrendPoint"][];
            hazards: components["schemas"]["DynamicHazard"][];
            /** @description Factors active in the latest cycle: id, name, intensity, effect, applies_to. */
            active_factors: Record<string, never>[];
            /** @description Risk paths opened by expert rules in the window. */
            paths: components["schemas"]["RiskPath"][];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    list_rules: {
        parameters: {
            query?: {
                /** @description Page number from 1. */
                page?: number;
                /** @description Items per page, 1 to 200 (default 50). */
                per_page?: number;
                /** @description name, created_at, updated_at; prefix `-` for descending. */
                sort?: string;
                thing_model_identifier?: string;
                device_id?: string;
                enabled?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlarmRulePage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_rule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAlarmRule"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlarmRule"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_rule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alarm_rule_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlarmRule"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_rule: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version */
                "If-Match": string;
            };
            path: {
                alarm_rule_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_rule: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version, e.g. "3" */
                "If-Match": string;
            };
            path: {
                alarm_rule_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateAlarmRule"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlarmRule"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rule_revisions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alarm_rule_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlarmRuleRevision"][];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_alarms: {
        parameters: {
            query?: {
                /** @description Page number from 1. */
                page?: number;
                /** @description Items per page, 1 to 200 (default 50). */
                per_page?: number;
                /** @description raised_at, severity; prefix `-` for descending (default `-raised_at`). */
                sort?: string;
                /** @description active or cleared. */
                status?: string;
                /** @description info, warning, alarm or critical. */
                severity?: string;
                device_id?: string;
                zone_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlarmPage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_actions: {
        parameters: {
            query?: {
                /** @description Only the caller's own actions. */
                mine?: boolean;
                /** @description Only actions not done. */
                open?: boolean;
                page?: number;
                per_page?: number;
                /** @description due_at (default) or title; `-` for descending. */
                sort?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionPage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_policy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyBody"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    put_policy: {
        parameters: {
            query?: never;
            header: {
                /** @description The policy's version, "0" while the defaults apply */
                "If-Match": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PolicyBody"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyBody"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_alerts: {
        parameters: {
            query?: {
                /**
                 * @description `mine`: what waits for the caller (level 2 in his zones when he reviews, level 3 he did not decide
                 *     when he approves, open actions he owns), soonest deadline first; `all` (default).
                 */
                queue?: string;
                /** @description One stage: screening, dismissed, engineer_review, awaiting_data, final_review, actions_open, closed. */
                stage?: string;
                /** @description Only alerts not closed and not dismissed. */
                open?: boolean;
                site_id?: string;
                zone_id?: string;
                page?: number;
                /** @description 1 to 200 (default 50). */
                per_page?: number;
                /**
                 * @description deadline_at, opened_at, severity or last_occurrence_at; `-` for descending (default -opened_at; the
                 *     `mine` queue defaults to deadline_at).
                 */
                sort?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertPage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    alert_stream: {
        parameters: {
            query?: {
                /** @description The access token, for EventSource clients that cannot send an Authorization header */
                access_token?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events `alert` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": unknown;
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_alert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alert_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertDetail"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    command_alert: {
        parameters: {
            query?: never;
            header: {
                /** @description The alert's version, e.g. "3" */
                "If-Match": string;
            };
            path: {
                alert_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CommandInput"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertDetail"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    alert_evidence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alert_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Evidence"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    alert_record: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alert_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The printable review record */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": unknown;
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_keys: {
        parameters: {
            query?: {
                /** @description Page number from 1. */
                page?: number;
                /** @description Items per page, 1 to 200 (default 50). */
                per_page?: number;
                /** @description name, created_at, last_used_at; prefix `-` for descending. */
                sort?: string;
                /** @description Also list revoked keys. */
                include_revoked?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyPage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_key: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKey"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    grantable_scopes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string[];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revoke_key: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                api_key_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_events: {
        parameters: {
            query?: {
                /** @description Page number from 1. */
                page?: number;
                /** @description Items per page, 1 to 200 (default 50). */
                per_page?: number;
                /** @description seq or occurred_at; prefix `-` for descending (default `-seq`). */
                sort?: string;
                /** @description An action (zone.update) or, ending in a dot, a family of actions (zone.). */
                action?: string;
                target_kind?: string;
                target_id?: string;
                actor_id?: string;
                /** @description From this time (inclusive), RFC 3339. */
                from?: string;
                /** @description Until this time (exclusive), RFC 3339. */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEventPage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verify_chain: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChainVerification"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many failed sign-ins; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many failed sign-ins; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many failed sign-ins; see Retry-After. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_dead_letters: {
        parameters: {
            query?: {
                /** @description Page number from 1. */
                page?: number;
                /** @description Items per page, 1 to 200 (default 50). */
                per_page?: number;
                /** @description received_at; prefix `-` for descending (the default, newest first). */
                sort?: string;
                gateway_id?: string;
                /** @description A reason code, e.g. out_of_range, unknown_device. */
                reason?: string;
                /** @description Received at or after this time. */
                from?: string;
                /** @description Received before this time. */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeadLetterPage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    dead_letter_summary: {
        parameters: {
            query?: {
                /** @description Start of the window; default 24 hours ago. */
                since?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeadLetterSummary"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_device_events: {
        parameters: {
            query?: {
                /** @description Page number from 1. */
                page?: number;
                /** @description Items per page, 1 to 200 (default 50). */
                per_page?: number;
                /** @description ts or received_at; prefix `-` for descending (the default is -ts, newest first). */
                sort?: string;
                device_id?: string;
                /** @description The zone the device was in when the event was written. */
                zone_id?: string;
                site_id?: string;
                /** @description The event's identifier in the thing model, e.g. fall_detected, sos. */
                identifier?: string;
                /** @description info, warning, alarm or critical. */
                severity?: string;
                /** @description Platform time at or after this (RFC 3339). */
                from?: string;
                /** @description Platform time before this (RFC 3339). */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceEventPage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_devices: {
        parameters: {
            query?: {
                /** @description Page number from 1. */
                page?: number;
                /** @description Items per page, 1 to 200 (default 50). */
                per_page?: number;
                /** @description code, name, created_at; prefix `-` for descending. */
                sort?: string;
                site_id?: string;
                zone_id?: string;
                gateway_id?: string;
                thing_model_id?: string;
                status?: components["schemas"]["DeviceStatus"];
                /** @description Case-insensitive search in name and code. */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DevicePage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_device: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateDevice"];
            };
        };
        responses: {
            201: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Device"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_device: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                device_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Device"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_device: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version */
                "If-Match": string;
            };
            path: {
                device_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_device: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version, e.g. "3" */
                "If-Match": string;
            };
            path: {
                device_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateDevice"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Device"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_events_of_device: {
        parameters: {
            query?: {
                /** @description Page number from 1. */
                page?: number;
                /** @description Items per page, 1 to 200 (default 50). */
                per_page?: number;
                /** @description ts or received_at; prefix `-` for descending (the default is -ts, newest first). */
                sort?: string;
                /** @description The event's identifier in the thing model, e.g. fall_detected, sos. */
                identifier?: string;
                /** @description info, warning, alarm or critical. */
                severity?: string;
                /** @description Platform time at or after this (RFC 3339). */
                from?: string;
                /** @description Platform time before this (RFC 3339). */
                to?: string;
            };
            header?: never;
            path: {
                device_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceEventPage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    latest_values: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                device_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LatestValue"][];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readings: {
        parameters: {
            query: {
                /** @description The property's identifier in the device's thing model. */
                property: string;
                /** @description Start of the window (inclusive), RFC 3339; default 24 h before `to`. */
                from?: string;
                /** @description End of the window (exclusive), RFC 3339; default now. */
                to?: string;
                /**
                 * @description Bucket width in seconds: min/max/avg per bucket instead of raw points. Widths of a minute or
                 *     more are rounded up to whole minutes (they are read from the per-minute rollup); the answer's
                 *     `bucket_seconds` is the width used.
                 */
                bucket_seconds?: number;
                /** @description Most raw points to return (1 to 10,000; default 2,000), oldest first. */
                limit?: number;
            };
            header?: never;
            path: {
                device_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Series"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_expert_rules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExpertRule"][];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_expert_rule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateDefinition"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExpertRule"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_expert_rule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                expert_rule_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExpertRule"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_expert_rule: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version */
                "If-Match": string;
            };
            path: {
                expert_rule_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_expert_rule: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version, e.g. "3" */
                "If-Match": string;
            };
            path: {
                expert_rule_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateDefinition"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExpertRule"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    backtest_expert_rule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                expert_rule_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BacktestRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BacktestResult"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    expert_rule_revisions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                expert_rule_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RuleRevision"][];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_gateways: {
        parameters: {
            query?: {
                /** @description Page number from 1. */
                page?: number;
                /** @description Items per page, 1 to 200 (default 50). */
                per_page?: number;
                /** @description code, name, created_at, last_seen_at; prefix `-` for descending. */
                sort?: string;
                site_id?: string;
                /** @description Case-insensitive search in name and code. */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayPage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_gateway: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateGateway"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayWithToken"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_gateway: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                gateway_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Gateway"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_gateway: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version */
                "If-Match": string;
            };
            path: {
                gateway_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_gateway: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version, e.g. "3" */
                "If-Match": string;
            };
            path: {
                gateway_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateGateway"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Gateway"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotate_secret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                gateway_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GatewayWithToken"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_hazards: {
        parameters: {
            query?: {
                /** @description Page number from 1. */
                page?: number;
                /** @description Items per page, 1 to 200 (default 50). */
                per_page?: number;
                /**
                 * @description code, name, score, grade (unassessed ranks above red), created_at, updated_at; prefix `-` for
                 *     descending.
                 */
                sort?: string;
                site_id?: string;
                zone_id?: string;
                grade?: "unassessed" | "blue" | "yellow" | "orange" | "red";
                category?: components["schemas"]["HazardCategory"];
                method?: "lec" | "ls" | "none";
                /** @description Case-insensitive search in code, name and description. */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HazardPage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_hazard: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateHazard"];
            };
        };
        responses: {
            201: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Hazard"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    export_register: {
        parameters: {
            query?: {
                site_id?: string;
                zone_id?: string;
                grade?: "unassessed" | "blue" | "yellow" | "orange" | "red";
                category?: components["schemas"]["HazardCategory"];
                method?: "lec" | "ls" | "none";
                /** @description Case-insensitive search in code, name and description. */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The register as an .xlsx workbook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": unknown;
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    import_register: {
        parameters: {
            query?: {
                /** @description all_or_nothing (default) or keep_valid. */
                mode?: components["schemas"]["ImportMode"];
                /** @description Check everything and write nothing (a preview). */
                dry_run?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The workbook (.xlsx), as the raw body or as multipart field `file` */
        requestBody: {
            content: {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": unknown;
                "multipart/form-data": components["schemas"]["ImportForm"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportReport"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    template: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An empty .xlsx register */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": unknown;
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_hazard: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                hazard_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Hazard"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_hazard: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version */
                "If-Match": string;
            };
            path: {
                hazard_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_hazard: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version, e.g. "3" */
                "If-Match": string;
            };
            path: {
                hazard_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateHazard"];
            };
        };
        responses: {
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Hazard"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    post_batch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WireBatch"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchReceipt"];
                };
            };
            /** @description Not JSON, or not a batch; recorded as a dead letter. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Larger than 4 MiB or more than 20,000 readings and events; recorded as a dead letter. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_inbox: {
        parameters: {
            query?: {
                unread?: boolean;
                page?: number;
                per_page?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboxPage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    read_all_inbox: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    read_inbox_item: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                inbox_item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_preferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Preferences"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    put_preferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PreferencesInput"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Preferences"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    change_password: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePassword"];
            };
        };
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_normal_model: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                normal_model_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NormalModelVersion"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    activate_normal_model: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                normal_model_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NormalModelVersion"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_predictor_models: {
        parameters: {
            query?: {
                /** @description Page number from 1. */
                page?: number;
                /** @description Items per page, 1 to 200 (default 50). */
                per_page?: number;
                /** @description created_at (default, newest first with `-`), name, version, updated_at; prefix `-` for descending. */
                sort?: string;
                /** @description Only models that can apply to this site: its own and the tenant-wide ones. */
                site_id?: string;
                /** @description Include retired versions (default false). */
                include_retired?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PredictorModelPage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    upload_predictor_model: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["PredictorUploadForm"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PredictorModel"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_predictor_model: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                predictor_model_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PredictorModel"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    activate_predictor_model: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                predictor_model_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PredictorModel"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    download_predictor_model: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                predictor_model_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The ONNX file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": unknown;
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retire_predictor_model: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                predictor_model_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PredictorModel"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_risk_factors: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RiskFactor"][];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_risk_factor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateDefinition"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RiskFactor"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_risk_factor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                risk_factor_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RiskFactor"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_risk_factor: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version */
                "If-Match": string;
            };
            path: {
                risk_factor_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_risk_factor: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version, e.g. "3" */
                "If-Match": string;
            };
            path: {
                risk_factor_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateDefinition"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RiskFactor"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_settings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RiskSettings"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    put_settings: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version; "0" before the first save */
                "If-Match": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PutRiskSettings"];
            };
        };
        responses: {
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RiskSettings"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_roles: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoleInfo"][];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sandbox_presets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Preset"][];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_sandbox_runs: {
        parameters: {
            query?: {
                /** @description Page number from 1. */
                page?: number;
                /** @description Items per page, 1 to 200 (default 50). */
                per_page?: number;
                /** @description created_at (default, newest first with `-created_at`), name, status. */
                sort?: string;
                site_id?: string;
                status?: "queued" | "running" | "done" | "failed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SandboxRunPage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_sandbox_run: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sandbox_run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SandboxRun"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_sites: {
        parameters: {
            query?: {
                /** @description Page number from 1. */
                page?: number;
                /** @description Items per page, 1 to 200 (default 50). */
                per_page?: number;
                /** @description name, code, created_at, updated_at; prefix `-` for descending. */
                sort?: string;
                /** @description Case-insensitive search in name and code. */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SitePage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_site: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSite"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Site"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_site: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                site_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Site"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_site: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version */
                "If-Match": string;
            };
            path: {
                site_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_site: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version, e.g. "3" */
                "If-Match": string;
            };
            path: {
                site_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateSite"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Site"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    heatmap: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                site_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Heatmap"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    heatmap_history: {
        parameters: {
            query?: {
                /** @description The moment to replay (RFC 3339, e.g. 2026-12-01T20:15:00Z; default: now). */
                at?: string;
            };
            header?: never;
            path: {
                site_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Heatmap"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    heatmap_stream: {
        parameters: {
            query?: {
                /** @description The access token, for EventSource clients that cannot send an Authorization header */
                access_token?: string;
            };
            header?: never;
            path: {
                site_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events `heatmap` (at once) and `cycle` (each cycle), data: the heat map as JSON */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["Heatmap"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    heatmap_timeline: {
        parameters: {
            query?: {
                /** @description Start (default: 24 hours before `to`). */
                from?: string;
                /** @description End (default: now). */
                to?: string;
                /** @description Width of one slider step in seconds, 15 to 86400 (default: the span / 480, at least 15). */
                bucket_secs?: number;
            };
            header?: never;
            path: {
                site_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimelinePoint"][];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_normal_model_schedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                site_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NormalModelSchedule"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    put_normal_model_schedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                site_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScheduleRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NormalModelSchedule"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_normal_model_schedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                site_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_normal_models: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                site_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NormalModelVersion"][];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    train_normal_model: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                site_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TrainRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NormalModelVersion"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_plan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                site_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The image */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/*": unknown;
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    put_plan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                site_id: string;
            };
            cookie?: never;
        };
        /** @description PNG, JPEG, WebP or SVG bytes */
        requestBody: {
            content: {
                "image/png": number[];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Site"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_sandbox_run: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                site_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SandboxRequest"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SandboxRun"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many unfinished runs of the tenant */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    own_tenant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_tenants: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"][];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_tenant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTenant"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Tenant"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_models: {
        parameters: {
            query?: {
                /** @description Page number from 1. */
                page?: number;
                /** @description Items per page, 1 to 200 (default 50). */
                per_page?: number;
                /** @description identifier, name, created_at; prefix `-` for descending. */
                sort?: string;
                /** @description Case-insensitive search in identifier and both names. */
                q?: string;
                /** @description A category, e.g. gas_detection. */
                category?: string;
                /** @description The revisions of one identifier. */
                identifier?: string;
                /** @description List every revision instead of the latest of each identifier. */
                all_revisions?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThingModelPage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_model: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateThingModel"];
            };
        };
        responses: {
            201: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThingModelRecord"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    import_model: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ImportThingModel"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportedThingModel"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_presets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PresetThingModel"][];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_model: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                thing_model_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThingModelRecord"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_model: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                thing_model_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    export_model: {
        parameters: {
            query?: {
                /** @description tsl or foresight (default). */
                format?: "tsl" | "foresight";
            };
            header?: never;
            path: {
                thing_model_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_revision: {
        parameters: {
            query?: never;
            header: {
                /** @description Newest revision of the identifier, e.g. "2" */
                "If-Match": string;
            };
            path: {
                thing_model_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReviseThingModel"];
            };
        };
        responses: {
            201: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ThingModelRecord"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_users: {
        parameters: {
            query?: {
                /** @description Page number from 1. */
                page?: number;
                /** @description Items per page, 1 to 200 (default 50). */
                per_page?: number;
                /** @description username, display_name, created_at, last_login_at; prefix `-` for descending. */
                sort?: string;
                /** @description Case-insensitive search in username and display name. */
                q?: string;
                /** @description active or disabled. */
                status?: string;
                /** @description Only people holding this role. */
                role?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserPage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_user: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUser"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_user: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version, e.g. "3" */
                "If-Match": string;
            };
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateUser"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_roles_of_user: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoleAssignment"][];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    assign_role: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Grant"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RoleAssignment"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    remove_role: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                user_id: string;
                role_assignment_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_webhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"][];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_webhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookInput"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedWebhook"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_webhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_webhook: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version, e.g. "3" */
                "If-Match": string;
            };
            path: {
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookInput"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_webhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_work_items: {
        parameters: {
            query?: {
                /** @description Page number from 1. */
                page?: number;
                /** @description Items per page, 1 to 200 (default 50). */
                per_page?: number;
                /** @description updated_at, starts_at, due_at or external_id; prefix `-` for descending (default -updated_at). */
                sort?: string;
                site_id?: string;
                zone_id?: string;
                /** @description permit or maintenance. */
                kind?: string;
                source?: string;
                /**
                 * @description Only items open at this time: permits started and not closed (expired ones too), maintenance due and not
                 *     done.
                 */
                open_at?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkItemPage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    upsert_work_items: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkItemBatch"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkItemBatchResult"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_work_item: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                work_item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkItem"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_work_item: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                work_item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_zones: {
        parameters: {
            query?: {
                /** @description Page number from 1. */
                page?: number;
                /** @description Items per page, 1 to 200 (default 50). */
                per_page?: number;
                /** @description name, code, kind, created_at, updated_at; prefix `-` for descending. */
                sort?: string;
                site_id?: string;
                kind?: components["schemas"]["ZoneKind"];
                /** @description Case-insensitive search in name and code. */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ZonePage"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_zone: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateZone"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Zone"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_zone: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                zone_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Zone"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_zone: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version */
                "If-Match": string;
            };
            path: {
                zone_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_zone: {
        parameters: {
            query?: never;
            header: {
                /** @description Current version, e.g. "3" */
                "If-Match": string;
            };
            path: {
                zone_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateZone"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Zone"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A unique value is taken or the record is still referenced. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The version in If-Match is not current. */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is missing. */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    zone_risk_detail: {
        parameters: {
            query?: {
                /** @description Minutes of trend before now (or before `at`), 1 to 10080 (default 60). */
                window_minutes?: number;
                /** @description End of the trend (default: now). */
                at?: string;
            };
            header?: never;
            path: {
                zone_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ZoneRiskDetail"];
                };
            };
            /** @description Malformed request: bad JSON, parameter or id. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired credentials. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The caller lacks the permission. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource in the caller's tenant. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Field-level validation failed. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}

//! Tenants never see each other: the schema enforces it, and no endpoint lets one tenant's caller
//! read or change another tenant's data, whatever ids it sends.

use crate::helpers::{Person, Plant, Tenant, TestApp};
use foresight_core::rbac::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// Append-only telemetry written by binary COPY: a per-row key would halve the write rate, and
/// idempotency is kept per gateway batch instead. They still carry tenant_id and row-level security.
const APPEND_ONLY_WITHOUT_KEY: &[&str] = &["reading"];

#[tokio::test]
async fn partitions_are_unreachable_except_through_their_parent() {
    let app = TestApp::spawn().await;
    let partitions: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relispartition AND c.relkind = 'r'",
    )
    .fetch_all(&app.db.owner)
    .await
    .unwrap();
    assert!(!partitions.is_empty(), "the reading table should have partitions");
    for partition in partitions {
        let direct = sqlx::query(&format!("SELECT count(*) FROM {partition}")).execute(&app.db.app).await;
        assert!(direct.is_err(), "{partition}: the application role must not read a partition directly");
    }
}

#[tokio::test]
async fn every_tenant_owned_table_has_tenant_id_first_in_its_key_and_row_level_security() {
    let app = TestApp::spawn().await;
    let tables: Vec<(String, bool, String)> = sqlx::query_as(
        "SELECT c.relname::text, c.relrowsecurity, pg_get_userbyid(c.relowner)::text FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition \
           AND c.relname <> '_sqlx_migrations'",
    )
    .fetch_all(&app.db.owner)
    .await
    .unwrap();
    assert!(tables.len() >= 10, "expected the foundation tables, found {tables:?}");
    let mut problems = Vec::new();
    for (table, rls, owner) in &tables {
        let first_key_column: Option<String> = sqlx::query_scalar(
            "SELECT a.attname::text FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] \
             WHERE i.indrelid = $1::regclass AND i.indisprimary",
        )
        .bind(table)
        .fetch_optional(&app.db.owner)
        .await
        .unwrap();
        let policies: i64 =
            sqlx::query_scalar("SELECT count(*) FROM pg_policies WHERE schemaname = 'public' AND tablename = $1")
                .bind(table)
                .fetch_one(&app.db.owner)
                .await
                .unwrap();
        let has_tenant_column: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' \
             AND table_name = $1 AND column_name = 'tenant_id' AND is_nullable = 'NO')",
        )
        .bind(table)
        .fetch_one(&app.db.owner)
        .await
        .unwrap();
        if !has_tenant_column {
            problems.push(format!("{table}: no NOT NULL tenant_id column"));
        }
        if APPEND_ONLY_WITHOUT_KEY.contains(&table.as_str()) {
            if first_key_column.is_some() {
                problems.push(format!("{table}: listed as keyless but has a primary key"));
            }
        } else if first_key_column.as_deref() != Some("tenant_id") {
            problems.push(format!("{table}: primary key does not start with tenant_id ({first_key_column:?})"));
        }
        if !rls || policies == 0 {
            problems.push(format!("{table}: row-level security off or without policy"));
        }
        if owner == foresight_store::pool::APP_ROLE {
            problems.push(format!("{table}: owned by the application role, which would bypass row-level security"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[tokio::test]
async fn the_application_role_with_no_tenant_set_sees_no_rows_in_any_table() {
    let app = TestApp::spawn().await;
    for slug in ["alpha", "beta"] {
        app.tenant(slug).await.populate(&app).await;
    }
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition \
           AND c.relname <> '_sqlx_migrations'",
    )
    .fetch_all(&app.db.owner)
    .await
    .unwrap();
    let mut seen_by_owner = 0;
    for table in &tables {
        let owner_count: i64 =
            sqlx::query_scalar(&format!("SELECT count(*) FROM {table}")).fetch_one(&app.db.owner).await.unwrap();
        seen_by_owner += owner_count;
        let app_count: i64 =
            sqlx::query_scalar(&format!("SELECT count(*) FROM {table}")).fetch_one(&app.db.app).await.unwrap();
        assert_eq!(app_count, 0, "{table}: the application role saw rows without a tenant");
    }
    assert!(seen_by_owner > 20, "the fixture should have written rows for the check to mean anything");
    // Setting a tenant shows that tenant's rows, and only those.
    let mut tx = app.db.app.begin().await.unwrap();
    let alpha: uuid::Uuid =
        sqlx::query_scalar("SELECT tenant_id FROM tenant WHERE slug = 'alpha'").fetch_one(&app.db.owner).await.unwrap();
    foresight_store::pool::set_tenant(&mut tx, alpha, &foresight_store::Scope::AllZones).await.unwrap();
    let visible: Vec<uuid::Uuid> =
        sqlx::query_scalar("SELECT DISTINCT tenant_id FROM zone").fetch_all(&mut *tx).await.unwrap();
    assert_eq!(visible, vec![alpha]);
}

/// Every caller kind of tenant A.
async fn callers_of(app: &TestApp, tenant: &Tenant, plant: &Plant) -> Vec<(String, String)> {
    let mut callers = vec![("tenant_admin".to_string(), tenant.admin.clone())];
    let roles = [
        (Role::SafetyManager, None),
        (Role::PlantSafety, None),
        (Role::WorkshopEngineer, Some(plant.zone_ids[0].as_str())),
        (Role::TeamLeader, Some(plant.zone_ids[0].as_str())),
        (Role::ContractorPm, None),
        (Role::Viewer, None),
    ];
    for (role, zone) in roles {
        let Person { token, .. } = tenant.person(app, role.as_str(), role, zone).await;
        callers.push((role.as_str().to_string(), token));
    }
    let (_, key) = tenant
        .api_key(app, &["tenant:read", "site:read", "site:write", "zone:read", "zone:write", "user:read", "audit:read"])
        .await;
    callers.push(("integration api key".to_string(), key));
    callers
}

/// Fills path parameters with tenant B's ids.
fn with_ids(path: &str, ids: &[(&str, String)]) -> String {
    let mut p = path.to_string();
    for (name, value) in ids {
        p = p.replace(&format!("{{{name}}}"), value);
    }
    p
}

#[tokio::test]
async fn no_endpoint_lets_any_role_of_one_tenant_reach_another_tenants_data() {
    let app = TestApp::spawn().await;
    let a = app.tenant("alpha").await;
    let b = app.tenant("beta").await;
    let plant_a = a.populate(&app).await;
    let plant_b = b.populate(&app).await;
    let b_person = b.person(&app, "b-engineer", Role::WorkshopEngineer, Some(&plant_b.zone_ids[0])).await;
    let (b_key_id, _) = b.api_key(&app, &["zone:read"]).await;
    let b_roles = app.get(&format!("/api/v1/users/{}/roles", b_person.user_id), &b.admin).await;
    let b_assignment = b_roles.body[0]["role_assignment_id"].as_str().unwrap().to_string();
    // Tenant B's telemetry: a thing model, a gateway and a device in the scoped zone.
    let b_model = app.post("/api/v1/thing-models", &b.admin, json!({"preset": "gas_detector_h2s"})).await;
    let b_model_id = b_model.body["thing_model_id"].as_str().expect("B's thing model").to_string();
    let b_gateway =
        app.post("/api/v1/gateways", &b.admin, json!({"site_id": plant_b.site_id, "code": "GW-B", "name": "B"})).await;
    let b_gateway_id = b_gateway.body["gateway"]["gateway_id"].as_str().expect("B's gateway").to_string();
    let b_device = app
        .post(
            "/api/v1/devices",
            &b.admin,
            json!({"site_id": plant_b.site_id, "zone_id": plant_b.zone_ids[0], "gateway_id": b_gateway_id,
                   "thing_model_id": b_model_id, "code": "DEV-B", "name": "B"}),
        )
        .await;
    let b_device_id = b_device.body["device_id"].as_str().expect("B's device").to_string();
    let b_rule = app
        .post(
            "/api/v1/alarm-rules",
            &b.admin,
            json!({"device_id": b_device_id, "definition": {"name": "B", "name_en": "B", "severity": "warning",
                   "condition": {"kind": "threshold", "property": "h2s", "op": "gt", "value": 10.0}}}),
        )
        .await;
    let b_rule_id = b_rule.body["alarm_rule_id"].as_str().expect("B's alarm rule").to_string();
    let b_hazard = app
        .post(
            "/api/v1/hazards",
            &b.admin,
            json!({"zone_id": plant_b.zone_ids[0], "code": "HZ-B", "name": "B", "category": "toxic",
                   "device_ids": [b_device_id]}),
        )
        .await;
    let b_hazard_id = b_hazard.body["hazard_id"].as_str().expect("B's hazard").to_string();
    // Tenant B's risk engine: a factor, an expert rule and a learned-normal model version.
    let (b_factor_id, b_expert_rule_id, b_normal_model_id) =
        crate::risk::definitions_of(&app, &b, &plant_b.site_id).await;
    let b_predictor_model_id = crate::predictors::uploaded_model(&app, &b, &plant_b.site_id).await;
    let b_ids = vec![
        ("site_id", plant_b.site_id.clone()),
        ("zone_id", plant_b.zone_ids[0].clone()),
        ("user_id", b_person.user_id.clone()),
        ("api_key_id", b_key_id.clone()),
        ("role_assignment_id", b_assignment.clone()),
        ("thing_model_id", b_model_id.clone()),
        ("gateway_id", b_gateway_id.clone()),
        ("device_id", b_device_id.clone()),
        ("alarm_rule_id", b_rule_id.clone()),
        ("hazard_id", b_hazard_id.clone()),
        ("risk_factor_id", b_factor_id),
        ("expert_rule_id", b_expert_rule_id),
        ("normal_model_id", b_normal_model_id),
        ("predictor_model_id", b_predictor_model_id),
        ("sandbox_run_id", crate::sandbox::run_of(&app, &b, &plant_b.site_id).await),
        ("work_item_id", crate::work_context::work_item_of(&app, &b, &plant_b.zone_ids[0]).await),
        ("alert_id", crate::alerts::alert_of(&app, &b, &plant_b.site_id, &plant_b.zone_ids[0]).await),
        ("webhook_id", crate::alerts::webhook_of(&app, &b).await),
        ("inbox_item_id", crate::alerts::inbox_item_of(&app, &b, &plant_b.site_id, &plant_b.zone_ids[0]).await),
    ];
    let b_secrets: Vec<String> =
        b_ids.iter().map(|(_, v)| v.clone()).chain([b.tenant_id.to_string(), "beta".into()]).collect();
    let before = snapshot(&app, &b).await;

    let doc = serde_json::to_value(foresight_server::openapi()).unwrap();
    let callers = callers_of(&app, &a, &plant_a).await;
    let mut failures = Vec::new();
    let mut calls = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            // Required query parameters get a value, so the id alone decides the answer.
            let required: Vec<String> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "query" && p["required"] == true)
                .filter_map(|p| p["name"].as_str().map(|n| format!("{n}=lel")))
                .collect();
            let url = if required.is_empty() {
                with_ids(path, &b_ids)
            } else {
                format!("{}?{}", with_ids(path, &b_ids), required.join("&"))
            };
            // Bodies point at tenant B too, wherever a body can carry an id.
            let body = json!({"site_id": plant_b.site_id, "zone_id": plant_b.zone_ids[0], "code": "X1", "name": "x", "kind": "workshop",
                              "polygon": [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0]], "role": "viewer", "username": "intruder",
                              "display_name": "x", "password": "long-enough-password", "scopes": ["zone:read"]});
            for (who, token) in &callers {
                let mut req =
                    app.http.request(method.clone(), app.url(&url)).bearer_auth(token).header("if-match", "\"1\"");
                if method != Method::GET && method != Method::DELETE {
                    req = req.json(&body);
                }
                let response = req.send().await.unwrap();
                calls += 1;
                // An event stream never ends: its status is checked here, and what it carries by
                // alerts::the_alert_stream_carries_only_the_callers_tenant_and_zones.
                let streaming = response
                    .headers()
                    .get(reqwest::header::CONTENT_TYPE)
                    .is_some_and(|v| v.to_str().unwrap_or("").starts_with("text/event-stream"));
                if streaming {
                    if path.contains('{') || response.status().is_server_error() {
                        failures.push(format!("{who}: {method} {url} -> {} (a stream)", response.status()));
                    }
                    continue;
                }
                let reply = crate::helpers::Reply::from(response).await;
                // The problem's `instance` echoes the caller's own request path; anything else
                // mentioning B's ids or names would be a leak.
                let mut shown = reply.body.clone();
                if let Some(o) = shown.as_object_mut() {
                    o.remove("instance");
                }
                let shown = if shown.is_null() { reply.text.clone() } else { shown.to_string() };
                let leaked = b_secrets.iter().any(|s| shown.contains(s.as_str()));
                let status_ok = if path.contains('{') {
                    // An id of tenant B: it does not exist for A. 422 is accepted only where the body's
                    // reference to B's zone or site was refused as missing.
                    matches!(reply.status.as_u16(), 403 | 404)
                        || (reply.status == StatusCode::UNPROCESSABLE_ENTITY && !leaked)
                } else {
                    reply.status.as_u16() < 500
                };
                if !status_ok || leaked {
                    failures.push(format!("{who}: {method} {url} -> {} {}", reply.status, reply.text));
                }
            }
        }
    }
    assert!(calls > 100, "the sweep should have covered every operation for every caller, made {calls} calls");
    assert!(failures.is_empty(), "{} cross-tenant failures:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(snapshot(&app, &b).await, before, "tenant B's data changed");
}

/// Tenant B's data as its administrator sees it: what must not change.
async fn snapshot(app: &TestApp, b: &Tenant) -> Vec<Value> {
    let mut out = Vec::new();
    for path in [
        "/api/v1/sites",
        "/api/v1/zones",
        "/api/v1/users",
        "/api/v1/api-keys",
        "/api/v1/thing-models?all_revisions=true",
        "/api/v1/gateways",
        "/api/v1/devices",
        "/api/v1/hazards",
        "/api/v1/risk-settings",
    ] {
        let mut reply = app.get(path, &b.admin).await.body;
        // Last-used times of B's keys are B's own business, not a leak.
        if let Some(items) = reply["items"].as_array_mut() {
            for item in items {
                if let Some(o) = item.as_object_mut() {
                    o.remove("last_used_at");
                    o.remove("last_login_at");
                }
            }
        }
        out.push(reply);
    }
    out
}

#[tokio::test]
async fn lists_show_only_the_callers_tenant() {
    let app = TestApp::spawn().await;
    let a = app.tenant("alpha").await;
    let b = app.tenant("beta").await;
    a.populate(&app).await;
    a.api_key(&app, &["zone:read"]).await;
    let plant_b = b.populate(&app).await;
    b.api_key(&app, &["zone:read"]).await;
    for path in ["/api/v1/sites", "/api/v1/zones", "/api/v1/users", "/api/v1/audit-events", "/api/v1/api-keys"] {
        let reply = app.get(path, &a.admin).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text);
        assert!(reply.body["total"].as_i64().unwrap() > 0, "{path} should list tenant A's own rows");
        assert!(
            !reply.text.contains(&plant_b.site_id) && !reply.text.contains(&b.tenant_id.to_string()),
            "{path} leaked B"
        );
    }
    let tenants = app.get("/api/v1/tenants", &a.admin).await;
    assert_eq!(tenants.status, StatusCode::FORBIDDEN, "a tenant admin is not a platform admin");
}

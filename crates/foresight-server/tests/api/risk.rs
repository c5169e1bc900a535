//! The risk engine's API: heat map, replay, timeline, drill-down, the SSE stream, factor and rule
//! definitions (validated, nothing stored when invalid), back-tests and learned-normal training refusals.

use crate::helpers::{Tenant, TestApp};
use chrono::{Duration, Utc};
use foresight_engine::{run_site, CycleEvent, NoPredictor};
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

/// A tenant with one site, zone Z1 holding an assessed hazard (LEC 1 × 6 × 15 = 90, yellow) and zone Z2
/// without any.
async fn setup(app: &TestApp) -> (Tenant, String, Vec<String>) {
    let tenant = app.tenant("acme").await;
    let plant = tenant.populate(app).await;
    sqlx::query(
        "INSERT INTO hazard (tenant_id, hazard_id, zone_id, code, name, category, method, likelihood, exposure, consequence, score, grade) \
         VALUES ($1, $2, $3, 'HZ-1', 'conveyor guard missing', 'mechanical', 'lec', 1, 6, 15, 90, 'yellow')",
    )
    .bind(tenant.tenant_id)
    .bind(Uuid::now_v7())
    .bind(Uuid::parse_str(&plant.zone_ids[0]).unwrap())
    .execute(&app.db.owner)
    .await
    .unwrap();
    (tenant, plant.site_id, plant.zone_ids)
}

fn always_on_factor() -> Value {
    json!({"definition": {
        "id": "always_on", "name": "总是成立",
        "condition": {"compare": {"input": "hour_local", "op": ">=", "value": 0}},
        "applies_to": "all", "effect": {"l": 2.0}
    }})
}

async fn cycle(app: &TestApp, tenant: &Tenant, site_id: &str, at: chrono::DateTime<Utc>) -> CycleEvent {
    let site = Uuid::parse_str(site_id).unwrap();
    let (event, _) =
        run_site(&app.db.app, tenant.tenant_id, site, at, &NoPredictor, None).await.unwrap().expect("site not locked");
    let _ = app.risk_events.send(event.clone());
    event
}

fn zone<'a>(map: &'a Value, zone_id: &str) -> &'a Value {
    map["zones"].as_array().unwrap().iter().find(|z| z["zone_id"] == zone_id).expect("zone on the heat map")
}

#[tokio::test]
async fn heat_map_replay_timeline_and_drill_down_show_each_cycle_and_why() {
    let app = TestApp::spawn().await;
    let (tenant, site_id, zones) = setup(&app).await;
    let factor = app.post("/api/v1/risk-factors", &tenant.admin, always_on_factor()).await;
    assert_eq!(factor.status, StatusCode::CREATED, "{}", factor.text);

    let t1 = Utc::now() - Duration::seconds(120);
    cycle(&app, &tenant, &site_id, t1).await;
    let factor_id = factor.body["risk_factor_id"].as_str().unwrap();
    let disabled =
        app.patch(&format!("/api/v1/risk-factors/{factor_id}"), &tenant.admin, 1, json!({"enabled": false})).await;
    assert_eq!(disabled.status, StatusCode::OK, "{}", disabled.text);
    let t2 = Utc::now() - Duration::seconds(60);
    cycle(&app, &tenant, &site_id, t2).await;

    // Now: the factor is off, Z1 shows its assessed colour; Z2 has nothing assessed.
    let now = app.get(&format!("/api/v1/sites/{site_id}/heatmap"), &tenant.admin).await;
    assert_eq!(now.status, StatusCode::OK, "{}", now.text);
    assert_eq!(zone(&now.body, &zones[0])["grade"], "yellow", "{}", now.body);
    assert_eq!(zone(&now.body, &zones[1])["grade"], "unassessed");

    // Replay at t1: the factor doubled L (D 90 → 180, orange) and explains the whole difference.
    let at = (t1 + Duration::seconds(1)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let then = app.get(&format!("/api/v1/sites/{site_id}/heatmap/history?at={at}"), &tenant.admin).await;
    assert_eq!(then.status, StatusCode::OK, "{}", then.text);
    let z1 = zone(&then.body, &zones[0]);
    assert_eq!(z1["grade"], "orange", "{}", then.body);
    assert_eq!(z1["top"][0]["input"], "always_on");
    let explained = z1["top"][0]["value"].as_f64().unwrap();
    let moved = z1["value"].as_f64().unwrap() - z1["baseline_value"].as_f64().unwrap();
    assert!((explained - moved).abs() < 0.01, "{explained} vs {moved}");
    // Before any cycle: nothing to show.
    let before = (t1 - Duration::seconds(10)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let empty = app.get(&format!("/api/v1/sites/{site_id}/heatmap/history?at={before}"), &tenant.admin).await;
    assert!(zone(&empty.body, &zones[0])["grade"].is_null());

    let from = (t1 - Duration::minutes(1)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let timeline =
        app.get(&format!("/api/v1/sites/{site_id}/heatmap/timeline?from={from}&bucket_secs=15"), &tenant.admin).await;
    assert_eq!(timeline.status, StatusCode::OK, "{}", timeline.text);
    let points = timeline.body.as_array().unwrap();
    assert_eq!(points.len(), 2, "{}", timeline.body);
    assert_eq!((points[0]["orange"].as_i64(), points[1]["yellow"].as_i64()), (Some(1), Some(1)));

    let detail = app.get(&format!("/api/v1/zones/{}/risk?window_minutes=10", zones[0]), &tenant.admin).await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.text);
    assert_eq!(detail.body["trend"].as_array().unwrap().len(), 2);
    assert_eq!(detail.body["hazards"][0]["static_grade"], "yellow");
    assert_eq!(detail.body["latest"]["grade"], "yellow");

    // A zone-scoped person sees only his zone on the heat map.
    let engineer = tenant.person(&app, "engineer", foresight_core::rbac::Role::WorkshopEngineer, Some(&zones[1])).await;
    let scoped = app.get(&format!("/api/v1/sites/{site_id}/heatmap"), &engineer.token).await;
    assert_eq!(scoped.status, StatusCode::OK, "{}", scoped.text);
    assert_eq!(scoped.body["zones"].as_array().unwrap().len(), 1);
    let hidden = app.get(&format!("/api/v1/zones/{}/risk", zones[0]), &engineer.token).await;
    hidden.problem(StatusCode::NOT_FOUND);
}

/// Reads SSE events (name, data) from a streaming response until `n` have arrived.
async fn events(response: &mut reqwest::Response, n: usize) -> Vec<(String, Value)> {
    let mut buffer = String::new();
    let mut out = Vec::new();
    while out.len() < n {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(10), response.chunk())
            .await
            .expect("an event within 10 s")
            .unwrap()
            .expect("the stream stays open");
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let mut name = String::new();
            let mut data = String::new();
            for line in block.lines() {
                if let Some(v) = line.strip_prefix("event:") {
                    name = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push_str(v.trim());
                }
            }
            if !name.is_empty() {
                out.push((name, serde_json::from_str(&data).unwrap_or(Value::Null)));
            }
        }
    }
    out
}

#[tokio::test]
async fn the_stream_sends_the_state_then_one_event_per_cycle_with_the_token_in_the_query() {
    let app = TestApp::spawn().await;
    let (tenant, site_id, zones) = setup(&app).await;
    let url = app.url(&format!("/api/v1/sites/{site_id}/heatmap/stream?access_token={}", tenant.admin));
    let mut response = app.http.get(&url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let first = events(&mut response, 1).await;
    assert_eq!(first[0].0, "heatmap");

    // Another tenant's cycle is not announced on this stream; this site's cycle is.
    let _ = app.risk_events.send(CycleEvent {
        tenant_id: Uuid::now_v7(),
        site_id: Uuid::now_v7(),
        at: Utc::now(),
        zones: 1,
    });
    let at = Utc::now() - Duration::seconds(1);
    cycle(&app, &tenant, &site_id, at).await;
    let next = events(&mut response, 1).await;
    assert_eq!(next[0].0, "cycle");
    assert_eq!(zone(&next[0].1, &zones[0])["grade"], "yellow", "{}", next[0].1);
    assert_eq!(zone(&next[0].1, &zones[1])["grade"], "unassessed");

    // Without a token, with a wrong one, or for another route, the query parameter is not accepted.
    let bare = app.http.get(app.url(&format!("/api/v1/sites/{site_id}/heatmap/stream"))).send().await.unwrap();
    assert_eq!(bare.status(), StatusCode::UNAUTHORIZED);
    let forged = app
        .http
        .get(app.url(&format!("/api/v1/sites/{site_id}/heatmap/stream?access_token=not-a-token")))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    let elsewhere = app
        .http
        .get(app.url(&format!("/api/v1/sites/{site_id}/heatmap?access_token={}", tenant.admin)))
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bad_factor_and_rule_definitions_are_422_naming_each_field_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let (tenant, _, _) = setup(&app).await;
    let bad_factor = json!({"definition": {
        "id": "9cold", "name": "",
        "condition": {"all": [{"compare": {"input": "temp_c", "op": "=>", "value": 5}}]},
        "applies_to": "all", "effect": {"l": 2.0, "e": 0.5}
    }});
    let reply = app
        .http
        .post(app.url("/api/v1/risk-factors"))
        .bearer_auth(&tenant.admin)
        .header("accept-language", "en")
        .json(&bad_factor)
        .send()
        .await
        .unwrap();
    let reply = crate::helpers::Reply::from(reply).await;
    let fields = reply.problem(StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["definition.id", "definition.name", "definition.condition.all[0].compare.op", "definition.effect"] {
        assert!(fields.contains(&field.to_string()), "{field} missing in {fields:?}");
    }
    assert!(reply.text.contains("Unknown comparison operator =>"), "{}", reply.text);
    // zh-CN by default.
    let zh = app.post("/api/v1/risk-factors", &tenant.admin, bad_factor).await;
    assert!(zh.text.contains("未知的比较运算符"), "{}", zh.text);
    let typo = app
        .post("/api/v1/risk-factors", &tenant.admin, json!({"definition": {"id": "x", "name": "x", "conditon": {}}}))
        .await;
    typo.problem(StatusCode::UNPROCESSABLE_ENTITY);

    let rule = json!({"definition": {
        "id": "r1", "name": "rule",
        "condition": {"compare": {"input": "nh3_delta_10min", "op": ">=", "value": 0.8}},
        "actions": [{"type": "adjust_factor", "factor": "no_such_factor", "multiplier": 20},
                    {"type": "instruct", "channel": {"kind": "webhook", "url": "ftp://x"}, "message_zh": "", "message_en": "x"}]
    }});
    let refused = app.post("/api/v1/expert-rules", &tenant.admin, rule).await;
    let fields = refused.problem(StatusCode::UNPROCESSABLE_ENTITY);
    for field in [
        "definition.actions[0].factor",
        "definition.actions[0].multiplier",
        "definition.actions[1].channel.url",
        "definition.actions[1].message_zh",
    ] {
        assert!(fields.contains(&field.to_string()), "{field} missing in {fields:?}");
    }
    for list in ["/api/v1/risk-factors", "/api/v1/expert-rules"] {
        let stored = app.get(list, &tenant.admin).await;
        assert_eq!(stored.body, json!([]), "{list}: nothing half-applied");
    }
    let revisions: i64 =
        sqlx::query_scalar("SELECT count(*) FROM expert_rule_revision").fetch_one(&app.db.owner).await.unwrap();
    assert_eq!(revisions, 0);
}

#[tokio::test]
async fn rules_are_versioned_and_back_tested_on_recorded_zone_inputs() {
    let app = TestApp::spawn().await;
    let (tenant, site_id, zones) = setup(&app).await;
    let factor = app.post("/api/v1/risk-factors", &tenant.admin, always_on_factor()).await;
    assert_eq!(factor.status, StatusCode::CREATED);
    let rule = app
        .post(
            "/api/v1/expert-rules",
            &tenant.admin,
            json!({"enabled": false, "definition": {
                "id": "always", "name": "always",
                "condition": {"compare": {"input": "alarms_active", "op": ">=", "value": 0}},
                "actions": [{"type": "open_risk_path", "path": "test_path"},
                            {"type": "adjust_factor", "factor": "always_on", "multiplier": 2}]
            }}),
        )
        .await;
    assert_eq!(rule.status, StatusCode::CREATED, "{}", rule.text);
    let id = rule.body["expert_rule_id"].as_str().unwrap().to_string();
    let t0 = Utc::now() - Duration::seconds(90);
    for i in 0..3 {
        cycle(&app, &tenant, &site_id, t0 + Duration::seconds(15 * i)).await;
    }
    let from = (t0 - Duration::seconds(1)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let report = app.post(&format!("/api/v1/expert-rules/{id}/backtest"), &tenant.admin, json!({"from": from})).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text);
    assert_eq!(report.body["samples"], 6, "{}", report.body);
    assert_eq!(report.body["firings"].as_array().unwrap().len(), 2, "one onset per zone: {}", report.body);
    let misspelt = app
        .post(
            &format!("/api/v1/expert-rules/{id}/backtest"),
            &tenant.admin,
            json!({"from": from, "definition": {"id": "always", "name": "always",
                   "condition": {"compare": {"input": "alarm_active", "op": ">=", "value": 0}},
                   "actions": [{"type": "open_risk_path", "path": "test_path"}]}}),
        )
        .await;
    assert_eq!(misspelt.body["unknown_samples"], 6, "a misspelt input is never decided: {}", misspelt.body);

    // Enabled: the next cycle opens the path in both zones and the factor's intensity doubles.
    let enabled = app.patch(&format!("/api/v1/expert-rules/{id}"), &tenant.admin, 1, json!({"enabled": true})).await;
    assert_eq!(enabled.status, StatusCode::OK, "{}", enabled.text);
    let stale = app.patch(&format!("/api/v1/expert-rules/{id}"), &tenant.admin, 1, json!({"enabled": false})).await;
    stale.problem(StatusCode::PRECONDITION_FAILED);
    cycle(&app, &tenant, &site_id, Utc::now() - Duration::seconds(5)).await;
    let detail = app.get(&format!("/api/v1/zones/{}/risk", zones[0]), &tenant.admin).await;
    assert_eq!(detail.body["paths"][0]["path"], "test_path", "{}", detail.body);
    assert_eq!(detail.body["active_factors"][0]["intensity"], 2.0);
    let revisions = app.get(&format!("/api/v1/expert-rules/{id}/revisions"), &tenant.admin).await;
    assert_eq!(revisions.body.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn training_without_enough_history_is_a_422_that_says_why() {
    let app = TestApp::spawn().await;
    let (tenant, site_id, _) = setup(&app).await;
    let from = (Utc::now() - Duration::days(14)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let unknown = app
        .post(
            &format!("/api/v1/sites/{site_id}/normal-models"),
            &tenant.admin,
            json!({"variables": ["TT-1.temperature", "PT-1.pressure"], "from": from}),
        )
        .await;
    assert_eq!(unknown.problem(StatusCode::UNPROCESSABLE_ENTITY), ["variables[0]"]);
    let list = app.get(&format!("/api/v1/sites/{site_id}/normal-models"), &tenant.admin).await;
    assert_eq!(list.body, json!([]));
}

/// A tenant's factor, expert rule and (stored directly: training needs weeks of data) normal model, for the
/// OpenAPI sweeps: (risk_factor_id, expert_rule_id, normal_model_id).
pub async fn definitions_of(app: &TestApp, tenant: &Tenant, site_id: &str) -> (String, String, String) {
    let factor = app.post("/api/v1/risk-factors", &tenant.admin, always_on_factor()).await;
    assert_eq!(factor.status, StatusCode::CREATED, "{}", factor.text);
    let rule = app
        .post(
            "/api/v1/expert-rules",
            &tenant.admin,
            json!({"definition": {"id": "r1", "name": "rule",
                   "condition": {"compare": {"input": "alarms_active", "op": ">=", "value": 1}},
                   "actions": [{"type": "open_risk_path", "path": "p"}]}}),
        )
        .await;
    assert_eq!(rule.status, StatusCode::CREATED, "{}", rule.text);
    let model_id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO normal_model (tenant_id, normal_model_id, site_id, version, variables, model, window_start, window_end) \
         VALUES ($1, $2, $3, 1, '{a.x,b.y}', '{}', now() - interval '14 days', now())",
    )
    .bind(tenant.tenant_id)
    .bind(model_id)
    .bind(Uuid::parse_str(site_id).unwrap())
    .execute(&app.db.owner)
    .await
    .unwrap();
    (
        factor.body["risk_factor_id"].as_str().unwrap().to_string(),
        rule.body["expert_rule_id"].as_str().unwrap().to_string(),
        model_id.to_string(),
    )
}

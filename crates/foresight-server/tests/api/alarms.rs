//! Alarm rules: validated against the thing model on save, versioned, and evaluated as readings
//! arrive, with timers that survive a restart.

use crate::helpers::TestApp;
use crate::ingest::{now_ms, plant, post};
use foresight_server::{AppState, ServerConfig};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn lel_above(threshold: f64, hold_secs: u32) -> Value {
    json!({"name": "可燃气体浓度高", "name_en": "Combustible gas high", "severity": "warning",
           "condition": {"kind": "threshold", "property": "lel", "op": "gt", "value": threshold},
           "for_at_least_secs": hold_secs, "hysteresis": 2.0,
           "escalation": [{"after_secs": 600, "severity": "alarm"}]})
}

async fn alarms(app: &TestApp, token: &str, query: &str) -> Value {
    let reply = app.get(&format!("/api/v1/alarms{query}"), token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.body
}

fn reading(device: &str, ts: i64, lel: f64) -> Value {
    json!({"device": device, "property": "lel", "ts": ts, "value": lel})
}

#[tokio::test]
async fn a_rule_is_checked_against_the_thing_model_it_watches() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    plant(&app, &t, "GT").await;
    let mut bad = lel_above(20.0, 0);
    bad["condition"]["property"] = json!("oxygen");
    bad["escalation"] = json!([{"after_secs": 600, "severity": "info"}]);
    let reply = app
        .post(
            "/api/v1/alarm-rules",
            &t.admin,
            json!({"thing_model_identifier": "gas_detector_combustible", "definition": bad}),
        )
        .await;
    let fields = reply.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(fields.iter().any(|f| f.starts_with("definition.condition")), "{fields:?}");
    assert!(fields.iter().any(|f| f.starts_with("definition.escalation")), "{fields:?}");
    let no_scope = app.post("/api/v1/alarm-rules", &t.admin, json!({"definition": lel_above(20.0, 0)})).await;
    no_scope.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let wrong_type = app
        .post(
            "/api/v1/alarm-rules",
            &t.admin,
            json!({"thing_model_identifier": "gas_detector_combustible", "definition": {"name": 5}}),
        )
        .await;
    assert_eq!(wrong_type.problem(StatusCode::UNPROCESSABLE_ENTITY), vec!["definition.name"]);
}

#[tokio::test]
async fn readings_raise_escalate_and_clear_alarms_with_a_dead_band() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let p = plant(&app, &t, "GT").await;
    let rule = app
        .post(
            "/api/v1/alarm-rules",
            &t.admin,
            json!({"thing_model_identifier": "gas_detector_combustible", "definition": lel_above(20.0, 0)}),
        )
        .await;
    assert_eq!(rule.status, StatusCode::CREATED, "{}", rule.text);
    let t0 = now_ms() - 600_000;
    post(&app, &p.token, &json!({"seq": 1, "readings": [reading("GT-1", t0, 10.0), reading("GT-1", t0 + 1000, 25.0)]}))
        .await;
    let active = alarms(&app, &t.admin, "?status=active").await;
    assert_eq!(active["total"], 1, "{active}");
    assert_eq!(active["items"][0]["severity"], "warning");
    assert_eq!(active["items"][0]["value"], 25.0);
    assert_eq!(active["items"][0]["device_code"], "GT-1");
    // Inside the dead band (20 - 2): still active, not flapping.
    post(
        &app,
        &p.token,
        &json!({"seq": 2, "readings": [reading("GT-1", t0 + 2000, 19.0), reading("GT-1", t0 + 3000, 21.0)]}),
    )
    .await;
    assert_eq!(alarms(&app, &t.admin, "").await["total"], 1, "no second alarm from the dip");
    // Still active after ten minutes: escalated.
    post(&app, &p.token, &json!({"seq": 3, "readings": [reading("GT-1", t0 + 601_000, 22.0)]})).await;
    assert_eq!(alarms(&app, &t.admin, "?status=active").await["items"][0]["severity"], "alarm");
    // Below the band: cleared.
    post(&app, &p.token, &json!({"seq": 4, "readings": [reading("GT-1", t0 + 602_000, 17.0)]})).await;
    let all = alarms(&app, &t.admin, "").await;
    assert_eq!(all["items"][0]["status"], "cleared");
    assert_eq!(alarms(&app, &t.admin, "?status=active").await["total"], 0);
    // Other devices of the model are watched independently.
    post(&app, &p.token, &json!({"seq": 5, "readings": [reading("GT-2", t0 + 603_000, 30.0)]})).await;
    assert_eq!(alarms(&app, &t.admin, "?status=active").await["items"][0]["device_code"], "GT-2");
}

#[tokio::test]
async fn a_rules_hold_timer_survives_a_restart() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let p = plant(&app, &t, "GT").await;
    let rule = app
        .post(
            "/api/v1/alarm-rules",
            &t.admin,
            json!({"thing_model_identifier": "gas_detector_combustible", "definition": lel_above(20.0, 60)}),
        )
        .await;
    assert_eq!(rule.status, StatusCode::CREATED, "{}", rule.text);
    let t0 = now_ms() - 300_000;
    post(
        &app,
        &p.token,
        &json!({"seq": 1, "readings": [reading("GT-1", t0, 30.0), reading("GT-1", t0 + 30_000, 31.0)]}),
    )
    .await;
    assert_eq!(alarms(&app, &t.admin, "").await["total"], 0, "held 30 s of 60: not yet");

    // A new process: fresh caches, nothing in memory, the same database.
    let state = AppState::with_ingest(
        app.db.app.clone(),
        app.db.ingest.clone(),
        ServerConfig::default(),
        crate::helpers::JWT_SECRET,
    );
    let restarted = foresight_server::router(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, restarted).await.unwrap() });
    let reply = app
        .http
        .post(format!("{base}/api/v1/ingest/batches"))
        .bearer_auth(&p.token)
        .json(&json!({"seq": 2, "readings": [reading("GT-1", t0 + 60_000, 32.0)]}))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), StatusCode::OK);
    let raised = alarms(&app, &t.admin, "?status=active").await;
    assert_eq!(raised["total"], 1, "the hold that began before the restart completed after it: {raised}");
    let raised_at = chrono::DateTime::parse_from_rfc3339(raised["items"][0]["raised_at"].as_str().unwrap()).unwrap();
    assert_eq!(raised_at.timestamp_millis(), t0 + 60_000);
}

#[tokio::test]
async fn stale_data_raises_on_the_clock_tick_without_any_reading() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let p = plant(&app, &t, "GT").await;
    let definition = json!({"name": "探测器离线", "name_en": "Detector silent", "severity": "warning",
                            "condition": {"kind": "stale", "property": "lel", "after_secs": 120}});
    let rule =
        app.post("/api/v1/alarm-rules", &t.admin, json!({"device_id": p.devices[0], "definition": definition})).await;
    assert_eq!(rule.status, StatusCode::CREATED, "{}", rule.text);
    let t0 = now_ms() - 600_000;
    post(&app, &p.token, &json!({"seq": 1, "readings": [reading("GT-1", t0, 1.0)]})).await;
    let book = foresight_ingest::alarms::RuleBook::default();
    foresight_ingest::alarms::tick(&app.db.ingest, &book, t0 + 120_000).await.unwrap();
    assert_eq!(alarms(&app, &t.admin, "").await["total"], 0, "a gap of exactly 120 s is not stale");
    foresight_ingest::alarms::tick(&app.db.ingest, &book, t0 + 121_000).await.unwrap();
    assert_eq!(alarms(&app, &t.admin, "?status=active").await["total"], 1);
    post(&app, &p.token, &json!({"seq": 2, "readings": [reading("GT-1", t0 + 200_000, 1.0)]})).await;
    assert_eq!(alarms(&app, &t.admin, "?status=active").await["total"], 0, "data again clears it");
}

#[tokio::test]
async fn editing_a_rule_makes_a_new_version_and_keeps_the_old_ones() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    plant(&app, &t, "GT").await;
    let rule = app
        .post(
            "/api/v1/alarm-rules",
            &t.admin,
            json!({"thing_model_identifier": "gas_detector_combustible", "definition": lel_above(20.0, 0)}),
        )
        .await;
    let id = rule.body["alarm_rule_id"].as_str().unwrap().to_string();
    let changed =
        app.patch(&format!("/api/v1/alarm-rules/{id}"), &t.admin, 1, json!({"definition": lel_above(25.0, 30)})).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.body["version"], 2);
    app.patch(&format!("/api/v1/alarm-rules/{id}"), &t.admin, 1, json!({"enabled": false}))
        .await
        .problem(StatusCode::PRECONDITION_FAILED);
    let revisions = app.get(&format!("/api/v1/alarm-rules/{id}/revisions"), &t.admin).await;
    let versions: Vec<i64> =
        revisions.body.as_array().unwrap().iter().map(|r| r["version"].as_i64().unwrap()).collect();
    assert_eq!(versions, vec![2, 1]);
    assert_eq!(revisions.body[1]["definition"]["condition"]["value"], 20.0);
    // The exported definition imports back as an identical rule.
    let exported = app.get(&format!("/api/v1/alarm-rules/{id}"), &t.admin).await.body["definition"].clone();
    let again = app
        .post(
            "/api/v1/alarm-rules",
            &t.admin,
            json!({"thing_model_identifier": "gas_detector_combustible", "definition": exported}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.body["definition"], changed.body["definition"]);
}

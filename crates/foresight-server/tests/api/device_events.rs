//! Device events end to end over HTTP: events ride beside readings in a gateway's batch, good ones are
//! stored with the model's severity and the device's zone, each bad one is a dead letter with its
//! reason, and the lists filter, page and keep tenants and zones apart.

use crate::helpers::{Tenant, TestApp};
use crate::ingest::{now_ms, plant, post};
use foresight_core::rbac::Role;
use foresight_server::credentials::{OpaqueToken, GATEWAY_PREFIX};
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

/// A gateway with two wearable bands: WB-7 in the first zone, WB-8 in the second.
struct Wearables {
    token: String,
    site_id: String,
    zone_ids: Vec<String>,
    devices: Vec<Uuid>,
}

async fn wearables(app: &TestApp, tenant: &Tenant) -> Wearables {
    let site = tenant.populate(app).await;
    let owner = &app.db.owner;
    let model = foresight_telemetry::presets::preset("wearable_band").unwrap();
    let model_id = Uuid::now_v7();
    sqlx::query("INSERT INTO thing_model (tenant_id, thing_model_id, identifier, revision, name, definition, source) VALUES ($1, $2, $3, 1, $4, $5, 'preset')")
        .bind(tenant.tenant_id)
        .bind(model_id)
        .bind(&model.identifier)
        .bind(&model.name)
        .bind(serde_json::to_value(&model).unwrap())
        .execute(owner)
        .await
        .unwrap();
    let gateway_id = Uuid::now_v7();
    let token = OpaqueToken::generate(tenant.tenant_id, gateway_id);
    sqlx::query("INSERT INTO gateway (tenant_id, gateway_id, site_id, code, name, secret_hash) VALUES ($1, $2, $3::uuid, 'GW-LOC', 'gw', $4)")
        .bind(tenant.tenant_id)
        .bind(gateway_id)
        .bind(&site.site_id)
        .bind(token.secret_hash())
        .execute(owner)
        .await
        .unwrap();
    let mut devices = Vec::new();
    for (code, zone) in [("WB-7", &site.zone_ids[0]), ("WB-8", &site.zone_ids[1])] {
        let id = Uuid::now_v7();
        sqlx::query("INSERT INTO device (tenant_id, device_id, site_id, zone_id, gateway_id, thing_model_id, code, name) VALUES ($1, $2, $3::uuid, $4::uuid, $5, $6, $7, $7)")
            .bind(tenant.tenant_id)
            .bind(id)
            .bind(&site.site_id)
            .bind(zone)
            .bind(gateway_id)
            .bind(model_id)
            .bind(code)
            .execute(owner)
            .await
            .unwrap();
        devices.push(id);
    }
    Wearables { token: token.render(GATEWAY_PREFIX), site_id: site.site_id, zone_ids: site.zone_ids, devices }
}

async fn dead_letters(app: &TestApp, tenant: Uuid) -> Vec<(String, Option<String>, Option<String>)> {
    sqlx::query_as("SELECT reason, device_code, property FROM dead_letter WHERE tenant_id = $1 ORDER BY reason")
        .bind(tenant)
        .fetch_all(&app.db.owner)
        .await
        .unwrap()
}

fn ms(v: &Value) -> i64 {
    chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap().timestamp_millis()
}

/// The gateway's clock runs 30 s behind; the batch mixes a reading, three good events and seven bad ones.
async fn send_mixed(app: &TestApp, w: &Wearables) -> (Value, i64) {
    let skew = 30_000;
    let now = now_ms();
    let gw = |t: i64| t - skew;
    let batch = json!({"seq": 9, "sent_at": gw(now),
    "readings": [{"device": "WB-7", "property": "heart_rate", "ts": gw(now - 6_000), "value": 130}],
    "events": [
        {"device": "WB-7", "event": "fall_detected", "ts": gw(now - 5_000), "fields": {"latitude": 38.97, "longitude": 117.75}},
        {"device": "WB-8", "event": "sos", "ts": gw(now - 4_000)},
        {"device": "WB-7", "event": "heart_rate_abnormal", "ts": gw(now - 3_000), "fields": {"heart_rate": 130, "spo2": 91}},
        {"device": "WB-7", "event": "dancing", "ts": gw(now - 3_000)},
        {"device": "WB-7", "event": "heart_rate_abnormal", "ts": gw(now - 3_000), "fields": {"heart_rate": "high"}},
        {"device": "WB-7", "event": "heart_rate_abnormal", "ts": gw(now - 3_000), "fields": {"heart_rate": 400}},
        {"device": "WB-99", "event": "sos", "ts": gw(now - 3_000)},
        {"device": "RV-1", "event": "alarm_high", "ts": gw(now - 3_000), "fields": {"lel": 50}},
        {"device": "WB-7", "event": "sos", "ts": gw(now + 3_600_000)},
        {"device": "WB-7", "ts": gw(now)}
    ]});
    let reply = post(app, &w.token, &batch).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    (reply.body, now)
}

#[tokio::test]
async fn events_beside_readings_are_stored_and_every_bad_one_is_a_dead_letter_with_its_reason() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let rival = app.tenant("rival").await;
    plant(&app, &rival, "RV").await;
    let w = wearables(&app, &t).await;
    let (receipt, now) = send_mixed(&app, &w).await;
    assert_eq!(
        (receipt["accepted"].as_i64(), receipt["events"].as_i64(), receipt["rejected"].as_i64()),
        (Some(1), Some(3), Some(7)),
        "{receipt}"
    );
    let reasons: Vec<(String, Option<String>, Option<String>)> = dead_letters(&app, t.tenant_id).await;
    let short: Vec<(&str, Option<&str>)> = reasons.iter().map(|(r, d, _)| (r.as_str(), d.as_deref())).collect();
    assert_eq!(
        short,
        [
            ("bad_json", None),
            ("out_of_range", Some("WB-7")),
            ("timestamp_in_future", Some("WB-7")),
            ("unknown_device", Some("WB-99")),
            ("unknown_event", Some("WB-7")),
            ("wrong_tenant", Some("RV-1")),
            ("wrong_type", Some("WB-7")),
        ]
    );
    assert_eq!(reasons[4].2.as_deref(), Some("dancing"), "the event's identifier is kept with its dead letter");
    let detail: String = sqlx::query_scalar("SELECT detail FROM dead_letter WHERE reason = 'wrong_type'")
        .fetch_one(&app.db.owner)
        .await
        .unwrap();
    assert!(detail.contains("heart_rate"), "the detail names the field: {detail}");
    let rival_events: i64 = sqlx::query_scalar("SELECT count(*) FROM device_event WHERE tenant_id = $1")
        .bind(rival.tenant_id)
        .fetch_one(&app.db.owner)
        .await
        .unwrap();
    assert_eq!(rival_events, 0);

    // Newest first; severity from the model, zone from the device, clock corrected, original kept.
    let list = app.get("/api/v1/device-events", &t.admin).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert_eq!(list.body["total"], 3);
    let items = list.body["items"].as_array().unwrap();
    let names: Vec<&str> = items.iter().map(|e| e["identifier"].as_str().unwrap()).collect();
    assert_eq!(names, ["heart_rate_abnormal", "sos", "fall_detected"]);
    let fall = &items[2];
    assert_eq!((fall["severity"].as_str(), fall["device_code"].as_str()), (Some("critical"), Some("WB-7")));
    assert_eq!(fall["zone_id"].as_str(), Some(w.zone_ids[0].as_str()));
    assert_eq!(fall["site_id"].as_str(), Some(w.site_id.as_str()));
    assert_eq!(fall["fields"], json!({"latitude": 38.97, "longitude": 117.75}));
    assert_eq!(ms(&fall["source_ts"]), now - 5_000 - 30_000, "the gateway's timestamp is kept");
    assert!((ms(&fall["ts"]) - (now - 5_000)).abs() <= 1_000, "aligned to platform time");
    assert!(fall["unknown_fields"].is_null());
    assert_eq!(items[0]["severity"], "warning");
    assert_eq!(items[0]["fields"], json!({"heart_rate": 130}));
    assert_eq!(items[0]["unknown_fields"], json!({"spo2": 91}), "an unknown field is kept and flagged");

    // Sent again: stored once.
    let (again, _) = send_mixed(&app, &w).await;
    assert_eq!((again["duplicate"].as_bool(), again["events"].as_i64()), (Some(true), Some(0)));
    assert_eq!(app.get("/api/v1/device-events", &t.admin).await.body["total"], 3);
    assert_eq!(dead_letters(&app, t.tenant_id).await.len(), 7);
}

#[tokio::test]
async fn event_lists_filter_page_and_keep_tenants_and_zones_apart() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let rival = app.tenant("rival").await;
    let w = wearables(&app, &t).await;
    let (_, now) = send_mixed(&app, &w).await;
    let total = |q: &str| {
        let app = &app;
        let token = t.admin.clone();
        let q = q.to_string();
        async move {
            let r = app.get(&format!("/api/v1/device-events{q}"), &token).await;
            assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text);
            r.body["total"].as_i64().unwrap()
        }
    };
    let (wb7, wb8) = (w.devices[0], w.devices[1]);
    assert_eq!(total(&format!("?zone_id={}", w.zone_ids[1])).await, 1);
    assert_eq!(total(&format!("?zone_id={}", w.zone_ids[0])).await, 2);
    assert_eq!(total(&format!("?site_id={}", w.site_id)).await, 3);
    assert_eq!(total(&format!("?device_id={wb7}")).await, 2);
    assert_eq!(total("?identifier=sos").await, 1);
    assert_eq!(total("?severity=critical").await, 2);
    assert_eq!(total("?severity=warning&identifier=heart_rate_abnormal").await, 1);
    let at = |t: i64| chrono::DateTime::from_timestamp_millis(t).unwrap().to_rfc3339().replace('+', "%2B");
    assert_eq!(total(&format!("?from={}", at(now - 4_500))).await, 2);
    assert_eq!(total(&format!("?from={}&to={}", at(now - 4_500), at(now - 3_500))).await, 1);
    let oldest_first = app.get("/api/v1/device-events?sort=ts&per_page=1&page=2", &t.admin).await;
    assert_eq!(
        (oldest_first.body["items"][0]["identifier"].as_str(), oldest_first.body["total"].as_i64()),
        (Some("sos"), Some(3))
    );
    let bad = app.get("/api/v1/device-events?severity=panic", &t.admin).await;
    assert_eq!(bad.problem(StatusCode::BAD_REQUEST), ["severity"]);
    let bad = app.get(&format!("/api/v1/device-events?from={}&to={}", at(now), at(now - 1)), &t.admin).await;
    assert_eq!(bad.problem(StatusCode::BAD_REQUEST), ["from"]);
    let bad = app.get("/api/v1/device-events?sort=severity", &t.admin).await;
    assert_eq!(bad.problem(StatusCode::BAD_REQUEST), ["sort"]);

    let one = app.get(&format!("/api/v1/devices/{wb7}/events"), &t.admin).await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.text);
    let names: Vec<&str> =
        one.body["items"].as_array().unwrap().iter().map(|e| e["identifier"].as_str().unwrap()).collect();
    assert_eq!(names, ["heart_rate_abnormal", "fall_detected"]);
    let crit = app.get(&format!("/api/v1/devices/{wb7}/events?severity=critical"), &t.admin).await;
    assert_eq!(crit.body["total"], 1);
    let missing = app.get(&format!("/api/v1/devices/{}/events", Uuid::now_v7()), &t.admin).await;
    missing.problem(StatusCode::NOT_FOUND);

    // Another tenant: 404 for the device, nothing in its list.
    rival.populate(&app).await;
    app.get(&format!("/api/v1/devices/{wb7}/events"), &rival.admin).await.problem(StatusCode::NOT_FOUND);
    let theirs = app.get("/api/v1/device-events", &rival.admin).await;
    assert_eq!(theirs.body["total"], 0);
    let theirs = app.get(&format!("/api/v1/device-events?device_id={wb7}"), &rival.admin).await;
    assert_eq!(theirs.body["total"], 0);

    // A workshop engineer of the second zone sees only that zone's events.
    let engineer = t.person(&app, "wang", Role::WorkshopEngineer, Some(&w.zone_ids[1])).await;
    let seen = app.get("/api/v1/device-events", &engineer.token).await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.text);
    assert_eq!(seen.body["total"], 1);
    assert_eq!(seen.body["items"][0]["device_id"].as_str(), Some(wb8.to_string().as_str()));
    app.get(&format!("/api/v1/devices/{wb7}/events"), &engineer.token).await.problem(StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/api/v1/devices/{wb8}/events"), &engineer.token).await.body["total"], 1);
}

#[tokio::test]
async fn a_stored_event_is_announced_to_listeners_after_commit() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let w = wearables(&app, &t).await;
    let mut listener = sqlx::postgres::PgListener::connect_with(&app.db.owner).await.unwrap();
    listener.listen(foresight_ingest::writer::DEVICE_EVENT_CHANNEL).await.unwrap();
    let sent = std::time::Instant::now();
    let batch = json!({"events": [{"device": "WB-8", "event": "sos", "ts": now_ms(), "fields": {"latitude": 38.9}}]});
    let reply = post(&app, &w.token, &batch).await;
    assert_eq!((reply.status, reply.body["events"].as_i64()), (StatusCode::OK, Some(1)), "{}", reply.text);
    let notice =
        tokio::time::timeout(std::time::Duration::from_secs(1), listener.recv()).await.expect("within a second");
    let notice: foresight_ingest::writer::EventNotice = serde_json::from_str(notice.unwrap().payload()).unwrap();
    assert!(sent.elapsed() < std::time::Duration::from_secs(1));
    assert_eq!((notice.tenant_id, notice.device_id), (t.tenant_id, w.devices[1]));
    assert_eq!((notice.identifier.as_str(), notice.severity.as_str()), ("sos", "critical"));
    assert_eq!(notice.zone_id.map(|z| z.to_string()), Some(w.zone_ids[1].clone()));
    let stored: Uuid = sqlx::query_scalar("SELECT event_id FROM device_event").fetch_one(&app.db.owner).await.unwrap();
    assert_eq!(notice.event_id, stored);
}

/// Every dead-letter reason the ingest side can store has a label in the web app, in Chinese and English
/// (the dead-letter viewer shows the label, and a missing one would show the raw code).
#[test]
fn every_reason_code_has_a_zh_cn_and_an_english_label_in_the_web_app() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../frontend/src");
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let block = |text: &str| {
        let start = text.find("deadLetterReason: {").expect("a deadLetterReason block");
        let end = start + text[start..].find("\n  },").expect("its end");
        text[start..end].to_string()
    };
    let (zh, en, catalog) =
        (block(&read("i18n/locales/zh-CN.ts")), block(&read("i18n/locales/en.ts")), read("things/catalog.ts"));
    for reason in foresight_telemetry::reading::RejectReason::ALL {
        let code = reason.code();
        assert!(zh.contains(&format!("\n    {code}: '")), "no zh-CN label for {code}");
        assert!(en.contains(&format!("\n    {code}: '")), "no English label for {code}");
        assert!(catalog.contains(&format!("'{code}',")), "{code} missing from DEAD_LETTER_REASONS");
    }
    assert!(zh.contains("unknown_event: '未定义的事件'") && en.contains("unknown_event: 'Unknown event'"));
}

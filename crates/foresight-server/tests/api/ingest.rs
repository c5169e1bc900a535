//! Gateway ingest over HTTP: valid readings are stored exactly once, every invalid one lands in the
//! dead-letter store with its reason, and a gateway can only ever write into its own tenant.

use crate::helpers::{Tenant, TestApp};
use foresight_server::credentials::{OpaqueToken, GATEWAY_PREFIX};
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

/// A gateway with three combustible-gas detectors (GT-1..3, property `lel`, 0–100 %LEL).
pub(crate) struct Plant {
    pub token: String,
    pub gateway_id: Uuid,
    pub devices: Vec<Uuid>,
}

pub(crate) async fn plant(app: &TestApp, tenant: &Tenant, prefix: &str) -> Plant {
    let site = tenant.populate(app).await;
    let model = foresight_telemetry::presets::preset("gas_detector_combustible").unwrap();
    let model_id = Uuid::now_v7();
    let owner = &app.db.owner;
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
    sqlx::query("INSERT INTO gateway (tenant_id, gateway_id, site_id, code, name, secret_hash) VALUES ($1, $2, $3::uuid, $4, 'gw', $5)")
        .bind(tenant.tenant_id)
        .bind(gateway_id)
        .bind(&site.site_id)
        .bind(format!("{prefix}-GW"))
        .bind(token.secret_hash())
        .execute(owner)
        .await
        .unwrap();
    let mut devices = Vec::new();
    for i in 1..=3 {
        let id = Uuid::now_v7();
        sqlx::query("INSERT INTO device (tenant_id, device_id, site_id, zone_id, gateway_id, thing_model_id, code, name) VALUES ($1, $2, $3::uuid, $4::uuid, $5, $6, $7, $7)")
            .bind(tenant.tenant_id)
            .bind(id)
            .bind(&site.site_id)
            .bind(&site.zone_ids[0])
            .bind(gateway_id)
            .bind(model_id)
            .bind(format!("{prefix}-{i}"))
            .execute(owner)
            .await
            .unwrap();
        devices.push(id);
    }
    Plant { token: token.render(GATEWAY_PREFIX), gateway_id, devices }
}

pub(crate) async fn post(app: &TestApp, token: &str, body: &Value) -> crate::helpers::Reply {
    let req = app.http.post(app.url("/api/v1/ingest/batches")).bearer_auth(token).json(body);
    crate::helpers::Reply::from(req.send().await.unwrap()).await
}

async fn stored_readings(app: &TestApp, tenant: Uuid) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM reading WHERE tenant_id = $1")
        .bind(tenant)
        .fetch_one(&app.db.owner)
        .await
        .unwrap()
}

async fn dead_letters(app: &TestApp, tenant: Uuid) -> Vec<(String, Option<String>)> {
    sqlx::query_as(
        "SELECT reason, device_code FROM dead_letter WHERE tenant_id = $1 ORDER BY received_at, dead_letter_id",
    )
    .bind(tenant)
    .fetch_all(&app.db.owner)
    .await
    .unwrap()
}

pub(crate) fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[tokio::test]
async fn thousands_of_bad_items_interleaved_with_good_ones_lose_no_good_reading_and_no_bad_one_silently() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let other = app.tenant("rival").await;
    let p = plant(&app, &t, "GT").await;
    plant(&app, &other, "RV").await;
    let now = now_ms();
    let mut readings = Vec::new();
    let mut expected_good = 0;
    let mut expected_bad: std::collections::BTreeMap<&str, i64> = Default::default();
    for i in 0..3000i64 {
        let device = format!("GT-{}", 1 + i % 3);
        let ts = now - 60_000 + i;
        let (item, reason) = match i % 8 {
            0 => (json!({"device": "NOPE-1", "property": "lel", "ts": ts, "value": 5}), Some("unknown_device")),
            1 => (json!({"device": device, "property": "no_such", "ts": ts, "value": 5}), Some("unknown_property")),
            2 => (json!({"device": device, "property": "lel", "ts": ts, "value": "high"}), Some("wrong_type")),
            3 => (json!({"device": device, "property": "lel", "ts": ts, "value": 250.0}), Some("out_of_range")),
            4 => (
                json!({"device": device, "property": "lel", "ts": now + 3_600_000, "value": 5}),
                Some("timestamp_in_future"),
            ),
            5 => (json!({"device": "RV-1", "property": "lel", "ts": ts, "value": 5}), Some("wrong_tenant")),
            6 => (json!({"device": device, "ts": "soon", "value": 5}), Some("bad_json")),
            _ => (json!({"device": device, "property": "lel", "ts": ts, "value": (i % 100) as f64 / 2.0}), None),
        };
        match reason {
            Some(r) => *expected_bad.entry(r).or_default() += 1,
            None => expected_good += 1,
        }
        readings.push(item);
    }
    let reply = post(&app, &p.token, &json!({"seq": 1, "readings": readings})).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.body["accepted"], expected_good);
    assert_eq!(reply.body["rejected"], 3000 - expected_good);
    assert_eq!(stored_readings(&app, t.tenant_id).await, expected_good);
    let mut counted: std::collections::BTreeMap<String, i64> = Default::default();
    for (reason, _) in dead_letters(&app, t.tenant_id).await {
        *counted.entry(reason).or_default() += 1;
    }
    let expected: std::collections::BTreeMap<String, i64> =
        expected_bad.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    assert_eq!(counted, expected);
    assert_eq!(stored_readings(&app, other.tenant_id).await, 0, "nothing reached the other tenant");
}

#[tokio::test]
async fn a_re_sent_batch_is_stored_once() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let p = plant(&app, &t, "GT").await;
    let ts = now_ms() - 1000;
    let batch = json!({"seq": 42, "readings": [{"device": "GT-1", "ts": ts, "values": {"lel": 3.5, "sensor_temperature": 21.0}}]});
    let first = post(&app, &p.token, &batch).await;
    assert_eq!(
        (first.body["accepted"].as_i64(), first.body["duplicate"].as_bool()),
        (Some(2), Some(false)),
        "{}",
        first.text
    );
    let again = post(&app, &p.token, &batch).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["duplicate"], true);
    assert_eq!(stored_readings(&app, t.tenant_id).await, 2);
    // Without a sequence number, the identical body is the key.
    let unnumbered = json!({"readings": [{"device": "GT-2", "property": "lel", "ts": ts, "value": 1.0}]});
    post(&app, &p.token, &unnumbered).await;
    post(&app, &p.token, &unnumbered).await;
    assert_eq!(stored_readings(&app, t.tenant_id).await, 3);
}

#[tokio::test]
async fn a_gateway_writes_only_into_its_own_tenant_whatever_it_claims() {
    let app = TestApp::spawn().await;
    let a = app.tenant("acme").await;
    let b = app.tenant("rival").await;
    let pa = plant(&app, &a, "GT").await;
    plant(&app, &b, "RV").await;
    let ts = now_ms();
    let claims_b =
        json!({"tenant": "rival", "readings": [{"device": "RV-1", "property": "lel", "ts": ts, "value": 1.0}]});
    let reply = post(&app, &pa.token, &claims_b).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["accepted"], 0);
    let b_devices = json!({"readings": [{"device": "RV-2", "property": "lel", "ts": ts, "value": 1.0}]});
    post(&app, &pa.token, &b_devices).await;
    assert_eq!(stored_readings(&app, b.tenant_id).await, 0);
    let reasons: Vec<String> = dead_letters(&app, a.tenant_id).await.into_iter().map(|(r, _)| r).collect();
    assert_eq!(reasons, vec!["wrong_tenant", "wrong_tenant"], "recorded in the sender's tenant");
    assert!(dead_letters(&app, b.tenant_id).await.is_empty());
    // A forged credential naming tenant B with A's secret is refused outright.
    let forged = OpaqueToken { tenant_id: b.tenant_id, ..OpaqueToken::parse(GATEWAY_PREFIX, &pa.token).unwrap() };
    post(&app, &forged.render(GATEWAY_PREFIX), &b_devices).await.problem(StatusCode::UNAUTHORIZED);
    // A person's token is not a gateway credential.
    post(&app, &a.admin, &b_devices).await.problem(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn unreadable_messages_are_refused_with_a_problem_and_kept_as_dead_letters() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let p = plant(&app, &t, "GT").await;
    let send = |body: &'static str, content_type: &'static str| {
        app.http
            .post(app.url("/api/v1/ingest/batches"))
            .bearer_auth(&p.token)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let broken = crate::helpers::Reply::from(send("{\"readings\": [", "application/json").await.unwrap()).await;
    assert_eq!(broken.problem(StatusCode::BAD_REQUEST), vec!["body"]);
    let not_batch = crate::helpers::Reply::from(send("[1, 2, 3]", "application/json").await.unwrap()).await;
    not_batch.problem(StatusCode::BAD_REQUEST);
    let text = crate::helpers::Reply::from(send("lel=5", "text/plain").await.unwrap()).await;
    text.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = "x".repeat(5 << 20);
    let too_big = app
        .http
        .post(app.url("/api/v1/ingest/batches"))
        .bearer_auth(&p.token)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(too_big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let reasons: Vec<String> = dead_letters(&app, t.tenant_id).await.into_iter().map(|(r, _)| r).collect();
    assert_eq!(reasons, vec!["bad_json", "bad_json"]);
    let _ = p.gateway_id;
}

#[tokio::test]
async fn stored_readings_come_back_raw_bucketed_and_as_latest_values_with_the_gateway_clock_corrected() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let p = plant(&app, &t, "GT").await;
    // The gateway's clock runs 30 s behind: it stamps everything 30 s early.
    let skew = 30_000;
    let start = (now_ms() - 3_600_000) / 60_000 * 60_000;
    let readings: Vec<Value> = (0..120)
        .map(
            |i| json!({"device": "GT-1", "property": "lel", "ts": start + i * 30_000 - skew, "value": i as f64 / 10.0}),
        )
        .collect();
    let sent_at = now_ms() - skew;
    let reply = post(&app, &p.token, &json!({"seq": 1, "sent_at": sent_at, "readings": readings})).await;
    assert_eq!(reply.body["accepted"], 120, "{}", reply.text);
    let device = p.devices[0];
    let from = chrono::DateTime::from_timestamp_millis(start - 60_000).unwrap().to_rfc3339();
    let to = chrono::DateTime::from_timestamp_millis(start + 3_660_000).unwrap().to_rfc3339();
    let q = |extra: &str| {
        format!("/api/v1/devices/{device}/readings?property=lel&from={}&to={}{extra}", urlencode(&from), urlencode(&to))
    };
    let raw = app.get(&q(""), &t.admin).await;
    assert_eq!(raw.status, StatusCode::OK, "{}", raw.text);
    let points = raw.body["points"].as_array().unwrap();
    assert_eq!(points.len(), 120);
    let first_ts = chrono::DateTime::parse_from_rfc3339(points[0]["ts"].as_str().unwrap()).unwrap().timestamp_millis();
    let first_source =
        chrono::DateTime::parse_from_rfc3339(points[0]["source_ts"].as_str().unwrap()).unwrap().timestamp_millis();
    assert_eq!(first_source, start - skew, "the original timestamp is kept");
    assert!(
        (first_ts - start).abs() <= 1_000,
        "aligned to platform time within the network delay: {}",
        first_ts - start
    );
    let buckets = app.get(&q("&bucket_seconds=600"), &t.admin).await;
    let buckets = buckets.body["buckets"].as_array().unwrap().clone();
    let total: i64 = buckets.iter().map(|b| b["count"].as_i64().unwrap()).sum();
    assert_eq!(total, 120);
    for b in &buckets {
        assert!(
            b["min"].as_f64().unwrap() <= b["avg"].as_f64().unwrap()
                && b["avg"].as_f64().unwrap() <= b["max"].as_f64().unwrap()
        );
    }
    let latest = app.get(&format!("/api/v1/devices/{device}/latest"), &t.admin).await;
    assert_eq!(latest.body[0]["property"], "lel");
    assert_eq!(latest.body[0]["value"], 11.9);
    let too_many = app.get(&q("&bucket_seconds=0"), &t.admin).await;
    assert_eq!(too_many.problem(StatusCode::BAD_REQUEST), vec!["bucket_seconds"]);
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}

/// Expected buckets (start ms → count, min, max, avg) of `points` within [from, to), computed here
/// from the raw points the API returned.
fn expected_buckets(points: &[(i64, f64)], from: i64, to: i64, width_ms: i64) -> Vec<(i64, i64, f64, f64, f64)> {
    let mut bins: std::collections::BTreeMap<i64, Vec<f64>> = std::collections::BTreeMap::new();
    for &(ts, v) in points.iter().filter(|(ts, _)| *ts >= from && *ts < to) {
        bins.entry(ts.div_euclid(width_ms) * width_ms).or_default().push(v);
    }
    bins.into_iter()
        .map(|(start, vs)| {
            let min = vs.iter().copied().fold(f64::INFINITY, f64::min);
            let max = vs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            (start, vs.len() as i64, min, max, vs.iter().sum::<f64>() / vs.len() as f64)
        })
        .collect()
}

#[tokio::test]
async fn chart_buckets_of_whole_minutes_equal_the_readings_at_unaligned_edges_and_after_re_delivery() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let p = plant(&app, &t, "GT").await;
    let start = (now_ms() - 7_200_000) / 60_000 * 60_000 + 7_000;
    // Two batches whose readings share minutes (the second is merged into the first's minutes), and
    // the first sent again (a re-delivery, which must add nothing).
    let first: Vec<Value> = (0..300)
        .map(|i| json!({"device": "GT-1", "property": "lel", "ts": start + i * 13_000, "value": ((i * 37) % 97) as f64 / 2.0}))
        .collect();
    let second: Vec<Value> = (0..200)
        .map(|i| json!({"device": "GT-1", "property": "lel", "ts": start + 3_500 + i * 7_000, "value": ((i * 11) % 89) as f64 / 4.0}))
        .collect();
    for (seq, readings) in [(1, &first), (2, &second), (1, &first)] {
        let reply = post(&app, &p.token, &json!({"seq": seq, "sent_at": now_ms(), "readings": readings})).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    }
    let device = p.devices[0];
    let at = |ms: i64| urlencode(&chrono::DateTime::from_timestamp_millis(ms).unwrap().to_rfc3339());
    let ms_of = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap().timestamp_millis();
    let url = |from: i64, to: i64, extra: &str| {
        format!("/api/v1/devices/{device}/readings?property=lel&from={}&to={}{extra}", at(from), at(to))
    };
    let raw = app.get(&url(start - 600_000, start + 7_200_000, "&limit=10000"), &t.admin).await;
    let points: Vec<(i64, f64)> = raw.body["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (ms_of(&p["ts"]), p["value"].as_f64().unwrap()))
        .collect();
    assert_eq!(points.len(), 500, "stored once each");
    let (first_ts, last_ts) = (points[0].0, points[points.len() - 1].0);
    let windows = [
        (first_ts + 17_300, last_ts - 23_100, 120, 120),
        (first_ts + 17_300, last_ts - 23_100, 600, 600),
        (first_ts - 1, last_ts + 1, 1_296, 1_320),
        (first_ts + 61_000, first_ts + 61_000 + 45_000, 60, 60),
        (first_ts + 17_300, last_ts - 23_100, 30, 30),
    ];
    for (from, to, asked, used) in windows {
        let reply = app.get(&url(from, to, &format!("&bucket_seconds={asked}")), &t.admin).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(reply.body["bucket_seconds"], used, "width {asked}");
        let got: Vec<(i64, i64, f64, f64, f64)> = reply.body["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                let f = |k: &str| b[k].as_f64().unwrap();
                (ms_of(&b["bucket_start"]), b["count"].as_i64().unwrap(), f("min"), f("max"), f("avg"))
            })
            .collect();
        let want = expected_buckets(&points, from, to, used * 1_000);
        assert!(!want.is_empty());
        assert_eq!(got.len(), want.len(), "width {asked}: {got:?}");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!((g.0, g.1, g.2, g.3), (w.0, w.1, w.2, w.3), "width {asked}");
            assert!((g.4 - w.4).abs() < 1e-9, "width {asked}: avg {} vs {}", g.4, w.4);
        }
    }
}

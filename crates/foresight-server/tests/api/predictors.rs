//! Tenants' own incident predictors: an upload that fits is stored inactive, activated for its scope and
//! used by the next risk cycle; a model or mapping that does not fit is a 422 naming the stable code and
//! stores nothing; another tenant's model is invisible.

use crate::helpers::{Reply, Tenant, TestApp};
use chrono::Utc;
use foresight_engine::{run_site, NoPredictor};
use foresight_store::zone_risk::ZoneRisk;
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

const BOUNDARY: &str = "foresight-test-boundary-7MA4YWxkTrZu0gW";
const SHIPPED_ONNX: &[u8] = include_bytes!("../../../../models/lstm/model.onnx");
const SHIPPED_MAPPING: &[u8] = include_bytes!("../../../../models/lstm/mapping.json");

/// A fixture of foresight-predict (made by its tests/fixtures/make_*fixtures.py).
pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../foresight-predict/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A multipart/form-data body (content type, bytes) from (part name, file name, bytes).
pub fn form(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file {
            Some(f) => body.extend_from_slice(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

/// The form of a complete upload.
pub fn upload_form(onnx: &[u8], mapping: &[u8], name: &str, site_id: Option<&str>) -> (String, Vec<u8>) {
    let mut parts: Vec<(&str, Option<&str>, &[u8])> =
        vec![("file", Some("model.onnx"), onnx), ("mapping", None, mapping), ("name", None, name.as_bytes())];
    if let Some(site) = site_id {
        parts.push(("site_id", None, site.as_bytes()));
    }
    form(&parts)
}

async fn send(app: &TestApp, token: &str, (content_type, body): (String, Vec<u8>), lang: Option<&str>) -> Reply {
    let mut req = app
        .http
        .post(app.url("/api/v1/predictor-models"))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body);
    if let Some(lang) = lang {
        req = req.header("accept-language", lang);
    }
    Reply::from(req.send().await.unwrap()).await
}

async fn upload(app: &TestApp, token: &str, onnx: &[u8], mapping: &[u8], site_id: Option<&str>) -> Reply {
    send(app, token, upload_form(onnx, mapping, "区域 LSTM", site_id), None).await
}

/// Uploads the shipped model for tenant `t`'s site and returns the new version's id.
pub async fn uploaded_model(app: &TestApp, t: &Tenant, site_id: &str) -> String {
    let reply = upload(app, &t.admin, SHIPPED_ONNX, SHIPPED_MAPPING, Some(site_id)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.body["predictor_model_id"].as_str().unwrap().to_string()
}

/// One hazard (LEC, assessed) in the first zone, so zones have something to grade.
async fn setup(app: &TestApp, slug: &str) -> (Tenant, String, Vec<String>) {
    let tenant = app.tenant(slug).await;
    let plant = tenant.populate(app).await;
    sqlx::query(
        "INSERT INTO hazard (tenant_id, hazard_id, zone_id, code, name, category, method, likelihood, exposure, consequence, score, grade) \
         VALUES ($1, $2, $3, 'HZ-1', 'ammonia leak', 'toxic', 'lec', 1, 6, 15, 90, 'yellow')",
    )
    .bind(tenant.tenant_id)
    .bind(Uuid::now_v7())
    .bind(Uuid::parse_str(&plant.zone_ids[0]).unwrap())
    .execute(&app.db.owner)
    .await
    .unwrap();
    (tenant, plant.site_id, plant.zone_ids)
}

/// One risk cycle of the site with no default predictor: any predicted likelihood comes from an upload.
async fn cycle(app: &TestApp, t: &Tenant, site_id: &str, seconds_ago: i64) -> Vec<ZoneRisk> {
    let at = Utc::now() - chrono::Duration::seconds(seconds_ago);
    let site = Uuid::parse_str(site_id).unwrap();
    let (_, outcome) =
        run_site(&app.db.app, t.tenant_id, site, at, &NoPredictor, None).await.unwrap().expect("not locked");
    assert_eq!(outcome.rows.len(), 2);
    outcome.rows
}

async fn stored_rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM predictor_model").fetch_one(&app.db.owner).await.unwrap()
}

#[tokio::test]
async fn an_uploaded_model_once_activated_gives_the_sites_likelihoods() {
    let app = TestApp::spawn().await;
    let (t, site_id, _) = setup(&app, "acme").await;

    let reply = upload(&app, &t.admin, SHIPPED_ONNX, SHIPPED_MAPPING, Some(&site_id)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let lstm = reply.body["predictor_model_id"].as_str().unwrap().to_string();
    assert_eq!(reply.body["version"], 1);
    assert_eq!(reply.body["active"], false);
    assert_eq!(reply.body["engine"], "native_lstm", "the shipped shape runs on the native kernel");
    assert_eq!(reply.body["size_bytes"], SHIPPED_ONNX.len());
    assert_eq!(reply.body["mapping"]["window"], 30);
    assert_eq!(reply.body["name"], "区域 LSTM");

    // Uploaded but not active: the cycle still runs on the default (here none: the prior).
    let before = cycle(&app, &t, &site_id, 300).await;
    assert!(before.iter().all(|r| r.inputs.get("predictor").is_none()), "{:?}", before[0].inputs);
    assert!(before.iter().all(|r| r.inputs["signals"]["likelihood_predicted"] == false));

    let active = app.post(&format!("/api/v1/predictor-models/{lstm}/activate"), &t.admin, json!({})).await;
    assert_eq!(active.status, StatusCode::OK, "{}", active.text);
    assert_eq!(active.body["active"], true);
    let after = cycle(&app, &t, &site_id, 240).await;
    for row in &after {
        assert_eq!(row.inputs["predictor"]["predictor_model_id"], lstm.as_str(), "{}", row.inputs);
        assert_eq!(row.inputs["predictor"]["loaded"], true);
        assert_eq!(row.inputs["signals"]["likelihood_predicted"], true, "{}", row.inputs);
    }

    // A tenant-wide model with a constant output: the site's own model still wins.
    let constant =
        upload(&app, &t.admin, &fixture("constant_0875.onnx"), &fixture("constant_0875.mapping.json"), None).await;
    assert_eq!(constant.status, StatusCode::CREATED, "{}", constant.text);
    assert_eq!(constant.body["site_id"], Value::Null);
    assert_eq!(constant.body["engine"], "tract");
    let constant_id = constant.body["predictor_model_id"].as_str().unwrap().to_string();
    let on = app.post(&format!("/api/v1/predictor-models/{constant_id}/activate"), &t.admin, json!({})).await;
    assert_eq!(on.status, StatusCode::OK, "{}", on.text);
    let both = cycle(&app, &t, &site_id, 180).await;
    assert!(both.iter().all(|r| r.inputs["predictor"]["predictor_model_id"] == lstm.as_str()));

    // Retiring the site's model falls back to the tenant-wide one: every zone at exactly its constant.
    let retired = app.post(&format!("/api/v1/predictor-models/{lstm}/retire"), &t.admin, json!({})).await;
    assert_eq!(retired.status, StatusCode::OK, "{}", retired.text);
    assert_eq!((retired.body["active"].clone(), retired.body["retired_at"].is_string()), (json!(false), true));
    let fallback = cycle(&app, &t, &site_id, 120).await;
    for row in &fallback {
        assert_eq!(row.inputs["predictor"]["predictor_model_id"], constant_id.as_str());
        assert_eq!(row.inputs["predictor"]["scope"], "tenant");
        assert_eq!(row.inputs["signals"]["incident_likelihood"], 0.875, "{}", row.inputs);
    }
    // A retired version never comes back.
    let again = app.post(&format!("/api/v1/predictor-models/{lstm}/activate"), &t.admin, json!({})).await;
    again.problem(StatusCode::CONFLICT);

    // The file downloads byte for byte; lists hide retired versions unless asked.
    let file = app.http.get(app.url(&format!("/api/v1/predictor-models/{lstm}/model.onnx"))).bearer_auth(&t.admin);
    let file = file.send().await.unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.bytes().await.unwrap().as_ref(), SHIPPED_ONNX);
    let listed = app.get(&format!("/api/v1/predictor-models?site_id={site_id}"), &t.admin).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    assert_eq!(listed.body["total"], 1, "{}", listed.body);
    let all = app.get("/api/v1/predictor-models?include_retired=true", &t.admin).await;
    assert_eq!(all.body["total"], 2, "{}", all.body);

    // Versions count per scope; activating a new one deactivates the old one in the same transaction.
    let v2 = upload(&app, &t.admin, SHIPPED_ONNX, SHIPPED_MAPPING, Some(&site_id)).await;
    assert_eq!(v2.body["version"], 2, "{}", v2.text);
    let v3 = upload(&app, &t.admin, SHIPPED_ONNX, SHIPPED_MAPPING, Some(&site_id)).await;
    for v in [&v2, &v3] {
        let id = v.body["predictor_model_id"].as_str().unwrap();
        let r = app.post(&format!("/api/v1/predictor-models/{id}/activate"), &t.admin, json!({})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    }
    let active_site: i64 =
        sqlx::query_scalar("SELECT count(*) FROM predictor_model WHERE active AND site_id IS NOT NULL")
            .fetch_one(&app.db.owner)
            .await
            .unwrap();
    assert_eq!(active_site, 1);
    let got = app
        .get(&format!("/api/v1/predictor-models/{}", v2.body["predictor_model_id"].as_str().unwrap()), &t.admin)
        .await;
    assert_eq!(got.body["active"], false, "{}", got.text);

    let audit = app.get("/api/v1/audit-events?per_page=200", &t.admin).await;
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .filter(|a| a.starts_with("predictor_model."))
        .collect();
    assert_eq!(actions.iter().filter(|a| **a == "predictor_model.upload").count(), 4, "{actions:?}");
    assert_eq!(actions.iter().filter(|a| **a == "predictor_model.activate").count(), 4, "{actions:?}");
    assert_eq!(actions.iter().filter(|a| **a == "predictor_model.retire").count(), 1, "{actions:?}");
}

/// The problem's error for a refused upload: (field, code, message).
fn refused(reply: &Reply) -> (String, String, String) {
    let fields = reply.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields.len(), 1, "{}", reply.text);
    let e = &reply.body["errors"][0];
    (fields[0].clone(), e["code"].as_str().unwrap().to_string(), e["message"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn models_and_mappings_that_do_not_fit_are_refused_with_their_code_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let (t, site_id, _) = setup(&app, "acme").await;
    let site = Some(site_id.as_str());

    let garbage = upload(&app, &t.admin, b"this is not a neural network", SHIPPED_MAPPING, site).await;
    assert_eq!(refused(&garbage).0, "file");
    assert_eq!(refused(&garbage).1, "not_onnx");
    let truncated = upload(&app, &t.admin, &SHIPPED_ONNX[..SHIPPED_ONNX.len() / 2], SHIPPED_MAPPING, site).await;
    assert_eq!(refused(&truncated).0, "file");

    // Wrong input size: the model's window is 10 steps, the mapping declares 30; both numbers are named.
    let wrong = upload(&app, &t.admin, &fixture("wrong_window.onnx"), SHIPPED_MAPPING, site).await;
    let (field, code, zh) = refused(&wrong);
    assert_eq!((field.as_str(), code.as_str()), ("file", "window_mismatch"));
    assert!(zh.contains("10") && zh.contains("30") && zh.contains("时间窗"), "{zh}");
    let en =
        send(&app, &t.admin, upload_form(&fixture("wrong_window.onnx"), SHIPPED_MAPPING, "x", site), Some("en")).await;
    let (_, _, en) = refused(&en);
    assert!(en.contains("window is 10 steps") && en.contains("declares 30"), "{en}");
    let features = upload(&app, &t.admin, &fixture("wrong_features.onnx"), SHIPPED_MAPPING, site).await;
    assert_eq!(refused(&features).1, "feature_count");
    let nan = upload(&app, &t.admin, &fixture("nan_output.onnx"), SHIPPED_MAPPING, site).await;
    assert_eq!(refused(&nan).1, "non_finite_output");
    let op = upload(&app, &t.admin, &fixture("unknown_op.onnx"), SHIPPED_MAPPING, site).await;
    assert_eq!(refused(&op).1, "unsupported_model");

    // A feature the engine does not compute, and a mapping that is not JSON.
    let mut mapping: Value = serde_json::from_slice(SHIPPED_MAPPING).unwrap();
    mapping["features"][3]["name"] = json!("moon_phase");
    let unknown = upload(&app, &t.admin, SHIPPED_ONNX, mapping.to_string().as_bytes(), site).await;
    let (field, code, message) = refused(&unknown);
    assert_eq!((field.as_str(), code.as_str()), ("mapping", "unknown_feature"));
    assert!(message.contains("moon_phase") && message.contains("gas_max_ratio"), "{message}");
    let bad_json = upload(&app, &t.admin, SHIPPED_ONNX, b"{\"window\": 30, \"features\": [", site).await;
    let (field, code, _) = refused(&bad_json);
    assert_eq!((field.as_str(), code.as_str()), ("mapping", "mapping_unparsable"));

    // The form itself: a missing part, not multipart at all, a body over the limit.
    let (ct, body) = form(&[("file", Some("m.onnx"), SHIPPED_ONNX), ("name", None, b"x")]);
    let missing = send(&app, &t.admin, (ct, body), None).await;
    assert_eq!(missing.problem(StatusCode::UNPROCESSABLE_ENTITY), vec!["mapping"]);
    let json_body = send(&app, &t.admin, ("application/json".into(), b"{}".to_vec()), None).await;
    json_body.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = vec![0u8; foresight_server::api::predictors::UPLOAD_BODY_LIMIT + 1];
    let too_big = send(&app, &t.admin, upload_form(&huge, SHIPPED_MAPPING, "x", site), None).await;
    too_big.problem(StatusCode::PAYLOAD_TOO_LARGE);
    let no_site = upload(&app, &t.admin, SHIPPED_ONNX, SHIPPED_MAPPING, Some(&Uuid::now_v7().to_string())).await;
    assert_eq!(refused(&no_site).0, "site_id");

    assert_eq!(stored_rows(&app).await, 0, "a refused upload stores nothing");
    let audit = app.get("/api/v1/audit-events?per_page=200", &t.admin).await;
    assert!(!audit.text.contains("predictor_model."), "nothing refused is audited");
}

#[tokio::test]
async fn another_tenant_cannot_list_download_activate_or_retire_a_model() {
    let app = TestApp::spawn().await;
    let (a, site_a, _) = setup(&app, "alpha").await;
    let (b, _, _) = setup(&app, "beta").await;
    let model = uploaded_model(&app, &a, &site_a).await;

    let listed = app.get("/api/v1/predictor-models?include_retired=true", &b.admin).await;
    assert_eq!((listed.status, listed.body["total"].as_i64()), (StatusCode::OK, Some(0)), "{}", listed.text);
    app.get(&format!("/api/v1/predictor-models/{model}"), &b.admin).await.problem(StatusCode::NOT_FOUND);
    app.get(&format!("/api/v1/predictor-models/{model}/model.onnx"), &b.admin).await.problem(StatusCode::NOT_FOUND);
    for action in ["activate", "retire"] {
        let r = app.post(&format!("/api/v1/predictor-models/{model}/{action}"), &b.admin, json!({})).await;
        r.problem(StatusCode::NOT_FOUND);
    }
    // B cannot scope an upload to A's site either.
    let foreign = upload(&app, &b.admin, SHIPPED_ONNX, SHIPPED_MAPPING, Some(&site_a)).await;
    assert_eq!(refused(&foreign).0, "site_id");
    let row: (bool, Option<chrono::DateTime<Utc>>) =
        sqlx::query_as("SELECT active, retired_at FROM predictor_model").fetch_one(&app.db.owner).await.unwrap();
    assert_eq!(row, (false, None), "A's model is untouched");

    // Within A: a viewer may list but neither upload nor download.
    let viewer = a.person(&app, "viewer", foresight_core::rbac::Role::Viewer, None).await;
    let seen = app.get("/api/v1/predictor-models", &viewer.token).await;
    assert_eq!(seen.body["total"], 1, "{}", seen.text);
    app.get(&format!("/api/v1/predictor-models/{model}/model.onnx"), &viewer.token)
        .await
        .problem(StatusCode::FORBIDDEN);
    upload(&app, &viewer.token, SHIPPED_ONNX, SHIPPED_MAPPING, None).await.problem(StatusCode::FORBIDDEN);
    assert_eq!(stored_rows(&app).await, 1);
}

//! Thing models, gateways, devices and dead letters: what a safety engineer registering plant equipment
//! relies on.

use crate::helpers::{Reply, TestApp};
use foresight_core::rbac::Role;
use foresight_server::credentials::{OpaqueToken, GATEWAY_PREFIX};
use reqwest::StatusCode;
use serde_json::{json, Value};

const PLAN: &str =
    r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 600"><rect width="800" height="600"/></svg>"#;

fn fixture(name: &str) -> Value {
    let path = format!("{}/../../fixtures/wot/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn id(reply: &Reply, key: &str) -> String {
    reply.body[key].as_str().unwrap_or_else(|| panic!("no {key} in {}", reply.text)).to_string()
}

/// POST with If-Match.
async fn post_if_match(app: &TestApp, path: &str, token: &str, version: &str, body: Value) -> Reply {
    let req = app.http.post(app.url(path)).bearer_auth(token).header("if-match", version).json(&body);
    Reply::from(req.send().await.unwrap()).await
}

async fn model_from_preset(app: &TestApp, token: &str, preset: &str) -> Reply {
    let created = app.post("/api/v1/thing-models", token, json!({"preset": preset})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    created
}

#[tokio::test]
async fn a_model_made_from_a_preset_is_revised_into_a_new_immutable_revision() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let presets = app.get("/api/v1/thing-models/presets", &t.admin).await;
    assert_eq!(presets.status, StatusCode::OK, "{}", presets.text);
    let h2s = presets.body.as_array().unwrap().iter().find(|p| p["identifier"] == "gas_detector_h2s").unwrap();
    assert!(h2s["definition"]["properties"].as_array().is_some_and(|p| !p.is_empty()));

    let created = model_from_preset(&app, &t.admin, "gas_detector_h2s").await;
    assert_eq!(created.body["source"], "preset");
    assert_eq!(created.body["revision"], 1);
    assert_eq!(created.headers["etag"], "\"1\"");
    assert_eq!(created.body["definition"], h2s["definition"]);
    let first = id(&created, "thing_model_id");

    // The same identifier again is taken: revise it instead.
    let again = model_from_preset(&app, &t.admin, "gas_detector_combustible").await;
    assert_eq!(again.body["revision"], 1);
    let twice = app.post("/api/v1/thing-models", &t.admin, json!({"preset": "gas_detector_h2s"})).await;
    assert_eq!(twice.problem(StatusCode::CONFLICT), vec!["definition.identifier"]);

    let mut definition = created.body["definition"].clone();
    definition["name"] = json!("硫化氢探测器（二期）");
    let path = format!("/api/v1/thing-models/{first}/revisions");
    let unguarded = app.post(&path, &t.admin, json!({"definition": definition})).await;
    unguarded.problem(StatusCode::PRECONDITION_REQUIRED);
    let revised = post_if_match(&app, &path, &t.admin, "\"1\"", json!({"definition": definition})).await;
    assert_eq!(revised.status, StatusCode::CREATED, "{}", revised.text);
    assert_eq!((revised.body["revision"].as_i64(), revised.body["definition"]["version"].as_i64()), (Some(2), Some(2)));
    assert_eq!(revised.body["name"], "硫化氢探测器（二期）");
    assert_ne!(id(&revised, "thing_model_id"), first, "a revision is a new row");
    // Revision 1 is unchanged, and knows it is superseded.
    let old = app.get(&format!("/api/v1/thing-models/{first}"), &t.admin).await;
    assert_eq!((old.body["name"].as_str(), old.body["superseded"].as_bool()), (Some("硫化氢探测器"), Some(true)));

    // A change based on revision 1 after revision 2 exists is stale.
    let stale = post_if_match(&app, &path, &t.admin, "\"1\"", json!({"definition": definition})).await;
    stale.problem(StatusCode::PRECONDITION_FAILED);
    assert_eq!(stale.body["current_version"], 2);
    let mut renamed = definition.clone();
    renamed["identifier"] = json!("other_detector");
    let moved = post_if_match(&app, &path, &t.admin, "\"2\"", json!({"definition": renamed})).await;
    assert_eq!(moved.problem(StatusCode::UNPROCESSABLE_ENTITY), vec!["definition.identifier"]);

    let latest = app.get("/api/v1/thing-models?sort=identifier", &t.admin).await;
    let rows: Vec<(String, i64)> = latest.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["identifier"].as_str().unwrap().to_string(), m["revision"].as_i64().unwrap()))
        .collect();
    assert_eq!(rows, [("gas_detector_combustible".to_string(), 1), ("gas_detector_h2s".to_string(), 2)]);
    assert!(latest.body["items"][0].get("definition").is_none(), "lists are summaries");
    let all = app.get("/api/v1/thing-models?all_revisions=true&identifier=gas_detector_h2s", &t.admin).await;
    assert_eq!(all.body["total"], 2);
    let by_category = app.get("/api/v1/thing-models?category=power", &t.admin).await;
    assert_eq!(by_category.body["total"], 0);
    let bad_category = app.get("/api/v1/thing-models?category=spaceship", &t.admin).await;
    assert_eq!(bad_category.problem(StatusCode::BAD_REQUEST), vec!["category"]);
}

#[tokio::test]
async fn a_model_exported_as_tsl_imports_back_unchanged_through_the_api() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let created = model_from_preset(&app, &t.admin, "multi_gas_detector").await;
    let model_id = id(&created, "thing_model_id");
    let exported = app.get(&format!("/api/v1/thing-models/{model_id}/export?format=tsl"), &t.admin).await;
    assert_eq!(exported.status, StatusCode::OK, "{}", exported.text);
    assert!(exported.headers["content-disposition"].to_str().unwrap().contains("multi_gas_detector-r1.tsl.json"));
    assert_eq!(exported.body["profile"]["productKey"], "multi_gas_detector");
    assert!(exported.body["properties"][0]["dataType"]["specs"]["max"].is_string(), "TSL writes numbers as strings");

    // Another tenant (or this one, under a new identifier) imports the file.
    let mut document = exported.body.clone();
    document["profile"]["productKey"] = json!("multi_gas_copy");
    let imported =
        app.post("/api/v1/thing-models/import", &t.admin, json!({"format": "tsl", "document": document})).await;
    assert_eq!(imported.status, StatusCode::CREATED, "{}", imported.text);
    assert_eq!(imported.body["thing_model"]["source"], "tsl");
    assert_eq!(imported.body["warnings"], json!([]));
    let mut expected = created.body["definition"].clone();
    expected["identifier"] = json!("multi_gas_copy");
    assert_eq!(imported.body["thing_model"]["definition"], expected);

    let own = app.get(&format!("/api/v1/thing-models/{model_id}/export"), &t.admin).await;
    assert_eq!(own.body, created.body["definition"], "the platform format is the definition");
    let mut copy = own.body.clone();
    copy["identifier"] = json!("multi_gas_own");
    let reimported =
        app.post("/api/v1/thing-models/import", &t.admin, json!({"format": "foresight", "document": copy})).await;
    assert_eq!(reimported.status, StatusCode::CREATED, "{}", reimported.text);

    // The same file again: the identifier exists now.
    let twice = app.post("/api/v1/thing-models/import", &t.admin, json!({"format": "tsl", "document": document})).await;
    assert_eq!(twice.problem(StatusCode::CONFLICT), vec!["definition.identifier"]);
    // A broken document names its own paths.
    let broken = app
        .post(
            "/api/v1/thing-models/import",
            &t.admin,
            json!({"format": "tsl", "document": {"profile": {"productKey": "x1"}, "properties": [
                {"identifier": "Pos", "name": "位置", "accessMode": "r", "dataType": {"type": "struct", "specs": []}}]}}),
        )
        .await;
    assert_eq!(broken.problem(StatusCode::UNPROCESSABLE_ENTITY), vec!["document.properties[0].dataType.type"]);
    assert_eq!(broken.body["errors"][0]["code"], "unsupported_type");
}

#[tokio::test]
async fn a_wot_thing_description_from_the_plugfest_imports_with_its_warnings() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let smoke = app
        .post(
            "/api/v1/thing-models/import",
            &t.admin,
            json!({"format": "wot", "document": fixture("smoke-detector.td.json")}),
        )
        .await;
    assert_eq!(smoke.status, StatusCode::CREATED, "{}", smoke.text);
    let model = &smoke.body["thing_model"];
    assert_eq!((model["source"].as_str(), model["category"].as_str()), (Some("wot"), Some("fire_detection")));
    let smoke_property = &model["definition"]["properties"][0];
    assert_eq!(smoke_property["identifier"], "smoke");
    assert_eq!(smoke_property["data_type"]["type"], "bool");
    assert_eq!(smoke_property["access"], "read");
    assert!(smoke.body["warnings"].is_array());

    // Numbers with only a minimum are imported, with a warning per open side, in the caller's language.
    let air = app
        .post(
            "/api/v1/thing-models/import",
            &t.admin,
            json!({"format": "wot", "document": fixture("air-quality-sensor.td.json")}),
        )
        .await;
    assert_eq!(air.status, StatusCode::CREATED, "{}", air.text);
    let warnings = air.body["warnings"].as_array().unwrap();
    let unbounded = warnings.iter().find(|w| w["code"] == "unbounded_range").expect("an unbounded_range warning");
    assert!(unbounded["path"].as_str().unwrap().starts_with("properties."));
    assert!(unbounded["message"].as_str().unwrap().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));

    let not_a_td =
        app.post("/api/v1/thing-models/import", &t.admin, json!({"format": "wot", "document": {"id": "x"}})).await;
    assert_eq!(not_a_td.problem(StatusCode::UNPROCESSABLE_ENTITY), vec!["document.title"]);
}

#[tokio::test]
async fn an_invalid_model_is_a_422_naming_every_problem_under_definition() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let definition = json!({
        "identifier": "tank_gauge", "name": "液位计", "name_en": "Tank gauge", "category": "process_instrument",
        "properties": [
            {"identifier": "2level", "name": "液位", "name_en": "Level",
             "data_type": {"type": "float", "min": 10.0, "max": 5.0, "unit": "m"}},
            {"identifier": "mode", "name": "", "name_en": "Mode", "data_type": {"type": "enum", "values": []}}
        ]
    });
    let reply = app.post("/api/v1/thing-models", &t.admin, json!({"definition": definition})).await;
    let mut fields = reply.problem(StatusCode::UNPROCESSABLE_ENTITY);
    fields.sort();
    assert_eq!(
        fields,
        [
            "definition.properties[0].data_type.max",
            "definition.properties[0].identifier",
            "definition.properties[1].data_type.values",
            "definition.properties[1].name",
        ]
    );
    let errors = reply.body["errors"].as_array().unwrap();
    let max = errors.iter().find(|e| e["field"] == "definition.properties[0].data_type.max").unwrap();
    assert_eq!(max["code"], "min_not_below_max");
    assert_eq!(max["message"], "最小值 10 须小于最大值 5。");

    let english = app
        .http
        .post(app.url("/api/v1/thing-models"))
        .bearer_auth(&t.admin)
        .header("accept-language", "en")
        .json(&json!({"definition": definition}))
        .send()
        .await
        .unwrap();
    let english = Reply::from(english).await;
    let identifier = english.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == "definition.properties[0].identifier")
        .unwrap()
        .clone();
    assert_eq!(identifier["code"], "invalid_identifier");
    assert!(identifier["message"].as_str().unwrap().starts_with("The identifier \"2level\" is invalid"));

    // A wrong type deep inside names its path too (down to the tagged data type, which serde reads whole).
    let typed = app
        .post(
            "/api/v1/thing-models",
            &t.admin,
            json!({"definition": {"identifier": "x", "name": "x", "name_en": "x", "category": "other",
                                  "properties": [{"identifier": "p", "name": "p", "name_en": "p", "data_type": {"type": "float", "min": "low"}}]}}),
        )
        .await;
    assert_eq!(typed.problem(StatusCode::UNPROCESSABLE_ENTITY), vec!["definition.properties[0].data_type"]);
    let neither = app.post("/api/v1/thing-models", &t.admin, json!({})).await;
    assert_eq!(neither.problem(StatusCode::UNPROCESSABLE_ENTITY), vec!["definition"]);
    let unknown = app.post("/api/v1/thing-models", &t.admin, json!({"preset": "warp_core"})).await;
    assert_eq!(unknown.problem(StatusCode::UNPROCESSABLE_ENTITY), vec!["preset"]);
}

#[tokio::test]
async fn a_gateway_secret_is_shown_once_and_rotation_retires_the_old_one() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let plant = t.populate(&app).await;
    let created = app
        .post("/api/v1/gateways", &t.admin, json!({"site_id": plant.site_id, "code": "GW-01", "name": "一号网关"}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let token = created.body["token"].as_str().unwrap().to_string();
    assert!(token.starts_with("fgw_"), "{token}");
    let gateway = &created.body["gateway"];
    let gateway_id = gateway["gateway_id"].as_str().unwrap().to_string();
    assert_eq!((gateway["clock_offset_ms"].as_i64(), gateway["last_seen_at"].is_null()), (Some(0), true));
    assert!(gateway.get("secret_hash").is_none());

    let shown = app.get(&format!("/api/v1/gateways/{gateway_id}"), &t.admin).await;
    let listed = app.get("/api/v1/gateways", &t.admin).await;
    for reply in [&shown, &listed] {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        let secret = token.rsplit('_').next().unwrap();
        assert!(!reply.text.contains("secret") && !reply.text.contains("token") && !reply.text.contains(secret));
    }

    // The ingest side authenticates with what is stored.
    let stored = |app: &TestApp, gateway_id: &str| {
        let pool = app.db.ingest.clone();
        let gateway_id = uuid::Uuid::parse_str(gateway_id).unwrap();
        async move {
            let mut conn = pool.acquire().await.unwrap();
            foresight_store::gateways::credentials(&mut conn, gateway_id).await.unwrap().unwrap()
        }
    };
    let first = stored(&app, &gateway_id).await;
    assert_eq!(
        (first.tenant_id, first.site_id.to_string(), first.code.as_str()),
        (t.tenant_id, plant.site_id.clone(), "GW-01")
    );
    let parsed = OpaqueToken::parse(GATEWAY_PREFIX, &token).unwrap();
    assert_eq!((parsed.tenant_id, parsed.id.to_string()), (t.tenant_id, gateway_id.clone()));
    assert!(parsed.matches(&first.secret_hash));

    let rotated = app.post(&format!("/api/v1/gateways/{gateway_id}/rotate-secret"), &t.admin, json!({})).await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.text);
    let new_token = rotated.body["token"].as_str().unwrap();
    assert_ne!(new_token, token);
    assert_eq!(rotated.body["gateway"]["version"], 2);
    let second = stored(&app, &gateway_id).await;
    assert!(!parsed.matches(&second.secret_hash), "the old secret stops working");
    assert!(OpaqueToken::parse(GATEWAY_PREFIX, new_token).unwrap().matches(&second.secret_hash));

    let renamed = app.patch(&format!("/api/v1/gateways/{gateway_id}"), &t.admin, 2, json!({"name": "主网关"})).await;
    assert_eq!((renamed.status, renamed.body["name"].as_str()), (StatusCode::OK, Some("主网关")));
    let stale = app.patch(&format!("/api/v1/gateways/{gateway_id}"), &t.admin, 2, json!({"name": "x"})).await;
    stale.problem(StatusCode::PRECONDITION_FAILED);
    let duplicate = app
        .post("/api/v1/gateways", &t.admin, json!({"site_id": plant.site_id, "code": "GW-01", "name": "重复"}))
        .await;
    assert_eq!(duplicate.problem(StatusCode::CONFLICT), vec!["code"]);
    let nowhere = app
        .post("/api/v1/gateways", &t.admin, json!({"site_id": uuid::Uuid::new_v4(), "code": "GW 2", "name": ""}))
        .await;
    let mut fields = nowhere.problem(StatusCode::UNPROCESSABLE_ENTITY);
    fields.sort();
    assert_eq!(fields, ["code", "name", "site_id"]);

    let events = app.get("/api/v1/audit-events?per_page=200", &t.admin).await;
    assert!(events.text.contains("gateway.rotate_secret"));
    assert!(!events.text.contains(new_token), "the audit trail never holds a secret");
}

/// A second site with its own zone and gateway, for references that must not cross sites.
async fn other_site(app: &TestApp, token: &str) -> (String, String, String) {
    let site = app.post("/api/v1/sites", token, json!({"code": "S2", "name": "二厂"})).await;
    let site_id = id(&site, "site_id");
    let zone = app
        .post(
            "/api/v1/zones",
            token,
            json!({"site_id": site_id, "code": "Z9", "name": "二厂罐区", "kind": "tank_farm",
                   "polygon": [[0, 0], [50, 0], [50, 50]]}),
        )
        .await;
    let gateway =
        app.post("/api/v1/gateways", token, json!({"site_id": site_id, "code": "GW-S2", "name": "二厂网关"})).await;
    (site_id, id(&zone, "zone_id"), gateway.body["gateway"]["gateway_id"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn device_registration_checks_references_sites_and_the_position_on_the_plan() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let plant = t.populate(&app).await;
    let plan = app
        .http
        .put(app.url(&format!("/api/v1/sites/{}/plan", plant.site_id)))
        .bearer_auth(&t.admin)
        .header("content-type", "image/svg+xml")
        .body(PLAN)
        .send()
        .await
        .unwrap();
    assert_eq!(plan.status(), StatusCode::OK);
    let model = model_from_preset(&app, &t.admin, "gas_detector_h2s").await;
    let model_id = id(&model, "thing_model_id");
    let gateway =
        app.post("/api/v1/gateways", &t.admin, json!({"site_id": plant.site_id, "code": "GW1", "name": "网关"})).await;
    let gateway_id = gateway.body["gateway"]["gateway_id"].as_str().unwrap().to_string();
    let (_, far_zone, far_gateway) = other_site(&app, &t.admin).await;

    let wrong = app
        .post(
            "/api/v1/devices",
            &t.admin,
            json!({"site_id": plant.site_id, "zone_id": far_zone, "gateway_id": far_gateway,
                   "thing_model_id": uuid::Uuid::new_v4(), "code": "H2S-01", "name": "硫化氢 1", "position_x": 10.0}),
        )
        .await;
    let mut fields = wrong.problem(StatusCode::UNPROCESSABLE_ENTITY);
    fields.sort();
    assert_eq!(fields, ["gateway_id", "position_y", "thing_model_id", "zone_id"]);
    let codes: Vec<&str> = wrong.body["errors"].as_array().unwrap().iter().filter_map(|e| e["code"].as_str()).collect();
    assert!(codes.contains(&"other_site") && codes.contains(&"not_found"), "{codes:?}");

    let outside = app
        .post(
            "/api/v1/devices",
            &t.admin,
            json!({"site_id": plant.site_id, "thing_model_id": model_id, "code": "H2S-01", "name": "硫化氢 1",
                   "position_x": 900.0, "position_y": 10.0}),
        )
        .await;
    assert_eq!(outside.problem(StatusCode::UNPROCESSABLE_ENTITY), vec!["position_x"]);
    let missing_site = app
        .post(
            "/api/v1/devices",
            &t.admin,
            json!({"site_id": uuid::Uuid::new_v4(), "thing_model_id": model_id, "code": "X", "name": "x"}),
        )
        .await;
    assert_eq!(missing_site.problem(StatusCode::UNPROCESSABLE_ENTITY), vec!["site_id"]);

    let created = app
        .post(
            "/api/v1/devices",
            &t.admin,
            json!({"site_id": plant.site_id, "zone_id": plant.zone_ids[0], "gateway_id": gateway_id,
                   "thing_model_id": model_id, "code": "H2S-01", "name": "硫化氢 1", "position_x": 250.0, "position_y": 60.0}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.body["status"], "active");
    assert_eq!(created.body["thing_model_identifier"], "gas_detector_h2s");
    let device_id = id(&created, "device_id");
    let duplicate = app
        .post(
            "/api/v1/devices",
            &t.admin,
            json!({"site_id": plant.site_id, "thing_model_id": model_id, "code": "H2S-01", "name": "x"}),
        )
        .await;
    assert_eq!(duplicate.problem(StatusCode::CONFLICT), vec!["code"]);

    // Clearing the zone and the position, and a status change; other fields stay.
    let path = format!("/api/v1/devices/{device_id}");
    let moved = app
        .patch(
            &path,
            &t.admin,
            1,
            json!({"zone_id": null, "position_x": null, "position_y": null, "status": "maintenance"}),
        )
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert_eq!(
        (moved.body["zone_id"].is_null(), moved.body["position_x"].is_null(), moved.body["status"].as_str()),
        (true, true, Some("maintenance"))
    );
    assert_eq!(moved.body["gateway_id"], json!(gateway_id));
    let half = app.patch(&path, &t.admin, 2, json!({"position_x": 5.0})).await;
    assert_eq!(half.problem(StatusCode::UNPROCESSABLE_ENTITY), vec!["position_y"]);
    let far = app.patch(&path, &t.admin, 2, json!({"gateway_id": far_gateway})).await;
    assert_eq!(far.problem(StatusCode::UNPROCESSABLE_ENTITY), vec!["gateway_id"]);
    let filtered = app.get(&format!("/api/v1/devices?status=maintenance&gateway_id={gateway_id}"), &t.admin).await;
    assert_eq!(filtered.body["total"], 1);

    // What devices use cannot be deleted while they do.
    let in_use = app.delete(&format!("/api/v1/thing-models/{model_id}"), &t.admin, None).await;
    in_use.problem(StatusCode::CONFLICT);
    let gw = app.delete(&format!("/api/v1/gateways/{gateway_id}"), &t.admin, Some(1)).await;
    gw.problem(StatusCode::CONFLICT);
    let site = app.delete(&format!("/api/v1/sites/{}", plant.site_id), &t.admin, Some(2)).await;
    site.problem(StatusCode::CONFLICT);

    let gone = app.delete(&path, &t.admin, Some(2)).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.text);
    let model_gone = app.delete(&format!("/api/v1/thing-models/{model_id}"), &t.admin, None).await;
    assert_eq!(model_gone.status, StatusCode::NO_CONTENT, "{}", model_gone.text);
    assert_eq!(app.get(&path, &t.admin).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_zone_scoped_engineer_sees_only_devices_in_his_zone_and_plant_wide_ones() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let plant = t.populate(&app).await;
    let model = model_from_preset(&app, &t.admin, "gas_detector_h2s").await;
    let model_id = id(&model, "thing_model_id");
    let mut ids = Vec::new();
    for (code, zone) in [("IN-Z1", Some(&plant.zone_ids[0])), ("IN-Z2", Some(&plant.zone_ids[1])), ("PLANT", None)] {
        let d = app
            .post(
                "/api/v1/devices",
                &t.admin,
                json!({"site_id": plant.site_id, "zone_id": zone, "thing_model_id": model_id, "code": code, "name": code}),
            )
            .await;
        assert_eq!(d.status, StatusCode::CREATED, "{}", d.text);
        ids.push(id(&d, "device_id"));
    }
    let engineer = t.person(&app, "wang", Role::WorkshopEngineer, Some(&plant.zone_ids[0])).await;
    let listed = app.get("/api/v1/devices?sort=code", &engineer.token).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    let codes: Vec<&str> =
        listed.body["items"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["IN-Z1", "PLANT"]);
    assert_eq!(listed.body["total"], 2);
    let hidden = app.get(&format!("/api/v1/devices/{}", ids[1]), &engineer.token).await;
    hidden.problem(StatusCode::NOT_FOUND);
    let by_zone = app.get(&format!("/api/v1/devices?zone_id={}", plant.zone_ids[1]), &engineer.token).await;
    assert_eq!(by_zone.body["total"], 0);
    assert_eq!(app.get(&format!("/api/v1/devices/{}", ids[0]), &engineer.token).await.status, StatusCode::OK);
    // Reading is all an engineer may do.
    let write = app.patch(&format!("/api/v1/devices/{}", ids[0]), &engineer.token, 1, json!({"name": "x"})).await;
    write.problem(StatusCode::FORBIDDEN);
    let everyone = app.get("/api/v1/devices", &t.admin).await;
    assert_eq!(everyone.body["total"], 3);
}

#[tokio::test]
async fn another_tenants_models_gateways_and_devices_answer_404_and_cannot_be_referenced() {
    let app = TestApp::spawn().await;
    let a = app.tenant("alpha").await;
    let b = app.tenant("beta").await;
    let plant_a = a.populate(&app).await;
    let plant_b = b.populate(&app).await;
    let model_b = id(&model_from_preset(&app, &b.admin, "gas_detector_h2s").await, "thing_model_id");
    let gateway_b =
        app.post("/api/v1/gateways", &b.admin, json!({"site_id": plant_b.site_id, "code": "GW", "name": "乙"})).await;
    let gateway_b = gateway_b.body["gateway"]["gateway_id"].as_str().unwrap().to_string();
    let device_b = app
        .post(
            "/api/v1/devices",
            &b.admin,
            json!({"site_id": plant_b.site_id, "thing_model_id": model_b, "gateway_id": gateway_b, "code": "D1", "name": "乙"}),
        )
        .await;
    let device_b = id(&device_b, "device_id");

    for path in [
        format!("/api/v1/thing-models/{model_b}"),
        format!("/api/v1/thing-models/{model_b}/export?format=tsl"),
        format!("/api/v1/gateways/{gateway_b}"),
        format!("/api/v1/devices/{device_b}"),
    ] {
        app.get(&path, &a.admin).await.problem(StatusCode::NOT_FOUND);
    }
    app.patch(&format!("/api/v1/devices/{device_b}"), &a.admin, 1, json!({"name": "x"}))
        .await
        .problem(StatusCode::NOT_FOUND);
    app.patch(&format!("/api/v1/gateways/{gateway_b}"), &a.admin, 1, json!({"name": "x"}))
        .await
        .problem(StatusCode::NOT_FOUND);
    app.post(&format!("/api/v1/gateways/{gateway_b}/rotate-secret"), &a.admin, json!({}))
        .await
        .problem(StatusCode::NOT_FOUND);
    app.delete(&format!("/api/v1/devices/{device_b}"), &a.admin, Some(1)).await.problem(StatusCode::NOT_FOUND);
    app.delete(&format!("/api/v1/thing-models/{model_b}"), &a.admin, None).await.problem(StatusCode::NOT_FOUND);
    post_if_match(
        &app,
        &format!("/api/v1/thing-models/{model_b}/revisions"),
        &a.admin,
        "\"1\"",
        json!({"definition": {}}),
    )
    .await
    .problem(StatusCode::NOT_FOUND);

    let model_a = id(&model_from_preset(&app, &a.admin, "gas_detector_h2s").await, "thing_model_id");
    let borrowed = app
        .post(
            "/api/v1/devices",
            &a.admin,
            json!({"site_id": plant_a.site_id, "thing_model_id": model_b, "gateway_id": gateway_b,
                   "zone_id": plant_b.zone_ids[0], "code": "D1", "name": "甲"}),
        )
        .await;
    let mut fields = borrowed.problem(StatusCode::UNPROCESSABLE_ENTITY);
    fields.sort();
    assert_eq!(fields, ["gateway_id", "thing_model_id", "zone_id"]);
    assert!(borrowed.body["errors"].as_array().unwrap().iter().all(|e| e["code"] == "not_found"));
    // Codes are per tenant: B's D1 does not block A's.
    let own = app
        .post(
            "/api/v1/devices",
            &a.admin,
            json!({"site_id": plant_a.site_id, "thing_model_id": model_a, "code": "D1", "name": "甲"}),
        )
        .await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.text);
    for path in ["/api/v1/thing-models", "/api/v1/gateways", "/api/v1/devices"] {
        let listed = app.get(path, &a.admin).await;
        assert!(
            !listed.text.contains(&model_b) && !listed.text.contains(&gateway_b) && !listed.text.contains(&device_b)
        );
    }
}

#[tokio::test]
async fn dead_letters_are_listed_newest_first_and_counted_per_gateway_and_reason() {
    let app = TestApp::spawn().await;
    let a = app.tenant("alpha").await;
    let b = app.tenant("beta").await;
    let plant = a.populate(&app).await;
    let gateway =
        app.post("/api/v1/gateways", &a.admin, json!({"site_id": plant.site_id, "code": "GW", "name": "网关"})).await;
    let gateway_id = uuid::Uuid::parse_str(gateway.body["gateway"]["gateway_id"].as_str().unwrap()).unwrap();
    // The ingest writer records refusals; here they are written directly.
    let rows: [(uuid::Uuid, Option<uuid::Uuid>, &str, i32); 5] = [
        (a.tenant_id, Some(gateway_id), "out_of_range", 30),
        (a.tenant_id, Some(gateway_id), "out_of_range", 20),
        (a.tenant_id, Some(gateway_id), "unknown_device", 10),
        (a.tenant_id, None, "bad_json", 60 * 48),
        (b.tenant_id, None, "bad_json", 5),
    ];
    for (tenant, gateway, reason, minutes_ago) in rows {
        sqlx::query(
            "INSERT INTO dead_letter (tenant_id, dead_letter_id, gateway_id, received_at, reason, detail, device_code, payload) \
             VALUES ($1, $2, $3, now() - make_interval(mins => $4), $5, 'detail', 'H2S-01', '{\"v\": 1}')",
        )
        .bind(tenant)
        .bind(uuid::Uuid::now_v7())
        .bind(gateway)
        .bind(minutes_ago)
        .bind(reason)
        .execute(&app.db.ingest)
        .await
        .unwrap();
    }
    let listed = app.get("/api/v1/dead-letters", &a.admin).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    let reasons: Vec<&str> =
        listed.body["items"].as_array().unwrap().iter().map(|d| d["reason"].as_str().unwrap()).collect();
    assert_eq!(reasons, ["unknown_device", "out_of_range", "out_of_range", "bad_json"]);
    assert_eq!(listed.body["items"][0]["payload"], json!({"v": 1}));
    let filtered =
        app.get(&format!("/api/v1/dead-letters?reason=out_of_range&gateway_id={gateway_id}"), &a.admin).await;
    assert_eq!(filtered.body["total"], 2);
    let since = (chrono::Utc::now() - chrono::Duration::minutes(25)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let recent = app.get(&format!("/api/v1/dead-letters?from={since}"), &a.admin).await;
    assert_eq!(recent.body["total"], 2, "{}", recent.text);
    let unknown = app.get("/api/v1/dead-letters?reason=gremlins", &a.admin).await;
    assert_eq!(unknown.problem(StatusCode::BAD_REQUEST), vec!["reason"]);
    let backwards = app.get(&format!("/api/v1/dead-letters?from={since}&to=2000-01-01T00:00:00Z"), &a.admin).await;
    assert_eq!(backwards.problem(StatusCode::BAD_REQUEST), vec!["from"]);

    let summary = app.get("/api/v1/dead-letters/summary", &a.admin).await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.text);
    let counts: Vec<(Option<&str>, &str, i64)> = summary.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["gateway_code"].as_str(), c["reason"].as_str().unwrap(), c["count"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        counts,
        [(Some("GW"), "out_of_range", 2), (Some("GW"), "unknown_device", 1)],
        "the last 24 hours by default"
    );
    assert_eq!(summary.body["total"], 3);
    let week = app.get("/api/v1/dead-letters/summary?since=2000-01-01T00:00:00Z", &a.admin).await;
    assert_eq!(week.body["total"], 4, "B's refusals are B's");

    let viewer = a.person(&app, "viewer", Role::Viewer, None).await;
    app.get("/api/v1/dead-letters", &viewer.token).await.problem(StatusCode::FORBIDDEN);
}

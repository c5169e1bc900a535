//! Sites, site plans, zones, people and roles: the behaviour a safety manager relies on.

use crate::helpers::{TestApp, PASSWORD};
use foresight_core::rbac::Role;
use reqwest::StatusCode;
use serde_json::json;

const PLAN: &str =
    r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 600"><rect width="800" height="600"/></svg>"#;

#[tokio::test]
async fn a_site_plan_upload_sets_the_coordinate_space_that_bounds_zones() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let plant = t.populate(&app).await;
    let plan_url = app.url(&format!("/api/v1/sites/{}/plan", plant.site_id));
    let put = app
        .http
        .put(&plan_url)
        .bearer_auth(&t.admin)
        .header("content-type", "image/svg+xml")
        .body(PLAN)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::OK);
    let site: serde_json::Value = put.json().await.unwrap();
    assert_eq!((site["plan_width"].as_i64(), site["plan_height"].as_i64()), (Some(800), Some(600)));
    let got = app.http.get(&plan_url).bearer_auth(&t.admin).send().await.unwrap();
    assert_eq!(got.headers().get("content-type").unwrap(), "image/svg+xml");
    assert!(got.headers().get("content-security-policy").unwrap().to_str().unwrap().contains("sandbox"));
    assert_eq!(got.text().await.unwrap(), PLAN);

    let scaled = app
        .patch(
            &format!("/api/v1/sites/{}", plant.site_id),
            &t.admin,
            site["version"].as_i64().unwrap(),
            json!({"plan_scale_m_per_px": 0.5}),
        )
        .await;
    assert_eq!(scaled.status, StatusCode::OK, "{}", scaled.text);
    let zone = app
        .post(
            "/api/v1/zones",
            &t.admin,
            json!({"site_id": plant.site_id, "code": "T1", "name": "罐区", "kind": "tank_farm",
               "polygon": [[0, 0], [100, 0], [100, 50], [0, 50]]}),
        )
        .await;
    assert_eq!(zone.status, StatusCode::CREATED, "{}", zone.text);
    assert_eq!(zone.body["area_m2"], 1250.0, "5000 px² at 0.5 m/px");
    let outside = app
        .post(
            "/api/v1/zones",
            &t.admin,
            json!({"site_id": plant.site_id, "code": "T2", "name": "x", "kind": "tank_farm",
               "polygon": [[0, 0], [900, 0], [900, 50]]}),
        )
        .await;
    assert_eq!(outside.problem(StatusCode::UNPROCESSABLE_ENTITY), vec!["polygon"]);
    assert_eq!(outside.body["errors"][0]["code"], "outside_plan");
}

#[tokio::test]
async fn zone_lists_page_filter_and_sort() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let plant = t.populate(&app).await;
    for (i, kind) in ["substation", "warehouse", "substation"].iter().enumerate() {
        let x = 600.0 + 60.0 * i as f64;
        let r = app
            .post(
                "/api/v1/zones",
                &t.admin,
                json!({"site_id": plant.site_id, "code": format!("K{i}"), "name": format!("kind {i}"), "kind": kind,
                   "polygon": [[x, 0.0], [x + 50.0, 0.0], [x + 50.0, 50.0]]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    }
    let page1 = app.get("/api/v1/zones?per_page=2&sort=code", &t.admin).await;
    assert_eq!(page1.body["total"], 5);
    let codes: Vec<&str> =
        page1.body["items"].as_array().unwrap().iter().map(|z| z["code"].as_str().unwrap()).collect();
    assert_eq!(codes, vec!["K0", "K1"]);
    let page3 = app.get("/api/v1/zones?per_page=2&page=3&sort=code", &t.admin).await;
    assert_eq!(page3.body["items"][0]["code"], "Z2");
    let desc = app.get("/api/v1/zones?sort=-code&per_page=1", &t.admin).await;
    assert_eq!(desc.body["items"][0]["code"], "Z2");
    let substations = app.get("/api/v1/zones?kind=substation", &t.admin).await;
    assert_eq!(substations.body["total"], 2);
    let search = app.get("/api/v1/zones?q=KIND%201", &t.admin).await;
    assert_eq!(search.body["total"], 1, "{}", search.text);
    let wildcard = app.get("/api/v1/zones?q=%25", &t.admin).await;
    assert_eq!(wildcard.body["total"], 0, "a % is searched literally");
}

#[tokio::test]
async fn duplicate_codes_and_deleting_a_site_with_zones_are_conflicts() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let plant = t.populate(&app).await;
    let dup = app.post("/api/v1/sites", &t.admin, json!({"code": "S1", "name": "again"})).await;
    assert_eq!(dup.problem(StatusCode::CONFLICT), vec!["code"]);
    let site = app.get(&format!("/api/v1/sites/{}", plant.site_id), &t.admin).await;
    let blocked =
        app.delete(&format!("/api/v1/sites/{}", plant.site_id), &t.admin, site.body["version"].as_i64()).await;
    blocked.problem(StatusCode::CONFLICT);
    for zone in &plant.zone_ids {
        assert_eq!(
            app.delete(&format!("/api/v1/zones/{zone}"), &t.admin, Some(1)).await.status,
            StatusCode::NO_CONTENT
        );
    }
    let deleted =
        app.delete(&format!("/api/v1/sites/{}", plant.site_id), &t.admin, site.body["version"].as_i64()).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    app.get(&format!("/api/v1/sites/{}", plant.site_id), &t.admin).await.problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn role_grants_are_validated_against_the_role_and_the_zone() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let plant = t.populate(&app).await;
    let reply = app
        .post("/api/v1/users", &t.admin, json!({"username": "wang", "display_name": "王工", "password": PASSWORD,
               "roles": [{"role": "workshop_engineer"}, {"role": "tenant_admin", "zone_id": plant.zone_ids[0]},
                         {"role": "platform_admin"}, {"role": "janitor"}, {"role": "viewer", "zone_id": uuid::Uuid::now_v7()}]}))
        .await;
    let fields = reply.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields,
        vec!["roles[0].zone_id", "roles[1].zone_id", "roles[2].role", "roles[3].role", "roles[4].zone_id"]
    );
    assert_eq!(app.get("/api/v1/users?q=wang", &t.admin).await.body["total"], 0, "nothing half-created");
    let ok = t.person(&app, "wang", Role::WorkshopEngineer, Some(&plant.zone_ids[0])).await;
    let again = app
        .post(
            &format!("/api/v1/users/{}/roles", ok.user_id),
            &t.admin,
            json!({"role": "workshop_engineer", "zone_id": plant.zone_ids[0]}),
        )
        .await;
    assert_eq!(again.problem(StatusCode::CONFLICT), vec!["role"]);
    let second_zone = app
        .post(
            &format!("/api/v1/users/{}/roles", ok.user_id),
            &t.admin,
            json!({"role": "workshop_engineer", "zone_id": plant.zone_ids[1]}),
        )
        .await;
    assert_eq!(second_zone.status, StatusCode::CREATED);
    let list = app.get("/api/v1/users?role=workshop_engineer", &t.admin).await;
    assert_eq!(list.body["total"], 1);
    let roles = app.get("/api/v1/roles", &ok.token).await;
    assert_eq!(roles.body.as_array().unwrap().len(), Role::ALL.len());
}

#[tokio::test]
async fn people_change_their_own_password_and_old_sessions_end() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let p = t.person(&app, "lisi", Role::Viewer, None).await;
    let session = app.login("acme", "lisi", PASSWORD).await;
    let refresh = session.body["refresh_token"].as_str().unwrap().to_string();
    let wrong = app
        .http
        .put(app.url("/api/v1/me/password"))
        .bearer_auth(&p.token)
        .json(&json!({"current_password": "nope-nope-nope", "new_password": "a-new-long-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let weak = app
        .http
        .put(app.url("/api/v1/me/password"))
        .bearer_auth(&p.token)
        .json(&json!({"current_password": PASSWORD, "new_password": "short"}))
        .send()
        .await
        .unwrap();
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let ok = app
        .http
        .put(app.url("/api/v1/me/password"))
        .bearer_auth(&p.token)
        .json(&json!({"current_password": PASSWORD, "new_password": "a-new-long-password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::NO_CONTENT);
    app.call(reqwest::Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": refresh})))
        .await
        .problem(StatusCode::UNAUTHORIZED);
    app.login("acme", "lisi", PASSWORD).await.problem(StatusCode::UNAUTHORIZED);
    app.login("acme", "lisi", "a-new-long-password").await.access_token();
}

#[tokio::test]
async fn validation_messages_follow_the_callers_language() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let body = json!({"code": "bad code!", "name": ""});
    let zh = app.post("/api/v1/sites", &t.admin, body.clone()).await;
    assert_eq!(zh.problem(StatusCode::UNPROCESSABLE_ENTITY), vec!["code", "name"]);
    assert_eq!(zh.body["errors"][1]["message"], "不能为空。");
    let en = app
        .http
        .post(app.url("/api/v1/sites"))
        .bearer_auth(&t.admin)
        .header("accept-language", "en")
        .json(&body)
        .send()
        .await
        .unwrap();
    let en: serde_json::Value = en.json().await.unwrap();
    assert_eq!(en["errors"][1]["message"], "Must not be blank.");
}

#[tokio::test]
async fn a_json_array_is_not_taken_for_an_update() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let plant = t.populate(&app).await;
    let reply = app
        .patch(&format!("/api/v1/sites/{}", plant.site_id), &t.admin, 1, json!([null, null, null, null, null]))
        .await;
    assert_eq!(reply.problem(StatusCode::UNPROCESSABLE_ENTITY), vec!["body"]);
    assert_eq!(app.get(&format!("/api/v1/sites/{}", plant.site_id), &t.admin).await.body["version"], 1);
}

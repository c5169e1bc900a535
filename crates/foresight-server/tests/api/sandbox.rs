//! The risk sandbox's API: a run is accepted at once (202, queued) and computed in the background; its
//! result compares the scenario with the scenario plus the measure, and nothing live is written. Bad
//! requests are 422 naming every field (zh-CN, English on request), another tenant's site or run is 404,
//! and starting a run needs risk:configure.

use crate::helpers::{Tenant, TestApp};
use chrono::{Duration, Utc};
use foresight_core::rbac::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

/// A tenant with one site, zone Z1 holding an assessed hazard (LEC 1 × 6 × 15 = 90, yellow) and zone Z2
/// without any: (tenant, site, zones, hazard).
async fn setup(app: &TestApp, slug: &str) -> (Tenant, String, Vec<String>, String) {
    let tenant = app.tenant(slug).await;
    let plant = tenant.populate(app).await;
    let hazard = app
        .post(
            "/api/v1/hazards",
            &tenant.admin,
            json!({"zone_id": plant.zone_ids[0], "code": "HZ-1", "name": "输送机防护缺失", "category": "mechanical",
                   "assessment": {"method": "lec", "l": 1, "e": 6, "c": 15}}),
        )
        .await;
    assert_eq!(hazard.status, StatusCode::CREATED, "{}", hazard.text);
    let hazard_id = hazard.body["hazard_id"].as_str().unwrap().to_string();
    (tenant, plant.site_id, plant.zone_ids, hazard_id)
}

fn body(hazard_id: &str) -> Value {
    let to = Utc::now() - Duration::minutes(1);
    json!({
        "name": "老化 + 防护罩",
        "from": to - Duration::minutes(30), "to": to, "step_secs": 60,
        "scenario": [{"kind": "ageing_equipment", "categories": ["mechanical"], "l_multiplier": 3}],
        "measure": {"name": "加装防护罩", "hazards": [{"hazard_id": hazard_id, "likelihood": 0.5}]},
    })
}

/// Waits for the background run to finish (a deadline, not a sleep that hopes).
async fn finished(app: &TestApp, token: &str, id: &str) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    loop {
        let run = app.get(&format!("/api/v1/sandbox-runs/{id}"), token).await;
        assert_eq!(run.status, StatusCode::OK, "{}", run.text);
        if run.body["status"] == "done" || run.body["status"] == "failed" {
            return run.body;
        }
        assert!(std::time::Instant::now() < deadline, "the run did not finish: {}", run.body);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

fn zone<'a>(result: &'a Value, zone_id: &str) -> &'a Value {
    result["zones"].as_array().unwrap().iter().find(|z| z["zone_id"] == zone_id).expect("zone in the result")
}

#[tokio::test]
async fn a_run_compares_the_scenario_with_the_measure_and_writes_nothing_live() {
    let app = TestApp::spawn().await;
    let (tenant, site_id, zones, hazard_id) = setup(&app, "acme").await;
    let presets = app.get("/api/v1/sandbox-presets", &tenant.admin).await;
    assert_eq!(presets.status, StatusCode::OK);
    let kinds: Vec<&str> = presets.body.as_array().unwrap().iter().filter_map(|p| p["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        ["typhoon", "grid_fluctuation", "ageing_equipment", "set_property", "force_factor", "multiply_hazards"]
    );
    assert_eq!(presets.body[0]["label_zh"], "台风");

    let created = app.post(&format!("/api/v1/sites/{site_id}/sandbox-runs"), &tenant.admin, body(&hazard_id)).await;
    assert_eq!(created.status, StatusCode::ACCEPTED, "{}", created.text);
    assert_eq!(created.body["status"], "queued");
    assert_eq!(created.body["steps"], 31);
    let id = created.body["sandbox_run_id"].as_str().unwrap();
    let run = finished(&app, &tenant.admin, id).await;
    assert_eq!(run["status"], "done", "{run}");
    let result = &run["result"];
    assert_eq!(result["at"].as_array().unwrap().len(), 31);
    let z1 = zone(result, &zones[0]);
    // Ageing: L 1 → 3 makes D 270 (orange) all window long; the guard (L 0.5 → 1.5, D 135) keeps it yellow.
    assert_eq!(z1["scenario"]["peak"]["grade"], "orange", "{z1}");
    assert_eq!(z1["scenario"]["seconds_orange"], 31 * 60);
    assert_eq!(z1["measure"]["peak"]["grade"], "yellow");
    assert!(z1["measure"]["peak"]["value"].as_f64() < z1["scenario"]["peak"]["value"].as_f64());
    assert_eq!(z1["scenario"]["peak"]["contributions"][0]["input"], "sandbox.ageing.0");
    assert_eq!(zone(result, &zones[1])["scenario"]["grades"][0], "unassessed");
    let live: i64 = sqlx::query_scalar("SELECT count(*) FROM zone_risk").fetch_one(&app.db.owner).await.unwrap();
    assert_eq!(live, 0, "a sandbox run writes no live zone risk");

    let list = app.get(&format!("/api/v1/sandbox-runs?site_id={site_id}&status=done"), &tenant.admin).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert_eq!(list.body["total"], 1);
    assert_eq!(list.body["items"][0]["name"], "老化 + 防护罩");
    assert!(list.body["items"][0].get("result").is_none(), "lists carry no results");
    let audit: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_event WHERE action = 'sandbox_run.create'")
        .fetch_one(&app.db.owner)
        .await
        .unwrap();
    assert_eq!(audit, 1);

    // Reading needs the risk read permission only; a zone-scoped engineer sees only his zones.
    let engineer = tenant.person(&app, "eng", Role::WorkshopEngineer, Some(&zones[1])).await;
    let seen = app.get(&format!("/api/v1/sandbox-runs/{id}"), &engineer.token).await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.text);
    let ids: Vec<&str> =
        seen.body["result"]["zones"].as_array().unwrap().iter().filter_map(|z| z["zone_id"].as_str()).collect();
    assert_eq!(ids, [zones[1].as_str()]);
}

#[tokio::test]
async fn bad_requests_are_problems_naming_every_field_and_other_tenants_are_404() {
    let app = TestApp::spawn().await;
    let (tenant, site_id, _, hazard_id) = setup(&app, "acme").await;
    let (other, other_site, _, other_hazard) = setup(&app, "beta").await;
    let path = format!("/api/v1/sites/{site_id}/sandbox-runs");

    let mut unknown = body(&hazard_id);
    unknown["scenario"] = json!([{"kind": "earthquake"}]);
    let reply = app.post(&path, &tenant.admin, unknown).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.text);

    // from after to, a step too short, another tenant's hazard in the scenario and in the measure, an unknown
    // factor: every one named, in English when asked.
    let now = Utc::now();
    let bad = json!({
        "from": now - Duration::minutes(5), "to": now - Duration::minutes(10), "step_secs": 1,
        "scenario": [{"kind": "multiply_hazards", "hazard_ids": [other_hazard], "l": 2},
                     {"kind": "force_factor", "factor": "nope"}],
        "measure": {"hazards": [{"hazard_id": other_hazard, "likelihood": 0.5}]},
    });
    let reply = app
        .http
        .post(app.url(&path))
        .bearer_auth(&tenant.admin)
        .header("accept-language", "en")
        .json(&bad)
        .send()
        .await
        .unwrap();
    let reply = crate::helpers::Reply::from(reply).await;
    let mut fields = reply.problem(StatusCode::UNPROCESSABLE_ENTITY);
    fields.sort();
    assert_eq!(
        fields,
        ["from", "measure.hazards[0].hazard_id", "scenario[0].hazard_ids[0]", "scenario[1].factor", "step_secs"]
    );
    let message =
        reply.body["errors"].as_array().unwrap().iter().find(|e| e["field"] == "scenario[0].hazard_ids[0]").unwrap();
    assert_eq!(message["message"], format!("There is no hazard {other_hazard} on this site."));

    // Too long a window: more steps than the limit, in Chinese by default.
    let mut long = body(&hazard_id);
    long["from"] = json!(now - Duration::days(3));
    long["step_secs"] = json!(60);
    let reply = app.post(&path, &tenant.admin, long).await;
    assert_eq!(reply.problem(StatusCode::UNPROCESSABLE_ENTITY), ["to"]);
    assert!(reply.body["errors"][0]["message"].as_str().unwrap().contains("1440"), "{}", reply.text);

    // Another tenant's site is 404, as is its run; a viewer may read but not start runs.
    let reply = app.post(&format!("/api/v1/sites/{other_site}/sandbox-runs"), &tenant.admin, body(&hazard_id)).await;
    reply.problem(StatusCode::NOT_FOUND);
    let theirs = app.post(&format!("/api/v1/sites/{other_site}/sandbox-runs"), &other.admin, body(&other_hazard)).await;
    assert_eq!(theirs.status, StatusCode::ACCEPTED, "{}", theirs.text);
    let their_id = theirs.body["sandbox_run_id"].as_str().unwrap();
    app.get(&format!("/api/v1/sandbox-runs/{their_id}"), &tenant.admin).await.problem(StatusCode::NOT_FOUND);
    let mine = app.get("/api/v1/sandbox-runs", &tenant.admin).await;
    assert_eq!(mine.body["total"], 0, "{}", mine.text);
    let viewer = tenant.person(&app, "viewer", Role::Viewer, None).await;
    app.post(&path, &viewer.token, body(&hazard_id)).await.problem(StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/sandbox-runs", &viewer.token).await.status, StatusCode::OK);
    let reply = app.call(Method::GET, "/api/v1/sandbox-runs?status=lost", Some(&tenant.admin), None).await;
    assert!(reply.status.is_client_error(), "{}", reply.text);
    finished(&app, &other.admin, their_id).await;
}

/// A finished run of the tenant's site, stored directly (for the OpenAPI sweeps, which need an id).
pub async fn run_of(app: &TestApp, tenant: &Tenant, site_id: &str) -> String {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO sandbox_run (tenant_id, sandbox_run_id, site_id, name, status, request, result, steps, window_start, window_end) \
         VALUES ($1, $2, $3, 'sweep', 'done', '{}', '{\"zones\": []}', 1, now() - interval '1 hour', now())",
    )
    .bind(tenant.tenant_id)
    .bind(id)
    .bind(Uuid::parse_str(site_id).unwrap())
    .execute(&app.db.owner)
    .await
    .unwrap();
    id.to_string()
}

//! Work context from permit and maintenance systems (`/work-items`) and learned-normal retraining schedules
//! (`/sites/{id}/normal-model-schedule`): validation with every problem named, all or nothing, unchanged
//! items not rewritten, zone scope and tenants kept apart.

use crate::helpers::{Tenant, TestApp};
use foresight_core::rbac::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

fn hot_work(zone: &str, id: &str) -> Value {
    json!({"source": "PTW", "external_id": id, "zone_id": zone, "kind": "permit", "permit_type": "hot_work",
           "title": "R-101 动火", "starts_at": "2026-11-30T00:00:00Z", "ends_at": "2026-11-30T08:00:00Z"})
}

fn overdue(zone: &str, id: &str) -> Value {
    json!({"source": "EAM", "external_id": id, "zone_id": zone, "kind": "maintenance", "due_at": "2026-11-20T00:00:00Z"})
}

async fn put(app: &TestApp, path: &str, token: &str, body: Value) -> crate::helpers::Reply {
    app.call(Method::PUT, path, Some(token), Some(body)).await
}

async fn stored(app: &TestApp, tenant: &Tenant) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM work_item WHERE tenant_id = $1")
        .bind(tenant.tenant_id)
        .fetch_one(&app.db.owner)
        .await
        .unwrap()
}

#[tokio::test]
async fn work_items_are_upserted_by_their_source_id_and_unchanged_ones_are_not_rewritten() {
    let app = TestApp::spawn().await;
    let tenant = app.tenant("acme").await;
    let plant = tenant.populate(&app).await;
    let (z1, z2) = (&plant.zone_ids[0], &plant.zone_ids[1]);
    let first =
        put(&app, "/api/v1/work-items", &tenant.admin, json!({"items": [hot_work(z1, "DH-1"), overdue(z2, "WO-1")]}))
            .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!((first.body["created"].as_u64(), first.body["updated"].as_u64()), (Some(2), Some(0)));

    // The sync sends everything again, the permit now closed: one update, one unchanged.
    let mut closed = hot_work(z1, "DH-1");
    closed["closed_at"] = json!("2026-11-30T06:00:00Z");
    let again = put(&app, "/api/v1/work-items", &tenant.admin, json!({"items": [closed, overdue(z2, "WO-1")]})).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_eq!((again.body["updated"].as_u64(), again.body["unchanged"].as_u64()), (Some(1), Some(1)));
    assert_eq!(again.body["items"][0]["work_item_id"], first.body["items"][0]["work_item_id"]);
    assert_eq!(stored(&app, &tenant).await, 2);
    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_event WHERE tenant_id = $1 AND action LIKE 'work_item.%'")
            .bind(tenant.tenant_id)
            .fetch_one(&app.db.owner)
            .await
            .unwrap();
    assert_eq!(audited, 3, "two creations and one update; the unchanged item is not a change");

    // Open at a time: the permit was closed at 06:00, the maintenance is overdue.
    let open = app.get("/api/v1/work-items?open_at=2026-11-30T07:00:00Z", &tenant.admin).await;
    assert_eq!(open.status, StatusCode::OK, "{}", open.text);
    let kinds: Vec<&str> = open.body["items"].as_array().unwrap().iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["maintenance"]);
    let at5 = app.get(&format!("/api/v1/work-items?open_at=2026-11-30T05:00:00Z&zone_id={z1}"), &tenant.admin).await;
    assert_eq!(at5.body["total"], 1);

    let id = first.body["items"][1]["work_item_id"].as_str().unwrap();
    assert_eq!(
        app.delete(&format!("/api/v1/work-items/{id}"), &tenant.admin, None).await.status,
        StatusCode::NO_CONTENT
    );
    app.get(&format!("/api/v1/work-items/{id}"), &tenant.admin).await.problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_bad_item_refuses_the_whole_batch_and_names_every_problem() {
    let app = TestApp::spawn().await;
    let tenant = app.tenant("acme").await;
    let plant = tenant.populate(&app).await;
    let other = app.tenant("other").await;
    let other_plant = other.populate(&app).await;
    let z1 = &plant.zone_ids[0];
    let mut no_window = hot_work(z1, "DH-2");
    no_window.as_object_mut().unwrap().remove("ends_at");
    let mut backwards = hot_work(z1, "DH-3");
    backwards["starts_at"] = json!("2026-11-30T09:00:00Z");
    let mut wrong_type = hot_work(z1, "DH-4");
    wrong_type["permit_type"] = json!("welding");
    let mut maintenance_with_permit_type = overdue(z1, "WO-2");
    maintenance_with_permit_type["permit_type"] = json!("hot_work");
    let items = json!([
        hot_work(z1, "DH-1"),
        no_window,
        backwards,
        wrong_type,
        maintenance_with_permit_type,
        hot_work(&other_plant.zone_ids[0], "DH-5"),
        hot_work(&Uuid::now_v7().to_string(), "DH-6"),
        hot_work(z1, "DH-1"),
        {"source": " ", "external_id": "x", "zone_id": z1, "kind": "inspection"},
    ]);
    let reply = put(&app, "/api/v1/work-items", &tenant.admin, json!({"items": items})).await;
    let mut fields = reply.problem(StatusCode::UNPROCESSABLE_ENTITY);
    fields.sort();
    assert_eq!(
        fields,
        [
            "items[1].ends_at",
            "items[2].starts_at",
            "items[3].permit_type",
            "items[4].permit_type",
            "items[5].zone_id",
            "items[6].zone_id",
            "items[7].external_id",
            "items[8].kind",
            "items[8].source",
        ]
    );
    assert_eq!(stored(&app, &tenant).await, 0, "nothing of the batch was stored");
    assert_eq!(stored(&app, &other).await, 0);
    let empty = put(&app, "/api/v1/work-items", &tenant.admin, json!({"items": []})).await;
    assert_eq!(empty.problem(StatusCode::UNPROCESSABLE_ENTITY), ["items"]);
    let bad_kind = app.get("/api/v1/work-items?kind=inspection", &tenant.admin).await;
    assert_eq!(bad_kind.problem(StatusCode::BAD_REQUEST), ["kind"]);
}

#[tokio::test]
async fn zone_scope_and_tenants_hold_for_work_items() {
    let app = TestApp::spawn().await;
    let tenant = app.tenant("acme").await;
    let plant = tenant.populate(&app).await;
    let (z1, z2) = (&plant.zone_ids[0], &plant.zone_ids[1]);
    let created = put(&app, "/api/v1/work-items", &tenant.admin, json!({"items": [hot_work(z2, "DH-9")]})).await;
    let id = created.body["items"][0]["work_item_id"].as_str().unwrap().to_string();
    let engineer = tenant.person(&app, "eng", Role::WorkshopEngineer, Some(z1)).await;
    // His own zone: yes. The other zone: as if it did not exist.
    let own = put(&app, "/api/v1/work-items", &engineer.token, json!({"items": [hot_work(z1, "DH-10")]})).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.text);
    let foreign = put(&app, "/api/v1/work-items", &engineer.token, json!({"items": [hot_work(z2, "DH-11")]})).await;
    assert_eq!(foreign.problem(StatusCode::UNPROCESSABLE_ENTITY), ["items[0].zone_id"]);
    let listed = app.get("/api/v1/work-items", &engineer.token).await;
    assert_eq!(listed.body["total"], 1);
    app.get(&format!("/api/v1/work-items/{id}"), &engineer.token).await.problem(StatusCode::NOT_FOUND);

    let other = app.tenant("other").await;
    other.populate(&app).await;
    app.get(&format!("/api/v1/work-items/{id}"), &other.admin).await.problem(StatusCode::NOT_FOUND);
    app.delete(&format!("/api/v1/work-items/{id}"), &other.admin, None).await.problem(StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/v1/work-items", &other.admin).await.body["total"], 0);
    // A viewer reads but may not write.
    let viewer = tenant.person(&app, "viewer", Role::Viewer, None).await;
    assert_eq!(app.get("/api/v1/work-items", &viewer.token).await.status, StatusCode::OK);
    put(&app, "/api/v1/work-items", &viewer.token, json!({"items": [hot_work(z1, "DH-12")]}))
        .await
        .problem(StatusCode::FORBIDDEN);
}

/// Recorded properties `TT-1.temperature` and `TT-2.pressure` on two devices of the tenant's site (the
/// ingest tests' plant).
async fn two_variables(app: &TestApp, tenant: &Tenant) {
    let plant = crate::ingest::plant(app, tenant, "TT").await;
    for (device, property) in [(plant.devices[0], "temperature"), (plant.devices[1], "pressure")] {
        sqlx::query("INSERT INTO series (tenant_id, device_id, property) VALUES ($1, $2, $3)")
            .bind(tenant.tenant_id)
            .bind(device)
            .bind(property)
            .execute(&app.db.owner)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_retraining_schedule_is_checked_on_save_and_belongs_to_its_tenant() {
    let app = TestApp::spawn().await;
    let tenant = app.tenant("acme").await;
    two_variables(&app, &tenant).await;
    let site_id: Uuid = sqlx::query_scalar("SELECT site_id FROM site WHERE tenant_id = $1")
        .bind(tenant.tenant_id)
        .fetch_one(&app.db.owner)
        .await
        .unwrap();
    let path = format!("/api/v1/sites/{site_id}/normal-model-schedule");
    app.get(&path, &tenant.admin).await.problem(StatusCode::NOT_FOUND);

    let bad = put(
        &app,
        &path,
        &tenant.admin,
        json!({"variables": ["TT-1.temperature", "TT-1.temperature"], "window_days": 0, "every_days": 400}),
    )
    .await;
    let mut fields = bad.problem(StatusCode::UNPROCESSABLE_ENTITY);
    fields.sort();
    assert_eq!(fields, ["every_days", "variables[1]", "window_days"]);
    let unknown = put(
        &app,
        &path,
        &tenant.admin,
        json!({"variables": ["TT-1.temperature", "PT-1.pressure"], "window_days": 14, "every_days": 7}),
    )
    .await;
    assert_eq!(unknown.problem(StatusCode::UNPROCESSABLE_ENTITY), ["variables[1]"], "no device PT-1");
    let unrecorded = put(
        &app,
        &path,
        &tenant.admin,
        json!({"variables": ["TT-3.temperature", "TT-1.temperature"], "window_days": 14, "every_days": 7}),
    )
    .await;
    assert_eq!(unrecorded.problem(StatusCode::UNPROCESSABLE_ENTITY), ["variables[0]"], "TT-3 has no temperature yet");
    app.get(&path, &tenant.admin).await.problem(StatusCode::NOT_FOUND);

    let body = json!({"variables": ["TT-1.temperature", "TT-2.pressure"], "window_days": 14, "every_days": 7,
                      "auto_activate": true, "first_run_at": "2026-12-07T02:00:00Z"});
    let saved = put(&app, &path, &tenant.admin, body.clone()).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    assert_eq!(saved.body["next_run_at"], "2026-12-07T02:00:00Z");
    assert_eq!(saved.body["auto_activate"], true);
    assert_eq!(app.get(&path, &tenant.admin).await.body["every_days"], 7);

    // Another tenant cannot see, replace or remove it, even knowing the site id.
    let other = app.tenant("other").await;
    other.populate(&app).await;
    app.get(&path, &other.admin).await.problem(StatusCode::NOT_FOUND);
    put(&app, &path, &other.admin, body).await.problem(StatusCode::NOT_FOUND);
    app.delete(&path, &other.admin, None).await.problem(StatusCode::NOT_FOUND);
    // A viewer may read the register but not configure the engine.
    let viewer = tenant.person(&app, "viewer", Role::Viewer, None).await;
    app.delete(&path, &viewer.token, None).await.problem(StatusCode::FORBIDDEN);

    assert_eq!(app.delete(&path, &tenant.admin, None).await.status, StatusCode::NO_CONTENT);
    app.get(&path, &tenant.admin).await.problem(StatusCode::NOT_FOUND);
}

/// A tenant's work item in a zone, for the OpenAPI sweeps.
pub async fn work_item_of(app: &TestApp, tenant: &Tenant, zone_id: &str) -> String {
    let created = put(app, "/api/v1/work-items", &tenant.admin, json!({"items": [hot_work(zone_id, "SWEEP-1")]})).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text);
    created.body["items"][0]["work_item_id"].as_str().unwrap().to_string()
}

//! The audit trail: every change is recorded, and verification catches rows altered behind the
//! application's back, naming the first broken link.

use crate::helpers::TestApp;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn an_untouched_chain_verifies_and_records_every_change() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let plant = t.populate(&app).await;
    let zone = &plant.zone_ids[0];
    let renamed = app.patch(&format!("/api/v1/zones/{zone}"), &t.admin, 1, json!({"name": "罐区 A"})).await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text);
    let events = app.get(&format!("/api/v1/audit-events?target_id={zone}&sort=seq"), &t.admin).await;
    let actions: Vec<&str> =
        events.body["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["zone.create", "zone.update"]);
    let update = &events.body["items"][1];
    assert_eq!(update["before"]["name"], "acme zone Z1");
    assert_eq!(update["after"]["name"], "罐区 A");
    assert_eq!(update["actor_id"], t.admin_id.to_string());
    assert!(update["request_id"].as_str().is_some_and(|r| !r.is_empty()), "the request id links the event to the logs");
    let verify = app.get("/api/v1/audit-events/verify", &t.admin).await;
    assert_eq!(verify.body["intact"], true, "{}", verify.text);
    assert_eq!(verify.body["checked"], verify.body["head_seq"]);
    assert!(verify.body["checked"].as_i64().unwrap() >= 5);
}

#[tokio::test]
async fn a_row_altered_directly_in_sql_makes_verify_name_that_row() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    t.populate(&app).await;
    let target: i64 = 3;
    // A database administrator bypasses the append-only trigger and rewrites history.
    let mut conn = app.db.owner.acquire().await.unwrap();
    sqlx::query("SET session_replication_role = replica").execute(&mut *conn).await.unwrap();
    let changed = sqlx::query("UPDATE audit_event SET actor_label = 'someone else' WHERE tenant_id = $1 AND seq = $2")
        .bind(t.tenant_id)
        .bind(target)
        .execute(&mut *conn)
        .await
        .unwrap();
    assert_eq!(changed.rows_affected(), 1);
    sqlx::query("SET session_replication_role = origin").execute(&mut *conn).await.unwrap();
    drop(conn);
    let verify = app.get("/api/v1/audit-events/verify", &t.admin).await;
    assert_eq!(verify.body["intact"], false, "{}", verify.text);
    assert_eq!(verify.body["first_broken"]["seq"], target);
    assert_eq!(verify.body["first_broken"]["reason"], "content_altered");
    assert_eq!(verify.body["checked"], target - 1);
}

#[tokio::test]
async fn a_deleted_event_and_a_cut_tail_are_both_detected() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    t.populate(&app).await;
    let head: i64 = sqlx::query_scalar("SELECT last_seq FROM audit_head WHERE tenant_id = $1")
        .bind(t.tenant_id)
        .fetch_one(&app.db.owner)
        .await
        .unwrap();
    let mut conn = app.db.owner.acquire().await.unwrap();
    sqlx::query("SET session_replication_role = replica").execute(&mut *conn).await.unwrap();
    sqlx::query("DELETE FROM audit_event WHERE tenant_id = $1 AND seq = $2")
        .bind(t.tenant_id)
        .bind(head)
        .execute(&mut *conn)
        .await
        .unwrap();
    let verify = app.get("/api/v1/audit-events/verify", &t.admin).await;
    assert_eq!(verify.body["first_broken"]["reason"], "tail_missing", "{}", verify.text);
    sqlx::query("DELETE FROM audit_event WHERE tenant_id = $1 AND seq = 2")
        .bind(t.tenant_id)
        .execute(&mut *conn)
        .await
        .unwrap();
    let verify = app.get("/api/v1/audit-events/verify", &t.admin).await;
    assert_eq!(verify.body["first_broken"]["reason"], "sequence_gap", "{}", verify.text);
    assert_eq!(verify.body["first_broken"]["seq"], 3);
}

#[tokio::test]
async fn the_application_cannot_rewrite_or_delete_audit_events() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let mut tx = app.db.app.begin().await.unwrap();
    foresight_store::pool::set_tenant(&mut tx, t.tenant_id, &foresight_store::Scope::AllZones).await.unwrap();
    let update = sqlx::query("UPDATE audit_event SET actor_label = 'x'").execute(&mut *tx).await;
    assert!(update.is_err(), "the application role has no UPDATE on audit_event");
    drop(tx);
    // Even the owner is stopped by the append-only trigger in normal operation.
    let owner_update = sqlx::query("UPDATE audit_event SET actor_label = 'x'").execute(&app.db.owner).await;
    assert!(owner_update.unwrap_err().to_string().contains("append-only"));
}

#[tokio::test]
async fn audit_events_filter_by_action_family_time_and_actor() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    t.populate(&app).await;
    let zones = app.get("/api/v1/audit-events?action=zone.", &t.admin).await;
    assert_eq!(zones.body["total"], 2, "{}", zones.text);
    let by_admin = app.get(&format!("/api/v1/audit-events?actor_id={}&per_page=1", t.admin_id), &t.admin).await;
    assert_eq!(by_admin.body["items"].as_array().unwrap().len(), 1);
    assert!(by_admin.body["total"].as_i64().unwrap() >= 3);
    let future = app.get("/api/v1/audit-events?from=2999-01-01T00:00:00Z", &t.admin).await;
    assert_eq!(future.body["total"], 0);
}

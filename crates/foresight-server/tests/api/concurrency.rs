//! Optimistic concurrency on updates, and migrations that two nodes start at once.

use crate::helpers::{admin_url, TestApp};
use reqwest::StatusCode;
use serde_json::json;
use sqlx::postgres::PgConnectOptions;
use sqlx::ConnectOptions;
use std::str::FromStr;

#[tokio::test]
async fn a_stale_version_is_refused_not_silently_overwritten() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let plant = t.populate(&app).await;
    let path = format!("/api/v1/sites/{}", plant.site_id);
    let current = app.get(&path, &t.admin).await;
    assert_eq!(current.headers.get("etag").unwrap(), "\"1\"");
    let first = app.patch(&path, &t.admin, 1, json!({"name": "A"})).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body["version"], 2);
    let second = app.patch(&path, &t.admin, 1, json!({"name": "B"})).await;
    second.problem(StatusCode::PRECONDITION_FAILED);
    assert_eq!(second.body["current_version"], 2);
    assert_eq!(app.get(&path, &t.admin).await.body["name"], "A", "the stale write changed nothing");
    // Without If-Match the server asks for it rather than guessing.
    let missing =
        app.http.patch(app.url(&path)).bearer_auth(&t.admin).json(&json!({"name": "C"})).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::PRECONDITION_REQUIRED);
    // Deleting with a stale version is refused too.
    app.delete(&format!("/api/v1/zones/{}", plant.zone_ids[0]), &t.admin, Some(7))
        .await
        .problem(StatusCode::PRECONDITION_FAILED);
}

#[tokio::test]
async fn two_nodes_migrating_the_same_database_at_once_both_succeed() {
    let name = format!("fs_test_{}", uuid::Uuid::new_v4().simple());
    let admin = PgConnectOptions::from_str(&admin_url()).unwrap();
    let mut conn = admin.connect().await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    let url = admin.clone().database(&name).to_url_lossy().to_string();
    let (a, b) = tokio::join!(foresight_store::migrate(&url), foresight_store::migrate(&url));
    let applied: Result<i64, _> = async {
        let mut c = admin.clone().database(&name).connect().await?;
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM _sqlx_migrations WHERE success").fetch_one(&mut c).await
    }
    .await;
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(&mut conn).await.unwrap();
    a.unwrap();
    b.unwrap();
    assert_eq!(applied.unwrap(), foresight_store::MIGRATOR.iter().count() as i64);
}

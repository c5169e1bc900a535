//! Operations endpoints, the OpenAPI document, request ids, and serving the web app.

use crate::helpers::TestApp;
use foresight_server::ServerConfig;
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn health_readiness_and_metrics_answer() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    assert_eq!(app.http.get(app.url("/healthz")).send().await.unwrap().status(), StatusCode::OK);
    let ready = app.http.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    app.get("/api/v1/zones", &t.admin).await;
    let metrics = app.http.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(
        metrics.contains(r#"foresight_http_requests_total{route="/api/v1/zones",method="GET",status="200"} 1"#),
        "{metrics}"
    );
    assert!(metrics.contains("foresight_http_request_duration_seconds_bucket{route=\"/api/v1/zones\""));
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    app.db.app.close().await;
    let ready = app.http.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_errors_repeat_it() {
    let app = TestApp::spawn().await;
    let reply = app.call(Method::GET, "/api/v1/me", None, None).await;
    let id = reply.headers.get("x-request-id").unwrap().to_str().unwrap().to_string();
    assert!(!id.is_empty());
    assert_eq!(reply.body["request_id"], id);
    let given = app.http.get(app.url("/healthz")).header("x-request-id", "trace-123").send().await.unwrap();
    assert_eq!(given.headers().get("x-request-id").unwrap(), "trace-123");
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problem_documents_in_the_callers_language() {
    let app = TestApp::spawn().await;
    let zh = app.call(Method::GET, "/api/v1/nothing-here", None, None).await;
    zh.problem(StatusCode::NOT_FOUND);
    assert!(
        zh.body["title"].as_str().unwrap().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "zh-CN by default"
    );
    let en =
        app.http.get(app.url("/api/v1/nothing-here")).header("accept-language", "en-US,en;q=0.8").send().await.unwrap();
    assert_eq!(en.headers().get("content-language").unwrap(), "en");
    let body: serde_json::Value = en.json().await.unwrap();
    assert_eq!(body["title"], "Not found");
    let wrong_method = app.call(Method::PUT, "/api/v1/zones", None, None).await;
    wrong_method.problem(StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn the_served_openapi_document_is_3_1_and_documents_every_route() {
    let app = TestApp::spawn().await;
    let served: serde_json::Value =
        app.http.get(app.url("/api/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(served["openapi"], "3.1.0");
    assert_eq!(served, serde_json::to_value(foresight_server::openapi()).unwrap());
    for (path, item) in served["paths"].as_object().unwrap() {
        assert!(path.starts_with("/api/v1/"), "{path}");
        for (method, op) in item.as_object().unwrap() {
            assert!(
                op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{method} {path} documents no responses"
            );
            assert!(op["summary"].is_string() || op["description"].is_string(), "{method} {path} has no description");
        }
    }
    let docs = app.http.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs.text().await.unwrap().contains("swagger"), "interactive docs are served from the binary");
}

#[test]
fn the_committed_openapi_document_matches_the_code() {
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json")).unwrap();
    let generated = serde_json::to_string_pretty(&foresight_server::openapi()).unwrap();
    assert!(
        committed.trim_end() == generated.trim_end(),
        "openapi/openapi.json is stale: run `cargo xtask openapi` and commit the result"
    );
}

#[tokio::test]
async fn the_web_app_is_served_with_index_html_for_client_routes() {
    let dir = std::env::temp_dir().join(format!("fs-web-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("index.html"), "<html>Foresight app</html>").unwrap();
    std::fs::write(dir.join("assets/app.js"), "console.log(1)").unwrap();
    let app = TestApp::spawn_with(ServerConfig { web_dir: Some(dir.clone()), ..ServerConfig::default() }).await;
    let page = app.http.get(app.url("/admin/sites/123")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().await.unwrap().contains("Foresight app"));
    let js = app.http.get(app.url("/assets/app.js")).send().await.unwrap().text().await.unwrap();
    assert_eq!(js, "console.log(1)");
    let api = app.call(Method::GET, "/api/v1/unknown", None, None).await;
    api.problem(StatusCode::NOT_FOUND);
    std::fs::remove_dir_all(dir).unwrap();
}

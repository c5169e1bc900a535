//! Test harness: a fresh database per test, the real router on a random port, and builders for
//! tenants, people and tokens.

use foresight_core::rbac::Role;
use foresight_server::provision::{create_tenant, NewTenant};
use foresight_server::{AppState, ServerConfig};
use foresight_store::audit::Actor;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool};
use std::str::FromStr;
use uuid::Uuid;

pub const PASSWORD: &str = "correct-horse-battery";
pub const JWT_SECRET: &[u8] = b"test-secret-test-secret-test-secret!!";

/// The server that tests create their databases on (trust auth). The README's test command sets
/// TEST_DATABASE_URL; the default is the machine's PostgreSQL.
pub fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database that exists for one test and is dropped with it.
pub struct TestDb {
    pub name: String,
    pub owner: PgPool,
    pub app: PgPool,
    /// Connected as `foresight_ingest`, the telemetry writer.
    pub ingest: PgPool,
}

impl TestDb {
    pub async fn create() -> TestDb {
        let name = format!("fs_test_{}", Uuid::new_v4().simple());
        let admin = PgConnectOptions::from_str(&admin_url()).expect("TEST_DATABASE_URL");
        let mut conn = admin.connect().await.expect("connect to the test PostgreSQL server");
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create test database");
        let owner_options = admin.clone().database(&name);
        let owner = PgPoolOptions::new().max_connections(4).connect_with(owner_options.clone()).await.unwrap();
        foresight_store::MIGRATOR.run(&owner).await.expect("migrations");
        let ingest_options = owner_options.clone().username(foresight_store::pool::INGEST_ROLE);
        let app_options = owner_options.username(foresight_store::pool::APP_ROLE);
        let app =
            PgPoolOptions::new().max_connections(16).connect_with(app_options).await.expect("connect as foresight_app");
        let ingest = PgPoolOptions::new()
            .max_connections(4)
            .connect_with(ingest_options)
            .await
            .expect("connect as foresight_ingest");
        TestDb { name, owner, app, ingest }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = self.name.clone();
        // Drop needs a runtime of its own: the test's runtime is shutting down.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async {
                if let Ok(mut conn) = PgConnectOptions::from_str(&admin_url()).unwrap().connect().await {
                    let _ =
                        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn).await;
                }
            });
        })
        .join();
    }
}

/// The running application.
pub struct TestApp {
    pub db: TestDb,
    pub base: String,
    pub http: reqwest::Client,
    /// The server's risk-cycle listeners: a test that runs a cycle announces it here, as the engine does.
    pub risk_events: tokio::sync::broadcast::Sender<foresight_engine::CycleEvent>,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(ServerConfig::default()).await
    }

    pub async fn spawn_with(config: ServerConfig) -> TestApp {
        // Server-side errors appear in a failing test's output (the test writer is captured otherwise).
        let _ = tracing_subscriber::fmt().with_test_writer().with_env_filter("error").try_init();
        let db = TestDb::create().await;
        let state = AppState::with_ingest(db.app.clone(), db.ingest.clone(), config, JWT_SECRET);
        let risk_events = state.risk_events.clone();
        let app = foresight_server::router(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.unwrap();
        });
        TestApp { db, base: format!("http://{addr}"), http: reqwest::Client::new(), risk_events }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Creates a tenant with its administrator (through the same code the CLI uses) and signs in.
    pub async fn tenant(&self, slug: &str) -> Tenant {
        let mut tx = self.db.app.begin().await.unwrap();
        let new = NewTenant {
            slug: slug.into(),
            name: format!("Tenant {slug}"),
            locale: "zh-CN".into(),
            admin_username: "admin".into(),
            admin_display_name: format!("Admin of {slug}"),
            admin_password: PASSWORD.into(),
        };
        let (tenant, admin) = create_tenant(&mut tx, &new, &Actor::system("test"), None).await.unwrap();
        tx.commit().await.unwrap();
        let token = self.login(slug, "admin", PASSWORD).await.access_token();
        Tenant { slug: slug.into(), tenant_id: tenant.tenant_id, admin_id: admin.user_id, admin: token }
    }

    pub async fn login(&self, tenant: &str, username: &str, password: &str) -> Reply {
        self.call(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"tenant": tenant, "username": username, "password": password})),
        )
        .await
    }

    /// A JSON request with an optional bearer token.
    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        let mut req = self.http.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        Reply::from(req.send().await.expect("request")).await
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    /// PATCH with If-Match.
    pub async fn patch(&self, path: &str, token: &str, version: i64, body: Value) -> Reply {
        let req =
            self.http.patch(self.url(path)).bearer_auth(token).header("if-match", format!("\"{version}\"")).json(&body);
        Reply::from(req.send().await.unwrap()).await
    }

    pub async fn delete(&self, path: &str, token: &str, version: Option<i64>) -> Reply {
        let mut req = self.http.delete(self.url(path)).bearer_auth(token);
        if let Some(v) = version {
            req = req.header("if-match", format!("\"{v}\""));
        }
        Reply::from(req.send().await.unwrap()).await
    }
}

/// A tenant with its administrator's access token.
#[derive(Debug, Clone)]
pub struct Tenant {
    pub slug: String,
    pub tenant_id: Uuid,
    pub admin_id: Uuid,
    pub admin: String,
}

/// What a tenant's fixture data looks like after `Tenant::populate`.
#[derive(Debug, Clone)]
pub struct Plant {
    pub site_id: String,
    pub zone_ids: Vec<String>,
}

impl Tenant {
    /// One site with a plan-less 1000×1000 coordinate space and two zones.
    pub async fn populate(&self, app: &TestApp) -> Plant {
        let site = app
            .post("/api/v1/sites", &self.admin, json!({"code": "S1", "name": format!("Site of {}", self.slug)}))
            .await;
        assert_eq!(site.status, StatusCode::CREATED, "{}", site.body);
        let site_id = site.body["site_id"].as_str().unwrap().to_string();
        let mut zone_ids = Vec::new();
        for (i, code) in ["Z1", "Z2"].iter().enumerate() {
            let x = 100.0 * (i as f64 + 1.0) * 2.0;
            let zone = app
                .post(
                    "/api/v1/zones",
                    &self.admin,
                    json!({"site_id": site_id, "code": code, "name": format!("{} zone {code}", self.slug), "kind": "workshop",
                           "polygon": [[x, 10.0], [x + 100.0, 10.0], [x + 100.0, 110.0], [x, 110.0]]}),
                )
                .await;
            assert_eq!(zone.status, StatusCode::CREATED, "{}", zone.body);
            zone_ids.push(zone.body["zone_id"].as_str().unwrap().to_string());
        }
        Plant { site_id, zone_ids }
    }

    /// A person with one role (zone-scoped when `zone_id` is given), signed in.
    pub async fn person(&self, app: &TestApp, username: &str, role: Role, zone_id: Option<&str>) -> Person {
        let created = app
            .post(
                "/api/v1/users",
                &self.admin,
                json!({"username": username, "display_name": username, "password": PASSWORD,
                       "roles": [{"role": role.as_str(), "zone_id": zone_id}]}),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let token = app.login(&self.slug, username, PASSWORD).await.access_token();
        Person { user_id: created.body["user_id"].as_str().unwrap().to_string(), token }
    }

    /// An API key with the given scopes.
    pub async fn api_key(&self, app: &TestApp, scopes: &[&str]) -> (String, String) {
        let created = app.post("/api/v1/api-keys", &self.admin, json!({"name": "MES", "scopes": scopes})).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        (
            created.body["api_key"]["api_key_id"].as_str().unwrap().to_string(),
            created.body["token"].as_str().unwrap().to_string(),
        )
    }
}

#[derive(Debug, Clone)]
pub struct Person {
    pub user_id: String,
    pub token: String,
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
    pub text: String,
}

impl Reply {
    pub async fn from(response: reqwest::Response) -> Reply {
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply { status, headers, body, text }
    }

    pub fn access_token(&self) -> String {
        assert_eq!(self.status, StatusCode::OK, "login failed: {}", self.text);
        self.body["access_token"].as_str().unwrap().to_string()
    }

    pub fn content_type(&self) -> &str {
        self.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// Asserts an RFC 9457 problem with this status and returns the fields it names.
    pub fn problem(&self, status: StatusCode) -> Vec<String> {
        assert_eq!(self.status, status, "{}", self.text);
        assert!(
            self.content_type().starts_with("application/problem+json"),
            "not a problem: {} {}",
            self.content_type(),
            self.text
        );
        assert_eq!(self.body["status"], status.as_u16(), "{}", self.text);
        assert!(self.body["type"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(self.body["detail"].as_str().is_some_and(|t| !t.is_empty()));
        self.body["errors"]
            .as_array()
            .map(|a| a.iter().map(|e| e["field"].as_str().unwrap_or("").to_string()).collect())
            .unwrap_or_default()
    }
}

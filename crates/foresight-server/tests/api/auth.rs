//! Authentication: tokens that must be refused, refresh-token rotation and reuse, throttled sign-in,
//! API-key revocation, and zone-scoped visibility.

use crate::helpers::{TestApp, JWT_SECRET, PASSWORD};
use base64::Engine;
use foresight_core::rbac::Role;
use jsonwebtoken::{EncodingKey, Header};
use reqwest::{Method, StatusCode};
use serde_json::json;

fn b64(v: &serde_json::Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

#[tokio::test]
async fn expired_forged_wrong_key_and_unsigned_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    assert_eq!(app.get("/api/v1/me", &t.admin).await.status, StatusCode::OK, "the genuine token works");
    let now = chrono::Utc::now().timestamp();
    let claims = |exp: i64| json!({"sub": t.admin_id, "tid": t.tenant_id, "iat": now, "exp": exp, "typ": "access"});
    let sign = |claims: &serde_json::Value, secret: &[u8]| {
        jsonwebtoken::encode(&Header::default(), claims, &EncodingKey::from_secret(secret)).unwrap()
    };
    let expired = sign(&claims(now - 120), JWT_SECRET);
    let wrong_key = sign(&claims(now + 600), b"someone-elses-secret-someone-elses");
    let unsigned = format!("{}.{}.", b64(&json!({"alg": "none", "typ": "JWT"})), b64(&claims(now + 600)));
    // Same signature, payload swapped to claim another user: the signature no longer matches.
    let genuine_parts: Vec<&str> = t.admin.split('.').collect();
    let forged = format!(
        "{}.{}.{}",
        genuine_parts[0],
        b64(&json!({"sub": uuid::Uuid::now_v7(), "tid": t.tenant_id, "iat": now, "exp": now + 600, "typ": "access"})),
        genuine_parts[2]
    );
    let hs512 = jsonwebtoken::encode(
        &Header::new(jsonwebtoken::Algorithm::HS512),
        &claims(now + 600),
        &EncodingKey::from_secret(JWT_SECRET),
    )
    .unwrap();
    for (name, token) in [
        ("expired", expired),
        ("wrong key", wrong_key),
        ("alg none", unsigned),
        ("forged payload", forged),
        ("other algorithm", hs512),
        ("garbage", "abc".into()),
    ] {
        let reply = app.get("/api/v1/me", &token).await;
        reply.problem(StatusCode::UNAUTHORIZED);
        assert!(!reply.text.contains("admin"), "{name}: leaked data");
    }
    let no_token = app.call(Method::GET, "/api/v1/me", None, None).await;
    no_token.problem(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn refresh_tokens_rotate_and_reusing_a_spent_one_revokes_the_whole_family() {
    let app = TestApp::spawn().await;
    let _t = app.tenant("acme").await;
    let first = app.login("acme", "admin", PASSWORD).await;
    let r1 = first.body["refresh_token"].as_str().unwrap().to_string();
    let second = app.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": r1}))).await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.text);
    let r2 = second.body["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(r1, r2, "a refresh yields a new refresh token");
    assert_eq!(app.get("/api/v1/me", second.body["access_token"].as_str().unwrap()).await.status, StatusCode::OK);

    // A thief replays the spent token: refused, and the legitimate newer token dies with it.
    let replay = app.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": r1}))).await;
    replay.problem(StatusCode::UNAUTHORIZED);
    let after = app.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": r2}))).await;
    after.problem(StatusCode::UNAUTHORIZED);

    // Another sign-in is a different family and unaffected.
    let other = app.login("acme", "admin", PASSWORD).await;
    let r3 = other.body["refresh_token"].as_str().unwrap();
    assert_eq!(
        app.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": r3}))).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn logout_revokes_the_refresh_token_family() {
    let app = TestApp::spawn().await;
    app.tenant("acme").await;
    let pair = app.login("acme", "admin", PASSWORD).await;
    let r = pair.body["refresh_token"].as_str().unwrap();
    assert_eq!(
        app.call(Method::POST, "/api/v1/auth/logout", None, Some(json!({"refresh_token": r}))).await.status,
        StatusCode::NO_CONTENT
    );
    app.call(Method::POST, "/api/v1/auth/refresh", None, Some(json!({"refresh_token": r})))
        .await
        .problem(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn repeated_failed_sign_ins_are_throttled_with_retry_after() {
    let app = TestApp::spawn().await;
    app.tenant("acme").await;
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(app.login("acme", "admin", "wrong-password-guess").await);
    }
    let codes: Vec<u16> = statuses.iter().map(|r| r.status.as_u16()).collect();
    assert_eq!(&codes[..5], &[401; 5], "the first failures are plain refusals: {codes:?}");
    assert!(codes[5..].iter().all(|c| *c == 429), "then the account is throttled: {codes:?}");
    let throttled = statuses.last().unwrap();
    throttled.problem(StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = throttled.headers.get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!(retry >= 1);
    // While locked, even the right password is refused: guessing cannot continue.
    assert_eq!(app.login("acme", "admin", PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
    // Other accounts are not locked by it.
    let unknown_tenant = app.login("nope", "admin", PASSWORD).await;
    unknown_tenant.problem(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn wrong_password_unknown_user_and_unknown_tenant_answer_alike() {
    let app = TestApp::spawn().await;
    app.tenant("acme").await;
    let a = app.login("acme", "admin", "not-the-password").await;
    let b = app.login("acme", "nobody", PASSWORD).await;
    let c = app.login("nope", "admin", PASSWORD).await;
    for r in [&a, &b, &c] {
        r.problem(StatusCode::UNAUTHORIZED);
    }
    assert_eq!(a.body["detail"], b.body["detail"]);
    assert_eq!(b.body["detail"], c.body["detail"]);
}

#[tokio::test]
async fn a_revoked_api_key_stops_working_at_once() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    t.populate(&app).await;
    let (id, key) = t.api_key(&app, &["zone:read"]).await;
    assert_eq!(app.get("/api/v1/zones", &key).await.status, StatusCode::OK);
    // Scopes bound it: it cannot write zones or read people.
    app.get("/api/v1/users", &key).await.problem(StatusCode::FORBIDDEN);
    let listed = app.get("/api/v1/api-keys", &t.admin).await;
    assert!(listed.body["items"][0]["last_used_at"].is_string(), "last use is recorded: {}", listed.text);
    assert!(!listed.text.contains(&key), "the secret is never listed");
    assert_eq!(app.delete(&format!("/api/v1/api-keys/{id}"), &t.admin, None).await.status, StatusCode::NO_CONTENT);
    app.get("/api/v1/zones", &key).await.problem(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_api_key_cannot_be_given_more_than_integration_scopes() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let reply = app
        .post("/api/v1/api-keys", &t.admin, json!({"name": "x", "scopes": ["zone:read", "api_key:manage", "nonsense"]}))
        .await;
    let fields = reply.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields, vec!["scopes[1]", "scopes[2]"]);
    let offered = app.get("/api/v1/api-keys/scopes", &t.admin).await;
    let offered: Vec<&str> = offered.body.as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    assert!(offered.contains(&"zone:read") && offered.contains(&"audit:read"), "{offered:?}");
    assert!(!offered.contains(&"api_key:manage") && !offered.contains(&"user:write"), "{offered:?}");
}

#[tokio::test]
async fn a_zone_scoped_engineer_sees_only_his_zones() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let plant = t.populate(&app).await;
    let engineer = t.person(&app, "eng", Role::WorkshopEngineer, Some(&plant.zone_ids[0])).await;
    let list = app.get("/api/v1/zones", &engineer.token).await;
    assert_eq!(list.status, StatusCode::OK);
    let ids: Vec<&str> =
        list.body["items"].as_array().unwrap().iter().map(|z| z["zone_id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec![plant.zone_ids[0].as_str()]);
    assert_eq!(list.body["total"], 1);
    assert_eq!(app.get(&format!("/api/v1/zones/{}", plant.zone_ids[0]), &engineer.token).await.status, StatusCode::OK);
    app.get(&format!("/api/v1/zones/{}", plant.zone_ids[1]), &engineer.token).await.problem(StatusCode::NOT_FOUND);
    // He may not edit zones at all, his own included.
    let patch =
        app.patch(&format!("/api/v1/zones/{}", plant.zone_ids[0]), &engineer.token, 1, json!({"name": "mine"})).await;
    patch.problem(StatusCode::FORBIDDEN);
    let me = app.get("/api/v1/me", &engineer.token).await;
    assert_eq!(me.body["zone_scope"], json!([plant.zone_ids[0]]));
}

#[tokio::test]
async fn a_disabled_person_and_a_removed_role_take_effect_on_the_next_request() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    t.populate(&app).await;
    let manager = t.person(&app, "mgr", Role::SafetyManager, None).await;
    assert_eq!(
        app.post("/api/v1/sites", &manager.token, json!({"code": "M1", "name": "m"})).await.status,
        StatusCode::CREATED
    );
    let roles = app.get(&format!("/api/v1/users/{}/roles", manager.user_id), &t.admin).await;
    let assignment = roles.body[0]["role_assignment_id"].as_str().unwrap();
    let removed = app.delete(&format!("/api/v1/users/{}/roles/{assignment}", manager.user_id), &t.admin, None).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.text);
    app.post("/api/v1/sites", &manager.token, json!({"code": "M2", "name": "m"})).await.problem(StatusCode::FORBIDDEN);
    let user = app.get(&format!("/api/v1/users/{}", manager.user_id), &t.admin).await;
    let version = user.body["version"].as_i64().unwrap();
    let disabled = app
        .patch(&format!("/api/v1/users/{}", manager.user_id), &t.admin, version, json!({"status": "disabled"}))
        .await;
    assert_eq!(disabled.status, StatusCode::OK, "{}", disabled.text);
    app.get("/api/v1/me", &manager.token).await.problem(StatusCode::UNAUTHORIZED);
    app.login("acme", "mgr", PASSWORD).await.problem(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_last_tenant_administrator_cannot_be_disabled_or_demoted() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let roles = app.get(&format!("/api/v1/users/{}/roles", t.admin_id), &t.admin).await;
    let assignment = roles.body[0]["role_assignment_id"].as_str().unwrap();
    app.delete(&format!("/api/v1/users/{}/roles/{assignment}", t.admin_id), &t.admin, None)
        .await
        .problem(StatusCode::CONFLICT);
    app.patch(&format!("/api/v1/users/{}", t.admin_id), &t.admin, 1, json!({"status": "disabled"}))
        .await
        .problem(StatusCode::CONFLICT);
    assert_eq!(app.get("/api/v1/me", &t.admin).await.status, StatusCode::OK);
}

#[tokio::test]
async fn viewers_and_team_leaders_cannot_change_anything() {
    let app = TestApp::spawn().await;
    let t = app.tenant("acme").await;
    let plant = t.populate(&app).await;
    for role in [Role::Viewer, Role::TeamLeader, Role::ContractorPm, Role::PlantSafety] {
        let zone = (role == Role::TeamLeader).then(|| plant.zone_ids[0].as_str());
        let p = t.person(&app, role.as_str(), role, zone).await;
        app.post("/api/v1/sites", &p.token, json!({"code": "V1", "name": "v"})).await.problem(StatusCode::FORBIDDEN);
        app.post("/api/v1/users", &p.token, json!({"username": "xx1", "display_name": "x", "password": PASSWORD}))
            .await
            .problem(StatusCode::FORBIDDEN);
        app.get("/api/v1/api-keys", &p.token).await.problem(StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_platform_administrator_creates_a_tenant_whose_admin_can_sign_in() {
    let app = TestApp::spawn().await;
    let t = app.tenant("operator").await;
    sqlx::query("INSERT INTO role_assignment (tenant_id, role_assignment_id, user_id, role) VALUES ($1, $2, $3, 'platform_admin')")
        .bind(t.tenant_id)
        .bind(uuid::Uuid::now_v7())
        .bind(t.admin_id)
        .execute(&app.db.owner)
        .await
        .unwrap();
    let created = app
        .post("/api/v1/tenants", &t.admin, json!({"slug": "newco", "name": "新公司", "admin": {"username": "boss", "display_name": "老板", "password": PASSWORD}}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let dup = app
        .post("/api/v1/tenants", &t.admin, json!({"slug": "newco", "name": "again", "admin": {"username": "boss", "display_name": "x", "password": PASSWORD}}))
        .await;
    assert_eq!(dup.problem(StatusCode::CONFLICT), vec!["slug"]);
    let listed = app.get("/api/v1/tenants", &t.admin).await;
    assert_eq!(listed.body.as_array().unwrap().len(), 2);
    let boss = app.login("newco", "boss", PASSWORD).await.access_token();
    let me = app.get("/api/v1/me", &boss).await;
    assert_eq!(me.body["tenant"]["slug"], "newco");
    // The new admin is a tenant admin, not a platform admin.
    app.get("/api/v1/tenants", &boss).await.problem(StatusCode::FORBIDDEN);
}

//! Alerts through the API: a signal opens an alert that the system screens; the zone's engineer decides,
//! plant safety approves with a corrective action, its owner completes it and the alert closes; no level
//! can be skipped, the final reviewer cannot be the level-2 decider, every transition is in the audit
//! chain, people outside the zone or the tenant see nothing, and a storm of signals yields a handful of
//! alerts.

use crate::helpers::{Tenant, TestApp};
use chrono::{Duration, Utc};
use foresight_alerting::intake::{self, Incoming, Observed};
use foresight_core::rbac::Role;
use foresight_store::pool::{begin_tenant, Scope};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

fn signal(site: &str, zone: &str, cause: &str, n: usize, severity: u8, at: chrono::DateTime<Utc>) -> Incoming {
    Incoming {
        site_id: site.parse().unwrap(),
        zone_id: zone.parse().unwrap(),
        source: "zone_risk",
        cause: cause.into(),
        source_ref: format!("test:{cause}:{zone}:{n}"),
        severity,
        at,
        title: format!("{cause} 测试"),
        title_en: format!("{cause} test"),
        detail: format!("第 {n} 次"),
        detail_en: format!("occurrence {n}"),
        device_id: None,
        evidence: json!({}),
    }
}

async fn observe(app: &TestApp, tenant: &Tenant, s: &Incoming) -> Observed {
    let mut tx = begin_tenant(&app.db.app, tenant.tenant_id, &Scope::AllZones).await.unwrap();
    let observed = intake::observe(&mut tx, tenant.tenant_id, s).await.unwrap();
    tx.commit().await.unwrap();
    observed
}

/// An alert of the tenant in the zone, screened and waiting for the workshop engineer (for the sweeps).
pub async fn alert_of(app: &TestApp, tenant: &Tenant, site_id: &str, zone_id: &str) -> String {
    // A cause of its own, so every call opens a new alert.
    let cause = format!("sweep-{}", Uuid::now_v7().simple());
    match observe(app, tenant, &signal(site_id, zone_id, &cause, 0, 3, Utc::now())).await {
        Observed::Opened(id) => id.to_string(),
        other => panic!("expected a new alert, got {other:?}"),
    }
}

async fn command(app: &TestApp, alert: &str, token: &str, version: i64, body: Value) -> crate::helpers::Reply {
    let response = app
        .http
        .post(app.url(&format!("/api/v1/alerts/{alert}/commands")))
        .bearer_auth(token)
        .header("If-Match", format!("\"{version}\""))
        .json(&body)
        .send()
        .await
        .unwrap();
    crate::helpers::Reply::from(response).await
}

#[tokio::test]
async fn an_alert_goes_through_every_level_to_closed_and_each_step_is_audited() {
    let app = TestApp::spawn().await;
    let tenant = app.tenant("acme").await;
    let plant = tenant.populate(&app).await;
    let (z1, z2) = (&plant.zone_ids[0], &plant.zone_ids[1]);
    let engineer = tenant.person(&app, "eng1", Role::WorkshopEngineer, Some(z1)).await;
    let other_engineer = tenant.person(&app, "eng2", Role::WorkshopEngineer, Some(z2)).await;
    let safety = tenant.person(&app, "plantsafety", Role::PlantSafety, None).await;
    let leader = tenant.person(&app, "lead", Role::TeamLeader, Some(z1)).await;

    let alert = alert_of(&app, &tenant, &plant.site_id, z1).await;
    let detail = app.get(&format!("/api/v1/alerts/{alert}"), &engineer.token).await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.text);
    // Screening ran at once and recorded its reasoning; the engineer may decide now.
    assert_eq!(detail.body["stage"], "engineer_review");
    assert_eq!(detail.body["screening"]["outcome"], "confirmed");
    assert!(detail.body["deadline_at"].is_string());
    assert_eq!(detail.body["allowed_commands"], json!(["decide", "request_data"]));
    // The engineer of another zone does not see it at all.
    app.get(&format!("/api/v1/alerts/{alert}"), &other_engineer.token).await.problem(StatusCode::NOT_FOUND);
    // It waits in the engineer's queue and reached his inbox.
    let queue = app.get("/api/v1/alerts?queue=mine", &engineer.token).await;
    assert_eq!(queue.body["total"], 1, "{}", queue.text);
    let inbox = app.get("/api/v1/me/inbox", &engineer.token).await;
    assert_eq!(inbox.body["unread"], 1, "{}", inbox.text);

    // No level can be skipped: plant safety cannot approve before the engineer decided.
    let version = detail.body["version"].as_i64().unwrap();
    let early = command(&app, &alert, &safety.token, version, json!({"command": "approve", "comment": "ok"})).await;
    let fields = early.problem(StatusCode::CONFLICT);
    assert!(fields.contains(&"command".to_string()), "{fields:?}");
    // A team leader may read but not decide.
    command(&app, &alert, &leader.token, version, json!({"command": "decide", "disposition": {"kind": "confirmed"}}))
        .await
        .problem(StatusCode::FORBIDDEN);
    // Rejecting needs a comment.
    let bare = command(
        &app,
        &alert,
        &engineer.token,
        version,
        json!({"command": "decide", "disposition": {"kind": "rejected"}}),
    )
    .await;
    assert_eq!(bare.problem(StatusCode::UNPROCESSABLE_ENTITY), ["comment"]);

    let decided = command(
        &app,
        &alert,
        &engineer.token,
        version,
        json!({"command": "decide", "disposition": {"kind": "confirmed"}, "comment": "现场确认"}),
    )
    .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.text);
    assert_eq!(decided.body["stage"], "final_review");
    // A stale version changes nothing.
    command(&app, &alert, &safety.token, version, json!({"command": "return", "comment": "x"}))
        .await
        .problem(StatusCode::PRECONDITION_FAILED);

    let version = decided.body["version"].as_i64().unwrap();
    let due = (Utc::now() + Duration::days(3)).to_rfc3339();
    let approved = command(
        &app,
        &alert,
        &safety.token,
        version,
        json!({"command": "approve", "comment": "同意",
        "actions": [{"title": "更换密封件", "owner_id": leader.user_id, "due_at": due}]}),
    )
    .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);
    assert_eq!(approved.body["stage"], "actions_open");
    let action = approved.body["actions"][0]["action_id"].as_str().unwrap().to_string();
    let board = app.get("/api/v1/alert-actions?mine=true&open=true", &leader.token).await;
    assert_eq!(board.body["total"], 1, "{}", board.text);
    // Only the owner completes it; the last one closes the alert.
    let version = approved.body["version"].as_i64().unwrap();
    command(&app, &alert, &safety.token, version, json!({"command": "complete_action", "action_id": action}))
        .await
        .problem(StatusCode::CONFLICT);
    let closed = command(
        &app,
        &alert,
        &leader.token,
        version,
        json!({"command": "complete_action", "action_id": action, "comment": "已更换"}),
    )
    .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.text);
    assert_eq!(closed.body["stage"], "closed");
    assert!(closed.body["closed_at"].is_string());

    // Every transition is in the hash-chained audit trail, and the record names each step's audit link.
    let transitions = closed.body["transitions"].as_array().unwrap();
    assert_eq!(transitions.len(), 4, "screen_confirm, decide, approve, complete_action");
    let audited: Vec<i64> = sqlx::query_scalar(
        "SELECT seq FROM audit_event WHERE tenant_id = $1 AND action LIKE 'alert.%' AND target_id = $2 ORDER BY seq",
    )
    .bind(tenant.tenant_id)
    .bind(&alert)
    .fetch_all(&app.db.owner)
    .await
    .unwrap();
    let linked: Vec<i64> = transitions.iter().map(|t| t["audit_seq"].as_i64().unwrap()).collect();
    assert_eq!(audited, linked);
    let record = app.call(Method::GET, &format!("/api/v1/alerts/{alert}/record"), Some(&safety.token), None).await;
    assert_eq!(record.status, StatusCode::OK);
    assert!(record.text.contains("现场确认") && record.text.contains("更换密封件"), "{}", record.text);
}

#[tokio::test]
async fn a_missed_deadline_escalates_once_to_the_next_rung_and_restarts_the_clock() {
    let app = TestApp::spawn().await;
    let tenant = app.tenant("acme").await;
    let plant = tenant.populate(&app).await;
    let z1 = &plant.zone_ids[0];
    let engineer = tenant.person(&app, "eng1", Role::WorkshopEngineer, Some(z1)).await;
    let safety = tenant.person(&app, "plantsafety", Role::PlantSafety, None).await;
    let alert = alert_of(&app, &tenant, &plant.site_id, z1).await;
    let detail = app.get(&format!("/api/v1/alerts/{alert}"), &engineer.token).await;
    let deadline: chrono::DateTime<Utc> = detail.body["deadline_at"].as_str().unwrap().parse().unwrap();
    // Orange at the workshop: one hour (the default policy).
    let opened: chrono::DateTime<Utc> = detail.body["opened_at"].as_str().unwrap().parse().unwrap();
    assert!((deadline - opened - Duration::hours(1)).num_seconds().abs() <= 5, "{opened} → {deadline}");

    let escalate = |at| foresight_alerting::worker::escalate_due(&app.db.app, at);
    assert_eq!(escalate(deadline - Duration::seconds(1)).await.unwrap(), 0, "not due yet");
    assert_eq!(escalate(deadline).await.unwrap(), 1);
    // The same instant again (another node, or a restart): the clock moved on, nothing happens twice.
    assert_eq!(escalate(deadline).await.unwrap(), 0);
    let after = app.get(&format!("/api/v1/alerts/{alert}"), &engineer.token).await;
    assert_eq!(after.body["stage"], "engineer_review", "escalation does not skip the level");
    assert_eq!(after.body["escalation"], 1);
    let next: chrono::DateTime<Utc> = after.body["deadline_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(next, deadline + Duration::hours(1));
    let last = after.body["transitions"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["actor_kind"].as_str(), last["command"]["command"].as_str()),
        (Some("system"), Some("deadline_missed"))
    );
    // The next rung (plant safety) is told; the engineer is reminded.
    let inbox = app.get("/api/v1/me/inbox", &safety.token).await;
    assert_eq!(inbox.body["unread"], 1, "{}", inbox.text);
    assert!(inbox.body["items"][0]["body"].as_str().unwrap().contains("超时"), "{}", inbox.text);
    let reminded = app.get("/api/v1/me/inbox", &engineer.token).await;
    assert_eq!(reminded.body["unread"], 2, "told when it arrived and when its deadline passed");
}

/// The next `alert` event of an SSE response, as JSON.
async fn next_alert_event(response: &mut reqwest::Response, buffer: &mut String) -> Value {
    loop {
        if let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            if block.lines().any(|l| l == "event: alert") {
                let data: String = block.lines().filter_map(|l| l.strip_prefix("data: ")).collect();
                return serde_json::from_str(&data).unwrap();
            }
            continue;
        }
        let chunk = response.chunk().await.unwrap().expect("the stream stays open");
        buffer.push_str(&String::from_utf8_lossy(&chunk));
    }
}

#[tokio::test]
async fn the_alert_stream_carries_only_the_callers_tenant_and_zones() {
    let app = TestApp::spawn().await;
    let a = app.tenant("acme").await;
    let b = app.tenant("beta").await;
    let plant_a = a.populate(&app).await;
    let plant_b = b.populate(&app).await;
    let engineer = a.person(&app, "eng1", Role::WorkshopEngineer, Some(&plant_a.zone_ids[0])).await;
    let mut stream =
        app.http.get(app.url(&format!("/api/v1/alerts/stream?access_token={}", engineer.token))).send().await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    // The stream is subscribed once its headers are sent; another tenant's alert, then one in a zone
    // the engineer does not see, then one in his zone.
    alert_of(&app, &b, &plant_b.site_id, &plant_b.zone_ids[0]).await;
    alert_of(&app, &a, &plant_a.site_id, &plant_a.zone_ids[1]).await;
    let mine = alert_of(&app, &a, &plant_a.site_id, &plant_a.zone_ids[0]).await;
    let mut buffer = String::new();
    let first = next_alert_event(&mut stream, &mut buffer).await;
    assert_eq!(first["alert"]["alert_id"], mine.as_str(), "the first event is his own zone's: {first}");
    assert_eq!(first["kind"], "opened");
    let second = next_alert_event(&mut stream, &mut buffer).await;
    assert_eq!((second["alert"]["alert_id"].as_str(), second["kind"].as_str()), (Some(mine.as_str()), Some("changed")));
    assert_eq!(second["alert"]["stage"], "engineer_review", "screened");
}

#[tokio::test]
async fn people_told_for_information_get_what_their_preferences_ask_for() {
    let app = TestApp::spawn().await;
    let tenant = app.tenant("acme").await;
    let plant = tenant.populate(&app).await;
    let z1 = &plant.zone_ids[0];
    let everything = tenant.person(&app, "leader1", Role::TeamLeader, Some(z1)).await;
    let red_only = tenant.person(&app, "leader2", Role::TeamLeader, Some(z1)).await;
    let saved = app
        .call(
            Method::PUT,
            "/api/v1/me/notification-preferences",
            Some(&red_only.token),
            Some(json!({"inbox_min_grade": "red", "browser_min_grade": "red"})),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
    let refused = app
        .call(
            Method::PUT,
            "/api/v1/me/notification-preferences",
            Some(&red_only.token),
            Some(json!({"inbox_min_grade": "purple", "browser_min_grade": "red"})),
        )
        .await;
    assert_eq!(refused.problem(StatusCode::UNPROCESSABLE_ENTITY), ["inbox_min_grade"]);
    // An orange alert in their zone, confirmed by screening.
    alert_of(&app, &tenant, &plant.site_id, z1).await;
    let told = app.get("/api/v1/me/inbox", &everything.token).await;
    assert_eq!(told.body["unread"], 1, "{}", told.text);
    assert!(told.body["items"][0]["title"].as_str().unwrap().contains("橙色"), "{}", told.text);
    let quiet = app.get("/api/v1/me/inbox", &red_only.token).await;
    assert_eq!(quiet.body["unread"], 0, "red only: {}", quiet.text);
    // A red one reaches both.
    let red = signal(&plant.site_id, z1, "red-cause", 0, 4, Utc::now());
    assert!(matches!(observe(&app, &tenant, &red).await, Observed::Opened(_)));
    assert_eq!(app.get("/api/v1/me/inbox", &red_only.token).await.body["unread"], 1);
    // Read one, then all.
    let item = told.body["items"][0]["inbox_item_id"].as_str().unwrap();
    let read = app.call(Method::POST, &format!("/api/v1/me/inbox/{item}/read"), Some(&everything.token), None).await;
    assert_eq!(read.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/me/inbox", &everything.token).await.body["unread"], 1);
    // Someone else's item is not found, not marked.
    let other = app.call(Method::POST, &format!("/api/v1/me/inbox/{item}/read"), Some(&red_only.token), None).await;
    other.problem(StatusCode::NOT_FOUND);
    let all = app.call(Method::POST, "/api/v1/me/inbox/read-all", Some(&everything.token), None).await;
    assert_eq!(all.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get("/api/v1/me/inbox", &everything.token).await.body["unread"], 0);
}

#[tokio::test]
async fn a_dismissal_can_be_reopened_and_every_branch_of_the_review_is_reachable() {
    let app = TestApp::spawn().await;
    let tenant = app.tenant("acme").await;
    let plant = tenant.populate(&app).await;
    let z1 = &plant.zone_ids[0];
    let engineer = tenant.person(&app, "eng1", Role::WorkshopEngineer, Some(z1)).await;
    let safety = tenant.person(&app, "plantsafety", Role::PlantSafety, None).await;
    // Two signals of one device under different causes: the second is screened as a duplicate.
    let device = Uuid::now_v7();
    let mut first = signal(&plant.site_id, z1, "alarm:high", 0, 3, Utc::now());
    first.device_id = Some(device);
    let mut second = signal(&plant.site_id, z1, "alarm:rate", 0, 3, Utc::now());
    second.device_id = Some(device);
    let Observed::Opened(kept) = observe(&app, &tenant, &first).await else { panic!("first opens") };
    let Observed::Opened(dup) = observe(&app, &tenant, &second).await else { panic!("second opens") };
    let dismissed = app.get(&format!("/api/v1/alerts/{dup}"), &engineer.token).await;
    assert_eq!(dismissed.body["stage"], "dismissed", "{}", dismissed.text);
    assert_eq!(dismissed.body["screening"]["reason"], "duplicate");
    assert!(dismissed.body["deadline_at"].is_null());
    assert_eq!(dismissed.body["allowed_commands"], json!(["reopen"]));
    // Reopening needs a comment and sends it to the engineer.
    let v = dismissed.body["version"].as_i64().unwrap();
    let bare = command(&app, &dup.to_string(), &engineer.token, v, json!({"command": "reopen"})).await;
    assert_eq!(bare.problem(StatusCode::UNPROCESSABLE_ENTITY), ["comment"]);
    let reopened = command(
        &app,
        &dup.to_string(),
        &engineer.token,
        v,
        json!({"command": "reopen", "comment": "两个报警原因不同"}),
    )
    .await;
    assert_eq!(reopened.body["stage"], "engineer_review", "{}", reopened.text);

    // The other alert: more data, supplied; downgraded; returned by plant safety; decided again.
    let kept = kept.to_string();
    let mut v = app.get(&format!("/api/v1/alerts/{kept}"), &engineer.token).await.body["version"].as_i64().unwrap();
    for (token, body, stage) in [
        (&engineer.token, json!({"command": "request_data", "comment": "需要现场照片"}), "awaiting_data"),
        (&engineer.token, json!({"command": "supply_data", "comment": "已上传"}), "engineer_review"),
        (
            &engineer.token,
            json!({"command": "decide", "disposition": {"kind": "downgraded", "grade": "yellow"}, "comment": "读数偏高但可控"}),
            "final_review",
        ),
        (&safety.token, json!({"command": "return", "comment": "请复核"}), "engineer_review"),
        (&engineer.token, json!({"command": "decide", "disposition": {"kind": "confirmed"}}), "final_review"),
        (&safety.token, json!({"command": "escalate", "comment": "提交安全总监"}), "final_review"),
        (&safety.token, json!({"command": "approve", "comment": "同意，无需整改"}), "closed"),
    ] {
        let reply = command(&app, &kept, token, v, body.clone()).await;
        assert_eq!(reply.status, StatusCode::OK, "{body}: {}", reply.text);
        assert_eq!(reply.body["stage"], stage, "{body}");
        v = reply.body["version"].as_i64().unwrap();
    }
    let closed = app.get(&format!("/api/v1/alerts/{kept}"), &safety.token).await;
    assert_eq!(closed.body["escalation"], 1);
    assert_eq!(closed.body["decision"]["disposition"]["kind"], "confirmed");
    // A downgrade to red (not lower) is refused on its field.
    let low = command(
        &app,
        &dup.to_string(),
        &engineer.token,
        reopened.body["version"].as_i64().unwrap(),
        json!({"command": "decide", "disposition": {"kind": "downgraded", "grade": "red"}, "comment": "x"}),
    )
    .await;
    assert_eq!(low.problem(StatusCode::UNPROCESSABLE_ENTITY), ["disposition.grade"]);
}

#[tokio::test]
async fn the_final_reviewer_is_never_the_level_two_decider() {
    let app = TestApp::spawn().await;
    let tenant = app.tenant("acme").await;
    let plant = tenant.populate(&app).await;
    let z1 = &plant.zone_ids[0];
    let both = tenant.person(&app, "both", Role::WorkshopEngineer, Some(z1)).await;
    let granted = app
        .post(&format!("/api/v1/users/{}/roles", both.user_id), &tenant.admin, json!({"role": "plant_safety"}))
        .await;
    assert_eq!(granted.status, StatusCode::CREATED, "{}", granted.text);
    let alert = alert_of(&app, &tenant, &plant.site_id, z1).await;
    let detail = app.get(&format!("/api/v1/alerts/{alert}"), &both.token).await;
    let version = detail.body["version"].as_i64().unwrap();
    let decided =
        command(&app, &alert, &both.token, version, json!({"command": "decide", "disposition": {"kind": "confirmed"}}))
            .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.text);
    // He may escalate, but neither approve nor return his own decision.
    assert_eq!(decided.body["allowed_commands"], json!(["escalate"]));
    let version = decided.body["version"].as_i64().unwrap();
    let own = command(&app, &alert, &both.token, version, json!({"command": "approve", "comment": "ok"})).await;
    own.problem(StatusCode::CONFLICT);
    assert!(own.text.contains("same_reviewer"), "{}", own.text);
}

#[tokio::test]
async fn a_storm_of_correlated_signals_yields_a_handful_of_alerts_and_the_queue_answers() {
    let app = TestApp::spawn().await;
    let tenant = app.tenant("acme").await;
    let plant = tenant.populate(&app).await;
    let start = Utc::now() - Duration::seconds(60);
    // 2,000 signals within a minute: two zones × three causes, each key's severity cycling 2, 3, 4.
    let causes = ["alarm:nh3", "alarm:temp", "zone_risk"];
    let mut outcomes = std::collections::HashMap::new();
    for n in 0..2000 {
        let zone = &plant.zone_ids[n % 2];
        let cause = causes[n % 3];
        let at = start + Duration::milliseconds(30 * n as i64);
        let severity = 2 + ((n / 6) % 3) as u8;
        let observed = observe(&app, &tenant, &signal(&plant.site_id, zone, cause, n, severity, at)).await;
        *outcomes.entry(std::mem::discriminant(&observed)).or_insert(0) += 1;
    }
    let alerts: i64 = sqlx::query_scalar("SELECT count(*) FROM alert WHERE tenant_id = $1")
        .bind(tenant.tenant_id)
        .fetch_one(&app.db.owner)
        .await
        .unwrap();
    assert_eq!(alerts, 6, "one alert per zone and cause");
    let counted: i64 = sqlx::query_scalar("SELECT sum(occurrences) FROM alert WHERE tenant_id = $1")
        .bind(tenant.tenant_id)
        .fetch_one(&app.db.owner)
        .await
        .unwrap();
    assert_eq!(counted, 2000, "every signal is counted as an occurrence");
    let severities: Vec<i16> = sqlx::query_scalar("SELECT severity FROM alert WHERE tenant_id = $1")
        .bind(tenant.tenant_id)
        .fetch_all(&app.db.owner)
        .await
        .unwrap();
    assert!(severities.iter().all(|s| *s == 4), "each alert carries its highest occurrence: {severities:?}");
    // Seen again (a notification and a catch-up), a signal counts once.
    assert_eq!(
        observe(&app, &tenant, &signal(&plant.site_id, &plant.zone_ids[0], causes[0], 0, 2, start)).await,
        Observed::AlreadySeen
    );
    let list = app.get("/api/v1/alerts?open=true", &tenant.admin).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert_eq!(list.body["total"], 6);
}

#[tokio::test]
async fn alerts_policy_and_webhooks_are_validated_and_kept_per_tenant() {
    let app = TestApp::spawn().await;
    let tenant = app.tenant("acme").await;
    let other = app.tenant("beta").await;
    let policy = app.get("/api/v1/alert-policy", &tenant.admin).await;
    assert_eq!(policy.status, StatusCode::OK, "{}", policy.text);
    assert_eq!(policy.body["zone_grade"], "orange");
    let mut bad = policy.body.clone();
    bad["deadlines"]["final_review"]["red"] = json!(10 * 86_400);
    bad["flap_limit"] = json!(1);
    bad["zone_grade"] = json!("purple");
    let put = app
        .http
        .put(app.url("/api/v1/alert-policy"))
        .bearer_auth(&tenant.admin)
        .header("If-Match", "\"0\"")
        .json(&bad)
        .send()
        .await
        .unwrap();
    let reply = crate::helpers::Reply::from(put).await;
    let mut fields = reply.problem(StatusCode::UNPROCESSABLE_ENTITY);
    fields.sort();
    assert_eq!(fields, ["deadlines.final_review.red", "flap_limit", "zone_grade"]);

    let hook = app.post("/api/v1/webhooks", &tenant.admin, json!({"name": "EHS", "url": "ftp://x"})).await;
    assert_eq!(hook.problem(StatusCode::UNPROCESSABLE_ENTITY), ["url"]);
    let hook =
        app.post("/api/v1/webhooks", &tenant.admin, json!({"name": "EHS", "url": "http://127.0.0.1:9/hook"})).await;
    assert_eq!(hook.status, StatusCode::CREATED, "{}", hook.text);
    assert!(hook.body["secret"].as_str().unwrap().len() >= 32);
    let id = hook.body["webhook_id"].as_str().unwrap();
    let listed = app.get("/api/v1/webhooks", &tenant.admin).await;
    assert!(listed.body[0].get("secret").is_none(), "the secret is shown once");
    app.get(&format!("/api/v1/webhooks/{id}"), &other.admin).await.problem(StatusCode::NOT_FOUND);
}

/// Unknown ids are 404s and another tenant's alert is invisible (the sweeps in tenancy.rs cover every route).
#[tokio::test]
async fn another_tenants_alert_is_not_found() {
    let app = TestApp::spawn().await;
    let a = app.tenant("acme").await;
    let b = app.tenant("beta").await;
    let plant_b = b.populate(&app).await;
    let alert = alert_of(&app, &b, &plant_b.site_id, &plant_b.zone_ids[0]).await;
    app.get(&format!("/api/v1/alerts/{alert}"), &a.admin).await.problem(StatusCode::NOT_FOUND);
    app.get(&format!("/api/v1/alerts/{}", Uuid::now_v7()), &b.admin).await.problem(StatusCode::NOT_FOUND);
    let mine = app.get("/api/v1/alerts", &a.admin).await;
    assert_eq!(mine.body["total"], 0);
}

/// A webhook of the tenant (for the sweeps).
pub async fn webhook_of(app: &TestApp, tenant: &Tenant) -> String {
    let hook =
        app.post("/api/v1/webhooks", &tenant.admin, json!({"name": "sweep", "url": "http://127.0.0.1:9/"})).await;
    assert_eq!(hook.status, StatusCode::CREATED, "{}", hook.text);
    hook.body["webhook_id"].as_str().unwrap().to_string()
}

/// An inbox item of someone in the tenant: an engineer of the zone told of a new alert (for the sweeps).
pub async fn inbox_item_of(app: &TestApp, tenant: &Tenant, site_id: &str, zone_id: &str) -> String {
    let username = format!("inbox-{}", Uuid::now_v7().simple());
    tenant.person(app, &username, Role::WorkshopEngineer, Some(zone_id)).await;
    alert_of(app, tenant, site_id, zone_id).await;
    let id: Uuid = sqlx::query_scalar("SELECT inbox_item_id FROM inbox_item WHERE tenant_id = $1 LIMIT 1")
        .bind(tenant.tenant_id)
        .fetch_one(&app.db.owner)
        .await
        .unwrap();
    id.to_string()
}

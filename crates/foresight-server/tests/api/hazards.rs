//! The hazard register: CRUD with If-Match, grades at the band boundaries under both tenant colour
//! mappings, "unassessed" never shown as low, Excel export/import round trip, and imports with bad
//! rows, bad files and another tenant's names.

use crate::helpers::{Reply, Tenant, TestApp};
use calamine::{Data, Reader, Xlsx};
use foresight_core::rbac::Role;
use reqwest::StatusCode;
use rust_xlsxwriter::{Formula, Workbook};
use serde_json::{json, Value};
use std::io::Cursor;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A tenant with a site (S1), zones Z1 and Z2, a person `zhang` and devices DEV-1 and DEV-2 in Z1.
struct Fixture {
    app: TestApp,
    t: Tenant,
    zones: Vec<String>,
    user_id: String,
    devices: Vec<String>,
}

async fn fixture(slug: &str) -> Fixture {
    let app = TestApp::spawn().await;
    let (t, zones, user_id, devices) = plant(&app, slug, "").await;
    Fixture { app, t, zones, user_id, devices }
}

/// Populates a tenant; `suffix` distinguishes another tenant's people and devices.
async fn plant(app: &TestApp, slug: &str, suffix: &str) -> (Tenant, Vec<String>, String, Vec<String>) {
    let t = app.tenant(slug).await;
    let plant = t.populate(app).await;
    let person = t.person(app, &format!("zhang{suffix}"), Role::SafetyManager, None).await;
    let model = app.post("/api/v1/thing-models", &t.admin, json!({"preset": "gas_detector_h2s"})).await;
    let model_id = model.body["thing_model_id"].as_str().expect("thing model").to_string();
    let mut devices = Vec::new();
    for code in ["DEV-1", "DEV-2"] {
        let device = app
            .post(
                "/api/v1/devices",
                &t.admin,
                json!({"site_id": plant.site_id, "zone_id": plant.zone_ids[0], "thing_model_id": model_id,
                       "code": format!("{code}{suffix}"), "name": code}),
            )
            .await;
        assert_eq!(device.status, StatusCode::CREATED, "{}", device.text);
        devices.push(device.body["device_id"].as_str().unwrap().to_string());
    }
    (t, plant.zone_ids, person.user_id, devices)
}

fn lec(l: f64, e: f64, c: f64) -> Value {
    json!({"method": "lec", "l": l, "e": e, "c": c})
}

fn ls(l: f64, s: f64) -> Value {
    json!({"method": "ls", "l": l, "s": s})
}

async fn create(fx: &Fixture, code: &str, assessment: Value) -> Reply {
    fx.app
        .post(
            "/api/v1/hazards",
            &fx.t.admin,
            json!({"zone_id": fx.zones[0], "code": code, "name": format!("风险点 {code}"), "category": "mechanical",
                   "assessment": assessment}),
        )
        .await
}

async fn put_settings(fx: &Fixture, version: i64, body: Value) -> Reply {
    let req = fx
        .app
        .http
        .put(fx.app.url("/api/v1/risk-settings"))
        .bearer_auth(&fx.t.admin)
        .header("if-match", format!("\"{version}\""))
        .json(&body);
    Reply::from(req.send().await.unwrap()).await
}

async fn import(app: &TestApp, token: &str, query: &str, bytes: Vec<u8>, lang: Option<&str>) -> Reply {
    let mut req = app
        .http
        .post(app.url(&format!("/api/v1/hazards/import{query}")))
        .bearer_auth(token)
        .header("content-type", XLSX)
        .body(bytes);
    if let Some(lang) = lang {
        req = req.header("accept-language", lang);
    }
    Reply::from(req.send().await.unwrap()).await
}

async fn download(app: &TestApp, path: &str, token: &str, lang: Option<&str>) -> Vec<u8> {
    let mut req = app.http.get(app.url(path)).bearer_auth(token);
    if let Some(lang) = lang {
        req = req.header("accept-language", lang);
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], XLSX);
    resp.bytes().await.unwrap().to_vec()
}

/// The first sheet as text cells.
fn cells(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("an xlsx");
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => format!("{i}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

async fn total(app: &TestApp, token: &str) -> i64 {
    let list = app.get("/api/v1/hazards?per_page=200", token).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    list.body["total"].as_i64().unwrap()
}

#[tokio::test]
async fn crud_with_if_match_and_an_unassessed_hazard_is_never_low() {
    let fx = fixture("acme").await;
    let app = &fx.app;
    let created = app
        .post(
            "/api/v1/hazards",
            &fx.t.admin,
            json!({"zone_id": fx.zones[0], "code": "HZ-1", "name": "氢气充装区", "category": "fire_explosion",
                   "engineering_controls": ["可燃气体报警联锁"], "responsible_user_id": fx.user_id,
                   "device_ids": [fx.devices[1], fx.devices[0]], "tags": ["night_shift"]}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let h = &created.body;
    assert_eq!(h["grade"], "unassessed", "a new hazard without an assessment is unassessed");
    assert_eq!(h["score"], Value::Null);
    assert_eq!(h["method"], Value::Null);
    assert_eq!(h["responsible_username"], "zhang");
    assert_eq!(h["device_codes"], json!(["DEV-1", "DEV-2"]));
    assert_eq!(created.headers["etag"], "\"1\"");
    let id = h["hazard_id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/hazards/{id}");
    // The list shows it as unassessed, and filtering by blue does not find it.
    let blue = app.get("/api/v1/hazards?grade=blue", &fx.t.admin).await;
    assert_eq!(blue.body["total"], 0);
    let unassessed = app.get("/api/v1/hazards?grade=unassessed&method=none", &fx.t.admin).await;
    assert_eq!(unassessed.body["total"], 1);
    // Duplicate code: 409 naming code.
    let dup = create(&fx, "HZ-1", Value::Null).await;
    assert_eq!(dup.problem(StatusCode::CONFLICT), vec!["code"]);
    // If-Match: missing 428, stale 412, current 200.
    let no_version = app
        .http
        .patch(app.url(&path))
        .bearer_auth(&fx.t.admin)
        .json(&json!({"assessment": lec(3.0, 6.0, 15.0)}))
        .send()
        .await
        .unwrap();
    assert_eq!(no_version.status(), StatusCode::PRECONDITION_REQUIRED);
    let stale = app.patch(&path, &fx.t.admin, 7, json!({"assessment": lec(3.0, 6.0, 15.0)})).await;
    stale.problem(StatusCode::PRECONDITION_FAILED);
    let assessed = app.patch(&path, &fx.t.admin, 1, json!({"assessment": lec(3.0, 6.0, 15.0)})).await;
    assert_eq!(assessed.status, StatusCode::OK, "{}", assessed.text);
    assert_eq!((assessed.body["score"].as_f64(), assessed.body["grade"].as_str()), (Some(270.0), Some("orange")));
    assert!(assessed.body["assessed_at"].is_string());
    assert_eq!(assessed.body["version"], 2);
    assert_eq!(assessed.body["device_codes"], json!(["DEV-1", "DEV-2"]), "devices untouched by a partial update");
    // Off-scale values name every bad field.
    let bad =
        app.patch(&path, &fx.t.admin, 2, json!({"assessment": {"method": "lec", "l": 2.0, "e": 6.5, "c": 15.0}})).await;
    let mut fields = bad.problem(StatusCode::UNPROCESSABLE_ENTITY);
    fields.sort();
    assert_eq!(fields, vec!["assessment.e", "assessment.l"]);
    let bad_ls =
        app.patch(&path, &fx.t.admin, 2, json!({"assessment": {"method": "ls", "l": 6.0, "s": 2.5, "e": 1.0}})).await;
    let mut fields = bad_ls.problem(StatusCode::UNPROCESSABLE_ENTITY);
    fields.sort();
    assert_eq!(fields, vec!["assessment.e", "assessment.l", "assessment.s"]);
    let en = app
        .http
        .patch(app.url(&path))
        .bearer_auth(&fx.t.admin)
        .header("if-match", "\"2\"")
        .header("accept-language", "en")
        .json(&json!({"assessment": {"method": "lec", "l": 3.0, "e": 6.5, "c": 15.0}}))
        .send()
        .await
        .unwrap();
    let en = Reply::from(en).await;
    assert_eq!(en.body["errors"][0]["message"], "Must be one of: 10, 6, 3, 2, 1, 0.5.", "{}", en.text);
    // Clearing the assessment makes it unassessed again, not low.
    let cleared = app.patch(&path, &fx.t.admin, 2, json!({"assessment": null, "device_ids": []})).await;
    assert_eq!(cleared.status, StatusCode::OK, "{}", cleared.text);
    assert_eq!((cleared.body["grade"].as_str(), cleared.body["score"].as_f64()), (Some("unassessed"), None));
    assert_eq!(cleared.body["device_codes"], json!([]));
    // References are checked.
    let unknown = app
        .post(
            "/api/v1/hazards",
            &fx.t.admin,
            json!({"zone_id": uuid::Uuid::new_v4(), "code": "HZ-2", "name": "x", "category": "other",
                   "responsible_user_id": uuid::Uuid::new_v4(), "device_ids": [uuid::Uuid::new_v4()], "tags": ["9bad"]}),
        )
        .await;
    let mut fields = unknown.problem(StatusCode::UNPROCESSABLE_ENTITY);
    fields.sort();
    assert_eq!(fields, vec!["device_ids[0]", "responsible_user_id", "tags[0]", "zone_id"]);
    // Delete with If-Match; the audit trail has every write.
    app.delete(&path, &fx.t.admin, Some(1)).await.problem(StatusCode::PRECONDITION_FAILED);
    assert_eq!(app.delete(&path, &fx.t.admin, Some(3)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(app.get(&path, &fx.t.admin).await.status, StatusCode::NOT_FOUND);
    let audit = app.get("/api/v1/audit-events?per_page=200", &fx.t.admin).await;
    let actions: Vec<&str> =
        audit.body["items"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    for action in ["hazard.create", "hazard.update", "hazard.delete"] {
        assert!(actions.contains(&action), "{action} missing from {actions:?}");
    }
}

#[tokio::test]
async fn grades_at_the_band_boundaries_follow_the_tenants_colour_mapping() {
    let fx = fixture("acme").await;
    // (code, assessment, default grade, grade with both high LEC bands red / LS red from 16)
    let cases = [
        ("MIN", lec(0.1, 0.5, 1.0), 0.05, "blue", "blue"),
        ("D20", lec(10.0, 2.0, 1.0), 20.0, "blue", "blue"),
        ("D70", lec(1.0, 10.0, 7.0), 70.0, "blue", "blue"),
        ("D90", lec(3.0, 2.0, 15.0), 90.0, "yellow", "yellow"),
        ("D150", lec(10.0, 1.0, 15.0), 150.0, "yellow", "yellow"),
        ("D180", lec(6.0, 2.0, 15.0), 180.0, "orange", "red"),
        ("D300", lec(10.0, 2.0, 15.0), 300.0, "orange", "red"),
        ("D360", lec(3.0, 3.0, 40.0), 360.0, "red", "red"),
        ("MAX", lec(10.0, 10.0, 100.0), 10000.0, "red", "red"),
        ("R8", ls(2.0, 4.0), 8.0, "blue", "blue"),
        ("R9", ls(3.0, 3.0), 9.0, "yellow", "yellow"),
        ("R12", ls(3.0, 4.0), 12.0, "yellow", "yellow"),
        ("R15", ls(3.0, 5.0), 15.0, "orange", "orange"),
        ("R16", ls(4.0, 4.0), 16.0, "orange", "red"),
        ("R20", ls(4.0, 5.0), 20.0, "red", "red"),
        ("R25", ls(5.0, 5.0), 25.0, "red", "red"),
    ];
    for (code, assessment, score, grade, _) in &cases {
        let reply = create(&fx, code, assessment.clone()).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{code}: {}", reply.text);
        assert_eq!(reply.body["score"].as_f64(), Some(*score), "{code}");
        assert_eq!(reply.body["grade"], *grade, "{code} under the default mapping");
    }
    let unassessed = create(&fx, "NEW", Value::Null).await;
    assert_eq!(unassessed.body["grade"], "unassessed");
    // Settings: defaults at version 0; changing them regrades every hazard in the same transaction.
    let settings = fx.app.get("/api/v1/risk-settings", &fx.t.admin).await;
    assert_eq!(settings.body["lec_mapping"], "default");
    assert_eq!(settings.body["version"], 0);
    let bad = put_settings(
        &fx,
        0,
        json!({"lec_mapping": "high_bands_red", "ls_red_min": 16, "ls_orange_min": 16, "ls_yellow_min": 30}),
    )
    .await;
    let mut fields = bad.problem(StatusCode::UNPROCESSABLE_ENTITY);
    fields.sort();
    assert_eq!(fields, vec!["ls_yellow_min"]);
    let changed = put_settings(
        &fx,
        0,
        json!({"lec_mapping": "high_bands_red", "ls_red_min": 16, "ls_orange_min": 15, "ls_yellow_min": 9}),
    )
    .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.body["version"], 1);
    put_settings(&fx, 0, json!({"lec_mapping": "default", "ls_red_min": 20, "ls_orange_min": 15, "ls_yellow_min": 9}))
        .await
        .problem(StatusCode::PRECONDITION_FAILED);
    let list = fx.app.get("/api/v1/hazards?per_page=200", &fx.t.admin).await;
    for (code, _, _, _, high) in &cases {
        let item = list.body["items"].as_array().unwrap().iter().find(|h| h["code"] == *code).unwrap();
        assert_eq!(item["grade"], *high, "{code} under high_bands_red");
    }
    let new = list.body["items"].as_array().unwrap().iter().find(|h| h["code"] == "NEW").unwrap();
    assert_eq!(new["grade"], "unassessed", "regrading never colours an unassessed hazard");
    // Sorting by grade puts unassessed first, then red.
    let sorted = fx.app.get("/api/v1/hazards?sort=-grade&per_page=2", &fx.t.admin).await;
    assert_eq!(sorted.body["items"][0]["grade"], "unassessed");
    assert_eq!(sorted.body["items"][1]["grade"], "red");
    // A new hazard is graded by the current settings.
    let r16 = create(&fx, "R16B", ls(4.0, 4.0)).await;
    assert_eq!(r16.body["grade"], "red");
}

/// Creates hazards of every shape for the round trip.
async fn varied_register(fx: &Fixture) {
    let app = &fx.app;
    let bodies = [
        json!({"zone_id": fx.zones[0], "code": "HZ-001", "name": "冲压机防护缺失", "category": "mechanical",
               "description": "夜班低温高湿时风险上升", "assessment": lec(3.0, 6.0, 7.0),
               "engineering_controls": ["加装光栅联锁", "双手按钮"], "management_controls": ["交接班检查"],
               "training_controls": ["岗前培训"], "ppe_controls": ["防护手套"], "emergency_controls": ["急停", "报告班长"],
               "responsible_user_id": fx.user_id, "device_ids": [fx.devices[0], fx.devices[1]],
               "tags": ["night_shift", "low_temperature"]}),
        json!({"zone_id": fx.zones[1], "code": "HZ-002", "name": "氨罐区泄漏", "category": "toxic",
               "assessment": ls(4.0, 5.0), "management_controls": ["巡检"]}),
        json!({"zone_id": fx.zones[1], "code": "HZ-003", "name": "新建氢能车间", "category": "fire_explosion"}),
        json!({"zone_id": fx.zones[0], "code": "HZ-004", "name": "Scaffold", "category": "fall",
               "assessment": lec(0.5, 0.5, 1.0)}),
    ];
    for body in bodies {
        let reply = app.post("/api/v1/hazards", &fx.t.admin, body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    }
}

async fn delete_all(fx: &Fixture) {
    let list = fx.app.get("/api/v1/hazards?per_page=200", &fx.t.admin).await;
    for h in list.body["items"].as_array().unwrap() {
        let path = format!("/api/v1/hazards/{}", h["hazard_id"].as_str().unwrap());
        assert_eq!(fx.app.delete(&path, &fx.t.admin, h["version"].as_i64()).await.status, StatusCode::NO_CONTENT);
    }
}

/// Drops the computed "assessed at" column, which an import sets anew.
fn without_assessed_at(mut sheet: Vec<Vec<String>>) -> Vec<Vec<String>> {
    for row in &mut sheet {
        row.truncate(21);
    }
    sheet
}

#[tokio::test]
async fn an_export_imports_back_unchanged() {
    let fx = fixture("acme").await;
    varied_register(&fx).await;
    let before_api = fx.app.get("/api/v1/hazards?per_page=200", &fx.t.admin).await.body;
    let exported = download(&fx.app, "/api/v1/hazards/export.xlsx", &fx.t.admin, None).await;
    let sheet = cells(&exported);
    assert_eq!(sheet.len(), 5, "a header and four hazards");
    assert_eq!(&sheet[0][..8], ["编号", "名称", "区域", "厂区", "类别", "评价方法", "可能性 L", "暴露频率 E"]);
    assert_eq!(sheet[1][0], "HZ-001");
    assert_eq!(sheet[1][4], "机械伤害");
    assert_eq!(sheet[1][11], "一般", "126 is yellow (一般)");
    assert_eq!(sheet[3][11], "未评估", "an unassessed hazard is shown as such");
    assert_eq!(sheet[1][13], "加装光栅联锁\n双手按钮");
    let by_zone = format!("/api/v1/hazards/export.xlsx?zone_id={}", fx.zones[1]);
    let english = cells(&download(&fx.app, &by_zone, &fx.t.admin, Some("en")).await);
    assert_eq!(&english[0][..3], ["Code", "Name", "Zone"]);
    assert_eq!(english.len(), 3, "the export takes the list's filters");
    assert_eq!(english[2][11], "unassessed");

    delete_all(&fx).await;
    let reply = import(&fx.app, &fx.t.admin, "", exported.clone(), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!((reply.body["rows"].as_u64(), reply.body["created"].as_u64()), (Some(4), Some(4)), "{}", reply.text);
    assert_eq!(reply.body["errors"], json!([]));
    let again = download(&fx.app, "/api/v1/hazards/export.xlsx", &fx.t.admin, None).await;
    assert_eq!(without_assessed_at(cells(&again)), without_assessed_at(sheet));
    // Everything the API shows came back, except ids, versions and times.
    let after_api = fx.app.get("/api/v1/hazards?per_page=200", &fx.t.admin).await.body;
    let strip = |v: &Value| -> Vec<Value> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                let mut h = h.clone();
                for k in
                    ["hazard_id", "assessed_at", "assessed_by", "created_by", "created_at", "updated_at", "version"]
                {
                    h.as_object_mut().unwrap().remove(k);
                }
                h
            })
            .collect()
    };
    assert_eq!(strip(&after_api), strip(&before_api));
    // Importing the same file again: every code is taken now.
    let twice = import(&fx.app, &fx.t.admin, "?mode=keep_valid", exported, None).await;
    assert_eq!(twice.body["created"], 0, "{}", twice.text);
    assert_eq!(twice.body["errors"].as_array().unwrap().len(), 4);
    assert!(twice.body["errors"].as_array().unwrap().iter().all(|e| e["code"] == "duplicate" && e["column"] == "A"));
    // The template is an empty register with the same headers (and the English one in English).
    let template = cells(&download(&fx.app, "/api/v1/hazards/template.xlsx", &fx.t.admin, None).await);
    assert_eq!(template, vec![cells(&again)[0].clone()]);
}

/// A workbook with the Chinese header and the given rows (None: empty cell); `=...` is a formula.
fn workbook(rows: &[Vec<Option<&str>>]) -> Vec<u8> {
    let headers = [
        "编号",
        "名称",
        "区域",
        "厂区",
        "类别",
        "评价方法",
        "可能性 L",
        "暴露频率 E",
        "后果 C",
        "严重性 S",
        "风险值",
        "风险等级",
        "描述",
        "工程技术措施",
        "管理措施",
        "培训教育措施",
        "个体防护措施",
        "应急处置措施",
        "责任人",
        "关联设备",
        "动态因子标签",
    ];
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    for (i, h) in headers.iter().enumerate() {
        sheet.write_string(0, i as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell {
                None => {}
                Some(f) if f.starts_with('=') => {
                    let formula = if *f == "=1/0" { Formula::new(*f).set_result("#DIV/0!") } else { Formula::new(*f) };
                    sheet.write_formula(r, c, formula).unwrap();
                }
                Some(v) => match v.parse::<f64>() {
                    Ok(n) if !v.starts_with("HZ") => {
                        sheet.write_number(r, c, n).unwrap();
                    }
                    _ => {
                        sheet.write_string(r, c, *v).unwrap();
                    }
                },
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// A row: code, name, zone, site, category, method, L, E, C, S, then responsible and devices.
fn row<'a>(
    cols: [Option<&'a str>; 10],
    responsible: Option<&'a str>,
    devices: Option<&'a str>,
) -> Vec<Option<&'a str>> {
    let mut r: Vec<Option<&str>> = cols.to_vec();
    r.extend([None; 8]);
    r.push(responsible);
    r.push(devices);
    r
}

fn mixed_rows() -> Vec<Vec<Option<&'static str>>> {
    let s = Some;
    vec![
        // Excel row 2: good LEC, with a person and a device.
        row(
            [s("OK-1"), s("好行"), s("Z1"), None, s("机械伤害"), s("LEC"), s("3"), s("6"), s("7"), None],
            s("zhang"),
            s("DEV-1"),
        ),
        // 3: E off scale.
        row([s("BAD-E"), s("x"), s("Z1"), None, s("mechanical"), s("LEC"), s("3"), s("6.5"), s("7"), None], None, None),
        // 4: L not a number.
        row([s("BAD-L"), s("x"), s("Z1"), None, s("mechanical"), s("LEC"), s("abc"), s("6"), s("7"), None], None, None),
        // 5: unknown zone.
        row([s("BAD-Z"), s("x"), s("Z9"), None, s("mechanical"), None, None, None, None, None], None, None),
        // 6: name missing.
        row([s("BAD-N"), None, s("Z1"), None, s("mechanical"), None, None, None, None, None], None, None),
        // 7: duplicate of row 2.
        row([s("OK-1"), s("x"), s("Z1"), None, s("mechanical"), None, None, None, None, None], None, None),
        // 8: code taken in the database.
        row([s("TAKEN"), s("x"), s("Z1"), None, s("mechanical"), None, None, None, None, None], None, None),
        // 9: a formula, 10: an error value.
        row(
            [s("BAD-F"), s("x"), s("Z1"), None, s("mechanical"), s("LEC"), s("=1+2"), s("6"), s("7"), None],
            None,
            None,
        ),
        row(
            [s("BAD-X"), s("x"), s("Z1"), None, s("mechanical"), s("LEC"), s("3"), s("=1/0"), s("7"), None],
            None,
            None,
        ),
        // 11: empty (skipped), 12: good LS by zone name, unassessed category in English.
        vec![],
        row(
            [s("OK-2"), s("好行二"), s("acme zone Z2"), s("S1"), s("Toxic"), s("ls"), s("4"), None, None, s("5")],
            None,
            None,
        ),
        // 13: unknown person, 14: unknown device, 15: S out of the LS scale, 16: unknown category.
        row([s("BAD-U"), s("x"), s("Z1"), None, s("mechanical"), None, None, None, None, None], s("nobody"), None),
        row([s("BAD-D"), s("x"), s("Z1"), None, s("mechanical"), None, None, None, None, None], None, s("DEV-1, NOPE")),
        row([s("BAD-S"), s("x"), s("Z1"), None, s("mechanical"), s("LS"), s("2"), None, None, s("6")], None, None),
        row([s("BAD-C"), s("x"), s("Z1"), None, s("飞行"), None, None, None, None, None], None, None),
        // 17: values without a method.
        row([s("BAD-M"), s("x"), s("Z1"), None, s("mechanical"), None, s("3"), None, None, None], None, None),
    ]
}

const EXPECTED_CELLS: [&str; 13] = ["H3", "G4", "C5", "B6", "A7", "A8", "G9", "H10", "S13", "T14", "J15", "E16", "F17"];

#[tokio::test]
async fn bad_rows_are_named_by_row_and_column_and_nothing_is_half_applied() {
    let fx = fixture("acme").await;
    assert_eq!(create(&fx, "TAKEN", Value::Null).await.status, StatusCode::CREATED);
    let file = workbook(&mixed_rows());

    // all_or_nothing (the default): 422 naming every bad cell; nothing stored.
    let refused = import(&fx.app, &fx.t.admin, "", file.clone(), None).await;
    let fields = refused.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields, EXPECTED_CELLS, "{}", refused.text);
    let messages: Vec<&str> =
        refused.body["errors"].as_array().unwrap().iter().map(|e| e["message"].as_str().unwrap()).collect();
    assert_eq!(messages[0], "第 3 行 H 列（暴露频率 E）：6.5 不是允许值（10, 6, 3, 2, 1, 0.5）");
    assert_eq!(messages[1], "第 4 行 G 列（可能性 L）：“abc”不是数字");
    assert_eq!(messages[2], "第 5 行 C 列（区域）：区域“Z9”不存在");
    assert_eq!(messages[3], "第 6 行 B 列（名称）：必填，不能为空");
    assert_eq!(messages[4], "第 7 行 A 列（编号）：编号“OK-1”与第 2 行重复");
    assert_eq!(messages[5], "第 8 行 A 列（编号）：编号“TAKEN”已存在");
    assert_eq!(messages[6], "第 9 行 G 列（可能性 L）：不接受公式，请复制后“粘贴为数值”");
    assert_eq!(messages[7], "第 10 行 H 列（暴露频率 E）：单元格是错误值 #DIV/0!");
    assert_eq!(messages[8], "第 13 行 S 列（责任人）：用户“nobody”不存在或已停用");
    assert_eq!(messages[9], "第 14 行 T 列（关联设备）：设备编号“NOPE”不存在");
    assert_eq!(messages[10], "第 15 行 J 列（严重性 S）：6 不是允许值（1, 2, 3, 4, 5）");
    assert!(messages[11].starts_with("第 16 行 E 列（类别）：飞行 不是允许值（机械伤害, 火灾爆炸"), "{}", messages[11]);
    assert_eq!(messages[12], "第 17 行 F 列（评价方法）：已填写评价值，请选择评价方法（LEC 或 LS）");
    assert_eq!(total(&fx.app, &fx.t.admin).await, 1, "nothing was stored");

    // English on request.
    let english = import(&fx.app, &fx.t.admin, "", file.clone(), Some("en")).await;
    assert_eq!(
        english.body["errors"][0]["message"],
        "Row 3, column H (Exposure E): 6.5 is not an allowed value (10, 6, 3, 2, 1, 0.5)"
    );
    assert_eq!(english.body["errors"][4]["message"], "Row 7, column A (Code): the code \"OK-1\" repeats row 2");

    // A dry run reports the same and writes nothing.
    let preview = import(&fx.app, &fx.t.admin, "?mode=keep_valid&dry_run=true", file.clone(), None).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.text);
    assert_eq!(
        (preview.body["rows"].as_u64(), preview.body["valid"].as_u64(), preview.body["created"].as_u64()),
        (Some(15), Some(2), Some(0))
    );
    assert_eq!(preview.body["codes"], json!(["OK-1", "OK-2"]));
    assert_eq!(total(&fx.app, &fx.t.admin).await, 1);

    // keep_valid: the good rows are stored whole, the bad ones not at all.
    let kept = import(&fx.app, &fx.t.admin, "?mode=keep_valid", file, None).await;
    assert_eq!(kept.status, StatusCode::OK, "{}", kept.text);
    assert_eq!((kept.body["created"].as_u64(), kept.body["invalid"].as_u64()), (Some(2), Some(13)));
    let cells_named: Vec<&str> =
        kept.body["errors"].as_array().unwrap().iter().map(|e| e["cell"].as_str().unwrap()).collect();
    assert_eq!(cells_named, EXPECTED_CELLS);
    assert_eq!(kept.body["errors"][0]["row"], 3);
    assert_eq!(kept.body["errors"][0]["column"], "H");
    assert_eq!(kept.body["errors"][0]["header"], "暴露频率 E");
    assert_eq!(kept.body["errors"][0]["code"], "not_in_scale");
    let list = fx.app.get("/api/v1/hazards?sort=code", &fx.t.admin).await;
    let codes: Vec<&str> = list.body["items"].as_array().unwrap().iter().map(|h| h["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["OK-1", "OK-2", "TAKEN"]);
    let ok1 = &list.body["items"][0];
    assert_eq!((ok1["score"].as_f64(), ok1["grade"].as_str()), (Some(126.0), Some("yellow")));
    assert_eq!((ok1["responsible_username"].as_str(), ok1["device_codes"].clone()), (Some("zhang"), json!(["DEV-1"])));
    let ok2 = &list.body["items"][1];
    assert_eq!((ok2["zone_id"].as_str(), ok2["category"].as_str()), (Some(fx.zones[1].as_str()), Some("toxic")));
    assert_eq!((ok2["score"].as_f64(), ok2["grade"].as_str()), (Some(20.0), Some("red")));
    let audit = fx.app.get("/api/v1/audit-events?per_page=200", &fx.t.admin).await;
    let imports = audit.body["items"].as_array().unwrap().iter().filter(|e| e["action"] == "hazard.import").count();
    assert_eq!(imports, 2, "every imported hazard is audited");
}

#[tokio::test]
async fn files_that_are_not_registers_are_refused_with_a_problem() {
    let fx = fixture("acme").await;
    let app = &fx.app;
    // Not a workbook at all: 415.
    let text = import(app, &fx.t.admin, "", b"code,name\nHZ-1,x\n".to_vec(), None).await;
    text.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(text.body["detail"].as_str().unwrap().contains(".xlsx"));
    let empty = import(app, &fx.t.admin, "", Vec::new(), None).await;
    empty.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // A zip that is no workbook: 415.
    let mut zip = b"PK\x03\x04".to_vec();
    zip.extend_from_slice(&[0; 200]);
    import(app, &fx.t.admin, "", zip, None).await.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Too large: 413.
    let mut huge = b"PK\x03\x04".to_vec();
    huge.resize(6 << 20, 0);
    import(app, &fx.t.admin, "", huge, None).await.problem(StatusCode::PAYLOAD_TOO_LARGE);
    // An empty sheet: 422 on the body.
    let mut wb = Workbook::new();
    wb.add_worksheet();
    let blank = import(app, &fx.t.admin, "", wb.save_to_buffer().unwrap(), None).await;
    assert_eq!(blank.problem(StatusCode::UNPROCESSABLE_ENTITY), vec!["body"]);
    assert_eq!(blank.body["errors"][0]["message"], "工作簿：没有数据行");
    // A header only: no data rows either.
    let header_only = import(app, &fx.t.admin, "", workbook(&[]), Some("en")).await;
    header_only.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(header_only.body["errors"][0]["message"], "Workbook: it has no data rows");
    // A sheet without the required columns names each missing one.
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.write_string(0, 0, "编号").unwrap();
    sheet.write_string(1, 0, "HZ-1").unwrap();
    let missing = import(app, &fx.t.admin, "", wb.save_to_buffer().unwrap(), None).await;
    missing.problem(StatusCode::UNPROCESSABLE_ENTITY);
    let texts: Vec<&str> =
        missing.body["errors"].as_array().unwrap().iter().map(|e| e["message"].as_str().unwrap()).collect();
    assert_eq!(texts.len(), 3, "{texts:?}");
    assert!(texts[0].contains("名称"), "{texts:?}");
    // Bad query parameters are 400s naming them.
    let bad_mode = import(app, &fx.t.admin, "?mode=some", workbook(&[]), None).await;
    assert_eq!(bad_mode.problem(StatusCode::BAD_REQUEST), vec!["mode"]);
    // Multipart uploads work like raw ones.
    let file = workbook(&[row(
        [Some("MP-1"), Some("x"), Some("Z1"), None, Some("other"), None, None, None, None, None],
        None,
        None,
    )]);
    let boundary = "----foresight-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"register.xlsx\"\r\nContent-Type: {XLSX}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let reply = Reply::from(
        app.http
            .post(app.url("/api/v1/hazards/import"))
            .bearer_auth(&fx.t.admin)
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((reply.status, reply.body["created"].as_u64()), (StatusCode::OK, Some(1)), "{}", reply.text);
    assert_eq!(total(app, &fx.t.admin).await, 1);
}

#[tokio::test]
async fn another_tenants_zones_people_and_devices_are_unknown_in_an_import() {
    let app = TestApp::spawn().await;
    let (a, _, _, _) = plant(&app, "alpha", "").await;
    let (b, b_zones, _, _) = plant(&app, "beta", "-b").await;
    // B has a zone coded ZB, a person zhang-b, a device DEV-1-b and a hazard HB-1.
    let zb = app
        .post(
            "/api/v1/zones",
            &b.admin,
            json!({"site_id": app.get(&format!("/api/v1/zones/{}", b_zones[0]), &b.admin).await.body["site_id"],
                   "code": "ZB", "name": "B only", "kind": "workshop",
                   "polygon": [[600.0, 600.0], [700.0, 600.0], [700.0, 700.0]]}),
        )
        .await;
    assert_eq!(zb.status, StatusCode::CREATED, "{}", zb.text);
    let hb = app
        .post(
            "/api/v1/hazards",
            &b.admin,
            json!({"zone_id": b_zones[0], "code": "HB-1", "name": "B", "category": "other"}),
        )
        .await;
    assert_eq!(hb.status, StatusCode::CREATED, "{}", hb.text);
    let b_before = app.get("/api/v1/hazards", &b.admin).await.body;
    let s = Some;
    let file = workbook(&[
        row([s("A-1"), s("x"), s("ZB"), None, s("other"), None, None, None, None, None], None, None),
        row([s("A-2"), s("x"), s("Z1"), None, s("other"), None, None, None, None, None], s("zhang-b"), None),
        row([s("A-3"), s("x"), s("Z1"), None, s("other"), None, None, None, None, None], None, s("DEV-1-b")),
        // B's hazard code is free in A: codes are unique per tenant.
        row([s("HB-1"), s("x"), s("Z1"), None, s("other"), None, None, None, None, None], None, None),
    ]);
    let reply = import(&app, &a.admin, "?mode=keep_valid", file, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let codes: Vec<&str> =
        reply.body["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["unknown_zone", "unknown_user", "unknown_device"]);
    assert_eq!(reply.body["codes"], json!(["HB-1"]));
    assert!(!reply.text.contains(&b.tenant_id.to_string()));
    assert_eq!(app.get("/api/v1/hazards", &b.admin).await.body, b_before, "B untouched");
    let a_list = app.get("/api/v1/hazards", &a.admin).await;
    assert_eq!(a_list.body["total"], 1);
    // B's hazard is not reachable by A's id lookups either.
    let b_id = hb.body["hazard_id"].as_str().unwrap();
    assert_eq!(app.get(&format!("/api/v1/hazards/{b_id}"), &a.admin).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_zone_scoped_engineer_keeps_only_his_zones_register_and_viewers_only_read() {
    let fx = fixture("acme").await;
    let app = &fx.app;
    for (code, zone) in [("IN-Z1", &fx.zones[0]), ("IN-Z2", &fx.zones[1])] {
        let reply = app
            .post(
                "/api/v1/hazards",
                &fx.t.admin,
                json!({"zone_id": zone, "code": code, "name": code, "category": "other"}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED);
    }
    let engineer = fx.t.person(app, "eng", Role::WorkshopEngineer, Some(&fx.zones[0])).await;
    let seen = app.get("/api/v1/hazards", &engineer.token).await;
    assert_eq!(seen.body["total"], 1);
    assert_eq!(seen.body["items"][0]["code"], "IN-Z1");
    let other_zone = app
        .post(
            "/api/v1/hazards",
            &engineer.token,
            json!({"zone_id": fx.zones[1], "code": "E-2", "name": "x", "category": "other"}),
        )
        .await;
    assert_eq!(other_zone.problem(StatusCode::UNPROCESSABLE_ENTITY), vec!["zone_id"]);
    let own = app
        .post(
            "/api/v1/hazards",
            &engineer.token,
            json!({"zone_id": fx.zones[0], "code": "E-1", "name": "x", "category": "other"}),
        )
        .await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.text);
    // His import cannot reach Z2 nor reuse a code of Z2 he cannot see.
    let s = Some;
    let file = workbook(&[
        row([s("E-3"), s("x"), s("Z2"), None, s("other"), None, None, None, None, None], None, None),
        row([s("IN-Z2"), s("x"), s("Z1"), None, s("other"), None, None, None, None, None], None, None),
    ]);
    let reply = import(app, &engineer.token, "?mode=keep_valid", file, None).await;
    let codes: Vec<&str> =
        reply.body["errors"].as_array().unwrap().iter().map(|e| e["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["unknown_zone", "duplicate"], "{}", reply.text);
    // The engineer cannot change the tenant's grading policy; a viewer cannot write.
    let req = app
        .http
        .put(app.url("/api/v1/risk-settings"))
        .bearer_auth(&engineer.token)
        .header("if-match", "\"0\"")
        .json(&json!({"lec_mapping": "high_bands_red", "ls_red_min": 20, "ls_orange_min": 15, "ls_yellow_min": 9}));
    Reply::from(req.send().await.unwrap()).await.problem(StatusCode::FORBIDDEN);
    let viewer = fx.t.person(app, "viewer", Role::Viewer, None).await;
    assert_eq!(app.get("/api/v1/hazards", &viewer.token).await.body["total"], 3);
    app.post(
        "/api/v1/hazards",
        &viewer.token,
        json!({"zone_id": fx.zones[0], "code": "V-1", "name": "x", "category": "other"}),
    )
    .await
    .problem(StatusCode::FORBIDDEN);
    import(app, &viewer.token, "", workbook(&[]), None).await.problem(StatusCode::FORBIDDEN);
}

//! The demo plant's risk content: hazards of its zones (one zone deliberately without any, so the heat map
//! shows 未评估), the seed's dynamic factors (cold, humid night, AGV traffic, gas trend) and its
//! human–machine conflict rule. Used by `foresight serve --demo` and by the engine's tests; written in the
//! caller's transaction, through the same tables the API writes.

use foresight_risk::{Lec, LecColourMapping, LsColourBands};
use foresight_store::risk_rules::{self, Fields, Kind};
use serde_json::json;
use sqlx::PgConnection;
use std::collections::HashMap;
use uuid::Uuid;

/// (code, zone code, name, category, assessment (L, E, C) for LEC or (L, S) for LS, tags)
type DemoHazard = (&'static str, &'static str, &'static str, &'static str, Assessment, &'static [&'static str]);

#[derive(Debug, Clone, Copy)]
enum Assessment {
    Lec(f64, f64, f64),
    Ls(u8, u8),
    None,
}

const HAZARDS: &[DemoHazard] = &[
    (
        "HZ-T200-01",
        "T-200",
        "储罐区可燃及有毒气体泄漏",
        "fire_explosion",
        Assessment::Lec(0.5, 6.0, 40.0),
        &["outdoor"],
    ),
    (
        "HZ-T200-02",
        "T-200",
        "罐顶作业高处坠落",
        "fall",
        Assessment::Lec(1.0, 3.0, 15.0),
        &["outdoor", "work_at_height"],
    ),
    ("HZ-R100-01", "R-100", "反应釜超温超压", "fire_explosion", Assessment::Lec(1.0, 6.0, 15.0), &["process"]),
    ("HZ-R100-02", "R-100", "搅拌器检修机械伤害", "mechanical", Assessment::Lec(0.5, 6.0, 7.0), &[]),
    ("HZ-F300-01", "F-300", "灌装头氨泄漏中毒", "toxic", Assessment::Lec(1.0, 6.0, 15.0), &["nh3"]),
    ("HZ-F300-02", "F-300", "输送机防护缺失卷入", "mechanical", Assessment::Lec(1.0, 6.0, 15.0), &["conveyor"]),
    ("HZ-F300-03", "F-300", "AGV 与人员碰撞", "vehicle", Assessment::Lec(1.0, 6.0, 7.0), &["agv"]),
    ("HZ-E400-01", "E-400", "高压设备触电", "electrical", Assessment::Lec(0.5, 3.0, 40.0), &[]),
    ("HZ-W500-01", "W-500", "危化品堆垛火灾", "fire_explosion", Assessment::Ls(2, 4), &[]),
    ("HZ-W500-02", "W-500", "叉车作业碰撞", "vehicle", Assessment::None, &["forklift"]),
];

/// The seed's factors, as `foresight_risk::factors::Factor` JSON.
pub fn factors() -> Vec<serde_json::Value> {
    vec![
        json!({
            "id": "cold_below_5c", "name": "低温 <5 °C",
            "condition": {"compare": {"input": "temp_c", "op": "<", "value": 5.0}},
            "applies_to": {"matching": {"categories": ["mechanical", "fall", "vehicle", "lifting"]}},
            "effect": {"l": 2.0}
        }),
        json!({
            "id": "humid_night", "name": "夜班且湿度 >85 %",
            "condition": {"all": [{"flag": {"input": "night_shift"}},
                                  {"compare": {"input": "humidity_pct", "op": ">", "value": 85.0}}]},
            "applies_to": "all",
            "effect": {"l": 2.0}
        }),
        json!({
            "id": "agv_traffic_surge", "name": "AGV 调度量激增",
            "condition": {"compare": {"input": "agv_dispatch_ratio", "op": ">=", "value": 2.0}},
            "applies_to": {"matching": {"categories": ["vehicle", "mechanical"]}},
            "effect": {"l": 1.5, "e": 1.5}
        }),
        json!({
            "id": "gas_trend_rising", "name": "气体浓度 10 分钟内上升",
            "condition": {"compare": {"input": "gas_max_ratio_change_10min", "op": ">=", "value": 0.1}},
            "applies_to": {"matching": {"categories": ["toxic", "fire_explosion"]}},
            "effect": {"l": 3.0}
        }),
        json!({
            "id": "hot_work_gas", "name": "动火作业期间气体浓度达报警值 20 %",
            "condition": {"all": [{"compare": {"input": "hot_work_open", "op": ">=", "value": 1.0}},
                                  {"compare": {"input": "gas_max_ratio", "op": ">=", "value": 0.2}}]},
            "applies_to": {"matching": {"categories": ["fire_explosion"]}},
            "effect": {"l": 3.0}
        }),
        json!({
            "id": "maintenance_overdue_7d", "name": "设备维护逾期超过 7 天",
            "condition": {"compare": {"input": "maintenance_overdue_days_max", "op": ">", "value": 7.0}},
            "applies_to": {"matching": {"categories": ["mechanical", "electrical"]}},
            "effect": {"l": 1.5}
        }),
    ]
}

/// The demo plant's work context relative to `now`: a hot-work permit on the reactor unit for today's day
/// shift, a closed confined-space permit in the tank farm, and the filling line's conveyor-guard repair
/// ten days overdue (why the seed's guard is missing). Written unless the tenant has work items already.
pub async fn seed_work(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    zone_ids: &HashMap<&str, Uuid>,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<()> {
    use foresight_store::work_items::{upsert, WorkItemUpsert};
    let existing: i64 = sqlx::query_scalar("SELECT count(*) FROM work_item").fetch_one(&mut *conn).await?;
    if existing > 0 {
        return Ok(());
    }
    let hours = chrono::Duration::hours;
    let zone = |code: &str| zone_ids.get(code).copied().ok_or_else(|| anyhow::anyhow!("the demo has no zone {code}"));
    let items = [
        WorkItemUpsert {
            zone_id: zone("R-100")?,
            kind: "permit".into(),
            source: "PTW".into(),
            external_id: "DH-DEMO-0001".into(),
            permit_type: Some("hot_work".into()),
            title: "R-101 出料管线法兰更换动火（二级）".into(),
            starts_at: Some(now - hours(1)),
            ends_at: Some(now + hours(7)),
            due_at: None,
            closed_at: None,
        },
        WorkItemUpsert {
            zone_id: zone("T-200")?,
            kind: "permit".into(),
            source: "PTW".into(),
            external_id: "SX-DEMO-0001".into(),
            permit_type: Some("confined_space".into()),
            title: "T-201 储罐内部检查".into(),
            starts_at: Some(now - hours(30)),
            ends_at: Some(now - hours(22)),
            due_at: None,
            closed_at: Some(now - hours(23)),
        },
        WorkItemUpsert {
            zone_id: zone("F-300")?,
            kind: "maintenance".into(),
            source: "EAM".into(),
            external_id: "WO-DEMO-0001".into(),
            permit_type: None,
            title: "灌装线输送机防护罩修复".into(),
            starts_at: None,
            ends_at: None,
            due_at: Some(now - hours(240)),
            closed_at: None,
        },
    ];
    for item in &items {
        upsert(conn, tenant_id, item).await?;
    }
    Ok(())
}

/// The seed's expert rule: NH₃ near the filling machine up 0.8 ppm in 10 minutes while AGV dispatch triples.
pub fn rules() -> Vec<serde_json::Value> {
    vec![json!({
        "id": "nh3_agv_conflict", "name": "灌装区氨浓度上升且 AGV 调度激增（人机冲突）",
        "condition": {"all": [{"compare": {"input": "nh3_delta_10min", "op": ">=", "value": 0.8}},
                              {"compare": {"input": "agv_dispatch_ratio", "op": ">=", "value": 3.0}}]},
        "actions": [
            {"type": "open_risk_path", "path": "human_machine_conflict"},
            {"type": "adjust_factor", "factor": "agv_traffic_surge", "multiplier": 1.5},
            {"type": "instruct", "channel": {"kind": "webhook", "url": "http://logistics-dispatch.demo.local/api/v1/holds"},
             "message_zh": "灌装线氨浓度上升且 AGV 调度激增：暂停向 F-300 派发 AGV 任务并疏导现场人员。",
             "message_en": "NH3 rising on the filling line while AGV dispatch surges: hold AGV orders to F-300 and clear people from the area."}
        ]
    })]
}

/// Seeds hazards (unless the tenant has some already), factors and rules (unless it has any).
pub async fn seed(conn: &mut PgConnection, tenant_id: Uuid, zone_ids: &HashMap<&str, Uuid>) -> anyhow::Result<()> {
    let hazards: i64 = sqlx::query_scalar("SELECT count(*) FROM hazard").fetch_one(&mut *conn).await?;
    if hazards == 0 {
        for (code, zone, name, category, assessment, tags) in HAZARDS {
            let Some(zone_id) = zone_ids.get(zone) else { continue };
            let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
            let (method, l, e, c, s, score, grade) = match *assessment {
                Assessment::Lec(l, e, c) => {
                    let lec = Lec::new(l, e, c).map_err(|e| anyhow::anyhow!("demo hazard {code}: {e:?}"))?;
                    let grade = LecColourMapping::Default.grade(lec.d());
                    (Some("lec"), Some(l), Some(e), Some(c), None, Some(lec.d()), crate::assess::grade_text(&grade))
                }
                Assessment::Ls(l, s) => {
                    let grade = LsColourBands::default().grade(l * s);
                    let r = f64::from(l * s);
                    (
                        Some("ls"),
                        Some(f64::from(l)),
                        None,
                        None,
                        Some(f64::from(s)),
                        Some(r),
                        crate::assess::grade_text(&grade),
                    )
                }
                Assessment::None => (None, None, None, None, None, None, "unassessed".to_owned()),
            };
            sqlx::query(
                "INSERT INTO hazard (tenant_id, hazard_id, zone_id, code, name, category, method, likelihood, exposure, \
                 consequence, severity, score, grade, tags, assessed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, CASE WHEN $7::text IS NULL THEN NULL ELSE now() END)",
            )
            .bind(tenant_id)
            .bind(Uuid::now_v7())
            .bind(zone_id)
            .bind(code)
            .bind(name)
            .bind(category)
            .bind(method)
            .bind(l)
            .bind(e)
            .bind(c)
            .bind(s)
            .bind(score)
            .bind(&grade)
            .bind(&tags)
            .execute(&mut *conn)
            .await?;
        }
    }
    for (kind, definitions) in [(Kind::Factor, factors()), (Kind::Rule, rules())] {
        if !risk_rules::list(conn, kind).await?.is_empty() {
            continue;
        }
        for definition in definitions {
            let fields = Fields {
                code: definition["id"].as_str().unwrap_or_default().to_owned(),
                name: definition["name"].as_str().unwrap_or_default().to_owned(),
                definition,
                enabled: true,
            };
            risk_rules::create(conn, kind, tenant_id, &fields, None).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use foresight_risk::factors::{validate_factors, Factor};
    use foresight_risk::rules::{Rule, RuleSet};

    #[test]
    fn seed_definitions_are_valid() {
        let factors: Vec<Factor> = factors().into_iter().map(|f| serde_json::from_value(f).unwrap()).collect();
        validate_factors(&factors).unwrap();
        let rules: Vec<Rule> = rules().into_iter().map(|r| serde_json::from_value(r).unwrap()).collect();
        let ids = factors.iter().map(|f| f.id.as_str()).collect();
        RuleSet::new(rules).validate(&ids).unwrap();
    }
}

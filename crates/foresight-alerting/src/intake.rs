//! A signal becomes an alert or an occurrence of one: correlated with the latest alert of its zone and
//! cause (in PostgreSQL, under a per-key lock, so several nodes agree), and a new alert is screened at
//! once by the system (level 1).

use crate::fanout::{self, Happened};
use crate::transition::{self, By};
use chrono::{DateTime, Duration, Utc};
use foresight_alerts::correlate::{decide, Decision, Latest, Signal};
use foresight_alerts::screening::{self, ScreeningInput, SENSOR_FAULT_LOOKBACK_MINUTES};
use foresight_store::alerts::{self, NewAlert};
use serde_json::{json, Value};
use sqlx::PgConnection;
use uuid::Uuid;

/// A signal as the sources describe it.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub site_id: Uuid,
    pub zone_id: Uuid,
    /// `zone_risk`, `device_alarm`, `device_event` or `risk_path`.
    pub source: &'static str,
    /// Stable per source: signals of the same zone and cause correlate.
    pub cause: String,
    /// The signal's own identity: a signal seen twice is counted once.
    pub source_ref: String,
    /// 1 blue .. 4 red.
    pub severity: u8,
    pub at: DateTime<Utc>,
    pub title: String,
    pub title_en: String,
    /// This occurrence, in words.
    pub detail: String,
    pub detail_en: String,
    /// The device it comes from, when one (for screening and evidence).
    pub device_id: Option<Uuid>,
    pub evidence: Value,
}

/// What became of a signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Observed {
    Opened(Uuid),
    Joined(Uuid),
    Damped(Uuid),
    AlreadySeen,
}

/// Opens or joins an alert for the signal, in the caller's transaction (tenant set, all zones).
pub async fn observe(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    s: &Incoming,
) -> Result<Observed, transition::ApplyError> {
    if alerts::seen(conn, &s.source_ref).await? {
        return Ok(Observed::AlreadySeen);
    }
    let (policy, _) = alerts::policy(conn).await?;
    let config = policy.correlation();
    alerts::lock_key(conn, tenant_id, s.zone_id, &s.cause).await?;
    let latest = alerts::latest_for_key(conn, s.zone_id, &s.cause).await?;
    let openings = alerts::openings_since(conn, s.zone_id, &s.cause, s.at - config.flap_window).await?;
    let signal = Signal { zone: s.zone_id, cause: s.cause.clone(), severity: s.severity, at: s.at };
    let known = latest.as_ref().map(|l| Latest {
        last: l.last_occurrence_at,
        severity: u8::try_from(l.severity).unwrap_or(4),
        closed: matches!(l.stage.as_str(), "closed" | "dismissed"),
    });
    let decision = decide(&config, known.as_ref(), usize::try_from(openings).unwrap_or(usize::MAX), &signal);
    match (decision, latest) {
        (Decision::Join { raised } | Decision::Damp { raised }, Some(latest)) => {
            let counted = alerts::add_occurrence(
                conn,
                tenant_id,
                latest.alert_id,
                &s.source_ref,
                s.at,
                s.severity,
                &s.detail,
                &s.detail_en,
            )
            .await?;
            let open = !matches!(latest.stage.as_str(), "closed" | "dismissed");
            if counted && raised && open {
                fanout::announce(conn, tenant_id, latest.alert_id, Happened::Raised).await?;
            }
            Ok(match decision {
                Decision::Damp { .. } => Observed::Damped(latest.alert_id),
                _ => Observed::Joined(latest.alert_id),
            })
        }
        _ => open(conn, tenant_id, s).await.map(Observed::Opened),
    }
}

async fn open(conn: &mut PgConnection, tenant_id: Uuid, s: &Incoming) -> Result<Uuid, transition::ApplyError> {
    let alert_id = Uuid::now_v7();
    let mut evidence = s.evidence.clone();
    if let (Some(obj), Some(device)) = (evidence.as_object_mut(), s.device_id) {
        obj.insert("device_id".into(), json!(device));
    }
    let new = NewAlert {
        alert_id,
        site_id: s.site_id,
        zone_id: s.zone_id,
        source: s.source,
        cause: &s.cause,
        title: &s.title,
        title_en: &s.title_en,
        severity: s.severity,
        at: s.at,
        evidence,
    };
    alerts::insert(conn, tenant_id, &new).await?;
    alerts::add_occurrence(conn, tenant_id, alert_id, &s.source_ref, s.at, s.severity, &s.detail, &s.detail_en).await?;
    fanout::announce(conn, tenant_id, alert_id, Happened::Opened).await?;
    let input = screening_input(conn, alert_id, s).await?;
    let outcome = screening::screen(&input);
    let stored = json!({
        "outcome": if outcome.dismissed.is_some() { "dismissed" } else { "confirmed" },
        "reason": outcome.dismissed,
        "reasoning": outcome.reasoning,
        "reasoning_en": outcome.reasoning_en,
    });
    transition::apply(
        conn,
        tenant_id,
        alert_id,
        &By::system(),
        outcome.command(),
        s.at.max(Utc::now()),
        None,
        Some(&stored),
    )
    .await?;
    Ok(alert_id)
}

/// What screening looks at: the device's refused values of late, its status and open maintenance of it
/// (an order in its zone whose title names the device), and another alert in review for the same device.
async fn screening_input(conn: &mut PgConnection, alert_id: Uuid, s: &Incoming) -> Result<ScreeningInput, sqlx::Error> {
    let mut input = ScreeningInput {
        severity: s.severity,
        summary: (s.detail.clone(), s.detail_en.clone()),
        ..ScreeningInput::default()
    };
    let Some(device_id) = s.device_id else {
        return Ok(input);
    };
    let since = s.at - Duration::minutes(SENSOR_FAULT_LOOKBACK_MINUTES);
    let (name, code, status, refused): (String, String, String, i64) = sqlx::query_as(
        "SELECT d.name, d.code, d.status, (SELECT count(*) FROM dead_letter l WHERE l.tenant_id = d.tenant_id \
         AND l.gateway_id = d.gateway_id AND l.device_code = d.code AND l.received_at >= $2) FROM device d WHERE d.device_id = $1",
    )
    .bind(device_id)
    .bind(since)
    .fetch_optional(&mut *conn)
    .await?
    .unwrap_or_default();
    input.device = Some((name, u32::try_from(refused).unwrap_or(u32::MAX)));
    if status == "maintenance" {
        input.maintenance.push("设备处于检修状态".into());
    }
    // Only maintenance of this device counts (an EAM order naming it, e.g. a recalibration): an overdue
    // conveyor-guard repair in the same zone says nothing about whether an ammonia reading is real.
    let jobs: Vec<String> = sqlx::query_scalar(
        "SELECT CASE WHEN title = '' THEN external_id ELSE title END FROM work_item WHERE zone_id = $1 \
         AND kind = 'maintenance' AND closed_at IS NULL AND due_at <= $2 + interval '1 day' \
         AND strpos(title, $3) > 0 ORDER BY due_at LIMIT 3",
    )
    .bind(s.zone_id)
    .bind(s.at)
    .bind(&code)
    .fetch_all(&mut *conn)
    .await?;
    input.maintenance.extend(jobs);
    input.duplicate_of = sqlx::query_scalar(
        "SELECT title FROM alert WHERE alert_id <> $1 AND evidence ->> 'device_id' = $2 AND cause <> $3 \
         AND stage IN ('engineer_review', 'awaiting_data', 'final_review') ORDER BY opened_at DESC LIMIT 1",
    )
    .bind(alert_id)
    .bind(device_id.to_string())
    .bind(&s.cause)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(input)
}

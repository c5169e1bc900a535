//! The hazard register (风险点): hazard points of zones with their static assessment, control measures,
//! responsible person, linked devices and dynamic-factor tags; and the tenant's risk settings.
//!
//! Zone scope is enforced by the hazard table's own row-level security (`app_zone_visible(zone_id)`), so
//! every query here is limited to the caller's zones without a condition of its own. Scores and grades
//! are computed by the caller (the server, with `foresight_risk`) and stored as given.

use crate::list::{like_pattern, Page, PageRequest};
use crate::{resolve_versioned, Versioned};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, QueryBuilder};
use utoipa::ToSchema;
use uuid::Uuid;

/// A stored hazard point.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Hazard {
    pub hazard_id: Uuid,
    /// The site of the hazard's zone.
    pub site_id: Uuid,
    pub site_code: String,
    pub zone_id: Uuid,
    pub zone_code: String,
    pub zone_name: String,
    /// Unique in the tenant.
    pub code: String,
    pub name: String,
    /// mechanical, fire_explosion, toxic, electrical, fall, confined_space, lifting, hot_work, vehicle,
    /// chemical_burn, scald or other.
    pub category: String,
    pub description: String,
    /// lec, ls, or null while the hazard is not assessed.
    pub method: Option<String>,
    /// L: LEC scale 10, 6, 3, 1, 0.5, 0.2, 0.1; LS 1 to 5.
    pub likelihood: Option<f64>,
    /// E of LEC: 10, 6, 3, 2, 1, 0.5.
    pub exposure: Option<f64>,
    /// C of LEC: 100, 40, 15, 7, 3, 1.
    pub consequence: Option<f64>,
    /// S of LS: 1 to 5.
    pub severity: Option<f64>,
    /// D = L × E × C or R = L × S; null while not assessed.
    pub score: Option<f64>,
    /// red, orange, yellow, blue by the tenant's risk settings; `unassessed` until assessed (never a
    /// colour by default).
    pub grade: String,
    /// Control measures by kind, one entry per measure.
    pub engineering_controls: Vec<String>,
    pub management_controls: Vec<String>,
    pub training_controls: Vec<String>,
    pub ppe_controls: Vec<String>,
    pub emergency_controls: Vec<String>,
    pub responsible_user_id: Option<Uuid>,
    pub responsible_username: Option<String>,
    /// Linked devices, ordered by device code; `device_codes` in the same order.
    pub device_ids: Vec<Uuid>,
    pub device_codes: Vec<String>,
    /// Dynamic-factor tags the risk engine matches conditions to (night_shift, low_temperature, ...).
    pub tags: Vec<String>,
    pub assessed_at: Option<DateTime<Utc>>,
    pub assessed_by: Option<Uuid>,
    pub created_by: Option<Uuid>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const COLUMNS: &str = "h.hazard_id, z.site_id, s.code AS site_code, h.zone_id, z.code AS zone_code, \
     z.name AS zone_name, h.code, h.name, h.category, h.description, h.method, h.likelihood, h.exposure, \
     h.consequence, h.severity, h.score, h.grade, h.engineering_controls, h.management_controls, \
     h.training_controls, h.ppe_controls, h.emergency_controls, h.responsible_user_id, \
     u.username AS responsible_username, \
     linked.device_ids, linked.device_codes, \
     h.tags, h.assessed_at, h.assessed_by, h.created_by, h.version, h.created_at, h.updated_at";
// The linked devices come from one lateral aggregate (ids and codes in the same order), not one
// subquery each.
const FROM: &str = "FROM hazard h \
     JOIN zone z ON z.tenant_id = h.tenant_id AND z.zone_id = h.zone_id \
     JOIN site s ON s.tenant_id = z.tenant_id AND s.site_id = z.site_id \
     LEFT JOIN app_user u ON u.tenant_id = h.tenant_id AND u.user_id = h.responsible_user_id \
     CROSS JOIN LATERAL (SELECT coalesce(array_agg(d.device_id ORDER BY d.code), '{}') AS device_ids, \
                                coalesce(array_agg(d.code ORDER BY d.code), '{}') AS device_codes \
                         FROM hazard_device hd JOIN device d USING (tenant_id, device_id) \
                         WHERE hd.tenant_id = h.tenant_id AND hd.hazard_id = h.hazard_id) AS linked";

/// A hazard's stored fields: the whole row for create, the merged result of a partial update.
#[derive(Debug, Clone, Default)]
pub struct HazardFields {
    pub zone_id: Uuid,
    pub code: String,
    pub name: String,
    pub category: String,
    pub description: String,
    pub method: Option<String>,
    pub likelihood: Option<f64>,
    pub exposure: Option<f64>,
    pub consequence: Option<f64>,
    pub severity: Option<f64>,
    pub score: Option<f64>,
    pub grade: String,
    pub engineering_controls: Vec<String>,
    pub management_controls: Vec<String>,
    pub training_controls: Vec<String>,
    pub ppe_controls: Vec<String>,
    pub emergency_controls: Vec<String>,
    pub responsible_user_id: Option<Uuid>,
    pub tags: Vec<String>,
    pub assessed_at: Option<DateTime<Utc>>,
    pub assessed_by: Option<Uuid>,
}

impl From<&Hazard> for HazardFields {
    fn from(h: &Hazard) -> HazardFields {
        HazardFields {
            zone_id: h.zone_id,
            code: h.code.clone(),
            name: h.name.clone(),
            category: h.category.clone(),
            description: h.description.clone(),
            method: h.method.clone(),
            likelihood: h.likelihood,
            exposure: h.exposure,
            consequence: h.consequence,
            severity: h.severity,
            score: h.score,
            grade: h.grade.clone(),
            engineering_controls: h.engineering_controls.clone(),
            management_controls: h.management_controls.clone(),
            training_controls: h.training_controls.clone(),
            ppe_controls: h.ppe_controls.clone(),
            emergency_controls: h.emergency_controls.clone(),
            responsible_user_id: h.responsible_user_id,
            tags: h.tags.clone(),
            assessed_at: h.assessed_at,
            assessed_by: h.assessed_by,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct HazardFilter {
    pub site_id: Option<Uuid>,
    pub zone_id: Option<Uuid>,
    pub grade: Option<String>,
    pub category: Option<String>,
    /// lec, ls, or `none` for hazards not assessed.
    pub method: Option<String>,
    pub q: Option<String>,
}

impl HazardFilter {
    fn push(&self, qb: &mut QueryBuilder<'_, sqlx::Postgres>) {
        if let Some(site_id) = self.site_id {
            qb.push(" AND z.site_id = ").push_bind(site_id);
        }
        if let Some(zone_id) = self.zone_id {
            qb.push(" AND h.zone_id = ").push_bind(zone_id);
        }
        if let Some(grade) = &self.grade {
            qb.push(" AND h.grade = ").push_bind(grade.clone());
        }
        if let Some(category) = &self.category {
            qb.push(" AND h.category = ").push_bind(category.clone());
        }
        match self.method.as_deref() {
            Some("none") => {
                qb.push(" AND h.method IS NULL");
            }
            Some(method) => {
                qb.push(" AND h.method = ").push_bind(method.to_string());
            }
            None => {}
        }
        if let Some(q) = &self.q {
            let pattern = like_pattern(q);
            qb.push(" AND (h.code ILIKE ")
                .push_bind(pattern.clone())
                .push(" OR h.name ILIKE ")
                .push_bind(pattern.clone())
                .push(" OR h.description ILIKE ")
                .push_bind(pattern)
                .push(")");
        }
    }
}

/// Sort expression that orders grades by risk; `unassessed` ranks above red, because an unknown risk
/// needs attention first and must never sort as low.
pub const GRADE_ORDER: &str = "(CASE h.grade WHEN 'blue' THEN 1 WHEN 'yellow' THEN 2 WHEN 'orange' THEN 3 \
     WHEN 'red' THEN 4 ELSE 5 END)";

#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    hazard: Hazard,
    total: i64,
}

pub async fn list(
    conn: &mut PgConnection,
    filter: &HazardFilter,
    page: &PageRequest,
) -> Result<Page<Hazard>, sqlx::Error> {
    let mut qb = QueryBuilder::new(format!("SELECT {COLUMNS}, count(*) OVER () AS total {FROM} WHERE true"));
    filter.push(&mut qb);
    qb.push(page.order_by("h.hazard_id"));
    qb.push(" LIMIT ").push_bind(page.per_page).push(" OFFSET ").push_bind(page.offset());
    let rows: Vec<Counted> = qb.build_query_as().fetch_all(&mut *conn).await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    Ok(Page { items: rows.into_iter().map(|r| r.hazard).collect(), total })
}

/// Every matching hazard ordered by code, at most `limit` (the export).
pub async fn all(conn: &mut PgConnection, filter: &HazardFilter, limit: i64) -> Result<Vec<Hazard>, sqlx::Error> {
    let mut qb = QueryBuilder::new(format!("SELECT {COLUMNS} {FROM} WHERE true"));
    filter.push(&mut qb);
    qb.push(" ORDER BY h.code LIMIT ").push_bind(limit);
    qb.build_query_as().fetch_all(&mut *conn).await
}

pub async fn get(conn: &mut PgConnection, id: Uuid) -> Result<Option<Hazard>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} {FROM} WHERE h.hazard_id = $1")).bind(id).fetch_optional(conn).await
}

pub async fn create(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    fields: &HazardFields,
    device_ids: &[Uuid],
    created_by: Option<Uuid>,
) -> Result<Hazard, sqlx::Error> {
    let id = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO hazard (tenant_id, hazard_id, zone_id, code, name, category, description, method, likelihood, \
         exposure, consequence, severity, score, grade, engineering_controls, management_controls, training_controls, \
         ppe_controls, emergency_controls, responsible_user_id, tags, assessed_at, assessed_by, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(fields.zone_id)
    .bind(&fields.code)
    .bind(&fields.name)
    .bind(&fields.category)
    .bind(&fields.description)
    .bind(&fields.method)
    .bind(fields.likelihood)
    .bind(fields.exposure)
    .bind(fields.consequence)
    .bind(fields.severity)
    .bind(fields.score)
    .bind(&fields.grade)
    .bind(&fields.engineering_controls)
    .bind(&fields.management_controls)
    .bind(&fields.training_controls)
    .bind(&fields.ppe_controls)
    .bind(&fields.emergency_controls)
    .bind(fields.responsible_user_id)
    .bind(&fields.tags)
    .bind(fields.assessed_at)
    .bind(fields.assessed_by)
    .bind(created_by)
    .execute(&mut *conn)
    .await?;
    set_devices(conn, tenant_id, id, device_ids).await?;
    get(conn, id).await?.ok_or(sqlx::Error::RowNotFound)
}

/// Saves the merged fields when `expected_version` is current; `device_ids` replaces the links when given.
pub async fn update(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    id: Uuid,
    expected_version: i32,
    fields: &HazardFields,
    device_ids: Option<&[Uuid]>,
) -> Result<Versioned<Hazard>, sqlx::Error> {
    let updated: Option<Uuid> = sqlx::query_scalar(
        "UPDATE hazard SET zone_id = $3, code = $4, name = $5, category = $6, description = $7, method = $8, \
         likelihood = $9, exposure = $10, consequence = $11, severity = $12, score = $13, grade = $14, \
         engineering_controls = $15, management_controls = $16, training_controls = $17, ppe_controls = $18, \
         emergency_controls = $19, responsible_user_id = $20, tags = $21, assessed_at = $22, assessed_by = $23, \
         version = version + 1, updated_at = now() WHERE hazard_id = $1 AND version = $2 RETURNING hazard_id",
    )
    .bind(id)
    .bind(expected_version)
    .bind(fields.zone_id)
    .bind(&fields.code)
    .bind(&fields.name)
    .bind(&fields.category)
    .bind(&fields.description)
    .bind(&fields.method)
    .bind(fields.likelihood)
    .bind(fields.exposure)
    .bind(fields.consequence)
    .bind(fields.severity)
    .bind(fields.score)
    .bind(&fields.grade)
    .bind(&fields.engineering_controls)
    .bind(&fields.management_controls)
    .bind(&fields.training_controls)
    .bind(&fields.ppe_controls)
    .bind(&fields.emergency_controls)
    .bind(fields.responsible_user_id)
    .bind(&fields.tags)
    .bind(fields.assessed_at)
    .bind(fields.assessed_by)
    .fetch_optional(&mut *conn)
    .await?;
    let hazard = match updated {
        Some(id) => {
            if let Some(devices) = device_ids {
                sqlx::query("DELETE FROM hazard_device WHERE hazard_id = $1").bind(id).execute(&mut *conn).await?;
                set_devices(conn, tenant_id, id, devices).await?;
            }
            get(conn, id).await?
        }
        None => None,
    };
    resolve_versioned(hazard, conn, "SELECT version FROM hazard WHERE hazard_id = $1", id).await
}

async fn set_devices(conn: &mut PgConnection, tenant_id: Uuid, id: Uuid, devices: &[Uuid]) -> Result<(), sqlx::Error> {
    if devices.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO hazard_device (tenant_id, hazard_id, device_id) SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(devices)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i32,
) -> Result<Versioned<Hazard>, sqlx::Error> {
    let Some(before) = get(conn, id).await? else { return Ok(Versioned::NotFound) };
    if before.version != expected_version {
        return Ok(Versioned::Stale(before.version));
    }
    let deleted: Option<Uuid> =
        sqlx::query_scalar("DELETE FROM hazard WHERE hazard_id = $1 AND version = $2 RETURNING hazard_id")
            .bind(id)
            .bind(expected_version)
            .fetch_optional(&mut *conn)
            .await?;
    let deleted = deleted.map(|_| before);
    resolve_versioned(deleted, conn, "SELECT version FROM hazard WHERE hazard_id = $1", id).await
}

/// Which of `codes` are taken in the tenant (by any hazard, visible to the caller or not: codes are
/// unique tenant-wide, so an import must not collide with a hazard of another zone either).
pub async fn taken_codes(conn: &mut PgConnection, codes: &[String]) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT taken FROM hazard_code_taken($1) AS taken").bind(codes).fetch_all(conn).await
}

/// The assessment of a hazard, for regrading after the settings changed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Assessment {
    pub hazard_id: Uuid,
    pub method: Option<String>,
    pub likelihood: Option<f64>,
    pub exposure: Option<f64>,
    pub consequence: Option<f64>,
    pub severity: Option<f64>,
}

/// Every assessed hazard of the tenant visible to the caller.
pub async fn assessments(conn: &mut PgConnection) -> Result<Vec<Assessment>, sqlx::Error> {
    sqlx::query_as(
        "SELECT hazard_id, method, likelihood, exposure, consequence, severity FROM hazard WHERE method IS NOT NULL",
    )
    .fetch_all(conn)
    .await
}

/// Stores recomputed grades (the score does not depend on settings). Does not bump the version: the
/// hazard itself did not change, the policy did (and is audited).
pub async fn set_grades(conn: &mut PgConnection, grades: &[(Uuid, String)]) -> Result<u64, sqlx::Error> {
    if grades.is_empty() {
        return Ok(0);
    }
    let ids: Vec<Uuid> = grades.iter().map(|(id, _)| *id).collect();
    let values: Vec<String> = grades.iter().map(|(_, g)| g.clone()).collect();
    let done = sqlx::query(
        "UPDATE hazard h SET grade = g.grade, updated_at = now() FROM unnest($1::uuid[], $2::text[]) AS g(id, grade) \
         WHERE h.hazard_id = g.id AND h.grade <> g.grade",
    )
    .bind(&ids)
    .bind(&values)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// A tenant's risk grading policy.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct RiskSettings {
    /// `default` (> 320 red, 160–320 orange, 70–160 yellow, ≤ 70 blue) or `high_bands_red` (both bands
    /// above 160 red).
    pub lec_mapping: String,
    /// LS matrix: R = L × S at or above this is red (default 20).
    pub ls_red_min: i32,
    /// ... at or above this orange (default 15).
    pub ls_orange_min: i32,
    /// ... at or above this yellow (default 9); below it blue.
    pub ls_yellow_min: i32,
    /// 0 while the tenant uses the defaults and never saved settings.
    pub version: i32,
    pub updated_at: Option<DateTime<Utc>>,
}

impl Default for RiskSettings {
    fn default() -> Self {
        RiskSettings {
            lec_mapping: "default".into(),
            ls_red_min: 20,
            ls_orange_min: 15,
            ls_yellow_min: 9,
            version: 0,
            updated_at: None,
        }
    }
}

pub async fn settings(conn: &mut PgConnection) -> Result<RiskSettings, sqlx::Error> {
    let found: Option<RiskSettings> = sqlx::query_as(
        "SELECT lec_mapping, ls_red_min, ls_orange_min, ls_yellow_min, version, updated_at FROM risk_settings",
    )
    .fetch_optional(conn)
    .await?;
    Ok(found.unwrap_or_default())
}

/// Saves the settings when `expected_version` is current (0: never saved).
pub async fn put_settings(
    conn: &mut PgConnection,
    tenant_id: Uuid,
    expected_version: i32,
    new: &RiskSettings,
) -> Result<Versioned<RiskSettings>, sqlx::Error> {
    let current = settings(conn).await?;
    if current.version != expected_version {
        return Ok(Versioned::Stale(current.version));
    }
    let saved: RiskSettings = sqlx::query_as(
        "INSERT INTO risk_settings (tenant_id, lec_mapping, ls_red_min, ls_orange_min, ls_yellow_min) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id) DO UPDATE SET lec_mapping = EXCLUDED.lec_mapping, \
         ls_red_min = EXCLUDED.ls_red_min, ls_orange_min = EXCLUDED.ls_orange_min, \
         ls_yellow_min = EXCLUDED.ls_yellow_min, version = risk_settings.version + 1, updated_at = now() \
         RETURNING lec_mapping, ls_red_min, ls_orange_min, ls_yellow_min, version, updated_at",
    )
    .bind(tenant_id)
    .bind(&new.lec_mapping)
    .bind(new.ls_red_min)
    .bind(new.ls_orange_min)
    .bind(new.ls_yellow_min)
    .fetch_one(conn)
    .await?;
    Ok(Versioned::Updated(saved))
}

/// Lookup tables for an import: zones, people and devices of the caller's tenant (row-level security
/// keeps every other tenant's out, so another tenant's code never resolves).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ZoneRef {
    pub zone_id: Uuid,
    pub code: String,
    pub name: String,
    pub site_code: String,
    pub site_name: String,
}

pub async fn zone_refs(conn: &mut PgConnection) -> Result<Vec<ZoneRef>, sqlx::Error> {
    sqlx::query_as(
        "SELECT z.zone_id, z.code, z.name, s.code AS site_code, s.name AS site_name FROM zone z \
         JOIN site s ON s.tenant_id = z.tenant_id AND s.site_id = z.site_id",
    )
    .fetch_all(conn)
    .await
}

/// Active people by lower-cased username.
pub async fn user_refs(conn: &mut PgConnection) -> Result<Vec<(String, Uuid)>, sqlx::Error> {
    sqlx::query_as("SELECT lower(username), user_id FROM app_user WHERE status = 'active'").fetch_all(conn).await
}

/// Devices the caller may see, by code (see `devices::VISIBLE`).
pub async fn device_refs(conn: &mut PgConnection) -> Result<Vec<(String, Uuid)>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT device.code, device.device_id FROM device WHERE {}", crate::devices::VISIBLE))
        .fetch_all(conn)
        .await
}

//! Creating a tenant with its first administrator: shared by the platform API, the `foresight
//! tenant create` command and the demo seed, so all three produce the same audited result.

use crate::credentials::hash_password;
use foresight_core::rbac::Role;
use foresight_store::audit::{self, Actor, Change};
use foresight_store::tenants::{self, Tenant};
use foresight_store::users::{self, NewUser, User};
use foresight_store::{pool, Scope};
use sqlx::PgConnection;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct NewTenant {
    pub slug: String,
    pub name: String,
    pub locale: String,
    pub admin_username: String,
    pub admin_display_name: String,
    pub admin_password: String,
}

/// Creates the tenant, its administrator and the first two events of its audit chain, in the
/// caller's transaction. Leaves the transaction pointed at the new tenant.
pub async fn create_tenant(
    conn: &mut PgConnection,
    new: &NewTenant,
    actor: &Actor,
    request_id: Option<&str>,
) -> anyhow::Result<(Tenant, User)> {
    let tenant_id = Uuid::now_v7();
    pool::set_tenant(conn, tenant_id, &Scope::AllZones).await?;
    let tenant = tenants::create(conn, tenant_id, &new.slug, &new.name, &new.locale).await?;
    let password = new.admin_password.clone();
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password)).await??;
    let admin = users::create(
        conn,
        tenant_id,
        &NewUser {
            username: new.admin_username.clone(),
            display_name: new.admin_display_name.clone(),
            email: String::new(),
            phone: String::new(),
            locale: new.locale.clone(),
            password_hash,
        },
    )
    .await?;
    users::assign(conn, tenant_id, admin.user_id, Role::TenantAdmin.as_str(), None).await?;
    let change = |action, kind, id: Uuid, after: serde_json::Value| Change {
        action,
        target_kind: kind,
        target_id: Some(id.to_string()),
        before: None,
        after: Some(after),
    };
    audit::append(
        conn,
        tenant_id,
        actor,
        change("tenant.create", "tenant", tenant_id, serde_json::to_value(&tenant)?),
        request_id,
    )
    .await?;
    let mut admin_json = serde_json::to_value(&admin)?;
    admin_json["roles"] = serde_json::json!([Role::TenantAdmin.as_str()]);
    audit::append(conn, tenant_id, actor, change("user.create", "user", admin.user_id, admin_json), request_id).await?;
    Ok((tenant, admin))
}

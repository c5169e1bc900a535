//! The two baselines: the handler's query called directly, bare (owner role, no transaction) and
//! wrapped the way a request wraps it (application role, transaction with the tenant set).

use crate::load::Worker;
use foresight_store::list::PageRequest;
use foresight_store::zones::{self, ZoneFilter};
use foresight_store::{begin_tenant, Scope};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// A read the benchmark issues, in the store's terms; the HTTP worker issues the same one by URL.
#[derive(Debug, Clone)]
pub enum Read {
    /// `zones::list` with no filter and the page the handler builds from `?per_page=50`.
    List(PageRequest),
    /// `zones::get` of one zone.
    One(Uuid),
}

impl Read {
    /// Calls the store function itself (not a copy of its SQL), so decoding is included too.
    /// Results are checked: an empty answer would mean row-level security hid the rows and the
    /// baseline measured nothing.
    async fn run(&self, conn: &mut PgConnection) -> anyhow::Result<()> {
        match self {
            Read::List(page) => {
                let found = zones::list(conn, &ZoneFilter::default(), page).await?;
                anyhow::ensure!(!found.items.is_empty(), "zone list came back empty");
            }
            Read::One(zone_id) => {
                anyhow::ensure!(zones::get(conn, *zone_id).await?.is_some(), "zone {zone_id} not found");
            }
        }
        Ok(())
    }
}

/// The bare query: owner role (row-level security does not apply), no transaction.
pub struct RawWorker {
    pub pool: PgPool,
    pub read: Read,
}

impl Worker for RawWorker {
    async fn call(&mut self) -> anyhow::Result<()> {
        let mut conn = self.pool.acquire().await?;
        self.read.run(&mut conn).await
    }
}

/// What a request does around its query: begin, set the tenant, query, commit, as the
/// application role so the row-level security policies are evaluated.
pub struct TenancyWorker {
    pub pool: PgPool,
    pub tenant_id: Uuid,
    pub read: Read,
}

impl Worker for TenancyWorker {
    async fn call(&mut self) -> anyhow::Result<()> {
        let mut tx = begin_tenant(&self.pool, self.tenant_id, &Scope::AllZones).await?;
        self.read.run(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }
}

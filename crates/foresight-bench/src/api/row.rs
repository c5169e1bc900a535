//! One row of the table: one read at one connection count, through the three layers, measured in
//! one-second turns (raw, tenancy, HTTP, raw, ...) so that interference hits all three alike.

use super::http::HttpWorker;
use super::sql::{RawWorker, Read, TenancyWorker};
use crate::interference::CpuSnapshot;
use crate::load::{self, Recording, Worker};
use crate::report::{self, Layers};
use anyhow::Context;
use sqlx::PgPool;
use std::net::SocketAddr;
use std::time::Duration;
use uuid::Uuid;

/// Unrecorded time before a layer's first turn: connections open, pools fill, plans and caches warm.
pub const WARMUP: Duration = Duration::from_secs(1);
/// Recorded time per turn.
const TURN: Duration = Duration::from_secs(1);
const LAYERS: [&str; 3] = ["raw SQL", "SQL + tenancy tx", "HTTP"];

/// Everything a row needs, fixed for the whole run.
pub struct Target<'a> {
    pub database: &'a str,
    pub owner: &'a PgPool,
    pub app: &'a PgPool,
    pub tenant_id: Uuid,
    pub addr: SocketAddr,
    pub token: &'a str,
}

/// One read as the store sees it and as a URL.
pub struct ReadSpec {
    pub label: String,
    pub path: String,
    pub read: Read,
}

/// The three kinds of client in one type, so the layers can be driven in turns by one loop.
enum Client {
    Raw(RawWorker),
    Tenancy(TenancyWorker),
    Http(HttpWorker),
}

impl Worker for Client {
    async fn call(&mut self) -> anyhow::Result<()> {
        match self {
            Client::Raw(w) => w.call().await,
            Client::Tenancy(w) => w.call().await,
            Client::Http(w) => w.call().await,
        }
    }
}

/// Measures `turns` one-second turns per layer and returns the row, with the share of CPU other
/// programs took meanwhile.
pub async fn measure(
    target: &Target<'_>,
    spec: &ReadSpec,
    connections: usize,
    turns: u64,
) -> anyhow::Result<report::Row> {
    let mut clients: [Vec<Client>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..connections {
        clients[0].push(Client::Raw(RawWorker { pool: target.owner.clone(), read: spec.read.clone() }));
        clients[1].push(Client::Tenancy(TenancyWorker {
            pool: target.app.clone(),
            tenant_id: target.tenant_id,
            read: spec.read.clone(),
        }));
        clients[2].push(Client::Http(HttpWorker::connect(target.addr, &spec.path, target.token).await?));
    }
    let mut recordings: [Recording; 3] = Default::default();
    let before = CpuSnapshot::take(target.database);
    for turn in 0..turns {
        let warmup = if turn == 0 { WARMUP } else { Duration::ZERO };
        for (layer, (workers, recording)) in clients.iter_mut().zip(&mut recordings).enumerate() {
            *workers = load::slice(std::mem::take(workers), warmup, TURN, recording)
                .await
                .with_context(|| format!("{}, {connections} conns, {}", spec.label, LAYERS[layer]))?;
        }
    }
    let others_cpu = before.zip(CpuSnapshot::take(target.database)).map(|(b, a)| a.others_since(&b));
    let [raw, tenancy, http] = recordings;
    let layers = Layers { raw: raw.sample()?, tenancy: tenancy.sample()?, http: http.sample()?, others_cpu };
    Ok(report::Row { read: spec.label.clone(), connections, layers })
}

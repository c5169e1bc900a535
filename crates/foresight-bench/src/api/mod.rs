//! `api`: authenticated zone reads (a page of zones and one zone) over HTTP at several connection
//! counts, each beside the handler's own store query run bare and inside a tenant transaction.

mod fixture;
mod http;
mod sql;

use crate::database::BenchDatabase;
use crate::interference::CpuSnapshot;
use crate::load::{measure, Sample, Worker};
use crate::report::{self, Layers, Machine};
use anyhow::Context;
use foresight_store::list::PageRequest;
use sql::{RawWorker, Read, TenancyWorker};
use std::future::{ready, Future};
use std::time::Duration;

/// Unrecorded time before each cell: connections open, pools fill, plans and caches warm.
const WARMUP: Duration = Duration::from_secs(1);
/// Page size of the list read, in the URL and in the baseline's page.
const PER_PAGE: i64 = 50;

#[derive(Debug, clap::Args)]
pub struct ApiArgs {
    /// PostgreSQL server (and a user allowed to create databases) for the throwaway database.
    #[arg(long, env = "TEST_DATABASE_URL", default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    database_url: String,
    /// Recorded seconds per cell, after a one-second warm-up.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    seconds: u64,
    /// Zones on the benchmark tenant's site.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    zones: u32,
    /// Concurrent connections (HTTP clients, or SQL tasks for the baselines) to measure.
    #[arg(long, value_delimiter = ',', default_values_t = [1, 8, 64])]
    connections: Vec<usize>,
    /// Maximum connections of each database pool. 32 is `foresight serve`'s default
    /// (DATABASE_MAX_CONNECTIONS); beyond it requests queue for a connection, as in production.
    #[arg(long, default_value_t = 32)]
    pool_size: u32,
}

/// Creates the database, benchmarks, and drops the database whatever happened (Ctrl-C included).
pub async fn run(args: ApiArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.connections.iter().all(|&c| c > 0), "--connections must all be at least 1");
    let db = BenchDatabase::create(&args.database_url).await?;
    eprintln!("benchmark database: {}", db.name);
    let outcome = tokio::select! {
        outcome = bench(&args, &db) => outcome,
        _ = tokio::signal::ctrl_c() => Err(anyhow::anyhow!("interrupted")),
    };
    let dropped = db.drop().await.context("drop the benchmark database");
    outcome.and(dropped)
}

async fn bench(args: &ApiArgs, db: &BenchDatabase) -> anyhow::Result<()> {
    let app = db.app_pool(args.pool_size).await?;
    let owner = db.owner_pool(args.pool_size).await?;
    let machine = Machine::probe(&owner).await?;
    let plant = fixture::plant(&app, args.zones as usize).await?;
    // Autovacuum would analyse the freshly filled tables at some moment during the run and change
    // plans mid-measurement; analysing now makes every cell run with the same plans.
    sqlx::query("ANALYZE").execute(&owner).await?;
    // The server gets the same application pool the tenancy baseline uses: one pool, as in production.
    let (addr, server) = fixture::serve(app.clone()).await?;
    let token = http::sign_in(addr, fixture::TENANT, fixture::ADMIN, fixture::PASSWORD).await?;
    let token = token.as_str();

    let zone_id = plant.zone_ids[plant.zone_ids.len() / 2];
    // The page `GET /zones?per_page=50` becomes in the handler: first page, default sort by name.
    let page = PageRequest { page: 1, per_page: PER_PAGE, sort_column: "zone.name", descending: false };
    let reads = [
        (format!("list ({PER_PAGE} per page)"), format!("/api/v1/zones?per_page={PER_PAGE}"), Read::List(page)),
        ("one zone".to_string(), format!("/api/v1/zones/{zone_id}"), Read::One(zone_id)),
    ];
    let duration = Duration::from_secs(args.seconds);
    let mut rows = Vec::new();
    for (label, path, read) in &reads {
        for &connections in &args.connections {
            let cell = |layer| Cell { database: &db.name, read: label, connections, layer, duration };
            let (raw, others_raw) =
                cell("raw SQL").measure(|| ready(Ok(RawWorker { pool: owner.clone(), read: read.clone() }))).await?;
            let (tenancy, others_tenancy) = cell("SQL + tenancy tx")
                .measure(|| {
                    ready(Ok(TenancyWorker { pool: app.clone(), tenant_id: plant.tenant_id, read: read.clone() }))
                })
                .await?;
            let (http, others_http) =
                cell("HTTP").measure(move || http::HttpWorker::connect(addr, path, token)).await?;
            let others_cpu = [others_raw, others_tenancy, others_http].into_iter().flatten().reduce(f64::max);
            rows.push(report::Row {
                read: label.clone(),
                connections,
                layers: Layers { raw, tenancy, http, others_cpu },
            });
        }
    }
    server.abort();
    app.close().await;
    owner.close().await;

    let setup =
        report::Setup { machine, zones: args.zones, seconds: args.seconds, warmup: WARMUP, pool_size: args.pool_size };
    println!("{}", report::render(&setup, &rows));
    Ok(())
}

/// One cell of the table: a read, a layer, a number of connections.
struct Cell<'a> {
    database: &'a str,
    read: &'a str,
    connections: usize,
    layer: &'a str,
    duration: Duration,
}

impl Cell<'_> {
    /// Measures `connections` workers made by `make`, shows the result as it comes, and returns it
    /// with the share of CPU other programs took meanwhile.
    async fn measure<W, F, Fut>(&self, make: F) -> anyhow::Result<(Sample, Option<f64>)>
    where
        W: Worker,
        F: Fn() -> Fut,
        Fut: Future<Output = anyhow::Result<W>>,
    {
        let mut workers = Vec::with_capacity(self.connections);
        for _ in 0..self.connections {
            workers.push(make().await?);
        }
        let before = CpuSnapshot::take(self.database);
        let sample = measure(workers, WARMUP, self.duration)
            .await
            .with_context(|| format!("{}, {} conns, {}", self.read, self.connections, self.layer))?;
        let others = before.zip(CpuSnapshot::take(self.database)).map(|(b, a)| a.others_since(&b));
        let shown = others.map_or_else(String::new, |o| format!(" | others' CPU {:.0} %", o * 100.0));
        eprintln!(
            "{:>18} | {:>3} conns | {:<16} | {}{shown}",
            self.read,
            self.connections,
            self.layer,
            report::cell(&sample)
        );
        Ok((sample, others))
    }
}

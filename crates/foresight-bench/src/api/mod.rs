//! `api`: authenticated zone reads (a page of zones and one zone) over HTTP at several connection
//! counts, each beside the handler's own store query run bare and inside a tenant transaction.

pub mod fixture;
pub mod http;
mod row;
mod sql;

use crate::database::BenchDatabase;
use crate::report::{self, Machine};
use anyhow::Context;
use foresight_store::list::PageRequest;
use row::{ReadSpec, Target};
use sql::Read;

/// Page size of the list read, in the URL and in the baseline's page.
const PER_PAGE: i64 = 50;

#[derive(Debug, clap::Args)]
pub struct ApiArgs {
    /// PostgreSQL server (and a user allowed to create databases) for the throwaway database.
    #[arg(long, env = "TEST_DATABASE_URL", default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    database_url: String,
    /// Recorded seconds per cell, taken in one-second turns with the other two layers, after a
    /// one-second warm-up.
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
        ReadSpec {
            label: format!("list ({PER_PAGE} per page)"),
            path: format!("/api/v1/zones?per_page={PER_PAGE}"),
            read: Read::List(page),
        },
        ReadSpec { label: "one zone".into(), path: format!("/api/v1/zones/{zone_id}"), read: Read::One(zone_id) },
    ];
    let target = Target { database: &db.name, owner: &owner, app: &app, tenant_id: plant.tenant_id, addr, token };
    let mut rows = Vec::new();
    for spec in &reads {
        for &connections in &args.connections {
            let row = row::measure(&target, spec, connections, args.seconds).await?;
            eprintln!("{}", report::progress(&row));
            rows.push(row);
        }
    }
    server.abort();
    app.close().await;
    owner.close().await;

    let setup = report::Setup {
        machine,
        zones: args.zones,
        seconds: args.seconds,
        warmup: row::WARMUP,
        pool_size: args.pool_size,
    };
    println!("{}", report::render(&setup, &rows));
    Ok(())
}

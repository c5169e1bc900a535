//! `chart`: one device's month as 2,000 min/max/avg buckets, read from a reading table of tens of
//! millions of rows, over HTTP (the real handler, which reads whole minutes from the per-minute
//! rollup) beside the handler's SQL run bare and beside the same buckets aggregated from the readings.
//!
//! The table is filled the way ingest fills it: every series reports at a steady rate, so one
//! series' rows are spread over the whole heap, interleaved with every other series' rows.

use crate::api::{fixture, http};
use crate::database::BenchDatabase;
use anyhow::Context;
use chrono::{DateTime, Duration as Span, Utc};
use sqlx::PgPool;
use std::time::{Duration, Instant};
use uuid::Uuid;

#[derive(Debug, clap::Args)]
pub struct ChartArgs {
    /// PostgreSQL server (and a user allowed to create databases) for the throwaway database.
    #[arg(long, env = "TEST_DATABASE_URL", default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    database_url: String,
    /// Rows in the reading table.
    #[arg(long, default_value_t = 50_000_000, value_parser = clap::value_parser!(u64).range(1_000..))]
    rows: u64,
    /// Series (device properties) the rows are spread over; one of them is charted.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    series: u64,
    /// Days the rows cover, ending now; the chart spans all of them.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=366))]
    days: u64,
    /// Buckets of the chart.
    #[arg(long, default_value_t = 2_000, value_parser = clap::value_parser!(u64).range(1..=5_000))]
    buckets: u64,
    /// Timed requests per column (HTTP, bare SQL), alternating one by one after a warm-up of each.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    requests: u64,
}

/// Creates the database, benchmarks, and drops the database whatever happened (Ctrl-C included).
pub async fn run(args: ChartArgs) -> anyhow::Result<()> {
    let db = BenchDatabase::create(&args.database_url).await?;
    eprintln!("benchmark database: {}", db.name);
    let outcome = tokio::select! {
        outcome = bench(&args, &db) => outcome,
        _ = tokio::signal::ctrl_c() => Err(anyhow::anyhow!("interrupted")),
    };
    let dropped = db.drop().await.context("drop the benchmark database");
    outcome.and(dropped)
}

/// One gateway's gas detectors, each with one series of `lel`.
async fn devices(owner: &PgPool, tenant_id: Uuid, count: u64) -> anyhow::Result<Vec<(Uuid, i64)>> {
    let (site_id,): (Uuid,) =
        sqlx::query_as("SELECT site_id FROM site WHERE tenant_id = $1").bind(tenant_id).fetch_one(owner).await?;
    let mut out = Vec::with_capacity(count as usize);
    for (device_id, _) in crate::ingest::gas_detectors(owner, tenant_id, site_id, count).await? {
        let (series_id,): (i64,) = sqlx::query_as(
            "INSERT INTO series (tenant_id, device_id, property) VALUES ($1, $2, 'lel') RETURNING series_id",
        )
        .bind(tenant_id)
        .bind(device_id)
        .fetch_one(owner)
        .await?;
        out.push((device_id, series_id));
    }
    Ok(out)
}

/// Fills the table one day at a time (one transaction each): every series at the same steady
/// interval, in time order, as a plant's gateways would have written it.
async fn fill(
    owner: &PgPool,
    tenant_id: Uuid,
    series: &[(Uuid, i64)],
    args: &ChartArgs,
    end: DateTime<Utc>,
) -> anyhow::Result<()> {
    let start = end - Span::days(args.days as i64);
    let per_series = args.rows / args.series;
    let interval_ms = (args.days * 86_400_000) as f64 / per_series as f64;
    let first = series.first().map(|s| s.1).unwrap_or_default();
    let last = series.last().map(|s| s.1).unwrap_or_default();
    sqlx::query("SELECT ensure_reading_partitions($1::date, $2)")
        .bind(start.date_naive())
        .bind(args.days as i32 + 2)
        .execute(owner)
        .await?;
    let begun = Instant::now();
    let steps_per_day = (86_400_000.0 / interval_ms).ceil() as i64;
    let mut written = 0u64;
    for day in 0..args.days as i64 {
        let from_step = day * steps_per_day;
        let to_step = ((day + 1) * steps_per_day).min(per_series as i64);
        if from_step >= to_step {
            break;
        }
        // A slow sine per series plus a fast wobble: values a gas detector could show.
        let done = sqlx::query(
            "INSERT INTO reading (tenant_id, series_id, ts, source_ts, value) \
             SELECT $1, s, t, t, 10 + 8 * sin(step / 500.0 + s) + (step % 7) * 0.3 \
             FROM generate_series($2::bigint, $3::bigint - 1) AS step \
             CROSS JOIN LATERAL (SELECT $4::timestamptz + make_interval(secs => step * $5::float8 / 1000) AS t) AS at \
             CROSS JOIN generate_series($6::bigint, $7::bigint) AS s \
             ORDER BY step, s",
        )
        .bind(tenant_id)
        .bind(from_step)
        .bind(to_step)
        .bind(start)
        .bind(interval_ms)
        .bind(first)
        .bind(last)
        .execute(owner)
        .await?;
        written += done.rows_affected();
        eprintln!(
            "filled day {}/{}: {written} rows, {:.0} rows/s",
            day + 1,
            args.days,
            written as f64 / begun.elapsed().as_secs_f64()
        );
    }
    // What autovacuum does to insert-only partitions on its own (PostgreSQL 13+): statistics and
    // the visibility map, which index-only scans rely on. Done now so every request runs the same.
    eprintln!("vacuuming and analysing the reading table");
    sqlx::query("VACUUM (ANALYZE) reading").execute(owner).await?;
    // The rollup ingest keeps in the same transactions, computed here by the migration's own
    // function from the same rows (inserting through the ingest writer would take hours).
    let minutes: (i64,) = sqlx::query_as("SELECT rebuild_reading_minute($1, $2)")
        .bind(start - Span::minutes(1))
        .bind(end + Span::minutes(1))
        .fetch_one(owner)
        .await?;
    sqlx::query("VACUUM (ANALYZE) reading_minute").execute(owner).await?;
    eprintln!("{} rollup rows", minutes.0);
    Ok(())
}

/// Bucket start, min, max, avg, count.
type BucketRow = (DateTime<Utc>, Option<f64>, Option<f64>, Option<f64>, i64);

/// A bucket query of the handler (crates/foresight-server/src/api/readings.rs), bare: no HTTP, no
/// authentication, no tenant transaction. `rollup`: the handler's query (whole minutes from the
/// rollup); otherwise the same buckets aggregated from every reading (the baseline).
async fn bare(
    owner: &PgPool,
    series_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    bucket: i64,
    rollup: bool,
    tenant_id: Uuid,
) -> anyhow::Result<usize> {
    use foresight_server::api::readings::{whole_minutes, RAW_BUCKETS, ROLLUP_BUCKETS};
    let query = sqlx::query_as::<_, BucketRow>(if rollup { ROLLUP_BUCKETS } else { RAW_BUCKETS })
        .bind(series_id)
        .bind(from)
        .bind(to)
        .bind(bucket as f64);
    let (first_minute, last_minute) = whole_minutes(from, to);
    let query = if rollup { query.bind(first_minute).bind(last_minute).bind(tenant_id) } else { query };
    Ok(query.fetch_all(owner).await?.len())
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

async fn bench(args: &ChartArgs, db: &BenchDatabase) -> anyhow::Result<()> {
    anyhow::ensure!(args.rows >= args.series, "--rows must be at least --series");
    let app = db.app_pool(8).await?;
    let owner = db.owner_pool(4).await?;
    let plant = fixture::plant(&app, 1).await?;
    let series = devices(&owner, plant.tenant_id, args.series).await?;
    let end = Utc::now();
    fill(&owner, plant.tenant_id, &series, args, end).await?;
    let (total,): (i64,) = sqlx::query_as("SELECT count(*) FROM reading").fetch_one(&owner).await?;
    let (device_id, series_id) = series[series.len() / 2];
    let (charted,): (i64,) =
        sqlx::query_as("SELECT count(*) FROM reading WHERE series_id = $1").bind(series_id).fetch_one(&owner).await?;
    eprintln!("{total} rows in the reading table, {charted} of them in the charted series");

    let from = end - Span::days(args.days as i64);
    let asked = ((args.days * 86_400) as f64 / args.buckets as f64).ceil() as i64;
    // The width the handler uses for what the chart asks (whole minutes from a minute up).
    let bucket = foresight_server::api::readings::bucket_width(asked);
    let (addr, server) = fixture::serve(app.clone()).await?;
    let token = http::sign_in(addr, fixture::TENANT, fixture::ADMIN, fixture::PASSWORD).await?;
    let path = format!(
        "/api/v1/devices/{device_id}/readings?property=lel&from={}&to={}&bucket_seconds={asked}",
        from.to_rfc3339_opts(chrono::SecondsFormat::Millis, true).replace('+', "%2B"),
        end.to_rfc3339_opts(chrono::SecondsFormat::Millis, true).replace('+', "%2B"),
    );
    let client = reqwest::Client::new();
    let get = || async {
        let response = client.get(format!("http://{addr}{path}")).bearer_auth(&token).send().await?;
        anyhow::ensure!(response.status().is_success(), "GET {path} answered {}", response.status());
        let body: serde_json::Value = response.json().await?;
        Ok::<usize, anyhow::Error>(body["buckets"].as_array().map_or(0, Vec::len))
    };
    // Warm-up (caches, plans), and both columns must return the same chart.
    let http_buckets = get().await?;
    let sql_buckets = bare(&owner, series_id, from, end, bucket, true, plant.tenant_id).await?;
    let raw_buckets = bare(&owner, series_id, from, end, bucket, false, plant.tenant_id).await?;
    anyhow::ensure!(
        http_buckets == sql_buckets && sql_buckets == raw_buckets,
        "HTTP gave {http_buckets} buckets, the handler's SQL {sql_buckets}, the readings {raw_buckets}"
    );
    let (mut via_http, mut via_sql, mut via_raw) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..args.requests {
        let start = Instant::now();
        get().await?;
        via_http.push(start.elapsed());
        let start = Instant::now();
        bare(&owner, series_id, from, end, bucket, true, plant.tenant_id).await?;
        via_sql.push(start.elapsed());
        let start = Instant::now();
        bare(&owner, series_id, from, end, bucket, false, plant.tenant_id).await?;
        via_raw.push(start.elapsed());
    }
    server.abort();
    via_http.sort();
    via_sql.sort();
    via_raw.sort();
    let (h50, s50, r50) = (percentile(&via_http, 0.5), percentile(&via_sql, 0.5), percentile(&via_raw, 0.5));
    let cell = |all: &[Duration], p50: Duration| format!("{} · {}", ms(p50), ms(percentile(all, 0.95)));
    println!(
        "| {} rows, {} series, {} days | {} buckets of {bucket} s ({charted} readings) | {} | {} | {} | {:.1} |",
        crate::ingest::thousands(total as u64),
        args.series,
        args.days,
        http_buckets,
        cell(&via_http, h50),
        cell(&via_sql, s50),
        cell(&via_raw, r50),
        r50.as_secs_f64() / h50.as_secs_f64(),
    );
    println!("(columns: HTTP p50 · p95 | handler SQL bare p50 · p95 | from every reading p50 · p95 | readings / HTTP)");
    app.close().await;
    owner.close().await;
    Ok(())
}

//! The result as a markdown table, ready to paste into BENCHMARKS.md, with the facts a reader needs
//! to judge it: the machine, the settings, and whether something else was using the CPUs.

use crate::load::Sample;
use sqlx::PgPool;
use std::fmt::Write;
use std::time::Duration;

/// Where the numbers came from.
#[derive(Debug)]
pub struct Machine {
    pub cpus: usize,
    pub cpu_model: String,
    pub postgres: String,
}

impl Machine {
    pub async fn probe(pool: &PgPool) -> anyhow::Result<Machine> {
        let postgres: String = sqlx::query_scalar("SHOW server_version").fetch_one(pool).await?;
        let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find_map(|l| l.strip_prefix("model name")?.split_once(':').map(|(_, m)| m.trim().to_string()))
            })
            .unwrap_or_else(|| "unknown CPU".into());
        Ok(Machine { cpus: std::thread::available_parallelism().map_or(1, |n| n.get()), cpu_model, postgres })
    }
}

#[derive(Debug)]
pub struct Setup {
    pub machine: Machine,
    pub zones: u32,
    pub seconds: u64,
    pub warmup: Duration,
    pub pool_size: u32,
}

/// The three ways the same read was measured.
#[derive(Debug)]
pub struct Layers {
    pub raw: Sample,
    pub tenancy: Sample,
    pub http: Sample,
    /// The share of CPU other programs took while the row was measured.
    pub others_cpu: Option<f64>,
}

#[derive(Debug)]
pub struct Row {
    pub read: String,
    pub connections: usize,
    pub layers: Layers,
}

/// `requests/s · p50 / p99 ms`.
pub fn cell(s: &Sample) -> String {
    format!("{} /s · {} / {} ms", thousands(s.per_second()), millis(s.p50), millis(s.p99))
}

fn millis(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn thousands(x: f64) -> String {
    let digits = format!("{x:.0}");
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    grouped
}

/// A row as it is measured, for the terminal.
pub fn progress(row: &Row) -> String {
    let l = &row.layers;
    let others = l.others_cpu.map_or_else(String::new, |share| format!(" | others' CPU {:.0} %", share * 100.0));
    format!(
        "{} | {} conns | raw {} | tenancy {} | HTTP {}{others}",
        row.read,
        row.connections,
        cell(&l.raw),
        cell(&l.tenancy),
        cell(&l.http)
    )
}

pub fn render(setup: &Setup, rows: &[Row]) -> String {
    let m = &setup.machine;
    let mut out = String::new();
    let _ = writeln!(out, "Machine: {} logical CPUs ({}), PostgreSQL {} server.", m.cpus, m.cpu_model, m.postgres);
    let _ = writeln!(
        out,
        "Load generator, Foresight server and PostgreSQL all ran on these {} CPUs: every column pays for its own client too.",
        m.cpus
    );
    let _ = writeln!(
        out,
        "{} zones on one site; {} s recorded per cell, in one-second turns with the row's other two cells, after {} s \
         warm-up; database pools of {} connections (server and tenancy baseline share the application pool).",
        setup.zones,
        setup.seconds,
        setup.warmup.as_secs_f64(),
        setup.pool_size
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Each cell: requests/s · p50 / p99 latency. Others' CPU: the share of the machine's CPU time that \
         programs other than the benchmark and its PostgreSQL backends used while the row was measured."
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "| read | conns | raw SQL | SQL + tenancy tx | full HTTP | HTTP / raw | HTTP / tenancy tx | others' CPU |"
    );
    let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|--:|--:|");
    for row in rows {
        let l = &row.layers;
        let others = l.others_cpu.map_or_else(|| "n/a".to_string(), |share| format!("{:.0} %", share * 100.0));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {:.2} | {:.2} | {others} |",
            row.read,
            row.connections,
            cell(&l.raw),
            cell(&l.tenancy),
            cell(&l.http),
            l.http.per_second() / l.raw.per_second(),
            l.http.per_second() / l.tenancy.per_second(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(7.4), "7");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(1234.0), "1,234");
        assert_eq!(thousands(1234567.0), "1,234,567");
    }
}

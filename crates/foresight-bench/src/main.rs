//! `foresight-bench`: measures a Foresight layer beside its baseline in the same run, so the ratio
//! (not the absolute number, which depends on the machine) is what a reader compares.

mod alert_latency;
mod api;
mod chart;
mod database;
mod gateway;
mod ingest;
mod interference;
mod load;
mod lstm;
mod report;
mod risk_cycle;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// A reading over the alarm threshold to the alert on an SSE stream and to the zone's wearable
    /// (MQTT downlink), under background ingest, beside an MQTT round trip on the same broker.
    AlertLatency(alert_latency::AlertLatencyArgs),
    /// Authenticated zone reads over HTTP, against the same SQL run bare and in a tenant transaction.
    Api(api::ApiArgs),
    /// One device's month as 2,000 min/max/avg buckets from a table of 50 million readings, over
    /// HTTP beside the same SQL run bare.
    Chart(chart::ChartArgs),
    /// MQTT ingest end to end beside raw binary COPY, and one-reading messages beside a do-nothing
    /// subscriber.
    Ingest(ingest::IngestArgs),
    /// The shipped LSTM in tract beside onnxruntime (Python subprocess), same inputs and batches, one thread each.
    Lstm(lstm::LstmArgs),
    /// One risk cycle of 1,000 zones x 21 inputs with the LSTM and Shapley explanations, on one core, beside
    /// fusion alone.
    RiskCycle(risk_cycle::RiskCycleArgs),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::AlertLatency(args) => alert_latency::run(args).await,
        Command::Api(args) => api::run(args).await,
        Command::Chart(args) => chart::run(args).await,
        Command::Ingest(args) => ingest::run(args).await,
        Command::Lstm(args) => lstm::run(args),
        Command::RiskCycle(args) => risk_cycle::run(args),
    }
}

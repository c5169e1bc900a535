//! `foresight-bench`: measures a Foresight layer beside its baseline in the same run, so the ratio
//! (not the absolute number, which depends on the machine) is what a reader compares.

mod api;
mod database;
mod ingest;
mod interference;
mod load;
mod report;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Authenticated zone reads over HTTP, against the same SQL run bare and in a tenant transaction.
    Api(api::ApiArgs),
    /// MQTT ingest end to end beside raw binary COPY, and one-reading messages beside a do-nothing
    /// subscriber.
    Ingest(ingest::IngestArgs),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Api(args) => api::run(args).await,
        Command::Ingest(args) => ingest::run(args).await,
    }
}

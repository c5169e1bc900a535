//! `foresight-bench`: measures a Foresight layer beside its baseline in the same run, so the ratio
//! (not the absolute number, which depends on the machine) is what a reader compares.

mod api;
mod database;
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
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Api(args) => api::run(args).await,
    }
}

//! `foresight`: the single binary. Subcommands serve the platform, apply migrations, provision a
//! tenant and print the OpenAPI document.

mod config;
mod database;
mod demo;
mod demo_publisher;
mod serve;

use clap::{Parser, Subcommand};
use config::GlobalArgs;

#[derive(Debug, Parser)]
#[command(name = "foresight", version, about = "Foresight safety-production platform")]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server (migrates first).
    Serve(serve::ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Tenant administration.
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Print the OpenAPI 3.1 document.
    Openapi,
}

#[derive(Debug, Subcommand)]
enum TenantCommand {
    /// Create a tenant and its first administrator. The password is read from
    /// FORESIGHT_ADMIN_PASSWORD so it never appears in the process list or shell history.
    Create {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "admin")]
        admin_username: String,
        #[arg(long, default_value = "管理员")]
        admin_display_name: String,
        #[arg(long, default_value = "zh-CN")]
        locale: String,
        /// Also make the administrator a platform administrator (may create other tenants).
        #[arg(long)]
        platform_admin: bool,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    config::init_logging(&cli.global);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(run(cli))
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Openapi => {
            println!("{}", serde_json::to_string_pretty(&foresight_server::openapi())?);
            Ok(())
        }
        Command::Migrate => {
            let db = database::Database::open(&cli.global).await?;
            db.close().await
        }
        Command::Serve(args) => serve::serve(&cli.global, args).await,
        Command::Tenant(TenantCommand::Create {
            slug,
            name,
            admin_username,
            admin_display_name,
            locale,
            platform_admin,
        }) => {
            let password = std::env::var("FORESIGHT_ADMIN_PASSWORD")
                .map_err(|_| anyhow::anyhow!("set FORESIGHT_ADMIN_PASSWORD to the new administrator's password"))?;
            let db = database::Database::open(&cli.global).await?;
            let new = foresight_server::provision::NewTenant {
                slug,
                name,
                locale,
                admin_username,
                admin_display_name,
                admin_password: password,
            };
            let result = demo::provision(&db.app, &new, platform_admin).await;
            db.close().await?;
            let (tenant, admin) = result?;
            println!("created tenant {} ({}) with administrator {}", tenant.slug, tenant.tenant_id, admin.username);
            Ok(())
        }
    }
}

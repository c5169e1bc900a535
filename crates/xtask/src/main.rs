//! `cargo xtask <chore>`: project chores in Rust, after rust-analyzer's xtask.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

const HELP: &str = "\
cargo xtask <chore>
  openapi     regenerate openapi/openapi.json (and the web app's typed client when present)
  test        run every check and test (same as scripts/test and CI)
  run         run Foresight with the demo plant (same as scripts/run)
  bench-api   run the API benchmark and print its table";

fn main() -> Result<()> {
    let root = project_root();
    match std::env::args().nth(1).as_deref() {
        Some("openapi") => openapi(&root),
        Some("test") => run(&mut Command::new(root.join("scripts/test"))),
        Some("run") => run(&mut Command::new(root.join("scripts/run"))),
        Some("bench-api") => run(cargo().args(["run", "--release", "-p", "foresight-bench", "--", "api"])),
        _ => {
            println!("{HELP}");
            Ok(())
        }
    }
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("xtask lives in crates/xtask").to_path_buf()
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd.status().with_context(|| format!("running {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(())
}

fn openapi(root: &Path) -> Result<()> {
    let output = cargo().args(["run", "--quiet", "-p", "foresight", "--", "openapi"]).current_dir(root).output()?;
    if !output.status.success() {
        bail!("foresight openapi failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    std::fs::write(root.join("openapi/openapi.json"), &output.stdout)?;
    println!("wrote openapi/openapi.json");
    if root.join("frontend/package.json").exists() {
        run(Command::new("npm").args(["run", "--silent", "api:gen"]).current_dir(root.join("frontend")))?;
        println!("regenerated the web app's API client");
    }
    Ok(())
}

//! Finds the system's PostgreSQL server binaries (initdb, pg_ctl, postgres) and their version.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Error;

/// A directory holding a complete set of server binaries.
#[derive(Debug, Clone)]
pub(crate) struct Binaries {
    pub(crate) dir: PathBuf,
    /// Full version as printed by `pg_ctl --version`, e.g. "15.14".
    pub(crate) version: String,
}

impl Binaries {
    pub(crate) fn path(&self, program: &str) -> PathBuf {
        self.dir.join(program)
    }

    /// `pg_isready` lives next to the server on Debian; elsewhere it may only be on PATH.
    pub(crate) fn pg_isready(&self) -> Option<PathBuf> {
        let local = self.dir.join("pg_isready");
        if is_executable(&local) {
            return Some(local);
        }
        path_dirs().into_iter().map(|d| d.join("pg_isready")).find(|p| is_executable(p))
    }

    /// True when these binaries can run a cluster whose `PG_VERSION` file says `cluster_major`
    /// ("15", or "9.6" for old releases): PostgreSQL only opens clusters of its own major version.
    pub(crate) fn matches_major(&self, cluster_major: &str) -> bool {
        self.version == cluster_major || self.version.starts_with(&format!("{cluster_major}."))
    }
}

/// Finds the binaries. Order: the explicit directory if given (nothing else then, so a typo is
/// not silently replaced by another installation); the Debian directory of the version that
/// created an existing cluster (a machine may carry several majors and only one can open it);
/// PATH; the newest Debian version; RHEL and source-build locations.
pub(crate) fn find(explicit: Option<&Path>, cluster_major: Option<&str>) -> Result<Binaries, Error> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(dir) = explicit {
        candidates.push(dir.to_path_buf());
    } else {
        let debian = debian_dirs();
        if let Some(major) = cluster_major {
            candidates.extend(debian.iter().filter(|(v, _)| v == major).map(|(_, d)| d.clone()));
        }
        for dir in path_dirs() {
            // PATH entries are often symlinks into the real bin directory (e.g.
            // /usr/local/bin/pg_ctl -> /usr/lib/postgresql/15/bin/pg_ctl); the siblings we need
            // live next to the target, not next to the link.
            if let Ok(real) = fs::canonicalize(dir.join("pg_ctl")) {
                if let Some(parent) = real.parent() {
                    candidates.push(parent.to_path_buf());
                }
            }
        }
        candidates.extend(debian.iter().rev().map(|(_, d)| d.clone()));
        candidates.extend(glob_dirs(Path::new("/usr"), "pgsql-", "bin"));
        candidates.push(PathBuf::from("/usr/local/pgsql/bin"));
    }

    let mut searched: Vec<String> = Vec::new();
    for dir in candidates {
        let shown = dir.display().to_string();
        if !searched.contains(&shown) {
            searched.push(shown);
        }
        let complete = ["initdb", "pg_ctl", "postgres"].iter().all(|p| is_executable(&dir.join(p)));
        if !complete {
            continue;
        }
        if let Some(version) = version_of(&dir.join("pg_ctl")) {
            return Ok(Binaries { dir, version });
        }
    }
    if explicit.is_none() {
        searched.push("/usr/lib/postgresql/*/bin".into());
        searched.push("$PATH".into());
    }
    Err(Error::BinariesNotFound { searched: searched.join(", ") })
}

/// `/usr/lib/postgresql/<ver>/bin`, sorted oldest to newest by numeric version.
fn debian_dirs() -> Vec<(String, PathBuf)> {
    let mut found: Vec<(Vec<u32>, String, PathBuf)> = Vec::new();
    if let Ok(entries) = fs::read_dir("/usr/lib/postgresql") {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let key: Option<Vec<u32>> = name.split('.').map(|p| p.parse().ok()).collect();
            if let Some(key) = key {
                found.push((key, name, entry.path().join("bin")));
            }
        }
    }
    found.sort();
    found.into_iter().map(|(_, v, d)| (v, d)).collect()
}

/// `<base>/<prefix>*/<sub>`, e.g. /usr/pgsql-16/bin on RHEL.
fn glob_dirs(base: &Path, prefix: &str, sub: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(base)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
                .map(|e| e.path().join(sub))
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs.reverse();
    dirs
}

fn path_dirs() -> Vec<PathBuf> {
    env::var_os("PATH").map(|p| env::split_paths(&p).collect()).unwrap_or_default()
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0).unwrap_or(false)
}

/// Parses "pg_ctl (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)" into "15.14".
fn version_of(pg_ctl: &Path) -> Option<String> {
    let out = Command::new(pg_ctl).arg("--version").output().ok()?;
    if !out.status.success() {
        return None;
    }
    parse_version(&String::from_utf8_lossy(&out.stdout))
}

fn parse_version(text: &str) -> Option<String> {
    let rest = text.split("(PostgreSQL)").nth(1)?;
    let token = rest.split_whitespace().next()?;
    // Development builds print "17devel" or "17beta1": keep the leading numeric part.
    let numeric: String = token.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let numeric = numeric.trim_end_matches('.');
    (!numeric.is_empty()).then(|| numeric.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_versions() {
        assert_eq!(parse_version("pg_ctl (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)\n").as_deref(), Some("15.14"));
        assert_eq!(parse_version("pg_ctl (PostgreSQL) 17devel").as_deref(), Some("17"));
        assert_eq!(parse_version("something else"), None);
    }

    #[test]
    fn matches_major_versions() {
        let b = |v: &str| Binaries { dir: PathBuf::new(), version: v.into() };
        assert!(b("15.14").matches_major("15"));
        assert!(!b("15.14").matches_major("1"));
        assert!(!b("16.1").matches_major("15"));
        assert!(b("9.6.24").matches_major("9.6"));
        assert!(b("17").matches_major("17"));
    }
}

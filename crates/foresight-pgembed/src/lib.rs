//! Runs a private PostgreSQL cluster from the system binaries.
//!
//! Used when Foresight starts without `DATABASE_URL`. The API is synchronous (callers wrap it
//! in `spawn_blocking`). Layout under the data directory:
//!
//! ```text
//! <data_dir>/foresight.lock   exclusive OS lock of the running Foresight, holds its pid
//! <data_dir>/data/            the cluster (initdb output)
//! <data_dir>/run/             unix socket directory, mode 0700: the only way in
//! <data_dir>/log/postgres.log server log
//! ```
//!
//! Started as root, every server program runs as an unprivileged user (default `foresight`,
//! created when missing) because PostgreSQL refuses to run as root.

mod account;
mod binaries;
mod error;
mod lockfile;
mod server;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use error::Error;

use account::Account;
use lockfile::DirLock;
use server::{Postmaster, Server, PORT};

/// OS user the server runs as when Foresight is started as root and nothing else is configured.
pub const DEFAULT_OS_USER: &str = "foresight";

/// How to run the embedded cluster.
#[derive(Debug, Clone)]
pub struct Options {
    /// Root of everything the cluster owns, e.g. `./var/pg`. Created if missing.
    pub data_dir: PathBuf,
    /// Unprivileged OS user for the server when Foresight runs as root (`None`: `foresight`).
    /// Ignored when not root: the server then runs as the current user.
    pub run_as: Option<String>,
    /// Name of the cluster's superuser role, which owns the database.
    pub superuser: String,
    /// Database created on first start.
    pub database: String,
    /// Directory holding initdb, pg_ctl and postgres; `None` searches the usual places.
    pub bin_dir: Option<PathBuf>,
}

impl Options {
    /// Defaults (`foresight` superuser and database, binaries searched) for `data_dir`.
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Options {
            data_dir: data_dir.into(),
            run_as: None,
            superuser: "foresight".into(),
            database: "foresight".into(),
            bin_dir: None,
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options::new("./var/pg")
    }
}

/// A running cluster, exclusively ours until stopped or dropped.
#[derive(Debug)]
pub struct EmbeddedPostgres {
    data_dir: PathBuf,
    cluster_dir: PathBuf,
    socket_dir: PathBuf,
    log_file: PathBuf,
    server: Server,
    superuser: String,
    database: String,
    running: bool,
    // Declared last so it is released only after the server has been stopped in Drop.
    _lock: DirLock,
}

impl EmbeddedPostgres {
    /// Takes the data directory, initialises it on first use, and starts the server. Returns
    /// when the server accepts connections on its socket.
    pub fn start(opts: Options) -> Result<Self, Error> {
        validate_identifier("superuser", &opts.superuser)?;
        validate_identifier("database", &opts.database)?;
        let as_root = account::running_as_root();
        if !as_root && opts.run_as.is_some() {
            tracing::debug!("run_as ignored: not running as root, PostgreSQL runs as the current user");
        }

        fs::create_dir_all(&opts.data_dir)
            .map_err(|e| Error::io(format!("creating data directory {}", opts.data_dir.display()), e))?;
        // Absolute and symlink-free: the socket path goes into URLs and the postmaster's cwd is
        // compared with it to recognise an orphan.
        let data_dir = fs::canonicalize(&opts.data_dir)
            .map_err(|e| Error::io(format!("resolving data directory {}", opts.data_dir.display()), e))?;
        if !server::shell_safe_path(data_dir.as_os_str()) {
            return Err(Error::InvalidOptions(format!(
                "data directory {} must be UTF-8 without quotes, backslashes, `$` or backticks \
                 (pg_ctl passes it through a shell)",
                data_dir.display()
            )));
        }
        let socket_dir = data_dir.join("run");
        let socket_file_len = socket_dir.as_os_str().len() + format!("/.s.PGSQL.{PORT}").len();
        // sun_path holds 108 bytes including the terminating NUL.
        if socket_file_len > 107 {
            return Err(Error::InvalidOptions(format!(
                "data directory {} is too deep: the socket path inside it would be {socket_file_len} \
                 bytes, unix sockets allow 107; use a shorter path",
                data_dir.display()
            )));
        }

        let lock = DirLock::acquire(&data_dir.join("foresight.lock"), &data_dir)?;

        let cluster_dir = data_dir.join("data");
        let log_dir = data_dir.join("log");
        let log_file = log_dir.join("postgres.log");
        let cluster_major = fs::read_to_string(cluster_dir.join("PG_VERSION")).ok().map(|v| v.trim().to_string());
        let bins = binaries::find(opts.bin_dir.as_deref(), cluster_major.as_deref())?;
        if let Some(major) = &cluster_major {
            if !bins.matches_major(major) {
                return Err(Error::Cluster(format!(
                    "{} was created by PostgreSQL {major}, but the binaries found ({}) are \
                     PostgreSQL {}; install the PostgreSQL {major} server package or upgrade \
                     the cluster with pg_upgrade",
                    cluster_dir.display(),
                    bins.dir.display(),
                    bins.version
                )));
            }
        }
        let account = if as_root {
            let name = opts.run_as.as_deref().unwrap_or(DEFAULT_OS_USER);
            let account = account::ensure_user(name)?;
            account::check_traversable(&account, &data_dir)?;
            Some(account)
        } else {
            None
        };
        let server = Server { bins, account, workdir: data_dir.clone() };
        tracing::info!(
            data_dir = %data_dir.display(),
            binaries = %server.bins.dir.display(),
            version = %server.bins.version,
            os_user = server.account.as_ref().map(|a| a.name.as_str()).unwrap_or("(current)"),
            "starting embedded PostgreSQL"
        );

        // We hold the lock, so any postmaster still serving this directory was left behind by
        // a Foresight that died without stopping it (e.g. kill -9). Stop it before anything
        // else touches the directory.
        stop_orphan(&server, &cluster_dir, &log_file)?;
        server::wait_for_leftovers(&cluster_dir, Duration::from_secs(30))?;

        for dir in [&data_dir, &socket_dir, &log_dir] {
            fs::create_dir_all(dir)
                .and_then(|()| fs::set_permissions(dir, fs::Permissions::from_mode(0o700)))
                .map_err(|e| Error::io(format!("preparing {}", dir.display()), e))?;
        }
        if let Some(account) = &server.account {
            account::chown_tree(&data_dir, &cluster_dir, account)?;
        }

        if !cluster_dir.join("PG_VERSION").exists() {
            if cluster_dir.exists() {
                return Err(Error::Cluster(format!(
                    "{} exists but holds no PostgreSQL cluster (no PG_VERSION); move it away",
                    cluster_dir.display()
                )));
            }
            initialize(&server, &data_dir, &cluster_dir, &opts.superuser, &opts.database)?;
        }

        server::rotate_log(&log_file);
        let started = server
            .start(&cluster_dir, &socket_dir, &log_file)
            .and_then(|()| server.wait_ready(&socket_dir, &opts.superuser, &opts.database, &log_file));
        if let Err(e) = started {
            // pg_ctl may give up while the server is still starting (e.g. replaying WAL); it must
            // not keep running once we release the lock.
            if let Postmaster::Running(_) = server::inspect_postmaster(&cluster_dir) {
                let _ = server.stop(&cluster_dir, "immediate", None, &log_file);
            }
            return Err(e);
        }
        tracing::info!(socket_dir = %socket_dir.display(), "embedded PostgreSQL is ready");

        Ok(EmbeddedPostgres {
            data_dir,
            cluster_dir,
            socket_dir,
            log_file,
            server,
            superuser: opts.superuser,
            database: opts.database,
            running: true,
            _lock: lock,
        })
    }

    /// sqlx URL for the superuser over the unix socket, e.g.
    /// `postgres://foresight@localhost:5432/foresight?host=/abs/var/pg/run&sslmode=disable`.
    pub fn owner_url(&self) -> String {
        self.url_for_role(&self.superuser)
    }

    /// The same URL for another role (e.g. the application role created by migrations).
    /// No password: socket connections are trusted, the socket directory is the boundary.
    pub fn url_for_role(&self, role: &str) -> String {
        // The explicit port and sslmode override PGPORT/PGSSLMODE that sqlx would otherwise
        // read from the environment; the port only names the socket file.
        format!(
            "postgres://{}@localhost:{PORT}/{}?host={}&sslmode=disable",
            percent_encode(role, false),
            percent_encode(&self.database, false),
            percent_encode(self.socket_dir.to_str().expect("validated UTF-8"), true)
        )
    }

    /// The (absolute) data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The directory holding the server's unix socket (for `psql -h`).
    pub fn socket_dir(&self) -> &Path {
        &self.socket_dir
    }

    /// The directory of the PostgreSQL binaries in use (psql and pg_dump usually live there).
    pub fn bin_dir(&self) -> &Path {
        &self.server.bins.dir
    }

    /// Fast shutdown (disconnects clients, checkpoints) and waits until the server has exited.
    pub fn stop(mut self) -> Result<(), Error> {
        self.shutdown()
    }

    fn shutdown(&mut self) -> Result<(), Error> {
        if !self.running {
            return Ok(());
        }
        self.running = false;
        let result = self.server.stop_with_fallback(&self.cluster_dir, None, &self.log_file);
        match &result {
            Ok(()) => tracing::info!("embedded PostgreSQL stopped"),
            Err(e) => tracing::error!(error = %e, "stopping embedded PostgreSQL failed"),
        }
        result
    }
}

impl Drop for EmbeddedPostgres {
    fn drop(&mut self) {
        // Best effort; errors are already logged by shutdown.
        let _ = self.shutdown();
    }
}

/// Stops a postmaster left running on `cluster` by a Foresight that died, or clears a pid file
/// whose pid now belongs to an unrelated process.
fn stop_orphan(server: &Server, cluster: &Path, log: &Path) -> Result<(), Error> {
    match server::inspect_postmaster(cluster) {
        Postmaster::NotRunning => Ok(()),
        Postmaster::StalePidReused(pid) => {
            tracing::warn!(pid, "postmaster.pid names a process that is not PostgreSQL; removing it");
            let path = cluster.join("postmaster.pid");
            fs::remove_file(&path).map_err(|e| Error::io(format!("removing {}", path.display()), e))
        }
        Postmaster::Running(pid) => {
            tracing::warn!(pid, "a PostgreSQL server left by a previous Foresight is still running; stopping it");
            // Signal it as the user it runs as: the directory's owner, which may differ from
            // our account if an earlier run used another user.
            let owner = if server.account.is_some() {
                use std::os::unix::fs::MetadataExt;
                fs::metadata(cluster).ok().map(|m| Account {
                    name: format!("uid {}", m.uid()),
                    uid: m.uid(),
                    gid: m.gid(),
                })
            } else {
                None
            };
            server.stop_with_fallback(cluster, owner.as_ref(), log)?;
            // pg_ctl returns once postmaster.pid is gone; the process exits just after. Wait
            // for it, so the new server does not find the old shared memory still attached.
            if !server::wait_gone(pid, Duration::from_secs(30)) {
                return Err(Error::Cluster(format!(
                    "the previous PostgreSQL server (pid {pid}) did not exit after shutdown"
                )));
            }
            Ok(())
        }
    }
}

/// First start: initdb into a scratch directory, add our settings, create the database, then
/// rename it to `data/`. The rename is atomic, so `data/` either is a complete cluster or does
/// not exist, and an interrupted first start simply starts over.
fn initialize(
    server: &Server,
    data_dir: &Path,
    cluster_dir: &Path,
    superuser: &str,
    database: &str,
) -> Result<(), Error> {
    let scratch = data_dir.join("data.initdb");
    tracing::info!(cluster = %cluster_dir.display(), "initializing a new PostgreSQL cluster");
    server.initdb(&scratch, superuser)?;
    server.write_defaults(&scratch)?;
    server.create_database(&scratch, database)?;
    fs::rename(&scratch, cluster_dir)
        .and_then(|()| fs::File::open(data_dir)?.sync_all())
        .map_err(|e| Error::io(format!("moving the new cluster to {}", cluster_dir.display()), e))
}

/// Role and database names are restricted to plain identifiers: they go unescaped into SQL,
/// URLs and command lines, and Foresight never needs anything else.
fn validate_identifier(what: &str, name: &str) -> Result<(), Error> {
    let mut chars = name.chars();
    let ok = name.len() <= 63
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidOptions(format!(
            "{what} name `{name}` must be 1-63 ASCII letters, digits or underscores, not starting with a digit"
        )))
    }
}

/// Percent-encodes everything outside RFC 3986 "unreserved" (and `/` when `keep_slash`).
fn percent_encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert!(validate_identifier("x", "foresight").is_ok());
        assert!(validate_identifier("x", "foresight_app").is_ok());
        for bad in ["", "1abc", "a-b", "a\"b", "a b", &"a".repeat(64)] {
            assert!(validate_identifier("x", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn encodes_url_parts() {
        assert_eq!(percent_encode("/tmp/a b/run", true), "/tmp/a%20b/run");
        assert_eq!(percent_encode("a/b", false), "a%2Fb");
        assert_eq!(percent_encode("foresight_app", false), "foresight_app");
    }
}

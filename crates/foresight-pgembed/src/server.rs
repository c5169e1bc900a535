//! Launches the PostgreSQL programs (initdb, single-user postgres, pg_ctl, pg_isready) with
//! the right user, environment and arguments, and inspects a running postmaster.

use std::ffi::OsStr;
use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::account::Account;
use crate::binaries::Binaries;
use crate::Error;

/// The port only names the socket file (`.s.PGSQL.5432`): the cluster has no TCP listener and
/// its socket directory is private, so it cannot collide with another cluster on the machine.
pub(crate) const PORT: u16 = 5432;

/// pg_ctl's wait for start-up. Generous on purpose: after a crash the server replays WAL before
/// it accepts connections, which can take well over a minute on a slow disk.
const START_TIMEOUT_SECS: u32 = 300;
const STOP_TIMEOUT_SECS: u32 = 60;

/// Settings appended to postgresql.conf at initdb time. They live in the file (not on the
/// command line) so an operator can still tune them there or with ALTER SYSTEM.
const CONF_DEFAULTS: &str = "
# --- Foresight embedded defaults (written once at initdb; edit freely) ---
# listen_addresses, unix_socket_directories, port, fsync and full_page_writes are set on the
# pg_ctl command line by Foresight and override this file: the cluster is reachable only
# through its private unix socket, and acknowledged data is never at risk.
max_connections = 100
shared_buffers = 128MB
work_mem = 8MB
maintenance_work_mem = 128MB
max_wal_size = 1GB
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = -1
";

/// Runs programs from one set of binaries, as `account` when Foresight is root.
#[derive(Debug)]
pub(crate) struct Server {
    pub(crate) bins: Binaries,
    pub(crate) account: Option<Account>,
    /// Working directory for every child: our own cwd may be unreadable to the account.
    pub(crate) workdir: PathBuf,
}

/// What `postmaster.pid` tells about a cluster directory.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Postmaster {
    /// No pid file, or its process is gone: pg_ctl/postgres clean that up themselves.
    NotRunning,
    /// A live postmaster serves this directory (an orphan of a killed Foresight).
    Running(u32),
    /// The pid was reused by an unrelated process; postgres would wrongly see it as "another
    /// postmaster" and refuse to start, so the file must go.
    StalePidReused(u32),
}

impl Server {
    /// A command for `program` from the binary directory, as `user` (defaults to the account).
    pub(crate) fn command(&self, program: &str, user: Option<&Account>) -> Command {
        let mut cmd = Command::new(self.bins.path(program));
        prepare(&mut cmd, user.or(self.account.as_ref()), &self.workdir);
        cmd
    }

    /// initdb into `target`, preferring the C.UTF-8 locale (correct upper/lower for non-ASCII
    /// names) and falling back to plain C where the OS lacks it. Checksums on: a safety system
    /// wants silent disk corruption detected.
    pub(crate) fn initdb(&self, target: &Path, superuser: &str) -> Result<(), Error> {
        let mut failures = Vec::new();
        for locale in ["C.UTF-8", "C"] {
            if target.exists() {
                fs::remove_dir_all(target).map_err(|e| Error::io(format!("removing {}", target.display()), e))?;
            }
            let mut cmd = self.command("initdb", None);
            cmd.arg("-D")
                .arg(target)
                .args(["-U", superuser, "--encoding=UTF8"])
                .arg(format!("--locale={locale}"))
                // Trust only on the socket, whose directory only the account can enter. Were
                // TCP ever switched on, it would demand passwords.
                .args(["--auth-local=trust", "--auth-host=scram-sha-256", "--data-checksums"]);
            match run("initializing the PostgreSQL cluster (initdb)", &mut cmd, None) {
                Ok(_) => return Ok(()),
                Err(e) => {
                    tracing::debug!(locale, error = %e, "initdb failed");
                    failures.push(e);
                }
            }
        }
        Err(failures.pop().expect("at least one initdb attempt"))
    }

    /// Appends the embedded defaults to a fresh cluster's postgresql.conf.
    pub(crate) fn write_defaults(&self, cluster: &Path) -> Result<(), Error> {
        let path = cluster.join("postgresql.conf");
        let mut file = fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .map_err(|e| Error::io(format!("opening {}", path.display()), e))?;
        file.write_all(CONF_DEFAULTS.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| Error::io(format!("writing {}", path.display()), e))
    }

    /// Creates the database with the server in single-user mode: no socket, no client binaries
    /// needed, and it happens before the cluster directory is published, so a crash here leaves
    /// no half-made cluster behind.
    pub(crate) fn create_database(&self, cluster: &Path, database: &str) -> Result<(), Error> {
        let mut cmd = self.command("postgres", None);
        cmd.arg("--single")
            .arg("-D")
            .arg(cluster)
            // exit_on_error turns an SQL error into a non-zero exit status we can see.
            .args(["-c", "exit_on_error=true", "-c", "lc_messages=C", "postgres"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let step = "creating the database (postgres --single)";
        let mut child = cmd.spawn().map_err(|e| spawn_error(step, &self.bins.path("postgres"), e))?;
        // The name was validated as a plain identifier; quoting keeps its case.
        let sql = format!("CREATE DATABASE \"{database}\";\n");
        let written = child.stdin.take().expect("stdin is piped").write_all(sql.as_bytes());
        let output = child.wait_with_output().map_err(|e| Error::io(format!("waiting for {step}"), e))?;
        written.map_err(|e| Error::io(format!("sending SQL to {step}"), e))?;
        check(step, output).map(|_| ())
    }

    /// `pg_ctl start -w`; the server listens only on the socket in `socket_dir`.
    pub(crate) fn start(&self, cluster: &Path, socket_dir: &Path, log: &Path) -> Result<(), Error> {
        let socket = socket_dir.to_str().expect("paths are validated as UTF-8");
        // pg_ctl hands -o to /bin/sh, hence the shell quoting of every word.
        let server_opts = [
            "-k",
            socket,
            "-p",
            &PORT.to_string(),
            "-c",
            "listen_addresses=",
            "-c",
            "unix_socket_permissions=0700",
            "-c",
            "fsync=on",
            "-c",
            "full_page_writes=on",
        ]
        .iter()
        .map(|w| shell_quote(w))
        .collect::<Vec<_>>()
        .join(" ");
        // Only this attempt's log lines explain its failure; earlier runs' lines would mislead.
        let since = fs::metadata(log).map(|m| m.len()).unwrap_or(0);
        let mut cmd = self.command("pg_ctl", None);
        cmd.args(["start", "-w", "-t", &START_TIMEOUT_SECS.to_string(), "-D"])
            .arg(cluster)
            .arg("-l")
            .arg(log)
            .arg("-o")
            .arg(server_opts);
        run("starting PostgreSQL (pg_ctl start)", &mut cmd, Some((log, since))).map(|_| ())
    }

    /// `pg_ctl stop -m <mode> -w`, as `user` (the owner of an orphan) or the account.
    pub(crate) fn stop(&self, cluster: &Path, mode: &str, user: Option<&Account>, log: &Path) -> Result<(), Error> {
        let mut cmd = self.command("pg_ctl", user);
        cmd.args(["stop", "-m", mode, "-w", "-t", &STOP_TIMEOUT_SECS.to_string(), "-D"]).arg(cluster);
        run(&format!("stopping PostgreSQL (pg_ctl stop -m {mode})"), &mut cmd, Some((log, 0))).map(|_| ())
    }

    /// Stops fast; if that does not finish, stops immediately (crash-safe: WAL replays on the
    /// next start, nothing acknowledged is lost).
    pub(crate) fn stop_with_fallback(&self, cluster: &Path, user: Option<&Account>, log: &Path) -> Result<(), Error> {
        match self.stop(cluster, "fast", user, log) {
            Ok(()) => Ok(()),
            Err(fast) => {
                tracing::warn!(error = %fast, "fast shutdown failed, trying immediate");
                self.stop(cluster, "immediate", user, log).map_err(|_| fast)
            }
        }
    }

    /// Confirms the server accepts connections on the socket. pg_ctl -w already waited; this
    /// is a second, client-side check, polled against a deadline.
    pub(crate) fn wait_ready(&self, socket_dir: &Path, user: &str, database: &str, log: &Path) -> Result<(), Error> {
        let Some(pg_isready) = self.bins.pg_isready() else {
            return Ok(());
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            // A client: it may run as us (root can enter the private socket directory).
            let mut cmd = Command::new(&pg_isready);
            prepare(&mut cmd, None, &self.workdir);
            cmd.arg("-h").arg(socket_dir).args(["-p", &PORT.to_string(), "-U", user, "-d", database, "-t", "5"]);
            let output = cmd.output().map_err(|e| spawn_error("checking PostgreSQL (pg_isready)", &pg_isready, e))?;
            if output.status.success() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(Error::Command {
                    step: "waiting for PostgreSQL to accept connections (pg_isready)".into(),
                    detail: describe(&output),
                    log_tail: log_tail(log, 0),
                });
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Common child set-up: user switch, working directory, and no inherited libpq/server
/// environment (PGDATA, PGPORT, PGHOST... would silently redirect pg_ctl or pg_isready).
fn prepare(cmd: &mut Command, user: Option<&Account>, workdir: &Path) {
    if let Some(account) = user {
        // std also drops supplementary groups (setgroups(0)) before setuid, so the server
        // keeps none of root's group memberships.
        cmd.uid(account.uid).gid(account.gid);
    }
    cmd.current_dir(workdir);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("PG") {
            cmd.env_remove(key);
        }
    }
}

/// Runs to completion and turns a failure into an error with the program's output.
/// `log` is the server log and the offset where the relevant part starts.
fn run(step: &str, cmd: &mut Command, log: Option<(&Path, u64)>) -> Result<Output, Error> {
    let program = PathBuf::from(cmd.get_program());
    let output = cmd.stdin(Stdio::null()).output().map_err(|e| spawn_error(step, &program, e))?;
    check(step, output).map_err(|e| e.with_log_tail(log.and_then(|(l, since)| log_tail(l, since))))
}

fn check(step: &str, output: Output) -> Result<Output, Error> {
    if output.status.success() {
        Ok(output)
    } else {
        Err(Error::Command { step: step.into(), detail: describe(&output), log_tail: None })
    }
}

fn spawn_error(step: &str, program: &Path, e: std::io::Error) -> Error {
    // With a uid switch, a chdir failure also surfaces here as "permission denied".
    Error::io(format!("{step}: cannot run {}", program.display()), e)
}

fn describe(output: &Output) -> String {
    let mut text = format!("{}", output.status);
    for stream in [&output.stdout, &output.stderr] {
        let s = String::from_utf8_lossy(stream);
        let s = s.trim();
        if !s.is_empty() {
            text.push('\n');
            text.push_str(s);
        }
    }
    text
}

/// Single-quotes a word for /bin/sh.
fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// The last lines of the server log written at or after byte `since` (the plain tail when
/// nothing new was written), for error messages. PostgreSQL logs no passwords here (there
/// are none: socket auth is trust) and statements only on error.
pub(crate) fn log_tail(log: &Path, since: u64) -> Option<String> {
    const MAX_BYTES: u64 = 8 * 1024;
    const MAX_LINES: usize = 40;
    let mut file = fs::File::open(log).ok()?;
    let len = file.metadata().ok()?.len();
    let since = if since < len { since } else { 0 };
    file.seek(SeekFrom::Start(len.saturating_sub(MAX_BYTES).max(since))).ok()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    let lines: Vec<&str> = text.lines().collect();
    let tail = lines[lines.len().saturating_sub(MAX_LINES)..].join("\n");
    (!tail.trim().is_empty()).then_some(tail)
}

/// Keeps the log bounded across restarts: past 16 MiB it moves to `postgres.log.1`,
/// replacing the previous one.
pub(crate) fn rotate_log(log: &Path) {
    const MAX: u64 = 16 * 1024 * 1024;
    if fs::metadata(log).map(|m| m.len() > MAX).unwrap_or(false) {
        let mut old = log.as_os_str().to_owned();
        old.push(".1");
        if let Err(e) = fs::rename(log, &old) {
            tracing::warn!(error = %e, "cannot rotate the PostgreSQL log");
        }
    }
}

/// Reads `postmaster.pid` and checks the process behind it really serves `cluster`: the
/// postmaster's working directory is its data directory.
pub(crate) fn inspect_postmaster(cluster: &Path) -> Postmaster {
    let Ok(text) = fs::read_to_string(cluster.join("postmaster.pid")) else {
        return Postmaster::NotRunning;
    };
    let Some(pid) = text.lines().next().and_then(|l| l.trim().parse::<u32>().ok()) else {
        return Postmaster::NotRunning;
    };
    if !process_alive(pid) {
        return Postmaster::NotRunning;
    }
    match fs::read_link(format!("/proc/{pid}/cwd")) {
        Ok(cwd) if cwd == cluster => Postmaster::Running(pid),
        Ok(_) => Postmaster::StalePidReused(pid),
        // Unreadable (another user's process): cannot prove it unrelated, so leave the file to
        // postgres, which treats a foreign-uid pid as not a postmaster anyway.
        Err(_) => Postmaster::NotRunning,
    }
}

/// Alive and not a zombie (a zombie postmaster has exited; only its parent has not reaped it).
pub(crate) fn process_alive(pid: u32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the parenthesised command name, which may itself contain ')'.
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}

/// Waits for a process to be gone, polling against a deadline.
pub(crate) fn wait_gone(pid: u32, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while process_alive(pid) {
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    true
}

/// Waits until no PostgreSQL process works in `cluster` any more. After a postmaster dies
/// hard, its backends notice and exit on their own, but until they do they keep the old shared
/// memory attached and a new postmaster refuses to start. Every server process has the data
/// directory as its working directory, which identifies them; the name filter spares an
/// operator's shell that happens to sit in that directory.
pub(crate) fn wait_for_leftovers(cluster: &Path, timeout: Duration) -> Result<(), Error> {
    let deadline = Instant::now() + timeout;
    loop {
        let leftovers = server_processes_in(cluster);
        if leftovers.is_empty() {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(Error::Cluster(format!(
                "PostgreSQL processes {leftovers:?} of an earlier server still run in {}; stop them",
                cluster.display()
            )));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn server_processes_in(cluster: &Path) -> Vec<u32> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            fs::read_link(format!("/proc/{pid}/cwd")).is_ok_and(|cwd| cwd == cluster)
                && fs::read_to_string(format!("/proc/{pid}/comm"))
                    .is_ok_and(|c| matches!(c.trim(), "postgres" | "postmaster"))
                && process_alive(*pid)
        })
        .collect()
}

/// True if `s` is something we can pass through pg_ctl's double-quoted shell strings.
pub(crate) fn shell_safe_path(s: &OsStr) -> bool {
    s.to_str().is_some_and(|s| !s.chars().any(|c| matches!(c, '"' | '\\' | '$' | '`' | '\n' | '\r' | '\0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_for_shell() {
        assert_eq!(shell_quote("listen_addresses="), "'listen_addresses='");
        assert_eq!(shell_quote("/tmp/it's here"), r"'/tmp/it'\''s here'");
    }

    #[test]
    fn our_own_process_is_alive() {
        assert!(process_alive(std::process::id()));
        assert!(!process_alive(u32::MAX));
    }

    #[test]
    fn rejects_shell_metacharacters_in_paths() {
        assert!(shell_safe_path(OsStr::new("/var/lib/foresight pg/data")));
        assert!(!shell_safe_path(OsStr::new("/tmp/$HOME")));
        assert!(!shell_safe_path(OsStr::new("/tmp/a\"b")));
    }
}

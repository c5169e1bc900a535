//! Errors of the embedded cluster, worded for the operator who has to act on them.

use std::io;
use std::path::PathBuf;

/// Everything that can go wrong while starting or stopping the embedded cluster.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No directory holding `initdb`, `pg_ctl` and `postgres` was found.
    #[error(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found (looked in: {searched}). \
         Install the `postgresql` package (Debian/Ubuntu: `apt-get install postgresql`) \
         or set DATABASE_URL to use an external PostgreSQL"
    )]
    BinariesNotFound {
        /// The places that were searched, for the message.
        searched: String,
    },

    /// Another process holds the lock on this data directory.
    #[error(
        "the data directory {} is in use by another Foresight process{}; \
         stop it first or use another data directory",
        data_dir.display(),
        pid.map(|p| format!(" (pid {p})")).unwrap_or_default()
    )]
    InUse {
        /// The data directory that is locked.
        data_dir: PathBuf,
        /// The pid the lock holder wrote into the lock file, if readable.
        pid: Option<u32>,
    },

    /// An option cannot be used (bad name, unsafe path characters, path too long for a socket).
    #[error("invalid embedded PostgreSQL option: {0}")]
    InvalidOptions(String),

    /// The unprivileged PostgreSQL user cannot reach the data directory.
    #[error(
        "PostgreSQL runs as the unprivileged user `{user}` (uid {uid}), which cannot enter {}: {reason}. \
         Put the data directory where that user can reach it (e.g. under /var/lib/foresight) \
         or grant it search permission on that directory (chmod o+x)",
        path.display()
    )]
    NotAccessible {
        /// OS user PostgreSQL runs as.
        user: String,
        /// Its uid.
        uid: u32,
        /// The first directory on the way that blocks it.
        path: PathBuf,
        /// Mode and owner of that directory.
        reason: String,
    },

    /// The OS account for PostgreSQL could not be found or created.
    #[error("cannot set up the OS user for PostgreSQL: {0}")]
    Account(String),

    /// The data directory holds something that is not a usable cluster.
    #[error("unusable PostgreSQL cluster: {0}")]
    Cluster(String),

    /// A PostgreSQL program failed; carries its output and the tail of the server log.
    #[error("{step} failed: {detail}{}", log_tail_suffix(log_tail.as_deref()))]
    Command {
        /// What we were doing, e.g. "starting PostgreSQL (pg_ctl start)".
        step: String,
        /// Exit status and the program's own output.
        detail: String,
        /// The last lines of `log/postgres.log`, when the server was involved.
        log_tail: Option<String>,
    },

    /// A file system operation failed.
    #[error("{context}: {source}")]
    Io {
        /// What we were doing, with the path.
        context: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

impl Error {
    /// Wraps an I/O error with the operation and path it concerns.
    pub(crate) fn io(context: impl Into<String>, source: io::Error) -> Self {
        Error::Io { context: context.into(), source }
    }

    /// Attaches the server log tail to a failed server command, so the operator sees
    /// PostgreSQL's own reason (bad setting, permissions, shared memory) in one message.
    pub(crate) fn with_log_tail(self, tail: Option<String>) -> Self {
        match self {
            Error::Command { step, detail, log_tail: None } => Error::Command { step, detail, log_tail: tail },
            other => other,
        }
    }
}

fn log_tail_suffix(tail: Option<&str>) -> String {
    match tail {
        Some(t) if !t.trim().is_empty() => format!("\n--- last lines of the PostgreSQL log ---\n{}", t.trim_end()),
        _ => String::new(),
    }
}

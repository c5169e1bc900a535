//! The OS account PostgreSQL runs as: PostgreSQL refuses to run as root, so a root Foresight
//! drops to an unprivileged system user for every server program it launches.

use std::fs;
use std::io::ErrorKind;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;

use crate::Error;

/// An unprivileged OS user that server programs are launched as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Account {
    pub(crate) name: String,
    pub(crate) uid: u32,
    /// Primary group. std drops supplementary groups when it switches uid, so this is the only
    /// group the server has.
    pub(crate) gid: u32,
}

/// True when this process runs with effective uid 0.
// One of the two unsafe blocks of the crate (with `flock_exclusive`): geteuid(2) takes no
// arguments, cannot fail and touches no memory, so the call is sound; std offers no safe wrapper.
#[allow(unsafe_code)]
pub(crate) fn running_as_root() -> bool {
    unsafe { libc::geteuid() == 0 }
}

/// Looks the user up, creating it as a system user without home or login shell when missing.
pub(crate) fn ensure_user(name: &str) -> Result<Account, Error> {
    if let Some(account) = lookup(name)? {
        return Ok(account);
    }
    // Concurrent useradd runs corrupt each other here (one saw a uid that then vanished, and
    // initdb then failed with "could not look up effective user ID"), so creation is serialised
    // within the process and across Foresight processes (two servers started at once on a fresh
    // machine, as the test suite does), and the lookup repeated under the lock.
    static CREATING: Mutex<()> = Mutex::new(());
    let _guard = CREATING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let _machine_guard = lock_across_processes()?;
    if let Some(account) = lookup(name)? {
        return Ok(account);
    }
    tracing::info!(user = name, "creating system user for the embedded PostgreSQL");
    let output = Command::new(useradd())
        .args(["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name])
        .output()
        .map_err(|e| Error::Account(format!("cannot run useradd to create `{name}`: {e}")))?;
    // Another Foresight may have created the user at the same moment (useradd then fails with
    // "already exists"), so the lookup afterwards is the judge, not useradd's status.
    match lookup(name)? {
        Some(account) => Ok(account),
        None => Err(Error::Account(format!(
            "useradd could not create `{name}` ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ))),
    }
    .and_then(|account| {
        if account.uid == 0 {
            Err(Error::Account(format!("`{name}` has uid 0; PostgreSQL must run as an unprivileged user")))
        } else {
            Ok(account)
        }
    })
}

/// Takes an exclusive advisory lock on a file every Foresight process on this machine uses for
/// account creation; released when the returned file is dropped (or the process dies).
fn lock_across_processes() -> Result<fs::File, Error> {
    let dir = if Path::new("/run/lock").is_dir() { Path::new("/run/lock") } else { Path::new("/tmp") };
    let path = dir.join("foresight-useradd.lock");
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(format!("opening {}", path.display()), e))?;
    flock_exclusive(&file).map_err(|e| Error::io(format!("locking {}", path.display()), e))?;
    Ok(file)
}

/// flock(2) with LOCK_EX, retried when a signal interrupts the wait.
// Sound: the descriptor is borrowed from a File that outlives the call, and flock touches no
// memory. std's File::lock would do, but it needs Rust 1.89 and the workspace promises 1.85.
#[allow(unsafe_code)]
fn flock_exclusive(file: &fs::File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    loop {
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
            return Ok(());
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

/// root's PATH normally has /usr/sbin, but a service manager's may not.
fn useradd() -> &'static str {
    if Path::new("/usr/sbin/useradd").exists() {
        "/usr/sbin/useradd"
    } else {
        "useradd"
    }
}

/// Resolves through NSS (`getent`) so LDAP/sssd users work too; falls back to /etc/passwd
/// where getent is missing (minimal images).
fn lookup(name: &str) -> Result<Option<Account>, Error> {
    let line = match Command::new("getent").args(["passwd", name]).output() {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(_) => None,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            let passwd = fs::read_to_string("/etc/passwd").map_err(|e| Error::io("reading /etc/passwd", e))?;
            passwd.lines().find(|l| l.split(':').next() == Some(name)).map(str::to_string)
        }
        Err(e) => return Err(Error::Account(format!("cannot run getent: {e}"))),
    };
    let Some(line) = line else { return Ok(None) };
    let fields: Vec<&str> = line.trim().split(':').collect();
    let parse = |i: usize| fields.get(i).and_then(|f| f.parse::<u32>().ok());
    match (parse(2), parse(3)) {
        (Some(uid), Some(gid)) => Ok(Some(Account { name: name.to_string(), uid, gid })),
        _ => Err(Error::Account(format!("unexpected passwd entry for `{name}`"))),
    }
}

/// Checks that the account may search every directory above `dir` (which it will own itself),
/// so a data directory under e.g. /root fails here with a clear message rather than later with
/// an obscure "permission denied" from initdb. Mode bits only: ACLs are rare on such paths.
pub(crate) fn check_traversable(account: &Account, dir: &Path) -> Result<(), Error> {
    for ancestor in dir.ancestors().skip(1) {
        let meta = fs::metadata(ancestor).map_err(|e| Error::io(format!("inspecting {}", ancestor.display()), e))?;
        let mode = meta.permissions().mode();
        // POSIX picks exactly one class: owner, else group, else others.
        let allowed = if meta.uid() == account.uid {
            mode & 0o100 != 0
        } else if meta.gid() == account.gid {
            mode & 0o010 != 0
        } else {
            mode & 0o001 != 0
        };
        if !allowed {
            return Err(Error::NotAccessible {
                user: account.name.clone(),
                uid: account.uid,
                path: ancestor.to_path_buf(),
                reason: format!("mode {:04o}, owner uid {} gid {}", mode & 0o7777, meta.uid(), meta.gid()),
            });
        }
    }
    Ok(())
}

/// Gives the tree to the account. The cluster subtree is skipped when its top already belongs
/// to the account: PostgreSQL creates everything in it as that user, so only a restore or a
/// changed uid leaves foreign files, and both also change the top directory's owner. This
/// keeps restarts of a large cluster from walking every relation file.
pub(crate) fn chown_tree(root: &Path, cluster_dir: &Path, account: &Account) -> Result<(), Error> {
    let meta = fs::symlink_metadata(root).map_err(|e| Error::io(format!("inspecting {}", root.display()), e))?;
    if meta.uid() != account.uid || meta.gid() != account.gid {
        std::os::unix::fs::lchown(root, Some(account.uid), Some(account.gid))
            .map_err(|e| Error::io(format!("changing owner of {}", root.display()), e))?;
    }
    if !meta.is_dir() || (root == cluster_dir && meta.uid() == account.uid) {
        return Ok(());
    }
    let entries = fs::read_dir(root).map_err(|e| Error::io(format!("listing {}", root.display()), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(format!("listing {}", root.display()), e))?;
        chown_tree(&entry.path(), cluster_dir, account)?;
    }
    Ok(())
}

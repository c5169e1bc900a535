//! The exclusive lock that makes one Foresight process the only user of a data directory.
//!
//! An OS lock (flock) rather than a pid file: the kernel releases it when the holder dies, even
//! by SIGKILL, so there is never a stale lock to guess about. The pid inside is only for the
//! error message.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use crate::Error;

/// Holds the lock until dropped. Rust opens files close-on-exec, so the PostgreSQL processes we
/// launch do not inherit the descriptor and cannot keep the lock alive after we exit.
#[derive(Debug)]
pub(crate) struct DirLock {
    _file: File,
}

impl DirLock {
    pub(crate) fn acquire(path: &Path, data_dir: &Path) -> Result<Self, Error> {
        // No truncate on open: if someone else holds the lock, their pid must stay readable.
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o644)
            .open(path)
            .map_err(|e| Error::io(format!("opening lock file {}", path.display()), e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                return Err(Error::InUse { data_dir: data_dir.to_path_buf(), pid: text.trim().parse().ok() });
            }
            Err(TryLockError::Error(e)) => {
                return Err(Error::io(format!("locking {}", path.display()), e));
            }
        }
        let write = |file: &mut File| -> std::io::Result<()> {
            file.set_len(0)?;
            file.seek(SeekFrom::Start(0))?;
            writeln!(file, "{}", std::process::id())?;
            file.flush()
        };
        write(&mut file).map_err(|e| Error::io(format!("writing pid to {}", path.display()), e))?;
        Ok(DirLock { _file: file })
    }
}

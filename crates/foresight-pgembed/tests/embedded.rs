//! Runs real PostgreSQL clusters in temporary directories: persistence across restarts,
//! exclusive use of a data directory, recovery from an orphaned server, and operator errors.

use std::fs;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use foresight_pgembed::{EmbeddedPostgres, Error, Options};

/// A directory under /tmp, mode 0755 so the unprivileged server user can pass through it,
/// removed when dropped (root may remove the server user's files).
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        static SEQ: AtomicU32 = AtomicU32::new(0);
        let path = PathBuf::from(format!(
            "/tmp/fs-pgembed-{name}-{}-{}",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&path);
        fs::DirBuilder::new().mode(0o755).create(&path).unwrap();
        // The umask may have masked the mode.
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        TempDir(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn options(dir: &TempDir) -> Options {
    Options::new(dir.path().join("pg"))
}

/// Runs SQL with psql over the socket as the superuser and returns the unaligned output.
/// psql runs as the test's own user: root may enter the private socket directory, and socket
/// connections are trusted.
fn psql(pg: &EmbeddedPostgres, sql: &str) -> String {
    let local = pg.bin_dir().join("psql");
    let program = if local.exists() { local } else { PathBuf::from("psql") };
    let out = Command::new(program)
        .args(["-X", "-At", "-v", "ON_ERROR_STOP=1", "-h"])
        .arg(pg.socket_dir())
        .args(["-p", "5432", "-U", "foresight", "-d", "foresight", "-c", sql])
        .output()
        .expect("run psql");
    assert!(out.status.success(), "psql failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn postmaster_pid(data_dir: &Path) -> u32 {
    let text = fs::read_to_string(data_dir.join("data/postmaster.pid")).unwrap();
    text.lines().next().unwrap().trim().parse().unwrap()
}

/// Running and not a zombie.
fn alive(pid: u32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| {
            let state = s.rsplit_once(')').unwrap().1.split_whitespace().next().unwrap();
            state != "Z" && state != "X"
        })
        .unwrap_or(false)
}

fn wait_until(what: &str, timeout: Duration, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn is_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|ids| ids.split_whitespace().nth(1).map(|euid| euid == "0"))
        .unwrap()
}

#[test]
fn data_survives_restart() {
    let tmp = TempDir::new("restart");
    let pg = EmbeddedPostgres::start(options(&tmp)).expect("first start");

    let data_dir = pg.data_dir().to_path_buf();
    assert!(data_dir.join("data/PG_VERSION").is_file());
    assert!(data_dir.join("log/postgres.log").is_file());
    assert!(data_dir.join("foresight.lock").is_file());
    let run_mode = fs::metadata(pg.socket_dir()).unwrap().permissions().mode() & 0o777;
    assert_eq!(run_mode, 0o700, "socket directory must be private");
    assert_eq!(pg.socket_dir(), data_dir.join("run"));
    if is_root() {
        let owner = fs::metadata(data_dir.join("data")).unwrap().uid();
        assert_ne!(owner, 0, "the cluster must not belong to root");
    }

    let socket = pg.socket_dir().to_str().unwrap().to_string();
    assert_eq!(pg.owner_url(), format!("postgres://foresight@localhost:5432/foresight?host={socket}&sslmode=disable"));
    assert_eq!(
        pg.url_for_role("foresight_app"),
        format!("postgres://foresight_app@localhost:5432/foresight?host={socket}&sslmode=disable")
    );

    // Socket only, UTF-8, durable.
    assert_eq!(psql(&pg, "SHOW listen_addresses"), "");
    assert_eq!(psql(&pg, "SHOW fsync"), "on");
    assert_eq!(psql(&pg, "SHOW server_encoding"), "UTF8");
    assert_eq!(psql(&pg, "SELECT current_user"), "foresight");

    psql(&pg, "CREATE TABLE kept (id int PRIMARY KEY, note text); INSERT INTO kept VALUES (1, 'Grüße');");
    pg.stop().expect("stop");
    assert!(!data_dir.join("data/postmaster.pid").exists(), "stop must wait for the server to exit");

    let pg = EmbeddedPostgres::start(options(&tmp)).expect("second start");
    assert_eq!(psql(&pg, "SELECT id, note FROM kept"), "1|Grüße");
    pg.stop().expect("stop again");
}

#[test]
fn second_start_on_same_directory_is_refused() {
    let tmp = TempDir::new("inuse");
    let first = EmbeddedPostgres::start(options(&tmp)).expect("first start");
    let pid_before = postmaster_pid(first.data_dir());

    match EmbeddedPostgres::start(options(&tmp)) {
        Err(Error::InUse { pid, data_dir }) => {
            assert_eq!(pid, Some(std::process::id()));
            assert_eq!(data_dir, first.data_dir());
        }
        Err(other) => panic!("expected InUse, got {other}"),
        Ok(_) => panic!("second start on a locked data directory succeeded"),
    }

    // The refused start touched nothing: same server, still serving.
    assert_eq!(postmaster_pid(first.data_dir()), pid_before);
    assert_eq!(psql(&first, "SELECT 1"), "1");
    first.stop().expect("stop");

    // The lock goes with the first instance.
    let again = EmbeddedPostgres::start(options(&tmp)).expect("start after release");
    assert_eq!(psql(&again, "SELECT 1"), "1");
    drop(again); // Drop stops it too.
    assert!(!tmp.path().join("pg/data/postmaster.pid").exists());
}

#[test]
fn recovers_from_an_orphaned_server() {
    let tmp = TempDir::new("orphan");
    let pg = EmbeddedPostgres::start(options(&tmp)).expect("first start");
    let data_dir = pg.data_dir().to_path_buf();
    let bin_dir = pg.bin_dir().to_path_buf();
    pg.stop().expect("stop");

    // What a Foresight killed with -9 leaves behind: a running postmaster and no lock holder.
    let cluster = data_dir.join("data");
    let meta = fs::metadata(&cluster).unwrap();
    let mut cmd = Command::new(bin_dir.join("pg_ctl"));
    if is_root() {
        cmd.uid(meta.uid()).gid(meta.gid());
    }
    let status = cmd
        .current_dir(&data_dir)
        .args(["start", "-w", "-t", "60", "-D"])
        .arg(&cluster)
        .arg("-l")
        .arg(data_dir.join("log/postgres.log"))
        .arg("-o")
        .arg(format!("-k '{}' -p 5432 -c listen_addresses=''", data_dir.join("run").display()))
        .output()
        .expect("run pg_ctl");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let orphan = postmaster_pid(&data_dir);
    assert!(alive(orphan));

    let pg = EmbeddedPostgres::start(options(&tmp)).expect("start over an orphan");
    let fresh = postmaster_pid(&data_dir);
    assert_ne!(fresh, orphan);
    wait_until("the orphan to exit", Duration::from_secs(30), || !alive(orphan));
    psql(&pg, "CREATE TABLE t (x int); INSERT INTO t VALUES (42)");
    pg.stop().expect("stop");

    // And a server killed outright (stale postmaster.pid, WAL to replay) comes back too.
    let pg = EmbeddedPostgres::start(options(&tmp)).expect("restart");
    let victim = postmaster_pid(&data_dir);
    psql(&pg, "INSERT INTO t VALUES (43)");
    let killed = Command::new("kill").args(["-9", &victim.to_string()]).status().unwrap();
    assert!(killed.success());
    wait_until("the killed postmaster to exit", Duration::from_secs(30), || !alive(victim));
    // Its backends notice the dead postmaster and exit on their own; start must cope.
    drop(pg); // the stop fails (no server) and is only logged
    let pg = EmbeddedPostgres::start(options(&tmp)).expect("start after a crash");
    assert_eq!(psql(&pg, "SELECT string_agg(x::text, ',' ORDER BY x) FROM t"), "42,43");
    pg.stop().expect("stop");
}

#[test]
fn missing_binaries_name_the_package() {
    let tmp = TempDir::new("nobin");
    let empty = tmp.path().join("empty-bin");
    fs::create_dir(&empty).unwrap();
    let mut opts = options(&tmp);
    opts.bin_dir = Some(empty);
    match EmbeddedPostgres::start(opts) {
        Err(e @ Error::BinariesNotFound { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("`postgresql` package"), "{msg}");
        }
        Err(other) => panic!("expected BinariesNotFound, got {other}"),
        Ok(_) => panic!("started without binaries"),
    }
}

#[test]
fn unreachable_data_directory_is_explained() {
    if !is_root() {
        eprintln!("skipped: only root switches to the unprivileged user");
        return;
    }
    let tmp = TempDir::new("private");
    let private = tmp.path().join("private");
    fs::DirBuilder::new().mode(0o700).create(&private).unwrap();
    fs::set_permissions(&private, fs::Permissions::from_mode(0o700)).unwrap();
    match EmbeddedPostgres::start(Options::new(private.join("pg"))) {
        Err(e @ Error::NotAccessible { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains(private.to_str().unwrap()), "{msg}");
            assert!(msg.contains("cannot enter"), "{msg}");
        }
        Err(other) => panic!("expected NotAccessible, got {other}"),
        Ok(_) => panic!("started in a directory the server user cannot reach"),
    }
}

#[test]
fn invalid_names_are_refused_before_anything_happens() {
    let tmp = TempDir::new("names");
    let mut opts = options(&tmp);
    opts.database = "foresight; DROP".into();
    assert!(matches!(EmbeddedPostgres::start(opts), Err(Error::InvalidOptions(_))));
    assert!(!tmp.path().join("pg").exists());
}

#[test]
fn a_failed_start_shows_the_server_log_and_leaves_nothing_running() {
    let tmp = TempDir::new("badconf");
    let pg = EmbeddedPostgres::start(options(&tmp)).expect("first start");
    let conf = pg.data_dir().join("data/postgresql.conf");
    pg.stop().expect("stop");

    let good = fs::read_to_string(&conf).unwrap();
    fs::write(&conf, format!("{good}\nshared_buffers = banana\n")).unwrap();
    match EmbeddedPostgres::start(options(&tmp)) {
        Err(e @ Error::Command { .. }) => {
            let msg = e.to_string();
            eprintln!("{msg}");
            assert!(msg.contains("pg_ctl start"), "{msg}");
            assert!(msg.contains("last lines of the PostgreSQL log"), "{msg}");
            assert!(msg.contains("shared_buffers"), "{msg}");
        }
        Err(other) => panic!("expected a Command error, got {other}"),
        Ok(_) => panic!("started with an invalid setting"),
    }

    // Lock released, nothing left behind: fixing the file is enough.
    fs::write(&conf, good).unwrap();
    let pg = EmbeddedPostgres::start(options(&tmp)).expect("start after the fix");
    assert_eq!(psql(&pg, "SHOW shared_buffers"), "128MB");
    pg.stop().expect("stop");
}

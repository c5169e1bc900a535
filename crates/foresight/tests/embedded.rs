//! The binary with no configuration: it runs its own PostgreSQL under the data folder, keeps data
//! across restarts, shuts down cleanly on SIGTERM, and a second instance on the same folder refuses.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const STARTUP_DEADLINE: Duration = Duration::from_secs(120);

struct Server {
    child: Child,
    base: String,
}

fn data_dir() -> PathBuf {
    // Under /tmp: the unprivileged PostgreSQL user must be able to reach it when tests run as root.
    let dir = std::env::temp_dir().join(format!("fs-embedded-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn command(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_foresight"));
    cmd.env_remove("DATABASE_URL")
        .env_remove("APP_DATABASE_URL")
        .env("LOG_FORMAT", "json")
        // Tests run side by side: the embedded MQTT broker takes any free port.
        .env("MQTT_LISTEN", "127.0.0.1:0")
        .args(["--data-dir", dir.to_str().unwrap(), "serve", "--demo", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Starts the binary and waits (with a deadline) for the line announcing its address.
fn start(dir: &Path) -> Server {
    // Logs go to a file, not a pipe nobody drains (a full pipe would stall the server).
    let log = std::fs::File::create(dir.join(format!("stderr-{}.log", uuid::Uuid::new_v4().simple()))).unwrap();
    let mut child = command(dir).stderr(log).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.strip_prefix("Foresight is running at ") {
                let _ = tx.send(url.trim().to_string());
            }
        }
    });
    match rx.recv_timeout(STARTUP_DEADLINE) {
        Ok(base) => Server { child, base },
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("foresight did not start; its log is in {}", dir.display());
        }
    }
}

/// SIGTERM, then wait for a clean exit.
fn stop(mut server: Server) {
    let status = Command::new("kill").args(["-TERM", &server.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let exit = server.child.wait().unwrap();
    assert!(exit.success(), "foresight exited with {exit:?} on SIGTERM");
}

fn token(base: &str) -> String {
    let reply: serde_json::Value = reqwest::blocking_login(base);
    reply["access_token"].as_str().unwrap().to_string()
}

mod reqwest {
    //! Tiny blocking helpers over reqwest's async client, so the test stays synchronous like the
    //! process handling around it.
    use serde_json::Value;

    fn rt() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
    }

    pub fn blocking_login(base: &str) -> Value {
        let password = std::env::var("FORESIGHT_DEMO_PASSWORD").unwrap_or_else(|_| "Foresight@2026".into());
        rt().block_on(async {
            ::reqwest::Client::new()
                .post(format!("{base}/api/v1/auth/login"))
                .json(&serde_json::json!({"tenant": "demo", "username": "admin", "password": password}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap()
        })
    }

    pub fn send(method: ::reqwest::Method, url: String, token: &str, body: Option<Value>) -> (u16, Value) {
        rt().block_on(async {
            let mut req = ::reqwest::Client::new().request(method, url).bearer_auth(token);
            if let Some(b) = body {
                req = req.json(&b);
            }
            let response = req.send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.json().await.unwrap_or(Value::Null))
        })
    }
}

#[test]
fn data_written_before_a_restart_is_still_there_after_it() {
    let dir = data_dir();
    let server = start(&dir);
    let t = token(&server.base);
    let (status, site) = reqwest::send(
        ::reqwest::Method::POST,
        format!("{}/api/v1/sites", server.base),
        &t,
        Some(serde_json::json!({"code": "RESTART", "name": "重启后仍在"})),
    );
    assert_eq!(status, 201, "{site}");
    stop(server);
    assert!(!dir.join("pg/data/postmaster.pid").exists(), "PostgreSQL was stopped with Foresight");

    let server = start(&dir);
    let t = token(&server.base);
    let (status, list) =
        reqwest::send(::reqwest::Method::GET, format!("{}/api/v1/sites?q=RESTART", server.base), &t, None);
    assert_eq!(status, 200);
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["items"][0]["name"], "重启后仍在");
    // The demo seed did not run twice.
    let (_, zones) = reqwest::send(::reqwest::Method::GET, format!("{}/api/v1/zones", server.base), &t, None);
    assert_eq!(zones["total"], 6);
    stop(server);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_second_instance_on_the_same_data_folder_refuses_clearly() {
    let dir = data_dir();
    let first = start(&dir);
    let second = command(&dir).output().unwrap();
    assert!(!second.status.success(), "the second instance must not start");
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains("in use") || stderr.contains("InUse") || stderr.contains("already"),
        "unclear refusal: {stderr}"
    );
    // The first one is unharmed.
    let t = token(&first.base);
    let (status, _) = reqwest::send(::reqwest::Method::GET, format!("{}/api/v1/zones", first.base), &t, None);
    assert_eq!(status, 200);
    stop(first);
    std::fs::remove_dir_all(&dir).unwrap();
}

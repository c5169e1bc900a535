//! The HTTP client side: one bare hyper HTTP/1.1 connection per worker, kept alive, so the
//! measured cost is the server's and as little of it as possible goes to the load generator.

use crate::load::Worker;
use anyhow::Context;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, HOST};
use hyper::{Request, StatusCode, Uri};
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;

type Sender = SendRequest<Full<Bytes>>;

async fn open(addr: SocketAddr) -> anyhow::Result<Sender> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    // Request-response on one connection: never wait for Nagle.
    stream.set_nodelay(true)?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    Ok(sender)
}

/// Sends a request and reads the whole body (a connection is only reusable after that).
async fn exchange(sender: &mut Sender, request: Request<Full<Bytes>>) -> anyhow::Result<(StatusCode, Bytes)> {
    sender.ready().await?;
    let response = sender.send_request(request).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    Ok((status, body))
}

/// Signs in with a password and returns the access token.
pub async fn sign_in(addr: SocketAddr, tenant: &str, username: &str, password: &str) -> anyhow::Result<String> {
    let mut sender = open(addr).await?;
    let body = serde_json::json!({"tenant": tenant, "username": username, "password": password});
    let request = Request::post("/api/v1/auth/login")
        .header(HOST, addr.to_string())
        .header(CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(serde_json::to_vec(&body)?)))?;
    let (status, body) = exchange(&mut sender, request).await?;
    anyhow::ensure!(status == StatusCode::OK, "sign-in answered {status}: {}", String::from_utf8_lossy(&body));
    let reply: serde_json::Value = serde_json::from_slice(&body)?;
    reply["access_token"].as_str().map(str::to_string).context("sign-in reply without access_token")
}

/// An authenticated client repeating one GET.
pub struct HttpWorker {
    sender: Sender,
    path: Uri,
    host: HeaderValue,
    authorization: HeaderValue,
}

impl HttpWorker {
    pub async fn connect(addr: SocketAddr, path: &str, token: &str) -> anyhow::Result<HttpWorker> {
        Ok(HttpWorker {
            sender: open(addr).await?,
            path: path.parse()?,
            host: HeaderValue::from_str(&addr.to_string())?,
            authorization: HeaderValue::from_str(&format!("Bearer {token}"))?,
        })
    }
}

impl Worker for HttpWorker {
    async fn call(&mut self) -> anyhow::Result<()> {
        let request = Request::get(self.path.clone())
            .header(HOST, self.host.clone())
            .header(AUTHORIZATION, self.authorization.clone())
            .body(Full::default())?;
        let (status, body) = exchange(&mut self.sender, request).await?;
        anyhow::ensure!(
            status == StatusCode::OK,
            "GET {} answered {status}: {}",
            self.path,
            String::from_utf8_lossy(&body)
        );
        Ok(())
    }
}

//! Webhook deliveries against a real HTTP receiver on a local port, which checks every request's
//! signature the way an integrator would.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use foresight_delivery::signature::DEFAULT_TOLERANCE_SECS;
use foresight_delivery::{verify, WebhookClient, WebhookOutcome, WebhookRequest};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::sync::mpsc;
use uuid::Uuid;

const SECRET: &[u8] = b"whsec_integration";
const BODY: &[u8] = br#"{"event":"alert.raised","alert_id":"0193"}"#;

/// What the receiver saw of one request.
#[derive(Debug)]
struct Seen {
    path: String,
    delivery_id: String,
    event: String,
    content_type: String,
    user_agent: String,
    signature_ok: bool,
    body: Bytes,
}

struct Receiver {
    addr: SocketAddr,
    seen: mpsc::UnboundedReceiver<Seen>,
}

impl Receiver {
    async fn start() -> Receiver {
        let (tx, seen) = mpsc::unbounded_channel();
        let app = Router::new()
            .route("/status/{code}", post(answer_with_status))
            .route("/slow", post(never_answer))
            .route("/moved-here", post(answer_with_status_200))
            .with_state(tx);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a local port");
        let addr = listener.local_addr().expect("local address");
        tokio::spawn(async move { axum::serve(listener, app).await });
        Receiver { addr, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The request the receiver got, waiting for it (the handler records it before answering).
    async fn next(&mut self) -> Seen {
        tokio::time::timeout(Duration::from_secs(5), self.seen.recv())
            .await
            .expect("the receiver got no request within 5 s")
            .expect("the receiver stopped")
    }
}

fn record(tx: &mpsc::UnboundedSender<Seen>, path: String, headers: &HeaderMap, body: Bytes) {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let now = chrono::Utc::now().timestamp();
    let signature_ok = verify(SECRET, &header("foresight-signature"), &body, now, DEFAULT_TOLERANCE_SECS).is_ok();
    let _ = tx.send(Seen {
        path,
        delivery_id: header("foresight-delivery"),
        event: header("foresight-event"),
        content_type: header("content-type"),
        user_agent: header("user-agent"),
        signature_ok,
        body,
    });
}

async fn answer_with_status(
    State(tx): State<mpsc::UnboundedSender<Seen>>,
    Path(code): Path<u16>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    record(&tx, format!("/status/{code}"), &headers, body);
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST);
    if status.is_redirection() {
        return (status, [("location", "/moved-here")]).into_response();
    }
    status.into_response()
}

async fn answer_with_status_200(
    State(tx): State<mpsc::UnboundedSender<Seen>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    record(&tx, "/moved-here".into(), &headers, body);
    StatusCode::OK
}

async fn never_answer(State(tx): State<mpsc::UnboundedSender<Seen>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    record(&tx, "/slow".into(), &headers, body);
    std::future::pending::<()>().await;
    StatusCode::OK
}

fn hook(url: &str, delivery_id: Uuid) -> WebhookRequest<'_> {
    WebhookRequest {
        url,
        secret: SECRET,
        delivery_id,
        event: "alert.raised",
        body: BODY,
        now: chrono::Utc::now().timestamp(),
    }
}

fn client() -> WebhookClient {
    WebhookClient::with_timeouts(Duration::from_millis(500), Duration::from_millis(500)).expect("HTTP client")
}

#[tokio::test]
async fn a_2xx_answer_is_delivered_with_signed_headers_the_receiver_verifies() {
    let mut receiver = Receiver::start().await;
    let id = Uuid::now_v7();
    let outcome = client().send(&hook(&receiver.url("/status/200"), id)).await;
    assert_eq!(outcome, WebhookOutcome::Delivered { status: 200 });
    let seen = receiver.next().await;
    assert!(seen.signature_ok, "the receiver could not verify the signature");
    assert_eq!(seen.delivery_id, id.to_string());
    assert_eq!(seen.event, "alert.raised");
    assert_eq!(seen.content_type, "application/json");
    assert!(seen.user_agent.starts_with("Foresight-Webhook/"), "user agent {:?}", seen.user_agent);
    assert_eq!(&seen.body[..], BODY);
}

#[tokio::test]
async fn a_retried_notification_carries_the_same_delivery_id() {
    let mut receiver = Receiver::start().await;
    let id = Uuid::now_v7();
    let client = client();
    let first = client.send(&hook(&receiver.url("/status/503"), id)).await;
    assert!(matches!(first, WebhookOutcome::Retry { .. }), "{first:?}");
    let second = client.send(&hook(&receiver.url("/status/204"), id)).await;
    assert_eq!(second, WebhookOutcome::Delivered { status: 204 });
    let (a, b) = (receiver.next().await, receiver.next().await);
    assert_eq!((a.delivery_id.as_str(), b.delivery_id.as_str()), (id.to_string().as_str(), id.to_string().as_str()));
    assert!(a.signature_ok && b.signature_ok);
}

#[tokio::test]
async fn a_server_error_is_retried() {
    let mut receiver = Receiver::start().await;
    let outcome = client().send(&hook(&receiver.url("/status/500"), Uuid::now_v7())).await;
    assert_eq!(outcome, WebhookOutcome::Retry { reason: "the receiver answered HTTP 500".into() });
    receiver.next().await;
}

#[tokio::test]
async fn too_many_requests_is_retried() {
    let mut receiver = Receiver::start().await;
    let outcome = client().send(&hook(&receiver.url("/status/429"), Uuid::now_v7())).await;
    assert!(matches!(outcome, WebhookOutcome::Retry { .. }), "{outcome:?}");
    receiver.next().await;
}

#[tokio::test]
async fn not_found_fails_for_good() {
    let mut receiver = Receiver::start().await;
    let outcome = client().send(&hook(&receiver.url("/status/404"), Uuid::now_v7())).await;
    assert_eq!(outcome, WebhookOutcome::Failed { reason: "the receiver answered HTTP 404".into() });
    receiver.next().await;
}

#[tokio::test]
async fn a_redirect_fails_and_is_not_followed() {
    let mut receiver = Receiver::start().await;
    let outcome = client().send(&hook(&receiver.url("/status/302"), Uuid::now_v7())).await;
    assert!(matches!(&outcome, WebhookOutcome::Failed { reason } if reason.contains("302")), "{outcome:?}");
    assert_eq!(receiver.next().await.path, "/status/302");
    // Had the redirect been followed, /moved-here would have been recorded before send returned.
    assert!(receiver.seen.try_recv().is_err(), "the redirect was followed");
}

#[tokio::test]
async fn a_receiver_that_does_not_answer_in_time_is_retried() {
    let mut receiver = Receiver::start().await;
    let started = std::time::Instant::now();
    let outcome = client().send(&hook(&receiver.url("/slow"), Uuid::now_v7())).await;
    assert!(matches!(&outcome, WebhookOutcome::Retry { reason } if reason.contains("no answer")), "{outcome:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "the timeout was not applied");
    receiver.next().await;
}

#[tokio::test]
async fn a_closed_port_is_retried() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let url = format!("http://127.0.0.1:{port}/hook?token=do-not-leak");
    let outcome = client().send(&hook(&url, Uuid::now_v7())).await;
    let WebhookOutcome::Retry { reason } = outcome else { panic!("expected a retry, got {outcome:?}") };
    assert!(reason.starts_with("could not connect"), "{reason}");
    assert!(!reason.contains("do-not-leak") && !reason.contains("127.0.0.1"), "the reason names the URL: {reason}");
}

#[tokio::test]
async fn https_is_spoken_and_a_failed_handshake_is_retried() {
    // A "server" that answers the TLS ClientHello with plain text: the client must have tried TLS.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a local port");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut hello = [0u8; 5];
            // A TLS record starts with 0x16 (handshake); tell the test by answering only then.
            if socket.read_exact(&mut hello).await.is_ok() && hello[0] == 0x16 {
                let _ = socket.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n").await;
            }
        }
    });
    let url = format!("https://{addr}/hook");
    let outcome = client().send(&hook(&url, Uuid::now_v7())).await;
    let WebhookOutcome::Retry { reason } = outcome else { panic!("expected a retry, got {outcome:?}") };
    // rustls's words for plain text where a TLS record was expected.
    assert!(reason.starts_with("could not connect") && reason.contains("InvalidContentType"), "{reason}");
}

#[tokio::test]
async fn a_non_http_url_fails_without_a_request() {
    let outcome = client().send(&hook("ftp://127.0.0.1/hook", Uuid::now_v7())).await;
    assert!(matches!(outcome, WebhookOutcome::Failed { .. }), "{outcome:?}");
    let outcome = client().send(&hook("not a url", Uuid::now_v7())).await;
    assert!(matches!(outcome, WebhookOutcome::Failed { .. }), "{outcome:?}");
}

#[tokio::test]
async fn an_event_name_that_is_not_a_header_value_fails() {
    let receiver = Receiver::start().await;
    let url = receiver.url("/status/200");
    let request = WebhookRequest { event: "alert\nraised", ..hook(&url, Uuid::now_v7()) };
    assert!(matches!(client().send(&request).await, WebhookOutcome::Failed { .. }));
}

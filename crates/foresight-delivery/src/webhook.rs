//! Sends one signed webhook and says whether it was delivered, should be retried, or failed for
//! good. Scheduling the retries is the caller's (see [`crate::backoff`]).

use crate::signature::{sign, SIGNATURE_HEADER};
use reqwest::header::{HeaderValue, CONTENT_TYPE};
use reqwest::{StatusCode, Url};
use std::time::Duration;
use uuid::Uuid;

/// The header naming the kind of event in the body.
pub const EVENT_HEADER: &str = "Foresight-Event";
/// The header carrying the delivery id: the same for every retry of a notification, so receivers
/// can drop duplicates.
pub const DELIVERY_HEADER: &str = "Foresight-Delivery";
/// Longest URL accepted when a webhook is saved.
pub const MAX_URL_CHARS: usize = 2_000;
/// Default whole-request deadline: a receiver should answer at once and do its work later.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// One delivery to make.
#[derive(Clone, Copy)]
pub struct WebhookRequest<'a> {
    pub url: &'a str,
    pub secret: &'a [u8],
    pub delivery_id: Uuid,
    pub event: &'a str,
    /// The JSON body, sent and signed byte for byte as given.
    pub body: &'a [u8],
    /// Unix seconds, the signature's timestamp.
    pub now: i64,
}

/// Without the secret and the URL (which may carry a token), so a request can be logged.
impl std::fmt::Debug for WebhookRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookRequest")
            .field("delivery_id", &self.delivery_id)
            .field("event", &self.event)
            .field("body_bytes", &self.body.len())
            .field("now", &self.now)
            .finish_non_exhaustive()
    }
}

/// What became of a delivery. Reasons are short, contain no secret and no URL (a URL may carry a
/// token in its query), and may be shown to the webhook's owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookOutcome {
    /// The receiver answered 2xx.
    Delivered { status: u16 },
    /// Worth trying again later: the receiver was unreachable, slow, overloaded or failing.
    Retry { reason: String },
    /// Trying again would not help: the receiver refused the request, or the URL is unusable.
    Failed { reason: String },
}

/// Why a webhook URL cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlProblem {
    #[error("the URL is longer than {MAX_URL_CHARS} characters")]
    TooLong,
    #[error("not an absolute URL")]
    NotAbsolute,
    #[error("the URL must start with http:// or https://")]
    UnsupportedScheme,
    #[error("the URL has no host")]
    NoHost,
}

/// Checks a webhook URL when it is saved, so delivery does not discover the problem hours later.
pub fn validate_url(url: &str) -> Result<(), UrlProblem> {
    parse_url(url).map(|_| ())
}

fn parse_url(url: &str) -> Result<Url, UrlProblem> {
    if url.chars().count() > MAX_URL_CHARS {
        return Err(UrlProblem::TooLong);
    }
    let parsed = Url::parse(url).map_err(|e| match e {
        url::ParseError::EmptyHost => UrlProblem::NoHost,
        _ => UrlProblem::NotAbsolute,
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(UrlProblem::UnsupportedScheme);
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(UrlProblem::NoHost);
    }
    Ok(parsed)
}

/// Could not set up the HTTP client (the TLS backend failed to initialise).
#[derive(Debug, thiserror::Error)]
#[error("could not build the webhook HTTP client: {0}")]
pub struct ClientError(#[from] reqwest::Error);

/// Sends webhooks; cheap to clone (connections are pooled and shared).
#[derive(Debug, Clone)]
pub struct WebhookClient {
    http: reqwest::Client,
    total_timeout: Duration,
}

impl WebhookClient {
    /// 10 s for the whole request, 5 s to connect.
    pub fn new() -> Result<WebhookClient, ClientError> {
        WebhookClient::with_timeouts(DEFAULT_TOTAL_TIMEOUT, DEFAULT_CONNECT_TIMEOUT)
    }

    pub fn with_timeouts(total: Duration, connect: Duration) -> Result<WebhookClient, ClientError> {
        let http = reqwest::Client::builder()
            .timeout(total)
            .connect_timeout(connect)
            // A redirect is a failure: following one would send the signed alert to a host the
            // webhook's owner never entered, and it usually means a mistyped URL.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Foresight-Webhook/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(WebhookClient { http, total_timeout: total })
    }

    /// POSTs the body once, signed, and classifies the answer.
    pub async fn send(&self, hook: &WebhookRequest<'_>) -> WebhookOutcome {
        let url = match parse_url(hook.url) {
            Ok(url) => url,
            Err(problem) => return WebhookOutcome::Failed { reason: problem.to_string() },
        };
        let Ok(event) = HeaderValue::from_str(hook.event) else {
            return WebhookOutcome::Failed { reason: "the event name is not a valid header value".into() };
        };
        let response = self
            .http
            .post(url)
            .header(CONTENT_TYPE, "application/json")
            .header(EVENT_HEADER, event)
            .header(DELIVERY_HEADER, hook.delivery_id.to_string())
            .header(SIGNATURE_HEADER, sign(hook.secret, hook.now, hook.body))
            .body(hook.body.to_vec())
            .send()
            .await;
        match response {
            Ok(response) => classify(response.status()),
            Err(error) => self.describe(&error),
        }
    }

    /// Turns a transport error into an outcome. reqwest's own text names the URL, so it is
    /// rebuilt from the error's kind and its innermost cause (e.g. "Connection refused").
    fn describe(&self, error: &reqwest::Error) -> WebhookOutcome {
        if error.is_builder() {
            return WebhookOutcome::Failed { reason: "could not build the request".into() };
        }
        if error.is_timeout() {
            let secs = self.total_timeout.as_secs_f64();
            return WebhookOutcome::Retry { reason: format!("no answer within {secs} s") };
        }
        let what = if error.is_connect() { "could not connect" } else { "the request failed" };
        let reason = match innermost_cause(error) {
            Some(cause) => format!("{what}: {cause}"),
            None => what.to_string(),
        };
        WebhookOutcome::Retry { reason }
    }
}

fn classify(status: StatusCode) -> WebhookOutcome {
    let code = status.as_u16();
    if status.is_success() {
        WebhookOutcome::Delivered { status: code }
    } else if status.is_server_error()
        || matches!(status, StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_EARLY | StatusCode::TOO_MANY_REQUESTS)
    {
        WebhookOutcome::Retry { reason: format!("the receiver answered HTTP {code}") }
    } else if status.is_redirection() {
        WebhookOutcome::Failed { reason: format!("the receiver answered HTTP {code} (redirects are not followed)") }
    } else {
        WebhookOutcome::Failed { reason: format!("the receiver answered HTTP {code}") }
    }
}

/// The deepest error in the chain, where the useful words are ("Connection refused (os error 111)",
/// "invalid peer certificate: UnknownIssuer"); none of the layers below reqwest's names the URL.
fn innermost_cause(error: &reqwest::Error) -> Option<String> {
    let mut cause: &dyn std::error::Error = std::error::Error::source(error)?;
    while let Some(deeper) = cause.source() {
        cause = deeper;
    }
    Some(cause.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_and_https_urls_with_a_host_are_valid() {
        assert_eq!(validate_url("https://hooks.example.com/foresight?token=abc"), Ok(()));
        assert_eq!(validate_url("http://10.0.0.5:8080/in"), Ok(()));
        assert_eq!(validate_url("http://[::1]:8080/"), Ok(()));
    }

    #[test]
    fn other_urls_are_rejected_with_the_reason() {
        assert_eq!(validate_url("ftp://example.com/x"), Err(UrlProblem::UnsupportedScheme));
        assert_eq!(validate_url("mailto:ops@example.com"), Err(UrlProblem::UnsupportedScheme));
        assert_eq!(validate_url("/relative/path"), Err(UrlProblem::NotAbsolute));
        assert_eq!(validate_url(""), Err(UrlProblem::NotAbsolute));
        assert_eq!(validate_url("http://"), Err(UrlProblem::NoHost));
        let long = format!("https://example.com/{}", "a".repeat(MAX_URL_CHARS));
        assert_eq!(validate_url(&long), Err(UrlProblem::TooLong));
    }

    #[test]
    fn a_request_logs_without_its_secret_or_url() {
        let request = WebhookRequest {
            url: "https://example.com/hook?token=t0ken",
            secret: b"s3cret",
            delivery_id: Uuid::nil(),
            event: "alert.raised",
            body: b"{}",
            now: 0,
        };
        let shown = format!("{request:?}");
        assert!(!shown.contains("t0ken") && !shown.contains("115, 51") && !shown.contains("s3cret"), "{shown}");
    }

    #[test]
    fn statuses_are_classified() {
        let retry =
            |c: u16| matches!(classify(StatusCode::from_u16(c).unwrap_or_default()), WebhookOutcome::Retry { .. });
        let failed =
            |c: u16| matches!(classify(StatusCode::from_u16(c).unwrap_or_default()), WebhookOutcome::Failed { .. });
        assert_eq!(classify(StatusCode::OK), WebhookOutcome::Delivered { status: 200 });
        assert_eq!(classify(StatusCode::NO_CONTENT), WebhookOutcome::Delivered { status: 204 });
        for code in [408, 425, 429, 500, 502, 503, 504] {
            assert!(retry(code), "{code} should be retried");
        }
        for code in [301, 302, 307, 400, 401, 403, 404, 410, 413, 422] {
            assert!(failed(code), "{code} should fail for good");
        }
    }
}

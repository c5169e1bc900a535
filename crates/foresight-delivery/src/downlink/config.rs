//! Where the downlink broker is and how patient to be with it; parsed from
//! `mqtt://[user[:password]@]host[:port]` like the ingest's broker address.

use super::DownlinkError;
use std::fmt;
use std::time::Duration;

/// How the downlink connects. Build it with [`DownlinkConfig::from_url`] or
/// [`DownlinkConfig::new`] and change the public fields as needed.
#[derive(Clone)]
pub struct DownlinkConfig {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    /// Unique per node: a broker drops the older connection when a second one uses the same id.
    pub client_id: String,
    pub keep_alive: Duration,
    /// How long [`super::Downlink::publish`] waits for the broker's acknowledgement.
    pub ack_timeout: Duration,
    /// How long one connection attempt may take (whole seconds, at least one).
    pub connect_timeout: Duration,
    /// Backoff between reconnection attempts: from `reconnect_min`, doubling, up to `reconnect_max`.
    pub reconnect_min: Duration,
    pub reconnect_max: Duration,
    /// Publishes waiting for an acknowledgement at once; more wait for room (within `ack_timeout`).
    pub max_outstanding: usize,
    /// Largest MQTT packet sent (topic and payload included); larger messages are refused.
    pub max_packet_bytes: usize,
}

impl DownlinkConfig {
    pub fn new(host: impl Into<String>, port: u16, client_id: impl Into<String>) -> DownlinkConfig {
        DownlinkConfig {
            host: host.into(),
            port,
            username: None,
            password: None,
            client_id: client_id.into(),
            keep_alive: Duration::from_secs(30),
            ack_timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(5),
            reconnect_min: Duration::from_millis(500),
            reconnect_max: Duration::from_secs(30),
            max_outstanding: 1024,
            max_packet_bytes: 256 * 1024,
        }
    }

    /// Parses `mqtt://[user[:password]@]host[:port]` (also `tcp://`, or no scheme; port 1883 by
    /// default; an IPv6 host in brackets).
    pub fn from_url(url: &str, client_id: impl Into<String>) -> Result<DownlinkConfig, DownlinkError> {
        let invalid = |why: &str| DownlinkError::InvalidUrl(why.to_string());
        let rest = match url.split_once("://") {
            Some(("mqtt" | "tcp", rest)) => rest,
            Some(_) => return Err(invalid("use mqtt://host:port (TLS to the broker is not built in)")),
            None => url,
        };
        let rest = rest.trim_end_matches('/');
        if rest.contains('/') || rest.contains('?') {
            return Err(invalid("expected mqtt://[user[:password]@]host[:port] with no path or query"));
        }
        let (userinfo, hostport) = match rest.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, rest),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            // An IPv6 literal is [addr]:port or [addr].
            Some((h, p)) if !p.contains(']') => (h, p.parse::<u16>().map_err(|_| invalid("the port is not a number"))?),
            _ => (hostport, 1883),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() {
            return Err(invalid("the broker URL has no host"));
        }
        let mut config = DownlinkConfig::new(host, port, client_id);
        if let Some(userinfo) = userinfo {
            let (user, password) = match userinfo.split_once(':') {
                Some((user, password)) => (user, Some(password.to_string())),
                None => (userinfo, None),
            };
            config.username = Some(user.to_string());
            config.password = password;
        }
        Ok(config)
    }
}

/// The broker address without the password, so it can be logged.
impl fmt::Display for DownlinkConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        match &self.username {
            Some(user) => write!(f, "mqtt://{user}@{host}:{}", self.port),
            None => write!(f, "mqtt://{host}:{}", self.port),
        }
    }
}

impl fmt::Debug for DownlinkConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DownlinkConfig")
            .field("broker", &self.to_string())
            .field("client_id", &self.client_id)
            .field("ack_timeout", &self.ack_timeout)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_with_and_without_credentials_and_port_parse() {
        let c = DownlinkConfig::from_url("mqtt://127.0.0.1:1883", "n1").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((c.host.as_str(), c.port, c.username.clone()), ("127.0.0.1", 1883, None));
        let c = DownlinkConfig::from_url("mqtt://alerts:s3cret@broker.example", "n1").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((c.host.as_str(), c.port), ("broker.example", 1883));
        assert_eq!((c.username.as_deref(), c.password.as_deref()), (Some("alerts"), Some("s3cret")));
        let c = DownlinkConfig::from_url("tcp://[::1]:1884/", "n1").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((c.host.as_str(), c.port), ("::1", 1884));
        assert_eq!(c.to_string(), "mqtt://[::1]:1884");
    }

    #[test]
    fn the_password_is_never_displayed() {
        let c = DownlinkConfig::from_url("mqtt://alerts:s3cret@broker.example:1883", "n1")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!c.to_string().contains("s3cret"));
        assert!(!format!("{c:?}").contains("s3cret"));
    }

    #[test]
    fn bad_urls_are_errors() {
        for url in ["mqtts://broker:8883", "mqtt://broker:port", "mqtt://broker/topic", "mqtt://:1883", "mqtt://", ""] {
            assert!(
                matches!(DownlinkConfig::from_url(url, "n1"), Err(DownlinkError::InvalidUrl(_))),
                "{url:?} was accepted"
            );
        }
    }
}

//! Correlation of alert signals: signals of the same zone and cause within a window join one alert as
//! occurrences instead of opening new ones, and a flapping source (one that keeps opening alerts) is
//! damped: its new signals join its latest alert. What keeps an alert storm to a handful of alerts.

use chrono::{DateTime, Duration, Utc};
use std::collections::{HashMap, VecDeque};
use uuid::Uuid;

/// One signal that may raise an alert: zone risk above the alert grade, a device alarm above the
/// severity, or an opened risk path. `cause` names the source and kind (e.g. `zone_risk`,
/// `alarm:NH3-07:nh3`, `path:human_machine_conflict`).
#[derive(Debug, Clone, PartialEq)]
pub struct Signal {
    pub zone: Uuid,
    pub cause: String,
    /// 1 (lowest) to 4 (red / critical).
    pub severity: u8,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CorrelationConfig {
    /// A signal joins the open alert of its zone and cause when it comes at most this long after the
    /// alert's last occurrence.
    pub window: Duration,
    /// A key that opened this many alerts within `flap_window` is flapping.
    pub flap_limit: usize,
    pub flap_window: Duration,
}

impl Default for CorrelationConfig {
    fn default() -> Self {
        CorrelationConfig { window: Duration::minutes(10), flap_limit: 3, flap_window: Duration::minutes(60) }
    }
}

/// What became of a signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new alert, numbered by the correlator (the server maps it to its row).
    Opened { alert: u64 },
    /// An occurrence of an open alert; `raised` when it lifted the alert's severity (worth telling again).
    Joined { alert: u64, raised: bool },
    /// Its source is flapping: an occurrence of the source's latest alert, even past the window.
    Damped { alert: u64 },
}

impl Outcome {
    pub fn alert(self) -> u64 {
        match self {
            Outcome::Opened { alert } | Outcome::Joined { alert, .. } | Outcome::Damped { alert } => alert,
        }
    }
}

/// The latest alert of a signal's zone and cause, as far as correlation cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Latest {
    /// Its last occurrence.
    pub last: DateTime<Utc>,
    pub severity: u8,
    /// Closed or dismissed by review: no longer joinable, but still the target of damped signals.
    pub closed: bool,
}

/// What to do with a signal, given its key's latest alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Open a new alert.
    Open,
    /// An occurrence of the latest alert; `raised` when it lifts the alert's severity.
    Join { raised: bool },
    /// The key is flapping: an occurrence of the latest alert even though it is past the window or closed.
    Damp { raised: bool },
}

/// The correlation rule itself, shared by [`Correlator`] (one node's memory) and the server, which keeps
/// the latest alert and the count of recent openings in PostgreSQL: join the latest alert of the key
/// when it is open and its last occurrence is at most `window` before the signal; otherwise, when the key
/// opened `flap_limit` alerts within `flap_window` before the signal, damp; otherwise open.
pub fn decide(
    config: &CorrelationConfig,
    latest: Option<&Latest>,
    recent_openings: usize,
    signal: &Signal,
) -> Decision {
    let Some(latest) = latest else {
        return Decision::Open;
    };
    let raised = signal.severity > latest.severity;
    if !latest.closed && signal.at - latest.last <= config.window {
        Decision::Join { raised }
    } else if recent_openings >= config.flap_limit {
        Decision::Damp { raised }
    } else {
        Decision::Open
    }
}

#[derive(Debug, Clone)]
struct Tracked {
    alert: u64,
    last: DateTime<Utc>,
    severity: u8,
    occurrences: u64,
    /// Closed by review: no longer joinable, but still the target of damped signals.
    closed: bool,
}

/// The correlation state of one node (the server rebuilds it from open alerts on start).
#[derive(Debug, Default)]
pub struct Correlator {
    config: CorrelationConfig,
    next: u64,
    latest: HashMap<(Uuid, String), Tracked>,
    openings: HashMap<(Uuid, String), VecDeque<DateTime<Utc>>>,
}

impl Correlator {
    pub fn new(config: CorrelationConfig) -> Correlator {
        Correlator { config, ..Correlator::default() }
    }

    /// Decides what the signal becomes. Signals should come in time order per key; one that is older
    /// than its alert's last occurrence still joins it.
    pub fn observe(&mut self, signal: &Signal) -> Outcome {
        let key = (signal.zone, signal.cause.clone());
        let recent = self.openings.entry(key.clone()).or_default();
        while recent.front().is_some_and(|at| signal.at - *at > self.config.flap_window) {
            recent.pop_front();
        }
        let latest = self.latest.get(&key).map(|t| Latest { last: t.last, severity: t.severity, closed: t.closed });
        let decision = decide(&self.config, latest.as_ref(), recent.len(), signal);
        match decision {
            Decision::Join { raised } | Decision::Damp { raised } => {
                let t = self.latest.get_mut(&key).expect("decide joins only an existing latest alert");
                t.severity = t.severity.max(signal.severity);
                t.last = t.last.max(signal.at);
                t.occurrences += 1;
                if matches!(decision, Decision::Damp { .. }) {
                    Outcome::Damped { alert: t.alert }
                } else {
                    Outcome::Joined { alert: t.alert, raised }
                }
            }
            Decision::Open => {
                recent.push_back(signal.at);
                self.next += 1;
                let tracked = Tracked {
                    alert: self.next,
                    last: signal.at,
                    severity: signal.severity,
                    occurrences: 1,
                    closed: false,
                };
                self.latest.insert(key, tracked);
                Outcome::Opened { alert: self.next }
            }
        }
    }

    /// The alert was closed or dismissed by review: the next signal of its key opens a new one (unless the
    /// key is flapping).
    pub fn closed(&mut self, alert: u64) {
        for t in self.latest.values_mut().filter(|t| t.alert == alert) {
            t.closed = true;
        }
    }

    /// Occurrences counted for an alert while it is its zone and cause's latest (the signal that opened it
    /// included); 0 once a newer alert of the key replaced it (the server keeps the stored count).
    pub fn occurrences(&self, alert: u64) -> u64 {
        self.latest.values().filter(|t| t.alert == alert).map(|t| t.occurrences).sum()
    }

    /// Forgets keys quiet for longer than both windows (bounded memory on a long-running node).
    pub fn forget_before(&mut self, now: DateTime<Utc>) {
        let keep = self.config.window.max(self.config.flap_window);
        self.latest.retain(|_, t| now - t.last <= keep);
        self.openings.retain(|key, at| {
            at.retain(|t| now - *t <= keep);
            !at.is_empty() || self.latest.contains_key(key)
        });
    }
}

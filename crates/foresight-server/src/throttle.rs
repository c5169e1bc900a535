//! Per-address limit on failed sign-ins, in memory: it bounds guessing across many usernames from
//! one client. The per-account limit lives in the database so that every node shares it.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(600);
/// Memory stays bounded however many addresses try.
const MAX_TRACKED: usize = 100_000;

#[derive(Debug)]
pub struct AddressThrottle {
    limit: u32,
    failures: Mutex<HashMap<IpAddr, (u32, Instant)>>,
}

impl AddressThrottle {
    pub fn new(limit: u32) -> AddressThrottle {
        AddressThrottle { limit, failures: Mutex::new(HashMap::new()) }
    }

    /// Seconds to wait, if the address is over its limit.
    pub fn blocked_for(&self, addr: IpAddr) -> Option<u64> {
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let (count, since) = map.get(&addr)?;
        let elapsed = since.elapsed();
        (*count >= self.limit && elapsed < WINDOW).then(|| (WINDOW - elapsed).as_secs().max(1))
    }

    pub fn record_failure(&self, addr: IpAddr) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_TRACKED {
            map.retain(|_, (_, since)| since.elapsed() < WINDOW);
        }
        let entry = map.entry(addr).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    pub fn record_success(&self, addr: IpAddr) {
        self.failures.lock().unwrap_or_else(|e| e.into_inner()).remove(&addr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_blocked_after_its_limit_and_freed_by_success() {
        let t = AddressThrottle::new(3);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        for _ in 0..2 {
            t.record_failure(a);
        }
        assert_eq!(t.blocked_for(a), None);
        t.record_failure(a);
        assert!(t.blocked_for(a).is_some());
        assert_eq!(t.blocked_for("10.0.0.2".parse().unwrap()), None);
        t.record_success(a);
        assert_eq!(t.blocked_for(a), None);
    }
}

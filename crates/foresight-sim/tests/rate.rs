//! The benchmark driver: exactly N readings per second in batches of exactly B.

mod common;

use common::*;
use foresight_sim::{PlantSpec, RateDriver};
use foresight_telemetry::reading::check_reading;
use std::collections::{BTreeMap, HashMap, HashSet};

#[test]
fn the_rate_driver_produces_exactly_the_requested_readings() {
    let spec = PlantSpec::demo();
    let models = models(&spec);
    for (rate, batch, seconds) in [(1_500u32, 250usize, 20i64), (1_000, 300, 3), (150_000, 500, 2)] {
        let mut driver = RateDriver::new(&spec, 1, JANUARY, rate, batch).with_tenant("demo");
        let batches = driver.batches_until(JANUARY + seconds * 1000 - 1);
        let total = rate as usize * seconds as usize;
        assert_eq!(batches.len(), total / batch, "{rate}/s in batches of {batch}");
        assert_eq!(driver.emitted() as usize, total);
        let mut per_second: BTreeMap<i64, usize> = BTreeMap::new();
        let mut seq: HashMap<String, u64> = HashMap::new();
        let mut gateways = HashSet::new();
        for b in &batches {
            assert_eq!(b.value_count(), batch);
            if let Some(prev) = seq.insert(b.gateway.clone(), b.seq) {
                assert!(b.seq > prev);
            }
            gateways.insert(b.gateway.clone());
            for r in &b.readings {
                *per_second.entry((r.ts - JANUARY) / 1000).or_default() += 1;
                for (p, v) in &r.values {
                    check_reading(&models[&r.device], p, v).unwrap_or_else(|e| panic!("{} {p} {v}: {e}", r.device));
                }
            }
        }
        assert_eq!(per_second.len(), seconds as usize);
        assert!(per_second.values().all(|&n| n == rate as usize), "{per_second:?}");
        assert_eq!(gateways.len(), spec.gateways.len(), "every gateway takes turns");
        // Nothing more is due until the next batch's last reading.
        assert!(driver.batches_until(driver.next_due_ms() - 1).is_empty());
        assert_eq!(driver.batches_until(driver.next_due_ms()).len(), 1);
    }
}

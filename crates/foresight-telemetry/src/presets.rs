//! The preset library: thing models for device types common in chemical, petrochemical, power,
//! lithium-battery, photovoltaic and pharmaceutical plants. A tenant copies a preset and edits it; the
//! ranges are the sensors' physical ranges, so readings outside them are rejected as implausible.

mod build;
mod energy;
mod gas;
mod people;
mod process;
mod site;

use crate::model::ThingModel;

/// Every preset, in the order the picker shows them. Built on each call: cheap, and callers own the copy
/// they edit.
pub fn presets() -> Vec<ThingModel> {
    vec![
        gas::combustible(),
        gas::ammonia(),
        gas::hydrogen_sulfide(),
        gas::carbon_monoxide(),
        gas::chlorine(),
        gas::multi_gas(),
        process::temperature(),
        process::pressure(),
        process::level(),
        process::flow(),
        process::tank_radar(),
        process::vibration(),
        site::weather_station(),
        people::wearable(),
        people::positioning_tag(),
        people::video_analytics(),
        people::agv(),
        people::padlock(),
        people::access_gate(),
        site::dcs_alarm_feed(),
        site::smoke_flame(),
        site::thermal_camera(),
        energy::bess_bms(),
        energy::pv_inverter(),
        site::cleanroom(),
        site::cathodic_protection(),
        energy::power_quality(),
        energy::transformer(),
    ]
}

pub fn preset(identifier: &str) -> Option<ThingModel> {
    presets().into_iter().find(|m| m.identifier == identifier)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DataType, Severity};
    use std::collections::HashSet;

    #[test]
    fn every_preset_passes_validation() {
        for m in presets() {
            assert_eq!(m.validate(), Ok(()), "{}", m.identifier);
        }
    }

    #[test]
    fn there_are_at_least_24_presets_with_unique_identifiers() {
        let all = presets();
        assert!(all.len() >= 24, "{}", all.len());
        let ids: HashSet<_> = all.iter().map(|m| m.identifier.clone()).collect();
        assert_eq!(ids.len(), all.len());
        assert_eq!(preset("multi_gas_detector").unwrap().properties.len(), 6);
        assert!(preset("nope").is_none());
    }

    #[test]
    fn every_numeric_property_has_a_physical_range() {
        for m in presets() {
            for p in &m.properties {
                let bounded = match &p.data_type {
                    DataType::Int { min, max, .. } => min.is_some() && max.is_some(),
                    DataType::Float { min, max, .. } => min.is_some() && max.is_some(),
                    _ => true,
                };
                assert!(bounded, "{}.{}", m.identifier, p.identifier);
            }
        }
    }

    #[test]
    fn every_preset_carries_data_and_units_are_set_on_measurements() {
        for m in presets() {
            assert!(!m.properties.is_empty() || !m.events.is_empty(), "{}", m.identifier);
            assert!(!m.name.is_ascii(), "{} needs a Chinese name", m.identifier);
        }
        let gas = preset("gas_detector_h2s").unwrap();
        assert_eq!(gas.property("h2s").unwrap().data_type.unit(), "ppm");
        let band = preset("wearable_band").unwrap();
        assert_eq!(band.event("fall_detected").unwrap().severity, Severity::Critical);
        assert_eq!(band.property("hrv").unwrap().data_type.unit(), "ms");
    }

    #[test]
    fn confined_space_oxygen_range_covers_the_gb_30871_limits() {
        let m = preset("multi_gas_detector").unwrap();
        let DataType::Float { min: Some(min), max: Some(max), .. } = m.property("o2").unwrap().data_type else {
            panic!("o2 is a bounded float")
        };
        assert!(min < 19.5 && 23.5 < max);
    }
}

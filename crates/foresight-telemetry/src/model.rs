//! Thing models (物模型): a device type's typed properties, events and commands, defined by a safety
//! engineer without code, stored as JSONB and sent over the API in this serde shape (snake_case).

use serde::{Deserialize, Serialize};

mod validate;

pub use validate::{
    MAX_COMMANDS, MAX_DESCRIPTION_CHARS, MAX_ENUM_VALUES, MAX_EVENTS, MAX_EXACT_INTEGER, MAX_PARAMS, MAX_PRECISION,
    MAX_PROPERTIES, MAX_TEXT_LENGTH, MAX_UNIT_CHARS,
};

/// A versioned device type. Every version is immutable once devices use it; the store keeps them all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThingModel {
    pub identifier: String,
    #[serde(default = "first_version")]
    pub version: u32,
    /// Chinese name, shown by default.
    pub name: String,
    pub name_en: String,
    pub category: Category,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub properties: Vec<Property>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub commands: Vec<Command>,
}

fn first_version() -> u32 {
    1
}

/// What kind of equipment a model describes; the preset picker groups by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    GasDetection,
    ProcessInstrument,
    Vibration,
    Environment,
    Wearable,
    Positioning,
    VideoAnalytics,
    Vehicle,
    Lockout,
    AccessControl,
    ControlSystem,
    FireDetection,
    EnergyStorage,
    Photovoltaic,
    Cleanroom,
    Corrosion,
    Power,
    Other,
}

impl Category {
    pub const ALL: [Category; 18] = [
        Category::GasDetection,
        Category::ProcessInstrument,
        Category::Vibration,
        Category::Environment,
        Category::Wearable,
        Category::Positioning,
        Category::VideoAnalytics,
        Category::Vehicle,
        Category::Lockout,
        Category::AccessControl,
        Category::ControlSystem,
        Category::FireDetection,
        Category::EnergyStorage,
        Category::Photovoltaic,
        Category::Cleanroom,
        Category::Corrosion,
        Category::Power,
        Category::Other,
    ];

    /// The snake_case form used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::GasDetection => "gas_detection",
            Category::ProcessInstrument => "process_instrument",
            Category::Vibration => "vibration",
            Category::Environment => "environment",
            Category::Wearable => "wearable",
            Category::Positioning => "positioning",
            Category::VideoAnalytics => "video_analytics",
            Category::Vehicle => "vehicle",
            Category::Lockout => "lockout",
            Category::AccessControl => "access_control",
            Category::ControlSystem => "control_system",
            Category::FireDetection => "fire_detection",
            Category::EnergyStorage => "energy_storage",
            Category::Photovoltaic => "photovoltaic",
            Category::Cleanroom => "cleanroom",
            Category::Corrosion => "corrosion",
            Category::Power => "power",
            Category::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// A value the device reports (and, if `read_write`, accepts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Property {
    pub identifier: String,
    pub name: String,
    pub name_en: String,
    pub data_type: DataType,
    #[serde(default)]
    pub access: Access,
    /// The device must report it; the IO layer may flag devices that never do.
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    #[default]
    Read,
    ReadWrite,
}

/// A field of an event or a command's input or output: typed like a property.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    pub identifier: String,
    pub name: String,
    pub name_en: String,
    pub data_type: DataType,
}

/// Something the device reports once (a fall, a swipe, an alarm), with typed fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub identifier: String,
    pub name: String,
    pub name_en: String,
    pub severity: Severity,
    #[serde(default)]
    pub output: Vec<Param>,
}

/// Something the platform asks the device to do (a downlink), with typed input and reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Command {
    pub identifier: String,
    pub name: String,
    pub name_en: String,
    #[serde(default)]
    pub input: Vec<Param>,
    #[serde(default)]
    pub output: Vec<Param>,
}

/// How serious an event or an alarm is. Ordered: `Info < Warning < Alarm < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Alarm,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Alarm => "alarm",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        [Severity::Info, Severity::Warning, Severity::Alarm, Severity::Critical].into_iter().find(|v| v.as_str() == s)
    }
}

/// A value's type and its specs. Numeric bounds are the sensor's physical range: readings outside it are
/// rejected (`out_of_range`); an absent bound is not checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DataType {
    Int {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
        /// Input granularity for forms; readings off the step are still accepted.
        #[serde(default = "one")]
        step: u32,
        #[serde(default)]
        unit: String,
    },
    Float {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        /// Decimal places to display; readings are stored unrounded.
        #[serde(default = "default_precision")]
        precision: u8,
        #[serde(default)]
        unit: String,
    },
    Bool {
        true_label: String,
        true_label_en: String,
        false_label: String,
        false_label_en: String,
    },
    Enum {
        values: Vec<EnumValue>,
    },
    Text {
        max_length: u32,
    },
}

fn one() -> u32 {
    1
}

/// Decimal places a float gets when nothing says otherwise.
pub const DEFAULT_PRECISION: u8 = 2;

fn default_precision() -> u8 {
    DEFAULT_PRECISION
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumValue {
    pub value: i64,
    pub label: String,
    pub label_en: String,
}

impl DataType {
    /// Whether readings of this type are stored as numbers (and can be used in alarm rules).
    pub fn is_numeric(&self) -> bool {
        !matches!(self, DataType::Text { .. })
    }

    pub fn unit(&self) -> &str {
        match self {
            DataType::Int { unit, .. } | DataType::Float { unit, .. } => unit,
            _ => "",
        }
    }
}

impl ThingModel {
    pub fn property(&self, identifier: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.identifier == identifier)
    }

    pub fn event(&self, identifier: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.identifier == identifier)
    }

    pub fn command(&self, identifier: &str) -> Option<&Command> {
        self.commands.iter().find(|c| c.identifier == identifier)
    }

    /// Every problem with the model, or `Ok` when it can be saved.
    pub fn validate(&self) -> Result<(), Vec<crate::Problem>> {
        validate::validate(self)
    }
}

impl From<Property> for Param {
    fn from(p: Property) -> Param {
        Param { identifier: p.identifier, name: p.name, name_en: p.name_en, data_type: p.data_type }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_shape_is_snake_case_with_a_type_tag() {
        let p = Property {
            identifier: "lel".into(),
            name: "可燃气体浓度".into(),
            name_en: "Combustible gas".into(),
            data_type: DataType::Float { min: Some(0.0), max: Some(100.0), precision: 1, unit: "%LEL".into() },
            access: Access::Read,
            required: true,
        };
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "identifier": "lel", "name": "可燃气体浓度", "name_en": "Combustible gas",
                "data_type": {"type": "float", "min": 0.0, "max": 100.0, "precision": 1, "unit": "%LEL"},
                "access": "read", "required": true
            })
        );
        assert_eq!(serde_json::from_value::<Property>(json).unwrap(), p);
    }

    #[test]
    fn omitted_options_take_their_defaults() {
        let m: ThingModel = serde_json::from_value(serde_json::json!({
            "identifier": "x", "name": "x", "name_en": "x", "category": "other",
            "properties": [{"identifier": "n", "name": "n", "name_en": "n", "data_type": {"type": "int"}}]
        }))
        .unwrap();
        assert_eq!(m.version, 1);
        assert_eq!(m.properties[0].access, Access::Read);
        assert_eq!(m.properties[0].data_type, DataType::Int { min: None, max: None, step: 1, unit: String::new() });
    }

    #[test]
    fn severities_are_ordered_and_parse_back() {
        assert!(Severity::Info < Severity::Warning && Severity::Alarm < Severity::Critical);
        for s in [Severity::Info, Severity::Warning, Severity::Alarm, Severity::Critical] {
            assert_eq!(Severity::parse(s.as_str()), Some(s));
        }
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
    }
}

//! Terse constructors for the preset library, so each preset reads like a data sheet.

use crate::model::{Access, Category, Command, DataType, EnumValue, Event, Param, Property, Severity, ThingModel};

pub(super) struct Builder(ThingModel);

pub(super) fn model(identifier: &str, name: &str, name_en: &str, category: Category, description: &str) -> Builder {
    Builder(ThingModel {
        identifier: identifier.into(),
        version: 1,
        name: name.into(),
        name_en: name_en.into(),
        category,
        description: description.into(),
        properties: Vec::new(),
        events: Vec::new(),
        commands: Vec::new(),
    })
}

impl Builder {
    pub(super) fn props(mut self, properties: impl IntoIterator<Item = Property>) -> Builder {
        self.0.properties.extend(properties);
        self
    }

    pub(super) fn event(
        mut self,
        id: &str,
        name: &str,
        name_en: &str,
        severity: Severity,
        fields: Vec<Property>,
    ) -> Builder {
        self.0.events.push(Event {
            identifier: id.into(),
            name: name.into(),
            name_en: name_en.into(),
            severity,
            output: params(fields),
        });
        self
    }

    pub(super) fn command(mut self, id: &str, name: &str, name_en: &str, input: Vec<Property>) -> Builder {
        self.0.commands.push(Command {
            identifier: id.into(),
            name: name.into(),
            name_en: name_en.into(),
            input: params(input),
            output: Vec::new(),
        });
        self
    }

    pub(super) fn build(self) -> ThingModel {
        self.0
    }
}

fn params(fields: Vec<Property>) -> Vec<Param> {
    fields.into_iter().map(Param::from).collect()
}

fn property(id: &str, name: &str, name_en: &str, data_type: DataType) -> Property {
    Property {
        identifier: id.into(),
        name: name.into(),
        name_en: name_en.into(),
        data_type,
        access: Access::Read,
        required: false,
    }
}

pub(super) trait PropertyExt {
    fn required(self) -> Property;
    fn writable(self) -> Property;
}

impl PropertyExt for Property {
    fn required(mut self) -> Property {
        self.required = true;
        self
    }

    fn writable(mut self) -> Property {
        self.access = Access::ReadWrite;
        self
    }
}

/// A float with a physical range `[min, max]`, `precision` decimals and a unit.
pub(super) fn float(id: &str, name: &str, name_en: &str, range: (f64, f64), precision: u8, unit: &str) -> Property {
    let data_type = DataType::Float { min: Some(range.0), max: Some(range.1), precision, unit: unit.into() };
    property(id, name, name_en, data_type)
}

/// A float without range: values of whatever a foreign system reports (a DCS tag's value).
pub(super) fn any_float(id: &str, name: &str, name_en: &str) -> Property {
    property(id, name, name_en, DataType::Float { min: None, max: None, precision: 3, unit: String::new() })
}

pub(super) fn int(id: &str, name: &str, name_en: &str, range: (i64, i64), unit: &str) -> Property {
    property(id, name, name_en, DataType::Int { min: Some(range.0), max: Some(range.1), step: 1, unit: unit.into() })
}

/// A bool with its labels: `on` = (zh, en) for true, `off` for false.
pub(super) fn flag(id: &str, name: &str, name_en: &str, on: (&str, &str), off: (&str, &str)) -> Property {
    let data_type = DataType::Bool {
        true_label: on.0.into(),
        true_label_en: on.1.into(),
        false_label: off.0.into(),
        false_label_en: off.1.into(),
    };
    property(id, name, name_en, data_type)
}

pub(super) fn choice(id: &str, name: &str, name_en: &str, values: &[(i64, &str, &str)]) -> Property {
    let values = values
        .iter()
        .map(|(value, label, label_en)| EnumValue {
            value: *value,
            label: (*label).into(),
            label_en: (*label_en).into(),
        })
        .collect();
    property(id, name, name_en, DataType::Enum { values })
}

pub(super) fn text(id: &str, name: &str, name_en: &str, max_length: u32) -> Property {
    property(id, name, name_en, DataType::Text { max_length })
}

pub(super) fn battery() -> Property {
    float("battery", "电池电量", "Battery", (0.0, 100.0), 0, "%")
}

pub(super) fn latitude() -> Property {
    float("latitude", "纬度", "Latitude", (-90.0, 90.0), 7, "°")
}

pub(super) fn longitude() -> Property {
    float("longitude", "经度", "Longitude", (-180.0, 180.0), 7, "°")
}

/// Site-local coordinates in metres from the site plan's origin.
pub(super) fn local_x() -> Property {
    float("x", "X 坐标", "X", (-10_000.0, 10_000.0), 2, "m")
}

pub(super) fn local_y() -> Property {
    float("y", "Y 坐标", "Y", (-10_000.0, 10_000.0), 2, "m")
}

pub(super) fn person_id() -> Property {
    text("person_id", "人员编号", "Person ID", 64)
}

pub(super) fn camera_id() -> Property {
    text("camera_id", "摄像机编号", "Camera ID", 64)
}

pub(super) fn fault_code() -> Property {
    int("code", "故障代码", "Fault code", (0, 65_535), "")
}

/// The status word most field instruments report.
pub(super) fn instrument_status() -> Property {
    choice(
        "status",
        "状态",
        "Status",
        &[
            (0, "正常", "normal"),
            (1, "传感器故障", "sensor fault"),
            (2, "超量程", "over range"),
            (3, "维护", "maintenance"),
        ],
    )
}

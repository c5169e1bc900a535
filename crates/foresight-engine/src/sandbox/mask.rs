//! Personal names out of sandbox results: every known person name (users' display names and user names,
//! the people that wearables and positioning tags are bound to) is replaced by a pseudonym (人员-1, 人员-2,
//! ...) that is stable within one run. The result is masked as a whole, string by string, so a name is
//! caught wherever it would appear: a responsible person, a device name, an instruction's text.

use serde_json::Value;
use std::collections::HashMap;

/// Thing models bound to one person, and the suffix the person's name is followed by in device names
/// (`张伟 智能安全手环`).
pub const PERSON_MODELS: &[(&str, &[&str])] =
    &[("wearable_band", &["智能安全手环", "手环"]), ("positioning_tag", &["定位标签", "标签"])];

/// Shortest name that is masked: one letter would mangle ordinary text.
const MIN_NAME_CHARS: usize = 2;

#[derive(Debug, Default)]
pub struct Masker {
    /// (name, person key), longest names first so "张伟强" is not masked as "张伟" + "强".
    names: Vec<(String, String)>,
    assigned: HashMap<String, String>,
}

impl Masker {
    /// Registers a name of the person `key` (a user id, or the name itself for people known only by name).
    pub fn person(&mut self, key: &str, name: &str) {
        let name = name.trim();
        if name.chars().count() >= MIN_NAME_CHARS && !self.names.iter().any(|(n, _)| n == name) {
            self.names.push((name.to_owned(), key.to_owned()));
            self.names.sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.0.cmp(&b.0)));
        }
    }

    /// Registers the person a person-bound device's name carries (its name without the model's suffix).
    pub fn device(&mut self, model: &str, device_name: &str) {
        let Some((_, suffixes)) = PERSON_MODELS.iter().find(|(m, _)| *m == model) else { return };
        let person =
            suffixes.iter().find_map(|s| device_name.trim().strip_suffix(s)).unwrap_or(device_name).trim().to_owned();
        // The same person as a user of that name shares the user's pseudonym.
        let key = self.names.iter().find(|(n, _)| *n == person).map(|(_, k)| k.clone()).unwrap_or(person.clone());
        self.person(&key, &person);
    }

    fn pseudonym(&mut self, key: &str) -> String {
        let next = self.assigned.len() + 1;
        self.assigned.entry(key.to_owned()).or_insert_with(|| format!("人员-{next}")).clone()
    }

    /// `text` with every registered name replaced. ASCII names (user names) only match whole words, so
    /// "li" does not eat into "limit".
    pub fn text(&mut self, text: &str) -> String {
        let mut out = text.to_owned();
        for i in 0..self.names.len() {
            let (name, key) = self.names[i].clone();
            if !out.contains(&name) {
                continue;
            }
            let pseudonym = self.pseudonym(&key);
            out = replace_name(&out, &name, &pseudonym);
        }
        out
    }

    /// Masks every string of a JSON value in place (object keys are field names and stay).
    pub fn json(&mut self, value: &mut Value) {
        match value {
            Value::String(s) => {
                let masked = self.text(s);
                if masked != *s {
                    *s = masked;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.json(v)),
            Value::Object(map) => map.values_mut().for_each(|v| self.json(v)),
            _ => {}
        }
    }
}

fn replace_name(text: &str, name: &str, pseudonym: &str) -> String {
    if !name.is_ascii() {
        return text.replace(name, pseudonym);
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(name) {
        let before = if pos > 0 { rest[..pos].chars().last() } else { out.chars().last() };
        let after = rest[pos + name.len()..].chars().next();
        out.push_str(&rest[..pos]);
        if word(before) || word(after) {
            out.push_str(name);
        } else {
            out.push_str(pseudonym);
        }
        rest = &rest[pos + name.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_get_stable_pseudonyms_wherever_they_appear() {
        let mut m = Masker::default();
        m.person("u1", "张伟");
        m.person("u1", "zhangwei");
        m.person("u2", "李娜");
        m.device("wearable_band", "张伟 智能安全手环");
        m.device("positioning_tag", "王芳 定位标签");
        m.device("gas_detector_nh3", "NH3 探测器 张伟"); // not person-bound: registers nothing new
                                                         // An array, so the walk order (and so the numbering) does not depend on map key order.
        let mut result = json!([
            "李娜",
            "通知张伟（zhangwei）撤离，王芳协助",
            ["张伟 智能安全手环", "王芳 定位标签"],
            "zhangweilimit stays",
        ]);
        m.json(&mut result);
        assert_eq!(result[0], "人员-1");
        assert_eq!(result[1], "通知人员-2（人员-2）撤离，人员-3协助");
        assert_eq!(result[2], json!(["人员-2 智能安全手环", "人员-3 定位标签"]));
        assert_eq!(result[3], "zhangweilimit stays");
        let text = result.to_string();
        for name in ["张伟", "李娜", "王芳"] {
            assert!(!text.contains(name), "{name} leaked: {text}");
        }
    }

    #[test]
    fn longer_names_win_and_single_letters_are_ignored() {
        let mut m = Masker::default();
        m.person("a", "张伟");
        m.person("b", "张伟强");
        m.person("c", "x");
        assert_eq!(m.text("张伟强和张伟 x"), "人员-1和人员-2 x");
    }
}

//! Recognising site-plan images by their bytes (never by the client's Content-Type) and reading
//! their pixel size, which becomes the coordinate space of the site's zones.

use crate::error::FieldIssue;
use crate::i18n::Msg;

#[derive(Debug, Clone, PartialEq)]
pub struct PlanImage {
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
}

/// Largest plan side accepted, in pixels; beyond this browsers struggle to draw it.
const MAX_SIDE: u32 = 20_000;

/// `Err(None)` when the bytes are no supported image; `Err(Some(..))` when they are one but unusable.
pub fn sniff(bytes: &[u8]) -> Result<PlanImage, Option<FieldIssue>> {
    let content_type = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if bytes.len() > 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        "image/webp"
    } else if looks_like_svg(bytes) {
        let (width, height) = svg_size(bytes).ok_or_else(unreadable)?;
        return checked(PlanImage { content_type: "image/svg+xml", width, height });
    } else {
        return Err(None);
    };
    let size = imagesize::blob_size(bytes).map_err(|_| Some(unreadable()))?;
    checked(PlanImage { content_type, width: size.width as u32, height: size.height as u32 })
}

fn unreadable() -> FieldIssue {
    FieldIssue::new("body", "unreadable_image", Msg::FieldImageUnreadable)
}

fn checked(image: PlanImage) -> Result<PlanImage, Option<FieldIssue>> {
    if image.width == 0 || image.height == 0 || image.width > MAX_SIDE || image.height > MAX_SIDE {
        return Err(Some(
            FieldIssue::new("body", "out_of_range", Msg::FieldOutOfRange).arg("min", 1).arg("max", MAX_SIDE),
        ));
    }
    Ok(image)
}

fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    (trimmed.starts_with("<svg") || trimmed.starts_with("<?xml")) && head.contains("<svg")
}

/// Size from the root element's viewBox, else its width and height. Script is refused outright:
/// a plan is a picture.
fn svg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let lower = text.to_ascii_lowercase();
    if lower.contains("<script") || lower.contains("javascript:") || lower.contains("<foreignobject") {
        return None;
    }
    let start = lower.find("<svg")?;
    let end = start + lower[start..].find('>')?;
    let tag = &text[start..end];
    if let Some(view_box) = attribute(tag, "viewBox") {
        let nums: Vec<f64> =
            view_box.split([' ', ',']).filter(|s| !s.is_empty()).filter_map(|s| s.parse().ok()).collect();
        if nums.len() == 4 && nums[2] >= 1.0 && nums[3] >= 1.0 {
            return Some((nums[2].round() as u32, nums[3].round() as u32));
        }
    }
    let number = |name| attribute(tag, name).and_then(|v| v.trim_end_matches("px").parse::<f64>().ok());
    match (number("width"), number("height")) {
        (Some(w), Some(h)) if w >= 1.0 && h >= 1.0 => Some((w.round() as u32, h.round() as u32)),
        _ => None,
    }
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(pos) = rest.find(name) {
        let preceded_by_space = pos > 0 && rest.as_bytes()[pos - 1].is_ascii_whitespace();
        let after = rest[pos + name.len()..].trim_start();
        if preceded_by_space {
            if let Some(after_eq) = after.strip_prefix('=') {
                let after_eq = after_eq.trim_start();
                let quote = after_eq.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let value = &after_eq[1..];
                    return value.find(quote).map(|end| &value[..end]);
                }
            }
        }
        rest = &rest[pos + name.len()..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_size_comes_from_the_view_box() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 1600 1000"><rect/></svg>"#;
        assert_eq!(sniff(svg).unwrap(), PlanImage { content_type: "image/svg+xml", width: 1600, height: 1000 });
    }

    #[test]
    fn svg_with_script_is_refused() {
        let svg = br#"<svg viewBox="0 0 10 10"><script>alert(1)</script></svg>"#;
        assert!(matches!(sniff(svg), Err(Some(_))));
    }

    #[test]
    fn a_png_header_gives_its_size() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&640u32.to_be_bytes());
        png.extend_from_slice(&480u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0]);
        assert_eq!(sniff(&png).unwrap(), PlanImage { content_type: "image/png", width: 640, height: 480 });
    }

    #[test]
    fn text_is_not_an_image() {
        assert_eq!(sniff(b"hello").unwrap_err().map(|i| i.code), None);
    }
}

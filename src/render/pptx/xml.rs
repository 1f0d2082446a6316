//! Escaping for the hand-written OOXML: one function per context (element
//! text, attribute value), each tested alone, as in `render::html`; the
//! units DrawingML counts in, and what every part starts with.
//!
//! XML 1.0 cannot carry most control characters at all, not even escaped:
//! they are dropped, so no deck text can make a part unreadable.

/// Whether XML 1.0 allows this character in a document.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes text for element content (`<a:t>…</a:t>`).
pub fn text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A line break inside a run is not a line break in DrawingML.
            '\n' | '\r' | '\t' => out.push(' '),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
}

/// Escapes text for a double-quoted attribute value.
pub fn attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Attribute values normalise white space: keep it as spaces.
            '\n' | '\r' | '\t' => out.push(' '),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
}

/// `attr` into a new string.
pub fn attr_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    attr(s, &mut out);
    out
}

/// `text` into a new string.
pub fn text_string(s: &str) -> String {
    let mut o = String::new();
    text(s, &mut o);
    o
}

/// A colour `#rrggbb` as DrawingML wants it (`RRGGBB`); anything else
/// (validated themes never give one) is black.
pub fn rgb(hex: &str) -> String {
    match crate::theme::parse_hex(hex) {
        Some((r, g, b)) => format!("{r:02X}{g:02X}{b:02X}"),
        None => "000000".into(),
    }
}

/// Points to English Metric Units (12 700 per point).
pub fn emu(pt: f64) -> i64 {
    (pt * 12700.0).round() as i64
}

/// Hundredths of a point, as DrawingML sizes type.
pub fn size(pt: f64) -> i64 {
    (pt * 100.0).round() as i64
}

/// The XML declaration every part starts with.
pub const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The namespaces of a PresentationML part's root element.
pub const NS: &str = "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
    xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
    xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escaping_neutralises_markup_and_drops_what_xml_cannot_hold() {
        let mut o = String::new();
        text("<a:t>&\"' \u{0}\u{1b}x\u{fffe}\ny", &mut o);
        assert_eq!(o, "&lt;a:t&gt;&amp;\"' x y");
    }

    #[test]
    fn attribute_escaping_closes_no_quotes() {
        let mut o = String::new();
        attr("\" r:id='x' <\u{7}", &mut o);
        assert_eq!(o, "&quot; r:id=&apos;x&apos; &lt;");
    }

    #[test]
    fn characters_beyond_the_basic_plane_are_kept() {
        let mut o = String::new();
        text("😀 ✓ ➔ „ë”", &mut o);
        assert_eq!(o, "😀 ✓ ➔ „ë”");
    }

    #[test]
    fn colours_and_units() {
        assert_eq!(rgb("#1f4a6e"), "1F4A6E");
        assert_eq!(rgb("red"), "000000");
        assert_eq!(emu(960.0), 12_192_000);
        assert_eq!(emu(540.0), 6_858_000);
    }
}

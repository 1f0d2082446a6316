//! Relationships (`*.rels`): the list a part keeps of the parts and links
//! it points to, each counted once.

use std::fmt::Write as _;

use super::xml::{attr_string, HEAD};

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A relationship list.
#[derive(Default)]
pub struct Rels {
    pub items: Vec<(String, String, bool)>,
}

impl Rels {
    /// Adds a relationship and returns its id (`rIdN`). `external` for
    /// hyperlinks.
    pub fn add(&mut self, kind: &str, target: &str, external: bool) -> String {
        let encoded;
        let target = if external {
            encoded = uri(target);
            encoded.as_str()
        } else {
            target
        };
        if let Some(i) = self
            .items
            .iter()
            .position(|(k, t, e)| k == kind && t == target && *e == external)
        {
            return format!("rId{}", i + 1);
        }
        self.items.push((kind.into(), target.into(), external));
        format!("rId{}", self.items.len())
    }

    pub fn xml(&self) -> String {
        let mut out = format!(
            "{HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        );
        for (i, (kind, target, external)) in self.items.iter().enumerate() {
            let kind = if kind.starts_with("http") {
                kind.clone()
            } else {
                format!("{REL}/{kind}")
            };
            let _ = write!(
                out,
                "<Relationship Id=\"rId{}\" Type=\"{kind}\" Target=\"{}\"{}/>",
                i + 1,
                attr_string(target),
                if *external {
                    " TargetMode=\"External\""
                } else {
                    ""
                }
            );
        }
        out.push_str("</Relationships>");
        out
    }
}

/// A link as a URI PowerPoint accepts: bytes outside the characters URIs
/// allow (spaces, quotes, letters beyond ASCII) percent-encoded, the
/// link otherwise as written.
pub fn uri(link: &str) -> String {
    let mut out = String::with_capacity(link.len());
    for b in link.trim().bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_uris_and_relationships_are_counted_once() {
        assert_eq!(
            uri("https://x.org/a b?q=\"é\""),
            "https://x.org/a%20b?q=%22%C3%A9%22"
        );
        assert_eq!(uri("mailto:a@b.org"), "mailto:a@b.org");
        let mut rels = Rels::default();
        assert_eq!(rels.add("hyperlink", "https://x.org", true), "rId1");
        assert_eq!(rels.add("image", "../media/image1.png", false), "rId2");
        assert_eq!(rels.add("hyperlink", "https://x.org", true), "rId1");
        assert!(rels.xml().contains("TargetMode=\"External\""));
    }
}

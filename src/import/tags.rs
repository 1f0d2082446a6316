//! HTML tags and their attributes, as the importers read them in a line.

use regex::Regex;
use std::sync::LazyLock;

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^<(/?)([A-Za-z][A-Za-z0-9_:-]*)((?:\s+(?:"[^"]*"|'[^']*'|[^<>"'/]|/[^>])*?)?)\s*(/?)>"#,
    )
    .expect("tag pattern")
});
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([^\s="'<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?"#)
        .expect("attribute pattern")
});

/// The attributes of a tag, by name.
pub fn attrs(s: &str) -> Vec<(String, String)> {
    ATTR.captures_iter(s)
        .map(|c| {
            let v = c
                .get(2)
                .or(c.get(3))
                .or(c.get(4))
                .map_or("", |m| m.as_str());
            (c[1].to_string(), v.to_string())
        })
        .collect()
}

pub fn attr(s: &str, name: &str) -> Option<String> {
    attrs(s)
        .into_iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// A tag at the start of `s`: (closing, name, attributes, self-closing, length).
pub fn tag_at(s: &str) -> Option<(bool, String, String, bool, usize)> {
    let c = TAG.captures(s)?;
    Some((
        !c[1].is_empty(),
        c[2].to_string(),
        c[3].to_string(),
        !c[4].is_empty(),
        c[0].len(),
    ))
}

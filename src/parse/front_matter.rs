//! The `+++ … +++` TOML front matter at the top of a deck.

use super::lines::line_ranges;
use crate::config::{parse_front_matter, FrontMatter};
use crate::diag::Pos;
use crate::diag::{Diagnostic, LineIndex};

/// Reads `+++ … +++` at the top. Returns the front matter and where the body starts.
pub(super) fn split_front_matter(
    text: &str,
    idx: &LineIndex,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> (Option<FrontMatter>, usize) {
    let mut lines = line_ranges(text, 0);
    let first = lines.next();
    let opens = first
        .as_ref()
        .is_some_and(|r| text[r.clone()].trim_end() == "+++");
    if !opens {
        let starts_yaml = first
            .as_ref()
            .is_some_and(|r| text[r.clone()].trim_end() == "---");
        if let Some(tool) = starts_yaml.then(|| foreign_tool(text)).flatten() {
            diags.push(idx.annotate(
                Diagnostic::error(
                    file,
                    Pos { line: 1, col: 1 },
                    format!("this is a {tool} deck, not a lectern deck"),
                )
                .with_len(3)
                .with_help("convert it with `lectern import`, which writes the lectern deck (TOML front matter between `+++`, slide kinds as heading classes)"),
            ));
            return (None, 0);
        }
        let help = if starts_yaml {
            "front matter is TOML between `+++` lines (not YAML between `---`):\n    +++\n    title = \"…\"\n    session = 1\n    mode = \"f2f\"\n    +++"
        } else {
            "start the deck with:\n    +++\n    title = \"…\"\n    session = 1\n    mode = \"f2f\"\n    +++"
        };
        diags.push(
            idx.annotate(
                Diagnostic::error(
                    file,
                    Pos { line: 1, col: 1 },
                    "the deck has no front matter",
                )
                .with_help(help),
            ),
        );
        return (None, 0);
    }
    let start = first.map_or(0, |r| r.end);
    for r in lines {
        if text[r.clone()].trim_end() == "+++" {
            let toml_text = &text[start..r.start];
            let front = parse_front_matter(toml_text, start, idx, file, diags);
            return (front, r.end);
        }
    }
    diags.push(
        idx.annotate(
            Diagnostic::error(
                file,
                Pos { line: 1, col: 1 },
                "the front matter is never closed",
            )
            .with_len(3)
            .with_help("add a line holding only `+++` after the settings"),
        ),
    );
    (None, text.len())
}

/// Marp or Slidev, known by the YAML front matter they start with.
fn foreign_tool(text: &str) -> Option<&'static str> {
    let yaml = text.split("\n---").next()?;
    let keys: Vec<&str> = yaml
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim()))
        .collect();
    if keys.contains(&"marp") {
        return Some("Marp");
    }
    let slidev = [
        "highlighter",
        "drawings",
        "transition",
        "mdc",
        "layout",
        "class",
        "colorSchema",
        "lineNumbers",
    ];
    keys.iter().any(|k| slidev.contains(k)).then_some("Slidev")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_starts_after_the_closing_marker() {
        for (text, body, error) in [
            ("+++\ntitle = \"a\"\n+++\nbody", Some("body"), None),
            ("+++\r\ntitle = \"a\"\r\n+++\r\nbody", Some("body"), None),
            ("+++\ntitle = \"a\"\nbody", None, Some("never closed")),
            (
                "---\ntitle: a\n---\nbody",
                Some("---\ntitle: a\n---\nbody"),
                Some("no front matter"),
            ),
            ("body", Some("body"), Some("no front matter")),
            (
                "---\nmarp: true\ntheme: gaia\n---\n# A",
                Some("---\nmarp: true\ntheme: gaia\n---\n# A"),
                Some("this is a Marp deck"),
            ),
            (
                "---\ntheme: seriph\nlayout: cover\n---\n# A",
                Some("---\ntheme: seriph\nlayout: cover\n---\n# A"),
                Some("this is a Slidev deck"),
            ),
        ] {
            let idx = LineIndex::new(text);
            let mut diags = Vec::new();
            let (_, start) = split_front_matter(text, &idx, "d.md", &mut diags);
            assert_eq!(
                body,
                (start < text.len()).then(|| &text[start..]),
                "{text:?}"
            );
            match error {
                Some(e) => assert!(
                    diags.iter().any(|d| d.message.contains(e)),
                    "{text:?}: {diags:?}"
                ),
                None => assert!(diags.is_empty(), "{text:?}: {diags:?}"),
            }
        }
    }
}

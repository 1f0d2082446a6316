//! One conversion from end to end: a tool's reader, lectern's writer, and
//! lectern's own parser over the result.

use super::model::Deck;
use super::report::Report;
use super::tool::{Options, Tool};
use super::write::write;
use crate::diag::Diagnostic;

/// A converted deck: the lectern Markdown and what the conversion found.
#[derive(Debug)]
pub struct Imported {
    pub tool: Tool,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// The deck's language from its front matter (`lang:`), for course.toml.
    pub language: Option<String>,
    pub slides: usize,
    /// Slides that carry speaker notes (directives kept as notes excluded).
    pub slides_with_notes: usize,
}

/// Converts a deck written for `tool` with that tool's reader.
pub(super) fn convert(
    tool: Tool,
    source: &str,
    opts: &Options,
    read: impl FnOnce(&str, &mut Report) -> Deck,
) -> Imported {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut report = Report::new(&opts.file, source, tool);
    let deck = read(source, &mut report);
    written(tool, &deck, report.diags, opts)
}

/// A deck read (by any reader) written as lectern Markdown.
pub(super) fn written(
    tool: Tool,
    deck: &Deck,
    diagnostics: Vec<Diagnostic>,
    opts: &Options,
) -> Imported {
    let (text, slides, slides_with_notes) = write(deck, tool, opts);
    let text = repair(text);
    Imported {
        tool,
        text,
        diagnostics,
        language: deck.language.clone(),
        slides,
        slides_with_notes,
    }
}

/// Runs lectern's own parser on the written deck and escapes what it would
/// still read as slide attributes: a `{…}` after a heading that the
/// writer's simpler view of code blocks took for code.
fn repair(text: String) -> String {
    let config = crate::config::CourseConfig::default();
    let here = std::path::Path::new(".");
    let ctx = crate::parse::DeckContext {
        file: "import",
        deck_dir: here,
        course_root: here,
        config: &config,
    };
    let mut diags = Vec::new();
    crate::parse::parse_deck(text.as_bytes(), "import", &ctx, &mut diags);
    let attribute = |m: &str| {
        m.starts_with("unknown slide kind")
            || m.starts_with("unknown slide option")
            || m.starts_with("a slide has one kind")
            || m.starts_with("only a slide's first heading")
            || m.contains("is not a number of minutes")
            || m.contains("is not a number of lines")
    };
    let lines: std::collections::BTreeSet<usize> = diags
        .iter()
        .filter(|d| attribute(&d.message))
        .map(|d| d.pos.line)
        .collect();
    if lines.is_empty() {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        match line.rfind('{').filter(|_| lines.contains(&(i + 1))) {
            Some(at) => {
                out.push_str(&line[..at]);
                out.push_str("&#123;");
                out.push_str(&line[at + 1..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

//! A conversion's warnings, positioned in the source file, and the
//! directives it moves out of the slides.

use super::model::Kept;
use super::text::{yaml_entries, Entry, FrontMatter};
use super::tool::Tool;
use crate::diag::{Diagnostic, LineIndex, Pos};

/// Collects a conversion's warnings, positioned in the source file.
pub struct Report<'a> {
    file: &'a str,
    idx: LineIndex<'a>,
    pub tool: Tool,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Report<'a> {
    pub fn new(file: &'a str, source: &'a str, tool: Tool) -> Self {
        Report {
            file,
            idx: LineIndex::new(source),
            tool,
            diags: Vec::new(),
        }
    }

    /// The entries of a deck's YAML front matter, with a warning when it
    /// is not valid YAML (what was read is kept as a note by each reader).
    pub fn front_matter_entries(&mut self, fm: &FrontMatter, lines: &[&str]) -> Vec<Entry> {
        let (entries, error) = yaml_entries(&fm.yaml_text(lines), fm.yaml.start + 1);
        if let Some(e) = error {
            self.warn(
                1,
                "---",
                format!("the front matter is not valid YAML ({e}); it is kept as a note"),
            );
        }
        entries
    }

    /// A warning at a source line; `snippet` (when found on the line)
    /// places the column and the underline.
    pub fn warn(
        &mut self,
        line: usize,
        snippet: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let source_line = self.idx.line(line).unwrap_or("");
        let first = snippet.lines().next().unwrap_or("").trim();
        let (col, len) = match source_line.find(first).filter(|_| !first.is_empty()) {
            Some(at) => (source_line[..at].chars().count() + 1, first.chars().count()),
            None => (1, source_line.trim_end().chars().count()),
        };
        let d = self
            .idx
            .annotate(Diagnostic::warning(self.file, Pos { line, col }, message).with_len(len));
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    /// Moves `text` (a directive, markup) out of the slide into its notes,
    /// with a warning saying what it was.
    pub fn keep(&mut self, kept: &mut Vec<Kept>, line: usize, text: &str, what: &str) {
        let label = self.tool.label();
        self.warn(
            line,
            text,
            format!("{what}: kept as a trainer note (no lectern equivalent)"),
        )
        .help = Some(format!(
            "lectern has columns (`:::: columns`), `background=` and image `{{width=…}}`, but no {label} styling, colours or layouts beyond those: the slide keeps its content in reading order, and the original text is in the slide's notes"
        ));
        kept.push(Kept {
            line,
            text: text.trim_end().to_string(),
        });
    }
}

/// A short, one-line form of a directive for messages.
pub fn brief(text: &str) -> String {
    let one = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 60 {
        let cut: String = one.chars().take(57).collect();
        format!("`{cut}…`")
    } else {
        format!("`{one}`")
    }
}

//! Diagnostics: user mistakes as values, collected across a course and
//! printed in one place (terminal) or sent to the browser overlay (serve).

use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user named it (relative to the working directory where possible).
    pub file: String,
    pub pos: Pos,
    /// Width of the offending text in characters (at least 1), for the underline.
    pub len: usize,
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The offending source line, for display.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &str, pos: Pos, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, pos, message)
    }

    pub fn warning(file: &str, pos: Pos, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, pos, message)
    }

    fn new(severity: Severity, file: &str, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.to_string(),
            pos,
            len: 1,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_len(mut self, len: usize) -> Self {
        self.len = len.max(1);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col: error: message`, the first line of the rendering.
    pub fn headline(&self) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.pos.line == 0 {
            format!("{}: {sev}: {}", self.file, self.message)
        } else {
            format!(
                "{}:{}:{}: {sev}: {}",
                self.file, self.pos.line, self.pos.col, self.message
            )
        }
    }

    /// rustc-style rendering: headline, the source line, a caret underline and the help.
    /// One line of JSON for editors and CI (`--message-format json`).
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "file": self.file,
            "line": self.pos.line,
            "column": self.pos.col,
            "severity": if self.is_error() { "error" } else { "warning" },
            "message": self.message,
            "help": self.help,
        })
        .to_string()
    }

    pub fn render(&self) -> String {
        let mut out = self.headline();
        out.push('\n');
        if let Some(line) = &self.source_line {
            let num = self.pos.line.to_string();
            let pad = " ".repeat(num.len());
            let line = line.replace('\t', " ");
            // A long line (a pasted table row, a title of a megabyte) is
            // shown as the stretch around the column, never whole.
            let (line, before) = window(&line, self.pos.col.saturating_sub(1));
            let width = self
                .len
                .min(line.chars().count().saturating_sub(before).max(1));
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{num} | {line}");
            let _ = writeln!(out, "{pad} | {}{}", " ".repeat(before), "^".repeat(width));
            if let Some(help) = &self.help {
                let _ = writeln!(out, "{pad} = help: {help}");
            }
        } else if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out
    }
}

/// Maps byte offsets in a file to 1-based line/column and gives back lines.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = self.text[start..floor_char_boundary(self.text, offset)]
            .chars()
            .count()
            + 1;
        Pos {
            line: line + 1,
            col,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line(&self, line: usize) -> Option<&'a str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(self.text.len(), |e| e - 1);
        Some(self.text[start..end].trim_end_matches('\r'))
    }

    /// Attach the offending line to a diagnostic.
    pub fn annotate(&self, mut diag: Diagnostic) -> Diagnostic {
        if diag.source_line.is_none() {
            // Only what `render` can show is kept.
            let keep = diag.pos.col + SHOWN_CHARS;
            diag.source_line = self.line(diag.pos.line).map(|l| {
                l.char_indices()
                    .nth(keep)
                    .map_or(l, |(i, _)| &l[..i])
                    .to_string()
            });
        }
        diag
    }
}

/// How much of a source line a diagnostic shows.
const SHOWN_CHARS: usize = 120;

/// The part of `line` shown under a diagnostic: all of it when short,
/// else `SHOWN_CHARS` characters around `col` (0-based) with `…` where it
/// was cut; and the column within what is shown.
fn window(line: &str, col: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= SHOWN_CHARS {
        return (line.to_string(), col);
    }
    let start = col
        .saturating_sub(SHOWN_CHARS / 4)
        .min(count.saturating_sub(SHOWN_CHARS));
    let mut shown: String = line.chars().skip(start).take(SHOWN_CHARS).collect();
    let mut at = col - start.min(col);
    if start > 0 {
        shown.insert(0, '…');
        at += 1;
    }
    if start + SHOWN_CHARS < count {
        shown.push('…');
    }
    (shown, at)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Counts for a summary line.
pub fn counts(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    (errors, diags.len() - errors)
}

/// Puts a build's diagnostics in the order an editor lists them (file,
/// then line and column) and drops repeats: a deck's own checks reach a
/// build once per output it makes. The one place `build`, `check` and
/// `serve` settle what they report.
pub fn settle(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| (&a.file, a.pos, &a.message).cmp(&(&b.file, b.pos, &b.message)));
    diags.dedup_by(|a, b| a.file == b.file && a.pos == b.pos && a.message == b.message);
}

/// An infrastructure failure (not a mistake in a deck): exit code 2.
#[derive(Debug)]
pub struct Error {
    pub message: String,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl Error {
    pub fn io(path: &std::path::Path, e: std::io::Error) -> Self {
        Error {
            message: format!("{}: {e}", path.display()),
        }
    }
}

/// How a path is shown to the user: relative to the working directory when inside it.
pub fn display_path(path: &std::path::Path) -> String {
    let cwd = std::env::current_dir().ok();
    let shown = cwd
        .as_deref()
        .and_then(|c| path.strip_prefix(c).ok())
        .unwrap_or(path);
    let shown = shown.to_string_lossy().replace('\\', "/");
    match shown.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_shown_around_its_column() {
        let line = "x".repeat(5000);
        let (shown, at) = window(&line, 2500);
        assert_eq!(shown.chars().count(), SHOWN_CHARS + 2);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(at, SHOWN_CHARS / 4 + 1);
        assert_eq!(window("short", 2), ("short".to_string(), 2));
        let idx = LineIndex::new(&line);
        let d = idx.annotate(Diagnostic::error("d.md", Pos { line: 1, col: 1 }, "long"));
        assert!(d.render().len() < 400, "{}", d.render());
    }

    #[test]
    fn line_index_counts_characters_not_bytes() {
        let idx = LineIndex::new("ab\nëë x\n");
        assert_eq!(idx.pos(0), Pos { line: 1, col: 1 });
        assert_eq!(idx.pos(3), Pos { line: 2, col: 1 });
        // "ëë " is 5 bytes; 'x' is the 4th character.
        assert_eq!(idx.pos(8), Pos { line: 2, col: 4 });
        assert_eq!(idx.line(2), Some("ëë x"));
        assert_eq!(idx.line(9), None);
    }

    #[test]
    fn render_underlines_the_offending_text() {
        let d = Diagnostic::error("d.md", Pos { line: 3, col: 4 }, "bad thing")
            .with_len(3)
            .with_help("fix it");
        let d = LineIndex::new("a\nb\nab cde f\n").annotate(d);
        let text = d.render();
        assert!(text.starts_with("d.md:3:4: error: bad thing\n"), "{text}");
        assert!(text.contains("3 | ab cde f\n"), "{text}");
        assert!(text.contains("  |    ^^^\n"), "{text}");
        assert!(text.contains("= help: fix it"), "{text}");
    }
}

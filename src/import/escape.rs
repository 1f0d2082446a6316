//! Escapes for lines lectern would read as its own structure.

use super::model::BodyLine;
use super::text::{self, atx_heading, setext_level, Fences};

/// Escapes lines lectern would read as structure: `---` (a slide break),
/// `???` (notes), `. . .` (a pause) and `{…}` after a heading (slide
/// attributes). Setext headings become ATX headings first, so that their
/// `---` underline is not taken for a break; a pause on a joined line moves
/// to the heading.
pub(super) fn escape_lines(lines: &[BodyLine], body: bool) -> Vec<BodyLine> {
    let lines = setext_to_atx(lines);
    let mut fences = Fences::default();
    lines
        .into_iter()
        .map(|mut l| {
            if fences.code(&l.text) {
                return l;
            }
            let t = l.text.trim();
            if t.len() >= 3 && t.chars().all(|c| c == '-') {
                l.text = "***".into();
            } else if t == "???" {
                l.text = l.text.replacen("???", "\\???", 1);
            } else if t == ". . ." {
                l.text = l.text.replacen(". . .", "\\. . .", 1);
            } else if body && atx_heading(&l.text).is_some() {
                l.text = escape_heading_braces(&l.text);
            }
            l.text = empty_links(&l.text);
            l
        })
        .collect()
}

/// `[](https://x.org)` shows nothing in lectern: the address becomes the
/// link's text, as presenterm and reveal.js show it.
fn empty_links(line: &str) -> String {
    if !line.contains("[](") {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("[](") {
        let is_image = rest[..at].ends_with('!');
        let target_end = rest[at + 3..].find(')').map(|e| at + 3 + e);
        match target_end {
            Some(end) if !is_image && !rest[at + 3..end].contains(char::is_whitespace) => {
                let url = &rest[at + 3..end];
                out.push_str(&rest[..at]);
                out.push_str(&format!("[{url}]({url})"));
                rest = &rest[end + 1..];
            }
            _ => {
                out.push_str(&rest[..at + 3]);
                rest = &rest[at + 3..];
            }
        }
    }
    out.push_str(rest);
    out
}

pub(super) fn note_lines(notes: &[String]) -> Vec<String> {
    let lines: Vec<BodyLine> = notes
        .iter()
        .map(|t| BodyLine {
            text: t.clone(),
            pause: false,
            line: 0,
        })
        .collect();
    escape_lines(&lines, false)
        .into_iter()
        .map(|l| l.text)
        .collect()
}

/// `## Use {curly}` would give the slide an option `curly`: the brace is
/// written as a character reference, which no attribute block starts with.
fn escape_heading_braces(line: &str) -> String {
    let t = line.trim_end();
    if t.ends_with('}') {
        if let Some(open) = t.rfind('{') {
            if !t[..open].ends_with('\\') && !t[..open].ends_with("&#123;") {
                return format!("{}&#123;{}", &t[..open], &t[open + 1..]);
            }
        }
    }
    line.to_string()
}

/// `Title` over `===` or `---` becomes `# Title` / `## Title`.
fn setext_to_atx(lines: &[BodyLine]) -> Vec<BodyLine> {
    let mut out: Vec<BodyLine> = Vec::with_capacity(lines.len());
    let mut fences = Fences::default();
    // Where the current run of paragraph lines started in `out`.
    let mut para_start: Option<usize> = None;
    for line in lines {
        if fences.code(&line.text) {
            para_start = None;
            out.push(line.clone());
            continue;
        }
        if let (Some(level), Some(start)) = (setext_level(&line.text), para_start) {
            let joined: Vec<BodyLine> = out.drain(start..).collect();
            let text: Vec<&str> = joined.iter().map(|l| l.text.trim()).collect();
            out.push(BodyLine {
                text: format!("{} {}", "#".repeat(level as usize), text.join(" ")),
                pause: joined.iter().any(|l| l.pause) || line.pause,
                line: joined.first().map_or(line.line, |l| l.line),
            });
            para_start = None;
            continue;
        }
        if text::is_paragraph_line(&line.text) {
            if para_start.is_none() {
                para_start = Some(out.len());
            }
        } else {
            para_start = None;
        }
        out.push(line.clone());
    }
    out
}

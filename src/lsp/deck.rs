//! A document as lectern reads it: which course it belongs to, its deck
//! model parsed from the editor's text, and where each slide stands.

use std::ops::Range;
use std::path::{Path, PathBuf};

use lectern::config::{parse_course, CourseConfig};
use lectern::deck::Deck;
use lectern::diag::{display_path, Diagnostic};
use lectern::parse::{parse_deck, slide_ranges, DeckContext};

/// What kind of file a document is, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Deck,
    CourseToml,
    ThemeToml,
    Other,
}

pub fn file_kind(path: &Path) -> FileKind {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name == "course.toml" {
        FileKind::CourseToml
    } else if name == "theme.toml" {
        FileKind::ThemeToml
    } else if name.ends_with(".md") && !name.eq_ignore_ascii_case("README.md") {
        FileKind::Deck
    } else {
        FileKind::Other
    }
}

/// The course folder of a deck or `course.toml`: the folder it is in (as
/// `lectern check DECK` reads it); a theme's is two folders up.
pub fn course_root(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new("."));
    if file_kind(path) == FileKind::ThemeToml {
        if let Some(root) = dir.parent().and_then(Path::parent) {
            return root.to_path_buf();
        }
    }
    dir.to_path_buf()
}

/// The course's settings as saved (an open, unsaved `course.toml` is
/// checked as its own document).
pub fn course_config(root: &Path) -> CourseConfig {
    let file = root.join("course.toml");
    match lectern::files::read_bounded(&file, lectern::MAX_DECK_BYTES) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            parse_course(&text, &display_path(&file), &mut Vec::new())
        }
        Err(_) => CourseConfig::default(),
    }
}

/// A deck parsed from the editor's text.
pub struct Parsed {
    pub deck: Option<Deck>,
    pub diagnostics: Vec<Diagnostic>,
    /// How the file is named in diagnostics.
    pub shown: String,
}

pub fn parse(text: &str, path: &Path, config: &CourseConfig) -> Parsed {
    let shown = display_path(path);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let root = course_root(path);
    let ctx = DeckContext {
        file: &shown,
        deck_dir: &root,
        course_root: &root,
        config,
    };
    let mut diagnostics = Vec::new();
    let deck = parse_deck(text.as_bytes(), &stem, &ctx, &mut diagnostics);
    Parsed {
        deck,
        diagnostics,
        shown,
    }
}

/// Where one slide stands in the text (byte offsets into the text as the
/// editor has it, a byte-order mark included).
#[derive(Debug, Clone)]
pub struct SlideSpan {
    /// The slide's content.
    pub slide: Range<usize>,
    /// Its notes after `???`, if any.
    pub notes: Option<Range<usize>>,
}

impl SlideSpan {
    /// Slide and notes together.
    pub fn whole(&self) -> Range<usize> {
        self.slide.start..self.notes.as_ref().map_or(self.slide.end, |n| n.end)
    }
}

pub fn spans(text: &str) -> Vec<SlideSpan> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let shift = |r: Range<usize>| r.start + bom..r.end + bom;
    slide_ranges(text)
        .into_iter()
        .map(|(slide, notes)| SlideSpan {
            slide: shift(slide),
            notes: notes.map(shift),
        })
        .collect()
}

/// The index of the slide whose part holds byte `at` (the `---` line
/// before a slide belongs to the one before it).
pub fn slide_at(spans: &[SlideSpan], at: usize) -> Option<usize> {
    spans.iter().rposition(|s| s.slide.start <= at)
}

/// The byte range of a slide's first heading line, when its first
/// content line is a heading.
pub fn heading_line(text: &str, span: &SlideSpan) -> Option<Range<usize>> {
    let part = &text[span.slide.clone()];
    let skipped = part.len() - part.trim_start().len();
    let start = span.slide.start + skipped;
    let rest = &text[start..span.slide.end];
    rest.starts_with('#').then(|| {
        let end = rest.find('\n').map_or(span.slide.end, |i| start + i);
        start..end
    })
}

/// What a piece of a line refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// An image path (`![alt](path)`, `background=path`), as written.
    Image(String),
    /// A kind class on a heading (`.definition`), without its dot.
    Kind(String),
    /// A heading option (`time`, `lines`, `background`, `incremental`).
    Option(String),
    /// A theme name (`theme = "x"`, `online_theme = "x"`).
    Theme(String),
    /// A settings key at the start of a TOML line.
    Key(String),
}

/// The reference at byte `col` of `line`, with its byte range in the line.
pub fn reference_at(line: &str, col: usize) -> Option<(Reference, Range<usize>)> {
    let mut col = col.min(line.len());
    while !line.is_char_boundary(col) {
        col -= 1;
    }
    image_at(line, col)
        .or_else(|| heading_word_at(line, col))
        .or_else(|| toml_at(line, col))
}

fn image_at(line: &str, col: usize) -> Option<(Reference, Range<usize>)> {
    let mut from = 0;
    while let Some(i) = line[from..].find("](") {
        let start = from + i + 2;
        let end = line[start..]
            .find([')', ' '])
            .map_or(line.len(), |e| start + e);
        if (start..=end).contains(&col) && end > start {
            let path = line[start..end].trim_matches(['<', '>']).to_string();
            return Some((Reference::Image(path), start..end));
        }
        from = start;
    }
    let at = line.find("background=")? + "background=".len();
    let rest = &line[at..];
    let (start, end) = if let Some(quoted) = rest.strip_prefix(['"', '\'']) {
        let close = quoted.find(['"', '\'']).unwrap_or(quoted.len());
        (at + 1, at + 1 + close)
    } else {
        let close = rest.find([' ', '}']).unwrap_or(rest.len());
        (at, at + close)
    };
    ((start..=end).contains(&col) && end > start)
        .then(|| (Reference::Image(line[start..end].to_string()), start..end))
}

/// A `.kind` or `option=` inside a heading's `{…}`.
fn heading_word_at(line: &str, col: usize) -> Option<(Reference, Range<usize>)> {
    if !line.starts_with('#') {
        return None;
    }
    let open = line.rfind('{')?;
    if col <= open {
        return None;
    }
    let inside = &line[open + 1..];
    let close = inside.find('}').map_or(line.len(), |c| open + 1 + c);
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let start = line[..col.min(close)]
        .rfind(|c: char| !is_word(c))
        .map_or(0, |i| i + 1);
    let end = line[start..close]
        .find(|c: char| !is_word(c))
        .map_or(close, |e| start + e);
    if start >= end {
        return None;
    }
    let word = line[start..end].to_string();
    if line[..start].ends_with('.') {
        let r = if word == "incremental" {
            Reference::Option(word)
        } else {
            Reference::Kind(word)
        };
        return Some((r, start - 1..end));
    }
    line[end..]
        .starts_with('=')
        .then_some((Reference::Option(word), start..end))
}

/// `key = "value"` in TOML: the theme named, or the key.
fn toml_at(line: &str, col: usize) -> Option<(Reference, Range<usize>)> {
    let (key, value) = line.split_once('=')?;
    let key_name = key.trim();
    if key_name.is_empty()
        || !key_name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return None;
    }
    let key_start = line.len() - line.trim_start().len();
    if col <= key.len() {
        let range = key_start..key_start + key_name.len();
        return Some((Reference::Key(key_name.to_string()), range));
    }
    if key_name != "theme" && key_name != "online_theme" {
        return None;
    }
    let value_at = key.len() + 1;
    let name = value.trim().trim_matches('"');
    let start = value_at + value.find(name)?;
    Some((
        Reference::Theme(name.to_string()),
        start..start + name.len(),
    ))
}

/// Whether byte `at` is inside the deck's `+++` front matter.
pub fn in_front_matter(text: &str, at: usize) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !text.starts_with("+++") {
        return false;
    }
    let close = text[3..].find("\n+++").map_or(text.len(), |i| i + 3);
    at > 3 && at <= close
}

/// The theme file a name refers to: a course theme's `theme.toml`.
pub fn theme_file(root: &Path, name: &str) -> Option<PathBuf> {
    if !lectern::theme::is_name(name) {
        return None;
    }
    let file = root.join("themes").join(name).join("theme.toml");
    file.is_file().then_some(file)
}

/// An image path as written, resolved in the course (`None` for a URL,
/// an absolute path or one leading out of the course).
pub fn image_file(root: &Path, written: &str) -> Option<PathBuf> {
    let decoded = lectern::parse::percent_decode(written);
    let path = Path::new(&decoded);
    let inside = !written.contains("://")
        && path.is_relative()
        && path.components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        });
    inside.then(|| root.join(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_under_the_cursor() {
        let image = "Zie ![kaart](assets/map.png){width=50%} hier";
        assert_eq!(
            reference_at(image, 15),
            Some((Reference::Image("assets/map.png".into()), 13..27))
        );
        let heading = "## Definitie {.definition time=5}";
        assert_eq!(
            reference_at(heading, 17).map(|r| r.0),
            Some(Reference::Kind("definition".into()))
        );
        assert_eq!(
            reference_at(heading, 28).map(|r| r.0),
            Some(Reference::Option("time".into()))
        );
        assert_eq!(
            reference_at("theme = \"projector\"", 12).map(|r| r.0),
            Some(Reference::Theme("projector".into()))
        );
        assert_eq!(
            reference_at("session = 3", 2).map(|r| r.0),
            Some(Reference::Key("session".into()))
        );
        assert_eq!(reference_at("plain words", 3), None);
        assert_eq!(image_file(Path::new("/c"), "../x.png"), None);
    }
}

//! A slide's first heading: its `{.kind key=value}` attributes, read into
//! the slide's kind, planned time, writing lines and background.

use pulldown_cmark::CowStr;
use std::ops::Range;

use crate::deck::{Image, Inline, Slide, SlideKind};
use crate::diag::{Diagnostic, LineIndex, Pos};

/// A slide's first heading: its title, its attributes and the picture its
/// `background=` names.
pub(super) struct FirstHeading {
    pub title: Vec<Inline>,
    pub attrs: HeadingAttrs,
    pub background: Option<Image>,
}

/// The first heading's `{.kind key=value}` attributes, with where they stand.
pub(super) struct HeadingAttrs {
    pub classes: Vec<String>,
    pub attrs: Vec<(String, Option<String>)>,
    pub range: Range<usize>,
}

impl HeadingAttrs {
    /// A heading's classes and attributes as pulldown-cmark reads them;
    /// `range` is where the heading stands in the file.
    pub(super) fn new(
        classes: &[CowStr],
        attrs: &[(CowStr, Option<CowStr>)],
        range: Range<usize>,
    ) -> Self {
        HeadingAttrs {
            classes: classes
                .iter()
                .map(std::string::ToString::to_string)
                .collect(),
            attrs: attrs
                .iter()
                .map(|(k, v)| {
                    (
                        k.to_string(),
                        v.as_ref().map(std::string::ToString::to_string),
                    )
                })
                .collect(),
            range,
        }
    }

    /// The picture `background=` names (a quoted path whole), with the file
    /// offset and length of what names it.
    pub(super) fn background(&self, text: &str) -> Option<(String, usize, usize)> {
        let (_, Some(src)) = self.attrs.iter().find(|(k, _)| k == "background")? else {
            return None;
        };
        let heading = &text[self.range.clone()];
        let at = heading.rfind("background=").unwrap_or(0);
        // `background="assets/a b.jpg"`: the quoted path whole.
        let src = quoted_background(heading).unwrap_or_else(|| src.clone());
        let len = "background=".len() + src.len();
        Some((src, self.range.start + at, len))
    }
}

/// The options a slide's first heading takes: the name, how it is
/// written, and what it does. The one list the parser's help and the
/// language server's completion and hover read.
pub const SLIDE_OPTIONS: [(&str, &str, &str); 4] = [
    ("time", "time=MINUTES", "planned minutes for this slide (`time=5`, `time=2.5`), used by the presenter's pacing and the session's running total"),
    ("lines", "lines=N", "writing lines after the slide in the workbook (`lines=12`, at most 60; assignments get 10 by default)"),
    ("background", "background=IMAGE", "a picture behind the whole slide, under a scrim (`background=assets/photo.jpg`); projected outputs only"),
    ("incremental", ".incremental", "top-level list items are revealed one at a time"),
];

/// What a slide kind is for and how it looks (docs/deck-format.md), for
/// the language server's hover and completion.
pub fn kind_description(kind: SlideKind) -> &'static str {
    match kind {
        SlideKind::Title => "the session's opening slide: a large centred title",
        SlideKind::Section => "a new part of the session: a divider slide",
        SlideKind::Definition => "a definition to remember: a framed card with a label",
        SlideKind::List => "a plain list to project, bulleted",
        SlideKind::Agreements => "group agreements: numbered, roomy",
        SlideKind::Statements => {
            "several statements side by side: each top-level list item is a card"
        }
        SlideKind::Exercise => "a group exercise and its questions, with a label",
        SlideKind::Assignment => {
            "a home assignment: a label, and ruled writing lines in the workbook"
        }
        SlideKind::Recap => "a recap: a check-mark list",
        SlideKind::Video => {
            "a video link: a click-to-load player; title, link and QR code in the PDFs"
        }
        SlideKind::Discussion => "open questions for a discussion: a speech-bubble label",
        SlideKind::Plain => "anything else (the default kind)",
    }
}

/// The heading in the file, to point a diagnostic at one of its attributes.
struct Spot<'t> {
    heading: &'t str,
    start: usize,
    idx: &'t LineIndex<'t>,
    file: &'t str,
}

impl Spot<'_> {
    /// Where `needle` stands in the heading (its last occurrence).
    fn pos(&self, needle: &str) -> Pos {
        let at = self
            .heading
            .rfind(needle)
            .map_or(self.start, |o| self.start + o);
        self.idx.pos(at)
    }

    fn report(&self, diags: &mut Vec<Diagnostic>, d: Diagnostic) {
        diags.push(self.idx.annotate(d));
    }
}

/// Applies kind and options. Returns whether a kind was given.
pub(super) fn apply_heading_attrs(
    slide: &mut Slide,
    h: HeadingAttrs,
    text: &str,
    idx: &LineIndex,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let spot = Spot {
        heading: &text[h.range.clone()],
        start: h.range.start,
        idx,
        file,
    };
    let kind = slide_kind(&h.classes, &spot, diags);
    if let Some(k) = kind {
        slide.kind = k;
    }
    // Words of a quoted `background="a b.jpg"` are its path, not options.
    let quoted = quoted_background(spot.heading);
    for (key, value) in &h.attrs {
        if key != "background"
            && quoted
                .as_ref()
                .is_some_and(|q| q.contains(key.trim_end_matches(['"', '\''])))
        {
            continue;
        }
        apply_option(slide, key, value.as_deref().unwrap_or(""), &spot, diags);
    }
    kind.is_some()
}

/// The kind the classes name (the last one); unknown and second kinds are
/// errors.
fn slide_kind(classes: &[String], spot: &Spot, diags: &mut Vec<Diagnostic>) -> Option<SlideKind> {
    let mut kind: Option<SlideKind> = None;
    for class in classes {
        if class == "incremental" {
            continue;
        }
        let at = spot.pos(&format!(".{class}"));
        if let Some(k) = SlideKind::from_name(class) {
            if let Some(prev) = kind {
                spot.report(
                    diags,
                    Diagnostic::error(
                        spot.file,
                        at,
                        format!(
                            "a slide has one kind, but this one says `{}` and `{class}`",
                            prev.name()
                        ),
                    )
                    .with_len(class.len() + 1)
                    .with_help("keep one kind class on the heading"),
                );
            }
            kind = Some(k);
        } else {
            spot.report(
                diags,
                Diagnostic::error(spot.file, at, format!("unknown slide kind `.{class}`"))
                    .with_len(class.len() + 1)
                    .with_help(kind_help(class)),
            );
        }
    }
    kind
}

/// The slide kinds, led by the one an unknown class was likely meant to be.
fn kind_help(class: &str) -> String {
    let names: Vec<_> = SlideKind::ALL.iter().map(|k| k.name()).collect();
    match closest(class, &names) {
        Some(near) => format!("did you mean `.{near}`? slide kinds: {}", names.join(", ")),
        None => format!(
            "slide kinds: {} (and the option `.incremental`)",
            names.join(", ")
        ),
    }
}

/// One `key=value` option of the heading.
fn apply_option(
    slide: &mut Slide,
    key: &str,
    value: &str,
    spot: &Spot,
    diags: &mut Vec<Diagnostic>,
) {
    let (at, file) = (spot.pos(&format!("{key}=")), spot.file);
    let problem = match key {
        "time" => match parse_minutes(value) {
            Some(t) => {
                slide.time = Some(t);
                return;
            }
            None => Diagnostic::error(
                file,
                at,
                format!("`time={value}` is not a number of minutes"),
            )
            .with_len(key.len() + 1 + value.len())
            .with_help("write the planned minutes, e.g. time=5 or time=2.5"),
        },
        "lines" => match parse_lines(value) {
            Some(n) => {
                slide.lines = Some(n);
                return;
            }
            None => Diagnostic::error(
                file,
                at,
                format!("`lines={value}` is not a number of lines"),
            )
            .with_len(key.len() + 1 + value.len())
            .with_help(
                "write how many writing lines the workbook gets, e.g. lines=12 (at most 60)",
            ),
        },
        // Read with the blocks, where images are resolved.
        "background" if !value.is_empty() => return,
        "background" => Diagnostic::warning(file, at, "`background=` names no image")
            .with_len(key.len() + 1)
            .with_help(
                "write the picture's path after it, e.g. background=assets/photo.jpg (no spaces)",
            ),
        _ => Diagnostic::warning(file, at, format!("unknown slide option `{key}`"))
            .with_len(key.len())
            .with_help(format!(
                "slide options: {}",
                SLIDE_OPTIONS.map(|(_, written, _)| written).join(", ")
            )),
    };
    spot.report(diags, problem);
}

/// The path of a heading's `background="…"` written in quotes.
fn quoted_background(heading: &str) -> Option<String> {
    let at = heading.rfind("background=")?;
    let rest = &heading[at + "background=".len()..];
    let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let end = rest[1..].find(q)?;
    Some(rest[1..=end].to_string())
}

/// `time=5`, `time=2.5` or `time=2,5`: planned minutes, more than zero.
fn parse_minutes(value: &str) -> Option<f64> {
    value
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|t| *t > 0.0 && t.is_finite())
}

/// `lines=12`: writing lines in the workbook, at most 60.
fn parse_lines(value: &str) -> Option<u32> {
    value.parse::<u32>().ok().filter(|n| *n <= 60)
}

/// The candidate within edit distance 2, for "did you mean".
fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_for_test;

    #[test]
    fn heading_attributes_set_kind_time_and_lines() {
        for (md, kind, time, lines, problem) in [
            ("# A {.definition}", SlideKind::Definition, None, None, None),
            (
                "# A {.exercise time=5}",
                SlideKind::Exercise,
                Some(5.0),
                None,
                None,
            ),
            ("# A {time=2,5}", SlideKind::Plain, Some(2.5), None, None),
            (
                "# A {.assignment lines=12}",
                SlideKind::Assignment,
                None,
                Some(12),
                None,
            ),
            (
                "# A {.defintion}",
                SlideKind::Plain,
                None,
                None,
                Some("did you mean `.definition`?"),
            ),
            (
                "# A {.list .recap}",
                SlideKind::Recap,
                None,
                None,
                Some("one kind"),
            ),
            (
                "# A {time=soon}",
                SlideKind::Plain,
                None,
                None,
                Some("not a number of minutes"),
            ),
            (
                "# A {time=0}",
                SlideKind::Plain,
                None,
                None,
                Some("not a number of minutes"),
            ),
            (
                "# A {lines=61}",
                SlideKind::Plain,
                None,
                None,
                Some("not a number of lines"),
            ),
            (
                "# A {colour=red}",
                SlideKind::Plain,
                None,
                None,
                Some("unknown slide option"),
            ),
            (
                "# A {.incremental}\n\n- a\n- b",
                SlideKind::Plain,
                None,
                None,
                None,
            ),
        ] {
            let (deck, diags) = parse_for_test(md);
            let s = &deck.slides[0];
            assert_eq!((s.kind, s.time, s.lines), (kind, time, lines), "{md}");
            match problem {
                Some(p) => assert!(
                    diags.iter().any(|d| d.message.contains(p)
                        || d.help.as_deref().is_some_and(|h| h.contains(p))),
                    "{md}: {diags:?}"
                ),
                None => assert!(diags.is_empty(), "{md}: {diags:?}"),
            }
        }
    }

    #[test]
    fn attribute_diagnostics_point_at_the_attribute() {
        let (_, diags) = parse_for_test("# A {.list time=x}");
        let d = diags
            .iter()
            .find(|d| d.message.contains("time=x"))
            .expect("a diagnostic");
        // Line 4: three lines of front matter come first.
        assert_eq!((d.pos.line, d.pos.col), (4, 12));
    }

    #[test]
    fn durations_are_minutes_and_lines_are_bounded() {
        for (value, minutes) in [
            ("5", Some(5.0)),
            ("2.5", Some(2.5)),
            ("2,5", Some(2.5)),
            ("0", None),
            ("-1", None),
            ("inf", None),
            ("NaN", None),
            ("", None),
        ] {
            assert_eq!(parse_minutes(value), minutes, "{value:?}");
        }
        for (value, lines) in [
            ("0", Some(0)),
            ("60", Some(60)),
            ("61", None),
            ("-1", None),
            ("x", None),
        ] {
            assert_eq!(parse_lines(value), lines, "{value:?}");
        }
    }

    #[test]
    fn did_you_mean_stays_within_two_edits() {
        let names = ["definition", "list", "recap"];
        for (word, near) in [
            ("defintion", Some("definition")),
            ("lst", Some("list")),
            ("recapp", Some("recap")),
            ("banana", None),
        ] {
            assert_eq!(closest(word, &names), near, "{word}");
        }
    }
}

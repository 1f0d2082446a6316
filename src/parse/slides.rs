//! Slides: splitting the body at `---` and `???`, and the first heading's
//! `{.kind time=… lines=…}` attributes.

use std::ops::Range;

use super::blocks::BlockBuilder;
use super::context::DeckContext;
use super::lines::{line_ranges, CodeFences};
use crate::deck::{Block, BlockBody, Slide, SlideKind};
use crate::diag::{Diagnostic, LineIndex};

pub(super) struct Chunk {
    pub slide: Range<usize>,
    pub notes: Option<Range<usize>>,
}

/// Whether a line is text a setext underline can turn into a heading: not
/// blank and not another construct (heading, list item, quote, fence, table,
/// notes marker, HTML).
fn is_paragraph_line(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || line.starts_with("    ") || line.starts_with('\t') {
        return false;
    }
    let ordered = t.split_once(['.', ')']).is_some_and(|(n, rest)| {
        !n.is_empty()
            && n.len() <= 9
            && n.bytes().all(|b| b.is_ascii_digit())
            && (rest.is_empty() || rest.starts_with(' '))
    });
    let bullet = t.len() >= 2 && t.starts_with(['-', '*', '+']) && t[1..].starts_with(' ');
    !(ordered
        || bullet
        || t.starts_with(['#', '>', '|', '<', '`', '~'])
        || t == "???"
        || t == "-"
        || t.chars().all(|c| c == '-' || c == '=' || c == ' '))
}

/// Splits the body into slides (`---`) and notes (`???`), ignoring both inside code fences.
pub(super) fn split_slides(text: &str, body_start: usize) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut slide_start = body_start;
    let mut notes_start: Option<usize> = None;
    let mut slide_end = None;
    let mut code = CodeFences::default();
    let mut last_line = "";
    for r in line_ranges(text, body_start) {
        let line = &text[r.clone()];
        let previous = std::mem::replace(&mut last_line, line.trim_end());
        if code.is_code(line) {
            continue;
        }
        match line.trim_end() {
            // `Title` over `---` is a setext heading in CommonMark, not a
            // slide break (write a blank line before `---` for a break).
            "---" if is_paragraph_line(previous) => {}
            "---" => {
                chunks.push(Chunk {
                    slide: slide_start..slide_end.unwrap_or(r.start),
                    notes: notes_start.map(|n| n..r.start),
                });
                slide_start = r.end;
                notes_start = None;
                slide_end = None;
            }
            "???" if notes_start.is_none() => {
                slide_end = Some(r.start);
                notes_start = Some(r.end);
            }
            _ => {}
        }
    }
    chunks.push(Chunk {
        slide: slide_start..slide_end.unwrap_or(text.len()),
        notes: notes_start.map(|n| n..text.len()),
    });
    chunks
}

pub(super) fn parse_slide(
    text: &str,
    chunk: &Chunk,
    number: usize,
    idx: &LineIndex,
    ctx: &DeckContext,
    diags: &mut Vec<Diagnostic>,
) -> Slide {
    let src = &text[chunk.slide.clone()];
    let first_content = src.len() - src.trim_start().len();
    let pos = idx.pos(chunk.slide.start + first_content);

    let mut b = BlockBuilder::new(text, chunk.slide.clone(), idx, ctx, diags, true);
    let blocks = footnotes_last(b.all_blocks());
    let (title, heading) = (b.title.take(), b.title_attrs.take());
    let background = b.background.take();
    let steps = b.max_step;
    drop(b);

    let notes = match &chunk.notes {
        Some(range) => footnotes_last(
            BlockBuilder::new(text, range.clone(), idx, ctx, diags, false).all_blocks(),
        ),
        None => Vec::new(),
    };

    let mut slide = Slide {
        number,
        kind: SlideKind::Plain,
        title: title.unwrap_or_default(),
        blocks,
        notes,
        time: None,
        lines: None,
        steps,
        background,
        pos,
    };
    let explicit_kind =
        heading.is_some_and(|h| apply_heading_attrs(&mut slide, h, text, idx, ctx.file, diags));
    if !explicit_kind
        && slide
            .blocks
            .iter()
            .any(|b| matches!(b.body, BlockBody::Video(_)))
    {
        slide.kind = SlideKind::Video;
    }
    if slide.kind == SlideKind::Video
        && !slide
            .blocks
            .iter()
            .any(|b| matches!(b.body, BlockBody::Video(_)))
    {
        diags.push(
            idx.annotate(
                Diagnostic::warning(ctx.file, pos, "a video slide without a video link")
                    .with_help("put the video's URL alone on a line of its own"),
            ),
        );
    }
    if slide.title.is_empty() && slide.blocks.is_empty() {
        diags.push(
            idx.annotate(
                Diagnostic::warning(ctx.file, pos, "this slide shows nothing (only notes)")
                    .with_help("give it a heading, or move the notes to the slide before it"),
            ),
        );
    }
    slide
}

/// Footnotes go to the bottom of their slide (and of its section in the
/// workbook), in the order of their numbers, wherever they were written.
fn footnotes_last(blocks: Vec<Block>) -> Vec<Block> {
    let (mut notes, mut rest): (Vec<Block>, Vec<Block>) = blocks
        .into_iter()
        .partition(|b| matches!(b.body, BlockBody::Footnote { .. }));
    notes.sort_by_key(|b| match b.body {
        BlockBody::Footnote { number, .. } => number,
        _ => 0,
    });
    rest.extend(notes);
    rest
}

/// The first heading's `{.kind key=value}` attributes, with where they stand.
pub(super) struct HeadingAttrs {
    pub classes: Vec<String>,
    pub attrs: Vec<(String, Option<String>)>,
    pub range: Range<usize>,
}

/// Applies kind and options. Returns whether a kind was given.
fn apply_heading_attrs(
    slide: &mut Slide,
    h: HeadingAttrs,
    text: &str,
    idx: &LineIndex,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let heading_src = &text[h.range.clone()];
    let find = |needle: &str| {
        let at = heading_src
            .rfind(needle)
            .map_or(h.range.start, |o| h.range.start + o);
        idx.pos(at)
    };
    let mut kind: Option<SlideKind> = None;
    for class in &h.classes {
        if class == "incremental" {
            continue;
        }
        if let Some(k) = SlideKind::from_name(class) {
            if let Some(prev) = kind {
                diags.push(
                    idx.annotate(
                        Diagnostic::error(
                            file,
                            find(&format!(".{class}")),
                            format!(
                                "a slide has one kind, but this one says `{}` and `{class}`",
                                prev.name()
                            ),
                        )
                        .with_len(class.len() + 1)
                        .with_help("keep one kind class on the heading"),
                    ),
                );
            }
            kind = Some(k);
        } else {
            let names: Vec<_> = SlideKind::ALL.iter().map(|k| k.name()).collect();
            let help = match closest(class, &names) {
                Some(near) => {
                    format!("did you mean `.{near}`? slide kinds: {}", names.join(", "))
                }
                None => format!(
                    "slide kinds: {} (and the option `.incremental`)",
                    names.join(", ")
                ),
            };
            diags.push(
                idx.annotate(
                    Diagnostic::error(
                        file,
                        find(&format!(".{class}")),
                        format!("unknown slide kind `.{class}`"),
                    )
                    .with_len(class.len() + 1)
                    .with_help(help),
                ),
            );
        }
    }
    if let Some(k) = kind {
        slide.kind = k;
    }
    // Words of a quoted `background="a b.jpg"` are its path, not options.
    let quoted = quoted_background(heading_src);
    for (key, value) in &h.attrs {
        if key != "background"
            && quoted
                .as_ref()
                .is_some_and(|q| q.contains(key.trim_end_matches(['"', '\''])))
        {
            continue;
        }
        let at = find(&format!("{key}="));
        let value = value.as_deref().unwrap_or("");
        match key.as_str() {
            "time" => match parse_minutes(value) {
                Some(t) => slide.time = Some(t),
                None => diags.push(idx.annotate(
                    Diagnostic::error(file, at, format!("`time={value}` is not a number of minutes"))
                        .with_len(key.len() + 1 + value.len())
                        .with_help("write the planned minutes, e.g. time=5 or time=2.5"),
                )),
            },
            "lines" => match parse_lines(value) {
                Some(n) => slide.lines = Some(n),
                None => diags.push(idx.annotate(
                    Diagnostic::error(file, at, format!("`lines={value}` is not a number of lines"))
                        .with_len(key.len() + 1 + value.len())
                        .with_help("write how many writing lines the workbook gets, e.g. lines=12 (at most 60)"),
                )),
            },
            // Read with the blocks, where images are resolved.
            "background" if !value.is_empty() => {}
            "background" => diags.push(idx.annotate(
                Diagnostic::warning(file, at, "`background=` names no image")
                    .with_len(key.len() + 1)
                    .with_help("write the picture's path after it, e.g. background=assets/photo.jpg (no spaces)"),
            )),
            _ => diags.push(idx.annotate(
                Diagnostic::warning(file, at, format!("unknown slide option `{key}`"))
                    .with_len(key.len())
                    .with_help("slide options: time=MINUTES, lines=N, background=IMAGE, .incremental"),
            )),
        }
    }
    kind.is_some()
}

/// The path of a heading's `background="…"` written in quotes.
pub(super) fn quoted_background(heading: &str) -> Option<String> {
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
    fn slides_break_at_rules_but_not_under_a_setext_heading() {
        for (text, slides) in [
            ("a\n\n---\n\nb\n", 2),
            ("Title\n---\n\nbody\n", 1),
            ("- item\n---\nb\n", 2),
            ("1. item\n---\nb\n", 2),
            ("# Heading\n---\nb\n", 2),
            ("```\n---\n```\n", 1),
            ("~~~~\n---\n~~~\n---\n~~~~\n", 1),
            ("text\n```\ncode\n```\n---\nb\n", 2),
            ("a\n\n---\n---\nb\n", 3),
            ("a\n???\nnotes\n\n---\nb\n", 2),
            ("a\n\n--- \n\nb\n", 2),
            ("a\n\n----\n\nb\n", 1),
            ("> quote\n---\nb\n", 2),
        ] {
            assert_eq!(split_slides(text, 0).len(), slides, "{text:?}");
        }
    }

    #[test]
    fn notes_start_at_the_first_marker() {
        for (text, slide, notes) in [
            (
                "slide\n???\nnote\n???\nmore\n",
                "slide\n",
                Some("note\n???\nmore\n"),
            ),
            ("slide\n", "slide\n", None),
            ("```\n???\n```\n", "```\n???\n```\n", None),
        ] {
            let chunks = split_slides(text, 0);
            assert_eq!(&text[chunks[0].slide.clone()], slide, "{text:?}");
            assert_eq!(chunks[0].notes.clone().map(|n| &text[n]), notes, "{text:?}");
        }
    }

    #[test]
    fn paragraph_lines_are_the_ones_a_setext_underline_takes() {
        for (line, paragraph) in [
            ("Title", true),
            ("", false),
            ("    code", false),
            ("- item", false),
            ("12. item", false),
            ("2024. A year", false),
            ("# heading", false),
            ("> quote", false),
            ("| table |", false),
            ("???", false),
            ("===", false),
            ("-dash", true),
            ("1.5 liter", true),
        ] {
            assert_eq!(is_paragraph_line(line), paragraph, "{line:?}");
        }
    }

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
    fn incremental_lists_reveal_one_item_per_step() {
        let (deck, _) = parse_for_test("# A {.incremental}\n\n- a\n- b\n- c\n");
        assert_eq!(deck.slides[0].steps, 3);
        let (deck, _) = parse_for_test("# A\n\none\n\n. . .\n\ntwo\n");
        assert_eq!(deck.slides[0].steps, 1);
        assert_eq!(deck.slides[0].blocks[1].step, 1);
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

//! Slides: splitting the body at `---` and `???`, and each slide made of
//! its blocks, its notes and its first heading's attributes.

use std::ops::Range;

use super::builder::BlockBuilder;
use super::context::DeckContext;
use super::heading::apply_heading_attrs;
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

/// One slide: its blocks, its notes, and what its first heading says.
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

    let body = BlockBuilder::slide(text, chunk.slide.clone(), idx, ctx, diags);
    let notes = match &chunk.notes {
        Some(range) => footnotes_last(BlockBuilder::notes(text, range.clone(), idx, ctx, diags)),
        None => Vec::new(),
    };
    let (title, heading, background) = match body.heading {
        Some(h) => (h.title, Some(h.attrs), h.background),
        None => (Vec::new(), None, None),
    };
    let mut slide = Slide {
        number,
        kind: SlideKind::Plain,
        title,
        blocks: footnotes_last(body.blocks),
        notes,
        time: None,
        lines: None,
        steps: body.steps,
        background,
        pos,
    };
    let explicit_kind =
        heading.is_some_and(|h| apply_heading_attrs(&mut slide, h, text, idx, ctx.file, diags));
    let has_video = slide
        .blocks
        .iter()
        .any(|b| matches!(b.body, BlockBody::Video(_)));
    if !explicit_kind && has_video {
        slide.kind = SlideKind::Video;
    }
    let warn = |diags: &mut Vec<Diagnostic>, message: &str, help: &str| {
        diags.push(idx.annotate(Diagnostic::warning(ctx.file, pos, message).with_help(help)));
    };
    if slide.kind == SlideKind::Video && !has_video {
        warn(
            diags,
            "a video slide without a video link",
            "put the video's URL alone on a line of its own",
        );
    }
    if slide.title.is_empty() && slide.blocks.is_empty() {
        warn(
            diags,
            "this slide shows nothing (only notes)",
            "give it a heading, or move the notes to the slide before it",
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
    fn incremental_lists_reveal_one_item_per_step() {
        let (deck, _) = parse_for_test("# A {.incremental}\n\n- a\n- b\n- c\n");
        assert_eq!(deck.slides[0].steps, 3);
        let (deck, _) = parse_for_test("# A\n\none\n\n. . .\n\ntwo\n");
        assert_eq!(deck.slides[0].steps, 1);
        assert_eq!(deck.slides[0].blocks[1].step, 1);
    }
}

//! Markdown → deck model. The only module that knows pulldown-cmark.
//!
//! A deck is split into slides at lines holding only `---` and into slide and
//! notes at a line holding only `???` (both outside code fences) before
//! Markdown parsing, so a setext heading or a thematic break can never be
//! mistaken for a slide break. Each part is parsed with byte offsets that
//! point back into the whole file, so every diagnostic names `line:col`.
//!
//! One file per concern, in layers: a file imports only files below it
//! (never one that imports it back). The arrows, test modules aside:
//!
//! - `mod` (a deck: bytes, limits, empty slides) → `front_matter`,
//!   `slides`, `context`, `media` (re-exports), `limits` (what one slide
//!   may ask of the layout); it declares `math`,
//!   public for the rest of the crate
//! - `front_matter` (the `+++` TOML) → `lines`
//! - `slides` (splitting at `---`/`???`, one slide) → `builder`,
//!   `heading`, `lines`, `context`
//! - `builder` (the block builder: its state, the event loop, one small
//!   method per element) → `blocks`, `inline`, `media`, `heading`,
//!   `divs`, `context`
//! - `blocks` (block pieces; footnote and step numbers) → `context`
//! - `inline` (text, links, image widths, formulas) → `divs`, `media`,
//!   `math`
//! - `media` (images, videos, links) → `context`
//! - `divs` (`::: columns` fences) → `lines`
//! - `math` (LaTeX → Typst) → `math/tables` (the names it knows)
//! - `heading` (the first heading's attributes), `lines` (lines and code
//!   fences), `context` (where the deck lives, Markdown options, nesting
//!   limits), `math/tables`: none

mod blocks;
mod builder;
mod context;
mod divs;
mod front_matter;
mod heading;
mod inline;
pub mod limits;
mod lines;
pub mod math;
mod media;
mod slides;

use crate::config::FrontMatter;
use crate::deck::{Block, BlockBody, Deck, Mode, Slide};
use crate::diag::Pos;
use crate::diag::{Diagnostic, LineIndex};

pub use context::DeckContext;
pub use heading::{kind_description, SLIDE_OPTIONS};
pub use media::{check_link, embed_url, percent_decode, short_url};

use front_matter::split_front_matter;
use slides::{parse_slide, split_slides, Chunk};

/// Parses one deck file. Returns `None` only when the bytes are not text at
/// all; otherwise a model is returned alongside any diagnostics.
pub fn parse_deck(
    bytes: &[u8],
    stem: &str,
    ctx: &DeckContext,
    diags: &mut Vec<Diagnostic>,
) -> Option<Deck> {
    let text = decode(bytes, ctx.file, diags)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let idx = LineIndex::new(text);
    let (front, body_start) = split_front_matter(text, &idx, ctx.file, diags);
    let front = front.unwrap_or_else(|| FrontMatter {
        title: stem.to_string(),
        session: None,
        session_pos: Pos { line: 1, col: 1 },
        mode: Mode::F2f,
        duration: None,
        theme: None,
        fillable: None,
    });

    let chunks = split_slides(text, body_start);
    if let Some(extra) = chunks.get(MAX_SLIDES) {
        diags.push(idx.annotate(
            Diagnostic::error(ctx.file, opening_line(extra, &idx), format!("the deck has more than {MAX_SLIDES} slides"))
                .with_help("split it into several decks (one per session); a deck this long cannot be presented or fitted in reasonable time"),
        ));
        return None;
    }
    let slides = parse_slides(text, &chunks, &idx, ctx, diags)?;
    if slides.is_empty() {
        diags.push(Diagnostic::warning(
            ctx.file,
            idx.pos(body_start),
            "the deck has no slides",
        ));
    }

    Some(Deck {
        file: ctx.file.to_string(),
        stem: stem.to_string(),
        title: front.title,
        session: front.session,
        session_pos: front.session_pos,
        mode: front.mode,
        duration: front.duration.unwrap_or(ctx.config.duration),
        theme: front.theme,
        fillable: front
            .fillable
            .or(ctx.config.fillable)
            .unwrap_or(front.mode == crate::deck::Mode::Online),
        slides,
    })
}

/// Where a deck's slides stand in its text: the byte ranges of each
/// slide's content and of its notes (after `???`), in slide order, empty
/// parts left out as the parser leaves them out; the offsets are into
/// `text` without a leading byte-order mark. The parser's own splitting,
/// for editors (outline, folding, merging two slides).
pub fn slide_ranges(text: &str) -> Vec<(std::ops::Range<usize>, Option<std::ops::Range<usize>>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let idx = LineIndex::new(text);
    let (_, body_start) = split_front_matter(text, &idx, "", &mut Vec::new());
    split_slides(text, body_start)
        .into_iter()
        .filter(|chunk| !is_empty(text, chunk))
        .map(|chunk| (chunk.slide, chunk.notes))
        .collect()
}

/// The slides of the deck's parts, empty ones left out (with a warning).
/// `None` when the deck holds more blocks than lectern reads.
fn parse_slides(
    text: &str,
    chunks: &[Chunk],
    idx: &LineIndex,
    ctx: &DeckContext,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Slide>> {
    let mut slides = Vec::new();
    let mut blocks = 0;
    let mut formulas = 0;
    for (i, chunk) in chunks.iter().enumerate() {
        if is_empty(text, chunk) {
            // A `---` right after the front matter (Marp habit) is not a slide.
            if !(i == 0 && chunks.len() > 1) {
                diags.push(
                    idx.annotate(
                        Diagnostic::warning(ctx.file, opening_line(chunk, idx), "empty slide")
                            .with_help("remove the extra `---` line, or add content"),
                    ),
                );
            }
            continue;
        }
        let slide = parse_slide(text, chunk, slides.len() + 1, idx, ctx, diags);
        let weight = limits::Weight::of(&slide);
        if let Some((what, help)) = weight.excess(&slide) {
            diags.push(
                idx.annotate(
                    Diagnostic::error(
                        ctx.file,
                        slide.pos,
                        format!("slide {}: {what}", slide.number),
                    )
                    .with_help(help),
                ),
            );
            return None;
        }
        formulas += weight.formulas;
        if formulas > limits::MAX_FORMULAS {
            diags.push(
                idx.annotate(
                    Diagnostic::error(
                        ctx.file,
                        slide.pos,
                        format!(
                            "the deck has more than {} formulas (reached on this slide)",
                            limits::MAX_FORMULAS
                        ),
                    )
                    .with_help("split it into several decks; each formula is set by Typst"),
                ),
            );
            return None;
        }
        blocks += count_blocks(&slide.blocks) + count_blocks(&slide.notes);
        if blocks > MAX_BLOCKS {
            diags.push(idx.annotate(
                Diagnostic::error(ctx.file, slide.pos, format!("the deck has more than {MAX_BLOCKS} paragraphs, list items and other blocks (reached on this slide)"))
                    .with_help("split it into several decks; lectern bounds the work one deck can cause"),
            ));
            return None;
        }
        slides.push(slide);
    }
    Some(slides)
}

/// A part with neither slide content nor notes.
fn is_empty(text: &str, chunk: &Chunk) -> bool {
    let notes_empty = chunk
        .notes
        .as_ref()
        .is_none_or(|n| text[n.clone()].trim().is_empty());
    text[chunk.slide.clone()].trim().is_empty() && notes_empty
}

/// The `---` line that opened a part.
fn opening_line(chunk: &Chunk, idx: &LineIndex) -> Pos {
    Pos {
        line: idx.pos(chunk.slide.start.saturating_sub(1)).line,
        col: 1,
    }
}

/// Most slides one deck may have (a 12-session course has about 200 in all).
pub const MAX_SLIDES: usize = 1500;
/// Most blocks (paragraphs, list items, …) in one deck's slides and notes:
/// fitting measures each, so this bounds a build's time and memory.
pub const MAX_BLOCKS: usize = 20_000;

fn count_blocks(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| {
            1 + match &b.body {
                BlockBody::List { items, .. } => {
                    items.iter().map(|i| 1 + count_blocks(&i.blocks)).sum()
                }
                BlockBody::Quote { blocks, .. } | BlockBody::Footnote { blocks, .. } => {
                    count_blocks(blocks)
                }
                BlockBody::Table { rows, .. } => rows.len(),
                BlockBody::Columns { columns } => {
                    columns.iter().map(|c| count_blocks(&c.blocks)).sum()
                }
                _ => 0,
            }
        })
        .sum()
}

fn decode<'a>(bytes: &'a [u8], file: &str, diags: &mut Vec<Diagnostic>) -> Option<&'a str> {
    match std::str::from_utf8(bytes) {
        Ok(t) if t.contains('\0') => {
            let at = t.find('\0').unwrap_or(0);
            let pos = LineIndex::new(t).pos(at);
            diags.push(
                Diagnostic::error(file, pos, "this is a binary file, not a Markdown deck")
                    .with_help(
                    "a deck is a plain-text `.md` file; move other files out of the course folder",
                ),
            );
            None
        }
        Ok(t) => Some(t),
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
            let pos = LineIndex::new(valid).pos(valid.len());
            diags.push(
                Diagnostic::error(
                    file,
                    pos,
                    format!(
                        "the file is not UTF-8 text (byte 0x{:02x})",
                        bytes[e.valid_up_to()]
                    ),
                )
                .with_help(
                    "save the file with UTF-8 encoding (most editors: \"Save with encoding\")",
                ),
            );
            None
        }
    }
}

/// Parses Markdown given as a string, as a deck in a course folder of its
/// own, for the unit tests of this module's parts.
#[cfg(test)]
pub(crate) fn parse_for_test(md: &str) -> (Deck, Vec<Diagnostic>) {
    let dir = std::env::temp_dir().join(format!("lectern-parse-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let config = crate::config::CourseConfig::default();
    let ctx = DeckContext {
        file: "deck.md",
        deck_dir: &dir,
        course_root: &dir,
        config: &config,
    };
    let text = format!("+++\ntitle = \"T\"\n+++\n{md}");
    let mut diags = Vec::new();
    let deck = parse_deck(text.as_bytes(), "deck", &ctx, &mut diags).expect("a deck");
    (deck, diags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CourseConfig;

    #[test]
    fn decks_are_refused_or_parsed_by_their_bytes() {
        for (bytes, ok, message) in [
            (&b"+++\ntitle = \"x\"\n+++\n# A\n"[..], true, None),
            (b"# A\n\0\n", false, Some("binary file")),
            (b"# A \xff\n", false, Some("not UTF-8")),
            (b"# A\n", true, Some("no front matter")),
            (b"---\ntitle: x\n---\n# A\n", true, Some("no front matter")),
        ] {
            let dir = std::env::temp_dir();
            let config = CourseConfig::default();
            let ctx = DeckContext {
                file: "d.md",
                deck_dir: &dir,
                course_root: &dir,
                config: &config,
            };
            let mut diags = Vec::new();
            let deck = parse_deck(bytes, "d", &ctx, &mut diags);
            assert_eq!(deck.is_some(), ok, "{bytes:?}");
            match message {
                Some(m) => assert!(
                    diags.iter().any(|d| d.message.contains(m)),
                    "{bytes:?}: {diags:?}"
                ),
                None => assert!(diags.is_empty(), "{bytes:?}: {diags:?}"),
            }
        }
    }

    #[test]
    fn front_matter_sets_the_title_and_the_stem_stands_in() {
        let (deck, diags) = parse_for_test("# Slide\n");
        assert_eq!(deck.title, "T");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(deck.slides.len(), 1);
    }
}

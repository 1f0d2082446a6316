//! Markdown → deck model. The only module that knows pulldown-cmark.
//!
//! A deck is split into slides at lines holding only `---` and into slide and
//! notes at a line holding only `???` (both outside code fences) before
//! Markdown parsing, so a setext heading or a thematic break can never be
//! mistaken for a slide break. Each part is parsed with byte offsets that
//! point back into the whole file, so every diagnostic names `line:col`.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use crate::config::{parse_front_matter, CourseConfig, FrontMatter};
use crate::deck::*;
use crate::diag::{Diagnostic, LineIndex};

/// Where a deck lives, for resolving and confining image paths.
pub struct DeckContext<'a> {
    /// The deck file as shown to the user.
    pub file: &'a str,
    /// The folder the deck is in (images are relative to it).
    pub deck_dir: &'a Path,
    /// The course folder: nothing outside it is read.
    pub course_root: &'a Path,
    pub config: &'a CourseConfig,
}

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
    });

    let mut slides = Vec::new();
    let chunks = split_slides(text, body_start);
    if let Some(extra) = chunks.get(MAX_SLIDES) {
        let pos = Pos {
            line: idx.pos(extra.slide.start.saturating_sub(1)).line,
            col: 1,
        };
        diags.push(idx.annotate(
            Diagnostic::error(ctx.file, pos, format!("the deck has more than {MAX_SLIDES} slides"))
                .with_help("split it into several decks (one per session); a deck this long cannot be presented or fitted in reasonable time"),
        ));
        return None;
    }
    let mut blocks = 0;
    for (i, chunk) in chunks.iter().enumerate() {
        let slide_src = &text[chunk.slide.clone()];
        let notes_empty = chunk
            .notes
            .as_ref()
            .is_none_or(|n| text[n.clone()].trim().is_empty());
        if slide_src.trim().is_empty() && notes_empty {
            // A `---` right after the front matter (Marp habit) is not a slide.
            if !(i == 0 && chunks.len() > 1) {
                // Point at the `---` that opened it.
                let pos = Pos {
                    line: idx.pos(chunk.slide.start.saturating_sub(1)).line,
                    col: 1,
                };
                diags.push(
                    idx.annotate(
                        Diagnostic::warning(ctx.file, pos, "empty slide")
                            .with_help("remove the extra `---` line, or add content"),
                    ),
                );
            }
            continue;
        }
        let slide = parse_slide(text, chunk, slides.len() + 1, &idx, ctx, diags);
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
        slides,
    })
}

/// Arrows and ticks an author writes at the start of a list item.
const OWN_MARKERS: [char; 9] = ['➔', '→', '⇒', '➜', '►', '▶', '✓', '✔', '•'];

/// Takes an arrow or tick off the start of a bullet item's text, to be
/// drawn as its marker: `- ➔ ZELF` gets one marker, not "• ➔".
fn own_marker(blocks: &mut [Block]) -> Option<String> {
    let Some(Block {
        body: BlockBody::Paragraph { content },
        ..
    }) = blocks.first_mut()
    else {
        return None;
    };
    let alone = content.len() == 1;
    let Some(Inline::Text { s }) = content.first_mut() else {
        return None;
    };
    let first = s.chars().next().filter(|c| OWN_MARKERS.contains(c))?;
    let rest = s[first.len_utf8()..].trim_start();
    if rest.is_empty() && alone {
        return None; // the arrow is the whole item
    }
    *s = rest.to_string();
    Some(first.to_string())
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
                BlockBody::Quote { blocks } | BlockBody::Footnote { blocks, .. } => {
                    count_blocks(blocks)
                }
                BlockBody::Table { rows, .. } => rows.len(),
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

/// Reads `+++ … +++` at the top. Returns the front matter and where the body starts.
fn split_front_matter(
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
    let start = first.map(|r| r.end).unwrap_or(0);
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

/// Line ranges (without the newline) starting at `from`, paired with where the next line starts.
fn line_ranges(text: &str, from: usize) -> impl Iterator<Item = LineRange> + '_ {
    let mut at = from;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let end = text[at..].find('\n').map(|i| at + i).unwrap_or(text.len());
        let r = LineRange {
            start: at,
            end: (end + 1).min(text.len()),
            text_end: end,
        };
        at = end + 1;
        Some(r)
    })
}

#[derive(Clone)]
struct LineRange {
    start: usize,
    /// After the newline.
    end: usize,
    /// Before the newline.
    text_end: usize,
}

impl std::ops::Index<LineRange> for str {
    type Output = str;
    fn index(&self, r: LineRange) -> &str {
        &self[r.start..r.text_end]
    }
}

struct Chunk {
    slide: Range<usize>,
    notes: Option<Range<usize>>,
}

/// Splits the body into slides (`---`) and notes (`???`), ignoring both inside code fences.
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

fn split_slides(text: &str, body_start: usize) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut slide_start = body_start;
    let mut notes_start: Option<usize> = None;
    let mut slide_end = None;
    let mut fence: Option<(char, usize)> = None;
    let mut last_line = "";
    for r in line_ranges(text, body_start) {
        let line = &text[r.clone()];
        let previous = std::mem::replace(&mut last_line, line.trim_end());
        let trimmed = line.trim_start();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(c) = marker {
            let n = trimmed.chars().take_while(|x| *x == c).count();
            if n >= 3 {
                match fence {
                    None => fence = Some((c, n)),
                    Some((fc, fnum)) if fc == c && n >= fnum && trimmed.trim_end().len() == n => {
                        fence = None
                    }
                    _ => {}
                }
                continue;
            }
        }
        if fence.is_some() {
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

/// Deeper lists and quotes are flattened into this level, and deeper inline
/// emphasis into plain runs: Typst stops at 72 layout levels, and nothing
/// deeper reads on a slide. Content is kept; only nesting is dropped.
const MAX_BLOCK_NESTING: usize = 6;
const MAX_INLINE_NESTING: usize = 8;

fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
}

fn parse_slide(
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
    let blocks = b.blocks(None);
    let (title, heading) = (b.title.take(), b.title_attrs.take());
    let steps = b.max_step;
    drop(b);

    let notes = match &chunk.notes {
        Some(range) => BlockBuilder::new(text, range.clone(), idx, ctx, diags, false).blocks(None),
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

/// The first heading's `{.kind key=value}` attributes, with where they stand.
struct HeadingAttrs {
    classes: Vec<String>,
    attrs: Vec<(String, Option<String>)>,
    range: Range<usize>,
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
            .map(|o| h.range.start + o)
            .unwrap_or(h.range.start);
        idx.pos(at)
    };
    let mut kind: Option<SlideKind> = None;
    for class in &h.classes {
        if class == "incremental" {
            continue;
        }
        match SlideKind::from_name(class) {
            Some(k) => {
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
            }
            None => {
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
    }
    if let Some(k) = kind {
        slide.kind = k;
    }
    for (key, value) in &h.attrs {
        let at = find(&format!("{key}="));
        let value = value.as_deref().unwrap_or("");
        match key.as_str() {
            "time" => match value.replace(',', ".").parse::<f64>() {
                Ok(t) if t > 0.0 && t.is_finite() => slide.time = Some(t),
                _ => diags.push(idx.annotate(
                    Diagnostic::error(file, at, format!("`time={value}` is not a number of minutes"))
                        .with_len(key.len() + 1 + value.len())
                        .with_help("write the planned minutes, e.g. time=5 or time=2.5"),
                )),
            },
            "lines" => match value.parse::<u32>() {
                Ok(n) if n <= 60 => slide.lines = Some(n),
                _ => diags.push(idx.annotate(
                    Diagnostic::error(file, at, format!("`lines={value}` is not a number of lines"))
                        .with_len(key.len() + 1 + value.len())
                        .with_help("write how many writing lines the workbook gets, e.g. lines=12 (at most 60)"),
                )),
            },
            _ => diags.push(idx.annotate(
                Diagnostic::warning(file, at, format!("unknown slide option `{key}`"))
                    .with_len(key.len())
                    .with_help("slide options: time=MINUTES, lines=N, .incremental"),
            )),
        }
    }
    kind.is_some()
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

/// Builds blocks from pulldown-cmark events of one slide or notes part.
struct BlockBuilder<'a, 'd> {
    events: std::iter::Peekable<
        pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
    >,
    text: &'a str,
    base: usize,
    idx: &'a LineIndex<'a>,
    ctx: &'a DeckContext<'a>,
    diags: &'d mut Vec<Diagnostic>,
    /// Slides take their first heading as title; notes keep headings.
    take_title: bool,
    title: Option<Vec<Inline>>,
    title_attrs: Option<HeadingAttrs>,
    incremental: bool,
    depth: usize,
    step: u32,
    max_step: u32,
    footnotes: HashMap<String, usize>,
    /// Images met inside a paragraph, placed as blocks after it.
    images: Vec<Image>,
    /// Lines already warned about raw HTML (one warning per line is enough).
    html_lines: Vec<usize>,
    inline_depth: usize,
}

impl<'a, 'd> BlockBuilder<'a, 'd> {
    fn new(
        text: &'a str,
        range: Range<usize>,
        idx: &'a LineIndex<'a>,
        ctx: &'a DeckContext<'a>,
        diags: &'d mut Vec<Diagnostic>,
        take_title: bool,
    ) -> Self {
        let src = &text[range.clone()];
        BlockBuilder {
            events: Parser::new_ext(src, markdown_options())
                .into_offset_iter()
                .peekable(),
            text,
            base: range.start,
            idx,
            ctx,
            diags,
            take_title,
            title: None,
            title_attrs: None,
            incremental: false,
            depth: 0,
            step: 0,
            max_step: 0,
            footnotes: HashMap::new(),
            images: Vec::new(),
            html_lines: Vec::new(),
            inline_depth: 0,
        }
    }

    /// Warns that raw HTML is escaped, once per source line.
    fn warn_html(&mut self, range: &Range<usize>, len: usize) {
        let pos = self.pos(range);
        if self.html_lines.contains(&pos.line) {
            return;
        }
        self.html_lines.push(pos.line);
        self.push_diag(
            Diagnostic::warning(self.ctx.file, pos, "raw HTML is shown as text")
                .with_len(len)
                .with_help("write it in Markdown, or set `allow_html = true` in course.toml"),
        );
    }

    fn pos(&self, range: &Range<usize>) -> Pos {
        self.idx.pos(self.base + range.start)
    }

    fn push_diag(&mut self, d: Diagnostic) {
        let d = self.idx.annotate(d);
        self.diags.push(d);
    }

    fn block(&self, body: BlockBody) -> Block {
        Block {
            step: if self.depth == 0 { self.step } else { 0 },
            body,
        }
    }

    /// Blocks until the matching end tag (or the end of input).
    fn blocks(&mut self, end: Option<TagEnd>) -> Vec<Block> {
        let mut out = Vec::new();
        let mut loose: Vec<Inline> = Vec::new();
        while let Some((event, range)) = self.events.next() {
            match event {
                Event::End(tag) if Some(tag) == end => break,
                Event::Start(tag) if is_block(&tag) => {
                    self.flush(&mut loose, &mut out);
                    self.start_block(tag, range, &mut out);
                }
                Event::Rule => {
                    self.flush(&mut loose, &mut out);
                    out.push(self.block(BlockBody::Rule));
                }
                Event::Html(html) => {
                    self.flush(&mut loose, &mut out);
                    if let Some(b) = self.raw_html(&html, &range) {
                        out.push(b);
                    }
                }
                Event::TaskListMarker(_) => {}
                other => {
                    if let Some(i) = self.inline_event(other, range) {
                        loose.push(i);
                    }
                }
            }
        }
        self.flush(&mut loose, &mut out);
        out
    }

    /// Inline content outside a paragraph (tight list items) becomes a paragraph.
    fn flush(&mut self, loose: &mut Vec<Inline>, out: &mut Vec<Block>) {
        if !loose.is_empty() {
            let content = trim_inlines(std::mem::take(loose));
            if !content.is_empty() {
                out.push(self.block(BlockBody::Paragraph { content }));
            }
        }
        for img in std::mem::take(&mut self.images) {
            out.push(self.block(BlockBody::Image(img)));
        }
    }

    fn start_block(&mut self, tag: Tag<'a>, range: Range<usize>, out: &mut Vec<Block>) {
        let container = matches!(tag, Tag::BlockQuote(_) | Tag::List(_) | Tag::Item);
        if container && (self.depth >= MAX_BLOCK_NESTING || matches!(tag, Tag::Item)) {
            // Too deep (or an item outside its list): its content joins this level.
            return;
        }
        match tag {
            Tag::Paragraph => {
                let content = trim_inlines(self.inlines(TagEnd::Paragraph));
                let src = self.text[self.base + range.start..self.base + range.end].trim();
                if src == ". . ." && self.depth == 0 {
                    self.step += 1;
                    self.max_step = self.max_step.max(self.step);
                    return;
                }
                if let Some(video) = self.video(&content) {
                    out.push(self.block(BlockBody::Video(video)));
                } else if !content.is_empty() {
                    out.push(self.block(BlockBody::Paragraph { content }));
                }
                for img in std::mem::take(&mut self.images) {
                    out.push(self.block(BlockBody::Image(img)));
                }
            }
            Tag::Heading {
                level,
                classes,
                attrs,
                ..
            } => {
                let content = trim_inlines(self.inlines(TagEnd::Heading(level)));
                if self.take_title && self.title.is_none() && self.depth == 0 {
                    self.incremental = classes.iter().any(|c| c.as_ref() == "incremental");
                    self.title_attrs = Some(HeadingAttrs {
                        classes: classes.iter().map(|c| c.to_string()).collect(),
                        attrs: attrs
                            .iter()
                            .map(|(k, v)| (k.to_string(), v.as_ref().map(|v| v.to_string())))
                            .collect(),
                        range: self.base + range.start..self.base + range.end,
                    });
                    self.title = Some(content);
                } else {
                    if !classes.is_empty() || !attrs.is_empty() {
                        self.push_diag(
                            Diagnostic::warning(
                                self.ctx.file,
                                self.pos(&range),
                                "only a slide's first heading takes `{…}` attributes",
                            )
                            .with_help("start a new slide with `---` if this is meant to be one"),
                        );
                    }
                    out.push(self.block(BlockBody::Heading {
                        level: heading_level(level),
                        content,
                    }));
                }
            }
            Tag::BlockQuote(kind) => {
                self.depth += 1;
                let blocks = self.blocks(Some(TagEnd::BlockQuote(kind)));
                self.depth -= 1;
                out.push(self.block(BlockBody::Quote { blocks }));
            }
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                let mut text = String::new();
                for (e, _) in self.events.by_ref() {
                    match e {
                        Event::Text(t) => text.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                out.push(self.block(BlockBody::Code {
                    lang,
                    text: text.trim_end_matches('\n').to_string(),
                }));
            }
            Tag::List(start) => {
                let ordered = start.is_some();
                let top = self.depth == 0;
                let base_step = self.step;
                let mut items = Vec::new();
                self.depth += 1;
                while let Some((e, _)) = self.events.next() {
                    match e {
                        Event::Start(Tag::Item) => {
                            let task = match self.events.peek() {
                                Some((Event::TaskListMarker(done), _)) => Some(*done),
                                _ => None,
                            };
                            let step = if top && self.incremental {
                                self.step += 1;
                                self.max_step = self.max_step.max(self.step);
                                self.step
                            } else {
                                0
                            };
                            let mut blocks = self.blocks(Some(TagEnd::Item));
                            let marker = if ordered || task.is_some() {
                                None
                            } else {
                                own_marker(&mut blocks)
                            };
                            items.push(ListItem {
                                step,
                                task,
                                marker,
                                blocks,
                            });
                        }
                        Event::End(TagEnd::List(_)) => break,
                        _ => {}
                    }
                }
                self.depth -= 1;
                let mut block = self.block(BlockBody::List {
                    ordered,
                    start: start.unwrap_or(1),
                    items,
                });
                // Items carry their own steps; the list itself is there from the step it starts at.
                block.step = if top { base_step } else { 0 };
                out.push(block);
            }
            Tag::Table(align) => {
                let align = align
                    .iter()
                    .map(|a| match a {
                        pulldown_cmark::Alignment::None => Align::None,
                        pulldown_cmark::Alignment::Left => Align::Left,
                        pulldown_cmark::Alignment::Center => Align::Center,
                        pulldown_cmark::Alignment::Right => Align::Right,
                    })
                    .collect();
                let mut head = Vec::new();
                let mut rows: Vec<Vec<Vec<Inline>>> = Vec::new();
                let mut in_head = false;
                while let Some((e, _)) = self.events.next() {
                    match e {
                        Event::Start(Tag::TableHead) => in_head = true,
                        Event::End(TagEnd::TableHead) => in_head = false,
                        Event::Start(Tag::TableRow) => rows.push(Vec::new()),
                        Event::Start(Tag::TableCell) => {
                            let cell = trim_inlines(self.inlines(TagEnd::TableCell));
                            if in_head {
                                head.push(cell);
                            } else if let Some(row) = rows.last_mut() {
                                row.push(cell);
                            }
                        }
                        Event::End(TagEnd::Table) => break,
                        _ => {}
                    }
                }
                out.push(self.block(BlockBody::Table { align, head, rows }));
            }
            Tag::FootnoteDefinition(label) => {
                let number = self.footnote_number(&label);
                self.depth += 1;
                let blocks = self.blocks(Some(TagEnd::FootnoteDefinition));
                self.depth -= 1;
                out.push(self.block(BlockBody::Footnote {
                    label: label.to_string(),
                    number,
                    blocks,
                }));
            }
            Tag::HtmlBlock => {
                let mut html = String::new();
                for (e, _) in self.events.by_ref() {
                    match e {
                        Event::Html(h) | Event::Text(h) => html.push_str(&h),
                        Event::End(TagEnd::HtmlBlock) => break,
                        _ => {}
                    }
                }
                if let Some(b) = self.raw_html(&html, &range) {
                    out.push(b);
                }
            }
            Tag::MetadataBlock(_) => {
                for (e, _) in self.events.by_ref() {
                    if matches!(e, Event::End(TagEnd::MetadataBlock(_))) {
                        break;
                    }
                }
            }
            // Definition lists, math etc. are not enabled; anything else is skipped to its end.
            other => {
                let end = other.to_end();
                for (e, _) in self.events.by_ref() {
                    if e == Event::End(end) {
                        break;
                    }
                }
            }
        }
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    /// Raw HTML: comments are dropped (an author's aside, invisible in any
    /// Markdown preview); the rest is kept only when the course allows it.
    fn raw_html(&mut self, html: &str, range: &Range<usize>) -> Option<Block> {
        let trimmed = html.trim();
        if trimmed.is_empty() || (trimmed.starts_with("<!--") && trimmed.ends_with("-->")) {
            return None;
        }
        if self.ctx.config.allow_html {
            return Some(self.block(BlockBody::Html {
                html: html.to_string(),
            }));
        }
        self.warn_html(
            range,
            trimmed.lines().next().map_or(1, |l| l.chars().count()),
        );
        let content = vec![Inline::Text {
            s: trimmed.to_string(),
        }];
        Some(self.block(BlockBody::Paragraph { content }))
    }

    /// Inline content until the end tag.
    fn inlines(&mut self, end: TagEnd) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((event, range)) = self.events.next() {
            match event {
                Event::End(tag) if tag == end => break,
                other => {
                    if let Some(i) = self.inline_event(other, range) {
                        out.push(i);
                    }
                }
            }
        }
        out
    }

    fn inline_event(&mut self, event: Event<'a>, range: Range<usize>) -> Option<Inline> {
        let nests = matches!(
            event,
            Event::Start(
                Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript
                    | Tag::Link { .. }
            )
        );
        if nests && self.inline_depth >= MAX_INLINE_NESTING {
            return None;
        }
        self.inline_depth += usize::from(nests);
        let inline = self.inline_event_at_depth(event, range);
        self.inline_depth -= usize::from(nests);
        inline
    }

    fn inline_event_at_depth(&mut self, event: Event<'a>, range: Range<usize>) -> Option<Inline> {
        Some(match event {
            Event::Text(t) => Inline::Text { s: t.to_string() },
            Event::Code(t) => Inline::Code { s: t.to_string() },
            Event::SoftBreak => Inline::Text { s: " ".into() },
            Event::HardBreak => Inline::Break,
            Event::FootnoteReference(label) => Inline::Note {
                n: self.footnote_number(&label),
            },
            Event::InlineHtml(h) | Event::Html(h) => {
                let t = h.trim();
                if t.starts_with("<!--") && t.ends_with("-->") {
                    return None;
                }
                if self.ctx.config.allow_html {
                    return Some(Inline::Html { s: h.to_string() });
                }
                self.warn_html(&range, h.chars().count());
                Inline::Text { s: h.to_string() }
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => Inline::Code { s: t.to_string() },
            Event::Start(Tag::Emphasis) => Inline::Emph {
                c: self.inlines(TagEnd::Emphasis),
            },
            Event::Start(Tag::Strong) => Inline::Strong {
                c: self.inlines(TagEnd::Strong),
            },
            Event::Start(Tag::Strikethrough) => Inline::Strike {
                c: self.inlines(TagEnd::Strikethrough),
            },
            Event::Start(Tag::Superscript) => Inline::Emph {
                c: self.inlines(TagEnd::Superscript),
            },
            Event::Start(Tag::Subscript) => Inline::Emph {
                c: self.inlines(TagEnd::Subscript),
            },
            Event::Start(Tag::Link {
                dest_url,
                link_type,
                ..
            }) => {
                let c = self.inlines(TagEnd::Link);
                let url = dest_url.to_string();
                let url = if link_type == LinkType::Email && !url.starts_with("mailto:") {
                    format!("mailto:{url}")
                } else {
                    url
                };
                if let Err(why) = check_link(&url) {
                    self.push_diag(
                        Diagnostic::error(self.ctx.file, self.pos(&range), why)
                            .with_len(range.len())
                            .with_help("links may be http(s)://, mailto: or relative to the deck"),
                    );
                    return Some(Inline::Emph { c });
                }
                Inline::Link { url, c }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let alt = inline_text(&self.inlines(TagEnd::Image));
                let image = self.image(dest_url.to_string(), alt, &range);
                self.images.push(image);
                return None;
            }
            Event::Start(tag) => {
                // Block-level tag inside inline content cannot happen in CommonMark; skip it safely.
                let end = tag.to_end();
                for (e, _) in self.events.by_ref() {
                    if e == Event::End(end) {
                        break;
                    }
                }
                return None;
            }
            Event::End(_) | Event::Rule | Event::TaskListMarker(_) => return None,
        })
    }

    /// Resolves an image against the deck folder, confined to the course folder.
    fn image(&mut self, src: String, alt: String, range: &Range<usize>) -> Image {
        let pos = self.pos(range);
        let len = range.len();
        if alt.trim().is_empty() {
            self.push_diag(
                Diagnostic::warning(self.ctx.file, pos, "image has no alt text")
                    .with_len(len)
                    .with_help(
                        "describe the picture for people who cannot see it: ![what it shows](path)",
                    ),
            );
        }
        let mut image = Image {
            src: src.clone(),
            alt,
            file: None,
        };
        // A remote image (a badge, a logo) costs its picture, not the deck:
        // nothing is fetched, the outputs show a placeholder.
        if src.contains("://") || src.starts_with("data:") {
            self.push_diag(
                Diagnostic::warning(self.ctx.file, pos, "this image is not a file in the course folder, so it is not shown")
                    .with_len(len)
                    .with_help("download the image into the deck's assets/ folder and link it relatively; lectern never loads from the network"),
            );
            return image;
        }
        let decoded = percent_decode(&src);
        let candidate = self.ctx.deck_dir.join(&decoded);
        match (candidate.canonicalize(), self.ctx.course_root.canonicalize()) {
            (Ok(file), Ok(root)) if file.starts_with(&root) && file.is_file() => {
                let rel = file.strip_prefix(&root).unwrap_or(&file);
                image.file = Some(rel.to_string_lossy().replace('\\', "/"));
                if crate::images::mime(&rel.to_string_lossy()).is_none() {
                    image.file = None;
                    self.push_diag(
                        Diagnostic::warning(self.ctx.file, pos, format!("`{src}` is not an image lectern can show"))
                            .with_len(len)
                            .with_help("use SVG, PNG, JPEG, GIF or WebP"),
                    );
                } else if let Err(why) = crate::images::check(&file) {
                    image.file = None;
                    self.push_diag(
                        Diagnostic::warning(self.ctx.file, pos, format!("image `{src}` cannot be shown: {why}"))
                            .with_len(len)
                            .with_help("until it is fixed, every output shows a placeholder in its place"),
                    );
                }
            }
            (Ok(_), Ok(_)) => self.push_diag(
                Diagnostic::error(self.ctx.file, pos, format!("image `{src}` is outside the course folder"))
                    .with_len(len)
                    .with_help("copy the image into the course folder (e.g. assets/) and link it from there"),
            ),
            _ => self.push_diag(
                Diagnostic::warning(self.ctx.file, pos, format!("image not found: {src}"))
                    .with_len(len)
                    .with_help(format!(
                        "add the file at {}, or fix the path; until then every output shows a placeholder",
                        candidate.display()
                    )),
            ),
        }
        image
    }

    /// A paragraph that is only a link to a video (YouTube, Vimeo, or a
    /// video file) is a video; any other lone link stays a link.
    fn video(&self, content: &[Inline]) -> Option<Video> {
        let [Inline::Link { url, c }] = content else {
            return None;
        };
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return None;
        }
        let path = url
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let video_file = [".mp4", ".webm", ".mov", ".m4v", ".ogv"]
            .iter()
            .any(|e| path.ends_with(e));
        if embed_url(url).is_none() && !video_file {
            return None;
        }
        let label = inline_text(c);
        let label = (label.trim() != url.as_str() && !label.trim().is_empty()).then_some(label);
        Some(Video {
            url: url.clone(),
            label,
            embed: embed_url(url),
        })
    }
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::MetadataBlock(_)
    )
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// Drops leading/trailing whitespace-only text and merges adjacent text runs.
fn trim_inlines(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut merged: Vec<Inline> = Vec::with_capacity(inlines.len());
    for i in inlines {
        match (merged.last_mut(), i) {
            (Some(Inline::Text { s: prev }), Inline::Text { s }) => prev.push_str(&s),
            (_, i) => merged.push(i),
        }
    }
    let mut out = linkify(merged);
    if let Some(Inline::Text { s }) = out.first_mut() {
        *s = s.trim_start().to_string();
    }
    if let Some(Inline::Text { s }) = out.last_mut() {
        *s = s.trim_end().to_string();
    }
    out.retain(|i| !matches!(i, Inline::Text { s } if s.is_empty()));
    out
}

/// Bare `http(s)://` addresses in text become links, as in GitHub Markdown
/// (CommonMark only links `<…>`): the manual writes video links bare.
fn linkify(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let Inline::Text { s } = inline else {
            out.push(inline);
            continue;
        };
        let mut rest = s.as_str();
        let find = |r: &str| match (r.find("http://"), r.find("https://")) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        while let Some(start) = find(rest) {
            let tail = &rest[start..];
            let mut end = tail
                .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
                .unwrap_or(tail.len());
            // Trailing punctuation belongs to the sentence, a closing bracket only when unbalanced.
            while end > 0 {
                let last = tail[..end].chars().last().unwrap_or(' ');
                let unbalanced = last == ')'
                    && tail[..end].matches('(').count() < tail[..end].matches(')').count();
                if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '’' | '”')
                    || unbalanced
                {
                    end -= last.len_utf8();
                } else {
                    break;
                }
            }
            let url = &tail[..end];
            if url.len() <= "https://".len() {
                break;
            }
            if start > 0 {
                out.push(Inline::Text {
                    s: rest[..start].to_string(),
                });
            }
            out.push(Inline::Link {
                url: url.to_string(),
                c: vec![Inline::Text { s: url.to_string() }],
            });
            rest = &tail[end..];
        }
        if !rest.is_empty() {
            out.push(Inline::Text {
                s: rest.to_string(),
            });
        }
    }
    out
}

/// Links may go to the web, to mail, or to files next to the deck; never run code.
pub fn check_link(url: &str) -> Result<(), String> {
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let path_sep = lower.find(['/', '?', '#']);
    match scheme_end {
        Some(i) if path_sep.is_none_or(|p| i < p) => {
            let scheme = &lower[..i];
            if matches!(scheme, "http" | "https" | "mailto" | "tel") {
                Ok(())
            } else {
                Err(format!("`{scheme}:` links are not allowed"))
            }
        }
        _ => Ok(()),
    }
}

/// The click-to-load embed address for YouTube and Vimeo links, keeping the start time.
pub fn embed_url(url: &str) -> Option<String> {
    let (without_fragment, fragment) = url.split_once('#').unwrap_or((url, ""));
    let (path, query) = without_fragment
        .split_once('?')
        .unwrap_or((without_fragment, ""));
    let path = path
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let path = path
        .strip_prefix("www.")
        .or_else(|| path.strip_prefix("m."))
        .unwrap_or(path);
    let params: Vec<(&str, &str)> = query
        .split('&')
        .chain(fragment.split('&'))
        .filter_map(|p| p.split_once('='))
        .collect();
    let param = |k: &str| params.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
    let valid_id = |id: &str| {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let id = if let Some(rest) = path.strip_prefix("youtu.be/") {
        rest.split('/').next()
    } else if path.starts_with("youtube.com/watch") {
        param("v")
    } else if let Some(rest) = path
        .strip_prefix("youtube.com/embed/")
        .or_else(|| path.strip_prefix("youtube.com/shorts/"))
        .or_else(|| path.strip_prefix("youtube-nocookie.com/embed/"))
    {
        rest.split('/').next()
    } else if let Some(rest) = path.strip_prefix("vimeo.com/") {
        let id = rest
            .split('/')
            .next()
            .filter(|id| id.chars().all(|c| c.is_ascii_digit()) && !id.is_empty())?;
        return Some(format!(
            "https://player.vimeo.com/video/{id}?dnt=1&autoplay=1"
        ));
    } else {
        None
    };
    let id = id.filter(|id| valid_id(id))?;
    let start = param("t")
        .or_else(|| param("start"))
        .and_then(parse_seconds);
    let mut embed = format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1&rel=0");
    if let Some(s) = start {
        embed.push_str(&format!("&start={s}"));
    }
    Some(embed)
}

/// `90`, `90s`, `1m30s`, `1h2m3s` → seconds.
fn parse_seconds(t: &str) -> Option<u64> {
    if let Ok(n) = t.parse::<u64>() {
        return Some(n);
    }
    let mut total = 0;
    let mut num = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            num.push(c);
        } else {
            let n: u64 = num.parse().ok()?;
            num.clear();
            total += n * match c {
                'h' => 3600,
                'm' => 60,
                's' => 1,
                _ => return None,
            };
        }
    }
    if !num.is_empty() {
        total += num.parse::<u64>().ok()?;
    }
    Some(total)
}

/// Decodes `%xx` escapes (once); invalid escapes stay as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slides_break_at_rules_but_not_under_a_setext_heading() {
        for (text, slides) in [
            ("a\n\n---\n\nb\n", 2),
            ("Title\n---\n\nbody\n", 1),
            ("- item\n---\nb\n", 2),
            ("1. item\n---\nb\n", 2),
            ("# Heading\n---\nb\n", 2),
            ("```\n---\n```\n", 1),
            ("text\n```\ncode\n```\n---\nb\n", 2),
            ("a\n\n---\n---\nb\n", 3),
            ("a\n???\nnotes\n\n---\nb\n", 2),
        ] {
            assert_eq!(split_slides(text, 0).len(), slides, "{text:?}");
        }
    }

    #[test]
    fn notes_start_at_the_first_marker() {
        let text = "slide\n???\nnote\n???\nmore\n";
        let chunks = split_slides(text, 0);
        assert_eq!(&text[chunks[0].slide.clone()], "slide\n");
        assert_eq!(&text[chunks[0].notes.clone().unwrap()], "note\n???\nmore\n");
    }

    #[test]
    fn an_item_keeps_its_own_arrow_as_its_only_marker() {
        let para = |t: &str| Block {
            step: 0,
            body: BlockBody::Paragraph {
                content: vec![Inline::Text { s: t.into() }],
            },
        };
        let mut arrow = vec![para("➔ ZELF: wat we voelen")];
        assert_eq!(own_marker(&mut arrow).as_deref(), Some("➔"));
        assert!(
            matches!(&arrow[0].body, BlockBody::Paragraph { content } if inline_text(content) == "ZELF: wat we voelen")
        );
        for plain in ["gewoon een punt", "→", "- dash"] {
            let mut blocks = vec![para(plain)];
            assert_eq!(own_marker(&mut blocks), None, "{plain}");
        }
    }

    #[test]
    fn video_hosts_are_embedded_privately() {
        for (url, embed) in [
            (
                "https://youtu.be/abc_DEF-1",
                Some("https://www.youtube-nocookie.com/embed/abc_DEF-1"),
            ),
            (
                "https://www.youtube.com/watch?v=nn3I6-DBLJM&t=23s",
                Some("https://www.youtube-nocookie.com/embed/nn3I6-DBLJM"),
            ),
            ("https://example.com/docs", None),
            ("https://www.youtube.com/watch?v=<script>", None),
        ] {
            let got = embed_url(url);
            assert_eq!(
                got.as_deref().map(|u| u.split('?').next().unwrap()),
                embed,
                "{url}"
            );
        }
    }
}

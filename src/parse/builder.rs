//! The block builder: pulldown-cmark's events of one slide or notes part
//! → model blocks. It holds what reading them needs (where it is, how
//! deep, which step, the slide's first heading) and walks the events; each
//! element has a small method here, and what needs no more than its own
//! input is a plain function of the files it calls.

use pulldown_cmark::{
    CodeBlockKind, CowStr, DefaultBrokenLinkCallback, Event, HeadingLevel, LinkType, OffsetIter,
    Parser, Tag, TagEnd,
};
use std::ops::Range;

use super::blocks::{
    alert, aligns, code_lang, heading_level, is_block, is_html_comment, is_pause, own_marker,
    Footnotes, Steps,
};
use super::context::{markdown_options, DeckContext, MAX_BLOCK_NESTING, MAX_INLINE_NESTING};
use super::divs::{segments, Col, Seg};
use super::heading::{FirstHeading, HeadingAttrs};
use super::inline::{formula, image_attrs, link_url, shortcodes, trim_inlines};
use super::media::{check_alt, locate_image, video};
use crate::deck::{inline_text, Block, BlockBody, Column, Image, Inline, ListItem, Width};
use crate::diag::{Diagnostic, LineIndex, Pos};

type Events<'a> = OffsetIter<'a, DefaultBrokenLinkCallback>;

/// A table row: its cells' content.
type Row = Vec<Vec<Inline>>;

/// The events of `src`, with byte ranges relative to it.
fn events(src: &str) -> Events<'_> {
    Parser::new_ext(src, markdown_options()).into_offset_iter()
}

/// A slide's blocks, with what its first heading says and its last step.
pub(super) struct SlideBody {
    pub blocks: Vec<Block>,
    pub heading: Option<FirstHeading>,
    pub steps: u32,
}

/// Builds blocks from pulldown-cmark events of one slide or notes part.
pub(super) struct BlockBuilder<'a, 'd> {
    events: Events<'a>,
    text: &'a str,
    /// Where the Markdown being read starts in the file (event ranges are
    /// relative to it).
    base: usize,
    /// The part of the file being read.
    range: Range<usize>,
    idx: &'a LineIndex<'a>,
    ctx: &'a DeckContext<'a>,
    diags: &'d mut Vec<Diagnostic>,
    /// Lines already warned about raw HTML (one warning per line is enough).
    html_lines: Vec<usize>,
    /// Slides take their first heading as title; notes keep headings.
    take_title: bool,
    first_heading: Option<FirstHeading>,
    steps: Steps,
    footnotes: Footnotes,
    /// Blocks open around the one being read.
    depth: usize,
    /// Inside a column (pauses cannot cut a row of columns).
    in_columns: usize,
    /// Inline emphasis and links open around the inline being read.
    inline_depth: usize,
    /// Images met inside a paragraph, placed as blocks after it.
    images: Vec<Image>,
    /// The task box (`[ ]`, `[x]`) of the list item being read.
    task: Option<bool>,
    /// Text before this file offset was an image's `{width=…}`: not shown.
    skip_to: usize,
}

impl<'a, 'd> BlockBuilder<'a, 'd> {
    /// A slide's part of the file: its blocks, first heading and steps.
    pub(super) fn slide(
        text: &'a str,
        range: Range<usize>,
        idx: &'a LineIndex<'a>,
        ctx: &'a DeckContext<'a>,
        diags: &'d mut Vec<Diagnostic>,
    ) -> SlideBody {
        let mut b = BlockBuilder::new(text, range, idx, ctx, diags, true);
        let blocks = b.all_blocks();
        SlideBody {
            blocks,
            heading: b.first_heading.take(),
            steps: b.steps.max,
        }
    }

    /// A slide's notes: their blocks (headings stay headings).
    pub(super) fn notes(
        text: &'a str,
        range: Range<usize>,
        idx: &'a LineIndex<'a>,
        ctx: &'a DeckContext<'a>,
        diags: &'d mut Vec<Diagnostic>,
    ) -> Vec<Block> {
        BlockBuilder::new(text, range, idx, ctx, diags, false).all_blocks()
    }

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
            events: events(src),
            text,
            base: range.start,
            range,
            idx,
            ctx,
            diags,
            html_lines: Vec::new(),
            take_title,
            first_heading: None,
            steps: Steps::default(),
            footnotes: Footnotes::of(src),
            depth: 0,
            in_columns: 0,
            inline_depth: 0,
            images: Vec::new(),
            task: None,
            skip_to: 0,
        }
    }

    /// All blocks of the part, with its fenced divs (`:::: columns`) read.
    fn all_blocks(&mut self) -> Vec<Block> {
        let segs = segments(
            self.text,
            self.range.clone(),
            self.idx,
            self.ctx.file,
            self.diags,
        );
        match segs.as_slice() {
            [Seg::Md(r)] if *r == self.range => self.blocks(None),
            _ => self.blocks_of(segs),
        }
    }

    fn blocks_of(&mut self, segs: Vec<Seg>) -> Vec<Block> {
        let mut out = Vec::new();
        for seg in segs {
            match seg {
                Seg::Md(r) => {
                    let text: &'a str = self.text;
                    self.events = events(&text[r.clone()]);
                    self.base = r.start;
                    out.extend(self.blocks(None));
                }
                Seg::Columns(cols) => out.push(self.columns(cols)),
            }
        }
        out
    }

    fn columns(&mut self, cols: Vec<Col>) -> Block {
        let shares = crate::deck::column_shares(&cols.iter().map(|c| c.width).collect::<Vec<_>>());
        self.depth += 1;
        self.in_columns += 1;
        let columns = cols
            .into_iter()
            .zip(shares)
            .map(|(c, share)| Column {
                width: c.width,
                share,
                blocks: self.blocks_of(c.segs),
            })
            .collect();
        self.depth -= 1;
        self.in_columns -= 1;
        self.block(BlockBody::Columns { columns })
    }

    // Where things are, and what is wrong with them.

    fn pos(&self, range: &Range<usize>) -> Pos {
        self.idx.pos(self.base + range.start)
    }

    /// An event's text in the file.
    fn source(&self, range: &Range<usize>) -> &'a str {
        let text: &'a str = self.text;
        &text[self.base + range.start..self.base + range.end]
    }

    fn push_diag(&mut self, d: Diagnostic) {
        let d = self.idx.annotate(d);
        self.diags.push(d);
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

    // Blocks.

    fn block(&self, body: BlockBody) -> Block {
        Block {
            step: if self.depth == 0 {
                self.steps.current
            } else {
                0
            },
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
                Event::TaskListMarker(done) => self.task = Some(done),
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
        self.place_images(out);
    }

    /// The images met inside a paragraph, as blocks after it.
    fn place_images(&mut self, out: &mut Vec<Block>) {
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
            Tag::Paragraph => self.paragraph(&range, out),
            Tag::Heading {
                level,
                classes,
                attrs,
                ..
            } => self.heading(level, &classes, &attrs, &range, out),
            Tag::BlockQuote(kind) => {
                let blocks = self.nested(TagEnd::BlockQuote(kind));
                let alert = kind.map(alert);
                out.push(self.block(BlockBody::Quote { blocks, alert }));
            }
            Tag::CodeBlock(kind) => self.code_block(&kind, out),
            Tag::List(start) => self.list(start, out),
            Tag::Table(align) => {
                let align = aligns(&align);
                let (head, rows) = self.table_cells();
                out.push(self.block(BlockBody::Table { align, head, rows }));
            }
            Tag::FootnoteDefinition(label) => {
                let number = self.footnotes.number(&label);
                let blocks = self.nested(TagEnd::FootnoteDefinition);
                out.push(self.block(BlockBody::Footnote {
                    label: label.to_string(),
                    number,
                    blocks,
                }));
            }
            Tag::HtmlBlock => {
                let html = self.text_until(TagEnd::HtmlBlock);
                if let Some(b) = self.raw_html(&html, &range) {
                    out.push(b);
                }
            }
            // Definition lists, metadata etc. are not enabled; anything
            // else is skipped to its end.
            other => self.skip_past(other.to_end()),
        }
    }

    /// Skips the events up to and with `end`.
    fn skip_past(&mut self, end: TagEnd) {
        for (e, _) in self.events.by_ref() {
            if e == Event::End(end) {
                break;
            }
        }
    }

    /// The text up to `end` (of a code or HTML block).
    fn text_until(&mut self, end: TagEnd) -> String {
        let mut text = String::new();
        for (e, _) in self.events.by_ref() {
            match e {
                Event::Html(t) | Event::Text(t) => text.push_str(&t),
                Event::End(tag) if tag == end => break,
                _ => {}
            }
        }
        text
    }

    /// The blocks inside a quote or a footnote, one level deeper.
    fn nested(&mut self, end: TagEnd) -> Vec<Block> {
        self.depth += 1;
        let blocks = self.blocks(Some(end));
        self.depth -= 1;
        blocks
    }

    /// A paragraph: text (or a lone video link) with its images after it,
    /// or a pause.
    fn paragraph(&mut self, range: &Range<usize>, out: &mut Vec<Block>) {
        let content = trim_inlines(self.inlines(TagEnd::Paragraph));
        if is_pause(self.source(range)) && (self.depth == 0 || self.in_columns > 0) {
            self.pause(range);
            return;
        }
        if let Some(video) = video(&content) {
            out.push(self.block(BlockBody::Video(video)));
        } else if !content.is_empty() {
            out.push(self.block(BlockBody::Paragraph { content }));
        }
        self.place_images(out);
    }

    /// `. . .` on the slide goes on to the next step; inside columns it is
    /// ignored with a warning.
    fn pause(&mut self, range: &Range<usize>) {
        if self.depth == 0 {
            self.steps.advance();
            return;
        }
        self.push_diag(
            Diagnostic::warning(
                self.ctx.file,
                self.pos(range),
                "a pause inside columns is ignored: the columns appear together",
            )
            .with_len(5)
            .with_help("put the pause before `:::: columns` or after its closing `::::`"),
        );
    }

    /// A heading: a slide's first is its title, with its attributes; any
    /// other is a heading block.
    fn heading(
        &mut self,
        level: HeadingLevel,
        classes: &[CowStr],
        attrs: &[(CowStr, Option<CowStr>)],
        range: &Range<usize>,
        out: &mut Vec<Block>,
    ) {
        let content = trim_inlines(self.inlines(TagEnd::Heading(level)));
        if self.take_title && self.first_heading.is_none() && self.depth == 0 {
            self.steps.incremental = classes.iter().any(|c| c.as_ref() == "incremental");
            let attrs = HeadingAttrs::new(
                classes,
                attrs,
                self.base + range.start..self.base + range.end,
            );
            let background = attrs
                .background(self.text)
                .map(|(src, at, len)| self.located(src, String::new(), self.idx.pos(at), len));
            self.first_heading = Some(FirstHeading {
                title: content,
                attrs,
                background,
            });
            return;
        }
        if !classes.is_empty() || !attrs.is_empty() {
            self.push_diag(
                Diagnostic::warning(
                    self.ctx.file,
                    self.pos(range),
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

    fn code_block(&mut self, kind: &CodeBlockKind, out: &mut Vec<Block>) {
        let lang = code_lang(kind);
        let text = self.text_until(TagEnd::CodeBlock);
        out.push(self.block(BlockBody::Code {
            lang,
            text: text.trim_end_matches('\n').to_string(),
        }));
    }

    fn list(&mut self, start: Option<u64>, out: &mut Vec<Block>) {
        let ordered = start.is_some();
        let top = self.depth == 0;
        let base_step = self.steps.current;
        let mut items = Vec::new();
        self.depth += 1;
        while let Some((e, _)) = self.events.next() {
            match e {
                Event::Start(Tag::Item) => items.push(self.list_item(top, ordered)),
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

    fn list_item(&mut self, top: bool, ordered: bool) -> ListItem {
        // The box comes first in a tight item and inside the first
        // paragraph of a loose one; a nested item's box is its own.
        let outer = self.task.take();
        let step = if top && self.steps.incremental {
            self.steps.advance()
        } else {
            0
        };
        let mut blocks = self.blocks(Some(TagEnd::Item));
        let task = std::mem::replace(&mut self.task, outer);
        let marker = if ordered || task.is_some() {
            None
        } else {
            own_marker(&mut blocks)
        };
        let chars =
            u32::try_from(crate::deck::blocks_text(&blocks).chars().count()).unwrap_or(u32::MAX);
        ListItem {
            step,
            task,
            marker,
            blocks,
            chars,
        }
    }

    /// A table's head and rows of cells.
    fn table_cells(&mut self) -> (Row, Vec<Row>) {
        let mut head = Vec::new();
        let mut rows: Vec<Row> = Vec::new();
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
        (head, rows)
    }

    /// Raw HTML: comments are dropped (an author's aside, invisible in any
    /// Markdown preview); the rest is kept only when the course allows it.
    fn raw_html(&mut self, html: &str, range: &Range<usize>) -> Option<Block> {
        let trimmed = html.trim();
        if trimmed.is_empty() || is_html_comment(trimmed) {
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

    // Inlines.

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
        if self.skip_to > self.base + range.start {
            return self.after_image_attrs(&event, &range);
        }
        match event {
            Event::Text(t) => Some(Inline::Text {
                s: shortcodes(&t).into_owned(),
            }),
            Event::Code(t) => Some(Inline::Code { s: t.to_string() }),
            Event::SoftBreak => Some(Inline::Text { s: " ".into() }),
            Event::HardBreak => Some(Inline::Break),
            Event::FootnoteReference(label) => Some(Inline::Note {
                n: self.footnotes.number(&label),
            }),
            Event::InlineHtml(h) | Event::Html(h) => self.inline_html(&h, &range),
            Event::InlineMath(t) => Some(self.math(&t, false, &range)),
            Event::DisplayMath(t) => Some(self.math(&t, true, &range)),
            Event::Start(tag) => self.inline_tag(tag, &range),
            Event::TaskListMarker(done) => {
                self.task = Some(done);
                None
            }
            Event::End(_) | Event::Rule => None,
        }
    }

    /// Text that starts inside an image's `{width=…}`: what follows the
    /// braces (they are never shown).
    fn after_image_attrs(&mut self, event: &Event<'a>, range: &Range<usize>) -> Option<Inline> {
        let (start, end) = (self.base + range.start, self.base + range.end);
        let Event::Text(t) = event else {
            return None;
        };
        if end <= self.skip_to {
            return None;
        }
        let cut = self.skip_to - start;
        let rest = if t.len() == end - start && t.is_char_boundary(cut) {
            t[cut..].to_string()
        } else {
            self.text[self.skip_to..end].to_string()
        };
        self.skip_to = 0;
        Some(Inline::Text {
            s: shortcodes(&rest).into_owned(),
        })
    }

    fn inline_tag(&mut self, tag: Tag<'a>, range: &Range<usize>) -> Option<Inline> {
        Some(match tag {
            Tag::Emphasis => Inline::Emph {
                c: self.inlines(TagEnd::Emphasis),
            },
            Tag::Strong => Inline::Strong {
                c: self.inlines(TagEnd::Strong),
            },
            Tag::Strikethrough => Inline::Strike {
                c: self.inlines(TagEnd::Strikethrough),
            },
            Tag::Superscript => Inline::Emph {
                c: self.inlines(TagEnd::Superscript),
            },
            Tag::Subscript => Inline::Emph {
                c: self.inlines(TagEnd::Subscript),
            },
            Tag::Link {
                dest_url,
                link_type,
                ..
            } => self.link(&dest_url, link_type, range),
            Tag::Image { dest_url, .. } => {
                self.inline_image(dest_url.to_string(), range);
                return None;
            }
            // Block-level tag inside inline content cannot happen in CommonMark; skip it safely.
            other => {
                self.skip_past(other.to_end());
                return None;
            }
        })
    }

    fn inline_html(&mut self, html: &str, range: &Range<usize>) -> Option<Inline> {
        if is_html_comment(html) {
            return None;
        }
        if self.ctx.config.allow_html {
            return Some(Inline::Html {
                s: html.to_string(),
            });
        }
        self.warn_html(range, html.chars().count());
        Some(Inline::Text {
            s: html.to_string(),
        })
    }

    /// A link; one lectern refuses is an error, and its text stays (emphasised).
    fn link(&mut self, dest: &str, link_type: LinkType, range: &Range<usize>) -> Inline {
        let c = self.inlines(TagEnd::Link);
        match link_url(dest, link_type) {
            Ok(url) => Inline::Link { url, c },
            Err(why) => {
                self.push_diag(
                    Diagnostic::error(self.ctx.file, self.pos(range), why)
                        .with_len(range.len())
                        .with_help("links may be http(s)://, mailto: or relative to the deck"),
                );
                Inline::Emph { c }
            }
        }
    }

    /// A formula as Typst math; one lectern cannot convert is shown as the
    /// author wrote it, as code, with a warning that says why.
    fn math(&mut self, tex: &str, display: bool, range: &Range<usize>) -> Inline {
        let (inline, problem) = formula(tex, display);
        if let Some(why) = problem {
            self.push_diag(
                Diagnostic::warning(
                    self.ctx.file,
                    self.pos(range),
                    format!("this formula is shown as code: {why}"),
                )
                .with_len(range.len())
                .with_help("lectern converts common LaTeX math (fractions, roots, scripts, Greek, operators, matrices, cases, aligned); write it with those, or as `code`"),
            );
        }
        inline
    }

    // Images.

    /// An image inside a paragraph, kept to be placed after it.
    fn inline_image(&mut self, src: String, range: &Range<usize>) {
        let alt = inline_text(&self.inlines(TagEnd::Image));
        let pos = self.pos(range);
        if let Some(d) = check_alt(&alt, self.ctx.file, pos, range.len()) {
            self.push_diag(d);
        }
        let mut image = self.located(src, alt, pos, range.len());
        image.width = self.image_width(range.end);
        self.images.push(image);
    }

    /// An image resolved against the deck folder; what is wrong with it is
    /// a diagnostic at `pos`.
    fn located(&mut self, src: String, alt: String, pos: Pos, len: usize) -> Image {
        let (image, problem) = locate_image(src, alt, self.ctx, pos, len);
        if let Some(d) = problem {
            self.push_diag(d);
        }
        image
    }

    /// Pandoc's `{width=50%}` (or `width=300px`) right after an image
    /// ending at `end` (relative to the part): its width. The braces are
    /// skipped, never shown; what lectern does not know is a warning.
    fn image_width(&mut self, end: usize) -> Option<Width> {
        let at = self.base + end;
        let attrs = image_attrs(self.text.get(at..)?)?;
        self.skip_to = at + attrs.len;
        let pos = self.idx.pos(at);
        for (message, help) in attrs.problems {
            self.push_diag(
                Diagnostic::warning(self.ctx.file, pos, message)
                    .with_len(attrs.chars)
                    .with_help(help),
            );
        }
        attrs.width
    }
}

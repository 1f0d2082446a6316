//! Markdown events → model blocks: paragraphs, headings, lists, quotes,
//! code, tables, footnotes and raw HTML.

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

use super::context::{markdown_options, DeckContext, MAX_BLOCK_NESTING};
use super::divs::Seg;
use super::inline::trim_inlines;
use super::slides::HeadingAttrs;
use crate::deck::{Alert, Align, Block, BlockBody, Column, Image, Inline, ListItem};
use crate::diag::Pos;
use crate::diag::{Diagnostic, LineIndex};

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

/// Builds blocks from pulldown-cmark events of one slide or notes part.
pub(super) struct BlockBuilder<'a, 'd> {
    pub(super) events: std::iter::Peekable<
        pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
    >,
    pub(super) text: &'a str,
    pub(super) base: usize,
    pub(super) idx: &'a LineIndex<'a>,
    pub(super) ctx: &'a DeckContext<'a>,
    pub(super) diags: &'d mut Vec<Diagnostic>,
    /// Slides take their first heading as title; notes keep headings.
    pub(super) take_title: bool,
    pub(super) title: Option<Vec<Inline>>,
    pub(super) title_attrs: Option<HeadingAttrs>,
    pub(super) incremental: bool,
    pub(super) depth: usize,
    pub(super) step: u32,
    pub(super) max_step: u32,
    pub(super) footnotes: HashMap<String, usize>,
    /// Images met inside a paragraph, placed as blocks after it.
    pub(super) images: Vec<Image>,
    /// Lines already warned about raw HTML (one warning per line is enough).
    pub(super) html_lines: Vec<usize>,
    pub(super) inline_depth: usize,
    /// The task box (`[ ]`, `[x]`) of the list item being read.
    pub(super) task: Option<bool>,
    /// The part of the file being read.
    pub(super) range: Range<usize>,
    /// The slide's `background=` picture (first heading).
    pub(super) background: Option<Image>,
    /// Text before this file offset was an image's `{width=…}`: not shown.
    pub(super) skip_to: usize,
    /// Inside a column (pauses cannot cut a row of columns).
    pub(super) in_columns: usize,
}

impl<'a, 'd> BlockBuilder<'a, 'd> {
    pub(super) fn new(
        text: &'a str,
        range: Range<usize>,
        idx: &'a LineIndex<'a>,
        ctx: &'a DeckContext<'a>,
        diags: &'d mut Vec<Diagnostic>,
        take_title: bool,
    ) -> Self {
        let src = &text[range.clone()];
        // Notes are numbered in the order they are referred to, wherever
        // their text is written.
        let mut footnotes = HashMap::new();
        if src.contains("[^") {
            for event in Parser::new_ext(src, markdown_options()) {
                if let Event::FootnoteReference(label) = event {
                    let next = footnotes.len() + 1;
                    footnotes.entry(label.to_string()).or_insert(next);
                }
            }
        }
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
            footnotes,
            images: Vec::new(),
            html_lines: Vec::new(),
            inline_depth: 0,
            task: None,
            range,
            background: None,
            skip_to: 0,
            in_columns: 0,
        }
    }

    /// All blocks of the part, with its fenced divs (`:::: columns`) read.
    pub(super) fn all_blocks(&mut self) -> Vec<Block> {
        let segs = super::divs::segments(
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
                    self.events = Parser::new_ext(&text[r.clone()], markdown_options())
                        .into_offset_iter()
                        .peekable();
                    self.base = r.start;
                    out.extend(self.blocks(None));
                }
                Seg::Columns(cols) => {
                    let shares = crate::deck::column_shares(
                        &cols.iter().map(|c| c.width).collect::<Vec<_>>(),
                    );
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
                    out.push(self.block(BlockBody::Columns { columns }));
                }
            }
        }
        out
    }

    /// Warns that raw HTML is escaped, once per source line.
    pub(super) fn warn_html(&mut self, range: &Range<usize>, len: usize) {
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

    pub(super) fn pos(&self, range: &Range<usize>) -> Pos {
        self.idx.pos(self.base + range.start)
    }

    pub(super) fn push_diag(&mut self, d: Diagnostic) {
        let d = self.idx.annotate(d);
        self.diags.push(d);
    }

    pub(super) fn block(&self, body: BlockBody) -> Block {
        Block {
            step: if self.depth == 0 { self.step } else { 0 },
            body,
        }
    }

    /// Blocks until the matching end tag (or the end of input).
    pub(super) fn blocks(&mut self, end: Option<TagEnd>) -> Vec<Block> {
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
    pub(super) fn flush(&mut self, loose: &mut Vec<Inline>, out: &mut Vec<Block>) {
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

    pub(super) fn start_block(&mut self, tag: Tag<'a>, range: Range<usize>, out: &mut Vec<Block>) {
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
                if src == ". . ." && self.in_columns > 0 {
                    self.push_diag(
                        Diagnostic::warning(
                            self.ctx.file,
                            self.pos(&range),
                            "a pause inside columns is ignored: the columns appear together",
                        )
                        .with_len(5)
                        .with_help(
                            "put the pause before `:::: columns` or after its closing `::::`",
                        ),
                    );
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
                        range: self.base + range.start..self.base + range.end,
                    });
                    if let Some((_, Some(src))) =
                        attrs.iter().find(|(k, _)| k.as_ref() == "background")
                    {
                        let heading = &self.text[self.base + range.start..self.base + range.end];
                        let at = heading.rfind("background=").unwrap_or(0);
                        // `background="assets/a b.jpg"`: the quoted path whole.
                        let src = super::slides::quoted_background(heading)
                            .unwrap_or_else(|| src.to_string());
                        let len = "background=".len() + src.len();
                        let at = self.base + range.start + at;
                        self.background =
                            Some(self.located(src, String::new(), self.idx.pos(at), len));
                    }
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
                let alert = kind.map(|k| match k {
                    BlockQuoteKind::Note => Alert::Note,
                    BlockQuoteKind::Tip => Alert::Tip,
                    BlockQuoteKind::Important => Alert::Important,
                    BlockQuoteKind::Warning => Alert::Warning,
                    BlockQuoteKind::Caution => Alert::Caution,
                });
                out.push(self.block(BlockBody::Quote { blocks, alert }));
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
                            // The box comes first in a tight item and inside
                            // the first paragraph of a loose one; a nested
                            // item's box is its own.
                            let outer = self.task.take();
                            let step = if top && self.incremental {
                                self.step += 1;
                                self.max_step = self.max_step.max(self.step);
                                self.step
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

    pub(super) fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    /// Raw HTML: comments are dropped (an author's aside, invisible in any
    /// Markdown preview); the rest is kept only when the course allows it.
    pub(super) fn raw_html(&mut self, html: &str, range: &Range<usize>) -> Option<Block> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::blocks_text;
    use crate::parse::parse_for_test;

    /// The block types of a slide's body, as the JSON model names them.
    fn types(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| {
                serde_json::to_value(b).expect("serialises")["type"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn markdown_blocks_become_model_blocks() {
        for (md, want) in [
            ("# T\n\npara", vec!["paragraph"]),
            ("# T\n\n## sub\n\ntext", vec!["heading", "paragraph"]),
            ("# T\n\n- a\n- b", vec!["list"]),
            ("# T\n\n> q", vec!["quote"]),
            ("# T\n\n```rust\nfn x() {}\n```", vec!["code"]),
            ("# T\n\n| a | b |\n|---|---|\n| 1 | 2 |", vec!["table"]),
            ("# T\n\n***", vec!["rule"]),
            (
                "# T\n\ntext[^1]\n\n[^1]: note",
                vec!["paragraph", "footnote"],
            ),
            ("# T\n\n<!-- a comment -->\n\ntext", vec!["paragraph"]),
            ("# T\n\n<div>x</div>", vec!["paragraph"]),
        ] {
            let (deck, _) = parse_for_test(md);
            assert_eq!(types(&deck.slides[0].blocks), want, "{md}");
        }
    }

    #[test]
    fn lists_keep_tasks_markers_and_numbering() {
        let (deck, _) = parse_for_test(
            "# T\n\n3. a\n4. b\n\n---\n\n- [ ] open\n- [x] done\n\n---\n\n- ➔ arrow\n- plain\n",
        );
        let list = |i: usize| match &deck.slides[i].blocks[0].body {
            BlockBody::List {
                ordered,
                start,
                items,
            } => (*ordered, *start, items.clone()),
            other => panic!("{other:?}"),
        };
        let (ordered, start, items) = list(0);
        assert!(ordered);
        assert_eq!((start, items.len()), (3, 2));
        let (_, _, items) = list(1);
        assert_eq!(
            items.iter().map(|i| i.task).collect::<Vec<_>>(),
            [Some(false), Some(true)]
        );
        assert_eq!(blocks_text(&items[0].blocks), "open");
        let (_, _, items) = list(2);
        assert_eq!(
            items
                .iter()
                .map(|i| i.marker.as_deref())
                .collect::<Vec<_>>(),
            [Some("➔"), None]
        );
    }

    #[test]
    fn an_item_keeps_its_own_arrow_as_its_only_marker() {
        let para = |t: &str| Block {
            step: 0,
            body: BlockBody::Paragraph {
                content: vec![Inline::Text { s: t.into() }],
            },
        };
        for (text, marker, rest) in [
            ("➔ ZELF: wat we voelen", Some("➔"), "ZELF: wat we voelen"),
            ("✓ klaar", Some("✓"), "klaar"),
            ("gewoon een punt", None, "gewoon een punt"),
            ("→", None, "→"),
            ("- dash", None, "- dash"),
        ] {
            let mut blocks = vec![para(text)];
            assert_eq!(own_marker(&mut blocks).as_deref(), marker, "{text}");
            assert_eq!(blocks_text(&blocks), rest, "{text}");
        }
    }

    #[test]
    fn deep_nesting_is_flattened_not_lost() {
        let md = format!("# T\n\n{}deep", ">".repeat(20));
        let (deck, _) = parse_for_test(&md);
        fn depth(b: &[Block]) -> usize {
            b.iter()
                .map(|b| match &b.body {
                    BlockBody::Quote { blocks, .. } => 1 + depth(blocks),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        assert!(depth(&deck.slides[0].blocks) <= MAX_BLOCK_NESTING);
        assert_eq!(blocks_text(&deck.slides[0].blocks), "deep");
    }

    #[test]
    fn raw_html_is_text_with_a_warning_once_per_line() {
        let (deck, diags) = parse_for_test("# T\n\na <b>b</b> <i>c</i>\n");
        assert_eq!(blocks_text(&deck.slides[0].blocks), "a <b>b</b> <i>c</i>");
        assert_eq!(
            diags
                .iter()
                .filter(|d| d.message.contains("raw HTML"))
                .count(),
            1
        );
    }
}

#[cfg(test)]
mod task_tests {
    use crate::deck::*;
    use crate::parse::parse_for_test;

    #[test]
    fn loose_and_tight_task_lists_keep_their_boxes() {
        for md in [
            "# T\n\n- [ ] a\n- [x] b\n",
            "# T\n\n- [ ] a\n\n- [x] b\n",
            "# T\n\n* [ ] a\n  more\n* [x] b\n",
        ] {
            let (deck, _) = parse_for_test(md);
            let BlockBody::List { items, .. } = &deck.slides[0].blocks[0].body else {
                panic!("{md}: a list")
            };
            let tasks: Vec<Option<bool>> = items.iter().map(|i| i.task).collect();
            assert_eq!(tasks, [Some(false), Some(true)], "{md}");
            assert!(blocks_text(&items[0].blocks).starts_with('a'), "{md}");
        }
    }
}

#[cfg(test)]
mod alert_and_footnote_tests {
    use crate::deck::*;
    use crate::parse::parse_for_test;

    #[test]
    fn github_alerts_are_callouts_and_other_quotes_stay_quotes() {
        for (md, alert) in [
            ("> [!NOTE]\n> Bring it.", Some(Alert::Note)),
            ("> [!TIP]\n> Try.", Some(Alert::Tip)),
            ("> [!IMPORTANT]\n> Yes.", Some(Alert::Important)),
            ("> [!WARNING]\n> Careful.", Some(Alert::Warning)),
            ("> [!CAUTION]\n> Stop.", Some(Alert::Caution)),
            ("> [!note]\n> lower case too", Some(Alert::Note)),
            ("> Just a quote.", None),
            ("> [!UNKNOWN]\n> Kept as text.", None),
        ] {
            let (deck, _) = parse_for_test(&format!("# T\n\n{md}"));
            let BlockBody::Quote { alert: got, blocks } = &deck.slides[0].blocks[0].body else {
                panic!("{md}: a quote")
            };
            assert_eq!(*got, alert, "{md}");
            assert!(!blocks_text(blocks).is_empty(), "{md}");
        }
    }

    #[test]
    fn footnotes_go_to_the_bottom_of_their_slide_in_number_order() {
        let (deck, _) = parse_for_test(
            "# T\n\n[^b]: second\n\nA[^a] and B[^b].\n\n[^a]: first\n\nMore text.\n",
        );
        let order: Vec<String> = deck.slides[0]
            .blocks
            .iter()
            .map(|b| match &b.body {
                BlockBody::Footnote { number, .. } => format!("note {number}"),
                other => blocks_text(&[Block {
                    step: 0,
                    body: other.clone(),
                }]),
            })
            .collect();
        assert_eq!(order, ["A[1] and B[2].", "More text.", "note 1", "note 2"]);
    }
}

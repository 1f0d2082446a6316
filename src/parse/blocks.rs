//! Model blocks from Markdown's: the parts of paragraphs, headings,
//! lists, quotes, code, tables and raw HTML that need no more than their
//! own input, and the numbering of footnotes and of a slide's steps.

use pulldown_cmark::{Alignment, BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Parser, Tag};
use std::collections::HashMap;

use super::context::markdown_options;
use crate::deck::{Alert, Align, Block, BlockBody, Inline};

/// Arrows and ticks an author writes at the start of a list item.
const OWN_MARKERS: [char; 9] = ['➔', '→', '⇒', '➜', '►', '▶', '✓', '✔', '•'];

/// Takes an arrow or tick off the start of a bullet item's text, to be
/// drawn as its marker: `- ➔ ZELF` gets one marker, not "• ➔".
pub(super) fn own_marker(blocks: &mut [Block]) -> Option<String> {
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

/// Footnote numbers: notes are numbered in the order they are referred
/// to, wherever their text is written.
pub(super) struct Footnotes(HashMap<String, usize>);

impl Footnotes {
    /// The numbers of the notes `src` refers to.
    pub(super) fn of(src: &str) -> Self {
        let mut footnotes = Footnotes(HashMap::new());
        if src.contains("[^") {
            for event in Parser::new_ext(src, markdown_options()) {
                if let Event::FootnoteReference(label) = event {
                    footnotes.number(&label);
                }
            }
        }
        footnotes
    }

    /// The number of the note `label`, the next one when it is new.
    pub(super) fn number(&mut self, label: &str) -> usize {
        let next = self.0.len() + 1;
        *self.0.entry(label.to_string()).or_insert(next)
    }
}

/// A slide's steps: what a pause (`. . .`) or the next item of an
/// incremental list reveals.
#[derive(Default)]
pub(super) struct Steps {
    /// The step the blocks being read appear at.
    pub current: u32,
    /// The last step.
    pub max: u32,
    /// The slide's lists reveal one item per step (`{.incremental}`).
    pub incremental: bool,
}

impl Steps {
    /// Goes on to the next step, and returns it.
    pub(super) fn advance(&mut self) -> u32 {
        self.current += 1;
        self.max = self.max.max(self.current);
        self.current
    }
}

/// A paragraph holding only `. . .` is a pause.
pub(super) fn is_pause(src: &str) -> bool {
    src.trim() == ". . ."
}

/// Tags that open a block (the rest are inline).
pub(super) fn is_block(tag: &Tag) -> bool {
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

pub(super) fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// A GitHub alert (`> [!NOTE]`) as the callout it makes.
pub(super) fn alert(kind: BlockQuoteKind) -> Alert {
    match kind {
        BlockQuoteKind::Note => Alert::Note,
        BlockQuoteKind::Tip => Alert::Tip,
        BlockQuoteKind::Important => Alert::Important,
        BlockQuoteKind::Warning => Alert::Warning,
        BlockQuoteKind::Caution => Alert::Caution,
    }
}

/// A table's column alignments.
pub(super) fn aligns(align: &[Alignment]) -> Vec<Align> {
    align
        .iter()
        .map(|a| match a {
            Alignment::None => Align::None,
            Alignment::Left => Align::Left,
            Alignment::Center => Align::Center,
            Alignment::Right => Align::Right,
        })
        .collect()
}

/// A code block's language: the first word of a fence's info string.
pub(super) fn code_lang(kind: &CodeBlockKind) -> String {
    match kind {
        CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
        CodeBlockKind::Indented => String::new(),
    }
}

/// An HTML comment: an author's aside, invisible in any Markdown preview.
pub(super) fn is_html_comment(html: &str) -> bool {
    let t = html.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::blocks_text;
    use crate::parse::context::MAX_BLOCK_NESTING;
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

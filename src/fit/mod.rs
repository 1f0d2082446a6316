//! Fit and flow: the author writes logical slides; this module turns each
//! one into the projected pages a screen shows.
//!
//! A slide's content is cut into *units*, the places where a page may end:
//! every top-level block, every item of a top-level list (and every block
//! of an item that holds several), every sentence of a paragraph, and
//! every row of a row of columns. The theme's Typst template measures the units (see the
//! `fit` document in `deck.typ`) and decides, per slide, one body size and
//! the units where new pages start: a [`Fit`]. Every backend then builds
//! the same [`Page`]s from the same decision, so the HTML, the PDF and the
//! model agree on slide count, breaks and type size.

pub mod bound;
pub mod cache;
pub mod measure;

pub use cache::{Fitter, LaidOutDeck};

use serde::{Deserialize, Serialize};

use crate::deck::{Block, BlockBody, Column, Deck, Inline, ListItem, Slide, SlideKind};

/// How a unit joins its neighbours when they land on one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// A whole block.
    Block,
    /// One item of a top-level list: consecutive items of one list merge.
    Item,
    /// One sentence of a paragraph: consecutive sentences merge.
    Sentence,
    /// One line of a code block: consecutive lines merge. Long code is
    /// cut between lines only when the block alone exceeds a page.
    Line,
    /// One block of a list item that holds several (a point and its
    /// example): like `Item`, but a page ends inside the item only when the
    /// item alone exceeds a page.
    Part,
    /// One row of a row of columns: the k-th block or list item of every
    /// column, side by side. Like `Part`, a page ends inside the columns
    /// only when they alone exceed a page; then each column goes on, beside
    /// the others, on the next.
    Row,
}

/// One piece of a slide's content that a page may end after.
#[derive(Debug, Clone, Serialize)]
pub struct Unit {
    /// Index of the top-level block this unit comes from.
    pub group: usize,
    pub kind: UnitKind,
    /// A `Part` after the first of its item: it continues that item.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cont: bool,
    /// A `Row`: per column, whether its piece is a further item of the list
    /// the column's piece in the row before belongs to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub joins: Vec<bool>,
    /// The unit as a block of its own: a one-item list, a one-sentence
    /// paragraph, a row of columns, or the block itself.
    pub block: Block,
}

/// The fitting decision for one slide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fit {
    /// Body text size in points.
    pub size: f64,
    /// Units where the second, third, … page starts.
    #[serde(default)]
    pub breaks: Vec<usize>,
    /// Units that do not fit on a page even alone (shown clipped).
    #[serde(default)]
    pub overfull: Vec<usize>,
}

impl Fit {
    /// The decision for a slide that is shown as written, at the theme's size.
    pub fn unfitted(body: f64) -> Fit {
        Fit {
            size: body,
            breaks: Vec::new(),
            overfull: Vec::new(),
        }
    }

    pub fn pages(&self) -> usize {
        self.breaks.len() + 1
    }
}

/// Whether the engine fits this kind of slide (title and section slides
/// have a fixed, centred layout of their own).
pub fn is_fitted(kind: SlideKind) -> bool {
    !matches!(kind, SlideKind::Title | SlideKind::Section)
}

/// Cuts a slide's content into units.
pub fn units(slide: &Slide) -> Vec<Unit> {
    let mut out = Vec::new();
    for (group, block) in slide.blocks.iter().enumerate() {
        let unit = |kind, cont, body| Unit {
            group,
            kind,
            cont,
            joins: Vec::new(),
            block: Block {
                step: block.step,
                body,
            },
        };
        match &block.body {
            BlockBody::List {
                ordered,
                start,
                items,
            } => {
                for (i, item) in items.iter().enumerate() {
                    out.extend(item_units(item).map(|(piece, kind, cont)| {
                        unit(kind, cont, one_item_list(*ordered, start + i as u64, piece))
                    }));
                }
            }
            BlockBody::Paragraph { content } => {
                let sentences = sentences(content);
                let kind = if sentences.len() > 1 {
                    UnitKind::Sentence
                } else {
                    UnitKind::Block
                };
                for content in sentences {
                    out.push(unit(kind, false, BlockBody::Paragraph { content }));
                }
            }
            BlockBody::Code { lang, text } if text.lines().count() > 1 => {
                for line in text.split('\n') {
                    let (lang, text) = (lang.clone(), line.to_string());
                    out.push(unit(UnitKind::Line, false, BlockBody::Code { lang, text }));
                }
            }
            BlockBody::Columns { columns } => out.extend(column_rows(group, block, columns)),
            _ => out.push(Unit {
                group,
                kind: UnitKind::Block,
                cont: false,
                joins: Vec::new(),
                block: block.clone(),
            }),
        }
    }
    out
}

/// A row of columns as units: one `Row` per k-th piece (a block, or an
/// item of a list) of the columns; the whole block when no column holds
/// more than one piece.
fn column_rows(group: usize, block: &Block, columns: &[Column]) -> Vec<Unit> {
    // Per column, its pieces and whether each continues the list before it.
    let pieces: Vec<Vec<(Block, bool)>> = columns
        .iter()
        .map(|c| {
            let mut out = Vec::new();
            for b in &c.blocks {
                match &b.body {
                    BlockBody::List {
                        ordered,
                        start,
                        items,
                    } => {
                        for (i, item) in items.iter().enumerate() {
                            let body = one_item_list(*ordered, start + i as u64, item.clone());
                            out.push((Block { step: b.step, body }, i > 0));
                        }
                    }
                    _ => out.push((b.clone(), false)),
                }
            }
            out
        })
        .collect();
    let rows = pieces.iter().map(Vec::len).max().unwrap_or(0);
    if rows < 2 {
        return vec![Unit {
            group,
            kind: UnitKind::Block,
            cont: false,
            joins: Vec::new(),
            block: block.clone(),
        }];
    }
    (0..rows)
        .map(|k| {
            let piece = |p: &[(Block, bool)]| p.get(k).cloned();
            Unit {
                group,
                kind: UnitKind::Row,
                cont: k > 0,
                joins: pieces
                    .iter()
                    .map(|p| piece(p).is_some_and(|(_, joins)| joins))
                    .collect(),
                block: Block {
                    step: block.step,
                    body: BlockBody::Columns {
                        columns: columns
                            .iter()
                            .zip(&pieces)
                            .map(|(c, p)| Column {
                                blocks: piece(p).map(|(b, _)| b).into_iter().collect(),
                                ..c.clone()
                            })
                            .collect(),
                    },
                },
            }
        })
        .collect()
}

/// A list item as units: whole, or one part per block when it holds
/// several (a point and its example), each with its kind and whether it
/// continues the item.
fn item_units(item: &ListItem) -> impl Iterator<Item = (ListItem, UnitKind, bool)> + '_ {
    let whole = (item.blocks.len() < 2).then(|| (item.clone(), UnitKind::Item, false));
    let parts = (item.blocks.len() >= 2)
        .then(|| {
            item.blocks.iter().enumerate().map(|(k, part)| {
                let piece = ListItem {
                    blocks: vec![part.clone()],
                    ..item.clone()
                };
                (piece, UnitKind::Part, k > 0)
            })
        })
        .into_iter()
        .flatten();
    whole.into_iter().chain(parts)
}

/// Joins the units that land on one page back into blocks: items of one
/// list into that list, sentences of one paragraph into that paragraph.
/// The template's `merge-units` does the same for the PDF.
pub fn merge(units: &[Unit]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut last_group = None;
    for unit in units {
        let joined = last_group == Some(unit.group) && unit.kind != UnitKind::Block;
        match (
            joined,
            out.last_mut().map(|b| &mut b.body),
            &unit.block.body,
        ) {
            (true, Some(BlockBody::List { items, .. }), BlockBody::List { items: more, .. }) => {
                match items.last_mut() {
                    // The rest of an item goes on in it.
                    Some(last) if unit.cont => {
                        last.blocks
                            .extend(more.iter().flat_map(|i| i.blocks.iter().cloned()));
                    }
                    _ => items.extend(more.iter().cloned()),
                }
            }
            (
                true,
                Some(BlockBody::Paragraph { content }),
                BlockBody::Paragraph { content: more },
            ) => {
                content.push(Inline::Text { s: " ".into() });
                content.extend(more.iter().cloned());
            }
            (true, Some(BlockBody::Code { text, .. }), BlockBody::Code { text: more, .. }) => {
                text.push('\n');
                text.push_str(more);
            }
            (true, Some(BlockBody::Columns { columns }), BlockBody::Columns { columns: more }) => {
                for ((column, more), &joins) in columns.iter_mut().zip(more).zip(&unit.joins) {
                    join_column(column, more, joins);
                }
            }
            _ => out.push(unit.block.clone()),
        }
        last_group = Some(unit.group);
    }
    out
}

/// One item of a list as a list of its own, numbered as it was.
fn one_item_list(ordered: bool, start: u64, item: ListItem) -> BlockBody {
    BlockBody::List {
        ordered,
        start,
        items: vec![item],
    }
}

/// A row's piece of one column after what the rows before put in it: a
/// further item of the same list goes into that list.
fn join_column(column: &mut Column, more: &Column, joins: bool) {
    for b in &more.blocks {
        match (column.blocks.last_mut().map(|l| &mut l.body), &b.body) {
            (Some(BlockBody::List { items, .. }), BlockBody::List { items: next, .. }) if joins => {
                items.extend(next.iter().cloned());
            }
            _ => column.blocks.push(b.clone()),
        }
    }
}

/// Splits a paragraph after sentence ends (`.`, `?`, `!`, `…`, optionally
/// followed by a closing quote or bracket) that are followed by a space.
/// Only plain text at the top of the paragraph is cut: a sentence end inside
/// emphasis or a link keeps its run whole. Never cuts inside a word.
fn sentences(content: &[Inline]) -> Vec<Vec<Inline>> {
    let mut out: Vec<Vec<Inline>> = vec![Vec::new()];
    for (i, inline) in content.iter().enumerate() {
        let followed = i + 1 < content.len();
        let Inline::Text { s } = inline else {
            out.last_mut().expect("never empty").push(inline.clone());
            continue;
        };
        let mut rest = s.as_str();
        while let Some(cut) = sentence_end(rest, followed) {
            let (head, tail) = rest.split_at(cut);
            if !head.is_empty() {
                out.last_mut()
                    .expect("never empty")
                    .push(Inline::Text { s: head.into() });
            }
            out.push(Vec::new());
            rest = tail.trim_start();
        }
        if !rest.is_empty() {
            out.last_mut()
                .expect("never empty")
                .push(Inline::Text { s: rest.into() });
        }
    }
    out.retain(|s| !s.is_empty());
    if out.is_empty() {
        out.push(Vec::new());
    }
    out
}

/// The byte offset just after the first sentence end in `s` that is
/// followed by whitespace and then more text (in `s`, or, when `followed`,
/// in the inlines after it).
fn sentence_end(s: &str, followed: bool) -> Option<usize> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for (i, &(_, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '?' | '!' | '…') {
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && matches!(chars[j].1, '"' | '\'' | '”' | '’' | ')' | '»') {
            j += 1;
        }
        let space = chars.get(j).is_some_and(|&(_, c)| c.is_whitespace());
        // "bv. de" is no sentence end; a capital, digit or quote starts one
        // (what starts the next inline is not looked at).
        let next = chars[j..]
            .iter()
            .map(|&(_, c)| c)
            .find(|c| !c.is_whitespace());
        let more = next.is_some() || followed;
        let starts = next.is_none_or(|c| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '„' | '‘' | '"' | '(')
        });
        if space && more && starts {
            return Some(chars.get(j).map_or(s.len(), |&(b, _)| b));
        }
    }
    None
}

/// Parallel slides share one step: consecutive slides of one kind whose
/// titles share their lead ("Stijlen: RQ · Veilige …", "Stijlen: RQ ·
/// Angstige …"), or consecutive statements, are set at the smallest step
/// any of them needs when each fits on one page, so the items read as one
/// series. A smaller step of the scale always fits where a larger one did.
pub fn share_steps(deck: &Deck, fits: &mut [Fit]) {
    let lead = |s: &Slide| {
        let title = crate::deck::inline_text(&s.title);
        title
            .rfind([':', '·'])
            .map(|i| title[..i].trim().to_string())
            .filter(|l| !l.is_empty())
    };
    let single = |fits: &[Fit], k: usize| {
        let s = &deck.slides[k];
        is_fitted(s.kind)
            && !s.blocks.is_empty()
            && fits
                .get(k)
                .is_some_and(|f| f.breaks.is_empty() && f.overfull.is_empty())
    };
    let mut start = 0;
    while start < deck.slides.len() {
        let first = &deck.slides[start];
        let parallel = |s: &Slide| {
            s.kind == first.kind
                && (first.kind == SlideKind::Statements
                    || lead(s).is_some_and(|l| Some(l) == lead(first)))
        };
        let end = (start + 1..deck.slides.len())
            .find(|&k| !parallel(&deck.slides[k]))
            .unwrap_or(deck.slides.len());
        let run: Vec<usize> = (start..end).filter(|&k| single(fits, k)).collect();
        if run.len() >= 2 {
            let least = run.iter().map(|&k| fits[k].size).fold(f64::MAX, f64::min);
            for k in run {
                fits[k].size = least;
            }
        }
        start = end;
    }
}

/// One projected page: a part of a logical slide, as it is shown.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// 1-based number among the deck's projected pages.
    pub number: usize,
    /// Index of the logical slide in `deck.slides`.
    pub slide: usize,
    /// 1-based part of the logical slide, and how many parts it has.
    pub part: usize,
    pub parts: usize,
    /// Body text size in points.
    pub size: f64,
    /// The blocks this page shows, with reveal steps renumbered from 0.
    pub blocks: Vec<Block>,
    pub steps: u32,
    /// The slide's planned minutes shared out over its pages.
    pub time: Option<f64>,
}

/// The projected pages of a deck from its fitting decisions (one per slide;
/// a missing one shows the slide as written at `body` size).
pub fn paginate(deck: &Deck, fits: &[Fit], body: f64) -> Vec<Page> {
    let mut pages = Vec::new();
    for (index, slide) in deck.slides.iter().enumerate() {
        let fit = fits
            .get(index)
            .cloned()
            .unwrap_or_else(|| Fit::unfitted(body));
        let parts: Vec<Vec<Block>> = if is_fitted(slide.kind) && !fit.breaks.is_empty() {
            let units = units(slide);
            let mut bounds = vec![0];
            bounds.extend(
                fit.breaks
                    .iter()
                    .copied()
                    .filter(|&b| b > 0 && b < units.len()),
            );
            bounds.push(units.len());
            bounds.dedup();
            bounds
                .windows(2)
                .map(|w| {
                    let mut blocks = merge(&units[w[0]..w[1]]);
                    if units[w[0]].cont {
                        continued_item(&mut blocks);
                    }
                    blocks
                })
                .collect()
        } else {
            vec![slide.blocks.clone()]
        };
        let count = parts.len();
        for (part, mut blocks) in parts.into_iter().enumerate() {
            // A continuation page opens with its first unit shown (a page of
            // nothing but a title is no step); later steps follow in order.
            if part > 0 {
                let first = first_step(&blocks);
                shift_steps(&mut blocks, first);
            }
            pages.push(Page {
                number: pages.len() + 1,
                slide: index,
                part: part + 1,
                parts: count,
                size: fit.size,
                steps: max_step(&blocks),
                blocks,
                time: slide.time.map(|t| t / count as f64),
            });
        }
    }
    pages
}

/// A page that starts inside a list item goes on with that item: no
/// number, bullet or box a second time (an empty marker draws none).
fn continued_item(blocks: &mut [Block]) {
    if let Some(BlockBody::List { items, .. }) = blocks.first_mut().map(|b| &mut b.body) {
        if let Some(first) = items.first_mut() {
            first.marker = Some(String::new());
            first.task = None;
        }
    }
}

/// The step at which the first content of a page appears.
fn first_step(blocks: &[Block]) -> u32 {
    let mut first = u32::MAX;
    for b in blocks {
        match &b.body {
            BlockBody::List { items, .. } if !items.is_empty() => {
                for item in items {
                    first = first.min(b.step.max(item.step));
                }
            }
            _ => first = first.min(b.step),
        }
    }
    if first == u32::MAX {
        0
    } else {
        first
    }
}

fn shift_steps(blocks: &mut [Block], by: u32) {
    for b in blocks {
        b.step = b.step.saturating_sub(by);
        if let BlockBody::List { items, .. } = &mut b.body {
            for item in items {
                item.step = item.step.saturating_sub(by);
            }
        }
    }
}

fn max_step(blocks: &[Block]) -> u32 {
    let mut max = 0;
    for b in blocks {
        max = max.max(b.step);
        if let BlockBody::List { items, .. } = &b.body {
            max = items.iter().map(|i| i.step).fold(max, u32::max);
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{inline_text, ListItem};
    use crate::diag::Pos;

    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::Text { s: s.into() }]
    }

    fn para(s: &str) -> Block {
        Block {
            step: 0,
            body: BlockBody::Paragraph { content: text(s) },
        }
    }

    fn list(items: &[&str], incremental: bool) -> Block {
        Block {
            step: 0,
            body: BlockBody::List {
                ordered: true,
                start: 1,
                items: items
                    .iter()
                    .enumerate()
                    .map(|(i, s)| ListItem {
                        step: if incremental { i as u32 + 1 } else { 0 },
                        task: None,
                        marker: None,
                        blocks: vec![para(s)],
                        chars: u32::try_from(s.chars().count()).unwrap(),
                    })
                    .collect(),
            },
        }
    }

    fn slide(blocks: Vec<Block>) -> Slide {
        Slide {
            number: 1,
            kind: SlideKind::List,
            title: text("T"),
            steps: 0,
            background: None,
            blocks,
            notes: vec![],
            time: Some(6.0),
            lines: None,
            pos: Pos { line: 1, col: 1 },
        }
    }

    fn columns(left: Vec<Block>, right: Vec<Block>) -> Block {
        let column = |blocks| Column {
            width: None,
            share: 50.0,
            blocks,
        };
        Block {
            step: 0,
            body: BlockBody::Columns {
                columns: vec![column(left), column(right)],
            },
        }
    }

    #[test]
    fn columns_are_cut_into_rows_that_merge_back_into_them() {
        let cols = columns(
            vec![list(&["a", "b", "c"], false), para("after")],
            vec![para("right")],
        );
        let us = units(&slide(vec![cols.clone()]));
        let kinds: Vec<(UnitKind, bool)> = us.iter().map(|u| (u.kind, u.cont)).collect();
        assert_eq!(
            kinds,
            [
                (UnitKind::Row, false),
                (UnitKind::Row, true),
                (UnitKind::Row, true),
                (UnitKind::Row, true)
            ]
        );
        // The second and third rows go on with the list; the fourth starts
        // a paragraph; the right column has only a first piece.
        assert_eq!(us[1].joins, [true, false]);
        assert_eq!(us[3].joins, [false, false]);
        let whole = merge(&us);
        assert_eq!(
            serde_json::to_string(&whole).unwrap(),
            serde_json::to_string(&[cols]).unwrap()
        );
        // Cut after the second row: the list goes on, numbered, on page 2.
        let merged = merge(&us[2..]);
        let BlockBody::Columns { columns } = &merged[0].body else {
            panic!("{merged:?}")
        };
        let BlockBody::List { start, items, .. } = &columns[0].blocks[0].body else {
            panic!("{columns:?}")
        };
        assert_eq!((*start, items.len()), (3, 1));
        assert!(columns[1].blocks.is_empty());
    }

    #[test]
    fn columns_of_one_piece_each_stay_one_block() {
        let cols = columns(vec![para("left")], vec![para("right")]);
        let us = units(&slide(vec![cols]));
        assert_eq!(us.len(), 1);
        assert_eq!(us[0].kind, UnitKind::Block);
    }

    /// A deck of these slides.
    fn deck_of(slides: Vec<Slide>) -> Deck {
        Deck {
            file: "d.md".into(),
            stem: "d".into(),
            title: "D".into(),
            session: None,
            session_pos: Pos::default(),
            mode: crate::deck::Mode::F2f,
            duration: 90,
            theme: None,
            fillable: false,
            slides,
        }
    }

    /// The pages of a one-slide deck cut at `breaks`, at 24 pt.
    fn paginate_one(s: Slide, breaks: Vec<usize>) -> Vec<Page> {
        let deck = deck_of(vec![s]);
        let fit = Fit {
            size: 24.0,
            breaks,
            overfull: vec![],
        };
        paginate(&deck, &[fit], 26.0)
    }

    #[test]
    fn parallel_slides_share_the_smallest_step_any_of_them_needs() {
        let titled = |kind, title: &str| Slide {
            kind,
            title: text(title),
            ..slide(vec![para("x")])
        };
        let fit = |size: f64, breaks: Vec<usize>| Fit {
            size,
            breaks,
            overfull: vec![],
        };
        let deck = deck_of(vec![
            titled(SlideKind::Statements, "Stijlen: RQ · Veilig"),
            titled(SlideKind::Statements, "Stijlen: RQ · Angstig"),
            titled(SlideKind::Statements, "Stijlen: RQ · Vermijdend"),
            titled(SlideKind::List, "Opdracht 1: jezelf"),
            titled(SlideKind::List, "Opdracht 1: de ander"),
            titled(SlideKind::List, "Iets anders"),
        ]);
        let mut fits = vec![
            fit(30.0, vec![]),
            fit(26.0, vec![]),
            // Flows: keeps its own decision, and sets none for the others.
            fit(24.0, vec![1]),
            fit(34.0, vec![]),
            fit(28.0, vec![]),
            fit(24.0, vec![]),
        ];
        share_steps(&deck, &mut fits);
        let sizes: Vec<f64> = fits.iter().map(|f| f.size).collect();
        assert_eq!(sizes, [26.0, 26.0, 24.0, 28.0, 28.0, 24.0]);
    }

    #[test]
    fn sentences_cut_after_sentence_ends_only() {
        let cases: [(&str, &[&str]); 5] = [
            ("Een. Twee? Drie!", &["Een.", "Twee?", "Drie!"]),
            ("Zie bv. de tekst. Daarna", &["Zie bv. de tekst.", "Daarna"]),
            (
                "Hij zei: “Kom.” Toen ging hij.",
                &["Hij zei: “Kom.”", "Toen ging hij."],
            ),
            ("Versie 1.2 is uit.", &["Versie 1.2 is uit."]),
            ("Eén zin zonder einde", &["Eén zin zonder einde"]),
        ];
        for (input, want) in cases {
            let got: Vec<String> = sentences(&text(input))
                .iter()
                .map(|s| inline_text(s))
                .collect();
            assert_eq!(got, want, "{input}");
        }
    }

    #[test]
    fn emphasis_keeps_its_sentences_together() {
        let content = vec![
            Inline::Text {
                s: "Begin. ".into(),
            },
            Inline::Strong {
                c: text("Vet. Nog vet."),
            },
            Inline::Text {
                s: " Eind. Slot.".into(),
            },
        ];
        let got: Vec<String> = sentences(&content).iter().map(|s| inline_text(s)).collect();
        assert_eq!(got, ["Begin.", "Vet. Nog vet. Eind.", "Slot."]);
    }

    #[test]
    fn units_merge_back_into_the_blocks_they_came_from() {
        let s = slide(vec![
            para("Een. Twee."),
            list(&["a", "b", "c"], false),
            para("Slot"),
        ]);
        let us = units(&s);
        let kinds: Vec<UnitKind> = us.iter().map(|u| u.kind).collect();
        use UnitKind::*;
        assert_eq!(kinds, [Sentence, Sentence, Item, Item, Item, Block]);
        let merged = merge(&us);
        assert_eq!(merged.len(), 3);
        assert_eq!(
            crate::deck::blocks_text(&merged),
            "Een. Twee.\na\nb\nc\nSlot"
        );
    }

    #[test]
    fn an_item_of_several_blocks_is_cut_between_them_and_goes_on_unmarked() {
        let mut l = list(&["een", "twee"], false);
        if let BlockBody::List { items, .. } = &mut l.body {
            items[0].blocks.push(para("Bv. een voorbeeld."));
        }
        let s = slide(vec![l]);
        let us = units(&s);
        let parts: Vec<(UnitKind, bool)> = us.iter().map(|u| (u.kind, u.cont)).collect();
        use UnitKind::{Item, Part};
        assert_eq!(parts, [(Part, false), (Part, true), (Item, false)]);
        let merged = merge(&us);
        let BlockBody::List { items, .. } = &merged[0].body else {
            panic!("a list")
        };
        assert_eq!((items.len(), items[0].blocks.len()), (2, 2));
        // A page that starts with the example shows it without a second "1.".
        let pages = paginate_one(s, vec![1]);
        let BlockBody::List { start, items, .. } = &pages[1].blocks[0].body else {
            panic!("a list")
        };
        assert_eq!(*start, 1);
        assert_eq!(items[0].marker.as_deref(), Some(""));
        assert_eq!(
            crate::deck::blocks_text(&items[0].blocks),
            "Bv. een voorbeeld."
        );
        assert_eq!(items[1].marker, None);
    }

    #[test]
    fn code_is_cut_between_lines_and_merges_back_whole() {
        let code = crate::deck::Block {
            step: 0,
            body: BlockBody::Code {
                lang: "rust".into(),
                text: "fn a() {\n    b();\n\n}".into(),
            },
        };
        let s = slide(vec![para("Intro."), code, para("End")]);
        let us = units(&s);
        let kinds: Vec<UnitKind> = us.iter().map(|u| u.kind).collect();
        use UnitKind::{Block as B, Line as L};
        assert_eq!(kinds, [B, L, L, L, L, B]);
        let merged = merge(&us);
        assert_eq!(merged.len(), 3);
        let BlockBody::Code { lang, text } = &merged[1].body else {
            panic!("code")
        };
        assert_eq!(
            (lang.as_str(), text.as_str()),
            ("rust", "fn a() {\n    b();\n\n}")
        );
        // A page that starts inside the block gets the rest of its lines.
        let rest = merge(&us[3..5]);
        assert!(matches!(&rest[0].body, BlockBody::Code { text, .. } if text == "\n}"));
    }

    #[test]
    fn pages_continue_numbering_and_restart_steps() {
        let s = slide(vec![list(&["a", "b", "c", "d"], true)]);
        let pages = paginate_one(s, vec![2]);
        assert_eq!(pages.len(), 2);
        assert_eq!((pages[1].part, pages[1].parts, pages[1].number), (2, 2, 2));
        assert_eq!(pages[0].time, Some(3.0));
        let BlockBody::List { start, items, .. } = &pages[1].blocks[0].body else {
            panic!("a list")
        };
        // The second page's list goes on at 3, and its first item shows on arrival.
        assert_eq!(*start, 3);
        assert_eq!(items.iter().map(|i| i.step).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(pages[1].steps, 1);
    }
}

//! Statements: every top-level item of the list a card of its own, two
//! to a row, with the kind's colour along its top.

use super::canvas::{Canvas, Rect};
use super::heights::{blocks_height, framed_height};
use super::master::body_pr;
use super::measure::ABOVE_CAP;
use super::shape_tree::{round_rect, solid, SlideXml, RECT};
use super::slide::Ctx;
use super::text::{small_size, TextStyle};
use crate::deck::{Block, ListItem};

/// The gap between cards, and a card's inset around its text.
const GAP: f64 = 12.0;
const INSET: f64 = 12.0;

/// How many cards stand in a row `width` wide, and how wide each column
/// is: two cards alone share the row by their text
/// ([`crate::deck::card_shares`]), more stand in equal columns.
pub fn card_columns(items: &[ListItem], width: f64) -> (usize, [f64; 2]) {
    let cols = if items.len() >= 2 { 2 } else { 1 };
    let room = width - GAP * (cols as f64 - 1.0);
    match crate::deck::card_shares(items) {
        Some((a, b)) => (cols, [room * a, room * b]),
        None => (cols, [room / cols as f64; 2]),
    }
}

/// One card's height: its text at `small` points in its insets, and its
/// coloured top.
pub fn card_height(
    item: &ListItem,
    small: f64,
    card_w: f64,
    inner: &TextStyle,
    canvas: &Canvas,
) -> f64 {
    let content = blocks_height(&item.blocks, small, card_w - 2.0 * INSET, inner, canvas);
    framed_height(content, small, INSET) + 2.0 * canvas.rule
}

/// The style of a card's text: the page's small size; lists in a card
/// are lists.
fn card_style(st: &TextStyle) -> TextStyle {
    TextStyle {
        top: false,
        size: small_size(st),
        ..st.clone()
    }
}

/// The rows of cards one under the other.
pub fn cards_height(items: &[ListItem], st: &TextStyle, canvas: &Canvas, width: f64) -> f64 {
    let (cols, card_w) = card_columns(items, width);
    let small = small_size(st);
    let inner = card_style(st);
    let mut h = 0.0;
    for (r, row) in items.chunks(cols).enumerate() {
        if r > 0 {
            h += GAP;
        }
        h += row
            .iter()
            .zip(card_w)
            .map(|(i, w)| card_height(i, small, w, &inner, canvas))
            .fold(0.0, f64::max);
    }
    h
}

/// The cards in `rect` (x, y, width, height), row by row; the cards of a
/// row as tall as its tallest.
pub fn cards(x: &mut SlideXml, ctx: &Ctx, items: &[ListItem], st: &TextStyle, rect: Rect) {
    let canvas = &ctx.canvas;
    let c = &ctx.theme.colors;
    let (left, top, width, _) = rect;
    let small = small_size(st);
    let (cols, card_w) = card_columns(items, width);
    let inner = card_style(st);
    let mut y = top;
    for row in items.chunks(cols) {
        let h = row
            .iter()
            .zip(card_w)
            .map(|(i, w)| card_height(i, small, w, &inner, canvas))
            .fold(0.0, f64::max);
        for (i, item) in row.iter().enumerate() {
            let cx = left + if i == 0 { 0.0 } else { card_w[0] + GAP };
            let card_w = card_w[i];
            let blocks: Vec<&Block> = item.blocks.iter().collect();
            let p = x.paragraphs_xml(&blocks, &inner);
            let ins = (
                INSET,
                INSET + 2.0 * canvas.rule - ABOVE_CAP * small,
                INSET,
                0.0,
            );
            x.text_shape(
                "Card",
                None,
                (cx, y, card_w, h),
                &round_rect(card_w, h, ctx.theme.layout.radius),
                &format!("{}<a:ln><a:noFill/></a:ln>", solid(&c.surface)),
                // Where the face is missing and a wider one stands in
                // (LibreOffice sets DejaVu Sans), the text shrinks inside
                // the card instead of running out of it.
                &body_pr("t", ins, true),
                &p,
            );
            x.shape(
                "Card bar",
                (cx, y, card_w, 2.0 * canvas.rule),
                RECT,
                &solid(&c.kinds[st.kind.name()]),
            );
        }
        y += h + GAP;
    }
}

#[cfg(test)]
mod tests {
    use crate::render::pptx::test_support as t;

    #[test]
    fn statements_are_cards_two_to_a_row() {
        let f = t::fixture("## S {.statements}\n\n- **A.** one\n- **B.** two\n- **C.** three\n");
        let (xml, ..) = f.slide(1);
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        let cards = t::all_named(&shapes, "Card");
        assert_eq!(cards.len(), 3);
        assert_eq!(t::all_named(&shapes, "Card bar").len(), 3);
        let texts: Vec<String> = cards.iter().map(|c| c.paragraphs[0].text()).collect();
        assert_eq!(texts, ["A. one", "B. two", "C. three"]);
        let (a, b, c) = (cards[0].xfrm, cards[1].xfrm, cards[2].xfrm);
        assert_eq!(a.1, b.1, "side by side");
        assert_eq!(a.2, b.2, "as wide");
        assert!(b.0 > a.0 + a.2, "apart");
        assert_eq!(c.0, a.0, "the next row");
        assert!(c.1 > a.1 + a.3);
        assert!(cards[0].paragraphs[0].runs[0].bold);
    }

    /// Two cards alone share their row by their text, as in the PDF and
    /// the HTML (`deck::card_shares`): a short statement beside a long
    /// meaning gets 40 %.
    #[test]
    fn two_cards_share_their_row_by_their_text() {
        let long = "lang ".repeat(40);
        let f = t::fixture(&format!("## S {{.statements}}\n\n- kort\n- {long}\n"));
        let (xml, ..) = f.slide(1);
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        let cards = t::all_named(&shapes, "Card");
        let (a, b) = (cards[0].xfrm, cards[1].xfrm);
        assert_eq!(a.1, b.1, "side by side");
        let share = a.2 as f64 / (a.2 + b.2) as f64;
        assert!((share - 0.4).abs() < 0.001, "{share}");
        assert!(b.0 > a.0 + a.2, "apart");
        // Where a wider face stands in for a missing one, the card's text
        // shrinks inside it (normAutofit) instead of running out.
        // Shapes are named "Card 7", "Card bar 8", …
        let shapes: Vec<&str> = xml
            .split("name=\"Card ")
            .skip(1)
            .filter(|s| s.starts_with(|c: char| c.is_ascii_digit()))
            .collect();
        assert_eq!(shapes.len(), 2);
        for card in shapes {
            let shape = &card[..card.find("</p:sp>").unwrap()];
            assert!(shape.contains("<a:normAutofit/>"), "{shape}");
        }
    }
}

//! Blocks drawn as shapes of their own: a quote beside its rule, code in
//! its box, a rule; and, each in its own file, pictures (`image`),
//! tables (`table`), videos (`video`), statement cards (`cards`) and
//! columns (`columns`).

use super::canvas::{box_top, Rect};
use super::cards::cards;
use super::columns::columns;
use super::image::image;
use super::master::{body_pr, NO_INSET};
use super::measure::ABOVE_CAP;
use super::shape_tree::{round_rect, solid, SlideXml, RECT};
use super::slide::Ctx;
use super::table::table;
use super::text::{small_size, TextStyle};
use super::video::video;
use crate::deck::{Block, BlockBody};
use crate::theme::geometry::TEMPLATE;

/// A block drawn as shapes of its own in `rect` (x, y, width, height).
pub fn shape_block(x: &mut SlideXml, ctx: &Ctx, b: &Block, st: &TextStyle, rect: Rect) {
    let (left, top, width, _) = rect;
    match &b.body {
        BlockBody::Image(img) => image(x, ctx, img, st, rect),
        BlockBody::Columns { columns: cs } => columns(x, ctx, cs, st, rect),
        BlockBody::Video(v) => video(x, v, st, rect),
        // Statements: each top-level item a card, two to a row.
        BlockBody::List { items, .. } => cards(x, ctx, items, st, rect),
        BlockBody::Quote { blocks, .. } => quote(x, ctx, blocks, st, rect),
        BlockBody::Code { .. } => code(x, ctx, b, st, rect),
        BlockBody::Table { head, rows, .. } => table(x, ctx, head, rows, st, rect),
        BlockBody::Rule => x.shape(
            "Rule",
            (left, top, width, ctx.canvas.rule),
            RECT,
            &solid(&ctx.theme.colors.surface),
        ),
        _ => {}
    }
}

/// A quote: the kind's rule along its left, its text beside it, inset
/// and padded as the template sets it.
fn quote(x: &mut SlideXml, ctx: &Ctx, blocks: &[Block], st: &TextStyle, rect: Rect) {
    let (left, top, width, height) = rect;
    let rule = ctx.canvas.rule;
    let size = st.size;
    x.shape(
        "Quote bar",
        (left, top, rule, height),
        RECT,
        &solid(&ctx.theme.colors.kinds[st.kind.name()]),
    );
    let inner = TextStyle {
        top: false,
        ..st.clone()
    };
    let bs: Vec<&Block> = blocks.iter().collect();
    let p = x.paragraphs_xml(&bs, &inner);
    let t = box_top(top + TEMPLATE.quote_pad, size);
    x.text_shape(
        "Quote",
        None,
        (
            left + TEMPLATE.quote_inset + rule,
            t,
            width - TEMPLATE.quote_inset - rule,
            height + 0.4 * size,
        ),
        RECT,
        "<a:noFill/>",
        &body_pr("t", NO_INSET, true),
        &p,
    );
}

/// Code in a rounded box of the surface colour, its lines in the code face.
fn code(x: &mut SlideXml, ctx: &Ctx, b: &Block, st: &TextStyle, rect: Rect) {
    let (_, _, width, height) = rect;
    let small = small_size(st);
    let p = x.paragraphs_xml(&[b], st);
    let ins = (10.0, 10.0 - ABOVE_CAP * small, 10.0, 10.0);
    x.text_shape(
        "Code",
        None,
        rect,
        &round_rect(width, height, ctx.theme.layout.radius),
        &format!(
            "{}<a:ln><a:noFill/></a:ln>",
            solid(&ctx.theme.colors.surface)
        ),
        &body_pr("t", ins, true),
        &p,
    );
}

//! Blocks drawn as shapes of their own: columns side by side, a video
//! with its QR code, statement cards, a quote beside its rule, code in
//! its box, a rule; pictures (`image`) and tables (`table`).

use super::body::{pieces, Piece};
use super::canvas::{box_height, box_top, LINE_PCT};
use super::heights::{block_height, blocks_height, card_columns, card_height, column_boxes};
use super::image::image;
use super::master::body_pr;
use super::measure::SPACING;
use super::shape_tree::{round_rect, solid, SlideXml, RECT};
use super::slide::Ctx;
use super::table::table;
use super::text::{para_close, small_size, TextStyle};
use super::video::video_runs;
use crate::deck::{Block, BlockBody, SlideKind};
use crate::theme::geometry::TEMPLATE;

/// A block drawn as shapes of its own in `rect` (x, y, width, height).
pub fn shape_block(
    x: &mut SlideXml,
    ctx: &Ctx,
    b: &Block,
    st: &TextStyle,
    rect: (f64, f64, f64, f64),
) {
    let canvas = &ctx.canvas;
    let theme = ctx.theme;
    let c = &theme.colors;
    let (left, top, width, height) = rect;
    let size = st.size;
    let small = small_size(st);
    match &b.body {
        BlockBody::Image(img) => image(x, ctx, img, st, rect),
        BlockBody::Columns { columns } => {
            // Side by side, as in the PDF: each column its own pieces,
            // text boxes and pictures, from the row's top.
            let inner = TextStyle {
                top: false,
                ..st.clone()
            };
            for ((col_left, col_w), c) in
                column_boxes(columns, left, width).into_iter().zip(columns)
            {
                let mut y = top;
                for piece in pieces(&c.blocks, SlideKind::Plain) {
                    let h = match &piece {
                        Piece::Text(bs) => {
                            let owned: Vec<Block> = bs.iter().map(|b| (*b).clone()).collect();
                            blocks_height(&owned, size, col_w, &inner, canvas)
                        }
                        Piece::Shape(b) => block_height(b, size, col_w, &inner, canvas),
                    };
                    match &piece {
                        Piece::Text(bs) => {
                            let p = x.paragraphs_xml(bs, &inner);
                            let t = box_top(y, size);
                            let r = (
                                col_left,
                                t,
                                col_w,
                                (y + h + 0.4 * size - t).max(box_height(1, size)),
                            );
                            let body_pr = body_pr("t", (0.0, 0.0, 0.0, 0.0), false);
                            x.text_shape("Column", None, r, RECT, "<a:noFill/>", &body_pr, &p);
                        }
                        Piece::Shape(b) => shape_block(x, ctx, b, &inner, (col_left, y, col_w, h)),
                    }
                    y += h + SPACING * size;
                }
            }
        }
        BlockBody::Video(v) => {
            let qr = size * 5.0;
            let text_left = left + qr + 18.0;
            if let Some(pic) = x.media.qr(&v.url) {
                let link = crate::parse::check_link(&v.url)
                    .is_ok()
                    .then_some(v.url.as_str());
                x.picture(
                    &pic,
                    &format!("QR: {}", v.url),
                    (left, top + (height - qr) / 2.0, qr, qr),
                    link,
                );
            }
            let mut p = format!("<a:p><a:pPr algn=\"l\"><a:lnSpc><a:spcPct val=\"{LINE_PCT}\"/></a:lnSpc><a:buNone/></a:pPr>");
            video_runs(&mut p, v, st, &mut x.rels);
            para_close(&mut p, st, small);
            x.text_shape(
                "Video link",
                None,
                (text_left, top, width - qr - 18.0, height),
                RECT,
                "<a:noFill/>",
                &body_pr("ctr", (0.0, 0.0, 0.0, 0.0), true),
                &p,
            );
        }
        BlockBody::List { items, .. } => {
            // Statements: each top-level item a card, two to a row.
            let (cols, card_w) = card_columns(items.len(), width);
            let inner = TextStyle {
                size: small,
                top: false,
                ..st.clone()
            };
            let mut y = top;
            for row in items.chunks(cols) {
                let h = row
                    .iter()
                    .map(|i| card_height(i, small, card_w, &inner, canvas))
                    .fold(0.0, f64::max);
                for (i, item) in row.iter().enumerate() {
                    let cx = left + i as f64 * (card_w + 12.0);
                    let blocks: Vec<&Block> = item.blocks.iter().collect();
                    let p = x.paragraphs_xml(&blocks, &inner);
                    let r = (cx, y, card_w, h);
                    let ins = (12.0, 12.0 + 2.0 * canvas.rule - 0.2 * small, 12.0, 0.0);
                    x.text_shape(
                        "Card",
                        None,
                        r,
                        &round_rect(card_w, h, theme.layout.radius),
                        &format!("{}<a:ln><a:noFill/></a:ln>", solid(&c.surface)),
                        &body_pr("t", ins, false),
                        &p,
                    );
                    x.shape(
                        "Card bar",
                        (cx, y, card_w, 2.0 * canvas.rule),
                        RECT,
                        &solid(&c.kinds[st.kind.name()]),
                    );
                }
                y += h + 12.0;
            }
        }
        BlockBody::Quote { blocks, .. } => {
            x.shape(
                "Quote bar",
                (left, top, canvas.rule, height),
                RECT,
                &solid(&c.kinds[st.kind.name()]),
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
                    left + TEMPLATE.quote_inset + canvas.rule,
                    t,
                    width - TEMPLATE.quote_inset - canvas.rule,
                    height + 0.4 * size,
                ),
                RECT,
                "<a:noFill/>",
                &body_pr("t", (0.0, 0.0, 0.0, 0.0), true),
                &p,
            );
        }
        BlockBody::Code { .. } => {
            let bs = [b];
            let p = x.paragraphs_xml(&bs, st);
            let ins = (10.0, 10.0 - 0.2 * small, 10.0, 10.0);
            x.text_shape(
                "Code",
                None,
                rect,
                &round_rect(width, height, theme.layout.radius),
                &format!("{}<a:ln><a:noFill/></a:ln>", solid(&c.surface)),
                &body_pr("t", ins, true),
                &p,
            );
        }
        BlockBody::Table { head, rows, .. } => table(x, ctx, head, rows, st, rect),
        BlockBody::Rule => x.shape(
            "Rule",
            (left, top, width, canvas.rule),
            RECT,
            &solid(&c.surface),
        ),
        _ => {}
    }
}

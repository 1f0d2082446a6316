//! The body of a content slide: its blocks as pieces (text flowing in
//! one frame, or a shape of its own), stacked in the room below the title,
//! in the kind's frame.

use super::blocks::shape_block;
use super::canvas::{box_height, box_top};
use super::heights::{block_height, blocks_height, framed_height};
use super::master::{body_pr, frame_of};
use super::measure::SPACING;
use super::shape_tree::{round_rect, solid, SlideXml, RECT};
use super::slide::Ctx;
use super::text::TextStyle;
use crate::deck::{Block, BlockBody, SlideKind};
use crate::fit::Page;
use crate::theme::geometry::TEMPLATE;

/// The pieces a page's body is drawn as: text flows in one frame; a
/// picture, a video, statement cards, a table or code are shapes of their own.
pub enum Piece<'a> {
    Text(Vec<&'a Block>),
    Shape(&'a Block),
}

pub fn pieces(blocks: &[Block], kind: SlideKind) -> Vec<Piece<'_>> {
    let mut out: Vec<Piece> = Vec::new();
    for b in blocks {
        let shape = match &b.body {
            BlockBody::Image(_)
            | BlockBody::Video(_)
            | BlockBody::Table { .. }
            | BlockBody::Code { .. }
            | BlockBody::Quote { .. }
            | BlockBody::Columns { .. }
            | BlockBody::Rule => true,
            BlockBody::List { .. } => kind == SlideKind::Statements,
            _ => false,
        };
        if shape {
            out.push(Piece::Shape(b));
        } else if let Some(Piece::Text(list)) = out.last_mut() {
            list.push(b);
        } else {
            out.push(Piece::Text(vec![b]));
        }
    }
    out
}

/// The body of a content slide: its pieces stacked in the room below the
/// title, a little above the middle as in the template (`v(1fr)` above,
/// `v(1.4fr)` below), in the kind's frame for definitions and assignments.
pub fn body(
    x: &mut SlideXml,
    ctx: &Ctx,
    page: &Page,
    st: &TextStyle,
    label: bool,
    title_lines: usize,
) {
    let canvas = &ctx.canvas;
    let theme = ctx.theme;
    let size = page.size;
    let frame = frame_of(st.kind, theme);
    let (inset_x, inset_y) = TEMPLATE.frame_inset(st.kind);
    let outer_w = canvas.width();
    let inner_w = outer_w - 2.0 * inset_x;
    let pieces = pieces(&page.blocks, st.kind);
    let heights: Vec<f64> = pieces
        .iter()
        .map(|p| match p {
            Piece::Text(bs) => {
                let owned: Vec<Block> = bs.iter().map(|b| (*b).clone()).collect();
                blocks_height(&owned, size, inner_w, st, canvas)
            }
            Piece::Shape(b) => block_height(b, size, inner_w, st, canvas),
        })
        .collect();
    let content =
        heights.iter().sum::<f64>() + SPACING * size * heights.len().saturating_sub(1) as f64;
    let framed_h = if frame.is_some() {
        framed_height(content, size, inset_y)
    } else {
        content
    };
    let room_top = canvas.room_top(label, title_lines);
    let room = canvas.room_bottom() - room_top;
    let top = room_top + (room - framed_h).max(0.0) / 2.4;
    // A framed kind whose body is one text piece: the placeholder is the frame.
    let frame_is_placeholder =
        frame.is_some() && pieces.len() == 1 && matches!(pieces[0], Piece::Text(_));
    if let Some((fill, _)) = &frame {
        if !frame_is_placeholder {
            let r = (canvas.m, top, outer_w, framed_h);
            x.shape("Frame", r, &round_rect(r.2, r.3, theme.layout.radius), fill);
        }
    }
    let mut y = top + inset_y;
    let mut placeholder_used = false;
    for (piece, h) in pieces.iter().zip(&heights) {
        match piece {
            Piece::Text(bs) => {
                let p = x.paragraphs_xml(bs, st);
                let (ph, rect, geom, fill, body_pr) = if !placeholder_used && frame_is_placeholder {
                    let (fill, _) = frame.clone().unwrap_or_default();
                    let r = (canvas.m, top, outer_w, framed_h);
                    let ins = (
                        inset_x
                            + if st.kind == SlideKind::Definition {
                                2.0 * canvas.rule
                            } else {
                                0.0
                            },
                        inset_y - 0.2 * size,
                        inset_x,
                        0.0,
                    );
                    (
                        Some("idx=\"1\""),
                        r,
                        round_rect(r.2, r.3, theme.layout.radius),
                        fill,
                        body_pr("t", ins, false),
                    )
                } else {
                    let last = std::ptr::eq(piece, pieces.last().expect("not empty"));
                    let bottom = if last && frame.is_none() {
                        canvas.room_bottom()
                    } else {
                        y + h + 0.4 * size
                    };
                    let t = box_top(y, size);
                    let r = (
                        canvas.m + inset_x,
                        t,
                        inner_w,
                        (bottom - t).max(box_height(1, size)),
                    );
                    let ph = (!placeholder_used).then_some("idx=\"1\"");
                    (
                        ph,
                        r,
                        RECT.to_string(),
                        if ph.is_some() {
                            String::new()
                        } else {
                            "<a:noFill/>".into()
                        },
                        // Text that runs to the room's end may shrink to fit
                        // there; a box with a shape below it keeps its size.
                        body_pr("t", (0.0, 0.0, 0.0, 0.0), last && frame.is_none()),
                    )
                };
                if ph.is_some() {
                    placeholder_used = true;
                }
                x.text_shape(
                    if ph.is_some() { "Content" } else { "Text" },
                    ph,
                    rect,
                    &geom,
                    &fill,
                    &body_pr,
                    &p,
                );
            }
            Piece::Shape(b) => shape_block(x, ctx, b, st, (canvas.m + inset_x, y, inner_w, *h)),
        }
        y += h + SPACING * size;
    }
    if st.kind == SlideKind::Definition {
        let r = (canvas.m, top, 2.0 * canvas.rule, framed_h);
        x.shape(
            "Definition bar",
            r,
            RECT,
            &solid(&theme.colors.kinds["definition"]),
        );
    }
}

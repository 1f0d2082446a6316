//! Columns side by side, as in the slides PDF: each column its share of
//! the row, its own pieces (text boxes and shapes) from the row's top.

use super::blocks::shape_block;
use super::canvas::{box_height, box_top, Canvas, Rect};
use super::master::{body_pr, NO_INSET};
use super::measure::SPACING;
use super::pieces::{piece_height, pieces, stacked, Piece};
use super::shape_tree::{SlideXml, RECT};
use super::slide::Ctx;
use super::text::TextStyle;
use crate::deck::{Block, Column, SlideKind};

/// The PDF's gap between columns.
const GAP: f64 = 24.0;

/// Where each column stands in a row `width` wide from `left`: its left
/// edge and width, with the PDF's 24 pt gap between columns.
pub fn column_boxes(columns: &[Column], left: f64, width: f64) -> Vec<(f64, f64)> {
    let room = (width - GAP * columns.len().saturating_sub(1) as f64).max(1.0);
    let mut x = left;
    columns
        .iter()
        .map(|c| {
            let w = room * f64::from(c.share) / 100.0;
            let at = x;
            x += w + GAP;
            (at, w)
        })
        .collect()
}

/// What a column holds is drawn in: lists in it are lists.
fn column_style(st: &TextStyle) -> TextStyle {
    TextStyle {
        top: false,
        ..st.clone()
    }
}

/// A column's height: its pieces one under the other.
pub fn column_height(
    blocks: &[Block],
    size: f64,
    width: f64,
    st: &TextStyle,
    canvas: &Canvas,
) -> f64 {
    let inner = column_style(st);
    let heights: Vec<f64> = pieces(blocks, SlideKind::Plain)
        .iter()
        .map(|p| piece_height(p, size, width, &inner, canvas))
        .collect();
    stacked(&heights, size)
}

/// The columns in the row `rect` (x, y, width, height).
pub fn columns(x: &mut SlideXml, ctx: &Ctx, columns: &[Column], st: &TextStyle, rect: Rect) {
    let (left, top, width, _) = rect;
    let size = st.size;
    let inner = column_style(st);
    for ((col_left, col_w), c) in column_boxes(columns, left, width).into_iter().zip(columns) {
        let mut y = top;
        for piece in pieces(&c.blocks, SlideKind::Plain) {
            let h = piece_height(&piece, size, col_w, &inner, &ctx.canvas);
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
                    let body_pr = body_pr("t", NO_INSET, false);
                    x.text_shape("Column", None, r, RECT, "<a:noFill/>", &body_pr, &p);
                }
                Piece::Shape(b) => shape_block(x, ctx, b, &inner, (col_left, y, col_w, h)),
            }
            y += h + SPACING * size;
        }
    }
}

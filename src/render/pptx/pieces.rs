//! The pieces a body is drawn as: text that flows in one frame, or a
//! block that is a shape of its own; how tall each stands, one under the
//! other.

use super::canvas::Canvas;
use super::heights::{block_height, blocks_height};
use super::measure::SPACING;
use super::text::TextStyle;
use crate::deck::{Block, BlockBody, SlideKind};

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

/// The height a piece takes at `size` in `width` points.
pub fn piece_height(piece: &Piece, size: f64, width: f64, st: &TextStyle, canvas: &Canvas) -> f64 {
    match piece {
        Piece::Text(bs) => blocks_height(bs.iter().copied(), size, width, st, canvas),
        Piece::Shape(b) => block_height(b, size, width, st, canvas),
    }
}

/// The height of pieces of these heights one under the other, a
/// paragraph's spacing at `size` apart.
pub fn stacked(heights: &[f64], size: f64) -> f64 {
    heights.iter().sum::<f64>() + SPACING * size * heights.len().saturating_sub(1) as f64
}

//! How tall blocks stand on a page, as the slides PDF sets them, so the
//! shapes go where the PDF has them: text from the fonts' advances
//! (`measure`), pictures, cards, columns and tables from the template's
//! rules.

use super::body::{pieces, Piece};
use super::canvas::Canvas;
use super::list::list_column;
use super::measure::{lines, text_height, Style, CAP, LEADING, SPACING};
use super::text::{heading_size, small_size, TextStyle};
use crate::deck::{Block, BlockBody, Inline, ListItem, SlideKind};
use crate::theme::geometry::TEMPLATE;

/// The height blocks take in the slides PDF at `size` in `width` points.
pub fn blocks_height(
    blocks: &[Block],
    size: f64,
    width: f64,
    st: &TextStyle,
    canvas: &Canvas,
) -> f64 {
    let mut h = 0.0;
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            h += SPACING * size;
        }
        h += block_height(b, size, width, st, canvas);
    }
    h
}

pub fn block_height(b: &Block, size: f64, width: f64, st: &TextStyle, canvas: &Canvas) -> f64 {
    let plain = Style {
        bold: st.bold,
        ..Style::default()
    };
    let st_at = TextStyle { size, ..st.clone() };
    match &b.body {
        BlockBody::Paragraph { content } => text_height(lines(content, plain, size, width), size),
        BlockBody::Heading { content, .. } => {
            let hs = heading_size(&st_at);
            text_height(
                lines(
                    content,
                    Style {
                        bold: true,
                        ..plain
                    },
                    hs,
                    width,
                ),
                hs,
            )
        }
        BlockBody::List {
            ordered,
            start,
            items,
        } => {
            if st.top && st.kind == SlideKind::Statements {
                return cards_height(items, &st_at, canvas, width);
            }
            let last = start + items.len().saturating_sub(1) as u64;
            let col = list_column(*ordered, last, size);
            let inner = TextStyle {
                top: false,
                ..st.clone()
            };
            let mut h = 0.0;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    h += LEADING * size;
                }
                h += blocks_height(&item.blocks, size, width - col, &inner, canvas).max(CAP * size);
            }
            h
        }
        BlockBody::Quote { blocks, .. } => {
            blocks_height(
                blocks,
                size,
                width - TEMPLATE.quote_inset - canvas.rule,
                st,
                canvas,
            ) + 2.0 * TEMPLATE.quote_pad
        }
        BlockBody::Code { text, .. } => {
            let small = small_size(&st_at);
            text_height(text.lines().count().max(1), small) + 20.0
        }
        BlockBody::Table { head, rows, .. } => {
            let small = small_size(&st_at);
            (rows.len() + usize::from(!head.is_empty())) as f64 * (CAP * small + 12.0) * 1.25
        }
        BlockBody::Image(img) => {
            if let (Some(_), Some(w), Some(aspect)) = (&img.file, img.width, img.aspect) {
                // Sized: the picture's own height at that width, as in the PDF.
                sized_width(w, width) * aspect
            } else if img.file.is_some() {
                canvas.h * 0.55
            } else {
                let small = small_size(&st_at);
                text_height(3, small) + 28.0
            }
        }
        BlockBody::Video(v) => {
            let small = small_size(&st_at);
            let text_w = width - size * 5.0 - 18.0;
            let mut t = text_height(
                lines(&[Inline::Text { s: v.url.clone() }], plain, small, text_w),
                small,
            );
            if let Some(l) = &v.label {
                t += text_height(
                    lines(
                        &[Inline::Text { s: l.clone() }],
                        Style {
                            bold: true,
                            ..plain
                        },
                        size,
                        text_w,
                    ),
                    size,
                ) + SPACING * size;
            }
            t.max(size * 5.0)
        }
        BlockBody::Footnote { blocks, .. } => {
            let small = small_size(&st_at);
            blocks_height(blocks, small, width, st, canvas)
        }
        BlockBody::Rule => canvas.rule,
        BlockBody::Html { .. } => 0.0,
        BlockBody::Columns { columns } => column_boxes(columns, 0.0, width)
            .into_iter()
            .zip(columns)
            .map(|((_, w), c)| column_height(&c.blocks, size, w, st, canvas))
            .fold(0.0, f64::max),
    }
}

/// Statements: every top-level item a card, two to a row.
pub fn cards_height(items: &[ListItem], st: &TextStyle, canvas: &Canvas, width: f64) -> f64 {
    let (cols, card_w) = card_columns(items.len(), width);
    let small = small_size(st);
    let inner = TextStyle {
        top: false,
        size: small,
        ..st.clone()
    };
    let mut h = 0.0;
    for (r, row) in items.chunks(cols).enumerate() {
        if r > 0 {
            h += 12.0;
        }
        h += row
            .iter()
            .map(|i| card_height(i, small, card_w, &inner, canvas))
            .fold(0.0, f64::max);
    }
    h
}

/// The height a frame around text needs: the slides PDF's, or more where
/// the text frame's lines (1.2 em each, the last one's descent included)
/// need more, so no reader shrinks the text to make it fit.
pub fn framed_height(content: f64, size: f64, inset_y: f64) -> f64 {
    let pdf = content + 2.0 * inset_y;
    let frame = content * 1.02 + 0.55 * size + inset_y - 0.2 * size + 4.0;
    pdf.max(frame)
}

pub fn card_height(
    item: &ListItem,
    small: f64,
    card_w: f64,
    inner: &TextStyle,
    canvas: &Canvas,
) -> f64 {
    let content = blocks_height(&item.blocks, small, card_w - 24.0, inner, canvas);
    framed_height(content, small, 12.0) + 2.0 * canvas.rule
}

pub fn card_columns(n: usize, width: f64) -> (usize, f64) {
    let cols = if n >= 2 { 2 } else { 1 };
    (cols, (width - 12.0 * (cols as f64 - 1.0)) / cols as f64)
}

/// A sized image's width in a box `width` wide: a share of it, or points
/// (a slide's pixel), never wider than the box.
pub fn sized_width(w: crate::deck::Width, width: f64) -> f64 {
    match w {
        crate::deck::Width::Percent(p) => width * f64::from(p) / 100.0,
        crate::deck::Width::Px(px) => f64::from(px).min(width),
    }
}

/// Where each column stands in a row `width` wide from `left`: its left
/// edge and width, with the PDF's 24 pt gap between columns.
pub fn column_boxes(columns: &[crate::deck::Column], left: f64, width: f64) -> Vec<(f64, f64)> {
    const GAP: f64 = 24.0;
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

/// A column's height: its pieces one under the other.
pub fn column_height(
    blocks: &[Block],
    size: f64,
    width: f64,
    st: &TextStyle,
    canvas: &Canvas,
) -> f64 {
    let inner = TextStyle {
        top: false,
        ..st.clone()
    };
    let heights: Vec<f64> = pieces(blocks, SlideKind::Plain)
        .iter()
        .map(|p| match p {
            Piece::Text(bs) => {
                let owned: Vec<Block> = bs.iter().map(|b| (*b).clone()).collect();
                blocks_height(&owned, size, width, &inner, canvas)
            }
            Piece::Shape(b) => block_height(b, size, width, &inner, canvas),
        })
        .collect();
    heights.iter().sum::<f64>() + SPACING * size * heights.len().saturating_sub(1) as f64
}

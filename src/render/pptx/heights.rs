//! How tall blocks stand on a page, as the slides PDF sets them, so the
//! shapes go where the PDF has them: text from the fonts' advances
//! (`measure`), pictures, cards, columns and tables from the template's
//! rules.

use super::canvas::Canvas;
use super::cards::cards_height;
use super::columns::{column_boxes, column_height};
use super::list::list_column;
use super::measure::{lines, text_height, Style, ABOVE_CAP, CAP, LEADING, SPACING};
use super::text::{heading_size, small_size, TextStyle};
use super::video::GUTTER;
use crate::deck::{Block, BlockBody, Image, Inline, ListItem, SlideKind, Video};
use crate::theme::geometry::TEMPLATE;

/// The height blocks take in the slides PDF at `size` in `width` points.
pub fn blocks_height<'b>(
    blocks: impl IntoIterator<Item = &'b Block>,
    size: f64,
    width: f64,
    st: &TextStyle,
    canvas: &Canvas,
) -> f64 {
    let mut h = 0.0;
    for (i, b) in blocks.into_iter().enumerate() {
        if i > 0 {
            h += SPACING * size;
        }
        h += block_height(b, size, width, st, canvas);
    }
    h
}

/// The height one block takes in the slides PDF at `size` in `width` points.
pub fn block_height(b: &Block, size: f64, width: f64, st: &TextStyle, canvas: &Canvas) -> f64 {
    let plain = Style {
        bold: st.bold,
        ..Style::default()
    };
    match &b.body {
        BlockBody::Paragraph { content } => text_height(lines(content, plain, size, width), size),
        BlockBody::Heading { content, .. } => {
            let hs = heading_size(st);
            let bold = Style {
                bold: true,
                ..plain
            };
            text_height(lines(content, bold, hs, width), hs)
        }
        BlockBody::List {
            ordered,
            start,
            items,
        } => {
            if st.top && st.kind == SlideKind::Statements {
                return cards_height(items, st, canvas, width);
            }
            let last = start + items.len().saturating_sub(1) as u64;
            let col = list_column(*ordered, last, size);
            items_height(items, size, width - col, st, canvas)
        }
        BlockBody::Quote { blocks, .. } => {
            let inside = width - TEMPLATE.quote_inset - canvas.rule;
            blocks_height(blocks, size, inside, st, canvas) + 2.0 * TEMPLATE.quote_pad
        }
        BlockBody::Code { text, .. } => {
            text_height(text.lines().count().max(1), small_size(st)) + 20.0
        }
        BlockBody::Table { head, rows, .. } => {
            let small = small_size(st);
            (rows.len() + usize::from(!head.is_empty())) as f64 * (CAP * small + 12.0) * 1.25
        }
        BlockBody::Image(img) => image_height(img, width, st, canvas),
        BlockBody::Video(v) => video_height(v, size, width, plain, st),
        BlockBody::Footnote { blocks, .. } => {
            blocks_height(blocks, small_size(st), width, st, canvas)
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

/// A list's items one under the other, at the line pitch, their text in
/// `width` (the list's text column); an item at least a line.
fn items_height(items: &[ListItem], size: f64, width: f64, st: &TextStyle, canvas: &Canvas) -> f64 {
    let inner = TextStyle {
        top: false,
        ..st.clone()
    };
    let mut h = 0.0;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            h += LEADING * size;
        }
        h += blocks_height(&item.blocks, size, width, &inner, canvas).max(CAP * size);
    }
    h
}

/// A picture: its own height at its `{width=…}`, as in the PDF; the
/// template's picture height otherwise; the missing picture's frame.
fn image_height(img: &Image, width: f64, st: &TextStyle, canvas: &Canvas) -> f64 {
    if let (Some(_), Some(w), Some(aspect)) = (&img.file, img.width, img.aspect) {
        // Sized: the picture's own height at that width, as in the PDF.
        sized_width(w, width) * aspect
    } else if img.file.is_some() {
        canvas.h * 0.55
    } else {
        text_height(3, small_size(st)) + 28.0
    }
}

/// A video: its label and link beside the QR code, at least the code's
/// height.
fn video_height(v: &Video, size: f64, width: f64, plain: Style, st: &TextStyle) -> f64 {
    let small = small_size(st);
    let text_w = width - st.qr - GUTTER;
    let mut t = text_height(
        lines(&[Inline::Text { s: v.url.clone() }], plain, small, text_w),
        small,
    );
    if let Some(l) = &v.label {
        let bold = Style {
            bold: true,
            ..plain
        };
        t += text_height(
            lines(&[Inline::Text { s: l.clone() }], bold, size, text_w),
            size,
        ) + SPACING * size;
    }
    t.max(st.qr)
}

/// The height a frame around text needs: the slides PDF's, or more where
/// the text frame's lines (1.2 em each, the last one's descent included)
/// need more, so no reader shrinks the text to make it fit.
pub fn framed_height(content: f64, size: f64, inset_y: f64) -> f64 {
    let pdf = content + 2.0 * inset_y;
    let frame = content * 1.02 + 0.55 * size + inset_y - ABOVE_CAP * size + 4.0;
    pdf.max(frame)
}

/// A sized image's width in a box `width` wide: a share of it, or points
/// (a slide's pixel), never wider than the box.
pub fn sized_width(w: crate::deck::Width, width: f64) -> f64 {
    match w {
        crate::deck::Width::Percent(p) => width * f64::from(p) / 100.0,
        crate::deck::Width::Px(px) => f64::from(px).min(width),
    }
}

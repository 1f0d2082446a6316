//! Lists as paragraphs with hanging bullets or numbers: the template's
//! text column, the kind's marks (ticks for recaps), nested levels.

use super::measure::{LEADING, SPACING};
use super::paragraphs::paragraphs;
use super::rels::Rels;
use super::text::{inlines, para_close, para_open, Bullet, Run, TextStyle};
use crate::deck::{BlockBody, ListItem, SlideKind};

/// The template's text column for a list: 1.2 em for bullets, 1.8 em
/// for numbers, 2.4 em from number 10 on.
pub fn list_column(ordered: bool, last: u64, size: f64) -> f64 {
    size * if !ordered {
        1.2
    } else if last >= 10 {
        2.4
    } else {
        1.8
    }
}

#[allow(clippy::too_many_arguments)]
pub fn list(
    out: &mut String,
    ordered: bool,
    start: u64,
    items: &[ListItem],
    st: &TextStyle,
    level: usize,
    indent: f64,
    first: &mut bool,
    rels: &mut Rels,
) {
    let last = start + items.len().saturating_sub(1) as u64;
    let col = list_column(ordered, last, st.size);
    let mar = indent + col;
    let recap = st.top && st.kind == SlideKind::Recap && !ordered;
    let inner = TextStyle {
        top: false,
        ..st.clone()
    };
    let mut explicit = true;
    for (i, item) in items.iter().enumerate() {
        let number = start + i as u64;
        let mark: Bullet = if let Some(done) = item.task {
            Bullet::Char(if done { "☑" } else { "☐" })
        } else if let Some(m) = &item.marker {
            Bullet::Char(m)
        } else if recap {
            Bullet::Char("✔")
        } else if ordered {
            Bullet::Number(number, explicit)
        } else {
            Bullet::Char("•")
        };
        explicit = false;
        let mut opened = false;
        for (j, b) in item.blocks.iter().enumerate() {
            match &b.body {
                BlockBody::Paragraph { content } if !opened => {
                    // Items follow each other at the line pitch; a second
                    // paragraph in an item is a paragraph apart.
                    let g = if *first || (i > 0 && j == 0) {
                        0.0
                    } else {
                        (SPACING - LEADING) * st.size
                    };
                    *first = false;
                    let bullet = if j == 0 {
                        mark_take(&mark)
                    } else {
                        Bullet::None
                    };
                    let hanging = if j == 0 { -col } else { 0.0 };
                    para_open(out, st, level, mar, hanging, g, bullet);
                    inlines(out, content, Run::default(), None, st, rels);
                    para_close(out, st, st.size);
                    opened = j == 0 && item.blocks.len() == 1;
                }
                _ => {
                    if j == 0 {
                        // An item that starts with a list or a quote still gets its marker.
                        para_open(out, st, level, mar, -col, 0.0, mark_take(&mark));
                        para_close(out, st, st.size);
                        *first = false;
                    }
                    paragraphs(
                        out,
                        std::slice::from_ref(b),
                        &inner,
                        level + 1,
                        mar,
                        first,
                        rels,
                    );
                    // Numbering goes on after an item with more than a line.
                    explicit = true;
                }
            }
        }
        if item.blocks.is_empty() {
            para_open(out, st, level, mar, -col, 0.0, mark_take(&mark));
            para_close(out, st, st.size);
            *first = false;
        }
    }
}

pub fn mark_take<'a>(m: &Bullet<'a>) -> Bullet<'a> {
    match m {
        Bullet::None => Bullet::None,
        Bullet::Char(c) => Bullet::Char(c),
        Bullet::Number(n, e) => Bullet::Number(*n, *e),
    }
}

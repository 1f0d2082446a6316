//! Text blocks as the paragraphs of one text frame: paragraphs, headings,
//! lists (see `list`), quotes, code lines, footnotes, and a line each for
//! what inside a list or quote cannot be a shape of its own.

use super::list::list;
use super::measure::{LEADING, SPACING};
use super::rels::Rels;
use super::text::{
    heading_size, inlines, para_close, para_open, small_size, text_run, Bullet, Run, TextStyle,
};
use super::video::video_runs;
use crate::deck::{Block, BlockBody};
use crate::theme::geometry::TEMPLATE;

/// Text blocks as paragraphs: `indent` is where the text column starts
/// (points, for nested lists), `first` whether nothing came before in the
/// frame (no space above).
pub fn paragraphs(
    out: &mut String,
    blocks: &[Block],
    st: &TextStyle,
    level: usize,
    indent: f64,
    first: &mut bool,
    rels: &mut Rels,
) {
    for b in blocks {
        let gap = |first: &mut bool, size: f64| {
            let g = if *first {
                0.0
            } else {
                (SPACING - LEADING) * size
            };
            *first = false;
            g
        };
        match &b.body {
            BlockBody::Paragraph { content } => {
                let g = gap(first, st.size);
                para_open(out, st, level, indent, 0.0, g, Bullet::None);
                inlines(out, content, Run::default(), None, st, rels);
                para_close(out, st, st.size);
            }
            BlockBody::Heading { content, .. } => {
                let hs = heading_size(st);
                let g = gap(first, hs);
                para_open(out, st, level, indent, 0.0, g, Bullet::None);
                inlines(
                    out,
                    content,
                    Run {
                        bold: true,
                        size: Some(hs),
                        ..Run::default()
                    },
                    None,
                    st,
                    rels,
                );
                para_close(out, st, hs);
            }
            BlockBody::List {
                ordered,
                start,
                items,
            } => {
                list(out, *ordered, *start, items, st, level, indent, first, rels);
            }
            BlockBody::Quote { blocks, .. } => {
                let inner = TextStyle {
                    top: false,
                    ..st.clone()
                };
                paragraphs(
                    out,
                    blocks,
                    &inner,
                    level,
                    indent + TEMPLATE.quote_inset,
                    first,
                    rels,
                );
            }
            BlockBody::Code { text, .. } => {
                let small = small_size(st);
                for (i, line) in text.lines().enumerate() {
                    let g = if i == 0 { gap(first, small) } else { 0.0 };
                    para_open(out, st, level, indent, 0.0, g, Bullet::None);
                    text_run(
                        out,
                        line,
                        Run {
                            mono: true,
                            size: Some(small),
                            ..Run::default()
                        },
                        None,
                        st,
                    );
                    para_close(out, st, small);
                }
            }
            BlockBody::Footnote { number, blocks, .. } => {
                let small = small_size(st);
                let g = gap(first, small);
                para_open(out, st, level, indent, 0.0, g, Bullet::None);
                text_run(
                    out,
                    &number.to_string(),
                    Run {
                        sup: true,
                        size: Some(small),
                        ..Run::default()
                    },
                    None,
                    st,
                );
                text_run(
                    out,
                    " ",
                    Run {
                        size: Some(small),
                        ..Run::default()
                    },
                    None,
                    st,
                );
                let text = crate::deck::blocks_text(blocks).replace('\n', " ");
                text_run(
                    out,
                    &text,
                    Run {
                        size: Some(small),
                        ..Run::default()
                    },
                    None,
                    st,
                );
                para_close(out, st, small);
            }
            BlockBody::Table { head, rows, .. } => {
                // A table inside a list or quote: one line per row.
                for row in std::iter::once(head).chain(rows) {
                    if row.is_empty() {
                        continue;
                    }
                    let g = gap(first, st.size);
                    para_open(out, st, level, indent, 0.0, g, Bullet::None);
                    let cells: Vec<String> =
                        row.iter().map(|c| crate::deck::inline_text(c)).collect();
                    text_run(out, &cells.join(" | "), Run::default(), None, st);
                    para_close(out, st, st.size);
                }
            }
            BlockBody::Image(img) => {
                let g = gap(first, st.size);
                para_open(out, st, level, indent, 0.0, g, Bullet::None);
                text_run(
                    out,
                    &format!("[{}]", img.alt),
                    Run {
                        italic: true,
                        ..Run::default()
                    },
                    None,
                    st,
                );
                para_close(out, st, st.size);
            }
            BlockBody::Video(v) => {
                let g = gap(first, st.size);
                para_open(out, st, level, indent, 0.0, g, Bullet::None);
                video_runs(out, v, st, rels);
                para_close(out, st, st.size);
            }
            BlockBody::Columns { columns } => {
                for c in columns {
                    paragraphs(out, &c.blocks, st, level, indent, first, rels);
                }
            }
            BlockBody::Rule | BlockBody::Html { .. } => {}
        }
    }
}

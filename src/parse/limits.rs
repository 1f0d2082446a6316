//! How much one slide may ask of the layout. A deck is bounded as a whole
//! (`MAX_SLIDES`, `MAX_BLOCKS`, its size), but Typst lays out a slide's
//! table, paragraph or list as one piece, many times over while fitting:
//! within those bounds one slide could still take minutes and gigabytes
//! (a 5,000-row table: 20 s and 5 GB). These caps keep every slide to a
//! fraction of a second and a few hundred MB; each is far beyond what a
//! projected slide or a workbook page can show.

use crate::deck::{Block, BlockBody, Inline, Slide};

/// Most cells in one table (a 100 × 20 table lays out in about a second).
pub const MAX_TABLE_CELLS: usize = 2_000;
/// Most columns in one table.
pub const MAX_TABLE_COLUMNS: usize = 40;
/// Most blocks (paragraphs, list items, table rows, …) on one slide.
pub const MAX_SLIDE_BLOCKS: usize = 1_000;
/// Most inline pieces (runs of text, emphasis, links, formulas, footnote
/// references) on one slide, its title included.
pub const MAX_SLIDE_INLINES: usize = 10_000;
/// Most characters in a slide's title.
pub const MAX_TITLE_CHARS: usize = 1_000;
/// Most formulas in one deck: each is compiled as Typst math.
pub const MAX_FORMULAS: usize = 2_000;

/// What one slide asks of the layout.
#[derive(Default)]
pub struct Weight {
    pub blocks: usize,
    pub inlines: usize,
    pub formulas: usize,
    /// The largest table: rows (head included) and columns.
    pub table: (usize, usize),
}

impl Weight {
    pub fn of(slide: &Slide) -> Weight {
        let mut w = Weight::default();
        w.inline(&slide.title);
        w.blocks(&slide.blocks);
        w.blocks(&slide.notes);
        w
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for b in blocks {
            self.blocks += 1;
            match &b.body {
                BlockBody::Heading { content, .. } | BlockBody::Paragraph { content } => {
                    self.inline(content);
                }
                BlockBody::List { items, .. } => {
                    for item in items {
                        self.blocks(&item.blocks);
                    }
                }
                BlockBody::Quote { blocks, .. } | BlockBody::Footnote { blocks, .. } => {
                    self.blocks(blocks);
                }
                BlockBody::Columns { columns } => {
                    for c in columns {
                        self.blocks(&c.blocks);
                    }
                }
                BlockBody::Table { head, rows, .. } => {
                    self.blocks += rows.len();
                    let columns = rows
                        .iter()
                        .map(Vec::len)
                        .chain([head.len()])
                        .max()
                        .unwrap_or(0);
                    let count = rows.len() + 1;
                    if count * columns > self.table.0 * self.table.1 {
                        self.table = (count, columns);
                    }
                    for cell in head.iter().chain(rows.iter().flatten()) {
                        self.inline(cell);
                    }
                }
                BlockBody::Code { .. }
                | BlockBody::Image(_)
                | BlockBody::Video(_)
                | BlockBody::Rule
                | BlockBody::Html { .. } => {}
            }
        }
    }

    fn inline(&mut self, inlines: &[Inline]) {
        for i in inlines {
            self.inlines += 1;
            match i {
                Inline::Strong { c } | Inline::Emph { c } | Inline::Strike { c } => self.inline(c),
                Inline::Link { c, .. } => self.inline(c),
                Inline::Math { .. } => self.formulas += 1,
                _ => {}
            }
        }
    }

    /// What is over a cap on this slide, and what to do about it.
    pub fn excess(&self, slide: &Slide) -> Option<(String, &'static str)> {
        let (rows, columns) = self.table;
        let title = crate::deck::inline_text(&slide.title).chars().count();
        if columns > MAX_TABLE_COLUMNS {
            Some((
                format!("a table with {columns} columns: lectern lays out at most {MAX_TABLE_COLUMNS}"),
                "split the table, or hand it out as a spreadsheet; a slide cannot show that many columns",
            ))
        } else if rows * columns > MAX_TABLE_CELLS {
            Some((
                format!(
                    "a table of {rows} rows × {columns} columns ({} cells): lectern lays out at most {MAX_TABLE_CELLS} cells in one table",
                    rows * columns
                ),
                "split it over several slides, or hand it out as a spreadsheet",
            ))
        } else if self.blocks > MAX_SLIDE_BLOCKS {
            Some((
                format!(
                    "{} paragraphs, list items and other blocks on one slide: lectern lays out at most {MAX_SLIDE_BLOCKS}",
                    self.blocks
                ),
                "split the slide at `---` lines",
            ))
        } else if self.inlines > MAX_SLIDE_INLINES {
            Some((
                format!(
                    "{} pieces of text, emphasis, links, formulas and footnote references on one slide: lectern lays out at most {MAX_SLIDE_INLINES}",
                    self.inlines
                ),
                "split the slide at `---` lines",
            ))
        } else if title > MAX_TITLE_CHARS {
            Some((
                format!("a title of {title} characters: lectern sets at most {MAX_TITLE_CHARS}"),
                "shorten the title and move the rest into the slide",
            ))
        } else {
            None
        }
    }
}

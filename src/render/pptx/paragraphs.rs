//! Text blocks as the paragraphs of one text frame: paragraphs, headings,
//! lists (see `list`), quotes, code lines, footnotes, and a line each for
//! what inside a list or quote cannot be a shape of its own.

use super::measure::{LEADING, SPACING};
use super::rels::Rels;
use super::text::{
    heading_size, inlines, para_close, para_open, small_size, text_run, Bullet, Run, TextStyle,
};
use super::video::video_runs;
use crate::deck::{Block, BlockBody, Inline};
use crate::theme::geometry::TEMPLATE;

/// Where paragraphs stand in their frame: their list level and the left
/// edge of their text column (points; nested lists and quotes move it).
#[derive(Clone, Copy)]
pub struct Indent {
    pub level: usize,
    pub left: f64,
}

impl Indent {
    /// At the frame's left edge, outside any list.
    pub const TOP: Indent = Indent {
        level: 0,
        left: 0.0,
    };
}

/// The paragraphs of one text frame as they are written, with the
/// relationships their links need.
pub struct Flow<'r> {
    pub out: String,
    pub rels: &'r mut Rels,
    /// Whether nothing came before in the frame (no space above).
    pub first: bool,
}

impl<'r> Flow<'r> {
    pub fn new(rels: &'r mut Rels) -> Flow<'r> {
        Flow {
            out: String::new(),
            rels,
            first: true,
        }
    }

    /// The space above the next paragraph of `size` points: none at the
    /// top of the frame, else the template's paragraph spacing less the
    /// leading (the frame's line spacing has that already).
    pub fn gap(&mut self, size: f64) -> f64 {
        let g = if self.first {
            0.0
        } else {
            (SPACING - LEADING) * size
        };
        self.first = false;
        g
    }

    /// Text blocks as paragraphs, at `at`.
    pub fn blocks(&mut self, blocks: &[Block], st: &TextStyle, at: Indent) {
        for b in blocks {
            self.block(b, st, at);
        }
    }

    fn block(&mut self, b: &Block, st: &TextStyle, at: Indent) {
        match &b.body {
            BlockBody::Paragraph { content } => {
                self.paragraph(st, at, st.size, |out, rels| {
                    inlines(out, content, Run::default(), None, st, rels);
                });
            }
            BlockBody::Heading { content, .. } => {
                let hs = heading_size(st);
                let run = Run {
                    bold: true,
                    size: Some(hs),
                    ..Run::default()
                };
                self.paragraph(st, at, hs, |out, rels| {
                    inlines(out, content, run, None, st, rels);
                });
            }
            BlockBody::List {
                ordered,
                start,
                items,
            } => self.list(*ordered, *start, items, st, at),
            BlockBody::Quote { blocks, .. } => {
                let inner = TextStyle {
                    top: false,
                    ..st.clone()
                };
                let left = at.left + TEMPLATE.quote_inset;
                self.blocks(blocks, &inner, Indent { left, ..at });
            }
            BlockBody::Code { text, .. } => self.code(text, st, at),
            BlockBody::Footnote { number, blocks, .. } => {
                let small = small_size(st);
                let text = crate::deck::blocks_text(blocks).replace('\n', " ");
                self.paragraph(st, at, small, |out, _| {
                    footnote_runs(out, *number, &text, small, st);
                });
            }
            BlockBody::Table { head, rows, .. } => self.table_rows(head, rows, st, at),
            BlockBody::Image(img) => {
                let alt = format!("[{}]", img.alt);
                let run = Run {
                    italic: true,
                    ..Run::default()
                };
                self.paragraph(st, at, st.size, |out, _| text_run(out, &alt, run, None, st));
            }
            BlockBody::Video(v) => {
                self.paragraph(st, at, st.size, |out, rels| video_runs(out, v, st, rels));
            }
            BlockBody::Columns { columns } => {
                for c in columns {
                    self.blocks(&c.blocks, st, at);
                }
            }
            BlockBody::Rule | BlockBody::Html { .. } => {}
        }
    }

    /// One paragraph without a bullet whose runs end at `size` points:
    /// the space above it, the runs `runs` writes, its end.
    fn paragraph(
        &mut self,
        st: &TextStyle,
        at: Indent,
        size: f64,
        runs: impl FnOnce(&mut String, &mut Rels),
    ) {
        let g = self.gap(size);
        para_open(&mut self.out, st, at.level, at.left, 0.0, g, Bullet::None);
        runs(&mut self.out, self.rels);
        para_close(&mut self.out, st, size);
    }

    /// Code as a paragraph per line in the code face, apart from what
    /// came before, its lines at the line pitch.
    fn code(&mut self, text: &str, st: &TextStyle, at: Indent) {
        let small = small_size(st);
        let run = Run {
            mono: true,
            size: Some(small),
            ..Run::default()
        };
        for (i, line) in text.lines().enumerate() {
            let g = if i == 0 { self.gap(small) } else { 0.0 };
            para_open(&mut self.out, st, at.level, at.left, 0.0, g, Bullet::None);
            text_run(&mut self.out, line, run, None, st);
            para_close(&mut self.out, st, small);
        }
    }

    /// A table inside a list or quote: one line per row, its cells
    /// between bars.
    fn table_rows(
        &mut self,
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        st: &TextStyle,
        at: Indent,
    ) {
        for row in std::iter::once(head).chain(rows.iter().map(Vec::as_slice)) {
            if row.is_empty() {
                continue;
            }
            let cells: Vec<String> = row.iter().map(|c| crate::deck::inline_text(c)).collect();
            let line = cells.join(" | ");
            self.paragraph(st, at, st.size, |out, _| {
                text_run(out, &line, Run::default(), None, st);
            });
        }
    }
}

/// A footnote's runs: its number raised, then its text, at `small` points.
fn footnote_runs(out: &mut String, number: usize, text: &str, small: f64, st: &TextStyle) {
    let run = Run {
        size: Some(small),
        ..Run::default()
    };
    text_run(out, &number.to_string(), Run { sup: true, ..run }, None, st);
    text_run(out, " ", run, None, st);
    text_run(out, text, run, None, st);
}

#[cfg(test)]
mod tests {
    use crate::render::pptx::test_support as t;

    #[test]
    fn links_are_relationships_and_runs_keep_their_look() {
        let f = t::fixture(
            "## A\n\nSee [the site](https://example.org/?q=1), *slanted*, `code` and $x^2$.\n",
        );
        let (xml, rels, _) = f.slide(1);
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        let runs = &t::named(&shapes, "Content").paragraphs[0].runs;
        let link = runs
            .iter()
            .find(|r| r.text == "the site")
            .expect("the link");
        let rid = link.link.clone().expect("a click");
        assert!(t::rels(&rels).contains(&(
            rid,
            "hyperlink".into(),
            "https://example.org/?q=1".into(),
            true
        )));
        assert!(runs.iter().any(|r| r.text == "slanted" && r.italic));
        let mono = Some(f.theme.fonts.mono.clone());
        assert!(runs.iter().any(|r| r.text == "code" && r.typeface == mono));
        // PowerPoint has no Typst math: the formula as written, in the code face.
        assert!(runs.iter().any(|r| r.text == "x^2" && r.typeface == mono));
    }

    #[test]
    fn headings_footnotes_and_items_are_paragraphs_of_their_own() {
        let f = t::fixture("## A\n\n### A heading\n\nText[^1].\n\n[^1]: The source.\n");
        let (xml, ..) = f.slide(1);
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        let ps = &t::named(&shapes, "Content").paragraphs;
        let texts: Vec<String> = ps.iter().map(t::Paragraph::text).collect();
        assert_eq!(texts, ["A heading", "Text1.", "1 The source."]);
        assert!(ps[0].runs.iter().all(|r| r.bold));
        let heading = (f.theme.sizes.heading * 100.0).round() as i64;
        assert_eq!(ps[0].runs[0].size, heading);
        assert_eq!(
            ps[2].runs[0].baseline,
            Some(30000),
            "the note's number is raised"
        );
        assert_eq!(ps[1].runs[1].baseline, Some(30000), "and so is its mark");
    }

    #[test]
    fn text_that_would_be_markup_stays_text() {
        let f = t::fixture("## <p:sp> & \"x\"\n\nA <b>not bold</b> & more.\n");
        let (xml, ..) = f.slide(1);
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        assert_eq!(
            t::named(&shapes, "Title").paragraphs[0].text(),
            "<p:sp> & “x”"
        );
        assert!(t::named(&shapes, "Content").paragraphs[0]
            .text()
            .contains("<b>not bold</b> &"));
    }
}

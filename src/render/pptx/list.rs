//! Lists as paragraphs with hanging bullets or numbers: the template's
//! text column, the kind's marks (ticks for recaps), nested levels.

use super::measure::{LEADING, SPACING};
use super::paragraphs::{Flow, Indent};
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

/// One list as it is written: the style of its items and of what nests
/// in them, their level, and where their marks and text stand.
struct Items<'s> {
    st: &'s TextStyle,
    /// What an item holds besides its paragraphs (lists in it are lists,
    /// not cards).
    inner: TextStyle,
    level: usize,
    /// The text column's left edge, and the marks' column left of it.
    left: f64,
    col: f64,
}

impl Flow<'_> {
    /// A list's items as paragraphs at `at`, the marks hanging in the
    /// text column's margin.
    pub fn list(
        &mut self,
        ordered: bool,
        start: u64,
        items: &[ListItem],
        st: &TextStyle,
        at: Indent,
    ) {
        let last = start + items.len().saturating_sub(1) as u64;
        let col = list_column(ordered, last, st.size);
        let recap = st.top && st.kind == SlideKind::Recap && !ordered;
        let list = Items {
            st,
            inner: TextStyle {
                top: false,
                ..st.clone()
            },
            level: at.level,
            left: at.left + col,
            col,
        };
        let mut explicit = true;
        for (i, item) in items.iter().enumerate() {
            let mark = item_mark(item, recap, ordered, start + i as u64, explicit);
            // Numbering goes on after an item with more than a line.
            explicit = self.item(&list, item, i, mark);
        }
    }

    /// The `i`th item: its first paragraph with its mark, further
    /// paragraphs a paragraph apart, what else it holds one level deeper.
    /// Whether it held more than paragraphs.
    fn item(&mut self, list: &Items, item: &ListItem, i: usize, mark: Bullet) -> bool {
        let st = list.st;
        let mut nested = false;
        for (j, b) in item.blocks.iter().enumerate() {
            if let BlockBody::Paragraph { content } = &b.body {
                // Items follow each other at the line pitch; a second
                // paragraph in an item is a paragraph apart.
                let g = if self.first || (i > 0 && j == 0) {
                    0.0
                } else {
                    (SPACING - LEADING) * st.size
                };
                self.first = false;
                let (bullet, hanging) = if j == 0 {
                    (mark, -list.col)
                } else {
                    (Bullet::None, 0.0)
                };
                para_open(&mut self.out, st, list.level, list.left, hanging, g, bullet);
                inlines(&mut self.out, content, Run::default(), None, st, self.rels);
                para_close(&mut self.out, st, st.size);
            } else {
                if j == 0 {
                    // An item that starts with a list or a quote still gets its marker.
                    self.mark_only(list, mark);
                }
                let at = Indent {
                    level: list.level + 1,
                    left: list.left,
                };
                self.blocks(std::slice::from_ref(b), &list.inner, at);
                nested = true;
            }
        }
        if item.blocks.is_empty() {
            self.mark_only(list, mark);
        }
        nested
    }

    /// An empty paragraph with an item's mark.
    fn mark_only(&mut self, list: &Items, mark: Bullet) {
        let st = list.st;
        para_open(
            &mut self.out,
            st,
            list.level,
            list.left,
            -list.col,
            0.0,
            mark,
        );
        para_close(&mut self.out, st, st.size);
        self.first = false;
    }
}

/// An item's mark: its task box, the arrow or tick it began with, a
/// recap's tick, its number (`explicit`: stated, after an item that broke
/// the automatic numbering), or a bullet.
fn item_mark(
    item: &ListItem,
    recap: bool,
    ordered: bool,
    number: u64,
    explicit: bool,
) -> Bullet<'_> {
    if let Some(done) = item.task {
        Bullet::Char(if done { "☑" } else { "☐" })
    } else if let Some(m) = &item.marker {
        Bullet::Char(m)
    } else if recap {
        Bullet::Char("✔")
    } else if ordered {
        Bullet::Number(number, explicit)
    } else {
        Bullet::Char("•")
    }
}

#[cfg(test)]
mod tests {
    use crate::render::pptx::test_support as t;
    use crate::render::pptx::xml::emu;

    fn outline(md: &str) -> (Vec<t::Paragraph>, f64) {
        let f = t::fixture(md);
        let (xml, ..) = f.slide(1);
        let doc = t::parse(&xml);
        let mut shapes = t::shapes(&doc);
        let i = shapes
            .iter()
            .position(|s| s.name.starts_with("Content"))
            .expect("a content placeholder");
        (shapes.swap_remove(i).paragraphs, f.pages[0].size)
    }

    #[test]
    fn nested_items_are_a_level_deeper_in_their_own_column() {
        let (ps, size) = outline("## L {.list}\n\n- one\n  - two\n- three\n");
        let got: Vec<(i64, &str, String)> = ps
            .iter()
            .map(|p| (p.level, p.bullet.as_str(), p.text()))
            .collect();
        assert_eq!(
            got,
            [
                (0, "•", "one".to_string()),
                (1, "•", "two".to_string()),
                (0, "•", "three".to_string())
            ]
        );
        // Bullets hang in a column 1.2 em wide, the nested one's text a
        // column further in.
        let col = emu(1.2 * size);
        assert_eq!((ps[0].mar_l, ps[0].indent), (col, -col));
        assert_eq!(ps[1].mar_l, emu(2.4 * size));
    }

    #[test]
    fn numbers_are_stated_once_and_again_after_an_item_that_broke_them() {
        let (ps, _) = outline("## N\n\n1. one\n2. two\n   - sub\n3. three\n");
        let got: Vec<(&str, Option<i64>, String)> = ps
            .iter()
            .map(|p| (p.bullet.as_str(), p.start_at, p.text()))
            .collect();
        assert_eq!(
            got,
            [
                ("#", Some(1), "one".to_string()),
                ("#", None, "two".to_string()),
                ("•", None, "sub".to_string()),
                ("#", Some(3), "three".to_string())
            ]
        );
    }

    #[test]
    fn tasks_recaps_and_markers_have_their_own_marks() {
        let (ps, _) = outline("## R {.recap}\n\n- learnt\n- [ ] to do\n- [x] done\n");
        let marks: Vec<&str> = ps.iter().map(|p| p.bullet.as_str()).collect();
        assert_eq!(marks, ["✔", "☐", "☑"]);
        let (ps, _) = outline("## M\n\n- ➔ SELF: what I feel\n");
        assert_eq!(ps[0].bullet, "➔");
        assert_eq!(ps[0].text(), "SELF: what I feel");
    }

    #[test]
    fn an_item_that_starts_with_a_quote_keeps_its_mark_and_the_quote_is_inset() {
        let (ps, size) = outline("## Q\n\n- > quoted\n- after\n");
        assert_eq!(ps[0].bullet, "•");
        assert_eq!(ps[0].text(), "");
        assert_eq!(ps[1].text(), "quoted");
        assert_eq!(ps[1].level, 1);
        let inset = crate::theme::geometry::TEMPLATE.quote_inset;
        assert_eq!(ps[1].mar_l, emu(1.2 * size + inset));
    }
}

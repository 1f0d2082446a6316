//! Slides that certainly fit: the decision for a short slide without
//! measuring it in Typst.
//!
//! Most slides of a course are short, and fitting would only confirm that
//! they fit on one page at the largest body size. Here their height is
//! bounded from above with the bundled fonts' advance widths and the
//! built-in template's geometry (`fit-slide` in `themes/default/deck.typ`):
//! every word at least as wide as Typst sets it (no kerning, a little
//! extra), lines broken only at spaces (Typst may break at more places,
//! which never needs more lines), every gap the larger of the template's
//! spacings. When even that bound leaves room, the slide gets the decision
//! the template would make — the largest size, one page. Anything the
//! bound does not model (a table, a picture, a formula, a course's own
//! template or font, a character the bundled fonts lack, a word longer
//! than a line) is left to Typst.

use super::{merge, units, Fit};
use crate::deck::{Block, BlockBody, Inline, Slide, SlideKind};
use crate::render::fonts;
use crate::theme::Theme;

/// Text advances are taken this much wider than the fonts' (kerning pairs
/// that widen, ligatures off in titles): a bound, not an estimate.
const WIDER: f64 = 1.03;
/// The height bound, once more, leaves this share of the room unused.
const SPARE: f64 = 0.06;

/// DejaVu Sans cap height, in em: a line's height (top edge at the cap
/// height, bottom edge at the baseline, Typst's defaults).
const CAP: f64 = 0.729;
/// DejaVu Sans Mono's advance, in em, for every character it has.
const MONO: f64 = 0.6021;

/// The decision for `slide` when it certainly fits on one page at the
/// theme's largest body size on a `screen` (width, height in points),
/// or `None` when that takes measuring.
pub fn certain_fit(slide: &Slide, theme: &Theme, screen: (f64, f64)) -> Option<Fit> {
    if !super::is_fitted(slide.kind)
        || !theme.uses_builtin_template()
        || theme.fonts.body != "DejaVu Sans"
    {
        return None;
    }
    let (max, _) = theme.sizes.fit_range();
    let (w, h) = screen;
    let m = theme.layout.margin;
    let width = w - 2.0 * m;
    let s = &theme.sizes;
    // The head as `fit-slide` measures it: a label row (assumed present),
    // 8 pt, the title at its full size with Typst's default leading, 20 pt.
    let label = s.label * 1.2;
    let title = if slide.title.is_empty() {
        0.0
    } else {
        paragraph(&slide.title, Look::bold(), s.title, 0.65, width)? + 20.0
    };
    let room = h - 2.0 * m - 14.0 - (label + 8.0) - title;
    let body = Body {
        size: max,
        heading: scaled(s.heading, max, s),
        bold: theme.bold_body,
        statements: slide.kind == SlideKind::Statements,
    };
    let blocks = merge(&units(slide));
    let (inset_x, inset_y) = match slide.kind {
        SlideKind::Definition => (22.0, 16.0),
        SlideKind::Assignment => (20.0, 14.0),
        _ => (0.0, 0.0),
    };
    let height = body.stack(&blocks, width - 2.0 * inset_x, true)? + 2.0 * inset_y;
    (height <= room * (1.0 - SPARE)).then(|| Fit {
        size: max,
        breaks: Vec::new(),
        overfull: Vec::new(),
    })
}

/// `mkctx`'s scaling of a content size with the body size.
fn scaled(x: f64, size: f64, s: &crate::theme::Sizes) -> f64 {
    (x * size / s.body).max(x.min(s.min))
}

/// How a run of text is set, as far as its width goes.
#[derive(Clone, Copy)]
struct Look {
    bold: bool,
    italic: bool,
    mono: bool,
}

impl Look {
    fn plain(bold: bool) -> Look {
        Look {
            bold,
            italic: false,
            mono: false,
        }
    }

    fn bold() -> Look {
        Look::plain(true)
    }

    /// The advance of `c` in em. Bold takes the wider of the two faces:
    /// a semibold body may be set in either.
    fn advance(self, c: char) -> Option<f64> {
        if self.mono {
            return (c.is_ascii_graphic() || c == ' ').then_some(MONO);
        }
        let regular = fonts::advance(c, false, self.italic)?;
        if self.bold {
            Some(fonts::advance(c, true, self.italic)?.max(regular))
        } else {
            Some(regular)
        }
    }
}

/// The body of a slide at one size.
struct Body {
    size: f64,
    heading: f64,
    /// The theme sets body text semibold.
    bold: bool,
    statements: bool,
}

impl Body {
    /// Blocks one under the other, each gap the template's block spacing.
    fn stack(&self, blocks: &[Block], width: f64, top: bool) -> Option<f64> {
        let mut total = 0.0;
        for (i, block) in blocks.iter().enumerate() {
            if i > 0 {
                total += 0.7 * self.size.max(self.heading);
            }
            total += self.block(block, width, top)?;
        }
        Some(total)
    }

    fn block(&self, block: &Block, width: f64, top: bool) -> Option<f64> {
        let s = self.size;
        match &block.body {
            BlockBody::Paragraph { content } => {
                paragraph(content, Look::plain(self.bold), s, 0.5, width)
            }
            BlockBody::Heading { content, .. } => {
                paragraph(content, Look::bold(), self.heading, 0.5, width)
            }
            // Statements are cards in a grid: measured.
            BlockBody::List { .. } if top && self.statements => None,
            BlockBody::List {
                ordered,
                start,
                items,
            } => {
                let last = start + items.len() as u64;
                let col = if !ordered {
                    1.2
                } else if last > 10 {
                    2.4
                } else {
                    1.8
                } * s;
                let mut total = 0.0;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        total += 0.5 * s;
                    }
                    total += self.stack(&item.blocks, width - col, false)?;
                }
                Some(total)
            }
            BlockBody::Quote {
                blocks,
                alert: None,
            } => Some(self.stack(blocks, width - 14.0, false)? + 8.0),
            BlockBody::Rule => Some(8.0),
            _ => None,
        }
    }
}

/// The height of a paragraph of `size` points in `width` points, broken
/// greedily at spaces (Typst's way for text that is not justified), or
/// `None` when a word is wider than the line or a character is not in the
/// bundled fonts.
fn paragraph(content: &[Inline], look: Look, size: f64, leading: f64, width: f64) -> Option<f64> {
    let mut words = Words::default();
    words.inlines(content, look)?;
    words.end_word();
    if !words.seen {
        return None;
    }
    let limit = width / size;
    let mut lines = 0usize;
    for line in words.list.split(Option::is_none) {
        let mut filled: Option<f64> = None;
        let mut count = 0;
        for &(space, word) in line.iter().flatten() {
            if word > limit {
                return None;
            }
            filled = match filled {
                Some(f) if f + space + word <= limit => Some(f + space + word),
                _ => {
                    count += 1;
                    Some(word)
                }
            };
        }
        lines += count.max(1);
    }
    Some(lines as f64 * CAP * size + lines.saturating_sub(1) as f64 * leading * size)
}

/// A paragraph as words (the space before each and the word's width, in
/// em), with `None` at a forced line break.
#[derive(Default)]
struct Words {
    list: Vec<Option<(f64, f64)>>,
    space: f64,
    word: f64,
    in_word: bool,
    /// Some character is drawn.
    seen: bool,
}

impl Words {
    fn inlines(&mut self, inlines: &[Inline], look: Look) -> Option<()> {
        for inline in inlines {
            match inline {
                Inline::Text { s } => self.text(s, look)?,
                Inline::Code { s } => self.text(s, Look { mono: true, ..look })?,
                Inline::Strong { c } => self.inlines(c, Look { bold: true, ..look })?,
                Inline::Emph { c } => self.inlines(
                    c,
                    Look {
                        italic: true,
                        ..look
                    },
                )?,
                Inline::Strike { c } | Inline::Link { c, .. } => self.inlines(c, look)?,
                Inline::Break => {
                    self.end_word();
                    self.list.push(None);
                    self.space = 0.0;
                }
                // Not drawn on a slide.
                Inline::Html { .. } => {}
                Inline::Note { .. } | Inline::Math { .. } => return None,
            }
        }
        Some(())
    }

    fn text(&mut self, s: &str, look: Look) -> Option<()> {
        for c in s.chars() {
            if c == ' ' {
                self.end_word();
                self.space += look.advance(' ')? * WIDER;
            } else if c.is_control() {
                return None;
            } else {
                self.word += look.advance(c)? * WIDER;
                self.in_word = true;
                self.seen = true;
            }
        }
        Some(())
    }

    fn end_word(&mut self) {
        if self.in_word {
            self.list.push(Some((self.space, self.word)));
            self.space = 0.0;
        }
        self.word = 0.0;
        self.in_word = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::PdfEngine;

    /// Every slide of `course` in `theme` that the bound calls certain,
    /// checked against Typst's own measuring; the number certified.
    fn agrees_with_typst(loaded: &crate::Loaded, theme: &str) -> (usize, usize) {
        let theme = crate::theme::builtin(theme).unwrap();
        let (w, h) = loaded.course.config.aspect.size();
        let (mut certain, mut fitted) = (0, 0);
        for deck in &loaded.course.decks {
            let measured = PdfEngine::new().fit(&loaded.course, deck, &theme, &[]);
            for (slide, typst) in deck.slides.iter().zip(&measured.fits) {
                fitted += usize::from(super::super::is_fitted(slide.kind));
                if let Some(fit) = certain_fit(slide, &theme, (f64::from(w), f64::from(h))) {
                    certain += 1;
                    assert_eq!(
                        &fit, typst,
                        "{} slide {} in theme `{}`: the bound says it fits",
                        deck.stem, slide.number, theme.name
                    );
                }
            }
        }
        (certain, fitted)
    }

    #[test]
    fn the_bundled_course_s_certain_slides_are_what_typst_decides() {
        let loaded =
            crate::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("decks")).unwrap();
        for theme in ["default", "projector", "screenshare"] {
            let (certain, fitted) = agrees_with_typst(&loaded, theme);
            // Most of the course's slides are short: the bound must spare
            // Typst a good share of them, or it is not worth having.
            assert!(
                certain * 3 >= fitted,
                "theme `{theme}`: only {certain} of {fitted} slides certain"
            );
        }
    }

    /// A slide body of `n` lines, items or blocks.
    type Grow = fn(usize) -> String;

    const LINE: &str = "Gevoelens, gedachten, behoeften en wensen van „ZELF” en ander";

    /// Slides that grow a line at a time across the point where they stop
    /// fitting at the largest size: the bound must give up before Typst
    /// does, for every kind of block it models.
    #[test]
    fn growing_slides_are_certain_only_while_typst_says_they_fit() {
        let dir = std::env::temp_dir().join(format!("lectern-bound-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let families: [(&str, Grow); 12] = [
            ("bullets", |n| {
                (0..n).map(|_| format!("- {LINE}\n")).collect()
            }),
            ("short bullets", |n| "- ✓ Nieuwsgierig\n".repeat(n)),
            ("numbered", |n| {
                (1..=n).map(|i| format!("{i}. **Stap** {LINE}\n")).collect()
            }),
            ("paragraph", |n| format!("{}\n", [LINE; 40][..n].join(" "))),
            ("paragraphs", |n| format!("{LINE}\n\n").repeat(n)),
            ("nested", |n| format!("- {LINE}\n  - *{LINE}*\n").repeat(n)),
            ("items of two blocks", |n| {
                format!("- {LINE}\n\n  Bijvoorbeeld: `code`\n").repeat(n)
            }),
            ("quote", |n| format!("> {}\n", [LINE; 40][..n].join(" "))),
            ("headings", |n| format!("### Kopje\n\n{LINE}\n\n").repeat(n)),
            ("breaks", |n| {
                format!("{}\n", ["Regel"; 40][..n].join("\\\n"))
            }),
            ("tasks", |n| {
                "- [x] Gedaan: *het* boek **gelezen** en [de film](https://example.org) gezien\n"
                    .repeat(n)
            }),
            ("words", |n| {
                format!("{}\n", ["Mentaliseren"; 60][..n * 3].join(" "))
            }),
        ];
        let kinds = ["", " {.definition}", " {.assignment}", " {.recap}"];
        let mut deck = String::from("+++\ntitle = \"Grenzen\"\n+++\n\n");
        for (name, body) in families {
            for kind in kinds {
                for n in 1..=16 {
                    deck.push_str(&format!("## {name} {n} met een langere titel die misschien op twee regels past{kind}\n\n{}\n---\n\n", body(n)));
                }
            }
        }
        std::fs::write(dir.join("grenzen.md"), deck).unwrap();
        for aspect in ["16:9", "4:3"] {
            std::fs::write(
                dir.join("course.toml"),
                format!("title = \"T\"\naspect = \"{aspect}\"\n"),
            )
            .unwrap();
            let loaded = crate::load(&dir).unwrap();
            for theme in ["default", "projector", "screenshare"] {
                let (certain, fitted) = agrees_with_typst(&loaded, theme);
                assert!(
                    certain > fitted / 8 && certain < fitted,
                    "{aspect}, theme `{theme}`: {certain} of {fitted}"
                );
            }
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn what_the_bound_does_not_model_is_measured() {
        let dir = std::env::temp_dir().join(format!("lectern-bound-none-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("x.md");
        let long_word = "a".repeat(80);
        std::fs::write(
            &file,
            format!(
                "+++\ntitle = \"X\"\n+++\n\n## Tabel\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n\n\
                 ## Formule\n\nDat is $x^2$.\n\n---\n\n## Lang\n\n{long_word}\n\n---\n\n\
                 ## Kort\n\nEen regel.\n"
            ),
        )
        .unwrap();
        let loaded = crate::load(&file).unwrap();
        let theme = crate::theme::builtin("default").unwrap();
        let certain: Vec<bool> = loaded.course.decks[0]
            .slides
            .iter()
            .map(|s| certain_fit(s, &theme, (960.0, 540.0)).is_some())
            .collect();
        assert_eq!(certain, [false, false, false, true]);
        std::fs::remove_dir_all(&dir).ok();
    }
}

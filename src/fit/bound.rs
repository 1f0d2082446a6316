//! Slides whose fitting is plain without measuring: bounds on a slide's
//! height from the bundled fonts and the built-in template's geometry
//! (`fit-slide` in `themes/default/deck.typ`).
//!
//! Most slides of a course are short, and fitting would only confirm that
//! they fit on one page at the largest body size. The upper bound takes
//! every word at least as wide as Typst sets it (no kerning, a little
//! extra), breaks lines only at spaces (Typst may break at more places,
//! which never needs more lines), and every line and gap as tall as Typst
//! makes them (the font's top edge, the template's leading and spacing;
//! beside a heading, the larger reading of its em). When even that bound
//! leaves room, the slide gets the decision the template would make: the
//! largest size, one page. The lower bound (narrower words, lines filled to
//! the last point, the smaller readings) tells the template which slides
//! cannot fit even at the smallest size, so it cuts their pages without
//! measuring them whole first. Anything the bounds do not model (a table,
//! a picture, a formula, a footnote, a course's own template or font, a
//! character the bundled fonts lack, a word longer than a line) is left to
//! Typst.

use super::{merge, units, Fit};
use crate::deck::{Block, BlockBody, Inline, Slide, SlideKind};
use crate::text::fonts;
use crate::theme::geometry::TEMPLATE;
use crate::theme::Theme;

/// Text advances are taken this much wider than the fonts' for an upper
/// bound (kerning pairs that widen, ligatures in titles), and this much
/// narrower for a lower one.
const WIDER: f64 = 1.03;
const NARROWER: f64 = 0.95;
/// Either bound, once more, keeps this share of the room on its side.
const SPARE: f64 = 0.02;

/// DejaVu Sans Mono's advance, in em, for every character it has.
const MONO: f64 = 0.6021;

/// What the bounds read from the fonts.
struct Metrics {
    /// The height of a line of text in em, smallest and largest over the
    /// faces a slide's text is set in.
    top: (f64, f64),
}

/// A line of text is as tall as the top edge Typst gives it by default,
/// the font's capital height, which Typst takes from the OS/2 table or,
/// when the font has none there (DejaVu has none), from its typographic
/// ascender.
fn metrics() -> &'static Metrics {
    static METRICS: std::sync::OnceLock<Metrics> = std::sync::OnceLock::new();
    METRICS.get_or_init(|| {
        let tops: Vec<f64> = fonts::text_faces()
            .iter()
            .map(|face| {
                let units = face
                    .capital_height()
                    .filter(|&h| h > 0)
                    .unwrap_or(face.typographic_ascender().unwrap_or(face.ascender()));
                f64::from(units) / f64::from(face.units_per_em())
            })
            .collect();
        Metrics {
            top: (
                tops.iter().copied().fold(f64::INFINITY, f64::min),
                tops.iter().copied().fold(0.0, f64::max),
            ),
        }
    })
}

/// Which side of the true height a figure stays on.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Upper,
    Lower,
}

/// Where slides are shown: the screen's size in points and the course
/// language (which decides whether a slide shows its kind's label).
#[derive(Clone, Copy)]
pub struct Screen<'a> {
    pub width: f64,
    pub height: f64,
    pub lang: &'a str,
}

/// The decision for `slide` when it certainly fits on one page at the
/// theme's largest body size, or `None` when that takes measuring.
pub fn certain_fit(slide: &Slide, theme: &Theme, screen: Screen) -> Option<Fit> {
    let max = theme.sizes.fit_range().0;
    let blocks = merge(&units(slide));
    let (room, height) = room_and_body(slide, &blocks, theme, screen, max, Side::Upper)?;
    (height <= room * (1.0 - SPARE)).then(|| Fit {
        size: max,
        breaks: Vec::new(),
        overfull: Vec::new(),
    })
}

/// For a slide of several units that certainly does not fit on one page
/// even at the theme's smallest size, about how tall its body is there (in
/// points); `None` when it may fit. Such a slide flows without being
/// measured whole at the largest and the smallest size first.
pub fn certainly_flows(slide: &Slide, theme: &Theme, screen: Screen) -> Option<f64> {
    let min = theme.sizes.fit_range().1;
    let units = units(slide);
    if units.len() < 2 {
        return None;
    }
    let blocks = merge(&units);
    let (room, height) = room_and_body(slide, &blocks, theme, screen, min, Side::Lower)?;
    if height < room * (1.0 + SPARE) {
        return None;
    }
    // The page ends are searched from a guess made with this height: the
    // upper bound, with the fonts' own heights and spacing, is all but the
    // true height; the lower one (lines filled to the last point) is not.
    Some(room_and_body(slide, &blocks, theme, screen, min, Side::Upper).map_or(height, |(_, h)| h))
}

/// The room `fit-slide` leaves for the body under the head, and the height
/// at `size` of the body (`blocks`, the slide's units merged, as the
/// template measures them), both bounded on `side` of the truth (the room
/// on the other side).
fn room_and_body(
    slide: &Slide,
    blocks: &[Block],
    theme: &Theme,
    screen: Screen,
    size: f64,
    side: Side,
) -> Option<(f64, f64)> {
    let modelled = super::is_fitted(slide.kind)
        && theme.uses_builtin_template()
        && theme.fonts.body == fonts::HOUSE_FAMILY
        && metrics().top.0 > 0.0
        && metrics().top.1 < 2.0;
    if !modelled {
        return None;
    }
    let (w, h) = (screen.width, screen.height);
    let m = theme.layout.margin;
    let geo = &TEMPLATE;
    let width = w - 2.0 * m;
    let s = &theme.sizes;
    // The head as `fit-slide` measures it: the kind's label and 8 pt when
    // the slide shows it (its icon may come from another font: a full em
    // of the icon's size from above, the text's line from below), the
    // title at its step's size with Typst's default leading, 20 pt. The room
    // is bounded on the other side of the body.
    let label = if crate::text::words::shows_label(slide, screen.lang) {
        geo.label_gap
            + match side {
                Side::Upper => s.label * 1.2,
                Side::Lower => metrics().top.0 * s.label,
            }
    } else {
        0.0
    };
    let title = if slide.title.is_empty() {
        0.0
    } else {
        paragraph(
            &slide.title,
            Look::bold(),
            s.title_for(size),
            (0.65, 0.65),
            width,
            side,
        )? + geo.title_gap
    };
    let room = h - 2.0 * m - geo.footer_room - label - title;
    let body = Body {
        size,
        heading: scaled(s.heading, size, s),
        bold: theme.bold_body,
        statements: slide.kind == SlideKind::Statements,
        side,
    };
    let (inset_x, inset_y) = geo.frame_inset(slide.kind);
    let height = body.stack(blocks, width - 2.0 * inset_x, true)? + 2.0 * inset_y;
    Some((room, height))
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

    /// The advance of `c` in em. A semibold body may be set in the bold
    /// face or the regular one: the wider for an upper bound, the narrower
    /// for a lower one.
    fn advance(self, c: char, side: Side) -> Option<f64> {
        if self.mono {
            return (c.is_ascii_graphic() || c == ' ').then_some(MONO);
        }
        let regular = fonts::advance(c, false, self.italic)?;
        if !self.bold {
            return Some(regular);
        }
        let bold = fonts::advance(c, true, self.italic)?;
        Some(match side {
            Side::Upper => bold.max(regular),
            Side::Lower => bold.min(regular),
        })
    }
}

/// The body of a slide at one size.
struct Body {
    size: f64,
    heading: f64,
    /// The theme sets body text semibold.
    bold: bool,
    statements: bool,
    side: Side,
}

impl Body {
    /// Blocks one under the other, each gap the template's block spacing,
    /// 0.7 em of the body (beside a heading, read in its em or the body's:
    /// the larger for an upper bound, the smaller for a lower one).
    fn stack(&self, blocks: &[Block], width: f64, top: bool) -> Option<f64> {
        let heading = |b: &Block| matches!(b.body, BlockBody::Heading { .. });
        let mut total = 0.0;
        for (i, block) in blocks.iter().enumerate() {
            if i > 0 {
                let em = if heading(block) || heading(&blocks[i - 1]) {
                    self.pick(self.size, self.heading)
                } else {
                    self.size
                };
                total += 0.7 * em;
            }
            total += self.block(block, width, top)?;
        }
        Some(total)
    }

    /// Of two readings of a length, the one on this bound's side.
    fn pick(&self, a: f64, b: f64) -> f64 {
        match self.side {
            Side::Upper => a.max(b),
            Side::Lower => a.min(b),
        }
    }

    fn block(&self, block: &Block, width: f64, top: bool) -> Option<f64> {
        let s = self.size;
        let leading = (0.5, 0.5);
        match &block.body {
            BlockBody::Paragraph { content } => paragraph(
                content,
                Look::plain(self.bold),
                s,
                leading,
                width,
                self.side,
            ),
            BlockBody::Heading { content, .. } => {
                // Its leading in its own em or in the body's.
                let leading = (0.5, 0.5 * s / self.heading);
                paragraph(
                    content,
                    Look::bold(),
                    self.heading,
                    leading,
                    width,
                    self.side,
                )
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
            } => {
                let (inset, pad) = (TEMPLATE.quote_inset, TEMPLATE.quote_pad);
                Some(self.stack(blocks, width - inset, false)? + 2.0 * pad)
            }
            BlockBody::Rule => Some(self.pick(8.0, 0.0)),
            _ => None,
        }
    }
}

/// The height of a paragraph of `size` points in `width` points, or
/// `None` when a word is wider than the line or a character is not in the
/// bundled fonts. `leading` in em of `size` (the larger reading first).
/// From above: broken greedily at spaces (Typst's way for text that is not
/// justified; its other break points only ever save lines). From below:
/// as many lines as the words' widths fill, breaking anywhere.
fn paragraph(
    content: &[Inline],
    look: Look,
    size: f64,
    leading: (f64, f64),
    width: f64,
    side: Side,
) -> Option<f64> {
    let mut words = Words::new(side);
    words.inlines(content, look)?;
    words.end_word();
    if !words.seen {
        return None;
    }
    let limit = width / size;
    let mut lines = 0usize;
    for line in words.list.split(Option::is_none) {
        let mut filled: Option<f64> = None;
        let (mut count, mut sum) = (0, 0.0);
        for &(space, word) in line.iter().flatten() {
            if word > limit {
                return None;
            }
            sum += word;
            filled = match filled {
                Some(f) if f + space + word <= limit => Some(f + space + word),
                _ => {
                    count += 1;
                    Some(word)
                }
            };
        }
        lines += match side {
            Side::Upper => count.max(1),
            Side::Lower => ((sum / limit).ceil() as usize).max(1),
        };
    }
    let leading = match side {
        Side::Upper => leading.0.max(leading.1),
        Side::Lower => leading.0.min(leading.1),
    };
    let top = match side {
        Side::Upper => metrics().top.1,
        Side::Lower => metrics().top.0,
    };
    Some(lines as f64 * top * size + lines.saturating_sub(1) as f64 * leading * size)
}

/// A paragraph as words (the space before each and the word's width, in
/// em), with `None` at a forced line break.
struct Words {
    list: Vec<Option<(f64, f64)>>,
    side: Side,
    space: f64,
    word: f64,
    in_word: bool,
    /// Some character is drawn.
    seen: bool,
}

impl Words {
    fn new(side: Side) -> Words {
        Words {
            list: Vec::new(),
            side,
            space: 0.0,
            word: 0.0,
            in_word: false,
            seen: false,
        }
    }

    /// Advances are taken wider for an upper bound, narrower for a lower.
    fn scale(&self) -> f64 {
        match self.side {
            Side::Upper => WIDER,
            Side::Lower => NARROWER,
        }
    }

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
                self.space += look.advance(' ', self.side)? * self.scale();
            } else if c.is_control() {
                return None;
            } else {
                self.word += look.advance(c, self.side)? * self.scale();
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

    /// Every slide of `course` in `theme` that the bounds call certain to
    /// fit or to flow, checked against Typst's own measuring: the numbers
    /// certain to fit, certain to flow, and fitted.
    fn agrees_with_typst(loaded: &crate::Loaded, theme: &str) -> (usize, usize, usize) {
        let theme = crate::theme::builtin(theme).unwrap();
        let (w, h) = loaded.course.config.aspect.size();
        let screen = Screen {
            width: f64::from(w),
            height: f64::from(h),
            lang: &loaded.course.config.language,
        };
        let (mut certain, mut flows, mut fitted) = (0, 0, 0);
        for deck in &loaded.course.decks {
            let measured = crate::fit::measure::decide(
                &mut PdfEngine::new(),
                &loaded.course,
                deck,
                &theme,
                &[],
            );
            for (slide, typst) in deck.slides.iter().zip(&measured.fits) {
                fitted += usize::from(super::super::is_fitted(slide.kind));
                let at = format!(
                    "{} slide {} in theme `{}`",
                    deck.stem, slide.number, theme.name
                );
                if let Some(fit) = certain_fit(slide, &theme, screen) {
                    certain += 1;
                    assert_eq!(&fit, typst, "{at}: the bound says it fits");
                }
                if certainly_flows(slide, &theme, screen).is_some() {
                    flows += 1;
                    // Had it fitted on one page at the smallest size, the
                    // flow from there would have made one page.
                    assert!(
                        typst.pages() > 1 || !typst.overfull.is_empty(),
                        "{at}: the bound says it flows, Typst made {typst:?}"
                    );
                }
            }
        }
        (certain, flows, fitted)
    }

    #[test]
    fn a_real_course_s_certain_slides_are_what_typst_decides() {
        let loaded = crate::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course"),
        )
        .unwrap();
        for theme in ["default", "projector", "screenshare"] {
            let (certain, _, fitted) = agrees_with_typst(&loaded, theme);
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

    /// A course in `dir` of slides that grow a line at a time across the
    /// point where they stop fitting at the largest size, and further,
    /// until they flow onto more pages at the smallest.
    fn growing_course(dir: &std::path::Path) {
        std::fs::create_dir_all(dir).unwrap();
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
    }

    /// The bounds must give up before Typst does, for every kind of block
    /// they model.
    #[test]
    fn growing_slides_are_certain_only_while_typst_says_they_fit() {
        let dir = std::env::temp_dir().join(format!("lectern-bound-{}", std::process::id()));
        growing_course(&dir);
        for aspect in ["16:9", "4:3"] {
            std::fs::write(
                dir.join("course.toml"),
                format!("title = \"T\"\naspect = \"{aspect}\"\n"),
            )
            .unwrap();
            let loaded = crate::load(&dir).unwrap();
            for theme in ["default", "projector", "screenshare"] {
                let (certain, flows, fitted) = agrees_with_typst(&loaded, theme);
                // Each bound settles a good share of the slides (a tenth at
                // least: the house face and DejaVu's symbols differ in
                // height, so the bounds hold a little apart).
                assert!(
                    certain > fitted / 10 && flows > fitted / 10 && certain + flows < fitted,
                    "{aspect}, theme `{theme}`: {certain} fit and {flows} flow of {fitted}"
                );
            }
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    /// The fit document takes a shortcut where the lower bound says a
    /// slide flows. Without it (the same template taken as a course's own,
    /// which lectern has no bounds for), every decision is the same. (Even
    /// a wrong hint would only cost time: a slide that fits at the smallest
    /// size is one page there, and sizing that page finds its size.)
    #[test]
    fn fitting_told_what_flows_decides_what_measuring_everything_decides() {
        let dir = std::env::temp_dir().join(format!("lectern-shortcuts-{}", std::process::id()));
        growing_course(&dir);
        let bundled =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/course");
        for course in [dir.clone(), bundled] {
            let loaded = crate::load(&course).unwrap();
            for name in ["default", "projector", "screenshare"] {
                let theme = crate::theme::builtin(name).unwrap();
                let mut plain = theme.clone();
                plain.typst = format!("{}\n", theme.typst);
                assert!(!plain.uses_builtin_template());
                for deck in &loaded.course.decks {
                    let quick = crate::fit::measure::decide(
                        &mut PdfEngine::new(),
                        &loaded.course,
                        deck,
                        &theme,
                        &[],
                    );
                    let slow = crate::fit::measure::decide(
                        &mut PdfEngine::new(),
                        &loaded.course,
                        deck,
                        &plain,
                        &[],
                    );
                    for ((slide, q), s) in deck.slides.iter().zip(&quick.fits).zip(&slow.fits) {
                        assert_eq!(
                            q, s,
                            "{} slide {} in theme `{name}`",
                            deck.stem, slide.number
                        );
                    }
                }
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
            .map(|s| {
                let screen = Screen {
                    width: 960.0,
                    height: 540.0,
                    lang: "nl",
                };
                certain_fit(s, &theme, screen).is_some()
            })
            .collect();
        assert_eq!(certain, [false, false, false, true]);
        std::fs::remove_dir_all(&dir).ok();
    }
}

//! Checks that need the theme, not just the Markdown: legibility (type
//! size, contrast, lines per slide) and characters no embedded font has.
//! Overflow comes from the real PDF layout (see `render::pdf`).

use crate::deck::{blocks_text, inline_text, Block, BlockBody, Deck, Slide, SlideKind};
use crate::diag::Diagnostic;
use crate::theme::{contrast, Theme};

/// All legibility and glyph warnings for one deck in its theme.
pub fn deck(deck: &Deck, theme: &Theme, width: f64) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for slide in &deck.slides {
        legibility(deck, slide, theme, width, &mut out);
        glyphs(deck, slide, &mut out);
    }
    out
}

fn legibility(deck: &Deck, slide: &Slide, theme: &Theme, width: f64, out: &mut Vec<Diagnostic>) {
    let s = &theme.sizes;
    let uses_small = slide.kind == SlideKind::Statements
        || slide.blocks.iter().any(|b| {
            matches!(
                b.body,
                BlockBody::Table { .. } | BlockBody::Code { .. } | BlockBody::Footnote { .. }
            )
        });
    let mut sizes = vec![("body text", s.body), ("slide titles", s.title)];
    if uses_small {
        sizes.push(("small text (tables, code, cards)", s.small));
    }
    for (what, size) in sizes {
        if size < s.min {
            out.push(
                Diagnostic::warning(
                    &deck.file,
                    slide.pos,
                    format!("{what} is {size} pt in theme `{}`, below the {} pt that reads from the back of a room", theme.name, s.min),
                )
                .with_help("raise the size in the theme's [sizes], or choose another theme"),
            );
        }
    }
    let c = &theme.colors;
    let kind_colour = c.kinds.get(slide.kind.name()).cloned().unwrap_or_default();
    let mut pairs = vec![
        ("text", c.text.as_str(), c.background.as_str()),
        ("label", kind_colour.as_str(), c.background.as_str()),
    ];
    if matches!(slide.kind, SlideKind::Definition | SlideKind::Statements) {
        pairs.push(("card text", c.text.as_str(), c.surface.as_str()));
    }
    if slide.kind == SlideKind::Section {
        pairs.push(("section text", c.on_accent.as_str(), c.accent.as_str()));
    }
    for (what, fg, bg) in pairs {
        if let Some(ratio) = contrast(fg, bg) {
            if ratio < 4.5 {
                out.push(
                    Diagnostic::warning(
                        &deck.file,
                        slide.pos,
                        format!("{what} contrast is {ratio:.1}:1 in theme `{}` ({fg} on {bg}), below WCAG AA (4.5:1)", theme.name),
                    )
                    .with_help("darken the text or lighten the background in the theme's [colors]"),
                );
            }
        }
    }
    let lines = estimate_lines(&slide.blocks, theme, width);
    if lines > s.max_lines as usize {
        out.push(
            Diagnostic::warning(
                &deck.file,
                slide.pos,
                format!(
                    "slide {} has about {lines} lines of text; theme `{}` allows {}",
                    slide.number, theme.name, s.max_lines
                ),
            )
            .with_help("split it over two slides, e.g. \"… (vervolg)\""),
        );
    }
}

/// Wrapped lines at the theme's body size (average glyph ≈ 0.55 em).
pub fn estimate_lines(blocks: &[Block], theme: &Theme, width: f64) -> usize {
    let per_line =
        ((width - 2.0 * theme.layout.margin) / (theme.sizes.body * 0.55)).max(10.0) as usize;
    let wrap = |text: &str, indent: usize| {
        text.chars()
            .count()
            .div_ceil(per_line.saturating_sub(indent).max(5))
            .max(1)
    };
    let mut n = 0;
    for b in blocks {
        n += match &b.body {
            BlockBody::Paragraph { content } | BlockBody::Heading { content, .. } => {
                wrap(&inline_text(content), 0)
            }
            BlockBody::List { items, .. } => {
                items.iter().map(|i| wrap(&blocks_text(&i.blocks), 3)).sum()
            }
            BlockBody::Quote { blocks } => estimate_lines(blocks, theme, width - 30.0),
            BlockBody::Code { text, .. } => text.lines().count(),
            BlockBody::Table { rows, .. } => rows.len() + 1,
            BlockBody::Image(_) => 5,
            BlockBody::Video(_) => 4,
            BlockBody::Footnote { blocks, .. } => estimate_lines(blocks, theme, width),
            BlockBody::Rule | BlockBody::Html { .. } => 0,
        };
    }
    n
}

fn glyphs(deck: &Deck, slide: &Slide, out: &mut Vec<Diagnostic>) {
    let text = format!(
        "{}\n{}",
        inline_text(&slide.title),
        blocks_text(&slide.blocks)
    );
    let mut seen = Vec::new();
    for c in text.chars() {
        if !seen.contains(&c) && !crate::render::pdf::has_glyph(c) {
            seen.push(c);
            out.push(
                Diagnostic::warning(
                    &deck.file,
                    slide.pos,
                    format!("no embedded font has the character '{c}' (U+{:04X}); the PDF shows an empty box", c as u32),
                )
                .with_help("use a character the fonts cover (e.g. ✓ ➔ →), or add a font to the theme"),
            );
        }
    }
}

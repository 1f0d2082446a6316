//! Checks that need the theme, not just the Markdown: legibility (type
//! size, contrast) and characters no embedded font has. How much fits on
//! a page comes from the real layout (see `fit` and `render::pdf`).

use crate::deck::{blocks_text, inline_text, BlockBody, Deck, Slide, SlideKind};
use crate::diag::Diagnostic;
use crate::theme::{contrast, Theme};

/// All legibility and glyph warnings for one deck in its theme.
pub fn deck(deck: &Deck, theme: &Theme) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for slide in &deck.slides {
        legibility(deck, slide, theme, &mut out);
        glyphs(deck, slide, &mut out);
    }
    out
}

fn legibility(deck: &Deck, slide: &Slide, theme: &Theme, out: &mut Vec<Diagnostic>) {
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
}

fn glyphs(deck: &Deck, slide: &Slide, out: &mut Vec<Diagnostic>) {
    let text = format!(
        "{}\n{}",
        inline_text(&slide.title),
        blocks_text(&slide.blocks)
    );
    let mut seen = Vec::new();
    for c in text.chars() {
        if !seen.contains(&c) && !crate::render::fonts::has_glyph(c) {
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

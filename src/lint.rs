//! Checks that need the theme, not just the Markdown: legibility (type
//! size, contrast) and characters no embedded font has. How much fits on
//! a page comes from the real layout (see `fit` and `render::pdf`).

use crate::deck::{blocks_text, inline_text, BlockBody, Deck, Slide, SlideKind};
use crate::diag::Diagnostic;
use crate::diag::Pos;
use crate::theme::{contrast, Theme};

/// The glyph warnings of one deck (legibility belongs to the theme: see
/// [`theme`]).
pub fn deck(deck: &Deck) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for slide in &deck.slides {
        glyphs(deck, slide, &mut out);
    }
    out
}

/// How an SVG figure's smallest text comes out on a slide: the smallest
/// `font-size` in the file, the scale at which a slide fits the figure (the
/// full content width, at most 55 % of the slide's height, as the template
/// and the CSS draw figures) and so the size it is drawn at, in pt.
pub struct FigureText {
    pub smallest: f64,
    pub scale: f64,
    pub drawn: f64,
}

/// The [`FigureText`] of an SVG's source on a slide of `slide` (w, h) in
/// `theme`; `None` when it sets no text size or no size of its own.
pub fn figure_text(svg: &str, theme: &Theme, slide: (f64, f64)) -> Option<FigureText> {
    let (w, h) = slide;
    let (room_w, room_h) = (w - 2.0 * theme.layout.margin, h * 0.55);
    let (vb_w, vb_h) = svg_size(svg)?;
    let smallest = font_sizes(svg).into_iter().reduce(f64::min)?;
    let scale = (room_w / vb_w).min(room_h / vb_h);
    Some(FigureText {
        smallest,
        scale,
        drawn: smallest * scale,
    })
}

/// Text in an SVG figure that the slide draws below the theme's minimum
/// (see [`figure_text`]).
pub fn figures(
    deck: &Deck,
    theme: &Theme,
    course_root: &std::path::Path,
    slide: (f64, f64),
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in &deck.slides {
        for file in crate::deck::blocks_images(&s.blocks) {
            if crate::images::mime(&file) != Some("image/svg+xml") {
                continue;
            }
            let Ok(svg) = std::fs::read_to_string(course_root.join(&file)) else {
                continue;
            };
            let Some(FigureText { scale, drawn, .. }) = figure_text(&svg, theme, slide) else {
                continue;
            };
            if drawn + 0.05 < theme.sizes.min {
                let needed = (theme.sizes.min / scale).ceil();
                out.push(
                    Diagnostic::warning(
                        &deck.file,
                        s.pos,
                        format!(
                            "text in `{file}` is drawn at {drawn:.1} pt on this slide, below the {} pt minimum of theme `{}`",
                            theme.sizes.min, theme.name
                        ),
                    )
                    .with_help(format!("set its font-size to at least {needed} (the figure is drawn at {:.0} % of its size), or use fewer, larger labels", scale * 100.0)),
                );
            }
        }
    }
    out
}

/// The width and height of an SVG's viewBox (or its width and height).
fn svg_size(svg: &str) -> Option<(f64, f64)> {
    let root = &svg[svg.find("<svg")?..];
    let root = &root[..root.find('>')?];
    let attr = |name: &str| {
        let at = root.find(&format!(" {name}=\""))? + name.len() + 3;
        root[at..].split('"').next().map(str::to_string)
    };
    if let Some(vb) = attr("viewBox") {
        let n: Vec<f64> = vb
            .split([' ', ','])
            .filter_map(|x| x.parse().ok())
            .collect();
        if n.len() == 4 && n[2] > 0.0 && n[3] > 0.0 {
            return Some((n[2], n[3]));
        }
    }
    let number = |v: String| v.trim_end_matches("px").parse::<f64>().ok();
    Some((number(attr("width")?)?, number(attr("height")?)?))
}

/// Every `font-size` an SVG sets, as an attribute or in a style.
fn font_sizes(svg: &str) -> Vec<f64> {
    svg.split("font-size")
        .skip(1)
        .filter_map(|rest| {
            let value = rest.trim_start_matches(['=', ':', '"', '\'', ' ']);
            let end = value
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(value.len());
            value[..end].parse().ok()
        })
        .filter(|&size: &f64| size > 0.0)
        .collect()
}

/// What the decks set in a theme use of it: which slide kinds, and whether
/// any has small text (tables, code, statement cards, footnotes).
#[derive(Default)]
pub struct Usage {
    pub kinds: Vec<SlideKind>,
    pub small: bool,
}

impl Usage {
    pub fn add(&mut self, deck: &Deck) {
        for slide in &deck.slides {
            if !self.kinds.contains(&slide.kind) {
                self.kinds.push(slide.kind);
            }
            fn small(b: &crate::deck::Block) -> bool {
                match &b.body {
                    BlockBody::Table { .. }
                    | BlockBody::Code { .. }
                    | BlockBody::Footnote { .. } => true,
                    BlockBody::Columns { columns } => {
                        columns.iter().flat_map(|c| &c.blocks).any(small)
                    }
                    _ => false,
                }
            }
            self.small |= slide.kind == SlideKind::Statements || slide.blocks.iter().any(small);
        }
    }
}

/// The line of `section.key = …` in a TOML file (`colors.kinds.exercise`
/// is `exercise` under `[colors.kinds]`), or of the section, or 1.
pub fn toml_line(text: &str, dotted: &str) -> usize {
    let (section, key) = dotted.rsplit_once('.').unwrap_or(("", dotted));
    let mut current = String::new();
    let mut section_line = None;
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if let Some(name) = l.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            current = name.trim().to_string();
            if current == section {
                section_line = Some(i + 1);
            }
            continue;
        }
        let bare = l.split('=').next().unwrap_or("").trim().trim_matches('"');
        if current == section && l.contains('=') && bare == key {
            return i + 1;
        }
    }
    section_line.unwrap_or(1)
}

/// Legibility of a theme as the decks use it, once per theme: type below
/// the theme's minimum and text below WCAG AA contrast. `at` is where the
/// fix goes: the theme's file and the line of the key, or where the theme
/// is chosen.
pub fn theme(theme: &Theme, usage: &Usage, at: &dyn Fn(&str) -> (String, Pos)) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let s = &theme.sizes;
    let mut sizes = vec![
        ("body text", "sizes.body", s.body),
        ("slide titles", "sizes.title", s.title),
    ];
    if usage.small {
        sizes.push(("small text (tables, code, cards)", "sizes.small", s.small));
    }
    for (what, key, size) in sizes {
        if size < s.min {
            let (file, pos) = at(key);
            out.push(
                Diagnostic::warning(
                    &file,
                    pos,
                    format!("{what} is {size} pt in theme `{}`, below the {} pt that reads from the back of a room", theme.name, s.min),
                )
                .with_help("raise the size in the theme's [sizes], or choose another theme"),
            );
        }
    }
    let c = &theme.colors;
    let mut pairs = vec![(
        "text".to_string(),
        "colors.text".to_string(),
        c.text.clone(),
        c.background.clone(),
    )];
    for kind in &usage.kinds {
        if let Some(colour) = c.kinds.get(kind.name()) {
            pairs.push((
                format!("`{}` label", kind.name()),
                format!("colors.kinds.{}", kind.name()),
                colour.clone(),
                c.background.clone(),
            ));
        }
    }
    if usage
        .kinds
        .iter()
        .any(|k| matches!(k, SlideKind::Definition | SlideKind::Statements))
    {
        pairs.push((
            "card text".into(),
            "colors.surface".into(),
            c.text.clone(),
            c.surface.clone(),
        ));
    }
    if usage.kinds.contains(&SlideKind::Section) {
        pairs.push((
            "section text".into(),
            "colors.on_accent".into(),
            c.on_accent.clone(),
            c.accent.clone(),
        ));
    }
    for (what, key, fg, bg) in pairs {
        let Some(ratio) = contrast(&fg, &bg) else {
            continue;
        };
        if ratio < 4.5 {
            // Rounded down, so a ratio just under the limit never reads as the limit.
            let shown = (ratio * 100.0).floor() / 100.0;
            let (file, pos) = at(&key);
            out.push(
                Diagnostic::warning(
                    &file,
                    pos,
                    format!("{what} contrast is {shown:.2}:1 in theme `{}` ({fg} on {bg}), below WCAG AA (4.5:1)", theme.name),
                )
                .with_help("darken the text or lighten the background in the theme's [colors]"),
            );
        }
    }
    out
}

fn glyphs(deck: &Deck, slide: &Slide, out: &mut Vec<Diagnostic>) {
    let text = format!(
        "{}\n{}",
        inline_text(&slide.title),
        blocks_text(&slide.blocks)
    );
    let mut seen = Vec::new();
    for c in text.chars() {
        if !seen.contains(&c) && !crate::text::fonts::has_glyph(c) {
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

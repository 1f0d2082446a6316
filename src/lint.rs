//! Checks that need the theme, not just the Markdown: legibility (type
//! size, contrast) and characters no embedded font has. How much fits on
//! a page comes from the real layout (see `fit` and `render::pdf`).

use crate::deck::{blocks_text, inline_text, BlockBody, Deck, Slide, SlideKind};
use crate::diag::Diagnostic;
use crate::diag::Pos;
use crate::theme::{contrast, Theme};

/// The glyph and personal-data warnings of one deck set in `theme`, whose
/// own font files count as embedded fonts (legibility belongs to the
/// theme: see [`theme`]).
pub fn deck(deck: &Deck, theme: &Theme) -> Vec<Diagnostic> {
    let own: Vec<ttf_parser::Face> = theme
        .font_files
        .iter()
        .flat_map(|data| {
            let count = ttf_parser::fonts_in_collection(data).unwrap_or(1);
            (0..count).filter_map(move |i| ttf_parser::Face::parse(data, i).ok())
        })
        .collect();
    let mut out = Vec::new();
    for slide in &deck.slides {
        glyphs(deck, slide, (&theme.name, &own), &mut out);
        personal_data(deck, slide, &mut out);
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

/// Characters no font draws: neither the embedded ones nor the theme's
/// own (`fonts`: its name and its parsed files).
fn glyphs(
    deck: &Deck,
    slide: &Slide,
    (theme, own): (&str, &[ttf_parser::Face]),
    out: &mut Vec<Diagnostic>,
) {
    let text = format!(
        "{}\n{}",
        inline_text(&slide.title),
        blocks_text(&slide.blocks)
    );
    let mut seen = Vec::new();
    for c in text.chars() {
        if !seen.contains(&c)
            && !crate::text::fonts::has_glyph(c)
            && !own
                .iter()
                .any(|f| f.glyph_index(c).is_some_and(|g| g.0 != 0))
        {
            seen.push(c);
            out.push(
                Diagnostic::warning(
                    &deck.file,
                    slide.pos,
                    format!("no embedded font has the character '{c}' (U+{:04X}); the PDF shows an empty box", c as u32),
                )
                .with_help(format!(
                    "use a character the fonts cover (e.g. ✓ ➔ →), or put a .ttf or .otf that has it in the fonts/ folder of the course's theme (now `{theme}`; a theme of your own can say extends = \"{theme}\")"
                )),
            );
        }
    }
}

/// Personal data in what the room sees and the workbook prints (a slide's
/// title and content; the notes are the trainers' own): e-mail addresses,
/// phone numbers and Dutch citizen service numbers. The subject of a
/// course may be mental health: a participant's address or number on a
/// projected slide is a leak.
fn personal_data(deck: &Deck, slide: &Slide, out: &mut Vec<Diagnostic>) {
    let text = format!(
        "{}\n{}",
        inline_text(&slide.title),
        blocks_text(&slide.blocks)
    );
    for (what, found) in find_personal_data(&text) {
        out.push(
            Diagnostic::warning(
                &deck.file,
                slide.pos,
                format!(
                    "slide {} shows {what} (`{found}`): the room sees it, and the workbook prints it",
                    slide.number
                ),
            )
            .with_help("leave it out, or put it in the slide's notes (after `???`) if the trainers need it"),
        );
    }
}

/// E-mail addresses, phone numbers and BSNs in `text`: what each is, and
/// the text as written.
pub fn find_personal_data(text: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || "()<>[]\"',;".contains(c)) {
        let word = word.trim_end_matches(['.', ':', '!', '?']);
        if is_email(word) {
            out.push(("an e-mail address", word.to_string()));
        }
    }
    for run in number_runs(text) {
        let digits: String = run.chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 9 && !run.contains(' ') && is_bsn(&digits) {
            out.push(("a citizen service number (BSN)", run.to_string()));
        } else if (run.starts_with('0') && digits.len() == 10)
            || (run.starts_with('+') && (10..=15).contains(&digits.len()))
        {
            out.push(("a phone number", run.to_string()));
        }
    }
    out
}

fn is_email(word: &str) -> bool {
    let Some((local, domain)) = word.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let tld = labels.last().copied().unwrap_or("");
    local_ok
        && labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
}

/// Runs of digits, starting with a digit or `+`, whose groups are joined
/// by single separators (space, `-`, `.`, `/`, brackets), standing alone:
/// not part of a word, an address or a time.
fn number_runs(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // A digit or `+` is one byte, so `i` is at a character here.
        let starts = bytes[i].is_ascii_digit()
            || (bytes[i] == b'+' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit));
        if !starts
            || text[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || "/=?&#_:@.-+".contains(c))
        {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        let mut j = i + 1;
        while j < bytes.len() {
            if bytes[j].is_ascii_digit() {
                j += 1;
                end = j;
                continue;
            }
            // One or two separators (`) `, ` - `), then a digit.
            let seps = bytes[j..]
                .iter()
                .take(3)
                .take_while(|b| b" -./()".contains(b))
                .count();
            if seps > 0 && bytes.get(j + seps).is_some_and(u8::is_ascii_digit) {
                j += seps;
            } else {
                break;
            }
        }
        let after = text[end..].chars().next();
        if after.is_none_or(|c| !(c.is_alphanumeric() || "/=?&#_:@".contains(c))) {
            out.push(&text[i..end]);
        }
        i = j.max(i + 1);
    }
    out
}

/// The Dutch citizen service number's 11-check (elfproef): the digits
/// weighed 9 down to 2, the last −1, sum to a multiple of 11.
fn is_bsn(digits: &str) -> bool {
    let d: Vec<i64> = digits.bytes().map(|b| i64::from(b - b'0')).collect();
    if d.len() != 9 || d.iter().all(|&x| x == 0) {
        return false;
    }
    let sum: i64 = d[..8]
        .iter()
        .zip((2..=9).rev())
        .map(|(x, w)| x * w)
        .sum::<i64>()
        - d[8];
    sum % 11 == 0
}

#[cfg(test)]
mod personal_data_tests {
    use super::find_personal_data;

    fn kinds(text: &str) -> Vec<&'static str> {
        find_personal_data(text)
            .into_iter()
            .map(|(k, _)| k)
            .collect()
    }

    #[test]
    fn addresses_numbers_and_bsns_are_found() {
        assert_eq!(
            find_personal_data("Mail j.jansen@example.org."),
            [("an e-mail address", "j.jansen@example.org".to_string())]
        );
        for phone in [
            "bel 06-12345678",
            "bel 06 1234 5678",
            "bel +31 6 12345678",
            "(020) 123 4567",
            "+32 470 12 34 56",
        ] {
            assert_eq!(kinds(phone), ["a phone number"], "{phone}");
        }
        // 111222333 passes the 11-check; 123456789 does not.
        assert_eq!(kinds("BSN 111222333"), ["a citizen service number (BSN)"]);
        assert_eq!(kinds("BSN 1112.22.333"), ["a citizen service number (BSN)"]);
        assert!(kinds("nummer 123456789").is_empty());
    }

    #[test]
    fn dates_times_sizes_and_links_are_not() {
        for text in [
            "op 2026-12-01 om 09:30-10:45",
            "1280×800 bij 150 %",
            "https://youtu.be/-eZol1fTvc4 en https://www.youtube.com/watch?v=apzXGEbZht0",
            "sessie 1 tot 12, 90 minuten, 3 5 7 9",
            "@trainer en a@b",
            "ISBN 978-90-1234-567-8",
        ] {
            assert!(
                kinds(text).is_empty(),
                "{text}: {:?}",
                find_personal_data(text)
            );
        }
    }
}

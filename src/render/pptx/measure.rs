//! How much room text takes, estimated from the bundled fonts' advance
//! widths: enough to place shapes where the PDF has them (a title of two
//! lines pushes the body down, a short body sits a little above the
//! middle). The PPTX itself carries text, not positions of lines: the
//! program that opens it wraps the lines.

use crate::deck::Inline;

/// The look of a run of text, as far as its width goes.
#[derive(Clone, Copy, Default, PartialEq)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub mono: bool,
}

/// The advance of a character in em.
fn advance(c: char, style: Style) -> f64 {
    if style.mono {
        return 0.602;
    }
    crate::text::fonts::advance(c, style.bold, style.italic).unwrap_or(if c.is_whitespace() {
        0.32
    } else {
        0.6
    })
}

/// Inline content as runs of (text, style), with `None` for a hard break.
pub fn runs(inlines: &[Inline], style: Style, out: &mut Vec<Option<(String, Style)>>) {
    for i in inlines {
        match i {
            Inline::Text { s } => out.push(Some((s.clone(), style))),
            Inline::Code { s } => out.push(Some((
                s.clone(),
                Style {
                    mono: true,
                    ..style
                },
            ))),
            Inline::Strong { c } => runs(
                c,
                Style {
                    bold: true,
                    ..style
                },
                out,
            ),
            Inline::Emph { c } => runs(
                c,
                Style {
                    italic: true,
                    ..style
                },
                out,
            ),
            Inline::Strike { c } | Inline::Link { c, .. } => runs(c, style, out),
            Inline::Note { n } => out.push(Some((n.to_string(), style))),
            Inline::Break => out.push(None),
            Inline::Html { .. } => {}
            Inline::Math { tex, .. } => out.push(Some((
                tex.clone(),
                Style {
                    mono: true,
                    ..style
                },
            ))),
        }
    }
}

/// The number of lines text of `size` points takes in `width` points,
/// wrapped at spaces as a text frame does.
pub fn lines(inlines: &[Inline], style: Style, size: f64, width: f64) -> usize {
    let mut pieces = Vec::new();
    runs(inlines, style, &mut pieces);
    let width = (width / size).max(1.0);
    let (mut count, mut line, mut word, mut space) = (1, 0.0f64, 0.0f64, 0.0f64);
    let mut fresh = true;
    let flush = |line: &mut f64, word: &mut f64, space: &mut f64, count: &mut usize| {
        if *word > 0.0 {
            if *line > 0.0 && *line + *space + *word > width {
                *count += 1;
                // A word longer than a line takes as many lines as it needs.
                *count += (*word / width).floor() as usize;
                *line = *word % width;
            } else {
                *line += *space + *word;
            }
        }
        *word = 0.0;
        *space = 0.0;
    };
    for piece in pieces {
        let Some((text, style)) = piece else {
            flush(&mut line, &mut word, &mut space, &mut count);
            count += 1;
            line = 0.0;
            continue;
        };
        for c in text.chars() {
            if c == ' ' {
                if word > 0.0 {
                    flush(&mut line, &mut word, &mut space, &mut count);
                }
                if line > 0.0 || !fresh {
                    space += advance(c, style);
                }
            } else {
                word += advance(c, style);
            }
            fresh = false;
        }
    }
    flush(&mut line, &mut word, &mut space, &mut count);
    count
}

/// The height of a text of `n` lines as the slides PDF sets it: each line
/// is its cap height, lines are `leading` apart.
pub fn text_height(n: usize, size: f64) -> f64 {
    n as f64 * CAP * size + n.saturating_sub(1) as f64 * LEADING * size
}

/// The house face (Atkinson Hyperlegible Next): cap height in em, and how
/// far its ascent, where a text frame puts the first line, stands above
/// the cap height, where the template puts it. Then the template's leading
/// and paragraph spacing in em.
pub const CAP: f64 = 0.668;
pub const ABOVE_CAP: f64 = 0.984 - CAP;
pub const LEADING: f64 = 0.5;
pub const SPACING: f64 = 0.7;

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Vec<Inline> {
        vec![Inline::Text { s: s.into() }]
    }

    #[test]
    fn short_text_is_one_line_and_long_text_wraps() {
        assert_eq!(lines(&t("Gehechtheid"), Style::default(), 40.0, 872.0), 1);
        // About 50 characters of DejaVu Sans at 26 pt fill 872 pt.
        let long = "woord ".repeat(40);
        let n = lines(&t(&long), Style::default(), 26.0, 872.0);
        assert!((4..=6).contains(&n), "{n} lines");
        assert_eq!(
            lines(&t(&long), Style::default(), 13.0, 872.0),
            n.div_ceil(2)
        );
    }

    #[test]
    fn bold_is_wider_and_breaks_count() {
        let s = "Belang van eerste relaties: ‘The Good’, ‘The Bad’, ‘The Ugly’";
        let plain = lines(&t(s), Style::default(), 40.0, 872.0);
        let bold = lines(
            &t(s),
            Style {
                bold: true,
                ..Default::default()
            },
            40.0,
            872.0,
        );
        // The slides PDF sets this title (session 5) on two lines.
        assert_eq!(bold, 2);
        assert!(plain <= bold);
        let broken = vec![
            Inline::Text { s: "a".into() },
            Inline::Break,
            Inline::Text { s: "b".into() },
        ];
        assert_eq!(lines(&broken, Style::default(), 20.0, 800.0), 2);
    }
}

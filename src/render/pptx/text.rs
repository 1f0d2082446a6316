//! Text in DrawingML: the style a frame's text is drawn with, runs of
//! inline content, and the opening and closing of a paragraph (indent,
//! spacing, alignment, bullet).

use std::fmt::Write as _;

use super::canvas::LINE_PCT;
use super::rels::Rels;
use super::shape_tree::solid;
use super::xml::{self, attr_string, emu, size};
use crate::deck::{Inline, SlideKind};
use crate::theme::Theme;

/// The language tag DrawingML runs carry (`nl-NL`, `en-US`, `nl-BE`).
pub fn run_lang(lang: &str) -> String {
    if lang.contains('-') {
        return lang.to_string();
    }
    match lang {
        "nl" => "nl-NL".into(),
        "en" => "en-US".into(),
        "de" => "de-DE".into(),
        "fr" => "fr-FR".into(),
        other => other.to_string(),
    }
}

/// What text is drawn with: its size and colours, the kind's accent for
/// bullets, where it is aligned.
#[derive(Clone)]
pub struct TextStyle {
    pub size: f64,
    /// The fill of text (`<a:solidFill>…`).
    pub color: String,
    pub kind: SlideKind,
    pub kind_color: String,
    pub bold: bool,
    pub align: &'static str,
    pub lang: String,
    pub mono: String,
    pub font: String,
    /// Top-level lists of statements are cards; inside a card, lists are lists.
    pub top: bool,
    /// Headings and small text (links, code, cards) at this page's size.
    pub heading: f64,
    pub small: f64,
    /// A video's QR code side (`Geometry::qr_side`, the template's `qr`).
    pub qr: f64,
}

/// The fills a slide's (or a layout's) text is drawn with: `fg` for titles and text,
/// `muted` for the footer (and a title slide's subtitle); on a section
/// slide both the colour on the accent.
pub struct Ink {
    pub fg: String,
    pub muted: String,
}

impl Ink {
    pub fn new(theme: &Theme, section: bool) -> Ink {
        if section {
            let on_accent = solid(&theme.colors.on_accent);
            Ink {
                fg: on_accent.clone(),
                muted: on_accent,
            }
        } else {
            Ink {
                fg: "<a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill>".to_string(),
                muted: "<a:solidFill><a:schemeClr val=\"tx2\"/></a:solidFill>".to_string(),
            }
        }
    }
}

/// One paragraph's run-level style.
#[derive(Clone, Copy, Default)]
pub struct Run {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub mono: bool,
    pub sup: bool,
    pub underline: bool,
    pub size: Option<f64>,
}

/// Writes the runs of inline content.
pub fn inlines(
    out: &mut String,
    list: &[Inline],
    run: Run,
    link: Option<&str>,
    st: &TextStyle,
    rels: &mut Rels,
) {
    for i in list {
        match i {
            Inline::Text { s } => text_run(out, s, run, link, st),
            Inline::Code { s } => text_run(out, s, Run { mono: true, ..run }, link, st),
            Inline::Strong { c } => inlines(out, c, Run { bold: true, ..run }, link, st, rels),
            Inline::Emph { c } => inlines(
                out,
                c,
                Run {
                    italic: true,
                    ..run
                },
                link,
                st,
                rels,
            ),
            Inline::Strike { c } => inlines(
                out,
                c,
                Run {
                    strike: true,
                    ..run
                },
                link,
                st,
                rels,
            ),
            Inline::Link { url, c } => {
                let rid = (!url.trim().is_empty() && crate::parse::check_link(url).is_ok())
                    .then(|| rels.add("hyperlink", url, true));
                inlines(
                    out,
                    c,
                    Run {
                        underline: rid.is_some(),
                        ..run
                    },
                    rid.as_deref().or(link),
                    st,
                    rels,
                );
            }
            Inline::Break => out.push_str("<a:br><a:rPr/></a:br>"),
            Inline::Note { n } => text_run(out, &n.to_string(), Run { sup: true, ..run }, link, st),
            Inline::Html { .. } => {}
            // PowerPoint has no Typst math: the formula as the author wrote
            // it, in the code face (the PDF and HTML show it set).
            Inline::Math { tex, .. } => text_run(out, tex, Run { mono: true, ..run }, link, st),
        }
    }
}

pub fn text_run(out: &mut String, s: &str, run: Run, link: Option<&str>, st: &TextStyle) {
    if s.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<a:r><a:rPr lang=\"{}\" sz=\"{}\" b=\"{}\"",
        st.lang,
        size(run.size.unwrap_or(st.size)),
        u8::from(run.bold || st.bold)
    );
    if run.italic {
        out.push_str(" i=\"1\"");
    }
    if run.underline {
        out.push_str(" u=\"sng\"");
    }
    if run.strike {
        out.push_str(" strike=\"sngStrike\"");
    }
    if run.sup {
        out.push_str(" baseline=\"30000\"");
    }
    out.push_str(" dirty=\"0\">");
    if link.is_some() {
        out.push_str("<a:solidFill><a:schemeClr val=\"hlink\"/></a:solidFill>");
    } else {
        out.push_str(&st.color);
    }
    if run.mono {
        let _ = write!(out, "<a:latin typeface=\"{}\"/>", st.mono);
    }
    if let Some(rid) = link {
        let _ = write!(out, "<a:hlinkClick r:id=\"{rid}\"/>");
    }
    out.push_str("</a:rPr><a:t>");
    xml::text(s, out);
    out.push_str("</a:t></a:r>");
}

/// A paragraph's bullet: none, a character, or a number.
#[derive(Clone, Copy)]
pub enum Bullet<'a> {
    None,
    Char(&'a str),
    Number(u64, bool),
}

/// Opens a paragraph: indent, spacing, alignment and bullet.
pub fn para_open(
    out: &mut String,
    st: &TextStyle,
    level: usize,
    mar_l: f64,
    indent: f64,
    space_before: f64,
    bullet: Bullet,
) {
    let _ = write!(
        out,
        "<a:p><a:pPr marL=\"{}\" indent=\"{}\" lvl=\"{}\" algn=\"{}\"><a:lnSpc><a:spcPct val=\"{LINE_PCT}\"/></a:lnSpc>\
         <a:spcBef><a:spcPts val=\"{}\"/></a:spcBef>",
        emu(mar_l),
        emu(indent),
        level.min(8),
        st.align,
        size(space_before)
    );
    match bullet {
        Bullet::None => out.push_str("<a:buNone/>"),
        Bullet::Char(c) => {
            let _ = write!(
                out,
                "<a:buClr><a:srgbClr val=\"{}\"/></a:buClr><a:buFont typeface=\"{}\"/><a:buChar char=\"{}\"/>",
                st.kind_color,
                st.font,
                attr_string(c)
            );
        }
        Bullet::Number(n, explicit) => {
            let _ = write!(
                out,
                "<a:buClr><a:srgbClr val=\"{}\"/></a:buClr><a:buFont typeface=\"{}\"/><a:buAutoNum type=\"arabicPeriod\"{}/>",
                st.kind_color,
                st.font,
                if explicit { format!(" startAt=\"{}\"", n.clamp(1, 32767)) } else { String::new() }
            );
        }
    }
    out.push_str("</a:pPr>");
}

pub fn para_close(out: &mut String, st: &TextStyle, run_size: f64) {
    let _ = write!(
        out,
        "<a:endParaRPr lang=\"{}\" sz=\"{}\" dirty=\"0\"/></a:p>",
        st.lang,
        size(run_size)
    );
}

/// A size of the theme at a page's body size, as the template's `mkctx`
/// scales it: with the body, never below the theme's minimum.
pub fn scaled(theme: &Theme, base: f64, body: f64) -> f64 {
    let s = &theme.sizes;
    (base * body / s.body).max(base.min(s.min))
}

pub fn heading_size(st: &TextStyle) -> f64 {
    st.heading
}

pub fn small_size(st: &TextStyle) -> f64 {
    st.small
}

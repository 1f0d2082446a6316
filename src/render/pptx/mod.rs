//! Model → PowerPoint (`<stem>.pptx`): one slide per projected page, the
//! same pages as the slides PDF and the HTML (the fitting decision, see
//! `fit`), drawn as a PowerPoint user would build them: the title in the
//! title placeholder, the body as paragraphs with list levels in a text
//! frame, pictures with their alt text, the speaker notes in the notes
//! page, and a slide master with one layout per slide kind made from the
//! theme.
//!
//! Written by hand (the XML here, the ZIP container by the `zip` crate):
//! no PPTX crate on crates.io was both maintained and small (see the
//! README). Positions come from the template's geometry and the bundled
//! font's advance widths (`measure`); the program that opens the file
//! wraps the lines itself.

mod measure;
mod parts;
mod xml;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;

use crate::course::Course;
use crate::deck::{Block, BlockBody, Deck, Image, Inline, ListItem, Slide, SlideKind, Video};
use crate::diag::Diagnostic;
use crate::fit::Page;
use crate::text::words::{kind_icon, kind_label, shows_label, word};
use crate::theme::Theme;
use measure::{lines, text_height, Style, CAP, LEADING, SPACING};
use parts::{size, Rels, HEAD, NS};
use xml::{attr_string, emu, rgb};

/// Line spacing of body text in thousandths of a percent of single
/// spacing: the template's line pitch (cap height + leading, 1.23 em)
/// between PowerPoint's single spacing (1.2 em) and LibreOffice's (1.16 em).
pub const LINE_PCT: u32 = 104_000;

/// Where text of `size` points whose cap height starts at `y` has the top
/// of its box: a text frame puts the font's ascent (0.93 em for DejaVu
/// Sans) above the first baseline, the template its cap height (0.73 em).
fn box_top(y: f64, size: f64) -> f64 {
    y - 0.2 * size
}

/// The height a text frame needs for `n` lines of `size` points.
fn box_height(n: usize, size: f64) -> f64 {
    n as f64 * 1.2 * size * f64::from(LINE_PCT) / 100_000.0 + 0.1 * size
}

/// A box: x, y, width, height in points.
pub type Rect = (f64, f64, f64, f64);

/// The slide's geometry, from the template (`page-canvas` in `deck.typ`):
/// every number in points on the W × H canvas.
pub struct Geometry {
    pub w: f64,
    pub h: f64,
    pub m: f64,
    pub rule: f64,
    pub label: f64,
    pub title: f64,
    pub body: f64,
}

impl Geometry {
    fn new(course: &Course, theme: &Theme) -> Geometry {
        let (w, h) = course.config.aspect.size();
        Geometry {
            w: f64::from(w),
            h: f64::from(h),
            m: theme.layout.margin,
            rule: theme.layout.rule,
            label: theme.sizes.label,
            title: theme.sizes.title,
            body: theme.sizes.body,
        }
    }

    /// The kind's coloured bar along the left edge.
    pub fn bar(&self) -> (f64, f64, f64, f64) {
        (0.0, 0.0, 3.0 * self.rule, self.h)
    }

    fn width(&self) -> f64 {
        self.w - 2.0 * self.m
    }

    /// The bottom of the content area (above the footer).
    fn room_bottom(&self) -> f64 {
        self.h - self.m - 14.0
    }

    /// The height of the kind's label line (its icon is 1.2 × the label size).
    fn label_height(&self) -> f64 {
        CAP * 1.2 * self.label
    }

    fn title_cap_top(&self, label: bool) -> f64 {
        self.m
            + if label {
                self.label_height() + 8.0
            } else {
                0.0
            }
    }

    pub fn title_box(&self, label: bool, lines: usize) -> (f64, f64, f64, f64) {
        let top = box_top(self.title_cap_top(label), self.title);
        (
            self.m,
            top,
            self.width(),
            box_height(lines.max(1), self.title) * 0.97,
        )
    }

    /// Where the body's room starts below a title of `lines` lines.
    fn room_top(&self, label: bool, lines: usize) -> f64 {
        self.title_cap_top(label) + text_height(lines, self.title) + 20.0
    }

    pub fn body_box(&self, label: bool, lines: usize) -> (f64, f64, f64, f64) {
        let top = box_top(self.room_top(label, lines), self.body);
        (self.m, top, self.width(), self.room_bottom() - top)
    }

    pub fn footer_box(&self) -> (f64, f64, f64, f64) {
        let h = 1.3 * self.label;
        let bottom = self.h - 10.0 + 0.24 * self.label;
        // Beside the number box: a long footer stays on one line.
        (self.m, bottom - h, self.width() - 130.0, h)
    }

    pub fn number_box(&self) -> (f64, f64, f64, f64) {
        let (_, y, _, h) = self.footer_box();
        (self.w - self.m - 120.0, y, 120.0, h)
    }

    /// The title and subtitle boxes of a title or section slide: the
    /// group sits in the middle of the content area.
    pub fn centred_boxes(
        &self,
        title: f64,
        title_lines: usize,
        body: f64,
        body_height: f64,
    ) -> (Rect, Rect) {
        let title_h = text_height(title_lines, title);
        let group = title_h + 18.0 + body_height;
        let top = self.m + ((self.h - 2.0 * self.m - 14.0) - group).max(0.0) / 2.0;
        let t = (
            self.m,
            box_top(top, title),
            self.width(),
            box_height(title_lines, title),
        );
        let b_top = box_top(top + title_h + 18.0, body);
        let b = (
            self.m,
            b_top,
            self.width(),
            (self.room_bottom() - b_top).max(body * 1.3),
        );
        (t, b)
    }
}

/// Images and QR codes, each stored once in `ppt/media/`.
#[derive(Default)]
struct Media {
    /// By source (a course file or a QR code's URL): part name, size in
    /// pixels, and the SVG's part name when the picture is an SVG.
    parts: HashMap<String, Option<Picture>>,
    files: Vec<(String, Vec<u8>)>,
}

#[derive(Clone)]
struct Picture {
    png: String,
    svg: Option<String>,
    size: (f64, f64),
}

impl Media {
    fn add(&mut self, ext: &str, bytes: Vec<u8>) -> String {
        let name = format!("image{}.{ext}", self.files.len() + 1);
        self.files.push((name.clone(), bytes));
        name
    }

    /// A course image as a picture PowerPoint shows: PNG, JPEG and GIF as
    /// they are, WebP converted to PNG, SVG kept with a PNG beside it
    /// (PowerPoint 2016 and later draw the SVG, other readers the PNG).
    fn image(&mut self, course: &Course, file: &str) -> Result<Picture, String> {
        if let Some(found) = self.parts.get(file) {
            return found
                .clone()
                .ok_or_else(|| "it could not be read".to_string());
        }
        let result = self.load(course, file);
        self.parts.insert(file.to_string(), result.clone().ok());
        result
    }

    fn load(&mut self, course: &Course, file: &str) -> Result<Picture, String> {
        let path = course.root.join(file);
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read it: {e}"))?;
        let lower = file.to_ascii_lowercase();
        if lower.ends_with(".svg") {
            let (png, size) = svg_to_png(&bytes)?;
            let svg = self.add("svg", bytes);
            let png = self.add("png", png);
            return Ok(Picture {
                png,
                svg: Some(svg),
                size,
            });
        }
        let format = image::guess_format(&bytes).map_err(|e| e.to_string())?;
        let reader = image::ImageReader::with_format(std::io::Cursor::new(&bytes), format);
        let (w, h) = reader.into_dimensions().map_err(|e| e.to_string())?;
        let size = (f64::from(w.max(1)), f64::from(h.max(1)));
        let name = match format {
            image::ImageFormat::Png => self.add("png", bytes),
            image::ImageFormat::Jpeg => self.add("jpeg", bytes),
            image::ImageFormat::Gif => self.add("gif", bytes),
            _ => {
                // WebP and the like: PowerPoint before 365 cannot show them.
                let decoded = image::load_from_memory(&bytes).map_err(|e| e.to_string())?;
                let mut png = Vec::new();
                decoded
                    .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
                    .map_err(|e| e.to_string())?;
                self.add("png", png)
            }
        };
        Ok(Picture {
            png: name,
            svg: None,
            size,
        })
    }

    /// The QR code of a link as a crisp PNG (black modules on white).
    fn qr(&mut self, url: &str) -> Option<Picture> {
        let key = format!("qr:{url}");
        if let Some(found) = self.parts.get(&key) {
            return found.clone();
        }
        let picture = qr_png(url).map(|png| Picture {
            png: self.add("png", png),
            svg: None,
            size: (1.0, 1.0),
        });
        self.parts.insert(key, picture.clone());
        picture
    }
}

/// An SVG drawn to PNG (at least 1200 pixels on its longer side) with the
/// bundled fonts for its text, and its size in points.
fn svg_to_png(data: &[u8]) -> Result<(Vec<u8>, (f64, f64)), String> {
    use std::sync::{Arc, OnceLock};
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    let fontdb = FONTS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for face in crate::text::fonts::BUNDLED {
            db.load_font_data(face.to_vec());
        }
        db.set_sans_serif_family("DejaVu Sans");
        Arc::new(db)
    });
    let options = usvg::Options {
        fontdb: fontdb.clone(),
        ..Default::default()
    };
    let tree = usvg::Tree::from_data(data, &options).map_err(|e| e.to_string())?;
    let size = tree.size();
    let (w, h) = (f64::from(size.width()), f64::from(size.height()));
    let scale = (1200.0 / w.max(h)).clamp(1.0, 8.0);
    let (pw, ph) = ((w * scale).ceil() as u32, (h * scale).ceil() as u32);
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(pw.max(1), ph.max(1)).ok_or("the picture has no size")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale as f32, scale as f32),
        &mut pixmap.as_mut(),
    );
    let png = pixmap.encode_png().map_err(|e| e.to_string())?;
    Ok((png, (w.max(1.0), h.max(1.0))))
}

fn qr_png(url: &str) -> Option<Vec<u8>> {
    let code =
        qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).ok()?;
    let n = code.width();
    let (scale, quiet) = (8u32, 4usize);
    let side = (n + 2 * quiet) as u32 * scale;
    let colors = code.to_colors();
    let img = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = ((x / scale) as usize, (y / scale) as usize);
        let dark = mx >= quiet
            && my >= quiet
            && mx - quiet < n
            && my - quiet < n
            && colors[(my - quiet) * n + (mx - quiet)] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .ok()?;
    Some(png)
}

/// The language tag DrawingML runs carry (`nl-NL`, `en-US`, `nl-BE`).
fn run_lang(lang: &str) -> String {
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
struct TextStyle {
    size: f64,
    /// The fill of text (`<a:solidFill>…`).
    color: String,
    kind: SlideKind,
    kind_color: String,
    bold: bool,
    align: &'static str,
    lang: String,
    mono: String,
    font: String,
    /// Top-level lists of statements are cards; inside a card, lists are lists.
    top: bool,
    /// Headings and small text (links, code, cards) at this page's size.
    heading: f64,
    small: f64,
}

/// One paragraph's run-level style.
#[derive(Clone, Copy, Default)]
struct Run {
    bold: bool,
    italic: bool,
    strike: bool,
    mono: bool,
    sup: bool,
    underline: bool,
    size: Option<f64>,
}

/// Writes the runs of inline content.
fn inlines(
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

fn text_run(out: &mut String, s: &str, run: Run, link: Option<&str>, st: &TextStyle) {
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
enum Bullet<'a> {
    None,
    Char(&'a str),
    Number(u64, bool),
}

/// Opens a paragraph: indent, spacing, alignment and bullet.
fn para_open(
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

fn para_close(out: &mut String, st: &TextStyle, run_size: f64) {
    let _ = write!(
        out,
        "<a:endParaRPr lang=\"{}\" sz=\"{}\" dirty=\"0\"/></a:p>",
        st.lang,
        size(run_size)
    );
}

/// Text blocks as paragraphs: `indent` is where the text column starts
/// (points, for nested lists), `first` whether nothing came before in the
/// frame (no space above).
fn paragraphs(
    out: &mut String,
    blocks: &[Block],
    st: &TextStyle,
    level: usize,
    indent: f64,
    first: &mut bool,
    rels: &mut Rels,
) {
    for b in blocks {
        let gap = |first: &mut bool, size: f64| {
            let g = if *first {
                0.0
            } else {
                (SPACING - LEADING) * size
            };
            *first = false;
            g
        };
        match &b.body {
            BlockBody::Paragraph { content } => {
                let g = gap(first, st.size);
                para_open(out, st, level, indent, 0.0, g, Bullet::None);
                inlines(out, content, Run::default(), None, st, rels);
                para_close(out, st, st.size);
            }
            BlockBody::Heading { content, .. } => {
                let hs = heading_size(st);
                let g = gap(first, hs);
                para_open(out, st, level, indent, 0.0, g, Bullet::None);
                inlines(
                    out,
                    content,
                    Run {
                        bold: true,
                        size: Some(hs),
                        ..Run::default()
                    },
                    None,
                    st,
                    rels,
                );
                para_close(out, st, hs);
            }
            BlockBody::List {
                ordered,
                start,
                items,
            } => {
                list(out, *ordered, *start, items, st, level, indent, first, rels);
            }
            BlockBody::Quote { blocks, .. } => {
                let inner = TextStyle {
                    top: false,
                    ..st.clone()
                };
                paragraphs(
                    out,
                    blocks,
                    &inner,
                    level,
                    indent + 14.0 + st.size * 0.0,
                    first,
                    rels,
                );
            }
            BlockBody::Code { text, .. } => {
                let small = small_size(st);
                for (i, line) in text.lines().enumerate() {
                    let g = if i == 0 { gap(first, small) } else { 0.0 };
                    para_open(out, st, level, indent, 0.0, g, Bullet::None);
                    text_run(
                        out,
                        line,
                        Run {
                            mono: true,
                            size: Some(small),
                            ..Run::default()
                        },
                        None,
                        st,
                    );
                    para_close(out, st, small);
                }
            }
            BlockBody::Footnote { number, blocks, .. } => {
                let small = small_size(st);
                let g = gap(first, small);
                para_open(out, st, level, indent, 0.0, g, Bullet::None);
                text_run(
                    out,
                    &number.to_string(),
                    Run {
                        sup: true,
                        size: Some(small),
                        ..Run::default()
                    },
                    None,
                    st,
                );
                text_run(
                    out,
                    " ",
                    Run {
                        size: Some(small),
                        ..Run::default()
                    },
                    None,
                    st,
                );
                let text = crate::deck::blocks_text(blocks).replace('\n', " ");
                text_run(
                    out,
                    &text,
                    Run {
                        size: Some(small),
                        ..Run::default()
                    },
                    None,
                    st,
                );
                para_close(out, st, small);
            }
            BlockBody::Table { head, rows, .. } => {
                // A table inside a list or quote: one line per row.
                for row in std::iter::once(head).chain(rows) {
                    if row.is_empty() {
                        continue;
                    }
                    let g = gap(first, st.size);
                    para_open(out, st, level, indent, 0.0, g, Bullet::None);
                    let cells: Vec<String> =
                        row.iter().map(|c| crate::deck::inline_text(c)).collect();
                    text_run(out, &cells.join(" | "), Run::default(), None, st);
                    para_close(out, st, st.size);
                }
            }
            BlockBody::Image(img) => {
                let g = gap(first, st.size);
                para_open(out, st, level, indent, 0.0, g, Bullet::None);
                text_run(
                    out,
                    &format!("[{}]", img.alt),
                    Run {
                        italic: true,
                        ..Run::default()
                    },
                    None,
                    st,
                );
                para_close(out, st, st.size);
            }
            BlockBody::Video(v) => {
                let g = gap(first, st.size);
                para_open(out, st, level, indent, 0.0, g, Bullet::None);
                video_runs(out, v, st, rels);
                para_close(out, st, st.size);
            }
            BlockBody::Columns { columns } => {
                for c in columns {
                    paragraphs(out, &c.blocks, st, level, indent, first, rels);
                }
            }
            BlockBody::Rule | BlockBody::Html { .. } => {}
        }
    }
}

fn video_runs(out: &mut String, v: &Video, st: &TextStyle, rels: &mut Rels) {
    if let Some(label) = &v.label {
        text_run(
            out,
            label,
            Run {
                bold: true,
                ..Run::default()
            },
            None,
            st,
        );
        out.push_str("<a:br><a:rPr/></a:br>");
    }
    let rid = crate::parse::check_link(&v.url)
        .is_ok()
        .then(|| rels.add("hyperlink", &v.url, true));
    text_run(
        out,
        &v.url,
        Run {
            underline: rid.is_some(),
            size: Some(small_size(st)),
            ..Run::default()
        },
        rid.as_deref(),
        st,
    );
}

/// A size of the theme at a page's body size, as the template's `mkctx`
/// scales it: with the body, never below the theme's minimum.
fn scaled(theme: &Theme, base: f64, body: f64) -> f64 {
    let s = &theme.sizes;
    (base * body / s.body).max(base.min(s.min))
}

fn heading_size(st: &TextStyle) -> f64 {
    st.heading
}

fn small_size(st: &TextStyle) -> f64 {
    st.small
}

/// The template's text column for a list: 1.2 em for bullets, 1.8 em
/// for numbers, 2.4 em from number 10 on.
fn list_column(ordered: bool, last: u64, size: f64) -> f64 {
    size * if !ordered {
        1.2
    } else if last >= 10 {
        2.4
    } else {
        1.8
    }
}

#[allow(clippy::too_many_arguments)]
fn list(
    out: &mut String,
    ordered: bool,
    start: u64,
    items: &[ListItem],
    st: &TextStyle,
    level: usize,
    indent: f64,
    first: &mut bool,
    rels: &mut Rels,
) {
    let last = start + items.len().saturating_sub(1) as u64;
    let col = list_column(ordered, last, st.size);
    let mar = indent + col;
    let recap = st.top && st.kind == SlideKind::Recap && !ordered;
    let inner = TextStyle {
        top: false,
        ..st.clone()
    };
    let mut explicit = true;
    for (i, item) in items.iter().enumerate() {
        let number = start + i as u64;
        let mark: Bullet = if let Some(done) = item.task {
            Bullet::Char(if done { "☑" } else { "☐" })
        } else if let Some(m) = &item.marker {
            Bullet::Char(m)
        } else if recap {
            Bullet::Char("✔")
        } else if ordered {
            Bullet::Number(number, explicit)
        } else {
            Bullet::Char("•")
        };
        explicit = false;
        let mut opened = false;
        for (j, b) in item.blocks.iter().enumerate() {
            match &b.body {
                BlockBody::Paragraph { content } if !opened => {
                    // Items follow each other at the line pitch; a second
                    // paragraph in an item is a paragraph apart.
                    let g = if *first || (i > 0 && j == 0) {
                        0.0
                    } else {
                        (SPACING - LEADING) * st.size
                    };
                    *first = false;
                    let bullet = if j == 0 {
                        mark_take(&mark)
                    } else {
                        Bullet::None
                    };
                    let hanging = if j == 0 { -col } else { 0.0 };
                    para_open(out, st, level, mar, hanging, g, bullet);
                    inlines(out, content, Run::default(), None, st, rels);
                    para_close(out, st, st.size);
                    opened = j == 0 && item.blocks.len() == 1;
                }
                _ => {
                    if j == 0 {
                        // An item that starts with a list or a quote still gets its marker.
                        para_open(out, st, level, mar, -col, 0.0, mark_take(&mark));
                        para_close(out, st, st.size);
                        *first = false;
                    }
                    paragraphs(
                        out,
                        std::slice::from_ref(b),
                        &inner,
                        level + 1,
                        mar,
                        first,
                        rels,
                    );
                    // Numbering goes on after an item with more than a line.
                    explicit = true;
                }
            }
        }
        if item.blocks.is_empty() {
            para_open(out, st, level, mar, -col, 0.0, mark_take(&mark));
            para_close(out, st, st.size);
            *first = false;
        }
    }
}

fn mark_take<'a>(m: &Bullet<'a>) -> Bullet<'a> {
    match m {
        Bullet::None => Bullet::None,
        Bullet::Char(c) => Bullet::Char(c),
        Bullet::Number(n, e) => Bullet::Number(*n, *e),
    }
}

/// The height blocks take in the slides PDF at `size` in `width` points.
fn blocks_height(blocks: &[Block], size: f64, width: f64, st: &TextStyle, geo: &Geometry) -> f64 {
    let mut h = 0.0;
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            h += SPACING * size;
        }
        h += block_height(b, size, width, st, geo);
    }
    h
}

fn block_height(b: &Block, size: f64, width: f64, st: &TextStyle, geo: &Geometry) -> f64 {
    let plain = Style {
        bold: st.bold,
        ..Style::default()
    };
    let st_at = TextStyle { size, ..st.clone() };
    match &b.body {
        BlockBody::Paragraph { content } => text_height(lines(content, plain, size, width), size),
        BlockBody::Heading { content, .. } => {
            let hs = heading_size(&st_at);
            text_height(
                lines(
                    content,
                    Style {
                        bold: true,
                        ..plain
                    },
                    hs,
                    width,
                ),
                hs,
            )
        }
        BlockBody::List {
            ordered,
            start,
            items,
        } => {
            if st.top && st.kind == SlideKind::Statements {
                return cards_height(items, &st_at, geo, width);
            }
            let last = start + items.len().saturating_sub(1) as u64;
            let col = list_column(*ordered, last, size);
            let inner = TextStyle {
                top: false,
                ..st.clone()
            };
            let mut h = 0.0;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    h += LEADING * size;
                }
                h += blocks_height(&item.blocks, size, width - col, &inner, geo).max(CAP * size);
            }
            h
        }
        BlockBody::Quote { blocks, .. } => {
            blocks_height(blocks, size, width - 14.0 - geo.rule, st, geo) + 8.0
        }
        BlockBody::Code { text, .. } => {
            let small = small_size(&st_at);
            text_height(text.lines().count().max(1), small) + 20.0
        }
        BlockBody::Table { head, rows, .. } => {
            let small = small_size(&st_at);
            (rows.len() + usize::from(!head.is_empty())) as f64 * (CAP * small + 12.0) * 1.25
        }
        BlockBody::Image(img) => {
            if let (Some(_), Some(w), Some(aspect)) = (&img.file, img.width, img.aspect) {
                // Sized: the picture's own height at that width, as in the PDF.
                sized_width(w, width) * aspect
            } else if img.file.is_some() {
                geo.h * 0.55
            } else {
                let small = small_size(&st_at);
                text_height(3, small) + 28.0
            }
        }
        BlockBody::Video(v) => {
            let small = small_size(&st_at);
            let text_w = width - size * 5.0 - 18.0;
            let mut t = text_height(
                lines(&[Inline::Text { s: v.url.clone() }], plain, small, text_w),
                small,
            );
            if let Some(l) = &v.label {
                t += text_height(
                    lines(
                        &[Inline::Text { s: l.clone() }],
                        Style {
                            bold: true,
                            ..plain
                        },
                        size,
                        text_w,
                    ),
                    size,
                ) + SPACING * size;
            }
            t.max(size * 5.0)
        }
        BlockBody::Footnote { blocks, .. } => {
            let small = small_size(&st_at);
            blocks_height(blocks, small, width, st, geo)
        }
        BlockBody::Rule => geo.rule,
        BlockBody::Html { .. } => 0.0,
        BlockBody::Columns { columns } => column_boxes(columns, 0.0, width)
            .into_iter()
            .zip(columns)
            .map(|((_, w), c)| column_height(&c.blocks, size, w, st, geo))
            .fold(0.0, f64::max),
    }
}

/// Statements: every top-level item a card, two to a row.
fn cards_height(items: &[ListItem], st: &TextStyle, geo: &Geometry, width: f64) -> f64 {
    let (cols, card_w) = card_columns(items.len(), width);
    let small = small_size(st);
    let inner = TextStyle {
        top: false,
        size: small,
        ..st.clone()
    };
    let mut h = 0.0;
    for (r, row) in items.chunks(cols).enumerate() {
        if r > 0 {
            h += 12.0;
        }
        h += row
            .iter()
            .map(|i| card_height(i, small, card_w, &inner, geo))
            .fold(0.0, f64::max);
    }
    h
}

/// The height a frame around text needs: the slides PDF's, or more where
/// the text frame's lines (1.2 em each, the last one's descent included)
/// need more, so no reader shrinks the text to make it fit.
fn framed_height(content: f64, size: f64, inset_y: f64) -> f64 {
    let pdf = content + 2.0 * inset_y;
    let frame = content * 1.02 + 0.55 * size + inset_y - 0.2 * size + 4.0;
    pdf.max(frame)
}

fn card_height(item: &ListItem, small: f64, card_w: f64, inner: &TextStyle, geo: &Geometry) -> f64 {
    let content = blocks_height(&item.blocks, small, card_w - 24.0, inner, geo);
    framed_height(content, small, 12.0) + 2.0 * geo.rule
}

fn card_columns(n: usize, width: f64) -> (usize, f64) {
    let cols = if n >= 2 { 2 } else { 1 };
    (cols, (width - 12.0 * (cols as f64 - 1.0)) / cols as f64)
}

/// The pieces a page's body is drawn as: text flows in one frame; a
/// picture, a video, statement cards, a table or code are shapes of their own.
enum Piece<'a> {
    Text(Vec<&'a Block>),
    Shape(&'a Block),
}

fn pieces(blocks: &[Block], kind: SlideKind) -> Vec<Piece<'_>> {
    let mut out: Vec<Piece> = Vec::new();
    for b in blocks {
        let shape = match &b.body {
            BlockBody::Image(_)
            | BlockBody::Video(_)
            | BlockBody::Table { .. }
            | BlockBody::Code { .. }
            | BlockBody::Quote { .. }
            | BlockBody::Columns { .. }
            | BlockBody::Rule => true,
            BlockBody::List { .. } => kind == SlideKind::Statements,
            _ => false,
        };
        if shape {
            out.push(Piece::Shape(b));
        } else if let Some(Piece::Text(list)) = out.last_mut() {
            list.push(b);
        } else {
            out.push(Piece::Text(vec![b]));
        }
    }
    out
}

/// One slide (or notes page) being written.
struct SlideXml<'a> {
    tree: String,
    next_id: usize,
    rels: Rels,
    media: &'a mut Media,
    diagnostics: &'a mut Vec<Diagnostic>,
    deck: &'a Deck,
    slide: &'a Slide,
}

impl SlideXml<'_> {
    fn id(&mut self) -> usize {
        self.next_id += 1;
        self.next_id
    }

    /// A shape with text: a placeholder (`ph`) or a text box.
    #[allow(clippy::too_many_arguments)]
    fn text_shape(
        &mut self,
        name: &str,
        ph: Option<&str>,
        rect: (f64, f64, f64, f64),
        geom: &str,
        fill: &str,
        body_pr: &str,
        paragraphs: &str,
    ) {
        let id = self.id();
        let (x, y, w, h) = rect;
        let nv = match ph {
            Some(ph) => format!(
                "<p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph {ph}/></p:nvPr>"
            ),
            None => "<p:cNvSpPr txBox=\"1\"/><p:nvPr/>".to_string(),
        };
        let _ = write!(
            self.tree,
            "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{} {}\"/>{nv}</p:nvSpPr>\
             <p:spPr><a:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm>{geom}{fill}</p:spPr>\
             <p:txBody>{body_pr}<a:lstStyle/>{}</p:txBody></p:sp>",
            attr_string(name),
            id - 1,
            emu(x),
            emu(y),
            emu(w.max(1.0)),
            emu(h.max(1.0)),
            if paragraphs.is_empty() { "<a:p><a:endParaRPr/></a:p>" } else { paragraphs }
        );
    }

    fn shape(&mut self, name: &str, rect: (f64, f64, f64, f64), geom: &str, fill: &str) {
        let id = self.id();
        let (x, y, w, h) = rect;
        let _ = write!(
            self.tree,
            "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{name} {}\"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>\
             <p:spPr><a:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm>{geom}{fill}</p:spPr></p:sp>",
            id - 1,
            emu(x),
            emu(y),
            emu(w.max(1.0)),
            emu(h.max(1.0))
        );
    }

    fn picture(
        &mut self,
        pic: &Picture,
        alt: &str,
        rect: (f64, f64, f64, f64),
        link: Option<&str>,
    ) {
        let id = self.id();
        let rid = self
            .rels
            .add("image", &format!("../media/{}", pic.png), false);
        let svg = pic.svg.as_ref().map(|s| {
            let rid = self.rels.add("image", &format!("../media/{s}"), false);
            format!(
                "<a:extLst><a:ext uri=\"{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}\">\
                 <asvg:svgBlip xmlns:asvg=\"http://schemas.microsoft.com/office/drawing/2016/SVG/main\" r:embed=\"{rid}\"/></a:ext></a:extLst>"
            )
        });
        let click = link.map(|url| {
            let rid = self.rels.add("hyperlink", url, true);
            format!("<a:hlinkClick r:id=\"{rid}\"/>")
        });
        let (x, y, w, h) = rect;
        let _ = write!(
            self.tree,
            "<p:pic><p:nvPicPr><p:cNvPr id=\"{id}\" name=\"Picture {}\" descr=\"{}\">{}</p:cNvPr>\
             <p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>\
             <p:blipFill><a:blip r:embed=\"{rid}\">{}</a:blip><a:stretch><a:fillRect/></a:stretch></p:blipFill>\
             <p:spPr><a:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:pic>",
            id - 1,
            attr_string(alt),
            click.unwrap_or_default(),
            svg.unwrap_or_default(),
            emu(x),
            emu(y),
            emu(w.max(1.0)),
            emu(h.max(1.0))
        );
    }

    /// A picture covering the whole slide, cropped to its shape (`cover`).
    fn cover_picture(&mut self, pic: &Picture, (w, h): (f64, f64)) {
        let id = self.id();
        let rid = self
            .rels
            .add("image", &format!("../media/{}", pic.png), false);
        let (pw, ph) = (pic.size.0.max(1.0), pic.size.1.max(1.0));
        // What is cut off each side, in thousandths of a percent.
        let (cut_x, cut_y) = if pw / ph > w / h {
            ((1.0 - (w / h) / (pw / ph)) / 2.0, 0.0)
        } else {
            (0.0, (1.0 - (pw / ph) / (w / h)) / 2.0)
        };
        let (cx, cy) = ((cut_x * 100_000.0).round(), (cut_y * 100_000.0).round());
        let _ = write!(
            self.tree,
            "<p:pic><p:nvPicPr><p:cNvPr id=\"{id}\" name=\"Background {}\" descr=\"\"/>\
             <p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>\
             <p:blipFill><a:blip r:embed=\"{rid}\"/><a:srcRect l=\"{cx}\" t=\"{cy}\" r=\"{cx}\" b=\"{cy}\"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>\
             <p:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:pic>",
            id - 1,
            emu(w),
            emu(h)
        );
    }

    fn paragraphs_xml(&mut self, blocks: &[&Block], st: &TextStyle) -> String {
        let mut out = String::new();
        let mut first = true;
        for b in blocks {
            paragraphs(
                &mut out,
                std::slice::from_ref(*b),
                st,
                0,
                0.0,
                &mut first,
                &mut self.rels,
            );
        }
        out
    }

    fn warn(&mut self, message: String) {
        self.diagnostics.push(
            Diagnostic::warning(&self.deck.file, self.slide.pos, message)
                .with_help("the PowerPoint file shows a placeholder in its place"),
        );
    }
}

fn round_rect(w: f64, h: f64, radius: f64) -> String {
    let adj = (radius / w.min(h).max(1.0) * 100_000.0).clamp(0.0, 50_000.0) as i64;
    format!("<a:prstGeom prst=\"roundRect\"><a:avLst><a:gd name=\"adj\" fmla=\"val {adj}\"/></a:avLst></a:prstGeom>")
}

const RECT: &str = "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom>";

fn solid(hex: &str) -> String {
    format!(
        "<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
        rgb(hex)
    )
}

/// Everything a slide is drawn with.
struct Ctx<'a> {
    course: &'a Course,
    deck: &'a Deck,
    theme: &'a Theme,
    geo: Geometry,
    lang: String,
    footer: String,
    total: usize,
}

/// Renders one deck's projected pages as a presentation. `print` is the
/// theme of the notes pages (they are printed). Problems (an image that
/// cannot be embedded) are warnings at the slide that shows it.
pub fn deck(
    course: &Course,
    deck: &Deck,
    pages: &[Page],
    theme: &Theme,
    print: &Theme,
) -> (Option<Vec<u8>>, Vec<Diagnostic>) {
    let lang = &course.config.language;
    let ctx = Ctx {
        course,
        deck,
        theme,
        geo: Geometry::new(course, theme),
        lang: run_lang(lang),
        footer: match deck.session {
            Some(n) => format!("{} {n} · {}", word("session", lang), deck.title),
            None => deck.title.clone(),
        },
        total: pages.len(),
    };
    let mut diagnostics = Vec::new();
    let mut media = Media::default();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut notes_count = 0;
    for page in pages {
        let Some(slide) = deck.slides.get(page.slide) else {
            continue;
        };
        let n = page.number;
        let (xml, rels) = slide_xml(&ctx, slide, page, &mut media, &mut diagnostics);
        files.push((format!("ppt/slides/slide{n}.xml"), xml.into_bytes()));
        files.push((
            format!("ppt/slides/_rels/slide{n}.xml.rels"),
            rels.into_bytes(),
        ));
        let (xml, rels) = notes_xml(&ctx, slide, n);
        if !slide.notes.is_empty() {
            notes_count += 1;
        }
        files.push((
            format!("ppt/notesSlides/notesSlide{n}.xml"),
            xml.into_bytes(),
        ));
        files.push((
            format!("ppt/notesSlides/_rels/notesSlide{n}.xml.rels"),
            rels.into_bytes(),
        ));
    }
    let title = match deck.session {
        Some(n) => format!("{} {n} · {}", word("session", lang), deck.title),
        None => deck.title.clone(),
    };
    let exts: Vec<&str> = media
        .files
        .iter()
        .map(|(n, _)| n.rsplit('.').next().unwrap_or(""))
        .collect();
    let mut package: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            parts::content_types(pages.len(), &exts).into_bytes(),
        ),
        ("_rels/.rels".into(), parts::root_rels().into_bytes()),
        (
            "docProps/core.xml".into(),
            parts::core(&title, course.config.author.as_deref(), lang).into_bytes(),
        ),
        (
            "docProps/app.xml".into(),
            parts::app(pages.len(), notes_count).into_bytes(),
        ),
    ];
    let (pres, pres_rels) = parts::presentation(&ctx.geo, pages.len(), theme, &ctx.lang);
    package.push(("ppt/presentation.xml".into(), pres.into_bytes()));
    package.push((
        "ppt/_rels/presentation.xml.rels".into(),
        pres_rels.into_bytes(),
    ));
    package.push(("ppt/presProps.xml".into(), parts::pres_props().into_bytes()));
    package.push(("ppt/viewProps.xml".into(), parts::view_props().into_bytes()));
    package.push((
        "ppt/tableStyles.xml".into(),
        parts::table_styles().into_bytes(),
    ));
    package.push((
        "ppt/theme/theme1.xml".into(),
        parts::theme_xml(theme, &theme.name).into_bytes(),
    ));
    package.push((
        "ppt/theme/theme2.xml".into(),
        parts::theme_xml(print, "notes").into_bytes(),
    ));
    for (i, (xml, rels)) in parts::master_and_layouts(&ctx.geo, theme, &ctx.lang)
        .into_iter()
        .enumerate()
    {
        if i == 0 {
            package.push(("ppt/slideMasters/slideMaster1.xml".into(), xml.into_bytes()));
            package.push((
                "ppt/slideMasters/_rels/slideMaster1.xml.rels".into(),
                rels.into_bytes(),
            ));
        } else {
            package.push((
                format!("ppt/slideLayouts/slideLayout{i}.xml"),
                xml.into_bytes(),
            ));
            package.push((
                format!("ppt/slideLayouts/_rels/slideLayout{i}.xml.rels"),
                rels.into_bytes(),
            ));
        }
    }
    let (nm, nm_rels) = parts::notes_master(print, &ctx.lang);
    package.push(("ppt/notesMasters/notesMaster1.xml".into(), nm.into_bytes()));
    package.push((
        "ppt/notesMasters/_rels/notesMaster1.xml.rels".into(),
        nm_rels.into_bytes(),
    ));
    package.extend(files);
    let media_files: Vec<(String, Vec<u8>)> = media
        .files
        .into_iter()
        .map(|(n, b)| (format!("ppt/media/{n}"), b))
        .collect();
    match zip_package(&package, &media_files) {
        Ok(bytes) => (Some(bytes), diagnostics),
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                &deck.file,
                Default::default(),
                format!("cannot write the PowerPoint file: {e}"),
            ));
            (None, diagnostics)
        }
    }
}

/// A slide's background picture: behind everything, under a scrim of the
/// slide's colour (as in the HTML and the PDF), with the kind's bar drawn
/// again above it. A picture PowerPoint cannot take is left out (the
/// check has said why; a PPTX warning says so too).
fn backdrop(x: &mut SlideXml, ctx: &Ctx, bg: &Image, colour: &str, bar: bool) {
    let Some(file) = &bg.file else { return };
    match x.media.image(ctx.course, file) {
        Ok(pic) => {
            let geo = &ctx.geo;
            x.cover_picture(&pic, (geo.w, geo.h));
            let scrim = format!(
                "<a:solidFill><a:srgbClr val=\"{}\"><a:alpha val=\"78000\"/></a:srgbClr></a:solidFill>",
                rgb(colour)
            );
            x.shape("Scrim", (0.0, 0.0, geo.w, geo.h), RECT, &scrim);
            if bar {
                let kind = &ctx.theme.colors.kinds[x.slide.kind.name()];
                x.shape("Kind bar", geo.bar(), RECT, &solid(kind));
            }
        }
        Err(why) => x.warn(format!(
            "background `{}` cannot be put in the PowerPoint file: {why}",
            bg.src
        )),
    }
}

/// A sized image's width in a box `width` wide: a share of it, or points
/// (a slide's pixel), never wider than the box.
fn sized_width(w: crate::deck::Width, width: f64) -> f64 {
    match w {
        crate::deck::Width::Percent(p) => width * f64::from(p) / 100.0,
        crate::deck::Width::Px(px) => f64::from(px).min(width),
    }
}

/// Where each column stands in a row `width` wide from `left`: its left
/// edge and width, with the PDF's 24 pt gap between columns.
fn column_boxes(columns: &[crate::deck::Column], left: f64, width: f64) -> Vec<(f64, f64)> {
    const GAP: f64 = 24.0;
    let room = (width - GAP * columns.len().saturating_sub(1) as f64).max(1.0);
    let mut x = left;
    columns
        .iter()
        .map(|c| {
            let w = room * f64::from(c.share) / 100.0;
            let at = x;
            x += w + GAP;
            (at, w)
        })
        .collect()
}

/// A column's height: its pieces one under the other.
fn column_height(blocks: &[Block], size: f64, width: f64, st: &TextStyle, geo: &Geometry) -> f64 {
    let inner = TextStyle {
        top: false,
        ..st.clone()
    };
    let heights: Vec<f64> = pieces(blocks, SlideKind::Plain)
        .iter()
        .map(|p| match p {
            Piece::Text(bs) => {
                let owned: Vec<Block> = bs.iter().map(|b| (*b).clone()).collect();
                blocks_height(&owned, size, width, &inner, geo)
            }
            Piece::Shape(b) => block_height(b, size, width, &inner, geo),
        })
        .collect();
    heights.iter().sum::<f64>() + SPACING * size * heights.len().saturating_sub(1) as f64
}

/// The ZIP container: XML compressed, pictures stored as they are (they
/// are compressed already). Fixed times, so the same deck gives the same bytes.
fn zip_package(
    parts: &[(String, Vec<u8>)],
    media: &[(String, Vec<u8>)],
) -> zip::result::ZipResult<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(256 * 1024)));
    let time = zip::DateTime::default();
    let xml = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(time);
    let stored = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(time);
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), xml)?;
        zip.write_all(bytes)?;
    }
    for (name, bytes) in media {
        let options = if name.ends_with(".svg") { xml } else { stored };
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The label above a title: the kind's icon and its name in capitals.
fn label_paragraph(ctx: &Ctx, kind: SlideKind, algn: &str) -> String {
    let color = rgb(&ctx.theme.colors.kinds[kind.name()]);
    let l = ctx.theme.sizes.label;
    let mut out = format!("<a:p><a:pPr algn=\"{algn}\"><a:buNone/></a:pPr>");
    let _ = write!(
        out,
        "<a:r><a:rPr lang=\"{lang}\" sz=\"{}\" b=\"1\" dirty=\"0\"><a:solidFill><a:srgbClr val=\"{color}\"/></a:solidFill></a:rPr><a:t>{} </a:t></a:r>\
         <a:r><a:rPr lang=\"{lang}\" sz=\"{}\" b=\"1\" cap=\"all\" spc=\"{}\" dirty=\"0\"><a:solidFill><a:srgbClr val=\"{color}\"/></a:solidFill></a:rPr><a:t>",
        size(l * 1.2),
        kind_icon(kind),
        size(l),
        size(0.08 * l),
        lang = ctx.lang
    );
    xml::text(kind_label(kind, &ctx.course.config.language), &mut out);
    out.push_str("</a:t></a:r></a:p>");
    out
}

fn title_paragraph(
    ctx: &Ctx,
    slide: &Slide,
    size_pt: f64,
    algn: &str,
    color: &str,
    rels: &mut Rels,
) -> String {
    let st = TextStyle {
        size: size_pt,
        color: color.to_string(),
        kind: slide.kind,
        kind_color: rgb(&ctx.theme.colors.kinds[slide.kind.name()]),
        bold: true,
        align: if algn == "ctr" { "ctr" } else { "l" },
        lang: ctx.lang.clone(),
        mono: attr_string(&ctx.theme.fonts.mono),
        font: attr_string(&ctx.theme.fonts.body),
        top: true,
        heading: size_pt,
        small: size_pt,
    };
    let mut out = format!(
        "<a:p><a:pPr algn=\"{}\"><a:lnSpc><a:spcPct val=\"100000\"/></a:lnSpc><a:buNone/></a:pPr>",
        st.align
    );
    inlines(&mut out, &slide.title, Run::default(), None, &st, rels);
    let _ = write!(
        out,
        "<a:endParaRPr lang=\"{}\" sz=\"{}\" dirty=\"0\"/></a:p>",
        ctx.lang,
        size(size_pt)
    );
    out
}

fn slide_xml(
    ctx: &Ctx,
    slide: &Slide,
    page: &Page,
    media: &mut Media,
    diagnostics: &mut Vec<Diagnostic>,
) -> (String, String) {
    let geo = &ctx.geo;
    let theme = ctx.theme;
    let c = &theme.colors;
    let lang = &ctx.course.config.language;
    let kind = slide.kind;
    let mut rels = Rels::default();
    rels.add(
        "slideLayout",
        &format!("../slideLayouts/slideLayout{}.xml", parts::layout_of(kind)),
        false,
    );
    rels.add(
        "notesSlide",
        &format!("../notesSlides/notesSlide{}.xml", page.number),
        false,
    );
    let mut x = SlideXml {
        tree: String::with_capacity(8 * 1024),
        next_id: 1,
        rels,
        media,
        diagnostics,
        deck: ctx.deck,
        slide,
    };
    let section = kind == SlideKind::Section;
    let centred = section || kind == SlideKind::Title;
    let fg = if section {
        solid(&c.on_accent)
    } else {
        "<a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill>".to_string()
    };
    let muted = if section {
        solid(&c.on_accent)
    } else {
        "<a:solidFill><a:schemeClr val=\"tx2\"/></a:solidFill>".to_string()
    };
    let label = shows_label(slide, lang);
    let zero = parts::body_pr("t", (0.0, 0.0, 0.0, 0.0), true);
    let style = TextStyle {
        size: page.size,
        color: if kind == SlideKind::Title {
            muted.clone()
        } else {
            fg.clone()
        },
        kind,
        kind_color: rgb(&c.kinds[kind.name()]),
        bold: theme.bold_body,
        align: if centred { "ctr" } else { "l" },
        lang: ctx.lang.clone(),
        mono: attr_string(&theme.fonts.mono),
        font: attr_string(&theme.fonts.body),
        top: true,
        heading: scaled(theme, theme.sizes.heading, page.size),
        small: scaled(theme, theme.sizes.small, page.size),
    };
    let title_style = Style {
        bold: true,
        ..Style::default()
    };
    let width = geo.width();
    let prompt = !centred && slide.blocks.is_empty();
    if let Some(bg) = &slide.background {
        backdrop(
            &mut x,
            ctx,
            bg,
            if section { &c.accent } else { &c.background },
            !centred,
        );
    }

    if centred {
        let ts = if section {
            theme.sizes.title
        } else {
            theme.sizes.title * 1.25
        };
        let tl = if slide.title.is_empty() {
            0
        } else {
            lines(&slide.title, title_style, ts, width)
        };
        let body_h = blocks_height(&page.blocks, page.size, width, &style, geo);
        let (tbox, bbox) = geo.centred_boxes(ts, tl.max(1), page.size, body_h);
        if label {
            let lh = box_height(1, geo.label * 1.2);
            let p = label_paragraph(ctx, kind, "ctr");
            x.text_shape(
                "Label",
                None,
                (geo.m, tbox.1 - lh - 8.0, width, lh),
                RECT,
                "<a:noFill/>",
                &parts::body_pr("b", (0.0, 0.0, 0.0, 0.0), false),
                &p,
            );
        }
        if !slide.title.is_empty() {
            let p = title_paragraph(ctx, slide, ts, "ctr", &fg, &mut x.rels);
            let ph = if section {
                "type=\"title\""
            } else {
                "type=\"ctrTitle\""
            };
            x.text_shape(
                "Title",
                Some(ph),
                tbox,
                RECT,
                "",
                &parts::body_pr("t", (0.0, 0.0, 0.0, 0.0), true),
                &p,
            );
        }
        let all: Vec<&Block> = page.blocks.iter().collect();
        if !all.is_empty() {
            let text: Vec<&Block> = all
                .iter()
                .copied()
                .filter(|b| !matches!(b.body, BlockBody::Image(_) | BlockBody::Video(_)))
                .collect();
            let p = x.paragraphs_xml(&text, &style);
            let ph = if section {
                "type=\"body\" idx=\"1\""
            } else {
                "type=\"subTitle\" idx=\"1\""
            };
            x.text_shape("Subtitle", Some(ph), bbox, RECT, "", &zero, &p);
        }
    } else if prompt {
        let ts = theme.sizes.title * 1.35;
        let w = width * 0.86;
        let tl = lines(&slide.title, title_style, ts, w).max(1);
        let lh = if label {
            geo.label_height() + 14.0
        } else {
            0.0
        };
        let group = lh + text_height(tl, ts);
        let top = geo.m + ((geo.h - 2.0 * geo.m - 14.0) - group).max(0.0) / 2.0;
        let left = geo.m + (width - w) / 2.0;
        if label {
            let p = label_paragraph(ctx, kind, "ctr");
            x.text_shape(
                "Label",
                None,
                (
                    left,
                    box_top(top, geo.label * 1.2),
                    w,
                    box_height(1, geo.label * 1.2),
                ),
                RECT,
                "<a:noFill/>",
                &parts::body_pr("t", (0.0, 0.0, 0.0, 0.0), false),
                &p,
            );
        }
        let p = title_paragraph(ctx, slide, ts, "ctr", &fg, &mut x.rels);
        x.text_shape(
            "Title",
            Some("type=\"title\""),
            (left, box_top(top + lh, ts), w, box_height(tl, ts)),
            RECT,
            "",
            &parts::body_pr("t", (0.0, 0.0, 0.0, 0.0), true),
            &p,
        );
    } else {
        if label {
            let p = label_paragraph(ctx, kind, "l");
            let lh = box_height(1, geo.label * 1.2);
            x.text_shape(
                "Label",
                None,
                (geo.m, box_top(geo.m, geo.label * 1.2), width, lh),
                RECT,
                "<a:noFill/>",
                &parts::body_pr("t", (0.0, 0.0, 0.0, 0.0), false),
                &p,
            );
        }
        let tl = if slide.title.is_empty() {
            0
        } else {
            lines(&slide.title, title_style, geo.title, width)
        };
        if tl > 0 {
            let p = title_paragraph(ctx, slide, geo.title, "l", &fg, &mut x.rels);
            x.text_shape(
                "Title",
                Some("type=\"title\""),
                geo.title_box(label, tl),
                RECT,
                "",
                &parts::body_pr("t", (0.0, 0.0, 0.0, 0.0), true),
                &p,
            );
        }
        body(&mut x, ctx, page, &style, label, tl);
    }
    furniture(&mut x, ctx, page, &muted);
    let bg = if section {
        "<p:bg><p:bgPr><a:solidFill><a:schemeClr val=\"accent1\"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>"
    } else {
        ""
    };
    let xml = format!(
        "{HEAD}<p:sld {NS}><p:cSld>{bg}<p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>\
         <p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>{}</p:spTree></p:cSld>\
         <p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>",
        x.tree
    );
    (xml, x.rels.xml())
}

/// The page's footer, number and (on a slide of several pages) its part.
fn furniture(x: &mut SlideXml, ctx: &Ctx, page: &Page, muted: &str) {
    let geo = &ctx.geo;
    let l = geo.label;
    let run = |text: &str| {
        let mut r = format!(
            "<a:r><a:rPr lang=\"{}\" sz=\"{}\" b=\"0\" dirty=\"0\">{muted}</a:rPr><a:t>",
            ctx.lang,
            size(l)
        );
        xml::text(text, &mut r);
        r.push_str("</a:t></a:r>");
        r
    };
    let bottom = parts::body_pr("b", (0.0, 0.0, 0.0, 0.0), false);
    let p = format!(
        "<a:p><a:pPr algn=\"l\"><a:buNone/></a:pPr>{}</a:p>",
        run(&ctx.footer)
    );
    x.text_shape(
        "Footer",
        Some("type=\"ftr\" sz=\"quarter\" idx=\"11\""),
        geo.footer_box(),
        RECT,
        "",
        &bottom,
        &p,
    );
    let p = format!(
        "<a:p><a:pPr algn=\"r\"><a:buNone/></a:pPr><a:fld id=\"{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}\" type=\"slidenum\">\
         <a:rPr lang=\"{}\" sz=\"{}\" b=\"0\" dirty=\"0\">{muted}</a:rPr><a:t>{}</a:t></a:fld>{}</a:p>",
        ctx.lang,
        size(l),
        page.number,
        run(&format!(" / {}", ctx.total))
    );
    x.text_shape(
        "Slide Number",
        Some("type=\"sldNum\" sz=\"quarter\" idx=\"12\""),
        geo.number_box(),
        RECT,
        "",
        &bottom,
        &p,
    );
    if page.parts > 1 {
        let lang = &ctx.course.config.language;
        let mark = if page.part > 1 {
            format!("{} · {}/{}", word("continued", lang), page.part, page.parts)
        } else {
            format!("{}/{}", page.part, page.parts)
        };
        let p = format!(
            "<a:p><a:pPr algn=\"r\"><a:buNone/></a:pPr>{}</a:p>",
            run(&mark)
        );
        let w = 320.0;
        x.text_shape(
            "Part",
            None,
            (
                geo.w - geo.m - w,
                box_top(geo.m * 0.4, l),
                w,
                box_height(1, l),
            ),
            RECT,
            "<a:noFill/>",
            &parts::body_pr("t", (0.0, 0.0, 0.0, 0.0), false),
            &p,
        );
    }
}

/// The body of a content slide: its pieces stacked in the room below the
/// title, a little above the middle as in the template (`v(1fr)` above,
/// `v(1.4fr)` below), in the kind's frame for definitions and assignments.
fn body(x: &mut SlideXml, ctx: &Ctx, page: &Page, st: &TextStyle, label: bool, title_lines: usize) {
    let geo = &ctx.geo;
    let theme = ctx.theme;
    let size = page.size;
    let frame = parts::frame_of(st.kind, theme);
    let (inset_x, inset_y) = match st.kind {
        SlideKind::Definition => (22.0, 16.0),
        SlideKind::Assignment => (20.0, 14.0),
        _ => (0.0, 0.0),
    };
    let outer_w = geo.width();
    let inner_w = outer_w - 2.0 * inset_x;
    let pieces = pieces(&page.blocks, st.kind);
    let heights: Vec<f64> = pieces
        .iter()
        .map(|p| match p {
            Piece::Text(bs) => {
                let owned: Vec<Block> = bs.iter().map(|b| (*b).clone()).collect();
                blocks_height(&owned, size, inner_w, st, geo)
            }
            Piece::Shape(b) => block_height(b, size, inner_w, st, geo),
        })
        .collect();
    let content =
        heights.iter().sum::<f64>() + SPACING * size * heights.len().saturating_sub(1) as f64;
    let framed_h = if frame.is_some() {
        framed_height(content, size, inset_y)
    } else {
        content
    };
    let room_top = geo.room_top(label, title_lines);
    let room = geo.room_bottom() - room_top;
    let top = room_top + (room - framed_h).max(0.0) / 2.4;
    // A framed kind whose body is one text piece: the placeholder is the frame.
    let frame_is_placeholder =
        frame.is_some() && pieces.len() == 1 && matches!(pieces[0], Piece::Text(_));
    if let Some((fill, _)) = &frame {
        if !frame_is_placeholder {
            let r = (geo.m, top, outer_w, framed_h);
            x.shape("Frame", r, &round_rect(r.2, r.3, theme.layout.radius), fill);
        }
    }
    let mut y = top + inset_y;
    let mut placeholder_used = false;
    for (piece, h) in pieces.iter().zip(&heights) {
        match piece {
            Piece::Text(bs) => {
                let p = x.paragraphs_xml(bs, st);
                let (ph, rect, geom, fill, body_pr) = if !placeholder_used && frame_is_placeholder {
                    let (fill, _) = frame.clone().unwrap_or_default();
                    let r = (geo.m, top, outer_w, framed_h);
                    let ins = (
                        inset_x
                            + if st.kind == SlideKind::Definition {
                                2.0 * geo.rule
                            } else {
                                0.0
                            },
                        inset_y - 0.2 * size,
                        inset_x,
                        0.0,
                    );
                    (
                        Some("idx=\"1\""),
                        r,
                        round_rect(r.2, r.3, theme.layout.radius),
                        fill,
                        parts::body_pr("t", ins, false),
                    )
                } else {
                    let last = std::ptr::eq(piece, pieces.last().expect("not empty"));
                    let bottom = if last && frame.is_none() {
                        geo.room_bottom()
                    } else {
                        y + h + 0.4 * size
                    };
                    let t = box_top(y, size);
                    let r = (
                        geo.m + inset_x,
                        t,
                        inner_w,
                        (bottom - t).max(box_height(1, size)),
                    );
                    let ph = (!placeholder_used).then_some("idx=\"1\"");
                    (
                        ph,
                        r,
                        RECT.to_string(),
                        if ph.is_some() {
                            String::new()
                        } else {
                            "<a:noFill/>".into()
                        },
                        // Text that runs to the room's end may shrink to fit
                        // there; a box with a shape below it keeps its size.
                        parts::body_pr("t", (0.0, 0.0, 0.0, 0.0), last && frame.is_none()),
                    )
                };
                if ph.is_some() {
                    placeholder_used = true;
                }
                x.text_shape(
                    if ph.is_some() { "Content" } else { "Text" },
                    ph,
                    rect,
                    &geom,
                    &fill,
                    &body_pr,
                    &p,
                );
            }
            Piece::Shape(b) => shape_block(x, ctx, b, st, (geo.m + inset_x, y, inner_w, *h)),
        }
        y += h + SPACING * size;
    }
    if st.kind == SlideKind::Definition {
        let r = (geo.m, top, 2.0 * geo.rule, framed_h);
        x.shape(
            "Definition bar",
            r,
            RECT,
            &solid(&theme.colors.kinds["definition"]),
        );
    }
}

/// A block drawn as shapes of its own in `rect` (x, y, width, height).
fn shape_block(x: &mut SlideXml, ctx: &Ctx, b: &Block, st: &TextStyle, rect: (f64, f64, f64, f64)) {
    let geo = &ctx.geo;
    let theme = ctx.theme;
    let c = &theme.colors;
    let (left, top, width, height) = rect;
    let size = st.size;
    let small = small_size(st);
    match &b.body {
        BlockBody::Image(img) => image(x, ctx, img, st, rect),
        BlockBody::Columns { columns } => {
            // Side by side, as in the PDF: each column its own pieces,
            // text boxes and pictures, from the row's top.
            let inner = TextStyle {
                top: false,
                ..st.clone()
            };
            for ((col_left, col_w), c) in
                column_boxes(columns, left, width).into_iter().zip(columns)
            {
                let mut y = top;
                for piece in pieces(&c.blocks, SlideKind::Plain) {
                    let h = match &piece {
                        Piece::Text(bs) => {
                            let owned: Vec<Block> = bs.iter().map(|b| (*b).clone()).collect();
                            blocks_height(&owned, size, col_w, &inner, geo)
                        }
                        Piece::Shape(b) => block_height(b, size, col_w, &inner, geo),
                    };
                    match &piece {
                        Piece::Text(bs) => {
                            let p = x.paragraphs_xml(bs, &inner);
                            let t = box_top(y, size);
                            let r = (
                                col_left,
                                t,
                                col_w,
                                (y + h + 0.4 * size - t).max(box_height(1, size)),
                            );
                            let body_pr = parts::body_pr("t", (0.0, 0.0, 0.0, 0.0), false);
                            x.text_shape("Column", None, r, RECT, "<a:noFill/>", &body_pr, &p);
                        }
                        Piece::Shape(b) => shape_block(x, ctx, b, &inner, (col_left, y, col_w, h)),
                    }
                    y += h + SPACING * size;
                }
            }
        }
        BlockBody::Video(v) => {
            let qr = size * 5.0;
            let text_left = left + qr + 18.0;
            if let Some(pic) = x.media.qr(&v.url) {
                let link = crate::parse::check_link(&v.url)
                    .is_ok()
                    .then_some(v.url.as_str());
                x.picture(
                    &pic,
                    &format!("QR: {}", v.url),
                    (left, top + (height - qr) / 2.0, qr, qr),
                    link,
                );
            }
            let mut p = format!("<a:p><a:pPr algn=\"l\"><a:lnSpc><a:spcPct val=\"{LINE_PCT}\"/></a:lnSpc><a:buNone/></a:pPr>");
            video_runs(&mut p, v, st, &mut x.rels);
            para_close(&mut p, st, small);
            x.text_shape(
                "Video link",
                None,
                (text_left, top, width - qr - 18.0, height),
                RECT,
                "<a:noFill/>",
                &parts::body_pr("ctr", (0.0, 0.0, 0.0, 0.0), true),
                &p,
            );
        }
        BlockBody::List { items, .. } => {
            // Statements: each top-level item a card, two to a row.
            let (cols, card_w) = card_columns(items.len(), width);
            let inner = TextStyle {
                size: small,
                top: false,
                ..st.clone()
            };
            let mut y = top;
            for row in items.chunks(cols) {
                let h = row
                    .iter()
                    .map(|i| card_height(i, small, card_w, &inner, geo))
                    .fold(0.0, f64::max);
                for (i, item) in row.iter().enumerate() {
                    let cx = left + i as f64 * (card_w + 12.0);
                    let blocks: Vec<&Block> = item.blocks.iter().collect();
                    let p = x.paragraphs_xml(&blocks, &inner);
                    let r = (cx, y, card_w, h);
                    let ins = (12.0, 12.0 + 2.0 * geo.rule - 0.2 * small, 12.0, 0.0);
                    x.text_shape(
                        "Card",
                        None,
                        r,
                        &round_rect(card_w, h, theme.layout.radius),
                        &format!("{}<a:ln><a:noFill/></a:ln>", solid(&c.surface)),
                        &parts::body_pr("t", ins, false),
                        &p,
                    );
                    x.shape(
                        "Card bar",
                        (cx, y, card_w, 2.0 * geo.rule),
                        RECT,
                        &solid(&c.kinds[st.kind.name()]),
                    );
                }
                y += h + 12.0;
            }
        }
        BlockBody::Quote { blocks, .. } => {
            x.shape(
                "Quote bar",
                (left, top, geo.rule, height),
                RECT,
                &solid(&c.kinds[st.kind.name()]),
            );
            let inner = TextStyle {
                top: false,
                ..st.clone()
            };
            let bs: Vec<&Block> = blocks.iter().collect();
            let p = x.paragraphs_xml(&bs, &inner);
            let t = box_top(top + 4.0, size);
            x.text_shape(
                "Quote",
                None,
                (
                    left + 14.0 + geo.rule,
                    t,
                    width - 14.0 - geo.rule,
                    height + 0.4 * size,
                ),
                RECT,
                "<a:noFill/>",
                &parts::body_pr("t", (0.0, 0.0, 0.0, 0.0), true),
                &p,
            );
        }
        BlockBody::Code { .. } => {
            let bs = [b];
            let p = x.paragraphs_xml(&bs, st);
            let ins = (10.0, 10.0 - 0.2 * small, 10.0, 10.0);
            x.text_shape(
                "Code",
                None,
                rect,
                &round_rect(width, height, theme.layout.radius),
                &format!("{}<a:ln><a:noFill/></a:ln>", solid(&c.surface)),
                &parts::body_pr("t", ins, true),
                &p,
            );
        }
        BlockBody::Table { head, rows, .. } => table(x, ctx, head, rows, st, rect),
        BlockBody::Rule => x.shape(
            "Rule",
            (left, top, width, geo.rule),
            RECT,
            &solid(&c.surface),
        ),
        _ => {}
    }
}

fn image(
    x: &mut SlideXml,
    ctx: &Ctx,
    img: &Image,
    st: &TextStyle,
    (left, top, width, height): (f64, f64, f64, f64),
) {
    let c = &ctx.theme.colors;
    let loaded = img.file.as_ref().map(|f| x.media.image(ctx.course, f));
    match loaded {
        Some(Ok(pic)) => {
            let (pw, ph) = pic.size;
            // `{width=…}`: a share of the box, or points (a slide's pixel).
            let room = img.width.map_or(width, |w| sized_width(w, width));
            let scale = (room / pw).min(height / ph);
            let (w, h) = (pw * scale, ph * scale);
            x.picture(
                &pic,
                &img.alt,
                (left + (width - w) / 2.0, top + (height - h) / 2.0, w, h),
                None,
            );
        }
        failed => {
            if let Some(Err(why)) = failed {
                x.warn(format!(
                    "image `{}` cannot be put in the PowerPoint file: {why}",
                    img.src
                ));
            }
            // As on the slides PDF: what is missing and where it goes.
            let lang = &ctx.course.config.language;
            let small = small_size(st);
            let w = width * 0.8;
            let mut p = String::new();
            for (text, run) in [
                (
                    word("missing_image", lang).to_string(),
                    Run {
                        bold: true,
                        size: Some(small),
                        ..Run::default()
                    },
                ),
                (
                    img.alt.clone(),
                    Run {
                        size: Some(small),
                        ..Run::default()
                    },
                ),
                (
                    img.src.clone(),
                    Run {
                        mono: true,
                        size: Some(small * 0.8),
                        ..Run::default()
                    },
                ),
            ] {
                let muted = TextStyle {
                    color: "<a:solidFill><a:schemeClr val=\"tx2\"/></a:solidFill>".into(),
                    align: "ctr",
                    ..st.clone()
                };
                para_open(&mut p, &muted, 0, 0.0, 0.0, 0.0, Bullet::None);
                text_run(&mut p, &text, run, None, &muted);
                para_close(&mut p, &muted, small);
            }
            let line = format!(
                "<a:noFill/><a:ln w=\"{}\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill><a:prstDash val=\"dash\"/></a:ln>",
                emu(ctx.theme.layout.rule),
                rgb(&c.muted)
            );
            x.text_shape(
                "Image placeholder",
                None,
                (left + (width - w) / 2.0, top, w, height),
                &round_rect(w, height, ctx.theme.layout.radius),
                &line,
                &parts::body_pr("ctr", (14.0, 14.0, 14.0, 14.0), true),
                &p,
            );
        }
    }
}

fn table(
    x: &mut SlideXml,
    ctx: &Ctx,
    head: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    st: &TextStyle,
    (left, top, width, height): (f64, f64, f64, f64),
) {
    let n = rows
        .iter()
        .map(Vec::len)
        .chain([head.len(), 1])
        .max()
        .unwrap_or(1);
    let all: Vec<(bool, &[Vec<Inline>])> = std::iter::once((true, head))
        .filter(|(_, h)| !h.is_empty())
        .chain(rows.iter().map(|r| (false, r.as_slice())))
        .collect();
    let small = small_size(st);
    let cell = TextStyle {
        size: small,
        top: false,
        ..st.clone()
    };
    let col_w = width / n as f64;
    let row_h = height / all.len().max(1) as f64;
    let border = format!(
        "<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
        rgb(&ctx.theme.colors.muted)
    );
    let mut grid = String::new();
    for _ in 0..n {
        let _ = write!(grid, "<a:gridCol w=\"{}\"/>", emu(col_w));
    }
    let mut trs = String::new();
    for (is_head, row) in all {
        let _ = write!(trs, "<a:tr h=\"{}\">", emu(row_h));
        for i in 0..n {
            let mut p = String::new();
            para_open(&mut p, &cell, 0, 0.0, 0.0, 0.0, Bullet::None);
            if let Some(content) = row.get(i) {
                inlines(
                    &mut p,
                    content,
                    Run {
                        bold: is_head,
                        ..Run::default()
                    },
                    None,
                    &cell,
                    &mut x.rels,
                );
            }
            para_close(&mut p, &cell, small);
            let line = |tag: &str| format!("<a:{tag} w=\"10160\">{border}</a:{tag}>");
            let _ = write!(
                trs,
                "<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{p}</a:txBody><a:tcPr marL=\"76200\" marR=\"76200\" marT=\"76200\" marB=\"76200\">{}{}{}{}<a:noFill/></a:tcPr></a:tc>",
                line("lnL"),
                line("lnR"),
                line("lnT"),
                line("lnB")
            );
        }
        trs.push_str("</a:tr>");
    }
    let id = x.id();
    let _ = write!(
        x.tree,
        "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"{id}\" name=\"Table {}\"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp=\"1\"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>\
         <p:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></p:xfrm><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/table\">\
         <a:tbl><a:tblPr firstRow=\"1\"/><a:tblGrid>{grid}</a:tblGrid>{trs}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>",
        id - 1,
        emu(left),
        emu(top),
        emu(width),
        emu(height)
    );
}

/// A page's notes page: the slide's picture and the speaker notes. A
/// slide of several pages has its notes on each of them, as lectern's
/// presenter view shows them.
fn notes_xml(ctx: &Ctx, slide: &Slide, number: usize) -> (String, String) {
    let mut rels = Rels::default();
    rels.add("notesMaster", "../notesMasters/notesMaster1.xml", false);
    rels.add("slide", &format!("../slides/slide{number}.xml"), false);
    let st = TextStyle {
        size: 12.0,
        color: "<a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill>".into(),
        kind: SlideKind::Plain,
        kind_color: "000000".into(),
        bold: false,
        align: "l",
        lang: ctx.lang.clone(),
        mono: attr_string(&ctx.theme.fonts.mono),
        font: attr_string(&ctx.theme.fonts.body),
        top: false,
        heading: 13.0,
        small: 11.0,
    };
    let mut p = String::new();
    let mut first = true;
    paragraphs(&mut p, &slide.notes, &st, 0, 0.0, &mut first, &mut rels);
    if p.is_empty() {
        p.push_str("<a:p><a:endParaRPr/></a:p>");
    }
    let xml = format!(
        "{HEAD}<p:notes {NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>\
         <p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Slide Image Placeholder 1\"/><p:cNvSpPr><a:spLocks noGrp=\"1\" noRot=\"1\" noChangeAspect=\"1\"/></p:cNvSpPr>\
         <p:nvPr><p:ph type=\"sldImg\"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>\
         <p:sp><p:nvSpPr><p:cNvPr id=\"3\" name=\"Notes Placeholder 2\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr>\
         <p:nvPr><p:ph type=\"body\" idx=\"1\"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>{p}</p:txBody></p:sp>\
         </p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"
    );
    (xml, rels.xml())
}

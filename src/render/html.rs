//! Model → HTML: one self-contained page per deck (audience view and
//! presenter view in one file) and the course index.
//!
//! Escaping is done by three small functions, one per context (text,
//! attribute, URL). Everything the page needs is inlined; the only request
//! it can ever make is the video embed after a click.

use base64::Engine as _;
use std::fmt::Write as _;

use crate::course::Course;
use crate::deck::{
    inline_text, Alert, Align, Block, BlockBody, Column, Deck, Image, Inline, ListItem, Slide,
    SlideKind, Video,
};
use crate::fit::Page;
use crate::text::words::{kind_icon, kind_label, word};
use crate::theme::Theme;

/// The page's Content-Security-Policy: inline styles and scripts of its own,
/// images and its own embedded font subsets inlined as data (nothing else:
/// without `font-src data:` a laptop lacking DejaVu fell back to another
/// font and wrapped lines unlike the PDF), frames only from the
/// privacy-friendly video hosts.
pub const CSP: &str =
    "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; \
    script-src 'unsafe-inline'; connect-src 'self'; \
    frame-src https://www.youtube-nocookie.com https://player.vimeo.com; \
    base-uri 'none'; form-action 'none'";

/// Escapes text for HTML element content.
pub fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

/// Escapes text for a double-quoted attribute value.
pub fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// A URL for an `href`: only safe schemes survive (the parser already
/// refused others; this is the second lock), then attribute escaping.
pub fn escape_url(url: &str, out: &mut String) {
    if crate::parse::check_link(url).is_err() {
        out.push('#');
        return;
    }
    escape_attr(url, out);
}

/// Escapes running text and lets a line break after a slash between two
/// letters ("denken/voelen"), where Typst's line breaker allows one and
/// Chromium's does not: both backends then wrap a page into the same lines.
fn escape_prose(s: &str, out: &mut String) {
    let mut prev = ' ';
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        escape_text(c.encode_utf8(&mut [0; 4]), out);
        if c == '/' && prev.is_alphabetic() && chars.peek().is_some_and(|n| n.is_alphabetic()) {
            out.push_str("<wbr>");
        }
        prev = c;
    }
}

/// Percent-encodes a URL path (every byte but unreserved ones and `/`), so
/// a deck named `a#b` or `x?` links to itself and not to a fragment or query.
pub fn escape_path(path: &str, out: &mut String) {
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

pub(super) fn text(s: &str) -> String {
    let mut o = String::new();
    escape_text(s, &mut o);
    o
}

pub(super) fn attr(s: &str) -> String {
    let mut o = String::new();
    escape_attr(s, &mut o);
    o
}

/// Renders one deck as a complete page: one `<section>` per projected page
/// that fitting decided (`pages`), the same pages as the slides PDF.
pub fn deck_page(course: &Course, deck: &Deck, pages: &[Page], theme: &Theme) -> String {
    deck_page_parts(course, deck, pages, theme).html
}

/// A deck's page and its projected pages' markup one by one, so that the
/// live server can send a browser only the slides an edit changed.
pub struct DeckPage {
    pub html: String,
    /// Each `<section class="slide">`, in order, as it is in `html`.
    pub slides: Vec<String>,
    /// A hash of everything else (styles, embedded fonts, the deck's data):
    /// when it changes, a browser needs the whole page.
    pub shell: u64,
}

pub fn deck_page_parts(course: &Course, deck: &Deck, pages: &[Page], theme: &Theme) -> DeckPage {
    let lang = &course.config.language;
    let mut out = String::with_capacity(64 * 1024);
    page_head(&mut out, course, deck, theme);
    let _ = write!(
        out,
        "<body>\n<div id=\"stage\" class=\"stage\">\n<main id=\"deck\" class=\"deck\" data-stem=\"{}\">\n",
        attr(&deck.stem)
    );
    let total = pages.len();
    let footer = match deck.session {
        Some(n) => format!("{} {n} · {}", word("session", lang), deck.title),
        None => deck.title.clone(),
    };
    let head_len = out.len();
    let mut slides = Vec::with_capacity(pages.len());
    for page in pages {
        if let Some(slide) = deck.slides.get(page.slide) {
            let mut one = String::new();
            render_page(&mut one, course, theme, slide, page, total, &footer);
            out.push_str(&one);
            slides.push(one);
        }
    }
    let tail_at = out.len();
    out.push_str("</main>\n</div>\n");
    page_tail(&mut out, deck, pages, lang);
    // The fonts go in last: their subset is every character of the page.
    let faces = crate::render::font_faces::font_faces(
        &out,
        out.contains("<em>"),
        theme.bold_body,
        (&theme.fonts.body, &theme.font_files, theme.font_key),
    );
    let shell = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        out[..head_len].hash(&mut h);
        out[tail_at..].hash(&mut h);
        faces.hash(&mut h);
        h.finish()
    };
    DeckPage {
        html: out.replacen(FONTS_PLACEHOLDER, &faces, 1),
        slides,
        shell,
    }
}

/// The page's `<head>`: policy, title, theme variables and CSS, and the
/// place the embedded fonts go.
fn page_head(out: &mut String, course: &Course, deck: &Deck, theme: &Theme) {
    let lang = &course.config.language;
    let (w, h) = course.config.aspect.size();
    let page_title = match deck.session {
        Some(n) => format!("{} {n} · {}", word("session", lang), deck.title),
        None => deck.title.clone(),
    };
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"{}\" data-theme=\"{}\"{}>\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n<title>{}</title>\n<style>{}{}\n:root{{--slide-w:{w}px;--slide-h:{h}px}}\n{}</style>\n</head>\n",
        attr(lang),
        attr(&theme.name),
        // Which code colours the page's surface needs (see `render::code`).
        match (
            crate::render::code::is_dark(&theme.colors.surface),
            theme.follow_system && theme.dark.as_ref().is_some_and(|d| crate::render::code::is_dark(&d.surface)),
        ) {
            (true, _) => " data-code=\"dark\"",
            (false, true) => " data-code=\"system\"",
            _ => "",
        },
        CSP,
        text(&page_title),
        FONTS_PLACEHOLDER,
        theme.css_variables(),
        theme.css
    );
}

/// The deck's data for the runtime and the runtime itself.
fn page_tail(out: &mut String, deck: &Deck, pages: &[Page], lang: &str) {
    let meta = serde_json::json!({
        "stem": deck.stem,
        "title": deck.title,
        "session": deck.session,
        "mode": deck.mode,
        "duration": deck.duration,
        "lang": lang,
        "times": pages.iter().map(|p| p.time).collect::<Vec<_>>(),
        "words": crate::text::words::runtime_words(lang),
    });
    // No `<` at all inside the JSON script: `</script>` would end it and
    // `<!--` would change how the browser reads the rest of the page.
    let meta = meta.to_string().replace('<', "\\u003c");
    let _ = write!(
        out,
        "<script id=\"lectern-meta\" type=\"application/json\">{meta}</script>\n<script>{}</script>\n</body>\n</html>\n",
        super::runtime::SCRIPT
    );
}

/// Where `deck_page` puts the embedded fonts once the page is complete.
const FONTS_PLACEHOLDER: &str = "/*lectern-fonts*/";

/// The content sizes of a page at its fitted body size, as the template's
/// `mkctx` computes them: scaled with the body, never below the minimum.
fn page_sizes(theme: &Theme, size: f64) -> (f64, f64, f64) {
    let s = &theme.sizes;
    let f = size / s.body;
    let scaled = |x: f64| (x * f).max(x.min(s.min));
    (size, scaled(s.small), scaled(s.heading))
}

fn render_page(
    out: &mut String,
    course: &Course,
    theme: &Theme,
    slide: &Slide,
    page: &Page,
    total: usize,
    footer: &str,
) {
    let lang = &course.config.language;
    let kind = slide.kind.name();
    let title = inline_text(&slide.title);
    let (body, small, heading) = page_sizes(theme, page.size);
    let _ = writeln!(
        out,
        "<section class=\"slide kind-{kind}{prompt}{backdrop}\" id=\"slide-{n}\" data-number=\"{n}\" data-slide=\"{logical}\" data-part=\"{part}\" data-parts=\"{parts}\" data-steps=\"{steps}\" data-line=\"{line}\"{time} style=\"--fit-body:{body}px;--fit-small:{small}px;--fit-heading:{heading}px;--fit-title:{title_size}px\" aria-roledescription=\"slide\" aria-label=\"{n} / {total}: {label}\">",
        n = page.number,
        // Content slides take their step's title; title, section and prompt
        // slides set theirs from the theme's title size, as the template.
        title_size = if crate::fit::is_fitted(slide.kind) && !slide.blocks.is_empty() {
            theme.sizes.title_for(page.size)
        } else {
            theme.sizes.title
        },
        prompt = if slide.blocks.is_empty() && crate::fit::is_fitted(slide.kind) {
            " prompt"
        } else {
            ""
        },
        backdrop = if slide.background.is_some() { " has-bg" } else { "" },
        logical = slide.number,
        part = page.part,
        parts = page.parts,
        steps = page.steps,
        line = slide.pos.line,
        time = page.time.map(|t| format!(" data-time=\"{t}\"")).unwrap_or_default(),
        label = attr(&title),
    );
    backdrop_and_part(out, course, slide, page);
    out.push_str("<div class=\"frame\">\n");
    if let Some(name) = super::course_overline(course, slide) {
        let _ = writeln!(out, "<p class=\"course-name\">{}</p>", text(name));
    }
    let prompt = slide.blocks.is_empty() && crate::fit::is_fitted(slide.kind);
    if prompt {
        out.push_str("<div class=\"prompt-field\">");
    }
    slide_head(out, slide, lang);
    if prompt {
        out.push_str("</div>");
    }
    out.push_str("<div class=\"room\"><div class=\"content\">\n");
    // Footnotes (last among the blocks) sit at the bottom of the page.
    let (notes, main): (Vec<Block>, Vec<Block>) = page
        .blocks
        .iter()
        .cloned()
        .partition(|b| matches!(b.body, BlockBody::Footnote { .. }));
    blocks(out, course, &main, lang);
    out.push_str("</div></div>\n");
    if !notes.is_empty() {
        out.push_str("<div class=\"footnotes\">\n");
        blocks(out, course, &notes, lang);
        out.push_str("</div>\n");
    }
    out.push_str("</div>\n");
    let _ = writeln!(
        out,
        "<footer class=\"slide-foot\"><span>{}</span><span>{} / {total}</span></footer>",
        text(footer),
        page.number
    );
    out.push_str("<aside class=\"notes\">\n");
    blocks(out, course, &slide.notes, lang);
    out.push_str("</aside>\n</section>\n");
}

/// The kind's label and the slide's title.
fn slide_head(out: &mut String, slide: &Slide, lang: &str) {
    let label = kind_label(slide.kind, lang);
    if crate::text::words::shows_label(slide, lang) {
        let _ = writeln!(
            out,
            "<p class=\"kind-label\"><span class=\"icon\" aria-hidden=\"true\">{}</span> {}</p>",
            kind_icon(slide.kind),
            text(label)
        );
    }
    if !slide.title.is_empty() {
        let tag = if slide.kind == SlideKind::Title {
            "h1"
        } else {
            "h2"
        };
        let _ = write!(out, "<{tag} class=\"slide-title\">");
        inlines(out, &slide.title);
        let _ = writeln!(out, "</{tag}>");
    }
}

/// A slide's background picture, and "continued · 2/3" on a slide of
/// several pages.
fn backdrop_and_part(out: &mut String, course: &Course, slide: &Slide, page: &Page) {
    let lang = &course.config.language;
    if let Some(bg) = &slide.background {
        // Behind everything, under the theme's scrim; a missing picture
        // leaves the slide as it is (the check has said why).
        if let Some(src) = bg.file.as_ref().and_then(|f| data_url(course, f)) {
            let _ = writeln!(
                out,
                "<div class=\"slide-bg\" aria-hidden=\"true\"><img src=\"{src}\" alt=\"\"></div>"
            );
        }
    }
    if page.parts > 1 {
        let mark = if page.part > 1 {
            format!("{} · ", word("continued", lang))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "<p class=\"part-mark\">{}{}/{}</p>",
            text(&mark),
            page.part,
            page.parts
        );
    }
}

fn step_attr(step: u32) -> String {
    if step > 0 {
        format!(" class=\"step\" data-step=\"{step}\"")
    } else {
        String::new()
    }
}

fn blocks(out: &mut String, course: &Course, list: &[Block], lang: &str) {
    for b in list {
        block(out, course, b, lang);
    }
}

/// One block as HTML, with its reveal step.
fn block(out: &mut String, course: &Course, b: &Block, lang: &str) {
    let step = step_attr(b.step);
    match &b.body {
        BlockBody::Heading { level, content } => {
            let h = (*level as usize + 1).clamp(3, 6);
            let _ = write!(out, "<h{h}{step}>");
            inlines(out, content);
            let _ = writeln!(out, "</h{h}>");
        }
        BlockBody::Paragraph { content } => {
            let _ = write!(out, "<p{step}>");
            inlines(out, content);
            out.push_str("</p>\n");
        }
        BlockBody::List {
            ordered,
            start,
            items,
        } => list(out, course, (*ordered, *start), items, &step, lang),
        BlockBody::Quote {
            blocks: inner,
            alert: Some(alert),
        } => alert_box(out, course, b.step, *alert, inner, lang),
        BlockBody::Quote {
            blocks: inner,
            alert: None,
        } => {
            let _ = writeln!(out, "<blockquote{step}>");
            blocks(out, course, inner, lang);
            out.push_str("</blockquote>\n");
        }
        BlockBody::Code {
            lang: code_lang,
            text: code,
        } => {
            let _ = write!(out, "<pre{step}><code");
            if !code_lang.is_empty() {
                let _ = write!(out, " class=\"language-{}\"", attr(code_lang));
            }
            out.push('>');
            highlight(code, code_lang, out);
            out.push_str("</code></pre>\n");
        }
        BlockBody::Table { align, head, rows } => table(out, align, head, rows, &step),
        BlockBody::Image(img) => image(out, course, img, lang, &step),
        BlockBody::Video(v) => video(out, v, b.step, lang),
        BlockBody::Rule => {
            let _ = writeln!(out, "<hr{step}>");
        }
        BlockBody::Footnote {
            number,
            blocks: inner,
            ..
        } => {
            let _ = write!(
                out,
                "<div class=\"footnote\"{step}><sup>{number}</sup><div>"
            );
            blocks(out, course, inner, lang);
            out.push_str("</div></div>\n");
        }
        BlockBody::Html { html } => {
            out.push_str(html);
            out.push('\n');
        }
        BlockBody::Columns { columns } => columns_grid(out, course, columns, b.step, lang),
    }
}

/// ` step` and ` data-step="n"` for a block with its own class list.
fn step_class(step: u32) -> (&'static str, String) {
    if step > 0 {
        (" step", format!(" data-step=\"{step}\""))
    } else {
        ("", String::new())
    }
}

fn list(
    out: &mut String,
    course: &Course,
    (ordered, start): (bool, u64),
    items: &[ListItem],
    step: &str,
    lang: &str,
) {
    let tag = if ordered { "ol" } else { "ul" };
    let mut start_attr = if ordered && start != 1 {
        format!(" start=\"{start}\"")
    } else {
        String::new()
    };
    // The text column's offset matches the template's list grid.
    if ordered && start + items.len() as u64 > 10 {
        start_attr.push_str(" data-wide=\"\"");
    }
    if items.len() == 1 {
        start_attr.push_str(" data-single=\"\"");
    }
    // Two statement cards share their row by their text (the CSS reads
    // --cards only on a statements slide's own list).
    if let Some((a, _)) = crate::deck::card_shares(items) {
        let a = (a * 1000.0).round();
        let _ = write!(start_attr, " style=\"--cards:{a}fr {}fr\"", 1000.0 - a);
    }
    let _ = writeln!(out, "<{tag}{start_attr}{step}>");
    for item in items {
        list_item(out, course, item, lang);
    }
    let _ = writeln!(out, "</{tag}>");
}

fn list_item(out: &mut String, course: &Course, item: &ListItem, lang: &str) {
    let class = match (item.step > 0, item.task.is_some()) {
        (true, true) => " class=\"step task-item\"",
        (true, false) => " class=\"step\"",
        (false, true) => " class=\"task-item\"",
        (false, false) => "",
    };
    out.push_str("<li");
    out.push_str(class);
    if let Some(marker) = &item.marker {
        let _ = write!(out, " data-marker=\"{}\"", attr(marker));
    }
    if item.step > 0 {
        let _ = write!(out, " data-step=\"{}\"", item.step);
    }
    out.push('>');
    if let Some(done) = item.task {
        let _ = write!(
            out,
            "<span class=\"task\" aria-hidden=\"true\">{}</span> ",
            if done { "☑" } else { "☐" }
        );
    }
    // A one-paragraph item is written inline, like a tight list.
    match item.blocks.as_slice() {
        [Block {
            body: BlockBody::Paragraph { content },
            ..
        }] => inlines(out, content),
        other => blocks(out, course, other, lang),
    }
    out.push_str("</li>\n");
}

/// A GitHub alert: a callout with its label in the course language.
fn alert_box(
    out: &mut String,
    course: &Course,
    step: u32,
    alert: Alert,
    inner: &[Block],
    lang: &str,
) {
    let (class, data) = step_class(step);
    let _ = writeln!(
        out,
        "<aside class=\"alert alert-{}{class}\" style=\"--alert-color:var(--kind-{})\"{data}>",
        alert.name(),
        crate::text::words::alert_colour(alert).name(),
    );
    let _ = writeln!(
        out,
        "<p class=\"alert-label\"><span aria-hidden=\"true\">{}</span> {}</p>",
        crate::text::words::alert_icon(alert),
        text(crate::text::words::alert_label(alert, lang))
    );
    blocks(out, course, inner, lang);
    out.push_str("</aside>\n");
}

fn table(
    out: &mut String,
    align: &[Align],
    head: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    step: &str,
) {
    let _ = writeln!(out, "<table{step}>");
    // One row's cells, each aligned as its column says.
    let row = |out: &mut String, cells: &[Vec<Inline>], tag: &str| {
        out.push_str("<tr>");
        for (i, c) in cells.iter().enumerate() {
            let style = match align.get(i) {
                Some(Align::Left) => " style=\"text-align:left\"",
                Some(Align::Center) => " style=\"text-align:center\"",
                Some(Align::Right) => " style=\"text-align:right\"",
                _ => "",
            };
            let _ = write!(out, "<{tag}{style}>");
            inlines(out, c);
            let _ = write!(out, "</{tag}>");
        }
        out.push_str("</tr>");
    };
    if !head.is_empty() {
        out.push_str("<thead>");
        row(out, head, "th");
        out.push_str("</thead>\n");
    }
    out.push_str("<tbody>\n");
    for cells in rows {
        row(out, cells, "td");
        out.push('\n');
    }
    out.push_str("</tbody></table>\n");
}

/// A video: its link, and a click-to-load player where it can be embedded.
fn video(out: &mut String, v: &Video, step: u32, lang: &str) {
    let (class, data) = step_class(step);
    let _ = write!(out, "<figure class=\"video{class}\"{data}");
    if let Some(embed) = &v.embed {
        let _ = write!(out, " data-embed=\"{}\"", attr(embed));
    }
    out.push_str(">\n");
    // The QR code, as on the PDF page: the room opens the video on a phone.
    if let Some(svg) = crate::render::typst::qr_svg(&v.url) {
        let _ = writeln!(
            out,
            "<img class=\"video-qr\" alt=\"QR\" src=\"data:image/svg+xml;base64,{}\">",
            base64::engine::general_purpose::STANDARD.encode(svg)
        );
    }
    out.push_str("<div class=\"video-side\">");
    if v.embed.is_some() {
        // A poster with a large play mark; the player loads only on a click.
        let _ = writeln!(
            out,
            "<button type=\"button\" class=\"video-load\"><span class=\"video-play\" aria-hidden=\"true\">▶</span><span>{}</span></button>",
            text(word("load_video", lang))
        );
    }
    out.push_str("<figcaption>");
    if let Some(label) = &v.label {
        let _ = write!(out, "<span class=\"video-label\">{}</span> ", text(label));
    }
    out.push_str("<a href=\"");
    escape_url(&v.url, out);
    out.push_str("\" target=\"_blank\" rel=\"noopener noreferrer\">");
    escape_text(&v.url, out);
    out.push_str("</a>");
    if v.embed.is_some() {
        let _ = write!(
            out,
            "<span class=\"video-privacy\">{}</span>",
            text(word("video_privacy", lang))
        );
    }
    out.push_str("</figcaption></div>\n</figure>\n");
}

/// Columns with the same shares and gap as the template's grid, so lines
/// wrap at the same words.
fn columns_grid(out: &mut String, course: &Course, columns: &[Column], step: u32, lang: &str) {
    let template: Vec<String> = columns.iter().map(|c| format!("{}fr", c.share)).collect();
    let (class, data) = step_class(step);
    let _ = writeln!(
        out,
        "<div class=\"columns{class}\" style=\"grid-template-columns:{}\"{data}>",
        template.join(" "),
    );
    for c in columns {
        out.push_str("<div class=\"column\">\n");
        blocks(out, course, &c.blocks, lang);
        out.push_str("</div>\n");
    }
    out.push_str("</div>\n");
}

/// An image file as a `data:` address (nothing is ever loaded from elsewhere).
fn data_url(course: &Course, file: &str) -> Option<String> {
    let path = course.root.join(file);
    let bytes = crate::files::read_in_course(&course.root, &path, crate::images::MAX_BYTES).ok()?;
    let mime = crate::images::mime(file)?;
    Some(format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(crate::images::without_metadata(&bytes))
    ))
}

fn image(out: &mut String, course: &Course, img: &Image, lang: &str, step: &str) {
    let data = img.file.as_ref().and_then(|f| data_url(course, f));
    match data {
        Some(src) => {
            let width = img
                .width
                .map(|w| format!(" class=\"sized\" style=\"width:{}\"", w.css()))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<figure{step}><img src=\"{src}\" alt=\"{}\"{width}></figure>",
                attr(&img.alt)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "<figure{step}><div class=\"placeholder\" role=\"img\" aria-label=\"{alt}\"><strong>{missing}</strong><span>{alt}</span></div></figure>",
                alt = attr(&img.alt),
                missing = text(word("missing_image", lang)),
            );
        }
    }
}

fn inlines(out: &mut String, list: &[Inline]) {
    for i in list {
        match i {
            Inline::Text { s } => escape_prose(s, out),
            Inline::Strong { c } => {
                out.push_str("<strong>");
                inlines(out, c);
                out.push_str("</strong>");
            }
            Inline::Emph { c } => {
                out.push_str("<em>");
                inlines(out, c);
                out.push_str("</em>");
            }
            Inline::Strike { c } => {
                out.push_str("<del>");
                inlines(out, c);
                out.push_str("</del>");
            }
            Inline::Code { s } => {
                out.push_str("<code>");
                escape_text(s, out);
                out.push_str("</code>");
            }
            Inline::Link { url, c } => {
                out.push_str("<a href=\"");
                escape_url(url, out);
                out.push_str("\" target=\"_blank\" rel=\"noopener noreferrer\">");
                inlines(out, c);
                out.push_str("</a>");
            }
            Inline::Break => out.push_str("<br>"),
            Inline::Note { n } => {
                let _ = write!(out, "<sup>{n}</sup>");
            }
            Inline::Html { s } => out.push_str(s),
            Inline::Math {
                tex,
                typst,
                display,
            } => math(out, tex, typst, *display),
        }
    }
}

/// A formula as the PDF draws it: Typst's layout as inline SVG, sized in
/// em of the text around it, in the text's colour. The picture never
/// makes its line taller than text does (Typst keeps the line's height
/// too), so lines wrap and stack as in the PDF.
fn math(out: &mut String, tex: &str, typst: &str, display: bool) {
    const BLACK: &str = "#000000";
    let Some(p) = crate::typeset::math::math_picture(typst, display, "DejaVu Sans", BLACK) else {
        // The converter's output always compiles; should one not, the
        // author's formula is still there to read.
        let fence = if display { "$$" } else { "$" };
        out.push_str("<code>");
        escape_text(&format!("{fence}{tex}{fence}"), out);
        out.push_str("</code>");
        return;
    };
    // Glyph ids are per picture, so two formulas on a page never share one.
    let prefix = format!("m{:x}-", fnv(typst) ^ u64::from(display));
    let svg = p
        .svg
        .replace("id=\"g", &format!("id=\"{prefix}g"))
        .replace("href=\"#g", &format!("href=\"#{prefix}g"))
        .replace(&format!("\"{BLACK}\""), "\"currentColor\"");
    let ascent = p.height - p.depth;
    let style = if display {
        format!("width:{:.3}em;height:{:.3}em", p.width, p.height)
    } else {
        format!(
            // An inline picture stands on its bottom margin edge: the
            // negative bottom margin lowers it by its depth onto the
            // baseline, the top one keeps it from raising the line.
            "width:{:.3}em;height:{:.3}em;margin:{:.3}em 0 {:.3}em",
            p.width,
            p.height,
            -(ascent - 0.7).max(0.0),
            -p.depth
        )
    };
    let mut label = String::new();
    escape_attr(tex, &mut label);
    let open =
        format!("<svg class=\"math\" role=\"img\" aria-label=\"{label}\" style=\"{style}\" ");
    let svg = svg.replacen("<svg ", &open, 1);
    if display {
        out.push_str("<span class=\"math-display\">");
        out.push_str(&svg);
        out.push_str("</span>");
    } else {
        out.push_str(&svg);
    }
}

fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

/// Code highlighted with the grammars Typst uses for the PDF
/// (`typst::text::RAW_SYNTAXES`): each piece carries its colour on a light
/// surface (Typst's `RAW_THEME`) and on a dark one (`render::code`), as
/// CSS variables; the page's CSS picks the one its surface needs, in dark
/// mode too. No script, no style sheet of its own. A language Typst does
/// not know stays plain.
fn highlight(code: &str, lang: &str, out: &mut String) {
    use syntect::highlighting::{Color, FontStyle, Highlighter};
    use syntect::parsing::{ParseState, ScopeStack};
    let syntaxes = &*typst::text::RAW_SYNTAXES;
    let Some(syntax) = (!lang.is_empty())
        .then(|| syntaxes.find_syntax_by_token(lang))
        .flatten()
    else {
        escape_text(code, out);
        return;
    };
    let light = Highlighter::new(&typst::text::RAW_THEME);
    let dark = crate::render::code::dark_theme().map(Highlighter::new);
    // The theme's default foreground: such pieces take the page's text colour.
    let css_colour = |c: Color, default: bool| {
        if default {
            String::new()
        } else {
            format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
        }
    };
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    for (i, line) in code.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let Ok(ops) = state.parse_line(line, syntaxes) else {
            escape_text(line, out);
            continue;
        };
        // Neighbouring pieces of one style are one span.
        let mut runs: Vec<(String, String)> = Vec::new();
        for (piece, op) in syntect::easy::ScopeRegionIterator::new(&ops, line) {
            if stack.apply(op).is_err() {
                break;
            }
            if piece.is_empty() {
                continue;
            }
            let scopes = stack.as_slice();
            let l = light.style_for_stack(scopes);
            let plain_light = light.get_default().foreground == l.foreground;
            let mut css = String::new();
            let lc = css_colour(l.foreground, plain_light);
            if !lc.is_empty() {
                let _ = write!(css, "--c:{lc};");
            }
            if let Some(d) = &dark {
                let ds = d.style_for_stack(scopes);
                let dc = css_colour(ds.foreground, d.get_default().foreground == ds.foreground);
                if !dc.is_empty() {
                    let _ = write!(css, "--d:{dc};");
                }
            }
            if l.font_style.contains(FontStyle::BOLD) {
                css.push_str("font-weight:700;");
            }
            if l.font_style.contains(FontStyle::ITALIC) {
                css.push_str("font-style:italic;");
            }
            if l.font_style.contains(FontStyle::UNDERLINE) {
                css.push_str("text-decoration:underline;");
            }
            match runs.last_mut() {
                Some((last, text)) if *last == css => text.push_str(piece),
                _ => runs.push((css, piece.to_string())),
            }
        }
        for (css, piece) in runs {
            if css.is_empty() {
                escape_text(&piece, out);
            } else {
                let _ = write!(out, "<span style=\"{css}\">");
                escape_text(&piece, out);
                out.push_str("</span>");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escaping_neutralises_markup() {
        let mut o = String::new();
        escape_text("<script>&\"'", &mut o);
        assert_eq!(o, "&lt;script&gt;&amp;\"'");
    }

    #[test]
    fn prose_may_break_after_a_slash_between_words_only() {
        let mut o = String::new();
        escape_prose("denken/voelen 1/2 a/ <b>/c", &mut o);
        assert_eq!(o, "denken/<wbr>voelen 1/2 a/ &lt;b&gt;/c");
    }

    #[test]
    fn attribute_escaping_closes_no_quotes() {
        let mut o = String::new();
        escape_attr("\" onload='x' <", &mut o);
        assert_eq!(o, "&quot; onload=&#39;x&#39; &lt;");
    }

    #[test]
    fn url_escaping_refuses_script_schemes() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "data:text/html,x",
            "java\tscript:x",
        ] {
            let mut o = String::new();
            escape_url(bad, &mut o);
            assert_eq!(o, "#", "{bad}");
        }
        let mut o = String::new();
        escape_url("https://x.org/?a=1&b=\"2\"", &mut o);
        assert_eq!(o, "https://x.org/?a=1&amp;b=&quot;2&quot;");
    }
}

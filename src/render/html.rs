//! Model → HTML: one self-contained page per deck (audience view and
//! presenter view in one file) and the course index.
//!
//! Escaping is done by three small functions, one per context (text,
//! attribute, URL). Everything the page needs is inlined; the only request
//! it can ever make is the video embed after a click.

use base64::Engine as _;
use std::fmt::Write as _;

use crate::deck::*;
use crate::fit::Page;
use crate::render::labels::{kind_icon, kind_label, word};
use crate::theme::Theme;
use crate::Format;

const RUNTIME_JS: &str = include_str!("slides.js");

/// The page's Content-Security-Policy: inline styles and scripts of its own,
/// images inlined as data, frames only from the privacy-friendly video hosts.
pub const CSP: &str = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; \
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

fn text(s: &str) -> String {
    let mut o = String::new();
    escape_text(s, &mut o);
    o
}

fn attr(s: &str) -> String {
    let mut o = String::new();
    escape_attr(s, &mut o);
    o
}

/// Renders one deck as a complete page: one `<section>` per projected page
/// that fitting decided (`pages`), the same pages as the slides PDF.
pub fn deck_page(course: &Course, deck: &Deck, pages: &[Page], theme: &Theme) -> String {
    let lang = &course.config.language;
    let (w, h) = course.config.aspect.size();
    let mut out = String::with_capacity(64 * 1024);
    let page_title = match deck.session {
        Some(n) => format!("{} {n} · {}", word("session", lang), deck.title),
        None => deck.title.clone(),
    };
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"{}\" data-theme=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n<title>{}</title>\n<style>{}{}\n:root{{--slide-w:{w}px;--slide-h:{h}px}}\n{}</style>\n</head>\n",
        attr(lang),
        attr(&theme.name),
        CSP,
        text(&page_title),
        FONTS_PLACEHOLDER,
        theme.css_variables(),
        theme.css
    );
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
    for page in pages {
        if let Some(slide) = deck.slides.get(page.slide) {
            render_page(&mut out, course, theme, slide, page, total, &footer);
        }
    }
    out.push_str("</main>\n</div>\n");
    let meta = serde_json::json!({
        "stem": deck.stem,
        "title": deck.title,
        "session": deck.session,
        "mode": deck.mode,
        "duration": deck.duration,
        "lang": lang,
        "times": pages.iter().map(|p| p.time).collect::<Vec<_>>(),
        "words": crate::render::labels::runtime_words(lang),
    });
    // No `<` at all inside the JSON script: `</script>` would end it and
    // `<!--` would change how the browser reads the rest of the page.
    let meta = meta.to_string().replace('<', "\\u003c");
    let _ = write!(
        out,
        "<script id=\"lectern-meta\" type=\"application/json\">{meta}</script>\n<script>{RUNTIME_JS}</script>\n</body>\n</html>\n"
    );
    // The fonts go in last: their subset is every character of the page.
    let faces = crate::render::fonts::font_faces(&out, out.contains("<em>"));
    out.replacen(FONTS_PLACEHOLDER, &faces, 1)
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
        "<section class=\"slide kind-{kind}{prompt}\" id=\"slide-{n}\" data-number=\"{n}\" data-slide=\"{logical}\" data-part=\"{part}\" data-parts=\"{parts}\" data-steps=\"{steps}\" data-line=\"{line}\"{time} style=\"--fit-body:{body}px;--fit-small:{small}px;--fit-heading:{heading}px\" aria-roledescription=\"slide\" aria-label=\"{n} / {total}: {label}\">",
        n = page.number,
        prompt = if slide.blocks.is_empty() && crate::fit::is_fitted(slide.kind) {
            " prompt"
        } else {
            ""
        },
        logical = slide.number,
        part = page.part,
        parts = page.parts,
        steps = page.steps,
        line = slide.pos.line,
        time = page.time.map(|t| format!(" data-time=\"{t}\"")).unwrap_or_default(),
        label = attr(&title),
    );
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
    out.push_str("<div class=\"frame\">\n");
    let label = kind_label(slide.kind, lang);
    if crate::render::labels::shows_label(slide, lang) {
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
    out.push_str("<div class=\"room\"><div class=\"content\">\n");
    blocks(out, course, &page.blocks, lang);
    out.push_str("</div></div>\n</div>\n");
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

fn step_attr(step: u32) -> String {
    if step > 0 {
        format!(" class=\"step\" data-step=\"{step}\"")
    } else {
        String::new()
    }
}

fn blocks(out: &mut String, course: &Course, list: &[Block], lang: &str) {
    for b in list {
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
            } => {
                let tag = if *ordered { "ol" } else { "ul" };
                let mut start_attr = if *ordered && *start != 1 {
                    format!(" start=\"{start}\"")
                } else {
                    String::new()
                };
                // The text column's offset matches the template's list grid.
                if *ordered && start + items.len() as u64 > 10 {
                    start_attr.push_str(" data-wide=\"\"");
                }
                if items.len() == 1 {
                    start_attr.push_str(" data-single=\"\"");
                }
                let _ = writeln!(out, "<{tag}{start_attr}{step}>");
                for item in items {
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
                let _ = writeln!(out, "</{tag}>");
            }
            BlockBody::Quote { blocks: inner } => {
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
                escape_text(code, out);
                out.push_str("</code></pre>\n");
            }
            BlockBody::Table { align, head, rows } => {
                let _ = writeln!(out, "<table{step}>");
                let cell_style = |i: usize| match align.get(i) {
                    Some(Align::Left) => " style=\"text-align:left\"",
                    Some(Align::Center) => " style=\"text-align:center\"",
                    Some(Align::Right) => " style=\"text-align:right\"",
                    _ => "",
                };
                if !head.is_empty() {
                    out.push_str("<thead><tr>");
                    for (i, c) in head.iter().enumerate() {
                        let _ = write!(out, "<th{}>", cell_style(i));
                        inlines(out, c);
                        out.push_str("</th>");
                    }
                    out.push_str("</tr></thead>\n");
                }
                out.push_str("<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for (i, c) in row.iter().enumerate() {
                        let _ = write!(out, "<td{}>", cell_style(i));
                        inlines(out, c);
                        out.push_str("</td>");
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody></table>\n");
            }
            BlockBody::Image(img) => image(out, course, img, lang, &step),
            BlockBody::Video(v) => {
                let _ = write!(
                    out,
                    "<figure class=\"video{}\"",
                    if b.step > 0 { " step" } else { "" }
                );
                if b.step > 0 {
                    let _ = write!(out, " data-step=\"{}\"", b.step);
                }
                if let Some(embed) = &v.embed {
                    let _ = write!(out, " data-embed=\"{}\"", attr(embed));
                }
                out.push_str(">\n");
                if v.embed.is_some() {
                    let _ = writeln!(
                        out,
                        "<button type=\"button\" class=\"video-load\"><span aria-hidden=\"true\">▶</span> {}</button>",
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
                out.push_str("</figcaption>\n</figure>\n");
            }
            BlockBody::Rule => {
                let _ = writeln!(out, "<hr{step}>");
            }
            BlockBody::Footnote {
                number,
                blocks: inner,
                ..
            } => {
                let _ = write!(out, "<div class=\"footnote\"><sup>{number}</sup> ");
                blocks(out, course, inner, lang);
                out.push_str("</div>\n");
            }
            BlockBody::Html { html } => {
                out.push_str(html);
                out.push('\n');
            }
        }
    }
}

fn image(out: &mut String, course: &Course, img: &Image, lang: &str, step: &str) {
    let data = img.file.as_ref().and_then(|f| {
        let bytes = std::fs::read(course.root.join(f)).ok()?;
        let mime = crate::images::mime(f)?;
        Some(format!(
            "data:{mime};base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ))
    });
    match data {
        Some(src) => {
            let _ = writeln!(
                out,
                "<figure{step}><img src=\"{src}\" alt=\"{}\"></figure>",
                attr(&img.alt)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "<figure{step}><div class=\"placeholder\" role=\"img\" aria-label=\"{alt}\"><strong>{missing}</strong><span>{alt}</span><code>{src}</code></div></figure>",
                alt = attr(&img.alt),
                missing = text(word("missing_image", lang)),
                src = text(&img.src)
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
        }
    }
}

/// How the index links to a deck's outputs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Files side by side in the output folder (`<stem>.html`): a static site.
    Files,
    /// Routes of `lectern serve` (`/<stem>/`, `/<stem>/presenter`).
    Served,
}

/// The index `lectern serve` shows at `/`.
pub fn index_page_served(course: &Course, decks: &[&Deck], theme: &Theme) -> String {
    index_page(course, decks, &Format::ALL, theme, Links::Served)
}

/// The course index: sessions in order, with mode and links to every output.
pub fn index_page(
    course: &Course,
    decks: &[&Deck],
    formats: &[Format],
    theme: &Theme,
    links: Links,
) -> String {
    let c = &course.config;
    let lang = &c.language;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n\
         <title>{}</title>\n<style>{}\n{}</style>\n</head>\n<body class=\"index\">\n<main>\n<h1>{}</h1>\n",
        attr(lang),
        text(&c.title),
        theme.css_variables(),
        INDEX_CSS,
        text(&c.title)
    );
    if let Some(v) = &c.version {
        let _ = writeln!(out, "<p class=\"version\">{}</p>", text(v));
    }
    let course_links: Vec<(&str, &str)> = [
        (
            Format::Handout,
            "course-handout.pdf",
            word("workbook", lang),
        ),
        (
            Format::Notes,
            "course-notes.pdf",
            word("trainer_script", lang),
        ),
    ]
    .into_iter()
    .filter(|(f, _, _)| formats.contains(f))
    .map(|(_, file, label)| (file, label))
    .collect();
    if !course_links.is_empty() {
        out.push_str("<p class=\"course-links\">");
        for (file, label) in course_links {
            let _ = write!(out, "<a href=\"{file}\">{} (PDF)</a> ", text(label));
        }
        out.push_str("</p>\n");
    }
    let session = word("session", lang);
    out.push_str("<ol class=\"sessions\">\n");
    let href_of = |file: &str| {
        let mut h = String::new();
        escape_path(file, &mut h);
        h
    };
    for d in decks {
        let stem = &d.stem;
        let _ = write!(
            out,
            "<li><span class=\"num\">{session} {}</span> <span class=\"mode mode-{}\">{}</span>\n<a class=\"title\" href=\"{}\">{}</a>\n<span class=\"outputs\">",
            d.session.map(|n| n.to_string()).unwrap_or_default(),
            match d.mode {
                Mode::F2f => "f2f",
                Mode::Online => "online",
            },
            d.mode.label(),
            href_of(&match links {
                Links::Served => format!("{stem}/"),
                Links::Files if formats.contains(&Format::Html) => format!("{stem}.html"),
                Links::Files => format!("{stem}.pdf"),
            }),
            text(&d.title)
        );
        for (format, label) in [
            (Format::Html, word("slides", lang).to_string() + " (HTML)"),
            (Format::Html, word("presenter", lang).to_string()),
            (Format::Pdf, word("slides", lang).to_string() + " (PDF)"),
            (Format::Handout, word("workbook", lang).to_string()),
            (Format::Notes, word("notes", lang).to_string()),
            (Format::Json, "JSON".to_string()),
            (Format::Pptx, "PowerPoint".to_string()),
        ] {
            if formats.contains(&format) {
                let presenter = label == word("presenter", lang);
                let href = match (links, format, presenter) {
                    (Links::Served, Format::Html, true) => {
                        href_of(&format!("{}/presenter", d.stem))
                    }
                    (Links::Served, Format::Html, false) => href_of(&format!("{}/", d.stem)),
                    (Links::Files, Format::Html, true) => {
                        format!("{}?view=presenter", href_of(&format.file_name(&d.stem)))
                    }
                    _ => href_of(&format.file_name(&d.stem)),
                };
                let _ = write!(out, "<a href=\"{}\">{}</a> ", attr(&href), text(&label));
            }
        }
        out.push_str("</span></li>\n");
    }
    out.push_str("</ol>\n");
    if let Some(a) = &c.attribution {
        let _ = writeln!(out, "<p class=\"attribution\">{}</p>", text(a));
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

const INDEX_CSS: &str = "body.index{margin:0;background:var(--bg);color:var(--text);font-family:var(--font);line-height:1.5}\
main{max-width:60rem;margin:0 auto;padding:2rem 1.5rem}h1{margin:0 0 .25rem;font-size:2.2rem}\
.version,.attribution{color:var(--muted)}.sessions{list-style:none;padding:0}\
.sessions li{padding:1rem 0;border-bottom:2px solid var(--surface)}\
.num{font-weight:700;color:var(--accent);margin-right:.5rem}.mode{display:inline-block;padding:0 .5rem;border:2px solid currentColor;border-radius:1rem;font-size:.85rem;font-weight:700}\
.title{display:block;font-size:1.3rem;font-weight:700;color:var(--text);margin:.2rem 0}\
.outputs a,.course-links a{margin-right:1rem;color:var(--link)}a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}";

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

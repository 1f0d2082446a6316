//! The course index: the sessions in order, with their mode and links to
//! every output, as files side by side (a static site) or as the routes of
//! `lectern serve`.

use std::fmt::Write as _;

use super::html::{attr, escape_path, text};
use crate::course::Course;
use crate::deck::{Deck, Mode};
use crate::target::Format;
use crate::text::words::word;
use crate::theme::Theme;

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
    out.push_str("<ol class=\"sessions\">\n");
    for d in decks {
        index_entry(&mut out, d, formats, links, lang);
    }
    out.push_str("</ol>\n");
    if let Some(a) = &c.attribution {
        let _ = writeln!(out, "<p class=\"attribution\">{}</p>", text(a));
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// One session in the course index: its number, mode, title and outputs.
fn index_entry(out: &mut String, d: &Deck, formats: &[Format], links: Links, lang: &str) {
    let session = word("session", lang);
    let href_of = |file: &str| {
        let mut h = String::new();
        escape_path(file, &mut h);
        h
    };
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
                (Links::Served, Format::Html, true) => href_of(&format!("{}/presenter", d.stem)),
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

const INDEX_CSS: &str = "body.index{margin:0;background:var(--bg);color:var(--text);font-family:var(--font);line-height:1.5}\
main{max-width:60rem;margin:0 auto;padding:2rem 1.5rem}h1{margin:0 0 .25rem;font-size:2.2rem}\
.version,.attribution{color:var(--muted)}.sessions{list-style:none;padding:0}\
.sessions li{padding:1rem 0;border-bottom:2px solid var(--surface)}\
.num{font-weight:700;color:var(--accent);margin-right:.5rem}.mode{display:inline-block;padding:0 .5rem;border:2px solid currentColor;border-radius:1rem;font-size:.85rem;font-weight:700}\
.title{display:block;font-size:1.3rem;font-weight:700;color:var(--text);margin:.2rem 0}\
.outputs a,.course-links a{margin-right:1rem;color:var(--link)}a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}";

//! `lectern import deck.pptx`: a PowerPoint file (PowerPoint, Google
//! Slides, Keynote and LibreOffice write them) read into the import model
//! and written as a lectern deck, with its pictures as assets.
//!
//! A PPTX comes from anywhere: the ZIP is read within bounds (entries,
//! sizes through a capped reader, XML nesting and nodes), relationships
//! that point outside the file are never followed, and file names in it
//! never become paths: pictures get names made here. Everything is read
//! and converted before anything is written (by the caller), so a hostile
//! file gets an error and writes nothing.
//!
//! The files, each importing only from those listed before it:
//! `xml` (bounded parsing, lookups), `package` (the ZIP and
//! relationships), `text` (paragraphs and runs as Markdown), `table`,
//! `shapes` (a shape tree as items), `layout` (a slide's layout and the
//! lectern kind it stands for), `slide` (one slide), and this file: the
//! presentation in order, continuation pages merged, the deck written.

mod chart;
mod layout;
mod package;
mod shapes;
mod slide;
mod table;
mod text;
mod xml;

use super::model::{Deck, Slide};
use super::pipeline::{self, Imported};
use super::report::Report;
use super::tool::{Options, Tool};
use package::{by_id, by_kind, Package};
use xml::{child, num};

/// At most this many slides are read.
const MAX_SLIDES: usize = 3000;

/// A converted PowerPoint file: the deck, and the pictures it shows, by
/// their path relative to the deck (`assets/…`).
pub struct Converted {
    pub imported: Imported,
    pub assets: Vec<(String, Vec<u8>)>,
}

/// The pictures a deck shows, each written once under a name made here.
#[derive(Default)]
pub struct Assets {
    stem: String,
    /// Media part → path in the deck.
    names: Vec<(String, String)>,
    files: Vec<(String, Vec<u8>)>,
}

impl Assets {
    /// The path the deck names the picture in media part `media` by.
    pub fn add(&mut self, media: &str, bytes: &[u8]) -> String {
        if let Some((_, p)) = self.names.iter().find(|(m, _)| m == media) {
            return p.clone();
        }
        let ext: String = media
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .filter(|e| e.len() <= 5 && e.chars().all(|c| c.is_ascii_alphanumeric()))
            .unwrap_or_else(|| "bin".into());
        let path = format!("assets/{}-{}.{ext}", self.stem, self.files.len() + 1);
        self.names.push((media.to_string(), path.clone()));
        self.files.push((path.clone(), bytes.to_vec()));
        path
    }
}

/// A file name's stem made safe as a file name: letters, digits, `-`, `_`.
fn safe_stem(stem: &str) -> String {
    let s: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(60)
        .collect();
    if s.trim_matches('-').is_empty() {
        "deck".into()
    } else {
        s
    }
}

/// Converts the PowerPoint file in `bytes`; an error says what is wrong
/// with the file (nothing is written then).
pub fn import(bytes: &[u8], opts: &Options) -> Result<Converted, String> {
    let pkg = Package::open(bytes)?;
    let main = by_kind(&pkg.rels("")?, "officeDocument")
        .map_or_else(|| "ppt/presentation.xml".to_string(), |r| r.target.clone());
    let doc = pkg.document(&main)?;
    let root = doc.root_element();
    let size = child(root, "sldSz").map_or((12_192_000, 6_858_000), |s| {
        (
            num(s, "cx").unwrap_or(12_192_000).clamp(1, 1 << 40),
            num(s, "cy").unwrap_or(6_858_000).clamp(1, 1 << 40),
        )
    });
    let rels = pkg.rels(&main)?;
    let slides: Vec<String> = child(root, "sldIdLst")
        .into_iter()
        .flat_map(|l| xml::children(l, "sldId"))
        .filter_map(|s| xml::rel_attr(s, "id"))
        .filter_map(|id| by_id(&rels, id))
        .filter(|r| !r.external && !r.target.is_empty())
        .map(|r| r.target.clone())
        .collect();
    if slides.len() > MAX_SLIDES {
        return Err(format!(
            "the file has {} slides, more than the {MAX_SLIDES} lectern reads",
            slides.len()
        ));
    }
    let mut report = Report::new(&opts.file, "", Tool::Pptx);
    let mut assets = Assets {
        stem: safe_stem(&opts.stem),
        ..Assets::default()
    };
    let mut langs = Vec::new();
    let mut pages = Vec::new();
    for (k, name) in slides.iter().enumerate() {
        let mut ctx = slide::Ctx {
            pkg: &pkg,
            size,
            assets: &mut assets,
            report: &mut report,
            langs: &mut langs,
        };
        pages.push(slide::read(&mut ctx, name, k + 1)?);
    }
    // A title slide names the deck; else the file's own title, unless it
    // is the name a tool gives every file ("PowerPoint-Präsentation").
    let opens_with_title = pages
        .first()
        .is_some_and(|p| p.slide.kind == Some("title") && !p.title.trim().is_empty());
    let mut deck = Deck {
        title: core_title(&pkg)
            .filter(|t| !opens_with_title && !tool_default_title(t) && !slide::byline(t)),
        language: language(&langs),
        slides: merge_continuations(pages),
        kept: Vec::new(),
    };
    if deck.slides.is_empty() {
        deck.slides.push(Slide::at(1));
    }
    let imported = pipeline::written(Tool::Pptx, &deck, report.diags, opts);
    Ok(Converted {
        imported,
        assets: assets.files,
    })
}

/// The title in the file's properties (docProps/core.xml), if any.
fn core_title(pkg: &Package) -> Option<String> {
    let doc = pkg.document("docProps/core.xml").ok()?;
    let t = doc
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == "title")?
        .text()?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!t.is_empty()).then_some(t)
}

/// Whether a file's title is the one a tool gives any new file.
fn tool_default_title(title: &str) -> bool {
    let t = title.trim().to_lowercase();
    let t = t.trim_end_matches(|c: char| c.is_ascii_digit()).trim();
    t.contains("powerpoint")
        || t.contains("pptxgenjs")
        || t.contains("google slides")
        || [
            "presentation",
            "präsentation",
            "présentation",
            "presentatie",
            "presentación",
            "presentazione",
            "apresentação",
            "untitled presentation",
            "naamloze presentatie",
            "unbenannte präsentation",
            "présentation sans titre",
            "presentación sin título",
            "diapositiva",
            "slide",
        ]
        .contains(&t)
}

/// The language most runs are in (`nl-NL` → `nl`).
fn language(langs: &[String]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for l in langs {
        let primary = l
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if primary.len() < 2
            || primary.len() > 3
            || !primary.chars().all(|c| c.is_ascii_lowercase())
        {
            continue;
        }
        match counts.iter_mut().find(|(p, _)| *p == primary) {
            Some((_, n)) => *n += 1,
            None => counts.push((primary, 1)),
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(p, _)| p)
}

/// The later pages of one logical slide (`lectern build` marks them
/// `continued · 2/3`) joined to its first: their body without the title,
/// their notes only when they differ from the notes already there.
fn merge_continuations(pages: Vec<slide::Page>) -> Vec<Slide> {
    let mut out: Vec<(Slide, String)> = Vec::new();
    for page in pages {
        let joins = page.part.is_some_and(|(n, _)| n > 1)
            && out.last().is_some_and(|(_, t)| *t == page.title);
        if !joins {
            out.push((page.slide, page.title));
            continue;
        }
        let (prev, _) = out.last_mut().expect("checked above");
        let mut body = page.slide.body;
        // Its heading and the blank line after it.
        if body.first().is_some_and(|l| l.text.starts_with('#')) {
            body.drain(..body.len().min(2));
        }
        prev.body.extend(body);
        let new_notes = page.slide.notes;
        if !new_notes.is_empty() && !contains_run(&prev.notes, &new_notes) {
            if !prev.notes.is_empty() {
                prev.notes.push(String::new());
            }
            prev.notes.extend(new_notes);
        }
        prev.kept.extend(page.slide.kept);
    }
    out.into_iter().map(|(s, _)| s).collect()
}

/// Whether `run` stands in `lines` as a whole.
fn contains_run(lines: &[String], run: &[String]) -> bool {
    run.len() <= lines.len() && lines.windows(run.len()).any(|w| w == run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_safe_file_names() {
        assert_eq!(safe_stem("../../etc"), "------etc");
        assert_eq!(safe_stem("Mijn presentatie"), "Mijn-presentatie");
        assert_eq!(safe_stem(".."), "deck");
    }

    #[test]
    fn a_tools_name_for_any_file_is_not_a_title() {
        for t in [
            "PowerPoint-Präsentation",
            "Présentation PowerPoint",
            "PptxGenJS Presentation",
            "Presentation1",
        ] {
            assert!(tool_default_title(t), "{t}");
        }
        assert!(!tool_default_title("Gehechtheid en mentaliseren"));
    }

    #[test]
    fn not_a_zip_is_an_error() {
        let e = import(b"not a zip", &Options::new("x.pptx")).err().unwrap();
        assert!(e.contains("not a PowerPoint file"), "{e}");
    }
}

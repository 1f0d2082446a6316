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

mod blocks;
mod body;
mod canvas;
mod cards;
mod columns;
mod heights;
mod image;
mod list;
mod master;
mod measure;
mod media;
mod notes;
mod package;
mod paragraphs;
mod pieces;
mod rels;
mod shape_tree;
mod slide;
mod table;
mod text;
mod theme_part;
mod video;
mod xml;

use crate::course::Course;
use crate::deck::Deck;
use crate::diag::Diagnostic;
use crate::fit::Page;
use crate::text::words::word;
use crate::theme::Theme;
use canvas::Canvas;
use media::Media;
use notes::notes_xml;
use package::zip_package;
use slide::{slide_xml, Ctx};
use text::run_lang;

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
        canvas: Canvas::new(course, theme),
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
            package::content_types(pages.len(), &exts).into_bytes(),
        ),
        ("_rels/.rels".into(), package::root_rels().into_bytes()),
        (
            "docProps/core.xml".into(),
            package::core(&title, course.config.author.as_deref(), lang).into_bytes(),
        ),
        (
            "docProps/app.xml".into(),
            package::app(pages.len(), notes_count).into_bytes(),
        ),
    ];
    let (pres, pres_rels) = package::presentation(&ctx.canvas, pages.len(), theme, &ctx.lang);
    package.push(("ppt/presentation.xml".into(), pres.into_bytes()));
    package.push((
        "ppt/_rels/presentation.xml.rels".into(),
        pres_rels.into_bytes(),
    ));
    package.push((
        "ppt/presProps.xml".into(),
        package::pres_props().into_bytes(),
    ));
    package.push((
        "ppt/viewProps.xml".into(),
        package::view_props().into_bytes(),
    ));
    package.push((
        "ppt/tableStyles.xml".into(),
        package::table_styles().into_bytes(),
    ));
    package.push((
        "ppt/theme/theme1.xml".into(),
        theme_part::theme_xml(theme, &theme.name).into_bytes(),
    ));
    package.push((
        "ppt/theme/theme2.xml".into(),
        theme_part::theme_xml(print, "notes").into_bytes(),
    ));
    for (i, (xml, rels)) in master::master_and_layouts(&ctx.canvas, theme, &ctx.lang)
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
    let (nm, nm_rels) = notes::notes_master(print, &ctx.lang);
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

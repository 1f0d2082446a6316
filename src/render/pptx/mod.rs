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
//!
//! Where each part is written:
//! - the package (`package`): content types, the root relationships, the
//!   document properties, `ppt/presentation.xml` and its settings, the
//!   ZIP; relationships (`rels`); pictures and QR codes (`media`);
//! - the look: the theme part (`theme_part`), the slide master and its
//!   layouts (`master`), the notes master and notes pages (`notes`);
//! - a slide (`slide`): its shape tree (`shape_tree`) on the canvas
//!   (`canvas`), a content slide's body (`body`) as pieces (`pieces`) of
//!   the heights the PDF gives them (`heights`, `measure`);
//! - text in a frame: runs and paragraph properties (`text`), blocks as
//!   paragraphs (`paragraphs`), lists (`list`);
//! - blocks drawn as shapes (`blocks`): pictures (`image`), tables
//!   (`table`), videos (`video`), statement cards (`cards`), columns
//!   (`columns`);
//! - escaping and units (`xml`).

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
#[cfg(test)]
mod test_support;
mod text;
mod theme_part;
mod video;
mod xml;

use crate::course::Course;
use crate::deck::{Deck, Slide};
use crate::diag::Diagnostic;
use crate::fit::Page;
use crate::theme::Theme;
use media::Media;
use notes::notes_xml;
use package::{design_parts, head_parts, zip_package, Part};
use slide::{slide_xml, Ctx};

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
    let ctx = Ctx::new(course, deck, theme, pages.len());
    let mut diagnostics = Vec::new();
    let mut media = Media::default();
    let mut slides: Vec<Part> = Vec::new();
    let mut notes = 0;
    for page in pages {
        let Some(slide) = deck.slides.get(page.slide) else {
            continue;
        };
        slides.extend(page_parts(&ctx, slide, page, &mut media, &mut diagnostics));
        if !slide.notes.is_empty() {
            notes += 1;
        }
    }
    let mut parts = head_parts(&ctx, pages.len(), notes, &media.extensions());
    parts.extend(design_parts(&ctx, print));
    parts.extend(slides);
    match zip_package(&parts, &media.into_parts()) {
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

/// A page's slide and its notes page, each with its relationships.
fn page_parts(
    ctx: &Ctx,
    slide: &Slide,
    page: &Page,
    media: &mut Media,
    diagnostics: &mut Vec<Diagnostic>,
) -> [Part; 4] {
    let n = page.number;
    let (xml, rels) = slide_xml(ctx, slide, page, media, diagnostics);
    let (notes, notes_rels) = notes_xml(ctx, slide, n);
    [
        (format!("ppt/slides/slide{n}.xml"), xml.into_bytes()),
        (
            format!("ppt/slides/_rels/slide{n}.xml.rels"),
            rels.into_bytes(),
        ),
        (
            format!("ppt/notesSlides/notesSlide{n}.xml"),
            notes.into_bytes(),
        ),
        (
            format!("ppt/notesSlides/_rels/notesSlide{n}.xml.rels"),
            notes_rels.into_bytes(),
        ),
    ]
}

//! One target rendered: dispatched by format to its renderer, from the
//! one fitting decision of its deck.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{print_theme, Builder};
use crate::deck::Deck;
use crate::diag::Diagnostic;
use crate::fit::LaidOutDeck;
use crate::load::Loaded;
use crate::render::pdf::{Paged, PdfEngine};
use crate::render::typst::{Document, LaidOut};
use crate::render::{html, pptx};
use crate::target::{Artifact, Format, Target};
use crate::theme::Theme;

/// What rendering one target gave.
#[derive(Default)]
pub struct Rendered {
    /// None when it could not be made (the diagnostics say why).
    pub bytes: Option<Vec<u8>>,
    pub diagnostics: Vec<Diagnostic>,
    pub timings: Vec<(&'static str, Duration)>,
    /// A target that is several files (the PNG pages) gives them here.
    pub files: Vec<Artifact>,
    /// A deck page's projected pages one by one (HTML targets).
    pub page: Option<html::DeckPage>,
}

/// The Typst document a PDF format is.
fn typst_document(format: Format) -> Option<Document> {
    match format {
        Format::Pdf => Some(Document::Slides),
        Format::Handout => Some(Document::Handout),
        Format::Notes => Some(Document::Notes),
        Format::Html | Format::Json | Format::Png | Format::Pptx => None,
    }
}

/// A deck with its theme and fitting, as every per-deck renderer takes it.
struct Fitted<'a> {
    loaded: &'a Loaded,
    deck: &'a Deck,
    theme: Arc<Theme>,
    laid: Arc<LaidOutDeck>,
}

impl Fitted<'_> {
    fn parts(&self) -> [LaidOut<'_>; 1] {
        [LaidOut {
            deck: self.deck,
            pages: &self.laid.pages,
        }]
    }
}

impl Builder {
    /// Renders one target from the loaded course, with the diagnostics of
    /// what it shows (parse problems are in `loaded.diagnostics`).
    pub fn render(&self, engine: &mut PdfEngine, loaded: &Loaded, target: &Target) -> Rendered {
        let mut out = Rendered::default();
        match target {
            Target::Course(format) => self.render_course(engine, loaded, *format, &mut out),
            Target::Audience { stem } => {
                let Some(deck) = loaded.buildable().find(|d| &d.stem == stem) else {
                    return out;
                };
                let theme = self.theme(loaded, Some(deck), &mut out.diagnostics);
                let laid = self.lay_out(engine, loaded, deck, &theme);
                let mut public = deck.clone();
                for slide in &mut public.slides {
                    slide.notes.clear();
                }
                let page = html::deck_page(&loaded.course, &public, &laid.pages, &theme);
                out.bytes = Some(page.into_bytes());
            }
            Target::Deck { stem, format } => {
                let Some(deck) = loaded.buildable().find(|d| &d.stem == stem) else {
                    return out;
                };
                let theme = self.theme(loaded, Some(deck), &mut out.diagnostics);
                let start = Instant::now();
                let laid = self.lay_out(engine, loaded, deck, &theme);
                out.timings.push(("  fit", start.elapsed()));
                out.diagnostics.extend(laid.diagnostics.iter().cloned());
                let fitted = Fitted {
                    loaded,
                    deck,
                    theme,
                    laid,
                };
                self.render_deck(engine, &fitted, target, *format, &mut out);
            }
        }
        out
    }

    /// A deck in one format: the one table from format to renderer.
    fn render_deck(
        &self,
        engine: &mut PdfEngine,
        fitted: &Fitted,
        target: &Target,
        format: Format,
        out: &mut Rendered,
    ) {
        out.bytes = match format {
            Format::Html => {
                let page = html::deck_page_parts(
                    &fitted.loaded.course,
                    fitted.deck,
                    &fitted.laid.pages,
                    &fitted.theme,
                );
                let bytes = page.html.clone().into_bytes();
                out.page = Some(page);
                Some(bytes)
            }
            Format::Json => Some(crate::output::deck_json(fitted.deck, &fitted.laid.fits)),
            Format::Png => {
                out.files = self.png_pages(engine, fitted, out);
                None
            }
            Format::Pptx => {
                let started = Instant::now();
                let print = print_theme(&fitted.loaded.course, &fitted.theme);
                let course = &fitted.loaded.course;
                let (bytes, diagnostics) = pptx::deck(
                    course,
                    fitted.deck,
                    &fitted.laid.pages,
                    &fitted.theme,
                    &print,
                );
                out.diagnostics.extend(diagnostics);
                out.timings.push(("  write", started.elapsed()));
                bytes
            }
            Format::Pdf | Format::Handout | Format::Notes => {
                self.typst_pdf(engine, fitted, target, format, out)
            }
        };
    }

    /// One PNG per projected page (`<stem>.001.png`, …).
    fn png_pages(
        &self,
        engine: &mut PdfEngine,
        fitted: &Fitted,
        out: &mut Rendered,
    ) -> Vec<Artifact> {
        let course = &fitted.loaded.course;
        let (images, diagnostics) =
            engine.render_png(course, &fitted.parts(), &fitted.theme, self.png_width);
        out.diagnostics.extend(diagnostics);
        images
            .into_iter()
            .enumerate()
            .map(|(i, bytes)| Artifact {
                name: format!("{}.{:03}.png", fitted.deck.stem, i + 1),
                bytes,
            })
            .collect()
    }

    /// The slides PDF, workbook or trainer script of a deck. The laid-out
    /// document is kept for the course's workbook and script, and the
    /// slides for the script's pictures.
    fn typst_pdf(
        &self,
        engine: &mut PdfEngine,
        fitted: &Fitted,
        target: &Target,
        format: Format,
        out: &mut Rendered,
    ) -> Option<Vec<u8>> {
        let doc = typst_document(format)?;
        let (loaded, deck) = (fitted.loaded, fitted.deck);
        let slides = (format == Format::Notes)
            .then(|| self.session_document(engine, loaded, deck, Format::Pdf).0)
            .flatten();
        let (result, paged) = engine.render_keeping(
            &loaded.course,
            &fitted.parts(),
            doc,
            &fitted.theme,
            true,
            slides.as_ref(),
        );
        if let Some(paged) = paged {
            self.keep_session(self.fingerprint(loaded, target), paged);
        }
        out.diagnostics.extend(result.diagnostics);
        out.timings.push(("  layout", result.layout));
        out.timings.push(("  export", result.export));
        result.pdf
    }

    /// The workbook or script of the whole course: every session's own
    /// document, then a cover and contents in front of them.
    fn render_course(
        &self,
        engine: &mut PdfEngine,
        loaded: &Loaded,
        format: Format,
        out: &mut Rendered,
    ) {
        let Some(doc) = typst_document(format) else {
            return;
        };
        let decks: Vec<&Deck> = loaded.buildable().collect();
        let theme = self.theme(loaded, None, &mut out.diagnostics);
        let mut sessions = Vec::new();
        let mut parts = Vec::new();
        for deck in &decks {
            let (session, diagnostics) = self.session_document(engine, loaded, deck, format);
            out.diagnostics.extend(diagnostics);
            if let Some(session) = session {
                sessions.push(session);
                parts.push(LaidOut { deck, pages: &[] });
            }
        }
        if sessions.is_empty() {
            return;
        }
        let result = engine.assemble(&loaded.course, &parts, doc, &theme, &sessions);
        out.diagnostics.extend(result.diagnostics);
        out.timings.push(("  cover", result.layout));
        out.timings.push(("  export", result.export));
        out.bytes = result.pdf;
    }

    /// A session's laid-out slides, workbook or script: the one its own
    /// PDF was made from when the source is unchanged, else laid out now.
    fn session_document(
        &self,
        engine: &mut PdfEngine,
        loaded: &Loaded,
        deck: &Deck,
        format: Format,
    ) -> (Option<Paged>, Vec<Diagnostic>) {
        let target = Target::Deck {
            stem: deck.stem.clone(),
            format,
        };
        let key = self.fingerprint(loaded, &target);
        let known = self
            .sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&key)
            .cloned();
        if known.is_some() {
            return (known, Vec::new());
        }
        let Some(doc) = typst_document(format) else {
            return (None, Vec::new());
        };
        let mut diagnostics = Vec::new();
        let theme = self.theme(loaded, Some(deck), &mut diagnostics);
        let laid = self.lay_out(engine, loaded, deck, &theme);
        let parts = [LaidOut {
            deck,
            pages: &laid.pages,
        }];
        let slides = (format == Format::Notes)
            .then(|| self.session_document(engine, loaded, deck, Format::Pdf).0)
            .flatten();
        let (result, paged) =
            engine.render_keeping(&loaded.course, &parts, doc, &theme, false, slides.as_ref());
        diagnostics.extend(result.diagnostics);
        if let Some(paged) = &paged {
            self.keep_session(key, paged.clone());
        }
        (paged, diagnostics)
    }

    fn keep_session(&self, key: u64, paged: Paged) {
        let mut kept = self
            .sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Old versions of edited sessions go now and then (a few MB each).
        if kept.len() > 64 {
            kept.clear();
        }
        kept.insert(key, paged);
    }

    /// `render` with the builder's own warm compiler (for one target at a
    /// time, as the live server asks).
    pub fn render_one(&mut self, loaded: &Loaded, target: &Target) -> Rendered {
        self.with_engine(|b, engine| b.render(engine, loaded, target))
    }

    /// The Typst sources a deck's slides compile from: the theme's template
    /// (`main.typ`), the deck as data (`data.json`) and generated QR codes.
    /// For theme authors, and for comparing with other Typst engines.
    pub fn typst_sources(&mut self, loaded: &Loaded, deck: &Deck) -> Vec<Artifact> {
        let mut diags = Vec::new();
        let theme = self.theme(loaded, Some(deck), &mut diags);
        let laid = self.with_engine(|b, engine| b.lay_out(engine, loaded, deck, &theme));
        let print = print_theme(&loaded.course, &theme);
        let (data, files) = crate::render::typst::document_data(
            &loaded.course,
            &[LaidOut {
                deck,
                pages: &laid.pages,
            }],
            Document::Slides,
            &theme,
            &print,
            &[],
            false,
        );
        let mut out = vec![
            Artifact {
                name: "main.typ".into(),
                bytes: theme.typst.clone().into_bytes(),
            },
            Artifact {
                name: "data.json".into(),
                bytes: data,
            },
        ];
        out.extend(
            files
                .into_iter()
                .map(|(name, bytes)| Artifact { name, bytes }),
        );
        out
    }
}

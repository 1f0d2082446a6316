//! Documents compiled by Typst in-process (`typeset` holds the `World`):
//! slides, workbook and trainer script as PDF, pages as PNG, the fit
//! document that measures slides (`fit::Measure`), and PDF export.
//!
//! One `PdfEngine` lives as long as the process so that Typst's memoised
//! layout is reused across rebuilds (the live server relies on this).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use typst::diag::SourceDiagnostic;
use typst::foundations::{Bytes, Label, Selector};
use typst::introspection::{Introspector, MetadataElem};
use typst::syntax::{FileId, Source};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use crate::course::Course;
use crate::deck::Deck;
use crate::diag::{Diagnostic, Pos};
use crate::fit::measure::{Measure, Measured, Reported};
use crate::fit::Fit;
use crate::render::typst::{document_data, Document, LaidOut};
use crate::theme::Theme;
use crate::typeset::{file_id, LecternWorld};

/// What a render produced: the PDF (when it compiled) and diagnostics
/// positioned in the decks.
pub struct PdfResult {
    pub pdf: Option<Vec<u8>>,
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    /// Time spent in Typst layout and in PDF export.
    pub layout: std::time::Duration,
    pub export: std::time::Duration,
}

/// The long-lived compiler.
pub struct PdfEngine {
    main_id: FileId,
    /// Parsed templates by theme source, reused so that edits only re-evaluate data.
    sources: HashMap<u64, Source>,
}

impl Default for PdfEngine {
    fn default() -> Self {
        Self::new()
    }
}

impl PdfEngine {
    pub fn new() -> Self {
        PdfEngine {
            main_id: file_id("/template.typ"),
            sources: HashMap::new(),
        }
    }

    fn source(&mut self, template: &str) -> Source {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        template.hash(&mut h);
        let key = h.finish();
        let id = self.main_id;
        self.sources
            .entry(key)
            .or_insert_with(|| {
                let source = Source::new(id, template.to_string());
                if typst_timing::is_enabled() {
                    traced_sources()
                        .lock()
                        .map(|mut s| s.push(source.clone()))
                        .ok();
                }
                source
            })
            .clone()
    }

    /// Lays out one document (slides, workbook or notes) of some decks, and
    /// exports it to PDF when `export` is set.
    pub fn render(
        &mut self,
        course: &Course,
        decks: &[LaidOut],
        doc: Document,
        theme: &Theme,
    ) -> PdfResult {
        self.run(course, decks, doc, theme, true).0
    }

    /// `render`, also handing back the laid-out pages (a session's workbook
    /// or script is part of the course's), exported or not.
    /// A trainer script given `slides` (the deck's laid-out slides) shows
    /// their pages as its slide pictures instead of laying each slide out
    /// again.
    pub fn render_keeping(
        &mut self,
        course: &Course,
        decks: &[LaidOut],
        doc: Document,
        theme: &Theme,
        export: bool,
        slides: Option<&Paged>,
    ) -> (PdfResult, Option<Paged>) {
        let slides = slides.filter(|_| doc == Document::Notes);
        let (result, document) = self.run_with(course, decks, doc, theme, export, &[], slides);
        (result, document.map(|d| Paged(Arc::new(d))))
    }

    /// A course document (workbook or trainer script) as its cover and
    /// contents followed by every session's own document, page for page:
    /// the sessions are laid out once, for their own PDFs, not again for
    /// the course's. `sessions` are those documents, in deck order.
    pub fn assemble(
        &mut self,
        course: &Course,
        decks: &[LaidOut],
        doc: Document,
        theme: &Theme,
        sessions: &[Paged],
    ) -> PdfResult {
        let cover_doc = match doc {
            Document::Notes => Document::ScriptCover,
            _ => Document::WorkbookCover,
        };
        // The contents link to each session's first page, which follows the
        // cover's own pages: laid out again in the rare case that the
        // contents take another page than assumed.
        let mut cover_pages = 2;
        let mut layout = std::time::Duration::ZERO;
        let mut diagnostics = Vec::new();
        let mut cover = None;
        for _ in 0..3 {
            let mut first = cover_pages + 1;
            let starts: Vec<usize> = sessions
                .iter()
                .map(|s| {
                    let at = first;
                    first += s.0.pages().len();
                    at
                })
                .collect();
            let (result, document) =
                self.run_with(course, decks, cover_doc, theme, false, &starts, None);
            layout += result.layout;
            diagnostics = result.diagnostics;
            let Some(document) = document else { break };
            let pages = document.pages().len();
            cover = Some(document);
            if pages == cover_pages {
                break;
            }
            cover_pages = pages;
        }
        let Some(mut cover) = cover else {
            return PdfResult {
                pdf: None,
                diagnostics,
                pages: 0,
                layout,
                export: std::time::Duration::ZERO,
            };
        };
        let info = cover.info_mut().clone();
        let mut pages: typst::diag::EcoVec<typst_layout::Page> =
            cover.pages().iter().cloned().collect();
        // Each session page's number becomes its number in the course.
        let session_pages: usize = sessions.iter().map(|s| s.0.pages().len()).sum();
        let (folios, document) = self.run_with(
            course,
            decks,
            Document::Folios,
            theme,
            false,
            &[pages.len() + 1, session_pages],
            None,
        );
        layout += folios.layout;
        diagnostics.extend(folios.diagnostics);
        let numbers: Vec<typst::layout::Frame> = document
            .map(|d| {
                d.pages()
                    .iter()
                    .filter_map(|p| folio_in(&p.frame))
                    .collect()
            })
            .unwrap_or_default();
        let mut numbers = numbers.into_iter();
        for (i, session) in sessions.iter().enumerate() {
            let salt = (i as u128 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835);
            for page in session.0.pages() {
                let mut page = page.clone();
                relocate(&mut page.frame, salt);
                if let Some(number) = numbers.next() {
                    put_folio(&mut page.frame, &number);
                }
                pages.push(page);
            }
        }
        let document = PagedDocument::new(pages, info);
        let started = std::time::Instant::now();
        let decks_only: Vec<&Deck> = decks.iter().map(|l| l.deck).collect();
        let fields = has_fields(doc, &decks_only);
        let pdf = export_pdf(&document, fields, &decks_only, &mut diagnostics);
        PdfResult {
            pdf,
            diagnostics,
            pages: document.pages().len(),
            layout,
            export: started.elapsed(),
        }
    }

    /// The slides as PNG images, one per projected page, `width` pixels
    /// wide: rasterised in-process from the same Typst layout as the PDF.
    pub fn render_png(
        &mut self,
        course: &Course,
        decks: &[LaidOut],
        theme: &Theme,
        width: u32,
    ) -> (Vec<Vec<u8>>, Vec<Diagnostic>) {
        let (mut result, document) = self.run(course, decks, Document::Slides, theme, false);
        let Some(document) = document else {
            return (Vec::new(), result.diagnostics);
        };
        // Pages are independent: rasterise and compress them side by side.
        let pages = document.pages();
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .clamp(1, pages.len().max(1));
        let chunk = pages.len().div_ceil(threads).max(1);
        let encoded: Vec<Result<Vec<u8>, String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = pages
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|page| {
                                let points = page.frame.width().to_pt().max(1.0);
                                let options = typst_render::RenderOptions {
                                    pixel_per_pt: (f64::from(width) / points).into(),
                                    render_bleed: false,
                                };
                                encode_png(&typst_render::render(page, &options))
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        });
        let mut images = Vec::with_capacity(encoded.len());
        for png in encoded {
            match png {
                Ok(png) => images.push(png),
                Err(e) => {
                    result.diagnostics.push(Diagnostic::error(
                        decks.first().map_or("", |d| d.deck.file.as_str()),
                        Default::default(),
                        format!("cannot encode a slide as PNG: {e}"),
                    ));
                    return (Vec::new(), result.diagnostics);
                }
            }
        }
        if images.len() != pages.len() {
            return (Vec::new(), result.diagnostics);
        }
        (images, result.diagnostics)
    }

    /// Fits one deck and renders one document of it, for callers that hold
    /// a deck rather than a loaded course (tools, tests, benchmarks).
    pub fn render_deck(
        &mut self,
        course: &Course,
        deck: &Deck,
        doc: Document,
        theme: &Theme,
    ) -> PdfResult {
        let fitted = crate::fit::measure::decide(self, course, deck, theme, &[]);
        let pages = crate::fit::paginate(deck, &fitted.fits, theme.sizes.body);
        let mut result = self.render(
            course,
            &[LaidOut {
                deck,
                pages: &pages,
            }],
            doc,
            theme,
        );
        result.layout += fitted.layout;
        result.diagnostics.extend(fitted.diagnostics);
        result
    }

    fn run(
        &mut self,
        course: &Course,
        decks: &[LaidOut],
        doc: Document,
        theme: &Theme,
        export: bool,
    ) -> (PdfResult, Option<PagedDocument>) {
        self.run_with(course, decks, doc, theme, export, &[], None)
    }

    /// `run`, telling a course cover on which page each session starts,
    /// or drawing a script's slide pictures from the laid-out slides.
    #[allow(clippy::too_many_arguments)]
    fn run_with(
        &mut self,
        course: &Course,
        decks: &[LaidOut],
        doc: Document,
        theme: &Theme,
        export: bool,
        starts: &[usize],
        slides: Option<&Paged>,
    ) -> (PdfResult, Option<PagedDocument>) {
        let print = course
            .themes
            .get("print", &course.root, course.config.allow_html)
            .ok();
        let scope = typst_timing::TimingScope::new("typst data");
        let (data, generated) = document_data(
            course,
            decks,
            doc,
            theme,
            print.as_deref().unwrap_or(theme),
            starts,
            slides.is_some(),
        );
        drop(scope);
        let world = LecternWorld {
            main: self.source(&theme.typst),
            data: Bytes::new(data),
            generated: generated
                .into_iter()
                .map(|(k, v)| (k, Bytes::new(v)))
                .collect(),
            course_root: course.root.clone(),
            files: Mutex::new(HashMap::new()),
            // The slides' theme's own fonts, and on paper the print theme's.
            fonts: crate::typeset::fonts_with(
                &[
                    &theme.font_files[..],
                    print.as_deref().map_or(&[][..], |p| &p.font_files[..]),
                ]
                .concat(),
                theme.font_key ^ print.as_deref().map_or(0, |p| p.font_key.rotate_left(1)),
            ),
        };
        // A course template may loop or grow without end: the process's
        // watchdog names this compile if it runs past its bound.
        let _compiling = crate::bounds::begin(|| {
            let stems: Vec<&str> = decks.iter().map(|l| l.deck.stem.as_str()).collect();
            format!(
                "the {} of {} in theme `{}`",
                doc.label(),
                stems.join(", "),
                theme.name
            )
        });
        let started = std::time::Instant::now();
        let warned = typst::compile::<PagedDocument>(&world);
        let layout = started.elapsed();
        let mut export_time = std::time::Duration::ZERO;
        let mut diagnostics = Vec::new();
        let decks_only: Vec<&Deck> = decks.iter().map(|l| l.deck).collect();
        let decks = decks_only.as_slice();
        let (pdf, pages, kept) = match warned.output {
            Ok(document) => {
                let document = match slides {
                    Some(slides) => draw_pictures(document, &slides.0),
                    None => document,
                };
                let pdf = if export {
                    let started = std::time::Instant::now();
                    let fields = has_fields(doc, decks);
                    let exported = export_pdf(&document, fields, decks, &mut diagnostics);
                    export_time = started.elapsed();
                    exported
                } else {
                    None
                };
                let pages = document.pages().len();
                (pdf, pages, Some(document))
            }
            Err(errors) => {
                typst_errors(&errors, decks, &mut diagnostics);
                (None, 0, None)
            }
        };
        (
            PdfResult {
                pdf,
                diagnostics,
                pages,
                layout,
                export: export_time,
            },
            kept,
        )
    }
}

/// The templates compiled while tracing (`build --trace`), to name the
/// line each of Typst's timing scopes comes from.
fn traced_sources() -> &'static Mutex<Vec<Source>> {
    static SOURCES: OnceLock<Mutex<Vec<Source>>> = OnceLock::new();
    SOURCES.get_or_init(|| Mutex::new(Vec::new()))
}

/// Writes what `typst_timing` recorded as a Chrome trace (JSON), each
/// Typst scope named by the template line it evaluates.
pub fn write_trace(out: impl std::io::Write) -> Result<(), String> {
    let sources = traced_sources().lock().map_err(|e| e.to_string())?;
    typst_timing::export_json(out, |raw| {
        let span = typst::syntax::Span::from_raw(raw);
        sources
            .iter()
            .find_map(|source| {
                let node = source.find(span)?;
                let line = source.lines().byte_to_line(node.offset())?;
                Some(("template.typ".to_string(), line as u32 + 1))
            })
            .unwrap_or_else(|| ("(lectern)".to_string(), 0))
    })
}

/// A rasterised page as PNG, compressed for speed (fdeflate through the
/// `png` crate, adaptive filters): a slide of flat colours and text
/// compresses well either way, and the default level took most of the
/// time of `--format png`. Opaque pages are stored as RGB.
fn encode_png(pixmap: &resvg::tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    use image::ImageEncoder as _;
    let opaque = pixmap.pixels().iter().all(|p| p.alpha() == 255);
    let (data, color) = if opaque {
        let rgb: Vec<u8> = pixmap
            .pixels()
            .iter()
            .flat_map(|p| [p.red(), p.green(), p.blue()])
            .collect();
        (rgb, image::ExtendedColorType::Rgb8)
    } else {
        let rgba: Vec<u8> = pixmap
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect();
        (rgba, image::ExtendedColorType::Rgba8)
    };
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Adaptive,
    )
    .write_image(&data, pixmap.width(), pixmap.height(), color)
    .map_err(|e| e.to_string())?;
    Ok(out)
}

/// Exports a laid-out document as tagged PDF. Each is first exported as
/// PDF/UA-1, which Typst validates while it writes (a title, a language,
/// alt text on every picture, no links inside artifacts, ...); when that
/// validation fails, for instance on a picture without alt text, the same
/// tagged PDF is written without the claim.
fn export_pdf(
    document: &PagedDocument,
    fields: bool,
    decks: &[&Deck],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<u8>> {
    let pdf = export_tagged(document)
        .map_err(|errors| typst_errors(&errors, decks, diagnostics))
        .ok()?;
    if !fields {
        return Some(pdf);
    }
    let _scope = typst_timing::TimingScope::new("form fields");
    match crate::render::form::add_fields(pdf) {
        Ok(pdf) => Some(pdf),
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                decks.first().map_or("", |d| d.file.as_str()),
                Pos::default(),
                format!("cannot add the workbook's form fields: {e}"),
            ).with_help("build with fillable = false in course.toml to get the workbook without fields, and report this"));
            None
        }
    }
}

/// Whether a document is a workbook with fields to type in: the template
/// marks their places only for decks that are fillable.
fn has_fields(doc: Document, decks: &[&Deck]) -> bool {
    matches!(doc, Document::Handout | Document::WorkbookCover) && decks.iter().any(|d| d.fillable)
}

fn export_tagged(document: &PagedDocument) -> typst::diag::SourceResult<Vec<u8>> {
    let _scope = typst_timing::TimingScope::new("pdf export");
    let ua = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1]).map(|standards| {
        typst_pdf::pdf(
            document,
            &typst_pdf::PdfOptions {
                standards,
                ..Default::default()
            },
        )
    });
    match ua {
        Ok(Ok(pdf)) => Ok(pdf),
        _ => typst_pdf::pdf(document, &typst_pdf::PdfOptions::default()),
    }
}

/// A laid-out document, kept to become part of a course document.
#[derive(Clone)]
pub struct Paged(Arc<PagedDocument>);

impl Paged {
    pub fn pages(&self) -> usize {
        self.0.pages().len()
    }
}

/// Draws each slide picture of a trainer script: the frame the template
/// marked with `metadata((picture: n))` gets page `n` of the slides,
/// scaled to the picture's width, without its links and structure tags
/// (the picture is an artifact; links and tags are the slides PDF's).
fn draw_pictures(mut document: PagedDocument, slides: &PagedDocument) -> PagedDocument {
    let info = document.info_mut().clone();
    let pages = document
        .pages()
        .iter()
        .cloned()
        .map(|mut page| {
            draw_into(&mut page.frame, slides);
            page
        })
        .collect();
    PagedDocument::new(pages, info)
}

/// The width of a slide picture in the trainer script (`deck.typ`).
const PICTURE_WIDTH_MM: f64 = 62.0;

fn draw_into(frame: &mut typst::layout::Frame, slides: &PagedDocument) {
    use typst::introspection::Tag;
    use typst::layout::{Abs, FrameItem, GroupItem, Point, Ratio, Transform};
    let marked = frame.items().find_map(|(_, item)| match item {
        FrameItem::Tag(Tag::Start(content, _)) => picture_of(content),
        _ => None,
    });
    frame.retain(|item| {
        if let FrameItem::Group(group) = item {
            draw_into(&mut group.frame, slides);
        }
        true
    });
    let Some(page) = marked.and_then(|n| slides.pages().get(n)) else {
        return;
    };
    let width = page.frame.width().to_pt();
    if width <= 0.0 {
        return;
    }
    let scale = Ratio::new(Abs::mm(PICTURE_WIDTH_MM).to_pt() / width);
    let mut picture = page.frame.clone();
    strip_meaning(&mut picture);
    let mut group = GroupItem::new(picture);
    group.transform = Transform::scale(scale, scale);
    frame.push(Point::zero(), FrameItem::Group(group));
}

/// The slide number a `metadata((picture: n))` marker asks for.
fn picture_of(content: &typst::foundations::Content) -> Option<usize> {
    let meta = content.to_packed::<MetadataElem>()?;
    let value = serde_json::to_value(&meta.value).ok()?;
    value.get("picture")?.as_u64().map(|n| n as usize)
}

/// The label of a page's number in a print footer (`deck.typ`).
fn folio_label() -> Option<typst::foundations::Label> {
    typst::foundations::Label::new(typst::utils::PicoStr::intern("lectern-folio"))
}

/// The page number a frame holds in its `<lectern-folio>` box, as drawn
/// (nothing of its meaning: a footer is an artifact).
fn folio_in(frame: &typst::layout::Frame) -> Option<typst::layout::Frame> {
    use typst::layout::FrameItem;
    let label = folio_label()?;
    frame.items().find_map(|(_, item)| match item {
        FrameItem::Group(g) if g.label == Some(label) => {
            let mut number = g.frame.clone();
            strip_meaning(&mut number);
            Some(number)
        }
        FrameItem::Group(g) => folio_in(&g.frame),
        _ => None,
    })
}

/// Puts `number` in place of the page's own number, right-aligned where
/// that one ended.
fn put_folio(frame: &mut typst::layout::Frame, number: &typst::layout::Frame) {
    use typst::layout::{FrameItem, Point, Transform};
    let Some(label) = folio_label() else { return };
    frame.retain(|item| {
        if let FrameItem::Group(g) = item {
            if g.label == Some(label) {
                let shift = g.frame.width() - number.width();
                let mut frame = typst::layout::Frame::soft(number.size());
                frame.push_frame(Point::zero(), number.clone());
                g.frame = frame;
                g.transform = g
                    .transform
                    .pre_concat(Transform::translate(shift, typst::layout::Abs::zero()));
            } else {
                put_folio(&mut g.frame, number);
            }
        }
        true
    });
}

/// Keeps only what a frame shows: no links, no introspection tags.
fn strip_meaning(frame: &mut typst::layout::Frame) {
    use typst::layout::FrameItem;
    frame.retain(|item| match item {
        FrameItem::Group(group) => {
            strip_meaning(&mut group.frame);
            group.parent = None;
            true
        }
        FrameItem::Tag(_) | FrameItem::Link(..) => false,
        _ => true,
    });
}

/// Gives every element of a session's pages a location of its own in the
/// course document. Locations come from where an element sits in its
/// document's template, so two sessions laid out apart share them (each
/// has a first "Time plan" heading); the PDF's bookmarks and structure
/// tags need them distinct. XOR with a per-session constant is one-to-one,
/// so the tags' start/end pairs and logical parents stay matched.
fn relocate(frame: &mut typst::layout::Frame, salt: u128) {
    use typst::introspection::{Location, Tag};
    use typst::layout::FrameItem;
    use typst::model::Destination;
    let moved = |l: Location| Location::new(l.hash() ^ salt);
    frame.retain(|item| {
        match item {
            FrameItem::Group(group) => {
                relocate(&mut group.frame, salt);
                if let Some(parent) = &mut group.parent {
                    parent.location = moved(parent.location);
                }
            }
            FrameItem::Tag(Tag::Start(content, _)) => {
                if let Some(l) = content.location() {
                    content.set_location(moved(l));
                }
            }
            FrameItem::Tag(Tag::End(l, _, _)) => *l = moved(*l),
            FrameItem::Link(Destination::Location(l), _) => *l = moved(*l),
            _ => {}
        }
        true
    });
}

/// Reads the `<lectern-fit>` decisions the fit document leaves per slide.
/// A report lectern cannot read is an error naming the template: a
/// template's misspelt key must not pass as "no decision".
fn read_fits(document: &PagedDocument, deck: &Deck) -> (Vec<(usize, Fit)>, Vec<Diagnostic>) {
    let mut fits = Vec::new();
    let mut diagnostics = Vec::new();
    let Some(label) = Label::new(PicoStr::intern("lectern-fit")) else {
        return (fits, diagnostics);
    };
    for content in document.introspector().query(&Selector::Label(label)) {
        let Some(meta) = content.to_packed::<MetadataElem>() else {
            continue;
        };
        let read = serde_json::to_value(&meta.value)
            .map_err(|e| e.to_string())
            .and_then(|v| serde_json::from_value::<Reported>(v).map_err(|e| e.to_string()));
        match read {
            Ok(reported) => fits.push((reported.n, reported.fit())),
            Err(e) => diagnostics.push(
                Diagnostic::error(&deck.file, Pos { line: 1, col: 1 }, format!(
                    "the theme's template reported a slide's fit as lectern cannot read it: {e}"
                ))
                .with_help(format!("the template must report (deck, n, size, breaks, overfull) as template contract {} says", crate::theme::CONTRACT)),
            ),
        }
    }
    (fits, diagnostics)
}

impl Measure for PdfEngine {
    fn fresh() -> Self {
        PdfEngine::new()
    }

    fn measure(&mut self, course: &Course, part: &Deck, theme: &Theme) -> Measured {
        let laid = [LaidOut {
            deck: part,
            pages: &[],
        }];
        let (result, document) = self.run(course, &laid, Document::Fit, theme, false);
        let mut diagnostics = result.diagnostics;
        let fits = match document {
            Some(document) => {
                let (fits, problems) = read_fits(&document, part);
                diagnostics.extend(problems);
                fits
            }
            None => Vec::new(),
        };
        Measured {
            fits,
            diagnostics,
            layout: result.layout,
        }
    }
}

/// Typst errors come from the template or from a course file (an image);
/// user text is data and cannot cause them. Point at the slide that uses
/// the file when there is one, otherwise at the deck.
fn typst_errors(errors: &[SourceDiagnostic], decks: &[&Deck], out: &mut Vec<Diagnostic>) {
    for e in errors {
        let message = e.message.to_string();
        let mut placed = false;
        for deck in decks {
            for slide in &deck.slides {
                let uses = crate::deck::slide_images(slide).iter().any(|f| {
                    message.contains(f.as_str()) || e.hints.iter().any(|h| h.v.contains(f.as_str()))
                });
                if uses && !placed {
                    out.push(
                        Diagnostic::error(&deck.file, slide.pos, format!("PDF: {message}"))
                            .with_help("check that the image file is a valid SVG, PNG or JPEG"),
                    );
                    placed = true;
                }
            }
        }
        if !placed {
            let file = decks.first().map(|d| d.file.clone()).unwrap_or_default();
            let hints: Vec<String> = e.hints.iter().map(|h| h.v.to_string()).collect();
            out.push(
                Diagnostic::error(&file, Default::default(), format!("PDF: {message}")).with_help(
                    if hints.is_empty() {
                        "this is a bug in the theme's template; please report it".to_string()
                    } else {
                        hints.join("; ")
                    },
                ),
            );
        }
    }
}

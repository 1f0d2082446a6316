//! The in-process Typst compiler: a `World` that sees the theme's template,
//! the deck model as JSON data, QR codes, and files of the course folder
//! (and nothing else), plus PDF export.
//!
//! One `PdfEngine` lives as long as the process so that Typst's memoised
//! layout is reused across rebuilds (the live server relies on this).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Label, Selector};
use typst::introspection::{Introspector, MetadataElem};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::{LazyHash, PicoStr};
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::deck::{Course, Deck};
use crate::diag::Diagnostic;
use crate::fit::{is_fitted, Fit};
use crate::render::typst::{document_data, Document, LaidOut};
use crate::theme::Theme;

struct FontSet {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// Fonts and the standard library are built once per process.
fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = crate::render::fonts::BUNDLED
            .into_iter()
            .chain(typst_assets::fonts())
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        FontSet {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIB: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIB.get_or_init(|| LazyHash::new(Library::default()))
}

/// Drops Typst's memoised results that the last ten compiles did not use,
/// as typst-cli's watch mode does, so a long-running server stays flat in
/// memory. A one-shot build never needs it. It walks every cached entry
/// (many after a 1000-slide document), so the live server runs it on its
/// background threads, not on the path from a save to the reload.
pub fn forget_old() {
    typst::comemo::evict(10);
}

/// `forget_old` for a build, after each deck: what the last two did not
/// use (about ten compiles, as before) goes.
pub fn forget_between_decks() {
    typst::comemo::evict(2);
}

/// Loads the fonts and Typst's standard library, so that a thread can do it
/// while the decks are being parsed.
pub fn warm_up() {
    let _ = fonts();
    let _ = library();
}

fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("a valid virtual path"),
    )
    .intern()
}

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

struct LecternWorld {
    main: Source,
    data: Bytes,
    /// Generated files (QR codes) by virtual path.
    generated: HashMap<String, Bytes>,
    course_root: PathBuf,
    /// Course files read during this compile, cached (compile runs on several threads).
    files: Mutex<HashMap<String, FileResult<Bytes>>>,
}

impl World for LecternWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = id.vpath().get_without_slash().to_string();
        if path == "data.json" {
            return Ok(self.data.clone());
        }
        if let Some(b) = self.generated.get(&path) {
            return Ok(b.clone());
        }
        let Some(rel) = path.strip_prefix("course/") else {
            return Err(FileError::AccessDenied);
        };
        let mut cache = self
            .files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        cache
            .entry(path.clone())
            .or_insert_with(|| read_confined(&self.course_root, rel))
            .clone()
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}

/// Reads a file of the course folder; anything resolving outside it is denied.
fn read_confined(root: &Path, rel: &str) -> FileResult<Bytes> {
    let root = root.canonicalize().map_err(|_| FileError::AccessDenied)?;
    let file = root
        .join(rel)
        .canonicalize()
        .map_err(|_| FileError::NotFound(PathBuf::from(rel)))?;
    if !file.starts_with(&root) {
        return Err(FileError::AccessDenied);
    }
    std::fs::read(&file)
        .map(Bytes::new)
        .map_err(|_| FileError::NotFound(PathBuf::from(rel)))
}

/// How many slides to measure at least per thread: below that, another
/// Typst document costs more than it saves.
const MEASURED_TOGETHER: usize = 8;

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
        for (i, session) in sessions.iter().enumerate() {
            let salt = (i as u128 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835);
            for page in session.0.pages() {
                let mut page = page.clone();
                relocate(&mut page.frame, salt);
                pages.push(page);
            }
        }
        let document = PagedDocument::new(pages, info);
        let started = std::time::Instant::now();
        let decks_only: Vec<&Deck> = decks.iter().map(|l| l.deck).collect();
        let pdf = export_pdf(&document)
            .map_err(|errors| typst_errors(&errors, &decks_only, &mut diagnostics))
            .ok();
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
        let fitted = self.fit(course, deck, theme, &[]);
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

    /// Decides how every slide of a deck fits its theme's screen: the
    /// body size and where its pages break (see `fit`). Slides that are
    /// not fitted (title, section) get the theme's body size. Warns about
    /// slides that need more pages than the theme allows, or hold a block
    /// that does not fit even on a page of its own.
    /// `known` holds decisions made before for slides that did not change
    /// (by slide index); only the others are measured.
    pub fn fit(
        &mut self,
        course: &Course,
        deck: &Deck,
        theme: &Theme,
        known: &[Option<Fit>],
    ) -> FitResult {
        let _scope = typst_timing::TimingScope::new("fit");
        let mut fits: Vec<Fit> = deck
            .slides
            .iter()
            .enumerate()
            .map(|(i, _)| {
                known
                    .get(i)
                    .cloned()
                    .flatten()
                    .unwrap_or_else(|| Fit::unfitted(theme.sizes.body))
            })
            .collect();
        let unknown: Vec<usize> = (0..deck.slides.len())
            .filter(|&i| is_fitted(deck.slides[i].kind) && known.get(i).is_none_or(Option::is_none))
            .collect();
        let mut diagnostics = Vec::new();
        let mut layout = std::time::Duration::ZERO;
        if !unknown.is_empty() {
            // Typst measures a document's slides one after the other, so a
            // deck with many slides to measure is measured in parts, a
            // document each, on as many threads as there are cores.
            let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
            let parts = cores.min(unknown.len() / MEASURED_TOGETHER).max(1);
            let chunks: Vec<Vec<usize>> = (0..parts)
                .map(|p| unknown.iter().copied().skip(p).step_by(parts).collect())
                .collect();
            let measure = |engine: &mut PdfEngine, chunk: &[usize]| {
                // A deck of only the slides to measure (numbers kept).
                let mut part = deck.clone();
                part.slides = chunk.iter().map(|&i| deck.slides[i].clone()).collect();
                let laid = [LaidOut {
                    deck: &part,
                    pages: &[],
                }];
                let (result, document) = engine.run(course, &laid, Document::Fit, theme, false);
                (result, document.map(|d| read_fits(&d)))
            };
            let results = std::thread::scope(|scope| {
                let others: Vec<_> = chunks
                    .iter()
                    .skip(1)
                    .map(|chunk| scope.spawn(|| measure(&mut PdfEngine::new(), chunk)))
                    .collect();
                let mut results = vec![measure(self, &chunks[0])];
                results.extend(others.into_iter().filter_map(|h| h.join().ok()));
                results
            });
            for (result, measured) in results {
                diagnostics.extend(result.diagnostics);
                layout = layout.max(result.layout);
                for (n, fit) in measured.into_iter().flatten() {
                    if let Some(slot) = deck.slides.iter().position(|s| s.number == n) {
                        fits[slot] = fit;
                    }
                }
            }
            diagnostics
                .dedup_by(|a, b| a.file == b.file && a.pos == b.pos && a.message == b.message);
        }
        for (slide, fit) in deck.slides.iter().zip(&fits) {
            if !is_fitted(slide.kind) {
                continue;
            }
            let max = theme.sizes.max_pages.max(1) as usize;
            if fit.pages() > max {
                diagnostics.push(
                    Diagnostic::warning(
                        &deck.file,
                        slide.pos,
                        format!(
                            "slide {} needs {} pages in theme `{}` (at most {max} are comfortable to follow)",
                            slide.number,
                            fit.pages(),
                            theme.name
                        ),
                    )
                    .with_help("make it two slides with their own titles, or shorten it"),
                );
            }
            if !fit.overfull.is_empty() {
                diagnostics.push(
                    Diagnostic::warning(
                        &deck.file,
                        slide.pos,
                        format!(
                            "slide {}: a block does not fit on a page even alone at {} pt in theme `{}`, so its end is cut off",
                            slide.number, theme.sizes.min, theme.name
                        ),
                    )
                    .with_help("shorten that block (a list item, picture or table), or split it into smaller ones"),
                );
            }
        }
        FitResult {
            fits,
            diagnostics,
            layout,
        }
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
        };
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
                    let exported = export_pdf(&document);
                    export_time = started.elapsed();
                    exported
                        .map_err(|errors| typst_errors(&errors, decks, &mut diagnostics))
                        .ok()
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
fn export_pdf(document: &PagedDocument) -> typst::diag::SourceResult<Vec<u8>> {
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

/// The fitting decisions of a deck, with their warnings.
pub struct FitResult {
    /// One per slide, in deck order.
    pub fits: Vec<Fit>,
    pub diagnostics: Vec<Diagnostic>,
    pub layout: std::time::Duration,
}

/// Reads the `<lectern-fit>` decisions the fit document leaves per slide.
fn read_fits(document: &PagedDocument) -> Vec<(usize, Fit)> {
    let Some(label) = Label::new(PicoStr::intern("lectern-fit")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for content in document.introspector().query(&Selector::Label(label)) {
        let Some(meta) = content.to_packed::<MetadataElem>() else {
            continue;
        };
        let Ok(value) = serde_json::to_value(&meta.value) else {
            continue;
        };
        let number = value["n"].as_u64().unwrap_or(0) as usize;
        let size = value["size"].as_f64();
        let list = |key: &str| -> Vec<usize> {
            value[key]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(serde_json::Value::as_u64)
                        .map(|v| v as usize)
                        .collect()
                })
                .unwrap_or_default()
        };
        if let Some(size) = size {
            out.push((
                number,
                Fit {
                    size,
                    breaks: list("breaks"),
                    overfull: list("overfull"),
                },
            ));
        }
    }
    out
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

/// A formula as Typst draws it, for the HTML: an SVG picture and its size
/// and baseline in em of the text around it.
#[derive(Debug, Clone)]
pub struct MathPicture {
    pub svg: String,
    pub width: f64,
    pub height: f64,
    /// From the bottom of the picture up to the text's baseline.
    pub depth: f64,
}

/// The size formula pictures are drawn at; the HTML scales them in em.
const MATH_PT: f64 = 10.0;

/// Draws a formula (Typst math made by `parse::math`) with the theme's
/// body font and text colour, as the slides PDF sets it. Cached for the
/// process: a rebuild draws only formulas it has not drawn before.
pub fn math_picture(typst: &str, display: bool, font: &str, color: &str) -> Option<MathPicture> {
    type Key = (String, bool, String, String);
    static CACHE: OnceLock<Mutex<HashMap<Key, Option<MathPicture>>>> = OnceLock::new();
    let key = (
        typst.to_string(),
        display,
        font.to_string(),
        color.to_string(),
    );
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(&key)
    {
        return hit.clone();
    }
    let picture = draw_math(typst, display, font, color);
    cache
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(key, picture.clone());
    picture
}

/// A Typst string literal: quotes and backslashes escaped, so the formula
/// is data to `eval`, never source of the picture's own document.
fn typst_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn draw_math(typst: &str, display: bool, font: &str, color: &str) -> Option<MathPicture> {
    // A zero-width, transparent letter before an inline formula marks the
    // baseline of its line, which the picture's size alone does not tell.
    let marker = if display {
        ""
    } else {
        "#box(width: 0pt, text(fill: rgb(0, 0, 0, 0))[x])"
    };
    let source = format!(
        "#set page(width: auto, height: auto, margin: 0pt, fill: none)\n\
         #set text(font: ({}, \"DejaVu Sans\", \"New Computer Modern Math\"), size: {MATH_PT}pt, fill: rgb({}), top-edge: \"bounds\", bottom-edge: \"bounds\")\n\
         {marker}#math.equation(block: {display}, eval({}, mode: \"math\"))\n",
        typst_string(font),
        typst_string(color),
        typst_string(typst),
    );
    let world = LecternWorld {
        main: Source::new(file_id("/math.typ"), source),
        data: Bytes::new(Vec::new()),
        generated: HashMap::new(),
        course_root: PathBuf::new(),
        files: Mutex::new(HashMap::new()),
    };
    let document = typst::compile::<PagedDocument>(&world).output.ok()?;
    let page = document.pages().first()?;
    let (w, h) = (page.frame.width().to_pt(), page.frame.height().to_pt());
    let baseline = if display {
        h
    } else {
        marker_baseline(&page.frame)?
    };
    let svg = typst_svg::svg(
        page,
        &typst_svg::SvgOptions {
            render_bleed: false,
            pretty: false,
        },
    );
    Some(MathPicture {
        svg,
        width: w / MATH_PT,
        height: h / MATH_PT,
        depth: (h - baseline) / MATH_PT,
    })
}

/// The baseline of the marker: the zero-width box's position plus its
/// letter's.
fn marker_baseline(frame: &typst::layout::Frame) -> Option<f64> {
    use typst::layout::FrameItem;
    for (pos, item) in frame.items() {
        if let FrameItem::Group(group) = item {
            if group.frame.width().to_pt() == 0.0 {
                let text = group.frame.items().find_map(|(p, i)| match i {
                    FrameItem::Text(_) => Some(p.y.to_pt()),
                    _ => None,
                });
                if let Some(y) = text {
                    return Some(pos.y.to_pt() + y);
                }
            }
            if let Some(y) = marker_baseline(&group.frame) {
                return Some(pos.y.to_pt() + y);
            }
        }
    }
    None
}

#[cfg(test)]
mod math_tests {
    use super::*;

    #[test]
    fn every_name_the_converter_writes_is_typst_math() {
        let unknown: Vec<&str> = crate::parse::math::all_symbol_names()
            .into_iter()
            .filter(|name| math_picture(name, false, "DejaVu Sans", "#000000").is_none())
            .collect();
        assert!(unknown.is_empty(), "{unknown:?}");
    }

    #[test]
    fn what_the_converter_writes_typst_sets() {
        for tex in [
            r"x_{i,j}^2 + f'(x) - {a+b}^2",
            r"\sqrt[3]{x} \cdot \binom{n}{k} \leq \infty",
            r#"\text{if } x > 0 \text{ and "quoted"}"#,
            r"\left( \frac{1}{2} \right] \left. x \right|",
            r"\begin{pmatrix} a & b \\ c & d \end{pmatrix} \begin{matrix} 1 \end{matrix}",
            r"\begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases}",
            r"\begin{aligned} a &= b \\ &= c \end{aligned}",
            r"\operatorname{sgn} \mathbb{R} \mathcal{L} \vec{v} \hat{n} \bar{x} \dot{x} \ddot{x}",
            r"[0, 1) \cup (2, 3] \quad 1/2 \; a\!b \, c",
            r"\frac{[a, b)}{(c; d]}",
            r"\sum_{i=1}^n \int_0^1 \lim_{x \to 0} \max_k",
            "≤ é ∀",
        ] {
            let typst = crate::parse::math::to_typst(tex).expect(tex);
            for display in [false, true] {
                assert!(
                    math_picture(&typst, display, "DejaVu Sans", "#000000").is_some(),
                    "{tex} → {typst}"
                );
            }
        }
    }

    #[test]
    fn a_formula_is_drawn_with_its_baseline() {
        let tex = r"\frac{a}{b} + \sqrt{x^2} \begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}";
        let typst = crate::parse::math::to_typst(tex).expect("converts");
        let p = math_picture(&typst, false, "DejaVu Sans", "#112233").expect("draws");
        assert!(p.svg.starts_with("<svg"), "{}", &p.svg[..40]);
        assert!(p.width > 2.0 && p.height > 1.0, "{p:?}");
        // A fraction reaches below the baseline.
        assert!(p.depth > 0.2 && p.depth < p.height / 2.0 + 0.5, "{p:?}");
        let x = math_picture("x", false, "DejaVu Sans", "#000000").expect("draws");
        assert!(x.depth < 0.1, "{x:?}");
        assert!(math_picture("x", true, "DejaVu Sans", "#000000").is_some());
        // Something that is not Typst math draws nothing (no panic).
        assert!(math_picture("frac(", false, "DejaVu Sans", "#000000").is_none());
    }
}

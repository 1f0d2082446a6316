//! The in-process Typst compiler: a `World` that sees the theme's template,
//! the deck model as JSON data, QR codes, and files of the course folder
//! (and nothing else), plus PDF export.
//!
//! One `PdfEngine` lives as long as the process so that Typst's memoised
//! layout is reused across rebuilds (the live server relies on this).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

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
        let mut cache = self.files.lock().unwrap_or_else(|e| e.into_inner());
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
            .or_insert_with(|| Source::new(id, template.to_string()))
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
            .map_or(1, |n| n.get())
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
        let fitted = self.fit(course, deck, theme);
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
    pub fn fit(&mut self, course: &Course, deck: &Deck, theme: &Theme) -> FitResult {
        let laid = [LaidOut { deck, pages: &[] }];
        let (result, document) = self.run(course, &laid, Document::Fit, theme, false);
        let mut fits: Vec<Fit> = deck
            .slides
            .iter()
            .map(|_| Fit::unfitted(theme.sizes.body))
            .collect();
        let mut diagnostics = result.diagnostics;
        if let Some(document) = document {
            for (n, fit) in read_fits(&document) {
                if let Some(slot) = deck.slides.iter().position(|s| s.number == n) {
                    fits[slot] = fit;
                }
            }
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
            layout: result.layout,
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
        let print = course
            .themes
            .get("print", &course.root, course.config.allow_html)
            .ok();
        let (data, generated) =
            document_data(course, decks, doc, theme, print.as_deref().unwrap_or(theme));
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
                (
                    pdf,
                    pages,
                    (doc == Document::Fit || !export).then_some(document),
                )
            }
            Err(errors) => {
                typst_errors(&errors, decks, &mut diagnostics);
                (None, 0, None)
            }
        };
        // Keep memory flat over many rebuilds, as typst-cli's watch mode does.
        typst::comemo::evict(10);
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
                        .filter_map(|v| v.as_u64())
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
                let uses = crate::deck::blocks_images(&slide.blocks).iter().any(|f| {
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

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
use crate::render::typst::{document_data, Document};
use crate::theme::Theme;

/// Fonts embedded in the binary: DejaVu Sans (covers every glyph the course
/// uses: ✓ ➔ → ≠ • „ ” and Dutch letters) and Typst's own set.
const BUNDLED_FONTS: [&[u8]; 4] = [
    include_bytes!("../../themes/fonts/DejaVuSans.ttf"),
    include_bytes!("../../themes/fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../../themes/fonts/DejaVuSans-Oblique.ttf"),
    include_bytes!("../../themes/fonts/DejaVuSans-BoldOblique.ttf"),
];

struct FontSet {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// Fonts and the standard library are built once per process.
fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = BUNDLED_FONTS
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

/// Whether some embedded font can draw this character.
pub fn has_glyph(c: char) -> bool {
    static FACES: OnceLock<Vec<ttf_parser::Face<'static>>> = OnceLock::new();
    if c.is_ascii() || c.is_whitespace() || c.is_control() {
        return true;
    }
    let faces = FACES.get_or_init(|| {
        BUNDLED_FONTS
            .into_iter()
            .chain(typst_assets::fonts())
            .flat_map(|data| {
                let count = ttf_parser::fonts_in_collection(data).unwrap_or(1);
                (0..count).filter_map(move |i| ttf_parser::Face::parse(data, i).ok())
            })
            .collect()
    });
    // Glyph 0 is .notdef: some cmaps map characters to it.
    faces
        .iter()
        .any(|f| f.glyph_index(c).is_some_and(|g| g.0 != 0))
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
        decks: &[&Deck],
        doc: Document,
        theme: &Theme,
    ) -> PdfResult {
        self.run(course, decks, doc, theme, true)
    }

    /// Layout only: for `check`, which reports overflow without writing.
    pub fn layout(
        &mut self,
        course: &Course,
        decks: &[&Deck],
        doc: Document,
        theme: &Theme,
    ) -> PdfResult {
        self.run(course, decks, doc, theme, false)
    }

    fn run(
        &mut self,
        course: &Course,
        decks: &[&Deck],
        doc: Document,
        theme: &Theme,
        export: bool,
    ) -> PdfResult {
        let print = crate::theme::load("print", &course.root).unwrap_or_else(|_| theme.clone());
        let (data, generated) = document_data(course, decks, doc, theme, &print);
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
        let (pdf, pages) = match warned.output {
            Ok(document) => {
                if doc == Document::Slides {
                    overflow_warnings(&document, decks, theme, &mut diagnostics);
                }
                let pdf = if export {
                    let started = std::time::Instant::now();
                    let exported = typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default());
                    export_time = started.elapsed();
                    exported
                        .map_err(|errors| typst_errors(&errors, decks, &mut diagnostics))
                        .ok()
                } else {
                    None
                };
                (pdf, document.pages().len())
            }
            Err(errors) => {
                typst_errors(&errors, decks, &mut diagnostics);
                (None, 0)
            }
        };
        // Keep memory flat over many rebuilds, as typst-cli's watch mode does.
        typst::comemo::evict(10);
        PdfResult {
            pdf,
            diagnostics,
            pages,
            layout,
            export: export_time,
        }
    }
}

/// Reads the `<lectern-fit>` measurements the template leaves on each slide.
fn overflow_warnings(
    document: &PagedDocument,
    decks: &[&Deck],
    theme: &Theme,
    out: &mut Vec<Diagnostic>,
) {
    let Some(label) = Label::new(PicoStr::intern("lectern-fit")) else {
        return;
    };
    let introspector = document.introspector();
    for content in introspector.query(&Selector::Label(label)) {
        let Some(meta) = content.to_packed::<MetadataElem>() else {
            continue;
        };
        let Ok(value) = serde_json::to_value(&meta.value) else {
            continue;
        };
        let deck = value["deck"].as_u64().and_then(|d| decks.get(d as usize));
        let number = value["n"].as_u64().unwrap_or(0) as usize;
        let bottom = value["bottom"].as_f64().unwrap_or(f64::MAX);
        // Where the end-of-body marker landed on its page.
        let landed = content
            .location()
            .and_then(|loc| introspector.position(loc))
            .map(|p| p.point.y.to_pt())
            .unwrap_or(0.0);
        // Content that does not fit is parked at the end of the room, so a
        // marker there means the slide overflows; how far comes from the
        // line estimate (measuring it exactly would cost a second layout).
        let Some(deck) = deck.filter(|_| landed >= bottom - 0.01) else {
            continue;
        };
        let Some(slide) = deck.slides.iter().find(|s| s.number == number) else {
            continue;
        };
        // Every aspect ratio is 960 points wide.
        let estimate = crate::lint::estimate_lines(&slide.blocks, theme, 960.0);
        // The room under the label and title, in body lines.
        let (sz, margin) = (&theme.sizes, theme.layout.margin);
        let room = bottom - margin - (sz.title * 1.2 + 20.0) - sz.label * 1.6;
        let capacity = (room / (sz.body * 1.2)).floor().max(1.0) as usize;
        let lines = estimate.saturating_sub(capacity).max(1) as f64;
        out.push(
            Diagnostic::warning(
                &deck.file,
                slide.pos,
                format!(
                    "slide {number} (line {}) overflows by ~{lines} line{} in the PDF",
                    slide.pos.line,
                    if lines == 1.0 { "" } else { "s" }
                ),
            )
            .with_help("split it over two slides (e.g. \"… (vervolg)\") or shorten it"),
        );
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

#[cfg(test)]
mod tests {
    use super::has_glyph;

    #[test]
    fn coverage_knows_the_course_characters_and_not_cjk() {
        for c in "✓✔➔➜→≠•„”‘’ëïé".chars() {
            assert!(has_glyph(c), "{c}");
        }
        // DejaVu Sans even has the emoticons block; CJK it has not.
        assert!(has_glyph('😀'));
        assert!(!has_glyph('漢'));
    }
}

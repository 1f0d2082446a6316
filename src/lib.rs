//! lectern: Markdown decks → deck model → HTML slides, PDF slides, workbook
//! and trainer notes.
//!
//! The pipeline here is pure: it reads the course folder and returns
//! artifacts, diagnostics and the files it read. It prints nothing and
//! writes nothing; the CLI writes artifacts to disk, the live server keeps
//! them in memory.

pub mod config;
pub mod deck;
pub mod diag;
pub mod fit;
pub mod images;
pub mod import;
pub mod lint;
pub mod output;
pub mod parse;
pub mod render;
pub mod report;
pub mod starter;
pub mod theme;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use config::{parse_course, CourseConfig};
use deck::{Course, Deck};
use diag::Diagnostic;
use parse::{parse_deck, DeckContext};
use theme::Theme;

/// An infrastructure failure (not a mistake in a deck): exit code 2.
#[derive(Debug)]
pub struct Error {
    pub message: String,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl Error {
    pub fn io(path: &Path, e: std::io::Error) -> Self {
        Error {
            message: format!("{}: {e}", path.display()),
        }
    }
}

/// The output formats of `lectern build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Html,
    Pdf,
    Handout,
    Notes,
    Json,
    /// One PNG per projected page (`<stem>.001.png`, …); not in the default list.
    Png,
    /// A PowerPoint file, one slide per projected page; not in the default list.
    Pptx,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Html,
        Format::Pdf,
        Format::Handout,
        Format::Notes,
        Format::Json,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Handout => "handout",
            Format::Notes => "notes",
            Format::Json => "json",
            Format::Png => "png",
            Format::Pptx => "pptx",
        }
    }

    pub fn from_name(s: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .chain([Format::Png, Format::Pptx])
            .find(|f| f.name() == s)
    }

    /// The output file of a deck in this format.
    pub fn file_name(self, stem: &str) -> String {
        match self {
            Format::Html => format!("{stem}.html"),
            Format::Pdf => format!("{stem}.pdf"),
            Format::Handout => format!("{stem}-handout.pdf"),
            Format::Notes => format!("{stem}-notes.pdf"),
            Format::Json => format!("{stem}.json"),
            Format::Png => format!("{stem}.png"),
            Format::Pptx => format!("{stem}.pptx"),
        }
    }
}

/// A course read from disk: model, diagnostics and every file that was read.
pub struct Loaded {
    pub course: Course,
    pub diagnostics: Vec<Diagnostic>,
    pub files_read: Vec<PathBuf>,
    /// Whether PATH named a course folder (then `index.html` and course PDFs are made).
    pub is_folder: bool,
}

/// What a course's outputs depend on, for the live server's watcher: the
/// files a build reads, the folders where a new deck or settings file may
/// appear, and the folder trees of course themes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Watched {
    pub files: Vec<PathBuf>,
    /// Watched without their subfolders.
    pub folders: Vec<PathBuf>,
    /// Watched with everything inside.
    pub trees: Vec<PathBuf>,
}

impl Loaded {
    /// Everything whose change can change an output, and where new inputs
    /// can appear: the decks and `course.toml` (also before it exists), the
    /// images the decks show (also missing ones, which may be added), and
    /// the course's `themes/` folder. Nothing else in the course folder (an
    /// output folder, notes, a `.git`) makes the server rebuild.
    pub fn watched(&self) -> Watched {
        let root = &self.course.root;
        let mut files: Vec<PathBuf> = self.files_read.clone();
        files.push(root.join("course.toml"));
        for deck in &self.course.decks {
            for slide in &deck.slides {
                for image in deck::slide_images(slide) {
                    if !image.contains("://") {
                        files.push(root.join(image));
                    }
                }
            }
        }
        files.sort();
        files.dedup();
        // Each file's folder, or the nearest one that exists (an image in an
        // `assets/` not made yet is seen when the folder appears).
        let mut folders = vec![root.clone()];
        for file in &files {
            let mut dir = file.parent();
            while let Some(d) = dir {
                if d.is_dir() || d == root.as_path() {
                    folders.push(d.to_path_buf());
                    break;
                }
                dir = d.parent();
            }
        }
        folders.sort();
        folders.dedup();
        let themes = root.join("themes");
        let trees = if themes.is_dir() {
            vec![themes]
        } else {
            Vec::new()
        };
        Watched {
            files,
            folders,
            trees,
        }
    }

    /// Decks without errors: the ones that are built.
    pub fn buildable(&self) -> impl Iterator<Item = &Deck> {
        self.course.decks.iter().filter(|d| {
            !self
                .diagnostics
                .iter()
                .any(|x| x.is_error() && x.file == d.file)
        })
    }
}

/// How a path is shown to the user: relative to the working directory when inside it.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let shown = cwd
        .as_deref()
        .and_then(|c| path.strip_prefix(c).ok())
        .unwrap_or(path);
    let shown = shown.to_string_lossy().replace('\\', "/");
    match shown.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => shown,
    }
}

/// Larger decks are refused with an error instead of tying up a laptop for
/// minutes: the whole bundled course is 150 KB.
pub const MAX_DECK_BYTES: u64 = 2_000_000;

/// Reads a course folder (or a single deck) into the model.
pub fn load(path: &Path) -> Result<Loaded, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let (root, deck_files, is_folder) = if meta.is_dir() {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(path).map_err(|e| Error::io(path, e))? {
            let entry = entry.map_err(|e| Error::io(path, e))?;
            let p = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            let is_deck = p.extension().is_some_and(|e| e == "md")
                && !name.starts_with(['_', '.'])
                && !name.eq_ignore_ascii_case("README.md");
            if is_deck && p.is_file() {
                files.push(p);
            }
        }
        files.sort();
        (path.to_path_buf(), files, true)
    } else {
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        (parent.to_path_buf(), vec![path.to_path_buf()], false)
    };

    let mut diagnostics = Vec::new();
    let mut files_read = Vec::new();
    let course_file = root.join("course.toml");
    // Only a regular file of sensible size: a FIFO would block the read and
    // a device like /dev/zero would never end.
    let course_meta = std::fs::metadata(&course_file);
    if let Ok(m) = &course_meta {
        if !m.is_file() || m.len() > MAX_DECK_BYTES {
            return Err(Error {
                message: format!(
                    "{}: not a settings file lectern reads (it must be a regular text file under 2 MB)",
                    display_path(&course_file)
                ),
            });
        }
    }
    let mut config = match std::fs::read(&course_file) {
        Ok(bytes) => {
            files_read.push(course_file.clone());
            let shown = display_path(&course_file);
            if let Ok(text) = String::from_utf8(bytes) {
                parse_course(&text, &shown, &mut diagnostics)
            } else {
                diagnostics.push(Diagnostic::error(
                    &shown,
                    Default::default(),
                    "course.toml is not UTF-8 text",
                ));
                CourseConfig::default()
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => CourseConfig::default(),
        Err(e) => return Err(Error::io(&course_file, e)),
    };

    if is_folder && deck_files.is_empty() {
        foreign_decks(path, &mut diagnostics);
    }
    let mut decks = Vec::new();
    let canonical_root = root.canonicalize().ok();
    for file in &deck_files {
        let refuse = |diagnostics: &mut Vec<Diagnostic>, message: &str, help: &str| {
            diagnostics.push(
                Diagnostic::error(&display_path(file), deck::Pos { line: 1, col: 1 }, message)
                    .with_help(help),
            );
        };
        // Two names that are not UTF-8 would show (and be saved) alike.
        if file.file_name().and_then(|n| n.to_str()).is_none() {
            refuse(
                &mut diagnostics,
                "this deck's file name is not UTF-8 text",
                "rename the file (its outputs are named after it)",
            );
            continue;
        }
        // A deck that is a link to a file elsewhere is not part of the course.
        let inside = match (file.canonicalize(), &canonical_root) {
            (Ok(real), Some(root)) => real.starts_with(root),
            _ => false,
        };
        if is_folder && !inside {
            refuse(
                &mut diagnostics,
                "this deck is a link to a file outside the course folder",
                "copy the file into the course folder instead of linking to it",
            );
            continue;
        }
        // One unreadable deck is that deck's error; the others still build.
        let bytes = match std::fs::metadata(file).and_then(|m| {
            if m.len() > MAX_DECK_BYTES {
                Ok(Err(m.len()))
            } else {
                std::fs::read(file).map(Ok)
            }
        }) {
            Ok(Ok(bytes)) => bytes,
            Ok(Err(size)) => {
                diagnostics.push(
                    Diagnostic::error(
                        &display_path(file),
                        deck::Pos { line: 1, col: 1 },
                        format!(
                            "this deck is {:.1} MB; lectern reads decks up to {} MB",
                            size as f64 / 1e6,
                            MAX_DECK_BYTES / 1_000_000
                        ),
                    )
                    .with_help(
                        "a session deck is usually under 100 KB: split it into several decks",
                    ),
                );
                continue;
            }
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error(
                        &display_path(file),
                        deck::Pos { line: 1, col: 1 },
                        format!("cannot read this deck: {e}"),
                    )
                    .with_help("check that it is a file you may read"),
                );
                continue;
            }
        };
        files_read.push(file.clone());
        let shown = display_path(file);
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let deck_dir = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let ctx = DeckContext {
            file: &shown,
            deck_dir,
            course_root: &root,
            config: &config,
        };
        if let Some(deck) = parse_deck(&bytes, &stem, &ctx, &mut diagnostics) {
            decks.push(deck);
        }
    }
    decks.sort_by_key(|d| (d.session.unwrap_or(u32::MAX), d.stem.clone()));
    check_sessions(&decks, &mut diagnostics);
    if config.title.is_empty() {
        config.title = decks.first().map(|d| d.title.clone()).unwrap_or_default();
    }
    Ok(Loaded {
        course: Course {
            root,
            config,
            decks,
            themes: theme::Cache::default(),
        },
        diagnostics,
        files_read,
        is_folder,
    })
}

/// A folder with no lectern decks but slides of another tool (Quarto's
/// `.qmd`, R Markdown's `.Rmd`): one error per file, pointing at the
/// converter, instead of a quiet "0 decks". Marp and Slidev decks are `.md`
/// files: the parser knows them by their front matter.
fn foreign_decks(folder: &Path, diagnostics: &mut Vec<Diagnostic>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut found: Vec<(PathBuf, &str)> = entries
        .flatten()
        .map(|e| e.path())
        .filter_map(|p| {
            let ext = p.extension()?.to_str()?.to_ascii_lowercase();
            let tool = match ext.as_str() {
                "qmd" => "Quarto",
                "rmd" => "R Markdown",
                _ => return None,
            };
            p.is_file().then_some((p, tool))
        })
        .collect();
    found.sort();
    for (file, tool) in found {
        diagnostics.push(
            Diagnostic::error(
                &display_path(&file),
                deck::Pos { line: 1, col: 1 },
                format!("this is a {tool} document, not a lectern deck, and the folder has no lectern decks"),
            )
            .with_help("convert it with `lectern import`, which writes a lectern deck (`.md` with `+++` front matter) beside it"),
        );
    }
}

/// The largest body size (points) and page count a kept decision may have.
const MAX_FIT_SIZE: f64 = 200.0;
const MAX_FIT_PAGES: usize = 1000;
/// How many decisions of slides a build did not look up are kept for a
/// later one (a few dozen bytes each).
const MAX_EARLIER_FITS: usize = 4000;

/// Fitting decisions as a run saves them for the next (`out/.lectern-fits`).
#[derive(serde::Serialize, serde::Deserialize)]
struct FitStore {
    /// The binary that measured them (`binary_identity`).
    lectern: String,
    /// By slide key (`slide_fit_key`, hexadecimal): the slides of the
    /// latest build.
    fits: std::collections::BTreeMap<String, fit::Fit>,
    /// Slides earlier builds had and the latest did not look up: another
    /// deck built into the same folder, a slide before an edit that may
    /// be undone.
    #[serde(default)]
    earlier: std::collections::BTreeMap<String, fit::Fit>,
}

/// This lectern binary: its version and the size and time of its file, so
/// that a rebuilt or upgraded lectern (another template, another Typst,
/// another hash function) never trusts decisions an older one made.
fn binary_identity() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let meta = std::env::current_exe().and_then(std::fs::metadata).ok();
        let size = meta.as_ref().map_or(0, std::fs::Metadata::len);
        let time = meta
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        format!("{} {size} {time}", env!("CARGO_PKG_VERSION"))
    })
}

/// What one slide's fitting decision depends on: its kind, title and
/// blocks (not its number, position or notes), the images it shows (by
/// size and time), and the theme, screen and language (`context`).
fn slide_fit_key(context: u64, root: &Path, slide: &deck::Slide) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    context.hash(&mut h);
    serde_json::to_string(&(&slide.kind, &slide.title, &slide.blocks))
        .unwrap_or_default()
        .hash(&mut h);
    for file in deck::slide_images(slide) {
        let meta = std::fs::metadata(root.join(&file)).ok();
        (
            file,
            meta.as_ref().map(std::fs::Metadata::len),
            meta.and_then(|m| m.modified().ok()),
        )
            .hash(&mut h);
    }
    h.finish()
}

/// A hash of what fitting and rendering read: the decks' slides and files,
/// the themes with their templates and CSS, the slide size, and the size
/// and modification time of every image shown.
fn inputs_hash(loaded: &Loaded, decks: &[&Deck], themes: &[&Theme]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for deck in decks {
        serde_json::to_string(deck).unwrap_or_default().hash(&mut h);
        deck.file.hash(&mut h);
        for slide in &deck.slides {
            for file in deck::slide_images(slide) {
                let meta = std::fs::metadata(loaded.course.root.join(&file)).ok();
                (
                    file,
                    meta.as_ref().map(std::fs::Metadata::len),
                    meta.and_then(|m| m.modified().ok()),
                )
                    .hash(&mut h);
            }
        }
    }
    for theme in themes {
        serde_json::to_string(theme)
            .unwrap_or_default()
            .hash(&mut h);
        theme.typst.hash(&mut h);
        theme.css.hash(&mut h);
    }
    loaded.course.config.aspect.size().hash(&mut h);
    h.finish()
}

/// Course-level checks: session numbers are unique.
fn check_sessions(decks: &[Deck], diags: &mut Vec<Diagnostic>) {
    for (i, deck) in decks.iter().enumerate() {
        let Some(n) = deck.session else { continue };
        if let Some(first) = decks[..i].iter().find(|d| d.session == Some(n)) {
            diags.push(
                Diagnostic::error(
                    &deck.file,
                    deck.session_pos,
                    format!("session {n} is also {}", first.file),
                )
                .with_help("give every deck its own session number"),
            );
        }
    }
}

/// One thing lectern renders: the single place that knows every output's
/// file name. `build` renders a list of targets; `serve` renders one when a
/// browser asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// A deck in one of the per-deck formats.
    Deck { stem: String, format: Format },
    /// The workbook or trainer script of the whole course.
    Course(Format),
    /// A deck's page for the other devices in the room (`serve --host`):
    /// the slides without the trainer notes.
    Audience { stem: String },
}

impl Target {
    pub fn file_name(&self) -> String {
        match self {
            Target::Deck { stem, format } => format.file_name(stem),
            Target::Course(format) => format.file_name("course"),
            Target::Audience { stem } => Format::Html.file_name(stem),
        }
    }

    /// The target an output file name stands for (`x.pdf`, `x-notes.pdf`, …).
    pub fn from_file_name(name: &str) -> Option<Target> {
        // Longest suffix first: `x-notes.pdf` is not the slides of `x-notes`.
        let mut formats = Format::ALL;
        formats.sort_by_key(|f| std::cmp::Reverse(f.file_name("").len()));
        formats.into_iter().find_map(|format| {
            let stem = name.strip_suffix(&format.file_name(""))?;
            if stem.is_empty() {
                return None;
            }
            Some(match (stem, format) {
                ("course", Format::Handout | Format::Notes) => Target::Course(format),
                _ => Target::Deck {
                    stem: stem.to_string(),
                    format,
                },
            })
        })
    }

    fn document(format: Format) -> Option<render::typst::Document> {
        match format {
            Format::Pdf => Some(render::typst::Document::Slides),
            Format::Handout => Some(render::typst::Document::Handout),
            Format::Notes => Some(render::typst::Document::Notes),
            Format::Html | Format::Json | Format::Png | Format::Pptx => None,
        }
    }
}

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
    pub page: Option<render::html::DeckPage>,
}

/// A unit of work in a build: the targets of one deck (rendered in a row,
/// so they share its fitting and Typst's memo), or one course PDF.
enum Job<'a> {
    Deck(&'a Deck),
    Course(Format),
}

impl Job<'_> {
    /// A rough measure of a job's work (its blocks and notes), so the
    /// biggest go first and no worker is left with a long deck at the end.
    fn weight(&self) -> usize {
        match self {
            Job::Deck(d) => d
                .slides
                .iter()
                .map(|s| 1 + s.blocks.len() + s.notes.len())
                .sum(),
            Job::Course(_) => usize::MAX,
        }
    }
}

/// One output file's name and bytes.
pub struct Artifact {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The time a stage took for a deck, for `--timings`.
pub struct Timing {
    pub deck: String,
    pub stage: &'static str,
    pub time: Duration,
}

#[derive(Default)]
pub struct BuildOutput {
    pub artifacts: Vec<Artifact>,
    pub diagnostics: Vec<Diagnostic>,
    pub timings: Vec<Timing>,
    pub slides: usize,
    pub decks: usize,
}

/// Long-lived build state: themes and the warm Typst compiler. One per
/// process; the live server keeps it so that rebuilds are incremental.
pub struct Builder {
    pdf: render::pdf::PdfEngine,
    pub theme_override: Option<String>,
    /// Fitting decisions by deck content and theme: a deck that did not
    /// change is not measured again (the live server rebuilds often).
    fits: Arc<std::sync::Mutex<std::collections::HashMap<u64, Arc<LaidOutDeck>>>>,
    /// Fitting decisions by slide content and theme: after an edit only
    /// the slides that changed are measured again.
    slide_fits: Arc<std::sync::Mutex<std::collections::HashMap<u64, fit::Fit>>>,
    /// The slide keys this builder's builds looked up, and whether any
    /// slide was measured: what `saved_fits` keeps for the next run.
    fits_used: std::sync::Mutex<(std::collections::HashSet<u64>, bool)>,
    /// The slide keys `load_fits` took, the latest build's first.
    fits_loaded: std::sync::Mutex<Vec<u64>>,
    /// Told after each unit of a build: (done, of, what), for a progress line.
    pub progress: Option<Progress>,
    /// Width of PNG pages in pixels.
    pub png_width: u32,
    /// Each session's laid-out workbook and script by fingerprint: the
    /// course documents are made of them, so no session is laid out twice.
    sessions: std::sync::Mutex<std::collections::HashMap<u64, render::pdf::Paged>>,
}

/// A build's progress callback: units done, units in all, the one just done.
pub type Progress = Box<dyn Fn(usize, usize, &str) + Send + Sync>;

/// A deck fitted to its theme: the decisions and the pages they make.
pub struct LaidOutDeck {
    pub fits: Vec<fit::Fit>,
    pub pages: Vec<fit::Page>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    pub fn new() -> Self {
        Builder {
            pdf: render::pdf::PdfEngine::new(),
            theme_override: None,
            fits: Default::default(),
            progress: None,
            png_width: 1920,
            sessions: Default::default(),
            slide_fits: Default::default(),
            fits_used: Default::default(),
            fits_loaded: Default::default(),
        }
    }

    /// Takes the fitting decisions an earlier run saved (`saved_fits`), so
    /// that only slides that changed since are measured. Decisions saved by
    /// another lectern binary are ignored: a new version may lay out
    /// differently.
    pub fn load_fits(&self, saved: &[u8]) {
        let Ok(store) = serde_json::from_slice::<FitStore>(saved) else {
            return;
        };
        if store.lectern != binary_identity() {
            return;
        }
        let mut cache = self
            .slide_fits
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // The file sits in the output folder, where anything can change it:
        // only decisions a build could have made are taken.
        let plausible = |fit: &fit::Fit| {
            fit.size.is_finite()
                && (1.0..=MAX_FIT_SIZE).contains(&fit.size)
                && fit.breaks.len() < MAX_FIT_PAGES
                && fit.breaks.windows(2).all(|w| w[0] < w[1])
                && fit.overfull.len() < MAX_FIT_PAGES
        };
        let mut loaded = self
            .fits_loaded
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (key, fit) in store.fits.into_iter().chain(store.earlier) {
            if let Ok(key) = u64::from_str_radix(&key, 16) {
                if plausible(&fit) && !cache.contains_key(&key) {
                    cache.insert(key, fit);
                    loaded.push(key);
                }
            }
        }
    }

    /// The fitting decisions of the slides built so far, for the next run
    /// (`load_fits`), or `None` when nothing was measured anew (the saved
    /// ones are still right). Decisions loaded and not looked up since are
    /// kept apart, the latest build's first, up to `MAX_EARLIER_FITS`: so
    /// building one deck, then another into the same folder, then the
    /// first again measures nothing the third time.
    pub fn saved_fits(&self) -> Option<Vec<u8>> {
        let used = self
            .fits_used
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !used.1 {
            return None;
        }
        let cache = self
            .slide_fits
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = |k: &u64| cache.get(k).map(|f| (format!("{k:016x}"), f.clone()));
        let fits = used.0.iter().filter_map(entry).collect();
        let earlier = self
            .fits_loaded
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .filter(|k| !used.0.contains(k))
            .take(MAX_EARLIER_FITS)
            .filter_map(entry)
            .collect();
        serde_json::to_vec(&FitStore {
            lectern: binary_identity().to_string(),
            fits,
            earlier,
        })
        .ok()
    }

    /// A second builder (its own Typst engine, for another thread) that
    /// shares this one's fitting decisions: what one measured, the other
    /// does not measure again. The live server makes its PDFs with it.
    pub fn sharing_fits(&self) -> Builder {
        let mut other = Builder::new();
        other.theme_override = self.theme_override.clone();
        other.png_width = self.png_width;
        other.fits = Arc::clone(&self.fits);
        other.slide_fits = Arc::clone(&self.slide_fits);
        other
    }

    /// The theme a deck is shown in: command line > front matter > mode default > course.
    pub fn theme_name(&self, config: &CourseConfig, deck: Option<&Deck>) -> String {
        if let Some(t) = &self.theme_override {
            return t.clone();
        }
        if let Some(d) = deck {
            if let Some(t) = &d.theme {
                return t.clone();
            }
            if d.mode == deck::Mode::Online {
                if let Some(t) = &config.online_theme {
                    return t.clone();
                }
            }
        }
        config.theme.clone()
    }

    /// The warm PDF compiler, for callers that render one document at a time.
    pub fn pdf_engine(&mut self) -> &mut render::pdf::PdfEngine {
        &mut self.pdf
    }

    /// The resolved theme of a deck (or of the course); an unknown theme is
    /// reported and the default one used.
    pub fn theme(
        &self,
        loaded: &Loaded,
        deck: Option<&Deck>,
        diags: &mut Vec<Diagnostic>,
    ) -> Arc<Theme> {
        let name = self.theme_name(&loaded.course.config, deck);
        let course = &loaded.course;
        let file = deck.map_or_else(|| "course.toml".into(), |d| d.file.clone());
        match course
            .themes
            .get(&name, &course.root, course.config.allow_html)
        {
            Ok(t) => {
                for w in &t.warnings {
                    diags.push(Diagnostic::warning(&file, Default::default(), w.clone()));
                }
                t
            }
            Err(e) => {
                // Reported where the name was written: the deck's front
                // matter, or once for the course at `theme` in course.toml.
                let (file, pos) = self.theme_chosen_at(loaded, deck);
                diags.push(Diagnostic::error(&file, pos, e.message).with_help(format!(
                    "available themes: {}",
                    theme::available(&course.root).join(", ")
                )));
                // The built-in default, not a course theme of that name:
                // the fallback must not be able to fail.
                Arc::new(theme::builtin("default").expect("the built-in default theme loads"))
            }
        }
    }

    /// Where the theme a deck is set in was chosen: the deck's front
    /// matter, `--theme`, or `theme`/`online_theme` in course.toml.
    fn theme_chosen_at(&self, loaded: &Loaded, deck: Option<&Deck>) -> (String, deck::Pos) {
        let config = &loaded.course.config;
        let course_toml = display_path(&loaded.course.root.join("course.toml"));
        let key_in_course = |key: &str| {
            let text =
                std::fs::read_to_string(loaded.course.root.join("course.toml")).unwrap_or_default();
            let line = text
                .lines()
                .position(|l| {
                    l.trim_start().starts_with(key)
                        && l.trim_start()[key.len()..].trim_start().starts_with('=')
                })
                .map_or(1, |i| i + 1);
            (course_toml.clone(), deck::Pos { line, col: 1 })
        };
        if self.theme_override.is_some() {
            return ("--theme".into(), deck::Pos { line: 1, col: 1 });
        }
        match deck {
            Some(d) if d.theme.is_some() => (d.file.clone(), deck::Pos { line: 1, col: 1 }),
            Some(d) if d.mode == deck::Mode::Online && config.online_theme.is_some() => {
                key_in_course("online_theme")
            }
            _ => key_in_course("theme"),
        }
    }

    /// Legibility of every theme the decks are set in, once per theme,
    /// against the theme's own file (the line of the key to change) or,
    /// for a built-in theme, where it was chosen.
    pub fn theme_checks(&self, loaded: &Loaded, decks: &[&Deck]) -> Vec<Diagnostic> {
        let mut by_theme: Vec<(String, Option<&Deck>, lint::Usage)> = Vec::new();
        for deck in decks {
            let name = self.theme_name(&loaded.course.config, Some(deck));
            if let Some((_, _, usage)) = by_theme.iter_mut().find(|(n, _, _)| *n == name) {
                usage.add(deck);
            } else {
                let mut usage = lint::Usage::default();
                usage.add(deck);
                by_theme.push((name, Some(deck), usage));
            }
        }
        let mut out = Vec::new();
        for (name, first, usage) in by_theme {
            let mut ignored = Vec::new();
            let theme = self.theme(loaded, first, &mut ignored);
            if theme.name != name {
                continue; // it did not load: that error is reported already
            }
            let file = loaded
                .course
                .root
                .join("themes")
                .join(&name)
                .join("theme.toml");
            let source = std::fs::read_to_string(&file).ok();
            let at = |key: &str| match &source {
                Some(text) => (
                    display_path(&file),
                    deck::Pos {
                        line: lint::toml_line(text, key),
                        col: 1,
                    },
                ),
                None => self.theme_chosen_at(loaded, first),
            };
            out.extend(lint::theme(&theme, &usage, &at));
        }
        out
    }

    /// The theme printed documents take their palette from.
    fn print_theme(loaded: &Loaded, theme: &Arc<Theme>) -> Arc<Theme> {
        let course = &loaded.course;
        course
            .themes
            .get("print", &course.root, course.config.allow_html)
            .unwrap_or_else(|_| Arc::clone(theme))
    }

    /// Every check `build` runs, without producing outputs: legibility, glyphs
    /// and overflow from the real slide layout.
    pub fn check(&mut self, loaded: &Loaded) -> Vec<Diagnostic> {
        // Every check on every deck, also on one that has errors.
        let decks: Vec<&Deck> = loaded.course.decks.iter().collect();
        let mut diags = self.theme_checks(loaded, &decks);
        for deck in decks {
            let theme = self.theme(loaded, Some(deck), &mut diags);
            let mut engine = std::mem::take(&mut self.pdf);
            diags.extend(
                self.lay_out(&mut engine, loaded, deck, &theme)
                    .diagnostics
                    .clone(),
            );
            self.pdf = engine;
        }
        diags
    }

    /// Fits a deck to its theme (see `fit`), or reuses the decision for an
    /// unchanged deck and theme.
    pub fn lay_out(
        &self,
        engine: &mut render::pdf::PdfEngine,
        loaded: &Loaded,
        deck: &Deck,
        theme: &Theme,
    ) -> Arc<LaidOutDeck> {
        let key = inputs_hash(loaded, &[deck], &[theme]);
        let cached = self
            .fits
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&key)
            .cloned();
        if let Some(hit) = cached {
            return hit;
        }
        // Each slide's decision depends only on the slide, its theme, the
        // screen, the language and the images it shows.
        let context = {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            use std::hash::{Hash, Hasher};
            serde_json::to_string(theme)
                .unwrap_or_default()
                .hash(&mut h);
            theme.typst.hash(&mut h);
            loaded.course.config.aspect.size().hash(&mut h);
            loaded.course.config.language.hash(&mut h);
            h.finish()
        };
        let keys: Vec<u64> = deck
            .slides
            .iter()
            .map(|slide| slide_fit_key(context, &loaded.course.root, slide))
            .collect();
        let known: Vec<Option<fit::Fit>> = {
            let cache = self
                .slide_fits
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let (width, height) = loaded.course.config.aspect.size();
            let screen = fit::bound::Screen {
                width: f64::from(width),
                height: f64::from(height),
                lang: &loaded.course.config.language,
            };
            // A slide that certainly fits needs no measuring at all.
            keys.iter()
                .zip(&deck.slides)
                .map(|(k, slide)| {
                    cache
                        .get(k)
                        .cloned()
                        .or_else(|| fit::bound::certain_fit(slide, theme, screen))
                })
                .collect()
        };
        let result = engine.fit(&loaded.course, deck, theme, &known);
        {
            let mut used = self
                .fits_used
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for ((key, slide), fit) in keys.iter().zip(&deck.slides).zip(&known) {
                if fit::is_fitted(slide.kind) {
                    used.0.insert(*key);
                    used.1 |= fit.is_none();
                }
            }
        }
        {
            let mut cache = self
                .slide_fits
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if cache.len() > 20_000 {
                cache.clear();
            }
            for ((key, slide), fit) in keys.iter().zip(&deck.slides).zip(&result.fits) {
                if fit::is_fitted(slide.kind) {
                    cache.insert(*key, fit.clone());
                }
            }
        }
        let pages = fit::paginate(deck, &result.fits, theme.sizes.body);
        // The deck's own checks (glyphs, figure text) depend on what the
        // key covers, so they are made once here, not once per output.
        let (w, h) = loaded.course.config.aspect.size();
        let mut diagnostics = lint::deck(deck);
        diagnostics.extend(lint::figures(
            deck,
            theme,
            &loaded.course.root,
            (f64::from(w), f64::from(h)),
        ));
        diagnostics.extend(result.diagnostics);
        let laid = Arc::new(LaidOutDeck {
            fits: result.fits,
            pages,
            diagnostics,
        });
        let mut cache = self
            .fits
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Old decisions of edited decks are dropped now and then; each is small.
        if cache.len() > 256 {
            cache.clear();
        }
        cache.insert(key, laid.clone());
        laid
    }

    /// What a target's bytes depend on, as one number: its deck (or every
    /// deck), the course settings, its theme and template, and the images it
    /// shows. Equal fingerprints mean equal outputs, so the live server keys
    /// its cache on this and never hands out a PDF of an older source.
    pub fn fingerprint(&self, loaded: &Loaded, target: &Target) -> u64 {
        let mut ignored = Vec::new();
        let decks: Vec<&Deck> = match target {
            Target::Course(_) => loaded.buildable().collect(),
            Target::Deck { stem, .. } | Target::Audience { stem } => {
                loaded.buildable().filter(|d| &d.stem == stem).collect()
            }
        };
        let mut themes = vec![self.theme(loaded, None, &mut ignored)];
        themes.extend(
            decks
                .iter()
                .map(|d| self.theme(loaded, Some(d), &mut ignored)),
        );
        themes.push(Self::print_theme(loaded, &themes[0]));
        let themes: Vec<&Theme> = themes.iter().map(|t| &**t).collect();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        use std::hash::{Hash, Hasher};
        inputs_hash(loaded, &decks, &themes).hash(&mut h);
        target.file_name().hash(&mut h);
        // The trainer script shows the latest delivery log.
        if matches!(
            target,
            Target::Deck {
                format: Format::Notes,
                ..
            } | Target::Course(Format::Notes)
        ) {
            for deck in &decks {
                report::deliveries(&loaded.course.root, &deck.stem)
                    .last()
                    .map(|d| (d.started.clone(), d.slides.clone()))
                    .hash(&mut h);
            }
        }
        serde_json::to_string(&loaded.course.config)
            .unwrap_or_default()
            .hash(&mut h);
        h.finish()
    }

    /// Renders one target from the loaded course, with the diagnostics of
    /// what it shows (parse problems are in `loaded.diagnostics`).
    pub fn render(
        &self,
        engine: &mut render::pdf::PdfEngine,
        loaded: &Loaded,
        target: &Target,
    ) -> Rendered {
        let mut out = Rendered::default();
        let decks: Vec<&Deck> = loaded.buildable().collect();
        match target {
            Target::Course(format) => {
                let Some(doc) = Target::document(*format) else {
                    return out;
                };
                let theme = self.theme(loaded, None, &mut out.diagnostics);
                // Every session's own document, then a cover and contents
                // in front of them.
                let mut sessions = Vec::new();
                let mut parts = Vec::new();
                for deck in &decks {
                    let (session, diagnostics) =
                        self.session_document(engine, loaded, deck, *format);
                    out.diagnostics.extend(diagnostics);
                    if let Some(session) = session {
                        sessions.push(session);
                        parts.push(render::typst::LaidOut { deck, pages: &[] });
                    }
                }
                if sessions.is_empty() {
                    return out;
                }
                let result = engine.assemble(&loaded.course, &parts, doc, &theme, &sessions);
                out.diagnostics.extend(result.diagnostics);
                out.timings.push(("  cover", result.layout));
                out.timings.push(("  export", result.export));
                out.bytes = result.pdf;
            }
            Target::Audience { stem } => {
                let Some(deck) = decks.iter().find(|d| &d.stem == stem) else {
                    return out;
                };
                let theme = self.theme(loaded, Some(deck), &mut out.diagnostics);
                let laid = self.lay_out(engine, loaded, deck, &theme);
                let mut public = (*deck).clone();
                for slide in &mut public.slides {
                    slide.notes.clear();
                }
                let page = render::html::deck_page(&loaded.course, &public, &laid.pages, &theme);
                out.bytes = Some(page.into_bytes());
            }
            Target::Deck { stem, format } => {
                let Some(deck) = decks.iter().find(|d| &d.stem == stem) else {
                    return out;
                };
                let theme = self.theme(loaded, Some(deck), &mut out.diagnostics);
                let start = Instant::now();
                let laid = self.lay_out(engine, loaded, deck, &theme);
                out.timings.push(("  fit", start.elapsed()));
                out.diagnostics.extend(laid.diagnostics.iter().cloned());
                out.bytes = match format {
                    Format::Html => {
                        let page = render::html::deck_page_parts(
                            &loaded.course,
                            deck,
                            &laid.pages,
                            &theme,
                        );
                        let bytes = page.html.clone().into_bytes();
                        out.page = Some(page);
                        Some(bytes)
                    }
                    Format::Json => Some(output::deck_json(deck, &laid.fits)),
                    Format::Png => {
                        let parts = [render::typst::LaidOut {
                            deck,
                            pages: &laid.pages,
                        }];
                        let (images, diagnostics) =
                            engine.render_png(&loaded.course, &parts, &theme, self.png_width);
                        out.diagnostics.extend(diagnostics);
                        out.files = images
                            .into_iter()
                            .enumerate()
                            .map(|(i, bytes)| Artifact {
                                name: format!("{stem}.{:03}.png", i + 1),
                                bytes,
                            })
                            .collect();
                        None
                    }
                    Format::Pptx => {
                        let started = Instant::now();
                        let print = Self::print_theme(loaded, &theme);
                        let (bytes, diagnostics) =
                            render::pptx::deck(&loaded.course, deck, &laid.pages, &theme, &print);
                        out.diagnostics.extend(diagnostics);
                        out.timings.push(("  write", started.elapsed()));
                        bytes
                    }
                    Format::Pdf | Format::Handout | Format::Notes => {
                        let doc = Target::document(*format).expect("a PDF format");
                        let parts = [render::typst::LaidOut {
                            deck,
                            pages: &laid.pages,
                        }];
                        let slides = (*format == Format::Notes)
                            .then(|| self.session_document(engine, loaded, deck, Format::Pdf).0)
                            .flatten();
                        let (result, paged) = engine.render_keeping(
                            &loaded.course,
                            &parts,
                            doc,
                            &theme,
                            true,
                            slides.as_ref(),
                        );
                        // Kept for the course's workbook and script, and
                        // the slides for the script's pictures.
                        if let Some(paged) = paged {
                            self.keep_session(self.fingerprint(loaded, target), paged);
                        }
                        out.diagnostics.extend(result.diagnostics);
                        out.timings.push(("  layout", result.layout));
                        out.timings.push(("  export", result.export));
                        result.pdf
                    }
                };
            }
        }
        out
    }

    /// A session's laid-out slides, workbook or script: the one its own
    /// PDF was made from when the source is unchanged, else laid out now.
    fn session_document(
        &self,
        engine: &mut render::pdf::PdfEngine,
        loaded: &Loaded,
        deck: &Deck,
        format: Format,
    ) -> (Option<render::pdf::Paged>, Vec<Diagnostic>) {
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
        let Some(doc) = Target::document(format) else {
            return (None, Vec::new());
        };
        let mut diagnostics = Vec::new();
        let theme = self.theme(loaded, Some(deck), &mut diagnostics);
        let laid = self.lay_out(engine, loaded, deck, &theme);
        let parts = [render::typst::LaidOut {
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

    fn keep_session(&self, key: u64, paged: render::pdf::Paged) {
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
        let mut engine = std::mem::take(&mut self.pdf);
        let rendered = self.render(&mut engine, loaded, target);
        self.pdf = engine;
        rendered
    }

    /// One unit of a build: every format of one deck, or one course PDF.
    fn run_job(
        &self,
        engine: &mut render::pdf::PdfEngine,
        loaded: &Loaded,
        job: &Job,
        formats: &[Format],
    ) -> BuildOutput {
        let mut out = BuildOutput::default();
        let (label, targets) = match job {
            Job::Deck(deck) => {
                out.decks = 1;
                out.slides = deck.slides.len();
                let targets = formats
                    .iter()
                    .map(|&format| Target::Deck {
                        stem: deck.stem.clone(),
                        format,
                    })
                    .collect();
                (deck.stem.clone(), targets)
            }
            Job::Course(format) => ("course".to_string(), vec![Target::Course(*format)]),
        };
        for target in targets {
            let stage = match &target {
                Target::Deck { format, .. } | Target::Course(format) => format.name(),
                Target::Audience { .. } => "audience",
            };
            let start = Instant::now();
            let scope = typst_timing::TimingScope::new(stage);
            let rendered = self.render(engine, loaded, &target);
            drop(scope);
            out.diagnostics.extend(rendered.diagnostics);
            out.artifacts.extend(rendered.files);
            for (stage, time) in rendered.timings {
                out.timings.push(Timing {
                    deck: label.clone(),
                    stage,
                    time,
                });
            }
            out.timings.push(Timing {
                deck: label.clone(),
                stage,
                time: start.elapsed(),
            });
            if let Some(bytes) = rendered.bytes {
                out.artifacts.push(Artifact {
                    name: target.file_name(),
                    bytes,
                });
            }
        }
        out
    }

    /// The Typst sources a deck's slides compile from: the theme's template
    /// (`main.typ`), the deck as data (`data.json`) and generated QR codes.
    /// For theme authors, and for comparing with other Typst engines.
    pub fn typst_sources(&mut self, loaded: &Loaded, deck: &Deck) -> Vec<Artifact> {
        let mut diags = Vec::new();
        let theme = self.theme(loaded, Some(deck), &mut diags);
        let mut engine = std::mem::take(&mut self.pdf);
        let laid = self.lay_out(&mut engine, loaded, deck, &theme);
        self.pdf = engine;
        let print = Self::print_theme(loaded, &theme);
        let (data, files) = render::typst::document_data(
            &loaded.course,
            &[render::typst::LaidOut {
                deck,
                pages: &laid.pages,
            }],
            render::typst::Document::Slides,
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

    /// Runs jobs side by side: Typst lays out one document's pages in
    /// parallel, but a document keeps only about one core busy, so each
    /// worker takes the next job with its own compiler (the memo cache is
    /// shared).
    fn run_jobs(
        &self,
        loaded: &Loaded,
        jobs: &[Job],
        formats: &[Format],
        finished: &std::sync::atomic::AtomicUsize,
        total: usize,
    ) -> Vec<(usize, BuildOutput)> {
        let workers = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .clamp(1, jobs.len().max(1));
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(jobs[i].weight()));
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| {
                        let mut engine = render::pdf::PdfEngine::new();
                        let mut done = Vec::new();
                        loop {
                            let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(&i) = order.get(n) else { break };
                            let job = &jobs[i];
                            done.push((i, self.run_job(&mut engine, loaded, job, formats)));
                            // What the next deck will not reuse goes: a
                            // build's memory stays near one deck's.
                            render::pdf::forget_between_decks();
                            if let Some(progress) = &self.progress {
                                let finished =
                                    finished.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                                let label = match job {
                                    Job::Deck(d) => d.stem.clone(),
                                    Job::Course(f) => f.file_name("course"),
                                };
                                progress(finished, total, &label);
                            }
                        }
                        done
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("a build worker finishes"))
                .collect()
        })
    }

    /// Builds every format asked for from decks without errors.
    pub fn build(&mut self, loaded: &Loaded, formats: &[Format]) -> BuildOutput {
        let decks: Vec<&Deck> = loaded.buildable().collect();
        let deck_jobs: Vec<Job> = decks.iter().map(|d| Job::Deck(d)).collect();
        // The course's workbook and script are made of the sessions' own,
        // so they come after the decks.
        let mut course_jobs: Vec<Job> = Vec::new();
        if loaded.is_folder && !decks.is_empty() {
            for format in [Format::Notes, Format::Handout] {
                if formats.contains(&format) {
                    course_jobs.push(Job::Course(format));
                }
            }
        }
        let total = deck_jobs.len() + course_jobs.len();
        let finished = std::sync::atomic::AtomicUsize::new(0);
        let mut parts = self.run_jobs(loaded, &deck_jobs, formats, &finished, total);
        parts.extend(
            self.run_jobs(loaded, &course_jobs, formats, &finished, total)
                .into_iter()
                .map(|(i, part)| (i + deck_jobs.len(), part)),
        );
        parts.sort_by_key(|(i, _)| *i);
        let mut out = BuildOutput::default();
        for (_, part) in parts {
            out.artifacts.extend(part.artifacts);
            out.diagnostics.extend(part.diagnostics);
            out.timings.extend(part.timings);
            out.slides += part.slides;
            out.decks += part.decks;
        }
        if loaded.is_folder
            && !decks.is_empty()
            && (formats.contains(&Format::Html) || formats.len() > 1)
        {
            let theme = self.theme(loaded, None, &mut out.diagnostics);
            let html = render::html::index_page(
                &loaded.course,
                &decks,
                formats,
                &theme,
                render::html::Links::Files,
            );
            out.artifacts.push(Artifact {
                name: "index.html".into(),
                bytes: html.into_bytes(),
            });
        }
        out.diagnostics.extend(self.theme_checks(loaded, &decks));
        out.diagnostics
            .sort_by(|a, b| (&a.file, a.pos, &a.message).cmp(&(&b.file, b.pos, &b.message)));
        out.diagnostics
            .dedup_by(|a, b| a.file == b.file && a.pos == b.pos && a.message == b.message);
        out
    }
}

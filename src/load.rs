//! Reading a course from disk: the decks of a folder (or one deck),
//! `course.toml`, and what the live server watches. Everything read is
//! recorded, so a rebuild knows what its outputs depend on.

use std::path::{Path, PathBuf};

use crate::config::{parse_course, CourseConfig};
use crate::course::Course;
use crate::deck::{self, Deck};
use crate::diag::{display_path, Diagnostic, Error, Pos};
use crate::files::ReadError;
use crate::parse::{parse_deck, DeckContext};
use crate::target::Format;

/// Larger decks are refused with an error instead of tying up a laptop for
/// minutes: the whole bundled course is 150 KB.
pub const MAX_DECK_BYTES: u64 = 2_000_000;

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

/// Reads a course folder (or a single deck) into the model.
pub fn load(path: &Path) -> Result<Loaded, Error> {
    let (root, deck_files, is_folder) = deck_files(path)?;
    let mut diagnostics = Vec::new();
    let mut files_read = Vec::new();
    let mut config = read_course_toml(&root, &mut files_read, &mut diagnostics)?;
    if is_folder && deck_files.is_empty() {
        foreign_decks(path, &mut diagnostics);
    }
    let mut decks = Vec::new();
    let canonical_root = root.canonicalize().ok();
    for file in &deck_files {
        let inside = match (file.canonicalize(), &canonical_root) {
            (Ok(real), Some(root)) => real.starts_with(root),
            _ => false,
        };
        let Some(bytes) = read_deck(file, is_folder && !inside, &mut diagnostics) else {
            continue;
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
    check_output_names(&decks, is_folder, &mut diagnostics);
    if config.title.is_empty() {
        config.title = decks.first().map(|d| d.title.clone()).unwrap_or_default();
    }
    Ok(Loaded {
        course: Course {
            root,
            config,
            decks,
            themes: crate::theme::Cache::default(),
        },
        diagnostics,
        files_read,
        is_folder,
    })
}

/// The course root, its deck files in name order, and whether PATH was a folder.
fn deck_files(path: &Path) -> Result<(PathBuf, Vec<PathBuf>, bool), Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_dir() {
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        return Ok((parent.to_path_buf(), vec![path.to_path_buf()], false));
    }
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
    Ok((path.to_path_buf(), files, true))
}

/// `course.toml`, or the defaults when there is none.
fn read_course_toml(
    root: &Path,
    files_read: &mut Vec<PathBuf>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<CourseConfig, Error> {
    let course_file = root.join("course.toml");
    // Only a regular file of sensible size: a FIFO would block the read and
    // a device like /dev/zero would never end.
    match crate::files::read_bounded(&course_file, MAX_DECK_BYTES) {
        Ok(bytes) => {
            files_read.push(course_file.clone());
            let shown = display_path(&course_file);
            if let Ok(text) = String::from_utf8(bytes) {
                Ok(parse_course(&text, &shown, diagnostics))
            } else {
                diagnostics.push(Diagnostic::error(
                    &shown,
                    Pos::default(),
                    "course.toml is not UTF-8 text",
                ));
                Ok(CourseConfig::default())
            }
        }
        Err(ReadError::NotFound) => Ok(CourseConfig::default()),
        Err(e) => Err(Error {
            message: format!(
                "{}: not a settings file lectern reads: {e} (it must be a regular text file under 2 MB)",
                display_path(&course_file)
            ),
        }),
    }
}

/// A deck's bytes, or `None` with the reason as an error of that deck (the
/// other decks still build).
fn read_deck(file: &Path, outside: bool, diagnostics: &mut Vec<Diagnostic>) -> Option<Vec<u8>> {
    let first = Pos { line: 1, col: 1 };
    let mut refuse = |message: String, help: &str| {
        diagnostics.push(Diagnostic::error(&display_path(file), first, message).with_help(help));
        None
    };
    // Two names that are not UTF-8 would show (and be saved) alike.
    if file.file_name().and_then(|n| n.to_str()).is_none() {
        return refuse(
            "this deck's file name is not UTF-8 text".into(),
            "rename the file (its outputs are named after it)",
        );
    }
    // A deck that is a link to a file elsewhere is not part of the course.
    if outside {
        return refuse(
            "this deck is a link to a file outside the course folder".into(),
            "copy the file into the course folder instead of linking to it",
        );
    }
    match crate::files::read_bounded(file, MAX_DECK_BYTES) {
        Ok(bytes) => Some(bytes),
        Err(ReadError::TooLarge { size, .. }) => refuse(
            format!(
                "this deck is {:.1} MB; lectern reads decks up to {} MB",
                size as f64 / 1e6,
                MAX_DECK_BYTES / 1_000_000
            ),
            "a session deck is usually under 100 KB: split it into several decks",
        ),
        Err(e) => refuse(
            format!("cannot read this deck: {e}"),
            "a deck is a Markdown file you may read, inside the course folder",
        ),
    }
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
                Pos { line: 1, col: 1 },
                format!("this is a {tool} document, not a lectern deck, and the folder has no lectern decks"),
            )
            .with_help("convert it with `lectern import`, which writes a lectern deck (`.md` with `+++` front matter) beside it"),
        );
    }
}

/// Outputs are named after their deck, so two decks may claim one name
/// (`01-a-notes.md` makes `01-a-notes.pdf`, which is `01-a.md`'s trainer
/// script) and a deck may claim a course output (`index.md`, `course.md`).
/// The later deck is an error naming both, and is not built: nothing is
/// overwritten without a word.
fn check_output_names(decks: &[Deck], is_folder: bool, diags: &mut Vec<Diagnostic>) {
    let mut owner: std::collections::HashMap<String, &str> = Default::default();
    if is_folder {
        owner.insert("index.html".into(), "the course index");
        for format in [Format::Handout, Format::Notes] {
            owner.insert(format.file_name("course"), "the course's own documents");
        }
    }
    let formats = Format::ALL.into_iter().chain([Format::Pptx]);
    for deck in decks {
        let names: Vec<String> = formats.clone().map(|f| f.file_name(&deck.stem)).collect();
        let clash = names.iter().find_map(|n| owner.get(n).map(|o| (n, *o)));
        if let Some((name, other)) = clash {
            diags.push(
                Diagnostic::error(
                    &deck.file,
                    Pos { line: 1, col: 1 },
                    format!("this deck's output {name} is also {other}'s, so one would overwrite the other"),
                )
                .with_help("rename this deck's file: every output is named after it"),
            );
            continue;
        }
        for name in names {
            owner.insert(name, &deck.file);
        }
    }
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

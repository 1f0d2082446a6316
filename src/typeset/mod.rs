//! Typst in-process, below every user: the fonts and standard library
//! built once per process, and the `World` every compile sees (the theme's
//! template, the deck as JSON data, generated files, and files of the
//! course folder, nothing else). `render::pdf` compiles documents in it;
//! `math` sets single formulas (the parser vets them, the HTML draws them).

pub mod math;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The fonts a compile can use, and Typst's book of them.
pub struct FontSet {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// Fonts and the standard library are built once per process.
fn fonts() -> &'static Arc<FontSet> {
    static FONTS: OnceLock<Arc<FontSet>> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = crate::text::fonts::bundled()
            .chain(typst_assets::fonts())
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Arc::new(FontSet {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        })
    })
}

/// The fonts of a theme: its own files (a course theme's `fonts/`) before
/// the bundled ones, made once per set of files; `key` tells sets apart
/// (the themes' `font_key`s).
pub fn fonts_with(extra: &[Arc<Vec<u8>>], key: u64) -> Arc<FontSet> {
    if extra.is_empty() {
        return fonts().clone();
    }
    static MADE: OnceLock<Mutex<HashMap<u64, Arc<FontSet>>>> = OnceLock::new();
    let made = MADE.get_or_init(Mutex::default);
    let mut made = made
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if made.len() > 16 {
        made.clear();
    }
    made.entry(key)
        .or_insert_with(|| {
            let base = fonts();
            let fonts: Vec<Font> = extra
                .iter()
                .flat_map(|data| Font::iter(Bytes::new(data.to_vec())))
                .chain(base.fonts.iter().cloned())
                .collect();
            Arc::new(FontSet {
                book: LazyHash::new(FontBook::from_fonts(&fonts)),
                fonts,
            })
        })
        .clone()
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

pub fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("a valid virtual path"),
    )
    .intern()
}

/// One compile's view of the world.
pub struct LecternWorld {
    pub main: Source,
    pub data: Bytes,
    /// Generated files (QR codes) by virtual path.
    pub generated: HashMap<String, Bytes>,
    pub course_root: PathBuf,
    /// Course files read during this compile, cached (compile runs on several threads).
    pub files: Mutex<HashMap<String, FileResult<Bytes>>>,
    /// The fonts it sets text in (`fonts_with` the theme's own).
    pub fonts: Arc<FontSet>,
}
impl World for LecternWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.fonts.book
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
        self.fonts.fonts.get(index).cloned()
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
    // Pictures reach Typst (and so the PDF) without their metadata.
    let bytes = crate::files::read_bounded(&file, crate::images::MAX_BYTES)
        .map_err(|_| FileError::NotFound(PathBuf::from(rel)))?;
    let bytes = match crate::images::without_metadata(&bytes) {
        std::borrow::Cow::Owned(clean) => clean,
        std::borrow::Cow::Borrowed(_) => bytes,
    };
    Ok(Bytes::new(bytes))
}

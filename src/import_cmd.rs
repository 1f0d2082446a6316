//! `lectern import`: reads each deck, converts it with `lectern::import`,
//! writes `DIR/<stem>.md` and the local images it shows, then runs lectern's
//! own checks on what it wrote. All file work is here; the conversion is pure.

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use lectern::deck::Mode;
use lectern::diag::Pos;
use lectern::diag::{Diagnostic, LineIndex};
use lectern::import::{self, Options, Separators, Tool};
use lectern::{display_path, output, Builder, Error};

use crate::cli::{FromArg, ImportArgs, ModeArg};
use crate::{exit_for, plural, print_diagnostics};

/// The folder decks are imported into when `--out` is not given: the
/// current folder when it is a course (has course.toml), else `decks/`.
fn default_dir() -> PathBuf {
    if Path::new("course.toml").is_file() {
        PathBuf::from(".")
    } else {
        PathBuf::from("decks")
    }
}

pub fn run(args: ImportArgs) -> Result<ExitCode, Error> {
    let dir = args.out.clone().unwrap_or_else(default_dir);
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut written: Vec<PathBuf> = Vec::new();
    let mut course: Option<(String, String)> = None;
    let claims = Claims::default();
    for (k, file) in args.files.iter().enumerate() {
        let Some(deck) = import_file(&args, k, file, &dir, &claims, &mut diags)? else {
            continue;
        };
        if let Some(lang) = deck.language {
            course.get_or_insert_with(|| (lang, title_of(&deck.text)));
        }
        written.push(deck.target);
    }
    if let Some((language, title)) = course {
        course_language(&dir, &language, &title, &mut diags)?;
    }
    // What lectern itself says about the decks it was given.
    let mut builder = Builder::new();
    for path in &written {
        let loaded = lectern::load(path)?;
        diags.extend(loaded.diagnostics.iter().cloned());
        diags.extend(builder.check(&loaded));
    }
    lectern::diag::settle(&mut diags);
    print_diagnostics(&diags, args.message_format);
    if !written.is_empty() {
        let shown = display_path(&dir);
        eprintln!("next: `lectern serve {shown}` to look at the slides, `lectern check {shown}` after editing");
    }
    Ok(exit_for(&diags))
}

/// A deck written by `lectern import`.
pub struct Written {
    pub target: PathBuf,
    /// The deck's text as written.
    pub text: String,
    /// The language its front matter gave.
    pub language: Option<String>,
}

/// Imports the `k`th deck into `dir`, with the images it shows; None when
/// it is not UTF-8 text (an error in `diags`).
fn import_file(
    args: &ImportArgs,
    k: usize,
    file: &Path,
    dir: &Path,
    claims: &Claims,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<Written>, Error> {
    let shown = display_path(file);
    let pptx = args.from == FromArg::Pptx
        || (args.from == FromArg::Auto
            && file
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("pptx")));
    if pptx {
        return import_pptx(args, k, file, dir, claims, diags).map(Some);
    }
    let Some(text) = read_deck(file, &shown, diags)? else {
        return Ok(None);
    };
    let mut opts = Options::new(&shown);
    opts.session = args.session.map(|n| n + k as u32);
    opts.mode = match args.mode {
        ModeArg::F2f => Mode::F2f,
        ModeArg::Online => Mode::Online,
    };
    let source_dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    opts.given = Separators {
        separator: args.separator.clone(),
        vertical: args.vertical_separator.clone(),
    };
    opts.project = reveal_md_json(source_dir, diags);
    let tool = match args.from {
        // Separators from the project or the command line: reveal-md's.
        FromArg::Auto if !(opts.given.is_empty() && opts.project.is_empty()) => Tool::Reveal,
        FromArg::Auto => import::detect(&text, &opts.extension),
        FromArg::Marp => Tool::Marp,
        FromArg::Reveal => Tool::Reveal,
        FromArg::Slidev => Tool::Slidev,
        FromArg::Quarto => Tool::Quarto,
        FromArg::Presenterm => Tool::Presenterm,
        FromArg::Pptx => Tool::Pptx,
    };
    if tool == Tool::Slidev {
        opts.included = slidev_sources(&text, source_dir);
    }
    let imported = import::import(tool, &text, &opts);
    let target = dir.join(format!("{}.md", opts.stem));
    claims.claim(dir, &target, &shown, false)?;
    check_target(file, &target, &shown, args.force)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut import_diags = imported.diagnostics;
    let copy = ImageCopy::new(&text, &shown, source_dir, dir, tool, args.force, claims)?;
    let text_out = copy.run(&imported.text, &mut import_diags)?;
    output::write_atomic(dir, &format!("{}.md", opts.stem), text_out.as_bytes())
        .map_err(|e| Error::io(&target, e))?;
    let warnings = import_diags.len();
    diags.extend(import_diags);
    eprintln!(
        "imported {shown} ({}) → {}: {} slide{}, {} with notes, {warnings} warning{}",
        tool.label(),
        display_path(&target),
        imported.slides,
        plural(imported.slides),
        imported.slides_with_notes,
        plural(warnings),
    );
    Ok(Some(Written {
        target,
        text: text_out,
        language: imported.language.filter(|l| !l.trim().is_empty()),
    }))
}

/// reveal-md's project settings beside the deck: `separator` and
/// `verticalSeparator` from reveal-md.json (a warning when it is not JSON).
fn reveal_md_json(source_dir: &Path, diags: &mut Vec<Diagnostic>) -> Separators {
    let file = source_dir.join("reveal-md.json");
    let Ok(text) = std::fs::read_to_string(&file) else {
        return Separators::default();
    };
    let value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(
                Diagnostic::warning(
                    &display_path(&file),
                    Pos {
                        line: e.line(),
                        col: e.column(),
                    },
                    format!("not JSON ({e}): its separators are not used"),
                )
                .with_help("fix the file, or give --separator and --vertical-separator"),
            );
            return Separators::default();
        }
    };
    let get = |k: &str| value.get(k).and_then(|v| v.as_str()).map(str::to_string);
    Separators {
        separator: get("separator"),
        vertical: get("verticalSeparator"),
    }
}

/// The files a Slidev deck's `src:` slides name, read when they are inside
/// the deck's folder (and under 2 MB); the others stay notes.
fn slidev_sources(text: &str, source_dir: &Path) -> Vec<(String, String)> {
    let Ok(root) = source_dir.canonicalize() else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let Some(value) = line.strip_prefix("src:") else {
            continue;
        };
        let path = value.trim().trim_matches(['"', '\'']).to_string();
        if path.is_empty() || out.iter().any(|(p, _)| *p == path) {
            continue;
        }
        let rel = path.trim_start_matches('/');
        let Some(real) = normalize(Path::new(rel))
            .and_then(|clean| root.join(clean).canonicalize().ok())
            .filter(|p| p.starts_with(&root) && p.is_file())
        else {
            continue;
        };
        let small = std::fs::metadata(&real).is_ok_and(|m| m.len() <= lectern::MAX_DECK_BYTES);
        if let Some(body) = small.then(|| std::fs::read_to_string(&real).ok()).flatten() {
            out.push((path, body));
        }
    }
    out
}

/// A PowerPoint file is read whole, but not beyond this.
const MAX_PPTX_BYTES: u64 = 300 << 20;

/// Imports the `k`th file, a PowerPoint file: converted whole, then its
/// pictures and the deck written (nothing when the file is refused). With
/// `--onto`, the deck goes beside that deck, laid onto it, and the
/// differences are printed.
fn import_pptx(
    args: &ImportArgs,
    k: usize,
    file: &Path,
    dir: &Path,
    claims: &Claims,
    diags: &mut Vec<Diagnostic>,
) -> Result<Written, Error> {
    let shown = display_path(file);
    let refused = |why: String| Error {
        message: format!(
            "{shown}: {why}; nothing was written (is it a PowerPoint file, saved whole?)"
        ),
    };
    let meta = std::fs::metadata(file).map_err(|e| Error::io(file, e))?;
    if !meta.is_file() || meta.len() > MAX_PPTX_BYTES {
        return Err(refused(format!(
            "not a file under {} MB",
            MAX_PPTX_BYTES >> 20
        )));
    }
    let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
    let mut opts = Options::new(&shown);
    opts.session = args.session.map(|n| n + k as u32);
    opts.mode = match args.mode {
        ModeArg::F2f => Mode::F2f,
        ModeArg::Online => Mode::Online,
    };
    let converted = import::pptx::import(&bytes, &opts).map_err(refused)?;
    let imported = converted.imported;
    let (dir, name, text) = match &args.onto {
        Some(onto) => {
            let source = std::fs::read_to_string(onto).map_err(|e| Error::io(onto, e))?;
            let stem = onto
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            let parent = onto
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let merged = import::onto::merge(&source, &imported.text);
            let name = format!("{stem}.imported.md");
            let diff = import::onto::unified_diff(
                &source,
                &merged,
                &display_path(onto),
                &display_path(&parent.join(&name)),
            );
            if diff.is_empty() {
                println!("no differences from {}", display_path(onto));
            } else {
                print!("{diff}");
            }
            (parent.to_path_buf(), name, merged)
        }
        None => (
            dir.to_path_buf(),
            format!("{}.md", opts.stem),
            imported.text.clone(),
        ),
    };
    let target = dir.join(&name);
    claims.claim(&dir, &target, &shown, false)?;
    check_target(file, &target, &shown, args.force)?;
    for (path, data) in &converted.assets {
        let dest = dir.join(path);
        Claims::no_link(&dir, &dest)?;
        let existing = lectern::files::read_bounded(&dest, EXISTING_CAP).ok();
        let same = existing.as_ref().is_some_and(|old| old == data);
        claims.claim(&dir, &dest, &shown, same)?;
        if existing.is_some() && !same && !args.force {
            return Err(Error {
                message: format!("{} already exists and differs (use --force to overwrite it); nothing was written", display_path(&dest)),
            });
        }
    }
    for (path, data) in &converted.assets {
        let dest = dir.join(path);
        let parent = dest.parent().unwrap_or(&dir);
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        output::write_atomic(parent, &file_name(&dest), data).map_err(|e| Error::io(&dest, e))?;
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    output::write_atomic(&dir, &name, text.as_bytes()).map_err(|e| Error::io(&target, e))?;
    let warnings = imported.diagnostics.len();
    diags.extend(imported.diagnostics);
    eprintln!(
        "imported {shown} (PowerPoint) → {}: {} slide{}, {} with notes, {} picture{}, {warnings} warning{}",
        display_path(&target),
        imported.slides,
        plural(imported.slides),
        imported.slides_with_notes,
        converted.assets.len(),
        plural(converted.assets.len()),
        plural(warnings),
    );
    // Laid onto a deck, the deck keeps its own language: the file's run
    // languages (LibreOffice writes its own default) say nothing new.
    let language = if args.onto.is_some() {
        None
    } else {
        imported.language.filter(|l| !l.trim().is_empty())
    };
    Ok(Written {
        target,
        text,
        language,
    })
}

/// A deck's text; None (and an error in `diags`) when it is not UTF-8.
fn read_deck(
    file: &Path,
    shown: &str,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<String>, Error> {
    let meta = std::fs::metadata(file).map_err(|e| Error::io(file, e))?;
    if !meta.is_file() || meta.len() > lectern::MAX_DECK_BYTES {
        return Err(Error {
            message: format!(
                "{shown}: not a deck lectern imports (it must be a text file under 2 MB)"
            ),
        });
    }
    let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
    let Ok(text) = String::from_utf8(bytes) else {
        diags.push(
            Diagnostic::error(
                shown,
                Pos { line: 1, col: 1 },
                "this deck is not UTF-8 text",
            )
            .with_help("save it with UTF-8 encoding and import it again"),
        );
        return Ok(None);
    };
    Ok(Some(text))
}

/// Never over the source itself, and never over another deck unasked.
pub fn check_target(file: &Path, target: &Path, shown: &str, force: bool) -> Result<(), Error> {
    let same = match (file.canonicalize(), target.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(Error {
            message: format!(
                "{shown}: the lectern deck would replace its source; give another folder with --out"
            ),
        });
    }
    if target.exists() && !force {
        return Err(Error {
            message: format!(
                "{} already exists (use --force to overwrite it)",
                display_path(target)
            ),
        });
    }
    if target.exists() {
        // --force replaces a deck lectern imported, keeping a copy (the
        // author may have edited it); anything else may be another tool's
        // source beside it, and is never replaced.
        let old = lectern::files::read_bounded(target, lectern::MAX_DECK_BYTES)
            .ok()
            .and_then(|b| String::from_utf8(b).ok());
        let imported = old.as_deref().is_some_and(|t| {
            t.starts_with("+++")
                && t.lines()
                    .take(40)
                    .any(|l| l.starts_with("# imported from "))
        });
        if !imported {
            return Err(Error {
                message: format!(
                    "{} is not a deck `lectern import` wrote (another tool's source?): not replaced, even with --force; import into another folder (--out)",
                    display_path(target)
                ),
            });
        }
        let copy = target.with_extension("md.orig");
        std::fs::copy(target, &copy).map_err(|e| Error::io(&copy, e))?;
        eprintln!("kept the deck it replaces as {}", display_path(&copy));
    }
    Ok(())
}

/// The most of a file already at a destination that is read to compare
/// (a picture lectern would write is smaller).
const EXISTING_CAP: u64 = 400 << 20;

/// What one `lectern import` run writes, and from which source: two
/// sources never write the same file, and nothing is written through a
/// symbolic link in the output folder.
#[derive(Default)]
pub struct Claims(std::cell::RefCell<Vec<(PathBuf, String)>>);

impl Claims {
    /// Claims `dest` (inside `dir`) for the source shown as `source`;
    /// `same`: what it writes there is what is there already (two decks
    /// showing one picture share it).
    pub fn claim(&self, dir: &Path, dest: &Path, source: &str, same: bool) -> Result<(), Error> {
        Self::no_link(dir, dest)?;
        let mut claims = self.0.borrow_mut();
        if let Some((_, other)) = claims
            .iter()
            .find(|(d, s)| d == dest && s != source && !same)
        {
            return Err(Error {
                message: format!(
                    "{other} and {source} would both be written to {}: import them into different folders (--out)",
                    display_path(dest)
                ),
            });
        }
        claims.push((dest.to_path_buf(), source.to_string()));
        Ok(())
    }

    /// No symbolic link on the way from `dir` (which the user named, link
    /// or not) to `dest`: checked before `dest` is read or written.
    pub fn no_link(dir: &Path, dest: &Path) -> Result<(), Error> {
        let mut at = Some(dest);
        while let Some(p) = at {
            if p == dir || p.as_os_str().is_empty() {
                break;
            }
            if std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(Error {
                    message: format!(
                        "{} is a symbolic link: `lectern import` never writes through one; remove it or import into another folder (--out)",
                        display_path(p)
                    ),
                });
            }
            at = p.parent();
        }
        Ok(())
    }
}

fn title_of(deck: &str) -> String {
    deck.lines()
        .find_map(|l| l.strip_prefix("title = "))
        .and_then(|v| v.parse::<toml::Value>().ok())
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The deck's language belongs in course.toml: written there when the
/// folder has none yet, compared when it has one.
fn course_language(
    dir: &Path,
    language: &str,
    title: &str,
    diags: &mut Vec<Diagnostic>,
) -> Result<(), Error> {
    let file = dir.join("course.toml");
    if let Ok(text) = std::fs::read_to_string(&file) {
        let current = text
            .parse::<toml::Table>()
            .ok()
            .and_then(|t| {
                t.get("language")
                    .and_then(|l| l.as_str())
                    .map(str::to_string)
            })
            .unwrap_or_else(|| "en".into());
        if !current.eq_ignore_ascii_case(language) {
            diags.push(
                Diagnostic::warning(
                    &display_path(&file),
                    Pos::default(),
                    format!("the imported deck is in `{language}`, the course in `{current}`"),
                )
                .with_help("a course has one language: change `language` in course.toml if the decks changed it"),
            );
        }
    } else {
        let text = format!(
            "# Written by `lectern import`; lectern's docs/deck-format.md lists every key.\ntitle = {}\nlanguage = {}\n",
            toml::Value::String(title.to_string()),
            toml::Value::String(language.to_string())
        );
        output::write_atomic(dir, "course.toml", text.as_bytes())
            .map_err(|e| Error::io(&file, e))?;
        eprintln!("wrote {} (language = \"{language}\")", display_path(&file));
    }
    Ok(())
}

/// `a/./b/../c.png` → `a/c.png`; `None` when it climbs out.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir | Component::RootDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Prefix(_) => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// Copies the local images a converted deck shows from beside its source
/// into `dir`, at the same relative path. An image outside the source's
/// folder is refused; its reference keeps only the file name, so the deck
/// shows a placeholder until someone copies it in.
struct ImageCopy<'a> {
    /// The source deck's text, where warnings point.
    source: &'a str,
    idx: LineIndex<'a>,
    shown: &'a str,
    source_dir: &'a Path,
    /// The source's folder, resolved: no image is read from outside it.
    root: PathBuf,
    dir: &'a Path,
    tool: Tool,
    force: bool,
    claims: &'a Claims,
}

impl<'a> ImageCopy<'a> {
    fn new(
        source: &'a str,
        shown: &'a str,
        source_dir: &'a Path,
        dir: &'a Path,
        tool: Tool,
        force: bool,
        claims: &'a Claims,
    ) -> Result<Self, Error> {
        let root = source_dir
            .canonicalize()
            .map_err(|e| Error::io(source_dir, e))?;
        Ok(ImageCopy {
            source,
            idx: LineIndex::new(source),
            shown,
            source_dir,
            root,
            dir,
            tool,
            force,
            claims,
        })
    }

    /// Copies the images `deck` shows; returns the deck with the sources
    /// it changed rewritten.
    fn run(&self, deck: &str, diags: &mut Vec<Diagnostic>) -> Result<String, Error> {
        let mut renamed: Vec<(String, String)> = Vec::new();
        for src in import::image_sources(deck) {
            let lower = src.to_ascii_lowercase();
            if lower.contains("://")
                || lower.starts_with("data:")
                || lower.starts_with("mailto:")
                || src.is_empty()
            {
                continue;
            }
            self.copy(&src, &mut renamed, diags)?;
        }
        if renamed.is_empty() {
            return Ok(deck.to_string());
        }
        Ok(import::rewrite_image_sources(deck, &|s| {
            renamed
                .iter()
                .find(|(from, _)| from == s)
                .map(|(_, to)| to.clone())
        }))
    }

    /// Copies one local image; a source the deck must name differently
    /// goes to `renamed`.
    fn copy(
        &self,
        src: &str,
        renamed: &mut Vec<(String, String)>,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<(), Error> {
        let decoded = lectern::parse::percent_decode(src);
        let rel = Path::new(&decoded);
        let Some(clean) = normalize(rel) else {
            let name = file_name(rel);
            self.warn(diags, src, format!("image `{src}` is outside the deck's folder: not copied"),
                &format!("copy it into {} by hand; the deck now looks for `{name}` beside it and shows a placeholder until then", display_path(self.dir)));
            renamed.push((src.to_string(), name));
            return Ok(());
        };
        // A path from the site's root (`/img/x.png`) is read beside the deck
        // and written relative to it.
        if decoded.starts_with(['/', '\\']) {
            let relative = clean
                .to_string_lossy()
                .replace('\\', "/")
                .replace(' ', "%20");
            renamed.push((src.to_string(), relative));
        }
        let mut candidates = vec![self.source_dir.join(&clean)];
        if self.tool == Tool::Slidev {
            candidates.push(self.source_dir.join("public").join(&clean));
        }
        let found = candidates
            .iter()
            .find_map(|c| c.canonicalize().ok().filter(|p| p.is_file()));
        let Some(real) = found else {
            self.warn(
                diags,
                src,
                format!("image `{src}` is not beside the deck: not copied"),
                "add the file, or fix the path; the slide shows a placeholder until then",
            );
            return Ok(());
        };
        if !real.starts_with(&self.root) {
            self.warn(
                diags,
                src,
                format!("image `{src}` leads outside the deck's folder: not copied"),
                "copy the file into the course folder by hand",
            );
            renamed.push((src.to_string(), file_name(&clean)));
            return Ok(());
        }
        self.write(src, &clean, &real, diags)
    }

    /// Writes the image at `real` to `clean` in `dir`, unless the same file
    /// is there, or another one and no `--force`.
    fn write(
        &self,
        src: &str,
        clean: &Path,
        real: &Path,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<(), Error> {
        let dest = self.dir.join(clean);
        let bytes = std::fs::read(real).map_err(|e| Error::io(real, e))?;
        Claims::no_link(self.dir, &dest)?;
        let existing = lectern::files::read_bounded(&dest, EXISTING_CAP).ok();
        let same = existing.as_ref().is_some_and(|old| *old == bytes);
        self.claims.claim(self.dir, &dest, self.shown, same)?;
        if existing.is_some() {
            if same {
                return Ok(());
            }
            if !self.force {
                self.warn(
                    diags,
                    src,
                    format!(
                        "{} already exists and differs: not overwritten",
                        display_path(&dest)
                    ),
                    "use --force to overwrite it",
                );
                return Ok(());
            }
        }
        let parent = dest.parent().unwrap_or(self.dir);
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        output::write_atomic(parent, &file_name(&dest), &bytes).map_err(|e| Error::io(&dest, e))
    }

    /// A warning at the image's source in the deck.
    fn warn(&self, diags: &mut Vec<Diagnostic>, src: &str, message: String, help: &str) {
        let pos = self
            .source
            .find(src)
            .map_or(Pos { line: 1, col: 1 }, |o| self.idx.pos(o));
        diags.push(
            self.idx.annotate(
                Diagnostic::warning(self.shown, pos, message)
                    .with_len(src.chars().count())
                    .with_help(help),
            ),
        );
    }
}

/// A path's file name, as text (empty when it has none).
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

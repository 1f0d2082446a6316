//! Diagnostics on a worker thread, the same as `lectern check`'s, for the
//! text as typed. Two passes: the fast one (parse, glyphs, themes) runs as
//! soon as the worker is free, on the latest text of every document that
//! changed meanwhile (edits that arrive while it runs are folded into the
//! next run, never queued one by one); the slow one (fitting with Typst:
//! overflow, "slide 4 needs 3 pages") runs once the text has been still
//! for `QUIET`. A result for a text that has changed since is dropped.

use std::collections::{BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lectern::course::Course;
use lectern::deck::Deck;
use lectern::diag::{Diagnostic, Pos, Severity};
use lectern::{Builder, Loaded};
use lsp_server::{Message, Notification};
use lsp_types::{DiagnosticSeverity, PublishDiagnosticsParams, Url};

use super::deck::{course_config, course_root, file_kind, parse, FileKind};
use super::text::range_of;

/// How long the text must be still before it is fitted.
pub const QUIET: Duration = Duration::from_millis(150);

/// Work for the checker.
pub enum Work {
    /// A document's latest text.
    Check {
        uri: Url,
        version: i32,
        text: Arc<str>,
    },
    /// A document was closed: its diagnostics are cleared.
    Closed(Url),
    /// A file was saved: settings and themes are read afresh.
    Saved,
}

/// What fitting decided for a deck's slides, for hovers.
#[derive(Debug, Clone, Default)]
pub struct Fitted {
    pub version: i32,
    pub theme: String,
    /// Per slide: pages and body size in points.
    pub slides: Vec<(usize, f64)>,
}

/// The latest fitting results by document.
pub type Fits = Arc<Mutex<HashMap<Url, Fitted>>>;

/// Starts the checker; it ends when the returned sender is dropped.
pub fn spawn(out: Sender<Message>, fits: Fits) -> (Sender<Work>, std::thread::JoinHandle<()>) {
    let (tx, rx) = crossbeam_channel::unbounded();
    let handle = std::thread::Builder::new()
        .name("lectern-lsp-check".into())
        // Typst lays out deep documents: the main thread's stack, not a
        // spawned thread's smaller default.
        .stack_size(8 << 20)
        .spawn(move || Checker::new(out, fits).run(&rx))
        .expect("a thread can be started");
    (tx, handle)
}

struct Job {
    version: i32,
    text: Arc<str>,
}

struct Checker {
    out: Sender<Message>,
    fits: Fits,
    builder: Builder,
    /// A loaded course per course folder, its decks replaced by the
    /// document checked; its theme cache lives as long as it does.
    courses: HashMap<PathBuf, Loaded>,
    latest: HashMap<Url, Job>,
    /// Changed since the fast pass.
    dirty: BTreeSet<Url>,
    /// Checked fast, not fitted yet.
    unfitted: BTreeSet<Url>,
    /// The fitting pass's own diagnostics of each document, shown again
    /// with the next fast pass while the line count is unchanged.
    fit_extra: HashMap<Url, (usize, Vec<lsp_types::Diagnostic>)>,
}

impl Checker {
    fn new(out: Sender<Message>, fits: Fits) -> Self {
        Checker {
            out,
            fits,
            builder: Builder::new(),
            courses: HashMap::new(),
            latest: HashMap::new(),
            dirty: BTreeSet::new(),
            unfitted: BTreeSet::new(),
            fit_extra: HashMap::new(),
        }
    }

    fn run(mut self, rx: &Receiver<Work>) {
        loop {
            let next = if self.unfitted.is_empty() {
                rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
            } else {
                rx.recv_timeout(QUIET)
            };
            match next {
                Ok(work) => {
                    self.take(work);
                    self.take_pending(rx);
                    self.fast_passes();
                }
                Err(RecvTimeoutError::Timeout) => self.fit_one(rx),
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    fn take_pending(&mut self, rx: &Receiver<Work>) {
        while let Ok(work) = rx.try_recv() {
            self.take(work);
        }
    }

    fn take(&mut self, work: Work) {
        match work {
            Work::Check { uri, version, text } => {
                self.latest.insert(uri.clone(), Job { version, text });
                self.dirty.insert(uri);
            }
            Work::Closed(uri) => {
                self.latest.remove(&uri);
                self.dirty.remove(&uri);
                self.unfitted.remove(&uri);
                self.fit_extra.remove(&uri);
                crate::lsp::lock(&self.fits).remove(&uri);
                self.publish(uri, None, Vec::new());
            }
            Work::Saved => self.courses.clear(),
        }
    }

    fn fast_passes(&mut self) {
        for uri in std::mem::take(&mut self.dirty) {
            let Some(job) = self.latest.get(&uri) else {
                continue;
            };
            let (version, text) = (job.version, Arc::clone(&job.text));
            let found = self.guarded(|this| this.fast(&uri, &text));
            let mut diags = found.unwrap_or_default();
            if let Some((lines, extra)) = self.fit_extra.get(&uri) {
                if *lines == text.lines().count() {
                    diags.extend(extra.iter().cloned());
                }
            }
            self.publish(uri.clone(), Some(version), diags);
            self.unfitted.insert(uri);
        }
    }

    /// Fits the first document waiting, unless newer text comes meanwhile.
    fn fit_one(&mut self, rx: &Receiver<Work>) {
        let Some(uri) = self.unfitted.pop_first() else {
            return;
        };
        let Some(job) = self.latest.get(&uri) else {
            return;
        };
        let (version, text) = (job.version, Arc::clone(&job.text));
        let found = self.guarded(|this| this.slow(&uri, version, &text));
        self.take_pending(rx);
        let current = self.latest.get(&uri).is_some_and(|j| j.version == version);
        if !current || self.dirty.contains(&uri) {
            // Stale: the fast pass of the newer text runs next.
            self.fast_passes();
            return;
        }
        if let Some((diags, extra)) = found {
            self.fit_extra
                .insert(uri.clone(), (text.lines().count(), extra));
            self.publish(uri, Some(version), diags);
        }
    }

    /// Runs a pass; a panic in it is reported on stderr and the builder
    /// and courses started afresh, so the server goes on.
    fn guarded<T>(&mut self, pass: impl FnOnce(&mut Self) -> T) -> Option<T> {
        let outcome = catch_unwind(AssertUnwindSafe(|| pass(self)));
        if outcome.is_err() {
            eprintln!("lectern lsp: a check failed; starting its state afresh");
            self.builder = Builder::new();
            self.courses.clear();
        }
        outcome.ok()
    }

    fn path_of(uri: &Url) -> Option<PathBuf> {
        uri.to_file_path().ok()
    }

    /// Parse problems, glyph and theme checks of a deck; settings problems
    /// of a `course.toml`.
    fn fast(&mut self, uri: &Url, text: &str) -> Vec<lsp_types::Diagnostic> {
        let Some(path) = Self::path_of(uri) else {
            return Vec::new();
        };
        match file_kind(&path) {
            FileKind::CourseToml => {
                let mut diags = Vec::new();
                let shown = lectern::display_path(&path);
                lectern::config::parse_course(text, &shown, &mut diags);
                self.courses.remove(&course_root(&path));
                to_lsp(text, &diags, &shown)
            }
            FileKind::Deck => {
                let (loaded, shown) = load(&mut self.courses, &path, text);
                let decks: Vec<&Deck> = loaded.course.decks.iter().collect();
                let mut made = Vec::new();
                for deck in &decks {
                    let theme = self.builder.theme(loaded, Some(deck), &mut made);
                    made.extend(lectern::lint::deck(deck, &theme));
                }
                let all = self.builder.diagnostics(loaded, &decks, made);
                to_lsp(text, &all, &shown)
            }
            FileKind::ThemeToml => theme_diagnostics(&path, text),
            FileKind::Other => Vec::new(),
        }
    }

    /// Everything `lectern check` says of a deck, fitting included, and
    /// the pages each slide gets. Returns the diagnostics and the fitting
    /// pass's own notes.
    fn slow(
        &mut self,
        uri: &Url,
        version: i32,
        text: &str,
    ) -> (Vec<lsp_types::Diagnostic>, Vec<lsp_types::Diagnostic>) {
        let Some(path) = Self::path_of(uri) else {
            return Default::default();
        };
        if file_kind(&path) != FileKind::Deck {
            return (self.fast(uri, text), Vec::new());
        }
        let builder = &mut self.builder;
        let (loaded, shown) = load(&mut self.courses, &path, text);
        let mut diags = to_lsp(text, &builder.check(loaded), &shown);
        let mut extra = Vec::new();
        if let Some(deck) = loaded.course.decks.first() {
            let fitted = fitted(builder, loaded, deck, version);
            extra = page_notes(text, deck, &fitted, &diags);
            crate::lsp::lock(&self.fits).insert(uri.clone(), fitted);
        }
        diags.extend(extra.iter().cloned());
        (diags, extra)
    }

    fn publish(&self, uri: Url, version: Option<i32>, diagnostics: Vec<lsp_types::Diagnostic>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        let note = Notification::new("textDocument/publishDiagnostics".into(), params);
        let _ = self.out.send(Message::Notification(note));
    }
}

/// A course theme's problems: whether it loads, its warnings, and its
/// legibility at the line of each key, as `lectern check` says them. The
/// theme is read as saved (a theme is read whole from its folder, with
/// what it extends), so these follow saves, not keystrokes.
fn theme_diagnostics(path: &Path, text: &str) -> Vec<lsp_types::Diagnostic> {
    let shown = lectern::display_path(path);
    let name = path
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let root = course_root(path);
    let allow_css = course_config(&root).allow_html;
    let diags = match lectern::theme::load(&name, &root, allow_css) {
        Err(e) => vec![Diagnostic::error(&shown, Pos::default(), e.message)],
        Ok(theme) => {
            let mut out: Vec<Diagnostic> = theme
                .warnings
                .iter()
                .map(|w| Diagnostic::warning(&shown, Pos::default(), w.clone()))
                .collect();
            let at = |key: &str| {
                let line = lectern::lint::toml_line(text, key);
                (shown.clone(), Pos { line, col: 1 })
            };
            out.extend(lectern::lint::theme(
                &theme,
                &lectern::lint::Usage::default(),
                &at,
            ));
            out
        }
    };
    to_lsp(text, &diags, &shown)
}

/// The course of `path` with its decks replaced by the one parsed from
/// `text`, and how the deck is named in diagnostics.
fn load<'a>(
    courses: &'a mut HashMap<PathBuf, Loaded>,
    path: &Path,
    text: &str,
) -> (&'a Loaded, String) {
    let root = course_root(path);
    let loaded = courses.entry(root.clone()).or_insert_with(|| Loaded {
        course: Course {
            config: course_config(&root),
            root,
            decks: Vec::new(),
            themes: Default::default(),
        },
        diagnostics: Vec::new(),
        files_read: Vec::new(),
        is_folder: false,
    });
    let parsed = parse(text, path, &loaded.course.config);
    loaded.course.decks = parsed.deck.into_iter().collect();
    loaded.diagnostics = parsed.diagnostics;
    (loaded, parsed.shown)
}

/// The fitting decision of a deck in its theme (already made by `check`,
/// so a cache hit).
fn fitted(builder: &mut Builder, loaded: &Loaded, deck: &Deck, version: i32) -> Fitted {
    let theme = builder.theme(loaded, Some(deck), &mut Vec::new());
    let mut engine = std::mem::take(builder.pdf_engine());
    let laid = builder.lay_out(&mut engine, loaded, deck, &theme);
    *builder.pdf_engine() = engine;
    Fitted {
        version,
        theme: theme.name.clone(),
        slides: laid.fits.iter().map(|f| (f.pages(), f.size)).collect(),
    }
}

/// "slide 4 needs 3 pages in `projector`", on each slide that flows over
/// more than one page.
/// (`check` itself warns of a slide past three pages: that is not repeated.)
fn page_notes(
    text: &str,
    deck: &Deck,
    fitted: &Fitted,
    said: &[lsp_types::Diagnostic],
) -> Vec<lsp_types::Diagnostic> {
    deck.slides
        .iter()
        .zip(&fitted.slides)
        .filter(|(slide, (pages, _))| {
            let head = format!("slide {} needs", slide.number);
            *pages > 1 && !said.iter().any(|d| d.message.starts_with(&head))
        })
        .map(|(slide, (pages, size))| lsp_types::Diagnostic {
            range: range_of(text, slide.pos, 1),
            severity: Some(DiagnosticSeverity::INFORMATION),
            source: Some("lectern".into()),
            message: format!(
                "slide {} needs {pages} pages in `{}` (body {size:.1} pt)",
                slide.number, fitted.theme
            ),
            ..Default::default()
        })
        .collect()
}

/// The diagnostics of file `shown`, as the protocol has them.
fn to_lsp(text: &str, diags: &[Diagnostic], shown: &str) -> Vec<lsp_types::Diagnostic> {
    diags
        .iter()
        .filter(|d| d.file == shown)
        .map(|d| lsp_types::Diagnostic {
            range: range_of(text, d.pos, d.len),
            severity: Some(match d.severity {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
            }),
            source: Some("lectern".into()),
            message: match &d.help {
                Some(help) => format!("{}\nhelp: {help}", d.message),
                None => d.message.clone(),
            },
            ..Default::default()
        })
        .collect()
}

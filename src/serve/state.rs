//! What the server holds: the last good page of every deck, the current
//! problems, cached PDFs, and the warm builder.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use lectern::deck::Deck;
use lectern::diag::Diagnostic;
use lectern::render::index;
use lectern::{display_path, Builder, Format, Loaded, Target};

use super::events::Hub;
use super::worker::Worker;
use std::sync::atomic::Ordering;

/// An output and the fingerprint of the source it was made from.
type Made<T> = (u64, Arc<T>);
/// One PDF's slot: held while it renders, so it renders once.
type PdfSlot = Arc<Mutex<Option<Made<Vec<u8>>>>>;
/// A deck page as made: its fingerprint, the page, its diagnostics, and
/// its projected pages one by one with the hash of the rest (`DeckPage`).
type MadePage = (u64, Arc<String>, Arc<Vec<Diagnostic>>, Arc<Slides>);

#[derive(Default)]
struct Slides {
    each: Vec<String>,
    shell: u64,
}

/// The biggest reload event that carries the changed slides; a bigger
/// change makes the browser fetch the page.
const MAX_PATCH: usize = 512 * 1024;

pub struct Live {
    /// The course folder or deck as given on the command line.
    pub path: PathBuf,
    /// The name given to `--host`, which the server answers besides
    /// loopback names and addresses.
    pub host: String,
    /// The secret our pages on this machine send with a move; nothing
    /// else can learn it (see `http::nav`).
    pub nav_key: String,
    /// This server process, named at random: a page from an earlier run
    /// (a presenter view left open across a restart) holds a key this
    /// one refuses, so the event stream tells it to load itself again.
    pub run: String,
    pub hub: Hub,
    /// Phones paired with the presenter view (`pairing`).
    pub pairing: super::pairing::Pairing,
    /// The address `serve` listens on, once bound.
    pub address: std::sync::OnceLock<std::net::SocketAddr>,
    current: RwLock<Current>,
    /// Rebuilds after a save (pages, JSON): never waits behind a PDF.
    /// It chooses themes, fingerprints and reports; its worker compiles.
    builder: Mutex<Builder>,
    pages: Worker,
    /// PDFs, one at a time, in a worker of their own.
    pdf_builder: Mutex<Builder>,
    pdf_worker: Worker,
    /// The load of the course the pages are made from: the workers read
    /// it again when this changes.
    generation: std::sync::atomic::AtomicU64,
    /// Loads begun (each a new number, also one that fails).
    loads: std::sync::atomic::AtomicU64,
    /// The last PDF of each file name and the fingerprint of the source it
    /// was made from. A request holds its name's slot while it renders, so
    /// four requests for one PDF render it once.
    pdfs: Mutex<HashMap<String, PdfSlot>>,
}

#[derive(Default)]
struct Current {
    loaded: Option<Arc<Loaded>>,
    pages: HashMap<String, Arc<String>>,
    /// The warnings the log showed last (printed again only when they change).
    warnings_shown: Vec<String>,
    /// Each deck page with the fingerprint of its source and its diagnostics.
    made: HashMap<String, MadePage>,
    /// Pages without notes for other devices, made on first request.
    audience: HashMap<String, Arc<String>>,
    index: Arc<String>,
    problems: Vec<Diagnostic>,
}

impl Live {
    pub fn new(path: &Path, theme: Option<String>, host: &str) -> Result<Live, lectern::Error> {
        std::fs::metadata(path).map_err(|e| lectern::Error::io(path, e))?;
        let mut builder = Builder::new();
        builder.theme_override = theme.clone();
        let mut pdf_builder = Builder::new();
        pdf_builder.theme_override = theme.clone();
        Ok(Live {
            path: path.to_path_buf(),
            host: host.to_string(),
            nav_key: random_key(),
            run: random_key().chars().take(16).collect(),
            hub: Hub::default(),
            pairing: super::pairing::Pairing::default(),
            address: std::sync::OnceLock::new(),
            current: RwLock::default(),
            builder: Mutex::new(builder),
            pages: Worker::new(path, theme.clone()),
            pdf_builder: Mutex::new(pdf_builder),
            pdf_worker: Worker::new(path, theme).at_low_priority(),
            generation: std::sync::atomic::AtomicU64::new(0),
            loads: std::sync::atomic::AtomicU64::new(0),
            pdfs: Mutex::default(),
        })
    }

    /// What the last load read, for the watcher.
    pub fn watched(&self) -> Option<lectern::Watched> {
        self.read().loaded.as_ref().map(|l| l.watched())
    }

    /// The course folder (for assets), from the last good load.
    pub fn root(&self) -> Option<PathBuf> {
        self.read().loaded.as_ref().map(|l| l.course.root.clone())
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Current> {
        self.current
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Current> {
        self.current
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn rebuild_all(&self) {
        self.rebuild();
    }

    /// Reloads the course, re-renders every deck, and tells browsers which
    /// decks changed. Decks with errors keep their last good page.
    pub fn rebuild(&self) {
        let started = Instant::now();
        let Some(loaded) = self.load_or_report() else {
            return;
        };
        let mut builder = self
            .builder
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (fresh, mut problems, slides) = self.deck_pages(&mut builder, &loaded);
        let decks: Vec<&Deck> = loaded.buildable().collect();
        let theme = builder.theme(&loaded, None, &mut problems);
        // The same report as `build` and `check`, theme checks included.
        let problems = builder.diagnostics(&loaded, &decks, problems);
        drop(builder);
        let index = Arc::new(index::index_page_served(&loaded.course, &decks, &theme));
        let changed = self.swap_in(fresh, index, problems, &loaded);
        self.publish_problems();
        self.log_build(slides, started, &changed);
    }

    /// The course as it is on disk, or `None` after telling every browser
    /// why it cannot be read (the last good slides stay up).
    fn load_or_report(&self) -> Option<Arc<Loaded>> {
        // The workers read the course while this process does.
        let load = self.loads.fetch_add(1, Ordering::SeqCst) + 1;
        self.pages.prepare(load);
        self.pdf_worker.prepare(load);
        match lectern::load(&self.path) {
            Ok(l) => {
                self.generation.store(load, Ordering::SeqCst);
                Some(Arc::new(l))
            }
            Err(e) => {
                let problem = Diagnostic::error(
                    &display_path(&self.path),
                    Default::default(),
                    format!("cannot read the course: {e}"),
                )
                .with_help("lectern keeps showing the last good slides until the folder is back");
                eprintln!("{}", problem.render());
                self.write().problems = vec![problem];
                self.publish_problems();
                None
            }
        }
    }

    /// Every buildable deck's page: kept when its fingerprint is unchanged
    /// (a save re-renders only what it changed), else rendered. With what
    /// rendering found and the number of slides.
    fn deck_pages(
        &self,
        builder: &mut Builder,
        loaded: &Loaded,
    ) -> (HashMap<String, MadePage>, Vec<Diagnostic>, usize) {
        let mut problems = Vec::new();
        let mut fresh = HashMap::new();
        let mut slides = 0;
        for deck in loaded.buildable() {
            let target = Target::Deck {
                stem: deck.stem.clone(),
                format: Format::Html,
            };
            slides += deck.slides.len();
            let fingerprint = builder.fingerprint(loaded, &target);
            let known = self.read().made.get(&deck.stem).cloned();
            if let Some(made) = known.filter(|m| m.0 == fingerprint) {
                problems.extend(made.2.iter().cloned());
                fresh.insert(deck.stem.clone(), made);
                continue;
            }
            let rendered = self.render_page(builder, loaded, &target);
            problems.extend(rendered.diagnostics.iter().cloned());
            if let Some(bytes) = rendered.bytes {
                let page = Arc::new(String::from_utf8(bytes).unwrap_or_default());
                let slides = rendered.page.map_or_else(Slides::default, |p| Slides {
                    each: p.slides,
                    shell: p.shell,
                });
                let diagnostics = Arc::new(rendered.diagnostics);
                fresh.insert(
                    deck.stem.clone(),
                    (fingerprint, page, diagnostics, Arc::new(slides)),
                );
            }
        }
        (fresh, problems, slides)
    }

    /// Puts the new pages, index and problems in place and tells browsers
    /// which decks changed: this machine's pages get the changed slides
    /// with the event (no second request); devices in the room only hear
    /// which deck changed and fetch their page, which has no notes.
    fn swap_in(
        &self,
        fresh: HashMap<String, MadePage>,
        index: Arc<String>,
        problems: Vec<Diagnostic>,
        loaded: &Arc<Loaded>,
    ) -> Vec<String> {
        let mut changed = Vec::new();
        {
            let mut cur = self.write();
            for (stem, made) in fresh {
                let page = Arc::clone(&made.1);
                let slides = Arc::clone(&made.3);
                let before = cur.made.insert(stem.clone(), made).map(|m| m.3);
                if cur.pages.get(&stem).is_none_or(|old| old != &page) {
                    cur.audience.remove(&stem);
                    changed.push((stem.clone(), patch(&stem, before.as_deref(), &slides)));
                    cur.pages.insert(stem, page);
                }
            }
            cur.index = index;
            cur.problems = problems;
            cur.loaded = Some(Arc::clone(loaded));
        }
        changed.sort();
        for (stem, patch) in &changed {
            let plain = serde_json::json!({ "stem": stem }).to_string();
            self.hub
                .publish_split("reload", patch.as_deref().unwrap_or(&plain), Some(&plain));
        }
        changed.into_iter().map(|(stem, _)| stem).collect()
    }

    /// One line per build on the terminal, its errors, and its warnings
    /// when they change (not at every save).
    fn log_build(&self, slides: usize, started: Instant, changed: &[String]) {
        let errors = self.read().problems.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "built {slides} slides in {:.1} ms{}{}",
            started.elapsed().as_secs_f64() * 1000.0,
            if changed.is_empty() {
                String::new()
            } else {
                format!(" (changed: {})", changed.join(", "))
            },
            if errors > 0 {
                format!("; {errors} error{}", if errors == 1 { "" } else { "s" })
            } else {
                String::new()
            }
        );
        for d in self.read().problems.iter().filter(|d| d.is_error()) {
            eprintln!("{}", d.render());
        }
        let warnings: Vec<String> = self
            .read()
            .problems
            .iter()
            .filter(|d| !d.is_error())
            .map(lectern::diag::Diagnostic::render)
            .collect();
        let mut cur = self.write();
        if warnings != cur.warnings_shown {
            for w in &warnings {
                eprintln!("{w}");
            }
            if !warnings.is_empty() {
                eprintln!(
                    "{} warning{}",
                    warnings.len(),
                    if warnings.len() == 1 { "" } else { "s" }
                );
            }
            cur.warnings_shown = warnings;
        }
    }

    /// The current errors and warnings, tagged with the deck they belong
    /// to, as the overlay reads them (in `problems` events and at page load).
    pub fn problems_json(&self) -> String {
        let cur = self.read();
        let stems: HashMap<&str, &str> = cur
            .loaded
            .as_ref()
            .map(|l| {
                l.course
                    .decks
                    .iter()
                    .map(|d| (d.file.as_str(), d.stem.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        let list = |errors: bool| -> Vec<serde_json::Value> {
            cur.problems
                .iter()
                .filter(|d| d.is_error() == errors)
                .map(|d| {
                    serde_json::json!({
                        "stem": stems.get(d.file.as_str()),
                        "file": d.file,
                        "line": d.pos.line,
                        "col": d.pos.col,
                        "message": d.message,
                        "text": d.render(),
                    })
                })
                .collect()
        };
        serde_json::json!({ "errors": list(true), "warnings": list(false) }).to_string()
    }

    fn publish_problems(&self) {
        let data = self.problems_json();
        // Build problems are for this machine only.
        self.hub.publish_split("problems", &data, None);
    }

    pub fn index(&self) -> Arc<String> {
        Arc::clone(&self.read().index)
    }

    pub fn deck_page(&self, stem: &str) -> Option<Arc<String>> {
        self.read().pages.get(stem).cloned()
    }

    /// A PDF by its output file name, made from the current source: the
    /// cached one while the source's fingerprint is unchanged, else afresh.
    pub fn pdf(&self, name: &str) -> Option<Arc<Vec<u8>>> {
        let target = Target::from_file_name(name)?;
        if let Target::Deck { stem, .. } = &target {
            if !self.has_deck(stem) {
                return None;
            }
        }
        let slot = {
            let mut slots = self
                .pdfs
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(slots.entry(name.to_string()).or_default())
        };
        let mut slot = slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let loaded = self.read().loaded.clone()?;
        let builder = self
            .pdf_builder
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let fingerprint = builder.fingerprint(&loaded, &target);
        if let Some((made_from, bytes)) = slot.as_ref() {
            if *made_from == fingerprint {
                return Some(Arc::clone(bytes));
            }
        }
        let started = Instant::now();
        let result = self.render_in(&self.pdf_worker, &builder, &loaded, &target);
        drop(builder);
        if result.bytes.is_none() {
            // Why is on the terminal; the overlay shows the pages' problems.
            for d in result.diagnostics.iter().filter(|d| d.is_error()) {
                eprintln!("{}", d.render());
            }
        }
        let bytes = Arc::new(result.bytes?);
        eprintln!(
            "built {name} in {:.0} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
        *slot = Some((fingerprint, Arc::clone(&bytes)));
        Some(bytes)
    }

    /// A deck's page without the trainer notes, for devices in the room.
    pub fn audience_page(&self, stem: &str) -> Option<Arc<String>> {
        if let Some(p) = self.read().audience.get(stem) {
            return Some(Arc::clone(p));
        }
        let loaded = self.read().loaded.clone()?;
        let target = Target::Audience {
            stem: stem.to_string(),
        };
        let mut builder = self
            .builder
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let rendered = self.render_page(&mut builder, &loaded, &target);
        drop(builder);
        let page = Arc::new(String::from_utf8(rendered.bytes?).ok()?);
        self.write()
            .audience
            .insert(stem.to_string(), Arc::clone(&page));
        Some(page)
    }

    /// Whether a file of the course folder may be served: any in a course
    /// folder; for a single deck (`serve dir/talk.md`) only the images it
    /// shows, not the rest of `dir/`.
    pub fn serves_file(&self, rel: &str) -> bool {
        let cur = self.read();
        let Some(loaded) = &cur.loaded else {
            return false;
        };
        loaded.is_folder
            || loaded
                .course
                .decks
                .iter()
                .flat_map(|d| &d.slides)
                .any(|s| lectern::deck::slide_images(s).iter().any(|f| f == rel))
    }

    /// Writes a delivery log into the course (atomically: the presenter
    /// sends the whole log at every slide change).
    pub fn save_delivery(&self, log: &lectern::report::Delivery) -> std::io::Result<()> {
        let root = self
            .root()
            .ok_or_else(|| std::io::Error::other("the course is not loaded"))?;
        let dir = lectern::report::Delivery::folder(&root, &log.deck);
        std::fs::create_dir_all(&dir)?;
        let json = log.to_json();
        lectern::report::check_room(&dir, &log.file_name(), json.len() as u64)?;
        lectern::output::write_atomic(&dir, &log.file_name(), json.as_bytes())
    }

    /// Whether a deck exists (for 404s).
    pub fn has_deck(&self, stem: &str) -> bool {
        self.read().pages.contains_key(stem)
    }
}

impl Live {
    /// `<stem>.json` from the current model.
    pub fn deck_json(&self, stem: &str) -> Option<Vec<u8>> {
        let loaded = self.read().loaded.clone()?;
        let target = Target::Deck {
            stem: stem.to_string(),
            format: Format::Json,
        };
        let mut builder = self
            .builder
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.render_page(&mut builder, &loaded, &target).bytes
    }

    /// A deck page (HTML, JSON, the room's page): here when `in_process`,
    /// else by the pages' worker.
    fn render_page(
        &self,
        builder: &mut Builder,
        loaded: &Loaded,
        target: &Target,
    ) -> lectern::Rendered {
        if !self.in_process(builder, loaded, target) {
            return self.render_in(&self.pages, builder, loaded, target);
        }
        let rendered = builder.render_one(loaded, target);
        // Typst's memo is trimmed after the page went out, off the path.
        std::thread::spawn(lectern::typeset::forget_old);
        rendered
    }

    /// Whether a page is made here rather than in the worker: a deck page
    /// (HTML, JSON, the room's page) in lectern's own template, whose work
    /// the deck caps bound (`parse::limits`), so that a save reaches the
    /// screen without a second read of the course and a trip through a
    /// pipe (save → reload 15.6 ms against 20.6 ms through the worker,
    /// docs/performance.md). A course's own template, and every PDF,
    /// always go to a worker.
    fn in_process(&self, builder: &Builder, loaded: &Loaded, target: &Target) -> bool {
        let (Target::Deck {
            stem,
            format: Format::Html | Format::Json,
        }
        | Target::Audience { stem }) = target
        else {
            return false;
        };
        let deck = loaded.course.decks.iter().find(|d| &d.stem == stem);
        let mut ignored = Vec::new();
        deck.is_some()
            && builder
                .theme(loaded, deck, &mut ignored)
                .uses_builtin_template()
    }

    /// `target` rendered by a worker; when the worker was stopped (a
    /// template that loops or grows without end), an error at the
    /// template, or at the deck when it is lectern's own template.
    fn render_in(
        &self,
        worker: &Worker,
        builder: &Builder,
        loaded: &Loaded,
        target: &Target,
    ) -> lectern::Rendered {
        let generation = self.generation.load(Ordering::SeqCst);
        match worker.render(generation, target) {
            Ok(rendered) => rendered,
            Err(why) => {
                let deck = match target {
                    Target::Deck { stem, .. } | Target::Audience { stem } => {
                        loaded.course.decks.iter().find(|d| &d.stem == stem)
                    }
                    Target::Course(_) => None,
                };
                let mut ignored = Vec::new();
                let theme = builder.theme(loaded, deck, &mut ignored);
                let template = loaded
                    .course
                    .root
                    .join("themes")
                    .join(&theme.name)
                    .join("deck.typ");
                let file = if !theme.uses_builtin_template() && template.is_file() {
                    display_path(&template)
                } else {
                    deck.map_or_else(
                        || display_path(&loaded.course.root.join("course.toml")),
                        |d| d.file.clone(),
                    )
                };
                lectern::Rendered {
                    diagnostics: vec![Diagnostic::error(&file, Default::default(), why).with_help(
                        "lectern keeps showing the last good slides; the next save builds again",
                    )],
                    ..lectern::Rendered::default()
                }
            }
        }
    }
}

/// 128 random bits as hex, from the operating system's randomness (std
/// seeds `RandomState` from it; two states give two independent keys).
pub(super) fn random_key() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut key = String::new();
    for salt in 0..2u8 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u8(salt);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        key.push_str(&format!("{:016x}", h.finish()));
    }
    key
}

/// The reload event for this machine's pages: the slides that differ from
/// the last version, when only slides changed and the event stays small;
/// else none (the page is fetched whole).
fn patch(stem: &str, before: Option<&Slides>, now: &Slides) -> Option<String> {
    let before = before?;
    if before.shell != now.shell || now.each.is_empty() {
        return None;
    }
    let slides: Vec<(usize, &str)> = now
        .each
        .iter()
        .enumerate()
        .filter(|(i, html)| before.each.get(*i) != Some(*html))
        .map(|(i, html)| (i, html.as_str()))
        .collect();
    let json =
        serde_json::json!({ "stem": stem, "count": now.each.len(), "slides": slides }).to_string();
    (json.len() <= MAX_PATCH).then_some(json)
}

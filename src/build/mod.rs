//! The builder: long-lived build state (themes, fitting decisions, the
//! warm Typst compiler) and the driver that turns a loaded course into
//! artifacts. It prints nothing and writes nothing: the CLI writes the
//! artifacts, the live server keeps them in memory.
//!
//! - `themes`: which theme a deck is set in, and the theme checks;
//! - `render`: one target, dispatched by format to its renderer;
//! - `jobs`: a whole build, decks side by side on every core;
//! - `diagnostics`: what `build`, `check` and `serve` report, assembled once.

mod diagnostics;
mod jobs;
mod render;
mod themes;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::course::Course;
use crate::deck::Deck;
use crate::diag::Diagnostic;
use crate::fit::{Fitter, LaidOutDeck};
use crate::load::Loaded;
use crate::render::pdf::{Paged, PdfEngine};
use crate::target::{Artifact, Format, Target};
use crate::theme::Theme;

pub use render::Rendered;

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

/// A build's progress callback: units done, units in all, the one just done.
pub type Progress = Box<dyn Fn(usize, usize, &str) + Send + Sync>;

/// Long-lived build state: themes and the warm Typst compiler. One per
/// process; the live server keeps it so that rebuilds are incremental.
pub struct Builder {
    pdf: PdfEngine,
    pub theme_override: Option<String>,
    /// The room of this run (`check --room`), over course.toml's.
    pub room_override: Option<crate::config::Room>,
    /// Fitting decisions by deck and by slide.
    fitter: Fitter,
    /// Told after each unit of a build: (done, of, what), for a progress line.
    pub progress: Option<Progress>,
    /// Width of PNG pages in pixels.
    pub png_width: u32,
    /// Each session's laid-out workbook and script by fingerprint: the
    /// course documents are made of them, so no session is laid out twice.
    sessions: Mutex<HashMap<u64, Paged>>,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    pub fn new() -> Self {
        Builder {
            pdf: PdfEngine::new(),
            theme_override: None,
            room_override: None,
            fitter: Fitter::default(),
            progress: None,
            png_width: 1920,
            sessions: Default::default(),
        }
    }

    /// Takes the fitting decisions an earlier run saved (`saved_fits`).
    pub fn load_fits(&self, saved: &[u8]) {
        self.fitter.load(saved);
    }

    /// The fitting decisions to keep for the next run, when any is new.
    pub fn saved_fits(&self) -> Option<Vec<u8>> {
        self.fitter.saved()
    }

    /// The warm PDF compiler, for callers that render one document at a time.
    pub fn pdf_engine(&mut self) -> &mut PdfEngine {
        &mut self.pdf
    }

    /// Runs `f` with the builder's own warm compiler taken out of it.
    fn with_engine<T>(&mut self, f: impl FnOnce(&Self, &mut PdfEngine) -> T) -> T {
        let mut engine = std::mem::take(&mut self.pdf);
        let out = f(self, &mut engine);
        self.pdf = engine;
        out
    }

    /// Fits a deck to its theme (see `fit`), or reuses the decision.
    pub fn lay_out(
        &self,
        engine: &mut PdfEngine,
        loaded: &Loaded,
        deck: &Deck,
        theme: &Theme,
    ) -> Arc<LaidOutDeck> {
        self.fitter.lay_out(engine, &loaded.course, deck, theme)
    }

    /// Every check `build` runs, without producing outputs: legibility, glyphs
    /// and overflow from the real slide layout. The whole run's diagnostics
    /// (`Builder::diagnostics`), parse problems included.
    pub fn check(&mut self, loaded: &Loaded) -> Vec<Diagnostic> {
        // Every check on every deck, also on one that has errors.
        let decks: Vec<&Deck> = loaded.course.decks.iter().collect();
        let mut made = Vec::new();
        for deck in &decks {
            let theme = self.theme(loaded, Some(deck), &mut made);
            let laid = self.with_engine(|b, engine| b.lay_out(engine, loaded, deck, &theme));
            made.extend(laid.diagnostics.iter().cloned());
            if let Some(room) = self.room(&loaded.course) {
                let plain = self.named_theme(loaded, Some(deck), &mut Vec::new());
                if plain.sizes.steps() != theme.sizes.steps() {
                    let without =
                        self.with_engine(|b, engine| b.lay_out(engine, loaded, deck, &plain));
                    made.extend(themes::flows_for_the_room(
                        deck, &laid, &without, &theme, room,
                    ));
                }
            }
        }
        self.diagnostics(loaded, &decks, made)
    }

    /// What a target's bytes depend on, as one number: its deck (or every
    /// deck), the course settings, its theme and template, and the images it
    /// shows. Equal fingerprints mean equal outputs, so the live server keys
    /// its cache on this and never hands out a PDF of an older source.
    pub fn fingerprint(&self, loaded: &Loaded, target: &Target) -> u64 {
        use std::hash::{Hash, Hasher};
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
        themes.push(print_theme(&loaded.course, &themes[0]));
        let themes: Vec<&Theme> = themes.iter().map(|t| &**t).collect();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        crate::fit::cache::inputs_hash(&loaded.course, &decks, &themes).hash(&mut h);
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
                crate::report::deliveries(&loaded.course.root, &deck.stem)
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
}

/// The theme printed documents take their palette from.
fn print_theme(course: &Course, theme: &Arc<Theme>) -> Arc<Theme> {
    course
        .themes
        .get("print", &course.root, course.config.allow_html)
        .unwrap_or_else(|_| Arc::clone(theme))
}

//! Fitting a deck, once: decisions kept by deck and by slide, so that a
//! rebuild measures only the slides that changed, and kept between runs
//! in the output folder (`OUT/.lectern-fits`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::measure::{decide, Measure};
use super::{bound, is_fitted, paginate, Fit, Page};
use crate::course::Course;
use crate::deck::{self, Deck};
use crate::diag::Diagnostic;
use crate::theme::Theme;

/// The largest body size (points) and page count a kept decision may have.
const MAX_FIT_SIZE: f64 = 200.0;
const MAX_FIT_PAGES: usize = 1000;
/// How many decisions of slides a build did not look up are kept for a
/// later one (a few dozen bytes each).
const MAX_EARLIER_FITS: usize = 4000;

/// A deck fitted to its theme: the decisions and the pages they make.
pub struct LaidOutDeck {
    pub fits: Vec<Fit>,
    pub pages: Vec<Page>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Fitting decisions as a run saves them for the next (`out/.lectern-fits`).
#[derive(serde::Serialize, serde::Deserialize)]
struct FitStore {
    /// The binary that measured them (`binary_identity`).
    lectern: String,
    /// By slide key (`slide_key`, hexadecimal): the slides of the latest build.
    fits: BTreeMap<String, Fit>,
    /// Slides earlier builds had and the latest did not look up: another
    /// deck built into the same folder, a slide before an edit that may
    /// be undone.
    #[serde(default)]
    earlier: BTreeMap<String, Fit>,
}

/// The fitting decisions a builder keeps.
#[derive(Default)]
pub struct Fitter {
    /// By deck content and theme: a deck that did not change is not
    /// measured again (the live server rebuilds often).
    decks: Arc<Mutex<HashMap<u64, Arc<LaidOutDeck>>>>,
    /// By slide content and theme: after an edit only the slides that
    /// changed are measured again.
    slides: Arc<Mutex<HashMap<u64, Fit>>>,
    /// The slide keys this fitter's builds looked up, and whether any
    /// slide was measured: what `saved` keeps for the next run.
    used: Mutex<(HashSet<u64>, bool)>,
    /// The slide keys `load` took, the latest build's first.
    loaded: Mutex<Vec<u64>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Fitter {
    /// Takes the decisions an earlier run saved (`saved`), so that only
    /// slides that changed since are measured. Decisions saved by another
    /// lectern binary are ignored: a new version may lay out differently.
    pub fn load(&self, saved: &[u8]) {
        let Ok(store) = serde_json::from_slice::<FitStore>(saved) else {
            return;
        };
        if store.lectern != binary_identity() {
            return;
        }
        let mut cache = lock(&self.slides);
        let mut loaded = lock(&self.loaded);
        for (key, fit) in store.fits.into_iter().chain(store.earlier) {
            if let Ok(key) = u64::from_str_radix(&key, 16) {
                if plausible(&fit) && !cache.contains_key(&key) {
                    cache.insert(key, fit);
                    loaded.push(key);
                }
            }
        }
    }

    /// The decisions of the slides built so far, for the next run
    /// (`load`), or `None` when nothing was measured anew (the saved ones
    /// are still right). Decisions loaded and not looked up since are kept
    /// apart, the latest build's first, up to `MAX_EARLIER_FITS`: so
    /// building one deck, then another into the same folder, then the
    /// first again measures nothing the third time.
    pub fn saved(&self) -> Option<Vec<u8>> {
        let used = lock(&self.used);
        if !used.1 {
            return None;
        }
        let cache = lock(&self.slides);
        let entry = |k: &u64| cache.get(k).map(|f| (format!("{k:016x}"), f.clone()));
        let fits = used.0.iter().filter_map(entry).collect();
        let earlier = lock(&self.loaded)
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

    /// Fits a deck to its theme (see `fit`), or reuses the decision for an
    /// unchanged deck and theme. Slides decided before, or plain enough for
    /// `bound` to decide, are not measured.
    pub fn lay_out<M: Measure>(
        &self,
        measure: &mut M,
        course: &Course,
        deck: &Deck,
        theme: &Theme,
    ) -> Arc<LaidOutDeck> {
        let key = inputs_hash(course, &[deck], &[theme]);
        if let Some(hit) = lock(&self.decks).get(&key).cloned() {
            return hit;
        }
        let keys: Vec<u64> = {
            let context = slide_context(course, theme);
            let root = &course.root;
            deck.slides
                .iter()
                .map(|s| slide_key(context, root, s))
                .collect()
        };
        let known = self.known(course, deck, theme, &keys);
        let result = decide(measure, course, deck, theme, &known);
        self.remember(deck, &keys, &known, &result.fits);
        // What is kept per slide is each slide's own decision; a series of
        // parallel slides is then set alike.
        let mut result = result;
        super::share_steps(deck, &mut result.fits);
        let pages = paginate(deck, &result.fits, theme.sizes.body);
        // The deck's own checks (glyphs, figure text) depend on what the
        // key covers, so they are made once here, not once per output.
        let (w, h) = course.config.aspect.size();
        let mut diagnostics = crate::lint::deck(deck, theme);
        diagnostics.extend(crate::lint::figures(
            deck,
            theme,
            &course.root,
            (f64::from(w), f64::from(h)),
        ));
        diagnostics.extend(result.diagnostics);
        let laid = Arc::new(LaidOutDeck {
            fits: result.fits,
            pages,
            diagnostics,
        });
        let mut cache = lock(&self.decks);
        // Old decisions of edited decks are dropped now and then; each is small.
        if cache.len() > 256 {
            cache.clear();
        }
        cache.insert(key, laid.clone());
        laid
    }

    /// The decisions known before measuring: made before, or certain.
    fn known(&self, course: &Course, deck: &Deck, theme: &Theme, keys: &[u64]) -> Vec<Option<Fit>> {
        let cache = lock(&self.slides);
        let (width, height) = course.config.aspect.size();
        let screen = bound::Screen {
            width: f64::from(width),
            height: f64::from(height),
            lang: &course.config.language,
        };
        keys.iter()
            .zip(&deck.slides)
            .map(|(k, slide)| {
                cache
                    .get(k)
                    .cloned()
                    .or_else(|| bound::certain_fit(slide, theme, screen))
            })
            .collect()
    }

    /// Notes which slides a build looked up, and keeps what it measured.
    fn remember(&self, deck: &Deck, keys: &[u64], known: &[Option<Fit>], fits: &[Fit]) {
        {
            let mut used = lock(&self.used);
            for ((key, slide), fit) in keys.iter().zip(&deck.slides).zip(known) {
                if is_fitted(slide.kind) {
                    used.0.insert(*key);
                    used.1 |= fit.is_none();
                }
            }
        }
        let mut cache = lock(&self.slides);
        if cache.len() > 20_000 {
            cache.clear();
        }
        for ((key, slide), fit) in keys.iter().zip(&deck.slides).zip(fits) {
            if is_fitted(slide.kind) {
                cache.insert(*key, fit.clone());
            }
        }
    }
}

/// The file sits in the output folder, where anything can change it: only
/// decisions a build could have made are taken.
fn plausible(fit: &Fit) -> bool {
    fit.size.is_finite()
        && (1.0..=MAX_FIT_SIZE).contains(&fit.size)
        && fit.breaks.len() < MAX_FIT_PAGES
        && fit.breaks.windows(2).all(|w| w[0] < w[1])
        && fit.overfull.len() < MAX_FIT_PAGES
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

/// What every slide's decision depends on besides the slide: its theme,
/// the screen and the language.
fn slide_context(course: &Course, theme: &Theme) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(theme)
        .unwrap_or_default()
        .hash(&mut h);
    theme.typst.hash(&mut h);
    theme.font_key.hash(&mut h);
    course.config.aspect.size().hash(&mut h);
    course.config.language.hash(&mut h);
    h.finish()
}

/// What one slide's fitting decision depends on: its kind, title and
/// blocks (not its number, position or notes), the images it shows (by
/// size and time), and the theme, screen and language (`context`).
fn slide_key(context: u64, root: &Path, slide: &deck::Slide) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    context.hash(&mut h);
    serde_json::to_string(&(&slide.kind, &slide.title, &slide.blocks))
        .unwrap_or_default()
        .hash(&mut h);
    hash_images(root, slide, &mut h);
    h.finish()
}

/// The size and modification time of every image a slide shows.
fn hash_images(root: &Path, slide: &deck::Slide, h: &mut impl Hasher) {
    for file in deck::slide_images(slide) {
        let meta = std::fs::metadata(root.join(&file)).ok();
        (
            file,
            meta.as_ref().map(std::fs::Metadata::len),
            meta.and_then(|m| m.modified().ok()),
        )
            .hash(h);
    }
}

/// A hash of what fitting and rendering read: the decks' slides and files,
/// the themes with their templates and CSS, the slide size, and the size
/// and modification time of every image shown.
pub fn inputs_hash(course: &Course, decks: &[&Deck], themes: &[&Theme]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for deck in decks {
        serde_json::to_string(deck).unwrap_or_default().hash(&mut h);
        deck.file.hash(&mut h);
        for slide in &deck.slides {
            hash_images(&course.root, slide, &mut h);
        }
    }
    for theme in themes {
        serde_json::to_string(theme)
            .unwrap_or_default()
            .hash(&mut h);
        theme.typst.hash(&mut h);
        theme.css.hash(&mut h);
        theme.font_key.hash(&mut h);
    }
    course.config.aspect.size().hash(&mut h);
    h.finish()
}

//! The interface fitting measures through, and the typed report a
//! template gives back for each slide. The Typst engine implements
//! [`Measure`] (`render::pdf`); the bounds (`bound`) decide plain slides
//! without it. The version of this contract is `theme::CONTRACT`.

use serde::Deserialize;

use super::{is_fitted, Fit};
use crate::course::Course;
use crate::deck::{Deck, Slide};
use crate::diag::Diagnostic;
use crate::theme::Theme;

/// Measures slides in a theme: the Typst engine (`render::pdf`).
pub trait Measure {
    /// A measurer of its own for another thread.
    fn fresh() -> Self
    where
        Self: Sized;

    /// Measures every fitted slide of `part` (a deck holding only the
    /// slides to measure, their numbers kept) and reports each one's
    /// decision by slide number.
    fn measure(&mut self, course: &Course, part: &Deck, theme: &Theme) -> Measured;
}

/// What one measuring pass gave.
pub struct Measured {
    /// (slide number, decision).
    pub fits: Vec<(usize, Fit)>,
    pub diagnostics: Vec<Diagnostic>,
    pub layout: std::time::Duration,
}

/// The fitting decisions of a deck, with their warnings.
pub struct Decided {
    /// One per slide, in deck order.
    pub fits: Vec<Fit>,
    pub diagnostics: Vec<Diagnostic>,
    pub layout: std::time::Duration,
}

/// How many slides to measure at least per thread: below that, another
/// Typst document costs more than it saves.
const MEASURED_TOGETHER: usize = 8;

/// Decides how every slide of a deck fits its theme's screen: the body
/// size and where its pages break. Slides that are not fitted (title,
/// section) get the theme's body size; `known` holds decisions made before
/// or certain (by slide index), and only the others are measured. Warns
/// about slides that need more pages than the theme allows, or hold a
/// block that does not fit even on a page of its own.
pub fn decide<M: Measure>(
    measure: &mut M,
    course: &Course,
    deck: &Deck,
    theme: &Theme,
    known: &[Option<Fit>],
) -> Decided {
    let _scope = typst_timing::TimingScope::new("fit");
    let mut fits: Vec<Fit> = (0..deck.slides.len())
        .map(|i| {
            known
                .get(i)
                .cloned()
                .flatten()
                .unwrap_or_else(|| Fit::unfitted(theme.sizes.body))
        })
        .collect();
    let unknown: Vec<usize> = (0..deck.slides.len())
        .filter(|&i| is_fitted(deck.slides[i].kind) && known.get(i).is_none_or(Option::is_none))
        .collect();
    let mut diagnostics = Vec::new();
    let mut layout = std::time::Duration::ZERO;
    if !unknown.is_empty() {
        for result in measure_in_parts(measure, course, deck, theme, &unknown) {
            diagnostics.extend(result.diagnostics);
            layout = layout.max(result.layout);
            for (n, fit) in result.fits {
                if let Some(slot) = deck.slides.iter().position(|s| s.number == n) {
                    fits[slot] = fit;
                }
            }
        }
        diagnostics.dedup_by(|a, b| a.file == b.file && a.pos == b.pos && a.message == b.message);
    }
    for (slide, fit) in deck.slides.iter().zip(&fits) {
        if is_fitted(slide.kind) {
            diagnostics.extend(warnings(deck, slide, fit, theme));
        }
    }
    Decided {
        fits,
        diagnostics,
        layout,
    }
}

/// Typst measures a document's slides one after the other, so a deck with
/// many slides to measure is measured in parts, a document each, on as
/// many threads as there are cores.
fn measure_in_parts<M: Measure>(
    measure: &mut M,
    course: &Course,
    deck: &Deck,
    theme: &Theme,
    unknown: &[usize],
) -> Vec<Measured> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let parts = cores.min(unknown.len() / MEASURED_TOGETHER).max(1);
    let chunks: Vec<Vec<usize>> = (0..parts)
        .map(|p| unknown.iter().copied().skip(p).step_by(parts).collect())
        .collect();
    // A deck of only the slides to measure (numbers kept).
    let part = |chunk: &[usize]| {
        let mut part = deck.clone();
        part.slides = chunk.iter().map(|&i| deck.slides[i].clone()).collect();
        part
    };
    std::thread::scope(|scope| {
        let others: Vec<_> = chunks
            .iter()
            .skip(1)
            .map(|chunk| scope.spawn(|| M::fresh().measure(course, &part(chunk), theme)))
            .collect();
        let mut results = vec![measure.measure(course, &part(&chunks[0]), theme)];
        results.extend(others.into_iter().filter_map(|h| h.join().ok()));
        results
    })
}

/// A slide that needs more pages than the theme allows, or holds a block
/// that does not fit even alone.
fn warnings(deck: &Deck, slide: &Slide, fit: &Fit, theme: &Theme) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let max = theme.sizes.max_pages.max(1) as usize;
    if fit.pages() > max {
        out.push(
            Diagnostic::warning(
                &deck.file,
                slide.pos,
                format!(
                    "slide {} needs {} pages at the smallest step of the type scale ({} pt) in theme `{}` (at most {max} are comfortable to follow)",
                    slide.number,
                    fit.pages(),
                    fit.size,
                    theme.name
                ),
            )
            .with_help("make it two slides with their own titles, or shorten it"),
        );
    }
    if !fit.overfull.is_empty() {
        out.push(
            Diagnostic::warning(
                &deck.file,
                slide.pos,
                format!(
                    "slide {}: a block does not fit on a page even alone at {} pt in theme `{}`, so its end is cut off",
                    slide.number, fit.size, theme.name
                ),
            )
            .with_help("shorten that block (a list item, picture or table), or split it into smaller ones"),
        );
    }
    out
}

/// One slide's decision as the template's fit document reports it
/// (`<lectern-fit>` metadata). Unknown or missing keys are an error.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Reported {
    /// The deck's index in the document.
    pub deck: usize,
    /// The slide's number (1-based).
    pub n: usize,
    pub size: f64,
    pub breaks: Vec<usize>,
    pub overfull: Vec<usize>,
}

impl Reported {
    pub fn fit(self) -> Fit {
        Fit {
            size: self.size,
            breaks: self.breaks,
            overfull: self.overfull,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_with_a_misspelt_key_is_refused() {
        let good =
            serde_json::json!({"deck": 0, "n": 3, "size": 28.0, "breaks": [2], "overfull": []});
        let r: Reported = serde_json::from_value(good).expect("reads");
        assert_eq!(r.fit().breaks, vec![2]);
        let typo =
            serde_json::json!({"deck": 0, "n": 3, "sise": 28.0, "breaks": [], "overfull": []});
        assert!(serde_json::from_value::<Reported>(typo).is_err());
    }
}

//! What a run reports, assembled in one place for `build`, `check` and
//! `serve`: the course's parse problems, what rendering found, and the
//! legibility of every theme the decks are set in, in editor order.

use super::Builder;
use crate::deck::Deck;
use crate::diag::{settle, Diagnostic};
use crate::load::Loaded;

impl Builder {
    /// Everything to report for `decks` of `loaded`: its parse problems,
    /// `made` (what fitting and rendering found) and the theme checks,
    /// sorted by file and position without repeats.
    pub fn diagnostics(
        &self,
        loaded: &Loaded,
        decks: &[&Deck],
        made: impl IntoIterator<Item = Diagnostic>,
    ) -> Vec<Diagnostic> {
        let mut all = loaded.diagnostics.clone();
        all.extend(made);
        all.extend(self.theme_checks(loaded, decks));
        settle(&mut all);
        all
    }
}

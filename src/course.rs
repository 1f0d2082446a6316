//! A course as loaded: its settings, its decks in session order and the
//! themes they are set in. The deck model (`deck`) stays free of settings
//! and caches; this is where they meet.

use serde::Serialize;
use std::path::PathBuf;

use crate::config::CourseConfig;
use crate::deck::Deck;

/// A course: its settings and its decks, ordered by session number.
#[derive(Debug, Clone, Serialize)]
pub struct Course {
    #[serde(skip)]
    pub root: PathBuf,
    pub config: CourseConfig,
    pub decks: Vec<Deck>,
    /// The themes its decks use, each read once.
    #[serde(skip)]
    pub themes: crate::theme::Cache,
}

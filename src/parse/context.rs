//! What every part of the parser reads: where the deck lives, the
//! Markdown extensions lectern enables and how deep content may nest.

use pulldown_cmark::Options;
use std::path::Path;

use crate::config::CourseConfig;

/// Where a deck lives, for resolving and confining image paths.
pub struct DeckContext<'a> {
    /// The deck file as shown to the user.
    pub file: &'a str,
    /// The folder the deck is in (images are relative to it).
    pub deck_dir: &'a Path,
    /// The course folder: nothing outside it is read.
    pub course_root: &'a Path,
    pub config: &'a CourseConfig,
}

/// Deeper lists and quotes are flattened into this level, and deeper inline
/// emphasis into plain runs: Typst stops at 72 layout levels, and nothing
/// deeper reads on a slide. Content is kept; only nesting is dropped.
pub(crate) const MAX_BLOCK_NESTING: usize = 6;
pub(crate) const MAX_INLINE_NESTING: usize = 8;

pub(crate) fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
}

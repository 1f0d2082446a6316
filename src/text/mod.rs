//! Text facts every layer above reads: the bundled fonts (advances, line
//! heights, coverage) and the words the outputs add around a deck's own
//! text, by course language.

pub mod fonts;
pub mod words;

//! `lectern import`: decks written for Marp, reveal.js (reveal-md), Slidev,
//! Quarto (and pandoc) and presenterm, turned into lectern decks.
//!
//! Each tool has its own file with a pure `convert(&str, &Options) ->
//! (String, Vec<Diagnostic>)`: it splits the source the way that tool does,
//! maps what lectern has (slides, speaker notes, pauses, incremental lists,
//! title and section slides) and moves everything else out of the slide.
//! Every directive or piece of layout markup lectern cannot show is reported
//! as a warning at its line and kept, word for word, in the slide's trainer
//! notes, so nothing the author wrote is lost and none of it is projected.
//!
//! The tools read a deck into a small model ([`Deck`], [`Slide`]); [`write`]
//! turns it into lectern Markdown. Reading and writing files, copying
//! images and checking the result live in the command line.
//!
//! The files, each importing only from those listed before it:
//!
//! - `tool`, `model`, `markup`, `tags`: the tools and a conversion's
//!   options; the deck model; the pieces of lectern Markdown readers write
//!   themselves (column fences, an image's width); HTML tags and attributes.
//! - `text`: line-level Markdown and YAML front matter helpers.
//! - `report`: warnings at their source line, directives kept as notes.
//! - `html`: raw HTML in a slide turned into Markdown.
//! - `escape`, `body`, `write`: the model written as lectern Markdown.
//! - `pipeline`: one conversion, reader to writer, and lectern's parser over
//!   the result.
//! - `pandoc`: grid tables, link attributes and beamer's raw LaTeX.
//! - `marp`, `reveal`, `slidev`, `quarto`, `presenterm`: one reader each;
//!   `pptx` (a folder) reads PowerPoint files from their bytes.
//! - `onto`: an import laid onto the deck it was built from, and a diff.
//! - `detect`: which tool wrote a deck; `image_refs`: the images a written
//!   deck shows.
//! - `testing` (tests only): what the tools' tests share.
//!
//! This file keeps the entry points: [`detect`], [`import`],
//! [`image_sources`] and [`rewrite_image_sources`].

pub mod html;
pub mod marp;
pub mod onto;
pub mod pptx;
pub mod presenterm;
pub mod quarto;
pub mod reveal;
pub mod slidev;
pub mod text;

mod body;
mod detect;
mod escape;
mod image_refs;
mod markup;
mod model;
mod pandoc;
mod pipeline;
mod report;
mod tags;
mod tool;
mod write;

#[cfg(test)]
mod testing;

pub use detect::detect;
pub use image_refs::{image_sources, rewrite_image_sources};
pub use markup::{background_path_ok, fence, Fence};
pub use model::{Beside, BodyLine, Deck, Kept, Slide};
pub use pipeline::Imported;
pub use report::{brief, Report};
pub use tool::{Options, Separators, Tool};
pub use write::write;

/// Converts a deck written for `tool`.
pub fn import(tool: Tool, source: &str, opts: &Options) -> Imported {
    match tool {
        Tool::Marp => pipeline::convert(tool, source, opts, marp::read),
        Tool::Reveal => pipeline::convert(tool, source, opts, |s, r| reveal::read(s, opts, r)),
        Tool::Slidev => pipeline::convert(tool, source, opts, |s, r| slidev::read(s, opts, r)),
        Tool::Quarto => pipeline::convert(tool, source, opts, quarto::read),
        Tool::Presenterm => pipeline::convert(tool, source, opts, presenterm::read),
        // A PowerPoint file is not text: `pptx::import` reads its bytes.
        Tool::Pptx => {
            pipeline::convert(tool, source, opts, |_, r| {
                r.warn(1, "", "a PowerPoint file is read from its bytes (lectern import deck.pptx), not as text");
                Deck::default()
            })
        }
    }
}

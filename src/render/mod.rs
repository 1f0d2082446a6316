//! Backends: each turns the deck model into one kind of output.

pub mod code;
pub mod font_faces;
pub mod form;
pub mod html;
pub mod index;
pub mod pdf;
pub mod pptx;
pub mod report;
pub mod runtime;
pub mod typst;

//! Backends: each turns the deck model into one kind of output.

pub mod code;
pub mod fonts;
pub mod html;
pub mod labels;
pub mod pdf;
pub mod pptx;
pub mod typst;

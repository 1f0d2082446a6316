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

use crate::course::Course;
use crate::deck::{inline_text, Slide, SlideKind};

/// The course's title, set above a title slide's own title: not when the
/// slide repeats it, nor when the slide shows its kind's label there.
/// Every output (HTML, the template's data, PowerPoint) asks here.
pub fn course_overline<'c>(course: &'c Course, slide: &Slide) -> Option<&'c str> {
    let name = course.config.title.as_str();
    (slide.kind == SlideKind::Title
        && !name.is_empty()
        && !crate::text::words::shows_label(slide, &course.config.language)
        && inline_text(&slide.title) != name)
        .then_some(name)
}

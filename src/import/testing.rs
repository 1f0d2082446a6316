//! What the tools' tests share.

use super::text::Fences;

/// Slide breaks in lectern Markdown (outside code), and the slides' own
/// text without their notes: for the tools' tests.
pub(crate) fn breaks_and_slides(out: &str) -> (usize, String) {
    let mut fences = Fences::default();
    let mut breaks = 0;
    let mut slides = String::new();
    let mut in_notes = false;
    for line in out.lines() {
        let code = fences.code(line);
        if !code && line == "---" {
            breaks += 1;
            in_notes = false;
            continue;
        }
        if !code && line == "???" {
            in_notes = true;
        }
        if !in_notes {
            slides.push_str(line);
            slides.push('\n');
        }
    }
    (breaks, slides)
}

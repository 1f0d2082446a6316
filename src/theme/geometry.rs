//! The built-in template's geometry, in one place: the slide template
//! (`themes/default/deck.typ`, which reads it from its data as `geo`), the
//! fitting bounds (`fit::bound`) and the PowerPoint writer all take their
//! gaps and insets from here, so a change reaches every output and the
//! bounds together. Sizes that scale with the theme (margin, type sizes)
//! are the theme's; these are fixed, in points.

use serde::Serialize;

/// Fixed distances of the slide layout, in points.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Geometry {
    /// Below the kind's label row, when a slide shows it.
    pub label_gap: f64,
    /// Below the label of a prompt (a slide that is only its title).
    pub prompt_label_gap: f64,
    /// A prompt's tinted field: inset left and right, above and below.
    pub prompt_inset_x: f64,
    pub prompt_inset_y: f64,
    /// Below a slide's title, above its body.
    pub title_gap: f64,
    /// Below the title of a title or section slide, above its subtitle.
    pub centred_gap: f64,
    /// Kept free under the content area for the footer.
    pub footer_room: f64,
    /// From the bottom edge up to the footer's text.
    pub footer_lift: f64,
    /// A quote's left inset (beside its rule) and its padding above and below.
    pub quote_inset: f64,
    pub quote_pad: f64,
    /// A definition's frame: inset left and right, above and below.
    pub definition_inset: (f64, f64),
    /// An assignment's frame: inset left and right, above and below.
    pub assignment_inset: (f64, f64),
    /// A video's QR code side: this many body sizes, and at least this
    /// share of the slide's height, so the code inside its quiet zone is
    /// a third of it, scanned from the back row (slides.css: the same).
    pub qr_bodies: f64,
    pub qr_share: f64,
}

/// The geometry of lectern's own template.
pub const TEMPLATE: Geometry = Geometry {
    label_gap: 8.0,
    prompt_label_gap: 14.0,
    prompt_inset_x: 36.0,
    prompt_inset_y: 40.0,
    title_gap: 20.0,
    centred_gap: 18.0,
    footer_room: 14.0,
    footer_lift: 10.0,
    quote_inset: 14.0,
    quote_pad: 4.0,
    definition_inset: (22.0, 16.0),
    assignment_inset: (20.0, 14.0),
    qr_bodies: 5.0,
    qr_share: 0.42,
};

impl Geometry {
    /// The side of a video's QR code at body size `body` on a slide
    /// `slide_h` points tall.
    pub fn qr_side(&self, body: f64, slide_h: f64) -> f64 {
        (body * self.qr_bodies).max(slide_h * self.qr_share)
    }

    /// The inset (x, y) of a slide kind's frame, if it has one.
    pub fn frame_inset(&self, kind: crate::deck::SlideKind) -> (f64, f64) {
        match kind {
            crate::deck::SlideKind::Definition => self.definition_inset,
            crate::deck::SlideKind::Assignment => self.assignment_inset,
            _ => (0.0, 0.0),
        }
    }
}

//! The slide's canvas: where the template puts the label, the title, the
//! body's room, the footer and the number, in points, and how tall a text
//! frame is for lines of text. The template's fixed gaps come from
//! `theme::geometry::TEMPLATE`, as the Typst template and the fitting
//! bounds take them.

use super::measure::{text_height, ABOVE_CAP, CAP};
use crate::course::Course;
use crate::theme::geometry::TEMPLATE;
use crate::theme::Theme;

/// Line spacing of body text in thousandths of a percent of single
/// spacing: the template's line pitch (cap height + leading, 1.17 em)
/// between PowerPoint's single spacing (1.2 em) and LibreOffice's (the
/// face's ascent and descent, 1.3 em).
pub const LINE_PCT: u32 = 93_500;

/// Where text of `size` points whose cap height starts at `y` has the top
/// of its box: a text frame puts the font's ascent (0.98 em for the house
/// face) above the first baseline, the template its cap height (0.67 em).
pub fn box_top(y: f64, size: f64) -> f64 {
    y - ABOVE_CAP * size
}

/// The height a text frame needs for `n` lines of `size` points.
pub fn box_height(n: usize, size: f64) -> f64 {
    n as f64 * 1.2 * size * f64::from(LINE_PCT) / 100_000.0 + 0.1 * size
}

/// A box: x, y, width, height in points.
pub type Rect = (f64, f64, f64, f64);

/// The slide's size, margin and type sizes, from the course and the theme
/// (`page-canvas` in `deck.typ`): every number in points on the W × H canvas.
#[derive(Clone)]
pub struct Canvas {
    pub w: f64,
    pub h: f64,
    pub m: f64,
    pub rule: f64,
    pub label: f64,
    pub title: f64,
    pub body: f64,
}

impl Canvas {
    pub fn new(course: &Course, theme: &Theme) -> Canvas {
        let (w, h) = course.config.aspect.size();
        Canvas {
            w: f64::from(w),
            h: f64::from(h),
            m: theme.layout.margin,
            rule: theme.layout.rule,
            label: theme.sizes.label,
            title: theme.sizes.title,
            body: theme.sizes.body,
        }
    }

    /// The kind's coloured bar along the left edge.
    pub fn bar(&self) -> Rect {
        (0.0, 0.0, 3.0 * self.rule, self.h)
    }

    pub fn width(&self) -> f64 {
        self.w - 2.0 * self.m
    }

    /// The bottom of the content area (above the footer).
    pub fn room_bottom(&self) -> f64 {
        self.h - self.m - TEMPLATE.footer_room
    }

    /// The height of the content area: the canvas within its margins,
    /// less the footer's room.
    pub fn room_height(&self) -> f64 {
        self.h - 2.0 * self.m - TEMPLATE.footer_room
    }

    /// Where a group `height` points tall starts when it sits in the
    /// middle of the content area (a title slide's, a prompt's).
    pub fn centred_top(&self, height: f64) -> f64 {
        self.m + (self.room_height() - height).max(0.0) / 2.0
    }

    /// The height of the kind's label line (its icon is 1.2 × the label size).
    pub fn label_height(&self) -> f64 {
        CAP * 1.2 * self.label
    }

    pub fn title_cap_top(&self, label: bool) -> f64 {
        self.m
            + if label {
                self.label_height() + TEMPLATE.label_gap
            } else {
                0.0
            }
    }

    pub fn title_box(&self, label: bool, lines: usize) -> Rect {
        let top = box_top(self.title_cap_top(label), self.title);
        (
            self.m,
            top,
            self.width(),
            box_height(lines.max(1), self.title) * 0.97,
        )
    }

    /// Where the body's room starts below a title of `lines` lines.
    pub fn room_top(&self, label: bool, lines: usize) -> f64 {
        self.title_cap_top(label) + text_height(lines, self.title) + TEMPLATE.title_gap
    }

    pub fn body_box(&self, label: bool, lines: usize) -> Rect {
        let top = box_top(self.room_top(label, lines), self.body);
        (self.m, top, self.width(), self.room_bottom() - top)
    }

    pub fn footer_box(&self) -> Rect {
        let h = 1.3 * self.label;
        let bottom = self.h - TEMPLATE.footer_lift + 0.24 * self.label;
        // Beside the number box: a long footer stays on one line.
        (self.m, bottom - h, self.width() - 130.0, h)
    }

    pub fn number_box(&self) -> Rect {
        let (_, y, _, h) = self.footer_box();
        (self.w - self.m - 120.0, y, 120.0, h)
    }

    /// The title and subtitle boxes of a title or section slide: the
    /// group sits in the middle of the content area.
    pub fn centred_boxes(
        &self,
        title: f64,
        title_lines: usize,
        body: f64,
        body_height: f64,
    ) -> (Rect, Rect) {
        let title_h = text_height(title_lines, title);
        let group = title_h + TEMPLATE.centred_gap + body_height;
        let top = self.centred_top(group);
        let t = (
            self.m,
            box_top(top, title),
            self.width(),
            box_height(title_lines, title),
        );
        let b_top = box_top(top + title_h + TEMPLATE.centred_gap, body);
        let b = (
            self.m,
            b_top,
            self.width(),
            (self.room_bottom() - b_top).max(body * 1.3),
        );
        (t, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canvas() -> Canvas {
        Canvas {
            w: 960.0,
            h: 540.0,
            m: 40.0,
            rule: 1.5,
            label: 12.0,
            title: 30.0,
            body: 20.0,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn the_room_follows_the_templates_gaps() {
        let c = canvas();
        // The footer's room is kept free under the content area.
        assert!(close(c.room_bottom(), 540.0 - 40.0 - TEMPLATE.footer_room));
        assert!(close(c.room_height(), c.room_bottom() - c.m));
        // The title's gap under a title of one line, the label's above it.
        let unlabelled = c.room_top(false, 1);
        assert!(close(
            unlabelled,
            40.0 + text_height(1, 30.0) + TEMPLATE.title_gap
        ));
        assert!(close(
            c.room_top(true, 1) - unlabelled,
            c.label_height() + TEMPLATE.label_gap
        ));
        // A centred group has as much room above as below.
        let top = c.centred_top(100.0);
        assert!(close(top - c.m, c.room_bottom() - (top + 100.0)));
    }

    #[test]
    fn a_centred_title_and_its_subtitle_are_the_templates_gap_apart() {
        let c = canvas();
        let (t, b) = c.centred_boxes(40.0, 1, 20.0, text_height(1, 20.0));
        let title_cap_top = t.1 + ABOVE_CAP * 40.0;
        let body_cap_top = b.1 + ABOVE_CAP * 20.0;
        assert!(close(
            body_cap_top - title_cap_top,
            text_height(1, 40.0) + TEMPLATE.centred_gap
        ));
    }

    #[test]
    fn the_footer_stands_on_its_lift_beside_the_number() {
        let c = canvas();
        let (x, y, w, h) = c.footer_box();
        // The box reaches a descent (0.24 em) below the text's baseline.
        assert!(close(y + h, 540.0 - TEMPLATE.footer_lift + 0.24 * 12.0));
        let (nx, ny, nw, nh) = c.number_box();
        assert_eq!((ny, nh), (y, h));
        assert!(x + w < nx && close(nx + nw, 960.0 - 40.0));
    }
}

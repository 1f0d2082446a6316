//! The body of a content slide: its blocks as pieces (text flowing in
//! one frame, or a shape of its own), stacked in the room below the title,
//! in the kind's frame.

use super::blocks::shape_block;
use super::canvas::{box_height, box_top, Rect};
use super::heights::framed_height;
use super::master::{body_pr, frame_of, NO_INSET};
use super::measure::{ABOVE_CAP, SPACING};
use super::pieces::{piece_height, pieces, stacked, Piece};
use super::shape_tree::{round_rect, solid, SlideXml, RECT};
use super::slide::Ctx;
use super::text::TextStyle;
use crate::deck::{Block, SlideKind};
use crate::fit::Page;
use crate::theme::geometry::TEMPLATE;

/// The body of a content slide: its pieces stacked in the room below the
/// title, a little above the middle as in the template (`v(1fr)` above,
/// `v(1.4fr)` below; right under the title on the pages of a slide that
/// flows), in the kind's frame for definitions and assignments.
pub fn body(
    x: &mut SlideXml,
    ctx: &Ctx,
    page: &Page,
    st: &TextStyle,
    label: bool,
    title_lines: usize,
) {
    let size = page.size;
    let pieces = pieces(&page.blocks, st.kind);
    let heights: Vec<f64> = {
        let inner_w = ctx.canvas.width() - 2.0 * TEMPLATE.frame_inset(st.kind).0;
        pieces
            .iter()
            .map(|p| piece_height(p, size, inner_w, st, &ctx.canvas))
            .collect()
    };
    let room = Room::new(
        ctx,
        st,
        &pieces,
        &heights,
        (label, title_lines),
        page.parts > 1,
    );
    if let Some(fill) = &room.frame {
        if !room.frame_is_placeholder {
            let r = room.outer;
            x.shape(
                "Frame",
                r,
                &round_rect(r.2, r.3, ctx.theme.layout.radius),
                fill,
            );
        }
    }
    let (left, top, _, framed_h) = room.outer;
    let mut y = top + room.inset.1;
    // The first text piece is the layout's body placeholder.
    let mut placeholder = true;
    for (i, (piece, h)) in pieces.iter().zip(&heights).enumerate() {
        match piece {
            Piece::Text(bs) => {
                room.text(x, bs, (y, *h), i + 1 == pieces.len(), placeholder);
                placeholder = false;
            }
            Piece::Shape(b) => {
                let rect = (left + room.inset.0, y, room.inner_w(), *h);
                shape_block(x, ctx, b, st, rect);
            }
        }
        y += h + SPACING * size;
    }
    if st.kind == SlideKind::Definition {
        let r = (left, top, 2.0 * ctx.canvas.rule, framed_h);
        let bar = solid(&ctx.theme.colors.kinds["definition"]);
        x.shape("Definition bar", r, RECT, &bar);
    }
}

/// Where a content slide's body goes: its box in the room below the
/// title, and the kind's frame around it.
struct Room<'a> {
    ctx: &'a Ctx<'a>,
    st: &'a TextStyle,
    /// The frame's fill and line (definitions, assignments).
    frame: Option<String>,
    /// The frame's insets (x, y), the template's.
    inset: (f64, f64),
    /// The body's box: the frame's, or where its pieces stack.
    outer: Rect,
    /// A framed body of one text piece: the placeholder is the frame.
    frame_is_placeholder: bool,
}

impl<'a> Room<'a> {
    fn new(
        ctx: &'a Ctx<'a>,
        st: &'a TextStyle,
        pieces: &[Piece],
        heights: &[f64],
        (label, title_lines): (bool, usize),
        flows: bool,
    ) -> Room<'a> {
        let canvas = &ctx.canvas;
        let size = st.size;
        let frame = frame_of(st.kind, ctx.theme).map(|(fill, _)| fill);
        let inset = TEMPLATE.frame_inset(st.kind);
        let content = stacked(heights, size);
        let framed_h = if frame.is_some() {
            framed_height(content, size, inset.1)
        } else {
            content
        };
        let room_top = canvas.room_top(label, title_lines);
        let room = canvas.room_bottom() - room_top;
        // The pages of a slide that flows all start under the title.
        let top = if flows {
            room_top
        } else {
            room_top + (room - framed_h).max(0.0) / 2.4
        };
        let frame_is_placeholder =
            frame.is_some() && pieces.len() == 1 && matches!(pieces[0], Piece::Text(_));
        Room {
            ctx,
            st,
            frame,
            inset,
            outer: (canvas.m, top, canvas.width(), framed_h),
            frame_is_placeholder,
        }
    }

    /// The width inside the frame's insets.
    fn inner_w(&self) -> f64 {
        self.outer.2 - 2.0 * self.inset.0
    }

    /// A text piece `span` (its top and height) down the body: the frame
    /// itself when it is the body's one piece, else a text box. `last`:
    /// nothing comes below it.
    fn text(
        &self,
        x: &mut SlideXml,
        bs: &[&Block],
        span: (f64, f64),
        last: bool,
        placeholder: bool,
    ) {
        let p = x.paragraphs_xml(bs, self.st);
        let (rect, geom, fill, body_pr) = if placeholder && self.frame_is_placeholder {
            self.frame_text()
        } else {
            self.text_box(span, last, placeholder)
        };
        x.text_shape(
            if placeholder { "Content" } else { "Text" },
            placeholder.then_some("idx=\"1\""),
            rect,
            &geom,
            &fill,
            &body_pr,
            &p,
        );
    }

    /// The frame as the text's placeholder: the frame's box, fill and
    /// line, the text in its insets (beside a definition's bar).
    fn frame_text(&self) -> (Rect, String, String, String) {
        let (inset_x, inset_y) = self.inset;
        let bar = if self.st.kind == SlideKind::Definition {
            2.0 * self.ctx.canvas.rule
        } else {
            0.0
        };
        let ins = (
            inset_x + bar,
            inset_y - ABOVE_CAP * self.st.size,
            inset_x,
            0.0,
        );
        let r = self.outer;
        (
            r,
            round_rect(r.2, r.3, self.ctx.theme.layout.radius),
            self.frame.clone().unwrap_or_default(),
            // The frame keeps its size; where the face is missing and a
            // wider one stands in, the text shrinks inside it.
            body_pr("t", ins, true),
        )
    }

    /// A text box from `y` for `h` points, down to the room's end when it
    /// is the last piece of an unframed body.
    fn text_box(
        &self,
        (y, h): (f64, f64),
        last: bool,
        placeholder: bool,
    ) -> (Rect, String, String, String) {
        let canvas = &self.ctx.canvas;
        let size = self.st.size;
        let to_the_end = last && self.frame.is_none();
        let bottom = if to_the_end {
            canvas.room_bottom()
        } else {
            y + h + 0.4 * size
        };
        let t = box_top(y, size);
        let r = (
            canvas.m + self.inset.0,
            t,
            self.inner_w(),
            (bottom - t).max(box_height(1, size)),
        );
        let fill = if placeholder {
            String::new()
        } else {
            "<a:noFill/>".into()
        };
        // Text that runs to the room's end may shrink to fit there; a box
        // with a shape below it keeps its size.
        (
            r,
            RECT.to_string(),
            fill,
            body_pr("t", NO_INSET, to_the_end),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pptx::measure::text_height;
    use crate::render::pptx::test_support as t;
    use crate::render::pptx::xml::emu;

    #[test]
    fn a_framed_body_of_one_text_is_the_frame_itself() {
        let f =
            t::fixture("## Mentalizing {.definition}\n\nMaking sense of ourselves and others.\n");
        let (xml, ..) = f.slide(1);
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        assert!(!t::names(&shapes).contains(&"Frame"));
        let content = t::named(&shapes, "Content");
        let canvas = &f.ctx().canvas;
        assert_eq!(content.xfrm.0, emu(canvas.m));
        assert_eq!(content.xfrm.2, emu(canvas.width()));
        // The card's insets are the template's, beside the definition's bar.
        let body = doc
            .descendants()
            .find(|n| n.has_tag_name((t::A, "bodyPr")) && n.attribute("lIns") != Some("0"))
            .unwrap();
        let (x, _) = TEMPLATE.definition_inset;
        assert_eq!(t::num(body, "lIns"), emu(x + 2.0 * canvas.rule));
        assert_eq!(t::num(body, "rIns"), emu(x));
        let bar = t::named(&shapes, "Definition bar");
        assert_eq!((bar.xfrm.1, bar.xfrm.3), (content.xfrm.1, content.xfrm.3));
    }

    #[test]
    fn a_framed_body_of_several_pieces_stands_in_a_frame_of_its_own() {
        let f =
            t::fixture("## Homework {.assignment}\n\nDo this:\n\n```\nstep 1\n```\n\nThen this.\n");
        let (xml, ..) = f.slide(1);
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        assert_eq!(
            t::names(&shapes)[..6],
            ["Label", "Title", "Frame", "Content", "Code", "Text"]
        );
        let canvas = &f.ctx().canvas;
        let (x, y) = TEMPLATE.assignment_inset;
        let frame = t::named(&shapes, "Frame").xfrm;
        let content = t::named(&shapes, "Content");
        assert_eq!(content.ph, Some((None, Some("1".into()))));
        assert_eq!(content.xfrm.0, emu(canvas.m + x));
        assert_eq!(content.xfrm.2, emu(canvas.width() - 2.0 * x));
        // The first line's cap height the frame's inset below its top.
        let size = f.pages[0].size;
        assert!((content.xfrm.1 - frame.1 - emu(y - ABOVE_CAP * size)).abs() <= 1);
        let code = t::named(&shapes, "Code");
        assert!(code.xfrm.1 > content.xfrm.1);
        assert_eq!(code.paragraphs[0].text(), "step 1");
        let last = t::named(&shapes, "Text");
        assert!(last.xfrm.1 + last.xfrm.3 <= frame.1 + frame.3);
    }

    #[test]
    fn a_body_sits_a_little_above_the_middle_of_its_room() {
        let f = t::fixture("## A\n\nOne short line.\n");
        let (xml, ..) = f.slide(1);
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        let canvas = &f.ctx().for_page(&f.pages[0]).canvas;
        let size = f.pages[0].size;
        let top = t::named(&shapes, "Content").xfrm.1 + emu(ABOVE_CAP * size);
        let room_top = emu(canvas.room_top(false, 1));
        let above = top - room_top;
        let below = emu(canvas.room_bottom()) - top - emu(text_height(1, size));
        // `v(1fr)` above, `v(1.4fr)` below.
        assert!(
            (below as f64 / above as f64 - 1.4).abs() < 0.01,
            "{above} / {below}"
        );
    }
}

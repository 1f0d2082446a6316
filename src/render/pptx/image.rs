//! A picture in its box, scaled to fit (or to its `{width=…}`), or, when
//! it cannot be shown, the placeholder the slides PDF draws.

use super::canvas::Rect;
use super::heights::sized_width;
use super::master::body_pr;
use super::media::Picture;
use super::shape_tree::{round_rect, SlideXml};
use super::slide::Ctx;
use super::text::{para_close, para_open, small_size, text_run, Bullet, Run, TextStyle};
use super::xml::{emu, rgb};
use crate::deck::Image;
use crate::text::words::word;

/// The image `img` in `rect` (x, y, width, height). An image that cannot
/// be read is a warning at its slide.
pub fn image(x: &mut SlideXml, ctx: &Ctx, img: &Image, st: &TextStyle, rect: Rect) {
    let loaded = img.file.as_ref().map(|f| x.media.image(ctx.course, f));
    match loaded {
        Some(Ok(pic)) => picture(x, img, &pic, rect),
        failed => {
            if let Some(Err(why)) = failed {
                x.warn(format!(
                    "image `{}` cannot be put in the PowerPoint file: {why}",
                    img.src
                ));
            }
            missing(x, ctx, img, st, rect);
        }
    }
}

/// The picture as large as its box allows (or its `{width=…}`: a share
/// of the box, or points, a slide's pixel), in the box's middle.
fn picture(x: &mut SlideXml, img: &Image, pic: &Picture, rect: Rect) {
    let (left, top, width, height) = rect;
    let (pw, ph) = pic.size;
    let room = img.width.map_or(width, |w| sized_width(w, width));
    let scale = (room / pw).min(height / ph);
    let (w, h) = (pw * scale, ph * scale);
    x.picture(
        pic,
        &img.alt,
        (left + (width - w) / 2.0, top + (height - h) / 2.0, w, h),
        None,
    );
}

/// As on the slides PDF: a dashed frame saying what is missing and where
/// it goes.
fn missing(x: &mut SlideXml, ctx: &Ctx, img: &Image, st: &TextStyle, rect: Rect) {
    let (left, top, width, height) = rect;
    let lang = &ctx.course.config.language;
    let small = small_size(st);
    let w = width * 0.8;
    let muted = TextStyle {
        color: "<a:solidFill><a:schemeClr val=\"tx2\"/></a:solidFill>".into(),
        align: "ctr",
        ..st.clone()
    };
    let plain = Run {
        size: Some(small),
        ..Run::default()
    };
    let lines = [
        (
            word("missing_image", lang),
            Run {
                bold: true,
                ..plain
            },
        ),
        // Not its file path: the group never sees it (`check` names it).
        (img.alt.as_str(), plain),
    ];
    let mut p = String::new();
    for (text, run) in lines {
        para_open(&mut p, &muted, 0, 0.0, 0.0, 0.0, Bullet::None);
        text_run(&mut p, text, run, None, &muted);
        para_close(&mut p, &muted, small);
    }
    let line = format!(
        "<a:noFill/><a:ln w=\"{}\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill><a:prstDash val=\"dash\"/></a:ln>",
        emu(ctx.theme.layout.rule),
        rgb(&ctx.theme.colors.muted)
    );
    x.text_shape(
        "Image placeholder",
        None,
        (left + (width - w) / 2.0, top, w, height),
        &round_rect(w, height, ctx.theme.layout.radius),
        &line,
        &body_pr("ctr", (14.0, 14.0, 14.0, 14.0), true),
        &p,
    );
}

#[cfg(test)]
mod tests {
    use crate::render::pptx::test_support as t;

    #[test]
    fn a_picture_keeps_its_alt_text_and_its_shape() {
        let f = t::fixture_with(
            "## P\n\n![A chart](chart.png)\n",
            &[("chart.png", t::png(200, 100))],
        );
        let (xml, rels, warnings) = f.slide(1);
        assert!(warnings.is_empty(), "{warnings:?}");
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        let pic = t::named(&shapes, "Picture");
        assert_eq!(pic.descr.as_deref(), Some("A chart"));
        let (_, _, w, h) = pic.xfrm;
        assert!((w - 2 * h).abs() <= 2, "{w} × {h}");
        let blip = doc
            .descendants()
            .find(|n| n.has_tag_name((t::A, "blip")))
            .unwrap();
        let rid = blip.attribute((t::R, "embed")).unwrap();
        assert!(t::rels(&rels)
            .iter()
            .any(|r| r.0 == rid && r.2 == "../media/image1.png"));
    }

    #[test]
    fn a_missing_picture_is_a_placeholder_saying_so() {
        let f = t::fixture("## P\n\n![The model](model.png)\n");
        assert!(f.diagnostics[0].message.contains("not found"));
        let (xml, rels, _) = f.slide(1);
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        let texts: Vec<String> = t::named(&shapes, "Image placeholder")
            .paragraphs
            .iter()
            .map(t::Paragraph::text)
            .collect();
        let missing = crate::text::words::word("missing_image", "en");
        assert_eq!(texts, [missing, "The model"]);
        assert!(!rels.contains("image"), "no picture to point to");
    }
}

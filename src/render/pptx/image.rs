//! A picture in its box, scaled to fit (or to its `{width=…}`), or, when
//! it cannot be shown, the placeholder the slides PDF draws.

use super::heights::sized_width;
use super::master::body_pr;
use super::shape_tree::{round_rect, SlideXml};
use super::slide::Ctx;
use super::text::{para_close, para_open, small_size, text_run, Bullet, Run, TextStyle};
use super::xml::{emu, rgb};
use crate::deck::Image;
use crate::text::words::word;

pub fn image(
    x: &mut SlideXml,
    ctx: &Ctx,
    img: &Image,
    st: &TextStyle,
    (left, top, width, height): (f64, f64, f64, f64),
) {
    let c = &ctx.theme.colors;
    let loaded = img.file.as_ref().map(|f| x.media.image(ctx.course, f));
    match loaded {
        Some(Ok(pic)) => {
            let (pw, ph) = pic.size;
            // `{width=…}`: a share of the box, or points (a slide's pixel).
            let room = img.width.map_or(width, |w| sized_width(w, width));
            let scale = (room / pw).min(height / ph);
            let (w, h) = (pw * scale, ph * scale);
            x.picture(
                &pic,
                &img.alt,
                (left + (width - w) / 2.0, top + (height - h) / 2.0, w, h),
                None,
            );
        }
        failed => {
            if let Some(Err(why)) = failed {
                x.warn(format!(
                    "image `{}` cannot be put in the PowerPoint file: {why}",
                    img.src
                ));
            }
            // As on the slides PDF: what is missing and where it goes.
            let lang = &ctx.course.config.language;
            let small = small_size(st);
            let w = width * 0.8;
            let mut p = String::new();
            for (text, run) in [
                (
                    word("missing_image", lang).to_string(),
                    Run {
                        bold: true,
                        size: Some(small),
                        ..Run::default()
                    },
                ),
                (
                    img.alt.clone(),
                    Run {
                        size: Some(small),
                        ..Run::default()
                    },
                ),
                (
                    img.src.clone(),
                    Run {
                        mono: true,
                        size: Some(small * 0.8),
                        ..Run::default()
                    },
                ),
            ] {
                let muted = TextStyle {
                    color: "<a:solidFill><a:schemeClr val=\"tx2\"/></a:solidFill>".into(),
                    align: "ctr",
                    ..st.clone()
                };
                para_open(&mut p, &muted, 0, 0.0, 0.0, 0.0, Bullet::None);
                text_run(&mut p, &text, run, None, &muted);
                para_close(&mut p, &muted, small);
            }
            let line = format!(
                "<a:noFill/><a:ln w=\"{}\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill><a:prstDash val=\"dash\"/></a:ln>",
                emu(ctx.theme.layout.rule),
                rgb(&c.muted)
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
    }
}

//! A video: its QR code (a picture that links to it), and beside it its
//! label and link as text runs.

use super::canvas::{Rect, LINE_PCT};
use super::master::{body_pr, NO_INSET};
use super::rels::Rels;
use super::shape_tree::{SlideXml, RECT};
use super::text::{para_close, small_size, text_run, Run, TextStyle};
use crate::deck::Video;

/// The gap between the QR code and the text beside it (the template's
/// `gutter`).
pub const GUTTER: f64 = 18.0;

/// The video in `rect` (x, y, width, height): the QR code five body
/// sizes wide, in the middle of the row's height, and the text beside it.
pub fn video(x: &mut SlideXml, v: &Video, st: &TextStyle, rect: Rect) {
    let (left, top, width, height) = rect;
    let qr = st.size * 5.0;
    if let Some(pic) = x.media.qr(&v.url) {
        let link = crate::parse::check_link(&v.url)
            .is_ok()
            .then_some(v.url.as_str());
        x.picture(
            &pic,
            &format!("QR: {}", v.url),
            (left, top + (height - qr) / 2.0, qr, qr),
            link,
        );
    }
    let mut p = format!(
        "<a:p><a:pPr algn=\"l\"><a:lnSpc><a:spcPct val=\"{LINE_PCT}\"/></a:lnSpc><a:buNone/></a:pPr>"
    );
    video_runs(&mut p, v, st, &mut x.rels);
    para_close(&mut p, st, small_size(st));
    x.text_shape(
        "Video link",
        None,
        (left + qr + GUTTER, top, width - qr - GUTTER, height),
        RECT,
        "<a:noFill/>",
        &body_pr("ctr", NO_INSET, true),
        &p,
    );
}

/// A video's label (bold, on a line of its own) and its link.
pub fn video_runs(out: &mut String, v: &Video, st: &TextStyle, rels: &mut Rels) {
    if let Some(label) = &v.label {
        text_run(
            out,
            label,
            Run {
                bold: true,
                ..Run::default()
            },
            None,
            st,
        );
        out.push_str("<a:br><a:rPr/></a:br>");
    }
    let rid = crate::parse::check_link(&v.url)
        .is_ok()
        .then(|| rels.add("hyperlink", &v.url, true));
    text_run(
        out,
        &v.url,
        Run {
            underline: rid.is_some(),
            size: Some(small_size(st)),
            ..Run::default()
        },
        rid.as_deref(),
        st,
    );
}

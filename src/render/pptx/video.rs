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

/// The video in `rect` (x, y, width, height): the QR code (`st.qr`
/// wide), in the middle of the row's height, and the text beside it.
pub fn video(x: &mut SlideXml, v: &Video, st: &TextStyle, rect: Rect) {
    let (left, top, width, height) = rect;
    let qr = st.qr;
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

#[cfg(test)]
mod tests {
    use crate::render::pptx::test_support as t;

    #[test]
    fn a_video_is_its_qr_code_linked_and_its_link_beside_it() {
        // The deck's link, and the short one every output shows.
        let written = "https://www.youtube.com/watch?v=nn3I6-DBLJM&feature=share";
        let url = "https://youtu.be/nn3I6-DBLJM";
        let f = t::fixture(&format!("## Watch {{.video}}\n\n{written}\n"));
        let (xml, rels, _) = f.slide(1);
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        let rels = t::rels(&rels);
        let qr = t::named(&shapes, "Picture");
        assert_eq!(qr.descr.as_deref(), Some(format!("QR: {url}").as_str()));
        assert_eq!(qr.xfrm.2, qr.xfrm.3, "square");
        // Scanned from the back row: 0.42 of the slide's height (the code
        // inside its quiet zone a third of it).
        let slide_h = crate::render::pptx::xml::emu(f.ctx().canvas.h);
        assert!(
            qr.xfrm.3 * 100 >= slide_h * 42 - 100,
            "{} of {slide_h}",
            qr.xfrm.3
        );
        assert!(rels
            .iter()
            .any(|(_, kind, target, _)| kind == "image" && target == "../media/image1.png"));
        let text = t::named(&shapes, "Video link");
        assert!(text.xfrm.0 > qr.xfrm.0 + qr.xfrm.2, "beside the code");
        let link = text.paragraphs[0]
            .runs
            .iter()
            .find(|r| r.text == url)
            .expect("the link");
        let rid = link.link.as_deref().expect("a click");
        assert!(rels.iter().any(|(id, kind, target, external)| id == rid
            && kind == "hyperlink"
            && target == url
            && *external));
    }
}

//! Notes pages: the notes master (the slide's picture above its notes)
//! and each page's notes slide with the speaker notes.

use std::fmt::Write as _;

use super::master::{body_pr, placeholder};
use super::paragraphs::{Flow, Indent};
use super::rels::Rels;
use super::slide::Ctx;
use super::text::TextStyle;
use super::xml::{attr_string, HEAD, NS};
use crate::deck::{Slide, SlideKind};
use crate::theme::Theme;

/// A page's notes page: the slide's picture and the speaker notes. A
/// slide of several pages has its notes on each of them, as lectern's
/// presenter view shows them.
pub fn notes_xml(ctx: &Ctx, slide: &Slide, number: usize) -> (String, String) {
    let mut rels = Rels::default();
    rels.add("notesMaster", "../notesMasters/notesMaster1.xml", false);
    rels.add("slide", &format!("../slides/slide{number}.xml"), false);
    let st = TextStyle {
        size: 12.0,
        color: "<a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill>".into(),
        kind: SlideKind::Plain,
        kind_color: "000000".into(),
        bold: false,
        align: "l",
        lang: ctx.lang.clone(),
        mono: attr_string(&ctx.theme.fonts.mono),
        font: attr_string(&ctx.theme.fonts.body),
        top: false,
        heading: 13.0,
        small: 11.0,
        qr: 60.0,
    };
    let mut flow = Flow::new(&mut rels);
    flow.blocks(&slide.notes, &st, Indent::TOP);
    let mut p = flow.out;
    if p.is_empty() {
        p.push_str("<a:p><a:endParaRPr/></a:p>");
    }
    let xml = format!(
        "{HEAD}<p:notes {NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>\
         <p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Slide Image Placeholder 1\"/><p:cNvSpPr><a:spLocks noGrp=\"1\" noRot=\"1\" noChangeAspect=\"1\"/></p:cNvSpPr>\
         <p:nvPr><p:ph type=\"sldImg\"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>\
         <p:sp><p:nvSpPr><p:cNvPr id=\"3\" name=\"Notes Placeholder 2\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr>\
         <p:nvPr><p:ph type=\"body\" idx=\"1\"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>{p}</p:txBody></p:sp>\
         </p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"
    );
    (xml, rels.xml())
}

/// The notes master (portrait: the slide's picture above its notes) and
/// its relationships.
pub fn notes_master(theme: &Theme, lang: &str) -> (String, String) {
    let mut rels = Rels::default();
    rels.add("theme", "../theme/theme2.xml", false);
    let mut tree = String::new();
    let _ = write!(
        tree,
        "<p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Slide Image Placeholder 1\"/><p:cNvSpPr><a:spLocks noGrp=\"1\" noRot=\"1\" noChangeAspect=\"1\"/></p:cNvSpPr>\
         <p:nvPr><p:ph type=\"sldImg\" idx=\"2\"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x=\"381000\" y=\"685800\"/><a:ext cx=\"6096000\" cy=\"3429000\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/><a:ln w=\"12700\"><a:solidFill><a:prstClr val=\"black\"/></a:solidFill></a:ln></p:spPr></p:sp>"
    );
    placeholder(
        &mut tree,
        3,
        "Notes Placeholder 2",
        "type=\"body\" sz=\"quarter\" idx=\"3\"",
        (54.0, 342.0, 432.0, 342.0),
        &body_pr("t", (7.2, 3.6, 7.2, 3.6), false),
        "",
        "",
        "",
    );
    let mut levels = String::new();
    for l in 1..=5 {
        let _ = write!(
            levels,
            "<a:lvl{l}pPr marL=\"{}\" algn=\"l\"><a:defRPr sz=\"1200\" lang=\"{lang}\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill>\
             <a:latin typeface=\"+mn-lt\"/></a:defRPr></a:lvl{l}pPr>",
            (l - 1) * 228600
        );
    }
    let xml = format!(
        "{HEAD}<p:notesMaster {NS}><p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg>\
         <p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{tree}</p:spTree></p:cSld>\
         <p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>\
         <p:notesStyle>{levels}</p:notesStyle></p:notesMaster>"
    );
    let _ = theme;
    (xml, rels.xml())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pptx::test_support as t;

    #[test]
    fn a_notes_page_holds_the_speaker_notes_and_points_to_its_slide() {
        let f = t::fixture("## A\n\nOn the slide.\n\n???\nOnly for the **trainer**.\n\n- first\n");
        let ctx = f.ctx();
        let (xml, rels) = notes_xml(&ctx, &f.deck.slides[0], 1);
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        assert_eq!(
            t::names(&shapes),
            ["Slide Image Placeholder", "Notes Placeholder"]
        );
        let notes = &t::named(&shapes, "Notes Placeholder").paragraphs;
        assert_eq!(notes[0].text(), "Only for the trainer.");
        assert!(notes[0].runs.iter().any(|r| r.text == "trainer" && r.bold));
        assert_eq!(
            (notes[1].bullet.as_str(), notes[1].text()),
            ("•", "first".into())
        );
        assert_eq!(
            t::rels(&rels),
            [
                (
                    "rId1".into(),
                    "notesMaster".into(),
                    "../notesMasters/notesMaster1.xml".into(),
                    false
                ),
                (
                    "rId2".into(),
                    "slide".into(),
                    "../slides/slide1.xml".into(),
                    false
                ),
            ]
        );
        let (slide, ..) = f.slide(1);
        assert!(!slide.contains("trainer"), "notes stay off the slide");
    }

    #[test]
    fn a_slide_without_notes_has_an_empty_notes_page() {
        let f = t::fixture("## A\n\nText.\n");
        let (xml, _) = notes_xml(&f.ctx(), &f.deck.slides[0], 1);
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        let notes = &t::named(&shapes, "Notes Placeholder").paragraphs;
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].text(), "");
    }

    #[test]
    fn the_notes_master_has_the_slide_picture_above_the_notes() {
        let theme = crate::theme::builtin("print").unwrap();
        let (xml, rels) = notes_master(&theme, "en-US");
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        let picture = t::named(&shapes, "Slide Image Placeholder");
        let notes = t::named(&shapes, "Notes Placeholder");
        assert_eq!(picture.ph, Some((Some("sldImg".into()), Some("2".into()))));
        assert_eq!(notes.ph, Some((Some("body".into()), Some("3".into()))));
        assert!(picture.xfrm.1 + picture.xfrm.3 <= notes.xfrm.1);
        assert_eq!(t::rels(&rels)[0].2, "../theme/theme2.xml");
    }
}

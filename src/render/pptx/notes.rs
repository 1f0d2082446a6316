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

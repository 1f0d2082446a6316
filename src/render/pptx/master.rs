//! The slide master with one layout per slide kind, and the placeholders
//! they are made of.
//!
//! Everything is drawn from the lectern theme, so a slide added or edited
//! in PowerPoint gets the deck's fonts, colours, sizes and bullets.

use std::fmt::Write as _;

use super::canvas::Canvas;
use super::measure::{text_height, LEADING, SPACING};
use super::rels::Rels;
use super::text::Ink;
use super::theme_part::is_dark;
use super::xml::{attr_string, emu, rgb, size, text_string, HEAD, NS};
use crate::deck::SlideKind;
use crate::text::words::kind_label;
use crate::theme::geometry::TEMPLATE;
use crate::theme::Theme;

/// The slide layouts, in the master's order: title, section, then one per
/// content kind. A slide of a kind uses that kind's layout.
pub fn layouts() -> Vec<SlideKind> {
    SlideKind::ALL.to_vec()
}

/// The 1-based number of the layout a kind uses (`slideLayoutN.xml`).
pub fn layout_of(kind: SlideKind) -> usize {
    layouts().iter().position(|k| *k == kind).unwrap_or(0) + 1
}

/// The master's colour map: light themes put text on `lt1`, dark ones on `dk1`.
fn clr_map(theme: &Theme) -> &'static str {
    if is_dark(theme) {
        "<p:clrMap bg1=\"dk1\" tx1=\"lt1\" bg2=\"dk2\" tx2=\"lt2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>"
    } else {
        "<p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>"
    }
}

/// A placeholder shape of a master or layout, with its box and its text
/// properties (`lst` goes inside `<a:lstStyle>`).
#[allow(clippy::too_many_arguments)]
pub fn placeholder(
    out: &mut String,
    id: usize,
    name: &str,
    ph: &str,
    (x, y, w, h): (f64, f64, f64, f64),
    body_pr: &str,
    sp_pr_extra: &str,
    lst: &str,
    prompt: &str,
) {
    let _ = write!(
        out,
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{}\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr>\
         <p:nvPr><p:ph {ph}/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom>{sp_pr_extra}</p:spPr>\
         <p:txBody>{body_pr}<a:lstStyle>{lst}</a:lstStyle><a:p><a:r><a:rPr lang=\"en-US\"/><a:t>{}</a:t></a:r></a:p></p:txBody></p:sp>",
        attr_string(name),
        emu(x),
        emu(y),
        emu(w),
        emu(h),
        text_string(prompt)
    );
}

/// A plain rectangle (decoration: the kind's bar).
pub fn rect(
    out: &mut String,
    id: usize,
    name: &str,
    (x, y, w, h): (f64, f64, f64, f64),
    fill: &str,
) {
    let _ = write!(
        out,
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{name}\"/><p:cNvSpPr/><p:nvPr userDrawn=\"1\"/></p:nvSpPr>\
         <p:spPr><a:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom>\
         <a:solidFill><a:srgbClr val=\"{fill}\"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>",
        emu(x),
        emu(y),
        emu(w),
        emu(h)
    );
}

/// No insets: the text frame's edges are the text's.
pub const NO_INSET: (f64, f64, f64, f64) = (0.0, 0.0, 0.0, 0.0);

/// Text body properties with insets in points.
pub fn body_pr(anchor: &str, (l, t, r, b): (f64, f64, f64, f64), autofit: bool) -> String {
    format!(
        "<a:bodyPr wrap=\"square\" lIns=\"{}\" tIns=\"{}\" rIns=\"{}\" bIns=\"{}\" anchor=\"{anchor}\" rtlCol=\"0\">{}</a:bodyPr>",
        emu(l),
        emu(t),
        emu(r),
        emu(b),
        if autofit { "<a:normAutofit/>" } else { "<a:noAutofit/>" }
    )
}

/// The bullet of a list level in a kind's layout: the kind's colour, its
/// marker (a tick for recaps, numbers for agreements).
pub fn bullet(kind: SlideKind, color: &str, font: &str) -> String {
    let font = attr_string(font);
    match kind {
        SlideKind::Agreements => format!(
            "<a:buClr><a:srgbClr val=\"{color}\"/></a:buClr><a:buFont typeface=\"{font}\"/><a:buAutoNum type=\"arabicPeriod\"/>"
        ),
        SlideKind::Recap => format!(
            "<a:buClr><a:srgbClr val=\"{color}\"/></a:buClr><a:buFont typeface=\"{font}\"/><a:buChar char=\"✔\"/>"
        ),
        _ => format!(
            "<a:buClr><a:srgbClr val=\"{color}\"/></a:buClr><a:buFont typeface=\"{font}\"/><a:buChar char=\"•\"/>"
        ),
    }
}

/// List levels 1-5 of a body text style at `body` points: hanging bullets
/// with the template's text column (1.2 em), the kind's bullet.
fn body_levels(theme: &Theme, body: f64, bullet_xml: &str, color: &str, bold: bool) -> String {
    let col = 1.2 * body;
    let mut out = String::new();
    for l in 1..=5 {
        let _ = write!(
            out,
            "<a:lvl{l}pPr marL=\"{}\" indent=\"{}\" algn=\"l\"><a:lnSpc><a:spcPct val=\"{}\"/></a:lnSpc>\
             <a:spcBef><a:spcPts val=\"{}\"/></a:spcBef>{bullet_xml}\
             <a:defRPr sz=\"{}\" b=\"{}\">{color}<a:latin typeface=\"+mn-lt\"/></a:defRPr></a:lvl{l}pPr>",
            emu(col * f64::from(l)),
            -emu(col),
            super::canvas::LINE_PCT,
            size((SPACING - LEADING) * body),
            size(body),
            u8::from(bold || theme.bold_body),
        );
    }
    out
}

/// `slideMaster1.xml`, its relationships, and the layouts with theirs.
pub fn master_and_layouts(canvas: &Canvas, theme: &Theme, lang: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let s = &theme.sizes;
    let tx1 = "<a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill>";
    let tx2 = "<a:solidFill><a:schemeClr val=\"tx2\"/></a:solidFill>";
    let font = &theme.fonts.body;
    // The master: background, the title, body, footer and number
    // placeholders where the template puts them, and the text styles.
    let mut tree = String::new();
    let title_box = canvas.title_box(false, 2);
    let body_box = canvas.body_box(false, 1);
    placeholder(
        &mut tree,
        2,
        "Title Placeholder 1",
        "type=\"title\"",
        title_box,
        &body_pr("t", (0.0, 0.0, 0.0, 0.0), true),
        "",
        "",
        "Titel",
    );
    placeholder(
        &mut tree,
        3,
        "Text Placeholder 2",
        "type=\"body\" idx=\"1\"",
        body_box,
        &body_pr("t", (0.0, 0.0, 0.0, 0.0), true),
        "",
        "",
        "Tekst",
    );
    furniture(&mut tree, canvas, theme, 4, tx2);
    let mut rels = Rels::default();
    let mut ids = String::new();
    for (i, _) in layouts().iter().enumerate() {
        let rid = rels.add(
            "slideLayout",
            &format!("../slideLayouts/slideLayout{}.xml", i + 1),
            false,
        );
        let _ = write!(
            ids,
            "<p:sldLayoutId id=\"{}\" r:id=\"{rid}\"/>",
            2147483649u32 + i as u32
        );
    }
    rels.add("theme", "../theme/theme1.xml", false);
    let plain_bullet = bullet(SlideKind::Plain, &rgb(&theme.colors.kinds["plain"]), font);
    let master = format!(
        "{HEAD}<p:sldMaster {NS}><p:cSld><p:bg><p:bgPr><a:solidFill><a:schemeClr val=\"bg1\"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>\
         <p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{tree}</p:spTree></p:cSld>\
         {}<p:sldLayoutIdLst>{ids}</p:sldLayoutIdLst>\
         <p:txStyles><p:titleStyle><a:lvl1pPr algn=\"l\"><a:lnSpc><a:spcPct val=\"100000\"/></a:lnSpc><a:spcBef><a:spcPts val=\"0\"/></a:spcBef><a:buNone/>\
         <a:defRPr sz=\"{}\" b=\"1\" lang=\"{lang}\">{tx1}<a:latin typeface=\"+mj-lt\"/></a:defRPr></a:lvl1pPr></p:titleStyle>\
         <p:bodyStyle>{}</p:bodyStyle>\
         <p:otherStyle><a:defPPr><a:defRPr lang=\"{lang}\"/></a:defPPr></p:otherStyle></p:txStyles></p:sldMaster>",
        clr_map(theme),
        size(s.title),
        body_levels(theme, s.body, &plain_bullet, tx1, false),
    );
    out.push((master, rels.xml()));

    for (i, kind) in layouts().into_iter().enumerate() {
        out.push((layout(canvas, theme, kind, i + 1, lang), {
            let mut r = Rels::default();
            r.add("slideMaster", "../slideMasters/slideMaster1.xml", false);
            r.xml()
        }));
    }
    out
}

/// The footer and slide number placeholders, as the template places them.
fn furniture(tree: &mut String, canvas: &Canvas, theme: &Theme, id: usize, color: &str) {
    let label = theme.sizes.label;
    let lst = |algn: &str| {
        format!(
            "<a:lvl1pPr algn=\"{algn}\"><a:defRPr sz=\"{}\" b=\"0\">{color}</a:defRPr></a:lvl1pPr>",
            size(label)
        )
    };
    placeholder(
        tree,
        id,
        "Footer Placeholder",
        "type=\"ftr\" sz=\"quarter\" idx=\"11\"",
        canvas.footer_box(),
        &body_pr("b", (0.0, 0.0, 0.0, 0.0), false),
        "",
        &lst("l"),
        "",
    );
    placeholder(
        tree,
        id + 1,
        "Slide Number Placeholder",
        "type=\"sldNum\" sz=\"quarter\" idx=\"12\"",
        canvas.number_box(),
        &body_pr("b", (0.0, 0.0, 0.0, 0.0), false),
        "",
        &lst("r"),
        "",
    );
}

/// The name a kind's layout has in PowerPoint's layout gallery.
pub fn layout_name(kind: SlideKind, lang: &str) -> String {
    let nl = lang.starts_with("nl");
    match kind {
        SlideKind::Title => if nl { "Titeldia" } else { "Title slide" }.into(),
        SlideKind::List => if nl { "Lijst" } else { "List" }.into(),
        SlideKind::Plain => if nl {
            "Titel en tekst"
        } else {
            "Title and text"
        }
        .into(),
        k => kind_label(k, lang).to_string(),
    }
}

/// The body placeholder's look in a kind's layout: a card for
/// definitions, a frame for assignments, nothing for the others; with the
/// text's insets in the frame (the template's, and beside a definition's
/// bar).
pub fn frame_of(kind: SlideKind, theme: &Theme) -> Option<(String, (f64, f64, f64, f64))> {
    let c = &theme.colors;
    let l = &theme.layout;
    let (x, y) = TEMPLATE.frame_inset(kind);
    match kind {
        SlideKind::Definition => Some((
            format!("<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill><a:ln><a:noFill/></a:ln>", rgb(&c.surface)),
            (x + 2.0 * l.rule, y, x, y),
        )),
        SlideKind::Assignment => Some((
            format!(
                "<a:noFill/><a:ln w=\"{}\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill></a:ln>",
                emu(l.rule),
                rgb(&c.kinds["assignment"])
            ),
            (x, y, x, y),
        )),
        _ => None,
    }
}

/// A kind's layout: its type and background, the kind's bar, the
/// placeholders where the template puts the title and body, the footer.
fn layout(canvas: &Canvas, theme: &Theme, kind: SlideKind, n: usize, lang: &str) -> String {
    let mut tree = String::new();
    let (typ, bg) = match kind {
        SlideKind::Title => ("title", ""),
        SlideKind::Section => (
            "secHead",
            "<p:bg><p:bgPr><a:solidFill><a:schemeClr val=\"accent1\"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>",
        ),
        SlideKind::Plain => ("obj", ""),
        _ => ("cust", ""),
    };
    let ink = Ink::new(theme, kind == SlideKind::Section);
    if matches!(kind, SlideKind::Title | SlideKind::Section) {
        centred_placeholders(&mut tree, canvas, theme, kind, &ink);
    } else {
        let kind_color = rgb(&theme.colors.kinds[kind.name()]);
        rect(&mut tree, 2, "Kind bar", canvas.bar(), &kind_color);
        content_placeholders(&mut tree, canvas, theme, kind, lang, &ink.fg);
    }
    furniture(&mut tree, canvas, theme, 5, &ink.muted);
    format!(
        "{HEAD}<p:sldLayout {NS} type=\"{typ}\" preserve=\"1\"><p:cSld name=\"{}\">{bg}\
         <p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{tree}</p:spTree></p:cSld>\
         <p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>",
        attr_string(&format!("{n:02} {}", layout_name(kind, lang)))
    )
}

/// A title or section layout's title and subtitle, centred as the
/// template centres them (for a title of one line).
fn centred_placeholders(
    tree: &mut String,
    canvas: &Canvas,
    theme: &Theme,
    kind: SlideKind,
    ink: &Ink,
) {
    let s = &theme.sizes;
    let title = kind == SlideKind::Title;
    let title_size = if title { s.title * 1.25 } else { s.title };
    let (title_box, body_box) = canvas.centred_boxes(title_size, 1, s.body, text_height(1, s.body));
    placeholder(
        tree,
        3,
        "Title 1",
        if title {
            "type=\"ctrTitle\""
        } else {
            "type=\"title\""
        },
        title_box,
        &body_pr("b", NO_INSET, true),
        "",
        &format!(
            "<a:lvl1pPr algn=\"ctr\"><a:defRPr sz=\"{}\" b=\"1\">{}</a:defRPr></a:lvl1pPr>",
            size(title_size),
            ink.fg
        ),
        if title { "Titel van de sessie" } else { "Deel" },
    );
    let sub_color = if title { &ink.muted } else { &ink.fg };
    placeholder(
        tree,
        4,
        "Subtitle 2",
        if title {
            "type=\"subTitle\" idx=\"1\""
        } else {
            "type=\"body\" idx=\"1\""
        },
        body_box,
        &body_pr("t", NO_INSET, true),
        "",
        &format!(
            "<a:lvl1pPr marL=\"0\" indent=\"0\" algn=\"ctr\"><a:buNone/><a:defRPr sz=\"{}\">{sub_color}</a:defRPr></a:lvl1pPr>",
            size(s.body)
        ),
        if title { "Sessie" } else { "" },
    );
}

/// A content kind's title and body placeholders below its label (when
/// the kind has one), the body in the kind's frame with its bullets.
fn content_placeholders(
    tree: &mut String,
    canvas: &Canvas,
    theme: &Theme,
    kind: SlideKind,
    lang: &str,
    fg: &str,
) {
    let label = !kind_label(kind, lang).is_empty();
    placeholder(
        tree,
        3,
        "Title 1",
        "type=\"title\"",
        canvas.title_box(label, 1),
        &body_pr("t", NO_INSET, true),
        "",
        "",
        "Titel",
    );
    let (frame, insets) = frame_of(kind, theme).unwrap_or_default();
    let kind_color = rgb(&theme.colors.kinds[kind.name()]);
    let marks = bullet(kind, &kind_color, &theme.fonts.body);
    let lst = body_levels(theme, theme.sizes.body, &marks, fg, false);
    placeholder(
        tree,
        4,
        "Content Placeholder 2",
        "idx=\"1\"",
        canvas.body_box(label, 1),
        &body_pr("t", insets, true),
        &frame,
        &lst,
        "Tekst",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pptx::test_support as t;
    use crate::render::pptx::theme_part::theme_xml;

    #[test]
    fn every_kind_has_a_layout_and_dark_themes_swap_the_colour_map() {
        for kind in SlideKind::ALL {
            assert!(layout_of(kind) >= 1 && layout_of(kind) <= layouts().len());
        }
        let light = crate::theme::builtin("default").unwrap();
        let dark = crate::theme::builtin("projector").unwrap();
        assert!(clr_map(&light).contains("bg1=\"lt1\""));
        assert!(clr_map(&dark).contains("bg1=\"dk1\""));
        let xml = theme_xml(&dark, "t");
        assert!(
            xml.contains("<a:dk1><a:srgbClr val=\"0B0C0E\"/>"),
            "the dark background is dk1"
        );
    }

    #[test]
    fn the_master_and_each_layout_have_their_placeholders() {
        let f = crate::render::pptx::test_support::fixture("");
        let ctx = f.ctx();
        let parts = master_and_layouts(&ctx.canvas, &f.theme, "en-US");
        assert_eq!(parts.len(), 1 + layouts().len());
        let placeholders = |xml: &str| -> Vec<(Option<String>, Option<String>)> {
            let doc = t::parse(xml);
            t::shapes(&doc).into_iter().filter_map(|s| s.ph).collect()
        };
        let ph = |typ: Option<&str>, idx: Option<&str>| {
            (typ.map(str::to_string), idx.map(str::to_string))
        };
        let footer = [ph(Some("ftr"), Some("11")), ph(Some("sldNum"), Some("12"))];
        let (master, rels) = &parts[0];
        assert_eq!(
            placeholders(master)[..2],
            [ph(Some("title"), None), ph(Some("body"), Some("1"))]
        );
        assert_eq!(placeholders(master)[2..], footer);
        assert_eq!(t::rels(rels).len(), layouts().len() + 1);
        for (kind, (xml, rels)) in layouts().into_iter().zip(&parts[1..]) {
            let doc = t::parse(xml);
            let name = doc
                .descendants()
                .find(|n| n.has_tag_name((t::P, "cSld")))
                .and_then(|n| n.attribute("name"))
                .unwrap();
            assert!(name.ends_with(&layout_name(kind, "en-US")), "{name}");
            let found = placeholders(xml);
            let body = match kind {
                SlideKind::Title => ph(Some("subTitle"), Some("1")),
                SlideKind::Section => ph(Some("body"), Some("1")),
                _ => ph(None, Some("1")),
            };
            assert!(found.contains(&body), "{kind:?}: {found:?}");
            assert_eq!(found[2..], footer, "{kind:?}");
            assert_eq!(t::rels(rels)[0].2, "../slideMasters/slideMaster1.xml");
        }
    }
}

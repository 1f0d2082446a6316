//! The parts of a presentation that do not depend on the slides' content:
//! the theme (colours and fonts), the slide master with one layout per
//! slide kind, the notes master, and the package's bookkeeping
//! (`[Content_Types].xml`, relationships, document properties).
//!
//! Everything is drawn from the lectern theme, so a slide added or edited
//! in PowerPoint gets the deck's fonts, colours, sizes and bullets.

use std::fmt::Write as _;

use super::xml::{attr_string, emu, rgb};
use super::Geometry;
use crate::deck::SlideKind;
use crate::text::words::kind_label;
use crate::theme::Theme;

pub const NS: &str = "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
    xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
    xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"";
pub const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CT: &str = "application/vnd.openxmlformats-officedocument.presentationml";

/// The slide layouts, in the master's order: title, section, then one per
/// content kind. A slide of a kind uses that kind's layout.
pub fn layouts() -> Vec<SlideKind> {
    SlideKind::ALL.to_vec()
}

/// The 1-based number of the layout a kind uses (`slideLayoutN.xml`).
pub fn layout_of(kind: SlideKind) -> usize {
    layouts().iter().position(|k| *k == kind).unwrap_or(0) + 1
}

/// A relationship list.
#[derive(Default)]
pub struct Rels {
    items: Vec<(String, String, bool)>,
}

impl Rels {
    /// Adds a relationship and returns its id (`rIdN`). `external` for
    /// hyperlinks.
    pub fn add(&mut self, kind: &str, target: &str, external: bool) -> String {
        let encoded;
        let target = if external {
            encoded = uri(target);
            encoded.as_str()
        } else {
            target
        };
        if let Some(i) = self
            .items
            .iter()
            .position(|(k, t, e)| k == kind && t == target && *e == external)
        {
            return format!("rId{}", i + 1);
        }
        self.items.push((kind.into(), target.into(), external));
        format!("rId{}", self.items.len())
    }

    pub fn xml(&self) -> String {
        let mut out = format!(
            "{HEAD}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        );
        for (i, (kind, target, external)) in self.items.iter().enumerate() {
            let kind = if kind.starts_with("http") {
                kind.clone()
            } else {
                format!("{REL}/{kind}")
            };
            let _ = write!(
                out,
                "<Relationship Id=\"rId{}\" Type=\"{kind}\" Target=\"{}\"{}/>",
                i + 1,
                attr_string(target),
                if *external {
                    " TargetMode=\"External\""
                } else {
                    ""
                }
            );
        }
        out.push_str("</Relationships>");
        out
    }
}

/// A link as a URI PowerPoint accepts: bytes outside the characters URIs
/// allow (spaces, quotes, letters beyond ASCII) percent-encoded, the
/// link otherwise as written.
pub fn uri(link: &str) -> String {
    let mut out = String::with_capacity(link.len());
    for b in link.trim().bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `[Content_Types].xml` for a deck of `slides` slides (each with its notes
/// page) and pictures of the given file extensions.
pub fn content_types(slides: usize, media: &[&str]) -> String {
    let mut out = format!(
        "{HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    );
    let mut exts: Vec<&str> = media.to_vec();
    exts.sort_unstable();
    exts.dedup();
    for ext in exts {
        let mime = match ext {
            "png" => "image/png",
            "jpeg" => "image/jpeg",
            "gif" => "image/gif",
            "svg" => "image/svg+xml",
            _ => continue,
        };
        let _ = write!(out, "<Default Extension=\"{ext}\" ContentType=\"{mime}\"/>");
    }
    let mut part = |name: &str, ct: &str| {
        let _ = write!(out, "<Override PartName=\"/{name}\" ContentType=\"{ct}\"/>");
    };
    part(
        "ppt/presentation.xml",
        &format!("{CT}.presentation.main+xml"),
    );
    part("ppt/presProps.xml", &format!("{CT}.presProps+xml"));
    part("ppt/viewProps.xml", &format!("{CT}.viewProps+xml"));
    part("ppt/tableStyles.xml", &format!("{CT}.tableStyles+xml"));
    part(
        "ppt/slideMasters/slideMaster1.xml",
        &format!("{CT}.slideMaster+xml"),
    );
    part(
        "ppt/notesMasters/notesMaster1.xml",
        &format!("{CT}.notesMaster+xml"),
    );
    for i in 1..=layouts().len() {
        part(
            &format!("ppt/slideLayouts/slideLayout{i}.xml"),
            &format!("{CT}.slideLayout+xml"),
        );
    }
    for i in 1..=2 {
        part(
            &format!("ppt/theme/theme{i}.xml"),
            "application/vnd.openxmlformats-officedocument.theme+xml",
        );
    }
    for i in 1..=slides {
        part(
            &format!("ppt/slides/slide{i}.xml"),
            &format!("{CT}.slide+xml"),
        );
        part(
            &format!("ppt/notesSlides/notesSlide{i}.xml"),
            &format!("{CT}.notesSlide+xml"),
        );
    }
    part(
        "docProps/core.xml",
        "application/vnd.openxmlformats-package.core-properties+xml",
    );
    part(
        "docProps/app.xml",
        "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    );
    out.push_str("</Types>");
    out
}

pub fn root_rels() -> String {
    let mut rels = Rels::default();
    rels.add("officeDocument", "ppt/presentation.xml", false);
    rels.add(
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
        "docProps/core.xml",
        false,
    );
    rels.add("extended-properties", "docProps/app.xml", false);
    rels.xml()
}

/// `docProps/core.xml`: title, author and language.
pub fn core(title: &str, author: Option<&str>, lang: &str) -> String {
    let mut out = format!(
        "{HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title>",
        text_string(title)
    );
    if let Some(a) = author {
        let _ = write!(out, "<dc:creator>{}</dc:creator>", text_string(a));
    }
    let _ = write!(
        out,
        "<dc:language>{}</dc:language></cp:coreProperties>",
        text_string(lang)
    );
    out
}

fn text_string(s: &str) -> String {
    let mut o = String::new();
    super::xml::text(s, &mut o);
    o
}

pub fn app(slides: usize, notes: usize) -> String {
    format!(
        "{HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
         <Application>lectern</Application><PresentationFormat>On-screen Show</PresentationFormat>\
         <Slides>{slides}</Slides><Notes>{notes}</Notes></Properties>"
    )
}

/// `ppt/presentation.xml` and its relationships.
pub fn presentation(geo: &Geometry, slides: usize, theme: &Theme, lang: &str) -> (String, String) {
    let mut rels = Rels::default();
    let master = rels.add("slideMaster", "slideMasters/slideMaster1.xml", false);
    let notes = rels.add("notesMaster", "notesMasters/notesMaster1.xml", false);
    let mut ids = String::new();
    for i in 1..=slides {
        let rid = rels.add("slide", &format!("slides/slide{i}.xml"), false);
        let _ = write!(ids, "<p:sldId id=\"{}\" r:id=\"{rid}\"/>", 255 + i);
    }
    rels.add("presProps", "presProps.xml", false);
    rels.add("viewProps", "viewProps.xml", false);
    rels.add("theme", "theme/theme1.xml", false);
    rels.add("tableStyles", "tableStyles.xml", false);
    let mut levels = String::new();
    for l in 1..=5 {
        let _ = write!(
            levels,
            "<a:lvl{l}pPr marL=\"{}\" algn=\"l\" defTabSz=\"914400\"><a:defRPr sz=\"{}\" lang=\"{lang}\">\
             <a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"+mn-lt\"/></a:defRPr></a:lvl{l}pPr>",
            (l - 1) * 457200,
            size(theme.sizes.body)
        );
    }
    let xml = format!(
        "{HEAD}<p:presentation {NS} saveSubsetFonts=\"1\">\
         <p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"{master}\"/></p:sldMasterIdLst>\
         <p:notesMasterIdLst><p:notesMasterId r:id=\"{notes}\"/></p:notesMasterIdLst>\
         <p:sldIdLst>{ids}</p:sldIdLst>\
         <p:sldSz cx=\"{}\" cy=\"{}\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/>\
         <p:defaultTextStyle><a:defPPr><a:defRPr lang=\"{lang}\"/></a:defPPr>{levels}</p:defaultTextStyle>\
         </p:presentation>",
        emu(geo.w),
        emu(geo.h),
    );
    (xml, rels.xml())
}

pub fn pres_props() -> String {
    format!("{HEAD}<p:presentationPr {NS}/>")
}

pub fn view_props() -> String {
    format!(
        "{HEAD}<p:viewPr {NS}><p:normalViewPr><p:restoredLeft sz=\"15620\"/><p:restoredTop sz=\"80000\"/></p:normalViewPr>\
         <p:gridSpacing cx=\"76200\" cy=\"76200\"/></p:viewPr>"
    )
}

pub fn table_styles() -> String {
    format!(
        "{HEAD}<a:tblStyleLst xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
         def=\"{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}\"/>"
    )
}

/// Hundredths of a point, as DrawingML sizes type.
pub fn size(pt: f64) -> i64 {
    (pt * 100.0).round() as i64
}

/// Whether the theme sets light text on a dark ground.
fn is_dark(theme: &Theme) -> bool {
    let lum = |c: &str| {
        crate::theme::parse_hex(c).map_or(0, |(r, g, b)| u32::from(r) + u32::from(g) + u32::from(b))
    };
    lum(&theme.colors.background) < lum(&theme.colors.text)
}

/// The master's colour map: light themes put text on `lt1`, dark ones on `dk1`.
fn clr_map(theme: &Theme) -> &'static str {
    if is_dark(theme) {
        "<p:clrMap bg1=\"dk1\" tx1=\"lt1\" bg2=\"dk2\" tx2=\"lt2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>"
    } else {
        "<p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>"
    }
}

/// The theme part: the lectern palette as the colour scheme (text,
/// background, muted, surface, accent, links, and the slide kinds'
/// colours as further accents) and the theme's font for headings and body.
pub fn theme_xml(theme: &Theme, name: &str) -> String {
    let c = &theme.colors;
    let (dk1, lt1, dk2, lt2) = if is_dark(theme) {
        (&c.background, &c.text, &c.surface, &c.muted)
    } else {
        (&c.text, &c.background, &c.muted, &c.surface)
    };
    // Accents 2-6: the kinds' colours other than the accent, in kind order.
    let mut accents: Vec<String> = Vec::new();
    for kind in SlideKind::ALL {
        let k = rgb(&c.kinds[kind.name()]);
        if k != rgb(&c.accent) && !accents.contains(&k) {
            accents.push(k);
        }
    }
    while accents.len() < 5 {
        accents.push(rgb(&c.muted));
    }
    let font = attr_string(&theme.fonts.body);
    let fonts = format!(
        "<a:latin typeface=\"{font}\" pitchFamily=\"34\" charset=\"0\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/>"
    );
    let mut clr = format!(
        "<a:dk1><a:srgbClr val=\"{}\"/></a:dk1><a:lt1><a:srgbClr val=\"{}\"/></a:lt1>\
         <a:dk2><a:srgbClr val=\"{}\"/></a:dk2><a:lt2><a:srgbClr val=\"{}\"/></a:lt2>\
         <a:accent1><a:srgbClr val=\"{}\"/></a:accent1>",
        rgb(dk1),
        rgb(lt1),
        rgb(dk2),
        rgb(lt2),
        rgb(&c.accent)
    );
    for (i, a) in accents.iter().take(5).enumerate() {
        let _ = write!(
            clr,
            "<a:accent{n}><a:srgbClr val=\"{a}\"/></a:accent{n}>",
            n = i + 2
        );
    }
    let _ = write!(
        clr,
        "<a:hlink><a:srgbClr val=\"{l}\"/></a:hlink><a:folHlink><a:srgbClr val=\"{l}\"/></a:folHlink>",
        l = rgb(&c.link)
    );
    let solid = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let line = |w: i64| {
        format!("<a:ln w=\"{w}\" cap=\"flat\" cmpd=\"sng\" algn=\"ctr\">{solid}<a:prstDash val=\"solid\"/><a:miter lim=\"800000\"/></a:ln>")
    };
    format!(
        "{HEAD}<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"{}\">\
         <a:themeElements><a:clrScheme name=\"{}\">{clr}</a:clrScheme>\
         <a:fontScheme name=\"{font}\"><a:majorFont>{fonts}</a:majorFont><a:minorFont>{fonts}</a:minorFont></a:fontScheme>\
         <a:fmtScheme name=\"lectern\"><a:fillStyleLst>{solid}{solid}{solid}</a:fillStyleLst>\
         <a:lnStyleLst>{}{}{}</a:lnStyleLst>\
         <a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>\
         <a:bgFillStyleLst>{solid}{solid}{solid}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>\
         <a:objectDefaults/><a:extraClrSchemeLst/></a:theme>",
        attr_string(name),
        attr_string(&theme.name),
        line(emu(theme.layout.rule.max(0.5))),
        line(emu(theme.layout.rule.max(0.5) * 2.0)),
        line(emu(theme.layout.rule.max(0.5) * 3.0)),
    )
}

/// A placeholder shape of a master or layout, with its box and its text
/// properties (`lst` goes inside `<a:lstStyle>`).
#[allow(clippy::too_many_arguments)]
fn placeholder(
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
            super::LINE_PCT,
            size((super::measure::SPACING - super::measure::LEADING) * body),
            size(body),
            u8::from(bold || theme.bold_body),
        );
    }
    out
}

/// `slideMaster1.xml`, its relationships, and the layouts with theirs.
pub fn master_and_layouts(geo: &Geometry, theme: &Theme, lang: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let s = &theme.sizes;
    let tx1 = "<a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill>";
    let tx2 = "<a:solidFill><a:schemeClr val=\"tx2\"/></a:solidFill>";
    let font = &theme.fonts.body;
    // The master: background, the title, body, footer and number
    // placeholders where the template puts them, and the text styles.
    let mut tree = String::new();
    let title_box = geo.title_box(false, 2);
    let body_box = geo.body_box(false, 1);
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
    furniture(&mut tree, geo, theme, 4, tx2);
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
        out.push((layout(geo, theme, kind, i + 1, lang), {
            let mut r = Rels::default();
            r.add("slideMaster", "../slideMasters/slideMaster1.xml", false);
            r.xml()
        }));
    }
    out
}

/// The footer and slide number placeholders, as the template places them.
fn furniture(tree: &mut String, geo: &Geometry, theme: &Theme, id: usize, color: &str) {
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
        geo.footer_box(),
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
        geo.number_box(),
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
/// definitions, a frame for assignments, nothing for the others.
pub fn frame_of(kind: SlideKind, theme: &Theme) -> Option<(String, (f64, f64, f64, f64))> {
    let c = &theme.colors;
    let l = &theme.layout;
    match kind {
        SlideKind::Definition => Some((
            format!("<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill><a:ln><a:noFill/></a:ln>", rgb(&c.surface)),
            (22.0 + 2.0 * l.rule, 16.0, 22.0, 16.0),
        )),
        SlideKind::Assignment => Some((
            format!(
                "<a:noFill/><a:ln w=\"{}\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill></a:ln>",
                emu(l.rule),
                rgb(&c.kinds["assignment"])
            ),
            (20.0, 14.0, 20.0, 14.0),
        )),
        _ => None,
    }
}

fn layout(geo: &Geometry, theme: &Theme, kind: SlideKind, n: usize, lang: &str) -> String {
    let c = &theme.colors;
    let s = &theme.sizes;
    let kind_color = rgb(&c.kinds[kind.name()]);
    let font = &theme.fonts.body;
    let mut tree = String::new();
    let (typ, bg) = match kind {
        SlideKind::Title => ("title", String::new()),
        SlideKind::Section => (
            "secHead",
            "<p:bg><p:bgPr><a:solidFill><a:schemeClr val=\"accent1\"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>".to_string(),
        ),
        SlideKind::Plain => ("obj", String::new()),
        _ => ("cust", String::new()),
    };
    let centred = matches!(kind, SlideKind::Title | SlideKind::Section);
    if !centred {
        rect(&mut tree, 2, "Kind bar", geo.bar(), &kind_color);
    }
    let on = |hex: &str| {
        format!(
            "<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
            rgb(hex)
        )
    };
    let (fg, muted) = if kind == SlideKind::Section {
        (on(&c.on_accent), on(&c.on_accent))
    } else {
        (
            "<a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill>".to_string(),
            "<a:solidFill><a:schemeClr val=\"tx2\"/></a:solidFill>".to_string(),
        )
    };
    if centred {
        let title_size = if kind == SlideKind::Title {
            s.title * 1.25
        } else {
            s.title
        };
        let (title_box, body_box) = geo.centred_boxes(
            title_size,
            1,
            s.body,
            super::measure::text_height(1, s.body),
        );
        placeholder(
            &mut tree,
            3,
            "Title 1",
            if kind == SlideKind::Title {
                "type=\"ctrTitle\""
            } else {
                "type=\"title\""
            },
            title_box,
            &body_pr("b", (0.0, 0.0, 0.0, 0.0), true),
            "",
            &format!(
                "<a:lvl1pPr algn=\"ctr\"><a:defRPr sz=\"{}\" b=\"1\">{fg}</a:defRPr></a:lvl1pPr>",
                size(title_size)
            ),
            if kind == SlideKind::Title {
                "Titel van de sessie"
            } else {
                "Deel"
            },
        );
        let sub_color = if kind == SlideKind::Title {
            &muted
        } else {
            &fg
        };
        placeholder(
            &mut tree,
            4,
            "Subtitle 2",
            if kind == SlideKind::Title { "type=\"subTitle\" idx=\"1\"" } else { "type=\"body\" idx=\"1\"" },
            body_box,
            &body_pr("t", (0.0, 0.0, 0.0, 0.0), true),
            "",
            &format!(
                "<a:lvl1pPr marL=\"0\" indent=\"0\" algn=\"ctr\"><a:buNone/><a:defRPr sz=\"{}\">{sub_color}</a:defRPr></a:lvl1pPr>",
                size(s.body)
            ),
            if kind == SlideKind::Title { "Sessie" } else { "" },
        );
    } else {
        placeholder(
            &mut tree,
            3,
            "Title 1",
            "type=\"title\"",
            geo.title_box(!crate::text::words::kind_label(kind, lang).is_empty(), 1),
            &body_pr("t", (0.0, 0.0, 0.0, 0.0), true),
            "",
            "",
            "Titel",
        );
        let (frame, insets) = frame_of(kind, theme).unwrap_or_default();
        let lst = body_levels(theme, s.body, &bullet(kind, &kind_color, font), &fg, false);
        placeholder(
            &mut tree,
            4,
            "Content Placeholder 2",
            "idx=\"1\"",
            geo.body_box(!crate::text::words::kind_label(kind, lang).is_empty(), 1),
            &body_pr("t", insets, true),
            &frame,
            &lst,
            "Tekst",
        );
    }
    furniture(&mut tree, geo, theme, 5, &muted);
    format!(
        "{HEAD}<p:sldLayout {NS} type=\"{typ}\" preserve=\"1\"><p:cSld name=\"{}\">{bg}\
         <p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{tree}</p:spTree></p:cSld>\
         <p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>",
        attr_string(&format!("{n:02} {}", layout_name(kind, lang)))
    )
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

    #[test]
    fn links_become_uris_and_relationships_are_counted_once() {
        assert_eq!(
            uri("https://x.org/a b?q=\"é\""),
            "https://x.org/a%20b?q=%22%C3%A9%22"
        );
        assert_eq!(uri("mailto:a@b.org"), "mailto:a@b.org");
        let mut rels = Rels::default();
        assert_eq!(rels.add("hyperlink", "https://x.org", true), "rId1");
        assert_eq!(rels.add("image", "../media/image1.png", false), "rId2");
        assert_eq!(rels.add("hyperlink", "https://x.org", true), "rId1");
        assert!(rels.xml().contains("TargetMode=\"External\""));
    }

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
}

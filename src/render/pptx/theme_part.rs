//! The theme part (`ppt/theme/themeN.xml`): the lectern palette as the
//! colour scheme and the theme's font for headings and body.

use std::fmt::Write as _;

use super::xml::{attr_string, emu, rgb, HEAD};
use crate::deck::SlideKind;
use crate::theme::Theme;

/// Whether the theme sets light text on a dark ground.
pub fn is_dark(theme: &Theme) -> bool {
    let lum = |c: &str| {
        crate::theme::parse_hex(c).map_or(0, |(r, g, b)| u32::from(r) + u32::from(g) + u32::from(b))
    };
    lum(&theme.colors.background) < lum(&theme.colors.text)
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

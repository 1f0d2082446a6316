//! One slide (`ppt/slides/slideN.xml`): its background, the label, title
//! and body where its layout puts them (a title or section slide centred,
//! a prompt large in the middle, a content slide's body below its title),
//! and the footer, number and part.

use std::fmt::Write as _;

use super::body::body;
use super::canvas::{box_height, box_top, Canvas, Rect};
use super::heights::blocks_height;
use super::master::{body_pr, layout_of, NO_INSET};
#[cfg(test)]
use super::measure::ABOVE_CAP;
use super::measure::{lines, text_height, Style};
use super::media::Media;
use super::rels::Rels;
use super::shape_tree::{round_rect, solid, SlideXml, RECT};
use super::text::{inlines, run_lang, scaled, Ink, Run, TextStyle};
use super::xml::{self, attr_string, rgb, size, HEAD, NS};
use crate::course::Course;
use crate::deck::{Block, BlockBody, Deck, Image, Slide, SlideKind};
use crate::diag::Diagnostic;
use crate::fit::Page;
use crate::text::words::{kind_icon, kind_label, shows_label, word};
use crate::theme::geometry::TEMPLATE;
use crate::theme::Theme;

/// Everything a slide is drawn with.
pub struct Ctx<'a> {
    pub course: &'a Course,
    pub deck: &'a Deck,
    pub theme: &'a Theme,
    pub canvas: Canvas,
    /// The language tag of text runs (`nl-NL`).
    pub lang: String,
    /// The footer's text: the deck's title with its session.
    pub footer: String,
    /// How many pages the deck has (the footer's "n / total").
    pub total: usize,
}

impl<'a> Ctx<'a> {
    /// What a content page is drawn with: its title is its step's, as the
    /// template's `mkctx` sets it.
    pub fn for_page(&self, page: &Page) -> Ctx<'a> {
        Ctx {
            canvas: Canvas {
                title: self.theme.sizes.title_for(page.size),
                ..self.canvas.clone()
            },
            lang: self.lang.clone(),
            footer: self.footer.clone(),
            ..*self
        }
    }

    /// What the `total` pages of `deck` are drawn with.
    pub fn new(course: &'a Course, deck: &'a Deck, theme: &'a Theme, total: usize) -> Ctx<'a> {
        let lang = &course.config.language;
        Ctx {
            course,
            deck,
            theme,
            canvas: Canvas::new(course, theme),
            lang: run_lang(lang),
            footer: session_title(deck, lang),
            total,
        }
    }
}

/// A deck's title with its session, as the footer and the document's
/// properties give it.
pub fn session_title(deck: &Deck, lang: &str) -> String {
    match deck.session {
        Some(n) => format!("{} {n} · {}", word("session", lang), deck.title),
        None => deck.title.clone(),
    }
}

/// A slide's background picture: behind everything, under a scrim of the
/// slide's colour (as in the HTML and the PDF), with the kind's bar drawn
/// again above it. A picture PowerPoint cannot take is left out (the
/// check has said why; a PPTX warning says so too).
pub fn backdrop(x: &mut SlideXml, ctx: &Ctx, bg: &Image, colour: &str, bar: bool) {
    let Some(file) = &bg.file else { return };
    match x.media.image(ctx.course, file) {
        Ok(pic) => {
            let canvas = &ctx.canvas;
            x.cover_picture(&pic, (canvas.w, canvas.h));
            let scrim = format!(
                "<a:solidFill><a:srgbClr val=\"{}\"><a:alpha val=\"78000\"/></a:srgbClr></a:solidFill>",
                rgb(colour)
            );
            x.shape("Scrim", (0.0, 0.0, canvas.w, canvas.h), RECT, &scrim);
            if bar {
                let kind = &ctx.theme.colors.kinds[x.slide.kind.name()];
                x.shape("Kind bar", canvas.bar(), RECT, &solid(kind));
            }
        }
        Err(why) => x.warn(format!(
            "background `{}` cannot be put in the PowerPoint file: {why}",
            bg.src
        )),
    }
}

/// The label above a title: the kind's icon and its name in capitals.
pub fn label_paragraph(ctx: &Ctx, kind: SlideKind, algn: &str) -> String {
    let color = rgb(&ctx.theme.colors.kinds[kind.name()]);
    let l = ctx.theme.sizes.label;
    let mut out = format!("<a:p><a:pPr algn=\"{algn}\"><a:buNone/></a:pPr>");
    let _ = write!(
        out,
        "<a:r><a:rPr lang=\"{lang}\" sz=\"{}\" b=\"1\" dirty=\"0\"><a:solidFill><a:srgbClr val=\"{color}\"/></a:solidFill></a:rPr><a:t>{} </a:t></a:r>\
         <a:r><a:rPr lang=\"{lang}\" sz=\"{}\" b=\"1\" cap=\"all\" spc=\"{}\" dirty=\"0\"><a:solidFill><a:srgbClr val=\"{color}\"/></a:solidFill></a:rPr><a:t>",
        size(l * 1.2),
        kind_icon(kind),
        size(l),
        size(0.08 * l),
        lang = ctx.lang
    );
    xml::text(kind_label(kind, &ctx.course.config.language), &mut out);
    out.push_str("</a:t></a:r></a:p>");
    out
}

/// A line in capitals above a title, in the title kind's colour, as the
/// template sets the course's name on a title slide.
fn overline_paragraph(ctx: &Ctx, line: &str, algn: &str) -> String {
    let color = rgb(&ctx.theme.colors.kinds[SlideKind::Title.name()]);
    let l = ctx.theme.sizes.label * 1.2;
    let mut out = format!(
        "<a:p><a:pPr algn=\"{algn}\"><a:buNone/></a:pPr><a:r><a:rPr lang=\"{}\" sz=\"{}\" b=\"1\" cap=\"all\" spc=\"{}\" dirty=\"0\"><a:solidFill><a:srgbClr val=\"{color}\"/></a:solidFill></a:rPr><a:t>",
        ctx.lang,
        size(l),
        size(0.08 * l),
    );
    xml::text(line, &mut out);
    out.push_str("</a:t></a:r></a:p>");
    out
}

pub fn title_paragraph(
    ctx: &Ctx,
    slide: &Slide,
    size_pt: f64,
    algn: &str,
    color: &str,
    rels: &mut Rels,
) -> String {
    let st = TextStyle {
        size: size_pt,
        color: color.to_string(),
        kind: slide.kind,
        kind_color: rgb(&ctx.theme.colors.kinds[slide.kind.name()]),
        bold: true,
        align: if algn == "ctr" { "ctr" } else { "l" },
        lang: ctx.lang.clone(),
        mono: attr_string(&ctx.theme.fonts.mono),
        font: attr_string(&ctx.theme.fonts.body),
        top: true,
        heading: size_pt,
        small: size_pt,
        qr: size_pt * 5.0,
    };
    let mut out = format!(
        "<a:p><a:pPr algn=\"{}\"><a:lnSpc><a:spcPct val=\"100000\"/></a:lnSpc><a:buNone/></a:pPr>",
        st.align
    );
    inlines(&mut out, &slide.title, Run::default(), None, &st, rels);
    let _ = write!(
        out,
        "<a:endParaRPr lang=\"{}\" sz=\"{}\" dirty=\"0\"/></a:p>",
        ctx.lang,
        size(size_pt)
    );
    out
}

/// A page as a slide part, and its relationships.
pub fn slide_xml(
    ctx: &Ctx,
    slide: &Slide,
    page: &Page,
    media: &mut Media,
    diagnostics: &mut Vec<Diagnostic>,
) -> (String, String) {
    let c = &ctx.theme.colors;
    let kind = slide.kind;
    let mut x = SlideXml {
        tree: String::with_capacity(8 * 1024),
        next_id: 1,
        rels: slide_rels(kind, page.number),
        media,
        diagnostics,
        deck: ctx.deck,
        slide,
    };
    let section = kind == SlideKind::Section;
    let centred = section || kind == SlideKind::Title;
    let ink = Ink::new(ctx.theme, section);
    let label = shows_label(slide, &ctx.course.config.language);
    let style = body_style(ctx, kind, page.size, &ink);
    if let Some(bg) = &slide.background {
        let colour = if section { &c.accent } else { &c.background };
        backdrop(&mut x, ctx, bg, colour, !centred);
    }
    if centred {
        centred_slide(&mut x, ctx, page, &style, &ink.fg, label);
    } else if slide.blocks.is_empty() {
        prompt(&mut x, ctx, &ink.fg, label);
    } else {
        let ctx = &ctx.for_page(page);
        let title_lines = content_head(&mut x, ctx, &ink.fg, label);
        body(&mut x, ctx, page, &style, label, title_lines);
    }
    furniture(&mut x, ctx, page, &ink.muted);
    (slide_part(&x.tree, section), x.rels.xml())
}

/// A slide's relationships: its kind's layout and its notes page.
fn slide_rels(kind: SlideKind, number: usize) -> Rels {
    let mut rels = Rels::default();
    rels.add(
        "slideLayout",
        &format!("../slideLayouts/slideLayout{}.xml", layout_of(kind)),
        false,
    );
    rels.add(
        "notesSlide",
        &format!("../notesSlides/notesSlide{number}.xml"),
        false,
    );
    rels
}

/// The style of a page's body text at its fitted `size`.
fn body_style(ctx: &Ctx, kind: SlideKind, size: f64, ink: &Ink) -> TextStyle {
    let theme = ctx.theme;
    let centred = matches!(kind, SlideKind::Title | SlideKind::Section);
    TextStyle {
        size,
        color: if kind == SlideKind::Title {
            ink.muted.clone()
        } else {
            ink.fg.clone()
        },
        kind,
        kind_color: rgb(&theme.colors.kinds[kind.name()]),
        bold: theme.bold_body,
        align: if centred { "ctr" } else { "l" },
        lang: ctx.lang.clone(),
        mono: attr_string(&theme.fonts.mono),
        font: attr_string(&theme.fonts.body),
        top: true,
        heading: scaled(theme, theme.sizes.heading, size),
        small: scaled(theme, theme.sizes.small, size),
        qr: crate::theme::geometry::TEMPLATE.qr_side(size, ctx.canvas.h),
    }
}

/// How a title's width is measured: bold.
fn title_style() -> Style {
    Style {
        bold: true,
        ..Style::default()
    }
}

/// The kind's label in `rect`, its text at the box's `anchor` (`t`, `b`),
/// aligned `algn`.
fn label_shape(x: &mut SlideXml, ctx: &Ctx, rect: Rect, anchor: &str, algn: &str) {
    let p = label_paragraph(ctx, x.slide.kind, algn);
    let body = body_pr(anchor, NO_INSET, false);
    x.text_shape("Label", None, rect, RECT, "<a:noFill/>", &body, &p);
}

/// The slide's title as the title placeholder `ph` in `rect`, at `size`
/// points, aligned `algn`, drawn with `fg`.
fn title_shape(x: &mut SlideXml, ctx: &Ctx, ph: &str, rect: Rect, size: f64, algn: &str, fg: &str) {
    let p = title_paragraph(ctx, x.slide, size, algn, fg, &mut x.rels);
    let body = body_pr("t", NO_INSET, true);
    x.text_shape("Title", Some(ph), rect, RECT, "", &body, &p);
}

/// A title or section slide: label, title and subtitle as a group in the
/// middle of the content area.
fn centred_slide(
    x: &mut SlideXml,
    ctx: &Ctx,
    page: &Page,
    style: &TextStyle,
    fg: &str,
    label: bool,
) {
    let canvas = &ctx.canvas;
    let slide = x.slide;
    let section = slide.kind == SlideKind::Section;
    let width = canvas.width();
    let ts = if section {
        ctx.theme.sizes.title
    } else {
        ctx.theme.sizes.title * 1.25
    };
    let tl = if slide.title.is_empty() {
        0
    } else {
        lines(&slide.title, title_style(), ts, width)
    };
    let body_h = blocks_height(&page.blocks, page.size, width, style, canvas);
    let (tbox, bbox) = canvas.centred_boxes(ts, tl.max(1), page.size, body_h);
    let lh = box_height(1, canvas.label * 1.2);
    let above_title = (canvas.m, tbox.1 - lh - TEMPLATE.label_gap, width, lh);
    if label {
        label_shape(x, ctx, above_title, "b", "ctr");
    } else if let Some(name) = crate::render::course_overline(ctx.course, slide) {
        // The title slide names the course above the session's title.
        let p = overline_paragraph(ctx, name, "ctr");
        let body = body_pr("b", NO_INSET, false);
        let r = (
            above_title.0,
            above_title.1 - 6.0,
            above_title.2,
            above_title.3,
        );
        x.text_shape("Course", None, r, RECT, "<a:noFill/>", &body, &p);
    }
    if !slide.title.is_empty() {
        let ph = if section {
            "type=\"title\""
        } else {
            "type=\"ctrTitle\""
        };
        title_shape(x, ctx, ph, tbox, ts, "ctr", fg);
    }
    if !page.blocks.is_empty() {
        // Pictures and videos have no place on a title slide.
        let text: Vec<&Block> = page
            .blocks
            .iter()
            .filter(|b| !matches!(b.body, BlockBody::Image(_) | BlockBody::Video(_)))
            .collect();
        let p = x.paragraphs_xml(&text, style);
        let ph = if section {
            "type=\"body\" idx=\"1\""
        } else {
            "type=\"subTitle\" idx=\"1\""
        };
        let body = body_pr("t", NO_INSET, true);
        x.text_shape("Subtitle", Some(ph), bbox, RECT, "", &body, &p);
    }
}

/// `share` of colour `a` over `b` (hex, `#rrggbb`), as CSS `color-mix` and
/// Typst's `color.mix` blend them in sRGB.
fn mix(a: &str, b: &str, share: f64) -> String {
    let (Some(a), Some(b)) = (crate::theme::parse_hex(a), crate::theme::parse_hex(b)) else {
        return b.to_string();
    };
    let m = |x: u8, y: u8| (f64::from(x) * share + f64::from(y) * (1.0 - share)).round() as u8;
    format!("#{:02x}{:02x}{:02x}", m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

/// A prompt (a slide that is only its title): the title large in the
/// middle, under its label, with room around it.
fn prompt(x: &mut SlideXml, ctx: &Ctx, fg: &str, label: bool) {
    let canvas = &ctx.canvas;
    let ts = ctx.theme.sizes.title * 1.35;
    let field_w = canvas.width() * 0.86;
    let (inset_x, inset_y) = (TEMPLATE.prompt_inset_x, TEMPLATE.prompt_inset_y);
    let w = field_w - 2.0 * inset_x;
    let tl = lines(&x.slide.title, title_style(), ts, w).max(1);
    let lh = if label {
        canvas.label_height() + TEMPLATE.prompt_label_gap
    } else {
        0.0
    };
    let content_h = lh + text_height(tl, ts);
    let top = canvas.centred_top(content_h);
    let left = canvas.m + (canvas.width() - w) / 2.0;
    // The field tinted with the kind's colour, behind label and question.
    let c = &ctx.theme.colors;
    let field = (
        canvas.m + (canvas.width() - field_w) / 2.0,
        top - inset_y,
        field_w,
        content_h + 2.0 * inset_y,
    );
    let tint = mix(&c.kinds[x.slide.kind.name()], &c.background, 0.12);
    x.shape(
        "Prompt field",
        field,
        &round_rect(field.2, field.3, 2.0 * ctx.theme.layout.radius),
        &solid(&tint),
    );
    if label {
        let size = canvas.label * 1.2;
        let r = (left, box_top(top, size), w, box_height(1, size));
        label_shape(x, ctx, r, "t", "ctr");
    }
    let r = (left, box_top(top + lh, ts), w, box_height(tl, ts));
    title_shape(x, ctx, "type=\"title\"", r, ts, "ctr", fg);
}

/// A content slide's label and title at the top; how many lines the
/// title takes (none when there is no title).
fn content_head(x: &mut SlideXml, ctx: &Ctx, fg: &str, label: bool) -> usize {
    let canvas = &ctx.canvas;
    let width = canvas.width();
    if label {
        let size = canvas.label * 1.2;
        let r = (
            canvas.m,
            box_top(canvas.m, size),
            width,
            box_height(1, size),
        );
        label_shape(x, ctx, r, "t", "l");
    }
    let title = &x.slide.title;
    let tl = if title.is_empty() {
        0
    } else {
        lines(title, title_style(), canvas.title, width)
    };
    if tl > 0 {
        let r = canvas.title_box(label, tl);
        title_shape(x, ctx, "type=\"title\"", r, canvas.title, "l", fg);
    }
    tl
}

/// The slide part around its shape tree; a section slide on the accent.
fn slide_part(tree: &str, section: bool) -> String {
    let bg = if section {
        "<p:bg><p:bgPr><a:solidFill><a:schemeClr val=\"accent1\"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>"
    } else {
        ""
    };
    format!(
        "{HEAD}<p:sld {NS}><p:cSld>{bg}<p:spTree><p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>\
         <p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>{tree}</p:spTree></p:cSld>\
         <p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
    )
}

/// The page's footer, number and (on a slide of several pages) its part.
pub fn furniture(x: &mut SlideXml, ctx: &Ctx, page: &Page, muted: &str) {
    let canvas = &ctx.canvas;
    let l = canvas.label;
    let run = |text: &str| {
        let mut r = format!(
            "<a:r><a:rPr lang=\"{}\" sz=\"{}\" b=\"0\" dirty=\"0\">{muted}</a:rPr><a:t>",
            ctx.lang,
            size(l)
        );
        xml::text(text, &mut r);
        r.push_str("</a:t></a:r>");
        r
    };
    let bottom = body_pr("b", (0.0, 0.0, 0.0, 0.0), false);
    let p = format!(
        "<a:p><a:pPr algn=\"l\"><a:buNone/></a:pPr>{}</a:p>",
        run(&ctx.footer)
    );
    x.text_shape(
        "Footer",
        Some("type=\"ftr\" sz=\"quarter\" idx=\"11\""),
        canvas.footer_box(),
        RECT,
        "",
        &bottom,
        &p,
    );
    let p = format!(
        "<a:p><a:pPr algn=\"r\"><a:buNone/></a:pPr><a:fld id=\"{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}\" type=\"slidenum\">\
         <a:rPr lang=\"{}\" sz=\"{}\" b=\"0\" dirty=\"0\">{muted}</a:rPr><a:t>{}</a:t></a:fld>{}</a:p>",
        ctx.lang,
        size(l),
        page.number,
        run(&format!(" / {}", ctx.total))
    );
    x.text_shape(
        "Slide Number",
        Some("type=\"sldNum\" sz=\"quarter\" idx=\"12\""),
        canvas.number_box(),
        RECT,
        "",
        &bottom,
        &p,
    );
    if page.parts > 1 {
        let lang = &ctx.course.config.language;
        let mark = if page.part > 1 {
            format!("{} · {}/{}", word("continued", lang), page.part, page.parts)
        } else {
            format!("{}/{}", page.part, page.parts)
        };
        let p = format!(
            "<a:p><a:pPr algn=\"r\"><a:buNone/></a:pPr>{}</a:p>",
            run(&mark)
        );
        let w = 320.0;
        x.text_shape(
            "Part",
            None,
            (
                canvas.w - canvas.m - w,
                box_top(canvas.m * 0.25, l),
                w,
                box_height(1, l),
            ),
            RECT,
            "<a:noFill/>",
            &body_pr("t", (0.0, 0.0, 0.0, 0.0), false),
            &p,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pptx::test_support as t;
    use crate::render::pptx::xml::emu;

    #[test]
    fn a_content_slide_is_its_label_title_body_and_footer() {
        let f = t::fixture("## Attachment {.definition}\n\nA **bond** that lasts.\n");
        let (xml, rels, warnings) = f.slide(1);
        assert!(warnings.is_empty(), "{warnings:?}");
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        assert_eq!(
            t::names(&shapes),
            [
                "Label",
                "Title",
                "Content",
                "Definition bar",
                "Footer",
                "Slide Number"
            ]
        );
        let ids: Vec<i64> = shapes.iter().map(|s| s.id).collect();
        assert_eq!(ids, (2..2 + shapes.len() as i64).collect::<Vec<_>>());
        let label = t::named(&shapes, "Label");
        assert!(label.paragraphs[0]
            .text()
            .ends_with(kind_label(SlideKind::Definition, "en")));
        let title = t::named(&shapes, "Title");
        assert_eq!(title.ph, Some((Some("title".into()), None)));
        assert_eq!(title.paragraphs[0].text(), "Attachment");
        assert!(title.paragraphs[0].runs.iter().all(|r| r.bold));
        let content = t::named(&shapes, "Content");
        assert_eq!(content.ph, Some((None, Some("1".into()))));
        let runs: Vec<(&str, bool)> = content.paragraphs[0]
            .runs
            .iter()
            .map(|r| (r.text.as_str(), r.bold))
            .collect();
        assert_eq!(
            runs,
            [("A ", false), ("bond", true), (" that lasts.", false)]
        );
        assert_eq!(
            t::named(&shapes, "Footer").paragraphs[0].text(),
            "Session 2 · T"
        );
        assert_eq!(
            t::named(&shapes, "Slide Number").paragraphs[0].text(),
            "1 / 1"
        );
        let layout = format!(
            "../slideLayouts/slideLayout{}.xml",
            layout_of(SlideKind::Definition)
        );
        assert_eq!(
            t::rels(&rels),
            [
                ("rId1".into(), "slideLayout".into(), layout, false),
                (
                    "rId2".into(),
                    "notesSlide".into(),
                    "../notesSlides/notesSlide1.xml".into(),
                    false
                ),
            ]
        );
    }

    #[test]
    fn the_title_goes_below_the_label_and_the_body_below_the_title() {
        let f = t::fixture("## A title\n\nSome text.\n");
        let (xml, ..) = f.slide(1);
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        let canvas = &f.ctx().for_page(&f.pages[0]).canvas;
        // A plain slide shows no label: the title is at the margin.
        assert_eq!(t::names(&shapes)[..2], ["Title", "Content"]);
        let title = t::named(&shapes, "Title");
        assert_eq!(title.xfrm.1, emu(box_top(canvas.m, canvas.title)));
        // The body's room begins the template's gap below the title's line.
        let room_top = canvas.m + text_height(1, canvas.title) + TEMPLATE.title_gap;
        let content = t::named(&shapes, "Content");
        assert!(content.xfrm.1 >= emu(box_top(room_top, canvas.body)));
        assert!(content.xfrm.1 + content.xfrm.3 <= emu(canvas.room_bottom()) + 1);
    }

    #[test]
    fn a_title_slide_centres_its_title_over_its_subtitle() {
        let f = t::fixture("# First steps {.title}\n\nSession 1\n");
        let (xml, ..) = f.slide(1);
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        let title = t::named(&shapes, "Title");
        let subtitle = t::named(&shapes, "Subtitle");
        assert_eq!(title.ph, Some((Some("ctrTitle".into()), None)));
        assert_eq!(
            subtitle.ph,
            Some((Some("subTitle".into()), Some("1".into())))
        );
        assert_eq!(title.paragraphs[0].align, "ctr");
        assert_eq!(subtitle.paragraphs[0].text(), "Session 1");
        assert_eq!(subtitle.paragraphs[0].align, "ctr");
        // The subtitle the template's gap below the title's line.
        let canvas = &f.ctx().canvas;
        let ts = f.theme.sizes.title * 1.25;
        let gap =
            box_top(TEMPLATE.centred_gap + text_height(1, ts), canvas.body) - box_top(0.0, ts);
        assert!((subtitle.xfrm.1 - title.xfrm.1 - emu(gap)).abs() <= 1);
        assert!(
            !xml.contains("<p:bg>"),
            "a title slide has the master's ground"
        );
    }

    #[test]
    fn a_section_slide_is_on_the_accent() {
        let f = t::fixture("## Part one {.section}\n");
        let (xml, ..) = f.slide(1);
        let doc = t::parse(&xml);
        assert!(xml.contains("<p:bg><p:bgPr><a:solidFill><a:schemeClr val=\"accent1\"/>"));
        let shapes = t::shapes(&doc);
        assert_eq!(
            t::named(&shapes, "Title").ph,
            Some((Some("title".into()), None))
        );
    }

    #[test]
    fn a_prompt_is_its_title_large_in_the_middle() {
        let f = t::fixture("## What do you think? {.discussion}\n");
        let (xml, ..) = f.slide(1);
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        let canvas = &f.ctx().canvas;
        let title = t::named(&shapes, "Title");
        // On its field, 86 % of the width, inside the field's insets.
        let field_w = canvas.width() * 0.86;
        let field = t::named(&shapes, "Prompt field");
        assert_eq!(
            field.xfrm.0,
            emu(canvas.m + (canvas.width() - field_w) / 2.0)
        );
        assert_eq!(field.xfrm.2, emu(field_w));
        let w = field_w - 2.0 * TEMPLATE.prompt_inset_x;
        assert_eq!(title.xfrm.0, emu(canvas.m + (canvas.width() - w) / 2.0));
        assert_eq!(title.xfrm.2, emu(w));
        assert!(
            field.xfrm.1 < title.xfrm.1
                && field.xfrm.1 + field.xfrm.3 > title.xfrm.1 + title.xfrm.3
        );
        let size = title.paragraphs[0].runs[0].size;
        assert_eq!(size, (f.theme.sizes.title * 1.35 * 100.0).round() as i64);
        // Label and title, as a group, in the middle of the room.
        let label = t::named(&shapes, "Label");
        let top = label.xfrm.1 + emu(ABOVE_CAP * canvas.label * 1.2);
        let bottom = title.xfrm.1
            + emu(ABOVE_CAP * size as f64 / 100.0)
            + emu(text_height(1, size as f64 / 100.0));
        let (above, below) = (top - emu(canvas.m), emu(canvas.room_bottom()) - bottom);
        assert!((above - below).abs() <= 2, "{above} above, {below} below");
    }

    #[test]
    fn a_slide_of_several_pages_says_which_part_it_is() {
        let f = t::fixture("## Long {.list}\n\n- one\n- two\n");
        let mut page = f.pages[0].clone();
        (page.part, page.parts) = (2, 3);
        let (xml, ..) = f.page_xml(&page);
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        let part = t::named(&shapes, "Part");
        assert_eq!(part.paragraphs[0].text(), "continued · 2/3");
        let (xml, ..) = f.slide(1);
        assert!(!t::names(&t::shapes(&t::parse(&xml))).contains(&"Part"));
    }

    #[test]
    fn a_background_is_behind_everything_under_a_scrim() {
        let f = t::fixture_with(
            "## On a photo {background=photo.png}\n\nText.\n",
            &[("photo.png", t::png(64, 32))],
        );
        let (xml, rels, warnings) = f.slide(1);
        assert!(warnings.is_empty(), "{warnings:?}");
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        assert_eq!(
            t::names(&shapes)[..4],
            ["Background", "Scrim", "Kind bar", "Title"]
        );
        let canvas = &f.ctx().canvas;
        assert_eq!(
            t::named(&shapes, "Background").xfrm,
            (0, 0, emu(canvas.w), emu(canvas.h))
        );
        assert!(t::rels(&rels)
            .iter()
            .any(|(_, kind, target, _)| kind == "image" && target == "../media/image1.png"));
    }
}

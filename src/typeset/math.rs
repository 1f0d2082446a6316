//! Single formulas set by Typst: the parser vets each formula it converts
//! (a formula Typst refuses is shown as code), and the HTML draws them as
//! SVG pictures with the PDF's own layout.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use typst::foundations::Bytes;
use typst::syntax::Source;
use typst_layout::PagedDocument;

use super::{file_id, LecternWorld};

/// A formula as Typst draws it, for the HTML: an SVG picture and its size
/// and baseline in em of the text around it.
#[derive(Debug, Clone)]
pub struct MathPicture {
    pub svg: String,
    pub width: f64,
    pub height: f64,
    /// From the bottom of the picture up to the text's baseline.
    pub depth: f64,
}

/// The size formula pictures are drawn at; the HTML scales them in em.
const MATH_PT: f64 = 10.0;

/// Draws a formula (Typst math made by `parse::math`) with the theme's
/// body font and text colour, as the slides PDF sets it. Cached for the
/// process: a rebuild draws only formulas it has not drawn before.
pub fn math_picture(typst: &str, display: bool, font: &str, color: &str) -> Option<MathPicture> {
    type Key = (String, bool, String, String);
    static CACHE: OnceLock<Mutex<HashMap<Key, Option<MathPicture>>>> = OnceLock::new();
    let key = (
        typst.to_string(),
        display,
        font.to_string(),
        color.to_string(),
    );
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(&key)
    {
        return hit.clone();
    }
    let picture = draw_math(typst, display, font, color);
    cache
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(key, picture.clone());
    picture
}

/// A Typst string literal: quotes and backslashes escaped, so the formula
/// is data to `eval`, never source of the picture's own document.
fn typst_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn draw_math(typst: &str, display: bool, font: &str, color: &str) -> Option<MathPicture> {
    // A zero-width, transparent letter before an inline formula marks the
    // baseline of its line, which the picture's size alone does not tell.
    let marker = if display {
        ""
    } else {
        "#box(width: 0pt, text(fill: rgb(0, 0, 0, 0))[x])"
    };
    let source = format!(
        "#set page(width: auto, height: auto, margin: 0pt, fill: none)\n\
         #set text(font: ({}, \"DejaVu Sans\", \"New Computer Modern Math\"), size: {MATH_PT}pt, fill: rgb({}), top-edge: \"bounds\", bottom-edge: \"bounds\")\n\
         {marker}#math.equation(block: {display}, eval({}, mode: \"math\"))\n",
        typst_string(font),
        typst_string(color),
        typst_string(typst),
    );
    let world = LecternWorld {
        main: Source::new(file_id("/math.typ"), source),
        data: Bytes::new(Vec::new()),
        generated: HashMap::new(),
        course_root: PathBuf::new(),
        files: Mutex::new(HashMap::new()),
        fonts: super::fonts_with(&[], 0),
    };
    let document = typst::compile::<PagedDocument>(&world).output.ok()?;
    let page = document.pages().first()?;
    let (w, h) = (page.frame.width().to_pt(), page.frame.height().to_pt());
    let baseline = if display {
        h
    } else {
        marker_baseline(&page.frame)?
    };
    let svg = typst_svg::svg(
        page,
        &typst_svg::SvgOptions {
            render_bleed: false,
            pretty: false,
        },
    );
    Some(MathPicture {
        svg,
        width: w / MATH_PT,
        height: h / MATH_PT,
        depth: (h - baseline) / MATH_PT,
    })
}

/// The baseline of the marker: the zero-width box's position plus its
/// letter's.
fn marker_baseline(frame: &typst::layout::Frame) -> Option<f64> {
    use typst::layout::FrameItem;
    for (pos, item) in frame.items() {
        if let FrameItem::Group(group) = item {
            if group.frame.width().to_pt() == 0.0 {
                let text = group.frame.items().find_map(|(p, i)| match i {
                    FrameItem::Text(_) => Some(p.y.to_pt()),
                    _ => None,
                });
                if let Some(y) = text {
                    return Some(pos.y.to_pt() + y);
                }
            }
            if let Some(y) = marker_baseline(&group.frame) {
                return Some(pos.y.to_pt() + y);
            }
        }
    }
    None
}

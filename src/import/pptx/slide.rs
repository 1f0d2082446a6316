//! One slide part read into the import model: its title (the placeholder's,
//! else inferred), its body in reading order or as columns, pictures into
//! assets, its kind from its layout, its notes page.

use roxmltree::Node;

use super::layout::Layout;
use super::package::{by_kind, Package};
use super::shapes::{items, Content, Frame, Item};
use super::table::pipe_table;
use super::text::{escape, markdown, paragraphs, Marker, Para};
use super::xml::{self, path};
use super::Assets;
use crate::deck::SlideKind;
use crate::import::markup::{fence, Fence};
use crate::import::model::{Kept, Slide};
use crate::import::report::Report;
use crate::text::words::kind_label;

/// A slide as read, and the continuation mark `lectern build` put on a
/// logical slide's later pages (`continued · 2/3`).
pub struct Page {
    pub slide: Slide,
    pub part: Option<(u32, u32)>,
    /// The title as text, to merge continuation pages.
    pub title: String,
}

/// What reading a slide needs.
pub struct Ctx<'a, 'r> {
    pub pkg: &'a Package,
    pub size: (i64, i64),
    pub assets: &'a mut Assets,
    pub report: &'a mut Report<'r>,
    /// Languages seen in the runs, for the course.
    pub langs: &'a mut Vec<String>,
}

/// Reads slide part `name`, the `number`th slide.
pub fn read(ctx: &mut Ctx, name: &str, number: usize) -> Result<Page, String> {
    let text = ctx.pkg.text(name)?;
    let doc = xml::parse(text, name)?;
    let root = doc.root_element();
    let rels = ctx.pkg.rels(name)?;
    let layout = Layout::of(&rels, ctx.pkg);
    let mut slide = Slide::at(number);
    slide.hidden = root
        .attribute("show")
        .is_some_and(|s| s == "0" || s == "false");
    let mut found =
        path(root, &["cSld", "spTree"]).map_or_else(Vec::new, |t| items(t, &rels, ctx.pkg));
    for item in &mut found {
        if let (
            None,
            Content::Text {
                placeholder: Some(t),
                idx,
                ..
            },
        ) = (&item.frame, &item.content)
        {
            item.frame = layout.frame_of(t, *idx);
        }
        // Bullets a placeholder gave by default that its layout takes away.
        if let Content::Text {
            placeholder: Some(t),
            idx,
            paras,
            ..
        } = &mut item.content
        {
            if layout.unbulleted(t, *idx) {
                for p in paras
                    .iter_mut()
                    .filter(|p| p.default_marker && p.marker == Marker::Bullet)
                {
                    p.marker = Marker::None;
                }
            }
        }
    }
    let from_layout = layout.lectern_kind();
    let Split {
        title,
        part,
        mut rest,
        guessed,
        label,
        subtitle,
    } = split_title(ctx, found, from_layout.is_some(), number);
    // LibreOffice keeps neither layout names nor types: the kind's label
    // `lectern build` drew says it, a subtitle a title slide.
    let kind = from_layout
        .or(label)
        .or(subtitle.then_some(SlideKind::Title));
    for p in rest.iter().filter_map(|i| match &i.content {
        Content::Text { paras, .. } => Some(paras),
        _ => None,
    }) {
        ctx.langs.extend(p.iter().filter_map(|p| p.lang.clone()));
    }
    // An empty placeholder shows nothing (and makes no column).
    rest.retain(|i| {
        !matches!(&i.content, Content::Text { paras, .. } if paras.iter().all(|p| p.text.trim().is_empty()))
    });
    let heading = heading(&title, kind);
    if let Some(h) = &heading {
        slide.push(number, h.clone());
        slide.push(number, "");
    }
    // The writer puts the kind on the heading; a plain slide needs none.
    slide.kind = kind
        .filter(|k| *k != SlideKind::Plain || heading.is_none())
        .map(SlideKind::name);
    // `lectern build` names the shapes of a columns block `Column`; other
    // shapes of its side by side (statements, cards) are its own layout.
    let columns = layout.two_columns()
        || if kind.is_some() {
            rest.iter().any(
                |i| matches!(&i.content, Content::Text { name, .. } if name.starts_with("Column")),
            )
        } else {
            side_by_side(&rest, ctx.size.0)
        };
    if kind == Some(SlideKind::Video) {
        // The QR code `lectern build` draws for a video's link.
        rest.retain(
            |i| !matches!(&i.content, Content::Picture { alt, .. } if alt.starts_with("QR: ")),
        );
    }
    body(ctx, &mut slide, rest, columns, number);
    slide.notes = notes(ctx.pkg, &rels);
    if guessed {
        if !slide.notes.is_empty() {
            slide.notes.push(String::new());
        }
        slide.notes.push(
            "*(lectern import: this slide had no title placeholder; its title is the largest text at its top.)*".into(),
        );
    }
    // A blank slide is a deliberate pause in PowerPoint: kept, and said,
    // where the shared writer would drop a slide with nothing in it.
    if slide.is_empty() && slide.notes.is_empty() && slide.kept.is_empty() && !slide.hidden {
        slide.notes.push(
            "*(lectern import: this slide is blank in the PowerPoint source, a pause; kept as a blank slide.)*".into(),
        );
    }
    Ok(Page { slide, part, title })
}

/// Takes the title (and lectern's own furniture) out of the items: the
/// title placeholder's text, else the largest text at the top.
/// A slide's items with the title and furniture taken out.
struct Split {
    title: String,
    part: Option<(u32, u32)>,
    rest: Vec<Item>,
    /// The title was inferred.
    guessed: bool,
    /// The kind lectern's label shape named.
    label: Option<SlideKind>,
    /// A subtitle placeholder with text.
    subtitle: bool,
}

/// The kind a label `lectern build` drew names (`❖ Definitie`).
fn label_kind(text: &str) -> Option<SlideKind> {
    SlideKind::ALL.into_iter().find(|k| {
        ["en", "nl"].iter().any(|l| {
            let label = kind_label(*k, l);
            !label.is_empty() && text.trim_end().ends_with(label)
        })
    })
}

fn split_title(ctx: &mut Ctx, found: Vec<Item>, lectern: bool, number: usize) -> Split {
    let mut title = String::new();
    let mut part = None;
    let mut label = None;
    let mut subtitle = false;
    let mut rest = Vec::new();
    for item in found {
        if let Content::Text {
            placeholder,
            name,
            paras,
            ..
        } = &item.content
        {
            let ph = placeholder.as_deref().unwrap_or("");
            // PowerPoint numbers shape names: `Part 5`.
            let name = name
                .rsplit_once(' ')
                .filter(|(_, n)| n.chars().all(|c| c.is_ascii_digit()))
                .map_or(name.as_str(), |(base, _)| base);
            // A title placeholder holding "Presented by …" is not the
            // title: it is inferred from the other text as without one.
            if matches!(ph, "title" | "ctrTitle") && title.is_empty() && !byline(&joined(paras)) {
                title = joined(paras);
                continue;
            }
            if name == "Label" && label.is_none() {
                label = label_kind(&joined(paras));
                if label.is_some() {
                    continue;
                }
            }
            subtitle |= ph == "subTitle" && !joined(paras).is_empty();
            if matches!(ph, "dt" | "ftr" | "sldNum" | "hdr")
                || (lectern && matches!(name, "Label" | "Footer"))
            {
                continue;
            }
            if name == "Part" {
                part = continuation(&joined(paras));
                if part.is_some() {
                    continue;
                }
            }
        }
        rest.push(item);
    }
    let mut guessed = false;
    if title.is_empty() {
        if let Some(k) = inferred_title(&rest, ctx.size) {
            let Content::Text { paras, .. } = &rest.remove(k).content else {
                unreachable!("inferred_title picks text")
            };
            title = joined(paras);
            guessed = true;
            ctx.report.warn(
                number,
                "",
                format!("slide {number} has no title placeholder: its title `{title}` is the largest text at its top"),
            );
        }
    }
    Split {
        title,
        part,
        rest,
        guessed,
        label,
        subtitle,
    }
}

fn joined(paras: &[Para]) -> String {
    paras
        .iter()
        .map(|p| p.plain.as_str())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `2/3` or `continued · 2/3` (any language): part 2 of 3.
fn continuation(text: &str) -> Option<(u32, u32)> {
    let last = text.split_whitespace().last()?;
    let (a, b) = last.split_once('/')?;
    let (a, b) = (a.parse().ok()?, b.parse().ok()?);
    (a >= 1 && a <= b && b <= 999).then_some((a, b))
}

/// The text shape that reads as the title when there is no placeholder:
/// short words in the largest type, favouring the top third; never a
/// "presented by" line.
fn inferred_title(items: &[Item], size: (i64, i64)) -> Option<usize> {
    let top = size.1 / 3;
    items
        .iter()
        .enumerate()
        .filter_map(|(k, i)| {
            let Content::Text { paras, .. } = &i.content else {
                return None;
            };
            let text = joined(paras);
            let f = i.frame?;
            // Words, not a diagram's label ("B", "x", "0").
            let letters = text.chars().filter(|c| c.is_alphabetic()).count();
            let ok = letters >= 3 && text.chars().count() <= 120 && !byline(&text);
            let biggest = paras.iter().filter_map(|p| p.size).max().unwrap_or(1800);
            // The top third counts half as much again: a title is big and
            // high; small print at the top (a logo's words) loses to a
            // much larger line lower down.
            let weight = if f.y <= top { biggest * 3 / 2 } else { biggest };
            ok.then_some((k, weight, f.y))
        })
        .max_by_key(|(_, sz, y)| (*sz, -*y))
        .map(|(k, _, _)| k)
}

/// "Presented by …", "door …": who speaks, never the title.
pub fn byline(text: &str) -> bool {
    let lower = text.to_lowercase();
    let said = [
        "presented by",
        "presentation by",
        "présenté par",
        "presentado por",
        "gepresenteerd door",
        "vorgestellt von",
    ]
    .iter()
    .any(|b| lower.starts_with(b));
    // "by", "door", "von", "par", "por" start titles too ("Von Bits und
    // Beats"): a byline only when names follow.
    let short = ["by ", "door ", "von ", "par ", "por "]
        .iter()
        .find(|b| lower.starts_with(*b))
        .is_some_and(|b| names(&text[b.len()..]));
    said || short
}

/// Whether `text` reads as people's names: "Ann Smith", "Jan de Vries,
/// Piet Jansen", "A. Bateman & S. Karterud".
fn names(text: &str) -> bool {
    const PARTICLES: [&str; 11] = [
        "de", "van", "der", "den", "von", "la", "le", "du", "di", "da", "del",
    ];
    const JOINS: [&str; 5] = ["and", "und", "en", "et", "y"];
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.trim_end_matches(',').to_string())
        .filter(|w| w != "&")
        .collect();
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    let joins = words
        .iter()
        .any(|w| JOINS.contains(&w.to_lowercase().as_str()));
    let all_names = words.iter().all(|w| {
        let lower = w.to_lowercase();
        w.chars().next().is_some_and(char::is_uppercase)
            || PARTICLES.contains(&lower.as_str())
            || JOINS.contains(&lower.as_str())
    });
    // "Bits und Beats" is a title: two words joined; "Ann Smith and Bob
    // Jones" (four names) or a list with commas is people.
    capitalised >= 1
        && words.len() <= 12
        && all_names
        && (!joins || capitalised >= 4 || text.contains(','))
}

/// The slide's heading: `#` for title and section slides, `##` else.
fn heading(title: &str, kind: Option<SlideKind>) -> Option<String> {
    let t = escape(title.trim());
    match kind {
        _ if t.is_empty() => None,
        Some(SlideKind::Title | SlideKind::Section) => Some(format!("# {t}")),
        _ => Some(format!("## {t}")),
    }
}

/// Shapes in two groups side by side, each wholly in its half of the
/// slide, at the same height: columns (two contents, a comparison).
fn side_by_side(items: &[Item], width: i64) -> bool {
    let frames: Vec<Frame> = items
        .iter()
        .filter(|i| !matches!(i.content, Content::Other { .. }))
        .filter_map(|i| i.frame)
        .collect();
    if frames.len() < 2 || frames.len() != items.len() {
        return false;
    }
    let span = |fs: &[&Frame]| {
        (
            fs.iter().map(|f| f.y).min().unwrap_or(0),
            fs.iter().map(|f| f.y + f.cy).max().unwrap_or(0),
        )
    };
    // A gutter: a vertical line in the middle half of the slide that no
    // shape crosses (a little overlap allowed), with shapes on both sides
    // at the same height. Layouts rarely split at exactly the middle.
    let slack = width / 40;
    frames.iter().map(|f| f.x + f.cx).any(|gutter| {
        if gutter < width / 4 || gutter > width * 3 / 4 {
            return false;
        }
        let left: Vec<&Frame> = frames.iter().filter(|f| f.x + f.cx <= gutter).collect();
        let right: Vec<&Frame> = frames.iter().filter(|f| f.x >= gutter - slack).collect();
        let ((l0, l1), (r0, r1)) = (span(&left), span(&right));
        !left.is_empty()
            && !right.is_empty()
            && left.len() + right.len() == frames.len()
            && l0 < r1
            && r0 < l1
    })
}

/// The body: items in reading order (top to bottom, then left to right),
/// or in two columns.
fn body(ctx: &mut Ctx, slide: &mut Slide, mut rest: Vec<Item>, columns: bool, number: usize) {
    let key = |i: &Item| i.frame.map_or((i64::MAX, 0), |f| (f.y, f.x));
    if columns {
        rest.sort_by_key(|i| i.frame.map_or(0, |f| f.x));
        let half = ctx.size.0 / 2;
        let (left, right): (Vec<Item>, Vec<Item>) = rest
            .into_iter()
            .partition(|i| i.frame.is_none_or(|f| f.x + f.cx / 2 < half));
        // A layout of two columns with one side empty is one column.
        if left.is_empty() || right.is_empty() {
            let mut rest: Vec<Item> = left.into_iter().chain(right).collect();
            rest.sort_by_key(key);
            for item in rest {
                emit(ctx, slide, item, number);
            }
            return;
        }
        slide.push(number, fence(Fence::Columns));
        for side in [left, right] {
            let mut side = side;
            side.sort_by_key(key);
            slide.push(number, fence(Fence::Column(None)));
            for item in side {
                emit(ctx, slide, item, number);
            }
            slide.push(number, fence(Fence::EndColumn));
        }
        slide.push(number, fence(Fence::EndColumns));
        return;
    }
    rest.sort_by_key(key);
    for item in rest {
        emit(ctx, slide, item, number);
    }
}

/// One item as Markdown lines on the slide (or a note and a warning).
fn emit(ctx: &mut Ctx, slide: &mut Slide, item: Item, number: usize) {
    let lines: Vec<String> = match item.content {
        Content::Text { paras, .. } => markdown(&paras),
        Content::Table(rows) => pipe_table(&rows),
        Content::Chart { title, rows } => {
            ctx.report.warn(
                number,
                "",
                format!("slide {number}: a chart is shown as its data, a table (lectern draws no charts)"),
            );
            let mut lines = Vec::new();
            if !title.is_empty() {
                lines.push(format!("**{}**", escape(&title)));
                lines.push(String::new());
            }
            lines.extend(pipe_table(&rows));
            lines
        }
        Content::Picture {
            media,
            alt,
            external,
        } => picture(ctx, slide, &media, &alt, external, item.frame, number),
        Content::Other { what, text } => {
            other(ctx, slide, &what, text, item.frame, number);
            Vec::new()
        }
    };
    if lines.is_empty() {
        return;
    }
    for l in lines {
        slide.push(number, l);
    }
    slide.push(number, "");
}

/// A picture: written to the assets, shown as an image (a background when
/// it covers the slide, with a width when it is narrower).
fn picture(
    ctx: &mut Ctx,
    slide: &mut Slide,
    media: &str,
    alt: &str,
    external: bool,
    frame: Option<Frame>,
    number: usize,
) -> Vec<String> {
    if external {
        ctx.report.warn(
            number,
            "",
            format!("slide {number}: a picture links to `{media}` outside the file: not fetched"),
        );
        slide.kept.push(Kept {
            line: number,
            text: format!("linked picture: {media}"),
        });
        return Vec::new();
    }
    let Some(bytes) = ctx.pkg.bytes(media) else {
        ctx.report.warn(
            number,
            "",
            format!("slide {number}: picture `{media}` is not in the file"),
        );
        return Vec::new();
    };
    let path = ctx.assets.add(media, bytes);
    let ext = path.rsplit('.').next().unwrap_or_default();
    if matches!(ext, "emf" | "wmf" | "tif" | "tiff" | "emz" | "wmz") {
        ctx.report.warn(
            number,
            "",
            format!("slide {number}: picture `{path}` is {}, which browsers and PDF cannot show: save it as PNG or SVG and change the link", ext.to_ascii_uppercase()),
        );
    }
    let alt = escape(&alt.split_whitespace().collect::<Vec<_>>().join(" "));
    let share = frame.map(|f| f.cx as f64 / ctx.size.0.max(1) as f64);
    let covers = frame.is_some_and(|f| f.cx * 10 >= ctx.size.0 * 9 && f.cy * 10 >= ctx.size.1 * 9);
    if covers && slide.background.is_none() {
        slide.background = Some(path);
        return Vec::new();
    }
    match share.filter(|s| *s < 0.9 && *s > 0.02) {
        Some(s) => vec![format!(
            "![{alt}]({path}){{width={}%}}",
            (s * 100.0).round()
        )],
        None => vec![format!("![{alt}]({path})")],
    }
}

/// A chart, SmartArt, media or object: its picture when the file holds
/// one, else its text in the notes; a warning either way.
fn other(
    ctx: &mut Ctx,
    slide: &mut Slide,
    what: &str,
    text: Vec<String>,
    frame: Option<Frame>,
    number: usize,
) {
    let poster = text
        .first()
        .and_then(|t| t.strip_prefix("poster:"))
        .map(str::to_string);
    if let Some(media) = &poster {
        // The alt text says what the poster stands for, without the
        // media's part name (that is in the note).
        let alt = what.split(" (`").next().unwrap_or(what);
        let lines = picture(ctx, slide, media, alt, false, frame, number);
        for l in lines {
            slide.push(number, l);
        }
    }
    // SmartArt without its picture: its text is what it says, as a list.
    if poster.is_none() && what.starts_with("a SmartArt") && !text.is_empty() {
        ctx.report.warn(
            number,
            "",
            format!(
                "slide {number}: {what} is shown as a list of its text (lectern draws no diagrams)"
            ),
        );
        for t in &text {
            slide.push(number, format!("- {}", escape(t)));
        }
        slide.push(number, "");
        return;
    }
    ctx.report.warn(
        number,
        "",
        format!("slide {number}: {what} is not something lectern shows: kept as a note"),
    );
    let mut kept = what.to_string();
    for t in text.iter().filter(|t| !t.starts_with("poster:")) {
        kept.push_str("\n- ");
        kept.push_str(t);
    }
    slide.kept.push(Kept {
        line: number,
        text: kept,
    });
}

/// The notes page's text as Markdown lines.
fn notes(pkg: &Package, rels: &[super::package::Rel]) -> Vec<String> {
    let Some(rel) = by_kind(rels, "notesSlide") else {
        return Vec::new();
    };
    let Ok(doc) = pkg.document(&rel.target) else {
        return Vec::new();
    };
    let note_rels = pkg.rels(&rel.target).unwrap_or_default();
    let body = doc.descendants().find(|n| is_notes_body(*n));
    body.and_then(|sp| xml::child(sp, "txBody"))
        .map(|b| markdown(&paragraphs(b, &note_rels, false)))
        .unwrap_or_default()
}

fn is_notes_body(n: Node) -> bool {
    n.is_element()
        && n.tag_name().name() == "sp"
        && path(n, &["nvSpPr", "nvPr", "ph"])
            .is_some_and(|ph| ph.attribute("type").unwrap_or("body") == "body")
}

#[cfg(test)]
mod tests {
    use super::{byline, side_by_side, Content, Frame, Item};

    fn text_at(x: i64, y: i64, cx: i64, cy: i64) -> Item {
        Item {
            frame: Some(Frame { x, y, cx, cy }),
            content: Content::Table(Vec::new()),
        }
    }

    #[test]
    fn columns_split_where_the_layout_splits_not_at_the_middle() {
        // A 4:3 slide, a wide left column (past the middle) and a narrow right one.
        let w = 9_144_000;
        let two = [
            text_at(609_600, 994_691, 4_597_401, 639_763),
            text_at(611_189, 1_631_277, 4_595_812, 1_828_800),
            text_at(5_321_300, 994_695, 3_610_414, 639_763),
            text_at(5_321_300, 1_634_452, 3_611_928, 4_224_613),
        ];
        assert!(side_by_side(&two, w));
        // One above the other is no columns.
        let stacked = [
            text_at(609_600, 900_000, 8_000_000, 1_000_000),
            text_at(609_600, 2_500_000, 8_000_000, 3_000_000),
        ];
        assert!(!side_by_side(&stacked, w));
    }

    #[test]
    fn a_byline_is_names_after_by() {
        assert!(byline("Presented by: Rushi Shah"));
        assert!(byline("door Jan de Vries"));
        assert!(byline("by Ann Smith and Bob Jones"));
        assert!(!byline("Von Bits und Beats"));
        assert!(!byline("By the numbers: a review"));
    }
}

//! Model → Typst data. The deck model is handed to the theme's fixed Typst
//! template as a JSON file: a Typst string placed in content is always
//! literal, so no deck text can ever run as Typst code.

use serde_json::json;
use std::collections::BTreeMap;

use crate::deck::{Block, BlockBody, Course, Deck, SlideKind};
use crate::fit::{is_fitted, units, Page};
use crate::render::labels::{kind_icon, kind_label, word};
use crate::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// Measurements only: the fitting decision of every slide.
    Fit,
    /// Projected slides, one page each.
    Slides,
    /// The participant workbook: projected content only, room to write.
    Handout,
    /// The trainer script: each slide with its notes and timing.
    Notes,
    /// The cover and contents of the course workbook, or of the course's
    /// trainer script: the sessions' own documents follow them.
    WorkbookCover,
    ScriptCover,
}

impl Document {
    fn name(self) -> &'static str {
        match self {
            Document::Fit => "fit",
            Document::Slides => "slides",
            Document::Handout => "handout",
            Document::Notes => "notes",
            Document::WorkbookCover => "workbook-cover",
            Document::ScriptCover => "script-cover",
        }
    }
}

/// A deck with its projected pages (empty where the document needs none:
/// the fit document and the workbook).
#[derive(Clone, Copy)]
pub struct LaidOut<'a> {
    pub deck: &'a Deck,
    pub pages: &'a [Page],
}

/// The JSON data for the template and the generated files it refers to
/// (QR codes of video links, by virtual path).
pub fn document_data(
    course: &Course,
    decks: &[LaidOut],
    doc: Document,
    theme: &Theme,
    print: &Theme,
    starts: &[usize],
    pictures: bool,
) -> (Vec<u8>, BTreeMap<String, Vec<u8>>) {
    let lang = &course.config.language;
    let mut qr = BTreeMap::new();
    let mut files = BTreeMap::new();
    for laid in decks {
        for slide in &laid.deck.slides {
            for url in video_urls(&slide.blocks) {
                if let Some(svg) = qr_svg(&url) {
                    let path = format!("qr/{:016x}.svg", hash(&url));
                    qr.insert(url, format!("/{path}"));
                    files.insert(path, svg.into_bytes());
                }
            }
        }
    }
    // lectern's dark code colours, for themes whose surface is dark.
    files.insert(
        "code-dark.tmTheme".to_string(),
        crate::render::code::dark_tmtheme().as_bytes().to_vec(),
    );
    let dark_code: serde_json::Map<String, serde_json::Value> = [theme, print]
        .iter()
        .map(|t| {
            (
                t.name.clone(),
                json!(crate::render::code::is_dark(&t.colors.surface)),
            )
        })
        .collect();
    let kinds: serde_json::Map<String, serde_json::Value> = SlideKind::ALL
        .iter()
        .map(|k| {
            (
                k.name().to_string(),
                json!({ "label": kind_label(*k, lang), "icon": kind_icon(*k) }),
            )
        })
        .collect();
    let words: serde_json::Map<String, serde_json::Value> = [
        "session",
        "missing_image",
        "reflection",
        "contents",
        "notes",
        "planned",
        "workbook",
        "trainer_script",
        "continued",
        "name",
        "group",
        "date",
        "sessions",
        "minutes",
        "mode_f2f",
        "mode_online",
        "script",
        "time_plan",
        "slide",
        "title",
        "minutes_short",
        "start",
        "total",
        "session_length",
        "last_delivery",
    ]
    .iter()
    .map(|k| (k.to_string(), json!(word(k, lang))))
    .collect();
    let (w, h) = course.config.aspect.size();
    let (fit_max, fit_min) = theme.sizes.fit_range();
    let data = json!({
        "document": doc.name(),
        "course": {
            "title": course.config.title,
            "version": course.config.version,
            "attribution": course.config.attribution,
            "author": course.config.author,
            // Typst takes the language and the region apart ("nl-BE").
            "language": lang.split('-').next().unwrap_or("en").to_ascii_lowercase(),
            "region": lang.split('-').nth(1).filter(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_alphabetic())).map(str::to_ascii_uppercase),
            "width": w,
            "height": h,
        },
        "theme": theme,
        "print": print,
        "kinds": kinds,
        "dark_code": dark_code,
        "alerts": crate::deck::Alert::ALL.iter().map(|a| (a.name().to_string(), json!({
            "label": crate::render::labels::alert_label(*a, lang),
            "icon": crate::render::labels::alert_icon(*a),
            "kind": crate::render::labels::alert_colour(*a).name(),
        }))).collect::<serde_json::Map<String, serde_json::Value>>(),
        "words": words,
        "qr": qr,
        "fit": { "max": fit_max, "min": fit_min },
        // Where each session starts in a course document (its cover's contents).
        "starts": starts,
        // The trainer script's slide pictures are the slides PDF's pages,
        // drawn in by lectern (see `pdf::draw_pictures`).
        "pictures": pictures,
        "decks": decks.iter().map(|laid| {
            let mut deck = deck_data(laid, doc, lang);
            if doc == Document::Notes {
                with_last_delivery(&mut deck, course, laid.deck);
            }
            deck
        }).collect::<Vec<_>>(),
    });
    (
        serde_json::to_vec(&data).expect("the deck model serialises"),
        files,
    )
}

/// The trainer script sets the minutes of the latest recorded delivery
/// (`lectern serve`'s delivery log) beside the plan, when there is one:
/// `delivered` on the deck, `actual` minutes on each slide shown.
fn with_last_delivery(deck: &mut serde_json::Value, course: &Course, d: &crate::deck::Deck) {
    let Some(last) = crate::report::deliveries(&course.root, &d.stem).pop() else {
        return;
    };
    let seconds = last.seconds_per_slide();
    deck["delivered"] = json!(last.started.get(..10).unwrap_or(&last.started));
    if let Some(slides) = deck["slides"].as_array_mut() {
        for slide in slides {
            let n = slide["number"].as_u64().unwrap_or(0) as u32;
            if let Some(s) = seconds.get(&n) {
                slide["actual"] = json!(*s as f64 / 60.0);
            }
        }
    }
}

fn deck_data(laid: &LaidOut, doc: Document, lang: &str) -> serde_json::Value {
    let d = laid.deck;
    let slides: Vec<serde_json::Value> = d
        .slides
        .iter()
        .enumerate()
        // A course cover lists sessions; their slides are not its to draw.
        .filter(|_| !matches!(doc, Document::WorkbookCover | Document::ScriptCover))
        .map(|(i, slide)| {
            let mut value = serde_json::to_value(slide).expect("a slide serialises");
            // Only the fit document measures units; the others draw pages.
            let units = (doc == Document::Fit && is_fitted(slide.kind)).then(|| units(slide));
            value["units"] = json!(units);
            value["page"] = json!(laid.pages.iter().position(|p| p.slide == i));
            value["label"] = json!(crate::render::labels::shows_label(slide, lang));
            value
        })
        .collect();
    let pages = if matches!(doc, Document::Slides | Document::Notes) {
        json!(laid.pages)
    } else {
        json!([])
    };
    json!({
        "stem": d.stem,
        "title": d.title,
        "session": d.session,
        "mode": d.mode.label(),
        "online": d.mode == crate::deck::Mode::Online,
        "duration": d.duration,
        "slides": slides,
        "pages": pages,
    })
}

fn video_urls(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .filter_map(|b| match &b.body {
            BlockBody::Video(v) => Some(v.url.clone()),
            _ => None,
        })
        .collect()
}

fn hash(s: &str) -> u64 {
    // FNV-1a: stable across runs and Rust versions, so QR file paths (and
    // Typst's interned file ids) stay the same between rebuilds.
    s.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}

/// A QR code of the link as SVG, so people in the room can open it on their phone.
pub fn qr_svg(url: &str) -> Option<String> {
    let code =
        qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(240, 240)
            .quiet_zone(true)
            .dark_color(qrcode::render::svg::Color("#000000"))
            .light_color(qrcode::render::svg::Color("#ffffff"))
            .build(),
    )
}

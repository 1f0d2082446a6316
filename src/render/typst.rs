//! Model → Typst data. The deck model is handed to the theme's fixed Typst
//! template as a JSON file: a Typst string placed in content is always
//! literal, so no deck text can ever run as Typst code.

use serde::Serialize;
use std::collections::BTreeMap;

use crate::course::Course;
use crate::deck::{Block, BlockBody, Deck, SlideKind};
use crate::fit::{is_fitted, units, Page};
use crate::text::words::{kind_icon, kind_label, word};
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
    /// The page numbers of a course document, one per page (`starts` is
    /// the first and the count): each replaces a session page's own.
    Folios,
}

impl Document {
    /// What the document is, in words for a message.
    pub fn label(self) -> &'static str {
        match self {
            Document::Fit => "fitting",
            Document::Slides => "slides",
            Document::Handout => "workbook",
            Document::Notes => "trainer script",
            Document::WorkbookCover => "workbook cover",
            Document::ScriptCover => "script cover",
            Document::Folios => "page numbers",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Document::Fit => "fit",
            Document::Slides => "slides",
            Document::Handout => "handout",
            Document::Notes => "notes",
            Document::WorkbookCover => "workbook-cover",
            Document::ScriptCover => "script-cover",
            Document::Folios => "folios",
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
    let (qr, files) = generated_files(decks);
    let (width, height) = course.config.aspect.size();
    let steps = theme.sizes.steps();
    let (max, min) = (steps[steps.len() - 1].body, steps[0].body);
    let data = TemplateData {
        contract: crate::theme::CONTRACT,
        document: doc.name(),
        course: CourseData::of(course),
        theme,
        print,
        kinds: kinds(lang),
        dark_code: [theme, print]
            .iter()
            .map(|t| {
                (
                    t.name.as_str(),
                    crate::render::code::is_dark(&t.colors.surface),
                )
            })
            .collect(),
        alerts: alerts(lang),
        words: TEMPLATE_WORDS.iter().map(|k| (*k, word(k, lang))).collect(),
        qr,
        fit: FitRange {
            max,
            min,
            steps,
            title_ratio: crate::theme::TITLE_RATIO,
        },
        geometry: &crate::theme::geometry::TEMPLATE,
        starts,
        pictures,
        decks: decks
            .iter()
            .map(|laid| {
                let mut deck = deck_data(laid, doc, course);
                if doc == Document::Fit {
                    let screen = crate::fit::bound::Screen {
                        width: f64::from(width),
                        height: f64::from(height),
                        lang,
                    };
                    for slide in &mut deck.slides {
                        slide.flows =
                            crate::fit::bound::certainly_flows(slide.slide, theme, screen);
                    }
                }
                if doc == Document::Notes {
                    with_last_delivery(&mut deck, course, laid.deck);
                }
                deck
            })
            .collect(),
    };
    (
        serde_json::to_vec(&data).expect("the deck model serialises"),
        files,
    )
}

/// QR codes of the decks' video links (by virtual path, with the table
/// from link to path) and lectern's dark code colours, for themes whose
/// surface is dark.
fn generated_files(decks: &[LaidOut]) -> (BTreeMap<String, String>, BTreeMap<String, Vec<u8>>) {
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
    files.insert(
        "code-dark.tmTheme".to_string(),
        crate::render::code::dark_tmtheme().as_bytes().to_vec(),
    );
    (qr, files)
}

/// Label and icon of each slide kind, in the course language.
fn kinds(lang: &str) -> BTreeMap<&'static str, KindData> {
    SlideKind::ALL
        .iter()
        .map(|k| {
            (
                k.name(),
                KindData {
                    label: kind_label(*k, lang),
                    icon: kind_icon(*k),
                },
            )
        })
        .collect()
}

/// Label, icon and colour of each alert, in the course language.
fn alerts(lang: &str) -> BTreeMap<&'static str, AlertData> {
    crate::deck::Alert::ALL
        .iter()
        .map(|a| {
            (
                a.name(),
                AlertData {
                    label: crate::text::words::alert_label(*a, lang),
                    icon: crate::text::words::alert_icon(*a),
                    kind: crate::text::words::alert_colour(*a).name(),
                },
            )
        })
        .collect()
}

impl<'a> CourseData<'a> {
    fn of(course: &'a Course) -> Self {
        let lang = &course.config.language;
        let (width, height) = course.config.aspect.size();
        CourseData {
            title: &course.config.title,
            version: course.config.version.as_deref(),
            attribution: course.config.attribution.as_deref(),
            author: course.config.author.as_deref(),
            // Typst takes the language and the region apart ("nl-BE").
            language: lang.split('-').next().unwrap_or("en").to_ascii_lowercase(),
            region: lang
                .split('-')
                .nth(1)
                .filter(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_alphabetic()))
                .map(str::to_ascii_uppercase),
            width,
            height,
        }
    }
}

/// What the theme's template reads as `data` (`data.json`): everything one
/// document draws. Typed, so the template's contract is written down here
/// (and `--typst-dir` shows it filled in).
#[derive(Serialize)]
struct TemplateData<'a> {
    /// The version of this contract (`theme::CONTRACT`); the template checks it.
    contract: u32,
    /// `fit`, `slides`, `handout`, `notes`, `workbook-cover`, `script-cover`.
    document: &'static str,
    course: CourseData<'a>,
    /// The slides' theme, and the theme of paper documents.
    theme: &'a Theme,
    print: &'a Theme,
    /// Label and icon of each slide kind, in the course language.
    kinds: BTreeMap<&'static str, KindData>,
    /// Whether a theme's code surface is dark (then code uses lectern's
    /// bright colours, `code-dark.tmTheme`).
    dark_code: BTreeMap<&'a str, bool>,
    alerts: BTreeMap<&'static str, AlertData>,
    words: BTreeMap<&'static str, &'static str>,
    /// Video link → virtual path of its QR code.
    qr: BTreeMap<String, String>,
    /// Body sizes a slide may be set at.
    fit: FitRange,
    /// The template's fixed gaps and insets (`theme::geometry`).
    geometry: &'static crate::theme::geometry::Geometry,
    /// Where each session starts in a course document (its cover's contents).
    starts: &'a [usize],
    /// The trainer script's slide pictures are the slides PDF's pages,
    /// drawn in by lectern (see `pdf::draw_pictures`).
    pictures: bool,
    decks: Vec<DeckData<'a>>,
}

#[derive(Serialize)]
struct CourseData<'a> {
    title: &'a str,
    version: Option<&'a str>,
    attribution: Option<&'a str>,
    author: Option<&'a str>,
    language: String,
    region: Option<String>,
    /// The slide in points.
    width: u32,
    height: u32,
}

#[derive(Serialize)]
struct KindData {
    label: &'static str,
    icon: &'static str,
}

#[derive(Serialize)]
struct AlertData {
    label: &'static str,
    icon: &'static str,
    /// The slide kind whose colour the callout takes.
    kind: &'static str,
}

#[derive(Serialize)]
struct FitRange {
    max: f64,
    min: f64,
    /// The theme's type scale, smallest first: the sizes a body is set at.
    steps: Vec<crate::theme::Step>,
    /// The least a title stands above its body (`theme::TITLE_RATIO`).
    title_ratio: f64,
}

#[derive(Serialize)]
struct DeckData<'a> {
    stem: &'a str,
    title: &'a str,
    session: Option<u32>,
    mode: &'static str,
    online: bool,
    fillable: bool,
    duration: u32,
    slides: Vec<SlideData<'a>>,
    /// The projected pages (slides and script only).
    pages: &'a [Page],
    /// The date of the latest recorded delivery (trainer script only).
    #[serde(skip_serializing_if = "Option::is_none")]
    delivered: Option<String>,
}

#[derive(Serialize)]
struct SlideData<'a> {
    #[serde(flatten)]
    slide: &'a crate::deck::Slide,
    /// What the fit document measures (fitted slides, fit document only).
    units: Option<Vec<crate::fit::Unit>>,
    /// About how tall the body is at the smallest size, when it certainly
    /// flows onto more pages there (fit document only): it is not measured
    /// whole first.
    #[serde(skip_serializing_if = "Option::is_none")]
    flows: Option<f64>,
    /// Index of the slide's first projected page.
    page: Option<usize>,
    /// Whether the kind's label is shown above the title.
    label: bool,
    /// The course's title above a title slide's ([`super::course_overline`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    overline: Option<&'a str>,
    /// Minutes the latest delivery spent on the slide.
    #[serde(skip_serializing_if = "Option::is_none")]
    actual: Option<f64>,
    /// The fewest and most minutes over every recorded delivery.
    #[serde(skip_serializing_if = "Option::is_none")]
    spread: Option<(f64, f64)>,
}

/// The words the template writes, in the course language.
const TEMPLATE_WORDS: [&str; 28] = [
    "session",
    "own_notes",
    "missing_image",
    "picture",
    "shown_in_session",
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
];

/// The trainer script sets the minutes of the latest recorded delivery
/// (`lectern serve`'s delivery log) beside the plan, when there is one:
/// `delivered` on the deck, `actual` minutes on each slide shown and the
/// `spread` over every delivery, which its time plan draws as bars.
fn with_last_delivery(deck: &mut DeckData, course: &Course, d: &crate::deck::Deck) {
    let Some(times) = crate::report::deck_times(course, d, true) else {
        return;
    };
    let Some(last) = times.deliveries.last() else {
        return;
    };
    deck.delivered = Some(
        last.started_local()
            .get(..10)
            .unwrap_or_default()
            .to_string(),
    );
    for (slide, t) in deck.slides.iter_mut().zip(&times.slides) {
        slide.actual = t.latest();
        slide.spread = t.spread();
    }
}

fn deck_data<'a>(laid: &LaidOut<'a>, doc: Document, course: &'a Course) -> DeckData<'a> {
    let d = laid.deck;
    let lang = &course.config.language;
    let slides = d
        .slides
        .iter()
        .enumerate()
        // A course cover lists sessions; their slides are not its to draw.
        .filter(|_| {
            !matches!(
                doc,
                Document::WorkbookCover | Document::ScriptCover | Document::Folios
            )
        })
        .map(|(i, slide)| SlideData {
            slide,
            // Only the fit document measures units; the others draw pages.
            units: (doc == Document::Fit && is_fitted(slide.kind)).then(|| units(slide)),
            flows: None,
            page: laid.pages.iter().position(|p| p.slide == i),
            label: crate::text::words::shows_label(slide, lang),
            overline: super::course_overline(course, slide),
            actual: None,
            spread: None,
        })
        .collect();
    DeckData {
        stem: &d.stem,
        title: &d.title,
        session: d.session,
        mode: d.mode.label(),
        online: d.mode == crate::deck::Mode::Online,
        fillable: d.fillable,
        duration: d.duration,
        slides,
        pages: if matches!(doc, Document::Slides | Document::Notes) {
            laid.pages
        } else {
            &[]
        },
        delivered: None,
    }
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
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
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

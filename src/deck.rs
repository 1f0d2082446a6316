//! The deck model: what every backend renders. Pure data, no I/O.
//!
//! Markdown becomes this model in `parse`; HTML, Typst (slides, workbook,
//! trainer notes) and JSON are all rendered from it, so a fix in a deck lands
//! in every output. Every slide keeps its source position for diagnostics.

use serde::Serialize;

use crate::diag::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    F2f,
    Online,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::F2f => "F2F",
            Mode::Online => "Online",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Deck {
    /// The deck's file, relative to the course root where possible.
    pub file: String,
    /// File name without `.md`: names every output (`<stem>.html`, `<stem>.pdf`, ...).
    pub stem: String,
    pub title: String,
    pub session: Option<u32>,
    /// Where the front matter sets `session` (for course-level errors).
    #[serde(skip)]
    pub session_pos: Pos,
    pub mode: Mode,
    /// Planned length in minutes.
    pub duration: u32,
    /// The theme this deck asked for (front matter), before command-line overrides.
    pub theme: Option<String>,
    /// Whether the workbook PDF has fields to type in (front matter, else
    /// `course.toml`, else whether the session is online).
    pub fillable: bool,
    pub slides: Vec<Slide>,
}

impl Deck {
    /// Sum of the slides' planned minutes.
    pub fn planned_minutes(&self) -> f64 {
        self.slides.iter().filter_map(|s| s.time).sum()
    }
}

/// What a slide is for; each kind has its own look in every output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum SlideKind {
    Title,
    Section,
    Definition,
    List,
    Agreements,
    Statements,
    Exercise,
    Assignment,
    Recap,
    Video,
    Discussion,
    Plain,
}

impl SlideKind {
    pub const ALL: [SlideKind; 12] = [
        SlideKind::Title,
        SlideKind::Section,
        SlideKind::Definition,
        SlideKind::List,
        SlideKind::Agreements,
        SlideKind::Statements,
        SlideKind::Exercise,
        SlideKind::Assignment,
        SlideKind::Recap,
        SlideKind::Video,
        SlideKind::Discussion,
        SlideKind::Plain,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SlideKind::Title => "title",
            SlideKind::Section => "section",
            SlideKind::Definition => "definition",
            SlideKind::List => "list",
            SlideKind::Agreements => "agreements",
            SlideKind::Statements => "statements",
            SlideKind::Exercise => "exercise",
            SlideKind::Assignment => "assignment",
            SlideKind::Recap => "recap",
            SlideKind::Video => "video",
            SlideKind::Discussion => "discussion",
            SlideKind::Plain => "plain",
        }
    }

    pub fn from_name(name: &str) -> Option<SlideKind> {
        SlideKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Slide {
    /// 1-based position in the deck.
    pub number: usize,
    pub kind: SlideKind,
    pub title: Vec<Inline>,
    pub blocks: Vec<Block>,
    /// Speaker notes: trainer instructions, never shown to the audience.
    pub notes: Vec<Block>,
    /// Planned minutes.
    pub time: Option<f64>,
    /// Writing lines in the workbook (assignments).
    pub lines: Option<u32>,
    /// Number of reveal steps after the first view (0: everything at once).
    pub steps: u32,
    /// A picture behind the whole slide (`background=…` on the first
    /// heading): projected outputs only, under a scrim; never in the workbook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub background: Option<Image>,
    pub pos: Pos,
}

/// A block of slide content. `step` is the reveal step at which it appears
/// (0: from the start).
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub step: u32,
    #[serde(flatten)]
    pub body: BlockBody,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum BlockBody {
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Paragraph {
        content: Vec<Inline>,
    },
    List {
        ordered: bool,
        start: u64,
        items: Vec<ListItem>,
    },
    Quote {
        blocks: Vec<Block>,
        /// A GitHub alert (`> [!NOTE]` …): a callout with a label.
        alert: Option<Alert>,
    },
    Code {
        lang: String,
        text: String,
    },
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Image(Image),
    Video(Video),
    Rule,
    /// Footnote text, rendered at the bottom of the slide.
    Footnote {
        label: String,
        number: usize,
        blocks: Vec<Block>,
    },
    /// Raw HTML, only kept when the course allows it (HTML output only).
    Html {
        html: String,
    },
    /// Two to four columns side by side (`:::: columns` / `::: column`).
    /// Fit and flow never cut it: it moves to the next page whole.
    Columns {
        columns: Vec<Column>,
    },
}

/// One column of a `Columns` block.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// Its share of the width in percent, as written (`width="40%"`);
    /// `None`: an equal share of what the others leave.
    pub width: Option<f32>,
    /// The share it gets, in percent of the row (all columns' add up to 100).
    pub share: f32,
    pub blocks: Vec<Block>,
}

/// The shares of columns with these widths: the given ones as written,
/// the others an equal part of the rest; scaled to 100 when they add up
/// to more (or when nothing is left for the columns without a width).
pub fn column_shares(widths: &[Option<f32>]) -> Vec<f32> {
    let given: f32 = widths.iter().flatten().sum();
    let open = widths.iter().filter(|w| w.is_none()).count();
    let rest = 100.0 - given;
    let each = if open > 0 && rest > 1.0 {
        rest / open as f32
    } else if open > 0 {
        // Nothing left: the open columns take the average of the given ones.
        given / (widths.len() - open).max(1) as f32
    } else {
        0.0
    };
    let raw: Vec<f32> = widths.iter().map(|w| w.unwrap_or(each)).collect();
    let total: f32 = raw.iter().sum();
    if total <= 0.0 {
        return vec![100.0 / widths.len().max(1) as f32; widths.len()];
    }
    raw.iter().map(|w| w * 100.0 / total.max(100.0)).collect()
}

/// The five GitHub alerts, each a callout with its own label and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Alert {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl Alert {
    pub const ALL: [Alert; 5] = [
        Alert::Note,
        Alert::Tip,
        Alert::Important,
        Alert::Warning,
        Alert::Caution,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Alert::Note => "note",
            Alert::Tip => "tip",
            Alert::Important => "important",
            Alert::Warning => "warning",
            Alert::Caution => "caution",
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Serialize)]
pub struct ListItem {
    pub step: u32,
    /// `Some(done)` for a task list item.
    pub task: Option<bool>,
    /// An arrow or tick the item's text began with (`- ➔ ZELF: …`): drawn
    /// in the bullet's place instead of a second marker.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    pub blocks: Vec<Block>,
    /// How many characters of text the whole item holds (its parts keep
    /// the whole's): two statement cards share their row by it.
    pub chars: u32,
}

/// How two statement cards in one row share its width: in proportion to
/// their text, so that both end at about the same height (a short
/// statement beside its long meaning), each between 40 and 60 %. `None`
/// unless there are exactly two: rows of more keep equal columns. The
/// template computes the same from `chars` (`card-shares` in deck.typ).
pub fn card_shares(items: &[ListItem]) -> Option<(f64, f64)> {
    let [a, b] = items else {
        return None;
    };
    let total = f64::from(a.chars) + f64::from(b.chars);
    let first = if total > 0.0 {
        (f64::from(a.chars) / total).clamp(0.4, 0.6)
    } else {
        0.5
    };
    // Whole thousandths, as the template rounds them.
    let first = (first * 1000.0).round() / 1000.0;
    Some((first, 1.0 - first))
}

#[derive(Debug, Clone, Serialize)]
pub struct Image {
    /// As written in the deck.
    pub src: String,
    pub alt: String,
    /// Path relative to the course root, when the file exists inside it.
    pub file: Option<String>,
    /// `{width=50%}` or `{width=300px}` after the image: how wide it is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<Width>,
    /// Height over width of the picture (raster files), for backends that
    /// lay a sized image out themselves (PowerPoint).
    #[serde(skip)]
    pub aspect: Option<f64>,
}

/// An image's width: a share of the text column, or CSS pixels (a slide is
/// as many pixels wide as the PDF's page is points, so both agree).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Width {
    Percent(f32),
    Px(f32),
}

impl Width {
    /// As CSS writes it.
    pub fn css(self) -> String {
        match self {
            Width::Percent(p) => format!("{p}%"),
            Width::Px(p) => format!("{p}px"),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Video {
    pub url: String,
    /// Link text when it differs from the URL.
    pub label: Option<String>,
    /// Privacy-friendly embed address (YouTube nocookie, Vimeo dnt), loaded only on click.
    pub embed: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Inline {
    Text {
        s: String,
    },
    Strong {
        c: Vec<Inline>,
    },
    Emph {
        c: Vec<Inline>,
    },
    Strike {
        c: Vec<Inline>,
    },
    Code {
        s: String,
    },
    Link {
        url: String,
        c: Vec<Inline>,
    },
    Break,
    /// A footnote reference, shown as a superscript number.
    Note {
        n: usize,
    },
    /// Raw inline HTML, only kept when the course allows it.
    Html {
        s: String,
    },
    /// A formula: `$…$` (inline) or `$$…$$` (display). `tex` is what the
    /// author wrote, `typst` the same formula as Typst math, made only of
    /// names lectern knows (see `parse::math`).
    Math {
        tex: String,
        typst: String,
        display: bool,
    },
}

/// Plain text of inline content, as a reader would copy it.
pub fn inline_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_inline_text(inlines, &mut out);
    out
}

fn push_inline_text(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { s } | Inline::Code { s } => out.push_str(s),
            Inline::Math { tex, .. } => out.push_str(tex),
            Inline::Strong { c } | Inline::Emph { c } | Inline::Strike { c } => {
                push_inline_text(c, out);
            }
            Inline::Link { c, .. } => push_inline_text(c, out),
            Inline::Break => out.push('\n'),
            Inline::Note { n } => out.push_str(&format!("[{n}]")),
            Inline::Html { .. } => {}
        }
    }
}

/// Plain text of blocks, one line per paragraph or list item.
pub fn blocks_text(blocks: &[Block]) -> String {
    let mut lines = Vec::new();
    push_blocks_text(blocks, &mut lines);
    lines.join("\n")
}

fn push_blocks_text(blocks: &[Block], lines: &mut Vec<String>) {
    for block in blocks {
        match &block.body {
            BlockBody::Heading { content, .. } | BlockBody::Paragraph { content } => {
                lines.push(inline_text(content));
            }
            BlockBody::List { items, .. } => {
                for item in items {
                    push_blocks_text(&item.blocks, lines);
                }
            }
            BlockBody::Quote { blocks, .. } | BlockBody::Footnote { blocks, .. } => {
                push_blocks_text(blocks, lines);
            }
            BlockBody::Code { text, .. } => lines.push(text.clone()),
            BlockBody::Table { head, rows, .. } => {
                lines.push(
                    head.iter()
                        .map(|c| inline_text(c))
                        .collect::<Vec<_>>()
                        .join(" | "),
                );
                for row in rows {
                    lines.push(
                        row.iter()
                            .map(|c| inline_text(c))
                            .collect::<Vec<_>>()
                            .join(" | "),
                    );
                }
            }
            BlockBody::Image(img) => lines.push(img.alt.clone()),
            BlockBody::Video(v) => {
                if let Some(label) = &v.label {
                    lines.push(label.clone());
                }
                lines.push(v.url.clone());
            }
            BlockBody::Columns { columns } => {
                for c in columns {
                    push_blocks_text(&c.blocks, lines);
                }
            }
            BlockBody::Rule | BlockBody::Html { .. } => {}
        }
    }
}

/// Every link target in blocks (links and videos), in order.
pub fn blocks_links(blocks: &[Block]) -> Vec<String> {
    fn inlines(c: &[Inline], out: &mut Vec<String>) {
        for i in c {
            match i {
                Inline::Link { url, c } => {
                    out.push(url.clone());
                    inlines(c, out);
                }
                Inline::Strong { c } | Inline::Emph { c } | Inline::Strike { c } => inlines(c, out),
                _ => {}
            }
        }
    }
    fn walk(blocks: &[Block], out: &mut Vec<String>) {
        for b in blocks {
            match &b.body {
                BlockBody::Heading { content, .. } | BlockBody::Paragraph { content } => {
                    inlines(content, out);
                }
                BlockBody::List { items, .. } => items.iter().for_each(|i| walk(&i.blocks, out)),
                BlockBody::Quote { blocks, .. } | BlockBody::Footnote { blocks, .. } => {
                    walk(blocks, out);
                }
                BlockBody::Table { head, rows, .. } => {
                    head.iter().for_each(|c| inlines(c, out));
                    rows.iter().flatten().for_each(|c| inlines(c, out));
                }
                BlockBody::Video(v) => out.push(v.url.clone()),
                BlockBody::Columns { columns } => columns.iter().for_each(|c| walk(&c.blocks, out)),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(blocks, &mut out);
    out
}

/// Course-relative files of the images in blocks.
pub fn blocks_images(blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    for b in blocks {
        match &b.body {
            BlockBody::Image(img) => out.extend(img.file.clone().or(Some(img.src.clone()))),
            BlockBody::List { items, .. } => items
                .iter()
                .for_each(|i| out.extend(blocks_images(&i.blocks))),
            BlockBody::Quote { blocks, .. } | BlockBody::Footnote { blocks, .. } => {
                out.extend(blocks_images(blocks));
            }
            BlockBody::Columns { columns } => columns
                .iter()
                .for_each(|c| out.extend(blocks_images(&c.blocks))),
            _ => {}
        }
    }
    out
}

/// Course-relative files of every image a slide shows: its blocks' and its
/// background.
pub fn slide_images(slide: &Slide) -> Vec<String> {
    let mut out = blocks_images(&slide.blocks);
    if let Some(bg) = &slide.background {
        out.extend(bg.file.clone().or(Some(bg.src.clone())));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(chars: u32) -> ListItem {
        ListItem {
            step: 0,
            task: None,
            marker: None,
            blocks: Vec::new(),
            chars,
        }
    }

    #[test]
    fn two_cards_share_their_row_by_their_text_within_bounds() {
        assert_eq!(card_shares(&[item(277), item(416)]), Some((0.4, 0.6)));
        let (a, b) = card_shares(&[item(258), item(330)]).unwrap();
        assert!((a - 0.439).abs() < 1e-9 && (a + b - 1.0).abs() < 1e-9);
        // A one-line statement beside a paragraph: no narrower than 40 %.
        assert_eq!(card_shares(&[item(10), item(900)]), Some((0.4, 0.6)));
        assert_eq!(card_shares(&[item(900), item(10)]), Some((0.6, 0.4)));
        assert_eq!(card_shares(&[item(0), item(0)]), Some((0.5, 0.5)));
        assert_eq!(card_shares(&[item(5)]), None);
        assert_eq!(card_shares(&[item(5), item(6), item(7)]), None);
    }
}

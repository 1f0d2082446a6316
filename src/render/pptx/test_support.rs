//! What the unit tests of the PowerPoint parts share: a deck model read
//! from Markdown in memory (in a course folder of its own, for the
//! pictures it shows), its pages as the fitting would give them unfitted,
//! the context a slide is drawn with, and a reader of the XML written.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use usvg::roxmltree::{Document, Node};

use super::media::Media;
use super::slide::{slide_xml, Ctx};
use crate::config::CourseConfig;
use crate::course::Course;
use crate::deck::Deck;
use crate::diag::Diagnostic;
use crate::fit::Page;
use crate::parse::{parse_deck, DeckContext};
use crate::theme::Theme;

pub const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
pub const P: &str = "http://schemas.openxmlformats.org/presentationml/2006/main";
pub const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A deck read from Markdown, its course, theme and pages.
pub struct Fixture {
    pub course: Course,
    pub deck: Deck,
    pub pages: Vec<Page>,
    pub theme: Theme,
    /// What reading the deck said.
    pub diagnostics: Vec<Diagnostic>,
}

/// A course folder of its own for each test (they run side by side).
fn folder() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("lectern-pptx-test-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

/// A PNG of `w` × `h` pixels.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([40, 90, 160]));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("a PNG");
    out
}

/// The deck `md` (its slides, after a front matter with title "T"), in a
/// course folder holding `files`, on a 16:9 canvas in the default theme.
pub fn fixture_with(md: &str, files: &[(&str, Vec<u8>)]) -> Fixture {
    let root = folder();
    for (name, bytes) in files {
        std::fs::write(root.join(name), bytes).expect("a course file");
    }
    let config = CourseConfig::default();
    let ctx = DeckContext {
        file: "deck.md",
        deck_dir: &root,
        course_root: &root,
        config: &config,
    };
    let text = format!("+++\ntitle = \"T\"\nsession = 2\n+++\n{md}");
    let mut diagnostics = Vec::new();
    let deck = parse_deck(text.as_bytes(), "deck", &ctx, &mut diagnostics).expect("a deck");
    let theme = crate::theme::builtin("default").expect("the default theme");
    let pages = crate::fit::paginate(&deck, &[], theme.sizes.body);
    let course = Course {
        root,
        config,
        decks: Vec::new(),
        themes: Default::default(),
    };
    Fixture {
        course,
        deck,
        pages,
        theme,
        diagnostics,
    }
}

pub fn fixture(md: &str) -> Fixture {
    fixture_with(md, &[])
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.course.root);
    }
}

impl Fixture {
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx::new(&self.course, &self.deck, &self.theme, self.pages.len())
    }

    /// Page `n` (1-based) as a slide part and its relationships, with the
    /// warnings drawing it gave.
    pub fn slide(&self, n: usize) -> (String, String, Vec<Diagnostic>) {
        let page = &self.pages[n - 1];
        self.page_xml(page)
    }

    /// A page (perhaps one made up by the test) as a slide part.
    pub fn page_xml(&self, page: &Page) -> (String, String, Vec<Diagnostic>) {
        let ctx = self.ctx();
        let mut media = Media::default();
        let mut diagnostics = Vec::new();
        let slide = &self.deck.slides[page.slide];
        let (xml, rels) = slide_xml(&ctx, slide, page, &mut media, &mut diagnostics);
        (xml, rels, diagnostics)
    }

    /// The whole package, as `deck` writes it, part by part.
    pub fn package(&self) -> (Vec<(String, Vec<u8>)>, Vec<Diagnostic>) {
        let (bytes, diagnostics) = super::deck(
            &self.course,
            &self.deck,
            &self.pages,
            &self.theme,
            &self.theme,
        );
        let bytes = bytes.expect("a package");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
        let mut parts = Vec::new();
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).expect("a part");
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut data).expect("its bytes");
            parts.push((file.name().expect("a name").to_string(), data));
        }
        (parts, diagnostics)
    }
}

/// The part parsed, or the test fails saying why it is not well-formed.
pub fn parse(xml: &str) -> Document<'_> {
    Document::parse(xml).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{xml}"))
}

/// An element's attribute in no namespace, as a number.
pub fn num(node: Node, name: &str) -> i64 {
    node.attribute(name)
        .unwrap_or_else(|| panic!("no {name} on {:?}", node.tag_name()))
        .parse()
        .expect("a number")
}

/// A shape of a slide's shape tree, as a reader sees it.
#[derive(Debug)]
pub struct Shape {
    /// `sp`, `pic` or `graphicFrame`.
    pub tag: String,
    pub id: i64,
    pub name: String,
    /// Its alt text (pictures).
    pub descr: Option<String>,
    /// The placeholder's attributes (`type="title"`), if it is one.
    pub ph: Option<(Option<String>, Option<String>)>,
    /// x, y, width, height in EMU.
    pub xfrm: (i64, i64, i64, i64),
    pub paragraphs: Vec<Paragraph>,
}

/// A paragraph of a text frame.
#[derive(Debug)]
pub struct Paragraph {
    /// `l`, `ctr`, `r`.
    pub align: String,
    pub level: i64,
    pub mar_l: i64,
    pub indent: i64,
    /// The bullet character, `#` for automatic numbers (with its
    /// `startAt` when stated), empty for none.
    pub bullet: String,
    pub start_at: Option<i64>,
    pub runs: Vec<Run>,
}

impl Paragraph {
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// A text run and the properties the tests look at.
#[derive(Debug)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub size: i64,
    /// The relationship id of its link.
    pub link: Option<String>,
    pub typeface: Option<String>,
    pub baseline: Option<i64>,
}

fn child<'a, 'i>(node: Node<'a, 'i>, ns: &str, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| c.has_tag_name((ns, name)))
}

fn descendant<'a, 'i>(node: Node<'a, 'i>, ns: &str, name: &str) -> Option<Node<'a, 'i>> {
    node.descendants().find(|c| c.has_tag_name((ns, name)))
}

/// The shapes of a slide (or notes page), in the order they are drawn.
pub fn shapes(doc: &Document) -> Vec<Shape> {
    let tree = descendant(doc.root(), P, "spTree").expect("a shape tree");
    tree.children()
        .filter(|n| n.is_element() && !n.tag_name().name().starts_with("nvGrp"))
        .filter(|n| n.tag_name().name() != "grpSpPr")
        .map(shape)
        .collect()
}

fn shape(node: Node) -> Shape {
    let c_nv_pr = descendant(node, P, "cNvPr").expect("a cNvPr");
    let ph = descendant(node, P, "ph").map(|ph| {
        (
            ph.attribute("type").map(str::to_string),
            ph.attribute("idx").map(str::to_string),
        )
    });
    let off = descendant(node, A, "off");
    let ext = node
        .descendants()
        .find(|e| e.has_tag_name((A, "ext")) && e.attribute("cx").is_some());
    let xfrm = match (off, ext) {
        (Some(o), Some(e)) => (num(o, "x"), num(o, "y"), num(e, "cx"), num(e, "cy")),
        _ => (0, 0, 0, 0),
    };
    let paragraphs = node
        .descendants()
        .filter(|n| n.has_tag_name((A, "p")))
        .map(paragraph)
        .collect();
    Shape {
        tag: node.tag_name().name().to_string(),
        id: num(c_nv_pr, "id"),
        name: c_nv_pr.attribute("name").unwrap_or("").to_string(),
        descr: c_nv_pr.attribute("descr").map(str::to_string),
        ph,
        xfrm,
        paragraphs,
    }
}

fn paragraph(p: Node) -> Paragraph {
    let ppr = child(p, A, "pPr");
    let attr = |name: &str| {
        ppr.and_then(|n| n.attribute(name))
            .map_or(0, |v| v.parse().unwrap())
    };
    let bullet = ppr
        .and_then(|n| {
            child(n, A, "buChar")
                .and_then(|b| b.attribute("char").map(str::to_string))
                .or_else(|| child(n, A, "buAutoNum").map(|_| "#".to_string()))
        })
        .unwrap_or_default();
    let start_at = ppr
        .and_then(|n| child(n, A, "buAutoNum"))
        .and_then(|n| n.attribute("startAt"))
        .map(|v| v.parse().unwrap());
    let runs = p
        .children()
        .filter(|n| n.has_tag_name((A, "r")) || n.has_tag_name((A, "fld")))
        .map(run)
        .collect();
    Paragraph {
        align: ppr
            .and_then(|n| n.attribute("algn"))
            .unwrap_or("")
            .to_string(),
        level: attr("lvl"),
        mar_l: attr("marL"),
        indent: attr("indent"),
        bullet,
        start_at,
        runs,
    }
}

fn run(r: Node) -> Run {
    let rpr = child(r, A, "rPr").expect("run properties");
    let flag = |name: &str| rpr.attribute(name) == Some("1");
    Run {
        text: child(r, A, "t")
            .and_then(|t| t.text())
            .unwrap_or("")
            .to_string(),
        bold: flag("b"),
        italic: flag("i"),
        size: rpr.attribute("sz").map_or(0, |v| v.parse().unwrap()),
        link: child(rpr, A, "hlinkClick")
            .and_then(|h| h.attribute((R, "id")))
            .map(str::to_string),
        typeface: child(rpr, A, "latin")
            .and_then(|l| l.attribute("typeface"))
            .map(str::to_string),
        baseline: rpr.attribute("baseline").map(|v| v.parse().unwrap()),
    }
}

/// A relationship part's relationships: id, type (its last segment) and
/// target, and whether it is external.
pub fn rels(xml: &str) -> Vec<(String, String, String, bool)> {
    let doc = parse(xml);
    doc.descendants()
        .filter(|n| n.tag_name().name() == "Relationship")
        .map(|n| {
            (
                n.attribute("Id").unwrap_or("").to_string(),
                n.attribute("Type")
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_string(),
                n.attribute("Target").unwrap_or("").to_string(),
                n.attribute("TargetMode") == Some("External"),
            )
        })
        .collect()
}

/// A shape's name without the number after it (`Title 2` is `Title`).
fn bare(name: &str) -> &str {
    name.trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end()
}

/// The first shape of this name (without its number).
pub fn named<'s>(shapes: &'s [Shape], name: &str) -> &'s Shape {
    shapes
        .iter()
        .find(|s| bare(&s.name) == name)
        .unwrap_or_else(|| panic!("no shape {name}: {shapes:#?}"))
}

/// All shapes of this name.
pub fn all_named<'s>(shapes: &'s [Shape], name: &str) -> Vec<&'s Shape> {
    shapes.iter().filter(|s| bare(&s.name) == name).collect()
}

/// The names of the shapes, without their numbers.
pub fn names(shapes: &[Shape]) -> Vec<&str> {
    shapes.iter().map(|s| bare(&s.name)).collect()
}

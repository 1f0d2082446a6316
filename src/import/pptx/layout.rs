//! A slide's layout: its type (title, section header, two contents…),
//! the lectern kind a layout `lectern build` wrote stands for, and where
//! its placeholders are (a slide's placeholder without a position has its
//! layout's).

use roxmltree::Node;

use super::package::{by_kind, Package, Rel};
use super::shapes::Frame;
use super::xml::{child, num, path};
use crate::deck::SlideKind;
use crate::text::words::kind_label;

#[derive(Debug, Default)]
pub struct Layout {
    /// `title`, `secHead`, `twoObj`, `twoTxTwoObj`, `obj`, `cust`…
    pub kind: String,
    pub name: String,
    /// Placeholders: type, index, frame.
    pub places: Vec<(String, Option<i64>, Frame)>,
    /// Placeholders whose text has no bullets (`a:buNone` in their list
    /// style): a comparison's headers, a section header's line.
    pub unbulleted: Vec<(String, Option<i64>)>,
}

impl Layout {
    /// The layout a slide with relationships `rels` uses (an empty one when
    /// it has none or it cannot be read).
    pub fn of(rels: &[Rel], pkg: &Package) -> Layout {
        let Some(rel) = by_kind(rels, "slideLayout") else {
            return Layout::default();
        };
        let Ok(doc) = pkg.document(&rel.target) else {
            return Layout::default();
        };
        let root = doc.root_element();
        let mut places = Vec::new();
        let mut unbulleted = Vec::new();
        if let Some(tree) = path(root, &["cSld", "spTree"]) {
            for sp in tree.children().filter(|n| n.tag_name().name() == "sp") {
                if let Some(place) = placeholder(sp) {
                    places.push(place);
                }
                let ph = path(sp, &["nvSpPr", "nvPr", "ph"]);
                let no_bullets = path(sp, &["txBody", "lstStyle", "lvl1pPr", "buNone"]).is_some();
                if let (Some(ph), true) = (ph, no_bullets) {
                    unbulleted.push((
                        ph.attribute("type").unwrap_or("body").to_string(),
                        num(ph, "idx"),
                    ));
                }
            }
        }
        Layout {
            kind: root.attribute("type").unwrap_or("cust").to_string(),
            name: child(root, "cSld")
                .and_then(|c| c.attribute("name"))
                .unwrap_or_default()
                .to_string(),
            places,
            unbulleted,
        }
    }

    /// Whether this placeholder's text has no bullets by its layout.
    pub fn unbulleted(&self, typ: &str, idx: Option<i64>) -> bool {
        match idx {
            Some(_) => self.unbulleted.iter().any(|(_, i)| *i == idx),
            None => self.unbulleted.iter().any(|(t, i)| t == typ && i.is_none()),
        }
    }

    /// Where a placeholder of this type (or index) is.
    pub fn frame_of(&self, typ: &str, idx: Option<i64>) -> Option<Frame> {
        self.places
            .iter()
            .find(|(_, i, _)| idx.is_some() && *i == idx)
            .or_else(|| self.places.iter().find(|(t, _, _)| t == typ))
            .map(|(_, _, f)| *f)
    }

    /// The lectern kind: a layout `lectern build` wrote is named `NN Name`
    /// after the kind; a title or section header layout from any tool.
    pub fn lectern_kind(&self) -> Option<SlideKind> {
        if let Some((n, label)) = self.name.split_once(' ') {
            let kind = n
                .parse::<usize>()
                .ok()
                .and_then(|n| SlideKind::ALL.get(n.checked_sub(1)?).copied());
            if let Some(kind) = kind.filter(|k| names(*k).iter().any(|l| l == label)) {
                return Some(kind);
            }
        }
        match self.kind.as_str() {
            "title" => Some(SlideKind::Title),
            "secHead" => Some(SlideKind::Section),
            _ => None,
        }
    }

    /// Whether the layout puts two contents side by side.
    pub fn two_columns(&self) -> bool {
        matches!(
            self.kind.as_str(),
            "twoObj" | "twoTxTwoObj" | "twoColTx" | "objTx" | "txObj"
        )
    }
}

/// The names `lectern build` gives a kind's layout, in English and Dutch.
fn names(kind: SlideKind) -> Vec<String> {
    let mut out = vec![
        kind_label(kind, "en").to_string(),
        kind_label(kind, "nl").to_string(),
    ];
    out.extend(
        match kind {
            SlideKind::Title => ["Title slide", "Titeldia"],
            SlideKind::List => ["List", "Lijst"],
            SlideKind::Plain => ["Title and text", "Titel en tekst"],
            _ => ["", ""],
        }
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| (*s).to_string()),
    );
    out
}

fn placeholder(sp: Node) -> Option<(String, Option<i64>, Frame)> {
    let ph = path(sp, &["nvSpPr", "nvPr", "ph"])?;
    let x = path(sp, &["spPr", "xfrm"])?;
    let off = child(x, "off")?;
    let ext = child(x, "ext")?;
    Some((
        ph.attribute("type").unwrap_or("body").to_string(),
        num(ph, "idx"),
        Frame::clamped(
            num(off, "x")?,
            num(off, "y")?,
            num(ext, "cx").unwrap_or(0),
            num(ext, "cy").unwrap_or(0),
        ),
    ))
}

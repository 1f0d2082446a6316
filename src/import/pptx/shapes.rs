//! A slide's shape tree read into items: text shapes (with their
//! placeholder), pictures, tables, and what lectern cannot show (charts,
//! SmartArt, media) as notes. Groups are read through, within a depth.

use roxmltree::Node;

use super::chart;
use super::package::{by_id, Package, Rel};
use super::table;
use super::text::{paragraphs, Para};
use super::xml::{child, find, num, path, rel_attr};

/// Where a shape stands on the slide, in EMU.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Frame {
    pub x: i64,
    pub y: i64,
    pub cx: i64,
    pub cy: i64,
}

#[derive(Debug, Clone)]
pub enum Content {
    Text {
        /// The placeholder's type (`title`, `body`…) when it is one.
        placeholder: Option<String>,
        idx: Option<i64>,
        name: String,
        paras: Vec<Para>,
    },
    Picture {
        /// The media part, or the external address when `external`.
        media: String,
        alt: String,
        external: bool,
    },
    Table(Vec<Vec<String>>),
    /// A chart, shown as its title and its data.
    Chart {
        title: String,
        rows: Vec<Vec<String>>,
    },
    /// Something lectern does not show: what it is, and its text if any.
    Other {
        what: String,
        text: Vec<String>,
    },
}

#[derive(Debug, Clone)]
pub struct Item {
    pub frame: Option<Frame>,
    pub content: Content,
}

/// Groups nested deeper than this are not read.
const MAX_GROUPS: usize = 12;

/// Reads the shape tree `tree` of a part whose relationships are `rels`.
pub fn items(tree: Node, rels: &[Rel], pkg: &Package) -> Vec<Item> {
    let mut out = Vec::new();
    read(tree, rels, pkg, 0, &mut out);
    out
}

fn read(tree: Node, rels: &[Rel], pkg: &Package, depth: usize, out: &mut Vec<Item>) {
    for n in tree.children().filter(Node::is_element) {
        match n.tag_name().name() {
            "sp" => out.extend(text_shape(n, rels)),
            "pic" => out.push(picture(n, rels)),
            "graphicFrame" => out.push(graphic_frame(n, rels, pkg)),
            "grpSp" if depth < MAX_GROUPS => {
                let start = out.len();
                read(n, rels, pkg, depth + 1, out);
                place_in_group(n, &mut out[start..]);
            }
            "AlternateContent" => {
                // The fallback is a picture PowerPoint made for readers
                // that do not know the choice (equations, new shapes).
                let fallback = child(n, "Fallback").filter(|f| find(*f, "pic").is_some());
                if let Some(branch) = fallback.or_else(|| child(n, "Choice")) {
                    read(branch, rels, pkg, depth + 1, out);
                }
            }
            _ => {}
        }
    }
}

/// A frame from an `a:xfrm` (or `p:xfrm`).
fn frame(xfrm: Option<Node>) -> Option<Frame> {
    let xfrm = xfrm?;
    let off = child(xfrm, "off")?;
    let ext = child(xfrm, "ext")?;
    Some(Frame::clamped(
        num(off, "x")?,
        num(off, "y")?,
        num(ext, "cx").unwrap_or(0),
        num(ext, "cy").unwrap_or(0),
    ))
}

/// Positions beyond this (EMU, about 300 km) are cut to it, so sums and
/// products of them never overflow.
const FAR: i64 = 1 << 40;

impl Frame {
    pub fn clamped(x: i64, y: i64, cx: i64, cy: i64) -> Frame {
        Frame {
            x: x.clamp(-FAR, FAR),
            y: y.clamp(-FAR, FAR),
            cx: cx.clamp(0, FAR),
            cy: cy.clamp(0, FAR),
        }
    }
}

/// Children of a group are placed in the group's own coordinates: moved
/// and scaled onto the slide's.
fn place_in_group(group: Node, items: &mut [Item]) {
    let Some(x) = path(group, &["grpSpPr", "xfrm"]) else {
        return;
    };
    let (Some(outer), Some(off), Some(ext)) =
        (frame(Some(x)), child(x, "chOff"), child(x, "chExt"))
    else {
        return;
    };
    let child_frame = Frame::clamped(
        num(off, "x").unwrap_or(0),
        num(off, "y").unwrap_or(0),
        num(ext, "cx").unwrap_or(0),
        num(ext, "cy").unwrap_or(0),
    );
    let (ox, oy) = (child_frame.x, child_frame.y);
    let (ecx, ecy) = (child_frame.cx.max(1), child_frame.cy.max(1));
    let sx = outer.cx as f64 / ecx as f64;
    let sy = outer.cy as f64 / ecy as f64;
    for item in items {
        if let Some(f) = &mut item.frame {
            *f = Frame::clamped(
                outer.x + ((f.x - ox) as f64 * sx).clamp(-1e13, 1e13) as i64,
                outer.y + ((f.y - oy) as f64 * sy).clamp(-1e13, 1e13) as i64,
                (f.cx as f64 * sx).clamp(0.0, 1e13) as i64,
                (f.cy as f64 * sy).clamp(0.0, 1e13) as i64,
            );
        }
    }
}

fn text_shape(sp: Node, rels: &[Rel]) -> Option<Item> {
    let nv = child(sp, "nvSpPr");
    let ph = nv.and_then(|n| path(n, &["nvPr", "ph"]));
    let placeholder = ph.map(|p| p.attribute("type").unwrap_or("body").to_string());
    let name = nv
        .and_then(|n| child(n, "cNvPr"))
        .and_then(|c| c.attribute("name"))
        .unwrap_or_default()
        .to_string();
    let body = child(sp, "txBody")?;
    let bulleted = matches!(placeholder.as_deref(), Some("body" | "obj"));
    let paras = paragraphs(body, rels, bulleted);
    Some(Item {
        frame: frame(child(sp, "spPr").and_then(|s| child(s, "xfrm"))),
        content: Content::Text {
            placeholder,
            idx: ph.and_then(|p| num(p, "idx")),
            name,
            paras,
        },
    })
}

fn picture(pic: Node, rels: &[Rel]) -> Item {
    let frame = frame(child(pic, "spPr").and_then(|s| child(s, "xfrm")));
    let c_nv = path(pic, &["nvPicPr", "cNvPr"]);
    let alt = c_nv
        .and_then(|c| c.attribute("descr").or_else(|| c.attribute("title")))
        .filter(|a| !machine_alt(a))
        .unwrap_or_default()
        .to_string();
    let media_kind = path(pic, &["nvPicPr", "nvPr"]).and_then(|n| {
        n.children()
            .find(|c| matches!(c.tag_name().name(), "videoFile" | "audioFile" | "media"))
    });
    let blip = find(pic, "blip");
    let embed = blip
        .and_then(|b| rel_attr(b, "embed"))
        .and_then(|id| by_id(rels, id));
    let linked = blip
        .and_then(|b| rel_attr(b, "link"))
        .and_then(|id| by_id(rels, id));
    let content = match (embed, linked) {
        (Some(r), _) if !r.external && !r.target.is_empty() => Content::Picture {
            media: r.target.clone(),
            alt,
            external: false,
        },
        (_, Some(r)) | (Some(r), None) => Content::Picture {
            media: r.target.clone(),
            alt,
            external: true,
        },
        _ => Content::Other {
            what: "a picture whose image the file does not hold".into(),
            text: Vec::new(),
        },
    };
    if let Some(m) = media_kind {
        // A video or sound: its poster picture stays; the media is a note.
        let address = rel_attr(m, "link")
            .or_else(|| rel_attr(m, "embed"))
            .and_then(|id| by_id(rels, id))
            .map(|r| r.target.clone())
            .unwrap_or_default();
        return Item {
            frame,
            content: Content::Other {
                what: format!(
                    "a {} (`{address}`)",
                    if m.tag_name().name() == "audioFile" {
                        "sound"
                    } else {
                        "video"
                    }
                ),
                text: match content {
                    Content::Picture {
                        media,
                        external: false,
                        ..
                    } => vec![format!("poster:{media}")],
                    _ => Vec::new(),
                },
            },
        };
    }
    Item { frame, content }
}

/// Alt text no person wrote: Office's automatic captions ("… Automatically
/// generated description", in any of its languages), Google Slides' shape
/// ids, a file's path. Better none (`check` asks for one) than a wrong one
/// read aloud.
fn machine_alt(alt: &str) -> bool {
    let lower = alt.to_lowercase();
    let generated = [
        "automatically generated",
        "automatisch gegenereerde",
        "automatisch generierte",
        "générée automatiquement",
        "generada automáticamente",
        "已生成极高可信度的说明",
        "已自动生成说明",
    ];
    generated.iter().any(|g| lower.contains(g))
        || lower.starts_with("google shape;")
        || alt.contains(":\\")
        || (alt.starts_with('/') && !alt.contains(' '))
        || (alt.contains('\\') && !alt.contains(' '))
}

fn graphic_frame(g: Node, rels: &[Rel], pkg: &Package) -> Item {
    let frame = frame(child(g, "xfrm"));
    let data = path(g, &["graphic", "graphicData"]);
    let uri = data.and_then(|d| d.attribute("uri")).unwrap_or_default();
    let content = if let Some(tbl) = data.and_then(|d| child(d, "tbl")) {
        Content::Table(table::rows(tbl, rels))
    } else if uri.ends_with("/diagram") {
        Content::Other {
            what: "a SmartArt graphic".into(),
            text: smart_art_text(data, rels, pkg),
        }
    } else if uri.ends_with("/chart") || uri.contains("chartex") {
        match data.and_then(|d| chart::read(d, rels, pkg)) {
            Some(c) if !c.rows.is_empty() => Content::Chart {
                title: c.title,
                rows: c.rows,
            },
            found => Content::Other {
                what: "a chart".into(),
                text: found
                    .map(|c| c.title)
                    .filter(|t| !t.is_empty())
                    .into_iter()
                    .collect(),
            },
        }
    } else {
        Content::Other {
            what: "an embedded object".into(),
            text: Vec::new(),
        }
    };
    Item { frame, content }
}

/// The text of a SmartArt graphic, from its data part, one line a point.
fn smart_art_text(data: Option<Node>, rels: &[Rel], pkg: &Package) -> Vec<String> {
    let Some(ids) = data.and_then(|d| find(d, "relIds")) else {
        return Vec::new();
    };
    let Some(part) = rel_attr(ids, "dm").and_then(|id| by_id(rels, id)) else {
        return Vec::new();
    };
    let Ok(doc) = pkg.document(&part.target) else {
        return Vec::new();
    };
    doc.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "pt")
        .filter_map(|pt| child(pt, "t"))
        .map(|t| {
            paragraphs(t, &[], false)
                .iter()
                .map(|p| p.plain.clone())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|t| !t.trim().is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::machine_alt;

    #[test]
    fn alt_text_no_person_wrote_is_dropped() {
        for junk in [
            "Afbeelding met binnen, plafond Automatisch gegenereerde beschrijving",
            "A picture containing text Description automatically generated",
            "Google Shape;57;p13",
            "D:\\WS_Buch\\bild.png",
        ] {
            assert!(machine_alt(junk), "{junk}");
        }
        assert!(!machine_alt("Two people talking at a table"));
    }
}

//! A slide's body as lectern Markdown: escaped, pauses placed as lectern
//! reveals them, and the first heading carrying the slide's attributes.

use super::escape::escape_lines;
use super::markup::{background_path_ok, fence, Fence};
use super::model::{Beside, BodyLine, Slide};
use super::text::{self, atx_heading, list_marker, Fences};

/// The first top-level ATX heading of a slide: its line index and text.
pub(super) fn first_heading(body: &[BodyLine]) -> Option<(usize, String)> {
    let mut fences = Fences::default();
    for (i, l) in body.iter().enumerate() {
        if fences.code(&l.text) {
            continue;
        }
        if let Some((_, text)) = atx_heading(&l.text) {
            if !l.text.starts_with("    ") {
                return Some((i, text));
            }
        }
    }
    None
}

/// What a top-level list item looks like, for pauses between items.
struct Item {
    first_of_list: bool,
    /// For an ordered list: the number this item shows.
    number: Option<u64>,
}

/// Where a line stands in the slide's lists.
enum Place {
    Outside,
    /// A top-level list item's first line.
    Top(Item),
    /// Inside a list, not starting a top-level item.
    Inner,
}

/// The list structure of a slide's lines, line by line.
fn list_places(lines: &[String]) -> Vec<Place> {
    let mut out: Vec<Place> = Vec::with_capacity(lines.len());
    let mut fences = Fences::default();
    // (content indent of the list's items, next number, marker char)
    let mut list: Option<(usize, u64, char)> = None;
    let mut blank_before = false;
    for line in lines {
        let in_code = fences.code(line);
        if line.trim().is_empty() {
            blank_before = true;
            out.push(if list.is_some() {
                Place::Inner
            } else {
                Place::Outside
            });
            continue;
        }
        let indent = text::indent_of(line);
        if in_code {
            if list.as_ref().is_some_and(|(ci, _, _)| indent < *ci) && blank_before {
                list = None;
            }
            blank_before = false;
            out.push(if list.is_some() {
                Place::Inner
            } else {
                Place::Outside
            });
            continue;
        }
        let place = match (list_marker(line), list) {
            (Some(m), None) if m.indent <= 3 => {
                list = Some((m.content, m.number.map_or(0, |n| n + 1), m.delimiter));
                Place::Top(Item {
                    first_of_list: true,
                    number: m.number,
                })
            }
            (Some(m), Some((content, next, delim))) if m.indent < content => {
                // Another item of this list, or a new list after a change of marker.
                let same = m.delimiter == delim;
                let number = m.number.map(|n| if same { next } else { n });
                list = Some((m.content, number.map_or(0, |n| n + 1), m.delimiter));
                Place::Top(Item {
                    first_of_list: !same,
                    number,
                })
            }
            (_, Some((content, _, _))) => {
                if indent < content && blank_before && list_marker(line).is_none() {
                    list = None;
                    Place::Outside
                } else {
                    Place::Inner
                }
            }
            (_, None) => Place::Outside,
        };
        out.push(place);
        blank_before = false;
    }
    out
}

/// A slide's body as lectern Markdown: escaped, with pauses placed and the
/// first heading carrying the slide's kind and `.incremental`.
pub(super) fn write_body(slide: &Slide) -> Vec<String> {
    let mut lines = escape_lines(&slide.body, true);
    trim_edges(&mut lines);
    let texts: Vec<String> = lines.iter().map(|l| l.text.clone()).collect();
    let places = list_places(&texts);
    // lectern reveals top-level items and blocks: a pause inside a list
    // item (a nested item) shows with its item.
    for (l, place) in lines.iter_mut().zip(&places) {
        if matches!(place, Place::Inner) {
            l.pause = false;
        }
    }
    let heading = first_heading(&lines).map(|(at, _)| at);
    let incremental = heading.is_some() && is_incremental(&lines, &places);
    let (classes, trailing_image) = heading_classes(slide, heading.is_some(), incremental);
    let mut out: Vec<String> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let mut line = l.text.clone();
        if l.pause && !incremental {
            line = pause_before(&mut out, line, &places[i]);
        }
        if heading == Some(i) && !classes.is_empty() {
            line = format!("{} {{{}}}", line.trim_end(), classes.join(" "));
        }
        out.push(line);
    }
    if let Some(img) = trailing_image {
        out.push(String::new());
        out.push(img);
    }
    if let Some(beside) = &slide.beside {
        out = beside_columns(out, heading.is_some(), beside);
    }
    trim_blank(&mut out);
    collapse_blanks(out)
}

/// Every top-level item, and nothing else, comes one step after the
/// other: that is lectern's `.incremental`.
fn is_incremental(lines: &[BodyLine], places: &[Place]) -> bool {
    places.iter().any(|p| matches!(p, Place::Top(_)))
        && places
            .iter()
            .zip(lines)
            .all(|(p, l)| matches!(p, Place::Top(_)) == l.pause)
}

/// The first heading's attributes (the slide's kind, `.incremental`, its
/// background), and the background as an image at the slide's end when it
/// cannot go on the heading.
fn heading_classes(
    slide: &Slide,
    heading: bool,
    incremental: bool,
) -> (Vec<String>, Option<String>) {
    let mut classes: Vec<String> = Vec::new();
    if let Some(kind) = slide.kind {
        classes.push(format!(".{kind}"));
    }
    if incremental {
        classes.push(".incremental".into());
    }
    // A background goes on the heading; a slide without one (or a path an
    // attribute cannot hold) shows it as an image at its end, as before.
    let mut trailing_image = None;
    if let Some(bg) = &slide.background {
        if heading && background_path_ok(bg) {
            if bg.contains(char::is_whitespace) {
                classes.push(format!("background=\"{bg}\""));
            } else {
                classes.push(format!("background={bg}"));
            }
        } else {
            trailing_image = Some(format!("![]({bg})"));
        }
    }
    (classes, trailing_image)
}

/// Writes a pause before `line`; an item of a list the pause splits goes
/// on counting.
fn pause_before(out: &mut Vec<String>, line: String, place: &Place) -> String {
    if out.last().is_some_and(|l: &String| !l.trim().is_empty()) {
        out.push(String::new());
    }
    out.push(". . .".into());
    out.push(String::new());
    match place {
        Place::Top(Item {
            first_of_list: false,
            number: Some(n),
        }) => renumber(&line, *n),
        _ => line,
    }
}

/// Runs of blank lines collapsed to one empty line.
fn collapse_blanks(lines: Vec<String>) -> Vec<String> {
    let mut collapsed: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        if line.trim().is_empty() && collapsed.last().is_some_and(|l: &String| l.is_empty()) {
            continue;
        }
        collapsed.push(if line.trim().is_empty() {
            String::new()
        } else {
            line
        });
    }
    collapsed
}

/// The slide's lines under its heading in one column, the picture in the
/// other.
fn beside_columns(lines: Vec<String>, heading: bool, beside: &Beside) -> Vec<String> {
    let mut fences = Fences::default();
    let at = if heading {
        lines
            .iter()
            .position(|l| !fences.code(l) && atx_heading(l).is_some())
            .map_or(0, |h| h + 1)
    } else {
        0
    };
    let (head, rest) = lines.split_at(at);
    let mut out: Vec<String> = head.to_vec();
    let picture = vec![
        fence(Fence::Column(Some(beside.width.unwrap_or(50.0)))),
        beside.image.clone(),
        fence(Fence::EndColumn),
    ];
    let mut content = vec![fence(Fence::Column(None))];
    content.extend(rest.iter().cloned());
    content.push(fence(Fence::EndColumn));
    out.push(String::new());
    out.push(fence(Fence::Columns));
    if beside.first {
        out.extend(picture);
        out.extend(content);
    } else {
        out.extend(content);
        out.extend(picture);
    }
    out.push(fence(Fence::EndColumns));
    out
}

fn trim_edges(lines: &mut Vec<BodyLine>) {
    while lines.last().is_some_and(|l| l.text.trim().is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.text.trim().is_empty()) {
        let l = lines.remove(0);
        if l.pause {
            if let Some(first) = lines.first_mut() {
                first.pause = true;
            }
        }
    }
}

/// `1. item` → `4. item`: a list split by a pause goes on counting.
fn renumber(line: &str, n: u64) -> String {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    format!("{}{n}{}", &line[..indent], &rest[digits..])
}

pub(super) fn trim_blank(lines: &mut Vec<String>) {
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(lines: &[(&str, bool)]) -> Slide {
        let mut s = Slide::at(1);
        s.body = lines
            .iter()
            .map(|(t, p)| BodyLine {
                text: t.to_string(),
                pause: *p,
                line: 1,
            })
            .collect();
        s
    }

    #[test]
    fn a_fragment_list_under_a_heading_becomes_incremental() {
        let s = body(&[
            ("# Title", false),
            ("", false),
            ("- a", true),
            ("- b", true),
        ]);
        assert_eq!(write_body(&s), ["# Title {.incremental}", "", "- a", "- b"]);
    }

    #[test]
    fn some_fragment_items_split_the_list_and_keep_counting() {
        let s = body(&[
            ("# T", false),
            ("1. a", false),
            ("1. b", true),
            ("1. c", false),
        ]);
        assert_eq!(
            write_body(&s),
            ["# T", "1. a", "", ". . .", "", "2. b", "1. c"]
        );
    }

    #[test]
    fn structure_lines_are_escaped() {
        let s = body(&[
            ("Title", false),
            ("---", false),
            ("", false),
            ("---", false),
            ("???", false),
            (". . .", false),
            ("## Use {curly}", false),
            ("```", false),
            ("---", false),
            ("```", false),
        ]);
        assert_eq!(
            write_body(&s),
            [
                "## Title",
                "",
                "***",
                "\\???",
                "\\. . .",
                "## Use &#123;curly}",
                "```",
                "---",
                "```"
            ]
        );
    }
}

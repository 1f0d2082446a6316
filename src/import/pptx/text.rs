//! The text of a shape (`p:txBody`): paragraphs with their level, bullet
//! or number, and runs with bold, italic and links, written as Markdown.

use roxmltree::Node;

use super::package::{by_id, Rel};
use super::xml::{child, children, num, rel_attr};

/// How a paragraph is marked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Marker {
    None,
    Bullet,
    /// Numbered: arabic (`1.`), or letters (`a.`, `A.`) and roman numerals,
    /// which lectern writes as text.
    Number(Numbering, u32),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Numbering {
    Arabic,
    LowerAlpha,
    UpperAlpha,
    LowerRoman,
    UpperRoman,
}

/// One paragraph of a shape.
#[derive(Debug, Clone)]
pub struct Para {
    pub level: u8,
    pub marker: Marker,
    /// As Markdown inline text.
    pub text: String,
    /// The text alone, for comparisons and titles.
    pub plain: String,
    /// The largest run size, in hundredths of a point.
    pub size: Option<i64>,
    pub lang: Option<String>,
    /// Set in a monospaced face throughout (code): the text as typed,
    /// indentation and all.
    pub code: Option<String>,
    /// The marker is the placeholder's default, not the paragraph's own:
    /// the layout's list style may say otherwise.
    pub default_marker: bool,
}

/// The paragraphs of a `p:txBody` (or `a:txBody`); `bulleted`: paragraphs
/// without their own bullet settings are bullets (a body placeholder).
pub fn paragraphs(body: Node, rels: &[Rel], bulleted: bool) -> Vec<Para> {
    children(body, "p")
        .map(|p| paragraph(p, rels, bulleted))
        .collect()
}

fn paragraph(p: Node, rels: &[Rel], bulleted: bool) -> Para {
    let ppr = child(p, "pPr");
    let level = ppr.and_then(|n| num(n, "lvl")).unwrap_or(0).clamp(0, 8) as u8;
    let default_marker = ppr.is_none_or(|n| {
        !["buNone", "buAutoNum", "buChar", "buBlip"]
            .iter()
            .any(|b| child(n, b).is_some())
    });
    let marker = ppr.map_or(
        if bulleted {
            Marker::Bullet
        } else {
            Marker::None
        },
        |n| marker(n, bulleted),
    );
    let mut runs: Vec<Run> = Vec::new();
    let mut size = None;
    let mut lang = None;
    for r in p.children().filter(roxmltree::Node::is_element) {
        match r.tag_name().name() {
            "r" | "fld" => {
                // A slide number or date field is the slide's furniture.
                if r.attribute("type")
                    .is_some_and(|t| t == "slidenum" || t.starts_with("datetime"))
                {
                    continue;
                }
                let rpr = child(r, "rPr");
                let text: String =
                    symbols(child(r, "t").and_then(|t| t.text()).unwrap_or_default());
                if let Some(rpr) = rpr {
                    size = size.max(num(rpr, "sz"));
                    if lang.is_none() && !text.trim().is_empty() {
                        lang = rpr.attribute("lang").map(str::to_string);
                    }
                }
                runs.push(Run {
                    bold: rpr.is_some_and(|n| flag(n, "b")),
                    italic: rpr.is_some_and(|n| flag(n, "i")),
                    link: rpr.and_then(|n| link(n, rels)),
                    mono: rpr
                        .and_then(|n| child(n, "latin"))
                        .and_then(|l| l.attribute("typeface"))
                        .is_some_and(monospaced),
                    text,
                });
            }
            "br" => runs.push(Run::plain("\n")),
            // An Office Math equation (PowerPoint 2010+, in `a14:m`): its
            // text, which is what a reader of the slide reads (`O(mn)`).
            "AlternateContent" | "m" => {
                if let Some(math) = r
                    .descendants()
                    .find(|n| n.is_element() && n.tag_name().name() == "oMath")
                {
                    let text: String = math
                        .descendants()
                        .filter(|n| n.is_element() && n.tag_name().name() == "t")
                        .filter_map(|t| t.text())
                        .collect();
                    runs.push(Run::plain(&text));
                }
            }
            _ => {}
        }
    }
    let plain: String = runs.iter().map(|r| r.text.as_str()).collect();
    let worded: Vec<&Run> = runs.iter().filter(|r| !r.text.trim().is_empty()).collect();
    let code = (!worded.is_empty() && worded.iter().all(|r| r.mono))
        .then(|| plain.replace('\t', "    ").trim_end().to_string());
    let marker = if plain.trim().is_empty() {
        Marker::None
    } else {
        marker
    };
    Para {
        level,
        marker,
        text: inline(&runs),
        plain: plain.split_whitespace().collect::<Vec<_>>().join(" "),
        size,
        lang,
        code,
        default_marker,
    }
}

/// Symbol-font characters (Wingdings, Symbol) sit in Unicode's private
/// use area, where no other font has them: the common ones as the
/// characters they draw, the rest left out (they would show as boxes).
fn symbols(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c as u32 {
            0xF000..=0xF0FF => match c as u32 {
                0xF0E0 | 0xF0E8 | 0xF0D8 | 0xF0F0 => Some('→'),
                0xF0DF | 0xF0E7 => Some('←'),
                0xF0FC | 0xF0FE => Some('✓'),
                0xF0FB | 0xF0FD => Some('✗'),
                0xF0A7 | 0xF06E => Some('▪'),
                0xF0B7 | 0xF09F => Some('•'),
                0xF0A8 => Some('○'),
                0xF0A0 => Some(' '),
                0xF02D => Some('−'),
                _ => None,
            },
            0xE000..=0xF8FF => None,
            _ => Some(c),
        })
        .collect()
}

/// A typeface for code: text set in it is code, its spaces meaningful.
fn monospaced(face: &str) -> bool {
    let face = face.to_ascii_lowercase();
    [
        "mono",
        "courier",
        "consolas",
        "menlo",
        "monaco",
        "lucida console",
        "source code",
        "fira code",
        "inconsolata",
        "cascadia",
        "andale",
        "jetbrains",
        "hack",
    ]
    .iter()
    .any(|m| face.contains(m))
}

/// A paragraph's bullet from its `a:pPr`.
fn marker(ppr: Node, bulleted: bool) -> Marker {
    if child(ppr, "buNone").is_some() {
        return Marker::None;
    }
    if let Some(auto) = child(ppr, "buAutoNum") {
        let t = auto.attribute("type").unwrap_or("arabicPeriod");
        let kind = if t.starts_with("alphaLc") {
            Numbering::LowerAlpha
        } else if t.starts_with("alphaUc") {
            Numbering::UpperAlpha
        } else if t.starts_with("romanLc") {
            Numbering::LowerRoman
        } else if t.starts_with("romanUc") {
            Numbering::UpperRoman
        } else {
            Numbering::Arabic
        };
        let start = num(auto, "startAt").unwrap_or(1).clamp(1, 9999) as u32;
        return Marker::Number(kind, start);
    }
    if child(ppr, "buChar").is_some() || child(ppr, "buBlip").is_some() {
        return Marker::Bullet;
    }
    if bulleted {
        Marker::Bullet
    } else {
        Marker::None
    }
}

fn flag(n: Node, name: &str) -> bool {
    matches!(n.attribute(name), Some("1" | "true"))
}

/// A run's link: its external address (an internal jump is dropped).
fn link(rpr: Node, rels: &[Rel]) -> Option<String> {
    let id = rel_attr(child(rpr, "hlinkClick")?, "id")?;
    let rel = by_id(rels, id)?;
    let t = rel.target.trim();
    let ok = rel.external
        && !t.is_empty()
        && !t.contains(char::is_whitespace)
        && !t.to_ascii_lowercase().starts_with("javascript:");
    ok.then(|| t.replace('(', "%28").replace(')', "%29"))
}

struct Run {
    bold: bool,
    italic: bool,
    link: Option<String>,
    /// In a monospaced face: inline code.
    mono: bool,
    text: String,
}

impl Run {
    fn plain(text: &str) -> Run {
        Run {
            bold: false,
            italic: false,
            link: None,
            mono: false,
            text: text.to_string(),
        }
    }
}

/// Runs as Markdown: neighbours with the same marks joined, marks kept
/// off the spaces at their edges, a line break as a hard break.
fn inline(runs: &[Run]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < runs.len() {
        let r = &runs[i];
        let mut text = r.text.clone();
        let mut j = i + 1;
        while j < runs.len()
            && runs[j].bold == r.bold
            && runs[j].italic == r.italic
            && runs[j].link == r.link
            && runs[j].mono == r.mono
            && runs[j].text != "\n"
            && r.text != "\n"
        {
            text.push_str(&runs[j].text);
            j += 1;
        }
        if r.text == "\n" {
            out.push_str("\\\n");
        } else {
            out.push_str(&marked(&text, r));
        }
        i = j;
    }
    // A break at the very end, or doubled, says nothing.
    let out = out.trim_end_matches(['\\', '\n', ' ']).to_string();
    out.replace("\\\n\\\n", "\\\n")
}

fn marked(text: &str, r: &Run) -> String {
    let core = text.trim();
    if core.is_empty() {
        return if text.is_empty() {
            String::new()
        } else {
            " ".into()
        };
    }
    let lead = if text.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let tail = if text.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let mut s = if r.mono {
        // Code as typed; a backtick inside takes a longer fence.
        let fence = if core.contains('`') { "`` " } else { "`" };
        format!("{fence}{core}{}", fence.chars().rev().collect::<String>())
    } else {
        escape(&core.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    if r.italic && !r.mono {
        s = format!("*{s}*");
    }
    if r.bold && !r.mono {
        s = format!("**{s}**");
    }
    if let Some(url) = &r.link {
        // A link whose text is its address: the address alone, as an
        // author writes it (lectern links it).
        s = if core == url.as_str() && !r.bold && !r.italic {
            url.clone()
        } else {
            format!("[{s}]({url})")
        };
    }
    format!("{lead}{s}{tail}")
}

/// Text escaped so lectern reads it as text, wherever it stands in a line.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '$' | '{' | '}' | '~' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A line's start escaped when lectern would read it as a block marker
/// (`#`, `-`, `1.`, `=`, `!`, `???`…).
pub fn escape_start(line: &str) -> String {
    let t = line.trim_start();
    let first = t.chars().next();
    let numbered = {
        let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
        !digits.is_empty() && t[digits.len()..].starts_with(['.', ')'])
    };
    if numbered {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        return format!("{}\\{}", &t[..digits], &t[digits..]);
    }
    match first {
        Some('#' | '-' | '+' | '=' | '!' | '?' | ':' | '.') => format!("\\{t}"),
        _ => t.to_string(),
    }
}

/// Paragraphs as Markdown lines: lists indented by level, numbered items
/// counted, a blank line between blocks.
pub fn markdown(paras: &[Para]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut counters = [0u32; 9];
    let mut in_list = false;
    // The levels of the list items this one may nest in: an item is
    // indented by its open parents, not by its level, so a level-2 item
    // with no parent (or after a skipped level) is not read as code.
    let mut open: Vec<u8> = Vec::new();
    let mut code: Vec<String> = Vec::new();
    // Whether the next paragraph with words after each one is code: one
    // pass from the end, so many blank paragraphs cost no more than one.
    let mut code_next = vec![false; paras.len()];
    let mut next = false;
    for (k, p) in paras.iter().enumerate().rev() {
        code_next[k] = next;
        if !p.text.trim().is_empty() {
            next = p.code.is_some();
        }
    }
    for (k, p) in paras.iter().enumerate() {
        // Code: consecutive monospaced paragraphs (blank ones between
        // them too) are one fenced block, as typed.
        let more_code = code_next[k];
        if let Some(c) = &p.code {
            code.extend(c.split('\n').map(str::to_string));
            if !more_code {
                close_code(&mut out, &mut code);
                in_list = false;
                open.clear();
            }
            continue;
        }
        if !code.is_empty() {
            if p.text.trim().is_empty() && more_code {
                code.push(String::new());
                continue;
            }
            close_code(&mut out, &mut code);
            in_list = false;
            open.clear();
        }
        if p.text.trim().is_empty() {
            continue;
        }
        if !matches!(p.marker, Marker::None) {
            while open.last().is_some_and(|l| *l >= p.level) {
                open.pop();
            }
        }
        // Four spaces a parent: deeper than any parent's marker (`1. `).
        let indent = "    ".repeat(open.len());
        let line = match p.marker {
            Marker::None => {
                if !out.is_empty() {
                    out.push(String::new());
                }
                in_list = false;
                open.clear();
                out.push(escape_start(&p.text));
                continue;
            }
            Marker::Bullet => format!("{indent}- {}", p.text),
            Marker::Number(kind, start) => {
                let l = usize::from(p.level);
                counters[l] = if counters[l] == 0 {
                    start
                } else {
                    counters[l] + 1
                };
                counters[l + 1..].iter_mut().for_each(|c| *c = 0);
                let n = counters[l];
                match kind {
                    Numbering::Arabic => format!("{indent}{n}. {}", p.text),
                    _ => format!("{indent}- {} {}", number_label(kind, n), p.text),
                }
            }
        };
        if !in_list && !out.is_empty() {
            out.push(String::new());
        }
        in_list = true;
        open.push(p.level);
        out.push(line);
    }
    close_code(&mut out, &mut code);
    out
}

/// The code lines gathered so far as a fenced block.
fn close_code(out: &mut Vec<String>, code: &mut Vec<String>) {
    while code.last().is_some_and(|l| l.trim().is_empty()) {
        code.pop();
    }
    if code.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push(String::new());
    }
    let longest = code
        .iter()
        .map(|l| l.chars().take_while(|c| *c == '`').count())
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(3.max(longest + 1));
    out.push(fence.clone());
    out.append(code);
    out.push(fence);
}

/// `a.`, `B.`, `iv.` for letters and roman numerals.
fn number_label(kind: Numbering, n: u32) -> String {
    let letters = |upper: bool| {
        let mut s = String::new();
        let mut k = n;
        while k > 0 {
            let c = b'a' + ((k - 1) % 26) as u8;
            s.insert(0, if upper { c.to_ascii_uppercase() } else { c } as char);
            k = (k - 1) / 26;
        }
        s
    };
    let roman = |upper: bool| {
        let table = [
            (1000, "m"),
            (900, "cm"),
            (500, "d"),
            (400, "cd"),
            (100, "c"),
            (90, "xc"),
            (50, "l"),
            (40, "xl"),
            (10, "x"),
            (9, "ix"),
            (5, "v"),
            (4, "iv"),
            (1, "i"),
        ];
        let mut s = String::new();
        let mut k = n;
        for (v, r) in table {
            while k >= v {
                s.push_str(r);
                k -= v;
            }
        }
        if upper {
            s.to_ascii_uppercase()
        } else {
            s
        }
    };
    let label = match kind {
        Numbering::LowerAlpha => letters(false),
        Numbering::UpperAlpha => letters(true),
        Numbering::LowerRoman => roman(false),
        Numbering::UpperRoman => roman(true),
        Numbering::Arabic => n.to_string(),
    };
    format!("{label}.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::pptx::xml::parse;

    const NS: &str = "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"";

    fn md(body: &str, bulleted: bool) -> Vec<String> {
        let xml = format!("<a:txBody {NS}>{body}</a:txBody>");
        let doc = parse(&xml, "t.xml").unwrap();
        markdown(&paragraphs(doc.root_element(), &[], bulleted))
    }

    #[test]
    fn levels_numbers_and_marks() {
        let out = md(
            "<a:p><a:r><a:rPr b=\"1\"/><a:t>Bold </a:t></a:r><a:r><a:t>and *plain*</a:t></a:r></a:p>\
             <a:p><a:pPr lvl=\"1\"/><a:r><a:rPr i=\"1\"/><a:t>deeper</a:t></a:r></a:p>\
             <a:p><a:pPr><a:buAutoNum type=\"alphaLcPeriod\"/></a:pPr><a:r><a:t>first</a:t></a:r></a:p>\
             <a:p><a:pPr><a:buAutoNum type=\"alphaLcPeriod\"/></a:pPr><a:r><a:t>second</a:t></a:r></a:p>\
             <a:p><a:pPr><a:buNone/></a:pPr><a:r><a:t>1. not a list</a:t></a:r></a:p>",
            true,
        );
        assert_eq!(
            out,
            [
                "- **Bold** and \\*plain\\*",
                "    - *deeper*",
                "- a. first",
                "- b. second",
                "",
                "1\\. not a list"
            ]
        );
    }

    #[test]
    fn an_item_without_its_parent_is_not_read_as_code() {
        let out = md(
            "<a:p><a:pPr><a:buNone/></a:pPr><a:r><a:t>Intro</a:t></a:r></a:p>\
             <a:p><a:pPr lvl=\"1\"/><a:r><a:t>orphan</a:t></a:r></a:p>\
             <a:p><a:pPr lvl=\"4\"/><a:r><a:t>skipped levels</a:t></a:r></a:p>\
             <a:p><a:pPr lvl=\"2\"/><a:r><a:t>back up</a:t></a:r></a:p>",
            true,
        );
        assert_eq!(
            out,
            [
                "Intro",
                "",
                "- orphan",
                "    - skipped levels",
                "    - back up"
            ]
        );
    }

    #[test]
    fn text_in_a_code_face_is_code_as_typed() {
        let mono = "<a:rPr><a:latin typeface=\"Consolas\"/></a:rPr>";
        let out = md(
            &format!(
                "<a:p><a:pPr><a:buNone/></a:pPr><a:r><a:t>Run </a:t></a:r><a:r>{mono}<a:t>make *all*</a:t></a:r></a:p>\
                 <a:p><a:pPr><a:buNone/></a:pPr><a:r>{mono}<a:t>for i in x: {{</a:t></a:r></a:p>\
                 <a:p><a:pPr><a:buNone/></a:pPr></a:p>\
                 <a:p><a:pPr><a:buNone/></a:pPr><a:r>{mono}<a:t>\tprint(i)</a:t></a:r></a:p>\
                 <a:p><a:pPr><a:buNone/></a:pPr><a:r><a:t>Done.</a:t></a:r></a:p>"
            ),
            true,
        );
        assert_eq!(
            out,
            [
                "Run `make *all*`",
                "",
                "```",
                "for i in x: {",
                "",
                "    print(i)",
                "```",
                "",
                "Done."
            ]
        );
    }

    #[test]
    fn an_equation_keeps_its_text() {
        let out = md(
            "<a:p><a:r><a:t>Complexity: </a:t></a:r>\
             <mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">\
             <mc:Choice Requires=\"a14\"><a14:m xmlns:a14=\"http://schemas.microsoft.com/office/drawing/2010/main\">\
             <m:oMath xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\"><m:r><m:t>𝑂</m:t></m:r><m:r><m:t>(𝑚𝑛)</m:t></m:r></m:oMath>\
             </a14:m></mc:Choice><mc:Fallback><a:r><a:t> </a:t></a:r></mc:Fallback></mc:AlternateContent></a:p>",
            false,
        );
        assert_eq!(out, ["Complexity: 𝑂(𝑚𝑛)"]);
    }

    #[test]
    fn symbol_font_characters_are_the_characters_they_draw() {
        let out = md(
            "<a:p><a:r><a:t>Push Model \u{f0e0} aanpassing \u{f0fc}\u{f123}</a:t></a:r></a:p>",
            false,
        );
        assert_eq!(out, ["Push Model → aanpassing ✓"]);
    }

    #[test]
    fn right_to_left_text_is_kept_as_it_is() {
        let out = md(
            "<a:p><a:pPr rtl=\"1\"/><a:r><a:t>שלום עולם</a:t></a:r></a:p>",
            false,
        );
        assert_eq!(out, ["שלום עולם"]);
    }
}

//! Raw HTML in a slide, turned into what lectern shows: the text stays in
//! reading order, `<img>` becomes an image, `<a>` a link, `<b>`/`<em>`/
//! `<code>` their Markdown marks, `<iframe>`/`<video>` a link; layout
//! wrappers (`<div class=…>`, `<span style=…>`, components) are dropped
//! from the slide and kept, line by line, as trainer notes. `<style>` and
//! `<script>` blocks go to the notes whole. HTML comments are left alone.

use super::markup::image_width;
use super::model::{BodyLine, Kept};
use super::report::{brief, Report};
use super::text::{atx_heading, list_marker, Fences};

pub use super::tags::{attr, attrs, tag_at};

/// Tags whose text belongs to a block of its own: a space keeps words apart.
const BLOCK: [&str; 24] = [
    "div",
    "p",
    "li",
    "ul",
    "ol",
    "td",
    "th",
    "tr",
    "table",
    "thead",
    "tbody",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "figure",
    "figcaption",
    "center",
    "details",
    "summary",
    "nav",
    "blockquote",
];

/// Tags that say nothing about layout: dropped without a word when bare.
const QUIET: [&str; 10] = [
    "p", "u", "mark", "ins", "abbr", "cite", "q", "details", "summary", "wbr",
];

/// Whether a line opens a tag it does not close (`<img` + newline).
fn unclosed_tag(s: &str) -> bool {
    let mut rest = s;
    while let Some(at) = rest.find('<') {
        let after = &rest[at + 1..];
        let starts_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/');
        if starts_tag && !after.starts_with("!--") {
            match after.find(['>', '<']) {
                None => return true,
                Some(i) if after.as_bytes()[i] == b'<' => {}
                Some(_) => {}
            }
        }
        rest = after;
    }
    false
}

/// Converts the raw HTML of a slide's lines.
pub fn convert(lines: Vec<BodyLine>, report: &mut Report, kept: &mut Vec<Kept>) -> Vec<BodyLine> {
    let mut out: Vec<BodyLine> = Vec::with_capacity(lines.len());
    let mut fences = Fences::default();
    let mut depth = 0usize;
    let mut i = 0;
    // A pause on a line that turned out empty moves to the next text.
    let mut carry = false;
    while i < lines.len() {
        let l = &lines[i];
        if fences.code(&l.text) {
            let mut l = l.clone();
            l.pause |= carry;
            carry = false;
            out.push(l);
            i += 1;
            continue;
        }
        let t = l.text.trim_start();
        // A comment spanning lines stays as it is (invisible in lectern too).
        if t.starts_with("<!--") && !t.contains("-->") {
            while i < lines.len() {
                out.push(lines[i].clone());
                let done = lines[i].text.contains("-->");
                i += 1;
                if done {
                    break;
                }
            }
            continue;
        }
        // `<style>` and `<script>` blocks: out of the slide, whole.
        if let Some((false, name, _, _, _)) = tag_at(t) {
            let name = name.to_ascii_lowercase();
            if name == "style" || name == "script" {
                let close = format!("</{name}>");
                let mut block = vec![l.text.clone()];
                let mut j = i;
                while !lines[j].text.to_ascii_lowercase().contains(&close) && j + 1 < lines.len() {
                    j += 1;
                    block.push(lines[j].text.clone());
                }
                report.keep(
                    kept,
                    l.line,
                    &block.join("\n"),
                    &format!("a `<{name}>` block"),
                );
                carry |= l.pause;
                out.push(BodyLine {
                    text: String::new(),
                    pause: false,
                    line: l.line,
                });
                i = j + 1;
                continue;
            }
        }
        // A tag broken over lines is read as one line.
        let mut text = l.text.clone();
        let mut original = l.text.clone();
        let mut j = i;
        while unclosed_tag(&text) && j + 1 < lines.len() && j - i < 8 {
            j += 1;
            text.push(' ');
            text.push_str(lines[j].text.trim());
            original.push('\n');
            original.push_str(&lines[j].text);
        }
        let next_blank = lines.get(j + 1).is_none_or(|n| n.text.trim().is_empty());
        let heading = atx_heading(&text).is_some();
        let (converted, notable, delta) = convert_line(&text, heading, next_blank);
        if !notable.is_empty() {
            report.keep(
                kept,
                l.line,
                &original,
                &format!("markup {}", brief(&notable[0])),
            );
        }
        let inside = depth > 0;
        depth = (depth as isize + delta).max(0) as usize;
        let starts_with_tag = t.starts_with('<') && !t.starts_with("<!--");
        let prev_is_list = out
            .iter()
            .rev()
            .find(|o| !o.text.trim().is_empty())
            .is_some_and(|o| list_marker(&o.text).is_some() || o.text.starts_with("  "));
        carry |= l.pause;
        for (k, part) in converted.split('\n').enumerate() {
            let mut part = part.trim_end().to_string();
            let indent = part.len() - part.trim_start().len();
            if (starts_with_tag && k == 0) || k > 0 || (inside && indent >= 4 && !prev_is_list) {
                part = part.trim_start().to_string();
            }
            if part.trim() == "&nbsp;" {
                part.clear();
            }
            let pause = carry && !part.trim().is_empty();
            if pause {
                carry = false;
            }
            out.push(BodyLine {
                text: part,
                pause,
                line: l.line,
            });
        }
        i = j + 1;
    }
    out
}

/// One line's HTML as Markdown: the text, the tags worth a note, and how
/// many block tags it leaves open (negative: closes).
fn convert_line(line: &str, heading: bool, next_blank: bool) -> (String, Vec<String>, isize) {
    let mut out = String::with_capacity(line.len());
    let mut notable: Vec<String> = Vec::new();
    let mut delta = 0isize;
    let mut links: Vec<String> = Vec::new();
    // Whether a tag was replaced (then doubled spaces are its leftovers).
    let mut changed = false;
    let bytes = line.as_bytes();
    let mut i = 0;
    let trimmed = line.trim();
    while i < line.len() {
        let rest = &line[i..];
        if rest.starts_with('`') {
            let run = rest.bytes().take_while(|b| *b == b'`').count();
            let fence = &rest[..run];
            let end = rest[run..].find(fence).map_or(run, |e| run + e + run);
            out.push_str(&rest[..end]);
            i += end;
            continue;
        }
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
            out.push_str(&rest[..end]);
            i += end;
            continue;
        }
        if rest.starts_with('\\') && rest.len() > 1 {
            let n = rest[1..].chars().next().map_or(1, |c| c.len_utf8() + 1);
            out.push_str(&rest[..n]);
            i += n;
            continue;
        }
        if bytes[i] == b'<' {
            if let Some((closing, name, attributes, self_closing, len)) = tag_at(rest) {
                let whole = &rest[..len];
                let lower = name.to_ascii_lowercase();
                let has_attrs = !attributes.trim().is_empty();
                let component = name.chars().any(|c| c.is_ascii_uppercase()) || name.contains('-');
                let mut note = has_attrs || component;
                match lower.as_str() {
                    "br" => {
                        let at_end = line[i + len..].trim().is_empty();
                        if heading {
                            out.push(' ');
                        } else if at_end {
                            if !next_blank && !out.trim().is_empty() {
                                out.push('\\');
                            }
                        } else if !out.trim().is_empty() {
                            out.push('\n');
                        }
                        note = false;
                    }
                    "img" if !closing => {
                        let src = attr(&attributes, "src").unwrap_or_default();
                        let alt = attr(&attributes, "alt").unwrap_or_default();
                        let dest = if src.contains([' ', '(', ')']) {
                            format!("<{src}>")
                        } else {
                            src.clone()
                        };
                        out.push_str(&format!("![{}]({dest})", alt.replace(['[', ']'], "")));
                        // `width="300"` or `width="50%"`: lectern's `{width=…}`.
                        let width = attr(&attributes, "width").and_then(|w| {
                            let w = w.trim();
                            let w = if w.bytes().all(|b| b.is_ascii_digit()) {
                                format!("{w}px")
                            } else {
                                w.to_string()
                            };
                            image_width(&format!("width={w}"))
                        });
                        if let Some(w) = &width {
                            out.push_str(&format!("{{width={w}}}"));
                        }
                        note = attrs(&attributes).iter().any(|(k, _)| {
                            let k = k.to_ascii_lowercase();
                            !(matches!(k.as_str(), "src" | "alt")
                                || (k == "width" && width.is_some()))
                        });
                    }
                    "a" => {
                        if closing {
                            if let Some(href) = links.pop() {
                                if href.is_empty() {
                                    // no target: text only
                                } else {
                                    out.push_str(&format!("]({href})"));
                                }
                            }
                        } else {
                            let href = attr(&attributes, "href").unwrap_or_default();
                            if !href.is_empty() {
                                out.push('[');
                            }
                            note = attrs(&attributes).iter().any(|(k, _)| {
                                !matches!(
                                    k.to_ascii_lowercase().as_str(),
                                    "href" | "target" | "rel" | "title"
                                )
                            });
                            links.push(href);
                        }
                    }
                    "b" | "strong" => {
                        out.push_str("**");
                    }
                    "i" | "em" => out.push('*'),
                    "code" | "kbd" | "tt" | "samp" => out.push('`'),
                    "s" | "del" | "strike" => out.push_str("~~"),
                    "sup" => {
                        if !closing {
                            out.push('^');
                        }
                    }
                    "sub" => {}
                    "hr" => {
                        if trimmed == whole {
                            out.push_str("***");
                        }
                    }
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        let whole_line = !closing
                            && trimmed.starts_with(whole)
                            && trimmed
                                .to_ascii_lowercase()
                                .ends_with(&format!("</{lower}>"))
                            && out.trim().is_empty()
                            && list_marker(line).is_none();
                        if whole_line {
                            let level: usize = lower[1..].parse().unwrap_or(2);
                            out.push_str(&"#".repeat(level));
                            out.push(' ');
                        } else if closing && !out.ends_with(' ') {
                            out.push(' ');
                        }
                    }
                    "iframe" | "video" | "audio" | "source" | "embed" => {
                        if let Some(src) = attr(&attributes, "src") {
                            if !out.is_empty() && !out.ends_with(' ') {
                                out.push(' ');
                            }
                            out.push_str(&src);
                            out.push(' ');
                        }
                        note = !closing;
                    }
                    "style" | "script" if !closing => {
                        // An inline block: drop up to its end tag.
                        let close = format!("</{lower}>");
                        let end = rest
                            .to_ascii_lowercase()
                            .find(&close)
                            .map_or(rest.len(), |e| e + close.len());
                        notable.push(rest[..end].to_string());
                        i += end;
                        continue;
                    }
                    _ => {
                        if BLOCK.contains(&lower.as_str()) {
                            if !out.is_empty() && !out.ends_with(' ') {
                                out.push(' ');
                            }
                            if !self_closing {
                                delta += if closing { -1 } else { 1 };
                            }
                        }
                        if !QUIET.contains(&lower.as_str()) {
                            note = true;
                        }
                        if closing {
                            note = false;
                        }
                    }
                }
                if note {
                    notable.push(whole.to_string());
                }
                changed = true;
                i += len;
                continue;
            }
        }
        let c = rest.chars().next().expect("not at the end");
        out.push(c);
        i += c.len_utf8();
    }
    if !changed {
        return (out, notable, delta);
    }
    // Tag removal leaves doubled spaces inside the text, not in the indent.
    let indent = out.len() - out.trim_start().len();
    let mut body = String::with_capacity(out.len());
    let mut last_space = false;
    for c in out[indent..].chars() {
        if c == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        body.push(c);
    }
    let mut text = format!("{}{}", &out[..indent], body);
    // `**` `*` next to the text they mark must touch it: `** a **` is no emphasis.
    for mark in ["**", "*", "`", "~~"] {
        text = text.replace(&format!("{mark} {mark}"), " ");
    }
    (text, notable, delta)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::tool::Tool;

    fn run(lines: &[&str]) -> (Vec<String>, Vec<Kept>, usize) {
        let src = lines.join("\n");
        let mut report = Report::new("t.md", &src, Tool::Slidev);
        let mut kept = Vec::new();
        let body = lines
            .iter()
            .enumerate()
            .map(|(i, t)| BodyLine {
                text: t.to_string(),
                pause: false,
                line: i + 1,
            })
            .collect();
        let out = convert(body, &mut report, &mut kept);
        (
            out.into_iter().map(|l| l.text).collect(),
            kept,
            report.diags.len(),
        )
    }

    #[test]
    fn layout_wrappers_go_and_their_text_stays() {
        let (out, kept, warnings) = run(&[
            "<div class=\"grid grid-cols-2\">",
            "",
            "- item",
            "",
            "</div>",
            "<div class=\"stat\"><div class=\"n\">3,117</div><div class=\"l\">Day nodes</div></div>",
        ]);
        assert_eq!(out, ["", "", "- item", "", "", "3,117 Day nodes"]);
        assert_eq!(kept.len(), 2);
        assert_eq!(warnings, 2);
    }

    #[test]
    fn images_links_and_emphasis_become_markdown() {
        let (out, kept, _) = run(&[
            "<img src=\"img/a b.png\" alt=\"A\" width=\"500\"/>",
            "See <a href=\"https://x.org\">x</a> and <strong>this</strong>, `<b>not</b>`",
            "line<br/>",
            "next",
        ]);
        // The width is lectern's own.
        assert_eq!(out[0], "![A](<img/a b.png>){width=500px}");
        assert_eq!(out[1], "See [x](https://x.org) and **this**, `<b>not</b>`");
        assert_eq!(out[2], "line\\");
        assert!(kept.is_empty(), "{kept:?}");
    }

    #[test]
    fn style_blocks_leave_the_slide_whole() {
        let (out, kept, _) = run(&["text", "<style>", ".a { color: red }", "</style>", "after"]);
        assert_eq!(out, ["text", "", "after"]);
        assert!(kept[0].text.contains("color: red"));
    }

    #[test]
    fn text_inside_html_blocks_is_not_code() {
        let (out, _, _) = run(&["<div class=\"pt-12\">", "    Jfokus 2026", "</div>"]);
        assert_eq!(out, ["", "Jfokus 2026", ""]);
    }
}

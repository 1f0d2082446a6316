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
    let mut c = Converter {
        lines: &lines,
        out: Vec::with_capacity(lines.len()),
        depth: 0,
        carry: false,
    };
    let mut fences = Fences::default();
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        let t = l.text.trim_start();
        i = if fences.code(&l.text) {
            c.code_line(i)
        } else if t.starts_with("<!--") && !t.contains("-->") {
            // A comment spanning lines stays as it is (invisible in lectern too).
            c.open_comment(i)
        } else if let Some(name) = raw_block(t) {
            c.raw_block(i, &name, report, kept)
        } else {
            c.html_line(i, report, kept)
        };
    }
    c.out
}

/// `style` or `script` when a line opens such a block.
fn raw_block(t: &str) -> Option<String> {
    let (closing, name, _, _, _) = tag_at(t)?;
    let name = name.to_ascii_lowercase();
    (!closing && (name == "style" || name == "script")).then_some(name)
}

/// The conversion of a slide's lines, line by line: each method takes the
/// line at `i` (and any it spans) and returns the index after them.
struct Converter<'l> {
    lines: &'l [BodyLine],
    out: Vec<BodyLine>,
    /// How many block tags are open.
    depth: usize,
    /// A pause on a line that turned out empty moves to the next text.
    carry: bool,
}

impl Converter<'_> {
    fn code_line(&mut self, i: usize) -> usize {
        let mut l = self.lines[i].clone();
        l.pause |= self.carry;
        self.carry = false;
        self.out.push(l);
        i + 1
    }

    fn open_comment(&mut self, mut i: usize) -> usize {
        while i < self.lines.len() {
            self.out.push(self.lines[i].clone());
            let done = self.lines[i].text.contains("-->");
            i += 1;
            if done {
                break;
            }
        }
        i
    }

    /// `<style>` and `<script>` blocks: out of the slide, whole.
    fn raw_block(
        &mut self,
        i: usize,
        name: &str,
        report: &mut Report,
        kept: &mut Vec<Kept>,
    ) -> usize {
        let lines = self.lines;
        let l = &lines[i];
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
        self.carry |= l.pause;
        self.out.push(BodyLine {
            text: String::new(),
            pause: false,
            line: l.line,
        });
        j + 1
    }

    /// A line of text and inline HTML (with the lines a tag broken over
    /// lines runs into).
    fn html_line(&mut self, i: usize, report: &mut Report, kept: &mut Vec<Kept>) -> usize {
        let lines = self.lines;
        let l = &lines[i];
        let (text, original, j) = self.joined(i);
        let next_blank = lines.get(j + 1).is_none_or(|n| n.text.trim().is_empty());
        let heading = atx_heading(&text).is_some();
        let (converted, notable, delta) = convert_line(&text, heading, next_blank);
        if let Some(first) = notable.first() {
            report.keep(kept, l.line, &original, &format!("markup {}", brief(first)));
        }
        let inside = self.depth > 0;
        self.depth = (self.depth as isize + delta).max(0) as usize;
        self.push_parts(l, &converted, inside);
        j + 1
    }

    /// A tag broken over lines is read as one line: that line, the text as
    /// written, and the index of its last line.
    fn joined(&self, i: usize) -> (String, String, usize) {
        let lines = self.lines;
        let mut text = lines[i].text.clone();
        let mut original = lines[i].text.clone();
        let mut j = i;
        while unclosed_tag(&text) && j + 1 < lines.len() && j - i < 8 {
            j += 1;
            text.push(' ');
            text.push_str(lines[j].text.trim());
            original.push('\n');
            original.push_str(&lines[j].text);
        }
        (text, original, j)
    }

    /// The converted text of line `l`, one body line per line break.
    fn push_parts(&mut self, l: &BodyLine, converted: &str, inside: bool) {
        let t = l.text.trim_start();
        let starts_with_tag = t.starts_with('<') && !t.starts_with("<!--");
        let prev_is_list = self
            .out
            .iter()
            .rev()
            .find(|o| !o.text.trim().is_empty())
            .is_some_and(|o| list_marker(&o.text).is_some() || o.text.starts_with("  "));
        self.carry |= l.pause;
        for (k, part) in converted.split('\n').enumerate() {
            let mut part = part.trim_end().to_string();
            let indent = part.len() - part.trim_start().len();
            if (starts_with_tag && k == 0) || k > 0 || (inside && indent >= 4 && !prev_is_list) {
                part = part.trim_start().to_string();
            }
            if part.trim() == "&nbsp;" {
                part.clear();
            }
            let pause = self.carry && !part.trim().is_empty();
            if pause {
                self.carry = false;
            }
            self.out.push(BodyLine {
                text: part,
                pause,
                line: l.line,
            });
        }
    }
}

/// One line's HTML as Markdown: the text, the tags worth a note, and how
/// many block tags it leaves open (negative: closes).
fn convert_line(line: &str, heading: bool, next_blank: bool) -> (String, Vec<String>, isize) {
    let mut c = LineHtml {
        line,
        trimmed: line.trim(),
        heading,
        next_blank,
        out: String::with_capacity(line.len()),
        notable: Vec::new(),
        delta: 0,
        links: Vec::new(),
        changed: false,
    };
    let mut i = 0;
    while i < line.len() {
        i += c.step(&line[i..]);
    }
    if !c.changed {
        return (c.out, c.notable, c.delta);
    }
    (tidy(&c.out), c.notable, c.delta)
}

/// One line's conversion under way.
struct LineHtml<'a> {
    line: &'a str,
    trimmed: &'a str,
    /// The line is a heading: a `<br>` is a space.
    heading: bool,
    /// No text follows on the next line: a `<br>` at the end is nothing.
    next_blank: bool,
    out: String,
    /// Tags worth a note.
    notable: Vec<String>,
    /// Block tags opened (closed: negative).
    delta: isize,
    /// The targets of open `<a>` tags.
    links: Vec<String>,
    /// Whether a tag was replaced (then doubled spaces are its leftovers).
    changed: bool,
}

impl LineHtml<'_> {
    /// Converts what `rest` starts with; returns the bytes it took.
    fn step(&mut self, rest: &str) -> usize {
        if rest.starts_with('`') {
            let run = rest.bytes().take_while(|b| *b == b'`').count();
            let fence = &rest[..run];
            let end = rest[run..].find(fence).map_or(run, |e| run + e + run);
            self.out.push_str(&rest[..end]);
            return end;
        }
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
            self.out.push_str(&rest[..end]);
            return end;
        }
        if rest.starts_with('\\') && rest.len() > 1 {
            let n = rest[1..].chars().next().map_or(1, |c| c.len_utf8() + 1);
            self.out.push_str(&rest[..n]);
            return n;
        }
        if rest.starts_with('<') {
            if let Some(tag) = tag_at(rest) {
                return self.tag(rest, tag);
            }
        }
        let c = rest.chars().next().expect("not at the end");
        self.out.push(c);
        c.len_utf8()
    }

    /// A tag at the start of `rest`, as `tag_at` read it.
    fn tag(&mut self, rest: &str, tag: (bool, String, String, bool, usize)) -> usize {
        let (closing, name, attributes, self_closing, len) = tag;
        let whole = &rest[..len];
        let lower = name.to_ascii_lowercase();
        let has_attrs = !attributes.trim().is_empty();
        let component = name.chars().any(|c| c.is_ascii_uppercase()) || name.contains(['-', ':']);
        let mut note = has_attrs || component;
        match lower.as_str() {
            "br" => {
                self.line_break(&rest[len..]);
                note = false;
            }
            "img" if !closing => note = self.image(&attributes),
            "a" if closing => self.close_link(),
            "a" => note = self.open_link(&attributes),
            "b" | "strong" => self.out.push_str("**"),
            "i" | "em" => self.out.push('*'),
            "code" | "kbd" | "tt" | "samp" => self.out.push('`'),
            "s" | "del" | "strike" => self.out.push_str("~~"),
            "sup" => {
                if !closing {
                    self.out.push('^');
                }
            }
            "sub" => {}
            "hr" => {
                if self.trimmed == whole {
                    self.out.push_str("***");
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.heading_tag(closing, whole, &lower),
            "iframe" | "video" | "audio" | "source" | "embed" => {
                self.media(&attributes);
                note = !closing;
            }
            "style" | "script" if !closing => {
                // An inline block: drop up to its end tag.
                let close = format!("</{lower}>");
                let end = rest
                    .to_ascii_lowercase()
                    .find(&close)
                    .map_or(rest.len(), |e| e + close.len());
                self.notable.push(rest[..end].to_string());
                return end;
            }
            _ => note = self.other(&lower, closing, self_closing, note),
        }
        if note {
            self.notable.push(whole.to_string());
        }
        self.changed = true;
        len
    }

    /// `<br>`: a space in a heading, a hard break at the end of a line
    /// followed by text, else a new line.
    fn line_break(&mut self, after: &str) {
        let at_end = after.trim().is_empty();
        if self.heading {
            self.out.push(' ');
        } else if at_end {
            if !self.next_blank && !self.out.trim().is_empty() {
                self.out.push('\\');
            }
        } else if !self.out.trim().is_empty() {
            self.out.push('\n');
        }
    }

    /// `<img>` as an image; whether it has attributes worth a note.
    fn image(&mut self, attributes: &str) -> bool {
        // reveal.js loads `data-src` lazily: the same picture.
        let src = attr(attributes, "src")
            .filter(|s| !s.trim().is_empty())
            .or_else(|| attr(attributes, "data-src"))
            .unwrap_or_default();
        let alt = attr(attributes, "alt").unwrap_or_default();
        if src.trim().is_empty() {
            // No picture to show: its text, and the tag in the notes.
            self.out.push_str(&alt.replace(['[', ']'], ""));
            return true;
        }
        let dest = if src.contains([' ', '(', ')']) {
            format!("<{src}>")
        } else {
            src.clone()
        };
        self.out
            .push_str(&format!("![{}]({dest})", alt.replace(['[', ']'], "")));
        // `width="300"` or `width="50%"`: lectern's `{width=…}`.
        let width = attr(attributes, "width").and_then(|w| {
            let w = w.trim();
            let w = if w.bytes().all(|b| b.is_ascii_digit()) {
                format!("{w}px")
            } else {
                w.to_string()
            };
            image_width(&format!("width={w}"))
        });
        if let Some(w) = &width {
            self.out.push_str(&format!("{{width={w}}}"));
        }
        attrs(attributes).iter().any(|(k, _)| {
            let k = k.to_ascii_lowercase();
            !(matches!(k.as_str(), "src" | "data-src" | "alt") || (k == "width" && width.is_some()))
        })
    }

    /// `<a href=…>` opens a link; whether it has attributes worth a note.
    fn open_link(&mut self, attributes: &str) -> bool {
        let href = attr(attributes, "href").unwrap_or_default();
        if !href.is_empty() {
            self.out.push('[');
        }
        self.links.push(href);
        attrs(attributes).iter().any(|(k, _)| {
            !matches!(
                k.to_ascii_lowercase().as_str(),
                "href" | "target" | "rel" | "title"
            )
        })
    }

    /// `</a>`: the link's target (a link without one is text only).
    fn close_link(&mut self) {
        if let Some(href) = self.links.pop() {
            if !href.is_empty() {
                self.out.push_str(&format!("]({href})"));
            }
        }
    }

    /// `<h2>…</h2>` over a whole line is a heading; elsewhere its text.
    fn heading_tag(&mut self, closing: bool, whole: &str, lower: &str) {
        let whole_line = !closing
            && self.trimmed.starts_with(whole)
            && self
                .trimmed
                .to_ascii_lowercase()
                .ends_with(&format!("</{lower}>"))
            && self.out.trim().is_empty()
            && list_marker(self.line).is_none();
        if whole_line {
            let level: usize = lower[1..].parse().unwrap_or(2);
            self.out.push_str(&"#".repeat(level));
            self.out.push(' ');
        } else if closing && !self.out.ends_with(' ') {
            self.out.push(' ');
        }
    }

    /// `<iframe>`, `<video>`…: the address as a link.
    fn media(&mut self, attributes: &str) {
        if let Some(src) = attr(attributes, "src").or_else(|| attr(attributes, "data-src")) {
            if !self.out.is_empty() && !self.out.ends_with(' ') {
                self.out.push(' ');
            }
            self.out.push_str(&src);
            self.out.push(' ');
        }
    }

    /// Any other tag: dropped, a space for a block tag; whether it is worth
    /// a note (`note`: it has attributes or is a component).
    fn other(&mut self, lower: &str, closing: bool, self_closing: bool, note: bool) -> bool {
        if BLOCK.contains(&lower) {
            if !self.out.is_empty() && !self.out.ends_with(' ') {
                self.out.push(' ');
            }
            if !self_closing {
                self.delta += if closing { -1 } else { 1 };
            }
        }
        let note = note || !QUIET.contains(&lower);
        note && !closing
    }
}

/// Tag removal leaves doubled spaces inside the text, not in the indent,
/// and marks that no longer touch their text.
fn tidy(out: &str) -> String {
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
    text
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
    fn a_lazy_loaded_image_shows_its_data_src() {
        let (out, _, warnings) = run(&["<img data-src=\"pics/a.png\" alt=\"A\" width=\"80%\">"]);
        assert_eq!(out.join("\n").trim(), "![A](pics/a.png){width=80%}");
        assert_eq!(warnings, 0);
        let (out, _, _) = run(&["<img alt=\"nothing\">"]);
        assert!(!out.join("\n").contains("]()"), "{out:?}");
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

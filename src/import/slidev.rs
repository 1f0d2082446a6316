//! Slidev decks (`slides.md`).
//!
//! Slides break at lines starting with `---` outside code; a `---` line
//! followed by text opens the slide's own front matter (`layout:`, `class:`,
//! …) up to the next `---`. The first block is the deck's headmatter and
//! the first slide's front matter at once. The last HTML comment of a slide
//! is its speaker notes. `<v-click>` / `<v-clicks>` and the `v-click`
//! attribute reveal content step by step; `::right::` and other slot
//! markers split a layout into parts (`two-cols` becomes lectern's
//! columns, `image-left`/`image-right` a picture beside the content).

use super::html;
use super::markup::{background_path_ok, fence, Fence};
use super::model::{Beside, BodyLine, Deck, Slide};
use super::pipeline;
use super::report::Report;
use super::tags::{attr, tag_at};
use super::text::{
    atx_heading, dedent, images, list_marker, trailing_attrs, yaml_entries, Entry, Fences,
};
use super::tool::{Options, Tool};
use crate::diag::Diagnostic;

/// Converts a Slidev deck into a lectern deck and its warnings.
pub fn convert(source: &str, opts: &Options) -> (String, Vec<Diagnostic>) {
    let imported = pipeline::convert(Tool::Slidev, source, opts, |s, r| read(s, opts, r));
    (imported.text, imported.diagnostics)
}

/// A slide as Slidev splits it: its front matter lines and its content.
struct Raw {
    front: Option<(usize, String)>,
    content: Vec<BodyLine>,
    start: usize,
}

fn split(lines: &[&str]) -> Vec<Raw> {
    let mut out = Vec::new();
    // First line of the current slide (its front matter included).
    let mut start = 0;
    let mut content_start = 0;
    let mut front: Option<(usize, String)> = None;
    let push = |out: &mut Vec<Raw>,
                front: Option<(usize, String)>,
                start: usize,
                from: usize,
                end: usize| {
        let from = from.min(end);
        out.push(Raw {
            front,
            content: lines[from..end]
                .iter()
                .enumerate()
                .map(|(k, t)| BodyLine {
                    text: t.to_string(),
                    pause: false,
                    line: from + k + 1,
                })
                .collect(),
            start: start + 1,
        });
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end();
        if line.starts_with("---") {
            if start != i {
                push(&mut out, front.take(), start, content_start, i);
            }
            front = None;
            start = i + 1;
            content_start = i + 1;
            let next = lines.get(i + 1);
            if line.as_bytes().get(3) != Some(&b'-') && next.is_some_and(|n| !n.trim().is_empty()) {
                start = i;
                let mut j = i + 1;
                while j < lines.len() && lines[j].trim_end() != "---" {
                    j += 1;
                }
                front = Some((i + 2, lines[i + 1..j].join("\n")));
                i = j;
                content_start = j + 1;
            }
        } else if line.trim_start().starts_with("```") {
            let level: String = line
                .chars()
                .take_while(|c| c.is_whitespace() || *c == '`')
                .collect();
            if let Some(j) = (i + 1..lines.len()).find(|&j| lines[j].starts_with(level.as_str())) {
                i = j;
            }
        }
        i += 1;
    }
    if start < lines.len() {
        push(&mut out, front, start, content_start, lines.len());
    }
    out
}

/// Per-slide front matter keys with no effect on what is shown.
const QUIET: [&str; 1] = ["hideInToc"];

pub(super) fn read(source: &str, opts: &Options, report: &mut Report) -> Deck {
    let lines: Vec<&str> = source.lines().collect();
    let mut deck = Deck::default();
    for (n, raw) in split(&lines).into_iter().enumerate() {
        let mut front = SlideFront::new(raw.start);
        if let Some((first, yaml)) = &raw.front {
            front.read(*first, yaml, &raw.content, n == 0, &mut deck, report);
        }
        if let Some((line, path, entry)) = front.src.take() {
            if let Some((_, text)) = opts.included.iter().find(|(p, _)| *p == path) {
                include(text, line, &path, &mut deck, report);
                continue;
            }
            report.keep(
                &mut front.slide.kept,
                line,
                &entry,
                &format!("Slidev import of `{path}` (not found beside the deck: import that file on its own)"),
            );
        }
        deck.slides.push(front.slide_with(raw.content, report));
    }
    deck
}

/// The slides of a `src:` file, in place of the slide that names it; its
/// lines are reported at the `src:` line. Files it names are not followed.
fn include(text: &str, line: usize, path: &str, deck: &mut Deck, report: &mut Report) {
    let lines: Vec<&str> = text.lines().collect();
    for raw in split(&lines) {
        let mut front = SlideFront::new(line);
        let content: Vec<BodyLine> = raw
            .content
            .into_iter()
            .map(|l| BodyLine { line, ..l })
            .collect();
        if let Some((_, yaml)) = &raw.front {
            front.read(line + 1, yaml, &content, false, deck, report);
        }
        if let Some((_, nested, _)) = front.src.take() {
            report.warn(
                line,
                "src:",
                format!("`{path}` imports `{nested}` in turn: not followed (import that file on its own)"),
            );
        }
        deck.slides.push(front.slide_with(content, report));
    }
}

/// A slide's front matter as read: the slide it starts, and what its
/// content needs (columns, pictures shown as ordinary images).
struct SlideFront {
    slide: Slide,
    layout: String,
    /// A `two-cols` layout whose slots lectern's columns can hold.
    two_columns: bool,
    /// Pictures shown as images after the content, and before it.
    appended: Vec<(usize, String)>,
    prepended: Vec<(usize, String)>,
    /// `src:`: its line, the file whose slides stand here, and the entry.
    src: Option<(usize, String, String)>,
}

impl SlideFront {
    fn new(start: usize) -> Self {
        SlideFront {
            slide: Slide::at(start),
            layout: String::new(),
            two_columns: false,
            appended: Vec::new(),
            prepended: Vec::new(),
            src: None,
        }
    }

    /// Reads the front matter starting at 1-based line `first`; the first
    /// slide's (`deck_level`) is the deck's headmatter too.
    fn read(
        &mut self,
        first: usize,
        yaml: &str,
        content: &[BodyLine],
        deck_level: bool,
        deck: &mut Deck,
        report: &mut Report,
    ) {
        let (entries, error) = yaml_entries(yaml, first);
        if let Some(e) = error {
            report.warn(
                first.saturating_sub(1).max(1),
                "---",
                format!("this front matter is not valid YAML ({e}); it is kept as a note"),
            );
        }
        self.layout = entries
            .iter()
            .find(|e| e.key == "layout")
            .and_then(Entry::str)
            .unwrap_or_default();
        let header = self.layout == "two-cols-header";
        let cols_ok = (self.layout == "two-cols" || header) && two_cols(content, header).is_some();
        let has_image = entries.iter().any(|e| {
            matches!(e.key.as_str(), "image" | "background")
                && e.str().is_some_and(|v| !v.is_empty())
        });
        for e in &entries {
            let value = e.str().unwrap_or_default();
            match e.key.as_str() {
                "title" if deck_level => deck.title = Some(value),
                "lang" if deck_level => deck.language = Some(value),
                "layout" => self.layout_entry(e, &value, cols_ok, has_image, report),
                "hide" | "disabled" if value == "true" => self.slide.hidden = true,
                "image" | "background" if !value.is_empty() => self.picture(e, &value, report),
                "src" => self.src = Some((e.line, value.clone(), e.text.clone())),
                k if QUIET.contains(&k) => {}
                _ => {
                    let what = if deck_level {
                        format!("Slidev setting `{}`", e.key)
                    } else {
                        format!("Slidev slide option `{}`", e.key)
                    };
                    report.keep(&mut self.slide.kept, e.line, &e.text, &what);
                }
            }
        }
    }

    /// `layout:`: a title or section slide, columns, a picture; others kept.
    fn layout_entry(
        &mut self,
        e: &Entry,
        value: &str,
        cols_ok: bool,
        has_image: bool,
        report: &mut Report,
    ) {
        match value {
            "cover" | "intro" => self.slide.kind = Some("title"),
            "section" => self.slide.kind = Some("section"),
            "default" | "end" | "none" => {}
            // lectern's columns, background and picture beside.
            "two-cols" | "two-cols-header" if cols_ok => self.two_columns = true,
            "image" | "image-left" | "image-right" if has_image => {}
            _ => report.keep(
                &mut self.slide.kept,
                e.line,
                &e.text,
                &format!("Slidev layout `{value}`"),
            ),
        }
    }

    /// `image:` or `background:`: the picture beside the content, the
    /// slide's background, or else an ordinary image in reading order.
    fn picture(&mut self, e: &Entry, value: &str, report: &mut Report) {
        let slide = &mut self.slide;
        let layout = self.layout.as_str();
        let src = value.trim_start_matches('/').to_string();
        let beside = layout == "image-left" || layout == "image-right";
        if beside && slide.beside.is_none() {
            slide.beside = Some(Beside {
                image: format!("![]({src})"),
                first: layout == "image-left",
                width: None,
            });
        } else if !beside && slide.background.is_none() && background_path_ok(&src) {
            slide.background = Some(src);
        } else {
            if layout.ends_with("-left") {
                self.prepended.push((e.line, src));
            } else {
                self.appended.push((e.line, src));
            }
            report.keep(
                &mut slide.kept,
                e.line,
                &e.text,
                &format!(
                    "Slidev `{}` (shown as an ordinary image in reading order)",
                    e.key
                ),
            );
        }
    }

    /// The slide with its content: notes, columns, clicks, HTML, and the
    /// pictures shown as images.
    fn slide_with(self, mut content: Vec<BodyLine>, report: &mut Report) -> Slide {
        let mut slide = self.slide;
        if let Some(notes) = speaker_notes(&mut content) {
            slide.notes = notes;
        }
        if self.two_columns {
            if let Some(cols) = two_cols(&content, false).or_else(|| two_cols(&content, true)) {
                content = cols;
            }
        }
        snippets(&mut content, report, &mut slide);
        let body = clicks(content, report, &mut slide);
        let mut body = html::convert(body, report, &mut slide.kept);
        // Root paths are Slidev's `public/` folder, copied beside the deck.
        for l in &mut body {
            l.text = root_paths(&l.text);
        }
        let image = |line: usize, text: String| BodyLine {
            text,
            pause: false,
            line,
        };
        for (line, src) in self.prepended.into_iter().rev() {
            body.insert(0, image(line, String::new()));
            body.insert(0, image(line, format!("![]({src})")));
        }
        for (line, src) in self.appended {
            body.push(image(line, String::new()));
            body.push(image(line, format!("![]({src})")));
        }
        slide.body = body;
        slide
    }
}

/// `<<< @/snippets/x.ts#region`: Slidev reads code from a file when it
/// builds; lectern does not, so the line goes to the notes.
fn snippets(content: &mut Vec<BodyLine>, report: &mut Report, slide: &mut Slide) {
    let mut fences = Fences::default();
    content.retain(|l| {
        if fences.code(&l.text) || !l.text.trim_start().starts_with("<<< ") {
            return true;
        }
        report.keep(
            &mut slide.kept,
            l.line,
            l.text.trim(),
            "a Slidev code snippet import (copy the code into a fenced block)",
        );
        false
    });
}

/// The last comment of a slide is its speaker notes: taken out of the
/// content.
fn speaker_notes(content: &mut Vec<BodyLine>) -> Option<Vec<String>> {
    let last = content.iter().rposition(|l| !l.text.trim().is_empty())?;
    if !content[last].text.trim_end().ends_with("-->") {
        return None;
    }
    let open = (0..=last)
        .rev()
        .find(|&i| content[i].text.trim_start().starts_with("<!--"))?;
    let closed_before = content[open..last].iter().any(|l| l.text.contains("-->"));
    if closed_before {
        return None;
    }
    let raw_note: Vec<&str> = content[open..=last]
        .iter()
        .map(|l| l.text.as_str())
        .collect();
    let joined = raw_note.join("\n");
    let inner = joined
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .to_string();
    let mut notes = dedent(&inner);
    while notes.first().is_some_and(std::string::String::is_empty) {
        notes.remove(0);
    }
    content.truncate(open);
    Some(notes)
}

/// A `two-cols` slide (`header`: `two-cols-header`) in lectern's columns:
/// what comes before `::left::` (the header) or the first heading stays
/// above, `::right::` starts the second column. None when its slots are
/// not just those.
fn two_cols(content: &[BodyLine], header: bool) -> Option<Vec<BodyLine>> {
    let mut fences = Fences::default();
    let slots: Vec<(usize, String)> = content
        .iter()
        .enumerate()
        .filter(|(_, l)| !fences.code(&l.text))
        .filter_map(|(i, l)| slot_name(&l.text).map(|s| (i, s)))
        .collect();
    let names: Vec<&str> = slots.iter().map(|(_, s)| s.as_str()).collect();
    let (left, right) = match (header, names.as_slice()) {
        (true, ["left", "right"]) => (Some(slots[0].0), slots[1].0),
        (false, ["right"]) => (None, slots[0].0),
        _ => return None,
    };
    let line = |i: usize| content.get(i).map_or(0, |l: &BodyLine| l.line);
    let mk = |text: String, at: usize| BodyLine {
        text,
        pause: false,
        line: at,
    };
    // Above the columns: the header, or the first heading when it opens the slide.
    let start = left.map_or_else(
        || {
            let first = content.iter().position(|l| !l.text.trim().is_empty());
            first
                .filter(|&f| atx_heading(&content[f].text).is_some())
                .map_or(0, |f| f + 1)
        },
        |l| l + 1,
    );
    let mut out: Vec<BodyLine> = content[..left.unwrap_or(start)].to_vec();
    out.push(mk(String::new(), line(start)));
    out.push(mk(fence(Fence::Columns), line(start)));
    out.push(mk(fence(Fence::Column(None)), line(start)));
    out.extend(content[start..right].iter().cloned());
    out.push(mk(fence(Fence::EndColumn), line(right)));
    out.push(mk(fence(Fence::Column(None)), line(right)));
    out.extend(content[right + 1..].iter().cloned());
    out.push(mk(fence(Fence::EndColumn), line(right)));
    out.push(mk(fence(Fence::EndColumns), line(right)));
    Some(out)
}

/// `::right::`: a slot marker's name.
fn slot_name(t: &str) -> Option<String> {
    let t = t.trim();
    (t.starts_with("::") && t.ends_with("::") && t.len() > 4 && !t[2..t.len() - 2].contains(' '))
        .then(|| t[2..t.len() - 2].to_string())
}

/// `/img/x.png` → `img/x.png` in images.
fn root_paths(line: &str) -> String {
    let imgs = images(line);
    let mut out = String::new();
    let mut last = 0;
    for img in imgs {
        if img.src.starts_with('/') && !img.src.starts_with("//") {
            out.push_str(&line[last..img.src_range.start]);
            out.push_str(img.src.trim_start_matches('/'));
            last = img.src_range.end;
        }
    }
    out.push_str(&line[last..]);
    out
}

/// Slidev's click steps and slot markers.
fn clicks(content: Vec<BodyLine>, report: &mut Report, slide: &mut Slide) -> Vec<BodyLine> {
    let mut c = Clicks {
        out: Vec::with_capacity(content.len()),
        groups: Vec::new(),
        pause_next: false,
    };
    let mut fences = Fences::default();
    for l in content {
        if fences.code(&l.text) {
            c.code_line(l);
            continue;
        }
        let t = l.text.trim();
        // Slot markers of two-column and other layouts.
        if slot_name(t).is_some() {
            report.keep(&mut slide.kept, l.line, t, &format!("Slidev slot `{t}`"));
            c.out.push(BodyLine {
                text: String::new(),
                pause: false,
                line: l.line,
            });
            continue;
        }
        let (mut text, pause_here) = match tag_at(t) {
            Some(tag) => c.tag_line(&l, tag, report, slide),
            None => (l.text.clone(), t.contains(" v-click")),
        };
        if let Some((without, attrs)) =
            trailing_attrs(&text).filter(|_| text.trim_start().starts_with('#'))
        {
            report.keep(
                &mut slide.kept,
                l.line,
                &l.text,
                &format!("attributes `{{{attrs}}}`"),
            );
            text = without;
        }
        c.push(text, pause_here, l.line);
    }
    c.out
}

/// The click steps of a slide's lines under way.
struct Clicks {
    out: Vec<BodyLine>,
    /// Open `<v-clicks>`: where its content starts in `out`.
    groups: Vec<usize>,
    /// A `<v-click>` came: the next text is one step later.
    pause_next: bool,
}

impl Clicks {
    fn code_line(&mut self, mut l: BodyLine) {
        if self.pause_next && !l.text.trim().is_empty() {
            l.pause = true;
            self.pause_next = false;
        }
        self.out.push(l);
    }

    fn push(&mut self, text: String, pause_here: bool, line: usize) {
        let blank = text.trim().is_empty();
        let pause = pause_here || (self.pause_next && !blank);
        if self.pause_next && !blank {
            self.pause_next = false;
        }
        self.out.push(BodyLine { text, pause, line });
    }

    /// A line that starts with a tag: whole-line click tags, a `v-click`
    /// attribute, a YouTube component. The line's text, and whether it
    /// comes one step later.
    fn tag_line(
        &mut self,
        l: &BodyLine,
        tag: (bool, String, String, bool, usize),
        report: &mut Report,
        slide: &mut Slide,
    ) -> (String, bool) {
        let (closing, name, attrs, _, len) = tag;
        let t = l.text.trim();
        let lower = name.to_ascii_lowercase();
        let rest = t[len..].trim();
        let mut text = l.text.clone();
        let mut pause_here = false;
        match (lower.as_str(), closing) {
            ("v-clicks", false) => {
                let depth = attr(&attrs, "depth").unwrap_or_default();
                if !attrs.trim().is_empty() && depth != "1" {
                    report.keep(
                        &mut slide.kept,
                        l.line,
                        t,
                        &format!(
                            "Slidev `<v-clicks {}>` (lectern reveals top-level items only)",
                            attrs.trim()
                        ),
                    );
                }
                self.groups.push(self.out.len());
                text = rest.to_string();
            }
            ("v-clicks", true) => {
                if let Some(from) = self.groups.pop() {
                    mark_group(&mut self.out[from..]);
                }
                text = rest.to_string();
            }
            ("v-click", false) => {
                if attrs.contains("hide") {
                    report.keep(
                        &mut slide.kept,
                        l.line,
                        t,
                        "Slidev `<v-click hide>` (the content stays on the slide)",
                    );
                } else {
                    self.pause_next = true;
                }
                text = rest.to_string();
                if let Some(inner) = text.strip_suffix("</v-click>") {
                    text = inner.to_string();
                }
            }
            ("v-click" | "v-after", true) | ("v-after", false) => {
                text = rest.to_string();
            }
            _ => {
                pause_here = attrs
                    .split_whitespace()
                    .any(|a| a == "v-click" || a.starts_with("v-click="));
            }
        }
        if lower == "youtube" {
            if let Some(id) = attr(&attrs, "id") {
                text = format!("https://youtu.be/{id}");
            }
        }
        (text, pause_here)
    }
}

/// `<v-clicks>` content: each top-level list item, or else each block,
/// comes one step after the other.
fn mark_group(lines: &mut [BodyLine]) {
    let min_indent = lines
        .iter()
        .filter_map(|l| list_marker(&l.text).map(|m| m.indent))
        .min();
    let mut fences = Fences::default();
    let mut block_start = true;
    for l in lines.iter_mut() {
        if fences.code(&l.text) {
            if block_start && min_indent.is_none() {
                l.pause = true;
            }
            block_start = false;
            continue;
        }
        let blank = l.text.trim().is_empty();
        match min_indent {
            Some(indent) => {
                if list_marker(&l.text).is_some_and(|m| m.indent == indent) {
                    l.pause = true;
                }
            }
            None => {
                if block_start && !blank {
                    l.pause = true;
                }
            }
        }
        block_start = blank;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> (String, Vec<Diagnostic>) {
        convert(src, &Options::new("slides.md"))
    }

    #[test]
    fn icons_snippets_and_multi_line_components_leave_the_slide() {
        let (out, diags) = run(
            "# Hello\n\nGo <carbon:arrow-right /> on <mdi-github class=\"x\"/>\n\n<<< @/snippets/x.ts#a\n\n<Tweet\n  id=\"123\"\n/>\n\nafter\n",
        );
        let (_, slides) = crate::import::testing::breaks_and_slides(&out);
        for residue in ["carbon:", "mdi-", "<<<", "Tweet", "id="] {
            assert!(!slides.contains(residue), "{residue}: {out}");
        }
        assert!(slides.contains("Go") && slides.contains("after"), "{out}");
        assert!(
            out.contains("<<< @/snippets/x.ts#a"),
            "kept as a note: {out}"
        );
        assert!(diags.len() >= 3, "{diags:?}");
    }

    #[test]
    fn a_src_slide_is_the_file_it_names_when_there_is_one() {
        let src = "# A\n\n---\nsrc: ./pages/extra.md\n---\n\n---\n\n# Z\n";
        let mut opts = Options::new("slides.md");
        opts.included.push((
            "./pages/extra.md".into(),
            "# Extra\n\nfrom the file\n\n---\n\n# Extra two\n".into(),
        ));
        let (out, _) = convert(src, &opts);
        let (breaks, slides) = crate::import::testing::breaks_and_slides(&out);
        assert_eq!(breaks, 3, "{out}");
        assert!(
            slides.contains("# Extra\n\nfrom the file") && slides.contains("# Extra two"),
            "{out}"
        );
        assert!(!out.contains("src:"), "{out}");
        // Not given: kept as a note, with a warning.
        let (out, diags) = run(src);
        assert!(out.contains("src: ./pages/extra.md"), "{out}");
        assert!(
            diags.iter().any(|d| d.message.contains("not found")),
            "{diags:?}"
        );
    }

    #[test]
    fn headmatter_slide_front_matter_and_notes() {
        let (out, diags) = run(
            "---\ntheme: seriph\ntitle: Deck\nlayout: cover\n---\n\n# Hello\n\n<!--\nWelcome all\n-->\n\n---\nlayout: two-cols\n---\n\n# Left\n\n::right::\n\n# Right\n\n---\n\n```yaml\n---\nnot: a break\n---\n```\n",
        );
        assert!(out.contains("# Hello {.title}"), "{out}");
        assert!(out.contains("???\nWelcome all"), "{out}");
        let (breaks, slides) = crate::import::testing::breaks_and_slides(&out);
        assert_eq!(breaks, 2, "{out}");
        assert!(!slides.contains("::right::"), "{out}");
        // `two-cols` is lectern's columns, the heading above them.
        assert!(
            slides.contains(
                "# Left\n\n:::: columns\n::: column\n\n:::\n::: column\n\n# Right\n\n:::\n::::"
            ),
            "{out}"
        );
        assert_eq!(diags.len(), 1, "only the theme is kept: {diags:?}");
    }

    #[test]
    fn clicks_become_steps() {
        let (out, _) = run("# Steps\n\n<v-clicks>\n\n- a\n- b\n\n</v-clicks>\n");
        assert!(out.contains("# Steps {.incremental}"), "{out}");
        let (out, _) = run("# Steps\n\nfirst\n\n<v-click>\n\nlater\n\n</v-click>\n");
        assert!(out.contains("first\n\n. . .\n\nlater"), "{out}");
    }
}

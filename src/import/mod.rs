//! `lectern import`: decks written for Marp, reveal.js (reveal-md), Slidev,
//! Quarto (and pandoc) and presenterm, turned into lectern decks.
//!
//! Each tool has its own file with a pure `convert(&str, &Options) ->
//! (String, Vec<Diagnostic>)`: it splits the source the way that tool does,
//! maps what lectern has (slides, speaker notes, pauses, incremental lists,
//! title and section slides) and moves everything else out of the slide.
//! Every directive or piece of layout markup lectern cannot show is reported
//! as a warning at its line and kept, word for word, in the slide's trainer
//! notes, so nothing the author wrote is lost and none of it is projected.
//!
//! The tools read a deck into the small model below ([`Deck`], [`Slide`]);
//! [`write`] turns it into lectern Markdown. Reading and writing files,
//! copying images and checking the result live in the command line.

pub mod html;
pub mod marp;
pub mod presenterm;
pub mod quarto;
pub mod reveal;
pub mod slidev;
pub mod text;

use crate::deck::Mode;
use crate::diag::Pos;
use crate::diag::{Diagnostic, LineIndex};
use text::{atx_heading, list_marker, setext_level, Fences};

/// The slide tools `lectern import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Marp,
    Reveal,
    Slidev,
    Quarto,
    Presenterm,
}

impl Tool {
    pub const ALL: [Tool; 5] = [
        Tool::Marp,
        Tool::Reveal,
        Tool::Slidev,
        Tool::Quarto,
        Tool::Presenterm,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Tool::Marp => "marp",
            Tool::Reveal => "reveal",
            Tool::Slidev => "slidev",
            Tool::Quarto => "quarto",
            Tool::Presenterm => "presenterm",
        }
    }

    /// How the tool is named in messages.
    pub fn label(self) -> &'static str {
        match self {
            Tool::Marp => "Marp",
            Tool::Reveal => "reveal.js",
            Tool::Slidev => "Slidev",
            Tool::Quarto => "Quarto",
            Tool::Presenterm => "presenterm",
        }
    }

    pub fn from_name(name: &str) -> Option<Tool> {
        let name = name.to_ascii_lowercase();
        Tool::ALL.into_iter().find(|t| {
            t.name() == name
                || matches!(
                    (t, name.as_str()),
                    (Tool::Reveal, "revealjs" | "reveal-md" | "reveal.js")
                        | (Tool::Quarto, "pandoc" | "qmd")
                )
        })
    }
}

/// What a conversion needs to know besides the text.
#[derive(Debug, Clone)]
pub struct Options {
    /// The source file as shown in diagnostics.
    pub file: String,
    /// The source's file name without extension (the fallback title).
    pub stem: String,
    /// The source's extension, lowercase (`md`, `qmd`).
    pub extension: String,
    pub session: Option<u32>,
    pub mode: Mode,
}

impl Options {
    pub fn new(file: &str) -> Self {
        let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
        let (stem, extension) = match name.rsplit_once('.') {
            Some((s, e)) if !s.is_empty() => (s.to_string(), e.to_ascii_lowercase()),
            _ => (name.to_string(), String::new()),
        };
        Options {
            file: file.to_string(),
            stem,
            extension,
            session: None,
            mode: Mode::F2f,
        }
    }
}

/// A converted deck: the lectern Markdown and what the conversion found.
#[derive(Debug)]
pub struct Imported {
    pub tool: Tool,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// The deck's language from its front matter (`lang:`), for course.toml.
    pub language: Option<String>,
    pub slides: usize,
    /// Slides that carry speaker notes (directives kept as notes excluded).
    pub slides_with_notes: usize,
}

/// Which tool wrote a deck: front matter keys, the `.qmd` extension,
/// presenterm's comment commands, reveal's `Note:` and `.element` comments.
pub fn detect(source: &str, extension: &str) -> Tool {
    if extension == "qmd" {
        return Tool::Quarto;
    }
    let lines: Vec<&str> = source.lines().collect();
    let front = text::front_matter(&lines)
        .map(|fm| fm.yaml_text(&lines))
        .unwrap_or_default();
    let has_key = |key: &str| {
        front.lines().any(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    };
    let key_value = |key: &str| {
        front.lines().find_map(|l| {
            let rest = l.strip_prefix(key)?.trim_start().strip_prefix(':')?;
            Some(rest.trim().trim_matches(['"', '\'']).to_string())
        })
    };
    if key_value("marp").as_deref() == Some("true") {
        return Tool::Marp;
    }
    if key_value("format").is_some_and(|f| f.contains("revealjs"))
        || front
            .lines()
            .any(|l| l.trim_start().starts_with("revealjs:"))
        || has_key("slide-level")
    {
        return Tool::Quarto;
    }
    if has_key("separator") || has_key("verticalSeparator") || has_key("revealOptions") {
        return Tool::Reveal;
    }
    if has_key("sub_title")
        || (has_key("theme") && front.contains("\n  override:"))
        || source.contains("<!-- end_slide -->")
        || source.contains("<!-- pause -->")
        || source.contains("speaker_note:")
    {
        return Tool::Presenterm;
    }
    let pandoc = lines.iter().any(|l| {
        let t = l.trim();
        t == "::: notes" || t == "::: {.notes}" || t == "::: incremental" || t == ". . ."
    });
    if pandoc {
        return Tool::Quarto;
    }
    let slidev_keys = [
        "layout",
        "highlighter",
        "drawings",
        "mdc",
        "colorSchema",
        "hideInToc",
        "canvasWidth",
    ];
    if slidev_keys.iter().any(|k| has_key(k))
        || source.contains("<v-click")
        || source.contains("::right::")
        || source.contains("\n---\nlayout:")
    {
        return Tool::Slidev;
    }
    if has_key("headingDivider")
        || source.contains("<!-- _class:")
        || source.contains("<!-- _paginate")
        || source.contains("![bg")
    {
        return Tool::Marp;
    }
    let reveal = lines.iter().any(|l| {
        let t = l.trim_start();
        t.starts_with("Note:") || t.starts_with("Notes:")
    }) || source.contains(".element:")
        || source.contains("<!-- .slide:")
        || source.contains("\n----\n");
    if reveal {
        return Tool::Reveal;
    }
    // Plain Markdown with `---` between slides reads the same in Marp.
    Tool::Marp
}

/// Converts a deck written for `tool`.
pub fn import(tool: Tool, source: &str, opts: &Options) -> Imported {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut report = Report::new(&opts.file, source, tool);
    let deck = match tool {
        Tool::Marp => marp::read(source, &mut report),
        Tool::Reveal => reveal::read(source, &mut report),
        Tool::Slidev => slidev::read(source, &mut report),
        Tool::Quarto => quarto::read(source, opts, &mut report),
        Tool::Presenterm => presenterm::read(source, &mut report),
    };
    let (text, slides, slides_with_notes) = write(&deck, tool, opts);
    let text = repair(text);
    Imported {
        tool,
        text,
        diagnostics: report.diags,
        language: deck.language.clone(),
        slides,
        slides_with_notes,
    }
}

/// Runs lectern's own parser on the written deck and escapes what it would
/// still read as slide attributes: a `{…}` after a heading that the
/// writer's simpler view of code blocks took for code.
fn repair(text: String) -> String {
    let config = crate::config::CourseConfig::default();
    let here = std::path::Path::new(".");
    let ctx = crate::parse::DeckContext {
        file: "import",
        deck_dir: here,
        course_root: here,
        config: &config,
    };
    let mut diags = Vec::new();
    crate::parse::parse_deck(text.as_bytes(), "import", &ctx, &mut diags);
    let attribute = |m: &str| {
        m.starts_with("unknown slide kind")
            || m.starts_with("unknown slide option")
            || m.starts_with("a slide has one kind")
            || m.starts_with("only a slide's first heading")
            || m.contains("is not a number of minutes")
            || m.contains("is not a number of lines")
    };
    let lines: std::collections::BTreeSet<usize> = diags
        .iter()
        .filter(|d| attribute(&d.message))
        .map(|d| d.pos.line)
        .collect();
    if lines.is_empty() {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        match line.rfind('{').filter(|_| lines.contains(&(i + 1))) {
            Some(at) => {
                out.push_str(&line[..at]);
                out.push_str("&#123;");
                out.push_str(&line[at + 1..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// A deck as read from another tool, before it is written as lectern Markdown.
#[derive(Debug, Default)]
pub struct Deck {
    pub title: Option<String>,
    pub language: Option<String>,
    pub slides: Vec<Slide>,
    /// Deck-wide settings lectern has no place for: kept on the first slide.
    pub kept: Vec<Kept>,
}

#[derive(Debug, Default, Clone)]
pub struct Slide {
    /// The source line the slide starts at.
    pub line: usize,
    pub body: Vec<BodyLine>,
    /// Speaker notes, as Markdown lines.
    pub notes: Vec<String>,
    /// Directives and markup moved out of the slide.
    pub kept: Vec<Kept>,
    /// A lectern slide kind for the first heading (`title`, `section`).
    pub kind: Option<&'static str>,
    /// A slide the tool does not show: its content goes to the notes of the
    /// slide before it.
    pub hidden: bool,
    /// A picture behind the slide: lectern's `background=` on its first
    /// heading (as an image at the end of a slide without a heading).
    pub background: Option<String>,
    /// A picture beside the content (Marp's `![bg left]`, Slidev's
    /// `image-right`): two columns under the heading.
    pub beside: Option<Beside>,
}

#[derive(Debug, Clone)]
pub struct Beside {
    /// The image as lectern Markdown.
    pub image: String,
    /// Whether the picture is the left column.
    pub first: bool,
    /// The picture column's share in percent (half when not given).
    pub width: Option<f32>,
}

impl Slide {
    pub fn at(line: usize) -> Self {
        Slide {
            line,
            ..Default::default()
        }
    }

    /// Adds a line that came from source line `line`.
    pub fn push(&mut self, line: usize, text: impl Into<String>) {
        self.body.push(BodyLine {
            text: text.into(),
            pause: false,
            line,
        });
    }

    /// Whether anything would be projected.
    pub fn is_empty(&self) -> bool {
        self.background.is_none()
            && self.beside.is_none()
            && self.body.iter().all(|l| l.text.trim().is_empty())
    }
}

/// One line of a slide; `pause` means the audience sees it one step later
/// than what comes before (a top-level list item, or the block it starts).
#[derive(Debug, Clone, PartialEq)]
pub struct BodyLine {
    pub text: String,
    pub pause: bool,
    /// The source line it came from (for warnings).
    pub line: usize,
}

/// Source text kept as a trainer note, with the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    pub line: usize,
    pub text: String,
}

/// Collects a conversion's warnings, positioned in the source file.
pub struct Report<'a> {
    file: &'a str,
    idx: LineIndex<'a>,
    pub tool: Tool,
    pub diags: Vec<Diagnostic>,
}

impl<'a> Report<'a> {
    pub fn new(file: &'a str, source: &'a str, tool: Tool) -> Self {
        Report {
            file,
            idx: LineIndex::new(source),
            tool,
            diags: Vec::new(),
        }
    }

    /// A warning at a source line; `snippet` (when found on the line)
    /// places the column and the underline.
    pub fn warn(
        &mut self,
        line: usize,
        snippet: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let source_line = self.idx.line(line).unwrap_or("");
        let first = snippet.lines().next().unwrap_or("").trim();
        let (col, len) = match source_line.find(first).filter(|_| !first.is_empty()) {
            Some(at) => (source_line[..at].chars().count() + 1, first.chars().count()),
            None => (1, source_line.trim_end().chars().count()),
        };
        let d = self
            .idx
            .annotate(Diagnostic::warning(self.file, Pos { line, col }, message).with_len(len));
        self.diags.push(d);
        self.diags.last_mut().expect("just pushed")
    }

    /// Moves `text` (a directive, markup) out of the slide into its notes,
    /// with a warning saying what it was.
    pub fn keep(&mut self, kept: &mut Vec<Kept>, line: usize, text: &str, what: &str) {
        let label = self.tool.label();
        self.warn(
            line,
            text,
            format!("{what}: kept as a trainer note (no lectern equivalent)"),
        )
        .help = Some(format!(
            "lectern has columns (`:::: columns`), `background=` and image `{{width=…}}`, but no {label} styling, colours or layouts beyond those: the slide keeps its content in reading order, and the original text is in the slide's notes"
        ));
        kept.push(Kept {
            line,
            text: text.trim_end().to_string(),
        });
    }
}

/// A short, one-line form of a directive for messages.
pub fn brief(text: &str) -> String {
    let one = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 60 {
        let cut: String = one.chars().take(57).collect();
        format!("`{cut}…`")
    } else {
        format!("`{one}`")
    }
}

/// Writes a deck as lectern Markdown. Returns the text, the number of
/// slides and how many of them have speaker notes.
pub fn write(deck: &Deck, tool: Tool, opts: &Options) -> (String, usize, usize) {
    let mut slides: Vec<Slide> = Vec::new();
    let mut orphans: Vec<String> = Vec::new();
    for slide in &deck.slides {
        if slide.hidden {
            let mut text = vec![format!(
                "*Hidden slide in the {} source (line {}), not shown:*",
                tool.label(),
                slide.line
            )];
            text.push(String::new());
            text.extend(slide.body.iter().map(|l| l.text.clone()));
            if !slide.notes.is_empty() {
                text.push(String::new());
                text.extend(slide.notes.iter().cloned());
            }
            text.extend(kept_block(&slide.kept, tool));
            match slides.last_mut() {
                Some(prev) => {
                    if !prev.notes.is_empty() {
                        prev.notes.push(String::new());
                    }
                    prev.notes.extend(text);
                }
                None => orphans.extend(text),
            }
            continue;
        }
        if slide.is_empty() && slide.notes.is_empty() && slide.kept.is_empty() {
            continue;
        }
        let mut s = slide.clone();
        if !orphans.is_empty() {
            let mut notes = std::mem::take(&mut orphans);
            if !s.notes.is_empty() {
                notes.push(String::new());
            }
            notes.extend(s.notes);
            s.notes = notes;
        }
        slides.push(s);
    }
    if slides.is_empty() && (!orphans.is_empty() || !deck.kept.is_empty()) {
        slides.push(Slide::at(1));
        slides[0].notes = std::mem::take(&mut orphans);
    }
    if let Some(first) = slides.first_mut() {
        let mut kept = deck.kept.clone();
        kept.append(&mut first.kept);
        first.kept = kept;
    }

    let title = deck
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| {
            slides
                .iter()
                .find_map(|s| first_heading(&s.body).map(|(_, t)| plain_text(&t)))
                .filter(|t| !t.is_empty())
        })
        .unwrap_or_else(|| opts.stem.clone());
    let mut out = String::from("+++\n");
    out.push_str(&format!(
        "title = {}\n",
        toml::Value::String(title.split_whitespace().collect::<Vec<_>>().join(" "))
    ));
    if let Some(n) = opts.session {
        out.push_str(&format!("session = {n}\n"));
    }
    let mode = match opts.mode {
        Mode::F2f => "f2f",
        Mode::Online => "online",
    };
    out.push_str(&format!("mode = \"{mode}\"\n"));
    out.push_str(&format!(
        "# imported from {} ({}) by `lectern import`\n+++\n",
        opts.file.rsplit(['/', '\\']).next().unwrap_or(&opts.file),
        tool.label()
    ));
    let mut with_notes = 0;
    for (i, slide) in slides.iter().enumerate() {
        out.push('\n');
        if i > 0 {
            out.push_str("---\n\n");
        }
        for line in write_body(slide) {
            out.push_str(&line);
            out.push('\n');
        }
        let mut notes: Vec<String> = note_lines(&slide.notes);
        trim_blank(&mut notes);
        if !notes.is_empty() {
            with_notes += 1;
        }
        let kept = kept_block(&slide.kept, tool);
        if !kept.is_empty() {
            if !notes.is_empty() {
                notes.push(String::new());
            }
            notes.extend(kept);
        }
        if !notes.is_empty() {
            if !out.ends_with("\n\n") {
                out.push('\n');
            }
            out.push_str("???\n");
            for line in notes {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    (out, slides.len(), with_notes)
}

/// The kept directives of a slide as one fenced block in its notes, each
/// with its source line: nothing in it is read as Markdown.
fn kept_block(kept: &[Kept], tool: Tool) -> Vec<String> {
    if kept.is_empty() {
        return Vec::new();
    }
    let longest = kept
        .iter()
        .flat_map(|k| k.text.lines())
        .map(|l| {
            let mut best = 0;
            let mut run = 0;
            for c in l.chars() {
                run = if c == '`' { run + 1 } else { 0 };
                best = best.max(run);
            }
            best
        })
        .max()
        .unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    let mut out = vec![
        format!(
            "*Kept from the {} source (no lectern equivalent):*",
            tool.label()
        ),
        String::new(),
        format!("{fence}text"),
    ];
    for k in kept {
        let mut lines = k.text.lines();
        let first = lines.next().unwrap_or("");
        out.push(format!("line {}: {first}", k.line));
        out.extend(lines.map(str::to_string));
    }
    out.push(fence);
    out
}

fn trim_blank(lines: &mut Vec<String>) {
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
}

/// Escapes lines lectern would read as structure: `---` (a slide break),
/// `???` (notes), `. . .` (a pause) and `{…}` after a heading (slide
/// attributes). Setext headings become ATX headings first, so that their
/// `---` underline is not taken for a break; a pause on a joined line moves
/// to the heading.
fn escape_lines(lines: &[BodyLine], body: bool) -> Vec<BodyLine> {
    let lines = setext_to_atx(lines);
    let mut fences = Fences::default();
    lines
        .into_iter()
        .map(|mut l| {
            if fences.code(&l.text) {
                return l;
            }
            let t = l.text.trim();
            if t.len() >= 3 && t.chars().all(|c| c == '-') {
                l.text = "***".into();
            } else if t == "???" {
                l.text = l.text.replacen("???", "\\???", 1);
            } else if t == ". . ." {
                l.text = l.text.replacen(". . .", "\\. . .", 1);
            } else if body && atx_heading(&l.text).is_some() {
                l.text = escape_heading_braces(&l.text);
            }
            l.text = empty_links(&l.text);
            l
        })
        .collect()
}

/// `[](https://x.org)` shows nothing in lectern: the address becomes the
/// link's text, as presenterm and reveal.js show it.
fn empty_links(line: &str) -> String {
    if !line.contains("[](") {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("[](") {
        let is_image = rest[..at].ends_with('!');
        let target_end = rest[at + 3..].find(')').map(|e| at + 3 + e);
        match target_end {
            Some(end) if !is_image && !rest[at + 3..end].contains(char::is_whitespace) => {
                let url = &rest[at + 3..end];
                out.push_str(&rest[..at]);
                out.push_str(&format!("[{url}]({url})"));
                rest = &rest[end + 1..];
            }
            _ => {
                out.push_str(&rest[..at + 3]);
                rest = &rest[at + 3..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn note_lines(notes: &[String]) -> Vec<String> {
    let lines: Vec<BodyLine> = notes
        .iter()
        .map(|t| BodyLine {
            text: t.clone(),
            pause: false,
            line: 0,
        })
        .collect();
    escape_lines(&lines, false)
        .into_iter()
        .map(|l| l.text)
        .collect()
}

/// `## Use {curly}` would give the slide an option `curly`: the brace is
/// written as a character reference, which no attribute block starts with.
fn escape_heading_braces(line: &str) -> String {
    let t = line.trim_end();
    if t.ends_with('}') {
        if let Some(open) = t.rfind('{') {
            if !t[..open].ends_with('\\') && !t[..open].ends_with("&#123;") {
                return format!("{}&#123;{}", &t[..open], &t[open + 1..]);
            }
        }
    }
    line.to_string()
}

/// `Title` over `===` or `---` becomes `# Title` / `## Title`.
fn setext_to_atx(lines: &[BodyLine]) -> Vec<BodyLine> {
    let mut out: Vec<BodyLine> = Vec::with_capacity(lines.len());
    let mut fences = Fences::default();
    // Where the current run of paragraph lines started in `out`.
    let mut para_start: Option<usize> = None;
    for line in lines {
        if fences.code(&line.text) {
            para_start = None;
            out.push(line.clone());
            continue;
        }
        if let (Some(level), Some(start)) = (setext_level(&line.text), para_start) {
            let joined: Vec<BodyLine> = out.drain(start..).collect();
            let text: Vec<&str> = joined.iter().map(|l| l.text.trim()).collect();
            out.push(BodyLine {
                text: format!("{} {}", "#".repeat(level as usize), text.join(" ")),
                pause: joined.iter().any(|l| l.pause) || line.pause,
                line: joined.first().map_or(line.line, |l| l.line),
            });
            para_start = None;
            continue;
        }
        if text::is_paragraph_line(&line.text) {
            if para_start.is_none() {
                para_start = Some(out.len());
            }
        } else {
            para_start = None;
        }
        out.push(line.clone());
    }
    out
}

/// The first top-level ATX heading of a slide: its line index and text.
fn first_heading(body: &[BodyLine]) -> Option<(usize, String)> {
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

/// Heading text without Markdown marks, for the deck title.
fn plain_text(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' | '_' | '`' | '~' => {}
            '\\' => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '[' => {}
            ']' => {
                // Drop a link's target.
                if chars.peek() == Some(&'(') {
                    for n in chars.by_ref() {
                        if n == ')' {
                            break;
                        }
                    }
                }
            }
            '!' if chars.peek() == Some(&'[') => {}
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
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
fn write_body(slide: &Slide) -> Vec<String> {
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
    let heading = first_heading(&lines);
    // Every top-level item, and nothing else, comes one step after the
    // other: that is lectern's `.incremental`.
    let incremental = heading.is_some()
        && places.iter().any(|p| matches!(p, Place::Top(_)))
        && places
            .iter()
            .zip(&lines)
            .all(|(p, l)| matches!(p, Place::Top(_)) == l.pause);
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
        if heading.is_some() && background_path_ok(bg) {
            if bg.contains(char::is_whitespace) {
                classes.push(format!("background=\"{bg}\""));
            } else {
                classes.push(format!("background={bg}"));
            }
        } else {
            trailing_image = Some(format!("![]({bg})"));
        }
    }
    let mut out: Vec<String> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let mut line = l.text.clone();
        if l.pause && !incremental {
            if out.last().is_some_and(|l: &String| !l.trim().is_empty()) {
                out.push(String::new());
            }
            out.push(". . .".into());
            out.push(String::new());
            if let Place::Top(Item {
                first_of_list: false,
                number: Some(n),
            }) = &places[i]
            {
                line = renumber(&line, *n);
            }
        }
        if heading.as_ref().is_some_and(|(h, _)| *h == i) && !classes.is_empty() {
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
    // Collapse runs of blank lines.
    let mut collapsed: Vec<String> = Vec::with_capacity(out.len());
    for line in out {
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

/// Image references in lectern Markdown outside code (`![alt](src)`).
pub fn image_sources(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fences = Fences::default();
    for line in markdown.lines() {
        if fences.code(line) {
            continue;
        }
        let bg = background_range(line).map(|r| line[r].to_string());
        for src in text::images(line).into_iter().map(|i| i.src).chain(bg) {
            if !out.contains(&src) {
                out.push(src);
            }
        }
    }
    out
}

/// Whether a path can stand in a heading's `{background=…}`.
pub fn background_path_ok(path: &str) -> bool {
    !path.trim().is_empty()
        && !path.contains(|c: char| c.is_control() || matches!(c, '{' | '}' | '"' | '\''))
}

/// Where a heading line's `background=PATH` names its picture.
fn background_range(line: &str) -> Option<std::ops::Range<usize>> {
    if atx_heading(line).is_none() || !line.trim_end().ends_with('}') {
        return None;
    }
    let open = line.rfind('{')?;
    let at = open + line[open..].find("background=")? + "background=".len();
    if line[at..].starts_with('"') {
        let end = at + 1 + line[at + 1..].find('"')?;
        return (end > at + 1).then_some(at + 1..end);
    }
    let end = at + line[at..].find(|c: char| c.is_whitespace() || c == '}')?;
    (end > at).then_some(at..end)
}

/// A fence line of lectern's columns: `:::: columns`, `::: column` with
/// its width in percent, or a closing `:::` / `::::`.
pub fn fence(what: Fence) -> String {
    match what {
        Fence::Columns => ":::: columns".into(),
        Fence::Column(None) => "::: column".into(),
        Fence::Column(Some(w)) => {
            format!("::: {{.column width=\"{}%\"}}", (w * 10.0).round() / 10.0)
        }
        Fence::EndColumn => ":::".into(),
        Fence::EndColumns => "::::".into(),
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Fence {
    Columns,
    Column(Option<f32>),
    EndColumn,
    EndColumns,
}

/// Rewrites image sources (outside code) with `f`; `None` keeps a source.
pub fn rewrite_image_sources(markdown: &str, f: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut fences = Fences::default();
    for line in markdown.split_inclusive('\n') {
        if fences.code(line.trim_end_matches(['\n', '\r'])) {
            out.push_str(line);
            continue;
        }
        let mut rewritten = String::new();
        let mut last = 0;
        let mut found: Vec<(String, std::ops::Range<usize>)> = text::images(line)
            .into_iter()
            .map(|i| (i.src, i.src_range))
            .collect();
        found.extend(background_range(line).map(|r| (line[r.clone()].to_string(), r)));
        for (src, range) in found {
            if let Some(new) = f(&src) {
                rewritten.push_str(&line[last..range.start]);
                rewritten.push_str(&new);
                last = range.end;
            }
        }
        rewritten.push_str(&line[last..]);
        out.push_str(&rewritten);
    }
    out
}

/// Slide breaks in lectern Markdown (outside code), and the slides' own
/// text without their notes: for the tools' tests.
#[cfg(test)]
pub(crate) fn breaks_and_slides(out: &str) -> (usize, String) {
    let mut fences = Fences::default();
    let mut breaks = 0;
    let mut slides = String::new();
    let mut in_notes = false;
    for line in out.lines() {
        let code = fences.code(line);
        if !code && line == "---" {
            breaks += 1;
            in_notes = false;
            continue;
        }
        if !code && line == "???" {
            in_notes = true;
        }
        if !in_notes {
            slides.push_str(line);
            slides.push('\n');
        }
    }
    (breaks, slides)
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

    #[test]
    fn detection_reads_front_matter_and_syntax() {
        for (src, ext, tool) in [
            ("---\nmarp: true\n---\n# a\n", "md", Tool::Marp),
            ("---\ntitle: x\n---\n## a\n", "qmd", Tool::Quarto),
            (
                "---\ntitle: x\nformat: revealjs\n---\n## a\n",
                "md",
                Tool::Quarto,
            ),
            (
                "---\ntheme: seriph\nlayout: cover\n---\n# a\n",
                "md",
                Tool::Slidev,
            ),
            ("# a\n<!-- end_slide -->\n# b\n", "md", Tool::Presenterm),
            ("# a\n\nNote: hi\n\n---\n\n# b\n", "md", Tool::Reveal),
            ("---\nseparator: <!--s-->\n---\n# a\n", "md", Tool::Reveal),
            ("## a\n\n::: notes\nhi\n:::\n", "md", Tool::Quarto),
            ("# a\n\n---\n\n# b\n", "md", Tool::Marp),
        ] {
            assert_eq!(detect(src, ext), tool, "{src:?}");
        }
    }

    #[test]
    fn images_are_listed_and_rewritten_outside_code() {
        let md = "![a](x.png) and ![b](<y z.png> \"t\")\n```\n![c](no.png)\n```\n";
        assert_eq!(image_sources(md), ["x.png", "y z.png"]);
        let out = rewrite_image_sources(md, &|s| (s == "x.png").then(|| "assets/x.png".into()));
        assert!(out.starts_with("![a](assets/x.png) and"), "{out}");
        assert!(out.contains("![c](no.png)"));
        // A heading's background is an image too, quoted or not.
        let md = "# A {.title background=bg.png}\n\n# B {background=\"a b.png\"}\n";
        assert_eq!(image_sources(md), ["bg.png", "a b.png"]);
        let out = rewrite_image_sources(md, &|s| Some(format!("img/{s}")));
        assert_eq!(
            out,
            "# A {.title background=img/bg.png}\n\n# B {background=\"img/a b.png\"}\n"
        );
    }
}

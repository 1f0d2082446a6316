//! Quarto reveal.js decks (`.qmd`) and pandoc slide Markdown.
//!
//! Headings up to the slide level (`slide-level`, 2 unless set) start
//! slides; headings above it are section slides; a thematic break starts an
//! untitled slide. A title in the front matter makes the title slide. Divs
//! (`::: notes`, `::: incremental`, `::: {.fragment}`, `:::: columns`) and
//! `. . .` are pandoc's speaker notes, lists and pauses; columns, an
//! image's `{width=50%}` and a heading's `background-image=` are lectern's
//! own; other divs, attributes (`{.smaller}`) and shortcodes (`{{< … >}}`)
//! have no lectern equivalent. Executable code
//! chunks (```` ```{r} ````) are shown as code; their output is not run.

use yaml_rust2::Yaml;

use super::html;
use super::markup::{fence, image_width, percent, Fence};
use super::model::{BodyLine, Deck, Kept, Slide};
use super::pandoc::{self, Latex};
use super::pipeline;
use super::report::{brief, Report};
use super::tags::attr;
use super::text::{
    atx_heading, front_matter, images, is_paragraph_line, list_marker, lookup, scalar,
    setext_level, trailing_attrs, Entry, Fences,
};
use super::tool::{Options, Tool};
use crate::diag::Diagnostic;

/// Converts a Quarto or pandoc deck into a lectern deck and its warnings.
pub fn convert(source: &str, opts: &Options) -> (String, Vec<Diagnostic>) {
    let imported = pipeline::convert(Tool::Quarto, source, opts, read);
    (imported.text, imported.diagnostics)
}

/// What an open div does.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Div {
    Notes,
    Incremental(bool),
    Fragment,
    Hidden,
    /// `:::: columns` and `::: column`: lectern's own, written through.
    Columns,
    Column,
    Other,
}

/// `::: notes`, `:::: {.columns}`: the div's classes and attributes.
fn div_open(line: &str) -> Option<String> {
    let t = line.trim();
    let colons = t.chars().take_while(|c| *c == ':').count();
    if colons < 3 {
        return None;
    }
    let rest = t[colons..].trim().trim_end_matches(':').trim();
    if rest.is_empty() {
        return None;
    }
    Some(
        rest.trim_start_matches('{')
            .trim_end_matches('}')
            .trim()
            .to_string(),
    )
}

fn div_close(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.chars().all(|c| c == ':')
}

fn classes(spec: &str) -> Vec<String> {
    spec.split_whitespace()
        .filter_map(|w| {
            if let Some(c) = w.strip_prefix('.') {
                Some(c.to_string())
            } else if !w.contains('=') && !w.starts_with('#') {
                Some(w.to_string())
            } else {
                None
            }
        })
        .collect()
}

/// A `columns` or `column` div lectern reads as written: that class, and
/// no attribute but a column's width in percent.
fn column_div(classes: &[String], spec: &str, name: &str) -> bool {
    classes.len() == 1
        && classes[0] == name
        && spec.split_whitespace().all(|w| {
            !w.contains('=')
                || (name == "column"
                    && w.starts_with("width=")
                    && percent(w.trim_start_matches("width=").trim_matches(['"', '\''])).is_some())
        })
}

/// Whether a thematic break line starts a slide.
fn is_rule(line: &str) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    indent <= 3
        && t.len() >= 3
        && t.chars()
            .next()
            .is_some_and(|c| matches!(c, '-' | '*' | '_'))
        && t.chars().all(|c| c == t.chars().next().unwrap_or('-'))
}

/// Column spans of a pandoc simple table's dash line (`---  ----`).
fn dash_columns(line: &str) -> Option<Vec<(usize, usize)>> {
    let chars: Vec<char> = line.chars().collect();
    if chars.iter().any(|c| !matches!(c, '-' | ' ')) || !line.contains('-') {
        return None;
    }
    let mut cols = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '-' {
            let start = i;
            while i < chars.len() && chars[i] == '-' {
                i += 1;
            }
            cols.push((start, i));
        } else {
            i += 1;
        }
    }
    (cols.len() >= 2).then_some(cols)
}

/// Pandoc simple tables (a header line over dash runs, rows cut at the
/// same columns) become pipe tables lectern reads.
fn simple_tables(lines: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut fences = Fences::default();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if fences.code(l) {
            out.push(l.to_string());
            i += 1;
            continue;
        }
        let header_ok = !l.trim().is_empty()
            && (i == 0 || lines[i - 1].trim().is_empty())
            && !l.trim_start().starts_with(['#', '|', '-', '*', ':', '>']);
        let cols = lines
            .get(i + 1)
            .and_then(|d| dash_columns(d))
            .filter(|_| header_ok);
        let Some(cols) = cols else {
            out.push(l.to_string());
            i += 1;
            continue;
        };
        let cut = |row: &str| -> Vec<String> {
            let chars: Vec<char> = row.chars().collect();
            cols.iter()
                .enumerate()
                .map(|(k, (start, _))| {
                    let end = cols
                        .get(k + 1)
                        .map_or(chars.len(), |n| n.0.min(chars.len()));
                    let start = (*start).min(chars.len());
                    let cell: String = chars[start..end.max(start)].iter().collect();
                    cell.trim().replace('|', "\\|")
                })
                .collect()
        };
        out.push(format!("| {} |", cut(l).join(" | ")));
        out.push(format!("|{}", "---|".repeat(cols.len())));
        let mut j = i + 2;
        while j < lines.len() && !lines[j].trim().is_empty() {
            out.push(format!("| {} |", cut(lines[j]).join(" | ")));
            j += 1;
        }
        i = j;
    }
    out
}

/// The front matter: the deck's title and language, the title slide, and
/// the settings reading the body depends on.
struct Front {
    deck: Deck,
    /// The first line index after the front matter.
    body_start: usize,
    slide_level: u8,
    incremental: bool,
    echo: bool,
    title: Option<(usize, String)>,
    /// Subtitle, date, institute and authors, for the title slide.
    subtitle: Vec<(usize, String)>,
}

impl Front {
    fn read(lines: &[&str], report: &mut Report) -> Front {
        let mut front = Front {
            deck: Deck::default(),
            body_start: 0,
            slide_level: 2,
            incremental: false,
            echo: true,
            title: None,
            subtitle: Vec::new(),
        };
        if let Some(fm) = front_matter(lines) {
            let entries = report.front_matter_entries(&fm, lines);
            for e in entries {
                front.entry(&e, report);
            }
            front.title_slide();
            front.body_start = fm.body;
        } else if lines.first().is_some_and(|l| l.starts_with('%')) {
            front.percent_block(lines);
            front.title_slide();
        }
        front
    }

    /// pandoc's `%` title block: title, author(s), date, one per line (a
    /// line indented under one continues it).
    fn percent_block(&mut self, lines: &[&str]) {
        let mut fields: Vec<(usize, String)> = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            let l = lines[i];
            if let Some(rest) = l.strip_prefix('%') {
                fields.push((i + 1, rest.trim().to_string()));
            } else if l.starts_with([' ', '\t']) && !l.trim().is_empty() && !fields.is_empty() {
                if let Some(last) = fields.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(l.trim());
                }
            } else {
                break;
            }
            i += 1;
        }
        self.body_start = i;
        let mut fields = fields.into_iter();
        if let Some((line, title)) = fields.next().filter(|(_, t)| !t.is_empty()) {
            self.title = Some((line, title));
        }
        for (line, value) in fields.filter(|(_, v)| !v.is_empty()) {
            // Authors are separated by `;` in a `%` block.
            let value = value
                .split(';')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(", ");
            self.subtitle.push((line, value));
        }
    }

    fn entry(&mut self, e: &Entry, report: &mut Report) {
        let value = e.str();
        let deck = &mut self.deck;
        match e.key.as_str() {
            "title" => self.title = value.map(|v| (e.line, v)),
            "pagetitle" => {
                if deck.title.is_none() {
                    deck.title = value;
                }
            }
            "subtitle" | "date" | "institute" => {
                if let Some(v) = value {
                    self.subtitle.push((e.line, v));
                }
            }
            "author" => {
                let names = authors(&e.value);
                if !names.is_empty() {
                    self.subtitle.push((e.line, names.join(", ")));
                }
            }
            "lang" => deck.language = value,
            "slide-level" => {
                self.slide_level = value.and_then(|v| v.parse().ok()).unwrap_or(2);
            }
            "incremental" => self.incremental = value.as_deref() == Some("true"),
            "format" => self.format(e, value.as_deref(), report),
            "execute" => {
                if let Some(b) = lookup(&e.value, "echo").and_then(Yaml::as_bool) {
                    self.echo = b;
                }
                report.keep(&mut deck.kept, e.line, &e.text, "Quarto `execute` options");
            }
            _ => report.keep(
                &mut deck.kept,
                e.line,
                &e.text,
                &format!("Quarto setting `{}`", e.key),
            ),
        }
    }

    /// `format:`: the reveal.js format's own options, under any name ending
    /// in `revealjs` (custom formats too).
    fn format(&mut self, e: &Entry, value: Option<&str>, report: &mut Report) {
        let formats: Vec<&Yaml> = e
            .value
            .as_hash()
            .map(|h| {
                h.iter()
                    .filter(|(k, _)| k.as_str().is_some_and(|k| k.ends_with("revealjs")))
                    .map(|(_, v)| v)
                    .collect()
            })
            .unwrap_or_default();
        for f in &formats {
            if let Some(n) = lookup(f, "slide-level").and_then(yaml_rust2::Yaml::as_i64) {
                self.slide_level = n.clamp(1, 6) as u8;
            }
            if let Some(b) = lookup(f, "incremental").and_then(Yaml::as_bool) {
                self.incremental = b;
            }
        }
        let only_switch = value.is_some_and(|v| v.ends_with("revealjs"));
        if !only_switch {
            report.keep(
                &mut self.deck.kept,
                e.line,
                &e.text,
                "Quarto format options",
            );
        }
    }

    /// The title, with the subtitle lines under it, as the first slide.
    fn title_slide(&mut self) {
        let Some((line, t)) = self.title.take() else {
            return;
        };
        self.deck.title = Some(t.clone());
        let mut s = Slide::at(1);
        s.kind = Some("title");
        s.push(
            line,
            format!("# {}", t.split_whitespace().collect::<Vec<_>>().join(" ")),
        );
        for (line, sub) in std::mem::take(&mut self.subtitle) {
            s.push(line, String::new());
            s.push(
                line,
                sub.replace("\\n", " ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
        // Shortcodes in the title (`{{< iconify … >}}`) are read at the end.
        self.deck.slides.push(s);
    }
}

pub(super) fn read(source: &str, report: &mut Report) -> Deck {
    let grids = pandoc::grid_tables(&source.lines().map(str::to_string).collect::<Vec<_>>());
    let tables = simple_tables(&grids.iter().map(String::as_str).collect::<Vec<_>>());
    let lines: Vec<&str> = tables.iter().map(String::as_str).collect();
    let front = Front::read(&lines, report);
    let mut reader = Reader {
        report,
        deck: front.deck,
        slide: Slide::at(front.body_start + 1),
        slide_level: front.slide_level,
        incremental: front.incremental,
        echo: front.echo,
        divs: Vec::new(),
        pause_next: false,
        background: None,
        after_paragraph: false,
    };
    let mut i = front.body_start;
    while i < lines.len() {
        i = reader.line(&lines, i);
    }
    reader.new_slide(lines.len() + 1);
    reader.finish()
}

/// The body, read line by line into slides.
struct Reader<'r, 'a> {
    report: &'r mut Report<'a>,
    deck: Deck,
    slide: Slide,
    slide_level: u8,
    incremental: bool,
    echo: bool,
    divs: Vec<Div>,
    pause_next: bool,
    /// The slide's `background-image`, shown at its end.
    background: Option<(usize, String)>,
    /// The line before was paragraph text (a `---` under it is a heading's
    /// underline, not a rule).
    after_paragraph: bool,
}

impl Reader<'_, '_> {
    fn new_slide(&mut self, line: usize) {
        let mut done = std::mem::replace(&mut self.slide, Slide::at(line));
        if let Some((_, src)) = self.background.take() {
            done.background = Some(src);
        }
        if !done.is_empty() || !done.notes.is_empty() || !done.kept.is_empty() || done.hidden {
            self.deck.slides.push(done);
        } else {
            // An empty slide (a rule before a heading) is no slide.
            self.slide.kept = done.kept;
        }
    }

    fn in_notes(&self) -> bool {
        self.divs.contains(&Div::Notes)
    }

    fn in_hidden(&self) -> bool {
        self.divs.contains(&Div::Hidden)
    }

    fn incremental_now(&self) -> bool {
        self.divs
            .iter()
            .rev()
            .find_map(|d| match d {
                Div::Incremental(on) => Some(*on),
                _ => None,
            })
            .unwrap_or(self.incremental)
    }

    fn push(&mut self, line: usize, text: String) {
        if self.in_notes() {
            self.slide.notes.push(text);
            return;
        }
        if self.in_hidden() {
            self.slide.kept.push(Kept { line, text });
            return;
        }
        let blank = text.trim().is_empty();
        let mut l = BodyLine {
            text,
            pause: false,
            line,
        };
        if !blank {
            if self.pause_next {
                l.pause = true;
                self.pause_next = false;
            }
            if self.incremental_now() && list_marker(&l.text).is_some() {
                l.pause = true;
            }
        }
        self.slide.body.push(l);
    }

    /// Reads the line at `i` (and any it opens); returns the index after.
    fn line(&mut self, lines: &[&str], i: usize) -> usize {
        let l = lines[i];
        let t = l.trim();
        let n = i + 1;
        // Code: executable chunks, or plain fenced code.
        if t.starts_with("```") || t.starts_with("~~~") {
            self.after_paragraph = false;
            return self.code(lines, i);
        }
        if let Some(spec) = div_open(l) {
            self.open_div(&spec, l, n);
            self.after_paragraph = false;
            return n;
        }
        if div_close(l) && !self.divs.is_empty() {
            self.close_div(l, n);
            self.after_paragraph = false;
            return n;
        }
        if self.in_notes() {
            self.slide.notes.push(l.to_string());
            return n;
        }
        if let Some(next) = self.heading(lines, i) {
            self.after_paragraph = false;
            return next;
        }
        if is_rule(l) && !self.after_paragraph && self.divs.is_empty() {
            self.new_slide(n + 1);
            return n;
        }
        if t == ". . ." {
            self.pause_next = true;
            self.after_paragraph = false;
            return n;
        }
        if let Some(rest) = t
            .strip_prefix(". . .")
            .filter(|r| r.trim_start().starts_with("<!--"))
        {
            // A pause with a comment after it.
            self.pause_next = true;
            self.report.keep(
                &mut self.slide.kept,
                n,
                rest.trim(),
                "a comment after a pause",
            );
            return n;
        }
        if let Some(latex) = pandoc::latex_line(l) {
            self.latex(latex, l, n);
            return n;
        }
        let text = inline(self.report, &mut self.slide.kept, l, n, l);
        self.after_paragraph = is_paragraph_line(l);
        self.push(n, text);
        n
    }

    /// A beamer deck's raw LaTeX line: shown as lectern Markdown, a pause,
    /// or kept as a note.
    fn latex(&mut self, latex: Latex, l: &str, n: usize) {
        self.after_paragraph = false;
        match latex {
            Latex::Show(md) => self.push(n, md),
            Latex::Pause => self.pause_next = true,
            Latex::Keep => self
                .report
                .keep(&mut self.slide.kept, n, l.trim(), "raw LaTeX"),
        }
    }

    /// A fenced code block from line `i` to its closing fence.
    fn code(&mut self, lines: &[&str], i: usize) -> usize {
        // Closed by a line of the same character, at least as long: a
        // four-backtick fence shows a three-backtick chunk inside it.
        let t = lines[i].trim();
        let ch = t.chars().next().unwrap_or('`');
        let len = t.chars().take_while(|c| *c == ch).count();
        let end = (i + 1..lines.len())
            .find(|&j| {
                let c = lines[j].trim();
                c.chars().count() >= len && c.chars().all(|x| x == ch)
            })
            .unwrap_or(lines.len() - 1);
        self.chunk(&lines[i..=end], i + 1);
        end + 1
    }

    /// `::: notes`, `:::: {.columns}`, `::: {.fragment}`…
    fn open_div(&mut self, spec: &str, l: &str, n: usize) {
        let cls = classes(spec);
        let kind = self.div_kind(spec, &cls);
        if matches!(kind, Div::Columns | Div::Column) && !self.in_notes() && !self.in_hidden() {
            // lectern reads the same fences: written as they are.
            let what = if kind == Div::Columns {
                Fence::Columns
            } else {
                Fence::Column(attr(spec, "width").and_then(|w| percent(&w)))
            };
            self.push(n, String::new());
            self.push(n, fence(what));
            self.push(n, String::new());
            self.divs.push(kind);
            return;
        }
        let extra: Vec<&String> = cls
            .iter()
            .filter(|c| {
                !matches!(
                    c.as_str(),
                    "notes" | "incremental" | "nonincremental" | "fragment"
                )
            })
            .filter(|c| {
                !(kind == Div::Fragment
                    && (c.starts_with("fade")
                        || c.starts_with("semi")
                        || c.starts_with("highlight")))
            })
            .collect();
        let t = l.trim();
        if (kind == Div::Other || kind == Div::Hidden || !extra.is_empty() || spec.contains('='))
            && !self.in_notes()
        {
            let what = if kind == Div::Hidden {
                "a hidden div (its content is not shown)".to_string()
            } else {
                format!("div {}", brief(t))
            };
            self.report.keep(&mut self.slide.kept, n, t, &what);
        } else if self.in_notes() {
            self.slide.notes.push(l.to_string());
        }
        self.divs.push(kind);
    }

    /// What a div opening with these classes does (a fragment's pause is
    /// taken here).
    fn div_kind(&mut self, spec: &str, cls: &[String]) -> Div {
        let has = |name: &str| cls.iter().any(|c| c == name);
        if has("notes") {
            Div::Notes
        } else if has("incremental") {
            Div::Incremental(true)
        } else if has("nonincremental") {
            Div::Incremental(false)
        } else if has("fragment") {
            self.pause_next = true;
            Div::Fragment
        } else if has("hidden") || attr(spec, "visibility").as_deref() == Some("hidden") {
            Div::Hidden
        } else if column_div(cls, spec, "columns") {
            Div::Columns
        } else if column_div(cls, spec, "column") && self.divs.last() == Some(&Div::Columns) {
            Div::Column
        } else {
            Div::Other
        }
    }

    /// `:::` closing the innermost open div.
    fn close_div(&mut self, l: &str, n: usize) {
        let kind = self.divs.pop();
        if matches!(kind, Some(Div::Columns | Div::Column)) && !self.in_notes() && !self.in_hidden()
        {
            let end = if kind == Some(Div::Columns) {
                Fence::EndColumns
            } else {
                Fence::EndColumn
            };
            self.push(n, String::new());
            self.push(n, fence(end));
            self.push(n, String::new());
            return;
        }
        if self.in_notes() {
            self.slide.notes.push(l.to_string());
        } else if kind != Some(Div::Notes) {
            self.push(n, String::new());
        }
    }

    /// A heading up to the slide level (outside divs) starts a slide;
    /// returns the index after it.
    fn heading(&mut self, lines: &[&str], i: usize) -> Option<usize> {
        let l = lines[i];
        let n = i + 1;
        let setext = lines
            .get(i + 1)
            .and_then(|next| setext_level(next))
            .filter(|_| is_paragraph_line(l) && !self.after_paragraph);
        let heading = atx_heading(l).or_else(|| setext.map(|lv| (lv, l.trim().to_string())));
        let (level, mut text) =
            heading.filter(|(lv, _)| *lv <= self.slide_level && self.divs.is_empty())?;
        self.new_slide(n);
        if let Some((without, spec)) = trailing_attrs(&text) {
            self.heading_attrs(&spec, n, l);
            text = without;
        }
        if level < self.slide_level {
            self.slide.kind = Some("section");
        }
        let text = inline(self.report, &mut self.slide.kept, &text, n, l);
        self.push(n, format!("{} {}", "#".repeat(level as usize), text));
        Some(if setext.is_some() && atx_heading(l).is_none() {
            i + 2
        } else {
            i + 1
        })
    }

    /// A heading's `{…}` attributes.
    fn heading_attrs(&mut self, spec: &str, line: usize, source: &str) {
        if attr(spec, "visibility").as_deref() == Some("hidden") {
            self.slide.hidden = true;
        }
        if let Some(src) = attr(spec, "background-image") {
            self.background = Some((line, src));
        }
        // An id alone is an anchor, a background image lectern's `background=`:
        // nothing to keep.
        let meaningful = spec
            .split_whitespace()
            .any(|w| !w.starts_with('#') && !w.starts_with("background-image="));
        if meaningful {
            let what = if attr(spec, "visibility").as_deref() == Some("hidden") {
                "a hidden slide (`visibility=\"hidden\"`)".to_string()
            } else {
                format!("slide attributes `{{{spec}}}`")
            };
            self.report
                .keep(&mut self.slide.kept, line, source.trim(), &what);
        }
    }

    /// A code block: an executable chunk (```` ```{r} ````), or plain code.
    fn chunk(&mut self, lines: &[&str], at: usize) {
        let open = lines[0].trim();
        let fence: String = open
            .chars()
            .take_while(|c| *c == '`' || *c == '~')
            .collect();
        let info = open[fence.len()..].trim();
        let executable =
            info.starts_with('{') && !info.starts_with("{.") && !info.starts_with("{=");
        let lang = info
            .trim_start_matches('{')
            .trim_end_matches('}')
            .split([' ', ',', '}'])
            .next()
            .unwrap_or("")
            .trim_start_matches('.')
            .to_string();
        if self.in_notes() {
            self.slide
                .notes
                .extend(lines.iter().map(std::string::ToString::to_string));
        } else if info.starts_with("{=") {
            let text = lines.join("\n");
            self.report.keep(
                &mut self.slide.kept,
                at,
                &text,
                &format!("a raw `{info}` block"),
            );
        } else if !executable {
            // `{.r filename="x"}`: the language is the class.
            let opening = if info.starts_with('{') {
                format!("{fence}{lang}")
            } else {
                open.to_string()
            };
            self.push(at, opening);
            for (k, l) in lines[1..].iter().enumerate() {
                self.push(at + 1 + k, l.to_string());
            }
        } else {
            self.executable(lines, at, &fence, &lang);
        }
    }

    /// An executable chunk: its code shown without its `#|` options, or
    /// kept in the notes when only its output would show.
    fn executable(&mut self, lines: &[&str], at: usize, fence: &str, lang: &str) {
        let options = chunk_options(lines);
        let echo = chunk_option(&options, "echo").map_or(self.echo, |v| v == "true");
        let include = chunk_option(&options, "include").is_none_or(|v| v != "false");
        if !echo || !include {
            self.report.keep(
                &mut self.slide.kept,
                at,
                &lines.join("\n"),
                &format!(
                    "a `{{{lang}}}` code chunk that shows only its output (lectern does not run code)"
                ),
            );
            return;
        }
        self.report.keep(
            &mut self.slide.kept,
            at,
            &options.join("\n"),
            &format!(
                "the options of a `{{{lang}}}` code chunk (the code is shown; lectern does not run it)"
            ),
        );
        self.push(at, format!("{fence}{lang}"));
        for (k, l) in lines[1..].iter().enumerate() {
            if options.contains(l) {
                continue;
            }
            self.push(at + 1 + k, l.to_string());
        }
    }

    /// The deck read: the title slide's own text (shortcodes in a title)
    /// and every slide's HTML converted.
    fn finish(self) -> Deck {
        let Reader {
            report, mut deck, ..
        } = self;
        for s in &mut deck.slides {
            if s.kind == Some("title") && s.line == 1 {
                for b in std::mem::take(&mut s.body) {
                    let text = inline(report, &mut s.kept, &b.text, b.line, &b.text);
                    s.push(b.line, text);
                }
            }
            let body = std::mem::take(&mut s.body);
            s.body = html::convert(body, report, &mut s.kept);
        }
        deck
    }
}

fn authors(v: &Yaml) -> Vec<String> {
    match v {
        Yaml::Array(list) => list.iter().flat_map(authors).collect(),
        Yaml::Hash(_) => lookup(v, "name").and_then(scalar).into_iter().collect(),
        other => scalar(other).into_iter().collect(),
    }
}

/// A chunk's option lines (`#| echo: false`, `%%|`, `//|`).
fn chunk_options<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let inner: &[&str] = if lines.len() > 2 {
        &lines[1..lines.len() - 1]
    } else {
        &[]
    };
    inner
        .iter()
        .copied()
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with("#|") || t.starts_with("%%|") || t.starts_with("//|")
        })
        .collect()
}

/// The value of one chunk option.
fn chunk_option(options: &[&str], key: &str) -> Option<String> {
    options.iter().find_map(|o| {
        let rest = o
            .trim_start()
            .trim_start_matches(['#', '%', '/'])
            .trim_start_matches('|')
            .trim();
        let (k, v) = rest.split_once(':')?;
        (k.trim() == key).then(|| v.trim().to_string())
    })
}

/// Inline pandoc and Quarto syntax in a line: shortcodes, image and span
/// attributes. What lectern has no equivalent for goes to `kept`.
fn inline(
    report: &mut Report,
    kept: &mut Vec<Kept>,
    line: &str,
    at: usize,
    source: &str,
) -> String {
    let text = shortcodes(report, kept, line, at);
    let (text, mut notes) = pandoc::link_attributes(&text);
    let (out, more) = attribute_blocks(&text);
    notes.extend(more);
    let cleaned = code_attributes(&out);
    if !notes.is_empty() {
        report.keep(
            kept,
            at,
            source.trim(),
            &format!("attributes {}", brief(&notes.join(" "))),
        );
    }
    cleaned
}

/// `{{< video … >}}` and `{{< kbd … >}}` as lectern shows them; other
/// shortcodes leave the slide for its notes.
fn shortcodes(report: &mut Report, kept: &mut Vec<Kept>, line: &str, at: usize) -> String {
    let mut text = line.to_string();
    while let Some(start) = text.find("{{<") {
        let Some(len) = text[start..].find(">}}") else {
            break;
        };
        let inner = text[start + 3..start + len].trim().to_string();
        let mut words = inner.split_whitespace();
        let name = words.next().unwrap_or("").to_string();
        let args: Vec<&str> = words.collect();
        let replacement = match name.as_str() {
            "video" => args
                .first()
                .map(|u| u.trim_matches('"').to_string())
                .unwrap_or_default(),
            "kbd" => format!("`{}`", args.join(" ")),
            _ => String::new(),
        };
        if name != "video" && name != "kbd" {
            report.keep(
                kept,
                at,
                &text[start..start + len + 3],
                &format!("Quarto shortcode `{name}`"),
            );
        }
        text = format!(
            "{}{}{}",
            &text[..start],
            replacement,
            &text[start + len + 3..]
        );
    }
    text
}

/// `![](x){width=50%}` and `[text]{.class}`: an image's width is
/// lectern's own, other attribute blocks are taken out (and returned).
fn attribute_blocks(text: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut rest = text;
    let mut notes: Vec<String> = Vec::new();
    loop {
        let imgs = images(rest);
        let next_img = imgs
            .first()
            .map(|i| i.range.end)
            .filter(|e| rest[*e..].starts_with('{'));
        let span = rest.find("]{");
        let cut = match (next_img, span) {
            (Some(a), Some(b)) => Some(a.min(b + 1)),
            (a, b) => a.or(b.map(|b| b + 1)),
        };
        let Some(at_brace) = cut else { break };
        let Some(close) = rest[at_brace..].find('}') else {
            break;
        };
        let attrs = &rest[at_brace + 1..at_brace + close];
        let is_span = next_img != Some(at_brace);
        out.push_str(&rest[..at_brace]);
        if is_span {
            // `[text]` stays as text: drop the opening bracket we passed.
            if let Some(open) = out.rfind('[') {
                let inner = out[open + 1..].trim_end_matches(']').to_string();
                out.truncate(open);
                out.push_str(&inner);
            }
        }
        match image_width(attrs).filter(|_| !is_span) {
            // lectern reads an image's width as Pandoc writes it.
            Some(w) => out.push_str(&format!("{{width={w}}}")),
            None => notes.push(format!("{{{attrs}}}")),
        }
        rest = &rest[at_brace + close + 1..];
    }
    out.push_str(rest);
    (out, notes)
}

/// Inline code attributes (`x`{.lang}) say only the language: dropped.
fn code_attributes(out: &str) -> String {
    let out = out.replace("`{.", "`\u{1}{.");
    let mut cleaned = String::new();
    let mut parts = out.split('\u{1}');
    if let Some(first) = parts.next() {
        cleaned.push_str(first);
    }
    for p in parts {
        match p.find('}') {
            Some(e) => cleaned.push_str(&p[e + 1..]),
            None => cleaned.push_str(p),
        }
    }
    cleaned
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> (String, Vec<Diagnostic>) {
        convert(src, &Options::new("talk.qmd"))
    }

    #[test]
    fn a_chunk_shown_in_a_four_backtick_fence_keeps_the_slides_after_it() {
        let (out, _) = run(
            "---\ntitle: T\nformat: revealjs\n---\n\n## A\n\n````md\n```{r}\nx <- 1\n```\n````\n\n## B\n\n. . .\n\nmore\n\n## C\n",
        );
        assert_eq!(
            crate::import::testing::breaks_and_slides(&out).0,
            3,
            "{out}"
        );
        assert!(out.contains("```{r}\nx <- 1\n```\n````"), "{out}");
        assert!(!out.contains("\\. . ."), "{out}");
    }

    #[test]
    fn a_percent_title_block_is_the_title_slide() {
        let (out, _) = run("% My Talk\n% Ann; Bob\n% 1 May\n\n## One\n\ntext\n");
        assert!(out.contains("title = \"My Talk\""), "{out}");
        assert!(out.contains("# My Talk {.title}"), "{out}");
        assert!(out.contains("Ann, Bob"), "{out}");
        assert!(!out.contains('%'), "{out}");
    }

    #[test]
    fn title_sections_notes_and_incremental() {
        let (out, diags) = run(
            "---\ntitle: Talk\nauthor: Me\nformat: revealjs\n---\n\n# Part\n\n## One\n\n::: incremental\n- a\n- b\n:::\n\n::: notes\nSay it\n:::\n\n## Two {.smaller}\n\ntext\n\n. . .\n\nmore\n\n---\n\nuntitled\n",
        );
        assert!(out.contains("# Talk {.title}"), "{out}");
        assert!(out.contains("# Part {.section}"), "{out}");
        assert!(out.contains("## One {.incremental}"), "{out}");
        assert!(out.contains("???\nSay it"), "{out}");
        assert!(out.contains("text\n\n. . .\n\nmore"), "{out}");
        assert_eq!(
            crate::import::testing::breaks_and_slides(&out).0,
            4,
            "{out}"
        );
        assert_eq!(diags.len(), 1, "{diags:?}");
    }

    #[test]
    fn columns_chunks_and_attributes() {
        let (out, diags) = run(
            "## Cols\n\n:::: {.columns}\n::: {.column width=\"50%\"}\n![](a.png){width=40%}\n:::\n::::\n\n```{r}\n#| echo: true\n1 + 1\n```\n",
        );
        // Columns and an image width are lectern's own now: written through.
        assert!(out.contains("![](a.png){width=40%}\n"), "{out}");
        let slides = crate::import::testing::breaks_and_slides(&out).1;
        assert!(slides.contains(":::: columns\n"), "{out}");
        assert!(slides.contains("::: {.column width=\"50%\"}\n"), "{out}");
        assert!(out.contains("```r\n1 + 1\n```"), "{out}");
        assert_eq!(diags.len(), 1, "{diags:?}");
    }
}

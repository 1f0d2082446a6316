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
use super::pipeline;
use super::report::{brief, Report};
use super::tags::attr;
use super::text::{
    atx_heading, front_matter, images, list_marker, lookup, scalar, setext_level, trailing_attrs,
    yaml_entries, Fences,
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

struct State<'r, 'a> {
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
}

impl State<'_, '_> {
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

pub(super) fn read(source: &str, report: &mut Report) -> Deck {
    let tables = simple_tables(&source.lines().collect::<Vec<_>>());
    let lines: Vec<&str> = tables.iter().map(String::as_str).collect();
    let mut deck = Deck::default();
    let mut body_start = 0;
    let mut slide_level = 2u8;
    let mut incremental = false;
    let mut echo = true;
    let mut title_slide: Vec<(usize, String)> = Vec::new();
    if let Some(fm) = front_matter(&lines) {
        let (entries, error) = yaml_entries(&fm.yaml_text(&lines), fm.yaml.start + 1);
        if let Some(e) = error {
            report.warn(
                1,
                "---",
                format!("the front matter is not valid YAML ({e}); it is kept as a note"),
            );
        }
        let mut title: Option<(usize, String)> = None;
        let mut subtitle = Vec::new();
        for e in entries {
            let value = e.str();
            match e.key.as_str() {
                "title" => title = value.map(|v| (e.line, v)),
                "pagetitle" => {
                    if deck.title.is_none() {
                        deck.title = value;
                    }
                }
                "subtitle" | "date" | "institute" => {
                    if let Some(v) = value {
                        subtitle.push((e.line, v));
                    }
                }
                "author" => {
                    let names = authors(&e.value);
                    if !names.is_empty() {
                        subtitle.push((e.line, names.join(", ")));
                    }
                }
                "lang" => deck.language = value,
                "slide-level" => {
                    slide_level = value.and_then(|v| v.parse().ok()).unwrap_or(2);
                }
                "incremental" => incremental = value.as_deref() == Some("true"),
                "format" => {
                    // The reveal.js format's own options, under any name
                    // ending in `revealjs` (custom formats too).
                    let formats: Vec<&Yaml> = e
                        .value
                        .as_hash()
                        .map(|h| {
                            h.iter()
                                .filter(|(k, _)| {
                                    k.as_str().is_some_and(|k| k.ends_with("revealjs"))
                                })
                                .map(|(_, v)| v)
                                .collect()
                        })
                        .unwrap_or_default();
                    for f in &formats {
                        if let Some(n) = lookup(f, "slide-level").and_then(yaml_rust2::Yaml::as_i64)
                        {
                            slide_level = n.clamp(1, 6) as u8;
                        }
                        if let Some(b) = lookup(f, "incremental").and_then(Yaml::as_bool) {
                            incremental = b;
                        }
                    }
                    let only_switch = value.is_some_and(|v| v.ends_with("revealjs"));
                    if !only_switch {
                        report.keep(&mut deck.kept, e.line, &e.text, "Quarto format options");
                    }
                }
                "execute" => {
                    if let Some(b) = lookup(&e.value, "echo").and_then(Yaml::as_bool) {
                        echo = b;
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
        if let Some((line, t)) = title {
            deck.title = Some(t.clone());
            title_slide.push((
                line,
                format!("# {}", t.split_whitespace().collect::<Vec<_>>().join(" ")),
            ));
            for (line, s) in subtitle {
                title_slide.push((line, String::new()));
                title_slide.push((
                    line,
                    s.replace("\\n", " ")
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                ));
            }
        }
        body_start = fm.body;
    }
    if !title_slide.is_empty() {
        let mut s = Slide::at(1);
        s.kind = Some("title");
        for (line, t) in title_slide {
            s.push(line, t);
        }
        // Shortcodes in the title (`{{< iconify … >}}`) are read below.
        deck.slides.push(s);
    }

    let mut st = State {
        report,
        deck,
        slide: Slide::at(body_start + 1),
        slide_level,
        incremental,
        echo,
        divs: Vec::new(),
        pause_next: false,
        background: None,
    };
    let mut fences = Fences::default();
    let mut i = body_start;
    let mut after_paragraph = false;
    while i < lines.len() {
        let l = lines[i];
        let t = l.trim();
        let n = i + 1;
        // Code: executable chunks, or plain fenced code.
        if !fences.is_open() && (t.starts_with("```") || t.starts_with("~~~")) {
            let end = (i + 1..lines.len())
                .find(|&j| {
                    let c = lines[j].trim();
                    c.starts_with(&t[..3]) && c.chars().all(|x| x == t.as_bytes()[0] as char)
                })
                .unwrap_or(lines.len() - 1);
            chunk(&mut st, &lines[i..=end], n);
            i = end + 1;
            after_paragraph = false;
            continue;
        }
        let _ = fences.code(l);
        if let Some(spec) = div_open(l) {
            let cls = classes(&spec);
            let kind = if cls.iter().any(|c| c == "notes") {
                Div::Notes
            } else if cls.iter().any(|c| c == "incremental") {
                Div::Incremental(true)
            } else if cls.iter().any(|c| c == "nonincremental") {
                Div::Incremental(false)
            } else if cls.iter().any(|c| c == "fragment") {
                st.pause_next = true;
                Div::Fragment
            } else if cls.iter().any(|c| c == "hidden")
                || attr(&spec, "visibility").as_deref() == Some("hidden")
            {
                Div::Hidden
            } else if column_div(&cls, &spec, "columns") {
                Div::Columns
            } else if column_div(&cls, &spec, "column") && st.divs.last() == Some(&Div::Columns) {
                Div::Column
            } else {
                Div::Other
            };
            if matches!(kind, Div::Columns | Div::Column) && !st.in_notes() && !st.in_hidden() {
                // lectern reads the same fences: written as they are.
                let what = if kind == Div::Columns {
                    Fence::Columns
                } else {
                    Fence::Column(attr(&spec, "width").and_then(|w| percent(&w)))
                };
                st.push(n, String::new());
                st.push(n, fence(what));
                st.push(n, String::new());
                st.divs.push(kind);
                i += 1;
                after_paragraph = false;
                continue;
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
            if (kind == Div::Other
                || kind == Div::Hidden
                || !extra.is_empty()
                || spec.contains('='))
                && !st.in_notes()
            {
                let what = if kind == Div::Hidden {
                    "a hidden div (its content is not shown)".to_string()
                } else {
                    format!("div {}", brief(t))
                };
                let kept = &mut st.slide.kept;
                st.report.keep(kept, n, t, &what);
            } else if st.in_notes() {
                st.slide.notes.push(l.to_string());
            }
            st.divs.push(kind);
            i += 1;
            after_paragraph = false;
            continue;
        }
        if div_close(l) && !st.divs.is_empty() {
            let kind = st.divs.pop();
            if matches!(kind, Some(Div::Columns | Div::Column)) && !st.in_notes() && !st.in_hidden()
            {
                let end = if kind == Some(Div::Columns) {
                    Fence::EndColumns
                } else {
                    Fence::EndColumn
                };
                st.push(n, String::new());
                st.push(n, fence(end));
                st.push(n, String::new());
                i += 1;
                after_paragraph = false;
                continue;
            }
            if st.in_notes() {
                st.slide.notes.push(l.to_string());
            } else if kind != Some(Div::Notes) {
                st.push(n, String::new());
            }
            i += 1;
            after_paragraph = false;
            continue;
        }
        if st.in_notes() {
            st.slide.notes.push(l.to_string());
            i += 1;
            continue;
        }
        // Headings start slides.
        let setext = lines
            .get(i + 1)
            .and_then(|next| setext_level(next))
            .filter(|_| super::text::is_paragraph_line(l) && !after_paragraph);
        let heading = atx_heading(l).or_else(|| setext.map(|lv| (lv, t.to_string())));
        if let Some((level, text)) =
            heading.filter(|(lv, _)| *lv <= st.slide_level && st.divs.is_empty())
        {
            st.new_slide(n);
            let mut text = text;
            if let Some((without, spec)) = trailing_attrs(&text) {
                heading_attrs(&mut st, &spec, n, l);
                text = without;
            }
            if level < st.slide_level {
                st.slide.kind = Some("section");
            }
            let text = inline(&mut st, &text, n, l);
            st.push(n, format!("{} {}", "#".repeat(level as usize), text));
            i += if setext.is_some() && atx_heading(l).is_none() {
                2
            } else {
                1
            };
            after_paragraph = false;
            continue;
        }
        if is_rule(l) && !after_paragraph && st.divs.is_empty() {
            st.new_slide(n + 1);
            i += 1;
            continue;
        }
        if t == ". . ." {
            st.pause_next = true;
            i += 1;
            after_paragraph = false;
            continue;
        }
        if let Some(rest) = t
            .strip_prefix(". . .")
            .filter(|r| r.trim_start().starts_with("<!--"))
        {
            // A pause with a comment after it.
            st.pause_next = true;
            let kept = &mut st.slide.kept;
            st.report
                .keep(kept, n, rest.trim(), "a comment after a pause");
            i += 1;
            continue;
        }
        let text = inline(&mut st, l, n, l);
        after_paragraph = super::text::is_paragraph_line(l);
        st.push(n, text);
        i += 1;
    }
    st.new_slide(lines.len() + 1);
    let mut deck = st.deck;
    for s in &mut deck.slides {
        // The title slide's own text (shortcodes in a title).
        if s.kind == Some("title") && s.line == 1 {
            let body = std::mem::take(&mut s.body);
            let mut tmp = State {
                report: &mut *st.report,
                deck: Deck::default(),
                slide: Slide::at(1),
                slide_level,
                incremental: false,
                echo,
                divs: Vec::new(),
                pause_next: false,
                background: None,
            };
            for b in body {
                let text = inline(&mut tmp, &b.text, b.line, &b.text);
                tmp.slide.push(b.line, text);
            }
            s.body = std::mem::take(&mut tmp.slide.body);
            s.kept.append(&mut tmp.slide.kept);
        }
        let body = std::mem::take(&mut s.body);
        s.body = html::convert(body, st.report, &mut s.kept);
    }
    deck
}

fn authors(v: &Yaml) -> Vec<String> {
    match v {
        Yaml::Array(list) => list.iter().flat_map(authors).collect(),
        Yaml::Hash(_) => lookup(v, "name").and_then(scalar).into_iter().collect(),
        other => scalar(other).into_iter().collect(),
    }
}

/// A heading's `{…}` attributes.
fn heading_attrs(st: &mut State, spec: &str, line: usize, source: &str) {
    if attr(spec, "visibility").as_deref() == Some("hidden") {
        st.slide.hidden = true;
    }
    if let Some(src) = attr(spec, "background-image") {
        st.background = Some((line, src));
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
        let kept = &mut st.slide.kept;
        st.report.keep(kept, line, source.trim(), &what);
    }
}

/// A code block: an executable chunk (```` ```{r} ````), or plain code.
fn chunk(st: &mut State, lines: &[&str], at: usize) {
    let open = lines[0].trim();
    let fence: String = open
        .chars()
        .take_while(|c| *c == '`' || *c == '~')
        .collect();
    let info = open[fence.len()..].trim();
    let executable = info.starts_with('{') && !info.starts_with("{.") && !info.starts_with("{=");
    let raw_format = info.starts_with("{=");
    let lang = info
        .trim_start_matches('{')
        .trim_end_matches('}')
        .split([' ', ',', '}'])
        .next()
        .unwrap_or("")
        .trim_start_matches('.')
        .to_string();
    let text = lines.join("\n");
    if st.in_notes() {
        st.slide
            .notes
            .extend(lines.iter().map(std::string::ToString::to_string));
        return;
    }
    if raw_format {
        let kept = &mut st.slide.kept;
        st.report
            .keep(kept, at, &text, &format!("a raw `{info}` block"));
        return;
    }
    if !executable {
        // `{.r filename="x"}`: the language is the class.
        let opening = if info.starts_with('{') {
            format!("{fence}{lang}")
        } else {
            open.to_string()
        };
        st.push(at, opening);
        for (k, l) in lines[1..].iter().enumerate() {
            st.push(at + 1 + k, l.to_string());
        }
        return;
    }
    let inner: &[&str] = if lines.len() > 2 {
        &lines[1..lines.len() - 1]
    } else {
        &[]
    };
    let options: Vec<&str> = inner
        .iter()
        .copied()
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with("#|") || t.starts_with("%%|") || t.starts_with("//|")
        })
        .collect();
    let option = |key: &str| {
        options.iter().find_map(|o| {
            let rest = o
                .trim_start()
                .trim_start_matches(['#', '%', '/'])
                .trim_start_matches('|')
                .trim();
            let (k, v) = rest.split_once(':')?;
            (k.trim() == key).then(|| v.trim().to_string())
        })
    };
    let echo = option("echo").map_or(st.echo, |v| v == "true");
    let include = option("include").is_none_or(|v| v != "false");
    if !echo || !include {
        let kept = &mut st.slide.kept;
        st.report.keep(
            kept,
            at,
            &text,
            &format!(
                "a `{{{lang}}}` code chunk that shows only its output (lectern does not run code)"
            ),
        );
        return;
    }
    let kept = &mut st.slide.kept;
    st.report.keep(
        kept,
        at,
        &options.join("\n"),
        &format!(
            "the options of a `{{{lang}}}` code chunk (the code is shown; lectern does not run it)"
        ),
    );
    st.push(at, format!("{fence}{lang}"));
    for (k, l) in lines[1..].iter().enumerate() {
        if options.contains(l) {
            continue;
        }
        st.push(at + 1 + k, l.to_string());
    }
}

/// Inline pandoc and Quarto syntax in a line: shortcodes, image and span
/// attributes.
fn inline(st: &mut State, line: &str, at: usize, source: &str) -> String {
    let mut text = line.to_string();
    // Shortcodes.
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
            let kept = &mut st.slide.kept;
            st.report.keep(
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
    // `![](x){width=50%}` and `[text]{.class}`.
    let mut out = String::new();
    let mut rest = text.as_str();
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
    // Inline code attributes (`x`{.lang}) say only the language.
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
    if !notes.is_empty() {
        let kept = &mut st.slide.kept;
        st.report.keep(
            kept,
            at,
            source.trim(),
            &format!("attributes {}", brief(&notes.join(" "))),
        );
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
    fn title_sections_notes_and_incremental() {
        let (out, diags) = run(
            "---\ntitle: Talk\nauthor: Me\nformat: revealjs\n---\n\n# Part\n\n## One\n\n::: incremental\n- a\n- b\n:::\n\n::: notes\nSay it\n:::\n\n## Two {.smaller}\n\ntext\n\n. . .\n\nmore\n\n---\n\nuntitled\n",
        );
        assert!(out.contains("# Talk {.title}"), "{out}");
        assert!(out.contains("# Part {.section}"), "{out}");
        assert!(out.contains("## One {.incremental}"), "{out}");
        assert!(out.contains("???\nSay it"), "{out}");
        assert!(out.contains("text\n\n. . .\n\nmore"), "{out}");
        assert_eq!(crate::import::breaks_and_slides(&out).0, 4, "{out}");
        assert_eq!(diags.len(), 1, "{diags:?}");
    }

    #[test]
    fn columns_chunks_and_attributes() {
        let (out, diags) = run(
            "## Cols\n\n:::: {.columns}\n::: {.column width=\"50%\"}\n![](a.png){width=40%}\n:::\n::::\n\n```{r}\n#| echo: true\n1 + 1\n```\n",
        );
        // Columns and an image width are lectern's own now: written through.
        assert!(out.contains("![](a.png){width=40%}\n"), "{out}");
        let slides = crate::import::breaks_and_slides(&out).1;
        assert!(slides.contains(":::: columns\n"), "{out}");
        assert!(slides.contains("::: {.column width=\"50%\"}\n"), "{out}");
        assert!(out.contains("```r\n1 + 1\n```"), "{out}");
        assert_eq!(diags.len(), 1, "{diags:?}");
    }
}

//! presenterm decks.
//!
//! Slides end at `<!-- end_slide -->` (and, with the `end_slide_shorthand`
//! option, at a thematic break; with `implicit_slide_ends`, before each
//! slide title). Slide titles are setext headings. HTML comments are
//! commands: `pause`, `speaker_note`, `incremental_lists`, `skip_slide`,
//! `column_layout` / `column` / `reset_layout` (lectern's columns), and
//! typography ones lectern has no equivalent for. The front
//! matter's title, sub_title and authors make an introduction slide.

use yaml_rust2::Yaml;

use super::html;
use super::markup::{fence, image_width, Fence};
use super::model::{BodyLine, Deck, Slide};
use super::pipeline;
use super::report::Report;
use super::text::{
    front_matter, images, is_paragraph_line, list_marker, lookup, parse_yaml, scalar, setext_level,
    Entry, Fences,
};
use super::tool::{Options, Tool};
use crate::diag::Diagnostic;

/// Converts a presenterm deck into a lectern deck and its warnings.
pub fn convert(source: &str, opts: &Options) -> (String, Vec<Diagnostic>) {
    let imported = pipeline::convert(Tool::Presenterm, source, opts, read);
    (imported.text, imported.diagnostics)
}

/// A comment command, as presenterm reads it.
enum Command {
    EndSlide,
    Pause,
    SpeakerNote(String),
    Incremental(bool),
    SkipSlide,
    /// `column_layout: [1, 2]`: columns with these shares.
    ColumnLayout(Vec<f32>),
    /// `column: 0`: what follows goes into this column.
    Column(usize),
    /// `reset_layout`: what follows is under the columns.
    ResetLayout,
    /// A command lectern has no equivalent for (its name).
    Other(String),
}

/// An open `column_layout`: where it starts in the slide's body and where
/// each `column:` part starts.
struct Layout {
    widths: Vec<f32>,
    start: usize,
    parts: Vec<(usize, usize)>,
}

/// Rebuilds the body of an open layout as lectern's columns: what came
/// before the first `column:` stays above, then each column's parts in
/// their column, in column order.
fn close_layout(slide: &mut Slide, layout: &mut Option<Layout>) {
    let Some(l) = layout.take() else { return };
    if l.parts.is_empty() {
        return; // no `column:` came: nothing to arrange
    }
    let tail: Vec<BodyLine> = slide.body.drain(l.start.min(slide.body.len())..).collect();
    let base = l.start;
    let first = l.parts.first().map_or(tail.len(), |p| p.1 - base);
    slide.body.extend(tail[..first].iter().cloned());
    let at = tail.first().map_or(0, |b| b.line);
    let mut cols: Vec<Vec<BodyLine>> = vec![Vec::new(); l.widths.len()];
    for (k, &(col, from)) in l.parts.iter().enumerate() {
        let to = l.parts.get(k + 1).map_or(tail.len(), |p| p.1 - base);
        cols[col].extend(tail[from - base..to].iter().cloned());
    }
    let total: f32 = l.widths.iter().sum();
    let equal = l
        .widths
        .iter()
        .all(|w| (*w - l.widths[0]).abs() < f32::EPSILON);
    let mk = |text: String| BodyLine {
        text,
        pause: false,
        line: at,
    };
    slide.body.push(mk(String::new()));
    slide.body.push(mk(fence(Fence::Columns)));
    for (w, lines) in l.widths.iter().zip(cols) {
        let share = (!equal).then(|| w * 100.0 / total);
        slide.body.push(mk(fence(Fence::Column(share))));
        slide.body.extend(lines);
        slide.body.push(mk(String::new()));
        slide.body.push(mk(fence(Fence::EndColumn)));
    }
    slide.body.push(mk(fence(Fence::EndColumns)));
    slide.body.push(mk(String::new()));
}

fn command(content: &str, prefix: &str) -> Option<Command> {
    let content = content
        .trim()
        .strip_prefix(prefix)
        .unwrap_or(content.trim());
    let value = parse_yaml(content).ok()?;
    let known_other = [
        "jump_to_middle",
        "font_size",
        "alignment",
        "new_line",
        "newline",
        "new_lines",
        "newlines",
        "no_footer",
        "list_item_newlines",
        "include",
        "snippet_output",
    ];
    match &value {
        Yaml::String(s) => match s.as_str() {
            "reset_layout" => Some(Command::ResetLayout),
            "end_slide" => Some(Command::EndSlide),
            "pause" => Some(Command::Pause),
            "skip_slide" => Some(Command::SkipSlide),
            other if known_other.contains(&other) => Some(Command::Other(other.into())),
            _ => None,
        },
        Yaml::Hash(h) if h.len() == 1 => {
            let (k, v) = h.iter().next()?;
            match k.as_str()? {
                "speaker_note" => Some(Command::SpeakerNote(scalar(v).unwrap_or_default())),
                "incremental_lists" => Some(Command::Incremental(v.as_bool().unwrap_or(false))),
                "column_layout" => {
                    let widths: Option<Vec<f32>> = v.as_vec().map(|ws| {
                        ws.iter()
                            .filter_map(|w| {
                                w.as_i64()
                                    .map(|i| i as f32)
                                    .or_else(|| w.as_f64().map(|f| f as f32))
                            })
                            .filter(|w| *w > 0.0)
                            .collect()
                    });
                    match widths {
                        Some(ws)
                            if (2..=4).contains(&ws.len())
                                && ws.len() == v.as_vec().map_or(0, Vec::len) =>
                        {
                            Some(Command::ColumnLayout(ws))
                        }
                        _ => Some(Command::Other("column_layout".into())),
                    }
                }
                "column" => match v.as_i64() {
                    Some(n) if n >= 0 => {
                        Some(Command::Column(usize::try_from(n).unwrap_or(usize::MAX)))
                    }
                    _ => Some(Command::Other("column".into())),
                },
                other if known_other.contains(&other) => Some(Command::Other(other.into())),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The front matter: the deck's title, the introduction slide, and the
/// options reading the body depends on.
#[derive(Default)]
struct Front {
    deck: Deck,
    /// The first line index after the front matter.
    body_start: usize,
    /// `implicit_slide_ends`: a slide title starts a slide.
    implicit_ends: bool,
    /// `end_slide_shorthand`: a thematic break ends a slide.
    shorthand: bool,
    incremental: bool,
    command_prefix: String,
    title: Option<(usize, String)>,
    /// Subtitle, event, location, date and authors, for the introduction.
    rest: Vec<(usize, String)>,
}

impl Front {
    fn read(lines: &[&str], report: &mut Report) -> Front {
        let mut front = Front::default();
        if let Some(fm) = front_matter(lines) {
            let entries = report.front_matter_entries(&fm, lines);
            for e in entries {
                front.entry(&e, report);
            }
            front.intro();
            front.body_start = fm.body;
        }
        front
    }

    fn entry(&mut self, e: &Entry, report: &mut Report) {
        let value = e.str();
        match e.key.as_str() {
            "title" => self.title = value.map(|v| (e.line, v)),
            "sub_title" | "event" | "location" | "date" | "author" => {
                if let Some(v) = value {
                    self.rest.push((e.line, v));
                }
            }
            "authors" => {
                if let Some(list) = e.value.as_vec() {
                    let names: Vec<String> = list.iter().filter_map(scalar).collect();
                    self.rest.push((e.line, names.join(", ")));
                }
            }
            "options" => self.options(e, report),
            _ => report.keep(
                &mut self.deck.kept,
                e.line,
                &e.text,
                &format!("presenterm setting `{}`", e.key),
            ),
        }
    }

    /// `options:` lectern reads; any other is kept.
    fn options(&mut self, e: &Entry, report: &mut Report) {
        let flag = |k: &str| lookup(&e.value, k).and_then(Yaml::as_bool).unwrap_or(false);
        self.implicit_ends = flag("implicit_slide_ends");
        self.shorthand = flag("end_slide_shorthand");
        self.incremental = flag("incremental_lists");
        self.command_prefix = lookup(&e.value, "command_prefix")
            .and_then(scalar)
            .unwrap_or_default();
        let others = e.value.as_hash().is_some_and(|h| {
            h.keys().filter_map(|k| k.as_str()).any(|k| {
                !matches!(
                    k,
                    "implicit_slide_ends"
                        | "end_slide_shorthand"
                        | "incremental_lists"
                        | "command_prefix"
                )
            })
        });
        if others {
            report.keep(&mut self.deck.kept, e.line, &e.text, "presenterm options");
        }
    }

    /// The title and the lines under it, as the first slide.
    fn intro(&mut self) {
        let mut intro: Vec<(usize, String)> = Vec::new();
        if let Some((line, t)) = &self.title {
            self.deck.title = Some(t.lines().next().unwrap_or("").to_string());
            intro.push((
                *line,
                format!("# {}", t.lines().collect::<Vec<_>>().join(" ")),
            ));
        }
        if self.title.is_some() || !self.rest.is_empty() {
            for (line, v) in std::mem::take(&mut self.rest) {
                intro.push((line, String::new()));
                for l in v.lines() {
                    intro.push((line, l.to_string()));
                }
            }
        }
        if !intro.is_empty() {
            let mut slide = Slide::at(1);
            slide.kind = Some("title");
            for (line, t) in intro {
                slide.push(line, t);
            }
            self.deck.slides.push(slide);
        }
    }
}

pub(super) fn read(source: &str, report: &mut Report) -> Deck {
    let lines: Vec<&str> = source.lines().collect();
    let front = Front::read(&lines, report);
    let mut reader = Reader {
        report,
        deck: front.deck,
        slide: Slide::at(front.body_start + 1),
        fences: Fences::default(),
        implicit_ends: front.implicit_ends,
        shorthand: front.shorthand,
        incremental_default: front.incremental,
        incremental: front.incremental,
        prefix: front.command_prefix,
        pause_next: false,
        after_paragraph: false,
        layout: None,
    };
    let mut i = front.body_start;
    while i < lines.len() {
        i = reader.line(&lines, i);
    }
    reader.finish()
}

/// The body, read line by line into slides.
struct Reader<'r, 'a> {
    report: &'r mut Report<'a>,
    deck: Deck,
    slide: Slide,
    fences: Fences,
    implicit_ends: bool,
    shorthand: bool,
    /// Incremental lists, as the front matter sets them for every slide.
    incremental_default: bool,
    /// Incremental lists on the current slide.
    incremental: bool,
    /// The commands' prefix (`command_prefix`).
    prefix: String,
    pause_next: bool,
    after_paragraph: bool,
    layout: Option<Layout>,
}

impl Reader<'_, '_> {
    /// Reads the line at `i` (and any it opens); returns the index after.
    fn line(&mut self, lines: &[&str], i: usize) -> usize {
        let l = lines[i];
        let t = l.trim();
        if self.fences.code(l) {
            self.code_line(l, i);
            return i + 1;
        }
        // A comment command, possibly over several lines.
        if t.starts_with("<!--") {
            return self.comment(lines, i);
        }
        if self.shorthand && !self.after_paragraph && t.len() >= 3 && t.chars().all(|c| c == '-') {
            self.end_slide(i + 2);
            return i + 1;
        }
        // A slide title (setext) starts a slide with `implicit_slide_ends`.
        let title_next = lines.get(i + 1).and_then(|n| setext_level(n)).is_some()
            && is_paragraph_line(l)
            && !self.after_paragraph;
        if self.implicit_ends && title_next && !self.slide.is_empty() {
            self.end_slide(i + 1);
        }
        let text = image_sizes(l, i + 1, &mut self.slide, self.report);
        let mut line = BodyLine {
            text,
            pause: false,
            line: i + 1,
        };
        if !t.is_empty() {
            if self.pause_next {
                line.pause = true;
                self.pause_next = false;
            }
            if self.incremental && list_marker(l).is_some() {
                line.pause = true;
            }
        }
        self.after_paragraph = is_paragraph_line(l);
        self.slide.body.push(line);
        i + 1
    }

    /// A line of a fenced code block.
    fn code_line(&mut self, l: &str, i: usize) {
        let t = l.trim();
        if t.starts_with("```") && (t.contains("+exec") || t.contains("+render")) {
            self.report.warn(
                i + 1,
                t,
                "presenterm runs or renders this code block; lectern shows it as code",
            );
        }
        let mut line = BodyLine {
            text: l.to_string(),
            pause: false,
            line: i + 1,
        };
        if self.pause_next {
            line.pause = true;
            self.pause_next = false;
        }
        self.slide.body.push(line);
        self.after_paragraph = false;
    }

    /// A comment from line `i`: a command, or the author's own comment left
    /// as it is.
    fn comment(&mut self, lines: &[&str], i: usize) -> usize {
        let mut end = i;
        while !lines[end].contains("-->") && end + 1 < lines.len() {
            end += 1;
        }
        let raw: Vec<&str> = lines[i..=end].to_vec();
        let joined = raw.join("\n");
        let closes_alone = joined.trim_end().ends_with("-->");
        let inner = joined
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .to_string();
        self.after_paragraph = false;
        if let Some(cmd) = command(&inner, &self.prefix).filter(|_| closes_alone) {
            self.command(cmd, i, end, &joined);
            return end + 1;
        }
        for (k, r) in raw.iter().enumerate() {
            self.slide.push(i + 1 + k, r.to_string());
        }
        end + 1
    }

    /// A command written from line `i` to `end`.
    fn command(&mut self, cmd: Command, i: usize, end: usize, joined: &str) {
        match cmd {
            Command::EndSlide => self.end_slide(end + 2),
            Command::Pause => self.pause_next = true,
            Command::SpeakerNote(note) => {
                let notes = &mut self.slide.notes;
                if !notes.is_empty() {
                    notes.push(String::new());
                }
                notes.extend(note.lines().map(|l| l.trim_end().to_string()));
            }
            Command::Incremental(on) => self.incremental = on,
            Command::SkipSlide => self.slide.hidden = true,
            Command::ColumnLayout(widths) => {
                close_layout(&mut self.slide, &mut self.layout);
                self.layout = Some(Layout {
                    widths,
                    start: self.slide.body.len(),
                    parts: Vec::new(),
                });
            }
            Command::Column(n) => match &mut self.layout {
                Some(l) if n < l.widths.len() => l.parts.push((n, self.slide.body.len())),
                _ => self.report.keep(
                    &mut self.slide.kept,
                    i + 1,
                    joined,
                    "presenterm `column` outside its `column_layout`",
                ),
            },
            Command::ResetLayout => close_layout(&mut self.slide, &mut self.layout),
            Command::Other(name) => self.report.keep(
                &mut self.slide.kept,
                i + 1,
                joined,
                &format!("presenterm command `{name}`"),
            ),
        }
    }

    /// Ends the slide (`end_slide`, a thematic break with
    /// `end_slide_shorthand`, a title with `implicit_slide_ends`); the next
    /// starts at line `next`, with the deck's incremental lists setting.
    fn end_slide(&mut self, next: usize) {
        close_layout(&mut self.slide, &mut self.layout);
        let done = std::mem::replace(&mut self.slide, Slide::at(next));
        self.deck.slides.push(done);
        self.incremental = self.incremental_default;
    }

    /// The deck read, every slide's HTML converted.
    fn finish(mut self) -> Deck {
        close_layout(&mut self.slide, &mut self.layout);
        let Reader {
            report,
            mut deck,
            slide,
            ..
        } = self;
        deck.slides.push(slide);
        for s in &mut deck.slides {
            let body = std::mem::take(&mut s.body);
            s.body = html::convert(body, report, &mut s.kept);
        }
        deck
    }
}

/// `![image:width:50%](x.png)`: presenterm's size in the alt text.
fn image_sizes(line: &str, at: usize, slide: &mut Slide, report: &mut Report) -> String {
    let mut out = String::new();
    let mut last = 0;
    for img in images(line) {
        let words: Vec<&str> = img.alt.split_whitespace().collect();
        let (sizes, alt): (Vec<&str>, Vec<&str>) =
            words.iter().partition(|w| w.starts_with("image:"));
        if sizes.is_empty() {
            continue;
        }
        // `image:width:50%`: lectern's `{width=50%}`.
        let width = match sizes.as_slice() {
            [one] => one
                .strip_prefix("image:width:")
                .or_else(|| one.strip_prefix("image:w:"))
                .filter(|v| v.ends_with('%'))
                .and_then(|v| image_width(&format!("width={v}"))),
            _ => None,
        };
        out.push_str(&line[last..img.alt_range.start]);
        out.push_str(&alt.join(" "));
        if let Some(w) = width {
            out.push_str(&line[img.alt_range.end..img.range.end]);
            out.push_str(&format!("{{width={w}}}"));
            last = img.range.end;
        } else {
            report.keep(
                &mut slide.kept,
                at,
                &line[img.range.clone()],
                &format!("presenterm image size `{}`", sizes.join(" ")),
            );
            last = img.alt_range.end;
        }
    }
    out.push_str(&line[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> (String, Vec<Diagnostic>) {
        convert(src, &Options::new("talk.md"))
    }

    #[test]
    fn intro_slide_commands_and_notes() {
        let (out, diags) = run(
            "---\ntitle: Talk\nauthor: Me\n---\n\nFirst\n===\n\n<!-- pause -->\ntext\n<!-- speaker_note: say it -->\n<!-- column_layout: [1, 1] -->\n<!-- end_slide -->\n\nSecond\n===\n\n<!-- incremental_lists: true -->\n- a\n- b\n\n<!--\nspeaker_note: |\n  line one\n  line two\n-->\n",
        );
        assert!(out.contains("# Talk {.title}"), "{out}");
        assert!(out.contains("# First\n\n. . .\n\ntext"), "{out}");
        assert!(out.contains("???\nsay it"), "{out}");
        assert!(out.contains("# Second {.incremental}"), "{out}");
        assert!(out.contains("line one\nline two"), "{out}");
        assert_eq!(out.matches("\n---\n").count(), 2, "{out}");
        assert_eq!(diags.len(), 0, "{diags:?}");
    }
}

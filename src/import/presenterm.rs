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
    front_matter, images, list_marker, lookup, parse_yaml, scalar, setext_level, yaml_entries,
    Fences,
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

pub(super) fn read(source: &str, report: &mut Report) -> Deck {
    let lines: Vec<&str> = source.lines().collect();
    let mut deck = Deck::default();
    let mut body_start = 0;
    let mut implicit_ends = false;
    let mut shorthand = false;
    let mut incremental_default = false;
    let mut prefix = String::new();
    let mut intro: Vec<(usize, String)> = Vec::new();
    if let Some(fm) = front_matter(&lines) {
        let (entries, error) = yaml_entries(&fm.yaml_text(&lines), fm.yaml.start + 1);
        if let Some(e) = error {
            report.warn(
                1,
                "---",
                format!("the front matter is not valid YAML ({e}); it is kept as a note"),
            );
        }
        let mut title = None;
        let mut rest: Vec<(usize, String)> = Vec::new();
        for e in entries {
            let value = e.str();
            match e.key.as_str() {
                "title" => title = value.map(|v| (e.line, v)),
                "sub_title" | "event" | "location" | "date" | "author" => {
                    if let Some(v) = value {
                        rest.push((e.line, v));
                    }
                }
                "authors" => {
                    if let Some(list) = e.value.as_vec() {
                        let names: Vec<String> = list.iter().filter_map(scalar).collect();
                        rest.push((e.line, names.join(", ")));
                    }
                }
                "options" => {
                    let flag =
                        |k: &str| lookup(&e.value, k).and_then(Yaml::as_bool).unwrap_or(false);
                    implicit_ends = flag("implicit_slide_ends");
                    shorthand = flag("end_slide_shorthand");
                    incremental_default = flag("incremental_lists");
                    prefix = lookup(&e.value, "command_prefix")
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
                        report.keep(&mut deck.kept, e.line, &e.text, "presenterm options");
                    }
                }
                _ => report.keep(
                    &mut deck.kept,
                    e.line,
                    &e.text,
                    &format!("presenterm setting `{}`", e.key),
                ),
            }
        }
        if let Some((line, t)) = &title {
            deck.title = Some(t.lines().next().unwrap_or("").to_string());
            intro.push((
                *line,
                format!("# {}", t.lines().collect::<Vec<_>>().join(" ")),
            ));
        }
        if title.is_some() || !rest.is_empty() {
            for (line, v) in rest {
                intro.push((line, String::new()));
                for l in v.lines() {
                    intro.push((line, l.to_string()));
                }
            }
        }
        body_start = fm.body;
    }
    if !intro.is_empty() {
        let mut slide = Slide::at(1);
        slide.kind = Some("title");
        for (line, t) in intro {
            slide.push(line, t);
        }
        deck.slides.push(slide);
    }

    let mut slide = Slide::at(body_start + 1);
    let mut fences = Fences::default();
    let mut incremental = incremental_default;
    let mut pause_next = false;
    let mut after_paragraph = false;
    let mut i = body_start;
    let mut layout: Option<Layout> = None;
    let finish = |slide: &mut Slide, deck: &mut Deck, layout: &mut Option<Layout>, next: usize| {
        close_layout(slide, layout);
        let done = std::mem::replace(slide, Slide::at(next));
        deck.slides.push(done);
    };
    while i < lines.len() {
        let l = lines[i];
        let t = l.trim();
        if fences.code(l) {
            if t.starts_with("```") && (t.contains("+exec") || t.contains("+render")) {
                report.warn(
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
            if pause_next {
                line.pause = true;
                pause_next = false;
            }
            slide.body.push(line);
            after_paragraph = false;
            i += 1;
            continue;
        }
        // A comment command, possibly over several lines.
        if t.starts_with("<!--") {
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
            if let Some(cmd) = command(&inner, &prefix).filter(|_| closes_alone) {
                match cmd {
                    Command::EndSlide => finish(&mut slide, &mut deck, &mut layout, end + 2),
                    Command::Pause => pause_next = true,
                    Command::SpeakerNote(note) => {
                        if !slide.notes.is_empty() {
                            slide.notes.push(String::new());
                        }
                        slide
                            .notes
                            .extend(note.lines().map(|l| l.trim_end().to_string()));
                    }
                    Command::Incremental(on) => incremental = on,
                    Command::SkipSlide => slide.hidden = true,
                    Command::ColumnLayout(widths) => {
                        close_layout(&mut slide, &mut layout);
                        layout = Some(Layout {
                            widths,
                            start: slide.body.len(),
                            parts: Vec::new(),
                        });
                    }
                    Command::Column(n) => match &mut layout {
                        Some(l) if n < l.widths.len() => l.parts.push((n, slide.body.len())),
                        _ => report.keep(
                            &mut slide.kept,
                            i + 1,
                            &joined,
                            "presenterm `column` outside its `column_layout`",
                        ),
                    },
                    Command::ResetLayout => close_layout(&mut slide, &mut layout),
                    Command::Other(name) => report.keep(
                        &mut slide.kept,
                        i + 1,
                        &joined,
                        &format!("presenterm command `{name}`"),
                    ),
                }
                if cmd_is_end(&inner, &prefix) {
                    incremental = incremental_default;
                }
                after_paragraph = false;
                i = end + 1;
                continue;
            }
            // Not a command: a comment of the author's, left as it is.
            for (k, r) in raw.iter().enumerate() {
                slide.push(i + 1 + k, r.to_string());
            }
            after_paragraph = false;
            i = end + 1;
            continue;
        }
        if shorthand && !after_paragraph && t.len() >= 3 && t.chars().all(|c| c == '-') {
            finish(&mut slide, &mut deck, &mut layout, i + 2);
            incremental = incremental_default;
            i += 1;
            continue;
        }
        // A slide title (setext) starts a slide with `implicit_slide_ends`.
        let title_next = lines.get(i + 1).and_then(|n| setext_level(n)).is_some()
            && super::text::is_paragraph_line(l)
            && !after_paragraph;
        if implicit_ends && title_next && !slide.is_empty() {
            finish(&mut slide, &mut deck, &mut layout, i + 1);
            incremental = incremental_default;
        }
        let text = image_sizes(l, i + 1, &mut slide, report);
        let mut line = BodyLine {
            text,
            pause: false,
            line: i + 1,
        };
        if !t.is_empty() {
            if pause_next {
                line.pause = true;
                pause_next = false;
            }
            if incremental && list_marker(l).is_some() {
                line.pause = true;
            }
        }
        after_paragraph = super::text::is_paragraph_line(l);
        slide.body.push(line);
        i += 1;
    }
    close_layout(&mut slide, &mut layout);
    deck.slides.push(slide);
    for s in &mut deck.slides {
        let body = std::mem::take(&mut s.body);
        s.body = html::convert(body, report, &mut s.kept);
    }
    deck
}

fn cmd_is_end(inner: &str, prefix: &str) -> bool {
    matches!(command(inner, prefix), Some(Command::EndSlide))
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

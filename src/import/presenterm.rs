//! presenterm decks.
//!
//! Slides end at `<!-- end_slide -->` (and, with the `end_slide_shorthand`
//! option, at a thematic break; with `implicit_slide_ends`, before each
//! slide title). Slide titles are setext headings. HTML comments are
//! commands: `pause`, `speaker_note`, `incremental_lists`, `skip_slide`,
//! and layout and typography ones lectern has no equivalent for. The front
//! matter's title, sub_title and authors make an introduction slide.

use yaml_rust2::Yaml;

use super::text::{
    front_matter, images, list_marker, lookup, parse_yaml, scalar, setext_level, yaml_entries,
    Fences,
};
use super::{html, BodyLine, Deck, Options, Report, Slide, Tool};
use crate::diag::Diagnostic;

/// Converts a presenterm deck into a lectern deck and its warnings.
pub fn convert(source: &str, opts: &Options) -> (String, Vec<Diagnostic>) {
    let imported = super::import(Tool::Presenterm, source, opts);
    (imported.text, imported.diagnostics)
}

/// A comment command, as presenterm reads it.
enum Command {
    EndSlide,
    Pause,
    SpeakerNote(String),
    Incremental(bool),
    SkipSlide,
    /// A command lectern has no equivalent for (its name).
    Other(String),
}

fn command(content: &str, prefix: &str) -> Option<Command> {
    let content = content
        .trim()
        .strip_prefix(prefix)
        .unwrap_or(content.trim());
    let value = parse_yaml(content).ok()?;
    let known_other = [
        "jump_to_middle",
        "column_layout",
        "column",
        "reset_layout",
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
    let finish = |slide: &mut Slide, deck: &mut Deck, next: usize| {
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
                    Command::EndSlide => finish(&mut slide, &mut deck, end + 2),
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
            finish(&mut slide, &mut deck, i + 2);
            incremental = incremental_default;
            i += 1;
            continue;
        }
        // A slide title (setext) starts a slide with `implicit_slide_ends`.
        let title_next = lines.get(i + 1).and_then(|n| setext_level(n)).is_some()
            && super::text::is_paragraph_line(l)
            && !after_paragraph;
        if implicit_ends && title_next && !slide.is_empty() {
            finish(&mut slide, &mut deck, i + 1);
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
        report.keep(
            &mut slide.kept,
            at,
            &line[img.range.clone()],
            &format!("presenterm image size `{}`", sizes.join(" ")),
        );
        out.push_str(&line[last..img.alt_range.start]);
        out.push_str(&alt.join(" "));
        last = img.alt_range.end;
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
        assert_eq!(diags.len(), 1, "{diags:?}");
    }
}

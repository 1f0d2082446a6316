//! A read deck written as lectern Markdown: front matter, slides, notes,
//! and what lectern has no place for kept in the notes.

use super::body::{first_heading, trim_blank, write_body};
use super::escape::note_lines;
use super::model::{Deck, Kept, Slide};
use super::tool::{Options, Tool};
use crate::deck::Mode;

/// Writes a deck as lectern Markdown. Returns the text, the number of
/// slides and how many of them have speaker notes.
pub fn write(deck: &Deck, tool: Tool, opts: &Options) -> (String, usize, usize) {
    let slides = shown_slides(deck, tool);
    let mut out = front_matter(&deck_title(deck, &slides, opts), tool, opts);
    let mut with_notes = 0;
    for (i, slide) in slides.iter().enumerate() {
        out.push('\n');
        if i > 0 {
            out.push_str("---\n\n");
        }
        if write_slide(&mut out, slide, tool) {
            with_notes += 1;
        }
    }
    (out, slides.len(), with_notes)
}

/// The slides lectern shows: a hidden slide goes to the notes of the slide
/// before it (or of the first one), an empty one is dropped, and the
/// deck's kept settings open the first slide's kept block.
fn shown_slides(deck: &Deck, tool: Tool) -> Vec<Slide> {
    let mut slides: Vec<Slide> = Vec::new();
    // Hidden slides before any shown one.
    let mut orphans: Vec<String> = Vec::new();
    for slide in &deck.slides {
        if slide.hidden {
            let text = hidden_notes(slide, tool);
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
    slides
}

/// A hidden slide as notes: its body, its notes and what it kept.
fn hidden_notes(slide: &Slide, tool: Tool) -> Vec<String> {
    let mut text = vec![format!(
        "*Hidden slide in the {} source ({} {}), not shown:*",
        tool.label(),
        place(tool),
        slide.line
    )];
    text.push(String::new());
    text.extend(slide.body.iter().map(|l| l.text.clone()));
    if !slide.notes.is_empty() {
        text.push(String::new());
        text.extend(slide.notes.iter().cloned());
    }
    text.extend(kept_block(&slide.kept, tool));
    text
}

/// The deck's title: its own, else its first heading, else the file name.
fn deck_title(deck: &Deck, slides: &[Slide], opts: &Options) -> String {
    deck.title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| {
            slides
                .iter()
                .find_map(|s| first_heading(&s.body).map(|(_, t)| plain_text(&t)))
                .filter(|t| !t.is_empty())
        })
        .unwrap_or_else(|| opts.stem.clone())
}

/// The deck's `+++` front matter.
fn front_matter(title: &str, tool: Tool, opts: &Options) -> String {
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
    out
}

/// Writes one slide, its notes and its kept block; true when it has
/// speaker notes of its own.
fn write_slide(out: &mut String, slide: &Slide, tool: Tool) -> bool {
    for line in write_body(slide) {
        out.push_str(&line);
        out.push('\n');
    }
    let mut notes: Vec<String> = note_lines(&slide.notes);
    trim_blank(&mut notes);
    let with_notes = !notes.is_empty();
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
    with_notes
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
        out.push(format!("{} {}: {first}", place(tool), k.line));
        out.extend(lines.map(str::to_string));
    }
    out.push(fence);
    out
}

/// What a source position counts: lines of text, or a PowerPoint file's
/// slides.
fn place(tool: Tool) -> &'static str {
    if tool == Tool::Pptx {
        "slide"
    } else {
        "line"
    }
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

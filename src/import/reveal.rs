//! reveal.js Markdown decks (reveal-md, or an external `data-markdown` file).
//!
//! Slides break where reveal's separator patterns match: reveal-md's
//! defaults are `---` and (vertical) `----` alone between blank lines, and
//! the front matter may set `separator`, `verticalSeparator` and
//! `notesSeparator` (regular expressions, e.g. `<!--s-->`). Vertical slides
//! become slides in reading order. `Note:` starts a slide's speaker notes.
//! `<!-- .element: class="fragment" -->` makes the element before it a
//! fragment; `<!-- .slide: … -->` sets slide attributes (backgrounds).

use regex::Regex;

use super::html;
use super::markup::image_width;
use super::model::{BodyLine, Deck, Kept, Slide};
use super::pipeline;
use super::report::{brief, Report};
use super::tags::{attr, attrs};
use super::text::{block_start, front_matter, images, list_marker, take_comments, Comment};
use super::tool::{Options, Separators, Tool};
use crate::diag::Diagnostic;

/// Converts a reveal.js Markdown deck into a lectern deck and its warnings.
pub fn convert(source: &str, opts: &Options) -> (String, Vec<Diagnostic>) {
    let imported = pipeline::convert(Tool::Reveal, source, opts, |s, r| read(s, opts, r));
    (imported.text, imported.diagnostics)
}

/// reveal-md's default separators.
const SEPARATOR: &str = r"^(\r\n?|\n)---(\r\n?|\n)$";
const VERTICAL: &str = r"^(\r\n?|\n)----(\r\n?|\n)$";
const NOTES: &str = r"^\s*notes?:";

/// A separator pattern from the front matter, as a Rust regex; a pattern
/// Rust cannot read is matched literally.
fn pattern(p: &str, line: usize, report: &mut Report, flags: &str) -> Regex {
    Regex::new(&format!("(?m{flags}){p}")).unwrap_or_else(|e| {
        report.warn(
            line,
            p,
            format!("`{p}` is not a pattern lectern can read ({e}); it is matched as plain text"),
        );
        Regex::new(&format!("(?m{flags}){}", regex::escape(p))).expect("an escaped pattern")
    })
}

pub(super) fn read(source: &str, opts: &Options, report: &mut Report) -> Deck {
    let lines: Vec<&str> = source.lines().collect();
    let mut deck = Deck::default();
    let mut front = Front::read(source, &lines, &opts.project, &mut deck, report);
    // The command line's patterns win over the deck's own.
    if let Some(p) = &opts.given.separator {
        front.separator = (p.clone(), 0);
    }
    if let Some(p) = &opts.given.vertical {
        front.vertical = (p.clone(), 0);
    }
    let horizontal = pattern(&front.separator.0, front.separator.1, report, "");
    let vertical = pattern(&front.vertical.0, front.vertical.1, report, "");
    let notes = pattern(&front.notes.0, front.notes.1, report, "i");
    // One pattern when the two join into one (a `(?x)` pattern or two
    // patterns just under the size limit may not): else both, in turn.
    let combined = Regex::new(&format!(
        "(?m)(?:{})|(?:{})",
        horizontal.as_str().trim_start_matches("(?m)"),
        vertical.as_str().trim_start_matches("(?m)")
    ));
    let separators = match &combined {
        Ok(one) => vec![one],
        Err(_) => vec![&horizontal, &vertical],
    };
    for (offset, chunk) in chunks(source, front.body_offset, &separators) {
        deck.slides
            .push(read_slide(source, offset, chunk, &notes, report));
    }
    deck
}

/// The front matter's separators (each with its line), and where the body
/// starts in the source.
struct Front {
    separator: (String, usize),
    vertical: (String, usize),
    notes: (String, usize),
    body_offset: usize,
}

impl Front {
    fn read(
        source: &str,
        lines: &[&str],
        project: &Separators,
        deck: &mut Deck,
        report: &mut Report,
    ) -> Front {
        let mut front = Front {
            separator: (
                project
                    .separator
                    .clone()
                    .unwrap_or_else(|| SEPARATOR.into()),
                0,
            ),
            vertical: (
                project.vertical.clone().unwrap_or_else(|| VERTICAL.into()),
                0,
            ),
            notes: (NOTES.to_string(), 0),
            body_offset: 0,
        };
        let Some(fm) = front_matter(lines) else {
            return front;
        };
        let entries = report.front_matter_entries(&fm, lines);
        for e in entries {
            let value = e.str().unwrap_or_default();
            match e.key.as_str() {
                "title" => deck.title = Some(value),
                "lang" | "language" => deck.language = Some(value),
                "separator" => front.separator = (value, e.line),
                "verticalSeparator" => front.vertical = (value, e.line),
                "notesSeparator" => front.notes = (value, e.line),
                _ => report.keep(
                    &mut deck.kept,
                    e.line,
                    &e.text,
                    &format!("reveal.js setting `{}`", e.key),
                ),
            }
        }
        // From the real line ends: `lines()` drops a `\r` as well.
        let offset = source
            .split_inclusive('\n')
            .take(fm.body)
            .map(str::len)
            .sum::<usize>()
            .min(source.len());
        // reveal-md reads the body from the newline after the front matter.
        front.body_offset = offset.saturating_sub(1);
        front
    }
}

/// The body cut at the separators: each slide's text and where it starts.
fn chunks<'s>(source: &'s str, body_offset: usize, separators: &[&Regex]) -> Vec<(usize, &'s str)> {
    let body = &source[body_offset..];
    let mut found: Vec<(usize, usize, usize)> = separators
        .iter()
        .enumerate()
        .flat_map(|(k, re)| re.find_iter(body).map(move |m| (m.start(), k, m.end())))
        .collect();
    found.sort_unstable();
    let mut chunks: Vec<(usize, &str)> = Vec::new();
    let mut last = 0;
    for (start, _, end) in found {
        if start < last {
            continue;
        }
        chunks.push((body_offset + last, &body[last..start]));
        last = end;
    }
    chunks.push((body_offset + last, &body[last..]));
    chunks
}

/// One slide's text, starting at byte `offset` of the source.
fn read_slide(
    source: &str,
    offset: usize,
    chunk: &str,
    notes_re: &Regex,
    report: &mut Report,
) -> Slide {
    let first_line = source[..offset].matches('\n').count() + 1;
    // A chunk that starts with the newline the separator left.
    let (slide_text, note_text) = match notes_re.find(chunk) {
        Some(m) => (&chunk[..m.start()], Some(&chunk[m.end()..])),
        None => (chunk, None),
    };
    let mut slide = Slide::at(first_line);
    let body: Vec<BodyLine> = slide_text
        .split('\n')
        .enumerate()
        .map(|(i, t)| BodyLine {
            text: t.trim_end_matches('\r').to_string(),
            pause: false,
            line: first_line + i,
        })
        .collect();
    if let Some(n) = note_text {
        slide.notes = n.trim().lines().map(|l| l.trim_end().to_string()).collect();
    }
    let (mut body, comments) = take_comments(body, &|c| {
        !(c.starts_with(".slide") || c.starts_with(".element"))
    });
    let mut background: Option<(usize, String)> = None;
    let mut last_index: Option<String> = None;
    for c in comments {
        match c.content.strip_prefix(".slide") {
            Some(spec) => slide_comment(spec, &c, &mut background, &mut slide.kept, report),
            None => element_comment(&c, &mut body, &mut last_index, &mut slide.kept, report),
        }
    }
    let mut body = html::convert(body, report, &mut slide.kept);
    math_out_of_code(&mut body);
    slide.background = background.map(|(_, src)| src.trim().to_string());
    slide.body = body;
    slide
}

/// `<!-- .slide: … -->`: a background image is lectern's `background=`;
/// other attributes are kept.
fn slide_comment(
    spec: &str,
    c: &Comment,
    background: &mut Option<(usize, String)>,
    kept: &mut Vec<Kept>,
    report: &mut Report,
) {
    let spec = spec.trim_start_matches(':');
    let image = attr(spec, "data-background-image")
        .or_else(|| attr(spec, "data-background").filter(|v| looks_like_image(v)));
    if let Some(src) = image {
        *background = Some((c.line, src));
    }
    let other: Vec<String> = attrs(spec)
        .into_iter()
        .map(|(k, _)| k)
        .filter(|k| !matches!(k.as_str(), "data-background-image"))
        .collect();
    // A background image alone is lectern's `background=`.
    if background.is_some() && other.iter().all(|k| k == "data-background") {
        return;
    }
    let what = format!("reveal.js slide attributes {}", brief(spec));
    report.keep(kept, c.line, &c.raw, &what);
}

/// `<!-- .element: … -->`: a fragment is a pause, a lone image's
/// `style="width:…"` its width; other attributes are kept.
fn element_comment(
    c: &Comment,
    body: &mut [BodyLine],
    last_index: &mut Option<String>,
    kept: &mut Vec<Kept>,
    report: &mut Report,
) {
    let spec = c
        .content
        .trim_start_matches(".element")
        .trim_start_matches(':');
    let classes = attr(spec, "class").unwrap_or_default();
    let fragment = classes.split_whitespace().any(|c| c == "fragment");
    if fragment {
        let index = attr(spec, "data-fragment-index");
        let together = index.is_some() && index == *last_index;
        *last_index = index;
        if !together {
            if let Some(target) = target_line(body, c.at, c.own_line) {
                body[target].pause = true;
            }
        }
    }
    // `style="width:50%"` on a lone image: lectern's `{width=50%}`.
    let width = attr(spec, "style").and_then(|v| style_width(&v));
    let mut sized = false;
    if let Some(w) = &width {
        if let Some(target) = target_line(body, c.at, c.own_line) {
            let t = body[target].text.trim_end();
            if lone_image(t) {
                body[target].text = format!("{t}{{width={w}}}");
                sized = true;
            }
        }
    }
    let extra: Vec<String> = attrs(spec)
        .into_iter()
        .filter(|(k, v)| {
            !(k == "data-fragment-index"
                || (k == "style" && sized)
                || (k == "class" && v.split_whitespace().all(fragment_style)))
        })
        .map(|(k, v)| format!("{k}=\"{v}\""))
        .collect();
    if !extra.is_empty() {
        report.keep(
            kept,
            c.line,
            &c.raw,
            &format!("reveal.js element attributes {}", brief(&extra.join(" "))),
        );
    }
}

/// Classes that only say how a fragment appears.
fn fragment_style(class: &str) -> bool {
    class == "fragment"
        || class.starts_with("fade")
        || class.starts_with("highlight")
        || matches!(
            class,
            "grow"
                | "shrink"
                | "strike"
                | "semi-fade-out"
                | "current-visible"
                | "zoom-in"
                | "custom"
        )
}

fn looks_like_image(v: &str) -> bool {
    let v = v.trim().to_ascii_lowercase();
    v.contains('/')
        || [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"]
            .iter()
            .any(|e| v.ends_with(e))
}

/// The line an `.element` comment at `at` makes a fragment: the list item
/// or block it trails, or the one before it on its own line.
fn target_line(body: &[BodyLine], at: usize, own_line: bool) -> Option<usize> {
    let p = if own_line {
        (0..at).rev().find(|&i| !body[i].text.trim().is_empty())?
    } else {
        at
    };
    if list_marker(&body[p].text).is_some() {
        return Some(p);
    }
    Some(block_start(body, p))
}

/// `width: 50%` (or `300px`) as a whole style: the width.
fn style_width(style: &str) -> Option<String> {
    let decls: Vec<&str> = style
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .collect();
    let [one] = decls.as_slice() else {
        return None;
    };
    let (k, v) = one.split_once(':')?;
    if k.trim() != "width" {
        return None;
    }
    image_width(&format!("width={}", v.trim()))
}

/// reveal's math plugin reads `` `$n$` `` (math kept from Markdown) as
/// math: lectern's `$n$`. Code blocks stay as they are.
fn math_out_of_code(body: &mut [BodyLine]) {
    let mut fences = super::text::Fences::default();
    for l in body.iter_mut() {
        if fences.code(&l.text) || !l.text.contains("`$") {
            continue;
        }
        let mut out = String::with_capacity(l.text.len());
        let mut rest = l.text.as_str();
        while let Some(at) = rest.find("`$") {
            let inner = &rest[at + 1..];
            let close = inner.find('`').filter(|&e| {
                let m = &inner[..e];
                m.len() >= 2 && m.ends_with('$') && !m.trim_matches('$').trim().is_empty()
            });
            let Some(e) = close else {
                out.push_str(&rest[..at + 2]);
                rest = &rest[at + 2..];
                continue;
            };
            out.push_str(&rest[..at]);
            out.push_str(&inner[..e]);
            rest = &inner[e + 1..];
        }
        out.push_str(rest);
        l.text = out;
    }
}

/// A line that is one image and nothing else.
fn lone_image(line: &str) -> bool {
    let imgs = images(line);
    imgs.len() == 1 && imgs[0].range == (0..line.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> (String, Vec<Diagnostic>) {
        convert(src, &Options::new("deck.md"))
    }

    #[test]
    fn math_in_backticks_is_math() {
        let (out, _) = run(
            "# A\n\nthe `$n$` items, `$$x^2$$`, code `$HOME` and `x`\n\n```sh\necho `$n$`\n```\n",
        );
        assert!(
            out.contains("the $n$ items, $$x^2$$, code `$HOME` and `x`"),
            "{out}"
        );
        assert!(out.contains("echo `$n$`"), "{out}");
    }

    #[test]
    fn separators_from_the_project_and_the_command_line() {
        let src = "# A\n\n<!--s-->\n\n# B\n\n<!--v-->\n\n# C\n";
        let mut opts = Options::new("deck.md");
        assert_eq!(convert(src, &opts).0.matches("\n---\n").count(), 0);
        opts.project.separator = Some("<!--s-->".into());
        opts.project.vertical = Some("<!--v-->".into());
        let (out, _) = convert(src, &opts);
        assert_eq!(out.matches("\n---\n").count(), 2, "{out}");
        assert!(!out.contains("<!--"), "{out}");
        // The deck's front matter overrides the project, the command line both.
        let fm = format!("---\nseparator: <!--x-->\n---\n{src}");
        assert_eq!(convert(&fm, &opts).0.matches("\n---\n").count(), 1);
        opts.given.separator = Some("<!--s-->".into());
        assert_eq!(convert(&fm, &opts).0.matches("\n---\n").count(), 2);
    }

    #[test]
    fn separators_notes_and_fragments() {
        let (out, diags) = run(
            "# One\n\n- a <!-- .element: class=\"fragment\" -->\n- b <!-- .element: class=\"fragment\" -->\n\nNote: say it\n\n---\n\n## Two\ntext\n---\nnot a break\n\n----\n\n## Three\n",
        );
        assert_eq!(out.matches("\n---\n").count(), 2, "{out}");
        assert!(out.contains("# One {.incremental}"), "{out}");
        assert!(out.contains("???\nsay it"), "{out}");
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn custom_separators_and_backgrounds() {
        let (out, diags) = run(
            "---\ntitle: T\nseparator: <!--s-->\nverticalSeparator: <!--v-->\n---\n# A\n<!--s-->\n<!-- .slide: data-background=\"img/x.png\" -->\n<!--v-->\n# C\n",
        );
        assert_eq!(out.matches("\n---\n").count(), 2, "{out}");
        // A slide without a heading shows its background as an image.
        assert!(out.contains("![](img/x.png)"), "{out}");
        assert!(diags.is_empty(), "{diags:?}");
        let (out, diags) = run(
            "# A\n<!-- .slide: data-background-image=\"bg.jpg\" -->\n\n![chart](c.png)\n<!-- .element: style=\"width:50%\" -->\n",
        );
        assert!(out.contains("# A {background=bg.jpg}"), "{out}");
        assert!(out.contains("![chart](c.png){width=50%}"), "{out}");
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn separators_that_do_not_join_and_windows_line_ends_do_not_panic() {
        // `(?x)` makes `#` a comment: the two patterns no longer join into one.
        let (out, _) = run("---\nseparator: '(?x)^--- #'\n---\n\n# A\n\n---\n\n# B\n");
        assert!(out.contains("# A") && out.contains("# B"), "{out}");
        // Front matter ended by CRLF lines, then multi-byte text.
        let crlf = "---\r\n----\r\n----\r\n----\r\n----\r\n----\r\n----\r\n----\r\ntext é ü 中文\r\n---\r\n";
        // (All of it is front matter; its body starts on a character boundary.)
        let (out, _) = run(crlf);
        assert!(out.starts_with("+++"), "{out}");
    }
}

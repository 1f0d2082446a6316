//! Marp (Marpit / Marp CLI) decks.
//!
//! Slides break at thematic breaks (`---` not under a line of text, `***`,
//! `___`) and, with `headingDivider`, before headings of the given levels
//! once anything visible has come. HTML comments are directives when they
//! are YAML with a Marp directive key, and speaker notes otherwise. Lists
//! written with `*` or `1)` are fragmented (revealed item by item). Image
//! keywords in the alt text (`bg`, `w:`, filters) are Marp's own syntax:
//! `bg` becomes lectern's `background=`, `bg left`/`bg right` a picture in
//! a column beside the content, `w:` an image width; the rest is kept.

use yaml_rust2::Yaml;

use super::html;
use super::markup::image_width;
use super::model::{Beside, BodyLine, Deck, Slide};
use super::pipeline;
use super::report::{brief, Report};
use super::text::{
    self, atx_heading, dedent, front_matter, is_paragraph_line, list_marker, parse_yaml, scalar,
    setext_level, take_comments, Fences,
};
use super::tool::{Options, Tool};
use crate::diag::Diagnostic;

/// Converts a Marp deck into a lectern deck and the conversion's warnings.
pub fn convert(source: &str, opts: &Options) -> (String, Vec<Diagnostic>) {
    let imported = pipeline::convert(Tool::Marp, source, opts, read);
    (imported.text, imported.diagnostics)
}

/// Every directive Marpit and Marp Core know (without the `_` spot prefix).
const DIRECTIVES: [&str; 24] = [
    "theme",
    "style",
    "headingDivider",
    "lang",
    "math",
    "marp",
    "size",
    "title",
    "description",
    "author",
    "image",
    "keywords",
    "url",
    "paginate",
    "header",
    "footer",
    "class",
    "backgroundColor",
    "backgroundImage",
    "backgroundPosition",
    "backgroundRepeat",
    "backgroundSize",
    "color",
    "transition",
];

fn is_directive(key: &str) -> bool {
    let key = key.trim_start_matches(['_', '$']);
    DIRECTIVES.contains(&key)
}

/// What a directive becomes: mapped to the deck (`None`), or kept.
fn apply(key: &str, value: &Yaml, deck: &mut Deck, dividers: &mut Vec<u8>) -> bool {
    let bare = key.trim_start_matches('_');
    let text = scalar(value).unwrap_or_default();
    match bare {
        "marp" => true,
        "title" if !key.starts_with('_') => {
            deck.title = Some(text);
            true
        }
        "lang" => {
            deck.language = Some(text);
            true
        }
        "headingDivider" => {
            *dividers = heading_divider(value);
            true
        }
        // lectern numbers its pages.
        "paginate" => text == "true",
        // lectern's default slide shape.
        "size" => text == "16:9",
        _ => false,
    }
}

fn heading_divider(v: &Yaml) -> Vec<u8> {
    match v {
        Yaml::Integer(n) if (1..=6).contains(n) => (1..=*n as u8).collect(),
        Yaml::Array(levels) => levels
            .iter()
            .filter_map(yaml_rust2::Yaml::as_i64)
            .filter(|n| (1..=6).contains(n))
            .map(|n| n as u8)
            .collect(),
        _ => Vec::new(),
    }
}

/// The directive keys of a comment, when it is a directive comment.
fn directive_comment(content: &str) -> Option<Vec<(String, Yaml)>> {
    let parsed = parse_yaml(content).ok()?;
    let hash = parsed.as_hash()?;
    let pairs: Vec<(String, Yaml)> = hash
        .iter()
        .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.clone())))
        .collect();
    pairs.iter().any(|(k, _)| is_directive(k)).then_some(pairs)
}

/// Is this `---`/`***`/`___` line a slide break (a thematic break)?
fn is_break(line: &str, after_paragraph: bool) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return false;
    }
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(c) = t.chars().next() else {
        return false;
    };
    if !matches!(c, '-' | '*' | '_') || t.len() < 3 || !t.chars().all(|x| x == c) {
        return false;
    }
    // `Title` over `---` is a heading (a setext underline has no spaces).
    !(c == '-' && after_paragraph && !line.trim().contains(' '))
}

pub(super) fn read(source: &str, report: &mut Report) -> Deck {
    let lines: Vec<&str> = source.lines().collect();
    let mut deck = Deck::default();
    let mut dividers: Vec<u8> = Vec::new();
    let body_start = read_front(&lines, &mut deck, &mut dividers, report);
    // `headingDivider` is global wherever a comment sets it.
    for l in &lines[body_start..] {
        if let Some(rest) = l.trim().strip_prefix("<!--") {
            let inner = rest.trim_end_matches("-->").trim();
            if let Some(v) = inner.strip_prefix("headingDivider:") {
                if let Ok(y) = parse_yaml(v.trim()) {
                    dividers = heading_divider(&y);
                }
            }
        }
    }
    for chunk in split(&lines, body_start, &dividers) {
        let slide = read_slide(chunk, &mut deck, &mut dividers, report);
        deck.slides.push(slide);
    }
    deck
}

/// The front matter's directives, mapped to the deck or kept; returns the
/// first line index of the body.
fn read_front(
    lines: &[&str],
    deck: &mut Deck,
    dividers: &mut Vec<u8>,
    report: &mut Report,
) -> usize {
    let Some(fm) = front_matter(lines) else {
        return 0;
    };
    let entries = report.front_matter_entries(&fm, lines);
    for e in entries {
        if !apply(&e.key, &e.value, deck, dividers) {
            report.keep(
                &mut deck.kept,
                e.line,
                &e.text,
                &format!("Marp directive `{}`", e.key),
            );
        }
    }
    fm.body
}

/// The body split into slides the way Marpit does: at thematic breaks, and
/// before headings of the `headingDivider` levels once anything visible
/// has come.
fn split(lines: &[&str], body_start: usize, dividers: &[u8]) -> Vec<Vec<BodyLine>> {
    let mut raw: Vec<Vec<BodyLine>> = vec![Vec::new()];
    let mut fences = Fences::default();
    let mut in_comment = false;
    let mut seen_visible = false;
    let mut after_paragraph = false;
    for (i, l) in lines.iter().enumerate().skip(body_start) {
        let line = BodyLine {
            text: l.to_string(),
            pause: false,
            line: i + 1,
        };
        let code = fences.code(l);
        if !code && !in_comment {
            if is_break(l, after_paragraph) {
                raw.push(Vec::new());
                after_paragraph = false;
                continue;
            }
            let heading = atx_heading(l).map(|(level, _)| level).or_else(|| {
                // A setext heading starts on its text line.
                let next = lines.get(i + 1)?;
                (is_paragraph_line(l) && !after_paragraph)
                    .then(|| setext_level(next))
                    .flatten()
            });
            if heading.is_some_and(|lv| dividers.contains(&lv)) && seen_visible {
                raw.push(Vec::new());
            }
        }
        let t = l.trim();
        if !code {
            if in_comment {
                if t.contains("-->") {
                    in_comment = false;
                }
            } else if t.starts_with("<!--") && !t.contains("-->") {
                in_comment = true;
            } else if !(t.is_empty() || t.starts_with("<!--") && t.ends_with("-->")) {
                seen_visible = true;
            }
        }
        after_paragraph = !code && !in_comment && is_paragraph_line(l);
        raw.last_mut().expect("a slide").push(line);
    }
    raw
}

/// One slide's lines: its comments (directives or notes), images, HTML and
/// fragmented lists.
fn read_slide(
    chunk: Vec<BodyLine>,
    deck: &mut Deck,
    dividers: &mut Vec<u8>,
    report: &mut Report,
) -> Slide {
    let start = chunk.first().map_or(1, |l| l.line);
    let mut slide = Slide::at(start);
    let (body, comments) = take_comments(chunk, &|_| false);
    for c in comments {
        // `fit` in a heading: lectern fits every slide.
        if c.content == "fit" {
            continue;
        }
        if let Some(pairs) = directive_comment(&c.content) {
            let unmapped: Vec<&String> = pairs
                .iter()
                .filter(|(k, v)| !apply(k, v, deck, dividers))
                .map(|(k, _)| k)
                .collect();
            if !unmapped.is_empty() {
                let keys: Vec<String> = unmapped.iter().map(|k| format!("`{k}`")).collect();
                report.keep(
                    &mut slide.kept,
                    c.line,
                    &c.raw,
                    &format!("Marp directive {}", keys.join(", ")),
                );
            }
        } else {
            if !slide.notes.is_empty() {
                slide.notes.push(String::new());
            }
            slide.notes.extend(dedent(&c.content));
        }
    }
    let body: Vec<BodyLine> = body
        .into_iter()
        .map(|mut l| {
            l.text = images(&l.text, l.line, &mut slide, report);
            l
        })
        .collect();
    let mut body = html::convert(body, report, &mut slide.kept);
    // Fragmented lists: `*` bullets and `1)` numbers.
    let mut fences = Fences::default();
    for l in &mut body {
        if fences.code(&l.text) {
            continue;
        }
        if let Some(m) = list_marker(&l.text) {
            if m.delimiter == '*' || m.delimiter == ')' {
                l.pause = true;
            }
        }
    }
    slide.body = body;
    slide
}

/// Marp's image keywords. With `bg` the image is a background; `w:`/`h:`
/// size it; filters tint it.
fn keyword(word: &str, background: bool) -> bool {
    let w = word.to_ascii_lowercase();
    let (name, _) = w.split_once(':').unwrap_or((&w, ""));
    let filter = matches!(
        name,
        "blur"
            | "brightness"
            | "contrast"
            | "drop-shadow"
            | "grayscale"
            | "hue-rotate"
            | "invert"
            | "opacity"
            | "saturate"
            | "sepia"
    );
    let size = matches!(name, "w" | "h" | "width" | "height") && w.contains(':');
    let bg = background
        && (matches!(
            name,
            "bg" | "left" | "right" | "vertical" | "contain" | "cover" | "fit" | "auto"
        ) || w.trim_end_matches('%').parse::<f64>().is_ok() && w.ends_with('%'));
    filter || size || bg || w == "bg"
}

/// Rewrites Marp image syntax in a line to plain images; keywords go to the
/// notes with a warning.
fn images(line: &str, at: usize, slide: &mut Slide, report: &mut Report) -> String {
    let imgs = text::images(line);
    if imgs.is_empty() {
        return line.to_string();
    }
    let mut out = String::new();
    let mut last = 0;
    for img in imgs {
        let words: Vec<&str> = img.alt.split_whitespace().collect();
        let background = words.iter().any(|w| w.eq_ignore_ascii_case("bg"));
        let (keys, alt): (Vec<&str>, Vec<&str>) =
            words.iter().partition(|w| keyword(w, background));
        if keys.is_empty() {
            continue;
        }
        out.push_str(&line[last..img.range.start]);
        let keyed = Keyed {
            written: &line[img.range.clone()],
            src: &line[img.alt_range.end + 2..img.range.end - 1],
            alt: alt.join(" "),
            lower: keys.iter().map(|k| k.to_ascii_lowercase()).collect(),
            keys,
            background,
            color: background && !img.src.contains(['.', '/']),
        };
        out.push_str(&keyed.place(at, slide, report));
        last = img.range.end;
    }
    out.push_str(&line[last..]);
    out
}

/// An image with Marp keywords in its alt text.
struct Keyed<'a> {
    /// The whole `![…](…)`.
    written: &'a str,
    /// Its source as written (a title included).
    src: &'a str,
    /// The alt text without the keywords.
    alt: String,
    keys: Vec<&'a str>,
    /// The keywords in lower case.
    lower: Vec<String>,
    /// `bg`: a background image.
    background: bool,
    /// A background colour, not an image.
    color: bool,
}

impl Keyed<'_> {
    /// Places the image: as the slide's background, as the picture beside
    /// its content, or in the line (returned) with or without its width;
    /// what lectern has no equivalent for is kept with a warning.
    fn place(&self, at: usize, slide: &mut Slide, report: &mut Report) -> String {
        let (alt, src) = (&self.alt, self.src);
        // `![bg](x)`, `![bg cover](x)`: lectern's `background=`.
        let plain_bg = self
            .lower
            .iter()
            .all(|k| matches!(k.as_str(), "bg" | "cover"));
        let split_ok = self.side().is_some()
            && self.lower.iter().all(|k| {
                k == "bg" || k == "cover" || k.starts_with("left") || k.starts_with("right")
            });
        let width = self.width();
        if self.background
            && !self.color
            && plain_bg
            && slide.background.is_none()
            && src.split_whitespace().count() == 1
        {
            slide.background = Some(src.trim().to_string());
        } else if self.background && !self.color && split_ok && slide.beside.is_none() {
            let (first, share) = self.side().expect("checked");
            slide.beside = Some(Beside {
                image: format!("![{alt}]({src})"),
                first,
                width: share,
            });
        } else if !self.background && width.is_some() && self.lower.len() == 1 {
            return format!("![{alt}]({src}){{width={}}}", width.unwrap_or_default());
        } else if self.color {
            report.keep(
                &mut slide.kept,
                at,
                self.written,
                &format!("Marp background colour {}", brief(self.written)),
            );
        } else {
            let what = if self.background {
                format!(
                    "Marp background image {} (shown as an ordinary image)",
                    brief(&self.keys.join(" "))
                )
            } else {
                format!("Marp image setting {}", brief(&self.keys.join(" ")))
            };
            report.keep(&mut slide.kept, at, self.written, &what);
            return format!("![{alt}]({src})");
        }
        String::new()
    }

    /// `![bg left](x)`, `![bg right:40%](x)`: the picture beside the
    /// content, whether it is the first column, and its share.
    fn side(&self) -> Option<(bool, Option<f32>)> {
        self.lower.iter().find_map(|k| {
            let (name, share) = k.split_once(':').unwrap_or((k, ""));
            let first = match name {
                "left" => true,
                "right" => false,
                _ => return None,
            };
            let width = if share.is_empty() {
                Some(None)
            } else {
                share
                    .strip_suffix('%')
                    .and_then(|p| p.parse::<f32>().ok())
                    .filter(|p| *p > 0.0 && *p < 100.0)
                    .map(Some)
            };
            width.map(|w| (first, w))
        })
    }

    /// `![w:300px](x)`, `![width:50%](x)`: lectern's `{width=…}`.
    fn width(&self) -> Option<String> {
        self.lower.iter().find_map(|k| {
            let v = k.strip_prefix("w:").or_else(|| k.strip_prefix("width:"))?;
            image_width(&format!("width={v}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> (String, Vec<Diagnostic>) {
        convert(src, &Options::new("deck.md"))
    }

    #[test]
    fn breaks_comments_and_heading_divider() {
        let (out, diags) = run(
            "---\nmarp: true\nheadingDivider: 2\ntheme: gaia\n---\n# One\n<!-- _class: lead -->\ntext\n<!-- Say hello -->\n## Two\n\nmore\n\n---\n\n## Three\n",
        );
        let (breaks, slides) = crate::import::testing::breaks_and_slides(&out);
        assert_eq!(breaks, 2, "{out}");
        assert!(out.contains("???\nSay hello"), "{out}");
        assert!(!slides.contains("<!-- _class"), "{out}");
        assert_eq!(diags.len(), 2, "{diags:?}");
    }

    #[test]
    fn fragmented_lists_and_image_keywords() {
        let (out, diags) = run("# Items\n\n* a\n* b\n\n![bg left:40%](x.png)\n");
        assert!(out.contains("# Items {.incremental}"), "{out}");
        // The picture beside the list: lectern's columns, no note.
        assert!(
            out.contains(
                ":::: columns\n::: {.column width=\"40%\"}\n![](x.png)\n:::\n::: column\n"
            ),
            "{out}"
        );
        assert!(diags.is_empty(), "{diags:?}");
        let (out, diags) = run("# Photo\n\n![bg](p.jpg)\n\n![w:300px](c.png) ![h:100](d.png)\n");
        assert!(out.contains("# Photo {background=p.jpg}"), "{out}");
        assert!(out.contains("![](c.png){width=300px} ![](d.png)"), "{out}");
        assert_eq!(diags.len(), 1, "only the height is kept: {diags:?}");
    }

    #[test]
    fn a_rule_under_text_is_a_heading() {
        let (out, _) = run("Title\n---\ntext\n\n---\n\nnext\n");
        assert!(out.contains("## Title"), "{out}");
        assert_eq!(
            crate::import::testing::breaks_and_slides(&out).0,
            1,
            "{out}"
        );
    }
}

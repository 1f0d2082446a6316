//! The images a lectern deck shows (inline, and a heading's
//! `background=`), listed and rewritten, for copying them beside it.

use super::text::{self, atx_heading, Fences};

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

#[cfg(test)]
mod tests {
    use super::*;

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

//! Model inlines from Markdown's: the parts of text, links, images and
//! formulas that need no more than their own input. Bare addresses become
//! links and `:shortcodes:` emoji.

use pulldown_cmark::LinkType;

use super::divs::{div_attrs, percent};
use super::math::to_typst;
use super::media::check_link;
use crate::deck::{Inline, Width};

/// A link's address (an e-mail address as `mailto:`), or why it is refused.
pub(super) fn link_url(dest: &str, link_type: LinkType) -> Result<String, String> {
    let url = if link_type == LinkType::Email && !dest.starts_with("mailto:") {
        format!("mailto:{dest}")
    } else {
        dest.to_string()
    };
    check_link(&url).map(|()| url)
}

/// A formula as Typst math, or as the author wrote it (as code) with why
/// lectern cannot convert it.
pub(super) fn formula(tex: &str, display: bool) -> (Inline, Option<String>) {
    let fence = if display { "$$" } else { "$" };
    // Typst sets it here once (the HTML reuses the picture): a formula
    // it refuses is this formula's warning, never the whole PDF's error.
    let set = to_typst(tex).and_then(|typst| {
        match crate::typeset::math::math_picture(&typst, display, "DejaVu Sans", "#000000") {
            Some(_) => Ok(typst),
            None => Err("Typst cannot set it".to_string()),
        }
    });
    match set {
        Ok(typst) => (
            Inline::Math {
                tex: tex.to_string(),
                typst,
                display,
            },
            None,
        ),
        Err(why) => (
            Inline::Code {
                s: format!("{fence}{tex}{fence}"),
            },
            Some(why),
        ),
    }
}

/// Pandoc's `{width=50%}` (or `width=300px`) right after an image.
pub(super) struct ImageAttrs {
    /// Bytes up to and with the closing brace (never shown as text).
    pub len: usize,
    /// Characters of the braces and what they hold.
    pub chars: usize,
    pub width: Option<Width>,
    /// What lectern does not know there, with help: a warning each.
    pub problems: Vec<(String, &'static str)>,
}

/// The attributes in braces at the start of `rest`, the text right after
/// an image.
pub(super) fn image_attrs(rest: &str) -> Option<ImageAttrs> {
    if !rest.starts_with('{') {
        return None;
    }
    let close = rest.find('}').filter(|c| !rest[..*c].contains('\n'))?;
    let inner = &rest[..=close];
    let (classes, attrs) = div_attrs(inner);
    let mut width = None;
    let mut problems = Vec::new();
    let help = "an image takes its width: ![alt](path){width=50%} or {width=300px}";
    for class in classes.iter().filter(|c| !c.is_empty()) {
        problems.push((format!("images take no class `.{class}`: ignored"), help));
    }
    for (key, value) in attrs {
        if key != "width" {
            problems.push((format!("unknown image attribute `{key}`: ignored"), help));
            continue;
        }
        width = parse_width(&value);
        if width.is_none() {
            problems.push((
                format!("image width `{value}` is neither a percentage nor pixels"),
                "write e.g. width=50% (of the text column, at most 100%) or width=300px (at most 4000px)",
            ));
        }
    }
    Some(ImageAttrs {
        len: close + 1,
        chars: inner.chars().count(),
        width,
        problems,
    })
}

/// `50%` or `300px` (`300` is pixels too).
fn parse_width(value: &str) -> Option<Width> {
    let v = value.trim();
    if let Some(p) = v.strip_suffix('%') {
        return percent(p).map(Width::Percent);
    }
    let px = v.strip_suffix("px").unwrap_or(v).trim();
    px.parse::<f32>()
        .ok()
        .filter(|p| p.is_finite() && *p >= 1.0 && *p <= 4000.0)
        .map(Width::Px)
}

/// Drops leading/trailing whitespace-only text and merges adjacent text runs.
pub(super) fn trim_inlines(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut merged: Vec<Inline> = Vec::with_capacity(inlines.len());
    for i in inlines {
        match (merged.last_mut(), i) {
            (Some(Inline::Text { s: prev }), Inline::Text { s }) => prev.push_str(&s),
            (_, i) => merged.push(i),
        }
    }
    let mut out = linkify(merged);
    if let Some(Inline::Text { s }) = out.first_mut() {
        *s = s.trim_start().to_string();
    }
    if let Some(Inline::Text { s }) = out.last_mut() {
        *s = s.trim_end().to_string();
    }
    out.retain(|i| !matches!(i, Inline::Text { s } if s.is_empty()));
    out
}

/// Bare `http(s)://` addresses in text become links, as in GitHub Markdown
/// (CommonMark only links `<…>`): the manual writes video links bare.
fn linkify(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let Inline::Text { s } = inline else {
            out.push(inline);
            continue;
        };
        let mut rest = s.as_str();
        let find = |r: &str| match (r.find("http://"), r.find("https://")) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        while let Some(start) = find(rest) {
            let tail = &rest[start..];
            let mut end = tail
                .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
                .unwrap_or(tail.len());
            // Trailing punctuation belongs to the sentence, a closing bracket only when unbalanced.
            while end > 0 {
                let last = tail[..end].chars().last().unwrap_or(' ');
                let unbalanced = last == ')'
                    && tail[..end].matches('(').count() < tail[..end].matches(')').count();
                if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '’' | '”')
                    || unbalanced
                {
                    end -= last.len_utf8();
                } else {
                    break;
                }
            }
            let url = &tail[..end];
            if url.len() <= "https://".len() {
                break;
            }
            if start > 0 {
                out.push(Inline::Text {
                    s: rest[..start].to_string(),
                });
            }
            out.push(Inline::Link {
                url: url.to_string(),
                c: vec![Inline::Text { s: url.to_string() }],
            });
            rest = &tail[end..];
        }
        if !rest.is_empty() {
            out.push(Inline::Text {
                s: rest.to_string(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{inline_text, BlockBody};
    use crate::parse::parse_for_test;

    fn text(s: &str) -> Inline {
        Inline::Text { s: s.into() }
    }

    /// Each inline as `kind:text`, for comparing in a table.
    fn shape(inlines: &[Inline]) -> Vec<String> {
        inlines
            .iter()
            .map(|i| match i {
                Inline::Text { s } => format!("text:{s}"),
                Inline::Link { url, c } => format!("link:{url}:{}", inline_text(c)),
                Inline::Code { s } => format!("code:{s}"),
                Inline::Strong { c } => format!("strong:{}", inline_text(c)),
                Inline::Emph { c } => format!("emph:{}", inline_text(c)),
                Inline::Strike { c } => format!("strike:{}", inline_text(c)),
                Inline::Note { n } => format!("note:{n}"),
                Inline::Break => "break".into(),
                Inline::Html { s } => format!("html:{s}"),
                Inline::Math { typst, display, .. } => format!("math:{display}:{typst}"),
            })
            .collect()
    }

    #[test]
    fn bare_addresses_become_links_without_their_punctuation() {
        for (input, want) in [
            (
                "see https://x.org.",
                vec!["text:see ", "link:https://x.org:https://x.org", "text:."],
            ),
            (
                "(https://x.org/a_(b))",
                vec![
                    "text:(",
                    "link:https://x.org/a_(b):https://x.org/a_(b)",
                    "text:)",
                ],
            ),
            ("https://", vec!["text:https://"]),
            (
                "a http://a.b, b",
                vec!["text:a ", "link:http://a.b:http://a.b", "text:, b"],
            ),
            ("no link here", vec!["text:no link here"]),
        ] {
            assert_eq!(shape(&linkify(vec![text(input)])), want, "{input}");
        }
    }

    #[test]
    fn runs_are_merged_and_trimmed() {
        let got = trim_inlines(vec![text("  a"), text(" b "), Inline::Break, text(" c  ")]);
        assert_eq!(shape(&got), ["text:a b ", "break", "text: c"]);
        assert!(trim_inlines(vec![text("   ")]).is_empty());
    }

    #[test]
    fn inline_markdown_becomes_model_inlines() {
        for (md, want) in [
            (
                "**b** *e* ~~s~~ `c`",
                vec![
                    "strong:b", "text: ", "emph:e", "text: ", "strike:s", "text: ", "code:c",
                ],
            ),
            ("[x](https://x.org)", vec!["link:https://x.org:x"]),
            ("<mail@x.org>", vec!["link:mailto:mail@x.org:mail@x.org"]),
            ("[x](javascript:alert(1))", vec!["emph:x"]),
            ("a[^n]\n\n[^n]: note", vec!["text:a", "note:1"]),
            ("a  \nb", vec!["text:a", "break", "text:b"]),
        ] {
            let (deck, _) = parse_for_test(&format!("# T\n\n{md}"));
            let BlockBody::Paragraph { content } = &deck.slides[0].blocks[0].body else {
                panic!("{md}: a paragraph")
            };
            assert_eq!(shape(content), want, "{md}");
        }
    }

    #[test]
    fn refused_links_are_positioned_errors() {
        let (_, diags) = parse_for_test("# T\n\nsee [x](javascript:alert(1))");
        let d = diags.iter().find(|d| d.is_error()).expect("an error");
        assert_eq!((d.pos.line, d.pos.col), (6, 5));
        assert!(d.message.contains("`javascript:` links are not allowed"));
    }
}

/// `:shortcode:` emoji (GitHub's names) as the characters they stand for.
/// Unknown names and anything else between colons (`10:30`, `a:b:c`) stay.
pub(super) fn shortcodes(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(':') {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find(':') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))
            .unwrap_or(after.len());
        // Inside a bare web address (linked later) a colon is the address's.
        let word = out.rsplit(char::is_whitespace).next().unwrap_or("");
        let emoji = (name_len > 0 && after[name_len..].starts_with(':') && !word.contains("://"))
            .then(|| emojis::get_by_shortcode(&after[..name_len]))
            .flatten();
        if let Some(e) = emoji {
            out.push_str(e.as_str());
            rest = &after[name_len + 1..];
        } else {
            out.push(':');
            rest = after;
        }
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod markdown_extension_tests {
    use super::*;
    use crate::deck::{inline_text, BlockBody};
    use crate::parse::parse_for_test;

    #[test]
    fn known_shortcodes_become_emoji_and_nothing_else_changes() {
        for (input, want) in [
            (":tada: done", "🎉 done"),
            ("a :+1: b", "a 👍 b"),
            ("at 10:30 or 10:30:45", "at 10:30 or 10:30:45"),
            (":notacode: stays", ":notacode: stays"),
            ("::", "::"),
            ("ratio 1:2:3", "ratio 1:2:3"),
            (":smile::smile:", "😄😄"),
            ("see https://x.org/a:tada:b", "see https://x.org/a:tada:b"),
            ("https://x.org :tada:", "https://x.org 🎉"),
            ("trailing :", "trailing :"),
        ] {
            assert_eq!(shortcodes(input), want, "{input}");
        }
        let (deck, _) = parse_for_test("# T\n\nGood :tada: and `:tada:`\n");
        let BlockBody::Paragraph { content } = &deck.slides[0].blocks[0].body else {
            panic!("a paragraph")
        };
        // Code is left as written.
        assert_eq!(inline_text(content), "Good 🎉 and :tada:");
    }

    #[test]
    fn formulas_become_math_or_positioned_warnings() {
        for (md, want, warning) in [
            (r"$K\,\mathbf{u}$", "math:false:K thin bold(u)", None),
            (r"$$\frac{a}{b}$$", "math:true:frac(a, b)", None),
            (r"cost $5 and $10", "text:cost $5 and $10", None),
            (r"$\foo{x}$", "code:$\\foo{x}$", Some((6, 1))),
            (r"see $\unknown$", "text:see ", Some((6, 5))),
        ] {
            let (deck, diags) = parse_for_test(&format!("# T\n\n{md}"));
            let BlockBody::Paragraph { content } = &deck.slides[0].blocks[0].body else {
                panic!("{md}: a paragraph")
            };
            let shapes = tests_shape(content);
            assert_eq!(shapes[0], want, "{md}");
            let warned = diags
                .iter()
                .find(|d| d.message.contains("formula is shown as code"));
            assert_eq!(
                warned.map(|d| (d.pos.line, d.pos.col)),
                warning,
                "{md}: {diags:?}"
            );
        }
    }

    fn tests_shape(inlines: &[Inline]) -> Vec<String> {
        inlines
            .iter()
            .map(|i| match i {
                Inline::Text { s } => format!("text:{s}"),
                Inline::Code { s } => format!("code:{s}"),
                Inline::Math { typst, display, .. } => format!("math:{display}:{typst}"),
                other => format!("{other:?}"),
            })
            .collect()
    }
}

//! Which tool wrote a deck, told from the deck itself.

use super::text;
use super::tool::Tool;

/// Which tool wrote a deck: front matter keys, the `.qmd` extension,
/// presenterm's comment commands, reveal's `Note:` and `.element` comments.
pub fn detect(source: &str, extension: &str) -> Tool {
    if extension == "qmd" {
        return Tool::Quarto;
    }
    let lines: Vec<&str> = source.lines().collect();
    let front = text::front_matter(&lines)
        .map(|fm| fm.yaml_text(&lines))
        .unwrap_or_default();
    let has_key = |key: &str| {
        front.lines().any(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    };
    let key_value = |key: &str| {
        front.lines().find_map(|l| {
            let rest = l.strip_prefix(key)?.trim_start().strip_prefix(':')?;
            Some(rest.trim().trim_matches(['"', '\'']).to_string())
        })
    };
    if key_value("marp").as_deref() == Some("true") {
        return Tool::Marp;
    }
    if key_value("format").is_some_and(|f| f.contains("revealjs"))
        || front
            .lines()
            .any(|l| l.trim_start().starts_with("revealjs:"))
        || has_key("slide-level")
    {
        return Tool::Quarto;
    }
    if has_key("separator") || has_key("verticalSeparator") || has_key("revealOptions") {
        return Tool::Reveal;
    }
    if has_key("sub_title")
        || (has_key("theme") && front.contains("\n  override:"))
        || source.contains("<!-- end_slide -->")
        || source.contains("<!-- pause -->")
        || source.contains("speaker_note:")
    {
        return Tool::Presenterm;
    }
    let pandoc = lines.iter().any(|l| {
        let t = l.trim();
        t == "::: notes" || t == "::: {.notes}" || t == "::: incremental" || t == ". . ."
    });
    if pandoc {
        return Tool::Quarto;
    }
    let slidev_keys = [
        "layout",
        "highlighter",
        "drawings",
        "mdc",
        "colorSchema",
        "hideInToc",
        "canvasWidth",
    ];
    if slidev_keys.iter().any(|k| has_key(k))
        || source.contains("<v-click")
        || source.contains("::right::")
        || source.contains("\n---\nlayout:")
    {
        return Tool::Slidev;
    }
    if has_key("headingDivider")
        || source.contains("<!-- _class:")
        || source.contains("<!-- _paginate")
        || source.contains("![bg")
    {
        return Tool::Marp;
    }
    let reveal = lines.iter().any(|l| {
        let t = l.trim_start();
        t.starts_with("Note:") || t.starts_with("Notes:")
    }) || source.contains(".element:")
        || source.contains("<!-- .slide:")
        || source.contains("\n----\n");
    if reveal {
        return Tool::Reveal;
    }
    // Plain Markdown with `---` between slides reads the same in Marp.
    Tool::Marp
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn detection_reads_front_matter_and_syntax() {
        for (src, ext, tool) in [
            ("---\nmarp: true\n---\n# a\n", "md", Tool::Marp),
            ("---\ntitle: x\n---\n## a\n", "qmd", Tool::Quarto),
            (
                "---\ntitle: x\nformat: revealjs\n---\n## a\n",
                "md",
                Tool::Quarto,
            ),
            (
                "---\ntheme: seriph\nlayout: cover\n---\n# a\n",
                "md",
                Tool::Slidev,
            ),
            ("# a\n<!-- end_slide -->\n# b\n", "md", Tool::Presenterm),
            ("# a\n\nNote: hi\n\n---\n\n# b\n", "md", Tool::Reveal),
            ("---\nseparator: <!--s-->\n---\n# a\n", "md", Tool::Reveal),
            ("## a\n\n::: notes\nhi\n:::\n", "md", Tool::Quarto),
            ("# a\n\n---\n\n# b\n", "md", Tool::Marp),
        ] {
            assert_eq!(detect(src, ext), tool, "{src:?}");
        }
    }
}

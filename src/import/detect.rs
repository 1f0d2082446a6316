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
    let deck = Signs {
        source,
        lines: &lines,
        front: &front,
    };
    deck.tool()
}

/// A check of a deck's signs, and the tool it shows.
type Check<'a> = (fn(&Signs<'a>) -> bool, Tool);

/// A deck, its lines and its front matter's YAML text.
struct Signs<'a> {
    source: &'a str,
    lines: &'a [&'a str],
    front: &'a str,
}

impl<'a> Signs<'a> {
    /// The first tool whose signs the deck shows, in this order.
    fn tool(&self) -> Tool {
        let checks: [Check<'a>; 10] = [
            (Self::marp_switch, Tool::Marp),
            (Self::quarto_format, Tool::Quarto),
            (Self::reveal_settings, Tool::Reveal),
            (Self::presenterm, Tool::Presenterm),
            (Self::pandoc_divs, Tool::Quarto),
            (Self::pandoc_title, Tool::Quarto),
            (Self::slidev, Tool::Slidev),
            (Self::marp, Tool::Marp),
            (Self::reveal, Tool::Reveal),
            (Self::pandoc_headings, Tool::Quarto),
        ];
        checks
            .iter()
            .find(|(shows, _)| shows(self))
            // Plain Markdown with `---` between slides reads the same in Marp.
            .map_or(Tool::Marp, |(_, tool)| *tool)
    }

    fn has_key(&self, key: &str) -> bool {
        self.front.lines().any(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    }

    fn key_value(&self, key: &str) -> Option<String> {
        self.front.lines().find_map(|l| {
            let rest = l.strip_prefix(key)?.trim_start().strip_prefix(':')?;
            Some(rest.trim().trim_matches(['"', '\'']).to_string())
        })
    }

    /// `marp: true`.
    fn marp_switch(&self) -> bool {
        self.key_value("marp").as_deref() == Some("true")
    }

    /// A reveal.js format or `slide-level` in the front matter.
    fn quarto_format(&self) -> bool {
        self.key_value("format")
            .is_some_and(|f| f.contains("revealjs"))
            || self
                .front
                .lines()
                .any(|l| l.trim_start().starts_with("revealjs:"))
            || self.has_key("slide-level")
    }

    /// reveal-md's separators and options.
    fn reveal_settings(&self) -> bool {
        self.has_key("separator")
            || self.has_key("verticalSeparator")
            || self.has_key("revealOptions")
    }

    /// presenterm's front matter keys and comment commands.
    fn presenterm(&self) -> bool {
        self.has_key("sub_title")
            || (self.has_key("theme") && self.front.contains("\n  override:"))
            || self.source.contains("<!-- end_slide -->")
            || self.source.contains("<!-- pause -->")
            || self.source.contains("speaker_note:")
    }

    /// pandoc's notes and incremental divs, and its pause.
    fn pandoc_divs(&self) -> bool {
        self.lines.iter().any(|l| {
            let t = l.trim();
            t == "::: notes" || t == "::: {.notes}" || t == "::: incremental" || t == ". . ."
        })
    }

    /// pandoc's own title block: a `%` title on the first line, or YAML
    /// front matter closed by `...`.
    fn pandoc_title(&self) -> bool {
        self.lines.first().is_some_and(|l| l.starts_with("% "))
            || text::front_matter(self.lines).is_some_and(|fm| {
                self.lines
                    .get(fm.body - 1)
                    .is_some_and(|l| l.trim_end() == "...")
            })
    }

    /// Slides made by headings alone: two or more headings and no `---`
    /// between them (outside code). Marp would make one slide of it,
    /// pandoc (beamer, reveal.js) one per heading.
    fn pandoc_headings(&self) -> bool {
        let body = text::front_matter(self.lines).map_or(0, |fm| fm.body);
        let mut fences = text::Fences::default();
        let mut headings = 0;
        for l in self.lines.iter().skip(body) {
            if fences.code(l) {
                continue;
            }
            if matches!(l.trim_end(), "---" | "***" | "___") {
                return false;
            }
            if text::atx_heading(l).is_some() {
                headings += 1;
            }
        }
        headings >= 2
    }

    /// Slidev's front matter keys, click tags and slots.
    fn slidev(&self) -> bool {
        let slidev_keys = [
            "layout",
            "highlighter",
            "drawings",
            "mdc",
            "colorSchema",
            "hideInToc",
            "canvasWidth",
        ];
        slidev_keys.iter().any(|k| self.has_key(k))
            || self.source.contains("<v-click")
            || self.source.contains("::right::")
            || self.source.contains("\n---\nlayout:")
    }

    /// Marp's directives and background images.
    fn marp(&self) -> bool {
        self.has_key("headingDivider")
            || self.source.contains("<!-- _class:")
            || self.source.contains("<!-- _paginate")
            || self.source.contains("![bg")
    }

    /// reveal's notes, element and slide comments, vertical separators.
    fn reveal(&self) -> bool {
        self.lines.iter().any(|l| {
            let t = l.trim_start();
            t.starts_with("Note:") || t.starts_with("Notes:")
        }) || self.source.contains(".element:")
            || self.source.contains("<!-- .slide:")
            || self.source.contains("\n----\n")
    }
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
            (
                "---\ntitle: Beamer talk\nauthor: A\n...\n\n# Part\n\n## One\n\ntext\n\n## Two\n\n$$x^2$$\n",
                "md",
                Tool::Quarto,
            ),
            (
                "---\ntitle: Beamer talk\n---\n\n# Part\n\n## One\n\n## Two\n",
                "md",
                Tool::Quarto,
            ),
            ("% My Talk\n% Ann\n\n## One\n\ntext\n", "md", Tool::Quarto),
            ("# only one heading\n\ntext\n", "md", Tool::Marp),
        ] {
            assert_eq!(detect(src, ext), tool, "{src:?}");
        }
    }
}

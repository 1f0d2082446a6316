//! Fenced divs (Pandoc's and Quarto's `::: columns` / `::: column`), which
//! pulldown-cmark does not know: their fence lines are found here, outside
//! code blocks, and the text between them is parsed as Markdown part by part.

use std::ops::Range;

use super::lines::CodeFences;
use crate::diag::Pos;
use crate::diag::{Diagnostic, LineIndex};

/// A slide's source cut at its fence lines.
#[derive(Debug)]
pub(super) enum Seg {
    /// Markdown between fence lines (byte range in the whole file).
    Md(Range<usize>),
    Columns(Vec<Col>),
}

#[derive(Debug)]
pub(super) struct Col {
    pub width: Option<f32>,
    pub segs: Vec<Seg>,
}

/// Most columns side by side; more are stacked in the last one.
pub(super) const MAX_COLUMNS: usize = 4;

enum Frame {
    /// The slide itself, or a div lectern does not know (its content is shown in place).
    Plain {
        segs: Vec<Seg>,
    },
    Columns {
        at: usize,
        cols: Vec<Col>,
    },
    Column {
        width: Option<f32>,
        segs: Vec<Seg>,
    },
}

impl Frame {
    fn segs(&mut self) -> &mut Vec<Seg> {
        match self {
            Frame::Plain { segs } | Frame::Column { segs, .. } => segs,
            Frame::Columns { cols, .. } => {
                if cols.is_empty() {
                    cols.push(Col {
                        width: None,
                        segs: Vec::new(),
                    });
                }
                &mut cols.last_mut().expect("just made").segs
            }
        }
    }
}

/// A fence line: its colons and what follows them (`columns`,
/// `{.column width="40%"}`, or nothing for a closing fence).
fn fence(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let t = line.trim();
    let colons = t.len() - t.trim_start_matches(':').len();
    if colons < 3 {
        return None;
    }
    let rest = t[colons..].trim().trim_end_matches(':').trim();
    Some((colons, rest))
}

/// Classes and `key=value` attributes of a div's opening fence.
pub(super) fn div_attrs(rest: &str) -> (Vec<String>, Vec<(String, String)>) {
    // `::: columns`: a bare word is the class.
    let Some(inner) = rest.strip_prefix('{').and_then(|r| r.strip_suffix('}')) else {
        return (vec![rest.trim_start_matches('.').to_string()], Vec::new());
    };
    let (mut classes, mut attrs) = (Vec::new(), Vec::new());
    let mut chars = inner.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else { break };
        let mut word = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '=' {
                break;
            }
            word.push(c);
            chars.next();
        }
        if chars.peek() == Some(&'=') {
            chars.next();
            let mut value = String::new();
            match chars.peek().copied() {
                Some(q @ ('"' | '\'')) => {
                    chars.next();
                    for c in chars.by_ref() {
                        if c == q {
                            break;
                        }
                        value.push(c);
                    }
                }
                _ => {
                    while let Some(&c) = chars.peek() {
                        if c.is_whitespace() {
                            break;
                        }
                        value.push(c);
                        chars.next();
                    }
                }
            }
            attrs.push((word, value));
        } else if first == '.' {
            classes.push(word[1..].to_string());
        } else if first != '#' && !word.is_empty() {
            classes.push(word);
        }
    }
    (classes, attrs)
}

/// `40%` (or `40`): a share of the row in percent.
pub(super) fn percent(value: &str) -> Option<f32> {
    let v = value.trim();
    let n = v.strip_suffix('%').unwrap_or(v).trim();
    n.parse::<f32>()
        .ok()
        .filter(|p| p.is_finite() && *p > 0.0 && *p <= 100.0)
}

/// Cuts `range` of `text` at its fence lines. A range without any is one
/// `Seg::Md`; unclosed and stray fences are warnings, and their content is
/// kept in order.
pub(super) fn segments(
    text: &str,
    range: Range<usize>,
    idx: &LineIndex,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Seg> {
    let src = &text[range.clone()];
    if !src.lines().any(|l| fence(l).is_some()) {
        return vec![Seg::Md(range)];
    }
    let mut cutter = Cutter {
        text,
        idx,
        file,
        diags,
        stack: vec![(0, range.start, Frame::Plain { segs: Vec::new() })],
        md_start: range.start,
    };
    let mut code = CodeFences::default();
    let mut at = range.start;
    for line in src.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if code.is_code(body) {
            continue;
        }
        if let Some((colons, rest)) = fence(body) {
            cutter.fence_line(start..at, body, colons, rest);
        }
    }
    cutter.finish(range.end)
}

/// Cuts a part at its fence lines, with the divs open around the line
/// being read.
struct Cutter<'t, 'd> {
    text: &'t str,
    idx: &'t LineIndex<'t>,
    file: &'t str,
    diags: &'d mut Vec<Diagnostic>,
    /// Open divs, innermost last, with the colons and start of their fence.
    stack: Vec<(usize, usize, Frame)>,
    /// Where the Markdown not yet given to a div starts.
    md_start: usize,
}

impl Cutter<'_, '_> {
    fn warn(&mut self, at: usize, len: usize, msg: String, help: &str) {
        let pos: Pos = self.idx.pos(at);
        self.diags.push(
            self.idx.annotate(
                Diagnostic::warning(self.file, pos, msg)
                    .with_len(len)
                    .with_help(help.to_string()),
            ),
        );
    }

    /// The innermost open div (the slide itself when none is open).
    fn innermost(&mut self) -> &mut Frame {
        &mut self.stack.last_mut().expect("the slide").2
    }

    /// A fence line (`line` is where it stands): it closes the innermost
    /// div or opens one.
    fn fence_line(&mut self, line: Range<usize>, body: &str, colons: usize, rest: &str) {
        let start = line.start;
        self.markdown_before(start);
        self.md_start = line.end;
        let len = body.trim().chars().count();
        if rest.is_empty() {
            self.close_innermost(start, len);
            return;
        }
        let (classes, attrs) = div_attrs(rest);
        let frame = if classes.iter().any(|c| c == "columns") {
            self.open_columns(&attrs, start, len)
        } else if classes.iter().any(|c| c == "column") {
            self.open_column(&attrs, start, len)
        } else {
            let name = classes.first().cloned().unwrap_or_default();
            self.warn(start, len, format!("lectern has no `{name}` div: its content is shown as ordinary content"),
                "lectern knows `:::: columns` with `::: column` inside; for speaker notes write `???`");
            Frame::Plain { segs: Vec::new() }
        };
        self.stack.push((colons, start, frame));
    }

    /// The Markdown before a fence line belongs to the innermost div.
    fn markdown_before(&mut self, start: usize) {
        if self.md_start >= start {
            return;
        }
        let md = self.md_start..start;
        if let Frame::Columns { .. } = self.innermost() {
            let between = &self.text[md.clone()];
            if between.trim().is_empty() {
                return;
            }
            self.warn(
                self.md_start + between.len() - between.trim_start().len(),
                1,
                "text between columns, outside any `::: column`".into(),
                "put it inside a `::: column` … `:::` (it is shown in the column before it)",
            );
        }
        self.innermost().segs().push(Seg::Md(md));
    }

    /// A closing fence closes the innermost open div.
    fn close_innermost(&mut self, start: usize, len: usize) {
        if self.stack.len() == 1 {
            self.warn(
                start,
                len,
                "this `:::` closes no div".into(),
                "remove it, or open the div with `:::: columns` or `::: column` above",
            );
            return;
        }
        let (_, _, frame) = self.stack.pop().expect("more than the slide");
        self.close(frame);
    }

    fn open_columns(&mut self, attrs: &[(String, String)], start: usize, len: usize) -> Frame {
        let in_column = matches!(
            self.innermost(),
            Frame::Column { .. } | Frame::Columns { .. }
        );
        for (k, _) in attrs {
            self.warn(
                start,
                len,
                format!("`{k}` on columns is ignored"),
                "columns take no attributes; give each `::: {.column width=\"40%\"}` its width",
            );
        }
        if in_column {
            self.warn(
                start,
                len,
                "columns inside a column are shown one after the other".into(),
                "lectern sets one row of columns per block: close the outer columns first",
            );
            Frame::Plain { segs: Vec::new() }
        } else {
            Frame::Columns {
                at: start,
                cols: Vec::new(),
            }
        }
    }

    fn open_column(&mut self, attrs: &[(String, String)], start: usize, len: usize) -> Frame {
        let in_columns = matches!(self.innermost(), Frame::Columns { .. });
        let mut width = None;
        for (k, v) in attrs {
            if k == "width" {
                width = percent(v);
                if width.is_none() {
                    self.warn(start, len, format!("column width `{v}` is not a share in percent"),
                        "write the share of the row, e.g. `::: {.column width=\"40%\"}` (more than 0, at most 100)");
                }
            } else {
                self.warn(
                    start,
                    len,
                    format!("unknown column attribute `{k}`"),
                    "a column takes only its width: `::: {.column width=\"40%\"}`",
                );
            }
        }
        if in_columns {
            Frame::Column {
                width,
                segs: Vec::new(),
            }
        } else {
            self.warn(start, len, "a `::: column` outside `:::: columns`".into(),
                "put the columns inside `:::: columns` … `::::`; this one is shown as ordinary content");
            Frame::Plain { segs: Vec::new() }
        }
    }

    /// The part's last Markdown, and the divs never closed closed with a
    /// warning each.
    fn finish(mut self, end: usize) -> Vec<Seg> {
        if self.md_start < end {
            let md = self.md_start..end;
            self.innermost().segs().push(Seg::Md(md));
        }
        while self.stack.len() > 1 {
            let (colons, start, frame) = self.stack.pop().expect("more than the slide");
            let text = self.text;
            let line = text[start..].lines().next().unwrap_or("").trim();
            self.warn(
                start,
                line.chars().count(),
                format!("`{line}` is never closed"),
                &format!(
                    "end it with a line of `{}` (its content is kept in order)",
                    ":".repeat(colons)
                ),
            );
            self.close(frame);
        }
        match self.stack.pop() {
            Some((_, _, Frame::Plain { segs })) => segs,
            _ => Vec::new(),
        }
    }

    /// Hands a closed div's content to the div around it.
    fn close(&mut self, frame: Frame) {
        match frame {
            Frame::Plain { segs } => self.innermost().segs().extend(segs),
            Frame::Column { width, segs } => match self.innermost() {
                Frame::Columns { cols, .. } => cols.push(Col { width, segs }),
                other => other.segs().extend(segs),
            },
            Frame::Columns { at, cols } => self.close_columns(at, cols),
        }
    }

    fn close_columns(&mut self, at: usize, mut cols: Vec<Col>) {
        if cols.len() < 2 {
            self.warn(
                at,
                3,
                "columns with fewer than two `::: column` inside are shown as ordinary content"
                    .into(),
                "put two to four `::: column` … `:::` parts inside `:::: columns`",
            );
            for c in cols {
                self.innermost().segs().extend(c.segs);
            }
            return;
        }
        if cols.len() > MAX_COLUMNS {
            self.warn(at, 3, format!("{} columns: at most {MAX_COLUMNS} stand side by side, the rest are stacked in the last", cols.len()),
                "split the content into at most four columns, or over two blocks of columns");
            let extra: Vec<Col> = cols.drain(MAX_COLUMNS..).collect();
            let last = cols.last_mut().expect("four");
            for c in extra {
                last.segs.extend(c.segs);
            }
        }
        self.innermost().segs().push(Seg::Columns(cols));
    }
}

#[cfg(test)]
mod tests {
    use crate::deck::{blocks_text, BlockBody, Width};
    use crate::parse::parse_for_test;

    /// Width as written, share and text of each column.
    type Cols = Vec<(Option<f32>, f32, String)>;

    fn columns(md: &str) -> (Cols, Vec<String>) {
        let (deck, diags) = parse_for_test(md);
        let cols = deck.slides[0]
            .blocks
            .iter()
            .find_map(|b| match &b.body {
                BlockBody::Columns { columns } => Some(
                    columns
                        .iter()
                        .map(|c| (c.width, c.share, blocks_text(&c.blocks)))
                        .collect(),
                ),
                _ => None,
            })
            .unwrap_or_default();
        (
            cols,
            diags
                .iter()
                .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.message))
                .collect(),
        )
    }

    #[test]
    fn fenced_divs_make_columns_with_their_widths() {
        for md in [
            ":::: columns\n::: column\nleft\n:::\n::: {.column width=\"40%\"}\nright\n:::\n::::\n",
            "::: {.columns}\n::: {.column}\nleft\n:::\n::: {.column width=40%}\nright\n:::\n:::\n",
            ":::::: columns\n\n:::: column\n\nleft\n\n::::\n\n::: {.column width='40%'}\nright\n:::\n\n::::::\n",
        ] {
            let (cols, diags) = columns(&format!("# T\n\n{md}"));
            assert_eq!(
                cols,
                [
                    (None, 60.0, "left".to_string()),
                    (Some(40.0), 40.0, "right".to_string())
                ],
                "{md}"
            );
            assert!(diags.is_empty(), "{md}: {diags:?}");
        }
    }

    #[test]
    fn equal_shares_and_blocks_before_and_after_stay_in_order() {
        let (deck, diags) = parse_for_test(
            "# T\n\nbefore\n\n::: columns\n::: column\n- a\n- b\n:::\n::: column\n```\n:::\n```\n:::\n::: column\nthree\n:::\n:::\n\nafter\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let s = &deck.slides[0];
        assert_eq!(s.blocks.len(), 3);
        assert_eq!(blocks_text(&s.blocks), "before\na\nb\n:::\nthree\nafter");
        let BlockBody::Columns { columns } = &s.blocks[1].body else {
            panic!("columns")
        };
        let shares: Vec<f32> = columns.iter().map(|c| c.share.round()).collect();
        assert_eq!(shares, [33.0, 33.0, 33.0]);
    }

    #[test]
    fn broken_fences_are_positioned_warnings_and_keep_the_content() {
        for (md, text, warning) in [
            (
                ":::: columns\n::: column\nleft\n:::\n::: column\nright\n",
                "left\nright",
                "6:1 `:::: columns` is never closed",
            ),
            (
                "::: column\nalone\n:::\n",
                "alone",
                "6:1 a `::: column` outside `:::: columns`",
            ),
            ("text\n\n:::\n", "text", "8:1 this `:::` closes no div"),
            (
                "::: notes\nsay this\n:::\n",
                "say this",
                "6:1 lectern has no `notes` div",
            ),
            (
                ":::: columns\n::: column\nonly\n:::\n::::\n",
                "only",
                "6:1 columns with fewer than two",
            ),
            (
                ":::: columns\n::: {.column width=wide}\na\n:::\n::: column\nb\n:::\n::::\n",
                "a\nb",
                "7:1 column width `wide` is not a share in percent",
            ),
        ] {
            let (deck, diags) = parse_for_test(&format!("# T\n\n{md}"));
            assert_eq!(blocks_text(&deck.slides[0].blocks), text, "{md}");
            let got: Vec<String> = diags
                .iter()
                .map(|d| format!("{}:{} {}", d.pos.line, d.pos.col, d.message))
                .collect();
            assert!(got.iter().any(|d| d.starts_with(warning)), "{md}: {got:?}");
        }
    }

    #[test]
    fn more_than_four_columns_stack_in_the_fourth() {
        let mut md = String::from("# T\n\n:::: columns\n");
        for i in 1..=5 {
            md.push_str(&format!("::: column\nc{i}\n:::\n"));
        }
        md.push_str("::::\n");
        let (cols, diags) = columns(&md);
        assert_eq!(cols.len(), 4);
        assert_eq!(cols[3].2, "c4\nc5");
        assert!(diags.iter().any(|d| d.contains("at most 4")), "{diags:?}");
    }

    #[test]
    fn image_width_is_read_and_never_shown_as_text() {
        for (md, width, text, warning) in [
            (
                "![a](x.png){width=50%}",
                Some(Width::Percent(50.0)),
                "",
                None,
            ),
            (
                "![a](x.png){width=\"300px\"} after",
                Some(Width::Px(300.0)),
                "after",
                None,
            ),
            ("![a](x.png){width=300}", Some(Width::Px(300.0)), "", None),
            (
                "![a](x.png){height=30%}",
                None,
                "",
                Some("unknown image attribute `height`"),
            ),
            (
                "![a](x.png){width=huge}",
                None,
                "",
                Some("image width `huge`"),
            ),
            ("![a](x.png) {width=50%}", None, "{width=50%}", None),
        ] {
            let (deck, diags) = parse_for_test(&format!("# T\n\n{md}\n"));
            let blocks = &deck.slides[0].blocks;
            let img = blocks.iter().find_map(|b| match &b.body {
                BlockBody::Image(i) => Some(i.clone()),
                _ => None,
            });
            assert_eq!(img.expect("an image").width, width, "{md}");
            let shown: String = blocks
                .iter()
                .filter(|b| matches!(b.body, BlockBody::Paragraph { .. }))
                .map(|b| blocks_text(std::slice::from_ref(b)))
                .collect();
            assert_eq!(shown, text, "{md}");
            if let Some(w) = warning {
                assert!(
                    diags.iter().any(|d| d.message.contains(w)),
                    "{md}: {diags:?}"
                );
            }
        }
    }

    #[test]
    fn a_background_is_an_image_of_the_slide_checked_like_any() {
        let (deck, diags) =
            parse_for_test("# T {.definition background=assets/none.jpg time=2}\n\ntext\n");
        let s = &deck.slides[0];
        assert_eq!(s.time, Some(2.0));
        let bg = s.background.as_ref().expect("a background");
        assert_eq!(
            (bg.src.as_str(), bg.file.as_deref()),
            ("assets/none.jpg", None)
        );
        let d = diags
            .iter()
            .find(|d| d.message.contains("image not found"))
            .expect("a warning");
        assert_eq!((d.pos.line, d.pos.col), (4, 18));
        let (deck, diags) = parse_for_test("# T {.list background=\"assets/a b.jpg\" time=3}\n");
        let s = &deck.slides[0];
        assert_eq!(
            s.background.as_ref().map(|b| b.src.as_str()),
            Some("assets/a b.jpg")
        );
        assert_eq!(s.time, Some(3.0));
        let got: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(got, ["image not found: assets/a b.jpg"]);
        let (deck, diags) = parse_for_test("# T {background=https://example.org/x.jpg}\n");
        assert!(deck.slides[0]
            .background
            .as_ref()
            .is_some_and(|b| b.file.is_none()));
        assert!(
            diags
                .iter()
                .any(|d| d.message.contains("not a file in the course folder")),
            "{diags:?}"
        );
    }
}

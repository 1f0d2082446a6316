//! Lines of a deck's text, and which of them are inside fenced code (where
//! neither a slide break nor a div fence counts).

/// Line ranges (without the newline) starting at `from`, paired with where the next line starts.
pub(super) fn line_ranges(text: &str, from: usize) -> impl Iterator<Item = LineRange> + '_ {
    let mut at = from;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let r = LineRange {
            start: at,
            end: (end + 1).min(text.len()),
            text_end: end,
        };
        at = end + 1;
        Some(r)
    })
}

#[derive(Clone)]
pub(super) struct LineRange {
    pub start: usize,
    /// After the newline.
    pub end: usize,
    /// Before the newline.
    pub text_end: usize,
}

impl std::ops::Index<LineRange> for str {
    type Output = str;
    fn index(&self, r: LineRange) -> &str {
        &self[r.start..r.text_end]
    }
}

/// Fenced code blocks (```` ``` ```` and `~~~`), followed line by line.
#[derive(Default)]
pub(super) struct CodeFences {
    /// The open fence's character and length.
    open: Option<(char, usize)>,
}

impl CodeFences {
    /// Whether `line` is code: a fence line, or a line inside fenced code.
    pub(super) fn is_code(&mut self, line: &str) -> bool {
        let t = line.trim_start();
        if let Some(c) = t.chars().next().filter(|c| *c == '`' || *c == '~') {
            let n = t.chars().take_while(|x| *x == c).count();
            if n >= 3 {
                match self.open {
                    None => self.open = Some((c, n)),
                    Some((fc, fnum)) if fc == c && n >= fnum && t.trim_end().len() == n => {
                        self.open = None;
                    }
                    _ => {}
                }
                return true;
            }
        }
        self.open.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ranges_know_where_each_line_ends() {
        let text = "a\nbc\n\nd";
        let lines: Vec<&str> = line_ranges(text, 0).map(|r| &text[r]).collect();
        assert_eq!(lines, ["a", "bc", "", "d"]);
        let ends: Vec<usize> = line_ranges(text, 2).map(|r| r.end).collect();
        assert_eq!(ends, [5, 6, 7]);
    }

    #[test]
    fn code_is_fenced_by_three_or_more_of_the_same_marker() {
        let mut fences = CodeFences::default();
        let code: Vec<bool> = [
            "a", "````", "```", "~~~~", "````", "b", "~~~", "c", "~~~", "d",
        ]
        .iter()
        .map(|l| fences.is_code(l))
        .collect();
        assert_eq!(
            code,
            [false, true, true, true, true, false, true, true, true, false]
        );
    }
}

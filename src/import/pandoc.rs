//! pandoc Markdown that Quarto and beamer decks share and lectern reads
//! differently: grid tables, attributes after links, and the raw LaTeX
//! of beamer decks.

use regex::Regex;
use std::sync::LazyLock;

use super::text::Fences;

/// A link followed by an attribute block: `[x](u){preview-link="true"}`.
static LINK_ATTRS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(^|[^!\]])(\[[^\]\n]*\]\([^)\s]*(?:\s+"[^"]*")?\))(\{[^}\n]*\})"#)
        .expect("link attribute pattern")
});

/// The attribute blocks after links taken off: the text without them, and
/// the blocks (for the notes).
pub(super) fn link_attributes(text: &str) -> (String, Vec<String>) {
    let mut notes = Vec::new();
    let out = LINK_ATTRS.replace_all(text, |c: &regex::Captures| {
        notes.push(c[3].to_string());
        format!("{}{}", &c[1], &c[2])
    });
    (out.into_owned(), notes)
}

/// What a line of raw LaTeX in a beamer deck becomes.
#[derive(Debug, PartialEq)]
pub(super) enum Latex {
    /// Shown as this Markdown.
    Show(String),
    /// beamer's `\pause`.
    Pause,
    /// Layout or type size only: taken off the slide, kept as a note.
    Keep,
}

/// Commands that only set type size, spacing or alignment.
const LAYOUT: [&str; 24] = [
    "tiny",
    "scriptsize",
    "footnotesize",
    "small",
    "normalsize",
    "large",
    "Large",
    "LARGE",
    "huge",
    "Huge",
    "centering",
    "raggedright",
    "raggedleft",
    "vfill",
    "hfill",
    "vspace",
    "hspace",
    "bigskip",
    "medskip",
    "smallskip",
    "newline",
    "noindent",
    "column",
    "framebreak",
];

/// Environments that only lay out: their begin and end lines are dropped.
const ENVIRONMENTS: [&str; 9] = [
    "center",
    "flushleft",
    "flushright",
    "columns",
    "column",
    "minipage",
    "block",
    "alertblock",
    "exampleblock",
];

/// A line of raw LaTeX a beamer deck puts between its Markdown; None when
/// the line is not one lectern knows (it is read as Markdown).
pub(super) fn latex_line(line: &str) -> Option<Latex> {
    let t = line.trim();
    let name: String = t
        .strip_prefix('\\')?
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    let rest = &t[1 + name.len()..];
    match name.as_str() {
        "pause" if rest.trim().is_empty() => Some(Latex::Pause),
        "framesubtitle" | "subtitle" => {
            let text = braced(rest)?;
            Some(Latex::Show(format!("*{}*", text.trim())))
        }
        "includegraphics" => Some(Latex::Show(graphics(rest)?)),
        "begin" | "end" => {
            let env = braced(rest)?;
            ENVIRONMENTS.contains(&env.as_str()).then_some(Latex::Keep)
        }
        // Only the command and its own arguments on the line.
        n if LAYOUT.contains(&n) => only_arguments(rest).then_some(Latex::Keep),
        _ => None,
    }
}

/// Whether `s` is nothing but `{…}` and `[…]` groups.
fn only_arguments(s: &str) -> bool {
    let mut rest = s.trim_start();
    while let Some(c) = rest.chars().next() {
        let close = match c {
            '{' => '}',
            '[' => ']',
            _ => return false,
        };
        let Some(end) = rest.find(close) else {
            return false;
        };
        rest = rest[end + 1..].trim_start();
    }
    true
}

/// The text of the `{…}` that `s` starts with (after options in `[…]`).
fn braced(s: &str) -> Option<String> {
    let s = s.trim_start();
    let s = match s.strip_prefix('[') {
        Some(r) => &r[r.find(']')? + 1..],
        None => s,
    };
    let inner = s.trim_start().strip_prefix('{')?;
    let end = inner.find('}')?;
    Some(inner[..end].to_string())
}

/// `\includegraphics[width=0.5\textwidth]{x.png}` as a lectern image: a
/// width given as a share of the text width is kept.
fn graphics(rest: &str) -> Option<String> {
    let path = braced(rest)?;
    let path = path.trim();
    if path.is_empty() || path.contains(['(', ')', ' ']) {
        return None;
    }
    let options = rest
        .trim_start()
        .strip_prefix('[')
        .and_then(|r| r.split_once(']'))
        .map_or("", |(o, _)| o);
    let share = options.split(',').find_map(|o| {
        let v = o.trim().strip_prefix("width=")?;
        let f = v
            .strip_suffix("\\textwidth")
            .or_else(|| v.strip_suffix("\\linewidth"))?;
        let f: f32 = if f.is_empty() { 1.0 } else { f.parse().ok()? };
        (f > 0.0 && f <= 1.0).then(|| (f * 100.0).round())
    });
    Some(match share {
        Some(w) => format!("![]({path}){{width={w}%}}"),
        None => format!("![]({path})"),
    })
}

/// pandoc grid tables (`+---+---+` borders, `|` rows) as pipe tables
/// lectern reads: a cell's lines joined, the rows above a `+===+` border the
/// header (else the first row).
pub(super) fn grid_tables(lines: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut fences = Fences::default();
    let mut i = 0;
    while i < lines.len() {
        if fences.code(&lines[i]) || !is_border(&lines[i]) {
            out.push(lines[i].clone());
            i += 1;
            continue;
        }
        let end = (i + 1..lines.len())
            .find(|&j| !lines[j].trim_start().starts_with(['|', '+']))
            .unwrap_or(lines.len());
        match grid(&lines[i..end]) {
            Some(table) => out.extend(table),
            None => out.extend(lines[i..end].iter().cloned()),
        }
        i = end;
    }
    out
}

fn is_border(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3
        && t.starts_with("+-") | t.starts_with("+=") | t.starts_with("+:")
        && t.ends_with('+')
        && t.chars().all(|c| matches!(c, '+' | '-' | '=' | ':'))
}

/// One grid table's lines as a pipe table; None when its rows do not
/// line up with its first border.
fn grid(lines: &[String]) -> Option<Vec<String>> {
    let first: Vec<char> = lines[0].trim().chars().collect();
    let cuts: Vec<usize> = first
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == '+')
        .map(|(k, _)| k)
        .collect();
    if cuts.len() < 2 {
        return None;
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut current: Option<Vec<String>> = None;
    let mut header_rows = None;
    for l in &lines[1..] {
        let t: Vec<char> = l.trim().chars().collect();
        if is_border(l) {
            rows.extend(current.take());
            if t.contains(&'=') && header_rows.is_none() {
                header_rows = Some(rows.len());
            }
            continue;
        }
        let row = current.get_or_insert_with(|| vec![String::new(); cuts.len() - 1]);
        for (k, w) in cuts.windows(2).enumerate() {
            let cell: String = t.get(w[0] + 1..w[1].min(t.len()))?.iter().collect();
            let cell = cell.trim();
            if !cell.is_empty() {
                if !row[k].is_empty() {
                    row[k].push(' ');
                }
                row[k].push_str(cell);
            }
        }
    }
    rows.extend(current);
    if rows.is_empty() {
        return None;
    }
    let head = header_rows.filter(|h| *h > 0).unwrap_or(1).min(rows.len());
    let line = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|c| c.replace('|', "\\|")).collect();
        format!("| {} |", cells.join(" | "))
    };
    // Several header rows: joined into one, as lectern's tables have one.
    let mut header = vec![String::new(); cuts.len() - 1];
    for r in &rows[..head] {
        for (h, c) in header.iter_mut().zip(r) {
            if !c.is_empty() {
                if !h.is_empty() {
                    h.push(' ');
                }
                h.push_str(c);
            }
        }
    }
    let mut out = vec![line(&header), format!("|{}", "---|".repeat(cuts.len() - 1))];
    out.extend(rows[head..].iter().map(|r| line(r)));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_attributes_come_off_and_image_widths_stay() {
        let (out, notes) = link_attributes(
            "See [x](https://u.org){preview-link=\"true\"} and ![a](b.png){width=50%}",
        );
        assert_eq!(out, "See [x](https://u.org) and ![a](b.png){width=50%}");
        assert_eq!(notes, ["{preview-link=\"true\"}"]);
    }

    #[test]
    fn beamer_latex_lines() {
        assert_eq!(latex_line("\\scriptsize"), Some(Latex::Keep));
        assert_eq!(latex_line("\\vspace{1em}"), Some(Latex::Keep));
        assert_eq!(latex_line("\\pause"), Some(Latex::Pause));
        assert_eq!(
            latex_line("\\framesubtitle{Why it matters}"),
            Some(Latex::Show("*Why it matters*".into()))
        );
        assert_eq!(
            latex_line("\\includegraphics[width=3in]{figs/a.pdf}"),
            Some(Latex::Show("![](figs/a.pdf)".into()))
        );
        assert_eq!(
            latex_line("  \\includegraphics[width=0.5\\textwidth]{a.png}"),
            Some(Latex::Show("![](a.png){width=50%}".into()))
        );
        assert_eq!(latex_line("\\begin{center}"), Some(Latex::Keep));
        assert_eq!(latex_line("\\frac{a}{b}"), None);
        assert_eq!(latex_line("\\small text that stays"), None);
        assert_eq!(latex_line("plain"), None);
    }

    #[test]
    fn grid_tables_become_pipe_tables() {
        let src = "+-----+--------+\n| A   | B      |\n+=====+========+\n| 1   | two    |\n|     | lines  |\n+-----+--------+\n| 3   | x      |\n+-----+--------+\n\nafter";
        let lines: Vec<String> = src.lines().map(str::to_string).collect();
        let out = grid_tables(&lines).join("\n");
        assert!(
            out.starts_with("| A | B |\n|---|---|\n| 1 | two lines |"),
            "{out}"
        );
        assert!(out.ends_with("\n\nafter"), "{out}");
        assert!(!out.contains('+'), "{out}");
    }
}

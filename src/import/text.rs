//! Line-level Markdown helpers the importers share: code fences, list
//! markers, headings, images, and YAML front matter. Slide tools split
//! their decks on raw lines before any Markdown parsing, so the importers
//! work on lines too.

use super::model::BodyLine;
use std::ops::Range;
use yaml_rust2::{Yaml, YamlLoader};

/// Follows fenced code blocks line by line.
#[derive(Default)]
pub struct Fences {
    open: Option<(char, usize)>,
}

impl Fences {
    /// Feeds the next line; true when it is a fence line or inside a fence.
    pub fn code(&mut self, line: &str) -> bool {
        let t = line.trim_start();
        let c = t.chars().next();
        if let Some(c @ ('`' | '~')) = c {
            let n = t.chars().take_while(|x| *x == c).count();
            if n >= 3 {
                match self.open {
                    // A backtick fence's info string has no backticks.
                    None if c == '~' || !t[n..].contains('`') => {
                        self.open = Some((c, n));
                        return true;
                    }
                    Some((fc, fnum)) if fc == c && n >= fnum && t[n..].trim().is_empty() => {
                        self.open = None;
                        return true;
                    }
                    _ => {}
                }
            }
        }
        self.open.is_some()
    }

    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }
}

/// A list item's marker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Marker {
    /// Spaces before the marker.
    pub indent: usize,
    /// Where the item's content starts (its continuation indent).
    pub content: usize,
    /// The number of an ordered item.
    pub number: Option<u64>,
    /// `-`, `*`, `+`, `.` or `)`.
    pub delimiter: char,
}

/// The list marker a line starts with, if any.
pub fn list_marker(line: &str) -> Option<Marker> {
    let expanded = line.replace('\t', "    ");
    let indent = expanded.len() - expanded.trim_start().len();
    let t = &expanded[indent..];
    let (number, delimiter, marker_len) = match t.chars().next()? {
        c @ ('-' | '*' | '+') => (None, c, 1),
        d if d.is_ascii_digit() => {
            let digits = t.chars().take_while(char::is_ascii_digit).count();
            if digits > 9 {
                return None;
            }
            let delim = t[digits..].chars().next()?;
            if delim != '.' && delim != ')' {
                return None;
            }
            (t[..digits].parse().ok(), delim, digits + 1)
        }
        _ => return None,
    };
    let rest = &t[marker_len..];
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    // `---` and `* * *` are rules, not items.
    if number.is_none()
        && t.chars().all(|c| c == delimiter || c == ' ')
        && t.matches(delimiter).count() >= 3
    {
        return None;
    }
    let spaces = rest.len() - rest.trim_start().len();
    let content = indent
        + marker_len
        + if rest.trim().is_empty() {
            1
        } else {
            spaces.clamp(1, 4)
        };
    Some(Marker {
        indent,
        content,
        number,
        delimiter,
    })
}

/// `## Title ##` → (2, "Title").
pub fn atx_heading(line: &str) -> Option<(u8, String)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let t = &line[indent..];
    let level = t.chars().take_while(|c| *c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &t[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let mut text = rest.trim();
    let closing = text.trim_end_matches('#');
    if closing.is_empty() || closing.ends_with([' ', '\t']) {
        text = closing.trim_end();
    }
    Some((level as u8, text.to_string()))
}

/// A setext underline: `===` is level 1, `---` level 2.
pub fn setext_level(line: &str) -> Option<u8> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let t = line.trim();
    if t.is_empty() {
        return None;
    }
    if t.chars().all(|c| c == '=') {
        Some(1)
    } else if t.chars().all(|c| c == '-') {
        Some(2)
    } else {
        None
    }
}

/// A line of paragraph text (one a setext underline turns into a heading).
pub fn is_paragraph_line(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || line.starts_with("    ") || line.starts_with('\t') {
        return false;
    }
    !(list_marker(line).is_some()
        || atx_heading(line).is_some()
        || t.starts_with(['>', '|', '<', '`', '~'])
        || setext_level(line).is_some()
        || t == "???")
}

pub fn indent_of(line: &str) -> usize {
    let expanded = line.replace('\t', "    ");
    expanded.len() - expanded.trim_start().len()
}

/// An inline image `![alt](src "title")` found in a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Img {
    pub alt: String,
    pub src: String,
    /// The whole `![…](…)`.
    pub range: Range<usize>,
    pub alt_range: Range<usize>,
    /// The source as written (inside `<…>` when bracketed).
    pub src_range: Range<usize>,
}

/// Inline images of one line, outside code spans.
pub fn images(line: &str) -> Vec<Img> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            // Skip a code span.
            let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
            let fence = &line[i..i + run];
            match line[i + run..].find(fence) {
                Some(end) => i += run + end + run,
                None => i += run,
            }
            continue;
        }
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == b'!' && bytes.get(i + 1) == Some(&b'[') {
            if let Some(img) = image_at(line, i) {
                i = img.range.end;
                out.push(img);
                continue;
            }
        }
        i += 1;
    }
    out
}

fn image_at(line: &str, start: usize) -> Option<Img> {
    let bytes = line.as_bytes();
    let mut depth = 0;
    let mut j = start + 1;
    let alt_end = loop {
        match bytes.get(j)? {
            b'\\' => j += 1,
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    break j;
                }
            }
            _ => {}
        }
        j += 1;
    };
    if bytes.get(alt_end + 1) != Some(&b'(') {
        return None;
    }
    let mut k = alt_end + 2;
    while bytes.get(k) == Some(&b' ') {
        k += 1;
    }
    let (src_range, mut k) = if bytes.get(k) == Some(&b'<') {
        let end = k + 1 + line[k + 1..].find('>')?;
        (k + 1..end, end + 1)
    } else {
        let s = k;
        let mut parens = 0;
        while let Some(&b) = bytes.get(k) {
            match b {
                b'(' => parens += 1,
                b')' if parens == 0 => break,
                b')' => parens -= 1,
                b' ' => break,
                b'\\' => k += 1,
                _ => {}
            }
            k += 1;
        }
        (s..k, k)
    };
    // An optional title, then `)`.
    while let Some(&b) = bytes.get(k) {
        match b {
            b')' => {
                return Some(Img {
                    alt: line[start + 2..alt_end].to_string(),
                    src: line[src_range.clone()].to_string(),
                    range: start..k + 1,
                    alt_range: start + 2..alt_end,
                    src_range,
                });
            }
            b'"' | b'\'' => {
                let q = b as char;
                let end = line[k + 1..].find(q)?;
                k += end + 2;
            }
            _ => k += 1,
        }
    }
    None
}

/// An HTML comment taken out of a slide's lines.
#[derive(Debug, Clone)]
pub struct Comment {
    /// 1-based source line where it starts.
    pub line: usize,
    /// Index of the (output) line where it stood.
    pub at: usize,
    /// Its text between `<!--` and `-->`, trimmed.
    pub content: String,
    /// The comment as written.
    pub raw: String,
    /// Nothing but the comment stood on its lines.
    pub own_line: bool,
}

/// Takes the HTML comments out of a slide's lines (outside code), except
/// those `keep` wants left in place. A comment's lines become blank lines,
/// so indexes stay as they were.
pub fn take_comments(
    lines: Vec<BodyLine>,
    keep: &dyn Fn(&str) -> bool,
) -> (Vec<BodyLine>, Vec<Comment>) {
    let mut out = lines.clone();
    let mut comments = Vec::new();
    let mut fences = Fences::default();
    let mut i = 0;
    while i < lines.len() {
        if fences.code(&lines[i].text) {
            i += 1;
            continue;
        }
        let mut search_from = 0;
        while let Some(start) = find_outside_code(&out[i].text, "<!--", search_from) {
            let Some((raw, end_line, end_col)) = comment_end(&out, i, start) else {
                break; // never closed: left as it is
            };
            let content = comment_content(&raw);
            if keep(&content) {
                if end_line == i {
                    search_from = end_col;
                    continue;
                }
                i = end_line;
                break;
            }
            let own_line = cut_comment(&mut out, i, start, end_line, end_col);
            comments.push(Comment {
                line: lines[i].line,
                at: i,
                content,
                raw,
                own_line,
            });
            if end_line == i {
                search_from = start;
            } else {
                i = end_line;
                search_from = 0;
            }
        }
        i += 1;
    }
    (out, comments)
}

/// Where the comment opening at `start` of line `i` ends, possibly on a
/// later line: the comment as written, its last line and the column after
/// its `-->`. None when it is never closed.
fn comment_end(lines: &[BodyLine], i: usize, start: usize) -> Option<(String, usize, usize)> {
    let text = &lines[i].text;
    let first_rest = &text[start..];
    if let Some(e) = first_rest[4..].find("-->") {
        let end = start + 4 + e + 3;
        return Some((text[start..end].to_string(), i, end));
    }
    let mut raw = first_rest.to_string();
    for (j, l) in lines.iter().enumerate().skip(i + 1) {
        raw.push('\n');
        if let Some(e) = l.text.find("-->") {
            raw.push_str(&l.text[..e + 3]);
            return Some((raw, j, e + 3));
        }
        raw.push_str(&l.text);
    }
    None
}

/// A comment's text between `<!--` and `-->`, trimmed.
fn comment_content(raw: &str) -> String {
    raw.trim_start_matches('<')
        .trim_start_matches('!')
        .trim_start_matches('-')
        .trim_end_matches('>')
        .trim_end_matches('-')
        .trim()
        .to_string()
}

/// Cuts the comment from `start` of line `i` to `end_col` of line `end` out
/// of the lines; true when nothing else stood on its lines.
fn cut_comment(out: &mut [BodyLine], i: usize, start: usize, end: usize, end_col: usize) -> bool {
    let before = out[i].text[..start].to_string();
    let after = out[end].text[end_col..].to_string();
    let own_line = before.trim().is_empty() && after.trim().is_empty();
    if end == i {
        // `# <!--fit-->Title` keeps the space after `#`.
        out[i].text = format!("{before}{after}");
        if own_line {
            out[i].text.clear();
        }
    } else {
        out[i].text = before.trim_end().to_string();
        for l in &mut out[i + 1..end] {
            l.text.clear();
        }
        out[end].text = after;
    }
    own_line
}

/// The first line of the block line `p` belongs to: its fenced code block,
/// its list item, or its paragraph (heading, image line).
pub fn block_start(lines: &[BodyLine], p: usize) -> usize {
    let mut fences = Fences::default();
    let mut open_at = None;
    for (i, l) in lines.iter().enumerate().take(p + 1) {
        let was_open = fences.is_open();
        let code = fences.code(&l.text);
        if code && !was_open {
            open_at = Some(i);
        }
        if i == p && code {
            return open_at.unwrap_or(p);
        }
        if !fences.is_open() && !code {
            open_at = None;
        }
    }
    let mut k = p;
    while k > 0 && list_marker(&lines[k].text).is_none() {
        let prev = &lines[k - 1].text;
        if prev.trim().is_empty() || prev.trim_start().starts_with("```") {
            break;
        }
        k -= 1;
    }
    k
}

/// A `{.class key=value}` block at the end of a heading or line (pandoc,
/// MDC): the line without it, and the block's inside.
pub fn trailing_attrs(line: &str) -> Option<(String, String)> {
    let t = line.trim_end();
    if !t.ends_with('}') {
        return None;
    }
    let open = t.rfind('{')?;
    if open > 0 && t[..open].ends_with('\\') {
        return None;
    }
    let inner = &t[open + 1..t.len() - 1];
    let looks = inner.trim_start().starts_with(['.', '#'])
        || inner.contains('=')
        || inner.trim().is_empty();
    if !looks || inner.contains(['{', '}']) {
        return None;
    }
    Some((t[..open].trim_end().to_string(), inner.trim().to_string()))
}

/// The first `needle` at or after `from`, outside inline code spans.
pub fn find_outside_code(text: &str, needle: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < text.len() {
        if bytes[i] == b'`' {
            let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
            let fence = &text[i..i + run];
            match text[i + run..].find(fence) {
                Some(e) => i += run + e + run,
                None => i += run,
            }
            continue;
        }
        if text[i..].starts_with(needle) {
            return Some(i);
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// Removes the common leading indentation of lines (notes written indented
/// inside a comment).
/// Leading spaces and tabs, in bytes.
fn lead(l: &str) -> usize {
    l.bytes().take_while(|b| *b == b' ' || *b == b'\t').count()
}

pub fn dedent(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let common = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| lead(l))
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l[lead(l).min(common)..].trim_end().to_string())
        .collect()
}

/// The YAML front matter between `---` lines at the top of a deck.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// Line indexes (0-based) of the YAML text.
    pub yaml: Range<usize>,
    /// The first line index after the closing `---`.
    pub body: usize,
}

impl FrontMatter {
    pub fn yaml_text(&self, lines: &[&str]) -> String {
        let mut s = lines[self.yaml.clone()].join("\n");
        s.push('\n');
        s
    }
}

/// Front matter starting at line 0, closed by `---` or `...`.
pub fn front_matter(lines: &[&str]) -> Option<FrontMatter> {
    front_matter_at(lines, 0)
}

pub fn front_matter_at(lines: &[&str], at: usize) -> Option<FrontMatter> {
    if lines.get(at)?.trim_end() != "---" {
        return None;
    }
    let close = lines[at + 1..]
        .iter()
        .position(|l| matches!(l.trim_end(), "---" | "..."))?;
    Some(FrontMatter {
        yaml: at + 1..at + 1 + close,
        body: at + 2 + close,
    })
}

/// A top-level key of YAML front matter with the lines it spans.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    /// 1-based line in the deck.
    pub line: usize,
    /// The entry's text, key line and continuation lines.
    pub text: String,
    /// Its parsed value (Null when the YAML did not parse).
    pub value: Yaml,
}

impl Entry {
    /// The value as text, for scalars.
    pub fn str(&self) -> Option<String> {
        scalar(&self.value)
    }
}

pub fn scalar(v: &Yaml) -> Option<String> {
    match v {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Real(r) => Some(r.clone()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Parses YAML text into one value (the first document).
pub fn parse_yaml(text: &str) -> Result<Yaml, String> {
    match YamlLoader::load_from_str(text) {
        Ok(mut docs) if !docs.is_empty() => Ok(docs.swap_remove(0)),
        Ok(_) => Ok(Yaml::Null),
        Err(e) => Err(e.to_string()),
    }
}

/// The top-level entries of YAML text that starts at 1-based line
/// `first_line`, in order, each with its parsed value. A front matter that
/// is not valid YAML still gives its entries (values Null) and the error.
pub fn yaml_entries(text: &str, first_line: usize) -> (Vec<Entry>, Option<String>) {
    let parsed = parse_yaml(text);
    let (value, error) = match parsed {
        Ok(v) => (v, None),
        Err(e) => (Yaml::Null, Some(e)),
    };
    let mut entries: Vec<Entry> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let top = !line.starts_with([' ', '\t', '#', '-']) && !line.trim().is_empty();
        let key = top
            .then(|| line.split_once(':'))
            .flatten()
            .map(|(k, _)| k.trim().trim_matches(['"', '\'']).to_string());
        match key {
            Some(key) if !key.is_empty() => {
                let v = value
                    .as_hash()
                    .and_then(|h| h.get(&Yaml::String(key.clone())))
                    .cloned()
                    .unwrap_or(Yaml::Null);
                entries.push(Entry {
                    key,
                    line: first_line + i,
                    text: line.to_string(),
                    value: v,
                });
            }
            _ => {
                if let Some(last) = entries.last_mut() {
                    last.text.push('\n');
                    last.text.push_str(line);
                }
            }
        }
    }
    for e in &mut entries {
        e.text = e.text.trim_end().to_string();
        if error.is_some() {
            // One bad value spoils the whole document: read each entry alone,
            // and a value that is still not YAML as plain text.
            e.value = match parse_yaml(&e.text) {
                Ok(v) => v
                    .as_hash()
                    .and_then(|h| h.values().next().cloned())
                    .unwrap_or(Yaml::Null),
                Err(_) => e
                    .text
                    .split_once(':')
                    .map_or(Yaml::Null, |(_, v)| Yaml::String(v.trim().to_string())),
            };
        }
    }
    (entries, error)
}

/// Looks a key up in a YAML mapping (`a.b` for nested keys).
pub fn lookup<'a>(v: &'a Yaml, path: &str) -> Option<&'a Yaml> {
    let mut cur = v;
    for part in path.split('.') {
        cur = cur.as_hash()?.get(&Yaml::String(part.to_string()))?;
    }
    (!cur.is_badvalue()).then_some(cur)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_open_and_close_by_kind_and_length() {
        let mut f = Fences::default();
        let inside: Vec<bool> = ["a", "````js", "```", "````", "b", "~~~", "x", "~~~"]
            .iter()
            .map(|l| f.code(l))
            .collect();
        assert_eq!(inside, [false, true, true, true, false, true, true, true]);
    }

    #[test]
    fn list_markers() {
        assert_eq!(list_marker("- a").map(|m| m.content), Some(2));
        assert_eq!(
            list_marker("  12) b").map(|m| (m.number, m.delimiter)),
            Some((Some(12), ')'))
        );
        assert_eq!(list_marker("---"), None);
        assert_eq!(list_marker("* * *"), None);
        assert_eq!(list_marker("-x"), None);
        assert_eq!(
            list_marker("2024. year").map(|m| m.number),
            Some(Some(2024))
        );
    }

    #[test]
    fn images_in_a_line() {
        let imgs = images("![bg left:40%](a b.png) `![x](y)` ![w:3](<c d.svg> \"t\")");
        assert_eq!(imgs.len(), 2);
        assert_eq!(imgs[0].alt, "bg left:40%");
        assert_eq!(imgs[0].src, "a");
        assert_eq!(imgs[1].src, "c d.svg");
    }

    #[test]
    fn yaml_entries_keep_multi_line_values() {
        let text = "title: T\ninfo: |\n  line one\n\n  line two\nlist:\n- a\n- b\n";
        let (entries, err) = yaml_entries(text, 2);
        assert!(err.is_none());
        let keys: Vec<_> = entries.iter().map(|e| (e.key.as_str(), e.line)).collect();
        assert_eq!(keys, [("title", 2), ("info", 3), ("list", 7)]);
        assert_eq!(entries[1].str().as_deref(), Some("line one\n\nline two\n"));
        assert!(entries[1].text.contains("line two"));
        assert!(entries[2].text.ends_with("- b"));
    }
}

//! `lectern import edited.pptx --onto deck.md`: the imported deck laid onto
//! the deck the file was built from, so that only what someone changed in
//! the PowerPoint file differs: lines whose words are the same keep the
//! source's Markdown (kinds, timings, marks the file does not carry), a
//! changed line keeps its source's marker and attributes; and a unified
//! diff of the two.

/// The source deck with the imported deck's changes, slide by slide (when
/// both have as many slides; else the imported deck under the source's
/// front matter).
pub fn merge(source: &str, imported: &str) -> String {
    let (front, src_body) = split_front(source);
    let (_, imp_body) = split_front(imported);
    let src = slides(src_body);
    let imp = slides(imp_body);
    let mut out = front.to_string();
    if src.len() != imp.len() {
        out.push_str(imp_body);
        return out;
    }
    let merged: Vec<String> = src
        .iter()
        .zip(&imp)
        .map(|(s, i)| merge_lines(s, i).join("\n"))
        .collect();
    out.push_str(&merged.join("\n---\n"));
    if source.ends_with('\n') && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The `+++` front matter (with its closing line) and the rest.
fn split_front(text: &str) -> (&str, &str) {
    if let Some(rest) = text.strip_prefix("+++\n") {
        if let Some(end) = rest.find("\n+++\n") {
            let at = 4 + end + 5;
            return (&text[..at], &text[at..]);
        }
    }
    ("", text)
}

/// A body's slides: its lines cut at `---` lines outside code.
fn slides(body: &str) -> Vec<Vec<&str>> {
    let mut out = vec![Vec::new()];
    let mut fence: Option<String> = None;
    for l in body.lines() {
        let t = l.trim_start();
        let marker: String = t.chars().take_while(|c| *c == '`' || *c == '~').collect();
        if marker.len() >= 3 {
            match &fence {
                None => fence = Some(marker),
                Some(f) if marker.starts_with(f.as_str()) && t.trim() == marker => fence = None,
                Some(_) => {}
            }
        }
        if fence.is_none() && l == "---" {
            out.push(Vec::new());
        } else if let Some(s) = out.last_mut() {
            s.push(l);
        }
    }
    out
}

/// The words of a line, lowercase, with its attributes and marks left out.
fn key(line: &str) -> String {
    let t = line.trim_end();
    // Column fences are structure, like blank lines and pauses.
    if t.trim_start().starts_with(":::") {
        return String::new();
    }
    let t = match t.rfind(" {") {
        Some(at) if t.ends_with('}') => &t[..at],
        _ => t,
    };
    // A video link comes back as the short link every output shows: the
    // same video is the same line.
    let short = crate::parse::short_url(t.trim());
    let t = short.as_deref().unwrap_or(t);
    t.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One slide merged: the source's lines where the words agree, the
/// imported line (with the source's marker and attributes) where they
/// changed, imported lines added, source lines the import dropped left
/// out. Lines without words (blank, fences, pauses) stay as in the source.
fn merge_lines(src: &[&str], imp: &[&str]) -> Vec<String> {
    let s_words: Vec<(usize, String)> = src
        .iter()
        .enumerate()
        .map(|(k, l)| (k, key(l)))
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let i_words: Vec<(usize, String)> = imp
        .iter()
        .enumerate()
        .map(|(k, l)| (k, key(l)))
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let a: Vec<&str> = s_words.iter().map(|(_, w)| w.as_str()).collect();
    let b: Vec<&str> = i_words.iter().map(|(_, w)| w.as_str()).collect();
    // What replaces each source line with words (None: dropped), and the
    // imported lines added after each.
    let mut replaced: Vec<Option<String>> = src.iter().map(|l| Some((*l).to_string())).collect();
    let mut added: Vec<Vec<String>> = vec![Vec::new(); src.len() + 1];
    let mut last_src = 0;
    for op in ops(&a, &b) {
        match op {
            Op::Same(x, _) => last_src = s_words[x].0 + 1,
            Op::Change(x, y) => {
                let k = s_words[x].0;
                replaced[k] = Some(rewrite(src[k], imp[i_words[y].0]));
                last_src = k + 1;
            }
            Op::Gone(x) => {
                replaced[s_words[x].0] = None;
                last_src = s_words[x].0 + 1;
            }
            Op::New(y) => added[last_src].push(imp[i_words[y].0].to_string()),
        }
    }
    let mut out = Vec::new();
    out.extend(added[0].iter().cloned());
    for (k, line) in replaced.into_iter().enumerate() {
        out.extend(line);
        out.extend(added[k + 1].iter().cloned());
    }
    out
}

/// An imported line's text in its source line's clothes: the source's
/// marker before the words and its attributes after them.
fn rewrite(src: &str, imp: &str) -> String {
    let start = |l: &str| l.find(char::is_alphanumeric).unwrap_or(l.len());
    let attrs = |l: &str| {
        let t = l.trim_end();
        match t.rfind(" {") {
            Some(at) if t.ends_with('}') => (t[..at].to_string(), t[at..].to_string()),
            _ => (t.to_string(), String::new()),
        }
    };
    let (src_text, src_attrs) = attrs(src);
    let (imp_text, _) = attrs(imp);
    let prefix = &src_text[..start(&src_text)];
    let words = &imp_text[start(&imp_text)..];
    // An escape right before the words belongs to them.
    let prefix = prefix.strip_suffix('\\').unwrap_or(prefix);
    let words = if imp_text[..start(&imp_text)].ends_with('\\') {
        format!("\\{words}")
    } else {
        words.to_string()
    };
    format!("{prefix}{words}{src_attrs}")
}

#[derive(Debug, PartialEq)]
enum Op {
    Same(usize, usize),
    Change(usize, usize),
    Gone(usize),
    New(usize),
}

/// A line alignment of `a` and `b` (longest common subsequence), with a
/// removal next to an addition read as a change.
fn ops(a: &[&str], b: &[&str]) -> Vec<Op> {
    // The common start and end aside, the table stays small for what
    // an edit changes.
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut out: Vec<Op> = (0..head).map(|k| Op::Same(k, k)).collect();
    let (a_mid, b_mid) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    for op in table_ops(a_mid, b_mid) {
        out.push(match op {
            Op::Same(x, y) => Op::Same(x + head, y + head),
            Op::Change(x, y) => Op::Change(x + head, y + head),
            Op::Gone(x) => Op::Gone(x + head),
            Op::New(y) => Op::New(y + head),
        });
    }
    out.extend((0..tail).map(|k| Op::Same(a.len() - tail + k, b.len() - tail + k)));
    out
}

/// At most this many cells in the alignment table (64 MB).
const MAX_CELLS: usize = 16 << 20;

/// The alignment by a full table; past `MAX_CELLS`, everything of `a`
/// removed and everything of `b` added.
fn table_ops(a: &[&str], b: &[&str]) -> Vec<Op> {
    let (n, m) = (a.len(), b.len());
    if (n + 1).saturating_mul(m + 1) > MAX_CELLS {
        return (0..n).map(Op::Gone).chain((0..m).map(Op::New)).collect();
    }
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push(Op::Same(i, j));
            i += 1;
            j += 1;
        } else if i < n && j < m && lcs[i + 1][j] == lcs[i][j + 1] && lcs[i + 1][j + 1] == lcs[i][j]
        {
            out.push(Op::Change(i, j));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(Op::Gone(i));
            i += 1;
        } else {
            out.push(Op::New(j));
            j += 1;
        }
    }
    out
}

/// A unified diff of two texts (three lines of context), `from` and `to`
/// naming them; empty when they are the same.
pub fn unified_diff(old: &str, new: &str, from: &str, to: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let mut lines: Vec<(char, &str, usize, usize)> = Vec::new();
    let (mut oi, mut ni) = (0, 0);
    for op in ops(&a, &b) {
        match op {
            Op::Same(x, _) => {
                lines.push((' ', a[x], oi, ni));
                oi += 1;
                ni += 1;
            }
            Op::Change(x, y) => {
                lines.push(('-', a[x], oi, ni));
                lines.push(('+', b[y], oi + 1, ni));
                oi += 1;
                ni += 1;
            }
            Op::Gone(x) => {
                lines.push(('-', a[x], oi, ni));
                oi += 1;
            }
            Op::New(y) => {
                lines.push(('+', b[y], oi, ni));
                ni += 1;
            }
        }
    }
    hunks(&lines, from, to)
}

/// The changed lines with three lines of context around them, as hunks.
fn hunks(lines: &[(char, &str, usize, usize)], from: &str, to: &str) -> String {
    let changed: Vec<usize> = (0..lines.len()).filter(|&k| lines[k].0 != ' ').collect();
    if changed.is_empty() {
        return String::new();
    }
    let mut out = format!("--- {from}\n+++ {to}\n");
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(3);
        let mut end = (changed[k] + 4).min(lines.len());
        while k + 1 < changed.len() && changed[k + 1] <= end + 3 {
            k += 1;
            end = (changed[k] + 4).min(lines.len());
        }
        let old_n = lines[start..end].iter().filter(|l| l.0 != '+').count();
        let new_n = lines[start..end].iter().filter(|l| l.0 != '-').count();
        out.push_str(&format!(
            "@@ -{},{old_n} +{},{new_n} @@\n",
            lines[start].2 + 1,
            lines[start].3 + 1
        ));
        for (c, text, _, _) in &lines[start..end] {
            out.push(*c);
            out.push_str(text);
            out.push('\n');
        }
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_words_change_and_the_source_keeps_its_markup() {
        let source = "+++\ntitle = \"T\"\nsession = 5\n+++\n\n## Recap {.recap time=3}\n\n- one **thing**\n- two\n\n???\nSay it.\n\n---\n\n## Next {.plain time=2}\n\n= A definition\n";
        let imported = "+++\ntitle = \"T\"\n+++\n\n## Recap again {.recap}\n\n- one **thing**\n- two, edited\n\n???\nSay it.\n\n---\n\n## Next {.plain}\n\nA definition\n";
        let merged = merge(source, imported);
        assert_eq!(
            merged,
            source
                .replace("## Recap {.recap", "## Recap again {.recap")
                .replace("- two\n", "- two, edited\n")
        );
        let diff = unified_diff(source, &merged, "a", "b");
        assert_eq!(
            diff.lines()
                .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
                .count(),
            2,
            "{diff}"
        );
        assert!(diff.contains("-- two\n+- two, edited\n"), "{diff}");
    }

    #[test]
    fn identical_texts_have_no_diff() {
        assert_eq!(unified_diff("a\nb\n", "a\nb\n", "x", "y"), "");
    }
}

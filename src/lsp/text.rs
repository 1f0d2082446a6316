//! The open documents as the editor has them (unsaved text included), and
//! positions between lectern's (1-based line, column in characters),
//! byte offsets and the protocol's (0-based line, column in UTF-16 code
//! units).

use std::collections::HashMap;
use std::sync::Arc;

use lsp_types::{Position, Range, TextDocumentContentChangeEvent, Url};

/// The text a document holds is never larger than a deck lectern reads,
/// plus room to type: past this, changes are refused (the text is kept).
const MAX_TEXT: usize = 2 * lectern::MAX_DECK_BYTES as usize;

/// One open document.
pub struct Document {
    pub text: Arc<str>,
    pub version: i32,
}

/// The open documents by URI.
#[derive(Default)]
pub struct Store {
    docs: HashMap<Url, Document>,
}

impl Store {
    pub fn open(&mut self, uri: Url, text: String, version: i32) {
        let text = if text.len() > MAX_TEXT {
            String::new()
        } else {
            text
        };
        self.docs.insert(
            uri,
            Document {
                text: text.into(),
                version,
            },
        );
    }

    pub fn close(&mut self, uri: &Url) {
        self.docs.remove(uri);
    }

    pub fn get(&self, uri: &Url) -> Option<&Document> {
        self.docs.get(uri)
    }

    /// Applies the editor's changes in order: whole texts, or ranges
    /// replaced. A range out of the text is clamped to it.
    pub fn change(
        &mut self,
        uri: &Url,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) {
        let Some(doc) = self.docs.get_mut(uri) else {
            return;
        };
        let mut text = doc.text.to_string();
        for change in changes {
            match change.range {
                None => text = change.text,
                Some(range) => {
                    let start = offset(&text, range.start);
                    let end = offset(&text, range.end).max(start);
                    text.replace_range(start..end, &change.text);
                }
            }
        }
        if text.len() <= MAX_TEXT {
            doc.text = text.into();
        }
        doc.version = version;
    }
}

/// The byte offset of a protocol position; past a line's end is its end,
/// past the last line is the text's end.
pub fn offset(text: &str, pos: Position) -> usize {
    let mut start = 0;
    for _ in 0..pos.line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut units = 0;
    for (i, c) in text[start..line_end].char_indices() {
        if units >= pos.character as usize {
            return start + i;
        }
        units += c.len_utf16();
    }
    line_end
}

/// The protocol position of a byte offset (clamped into the text).
pub fn position(text: &str, at: usize) -> Position {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[line_start..at].chars().map(char::len_utf16).sum();
    Position::new(line as u32, character as u32)
}

/// The text of a 0-based line, without its line ending.
pub fn line(text: &str, n: u32) -> &str {
    text.split('\n')
        .nth(n as usize)
        .unwrap_or("")
        .trim_end_matches('\r')
}

/// The protocol range of a lectern position and width in characters
/// (line 0: the file as a whole, shown at its start). Offsets are into
/// the text without a byte-order mark, as the parser reads it.
pub fn range_of(text: &str, pos: lectern::diag::Pos, len: usize) -> Range {
    if pos.line == 0 {
        return Range::new(Position::new(0, 0), Position::new(0, 0));
    }
    let bom = usize::from(pos.line == 1 && text.starts_with('\u{feff}'));
    let line_no = (pos.line - 1) as u32;
    let text_line = line(text, line_no);
    let utf16_at = |chars: usize| -> u32 {
        text_line
            .chars()
            .take(chars)
            .map(char::len_utf16)
            .sum::<usize>() as u32
    };
    let first = pos.col.saturating_sub(1) + bom;
    Range::new(
        Position::new(line_no, utf16_at(first)),
        Position::new(line_no, utf16_at(first + len.max(1))),
    )
}

/// The byte range of the 0-based line `n` in `text`, its ending left out.
pub fn line_range(text: &str, n: u32) -> std::ops::Range<usize> {
    let start = offset(text, Position::new(n, 0));
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        // "é" is one unit, "𝄞" two; both are more than one byte.
        let text = "ab\né𝄞x\n";
        assert_eq!(offset(text, Position::new(1, 3)), 3 + 2 + 4);
        assert_eq!(position(text, 3 + 2 + 4), Position::new(1, 3));
        assert_eq!(offset(text, Position::new(1, 99)), text.len() - 1);
        assert_eq!(offset(text, Position::new(9, 0)), text.len());
        let r = range_of(text, lectern::diag::Pos { line: 2, col: 3 }, 1);
        assert_eq!(r, Range::new(Position::new(1, 3), Position::new(1, 4)));
    }

    #[test]
    fn changes_apply_in_order_and_clamp() {
        let uri = Url::parse("file:///d.md").unwrap();
        let mut store = Store::default();
        store.open(uri.clone(), "hello\nworld".into(), 1);
        let edit = |l1, c1, l2, c2, t: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: t.into(),
        };
        store.change(
            &uri,
            2,
            vec![edit(0, 0, 0, 5, "bye"), edit(1, 0, 7, 7, "!")],
        );
        assert_eq!(&*store.get(&uri).unwrap().text, "bye\n!");
        assert_eq!(store.get(&uri).unwrap().version, 2);
    }
}

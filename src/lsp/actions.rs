//! Code actions where the fix is mechanical: an alt-text placeholder for
//! a picture without one, and a hand-made continuation slide ("… (vervolg)")
//! merged back into the slide before it, which lectern flows over pages
//! by itself.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, Url, WorkspaceEdit,
};

use super::deck::{heading_line, slide_at, spans, SlideSpan};
use super::text::{line_range, offset, position, Store};

/// The placeholder put into an empty `![]`.
pub const ALT_PLACEHOLDER: &str = "TODO: describe this picture";

pub fn actions(docs: &Store, p: &CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
    let uri = &p.text_document.uri;
    let text = &*docs.get(uri)?.text;
    let mut out = Vec::new();
    for n in p.range.start.line..=p.range.end.line.min(p.range.start.line.saturating_add(200)) {
        let lr = line_range(text, n);
        let mut from = lr.start;
        while let Some(i) = text[from..lr.end].find("![](") {
            let at = from + i + 2;
            let edit = TextEdit::new(
                lsp_types::Range::new(position(text, at), position(text, at)),
                ALT_PLACEHOLDER.into(),
            );
            out.push(action(uri, "Add an alt-text placeholder", vec![edit], p));
            from = at;
        }
    }
    if let Some(edit) = merge_continuation(text, offset(text, p.range.start)) {
        out.push(action(
            uri,
            "Merge this continuation slide into the one before (lectern flows long slides over pages)",
            vec![edit],
            p,
        ));
    }
    Some(out)
}

fn action(
    uri: &Url,
    title: &str,
    edits: Vec<TextEdit>,
    p: &CodeActionParams,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title: title.into(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(p.context.diagnostics.clone()),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..Default::default()
        }),
        ..Default::default()
    })
}

/// Whether a heading marks a hand-made continuation: it ends in "(vervolg)",
/// "(continued)" or "(cont.)", in the words lectern itself adds.
fn is_continuation(heading: &str) -> bool {
    let title = heading
        .split('{')
        .next()
        .unwrap_or("")
        .trim()
        .to_lowercase();
    ["nl", "en"]
        .map(|lang| format!("({})", lectern::text::words::word("continued", lang)))
        .iter()
        .any(|w| title.ends_with(w.as_str()))
        || title.ends_with("(cont.)")
}

/// One edit that joins the slide at byte `at`, a continuation, to the one
/// before it: the `---` and the repeated heading go, the notes of both
/// stay after one `???`.
fn merge_continuation(text: &str, at: usize) -> Option<TextEdit> {
    let spans = spans(text);
    let i = slide_at(&spans, at)?;
    let (prev, cur): (&SlideSpan, &SlideSpan) = (spans.get(i.checked_sub(1)?)?, &spans[i]);
    let heading = heading_line(text, cur)?;
    if !is_continuation(&text[heading.clone()]) {
        return None;
    }
    let body_prev = text[prev.slide.clone()].trim_end();
    let body_cur = text[heading.end.min(cur.slide.end)..cur.slide.end].trim();
    let mut merged = format!("{body_prev}\n\n{body_cur}\n");
    let notes: Vec<&str> = [&prev.notes, &cur.notes]
        .into_iter()
        .flatten()
        .map(|r| text[r.clone()].trim())
        .filter(|n| !n.is_empty())
        .collect();
    if !notes.is_empty() {
        merged.push_str(&format!("\n???\n\n{}\n", notes.join("\n\n")));
    }
    let end = cur.whole().end;
    if end < text.len() {
        merged.push('\n');
    }
    Some(TextEdit::new(
        lsp_types::Range::new(position(text, prev.slide.start), position(text, end)),
        merged,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_continuation_merges_into_the_slide_before() {
        let text = "+++\ntitle = \"t\"\n+++\n\n## Angst\n\n- een\n\n???\n\nnoot\n\n---\n\n## Angst (vervolg)\n\n- twee\n\n---\n\n## Next\n";
        let at = text.find("- twee").unwrap();
        let edit = merge_continuation(text, at).expect("an edit");
        let start = offset(text, edit.range.start);
        let end = offset(text, edit.range.end);
        let merged = format!("{}{}{}", &text[..start], edit.new_text, &text[end..]);
        assert_eq!(
            merged,
            "+++\ntitle = \"t\"\n+++\n\n## Angst\n\n- een\n\n- twee\n\n???\n\nnoot\n\n---\n\n## Next\n"
        );
        assert!(merge_continuation(text, text.find("## Next").unwrap()).is_none());
        assert!(merge_continuation(text, text.find("- een").unwrap()).is_none());
    }
}

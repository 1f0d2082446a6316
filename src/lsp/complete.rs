//! Completion: kinds and options on a slide heading, front matter and
//! `course.toml` keys, theme names, image paths under the course. The
//! lists come from the tables the parser and the settings reader use.

use std::path::{Path, PathBuf};

use lectern::config::{COURSE_KEYS, FRONT_MATTER_KEYS};
use lectern::deck::SlideKind;
use lectern::parse::{kind_description, SLIDE_OPTIONS};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, Documentation,
    Position, Range, TextEdit,
};

use super::deck::{course_root, file_kind, in_front_matter, FileKind};
use super::text::{line, line_range, offset, Store};

/// Most image paths offered, and how deep folders are searched.
const MAX_IMAGES: usize = 500;
const MAX_DEPTH: usize = 4;

pub fn complete(docs: &Store, p: &CompletionParams) -> Option<CompletionResponse> {
    let at = &p.text_document_position;
    let doc = docs.get(&at.text_document.uri)?;
    let path = at.text_document.uri.to_file_path().ok()?;
    let text = &*doc.text;
    let here = offset(text, at.position);
    let line_text = line(text, at.position.line);
    let col = (here - line_range(text, at.position.line).start).min(line_text.len());
    let before = &line_text[..col];
    let root = course_root(&path);
    // The text typed so far is replaced: from `from` (a byte column) to the cursor.
    let edit = |from: usize, new: &str| {
        let units = |s: &str| s.encode_utf16().count() as u32;
        TextEdit::new(
            Range::new(
                Position::new(at.position.line, units(&before[..from])),
                at.position,
            ),
            new.to_string(),
        )
    };
    let kind = file_kind(&path);
    let items = if kind == FileKind::CourseToml
        || (kind == FileKind::Deck && in_front_matter(text, here))
    {
        let keys: &[(&str, &str)] = if kind == FileKind::CourseToml {
            &COURSE_KEYS
        } else {
            &FRONT_MATTER_KEYS
        };
        toml_items(before, keys, &root, &edit)
    } else if kind == FileKind::Deck {
        deck_items(before, &root, &edit)
    } else {
        Vec::new()
    };
    Some(CompletionResponse::Array(items))
}

fn item(label: &str, kind: CompletionItemKind, doc: &str, edit: TextEdit) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        documentation: (!doc.is_empty()).then(|| Documentation::String(doc.to_string())),
        filter_text: Some(label.to_string()),
        text_edit: Some(lsp_types::CompletionTextEdit::Edit(edit)),
        ..Default::default()
    }
}

fn toml_items(
    before: &str,
    keys: &[(&str, &str)],
    root: &Path,
    edit: &dyn Fn(usize, &str) -> TextEdit,
) -> Vec<CompletionItem> {
    match before.split_once('=') {
        None => {
            let from = before.len() - before.trim_start().len();
            keys.iter()
                .map(|(key, what)| {
                    item(
                        key,
                        CompletionItemKind::PROPERTY,
                        what,
                        edit(from, &format!("{key} = ")),
                    )
                })
                .collect()
        }
        Some((key, value)) => {
            let from = key.len() + 1 + (value.len() - value.trim_start().len());
            let values: Vec<String> = match key.trim() {
                "theme" | "online_theme" => lectern::theme::available(root),
                "mode" => vec!["f2f".into(), "online".into()],
                "aspect" => vec!["16:9".into(), "4:3".into()],
                _ => Vec::new(),
            };
            values
                .iter()
                .map(|v| {
                    let doc = if key.trim().ends_with("theme") {
                        lectern::theme::describe(v, root)
                    } else {
                        String::new()
                    };
                    item(
                        v,
                        CompletionItemKind::VALUE,
                        &doc,
                        edit(from, &format!("\"{v}\"")),
                    )
                })
                .collect()
        }
    }
}

fn deck_items(
    before: &str,
    root: &Path,
    edit: &dyn Fn(usize, &str) -> TextEdit,
) -> Vec<CompletionItem> {
    // An image's path: after `](` or `background=`, not yet closed.
    let image_from = before
        .rfind("](")
        .map(|i| i + 2)
        .filter(|&i| !before[i..].contains([')', ' ']))
        .or_else(|| {
            before
                .rfind("background=")
                .map(|i| i + "background=".len())
                .filter(|&i| !before[i..].contains([' ', '}']))
        });
    if let Some(from) = image_from {
        let from = if before[from..].starts_with(['"', '\'']) {
            from + 1
        } else {
            from
        };
        return images(root)
            .iter()
            .map(|p| item(p, CompletionItemKind::FILE, "", edit(from, p)))
            .collect();
    }
    // A heading's `{…}`: kinds and options.
    let Some(open) = before.rfind('{').filter(|_| before.starts_with('#')) else {
        return Vec::new();
    };
    if before[open..].contains('}') {
        return Vec::new();
    }
    let from = before.rfind([' ', '{']).map_or(open + 1, |i| i + 1);
    let kinds = SlideKind::ALL.iter().map(|k| {
        let label = format!(".{}", k.name());
        item(
            &label,
            CompletionItemKind::ENUM_MEMBER,
            kind_description(*k),
            edit(from, &label),
        )
    });
    let options = SLIDE_OPTIONS.iter().map(|(name, written, what)| {
        let insert = if written.starts_with('.') {
            (*written).to_string()
        } else {
            format!("{name}=")
        };
        item(
            &insert,
            CompletionItemKind::PROPERTY,
            what,
            edit(from, &insert),
        )
    });
    kinds.chain(options).collect()
}

/// The pictures under the course folder, as a deck names them.
fn images(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut folders: Vec<(PathBuf, usize)> = vec![(root.to_path_buf(), 0)];
    while let Some((dir, depth)) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') || name == "out" || name == "node_modules" {
                continue;
            }
            let path = entry.path();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && depth < MAX_DEPTH {
                folders.push((path, depth + 1));
            } else if lectern::images::mime(&name).is_some_and(|m| m.starts_with("image/")) {
                if let Ok(rel) = path.strip_prefix(root) {
                    found.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
            if found.len() >= MAX_IMAGES {
                return found;
            }
        }
    }
    found.sort();
    found
}

//! The slide outline (document symbols, with kinds) and folding per slide.

use lectern::deck::{inline_text, SlideKind};
use lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, FoldingRange, FoldingRangeKind,
    FoldingRangeParams, Range, SymbolKind,
};

use super::deck::{course_config, course_root, heading_line, parse, spans};
use super::text::{position, Store};

pub fn symbols(docs: &Store, p: &DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let uri = &p.text_document.uri;
    let doc = docs.get(uri)?;
    let path = uri.to_file_path().ok()?;
    let text = &*doc.text;
    let deck = parse(text, &path, &course_config(&course_root(&path))).deck?;
    let spans = spans(text);
    let symbols = deck
        .slides
        .iter()
        .zip(&spans)
        .map(|(slide, span)| {
            let whole = span.whole();
            let end = whole.start + text[whole.clone()].trim_end().len();
            let range = Range::new(
                position(text, whole.start),
                position(text, end.max(whole.start)),
            );
            let heading = heading_line(text, span).unwrap_or(span.slide.start..span.slide.start);
            let title = inline_text(&slide.title);
            #[allow(deprecated)]
            DocumentSymbol {
                name: if title.trim().is_empty() {
                    format!("slide {}", slide.number)
                } else {
                    title
                },
                detail: Some(match slide.time {
                    Some(t) => format!("{} · {t} min", slide.kind.name()),
                    None => slide.kind.name().to_string(),
                }),
                kind: symbol_kind(slide.kind),
                tags: None,
                deprecated: None,
                range,
                selection_range: Range::new(
                    position(text, heading.start),
                    position(text, heading.end),
                ),
                children: None,
            }
        })
        .collect();
    Some(DocumentSymbolResponse::Nested(symbols))
}

fn symbol_kind(kind: SlideKind) -> SymbolKind {
    match kind {
        SlideKind::Title | SlideKind::Section => SymbolKind::NAMESPACE,
        SlideKind::Definition => SymbolKind::CONSTANT,
        SlideKind::Exercise | SlideKind::Assignment | SlideKind::Discussion => SymbolKind::EVENT,
        SlideKind::Video => SymbolKind::FILE,
        _ => SymbolKind::STRING,
    }
}

pub fn folding(docs: &Store, p: &FoldingRangeParams) -> Option<Vec<FoldingRange>> {
    let doc = docs.get(&p.text_document.uri)?;
    let text = &*doc.text;
    let ranges = spans(text)
        .iter()
        .filter_map(|span| {
            let whole = span.whole();
            let end = whole.start + text[whole.clone()].trim_end().len();
            let first = whole.start + (text[whole.clone()].len() - text[whole].trim_start().len());
            let (start_line, end_line) = (position(text, first).line, position(text, end).line);
            (end_line > start_line).then_some(FoldingRange {
                start_line,
                start_character: None,
                end_line,
                end_character: None,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: None,
            })
        })
        .collect();
    Some(ranges)
}

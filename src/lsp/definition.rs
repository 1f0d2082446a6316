//! Go to definition: an image path opens the picture, a theme name its
//! `theme.toml` (course themes; the built-in ones have no file).

use lsp_types::{GotoDefinitionParams, GotoDefinitionResponse, Location, Range, Url};

use super::deck::{course_root, image_file, reference_at, theme_file, Reference};
use super::text::{line, line_range, offset, Store};

pub fn definition(docs: &Store, p: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let at = &p.text_document_position_params;
    let doc = docs.get(&at.text_document.uri)?;
    let path = at.text_document.uri.to_file_path().ok()?;
    let text = &*doc.text;
    let col = offset(text, at.position) - line_range(text, at.position.line).start;
    let (reference, _) = reference_at(line(text, at.position.line), col)?;
    let root = course_root(&path);
    let target = match reference {
        Reference::Image(written) => image_file(&root, &written).filter(|f| f.is_file()),
        Reference::Theme(name) => theme_file(&root, &name),
        _ => None,
    }?;
    let uri = Url::from_file_path(&target).ok()?;
    Some(GotoDefinitionResponse::Scalar(Location::new(
        uri,
        Range::default(),
    )))
}

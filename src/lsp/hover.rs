//! Hovers: a slide heading (kind, fitting, planned minutes), an image (its
//! size), a kind, an option or a settings key (what it does).

use std::path::Path;

use lectern::config::{COURSE_KEYS, FRONT_MATTER_KEYS};
use lectern::deck::{inline_text, Deck, SlideKind};
use lectern::parse::{kind_description, SLIDE_OPTIONS};
use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind, Range};

use super::check::Fits;
use super::deck::{
    course_config, course_root, file_kind, heading_line, image_file, in_front_matter, parse,
    reference_at, slide_at, spans, FileKind, Reference,
};
use super::text::{line, line_range, offset, position, Store};

pub fn hover(docs: &Store, fits: &Fits, p: &HoverParams) -> Option<Hover> {
    let at = &p.text_document_position_params;
    let uri = &at.text_document.uri;
    let doc = docs.get(uri)?;
    let path = uri.to_file_path().ok()?;
    let text = &*doc.text;
    let kind = file_kind(&path);
    let here = offset(text, at.position);
    let line_text = line(text, at.position.line);
    let line_start = line_range(text, at.position.line).start;
    if let Some((reference, cols)) = reference_at(line_text, here - line_start) {
        let toml = kind == FileKind::CourseToml || in_front_matter(text, here);
        let said = describe(&reference, &course_root(&path), kind, toml)?;
        let range = Range::new(
            position(text, line_start + cols.start),
            position(text, line_start + cols.end),
        );
        return Some(markdown(said, Some(range)));
    }
    if kind != FileKind::Deck {
        return None;
    }
    let fitted = super::lock(fits).get(uri).cloned();
    slide_hover(text, &path, here, fitted.as_ref(), doc.version).map(|said| markdown(said, None))
}

fn markdown(value: String, range: Option<Range>) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range,
    }
}

fn describe(reference: &Reference, root: &Path, kind: FileKind, toml: bool) -> Option<String> {
    match reference {
        Reference::Kind(name) => {
            let k = SlideKind::from_name(name)?;
            Some(format!("slide kind `.{name}`: {}", kind_description(k)))
        }
        Reference::Option(name) => SLIDE_OPTIONS
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, written, what)| format!("slide option `{written}`: {what}")),
        Reference::Image(written) => Some(image_hover(root, written)),
        Reference::Theme(name) => Some(format!(
            "theme `{name}`: {}",
            lectern::theme::describe(name, root)
        )),
        Reference::Key(key) if toml => {
            let keys: &[(&str, &str)] = if kind == FileKind::CourseToml {
                &COURSE_KEYS
            } else {
                &FRONT_MATTER_KEYS
            };
            let (_, what) = keys.iter().find(|(k, _)| k == key)?;
            Some(format!("`{key}`: {what}"))
        }
        Reference::Key(_) => None,
    }
}

fn image_hover(root: &Path, written: &str) -> String {
    let Some(file) = image_file(root, written) else {
        return format!("`{written}`: not a picture in the course folder");
    };
    if !file.is_file() {
        return format!("`{written}`: there is no such file in the course folder");
    }
    let bytes = std::fs::metadata(&file).map_or(0, |m| m.len());
    let size = if bytes > lectern::images::MAX_BYTES {
        None
    } else if lectern::images::mime(written) == Some("image/svg+xml") {
        std::fs::read(&file).ok().and_then(|data| {
            let tree = lectern::images::parse_svg(&file, &data).ok()?;
            let s = tree.size();
            let size = format!("{:.0} × {:.0} (SVG, drawn to fit)", s.width(), s.height());
            Some(match svg_text(root, &String::from_utf8_lossy(&data)) {
                Some(text) => format!("{size}; {text}"),
                None => size,
            })
        })
    } else {
        image::image_dimensions(&file)
            .ok()
            .map(|(w, h)| format!("{w} × {h} pixels"))
    };
    format!(
        "`{written}`: {}, {:.0} KB",
        size.unwrap_or_else(|| "size unknown".into()),
        bytes as f64 / 1024.0
    )
}

/// The smallest text of an SVG figure and the size a slide of the
/// course's theme draws it at, against that theme's minimum.
fn svg_text(root: &Path, svg: &str) -> Option<String> {
    let config = course_config(root);
    let theme = lectern::theme::load(&config.theme, root, config.allow_html).ok()?;
    let (w, h) = config.aspect.size();
    let text = lectern::lint::figure_text(svg, &theme, (f64::from(w), f64::from(h)))?;
    let verdict = if text.drawn + 0.05 < theme.sizes.min {
        format!("below the {} pt minimum", theme.sizes.min)
    } else {
        "legible".into()
    };
    Some(format!(
        "smallest text font-size {}, drawn at about {:.1} pt in theme `{}` ({verdict})",
        text.smallest, text.drawn, theme.name
    ))
}

/// A slide heading's hover: kind, planned minutes and the running total,
/// and what fitting decided in the deck's theme.
fn slide_hover(
    text: &str,
    path: &Path,
    here: usize,
    fitted: Option<&super::check::Fitted>,
    version: i32,
) -> Option<String> {
    let spans = spans(text);
    let i = slide_at(&spans, here)?;
    let heading = heading_line(text, &spans[i])?;
    if !heading.contains(&here) && heading.end != here {
        return None;
    }
    let config = course_config(&course_root(path));
    let deck: Deck = parse(text, path, &config).deck?;
    let slide = deck.slides.get(i)?;
    let title = inline_text(&slide.title);
    let mut out = format!(
        "**slide {}**: {title}\n\nkind `{}`: {}",
        slide.number,
        slide.kind.name(),
        kind_description(slide.kind)
    );
    let total: f64 = deck.slides[..=i].iter().filter_map(|s| s.time).sum();
    let planned = slide
        .time
        .map_or_else(|| "no time=".to_string(), |t| format!("{t} min"));
    out.push_str(&format!(
        "\n\nplanned: {planned}; running total {total} of {} min",
        deck.duration
    ));
    match fitted {
        Some(f) if f.slides.len() == deck.slides.len() => {
            let (pages, size) = f.slides[i];
            out.push_str(&format!(
                "\n\nin theme `{}`: body {size:.1} pt, {pages} page{}",
                f.theme,
                if pages == 1 { "" } else { "s" }
            ));
            if f.version != version {
                out.push_str(" (as of a few keystrokes ago)");
            }
        }
        _ => out.push_str("\n\nfitting: not known yet (it follows the diagnostics)"),
    }
    Some(out)
}

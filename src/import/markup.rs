//! Pieces of lectern Markdown that the readers write into slides and the
//! writer uses too: the columns' fences, an image's `{width=…}`, a
//! heading's `background=`.

/// A fence line of lectern's columns: `:::: columns`, `::: column` with
/// its width in percent, or a closing `:::` / `::::`.
pub fn fence(what: Fence) -> String {
    match what {
        Fence::Columns => ":::: columns".into(),
        Fence::Column(None) => "::: column".into(),
        Fence::Column(Some(w)) => {
            format!("::: {{.column width=\"{}%\"}}", (w * 10.0).round() / 10.0)
        }
        Fence::EndColumn => ":::".into(),
        Fence::EndColumns => "::::".into(),
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Fence {
    Columns,
    Column(Option<f32>),
    EndColumn,
    EndColumns,
}

/// Whether a path can stand in a heading's `{background=…}`.
pub fn background_path_ok(path: &str) -> bool {
    !path.trim().is_empty()
        && !path.contains(|c: char| c.is_control() || matches!(c, '{' | '}' | '"' | '\''))
}

/// An image's `{width=50%}` or `{width="300px"}` alone: the width as
/// lectern writes it.
pub(super) fn image_width(attrs: &str) -> Option<String> {
    let a = attrs.trim();
    let v = a.strip_prefix("width=")?.trim_matches(['"', '\'']);
    if v.contains(char::is_whitespace) {
        return None;
    }
    if percent(v).is_some() {
        return Some(v.to_string());
    }
    let px = v.strip_suffix("px").unwrap_or(v);
    px.parse::<f32>()
        .ok()
        .filter(|p| *p >= 1.0 && *p <= 4000.0)
        .map(|_| format!("{px}px"))
}

/// `40%`: a column's share in percent.
pub(super) fn percent(w: &str) -> Option<f32> {
    w.trim()
        .strip_suffix('%')?
        .trim()
        .parse::<f32>()
        .ok()
        .filter(|p| *p > 0.0 && *p <= 100.0)
}

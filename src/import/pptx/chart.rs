//! A chart part (`c:chartSpace`) read as what it shows: its title and its
//! data, category by series, for a table on the slide. The numbers are in
//! the chart's own cache, so nothing else (no embedded workbook) is read.

use roxmltree::Node;

use super::package::{by_id, Package, Rel};
use super::text::escape;
use super::xml::{child, rel_attr};

/// At most this many categories and series become rows and columns.
const MAX_ROWS: usize = 40;
const MAX_SERIES: usize = 12;

/// A chart's title and its data as table rows (a header row first).
pub struct ChartData {
    pub title: String,
    pub rows: Vec<Vec<String>>,
}

/// The chart a `c:chart` reference in `data` points at, if the file has it.
pub fn read(data: Node, rels: &[Rel], pkg: &Package) -> Option<ChartData> {
    let reference = data
        .children()
        .find(|n| n.is_element() && n.tag_name().name() == "chart")?;
    let part = by_id(rels, rel_attr(reference, "id")?)?;
    let doc = pkg.document(&part.target).ok()?;
    let chart = doc
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == "chart")?;
    let title = child(chart, "title").map(texts).unwrap_or_default();
    let series: Vec<Node> = chart
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "ser")
        .take(MAX_SERIES)
        .collect();
    let mut categories: Vec<String> = Vec::new();
    let mut columns: Vec<(String, Vec<(usize, String)>)> = Vec::new();
    for (k, ser) in series.iter().enumerate() {
        let name = child(*ser, "tx")
            .map(values)
            .and_then(|v| v.into_iter().next().map(|(_, s)| s))
            .unwrap_or_else(|| format!("{}", k + 1));
        if categories.is_empty() {
            if let Some(cat) = child(*ser, "cat").or_else(|| child(*ser, "xVal")) {
                let points = values(cat);
                let count = points
                    .iter()
                    .map(|(i, _)| i + 1)
                    .max()
                    .unwrap_or(0)
                    .min(MAX_ROWS);
                categories = vec![String::new(); count];
                for (i, v) in points.into_iter().filter(|(i, _)| *i < count) {
                    categories[i] = v;
                }
            }
        }
        let vals = child(*ser, "val")
            .or_else(|| child(*ser, "yVal"))
            .map(values)
            .unwrap_or_default();
        columns.push((name, vals));
    }
    let count = categories
        .len()
        .max(
            columns
                .iter()
                .flat_map(|(_, v)| v.iter().map(|(i, _)| i + 1))
                .max()
                .unwrap_or(0),
        )
        .min(MAX_ROWS);
    if count == 0 || columns.is_empty() {
        return Some(ChartData {
            title,
            rows: Vec::new(),
        });
    }
    let mut rows = vec![std::iter::once(String::new())
        .chain(columns.iter().map(|(n, _)| escape(n)))
        .collect::<Vec<_>>()];
    for i in 0..count {
        let mut row = vec![escape(categories.get(i).map_or("", String::as_str))];
        for (_, vals) in &columns {
            row.push(
                vals.iter()
                    .find(|(j, _)| *j == i)
                    .map_or(String::new(), |(_, v)| escape(v)),
            );
        }
        rows.push(row);
    }
    Some(ChartData { title, rows })
}

/// The cached points under a `c:tx`, `c:cat` or `c:val`: (index, text).
fn values(n: Node) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for pt in n
        .descendants()
        .filter(|d| d.is_element() && d.tag_name().name() == "pt")
        .take(MAX_ROWS * 4)
    {
        let idx = pt
            .attribute("idx")
            .and_then(|i| i.parse::<usize>().ok())
            .unwrap_or(out.len());
        let v = child(pt, "v").and_then(|v| v.text()).unwrap_or_default();
        out.push((idx, tidy_number(v.trim())));
    }
    if out.is_empty() {
        // A literal name (`c:v` right under `c:tx`).
        if let Some(v) = n
            .descendants()
            .find(|d| d.is_element() && d.tag_name().name() == "v")
            .and_then(|v| v.text())
        {
            out.push((0, v.trim().to_string()));
        }
    }
    out
}

/// `4.2999999999999998` as the chart shows it: `4.3`.
fn tidy_number(v: &str) -> String {
    match v.parse::<f64>() {
        Ok(x) if x.is_finite() && v.len() > 8 => {
            let s = format!("{x:.6}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        _ => v.to_string(),
    }
}

/// The words of a title's rich text.
fn texts(n: Node) -> String {
    n.descendants()
        .filter(|d| d.is_element() && d.tag_name().name() == "t")
        .filter_map(|t| t.text())
        .collect::<Vec<_>>()
        .join("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

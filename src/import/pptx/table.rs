//! A DrawingML table (`a:tbl`) as rows of Markdown cells, and as a pipe
//! table.

use roxmltree::Node;

use super::package::Rel;
use super::text::paragraphs;
use super::xml::{child, children};

/// At most this many rows and columns are read.
const MAX_CELLS: usize = 200;

/// The table's rows, each cell's paragraphs joined by a space; a cell a
/// merge covers is empty.
pub fn rows(tbl: Node, rels: &[Rel]) -> Vec<Vec<String>> {
    children(tbl, "tr")
        .take(MAX_CELLS)
        .map(|tr| {
            children(tr, "tc")
                .take(MAX_CELLS)
                .map(|tc| {
                    let merged = ["hMerge", "vMerge"]
                        .iter()
                        .any(|m| matches!(tc.attribute(*m), Some("1" | "true")));
                    match child(tc, "txBody").filter(|_| !merged) {
                        Some(body) => paragraphs(body, rels, false)
                            .iter()
                            .map(|p| p.text.replace("\\\n", " "))
                            .filter(|t| !t.trim().is_empty())
                            .collect::<Vec<_>>()
                            .join(" "),
                        None => String::new(),
                    }
                })
                .collect()
        })
        .filter(|r: &Vec<String>| !r.is_empty())
        .collect()
}

/// Rows as a pipe table: the first row the header, short rows filled.
pub fn pipe_table(rows: &[Vec<String>]) -> Vec<String> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if width == 0 {
        return Vec::new();
    }
    let line = |r: &[String]| {
        let mut cells: Vec<String> = r.iter().map(|c| c.replace('\n', " ")).collect();
        cells.resize(width, String::new());
        format!("| {} |", cells.join(" | "))
    };
    let mut out = vec![line(&rows[0]), format!("|{}", "---|".repeat(width))];
    out.extend(rows[1..].iter().map(|r| line(r)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::pptx::xml::parse;

    #[test]
    fn a_table_with_a_merged_cell() {
        let xml = "<a:tbl xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">\
            <a:tr><a:tc><a:txBody><a:p><a:r><a:t>A|B</a:t></a:r></a:p></a:txBody></a:tc><a:tc hMerge=\"1\"><a:txBody><a:p><a:r><a:t>x</a:t></a:r></a:p></a:txBody></a:tc></a:tr>\
            <a:tr><a:tc><a:txBody><a:p><a:r><a:t>1</a:t></a:r></a:p><a:p><a:r><a:t>2</a:t></a:r></a:p></a:txBody></a:tc></a:tr></a:tbl>";
        let doc = parse(xml, "t.xml").unwrap();
        let r = rows(doc.root_element(), &[]);
        assert_eq!(pipe_table(&r), ["| A\\|B |  |", "|---|---|", "| 1 2 |  |"]);
    }
}

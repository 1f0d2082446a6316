//! A table as a DrawingML table: a grid of equal columns, the head row
//! bold, thin borders in the muted colour.

use std::fmt::Write as _;

use super::canvas::Rect;
use super::rels::Rels;
use super::shape_tree::SlideXml;
use super::slide::Ctx;
use super::text::{inlines, para_close, para_open, small_size, Bullet, Run, TextStyle};
use super::xml::{emu, rgb};
use crate::deck::Inline;

/// The table `head` over `rows` in `rect` (x, y, width, height): as many
/// columns as its widest row, rows of equal height.
pub fn table(
    x: &mut SlideXml,
    ctx: &Ctx,
    head: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    st: &TextStyle,
    rect: Rect,
) {
    let (left, top, width, height) = rect;
    let n = rows
        .iter()
        .map(Vec::len)
        .chain([head.len(), 1])
        .max()
        .unwrap_or(1);
    let all: Vec<(bool, &[Vec<Inline>])> = std::iter::once((true, head))
        .filter(|(_, h)| !h.is_empty())
        .chain(rows.iter().map(|r| (false, r.as_slice())))
        .collect();
    let cell = TextStyle {
        size: small_size(st),
        top: false,
        ..st.clone()
    };
    let row_h = height / all.len().max(1) as f64;
    let border = format!(
        "<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
        rgb(&ctx.theme.colors.muted)
    );
    let mut grid = String::new();
    for _ in 0..n {
        let _ = write!(grid, "<a:gridCol w=\"{}\"/>", emu(width / n as f64));
    }
    let mut trs = String::new();
    for (is_head, row) in all {
        let _ = write!(trs, "<a:tr h=\"{}\">", emu(row_h));
        for i in 0..n {
            let run = Run {
                bold: is_head,
                ..Run::default()
            };
            table_cell(
                &mut trs,
                row.get(i).map(Vec::as_slice),
                run,
                &cell,
                &border,
                &mut x.rels,
            );
        }
        trs.push_str("</a:tr>");
    }
    let id = x.id();
    let _ = write!(
        x.tree,
        "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"{id}\" name=\"Table {}\"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp=\"1\"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>\
         <p:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></p:xfrm><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/table\">\
         <a:tbl><a:tblPr firstRow=\"1\"/><a:tblGrid>{grid}</a:tblGrid>{trs}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>",
        id - 1,
        emu(left),
        emu(top),
        emu(width),
        emu(height)
    );
}

/// One cell: its content (none for a short row's missing cells) as a
/// paragraph, thin `border` lines on its four sides, 6 pt margins.
fn table_cell(
    out: &mut String,
    content: Option<&[Inline]>,
    run: Run,
    st: &TextStyle,
    border: &str,
    rels: &mut Rels,
) {
    let mut p = String::new();
    para_open(&mut p, st, 0, 0.0, 0.0, 0.0, Bullet::None);
    if let Some(content) = content {
        inlines(&mut p, content, run, None, st, rels);
    }
    para_close(&mut p, st, st.size);
    let line = |tag: &str| format!("<a:{tag} w=\"10160\">{border}</a:{tag}>");
    let _ = write!(
        out,
        "<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{p}</a:txBody><a:tcPr marL=\"76200\" marR=\"76200\" marT=\"76200\" marB=\"76200\">{}{}{}{}<a:noFill/></a:tcPr></a:tc>",
        line("lnL"),
        line("lnR"),
        line("lnT"),
        line("lnB")
    );
}

#[cfg(test)]
mod tests {
    use crate::render::pptx::test_support as t;

    #[test]
    fn a_table_is_a_grid_as_wide_as_its_widest_row_its_head_bold() {
        let f = t::fixture("## T\n\n| a | b | c |\n|---|---|---|\n| 1 | 2 |\n| 3 | **4** | 5 |\n");
        let (xml, ..) = f.slide(1);
        let doc = t::parse(&xml);
        let shapes = t::shapes(&doc);
        let table = t::named(&shapes, "Table");
        assert_eq!(table.tag, "graphicFrame");
        let count = |name: &str| {
            doc.descendants()
                .filter(|n| n.has_tag_name((t::A, name)))
                .count()
        };
        assert_eq!((count("gridCol"), count("tr"), count("tc")), (3, 3, 9));
        let cells: Vec<(String, bool)> = table
            .paragraphs
            .iter()
            .map(|p| (p.text(), p.runs.iter().any(|r| r.bold)))
            .collect();
        let expected = [
            ("a", true),
            ("b", true),
            ("c", true),
            ("1", false),
            ("2", false),
            ("", false),
            ("3", false),
            ("4", true),
            ("5", false),
        ];
        let expected: Vec<(String, bool)> =
            expected.iter().map(|(s, b)| (s.to_string(), *b)).collect();
        assert_eq!(cells, expected);
    }
}

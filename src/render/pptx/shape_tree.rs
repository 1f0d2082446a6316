//! A slide's shape tree as it is written: text shapes and placeholders,
//! plain shapes, pictures, with their ids and the slide's relationships.

use std::fmt::Write as _;

use super::media::{Media, Picture};
use super::paragraphs::{Flow, Indent};
use super::rels::Rels;
use super::text::TextStyle;
use super::xml::{attr_string, emu, rgb};
use crate::deck::{Block, Deck, Slide};
use crate::diag::Diagnostic;

/// One slide (or notes page) being written.
pub struct SlideXml<'a> {
    pub tree: String,
    pub next_id: usize,
    pub rels: Rels,
    pub media: &'a mut Media,
    pub diagnostics: &'a mut Vec<Diagnostic>,
    pub deck: &'a Deck,
    pub slide: &'a Slide,
}

impl SlideXml<'_> {
    pub fn id(&mut self) -> usize {
        self.next_id += 1;
        self.next_id
    }

    /// A shape with text: a placeholder (`ph`) or a text box.
    #[allow(clippy::too_many_arguments)]
    pub fn text_shape(
        &mut self,
        name: &str,
        ph: Option<&str>,
        rect: (f64, f64, f64, f64),
        geom: &str,
        fill: &str,
        body_pr: &str,
        paragraphs: &str,
    ) {
        let id = self.id();
        let (x, y, w, h) = rect;
        let nv = match ph {
            Some(ph) => format!(
                "<p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr><p:ph {ph}/></p:nvPr>"
            ),
            None => "<p:cNvSpPr txBox=\"1\"/><p:nvPr/>".to_string(),
        };
        let _ = write!(
            self.tree,
            "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{} {}\"/>{nv}</p:nvSpPr>\
             <p:spPr><a:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm>{geom}{fill}</p:spPr>\
             <p:txBody>{body_pr}<a:lstStyle/>{}</p:txBody></p:sp>",
            attr_string(name),
            id - 1,
            emu(x),
            emu(y),
            emu(w.max(1.0)),
            emu(h.max(1.0)),
            if paragraphs.is_empty() { "<a:p><a:endParaRPr/></a:p>" } else { paragraphs }
        );
    }

    pub fn shape(&mut self, name: &str, rect: (f64, f64, f64, f64), geom: &str, fill: &str) {
        let id = self.id();
        let (x, y, w, h) = rect;
        let _ = write!(
            self.tree,
            "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{name} {}\"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>\
             <p:spPr><a:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm>{geom}{fill}</p:spPr></p:sp>",
            id - 1,
            emu(x),
            emu(y),
            emu(w.max(1.0)),
            emu(h.max(1.0))
        );
    }

    pub fn picture(
        &mut self,
        pic: &Picture,
        alt: &str,
        rect: (f64, f64, f64, f64),
        link: Option<&str>,
    ) {
        let id = self.id();
        let rid = self
            .rels
            .add("image", &format!("../media/{}", pic.png), false);
        let svg = pic.svg.as_ref().map(|s| {
            let rid = self.rels.add("image", &format!("../media/{s}"), false);
            format!(
                "<a:extLst><a:ext uri=\"{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}\">\
                 <asvg:svgBlip xmlns:asvg=\"http://schemas.microsoft.com/office/drawing/2016/SVG/main\" r:embed=\"{rid}\"/></a:ext></a:extLst>"
            )
        });
        let click = link.map(|url| {
            let rid = self.rels.add("hyperlink", url, true);
            format!("<a:hlinkClick r:id=\"{rid}\"/>")
        });
        let (x, y, w, h) = rect;
        let _ = write!(
            self.tree,
            "<p:pic><p:nvPicPr><p:cNvPr id=\"{id}\" name=\"Picture {}\" descr=\"{}\">{}</p:cNvPr>\
             <p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>\
             <p:blipFill><a:blip r:embed=\"{rid}\">{}</a:blip><a:stretch><a:fillRect/></a:stretch></p:blipFill>\
             <p:spPr><a:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:pic>",
            id - 1,
            attr_string(alt),
            click.unwrap_or_default(),
            svg.unwrap_or_default(),
            emu(x),
            emu(y),
            emu(w.max(1.0)),
            emu(h.max(1.0))
        );
    }

    /// A picture covering the whole slide, cropped to its shape (`cover`).
    pub fn cover_picture(&mut self, pic: &Picture, (w, h): (f64, f64)) {
        let id = self.id();
        let rid = self
            .rels
            .add("image", &format!("../media/{}", pic.png), false);
        let (pw, ph) = (pic.size.0.max(1.0), pic.size.1.max(1.0));
        // What is cut off each side, in thousandths of a percent.
        let (cut_x, cut_y) = if pw / ph > w / h {
            ((1.0 - (w / h) / (pw / ph)) / 2.0, 0.0)
        } else {
            (0.0, (1.0 - (pw / ph) / (w / h)) / 2.0)
        };
        let (cx, cy) = ((cut_x * 100_000.0).round(), (cut_y * 100_000.0).round());
        let _ = write!(
            self.tree,
            "<p:pic><p:nvPicPr><p:cNvPr id=\"{id}\" name=\"Background {}\" descr=\"\"/>\
             <p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>\
             <p:blipFill><a:blip r:embed=\"{rid}\"/><a:srcRect l=\"{cx}\" t=\"{cy}\" r=\"{cx}\" b=\"{cy}\"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>\
             <p:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:pic>",
            id - 1,
            emu(w),
            emu(h)
        );
    }

    pub fn paragraphs_xml(&mut self, blocks: &[&Block], st: &TextStyle) -> String {
        let mut flow = Flow::new(&mut self.rels);
        for b in blocks {
            flow.blocks(std::slice::from_ref(*b), st, Indent::TOP);
        }
        flow.out
    }

    pub fn warn(&mut self, message: String) {
        self.diagnostics.push(
            Diagnostic::warning(&self.deck.file, self.slide.pos, message)
                .with_help("the PowerPoint file shows a placeholder in its place"),
        );
    }
}

pub fn round_rect(w: f64, h: f64, radius: f64) -> String {
    let adj = (radius / w.min(h).max(1.0) * 100_000.0).clamp(0.0, 50_000.0) as i64;
    format!("<a:prstGeom prst=\"roundRect\"><a:avLst><a:gd name=\"adj\" fmla=\"val {adj}\"/></a:avLst></a:prstGeom>")
}

pub const RECT: &str = "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom>";

pub fn solid(hex: &str) -> String {
    format!(
        "<a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill>",
        rgb(hex)
    )
}

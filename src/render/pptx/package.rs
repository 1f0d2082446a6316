//! The package: `[Content_Types].xml`, the root relationships, the
//! document properties, `ppt/presentation.xml` and its settings parts,
//! and the ZIP container they go in.

use std::fmt::Write as _;
use std::io::Write as _;

use super::canvas::Canvas;
use super::master::{layouts, master_and_layouts};
use super::notes::notes_master;
use super::rels::Rels;
use super::slide::{session_title, Ctx};
use super::theme_part::theme_xml;
use super::xml::{emu, size, text_string, HEAD, NS};
use crate::theme::Theme;

const CT: &str = "application/vnd.openxmlformats-officedocument.presentationml";

/// A part of the package: its name and its bytes.
pub type Part = (String, Vec<u8>);

fn part(name: impl Into<String>, xml: String) -> Part {
    (name.into(), xml.into_bytes())
}

/// The package's bookkeeping and the presentation part with its
/// settings, for `slides` slides (`notes` of them with notes) and
/// pictures of the file extensions `media`.
pub fn head_parts(ctx: &Ctx, slides: usize, notes: usize, media: &[&str]) -> Vec<Part> {
    let config = &ctx.course.config;
    let title = session_title(ctx.deck, &config.language);
    let (pres, pres_rels) = presentation(&ctx.canvas, slides, ctx.theme, &ctx.lang);
    vec![
        part("[Content_Types].xml", content_types(slides, media)),
        part("_rels/.rels", root_rels()),
        part(
            "docProps/core.xml",
            core(&title, config.author.as_deref(), &config.language),
        ),
        part("docProps/app.xml", app(slides, notes)),
        part("ppt/presentation.xml", pres),
        part("ppt/_rels/presentation.xml.rels", pres_rels),
        part("ppt/presProps.xml", pres_props()),
        part("ppt/viewProps.xml", view_props()),
        part("ppt/tableStyles.xml", table_styles()),
    ]
}

/// The deck's look: the themes of the slides and of the (printed) notes
/// pages, the slide master and its layouts, the notes master.
pub fn design_parts(ctx: &Ctx, print: &Theme) -> Vec<Part> {
    let theme = ctx.theme;
    let mut parts = vec![
        part("ppt/theme/theme1.xml", theme_xml(theme, &theme.name)),
        part("ppt/theme/theme2.xml", theme_xml(print, "notes")),
    ];
    let masters = master_and_layouts(&ctx.canvas, theme, &ctx.lang);
    for (i, (xml, rels)) in masters.into_iter().enumerate() {
        let (name, rels_name) = if i == 0 {
            (
                "ppt/slideMasters/slideMaster1.xml".to_string(),
                "ppt/slideMasters/_rels/slideMaster1.xml.rels".to_string(),
            )
        } else {
            (
                format!("ppt/slideLayouts/slideLayout{i}.xml"),
                format!("ppt/slideLayouts/_rels/slideLayout{i}.xml.rels"),
            )
        };
        parts.push(part(name, xml));
        parts.push(part(rels_name, rels));
    }
    let (nm, nm_rels) = notes_master(print, &ctx.lang);
    parts.push(part("ppt/notesMasters/notesMaster1.xml", nm));
    parts.push(part(
        "ppt/notesMasters/_rels/notesMaster1.xml.rels",
        nm_rels,
    ));
    parts
}

/// The ZIP container: XML compressed, pictures stored as they are (they
/// are compressed already). Fixed times, so the same deck gives the same bytes.
pub fn zip_package(parts: &[Part], media: &[Part]) -> zip::result::ZipResult<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(256 * 1024)));
    let time = zip::DateTime::default();
    let xml = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(time);
    let stored = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(time);
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), xml)?;
        zip.write_all(bytes)?;
    }
    for (name, bytes) in media {
        let options = if name.ends_with(".svg") { xml } else { stored };
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// `[Content_Types].xml` for a deck of `slides` slides (each with its notes
/// page) and pictures of the given file extensions.
pub fn content_types(slides: usize, media: &[&str]) -> String {
    let mut out = format!(
        "{HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    );
    let mut exts: Vec<&str> = media.to_vec();
    exts.sort_unstable();
    exts.dedup();
    for ext in exts {
        let mime = match ext {
            "png" => "image/png",
            "jpeg" => "image/jpeg",
            "gif" => "image/gif",
            "svg" => "image/svg+xml",
            _ => continue,
        };
        let _ = write!(out, "<Default Extension=\"{ext}\" ContentType=\"{mime}\"/>");
    }
    let mut part = |name: &str, ct: &str| {
        let _ = write!(out, "<Override PartName=\"/{name}\" ContentType=\"{ct}\"/>");
    };
    part(
        "ppt/presentation.xml",
        &format!("{CT}.presentation.main+xml"),
    );
    part("ppt/presProps.xml", &format!("{CT}.presProps+xml"));
    part("ppt/viewProps.xml", &format!("{CT}.viewProps+xml"));
    part("ppt/tableStyles.xml", &format!("{CT}.tableStyles+xml"));
    part(
        "ppt/slideMasters/slideMaster1.xml",
        &format!("{CT}.slideMaster+xml"),
    );
    part(
        "ppt/notesMasters/notesMaster1.xml",
        &format!("{CT}.notesMaster+xml"),
    );
    for i in 1..=layouts().len() {
        part(
            &format!("ppt/slideLayouts/slideLayout{i}.xml"),
            &format!("{CT}.slideLayout+xml"),
        );
    }
    for i in 1..=2 {
        part(
            &format!("ppt/theme/theme{i}.xml"),
            "application/vnd.openxmlformats-officedocument.theme+xml",
        );
    }
    for i in 1..=slides {
        part(
            &format!("ppt/slides/slide{i}.xml"),
            &format!("{CT}.slide+xml"),
        );
        part(
            &format!("ppt/notesSlides/notesSlide{i}.xml"),
            &format!("{CT}.notesSlide+xml"),
        );
    }
    part(
        "docProps/core.xml",
        "application/vnd.openxmlformats-package.core-properties+xml",
    );
    part(
        "docProps/app.xml",
        "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    );
    out.push_str("</Types>");
    out
}

pub fn root_rels() -> String {
    let mut rels = Rels::default();
    rels.add("officeDocument", "ppt/presentation.xml", false);
    rels.add(
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
        "docProps/core.xml",
        false,
    );
    rels.add("extended-properties", "docProps/app.xml", false);
    rels.xml()
}

/// `docProps/core.xml`: title, author and language.
pub fn core(title: &str, author: Option<&str>, lang: &str) -> String {
    let mut out = format!(
        "{HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title>",
        text_string(title)
    );
    if let Some(a) = author {
        let _ = write!(out, "<dc:creator>{}</dc:creator>", text_string(a));
    }
    let _ = write!(
        out,
        "<dc:language>{}</dc:language></cp:coreProperties>",
        text_string(lang)
    );
    out
}

pub fn app(slides: usize, notes: usize) -> String {
    format!(
        "{HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
         <Application>lectern</Application><PresentationFormat>On-screen Show</PresentationFormat>\
         <Slides>{slides}</Slides><Notes>{notes}</Notes></Properties>"
    )
}

/// `ppt/presentation.xml` and its relationships.
pub fn presentation(canvas: &Canvas, slides: usize, theme: &Theme, lang: &str) -> (String, String) {
    let mut rels = Rels::default();
    let master = rels.add("slideMaster", "slideMasters/slideMaster1.xml", false);
    let notes = rels.add("notesMaster", "notesMasters/notesMaster1.xml", false);
    let mut ids = String::new();
    for i in 1..=slides {
        let rid = rels.add("slide", &format!("slides/slide{i}.xml"), false);
        let _ = write!(ids, "<p:sldId id=\"{}\" r:id=\"{rid}\"/>", 255 + i);
    }
    rels.add("presProps", "presProps.xml", false);
    rels.add("viewProps", "viewProps.xml", false);
    rels.add("theme", "theme/theme1.xml", false);
    rels.add("tableStyles", "tableStyles.xml", false);
    let mut levels = String::new();
    for l in 1..=5 {
        let _ = write!(
            levels,
            "<a:lvl{l}pPr marL=\"{}\" algn=\"l\" defTabSz=\"914400\"><a:defRPr sz=\"{}\" lang=\"{lang}\">\
             <a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"+mn-lt\"/></a:defRPr></a:lvl{l}pPr>",
            (l - 1) * 457200,
            size(theme.sizes.body)
        );
    }
    let xml = format!(
        "{HEAD}<p:presentation {NS} saveSubsetFonts=\"1\">\
         <p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"{master}\"/></p:sldMasterIdLst>\
         <p:notesMasterIdLst><p:notesMasterId r:id=\"{notes}\"/></p:notesMasterIdLst>\
         <p:sldIdLst>{ids}</p:sldIdLst>\
         <p:sldSz cx=\"{}\" cy=\"{}\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/>\
         <p:defaultTextStyle><a:defPPr><a:defRPr lang=\"{lang}\"/></a:defPPr>{levels}</p:defaultTextStyle>\
         </p:presentation>",
        emu(canvas.w),
        emu(canvas.h),
    );
    (xml, rels.xml())
}

pub fn pres_props() -> String {
    format!("{HEAD}<p:presentationPr {NS}/>")
}

pub fn view_props() -> String {
    format!(
        "{HEAD}<p:viewPr {NS}><p:normalViewPr><p:restoredLeft sz=\"15620\"/><p:restoredTop sz=\"80000\"/></p:normalViewPr>\
         <p:gridSpacing cx=\"76200\" cy=\"76200\"/></p:viewPr>"
    )
}

pub fn table_styles() -> String {
    format!(
        "{HEAD}<a:tblStyleLst xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
         def=\"{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}\"/>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pptx::test_support as t;
    use std::collections::BTreeSet;

    /// A relationship's target as a part name: relative to the folder of
    /// the part whose relationships it is.
    fn resolve(rels_part: &str, target: &str) -> String {
        let source_dir = rels_part.split_once("_rels/").map_or("", |(dir, _)| dir);
        let mut path: Vec<&str> = source_dir.split('/').filter(|s| !s.is_empty()).collect();
        for seg in target.split('/') {
            match seg {
                ".." => {
                    path.pop();
                }
                "." | "" => {}
                s => path.push(s),
            }
        }
        path.join("/")
    }

    #[test]
    fn every_part_is_well_formed_typed_and_reached() {
        let f = t::fixture_with(
            "# T {.title}\n\nSub\n\n---\n\n## Photo\n\n![A photo](photo.png)\n\n???\nA note.\n\n---\n\n## V {.video}\n\nhttps://www.youtube.com/watch?v=nn3I6-DBLJM\n",
            &[("photo.png", t::png(40, 20))],
        );
        let (parts, warnings) = f.package();
        assert!(warnings.is_empty(), "{warnings:?}");
        let names: BTreeSet<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        let text = |name: &str| {
            let (_, bytes) = parts.iter().find(|(n, _)| n == name).expect(name);
            String::from_utf8(bytes.clone()).expect("UTF-8")
        };
        for name in &names {
            if name.ends_with(".xml") || name.ends_with(".rels") {
                t::parse(&text(name));
            }
        }
        // Every XML part has its content type, and every type a part.
        let types = text("[Content_Types].xml");
        let doc = t::parse(&types);
        let overrides: BTreeSet<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("PartName"))
            .map(|p| &p[1..])
            .collect();
        let xml_parts: BTreeSet<&str> = names
            .iter()
            .copied()
            .filter(|n| n.ends_with(".xml") && *n != "[Content_Types].xml")
            .collect();
        assert_eq!(overrides, xml_parts);
        let defaults: BTreeSet<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("Extension"))
            .collect();
        assert_eq!(defaults, BTreeSet::from(["png", "rels", "xml"]));
        // Every relationship inside the package reaches a part, and every
        // part but the package's bookkeeping is reached.
        let mut reached = BTreeSet::new();
        for name in names.iter().filter(|n| n.ends_with(".rels")) {
            for (_, _, target, external) in t::rels(&text(name)) {
                if !external {
                    let part = resolve(name, &target);
                    assert!(names.contains(part.as_str()), "{name}: {target}");
                    reached.insert(part);
                }
            }
        }
        for name in &names {
            let bookkeeping = name.ends_with(".rels") || *name == "[Content_Types].xml";
            assert!(
                bookkeeping || reached.contains(*name),
                "{name} is not reached"
            );
        }
        // The photo and the video's QR code.
        assert_eq!(
            names.iter().filter(|n| n.starts_with("ppt/media/")).count(),
            2
        );
        assert!(text("docProps/app.xml").contains("<Slides>3</Slides><Notes>1</Notes>"));
        assert!(text("docProps/core.xml").contains("<dc:title>Session 2 · T</dc:title>"));
    }

    #[test]
    fn the_presentation_lists_its_slides_at_the_canvas_size() {
        let f = t::fixture("## A\n\n---\n\n## B\n\n---\n\n## C\n");
        let ctx = f.ctx();
        let (xml, rels) = presentation(&ctx.canvas, 3, &f.theme, "en-US");
        let doc = t::parse(&xml);
        let size = doc
            .descendants()
            .find(|n| n.has_tag_name((t::P, "sldSz")))
            .unwrap();
        assert_eq!(
            (t::num(size, "cx"), t::num(size, "cy")),
            (12_192_000, 6_858_000)
        );
        let rels = t::rels(&rels);
        let slides: Vec<(i64, String)> = doc
            .descendants()
            .filter(|n| n.has_tag_name((t::P, "sldId")))
            .map(|n| {
                let rid = n.attribute((t::R, "id")).unwrap();
                let target = rels.iter().find(|r| r.0 == rid).unwrap().2.clone();
                (t::num(n, "id"), target)
            })
            .collect();
        assert_eq!(
            slides,
            [
                (256, "slides/slide1.xml".to_string()),
                (257, "slides/slide2.xml".to_string()),
                (258, "slides/slide3.xml".to_string())
            ]
        );
    }

    #[test]
    fn each_picture_format_is_typed_once() {
        let xml = content_types(1, &["png", "jpeg", "png", "svg", "webp"]);
        let doc = t::parse(&xml);
        let defaults: Vec<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("Extension"))
            .collect();
        assert_eq!(defaults, ["rels", "xml", "jpeg", "png", "svg"]);
    }
}

//! `--format pptx`, read back with a real reader: python-pptx (PyPI),
//! which `tests/run.sh` installs into a virtual environment and names in
//! `LECTERN_PYTHON`. For every bundled deck: one slide per page of the
//! slides PDF, the page's words in the slide's text frames, the speaker
//! notes in each page's notes page and nowhere on a slide.

use crate::common;

use common::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What python-pptx sees in a presentation, as JSON: per slide the text
/// of every text frame (shapes, groups, table cells), the title
/// placeholder's text, the notes page's text, pictures' alt texts, link
/// targets and bold runs.
const READER: &str = r#"
import json, sys
import pptx
from pptx.oxml.ns import qn

def frames(shapes, out):
    for sh in shapes:
        if sh.shape_type == pptx.enum.shapes.MSO_SHAPE_TYPE.GROUP:
            frames(sh.shapes, out)
        if sh.has_text_frame:
            out.append(sh.text_frame)
        if getattr(sh, "has_table", False) and sh.has_table:
            for row in sh.table.rows:
                for cell in row.cells:
                    out.append(cell.text_frame)

result = []
for path in sys.argv[1:]:
    p = pptx.Presentation(path)
    deck = {"width": p.slide_width, "height": p.slide_height,
            "layouts": [l.name for l in p.slide_layouts], "slides": []}
    for s in p.slides:
        fs = []
        frames(s.shapes, fs)
        title = s.shapes.title.text_frame.text if s.shapes.title is not None else None
        links, bold, numbers = [], [], []
        for f in fs:
            # List numbers are bullets (buAutoNum), not text: number them
            # as a reader does, from startAt or on from the one before.
            counter = {}
            for para in f.paragraphs:
                ppr = para._p.pPr
                num = ppr.find(qn("a:buAutoNum")) if ppr is not None else None
                lvl = para.level
                if num is not None:
                    n = int(num.get("startAt")) if num.get("startAt") else counter.get(lvl, 0) + 1
                    counter[lvl] = n
                    numbers.append(str(n))
                for r in para.runs:
                    if r.hyperlink.address:
                        links.append(r.hyperlink.address)
                    if r.font.bold:
                        bold.append(r.text)
        pictures = [sh._element.xpath("./p:nvPicPr/p:cNvPr")[0].get("descr", "")
                    for sh in s.shapes if sh.shape_type == pptx.enum.shapes.MSO_SHAPE_TYPE.PICTURE]
        notes = s.notes_slide.notes_text_frame.text if s.has_notes_slide else ""
        deck["slides"].append({"texts": [f.text for f in fs], "title": title, "notes": notes,
                               "pictures": pictures, "links": links, "bold": bold, "numbers": numbers,
                               "layout": s.slide_layout.name})
    result.append(deck)
json.dump(result, sys.stdout)
"#;

/// The Python with python-pptx, or a clear message: a skip on a
/// developer's machine, a failure in CI (where tests/run.sh installs it).
fn python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("LECTERN_PYTHON") {
        Some(PathBuf::from(p))
    } else {
        let msg = "LECTERN_PYTHON is not set (tests/run.sh installs python-pptx from PyPI into a virtual environment and sets it)";
        assert!(!std::env::var("CI").is_ok_and(|v| v == "true"), "{msg}");
        eprintln!("SKIPPED: {msg}");
        None
    }
}

fn read(python: &Path, files: &[PathBuf], dir: &Path) -> Vec<serde_json::Value> {
    let script = dir.join("read_pptx.py");
    std::fs::write(&script, READER).unwrap();
    let out = std::process::Command::new(python)
        .arg(&script)
        .args(files)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "python-pptx could not read the files: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// Words as a reader compares them: runs of letters and digits, lower case.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// White space squeezed to single spaces.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn slide_text(slide: &serde_json::Value) -> String {
    slide["texts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The SVG files a slide's blocks show.
fn svg_files(blocks: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    match blocks {
        serde_json::Value::Array(list) => list.iter().for_each(|b| out.extend(svg_files(b))),
        serde_json::Value::Object(map) => {
            if map.get("type").and_then(|t| t.as_str()) == Some("image") {
                if let Some(f) = map
                    .get("file")
                    .and_then(|f| f.as_str())
                    .filter(|f| f.ends_with(".svg"))
                {
                    out.push(f.to_string());
                }
            }
            map.values().for_each(|v| out.extend(svg_files(v)));
        }
        _ => {}
    }
    out
}

/// The slide's text with its list numbers, as a reader sees the slide.
fn seen_text(slide: &serde_json::Value) -> String {
    let numbers: Vec<&str> = slide["numbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    format!("{}\n{}", slide_text(slide), numbers.join(" "))
}

#[test]
fn every_deck_of_a_course_reads_back_with_its_pages_words_and_notes() {
    let Some(python) = python() else { return };
    let dir = scratch("pptx");
    let run = lectern(
        &[
            "build",
            course_fixture().to_str().unwrap(),
            "--out",
            "o",
            "--format",
            "pdf,json,pptx",
            "--quiet",
        ],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.join("o");
    let mut stems: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".pptx")
                .map(str::to_string)
        })
        .collect();
    stems.sort();
    assert_eq!(stems.len(), 12, "one PowerPoint file per session");
    let files: Vec<PathBuf> = stems
        .iter()
        .map(|s| out.join(format!("{s}.pptx")))
        .collect();
    let decks = read(&python, &files, &dir);
    let mut worst = (1.0f64, String::new());
    for (stem, deck) in stems.iter().zip(&decks) {
        assert_eq!(
            (deck["width"].as_i64(), deck["height"].as_i64()),
            (Some(12_192_000), Some(6_858_000)),
            "{stem}: 16:9 as course.toml says"
        );
        let slides = deck["slides"].as_array().unwrap();
        let pdf = out.join(format!("{stem}.pdf"));
        let Some(pages) = pdf_pages(&pdf) else { return };
        assert_eq!(
            slides.len(),
            pages,
            "{stem}: one slide per page of the slides PDF"
        );
        // The deck model: which logical slide each page shows, its notes.
        let model: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join(format!("{stem}.json"))).unwrap())
                .unwrap();
        let logical = model["slides"].as_array().unwrap();
        let mut page_of = Vec::new();
        for s in logical {
            for _ in 0..s["pages"].as_u64().unwrap() {
                page_of.push(s);
            }
        }
        assert_eq!(page_of.len(), pages, "{stem}: the model's pages");
        let visible = norm(
            &logical
                .iter()
                .map(|s| {
                    format!(
                        "{}\n{}",
                        s["title"].as_str().unwrap(),
                        s["text"].as_str().unwrap()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        );
        let all_slides = norm(&slides.iter().map(slide_text).collect::<Vec<_>>().join("\n"));
        for (i, slide) in slides.iter().enumerate() {
            let n = i + 1;
            // ≥ 95 % of the page's words are in the slide's text frames.
            let page = pdf_page_text(&pdf, n).unwrap();
            let mut have: HashMap<String, usize> = HashMap::new();
            for w in words(&seen_text(slide)) {
                *have.entry(w).or_default() += 1;
            }
            // Words drawn inside an SVG figure are the picture's (its alt
            // text says what it shows), not the slide's text.
            let mut drawn: HashMap<String, usize> = HashMap::new();
            for file in svg_files(&page_of[i]["blocks"]) {
                let svg = std::fs::read_to_string(course_fixture().join(file)).unwrap_or_default();
                for part in svg.split("<text").skip(1) {
                    let inner = part.split_once('>').map_or("", |(_, r)| r);
                    let inner = inner.split("</text>").next().unwrap_or("");
                    for w in words(inner) {
                        *drawn.entry(w).or_default() += 1;
                    }
                }
            }
            let want: Vec<String> = words(&page)
                .into_iter()
                .filter(|w| match drawn.get_mut(w) {
                    Some(k) if *k > 0 => {
                        *k -= 1;
                        false
                    }
                    _ => true,
                })
                .collect();
            // A link the PDF breaks across lines inside a word splits it.
            let squeezed = squeeze(&seen_text(slide)).to_lowercase();
            let mut found = 0;
            let mut missing = Vec::new();
            for w in &want {
                match have.get_mut(w) {
                    Some(k) if *k > 0 => {
                        *k -= 1;
                        found += 1;
                    }
                    _ if squeezed.contains(w.as_str()) => found += 1,
                    _ => missing.push(w.clone()),
                }
            }
            let share = if want.is_empty() {
                1.0
            } else {
                f64::from(found) / want.len() as f64
            };
            if share < worst.0 {
                worst = (share, format!("{stem} slide {n}"));
            }
            assert!(
                share >= 0.95,
                "{stem} slide {n}: {:.0} % of the PDF page's words are in text frames; missing {missing:?}",
                share * 100.0
            );
            // The title is in the title placeholder.
            let title = page_of[i]["title"].as_str().unwrap();
            if !title.is_empty() {
                assert_eq!(
                    slide["title"].as_str().map(norm),
                    Some(norm(title)),
                    "{stem} slide {n}: the title placeholder holds the title"
                );
            }
            // Every picture has its alt text.
            for alt in slide["pictures"].as_array().unwrap() {
                assert!(
                    !alt.as_str().unwrap().trim().is_empty(),
                    "{stem} slide {n}: a picture without alt text"
                );
            }
            // The notes are in the notes page, each paragraph of them.
            let notes_page = norm(slide["notes"].as_str().unwrap());
            let notes = page_of[i]["notes"].as_str().unwrap();
            for line in notes.lines().map(norm).filter(|l| !l.is_empty()) {
                assert!(
                    notes_page.contains(&line),
                    "{stem} slide {n}: the notes page lacks {line:?}"
                );
            }
            if notes.trim().is_empty() {
                assert!(
                    notes_page.is_empty(),
                    "{stem} slide {n}: notes where the deck has none"
                );
            }
            // And never on a slide: no notes paragraph that the audience
            // does not see anyway appears on any slide.
            for line in notes.lines().map(norm).filter(|l| l.chars().count() >= 12) {
                if visible.contains(&line) {
                    continue;
                }
                assert!(
                    !all_slides.contains(&line),
                    "{stem}: the notes of slide {n} ({line:?}) are on a slide"
                );
            }
        }
    }
    eprintln!(
        "lowest share of a PDF page's words in text frames: {:.1} % ({})",
        worst.0 * 100.0,
        worst.1
    );
}

#[test]
fn emphasis_links_pictures_and_layouts_survive() {
    let Some(python) = python() else { return };
    let dir = scratch("pptx-sample");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    // 4:3 this time.
    let toml = dir.join("c/course.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{}\naspect = \"4:3\"\n", text.trim_end())).unwrap();
    let run = lectern(&["build", "c", "--out", "o", "--format", "pptx"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files: Vec<PathBuf> = ["01-first", "02-second"]
        .iter()
        .map(|s| dir.join(format!("o/{s}.pptx")))
        .collect();
    assert!(
        !dir.join("o/01-first.html").exists(),
        "only the format asked for"
    );
    let decks = read(&python, &files, &dir);
    let deck = &decks[0];
    assert_eq!(
        (deck["width"].as_i64(), deck["height"].as_i64()),
        (Some(12_192_000), Some(9_144_000)),
        "4:3"
    );
    let layouts: Vec<&str> = deck["layouts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    for name in [
        "Title slide",
        "Definition",
        "Statements",
        "Group exercise",
        "Home assignment",
        "Video",
    ] {
        assert!(
            layouts.iter().any(|l| l.ends_with(name)),
            "a layout {name}: {layouts:?}"
        );
    }
    let slides = deck["slides"].as_array().unwrap();
    let find = |title: &str| {
        slides
            .iter()
            .find(|s| s["title"].as_str() == Some(title))
            .unwrap_or_else(|| panic!("a slide titled {title}"))
    };
    // Statements: each statement a shape of its own, bold kept.
    let statements = find("Four statements");
    let cards: Vec<&str> = statements["texts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .filter(|t| t.contains("close"))
        .collect();
    assert_eq!(cards.len(), 4, "four side-by-side shapes: {cards:?}");
    assert!(statements["bold"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b == "A."));
    // The video: a link, and the QR code as a picture with alt text.
    let video = find("A video");
    assert!(video["links"].as_array().unwrap().iter().any(|l| l
        .as_str()
        .unwrap()
        .starts_with("https://youtu.be/nn3I6-DBLJM")));
    assert_eq!(
        video["pictures"].as_array().unwrap().len(),
        1,
        "the QR code"
    );
    // The figure, with its alt text; its layout is the kind's.
    let model = find("The model");
    assert_eq!(model["pictures"][0], "A diagram of the switch-point model");
    // The label of the kind, and the kind's layout.
    let definition = find("Definition of mentalizing");
    assert!(definition["layout"]
        .as_str()
        .unwrap()
        .ends_with("Definition"));
    assert!(
        slide_text(definition).contains("Definition"),
        "the kind's label"
    );
    // Trainer notes: in the notes page, never on a slide.
    let everything: String = decks
        .iter()
        .flat_map(|d| d["slides"].as_array().unwrap().iter().map(slide_text))
        .collect();
    assert!(!everything.contains("TRAINER-ONLY"), "notes on a slide");
    let notes: String = slides
        .iter()
        .map(|s| s["notes"].as_str().unwrap())
        .collect();
    assert!(notes.contains("TRAINER-ONLY-WELCOME") && notes.contains("TRAINER-ONLY-AGREEMENTS"));
}

#[test]
fn pptx_is_not_built_unless_asked_and_is_written_atomically() {
    let dir = scratch("pptx-default");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    let run = lectern(&["build", "c", "--out", "o", "--format", "html,json"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!dir.join("o/01-first.pptx").exists());
    let run = lectern(&["build", "c", "--out", "o", "--format", "pptx"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(dir.join("o/01-first.pptx")).unwrap();
    assert_eq!(&bytes[..4], b"PK\x03\x04", "a ZIP package");
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("o"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left");
    // The same deck gives the same bytes.
    let again = lectern(&["build", "c", "--out", "o2", "--format", "pptx"], &dir);
    assert_eq!(again.code, 0);
    assert_eq!(std::fs::read(dir.join("o2/01-first.pptx")).unwrap(), bytes);
}

#[test]
fn hostile_text_stays_text_and_every_part_is_well_formed_xml() {
    let dir = scratch("pptx-hostile");
    let deck = "+++\ntitle = \"T\"\n+++\n\n## <a:t>&amp; \"quote\" 'x' \u{1}]]> {.definition}\n\n\
        A [link & \"more\"](https://example.org/?a=1&b=\"2\" 'x') and **<b>bold</b>** \u{7}.\n\n\
        ![alt \"with\" <quotes> & more](missing.png)\n\n- one\n  - nested <p:sp>\n\n\
        ???\n</p:txBody></p:notes> & notes\n";
    std::fs::write(dir.join("h.md"), deck).unwrap();
    let run = lectern(&["build", "h.md", "--out", "o", "--format", "pptx"], &dir);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let bytes = std::fs::read(dir.join("o/h.pptx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut slide = String::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut text = String::new();
        std::io::Read::read_to_string(&mut part, &mut text).unwrap();
        let doc = usvg::roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}"));
        if name == "ppt/slides/slide1.xml" {
            slide = doc
                .descendants()
                .filter(|n| {
                    n.has_tag_name(("http://schemas.openxmlformats.org/drawingml/2006/main", "t"))
                })
                .filter_map(|n| n.text())
                .collect();
        }
    }
    assert!(
        // As the deck model has it: Markdown reads `&amp;` as `&` and
        // sets typographic quotes.
        slide.contains("<a:t>& “quote” ‘x’ ]]>"),
        "the title as written: {slide}"
    );
    assert!(slide.contains("<b>bold</b>"), "{slide}");
    assert!(!slide.contains("notes"), "notes on the slide: {slide}");
}

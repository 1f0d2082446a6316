//! `lectern import deck.pptx`: the corpus in tests/corpus/import/pptx/
//! (written by its make_corpus.py with python-pptx) through the real
//! binary, then `lectern check`; hostile files refused with nothing
//! written; mutated files never panic; and the round trip of a deck built
//! with `--format pptx`, edited with python-pptx, laid back onto its source.

use crate::common;

use common::*;
use std::io::Write;
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    repo().join("tests/corpus/import/pptx")
}

/// Imports the corpus file `name` into a fresh folder; the deck written,
/// after `lectern check` found no error in the folder.
fn import(name: &str) -> (PathBuf, String, String) {
    let dir = scratch("pptx");
    let file = corpus().join(name);
    let run = lectern(&["import", file.to_str().unwrap(), "--out", "out"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = lectern(&["check", "out"], &dir);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains("0 errors") || check.stderr.contains("no problems"),
        "{}",
        check.stderr
    );
    let stem = name.trim_end_matches(".pptx");
    let deck = std::fs::read_to_string(dir.join("out").join(format!("{stem}.md"))).unwrap();
    (dir, deck, run.stderr)
}

/// The deck's slides, each cut into what is shown and its notes.
fn slides(deck: &str) -> Vec<(String, String)> {
    let body = deck.splitn(3, "+++\n").nth(2).unwrap_or_default();
    let mut out = Vec::new();
    let mut code = false;
    let mut current = String::new();
    for l in body.lines() {
        if l.starts_with("```") {
            code = !code;
        }
        if !code && l == "---" {
            out.push(std::mem::take(&mut current));
        } else {
            current.push_str(l);
            current.push('\n');
        }
    }
    out.push(current);
    out.into_iter()
        .map(|s| match s.split_once("\n???\n") {
            Some((shown, notes)) => (shown.to_string(), notes.to_string()),
            None => (s, String::new()),
        })
        .collect()
}

#[test]
fn every_corpus_file_imports_and_checks_cleanly() {
    let files: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().to_string_lossy().to_string();
            n.ends_with(".pptx").then_some(n)
        })
        .collect();
    assert!(files.len() >= 4, "{files:?}");
    for f in files {
        let (_, deck, _) = import(&f);
        for (shown, _) in slides(&deck) {
            for residue in ["<a:", "&#123;", "{.title} {", "1/3"] {
                assert!(!shown.contains(residue), "{f}: {residue}\n{deck}");
            }
        }
    }
}

/// Every PowerPoint file among python-pptx's own test files (written by
/// PowerPoint; MIT; tests/run.sh fetches the pinned sdist from PyPI into
/// the build folder, nothing is vendored): it imports, checks with no
/// error, keeps each visible slide, and every word python-pptx reads on a
/// slide, in its tables and in its notes is in that slide of the deck.
#[test]
fn files_powerpoint_wrote_keep_every_slide_and_word() {
    let Some(python) = python() else { return };
    let Some(folder) = std::env::var_os("LECTERN_PPTX_FILES").map(PathBuf::from) else {
        eprintln!("skipped: LECTERN_PPTX_FILES is not set (tests/run.sh fetches python-pptx's test files)");
        return;
    };
    let mut files: Vec<PathBuf> = walk(&folder)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pptx"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 50,
        "{}: {} files",
        folder.display(),
        files.len()
    );
    let dir = scratch("pptx-powerpoint-files");
    let mut words_seen = 0;
    for (k, file) in files.iter().enumerate() {
        let out = format!("out{k}");
        let run = lectern(&["import", file.to_str().unwrap(), "--out", &out], &dir);
        assert_eq!(run.code, 0, "{}: {}", file.display(), run.stderr);
        let check = lectern(&["check", &out], &dir);
        assert!(
            check.stderr.contains("0 errors") || check.stderr.contains("no problems"),
            "{}: {}",
            file.display(),
            check.stderr
        );
        let expected = std::process::Command::new(&python)
            .arg(corpus().join("expect.py"))
            .arg(file)
            .output()
            .unwrap();
        assert!(
            expected.status.success(),
            "{}",
            String::from_utf8_lossy(&expected.stderr)
        );
        let expected: serde_json::Value = serde_json::from_slice(&expected.stdout).unwrap();
        let expected = expected["slides"].as_array().unwrap();
        let stem = file.file_stem().unwrap().to_string_lossy().to_string();
        let deck =
            std::fs::read_to_string(dir.join(&out).join(format!("{stem}.md"))).unwrap_or_default();
        // A file without slides is a deck of front matter only.
        let body = deck.splitn(3, "+++\n").nth(2).unwrap_or_default();
        let got = if body.trim().is_empty() {
            Vec::new()
        } else {
            slides(&deck)
        };
        assert_eq!(got.len(), expected.len(), "{}:\n{deck}", file.display());
        for (n, (slide, (shown, notes))) in expected.iter().zip(&got).enumerate() {
            // Markdown escapes and marks aside, the words as PowerPoint has
            // them; a symbol font's private-use characters become what they
            // draw or nothing (`symbols` in src/import/pptx/text.rs).
            let plain = |s: &str| {
                s.replace('\\', "")
                    .replace(['*', '`'], "")
                    .chars()
                    .filter(|c| !('\u{e000}'..='\u{f8ff}').contains(c))
                    .collect::<String>()
            };
            let (shown, notes) = (plain(shown), plain(notes));
            for word in slide["words"].as_array().unwrap() {
                let word = plain(word.as_str().unwrap());
                assert!(
                    shown.contains(&word) || notes.contains(&word),
                    "{} slide {}: `{word}` is lost\n{deck}",
                    file.display(),
                    n + 1
                );
                words_seen += 1;
            }
            for word in slide["notes"].as_array().unwrap() {
                let word = plain(word.as_str().unwrap());
                assert!(
                    notes.contains(&word),
                    "{} slide {}: note `{word}` is lost\n{deck}",
                    file.display(),
                    n + 1
                );
            }
        }
    }
    assert!(words_seen > 300, "{words_seen} words compared");
    // What python-pptx cannot read: a chart is its data, a SmartArt
    // graphic (without a saved picture) its text as a list, on the slide.
    let k = files
        .iter()
        .position(|f| f.ends_with("shp-shapes.pptx"))
        .unwrap();
    let deck = std::fs::read_to_string(dir.join(format!("out{k}/shp-shapes.md"))).unwrap();
    let (shown, _) = &slides(&deck)[0];
    assert!(shown.contains("| 1st Qtr | 8.2 |"), "{deck}");
    assert!(shown.contains("- shapes\\[5\\]\n- Smart Art"), "{deck}");
}

#[test]
fn text_levels_numbers_notes_hidden_sections_and_columns() {
    let (_, deck, _) = import("basics.pptx");
    let s = slides(&deck);
    // The hidden slide is in the notes of the one before it.
    assert_eq!(s.len(), 6, "{deck}");
    assert!(
        s[0].0.contains("# Onboarding course {.title}")
            && s[0].0.contains("Session 1 · Ann Example"),
        "{deck}"
    );
    assert!(
        s[0].1
            .contains("Welcome everyone.\n\nStart with the round of names."),
        "{deck}"
    );
    assert!(s[1].0.contains("- **Bold** and *italic* and a [link](https://example.org/doc)\n    - A deeper point\n- Back at the top with \\*stars\\* and #hash"), "{deck}");
    assert!(s[1].1.contains("Say the levels out loud."), "{deck}");
    assert!(
        s[2].0
            .contains("1. First step\n2. Second step\n    - a. option one\n    - b. option two"),
        "{deck}"
    );
    assert!(
        s[2].1.contains("Hidden backup slide") && s[2].1.contains("Only for questions"),
        "{deck}"
    );
    assert!(s[3].0.contains("# Part two {.section}"), "{deck}");
    for (k, left, right) in [(4, "Left point", "Right point"), (5, "Slow", "Fast")] {
        let shown = &s[k].0;
        let l = shown.find(left).unwrap_or_else(|| panic!("{deck}"));
        let r = shown.find(right).unwrap();
        let between = &shown[l..r];
        assert!(
            shown.contains(":::: columns") && between.contains("::: column"),
            "{deck}"
        );
    }
}

#[test]
fn tables_pictures_and_backgrounds() {
    let (dir, deck, _) = import("tables-pictures.pptx");
    let s = slides(&deck);
    assert_eq!(s.len(), 3, "{deck}");
    assert!(
        s[0].0
            .contains("| Group | Score |\n|---|---|\n| A | 12 |\n| B \\| C | 15 |"),
        "{deck}"
    );
    assert!(
        s[1].0
            .contains("![A red square](assets/tables-pictures-1.png){width=40%}"),
        "{deck}"
    );
    assert!(s[1].1.contains("Point at the picture."), "{deck}");
    assert!(
        s[2].0
            .contains("## Behind the text {background=assets/tables-pictures-2.png}"),
        "{deck}"
    );
    for k in 1..=2 {
        let png = std::fs::read(dir.join(format!("out/assets/tables-pictures-{k}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "picture {k}");
    }
}

#[test]
fn a_title_without_placeholder_is_inferred_and_said_so() {
    let (dir, deck, stderr) = import("no-title-languages.pptx");
    let s = slides(&deck);
    assert!(
        s[0].0.contains("## Gehechtheid en mentaliseren\n"),
        "never the byline: {deck}"
    );
    assert!(s[0].1.contains("no title placeholder"), "{deck}");
    assert!(stderr.contains("largest text at its top"), "{stderr}");
    for text in [
        "Schöne Grüße aus Köln",
        "Très bien, à bientôt",
        "¿Qué tal? Año nuevo",
        "שלום עולם",
        "مرحبا بالعالم",
    ] {
        assert!(s[0].0.contains(text), "{text}: {deck}");
    }
    let course = std::fs::read_to_string(dir.join("out/course.toml")).unwrap();
    assert!(course.contains("language = \"nl\""), "{course}");
}

/// A chart is what it shows: its data as a table on the slide (the
/// numbers are cached in the chart part), with a warning.
#[test]
fn a_chart_is_shown_as_its_data() {
    let (_, deck, stderr) = import("chart.pptx");
    let s = slides(&deck);
    assert_eq!(s.len(), 1, "{deck}");
    assert!(
        s[0].0
            .contains("|  | Sales |\n|---|---|\n| Q1 | 1.0 |\n| Q2 | 2.0 |"),
        "{deck}"
    );
    assert!(stderr.contains("a chart is shown as its data"), "{stderr}");
}

/// A video keeps its poster picture, with the film named in a note and a
/// warning; SmartArt comes in as the picture PowerPoint saved beside it
/// (the mc:Fallback), with its alt text.
#[test]
fn a_video_keeps_its_poster_and_smartart_its_fallback_picture() {
    let (dir, deck, stderr) = import("media-smartart.pptx");
    let s = slides(&deck);
    assert_eq!(s.len(), 2, "{deck}");
    assert!(
        s[0].0.contains("![a video](assets/media-smartart-1.png)"),
        "{deck}"
    );
    assert!(s[0].1.contains("slide 1: a video"), "{deck}");
    assert!(
        stderr.contains("a video (`ppt/media/media1.mp4`) is not something lectern shows"),
        "{stderr}"
    );
    assert!(
        s[1].0
            .contains("![Plan, do, check, act](assets/media-smartart-2.png)"),
        "{deck}"
    );
    assert!(!s[1].0.contains("dgm") && s[1].1.is_empty(), "{deck}");
    for picture in ["media-smartart-1.png", "media-smartart-2.png"] {
        let bytes = std::fs::read(dir.join("out/assets").join(picture)).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"), "{picture}");
    }
}

/// A ZIP with the given parts.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        for (name, data) in parts {
            z.start_file(*name, opts).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

/// `bytes` as deck.pptx, imported: the error, and that nothing was written.
fn refused(bytes: &[u8], says: &str) {
    let dir = scratch("pptx-hostile");
    std::fs::write(dir.join("deck.pptx"), bytes).unwrap();
    let run = lectern(&["import", "deck.pptx", "--out", "out"], &dir);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("deck.pptx") && run.stderr.contains(says),
        "{says}: {}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(!dir.join("out").exists(), "something was written");
}

#[test]
fn hostile_files_are_refused_and_nothing_is_written() {
    refused(b"PK\x03\x04 not really", "not a PowerPoint file");
    let names: Vec<String> = (0..4100).map(|k| format!("x/{k}.xml")).collect();
    let many: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    refused(&zip_of(&many), "parts, more than");
    let deep = format!(
        "<p:presentation xmlns:p=\"p\">{}{}</p:presentation>",
        "<a>".repeat(400),
        "</a>".repeat(400)
    );
    refused(
        &zip_of(&[("ppt/presentation.xml", deep.as_bytes())]),
        "deeper than",
    );
    let dtd = "<!DOCTYPE p [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><p>&b;</p>";
    refused(
        &zip_of(&[("ppt/presentation.xml", dtd.as_bytes())]),
        "not XML lectern reads",
    );
    // A part far larger unpacked than packed: read through a capped reader.
    let big = vec![b' '; 70 << 20];
    refused(&zip_of(&[("ppt/presentation.xml", &big)]), "larger than");
}

#[test]
fn an_external_picture_is_not_fetched_and_paths_in_the_zip_are_not_followed() {
    let ns = "xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
    let rel = |id: &str, kind: &str, target: &str, ext: bool| {
        format!(
            "<Relationship Id=\"{id}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}\" Target=\"{target}\"{}/>",
            if ext { " TargetMode=\"External\"" } else { "" }
        )
    };
    let rels = |body: String| {
        format!("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{body}</Relationships>")
    };
    let pres = format!("<p:presentation {ns}><p:sldIdLst><p:sldId id=\"256\" r:id=\"rId1\"/></p:sldIdLst></p:presentation>");
    let slide = format!(
        "<p:sld {ns}><p:cSld><p:spTree>\
         <p:pic><p:nvPicPr><p:cNvPr id=\"2\" name=\"p\" descr=\"far\"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:link=\"rId2\"/></p:blipFill><p:spPr/></p:pic>\
         <p:pic><p:nvPicPr><p:cNvPr id=\"3\" name=\"q\" descr=\"up\"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed=\"rId3\"/></p:blipFill><p:spPr/></p:pic>\
         </p:spTree></p:cSld></p:sld>"
    );
    let file = zip_of(&[
        (
            "_rels/.rels",
            rels(rel("rId1", "officeDocument", "ppt/presentation.xml", false)).as_bytes(),
        ),
        ("ppt/presentation.xml", pres.as_bytes()),
        (
            "ppt/_rels/presentation.xml.rels",
            rels(rel("rId1", "slide", "slides/slide1.xml", false)).as_bytes(),
        ),
        ("ppt/slides/slide1.xml", slide.as_bytes()),
        (
            "ppt/slides/_rels/slide1.xml.rels",
            rels(
                rel("rId2", "image", "http://example.org/x.png", true)
                    + &rel("rId3", "image", "../../../../evil.png", false),
            )
            .as_bytes(),
        ),
        ("../evil.png", b"\x89PNG"),
    ]);
    let dir = scratch("pptx-external");
    std::fs::write(dir.join("deck.pptx"), &file).unwrap();
    let run = lectern(&["import", "deck.pptx", "--out", "out"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("outside the file: not fetched"),
        "{}",
        run.stderr
    );
    assert!(!dir.join("evil.png").exists() && !dir.join("out/evil.png").exists());
    let deck = std::fs::read_to_string(dir.join("out/deck.md")).unwrap();
    assert!(!deck.contains("evil"), "{deck}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(std::env::var("LECTERN_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(24)))]

    /// A corpus file with bytes changed or cut never makes the reader panic.
    #[test]
    fn mutated_files_never_panic(
        which in 0usize..4,
        edits in proptest::collection::vec((0usize..1_000_000, proptest::num::u8::ANY), 1..12),
        cut in proptest::option::of(0usize..1_000_000),
    ) {
        let names = ["basics.pptx", "tables-pictures.pptx", "no-title-languages.pptx", "chart.pptx"];
        let mut bytes = std::fs::read(corpus().join(names[which])).unwrap();
        for (at, b) in edits {
            let n = bytes.len();
            bytes[at % n] = b;
        }
        if let Some(c) = cut {
            let n = bytes.len();
            bytes.truncate(c % n);
        }
        let _ = lectern::import::pptx::import(&bytes, &lectern::import::Options::new("m.pptx"));
    }
}

/// A corpus file's parts, by name.
fn parts_of(name: &str) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(corpus().join(name)).unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

/// A layout whose list style has no bullets (a comparison's headers, a
/// section header's line) takes the bullets its placeholders give by
/// default away; a paragraph's own bullet stays.
#[test]
fn a_layout_without_bullets_makes_paragraphs() {
    let dir = scratch("pptx-layout-bullets");
    let parts: Vec<(String, Vec<u8>)> = parts_of("basics.pptx")
        .into_iter()
        .map(|(name, data)| {
            if name == "ppt/slideLayouts/slideLayout2.xml" {
                let xml = String::from_utf8(data).unwrap().replace(
                    "<a:lstStyle/>",
                    "<a:lstStyle><a:lvl1pPr><a:buNone/></a:lvl1pPr></a:lstStyle>",
                );
                (name, xml.into_bytes())
            } else {
                (name, data)
            }
        })
        .collect();
    let named: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    std::fs::write(dir.join("plain.pptx"), zip_of(&named)).unwrap();
    let run = lectern(&["import", "plain.pptx", "--out", "out"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let deck = std::fs::read_to_string(dir.join("out/plain.md")).unwrap();
    let (shown, _) = &slides(&deck)[1];
    assert!(
        shown.contains("\n**Bold** and *italic* and a [link](https://example.org/doc)\n"),
        "{deck}"
    );
    assert!(!shown.contains("- **Bold**"), "{deck}");
}

/// Pieces of PresentationML spliced into parts by the fuzz test below.
const PIECES: [&str; 12] = [
    "<p:sp><p:txBody><a:p><a:r><a:t>x</a:t></a:r></a:p></p:txBody></p:sp>",
    "<a:buAutoNum type=\"romanUcPeriod\" startAt=\"-5\"/>",
    "<p:ph type=\"title\" idx=\"99999999999999999999\"/>",
    "<a:off x=\"-9223372036854775808\" y=\"9223372036854775807\"/>",
    "<a:ext cx=\"0\" cy=\"-1\"/>",
    "<a:blip r:embed=\"rId999\"/>",
    "<p:grpSp><p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"9223372036854775807\" cy=\"1\"/><a:chOff x=\"5\" y=\"5\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr></p:grpSp>",
    "<a:tbl><a:tr><a:tc hMerge=\"1\"/></a:tr></a:tbl>",
    "<a:pPr lvl=\"-3\"/>",
    "<a:br/>",
    "\u{202e}\u{5d0}",
    "</p:sp>",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(std::env::var("LECTERN_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(24)))]

    /// XML parts with PresentationML spliced in or cut, zipped again:
    /// the reader says what is wrong or converts, and never panics.
    #[test]
    fn mutated_parts_never_panic(
        which in 0usize..4,
        edits in proptest::collection::vec((0usize..10_000, 0usize..100_000, 0usize..PIECES.len(), proptest::bool::ANY), 1..8),
    ) {
        let names = ["basics.pptx", "tables-pictures.pptx", "no-title-languages.pptx", "chart.pptx"];
        let mut parts = parts_of(names[which]);
        let xml: Vec<usize> = (0..parts.len()).filter(|&k| parts[k].0.ends_with(".xml")).collect();
        for (part, at, piece, cut) in edits {
            let data = &mut parts[xml[part % xml.len()]].1;
            let mut at = at % (data.len() + 1);
            while at > 0 && at < data.len() && (data[at] & 0xC0) == 0x80 {
                at -= 1;
            }
            if cut {
                data.truncate(at);
            } else {
                data.splice(at..at, PIECES[piece].bytes());
            }
        }
        let named: Vec<(&str, &[u8])> = parts.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
        let _ = lectern::import::pptx::import(&zip_of(&named), &lectern::import::Options::new("m.pptx"));
    }
}

/// The files under `folder`, at any depth.
fn walk(folder: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The Python with python-pptx (tests/run.sh sets LECTERN_PYTHON).
fn python() -> Option<PathBuf> {
    let p = std::env::var_os("LECTERN_PYTHON").map(PathBuf::from);
    if p.is_none() {
        eprintln!("skipped: LECTERN_PYTHON is not set (tests/run.sh installs python-pptx)");
    }
    p
}

/// `file` opened and saved by LibreOffice as `to` (pptx or odp) into
/// `out`; None (a skip) when LibreOffice is not installed.
fn libreoffice(file: &Path, to: &str, out: &Path) -> Option<PathBuf> {
    let soffice = tool("soffice")?;
    // A profile of its own: two at once cannot share one.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        out.join(".profile").display()
    );
    let run = std::process::Command::new(soffice)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            to,
            "--outdir",
        ])
        .arg(out)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stem = file.file_stem().unwrap().to_string_lossy().to_string();
    Some(out.join(format!("{stem}.{to}")))
}

#[test]
fn a_file_libreoffice_wrote_from_odp_imports_too() {
    let dir = scratch("pptx-libreoffice");
    let Some(odp) = libreoffice(&corpus().join("basics.pptx"), "odp", &dir.join("odp")) else {
        return;
    };
    let pptx = libreoffice(&odp, "pptx", &dir.join("lo")).unwrap();
    let run = lectern(&["import", pptx.to_str().unwrap(), "--out", "out"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = lectern(&["check", "out"], &dir);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let deck = std::fs::read_to_string(dir.join("out/basics.md")).unwrap();
    let s = slides(&deck);
    assert_eq!(s.len(), 6, "{deck}");
    assert!(s[0].0.contains("# Onboarding course {.title}"), "{deck}");
    assert!(
        s[1].0
            .contains("- **Bold** and *italic* and a [link](https://example.org/doc)"),
        "{deck}"
    );
    assert!(s[1].1.contains("Say the levels out loud."), "{deck}");
    assert!(s[2].1.contains("Hidden backup slide"), "{deck}");
    assert!(s[5].0.contains(":::: columns"), "the comparison: {deck}");
}

#[test]
fn an_edited_build_comes_back_onto_its_deck_with_only_the_edits() {
    let Some(python) = python() else { return };
    let dir = scratch("pptx-roundtrip");
    let name = session_five_alone(&dir);
    let stem = name.trim_end_matches(".md");
    let pptx = dir.join(format!("out/{stem}.pptx"));
    let edited = dir.join("edited.pptx");
    let script = corpus().join("edit_roundtrip.py");
    succeeds(std::process::Command::new(&python).args([
        script.as_os_str(),
        pptx.as_os_str(),
        edited.as_os_str(),
        "2".as_ref(),
    ]));
    only_the_edits(&dir, "edited.pptx", &name);
    // The same file opened and saved by LibreOffice (which keeps neither
    // layout names nor types): the same three edits.
    if let Some(lo) = libreoffice(&edited, "pptx", &dir.join("lo")) {
        std::fs::remove_file(dir.join(format!("decks/{stem}.imported.md"))).unwrap();
        only_the_edits(&dir, lo.to_str().unwrap(), &name);
    }
}

/// A Python that has LibreOffice's UNO bridge (Debian's python3-uno, which
/// tests/run.sh installs beside LibreOffice); None (a skip) without one.
fn python_with_uno() -> Option<PathBuf> {
    for candidate in ["/usr/bin/python3", "python3"] {
        let works = std::process::Command::new(candidate)
            .args(["-c", "import uno"])
            .output()
            .is_ok_and(|o| o.status.success());
        if works {
            return Some(PathBuf::from(candidate));
        }
    }
    eprintln!("skipped: no Python with LibreOffice's UNO bridge (apt-get install python3-uno)");
    None
}

#[test]
fn an_edit_made_in_libreoffice_comes_back_onto_its_deck() {
    let Some(soffice) = tool("soffice") else {
        return;
    };
    let Some(python) = python_with_uno() else {
        return;
    };
    let dir = scratch("pptx-libreoffice-edit");
    let name = session_five_alone(&dir);
    let stem = name.trim_end_matches(".md");
    // LibreOffice opens the built file, the script changes a title, a
    // bullet and a note through LibreOffice's own API, and LibreOffice
    // saves it as PowerPoint: its writer, not python-pptx's.
    let script = corpus().join("edit_libreoffice.py");
    let edited = dir.join("edited-in-impress.pptx");
    succeeds(
        std::process::Command::new(&python)
            .arg(&script)
            .arg(&soffice)
            .arg(dir.join(format!("out/{stem}.pptx")))
            .arg(&edited)
            .arg("2")
            .arg(dir.join("lo-profile")),
    );
    only_the_edits(&dir, "edited-in-impress.pptx", &name);
}

/// Runs a helper script; its error output when it fails.
fn succeeds(command: &mut std::process::Command) {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The bundled session 5 alone in a course folder of its own, built as
/// PowerPoint into `out/`; its file name.
fn session_five_alone(dir: &Path) -> String {
    let source = course_fixture();
    let deck = std::fs::read_dir(&source)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("05-"))
        .unwrap();
    let name = deck.file_name().unwrap().to_string_lossy().to_string();
    // The session-5 deck alone, in a course folder of its own.
    std::fs::create_dir_all(dir.join("decks")).unwrap();
    std::fs::copy(&deck, dir.join("decks").join(&name)).unwrap();
    copy_tree(&source.join("assets"), &dir.join("decks/assets"));
    std::fs::copy(source.join("course.toml"), dir.join("course.toml")).unwrap();
    let built = lectern(
        &[
            "build",
            &format!("decks/{name}"),
            "--format",
            "pptx",
            "--out",
            "out",
            "-q",
        ],
        dir,
    );
    assert_eq!(built.code, 0, "{}", built.stderr);
    name
}

/// `file` imported onto `decks/<name>`: the diff is the three edits.
fn only_the_edits(dir: &Path, file: &str, name: &str) {
    let stem = name.trim_end_matches(".md");
    let run = lectern(&["import", file, "--onto", &format!("decks/{name}")], dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The deck keeps its language: the run languages LibreOffice writes
    // (its own default) are not a difference.
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    let removed: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with('-') && !l.starts_with("---"))
        .collect();
    let added: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .collect();
    assert_eq!((removed.len(), added.len()), (3, 3), "{}", run.stdout);
    assert!(
        added
            .iter()
            .any(|l| l.starts_with("+## ") && l.contains(" (herzien) {.")),
        "{}",
        run.stdout
    );
    assert!(
        added.iter().any(|l| l.ends_with(", ook bij volwassenen.")),
        "{}",
        run.stdout
    );
    assert!(
        added.iter().any(|l| l.starts_with("+Nieuw: ")),
        "{}",
        run.stdout
    );
    let merged = std::fs::read_to_string(dir.join(format!("decks/{stem}.imported.md"))).unwrap();
    let original = std::fs::read_to_string(dir.join("decks").join(name)).unwrap();
    assert_eq!(merged.lines().count(), original.lines().count());
    let check = lectern(&["check", "."], dir);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

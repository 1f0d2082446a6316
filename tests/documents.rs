//! The PDFs as documents: the participant workbook reads as a workbook
//! (a cover with a name field, no page that is only its header and footer,
//! no file paths or engine words), every PDF has its own title, bookmarks
//! and heading tags, and the trainer script opens each session with its
//! time plan. All on a built twelve-session course (tests/fixtures/course).

use crate::common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The fixture course, built once for every test of this file.
fn course() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = scratch("documents");
        let run = lectern(
            &["build", &course_fixture().to_string_lossy(), "--out", "out"],
            &dir,
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        dir.join("out")
    })
}

struct Deck {
    stem: String,
    session: u64,
    title: String,
    /// Titles of the logical slides, in order.
    slides: Vec<(String, String)>,
}

fn decks(out: &Path) -> Vec<Deck> {
    let mut decks: Vec<Deck> = std::fs::read_dir(out)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            if p.extension().is_none_or(|x| x != "json") {
                return None;
            }
            let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            Some(Deck {
                stem: p.file_stem().unwrap().to_string_lossy().into_owned(),
                session: v["session"].as_u64().unwrap(),
                title: v["title"].as_str().unwrap().to_string(),
                slides: v["slides"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| {
                        (
                            s["kind"].as_str().unwrap().to_string(),
                            s["title"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect(),
            })
        })
        .collect();
    decks.sort_by_key(|d| d.session);
    decks
}

fn run_tool(name: &str, args: &[&str], pdf: &Path) -> Option<String> {
    let tool = tool(name)?;
    let out = Command::new(tool).args(args).arg(pdf).output().unwrap();
    assert!(out.status.success(), "{name} failed on {}", pdf.display());
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn pdf_title(pdf: &Path) -> Option<String> {
    let info = run_tool("pdfinfo", &[], pdf)?;
    Some(
        info.lines()
            .find_map(|l| l.strip_prefix("Title:"))
            .unwrap_or("")
            .trim()
            .to_string(),
    )
}

/// The PDF's bookmarks, as poppler's `pdftohtml -xml` lists them.
fn bookmarks(pdf: &Path) -> Option<Vec<String>> {
    let tool = tool("pdftohtml")?;
    let out = Command::new(tool)
        .args(["-xml", "-i", "-q", "-stdout"])
        .arg(pdf)
        .output()
        .unwrap();
    let xml = String::from_utf8_lossy(&out.stdout);
    let Some(start) = xml.find("<outline>") else {
        return Some(Vec::new());
    };
    Some(
        xml[start..]
            .split("<item")
            .skip(1)
            .filter_map(|item| {
                let text = item.split_once('>')?.1.split_once("</item>")?.0;
                Some(unescape(text))
            })
            .collect(),
    )
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn handouts(out: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("-handout.pdf"))
        .collect();
    files.sort();
    files
}

#[test]
fn no_workbook_page_holds_only_its_header_and_footer() {
    let out = course();
    let decks = decks(out);
    // What a running header or footer may say: the session, the document,
    // the course, a page number.
    let mut furniture: Vec<String> = decks
        .iter()
        .map(|d| squeeze(&format!("Sessie {} · {}", d.session, d.title)))
        .collect();
    furniture.extend(
        [
            "Werkboek",
            "Leren Mentaliseren",
            "Leren Mentaliseren · Werkboek",
        ]
        .iter()
        .map(|s| squeeze(s)),
    );
    for pdf in handouts(out) {
        let Some(pages) = pdf_pages(&pdf) else {
            return;
        };
        for page in 1..=pages {
            let text = pdf_page_text(&pdf, page).unwrap();
            let content: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .filter(|l| !l.chars().all(|c| c.is_ascii_digit()))
                .filter(|l| !furniture.contains(&squeeze(l)))
                .collect();
            assert!(
                !content.is_empty(),
                "{} page {page} holds nothing but its header and footer (writing lines alone?)",
                pdf.display()
            );
            // Header and footer do not repeat each other: the document's
            // name is said once a page (the cover and contents aside).
            assert!(
                text.matches("Werkboek").count() <= 1,
                "{} page {page} says `Werkboek` twice:\n{text}",
                pdf.display()
            );
        }
    }
}

#[test]
fn participant_pdfs_show_no_paths_or_engine_words() {
    let out = course();
    let files = handouts(out);
    assert_eq!(files.len(), 13, "12 session workbooks and the course's");
    for pdf in files {
        let Some(text) = pdf_text(&pdf) else {
            return;
        };
        for word in [
            "assets/",
            ".jpg",
            ".svg",
            "vervolg",
            "Afbeelding nog in te voegen",
            "in te voegen",
        ] {
            assert!(
                !text.contains(word),
                "{} shows participants `{word}`",
                pdf.display()
            );
        }
    }
    // The two photos still to insert are there as frames, so the session's
    // workbook still shows the exercise around them.
    let first = pdf_text(&out.join("01-wat-is-mentaliseren-handout.pdf")).unwrap();
    assert!(squeeze(&first).contains(&squeeze("Wat gebeurt er volgens jou?")));
    // Projected, a picture still to insert is its alt text in a frame: its
    // file path is for the author (`check`), not for the group, in the
    // slides PDF and the HTML alike.
    let slides = pdf_text(&out.join("01-wat-is-mentaliseren.pdf")).unwrap();
    let html = std::fs::read_to_string(out.join("01-wat-is-mentaliseren.html")).unwrap();
    assert!(slides.contains("Foto: Melania en Trump"), "{slides}");
    assert!(!slides.contains("foto-melania-trump.jpg"), "{slides}");
    let frame = html
        .split("class=\"placeholder\"")
        .nth(1)
        .unwrap()
        .split("</figure>")
        .next()
        .unwrap();
    assert!(
        !frame.contains("foto-") && frame.contains("Foto: "),
        "{frame}"
    );
}

#[test]
fn workbooks_have_a_cover_with_name_and_group_and_a_date_per_session() {
    let out = course();
    let Some(cover) = pdf_page_text(&out.join("course-handout.pdf"), 1) else {
        return;
    };
    for word in [
        "Leren Mentaliseren",
        "WERKBOEK",
        "Naam",
        "Groep",
        "Sessies 1–12",
    ] {
        assert!(
            cover.contains(word),
            "course workbook cover lacks {word}:\n{cover}"
        );
    }
    let course_text = pdf_text(&out.join("course-handout.pdf")).unwrap();
    assert_eq!(
        course_text.matches("Datum").count(),
        12,
        "a date line opens every session"
    );
    for d in decks(out) {
        let pdf = out.join(format!("{}-handout.pdf", d.stem));
        let first = pdf_page_text(&pdf, 1).unwrap();
        for word in ["Naam", "Groep", "Datum", &format!("SESSIE {}", d.session)] {
            assert!(
                first.contains(word),
                "{} page 1 lacks {word}",
                pdf.display()
            );
        }
        assert!(squeeze(&first).contains(&squeeze(&d.title)));
    }
}

#[test]
fn every_pdf_has_its_own_title() {
    let out = course();
    let mut seen = std::collections::BTreeSet::new();
    for d in decks(out) {
        let base = format!("Sessie {} · {}", d.session, d.title);
        for (file, want) in [
            (format!("{}.pdf", d.stem), base.clone()),
            (
                format!("{}-handout.pdf", d.stem),
                format!("{base} — Werkboek"),
            ),
            (
                format!("{}-notes.pdf", d.stem),
                format!("{base} — Draaiboek"),
            ),
        ] {
            let Some(title) = pdf_title(&out.join(&file)) else {
                return;
            };
            assert_eq!(title, want, "{file}");
            assert!(seen.insert(title), "{file}: title used twice");
        }
    }
    assert_eq!(
        pdf_title(&out.join("course-handout.pdf")).unwrap(),
        "Leren Mentaliseren — Werkboek"
    );
    assert_eq!(
        pdf_title(&out.join("course-notes.pdf")).unwrap(),
        "Leren Mentaliseren — Draaiboek"
    );
}

#[test]
fn bookmarks_for_every_logical_slide_and_session() {
    let out = course();
    for d in decks(out) {
        let Some(marks) = bookmarks(&out.join(format!("{}.pdf", d.stem))) else {
            return;
        };
        assert!(
            marks.len() >= d.slides.len(),
            "{}: {} bookmarks for {} logical slides: {marks:?}",
            d.stem,
            marks.len(),
            d.slides.len()
        );
        let titles: Vec<&str> = d.slides.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            marks.iter().map(|m| squeeze(m)).collect::<Vec<_>>(),
            titles.iter().map(|t| squeeze(t)).collect::<Vec<_>>(),
            "{}: one bookmark per logical slide, continuation pages not again",
            d.stem
        );
        // The workbook and the script: the session, then its slides.
        let session = format!("Sessie {} · {}", d.session, d.title);
        for (file, skip_title_slide) in [
            (format!("{}-handout.pdf", d.stem), true),
            (format!("{}-notes.pdf", d.stem), false),
        ] {
            let marks = bookmarks(&out.join(&file)).unwrap();
            assert_eq!(squeeze(&marks[0]), squeeze(&session), "{file}: {marks:?}");
            for (kind, title) in &d.slides {
                if skip_title_slide && kind == "title" {
                    continue;
                }
                assert!(
                    marks.iter().any(|m| squeeze(m) == squeeze(title)),
                    "{file}: no bookmark for `{title}`: {marks:?}"
                );
            }
        }
    }
    let course_marks = bookmarks(&out.join("course-handout.pdf")).unwrap();
    for d in decks(out) {
        let session = squeeze(&format!("Sessie {} · {}", d.session, d.title));
        assert!(
            course_marks.iter().any(|m| squeeze(m) == session),
            "{session}"
        );
    }
}

#[test]
fn pdfs_are_tagged_with_headings_and_artifacts() {
    let out = course();
    let five = "05-belang-van-gehechtheidsrelaties";
    for file in [
        format!("{five}.pdf"),
        format!("{five}-handout.pdf"),
        format!("{five}-notes.pdf"),
        "course-handout.pdf".to_string(),
        "course-notes.pdf".to_string(),
    ] {
        let pdf = out.join(&file);
        let Some(tree) = run_tool("pdfinfo", &["-struct"], &pdf) else {
            return;
        };
        let levels: Vec<&str> = ["H1", "H2", "H3"]
            .into_iter()
            .filter(|h| {
                tree.lines()
                    .any(|l| l.trim_start().starts_with(&format!("{h} ")))
            })
            .collect();
        // Session 5 has sections, so all three levels are used.
        assert_eq!(levels, ["H1", "H2", "H3"], "{file}:\n{tree}");
        // Running headers, footers and page numbers are artifacts: on the
        // page, not in the structure a screen reader follows.
        let tagged = run_tool("pdfinfo", &["-struct-text"], &pdf).unwrap();
        let page = pdf_text(&pdf).unwrap();
        // On paper, the folio: the course's title is also the cover's.
        // (A course document numbers its pages through: its running header.)
        let footer = if !file.starts_with("course-")
            && (file.ends_with("handout.pdf") || file.ends_with("notes.pdf"))
        {
            "Sessie 5 · 2"
        } else {
            "Sessie 5 · Het belang van gehechtheidsrelaties"
        };
        assert!(
            page.contains(footer),
            "{file}: footer `{footer}` not printed"
        );
        assert!(
            !tagged.contains(footer),
            "{file}: footer `{footer}` is tagged as content"
        );
        // Where lectern claims PDF/UA-1, the XMP says so (Typst checked it).
        let xmp = run_tool("pdfinfo", &["-meta"], &pdf).unwrap();
        assert!(xmp.contains("pdfuaid:part>1<"), "{file}: no PDF/UA-1 claim");
        assert!(xmp.contains("<rdf:li>nl</rdf:li>"), "{file}: language");
    }
}

#[test]
fn the_trainer_script_opens_each_session_with_its_time_plan() {
    let out = course();
    for d in decks(out) {
        let pdf = out.join(format!("{}-notes.pdf", d.stem));
        let Some(first) = pdf_page_text(&pdf, 1) else {
            return;
        };
        let first = squeeze(&first);
        for word in [
            "Tijdsplanning",
            "Dia",
            "Titel",
            "Min.",
            "Start",
            "Totaal",
            "0:00",
        ] {
            assert!(first.contains(word), "{}: plan lacks {word}", d.stem);
        }
        for (_, title) in &d.slides {
            assert!(
                first.contains(&squeeze(title)),
                "{}: `{title}` missing from the time plan",
                d.stem
            );
        }
    }
}

#[test]
fn author_and_english_words_come_from_the_course() {
    let dir = scratch("documents-en");
    std::fs::write(
        dir.join("course.toml"),
        "title = \"Sample\"\nlanguage = \"en\"\nauthor = \"Ada Trainer\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("01-one.md"),
        "+++\ntitle = \"First things\"\nsession = 1\n+++\n\n# First things {.title}\n\n---\n\n## Write it down {.exercise lines=5}\n\nWhat do you notice?\n\n---\n\n## Missing {.plain}\n\n![A photo to come](assets/nope.jpg)\n",
    )
    .unwrap();
    let run = lectern(&["build", ".", "--out", "out"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.join("out");
    let Some(info) = run_tool("pdfinfo", &[], &out.join("01-one-handout.pdf")) else {
        return;
    };
    assert!(info.contains("Ada Trainer"), "{info}");
    assert!(
        info.contains("Session 1 · First things — Workbook"),
        "{info}"
    );
    let notes = run_tool("pdfinfo", &[], &out.join("01-one-notes.pdf")).unwrap();
    assert!(
        notes.contains("Session 1 · First things — Trainer script"),
        "{notes}"
    );
    let first = pdf_page_text(&out.join("01-one-handout.pdf"), 1).unwrap();
    for word in ["Name", "Group", "Date", "Write it down"] {
        assert!(first.contains(word), "{word}:\n{first}");
    }
    let text = pdf_text(&out.join("01-one-handout.pdf")).unwrap();
    assert!(
        !text.contains("assets/") && !text.contains("Image to insert"),
        "{text}"
    );
    let xmp = run_tool("pdfinfo", &["-meta"], &out.join("01-one.pdf")).unwrap();
    assert!(xmp.contains("<rdf:li>en</rdf:li>"), "{xmp}");
}

/// The course workbook and script are their cover and contents followed by
/// every session's own document, page for page: one layout, so they cannot
/// drift apart. Only the folio differs: a session's own PDF numbers its
/// pages "Sessie 5 · 3", the course's by their page in the course, and its
/// contents give the page each session starts on, so a printed binder can
/// be followed.
#[test]
fn course_documents_are_the_sessions_own_pages_after_a_cover() {
    let out = course();
    for suffix in ["handout", "notes"] {
        let whole = out.join(format!("course-{suffix}.pdf"));
        let Some(total) = pdf_pages(&whole) else {
            return;
        };
        let contents = pdf_page_text(&whole, 2).unwrap();
        assert!(contents.contains("Inhoud"), "{contents}");
        let mut page = 3;
        for d in decks(out) {
            assert!(
                squeeze(&contents).contains(&squeeze(&d.title)),
                "contents lack {}",
                d.title
            );
            // The contents: the title, then the page it starts on.
            let listed = squeeze(&contents);
            let after =
                &listed[listed.find(&squeeze(&d.title)).unwrap() + squeeze(&d.title).len()..];
            let number: String = after.chars().take_while(char::is_ascii_digit).collect();
            assert_eq!(
                number,
                page.to_string(),
                "contents: {} starts on page {page}\n{contents}",
                d.title
            );
            let own = out.join(format!("{}-{suffix}.pdf", d.stem));
            let pages = pdf_pages(&own).unwrap();
            for p in 1..=pages {
                let in_course = pdf_page_text(&whole, page).unwrap();
                let folio = |text: &str| {
                    text.trim_end()
                        .lines()
                        .last()
                        .unwrap_or("")
                        .trim()
                        .to_string()
                };
                assert_eq!(
                    folio(&in_course),
                    page.to_string(),
                    "course-{suffix}.pdf page {page}:\n{in_course}"
                );
                let own_text = pdf_page_text(&own, p).unwrap();
                assert_eq!(folio(&own_text), format!("Sessie {} · {p}", d.session));
                // The same lines (the order a text extractor reads them in
                // may differ where the footer changed).
                let lines = |text: &str| {
                    let mut l: Vec<String> = text
                        .trim_end()
                        .lines()
                        .rev()
                        .skip(1)
                        .map(str::to_string)
                        .collect();
                    l.sort();
                    l
                };
                assert_eq!(
                    lines(&in_course),
                    lines(&own_text),
                    "course-{suffix}.pdf page {page} is not page {p} of {}",
                    own.display()
                );
                page += 1;
            }
        }
        assert_eq!(page - 1, total, "course-{suffix}.pdf has other pages");
    }
}

/// The trainer script's slide pictures are the slides themselves, every
/// page the room sees: each line of every projected page, continuation
/// pages too, is in the script (as an artifact's text).
#[test]
fn the_scripts_pictures_show_every_projected_page() {
    let out = course();
    for d in decks(out) {
        let pdf = out.join(format!("{}.pdf", d.stem));
        let Some(pages) = pdf_pages(&pdf) else {
            return;
        };
        // Page by page, as read (not laid out: a picture's lines stand
        // beside the notes' on a page).
        let notes = out.join(format!("{}-notes.pdf", d.stem));
        let script: String = (1..=pdf_pages(&notes).unwrap())
            .map(|p| squeeze(&pdf_page_text(&notes, p).unwrap()))
            .collect();
        for p in 1..=pages {
            let text = pdf_page_text(&pdf, p).unwrap();
            for line in text.lines().map(squeeze).filter(|l| !l.is_empty()) {
                assert!(
                    script.contains(&line),
                    "{} page {p}: the line {line:?} is not in the script",
                    d.stem
                );
            }
        }
    }
}

/// A picture not there yet is, in the workbook, a frame that says what it
/// shows and that the session shows it: never an empty frame (read as a
/// printing fault) nor the file's name.
#[test]
fn a_missing_picture_in_the_workbook_says_what_the_session_shows() {
    let out = course();
    let Some(text) = pdf_text(&out.join("01-wat-is-mentaliseren-handout.pdf")) else {
        return;
    };
    let text = squeeze(&text);
    assert!(
        text.contains(&squeeze(
            "Foto: Melania en Trump — wordt in de sessie getoond"
        )),
        "{text}"
    );
    assert!(!text.contains("foto-melania-trump.jpg"), "{text}");
}

/// What `pdfinfo -struct-text` lists: a heading, another element, or the
/// text of the element above.
enum Tagged<'a> {
    Heading(u32, &'a str),
    Element,
    Text(&'a str),
}

fn tagged(tree: &str) -> Vec<Tagged<'_>> {
    tree.lines()
        .filter_map(|l| {
            let t = l.trim();
            if let Some(text) = t.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
                return Some(Tagged::Text(text));
            }
            if t.is_empty() || t.starts_with('/') {
                return None;
            }
            let level = t
                .strip_prefix('H')
                .and_then(|h| h.chars().next()?.to_digit(10))
                .filter(|_| t.ends_with("(block)"));
            Some(level.map_or(Tagged::Element, |n| Tagged::Heading(n, t)))
        })
        .collect()
}

/// No heading in a workbook stands without content: a bare discussion
/// slide or question gets room to write under "Notities", any other bare
/// title is left out. Read from the structure tree with its text, as a
/// screen reader gets it: between a heading and the next of its level or
/// above, a heading below it or some text other than the next slide's
/// label (in capitals).
#[test]
fn no_workbook_heading_stands_without_content() {
    let out = course();
    for pdf in handouts(out) {
        let Some(tree) = run_tool("pdfinfo", &["-struct-text"], &pdf) else {
            return;
        };
        let items = tagged(&tree);
        for (i, item) in items.iter().enumerate() {
            let Tagged::Heading(n, heading) = *item else {
                continue;
            };
            let after = &items[i + 1..];
            // The heading's own text first.
            let own = after
                .iter()
                .take_while(|t| matches!(t, Tagged::Text(_)))
                .count();
            let content = after[own..]
                .iter()
                .take_while(|t| !matches!(t, Tagged::Heading(m, _) if *m <= n))
                .any(|t| match t {
                    Tagged::Heading(..) => true,
                    Tagged::Text(s) => s.chars().any(char::is_lowercase),
                    Tagged::Element => false,
                });
            assert!(content, "{}: {heading} has nothing under it", pdf.display());
        }
        if pdf.to_string_lossy().contains("/12-") {
            let notes = items
                .iter()
                .filter(|t| matches!(t, Tagged::Text("Notities")))
                .count();
            assert_eq!(notes, 3, "session 12's three discussions get room to write");
        }
    }
}

#[test]
fn a_deck_without_a_title_slide_is_tagged_pdf_ua_too() {
    let dir = scratch("no-title");
    std::fs::write(
        dir.join("d.md"),
        "+++\ntitle = \"Zonder titeldia\"\nsession = 1\nmode = \"f2f\"\n+++\n\n\
         ## Eerste dia {.list}\n\n- een\n- [twee](https://example.org)\n\n---\n\n\
         # Deel {.section}\n\n---\n\n## Tweede dia\n\nTekst.\n",
    )
    .unwrap();
    let run = lectern(&["build", "d.md", "--out", "out", "--format", "pdf"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = dir.join("out/d.pdf");
    let xmp = run_tool("pdfinfo", &["-meta"], &pdf).unwrap();
    assert!(xmp.contains("pdfuaid:part>1<"), "no PDF/UA-1 claim:\n{xmp}");
    // The first slide's title is the top of the structure, the section
    // above the slide after it.
    let tree = run_tool("pdfinfo", &["-struct"], &pdf).unwrap();
    let first = |h: &str| tree.find(&format!("{h} ")).unwrap_or(usize::MAX);
    assert!(first("H1") < first("H2"), "{tree}");
}

/// The lowest inked row of each page above the footer, in points from the
/// top of an A4 page (poppler renders it in grey at 36 dpi).
fn lowest_ink(pdf: &Path) -> Option<Vec<f64>> {
    let dir = scratch("ink");
    let status = std::process::Command::new(tool("pdftoppm")?)
        .args(["-gray", "-r", "36"])
        .arg(pdf)
        .arg(dir.join("p"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    Some(
        pages
            .iter()
            .map(|p| {
                // PGM (P5): "P5\n<w> <h>\n255\n" then one byte a pixel.
                let data = std::fs::read(p).unwrap();
                let mut fields = Vec::new();
                let mut at = 0;
                while fields.len() < 4 {
                    let end = at + data[at..].iter().position(u8::is_ascii_whitespace).unwrap();
                    if end > at {
                        fields.push(String::from_utf8_lossy(&data[at..end]).to_string());
                    }
                    at = end + 1;
                }
                let (w, h): (usize, usize) =
                    (fields[1].parse().unwrap(), fields[2].parse().unwrap());
                let pixels = &data[at..];
                let pt = |row: usize| row as f64 * 842.0 / h as f64;
                // Above the footer (22 mm margin), inside the text column.
                let bottom = (h as f64 * (297.0 - 22.0) / 297.0) as usize;
                (0..bottom)
                    .rev()
                    .find(|&y| (w / 10..w * 9 / 10).any(|x| pixels[y * w + x] < 200))
                    .map_or(0.0, pt)
            })
            .collect(),
    )
}

/// Writing lines run to the bottom margin when the page ends after them
/// anyway (the next slide does not fit, or the session ends): a page that
/// ends in lines is ruled down to the foot of its text area.
#[test]
fn writing_lines_run_to_the_bottom_when_the_page_ends_after_them() {
    let out = course();
    let foot = (297.0 - 22.0) / 25.4 * 72.0;
    let mut ruled = 0;
    for pdf in handouts(out) {
        let (Some(ink), Some(words)) = (lowest_ink(&pdf), pdf_word_rows(&pdf)) else {
            return;
        };
        for (page, (lowest, words)) in ink.iter().zip(&words).enumerate() {
            // The last words above the footer.
            let text = words
                .iter()
                .map(|w| w.1)
                .filter(|y| *y < foot - 10.0)
                .fold(0.0, f64::max);
            // Ink well below the last words: the page ends in lines.
            if *lowest > text + 40.0 {
                ruled += 1;
                assert!(
                    *lowest > foot - 40.0,
                    "{} page {}: its lines stop at {:.0} % of the page",
                    pdf.display(),
                    page + 1,
                    lowest / 842.0 * 100.0
                );
            }
        }
    }
    assert!(ruled >= 10, "{ruled} pages end in lines");
}

/// The element types of `pdfinfo -struct`, each with its depth in the tree
/// (attribute lines and inline spans left out).
fn structure(tree: &str) -> Vec<(usize, &str)> {
    tree.lines()
        .filter_map(|l| {
            let t = l.trim_start();
            let tag = t.split([' ', ':']).next()?;
            let element = !tag.is_empty()
                && tag.starts_with(|c: char| c.is_ascii_uppercase())
                && tag != "Span";
            element.then_some(((l.len() - t.len()) / 2, tag))
        })
        .collect()
}

/// Lists, paragraphs, quotes, code, tables and figures keep their structure
/// in the slides, the workbook and the trainer script (PDF/UA-1 asks for
/// it), in the order of the slide, while fit and flow keeps its layout.
#[test]
fn every_block_kind_keeps_its_structure_in_every_pdf() {
    let dir = scratch("structure");
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/sample/assets/figure.svg"),
        dir.join("assets/figure.svg"),
    )
    .unwrap();
    std::fs::write(
        dir.join("01-kinds.md"),
        "+++\ntitle = \"Every block\"\nsession = 1\nmode = \"f2f\"\n+++\n\n\
         ## Lists\n\nLead paragraph.\n\n- first\n- second\n\n???\n\
         Notes first.\n\n- a note's list\n\n> a note's quote\n\n---\n\n\
         ## Numbered\n\n1. one\n2. two\n   - nested\n\n---\n\n\
         ## Quoted\n\n> A quoted line.\n\nAfter the quote.\n\n---\n\n\
         ## Code and table\n\n```rust\nfn main() {}\n```\n\n\
         | Name | Value |\n|------|-------|\n| a | 1 |\n\n---\n\n\
         ## Picture\n\n![The switch-point model](assets/figure.svg)\n",
    )
    .unwrap();
    let run = lectern(
        &[
            "build",
            ".",
            "--out",
            "out",
            "--format",
            "pdf,handout,notes",
        ],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let slide_order = [
        "P",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "P",
        "L",
        "LI",
        "L",
        "LI",
        "BlockQuote",
        "P",
        "P",
        "Code",
        "Table",
        "THead",
        "TH",
        "TBody",
        "TD",
        "Figure",
    ];
    for (file, notes) in [
        ("01-kinds.pdf", false),
        ("01-kinds-handout.pdf", false),
        ("01-kinds-notes.pdf", true),
    ] {
        let pdf = dir.join("out").join(file);
        let Some(tree) = run_tool("pdfinfo", &["-struct"], &pdf) else {
            return;
        };
        let elements = structure(&tree);
        // Every list item is a label and a body, one level down.
        for (i, &(depth, tag)) in elements.iter().enumerate() {
            if tag == "LI" {
                let kids: Vec<&str> = elements[i + 1..]
                    .iter()
                    .take_while(|(d, _)| *d > depth)
                    .filter(|(d, _)| *d == depth + 1)
                    .map(|(_, t)| *t)
                    .collect();
                assert_eq!(kids, ["Lbl", "LBody"], "{file}:\n{tree}");
            }
            if tag == "LI" || tag == "Lbl" {
                assert!(
                    elements[..i].iter().rev().any(|(d, t)| *d + 1 == depth
                        && *t == if tag == "LI" { "L" } else { "LI" }),
                    "{file}: {tag} outside its parent:\n{tree}"
                );
            }
        }
        // The slide's blocks in the slide's order (the script pictures the
        // slides; its notes are what it tags: a paragraph, a list, a quote).
        let wanted: &[&str] = if notes {
            &["P", "L", "LI", "Lbl", "LBody", "BlockQuote", "P"]
        } else {
            &slide_order
        };
        let mut rest = elements.iter().map(|(_, t)| *t);
        for want in wanted {
            assert!(
                rest.any(|t| t == *want),
                "{file}: no {want} in its place:\n{tree}"
            );
        }
        let xmp = run_tool("pdfinfo", &["-meta"], &pdf).unwrap();
        assert!(xmp.contains("pdfuaid:part>1<"), "{file}: no PDF/UA-1 claim");
    }
}

/// The Python with pypdf (tests/run.sh installs it beside python-pptx).
fn pypdf() -> Option<PathBuf> {
    let python = std::env::var_os("LECTERN_PYTHON").map(PathBuf::from);
    let ready = python.as_ref().is_some_and(|p| {
        Command::new(p)
            .args(["-c", "import pypdf"])
            .status()
            .is_ok_and(|s| s.success())
    });
    if !ready {
        eprintln!("skipped: no Python with pypdf (tests/run.sh installs it; LECTERN_PYTHON)");
        return None;
    }
    python
}

/// Fills every field of `pdf` with its own name (and a Dutch word), saves
/// a copy, reads it back: prints `name<TAB>tooltip<TAB>flags` per field
/// and `ok` when every value came back.
const FILL: &str = r#"
import sys, pypdf
r = pypdf.PdfReader(sys.argv[1])
fields = r.get_fields() or {}
w = pypdf.PdfWriter(clone_from=r)
values = {k: k + " één" for k in fields}
for page in w.pages if fields else []:
    if page.get("/Annots"):
        w.update_page_form_field_values(page, values, auto_regenerate=False)
w.write(sys.argv[2])
back = pypdf.PdfReader(sys.argv[2]).get_fields() or {}
for k, f in fields.items():
    print(k, f.get("/TU", ""), f.get("/Ff", 0), sep="\t")
print("ok" if all(back[k].get("/V") == v for k, v in values.items()) else "lost")
"#;

/// An online session's workbook has a field to type in over every writing
/// area (name, group, date, the reflection, assignments, prompts), each
/// labelled and tagged Form; pypdf fills and reads back every one; qpdf
/// finds the file sound; printed, it looks exactly as without fields.
#[test]
fn an_online_workbook_has_fields_to_type_in() {
    let Some(python) = pypdf() else { return };
    let out = course();
    let five = out.join("05-belang-van-gehechtheidsrelaties-handout.pdf");
    if let Some(check) = run_tool("qpdf", &["--check"], &five) {
        assert!(
            check.contains("No syntax or stream encoding errors"),
            "{check}"
        );
    }
    let dir = scratch("fillable");
    let fill = |pdf: &Path| {
        let run = Command::new(&python)
            .args(["-c", FILL])
            .arg(pdf)
            .arg(dir.join("filled.pdf"))
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        String::from_utf8(run.stdout).unwrap()
    };
    let report = fill(&five);
    let fields: Vec<Vec<&str>> = report
        .lines()
        .filter(|l| l.contains('\t'))
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(report.ends_with("ok\n"), "{report}");
    let names: Vec<&str> = fields.iter().map(|f| f[0]).collect();
    for want in ["s5-name", "s5-group", "s5-date", "s5-reflection"] {
        assert!(names.contains(&want), "{want} missing: {names:?}");
    }
    // Every field says what it is for; writing areas take lines.
    for f in &fields {
        assert!(!f[1].trim().is_empty(), "{f:?} has no label");
        let multiline = f[2] == "4096";
        assert_eq!(
            multiline,
            !["s5-name", "s5-group", "s5-date"].contains(&f[0]),
            "{f:?}"
        );
    }
    // And the slides' writing areas beyond the opening's four.
    assert!(fields.len() > 4, "{fields:?}");
    // A screen reader finds them as Form elements, none left as a link.
    if let Some(tree) = run_tool("pdfinfo", &["-struct"], &five) {
        let forms = tree
            .lines()
            .filter(|l| l.trim_start().starts_with("Form"))
            .count();
        assert_eq!(forms, fields.len(), "{tree}");
    }
    // A face-to-face session's workbook is for paper only.
    let one = out.join("01-wat-is-mentaliseren-handout.pdf");
    assert_eq!(fill(&one).trim(), "ok", "session 1 (f2f) has fields");
    // The course workbook holds each online session's fields.
    let course_fields = fill(&out.join("course-handout.pdf"));
    for session in ["s3-", "s5-", "s7-", "s8-", "s11-"] {
        assert!(
            course_fields.contains(session),
            "{session}: {course_fields}"
        );
    }
    assert!(!course_fields.contains("s1-"), "{course_fields}");
    assert!(course_fields.ends_with("ok\n"), "{course_fields}");
}

/// `fillable` in the front matter (or course.toml) decides for any
/// session; the fields change nothing on paper.
#[test]
fn fields_leave_the_printed_page_as_it_was() {
    let Some(python) = pypdf() else { return };
    let dir = scratch("fillable-option");
    let deck = |fillable: bool| {
        format!(
            "+++\ntitle = \"Schrijven\"\nsession = 2\nmode = \"f2f\"\nfillable = {fillable}\n+++\n\n\
             ## Opdracht {{.assignment lines=4}}\n\nSchrijf op wat je voelde.\n\n---\n\n\
             ## Wat neem je mee? {{.discussion}}\n"
        )
    };
    let mut pages = Vec::new();
    for fillable in [false, true] {
        std::fs::write(dir.join("02-schrijven.md"), deck(fillable)).unwrap();
        let out = format!("out-{fillable}");
        let run = lectern(
            &[
                "build",
                "02-schrijven.md",
                "--out",
                &out,
                "--format",
                "handout",
            ],
            &dir,
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let pdf = dir.join(&out).join("02-schrijven-handout.pdf");
        let listed = Command::new(&python)
            .args(["-c", "import sys, pypdf; print(sorted((pypdf.PdfReader(sys.argv[1]).get_fields() or {}).keys()))"])
            .arg(&pdf)
            .output()
            .unwrap();
        let listed = String::from_utf8_lossy(&listed.stdout).to_string();
        if fillable {
            assert!(
                listed.contains("'s2-0'") && listed.contains("'s2-1'"),
                "{listed}"
            );
            assert!(listed.contains("'s2-name'"), "{listed}");
        } else {
            assert_eq!(listed.trim(), "[]");
        }
        let Some(ppm) = tool("pdftoppm") else { return };
        let prefix = dir.join(format!("page-{fillable}"));
        let status = Command::new(ppm)
            .args(["-png", "-r", "50"])
            .arg(&pdf)
            .arg(&prefix)
            .status()
            .unwrap();
        assert!(status.success());
        let mut rendered: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&format!("page-{fillable}"))
            })
            .collect();
        rendered.sort();
        pages.push(
            rendered
                .iter()
                .map(|p| std::fs::read(p).unwrap())
                .collect::<Vec<_>>(),
        );
    }
    assert!(!pages[0].is_empty());
    assert!(pages[0] == pages[1], "the fields changed the printed page");
}

/// Slides, workbook and script are set in the house face, Atkinson
/// Hyperlegible Next, embedded: regular and bold in every one of them, and
/// DejaVu Sans only beside it, for the symbols the house face lacks.
#[test]
fn every_pdf_embeds_the_house_face() {
    let out = course();
    let deck = &decks(out)[0];
    let pdfs = [
        out.join(format!("{}.pdf", deck.stem)),
        out.join("course-handout.pdf"),
        out.join("course-notes.pdf"),
    ];
    for pdf in pdfs {
        let Some(fonts) = run_tool("pdffonts", &[], &pdf) else {
            return;
        };
        for face in [
            "AtkinsonHyperlegibleNext-Regular",
            "AtkinsonHyperlegibleNext-Bold",
        ] {
            let line = fonts.lines().find(|l| l.contains(&format!("+{face} ")));
            assert!(
                line.is_some_and(|l| l.contains(" yes yes ")),
                "{face} embedded as a subset in {}: {fonts}",
                pdf.display()
            );
        }
    }
}

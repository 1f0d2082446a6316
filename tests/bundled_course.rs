//! The bundled course's own content, Leren Mentaliseren: twelve sessions as
//! the manual lists them, every deck builds to every format, projected
//! items land on slides and in the workbook, trainer instructions only in
//! the notes, and no slide is cut off in any shipped theme. Tests of code
//! build the frozen copy in tests/fixtures/course instead, so editing the
//! course breaks only these.

use crate::common;

use common::*;

/// Session, title and mode exactly as the manual's table of contents gives them.
const SESSIONS: [(u32, &str, &str); 12] = [
    (
        1,
        "Wat is mentaliseren en wat is een mentaliserende houding?",
        "f2f",
    ),
    (
        2,
        "Wat betekent het om problemen te hebben met mentaliseren?",
        "f2f",
    ),
    (
        3,
        "Waarom hebben we emoties? We zijn gelijk en verschillend.",
        "online",
    ),
    (4, "Mentaliseren van emoties", "f2f"),
    (5, "Het belang van gehechtheidsrelaties", "online"),
    (6, "Gehechtheid en mentaliseren", "f2f"),
    (7, "Persoonlijkheid en mentaliseren", "online"),
    (8, "Mentalization Based Treatment (MBT)", "online"),
    (9, "Het groepsproces", "f2f"),
    (10, "Angst, gehechtheid en mentaliseren", "f2f"),
    (11, "Depressie, gehechtheid en mentaliseren", "online"),
    (12, "Samenvatting en conclusie", "f2f"),
];

fn model(out: &std::path::Path) -> Vec<serde_json::Value> {
    let mut decks: Vec<serde_json::Value> = std::fs::read_dir(out)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension().is_some_and(|x| x == "json"))
                .then(|| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap())
        })
        .collect();
    decks.sort_by_key(|d| d["session"].as_u64());
    decks
}

fn slides_text(deck: &serde_json::Value) -> String {
    deck["slides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}\n{}\n",
                s["title"].as_str().unwrap(),
                s["text"].as_str().unwrap()
            )
        })
        .collect()
}

fn notes_text(deck: &serde_json::Value) -> String {
    deck["slides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["notes"].as_str().unwrap().to_string() + "\n")
        .collect()
}

#[test]
fn the_course_builds_and_follows_the_manual() {
    let dir = scratch("course");
    let run = lectern(
        &[
            "build",
            &repo().join("decks").to_string_lossy(),
            "--out",
            "out",
        ],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.join("out");
    let decks = model(&out);
    assert_eq!(decks.len(), 12);
    for (deck, (n, title, mode)) in decks.iter().zip(SESSIONS) {
        assert_eq!(deck["session"], n);
        assert_eq!(deck["title"], title, "session {n}");
        assert_eq!(deck["mode"], mode, "session {n}");
        assert_eq!(deck["duration"], 90);
        let stem = std::path::Path::new(deck["file"].as_str().unwrap())
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .to_string();
        assert!(stem.starts_with(&format!("{n:02}-")), "{stem}");
        for name in [
            format!("{stem}.html"),
            format!("{stem}.pdf"),
            format!("{stem}-handout.pdf"),
            format!("{stem}-notes.pdf"),
        ] {
            assert!(out.join(&name).is_file(), "missing {name}");
        }
        let slides = deck["slides"].as_array().unwrap();
        assert_eq!(
            slides[0]["kind"], "title",
            "session {n} opens with its title slide"
        );
        let planned: f64 = slides.iter().filter_map(|s| s["time"].as_f64()).sum();
        assert!(
            (60.0..=95.0).contains(&planned),
            "session {n} plans {planned} minutes"
        );
        // Fit and flow: the model says how many pages each logical slide
        // became; the PDF and the HTML have exactly those pages.
        let projected: u64 = slides.iter().map(|s| s["pages"].as_u64().unwrap()).sum();
        for s in slides {
            let pages = s["pages"].as_u64().unwrap();
            assert!(
                (1..=3).contains(&pages),
                "session {n}, slide {}: {pages} pages",
                s["number"]
            );
            let title = s["title"].as_str().unwrap();
            assert!(
                !title.contains("(vervolg)") && !title.contains("/3)") && !title.contains("/2)"),
                "session {n}: a hand-made continuation: {title}"
            );
        }
        let html = std::fs::read_to_string(out.join(format!("{stem}.html"))).unwrap();
        // Video links as the room reads and scans them (issue #26): short,
        // the start kept, no tracking parameters, in every output.
        let mut shown = vec![html.clone()];
        for pdf in [format!("{stem}.pdf"), format!("{stem}-handout.pdf")] {
            shown.extend(pdf_text(&out.join(pdf)));
        }
        for text in &shown {
            assert!(
                !text.contains("feature=") && !text.contains("time_continue"),
                "session {n} shows a long video link"
            );
        }
        if n == 6 {
            for text in &shown {
                assert!(text.contains("youtu.be/8kIsYLV8bE8"), "session 6");
                assert!(text.contains("youtu.be/MB5PMwcYLqg?t=23"), "session 6");
            }
        }
        assert_eq!(
            html.matches("<section class=\"slide").count() as u64,
            projected,
            "session {n}: one HTML slide per projected page"
        );
        if let Some(pages) = pdf_pages(&out.join(format!("{stem}.pdf"))) {
            assert_eq!(
                pages as u64, projected,
                "session {n}: one PDF page per projected page"
            );
        }
    }
    for name in ["index.html", "course-handout.pdf", "course-notes.pdf"] {
        assert!(out.join(name).is_file(), "missing {name}");
    }
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let positions: Vec<usize> = SESSIONS
        .iter()
        .map(|(_, t, _)| index.find(&t.replace('&', "&amp;")).unwrap())
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "sessions in order on the index"
    );
    assert!(index.contains("lang=\"nl\""));

    let all_slides: String = decks.iter().map(slides_text).collect();
    let all_notes: String = decks.iter().map(notes_text).collect();

    // Projected items are on slides.
    for projected in [
        "Elkaar respecteren",
        "Mentaliseren is het kunnen begrijpen dat gedrag van jezelf of anderen voorkomt uit gevoelens, gedachten, behoeften en wensen.",
        "Jezelf van buitenaf en de ander van binnenuit kunnen zien, ervaren en begrijpen.",
        "Zwart-wit denken",
        "Belangstelling en nieuwsgierigheid, verkennend gedrag",
        "Spel/Vreugde",
        "Dagboek van emoties",
    ] {
        assert!(all_slides.contains(projected), "not projected: {projected}");
        assert!(!all_notes.contains(projected) || projected == "Elkaar respecteren", "projected item only in notes: {projected}");
    }
    // Trainer instructions are notes, never on a slide.
    for instruction in [
        "1 van de trainers legt kort uit",
        "De groepstrainer vraagt",
        "Iedereen stelt zich voor, ook de trainers.",
        "Overgang naar thuisopdracht",
    ] {
        assert!(
            all_notes.contains(instruction),
            "instruction missing from notes: {instruction}"
        );
        assert!(
            !all_slides.contains(instruction),
            "instruction on a slide: {instruction}"
        );
    }
    // Every video link of the manual is a video slide.
    let videos: Vec<String> = decks
        .iter()
        .flat_map(|d| d["slides"].as_array().unwrap().clone())
        .filter(|s| s["kind"] == "video")
        .flat_map(|s| {
            s["links"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l.as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    for url in [
        // As every output shows them: short, the start kept (the decks
        // hold the manual's long links).
        "https://youtu.be/-eZoI1fTvc4",
        "https://youtu.be/nn3I6-DBLJM",
        "https://youtu.be/apzXGEbZht0",
        "https://youtu.be/8kIsYLV8bE8",
        "https://youtu.be/bzdwahX9UQs",
        "https://youtu.be/Mhev_TsgOBw",
        "https://youtu.be/MB5PMwcYLqg?t=23",
        "https://youtu.be/b_dWs6LfKfk",
        "https://youtu.be/UZb2NOHPA2A",
    ] {
        assert!(videos.iter().any(|v| v == url), "video missing: {url}");
    }
    // The four RQ statements are cards on a statements slide.
    assert!(decks[4]["slides"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["kind"] == "statements"));

    // The workbook holds projected text and never a trainer instruction.
    if let Some(handout) = pdf_text(&out.join("course-handout.pdf")) {
        let h = squeeze(&handout);
        assert!(h.contains(&squeeze("Jezelf van buitenaf en de ander van binnenuit")));
        assert!(h.contains(&squeeze("Versie 29 maart 2021")));
        for instruction in [
            "legt kort uit",
            "De groepstrainer vraagt",
            "Iedereen stelt zich voor",
        ] {
            assert!(
                !h.contains(&squeeze(instruction)),
                "trainer instruction in the workbook: {instruction}"
            );
        }
        let notes = squeeze(&pdf_text(&out.join("course-notes.pdf")).unwrap());
        assert!(notes.contains(&squeeze("Iedereen stelt zich voor, ook de trainers.")));
    }

    // Labels add information: none repeats its slide's title, and section
    // slides have none ("§ DEEL"), in the HTML as in the PDF.
    let mut labelled = 0;
    for entry in std::fs::read_dir(&out).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") || path.ends_with("index.html") {
            continue;
        }
        let html = std::fs::read_to_string(&path).unwrap();
        for slide in html.split("<section class=\"slide ").skip(1) {
            let between = |from: &str, to: &str| {
                slide
                    .split_once(from)
                    .and_then(|(_, r)| r.split_once(to))
                    .map(|(x, _)| x.to_string())
            };
            let Some(label) = between("<p class=\"kind-label\">", "</p>") else {
                continue;
            };
            labelled += 1;
            assert!(
                !slide.starts_with("kind-section"),
                "{}: a section slide with a label",
                path.display()
            );
            let label = label
                .rsplit("</span>")
                .next()
                .unwrap()
                .trim()
                .to_lowercase();
            let title = between("class=\"slide-title\">", "</h")
                .unwrap_or_default()
                .to_lowercase();
            assert!(
                !title.contains(&label),
                "{}: label `{label}` repeats the title `{title}`",
                path.display()
            );
        }
        if let Some(pdf) = pdf_text(&path.with_extension("pdf")) {
            assert!(
                !pdf.contains("§ DEEL"),
                "{}: a section label in the PDF",
                path.display()
            );
        }
    }
    assert!(
        labelled > 20,
        "labels that add information are still shown ({labelled})"
    );
}

#[test]
fn the_course_checks_clean_apart_from_photos_to_insert() {
    let run = lectern(&["check", "decks"], &repo());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert!(
        !warnings.is_empty(),
        "the two photos to insert are reported"
    );
    for w in warnings {
        assert!(
            w.contains("warning: image not found: assets/"),
            "unexpected warning: {w}"
        );
    }
}

#[test]
fn no_bundled_slide_is_cut_off_or_needs_more_than_three_pages_in_any_shipped_theme() {
    let dir = scratch("bundled-themes");
    copy_tree(&repo().join("decks"), &dir.join("decks"));
    for theme in ["default", "projector", "screenshare"] {
        let run = lectern(&["check", "decks", "--theme", theme], &dir);
        assert_eq!(run.code, 0, "{theme}: {}", run.stderr);
        for fault in ["pages in theme", "does not fit"] {
            assert!(!run.stderr.contains(fault), "{theme}: {}", run.stderr);
        }
    }
}

/// Session 5's four attachment styles (RQ) are one series: in every
/// shipped theme each stands statement beside meaning on one page, all at
/// one size, and two cards share their row by their text (the shorter
/// statement narrower, so both end at about one height).
#[test]
fn the_four_rq_styles_stand_alike_in_every_shipped_theme() {
    for theme in ["default", "projector", "screenshare"] {
        let dir = scratch(&format!("rq-{theme}"));
        let run = lectern(
            &[
                "build",
                "decks/05-belang-van-gehechtheidsrelaties.md",
                "--out",
                &dir.join("o").to_string_lossy(),
                "--format",
                "json,html",
                "--theme",
                theme,
            ],
            &repo(),
        );
        assert_eq!(run.code, 0, "{theme}: {}", run.stderr);
        let deck: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("o/05-belang-van-gehechtheidsrelaties.json"))
                .unwrap(),
        )
        .unwrap();
        let rq: Vec<&serde_json::Value> = deck["slides"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["title"].as_str().unwrap().starts_with("Stijlen: RQ"))
            .collect();
        assert_eq!(rq.len(), 4, "{theme}");
        for s in &rq {
            assert_eq!(s["pages"], 1, "{theme}: {} flows", s["title"]);
            assert_eq!(
                s["size"], rq[0]["size"],
                "{theme}: {} is set apart",
                s["title"]
            );
        }
        // "Angstige": a statement of 277 characters beside a meaning of 416.
        let html =
            std::fs::read_to_string(dir.join("o/05-belang-van-gehechtheidsrelaties.html")).unwrap();
        assert!(html.contains("style=\"--cards:400fr 600fr\""), "{theme}");
    }
}

/// The moments a trainer stops at are designed, the same in every output:
/// each session's title slide names the course above its own title, every
/// "In gesprek!" prompt stands on a field in its kind's colour, and every
/// video page shows a QR code of at least a third of the slide's height.
#[test]
fn title_prompt_and_video_pages_are_designed_in_html_and_pdf() {
    let dir = scratch("moments");
    let run = lectern(
        &[
            "build",
            "decks",
            "--out",
            &dir.join("o").to_string_lossy(),
            "--format",
            "html,pdf",
        ],
        &repo(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (mut prompts, mut videos) = (0, 0);
    for (session, title, _) in SESSIONS {
        let stem = std::fs::read_dir(dir.join("o"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .find(|n| n.starts_with(&format!("{session:02}-")) && n.ends_with(".html"))
            .unwrap();
        let html = std::fs::read_to_string(dir.join("o").join(&stem)).unwrap();
        assert!(
            html.contains("<p class=\"course-name\">Leren Mentaliseren</p>"),
            "{stem}"
        );
        prompts += html.matches("<div class=\"prompt-field\">").count();
        let qr = html.matches("<img class=\"video-qr\"").count();
        assert_eq!(qr, html.matches("<figure class=\"video").count(), "{stem}");
        videos += qr;
        let pdf = dir.join("o").join(stem.replace(".html", ".pdf"));
        if let Some(text) = pdf_text(&pdf) {
            let first = text.split('\u{c}').next().unwrap();
            let at = |s: &str| squeeze(first).find(&squeeze(s));
            let (course, own) = (
                at("LEREN MENTALISEREN"),
                at(title.split(' ').next().unwrap()),
            );
            assert!(course.is_some() && course < own, "{stem}: {first}");
        }
    }
    assert!(prompts >= 10, "{prompts} prompts");
    assert!(videos >= 4, "{videos} videos");
}

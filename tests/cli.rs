//! The `lectern` binary as a user runs it: build, check, new, exit codes,
//! and what lands in each output.

use crate::common;

use common::*;
use std::path::Path;

fn build_sample(formats: &str) -> (std::path::PathBuf, Run) {
    let dir = scratch("build");
    let course = dir.join("course");
    copy_tree(&fixtures().join("sample"), &course);
    let mut args = vec!["build", "course", "--out", "out"];
    if !formats.is_empty() {
        args.extend(["--format", formats]);
    }
    let run = lectern(&args, &dir);
    (dir, run)
}

#[test]
fn build_writes_every_output_of_every_deck() {
    let (dir, run) = build_sample("");
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in [
        "01-first.html",
        "01-first.json",
        "01-first.pdf",
        "01-first-handout.pdf",
        "01-first-notes.pdf",
        "02-second.html",
        "02-second.pdf",
        "02-second-handout.pdf",
        "02-second-notes.pdf",
        "course-handout.pdf",
        "course-notes.pdf",
        "index.html",
    ] {
        let path = dir.join("out").join(name);
        assert!(path.is_file(), "missing {name}");
        assert!(
            std::fs::metadata(&path).unwrap().len() > 100,
            "{name} is empty"
        );
    }
    assert!(run.stderr.contains("built 14 slides in"), "{}", run.stderr);
    // No temporary files are left behind.
    for e in std::fs::read_dir(dir.join("out")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().to_string();
        assert!(!name.ends_with(".tmp"), "left {name}");
    }
}

#[test]
fn format_list_limits_what_is_written() {
    let (dir, run) = build_sample("html,json");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.join("out");
    assert!(out.join("01-first.html").is_file());
    assert!(out.join("01-first.json").is_file());
    assert!(!out.join("01-first.pdf").exists());
    assert!(!out.join("course-handout.pdf").exists());
    let bad = lectern(&["build", "course", "--format", "html,docx"], &dir);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("unknown format `docx`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn html_is_self_contained_and_keeps_notes_out_of_sight() {
    let (dir, run) = build_sample("html");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(dir.join("out/01-first.html")).unwrap();
    // Nothing is loaded from the network: no external scripts, styles, fonts or images.
    for needle in [
        "src=\"http",
        "href=\"//",
        "<link",
        "@import",
        "url(http",
        "<iframe",
    ] {
        assert!(!html.contains(needle), "found {needle}");
    }
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("default-src 'none'"));
    // The figure is inlined; the video embed waits for a click and starts at 1m30s.
    assert!(html.contains("src=\"data:image/svg+xml;base64,"));
    assert!(html.contains("data-embed=\"https://www.youtube-nocookie.com/embed/nn3I6-DBLJM?autoplay=1&amp;rel=0&amp;start=90\""));
    // Notes are in the file (for the presenter view) inside the hidden aside.
    let notes_at = html
        .find("TRAINER-ONLY-WELCOME")
        .expect("notes in the HTML");
    let aside = html[..notes_at]
        .rfind("<aside class=\"notes\">")
        .expect("inside an aside");
    assert!(html[aside..notes_at].find("</aside>").is_none());
    assert!(html.contains(".notes{display:none}"));
    // Semantic structure and the course language.
    assert!(html.contains("<html lang=\"en\""));
    assert_eq!(html.matches("<section class=\"slide").count(), 10);
    assert!(html.contains("<h1 class=\"slide-title\">First steps</h1>"));
    assert!(html.contains("<ol>\n<li>Respect each other</li>"));
    // Fragments: the incremental list items and the part after the pause.
    // The item's own arrow is its one marker.
    assert!(html.contains("<li class=\"step\" data-marker=\"➔\" data-step=\"1\">SELF"));
    assert!(html.contains("<p class=\"step\" data-step=\"1\">Back in the group"));
}

#[test]
fn index_lists_sessions_in_order_with_mode_and_relative_links() {
    let (dir, run) = build_sample("");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = std::fs::read_to_string(dir.join("out/index.html")).unwrap();
    let first = index.find("First steps").unwrap();
    let second = index.find("Second steps").unwrap();
    assert!(first < second);
    assert!(index.contains(">F2F<") && index.contains(">Online<"));
    for link in [
        "01-first.html",
        "01-first.html?view=presenter",
        "01-first.pdf",
        "01-first-handout.pdf",
        "01-first-notes.pdf",
        "course-handout.pdf",
    ] {
        assert!(
            index.contains(&format!("href=\"{link}\"")),
            "no link to {link}"
        );
    }
    assert!(!index.contains("href=\"/"), "links must be relative");
}

#[test]
fn json_model_has_kinds_text_notes_and_links() {
    let (dir, run) = build_sample("json");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/01-first.json")).unwrap()).unwrap();
    assert_eq!(json["title"], "First steps");
    assert_eq!(json["session"], 1);
    assert_eq!(json["mode"], "f2f");
    let slides = json["slides"].as_array().unwrap();
    let kinds: Vec<&str> = slides.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "title",
            "agreements",
            "definition",
            "statements",
            "video",
            "plain",
            "exercise",
            "assignment",
            "recap",
            "discussion"
        ]
    );
    assert_eq!(
        slides[1]["text"],
        "Respect each other\nConfidentiality\nBe on time"
    );
    assert!(slides[1]["notes"]
        .as_str()
        .unwrap()
        .contains("TRAINER-ONLY-AGREEMENTS"));
    assert!(!slides[1]["text"].as_str().unwrap().contains("TRAINER"));
    assert_eq!(slides[4]["links"][0], "https://youtu.be/nn3I6-DBLJM?t=90");
    assert_eq!(slides[1]["time"], 5.0);
    assert_eq!(slides[1]["line"], 16);
    let second: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/02-second.json")).unwrap()).unwrap();
    let tricky = second["slides"][3]["text"].as_str().unwrap();
    assert!(
        tricky.contains("# $ * _ @ < > \\ ] [ // = code"),
        "{tricky}"
    );
    assert!(
        tricky.contains("„Dutch” and ‘single’ and “smart”"),
        "{tricky}"
    );
}

#[test]
fn pdfs_hold_the_right_text_on_the_right_side() {
    let (dir, run) = build_sample("pdf,handout,notes");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.join("out");
    let Some(slides) = pdf_text(&out.join("01-first.pdf")) else {
        return;
    };
    assert_eq!(
        pdf_pages(&out.join("01-first.pdf")),
        Some(10),
        "one page per slide"
    );
    assert_eq!(pdf_pages(&out.join("02-second.pdf")), Some(4));
    for projected in [
        "Respect each other",
        "Mentalizing is making sense",
        "ASSIGNMENT-TEXT",
        "FIGURE-TEXT",
        "youtu.be/nn3I6-DBLJM?t=90",
    ] {
        assert!(
            squeeze(&slides).contains(&squeeze(projected)),
            "slides lack {projected}"
        );
    }
    // Fragments are in their final state in the PDF.
    assert!(squeeze(&slides).contains("OTHER:whatyoufeelandthink"));
    assert!(!slides.contains("TRAINER-ONLY"), "notes leaked onto slides");
    let page3 = pdf_page_text(&out.join("01-first.pdf"), 3).unwrap();
    assert!(page3.contains("Definition of mentalizing"), "{page3}");

    let handout = pdf_text(&out.join("01-first-handout.pdf")).unwrap();
    for projected in [
        "Respect each other",
        "ASSIGNMENT-TEXT",
        "It is easy for me",
        "youtu.be/nn3I6-DBLJM?t=90",
    ] {
        assert!(
            squeeze(&handout).contains(&squeeze(projected)),
            "handout lacks {projected}"
        );
    }
    assert!(
        !handout.contains("TRAINER-ONLY"),
        "trainer notes leaked into the workbook"
    );
    let course = pdf_text(&out.join("course-handout.pdf")).unwrap();
    assert!(!course.contains("TRAINER-ONLY"));
    assert!(
        course.contains("Sample Course")
            && course.contains("Version 1")
            && course.contains("Written for lectern")
    );
    // Every session after the first starts with a reflection box.
    let second = pdf_text(&out.join("02-second-handout.pdf")).unwrap();
    assert!(second.contains("Reflection: what do you take from the last session?"));
    assert!(!handout.contains("Reflection: what do you take"));

    let notes = pdf_text(&out.join("01-first-notes.pdf")).unwrap();
    for note in [
        "TRAINER-ONLY-WELCOME",
        "TRAINER-ONLY-AGREEMENTS",
        "TRAINER-ONLY-CLOSING",
        "planned: 25 / 60 min",
    ] {
        assert!(
            squeeze(&notes).contains(&squeeze(note)),
            "notes lack {note}"
        );
    }
    let typst_specials = pdf_text(&out.join("02-second.pdf")).unwrap();
    assert!(
        squeeze(&typst_specials).contains(&squeeze("# $ * _ @ < > \\ ] [ // = code")),
        "{typst_specials}"
    );
}

#[test]
fn check_points_at_each_mistake_and_exits_1() {
    let run = lectern(&["check", "tests/fixtures/broken"], &repo());
    assert_eq!(run.code, 1, "{}", run.stderr);
    let e = &run.stderr;
    let expect = [
        "tests/fixtures/broken/bad.md:7:10: error: unknown slide kind `.defnition`",
        "did you mean `.definition`?",
        "tests/fixtures/broken/bad.md:13:10: error: `time=abc` is not a number of minutes",
        "tests/fixtures/broken/bad.md:17:1: warning: image has no alt text",
        "tests/fixtures/broken/bad.md:17:1: warning: image not found: assets/missing.png",
        "tests/fixtures/broken/bad.md:21:1: error: `javascript:` links are not allowed",
        "tests/fixtures/broken/bad.md:25:1: warning: raw HTML is shown as text",
        "tests/fixtures/broken/bad.md:27:1: warning: empty slide",
    ];
    for line in expect {
        assert!(e.contains(line), "missing `{line}` in:\n{e}");
    }
    // rustc style: the offending line and a caret under it.
    assert!(
        e.contains("7 | ## Oops {.defnition}\n  |          ^^^^^^^^^^\n"),
        "{e}"
    );
    assert_eq!(
        e.matches("raw HTML is shown as text").count(),
        1,
        "one warning per line"
    );
}

#[test]
fn check_on_a_clean_course_exits_0() {
    let run = lectern(&["check", "tests/fixtures/sample"], &repo());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("2 decks, 14 slides: no problems"),
        "{}",
        run.stderr
    );
}

#[test]
fn front_matter_mistakes_are_positioned() {
    let dir = scratch("front");
    std::fs::write(
        dir.join("a.md"),
        "+++\ntitle = \"A\"\nsession = \"one\"\nmode = \"f2f\"\n+++\n\n# A\n",
    )
    .unwrap();
    std::fs::write(dir.join("b.md"), "---\ntitle: yaml\n---\n\n# B\n").unwrap();
    std::fs::write(
        dir.join("c.md"),
        "+++\ntitle = \"C\"\nsession = 3\nmode = \"hybrid\"\n+++\n\n# C\n",
    )
    .unwrap();
    let run = lectern(&["check", "."], &dir);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "a.md:3:11: error: this value has the wrong type: it must be a whole number, without quotes"
        ) && run.stderr.contains("help: remove the quotes")
            && !run.stderr.contains("u32"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("b.md:1:1: error: the deck has no front matter"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("TOML between `+++` lines (not YAML"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("c.md:4:1: error: unknown mode `hybrid`"),
        "{}",
        run.stderr
    );
}

#[test]
fn duplicate_sessions_are_an_error_and_build_keeps_the_good_decks() {
    let dir = scratch("dupe");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    let second = std::fs::read_to_string(dir.join("c/02-second.md"))
        .unwrap()
        .replace("session = 2", "session = 1");
    std::fs::write(dir.join("c/02-second.md"), second).unwrap();
    let run = lectern(&["build", "c", "--out", "o", "--format", "html"], &dir);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("c/02-second.md:3:1: error: session 1 is also c/01-first.md"),
        "{}",
        run.stderr
    );
    assert!(
        dir.join("o/01-first.html").is_file(),
        "the good deck is still built"
    );
    assert!(!dir.join("o/02-second.html").exists());
    assert!(
        run.stderr.contains("1 deck not built because of errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_failed_build_keeps_the_previous_good_output() {
    let dir = scratch("keep");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    assert_eq!(
        lectern(&["build", "c", "--out", "o", "--format", "html"], &dir).code,
        0
    );
    let good = std::fs::read_to_string(dir.join("o/02-second.html")).unwrap();
    std::fs::write(
        dir.join("c/02-second.md"),
        "+++\ntitle = \"X\"\nsession = 2\nmode = \"f2f\"\n+++\n\n## X {.nope}\n",
    )
    .unwrap();
    let run = lectern(&["build", "c", "--out", "o", "--format", "html"], &dir);
    assert_eq!(run.code, 1);
    assert_eq!(
        std::fs::read_to_string(dir.join("o/02-second.html")).unwrap(),
        good
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    let dir = scratch("usage");
    let missing = lectern(&["build", "nowhere"], &dir);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("nowhere"), "{}", missing.stderr);
    assert_eq!(lectern(&["build", "--bogus"], &dir).code, 2);
    assert_eq!(lectern(&["frobnicate"], &dir).code, 2);
    let help = lectern(&["build", "--help"], &dir);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--format"));
    let version = lectern(&["--version"], &dir);
    assert!(version.stdout.starts_with("lectern "));
}

#[test]
fn new_writes_a_deck_that_checks_clean() {
    let dir = scratch("new");
    let run = lectern(
        &[
            "new",
            "decks/13-extra.md",
            "--title",
            "Extra: \"quotes\" {x}",
            "--session",
            "13",
            "--mode",
            "online",
        ],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(dir.join("decks/13-extra.md")).unwrap();
    assert!(text.contains("session = 13") && text.contains("mode = \"online\""));
    let check = lectern(&["check", "decks/13-extra.md"], &dir);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let again = lectern(
        &[
            "new",
            "decks/13-extra.md",
            "--title",
            "x",
            "--session",
            "1",
            "--mode",
            "f2f",
        ],
        &dir,
    );
    assert_eq!(again.code, 2, "never overwrite without --force");
    let json = lectern(
        &[
            "build",
            "decks/13-extra.md",
            "--out",
            "o",
            "--format",
            "json",
        ],
        &dir,
    );
    assert_eq!(json.code, 0, "{}", json.stderr);
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("o/13-extra.json")).unwrap()).unwrap();
    assert_eq!(model["title"], "Extra: \"quotes\" {x}");
}

#[test]
fn themes_lists_builtin_and_course_themes() {
    let dir = scratch("themes");
    std::fs::create_dir_all(dir.join("themes/mine")).unwrap();
    std::fs::write(
        dir.join("themes/mine/theme.toml"),
        "extends = \"default\"\ndescription = \"My own\"\n",
    )
    .unwrap();
    let run = lectern(&["themes", "."], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in ["default", "projector", "screenshare", "print", "mine"] {
        assert!(
            run.stdout.lines().any(|l| l.starts_with(name)),
            "{name} missing in {}",
            run.stdout
        );
    }
    assert!(run.stdout.contains("My own"));
}

#[test]
fn theme_flag_overrides_the_course_choice() {
    let (dir, _) = build_sample("html");
    let run = lectern(
        &[
            "build",
            "course",
            "--out",
            "p",
            "--format",
            "html",
            "--theme",
            "projector",
        ],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(dir.join("p/02-second.html")).unwrap();
    assert!(html.contains("data-theme=\"projector\""));
    // Without the flag an online deck uses the course's online theme.
    let normal = std::fs::read_to_string(dir.join("out/02-second.html")).unwrap();
    assert!(normal.contains("data-theme=\"screenshare\""));
    let bad = lectern(
        &[
            "build", "course", "--out", "q", "--format", "html", "--theme", "neon",
        ],
        &dir,
    );
    assert_eq!(bad.code, 2, "a usage error: {}", bad.stderr);
    assert!(
        bad.stderr.contains("--theme neon: there is no such theme"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_slide_that_needs_too_many_pages_is_reported_at_its_line() {
    let dir = scratch("overflow");
    let items = |n: usize| -> String {
        (1..=n)
            .map(|i| format!("- Item {i} with enough words in it to take most of a line\n"))
            .collect()
    };
    let deck = format!(
        "+++\ntitle = \"O\"\nsession = 1\nmode = \"f2f\"\n+++\n\n## Flows {{.list}}\n\n{}\n---\n\n## Far too long {{.list}}\n\n{}",
        items(17),
        items(60)
    );
    std::fs::write(dir.join("o.md"), &deck).unwrap();
    let run = lectern(&["check", "o.md"], &dir);
    assert_eq!(run.code, 0, "too many pages is a warning: {}", run.stderr);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("warning:"))
        .collect();
    // The 17 items flow onto a second page without a word; 60 need more
    // pages than the theme's limit of 3.
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    let line = deck.lines().position(|l| l.starts_with("## Far")).unwrap() + 1;
    assert!(
        warnings[0].starts_with(&format!("o.md:{line}:1: warning: slide 2 needs ")),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[0].contains("in theme `default` (at most 3"),
        "{}",
        warnings[0]
    );
    // build reports it too, and writes every page.
    let build = lectern(
        &["build", "o.md", "--out", "out", "--format", "pdf,json"],
        &dir,
    );
    assert!(
        build
            .stderr
            .contains(&format!("o.md:{line}:1: warning: slide 2 needs")),
        "{}",
        build.stderr
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/o.json")).unwrap()).unwrap();
    let pages: Vec<u64> = json["slides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["pages"].as_u64().unwrap())
        .collect();
    assert_eq!(pages[0], 2, "{pages:?}");
    assert!(pages[1] > 3, "{pages:?}");
    if let Some(n) = pdf_pages(&dir.join("out/o.pdf")) {
        assert_eq!(n as u64, pages[0] + pages[1]);
    }
}

#[test]
fn a_killed_build_never_leaves_a_half_written_output() {
    let dir = scratch("killed");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    assert_eq!(lectern(&["build", "c", "--out", "o"], &dir).code, 0);
    let deck = dir.join("c/01-first.md");
    for (i, delay) in [0u64, 15, 40, 80, 120, 200, 300].into_iter().enumerate() {
        let text = std::fs::read_to_string(&deck)
            .unwrap()
            .replace("Respect", &format!("Respect{i}"));
        std::fs::write(&deck, text).unwrap();
        let mut child = std::process::Command::new(bin())
            .args(["build", "c", "--out", "o"])
            .current_dir(&dir)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        for e in std::fs::read_dir(dir.join("o")).unwrap() {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if name.starts_with('.') {
                continue; // a temporary of the killed run, never a visible output
            }
            let bytes = std::fs::read(&path).unwrap();
            let whole = match path.extension().and_then(|x| x.to_str()) {
                Some("pdf") => {
                    bytes.starts_with(b"%PDF")
                        && bytes.windows(5).rev().take(64).any(|w| w == b"%%EOF")
                }
                Some("html") => bytes.ends_with(b"</html>\n"),
                Some("json") => serde_json::from_slice::<serde_json::Value>(&bytes).is_ok(),
                _ => true,
            };
            assert!(whole, "{name} is half-written after a kill at {delay} ms");
        }
    }
    // The next build clears what killed runs left behind.
    assert_eq!(lectern(&["build", "c", "--out", "o"], &dir).code, 0);
    for e in std::fs::read_dir(dir.join("o")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().to_string();
        assert!(!name.ends_with(".tmp"), "{name} left behind");
    }
}

#[test]
fn two_builds_into_one_folder_both_finish_whole() {
    let dir = scratch("two-builds");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    let spawn = || {
        std::process::Command::new(bin())
            .args(["build", "c", "--out", "o"])
            .current_dir(&dir)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for entry in std::fs::read_dir(dir.join("o")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        assert!(!name.ends_with(".tmp"), "left behind: {name}");
        if name.ends_with(".pdf") {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                bytes.starts_with(b"%PDF") && bytes.ends_with(b"%%EOF\n")
                    || bytes.ends_with(b"%%EOF"),
                "{name} is not whole"
            );
        }
    }
}

#[test]
fn decks_that_are_not_the_courses_own_files_are_refused() {
    let dir = scratch("foreign-decks");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    std::fs::write(dir.join("outside.md"), "SECRET FIRST LINE\n").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("outside.md"), dir.join("c/03-link.md")).unwrap();
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"04-\xff.md");
        std::fs::write(dir.join("c").join(name), "# Latin-1 name\n").unwrap();
    }
    let run = lectern(&["build", "c", "--out", "o", "--format", "html,json"], &dir);
    assert!(!run.stderr.contains("SECRET"), "{}", run.stderr);
    #[cfg(unix)]
    {
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains(
                "03-link.md:1:1: error: this deck is a link to a file outside the course folder"
            ),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("error: this deck's file name is not UTF-8 text"),
            "{}",
            run.stderr
        );
    }
    assert!(dir.join("o/01-first.html").is_file());
    // The model names the deck's file the same from any working directory.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("o/01-first.json")).unwrap()).unwrap();
    assert_eq!(json["file"], "01-first.md");
}

#[cfg(unix)]
#[test]
fn a_course_toml_that_never_ends_is_refused_at_once() {
    let dir = scratch("fifo");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    std::fs::remove_file(dir.join("c/course.toml")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("c/course.toml"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    let mut child = std::process::Command::new(bin())
        .args(["build", "c", "--out", "o", "--format", "html"])
        .current_dir(&dir)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("build hangs on a FIFO course.toml");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("course.toml: not a settings file lectern reads"),
        "{stderr}"
    );
    std::fs::remove_file(dir.join("c/course.toml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("c/course.toml")).unwrap();
    let run = lectern(&["build", "c", "--out", "o", "--format", "html"], &dir);
    assert!(run.stderr.contains("not a settings file"), "{}", run.stderr);
}

#[test]
fn index_links_are_url_encoded() {
    let dir = scratch("odd-names");
    std::fs::create_dir_all(dir.join("c")).unwrap();
    for (name, session) in [("a#b.md", 1), ("x?.md", 2), ("één.md", 3)] {
        std::fs::write(
            dir.join("c").join(name),
            format!("+++\ntitle = \"T{session}\"\nsession = {session}\n+++\n\n# Slide\n"),
        )
        .unwrap();
    }
    let run = lectern(&["build", "c", "--out", "o", "--format", "html"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = std::fs::read_to_string(dir.join("o/index.html")).unwrap();
    for href in [
        "href=\"a%23b.html\"",
        "href=\"x%3F.html\"",
        "href=\"%C3%A9%C3%A9n.html\"",
    ] {
        assert!(index.contains(href), "{href} in {index}");
    }
    assert!(dir.join("o/a#b.html").is_file());
}

#[test]
fn init_starts_a_course_in_its_language_that_checks_clean() {
    let dir = scratch("init");
    for (folder, language, kind_word) in [
        ("en-course", "en", "## Agreements"),
        ("nl-cursus", "nl", "## Afspraken"),
    ] {
        let run = lectern(
            &[
                "init",
                folder,
                "--title",
                "My \"first\" course",
                "--language",
                language,
                "--sessions",
                "3",
            ],
            &dir,
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let course = dir.join(folder);
        let config = std::fs::read_to_string(course.join("course.toml")).unwrap();
        assert!(
            config.contains(&format!("language = \"{language}\"")),
            "{config}"
        );
        assert!(std::fs::read_to_string(course.join(".gitignore"))
            .unwrap()
            .contains("out/"));
        let decks: Vec<_> = std::fs::read_dir(&course)
            .unwrap()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .collect();
        assert_eq!(decks.len(), 3, "{folder}");
        let first = std::fs::read_dir(&course)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().contains("01-"))
            .unwrap();
        assert!(
            std::fs::read_to_string(first).unwrap().contains(kind_word),
            "{folder}"
        );
        let check = lectern(&["check", folder], &dir);
        assert_eq!(check.code, 0, "{folder}: {}", check.stderr);
        assert!(
            !check.stderr.contains("warning"),
            "{folder}: {}",
            check.stderr
        );
        // A second init never overwrites the course.
        let again = lectern(&["init", folder, "--title", "x"], &dir);
        assert_eq!(again.code, 2, "{}", again.stderr);
        assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    }
    // `new` follows the course's language, or --language.
    let nl = lectern(
        &[
            "new",
            "nl-cursus/04-extra.md",
            "--title",
            "Extra",
            "--session",
            "4",
        ],
        &dir,
    );
    assert_eq!(nl.code, 0, "{}", nl.stderr);
    assert!(std::fs::read_to_string(dir.join("nl-cursus/04-extra.md"))
        .unwrap()
        .contains("## Afspraken"));
    let en = lectern(
        &[
            "new",
            "loose/talk.md",
            "--title",
            "Talk",
            "--session",
            "1",
            "--language",
            "en",
        ],
        &dir,
    );
    assert_eq!(en.code, 0, "{}", en.stderr);
    assert!(std::fs::read_to_string(dir.join("loose/talk.md"))
        .unwrap()
        .contains("## Agreements"));
    // Every flag says what it does.
    for command in ["init", "new", "build", "check", "serve", "report", "import"] {
        let help = lectern(&[command, "--help"], &dir);
        let lines: Vec<&str> = help.stdout.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let flag = line.trim_start();
            if !flag.starts_with("--") && !flag.starts_with("-h") {
                continue;
            }
            // clap puts the description after the flag or on the next line.
            let same_line = flag
                .split_once("  ")
                .is_some_and(|(_, d)| !d.trim().is_empty());
            let next_line = lines.get(i + 1).is_some_and(|n| {
                let t = n.trim_start();
                !t.is_empty() && !t.starts_with('-') && n.len() - t.len() > line.len() - flag.len()
            });
            assert!(same_line || next_line, "`lectern {command} --help`: {line}");
        }
    }
}

#[test]
fn settings_mistakes_say_the_real_cause_once() {
    let dir = scratch("settings");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    let config = dir.join("c/course.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    // A number in quotes: the message asks for a number.
    std::fs::write(
        &config,
        text.replace("duration = 60", "duration = \"ninety\""),
    )
    .unwrap();
    let run = lectern(&["check", "c"], &dir);
    assert!(run.stderr.contains("c/course.toml:7:12: error: this value has the wrong type: it must be a whole number, without quotes"), "{}", run.stderr);
    // A language lectern has no words for: a warning at its line.
    std::fs::write(
        &config,
        text.replace("language = \"en\"", "language = \"fr\""),
    )
    .unwrap();
    let run = lectern(&["check", "c"], &dir);
    assert!(
        run.stderr
            .contains("c/course.toml:2:1: warning: lectern has no words for `fr`"),
        "{}",
        run.stderr
    );
    // A mistyped theme: once, at its line in course.toml, not once per deck.
    std::fs::write(
        &config,
        text.replace("theme = \"default\"", "theme = \"defualt\""),
    )
    .unwrap();
    let run = lectern(&["check", "c"], &dir);
    assert_eq!(
        run.stderr.matches("unknown theme `defualt`").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("c/course.toml:5:1: error: unknown theme `defualt`"),
        "{}",
        run.stderr
    );
    // A mistyped --theme is a usage error, said once.
    std::fs::write(&config, &text).unwrap();
    let run = lectern(&["build", "c", "--out", "o", "--theme", "neon"], &dir);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr
            .matches("--theme neon: there is no such theme")
            .count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        !dir.join("o").exists(),
        "nothing is written for a usage error"
    );
}

#[test]
fn defaults_find_the_course_and_write_beside_it() {
    let dir = scratch("defaults");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    // Inside the course folder, no PATH needed; outputs go to its out/.
    let run = lectern(&["build", "--format", "html"], &dir.join("c"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.join("c/out/01-first.html").is_file());
    assert!(run.stderr.contains("files in out)"), "{}", run.stderr);
    // From outside: `lectern build c` writes c/out, not ./out.
    std::fs::remove_dir_all(dir.join("c/out")).unwrap();
    let run = lectern(&["build", "c", "--format", "html"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.join("c/out/index.html").is_file() && !dir.join("out").exists());
    // A build where every deck fails creates nothing.
    let broken = dir.join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("a.md"), "no front matter\n").unwrap();
    let run = lectern(&["build", "broken"], &dir);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!broken.join("out").exists(), "an empty out/ was made");
    // Diagnostics as JSON lines for editors and CI.
    let run = lectern(&["check", "broken", "--message-format", "json"], &dir);
    let first: serde_json::Value =
        serde_json::from_str(run.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["file"], "broken/a.md");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(first["severity"], "error");
    assert!(first["message"].as_str().unwrap().contains("front matter"));
}

#[test]
fn report_and_trainer_script_set_the_last_delivery_beside_the_plan() {
    let dir = scratch("delivered");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    let none = lectern(&["report", "c"], &dir);
    assert_eq!(none.code, 1, "{}", none.stderr);
    assert!(
        none.stderr.contains("no deliveries recorded"),
        "{}",
        none.stderr
    );
    let logs = dir.join("c/.lectern/delivery/01-first");
    std::fs::create_dir_all(&logs).unwrap();
    std::fs::write(
        logs.join("2026-12-01T09-30-00Z.json"),
        r#"{"deck":"01-first","started":"2026-12-01T09:30:00Z","slides":[{"number":1,"seconds":120},{"number":2,"seconds":400},{"number":2,"seconds":32}]}"#,
    )
    .unwrap();
    let run = lectern(&["report", "c"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let agreements = run
        .stdout
        .lines()
        .find(|l| l.contains("Agreements"))
        .unwrap();
    assert!(
        agreements.contains("5.0") && agreements.contains("7.2"),
        "{}",
        run.stdout
    );
    let build = lectern(&["build", "c", "--out", "o", "--format", "notes"], &dir);
    assert_eq!(build.code, 0, "{}", build.stderr);
    if let Some(first) = pdf_page_text(&dir.join("o/01-first-notes.pdf"), 1) {
        assert!(
            first.contains("Last 2026-12-01") && first.contains("7.2"),
            "{first}"
        );
    }
}

#[test]
fn figure_text_below_the_minimum_is_pointed_at() {
    let dir = scratch("figure-text");
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(
        dir.join("assets/small.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 960 500"><text x="10" y="40" font-size="20">tiny label</text><text x="10" y="90" style="font-size: 48px">big</text></svg>"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("a.md"),
        "+++\ntitle = \"A\"\nsession = 1\nmode = \"f2f\"\n+++\n\n## Figure\n\n![A figure with a tiny label](assets/small.svg)\n",
    )
    .unwrap();
    let run = lectern(&["check", "a.md"], &dir);
    assert!(
        run.stderr.contains("a.md:7:1: warning: text in `assets/small.svg` is drawn at 11.9 pt on this slide, below the 24 pt minimum"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("at least 41"), "{}", run.stderr);
}

#[test]
fn an_output_that_cannot_be_replaced_keeps_its_old_version_and_the_others_are_written() {
    let dir = scratch("locked-output");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    let first = lectern(&["build", "c", "--out", "o", "--format", "html,json"], &dir);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let old_json = std::fs::read(dir.join("o/02-second.json")).unwrap();
    // A file the build cannot replace (as a PDF held open by a viewer on
    // Windows): here a folder in its place, which even root cannot rename over.
    std::fs::remove_file(dir.join("o/01-first.html")).unwrap();
    std::fs::create_dir(dir.join("o/01-first.html")).unwrap();
    std::fs::create_dir(dir.join("o/01-first.html/keep")).unwrap();
    edit_file(&dir.join("c/02-second.md"), "Second", "Tweede");
    let run = lectern(&["build", "c", "--out", "o", "--format", "html,json"], &dir);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot write o/01-first.html")
            && run.stderr.contains("the previous version is kept"),
        "{}",
        run.stderr
    );
    // The other outputs are the new ones.
    let new_json = std::fs::read(dir.join("o/02-second.json")).unwrap();
    assert_ne!(old_json, new_json);
    assert!(String::from_utf8_lossy(&new_json).contains("Tweede"));
    assert!(dir.join("o/01-first.html/keep").is_dir());
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("o"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn edit_file(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn decks_saved_with_windows_line_endings_build_the_same() {
    let dir = scratch("crlf");
    copy_tree(&fixtures().join("sample"), &dir.join("unix"));
    copy_tree(&fixtures().join("sample"), &dir.join("windows"));
    for entry in std::fs::read_dir(dir.join("windows")).unwrap().flatten() {
        let path = entry.path();
        if path.is_file() {
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replace('\n', "\r\n")).unwrap();
        }
    }
    for (course, out) in [("unix", "a"), ("windows", "b")] {
        let run = lectern(&["build", course, "--out", out, "--format", "json"], &dir);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    for name in ["01-first.json", "02-second.json"] {
        let unix = std::fs::read_to_string(dir.join("a").join(name)).unwrap();
        let windows = std::fs::read_to_string(dir.join("b").join(name)).unwrap();
        assert_eq!(unix, windows, "{name}");
    }
}

#[test]
fn trace_shows_where_a_build_spent_its_time() {
    let dir = scratch("trace");
    copy_tree(&fixtures().join("sample"), &dir.join("course"));
    let run = lectern(
        &["build", "course", "--out", "out", "--trace", "trace.json"],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(dir.join("trace.json")).expect("a trace");
    let events: Vec<serde_json::Value> = serde_json::from_str(&text).expect("JSON");
    let names: std::collections::HashSet<&str> =
        events.iter().filter_map(|e| e["name"].as_str()).collect();
    // lectern's stages and Typst's own, each begun and ended.
    for name in ["fit", "pdf", "html", "pdf export", "layout document"] {
        assert!(names.contains(name), "no `{name}` in {names:?}");
    }
    let begun = events.iter().filter(|e| e["ph"] == "B").count();
    let ended = events.iter().filter(|e| e["ph"] == "E").count();
    assert_eq!(begun, ended);
    // Template scopes are named by their line in the theme's template.
    assert!(events
        .iter()
        .any(|e| e["args"]["file"] == "template.typ" && e["args"]["line"].as_u64() > Some(1)));
    // Without the flag, nothing is recorded or written.
    let run = lectern(&["build", "course", "--out", "out2"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 4);
}

/// Recorded deliveries as pictures: `lectern report --html` draws each
/// slide's plan, latest delivery and spread as bars; the trainer script's
/// time plan gets the latest minutes and the same bars.
#[test]
fn deliveries_are_drawn_as_bars_in_the_report_page_and_the_script() {
    let dir = scratch("report-bars");
    let course = dir.join("sample");
    copy_tree(&fixtures().join("sample"), &course);
    let logs = course.join(".lectern/delivery/01-first");
    std::fs::create_dir_all(&logs).unwrap();
    for (started, one, two) in [
        ("2026-12-01T09:30:00Z", 120, 400),
        ("2026-12-08T09:30:00Z", 60, 200),
    ] {
        let log = serde_json::json!({ "deck": "01-first", "started": started, "utc_offset_minutes": 60,
            "slides": [{ "number": 1, "seconds": one }, { "number": 2, "seconds": two }] });
        // Named so that the older sorts last: the latest is by `started`.
        let name = if one == 120 {
            "z-older.json"
        } else {
            "a-newer.json"
        };
        std::fs::write(logs.join(name), log.to_string()).unwrap();
    }
    let run = lectern(&["report", "sample", "--html"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = &run.stdout;
    assert!(
        page.starts_with("<!doctype html>") && page.contains("default-src 'none'"),
        "{page}"
    );
    assert!(
        page.contains("2 deliveries; the latest 2026-12-08 10:30"),
        "{page}"
    );
    // Slide 1: planned 2, latest 1 (under); slide 2: planned 5, latest 3.3,
    // spread 3.3 to 6.7 over both deliveries.
    assert!(
        page.contains(r#"aria-label="planned 2.0, latest 1.0 minutes""#),
        "{page}"
    );
    assert!(
        page.contains(r#"aria-label="planned 5.0, latest 3.3 minutes""#),
        "{page}"
    );
    assert!(page.contains("−1.0") && page.contains("<line "), "{page}");
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "nothing to load"
    );

    let run = lectern(
        &["build", "sample", "--out", "o", "--format", "notes"],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let script = common::pdf_text(&dir.join("o/01-first-notes.pdf")).expect("pdftotext");
    assert!(script.contains("Last 2026-12-08"), "{script}");
}

/// Personal data on a slide is a warning at the slide's line, naming what
/// was found; the same in the notes (the trainers' own) is not.
#[test]
fn personal_data_on_a_slide_is_a_warning_and_in_the_notes_is_not() {
    let dir = scratch("personal-data");
    std::fs::write(
        dir.join("x.md"),
        "+++\ntitle = \"X\"\nsession = 1\nmode = \"f2f\"\n+++\n\n## Contact\n\n\
         Mail ann.peeters@example.org of bel 06-12345678.\n\n???\nAnn: 06-87654321\n",
    )
    .unwrap();
    let run = lectern(&["check", "x.md"], &dir);
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    assert!(
        run.stderr.contains(
            "x.md:7:1: warning: slide 1 shows an e-mail address (`ann.peeters@example.org`)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("slide 1 shows a phone number (`06-12345678`)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("06-87654321"), "{}", run.stderr);
}

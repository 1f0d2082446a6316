//! Hostile and broken input: every case ends in a clear, positioned
//! message or a build — never a panic, a hang, a Typst error caused by
//! deck text, or a half-written output.

use crate::common;

use common::*;
use proptest::prelude::*;
use std::time::{Duration, Instant};

const FRONT: &str = "+++\ntitle = \"X\"\nsession = 1\nmode = \"f2f\"\n+++\n\n";

fn run_on(name: &str, bytes: &[u8], args: &[&str]) -> (Run, Duration) {
    let dir = scratch("robust");
    std::fs::write(dir.join(name), bytes).unwrap();
    let mut full = args.to_vec();
    full.insert(1, name);
    let t = Instant::now();
    let run = lectern(&full, &dir);
    (run, t.elapsed())
}

fn no_panic(run: &Run) {
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}: {}",
        run.code,
        run.stderr
    );
}

#[test]
fn unreadable_files_get_positioned_errors() {
    let (run, _) = run_on(
        "latin1.md",
        &[FRONT.as_bytes(), b"## Caf\xe9\n"].concat(),
        &["check"],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("latin1.md:7:7: error: the file is not UTF-8 text (byte 0xe9)"),
        "{}",
        run.stderr
    );
    let (run, _) = run_on("binary.md", b"\x89PNG\r\n\x1a\n\0\0\0", &["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error: "), "{}", run.stderr);
    let (run, _) = run_on("empty.md", b"", &["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("empty.md:1:1: error: the deck has no front matter"),
        "{}",
        run.stderr
    );
    let (run, _) = run_on(
        "open.md",
        b"+++\ntitle = \"x\"\n## never closed\n",
        &["check"],
    );
    assert!(
        run.stderr
            .contains("open.md:1:1: error: the front matter is never closed"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_oversized_deck_is_refused_quickly() {
    let big = format!("{FRONT}## Big\n\n{}", "word ".repeat(500_000));
    let (run, took) = run_on("big.md", big.as_bytes(), &["build", "--out", "o"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("big.md:1:1: error: this deck is 2.5 MB; lectern reads decks up to 2 MB"),
        "{}",
        run.stderr
    );
    assert!(took < Duration::from_secs(10));
}

#[test]
fn deep_nesting_builds_every_format() {
    let lists: String = (0..200)
        .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
        .collect();
    let quotes = format!("{} deep quote", ">".repeat(2000));
    let emph = format!("{}x{}", "*_".repeat(500), "_*".repeat(500));
    let deck = format!("{FRONT}## Lists\n\n{lists}\n---\n\n## Quotes\n\n{quotes}\n\n---\n\n## Emphasis\n\n{emph}\n\n---\n\n## Brackets\n\n{}\n", "[".repeat(5000));
    let (run, _) = run_on("deep.md", deck.as_bytes(), &["build", "--out", "o"]);
    no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains(": error:"), "{}", run.stderr);
}

#[test]
fn a_thousand_slides_build() {
    let slides: Vec<String> = (0..1000)
        .map(|i| format!("## Slide {i}\n\n- a\n- b\n"))
        .collect();
    let deck = format!("{FRONT}{}", slides.join("\n---\n\n"));
    let (run, _) = run_on(
        "many.md",
        deck.as_bytes(),
        &["build", "--out", "o", "--format", "html,pdf"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("built 1000 slides"), "{}", run.stderr);
}

#[test]
fn decks_beyond_the_work_limits_are_refused_with_their_line() {
    let slides = "## s\n\n---\n\n".repeat(1600);
    let (run, took) = run_on(
        "slides.md",
        format!("{FRONT}{slides}").as_bytes(),
        &["build", "--out", "o", "--format", "html"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("slides.md:6005:1: error: the deck has more than 1500 slides"),
        "{}",
        run.stderr
    );
    assert!(took < Duration::from_secs(10), "{took:?}");
    // 25,000 items on one slide pass the slide's cap first.
    let items = "- item\n".repeat(25_000);
    let (run, took) = run_on(
        "items.md",
        format!("{FRONT}## Long\n\n{items}").as_bytes(),
        &["build", "--out", "o", "--format", "html"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("items.md:7:1: error: slide 1: 25001 paragraphs, list items and other blocks on one slide: lectern lays out at most 1000"),
        "{}",
        run.stderr
    );
    assert!(took < Duration::from_secs(10), "{took:?}");
    // Slides of 400 items each (801 blocks: items and their paragraphs)
    // pass the deck's 20,000 on the 25th.
    let slide = |k: usize| format!("## s{k}\n\n{}\n---\n\n", "- item\n".repeat(400));
    let text: String = std::iter::once(FRONT.to_string())
        .chain((1..=30).map(slide))
        .collect();
    let line = text.lines().position(|l| l == "## s25").unwrap() + 1;
    let (run, took) = run_on(
        "many.md",
        text.as_bytes(),
        &["build", "--out", "o", "--format", "html"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "many.md:{line}:1: error: the deck has more than 20000"
        )),
        "{}",
        run.stderr
    );
    assert!(took < Duration::from_secs(10), "{took:?}");
}

/// The head of a PNG that claims 60000 × 60000 pixels (signature, IHDR,
/// an empty IDAT; CRCs included) and holds no pixel data: 45 bytes.
const HUGE_PNG: [u8; 45] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0xea, 0x60, 0x00, 0x00, 0xea, 0x60, 0x08, 0x06, 0x00, 0x00, 0x00, 0x80, 0xd2, 0x75,
    0x42, 0x00, 0x00, 0x00, 0x00, 0x49, 0x44, 0x41, 0x54, 0x35, 0xaf, 0x06, 0x1e,
];

#[test]
fn a_bad_image_costs_only_its_picture() {
    let dir = scratch("bad-images");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    std::fs::write(dir.join("c/assets/huge.png"), HUGE_PNG).unwrap();
    std::fs::write(
        dir.join("c/assets/broken.jpg"),
        b"\xff\xd8\xff\xe0 not really a photo",
    )
    .unwrap();
    let deck = dir.join("c/02-second.md");
    let text = std::fs::read_to_string(&deck).unwrap();
    std::fs::write(&deck, format!("{text}\n---\n\n## Pictures\n\n![A huge one](assets/huge.png)\n\n![A broken one](assets/broken.jpg)\n")).unwrap();
    let t = Instant::now();
    let run = lectern(&["build", "c", "--out", "o"], &dir);
    no_panic(&run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(t.elapsed() < Duration::from_mins(1));
    assert!(
        run.stderr
            .contains("assets/huge.png` cannot be shown: it is 60000 × 60000 pixels"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("assets/broken.jpg` cannot be shown"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("02-second.md:"), "{}", run.stderr);
    for file in [
        "02-second.pdf",
        "02-second-handout.pdf",
        "course-handout.pdf",
        "course-notes.pdf",
    ] {
        assert!(
            std::fs::read(dir.join("o").join(file))
                .unwrap()
                .starts_with(b"%PDF"),
            "{file}"
        );
    }
}

#[test]
fn a_regional_language_builds_and_a_wrong_one_is_pointed_at() {
    let dir = scratch("regional");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    let config = dir.join("c/course.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("language = \"en\"", "language = \"nl-BE\""),
    )
    .unwrap();
    let run = lectern(
        &["build", "c", "--out", "o", "--format", "html,pdf,handout"],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read(dir.join("o/course-handout.pdf"))
        .unwrap()
        .starts_with(b"%PDF"));
    assert!(std::fs::read_to_string(dir.join("o/01-first.html"))
        .unwrap()
        .contains("lang=\"nl-BE\""));
    std::fs::write(
        &config,
        text.replace("language = \"en\"", "language = \"Nederlands!\""),
    )
    .unwrap();
    let run = lectern(&["build", "c", "--out", "o2", "--format", "html"], &dir);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("course.toml:2:1: error: `Nederlands!` is not a language code"),
        "{}",
        run.stderr
    );
}

/// Markdown made of the constructs decks use, in random order and nesting.
pub(crate) fn markdown() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "# ",
        "## ",
        "### ",
        "{.definition}",
        "{.statements time=2}",
        "{.nope}",
        "{time=x}",
        "- ",
        "1. ",
        "* ",
        "> ",
        "  ",
        "```\n",
        "~~~",
        "\n",
        "\n\n",
        "---\n",
        "???\n",
        ". . .\n",
        "*",
        "**",
        "_",
        "~~",
        "`",
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "<b>",
        "<!-- c -->",
        "&amp;",
        "\\",
        "#",
        "$",
        "@",
        "=",
        "|",
        "|---|",
        "![",
        "](assets/x.png)",
        "](https://youtu.be/abc?t=30)",
        "https://example.org/a_(b) ",
        "javascript:",
        "[^1]",
        "[^1]: note",
        "]()",
        "[x]: <>",
        "„”‘’✓➔→≠•",
        "ë",
        "😀",
        "\t",
        "\r\n",
        "word ",
        "Sessie ",
        "+++",
        "{",
        "}",
    ]);
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

proptest! {
    // CI runs 48 cases; `LECTERN_FUZZ_CASES=2000` fuzzes for longer.
    #![proptest_config(ProptestConfig::with_cases(std::env::var("LECTERN_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48)))]

    /// The whole pipeline, through the real binary: Markdown → model →
    /// HTML and Typst. Deck text must never cause a Typst error.
    #[test]
    fn random_markdown_never_breaks_the_pipeline(body in markdown()) {
        let deck = format!("{FRONT}{body}");
        let dir = scratch("robust-fuzz");
        std::fs::write(dir.join("fuzz.md"), deck.as_bytes()).unwrap();
        let t = Instant::now();
        let run = lectern(&["build", "fuzz.md", "--out", "o", "--format", "html,pdf,handout,notes,json,pptx"], &dir);
        let took = t.elapsed();
        no_panic(&run);
        prop_assert!(!run.stderr.contains("PDF:"), "a Typst error from deck text:\n{}\n---\n{deck}", run.stderr);
        prop_assert!(!run.stderr.contains("PowerPoint"), "{}", run.stderr);
        // Every part of the PowerPoint file is well-formed XML, whatever the deck says.
        if let Ok(bytes) = std::fs::read(dir.join("o/fuzz.pptx")) {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            for i in 0..zip.len() {
                let mut part = zip.by_index(i).unwrap();
                let name = part.name().map(|n| n.to_string()).unwrap_or_default();
                if name.ends_with(".xml") || name.ends_with(".rels") {
                    let mut text = String::new();
                    std::io::Read::read_to_string(&mut part, &mut text).unwrap();
                    let parsed = usvg::roxmltree::Document::parse(&text);
                    prop_assert!(parsed.is_ok(), "{name} is not XML: {:?}\n---\n{deck}", parsed.err());
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        prop_assert!(took < Duration::from_secs(30), "took {took:?}");
    }
}

#[test]
fn markdown_from_real_decks_builds_as_its_author_meant() {
    let deck = format!(
        "{FRONT}## Badges and links\n\n![build status](https://img.shields.io/badge/x.svg)\n\n[Project documentation](https://example.com/docs)\n\n\
Setext title\n---\n\nStill the first slide.\n\n---\n\n## Video\n\nhttps://www.youtube.com/watch?v=nn3I6-DBLJM\n"
    );
    let dir = scratch("real-markdown");
    std::fs::write(dir.join("real.md"), &deck).unwrap();
    let run = lectern(
        &["build", "real.md", "--out", "o", "--format", "html,json"],
        &dir,
    );
    no_panic(&run);
    // A remote image is a warning and a placeholder, never a skipped deck.
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("real.md:9:1: warning: this image is not a file in the course folder"),
        "{}",
        run.stderr
    );
    let model: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("o/real.json")).unwrap()).unwrap();
    let slides = model["slides"].as_array().unwrap();
    // `Setext title` over `---` is a heading, not a slide break: two slides.
    assert_eq!(slides.len(), 2, "{model:#}");
    // Only the YouTube link is a video; the documentation link stays a link.
    assert_ne!(slides[0]["kind"], "video", "{:#}", slides[0]);
    assert_eq!(slides[1]["kind"], "video", "{:#}", slides[1]);
}

//! Hostile and broken input: every case ends in a clear, positioned
//! message or a build — never a panic, a hang, a Typst error caused by
//! deck text, or a half-written output.

mod common;

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

/// Markdown made of the constructs decks use, in random order and nesting.
fn markdown() -> impl Strategy<Value = String> {
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
        let (run, took) = run_on("fuzz.md", deck.as_bytes(), &["build", "--out", "o", "--format", "html,pdf,handout,notes,json"]);
        no_panic(&run);
        prop_assert!(!run.stderr.contains("PDF:"), "a Typst error from deck text:\n{}\n---\n{deck}", run.stderr);
        prop_assert!(took < Duration::from_secs(30), "took {took:?}");
    }
}

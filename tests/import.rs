//! `lectern import` on the corpus in tests/corpus/import/<tool>/: small
//! decks written in each tool's syntax, each with `<stem>.expected.toml`.
//! The real binary imports each deck, then `lectern check` must find no
//! errors, and the built `<stem>.json` must have the expected slides, every
//! note as a note (never on a slide), no directive text on any slide, and
//! the expected warnings.

use crate::common;

use common::*;
use std::path::{Path, PathBuf};

/// Text that only a tool's directive or layout markup would put on a slide.
const DIRECTIVE_RESIDUE: [&str; 22] = [
    "<!--",
    "-->",
    "<div",
    "<span",
    "<img",
    "<style",
    "</",
    "{.",
    ":::",
    "::right::",
    "v-click",
    "Note:",
    "Notes:",
    "{{<",
    "image:width",
    "_class",
    "![bg",
    "data-background",
    "end_slide",
    "speaker_note",
    "{width",
    "#|",
];

fn corpus() -> PathBuf {
    repo().join("tests/corpus/import")
}

struct Case {
    deck: PathBuf,
    expected: toml::Table,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for tool in std::fs::read_dir(corpus()).unwrap() {
        let dir = tool.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for e in std::fs::read_dir(&dir).unwrap() {
            let deck = e.unwrap().path();
            let ext = deck.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !matches!(ext, "md" | "qmd") {
                continue;
            }
            let stem = deck.file_stem().unwrap().to_string_lossy().to_string();
            let expected_file = dir.join(format!("{stem}.expected.toml"));
            let text = std::fs::read_to_string(&expected_file).unwrap_or_else(|_| {
                panic!("{} has no {}", deck.display(), expected_file.display())
            });
            out.push(Case {
                deck,
                expected: text.parse().unwrap(),
            });
        }
    }
    out.sort_by(|a, b| a.deck.cmp(&b.deck));
    out
}

fn strings(t: &toml::Table, key: &str) -> Vec<String> {
    t.get(key)
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Imports one corpus deck into a scratch folder; returns the folder, the
/// import run and the written deck.
fn import(case: &Case) -> (PathBuf, Run, String) {
    let stem = case.deck.file_stem().unwrap().to_string_lossy().to_string();
    let scratch = scratch(&format!("import-{stem}"));
    let out = scratch.join("out");
    let dir = case.deck.parent().unwrap();
    let name = case.deck.file_name().unwrap().to_string_lossy().to_string();
    let run = lectern(&["import", &name, "--out", out.to_str().unwrap()], dir);
    let written = std::fs::read_to_string(out.join(format!("{stem}.md"))).unwrap_or_default();
    (scratch, run, written)
}

/// Warning lines of the import about the source deck itself.
fn source_warnings<'a>(run: &'a Run, name: &str) -> Vec<&'a str> {
    run.stderr
        .lines()
        .filter(|l| l.starts_with(&format!("{name}:")) && l.contains(": warning: "))
        .collect()
}

#[test]
fn every_corpus_deck_imports_cleanly_with_its_notes_and_warnings() {
    let cases = cases();
    assert!(cases.len() >= 6, "the corpus has a deck for every tool");
    for tool in ["marp", "reveal", "slidev", "quarto", "presenterm"] {
        assert!(
            cases
                .iter()
                .any(|c| c.deck.parent().unwrap().ends_with(tool)),
            "no corpus deck for {tool}"
        );
    }
    for case in &cases {
        let name = case.deck.file_name().unwrap().to_string_lossy().to_string();
        let stem = case.deck.file_stem().unwrap().to_string_lossy().to_string();
        let e = &case.expected;
        let (scratch, run, written) = import(case);
        assert_eq!(run.code, 0, "{name}: import failed:\n{}", run.stderr);
        // Detected as the tool it was written for.
        let tool = e["from"].as_str().unwrap();
        let label = match tool {
            "marp" => "Marp",
            "reveal" => "reveal.js",
            "slidev" => "Slidev",
            "quarto" => "Quarto",
            _ => "presenterm",
        };
        assert!(
            run.stderr.contains(&format!("imported {name} ({label})")),
            "{name}: not read as {label}:\n{}",
            run.stderr
        );
        // lectern's own check: no errors.
        let out = scratch.join("out");
        let check = lectern(&["check", out.to_str().unwrap()], &scratch);
        assert_eq!(
            check.code, 0,
            "{name}: check found errors:\n{}\n{written}",
            check.stderr
        );
        assert!(
            !check.stderr.contains(": error:"),
            "{name}:\n{}",
            check.stderr
        );
        // The model, as built.
        let json_dir = scratch.join("json");
        let build = lectern(
            &[
                "build",
                out.to_str().unwrap(),
                "--format",
                "json",
                "--out",
                json_dir.to_str().unwrap(),
            ],
            &scratch,
        );
        assert_eq!(build.code, 0, "{name}: {}", build.stderr);
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(json_dir.join(format!("{stem}.json"))).unwrap(),
        )
        .unwrap();
        let slides = json["slides"].as_array().unwrap();
        assert_eq!(
            slides.len() as i64,
            e["slides"].as_integer().unwrap(),
            "{name}: slide count\n{written}"
        );
        let on_slide = |s: &serde_json::Value| {
            format!(
                "{}\n{}",
                s["title"].as_str().unwrap_or(""),
                s["text"].as_str().unwrap_or("")
            )
        };
        let all_slides: String = slides.iter().map(on_slide).collect::<Vec<_>>().join("\n");
        let all_notes: String = slides
            .iter()
            .map(|s| s["notes"].as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>()
            .join("\n");
        for note in strings(e, "notes") {
            assert!(
                all_notes.contains(&note),
                "{name}: note {note:?} is not in the notes:\n{all_notes}"
            );
            assert!(
                !all_slides.contains(&note),
                "{name}: note {note:?} is on a slide"
            );
        }
        for residue in DIRECTIVE_RESIDUE {
            for s in slides {
                assert!(
                    !on_slide(s).contains(residue),
                    "{name}: slide {} shows {residue:?}:\n{}",
                    s["number"],
                    on_slide(s)
                );
            }
        }
        for text in strings(e, "on_slides") {
            assert!(
                all_slides.contains(&text),
                "{name}: {text:?} is not on any slide:\n{all_slides}"
            );
        }
        for text in strings(e, "contains") {
            assert!(
                written.contains(&text),
                "{name}: the deck lacks {text:?}:\n{written}"
            );
        }
        // Warnings: each expected one, and no others.
        let warnings = source_warnings(&run, &name);
        let expected = strings(e, "warnings");
        for w in &expected {
            assert!(
                warnings.iter().any(|l| l.contains(w.as_str())),
                "{name}: no warning {w:?} among:\n{}",
                warnings.join("\n")
            );
        }
        for l in &warnings {
            assert!(
                expected.iter().any(|w| l.contains(w.as_str())),
                "{name}: unexpected warning {l}"
            );
        }
        // Layouts mapped onto lectern's own: backgrounds and columns.
        let backgrounds: Vec<String> = slides
            .iter()
            .filter_map(|s| s["background"].as_str().map(str::to_string))
            .collect();
        assert_eq!(
            backgrounds,
            strings(e, "backgrounds"),
            "{name}: backgrounds\n{written}"
        );
        let with_columns = slides
            .iter()
            .filter(|s| {
                s["blocks"]
                    .as_array()
                    .is_some_and(|bs| bs.iter().any(|b| b["type"] == "columns"))
            })
            .count() as i64;
        assert_eq!(
            with_columns,
            e.get("columns")
                .and_then(toml::Value::as_integer)
                .unwrap_or(0),
            "{name}: slides with columns\n{written}"
        );
        for f in strings(e, "files") {
            assert!(out.join(&f).is_file(), "{name}: {f} was not copied");
        }
        for f in strings(e, "absent_files") {
            assert!(!out.join(&f).exists(), "{name}: {f} should not be copied");
        }
    }
}

#[test]
fn an_existing_deck_is_not_overwritten_without_force() {
    let case = &cases()[0];
    let (scratch, run, _) = import(case);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = case.deck.parent().unwrap();
    let name = case.deck.file_name().unwrap().to_string_lossy().to_string();
    let out = scratch.join("out");
    let again = lectern(&["import", &name, "--out", out.to_str().unwrap()], dir);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(
        again.stderr.contains("already exists (use --force"),
        "{}",
        again.stderr
    );
    let forced = lectern(
        &["import", &name, "--out", out.to_str().unwrap(), "--force"],
        dir,
    );
    assert_eq!(forced.code, 0, "{}", forced.stderr);
}

#[test]
fn session_mode_and_the_course_language_are_written() {
    let scratch = scratch("import-session");
    let dir = corpus();
    let out = scratch.join("out");
    let run = lectern(
        &[
            "import",
            "quarto/lecture.qmd",
            "presenterm/talk.md",
            "--out",
            out.to_str().unwrap(),
            "--session",
            "3",
            "--mode",
            "online",
        ],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = std::fs::read_to_string(out.join("lecture.md")).unwrap();
    let second = std::fs::read_to_string(out.join("talk.md")).unwrap();
    assert!(first.contains("session = 3\nmode = \"online\""), "{first}");
    assert!(
        second.contains("session = 4\nmode = \"online\""),
        "{second}"
    );
    // The Quarto deck says `lang: nl`: the new course is Dutch.
    let course = std::fs::read_to_string(out.join("course.toml")).unwrap();
    assert!(course.contains("language = \"nl\""), "{course}");
    let check = lectern(&["check", out.to_str().unwrap()], &scratch);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn a_deck_is_never_written_over_its_source() {
    let scratch = scratch("import-self");
    std::fs::write(scratch.join("deck.md"), "# One\n\n---\n\n# Two\n").unwrap();
    let run = lectern(&["import", "deck.md", "--out", "."], &scratch);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("would replace its source"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(scratch.join("deck.md")).unwrap(),
        "# One\n\n---\n\n# Two\n"
    );
    let _ = Path::new(".");
}

/// Pieces of every tool's syntax, hostile combinations included.
const ALPHABET: [&str; 60] = [
    "---",
    "----",
    "***",
    "# Title",
    "## Sub {.smaller}",
    "Title",
    "===",
    "text é ü 中文",
    "- item",
    "* frag",
    "1) one",
    "  - nested",
    "<!-- note -->",
    "<!--",
    "-->",
    "<!-- _class: lead -->",
    "<!-- end_slide -->",
    "<!-- pause -->",
    "<!-- speaker_note: hi -->",
    "<!-- .element: class=\"fragment\" -->",
    "<!-- .slide: data-background=\"x.png\" -->",
    "Note: n",
    "::: notes",
    ":::",
    ":::: {.columns}",
    "::: {.column width=\"50%\"}",
    ". . .",
    "```",
    "```{r}",
    "#| echo: false",
    "~~~",
    "<div class=\"x\">",
    "</div>",
    "<v-click>",
    "</v-click>",
    "<v-clicks>",
    "</v-clicks>",
    "::right::",
    "![bg left](a.png)",
    "![image:width:5%](b.png)",
    "<img src=\"c d.png\" width=3>",
    "{{< video https://youtu.be/x >}}",
    "{{< iconify x",
    "???",
    "+++",
    "layout: two-cols",
    "marp: true",
    "title: \"x",
    "<style>",
    "</style>",
    "\t\ttab",
    " \u{a0} nbsp",
    "\\",
    "[](http://x.y)",
    "`code <b>`",
    "<a href=\"x\">y",
    "## A {x}",
    "",
    "",
    "",
];

proptest::proptest! {
    // CI runs 48 cases per tool; `LECTERN_FUZZ_CASES=2000` for longer.
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(std::env::var("LECTERN_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(48)))]

    /// Any mix of the tools' syntax converts without a panic, and lectern's
    /// parser finds no error in what comes out.
    #[test]
    fn random_decks_convert_to_decks_without_errors(
        parts in proptest::collection::vec(0..ALPHABET.len(), 0..40),
        crlf in proptest::bool::ANY,
    ) {
        let mut text = parts.iter().map(|&i| ALPHABET[i]).collect::<Vec<_>>().join("\n");
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        for tool in lectern::import::Tool::ALL {
            let imported = lectern::import::import(tool, &text, &lectern::import::Options::new("random.md"));
            let config = lectern::config::CourseConfig::default();
            let here = Path::new(".");
            let ctx = lectern::parse::DeckContext { file: "random.md", deck_dir: here, course_root: here, config: &config };
            let mut diags = Vec::new();
            lectern::parse::parse_deck(imported.text.as_bytes(), "random", &ctx, &mut diags);
            let errors: Vec<String> = diags.iter().filter(|d| d.is_error()).map(lectern::diag::Diagnostic::headline).collect();
            proptest::prop_assert!(errors.is_empty(), "{}: {:?}\n{}\n---\n{}", tool.name(), errors, text, imported.text);
        }
    }
}

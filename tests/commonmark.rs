//! Every example of the CommonMark spec (npm package `commonmark-spec`,
//! fetched by tests/run.sh) goes through the parser and the Typst backend:
//! no Typst error, and the words a reader sees in the spec's HTML are in
//! the PDF.

use crate::common;

use common::*;
use lectern::render::pdf::PdfEngine;
use lectern::render::typst::Document;

fn visible_words(html: &str) -> Vec<String> {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 1)
        .map(str::to_string)
        .collect()
}

#[test]
fn commonmark_spec_examples_survive_the_pdf_path() {
    let Some(spec) = std::env::var_os("LECTERN_COMMONMARK_SPEC") else {
        let msg =
            "LECTERN_COMMONMARK_SPEC is not set (tests/run.sh fetches commonmark-spec with npm)";
        assert!(!std::env::var("CI").is_ok_and(|v| v == "true"), "{msg}");
        eprintln!("SKIPPED: {msg}");
        return;
    };
    let examples: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(spec).unwrap()).unwrap();
    assert!(examples.len() > 600, "{} examples", examples.len());
    let dir = scratch("commonmark");
    let mut engine = PdfEngine::new();
    let theme = lectern::theme::builtin("default").unwrap();
    let mut missing = Vec::new();
    for ex in &examples {
        let number = ex["number"].as_u64().unwrap();
        let markdown = ex["markdown"].as_str().unwrap().replace('→', "\t");
        let file = dir.join(format!("ex{number}.md"));
        std::fs::write(
            &file,
            format!(
                "+++\ntitle = \"Example {number}\"\nsession = 1\nmode = \"f2f\"\n+++\n\n{markdown}"
            ),
        )
        .unwrap();
        let loaded = lectern::load(&file).unwrap();
        let Some(deck) = loaded.course.decks.first() else {
            continue;
        };
        for doc in [Document::Slides, Document::Handout] {
            let result = engine.render_deck(&loaded.course, deck, doc, &theme);
            let errors: Vec<_> = result.diagnostics.iter().filter(|d| d.is_error()).collect();
            assert!(
                errors.is_empty(),
                "example {number} ({}): {errors:?}\n{markdown}",
                ex["section"]
            );
            assert!(result.pdf.is_some(), "example {number}: no PDF");
            if doc == Document::Handout {
                continue;
            }
            let pdf = dir.join(format!("ex{number}.pdf"));
            std::fs::write(&pdf, result.pdf.unwrap()).unwrap();
            let Some(text) = pdf_text(&pdf) else { return };
            let flat = squeeze(&text);
            for word in visible_words(ex["html"].as_str().unwrap()) {
                if !flat.contains(&word) {
                    missing.push(format!("example {number} ({}): `{word}`", ex["section"]));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} words lost, e.g.:\n{}",
        missing.len(),
        missing
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

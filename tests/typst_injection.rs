//! No deck text can run as Typst code: random strings from a hostile
//! alphabet go through the real Typst backend and come out of the PDF
//! literally, and a `#read` never reads a file.

use crate::common;

use common::*;
use lectern::config::CourseConfig;
use lectern::course::Course;
use lectern::deck::*;
use lectern::diag::Pos;
use lectern::render::pdf::PdfEngine;
use lectern::render::typst::Document;
use proptest::prelude::*;

fn deck_of(texts: &[String]) -> Deck {
    let slides = texts
        .chunks(2)
        .enumerate()
        .map(|(i, pair)| Slide {
            number: i + 1,
            // Every kind but `title`, which the workbook replaces by the session heading.
            kind: SlideKind::ALL[1 + i % (SlideKind::ALL.len() - 1)],
            title: vec![Inline::Text { s: pair[0].clone() }],
            blocks: vec![Block {
                step: 0,
                body: BlockBody::List {
                    ordered: false,
                    start: 1,
                    items: vec![ListItem {
                        step: 0,
                        task: None,
                        marker: None,
                        blocks: vec![Block {
                            step: 0,
                            body: BlockBody::Paragraph {
                                content: vec![Inline::Strong {
                                    c: vec![Inline::Text {
                                        s: pair.get(1).cloned().unwrap_or_default(),
                                    }],
                                }],
                            },
                        }],
                        chars: 0,
                    }],
                },
            }],
            notes: vec![Block {
                step: 0,
                body: BlockBody::Paragraph {
                    content: vec![Inline::Text { s: pair[0].clone() }],
                },
            }],
            time: None,
            lines: None,
            steps: 0,
            background: None,
            pos: Pos::default(),
        })
        .collect();
    Deck {
        file: "hostile.md".into(),
        stem: "hostile".into(),
        title: texts[0].clone(),
        session: Some(1),
        session_pos: Pos::default(),
        mode: Mode::F2f,
        duration: 90,
        theme: None,
        fillable: true,
        slides,
    }
}

fn render(texts: &[String], doc: Document) -> Option<String> {
    let root = scratch("inject");
    let course = Course {
        root: root.clone(),
        config: CourseConfig::default(),
        decks: vec![],
        themes: Default::default(),
    };
    let deck = deck_of(texts);
    let theme = lectern::theme::builtin("default").unwrap();
    let result = PdfEngine::new().render_deck(&course, &deck, doc, &theme);
    assert!(
        result.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        result.diagnostics
    );
    let pdf = result.pdf.expect("the PDF compiles whatever the text");
    let path = root.join("x.pdf");
    std::fs::write(&path, pdf).unwrap();
    pdf_text(&path)
}

/// Characters Typst markup gives meaning to, plus letters and spaces.
fn hostile() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "#",
        "$",
        "*",
        "_",
        "@",
        "<",
        ">",
        "\\",
        "]",
        "[",
        "{",
        "}",
        "(",
        ")",
        "//",
        "/*",
        "*/",
        "=",
        "==",
        "-",
        "+",
        "~",
        "`",
        "```",
        "\"",
        "'",
        ":",
        ";",
        ",",
        ".",
        "^",
        "&",
        "%",
        "|",
        "a",
        "Z",
        "é",
        "ë",
        "„",
        "”",
        "✓",
        "➔",
        " ",
        "#read(\"/etc/passwd\")",
        "#let x = 1",
        "$x^2$",
        "#set text(red)",
        "]#[",
        "\\u{41}",
        "<lbl>",
        "@ref",
        "#(",
        "#{",
    ]);
    prop::collection::vec(pieces, 1..12)
        .prop_map(|v| v.concat())
        .prop_filter("visible text", |s| !s.trim().is_empty())
}

proptest! {
    // CI runs 24 cases; `LECTERN_FUZZ_CASES=2000` fuzzes for longer.
    #![proptest_config(ProptestConfig::with_cases(std::env::var("LECTERN_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(24)))]

    #[test]
    fn hostile_text_appears_literally_in_every_pdf(texts in prop::collection::vec(hostile(), 2..8)) {
        for doc in [Document::Slides, Document::Handout] {
            let Some(text) = render(&texts, doc) else { return Ok(()) };
            // Bullets are ours (the alphabet has none); pdftotext may set
            // one between the lines of a long item.
            let flat = squeeze(&text).replace('•', "");
            prop_assert!(!text.contains("root:"), "a file was read");
            for t in &texts {
                prop_assert!(flat.contains(&squeeze(t)), "{t:?} is not in the {doc:?} PDF:\n{text}");
            }
        }
    }
}

#[test]
fn typst_code_in_a_deck_is_text() {
    let texts = vec![
        "#read(\"/etc/passwd\")".to_string(),
        "#panic(\"boom\") $ x $ = heading".to_string(),
    ];
    if let Some(text) = render(&texts, Document::Slides) {
        assert!(text.contains("#read(\"/etc/passwd\")"), "{text}");
        assert!(text.contains("#panic(\"boom\")"), "{text}");
        assert!(!text.contains("root:"));
    }
}

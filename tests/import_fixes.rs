//! `lectern import` on the repros of issue #30 (decks that lost slides or
//! projected markup): each through the real binary, then `lectern check`.

use crate::common;

use common::*;
use std::path::Path;

/// Imports `name` (written with `text`) into `out/` and returns the deck
/// written, after `lectern check` found no error in it.
fn import(dir: &Path, name: &str, text: &str, extra: &[&str]) -> String {
    std::fs::write(dir.join(name), text).unwrap();
    let mut args = vec!["import", name, "--out", "out"];
    args.extend_from_slice(extra);
    let run = lectern(&args, dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let check = lectern(&["check", "out"], dir);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let file = name.rsplit('/').next().unwrap_or(name);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    std::fs::read_to_string(dir.join("out").join(format!("{stem}.md"))).unwrap()
}

/// The slides' own text (notes left out) and how many slides there are.
fn slides(deck: &str) -> (usize, String) {
    let body = deck.splitn(3, "+++").nth(2).unwrap_or(deck);
    let mut shown = String::new();
    let mut count = 1;
    let mut notes = false;
    let mut code = false;
    for l in body.lines() {
        if l.starts_with("```") {
            code = !code;
        }
        if !code && l == "---" {
            count += 1;
            notes = false;
            continue;
        }
        if !code && l == "???" {
            notes = true;
        }
        if !notes {
            shown.push_str(l);
            shown.push('\n');
        }
    }
    (count, shown)
}

#[test]
fn a_chunk_in_a_four_backtick_fence_keeps_every_slide() {
    let dir = scratch("fix-fence");
    let deck = import(
        &dir,
        "nf.qmd",
        "---\ntitle: T\nformat: revealjs\n---\n\n## A\n\n````md\n```{r}\nx <- 1\n```\n````\n\n## B\n\n. . .\n\nmore\n\n## C\n",
        &[],
    );
    let (count, shown) = slides(&deck);
    assert_eq!(count, 4, "{deck}");
    assert!(!shown.contains("\\. . ."), "{deck}");
}

#[test]
fn pandoc_markdown_without_notes_is_read_as_pandoc() {
    let dir = scratch("fix-beamer");
    let deck = import(
        &dir,
        "b.md",
        "---\ntitle: Beamer talk\nauthor: A\n...\n\n# Part\n\n## One\n\ntext\n\n## Two\n\n$$x^2$$\n",
        &[],
    );
    let (count, _) = slides(&deck);
    assert_eq!(count, 4, "title, section and two slides: {deck}");
    assert!(deck.contains("# Part {.section}"), "{deck}");
}

#[test]
fn a_lazy_loaded_reveal_image_is_copied_and_shown() {
    let dir = scratch("fix-data-src");
    std::fs::create_dir_all(dir.join("img")).unwrap();
    std::fs::write(
        dir.join("img/a.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>",
    )
    .unwrap();
    let deck = import(
        &dir,
        "r.md",
        "# A\n\nNote: n\n\n---\n\n# B\n\n<img data-src=\"img/a.svg\" width=\"80%\">\n",
        &[],
    );
    assert!(deck.contains("![](img/a.svg){width=80%}"), "{deck}");
    assert!(dir.join("out/img/a.svg").is_file());
}

#[test]
fn leaking_markup_stays_off_the_slides() {
    let dir = scratch("fix-markup");
    let deck = import(
        &dir,
        "p.md",
        "% My Talk\n% Ann\n% 1 May\n\n## One\n\ntext\n",
        &[],
    );
    assert!(deck.contains("title = \"My Talk\""), "{deck}");
    assert!(!slides(&deck).1.contains('%'), "{deck}");
    let deck = import(
        &dir,
        "q.qmd",
        "---\ntitle: Q\n---\n\n## L\n\nSee [x](https://example.org){preview-link=\"true\"}\n\n+---+---+\n| a | b |\n+===+===+\n| 1 | 2 |\n+---+---+\n",
        &[],
    );
    let shown = slides(&deck).1;
    assert!(shown.contains("[x](https://example.org)\n"), "{deck}");
    assert!(
        shown.contains("| a | b |") && !shown.contains("+---"),
        "{deck}"
    );
    assert!(!shown.contains("preview-link"), "{deck}");
    let deck = import(
        &dir,
        "beamer.md",
        "---\ntitle: B\n...\n\n## F\n\n\\framesubtitle{Sub}\n\n\\scriptsize\n\n- a\n\n\\includegraphics[width=3in]{fig.png}\n\n## G\n\nx\n",
        &[],
    );
    let shown = slides(&deck).1;
    assert!(
        shown.contains("*Sub*") && shown.contains("![](fig.png)"),
        "{deck}"
    );
    assert!(!shown.contains('\\'), "{deck}");
}

#[test]
fn slidev_icons_snippets_and_src_slides() {
    let dir = scratch("fix-slidev");
    std::fs::create_dir_all(dir.join("pages")).unwrap();
    std::fs::write(dir.join("pages/extra.md"), "# Extra\n\nfrom the file\n").unwrap();
    let deck = import(
        &dir,
        "slides.md",
        "---\ntheme: seriph\nlayout: cover\n---\n\n# Hello\n\nGo <carbon:arrow-right /> on\n\n<<< @/snippets/x.ts#a\n\n---\nsrc: ./pages/extra.md\n---\n\n---\n\n# Last\n",
        &[],
    );
    let (count, shown) = slides(&deck);
    assert_eq!(count, 3, "{deck}");
    assert!(shown.contains("from the file"), "{deck}");
    for residue in ["carbon:", "<<<", "src:"] {
        assert!(!shown.contains(residue), "{residue}: {deck}");
    }
}

#[test]
fn reveal_separators_from_reveal_md_json_and_the_command_line() {
    let dir = scratch("fix-separators");
    let text = "# A\n\nNote: a\n\n<!--s-->\n\n# B\n\n<!--v-->\n\n# C\n\nNote: c\n";
    std::fs::create_dir_all(dir.join("p")).unwrap();
    std::fs::write(
        dir.join("p/reveal-md.json"),
        r#"{"separator": "<!--s-->", "verticalSeparator": "<!--v-->"}"#,
    )
    .unwrap();
    let deck = import(&dir, "p/deck.md", text, &[]);
    let (count, shown) = slides(&deck);
    assert_eq!(count, 3, "{deck}");
    assert!(
        !shown.contains("<!--") && !shown.contains("Note:"),
        "{deck}"
    );
    assert_eq!(deck.matches("???").count(), 2, "{deck}");
    // No reveal-md.json: the flags say it.
    let deck = import(
        &dir,
        "flags.md",
        text,
        &[
            "--separator",
            "<!--s-->",
            "--vertical-separator",
            "<!--v-->",
            "--force",
        ],
    );
    assert_eq!(slides(&deck).0, 3, "{deck}");
}

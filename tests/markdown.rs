//! The Markdown real decks contain (#16), end to end: a small course with
//! math, code, task lists, footnotes, emoji and alerts is built, and the
//! slides PDF, the workbook and the HTML are read back.

use crate::common;

use common::*;
use std::path::{Path, PathBuf};

const DECK: &str = r#"+++
title = "Markdown"
session = 1
+++

# Math

The stiffness relation is $K\,\mathbf{u} = \mathbf{f}$ for a mass.

$$\sum_{i=1}^{n} i = \frac{n(n+1)}{2}$$

---

# Code

```rust
fn main() {
    let name = "world";
}
```

```nosuchlanguage
plain <text>
```

---

# Tasks

- [ ] Read the chapter
- [x] Watch the video

- [ ] Loose item with its box

Mentalising grows with practice[^1] :smile: at 10:30.

[^1]: Bateman & Fonagy, 2016.

---

# Alerts

> [!WARNING]
> Keep stories in the group.

---

# Next slide

After the note.
"#;

/// Builds a course of one deck in a scratch folder.
fn build(language: &str, deck: &str) -> (PathBuf, Run) {
    let dir = scratch("markdown");
    std::fs::write(
        dir.join("course.toml"),
        format!("title = \"T\"\nlanguage = \"{language}\"\n"),
    )
    .unwrap();
    std::fs::write(dir.join("01-md.md"), deck).unwrap();
    let run = lectern(&["build", ".", "--out", "out"], &dir);
    (dir, run)
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join("out").join(file)).unwrap()
}

#[test]
fn formulas_are_typst_math_in_the_pdf_and_svg_in_the_html() {
    let (dir, run) = build("en", DECK);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("formula"), "{}", run.stderr);
    let html = read(&dir, "01-md.html");
    // Typst's own layout, inline, in the text colour, labelled with the source.
    assert!(
        html.contains(r#"<svg class="math" role="img" aria-label="K\,\mathbf{u} = \mathbf{f}""#)
    );
    assert!(html.contains("<span class=\"math-display\"><svg class=\"math\""));
    assert!(html.contains("fill=\"currentColor\""));
    // Never the old corruption of `\,` into `,`.
    assert!(!html.contains(r"K,\mathbf"));
    if let Some(text) = pdf_page_text(&dir.join("out/01-md.pdf"), 1) {
        // Math italic letters and bold vectors, the sum and the fraction.
        let t = squeeze(&text);
        assert!(t.contains("𝐾𝒖=𝒇"), "{text}");
        assert!(t.contains('∑') && t.contains("𝑛(𝑛+1)"), "{text}");
    }
}

#[test]
fn a_formula_lectern_cannot_convert_is_a_positioned_warning_and_code() {
    let deck = "+++\ntitle = \"M\"\n+++\n\n# Math\n\nSee $\\foo{x}$ here.\n";
    let (dir, run) = build("en", deck);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "01-md.md:7:5: warning: this formula is shown as code: `\\foo` is not supported"
        ),
        "{}",
        run.stderr
    );
    let html = read(&dir, "01-md.html");
    assert!(html.contains(r"<code>$\foo{x}$</code>"), "shown as written");
    if let Some(text) = pdf_text(&dir.join("out/01-md.pdf")) {
        assert!(text.contains(r"See $\foo{x}$ here."), "{text}");
    }
}

#[test]
fn code_is_highlighted_with_the_same_colours_in_html_and_pdf() {
    let (dir, _) = build("en", DECK);
    let html = read(&dir, "01-md.html");
    // `fn` in Typst's keyword colour, the string in its green; each with
    // lectern's colour for a dark surface beside it.
    assert!(
        html.contains(r#"<span style="--c:#d73948;--d:#ff9aa2;">fn</span>"#),
        "keyword"
    );
    assert!(
        html.contains(r#"<span style="--c:#198810;--d:#8fdc8a;">"world"</span>"#),
        "string"
    );
    // The default theme follows the system: dark colours in dark mode only.
    assert!(html.contains("data-code=\"system\""));
    // A language Typst has no grammar for stays plain text.
    assert!(html.contains("<code class=\"language-nosuchlanguage\">plain &lt;text&gt;</code>"));
    if let Some(text) = pdf_page_text(&dir.join("out/01-md.pdf"), 2) {
        assert!(text.contains("let name = \"world\";"), "{text}");
    }
}

#[test]
fn code_on_a_dark_theme_takes_the_dark_colours() {
    let dir = scratch("markdown-dark");
    std::fs::write(
        dir.join("course.toml"),
        "title = \"T\"\ntheme = \"projector\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("01-md.md"), DECK).unwrap();
    let run = lectern(&["build", ".", "--out", "out"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(&dir, "01-md.html");
    assert!(html.contains("data-code=\"dark\""));
    assert!(html.contains("[data-code=dark] pre span{color:var(--d,var(--c))}"));
}

#[test]
fn long_code_scales_down_then_flows_onto_more_pages() {
    let mut deck = String::from("+++\ntitle = \"C\"\n+++\n\n# Long code\n\n```python\n");
    for i in 0..90 {
        deck.push_str(&format!("value_{i} = compute({i})  # line {i}\n"));
    }
    deck.push_str("```\n");
    let (dir, run) = build("en", &deck);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(&dir, "01-md.html");
    let sections = html.matches("<section class=\"slide").count();
    assert!(
        sections >= 2,
        "the code continues on more pages: {sections}"
    );
    let Some(pages) = pdf_pages(&dir.join("out/01-md.pdf")) else {
        return;
    };
    assert_eq!(pages, sections, "HTML and PDF have the same pages");
    let text = pdf_text(&dir.join("out/01-md.pdf")).unwrap();
    // Every line is somewhere, once, and none is cut in two.
    for i in 0..90 {
        let line = format!("value_{i} = compute({i}) # line {i}");
        assert_eq!(
            text.split('\n')
                .filter(|l| l.split_whitespace().collect::<Vec<_>>().join(" ") == line)
                .count(),
            1,
            "{line}"
        );
    }
    // The last page says it continues.
    let last = pdf_page_text(&dir.join("out/01-md.pdf"), pages).unwrap();
    assert!(
        last.contains(&format!("continued · {pages}/{pages}")),
        "{last}"
    );
}

#[test]
fn task_boxes_stand_on_the_line_of_their_item() {
    let (dir, _) = build("en", DECK);
    let html = read(&dir, "01-md.html");
    assert!(html.contains("<li class=\"task-item\"><span class=\"task\" aria-hidden=\"true\">☐</span> Read the chapter</li>"));
    assert!(html.contains("<span class=\"task\" aria-hidden=\"true\">☑</span> Watch the video"));
    assert!(
        html.contains("<span class=\"task\" aria-hidden=\"true\">☐</span> <p>Loose item")
            || html.contains("☐</span> Loose item"),
        "the loose item keeps its box"
    );
    if let Some(text) = pdf_page_text(&dir.join("out/01-md.pdf"), 3) {
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        assert!(lines.contains(&"☐ Read the chapter"), "{text}");
        assert!(lines.contains(&"☑ Watch the video"), "{text}");
        assert!(lines.contains(&"☐ Loose item with its box"), "{text}");
    }
}

#[test]
fn footnotes_sit_at_the_bottom_of_their_slide_and_section() {
    let (dir, _) = build("en", DECK);
    let html = read(&dir, "01-md.html");
    let slide = html.split("id=\"slide-3\"").nth(1).unwrap();
    let slide = slide.split("</section>").next().unwrap();
    let notes = slide
        .find("<div class=\"footnotes\">")
        .expect("a footnotes area");
    assert!(slide.find("Mentalising").unwrap() < notes);
    assert!(slide[notes..].contains("<sup>1</sup><div><p>Bateman &amp; Fonagy, 2016.</p>"));
    // After the room, before the footer.
    assert!(notes < slide.find("slide-foot").unwrap());
    if let Some(text) = pdf_page_text(&dir.join("out/01-md.pdf"), 3) {
        let body = text.find("practice").unwrap();
        let note = text.find("Bateman & Fonagy, 2016.").unwrap();
        let foot = text.find("Markdown").unwrap_or(text.len());
        assert!(body < note && note < foot, "{text}");
    }
    // In the workbook: after the slide's text, before the next slide.
    if let Some(text) = pdf_text(&dir.join("out/01-md-handout.pdf")) {
        let t = squeeze(&text);
        let (body, note, next) = (
            t.find("practice").unwrap(),
            t.find("Bateman&Fonagy,2016.").unwrap(),
            t.find("Alerts").unwrap(),
        );
        assert!(body < note && note < next, "{text}");
    }
}

#[test]
fn shortcodes_become_emoji_but_times_stay() {
    let (dir, _) = build("en", DECK);
    let html = read(&dir, "01-md.html");
    assert!(
        html.contains("practice<sup>1</sup> 😄 at 10:30."),
        "emoji in, time kept"
    );
    if let Some(text) = pdf_page_text(&dir.join("out/01-md.pdf"), 3) {
        assert!(text.contains("😄 at 10:30."), "{text}");
    }
}

#[test]
fn alerts_are_callouts_labelled_in_the_course_language() {
    for (lang, label) in [("en", "Warning"), ("nl", "Waarschuwing")] {
        let (dir, run) = build(lang, DECK);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let html = read(&dir, "01-md.html");
        assert!(
            html.contains("<aside class=\"alert alert-warning\""),
            "{lang}"
        );
        assert!(
            html.contains(&format!(
                "<p class=\"alert-label\"><span aria-hidden=\"true\">⚠</span> {label}</p>"
            )),
            "{lang}"
        );
        assert!(!html.contains("[!WARNING]"), "{lang}");
        if let Some(text) = pdf_page_text(&dir.join("out/01-md.pdf"), 4) {
            assert!(text.contains(&format!("⚠ {label}")), "{lang}: {text}");
            assert!(
                text.contains("Keep stories in the group."),
                "{lang}: {text}"
            );
        }
    }
}

#[test]
fn a_folder_of_other_tools_slides_points_at_lectern_import() {
    let dir = scratch("foreign");
    std::fs::write(dir.join("talk.qmd"), "---\ntitle: Talk\n---\n\n## One\n").unwrap();
    let run = lectern(&["check", "."], &dir);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("talk.qmd:1:1: error: this is a Quarto document, not a lectern deck"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`lectern import`"), "{}", run.stderr);
    assert!(!run.stderr.contains("no problems"), "{}", run.stderr);

    let dir = scratch("marp");
    std::fs::write(
        dir.join("talk.md"),
        "---\nmarp: true\ntheme: gaia\n---\n\n# One\n\n---\n\n# Two\n",
    )
    .unwrap();
    let run = lectern(&["check", "."], &dir);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("talk.md:1:1: error: this is a Marp deck, not a lectern deck"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`lectern import`"), "{}", run.stderr);
}

/// A deck with columns, a background picture and an image width (#16's
/// layout part), in a course with two pictures of its own.
const LAYOUT: &str = r#"+++
title = "Layout"
session = 1
+++

# Side by side {time=2}

:::: columns
::: column
LEFTWORDS stand in the wider column, long enough to wrap over lines.
:::
::: {.column width="40%"}
RIGHTWORDS stand on the right.
:::
::::

Under the columns.

---

# On a photo {background=assets/photo.png}

Readable text on a picture.

---

# A narrow chart

![A chart](assets/chart.png){width=25%}

![A wide chart](assets/chart.png){width=200px}
"#;

/// The slides of a deck page (not its styles or scripts).
fn slides_of(html: &str) -> &str {
    let start = html.find("<main").unwrap();
    &html[start..html.find("</main>").unwrap()]
}

fn layout_course(deck: &str) -> (PathBuf, Run) {
    let dir = course_with_pictures("layout");
    std::fs::write(dir.join("01-layout.md"), deck).unwrap();
    let run = lectern(
        &[
            "build",
            ".",
            "--out",
            "out",
            "--format",
            "html,pdf,handout,pptx",
        ],
        &dir,
    );
    (dir, run)
}

/// Images on each page of a PDF, from poppler's `pdfimages -list`.
fn pdf_images_per_page(pdf: &Path) -> Option<Vec<usize>> {
    let out = std::process::Command::new(tool("pdfimages")?)
        .arg("-list")
        .arg(pdf)
        .output()
        .unwrap();
    let pages = pdf_pages(pdf)?;
    let mut per = vec![0; pages];
    for line in String::from_utf8_lossy(&out.stdout).lines().skip(2) {
        let page: usize = line.split_whitespace().next()?.parse().ok()?;
        // Soft masks come with their image; count pictures once.
        if !line.contains(" smask ") {
            per[page - 1] += 1;
        }
    }
    Some(per)
}

#[test]
fn columns_backgrounds_and_widths_reach_every_output() {
    let (dir, run) = layout_course(LAYOUT);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let html = read(&dir, "01-layout.html");
    // Columns: a grid with the written shares, the text in its column.
    assert!(
        html.contains("<div class=\"columns\" style=\"grid-template-columns:60fr 40fr\">"),
        "columns grid"
    );
    let left = html.find("LEFTWORDS").unwrap();
    let right = html.find("RIGHTWORDS").unwrap();
    let between = &html[left..right];
    assert!(
        between.contains("</div>\n<div class=\"column\">"),
        "two columns"
    );
    // The background: behind the slide, as data, never a file or a URL.
    assert!(html.contains("class=\"slide kind-plain has-bg\""));
    assert!(html.contains(
        "<div class=\"slide-bg\" aria-hidden=\"true\"><img src=\"data:image/png;base64,"
    ));
    // Widths as styles; the attribute text is never shown.
    assert!(html.contains("class=\"sized\" style=\"width:25%\""));
    assert!(html.contains("class=\"sized\" style=\"width:200px\""));
    assert!(
        !slides_of(&html).contains("{width"),
        "attribute text in the HTML"
    );
    // PowerPoint: the columns as text boxes side by side, the picture
    // behind slide 2 under a scrim.
    let mut pptx =
        zip::ZipArchive::new(std::fs::File::open(dir.join("out/01-layout.pptx")).unwrap()).unwrap();
    let part = |pptx: &mut zip::ZipArchive<std::fs::File>, name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut pptx.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let slide1 = part(&mut pptx, "ppt/slides/slide1.xml");
    let x_of = |word: &str| {
        let at = slide1.find(word).unwrap();
        let shape = slide1[..at].rfind("<a:off x=\"").unwrap();
        slide1[shape + 10..]
            .split('"')
            .next()
            .unwrap()
            .parse::<u64>()
            .unwrap()
    };
    assert!(
        x_of("RIGHTWORDS") > x_of("LEFTWORDS") + 4_000_000,
        "side by side in the PPTX"
    );
    let slide2 = part(&mut pptx, "ppt/slides/slide2.xml");
    assert!(slide2.contains("name=\"Background") && slide2.contains("<a:alpha val=\"78000\"/>"));
    assert!(!part(&mut pptx, "ppt/slides/slide3.xml").contains("{width"));
    let Some(text) = pdf_text(&dir.join("out/01-layout.pdf")) else {
        return;
    };
    // Both columns on one page, side by side: on one line of the layout text.
    assert!(
        text.lines()
            .any(|l| l.contains("LEFTWORDS") && l.contains("RIGHTWORDS")),
        "{text}"
    );
    assert!(!text.contains("{width") && !text.contains(":::"), "{text}");
    // The photo behind slide 2; the charts on slide 3; none elsewhere.
    let images = pdf_images_per_page(&dir.join("out/01-layout.pdf")).unwrap();
    assert_eq!(images, [0, 1, 2], "images per page");
    // The workbook: the columns' text, the charts, never the background.
    let handout = dir.join("out/01-layout-handout.pdf");
    let text = pdf_text(&handout).unwrap();
    assert!(
        text.contains("LEFTWORDS") && text.contains("RIGHTWORDS"),
        "{text}"
    );
    assert!(!text.contains("{width"), "{text}");
    let images: usize = pdf_images_per_page(&handout).unwrap().iter().sum();
    assert_eq!(images, 2, "the charts, and no background");
}

#[test]
fn image_widths_set_the_picture_size_in_the_pdf() {
    let (dir, run) = layout_course(LAYOUT);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let Some(tool) = tool("pdfimages") else {
        return;
    };
    // `pdfimages -list` gives pixels and resolution: 25% of the 872 pt
    // text column (960 pt less two 44 pt margins) is 218 pt, 200px 200 pt.
    let out = std::process::Command::new(tool)
        .arg("-list")
        .arg(dir.join("out/01-layout.pdf"))
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    let widths: Vec<f64> = list
        .lines()
        .skip(2)
        .filter(|l| l.split_whitespace().next() == Some("3"))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            // width in pixels / x-ppi * 72 = points
            f[3].parse::<f64>().unwrap() / f[12].parse::<f64>().unwrap() * 72.0
        })
        .collect();
    assert_eq!(widths.len(), 2, "{list}");
    assert!((widths[0] - 218.0).abs() < 3.0, "{widths:?}\n{list}");
    assert!((widths[1] - 200.0).abs() < 3.0, "{widths:?}\n{list}");
}

#[test]
fn broken_layout_markup_is_a_positioned_warning_and_shows_its_content() {
    let deck = "+++\ntitle = \"L\"\n+++\n\n# Broken\n\n:::: columns\n::: column\nKEPT-LEFT\n:::\n::: column\nKEPT-RIGHT\n\n---\n\n# Bad width {background=assets/none.jpg}\n\n![A chart](assets/chart.png){width=wide colour=red}\n";
    let (dir, run) = layout_course(deck);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for w in [
        "01-layout.md:7:1: warning: `:::: columns` is never closed",
        "01-layout.md:11:1: warning: `::: column` is never closed",
        "01-layout.md:16:14: warning: image not found: assets/none.jpg",
        "01-layout.md:18:29: warning: image width `wide` is neither a percentage nor pixels",
        "01-layout.md:18:29: warning: unknown image attribute `colour`",
    ] {
        assert!(run.stderr.contains(w), "{w}:\n{}", run.stderr);
    }
    let html = read(&dir, "01-layout.html");
    assert!(html.contains("KEPT-LEFT") && html.contains("KEPT-RIGHT"));
    assert!(!slides_of(&html).contains("{width") && !html.contains("colour=red"));
    // A missing background leaves the slide as it is.
    assert!(!html.contains("<div class=\"slide-bg\""));
}

//! Fit and flow, as an author sees it: a logical slide that is too long
//! continues on more projected pages in HTML and PDF alike; a short one
//! grows; the workbook shows each slide once. Also the bundled course's
//! fill, measured on the slides PDF as a trainer would look at it.

use crate::common;

use common::{lectern, pdf_pages, pdf_text, pdf_word_rows, scratch, squeeze, tool};
use std::path::Path;

fn long_deck() -> String {
    let items: String = (1..=30)
        .map(|i| format!("- Punt nummer {i} van de lange lijst\n"))
        .collect();
    let sentences: String = (1..=25)
        .map(|i| format!("Dit is zin nummer {i} van een lange alinea over mentaliseren. "))
        .collect();
    format!(
        "+++\ntitle = \"Lang\"\nsession = 1\nmode = \"f2f\"\n+++\n\n\
         ## Een lange lijst {{.list time=6}}\n\n{items}\n???\nNOTITIE-LIJST\n\n---\n\n\
         ## Een lange alinea {{time=5}}\n\n{}\n\n---\n\n## Kort {{.definition}}\n\nEén zin.\n",
        sentences.trim_end()
    )
}

fn model(out: &Path, stem: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join(format!("{stem}.json"))).unwrap()).unwrap()
}

#[test]
fn a_long_slide_flows_onto_pages_that_show_everything_once() {
    let dir = scratch("flow");
    std::fs::write(dir.join("lang.md"), long_deck()).unwrap();
    let run = lectern(&["build", "lang.md", "--out", "out"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains("warning"),
        "a slide that flows is no warning: {}",
        run.stderr
    );
    let out = dir.join("out");
    let json = model(&out, "lang");
    let slides = json["slides"].as_array().unwrap();
    let pages: Vec<u64> = slides
        .iter()
        .map(|s| s["pages"].as_u64().unwrap())
        .collect();
    assert!(
        pages[0] >= 2 && pages[1] >= 2,
        "both long slides flow: {pages:?}"
    );
    assert_eq!(pages[2], 1);
    let total: u64 = pages.iter().sum();
    assert!(total >= 6, "{pages:?}");
    // The short slide grows past the theme's body size (26 pt).
    assert!(slides[2]["size"].as_f64().unwrap() > 26.0, "{json}");
    assert!(slides[0]["size"].as_f64().unwrap() >= 24.0);

    // HTML: one section per projected page, every item and sentence in it.
    let html = std::fs::read_to_string(out.join("lang.html")).unwrap();
    assert_eq!(
        html.matches("<section class=\"slide").count() as u64,
        total,
        "the HTML has as many slides as the PDF has pages"
    );
    for i in 1..=30 {
        let item = format!("Punt nummer {i} van de lange lijst</li>");
        assert_eq!(html.matches(&item).count(), 1, "item {i} once in the HTML");
    }
    for i in 1..=25 {
        let sentence = format!("Dit is zin nummer {i} van een lange alinea");
        assert_eq!(html.matches(&sentence).count(), 1, "sentence {i} once");
    }
    // Continuation pages repeat the title and say which part they are.
    assert_eq!(
        html.matches("Een lange lijst</h2>").count() as u64,
        pages[0]
    );
    assert!(html.contains(&format!("continued · 2/{}", pages[0])));

    // PDF: as many pages, and every item and sentence once.
    let Some(pdf_count) = pdf_pages(&out.join("lang.pdf")) else {
        return;
    };
    assert_eq!(pdf_count as u64, total);
    let text = squeeze(&pdf_text(&out.join("lang.pdf")).unwrap());
    for i in 1..=30 {
        let item = squeeze(&format!("Punt nummer {i} van de lange lijst"));
        assert_eq!(text.matches(&item).count(), 1, "item {i} once in the PDF");
    }
    for i in 1..=25 {
        let s = squeeze(&format!("zin nummer {i} van een lange alinea"));
        assert_eq!(text.matches(&s).count(), 1, "sentence {i} once in the PDF");
    }

    // The workbook: each logical slide once, under one heading, unsplit.
    let workbook = squeeze(&pdf_text(&out.join("lang-handout.pdf")).unwrap());
    assert_eq!(workbook.matches("Eenlangelijst").count(), 1);
    for i in 1..=30 {
        let item = squeeze(&format!("Punt nummer {i} van de lange lijst"));
        assert_eq!(
            workbook.matches(&item).count(),
            1,
            "item {i} once in the workbook"
        );
    }
    assert!(
        !workbook.contains("NOTITIE-LIJST"),
        "notes stay out of the workbook"
    );
    assert!(!workbook.contains("vervolg"));
}

#[test]
fn a_slide_with_a_block_too_big_for_any_page_is_a_warning_at_its_line() {
    let dir = scratch("overfull");
    let words: String = (0..400).map(|i| format!("woord{i} ")).collect();
    let deck = format!(
        "+++\ntitle = \"X\"\nsession = 1\nmode = \"f2f\"\n+++\n\n## Titel\n\n- {words}\n- kort\n"
    );
    std::fs::write(dir.join("x.md"), deck).unwrap();
    let run = lectern(&["check", "x.md"], &dir);
    assert!(
        run.stderr
            .contains("x.md:7:1: warning: slide 1: a block does not fit on a page even alone"),
        "{}",
        run.stderr
    );
}

/// A list one item too long for a page is split as a designer would (8 + 7,
/// not 14 + 1), and the two balanced pages then grow to a size both fit at.
#[test]
fn a_split_is_balanced_and_its_pages_grow() {
    let dir = scratch("balanced");
    let items: String = (1..=15)
        .map(|i| format!("- Punt {i} van de lijst\n"))
        .collect();
    std::fs::write(
        dir.join("b.md"),
        format!("+++\ntitle = \"B\"\nsession = 1\nmode = \"f2f\"\n+++\n\n## Lijst\n\n{items}"),
    )
    .unwrap();
    let run = lectern(
        &["build", "b.md", "--out", "out", "--format", "html,json"],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.join("out");
    let slide = &model(&out, "b")["slides"][0];
    assert_eq!(slide["pages"], 2, "{slide}");
    assert!(
        slide["size"].as_f64().unwrap() > 30.0,
        "the pages grow: {slide}"
    );
    let html = std::fs::read_to_string(out.join("b.html")).unwrap();
    let per_page: Vec<usize> = html
        .split("<section class=\"slide")
        .skip(1)
        .map(|page| page.matches("<li").count())
        .collect();
    assert_eq!(per_page.iter().sum::<usize>(), 15);
    assert!(
        per_page[0].abs_diff(per_page[1]) <= 1,
        "balanced: {per_page:?}"
    );
}

/// Issue #30, item 6: a row of columns too tall for a page overprinted its
/// lines over the footer in the PDF. It continues now, each column beside
/// the others, on as many pages as it needs, in the PDF and the HTML alike.
#[test]
fn columns_too_tall_for_a_page_continue_on_the_next() {
    let dir = scratch("tall-columns");
    let items: String = (1..=16)
        .map(|i| format!("- left item {i} with a few more words\n"))
        .collect();
    let deck = format!(
        "+++\ntitle = \"C\"\n+++\n\n## Columns\n\n:::: columns\n::: {{.column width=\"50%\"}}\n{items}:::\n::: {{.column width=\"50%\"}}\nright\n:::\n::::\n"
    );
    std::fs::write(dir.join("cols.md"), deck).unwrap();
    let run = lectern(&["build", "cols.md", "--out", "out"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let out = dir.join("out");
    let pages = model(&out, "cols")["slides"][0]["pages"].as_u64().unwrap();
    assert!(pages >= 2, "{pages}");
    let html = std::fs::read_to_string(out.join("cols.html")).unwrap();
    assert_eq!(html.matches("<section class=\"slide").count() as u64, pages);
    for i in 1..=16 {
        let item = format!("left item {i} with a few more words</li>");
        assert_eq!(html.matches(&item).count(), 1, "item {i} once in the HTML");
    }
    // One list per column per page: a further item joins its list.
    assert_eq!(html.matches("<ul").count() as u64, pages, "{html}");
    let Some(count) = pdf_pages(&out.join("cols.pdf")) else {
        return;
    };
    assert_eq!(count as u64, pages);
    let text = squeeze(&pdf_text(&out.join("cols.pdf")).unwrap());
    for i in 1..=16 {
        // (The right column's line may come between an item's two lines.)
        let item = squeeze(&format!("left item {i} with a few more"));
        assert_eq!(text.matches(&item).count(), 1, "item {i} once in the PDF");
    }
    assert_eq!(text.matches("right").count(), 1);
    // No two lines drawn over each other: the words of a page, by their
    // top, are a line apart from a word whose line is another (a word's
    // box, the face's ascent to descent, is a little taller than the line
    // pitch, 1.3 em against 1.17).
    for (p, words) in pdf_word_rows(&out.join("cols.pdf"))
        .unwrap()
        .iter()
        .enumerate()
    {
        let mut tops: Vec<(f64, f64)> = words.clone();
        tops.sort_by(|a, b| a.0.total_cmp(&b.0));
        tops.dedup_by(|a, b| (a.0 - b.0).abs() < 0.5);
        for w in tops.windows(2) {
            assert!(
                w[1].0 - w[0].0 >= 0.85 * (w[0].1 - w[0].0),
                "page {}: lines overlap {w:?}",
                p + 1
            );
        }
    }
}

/// Found by the fuzz test: a title taller than the slide left a negative
/// room, and the next size came from dividing by the body's zero height.
#[test]
fn a_title_taller_than_the_slide_builds_with_a_warning() {
    let dir = scratch("tall-title");
    // Under the title cap (1,000 characters), still far taller than a slide.
    let title: String = (0..110).map(|i| format!("woord{i} ")).collect();
    let deck = format!(
        "+++\ntitle = \"X\"\nsession = 1\nmode = \"f2f\"\n+++\n\n## {title}\n\n[^1]\n\n[^1]: noot\n\n---\n\n## {title}\n\n- een\n- twee\n"
    );
    std::fs::write(dir.join("x.md"), deck).unwrap();
    let run = lectern(&["build", "x.md", "--out", "out", "--format", "pdf"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("PDF:"), "{}", run.stderr);
    assert!(run.stderr.contains("does not fit"), "{}", run.stderr);
    assert!(pdf_pages(&dir.join("out/x.pdf")).is_some_and(|n| n >= 2));
}

#[test]
fn pacing_shares_a_slide_s_minutes_over_its_pages() {
    let dir = scratch("pacing");
    std::fs::write(dir.join("lang.md"), long_deck()).unwrap();
    let run = lectern(
        &["build", "lang.md", "--out", "out", "--format", "html,json"],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.join("out");
    let pages = model(&out, "lang")["slides"][0]["pages"].as_u64().unwrap();
    let html = std::fs::read_to_string(out.join("lang.html")).unwrap();
    let share = format!("data-time=\"{}\"", 6.0 / pages as f64);
    assert_eq!(html.matches(&share).count() as u64, pages, "{share}");
}

/// How much of the usable height each content page of a slides PDF uses:
/// from the top margin to the bottom of its last word, footer and part
/// marker left out (960 × 540 pt pages, 44 pt margins, 14 pt for the
/// footer: 438 pt of room).
fn fill_ratios(pdf: &Path, kinds: &[(String, bool)]) -> Vec<f64> {
    let pages = pdf_word_rows(pdf).unwrap();
    assert_eq!(pages.len(), kinds.len(), "{}", pdf.display());
    let mut ratios = Vec::new();
    for (words, (kind, prompt)) in pages.iter().zip(kinds) {
        // Title, section and video slides have layouts of their own; a
        // prompt (a slide that is only its title) is set in the middle.
        if *prompt || matches!(kind.as_str(), "title" | "section" | "video") {
            continue;
        }
        let ys: Vec<(f64, f64)> = words
            .iter()
            .copied()
            .filter(|&(_, bottom)| bottom > 44.0 && bottom <= 483.0)
            .collect();
        if ys.is_empty() {
            continue;
        }
        let bottom = ys.iter().map(|y| y.1).fold(0.0, f64::max);
        ratios.push((bottom - 44.0) / 438.0);
    }
    ratios
}

#[test]
fn a_real_course_fills_its_slides() {
    if tool("pdftotext").is_none() {
        return;
    }
    let dir = scratch("fill");
    let run = lectern(
        &[
            "build",
            &common::course_fixture().to_string_lossy(),
            "--out",
            &dir.to_string_lossy(),
            "--theme",
            "default",
            "--format",
            "pdf,json",
        ],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut ratios = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let kinds: Vec<(String, bool)> = json["slides"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| {
                let n = s["pages"].as_u64().unwrap() as usize;
                let prompt = s["blocks"].as_array().unwrap().is_empty();
                std::iter::repeat_n((s["kind"].as_str().unwrap().to_string(), prompt), n)
            })
            .collect();
        ratios.extend(fill_ratios(&path.with_extension("pdf"), &kinds));
    }
    ratios.sort_by(f64::total_cmp);
    let median = ratios[ratios.len() / 2];
    let under = ratios.iter().filter(|&&r| r < 0.45).count() as f64 / ratios.len() as f64;
    assert!(
        median >= 0.6,
        "median fill {median:.2} of {} pages",
        ratios.len()
    );
    assert!(under <= 0.10, "{:.0}% of pages under 0.45", under * 100.0);
}

/// The sizes and page counts a build chose, slide by slide.
fn decisions(out: &Path) -> Vec<(f64, u64)> {
    model(out, "lang")["slides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["size"].as_f64().unwrap(), s["pages"].as_u64().unwrap()))
        .collect()
}

#[test]
fn a_rebuild_measures_only_what_changed_and_decides_the_same() {
    let dir = scratch("fitcache");
    std::fs::write(dir.join("lang.md"), long_deck()).unwrap();
    let build = |extra: &[&str]| {
        let mut args = vec!["build", "lang.md", "--out", "out", "--format", "json,html"];
        args.extend(extra);
        let run = lectern(&args, &dir);
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    let out = dir.join("out");
    let cache = out.join(".lectern-fits");
    build(&[]);
    let first = decisions(&out);
    let saved = std::fs::read_to_string(&cache).expect("the decisions are kept");
    // Unchanged: the same decisions, and nothing new to keep.
    build(&[]);
    assert_eq!(decisions(&out), first);
    assert_eq!(std::fs::read_to_string(&cache).unwrap(), saved);

    // The kept decisions are what a rebuild uses: doctored, they show...
    let doctored = saved.replace(&format!("\"size\":{:?},", first[2].0), "\"size\":11.0,");
    assert_ne!(doctored, saved, "{saved}");
    std::fs::write(&cache, &doctored).unwrap();
    build(&[]);
    assert_eq!(decisions(&out)[2].0, 11.0);
    // A decision no build could make (a 1e308 pt body) is not taken.
    std::fs::write(
        &cache,
        saved.replace(&format!("\"size\":{:?},", first[2].0), "\"size\":1e308,"),
    )
    .unwrap();
    build(&[]);
    assert_eq!(decisions(&out), first);
    std::fs::write(&cache, &doctored).unwrap();
    // ...unless they were made by another lectern binary, or `--no-cache`.
    build(&["--no-cache"]);
    assert_eq!(decisions(&out), first);
    std::fs::write(
        &cache,
        doctored.replacen("\"lectern\":\"", "\"lectern\":\"0.0.0 other ", 1),
    )
    .unwrap();
    build(&[]);
    assert_eq!(decisions(&out), first);

    // A slide that changes is measured again: the short one grows long.
    let more: String = (1..=20).map(|i| format!("- Nieuw punt {i}\n")).collect();
    let edited = long_deck().replace("Eén zin.\n", &format!("Eén zin.\n\n{more}"));
    assert_ne!(edited, long_deck());
    std::fs::write(dir.join("lang.md"), edited).unwrap();
    build(&[]);
    let cached = decisions(&out);
    build(&["--no-cache"]);
    assert_eq!(cached, decisions(&out));
    assert!(cached[2].1 >= 2, "{cached:?}");
    assert_eq!(&cached[..2], &first[..2]);
}

#[test]
fn a_deck_built_after_another_into_the_same_folder_keeps_the_first_one_s_decisions() {
    let dir = scratch("fitcache-two");
    std::fs::write(dir.join("lang.md"), long_deck()).unwrap();
    // A slide lectern has to measure (so the second build has decisions
    // of its own to keep).
    let items: String = (1..=25).map(|i| format!("- Ander punt {i}\n")).collect();
    std::fs::write(
        dir.join("ander.md"),
        format!("+++\ntitle = \"Ander\"\n+++\n\n## Iets anders\n\n{items}"),
    )
    .unwrap();
    let build = |deck: &str| {
        let run = lectern(&["build", deck, "--out", "out", "--format", "json"], &dir);
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    let store = dir.join("out").join(".lectern-fits");
    let read = || -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(&store).unwrap()).unwrap()
    };
    build("lang.md");
    let first = decisions(&dir.join("out"));
    let lang: Vec<String> = read()["fits"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert!(lang.len() >= 3, "{lang:?}");
    build("ander.md");
    let after = read();
    for key in &lang {
        assert!(after["earlier"].get(key).is_some(), "{key} lost: {after}");
        assert!(after["fits"].get(key).is_none());
    }
    // What the third build uses is the kept decisions: doctored, they show.
    let mut doctored = after.clone();
    for fit in doctored["earlier"].as_object_mut().unwrap().values_mut() {
        fit["size"] = serde_json::json!(11.0);
    }
    std::fs::write(&store, serde_json::to_vec(&doctored).unwrap()).unwrap();
    build("lang.md");
    let third = decisions(&dir.join("out"));
    assert_eq!(third.len(), first.len());
    assert!(third.iter().all(|(size, _)| *size == 11.0), "{third:?}");
}

/// The bundled course in each projected theme is set on the theme's type
/// scale: at most three body sizes per deck, each one of the scale's steps,
/// and on every content page the title at least 1.3 × the body (measured
/// on the PDF: a word box is the face's ascent to descent at its size, so
/// the tallest word, the title, over the body's words is their size ratio).
#[test]
fn the_bundled_course_is_set_on_its_theme_s_type_scale() {
    if tool("pdftotext").is_none() {
        return;
    }
    let scales = [
        ("default", vec![24.0, 28.0, 34.0]),
        ("projector", vec![26.0, 30.0, 36.0]),
        ("screenshare", vec![26.0, 30.0, 36.0]),
    ];
    for (theme, steps) in scales {
        let dir = scratch(&format!("scale-{theme}"));
        let decks = common::repo().join("decks");
        let args = [
            "build",
            decks.to_str().unwrap(),
            "--out",
            "o",
            "--theme",
            theme,
        ];
        let run = lectern(&[&args[..], &["--format", "pdf,json"]].concat(), &dir);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let mut ratios = Vec::new();
        for entry in std::fs::read_dir(dir.join("o")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let json: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let mut sizes = Vec::new();
            let mut content = Vec::new();
            for s in json["slides"].as_array().unwrap() {
                let kind = s["kind"].as_str().unwrap();
                let fitted = !matches!(kind, "title" | "section" | "video")
                    && !s["blocks"].as_array().unwrap().is_empty();
                let size = s["size"].as_f64().unwrap();
                if fitted && !sizes.contains(&size) {
                    sizes.push(size);
                }
                content.extend(std::iter::repeat_n(
                    fitted,
                    s["pages"].as_u64().unwrap() as usize,
                ));
            }
            assert!(sizes.len() <= 3, "{theme} {}: {sizes:?}", path.display());
            assert!(
                sizes.iter().all(|s| steps.contains(s)),
                "{theme}: {sizes:?} off {steps:?}"
            );
            let pages = pdf_word_rows(&path.with_extension("pdf")).unwrap();
            for (words, _) in pages.iter().zip(&content).filter(|(_, c)| **c) {
                let framed: Vec<(f64, f64)> = words
                    .iter()
                    .copied()
                    .filter(|&(_, bottom)| bottom <= 483.0)
                    .collect();
                let Some(&title) = framed
                    .iter()
                    .max_by(|a, b| (a.1 - a.0).total_cmp(&(b.1 - b.0)))
                else {
                    continue;
                };
                let mut body: Vec<f64> = framed
                    .iter()
                    .filter(|w| w.0 > title.1)
                    .map(|w| w.1 - w.0)
                    .collect();
                body.sort_by(f64::total_cmp);
                if let Some(&median) = body.get(body.len() / 2) {
                    ratios.push(((title.1 - title.0) / median, path.clone()));
                }
            }
        }
        assert!(ratios.len() > 50, "{theme}: {} content pages", ratios.len());
        let low: Vec<_> = ratios.iter().filter(|(r, _)| *r < 1.29).collect();
        assert!(low.is_empty(), "{theme}: title under 1.3 × body on {low:?}");
    }
}

/// Every page of a slide that flows starts its body where the first page
/// does, right under the title: a short last page is not centred lower.
#[test]
fn the_pages_of_a_slide_that_flows_share_one_top() {
    if tool("pdftotext").is_none() {
        return;
    }
    let dir = scratch("anchor");
    let items: String = (1..=17)
        .map(|i| format!("- Punt {i} van de lijst\n"))
        .collect();
    let deck = format!("+++\ntitle = \"A\"\n+++\n\n## Een lijst {{.list}}\n\n{items}");
    std::fs::write(dir.join("a.md"), deck).unwrap();
    let run = lectern(
        &["build", "a.md", "--out", "o", "--format", "pdf,json"],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        model(&dir.join("o"), "a")["slides"][0]["pages"]
            .as_u64()
            .unwrap()
            >= 2
    );
    // The first word under the title on each page (the title is the row
    // whose words are tallest; the part mark above it is no body).
    let tops: Vec<f64> = pdf_word_rows(&dir.join("o/a.pdf"))
        .unwrap()
        .iter()
        .map(|words| {
            let framed: Vec<(f64, f64)> = words.iter().copied().filter(|w| w.1 <= 483.0).collect();
            let title = framed
                .iter()
                .copied()
                .max_by(|a, b| (a.1 - a.0).total_cmp(&(b.1 - b.0)))
                .unwrap();
            framed
                .iter()
                .map(|w| w.0)
                .filter(|&t| t > title.1)
                .fold(f64::MAX, f64::min)
        })
        .collect();
    assert!(tops.len() >= 2, "{tops:?}");
    assert!(tops.iter().all(|t| (t - tops[0]).abs() < 1.0), "{tops:?}");
}

/// A room with a small image and a far back row (`room` in course.toml,
/// or `check --room` for one run): the smallest body the back row reads
/// is the scale's floor, so a list that fits on one page in the theme
/// flows onto two, and `check` names that slide and says why.
#[test]
fn a_far_back_row_raises_the_type_and_check_names_what_flows() {
    let dir = scratch("room-rule");
    let items: String = [
        "Nieuwsgierig zijn naar de ander",
        "Vragen stellen in plaats van invullen",
        "Je eigen gevoel opmerken",
        "Ruimte laten voor twijfel",
        "Samen betekenis geven",
        "Een pauze nemen als het spannend wordt",
    ]
    .iter()
    .map(|i| format!("- {i}\n"))
    .collect();
    let deck = format!(
        "+++\ntitle = \"Een\"\nsession = 1\n+++\n\n## Kort {{.definition}}\n\nEen zin.\n\n---\n\n## Lijst {{.list}}\n\n{items}"
    );
    std::fs::write(dir.join("01-een.md"), &deck).unwrap();
    let plain = "title = \"Zaal\"\nlanguage = \"nl\"\n";
    std::fs::write(dir.join("course.toml"), plain).unwrap();
    let run = lectern(&["check", "."], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("flows onto"), "{}", run.stderr);
    // 12 m from a 1.2 m image: letters of 5 % of its height, an x-height
    // of 27 pt on a 540 pt slide, 54.5 pt of Atkinson Hyperlegible Next.
    let line = deck
        .lines()
        .position(|l| l.starts_with("## Lijst"))
        .unwrap()
        + 1;
    let named = format!("01-een.md:{line}:1: warning: slide 2 flows onto 2 pages (not 1) because the back row reads nothing under 54.5 pt: a 1.2 m high image seen from 12 m needs letters of 5.0 % of its height");
    let run = lectern(&["check", ".", "--room", "1.2,12"], &dir);
    assert!(run.stderr.contains(&named), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("flows onto").count(),
        1,
        "{}",
        run.stderr
    );
    // The same from course.toml, and every output is set at the floor.
    let roomy = format!("{plain}room = {{ screen_height = 1.2, farthest_viewer = 12 }}\n");
    std::fs::write(dir.join("course.toml"), roomy).unwrap();
    let run = lectern(&["check", "."], &dir);
    assert!(run.stderr.contains(&named), "{}", run.stderr);
    let run = lectern(&["build", ".", "--out", "o", "--format", "html,json"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = model(&dir.join("o"), "01-een");
    let decided: Vec<(f64, u64)> = json["slides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["size"].as_f64().unwrap(), s["pages"].as_u64().unwrap()))
        .collect();
    assert_eq!(decided, [(54.5, 1), (54.5, 2)]);
    let html = std::fs::read_to_string(dir.join("o/01-een.html")).unwrap();
    assert!(
        html.contains("--fit-body:54.5px") && html.contains("--fit-title:71px"),
        "{html}"
    );
    // A room that cannot be is an error at its line.
    let wrong = format!("{plain}room = {{ screen_height = 0, farthest_viewer = 12 }}\n");
    std::fs::write(dir.join("course.toml"), wrong).unwrap();
    let run = lectern(&["check", "."], &dir);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("course.toml:3:1: error: a screen height of 0 m is outside 0.2–20 m"),
        "{}",
        run.stderr
    );
}

//! One fitting decision, both backends: every page of a real course
//! wraps into the same number of lines in headless Chromium (DOM rects) as
//! in the slides PDF (poppler's word boxes), at 1920×1080 and 1280×720, and
//! no HTML page overflows its room. Chromium runs as on a trainer's laptop:
//! without DejaVu or any font of lectern's, so the page has only the fonts
//! it embeds.

use crate::common;

use common::cdp::{self, Browser};
use std::time::Duration;

/// Lines of text in the frame (label, title, body) of each page of a PDF:
/// words within the margins, clustered by their vertical centre.
fn pdf_lines(pdf: &std::path::Path) -> Vec<usize> {
    common::pdf_word_rows(pdf)
        .unwrap()
        .into_iter()
        .map(|words| {
            let boxes: Vec<(f64, f64)> = words
                .into_iter()
                // By a word's middle: a title's box (the face's ascent)
                // reaches above the margin; the part mark's lies above it.
                .filter(|&(top, bottom)| f64::midpoint(top, bottom) >= 35.0 && bottom <= 505.0)
                .collect();
            cluster(boxes)
        })
        .collect()
}

fn cluster(mut boxes: Vec<(f64, f64)>) -> usize {
    boxes.sort_by(|a, b| (a.0 + a.1).total_cmp(&(b.0 + b.1)));
    let (mut lines, mut bottom) = (0, f64::MIN);
    for (top, b) in boxes {
        if f64::midpoint(top, b) > bottom {
            lines += 1;
            bottom = b;
        } else {
            bottom = bottom.max(b);
        }
    }
    lines
}

/// Text boxes of the current slide's frame, in slide points, and whether
/// its body fits its room (after the runtime's guard, which must not act).
const PAGE_LINES: &str = "(() => {
  const s = document.querySelector('.slide.current');
  const frame = s.querySelector('.frame');
  const base = s.getBoundingClientRect();
  const k = base.width / 960;
  const boxes = [];
  const walk = document.createTreeWalker(frame, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walk.nextNode())) {
    if (!n.textContent.trim()) continue;
    const r = document.createRange();
    r.selectNodeContents(n);
    for (const q of r.getClientRects()) {
      if (q.width > 0.5) boxes.push([(q.top - base.top) / k, (q.bottom - base.top) / k]);
    }
  }
  const room = s.querySelector('.room'), content = s.querySelector('.content');
  const fits = !room || !content || room.style.display === 'none' ||
    content.getBoundingClientRect().bottom <= room.getBoundingClientRect().bottom + 1;
  const image = !!frame.querySelector('.content img');
  return { boxes, fits, image, shrunk: s.hasAttribute('data-shrunk'), kind: s.className };
})()";

#[test]
fn html_and_pdf_wrap_every_page_alike() {
    let (Some(chromium), Some(_)) = (common::tool("chromium"), common::tool("pdftotext")) else {
        return;
    };
    let dir = common::scratch("fit-browser");
    let out = dir.join("out");
    let decks = common::course_fixture();
    let run = common::lectern(
        &[
            "build",
            decks.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "html,pdf",
        ],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let browser = Browser::launch_without_fonts(&chromium);
    let page = browser.new_page();
    let mut compared = 0;
    let mut same = 0;
    let mut differ = Vec::new();
    for (width, height) in [(1920, 1080), (1280, 720)] {
        page.call(
            "Emulation.setDeviceMetricsOverride",
            serde_json::json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        );
        let mut entries: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .filter(|p| p.file_name().is_some_and(|n| n != "index.html"))
            .collect();
        entries.sort();
        for html in entries {
            let pdf = pdf_lines(&html.with_extension("pdf"));
            page.navigate(&cdp::file_url(&html));
            page.wait_until(
                "window.lectern && document.fonts.status === 'loaded'",
                Duration::from_secs(10),
            );
            let total = page.eval("window.lectern.state().total").as_u64().unwrap() as usize;
            assert_eq!(
                total,
                pdf.len(),
                "{}: HTML slides = PDF pages",
                html.display()
            );
            for (i, want) in pdf.iter().enumerate() {
                page.eval(&format!("window.lectern.go({i}, 0, true)"));
                let got = page.eval(PAGE_LINES);
                let name = format!("{} page {} at {width}px", html.display(), i + 1);
                assert!(
                    got["fits"].as_bool().unwrap(),
                    "{name}: the body overflows its room"
                );
                if got["kind"].as_str().unwrap().contains("kind-video") {
                    continue; // a click-to-load player in HTML, a QR code in the PDF
                }
                if got["image"].as_bool().unwrap() {
                    continue; // an image's words are pixels in HTML, text in the PDF
                }
                if got["shrunk"].as_bool().unwrap() {
                    // The runtime had to set this page smaller than the PDF
                    // to keep it whole: it counts as a page that differs.
                    compared += 1;
                    differ.push(format!("{name}: needed smaller type in HTML"));
                    continue;
                }
                let boxes: Vec<(f64, f64)> = got["boxes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|b| (b[0].as_f64().unwrap(), b[1].as_f64().unwrap()))
                    .collect();
                let lines = cluster(boxes);
                compared += 1;
                if lines == *want {
                    same += 1;
                } else {
                    differ.push(format!("{name}: {lines} lines in HTML, {want} in the PDF"));
                }
            }
        }
    }
    let share = f64::from(same) / f64::from(compared);
    eprintln!(
        "{same} of {compared} pages wrap alike; differing:\n{}",
        differ.join("\n")
    );
    assert!(
        share >= 0.98,
        "only {same} of {compared} pages wrap alike:\n{}",
        differ.join("\n")
    );
}

/// Columns stand side by side in Chromium as in the PDF, and wrap into the
/// same lines; a slide on a background picture too.
#[test]
fn columns_stand_side_by_side_and_wrap_as_in_the_pdf() {
    let (Some(chromium), Some(_)) = (common::tool("chromium"), common::tool("pdftotext")) else {
        return;
    };
    let dir = common::course_with_pictures("fit-columns");
    let deck = "+++\ntitle = \"Columns\"\n+++\n\n\
        # Two columns\n\n:::: columns\n::: column\nThe left column holds a paragraph long enough to wrap over several lines at this size.\n\n- a first point\n- a second point\n:::\n::: {.column width=\"35%\"}\nThe narrow right column wraps sooner than the left one does.\n:::\n::::\n\nA line under the columns.\n\n---\n\n\
        # Three columns\n\n::: columns\n::: column\nOne column of three, with words.\n:::\n::: column\nTwo, with a few more words in it.\n:::\n::: column\nThree.\n:::\n:::\n\n---\n\n\
        # On a photo {background=assets/photo.png}\n\nReadable text on a picture, wrapping like any other paragraph on a slide.\n";
    std::fs::write(dir.join("01-columns.md"), deck).unwrap();
    let out = dir.join("out");
    let run = common::lectern(
        &[
            "build",
            ".",
            "--out",
            out.to_str().unwrap(),
            "--format",
            "html,pdf",
        ],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = pdf_lines(&out.join("01-columns.pdf"));
    assert_eq!(pdf.len(), 3, "three pages");
    let browser = Browser::launch_without_fonts(&chromium);
    let page = browser.new_page();
    page.call(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({"width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": false}),
    );
    page.navigate(&cdp::file_url(&out.join("01-columns.html")));
    page.wait_until(
        "window.lectern && document.fonts.status === 'loaded'",
        Duration::from_secs(10),
    );
    for (i, (want, columns)) in pdf.iter().zip([2, 3, 0]).enumerate() {
        page.eval(&format!("window.lectern.go({i}, 0, true)"));
        let boxes = page.eval(
            "[...document.querySelectorAll('.slide.current .column')].map(c => { const r = c.getBoundingClientRect(); return [r.left, r.right, r.top]; })",
        );
        let boxes = boxes.as_array().unwrap();
        assert_eq!(boxes.len(), columns, "page {}: columns", i + 1);
        for pair in boxes.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let f = |v: &serde_json::Value, k: usize| v[k].as_f64().unwrap();
            assert!(f(a, 1) < f(b, 0), "page {}: side by side: {boxes:?}", i + 1);
            assert!(
                (f(a, 2) - f(b, 2)).abs() < 1.0,
                "page {}: one row: {boxes:?}",
                i + 1
            );
        }
        let got = page.eval(PAGE_LINES);
        assert!(got["fits"].as_bool().unwrap(), "page {}: overflows", i + 1);
        let lines = cluster(
            got["boxes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| (b[0].as_f64().unwrap(), b[1].as_f64().unwrap()))
                .collect(),
        );
        assert_eq!(lines, *want, "page {}: lines in HTML and PDF", i + 1);
    }
    // The picture covers the slide behind its text.
    let bg = page.eval(
        "(() => { const s = document.querySelector('.slide.current'), b = s.querySelector('.slide-bg img'); if (!b) return null; const r = b.getBoundingClientRect(), q = s.getBoundingClientRect(); return [r.width / q.width, r.height / q.height, b.complete && b.naturalWidth > 0]; })()",
    );
    let covers = bg.as_array().is_some_and(|b| {
        (b[0].as_f64().unwrap() - 1.0).abs() < 0.01
            && (b[1].as_f64().unwrap() - 1.0).abs() < 0.01
            && b[2] == true
    });
    assert!(covers, "the background covers the slide: {bg}");
}

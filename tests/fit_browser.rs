//! One fitting decision, both backends: every page of the bundled course
//! wraps into the same number of lines in headless Chromium (DOM rects) as
//! in the slides PDF (poppler's word boxes), at 1920×1080 and 1280×720, and
//! no HTML page overflows its room.

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
                .filter(|&(top, bottom)| top >= 35.0 && bottom <= 505.0)
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
    let decks = common::repo().join("decks");
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
    let browser = Browser::launch(&chromium);
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

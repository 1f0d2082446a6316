//! What an author sees: save → the new text painted in the open page, in
//! real headless Chromium against `lectern serve` on loopback. The page
//! waits for the text with a MutationObserver and answers after the next
//! animation frame (the paint), as the eye would see it; the time runs from
//! just before the file is written until then. 20 saves of the biggest
//! bundled deck, one word each. Run: `cargo bench --bench browser`
//! (needs Chromium: `apt-get install chromium`).

#[path = "../tests/common/mod.rs"]
mod common;

use common::cdp::{Browser, Page};
use common::http::*;
use std::time::{Duration, Instant};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Resolves (in `window.lecternSeen`) once `marker` is in the deck and a
/// frame has been painted with it.
fn watch_for(page: &Page, marker: &str) {
    page.eval(&format!(
        "window.lecternSeen = new Promise(done => {{
           const deck = document.getElementById('deck');
           const seen = () => deck.textContent.includes({marker:?});
           const mo = new MutationObserver(() => {{
             if (seen()) {{ mo.disconnect(); requestAnimationFrame(() => done(true)); }}
           }});
           mo.observe(document.body, {{ subtree: true, childList: true, characterData: true }});
         }}); true"
    ));
}

fn main() {
    let Some(chromium) = common::tool("chromium") else {
        eprintln!("browser bench skipped: no chromium (apt-get install chromium)");
        return;
    };
    let decks = common::repo().join("decks");
    // The biggest bundled deck: the most to rebuild, send and swap.
    let biggest = std::fs::read_dir(&decks)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .unwrap();
    let stem = biggest.file_stem().unwrap().to_string_lossy().to_string();
    let server = start_on(&decks);
    let deck = server.dir.join("course").join(format!("{stem}.md"));
    let original = std::fs::read_to_string(&deck).unwrap();
    // The first list item after the front matter carries the marker.
    let body_start = original.find("\n+++").map_or(0, |i| i + 4);
    let at = body_start + original[body_start..].find("\n- ").unwrap() + 3;
    let end = at + original[at..].find('\n').unwrap();
    let item = original[at..end].to_string();

    let browser = Browser::launch(&chromium);
    let page = browser.new_page();
    page.navigate(&format!("http://127.0.0.1:{}/{stem}/", server.port));
    page.wait_until(
        "document.documentElement.getAttribute('data-live') === 'connected'",
        Duration::from_secs(20),
    );
    let mut times = Vec::new();
    for i in 0..21 {
        let marker = format!("Woordje{i}x");
        watch_for(&page, &marker);
        let text = format!("{}{item} {marker}{}", &original[..at], &original[end..]);
        let t = Instant::now();
        std::fs::write(&deck, text).unwrap();
        page.eval("window.lecternSeen");
        if i > 0 {
            times.push(t.elapsed().as_secs_f64() * 1000.0); // the first warms up
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "save → new text painted in Chromium, {stem} ({} KB), 20 saves: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        original.len() / 1024,
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        times[times.len() - 1]
    );
}

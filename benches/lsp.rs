//! `lectern lsp`: keystroke → diagnostics, the time from a `didChange` of
//! one typed character to the `publishDiagnostics` of that version, on the
//! biggest bundled deck, over the real binary's stdin and stdout (the test
//! client of tests/lsp.rs). Two typing paces: 100 ms between keys (the
//! fitting pass, after 150 ms of quiet, never runs in between) and 250 ms
//! (it runs after every key, and a key may wait for it).
//! Targets (issue #29): p50 ≤ 30 ms, p95 ≤ 60 ms.
//! Run: `cargo bench --bench lsp`.

#[path = "../tests/common/mod.rs"]
mod common;
#[allow(dead_code, unused_imports)]
#[path = "../tests/lsp.rs"]
mod lsp;

use lsp::client::{file_uri, Client};
use serde_json::json;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// The biggest deck of the bundled course, in a scratch copy.
fn biggest_deck() -> (PathBuf, PathBuf) {
    let dir = common::scratch("bench-lsp");
    common::copy_tree(&common::repo().join("decks"), &dir);
    let deck = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .max_by_key(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .unwrap();
    (dir, deck)
}

/// Types `keys` characters `pace` apart; the latency of each.
fn typing(
    client: &mut Client,
    uri: &str,
    line: u64,
    first: i64,
    keys: i64,
    pace: Duration,
) -> Vec<f64> {
    let mut times = Vec::new();
    for (n, version) in (first..first + keys).enumerate() {
        let at = json!({"line": line, "character": n});
        let started = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"range": {"start": at, "end": at}, "text": "x"}]}),
        );
        client.diagnostics(uri, version, |_| true);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        client.drain();
        std::thread::sleep(pace.saturating_sub(started.elapsed()));
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    times
}

fn main() {
    let (dir, deck) = biggest_deck();
    let text = std::fs::read_to_string(&deck).unwrap();
    let mut client = Client::start(common::bin(), &dir);
    let uri = file_uri(&deck);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    client.diagnostics(&uri, 1, |_| true);
    // Let the first fitting (Typst's warm-up) finish.
    std::thread::sleep(Duration::from_secs(3));
    client.drain();
    // Type at the start of a paragraph line in the middle of the deck.
    let lines: Vec<&str> = text.lines().collect();
    let line = (lines.len() / 2..lines.len())
        .find(|&i| lines[i].chars().next().is_some_and(char::is_alphabetic))
        .unwrap_or(lines.len() / 2) as u64;
    let name = deck.file_name().unwrap().to_string_lossy().to_string();
    println!("{name}: {} bytes, {} lines", text.len(), lines.len());
    let mut version = 2;
    for (pace, keys) in [(100, 200), (250, 100)] {
        let times = typing(
            &mut client,
            &uri,
            line,
            version,
            keys,
            Duration::from_millis(pace),
        );
        version += keys;
        println!(
            "keystroke → diagnostics, {keys} keys {pace} ms apart: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms (target p50 30, p95 60)",
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            times[times.len() - 1]
        );
    }
    let _ = client.stop();
    let _ = std::fs::remove_dir_all(&dir);
}

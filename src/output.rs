//! Writing results: the deck summary JSON and atomic file writes.

use serde::Serialize;
use std::io::Write;
use std::path::Path;

use crate::deck::{blocks_links, blocks_text, inline_text, Deck};

#[derive(Serialize)]
struct DeckSummary<'a> {
    title: &'a str,
    session: Option<u32>,
    mode: &'a str,
    duration: u32,
    file: &'a str,
    slides: Vec<SlideSummary<'a>>,
}

#[derive(Serialize)]
struct SlideSummary<'a> {
    number: usize,
    kind: &'static str,
    title: String,
    /// What the audience sees, as plain text.
    text: String,
    /// The speaker notes, as plain text.
    notes: String,
    links: Vec<String>,
    time: Option<f64>,
    line: usize,
    /// Projected pages after fit and flow.
    pages: usize,
    /// The body text size chosen for the slide, in points.
    size: f64,
    /// The full structure, for tools that want more than text.
    blocks: &'a [crate::deck::Block],
    /// The picture behind the slide (`background=`), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    background: Option<&'a str>,
}

/// `<stem>.json`: the deck model with plain-text views of each slide.
/// `fits` are the fitting decisions, one per slide (see `fit`).
pub fn deck_json(deck: &Deck, fits: &[crate::fit::Fit]) -> Vec<u8> {
    let summary = DeckSummary {
        title: &deck.title,
        session: deck.session,
        mode: match deck.mode {
            crate::deck::Mode::F2f => "f2f",
            crate::deck::Mode::Online => "online",
        },
        duration: deck.duration,
        // The file in the course folder, the same from any working directory.
        file: deck.file.rsplit('/').next().unwrap_or(&deck.file),
        slides: deck
            .slides
            .iter()
            .zip(fits)
            .map(|(s, fit)| SlideSummary {
                number: s.number,
                kind: s.kind.name(),
                title: inline_text(&s.title),
                text: blocks_text(&s.blocks),
                notes: blocks_text(&s.notes),
                links: blocks_links(&s.blocks),
                time: s.time,
                line: s.pos.line,
                pages: fit.pages(),
                size: fit.size,
                blocks: &s.blocks,
                background: s.background.as_ref().map(|b| b.src.as_str()),
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&summary).expect("the deck model serialises");
    bytes.push(b'\n');
    bytes
}

/// Writes a file so that readers see either the old or the new content,
/// never half of it: write a temporary file beside it, then rename it over.
/// (No fsync: outputs can be rebuilt, and it cost 50-80 ms per file.)
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let target = dir.join(name);
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        std::fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Why an output could not be replaced, and what to do. The file keeps its
/// previous contents (outputs are written beside it and renamed over).
pub fn write_failure(path: &Path, e: &std::io::Error) -> String {
    let help = if e.kind() == std::io::ErrorKind::PermissionDenied {
        "if it is open in a program that locks files (a PDF viewer on Windows), close it and build again"
    } else {
        "check that the folder is writable and has room"
    };
    format!(
        "cannot write {}: {e}\n  = help: {help}; the previous version is kept",
        crate::diag::display_path(path)
    )
}

/// Holds the output folder for one build: a second build into the same
/// folder waits here (and says so) until the first has written everything.
pub fn lock_folder(dir: &Path) -> std::io::Result<std::fs::File> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".lectern-lock"))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!(
                "another lectern build is writing into {}; waiting for it",
                dir.display()
            );
            file.lock()?;
            Ok(file)
        }
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// Removes temporary files a killed build may have left behind.
pub fn clean_temporaries(dir: &Path) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.starts_with('.') && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Removes the PNG pages of a deck that a build no longer makes: after a
/// deck shrank from seven pages to two, `x.003.png` … `x.007.png` would
/// otherwise stay beside the new ones. `written` are the names just written.
pub fn remove_stale_pages(dir: &Path, written: &[String]) {
    let stems: std::collections::BTreeSet<&str> = written
        .iter()
        .filter_map(|name| page_of(name).map(|(stem, _)| stem))
        .collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let stale = page_of(&name).is_some_and(|(stem, _)| stems.contains(stem))
            && !written.contains(&name);
        if stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The deck stem and number of a PNG page's file name (`x.003.png`).
fn page_of(name: &str) -> Option<(&str, u32)> {
    let (stem, number) = name.strip_suffix(".png")?.rsplit_once('.')?;
    if stem.is_empty() || number.len() < 3 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((stem, number.parse().ok()?))
}

#[cfg(test)]
mod page_tests {
    use super::*;

    #[test]
    fn only_the_pages_a_build_no_longer_makes_go() {
        let dir = std::env::temp_dir().join(format!("lectern-stale-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for name in [
            "a.001.png",
            "a.002.png",
            "a.003.png",
            "a.b.001.png",
            "b.001.png",
            "a.png",
            "a.pdf",
        ] {
            std::fs::write(dir.join(name), "x").unwrap();
        }
        remove_stale_pages(
            &dir,
            &["a.001.png".into(), "a.002.png".into(), "a.pdf".into()],
        );
        let mut left: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "a.001.png",
                "a.002.png",
                "a.b.001.png",
                "a.pdf",
                "a.png",
                "b.001.png"
            ]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

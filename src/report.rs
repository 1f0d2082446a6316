//! Delivery logs and the plan-versus-actual report. The presenter view logs
//! how long each slide was shown; `lectern serve` keeps each delivery in
//! `<course>/.lectern/delivery/<stem>/<started>.json`, and `lectern report`
//! sets the latest (or every) delivery beside the minutes the deck plans.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::course::Course;
use crate::deck::inline_text;

/// Where a course keeps what lectern records about it (not a deck folder:
/// the watcher and the loader skip hidden folders).
pub const STATE_DIR: &str = ".lectern";

/// One delivery of one deck.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub deck: String,
    /// ISO-8601 UTC time the presenter view opened (`2026-12-01T09:30:00Z`).
    pub started: String,
    /// Each showing of a logical slide, in order: (slide number, seconds).
    pub slides: Vec<(u32, u64)>,
}

const MAX_SHOWINGS: usize = 20_000;
const MAX_SECONDS: u64 = 2 * 24 * 3600;

impl Delivery {
    /// Reads a log as the presenter view sends it, refusing anything that
    /// is not one: the server writes what this returns, nothing else.
    pub fn from_json(v: &serde_json::Value) -> Option<Delivery> {
        let deck = v
            .get("deck")?
            .as_str()
            .filter(|s| !s.is_empty() && s.len() <= 255)?;
        let started = v.get("started")?.as_str().filter(|s| is_iso_time(s))?;
        let list = v
            .get("slides")?
            .as_array()
            .filter(|l| l.len() <= MAX_SHOWINGS)?;
        let mut slides = Vec::with_capacity(list.len());
        for entry in list {
            let number = entry
                .get("number")?
                .as_u64()
                .filter(|&n| (1..=100_000).contains(&n))?;
            let seconds = entry
                .get("seconds")?
                .as_u64()
                .filter(|&s| s <= MAX_SECONDS)?;
            slides.push((number as u32, seconds));
        }
        Some(Delivery {
            deck: deck.to_string(),
            started: started.to_string(),
            slides,
        })
    }

    pub fn to_json(&self) -> String {
        let slides: Vec<serde_json::Value> = self
            .slides
            .iter()
            .map(|(n, s)| serde_json::json!({ "number": n, "seconds": s }))
            .collect();
        let v = serde_json::json!({ "deck": self.deck, "started": self.started, "slides": slides });
        // Compact: a log written is no larger than the body it came in.
        serde_json::to_string(&v).unwrap_or_default()
    }

    /// The log's file name: its start time, with `-` for `:` (Windows).
    pub fn file_name(&self) -> String {
        format!("{}.json", self.started.replace(':', "-"))
    }

    /// The folder a course keeps this deck's deliveries in.
    pub fn folder(course_root: &Path, stem: &str) -> PathBuf {
        course_root.join(STATE_DIR).join("delivery").join(stem)
    }

    /// Seconds per logical slide, summed over every showing.
    pub fn seconds_per_slide(&self) -> BTreeMap<u32, u64> {
        let mut out = BTreeMap::new();
        for (n, s) in &self.slides {
            *out.entry(*n).or_insert(0) += s;
        }
        out
    }
}

/// `2026-12-01T09:30:00Z`, nothing else (it becomes a file name), and a
/// real time: `9999-99-99T99:99:99Z` is not one.
fn is_iso_time(s: &str) -> bool {
    let b = s.as_bytes();
    let shaped = s.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        });
    let field = |from: usize, to: usize| s[from..to].parse::<u32>().unwrap_or(u32::MAX);
    shaped
        && (2000..=2999).contains(&field(0, 4))
        && (1..=12).contains(&field(5, 7))
        && (1..=31).contains(&field(8, 10))
        && field(11, 13) < 24
        && field(14, 16) < 60
        && field(17, 19) < 60
}

/// How many delivery logs a deck keeps, and how many bytes they take in
/// all: the server refuses a new one beyond either (it removes none).
pub const MAX_LOGS_KEPT: usize = 200;
pub const MAX_LOG_TOTAL: u64 = 16 * 1024 * 1024;

/// How many delivery logs of a deck are read, the newest.
pub const MAX_LOGS_READ: usize = 500;
/// The largest delivery log read (a 12-hour session with a move a second
/// is far smaller).
pub const MAX_LOG_BYTES: u64 = 256 * 1024;

/// The deliveries recorded for a deck, oldest first (file names sort by time).
pub fn deliveries(course_root: &Path, stem: &str) -> Vec<Delivery> {
    let dir = Delivery::folder(course_root, stem);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    // The newest logs, each no larger than the server accepts one: a
    // folder filled by hand (or by a device) cannot make this read for long.
    let newest = files.len().saturating_sub(MAX_LOGS_READ);
    files[newest..]
        .iter()
        .filter_map(|f| crate::files::read_bounded(f, MAX_LOG_BYTES).ok())
        .filter_map(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .filter_map(|v| Delivery::from_json(&v))
        .filter(|d| d.deck == stem)
        .collect()
}

/// Whether a deck's log folder has room for `name` of `bytes` (replacing
/// a log of that name counts as its new size): at most `MAX_LOGS_KEPT`
/// logs and `MAX_LOG_TOTAL` bytes. An error says what to do; nothing is
/// removed (the logs are the trainer's).
pub fn check_room(dir: &Path, name: &str, bytes: u64) -> std::io::Result<()> {
    let mut count = 0usize;
    let mut total = bytes;
    for entry in std::fs::read_dir(dir)?.flatten() {
        if entry.file_name().to_string_lossy() == name {
            continue;
        }
        count += 1;
        total = total.saturating_add(entry.metadata().map_or(0, |m| m.len()));
    }
    if count >= MAX_LOGS_KEPT || total > MAX_LOG_TOTAL {
        return Err(std::io::Error::new(
            std::io::ErrorKind::StorageFull,
            format!(
                "{} holds {count} delivery logs ({} KB); lectern keeps at most {MAX_LOGS_KEPT} and {} MB per deck: remove old ones (after `lectern report`)",
                dir.display(),
                total / 1000,
                MAX_LOG_TOTAL / (1024 * 1024)
            ),
        ));
    }
    Ok(())
}

fn minutes(seconds: u64) -> String {
    format!("{:.1}", seconds as f64 / 60.0)
}

/// The report: per deck with deliveries, each slide's planned minutes and
/// the actual minutes of the latest delivery (or of each, with `all`).
pub fn report(course: &Course, all: bool) -> String {
    let mut out = String::new();
    for deck in &course.decks {
        let mut found = deliveries(&course.root, &deck.stem);
        if found.is_empty() {
            continue;
        }
        if !all {
            found.drain(..found.len() - 1);
        }
        let _ = writeln!(out, "{} — {}", deck.stem, deck.title);
        let mut head = format!("{:>5}  {:<44} {:>8}", "slide", "title", "planned");
        for d in &found {
            let _ = write!(head, " {:>20}", d.started);
        }
        let _ = writeln!(out, "{head}");
        let per_slide: Vec<BTreeMap<u32, u64>> =
            found.iter().map(Delivery::seconds_per_slide).collect();
        let mut planned_total = 0.0;
        let mut totals = vec![0u64; found.len()];
        for slide in &deck.slides {
            let mut title = inline_text(&slide.title);
            if title.chars().count() > 44 {
                title = title.chars().take(43).collect::<String>() + "…";
            }
            let planned = slide.time.map_or_else(|| "–".into(), |t| format!("{t:.1}"));
            planned_total += slide.time.unwrap_or(0.0);
            let mut line = format!("{:>5}  {:<44} {:>8}", slide.number, title, planned);
            for (k, seconds) in per_slide.iter().enumerate() {
                let s = seconds.get(&(slide.number as u32)).copied().unwrap_or(0);
                totals[k] += s;
                let _ = write!(line, " {:>20}", if s > 0 { minutes(s) } else { "–".into() });
            }
            let _ = writeln!(out, "{line}");
        }
        let mut line = format!(
            "{:>5}  {:<44} {:>8.1}",
            "", "total (minutes)", planned_total
        );
        for t in totals {
            let _ = write!(line, " {:>20}", minutes(t));
        }
        let _ = writeln!(out, "{line}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_logs_are_read() {
        let good = serde_json::json!({"deck": "01-x", "started": "2026-12-01T09:30:00Z",
            "slides": [{"number": 1, "seconds": 90}, {"number": 2, "seconds": 30}, {"number": 1, "seconds": 10}]});
        let d = Delivery::from_json(&good).unwrap();
        assert_eq!(d.file_name(), "2026-12-01T09-30-00Z.json");
        assert_eq!(d.seconds_per_slide().get(&1), Some(&100));
        assert_eq!(
            Delivery::from_json(&serde_json::from_str(&d.to_json()).unwrap()),
            Some(d)
        );
        for bad in [
            serde_json::json!({"deck": "x", "started": "../../etc/passwd", "slides": []}),
            serde_json::json!({"deck": "x", "started": "2026-12-01T09:30:00Z", "slides": [{"number": 0, "seconds": 1}]}),
            serde_json::json!({"deck": "x", "started": "2026-12-01T09:30:00Z", "slides": [{"number": 1, "seconds": -1}]}),
            serde_json::json!({"deck": "", "started": "2026-12-01T09:30:00Z", "slides": []}),
            serde_json::json!({"deck": "x", "started": "9999-99-99T99:99:99Z", "slides": []}),
            serde_json::json!({"deck": "x", "started": "2026-13-01T09:30:00Z", "slides": []}),
            serde_json::json!({"deck": "x", "started": "2026-12-01T24:00:00Z", "slides": []}),
        ] {
            assert_eq!(Delivery::from_json(&bad), None, "{bad}");
        }
    }

    #[test]
    fn a_log_is_compact_and_a_full_folder_is_refused_without_removing_any() {
        let d = Delivery {
            deck: "01-x".into(),
            started: "2026-12-01T09:30:00Z".into(),
            slides: vec![(1, 90); 100],
        };
        assert!(!d.to_json().contains('\n') && !d.to_json().contains(": "));
        let dir = std::env::temp_dir().join(format!("lectern-logs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for i in 0..MAX_LOGS_KEPT {
            std::fs::write(dir.join(format!("{i:04}.json")), "{}").unwrap();
        }
        // Rewriting a kept log is fine; a new one is refused.
        assert!(check_room(&dir, "0000.json", 10).is_ok());
        let full = check_room(&dir, "new.json", 10).unwrap_err();
        assert_eq!(full.kind(), std::io::ErrorKind::StorageFull);
        assert!(full.to_string().contains("remove old ones"), "{full}");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), MAX_LOGS_KEPT);
        assert!(check_room(&dir, "0001.json", MAX_LOG_TOTAL + 1).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}

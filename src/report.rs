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
    /// The presenter's clock against UTC when it started, in minutes (east
    /// positive), so the report shows the time of day in the room; absent
    /// in logs of older versions.
    pub utc_offset_minutes: Option<i32>,
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
        // ±14 hours covers every time zone there is.
        let utc_offset_minutes = match v.get("utc_offset_minutes") {
            None => None,
            Some(m) => Some(
                m.as_i64()
                    .filter(|m| m.abs() <= 14 * 60)
                    .and_then(|m| i32::try_from(m).ok())?,
            ),
        };
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
            utc_offset_minutes,
            slides,
        })
    }

    pub fn to_json(&self) -> String {
        let slides: Vec<serde_json::Value> = self
            .slides
            .iter()
            .map(|(n, s)| serde_json::json!({ "number": n, "seconds": s }))
            .collect();
        let mut v =
            serde_json::json!({ "deck": self.deck, "started": self.started, "slides": slides });
        if let Some(offset) = self.utc_offset_minutes {
            v["utc_offset_minutes"] = offset.into();
        }
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

    /// When it started, as the room's clock showed it (`2026-12-01 10:30`),
    /// or in UTC, said so, for a log that does not know the room's clock.
    pub fn started_local(&self) -> String {
        let field = |from: usize, to: usize| self.started[from..to].parse::<i64>().unwrap_or(0);
        let Some(offset) = self.utc_offset_minutes else {
            return format!("{} {} UTC", &self.started[..10], &self.started[11..16]);
        };
        let day = days_from_civil(field(0, 4), field(5, 7), field(8, 10));
        let minute = day * 1440 + field(11, 13) * 60 + field(14, 16) + i64::from(offset);
        let (y, m, d) = civil_from_days(minute.div_euclid(1440));
        let of_day = minute.rem_euclid(1440);
        format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", of_day / 60, of_day % 60)
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

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar, and
/// back (Howard Hinnant's algorithms): two small functions rather than a
/// date crate's features switched on under Typst, which would rebuild it.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
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

/// The deliveries recorded for a deck, oldest first.
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
    let mut found: Vec<Delivery> = files[newest..]
        .iter()
        .filter_map(|f| crate::files::read_bounded(f, MAX_LOG_BYTES).ok())
        .filter_map(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .filter_map(|v| Delivery::from_json(&v))
        .filter(|d| d.deck == stem)
        .collect();
    // By when they started, not by file name: logs copied in by hand keep
    // whatever name they had.
    found.sort_by(|a, b| a.started.cmp(&b.started));
    found
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

/// Actual against planned minutes: `+2.5` over, `−1.0` under.
pub fn over_under(actual_seconds: u64, planned_minutes: f64) -> String {
    let diff = actual_seconds as f64 / 60.0 - planned_minutes;
    if diff.abs() < 0.05 {
        "0.0".into()
    } else if diff > 0.0 {
        format!("+{diff:.1}")
    } else {
        format!("−{:.1}", -diff)
    }
}

/// One slide's times: planned minutes and the seconds of each delivery.
pub struct SlideTimes {
    pub number: usize,
    pub title: String,
    pub planned: Option<f64>,
    /// Seconds shown in each delivery, oldest first (0: not shown).
    pub shown: Vec<u64>,
}

impl SlideTimes {
    /// Minutes in the latest delivery, if it showed the slide.
    pub fn latest(&self) -> Option<f64> {
        self.shown
            .last()
            .filter(|&&s| s > 0)
            .map(|&s| s as f64 / 60.0)
    }

    /// The fewest and most minutes over the deliveries that showed it.
    pub fn spread(&self) -> Option<(f64, f64)> {
        let shown = self
            .shown
            .iter()
            .filter(|&&s| s > 0)
            .map(|&s| s as f64 / 60.0);
        shown.fold(None, |acc, m| match acc {
            None => Some((m, m)),
            Some((lo, hi)) => Some((f64::min(lo, m), f64::max(hi, m))),
        })
    }
}

/// A deck's plan against its recorded deliveries: what the report, its
/// HTML page and the trainer script's time plan all show.
pub struct DeckTimes<'a> {
    pub deck: &'a crate::deck::Deck,
    pub deliveries: Vec<Delivery>,
    pub slides: Vec<SlideTimes>,
}

impl DeckTimes<'_> {
    /// The session's length: the deck's `duration`, else its planned minutes.
    pub fn length(&self) -> f64 {
        if self.deck.duration > 0 {
            f64::from(self.deck.duration)
        } else {
            self.slides.iter().filter_map(|s| s.planned).sum()
        }
    }

    /// Seconds of each delivery in all.
    pub fn totals(&self) -> Vec<u64> {
        (0..self.deliveries.len())
            .map(|k| self.slides.iter().map(|s| s.shown[k]).sum())
            .collect()
    }
}

/// The times of a deck with at least one delivery (the newest `keep`, or all).
pub fn deck_times<'a>(
    course: &Course,
    deck: &'a crate::deck::Deck,
    all: bool,
) -> Option<DeckTimes<'a>> {
    let mut found = deliveries(&course.root, &deck.stem);
    if found.is_empty() {
        return None;
    }
    if !all {
        found.drain(..found.len() - 1);
    }
    let per_slide: Vec<BTreeMap<u32, u64>> =
        found.iter().map(Delivery::seconds_per_slide).collect();
    let slides = deck
        .slides
        .iter()
        .map(|slide| SlideTimes {
            number: slide.number,
            title: inline_text(&slide.title),
            planned: slide.time,
            shown: per_slide
                .iter()
                .map(|m| m.get(&(slide.number as u32)).copied().unwrap_or(0))
                .collect(),
        })
        .collect();
    Some(DeckTimes {
        deck,
        deliveries: found,
        slides,
    })
}

/// The report: per deck with deliveries, each slide's planned minutes, the
/// actual minutes of the latest delivery (or of each, with `all`) headed by
/// its start in the room's time, and the latest delivery over or under the
/// plan, per slide and for the session.
pub fn report(course: &Course, all: bool) -> String {
    let mut out = String::new();
    for deck in &course.decks {
        let Some(times) = deck_times(course, deck, all) else {
            continue;
        };
        let _ = writeln!(out, "{} — {}", deck.stem, deck.title);
        let mut head = format!("{:>5}  {:<44} {:>8}", "slide", "title", "planned");
        for d in &times.deliveries {
            let _ = write!(head, " {:>20}", d.started_local());
        }
        let _ = writeln!(out, "{head} {:>11}", "over/under");
        for slide in &times.slides {
            let mut title = slide.title.clone();
            if title.chars().count() > 44 {
                title = title.chars().take(43).collect::<String>() + "…";
            }
            let planned = slide
                .planned
                .map_or_else(|| "–".into(), |t| format!("{t:.1}"));
            let mut line = format!("{:>5}  {:<44} {:>8}", slide.number, title, planned);
            for &s in &slide.shown {
                let _ = write!(line, " {:>20}", if s > 0 { minutes(s) } else { "–".into() });
            }
            let latest = slide.shown.last().copied().unwrap_or(0);
            let diff = slide
                .planned
                .map_or_else(|| "–".into(), |t| over_under(latest, t));
            let _ = writeln!(out, "{line} {diff:>11}");
        }
        let planned_total: f64 = times.slides.iter().filter_map(|s| s.planned).sum();
        let mut line = format!(
            "{:>5}  {:<44} {:>8.1}",
            "", "total (minutes)", planned_total
        );
        let totals = times.totals();
        for t in &totals {
            let _ = write!(line, " {:>20}", minutes(*t));
        }
        // The session against its length, where the deck gives one.
        let session = over_under(totals.last().copied().unwrap_or(0), times.length());
        let _ = writeln!(out, "{line} {session:>11}\n");
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
    fn the_report_shows_the_rooms_time_and_over_or_under() {
        let at = |started: &str, offset: Option<i32>| Delivery {
            deck: "x".into(),
            started: started.into(),
            utc_offset_minutes: offset,
            slides: vec![],
        };
        assert_eq!(
            at("2026-12-01T09:30:00Z", Some(60)).started_local(),
            "2026-12-01 10:30"
        );
        // Across midnight, a month and a year, both ways.
        assert_eq!(
            at("2026-12-31T23:30:00Z", Some(120)).started_local(),
            "2027-01-01 01:30"
        );
        assert_eq!(
            at("2028-03-01T00:15:00Z", Some(-300)).started_local(),
            "2028-02-29 19:15"
        );
        assert_eq!(
            at("2026-12-01T09:30:00Z", None).started_local(),
            "2026-12-01 09:30 UTC"
        );
        assert_eq!(over_under(150, 2.0), "+0.5");
        assert_eq!(over_under(60, 2.0), "−1.0");
        assert_eq!(over_under(120, 2.0), "0.0");
        let log = serde_json::json!({"deck": "x", "started": "2026-12-01T09:30:00Z",
            "utc_offset_minutes": 60, "slides": []});
        let d = Delivery::from_json(&log).unwrap();
        assert_eq!(
            Delivery::from_json(&serde_json::from_str(&d.to_json()).unwrap()),
            Some(d)
        );
        let far = serde_json::json!({"deck": "x", "started": "2026-12-01T09:30:00Z",
            "utc_offset_minutes": 24 * 60, "slides": []});
        assert_eq!(Delivery::from_json(&far), None);
    }

    #[test]
    fn a_log_is_compact_and_a_full_folder_is_refused_without_removing_any() {
        let d = Delivery {
            deck: "01-x".into(),
            started: "2026-12-01T09:30:00Z".into(),
            utc_offset_minutes: None,
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

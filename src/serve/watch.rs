//! File watching: every save of a file the course is made from triggers
//! one rebuild.
//!
//! What is watched is what the last build read (`Loaded::watched`): the
//! decks, `course.toml`, the images shown, the course's themes, and the
//! course folder itself for new decks. An output folder, `.git` or a folder
//! of notes inside the course are neither watched nor rebuilt for. Editors
//! save by writing in place, by writing a temporary file and renaming it
//! over, or by deleting and re-creating: each gives a burst of events. A
//! burst is coalesced (quiet for a few milliseconds) into one rebuild. When
//! the folder itself disappears (renamed away) the watch is re-established
//! once it is back.

use lectern::Watched;
use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::Live;

/// How long a burst must be quiet before rebuilding.
const QUIET: Duration = Duration::from_millis(4);
/// The longest a burst may delay a rebuild.
const MAX_DELAY: Duration = Duration::from_millis(100);
/// How often to look whether a vanished folder is back.
const POLL: Duration = Duration::from_millis(500);

/// Starts watching before returning, so that no save made after the server
/// says it is ready can be missed; the events are handled on a thread.
pub fn spawn(live: Arc<Live>) {
    let root = watch_root(&live.path);
    let (tx, rx) = channel::<notify::Result<notify::Event>>();
    let watcher = match notify::recommended_watcher(move |e| {
        let _ = tx.send(e);
    }) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("warning: cannot watch files ({e}); reload the page after saving");
            return;
        }
    };
    let mut watches = Watches {
        watcher,
        on: Vec::new(),
        wanted: Watched::default(),
    };
    // Loading is quick (no layout): the first build's inputs are watched
    // before it starts.
    let first = lectern::load(&live.path)
        .map(|l| l.watched())
        .unwrap_or_default();
    watches.follow(first, &root);
    std::thread::Builder::new()
        .name("lectern-watch".into())
        .spawn(move || run(live, watches, rx, root))
        .expect("the watcher thread starts");
}

/// The watches in place and the inputs they stand for.
struct Watches {
    watcher: notify::RecommendedWatcher,
    on: Vec<(PathBuf, RecursiveMode)>,
    wanted: Watched,
}

impl Watches {
    /// Watches what a build read (and the course folder, always); returns
    /// whether a folder was added, in which a file may have been saved
    /// before its watch began.
    fn follow(&mut self, watched: Watched, root: &Path) -> bool {
        let mut want: Vec<(PathBuf, RecursiveMode)> =
            vec![(root.to_path_buf(), RecursiveMode::NonRecursive)];
        want.extend(
            watched
                .folders
                .iter()
                .map(|f| (f.clone(), RecursiveMode::NonRecursive)),
        );
        want.extend(
            watched
                .trees
                .iter()
                .map(|t| (t.clone(), RecursiveMode::Recursive)),
        );
        want.sort_by(|a, b| a.0.cmp(&b.0));
        want.dedup_by(|a, b| a.0 == b.0);
        let mut added = false;
        for (path, mode) in &self.on {
            if !want.iter().any(|(p, m)| p == path && m == mode) {
                let _ = self.watcher.unwatch(path);
            }
        }
        let mut on = Vec::new();
        for (path, mode) in want {
            let had = self.on.iter().any(|(p, m)| *p == path && *m == mode);
            if had || self.watcher.watch(&path, mode).is_ok() {
                added |= !had;
                on.push((path, mode));
            }
        }
        self.on = on;
        self.wanted = Watched {
            files: watched.files.iter().map(|f| normal(f)).collect(),
            folders: watched.folders.iter().map(|f| normal(f)).collect(),
            trees: watched.trees.iter().map(|f| normal(f)).collect(),
        };
        added
    }

    /// Whether a changed path is an input: a file a build read, a new deck
    /// or settings file in the course folder, anything in a course theme,
    /// or a folder that holds (or held) inputs, renamed or made.
    fn wants(&self, root: &Path, path: &Path) -> bool {
        let path = normal(path);
        let root = normal(root);
        if self.wanted.files.contains(&path)
            || self.wanted.trees.iter().any(|t| path.starts_with(t))
        {
            return true;
        }
        let in_root = path.parent() == Some(root.as_path());
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let is_deck = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        if in_root && (is_deck || name == "course.toml" || name == "themes") {
            return true;
        }
        // A folder of inputs created, renamed or removed.
        self.wanted
            .files
            .iter()
            .any(|f| f.starts_with(&path) && f != &path)
    }
}

/// A path made absolute (as the watcher reports them), without `.` parts,
/// so that `./x.md`, `x.md` and `/course/x.md` compare equal.
fn normal(path: &Path) -> PathBuf {
    let absolute = if path.is_relative() {
        std::env::current_dir().unwrap_or_default().join(path)
    } else {
        path.to_path_buf()
    };
    absolute
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// The folder to watch: the course folder, or the folder of a single deck.
fn watch_root(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf()
    }
}

/// Whether an event changes content. Reads are events too (inotify reports
/// opens and closes), and a rebuild reads every deck: they must not count.
fn changes(event: &notify::Event) -> bool {
    use notify::EventKind;
    matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    ) && !matches!(
        event.kind,
        EventKind::Modify(notify::event::ModifyKind::Metadata(
            notify::event::MetadataKind::AccessTime
        ))
    )
}

/// Files whose change matters: decks, settings, themes and assets, not
/// editor backups and swap files.
fn relevant(root: &Path, path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    // Nothing under a hidden folder (`.lectern/` holds the delivery logs
    // the server writes itself, `.git/` is not the course).
    let inside = path.strip_prefix(root).unwrap_or(Path::new(""));
    let hidden_folder = inside
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
        .any(|c| matches!(c, std::path::Component::Normal(n) if n.to_string_lossy().starts_with('.')));
    if hidden_folder
        || name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name == "4913"
    {
        return false;
    }
    // A folder event (e.g. assets/ renamed) has no extension: count it.
    match path.extension().and_then(|e| e.to_str()) {
        None => true,
        Some(ext) => {
            matches!(
                ext.to_ascii_lowercase().as_str(),
                "md" | "toml" | "css" | "typ"
            ) || lectern::images::mime(&path.to_string_lossy()).is_some()
        }
    }
}

fn run(
    live: Arc<Live>,
    mut watches: Watches,
    rx: std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
) {
    let mut seen = identity(&root);
    loop {
        match rx.recv_timeout(POLL) {
            Ok(Ok(event))
                if changes(&event)
                    && event
                        .paths
                        .iter()
                        .any(|p| relevant(&root, p) && watches.wants(&root, p)) =>
            {
                // Coalesce the rest of the burst.
                let started = Instant::now();
                while started.elapsed() < MAX_DELAY {
                    match rx.recv_timeout(QUIET) {
                        Ok(_) => continue,
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                rebuild(&live, &mut watches, &root);
            }
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout) => {
                // The folder renamed away and back, or replaced: watch it again.
                let now = identity(&root);
                if now != seen {
                    seen = now;
                    watches.on.clear();
                    rebuild(&live, &mut watches, &root);
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Rebuilds, then watches what this build read. A folder watched for the
/// first time (a new `assets/`) may have had a file saved into it before
/// the watch began: one more rebuild picks that up.
fn rebuild(live: &Live, watches: &mut Watches, root: &Path) {
    for _ in 0..2 {
        live.rebuild();
        let watched = live.watched().unwrap_or_default();
        if !watches.follow(watched, root) {
            break;
        }
    }
}

/// What tells one folder from another at the same path (inode on Unix).
fn identity(path: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some((0, 0))
    }
}

//! File watching: every save in the course folder triggers one rebuild.
//!
//! Editors save by writing in place, by writing a temporary file and
//! renaming it over, or by deleting and re-creating: each gives a burst of
//! events. A burst is coalesced (quiet for a few milliseconds) into one
//! rebuild. When the folder itself disappears (renamed away) the watch is
//! re-established once it is back.

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
    let mut watcher = match notify::recommended_watcher(move |e| {
        let _ = tx.send(e);
    }) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("warning: cannot watch files ({e}); reload the page after saving");
            return;
        }
    };
    let watching = watcher.watch(&root, RecursiveMode::Recursive).is_ok();
    std::thread::Builder::new()
        .name("lectern-watch".into())
        .spawn(move || run(live, watcher, rx, root, watching))
        .expect("the watcher thread starts");
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
    mut watcher: notify::RecommendedWatcher,
    rx: std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    mut watching: bool,
) {
    let mut seen = identity(&root);
    loop {
        match rx.recv_timeout(POLL) {
            Ok(Ok(event)) if changes(&event) && event.paths.iter().any(|p| relevant(&root, p)) => {
                // Coalesce the rest of the burst.
                let started = Instant::now();
                while started.elapsed() < MAX_DELAY {
                    match rx.recv_timeout(QUIET) {
                        Ok(_) => continue,
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                live.rebuild();
            }
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout) => {
                // The folder renamed away and back, or replaced: watch it again.
                let now = identity(&root);
                if now != seen {
                    seen = now;
                    if watching {
                        let _ = watcher.unwatch(&root);
                    }
                    watching =
                        root.is_dir() && watcher.watch(&root, RecursiveMode::Recursive).is_ok();
                    live.rebuild();
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
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

//! Time and memory bounds on a process's Typst work.
//!
//! Typst cannot be interrupted once a compile has started: a course
//! template that loops, or builds a string of gigabytes, runs until it is
//! done. So a process that compiles (`build`, `check`, the live server's
//! render worker) counts the bytes it has allocated and watches how long
//! each compile runs; past a bound it says which one and exits, having
//! written nothing (outputs are written after the build, atomically), and
//! the live server, which never compiles itself, starts a fresh worker.
//!
//! The count comes from the process's allocator (`Counting`, installed by
//! the binary), so it holds on every system without asking the operating
//! system for limits it may not enforce (macOS ignores `RLIMIT_AS`, Windows
//! has none).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The bounds a build runs under unless told otherwise.
pub const MEMORY: usize = 2 << 30;
pub const COMPILE_TIME: Duration = Duration::from_secs(30);

/// The exit code of a process stopped at a bound (a content error, like
/// any other: `build` exits 1 for those).
pub const EXIT_CODE: i32 = 1;
/// What a stopped process's last line on stderr starts with, so the
/// process that started it can tell a bound from a crash.
pub const STOPPED: &str = "error: lectern stopped the build: ";

/// Bytes allocated and not yet freed, once `enable` has set a limit.
static IN_USE: AtomicIsize = AtomicIsize::new(0);
/// The memory bound in bytes; 0 until `enable` (nothing is counted).
static LIMIT: AtomicUsize = AtomicUsize::new(0);
/// Set by the allocation that would have crossed the bound.
static OVER: AtomicBool = AtomicBool::new(false);
/// What one allocation asked for when the bound was crossed.
static ASKED: AtomicUsize = AtomicUsize::new(0);
/// Room left after the bound is crossed for the watchdog to say so.
const GRACE: isize = 64 << 20;

/// The system allocator, counting. An allocation that would cross the
/// bound does not return: its thread waits while the watchdog reports and
/// ends the process (returning null would abort without a word).
pub struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        admit(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        admit(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        release(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            admit(new_size - layout.size());
        }
        let moved = unsafe { System.realloc(ptr, layout, new_size) };
        if new_size < layout.size() {
            release(layout.size() - new_size);
        }
        moved
    }
}

fn admit(size: usize) {
    let limit = LIMIT.load(Ordering::Relaxed);
    if limit == 0 {
        return;
    }
    let size = isize::try_from(size).unwrap_or(isize::MAX);
    let now = IN_USE
        .fetch_add(size, Ordering::Relaxed)
        .saturating_add(size);
    let limit = isize::try_from(limit).unwrap_or(isize::MAX);
    if now <= limit || (OVER.load(Ordering::Relaxed) && now <= limit.saturating_add(GRACE)) {
        return;
    }
    IN_USE.fetch_sub(size, Ordering::Relaxed);
    if !OVER.swap(true, Ordering::Relaxed) {
        ASKED.store(size.unsigned_abs(), Ordering::Relaxed);
    }
    loop {
        std::thread::park();
    }
}

fn release(size: usize) {
    if LIMIT.load(Ordering::Relaxed) != 0 {
        IN_USE.fetch_sub(
            isize::try_from(size).unwrap_or(isize::MAX),
            Ordering::Relaxed,
        );
    }
}

/// Bytes this process holds by the count (0 before `enable`).
pub fn in_use() -> usize {
    IN_USE.load(Ordering::Relaxed).max(0).unsigned_abs()
}

/// The bounds of one process.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    pub memory: usize,
    pub compile_time: Duration,
}

impl Bounds {
    /// The defaults, or what `LECTERN_MEMORY_MB` and
    /// `LECTERN_COMPILE_SECONDS` say (for a slower machine, or a test that
    /// should not wait half a minute).
    pub fn from_env() -> Bounds {
        let number = |key: &str| {
            std::env::var(key)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|n| *n > 0)
        };
        Bounds {
            memory: number("LECTERN_MEMORY_MB").map_or(MEMORY, |mb| {
                usize::try_from(mb.saturating_mul(1 << 20)).unwrap_or(usize::MAX)
            }),
            compile_time: number("LECTERN_COMPILE_SECONDS")
                .map_or(COMPILE_TIME, Duration::from_secs),
        }
    }
}

/// What is being compiled now, and since when.
struct Running {
    id: u64,
    since: Instant,
    what: String,
}

fn running() -> &'static Mutex<Vec<Running>> {
    static RUNNING: OnceLock<Mutex<Vec<Running>>> = OnceLock::new();
    RUNNING.get_or_init(|| Mutex::new(Vec::with_capacity(64)))
}

static BOUNDS: OnceLock<Bounds> = OnceLock::new();

/// Starts counting and watching, once per process. Only a process that
/// may end itself calls this: `build`, `check` and the render worker, not
/// the live server.
pub fn enable(bounds: Bounds) {
    if BOUNDS.set(bounds).is_err() {
        return;
    }
    LIMIT.store(bounds.memory, Ordering::Relaxed);
    let _ = running();
    let _ = std::thread::Builder::new()
        .name("lectern-bounds".into())
        .spawn(move || watch(bounds));
}

/// A compile under way, from `begin` until dropped.
pub struct Compiling(Option<u64>);

/// Marks the start of a compile of `what` (named in the report when it
/// runs past the bound: "the slides of 01-intro in theme `x`").
pub fn begin(what: impl FnOnce() -> String) -> Compiling {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    if BOUNDS.get().is_none() {
        return Compiling(None);
    }
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    let entry = Running {
        id,
        since: Instant::now(),
        what: what(),
    };
    running()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(entry);
    Compiling(Some(id))
}

impl Drop for Compiling {
    fn drop(&mut self) {
        if let Some(id) = self.0 {
            running()
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .retain(|r| r.id != id);
        }
    }
}

/// The watchdog: every 50 ms, is the memory bound crossed or has a
/// compile run too long? Then report it and end the process.
fn watch(bounds: Bounds) {
    loop {
        std::thread::sleep(Duration::from_millis(50));
        // A thread waiting in the allocator may hold the list: then the
        // report names no compile rather than wait for it.
        let what = running().try_lock().ok().and_then(|list| {
            list.iter()
                .min_by_key(|r| r.since)
                .map(|r| (r.what.clone(), r.since.elapsed()))
        });
        if OVER.load(Ordering::Relaxed) {
            let asked = ASKED.load(Ordering::Relaxed);
            stop(&format!(
                "{} needed more than {} MB of memory{} (the bound is {} MB)",
                what.map_or_else(|| "the build".to_string(), |w| w.0),
                (in_use() + asked) >> 20,
                if asked >= 1 << 20 {
                    format!(", {} MB at once", asked >> 20)
                } else {
                    String::new()
                },
                bounds.memory >> 20,
            ));
        }
        if let Some((what, took)) = what.filter(|w| w.1 > bounds.compile_time) {
            stop(&format!(
                "{what} ran for more than {} s (the bound is {} s)",
                took.as_secs(),
                bounds.compile_time.as_secs()
            ));
        }
    }
}

fn stop(what: &str) -> ! {
    eprintln!(
        "{STOPPED}{what}\n  = help: a theme's Typst template that loops or builds very large values is stopped at its bound; no output was written and the last good ones are kept"
    );
    std::process::exit(EXIT_CODE);
}

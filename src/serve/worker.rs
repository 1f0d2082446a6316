//! The live server's compiles, in a child process it can stop.
//!
//! Typst cannot be interrupted in-process, and a course's template may
//! loop or grow without end; the server must stay up and keep the last
//! good slides. So every PDF, and every page in a course's own template,
//! runs in a worker (`Live::in_process` says which): this same program started as
//! `lectern render-worker`, held to `lectern::bounds` (time per compile,
//! memory), warm between requests so an edit still costs milliseconds.
//! A worker that stops at a bound says why on its last line; the server
//! reports that on the presenter's overlay and starts a fresh worker for
//! the next save. A worker whose server is gone sees its input close and
//! ends.
//!
//! The protocol is private to one binary: a request is one JSON line; a
//! reply is one JSON line (diagnostics, the page's slides) followed by the
//! output's bytes.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use lectern::bounds::{self, Bounds};
use lectern::diag::Diagnostic;
use lectern::render::html::DeckPage;
use lectern::{Builder, Rendered, Target};

/// What the server asks. Neither an output nor a room page: read the
/// course as load `generation` now (while the server reads it too), and
/// answer nothing.
#[derive(Serialize, Deserialize)]
struct Request {
    /// Which load of the course the server holds: a new one makes the
    /// worker read the course again.
    generation: u64,
    /// An output's file name, or the stem of a room page.
    file: Option<String>,
    audience: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct ReplyHead {
    /// The length of the bytes after this line, when there is an output.
    bytes: Option<usize>,
    diagnostics: Vec<Diagnostic>,
    /// A deck page's projected pages, as byte ranges of the page (each is
    /// a part of it: sending them again would double the reply).
    slides: Option<Vec<(usize, usize)>>,
    shell: u64,
}

/// A running worker: its input, and its replies as a reader thread parses them.
struct Process {
    child: Child,
    input: ChildStdin,
    replies: Receiver<Rendered>,
    /// The last lines it wrote to stderr (its reason, when it stops).
    said: Arc<Mutex<VecDeque<String>>>,
    stderr_reader: Option<std::thread::JoinHandle<()>>,
}

/// A worker for one kind of request (the server keeps one for pages and
/// one for PDFs, so that a save never waits behind a PDF).
pub struct Worker {
    path: PathBuf,
    theme: Option<String>,
    /// How long one request may take before the worker is stopped from
    /// here: several compiles' bounds, for a worker too stuck to stop itself.
    backstop: Duration,
    /// Whether it yields the processor to the server and the other worker.
    low_priority: bool,
    process: Mutex<Option<Process>>,
}

impl Worker {
    pub fn new(path: &Path, theme: Option<String>) -> Worker {
        let bounds = Bounds::from_env();
        Worker {
            path: path.to_path_buf(),
            theme,
            backstop: bounds.compile_time * 4 + Duration::from_secs(10),
            low_priority: false,
            process: Mutex::new(None),
        }
    }

    /// PDFs: a long one (a 1000-slide deck, the course script) takes only
    /// the time the rebuilds after saves leave over.
    pub fn at_low_priority(mut self) -> Worker {
        self.low_priority = true;
        self
    }

    /// Tells a running worker to read the course as load `generation`
    /// while the server reads it too, so that the render after it does not
    /// wait for a second read. Skipped when the worker is busy (a PDF): it
    /// reads the course when it is next asked for something.
    pub fn prepare(&self, generation: u64) {
        let Ok(mut slot) = self.process.try_lock() else {
            return;
        };
        // A worker not yet needed (a course in lectern's own template
        // makes its pages in the server) is not started for this.
        let Some(process) = slot.as_mut() else {
            return;
        };
        let request = Request {
            generation,
            file: None,
            audience: None,
        };
        let _ = process.send(&request);
    }

    /// Renders `target` from the course as load `generation` read it; or,
    /// when the worker stopped at a bound or ended, why (the next call
    /// starts a fresh worker).
    pub fn render(&self, generation: u64, target: &Target) -> Result<Rendered, String> {
        let mut slot = self
            .process
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if slot.is_none() {
            *slot = Some(self.start()?);
        }
        let process = slot.as_mut().expect("started above");
        let request = Request {
            generation,
            file: match target {
                Target::Audience { .. } => None,
                _ => Some(target.file_name()),
            },
            audience: match target {
                Target::Audience { stem } => Some(stem.clone()),
                _ => None,
            },
        };
        let reply = match process.send(&request) {
            Ok(()) => process.replies.recv_timeout(self.backstop),
            Err(_) => Err(RecvTimeoutError::Disconnected),
        };
        match reply {
            Ok(rendered) => Ok(rendered),
            Err(RecvTimeoutError::Timeout) => {
                let mut process = slot.take().expect("running");
                let _ = process.child.kill();
                let _ = process.child.wait();
                Err(format!(
                    "rendering {} took more than {} s and was stopped",
                    target.file_name(),
                    self.backstop.as_secs()
                ))
            }
            Err(RecvTimeoutError::Disconnected) => {
                let mut process = slot.take().expect("running");
                let status = process.child.wait();
                if let Some(reader) = process.stderr_reader.take() {
                    let _ = reader.join();
                }
                let said = process
                    .said
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                Err(said
                    .iter()
                    .find_map(|l| l.strip_prefix(bounds::STOPPED))
                    .map_or_else(
                        || {
                            format!(
                                "the render process ended unexpectedly ({})",
                                status.map_or_else(|e| e.to_string(), |s| s.to_string())
                            )
                        },
                        str::to_string,
                    ))
            }
        }
    }

    fn start(&self) -> Result<Process, String> {
        // On Linux the running program itself, even when its file was
        // replaced (a rebuild while serving) since it started.
        let program = if cfg!(target_os = "linux") && Path::new("/proc/self/exe").exists() {
            PathBuf::from("/proc/self/exe")
        } else {
            std::env::current_exe().map_err(|e| format!("cannot find lectern itself: {e}"))?
        };
        let mut command = Command::new(program);
        command.arg("render-worker").arg(&self.path);
        if let Some(theme) = &self.theme {
            command.arg("--theme").arg(theme);
        }
        if self.low_priority {
            command.arg("--low-priority");
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start the render process: {e}"))?;
        let input = child.stdin.take().expect("piped");
        let output = child.stdout.take().expect("piped");
        let errors = child.stderr.take().expect("piped");
        let (send, replies) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("lectern-worker-out".into())
            .spawn(move || {
                let mut output = BufReader::new(output);
                while let Some(rendered) = read_reply(&mut output) {
                    if send.send(rendered).is_err() {
                        break;
                    }
                }
            })
            .map_err(|e| e.to_string())?;
        let said = Arc::new(Mutex::new(VecDeque::new()));
        let keep = Arc::clone(&said);
        let stderr_reader = std::thread::Builder::new()
            .name("lectern-worker-err".into())
            .spawn(move || {
                for line in BufReader::new(errors).lines().map_while(Result::ok) {
                    let mut kept = keep
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    if kept.len() == 20 {
                        kept.pop_front();
                    }
                    kept.push_back(line.chars().take(2000).collect());
                }
            })
            .map_err(|e| e.to_string())?;
        Ok(Process {
            child,
            input,
            replies,
            said,
            stderr_reader: Some(stderr_reader),
        })
    }
}

impl Process {
    /// One request, as one line.
    fn send(&mut self, request: &Request) -> std::io::Result<()> {
        let mut line = serde_json::to_string(request)?;
        line.push('\n');
        self.input.write_all(line.as_bytes())?;
        self.input.flush()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let slot = self
            .process
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(mut process) = slot.take() {
            let _ = process.child.kill();
            let _ = process.child.wait();
        }
    }
}

/// The longest reply head (diagnostics and slide ranges) taken from a
/// worker; an output is at most what the worker's memory bound allows.
const MAX_REPLY_HEAD: u64 = 64 << 20;

fn read_reply(from: &mut impl BufRead) -> Option<Rendered> {
    let mut head = String::new();
    if std::io::Read::take(&mut *from, MAX_REPLY_HEAD)
        .read_line(&mut head)
        .ok()?
        == 0
        || !head.ends_with('\n')
    {
        return None;
    }
    let head: ReplyHead = serde_json::from_str(&head).ok()?;
    let bytes = match head.bytes {
        Some(n) if n > bounds::MEMORY => return None,
        Some(n) => {
            let mut bytes = vec![0; n];
            from.read_exact(&mut bytes).ok()?;
            Some(bytes)
        }
        None => None,
    };
    let slides = match (&head.slides, &bytes) {
        (Some(ranges), Some(html)) => ranges
            .iter()
            .map(|&(from, to)| {
                html.get(from..to)
                    .map(|b| String::from_utf8_lossy(b).into_owned())
            })
            .collect::<Option<Vec<String>>>(),
        _ => None,
    };
    let page = slides.map(|slides| DeckPage {
        html: String::new(),
        slides,
        shell: head.shell,
    });
    Some(Rendered {
        bytes,
        diagnostics: head.diagnostics,
        page,
        ..Rendered::default()
    })
}

/// `lectern render-worker PATH`: answers the server's requests until its
/// input closes.
pub fn run(args: &crate::cli::RenderWorkerArgs) -> ExitCode {
    if args.low_priority {
        lower_priority();
    }
    bounds::enable(Bounds::from_env());
    let mut builder = Builder::new();
    builder.theme_override = args.theme.clone();
    let mut loaded: Option<(u64, Result<lectern::Loaded, String>)> = None;
    // Trimming Typst's memo walks every cached entry: a thread of its own
    // does it between requests (asked twice, it trims once).
    let (forget, asked) = std::sync::mpsc::channel::<()>();
    let _ = std::thread::Builder::new()
        .name("lectern-forget".into())
        .spawn(move || {
            while asked.recv().is_ok() {
                while asked.try_recv().is_ok() {}
                lectern::typeset::forget_old();
            }
        });
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let Ok(request) = serde_json::from_str::<Request>(&line) else {
            break;
        };
        if loaded
            .as_ref()
            .is_none_or(|(g, _)| *g != request.generation)
        {
            loaded = Some((
                request.generation,
                lectern::load(&args.path).map_err(|e| e.to_string()),
            ));
        }
        let target = match (request.file, request.audience) {
            (_, Some(stem)) => Some(Target::Audience { stem }),
            (Some(file), None) => Target::from_file_name(&file),
            (None, None) => continue, // read ahead: no answer
        };
        let rendered = match (&loaded, target) {
            (Some((_, Ok(course))), Some(target)) => builder.render_one(course, &target),
            (Some((_, Err(e))), _) => Rendered {
                diagnostics: vec![Diagnostic::error(
                    &lectern::display_path(&args.path),
                    Default::default(),
                    format!("cannot read the course: {e}"),
                )],
                ..Rendered::default()
            },
            _ => Rendered::default(),
        };
        if write_reply(&mut out, rendered).is_err() {
            break;
        }
        // What the last compiles did not use goes, after the reply and
        // off the path of the next request.
        let _ = forget.send(());
    }
    ExitCode::SUCCESS
}

/// Where each slide's markup stands in the page, in order; None when one
/// is not found there (the server then reloads the whole page).
fn ranges(html: &[u8], slides: &[String]) -> Option<Vec<(usize, usize)>> {
    let html = std::str::from_utf8(html).ok()?;
    let mut from = 0;
    slides
        .iter()
        .map(|slide| {
            let at = from + html[from..].find(slide.as_str())?;
            from = at + slide.len();
            Some((at, from))
        })
        .collect()
}

fn write_reply(out: &mut impl Write, rendered: Rendered) -> std::io::Result<()> {
    let (slides, shell) = match (&rendered.page, &rendered.bytes) {
        (Some(page), Some(html)) => (ranges(html, &page.slides), page.shell),
        _ => (None, 0),
    };
    let head = ReplyHead {
        bytes: rendered.bytes.as_ref().map(Vec::len),
        diagnostics: rendered.diagnostics,
        slides,
        shell,
    };
    serde_json::to_writer(&mut *out, &head)?;
    out.write_all(b"\n")?;
    if let Some(bytes) = &rendered.bytes {
        out.write_all(bytes)?;
    }
    out.flush()
}

/// Lowers this process's priority, before it starts any thread (Linux
/// gives each thread its own nice value, inherited by the threads it
/// starts; elsewhere it is the process's).
#[cfg(unix)]
fn lower_priority() {
    // SAFETY: a plain system call without pointers.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

#[cfg(not(unix))]
fn lower_priority() {
    // Windows: PDFs render at normal priority (documented in the README).
}

//! Preview sync with a running `lectern serve` of the same course: the
//! slide under the cursor goes to the server (`POST /_lectern/author`
//! with the key from `<course>/.lectern/serve.json`), whose author preview
//! shows it; a click in that preview comes back as an `author-click`
//! event, and the editor is asked to show the slide's source line
//! (`window/showDocument`). The server's own rules apply: loopback, its
//! names, the key (see `src/serve/author.rs`).
//!
//! Posting and listening run on threads of their own: the main loop never
//! waits for the server.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossbeam_channel::{unbounded, RecvTimeoutError, Sender};
use lsp_server::{Message, Request, RequestId, Response};
use lsp_types::{Position, Range, ShowDocumentParams, Url};
use serde_json::{json, Value};

use super::deck::{course_root, file_kind, heading_line, slide_at, spans, FileKind};
use super::text::{offset, position, Store};

/// A running server of a course, as it announced itself.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Served {
    port: u16,
    key: String,
}

/// Reads `<root>/.lectern/serve.json`.
fn served(root: &Path) -> Option<Served> {
    let file = root.join(lectern::report::STATE_DIR).join("serve.json");
    let bytes = lectern::files::read_bounded(&file, 4096).ok()?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    let port = u16::try_from(v.get("port")?.as_u64()?).ok()?;
    let key = v.get("key")?.as_str()?.to_string();
    (!key.is_empty() && key.bytes().all(|b| b.is_ascii_hexdigit())).then_some(Served { port, key })
}

fn address(port: u16) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port))
}

/// One POST to the author route; the response's status.
fn post(served: &Served, body: &str) -> Option<u16> {
    let mut stream =
        TcpStream::connect_timeout(&address(served.port), Duration::from_millis(500)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    let head = format!(
        "POST /_lectern/author HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Lectern-Author: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        served.port,
        served.key,
        body.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body.as_bytes()).ok()?;
    let mut status = [0u8; 12];
    stream.read_exact(&mut status).ok()?;
    std::str::from_utf8(&status[9..12]).ok()?.parse().ok()
}

/// Larger texts are not sent (`lectern serve` reads bodies up to 256 KB).
const MAX_TEXT_POST: usize = 200 * 1024;

/// One post to a course's server.
struct Post {
    root: PathBuf,
    body: String,
    /// The deck's text (sent once the editor has been still for
    /// `check::QUIET`), not a cursor (sent at once).
    text: bool,
}

/// Sends the posts: only the latest of each kind and course matters.
fn poster(jobs: &crossbeam_channel::Receiver<Post>) {
    let mut texts: std::collections::HashMap<PathBuf, String> = Default::default();
    loop {
        let next = if texts.is_empty() {
            jobs.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            jobs.recv_timeout(super::check::QUIET)
        };
        match next {
            Ok(job) if job.text => {
                texts.insert(job.root, job.body);
            }
            Ok(mut job) => {
                while let Ok(newer) = jobs.try_recv() {
                    if newer.text {
                        texts.insert(newer.root, newer.body);
                    } else {
                        job = newer;
                    }
                }
                if let Some(server) = served(&job.root) {
                    let _ = post(&server, &job.body);
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                for (root, body) in texts.drain() {
                    if let Some(server) = served(&root) {
                        let _ = post(&server, &body);
                    }
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

pub struct Preview {
    out: Sender<Message>,
    posts: Sender<Post>,
    /// Course folders whose server's events are being listened to.
    listening: Arc<Mutex<HashSet<PathBuf>>>,
    /// The slide last sent: the same slide is not sent twice.
    last: Option<(PathBuf, String, usize)>,
    /// Servers this language server started (`lectern/openPreview`).
    started: Vec<std::process::Child>,
}

impl Preview {
    pub fn start(out: Sender<Message>) -> Self {
        let (posts, jobs) = unbounded::<Post>();
        std::thread::spawn(move || poster(&jobs));
        Preview {
            out,
            posts,
            listening: Arc::default(),
            last: None,
            started: Vec::new(),
        }
    }

    /// The text of `uri` changed: the author preview may show it unsaved.
    pub fn edited(&mut self, docs: &Store, uri: &Url) {
        let Some(path) = uri
            .to_file_path()
            .ok()
            .filter(|p| file_kind(p) == FileKind::Deck)
        else {
            return;
        };
        let (Some(doc), Some(stem)) = (docs.get(uri), path.file_stem()) else {
            return;
        };
        if doc.text.len() > MAX_TEXT_POST {
            return;
        }
        let body = json!({"text": {"stem": stem.to_string_lossy(), "text": &*doc.text}});
        let _ = self.posts.send(Post {
            root: course_root(&path),
            body: body.to_string(),
            text: true,
        });
    }

    /// The cursor is at `at` in `uri`: its slide goes to the preview.
    pub fn cursor(&mut self, docs: &Store, uri: &Url, at: Position) {
        let Some((root, stem, slide)) = where_is(docs, uri, at) else {
            return;
        };
        let now = Some((root.clone(), stem.clone(), slide));
        if self.last == now {
            return;
        }
        self.last = now;
        self.listen(&root);
        let body = json!({"cursor": {"stem": stem, "slide": slide}}).to_string();
        let _ = self.posts.send(Post {
            root,
            body,
            text: false,
        });
    }

    /// Starts listening for clicks in the preview of `root`'s server.
    fn listen(&self, root: &Path) {
        let Some(server) = served(root) else { return };
        if !super::lock(&self.listening).insert(root.to_path_buf()) {
            return;
        }
        let (out, listening, root) = (
            self.out.clone(),
            Arc::clone(&self.listening),
            root.to_path_buf(),
        );
        std::thread::spawn(move || {
            clicks(&server, &root, &out);
            super::lock(&listening).remove(&root);
        });
    }

    /// A response of the client (to `window/showDocument`): nothing to do.
    pub fn response(&mut self, _response: &Response) {}

    /// `lectern/openPreview {uri}`: the author preview's address for the
    /// deck (at the cursor's slide when known), starting `lectern serve`
    /// for the course when none runs.
    pub fn open(&mut self, docs: &Store, params: &Value) -> Option<Value> {
        let uri: Url = serde_json::from_value(params.get("uri")?.clone()).ok()?;
        let path = uri.to_file_path().ok()?;
        if file_kind(&path) != FileKind::Deck {
            return None;
        }
        let root = course_root(&path);
        let stem = path.file_stem()?.to_string_lossy().to_string();
        let server = match served(&root).filter(|s| TcpStream::connect(address(s.port)).is_ok()) {
            Some(s) => s,
            None => self.start_server(&root)?,
        };
        self.listen(&root);
        let slide = match (&self.last, docs.get(&uri)) {
            (Some((_, s, n)), Some(_)) if *s == stem => *n,
            _ => 1,
        };
        let url = format!(
            "http://127.0.0.1:{}/{stem}/?view=author#{slide}",
            server.port
        );
        Some(json!({ "url": url }))
    }

    /// Starts `lectern serve` for `root` and waits for it to announce itself.
    fn start_server(&mut self, root: &Path) -> Option<Served> {
        let before = served(root);
        let exe = std::env::current_exe().ok()?;
        let child = std::process::Command::new(exe)
            .arg("serve")
            .arg(root)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .ok()?;
        self.started.push(child);
        for _ in 0..300 {
            std::thread::sleep(Duration::from_millis(50));
            if let Some(s) = served(root).filter(|s| Some(s) != before.as_ref()) {
                return Some(s);
            }
        }
        None
    }

    /// Stops the servers this language server started.
    pub fn stop(&mut self) {
        for child in &mut self.started {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The course folder, deck and slide number (1-based) at a position.
fn where_is(docs: &Store, uri: &Url, at: Position) -> Option<(PathBuf, String, usize)> {
    let path = uri.to_file_path().ok()?;
    if file_kind(&path) != FileKind::Deck {
        return None;
    }
    let text = &*docs.get(uri)?.text;
    let i = slide_at(&spans(text), offset(text, at))?;
    let stem = path.file_stem()?.to_string_lossy().to_string();
    Some((course_root(&path), stem, i + 1))
}

/// Reads the server's events until it goes away; each `author-click`
/// becomes a `window/showDocument` request to the editor.
fn clicks(server: &Served, root: &Path, out: &Sender<Message>) {
    let Ok(mut stream) = TcpStream::connect_timeout(&address(server.port), Duration::from_secs(1))
    else {
        return;
    };
    let request = format!(
        "GET /_lectern/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: text/event-stream\r\n\r\n",
        server.port
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return;
    }
    let mut event = String::new();
    for line in BufReader::new(stream).lines() {
        let Ok(line) = line else { return };
        if let Some(name) = line.strip_prefix("event: ") {
            event = name.to_string();
        } else if let Some(data) = line.strip_prefix("data: ") {
            if event == "author-click" {
                if let Some(request) = show_request(root, data) {
                    if out.send(Message::Request(request)).is_err() {
                        return;
                    }
                }
            }
        } else if line.is_empty() {
            event.clear();
        }
    }
}

/// The `window/showDocument` request for a click's `{stem, slide, line}`:
/// the slide's heading in the deck as saved (the preview shows the saved
/// text), else the line the page gave.
fn show_request(root: &Path, data: &str) -> Option<Request> {
    static SHOWN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let click: Value = serde_json::from_str(data).ok()?;
    let stem = click.get("stem")?.as_str()?;
    if stem.is_empty() || stem.starts_with('.') || stem.contains(['/', '\\', '\0']) {
        return None;
    }
    let file = root.join(format!("{stem}.md"));
    let slide = click.get("slide").and_then(Value::as_u64).unwrap_or(0) as usize;
    let text = lectern::files::read_bounded(&file, lectern::MAX_DECK_BYTES)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())?;
    let spans = spans(&text);
    let start = slide
        .checked_sub(1)
        .and_then(|i| spans.get(i))
        .map(|span| heading_line(&text, span).map_or(span.slide.start, |h| h.start))
        .map(|at| position(&text, at))
        .or_else(|| {
            let line = click.get("line").and_then(Value::as_u64)?;
            Some(Position::new(u32::try_from(line.checked_sub(1)?).ok()?, 0))
        })?;
    let params = ShowDocumentParams {
        uri: Url::from_file_path(&file).ok()?,
        external: Some(false),
        take_focus: Some(true),
        selection: Some(Range::new(start, start)),
    };
    Some(Request::new(
        RequestId::from(format!(
            "lectern-show-{}",
            SHOWN.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        )),
        "window/showDocument".into(),
        params,
    ))
}

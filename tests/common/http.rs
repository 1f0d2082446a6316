//! A client for `lectern serve` used by the server tests and the serve
//! benchmark: start the real binary, plain HTTP/1.1 requests, and a
//! Server-Sent Events reader.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{bin, copy_tree, scratch};

pub struct Server {
    pub child: Child,
    pub port: u16,
    pub dir: PathBuf,
    /// What the server printed so far (its log).
    pub log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    /// How many rebuilds the server logged so far.
    pub fn builds(&self) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.starts_with("built "))
            .count()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Starts `lectern serve` on a copy of `course` (a folder) at an ephemeral loopback port.
pub fn start_on(course: &Path) -> Server {
    let dir = scratch("serve");
    copy_tree(course, &dir.join("course"));
    spawn(dir, "course")
}

/// Starts `lectern serve <what>` in `dir` (which the server owns from now on).
pub fn spawn(dir: PathBuf, what: &str) -> Server {
    spawn_with(dir, what, &[])
}

/// As `spawn`, with more arguments (`--host 0.0.0.0`).
pub fn spawn_with(dir: PathBuf, what: &str, more: &[&str]) -> Server {
    spawn_env(dir, what, more, &[])
}

/// As `spawn_with`, with environment variables (`LECTERN_COMPILE_SECONDS`).
pub fn spawn_env(dir: PathBuf, what: &str, more: &[&str], env: &[(&str, &str)]) -> Server {
    let mut child = Command::new(bin())
        .args(["serve", what, "--port", "0"])
        .args(more)
        .envs(env.iter().copied())
        .current_dir(&dir)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let lines = std::sync::Arc::clone(&log);
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(url) = line.split("at http://127.0.0.1:").nth(1) {
                let _ = tx.send(url.trim_end_matches('/').parse::<u16>().unwrap());
            }
            lines.lock().unwrap().push(line);
        }
    });
    let port = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the server says where it listens");
    Server {
        child,
        port,
        dir,
        log,
    }
}

pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

pub fn request(port: u16, raw: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(raw.as_bytes()).unwrap();
    let mut all = Vec::new();
    s.read_to_end(&mut all).unwrap();
    let split = all
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(all.len(), |i| i + 4);
    let head = String::from_utf8_lossy(&all[..split]).to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut body = all[split..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Reply { status, head, body }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&b[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.trim(), 16).ok())
            .unwrap_or(0);
        let Some(chunk) = b.get(eol + 2..eol + 2 + size).filter(|_| size > 0) else {
            break;
        };
        out.extend_from_slice(chunk);
        b = b.get(eol + 4 + size..).unwrap_or(&[]);
    }
    out
}

pub fn get(port: u16, path: &str) -> Reply {
    request(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
    )
}

/// A Server-Sent Events connection that collects events.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    pub fn open(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(b"GET /_lectern/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        s.set_read_timeout(Some(Duration::from_millis(20))).unwrap();
        let mut reader = BufReader::new(s);
        let mut line = String::new();
        // Headers, then the retry line: the stream is live once they are read.
        let deadline = Instant::now() + Duration::from_secs(10);
        while !line.starts_with("retry:") && Instant::now() < deadline {
            line.clear();
            let _ = reader.read_line(&mut line);
        }
        Events { reader }
    }

    /// The next complete event, as soon as it is complete, or `None` at the deadline.
    pub fn next(&mut self, deadline: Instant) -> Option<(String, String)> {
        let (mut name, mut data) = (String::new(), String::new());
        while Instant::now() < deadline {
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) => {
                    let line = line.trim_end();
                    if let Some(v) = line.strip_prefix("event: ") {
                        name = v.to_string();
                    } else if let Some(v) = line.strip_prefix("data: ") {
                        data = v.to_string();
                    } else if line.is_empty() && !name.is_empty() {
                        return Some((name, data));
                    }
                }
                Err(_) => {}
            }
        }
        None
    }

    /// Events (name, data) that arrive within `wait`.
    pub fn collect(&mut self, wait: Duration) -> Vec<(String, String)> {
        let deadline = Instant::now() + wait;
        std::iter::from_fn(|| self.next(deadline)).collect()
    }

    /// Waits for the first event matching, failing after 10 s; returns
    /// every event seen up to it, the instant it arrives.
    pub fn wait_for(
        &mut self,
        what: &str,
        pred: impl Fn(&str, &str) -> bool,
    ) -> Vec<(String, String)> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut seen = Vec::new();
        while let Some(event) = self.next(deadline) {
            let hit = pred(&event.0, &event.1);
            seen.push(event);
            if hit {
                return seen;
            }
        }
        panic!("no {what} event within 10 s; saw {seen:?}");
    }
}

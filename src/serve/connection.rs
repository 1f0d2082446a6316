//! HTTP/1.1 on a socket, with the limits a server on a trainer's laptop
//! needs: a request head is at most `MAX_HEAD` bytes and must arrive whole
//! within `READ_TIMEOUT`, a body at most `MAX_BODY`, and at most
//! `MAX_CONNECTIONS` are open at once, `MAX_PER_DEVICE` of them from one
//! device in the room, with some always left for this machine (the next
//! one is told so and closed, never left waiting); a device in the room
//! makes at most `MAX_CHANGES_PER_MINUTE` POSTs and pairing attempts. One request per connection (`Connection: close`): pages are
//! few and local, and a socket that finished its answer never holds a
//! thread.
//!
//! This replaces tiny_http, which buffers a header of any size, sets no
//! socket timeouts and queues new connections behind idle ones in its own
//! pool, none of which it lets a caller change.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const MAX_HEAD: usize = 16 * 1024;
/// Enough for a delivery log of a long session (the largest body we take).
pub const MAX_BODY: usize = 256 * 1024;
/// Connections open at once, each a thread that waits most of its life
/// (an event stream): 2,000 event streams and their room to spare. Fewer
/// where the process may not open that many files (`connection_cap`).
pub const MAX_CONNECTIONS: usize = 4096;
/// A connection's thread only reads, routes and writes (the compiles run
/// in the render worker): a small stack keeps thousands of them cheap.
const THREAD_STACK: usize = 256 * 1024;
/// Files the process keeps for itself besides connections (the course,
/// the watcher, the workers' pipes, the log).
const FILES_OF_OUR_OWN: u64 = 128;
/// Connections one device in the room may hold at once (a page holds one
/// event stream and loads a few files at a time): no phone or laptop can
/// take the slots the presenter and the rest of the room need.
pub const MAX_PER_DEVICE: usize = 32;
/// Slots only this machine (the presenter view, its windows) may use.
const RESERVED_FOR_THIS_MACHINE: usize = 64;
/// Requests that change something (every POST, and pairing attempts) one
/// device in the room may make per minute: a paired phone used as a
/// clicker makes one a move; a device guessing pairing codes or flooding
/// the delivery log is told 429 and slowed to this.
pub const MAX_CHANGES_PER_MINUTE: u32 = 120;
const MINUTE: Duration = Duration::from_mins(1);
/// Devices whose minute is counted at once; past this, finished minutes
/// are forgotten first (the map never grows without end).
const COUNTED_DEVICES: usize = 1024;
/// A request's head, and then its body, must arrive whole within this: a
/// client sending a byte every few seconds is cut off all the same.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Method {
    Get,
    Head,
    Post,
    Other,
}

pub struct Request {
    pub method: Method,
    /// The request target as sent (`/path?query`).
    pub target: String,
    headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Who connected: devices in the room are not this machine.
    pub peer: SocketAddr,
    /// The address the connection came in on (the peer is this machine
    /// when it connected from that same address).
    pub local: Option<SocketAddr>,
    stream: TcpStream,
}

impl Request {
    /// A header's value (names compare case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sends a whole response and closes the connection.
    pub fn respond(mut self, status: u16, headers: &[(&str, &str)], body: &[u8]) {
        let mut head = status_line(status);
        for (name, value) in headers {
            // Values are ours; a line break in one would split the response.
            let value: String = value.chars().filter(|c| !c.is_control()).collect();
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        ));
        let _ = self.stream.write_all(head.as_bytes());
        if self.method != Method::Head {
            let _ = self.stream.write_all(body);
        }
        let _ = self.stream.flush();
    }

    /// Sends a response head without a length and hands back the socket for
    /// a stream (Server-Sent Events). Reads no longer time out; writes do.
    pub fn into_stream(mut self, headers: &[(&str, &str)]) -> Option<TcpStream> {
        let mut head = status_line(200);
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("Connection: close\r\n\r\n");
        self.stream.write_all(head.as_bytes()).ok()?;
        self.stream.set_read_timeout(None).ok()?;
        Some(self.stream)
    }
}

fn status_line(status: u16) -> String {
    let reason = match status {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        414 => "URI Too Long",
        421 => "Misdirected Request",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        507 => "Insufficient Storage",
        _ => "",
    };
    format!("HTTP/1.1 {status} {reason}\r\n")
}

/// Accepts connections for ever, each on its own thread, and hands every
/// well-formed request to `handle`. Malformed ones get their 4xx here.
pub fn serve(listener: TcpListener, handle: impl Fn(Request) + Send + Sync + 'static) {
    let handle = Arc::new(handle);
    let cap = connection_cap();
    let open = Arc::new(AtomicUsize::new(0));
    let devices: Arc<Mutex<Devices>> = Arc::new(Mutex::new(Devices {
        cap,
        ..Devices::default()
    }));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        // A device in the room: not loopback, not this machine's own
        // address (the laptop opening its LAN address).
        let device = match (stream.peer_addr(), stream.local_addr()) {
            (Ok(peer), Ok(local)) if !peer.ip().is_loopback() && peer.ip() != local.ip() => {
                Some(peer.ip())
            }
            _ => None,
        };
        let admitted = open.fetch_add(1, Ordering::SeqCst) < cap
            && device.is_none_or(|ip| lock(&devices).admit(ip));
        if !admitted {
            open.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.write_all(
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\nConnection: close\r\n\r\n",
            );
            continue;
        }
        let (handle, open) = (Arc::clone(&handle), Arc::clone(&open));
        let devices_left = Arc::clone(&devices);
        let spawned = std::thread::Builder::new()
            .name("lectern-http".into())
            .stack_size(THREAD_STACK)
            .spawn(move || {
                if let Some(request) = read_request(stream) {
                    let changes = request.method == Method::Post
                        || request.target.starts_with("/_lectern/pair/");
                    match device {
                        Some(ip)
                            if changes && !lock(&devices_left).may_change(ip, Instant::now()) =>
                        {
                            request.respond(
                                429,
                                &[("Retry-After", "60")],
                                b"too many requests from this device: wait a minute",
                            );
                        }
                        _ => handle(request),
                    }
                }
                if let Some(ip) = device {
                    lock(&devices_left).leave(ip);
                }
                open.fetch_sub(1, Ordering::SeqCst);
            });
        if let Err(e) = spawned {
            eprintln!("cannot start a request thread: {e}");
        }
    }
}

/// `MAX_CONNECTIONS`, or fewer when the process may not open that many
/// files: past its limit a connection could not even be refused politely.
/// The soft limit is raised to the hard one first (macOS starts programs
/// with 256, most Linux systems with 1,024).
fn connection_cap() -> usize {
    let files = raise_open_files_limit();
    let room = files.saturating_sub(FILES_OF_OUR_OWN);
    usize::try_from(room).map_or(MAX_CONNECTIONS, |room| {
        room.clamp(RESERVED_FOR_THIS_MACHINE * 2, MAX_CONNECTIONS)
    })
}

/// The number of files this process may open, after raising the soft
/// limit as far as the system lets it.
#[cfg(unix)]
fn raise_open_files_limit() -> u64 {
    let want = (MAX_CONNECTIONS as u64) + FILES_OF_OUR_OWN;
    // SAFETY: the struct is ours and of the size the call expects.
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &raw mut limit) != 0 {
            return 1024;
        }
        if limit.rlim_cur < want {
            // macOS refuses more than OPEN_MAX even under a higher hard limit.
            let raised = libc::rlimit {
                rlim_cur: want.min(limit.rlim_max),
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raw const raised) == 0 {
                limit.rlim_cur = raised.rlim_cur;
            }
        }
        limit.rlim_cur
    }
}

#[cfg(not(unix))]
fn raise_open_files_limit() -> u64 {
    // Windows counts sockets apart from C files: no limit below ours.
    MAX_CONNECTIONS as u64 + FILES_OF_OUR_OWN
}

/// The connections devices in the room hold, each and in all, and the
/// changes each made in its current minute.
#[derive(Default)]
struct Devices {
    /// Connections open at once, this machine's included.
    cap: usize,
    open: HashMap<IpAddr, usize>,
    total: usize,
    changes: HashMap<IpAddr, (Instant, u32)>,
}

impl Devices {
    /// Takes a slot for `ip`, if it and the room have one left.
    fn admit(&mut self, ip: IpAddr) -> bool {
        let mine = self.open.get(&ip).copied().unwrap_or(0);
        if mine >= MAX_PER_DEVICE
            || self.total >= self.cap.saturating_sub(RESERVED_FOR_THIS_MACHINE)
        {
            // Refused: no entry is kept for a device that holds nothing.
            return false;
        }
        self.open.insert(ip, mine + 1);
        self.total += 1;
        true
    }

    /// Counts a change by `ip`; false once it made its minute's share.
    fn may_change(&mut self, ip: IpAddr, now: Instant) -> bool {
        if self.changes.len() >= COUNTED_DEVICES && !self.changes.contains_key(&ip) {
            self.changes
                .retain(|_, (since, _)| now.duration_since(*since) < MINUTE);
            if self.changes.len() >= COUNTED_DEVICES {
                return false;
            }
        }
        let (since, count) = self.changes.entry(ip).or_insert((now, 0));
        if now.duration_since(*since) >= MINUTE {
            (*since, *count) = (now, 0);
        }
        *count += 1;
        *count <= MAX_CHANGES_PER_MINUTE
    }

    fn leave(&mut self, ip: IpAddr) {
        if let Some(n) = self.open.get_mut(&ip) {
            *n -= 1;
            if *n == 0 {
                self.open.remove(&ip);
            }
            self.total -= 1;
        }
    }
}

/// The lock, even if a thread panicked holding it (the counts stay sound:
/// they change in one step).
fn lock(devices: &Mutex<Devices>) -> std::sync::MutexGuard<'_, Devices> {
    devices
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A socket read under a deadline for the whole request, not per read.
struct Deadline {
    stream: TcpStream,
    until: Instant,
}

impl Read for Deadline {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

/// Reads one request, or answers the client's mistake and gives up.
fn read_request(stream: TcpStream) -> Option<Request> {
    let peer = stream.peer_addr().ok()?;
    stream.set_read_timeout(Some(READ_TIMEOUT)).ok()?;
    stream.set_write_timeout(Some(WRITE_TIMEOUT)).ok()?;
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::new(Deadline {
        stream: stream.try_clone().ok()?,
        until: Instant::now() + READ_TIMEOUT,
    });
    // The body gets a deadline of its own.
    let read = read_message(&mut reader, |socket| {
        socket.until = Instant::now() + READ_TIMEOUT;
    });
    match read {
        Ok(message) => Some(Request {
            method: message.method,
            target: message.target,
            headers: message.headers,
            body: message.body,
            peer,
            local: stream.local_addr().ok(),
            stream,
        }),
        Err(Unread::Refused(status)) => {
            let _ = (&stream).write_all(
                format!(
                    "{}Content-Length: 0\r\nConnection: close\r\n\r\n",
                    status_line(status)
                )
                .as_bytes(),
            );
            None
        }
        Err(Unread::Gone) => None,
    }
}

/// A request as it came off the wire, before it meets its socket.
#[derive(Debug)]
struct Message {
    method: Method,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Why no request was read.
#[derive(Debug, PartialEq)]
enum Unread {
    /// The client's mistake, answered with this status.
    Refused(u16),
    /// The connection ended, or was never a request.
    Gone,
}

/// Reads one request's head (at most `MAX_HEAD` bytes) and body (at most
/// `MAX_BODY`), strictly: one request line of three parts, `name: value`
/// headers, one Host, at most one Content-Length of digits only, no
/// streamed bodies. `body_starts` is told before the body is read. Apart
/// from the socket so that the fuzz test can hand it any bytes.
fn read_message<R: Read>(
    reader: &mut BufReader<R>,
    body_starts: impl FnOnce(&mut R),
) -> Result<Message, Unread> {
    let timed_out = |e: &std::io::Error| {
        matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        )
    };
    let mut lines = Vec::new();
    let mut used = 0;
    loop {
        let mut line = Vec::new();
        let limit = (MAX_HEAD - used + 1) as u64;
        match reader.by_ref().take(limit).read_until(b'\n', &mut line) {
            Ok(0) => return Err(Unread::Gone),
            Ok(n) => used += n,
            Err(e) if timed_out(&e) => return Err(Unread::Refused(408)),
            Err(_) => return Err(Unread::Gone),
        }
        if used > MAX_HEAD {
            return Err(Unread::Refused(431));
        }
        if !line.ends_with(b"\n") {
            return Err(Unread::Gone); // closed mid-line
        }
        let text = String::from_utf8(line).map_err(|_| Unread::Refused(400))?;
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if lines.is_empty() {
                continue; // stray CRLF between requests is allowed
            }
            break;
        }
        lines.push(text.to_string());
    }
    let request_line = lines.remove(0);
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Unread::Refused(400));
    };
    if !matches!(version, "HTTP/1.1" | "HTTP/1.0") || !target.starts_with('/') {
        return Err(Unread::Refused(400));
    }
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        "POST" => Method::Post,
        _ => Method::Other,
    };
    let mut headers = Vec::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(Unread::Refused(400));
        };
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let named = |name: &'static str| {
        headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
    };
    if named("Transfer-Encoding").next().is_some() {
        return Err(Unread::Refused(400)); // no endpoint takes a streamed body
    }
    // One Host and at most one Content-Length: with two, a proxy and this
    // server could each read a different one.
    if named("Host").count() > 1 || named("Content-Length").count() > 1 {
        return Err(Unread::Refused(400));
    }
    let length = match named("Content-Length").next().map(|(_, v)| v.as_str()) {
        None => 0,
        // Digits only: `+5` parses as a number but is no HTTP length.
        Some(v) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => {
            v.parse::<usize>().map_err(|_| Unread::Refused(413))?
        }
        Some(_) => return Err(Unread::Refused(400)),
    };
    if length > MAX_BODY {
        return Err(Unread::Refused(413));
    }
    let mut body = vec![0; length];
    body_starts(reader.get_mut());
    if reader.read_exact(&mut body).is_err() {
        return Err(Unread::Refused(408));
    }
    Ok(Message {
        method,
        target: target.to_string(),
        headers,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Any bytes at all: an answer or a quiet end, never a panic, and
    /// never a request past the limits (part of the fuzz run: see
    /// `tests/fuzz.rs`; `LECTERN_FUZZ_CASES` sets the count here too).
    mod fuzz {
        use super::super::*;
        use proptest::prelude::*;

        fn head() -> impl Strategy<Value = Vec<u8>> {
            let piece = prop::sample::select(vec![
                "GET / HTTP/1.1\r\n",
                "POST /_lectern/nav HTTP/1.1\r\n",
                "GET  HTTP/1.1\r\n",
                "Host: 127.0.0.1\r\n",
                "Host: [::1]evil.example\r\n",
                "Content-Length: 5\r\n",
                "Content-Length: +5\r\n",
                "Content-Length: 99999999999999999999999\r\n",
                "Transfer-Encoding: chunked\r\n",
                "X: \u{fffd}\r\n",
                "no colon\r\n",
                "\r\n",
                "\n",
                "hello",
            ]);
            (
                prop::collection::vec(piece, 0..12),
                prop::collection::vec(any::<u8>(), 0..64),
            )
                .prop_map(|(pieces, tail)| {
                    let mut bytes = pieces.concat().into_bytes();
                    bytes.extend(tail);
                    bytes
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(std::env::var("LECTERN_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(300)))]

            #[test]
            fn any_bytes_give_a_request_within_the_limits_or_a_refusal(bytes in head()) {
                let mut reader = BufReader::new(bytes.as_slice());
                match read_message(&mut reader, |_| ()) {
                    Ok(message) => {
                        prop_assert!(message.target.starts_with('/'));
                        prop_assert!(message.body.len() <= MAX_BODY);
                    }
                    Err(Unread::Refused(status)) => {
                        prop_assert!([400, 408, 413, 431].contains(&status));
                    }
                    Err(Unread::Gone) => {}
                }
            }
        }
    }

    #[test]
    fn a_device_gets_its_minute_of_changes_and_then_its_next() {
        let mut devices = Devices::default();
        let phone: IpAddr = "10.0.0.7".parse().unwrap();
        let other: IpAddr = "10.0.0.8".parse().unwrap();
        let start = Instant::now();
        for _ in 0..MAX_CHANGES_PER_MINUTE {
            assert!(devices.may_change(phone, start));
        }
        assert!(!devices.may_change(phone, start + Duration::from_secs(30)));
        // Another device is not held back by the first.
        assert!(devices.may_change(other, start));
        assert!(devices.may_change(phone, start + MINUTE));
    }

    #[test]
    fn counting_forgets_finished_minutes_before_it_grows() {
        let mut devices = Devices::default();
        let start = Instant::now();
        for i in 0..COUNTED_DEVICES as u32 {
            assert!(devices.may_change(IpAddr::from(i.to_be_bytes()), start));
        }
        let new: IpAddr = "192.168.1.1".parse().unwrap();
        // All minutes still running: a new device waits for one to end.
        assert!(!devices.may_change(new, start));
        assert!(devices.may_change(new, start + MINUTE));
        assert_eq!(devices.changes.len(), 1);
    }
}

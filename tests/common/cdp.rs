//! Chrome DevTools Protocol client for the browser tests (see tests/browser.rs).
//!
//! Synchronous and small: one websocket to the browser, flattened sessions
//! (every page command carries its `sessionId`), responses matched by id,
//! events buffered as they arrive in between. Every wait has a deadline, so
//! nothing can hang: a read timeout on the socket bounds each read.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, ErrorKind};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

/// The longest any single command, navigation or wait may take.
pub const MAX_WAIT: Duration = Duration::from_secs(10);
/// How long one socket read blocks before the deadline is looked at again.
const READ_SLICE: Duration = Duration::from_millis(100);

/// One protocol event: its method, parameters and the session it belongs to.
#[derive(Debug, Clone)]
pub struct Event {
    pub method: String,
    pub params: Value,
    pub session: Option<String>,
}

/// A headless Chromium with a fresh profile, killed (with its helper
/// processes) and its profile removed when dropped, even after a panic.
pub struct Browser {
    child: Child,
    profile: PathBuf,
    ws: RefCell<WebSocket<TcpStream>>,
    next_id: Cell<u64>,
    events: RefCell<Vec<Event>>,
    /// URLs of `Network.requestWillBeSent`, per session.
    requests: RefCell<HashMap<String, Vec<String>>>,
    /// Uncaught exceptions (`Runtime.exceptionThrown`), per session.
    exceptions: RefCell<HashMap<String, Vec<String>>>,
}

impl Browser {
    /// Starts `chromium` (the path from `common::tool`) and connects to it.
    pub fn launch(chromium: &Path) -> Browser {
        Self::launch_with(chromium, &[])
    }

    /// Starts `chromium` as on a trainer's Windows laptop: its fontconfig
    /// knows only Liberation Sans and Serif (Chromium's own dependency, the
    /// metric twins of Windows' Arial and Times New Roman), not DejaVu and
    /// not lectern's fonts, so a page shows lectern's type only through the
    /// fonts it embeds. (With no font at all Chromium fails web fonts at
    /// random; no laptop is like that.)
    pub fn launch_without_fonts(chromium: &Path) -> Browser {
        let dir = super::scratch("no-fonts");
        std::fs::create_dir_all(dir.join("fonts")).unwrap();
        std::fs::create_dir_all(dir.join("cache")).unwrap();
        for face in ["LiberationSans-Regular.ttf", "LiberationSerif-Regular.ttf"] {
            let _ = std::fs::copy(
                Path::new("/usr/share/fonts/truetype/liberation").join(face),
                dir.join("fonts").join(face),
            );
        }
        let conf = dir.join("fonts.conf");
        std::fs::write(
            &conf,
            format!(
                // The system's rendering settings (hinting, antialiasing) as
                // every real machine has them, but none of its font folders.
                "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig><dir>{}</dir><cachedir>{}</cachedir><include ignore_missing=\"yes\">/etc/fonts/conf.d</include></fontconfig>\n",
                dir.join("fonts").display(),
                dir.join("cache").display()
            ),
        )
        .unwrap();
        let conf = conf.to_string_lossy().into_owned();
        Self::launch_with(chromium, &[("FONTCONFIG_FILE", conf.as_str())])
    }

    fn launch_with(chromium: &Path, env: &[(&str, &str)]) -> Browser {
        let profile = super::scratch("chromium-profile");
        let mut cmd = Command::new(chromium);
        cmd.envs(env.iter().copied());
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args([
            "--remote-debugging-port=0",
            // Background tabs must keep running (presenter + audience tabs).
            "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding",
            "--disable-backgrounding-occluded-windows",
            "--window-size=1280,800",
            "about:blank",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
        #[cfg(unix)]
        {
            // Its own process group, so the renderers go down with it.
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let mut child = cmd.spawn().expect("chromium starts");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = mpsc::channel::<String>();
        std::thread::spawn(move || {
            // Keeps draining stderr after the URL so Chromium never blocks on it.
            let mut tx = Some(tx);
            let mut seen = Vec::new();
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(url.trim().to_string());
                    }
                } else if tx.is_some() {
                    seen.push(line);
                }
            }
            if let Some(tx) = tx {
                let _ = tx.send(format!("ERROR: chromium exited:\n{}", seen.join("\n")));
            }
        });
        // Built before connecting, so a failure below still cleans up.
        let mut guard = Launching {
            child: Some(child),
            profile: profile.clone(),
        };
        let url = match rx.recv_timeout(MAX_WAIT) {
            Ok(url) if url.starts_with("ws://") => url,
            Ok(other) => panic!("chromium gave no DevTools URL: {other}"),
            Err(_) => panic!("chromium printed no `DevTools listening on` within {MAX_WAIT:?}"),
        };
        let hostport = url
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .unwrap()
            .to_string();
        let stream = TcpStream::connect(&hostport).expect("connect to the DevTools port");
        stream.set_read_timeout(Some(MAX_WAIT)).unwrap();
        stream.set_write_timeout(Some(MAX_WAIT)).unwrap();
        stream.set_nodelay(true).unwrap();
        let (ws, _) = tungstenite::client(url.as_str(), stream)
            .unwrap_or_else(|e| panic!("websocket handshake with {url}: {e}"));
        ws.get_ref().set_read_timeout(Some(READ_SLICE)).unwrap();
        Browser {
            child: guard.child.take().unwrap(),
            profile,
            ws: RefCell::new(ws),
            next_id: Cell::new(1),
            events: RefCell::new(Vec::new()),
            requests: RefCell::new(HashMap::new()),
            exceptions: RefCell::new(HashMap::new()),
        }
    }

    /// Sends a command (to the browser, or to a page with `session`) and
    /// waits for its result; a protocol error panics with the message.
    pub fn call(&self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.try_call(session, method, params)
            .unwrap_or_else(|e| panic!("CDP {method} failed: {e}"))
    }

    pub fn try_call(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, String> {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        self.ws
            .borrow_mut()
            .send(Message::Text(msg.to_string()))
            .map_err(|e| format!("sending: {e}"))?;
        let deadline = Instant::now() + MAX_WAIT;
        loop {
            if let Read::Reply(reply) = self.read_one(deadline)? {
                if reply["id"].as_u64() == Some(id) {
                    if let Some(err) = reply.get("error") {
                        return Err(err.to_string());
                    }
                    return Ok(reply["result"].clone());
                }
                // A stale reply to a command that timed out earlier: drop it.
            }
        }
    }

    /// Reads one message (or nothing, after a read slice); events are filed away.
    fn read_one(&self, deadline: Instant) -> Result<Read, String> {
        if Instant::now() > deadline {
            return Err(format!("no reply within {MAX_WAIT:?}"));
        }
        let msg = match self.ws.borrow_mut().read() {
            Ok(m) => m,
            Err(tungstenite::Error::Io(e))
                if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
            {
                return Ok(Read::Quiet)
            }
            Err(e) => return Err(format!("reading: {e}")),
        };
        let text = match msg {
            Message::Text(t) => t,
            Message::Binary(b) => String::from_utf8_lossy(&b).into_owned(),
            Message::Close(_) => return Err("the browser closed the connection".into()),
            _ => return Ok(Read::Event),
        };
        let v: Value = serde_json::from_str(&text).map_err(|e| format!("bad JSON: {e}"))?;
        if v.get("id").is_some() {
            return Ok(Read::Reply(v));
        }
        self.file_event(Event {
            method: v["method"].as_str().unwrap_or("").to_string(),
            session: v["sessionId"].as_str().map(String::from),
            params: v["params"].clone(),
        });
        Ok(Read::Event)
    }

    fn file_event(&self, e: Event) {
        let session = e.session.clone().unwrap_or_default();
        match e.method.as_str() {
            "Network.requestWillBeSent" => {
                let url = e.params["request"]["url"]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
                self.requests
                    .borrow_mut()
                    .entry(session)
                    .or_default()
                    .push(url);
            }
            "Runtime.exceptionThrown" => {
                let d = &e.params["exceptionDetails"];
                let text = d["exception"]["description"]
                    .as_str()
                    .or(d["text"].as_str())
                    .unwrap_or("?")
                    .to_string();
                self.exceptions
                    .borrow_mut()
                    .entry(session)
                    .or_default()
                    .push(format!("{text} (line {})", d["lineNumber"]));
            }
            // Chatter nobody waits for.
            "Runtime.executionContextCreated"
            | "Runtime.executionContextDestroyed"
            | "Runtime.executionContextsCleared"
            | "Runtime.consoleAPICalled"
            | "Network.requestWillBeSentExtraInfo"
            | "Network.responseReceivedExtraInfo"
            | "Network.dataReceived"
            | "Network.loadingFinished"
            | "Network.resourceChangedPriority"
            | "Page.frameStartedLoading"
            | "Page.frameStoppedLoading"
            | "Page.frameNavigated"
            | "Page.frameResized"
            | "Page.lifecycleEvent" => {}
            _ => self.events.borrow_mut().push(e),
        }
    }

    /// Reads whatever already arrived, waiting only a moment.
    fn drain(&self) {
        let deadline = Instant::now() + MAX_WAIT;
        let _ = self
            .ws
            .borrow()
            .get_ref()
            .set_read_timeout(Some(Duration::from_millis(5)));
        while let Ok(Read::Event | Read::Reply(_)) = self.read_one(deadline) {}
        let _ = self
            .ws
            .borrow()
            .get_ref()
            .set_read_timeout(Some(READ_SLICE));
    }

    /// Removes and returns the first buffered event matching `pred`,
    /// reading from the socket until `timeout`; None when none came.
    pub fn take_event(&self, timeout: Duration, pred: impl Fn(&Event) -> bool) -> Option<Event> {
        let deadline = Instant::now() + timeout.min(MAX_WAIT);
        loop {
            {
                let mut events = self.events.borrow_mut();
                if let Some(at) = events.iter().position(&pred) {
                    return Some(events.remove(at));
                }
            }
            if Instant::now() > deadline {
                return None;
            }
            if let Err(e) = self.read_one(deadline + READ_SLICE) {
                panic!("waiting for an event: {e}");
            }
        }
    }

    /// Forgets buffered events matching `pred`.
    pub fn discard_events(&self, pred: impl Fn(&Event) -> bool) {
        self.drain();
        self.events.borrow_mut().retain(|e| !pred(e));
    }

    /// Opens a new tab on `about:blank`, attached with a flattened session,
    /// with the Page, Runtime and Network domains enabled.
    pub fn new_page(&self) -> Page<'_> {
        self.open_page(json!({ "url": "about:blank" }))
    }

    /// A tab in a new, isolated browser context (its own storage, no
    /// BroadcastChannel with the other tabs): another device, as it were.
    pub fn new_isolated_page(&self) -> Page<'_> {
        let context = self.call(None, "Target.createBrowserContext", json!({}));
        let context = context["browserContextId"]
            .as_str()
            .expect("browserContextId");
        self.open_page(json!({ "url": "about:blank", "browserContextId": context }))
    }

    fn open_page(&self, create: Value) -> Page<'_> {
        let target = self.call(None, "Target.createTarget", create);
        let target = target["targetId"].as_str().expect("targetId").to_string();
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target, "flatten": true }),
        );
        let session = attached["sessionId"]
            .as_str()
            .expect("sessionId")
            .to_string();
        let page = Page {
            browser: self,
            session,
            target,
        };
        page.call("Page.enable", json!({}));
        page.call("Runtime.enable", json!({}));
        page.call("Network.enable", json!({}));
        page
    }
}

/// What one read from the socket gave.
enum Read {
    Reply(Value),
    Event,
    Quiet,
}

/// Cleans up when `launch` fails between starting Chromium and connecting.
struct Launching {
    child: Option<Child>,
    profile: PathBuf,
}

impl Drop for Launching {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            kill(child);
            let _ = std::fs::remove_dir_all(&self.profile);
        }
    }
}

fn kill(child: &mut Child) {
    #[cfg(unix)]
    {
        // The whole process group started for this browser (its own id).
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ask politely first (a clean exit takes the helpers along), then make sure.
        if let Ok(mut ws) = self.ws.try_borrow_mut() {
            let id = self.next_id.get();
            let _ = ws.send(Message::Text(
                json!({ "id": id, "method": "Browser.close" }).to_string(),
            ));
        }
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        kill(&mut self.child);
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// One tab, driven through its flattened session.
pub struct Page<'b> {
    pub browser: &'b Browser,
    pub session: String,
    pub target: String,
}

impl Page<'_> {
    pub fn call(&self, method: &str, params: Value) -> Value {
        self.browser.call(Some(&self.session), method, params)
    }

    /// Evaluates `expr` (promises awaited) and returns its value; a thrown
    /// exception panics with its description.
    pub fn eval(&self, expr: &str) -> Value {
        self.try_eval(expr)
            .unwrap_or_else(|e| panic!("evaluating `{expr}` threw: {e}"))
    }

    fn try_eval(&self, expr: &str) -> Result<Value, String> {
        let r = self.call(
            "Runtime.evaluate",
            json!({ "expression": expr, "returnByValue": true, "awaitPromise": true }),
        );
        if let Some(d) = r.get("exceptionDetails") {
            let text = d["exception"]["description"]
                .as_str()
                .or(d["text"].as_str())
                .unwrap_or("?");
            return Err(text.to_string());
        }
        Ok(r["result"]["value"].clone())
    }

    /// Polls `expr` until it is truthy; panics after `timeout` (at most
    /// [`MAX_WAIT`]) with the expression and its last value.
    pub fn wait_until(&self, expr: &str, timeout: Duration) -> Value {
        let deadline = Instant::now() + timeout.min(MAX_WAIT);
        loop {
            let v = self.try_eval(expr);
            if let Ok(v) = &v {
                if truthy(v) {
                    return v.clone();
                }
            }
            if Instant::now() > deadline {
                let at = self.try_eval("location.href").unwrap_or_default();
                panic!(
                    "timed out after {:?} waiting for `{expr}` in {at}; last value: {v:?}",
                    timeout.min(MAX_WAIT)
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Navigates and waits for the load event. A URL that differs from the
    /// current one only in its fragment does not load a new document: use
    /// [`Page::reload`] after it.
    pub fn navigate(&self, url: &str) {
        self.browser.discard_events(|e| self.is_load(e));
        let r = self.call("Page.navigate", json!({ "url": url }));
        if let Some(err) = r["errorText"].as_str() {
            panic!("navigating to {url}: {err}");
        }
        if r.get("loaderId").is_some() {
            self.wait_load(url);
        }
    }

    /// Reloads the page (a new document) and waits for the load event.
    pub fn reload(&self) {
        self.browser.discard_events(|e| self.is_load(e));
        self.call("Page.reload", json!({ "ignoreCache": true }));
        self.wait_load("(reload)");
    }

    fn is_load(&self, e: &Event) -> bool {
        e.method == "Page.loadEventFired" && e.session.as_deref() == Some(&self.session)
    }

    fn wait_load(&self, what: &str) {
        if self
            .browser
            .take_event(MAX_WAIT, |e| self.is_load(e))
            .is_none()
        {
            panic!("{what} did not finish loading within {MAX_WAIT:?}");
        }
    }

    /// Presses and releases a key (`"ArrowRight"`, `" "`, `"B"`, `"7"`, ...).
    pub fn press(&self, key: &str) {
        let (code, vk, text): (String, u32, &str) = match key {
            "ArrowLeft" => ("ArrowLeft".into(), 37, ""),
            "ArrowUp" => ("ArrowUp".into(), 38, ""),
            "ArrowRight" => ("ArrowRight".into(), 39, ""),
            "ArrowDown" => ("ArrowDown".into(), 40, ""),
            "PageUp" => ("PageUp".into(), 33, ""),
            "PageDown" => ("PageDown".into(), 34, ""),
            "End" => ("End".into(), 35, ""),
            "Home" => ("Home".into(), 36, ""),
            "Enter" => ("Enter".into(), 13, "\r"),
            "Escape" => ("Escape".into(), 27, ""),
            "Backspace" => ("Backspace".into(), 8, ""),
            " " | "Space" => ("Space".into(), 32, " "),
            k if k.len() == 1 && k.as_bytes()[0].is_ascii_alphabetic() => {
                let c = k.as_bytes()[0].to_ascii_uppercase();
                (format!("Key{}", c as char), u32::from(c), k)
            }
            k if k.len() == 1 && k.as_bytes()[0].is_ascii_digit() => {
                (format!("Digit{k}"), u32::from(k.as_bytes()[0]), k)
            }
            other => panic!("press: no key code for {other:?}"),
        };
        let key = if key == "Space" { " " } else { key };
        let mut down = json!({
            "type": "keyDown",
            "key": key,
            "code": code,
            "windowsVirtualKeyCode": vk,
            "nativeVirtualKeyCode": vk,
        });
        if !text.is_empty() {
            down["text"] = json!(text);
            down["unmodifiedText"] = json!(text);
        }
        self.call("Input.dispatchKeyEvent", down);
        self.call(
            "Input.dispatchKeyEvent",
            json!({
                "type": "keyUp",
                "key": key,
                "code": code,
                "windowsVirtualKeyCode": vk,
                "nativeVirtualKeyCode": vk,
            }),
        );
    }

    /// Every URL this tab requested so far (`Network.requestWillBeSent`).
    pub fn requests(&self) -> Vec<String> {
        self.browser.drain();
        self.browser
            .requests
            .borrow()
            .get(&self.session)
            .cloned()
            .unwrap_or_default()
    }

    /// Uncaught exceptions in this tab so far.
    pub fn exceptions(&self) -> Vec<String> {
        self.browser.drain();
        self.browser
            .exceptions
            .borrow()
            .get(&self.session)
            .cloned()
            .unwrap_or_default()
    }

    /// Waits for an event of this tab matching `pred`.
    pub fn take_event(&self, timeout: Duration, pred: impl Fn(&Event) -> bool) -> Option<Event> {
        self.browser.take_event(timeout, |e| {
            e.session.as_deref() == Some(&self.session) && pred(e)
        })
    }
}

/// JavaScript truthiness of a returned value.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// A `file://` URL for an absolute path.
pub fn file_url(path: &Path) -> String {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut url = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(b as char);
            }
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    url
}

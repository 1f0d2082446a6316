//! HTTP routes. Nothing outside the course folder is ever served, only
//! this machine's names are answered (no DNS rebinding), and only the
//! presenter view on this machine drives the screens. Other devices in the
//! room (`--host 0.0.0.0`) see the slides and the workbook, never the notes.

use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::connection::{Method, Request};
use super::state::Live;
use lectern::render::html::CSP;

const LIVE_JS: &str = include_str!("live.js");
const PAIR_JS: &str = include_str!("pair.js");
const MAX_URL: usize = 4096;
/// Everything that is not one of our pages: nothing in it may run, load or
/// frame anything (a course SVG opened on its own stays a picture).
const STRICT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";
/// The header the presenter view sends its navigation key in. A custom
/// header cannot be sent cross-origin without a preflight we never allow.
pub const NAV_KEY_HEADER: &str = "X-Lectern-Key";
/// Navigation numbers beyond these are not a deck: refused, so no message
/// can push a window's clock out of reach.
const MAX_SEQ: u64 = 1 << 31;
const MAX_INDEX: u64 = 100_000;

pub fn serve(listener: std::net::TcpListener, live: Arc<Live>) {
    super::connection::serve(listener, move |request| handle(request, &live));
}

pub(super) fn respond(request: Request, status: u16, content_type: &str, body: &[u8]) {
    let csp = if content_type.starts_with("text/html") {
        CSP
    } else {
        STRICT_CSP
    };
    request.respond(
        status,
        &[
            ("Content-Type", content_type),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("Cache-Control", "no-store"),
            ("Cross-Origin-Resource-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
            ("Content-Security-Policy", csp),
        ],
        body,
    );
}

pub(super) fn text(request: Request, status: u16, message: &str) {
    respond(
        request,
        status,
        "text/plain; charset=utf-8",
        message.as_bytes(),
    );
}

fn redirect(request: Request, to: &str) {
    let mut location = String::new();
    lectern::render::html::escape_path(to, &mut location);
    request.respond(
        301,
        &[
            ("Location", &location),
            ("Content-Security-Policy", STRICT_CSP),
        ],
        b"",
    );
}

/// Whether a `Host` header names this machine: a loopback name, an IP
/// address (a literal cannot be rebound to another site by DNS), or the
/// name given to `--host`.
pub fn host_allowed(host: &str, bound: &str) -> bool {
    let name = match host.strip_prefix('[') {
        // `[::1]` or `[::1]:8000`, nothing after: `[::1]evil.example` is
        // another name.
        Some(v6) => {
            let Some((address, rest)) = v6.split_once(']') else {
                return false;
            };
            let port = rest.strip_prefix(':').unwrap_or(rest);
            let port_ok = rest.is_empty()
                || (rest.starts_with(':')
                    && !port.is_empty()
                    && port.bytes().all(|b| b.is_ascii_digit()));
            return port_ok && address.parse::<IpAddr>().is_ok();
        }
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok()
        || (!bound.is_empty() && name == bound.to_ascii_lowercase())
}

/// This machine, as opposed to a device in the room: a loopback peer, or
/// one that connected from the very address it connected to.
fn is_this_machine(peer: IpAddr, local: Option<IpAddr>) -> bool {
    let canonical = |ip: IpAddr| match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    };
    let peer = canonical(peer);
    peer.is_loopback() || local.map(canonical) == Some(peer)
}

fn handle(request: Request, live: &Live) {
    if request.target.len() > MAX_URL {
        return text(request, 414, "URL too long");
    }
    let host = request.header("Host").unwrap_or("").to_string();
    if !host_allowed(&host, &live.host) {
        return text(
            request,
            421,
            "lectern answers only to this computer's names: open the address `lectern serve` printed (http://127.0.0.1:…)",
        );
    }
    let local = is_this_machine(request.peer.ip(), request.local.map(|a| a.ip()));
    let path = request
        .target
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let presenter_query = request.target.contains("view=presenter");
    match (request.method, path.as_str()) {
        (Method::Get, "/_lectern/events") => return events(request, live, local),
        (Method::Post, "/_lectern/nav") => return nav(request, live, local, &host),
        (Method::Post, "/_lectern/delivery") => return delivery(request, live, local, &host),
        (Method::Post, "/_lectern/pair" | "/_lectern/devices") => {
            if let Some(refusal) = refuse_unless_presenter(&request, live, local, &host) {
                return text(request, 403, refusal);
            }
            if path == "/_lectern/devices" {
                return super::pairing::devices(request, live);
            }
            let stem = serde_json::from_slice::<serde_json::Value>(&request.body)
                .ok()
                .and_then(|v| v.get("stem")?.as_str().map(str::to_string))
                .filter(|s| live.has_deck(s));
            return match stem {
                Some(stem) => super::pairing::new_pairing(request, live, &stem),
                None => text(request, 400, "expected the deck to pair for"),
            };
        }
        (Method::Get, p) if p.starts_with("/_lectern/pair/") => {
            let code = p.trim_start_matches("/_lectern/pair/").to_string();
            return super::pairing::pair_device(request, live, &code);
        }
        (Method::Post, "/_lectern/author") => {
            return super::author::post(request, live, local, &host)
        }
        (Method::Get, "/_lectern/author/page") => {
            return super::author::page(request, local, &host)
        }
        (Method::Get | Method::Head, _) => {}
        _ => return text(request, 405, "method not allowed"),
    }
    if path == "/" || path == "/index.html" {
        let index = live.index();
        return respond(request, 200, "text/html; charset=utf-8", index.as_bytes());
    }
    if path == "/_lectern/problems" {
        if !local {
            return text(request, 403, "only this computer sees the build problems");
        }
        return respond(
            request,
            200,
            "application/json",
            live.problems_json().as_bytes(),
        );
    }
    let rel = lectern::parse::percent_decode(path.trim_start_matches('/'));
    // /<stem>/ and /<stem>/presenter: the deck with live reload.
    let (first, rest) = rel.split_once('/').unwrap_or((rel.as_str(), ""));
    let as_page = match (rest, first.strip_suffix(".html")) {
        ("" | "presenter" | "presenter/", None) if rel.contains('/') && live.has_deck(first) => {
            Some((first.to_string(), rest.starts_with("presenter")))
        }
        ("", Some(stem)) if live.has_deck(stem) => Some((stem.to_string(), false)),
        _ => None,
    };
    if let Some((stem, presenter)) = as_page {
        // A paired phone sees what this machine sees, without its key.
        let device = if local {
            None
        } else {
            live.pairing.device_of(&request).map(|(id, _)| id)
        };
        if !local && device.is_none() && (presenter || presenter_query) {
            return text(
                request,
                403,
                "the presenter view, with the trainer notes, opens only on the computer running `lectern serve` or a phone paired with it",
            );
        }
        let page = if local || device.is_some() {
            live.deck_page(&stem)
        } else {
            live.audience_page(&stem)
        };
        if let Some(page) = page {
            let key = if local { live.nav_key.as_str() } else { "" };
            let driver = live.pairing.driver();
            let body = with_live_script(&page, key, &live.run, device, driver);
            let body = if local {
                super::author::inject(body)
            } else {
                body
            };
            return respond(request, 200, "text/html; charset=utf-8", body.as_bytes());
        }
    }
    if !rel.contains('/') && live.has_deck(&rel) {
        return redirect(request, &format!("/{rel}/"));
    }
    let Some(request) = outputs(request, live, local, &rel) else {
        return;
    };
    course_file(request, live, local, &rel);
}

/// A deck's PDFs and its model by name, or the request back when `rel`
/// names neither.
fn outputs(request: Request, live: &Live, local: bool, rel: &str) -> Option<Request> {
    if rel.ends_with(".pdf") && !rel.contains('/') {
        if !local && rel.ends_with("-notes.pdf") {
            text(
                request,
                403,
                "the trainer script opens only on this computer",
            );
            return None;
        }
        if let Some(bytes) = live.pdf(rel) {
            respond(request, 200, "application/pdf", &bytes);
            return None;
        }
    }
    if let Some(stem) = rel.strip_suffix(".json").filter(|s| live.has_deck(s)) {
        if !local {
            text(
                request,
                403,
                "the deck model (with notes) opens only on this computer",
            );
            return None;
        }
        if let Some(json) = live.deck_json(stem) {
            respond(request, 200, "application/json", &json);
            return None;
        }
    }
    Some(request)
}

/// A file of the course a deck shows (a picture): to other devices only
/// pictures; read bounded, so a pipe or device in the course folder can
/// never hold a connection.
fn course_file(request: Request, live: &Live, local: bool, rel: &str) {
    if !live.serves_file(rel) {
        return text(request, 404, "not found");
    }
    match live.root().ok_or(404).and_then(|root| confine(&root, rel)) {
        // Devices in the room get the course's pictures, not its sources.
        Ok(file) if !local && lectern::images::mime(&file.to_string_lossy()).is_none() => text(
            request,
            403,
            "only the slides' images are shared with other devices",
        ),
        Ok(file) => match lectern::files::read_bounded(&file, lectern::images::MAX_BYTES) {
            Ok(bytes) => respond(request, 200, content_type(&file), &bytes),
            Err(_) => text(request, 404, "not found"),
        },
        Err(403) => text(request, 403, "forbidden"),
        Err(code) => text(request, code, "not found"),
    }
}

/// Why a request that acts for the presenter is refused, if it is: it must
/// come from this machine, from our own page (Origin), with the key only
/// our pages hold.
fn refuse_unless_presenter(
    request: &Request,
    live: &Live,
    local: bool,
    host: &str,
) -> Option<&'static str> {
    if !local {
        return Some("only the presenter view on this computer may do this");
    }
    if request
        .header("Origin")
        .is_some_and(|origin| origin != format!("http://{host}"))
    {
        return Some("requests from another site are refused");
    }
    if request.header(NAV_KEY_HEADER) != Some(live.nav_key.as_str()) {
        return Some("this needs the presenter view's key");
    }
    None
}

/// `POST /_lectern/delivery`: the presenter view's log of one delivery,
/// sent whole at every slide change and written atomically to
/// `<course>/.lectern/delivery/<stem>/<started>.json`.
fn delivery(request: Request, live: &Live, local: bool, host: &str) {
    if let Some(refusal) = refuse_unless_presenter(&request, live, local, host) {
        return text(request, 403, refusal);
    }
    match serde_json::from_slice::<serde_json::Value>(&request.body)
        .ok()
        .and_then(|v| lectern::report::Delivery::from_json(&v))
    {
        Some(log) if live.has_deck(&log.deck) => match live.save_delivery(&log) {
            Ok(()) => text(request, 204, ""),
            Err(e) if e.kind() == std::io::ErrorKind::StorageFull => {
                text(request, 507, &format!("the delivery log is not kept: {e}"));
            }
            Err(e) => text(request, 500, &format!("cannot save the delivery log: {e}")),
        },
        _ => text(
            request,
            400,
            "expected a delivery log of a deck of this course",
        ),
    }
}

/// `POST /_lectern/nav`: a move of the presenter view, relayed to every
/// window. It must come from this machine, from our own page (Origin), with
/// the key only our pages hold, and be a plausible move; the server relays
/// the fields it checked, not what it was sent.
fn nav(request: Request, live: &Live, local: bool, host: &str) {
    // The phone the presenter handed control to drives as well.
    let driving = live
        .pairing
        .device_of(&request)
        .is_some_and(|(_, drives)| drives)
        && request
            .header("Origin")
            .is_none_or(|origin| origin == format!("http://{host}"));
    if let Some(refusal) = refuse_unless_presenter(&request, live, local, host).filter(|_| !driving)
    {
        return text(request, 403, refusal);
    }
    let Ok(msg) = serde_json::from_slice::<serde_json::Value>(&request.body) else {
        return text(request, 400, "expected a navigation message");
    };
    let number = |key: &str, max: u64| {
        msg.get(key)
            .and_then(serde_json::Value::as_u64)
            .filter(|&n| n <= max)
    };
    let name = |key: &str| {
        msg.get(key)
            .and_then(|v| v.as_str())
            .filter(|s| s.len() <= 256)
            .map(str::to_string)
    };
    let (Some(true), Some(stem), Some(index), Some(step), Some(from), Some(seq)) = (
        msg.get("lectern").and_then(serde_json::Value::as_bool),
        name("stem"),
        number("index", MAX_INDEX),
        number("step", MAX_INDEX),
        name("from"),
        number("seq", MAX_SEQ),
    ) else {
        return text(request, 400, "expected a navigation message");
    };
    // The exercise timer travels with the move: absent, cleared, or a
    // countdown of at most a day.
    const DAY_MS: u64 = 24 * 3600 * 1000;
    let timer = match msg.get("timer") {
        None | Some(serde_json::Value::Null) => serde_json::Value::Null,
        Some(t) => {
            let field = |k: &str| t.get(k).and_then(serde_json::Value::as_u64);
            let pinned = t.get("pinned").and_then(serde_json::Value::as_bool);
            match (
                field("slide"),
                field("total"),
                field("left"),
                t.get("running").and_then(serde_json::Value::as_bool),
            ) {
                (Some(slide), Some(total), Some(left), Some(running))
                    if slide <= MAX_INDEX && total <= DAY_MS && left <= total =>
                {
                    serde_json::json!({ "slide": slide, "total": total, "left": left, "running": running,
                        "pinned": pinned.unwrap_or(false) })
                }
                _ => return text(request, 400, "expected a navigation message"),
            }
        }
    };
    // What the audience screens show: a blank or frozen screen, and the
    // page whose video plays there.
    let screen @ ("" | "black" | "white" | "frozen") =
        msg.get("screen").and_then(|v| v.as_str()).unwrap_or("")
    else {
        return text(request, 400, "expected a navigation message");
    };
    let media = match msg.get("media") {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => match v.as_u64().filter(|&n| n <= MAX_INDEX) {
            Some(page) => Some(page),
            None => return text(request, 400, "expected a navigation message"),
        },
    };
    // The pointer: a point of the slide, as shares of its width and height.
    let share = |p: &serde_json::Value, k: &str| {
        p.get(k)
            .and_then(serde_json::Value::as_f64)
            .filter(|v| (0.0..=1.0).contains(v))
    };
    let pointer = match msg.get("pointer") {
        None | Some(serde_json::Value::Null) => serde_json::Value::Null,
        Some(p) => match (share(p, "x"), share(p, "y")) {
            (Some(x), Some(y)) => serde_json::json!({ "x": x, "y": y }),
            _ => return text(request, 400, "expected a navigation message"),
        },
    };
    let relayed = serde_json::json!({
        "lectern": true, "stem": stem, "index": index, "step": step, "from": from, "seq": seq,
        "timer": timer, "screen": screen, "media": media, "pointer": pointer,
    });
    live.hub.publish_move(&stem, &relayed.to_string());
    text(request, 204, "");
}

/// The server's script goes right before `</body>`: the renderer never knows about it.
/// Pages for this machine carry the navigation key (hex, so it needs no
/// escaping); pages for the room carry none.
/// A paired phone's page says which device it is (a number, not its token).
fn with_live_script(
    page: &str,
    nav_key: &str,
    run: &str,
    device: Option<u32>,
    driver: Option<u32>,
) -> String {
    let at = page.rfind("</body>").unwrap_or(page.len());
    let (device, driver) = (device.unwrap_or(0), driver.unwrap_or(0));
    // This machine's pages get the pairing dialog too.
    let pair = if nav_key.is_empty() { "" } else { PAIR_JS };
    format!(
        "{}<script>window.lecternNavKey='{nav_key}';window.lecternRun='{run}';window.lecternDevice={device};window.lecternDriver={driver};{LIVE_JS}{pair}</script>\n{}",
        &page[..at],
        &page[at..]
    )
}

/// Resolves a URL path inside the course folder, refusing anything that
/// leaves it: `..`, absolute paths, backslashes, hidden files, symlinks out.
pub fn confine(root: &Path, rel: &str) -> Result<PathBuf, u16> {
    if rel.is_empty() || rel.contains(['\0', '\\', ':']) {
        return Err(if rel.is_empty() { 404 } else { 403 });
    }
    for segment in rel.split('/') {
        if segment == ".." || segment == "." {
            return Err(403);
        }
        if segment.starts_with('.') {
            return Err(404);
        }
    }
    let root = root.canonicalize().map_err(|_| 404u16)?;
    let file = root.join(rel).canonicalize().map_err(|_| 404u16)?;
    if !file.starts_with(&root) {
        return Err(403);
    }
    if !file.is_file() {
        return Err(404);
    }
    Ok(file)
}

fn content_type(path: &Path) -> &'static str {
    let name = path.to_string_lossy();
    if let Some(mime) = lectern::images::mime(&name) {
        return mime;
    }
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "css" => "text/css; charset=utf-8",
        "md" | "toml" | "typ" | "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// Server-Sent Events: written straight to the socket so every event is
/// flushed at once; a comment every 15 s notices clients that went away.
/// Devices in the room get moves and reloads, not the build problems.
fn events(request: Request, live: &Live, local: bool) {
    let resume = request
        .header("Last-Event-ID")
        .and_then(|v| v.parse::<u64>().ok());
    let Some(mut stream) = request.into_stream(&[
        ("Content-Type", "text/event-stream"),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ]) else {
        return;
    };
    // Which server this is: a page from before a restart reloads.
    let hello = format!(
        "retry: 500\n\nevent: hello\ndata: {{\"run\":\"{}\"}}\n\n",
        live.run
    );
    if stream.write_all(hello.as_bytes()).is_err() {
        return;
    }
    // A device in the room that joins (not one that reconnects) starts
    // where the presenter is. This machine's windows learn it from the
    // presenter view itself.
    if resume.is_none()
        && !local
        && stream
            .write_all(live.hub.latest_moves().as_bytes())
            .is_err()
    {
        return;
    }
    let mut cursor = match resume {
        Some(id) => id.saturating_add(1).min(live.hub.cursor()),
        None => live.hub.cursor(),
    };
    loop {
        let (next, text) = live.hub.wait(cursor, Duration::from_secs(15), local);
        cursor = next;
        let payload = if text.is_empty() {
            ": ping\n\n".to_string()
        } else {
            text
        };
        if stream
            .write_all(payload.as_bytes())
            .and_then(|()| stream.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{confine, host_allowed, is_this_machine};

    #[test]
    fn host_names_of_this_machine_only() {
        for ok in [
            "localhost",
            "localhost:8000",
            "127.0.0.1:1",
            "[::1]:8000",
            "a.localhost",
            "192.168.1.5:8000",
            "LOCALHOST.",
        ] {
            assert!(host_allowed(ok, ""), "{ok}");
        }
        for bad in [
            "",
            "evil.example",
            "evil.example:8000",
            "localhost.evil.example",
            "[evil]",
            "127.0.0.1.nip.io",
        ] {
            assert!(!host_allowed(bad, ""), "{bad}");
        }
        assert!(host_allowed("trainer-laptop:8000", "trainer-laptop"));
        for bad in ["[::1]evil.example", "[::1]:", "[::1]:80x", "[::1"] {
            assert!(!host_allowed(bad, ""), "{bad}");
        }
        assert!(host_allowed("[::1]:8000", "") && host_allowed("[::1]", ""));
    }

    #[test]
    fn devices_in_the_room_are_not_this_machine() {
        let ip = |s: &str| s.parse().unwrap();
        assert!(is_this_machine(ip("127.0.0.1"), Some(ip("127.0.0.1"))));
        assert!(is_this_machine(ip("::1"), None));
        assert!(is_this_machine(ip("::ffff:127.0.0.1"), None));
        assert!(is_this_machine(
            ip("192.168.1.5"),
            Some(ip("::ffff:192.168.1.5"))
        ));
        assert!(!is_this_machine(ip("192.168.1.7"), Some(ip("192.168.1.5"))));
        assert!(!is_this_machine(ip("192.168.1.7"), None));
    }

    #[test]
    fn confine_refuses_every_way_out() {
        let root = std::env::temp_dir().join(format!("lectern-confine-{}", std::process::id()));
        std::fs::create_dir_all(root.join("assets")).unwrap();
        std::fs::write(root.join("assets/a.svg"), "<svg/>").unwrap();
        assert!(confine(&root, "assets/a.svg").is_ok());
        for bad in [
            "../etc/passwd",
            "assets/../../x",
            "/etc/passwd",
            "assets\\..\\x",
            "C:/x",
            ".git/config",
            "a\0b",
        ] {
            assert!(confine(&root, bad).is_err(), "{bad}");
        }
        #[cfg(unix)]
        {
            let _ = std::os::unix::fs::symlink("/etc/hostname", root.join("assets/link"));
            assert_eq!(confine(&root, "assets/link"), Err(403));
        }
        let _ = std::fs::remove_dir_all(&root);
    }
}

//! HTTP routes. Nothing outside the course folder is ever served.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use super::state::Live;
use lectern::render::html::CSP;

const LIVE_JS: &str = include_str!("live.js");
const MAX_URL: usize = 4096;

pub fn serve(server: Server, live: Arc<Live>) {
    for request in server.incoming_requests() {
        let live = Arc::clone(&live);
        // A thread per request: SSE connections wait for minutes, pages take microseconds.
        let spawned = std::thread::Builder::new()
            .name("lectern-http".into())
            .spawn(move || handle(request, &live));
        if let Err(e) = spawned {
            eprintln!("cannot start a request thread: {e}");
        }
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn respond(request: Request, status: u16, content_type: &str, body: Vec<u8>) {
    let mut response = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Referrer-Policy", "no-referrer"))
        .with_header(header("Cache-Control", "no-store"));
    if content_type.starts_with("text/html") {
        response = response.with_header(header("Content-Security-Policy", CSP));
    }
    let _ = request.respond(response);
}

fn text(request: Request, status: u16, message: &str) {
    respond(
        request,
        status,
        "text/plain; charset=utf-8",
        message.as_bytes().to_vec(),
    );
}

fn redirect(request: Request, to: &str) {
    let response = Response::empty(StatusCode(301)).with_header(header("Location", to));
    let _ = request.respond(response);
}

fn handle(mut request: Request, live: &Live) {
    let url = request.url().to_string();
    if url.len() > MAX_URL {
        return text(request, 414, "URL too long");
    }
    let path = url.split(['?', '#']).next().unwrap_or("/").to_string();
    match (request.method(), path.as_str()) {
        (Method::Get, "/_lectern/events") => return events(request, live),
        (Method::Post, "/_lectern/nav") => {
            let mut body = String::new();
            let ok = request
                .as_reader()
                .take(4096)
                .read_to_string(&mut body)
                .is_ok();
            match serde_json::from_str::<serde_json::Value>(&body) {
                Ok(v) if ok && v.get("lectern").is_some() && v["index"].is_u64() => {
                    live.hub.publish("nav", &v.to_string());
                    return text(request, 204, "");
                }
                _ => return text(request, 400, "expected a navigation message"),
            }
        }
        (Method::Get | Method::Head, _) => {}
        _ => return text(request, 405, "method not allowed"),
    }
    if path == "/" || path == "/index.html" {
        return respond(
            request,
            200,
            "text/html; charset=utf-8",
            live.index().as_bytes().to_vec(),
        );
    }
    if path == "/_lectern/problems" {
        return respond(
            request,
            200,
            "application/json",
            live.problems_json().into_bytes(),
        );
    }
    let rel = lectern::parse::percent_decode(path.trim_start_matches('/'));
    // /<stem>/ and /<stem>/presenter: the deck with live reload.
    let (first, rest) = rel.split_once('/').unwrap_or((rel.as_str(), ""));
    let as_page = match (rest, first.strip_suffix(".html")) {
        ("" | "presenter" | "presenter/", None) if rel.contains('/') && live.has_deck(first) => {
            Some(first.to_string())
        }
        ("", Some(stem)) if live.has_deck(stem) => Some(stem.to_string()),
        _ => None,
    };
    if let Some(stem) = as_page {
        if let Some(page) = live.deck_page(&stem) {
            return respond(
                request,
                200,
                "text/html; charset=utf-8",
                with_live_script(&page).into_bytes(),
            );
        }
    }
    if !rel.contains('/') && live.has_deck(&rel) {
        return redirect(request, &format!("/{rel}/"));
    }
    if rel.ends_with(".pdf") && !rel.contains('/') {
        if let Some(bytes) = live.pdf(&rel) {
            return respond(request, 200, "application/pdf", bytes.to_vec());
        }
    }
    if let Some(stem) = rel.strip_suffix(".json").filter(|s| live.has_deck(s)) {
        if let Some(json) = live.deck_json(stem) {
            return respond(request, 200, "application/json", json);
        }
    }
    match live.root().ok_or(404).and_then(|root| confine(&root, &rel)) {
        Ok(file) => match std::fs::read(&file) {
            Ok(bytes) => respond(request, 200, content_type(&file), bytes),
            Err(_) => text(request, 404, "not found"),
        },
        Err(403) => text(request, 403, "forbidden"),
        Err(code) => text(request, code, "not found"),
    }
}

/// The server's script goes right before `</body>`: the renderer never knows about it.
fn with_live_script(page: &str) -> String {
    let at = page.rfind("</body>").unwrap_or(page.len());
    format!("{}<script>{LIVE_JS}</script>\n{}", &page[..at], &page[at..])
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
    if let Some(mime) = lectern::render::html::image_mime(&name) {
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
fn events(request: Request, live: &Live) {
    let resume = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Last-Event-ID"))
        .and_then(|h| h.value.as_str().parse::<u64>().ok());
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                X-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    let mut cursor = match resume {
        Some(id) => id + 1,
        None => live.hub.cursor(),
    };
    loop {
        let (next, text) = live.hub.wait(cursor, Duration::from_secs(15));
        cursor = next;
        let payload = if text.is_empty() {
            ": ping\n\n".to_string()
        } else {
            text
        };
        if writer
            .write_all(payload.as_bytes())
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::confine;

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

//! The author's preview, in step with the editor (`lectern lsp`): the
//! language server tells where the cursor is, the author's own preview
//! page (`/<stem>/?view=author`) shows that slide, and a click on a slide
//! there goes back to the language server, which asks the editor to show
//! its source line.
//!
//! The language server may also send the deck's text as typed: the
//! author preview then shows it before it is saved (`author-text`, the
//! page fetched from `/_lectern/author/page`); the next save's reload
//! brings the saved version back.
//!
//! The rules are the presenter's: only this machine, only our own names
//! (`http::handle` checks `Host` first), no other site (`Origin`), and a
//! key. The key is written for the language server in
//! `<course>/.lectern/serve.json` (readable by its owner only) and given
//! to pages on this machine; room devices get neither the key nor the
//! events (`publish_split` without a remote text). Pages other than the
//! author's preview (the audience screen, the presenter view) ignore the
//! events, so an author's cursor never moves a session's screens.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};

use super::connection::Request;
use super::state::Live;

const AUTHOR_JS: &str = include_str!("author.js");
/// The header the key travels in.
pub const KEY_HEADER: &str = "X-Lectern-Author";
/// Where the language server finds a running server, in the course's
/// `.lectern/` folder.
pub const ANNOUNCE_FILE: &str = "serve.json";
/// Slide numbers past this are not a deck's.
const MAX_SLIDE: u64 = 100_000;

/// This server's author key: 128 random bits as hex.
pub fn key() -> &'static str {
    static KEY: OnceLock<String> = OnceLock::new();
    KEY.get_or_init(|| {
        let mut bytes = [0u8; 16];
        // Without randomness the routes stay shut: no key is ever equal
        // to an empty header, as `refusal` requires a non-empty one.
        if getrandom::fill(&mut bytes).is_err() {
            return String::new();
        }
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    })
}

/// Tells language servers of this course where the server listens:
/// `{"port", "key", "pid"}` in `<course>/.lectern/serve.json`, owner-only.
pub fn announce(live: &Live, addr: SocketAddr) {
    let Some(root) = live.root() else { return };
    let dir = root.join(lectern::report::STATE_DIR);
    let body = serde_json::json!({
        "port": addr.port(),
        "key": key(),
        "pid": std::process::id(),
    })
    .to_string();
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| lectern::output::write_atomic(&dir, ANNOUNCE_FILE, body.as_bytes()));
    #[cfg(unix)]
    if written.is_ok() {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(
            dir.join(ANNOUNCE_FILE),
            std::fs::Permissions::from_mode(0o600),
        );
    }
    if let Err(e) = written {
        eprintln!("the editor's preview sync is off: cannot write {ANNOUNCE_FILE}: {e}");
    }
}

/// The author script for a page on this machine (the key included; it
/// acts only on `?view=author`).
pub fn script() -> String {
    format!(
        "<script>window.lecternAuthorKey='{}';{AUTHOR_JS}</script>\n",
        key()
    )
}

/// Pages on this machine get the author script before `</body>`.
pub fn inject(page: String) -> String {
    let at = page.rfind("</body>").unwrap_or(page.len());
    format!("{}{}{}", &page[..at], script(), &page[at..])
}

/// Why a request is refused, if it is.
fn refusal(request: &Request, local: bool, host: &str) -> Option<&'static str> {
    if !local {
        return Some("only this computer's editor and preview may do this");
    }
    if request
        .header("Origin")
        .is_some_and(|origin| origin != format!("http://{host}"))
    {
        return Some("requests from another site are refused");
    }
    let sent = request.header(KEY_HEADER).unwrap_or("");
    if sent.is_empty() || sent != key() {
        return Some("this needs the author key");
    }
    None
}

/// The author preview of unsaved text: its deck, a sequence number and
/// the page rendered from it.
static UNSAVED: Mutex<Option<(String, u64, Arc<String>)>> = Mutex::new(None);

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The deck's HTML page made from `text` instead of its file, with the
/// course as saved; `None` when the text has errors (the preview keeps
/// what it shows). A builder of its own, kept warm between edits.
fn render_unsaved(live: &Live, stem: &str, text: &str) -> Option<Arc<String>> {
    static BUILDER: OnceLock<Mutex<lectern::Builder>> = OnceLock::new();
    let root = live.root()?;
    let file = root.join(format!("{stem}.md"));
    let mut loaded = lectern::load(&file).ok()?;
    let shown = lectern::display_path(&file);
    let config = loaded.course.config.clone();
    let ctx = lectern::parse::DeckContext {
        file: &shown,
        deck_dir: &root,
        course_root: &root,
        config: &config,
    };
    let mut diagnostics = Vec::new();
    let deck = lectern::parse::parse_deck(text.as_bytes(), stem, &ctx, &mut diagnostics)?;
    loaded.course.decks = vec![deck];
    loaded.diagnostics = diagnostics;
    let target = lectern::Target::Deck {
        stem: stem.to_string(),
        format: lectern::Format::Html,
    };
    let builder = BUILDER.get_or_init(|| Mutex::new(lectern::Builder::new()));
    let rendered = lock(builder).render_one(&loaded, &target);
    String::from_utf8(rendered.bytes?).ok().map(Arc::new)
}

/// `GET /_lectern/author/page?stem=…`: the page of the unsaved text, for
/// the author preview only (the same rules as the posts).
pub fn page(request: Request, local: bool, host: &str) {
    if let Some(why) = refusal(&request, local, host) {
        return reply(request, 403, "text/plain; charset=utf-8", why.as_bytes());
    }
    let asked = request.target.split("stem=").nth(1).unwrap_or("");
    let asked = lectern::parse::percent_decode(asked.split('&').next().unwrap_or(""));
    let found = lock(&UNSAVED)
        .as_ref()
        .filter(|(stem, _, _)| *stem == asked)
        .map(|(_, _, page)| Arc::clone(page));
    match found {
        Some(page) => reply(request, 200, "text/html; charset=utf-8", page.as_bytes()),
        None => reply(
            request,
            404,
            "text/plain; charset=utf-8",
            b"no unsaved text",
        ),
    }
}

fn reply(request: Request, status: u16, content_type: &str, body: &[u8]) {
    request.respond(
        status,
        &[
            ("Content-Type", content_type),
            ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "no-store"),
            ("Content-Security-Policy", lectern::render::html::CSP),
        ],
        body,
    );
}

/// `POST /_lectern/author`: `{"cursor": {"stem", "slide"}}` from the
/// language server, or `{"click": {"stem", "slide", "line"}}` from the
/// author's preview; relayed to this machine's pages (and the language
/// server listening) as the `author` or `author-click` event, with the
/// fields checked, not as sent.
pub fn post(request: Request, live: &Live, local: bool, host: &str) {
    let answer = |request: Request, status: u16, message: &str| {
        request.respond(
            status,
            &[
                ("Content-Type", "text/plain; charset=utf-8"),
                ("X-Content-Type-Options", "nosniff"),
                ("Cache-Control", "no-store"),
            ],
            message.as_bytes(),
        );
    };
    if let Some(why) = refusal(&request, local, host) {
        return answer(request, 403, why);
    }
    let Ok(msg) = serde_json::from_slice::<serde_json::Value>(&request.body) else {
        return answer(request, 400, "expected a cursor or a click");
    };
    if let Some(typed) = msg.get("text") {
        let stem = typed.get("stem").and_then(|s| s.as_str()).unwrap_or("");
        let text = typed.get("text").and_then(|s| s.as_str()).unwrap_or("");
        if !live.has_deck(stem) {
            return answer(request, 400, "expected the text of a deck of this course");
        }
        let Some(page) = render_unsaved(live, stem, text) else {
            return answer(
                request,
                422,
                "the text has errors: the preview keeps what it shows",
            );
        };
        let seq = {
            let mut unsaved = lock(&UNSAVED);
            let seq = unsaved.as_ref().map_or(1, |u| u.1 + 1);
            *unsaved = Some((stem.to_string(), seq, page));
            seq
        };
        let data = serde_json::json!({ "stem": stem, "seq": seq });
        live.hub
            .publish_split("author-text", &data.to_string(), None);
        return answer(request, 204, "");
    }
    let (event, what) = match (msg.get("cursor"), msg.get("click")) {
        (Some(c), None) => ("author", c),
        (None, Some(c)) => ("author-click", c),
        _ => return answer(request, 400, "expected a cursor or a click"),
    };
    let stem = what.get("stem").and_then(|s| s.as_str()).unwrap_or("");
    let number = |key: &str| {
        what.get(key)
            .and_then(serde_json::Value::as_u64)
            .filter(|&n| n <= MAX_SLIDE)
    };
    let (Some(slide), true) = (number("slide"), live.has_deck(stem)) else {
        return answer(request, 400, "expected a slide of a deck of this course");
    };
    let data = serde_json::json!({
        "stem": stem,
        "slide": slide,
        "line": number("line").unwrap_or(0),
    });
    live.hub.publish_split(event, &data.to_string(), None);
    answer(request, 204, "");
}

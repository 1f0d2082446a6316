//! The author's preview, in step with the editor (`lectern lsp`): the
//! language server tells where the cursor is, the author's own preview
//! page (`/<stem>/?view=author`) shows that slide, and a click on a slide
//! there goes back to the language server, which asks the editor to show
//! its source line.
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
use std::sync::OnceLock;

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

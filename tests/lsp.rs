//! `lectern lsp` driven as an editor drives it: JSON-RPC over the real
//! binary's stdin and stdout, on a copy of the fixture course with
//! mistakes typed in; and Neovim's own LSP client attached to a deck.
//! The client (`client`) is also the keystroke bench's (`benches/lsp.rs`).

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::{copy_tree, course_fixture, scratch};
use client::{file_uri, Client};

#[path = "lsp/client.rs"]
pub mod client;

/// A copy of the fixture course, and the biggest deck's path and text.
fn course(name: &str) -> (PathBuf, PathBuf, String) {
    let dir = scratch(name);
    copy_tree(&course_fixture(), &dir);
    let deck = dir.join("07-persoonlijkheid-en-mentaliseren.md");
    let text = std::fs::read_to_string(&deck).unwrap();
    (dir, deck, text)
}

fn open(client: &mut Client, deck: &Path, text: &str) -> String {
    let uri = file_uri(deck);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    uri
}

fn change(client: &mut Client, uri: &str, version: i64, text: &str) {
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
}

/// The protocol position (UTF-16 columns) of the first `needle` in `text`.
fn pos_of(text: &str, needle: &str) -> (u64, u64) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    let before = &text[..at];
    let line = before.matches('\n').count();
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .encode_utf16()
        .count();
    (line as u64, col as u64)
}

fn at(uri: &str, (line, character): (u64, u64)) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

fn messages(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["message"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn diagnostics_follow_the_unsaved_text_at_utf16_positions() {
    let (dir, deck, text) = course("lsp-diag");
    let mut client = Client::start(crate::common::bin(), &dir);
    let uri = open(&mut client, &deck, &text);
    // The fixture deck is clean: the first (fast) publication says so.
    let first = client.diagnostics(&uri, 1, |_| true);
    assert!(
        first.iter().all(|d| d["severity"] != 1),
        "errors in a clean deck: {first:?}"
    );
    // A kind misspelt after a character that is two UTF-16 units (and
    // four bytes) long, never saved.
    let typed = text.replace("## Herhaling {.recap", "## 𝄞 Herhaling {.recpa");
    change(&mut client, &uri, 2, &typed);
    let diags = client.diagnostics(&uri, 2, |d| {
        messages(d).iter().any(|m| m.contains("unknown slide kind"))
    });
    let kind = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("`.recpa`"))
        .expect("the misspelt kind is reported");
    let (line, col) = pos_of(&typed, ".recpa");
    assert_eq!(
        kind["range"]["start"],
        json!({"line": line, "character": col})
    );
    assert_eq!(kind["range"]["end"]["character"], json!(col + 6));
    assert_eq!(kind["severity"], json!(1));
    assert!(kind["message"]
        .as_str()
        .unwrap()
        .contains("did you mean `.recap`"));
    // Same as `lectern check` on the saved file.
    std::fs::write(&deck, &typed).unwrap();
    let check = crate::common::lectern(&["check", "--message-format", "json", "."], &dir);
    let said: Value = check
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|d| d["message"].as_str().unwrap_or("").contains("`.recpa`"))
        .expect("check reports it too");
    assert_eq!(said["line"].as_u64(), Some(line + 1));
    // Fixed again: the error goes.
    change(&mut client, &uri, 3, &text);
    client.diagnostics(&uri, 3, |d| {
        !messages(d).iter().any(|m| m.contains("unknown slide kind"))
    });
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn fitting_results_arrive_after_the_fast_pass() {
    let (dir, deck, text) = course("lsp-fit");
    let long: String = (1..=14)
        .map(|i| format!("- Punt {i}: een regel tekst die de dia vult\n"))
        .collect();
    let typed = text.replace(
        "## Herhaling {.recap time=5}\n",
        &format!("## Herhaling {{.recap time=5}}\n\n{long}\n"),
    );
    let mut client = Client::start(crate::common::bin(), &dir);
    let uri = open(&mut client, &deck, &typed);
    let diags = client.diagnostics(&uri, 1, |d| {
        messages(d).iter().any(|m| m.starts_with("slide 3 needs"))
    });
    // Said once: by `check` itself past three pages (a warning), else as
    // a note of the language server's.
    let notes: Vec<&Value> = diags
        .iter()
        .filter(|d| d["message"].as_str().unwrap().starts_with("slide 3 needs"))
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    let message = notes[0]["message"].as_str().unwrap();
    assert!(
        message.contains("in `screenshare`") || message.contains("in theme `screenshare`"),
        "{message}"
    );
    let pages: usize = message["slide 3 needs ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        notes[0]["severity"],
        json!(if pages > 3 { 2 } else { 3 }),
        "{message}"
    );
    assert_eq!(
        notes[0]["range"]["start"]["line"].as_u64(),
        Some(pos_of(&typed, "## Herhaling").0)
    );
    // The heading's hover now knows the fitting.
    let hover = client.request(
        "textDocument/hover",
        at(&uri, pos_of(&typed, "Herhaling {")),
    );
    let said = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(said.contains("kind `recap`"), "{said}");
    assert!(
        said.contains("planned: 5 min; running total 15 of 90 min"),
        "{said}"
    );
    assert!(
        said.contains("in theme `screenshare`: body") && said.contains("pages"),
        "{said}"
    );
    assert_eq!(client.stop(), Some(0));
}

/// The third deck of a fresh copy of the course, opened and checked once.
fn opened(name: &str) -> (Client, String, String, PathBuf) {
    let (dir, _, _) = course(name);
    let deck = dir.join("03-waarom-emoties.md");
    let text = std::fs::read_to_string(&deck).unwrap();
    let mut client = Client::start(crate::common::bin(), &dir);
    let uri = open(&mut client, &deck, &text);
    client.diagnostics(&uri, 1, |_| true);
    (client, uri, text, dir)
}

fn hover_text(client: &mut Client, uri: &str, p: (u64, u64)) -> String {
    let hover = client.request("textDocument/hover", at(uri, p));
    hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[test]
fn hover_and_definition_explain_and_open_what_is_under_the_cursor() {
    let (mut client, uri, text, _) = opened("lsp-hover");
    let image = pos_of(&text, "assets/switch-point-model.svg");
    let said = hover_text(&mut client, &uri, (image.0, image.1 + 3));
    assert!(
        said.contains("switch-point-model.svg`:") && said.contains('×'),
        "{said}"
    );
    // Its labels are font-size 44 in a 960 wide drawing: drawn at about
    // 44 × (content width / 960) pt, legible in the course's theme.
    assert!(
        said.contains("smallest text font-size 44, drawn at about") && said.contains("(legible)"),
        "{said}"
    );
    let kind = pos_of(&text, "{.title");
    let said = hover_text(&mut client, &uri, (kind.0, kind.1 + 3));
    assert!(said.contains("slide kind `.title`"), "{said}");
    let option = pos_of(&text, "time=2");
    let said = hover_text(&mut client, &uri, (option.0, option.1 + 1));
    assert!(said.contains("slide option `time=MINUTES`"), "{said}");
    let key = pos_of(&text, "session = 3");
    let said = hover_text(&mut client, &uri, key);
    assert!(said.contains("`session`: the session's number"), "{said}");
    // Plain text explains nothing.
    let plain = pos_of(&text, "Sessie 3");
    assert_eq!(hover_text(&mut client, &uri, plain), "");

    let definition = client.request("textDocument/definition", at(&uri, (image.0, image.1 + 3)));
    let target = definition["result"]["uri"].as_str().unwrap_or("");
    assert!(
        target.ends_with("/assets/switch-point-model.svg"),
        "{definition}"
    );
    assert_eq!(client.stop(), Some(0));
}

fn labels(client: &mut Client, uri: &str, p: (u64, u64)) -> Vec<String> {
    let answer = client.request("textDocument/completion", at(uri, p));
    answer["result"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| i["label"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn completion_offers_kinds_options_keys_themes_and_pictures() {
    let (mut client, uri, text, dir) = opened("lsp-complete");
    // Kinds and options in a heading, keys in front matter, pictures after `](`.
    let typed = text.replacen("\n---\n", "\n---\n\n## Nieuw {.\n\n![x](as\n", 1);
    change(&mut client, &uri, 2, &typed);
    let (l, c) = pos_of(&typed, "## Nieuw {.");
    let kinds = labels(&mut client, &uri, (l, c + 11));
    assert!(
        kinds.contains(&".definition".into()) && kinds.contains(&"time=".into()),
        "{kinds:?}"
    );
    let keys = labels(&mut client, &uri, (1, 0));
    assert!(
        keys.contains(&"session".into()) && keys.contains(&"mode".into()),
        "{keys:?}"
    );
    let (l, c) = pos_of(&typed, "![x](as");
    let pics = labels(&mut client, &uri, (l, c + 7));
    assert!(
        pics.contains(&"assets/switch-point-model.svg".into()),
        "{pics:?}"
    );
    // course.toml: its keys, and theme names after `theme = "`.
    let settings = dir.join("course.toml");
    let toml = format!(
        "{}\nonline_theme = \"",
        std::fs::read_to_string(&settings).unwrap()
    );
    let toml_uri = open(&mut client, &settings, &toml);
    let last = toml.lines().count() as u64 - 1;
    let themes = labels(&mut client, &toml_uri, (last, 16));
    assert!(
        themes.contains(&"projector".into()) && themes.contains(&"screenshare".into()),
        "{themes:?}"
    );
    let keys = labels(&mut client, &toml_uri, (0, 0));
    assert!(keys.contains(&"allow_html".into()), "{keys:?}");
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn the_outline_and_folding_follow_the_slides() {
    let (mut client, uri, text, _) = opened("lsp-outline");
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let symbols = symbols["result"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        symbols[0]["name"],
        json!("Waarom hebben we emoties? We zijn gelijk en verschillend."),
        "{:?}",
        symbols[0]
    );
    assert_eq!(symbols[0]["detail"], json!("title · 2 min"));
    let slides = text.matches("\n---\n").count() + 1;
    assert_eq!(symbols.len(), slides);
    let folds = client.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": uri}}),
    );
    let folds = folds["result"].as_array().cloned().unwrap_or_default();
    assert!(
        folds.len() >= slides - 2 && folds.len() <= slides,
        "{} folds",
        folds.len()
    );
    assert_eq!(
        folds[0]["startLine"].as_u64(),
        Some(pos_of(&text, "# Waarom").0)
    );
    assert_eq!(
        folds[1]["startLine"].as_u64(),
        Some(pos_of(&text, "## Reflectie").0)
    );
    assert_eq!(client.stop(), Some(0));
}

/// The text after applying a code action's single edit.
fn apply(text: &str, action: &Value) -> String {
    let changes = action["edit"]["changes"].as_object().unwrap();
    let edits = changes.values().next().unwrap().as_array().unwrap();
    assert_eq!(edits.len(), 1);
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let units = p["character"].as_u64().unwrap() as usize;
        let rest = &text[start..];
        let mut seen = 0;
        for (i, ch) in rest.char_indices() {
            if seen >= units {
                return start + i;
            }
            seen += ch.len_utf16();
        }
        text.len()
    };
    let (from, to) = (
        offset(&edits[0]["range"]["start"]),
        offset(&edits[0]["range"]["end"]),
    );
    format!(
        "{}{}{}",
        &text[..from],
        edits[0]["newText"].as_str().unwrap(),
        &text[to..]
    )
}

#[test]
fn code_actions_add_alt_text_and_merge_a_continuation() {
    let (dir, deck, text) = course("lsp-actions");
    let typed = text.replace(
        "## Herhaling {.recap time=5}\n",
        "## Herhaling {.recap time=5}\n\n![](assets/switch-point-model.svg)\n\n---\n\n## Herhaling (vervolg)\n\n- Nog een punt\n",
    );
    let mut client = Client::start(crate::common::bin(), &dir);
    let uri = open(&mut client, &deck, &typed);
    let diags = client.diagnostics(&uri, 1, |d| {
        messages(d).iter().any(|m| m.contains("alt text"))
    });
    let missing = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("alt text"))
        .unwrap();
    let ask = |range: &Value| json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}});
    let answer = client.request("textDocument/codeAction", ask(&missing["range"]));
    let action = answer["result"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|x| x["title"].as_str().unwrap_or("").contains("alt-text"))
        })
        .cloned()
        .expect("an alt-text action");
    assert!(apply(&typed, &action)
        .contains("![TODO: describe this picture](assets/switch-point-model.svg)"));

    let (l, _) = pos_of(&typed, "- Nog een punt");
    let range = json!({"start": {"line": l, "character": 0}, "end": {"line": l, "character": 0}});
    let answer = client.request("textDocument/codeAction", ask(&range));
    let action = answer["result"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|x| x["title"].as_str().unwrap_or("").starts_with("Merge"))
        })
        .cloned()
        .expect("a merge action");
    let merged = apply(&typed, &action);
    assert!(!merged.contains("(vervolg)"), "{merged}");
    assert!(
        merged.contains("model.svg)\n\n- Nog een punt\n"),
        "{merged}"
    );
    assert_eq!(
        merged.matches("\n---\n").count(),
        typed.matches("\n---\n").count() - 1
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn malformed_messages_and_any_text_leave_the_server_running() {
    let (dir, deck, text) = course("lsp-robust");
    let mut client = Client::start(crate::common::bin(), &dir);
    let uri = open(&mut client, &deck, &text);
    client.send_raw(b"{not json");
    client
        .send_raw(br#"{"jsonrpc":"2.0","id":99,"method":"textDocument/hover","params":{"bad":1}}"#);
    let bad = client
        .wait(Duration::from_secs(10), |m| m["id"] == json!(99))
        .expect("an answer to a malformed request");
    assert_eq!(bad["error"]["code"], json!(-32602), "{bad}");
    let unknown = client.request("lectern/nothing", json!({}));
    assert_eq!(unknown["error"]["code"], json!(-32601), "{unknown}");
    // Positions past the end, control characters, a lone front matter
    // fence, an enormous heading: answered, never a crash.
    for (i, junk) in [
        "\u{0}\u{1}---\n+++",
        "+++",
        "# {.",
        "\r\n\r\n---\r\n???",
        &"#".repeat(5000),
    ]
    .iter()
    .enumerate()
    {
        change(&mut client, &uri, 2 + i as i64, junk);
        let _ = client.request("textDocument/hover", at(&uri, (40, 900)));
        let _ = client.request("textDocument/completion", at(&uri, (0, 3)));
        let _ = client.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        );
    }
    change(&mut client, &uri, 20, &text);
    let hover = client.request("textDocument/hover", at(&uri, pos_of(&text, "Reflectie {")));
    assert!(hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .contains("discussion"));
    assert_eq!(client.stop(), Some(0));
}

fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok())
        .unwrap_or(0)
}

#[test]
fn memory_stays_flat_over_a_thousand_edits() {
    let (dir, deck, text) = course("lsp-memory");
    let mut client = Client::start(crate::common::bin(), &dir);
    let pid = client.child.id();
    let uri = open(&mut client, &deck, &text);
    let edit = |client: &mut Client, i: i64| {
        let range = {
            let (l, c) = pos_of(&text, "Terugkoppeling vorige");
            json!({"start": {"line": l, "character": c}, "end": {"line": l, "character": c}})
        };
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": i}, "contentChanges": [{"range": range, "text": "x"}]}),
        );
    };
    // Warm: the first edits fill the caches (themes, fonts, Typst).
    for i in 2..102 {
        edit(&mut client, i);
    }
    client.diagnostics(&uri, 101, |_| true);
    std::thread::sleep(Duration::from_millis(1500));
    client.drain();
    let before = rss_kb(pid);
    for i in 102..1102 {
        edit(&mut client, i);
        if i % 50 == 0 {
            // Now and then still long enough to be fitted.
            std::thread::sleep(Duration::from_millis(200));
            client.drain();
        }
    }
    client.diagnostics(&uri, 1101, |_| true);
    std::thread::sleep(Duration::from_millis(1500));
    client.drain();
    let after = rss_kb(pid);
    assert!(before > 0, "no /proc/{pid}/status");
    assert!(
        after < before + 40_000,
        "memory grew from {before} kB to {after} kB over 1000 edits"
    );
    assert_eq!(client.stop(), Some(0));
}

/// The `serve.json` a running `lectern serve` wrote for editors.
fn wait_announced(dir: &Path) -> Value {
    let file = dir.join(".lectern/serve.json");
    for _ in 0..200 {
        if let Some(v) = std::fs::read(&file)
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        {
            return v;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!(
        "lectern serve did not announce itself in {}",
        file.display()
    );
}

#[test]
fn the_author_preview_follows_the_cursor_and_a_click_shows_the_source() {
    use crate::common::cdp::{Browser, Page};
    let Some(chromium) = crate::common::tool("chromium") else {
        return;
    };
    let server = crate::common::http::start_on(&course_fixture());
    let dir = server.dir.join("course");
    let announced = wait_announced(&dir);
    assert_eq!(announced["port"].as_u64(), Some(u64::from(server.port)));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join(".lectern/serve.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o077,
            0,
            "serve.json is readable by others: {mode:o}"
        );
    }
    let deck = dir.join("07-persoonlijkheid-en-mentaliseren.md");
    let text = std::fs::read_to_string(&deck).unwrap();
    let mut client = Client::start(crate::common::bin(), &dir);
    let uri = open(&mut client, &deck, &text);

    let browser = Browser::launch(&chromium);
    let base = format!(
        "http://127.0.0.1:{}/07-persoonlijkheid-en-mentaliseren/",
        server.port
    );
    let open_page = |url: &str| -> Page<'_> {
        let page = browser.new_page();
        page.navigate(url);
        page.wait_until(
            "window.lectern && document.readyState === 'complete'",
            Duration::from_secs(10),
        );
        page
    };
    let author = open_page(&format!("{base}?view=author"));
    author.wait_until(
        "document.documentElement.getAttribute('data-author') === 'on'",
        Duration::from_secs(10),
    );
    let audience = open_page(&base);
    let presenter = open_page(&format!("{base}presenter"));
    // Give every page's event stream time to connect.
    std::thread::sleep(Duration::from_millis(500));

    // The cursor goes into the fourth slide (its body, not its heading).
    let fourth = text.match_indices("\n---\n").nth(2).unwrap().0 + 8;
    let before = &text[..fourth];
    let line = before.matches('\n').count() as u64;
    client.notify("lectern/cursor", at(&uri, (line, 0)));
    author.wait_until(
        "(function(){var c=document.querySelector('section.slide.current');return c&&c.getAttribute('data-slide')==='4';})()",
        Duration::from_secs(10),
    );
    // The highlight request editors send on a cursor move does the same.
    let (l, c) = pos_of(&text, "## Reflectie");
    let answer = client.request("textDocument/documentHighlight", at(&uri, (l, c)));
    assert!(answer.get("error").is_none(), "{answer}");
    author.wait_until("location.hash === '#2'", Duration::from_secs(10));
    // Screens of a session never move for the author's cursor.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(audience.eval("window.lectern.state().index"), json!(0));
    assert_eq!(presenter.eval("window.lectern.state().index"), json!(0));

    // A click on the author preview's slide: the editor is asked to show
    // the heading of that slide.
    author.eval("document.querySelector('section.slide.current .slide-title, section.slide.current').click()");
    let show = client
        .wait(Duration::from_secs(10), |m| {
            m["method"] == "window/showDocument"
        })
        .expect("the editor is asked to show the source");
    assert_eq!(show["params"]["uri"], json!(uri));
    assert_eq!(
        show["params"]["selection"]["start"]["line"].as_u64(),
        Some(l),
        "{show}"
    );
    client.respond(&show["id"], json!({"success": true}));

    // The text as typed shows in the author preview before it is saved,
    // and nowhere else.
    let typed = text.replacen("## Reflectie", "## Ongezien typwerk", 1);
    change(&mut client, &uri, 2, &typed);
    author.wait_until(
        "document.getElementById('deck').textContent.includes('Ongezien typwerk')",
        Duration::from_secs(20),
    );
    assert_eq!(
        audience.eval("document.getElementById('deck').textContent.includes('Ongezien')"),
        json!(false)
    );
    assert_eq!(std::fs::read_to_string(&deck).unwrap(), text);

    // Without the key, nobody moves the preview.
    let body = r#"{"cursor":{"stem":"07-persoonlijkheid-en-mentaliseren","slide":1}}"#;
    let refused = crate::common::http::request(
        server.port,
        &format!(
            "POST /_lectern/author HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    );
    assert_eq!(refused.status, 403);
    let foreign = crate::common::http::request(
        server.port,
        &format!(
            "POST /_lectern/author HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\nX-Lectern-Author: {}\r\nContent-Length: {}\r\n\r\n{body}",
            announced["key"].as_str().unwrap(),
            body.len()
        ),
    );
    assert_eq!(foreign.status, 403);
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn neovim_shows_the_diagnostics_of_unsaved_text() {
    // Debian's neovim (tests/run.sh installs it), with the set-up of
    // docs/editors.md: editors/neovim/lectern.lua, nothing else.
    let Some(nvim) = crate::common::tool("nvim") else {
        return;
    };
    let (dir, deck, text) = course("lsp-nvim");
    let out = dir.join("nvim-diagnostics.json");
    let check = dir.join("check.lua");
    std::fs::write(
        &check,
        format!(
            r"
local buf = vim.api.nvim_get_current_buf()
local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
for i, l in ipairs(lines) do
  if l:find('{{.recap', 1, true) then
    vim.api.nvim_buf_set_lines(buf, i - 1, i, false, {{ (l:gsub('{{%.recap', '{{.recpa')) }})
    break
  end
end
vim.wait(60000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.message:find('recpa', 1, true) then return true end
  end
  return false
end, 50)
local found = {{}}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(found, {{ lnum = d.lnum, col = d.col, message = d.message, severity = d.severity }})
end
vim.fn.writefile({{ vim.fn.json_encode(found) }}, '{}')
vim.cmd('qa!')
",
            out.display()
        ),
    )
    .unwrap();
    let config = crate::common::repo().join("editors/neovim/lectern.lua");
    let run = std::process::Command::new(nvim)
        .current_dir(&dir)
        .args(["--headless", "--clean"])
        .arg("-c")
        .arg(format!("let g:lectern_cmd = '{}'", crate::common::bin()))
        .arg("-c")
        .arg(format!("luafile {}", config.display()))
        .arg("-c")
        .arg(format!("edit {}", deck.display()))
        .arg("-c")
        .arg(format!("luafile {}", check.display()))
        .output()
        .expect("nvim runs");
    let said = std::fs::read_to_string(&out).unwrap_or_else(|_| {
        panic!(
            "Neovim wrote no diagnostics: {}",
            String::from_utf8_lossy(&run.stderr)
        )
    });
    let found: Vec<Value> = serde_json::from_str(said.trim()).unwrap();
    let kind = found
        .iter()
        .find(|d| d["message"].as_str().unwrap_or("").contains("`.recpa`"))
        .unwrap_or_else(|| panic!("no diagnostic of the typed mistake: {found:?}"));
    // Neovim's columns are bytes; the file was never saved.
    let typed = text.replace("{.recap", "{.recpa");
    let (line, _) = pos_of(&typed, ".recpa");
    let line_text = typed.lines().nth(line as usize).unwrap();
    assert_eq!(kind["lnum"].as_u64(), Some(line));
    assert_eq!(
        kind["col"].as_u64(),
        Some(line_text.find(".recpa").unwrap() as u64)
    );
    assert_eq!(kind["severity"].as_u64(), Some(1));
    assert_eq!(std::fs::read_to_string(&deck).unwrap(), text);
}

#[test]
fn the_vscode_extension_packs_into_a_vsix() {
    // tests/run.sh builds editors/vscode with @vscode/vsce into the build folder.
    let Some(vsix) = std::env::var_os("LECTERN_VSIX").map(PathBuf::from) else {
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "LECTERN_VSIX is not set: tests/run.sh builds the extension"
        );
        eprintln!("SKIPPED: no .vsix (run tests/run.sh, which builds editors/vscode with npm)");
        return;
    };
    let file = std::fs::File::open(&vsix).expect("the .vsix exists");
    let mut zip = zip::ZipArchive::new(file).expect("a .vsix is a zip");
    let mut manifest = String::new();
    std::io::Read::read_to_string(
        &mut zip
            .by_name("extension/package.json")
            .expect("the extension's package.json"),
        &mut manifest,
    )
    .unwrap();
    let manifest: Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(manifest["name"], json!("lectern"));
    assert_eq!(
        manifest["contributes"]["commands"][0]["title"],
        json!("Open preview beside")
    );
    let ours =
        std::fs::read_to_string(crate::common::repo().join("editors/vscode/package.json")).unwrap();
    assert_eq!(
        manifest["version"],
        serde_json::from_str::<Value>(&ours).unwrap()["version"]
    );
    let script = zip
        .by_name("extension/out/extension.js")
        .expect("the compiled extension")
        .size();
    assert!(script > 0);
    assert!(zip
        .by_name("extension/node_modules/vscode-languageclient/package.json")
        .is_ok());
}

#[test]
fn open_preview_starts_lectern_serve_when_none_runs() {
    let (dir, deck, text) = course("lsp-open-preview");
    let mut client = Client::start(crate::common::bin(), &dir);
    let uri = open(&mut client, &deck, &text);
    let (l, _) = pos_of(&text, "## Reflectie");
    client.notify("lectern/cursor", at(&uri, (l + 2, 0)));
    let answer = client.request("lectern/openPreview", json!({"uri": uri}));
    let url = answer["result"]["url"].as_str().unwrap_or("").to_string();
    let announced = wait_announced(&dir);
    let port = announced["port"].as_u64().unwrap();
    assert_eq!(
        url,
        format!("http://127.0.0.1:{port}/07-persoonlijkheid-en-mentaliseren/?view=author#2"),
        "{answer}"
    );
    let page = crate::common::http::get(port as u16, "/07-persoonlijkheid-en-mentaliseren/");
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("lecternAuthorKey"));
    // Not a deck: no preview.
    let other = file_uri(&dir.join("course.toml"));
    let none = client.request("lectern/openPreview", json!({"uri": other}));
    assert_eq!(none["result"], Value::Null, "{none}");
    // The server it started ends with it.
    assert_eq!(client.stop(), Some(0));
    let gone = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(50));
        std::net::TcpStream::connect(("127.0.0.1", port as u16)).is_err()
    });
    assert!(
        gone,
        "the server the language server started is still running"
    );
}

#[test]
fn a_course_theme_is_checked_at_the_line_of_each_key() {
    let (dir, _, _) = course("lsp-theme");
    let file = dir.join("themes/faint/theme.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let text = "extends = \"default\"\ndescription = \"Too faint\"\nfollow_system = false\n[colors]\ntext = \"#9a9a9a\"\nbackground = \"#ffffff\"\n[sizes]\nbody = 16\nmax_pages = 1\n";
    std::fs::write(&file, text).unwrap();
    let mut client = Client::start(crate::common::bin(), &dir);
    let uri = open(&mut client, &file, text);
    let diags = client.diagnostics(&uri, 1, |d| {
        messages(d).iter().any(|m| m.contains("text contrast is"))
    });
    let contrast = diags
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("text contrast is 2.81:1")
        })
        .expect("the contrast warning");
    assert_eq!(contrast["range"]["start"]["line"], json!(4), "{contrast}");
    assert_eq!(contrast["severity"], json!(2));
    assert_eq!(client.stop(), Some(0));
}

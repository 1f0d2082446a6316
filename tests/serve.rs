//! `lectern serve` run for real on an ephemeral loopback port: routes,
//! confinement, live-reload events for every way editors save, the error
//! overlay payload, recovery, and surviving a deleted deck.

use crate::common;

use common::http::*;
use common::*;
use std::path::Path;
use std::time::Duration;

fn start() -> Server {
    start_on(&fixtures().join("sample"))
}

fn reloads(events: &[(String, String)], stem: &str) -> usize {
    events
        .iter()
        .filter(|(n, d)| n == "reload" && d.contains(&format!("\"{stem}\"")))
        .count()
}

#[test]
fn routes_serve_the_course_and_nothing_else() {
    let s = start();
    let index = get(s.port, "/");
    assert_eq!(index.status, 200);
    let body = String::from_utf8_lossy(&index.body);
    assert!(
        body.contains("href=\"01-first/\"") && body.contains("href=\"01-first/presenter\""),
        "{body}"
    );
    for path in ["/01-first/", "/01-first/presenter", "/01-first.html"] {
        let r = get(s.port, path);
        assert_eq!(r.status, 200, "{path}");
        let html = String::from_utf8_lossy(&r.body);
        assert!(
            html.contains("First steps") && html.contains("/_lectern/events"),
            "{path}"
        );
        assert!(r.head.contains("X-Content-Type-Options: nosniff"));
        assert!(r
            .head
            .contains("Content-Security-Policy: default-src 'none'"));
    }
    assert!(get(s.port, "/01-first")
        .head
        .contains("Location: /01-first/"));
    for (path, kind) in [
        ("/01-first.pdf", "application/pdf"),
        ("/01-first-handout.pdf", "application/pdf"),
        ("/01-first-notes.pdf", "application/pdf"),
        ("/course-handout.pdf", "application/pdf"),
    ] {
        let r = get(s.port, path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.head.contains(kind), "{path}");
        assert!(r.body.starts_with(b"%PDF"), "{path}");
    }
    let svg = get(s.port, "/assets/figure.svg");
    assert_eq!(svg.status, 200);
    assert!(svg.head.contains("image/svg+xml"));
    assert_eq!(get(s.port, "/01-first.json").status, 200);
    assert_eq!(get(s.port, "/nope/").status, 404);
    // Outside the course folder: never served, whatever the encoding.
    std::fs::write(s.dir.join("secret.txt"), "TOP-SECRET").unwrap();
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/assets/%00.svg",
    ] {
        let r = get(s.port, path);
        assert!(r.status == 403 || r.status == 404, "{path} -> {}", r.status);
        assert!(
            !String::from_utf8_lossy(&r.body).contains("TOP-SECRET"),
            "{path} leaked"
        );
        assert!(
            !String::from_utf8_lossy(&r.body).contains("root:"),
            "{path} leaked"
        );
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            s.dir.join("secret.txt"),
            s.dir.join("course/assets/link.svg"),
        )
        .unwrap();
        assert_eq!(get(s.port, "/assets/link.svg").status, 403);
    }
    let long = format!("/{}", "a".repeat(10_000));
    assert!(
        matches!(get(s.port, &long).status, 414 | 400 | 431),
        "very long URL"
    );
    assert_eq!(
        request(
            s.port,
            "DELETE / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .status,
        405
    );
    // Still alive after all that.
    assert_eq!(get(s.port, "/").status, 200);
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn every_way_of_saving_gives_exactly_one_reload() {
    let s = start();
    let deck = s.dir.join("course/01-first.md");
    let mut events = Events::open(s.port);

    // 1. Written in place.
    edit(&deck, "Respect each other", "Respect one another");
    let seen = events.wait_for("reload", |n, d| n == "reload" && d.contains("01-first"));
    let seen = [seen, events.collect(Duration::from_millis(300))].concat();
    assert_eq!(reloads(&seen, "01-first"), 1, "{seen:?}");
    assert_eq!(
        reloads(&seen, "02-second"),
        0,
        "only the changed deck reloads"
    );
    assert!(
        String::from_utf8_lossy(&get(s.port, "/01-first/").body).contains("Respect one another")
    );

    // 2. Temp file renamed over it (vim, VS Code, most editors).
    let text = std::fs::read_to_string(&deck)
        .unwrap()
        .replace("Confidentiality", "Privacy");
    std::fs::write(s.dir.join("course/.01-first.md.swp"), &text).unwrap();
    std::fs::rename(s.dir.join("course/.01-first.md.swp"), &deck).unwrap();
    let seen = events.wait_for("reload", |n, d| n == "reload" && d.contains("01-first"));
    let seen = [seen, events.collect(Duration::from_millis(300))].concat();
    assert_eq!(reloads(&seen, "01-first"), 1, "{seen:?}");
    assert!(String::from_utf8_lossy(&get(s.port, "/01-first/").body).contains("Privacy"));

    // 3. Deleted and created again.
    let text = std::fs::read_to_string(&deck)
        .unwrap()
        .replace("Be on time", "Be punctual");
    std::fs::remove_file(&deck).unwrap();
    std::fs::write(&deck, text).unwrap();
    let seen = events.wait_for("reload", |n, d| n == "reload" && d.contains("01-first"));
    let seen = [seen, events.collect(Duration::from_millis(300))].concat();
    assert_eq!(reloads(&seen, "01-first"), 1, "{seen:?}");
    assert!(String::from_utf8_lossy(&get(s.port, "/01-first/").body).contains("Be punctual"));

    // The PDF follows the source too (cached until it changes).
    if let Some(text) = {
        let pdf = get(s.port, "/01-first.pdf").body;
        let path = s.dir.join("check.pdf");
        std::fs::write(&path, pdf).unwrap();
        pdf_text(&path)
    } {
        assert!(text.contains("Be punctual"), "{text}");
    }
}

#[test]
fn only_the_files_a_build_reads_make_it_rebuild() {
    let s = start();
    let course = s.dir.join("course");
    let mut events = Events::open(s.port);
    // Settle: the first build is logged.
    let until = std::time::Instant::now() + Duration::from_secs(10);
    while s.builds() == 0 && std::time::Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
    }
    let before = s.builds();
    // An output folder, a notes folder, a Markdown file in a subfolder (not a
    // deck) and an image no deck shows: none of them is an input.
    std::fs::create_dir_all(course.join("out")).unwrap();
    std::fs::write(course.join("out/01-first.001.png"), b"\x89PNG").unwrap();
    std::fs::create_dir_all(course.join("notes")).unwrap();
    std::fs::write(course.join("notes/ideas.md"), "# Later\n").unwrap();
    std::fs::write(course.join("assets/unused.png"), b"\x89PNG").unwrap();
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(s.builds(), before, "{:?}", s.log.lock().unwrap());

    // The figure a deck shows is an input: changing it rebuilds.
    let figure = course.join("assets/figure.svg");
    let svg = std::fs::read_to_string(&figure).unwrap();
    std::fs::write(&figure, svg.replacen("<svg", "<svg data-edited=\"1\"", 1)).unwrap();
    let until = std::time::Instant::now() + Duration::from_secs(10);
    while s.builds() == before && std::time::Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(s.builds() > before, "editing a shown image rebuilds");

    // So is a new deck in the course folder.
    std::fs::write(
        course.join("03-third.md"),
        "+++\ntitle = \"Third\"\nsession = 3\n+++\n\n# Third {.title}\n",
    )
    .unwrap();
    events.wait_for("reload", |n, d| n == "reload" && d.contains("03-third"));
    assert!(String::from_utf8_lossy(&get(s.port, "/").body).contains("Third"));
}

#[test]
fn errors_reach_the_overlay_and_clear_on_the_next_good_save() {
    let s = start();
    let deck = s.dir.join("course/01-first.md");
    let mut events = Events::open(s.port);
    edit(
        &deck,
        "## Agreements {.agreements time=5}",
        "## Agreements {.agrements time=5}",
    );
    let seen = events.wait_for("problems", |n, d| {
        n == "problems" && d.contains("unknown slide kind")
    });
    let problem = seen.iter().rev().find(|(n, _)| n == "problems").unwrap();
    let data: serde_json::Value = serde_json::from_str(&problem.1).unwrap();
    let e = &data["errors"][0];
    assert_eq!(e["stem"], "01-first");
    assert_eq!(e["line"], 16);
    assert_eq!(e["col"], 16);
    assert!(e["text"]
        .as_str()
        .unwrap()
        .contains("01-first.md:16:16: error: unknown slide kind `.agrements`"));
    // The last good slides are still served underneath.
    let page = String::from_utf8_lossy(&get(s.port, "/01-first/").body).to_string();
    assert!(page.contains("Respect each other") && page.contains("kind-agreements"));
    // The fix clears it.
    edit(&deck, "{.agrements", "{.agreements");
    events.wait_for("clean problems", |n, d| {
        n == "problems" && d.starts_with("{\"errors\":[],")
    });
}

/// A theme's legibility faults reach the presenter's overlay as `build`
/// and `check` report them (the server once skipped the theme checks).
#[test]
fn a_theme_too_faint_to_read_is_reported_to_this_machine() {
    let s = start();
    let theme = s.dir.join("course/themes/faint");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(
        theme.join("theme.toml"),
        "extends = \"default\"\nfollow_system = false\n[colors]\ntext = \"#9a9a9a\"\nbackground = \"#ffffff\"\n",
    )
    .unwrap();
    let mut events = Events::open(s.port);
    let toml = s.dir.join("course/course.toml");
    let settings = std::fs::read_to_string(&toml).unwrap();
    let settings = match settings.lines().find(|l| l.starts_with("theme")) {
        Some(line) => settings.replace(line, "theme = \"faint\""),
        None => format!("theme = \"faint\"\n{settings}"),
    };
    std::fs::write(&toml, settings).unwrap();
    events.wait_for("the theme's warning", |n, d| {
        n == "problems" && d.contains("text contrast is 2.81:1 in theme `faint`")
    });
    let problems = String::from_utf8_lossy(&get(s.port, "/_lectern/problems").body).to_string();
    assert!(problems.contains("themes/faint/theme.toml"), "{problems}");
}

#[test]
fn the_server_survives_a_deck_deleted_and_recreated() {
    let s = start();
    let deck = s.dir.join("course/02-second.md");
    let text = std::fs::read_to_string(&deck).unwrap();
    let mut events = Events::open(s.port);
    std::fs::remove_file(&deck).unwrap();
    events.wait_for("problems after delete", |n, _| n == "problems");
    assert_eq!(get(s.port, "/").status, 200);
    assert_eq!(get(s.port, "/01-first/").status, 200);
    std::fs::write(&deck, text.replace("Second steps", "Second steps again")).unwrap();
    events.wait_for("reload of the recreated deck", |n, d| {
        n == "reload" && d.contains("02-second")
    });
    assert!(
        String::from_utf8_lossy(&get(s.port, "/02-second/").body).contains("Second steps again")
    );
}

fn post_nav(port: u16, extra_headers: &str, msg: &str) -> Reply {
    request(
        port,
        &format!(
            "POST /_lectern/nav HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n{extra_headers}Content-Length: {}\r\nConnection: close\r\n\r\n{msg}",
            msg.len()
        ),
    )
}

/// The key the presenter page holds for moving the other windows.
fn nav_key(port: u16) -> String {
    let page = String::from_utf8(get(port, "/01-first/presenter").body).unwrap();
    let at = page.find("lecternNavKey='").expect("the page holds a key") + 15;
    page[at..].split('\'').next().unwrap().to_string()
}

#[test]
fn presenter_navigation_is_relayed_to_every_window() {
    let s = start();
    let mut events = Events::open(s.port);
    let key = nav_key(s.port);
    assert_eq!(key.len(), 32, "128 bits of key");
    let msg = r#"{"lectern":true,"stem":"01-first","index":4,"step":0,"from":"tablet","seq":7,"extra":"<b>"}"#;
    let post = post_nav(s.port, &format!("X-Lectern-Key: {key}\r\n"), msg);
    assert_eq!(post.status, 204);
    let seen = events.wait_for("nav", |n, d| n == "nav" && d.contains("\"index\":4"));
    let relayed = seen.iter().find(|(n, _)| n == "nav").unwrap();
    assert!(relayed.1.contains("tablet"));
    assert!(
        !relayed.1.contains("extra"),
        "only checked fields are relayed"
    );
    let bad = post_nav(s.port, &format!("X-Lectern-Key: {key}\r\n"), "hello");
    assert_eq!(bad.status, 400);
}

#[test]
fn only_the_presenter_page_moves_the_slides() {
    let s = start();
    let key = nav_key(s.port);
    let move_to = |seq: &str| {
        format!(r#"{{"lectern":true,"stem":"01-first","index":2,"step":0,"from":"x","seq":{seq}}}"#)
    };
    // A web page elsewhere (fetch with mode no-cors) has no key and another Origin.
    assert_eq!(post_nav(s.port, "", &move_to("1")).status, 403);
    assert_eq!(
        post_nav(s.port, "X-Lectern-Key: 0000\r\n", &move_to("1")).status,
        403
    );
    let evil = format!("Origin: https://evil.example\r\nX-Lectern-Key: {key}\r\n");
    assert_eq!(post_nav(s.port, &evil, &move_to("1")).status, 403);
    // A clock no presenter reaches would freeze the audience window for good.
    let keyed = format!("X-Lectern-Key: {key}\r\n");
    for seq in ["1e308", "-1", "1.5", "4294967296", "\"9\""] {
        assert_eq!(
            post_nav(s.port, &keyed, &move_to(seq)).status,
            400,
            "seq {seq}"
        );
    }
    let own = format!("Origin: http://127.0.0.1:{}\r\n{keyed}", s.port);
    assert_eq!(post_nav(s.port, &own, &move_to("3")).status, 204);
    // The audience page's script refuses such clocks too.
    let page = String::from_utf8(get(s.port, "/01-first/").body).unwrap();
    assert!(page.contains("seq <= 2147483648"));
}

#[test]
fn only_this_machines_names_are_answered() {
    let s = start();
    for host in [
        "evil.example",
        "evil.example:80",
        "127.0.0.1.evil.example",
        "",
    ] {
        let r = request(
            s.port,
            &format!(
                "GET /01-first/presenter HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
            ),
        );
        assert_eq!(r.status, 421, "Host: {host}");
        assert!(!String::from_utf8_lossy(&r.body).contains("First steps"));
    }
    let r = request(
        s.port,
        "GET /01-first.md HTTP/1.1\r\nHost: rebind.example\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(r.status, 421);
    for host in ["localhost", "127.0.0.1", "[::1]", "app.localhost"] {
        let r = request(
            s.port,
            &format!(
                "GET / HTTP/1.1\r\nHost: {host}:{}\r\nConnection: close\r\n\r\n",
                s.port
            ),
        );
        assert_eq!(r.status, 200, "Host: {host}");
    }
}

#[test]
fn every_response_carries_a_policy_and_course_files_run_nothing() {
    let s = start();
    std::fs::write(
        s.dir.join("course/assets/evil.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
    )
    .unwrap();
    for path in [
        "/assets/evil.svg",
        "/01-first.md",
        "/01-first.pdf",
        "/01-first.json",
        "/_lectern/problems",
        "/nope",
    ] {
        let r = get(s.port, path);
        let csp = r
            .head
            .lines()
            .find(|l| l.starts_with("Content-Security-Policy:"))
            .unwrap_or_else(|| panic!("{path}: no policy in {}", r.head));
        assert!(
            csp.contains("default-src 'none'") && csp.contains("sandbox"),
            "{path}: {csp}"
        );
    }
}

/// Request heads a proxy and this server could read differently, and a
/// Host that only starts like this machine's, are refused.
#[test]
fn ambiguous_heads_and_lookalike_hosts_are_refused() {
    let s = start();
    let p = s.port;
    let status = |raw: String| request(p, &raw).status;
    assert_eq!(
        status(format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nHost: evil.example\r\nConnection: close\r\n\r\n")),
        400
    );
    assert_eq!(
        status(format!("POST /_lectern/nav HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nContent-Length: +5\r\nConnection: close\r\n\r\nhello")),
        400
    );
    assert_eq!(
        status(format!("POST /_lectern/nav HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nContent-Length: 5\r\nContent-Length: 50\r\nConnection: close\r\n\r\nhello")),
        400
    );
    assert_eq!(
        status("GET / HTTP/1.1\r\nHost: [::1]evil.example\r\nConnection: close\r\n\r\n".into()),
        421
    );
    assert_eq!(
        status(format!(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n"
        )),
        200
    );
}

#[test]
fn oversized_and_slow_requests_are_cut_off() {
    use std::io::{Read, Write};
    let s = start();
    // A header without end is refused once it passes the limit, not buffered.
    let mut c = std::net::TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let _ = c.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ");
    let chunk = vec![b'a'; 64 * 1024];
    for _ in 0..64 {
        if c.write_all(&chunk).is_err() {
            break;
        }
    }
    let mut reply = Vec::new();
    let _ = c.read_to_end(&mut reply);
    assert!(
        String::from_utf8_lossy(&reply).starts_with("HTTP/1.1 431"),
        "{}",
        String::from_utf8_lossy(&reply[..reply.len().min(200)])
    );
    // A body over the limit is refused before it is read.
    let big = request(
        s.port,
        "POST /_lectern/nav HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 99999999\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(big.status, 413);
    // A non-ASCII deck name without its slash is redirected, encoded.
    std::fs::write(
        s.dir.join("course/05-één.md"),
        "+++\ntitle = \"Één\"\nsession = 5\n+++\n\n# Één\n\nText.\n",
    )
    .unwrap();
    let r = (0..50)
        .map(|_| {
            std::thread::sleep(Duration::from_millis(100));
            get(s.port, "/05-%C3%A9%C3%A9n")
        })
        .find(|r| r.status == 301)
        .expect("the new deck is served");
    assert!(
        r.head.contains("Location: /05-%C3%A9%C3%A9n/"),
        "{}",
        r.head
    );
    assert_eq!(get(s.port, "/05-%C3%A9%C3%A9n/").status, 200);
}

/// A request head sent a byte at a time, each well within the socket's
/// timeout, is still cut off when the whole head takes longer than 10 s:
/// a device cannot hold a connection with a half-sent request.
#[test]
fn a_request_trickled_a_byte_at_a_time_gets_408() {
    use std::io::{Read, Write};
    let s = start();
    let mut c = std::net::TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    c.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
    let started = std::time::Instant::now();
    let mut reply = Vec::new();
    for b in b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        .iter()
        .cycle()
    {
        if c.write_all(&[*b]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(1500));
        let mut buf = [0u8; 256];
        if let Ok(n) = c.read(&mut buf) {
            reply.extend_from_slice(&buf[..n]);
            if n == 0 || !reply.is_empty() {
                break;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "still open after 30 s"
        );
    }
    let took = started.elapsed();
    assert!(
        String::from_utf8_lossy(&reply).starts_with("HTTP/1.1 408"),
        "{}",
        String::from_utf8_lossy(&reply)
    );
    assert!(took < Duration::from_secs(14), "cut off after {took:?}");
}

#[test]
fn a_burst_of_saves_ends_on_the_last_one() {
    let s = start();
    let deck = s.dir.join("course/01-first.md");
    let original = std::fs::read_to_string(&deck).unwrap();
    let mut events = Events::open(s.port);
    for i in 0..100 {
        std::fs::write(
            &deck,
            original.replace("Respect each other", &format!("Respect number {i}")),
        )
        .unwrap();
        std::thread::sleep(Duration::from_millis(8));
    }
    events.wait_for("reload", |n, d| n == "reload" && d.contains("01-first"));
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let page = String::from_utf8_lossy(&get(s.port, "/01-first/").body).to_string();
        if page.contains("Respect number 99") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the last save never showed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let seen = events.collect(Duration::from_millis(300));
    assert!(reloads(&seen, "01-first") <= 100);
    assert_eq!(get(s.port, "/").status, 200);
}

#[test]
fn the_course_folder_renamed_away_and_back_recovers() {
    let s = start();
    let course = s.dir.join("course");
    let away = s.dir.join("course-away");
    let mut events = Events::open(s.port);
    std::fs::rename(&course, &away).unwrap();
    events.wait_for("problems", |n, d| {
        n == "problems" && d.contains("cannot read the course")
    });
    // The last good slides are still served.
    assert!(String::from_utf8_lossy(&get(s.port, "/01-first/").body).contains("Respect each other"));
    std::fs::rename(&away, &course).unwrap();
    events.wait_for("clean problems", |n, d| {
        n == "problems" && d.starts_with("{\"errors\":[],")
    });
    // And the watch works again.
    edit(
        &course.join("01-first.md"),
        "Respect each other",
        "Respect after the move",
    );
    events.wait_for("reload after the move", |n, d| {
        n == "reload" && d.contains("01-first")
    });
    assert!(
        String::from_utf8_lossy(&get(s.port, "/01-first/").body).contains("Respect after the move")
    );
}

#[test]
fn a_deck_that_cannot_be_read_does_not_stop_the_server() {
    let s = start();
    let deck = s.dir.join("course/02-second.md");
    let text = std::fs::read_to_string(&deck).unwrap();
    let mut events = Events::open(s.port);
    std::fs::remove_file(&deck).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(s.dir.join("nowhere.md"), &deck).unwrap();
    events.wait_for("problems", |n, _| n == "problems");
    assert_eq!(get(s.port, "/01-first/").status, 200);
    std::fs::remove_file(&deck).unwrap();
    std::fs::write(&deck, text.replace("Second steps", "Second steps restored")).unwrap();
    events.wait_for("reload", |n, d| n == "reload" && d.contains("02-second"));
    assert!(
        String::from_utf8_lossy(&get(s.port, "/02-second/").body).contains("Second steps restored")
    );
}

#[test]
fn idle_and_malformed_connections_do_not_block_pages() {
    use std::io::Write;
    let s = start();
    // Slowloris: connections that send half a request and then wait.
    let idle: Vec<std::net::TcpStream> = (0..100)
        .map(|_| {
            let mut c = std::net::TcpStream::connect(("127.0.0.1", s.port)).unwrap();
            let _ = c.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            c
        })
        .collect();
    for garbage in [
        "GARBAGE\r\n\r\n",
        "GET\r\n\r\n",
        "GET / HTTP/9.9\r\n\r\n",
        "\0\0\0\0\r\n\r\n",
    ] {
        let mut c = std::net::TcpStream::connect(("127.0.0.1", s.port)).unwrap();
        let _ = c.write_all(garbage.as_bytes());
    }
    let t = std::time::Instant::now();
    for _ in 0..20 {
        assert_eq!(get(s.port, "/01-first/").status, 200);
    }
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "pages waited behind idle connections: {:?}",
        t.elapsed()
    );
    drop(idle);
}

#[test]
fn a_single_deck_shares_only_its_own_images() {
    let dir = scratch("serve-one");
    std::fs::create_dir_all(dir.join("talks/assets")).unwrap();
    copy_tree(&fixtures().join("sample/assets"), &dir.join("talks/assets"));
    std::fs::write(dir.join("talks/secret.txt"), "TOP-SECRET").unwrap();
    std::fs::write(dir.join("talks/other.md"), "# Other talk\n\nPRIVATE").unwrap();
    std::fs::copy(
        dir.join("talks/assets/figure.svg"),
        dir.join("talks/assets/unused.svg"),
    )
    .unwrap();
    std::fs::write(
        dir.join("talks/talk.md"),
        "+++\ntitle = \"A talk\"\n+++\n\n# A talk\n\n![A figure](assets/figure.svg)\n",
    )
    .unwrap();
    let s = spawn(dir, "talks/talk.md");
    assert_eq!(get(s.port, "/talk/").status, 200);
    assert_eq!(get(s.port, "/assets/figure.svg").status, 200);
    for path in ["/secret.txt", "/other.md", "/assets/unused.svg", "/talk.md"] {
        let r = get(s.port, path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!String::from_utf8_lossy(&r.body).contains("SECRET"));
    }
}

/// Polls a served PDF until its text (or bytes) satisfy `done`.
fn pdf_until(s: &Server, path: &str, what: &str, done: impl Fn(&str, &[u8]) -> bool) {
    let file = s.dir.join("probe.pdf");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let r = get(s.port, path);
        assert_eq!(r.status, 200, "{path}");
        std::fs::write(&file, &r.body).unwrap();
        let text = pdf_text(&file).unwrap_or_default();
        if done(&text, &r.body) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{path} still serves the old source ({what})"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn a_served_pdf_is_always_the_current_sources() {
    if tool("pdftotext").is_none() {
        return;
    }
    let s = start();
    pdf_until(&s, "/course-handout.pdf", "first", |t, _| {
        t.contains("Version 1")
    });
    edit(&s.dir.join("course/course.toml"), "Version 1", "Version 2");
    pdf_until(&s, "/course-handout.pdf", "course.toml", |t, _| {
        t.contains("Version 2")
    });
    edit(
        &s.dir.join("course/01-first.md"),
        "3. Be on time",
        "3. Be on time\n4. FRESH-AGREEMENT",
    );
    pdf_until(&s, "/01-first-handout.pdf", "the deck", |t, _| {
        t.contains("FRESH-AGREEMENT")
    });
    let before = get(s.port, "/01-first.pdf").body;
    std::fs::create_dir_all(s.dir.join("course/themes/default")).unwrap();
    std::fs::write(
        s.dir.join("course/themes/default/theme.toml"),
        "extends = \"default\"\n[colors]\ntext = \"#000000\"\n",
    )
    .unwrap();
    pdf_until(&s, "/01-first.pdf", "the theme", |_, b| {
        b != before.as_slice()
    });
    // Four requests at once for a PDF of a changed source: all get it whole.
    edit(
        &s.dir.join("course/01-first.md"),
        "FRESH-AGREEMENT",
        "FRESHER-AGREEMENT",
    );
    pdf_until(&s, "/01-first-handout.pdf", "the deck again", |t, _| {
        t.contains("FRESHER-AGREEMENT")
    });
    let port = s.port;
    let replies: Vec<_> = (0..4)
        .map(|_| std::thread::spawn(move || get(port, "/01-first-handout.pdf").body))
        .collect();
    let bodies: Vec<Vec<u8>> = replies.into_iter().map(|t| t.join().unwrap()).collect();
    assert!(bodies
        .iter()
        .all(|b| b.starts_with(b"%PDF") && b == &bodies[0]));
}

/// After an edit only the changed slides are measured again; what the
/// server then shows must be what a cold build decides.
#[test]
fn an_edited_deck_is_fitted_as_a_cold_build_fits_it() {
    let s = start();
    let deck = s.dir.join("course/01-first.md");
    let mut events = Events::open(s.port);
    let _ = get(s.port, "/01-first.json");
    // Make one slide long enough to flow, and another short.
    let items: String = (1..=30)
        .map(|i| format!("- Point number {i} of a long list\n"))
        .collect();
    let text = std::fs::read_to_string(&deck).unwrap();
    let first_item = text.find("\n1. ").expect("a numbered list") + 1;
    let edited = format!("{}{items}\n{}", &text[..first_item], &text[first_item..]);
    std::fs::write(&deck, &edited).unwrap();
    events.wait_for("reload", |n, d| n == "reload" && d.contains("01-first"));
    let served: serde_json::Value =
        serde_json::from_slice(&get(s.port, "/01-first.json").body).unwrap();

    let cold = scratch("cold-fit");
    copy_tree(&s.dir.join("course"), &cold.join("c"));
    let run = lectern(&["build", "c", "--out", "o", "--format", "json"], &cold);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let built: serde_json::Value =
        serde_json::from_slice(&std::fs::read(cold.join("o/01-first.json")).unwrap()).unwrap();
    let decisions = |v: &serde_json::Value| -> Vec<(serde_json::Value, serde_json::Value)> {
        v["slides"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["pages"].clone(), s["size"].clone()))
            .collect()
    };
    assert_eq!(decisions(&served), decisions(&built));
    assert!(
        decisions(&served)
            .iter()
            .any(|(pages, _)| pages.as_u64() > Some(1)),
        "the long slide flows: {:?}",
        decisions(&served)
    );
}

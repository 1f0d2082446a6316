//! `lectern serve` run for real on an ephemeral loopback port: routes,
//! confinement, live-reload events for every way editors save, the error
//! overlay payload, recovery, and surviving a deleted deck.

mod common;

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
            "DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
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
        n == "problems" && d == "{\"errors\":[]}"
    });
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

#[test]
fn presenter_navigation_is_relayed_to_every_window() {
    let s = start();
    let mut events = Events::open(s.port);
    let msg = r#"{"lectern":true,"stem":"01-first","index":4,"step":0,"from":"tablet"}"#;
    let post = request(
        s.port,
        &format!("POST /_lectern/nav HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{msg}", msg.len()),
    );
    assert_eq!(post.status, 204);
    let seen = events.wait_for("nav", |n, d| n == "nav" && d.contains("\"index\":4"));
    assert!(seen.iter().any(|(_, d)| d.contains("tablet")));
    let bad = request(s.port, "POST /_lectern/nav HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
    assert_eq!(bad.status, 400);
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
        n == "problems" && d == "{\"errors\":[]}"
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
            let _ = c.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
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
    // tiny_http's pool counts idle threads late under CPU load: connections
    // arriving in the same burst as the slow ones can queue behind them (a
    // known limitation, see the README). Visitors after the burst are served.
    std::thread::sleep(Duration::from_millis(500));
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

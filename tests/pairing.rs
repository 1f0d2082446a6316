//! A trainer's phone paired with the presenter view, tested as a device in
//! the room: requests from a second network namespace, which
//! `lectern serve --host 0.0.0.0` sees as another machine.

use crate::common;

use common::http::{request, spawn_with, Reply, Server};
use common::netns::Device;
use std::path::Path;

fn serve_for_the_room(course: &Path) -> Server {
    let dir = common::scratch("pairing");
    common::copy_tree(course, &dir.join("course"));
    spawn_with(dir, "course", &["--host", "0.0.0.0"])
}

/// A request from this machine, as the presenter view makes it.
fn laptop(port: u16, method: &str, path: &str, key: &str, body: &str) -> Reply {
    request(
        port,
        &format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nX-Lectern-Key: {key}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
}

fn key_of(port: u16) -> String {
    let page = String::from_utf8(common::http::get(port, "/01-first/presenter").body).unwrap();
    let at = page.find("lecternNavKey='").expect("the page holds a key") + 15;
    page[at..].split('\'').next().unwrap().to_string()
}

/// A device in a network namespace of its own; None (a skip, said) where
/// none can be made.
fn device_in_the_room() -> Option<Device> {
    Device::new()
        .map_err(|why| eprintln!("skipped: {why}"))
        .ok()
}

const MOVE: &str =
    r#"{"lectern":true,"stem":"01-first","index":2,"step":0,"from":"phone","seq":5}"#;

#[test]
fn a_paired_phone_reads_the_notes_and_drives_only_when_handed_control() {
    let Some(phone) = device_in_the_room() else {
        return;
    };
    let server = serve_for_the_room(&common::fixtures().join("sample"));
    let port = server.port;
    let base = format!("http://{}:{port}", phone.server_ip);
    let jar = server.dir.join("phone-cookies");
    let jar = jar.to_str().unwrap();
    let nav = |with: &[&str]| {
        let mut args = vec![
            "-X",
            "POST",
            "-H",
            "Content-Type: application/json",
            "--data",
            MOVE,
        ];
        args.extend_from_slice(with);
        let url = format!("{base}/_lectern/nav");
        args.push(&url);
        phone.curl(&args).0
    };

    // Unpaired, the phone is a device in the room like any other.
    assert_eq!(phone.curl(&[&format!("{base}/01-first/presenter")]).0, 403);
    assert_eq!(nav(&[]), 403);
    assert_eq!(
        phone
            .curl(&[&format!("{base}/_lectern/pair/0123456789abcdef")])
            .0,
        403
    );
    let (status, page) = phone.curl(&[&format!("{base}/01-first/")]);
    assert_eq!(status, 200);
    assert!(
        !page.contains("TRAINER-ONLY"),
        "an unpaired device got notes"
    );
    // Only the presenter view on this machine asks for a code.
    let (status, _) = phone.curl(&[
        "-X",
        "POST",
        "--data",
        r#"{"stem":"01-first"}"#,
        &format!("{base}/_lectern/pair"),
    ]);
    assert_eq!(status, 403);

    let key = key_of(port);
    let code = laptop(
        port,
        "POST",
        "/_lectern/pair",
        &key,
        r#"{"stem":"01-first"}"#,
    );
    assert_eq!(code.status, 200, "{}", String::from_utf8_lossy(&code.body));
    let code: serde_json::Value = serde_json::from_slice(&code.body).unwrap();
    assert!(
        code["qr"].as_str().unwrap().starts_with("<?xml")
            || code["qr"].as_str().unwrap().contains("<svg")
    );
    let url = code["url"].as_str().unwrap();
    let path = &url[url.find("/_lectern/pair/").unwrap()..];

    // Scanning the code pairs the phone once: a cookie, and on to the notes.
    let (status, _) = phone.curl(&["-c", jar, "-b", jar, &format!("{base}{path}")]);
    assert_eq!(status, 303);
    let cookies = std::fs::read_to_string(jar).unwrap();
    let token = cookies
        .lines()
        .find(|l| l.contains("lectern_device"))
        .and_then(|l| l.split('\t').next_back())
        .expect("a device cookie")
        .to_string();
    assert!(
        cookies.contains("#HttpOnly_"),
        "the token is out of scripts' reach"
    );
    let (status, notes) = phone.curl(&["-b", jar, &format!("{base}/01-first/presenter")]);
    assert_eq!(status, 200);
    assert!(
        notes.contains("TRAINER-ONLY-AGREEMENTS"),
        "a paired phone reads the notes"
    );
    assert!(!notes.contains(&token), "the token is in a page");
    assert!(
        !notes.contains(&key),
        "the laptop's key is in the phone's page"
    );
    let other = server.dir.join("other-cookies");
    assert_eq!(
        phone
            .curl(&["-c", other.to_str().unwrap(), &format!("{base}{path}")])
            .0,
        403,
        "a code pairs one device"
    );

    // It follows until the presenter hands it control.
    assert_eq!(nav(&["-b", jar]), 403);
    let drive = laptop(
        port,
        "POST",
        "/_lectern/devices",
        &key,
        r#"{"action":"drive","id":1}"#,
    );
    assert_eq!(
        drive.status,
        200,
        "{}",
        String::from_utf8_lossy(&drive.body)
    );
    assert_eq!(nav(&["-b", jar]), 204);
    assert_eq!(nav(&["-b", jar, "-H", "Origin: http://evil.example"]), 403);
    let take = laptop(
        port,
        "POST",
        "/_lectern/devices",
        &key,
        r#"{"action":"take"}"#,
    );
    assert_eq!(take.status, 200);
    assert_eq!(nav(&["-b", jar]), 403);

    // Unpaired: refused everywhere.
    let revoke = laptop(
        port,
        "POST",
        "/_lectern/devices",
        &key,
        r#"{"action":"revoke","id":1}"#,
    );
    assert_eq!(revoke.status, 200);
    assert_eq!(
        phone
            .curl(&["-b", jar, &format!("{base}/01-first/presenter")])
            .0,
        403
    );
    assert_eq!(nav(&["-b", jar]), 403);

    let log = server.log.lock().unwrap().join("\n");
    assert!(
        !log.contains(&token) && !log.contains(&path[15..47]),
        "a secret in the log:\n{log}"
    );
    drop(server);

    // A token from one run means nothing to the next.
    let again = serve_for_the_room(&common::fixtures().join("sample"));
    let base = format!("http://{}:{}", phone.server_ip, again.port);
    assert_eq!(
        phone
            .curl(&["-b", jar, &format!("{base}/01-first/presenter")])
            .0,
        403
    );
}

/// A device that joins after the presenter moved starts where the room is:
/// its event stream opens with each deck's latest move, not on slide 1.
#[test]
fn a_device_that_joins_later_starts_where_the_presenter_is() {
    let Some(device) = device_in_the_room() else {
        return;
    };
    let server = serve_for_the_room(&common::fixtures().join("sample"));
    let port = server.port;
    let events = format!("http://{}:{port}/_lectern/events", device.server_ip);
    // Before any move, a device gets no move.
    let (_, before) = device.curl(&["--max-time", "1", &events]);
    assert!(!before.contains("event: nav"), "{before}");
    let moved = laptop(
        port,
        "POST",
        "/_lectern/nav",
        &key_of(port),
        r#"{"lectern":true,"stem":"01-first","index":4,"step":0,"from":"laptop","seq":9}"#,
    );
    assert_eq!(moved.status, 204);
    let (_, after) = device.curl(&["--max-time", "1", &events]);
    assert!(
        after.contains("event: nav\ndata: {") && after.contains(r#""index":4"#),
        "{after}"
    );
}

/// One device in the room cannot take the room's connections: holding
/// event streams open (pages never close theirs), it gets at most
/// `MAX_PER_DEVICE` (32) and then 503, while the presenter view on this
/// machine still loads and its moves are still taken.
#[test]
fn one_device_cannot_hold_every_connection() {
    let Some(device) = device_in_the_room() else {
        return;
    };
    let Some(python) = common::tool("python3") else {
        return;
    };
    let server = serve_for_the_room(&common::fixtures().join("sample"));
    let port = server.port;
    // 600 event streams from the device, held open while it counts the
    // answers (more than the 512 the server has in all).
    let script = format!(
        "import socket, time\n\
         held, ok, busy = [], 0, 0\n\
         for i in range(600):\n\
         \x20   s = socket.create_connection(('{ip}', {port}), timeout=5)\n\
         \x20   s.sendall(b'GET /_lectern/events HTTP/1.1\\r\\nHost: {ip}:{port}\\r\\n\\r\\n')\n\
         \x20   head = s.recv(64)\n\
         \x20   if head.startswith(b'HTTP/1.1 200'): ok += 1\n\
         \x20   elif head.startswith(b'HTTP/1.1 503'): busy += 1\n\
         \x20   held.append(s)\n\
         print(ok, busy, flush=True)\n\
         time.sleep(4)\n",
        ip = device.server_ip,
    );
    let holder = std::thread::spawn({
        let python = python.to_string_lossy().to_string();
        move || {
            let out = device.run(&python, &["-c", &script]);
            (
                String::from_utf8_lossy(&out.stdout).to_string(),
                String::from_utf8_lossy(&out.stderr).to_string(),
            )
        }
    });
    // While the device holds its streams, this machine is served.
    std::thread::sleep(std::time::Duration::from_millis(2500));
    let page = common::http::get(port, "/01-first/presenter");
    assert_eq!(page.status, 200);
    let body = String::from_utf8_lossy(&page.body).to_string();
    let key = body
        .split("lecternNavKey='")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        laptop(port, "POST", "/_lectern/nav", &key, MOVE).status,
        204
    );
    let (out, err) = holder.join().unwrap();
    let counts: Vec<usize> = out
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    assert_eq!(counts, [32, 568], "{out}{err}");
}

/// A device in the room that floods the server with POSTs (the delivery
/// log, moves without a key) or guesses pairing codes is told 429 after
/// its minute's share; its pages still load, and this machine's moves are
/// still taken.
#[test]
fn a_device_that_floods_posts_or_guesses_codes_is_slowed() {
    let Some(device) = device_in_the_room() else {
        return;
    };
    let Some(python) = common::tool("python3") else {
        return;
    };
    let server = serve_for_the_room(&common::fixtures().join("sample"));
    let port = server.port;
    // 150 POSTs and then 10 code guesses, each on its own connection; the
    // statuses counted, then one page.
    let script = format!(
        "import http.client, collections\n\
         seen = collections.Counter()\n\
         def ask(method, path, body=None):\n\
         \x20   c = http.client.HTTPConnection('{ip}', {port}, timeout=10)\n\
         \x20   c.request(method, path, body=body, headers={{'Content-Type': 'application/json'}})\n\
         \x20   r = c.getresponse(); r.read(); c.close(); return r.status\n\
         for i in range(150):\n\
         \x20   seen['post', ask('POST', '/_lectern/delivery', b'{{}}')] += 1\n\
         for i in range(10):\n\
         \x20   seen['pair', ask('GET', '/_lectern/pair/ABCD%d' % i)] += 1\n\
         seen['page', ask('GET', '/01-first/')] += 1\n\
         print(sorted(seen.items()))\n",
        ip = device.server_ip,
    );
    let out = device.run(&python.to_string_lossy(), &["-c", &script]);
    let seen = String::from_utf8_lossy(&out.stdout).to_string();
    // The first 120 reach the server (and are refused there: no key);
    // the other 30 and every guess after them are slowed.
    assert!(
        seen.contains("(('post', 429), 30)"),
        "{seen}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(seen.contains("(('pair', 429), 10)"), "{seen}");
    assert!(seen.contains("(('page', 200), 1)"), "{seen}");
    let key = key_of(port);
    assert_eq!(
        laptop(port, "POST", "/_lectern/nav", &key, MOVE).status,
        204
    );
}

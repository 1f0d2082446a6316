//! Real-browser tests: headless Chromium driven over the DevTools protocol
//! (tests/common/cdp.rs) through built decks (file://) and `lectern serve`.
//! Skipped with a message when Chromium is not installed (failed under CI).

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use common::cdp::{self, truthy, Browser, Page};

/// Generous for a loaded 2-core machine; the client caps every wait at 10 s.
pub(crate) const WAIT: Duration = Duration::from_secs(10);

/// The sample course copied into a scratch folder (tests change their copy).
pub(crate) fn sample_copy(name: &str) -> PathBuf {
    let dir = common::scratch(name);
    let course = dir.join("sample");
    common::copy_tree(&common::fixtures().join("sample"), &course);
    course
}

pub(crate) fn state(page: &Page) -> (u64, u64, u64) {
    let s = page.eval("window.lectern.state()");
    let n = |k: &str| s[k].as_u64().unwrap_or_else(|| panic!("state() = {s}"));
    (n("index"), n("step"), n("total"))
}

/// Whether each `.step` of a slide is shown (computed visibility, and not
/// marked `hidden`).
fn steps_shown(page: &Page, slide: &str) -> Vec<bool> {
    let v = page.eval(&format!(
        "Array.from(document.querySelectorAll('{slide} .step')).map(e => \
           !e.classList.contains('hidden') && getComputedStyle(e).visibility === 'visible')"
    ));
    v.as_array()
        .unwrap_or_else(|| panic!("steps of {slide}: {v}"))
        .iter()
        .map(|b| b.as_bool().unwrap())
        .collect()
}

/// The audience never sees speaker notes: every `aside.notes` has computed
/// display none and no trainer-only text is in the rendered page text.
fn assert_no_notes_visible(page: &Page, when: &str) {
    let v = page.eval(
        "(() => { const n = Array.from(document.querySelectorAll('aside.notes')); \
           return { count: n.length, \
                    shown: n.filter(a => getComputedStyle(a).display !== 'none').length, \
                    leaks: (document.body.innerText.match(/TRAINER-ONLY-[A-Z]+/g) || []) }; })()",
    );
    assert!(
        v["count"].as_u64().is_some_and(|n| n >= 3),
        "the notes of slides 1, 2 and 10 are in the page ({when}): {v}"
    );
    assert_eq!(
        v["shown"], 0,
        "speaker notes displayed in the audience view ({when}): {v}"
    );
    assert_eq!(
        v["leaks"],
        serde_json::json!([]),
        "trainer notes in the audience's visible text ({when}): {v}"
    );
}

pub(crate) fn assert_no_exceptions(page: &Page, what: &str) {
    let errors = page.exceptions();
    assert!(
        errors.is_empty(),
        "uncaught exceptions in the {what}: {errors:#?}"
    );
}

#[test]
fn audience_keys_fragments_and_no_network() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("browser-audience");
    let out = course.parent().unwrap().join("out");
    let run = common::lectern(
        &[
            "build",
            course.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "html",
        ],
        course.parent().unwrap(),
    );
    assert_eq!(run.code, 0, "lectern build failed:\n{}", run.stderr);
    let url = cdp::file_url(&out.join("01-first.html"));

    let browser = Browser::launch(&chromium);
    let page = browser.new_page();
    page.navigate(&url);
    page.wait_until("window.lectern && document.readyState === 'complete'", WAIT);
    assert_eq!(state(&page), (0, 0, 10));
    assert_eq!(
        page.eval("document.querySelectorAll('section.slide').length"),
        10
    );
    assert_no_notes_visible(&page, "first slide, which has notes");

    page.press("ArrowRight");
    page.press("ArrowRight");
    assert_eq!(state(&page), (2, 0, 10));
    assert_eq!(page.eval("location.hash"), "#3");
    assert_eq!(
        page.eval("Array.from(document.querySelectorAll('.slide.current')).map(s => s.id)"),
        serde_json::json!(["slide-3"]),
        "exactly one current slide, the third"
    );
    assert_eq!(
        steps_shown(&page, "#slide-3"),
        [false, false],
        "fragments start hidden"
    );
    page.press("ArrowRight");
    assert_eq!(state(&page), (2, 1, 10));
    assert_eq!(page.eval("location.hash"), "#3.1");
    assert_eq!(
        steps_shown(&page, "#slide-3"),
        [true, false],
        "first fragment"
    );
    page.press("PageDown");
    assert_eq!(state(&page), (2, 2, 10));
    assert_eq!(
        steps_shown(&page, "#slide-3"),
        [true, true],
        "second fragment"
    );
    page.press("ArrowRight");
    assert_eq!(
        state(&page),
        (3, 0, 10),
        "after the last fragment comes the next slide"
    );
    assert_eq!(page.eval("location.hash"), "#4");
    page.press("ArrowLeft");
    assert_eq!(
        state(&page),
        (2, 2, 10),
        "back lands on the previous slide's final step"
    );
    assert_eq!(steps_shown(&page, "#slide-3"), [true, true]);
    assert_eq!(page.eval("location.hash"), "#3.2");
    page.press(" ");
    assert_eq!(state(&page), (3, 0, 10), "Space advances");
    page.press("PageUp");
    assert_eq!(state(&page), (2, 2, 10), "PageUp goes back");

    // Notes stay hidden everywhere: on every slide and in the overview.
    for i in 0..10 {
        page.eval(&format!("window.lectern.go({i}, 0)"));
        assert_no_notes_visible(&page, &format!("slide {}", i + 1));
    }
    page.press("Home");
    assert_eq!(state(&page), (0, 0, 10));
    page.press("O");
    assert_eq!(
        page.eval("document.body.classList.contains('overview')"),
        true
    );
    assert_no_notes_visible(&page, "overview");
    page.press("O");
    assert_eq!(
        page.eval("document.body.classList.contains('overview')"),
        false
    );

    // Black screen.
    page.press("B");
    assert_eq!(page.eval("document.body.classList.contains('black')"), true);
    assert_eq!(
        page.eval("getComputedStyle(document.getElementById('deck')).visibility"),
        "hidden"
    );
    page.press("B");
    assert_eq!(
        page.eval("document.body.classList.contains('black')"),
        false
    );

    // Go to slide 7.
    page.press("G");
    page.press("7");
    page.press("Enter");
    assert_eq!(state(&page), (6, 0, 10), "G 7 Enter jumps to slide 7");
    assert_eq!(page.eval("location.hash"), "#7");
    page.press("End");
    assert_eq!(state(&page), (9, 0, 10));

    // A reload (a new document) opens on the slide in the address.
    page.eval("window.__before_reload = 1; history.replaceState(null, '', '#5')");
    page.reload();
    page.wait_until("window.lectern && document.readyState === 'complete'", WAIT);
    assert_eq!(
        page.eval("window.__before_reload === undefined"),
        true,
        "a new document"
    );
    assert_eq!(state(&page), (4, 0, 10), "#5 opens the fifth slide");
    assert_eq!(
        page.eval("Array.from(document.querySelectorAll('.slide.current')).map(s => s.id)"),
        serde_json::json!(["slide-5"])
    );
    page.eval("history.replaceState(null, '', '#3.1')");
    page.reload();
    page.wait_until("window.lectern && document.readyState === 'complete'", WAIT);
    assert_eq!(
        state(&page),
        (2, 1, 10),
        "#3.1 opens the third slide at its first step"
    );
    assert_eq!(steps_shown(&page, "#slide-3"), [true, false]);

    // Nothing but the file itself (and inline data) was ever requested.
    let requests = page.requests();
    assert!(
        requests.iter().any(|u| u.starts_with("file:")),
        "the page load itself was recorded: {requests:#?}"
    );
    let remote: Vec<_> = requests
        .iter()
        .filter(|u| !(u.starts_with("file:") || u.starts_with("data:")))
        .collect();
    assert!(
        remote.is_empty(),
        "network requests from a file:// deck: {remote:#?}"
    );
    assert_no_exceptions(&page, "audience page");
    drop(page);
    drop(browser);
    let _ = std::fs::remove_dir_all(course.parent().unwrap());
}

/// `lectern serve` on a scratch copy of a course, killed when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub(crate) fn start(course: &Path) -> Server {
        Server::start_with(course, &[])
    }

    /// As `start`, with more arguments (`--host 0.0.0.0`).
    pub(crate) fn start_with(course: &Path, more: &[&str]) -> Server {
        Server::start_at(course, "0", more)
    }

    /// As `start_with`, on this port (`0`: any free one).
    pub(crate) fn start_at(course: &Path, port: &str, more: &[&str]) -> Server {
        let mut child = Command::new(common::bin())
            .args(["serve", course.to_str().unwrap(), "--port", port])
            .args(more)
            .current_dir(course.parent().unwrap())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("lectern serve starts");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some((_, url)) = line.split_once(" at http://") {
                    if line.starts_with("serving ") {
                        if let Some(tx) = tx.take() {
                            let _ = tx.send(format!("http://{}", url.trim()));
                        }
                    }
                }
                lines.lock().unwrap().push(line);
            }
        });
        let mut server = Server {
            child,
            url: String::new(),
            log,
        };
        server.url = rx.recv_timeout(WAIT).unwrap_or_else(|_| {
            panic!(
                "`lectern serve` printed no `serving ... at http://` line; stderr:\n{}",
                server.log.lock().unwrap().join("\n")
            )
        });
        assert!(server.url.ends_with('/'), "{}", server.url);
        // The server watches the course before it prints its address, so
        // every save from here on is seen.
        server
    }

    fn builds(&self) -> usize {
        let log = self.log.lock().unwrap();
        log.iter().filter(|l| l.starts_with("built ")).count()
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!(
                "--- lectern serve stderr ---\n{}",
                self.log.lock().unwrap().join("\n")
            );
        }
    }
}

/// Opens a served page and waits until its live script runs and its event
/// stream is connected (the response to `/_lectern/events` arrived), so no
/// change made afterwards can be missed.
pub(crate) fn open_live(page: &Page, url: &str) {
    page.navigate(url);
    page.wait_until(
        "window.lectern && document.documentElement.getAttribute('data-live') === 'connected'",
        WAIT,
    );
    let stream = page.take_event(WAIT, |e| {
        e.method == "Network.responseReceived"
            && e.params["response"]["url"]
                .as_str()
                .is_some_and(|u| u.ends_with("/_lectern/events"))
    });
    assert!(stream.is_some(), "{url}: the event stream never connected");
    // The server takes the new client's place in the event log right after
    // sending the headers.
    std::thread::sleep(Duration::from_millis(100));
}

#[test]
fn presenter_and_audience_stay_in_sync() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("browser-sync");
    let server = Server::start(&course);
    let browser = Browser::launch(&chromium);
    let presenter = browser.new_page();
    let audience = browser.new_page();
    open_live(&presenter, &format!("{}01-first/presenter", server.url));
    open_live(&audience, &format!("{}01-first/", server.url));

    assert_eq!(presenter.eval("window.lectern.presenter"), true);
    assert_eq!(audience.eval("window.lectern.presenter"), false);
    for id in ["pv-notes", "pv-next", "pv-elapsed", "pv-pace"] {
        assert_eq!(
            presenter.eval(&format!("!!document.querySelector('.pv #{id}')")),
            true,
            "presenter view has #{id}"
        );
    }
    assert_eq!(
        audience.eval("document.querySelector('.pv') === null"),
        true
    );
    assert_eq!(state(&presenter), (0, 0, 10));
    assert_eq!(state(&audience), (0, 0, 10));
    let notes = "document.getElementById('pv-notes').innerText";
    assert!(
        presenter
            .eval(notes)
            .as_str()
            .unwrap()
            .contains("TRAINER-ONLY-WELCOME"),
        "presenter notes of slide 1: {}",
        presenter.eval(notes)
    );
    assert_no_notes_visible(&audience, "audience, slide 1");

    // The presenter drives the audience.
    presenter.press("ArrowRight");
    assert_eq!(state(&presenter), (1, 0, 10));
    audience.wait_until("window.lectern.state().index === 1", WAIT);
    let text = presenter.eval(notes);
    assert!(
        text.as_str().unwrap().contains("TRAINER-ONLY-AGREEMENTS")
            && !text.as_str().unwrap().contains("TRAINER-ONLY-WELCOME"),
        "presenter notes follow to slide 2: {text}"
    );
    assert_no_notes_visible(&audience, "audience, slide 2");
    // Let the server's relay of that move arrive too, so a late copy of it
    // cannot cross the next move.
    let relayed = audience.take_event(WAIT, |e| {
        e.method == "Network.eventSourceMessageReceived" && e.params["eventName"] == "nav"
    });
    assert!(relayed.is_some(), "the server relays the presenter's move");

    // A key in the audience window moves the presenter view along.
    audience.press("ArrowRight");
    assert_eq!(state(&audience), (2, 0, 10));
    presenter.wait_until("window.lectern.state().index === 2", WAIT);
    presenter.wait_until(
        "document.getElementById('pv-count').innerText.includes('3 / 10')",
        WAIT,
    );
    assert_eq!(
        presenter.eval(notes),
        "No notes for this slide",
        "slide 3 has no notes: the notes panel says so, in its place"
    );
    assert_eq!(
        presenter.eval("document.getElementById('pv-next-caption').innerText"),
        "Next step",
        "slide 3 has fragments: the next preview shows its first step"
    );
    assert_no_notes_visible(&audience, "audience, slide 3");

    // Back in the presenter: both return to slide 2 and stay there.
    presenter.press("ArrowLeft");
    audience.wait_until("window.lectern.state().index === 1", WAIT);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(state(&presenter), (1, 0, 10));
    assert_eq!(state(&audience), (1, 0, 10));
    assert!(presenter
        .eval(notes)
        .as_str()
        .unwrap()
        .contains("TRAINER-ONLY-AGREEMENTS"));
    assert_no_notes_visible(&audience, "audience at the end");
    assert_no_exceptions(&presenter, "presenter view");
    assert_no_exceptions(&audience, "audience view");
    drop((presenter, audience));
    drop(browser);
    drop(server);
    let _ = std::fs::remove_dir_all(course.parent().unwrap());
}

/// Another device in the room (a browser context of its own: no
/// BroadcastChannel, no window messages) follows the presenter through the
/// server alone, and cannot move the presenter itself.
#[test]
fn room_devices_follow_the_presenter_only() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("browser-device");
    let server = Server::start(&course);
    let browser = Browser::launch(&chromium);
    let presenter = browser.new_page();
    let device = browser.new_isolated_page();
    open_live(&presenter, &format!("{}01-first/presenter", server.url));
    open_live(&device, &format!("{}01-first/", server.url));

    presenter.press("ArrowRight");
    presenter.press("ArrowRight");
    assert_eq!(state(&presenter), (2, 0, 10));
    device.wait_until("window.lectern.state().index === 2", WAIT);
    assert_eq!(state(&device), (2, 0, 10));
    presenter.press("ArrowRight");
    device.wait_until("window.lectern.state().step === 1", WAIT);
    assert_eq!(state(&device), (2, 1, 10), "fragments are relayed too");
    assert_eq!(steps_shown(&device, "#slide-3"), [true, false]);
    assert_no_notes_visible(&device, "device");

    // The device may browse on its own; the room's slides stay put.
    device.press("ArrowRight");
    device.press("ArrowRight");
    assert_eq!(state(&device), (3, 0, 10));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        state(&presenter),
        (2, 1, 10),
        "a device moved the presenter"
    );
    // The presenter's next move brings it back in line.
    presenter.press("ArrowRight");
    device.wait_until("window.lectern.state().step === 2", WAIT);
    assert_eq!(state(&device), (2, 2, 10));
    assert_no_exceptions(&presenter, "presenter view");
    assert_no_exceptions(&device, "device view");
    drop((presenter, device));
    drop(browser);
    drop(server);
    let _ = std::fs::remove_dir_all(course.parent().unwrap());
}

/// A presenter view left open while `lectern serve` is started again (a
/// crash, a laptop that slept, the trainer's Ctrl-C) holds the old server's
/// key, which the new one refuses: the page loads itself again, on the same
/// slide, and its moves reach the room again.
#[test]
fn a_presenter_view_outlives_a_restart_of_the_server() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("browser-restart");
    let server = Server::start(&course);
    let port = server
        .url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .to_string();
    let browser = Browser::launch(&chromium);
    let presenter = browser.new_page();
    open_live(&presenter, &format!("{}01-first/presenter", server.url));
    presenter.press("ArrowRight");
    presenter.press("ArrowRight");
    assert_eq!(state(&presenter).0, 2);
    let old_run = presenter.eval("window.lecternRun");
    let old_key = presenter.eval("window.lecternNavKey");
    drop(server);
    let server = Server::start_at(&course, &port, &[]);
    presenter.wait_until(
        &format!("window.lecternRun && window.lecternRun !== {old_run} && window.lectern && window.lectern.state"),
        WAIT,
    );
    assert_ne!(presenter.eval("window.lecternNavKey"), old_key);
    presenter.wait_until(
        "document.documentElement.getAttribute('data-live') === 'connected'",
        WAIT,
    );
    assert_eq!(
        state(&presenter).0,
        2,
        "the page came back on another slide"
    );
    // Its moves are accepted: a device in the room follows.
    let device = browser.new_isolated_page();
    open_live(&device, &format!("{}01-first/", server.url));
    presenter.press("ArrowRight");
    device.wait_until("window.lectern.state().step === 1", WAIT);
    assert_eq!(state(&device), (2, 1, 10));
    assert_no_exceptions(&presenter, "presenter view");
    drop((presenter, device));
    drop(browser);
    drop(server);
    let _ = std::fs::remove_dir_all(course.parent().unwrap());
}

/// The usual set-up: presenter view on the laptop, audience window on the
/// projector, devices in the room. A clicker sends its keys to whichever
/// window has focus, often the audience window: the presenter view follows,
/// and the devices must follow as well.
#[test]
fn room_devices_follow_moves_made_in_the_audience_window() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("browser-device2");
    let server = Server::start(&course);
    let browser = Browser::launch(&chromium);
    let presenter = browser.new_page();
    let audience = browser.new_page();
    let device = browser.new_isolated_page();
    open_live(&presenter, &format!("{}01-first/presenter", server.url));
    open_live(&audience, &format!("{}01-first/", server.url));
    open_live(&device, &format!("{}01-first/", server.url));

    audience.press("ArrowRight");
    presenter.wait_until("window.lectern.state().index === 1", WAIT);
    device.wait_until("window.lectern.state().index === 1", WAIT);
    drop((presenter, audience, device));
    drop(browser);
    drop(server);
    let _ = std::fs::remove_dir_all(course.parent().unwrap());
}

/// A page opened while its deck has an error shows the overlay at once, not
/// only after the next save.
#[test]
fn error_overlay_shows_on_a_page_opened_while_the_deck_is_broken() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("browser-broken");
    let deck = course.join("01-first.md");
    let server = Server::start(&course);
    let builds = server.builds();
    let broken = rewrite(&deck, "{.definition .incremental time=3}", "{.definitio}");
    std::fs::write(&deck, broken).unwrap();
    let deadline = Instant::now() + WAIT;
    while server.builds() == builds {
        assert!(
            Instant::now() < deadline,
            "no rebuild after the deck was broken"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let browser = Browser::launch(&chromium);
    let page = browser.new_page();
    open_live(&page, &format!("{}01-first/", server.url));
    page.wait_until(
        "(() => { const o = document.querySelector('#lectern-error.open'); \
           return o && o.innerText.includes('01-first.md:30:'); })()",
        Duration::from_secs(3),
    );
    drop(page);
    drop(browser);
    drop(server);
    let _ = std::fs::remove_dir_all(course.parent().unwrap());
}

pub(crate) fn rewrite(file: &Path, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", file.display());
    text.replacen(from, to, 1)
}

/// An editor-style save: the new text goes to a temporary file in the same
/// folder, which is then renamed over the deck.
pub(crate) fn save_by_rename(file: &Path, text: &str) {
    let tmp = file.with_file_name(".goutputstream-LECTERN");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, file).unwrap();
}

#[test]
fn live_reload_updates_in_place_and_keeps_the_slide() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("browser-live");
    let deck = course.join("01-first.md");
    let server = Server::start(&course);
    let browser = Browser::launch(&chromium);
    let page = browser.new_page();
    open_live(&page, &format!("{}01-first/#3", server.url));
    assert_eq!(state(&page), (2, 0, 10));
    page.eval("window.__marker = 42");
    let current = "document.querySelector('.slide.current').innerText";

    // An in-place save.
    let original = "Mentalizing is making sense of ourselves and others.";
    std::fs::write(&deck, rewrite(&deck, original, "EDITED-LIVE text.")).unwrap();
    page.wait_until(&format!("{current}.includes('EDITED-LIVE')"), WAIT);
    assert_eq!(
        page.eval("window.__marker === 42"),
        true,
        "updated in place, not reloaded"
    );
    assert_eq!(state(&page), (2, 0, 10), "still on the third slide");
    assert_eq!(page.eval("location.hash"), "#3");
    assert!(
        page.eval("+document.documentElement.getAttribute('data-reloads')")
            .as_u64()
            .is_some_and(|n| n >= 1),
        "data-reloads counts the update"
    );
    assert_eq!(
        page.eval("document.querySelectorAll('.slide.current').length"),
        1
    );

    // An edit with letters the page already has: the changed slide comes
    // with the event, so the page asks the server for nothing.
    let asked = page.requests().len();
    std::fs::write(
        &deck,
        rewrite(&deck, "EDITED-LIVE text.", "EDITED-LIVE tex."),
    )
    .unwrap();
    page.wait_until(&format!("{current}.includes('EDITED-LIVE tex.')"), WAIT);
    let since: Vec<String> = page.requests().into_iter().skip(asked).collect();
    assert!(
        since.iter().all(|u| !u.contains("/01-first/")),
        "the slide came with the event, not by a request: {since:?}"
    );
    assert_eq!(state(&page), (2, 0, 10), "still on the third slide");
    assert_eq!(page.eval("window.__marker === 42"), true);
    std::fs::write(
        &deck,
        rewrite(&deck, "EDITED-LIVE tex.", "EDITED-LIVE text."),
    )
    .unwrap();
    page.wait_until(&format!("{current}.includes('EDITED-LIVE text.')"), WAIT);

    // A broken deck: the overlay points at the heading; the slides stay.
    let good_heading = "{.definition .incremental time=3}";
    let text = std::fs::read_to_string(&deck).unwrap();
    let line = 1 + text
        .lines()
        .position(|l| l.contains(good_heading))
        .expect("the heading");
    std::fs::write(&deck, rewrite(&deck, good_heading, "{.definitio}")).unwrap();
    let overlay = page.wait_until(
        &format!(
            "(() => {{ const o = document.querySelector('#lectern-error.open'); \
               return o && o.innerText.includes('01-first.md:{line}:') && o.innerText; }})()"
        ),
        WAIT,
    );
    assert!(
        overlay.as_str().unwrap().contains(".definitio"),
        "the overlay names the mistake: {overlay}"
    );
    assert_ne!(
        page.eval("getComputedStyle(document.getElementById('lectern-error')).display"),
        "none",
        "the overlay is displayed"
    );
    assert!(
        page.eval(current).as_str().unwrap().contains("EDITED-LIVE"),
        "the slides underneath still show the last good version"
    );
    assert_eq!(page.eval("window.__marker === 42"), true);
    assert_eq!(state(&page).0, 2);

    // Fixed with an editor-style save (temporary file renamed over the deck).
    save_by_rename(&deck, &rewrite(&deck, "{.definitio}", good_heading));
    page.wait_until("!document.querySelector('#lectern-error.open')", WAIT);
    assert_eq!(page.eval("window.__marker === 42"), true);
    assert_eq!(state(&page).0, 2);

    // And a content change saved the same way arrives in place too.
    save_by_rename(
        &deck,
        &rewrite(&deck, "EDITED-LIVE text.", "RENAMED-SAVE text."),
    );
    page.wait_until(&format!("{current}.includes('RENAMED-SAVE')"), WAIT);
    assert_eq!(
        page.eval("window.__marker === 42"),
        true,
        "updated in place, not reloaded"
    );
    assert_eq!(state(&page), (2, 0, 10), "still on the third slide");
    assert_eq!(steps_shown(&page, "#slide-3"), [false, false]);
    page.press("ArrowRight");
    assert_eq!(
        state(&page),
        (2, 1, 10),
        "the updated slide keeps its fragments"
    );
    assert_eq!(steps_shown(&page, "#slide-3"), [true, false]);
    assert!(!course.join(".goutputstream-LECTERN").exists());
    assert_no_exceptions(&page, "served page");
    drop(page);
    drop(browser);
    drop(server);
    let _ = std::fs::remove_dir_all(course.parent().unwrap());
}

/// The trainer's view of a served course: the notes get the largest part
/// of the screen, `t` starts an exercise timer every screen shows, and the
/// presenter view logs the delivery, which `lectern report` reads.
#[test]
fn presenter_notes_first_timer_and_delivery_log() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("browser-timer");
    let server = Server::start(&course);
    let browser = Browser::launch(&chromium);
    let presenter = browser.new_page();
    let audience = browser.new_isolated_page();
    presenter.call(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({"width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": false}),
    );
    open_live(&presenter, &format!("{}01-first/presenter", server.url));
    open_live(&audience, &format!("{}01-first/", server.url));

    // Notes first: at least 30 % of the view, in at least 20 px type.
    let notes = presenter.eval(
        "(() => { const n = document.getElementById('pv-notes').getBoundingClientRect();
           return { share: n.width * n.height / (innerWidth * innerHeight),
                    px: parseFloat(getComputedStyle(document.getElementById('pv-notes')).fontSize) }; })()",
    );
    assert!(
        notes["share"].as_f64().unwrap() >= 0.30,
        "notes area: {notes}"
    );
    assert!(notes["px"].as_f64().unwrap() >= 20.0, "notes type: {notes}");
    // `+` makes the notes larger, and the size is remembered.
    let px = |p: &Page| {
        p.eval("+document.getElementById('pv-notes').getAttribute('data-px')")
            .as_f64()
            .unwrap()
    };
    let before = px(&presenter);
    presenter.eval("document.dispatchEvent(new KeyboardEvent('keydown', {key: '+'}))");
    assert!(px(&presenter) >= before, "notes grow with +");
    assert_eq!(
        presenter.eval("localStorage.getItem('lectern:notes-px')"),
        serde_json::json!(format!("{}", before as u64 + 2))
    );

    // A 3-minute slide: `t` starts its countdown on every screen.
    presenter.eval("window.lectern.go(2, 0)");
    audience.wait_until("window.lectern.state().index === 2", WAIT);
    presenter.press("t");
    std::thread::sleep(Duration::from_millis(2500));
    let shown = audience.wait_until(
        "(() => { const t = document.getElementById('lectern-timer');
           return t.classList.contains('open') && /^2:5\\d$/.test(t.textContent) && t.textContent; })()",
        WAIT,
    );
    assert!(
        shown.as_str().is_some_and(|t| t.starts_with("2:5")),
        "audience timer: {shown}"
    );
    // `t` again pauses it everywhere.
    presenter.press("t");
    audience.wait_until(
        "document.getElementById('lectern-timer').classList.contains('paused')",
        WAIT,
    );

    // Three slides, each shown a while: the server keeps the delivery log.
    for i in 3..6 {
        std::thread::sleep(Duration::from_millis(1200));
        presenter.eval(&format!("window.lectern.go({i}, 0)"));
    }
    presenter.wait_until(
        "document.documentElement.getAttribute('data-delivery') === 'saved'",
        WAIT,
    );
    let folder = course.join(".lectern/delivery/01-first");
    let deadline = Instant::now() + WAIT;
    let log = loop {
        let files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        let log = files
            .first()
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok());
        match log {
            Some(l) if l["slides"].as_array().is_some_and(|s| s.len() >= 3) => break l,
            _ if Instant::now() > deadline => {
                panic!("no delivery log with three slides in {}", folder.display())
            }
            _ => std::thread::sleep(Duration::from_millis(100)),
        }
    };
    assert_eq!(log["deck"], "01-first");
    let slides = log["slides"].as_array().unwrap();
    assert!(
        slides
            .iter()
            .rev()
            .take(2)
            .all(|s| s["seconds"].as_u64().unwrap() >= 1),
        "each slide's seconds: {log}"
    );
    let run = common::lectern(
        &["report", course.to_str().unwrap()],
        course.parent().unwrap(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("01-first")
            && run.stdout.contains(&log["started"].as_str().unwrap()[..10])
            && run.stdout.contains("over/under"),
        "{}",
        run.stdout
    );
    assert_no_exceptions(&presenter, "presenter");
    assert_no_exceptions(&audience, "audience");
}

/// axe-core (fetched by tests/run.sh, never vendored) finds nothing on the
/// course index, the audience view and the presenter view of a bundled deck.
#[test]
fn index_audience_and_presenter_are_axe_clean() {
    let (Some(chromium), Ok(axe)) = (common::tool("chromium"), std::env::var("LECTERN_AXE")) else {
        eprintln!(
            "skipped: needs chromium and LECTERN_AXE (tests/run.sh fetches axe-core with npm)"
        );
        return;
    };
    let axe = std::fs::read_to_string(axe).unwrap();
    let out = common::course_fixture_html("axe");
    let browser = Browser::launch(&chromium);
    let page = browser.new_page();
    let deck = cdp::file_url(&out.join("04-mentaliseren-van-emoties.html"));
    let mut found = Vec::new();
    let key =
        |k: &str| format!("document.dispatchEvent(new KeyboardEvent('keydown', {{ key: '{k}' }}))");
    for (what, url, then) in [
        (
            "index",
            cdp::file_url(&out.join("index.html")),
            String::new(),
        ),
        ("audience", format!("{deck}#5"), String::new()),
        (
            "presenter",
            format!("{deck}?view=presenter#5"),
            String::new(),
        ),
        (
            "presenter without notes",
            format!("{deck}?view=presenter#4"),
            String::new(),
        ),
        (
            "presenter overview",
            format!("{deck}?view=presenter#5"),
            key("o"),
        ),
        (
            "presenter key help",
            format!("{deck}?view=presenter#5"),
            key("?"),
        ),
        ("audience overview", format!("{deck}#5"), key("o")),
        (
            "presenter, screen black",
            format!("{deck}?view=presenter#5"),
            key("b"),
        ),
    ] {
        page.navigate(&url);
        page.wait_until("document.readyState === 'complete'", WAIT);
        page.eval(&then);
        found.extend(
            axe_violations(&page, &axe)
                .into_iter()
                .map(|v| format!("{what}: {v}")),
        );
    }
    assert!(
        found.is_empty(),
        "axe-core violations:\n{}",
        found.join("\n")
    );
}

/// What axe-core (`axe`, its source) finds on the page as it is now, with
/// the rule that finds buttons whose name hides what they show.
pub fn axe_violations(page: &Page, axe: &str) -> Vec<String> {
    // DevTools evaluation is not the page's script: the page's CSP stays as it is.
    page.eval(axe);
    let violations = page.eval(
        "axe.run(document, { rules: { 'label-content-name-mismatch': { enabled: true } } }).then(r => r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')))",
    );
    violations
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Warnings reach the author without blocking the slides: a corner badge
/// that opens into the list, and the server's log.
#[test]
fn warnings_show_in_a_badge_that_never_blocks_the_slides() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("browser-warnings");
    let server = Server::start(&course);
    let browser = Browser::launch(&chromium);
    let page = browser.new_page();
    open_live(&page, &format!("{}01-first/", server.url));
    assert_eq!(
        page.eval("document.getElementById('lectern-warnings').classList.contains('open')"),
        false
    );
    let deck = course.join("01-first.md");
    let text = rewrite(
        &deck,
        "1. Respect each other",
        "1. Respect each other\n\n![A photo](assets/not-there.png)",
    );
    std::fs::write(&deck, text).unwrap();
    page.wait_until(
        "(() => { const b = document.querySelector('#lectern-warnings.open');
           return b && b.textContent.includes('image not found: assets/not-there.png')
             && b.querySelector('summary').textContent === '⚠ 1'; })()",
        WAIT,
    );
    // Collapsed, it covers a corner only; the slides still move.
    let size = page.eval("(() => { const r = document.getElementById('lectern-warnings').getBoundingClientRect(); return r.width * r.height / (innerWidth * innerHeight); })()");
    assert!(size.as_f64().unwrap() < 0.02, "badge covers {size}");
    page.press("ArrowRight");
    assert_eq!(state(&page).0, 1);
    assert!(
        server
            .log()
            .contains("image not found: assets/not-there.png"),
        "the log shows warnings"
    );
}

/// On a laptop without our fonts the page still sets its text in its own
/// embedded faces: the page's policy lets exactly those load (`font-src
/// data:`), and Chromium reports them loaded, with no policy violation.
#[test]
fn the_page_uses_its_embedded_font_on_a_machine_without_it() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let dir = common::scratch("own-font");
    let course = dir.join("course");
    common::copy_tree(&common::fixtures().join("sample"), &course);
    let out = dir.join("out");
    let run = common::lectern(
        &[
            "build",
            course.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--format",
            "html",
        ],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let browser = Browser::launch_without_fonts(&chromium);
    let page = browser.new_page();
    page.navigate(&cdp::file_url(&out.join("01-first.html")));
    page.wait_until("window.lectern && document.readyState === 'complete'", WAIT);
    page.eval("document.fonts.ready.then(() => window.__fontsReady = true)");
    page.wait_until("window.__fontsReady === true", WAIT);
    let faces = page.eval(
        "[...document.fonts].filter(f => f.family.replace(/\"/g, '') === 'Lectern Sans').map(f => f.weight + ' ' + f.status).sort().join(', ')",
    );
    let faces = faces.as_str().unwrap_or_default().to_string();
    assert!(
        faces.contains("400 loaded") && faces.contains("700 loaded"),
        "{faces}"
    );
    assert!(
        truthy(&page.eval("document.fonts.check('32px \"Lectern Sans\"')")),
        "the embedded face is not usable: {faces}"
    );
}

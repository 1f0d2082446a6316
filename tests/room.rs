//! The room, as a trainer runs it: a presenter view on the laptop, the
//! audience window on the projector (or shared), devices in the room. Real
//! Chromium over the DevTools protocol against `lectern serve`, with the
//! keys a clicker sends. Skipped with a message when Chromium is missing.

use crate::browser::{
    assert_no_exceptions, open_live, rewrite, sample_copy, save_by_rename, state, Server, WAIT,
};
use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::cdp::{self, Browser, Page};
use serde_json::json;

/// The window size of a trainer's laptop (CSS pixels).
fn window(page: &Page, width: u32, height: u32) {
    page.call(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
    );
}

/// A key as the page's own listener gets it, with Shift held.
fn shift_key(page: &Page, key: &str) {
    page.eval(&format!(
        "document.dispatchEvent(new KeyboardEvent('keydown', {{ key: '{key}', shiftKey: true, bubbles: true }}))"
    ));
}

fn text(page: &Page, expr: &str) -> String {
    page.eval(expr).as_str().unwrap_or_default().to_string()
}

/// A served sample course with a presenter view and an audience window open
/// on deck 01-first.
struct Room<'b> {
    server: Server,
    presenter: Page<'b>,
    audience: Page<'b>,
}

fn open_room<'b>(browser: &'b Browser, course: &Path) -> Room<'b> {
    let server = Server::start(course);
    let presenter = browser.new_page();
    let audience = browser.new_page();
    open_live(&presenter, &format!("{}01-first/presenter", server.url));
    open_live(&audience, &format!("{}01-first/", server.url));
    Room {
        server,
        presenter,
        audience,
    }
}

fn wait_index(page: &Page, index: usize) {
    page.wait_until(&format!("window.lectern.state().index === {index}"), WAIT);
}

/// Item 1: blank and freeze, pressed in the presenter view (where a
/// clicker's blank button lands), act on the audience screens and the
/// room's devices; the presenter keeps its previews and sees the state.
#[test]
fn blank_and_freeze_act_on_the_audience_screens() {
    let Some(chromium) = common::tool("chromium") else {
        eprintln!("skipped: needs chromium");
        return;
    };
    let course = sample_copy("room-blank");
    let browser = Browser::launch(&chromium);
    let room = open_room(&browser, &course);
    let device = browser.new_isolated_page();
    open_live(&device, &format!("{}01-first/", room.server.url));
    let (presenter, audience) = (&room.presenter, &room.audience);
    let blanked = "document.body.classList.contains('black') && \
         getComputedStyle(document.querySelector('.stage > .deck')).visibility === 'hidden'";

    presenter.press("b");
    audience.wait_until(blanked, WAIT);
    device.wait_until(blanked, WAIT);
    assert_eq!(
        presenter.eval("getComputedStyle(document.querySelector('#pv-cur .deck')).visibility"),
        "visible",
        "the presenter keeps its own preview"
    );
    assert_eq!(
        text(presenter, "document.getElementById('pv-screen').innerText"),
        "Screen black"
    );

    presenter.press("w");
    audience.wait_until(
        "document.body.classList.contains('white') && !document.body.classList.contains('black') && \
         getComputedStyle(document.querySelector('.stage')).backgroundColor === 'rgb(255, 255, 255)'",
        WAIT,
    );
    presenter.press("w");
    audience.wait_until("!document.body.classList.contains('white')", WAIT);

    // Frozen: the room keeps its picture while the presenter moves on.
    presenter.press("z");
    audience.wait_until("!!document.getElementById('lectern-frozen')", WAIT);
    presenter.press("ArrowRight");
    wait_index(audience, 1);
    assert!(
        text(
            audience,
            "document.querySelector('#lectern-frozen .slide.current').getAttribute('aria-label')"
        )
        .starts_with("1 / 10"),
        "the frozen picture stays on slide 1"
    );
    presenter.press("z");
    audience.wait_until("!document.getElementById('lectern-frozen')", WAIT);

    // A clicker focused on the audience window blanks every screen too.
    audience.press("b");
    presenter.wait_until(
        "document.getElementById('pv-screen').innerText === 'Screen black'",
        WAIT,
    );
    device.wait_until(blanked, WAIT);
    assert_no_exceptions(presenter, "presenter");
    assert_no_exceptions(audience, "audience");
}

/// Item 2: a video started from the presenter view plays on the audience
/// screens, not on the laptop; the presenter sees it play and stops it.
#[test]
fn a_video_started_by_the_presenter_plays_on_the_audience_screen() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("room-video");
    let browser = Browser::launch(&chromium);
    let room = open_room(&browser, &course);
    let (presenter, audience) = (&room.presenter, &room.audience);
    presenter.eval("window.lectern.go(4, 0)");
    wait_index(audience, 4);
    presenter.eval("document.querySelector('#pv-cur .slide.current .video-load').click()");
    audience.wait_until(
        "(() => { const f = document.querySelector('.slide.current .video iframe'); \
           return !!f && f.src.startsWith('https://www.youtube-nocookie.com/embed/'); })()",
        WAIT,
    );
    assert_eq!(
        presenter.eval("document.querySelectorAll('iframe').length"),
        0,
        "nothing plays on the laptop"
    );
    assert_eq!(
        text(
            presenter,
            "document.querySelector('#pv-cur .video-live').innerText"
        ),
        "Video playing on the audience screen\n■ Stop video"
    );
    presenter.eval("document.querySelector('#pv-cur .video-stop').click()");
    audience.wait_until("!document.querySelector('.video iframe')", WAIT);

    // Leaving the slide stops it everywhere.
    presenter.eval("document.querySelector('#pv-cur .slide.current .video-load').click()");
    audience.wait_until("!!document.querySelector('.video iframe')", WAIT);
    presenter.press("ArrowRight");
    audience.wait_until(
        "window.lectern.state().index === 5 && !document.querySelector('.video iframe')",
        WAIT,
    );
}

/// Item 3: the overview covers the presenter view with thumbnails one can
/// read; arrows choose without moving anyone, Enter or a click jumps there
/// (the room follows), Esc leaves.
#[test]
fn the_overview_is_legible_and_jumps_where_asked() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("room-overview");
    let browser = Browser::launch(&chromium);
    let room = open_room(&browser, &course);
    let (presenter, audience) = (&room.presenter, &room.audience);
    window(presenter, 1280, 800);
    presenter.press("o");
    let v = presenter.eval(
        "(() => { const o = document.getElementById('lectern-overview').getBoundingClientRect(); \
           const thumbs = Array.from(document.querySelectorAll('.ov-thumb')); \
           const t = thumbs[1].getBoundingClientRect(); \
           const title = thumbs[1].querySelector('.slide-title').getBoundingClientRect(); \
           const scale = title.height / thumbs[1].querySelector('.slide-title').offsetHeight; \
           const px = parseFloat(getComputedStyle(thumbs[1].querySelector('.slide-title')).fontSize) * scale; \
           return { covers: o.left <= 0 && o.top <= 0 && o.right >= innerWidth && o.bottom >= innerHeight, \
                    count: thumbs.length, width: t.width, titlePx: px, \
                    titleInside: title.left >= t.left && title.right <= t.right && title.bottom <= t.bottom, \
                    caption: thumbs[1].querySelector('.ov-caption').innerText }; })()",
    );
    assert_eq!(v["covers"], true, "the overview covers the whole view: {v}");
    assert_eq!(v["count"], 10, "{v}");
    assert!(
        v["width"].as_f64().unwrap() >= 280.0,
        "thumbnails are large: {v}"
    );
    assert!(
        v["titlePx"].as_f64().unwrap() >= 10.0,
        "titles are legible: {v}"
    );
    assert_eq!(v["titleInside"], true, "the title is not clipped: {v}");
    assert_eq!(v["caption"], "2 · Agreements", "{v}");
    // The embedded font subsets have no ligature glyphs: "Definition" lost
    // its "fi" in a caption where a `font:` shorthand turned them back on.
    let ligatures = presenter.eval(
        "Array.from(document.querySelectorAll('#lectern-overview *')) \
           .filter(e => getComputedStyle(e).fontVariantLigatures !== 'none').map(e => e.className)",
    );
    assert_eq!(ligatures, json!([]), "ligatures on in the overview");

    presenter.press("ArrowRight");
    presenter.press("ArrowRight");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        state(presenter).0,
        0,
        "choosing does not move the presenter"
    );
    assert_eq!(state(audience).0, 0, "choosing does not move the room");
    presenter.press("Enter");
    wait_index(presenter, 2);
    wait_index(audience, 2);
    assert_eq!(
        presenter.eval("!!document.getElementById('lectern-overview')"),
        false
    );

    presenter.press("o");
    presenter.eval("document.querySelectorAll('.ov-thumb')[6].click()");
    wait_index(audience, 6);
    assert_eq!(state(presenter).0, 6, "a click jumps to that page");
    presenter.press("o");
    presenter.press("ArrowLeft");
    presenter.press("Escape");
    assert_eq!(
        presenter.eval("!!document.getElementById('lectern-overview')"),
        false
    );
    assert_eq!(state(presenter).0, 6, "Esc leaves without moving");
    assert_no_exceptions(presenter, "presenter");
}

/// Item 4: long notes scroll with their own keys (the clicker's keys still
/// turn the page) and say there is more below.
#[test]
fn long_notes_scroll_with_keys_and_say_there_is_more() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("room-notes");
    let deck = course.join("01-first.md");
    let long = (1..=60)
        .map(|i| format!("- Step {i} of a long guided exercise, read slowly to the group."))
        .collect::<Vec<_>>()
        .join("\n");
    let text_now = rewrite(
        &deck,
        "- *Stress* confidentiality.",
        &format!("- *Stress* confidentiality.\n{long}"),
    );
    std::fs::write(&deck, text_now).unwrap();
    let browser = Browser::launch(&chromium);
    let room = open_room(&browser, &course);
    let presenter = &room.presenter;
    window(presenter, 1280, 720);
    presenter.eval("window.lectern.go(1, 0)");
    presenter.wait_until(
        "document.getElementById('pv-more').classList.contains('open')",
        WAIT,
    );
    assert_eq!(
        presenter.eval("document.getElementById('pv-notes').scrollTop"),
        0
    );
    presenter.press("j");
    presenter.wait_until("document.getElementById('pv-notes').scrollTop > 100", WAIT);
    shift_key(presenter, "ArrowDown");
    shift_key(presenter, "ArrowDown");
    shift_key(presenter, "ArrowDown");
    shift_key(presenter, "ArrowDown");
    presenter.wait_until(
        "!document.getElementById('pv-more').classList.contains('open')",
        WAIT,
    );
    presenter.press("k");
    presenter.wait_until(
        "document.getElementById('pv-more').classList.contains('open')",
        WAIT,
    );
    assert_eq!(
        state(presenter).0,
        1,
        "scrolling the notes did not turn the page"
    );
    // With the notes focused, the clicker still turns the page.
    presenter.eval("document.getElementById('pv-notes').focus()");
    presenter.press("PageDown");
    wait_index(presenter, 2);
}

/// Item 4, at a trainer's laptop size: on every page of the bundled course
/// at 1280×800 the notes fit without scrolling, by a larger notes share (the
/// next slide smaller) and slightly smaller type where needed. Only notes
/// that do not fit even so scroll, and those say there is more below.
#[test]
fn the_course_notes_fit_at_1280_by_800_or_say_there_is_more() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let out = common::course_fixture_html("room-notes-fit");
    let browser = Browser::launch(&chromium);
    let page = browser.new_page();
    window(&page, 1280, 800);
    let mut decks: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html") && !p.ends_with("index.html"))
        .collect();
    decks.sort();
    assert_eq!(decks.len(), 12);
    let (mut checked, mut wider, mut scrolling) = (0, 0, Vec::new());
    for deck in &decks {
        page.navigate(&format!("{}?view=presenter", cdp::file_url(deck)));
        page.wait_until(
            "document.readyState === 'complete' && !!document.getElementById('pv-notes')",
            WAIT,
        );
        let pages = page.eval(
            "(() => { const out = []; const n = window.lectern.state().total; \
               for (let i = 0; i < n; i++) { window.lectern.go(i, 0); \
                 const b = document.getElementById('pv-notes'); \
                 out.push({ over: b.scrollHeight > b.clientHeight + 1, layout: +b.dataset.layout, px: +b.dataset.px, \
                            more: document.getElementById('pv-more').classList.contains('open') }); } \
               return out; })()",
        );
        for (i, p) in pages.as_array().unwrap().iter().enumerate() {
            checked += 1;
            wider += usize::from(p["layout"].as_u64().unwrap() > 0);
            if p["over"] == true {
                let name = format!(
                    "{} page {}",
                    deck.file_name().unwrap().to_string_lossy(),
                    i + 1
                );
                assert_eq!(
                    (p["layout"].as_u64(), p["px"].as_u64(), &p["more"]),
                    (Some(2), Some(20), &json!(true)),
                    "{name} scrolls before the notes took the most room, or without the mark: {p}"
                );
                scrolling.push(name);
            }
        }
    }
    assert!(checked > 100, "{checked} pages");
    assert!(wider > 0, "no page needed a larger notes share");
    assert!(
        scrolling.len() <= checked / 20,
        "{} pages scroll: {scrolling:#?}",
        scrolling.len()
    );
    eprintln!(
        "{checked} pages, {wider} with a larger notes share, {} scroll: {scrolling:?}",
        scrolling.len()
    );
}

/// Item 5: opening the presenter view to look records no delivery; one is
/// recorded once the presenter got past the first slides.
#[test]
fn only_a_real_delivery_is_recorded() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("room-delivery");
    let folder = course.join(".lectern/delivery/01-first");
    let browser = Browser::launch(&chromium);
    let room = open_room(&browser, &course);
    let presenter = &room.presenter;
    presenter.press("ArrowRight");
    std::thread::sleep(Duration::from_millis(1200));
    presenter.press("ArrowRight");
    presenter.navigate("about:blank");
    std::thread::sleep(Duration::from_millis(800));
    let logs = || std::fs::read_dir(&folder).map_or(0, Iterator::count);
    assert_eq!(logs(), 0, "a look at the presenter view is not a delivery");

    open_live(
        presenter,
        &format!("{}01-first/presenter#3", room.server.url),
    );
    presenter.eval("window.lectern.go(3, 0)");
    std::thread::sleep(Duration::from_millis(1100));
    presenter.eval("window.lectern.go(4, 0)");
    let deadline = Instant::now() + WAIT;
    while logs() == 0 {
        assert!(
            Instant::now() < deadline,
            "past the first slides, the delivery is saved"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let report = common::lectern(
        &["report", course.to_str().unwrap()],
        course.parent().unwrap(),
    );
    assert_eq!(report.code, 0, "{}", report.stderr);
    assert!(
        !report.stdout.contains('Z'),
        "local times, not UTC stamps:\n{}",
        report.stdout
    );
    assert!(report.stdout.contains("over/under"), "{}", report.stdout);
}

/// Item 6 and the session countdown: a reload (F5 from a clicker) keeps the
/// elapsed time; the countdown shows the time left, or the end time.
#[test]
fn elapsed_time_survives_a_reload_and_the_session_counts_down() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("room-clock");
    let browser = Browser::launch(&chromium);
    let room = open_room(&browser, &course);
    let presenter = &room.presenter;
    // Ten minutes in, as the page last saw it; changed from another page of
    // the server's origin, where no presenter view ticks and saves over it.
    presenter.eval("localStorage.getItem('lectern:clock:01-first')");
    presenter.navigate(&room.server.url);
    presenter.eval(
        "(() => { const k = 'lectern:clock:01-first'; const c = JSON.parse(localStorage.getItem(k)); \
           c.started = Date.now() - 10 * 60000; localStorage.setItem(k, JSON.stringify(c)); })()",
    );
    open_live(presenter, &format!("{}01-first/presenter", room.server.url));
    presenter.wait_until(
        "document.getElementById('pv-elapsed').innerText.startsWith('10:')",
        WAIT,
    );
    presenter.wait_until(
        "/^(49:5\\d|50:00)$/.test(document.getElementById('pv-left').innerText)",
        WAIT,
    );
    presenter.press("e");
    presenter.wait_until(
        "/^\\d\\d:\\d\\d$/.test(document.getElementById('pv-left').innerText) && \
         document.getElementById('pv-left-label').innerText === 'Ends at'",
        WAIT,
    );
}

/// Item 7: the exercise timer sits where it covers no text, ends with its
/// slide unless pinned, and starting it leaves the presenter's layout alone.
#[test]
fn the_exercise_timer_covers_no_text_and_stays_with_its_slide() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("room-timer");
    let browser = Browser::launch(&chromium);
    let room = open_room(&browser, &course);
    let (presenter, audience) = (&room.presenter, &room.audience);
    window(audience, 1280, 720);
    window(presenter, 1280, 800);
    presenter.eval("window.lectern.go(6, 0)");
    wait_index(audience, 6);
    let layout = "JSON.stringify(['.pv-bar', '.pv-notes-box', '.pv-next'].map(s => { \
         const r = document.querySelector(s).getBoundingClientRect(); return [r.top, r.height, r.width]; }))";
    let before = presenter.eval(layout);
    presenter.press("t");
    audience.wait_until(
        "document.getElementById('lectern-timer').classList.contains('open')",
        WAIT,
    );
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        presenter.eval(layout),
        before,
        "starting the timer moves nothing"
    );
    let covered = audience.eval(
        "(() => { const t = document.getElementById('lectern-timer').getBoundingClientRect(); \
           const s = document.querySelector('.slide.current'); \
           return Array.from(s.querySelectorAll('h2, p, li, figure, .slide-foot span')) \
             .filter(e => e.innerText.trim()) \
             .map(e => [e.innerText.slice(0, 30), e.getBoundingClientRect()]) \
             .filter(([_, r]) => r.left < t.right && r.right > t.left && r.top < t.bottom && r.bottom > t.top) \
             .map(([x]) => x); })()",
    );
    assert_eq!(covered, json!([]), "the timer covers text");
    let size =
        audience.eval("document.getElementById('lectern-timer').getBoundingClientRect().height");
    assert!(
        size.as_f64().unwrap() >= 30.0,
        "readable from the room: {size}"
    );

    presenter.eval("window.lectern.go(7, 0)");
    wait_index(audience, 7);
    audience.wait_until(
        "!document.getElementById('lectern-timer').classList.contains('open')",
        WAIT,
    );
    assert_eq!(
        presenter.eval("document.getElementById('pv-timer').classList.contains('open')"),
        true,
        "the presenter still sees the running timer"
    );
    shift_key(presenter, "T");
    audience.wait_until(
        "document.getElementById('lectern-timer').classList.contains('open')",
        WAIT,
    );
}

/// Item 8: build problems show in the presenter view, never on the
/// projector or in a shared audience window.
#[test]
fn audience_windows_never_show_build_problems() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("room-errors");
    let deck = course.join("01-first.md");
    let browser = Browser::launch(&chromium);
    let room = open_room(&browser, &course);
    let (presenter, audience) = (&room.presenter, &room.audience);
    std::thread::sleep(Duration::from_millis(2500));
    save_by_rename(
        &deck,
        &rewrite(&deck, "{.definition .incremental time=3}", "{.definitio}"),
    );
    presenter.wait_until("!!document.querySelector('#lectern-error.open')", WAIT);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        audience.eval(
            "getComputedStyle(document.getElementById('lectern-error')).display === 'none' && \
             getComputedStyle(document.getElementById('lectern-warnings')).display === 'none'"
        ),
        true,
        "the audience window shows the build error"
    );
}

/// Item 9: an edit that adds a page before the current one keeps every
/// screen on the same slide, and the delivery log books to that slide.
#[test]
fn an_edit_before_the_current_slide_keeps_every_screen_on_it() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("room-edit");
    let deck = course.join("01-first.md");
    let browser = Browser::launch(&chromium);
    let room = open_room(&browser, &course);
    let (presenter, audience) = (&room.presenter, &room.audience);
    presenter.eval("window.lectern.go(5, 0)");
    wait_index(audience, 5);
    let label = "document.querySelector('.slide.current').getAttribute('aria-label')";
    assert!(text(audience, label).ends_with("The model"));
    save_by_rename(
        &deck,
        &rewrite(
            &deck,
            "## A video",
            "## Inserted {.plain}\n\nNew text.\n\n---\n\n## A video",
        ),
    );
    presenter.wait_until("window.lectern.state().total === 11", WAIT);
    audience.wait_until("window.lectern.state().total === 11", WAIT);
    wait_index(presenter, 6);
    wait_index(audience, 6);
    assert!(
        text(audience, label).ends_with("The model"),
        "{}",
        text(audience, label)
    );
    std::thread::sleep(Duration::from_millis(1100));
    presenter.press("ArrowRight");
    let booked = presenter.eval(
        "(() => { const l = JSON.parse(localStorage.getItem('lectern:delivery:01-first')); \
           return l.slides[l.slides.length - 1].number; })()",
    );
    assert_eq!(booked, 7, "the time goes to The model, now slide 7");
}

/// Item 10: the presenter view keeps its places on a slide without notes,
/// `?` lists the keys in the course's language.
#[test]
fn the_presenter_layout_keeps_its_places_and_lists_its_keys() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("room-layout");
    let browser = Browser::launch(&chromium);
    let room = open_room(&browser, &course);
    let presenter = &room.presenter;
    window(presenter, 1280, 800);
    let places = "JSON.stringify(['.pv-current', '.pv-next', '.pv-notes-box'].map(s => { \
         const r = document.querySelector(s).getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; }))";
    let with_notes = presenter.eval(places);
    presenter.eval("window.lectern.go(2, 0)");
    assert_eq!(
        text(presenter, "document.getElementById('pv-notes').innerText"),
        "No notes for this slide"
    );
    assert_eq!(
        presenter.eval(places),
        with_notes,
        "parts move on a slide without notes"
    );
    shift_key(presenter, "?");
    let help = text(
        presenter,
        "document.getElementById('lectern-help').innerText",
    );
    for words in [
        "Keys",
        "Scroll the notes",
        "Screen black",
        "Overview",
        "Pin the exercise timer",
    ] {
        assert!(help.contains(words), "key help lacks {words:?}:\n{help}");
    }
    presenter.press("Escape");
    assert_eq!(
        presenter.eval("!!document.getElementById('lectern-help')"),
        false
    );
}

/// Pairing from the presenter view shows a QR code and its address; at a
/// phone's size the presenter view is the slide, the notes and large
/// buttons, nothing wider than the screen.
#[test]
fn the_presenter_pairs_a_phone_and_the_phone_view_fits_a_phone() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("room-pair");
    let server = Server::start_with(&course, &["--host", "0.0.0.0"]);
    let browser = Browser::launch(&chromium);
    let presenter = browser.new_page();
    window(&presenter, 1280, 800);
    open_live(&presenter, &format!("{}01-first/presenter", server.url));
    presenter.eval("document.getElementById('pv-pair').click()");
    presenter.wait_until(
        "(() => { const b = document.getElementById('pv-pair-box'); const img = b && b.querySelector('img'); \
           return !!img && img.src.startsWith('data:image/svg+xml') && img.naturalWidth > 0 && \
             b.querySelector('code').innerText.includes('/_lectern/pair/'); })()",
        WAIT,
    );
    assert!(text(
        &presenter,
        "document.getElementById('pv-pair-box').innerText"
    )
    .contains("None yet"));
    let axe = std::env::var("LECTERN_AXE").map(|f| std::fs::read_to_string(f).unwrap());
    if let Ok(axe) = &axe {
        let found = crate::browser::axe_violations(&presenter, axe);
        assert!(found.is_empty(), "pairing dialog: {found:?}");
    }
    // A phone pairs with the code on screen: the dialog lists it and shows
    // a fresh code for the next phone (the used one would be refused).
    let used = text(
        &presenter,
        "document.querySelector('#pv-pair-box code').innerText",
    );
    let path = used
        .split_once("/_lectern/")
        .map(|(_, p)| format!("/_lectern/{p}"))
        .unwrap();
    let port: u16 = server
        .url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(common::http::get(port, &path).status, 303);
    presenter.wait_until(
        &format!(
            "(() => {{ const b = document.getElementById('pv-pair-box'); const c = b.querySelector('code'); \
               return b.querySelectorAll('.pair-revoke').length === 1 && !!c && c.innerText !== {used:?} \
                 && c.innerText.includes('/_lectern/pair/'); }})()"
        ),
        WAIT,
    );
    presenter.press("Escape");
    assert_eq!(
        presenter.eval("!!document.getElementById('pv-pair-box')"),
        false
    );

    let phone = browser.new_page();
    window(&phone, 390, 844);
    open_live(&phone, &format!("{}01-first/presenter", server.url));
    let v = phone.eval(
        "(() => { const r = s => document.querySelector(s).getBoundingClientRect(); \
           return { wide: document.documentElement.scrollWidth, next: r('#pv-drive-next').height, \
                    nextShown: getComputedStyle(document.querySelector('.pv-drive')).display, \
                    notes: r('.pv-notes-box').height, slide: r('.pv-current').height }; })()",
    );
    assert!(
        v["wide"].as_f64().unwrap() <= 390.0,
        "wider than the phone: {v}"
    );
    assert_eq!(v["nextShown"], "grid", "{v}");
    assert!(v["next"].as_f64().unwrap() >= 60.0, "large buttons: {v}");
    assert!(
        v["notes"].as_f64().unwrap() >= 300.0 && v["slide"].as_f64().unwrap() >= 150.0,
        "{v}"
    );
    // axe-core on the paired device's page (tests/run.sh fetches it).
    if let Ok(axe) = &axe {
        let found = crate::browser::axe_violations(&phone, axe);
        assert!(found.is_empty(), "phone view: {found:?}");
    }
    phone.eval("document.getElementById('pv-drive-next').click()");
    wait_index(&presenter, 1);
    assert_no_exceptions(&presenter, "presenter");
    assert_no_exceptions(&phone, "phone view");
}

/// The pointer: `L` in the presenter view, then the mouse over the current
/// slide shows a dot at the same place on the audience screen.
#[test]
fn the_presenters_pointer_shows_on_the_audience_screen() {
    let Some(chromium) = common::tool("chromium") else {
        return;
    };
    let course = sample_copy("room-pointer");
    let browser = Browser::launch(&chromium);
    let room = open_room(&browser, &course);
    let (presenter, audience) = (&room.presenter, &room.audience);
    window(presenter, 1280, 800);
    presenter.press("l");
    let r = presenter.eval(
        "(() => { const r = document.querySelector('#pv-cur .slide.current').getBoundingClientRect(); \
           return [r.left + r.width * 0.25, r.top + r.height * 0.75]; })()",
    );
    let (x, y) = (r[0].as_f64().unwrap(), r[1].as_f64().unwrap());
    for dx in [0.0, 1.0, 2.0] {
        presenter.call(
            "Input.dispatchMouseEvent",
            json!({ "type": "mouseMoved", "x": x + dx, "y": y }),
        );
        std::thread::sleep(Duration::from_millis(60));
    }
    audience.wait_until(
        "(() => { const d = document.getElementById('lectern-pointer'); if (!d.classList.contains('on')) return false; \
           const s = document.querySelector('.slide.current').getBoundingClientRect(), p = d.getBoundingClientRect(); \
           const x = (p.left + p.width / 2 - s.left) / s.width, y = (p.top + p.height / 2 - s.top) / s.height; \
           return Math.abs(x - 0.25) < 0.02 && Math.abs(y - 0.75) < 0.02; })()",
        WAIT,
    );
    assert_eq!(state(presenter).0, 0, "pointing does not turn the page");
    presenter.press("l");
    audience.wait_until(
        "!document.getElementById('lectern-pointer').classList.contains('on')",
        WAIT,
    );
}

//! Bounded, always (issue #31): what a deck, theme, picture or lectern's
//! own files in the course or output folder can make lectern read, and
//! what a build may overwrite. Each case failed before its fix: a hang, an
//! unbounded read, a file outside the course in an output, or an output
//! silently overwritten.

use crate::common;

use common::*;
use std::path::Path;
use std::time::Duration;

/// Runs lectern, failing the test if it is still running after `secs`.
fn lectern_within(args: &[&str], cwd: &Path, secs: u64) -> Run {
    run_within(Path::new(bin()), args, cwd, secs)
}

/// Runs `program`, reading its output while it runs (a full pipe would
/// stall it and read as a hang), failing the test after `secs`.
fn run_within(program: &Path, args: &[&str], cwd: &Path, secs: u64) -> Run {
    let child = std::process::Command::new(program)
        .args(args)
        .current_dir(cwd)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || sender.send(child.wait_with_output()));
    let Ok(out) = receiver.recv_timeout(Duration::from_secs(secs)) else {
        let _ = std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status();
        panic!("{} {args:?} still runs after {secs} s", program.display());
    };
    let out = out.unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn deck(session: u32, title: &str, slides: usize) -> String {
    let mut s = format!("+++\ntitle = \"{title}\"\nsession = {session}\n+++\n");
    for i in 1..=slides {
        if i > 1 {
            s.push_str("\n---\n");
        }
        s.push_str(&format!(
            "\n## {title} slide {i}\n\nText {i}.\n\n???\nNote of {title} {i}.\n"
        ));
    }
    s
}

#[test]
fn decks_whose_outputs_share_a_name_are_refused_naming_both() {
    let dir = scratch("collide");
    let c = dir.join("c");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(c.join("01-a.md"), deck(1, "Alpha", 2)).unwrap();
    std::fs::write(c.join("01-a-notes.md"), deck(2, "Beta", 1)).unwrap();
    std::fs::write(c.join("index.md"), deck(3, "Gamma", 1)).unwrap();
    std::fs::write(c.join("course.md"), deck(4, "Delta", 1)).unwrap();
    let run = lectern(&["build", "c", "--out", "o"], &dir);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("01-a-notes.md:1:1")
            && run.stderr.contains("01-a-notes.pdf is also c/01-a.md's"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("index.html is also the course index's"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("course-handout.pdf is also the course's own"),
        "{}",
        run.stderr
    );
    // 01-a's trainer script is its own, not Beta's slides.
    if let Some(text) = pdf_text(&dir.join("o/01-a-notes.pdf")) {
        assert!(text.contains("Note of Alpha 1"), "{text}");
        assert!(!text.contains("Beta slide"), "{text}");
    }
    let index = std::fs::read_to_string(dir.join("o/index.html")).unwrap();
    assert!(index.contains("Alpha") && !index.contains("Gamma slide"));
}

fn build_png(dir: &Path) {
    let args = [
        "build",
        "01-x.md",
        "--out",
        "o",
        "--format",
        "png",
        "--png-width",
        "320",
    ];
    let run = lectern(&args, dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn png_pages_of_a_deck_that_shrank_are_removed() {
    let dir = scratch("stale-png");
    std::fs::write(dir.join("01-x.md"), deck(1, "X", 4)).unwrap();
    build_png(&dir);
    assert!(dir.join("o/01-x.004.png").is_file());
    std::fs::write(dir.join("o/other.001.png"), "not lectern's to remove").unwrap();
    std::fs::write(dir.join("01-x.md"), deck(1, "X", 2)).unwrap();
    build_png(&dir);
    let mut pages: Vec<String> = std::fs::read_dir(dir.join("o"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".png"))
        .collect();
    pages.sort();
    assert_eq!(pages, ["01-x.001.png", "01-x.002.png", "other.001.png"]);
}

#[cfg(unix)]
#[test]
fn the_fit_cache_and_delivery_logs_are_never_read_without_end() {
    let dir = scratch("own-files");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    std::fs::create_dir_all(dir.join("o")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("o/.lectern-fits")).unwrap();
    let run = lectern_within(&["build", "c", "--out", "o", "--format", "html"], &dir, 30);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let logs = dir.join("c/.lectern/delivery/01-first");
    std::fs::create_dir_all(&logs).unwrap();
    std::os::unix::fs::symlink("/dev/zero", logs.join("2026-01-01T00-00-00Z.json")).unwrap();
    let fifo = logs.join("2026-01-02T00-00-00Z.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()) || !fifo.exists());
    let run = lectern_within(&["report", "c"], &dir, 30);
    assert_ne!(run.code, 101, "{}", run.stderr);
    let run = lectern_within(&["build", "c", "--out", "o", "--format", "notes"], &dir, 60);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn a_theme_file_linked_outside_the_course_is_refused_and_never_shown() {
    let dir = scratch("theme-link");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    std::fs::write(dir.join("secret.txt"), "TOP SECRET PATIENT LIST").unwrap();
    let theme = dir.join("c/themes/mine");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(theme.join("theme.toml"), "extends = \"default\"\n").unwrap();
    std::os::unix::fs::symlink(dir.join("secret.txt"), theme.join("deck.typ")).unwrap();
    let run = lectern(
        &[
            "build", "c", "--out", "o", "--theme", "mine", "--format", "pdf",
        ],
        &dir,
    );
    assert!(
        run.stderr
            .contains("deck.typ: lectern does not read it: it leads outside the course folder"),
        "{}",
        run.stderr
    );
    for entry in std::fs::read_dir(dir.join("o"))
        .into_iter()
        .flatten()
        .flatten()
    {
        if entry.path().extension().is_none_or(|e| e != "pdf") {
            continue;
        }
        if let Some(text) = pdf_text(&entry.path()) {
            assert!(!text.contains("TOP SECRET"), "{}", entry.path().display());
        }
    }
    // A whole theme folder linked from elsewhere: the same.
    std::fs::remove_dir_all(&theme).unwrap();
    let elsewhere = dir.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("theme.toml"), "extends = \"default\"\n").unwrap();
    std::os::unix::fs::symlink(&elsewhere, &theme).unwrap();
    let run = lectern(&["check", "c", "--theme", "mine"], &dir);
    assert!(
        run.stderr.contains("leads outside the course folder"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn an_svg_that_refers_to_a_device_or_a_file_outside_is_checked_quickly_and_reads_neither() {
    let dir = scratch("svg-href");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    std::fs::create_dir_all(dir.join("c/assets")).unwrap();
    std::fs::write(
        dir.join("c/assets/zero.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><image href="/dev/zero" width="10" height="10"/><image href="../../../outside.png" width="10" height="10"/><rect width="100" height="50" fill="#ccc"/></svg>"##,
    )
    .unwrap();
    std::fs::write(
        dir.join("c/03-svg.md"),
        "+++\ntitle = \"Pictures\"\nsession = 3\n+++\n\n## A drawing\n\n![A grey box](assets/zero.svg)\n",
    )
    .unwrap();
    let run = lectern_within(&["check", "c"], &dir, 30);
    assert!(
        run.stderr
            .contains("links pictures lectern does not load (/dev/zero, ../../../outside.png)"),
        "{}",
        run.stderr
    );
    // Shown as a placeholder in every output; the build goes on.
    let run = lectern_within(
        &["build", "c", "--out", "o", "--format", "pdf,pptx"],
        &dir,
        60,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// A trainer's phone photo carries where it was taken (EXIF GPS): no
/// output carries it on, while the picture itself is shown.
#[test]
fn a_photo_s_place_and_notes_reach_no_output() {
    let dir = scratch("exif");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    let img = image::RgbImage::from_fn(64, 32, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 8) as u8, 90])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
        .encode_image(&img)
        .unwrap();
    let mut app1 = b"Exif\0\0II\x2a\0\x08\0\0\0\0\0".to_vec();
    app1.extend_from_slice(b"GPS 52.0907 5.1214 HOME OF CLIENT");
    let mut photo = jpeg[..2].to_vec();
    photo.extend_from_slice(&[0xFF, 0xE1]);
    photo.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    photo.extend_from_slice(&app1);
    photo.extend_from_slice(&jpeg[2..]);
    std::fs::create_dir_all(dir.join("c/assets")).unwrap();
    std::fs::write(dir.join("c/assets/phone.jpg"), &photo).unwrap();
    std::fs::write(
        dir.join("c/03-photo.md"),
        "+++\ntitle = \"Photo\"\nsession = 3\n+++\n\n## A photo\n\n![The group room](assets/phone.jpg)\n",
    )
    .unwrap();
    let run = lectern(
        &[
            "build",
            "c",
            "--out",
            "o",
            "--format",
            "html,pdf,handout,pptx",
        ],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let secret = b"52.0907";
    let contains = |hay: &[u8]| hay.windows(secret.len()).any(|w| w == secret);
    // The HTML embeds the picture as base64: decode every data: address.
    let html = std::fs::read_to_string(dir.join("o/03-photo.html")).unwrap();
    let mut pictures = 0;
    for part in html.split("data:image/jpeg;base64,").skip(1) {
        let b64: String = part
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || "+/=".contains(*c))
            .collect();
        let bytes =
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).unwrap();
        assert!(!contains(&bytes), "the HTML's picture carries the place");
        pictures += 1;
    }
    assert!(pictures > 0, "the picture is in the HTML");
    for pdf in ["o/03-photo.pdf", "o/03-photo-handout.pdf"] {
        let bytes = std::fs::read(dir.join(pdf)).unwrap();
        assert!(!contains(&bytes), "{pdf} carries the place");
    }
    let pptx = std::fs::File::open(dir.join("o/03-photo.pptx")).unwrap();
    let mut zip = zip::ZipArchive::new(pptx).unwrap();
    let mut media = 0;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut bytes).unwrap();
        assert!(!contains(&bytes), "{name} carries the place");
        media += usize::from(name.starts_with("ppt/media/"));
    }
    assert!(media > 0, "the picture is in the PowerPoint file");
    // The course's own file is left as it is.
    assert!(contains(
        &std::fs::read(dir.join("c/assets/phone.jpg")).unwrap()
    ));
}

/// `lectern import` writes only into its output folder and only what it
/// was asked: never through a symbolic link there, never one file from two
/// sources in one run, never over another tool's source even with
/// `--force`, and a deck it replaces with `--force` is kept as `.orig`.
#[test]
fn import_never_writes_through_links_twice_or_over_a_source() {
    let dir = scratch("import-writes");
    let marp = |title: &str| format!("---\nmarp: true\n---\n\n# {title}\n\n---\n\n# Two\n");
    // Through a link: the PowerPoint's pictures would land in `elsewhere`.
    std::fs::create_dir_all(dir.join("out")).unwrap();
    std::fs::create_dir_all(dir.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink("../elsewhere", dir.join("out/assets")).unwrap();
    let pptx = repo().join("tests/corpus/import/pptx/tables-pictures.pptx");
    let run = lectern(&["import", pptx.to_str().unwrap(), "--out", "out"], &dir);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("out/assets is a symbolic link"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_dir(dir.join("elsewhere")).unwrap().count(), 0);
    // Two sources, one name: the second is refused, the first kept.
    for (folder, title) in [("a", "Deck A"), ("b", "Deck B")] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        std::fs::write(dir.join(folder).join("talk.md"), marp(title)).unwrap();
    }
    let run = lectern(
        &[
            "import",
            "a/talk.md",
            "b/talk.md",
            "--out",
            "both",
            "--force",
        ],
        &dir,
    );
    assert_ne!(run.code, 0);
    assert!(
        run.stderr
            .contains("a/talk.md and b/talk.md would both be written to both/talk.md"),
        "{}",
        run.stderr
    );
    assert!(std::fs::read_to_string(dir.join("both/talk.md"))
        .unwrap()
        .contains("# Deck A"));
    // Another tool's source beside the import is never replaced.
    std::fs::write(
        dir.join("a/talk.qmd"),
        "---\ntitle: T\nformat: revealjs\n---\n\n## Quarto\n",
    )
    .unwrap();
    let run = lectern(&["import", "a/talk.qmd", "--out", "a", "--force"], &dir);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("is not a deck `lectern import` wrote"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("a/talk.md")).unwrap(),
        marp("Deck A")
    );
    // An imported deck the author edited, replaced with --force: kept.
    let edited =
        std::fs::read_to_string(dir.join("both/talk.md")).unwrap() + "\nThe author's own line.\n";
    std::fs::write(dir.join("both/talk.md"), &edited).unwrap();
    let run = lectern(&["import", "a/talk.md", "--out", "both", "--force"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("both/talk.md.orig")).unwrap(),
        edited
    );
}

/// `lectern_within`, with the process's data (heap) limited to `bytes`
/// through util-linux's `prlimit` where it is installed.
fn lectern_capped(args: &[&str], cwd: &Path, secs: u64, bytes: u64) -> Run {
    let Some(prlimit) = tool("prlimit") else {
        return lectern_within(args, cwd, secs);
    };
    let data = format!("--data={bytes}");
    let mut all = vec![data.as_str(), "--", bin()];
    all.extend_from_slice(args);
    run_within(&prlimit, &all, cwd, secs)
}

/// A Markdown table of `rows` × `columns` cells.
fn table(rows: usize, columns: usize) -> String {
    let mut t = format!("|{}\n|{}\n", " h |".repeat(columns), "---|".repeat(columns));
    for _ in 0..rows {
        t.push_str(&format!("|{}\n", " 1 |".repeat(columns)));
    }
    t
}

/// One slide of each kind that once took minutes or gigabytes within the
/// deck limits (issue #31, case 5) is refused at once, at the slide's
/// line, naming the cap; slides just under the caps build in the same
/// bounds: 2 GB of data, 30 s for every output.
#[test]
fn a_slide_too_heavy_to_lay_out_is_refused_at_its_line() {
    let dir = scratch("heavy-slides");
    std::fs::write(
        dir.join("course.toml"),
        "title = \"T\"\nlanguage = \"nl\"\n",
    )
    .unwrap();
    let slide = |title: &str, body: &str| {
        format!("+++\ntitle = \"Zwaar\"\nsession = 1\n+++\n\n## Eerst\n\nTekst.\n\n---\n\n## {title}\n\n{body}\n")
    };
    let words = |n: usize, piece: &str| vec![piece; n].join(" ");
    let paragraphs = |n: usize| vec!["Regel."; n].join("\n\n");
    let heavy = [
        (
            "table-5000-rows",
            slide("Tabel", &table(5000, 20)),
            "2000 cells",
        ),
        (
            "table-50000-columns",
            slide("Tabel", &table(1, 50_000)),
            "at most 40",
        ),
        (
            "paragraphs-12000",
            slide("Regels", &paragraphs(12_000)),
            "at most 1000",
        ),
        (
            "footnotes-150000",
            slide(
                "Noten",
                &format!("{}\n\n[^1]: De noot.", words(150_000, "w[^1]")),
            ),
            "at most 10000",
        ),
        (
            "formulas-60000",
            slide("Formules", &words(60_000, "$x$")),
            "at most 10000",
        ),
        (
            "title-1-9-mb",
            slide(&"Lang ".repeat(380_000), "Tekst."),
            "at most 1000",
        ),
    ];
    // Every output, with 2 GB of data and 30 s.
    let build = |name: &str, text: &str| {
        std::fs::write(dir.join(format!("{name}.md")), text).unwrap();
        let file = format!("{name}.md");
        let formats = "html,pdf,handout,notes,pptx";
        lectern_capped(
            &["build", &file, "--out", "out", "--format", formats],
            &dir,
            30,
            2 << 30,
        )
    };
    for (name, text, cap) in &heavy {
        let run = build(name, text);
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("{name}.md:12:1: error: slide 2:"))
                && run.stderr.contains(cap),
            "{name}: {}",
            run.stderr
        );
    }
    let light = [
        ("table", slide("Tabel", &table(99, 20))),
        ("paragraphs", slide("Regels", &paragraphs(990))),
        ("emphasis", slide("Nadruk", &words(3000, "*a* b"))),
        ("formulas", slide("Formules", &words(1500, "$x^2$"))),
        ("title", slide(&"Lang ".repeat(199), "Tekst.")),
    ];
    for (name, text) in &light {
        let run = build(name, text);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
    }
}

/// Pasting a 6,000-row table into a deck under `lectern serve` (which
/// once aborted the server within seconds) reports it on the overlay; the
/// last good slides stay up and the next save is picked up.
#[test]
fn a_table_pasted_under_serve_is_refused_and_the_server_stays() {
    use common::http::*;
    let dir = scratch("heavy-serve");
    std::fs::write(
        dir.join("course.toml"),
        "title = \"T\"\nlanguage = \"nl\"\n",
    )
    .unwrap();
    let good = "+++\ntitle = \"Live\"\nsession = 1\n+++\n\n## Eerst\n\nGOED-ZICHTBAAR\n";
    std::fs::write(dir.join("01-live.md"), good).unwrap();
    let s = start_on(&dir);
    let mut events = Events::open(s.port);
    let deck = s.dir.join("course/01-live.md");
    std::fs::write(
        &deck,
        format!("{good}\n---\n\n## Tabel\n\n{}", table(6000, 20)),
    )
    .unwrap();
    events.wait_for("problems", |n, d| {
        n == "problems" && d.contains("cells in one table")
    });
    let page = String::from_utf8_lossy(&get(s.port, "/01-live/").body).to_string();
    assert!(
        page.contains("GOED-ZICHTBAAR"),
        "the last good slides are gone"
    );
    std::fs::write(&deck, good.replace("GOED", "BETER")).unwrap();
    events.wait_for("clean problems", |n, d| {
        n == "problems" && d.starts_with("{\"errors\":[],")
    });
    let page = String::from_utf8_lossy(&get(s.port, "/01-live/").body).to_string();
    assert!(page.contains("BETER-ZICHTBAAR"));
}

/// A course theme whose template loops when a deck says `LUSSEN`, and
/// asks for 4 GB when it says `GROEIEN` (issue #31, case 6).
fn runaway_course(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join("themes/loopy")).unwrap();
    std::fs::write(
        dir.join("course.toml"),
        "title = \"T\"\nlanguage = \"nl\"\ntheme = \"loopy\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("themes/loopy/theme.toml"),
        "name = \"loopy\"\nextends = \"default\"\n",
    )
    .unwrap();
    let template = std::fs::read_to_string(repo().join("themes/default/deck.typ")).unwrap();
    let data = "#let data = json(\"/data.json\")\n";
    assert!(template.contains(data));
    let runaway = "#if repr(data).contains(\"LUSSEN\") { for i in range(30000) { for j in range(30000) {} } }\n\
                   #if repr(data).contains(\"GROEIEN\") { let s = \"x\" * 4000000000 }\n";
    std::fs::write(
        dir.join("themes/loopy/deck.typ"),
        template.replacen(data, &format!("{data}{runaway}"), 1),
    )
    .unwrap();
    std::fs::write(
        dir.join("01-a.md"),
        "+++\ntitle = \"A\"\nsession = 1\n+++\n\n## Eerst\n\nGOED-ZICHTBAAR\n",
    )
    .unwrap();
    dir
}

/// `build` and `check` stop a course template that loops (at the compile
/// time bound, 2 s here) or grows past the memory bound, say which
/// document of which deck in which theme, exit 1, and leave the last good
/// outputs as they were. Before, the loop ran for minutes and the string
/// aborted the process.
#[test]
fn a_course_template_that_loops_or_grows_is_stopped_and_the_outputs_kept() {
    let dir = runaway_course("runaway-build");
    let build = |cmd: &str| {
        let mut c = std::process::Command::new(bin());
        c.arg(cmd).arg(".");
        if cmd == "build" {
            c.args(["--out", "out", "--format", "html,pdf"]);
        }
        let out = c
            .current_dir(&dir)
            .env("LECTERN_COMPILE_SECONDS", "2")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(build("build").0, 0);
    let before = std::fs::read(dir.join("out/01-a.pdf")).unwrap();
    let deck = dir.join("01-a.md");
    for (word, said) in [
        ("LUSSEN", "ran for more than 2 s (the bound is 2 s)"),
        ("GROEIEN", "MB at once (the bound is 2048 MB)"),
    ] {
        std::fs::write(
            &deck,
            std::fs::read_to_string(&deck)
                .unwrap()
                .replace("GOED", &format!("{word}-GOED")),
        )
        .unwrap();
        for cmd in ["build", "check"] {
            let started = std::time::Instant::now();
            let (code, stderr) = build(cmd);
            assert_eq!(code, 1, "{cmd} {word}: {stderr}");
            assert!(
                stderr.contains(
                    "error: lectern stopped the build: the fitting of 01-a in theme `loopy`"
                ) && stderr.contains(said),
                "{cmd} {word}: {stderr}"
            );
            assert!(started.elapsed() < Duration::from_secs(20), "{cmd} {word}");
        }
        assert_eq!(std::fs::read(dir.join("out/01-a.pdf")).unwrap(), before);
        std::fs::write(
            &deck,
            std::fs::read_to_string(&deck)
                .unwrap()
                .replace(&format!("{word}-"), ""),
        )
        .unwrap();
    }
}

/// Under `serve`, the same templates are stopped in the render worker:
/// the overlay says why at the template, the last good slides stay up,
/// the server keeps answering, and the next save is built (before, a loop
/// wedged every later rebuild and the string aborted the server).
#[test]
fn under_serve_a_runaway_template_is_stopped_and_the_server_stays() {
    use common::http::*;
    let course = runaway_course("runaway-serve");
    let dir = scratch("runaway-serve-run");
    copy_tree(&course, &dir.join("course"));
    let s = spawn_env(dir, "course", &[], &[("LECTERN_COMPILE_SECONDS", "2")]);
    let mut events = Events::open(s.port);
    let deck = s.dir.join("course/01-a.md");
    let good = std::fs::read_to_string(&deck).unwrap();
    let mut shown = "GOED-ZICHTBAAR".to_string();
    for (word, said) in [
        ("LUSSEN", "ran for more than 2 s"),
        ("GROEIEN", "(the bound is 2048 MB)"),
    ] {
        std::fs::write(&deck, good.replace("GOED", &format!("{word}-GOED"))).unwrap();
        events.wait_for(word, |n, d| {
            n == "problems" && d.contains("themes/loopy/deck.typ") && d.contains(said)
        });
        let page = String::from_utf8_lossy(&get(s.port, "/01-a/").body).to_string();
        assert!(page.contains(&shown) && !page.contains(word), "{word}");
        assert_eq!(get(s.port, "/").status, 200);
        let better = format!("BETER{}", word.len());
        std::fs::write(&deck, good.replace("GOED", &better)).unwrap();
        events.wait_for("clean problems", |n, d| {
            n == "problems" && d.starts_with("{\"errors\":[],")
        });
        let page = String::from_utf8_lossy(&get(s.port, "/01-a/").body).to_string();
        shown = format!("{better}-ZICHTBAAR");
        assert!(page.contains(&shown));
    }
    let pdf = get(s.port, "/01-a.pdf");
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with(b"%PDF"));
}

//! Helpers shared by the integration tests: run the real binary, make
//! scratch folders, read PDFs with poppler, find external tools.
#![allow(dead_code)]

pub mod cdp;
pub mod http;
pub mod netns;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_lectern")
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn lectern(args: &[&str], cwd: &Path) -> Run {
    let out: Output = Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("lectern runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A fresh scratch folder under the target directory's tmp.
pub fn scratch(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "lectern-test-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A frozen twelve-session course (a copy of the bundled one): what tests of
/// code build, so that editing `decks/` never breaks them.
pub fn course_fixture() -> PathBuf {
    fixtures().join("course")
}

/// The course fixture built as HTML into `<scratch name>/o`, which is returned.
pub fn course_fixture_html(name: &str) -> PathBuf {
    let dir = scratch(name);
    let run = lectern(
        &[
            "build",
            course_fixture().to_str().unwrap(),
            "--out",
            "o",
            "--format",
            "html",
        ],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir.join("o")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder tree (fixtures are copied before tests change them).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// An external tool the tests need. Missing: a skip with a message, but a
/// failure under CI (CI=true), where `.ci/run` installs it.
pub fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        let msg = format!(
            "`{name}` is not installed (apt-get install {})",
            package_of(name)
        );
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "{msg}: CI must install it"
        );
        eprintln!("SKIPPED: {msg}");
    }
    found
}

fn package_of(tool: &str) -> &str {
    match tool {
        "pdftotext" | "pdfinfo" | "pdftoppm" | "pdftohtml" => "poppler-utils",
        "chromium" => "chromium",
        other => other,
    }
}

/// The text of a PDF as a participant would copy it.
pub fn pdf_text(pdf: &Path) -> Option<String> {
    let tool = tool("pdftotext")?;
    let out = Command::new(tool)
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The text of one page (1-based).
pub fn pdf_page_text(pdf: &Path, page: usize) -> Option<String> {
    let tool = tool("pdftotext")?;
    let p = page.to_string();
    let out = Command::new(tool)
        .args(["-f", &p, "-l", &p])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn pdf_pages(pdf: &Path) -> Option<usize> {
    let tool = tool("pdfinfo")?;
    let out = Command::new(tool).arg(pdf).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
}

/// Text squeezed of all white space, for matching across line wraps.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The vertical extent (yMin, yMax in points) of every word on each page
/// of a PDF, from poppler's `pdftotext -bbox`; None without poppler.
pub fn pdf_word_rows(pdf: &Path) -> Option<Vec<Vec<(f64, f64)>>> {
    let out = Command::new(tool("pdftotext")?)
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let attr = |w: &str, key: &str| -> f64 {
        let at = w.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        w[at..].split('"').next().unwrap().parse().unwrap()
    };
    Some(
        text.split("<page ")
            .skip(1)
            .map(|page| {
                page.split("<word ")
                    .skip(1)
                    .map(|w| (attr(w, "yMin"), attr(w, "yMax")))
                    .collect()
            })
            .collect(),
    )
}

/// An English course folder with two pictures for layout tests:
/// `assets/photo.png` (a gradient) and `assets/chart.png` (400 × 300).
pub fn course_with_pictures(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::write(
        dir.join("course.toml"),
        "title = \"T\"\nlanguage = \"en\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, 160])
    })
    .save(dir.join("assets/photo.png"))
    .unwrap();
    image::RgbImage::from_pixel(400, 300, image::Rgb([70, 130, 180]))
        .save(dir.join("assets/chart.png"))
        .unwrap();
    dir
}

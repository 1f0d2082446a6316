//! Fuzzing at scale, in-process: one input through every parser lectern
//! has for what others write: the deck parser, `course.toml`, a course
//! theme's `theme.toml`, the SVG check
//! (with lectern's bounded resolver), `lectern import` for each text tool,
//! and PowerPoint import of a real deck with bytes changed. Each input must
//! end without a panic and within a second.
//!
//! CI runs 300 inputs. The README's run:
//! `LECTERN_FUZZ_CASES=1000000 cargo test --release --test suite fuzz::`
//! (PROPTEST_RNG_SEED picks another sequence). A failing input is printed
//! by proptest, minimised, and saved in `tests/fuzz.proptest-regressions`,
//! which later runs try first: commit that file with the fix.

use crate::common;

use proptest::prelude::*;
use std::path::Path;
use std::time::{Duration, Instant};

/// What an input may take in any one parser.
const BOUND: Duration = Duration::from_secs(1);

/// SVG made of the pieces that once broke a reader: entities, links to
/// files, filters, sizes of nothing or of a city.
fn svg() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"50\">",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"0.0001\" height=\"1000000\">",
        "</svg>",
        "<!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>",
        "&b;",
        "<text x=\"1\" y=\"10\" font-size=\"3\">",
        "</text>",
        "<image href=\"/dev/zero\" width=\"10\" height=\"10\"/>",
        "<image href=\"../../etc/passwd\"/>",
        "<image href=\"data:image/png;base64,iVBORw0KGgo=\"/>",
        "<filter id=\"f\"><feGaussianBlur stdDeviation=\"99\"/></filter>",
        "<rect width=\"60000\" height=\"60000\" filter=\"url(#f)\"/>",
        "<g transform=\"scale(1e30)\">",
        "</g>",
        "<use href=\"#f\"/>",
        "<",
        ">",
        "\"",
        "word",
    ]);
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

/// Lines of `course.toml`, good, bad and odd.
fn course_toml() -> impl Strategy<Value = String> {
    let line = prop::sample::select(vec![
        "title = \"Leren\"",
        "language = \"nl-BE\"",
        "language = \"Nederlands!\"",
        "theme = \"../../x\"",
        "aspect = \"4:3\"",
        "aspect = 7",
        "duration = \"ninety\"",
        "duration = 99999999999",
        "fillable = true",
        "allow_html = \"yes\"",
        "[colors]",
        "title = \"\"\"",
        "x = [1, 2",
        "nope = 1",
        "",
    ]);
    prop::collection::vec(line, 0..12).prop_map(|v| v.join("\n"))
}

/// Lines of a course theme's `theme.toml`: extends that loop or leave the
/// course, colours and sizes out of range, font names that try to be code.
fn theme_toml() -> impl Strategy<Value = String> {
    let line = prop::sample::select(vec![
        "extends = \"default\"",
        "extends = \"fz\"",
        "extends = \"../../etc\"",
        "extends = \"projector\"",
        "description = \"\"\"",
        "follow_system = \"no\"",
        "bold_body = true",
        "[colors]",
        "[colors.kinds]",
        "[dark]",
        "[sizes]",
        "[fonts]",
        "[layout]",
        "background = \"#0b0c0e\"",
        "text = \"red; } body { x\"",
        "accent = \"#fff\"",
        "video = \"#ff9cbc\"",
        "nope = \"#000000\"",
        "title = 44",
        "body = -3",
        "body = 1e308",
        "min = nan",
        "max_body = 9999999",
        "max_pages = 0",
        "heading = \"big\"",
        "body = \"Atkinson\\\"); #eval(\\\"x\"",
        "margin = 0.5",
        "columns = [1, 2",
        "",
    ]);
    prop::collection::vec(line, 0..14).prop_map(|v| v.join("\n"))
}

/// A course folder of this process whose `themes/fz/theme.toml` the fuzz
/// run rewrites for each input.
fn theme_course() -> &'static Path {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = common::scratch("fuzz-theme");
        std::fs::create_dir_all(dir.join("themes/fz")).unwrap();
        dir
    })
}

/// Runs `f` on an input, failing on a panic or on taking over `BOUND`.
fn bounded(what: &str, f: impl FnOnce()) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    prop_assert!(outcome.is_ok(), "{what} panicked");
    prop_assert!(
        started.elapsed() < BOUND,
        "{what} took {:?}",
        started.elapsed()
    );
    Ok(())
}

fn pptx_source() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| {
        std::fs::read(common::repo().join("tests/corpus/import/pptx/basics.pptx")).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("LECTERN_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(300)))]

    #[test]
    fn every_parser_ends_in_time_without_a_panic(
        deck in crate::robustness::markdown(),
        toml in course_toml(),
        theme in theme_toml(),
        picture in svg(),
        changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let config = lectern::config::CourseConfig::default();
        let here = Path::new(".");
        let ctx = lectern::parse::DeckContext { file: "fuzz.md", deck_dir: here, course_root: here, config: &config };
        let text = format!("+++\ntitle = \"F\"\n+++\n\n{deck}");
        bounded("the deck parser", || {
            lectern::parse::parse_deck(text.as_bytes(), "fuzz", &ctx, &mut Vec::new());
        })?;
        bounded("course.toml", || {
            lectern::config::parse_course(&toml, "course.toml", &mut Vec::new());
        })?;
        let course = theme_course();
        std::fs::write(course.join("themes/fz/theme.toml"), &theme).unwrap();
        bounded("theme.toml", || {
            let _ = lectern::theme::load("fz", course, false);
        })?;
        bounded("the SVG check", || {
            let options = lectern::images::svg_options(Path::new("assets/fuzz.svg"));
            let _ = lectern::images::parse_svg_with(picture.as_bytes(), &options);
        })?;
        for tool in lectern::import::Tool::ALL {
            if tool == lectern::import::Tool::Pptx {
                continue;
            }
            bounded(tool.name(), || {
                lectern::import::import(tool, &deck, &lectern::import::Options::new("fuzz.md"));
            })?;
        }
        let mut pptx = pptx_source().to_vec();
        for (at, byte) in &changes {
            let i = at.index(pptx.len());
            pptx[i] = *byte;
        }
        bounded("PowerPoint import", || {
            let _ = lectern::import::pptx::import(&pptx, &lectern::import::Options::new("fuzz.pptx"));
        })?;
    }
}

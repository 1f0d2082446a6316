//! Themes: every built-in theme renders every slide kind in HTML and PDF,
//! and `check` reports legibility faults a theme would cause.

use crate::common;

use common::*;

#[test]
fn every_theme_renders_every_kind_in_html_and_pdf() {
    let dir = scratch("themes");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    for theme in ["default", "projector", "screenshare", "print"] {
        let out = format!("out-{theme}");
        let run = lectern(
            &[
                "build", "c", "--out", &out, "--theme", theme, "--format", "html,pdf",
            ],
            &dir,
        );
        assert_eq!(run.code, 0, "{theme}: {}", run.stderr);
        assert!(
            !run.stderr.contains("pages in theme"),
            "{theme}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("does not fit"),
            "{theme}: {}",
            run.stderr
        );
        let html = std::fs::read_to_string(dir.join(&out).join("01-first.html")).unwrap();
        assert!(html.contains(&format!("data-theme=\"{theme}\"")));
        for kind in [
            "title",
            "agreements",
            "definition",
            "statements",
            "video",
            "exercise",
            "assignment",
            "recap",
            "discussion",
        ] {
            assert!(
                html.contains(&format!("class=\"slide kind-{kind}\"")),
                "{theme}: no {kind}"
            );
            assert!(
                html.contains(&format!("--kind-{kind}:#")),
                "{theme}: no colour for {kind}"
            );
        }
        if let Some(pages) = pdf_pages(&dir.join(&out).join("01-first.pdf")) {
            assert_eq!(pages, 10, "{theme}");
        }
        if let Some(pages) = pdf_pages(&dir.join(&out).join("02-second.pdf")) {
            assert_eq!(pages, 4, "{theme}");
        }
    }
    // Only the default theme follows the system's dark setting; the projector theme is fixed.
    let default = std::fs::read_to_string(dir.join("out-default/01-first.html")).unwrap();
    assert!(default.contains("prefers-color-scheme: dark"));
    let projector = std::fs::read_to_string(dir.join("out-projector/01-first.html")).unwrap();
    assert!(!projector.contains("prefers-color-scheme: dark"));
}

#[test]
fn check_reports_low_contrast_small_type_and_too_many_pages() {
    let dir = scratch("legibility");
    std::fs::create_dir_all(dir.join("themes/faint")).unwrap();
    std::fs::write(
        dir.join("themes/faint/theme.toml"),
        "extends = \"default\"\ndescription = \"Too faint\"\nfollow_system = false\n[colors]\ntext = \"#9a9a9a\"\nbackground = \"#ffffff\"\n[sizes]\nbody = 16\nmax_pages = 1\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("course.toml"),
        "title = \"T\"\ntheme = \"faint\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("a.md"),
        format!(
            "+++\ntitle = \"A\"\nsession = 1\nmode = \"f2f\"\n+++\n\n## One {{.list}}\n\n{}",
            (1..=30)
                .map(|i| format!("- item {i}\n"))
                .collect::<String>()
        ),
    )
    .unwrap();
    let run = lectern(&["check", "."], &dir);
    let e = &run.stderr;
    // Theme problems: once each, at the line of the theme.toml key to change.
    assert!(e.contains("themes/faint/theme.toml:5:1: warning: text contrast is 2.81:1 in theme `faint` (#9a9a9a on #ffffff), below WCAG AA (4.5:1)"), "{e}");
    assert_eq!(e.matches("text contrast is").count(), 1, "{e}");
    assert!(
        e.contains("themes/faint/theme.toml:8:1: warning: body text is 16 pt in theme `faint`, below the 24 pt"),
        "{e}"
    );
    assert!(
        e.contains("a.md:7:1: warning: slide 1 needs ")
            && e.contains(
                "pages at the smallest step of the type scale (16 pt) in theme `faint` (at most 1"
            ),
        "{e}"
    );
    // A deck of a few items in a shipped theme is clean.
    std::fs::write(
        dir.join("a.md"),
        "+++\ntitle = \"A\"\nsession = 1\nmode = \"f2f\"\n+++\n\n## One {.list}\n\n- a\n- b\n- c\n- d\n- e\n- f\n",
    )
    .unwrap();
    let clean = lectern(&["check", ".", "--theme", "projector"], &dir);
    assert!(!clean.stderr.contains("warning"), "{}", clean.stderr);
}

fn course_with_theme(name: &str, theme_toml: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    let theme = dir.join("c/themes/mine");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(theme.join("theme.toml"), theme_toml).unwrap();
    let config = dir.join("c/course.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        text.replace("theme = \"default\"", "") + "\ntheme = \"mine\"\n",
    )
    .unwrap();
    dir
}

#[test]
fn theme_values_cannot_carry_markup_or_leave_the_course() {
    for (toml, says) in [
        (
            "extends = \"default\"\n[fonts]\nbody = 'x\"}</style><script>alert(1)</script>'\n",
            "is not a font name",
        ),
        (
            "extends = \"default\"\n[colors.kinds]\n\"x}</style><script>alert(1)</script>\" = \"#000000\"\n",
            "is not a slide kind",
        ),
        ("extends = \"default\"\n[colors]\ntext = \"black\"\n", "is not a colour"),
        ("extends = \"default\"\n[sizes]\nbody = nan\n", "sizes.body"),
        ("extends = \"default\"\n[layout]\nmargin = -5.0\n", "layout.margin"),
        ("extends = \"../../../tmp/x\"\n", "is not a theme name"),
    ] {
        let dir = course_with_theme("theme-values", toml);
        let run = lectern(&["build", "c", "--out", "o", "--format", "html"], &dir);
        assert_eq!(run.code, 1, "{toml}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{toml}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        // The course still builds in the built-in default theme.
        let html = std::fs::read_to_string(dir.join("o/01-first.html")).unwrap();
        assert!(!html.contains("<script>alert(1)"), "{toml}");
        assert!(html.contains("data-theme=\"default\""));
    }
    // A theme name that is a path is refused, and a course theme called
    // `default` that is broken does not take the fallback down with it.
    for theme in ["/tmp", "../../x"] {
        let dir = course_with_theme("theme-path", "extends = \"default\"\n");
        let run = lectern(
            &[
                "build", "c", "--out", "o", "--theme", theme, "--format", "html",
            ],
            &dir,
        );
        assert_eq!(run.code, 2, "a usage error: {theme}: {}", run.stderr);
        assert!(run.stderr.contains("not a theme name"), "{}", run.stderr);
    }
    let dir = course_with_theme("theme-default", "");
    std::fs::create_dir_all(dir.join("c/themes/default")).unwrap();
    std::fs::write(
        dir.join("c/themes/default/theme.toml"),
        "extends = \"default\"\n[colors]\ntext = \"black\"\n",
    )
    .unwrap();
    let run = lectern(
        &[
            "build", "c", "--out", "o", "--theme", "default", "--format", "html",
        ],
        &dir,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(dir.join("o/01-first.html").is_file());
}

#[test]
fn course_css_is_used_only_where_html_is_allowed() {
    let dir = course_with_theme("theme-css", "extends = \"default\"\n");
    std::fs::write(
        dir.join("c/themes/mine/slides.css"),
        "/* MINE */ .slide{color:red}</style><script>alert(1)</script>",
    )
    .unwrap();
    let run = lectern(&["build", "c", "--out", "o", "--format", "html"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("slides.css is not used"),
        "{}",
        run.stderr
    );
    let html = std::fs::read_to_string(dir.join("o/01-first.html")).unwrap();
    assert!(!html.contains("MINE") && !html.contains("alert(1)"));
    let config = dir.join("c/course.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("allow_html = true\n{text}")).unwrap();
    let run = lectern(&["build", "c", "--out", "o", "--format", "html"], &dir);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(dir.join("o/01-first.html"))
        .unwrap()
        .contains("MINE"));
}

/// A course theme brings its own typeface in `themes/<name>/fonts/`: the
/// slides PDF embeds it, the HTML carries a subset of it under its family
/// name, the PowerPoint file names it. (Liberation Sans, which Chromium's
/// package brings; lectern itself has no copy, so only the course's can
/// have set it.)
#[test]
fn a_course_theme_s_own_font_is_used_in_every_output() {
    let liberation =
        std::path::Path::new("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf");
    if !liberation.exists() || tool("pdffonts").is_none() {
        return;
    }
    let dir = scratch("own-font-theme");
    std::fs::create_dir_all(dir.join("themes/house/fonts")).unwrap();
    std::fs::copy(
        liberation,
        dir.join("themes/house/fonts/LiberationSans-Regular.ttf"),
    )
    .unwrap();
    std::fs::write(
        dir.join("themes/house/theme.toml"),
        "extends = \"default\"\ndescription = \"Our face\"\n[fonts]\nbody = \"Liberation Sans\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("course.toml"),
        "title = \"Huis\"\nlanguage = \"nl\"\ntheme = \"house\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("01-een.md"),
        "+++\ntitle = \"Een\"\nsession = 1\n+++\n\n## Een titel\n\nGewone tekst in de eigen letter. ✓\n",
    )
    .unwrap();
    // The workbook is set in the print theme: the course gives it the face too.
    std::fs::create_dir_all(dir.join("themes/print/fonts")).unwrap();
    std::fs::copy(
        liberation,
        dir.join("themes/print/fonts/LiberationSans-Regular.ttf"),
    )
    .unwrap();
    std::fs::write(
        dir.join("themes/print/theme.toml"),
        "extends = \"print\"\n[fonts]\nbody = \"Liberation Sans\"\n",
    )
    .unwrap();
    let run = lectern(
        &[
            "build",
            ".",
            "--out",
            "o",
            "--format",
            "pdf,handout,html,pptx",
        ],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for pdf in ["o/01-een.pdf", "o/01-een-handout.pdf"] {
        let fonts = std::process::Command::new(tool("pdffonts").unwrap())
            .arg(dir.join(pdf))
            .output()
            .unwrap();
        let fonts = String::from_utf8_lossy(&fonts.stdout);
        assert!(fonts.contains("+LiberationSans "), "{pdf}: {fonts}");
    }
    let html = std::fs::read_to_string(dir.join("o/01-een.html")).unwrap();
    assert!(
        html.contains(
            "@font-face{font-family:\"Liberation Sans\";font-weight:400;font-style:normal;"
        ),
        "the course's face is embedded"
    );
    assert!(html.contains("--font:\"Liberation Sans\""), "and set");
    if let Some(parts) = pptx_parts(&dir.join("o/01-een.pptx")) {
        assert!(
            parts.contains("typeface=\"Liberation Sans\""),
            "the PowerPoint file names the face"
        );
    }
    // A file that is no font is refused, naming it.
    std::fs::write(dir.join("themes/house/fonts/Broken.ttf"), b"not a font").unwrap();
    let run = lectern(&["check", "."], &dir);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Broken.ttf: not a TrueType or OpenType font lectern can read"),
        "{}",
        run.stderr
    );
}

/// `check` looks a character up in the theme's own fonts too: DejaVu
/// Serif has Ꜭ (U+A72C), which none of lectern's fonts has; no font here
/// has 字, and that one is still reported.
#[test]
fn check_finds_characters_in_the_theme_s_own_fonts() {
    let serif = std::path::Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf");
    if !serif.exists() {
        eprintln!(
            "SKIPPED: {} is not installed (fonts-dejavu-core)",
            serif.display()
        );
        return;
    }
    let dir = scratch("own-font-glyphs");
    std::fs::write(
        dir.join("course.toml"),
        "title = \"Tekens\"\nlanguage = \"nl\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("01-een.md"),
        "+++\ntitle = \"Een\"\nsession = 1\n+++\n\n## Tekens\n\nꜬ en 字\n",
    )
    .unwrap();
    let said = |run: &Run, c: &str| run.stderr.contains(&format!("(U+{c})"));
    let bare = lectern(&["check", "."], &dir);
    assert!(
        said(&bare, "A72C") && said(&bare, "5B57"),
        "{}",
        bare.stderr
    );
    assert!(
        bare.stderr
            .contains("fonts/ folder of the course's theme (now `default`"),
        "{}",
        bare.stderr
    );

    std::fs::create_dir_all(dir.join("themes/serif/fonts")).unwrap();
    std::fs::copy(serif, dir.join("themes/serif/fonts/DejaVuSerif.ttf")).unwrap();
    std::fs::write(
        dir.join("themes/serif/theme.toml"),
        "extends = \"default\"\n[fonts]\nbody = \"DejaVu Serif\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("course.toml"),
        "title = \"Tekens\"\nlanguage = \"nl\"\ntheme = \"serif\"\n",
    )
    .unwrap();
    let own = lectern(&["check", "."], &dir);
    assert!(
        !said(&own, "A72C"),
        "the theme's font has Ꜭ: {}",
        own.stderr
    );
    assert!(said(&own, "5B57"), "no font has 字: {}", own.stderr);
}

/// Every part of a PowerPoint file, one after the other (unzip -p).
fn pptx_parts(pptx: &std::path::Path) -> Option<String> {
    let out = std::process::Command::new(tool("unzip")?)
        .arg("-p")
        .arg(pptx)
        .output()
        .unwrap();
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

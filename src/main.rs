//! The `lectern` command: parse arguments, run the pipeline, write or serve
//! the results, print diagnostics, and set the exit code
//! (0 ok, 1 content errors, 2 usage or I/O errors).

mod cli;
mod import_cmd;
mod lsp;
mod serve;

use clap::Parser;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use cli::{Cli, Command};
use lectern::diag::{counts, Diagnostic};
use lectern::{display_path, output, Builder, Format};

/// Every allocation is counted, so that a build can be held to its memory
/// bound (`lectern::bounds`) on any system.
#[global_allocator]
static ALLOCATOR: lectern::bounds::Counting = lectern::bounds::Counting;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Serve(args) => serve::run(args),
        Command::Init(args) => init(args),
        Command::New(args) => new_deck(args),
        Command::Themes(args) => themes(args),
        Command::Report(args) => report(args),
        Command::Import(args) => import_cmd::run(args),
        Command::Lsp(_) => lsp::run(),
        Command::RenderWorker(args) => Ok(serve::worker::run(&args)),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// The course a command works on when no PATH is given: the current folder
/// when it holds course.toml or decks, else `decks/` (the bundled layout).
pub fn course_path(path: &Option<std::path::PathBuf>) -> std::path::PathBuf {
    if let Some(p) = path {
        return p.clone();
    }
    let here = Path::new(".");
    let has_decks = std::fs::read_dir(here)
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.ends_with(".md")
                && !name.eq_ignore_ascii_case("README.md")
                && !name.starts_with(['_', '.'])
        });
    if here.join("course.toml").is_file() || has_decks {
        here.to_path_buf()
    } else {
        Path::new("decks").to_path_buf()
    }
}

/// A `--theme` that names no theme is a usage error, said once.
pub fn check_theme_flag(theme: &Option<String>, course: &Path) -> Result<(), lectern::Error> {
    let Some(name) = theme else { return Ok(()) };
    if !lectern::theme::is_name(name) {
        return Err(lectern::Error {
            message: format!("--theme {name}: `{name}` is not a theme name: use letters, digits, `-` and `_` (a course theme lives in themes/<name>/)"),
        });
    }
    let root = if course.is_dir() {
        course
    } else {
        course
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    };
    let available = lectern::theme::available(root);
    if available.iter().any(|t| t == name) {
        return Ok(());
    }
    Err(lectern::Error {
        message: format!(
            "--theme {name}: there is no such theme (available: {})",
            available.join(", ")
        ),
    })
}

pub fn print_diagnostics(diags: &[Diagnostic], format: cli::MessageFormat) {
    if format == cli::MessageFormat::Json {
        for d in diags {
            println!("{}", d.to_json());
        }
        return;
    }
    for d in diags {
        eprintln!("{}", d.render());
    }
    let (errors, warnings) = counts(diags);
    if errors + warnings > 0 {
        eprintln!(
            "{errors} error{}, {warnings} warning{}",
            plural(errors),
            plural(warnings)
        );
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn parse_formats(list: &[String]) -> Result<Vec<Format>, lectern::Error> {
    if list.is_empty() {
        return Ok(Format::ALL.to_vec());
    }
    list.iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| {
            Format::from_name(s).ok_or_else(|| lectern::Error {
                message: format!(
                    "unknown format `{s}` (formats: html, pdf, handout, notes, json, png, pptx)"
                ),
            })
        })
        .collect()
}

/// Where a build keeps its fitting decisions for the next one, in the output folder.
const FIT_CACHE: &str = ".lectern-fits";

/// A progress line on a terminal, once a build takes longer than a second.
fn progress_line(args: &cli::BuildArgs, started: Instant) -> Option<lectern::Progress> {
    let terminal = std::io::stderr().is_terminal()
        && !args.quiet
        && args.message_format == cli::MessageFormat::Human;
    terminal.then(|| -> lectern::Progress {
        Box::new(move |done, total, label| {
            if started.elapsed().as_secs_f64() > 1.0 {
                eprint!("\r\x1b[2K[{done}/{total}] {label}");
                if done == total {
                    eprint!("\r\x1b[2K");
                }
            }
        })
    })
}

/// Writes a build's artifacts into OUT, and the fitting decisions for the
/// next build unless `--no-cache`. Nothing is created when nothing was built.
fn write_outputs(
    out: &Path,
    result: &lectern::BuildOutput,
    keep_fits: Option<&Builder>,
) -> Result<(), lectern::Error> {
    if result.artifacts.is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(out).map_err(|e| lectern::Error::io(out, e))?;
    // One build at a time writes into a folder: another one would clear
    // this one's temporary files. The lock ends with the process.
    let _lock = output::lock_folder(out).map_err(|e| lectern::Error::io(out, e))?;
    output::clean_temporaries(out);
    // Every output that can be written is; one that cannot (on Windows,
    // a PDF open in a viewer that locks it) keeps its previous version.
    let failed: Vec<String> = result
        .artifacts
        .iter()
        .filter_map(|artifact| {
            output::write_atomic(out, &artifact.name, &artifact.bytes)
                .err()
                .map(|e| output::write_failure(&out.join(&artifact.name), &e))
        })
        .collect();
    if !failed.is_empty() {
        return Err(lectern::Error {
            message: failed.join("\n"),
        });
    }
    let written: Vec<String> = result.artifacts.iter().map(|a| a.name.clone()).collect();
    output::remove_stale_pages(out, &written);
    if let Some(saved) = keep_fits.and_then(Builder::saved_fits) {
        // Only a speed-up for the next build: not writing it is no failure.
        let _ = output::write_atomic(out, FIT_CACHE, &saved);
    }
    Ok(())
}

/// `--typst-dir`: each deck's Typst sources in a folder of its own.
fn write_typst_sources(
    dir: &Path,
    builder: &mut Builder,
    loaded: &lectern::Loaded,
) -> Result<(), lectern::Error> {
    for deck in loaded.buildable() {
        let target = dir.join(&deck.stem);
        for artifact in builder.typst_sources(loaded, deck) {
            let path = target.join(&artifact.name);
            let parent = path.parent().unwrap_or(&target);
            std::fs::create_dir_all(parent).map_err(|e| lectern::Error::io(parent, e))?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            output::write_atomic(parent, &name, &artifact.bytes)
                .map_err(|e| lectern::Error::io(&path, e))?;
        }
    }
    Ok(())
}

/// "built N slides in M ms (…)".
fn summary_line(
    loaded: &lectern::Loaded,
    result: &lectern::BuildOutput,
    started: Instant,
    out: &Path,
) {
    let skipped = loaded.course.decks.len() - result.decks;
    eprintln!(
        "built {} slides in {} ms ({} deck{}, {} file{} in {}){}",
        result.slides,
        started.elapsed().as_millis(),
        result.decks,
        plural(result.decks),
        result.artifacts.len(),
        plural(result.artifacts.len()),
        display_path(out),
        if skipped > 0 {
            format!(
                "; {skipped} deck{} not built because of errors",
                plural(skipped)
            )
        } else {
            String::new()
        }
    );
}

fn build(args: cli::BuildArgs) -> Result<ExitCode, lectern::Error> {
    let started = Instant::now();
    if args.trace.is_some() {
        typst_timing::enable();
    }
    let formats = parse_formats(&args.format)?;
    lectern::bounds::enable(lectern::bounds::Bounds::from_env());
    let path = course_path(&args.path);
    check_theme_flag(&args.theme, &path)?;
    if formats
        .iter()
        .any(|f| matches!(f, Format::Pdf | Format::Handout | Format::Notes))
    {
        // Fonts and Typst's library load while the decks are parsed.
        std::thread::spawn(lectern::typeset::warm_up);
    }
    let loaded = lectern::load(&path)?;
    // The outputs go beside the course's sources unless told otherwise.
    let out = args.out.clone().unwrap_or_else(|| {
        if loaded.is_folder {
            path.join("out")
        } else {
            loaded.course.root.join("out")
        }
    });
    let mut builder = Builder::new();
    builder.theme_override = args.theme.clone();
    builder.png_width = args.png_width;
    builder.progress = progress_line(&args, started);
    let fit_cache = out.join(FIT_CACHE);
    if !args.no_cache {
        // A few hundred bytes a slide; anything far bigger, or not a
        // regular file (a link to /dev/zero, a FIFO), is not ours.
        if let Ok(saved) = lectern::files::read_bounded(&fit_cache, 64 << 20) {
            builder.load_fits(&saved);
        }
    }
    let result = builder.build(&loaded, &formats);
    write_outputs(&out, &result, (!args.no_cache).then_some(&builder))?;
    if let Some(dir) = &args.typst_dir {
        write_typst_sources(dir, &mut builder, &loaded)?;
    }
    // The whole run's, parse problems and theme checks included.
    let diags = &result.diagnostics;
    print_diagnostics(diags, args.message_format);
    if args.timings {
        for t in &result.timings {
            eprintln!(
                "  {:<40} {:<8} {:>8.1} ms",
                t.deck,
                t.stage,
                t.time.as_secs_f64() * 1000.0
            );
        }
    }
    if let Some(file) = &args.trace {
        let written = std::fs::File::create(file)
            .map_err(|e| e.to_string())
            .and_then(|f| lectern::render::pdf::write_trace(std::io::BufWriter::new(f)));
        if let Err(e) = written {
            return Err(lectern::Error {
                message: format!("cannot write the trace {}: {e}", file.display()),
            });
        }
    }
    summary_line(&loaded, &result, started, &out);
    Ok(exit_for(diags))
}

pub fn exit_for(diags: &[Diagnostic]) -> ExitCode {
    if diags.iter().any(lectern::diag::Diagnostic::is_error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn check(args: cli::CheckArgs) -> Result<ExitCode, lectern::Error> {
    let path = course_path(&args.path);
    check_theme_flag(&args.theme, &path)?;
    lectern::bounds::enable(lectern::bounds::Bounds::from_env());
    let loaded = lectern::load(&path)?;
    let mut builder = Builder::new();
    builder.theme_override = args.theme;
    builder.room_override = args.room;
    let diags = builder.check(&loaded);
    print_diagnostics(&diags, args.message_format);
    let slides: usize = loaded.course.decks.iter().map(|d| d.slides.len()).sum();
    if diags.is_empty() {
        eprintln!(
            "{} deck{}, {slides} slides: no problems",
            loaded.course.decks.len(),
            plural(loaded.course.decks.len())
        );
    }
    Ok(exit_for(&diags))
}

/// Writes a file that must not exist yet (unless `force`), making its folder.
fn write_new(file: &Path, text: &str, force: bool) -> Result<(), lectern::Error> {
    if file.exists() && !force {
        return Err(lectern::Error {
            message: format!(
                "{} already exists (use --force to overwrite it)",
                display_path(file)
            ),
        });
    }
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| lectern::Error::io(dir, e))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    output::write_atomic(dir, &name, text.as_bytes()).map_err(|e| lectern::Error::io(file, e))?;
    eprintln!("wrote {}", display_path(file));
    Ok(())
}

fn init(args: cli::InitArgs) -> Result<ExitCode, lectern::Error> {
    use lectern::starter;
    let language = args.language.to_ascii_lowercase();
    if !starter::LANGUAGES.contains(&language.as_str()) {
        return Err(lectern::Error {
            message: format!(
                "--language {}: lectern writes starter courses in {} (a course may use another language in course.toml; its labels are then English)",
                args.language,
                starter::LANGUAGES.join(" or ")
            ),
        });
    }
    let dir = &args.dir;
    // Check everything before writing anything.
    let mut files = vec![
        (
            dir.join("course.toml"),
            starter::course_toml(&args.title, &language),
        ),
        (dir.join(".gitignore"), starter::GITIGNORE.to_string()),
    ];
    for n in 1..=args.sessions {
        let title = starter::session_title(n, &language);
        files.push((
            dir.join(starter::deck_file_name(n, &language)),
            starter::deck(&title, n, "f2f", &language),
        ));
    }
    if !args.force {
        if let Some((taken, _)) = files.iter().find(|(f, _)| f.exists()) {
            return Err(lectern::Error {
                message: format!(
                    "{} already exists (use --force to overwrite the starter files)",
                    display_path(taken)
                ),
            });
        }
    }
    for (file, text) in &files {
        write_new(file, text, true)?;
    }
    let shown = display_path(dir);
    eprintln!(
        "next: `lectern serve {shown}` to edit with a live preview, `lectern build {shown}` for the slides, PDFs and workbooks (in {shown}/out)"
    );
    Ok(ExitCode::SUCCESS)
}

fn new_deck(args: cli::NewArgs) -> Result<ExitCode, lectern::Error> {
    if args.file.extension().is_none_or(|e| e != "md") {
        return Err(lectern::Error {
            message: format!("{}: a deck file ends in .md", args.file.display()),
        });
    }
    let mode = match args.mode {
        cli::ModeArg::F2f => "f2f",
        cli::ModeArg::Online => "online",
    };
    // The course's language, from the course.toml beside the new deck.
    let dir = args
        .file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let language = args.language.clone().unwrap_or_else(|| {
        std::fs::read_to_string(dir.join("course.toml"))
            .ok()
            .and_then(|t| t.parse::<toml::Table>().ok())
            .and_then(|t| {
                t.get("language")
                    .and_then(|l| l.as_str())
                    .map(str::to_string)
            })
            .unwrap_or_else(|| "en".into())
    });
    let deck = lectern::starter::deck(&args.title, args.session, mode, &language);
    write_new(&args.file, &deck, args.force)?;
    Ok(ExitCode::SUCCESS)
}

fn report(args: cli::ReportArgs) -> Result<ExitCode, lectern::Error> {
    let path = course_path(&args.path);
    let loaded = lectern::load(&path)?;
    let text = if args.html {
        lectern::render::report::report_html(&loaded.course).unwrap_or_default()
    } else {
        lectern::report::report(&loaded.course, args.all)
    };
    if text.is_empty() {
        eprintln!(
            "no deliveries recorded for {} yet: present a deck from its presenter view under `lectern serve`, and the log lands in {}/delivery/",
            display_path(&path),
            lectern::report::STATE_DIR
        );
        return Ok(ExitCode::from(1));
    }
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn themes(args: cli::ThemesArgs) -> Result<ExitCode, lectern::Error> {
    let path = course_path(&args.path);
    let root = if path.is_dir() {
        path.clone()
    } else {
        Path::new(".").to_path_buf()
    };
    for name in lectern::theme::available(&root) {
        println!("{name:<14} {}", lectern::theme::describe(&name, &root));
    }
    Ok(ExitCode::SUCCESS)
}

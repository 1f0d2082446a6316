//! The `lectern` command: parse arguments, run the pipeline, write or serve
//! the results, print diagnostics, and set the exit code
//! (0 ok, 1 content errors, 2 usage or I/O errors).

mod cli;
mod serve;

use clap::Parser;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use cli::{Cli, Command};
use lectern::diag::{counts, Diagnostic};
use lectern::{display_path, output, Builder, Format};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Serve(args) => serve::run(args),
        Command::New(args) => new_deck(args),
        Command::Themes(args) => themes(args),
        Command::Report(args) => report(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn print_diagnostics(diags: &[Diagnostic]) {
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

fn plural(n: usize) -> &'static str {
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
                message: format!("unknown format `{s}` (formats: html, pdf, handout, notes, json)"),
            })
        })
        .collect()
}

fn build(args: cli::BuildArgs) -> Result<ExitCode, lectern::Error> {
    let started = Instant::now();
    let formats = parse_formats(&args.format)?;
    if formats
        .iter()
        .any(|f| matches!(f, Format::Pdf | Format::Handout | Format::Notes))
    {
        // Fonts and Typst's library load while the decks are parsed.
        std::thread::spawn(lectern::render::pdf::warm_up);
    }
    let loaded = lectern::load(&args.path)?;
    let mut builder = Builder::new();
    builder.theme_override = args.theme.clone();
    let terminal = std::io::stderr().is_terminal();
    if terminal && loaded.course.decks.len() > 1 {
        eprintln!(
            "building {} decks from {}",
            loaded.course.decks.len(),
            display_path(&args.path)
        );
    }
    let result = builder.build(&loaded, &formats);
    std::fs::create_dir_all(&args.out).map_err(|e| lectern::Error::io(&args.out, e))?;
    // One build at a time writes into a folder: another one would clear
    // this one's temporary files. The lock ends with the process.
    let _lock = output::lock_folder(&args.out).map_err(|e| lectern::Error::io(&args.out, e))?;
    output::clean_temporaries(&args.out);
    for artifact in &result.artifacts {
        output::write_atomic(&args.out, &artifact.name, &artifact.bytes)
            .map_err(|e| lectern::Error::io(&args.out.join(&artifact.name), e))?;
    }
    if let Some(dir) = &args.typst_dir {
        for deck in loaded.buildable() {
            let target = dir.join(&deck.stem);
            for artifact in builder.typst_sources(&loaded, deck) {
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
    }
    let mut diags = loaded.diagnostics.clone();
    diags.extend(result.diagnostics.iter().cloned());
    print_diagnostics(&diags);
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
    let skipped = loaded.course.decks.len() - result.decks;
    eprintln!(
        "built {} slides in {} ms ({} deck{}, {} file{} in {}){}",
        result.slides,
        started.elapsed().as_millis(),
        result.decks,
        plural(result.decks),
        result.artifacts.len(),
        plural(result.artifacts.len()),
        display_path(&args.out),
        if skipped > 0 {
            format!(
                "; {skipped} deck{} not built because of errors",
                plural(skipped)
            )
        } else {
            String::new()
        }
    );
    Ok(exit_for(&diags))
}

fn exit_for(diags: &[Diagnostic]) -> ExitCode {
    if diags.iter().any(|d| d.is_error()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn check(args: cli::CheckArgs) -> Result<ExitCode, lectern::Error> {
    let loaded = lectern::load(&args.path)?;
    let mut builder = Builder::new();
    builder.theme_override = args.theme;
    let mut diags = loaded.diagnostics.clone();
    diags.extend(builder.check(&loaded));
    print_diagnostics(&diags);
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

fn new_deck(args: cli::NewArgs) -> Result<ExitCode, lectern::Error> {
    if args.file.exists() && !args.force {
        return Err(lectern::Error {
            message: format!(
                "{} already exists (use --force to overwrite it)",
                args.file.display()
            ),
        });
    }
    if args.file.extension().is_none_or(|e| e != "md") {
        return Err(lectern::Error {
            message: format!("{}: a deck file ends in .md", args.file.display()),
        });
    }
    let mode = match args.mode {
        cli::ModeArg::F2f => "f2f",
        cli::ModeArg::Online => "online",
    };
    let title = toml::Value::String(args.title.clone()).to_string();
    let deck = format!(
        "+++\ntitle = {title}\nsession = {session}\nmode = \"{mode}\"\nduration = 90\n+++\n\n\
# {heading} {{.title}}\n\nSessie {session}\n\n???\nWelkom. What the trainers say and do at the start goes here, after `???`.\n\n\
---\n\n## Afspraken {{.agreements time=5}}\n\n1. Elkaar respecteren\n2. Vertrouwelijkheid\n\n???\nNotes for the trainer: never shown to the group.\n\n\
---\n\n## Definitie {{.definition time=5}}\n\n“A definition to project.”\n\n\
---\n\n## Groepsoefening {{.exercise time=20}}\n\n- A question for the group?\n- Another question?\n\n\
---\n\n## Thuisopdracht {{.assignment lines=10}}\n\nWhat participants do at home; the workbook gives them room to write.\n",
        session = args.session,
        heading = args.title.replace('{', "\\{"),
    );
    if let Some(dir) = args.file.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| lectern::Error::io(dir, e))?;
    }
    let dir = args
        .file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    output::write_atomic(dir, &name, deck.as_bytes())
        .map_err(|e| lectern::Error::io(&args.file, e))?;
    eprintln!("wrote {}", display_path(&args.file));
    Ok(ExitCode::SUCCESS)
}

fn report(args: cli::ReportArgs) -> Result<ExitCode, lectern::Error> {
    let loaded = lectern::load(&args.path)?;
    let text = lectern::report::report(&loaded.course, args.all);
    if text.is_empty() {
        eprintln!(
            "no deliveries recorded for {} yet: present a deck from its presenter view under `lectern serve`, and the log lands in {}/delivery/",
            display_path(&args.path),
            lectern::report::STATE_DIR
        );
        return Ok(ExitCode::from(1));
    }
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn themes(args: cli::ThemesArgs) -> Result<ExitCode, lectern::Error> {
    let root = if args.path.is_dir() {
        args.path.clone()
    } else {
        Path::new(".").to_path_buf()
    };
    for name in lectern::theme::available(&root) {
        println!("{name:<14} {}", lectern::theme::describe(&name, &root));
    }
    Ok(ExitCode::SUCCESS)
}

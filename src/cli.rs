//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "lectern",
    version,
    about = "Markdown decks to HTML slides with a presenter view, PDF slides, participant workbooks and trainer notes — offline."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build HTML slides, PDFs and JSON (and on request PNG or PowerPoint) from a course folder or one deck.
    Build(BuildArgs),
    /// Check decks for mistakes without writing anything.
    Check(CheckArgs),
    /// Serve a course with live reload and a presenter view.
    Serve(ServeArgs),
    /// Start a course: course.toml, a starter deck per session, a .gitignore.
    Init(InitArgs),
    /// Write a starter deck in the course's language.
    New(NewArgs),
    /// List the themes a course can use.
    Themes(ThemesArgs),
    /// Planned against actual minutes per slide, from the delivery logs the
    /// presenter view recorded under `lectern serve`.
    Report(ReportArgs),
    /// Convert Marp, reveal.js, Slidev, Quarto, presenterm or PowerPoint
    /// decks into lectern decks (with their images), then check them.
    Import(ImportArgs),
    /// A language server for editors (LSP over stdio): diagnostics as you
    /// type, hovers, completion, the slide outline, and a preview under
    /// `lectern serve` that follows the cursor. See docs/editors.md.
    Lsp(LspArgs),
    /// The live server's compiles, in a process of their own that `serve`
    /// starts and can stop (not for people: it reads requests on stdin).
    #[command(hide = true)]
    RenderWorker(RenderWorkerArgs),
}

#[derive(Args)]
pub struct RenderWorkerArgs {
    /// The course folder or deck `serve` was given.
    pub path: PathBuf,
    #[arg(long)]
    pub theme: Option<String>,
    /// Run below the server's priority (the PDF worker).
    #[arg(long)]
    pub low_priority: bool,
}

#[derive(Args)]
pub struct LspArgs {
    /// Accepted for editors that pass it; stdio is the only transport.
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FromArg {
    /// Tell from the deck itself: front matter keys, `.qmd`, comment commands.
    Auto,
    /// Marp / Marpit (`marp: true`).
    Marp,
    /// reveal.js Markdown and reveal-md.
    Reveal,
    /// Slidev (`slides.md`).
    Slidev,
    /// Quarto reveal.js (`.qmd`) and pandoc slide Markdown.
    Quarto,
    /// presenterm.
    Presenterm,
    /// PowerPoint (`.pptx`, also as written by Google Slides, Keynote,
    /// LibreOffice and `lectern build --format pptx`).
    Pptx,
}

#[derive(Args)]
pub struct ImportArgs {
    /// The decks to convert (each becomes DIR/<stem>.md).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Which tool the decks were written for.
    #[arg(long, value_enum, default_value = "auto")]
    pub from: FromArg,
    /// Where to write the lectern decks and their images [default: the
    /// current folder when it holds course.toml, else decks/].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Session number of the first deck; each further deck gets the next one.
    #[arg(long)]
    pub session: Option<u32>,
    /// Whether the sessions are given in a room or online.
    #[arg(long, value_enum, default_value = "f2f")]
    pub mode: ModeArg,
    /// Overwrite decks and images that already exist in DIR.
    #[arg(long)]
    pub force: bool,
    /// reveal.js: the pattern between slides (a regular expression, as in
    /// reveal-md), over the deck's front matter and reveal-md.json.
    #[arg(long, value_name = "PATTERN")]
    pub separator: Option<String>,
    /// reveal.js: the pattern between vertical slides.
    #[arg(long, value_name = "PATTERN")]
    pub vertical_separator: Option<String>,
    /// The lectern deck a PowerPoint file was built from: the import is
    /// written beside it (`<stem>.imported.md`) and the differences are
    /// printed as a Markdown diff.
    #[arg(long, value_name = "DECK")]
    pub onto: Option<PathBuf>,
    /// How to print diagnostics: `human`, or `json` (one object per line).
    #[arg(long, value_enum, default_value = "human")]
    pub message_format: MessageFormat,
}

#[derive(Args)]
pub struct ReportArgs {
    /// A course folder (with course.toml) or a single .md deck [default: the
    /// current folder when it holds course.toml or decks, else decks/].
    pub path: Option<PathBuf>,
    /// Every recorded delivery side by side, not only the latest.
    #[arg(long)]
    pub all: bool,
    /// A page of bars instead (planned, latest, the spread over every
    /// delivery), on standard output: `lectern report --html > report.html`.
    #[arg(long)]
    pub html: bool,
}

#[derive(Args)]
pub struct BuildArgs {
    /// A course folder (with course.toml) or a single .md deck [default: the
    /// current folder when it holds course.toml or decks, else decks/].
    pub path: Option<PathBuf>,
    /// Where to write the outputs [default: out/ in the course folder].
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Comma-separated formats: html, pdf, handout, notes, json (default: all
    /// of these), png (one image per projected page) and pptx (PowerPoint,
    /// one slide per projected page, speaker notes in the notes pages).
    #[arg(long, short, value_delimiter = ',')]
    pub format: Vec<String>,
    /// Use this theme for every deck in this run (e.g. projector in a bright room).
    #[arg(long)]
    pub theme: Option<String>,
    /// Print how long each stage took for each deck.
    #[arg(long)]
    pub timings: bool,
    /// Decide every slide's fitting again: neither read nor write the
    /// decisions a build keeps in OUT/.lectern-fits (without it, only
    /// slides that changed since the last build are decided anew).
    #[arg(long)]
    pub no_cache: bool,
    /// Also write a trace of where the build spent its time (Typst's
    /// evaluation, layout and export, and lectern's own stages) to FILE,
    /// as JSON for chrome://tracing or ui.perfetto.dev.
    #[arg(long, value_name = "FILE")]
    pub trace: Option<std::path::PathBuf>,
    /// Also write the Typst template and data each deck's slides compile
    /// from, into DIR/<stem>/ (for theme authors and engine comparisons).
    #[arg(long, value_name = "DIR")]
    pub typst_dir: Option<std::path::PathBuf>,
    /// Width of PNG pages in pixels (with --format png).
    #[arg(long, default_value_t = 1920, value_parser = clap::value_parser!(u32).range(160..=7680))]
    pub png_width: u32,
    /// No progress line while building.
    #[arg(long, short)]
    pub quiet: bool,
    /// How to print diagnostics: `human`, or `json` (one object per line,
    /// for editors and CI).
    #[arg(long, value_enum, default_value = "human")]
    pub message_format: MessageFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    Human,
    Json,
}

#[derive(Args)]
pub struct CheckArgs {
    /// A course folder (with course.toml) or a single .md deck [default: the
    /// current folder when it holds course.toml or decks, else decks/].
    pub path: Option<PathBuf>,
    /// Check legibility in this theme instead of the decks' own.
    #[arg(long)]
    pub theme: Option<String>,
    /// Check for this room: the image height and the farthest viewer's
    /// distance in metres (e.g. 1.5,10.5), over `room` in course.toml.
    #[arg(long, value_name = "HEIGHT,DISTANCE", value_parser = lectern::config::Room::parse)]
    pub room: Option<lectern::config::Room>,
    /// How to print diagnostics: `human`, or `json` (one object per line).
    #[arg(long, value_enum, default_value = "human")]
    pub message_format: MessageFormat,
}

#[derive(Args)]
pub struct ServeArgs {
    /// A course folder (with course.toml) or a single .md deck [default: the
    /// current folder when it holds course.toml or decks, else decks/].
    pub path: Option<PathBuf>,
    /// Address to listen on; 0.0.0.0 lets participants' devices in the room connect.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port to listen on; when taken, the next free one is used.
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Open the course in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Use this theme for every deck while serving.
    #[arg(long)]
    pub theme: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ModeArg {
    /// Face to face, in a room.
    F2f,
    /// Online, by screen share.
    Online,
}

#[derive(Args)]
pub struct NewArgs {
    /// The deck file to create, e.g. decks/13-extra.md.
    pub file: PathBuf,
    /// The session's title, as the slides and the workbook show it.
    #[arg(long)]
    pub title: String,
    /// The session's number in the course (sets the order).
    #[arg(long)]
    pub session: u32,
    /// Whether the session is given in a room or online.
    #[arg(long, value_enum, default_value = "f2f")]
    pub mode: ModeArg,
    /// The language of the sample text [default: the course's, from the
    /// course.toml beside the file, else en].
    #[arg(long)]
    pub language: Option<String>,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub struct InitArgs {
    /// The folder to start the course in (made if missing).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The course's title.
    #[arg(long)]
    pub title: String,
    /// The course's language: nl or en (labels, sample text, hyphenation).
    #[arg(long, default_value = "en")]
    pub language: String,
    /// How many starter decks to write, one per session.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=50))]
    pub sessions: u32,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub struct ThemesArgs {
    /// A course folder, to include its own themes [default: as for build].
    pub path: Option<PathBuf>,
}

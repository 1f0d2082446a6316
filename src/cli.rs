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
    /// Build HTML slides, PDFs and JSON from a course folder or one deck.
    Build(BuildArgs),
    /// Check decks for mistakes without writing anything.
    Check(CheckArgs),
    /// Serve a course with live reload and a presenter view.
    Serve(ServeArgs),
    /// Write a starter deck.
    New(NewArgs),
    /// List the themes a course can use.
    Themes(ThemesArgs),
    /// Planned against actual minutes per slide, from the delivery logs the
    /// presenter view recorded under `lectern serve`.
    Report(ReportArgs),
}

#[derive(Args)]
pub struct ReportArgs {
    /// A course folder (with course.toml) or a single .md deck.
    #[arg(default_value = "decks")]
    pub path: PathBuf,
    /// Every recorded delivery side by side, not only the latest.
    #[arg(long)]
    pub all: bool,
}

#[derive(Args)]
pub struct BuildArgs {
    /// A course folder (with course.toml) or a single .md deck.
    #[arg(default_value = "decks")]
    pub path: PathBuf,
    /// Where to write the outputs.
    #[arg(long, short, default_value = "out")]
    pub out: PathBuf,
    /// Comma-separated formats: html, pdf, handout, notes, json (default: all).
    #[arg(long, short, value_delimiter = ',')]
    pub format: Vec<String>,
    /// Use this theme for every deck in this run (e.g. projector in a bright room).
    #[arg(long)]
    pub theme: Option<String>,
    /// Print how long each stage took for each deck.
    #[arg(long)]
    pub timings: bool,
    /// Also write the Typst template and data each deck's slides compile
    /// from, into DIR/<stem>/ (for theme authors and engine comparisons).
    #[arg(long, value_name = "DIR")]
    pub typst_dir: Option<std::path::PathBuf>,
}

#[derive(Args)]
pub struct CheckArgs {
    /// A course folder (with course.toml) or a single .md deck.
    #[arg(default_value = "decks")]
    pub path: PathBuf,
    /// Check legibility in this theme instead of the decks' own.
    #[arg(long)]
    pub theme: Option<String>,
}

#[derive(Args)]
pub struct ServeArgs {
    /// A course folder (with course.toml) or a single .md deck.
    #[arg(default_value = "decks")]
    pub path: PathBuf,
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
    F2f,
    Online,
}

#[derive(Args)]
pub struct NewArgs {
    /// The deck file to create, e.g. decks/13-extra.md.
    pub file: PathBuf,
    #[arg(long)]
    pub title: String,
    #[arg(long)]
    pub session: u32,
    #[arg(long, value_enum)]
    pub mode: ModeArg,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

#[derive(Args)]
pub struct ThemesArgs {
    /// A course folder, to include its own themes.
    #[arg(default_value = "decks")]
    pub path: PathBuf,
}

//! lectern: Markdown decks → deck model → fitted pages → HTML slides, PDF
//! slides, workbook, trainer script, PNG and PowerPoint.
//!
//! The pipeline is pure: it reads the course folder and returns artifacts,
//! diagnostics and the files it read. It prints nothing and writes
//! nothing; the CLI writes artifacts to disk, the live server (in the
//! binary, `src/serve/`) keeps them in memory. `docs/architecture.md`
//! draws the whole picture.
//!
//! The modules, lowest layer first (a module imports only from layers
//! below its own; `tests/layers.rs` holds the tree to this):
//!
//! | layer | modules | what they own |
//! |---|---|---|
//! | 0 | `diag`, `files`, `bounds` | positions, diagnostics, errors, how paths are shown; bounded reads inside the course; a process's time and memory bounds |
//! | 1 | `deck`, `target` | the deck model: pure data; outputs and their names |
//! | 2 | `text`, `images` | the bundled fonts' metrics and coverage; the words outputs add; picture checks, pictures without metadata |
//! | 3 | `typeset`, `config` | Typst in-process; `course.toml` and front matter |
//! | 4 | `theme` | themes, and the template contract with Typst |
//! | 5 | `course`, `parse`, `lint` | the course; Markdown → model; checks |
//! | 6 | `load`, `report` | reading a course from disk; delivery logs |
//! | 7 | `fit` | fitting: bounds, measuring, decisions kept, pages |
//! | 8 | `render`, `output` | model + pages → each format; writing files |
//! | 9 | `build` | the builder: themes, dispatch, jobs, diagnostics |
//! | 10 | `import`, `starter` | other tools' decks; a new course |

pub mod bounds;
pub mod build;
pub mod config;
pub mod course;
pub mod deck;
pub mod diag;
pub mod files;
pub mod fit;
pub mod images;
pub mod import;
pub mod lint;
pub mod load;
pub mod output;
pub mod parse;
pub mod render;
pub mod report;
pub mod starter;
pub mod target;
pub mod text;
pub mod theme;
pub mod typeset;

pub use build::{BuildOutput, Builder, Progress, Rendered, Timing};
pub use diag::{display_path, Error};
pub use fit::LaidOutDeck;
pub use load::{load, Loaded, Watched, MAX_DECK_BYTES};
pub use target::{Artifact, Format, Target};

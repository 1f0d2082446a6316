//! Every integration test in one test program: the Typst tree is linked
//! once instead of once per file, and cargo runs all the tests on every
//! core at once instead of one file after another (about half the time of
//! a fresh clone's `bash tests/run.sh`). Filter by file with the module
//! name: `cargo test --release --test suite serve::`.

mod common;

mod bounds;
mod browser;
mod bundled_course;
mod cli;
mod commonmark;
mod documents;
mod fit;
mod fit_browser;
mod fuzz;
mod import;
mod import_fixes;
mod import_pptx;
mod layers;
mod lsp;
mod markdown;
mod pairing;
mod png;
mod pptx;
mod robustness;
mod room;
mod serve;
mod themes;
mod typst_injection;

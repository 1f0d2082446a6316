//! The export formats not in the default list, on the generated 40-slide
//! deck of `pipeline.rs`: `--format pptx` (target 50 ms) and `--format
//! png` at 1920 × 1080 (target 1 s on 2 cores). Each stage is timed after
//! the deck is fitted (fitting is shared by every format of a build), and
//! the whole in-process path from the Markdown file as well.
//! Run: `cargo bench --bench export`. Prints medians; the README quotes them.

#[allow(dead_code)]
#[path = "pipeline.rs"]
mod pipeline;

use std::time::{Duration, Instant};

use lectern::fit::paginate;
use lectern::render::{pdf::PdfEngine, pptx, typst::LaidOut};

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let dir = std::env::temp_dir().join(format!("lectern-bench-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("deck40.md");
    std::fs::write(&file, pipeline::deck(40, "Wat is")).unwrap();
    let theme = lectern::theme::builtin("default").unwrap();
    let print = lectern::theme::builtin("print").unwrap();
    let mut engine = PdfEngine::new();
    let (mut write, mut whole, mut png, mut png_whole) = (vec![], vec![], vec![], vec![]);
    let mut bytes = 0;
    let mut pages_n = 0;
    for run in 0..11 {
        let t = Instant::now();
        let loaded = lectern::load(&file).unwrap();
        let d = &loaded.course.decks[0];
        let fitted = lectern::fit::measure::decide(&mut engine, &loaded.course, d, &theme, &[]);
        let pages = paginate(d, &fitted.fits, theme.sizes.body);
        let t_write = Instant::now();
        let (pptx, diags) = pptx::deck(&loaded.course, d, &pages, &theme, &print);
        let done = Instant::now();
        assert!(diags.is_empty(), "{diags:?}");
        bytes = pptx.expect("a PPTX").len();
        pages_n = pages.len();
        write.push(done - t_write);
        whole.push(done - t);
        // PNG: fewer runs, it is the heavy one.
        if run < 5 {
            let t_png = Instant::now();
            let (images, diags) = engine.render_png(
                &loaded.course,
                &[LaidOut {
                    deck: d,
                    pages: &pages,
                }],
                &theme,
                1920,
            );
            let end = Instant::now();
            assert!(diags.is_empty() && images.len() == pages.len());
            png.push(end - t_png);
            png_whole.push(end - t_png + (t_write - t));
        }
    }
    println!("40-slide deck, {pages_n} pages; medians");
    println!("| what | after fitting | whole path from the .md (load, fit, export) |");
    println!("|---|---|---|");
    println!(
        "| PPTX ({} KB) | {:.1} ms | {:.1} ms |",
        bytes / 1024,
        median(write),
        median(whole)
    );
    println!(
        "| PNG, 1920 × 1080 | {:.0} ms | {:.0} ms |",
        median(png),
        median(png_whole)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

//! Per-stage timings of the pipeline on generated decks of 10, 100 and
//! 1000 slides: parse, HTML, Typst data, Typst layout, PDF export, and a
//! warm rebuild: through the engine alone after a word changed in every
//! slide's title, and through lectern's builder as `lectern serve` runs it
//! (which keeps each slide's fitting) after an author's one-word edit of
//! one slide. Run: `cargo bench --bench pipeline`.
//! Prints medians; the README's performance section quotes them.

use std::time::{Duration, Instant};

use lectern::fit::paginate;
use lectern::render::{html, pdf::PdfEngine, typst::Document, typst::LaidOut};

/// A deck like the course's: a titled slide with five Dutch bullets
/// (✓ ➔ → „” ë ï), a quote and a link on every slide.
pub fn deck(slides: usize, word: &str) -> String {
    let mut md = String::from("+++\ntitle = \"Benchmark\"\nsession = 1\nmode = \"f2f\"\n+++\n\n");
    for i in 0..slides {
        if i > 0 {
            md.push_str("\n---\n\n");
        }
        md.push_str(&format!(
            "## Dia {i}: {word} mentaliseren {{.list time=1}}\n\n\
             - ✓ Gevoelens, gedachten, behoeften en wensen\n\
             - ➔ ZELF: hoe we weten wat we voelen\n\
             - → ANDER: wat iemand anders „voelt” of denkt\n\
             - Nieuwsgierig, geïnteresseerd, naïef\n\
             - Zie [de uitleg](https://example.org/{i})\n\n\
             > “Jezelf van buitenaf en de ander van binnenuit zien.”\n\n\
             ???\nNotities voor de trainer bij dia {i}.\n"
        ));
    }
    md
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let dir = std::env::temp_dir().join(format!("lectern-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    println!("| slides | pages | parse | fit | HTML | layout | PDF export | total to PDF | warm edit: fit + layout + export | warm edit as `serve` runs it: one new word in one slide (fit, layout, export) |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut engine = PdfEngine::new();
    for (slides, runs) in [(10, 9), (40, 9), (100, 7), (1000, 3)] {
        let file = dir.join(format!("deck{slides}.md"));
        std::fs::write(&file, deck(slides, "Wat is")).unwrap();
        let (mut parse, mut fit, mut htm, mut layout, mut export, mut total, mut warm) =
            (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
        let mut served: Vec<(Duration, [Duration; 3])> = vec![];
        let mut builder = lectern::Builder::new();
        let target = lectern::Target::Deck {
            stem: format!("deck{slides}"),
            format: lectern::Format::Pdf,
        };
        let mut page_count = 0;
        for run in 0..runs {
            let t = Instant::now();
            let loaded = lectern::load(&file).unwrap();
            parse.push(t.elapsed());
            let d = &loaded.course.decks[0];
            let theme = lectern::theme::builtin("default").unwrap();
            // Cold: a fresh engine and an emptied Typst cache.
            typst::comemo::evict(0);
            let mut cold = PdfEngine::new();
            let t = Instant::now();
            let fitted = lectern::fit::measure::decide(&mut cold, &loaded.course, d, &theme, &[]);
            let pages = paginate(d, &fitted.fits, theme.sizes.body);
            fit.push(t.elapsed());
            page_count = pages.len();
            let t0 = Instant::now();
            std::hint::black_box(html::deck_page(&loaded.course, d, &pages, &theme));
            htm.push(t0.elapsed());
            let r = cold.render(
                &loaded.course,
                &[LaidOut {
                    deck: d,
                    pages: &pages,
                }],
                Document::Slides,
                &theme,
            );
            total.push(t.elapsed().checked_sub(htm[run]).unwrap() + parse[run]);
            assert!(r.pdf.is_some() && r.pages == pages.len());
            layout.push(r.layout);
            export.push(r.export);
            // Warm: the long-lived engine, after a one-word change.
            engine.render_deck(&loaded.course, d, Document::Slides, &theme);
            std::fs::write(
                &file,
                deck(slides, if run % 2 == 0 { "Waarom" } else { "Wat is" }),
            )
            .unwrap();
            let edited = lectern::load(&file).unwrap();
            let t = Instant::now();
            engine.render_deck(
                &edited.course,
                &edited.course.decks[0],
                Document::Slides,
                &theme,
            );
            warm.push(t.elapsed());
            // The builder, as the live server uses it after an author's
            // save: the previous version rendered, then one new word in one
            // slide's title (a word Typst has not seen before).
            let one_word = |n: usize| {
                deck(slides, "Wat is").replacen("Dia 7:", &format!("Dia 7 {run}x{n}:"), 1)
            };
            std::fs::write(&file, one_word(0)).unwrap();
            let before = lectern::load(&file).unwrap();
            builder.render_one(&before, &target);
            std::fs::write(&file, one_word(1)).unwrap();
            let edited = lectern::load(&file).unwrap();
            let t = Instant::now();
            let r = builder.render_one(&edited, &target);
            let took = t.elapsed();
            assert!(r.bytes.is_some());
            let stage = |name: &str| {
                r.timings
                    .iter()
                    .filter(|(s, _)| s.trim() == name)
                    .map(|(_, d)| *d)
                    .sum::<Duration>()
            };
            served.push((took, [stage("fit"), stage("layout"), stage("export")]));
        }
        served.sort_by_key(|(t, _)| *t);
        let (took, [f, l, e]) = served[served.len() / 2];
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "| {slides} | {page_count} | {:.2} ms | {:.1} ms | {:.2} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms ({:.1}, {:.1}, {:.1}) |",
            median(parse),
            median(fit),
            median(htm),
            median(layout),
            median(export),
            median(total),
            median(warm),
            ms(took),
            ms(f),
            ms(l),
            ms(e)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

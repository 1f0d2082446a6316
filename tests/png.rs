//! `--format png`: one image per projected page, the same pages as the
//! slides PDF (compared with poppler's rendering of that PDF, downscaled).

mod common;

use common::*;

fn pixels(png: &[u8]) -> image::RgbImage {
    let img = image::load_from_memory(png).unwrap().to_rgb8();
    image::imageops::resize(&img, 192, 108, image::imageops::FilterType::Triangle)
}

#[test]
fn png_pages_are_the_pdf_pages() {
    let dir = scratch("png");
    copy_tree(&fixtures().join("sample"), &dir.join("c"));
    let run = lectern(
        &[
            "build",
            "c",
            "--out",
            "o",
            "--format",
            "pdf,png",
            "--png-width",
            "960",
        ],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.join("o");
    let mut pngs: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with("01-first.") && n.ends_with(".png"))
        .collect();
    pngs.sort();
    assert_eq!(pngs.first().map(String::as_str), Some("01-first.001.png"));
    let first = image::load_from_memory(&std::fs::read(out.join(&pngs[0])).unwrap()).unwrap();
    assert_eq!(
        (first.width(), first.height()),
        (960, 540),
        "--png-width, 16:9"
    );
    let Some(pages) = pdf_pages(&out.join("01-first.pdf")) else {
        return; // no poppler here
    };
    assert_eq!(pngs.len(), pages, "one PNG per PDF page");
    let Some(pdftoppm) = tool("pdftoppm") else {
        return;
    };
    for (i, name) in pngs.iter().enumerate() {
        let prefix = dir.join(format!("page{}", i + 1));
        let ok = std::process::Command::new(&pdftoppm)
            .args([
                "-png",
                "-singlefile",
                "-scale-to-x",
                "192",
                "-scale-to-y",
                "108",
                "-f",
                &(i + 1).to_string(),
                "-l",
                &(i + 1).to_string(),
            ])
            .arg(out.join("01-first.pdf"))
            .arg(&prefix)
            .status()
            .unwrap();
        assert!(ok.success());
        let theirs = image::open(prefix.with_extension("png")).unwrap().to_rgb8();
        let ours = pixels(&std::fs::read(out.join(name)).unwrap());
        let theirs =
            image::imageops::resize(&theirs, 192, 108, image::imageops::FilterType::Triangle);
        let diff: f64 = ours
            .pixels()
            .zip(theirs.pixels())
            .map(|(a, b)| {
                a.0.iter()
                    .zip(b.0.iter())
                    .map(|(x, y)| (*x as f64 - *y as f64).abs())
                    .sum::<f64>()
            })
            .sum::<f64>()
            / (192.0 * 108.0 * 3.0);
        assert!(
            diff < 8.0,
            "{name} differs from PDF page {}: mean difference {diff:.1}/255",
            i + 1
        );
    }
}

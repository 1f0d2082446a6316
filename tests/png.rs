//! `--format png`: one image per projected page, the same pages as the
//! slides PDF (compared with poppler's rendering of that PDF, downscaled).

use crate::common;

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
    let first =
        image::load_from_memory(&std::fs::read(out.join("01-first.001.png")).unwrap()).unwrap();
    assert_eq!(
        (first.width(), first.height()),
        (960, 540),
        "--png-width, 16:9"
    );
    let mut compared = 0;
    for stem in ["01-first", "02-second"] {
        let mut pngs: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with(&format!("{stem}.")) && n.ends_with(".png"))
            .collect();
        pngs.sort();
        assert_eq!(
            pngs.first().map(String::as_str),
            Some(format!("{stem}.001.png").as_str())
        );
        let Some(pages) = pdf_pages(&out.join(format!("{stem}.pdf"))) else {
            return; // no poppler here
        };
        assert_eq!(pngs.len(), pages, "{stem}: one PNG per PDF page");
        let Some(pdftoppm) = tool("pdftoppm") else {
            return;
        };
        let theirs: Vec<image::RgbImage> = (1..=pages)
            .map(|n| {
                let prefix = dir.join(format!("{stem}-page{n}"));
                let ok = std::process::Command::new(&pdftoppm)
                    .args([
                        "-png",
                        "-singlefile",
                        "-scale-to-x",
                        "192",
                        "-scale-to-y",
                        "108",
                    ])
                    .args(["-f", &n.to_string(), "-l", &n.to_string()])
                    .arg(out.join(format!("{stem}.pdf")))
                    .arg(&prefix)
                    .status()
                    .unwrap();
                assert!(ok.success());
                let img = image::open(prefix.with_extension("png")).unwrap().to_rgb8();
                image::imageops::resize(&img, 192, 108, image::imageops::FilterType::Triangle)
            })
            .collect();
        let ours: Vec<image::RgbImage> = pngs
            .iter()
            .map(|name| pixels(&std::fs::read(out.join(name)).unwrap()))
            .collect();
        for (i, name) in pngs.iter().enumerate() {
            let d = diff(&ours[i], &theirs[i]);
            assert!(
                d < 8.0,
                "{name} differs from PDF page {}: mean difference {d:.1}/255",
                i + 1
            );
            compared += 1;
        }
        // The comparison tells pages apart: against the next page, some
        // image differs by more than the threshold.
        if pages > 1 {
            let worst = (0..pages - 1)
                .map(|i| diff(&ours[i], &theirs[i + 1]))
                .fold(0.0, f64::max);
            assert!(
                worst >= 8.0,
                "{stem}: neighbouring pages look alike ({worst:.1}), the check proves nothing"
            );
        }
    }
    assert!(compared >= 10, "{compared} pages compared");
}

/// Mean absolute difference per channel, 0 to 255.
fn diff(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    a.pixels()
        .zip(b.pixels())
        .map(|(a, b)| {
            a.0.iter()
                .zip(b.0.iter())
                .map(|(x, y)| (f64::from(*x) - f64::from(*y)).abs())
                .sum::<f64>()
        })
        .sum::<f64>()
        / (192.0 * 108.0 * 3.0)
}

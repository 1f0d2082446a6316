//! The package's pictures (`ppt/media/`): course images as PowerPoint
//! shows them and the QR codes of videos, each stored once.

use std::collections::HashMap;

use super::package::Part;
use crate::course::Course;

/// Images and QR codes, each stored once in `ppt/media/`.
#[derive(Default)]
pub struct Media {
    /// By source (a course file or a QR code's URL): part name, size in
    /// pixels, and the SVG's part name when the picture is an SVG.
    parts: HashMap<String, Option<Picture>>,
    files: Vec<(String, Vec<u8>)>,
}

#[derive(Clone)]
pub struct Picture {
    pub png: String,
    pub svg: Option<String>,
    pub size: (f64, f64),
}

impl Media {
    /// The file extensions of the pictures stored, in their order (for
    /// the content types).
    pub fn extensions(&self) -> Vec<&str> {
        self.files
            .iter()
            .map(|(n, _)| n.rsplit('.').next().unwrap_or(""))
            .collect()
    }

    /// The pictures as parts of the package (`ppt/media/…`).
    pub fn into_parts(self) -> Vec<Part> {
        self.files
            .into_iter()
            .map(|(n, b)| (format!("ppt/media/{n}"), b))
            .collect()
    }

    pub fn add(&mut self, ext: &str, bytes: Vec<u8>) -> String {
        let name = format!("image{}.{ext}", self.files.len() + 1);
        self.files.push((name.clone(), bytes));
        name
    }

    /// A course image as a picture PowerPoint shows: PNG, JPEG and GIF as
    /// they are, WebP converted to PNG, SVG kept with a PNG beside it
    /// (PowerPoint 2016 and later draw the SVG, other readers the PNG).
    pub fn image(&mut self, course: &Course, file: &str) -> Result<Picture, String> {
        if let Some(found) = self.parts.get(file) {
            return found
                .clone()
                .ok_or_else(|| "it could not be read".to_string());
        }
        let result = self.load(course, file);
        self.parts.insert(file.to_string(), result.clone().ok());
        result
    }

    pub fn load(&mut self, course: &Course, file: &str) -> Result<Picture, String> {
        let path = course.root.join(file);
        let bytes = crate::files::read_in_course(&course.root, &path, crate::images::MAX_BYTES)
            .map_err(|e| format!("cannot read it: {e}"))?;
        let lower = file.to_ascii_lowercase();
        if lower.ends_with(".svg") {
            let (png, size) = svg_to_png(&path, &bytes)?;
            let svg = self.add("svg", bytes);
            let png = self.add("png", png);
            return Ok(Picture {
                png,
                svg: Some(svg),
                size,
            });
        }
        // What a camera wrote (place, time) stays out of the file.
        let bytes = crate::images::without_metadata(&bytes).into_owned();
        let format = image::guess_format(&bytes).map_err(|e| e.to_string())?;
        let reader = image::ImageReader::with_format(std::io::Cursor::new(&bytes), format);
        let (w, h) = reader.into_dimensions().map_err(|e| e.to_string())?;
        let size = (f64::from(w.max(1)), f64::from(h.max(1)));
        let name = match format {
            image::ImageFormat::Png => self.add("png", bytes),
            image::ImageFormat::Jpeg => self.add("jpeg", bytes),
            image::ImageFormat::Gif => self.add("gif", bytes),
            _ => {
                // WebP and the like: PowerPoint before 365 cannot show them.
                let decoded = image::load_from_memory(&bytes).map_err(|e| e.to_string())?;
                let mut png = Vec::new();
                decoded
                    .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
                    .map_err(|e| e.to_string())?;
                self.add("png", png)
            }
        };
        Ok(Picture {
            png: name,
            svg: None,
            size,
        })
    }

    /// The QR code of a link as a crisp PNG (black modules on white).
    pub fn qr(&mut self, url: &str) -> Option<Picture> {
        let key = format!("qr:{url}");
        if let Some(found) = self.parts.get(&key) {
            return found.clone();
        }
        let picture = qr_png(url).map(|png| Picture {
            png: self.add("png", png),
            svg: None,
            size: (1.0, 1.0),
        });
        self.parts.insert(key, picture.clone());
        picture
    }
}

/// The longest side of the PNG drawn for an SVG: a drawing of 60,000 units
/// square would otherwise ask for a 14 GB pixmap.
const MAX_SVG_PIXELS: f64 = 4000.0;

/// An SVG drawn to PNG (at least 1200 pixels on its longer side, at most
/// `MAX_SVG_PIXELS`) with the bundled fonts for its text, and its size in
/// points. Parsed as every output parses a course's SVG (`images::
/// parse_svg`): bounded, and loading pictures only from its own folder.
pub fn svg_to_png(path: &std::path::Path, data: &[u8]) -> Result<(Vec<u8>, (f64, f64)), String> {
    use std::sync::{Arc, OnceLock};
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    let fontdb = FONTS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for face in crate::text::fonts::bundled() {
            db.load_font_data(face.to_vec());
        }
        db.set_sans_serif_family(crate::text::fonts::HOUSE_FAMILY);
        Arc::new(db)
    });
    let mut options = crate::images::svg_options(path);
    options.fontdb = fontdb.clone();
    let tree = crate::images::parse_svg_with(data, &options)?;
    let size = tree.size();
    let (w, h) = (f64::from(size.width()), f64::from(size.height()));
    let scale = (1200.0 / w.max(h))
        .clamp(1.0, 8.0)
        .min(MAX_SVG_PIXELS / w.max(h));
    let (pw, ph) = ((w * scale).ceil() as u32, (h * scale).ceil() as u32);
    let mut pixmap =
        resvg::tiny_skia::Pixmap::new(pw.max(1), ph.max(1)).ok_or("the picture has no size")?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale as f32, scale as f32),
        &mut pixmap.as_mut(),
    );
    let png = pixmap.encode_png().map_err(|e| e.to_string())?;
    Ok((png, (w.max(1.0), h.max(1.0))))
}

pub fn qr_png(url: &str) -> Option<Vec<u8>> {
    let code =
        qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).ok()?;
    let n = code.width();
    let (scale, quiet) = (8u32, 4usize);
    let side = (n + 2 * quiet) as u32 * scale;
    let colors = code.to_colors();
    let img = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = ((x / scale) as usize, (y / scale) as usize);
        let dark = mx >= quiet
            && my >= quiet
            && mx - quiet < n
            && my - quiet < n
            && colors[(my - quiet) * n + (mx - quiet)] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .ok()?;
    Some(png)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pptx::test_support as t;

    #[test]
    fn a_picture_and_a_qr_code_are_stored_once() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>"#;
        let f = t::fixture_with("", &[("a.png", t::png(8, 4)), ("b.svg", svg.to_vec())]);
        let mut media = Media::default();
        let a = media.image(&f.course, "a.png").unwrap();
        assert_eq!((a.png.as_str(), a.size), ("image1.png", (8.0, 4.0)));
        assert_eq!(media.image(&f.course, "a.png").unwrap().png, a.png);
        let qr = media.qr("https://x.org").unwrap();
        assert_eq!(media.qr("https://x.org").unwrap().png, qr.png);
        // An SVG is kept, with a PNG beside it for readers without SVG.
        let b = media.image(&f.course, "b.svg").unwrap();
        assert_eq!(b.svg.as_deref(), Some("image3.svg"));
        assert_eq!((b.png.as_str(), b.size), ("image4.png", (40.0, 20.0)));
        assert!(media.image(&f.course, "gone.png").is_err());
        assert!(media.image(&f.course, "gone.png").is_err(), "and again");
        assert_eq!(media.extensions(), ["png", "png", "svg", "png"]);
        let names: Vec<String> = media.into_parts().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names[0], "ppt/media/image1.png");
        assert_eq!(names.len(), 4);
    }
}

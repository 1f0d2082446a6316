//! The images a deck links: which kinds lectern shows (one table for the
//! parser, the HTML and the server), and whether a file is one it can show
//! without exhausting memory. A file that fails here becomes a placeholder
//! with a positioned warning, so one bad image never costs a PDF.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// Decoded, an image of this many pixels takes 200 MB; a slide needs at
/// most about 4000 × 2250 (9 megapixels).
pub const MAX_PIXELS: u64 = 50_000_000;
/// Larger files are refused before they are read.
pub const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// The MIME type of an image lectern shows, by file name.
pub fn mime(file: &str) -> Option<&'static str> {
    let ext = file.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "svg" => Some("image/svg+xml"),
        "png" => Some("image/png"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        "gif" => Some("image/gif"),
        "webp" => Some("image/webp"),
        _ => None,
    }
}

type Stamp = (u64, Option<SystemTime>);
type Checked = HashMap<PathBuf, (Stamp, Result<(), String>)>;

/// Results by file and (length, modification time): a saved deck does not
/// decode its unchanged photos again.
static CHECKED: Mutex<Option<Checked>> = Mutex::new(None);

/// Whether lectern can show this image: readable, of the kind its name
/// says, within `MAX_BYTES` and `MAX_PIXELS` (from the header, before any
/// decoding), and decodable. The error says what to do.
pub fn check(path: &Path) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read it: {e}"))?;
    let stamp = (meta.len(), meta.modified().ok());
    let mut cache = CHECKED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((seen, result)) = cache.get_or_insert_with(HashMap::new).get(path) {
        if *seen == stamp {
            return result.clone();
        }
    }
    let result = inspect(path, meta.len());
    cache
        .get_or_insert_with(HashMap::new)
        .insert(path.to_path_buf(), (stamp, result.clone()));
    result
}

fn inspect(path: &Path, len: u64) -> Result<(), String> {
    if len > MAX_BYTES {
        return Err(format!(
            "it is {} MB; lectern shows images up to {} MB: save it smaller (a slide needs at most about 4000 × 2250 pixels)",
            len / (1024 * 1024),
            MAX_BYTES / (1024 * 1024)
        ));
    }
    let name = path.to_string_lossy();
    if mime(&name) == Some("image/svg+xml") {
        let data = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
        return usvg::Tree::from_data(&data, &usvg::Options::default())
            .map(|_| ())
            .map_err(|e| format!("it is not an SVG lectern can read ({e}); export it again from the drawing program"));
    }
    let mut head = [0u8; 64];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .map_err(|e| format!("cannot read it: {e}"))?;
    let Ok(format) = image::guess_format(&head[..read]) else {
        return Err(
            "it is not a PNG, JPEG, GIF or WebP image (the file's content is something else)"
                .into(),
        );
    };
    let open = || {
        image::ImageReader::open(path)
            .map(|mut r| {
                r.set_format(format);
                r
            })
            .map_err(|e| format!("cannot read it: {e}"))
    };
    let reader = open()?;
    let (w, h) = reader.into_dimensions().map_err(|e| {
        format!("its header cannot be read ({e}); the file is damaged: export it again")
    })?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "it is {w} × {h} pixels ({} megapixels); lectern shows images up to {} megapixels: scale it down (a slide needs at most about 4000 × 2250)",
            u64::from(w) * u64::from(h) / 1_000_000,
            MAX_PIXELS / 1_000_000
        ));
    }
    let mut reader = open()?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
    reader.limits(limits);
    reader
        .decode()
        .map(|_| ())
        .map_err(|e| format!("it cannot be decoded ({e}); the file is damaged: export it again"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str, bytes: &[u8]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("lectern-images-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// A PNG header claiming `w` × `h` pixels, with no pixel data.
    fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend(w.to_be_bytes());
        ihdr.extend(h.to_be_bytes());
        ihdr.extend([8, 6, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(13u32.to_be_bytes());
        png.extend(&ihdr);
        png.extend(crc32(&ihdr).to_be_bytes());
        // An empty IDAT: the decoder reads the header up to the data.
        png.extend(0u32.to_be_bytes());
        png.extend(b"IDAT");
        png.extend(crc32(b"IDAT").to_be_bytes());
        png
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn huge_damaged_and_mislabelled_images_are_refused_with_advice() {
        let huge = check(&scratch("huge.png", &png_header(60_000, 60_000))).unwrap_err();
        assert!(
            huge.contains("60000 × 60000") && huge.contains("scale it down"),
            "{huge}"
        );
        let damaged = check(&scratch("cut.png", &png_header(10, 10))).unwrap_err();
        assert!(damaged.contains("damaged"), "{damaged}");
        let text = check(&scratch("text.jpg", b"hello, not a picture")).unwrap_err();
        assert!(text.contains("not a PNG"), "{text}");
        let svg = check(&scratch("bad.svg", b"<svg")).unwrap_err();
        assert!(svg.contains("not an SVG"), "{svg}");
        let good = scratch(
            "ok.svg",
            br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#,
        );
        assert_eq!(check(&good), Ok(()));
    }
}

//! The images a deck links: which kinds lectern shows (one table for the
//! parser, the HTML and the server), and whether a file is one it can show
//! without exhausting memory. A file that fails here becomes a placeholder
//! with a positioned warning, so one bad image never costs a PDF.

mod metadata;

pub use metadata::without_metadata;
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
        let data = crate::files::read_bounded(path, MAX_BYTES)
            .map_err(|e| format!("cannot read it: {e}"))?;
        return parse_svg(path, &data).map(|_| ());
    }
    let mut head = [0u8; 64];
    // Only a regular file: a FIFO would block, a device never end.
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return Err("it is not a regular file (a folder, pipe or device)".into());
    }
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

/// The most filter primitives (blurs, shadows, …) an SVG may hold: each
/// is drawn over its whole area, and a few hundred take minutes.
const MAX_SVG_FILTERS: usize = 32;
/// The most text entity declarations may add to an SVG when expanded.
const MAX_SVG_EXPANSION: usize = 1 << 20;
/// The longest side an SVG may have against its shortest: a picture of
/// 0.0001 × 1,000,000 is scaled to a slide by a factor no renderer survives.
const MAX_SVG_ASPECT: f64 = 100.0;

/// Parses a picture's SVG as every output does: bounded in what it may
/// make lectern do (entities, filters, shape), and loading pictures it
/// refers to only from its own folder (`svg_options`).
pub fn parse_svg(path: &Path, data: &[u8]) -> Result<usvg::Tree, String> {
    let refused = std::sync::Arc::new(Mutex::new(Vec::new()));
    let tree = parse_svg_with(data, &svg_options_noting(path, Some(refused.clone())))?;
    let refused = refused
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !refused.is_empty() {
        return Err(format!(
            "it links pictures lectern does not load ({}): a linked picture must be a PNG, JPEG, GIF or WebP beside the SVG or below its folder; or embed it in the SVG",
            refused.join(", ")
        ));
    }
    Ok(tree)
}

/// `parse_svg` with options made by `svg_options` (a writer may add its fonts).
pub fn parse_svg_with(data: &[u8], options: &usvg::Options) -> Result<usvg::Tree, String> {
    guard_svg(data)?;
    let tree = usvg::Tree::from_data(data, options).map_err(|e| {
        format!("it is not an SVG lectern can read ({e}); export it again from the drawing program")
    })?;
    let (w, h) = (
        f64::from(tree.size().width()),
        f64::from(tree.size().height()),
    );
    if w.min(h) < 1.0 || w.max(h) / w.min(h) > MAX_SVG_ASPECT {
        return Err(format!(
            "it is {w} × {h} units, too thin to scale onto a slide; set its width and height (or viewBox) to the drawing's size"
        ));
    }
    Ok(tree)
}

/// Refuses what would make parsing or drawing an SVG run away: entity
/// declarations that expand to more than `MAX_SVG_EXPANSION` bytes (or
/// refer to other entities), and more than `MAX_SVG_FILTERS` filter
/// primitives.
fn guard_svg(data: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(data);
    let filters = text.matches("<fe").count();
    if filters > MAX_SVG_FILTERS {
        return Err(format!(
            "it has {filters} filter effects (lectern draws at most {MAX_SVG_FILTERS}); flatten the effects in the drawing program"
        ));
    }
    let mut expansion = 0usize;
    for decl in text.split("<!ENTITY").skip(1) {
        let decl = decl.split('>').next().unwrap_or("");
        let mut words = decl.split_whitespace();
        let name = words.next().unwrap_or("");
        let value = decl.split(['"', '\'']).nth(1).unwrap_or("");
        if value.contains('&') || name == "%" {
            return Err(
                "it declares entities that refer to other entities; export it again without a DTD"
                    .into(),
            );
        }
        let uses = text.matches(&format!("&{name};")).count();
        expansion = expansion.saturating_add(uses.saturating_mul(value.len()));
    }
    if expansion > MAX_SVG_EXPANSION {
        return Err(
            "its entity declarations expand to more than 1 MB; export it again without a DTD"
                .into(),
        );
    }
    Ok(())
}

/// usvg's options for a course picture: an `<image href>` loads only a
/// PNG, JPEG, GIF or WebP file in the SVG's own folder or below it (read
/// bounded, within `MAX_PIXELS`), never another SVG and never a file
/// elsewhere (usvg's default would read any path, /dev/zero included).
pub fn svg_options(svg: &Path) -> usvg::Options<'static> {
    svg_options_noting(svg, None)
}

/// `svg_options`, noting each `<image href>` it refused in `refused`.
fn svg_options_noting(
    svg: &Path,
    refused: Option<std::sync::Arc<Mutex<Vec<String>>>>,
) -> usvg::Options<'static> {
    let dir = svg
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let mut options = usvg::Options {
        resources_dir: Some(dir.clone()),
        ..usvg::Options::default()
    };
    options.image_href_resolver = usvg::ImageHrefResolver {
        resolve_data: Box::new(|_, data, _| raster_kind(data)),
        resolve_string: Box::new(move |href, _| {
            let rel = Path::new(href);
            let plain = rel.components().all(|c| {
                matches!(
                    c,
                    std::path::Component::Normal(_) | std::path::Component::CurDir
                )
            });
            let found = plain
                .then(|| crate::files::read_in_course(&dir, &dir.join(rel), MAX_BYTES).ok())
                .flatten()
                .and_then(|bytes| raster_kind(std::sync::Arc::new(bytes)));
            if let (None, Some(refused)) = (&found, &refused) {
                refused
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(href.chars().take(80).collect());
            }
            found
        }),
    };
    options
}

/// A picture inside an SVG, by its bytes: raster kinds only, within `MAX_PIXELS`.
fn raster_kind(data: std::sync::Arc<Vec<u8>>) -> Option<usvg::ImageKind> {
    let format = image::guess_format(&data).ok()?;
    let (w, h) = image::ImageReader::with_format(std::io::Cursor::new(&data[..]), format)
        .into_dimensions()
        .ok()?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return None;
    }
    match format {
        image::ImageFormat::Png => Some(usvg::ImageKind::PNG(data)),
        image::ImageFormat::Jpeg => Some(usvg::ImageKind::JPEG(data)),
        image::ImageFormat::Gif => Some(usvg::ImageKind::GIF(data)),
        image::ImageFormat::WebP => Some(usvg::ImageKind::WEBP(data)),
        _ => None,
    }
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

    #[test]
    fn svgs_that_would_run_away_are_refused() {
        let svg = |body: &str| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">{body}</svg>"#
            )
        };
        // A picture it refers to outside its folder, or a device, is not read.
        for href in ["/dev/zero", "../../etc/passwd", "/etc/hostname"] {
            let file = scratch(
                "href.svg",
                svg(&format!(r#"<image href="{href}" width="10" height="10"/>"#)).as_bytes(),
            );
            let data = std::fs::read(&file).unwrap();
            // Drawn without it (the PowerPoint writer's options), refused by the check.
            let tree = parse_svg_with(&data, &svg_options(&file)).expect("parses without it");
            assert!(!tree.root().has_children(), "{href} was loaded");
            let why = parse_svg(&file, &data).unwrap_err();
            assert!(why.contains(href) && why.contains("does not load"), "{why}");
        }
        let many = (0..40)
            .map(|i| format!(r#"<filter id="f{i}"><feGaussianBlur stdDeviation="50"/></filter>"#))
            .collect::<String>();
        let filters = check(&scratch("filters.svg", svg(&many).as_bytes())).unwrap_err();
        assert!(filters.contains("filter effects"), "{filters}");
        let big = "x".repeat(100_000);
        let bomb = format!(
            "<!DOCTYPE svg [<!ENTITY a \"{big}\">]>{}",
            svg(&format!("<text>{}</text>", "&a;".repeat(20)))
        );
        let entities = check(&scratch("bomb.svg", bomb.as_bytes())).unwrap_err();
        assert!(entities.contains("expand"), "{entities}");
        let nested = format!(
            "<!DOCTYPE svg [<!ENTITY a \"x\"><!ENTITY b \"&a;&a;\">]>{}",
            svg("<text>&b;</text>")
        );
        assert!(check(&scratch("nested.svg", nested.as_bytes())).is_err());
        let thin = r#"<svg xmlns="http://www.w3.org/2000/svg" width="0.0001" height="1000000"/>"#;
        let thin = check(&scratch("thin.svg", thin.as_bytes())).unwrap_err();
        assert!(thin.contains("too thin"), "{thin}");
        // An Illustrator-style namespace entity stays fine.
        let ai = format!(
            "<!DOCTYPE svg [<!ENTITY ns_svg \"http://www.w3.org/2000/svg\">]>{}",
            svg("")
        );
        assert_eq!(check(&scratch("ai.svg", ai.as_bytes())), Ok(()));
    }
}

//! Pictures leave lectern without what a camera or phone wrote into them:
//! a trainer's phone photo carries where and when it was taken (EXIF, GPS),
//! and editors add XMP and comments. Every output embeds the bytes this
//! gives back (HTML, PDF through Typst, PowerPoint); the pixels are not
//! touched, only the metadata segments or chunks are left out. A JPEG's
//! EXIF orientation is kept (alone), or the photo would show on its side.

use std::borrow::Cow;

/// `data` without EXIF, GPS, XMP, IPTC or comments, when it is a JPEG, PNG
/// or WebP lectern can read; else as it is.
pub fn without_metadata(data: &[u8]) -> Cow<'_, [u8]> {
    let stripped = if data.starts_with(&[0xFF, 0xD8]) {
        jpeg(data)
    } else if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(data)
    } else if data.len() >= 12 && &data[0..4] == b"RIFF" && &data[8..12] == b"WEBP" {
        webp(data)
    } else {
        None
    };
    stripped.map_or(Cow::Borrowed(data), Cow::Owned)
}

/// A JPEG's segments up to the image data, less APP1 (EXIF, XMP), APP13
/// (IPTC) and comments; an orientation other than upright is written back
/// as a minimal EXIF segment.
fn jpeg(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(&data[..2]);
    let mut at = 2;
    let mut orientation = None;
    let mut dropped = false;
    loop {
        if data.get(at)? != &0xFF {
            return None;
        }
        let marker = *data.get(at + 1)?;
        // Start of scan: the rest is image data, copied as it is.
        if marker == 0xDA {
            out.extend_from_slice(&data[at..]);
            break;
        }
        let len = usize::from(u16::from_be_bytes([*data.get(at + 2)?, *data.get(at + 3)?]));
        let segment = data.get(at..at + 2 + len)?;
        let body = &segment[4..];
        let metadata = match marker {
            0xE1 => {
                if body.starts_with(b"Exif\0\0") {
                    orientation = orientation.or_else(|| exif_orientation(&body[6..]));
                }
                true
            }
            0xED | 0xFE => true,
            _ => false,
        };
        if metadata {
            dropped = true;
        } else {
            out.extend_from_slice(segment);
        }
        at += 2 + len;
    }
    if !dropped {
        return None;
    }
    if let Some(o) = orientation.filter(|&o| o != 1) {
        // After SOI and a JFIF APP0 when there is one.
        let insert = if out.get(2..4) == Some(&[0xFF, 0xE0]) {
            4 + usize::from(u16::from_be_bytes([out[4], out[5]]))
        } else {
            2
        };
        out.splice(insert..insert, orientation_segment(o));
    }
    Some(out)
}

/// The Orientation tag (0x0112) of an EXIF TIFF block's first IFD.
fn exif_orientation(tiff: &[u8]) -> Option<u16> {
    let big = match tiff.get(0..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let b = [*tiff.get(i)?, *tiff.get(i + 1)?];
        Some(if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b = [
            *tiff.get(i)?,
            *tiff.get(i + 1)?,
            *tiff.get(i + 2)?,
            *tiff.get(i + 3)?,
        ];
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = usize::from(u16_at(ifd)?).min(512);
    (0..count).find_map(|k| {
        let entry = ifd + 2 + 12 * k;
        (u16_at(entry)? == 0x0112)
            .then(|| u16_at(entry + 8))
            .flatten()
    })
}

/// An APP1 EXIF segment holding only the orientation.
fn orientation_segment(orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes());
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes());
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    let mut body = b"Exif\0\0".to_vec();
    body.extend_from_slice(&tiff);
    let mut segment = vec![0xFF, 0xE1];
    segment.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
    segment.extend_from_slice(&body);
    segment
}

/// A PNG's chunks less text (tEXt, zTXt, iTXt), EXIF (eXIf) and time (tIME).
fn png(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = data[..8].to_vec();
    let mut at = 8;
    let mut dropped = false;
    while at < data.len() {
        let len = u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?) as usize;
        let kind = data.get(at + 4..at + 8)?;
        let chunk = data.get(at..at.checked_add(12 + len)?)?;
        if matches!(kind, b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf" | b"tIME") {
            dropped = true;
        } else {
            out.extend_from_slice(chunk);
        }
        at += 12 + len;
    }
    dropped.then_some(out)
}

/// A WebP's chunks less EXIF and XMP, with the extended header's flags
/// and the RIFF size made to match.
fn webp(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = data[..12].to_vec();
    let mut at = 12;
    let mut dropped = false;
    while at < data.len() {
        let len = u32::from_le_bytes(data.get(at + 4..at + 8)?.try_into().ok()?) as usize;
        let padded = len + (len & 1);
        let chunk = data.get(at..(at + 8 + padded).min(data.len()))?;
        match &chunk[..4] {
            b"EXIF" | b"XMP " => dropped = true,
            b"VP8X" => {
                let mut header = chunk.to_vec();
                // Flags: bit 3 EXIF, bit 2 XMP.
                if let Some(flags) = header.get_mut(8) {
                    *flags &= !0b1100;
                }
                out.extend_from_slice(&header);
            }
            _ => out.extend_from_slice(chunk),
        }
        at += 8 + padded;
    }
    if !dropped {
        return None;
    }
    let size = (out.len() - 8) as u32;
    out[4..8].copy_from_slice(&size.to_le_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small real JPEG with an EXIF segment holding GPS-like text and an
    /// orientation, and a comment.
    fn phone_photo(orientation: u16) -> Vec<u8> {
        let img = image::RgbImage::from_fn(16, 8, |x, _| image::Rgb([(x * 15) as u8, 80, 120]));
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
            .encode_image(&img)
            .unwrap();
        let mut tiff = b"II\x2a\0\x08\0\0\0".to_vec();
        tiff.extend_from_slice(&2u16.to_le_bytes());
        // Orientation, then an ImageDescription pointing at the text below.
        tiff.extend_from_slice(&0x0112u16.to_le_bytes());
        tiff.extend_from_slice(&3u16.to_le_bytes());
        tiff.extend_from_slice(&1u32.to_le_bytes());
        tiff.extend_from_slice(&orientation.to_le_bytes());
        tiff.extend_from_slice(&[0, 0]);
        tiff.extend_from_slice(&0x010Eu16.to_le_bytes());
        tiff.extend_from_slice(&2u16.to_le_bytes());
        tiff.extend_from_slice(&24u32.to_le_bytes());
        tiff.extend_from_slice(&38u32.to_le_bytes());
        tiff.extend_from_slice(&0u32.to_le_bytes());
        tiff.extend_from_slice(b"GPS 52.0907 5.1214 HOME\0");
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(&tiff);
        let mut seg = vec![0xFF, 0xE1];
        seg.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
        seg.extend_from_slice(&app1);
        let comment = b"\xFF\xFE\x00\x0DSECRET NOTE";
        let mut out = jpeg[..2].to_vec();
        out.extend_from_slice(&seg);
        out.extend_from_slice(comment);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_phone_photo_loses_its_place_and_keeps_its_pixels_and_orientation() {
        for orientation in [1u16, 6] {
            let photo = phone_photo(orientation);
            assert!(contains(&photo, b"52.0907") && contains(&photo, b"SECRET"));
            let clean = without_metadata(&photo);
            assert!(!contains(&clean, b"52.0907") && !contains(&clean, b"SECRET"));
            let before = image::load_from_memory(&photo).unwrap().to_rgb8();
            let after = image::load_from_memory(&clean).unwrap().to_rgb8();
            assert_eq!(before, after, "the pixels are the same");
            let kept = clean
                .windows(6)
                .position(|w| w == b"Exif\0\0")
                .and_then(|i| exif_orientation(&clean[i + 6..]));
            let expected = (orientation != 1).then_some(orientation);
            assert_eq!(kept, expected, "orientation {orientation}");
        }
    }

    #[test]
    fn png_text_and_webp_exif_are_left_out() {
        let img = image::RgbaImage::from_pixel(4, 4, image::Rgba([1, 2, 3, 255]));
        let mut png_bytes = Vec::new();
        img.write_to(
            &mut std::io::Cursor::new(&mut png_bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
        // A tEXt chunk after IHDR (8 + 25 bytes).
        let text = b"tEXtComment\0at home";
        let mut chunk = (text.len() as u32 - 4).to_be_bytes().to_vec();
        chunk.extend_from_slice(text);
        chunk.extend_from_slice(&[0, 0, 0, 0]); // a wrong CRC: never read
        let mut with_text = png_bytes[..33].to_vec();
        with_text.extend_from_slice(&chunk);
        with_text.extend_from_slice(&png_bytes[33..]);
        let clean = without_metadata(&with_text);
        assert_eq!(&*clean, &png_bytes[..]);
        // A WebP with an EXIF chunk and the flag that announces it.
        let mut webp_bytes =
            b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\x08\0\0\0\0\0\0\0\0\0EXIF\x04\0\0\0HOME".to_vec();
        let size = (webp_bytes.len() - 8) as u32;
        webp_bytes[4..8].copy_from_slice(&size.to_le_bytes());
        let clean = without_metadata(&webp_bytes);
        assert!(!contains(&clean, b"HOME") && clean[20] & 0b1000 == 0);
        assert_eq!(
            u32::from_le_bytes(clean[4..8].try_into().unwrap()) as usize,
            clean.len() - 8
        );
        // Anything else is left as it is.
        assert!(matches!(without_metadata(b"GIF89a..."), Cow::Borrowed(_)));
    }
}

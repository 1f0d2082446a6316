//! The HTML page's embedded fonts: the house faces subset to the page's
//! characters, and DejaVu Sans subset to the characters the house face
//! lacks, as `@font-face` data under names of their own.

use base64::Engine as _;
use std::collections::BTreeSet;

use crate::text::fonts::{house_has, FALLBACK, HOUSE, HTML_FALLBACK_FAMILY, HTML_FAMILY};

/// Characters every page gets, whatever its text: what an author is likely
/// to type during a live preview (Latin, punctuation, arrows, ticks).
fn base_characters() -> impl Iterator<Item = char> {
    ('\u{20}'..='\u{7e}')
        .chain('\u{a0}'..='\u{17f}')
        .chain('\u{2010}'..='\u{2046}')
        .chain('\u{2190}'..='\u{21ff}')
        .chain("✓✔✗✘➔➜❖☑☐☰✎✍❞§▶•·…".chars())
}

/// `@font-face` rules with the faces a page needs, subset to `text`'s
/// characters plus the base set. Italic faces only when the page has
/// emphasis, semibold ones only when the theme sets its body semibold; a
/// course theme's own font files (`own`: its family, its files and their
/// `font_key`) instead of the house face.
pub fn font_faces(
    text: &str,
    italic: bool,
    semibold: bool,
    own: (&str, &[std::sync::Arc<Vec<u8>>], u64),
) -> String {
    let chars: BTreeSet<char> = text.chars().chain(base_characters()).collect();
    // The live server rebuilds a page on every save, nearly always with
    // the characters it had: the faces made for a set are kept (a few, and
    // a bounded number of bytes: a course's CFF font goes in whole).
    static MADE: std::sync::Mutex<MadeFaces> = std::sync::Mutex::new(Vec::new());
    let own_key = if own.1.is_empty() {
        0
    } else {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (own.0, own.2).hash(&mut h);
        h.finish() | 1
    };
    let key = (chars, italic, semibold, own_key);
    let found = MADE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, css)| css.clone());
    if let Some(css) = found {
        return css;
    }
    let css = if own.1.is_empty() {
        subset_faces(&key.0, italic, semibold)
    } else {
        own_faces(&key.0, own.0, own.1)
    };
    let mut made = MADE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    made.push((key, css.clone()));
    while made.len() > 16
        || (made.len() > 1 && made.iter().map(|m| m.1.len()).sum::<usize>() > MADE_BYTES)
    {
        made.remove(0);
    }
    css
}

/// How many bytes of `@font-face` rules are kept at most.
const MADE_BYTES: usize = 64 << 20;

/// `@font-face` rules made before, by character set, emphasis, semibold
/// and the course's own faces (0: the house face).
type MadeFaces = Vec<((BTreeSet<char>, bool, bool, u64), String)>;

/// One `@font-face` rule: a face of `family` as a data URL.
fn face_rule(family: &str, weight: u16, italic: bool, bytes: &[u8], format: &str) -> String {
    format!(
        "@font-face{{font-family:\"{family}\";font-weight:{weight};font-style:{};\
         src:url(data:font/ttf;base64,{}) format(\"{format}\")}}\n",
        if italic { "italic" } else { "normal" },
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// A course theme's font files as `family`, each subset to `chars` (a
/// file that cannot be subset, an OpenType one with CFF outlines, goes in
/// whole), and DejaVu behind them for what they lack, as in the PDF.
fn own_faces(chars: &BTreeSet<char>, family: &str, files: &[std::sync::Arc<Vec<u8>>]) -> String {
    let family: String = family
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'))
        .collect();
    let mut css = String::new();
    let mut covered: BTreeSet<char> = BTreeSet::new();
    for data in files {
        let Ok(face) = ttf_parser::Face::parse(data, 0) else {
            continue;
        };
        covered.extend(
            chars
                .iter()
                .copied()
                .filter(|&c| face.glyph_index(c).is_some_and(|g| g.0 != 0)),
        );
        let (bytes, format) = match subset(data, chars) {
            Some(small) => (small, "truetype"),
            None => (data.to_vec(), "opentype"),
        };
        css.push_str(&face_rule(
            &family,
            face.weight().to_number(),
            face.is_italic(),
            &bytes,
            format,
        ));
    }
    let symbols: BTreeSet<char> = chars
        .iter()
        .copied()
        .filter(|c| !c.is_whitespace() && !covered.contains(c))
        .collect();
    for face in FALLBACK.iter().filter(|_| !symbols.is_empty()) {
        if let Some(small) = subset(face.data, &symbols) {
            css.push_str(&face_rule(
                HTML_FALLBACK_FAMILY,
                face.weight,
                face.italic,
                &small,
                "truetype",
            ));
        }
    }
    css
}

fn subset_faces(chars: &BTreeSet<char>, italic: bool, semibold: bool) -> String {
    // What the house face lacks is drawn by DejaVu, as in the PDF (the
    // template's font list): the page's second family.
    let symbols: BTreeSet<char> = chars
        .iter()
        .copied()
        .filter(|&c| !c.is_whitespace() && !house_has(c))
        .collect();
    let house = HOUSE
        .iter()
        .filter(|f| semibold || f.weight != 600)
        .map(|f| (HTML_FAMILY, f, chars));
    let fallback = FALLBACK
        .iter()
        .filter(|_| !symbols.is_empty())
        .map(|f| (HTML_FALLBACK_FAMILY, f, &symbols));
    let mut css = String::new();
    for (family, face, chars) in house.chain(fallback) {
        if face.italic && !italic {
            continue;
        }
        let Some(subset) = subset(face.data, chars) else {
            continue;
        };
        css.push_str(&face_rule(
            family,
            face.weight,
            face.italic,
            &subset,
            "truetype",
        ));
    }
    css
}

/// A TrueType font that keeps only the outlines of `chars` (and of the
/// glyphs they are composed of). Glyph ids, metrics, kerning and every
/// other table stay as they are, so text shapes exactly as with the whole
/// font; only the `glyf` outlines of other glyphs are emptied.
pub fn subset(data: &[u8], chars: &BTreeSet<char>) -> Option<Vec<u8>> {
    let face = ttf_parser::Face::parse(data, 0).ok()?;
    let tables = table_records(data)?;
    let find = |tag: &[u8; 4]| tables.iter().find(|t| &t.tag == tag);
    let head = find(b"head")?;
    let loca = find(b"loca")?;
    let glyf = find(b"glyf")?;
    let glyphs = face.number_of_glyphs() as usize;
    let long = read_u16(data, head.offset + 50)? == 1;
    let offset = |gid: usize| -> Option<usize> {
        if long {
            read_u32(data, loca.offset + 4 * gid).map(|v| v as usize)
        } else {
            read_u16(data, loca.offset + 2 * gid).map(|v| v as usize * 2)
        }
    };
    let glyph_data = |gid: usize| -> Option<&[u8]> {
        let (a, b) = (offset(gid)?, offset(gid + 1)?);
        data.get(glyf.offset + a..glyf.offset + b.max(a))
    };
    let keep = kept_glyphs(&face, chars, glyphs, &glyph_data);
    let (new_glyf, new_loca, short) = outlines(&keep, &glyph_data)?;
    let mut new_head = data.get(head.offset..head.offset + head.length)?.to_vec();
    // The checksum adjustment is recomputed below.
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&u16::from(!short).to_be_bytes());
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    // Glyph names (post 2.0) are for PDF text extraction, not browsers:
    // version 3.0 keeps the header and drops them.
    let new_post = find(b"post").and_then(|post| {
        let mut header = data.get(post.offset..post.offset + 32)?.to_vec();
        header[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        Some(header)
    });
    let has_gpos = find(b"GPOS").is_some();
    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for t in &tables {
        let bytes = match &t.tag {
            b"glyf" => new_glyf.clone(),
            b"loca" => new_loca.clone(),
            b"head" => new_head.clone(),
            b"post" => match &new_post {
                Some(post) => post.clone(),
                None => continue,
            },
            // A signature over the old bytes would be wrong; hdmx/LTSH/VDMX
            // are device hints browsers do not need, MATH is for formulas
            // (drawn as pictures), FFTM a font editor's time stamp. Shapers
            // (HarfBuzz in browsers and in Typst) ignore `kern` when GPOS
            // has the kerning, so it goes too.
            b"DSIG" | b"hdmx" | b"LTSH" | b"VDMX" | b"MATH" | b"FFTM" => continue,
            b"kern" if has_gpos => continue,
            _ => data.get(t.offset..t.offset + t.length)?.to_vec(),
        };
        out_tables.push((t.tag, bytes));
    }
    Some(assemble(data.get(0..4)?, out_tables))
}

struct TableRecord {
    tag: [u8; 4],
    offset: usize,
    length: usize,
}

/// The glyphs to keep: .notdef, the characters', and their components.
fn kept_glyphs<'a>(
    face: &ttf_parser::Face,
    chars: &BTreeSet<char>,
    glyphs: usize,
    glyph_data: &impl Fn(usize) -> Option<&'a [u8]>,
) -> Vec<bool> {
    let mut keep = vec![false; glyphs];
    let mut todo: Vec<usize> = std::iter::once(0)
        .chain(
            chars
                .iter()
                .filter_map(|&c| face.glyph_index(c).map(|g| g.0 as usize)),
        )
        .collect();
    while let Some(gid) = todo.pop() {
        if gid >= glyphs || keep[gid] {
            continue;
        }
        keep[gid] = true;
        todo.extend(components(glyph_data(gid).unwrap_or(&[])));
    }
    keep
}

/// The `glyf` and `loca` tables with only the kept outlines, and whether
/// `loca` uses short offsets.
fn outlines<'a>(
    keep: &[bool],
    glyph_data: &impl Fn(usize) -> Option<&'a [u8]>,
) -> Option<(Vec<u8>, Vec<u8>, bool)> {
    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity(4 * (keep.len() + 1));
    for (gid, kept) in keep.iter().enumerate() {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        if *kept {
            new_glyf.extend_from_slice(glyph_data(gid)?);
            while new_glyf.len() % 4 != 0 {
                new_glyf.push(0);
            }
        }
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
    // Short offsets (half the size) when the kept outlines allow them: every
    // glyph starts at an even offset, as they are padded to four bytes.
    let short = u16::try_from(new_glyf.len() / 2).is_ok();
    if short {
        new_loca = new_loca
            .chunks(4)
            .flat_map(|c| ((u32::from_be_bytes([c[0], c[1], c[2], c[3]]) / 2) as u16).to_be_bytes())
            .collect();
    }
    Some((new_glyf, new_loca, short))
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    data.get(at..at + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn table_records(data: &[u8]) -> Option<Vec<TableRecord>> {
    let count = read_u16(data, 4)? as usize;
    (0..count)
        .map(|i| {
            let at = 12 + 16 * i;
            Some(TableRecord {
                tag: data.get(at..at + 4)?.try_into().ok()?,
                offset: read_u32(data, at + 8)? as usize,
                length: read_u32(data, at + 12)? as usize,
            })
        })
        .collect()
}

/// The glyphs a composite glyph is built from.
fn components(glyph: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let contours = glyph.get(0..2).map(|b| i16::from_be_bytes([b[0], b[1]]));
    if contours.is_none_or(|c| c >= 0) {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(gid)) = (read_u16(glyph, at), read_u16(glyph, at + 2)) {
        out.push(gid as usize);
        at += 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
        at += match flags {
            f if f & 0x0008 != 0 => 2,
            f if f & 0x0040 != 0 => 4,
            f if f & 0x0080 != 0 => 8,
            _ => 0,
        };
        if flags & 0x0020 == 0 {
            break;
        }
    }
    out
}

fn checksum(bytes: &[u8]) -> u32 {
    bytes.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// Writes an sfnt file: directory, then the tables 4-byte aligned.
fn assemble(version: &[u8], mut tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    tables.sort_by_key(|(tag, _)| *tag);
    let n = tables.len() as u16;
    let selector = 15 - n.leading_zeros() as u16;
    let range = 16u16 << selector;
    let mut out = Vec::new();
    out.extend_from_slice(version);
    for v in [n, range, selector, n * 16 - range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, bytes) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(bytes).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
        offset += bytes.len().div_ceil(4) * 4;
    }
    for (tag, bytes) in &tables {
        if tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend_from_slice(bytes);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Faces made before are kept by what made them: another course font
    /// (another key) or the house face never gets a set made for one.
    #[test]
    fn kept_faces_are_told_apart_by_the_course_s_fonts() {
        let regular = std::sync::Arc::new(FALLBACK[0].data.to_vec());
        let bold = std::sync::Arc::new(FALLBACK[1].data.to_vec());
        let text = "Kept faces ✓";
        let house = font_faces(text, false, false, ("", &[], 0));
        let a = font_faces(
            text,
            false,
            false,
            ("Own", std::slice::from_ref(&regular), 1),
        );
        let b = font_faces(text, false, false, ("Own", &[bold], 2));
        let again = font_faces(text, false, false, ("Own", &[regular], 1));
        assert!(house.contains(HTML_FAMILY) && !house.contains("\"Own\""));
        assert!(
            a.contains("font-family:\"Own\";font-weight:400"),
            "{a:.200}"
        );
        assert!(
            b.contains("font-family:\"Own\";font-weight:700"),
            "{b:.200}"
        );
        assert_eq!(a, again);
    }

    #[test]
    fn a_subset_keeps_the_asked_glyphs_and_their_metrics() {
        let chars: BTreeSet<char> = "Aé✓".chars().collect();
        let small = subset(FALLBACK[0].data, &chars).expect("subsets");
        assert!(
            small.len() < FALLBACK[0].data.len() / 2,
            "{} bytes",
            small.len()
        );
        let full = ttf_parser::Face::parse(FALLBACK[0].data, 0).unwrap();
        let face = ttf_parser::Face::parse(&small, 0).expect("the subset parses");
        for c in ['A', 'é', '✓', 'z'] {
            let gid = face.glyph_index(c).unwrap();
            assert_eq!(Some(gid), full.glyph_index(c), "ids stay");
            assert_eq!(face.glyph_hor_advance(gid), full.glyph_hor_advance(gid));
            let kept = face.glyph_bounding_box(gid).is_some();
            assert_eq!(kept, c != 'z', "{c}: outline kept only when asked");
        }
        // Kerning stays (in GPOS); glyph names and the old kern table go,
        // and offsets are short.
        assert!(face.tables().gpos.is_some());
        assert!(face.tables().kern.is_none());
        assert_eq!(face.glyph_name(gid_of(&face, 'A')), None);
        assert_eq!(full.glyph_name(gid_of(&full, 'A')), Some("A"));
        assert!(
            small.len() < FALLBACK[0].data.len() / 3,
            "{} bytes",
            small.len()
        );
        // é is composed of e and an accent in DejaVu: both outlines stay.
        assert!(face
            .outline_glyph(face.glyph_index('é').unwrap(), &mut Sink)
            .is_some());
    }

    fn gid_of(face: &ttf_parser::Face, c: char) -> ttf_parser::GlyphId {
        face.glyph_index(c).unwrap()
    }

    struct Sink;
    impl ttf_parser::OutlineBuilder for Sink {
        fn move_to(&mut self, _: f32, _: f32) {}
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }
}

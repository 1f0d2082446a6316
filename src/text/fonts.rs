//! The bundled fonts: the house face, Atkinson Hyperlegible Next, for
//! every output, with DejaVu Sans for the symbols it lacks (✓ ➔ → ≠), so
//! that the HTML wraps lines where the PDF does. Their advances, line
//! heights and coverage are read here, below every user (fitting bounds,
//! checks, the PowerPoint writer); the PDF embeds them through Typst and
//! the HTML a subset (`render::font_faces`).

use std::sync::OnceLock;

/// One embedded face: its file, weight and slant.
#[derive(Clone, Copy)]
pub struct Embedded {
    pub data: &'static [u8],
    pub weight: u16,
    pub italic: bool,
}

const fn face(data: &'static [u8], weight: u16, italic: bool) -> Embedded {
    Embedded {
        data,
        weight,
        italic,
    }
}

/// The house family: designed for legibility at a distance and for low
/// vision (letters that cannot be mistaken for each other: I l 1, 0 O).
pub const HOUSE_FAMILY: &str = "Atkinson Hyperlegible Next";

/// Atkinson Hyperlegible Next (SIL Open Font License): regular, semibold
/// (a projector theme's body) and bold, each upright and italic.
pub const HOUSE: [Embedded; 6] = [
    face(
        include_bytes!("../../themes/fonts/AtkinsonHyperlegibleNext-Regular.ttf"),
        400,
        false,
    ),
    face(
        include_bytes!("../../themes/fonts/AtkinsonHyperlegibleNext-SemiBold.ttf"),
        600,
        false,
    ),
    face(
        include_bytes!("../../themes/fonts/AtkinsonHyperlegibleNext-Bold.ttf"),
        700,
        false,
    ),
    face(
        include_bytes!("../../themes/fonts/AtkinsonHyperlegibleNext-Italic.ttf"),
        400,
        true,
    ),
    face(
        include_bytes!("../../themes/fonts/AtkinsonHyperlegibleNext-SemiBoldItalic.ttf"),
        600,
        true,
    ),
    face(
        include_bytes!("../../themes/fonts/AtkinsonHyperlegibleNext-BoldItalic.ttf"),
        700,
        true,
    ),
];

/// DejaVu Sans: regular, bold, oblique, bold oblique. The fallback for
/// every character the house face lacks (ticks, arrows, ≠, emoticons),
/// as it is the second family of the template's font list.
pub const FALLBACK: [Embedded; 4] = [
    face(
        include_bytes!("../../themes/fonts/DejaVuSans.ttf"),
        400,
        false,
    ),
    face(
        include_bytes!("../../themes/fonts/DejaVuSans-Bold.ttf"),
        700,
        false,
    ),
    face(
        include_bytes!("../../themes/fonts/DejaVuSans-Oblique.ttf"),
        400,
        true,
    ),
    face(
        include_bytes!("../../themes/fonts/DejaVuSans-BoldOblique.ttf"),
        700,
        true,
    ),
];

/// Every bundled font file, for Typst and the SVG renderer.
pub fn bundled() -> impl Iterator<Item = &'static [u8]> {
    HOUSE.iter().chain(&FALLBACK).map(|f| f.data)
}

/// The family names the HTML gives the embedded faces, so that a system's
/// own (possibly different) copy never stands in for them.
pub const HTML_FAMILY: &str = "Lectern Sans";
pub const HTML_FALLBACK_FAMILY: &str = "Lectern Symbols";

/// The bundled faces parsed: the house face's regular, bold, italic and
/// bold italic, DejaVu's four, and every face a slide's text is set in
/// (those and Typst's DejaVu Sans Mono for code). Parsed once.
struct TextFaces {
    house: [Option<ttf_parser::Face<'static>>; 4],
    fallback: [Option<ttf_parser::Face<'static>>; 4],
    all: Vec<ttf_parser::Face<'static>>,
}

fn faces() -> &'static TextFaces {
    static FACES: OnceLock<TextFaces> = OnceLock::new();
    FACES.get_or_init(|| {
        let parse = |data: &'static [u8]| ttf_parser::Face::parse(data, 0).ok();
        // Regular, bold, italic, bold italic: the order `advance` indexes.
        let house = [0, 2, 3, 5].map(|i| parse(HOUSE[i].data));
        let fallback = FALLBACK.map(|f| parse(f.data));
        let mono = typst_assets::fonts().filter_map(parse).filter(|f| {
            f.names().into_iter().any(|n| {
                n.name_id == ttf_parser::name_id::FAMILY
                    && n.to_string().as_deref() == Some("DejaVu Sans Mono")
            })
        });
        let semibold = [HOUSE[1].data, HOUSE[4].data].into_iter().filter_map(parse);
        let all = house
            .iter()
            .chain(&fallback)
            .flatten()
            .cloned()
            .chain(semibold)
            .chain(mono)
            .collect();
        TextFaces {
            house,
            fallback,
            all,
        }
    })
}

/// The advance of `c` in em as the text is set (bold and/or italic): the
/// house face's, or DejaVu's where the house face has no glyph for it;
/// `None` when neither has one.
pub fn advance(c: char, bold: bool, italic: bool) -> Option<f64> {
    let i = usize::from(bold) + 2 * usize::from(italic);
    let faces = faces();
    [&faces.house[i], &faces.fallback[i]]
        .into_iter()
        .flatten()
        .find_map(|face| {
            let g = face.glyph_index(c).filter(|g| g.0 != 0)?;
            Some(f64::from(face.glyph_hor_advance(g)?) / f64::from(face.units_per_em()))
        })
}

/// Whether the house face itself has `c` (else DejaVu draws it).
pub fn house_has(c: char) -> bool {
    faces().house[0]
        .as_ref()
        .is_some_and(|f| f.glyph_index(c).is_some_and(|g| g.0 != 0))
}

/// The house face's capital height in em: the top of a line of text as
/// the template sets it (Typst's default top edge).
pub fn house_cap_height() -> f64 {
    faces().house[0].as_ref().map_or(0.668, |f| {
        f64::from(f.capital_height().unwrap_or(0)) / f64::from(f.units_per_em())
    })
}

/// The house face's x-height in em: the height of its lowercase letters.
pub fn house_x_height() -> f64 {
    faces().house[0].as_ref().map_or(0.496, |f| {
        f64::from(f.x_height().unwrap_or(0)) / f64::from(f.units_per_em())
    })
}

/// Every face a slide's text is set in: the bundled faces and Typst's
/// DejaVu Sans Mono (code).
pub fn text_faces() -> &'static [ttf_parser::Face<'static>] {
    &faces().all
}

/// Whether some embedded font can draw this character.
pub fn has_glyph(c: char) -> bool {
    static FACES: OnceLock<Vec<ttf_parser::Face<'static>>> = OnceLock::new();
    if c.is_ascii() || c.is_whitespace() || c.is_control() {
        return true;
    }
    let faces = FACES.get_or_init(|| {
        bundled()
            .chain(typst_assets::fonts())
            .flat_map(|data| {
                let count = ttf_parser::fonts_in_collection(data).unwrap_or(1);
                (0..count).filter_map(move |i| ttf_parser::Face::parse(data, i).ok())
            })
            .collect()
    });
    // Glyph 0 is .notdef: some cmaps map characters to it.
    faces
        .iter()
        .any(|f| f.glyph_index(c).is_some_and(|g| g.0 != 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_knows_the_course_characters_and_not_cjk() {
        for c in "✓✔➔➜→≠•„”‘’ëïé".chars() {
            assert!(has_glyph(c), "{c}");
        }
        // DejaVu Sans even has the emoticons block; CJK it has not.
        assert!(has_glyph('😀'));
        assert!(!has_glyph('漢'));
    }

    #[test]
    fn the_house_face_sets_dutch_and_dejavu_the_symbols() {
        // Every letter of Dutch (with the ĳ ligature and the accents of
        // loanwords) and its punctuation is the house face's own.
        for c in "abcdefghijklmnopqrstuvwxyzĳĲáàâäéèêëíìîïóòôöúùûüçñ€„”‘’–—…".chars()
        {
            assert!(house_has(c), "{c}");
        }
        // Ticks and arrows come from DejaVu, with their own advances.
        for c in "✓➔≠".chars() {
            assert!(!house_has(c) && advance(c, false, false).is_some(), "{c}");
        }
        assert!((house_cap_height() - 0.668).abs() < 0.01);
        assert!(advance('m', true, false) > advance('m', false, false));
    }
}

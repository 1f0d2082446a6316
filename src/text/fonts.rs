//! The bundled fonts: DejaVu Sans for every output, so that the HTML wraps
//! lines where the PDF does. Their advances, line heights and coverage are
//! read here, below every user (fitting bounds, checks, the PowerPoint
//! writer); the PDF embeds them through Typst and the HTML a subset
//! (`render::font_faces`).

use std::sync::OnceLock;

/// DejaVu Sans: regular, bold, oblique, bold oblique. Covers every glyph
/// the course uses (✓ ➔ → ≠ • „ ” and Dutch letters).
pub const BUNDLED: [&[u8]; 4] = [
    include_bytes!("../../themes/fonts/DejaVuSans.ttf"),
    include_bytes!("../../themes/fonts/DejaVuSans-Bold.ttf"),
    include_bytes!("../../themes/fonts/DejaVuSans-Oblique.ttf"),
    include_bytes!("../../themes/fonts/DejaVuSans-BoldOblique.ttf"),
];

/// The family name the HTML gives the embedded faces, so that a system's
/// own (possibly different) DejaVu Sans never stands in for them.
pub const HTML_FAMILY: &str = "Lectern Sans";

/// The bundled faces by weight and slant, and every face a slide's text is
/// set in: those and Typst's DejaVu Sans Mono (code). Parsed once.
struct TextFaces {
    bundled: [Option<ttf_parser::Face<'static>>; 4],
    all: Vec<ttf_parser::Face<'static>>,
}

fn faces() -> &'static TextFaces {
    static FACES: OnceLock<TextFaces> = OnceLock::new();
    FACES.get_or_init(|| {
        let parse = |data: &'static [u8]| ttf_parser::Face::parse(data, 0).ok();
        let bundled = BUNDLED.map(parse);
        let mono = typst_assets::fonts().filter_map(parse).filter(|f| {
            f.names().into_iter().any(|n| {
                n.name_id == ttf_parser::name_id::FAMILY
                    && n.to_string().as_deref() == Some("DejaVu Sans Mono")
            })
        });
        let all = bundled.iter().flatten().cloned().chain(mono).collect();
        TextFaces { bundled, all }
    })
}

/// The advance of `c` in em in a bundled face (bold and/or oblique), or
/// `None` when that face has no glyph for it.
pub fn advance(c: char, bold: bool, italic: bool) -> Option<f64> {
    let face = faces().bundled[usize::from(bold) + 2 * usize::from(italic)].as_ref()?;
    let g = face.glyph_index(c).filter(|g| g.0 != 0)?;
    Some(f64::from(face.glyph_hor_advance(g)?) / f64::from(face.units_per_em()))
}

/// Every face a slide's text is set in: the bundled DejaVu Sans faces and
/// Typst's DejaVu Sans Mono (code).
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
        BUNDLED
            .into_iter()
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
}

//! Code colours. On a light surface both outputs use Typst's own
//! highlighting theme (`typst::text::RAW_THEME`); on a dark one (the
//! projector theme, or the default theme in a browser set to dark) its
//! colours are too dim, so both use lectern's dark theme below: one
//! `.tmTheme` file that Typst reads for the PDF and syntect for the HTML.

use std::sync::OnceLock;

/// Scopes and their colour and style on a dark surface (every colour has a
/// contrast of at least 4.5 against the built-in themes' dark surfaces).
const DARK: &[(&str, &str, &str)] = &[
    ("comment", "#a3a3ad", ""),
    ("string, markup.inserted", "#8fdc8a", ""),
    ("constant.character.escape, support.macro", "#7fd8f0", ""),
    ("constant", "#ff9cc8", ""),
    (
        "keyword, storage, constant.language, variable.language",
        "#ff9aa2",
        "",
    ),
    ("entity.name, variable.function, support", "#a9beff", ""),
    ("entity.other, meta.interpolation", "#dcb3f7", ""),
    ("markup.deleted", "#ff9aa2", ""),
    (
        "markup.heading, entity.name.section, markup.bold",
        "",
        "bold",
    ),
    ("markup.italic", "", "italic"),
];

/// Whether a surface colour is dark (white text reads better on it).
pub fn is_dark(surface: &str) -> bool {
    match (
        crate::theme::contrast(surface, "#ffffff"),
        crate::theme::contrast(surface, "#000000"),
    ) {
        (Some(white), Some(black)) => white > black,
        _ => false,
    }
}

/// The dark theme as a TextMate theme file (what Typst's `raw` reads).
pub fn dark_tmtheme() -> &'static str {
    static XML: OnceLock<String> = OnceLock::new();
    XML.get_or_init(|| {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict>\
             <key>name</key><string>lectern dark</string><key>settings</key><array>\
             <dict><key>settings</key><dict><key>foreground</key><string>#ececec</string></dict></dict>",
        );
        for (scope, colour, style) in DARK {
            xml.push_str("<dict><key>scope</key><string>");
            xml.push_str(scope);
            xml.push_str("</string><key>settings</key><dict>");
            if !colour.is_empty() {
                xml.push_str("<key>foreground</key><string>");
                xml.push_str(colour);
                xml.push_str("</string>");
            }
            if !style.is_empty() {
                xml.push_str("<key>fontStyle</key><string>");
                xml.push_str(style);
                xml.push_str("</string>");
            }
            xml.push_str("</dict></dict>");
        }
        xml.push_str("</array></dict></plist>\n");
        xml
    })
}

/// The same dark theme for syntect (the HTML).
pub fn dark_theme() -> Option<&'static syntect::highlighting::Theme> {
    static THEME: OnceLock<Option<syntect::highlighting::Theme>> = OnceLock::new();
    THEME
        .get_or_init(|| {
            let mut reader = std::io::Cursor::new(dark_tmtheme().as_bytes());
            syntect::highlighting::ThemeSet::load_from_reader(&mut reader).ok()
        })
        .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dark_theme_reads_and_is_legible_on_every_dark_surface() {
        let theme = dark_theme().expect("the tmTheme parses");
        assert_eq!(theme.scopes.len(), DARK.len());
        let surfaces: Vec<String> = ["default", "projector", "screenshare", "print"]
            .iter()
            .filter_map(|n| crate::theme::builtin(n).ok())
            .flat_map(|t| {
                let mut s = vec![t.colors.surface.clone()];
                s.extend(t.dark.as_ref().map(|d| d.surface.clone()));
                s
            })
            .filter(|s| is_dark(s))
            .collect();
        assert!(!surfaces.is_empty(), "some built-in theme is dark");
        for surface in &surfaces {
            for (scope, colour, _) in DARK.iter().filter(|d| !d.1.is_empty()) {
                let c = crate::theme::contrast(colour, surface).unwrap();
                assert!(c >= 4.5, "{scope} {colour} on {surface}: {c:.2}");
            }
        }
        assert!(is_dark("#1f2329") && !is_dark("#edf0f3"));
    }
}

//! `course.toml` and deck front matter: read loosely, then resolved into
//! validated settings with positioned errors.

use serde::{Deserialize, Serialize};

use crate::deck::Mode;
use crate::diag::Pos;
use crate::diag::{Diagnostic, LineIndex};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Aspect {
    #[serde(rename = "16:9")]
    Wide,
    #[serde(rename = "4:3")]
    Standard,
}

impl Aspect {
    /// The slide canvas in points (HTML: CSS pixels); 960 wide like presentation software.
    pub fn size(self) -> (u32, u32) {
        match self {
            Aspect::Wide => (960, 540),
            Aspect::Standard => (960, 720),
        }
    }
}

/// Course settings after validation.
#[derive(Debug, Clone, Serialize)]
pub struct CourseConfig {
    pub title: String,
    pub language: String,
    pub version: Option<String>,
    pub attribution: Option<String>,
    /// Who wrote the course: the author of every PDF.
    pub author: Option<String>,
    pub theme: String,
    pub online_theme: Option<String>,
    pub aspect: Aspect,
    pub duration: u32,
    pub allow_html: bool,
    /// Whether the workbooks carry form fields (default: online sessions'
    /// only); a deck's front matter may say otherwise.
    pub fillable: Option<bool>,
    /// The room the sessions are given in, when the course says: its
    /// smallest legible body size is the type scale's floor.
    pub room: Option<Room>,
}

/// A training room as legibility depends on it: how tall the projected
/// image is and how far the back row sits from it, in metres.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Room {
    pub screen_height: f64,
    pub farthest_viewer: f64,
}

impl Room {
    /// AVIXA's DISCAS rule for reading (basic decision making): the
    /// smallest element, as a share of the image height, is at least the
    /// farthest viewer's distance ÷ (200 × the image height).
    pub fn element_share(&self) -> f64 {
        self.farthest_viewer / (200.0 * self.screen_height)
    }

    /// The smallest body size (points on a slide `slide_height` points
    /// tall, rounded up to a half point) a person in the back row can read.
    /// The element is the x-height, the height of the lowercase letters
    /// that make up nearly all of a text: a capital-height reading would
    /// let the letters people actually read fall under the rule.
    pub fn smallest_body(&self, slide_height: f64) -> f64 {
        let x_height = crate::text::fonts::house_x_height();
        (self.element_share() * slide_height / x_height * 2.0).ceil() / 2.0
    }

    /// Parses the command line's `--room SCREEN_HEIGHT,FARTHEST_VIEWER`.
    pub fn parse(s: &str) -> Result<Room, String> {
        let (h, d) = s
            .split_once(',')
            .ok_or_else(|| format!("`{s}` is not a room: write the screen's image height and the farthest viewer's distance in metres, e.g. 1.5,10.5"))?;
        let number = |x: &str| {
            x.trim()
                .parse::<f64>()
                .map_err(|_| format!("`{x}` is not a number of metres"))
        };
        let room = Room {
            screen_height: number(h)?,
            farthest_viewer: number(d)?,
        };
        room.check()?;
        Ok(room)
    }

    /// Both distances within what a training room can be.
    pub fn check(&self) -> Result<(), String> {
        if !(0.2..=20.0).contains(&self.screen_height) {
            return Err(format!(
                "a screen height of {} m is outside 0.2–20 m (the height of the projected image)",
                self.screen_height
            ));
        }
        if !(0.5..=200.0).contains(&self.farthest_viewer) {
            return Err(format!(
                "a farthest viewer at {} m is outside 0.5–200 m (the distance from the screen to the back row)",
                self.farthest_viewer
            ));
        }
        Ok(())
    }
}

impl Default for CourseConfig {
    fn default() -> Self {
        CourseConfig {
            title: String::new(),
            language: "en".into(),
            version: None,
            attribution: None,
            author: None,
            theme: "default".into(),
            online_theme: None,
            aspect: Aspect::Wide,
            duration: 90,
            allow_html: false,
            fillable: None,
            room: None,
        }
    }
}

/// The keys of `course.toml` and what each sets: the language server's
/// completion and hover read them; a test holds them to `CourseToml`.
pub const COURSE_KEYS: [(&str, &str); 12] = [
    ("title", "the course's title, on the index, the course documents and every PDF"),
    ("language", "the course's language code (\"nl\", \"en\", \"nl-BE\"): labels and hyphenation"),
    ("version", "a version shown in the documents' colophon"),
    ("attribution", "a line of credits shown in the documents"),
    ("author", "who wrote the course: the author of every PDF"),
    ("theme", "the theme every deck is set in unless its front matter names another (default: \"default\")"),
    ("online_theme", "the theme of decks with mode = \"online\""),
    ("aspect", "the slides' aspect ratio: \"16:9\" (default) or \"4:3\""),
    ("duration", "a session's planned minutes, unless a deck says otherwise (default 90)"),
    ("allow_html", "true lets decks and themes carry raw HTML (default false)"),
    ("fillable", "true gives every workbook PDF fields to type in, false none (default: online sessions only)"),
    ("room", "{ screen_height = 1.5, farthest_viewer = 10.5 } in metres: the smallest body size the back row can read (AVIXA DISCAS) becomes the type scale's floor"),
];

/// The keys of a deck's `+++` front matter and what each sets, held to
/// `FrontMatterToml` by a test.
pub const FRONT_MATTER_KEYS: [(&str, &str); 6] = [
    (
        "title",
        "the session's title, as the slides and the workbook show it",
    ),
    (
        "session",
        "the session's number in the course (sets the order)",
    ),
    ("mode", "\"f2f\" (face to face, the default) or \"online\""),
    (
        "duration",
        "the session's planned minutes (default: the course's)",
    ),
    ("theme", "the theme this deck is set in"),
    (
        "fillable",
        "whether this session's workbook PDF has fields to type in (default: when online)",
    ),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseToml {
    title: Option<String>,
    language: Option<String>,
    version: Option<String>,
    attribution: Option<String>,
    author: Option<String>,
    theme: Option<String>,
    online_theme: Option<String>,
    aspect: Option<String>,
    duration: Option<u32>,
    allow_html: Option<bool>,
    fillable: Option<bool>,
    room: Option<Room>,
}

/// Parses `course.toml`. Problems become diagnostics; defaults fill the gaps.
pub fn parse_course(text: &str, file: &str, diags: &mut Vec<Diagnostic>) -> CourseConfig {
    let idx = LineIndex::new(text);
    let raw: CourseToml = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            diags.push(toml_error(&e, 0, &idx, file));
            return CourseConfig::default();
        }
    };
    let mut config = CourseConfig::default();
    if let Some(title) = raw.title {
        config.title = title;
    } else {
        diags.push(Diagnostic::warning(
            file,
            Pos::default(),
            "course.toml has no `title`",
        ));
    }
    if let Some(lang) = raw.language {
        let tag = lang.replace('_', "-");
        let primary = tag.split('-').next().unwrap_or("");
        let subtags_ok = tag
            .split('-')
            .skip(1)
            .all(|t| (1..=8).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric()));
        if (2..=3).contains(&primary.len())
            && primary.bytes().all(|b| b.is_ascii_alphabetic())
            && subtags_ok
        {
            if !crate::text::words::LANGUAGES.contains(&primary.to_ascii_lowercase().as_str()) {
                let pos = find_key(text, "language", &idx);
                diags.push(idx.annotate(
                    Diagnostic::warning(file, pos, format!("lectern has no words for `{lang}`: labels such as “Session” and “Workbook” are English"))
                        .with_help("the decks' own text stays as written; hyphenation in the PDFs follows the language"),
                ));
            }
            config.language = tag;
        } else {
            let pos = find_key(text, "language", &idx);
            diags.push(
                idx.annotate(
                    Diagnostic::error(file, pos, format!("`{lang}` is not a language code"))
                        .with_help(
                            "use a code such as \"nl\", \"en\" or, with a region, \"nl-BE\"",
                        ),
                ),
            );
        }
    }
    config.version = raw.version;
    config.attribution = raw.attribution;
    config.author = raw.author.filter(|a| !a.trim().is_empty());
    if let Some(theme) = raw.theme {
        config.theme = theme;
    }
    config.online_theme = raw.online_theme;
    match raw.aspect.as_deref() {
        None | Some("16:9") => {}
        Some("4:3") => config.aspect = Aspect::Standard,
        Some(other) => {
            let pos = find_key(text, "aspect", &idx);
            diags.push(
                idx.annotate(
                    Diagnostic::error(file, pos, format!("unknown aspect ratio `{other}`"))
                        .with_help("use \"16:9\" or \"4:3\""),
                ),
            );
        }
    }
    if let Some(d) = raw.duration {
        config.duration = d;
    }
    config.allow_html = raw.allow_html.unwrap_or(false);
    config.fillable = raw.fillable;
    if let Some(room) = raw.room {
        match room.check() {
            Ok(()) => config.room = Some(room),
            Err(e) => {
                let pos = find_key(text, "room", &idx);
                diags.push(idx.annotate(
                    Diagnostic::error(file, pos, e).with_help(
                        "room = { screen_height = 1.5, farthest_viewer = 10.5 } (metres)",
                    ),
                ));
            }
        }
    }
    config
}

/// Front matter of one deck, resolved.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    pub title: String,
    pub session: Option<u32>,
    /// Where `session` is written, for the duplicate-session error.
    pub session_pos: Pos,
    pub mode: Mode,
    pub duration: Option<u32>,
    pub theme: Option<String>,
    pub fillable: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatterToml {
    title: Option<String>,
    session: Option<u32>,
    mode: Option<String>,
    duration: Option<u32>,
    theme: Option<String>,
    fillable: Option<bool>,
}

/// Parses front matter TOML that starts at byte `base` of the deck file.
/// Returns `None` when it cannot be read at all (the error is in `diags`).
pub fn parse_front_matter(
    toml_text: &str,
    base: usize,
    idx: &LineIndex,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<FrontMatter> {
    let raw: FrontMatterToml = match toml::from_str(toml_text) {
        Ok(raw) => raw,
        Err(e) => {
            diags.push(toml_error(&e, base, idx, file));
            return None;
        }
    };
    let at = |key: &str| {
        toml_text
            .find(&format!("{key} "))
            .or_else(|| toml_text.find(key))
            .map_or(idx.pos(base), |o| idx.pos(base + o))
    };
    let title = match raw.title {
        Some(t) if !t.trim().is_empty() => t,
        _ => {
            diags.push(
                idx.annotate(
                    Diagnostic::error(
                        file,
                        idx.pos(base.saturating_sub(4)),
                        "front matter has no `title`",
                    )
                    .with_help("add a line like: title = \"Wat is mentaliseren?\""),
                ),
            );
            String::new()
        }
    };
    let mode = match raw.mode.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("f2f") | None => Mode::F2f,
        Some("online") => Mode::Online,
        Some(other) => {
            diags.push(
                idx.annotate(
                    Diagnostic::error(file, at("mode"), format!("unknown mode `{other}`"))
                        .with_help("use mode = \"f2f\" (face to face) or mode = \"online\""),
                ),
            );
            Mode::F2f
        }
    };
    Some(FrontMatter {
        title,
        session: raw.session,
        session_pos: at("session"),
        mode,
        duration: raw.duration,
        theme: raw.theme,
        fillable: raw.fillable,
    })
}

fn toml_error(e: &toml::de::Error, base: usize, idx: &LineIndex, file: &str) -> Diagnostic {
    let pos = e.span().map_or(idx.pos(base), |s| idx.pos(base + s.start));
    let len = e.span().map_or(1, |s| s.len());
    let message = e.message().trim().replace('\n', " ");
    // "invalid type: string \"ninety\", expected u32": say in words which
    // type the key takes, not what TOML calls it.
    let expected = message
        .strip_prefix("invalid type")
        .and_then(|m| m.split(", expected ").nth(1))
        .map(|want| {
            let want = want.trim();
            if want.starts_with('u') || want.starts_with('i') {
                "a whole number, without quotes (e.g. duration = 90)"
            } else if want.starts_with('f') {
                "a number, without quotes (e.g. time = 2.5)"
            } else if want.contains("bool") {
                "true or false, without quotes"
            } else if want.contains("string") {
                "text in quotes (key = \"value\")"
            } else {
                "another kind of value"
            }
        });
    let quoted = message.starts_with("invalid type: string");
    let (message, help) = match expected {
        Some(want) => (
            format!("this value has the wrong type: it must be {want}"),
            if quoted && !want.starts_with("text") {
                "remove the quotes: in TOML, quotes make a value text".to_string()
            } else {
                format!("write {want}")
            },
        ),
        None if message.contains("unknown field") => (
            format!("malformed settings: {message}"),
            "check the spelling of the key".to_string(),
        ),
        None => (
            format!("malformed settings: {message}"),
            "TOML values need quotes around text: key = \"value\"".to_string(),
        ),
    };
    idx.annotate(
        Diagnostic::error(file, pos, message)
            .with_len(len)
            .with_help(help),
    )
}

fn find_key(text: &str, key: &str, idx: &LineIndex) -> Pos {
    text.find(key).map(|o| idx.pos(o)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys serde names when it refuses an unknown one.
    fn accepted_keys<T: serde::de::DeserializeOwned>() -> Vec<String> {
        let Err(e) = toml::from_str::<T>("not_a_key_of_lectern = 1") else {
            panic!("an unknown key was accepted");
        };
        let message = e.message().to_string();
        let list = message.split("expected one of").nth(1).unwrap_or("");
        list.split(',')
            .map(|k| k.trim().trim_matches('`').to_string())
            .filter(|k| !k.is_empty())
            .collect()
    }

    #[test]
    fn key_tables_name_exactly_the_keys_read() {
        let table = |keys: &[(&str, &str)]| -> Vec<String> {
            keys.iter().map(|(k, _)| (*k).to_string()).collect()
        };
        assert_eq!(accepted_keys::<CourseToml>(), table(&COURSE_KEYS));
        assert_eq!(
            accepted_keys::<FrontMatterToml>(),
            table(&FRONT_MATTER_KEYS)
        );
    }

    #[test]
    fn course_toml_reads_all_fields() {
        let mut d = Vec::new();
        let c = parse_course(
            "title = \"T\"\nlanguage = \"nl\"\nauthor = \"A. Trainer\"\naspect = \"4:3\"\nduration = 60\nallow_html = true\n",
            "course.toml",
            &mut d,
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(c.title, "T");
        assert_eq!(c.language, "nl");
        assert_eq!(c.author.as_deref(), Some("A. Trainer"));
        assert_eq!(c.aspect, Aspect::Standard);
        assert_eq!(c.duration, 60);
        assert!(c.allow_html);
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let mut d = Vec::new();
        parse_course(
            "title = \"T\"\nduration = \"lang\"\n",
            "course.toml",
            &mut d,
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].pos, Pos { line: 2, col: 12 });
        assert!(d[0].is_error());
    }

    #[test]
    fn unknown_key_is_an_error() {
        let mut d = Vec::new();
        parse_course("title = \"T\"\ntheem = \"x\"\n", "course.toml", &mut d);
        assert_eq!(d[0].pos.line, 2);
        assert!(d[0].message.contains("theem"), "{}", d[0].message);
    }
}

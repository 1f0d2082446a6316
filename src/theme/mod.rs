//! Themes: one definition (`theme.toml`) that becomes CSS variables for the
//! HTML and data for the Typst templates, so both outputs look alike.
//!
//! Themes are read loosely (TOML values), merged over the theme they
//! `extends`, then resolved into a fully specified `Theme`. The built-in
//! themes are embedded in the binary; a course may add its own in
//! `<course>/themes/<name>/`.

pub mod geometry;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

use crate::deck::SlideKind;

/// Built-in themes: name, theme.toml.
const BUILTIN: [(&str, &str); 4] = [
    ("default", include_str!("../../themes/default/theme.toml")),
    (
        "projector",
        include_str!("../../themes/projector/theme.toml"),
    ),
    (
        "screenshare",
        include_str!("../../themes/screenshare/theme.toml"),
    ),
    ("print", include_str!("../../themes/print/theme.toml")),
];
const BASE_CSS: &str = include_str!("../../themes/default/slides.css");
const BASE_TYPST: &str = include_str!("../../themes/default/deck.typ");

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Palette {
    pub background: String,
    pub text: String,
    pub muted: String,
    pub surface: String,
    pub accent: String,
    pub on_accent: String,
    pub link: String,
    /// Accent per slide kind (labels, rules).
    pub kinds: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sizes {
    pub title: f64,
    pub heading: f64,
    pub body: f64,
    pub small: f64,
    pub label: f64,
    /// Smallest body size a slide is set in; below it a slide flows onto more pages.
    pub min: f64,
    /// Largest body size a short slide grows to (default 1.4 × `body`).
    #[serde(default)]
    pub max_body: Option<f64>,
    /// More projected pages than this for one logical slide is a warning.
    #[serde(default = "default_max_pages")]
    pub max_pages: u32,
    /// The type scale as the theme declares it (`scale = [{ body, title }]`,
    /// at most three steps); `steps()` derives one when it is absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scale: Vec<Step>,
}

/// One step of a theme's type scale: a body size and the title that goes
/// with it. Headings and small text scale with the body; labels stay.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub body: f64,
    pub title: f64,
}

/// The least a slide title stands above its body: below it the hierarchy
/// disappears on exactly the slides with the most text.
pub const TITLE_RATIO: f64 = 1.3;

/// The smallest title for a body size: 1.3 × it, up to the half point.
pub fn least_title(body: f64) -> f64 {
    (body * TITLE_RATIO * 2.0).ceil() / 2.0
}

/// Steps a scale may have: a deck set in more sizes than this looks unplanned.
pub const MAX_STEPS: usize = 3;

fn default_max_pages() -> u32 {
    3
}

impl Sizes {
    /// The body size range fitting chooses from, largest first.
    pub fn fit_range(&self) -> (f64, f64) {
        let steps = self.steps();
        (steps[steps.len() - 1].body, steps[0].body)
    }

    /// The type scale, smallest step first: the theme's own `scale`, or
    /// one derived from the older keys (`min`, `body`, `max_body`: up to
    /// three steps, each title at least 1.3 × its body and never under
    /// `title`). Fitting sets a slide's body at one of these sizes.
    pub fn steps(&self) -> Vec<Step> {
        if !self.scale.is_empty() {
            let mut steps = self.scale.clone();
            steps.sort_by(|a, b| a.body.total_cmp(&b.body));
            return steps;
        }
        let max = self.max_body.unwrap_or(self.body * 1.4).max(self.body);
        let mut bodies = vec![self.min.min(self.body), self.body, max];
        bodies.dedup_by(|a, b| (*a - *b).abs() < 0.25);
        bodies
            .into_iter()
            .map(|body| Step {
                body,
                title: self.title.max(least_title(body)),
            })
            .collect()
    }

    /// The title size that goes with a body size: its step's, or for a size
    /// off the scale (a course template's own decision) the title of the
    /// largest step at or below it, raised to 1.3 × the body.
    pub fn title_for(&self, body: f64) -> f64 {
        let steps = self.steps();
        let step = steps
            .iter()
            .rev()
            .find(|s| s.body <= body + 0.01)
            .unwrap_or(&steps[0]);
        step.title.max(least_title(body))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fonts {
    pub body: String,
    pub mono: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Layout {
    pub margin: f64,
    pub radius: f64,
    pub rule: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ThemeSpec {
    description: String,
    follow_system: bool,
    #[serde(default)]
    bold_body: bool,
    colors: Palette,
    dark: Option<Palette>,
    fonts: Fonts,
    sizes: Sizes,
    layout: Layout,
}

/// A resolved theme.
#[derive(Debug, Clone, Serialize)]
pub struct Theme {
    pub name: String,
    pub description: String,
    /// Whether the browser follows the OS light/dark setting.
    pub follow_system: bool,
    pub bold_body: bool,
    pub colors: Palette,
    pub dark: Option<Palette>,
    pub fonts: Fonts,
    pub sizes: Sizes,
    pub layout: Layout,
    /// Layout CSS (the values come from the variables).
    #[serde(skip)]
    pub css: String,
    /// The Typst template for slides, workbook and notes.
    #[serde(skip)]
    pub typst: String,
    /// What the author should know about how the theme was read (a course
    /// CSS file left out, say), reported as warnings.
    #[serde(skip)]
    pub warnings: Vec<String>,
    /// The course theme's own font files (`themes/<name>/fonts/*.ttf|otf`):
    /// the PDF embeds them, the HTML a subset of them, the PowerPoint file
    /// names their family.
    #[serde(skip)]
    pub font_files: Vec<std::sync::Arc<Vec<u8>>>,
    /// A hash of those files' bytes, made once when they are read: what
    /// caches key on, so no build hashes megabytes of fonts again.
    #[serde(skip)]
    pub font_key: u64,
}

impl Theme {
    /// The theme with its type scale floored at `floor` points (the
    /// smallest body a room's back row reads): steps below it give way to
    /// one step at the floor, whose title is still 1.3 × its body; the
    /// minimum for small text and figures rises with it.
    pub fn floored(&self, floor: f64) -> Theme {
        let mut theme = self.clone();
        let steps = self.sizes.steps();
        if floor <= steps[0].body {
            return theme;
        }
        let mut scale: Vec<Step> = steps.iter().filter(|s| s.body > floor).copied().collect();
        let below = steps
            .iter()
            .rev()
            .find(|s| s.body <= floor)
            .unwrap_or(&steps[0]);
        scale.insert(
            0,
            Step {
                body: floor,
                title: below.title.max(least_title(floor)),
            },
        );
        for (a, b) in (0..scale.len()).zip(1..scale.len()) {
            scale[b].title = scale[b].title.max(scale[a].title);
        }
        let s = &mut theme.sizes;
        s.title = s.title.max(scale[0].title);
        s.heading = s.heading.max(floor);
        s.small = s.small.max(floor);
        s.min = s.min.max(floor);
        s.body = s.body.max(floor);
        s.scale = scale;
        theme
    }

    /// Whether slides are drawn by lectern's own template (not a course's
    /// `deck.typ`): what `fit::bound` knows the geometry of.
    pub fn uses_builtin_template(&self) -> bool {
        self.typst == BASE_TYPST
    }
}

/// Themes resolved once per load of a course: every deck and document asks
/// here instead of reading `theme.toml` again. A new load (the live server
/// after a save) starts a new cache, so an edited theme is read afresh.
#[derive(Debug, Default)]
pub struct Cache {
    themes: std::sync::Mutex<BTreeMap<String, Result<std::sync::Arc<Theme>, String>>>,
}

impl Clone for Cache {
    fn clone(&self) -> Self {
        Cache::default()
    }
}

impl Cache {
    pub fn get(
        &self,
        name: &str,
        course_root: &Path,
        allow_course_css: bool,
    ) -> Result<std::sync::Arc<Theme>, ThemeError> {
        let mut themes = self
            .themes
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        themes
            .entry(name.to_string())
            .or_insert_with(|| {
                load(name, course_root, allow_course_css)
                    .map(std::sync::Arc::new)
                    .map_err(|e| e.message)
            })
            .clone()
            .map_err(|message| ThemeError { message })
    }
}

/// A theme name is a name, not a path: letters, digits, `-` and `_`.
pub fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[derive(Debug)]
pub struct ThemeError {
    pub message: String,
}

/// Version of the data lectern hands a theme's Typst template
/// (`data.json`) and of what the template reports back (`fit::measure::
/// Reported`). A course template declares the version it was written for
/// (`#let contract = N` on a line of its own); another version is an
/// error that says so, not a silent "no decision" or a Typst error deep
/// inside the template.
pub const CONTRACT: u32 = 1;

/// The contract version a course template declares (`#let contract = N`
/// on a line of its own), or `None` when it declares none.
pub fn declared_contract(template: &str) -> Option<u32> {
    template.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("#let contract")?;
        rest.trim_start().strip_prefix('=')?.trim().parse().ok()
    })
}

/// The largest theme file read (the built-in template is about 40 KB).
const MAX_THEME_FILE: u64 = 1_000_000;

/// A course theme's file, or `None` when it has none: read bounded, and
/// only when it really lies in the course folder (a theme file or folder
/// that is a link to elsewhere is refused, as decks and pictures are).
fn read_theme_file(root: &Path, file: &Path) -> Result<Option<String>, ThemeError> {
    match crate::files::read_in_course(root, file, MAX_THEME_FILE) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| ThemeError {
            message: format!("{}: not UTF-8 text", file.display()),
        }),
        Err(crate::files::ReadError::NotFound) => Ok(None),
        Err(e) => Err(ThemeError {
            message: format!("{}: lectern does not read it: {e}", file.display()),
        }),
    }
}

/// Font files a course theme may bring, and how large each may be.
const MAX_FONT_FILES: usize = 16;
const MAX_FONT_FILE: u64 = 20_000_000;

/// The font files in `<course>/themes/<name>/fonts/` (`.ttf`, `.otf`),
/// each a font Typst and the browser can read, in name order.
fn course_fonts(root: &Path, name: &str) -> Result<Vec<std::sync::Arc<Vec<u8>>>, ThemeError> {
    let dir = root.join("themes").join(name).join("fonts");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<std::path::PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("ttf") || e.eq_ignore_ascii_case("otf"))
        })
        // One more than allowed is enough to say there are too many.
        .take(MAX_FONT_FILES + 1)
        .collect();
    files.sort();
    if files.len() > MAX_FONT_FILES {
        return Err(ThemeError {
            message: format!(
                "{}: more than {MAX_FONT_FILES} font files; a theme brings at most {MAX_FONT_FILES} (a family's regular, bold and italics are four)",
                dir.display()
            ),
        });
    }
    files
        .iter()
        .map(|file| {
            let data = crate::files::read_in_course(root, file, MAX_FONT_FILE).map_err(|e| {
                ThemeError {
                    message: format!("{}: lectern does not read it: {e}", file.display()),
                }
            })?;
            if ttf_parser::Face::parse(&data, 0).is_err() {
                return Err(ThemeError {
                    message: format!(
                        "{}: not a TrueType or OpenType font lectern can read",
                        file.display()
                    ),
                });
            }
            Ok(std::sync::Arc::new(data))
        })
        .collect()
}

/// A course template written for another contract than this lectern's.
fn check_contract(template: &str, file: &Path) -> Result<(), ThemeError> {
    match declared_contract(template) {
        Some(CONTRACT) => Ok(()),
        declared => Err(ThemeError {
            message: format!(
                "{}: this template is written for {}; this lectern hands templates contract {CONTRACT} \
                 (compare it with `lectern build --typst-dir` of the built-in theme, then declare `#let contract = {CONTRACT}`)",
                file.display(),
                declared.map_or("no declared template contract".to_string(), |v| format!("template contract {v}"))
            ),
        }),
    }
}

/// Names of every theme a course can use.
pub fn available(course_root: &Path) -> Vec<String> {
    let mut names: Vec<String> = BUILTIN.iter().map(|(n, _)| n.to_string()).collect();
    if let Ok(entries) = std::fs::read_dir(course_root.join("themes")) {
        for e in entries.flatten() {
            if e.path().join("theme.toml").is_file() {
                let name = e.file_name().to_string_lossy().to_string();
                if is_name(&name) && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    names
}

/// The description line of a theme, for `lectern themes`.
pub fn describe(name: &str, course_root: &Path) -> String {
    load(name, course_root, true).map_or_else(|e| e.message, |t| t.description)
}

/// The built-in theme of that name, whatever the course folder holds.
pub fn builtin(name: &str) -> Result<Theme, ThemeError> {
    load_from(name, None, false)
}

/// Loads and resolves a theme by name: the course's own
/// (`<course>/themes/<name>/`) or a built-in one. A course's `slides.css`
/// is used only when `allow_course_css` (the course's `allow_html`): CSS
/// can carry markup into the page.
pub fn load(name: &str, course_root: &Path, allow_course_css: bool) -> Result<Theme, ThemeError> {
    load_from(name, Some(course_root), allow_course_css)
}

fn load_from(
    name: &str,
    course_root: Option<&Path>,
    allow_course_css: bool,
) -> Result<Theme, ThemeError> {
    let mut css = None;
    let mut typst = None;
    let value = load_value(name, course_root, &mut css, &mut typst, 0)?;
    let mut warnings = Vec::new();
    if css.is_some() && !allow_course_css {
        css = None;
        warnings.push(format!(
            "theme `{name}`: the course's slides.css is not used, because CSS can put markup into the page; set `allow_html = true` in course.toml to use it"
        ));
    }
    let spec: ThemeSpec = value.try_into().map_err(|e: toml::de::Error| ThemeError {
        message: format!("theme `{name}`: {}", e.message().trim()),
    })?;
    let font_files = match course_root {
        Some(root) => course_fonts(root, name)?,
        None => Vec::new(),
    };
    let font_key = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        font_files.hash(&mut h);
        h.finish()
    };
    let theme = Theme {
        name: name.to_string(),
        description: spec.description,
        follow_system: spec.follow_system,
        bold_body: spec.bold_body,
        colors: spec.colors,
        dark: spec.dark,
        fonts: spec.fonts,
        sizes: spec.sizes,
        layout: spec.layout,
        css: css.unwrap_or_else(|| BASE_CSS.to_string()),
        typst: typst.unwrap_or_else(|| BASE_TYPST.to_string()),
        warnings,
        font_files,
        font_key,
    };
    validate(&theme)?;
    Ok(theme)
}

/// Every value of a theme goes into CSS and Typst: each must be what its
/// field says (a colour, a size, a font name), so none can carry code.
fn validate(theme: &Theme) -> Result<(), ThemeError> {
    let name = &theme.name;
    let fail = |message: String| Err(ThemeError { message });
    for kind in SlideKind::ALL {
        if !theme.colors.kinds.contains_key(kind.name()) {
            return Err(ThemeError {
                message: format!(
                    "theme `{name}` has no colour for slide kind `{}`",
                    kind.name()
                ),
            });
        }
    }
    let palettes = std::iter::once(&theme.colors).chain(theme.dark.as_ref());
    for key in palettes.flat_map(|p| p.kinds.keys()) {
        if !SlideKind::ALL.iter().any(|k| k.name() == key) {
            let kinds: Vec<&str> = SlideKind::ALL.iter().map(|k| k.name()).collect();
            return fail(format!(
                "theme `{name}`: `{key}` in [colors.kinds] is not a slide kind (kinds: {})",
                kinds.join(", ")
            ));
        }
    }
    for c in theme.pairs().iter().flat_map(|p| [&p.fg, &p.bg]) {
        if parse_hex(c).is_none() {
            return fail(format!(
                "theme `{name}`: `{c}` is not a colour like \"#1f4a6e\""
            ));
        }
    }
    for (field, font) in [("body", &theme.fonts.body), ("mono", &theme.fonts.mono)] {
        let plain = |c: char| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.');
        if font.trim().is_empty() || font.chars().count() > 64 || !font.chars().all(plain) {
            return fail(format!(
                "theme `{name}`: font `{font}` in [fonts] {field} is not a font name (letters, digits, spaces, `-`, `_`, `.`)"
            ));
        }
    }
    let s = &theme.sizes;
    let l = &theme.layout;
    let sizes = [
        ("sizes.title", s.title, 4.0, 400.0),
        ("sizes.heading", s.heading, 4.0, 400.0),
        ("sizes.body", s.body, 4.0, 400.0),
        ("sizes.small", s.small, 4.0, 400.0),
        ("sizes.label", s.label, 4.0, 400.0),
        ("sizes.min", s.min, 4.0, 400.0),
        ("sizes.max_body", s.max_body.unwrap_or(s.body), 4.0, 400.0),
        ("layout.margin", l.margin, 0.0, 200.0),
        ("layout.radius", l.radius, 0.0, 100.0),
        ("layout.rule", l.rule, 0.0, 20.0),
    ];
    for (field, value, min, max) in sizes {
        if !(min..=max).contains(&value) {
            return fail(format!(
                "theme `{name}`: {field} = {value} is outside {min}–{max} (points on a 960-wide slide)"
            ));
        }
    }
    if s.scale.len() > MAX_STEPS {
        return fail(format!(
            "theme `{name}`: sizes.scale has {} steps; a deck set in more than {MAX_STEPS} body sizes looks unplanned, so keep at most {MAX_STEPS}",
            s.scale.len()
        ));
    }
    for step in &s.scale {
        for (field, value) in [("body", step.body), ("title", step.title)] {
            if !(4.0..=400.0).contains(&value) {
                return fail(format!(
                    "theme `{name}`: sizes.scale {field} = {value} is outside 4–400 (points on a 960-wide slide)"
                ));
            }
        }
        if step.title < step.body * TITLE_RATIO - 0.01 {
            return fail(format!(
                "theme `{name}`: in sizes.scale the title {} is less than {TITLE_RATIO} × its body {}; make it at least {}",
                step.title,
                step.body,
                least_title(step.body)
            ));
        }
    }
    if !(1..=1000).contains(&s.max_pages) {
        return fail(format!(
            "theme `{name}`: sizes.max_pages = {} is outside 1–1000",
            s.max_pages
        ));
    }
    Ok(())
}

fn load_value(
    name: &str,
    course_root: Option<&Path>,
    css: &mut Option<String>,
    typst: &mut Option<String>,
    depth: usize,
) -> Result<toml::Value, ThemeError> {
    if depth > 8 {
        return Err(ThemeError {
            message: format!("theme `{name}` extends itself in a loop"),
        });
    }
    if !is_name(name) {
        return Err(ThemeError {
            message: format!(
                "`{name}` is not a theme name: use letters, digits, `-` and `_` (a course theme lives in themes/<name>/)"
            ),
        });
    }
    let local = course_root.map(|root| (root, root.join("themes").join(name)));
    let local = local.filter(|(_, l)| l.join("theme.toml").exists());
    let text = if let Some((root, local)) = local {
        let read = |f: &str| read_theme_file(root, &local.join(f));
        if css.is_none() {
            *css = read("slides.css")?;
        }
        if typst.is_none() {
            *typst = read("deck.typ")?;
            if let Some(template) = typst.as_deref() {
                check_contract(template, &local.join("deck.typ"))?;
            }
        }
        read("theme.toml")?.ok_or_else(|| ThemeError {
            message: format!("{}: cannot read", local.display()),
        })?
    } else if let Some((_, t)) = BUILTIN.iter().find(|(n, _)| *n == name) {
        t.to_string()
    } else {
        return Err(ThemeError {
            message: format!("unknown theme `{name}`"),
        });
    };
    let mut value: toml::Value = toml::from_str(&text).map_err(|e| ThemeError {
        message: format!("theme `{name}`: {}", e.message().trim()),
    })?;
    let parent = value
        .get("extends")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    if let Some(parent) = parent {
        // A course theme may shadow a built-in one and still extend it.
        let parent_value = if parent == name {
            if course_root.is_none() || !BUILTIN.iter().any(|(n, _)| *n == name) {
                return Err(ThemeError {
                    message: format!("theme `{name}` extends itself"),
                });
            }
            // The built-in of that name, with whatever it extends in turn.
            load_value(&parent, None, css, typst, depth + 1)?
        } else {
            load_value(&parent, course_root, css, typst, depth + 1)?
        };
        value = merge(parent_value, own_scale(&value));
    }
    Ok(value)
}

/// A theme that sets its body sizes (`body`, `min`, `max_body`) but no
/// `scale` gets a scale derived from those sizes, not its parent's.
fn own_scale(value: &toml::Value) -> toml::Value {
    let mut value = value.clone();
    if let Some(sizes) = value.get_mut("sizes").and_then(|s| s.as_table_mut()) {
        let resized = ["body", "min", "max_body"]
            .iter()
            .any(|k| sizes.contains_key(*k));
        if resized && !sizes.contains_key("scale") {
            sizes.insert("scale".into(), toml::Value::Array(Vec::new()));
        }
    }
    value
}

/// Deep merge: tables merge key by key, anything else in `over` wins.
fn merge(base: toml::Value, over: toml::Value) -> toml::Value {
    match (base, over) {
        (toml::Value::Table(mut b), toml::Value::Table(o)) => {
            for (k, v) in o {
                let merged = match b.remove(&k) {
                    Some(bv) => merge(bv, v),
                    None => v,
                };
                b.insert(k, merged);
            }
            toml::Value::Table(b)
        }
        (_, o) => o,
    }
}

/// A text colour on a background the theme produces, for contrast checks.
pub struct Pair {
    pub what: String,
    pub fg: String,
    pub bg: String,
    /// Body text must reach AAA (7:1); labels and links AA (4.5:1).
    pub body: bool,
}

impl Theme {
    /// Every text/background pair this theme draws.
    pub fn pairs(&self) -> Vec<Pair> {
        let mut pairs = Vec::new();
        let mut add = |what: String, fg: &str, bg: &str, body: bool| {
            pairs.push(Pair {
                what,
                fg: fg.to_string(),
                bg: bg.to_string(),
                body,
            });
        };
        let c = &self.colors;
        add("text on background".into(), &c.text, &c.background, true);
        add("text on cards".into(), &c.text, &c.surface, true);
        add(
            "muted text on background".into(),
            &c.muted,
            &c.background,
            false,
        );
        add("links".into(), &c.link, &c.background, false);
        add("text on accent".into(), &c.on_accent, &c.accent, false);
        for (kind, colour) in &c.kinds {
            add(format!("{kind} label"), colour, &c.background, false);
        }
        if let Some(d) = &self.dark {
            add(
                "dark: text on background".into(),
                &d.text,
                &d.background,
                true,
            );
            add("dark: text on cards".into(), &d.text, &d.surface, true);
            add("dark: muted text".into(), &d.muted, &d.background, false);
            add("dark: links".into(), &d.link, &d.background, false);
            add(
                "dark: text on accent".into(),
                &d.on_accent,
                &d.accent,
                false,
            );
            for (kind, colour) in &d.kinds {
                add(format!("dark: {kind} label"), colour, &d.background, false);
            }
        }
        pairs
    }

    /// CSS custom properties for this theme.
    pub fn css_variables(&self) -> String {
        use crate::text::fonts;
        let c = &self.colors;
        let s = &self.sizes;
        let l = &self.layout;
        let mut css = format!(
            ":root{{--bg:{};--text:{};--muted:{};--surface:{};--accent:{};--on-accent:{};--link:{};\
             --font:{}\"{}\",\"Segoe UI\",Arial,sans-serif;--line:{:.3};--mono:\"{}\",\"DejaVu Sans Mono\",monospace;\
             --size-title:{}px;--size-heading:{}px;--size-body:{}px;--size-small:{}px;--size-label:{}px;\
             --margin:{}px;--radius:{}px;--rule:{}px;--body-weight:{};",
            c.background, c.text, c.muted, c.surface, c.accent, c.on_accent, c.link,
            // The bundled face is embedded in the page under its own name,
            // so lines wrap as in the PDF.
            if self.fonts.body == fonts::HOUSE_FAMILY {
                format!("\"{}\",", fonts::HTML_FAMILY)
            } else {
                format!("\"{}\",", self.fonts.body)
            },
            fonts::HTML_FALLBACK_FAMILY,
            // A line is the face's capital height plus 0.5 em of leading,
            // as the template sets it (`body-style`); a system face's
            // metrics are unknown, DejaVu's stand in.
            if self.fonts.body == fonts::HOUSE_FAMILY {
                fonts::house_cap_height() + 0.5
            } else {
                1.229
            },
            self.fonts.mono, s.title, s.heading, s.body, s.small, s.label,
            l.margin, l.radius, l.rule, if self.bold_body { 600 } else { 400 }
        );
        for (k, v) in &c.kinds {
            css.push_str(&format!("--kind-{k}:{v};"));
        }
        css.push('}');
        if let (true, Some(d)) = (self.follow_system, &self.dark) {
            css.push_str(&format!(
                "@media (prefers-color-scheme: dark){{:root:not(.fullscreen){{--bg:{};--text:{};--muted:{};--surface:{};--accent:{};--on-accent:{};--link:{};",
                d.background, d.text, d.muted, d.surface, d.accent, d.on_accent, d.link
            ));
            for (k, v) in &d.kinds {
                css.push_str(&format!("--kind-{k}:{v};"));
            }
            css.push_str("}}");
        }
        css
    }
}

pub fn parse_hex(s: &str) -> Option<(u8, u8, u8)> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 || !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let p = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some((p(0)?, p(2)?, p(4)?))
}

/// WCAG 2 relative luminance.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let ch = |v: u8| {
        let c = f64::from(v) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)
}

/// WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21).
pub fn contrast(a: &str, b: &str) -> Option<f64> {
    let (la, lb) = (luminance(parse_hex(a)?), luminance(parse_hex(b)?));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    Some((hi + 0.05) / (lo + 0.05))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_reference_values() {
        assert!((contrast("#000000", "#ffffff").unwrap() - 21.0).abs() < 1e-9);
        assert!((contrast("#777777", "#ffffff").unwrap() - 4.48).abs() < 0.01);
        assert_eq!(contrast("#123456", "#123456"), Some(1.0));
        assert_eq!(contrast("red", "#fff"), None);
    }

    #[test]
    fn every_builtin_theme_resolves_and_body_text_reaches_aaa() {
        let root = Path::new("/nonexistent");
        for (name, _) in BUILTIN {
            let theme = load(name, root, false).unwrap_or_else(|e| panic!("{name}: {}", e.message));
            for p in theme.pairs() {
                let ratio = contrast(&p.fg, &p.bg).unwrap();
                let need = if p.body { 7.0 } else { 4.5 };
                assert!(
                    ratio >= need,
                    "{name}: {} is {ratio:.2}:1, needs {need}:1",
                    p.what
                );
            }
        }
    }

    #[test]
    fn extends_merges_tables_key_by_key() {
        let t = load("projector", Path::new("/nonexistent"), false)
            .ok()
            .unwrap();
        assert_eq!(t.colors.background, "#0b0c0e");
        // Inherited from default, not overridden by projector.
        assert_eq!(t.fonts.mono, "DejaVu Sans Mono");
        assert_eq!(t.layout.margin, 44.0);
    }

    #[test]
    fn a_course_theme_may_shadow_a_builtin_that_extends_another() {
        let root = std::env::temp_dir().join(format!("lectern-shadow-{}", std::process::id()));
        std::fs::create_dir_all(root.join("themes/screenshare")).unwrap();
        std::fs::write(
            root.join("themes/screenshare/theme.toml"),
            "extends = \"screenshare\"\n[colors]\nbackground = \"#ffffff\"\n",
        )
        .unwrap();
        let t = load("screenshare", &root, false).unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!(t.colors.background, "#ffffff");
        assert!(
            t.colors.kinds.contains_key("exercise"),
            "the built-in's own parent is followed"
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    /// A course theme in a temporary course folder, loaded by name.
    fn course_theme(tag: &str, toml: &str) -> Result<Theme, ThemeError> {
        let root = std::env::temp_dir().join(format!("lectern-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(root.join("themes/house")).unwrap();
        std::fs::write(root.join("themes/house/theme.toml"), toml).unwrap();
        let t = load("house", &root, false);
        let _ = std::fs::remove_dir_all(&root);
        t
    }

    #[test]
    fn the_type_scale_is_the_theme_s_own_or_made_from_its_sizes() {
        let bodies = |t: &Theme| t.sizes.steps().iter().map(|s| s.body).collect::<Vec<_>>();
        let default = builtin("default").unwrap();
        assert_eq!(bodies(&default), [24.0, 28.0, 34.0]);
        assert!(default
            .sizes
            .steps()
            .iter()
            .all(|s| s.title >= s.body * TITLE_RATIO));
        assert_eq!(default.sizes.title_for(28.0), 38.0);
        // Off the scale (a course template's own size): raised to 1.3 × body.
        assert_eq!(default.sizes.title_for(40.0), 52.0);
        // A theme that resizes without a scale gets one from its sizes, not
        // the default's: min, body, max_body, titles at least 1.3 × body.
        let t = course_theme(
            "resized",
            "extends = \"default\"\n[sizes]\nmin = 20\nbody = 22\nmax_body = 32\n",
        )
        .unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!(bodies(&t), [20.0, 22.0, 32.0]);
        assert_eq!(
            t.sizes.steps().iter().map(|s| s.title).collect::<Vec<_>>(),
            [40.0, 40.0, 42.0]
        );
        // One that only recolours keeps its parent's scale.
        let t = course_theme(
            "recoloured",
            "extends = \"default\"\n[colors]\ntext = \"#000000\"\n",
        )
        .unwrap_or_else(|e| panic!("{}", e.message));
        assert_eq!(bodies(&t), [24.0, 28.0, 34.0]);
    }

    #[test]
    fn a_scale_of_more_than_three_steps_or_a_small_title_is_refused_with_the_fix() {
        let four = "extends = \"default\"\n[sizes]\nscale = [{ body = 20, title = 30 }, { body = 24, title = 34 }, { body = 28, title = 38 }, { body = 32, title = 44 }]\n";
        let e = course_theme("four", four).err().unwrap();
        assert!(
            e.message.contains("4 steps") && e.message.contains("at most 3"),
            "{}",
            e.message
        );
        let flat = "extends = \"default\"\n[sizes]\nscale = [{ body = 30, title = 32 }]\n";
        let e = course_theme("flat", flat).err().unwrap();
        assert!(e.message.contains("make it at least 39"), "{}", e.message);
    }

    #[test]
    fn a_theme_brings_at_most_sixteen_font_files() {
        let root = std::env::temp_dir().join(format!("lectern-many-fonts-{}", std::process::id()));
        std::fs::create_dir_all(root.join("themes/house/fonts")).unwrap();
        std::fs::write(
            root.join("themes/house/theme.toml"),
            "extends = \"default\"\n",
        )
        .unwrap();
        for i in 0..=MAX_FONT_FILES {
            std::fs::write(root.join(format!("themes/house/fonts/f{i}.ttf")), b"x").unwrap();
        }
        let e = load("house", &root, false).err().unwrap();
        let _ = std::fs::remove_dir_all(&root);
        assert!(
            e.message.contains("more than 16 font files"),
            "{}",
            e.message
        );
    }

    /// Caches key on the font files' bytes: another file under the same
    /// name is another key, the same bytes read again the same one.
    #[test]
    fn the_font_key_follows_the_files_bytes() {
        let root = std::env::temp_dir().join(format!("lectern-font-key-{}", std::process::id()));
        std::fs::create_dir_all(root.join("themes/house/fonts")).unwrap();
        std::fs::write(
            root.join("themes/house/theme.toml"),
            "extends = \"default\"\n",
        )
        .unwrap();
        let font = root.join("themes/house/fonts/Face.ttf");
        let key = |data: &[u8]| {
            std::fs::write(&font, data).unwrap();
            load("house", &root, false).unwrap().font_key
        };
        let fallback = &crate::text::fonts::FALLBACK;
        let (regular, bold) = (fallback[0].data, fallback[1].data);
        let (a, b, again) = (key(regular), key(bold), key(regular));
        let _ = std::fs::remove_dir_all(&root);
        assert_ne!(a, b);
        assert_eq!(a, again);
        assert_ne!(a, builtin("default").unwrap().font_key);
    }

    #[test]
    fn unknown_theme_is_an_error() {
        assert!(load("nope", Path::new("/nonexistent"), false).is_err());
        for path in ["/tmp/x", "../../x", "a/b", "..", "", "x\\y"] {
            let e = load(path, Path::new("/nonexistent"), false).err().unwrap();
            assert!(
                e.message.contains("not a theme name"),
                "{path}: {}",
                e.message
            );
        }
    }

    #[test]
    fn a_course_template_of_another_contract_is_refused_by_name() {
        assert_eq!(
            declared_contract("// x\n#let contract = 1\n#let y = 2"),
            Some(1)
        );
        assert_eq!(declared_contract("#let contracts = 1"), None);
        assert_eq!(declared_contract(BASE_TYPST), Some(CONTRACT));
        let root = std::env::temp_dir().join(format!("lectern-contract-{}", std::process::id()));
        std::fs::create_dir_all(root.join("themes/old")).unwrap();
        std::fs::write(
            root.join("themes/old/theme.toml"),
            "extends = \"default\"\n",
        )
        .unwrap();
        std::fs::write(
            root.join("themes/old/deck.typ"),
            "#let data = json(\"/data.json\")\n",
        )
        .unwrap();
        let Err(e) = load("old", &root, false) else {
            panic!("refused")
        };
        assert!(
            e.message.contains("no declared template contract"),
            "{}",
            e.message
        );
        assert!(e.message.contains("themes/old/deck.typ"), "{}", e.message);
        let next = BASE_TYPST.replace(
            &format!("#let contract = {CONTRACT}"),
            &format!("#let contract = {}", CONTRACT + 1),
        );
        std::fs::write(root.join("themes/old/deck.typ"), next).unwrap();
        let Err(e) = load("old", &root, false) else {
            panic!("refused")
        };
        assert!(
            e.message
                .contains(&format!("template contract {}", CONTRACT + 1)),
            "{}",
            e.message
        );
        std::fs::write(root.join("themes/old/deck.typ"), BASE_TYPST).unwrap();
        assert!(load("old", &root, false).is_ok());
        let _ = std::fs::remove_dir_all(&root);
    }
}

//! Starter files for `lectern init` and `lectern new`, in the course's
//! language: a `course.toml`, decks that show each slide kind once, and a
//! `.gitignore` for what lectern writes. Pure text; the CLI writes it.

pub use crate::text::words::LANGUAGES;

fn dutch(language: &str) -> bool {
    language.starts_with("nl")
}

/// Quotes a value for TOML (titles may hold quotes or backslashes).
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

pub fn course_toml(title: &str, language: &str) -> String {
    let comment = if dutch(language) {
        "# De instellingen van de cursus; alle sleutels staan in lectern's docs/deck-format.md."
    } else {
        "# The course's settings; lectern's docs/deck-format.md lists every key."
    };
    format!(
        "{comment}\ntitle = {}\nlanguage = {}\ntheme = \"default\"\nonline_theme = \"screenshare\"\naspect = \"16:9\"\nduration = 90\n",
        quoted(title),
        quoted(language)
    )
}

pub const GITIGNORE: &str =
    "# What lectern writes: the outputs and the presenter view's delivery logs.\nout/\n.lectern/\n";

/// A deck's file name in a course: `03-session-3.md` / `03-sessie-3.md`.
pub fn deck_file_name(session: u32, language: &str) -> String {
    let word = if dutch(language) { "sessie" } else { "session" };
    format!("{session:02}-{word}-{session}.md")
}

/// A starter deck: front matter and one slide of each common kind, with
/// notes that say what goes where.
pub fn deck(title: &str, session: u32, mode: &str, language: &str) -> String {
    let heading = title.replace('{', "\\{");
    let front = format!(
        "+++\ntitle = {}\nsession = {session}\nmode = \"{mode}\"\nduration = 90\n+++\n\n",
        quoted(title)
    );
    let body = if dutch(language) {
        format!(
            "# {heading} {{.title}}\n\nSessie {session}\n\n???\nWelkom. Wat de trainers aan het begin zeggen en doen, staat hier na `???`.\n\n\
---\n\n## Afspraken {{.agreements time=5}}\n\n1. Elkaar respecteren\n2. Vertrouwelijkheid\n3. Op tijd komen\n\n???\nNotities voor de trainers: nooit zichtbaar voor de groep.\n\n\
---\n\n## Definitie {{.definition time=5}}\n\n“Een definitie om te projecteren.”\n\n\
---\n\n## Groepsoefening {{.exercise time=20}}\n\n- Een vraag aan de groep?\n- Nog een vraag?\n\n???\nDruk in de presentatorweergave op T voor de oefentimer.\n\n\
---\n\n## Thuisopdracht {{.assignment lines=10}}\n\nWat de deelnemers thuis doen; het werkboek geeft ze ruimte om te schrijven.\n"
        )
    } else {
        format!(
            "# {heading} {{.title}}\n\nSession {session}\n\n???\nWelcome. What the trainers say and do at the start goes here, after `???`.\n\n\
---\n\n## Agreements {{.agreements time=5}}\n\n1. Respect each other\n2. Confidentiality\n3. Be on time\n\n???\nNotes for the trainers: never shown to the group.\n\n\
---\n\n## Definition {{.definition time=5}}\n\n“A definition to project.”\n\n\
---\n\n## Group exercise {{.exercise time=20}}\n\n- A question for the group?\n- Another question?\n\n???\nPress T in the presenter view for the exercise timer.\n\n\
---\n\n## Home assignment {{.assignment lines=10}}\n\nWhat participants do at home; the workbook gives them room to write.\n"
        )
    };
    front + &body
}

/// The session title a starter course gives its decks.
pub fn session_title(session: u32, language: &str) -> String {
    if dutch(language) {
        format!("Sessie {session}")
    } else {
        format!("Session {session}")
    }
}

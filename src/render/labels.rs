//! Words and icons the outputs add around the deck's own text, by course
//! language. One table for every backend, so HTML and PDF say the same.

use crate::deck::SlideKind;

/// The label shown above a slide of this kind ("" for none).
pub fn kind_label(kind: SlideKind, lang: &str) -> &'static str {
    let nl = lang.starts_with("nl");
    match (kind, nl) {
        (SlideKind::Definition, true) => "Definitie",
        (SlideKind::Definition, false) => "Definition",
        (SlideKind::Agreements, true) => "Afspraken",
        (SlideKind::Agreements, false) => "Agreements",
        (SlideKind::Statements, true) => "Stellingen",
        (SlideKind::Statements, false) => "Statements",
        (SlideKind::Exercise, true) => "Groepsoefening",
        (SlideKind::Exercise, false) => "Group exercise",
        (SlideKind::Assignment, true) => "Thuisopdracht",
        (SlideKind::Assignment, false) => "Home assignment",
        (SlideKind::Recap, true) => "Herhaling",
        (SlideKind::Recap, false) => "Recap",
        (SlideKind::Video, _) => "Video",
        (SlideKind::Discussion, true) => "In gesprek",
        (SlideKind::Discussion, false) => "Discussion",
        (SlideKind::Section, true) => "Deel",
        (SlideKind::Section, false) => "Part",
        (SlideKind::List, _) | (SlideKind::Plain, _) | (SlideKind::Title, _) => "",
    }
}

/// An icon beside the label, so a kind is recognisable without colour.
/// Every glyph is in the bundled DejaVu Sans.
pub fn kind_icon(kind: SlideKind) -> &'static str {
    match kind {
        SlideKind::Definition => "❖",
        SlideKind::Agreements => "☑",
        SlideKind::Statements => "☰",
        SlideKind::Exercise => "✎",
        SlideKind::Assignment => "✍",
        SlideKind::Recap => "✔",
        SlideKind::Video => "▶",
        SlideKind::Discussion => "❞",
        SlideKind::Section => "§",
        SlideKind::List | SlideKind::Plain | SlideKind::Title => "",
    }
}

/// Other fixed words, by key.
pub fn word(key: &str, lang: &str) -> &'static str {
    let nl = lang.starts_with("nl");
    match (key, nl) {
        ("session", true) => "Sessie",
        ("session", false) => "Session",
        ("missing_image", true) => "Afbeelding nog in te voegen",
        ("missing_image", false) => "Image to insert",
        ("load_video", true) => "Video afspelen",
        ("load_video", false) => "Play video",
        ("video_privacy", true) => "De video wordt pas geladen als je klikt.",
        ("video_privacy", false) => "The video loads only when you click.",
        ("reflection", true) => "Reflectie: wat neem je mee uit de vorige sessie?",
        ("reflection", false) => "Reflection: what do you take from the last session?",
        ("contents", true) => "Inhoud",
        ("contents", false) => "Contents",
        ("notes", true) => "Notities voor de trainer",
        ("notes", false) => "Trainer notes",
        ("planned", true) => "gepland",
        ("planned", false) => "planned",
        ("workbook", true) => "Werkboek",
        ("workbook", false) => "Workbook",
        ("trainer_script", true) => "Draaiboek voor de trainers",
        ("trainer_script", false) => "Trainer script",
        ("slides", true) => "Dia's",
        ("slides", false) => "Slides",
        ("presenter", true) => "Presentatorweergave",
        ("presenter", false) => "Presenter view",
        ("continued", true) => "vervolg",
        ("continued", false) => "continued",
        // The workbook and the trainer script.
        ("name", true) => "Naam",
        ("name", false) => "Name",
        ("group", true) => "Groep",
        ("group", false) => "Group",
        ("date", true) => "Datum",
        ("date", false) => "Date",
        ("sessions", true) => "Sessies",
        ("sessions", false) => "Sessions",
        ("minutes", true) => "minuten",
        ("minutes", false) => "minutes",
        ("mode_f2f", true) => "Bijeenkomst in de groep",
        ("mode_f2f", false) => "In-person session",
        ("mode_online", true) => "Online bijeenkomst",
        ("mode_online", false) => "Online session",
        ("script", true) => "Draaiboek",
        ("script", false) => "Trainer script",
        ("time_plan", true) => "Tijdsplanning",
        ("time_plan", false) => "Time plan",
        ("slide", true) => "Dia",
        ("slide", false) => "Slide",
        ("title", true) => "Titel",
        ("title", false) => "Title",
        ("minutes_short", true) => "Min.",
        ("minutes_short", false) => "Min.",
        ("start", true) => "Start",
        ("start", false) => "Start",
        ("total", true) => "Totaal",
        ("total", false) => "Total",
        ("session_length", true) => "sessieduur",
        ("session_length", false) => "session length",
        _ => "",
    }
}

//! Words and icons the outputs add around the deck's own text, by course
//! language. One table for every backend, so HTML and PDF say the same.

use crate::deck::{Alert, SlideKind};

/// The languages lectern has words for; others fall back to English.
pub const LANGUAGES: [&str; 2] = ["nl", "en"];

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
        (SlideKind::List | SlideKind::Plain | SlideKind::Title, _) => "",
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

/// Whether a slide shows its kind's label above its title: not when the
/// title already says it ("Thuisopdracht" under THUISOPDRACHT), never on a
/// section slide (a section needs no "§ DEEL"). Every output asks here.
pub fn shows_label(slide: &crate::deck::Slide, lang: &str) -> bool {
    let label = kind_label(slide.kind, lang);
    if label.is_empty() || slide.kind == SlideKind::Section {
        return false;
    }
    let title = crate::deck::inline_text(&slide.title).to_lowercase();
    !title.contains(&label.to_lowercase())
}

/// The label of a GitHub alert (`> [!WARNING]`) in the course language.
pub fn alert_label(alert: Alert, lang: &str) -> &'static str {
    let nl = lang.starts_with("nl");
    match (alert, nl) {
        (Alert::Note, true) => "Opmerking",
        (Alert::Note, false) => "Note",
        (Alert::Tip, _) => "Tip",
        (Alert::Important, true) => "Belangrijk",
        (Alert::Important, false) => "Important",
        (Alert::Warning, true) => "Waarschuwing",
        (Alert::Warning, false) => "Warning",
        (Alert::Caution, true) => "Opgelet",
        (Alert::Caution, false) => "Caution",
    }
}

/// An alert's icon (in DejaVu Sans), so it is told apart without colour.
pub fn alert_icon(alert: Alert) -> &'static str {
    match alert {
        Alert::Note => "ℹ",
        Alert::Tip => "☀",
        Alert::Important => "❢",
        Alert::Warning => "⚠",
        Alert::Caution => "⊘",
    }
}

/// The slide kind whose colour an alert takes: every theme already makes
/// those legible on its background, light or dark.
pub fn alert_colour(alert: Alert) -> SlideKind {
    match alert {
        Alert::Note => SlideKind::Definition,
        Alert::Tip => SlideKind::Recap,
        Alert::Important => SlideKind::Statements,
        Alert::Warning => SlideKind::Exercise,
        Alert::Caution => SlideKind::Video,
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
        ("own_notes", true) => "Notities",
        ("own_notes", false) => "Notes",
        ("picture", true) => "Afbeelding",
        ("picture", false) => "Picture",
        ("shown_in_session", true) => "wordt in de sessie getoond",
        ("shown_in_session", false) => "shown in the session",
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
        ("last_delivery", true) => "Laatst",
        ("last_delivery", false) => "Last",
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

/// The words of the slide runtime (presenter view, timer, delivery log):
/// key, Dutch, English. The page carries them for its language, so the
/// runtime has no words of its own.
pub const RUNTIME_WORDS: &[(&str, &str, &str)] = &[
    ("slide", "Dia", "Slide"),
    ("step", "stap", "step"),
    ("elapsed", "Verstreken", "Elapsed"),
    ("clock", "Klok", "Clock"),
    ("on_time", "Op schema", "On time"),
    ("ahead", "voor op schema", "ahead"),
    ("behind", "achter op schema", "behind"),
    (
        "open_audience",
        "Publieksvenster openen (P)",
        "Open audience window (P)",
    ),
    ("reset_timer", "Klok opnieuw (R)", "Reset clock (R)"),
    ("previous", "Vorige", "Previous"),
    ("next", "Volgende", "Next"),
    ("notes", "Notities", "Notes"),
    (
        "no_notes",
        "Geen notities bij deze dia",
        "No notes for this slide",
    ),
    ("next_step", "Volgende stap", "Next step"),
    ("next_slide", "Volgende dia", "Next slide"),
    ("end", "Einde", "End"),
    ("current_slide", "Huidige dia", "Current slide"),
    ("presenter_bar", "Bediening", "Controls"),
    ("timer", "Oefening (T)", "Exercise (T)"),
    (
        "timer_start",
        "Start de oefentimer (T)",
        "Start the exercise timer (T)",
    ),
    (
        "timer_pause",
        "Pauzeer de oefentimer (T)",
        "Pause the exercise timer (T)",
    ),
    (
        "timer_resume",
        "Hervat de oefentimer (T)",
        "Resume the exercise timer (T)",
    ),
    (
        "timer_none",
        "Deze dia heeft geen tijd (time=)",
        "This slide has no time (time=)",
    ),
    ("time_left", "Resterende tijd", "Time left"),
    ("time_up", "Tijd is om", "Time is up"),
    (
        "notes_size",
        "Tekstgrootte notities (+/−)",
        "Notes text size (+/−)",
    ),
    (
        "download_log",
        "Verloop downloaden",
        "Download delivery log",
    ),
    ("log_saved", "Verloop bewaard", "Delivery log saved"),
    ("goto", "Ga naar dia", "Go to slide"),
    ("pair_phone", "Telefoon koppelen", "Pair a phone"),
    (
        "pair_how",
        "Scan de code met een telefoon op hetzelfde netwerk. De code werkt één keer, vijf minuten lang.",
        "Scan the code with a phone on the same network. It works once, for five minutes.",
    ),
    ("pair_qr", "QR-code om een telefoon te koppelen", "QR code to pair a phone"),
    ("paired_devices", "Gekoppelde toestellen", "Paired devices"),
    ("no_devices", "Nog geen", "None yet"),
    ("drives", "bestuurt", "drives"),
    ("give_control", "Besturing geven", "Hand control"),
    ("take_control", "Besturing terugnemen", "Take control back"),
    ("unpair", "Ontkoppelen", "Unpair"),
    ("close", "Sluiten", "Close"),
    ("you_drive", "Jij bestuurt", "You drive"),
    ("you_follow", "De laptop bestuurt, jij volgt", "The laptop drives; you follow"),
    ("phone_drives", "Bestuurd door toestel", "Driven by device"),
    ("screen_black", "Scherm zwart", "Screen black"),
    ("screen_white", "Scherm wit", "Screen white"),
    ("screen_frozen", "Scherm bevroren", "Screen frozen"),
    ("video_play", "Video afspelen", "Play video"),
    (
        "video_playing",
        "Video speelt op het publieksscherm",
        "Video playing on the audience screen",
    ),
    ("video_stop", "Video stoppen", "Stop video"),
    ("overview", "Overzicht", "Overview"),
    ("keys", "Toetsen", "Keys"),
    ("key_next", "Volgende dia of stap", "Next slide or step"),
    ("key_prev", "Vorige dia of stap", "Previous slide or step"),
    ("key_ends", "Eerste of laatste dia", "First or last slide"),
    ("key_fullscreen", "Volledig scherm", "Full screen"),
    (
        "key_other",
        "Ander venster openen (presentator of publiek)",
        "Open the other window (presenter or audience)",
    ),
    (
        "key_pin",
        "Oefentimer vastzetten op alle dia's",
        "Pin the exercise timer to every slide",
    ),
    ("key_scroll", "Notities scrollen", "Scroll the notes"),
    (
        "key_end_time",
        "Resterende tijd of eindtijd",
        "Time left or end time",
    ),
    ("key_close", "Esc of ? sluit", "Esc or ? closes"),
    ("key_pointer", "Aanwijzer op het publieksscherm", "Pointer on the audience screen"),
    ("remaining", "Resterend", "Left"),
    ("ends_at", "Einde om", "Ends at"),
    ("more_below", "meer", "more"),
    ("notes_smaller", "Notities kleiner (−)", "Smaller notes (−)"),
    ("notes_larger", "Notities groter (+)", "Larger notes (+)"),
    ("slides", "Dia's", "Slides"),
    (
        "warnings",
        "Waarschuwingen bij deze deck",
        "Warnings for this deck",
    ),
];

/// The runtime's words in one language, as the page's JSON carries them.
pub fn runtime_words(lang: &str) -> serde_json::Map<String, serde_json::Value> {
    let nl = lang.starts_with("nl");
    RUNTIME_WORDS
        .iter()
        .map(|(key, dutch, english)| {
            (
                key.to_string(),
                serde_json::Value::from(if nl { *dutch } else { *english }),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_alert_has_a_label_and_an_icon_the_font_draws() {
        for alert in Alert::ALL {
            for lang in ["nl", "en"] {
                assert!(!alert_label(alert, lang).is_empty());
            }
            for c in alert_icon(alert).chars() {
                assert!(crate::text::fonts::has_glyph(c), "{alert:?}: {c}");
            }
        }
        assert_eq!(alert_label(Alert::Warning, "nl-BE"), "Waarschuwing");
    }
}

//! The tools `lectern import` reads, and what a conversion needs to know
//! besides a deck's text.

use crate::deck::Mode;

/// The slide tools `lectern import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Marp,
    Reveal,
    Slidev,
    Quarto,
    Presenterm,
    /// PowerPoint files (`.pptx`), read by `import::pptx`.
    Pptx,
}

impl Tool {
    /// The tools whose decks are Markdown text.
    pub const ALL: [Tool; 5] = [
        Tool::Marp,
        Tool::Reveal,
        Tool::Slidev,
        Tool::Quarto,
        Tool::Presenterm,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Tool::Marp => "marp",
            Tool::Reveal => "reveal",
            Tool::Slidev => "slidev",
            Tool::Quarto => "quarto",
            Tool::Presenterm => "presenterm",
            Tool::Pptx => "pptx",
        }
    }

    /// How the tool is named in messages.
    pub fn label(self) -> &'static str {
        match self {
            Tool::Marp => "Marp",
            Tool::Reveal => "reveal.js",
            Tool::Slidev => "Slidev",
            Tool::Quarto => "Quarto",
            Tool::Presenterm => "presenterm",
            Tool::Pptx => "PowerPoint",
        }
    }

    pub fn from_name(name: &str) -> Option<Tool> {
        let name = name.to_ascii_lowercase();
        if matches!(name.as_str(), "pptx" | "powerpoint") {
            return Some(Tool::Pptx);
        }
        Tool::ALL.into_iter().find(|t| {
            t.name() == name
                || matches!(
                    (t, name.as_str()),
                    (Tool::Reveal, "revealjs" | "reveal-md" | "reveal.js")
                        | (Tool::Quarto, "pandoc" | "qmd")
                )
        })
    }
}

/// What a conversion needs to know besides the text.
#[derive(Debug, Clone)]
pub struct Options {
    /// The source file as shown in diagnostics.
    pub file: String,
    /// The source's file name without extension (the fallback title).
    pub stem: String,
    /// The source's extension, lowercase (`md`, `qmd`).
    pub extension: String,
    pub session: Option<u32>,
    pub mode: Mode,
    /// reveal.js separators from the project's `reveal-md.json` beside the
    /// deck: the deck's front matter overrides them.
    pub project: Separators,
    /// reveal.js separators from the command line: they override the
    /// deck's front matter.
    pub given: Separators,
    /// The files Slidev `src:` slides name, as written there, with their
    /// text (read by the caller, inside the deck's folder).
    pub included: Vec<(String, String)>,
}

/// reveal.js separator patterns set outside the deck.
#[derive(Debug, Clone, Default)]
pub struct Separators {
    pub separator: Option<String>,
    pub vertical: Option<String>,
}

impl Separators {
    pub fn is_empty(&self) -> bool {
        self.separator.is_none() && self.vertical.is_none()
    }
}

impl Options {
    pub fn new(file: &str) -> Self {
        let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
        let (stem, extension) = match name.rsplit_once('.') {
            Some((s, e)) if !s.is_empty() => (s.to_string(), e.to_ascii_lowercase()),
            _ => (name.to_string(), String::new()),
        };
        Options {
            file: file.to_string(),
            stem,
            extension,
            session: None,
            mode: Mode::F2f,
            project: Separators::default(),
            given: Separators::default(),
            included: Vec::new(),
        }
    }
}

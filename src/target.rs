//! What lectern makes: the output formats and their file names. The one
//! place that knows every output's name; `build` renders a list of targets,
//! `serve` renders one when a browser asks for it.
//!
//! A new output format is one row in `FORMATS` and one renderer, called
//! from `build::render`.

/// The output formats of `lectern build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Html,
    Pdf,
    Handout,
    Notes,
    Json,
    /// One PNG per projected page (`<stem>.001.png`, …); not in the default list.
    Png,
    /// A PowerPoint file, one slide per projected page; not in the default list.
    Pptx,
}

/// A format's name on the command line and the end of its file names.
struct FormatRow {
    format: Format,
    name: &'static str,
    suffix: &'static str,
}

#[rustfmt::skip]
const FORMATS: [FormatRow; 7] = [
    FormatRow { format: Format::Html, name: "html", suffix: ".html" },
    FormatRow { format: Format::Pdf, name: "pdf", suffix: ".pdf" },
    FormatRow { format: Format::Handout, name: "handout", suffix: "-handout.pdf" },
    FormatRow { format: Format::Notes, name: "notes", suffix: "-notes.pdf" },
    FormatRow { format: Format::Json, name: "json", suffix: ".json" },
    FormatRow { format: Format::Png, name: "png", suffix: ".png" },
    FormatRow { format: Format::Pptx, name: "pptx", suffix: ".pptx" },
];

impl Format {
    /// What `lectern build` makes when no `--format` is given.
    pub const ALL: [Format; 5] = [
        Format::Html,
        Format::Pdf,
        Format::Handout,
        Format::Notes,
        Format::Json,
    ];

    fn row(self) -> &'static FormatRow {
        FORMATS
            .iter()
            .find(|r| r.format == self)
            .expect("every format has a row")
    }

    pub fn name(self) -> &'static str {
        self.row().name
    }

    pub fn from_name(s: &str) -> Option<Format> {
        FORMATS.iter().find(|r| r.name == s).map(|r| r.format)
    }

    /// The output file of a deck in this format.
    pub fn file_name(self, stem: &str) -> String {
        format!("{stem}{}", self.row().suffix)
    }
}

/// One thing lectern renders.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// A deck in one of the per-deck formats.
    Deck { stem: String, format: Format },
    /// The workbook or trainer script of the whole course.
    Course(Format),
    /// A deck's page for the other devices in the room (`serve --host`):
    /// the slides without the trainer notes.
    Audience { stem: String },
}

impl Target {
    pub fn file_name(&self) -> String {
        match self {
            Target::Deck { stem, format } => format.file_name(stem),
            Target::Course(format) => format.file_name("course"),
            Target::Audience { stem } => Format::Html.file_name(stem),
        }
    }

    /// The target an output file name stands for (`x.pdf`, `x-notes.pdf`, …).
    pub fn from_file_name(name: &str) -> Option<Target> {
        // Longest suffix first: `x-notes.pdf` is not the slides of `x-notes`.
        let mut formats = Format::ALL;
        formats.sort_by_key(|f| std::cmp::Reverse(f.file_name("").len()));
        formats.into_iter().find_map(|format| {
            let stem = name.strip_suffix(&format.file_name(""))?;
            if stem.is_empty() {
                return None;
            }
            Some(match (stem, format) {
                ("course", Format::Handout | Format::Notes) => Target::Course(format),
                _ => Target::Deck {
                    stem: stem.to_string(),
                    format,
                },
            })
        })
    }
}

/// One output file's name and bytes.
pub struct Artifact {
    pub name: String,
    pub bytes: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_and_back() {
        for format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(format));
            let target = Target::Deck {
                stem: "01-a".into(),
                format,
            };
            assert_eq!(Target::from_file_name(&target.file_name()), Some(target));
        }
        assert_eq!(
            Target::from_file_name("course-notes.pdf"),
            Some(Target::Course(Format::Notes))
        );
        // The slides of a deck named `x-notes` are not the script of `x`.
        assert_eq!(
            Target::from_file_name("x-notes.pdf"),
            Some(Target::Deck {
                stem: "x".into(),
                format: Format::Notes
            })
        );
        assert_eq!(Format::from_name("pptx"), Some(Format::Pptx));
        assert_eq!(Format::from_name("docx"), None);
    }
}

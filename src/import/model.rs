//! The small model a tool's deck is read into ([`Deck`], [`Slide`]) before
//! it is written as lectern Markdown.

/// A deck as read from another tool, before it is written as lectern Markdown.
#[derive(Debug, Default)]
pub struct Deck {
    pub title: Option<String>,
    pub language: Option<String>,
    pub slides: Vec<Slide>,
    /// Deck-wide settings lectern has no place for: kept on the first slide.
    pub kept: Vec<Kept>,
}

#[derive(Debug, Default, Clone)]
pub struct Slide {
    /// The source line the slide starts at.
    pub line: usize,
    pub body: Vec<BodyLine>,
    /// Speaker notes, as Markdown lines.
    pub notes: Vec<String>,
    /// Directives and markup moved out of the slide.
    pub kept: Vec<Kept>,
    /// A lectern slide kind for the first heading (`title`, `section`).
    pub kind: Option<&'static str>,
    /// A slide the tool does not show: its content goes to the notes of the
    /// slide before it.
    pub hidden: bool,
    /// A picture behind the slide: lectern's `background=` on its first
    /// heading (as an image at the end of a slide without a heading).
    pub background: Option<String>,
    /// A picture beside the content (Marp's `![bg left]`, Slidev's
    /// `image-right`): two columns under the heading.
    pub beside: Option<Beside>,
}

#[derive(Debug, Clone)]
pub struct Beside {
    /// The image as lectern Markdown.
    pub image: String,
    /// Whether the picture is the left column.
    pub first: bool,
    /// The picture column's share in percent (half when not given).
    pub width: Option<f32>,
}

impl Slide {
    pub fn at(line: usize) -> Self {
        Slide {
            line,
            ..Default::default()
        }
    }

    /// Adds a line that came from source line `line`.
    pub fn push(&mut self, line: usize, text: impl Into<String>) {
        self.body.push(BodyLine {
            text: text.into(),
            pause: false,
            line,
        });
    }

    /// Whether anything would be projected.
    pub fn is_empty(&self) -> bool {
        self.background.is_none()
            && self.beside.is_none()
            && self.body.iter().all(|l| l.text.trim().is_empty())
    }
}

/// One line of a slide; `pause` means the audience sees it one step later
/// than what comes before (a top-level list item, or the block it starts).
#[derive(Debug, Clone, PartialEq)]
pub struct BodyLine {
    pub text: String,
    pub pause: bool,
    /// The source line it came from (for warnings).
    pub line: usize,
}

/// Source text kept as a trainer note, with the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    pub line: usize,
    pub text: String,
}

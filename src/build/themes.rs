//! Which theme a deck is set in, where that choice was written, and the
//! legibility checks of every theme a build uses.

use std::sync::Arc;

use super::Builder;
use crate::config::{CourseConfig, Room};
use crate::deck::{Deck, Mode};
use crate::diag::{display_path, Diagnostic, Pos};
use crate::load::Loaded;
use crate::theme::{self, Theme};

impl Builder {
    /// The theme a deck is shown in: command line > front matter > mode default > course.
    pub fn theme_name(&self, config: &CourseConfig, deck: Option<&Deck>) -> String {
        if let Some(t) = &self.theme_override {
            return t.clone();
        }
        if let Some(d) = deck {
            if let Some(t) = &d.theme {
                return t.clone();
            }
            if d.mode == Mode::Online {
                if let Some(t) = &config.online_theme {
                    return t.clone();
                }
            }
        }
        config.theme.clone()
    }

    /// The resolved theme of a deck (or of the course), its type scale
    /// floored for the course's room; an unknown theme is reported and the
    /// default one used.
    pub fn theme(
        &self,
        loaded: &Loaded,
        deck: Option<&Deck>,
        diags: &mut Vec<Diagnostic>,
    ) -> Arc<Theme> {
        let theme = self.named_theme(loaded, deck, diags);
        let Some(room) = self.room(&loaded.course) else {
            return theme;
        };
        let floor = room.smallest_body(f64::from(loaded.course.config.aspect.size().1));
        if floor <= theme.sizes.steps()[0].body {
            theme
        } else {
            Arc::new(theme.floored(floor))
        }
    }

    /// The room this run sets slides for: `check --room`, else course.toml's.
    pub fn room(&self, course: &crate::course::Course) -> Option<Room> {
        self.room_override.or(course.config.room)
    }

    /// The theme a deck names, as its file says (no room applied).
    pub fn named_theme(
        &self,
        loaded: &Loaded,
        deck: Option<&Deck>,
        diags: &mut Vec<Diagnostic>,
    ) -> Arc<Theme> {
        let name = self.theme_name(&loaded.course.config, deck);
        let course = &loaded.course;
        let file = deck.map_or_else(|| "course.toml".into(), |d| d.file.clone());
        match course
            .themes
            .get(&name, &course.root, course.config.allow_html)
        {
            Ok(t) => {
                for w in &t.warnings {
                    diags.push(Diagnostic::warning(&file, Default::default(), w.clone()));
                }
                t
            }
            Err(e) => {
                // Reported where the name was written: the deck's front
                // matter, or once for the course at `theme` in course.toml.
                let (file, pos) = self.theme_chosen_at(loaded, deck);
                diags.push(Diagnostic::error(&file, pos, e.message).with_help(format!(
                    "available themes: {}",
                    theme::available(&course.root).join(", ")
                )));
                // The built-in default, not a course theme of that name:
                // the fallback must not be able to fail.
                Arc::new(theme::builtin("default").expect("the built-in default theme loads"))
            }
        }
    }

    /// Where the theme a deck is set in was chosen: the deck's front
    /// matter, `--theme`, or `theme`/`online_theme` in course.toml.
    fn theme_chosen_at(&self, loaded: &Loaded, deck: Option<&Deck>) -> (String, Pos) {
        let config = &loaded.course.config;
        let course_toml = display_path(&loaded.course.root.join("course.toml"));
        let key_in_course = |key: &str| {
            let text =
                std::fs::read_to_string(loaded.course.root.join("course.toml")).unwrap_or_default();
            let line = text
                .lines()
                .position(|l| {
                    l.trim_start().starts_with(key)
                        && l.trim_start()[key.len()..].trim_start().starts_with('=')
                })
                .map_or(1, |i| i + 1);
            (course_toml.clone(), Pos { line, col: 1 })
        };
        if self.theme_override.is_some() {
            return ("--theme".into(), Pos { line: 1, col: 1 });
        }
        match deck {
            Some(d) if d.theme.is_some() => (d.file.clone(), Pos { line: 1, col: 1 }),
            Some(d) if d.mode == Mode::Online && config.online_theme.is_some() => {
                key_in_course("online_theme")
            }
            _ => key_in_course("theme"),
        }
    }

    /// Legibility of every theme the decks are set in, once per theme,
    /// against the theme's own file (the line of the key to change) or,
    /// for a built-in theme, where it was chosen.
    pub fn theme_checks(&self, loaded: &Loaded, decks: &[&Deck]) -> Vec<Diagnostic> {
        let mut by_theme: Vec<(String, Option<&Deck>, crate::lint::Usage)> = Vec::new();
        for deck in decks {
            let name = self.theme_name(&loaded.course.config, Some(deck));
            if let Some((_, _, usage)) = by_theme.iter_mut().find(|(n, _, _)| *n == name) {
                usage.add(deck);
            } else {
                let mut usage = crate::lint::Usage::default();
                usage.add(deck);
                by_theme.push((name, Some(deck), usage));
            }
        }
        let mut out = Vec::new();
        for (name, first, usage) in by_theme {
            let mut ignored = Vec::new();
            let theme = self.theme(loaded, first, &mut ignored);
            if theme.name != name {
                continue; // it did not load: that error is reported already
            }
            let file = loaded
                .course
                .root
                .join("themes")
                .join(&name)
                .join("theme.toml");
            let source = std::fs::read_to_string(&file).ok();
            let at = |key: &str| match &source {
                Some(text) => (
                    display_path(&file),
                    Pos {
                        line: crate::lint::toml_line(text, key),
                        col: 1,
                    },
                ),
                None => self.theme_chosen_at(loaded, first),
            };
            out.extend(crate::lint::theme(&theme, &usage, &at));
        }
        out
    }
}

/// The slides of `deck` that flow onto more pages because of the room's
/// floor (`laid`, in the floored theme) than they would without it.
pub fn flows_for_the_room(
    deck: &Deck,
    laid: &crate::fit::LaidOutDeck,
    without: &crate::fit::LaidOutDeck,
    theme: &Theme,
    room: Room,
) -> Vec<Diagnostic> {
    let pages = |l: &crate::fit::LaidOutDeck, slide: usize| {
        l.pages.iter().filter(|p| p.slide == slide).count()
    };
    let floor = theme.sizes.steps()[0].body;
    deck.slides
        .iter()
        .enumerate()
        .filter(|&(i, _)| pages(laid, i) > pages(without, i))
        .map(|(i, slide)| {
            Diagnostic::warning(
                &deck.file,
                slide.pos,
                format!(
                    "slide {} flows onto {} pages (not {}) because the back row reads nothing under {floor} pt: a {} m high image seen from {} m needs letters of {:.1} % of its height",
                    slide.number,
                    pages(laid, i),
                    pages(without, i),
                    room.screen_height,
                    room.farthest_viewer,
                    room.element_share() * 100.0
                ),
            )
            .with_help("shorten the slide or make it two; or seat the back row closer, or show a taller image (room in course.toml)")
        })
        .collect()
}

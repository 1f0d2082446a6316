//! A whole build: every format of every deck, decks side by side on every
//! core, then the course's workbook and script and the index page.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use super::{BuildOutput, Builder, Timing};
use crate::deck::Deck;
use crate::load::Loaded;
use crate::render::pdf::PdfEngine;
use crate::target::{Artifact, Format, Target};

/// A unit of work in a build: the targets of one deck (rendered in a row,
/// so they share its fitting and Typst's memo), or one course PDF.
enum Job<'a> {
    Deck(&'a Deck),
    Course(Format),
}

impl Job<'_> {
    /// A rough measure of a job's work (its blocks and notes), so the
    /// biggest go first and no worker is left with a long deck at the end.
    fn weight(&self) -> usize {
        match self {
            Job::Deck(d) => d
                .slides
                .iter()
                .map(|s| 1 + s.blocks.len() + s.notes.len())
                .sum(),
            Job::Course(_) => usize::MAX,
        }
    }

    fn label(&self) -> String {
        match self {
            Job::Deck(d) => d.stem.clone(),
            Job::Course(f) => f.file_name("course"),
        }
    }
}

impl Builder {
    /// Builds every format asked for from decks without errors. The
    /// diagnostics are the whole run's (`Builder::diagnostics`).
    pub fn build(&mut self, loaded: &Loaded, formats: &[Format]) -> BuildOutput {
        let decks: Vec<&Deck> = loaded.buildable().collect();
        let deck_jobs: Vec<Job> = decks.iter().map(|d| Job::Deck(d)).collect();
        // The course's workbook and script are made of the sessions' own,
        // so they come after the decks.
        let mut course_jobs: Vec<Job> = Vec::new();
        if loaded.is_folder && !decks.is_empty() {
            for format in [Format::Notes, Format::Handout] {
                if formats.contains(&format) {
                    course_jobs.push(Job::Course(format));
                }
            }
        }
        let total = deck_jobs.len() + course_jobs.len();
        let finished = AtomicUsize::new(0);
        let mut parts = self.run_jobs(loaded, &deck_jobs, formats, &finished, total);
        parts.extend(
            self.run_jobs(loaded, &course_jobs, formats, &finished, total)
                .into_iter()
                .map(|(i, part)| (i + deck_jobs.len(), part)),
        );
        parts.sort_by_key(|(i, _)| *i);
        let mut out = BuildOutput::default();
        for (_, part) in parts {
            out.artifacts.extend(part.artifacts);
            out.diagnostics.extend(part.diagnostics);
            out.timings.extend(part.timings);
            out.slides += part.slides;
            out.decks += part.decks;
        }
        if loaded.is_folder
            && !decks.is_empty()
            && (formats.contains(&Format::Html) || formats.len() > 1)
        {
            let theme = self.theme(loaded, None, &mut out.diagnostics);
            let html = crate::render::index::index_page(
                &loaded.course,
                &decks,
                formats,
                &theme,
                crate::render::index::Links::Files,
            );
            out.artifacts.push(Artifact {
                name: "index.html".into(),
                bytes: html.into_bytes(),
            });
        }
        out.diagnostics = self.diagnostics(loaded, &decks, std::mem::take(&mut out.diagnostics));
        out
    }

    /// Runs jobs side by side: Typst lays out one document's pages in
    /// parallel, but a document keeps only about one core busy, so each
    /// worker takes the next job with its own compiler (the memo cache is
    /// shared).
    fn run_jobs(
        &self,
        loaded: &Loaded,
        jobs: &[Job],
        formats: &[Format],
        finished: &AtomicUsize,
        total: usize,
    ) -> Vec<(usize, BuildOutput)> {
        let workers = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .clamp(1, jobs.len().max(1));
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(jobs[i].weight()));
        let next = AtomicUsize::new(0);
        let work = || {
            let mut engine = PdfEngine::new();
            let mut done = Vec::new();
            while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                let job = &jobs[i];
                done.push((i, self.run_job(&mut engine, loaded, job, formats)));
                // What the next deck will not reuse goes: a build's memory
                // stays near one deck's.
                crate::typeset::forget_between_decks();
                if let Some(progress) = &self.progress {
                    let finished = finished.fetch_add(1, Ordering::Relaxed) + 1;
                    progress(finished, total, &job.label());
                }
            }
            done
        };
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers).map(|_| scope.spawn(work)).collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("a build worker finishes"))
                .collect()
        })
    }

    /// One unit of a build: every format of one deck, or one course PDF.
    fn run_job(
        &self,
        engine: &mut PdfEngine,
        loaded: &Loaded,
        job: &Job,
        formats: &[Format],
    ) -> BuildOutput {
        let mut out = BuildOutput::default();
        let targets = match job {
            Job::Deck(deck) => {
                out.decks = 1;
                out.slides = deck.slides.len();
                formats
                    .iter()
                    .map(|&format| Target::Deck {
                        stem: deck.stem.clone(),
                        format,
                    })
                    .collect()
            }
            Job::Course(format) => vec![Target::Course(*format)],
        };
        let label = job.label_for_timings();
        for target in targets {
            let stage = match &target {
                Target::Deck { format, .. } | Target::Course(format) => format.name(),
                Target::Audience { .. } => "audience",
            };
            let start = Instant::now();
            let scope = typst_timing::TimingScope::new(stage);
            let rendered = self.render(engine, loaded, &target);
            drop(scope);
            out.diagnostics.extend(rendered.diagnostics);
            out.artifacts.extend(rendered.files);
            for (stage, time) in rendered.timings {
                let deck = label.clone();
                out.timings.push(Timing { deck, stage, time });
            }
            let deck = label.clone();
            let time = start.elapsed();
            out.timings.push(Timing { deck, stage, time });
            if let Some(bytes) = rendered.bytes {
                out.artifacts.push(Artifact {
                    name: target.file_name(),
                    bytes,
                });
            }
        }
        out
    }
}

impl Job<'_> {
    /// The name `--timings` shows for a job.
    fn label_for_timings(&self) -> String {
        match self {
            Job::Deck(d) => d.stem.clone(),
            Job::Course(_) => "course".to_string(),
        }
    }
}

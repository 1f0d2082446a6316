//! `lectern report --html`: the recorded deliveries as a page of bars, one
//! row a slide: the planned minutes as an outline, the latest delivery as a
//! filled bar (orange where it ran over), and the spread over every
//! delivery as a line. Self-contained and offline, like every page.

use std::fmt::Write as _;

use crate::course::Course;
use crate::render::html::escape_text;
use crate::report::{deck_times, over_under, DeckTimes};

const BAR_WIDTH: f64 = 260.0;

pub fn report_html(course: &Course) -> Option<String> {
    let decks: Vec<DeckTimes> = course
        .decks
        .iter()
        .filter_map(|deck| deck_times(course, deck, true))
        .collect();
    if decks.is_empty() {
        return None;
    }
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>Deliveries</title><style>\n\
         body{font:15px/1.4 system-ui,sans-serif;margin:32px;color:#1d1d1f;max-width:1100px}\n\
         h1{font-size:26px}h2{font-size:20px;margin:28px 0 4px}p.meta{margin:0 0 10px;color:#555}\n\
         table{border-collapse:collapse;width:100%}th,td{padding:4px 8px;text-align:left;border-bottom:1px solid #e3e3e3}\n\
         td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th.n{text-align:right}\n\
         .over{color:#b3500b;font-weight:700}.legend svg{vertical-align:middle}\n\
         </style></head><body>\n<h1>",
    );
    escape_text(&course.config.title, &mut out);
    out.push_str(
        "</h1>\n<p class=\"legend\">Planned minutes <svg width=\"30\" height=\"12\"><rect x=\"1\" y=\"1\" width=\"28\" height=\"10\" fill=\"none\" stroke=\"#777\"/></svg> \
         · latest delivery <svg width=\"30\" height=\"12\"><rect x=\"0\" y=\"3\" width=\"30\" height=\"6\" fill=\"#2b6cb0\"/></svg> \
         (<span class=\"over\">orange</span> where it ran over) · fewest to most minutes over every delivery \
         <svg width=\"30\" height=\"12\"><line x1=\"0\" y1=\"6\" x2=\"30\" y2=\"6\" stroke=\"#222\" stroke-width=\"1.5\"/></svg></p>\n",
    );
    for times in &decks {
        deck_section(times, &mut out);
    }
    out.push_str("</body></html>\n");
    Some(out)
}

fn deck_section(times: &DeckTimes, out: &mut String) {
    let deck = times.deck;
    out.push_str("<h2>");
    escape_text(&format!("{} — {}", deck.stem, deck.title), out);
    out.push_str("</h2>\n<p class=\"meta\">");
    let latest = times
        .deliveries
        .last()
        .map(crate::report::Delivery::started_local);
    let total = times.totals().last().copied().unwrap_or(0);
    escape_text(
        &format!(
            "{} deliveries; the latest {} took {:.0} of {:.0} minutes ({})",
            times.deliveries.len(),
            latest.unwrap_or_default(),
            total as f64 / 60.0,
            times.length(),
            over_under(total, times.length())
        ),
        out,
    );
    out.push_str("</p>\n<table><thead><tr><th class=\"n\">Slide</th><th>Title</th><th class=\"n\">Planned</th>\
        <th class=\"n\">Latest</th><th class=\"n\">Over/under</th><th>Minutes</th></tr></thead><tbody>\n");
    let most = times
        .slides
        .iter()
        .map(|s| {
            let hi = s.spread().map_or(0.0, |(_, hi)| hi);
            s.planned.unwrap_or(0.0).max(hi)
        })
        .fold(1.0_f64, f64::max);
    for slide in &times.slides {
        let latest = slide.shown.last().copied().unwrap_or(0);
        let over = slide
            .planned
            .is_some_and(|p| latest as f64 / 60.0 > p + 0.5);
        let _ = write!(out, "<tr><td class=\"n\">{}</td><td>", slide.number);
        escape_text(&slide.title, out);
        let planned = slide
            .planned
            .map_or_else(|| "–".into(), |p| format!("{p:.1}"));
        let shown = slide
            .latest()
            .map_or_else(|| "–".into(), |m| format!("{m:.1}"));
        let diff = slide
            .planned
            .map_or_else(|| "–".into(), |p| over_under(latest, p));
        let _ = writeln!(
            out,
            "</td><td class=\"n\">{planned}</td><td class=\"n\">{shown}</td><td class=\"n{}\">{diff}</td><td>{}</td></tr>",
            if over { " over" } else { "" },
            bar(slide, most, over)
        );
    }
    out.push_str("</tbody></table>\n");
}

/// One slide's bar, as an inline SVG scaled to the deck's longest slide.
fn bar(slide: &crate::report::SlideTimes, most: f64, over: bool) -> String {
    let x = |minutes: f64| (minutes / most * BAR_WIDTH).clamp(0.0, BAR_WIDTH);
    let mut svg = format!(
        "<svg width=\"{w}\" height=\"16\" role=\"img\" aria-label=\"{}\">",
        label(slide),
        w = BAR_WIDTH + 2.0
    );
    if let Some(p) = slide.planned {
        let _ = write!(
            svg,
            "<rect x=\"1\" y=\"1\" width=\"{:.1}\" height=\"14\" fill=\"none\" stroke=\"#777\"/>",
            x(p)
        );
    }
    if let Some(m) = slide.latest() {
        let fill = if over { "#dd6b20" } else { "#2b6cb0" };
        let _ = write!(
            svg,
            "<rect x=\"1\" y=\"5\" width=\"{:.1}\" height=\"6\" fill=\"{fill}\"/>",
            x(m)
        );
    }
    if let Some((lo, hi)) = slide.spread().filter(|(lo, hi)| hi > lo) {
        let _ = write!(
            svg,
            "<line x1=\"{:.1}\" y1=\"8\" x2=\"{:.1}\" y2=\"8\" stroke=\"#222\" stroke-width=\"1.5\"/>",
            x(lo) + 1.0,
            x(hi) + 1.0
        );
    }
    svg.push_str("</svg>");
    svg
}

fn label(slide: &crate::report::SlideTimes) -> String {
    let planned = slide
        .planned
        .map_or_else(|| "no plan".into(), |p| format!("planned {p:.1}"));
    let latest = slide
        .latest()
        .map_or_else(|| "not shown".into(), |m| format!("latest {m:.1}"));
    format!("{planned}, {latest} minutes")
}

//! A video: its label and link as text runs, beside its QR code.

use super::rels::Rels;
use super::text::{small_size, text_run, Run, TextStyle};
use crate::deck::Video;

pub fn video_runs(out: &mut String, v: &Video, st: &TextStyle, rels: &mut Rels) {
    if let Some(label) = &v.label {
        text_run(
            out,
            label,
            Run {
                bold: true,
                ..Run::default()
            },
            None,
            st,
        );
        out.push_str("<a:br><a:rPr/></a:br>");
    }
    let rid = crate::parse::check_link(&v.url)
        .is_ok()
        .then(|| rels.add("hyperlink", &v.url, true));
    text_run(
        out,
        &v.url,
        Run {
            underline: rid.is_some(),
            size: Some(small_size(st)),
            ..Run::default()
        },
        rid.as_deref(),
        st,
    );
}

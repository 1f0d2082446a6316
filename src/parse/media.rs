//! Media: images (resolved and confined to the course folder), video
//! links and their embed addresses, and which links are allowed.

use std::path::Path;

use super::context::DeckContext;
use crate::deck::{inline_text, Image, Inline, Video};
use crate::diag::{Diagnostic, Pos};

/// An image without alt text is a warning at `pos`.
pub(super) fn check_alt(alt: &str, file: &str, pos: Pos, len: usize) -> Option<Diagnostic> {
    alt.trim().is_empty().then(|| {
        Diagnostic::warning(file, pos, "image has no alt text")
            .with_len(len)
            .with_help("describe the picture for people who cannot see it: ![what it shows](path)")
    })
}

/// An image resolved against the deck folder and checked (confined to
/// the course folder, a size lectern reads, nothing from the web):
/// what is wrong is a diagnostic at `pos`, and the image a placeholder.
pub(super) fn locate_image(
    src: String,
    alt: String,
    ctx: &DeckContext,
    pos: Pos,
    len: usize,
) -> (Image, Option<Diagnostic>) {
    let mut image = Image {
        src: src.clone(),
        alt,
        file: None,
        width: None,
        aspect: None,
    };
    // A remote image (a badge, a logo) costs its picture, not the deck:
    // nothing is fetched, the outputs show a placeholder.
    if src.contains("://") || src.starts_with("data:") {
        let problem = Diagnostic::warning(ctx.file, pos, "this image is not a file in the course folder, so it is not shown")
            .with_len(len)
            .with_help("download the image into the deck's assets/ folder and link it relatively; lectern never loads from the network");
        return (image, Some(problem));
    }
    let decoded = percent_decode(&src);
    let candidate = ctx.deck_dir.join(&decoded);
    let problem = match (candidate.canonicalize(), ctx.course_root.canonicalize()) {
        (Ok(file), Ok(root)) if file.starts_with(&root) && file.is_file() => {
            read_image(&mut image, &file, &root).err().map(|(why, help)| {
                Diagnostic::warning(ctx.file, pos, why)
                    .with_len(len)
                    .with_help(help)
            })
        }
        (Ok(_), Ok(_)) => Some(
            Diagnostic::error(ctx.file, pos, format!("image `{src}` is outside the course folder"))
                .with_len(len)
                .with_help("copy the image into the course folder (e.g. assets/) and link it from there"),
        ),
        _ => Some(
            Diagnostic::warning(ctx.file, pos, format!("image not found: {src}"))
                .with_len(len)
                .with_help(format!(
                    "add the file at {}, or fix the path; until then every output shows a placeholder",
                    candidate.display()
                )),
        ),
    };
    (image, problem)
}

/// Fills in an image found at `file` in the course folder `root`: its
/// path from there and its aspect. What lectern cannot show leaves the
/// image a placeholder, with a warning's message and help.
fn read_image(image: &mut Image, file: &Path, root: &Path) -> Result<(), (String, &'static str)> {
    let rel = file.strip_prefix(root).unwrap_or(file);
    if crate::images::mime(&rel.to_string_lossy()).is_none() {
        return Err((
            format!("`{}` is not an image lectern can show", image.src),
            "use SVG, PNG, JPEG, GIF or WebP",
        ));
    }
    if let Err(why) = crate::images::check(file) {
        return Err((
            format!("image `{}` cannot be shown: {why}", image.src),
            "until it is fixed, every output shows a placeholder in its place",
        ));
    }
    image.file = Some(rel.to_string_lossy().replace('\\', "/"));
    image.aspect = ::image::image_dimensions(file)
        .ok()
        .filter(|(w, h)| *w > 0 && *h > 0)
        .map(|(w, h)| f64::from(h) / f64::from(w));
    Ok(())
}

/// A paragraph that is only a link to a video (YouTube, Vimeo, or a
/// video file) is a video; any other lone link stays a link.
pub(super) fn video(content: &[Inline]) -> Option<Video> {
    let [Inline::Link { url, c }] = content else {
        return None;
    };
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return None;
    }
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let video_file = [".mp4", ".webm", ".mov", ".m4v", ".ogv"]
        .iter()
        .any(|e| path.ends_with(e));
    if embed_url(url).is_none() && !video_file {
        return None;
    }
    let label = inline_text(c);
    let label = (label.trim() != url.as_str() && !label.trim().is_empty()).then_some(label);
    Some(Video {
        url: short_url(url).unwrap_or_else(|| url.clone()),
        label,
        embed: embed_url(url),
    })
}

/// Links may go to the web, to mail, or to files next to the deck; never run code.
pub fn check_link(url: &str) -> Result<(), String> {
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let path_sep = lower.find(['/', '?', '#']);
    match scheme_end {
        Some(i) if path_sep.is_none_or(|p| i < p) => {
            let scheme = &lower[..i];
            if matches!(scheme, "http" | "https" | "mailto" | "tel") {
                Ok(())
            } else {
                Err(format!("`{scheme}:` links are not allowed"))
            }
        }
        _ => Ok(()),
    }
}

/// The click-to-load embed address for YouTube and Vimeo links, keeping the start time.
pub fn embed_url(url: &str) -> Option<String> {
    let (without_fragment, fragment) = url.split_once('#').unwrap_or((url, ""));
    let (path, query) = without_fragment
        .split_once('?')
        .unwrap_or((without_fragment, ""));
    let path = path
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let path = path
        .strip_prefix("www.")
        .or_else(|| path.strip_prefix("m."))
        .unwrap_or(path);
    let params: Vec<(&str, &str)> = query
        .split('&')
        .chain(fragment.split('&'))
        .filter_map(|p| p.split_once('='))
        .collect();
    let param = |k: &str| params.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
    let valid_id = |id: &str| {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let id = if let Some(rest) = path.strip_prefix("youtu.be/") {
        rest.split('/').next()
    } else if path.starts_with("youtube.com/watch") {
        param("v")
    } else if let Some(rest) = path
        .strip_prefix("youtube.com/embed/")
        .or_else(|| path.strip_prefix("youtube.com/shorts/"))
        .or_else(|| path.strip_prefix("youtube-nocookie.com/embed/"))
    {
        rest.split('/').next()
    } else if let Some(rest) = path.strip_prefix("vimeo.com/") {
        let id = rest
            .split('/')
            .next()
            .filter(|id| id.chars().all(|c| c.is_ascii_digit()) && !id.is_empty())?;
        return Some(format!(
            "https://player.vimeo.com/video/{id}?dnt=1&autoplay=1"
        ));
    } else {
        None
    };
    let id = id.filter(|id| valid_id(id))?;
    let start = param("t")
        .or_else(|| param("start"))
        .and_then(parse_seconds);
    let mut embed = format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1&rel=0");
    if let Some(s) = start {
        embed.push_str(&format!("&start={s}"));
    }
    Some(embed)
}

/// A YouTube link as a room reads and types it, and its QR code stays
/// coarse: `https://youtu.be/ID`, with `?t=N` when it starts later; what
/// else the address carried (`feature=`, `time_continue=`, `si=`, playlist
/// and tracking parameters) goes. None for any other link.
pub fn short_url(url: &str) -> Option<String> {
    let embed = embed_url(url)?;
    let rest = embed.strip_prefix("https://www.youtube-nocookie.com/embed/")?;
    let (id, query) = rest.split_once('?').unwrap_or((rest, ""));
    let start = query
        .split('&')
        .find_map(|p| p.strip_prefix("start="))
        .filter(|s| *s != "0");
    Some(match start {
        Some(s) => format!("https://youtu.be/{id}?t={s}"),
        None => format!("https://youtu.be/{id}"),
    })
}

/// `90`, `90s`, `1m30s`, `1h2m3s` → seconds.
fn parse_seconds(t: &str) -> Option<u64> {
    if let Ok(n) = t.parse::<u64>() {
        return Some(n);
    }
    let mut total = 0;
    let mut num = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            num.push(c);
        } else {
            let n: u64 = num.parse().ok()?;
            num.clear();
            total += n * match c {
                'h' => 3600,
                'm' => 60,
                's' => 1,
                _ => return None,
            };
        }
    }
    if !num.is_empty() {
        total += num.parse::<u64>().ok()?;
    }
    Some(total)
}

/// Decodes `%xx` escapes (once); invalid escapes stay as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{BlockBody, SlideKind};
    use crate::parse::parse_for_test;

    #[test]
    fn youtube_links_are_shown_short_with_their_start_and_without_tracking() {
        for (url, short) in [
            (
                "https://www.youtube.com/watch?time_continue=1&v=8kIsYLV8bE8&feature=emb_logo",
                Some("https://youtu.be/8kIsYLV8bE8"),
            ),
            (
                "https://www.youtube.com/watch?v=MB5PMwcYLqg&t=23s",
                Some("https://youtu.be/MB5PMwcYLqg?t=23"),
            ),
            (
                "https://m.youtube.com/watch?v=abc#t=1m30s",
                Some("https://youtu.be/abc?t=90"),
            ),
            (
                "https://youtu.be/-eZoI1fTvc4?si=Xy12&t=0",
                Some("https://youtu.be/-eZoI1fTvc4"),
            ),
            ("https://vimeo.com/123456", None),
            ("https://example.org/talk.mp4", None),
        ] {
            assert_eq!(short_url(url).as_deref(), short, "{url}");
        }
        let (deck, _) = parse_for_test(
            "## Kijken {.video}\n\nhttps://www.youtube.com/watch?time_continue=1&v=8kIsYLV8bE8&feature=emb_logo\n",
        );
        let BlockBody::Video(v) = &deck.slides[0].blocks[0].body else {
            panic!("a video");
        };
        assert_eq!(v.url, "https://youtu.be/8kIsYLV8bE8");
        assert_eq!(
            v.embed.as_deref(),
            Some("https://www.youtube-nocookie.com/embed/8kIsYLV8bE8?autoplay=1&rel=0")
        );
    }

    #[test]
    fn links_may_go_to_the_web_mail_and_files_only() {
        for (url, ok) in [
            ("https://x.org", true),
            ("http://x.org", true),
            ("mailto:a@b.c", true),
            ("tel:+3212", true),
            ("other.md", true),
            ("./a:b.html", true),
            ("#anchor", true),
            ("?q=a:b", true),
            ("javascript:alert(1)", false),
            (" JavaScript:x", false),
            ("java\tscript:x", false),
            ("data:text/html,x", false),
            ("vbscript:x", false),
            ("file:///etc/passwd", false),
        ] {
            assert_eq!(check_link(url).is_ok(), ok, "{url:?}");
        }
    }

    #[test]
    fn video_hosts_are_embedded_privately() {
        for (url, embed) in [
            (
                "https://youtu.be/abc_DEF-1",
                Some("https://www.youtube-nocookie.com/embed/abc_DEF-1?autoplay=1&rel=0"),
            ),
            (
                "https://www.youtube.com/watch?v=nn3I6-DBLJM&t=23s",
                Some(
                    "https://www.youtube-nocookie.com/embed/nn3I6-DBLJM?autoplay=1&rel=0&start=23",
                ),
            ),
            (
                "https://m.youtube.com/watch?v=abc#t=1m30s",
                Some("https://www.youtube-nocookie.com/embed/abc?autoplay=1&rel=0&start=90"),
            ),
            (
                "https://youtube.com/shorts/xyz",
                Some("https://www.youtube-nocookie.com/embed/xyz?autoplay=1&rel=0"),
            ),
            (
                "https://vimeo.com/12345",
                Some("https://player.vimeo.com/video/12345?dnt=1&autoplay=1"),
            ),
            ("https://vimeo.com/channels/x", None),
            ("https://example.com/docs", None),
            ("https://www.youtube.com/watch?v=<script>", None),
            ("https://www.youtube.com/watch", None),
        ] {
            assert_eq!(embed_url(url).as_deref(), embed, "{url}");
        }
    }

    #[test]
    fn only_a_lone_video_link_makes_a_video() {
        for (md, video) in [
            ("https://youtu.be/abc", true),
            ("[Clip](https://vimeo.com/1)", true),
            ("https://x.org/film.mp4?dl=1", true),
            ("https://x.org/page", false),
            ("see https://youtu.be/abc", false),
            ("[x](film.mp4)", false),
        ] {
            let (deck, _) = parse_for_test(&format!("# T\n\n{md}"));
            let is_video = matches!(deck.slides[0].blocks[0].body, BlockBody::Video(_));
            assert_eq!(is_video, video, "{md}");
            assert_eq!(deck.slides[0].kind == SlideKind::Video, video, "{md}");
        }
    }

    #[test]
    fn start_times_are_seconds() {
        for (t, seconds) in [
            ("90", Some(90)),
            ("90s", Some(90)),
            ("1m30s", Some(90)),
            ("1h2m3s", Some(3723)),
            ("2m", Some(120)),
            ("1x", None),
            ("m", None),
        ] {
            assert_eq!(parse_seconds(t), seconds, "{t}");
        }
    }

    #[test]
    fn percent_escapes_are_decoded_once() {
        for (s, want) in [
            ("a%20b.png", "a b.png"),
            ("%2541", "%41"),
            ("100%", "100%"),
            ("%zz", "%zz"),
            ("caf%C3%A9", "café"),
        ] {
            assert_eq!(percent_decode(s), want, "{s}");
        }
    }

    #[test]
    fn images_outside_the_folder_or_remote_are_not_shown() {
        for (md, problem) in [
            (
                "![a](https://x.org/a.png)",
                "not a file in the course folder",
            ),
            ("![a](missing.png)", "image not found"),
            ("![](missing.png)", "no alt text"),
        ] {
            let (deck, diags) = parse_for_test(&format!("# T\n\n{md}"));
            assert!(
                diags.iter().any(|d| d.message.contains(problem)),
                "{md}: {diags:?}"
            );
            let BlockBody::Image(img) = &deck.slides[0].blocks[0].body else {
                panic!("{md}: an image")
            };
            assert!(img.file.is_none(), "{md}");
        }
    }
}

//! The slide runtime: the script every HTML deck carries (audience view,
//! presenter view, overview, sync between windows). Its parts are files of
//! their own, joined here into one function scope, in this order.

/// The parts, by name, for tests that read the script's source.
pub const PARTS: [(&str, &str); 5] = [
    ("deck.js", include_str!("deck.js")),
    ("screen.js", include_str!("screen.js")),
    ("overview.js", include_str!("overview.js")),
    ("presenter.js", include_str!("presenter.js")),
    ("start.js", include_str!("start.js")),
];

/// The whole script, as the page inlines it.
pub const SCRIPT: &str = concat!(
    "(function () {\n'use strict';\n",
    include_str!("deck.js"),
    include_str!("screen.js"),
    include_str!("overview.js"),
    include_str!("presenter.js"),
    include_str!("start.js"),
    "})();\n"
);

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `W('key')` in the runtime and the server's script has a word.
    #[test]
    fn every_word_the_runtime_asks_for_exists() {
        let scripts = PARTS.iter().map(|(_, source)| *source).chain([
            include_str!("../../serve/live.js"),
            include_str!("../../serve/pair.js"),
        ]);
        let mut asked = 0;
        for script in scripts {
            for part in script.split("W('").skip(1) {
                let key = part.split('\'').next().unwrap();
                asked += 1;
                assert!(
                    crate::text::words::RUNTIME_WORDS
                        .iter()
                        .any(|(k, nl, en)| k == &key && !nl.is_empty() && !en.is_empty()),
                    "the runtime asks for `{key}`, which labels.rs does not have"
                );
            }
        }
        assert!(asked > 10, "the runtime takes its words from the table");
    }
}

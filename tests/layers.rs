//! The module tree keeps its layers (docs/architecture.md): a module of the
//! library imports only from modules of lower layers, never from its own
//! layer or one above. Read from the source's own `crate::` paths; test
//! modules (from a file's first `#[cfg(test)]` on) may reach anywhere.

use std::collections::BTreeMap;
use std::path::Path;

/// The layer of each top-level module, lowest first (docs/architecture.md).
const LAYERS: &[(&str, u32)] = &[
    ("diag", 0),
    ("files", 0),
    ("bounds", 0),
    ("deck", 1),
    ("target", 1),
    ("text", 2),
    ("typeset", 3),
    ("config", 3),
    ("images", 2),
    ("theme", 4),
    ("course", 5),
    ("parse", 5),
    ("lint", 5),
    ("report", 6),
    ("load", 6),
    ("fit", 7),
    ("render", 8),
    ("output", 8),
    ("build", 9),
    ("import", 10),
    ("starter", 10),
];

/// Files of the binary (command line and live server): above every layer.
fn in_binary(rel: &str) -> bool {
    matches!(rel, "main.rs" | "cli.rs" | "import_cmd.rs" | "lib.rs")
        || rel.starts_with("serve/")
        || rel.starts_with("lsp/")
}

/// Every `crate::<module>` a piece of source names, in `use` lists too.
fn modules_named(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(list) = rest.strip_prefix('{') {
            // `use crate::{a::X, b::{Y, Z}}`: the first path segment of each entry.
            let end = list.find("};").unwrap_or(list.len());
            for entry in list[..end].split(',') {
                let name: String = entry
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if entry.trim()[name.len()..].starts_with("::") {
                    out.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            let after = &rest[name.len()..];
            if name.is_empty() && after.starts_with(|c: char| c.is_ascii_uppercase()) {
                // `crate::Format`: a re-export of the crate root hides its layer.
                out.push("(the crate root)".to_string());
            } else if after.starts_with("::") || after.starts_with([';', '(']) {
                out.push(name);
            }
        }
    }
    out
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Arrows from a module to a module not below it: (from file, to module).
fn arrows_up(src: &Path) -> Vec<(String, String)> {
    let layers: BTreeMap<&str, u32> = LAYERS.iter().copied().collect();
    let mut files = Vec::new();
    sources(src, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if in_binary(&rel) {
            continue;
        }
        let top = rel.split('/').next().unwrap().trim_end_matches(".rs");
        let Some(&own) = layers.get(top) else {
            wrong.push((
                rel.clone(),
                format!(
                    "{top} (a module with no layer: add it to LAYERS and docs/architecture.md)"
                ),
            ));
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for named in modules_named(code) {
            if named == top {
                continue;
            }
            match layers.get(named.as_str()) {
                Some(&layer) if layer < own => {}
                _ => wrong.push((rel.clone(), named)),
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    wrong
}

#[test]
fn no_module_imports_from_its_own_layer_or_above() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let wrong = arrows_up(&src);
    assert!(
        wrong.is_empty(),
        "imports that run sideways or back up the layers (file → module):\n{}",
        wrong
            .iter()
            .map(|(f, m)| format!("  {f} → {m}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_check_sees_an_arrow_back_up() {
    // A parser file naming the builder, in a `use` list and inline.
    let dir = std::env::temp_dir().join(format!("lectern-layers-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("parse")).unwrap();
    std::fs::write(
        dir.join("parse/mod.rs"),
        "use crate::{deck::Deck, build::Builder};\nfn f() { crate::render::html::x(); }\n#[cfg(test)]\nmod tests { use crate::load::load; }\n",
    )
    .unwrap();
    let wrong = arrows_up(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        wrong,
        vec![
            ("parse/mod.rs".to_string(), "build".to_string()),
            ("parse/mod.rs".to_string(), "render".to_string()),
        ]
    );
}

#[test]
fn the_docs_name_every_layer() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md"))
            .expect("docs/architecture.md");
    for (module, _) in LAYERS {
        assert!(
            doc.contains(&format!("`{module}`")),
            "docs/architecture.md does not name `{module}`"
        );
    }
}

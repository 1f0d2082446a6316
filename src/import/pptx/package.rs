//! The PPTX container: a ZIP read with bounds (entries, sizes through a
//! capped reader, never the header's word), its parts by name, and the
//! relationships between them.

use std::collections::BTreeMap;
use std::io::Read;

use super::xml;

/// At most this many entries in the ZIP.
pub const MAX_ENTRIES: usize = 4000;
/// At most this many bytes in one part once uncompressed.
pub const MAX_PART: u64 = 64 << 20;
/// At most this many bytes in all parts together once uncompressed.
pub const MAX_TOTAL: u64 = 400 << 20;

/// The parts of a package, by their name in the ZIP.
pub struct Package {
    parts: BTreeMap<String, Vec<u8>>,
}

/// One relationship of a part.
#[derive(Debug, Clone)]
pub struct Rel {
    pub id: String,
    /// The last segment of the type URI (`slide`, `image`, `notesSlide`…).
    pub kind: String,
    /// The part it points to, resolved; or the external address.
    pub target: String,
    pub external: bool,
}

impl Package {
    /// Reads every part of the ZIP in `bytes`, within the bounds above.
    pub fn open(bytes: &[u8]) -> Result<Package, String> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
            format!("not a PowerPoint file (the ZIP container cannot be read: {e})")
        })?;
        if zip.len() > MAX_ENTRIES {
            return Err(format!(
                "the file holds {} parts, more than the {MAX_ENTRIES} lectern reads",
                zip.len()
            ));
        }
        let mut parts = BTreeMap::new();
        let mut total: u64 = 0;
        for i in 0..zip.len() {
            let mut entry = zip
                .by_index(i)
                .map_err(|e| format!("part {i} of the ZIP cannot be read: {e}"))?;
            if entry.is_dir() {
                continue;
            }
            let name = entry
                .name()
                .map_err(|e| format!("part {i} of the ZIP has a name lectern cannot read: {e}"))?
                .trim_start_matches('/')
                .to_string();
            let mut data = Vec::new();
            // Never trust the size the header gives: read at most one more
            // byte than allowed and look.
            (&mut entry)
                .take(MAX_PART + 1)
                .read_to_end(&mut data)
                .map_err(|e| format!("part `{name}` cannot be read: {e}"))?;
            if data.len() as u64 > MAX_PART {
                return Err(format!(
                    "part `{name}` is larger than {} MB once uncompressed",
                    MAX_PART >> 20
                ));
            }
            total += data.len() as u64;
            if total > MAX_TOTAL {
                return Err(format!(
                    "the parts are larger than {} MB together once uncompressed",
                    MAX_TOTAL >> 20
                ));
            }
            parts.insert(name, data);
        }
        Ok(Package { parts })
    }

    /// A part's bytes.
    pub fn bytes(&self, name: &str) -> Option<&[u8]> {
        self.parts.get(name).map(Vec::as_slice)
    }

    /// A part as text (UTF-8, a BOM dropped); an error names it.
    pub fn text(&self, name: &str) -> Result<&str, String> {
        let bytes = self
            .bytes(name)
            .ok_or_else(|| format!("part `{name}` is missing"))?;
        let text =
            std::str::from_utf8(bytes).map_err(|_| format!("part `{name}` is not UTF-8 XML"))?;
        Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
    }

    /// A part parsed as XML (within `xml::parse`'s bounds).
    pub fn document(&self, name: &str) -> Result<roxmltree::Document<'_>, String> {
        xml::parse(self.text(name)?, name)
    }

    /// The relationships of part `name` (none when it has no `.rels`).
    pub fn rels(&self, name: &str) -> Result<Vec<Rel>, String> {
        let (dir, file) = name.rsplit_once('/').unwrap_or(("", name));
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        if self.bytes(&rels_name).is_none() {
            return Ok(Vec::new());
        }
        let text = self.text(&rels_name)?;
        let doc = xml::parse(text, &rels_name)?;
        let mut out = Vec::new();
        for r in doc.root_element().children().filter(|n| {
            n.has_tag_name((
                "http://schemas.openxmlformats.org/package/2006/relationships",
                "Relationship",
            ))
        }) {
            let id = r.attribute("Id").unwrap_or_default().to_string();
            let kind = r
                .attribute("Type")
                .unwrap_or_default()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string();
            let raw = r.attribute("Target").unwrap_or_default();
            let external = r
                .attribute("TargetMode")
                .is_some_and(|m| m.eq_ignore_ascii_case("External"));
            let target = if external {
                raw.to_string()
            } else {
                // A target that climbs out of the package points nowhere.
                resolve(dir, raw).unwrap_or_default()
            };
            out.push(Rel {
                id,
                kind,
                target,
                external,
            });
        }
        Ok(out)
    }
}

/// `../media/image1.png` from `ppt/slides` → `ppt/media/image1.png`; None
/// when the path climbs out of the package.
pub fn resolve(dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The relationship with id `id`.
pub fn by_id<'r>(rels: &'r [Rel], id: &str) -> Option<&'r Rel> {
    rels.iter().find(|r| r.id == id)
}

/// The first relationship of a kind.
pub fn by_kind<'r>(rels: &'r [Rel], kind: &str) -> Option<&'r Rel> {
    rels.iter().find(|r| r.kind == kind && !r.external)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_inside_the_package_only() {
        assert_eq!(
            resolve("ppt/slides", "../media/image1.png").as_deref(),
            Some("ppt/media/image1.png")
        );
        assert_eq!(resolve("ppt", "/ppt/x.xml").as_deref(), Some("ppt/x.xml"));
        assert_eq!(resolve("ppt/slides", "../../../etc/passwd"), None);
    }
}

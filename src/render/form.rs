//! Fillable workbooks: text fields over the writing areas of a workbook
//! PDF, for participants of online sessions who type rather than print.
//!
//! Typst has no form fields, so the template marks each writing area with
//! an invisible link to `lectern-field:<name>|<m or s>|<label>`: Typst's
//! layout places it, and its structure tree holds it in reading order as a
//! `Link` element pointing at the annotation. After export, each such link
//! annotation becomes a text field (its widget in the same place, the
//! label as its tooltip `/TU`), its structure element a `Form`, and the
//! catalogue gets the `AcroForm` that lists the fields. Nothing is drawn:
//! printed, the page looks as without fields.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// The link target the template writes for a field.
const SCHEME: &[u8] = b"lectern-field:";
/// A text field that takes several lines (ISO 32000-1, table 228).
const MULTILINE: i64 = 1 << 12;
/// An annotation that is printed (table 165): an empty field prints
/// nothing, a filled one prints what was typed.
const PRINT: i64 = 4;
/// How typed text is set: Helvetica, which every reader has, 11 pt.
const APPEARANCE: &str = "/Helv 11 Tf 0 g";

/// A writing area found in the exported PDF.
struct Field {
    id: ObjectId,
    name: String,
    multiline: bool,
    label: String,
    width: f32,
    height: f32,
}

/// The PDF with its marked writing areas as form fields; unchanged when it
/// has none.
pub fn add_fields(pdf: Vec<u8>) -> Result<Vec<u8>, String> {
    let mut doc = Document::load_mem(&pdf).map_err(|e| e.to_string())?;
    let fields = find_fields(&doc);
    if fields.is_empty() {
        return Ok(pdf);
    }
    let font = doc.add_object(helvetica());
    let mut names = HashSet::new();
    let mut listed = Vec::with_capacity(fields.len());
    for field in &fields {
        let appearance = doc.add_object(empty_appearance(field.width, field.height));
        let name = unique_name(&mut names, &field.name);
        let Some(Object::Dictionary(widget)) = doc.objects.get_mut(&field.id) else {
            continue;
        };
        for key in [&b"A"[..], b"Border", b"Contents", b"H"] {
            widget.remove(key);
        }
        widget.set("Subtype", Object::Name(b"Widget".to_vec()));
        widget.set("FT", Object::Name(b"Tx".to_vec()));
        widget.set("T", lopdf::text_string(&name));
        widget.set("TU", lopdf::text_string(&field.label));
        widget.set("Ff", if field.multiline { MULTILINE } else { 0 });
        widget.set("DA", Object::string_literal(APPEARANCE));
        widget.set("F", PRINT);
        widget.set(
            "AP",
            Dictionary::from_iter([("N", Object::Reference(appearance))]),
        );
        listed.push(Object::Reference(field.id));
    }
    let ids: HashSet<ObjectId> = fields.iter().map(|f| f.id).collect();
    retag_as_form(&mut doc, &ids);
    let catalog = doc.catalog_mut().map_err(|e| e.to_string())?;
    catalog.set(
        "AcroForm",
        Dictionary::from_iter([
            ("Fields", Object::Array(listed)),
            ("DA", Object::string_literal(APPEARANCE)),
            (
                "DR",
                Object::Dictionary(Dictionary::from_iter([(
                    "Font",
                    Object::Dictionary(Dictionary::from_iter([("Helv", Object::Reference(font))])),
                )])),
            ),
            // Readers draw what is typed themselves (the empty appearance
            // above is only what the page shows before).
            ("NeedAppearances", Object::Boolean(true)),
        ]),
    );
    let mut out = Vec::with_capacity(pdf.len() + fields.len() * 400);
    // Object and cross-reference streams, as Typst writes them: the file
    // stays about the size it was.
    doc.save_modern(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// The link annotations the template marked as writing areas.
fn find_fields(doc: &Document) -> Vec<Field> {
    let mut fields = Vec::new();
    for (&id, object) in &doc.objects {
        let Object::Dictionary(annot) = object else {
            continue;
        };
        let is_link = annot
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Link");
        if !is_link {
            continue;
        }
        let Some(target) = annot
            .get(b"A")
            .ok()
            .and_then(|a| doc.dereference(a).ok())
            .and_then(|(_, a)| a.as_dict().ok())
            .and_then(|a| a.get(b"URI").ok())
            .and_then(|u| u.as_str().ok())
            .and_then(|u| u.strip_prefix(SCHEME))
        else {
            continue;
        };
        let target = String::from_utf8_lossy(target);
        let mut parts = target.splitn(3, '|');
        let (Some(name), Some(lines), Some(label)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let rect: Vec<f32> = annot
            .get(b"Rect")
            .and_then(Object::as_array)
            .map(|r| r.iter().filter_map(|v| v.as_float().ok()).collect())
            .unwrap_or_default();
        let [x0, y0, x1, y1] = rect[..] else {
            continue;
        };
        fields.push(Field {
            id,
            name: name.to_string(),
            multiline: lines == "m",
            label: label.trim().to_string(),
            width: (x1 - x0).abs(),
            height: (y1 - y0).abs(),
        });
    }
    // Reading order within a page is the structure tree's; names follow
    // the order of the objects, which is the order of the pages.
    fields
}

/// A field name once in the document: a second "s3-name" (a session
/// page repeated in a course workbook) becomes "s3-name-2".
fn unique_name(taken: &mut HashSet<String>, name: &str) -> String {
    let mut candidate = name.to_string();
    let mut n = 1;
    while !taken.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{name}-{n}");
    }
    candidate
}

/// The structure elements of the fields' links become `Form` elements
/// (PDF/UA: a widget sits in a Form element of the structure tree).
fn retag_as_form(doc: &mut Document, fields: &HashSet<ObjectId>) {
    let mut forms = Vec::new();
    for (&id, object) in &doc.objects {
        let Object::Dictionary(elem) = object else {
            continue;
        };
        let is_link = elem
            .get(b"S")
            .and_then(Object::as_name)
            .is_ok_and(|s| s == b"Link");
        if !is_link {
            continue;
        }
        let Ok(kids) = elem.get(b"K") else { continue };
        let mut points_at_field = |kid: &Object| {
            let kid = doc.dereference(kid).map_or(kid, |(_, k)| k);
            kid.as_dict()
                .ok()
                .and_then(|k| k.get(b"Obj").ok())
                .and_then(|o| o.as_reference().ok())
                .is_some_and(|o| fields.contains(&o))
        };
        let found = match kids {
            Object::Array(kids) => kids.iter().any(&mut points_at_field),
            kid => points_at_field(kid),
        };
        if found {
            forms.push(id);
        }
    }
    for id in forms {
        if let Some(Object::Dictionary(elem)) = doc.objects.get_mut(&id) {
            elem.set("S", Object::Name(b"Form".to_vec()));
            elem.remove(b"Alt");
        }
    }
}

/// The font typed text is drawn in: one of the 14 every reader has.
fn helvetica() -> Dictionary {
    Dictionary::from_iter([
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type1".to_vec())),
        ("BaseFont", Object::Name(b"Helvetica".to_vec())),
        ("Encoding", Object::Name(b"WinAnsiEncoding".to_vec())),
    ])
}

/// What an empty field shows: nothing.
fn empty_appearance(width: f32, height: f32) -> Stream {
    let dict = Dictionary::from_iter([
        ("Type", Object::Name(b"XObject".to_vec())),
        ("Subtype", Object::Name(b"Form".to_vec())),
        (
            "BBox",
            Object::Array(vec![0.into(), 0.into(), width.into(), height.into()]),
        ),
    ]);
    Stream::new(dict, b"/Tx BMC\nEMC\n".to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_name_gets_a_number() {
        let mut taken = HashSet::new();
        assert_eq!(unique_name(&mut taken, "s3-name"), "s3-name");
        assert_eq!(unique_name(&mut taken, "s3-name"), "s3-name-2");
        assert_eq!(unique_name(&mut taken, "s3-name"), "s3-name-3");
    }

    #[test]
    fn a_pdf_without_marked_areas_is_left_as_it_is() {
        let mut doc = Document::with_version("1.7");
        let pages = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Kids", Object::Array(vec![])),
            ("Count", Object::Integer(0)),
        ]));
        let catalog = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Catalog".to_vec())),
            ("Pages", Object::Reference(pages)),
        ]));
        doc.trailer.set("Root", catalog);
        let mut pdf = Vec::new();
        doc.save_to(&mut pdf).unwrap();
        assert_eq!(add_fields(pdf.clone()).unwrap(), pdf);
    }
}

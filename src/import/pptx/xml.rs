//! XML parts read with roxmltree, within bounds: no DTD, a node limit, a
//! nesting limit; and the few lookups the reader needs, by local name.

use roxmltree::{Document, Node, ParsingOptions};

/// At most this many nodes in one part.
const MAX_NODES: u32 = 2_000_000;
/// At most this deep.
pub const MAX_DEPTH: usize = 200;

/// The relationships namespace (`r:`).
pub const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Parses part `name`; an error says which part and why.
pub fn parse<'a>(text: &'a str, name: &str) -> Result<Document<'a>, String> {
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, opts)
        .map_err(|e| format!("part `{name}` is not XML lectern reads ({e})"))?;
    if depth(doc.root()) > MAX_DEPTH {
        return Err(format!(
            "part `{name}` nests its elements deeper than {MAX_DEPTH} levels"
        ));
    }
    Ok(doc)
}

/// The deepest nesting under `root`, walked without recursion.
fn depth(root: Node) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(root, 0usize)];
    while let Some((n, d)) = stack.pop() {
        deepest = deepest.max(d);
        if d > MAX_DEPTH {
            break;
        }
        stack.extend(n.children().filter(Node::is_element).map(|c| (c, d + 1)));
    }
    deepest
}

/// The first child element with local name `name`.
pub fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// The child elements with local name `name`.
pub fn children<'a, 'i>(n: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The element at the end of a path of local names.
pub fn path<'a, 'i>(n: Node<'a, 'i>, names: &[&str]) -> Option<Node<'a, 'i>> {
    names.iter().try_fold(n, |at, name| child(at, name))
}

/// The first descendant with local name `name`.
pub fn find<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.descendants()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// An attribute in the relationships namespace (`r:id`, `r:embed`).
pub fn rel_attr<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attribute((R, name))
}

/// A number attribute.
pub fn num(n: Node, name: &str) -> Option<i64> {
    n.attribute(name).and_then(|v| v.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_and_dtds_are_refused() {
        let deep = format!("{}{}", "<a>".repeat(300), "</a>".repeat(300));
        assert!(parse(&deep, "x.xml").unwrap_err().contains("deeper"));
        let dtd = "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>";
        assert!(parse(dtd, "x.xml").is_err());
        assert!(parse("<a><b/></a>", "x.xml").is_ok());
    }
}

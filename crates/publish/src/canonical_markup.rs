//! Markup drawn by other crates (MathML from TeX, SVG from Mermaid), rewritten into
//! the one form the browser accepts (`fumi_content::markdown::markup`): parsed as XML,
//! then written again element by element, keeping only listed elements and
//! attributes, every value escaped. What the drawing crates emit is never passed on
//! as it came.

use fumi_content::markdown::escape_html;
use fumi_content::markdown::markup::listed;

/// What to do with one attribute: keep it (possibly changed) or drop it.
pub type AttributeRule<'a> = &'a dyn Fn(&str, &str, &str) -> Option<(String, String)>;

/// The markup's vocabulary, and what happens to the rest.
/// Each list is words separated by spaces (as in `fumi_content::markdown::markup`).
pub struct Vocabulary<'a> {
    pub elements: &'a str,
    pub attributes: &'a str,
    /// Elements that are left out while their content stays (`<b>` inside `<mtext>`);
    /// any other element not listed is dropped with everything inside it.
    pub unwrapped: &'a str,
}

/// Rewrites `xml` in `vocabulary`; `rule(element, name, value)` may rename, change or
/// drop an attribute first.
pub fn rewrite(xml: &str, vocabulary: &Vocabulary, rule: AttributeRule) -> Result<String, String> {
    let document = roxmltree::Document::parse(xml).map_err(|e| format!("not well-formed: {e}"))?;
    let mut out = String::with_capacity(xml.len());
    write(document.root_element(), vocabulary, rule, &mut out);
    Ok(out)
}

fn write(node: roxmltree::Node, vocabulary: &Vocabulary, rule: AttributeRule, out: &mut String) {
    if node.is_text() {
        out.push_str(&escape_html(node.text().unwrap_or("")));
        return;
    }
    if !node.is_element() {
        return;
    }
    let name = node.tag_name().name();
    if !listed(vocabulary.elements, name) {
        if listed(vocabulary.unwrapped, name) {
            for child in node.children() {
                write(child, vocabulary, rule, out);
            }
        }
        return;
    }
    out.push('<');
    out.push_str(name);
    // Classes from several rules (a fill's and a stroke's) join in one attribute.
    let mut kept: Vec<(String, String)> = Vec::new();
    for attribute in node.attributes() {
        // Namespaced attributes (`xlink:href`, `xml:space`) are never kept.
        if attribute.namespace().is_some() {
            continue;
        }
        let Some((key, value)) = rule(name, attribute.name(), attribute.value()) else { continue };
        if !listed(vocabulary.attributes, &key) {
            continue;
        }
        match kept.iter_mut().find(|(k, _)| *k == key) {
            Some((_, classes)) if key == "class" => {
                classes.push(' ');
                classes.push_str(&value);
            }
            Some(_) => {}
            None => kept.push((key, value)),
        }
    }
    for (key, value) in kept {
        out.push_str(&format!(" {key}=\"{}\"", escape_html(&value)));
    }
    let children: Vec<_> = node.children().filter(|c| c.is_text() || c.is_element()).collect();
    if children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for child in children {
        write(child, vocabulary, rule, out);
    }
    out.push_str(&format!("</{name}>"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use fumi_content::markdown::markup::{is_allowed, SVG_ATTRIBUTES, SVG_ELEMENTS};

    const SVG: Vocabulary = Vocabulary { elements: SVG_ELEMENTS, attributes: SVG_ATTRIBUTES, unwrapped: "a" };

    fn keep(_: &str, name: &str, value: &str) -> Option<(String, String)> {
        Some((name.to_owned(), value.to_owned()))
    }

    #[test]
    fn only_listed_elements_and_attributes_survive_escaped() {
        let xml = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 1 1"><script>alert(1)</script><a xlink:href="javascript:x"><text>a</text></a><text x="1" onclick="x" style="fill:red">&lt;b&gt; &amp; "q"</text><foreignObject><div>x</div></foreignObject><rect width="1"/></svg>"#;
        let out = rewrite(xml, &SVG, &keep).unwrap();
        assert_eq!(out, "<svg viewBox=\"0 0 1 1\"><text>a</text><text x=\"1\">&lt;b&gt; &amp; &quot;q&quot;</text><rect width=\"1\"/></svg>");
        assert!(is_allowed(&out, SVG_ELEMENTS, SVG_ATTRIBUTES));
    }

    #[test]
    fn malformed_input_is_an_error() {
        assert!(rewrite("<svg><g></svg>", &SVG, &keep).is_err());
    }
}

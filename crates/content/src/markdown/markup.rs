//! The gate for markup the publishing tool draws natively (formulas as MathML,
//! diagrams as SVG, cards for URLs). The tool writes it in one canonical form — every
//! attribute double-quoted, `<`, `>`, `&` and `"` escaped, elements and attributes from
//! short lists — and the renderer accepts nothing else, so hints that were tampered
//! with or went wrong can only ever show as their source text (or a plain link).
//!
//! The lists are words in one string each: in the browser's wasm that is a third of
//! the bytes of a slice of strings.

/// The MathML Core elements fumi's formulas use.
pub const MATHML_ELEMENTS: &str =
    "math mrow mi mn mo ms mtext mspace msub msup msubsup munder mover munderover mfrac msqrt mroot \
    mtable mtr mtd mstyle mpadded mphantom merror mmultiscripts mprescripts semantics annotation";

/// Their attributes (presentation only: none takes a URL or a script).
pub const MATHML_ATTRIBUTES: &str =
    "display class mathvariant stretchy lspace rspace accent accentunder displaystyle scriptlevel \
    width height depth linethickness largeop movablelimits symmetric fence separator form minsize \
    maxsize voffset columnspan rowspan encoding dir";

/// The SVG elements fumi's diagrams use.
pub const SVG_ELEMENTS: &str = "svg g path rect circle ellipse line polyline polygon text tspan defs marker title desc";

/// Their attributes: geometry, paint and text layout. No `href`, `style` or event
/// handler; references are only to ids within the diagram (`url(#…)`).
pub const SVG_ATTRIBUTES: &str =
    "xmlns viewBox width height x y x1 y1 x2 y2 cx cy r rx ry d points transform fill stroke \
    stroke-width stroke-dasharray stroke-linecap stroke-linejoin stroke-opacity fill-opacity opacity \
    text-anchor dominant-baseline font-size font-weight font-style dx dy id class marker-start \
    marker-end markerWidth markerHeight refX refY orient markerUnits role aria-label aria-hidden \
    preserveAspectRatio";

/// The HTML elements of cards (link, code, player and quote cards).
pub const CARD_ELEMENTS: &str = "figure figcaption a span img button blockquote p br wbr div pre code";

/// Their attributes. Those holding an address ([`URL_ATTRIBUTES`]) must hold a safe
/// one; a player's (`data-frame`) an `https:` one.
pub const CARD_ATTRIBUTES: &str =
    "class href rel src alt width height loading decoding data-frame cite type aria-hidden";

/// Attributes whose value is an address.
const URL_ATTRIBUTES: &str = "href src cite data-frame";

/// Whether `word` is one of the space-separated words of `list`.
pub fn listed(list: &str, word: &str) -> bool {
    list.split(' ').any(|listed| listed == word)
}

/// Whether `markup` is in the canonical form, made only of `elements` carrying only
/// `attributes`, every element closed in order.
pub fn is_allowed(markup: &str, elements: &str, attributes: &str) -> bool {
    let mut open: Vec<&str> = Vec::new();
    let mut rest = markup;
    while let Some(lt) = rest.find(['<', '>']) {
        if rest.as_bytes()[lt] == b'>' {
            return false; // a bare '>' in text
        }
        let Some(end) = rest[lt..].find('>') else { return false };
        let tag = &rest[lt + 1..lt + end];
        rest = &rest[lt + end + 1..];
        if tag.contains('<') {
            return false;
        }
        if let Some(name) = tag.strip_prefix('/') {
            if open.pop() != Some(name) {
                return false;
            }
            continue;
        }
        let (tag, empty) = match tag.strip_suffix('/') {
            Some(tag) => (tag, true),
            None => (tag, false),
        };
        let (name, mut attrs) = tag.split_once(' ').unwrap_or((tag, ""));
        if !listed(elements, name) {
            return false;
        }
        while !attrs.is_empty() {
            let Some((attribute, value)) = attrs.split_once("=\"") else { return false };
            let Some((value, after)) = value.split_once('"') else { return false };
            let unsafe_address = listed(URL_ATTRIBUTES, attribute)
                && (!super::is_safe_url(value, attribute == "src")
                    || (attribute == "data-frame" && !value.starts_with("https://")));
            if !listed(attributes, attribute)
                || unsafe_address
                || (value.contains("url(") && !value.starts_with("url(#"))
            {
                return false;
            }
            attrs = match after.strip_prefix(' ') {
                Some(more) if !more.is_empty() => more,
                None if after.is_empty() => "",
                _ => return false,
            };
        }
        if !empty {
            open.push(name);
        }
    }
    open.is_empty()
}

/// [`is_allowed`] for a formula: one `<math>` element.
pub fn is_formula(markup: &str) -> bool {
    markup.starts_with("<math") && is_allowed(markup, MATHML_ELEMENTS, MATHML_ATTRIBUTES)
}

/// [`is_allowed`] for a card: one `<figure>` element.
pub fn is_card(markup: &str) -> bool {
    markup.starts_with("<figure") && is_allowed(markup, CARD_ELEMENTS, CARD_ATTRIBUTES)
}

/// [`is_allowed`] for a diagram: one `<svg>` element.
pub fn is_diagram(markup: &str) -> bool {
    markup.starts_with("<svg") && is_allowed(markup, SVG_ELEMENTS, SVG_ATTRIBUTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_formulas_and_diagrams_pass() {
        assert!(is_formula(
            "<math display=\"block\"><mfrac><mi>a</mi><mn>2</mn></mfrac><mo>&lt;</mo><mspace width=\"1em\"/></math>"
        ));
        assert!(is_diagram("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><path d=\"M 0 0\" marker-end=\"url(#a-1)\"/><text x=\"1\">日本語</text></svg>"));
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "<math><script>alert(1)</script></math>",
            "<math><mi onclick=\"x\">a</mi></math>",
            "<math><mi>a</math>",
            "<math><mi>a</mi></mrow></math>",
            "<math>a > b</math>",
            "<math><mi class='x'>a</mi></math>",
            "<math><mi class=x>a</mi></math>",
            "<math><mi class=\"a\"class=\"b\">a</mi></math>",
            "<math><mi class=\"a\" >a</mi></math>",
            "<math><mi class=\"<x\">a</mi></math>",
            "<math><annotation-xml>x</annotation-xml></math>",
            "<mi>a</mi>",
        ] {
            assert!(!is_formula(bad), "{bad}");
        }
        for bad in [
            "<svg><a href=\"javascript:alert(1)\">x</a></svg>",
            "<svg><rect style=\"x\"/></svg>",
            "<svg><rect fill=\"url(https://evil.example/x)\"/></svg>",
            "<svg><foreignObject><div>x</div></foreignObject></svg>",
            "<svg><image href=\"x\"/></svg>",
            "<svg><text onload=\"x\">a</text></svg>",
        ] {
            assert!(!is_diagram(bad), "{bad}");
        }
    }
}

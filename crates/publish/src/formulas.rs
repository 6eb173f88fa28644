//! TeX formulas → MathML, at publishing time.
//!
//! math-core converts TeX to MathML Core, the subset every current browser draws
//! natively, so readers need no KaTeX or MathJax. Its output is rewritten into the
//! canonical form the browser accepts ([`crate::canonical_markup`]); the few `style`
//! attributes it writes (which the site's CSP would block anyway) become classes the
//! stylesheet knows, or are dropped.

use std::sync::LazyLock;

use fumi_content::markdown::markup::{MATHML_ATTRIBUTES, MATHML_ELEMENTS};
use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

use crate::canonical_markup::{self, Vocabulary};

static CONVERTER: LazyLock<LatexToMathML> = LazyLock::new(|| {
    // The TeX source rides along as an annotation: assistive technology and copying
    // can use it.
    let config = MathCoreConfig { annotation: true, ..Default::default() };
    LatexToMathML::new(config).expect("the default configuration has no macros to fail")
});

const MATHML: Vocabulary = Vocabulary {
    elements: MATHML_ELEMENTS,
    attributes: MATHML_ATTRIBUTES,
    // `\text{\textbf{…}}` writes HTML inside `<mtext>`: its words stay, plainly.
    unwrapped: "b i em code span s u",
};

/// The MathML of a formula, or why its TeX does not parse.
pub fn to_mathml(tex: &str, display: bool) -> Result<String, String> {
    let display = if display { MathDisplay::Block } else { MathDisplay::Inline };
    let converted = CONVERTER.convert_with_local_state(tex, display).map_err(|e| e.to_string())?;
    canonical_markup::rewrite(&converted.mathml, &MATHML, &|element, name, value| match (element, name) {
        // Aligned columns (`&=`): the side each cell hugs.
        ("mtd", "style") if value.contains("text-align: right") => Some(("class".into(), "math-right".into())),
        ("mtd", "style") if value.contains("text-align: left") => Some(("class".into(), "math-left".into())),
        // MathML Core allows it anywhere, the HTML validator's MathML only on
        // `<mstyle>`; on a table it restates the default.
        ("mtable", "scriptlevel") => None,
        (_, "style") => None,
        _ => Some((name.to_owned(), value.to_owned())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use fumi_content::markdown::markup::is_formula;

    #[test]
    fn formulas_become_canonical_mathml() {
        let inline = to_mathml("E = mc^2", false).unwrap();
        assert!(inline.starts_with("<math><semantics><mrow><mi>E</mi><mo>=</mo>"), "{inline}");
        assert!(inline.contains("<msup><mi>c</mi><mn>2</mn></msup>"), "{inline}");
        assert!(inline.contains("<annotation encoding=\"application/x-tex\">E = mc^2</annotation>"), "{inline}");
        assert!(is_formula(&inline), "{inline}");
        let block = to_mathml(r"\text{損失} = \sum_i (y_i - \hat{y}_i)^2", true).unwrap();
        assert!(block.starts_with("<math display=\"block\">"), "{block}");
        assert!(block.contains("<mtext>損失</mtext>"), "{block}");
        assert!(is_formula(&block), "{block}");
    }

    #[test]
    fn aligned_columns_use_classes_not_styles() {
        let out = to_mathml(r"\begin{aligned} a &= b \\ c &= d \end{aligned}", true).unwrap();
        assert!(out.contains("<mtd class=\"math-right\">"), "{out}");
        assert!(!out.contains("scriptlevel"), "{out}");
        assert!(out.contains("<mtd class=\"math-left\">"), "{out}");
        assert!(!out.contains(" style="), "{out}");
        assert!(is_formula(&out), "{out}");
    }

    #[test]
    fn html_inside_text_keeps_its_words() {
        let out = to_mathml(r"\text{\textbf{太字}}", false).unwrap();
        assert!(out.contains("<mtext>太字</mtext>"), "{out}");
    }

    #[test]
    fn invalid_or_hostile_tex_is_an_error_or_text() {
        assert!(to_mathml(r"\frac{a", false).is_err());
        let href = to_mathml(r"\href{javascript:alert(1)}{x}", false).unwrap_err();
        assert!(href.contains("href"), "{href}");
        let script = to_mathml("<script>alert(1)</script>", false).unwrap();
        assert!(!script.contains("<script"), "{script}");
        assert!(is_formula(&script), "{script}");
    }
}

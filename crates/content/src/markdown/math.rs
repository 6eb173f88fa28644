//! Formulas: `$…$` inline, `$$…$$` and ```` ```math ```` fences on their own.
//!
//! The publishing tool turns each formula's TeX into MathML, which every current
//! browser draws natively, and ships it in the hints; the browser carries no TeX
//! engine. TeX that does not parse comes back as an error message, and the formula
//! shows its source beside that message. Without hints (a body rendered where no
//! publishing tool ran) a formula shows as its source, as code.

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use super::{escape_html, fence_language, markup, options, Drawn, RenderHints};

/// One formula of a body, as the publishing tool sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Formula {
    pub tex: String,
    /// Shown as a block of its own (`$$…$$`, a `math` fence) rather than in the line.
    pub display: bool,
    /// Byte offset in the body, for messages.
    pub offset: usize,
}

/// Every formula of a body, in document order.
pub fn formulas(markdown: &str) -> Vec<Formula> {
    let mut found = Vec::new();
    let mut fence: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::InlineMath(tex) => {
                found.push(Formula { tex: tex.into_string(), display: false, offset: range.start })
            }
            Event::DisplayMath(tex) => {
                found.push(Formula { tex: tex.into_string(), display: true, offset: range.start })
            }
            Event::Start(Tag::CodeBlock(kind)) if fence_language(&kind) == Some("math") => {
                fence = Some((range.start, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, tex)) = fence.as_mut() {
                    tex.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((offset, tex)) = fence.take() {
                    found.push(Formula { tex: fence_tex(&tex).to_owned(), display: true, offset });
                }
            }
            _ => {}
        }
    }
    found
}

/// The TeX of a `math` fence: its text without the final newline.
pub(crate) fn fence_tex(code: &str) -> &str {
    code.trim_end_matches('\n')
}

/// The HTML of a formula from the hints: its MathML when the hints hold valid MathML
/// for it, its source beside the error when the TeX did not parse, else its source.
/// A display formula is a block in a `<span>`: `$$…$$` sits inside its paragraph,
/// where a `<div>` would end the paragraph early.
pub(crate) fn formula_html(tex: &str, display: bool, hints: &RenderHints) -> String {
    let known = hints.drawing(if display { Drawn::DisplayFormula(tex) } else { Drawn::Formula(tex) });
    let source = escape_html(tex);
    match known {
        Some(mathml) if markup::is_formula(mathml) => {
            if display {
                format!("<span class=\"math-display\">{mathml}</span>")
            } else {
                mathml.to_owned()
            }
        }
        // Not MathML: the message saying why the TeX did not parse.
        Some(message) if !message.starts_with('<') => {
            let source = format!("<code class=\"math\">{source}</code>");
            let error = format!("<span class=\"math-error\" role=\"note\">{}</span>", escape_html(message));
            if display {
                format!("<span class=\"math-display\">{source}{error}</span>")
            } else {
                format!("{source}{error}")
            }
        }
        _ if display => format!("<span class=\"math-display\"><code class=\"math\">{source}</code></span>"),
        _ => format!("<code class=\"math\">{source}</code>"),
    }
}

pub(crate) fn rewrite(events: &mut [Event], hints: &RenderHints) {
    for event in events.iter_mut() {
        let html = match event {
            Event::InlineMath(tex) => formula_html(tex, false, hints),
            Event::DisplayMath(tex) => formula_html(tex, true, hints),
            _ => continue,
        };
        *event = Event::InlineHtml(CowStr::from(html));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{render, render_with, Labels};

    #[test]
    fn formulas_are_listed_with_their_kind() {
        let found = formulas("質量 $E=mc^2$ です。\n\n$$\n\\sum_i x_i\n$$\n\n```math\na^2+b^2\n```\n\n`$not$`\n");
        let listed: Vec<(&str, bool)> = found.iter().map(|f| (f.tex.as_str(), f.display)).collect();
        assert_eq!(listed, [("E=mc^2", false), ("\n\\sum_i x_i\n", true), ("a^2+b^2", true)]);
        assert_eq!(found[0].offset, "質量 ".len());
    }

    #[test]
    fn without_hints_a_formula_shows_its_source() {
        assert_eq!(render("a $x<1$ b\n").html, "<p>a <code class=\"math\">x&lt;1</code> b</p>\n");
        assert!(render("```math\nx\n```\n").html.contains("<code class=\"language-math\">x\n</code>"));
    }

    #[test]
    fn mathml_from_hints_is_used_and_anything_else_refused() {
        let mut hints = RenderHints::default();
        hints.draw(Drawn::Formula("x"), "<math><mi>x</mi></math>".into());
        hints.draw(Drawn::DisplayFormula("y"), "<math display=\"block\"><mi>y</mi></math>".into());
        hints.draw(Drawn::Formula("bad"), "<math><mi onclick=\"alert(1)\">x</mi></math>".into());
        hints.draw(Drawn::Formula("\\oops"), "unknown command \\oops".into());
        let out = render_with("$x$ $bad$ $\\oops$\n\n```math\ny\n```\n", &hints, Labels::for_language("en")).html;
        assert!(out.contains("<p><math><mi>x</mi></math> <code class=\"math\">bad</code>"), "{out}");
        assert!(out.contains("<code class=\"math\">\\oops</code><span class=\"math-error\" role=\"note\">unknown command \\oops</span>"), "{out}");
        assert!(out.contains("<span class=\"math-display\"><math display=\"block\"><mi>y</mi></math></span>"), "{out}");
        assert!(!out.contains("onclick"), "{out}");
    }
}

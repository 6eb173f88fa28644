//! Code blocks: an optional file-name header (```` ```rust:src/main.rs ````), a copy
//! button, and syntax highlighting.
//!
//! Highlighting happens in the native publishing tool, which ships the highlighted
//! HTML of each block beside the post (see [`super::RenderHints`]); a highlighter and
//! its grammars would cost the browser bundle more than everything else combined. The
//! browser accepts that HTML only if it is nothing but text and `<span class>` tags.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};

use super::{escape_html, markup, math, options, Drawn, Labels, RenderHints};

/// One code block of a post, as the publishing tool sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeBlock {
    /// The language named in the fence (`rust` in ```` ```rust:src/main.rs ````).
    pub lang: Option<String>,
    /// The file name after the colon, shown as a header.
    pub filename: Option<String>,
    pub code: String,
    /// The language of the lines of a Zenn-style ```` ```diff js ```` block.
    pub diff_language: Option<String>,
    /// Byte offset of the block in the body, for messages.
    pub offset: usize,
}

/// Every code block of a body, in document order — the order of [`RenderHints::code`].
pub fn code_blocks(markdown: &str) -> Vec<CodeBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<CodeBlock> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let (lang, filename) = parse_info(&kind);
                let diff_language = match &kind {
                    CodeBlockKind::Fenced(info) if lang.as_deref() == Some("diff") => info
                        .split_whitespace()
                        .nth(1)
                        .and_then(|w| w.split(':').next())
                        .filter(|l| !l.is_empty())
                        .map(str::to_owned),
                    _ => None,
                };
                current = Some(CodeBlock { lang, filename, code: String::new(), diff_language, offset: range.start });
            }
            Event::Text(text) => {
                if let Some(block) = current.as_mut() {
                    block.code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

/// `rust:src/main.rs` → (`rust`, `src/main.rs`); `rust` → (`rust`, none); Zenn's
/// `diff js:app.js` → (`diff`, `app.js`).
fn parse_info(kind: &CodeBlockKind) -> (Option<String>, Option<String>) {
    let CodeBlockKind::Fenced(info) = kind else { return (None, None) };
    let mut words = info.split_whitespace();
    let first = words.next().unwrap_or("");
    // A diff names its lines' language second, and the file after that.
    let named = if first == "diff" { words.next().unwrap_or(first) } else { first };
    let lang = first.split(':').next().unwrap_or(first);
    let filename = named.split_once(':').map(|(_, file)| file);
    let nonempty = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    (nonempty(lang), filename.and_then(nonempty))
}

pub(crate) fn rewrite(events: &mut Vec<Event>, hints: &RenderHints, labels: &Labels) {
    if !events.iter().any(|e| matches!(e, Event::Start(Tag::CodeBlock(_)))) {
        return;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut index = 0; // which code block, for hints.code
    let mut block: Option<(Option<String>, Option<String>, String)> = None;
    for event in events.drain(..) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let (lang, filename) = parse_info(&kind);
                block = Some((lang, filename, String::new()));
            }
            Event::Text(text) if block.is_some() => block.as_mut().expect("checked").2.push_str(&text),
            Event::End(TagEnd::CodeBlock) => {
                let (lang, filename, code) = block.take().unwrap_or_default();
                let highlighted = hints.code.get(index).cloned().flatten().filter(|h| is_plain_markup(h));
                index += 1;
                // Formulas and diagrams drawn by the publishing tool; a fence it could
                // not draw stays a code block (its source).
                let drawn = match lang.as_deref() {
                    Some("math") if hints.drawing(Drawn::DisplayFormula(math::fence_tex(&code))).is_some() => {
                        Some(format!("{}\n", math::formula_html(math::fence_tex(&code), true, hints)))
                    }
                    Some("mermaid") => hints
                        .drawing(Drawn::Diagram(&code))
                        .filter(|svg| markup::is_diagram(svg))
                        .map(|svg| format!("<figure class=\"diagram\">{svg}</figure>\n")),
                    _ => None,
                };
                let html = drawn.unwrap_or_else(|| block_html(lang, filename, &code, highlighted, labels));
                out.push(Event::Html(CowStr::from(html)));
            }
            other => out.push(other),
        }
    }
    *events = out;
}

fn block_html(
    lang: Option<String>,
    filename: Option<String>,
    code: &str,
    highlighted: Option<String>,
    labels: &Labels,
) -> String {
    let mut html = String::from("<div class=\"code-block\">");
    if let Some(name) = &filename {
        html.push_str(&format!("<div class=\"code-block__filename\">{}</div>", escape_html(name)));
    }
    match &lang {
        Some(lang) => html.push_str(&format!("<pre><code class=\"language-{}\">", escape_html(lang))),
        None => html.push_str("<pre><code>"),
    }
    html.push_str(&highlighted.unwrap_or_else(|| escape_html(code)));
    html.push_str(&format!(
        "</code></pre><button type=\"button\" class=\"copy-button\">{}</button></div>\n",
        escape_html(labels.copy)
    ));
    html
}

/// Whether highlighted HTML is only escaped text and `<span class="…">`/`</span>`,
/// each span closed in the block (an unclosed one would swallow the page after it).
pub fn is_plain_markup(html: &str) -> bool {
    let mut rest = html;
    let mut open = 0usize;
    while let Some(lt) = rest.find(['<', '>']) {
        if rest.as_bytes()[lt] == b'>' {
            return false; // a bare '>' outside a tag
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("</span>") {
            let Some(still_open) = open.checked_sub(1) else { return false };
            open = still_open;
            rest = after;
        } else if let Some(after) = rest.strip_prefix("<span class=\"") {
            let Some(end) = after.find("\">") else { return false };
            if !after[..end].bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'-' | b'_')) {
                return false;
            }
            open += 1;
            rest = &after[end + 2..];
        } else {
            return false;
        }
    }
    open == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{render, render_with};

    #[test]
    fn fenced_code_is_escaped_and_keeps_its_language() {
        assert_eq!(
            render("```rust\nlet a = 1 < 2;\n```\n").html,
            "<div class=\"code-block\"><pre><code class=\"language-rust\">let a = 1 &lt; 2;\n</code></pre><button type=\"button\" class=\"copy-button\">Copy</button></div>\n"
        );
    }

    #[test]
    fn file_name_after_a_colon_becomes_a_header() {
        let out = render("```rust:src/main.rs\nfn main() {}\n```\n").html;
        assert!(out.starts_with("<div class=\"code-block\"><div class=\"code-block__filename\">src/main.rs</div><pre><code class=\"language-rust\">"), "{out}");
    }

    #[test]
    fn a_diff_names_its_language_and_file_second() {
        let blocks = code_blocks("```diff js:src/app.js\n-a\n+b\n```\n\n```diff\n-a\n```\n");
        assert_eq!(blocks[0].lang.as_deref(), Some("diff"));
        assert_eq!(blocks[0].diff_language.as_deref(), Some("js"));
        assert_eq!(blocks[0].filename.as_deref(), Some("src/app.js"));
        assert_eq!((blocks[1].diff_language.as_deref(), blocks[1].filename.as_deref()), (None, None));
        let out = render("```diff js:src/app.js\n-a\n```\n").html;
        assert!(
            out.contains("<div class=\"code-block__filename\">src/app.js</div><pre><code class=\"language-diff\">"),
            "{out}"
        );
    }

    #[test]
    fn blocks_are_listed_in_document_order_with_their_info() {
        let blocks = code_blocks("```yaml:k8s/deploy.yaml\na: 1\n```\n\n    indented\n\n```\nplain\n```\n");
        assert_eq!(blocks.len(), 3);
        assert_eq!((blocks[0].lang.as_deref(), blocks[0].filename.as_deref()), (Some("yaml"), Some("k8s/deploy.yaml")));
        assert_eq!(blocks[0].code, "a: 1\n");
        assert_eq!((blocks[1].lang.as_deref(), blocks[1].code.as_str()), (None, "indented\n"));
        assert_eq!(blocks[2].lang, None);
    }

    #[test]
    fn highlighted_html_from_hints_is_used_in_order() {
        let hints =
            RenderHints { code: vec![None, Some("<span class=\"kw\">fn</span> f".into())], ..Default::default() };
        let out = render_with("```\nplain <\n```\n\n```rust\nfn f\n```\n", &hints, Labels::for_language("en")).html;
        assert!(out.contains("<code>plain &lt;\n</code>"), "{out}");
        assert!(out.contains("<code class=\"language-rust\"><span class=\"kw\">fn</span> f</code>"), "{out}");
    }

    #[test]
    fn highlighted_html_with_anything_but_spans_is_refused() {
        for bad in [
            "<img src=x onerror=alert(1)>",
            "<span class=\"a\" onclick=\"x\">",
            "<span class=\"a\">b</span><script>",
            "a > b",
            // Found by tests/properties.rs: spans must be balanced within the block.
            "<span class=\"a\">unclosed",
            "</span>",
            "<span class=\"a\">a</span></span>",
        ] {
            assert!(!is_plain_markup(bad), "{bad}");
        }
        assert!(is_plain_markup("<span class=\"syn-keyword syn_x\">let</span> a = 1 &lt; 2;"));
        let hints = RenderHints { code: vec![Some("<script>alert(1)</script>".into())], ..Default::default() };
        let out = render_with("```\nx\n```\n", &hints, Labels::for_language("en")).html;
        assert!(!out.contains("<script"), "{out}");
        assert!(out.contains("<code>x\n</code>"), "{out}");
    }
}

//! HTML bodies to fumi Markdown, for posts written in Hatena Blog's rich editor and in
//! WordPress. fumi never passes raw HTML through, so everything becomes Markdown:
//! htmd (a turndown-style converter over html5ever, the parser browsers follow) does
//! the common elements; the handlers here add what blogs of these hosts contain and
//! htmd does not know — code blocks marked up by the host's highlighter, embedded
//! frames, scripts — and say what could not come over, for the import report.

use std::sync::{Arc, Mutex};

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::{Element, HtmlToMarkdown};
use markup5ever_rcdom::{Node, NodeData};

/// A body converted to Markdown, and what the conversion had to leave out.
pub struct Converted {
    pub markdown: String,
    /// For the import report: one line per kind of thing left out.
    pub notes: Vec<String>,
}

/// Converts an HTML fragment (a post body) to Markdown.
pub fn to_markdown(html: &str) -> Converted {
    let dropped: Arc<Mutex<Vec<String>>> = Arc::default();
    let note = {
        let dropped = Arc::clone(&dropped);
        move |what: String| dropped.lock().expect("notes lock").push(what)
    };
    let on_frame = note.clone();
    let on_script = note.clone();
    let on_media = note;
    // Blogs put their sections at h2 (WordPress) or h3 (Hatena, whose entry title is
    // the h2): the body's top level becomes fumi's `##`, below the post's title.
    let top = (1..=6).find(|n| html.contains(&format!("<h{n}")) || html.contains(&format!("<H{n}"))).unwrap_or(2);
    let converter = HtmlToMarkdown::builder()
        .add_handler(vec!["pre"], code_block)
        .add_handler(vec!["h1", "h2", "h3", "h4", "h5", "h6"], move |handlers: &dyn Handlers, element: Element| {
            let level: usize = element.tag[1..].parse().unwrap_or(2);
            let level = (level + 2).saturating_sub(top).clamp(2, 6);
            let text = handlers.walk_children(element.node).content;
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            Some(format!("\n\n{} {text}\n\n", "#".repeat(level)).into())
        })
        .add_handler(vec!["iframe"], move |_: &dyn Handlers, element: Element| {
            let src = attribute(&element, "src").unwrap_or_default();
            match embedded_page(&src) {
                // On a line of its own: fumi shows a bare URL paragraph as a link.
                Some(url) => Some(format!("\n\n{url}\n\n").into()),
                None => {
                    on_frame(format!("an embedded frame without an address ({src:?})"));
                    Some(String::new().into())
                }
            }
        })
        .add_handler(vec!["script", "style", "noscript", "template"], move |_: &dyn Handlers, element: Element| {
            on_script(format!("a <{}> element (never carried over)", element.tag));
            Some(String::new().into())
        })
        .add_handler(
            vec!["video", "audio", "object", "embed", "canvas", "svg"],
            move |handlers: &dyn Handlers, element: Element| {
                let src = attribute(&element, "src").or_else(|| attribute(&element, "data"));
                on_media(format!(
                    "a <{}> element{}",
                    element.tag,
                    src.as_deref().map(|s| format!(" ({s}), kept as a link")).unwrap_or_default()
                ));
                let text = handlers.walk_children(element.node).content;
                Some(match src {
                    Some(src) => format!("\n\n<{src}>\n\n{text}").into(),
                    None => text.into(),
                })
            },
        )
        .build();
    let markdown = converter.convert(html).unwrap_or_else(|_| html.to_owned());
    let mut notes: Vec<String> = dropped.lock().expect("notes lock").clone();
    notes.sort();
    notes.dedup();
    Converted { markdown: tidy(&markdown), notes }
}

/// The letters and digits a reader sees of an HTML body's prose (not code blocks,
/// not scripts), measured as [`super::visible_chars`] measures Markdown.
pub fn visible_chars(html: &str) -> usize {
    fn text(node: &Node, out: &mut String) {
        match &node.data {
            NodeData::Text { contents } => out.push_str(&contents.borrow()),
            NodeData::Element { name, .. } if matches!(&*name.local, "pre" | "script" | "style" | "template") => {}
            _ => node.children.borrow().iter().for_each(|child| text(child, out)),
        }
    }
    let mut out = String::new();
    if let Ok(tree) = HtmlToMarkdown::new().html_to_tree(html) {
        text(&tree, &mut out);
    }
    super::count_visible(&fumi_content::normalize::nfkc(&out))
}

fn attribute(element: &Element, name: &str) -> Option<String> {
    element.attrs.iter().find(|a| &*a.name.local == name).map(|a| a.value.to_string())
}

/// A `<pre>` as a fenced code block, its language from the markup hosts use: Hatena's
/// `<pre class="code lang-python" data-lang="python">`, WordPress's
/// `<pre class="wp-block-code"><code class="language-yaml">` and highlighter plugins'
/// `class="brush: bash"`. The text is taken as it is, whatever spans colour it.
fn code_block(_: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let mut classes = attribute(&element, "class").unwrap_or_default();
    for child in element.node.children.borrow().iter() {
        if let NodeData::Element { name, attrs, .. } = &child.data {
            if &*name.local == "code" {
                if let Some(class) = attrs.borrow().iter().find(|a| &*a.name.local == "class") {
                    classes.push(' ');
                    classes.push_str(&class.value);
                }
            }
        }
    }
    let lang = attribute(&element, "data-lang").filter(|l| !l.is_empty()).or_else(|| language_of(&classes));
    let mut code = String::new();
    text_of(element.node, &mut code);
    let code = code.trim_matches('\n');
    let fence = "`".repeat(longest_backtick_run(code).max(2) + 1);
    Some(format!("\n\n{fence}{}\n{code}\n{fence}\n\n", lang.unwrap_or_default()).into())
}

/// The language named by a class list: `lang-go`, `language-go`, `brush: go;`.
fn language_of(classes: &str) -> Option<String> {
    let classes = classes.replace("brush:", "brush-").replace(';', " ");
    classes.split_whitespace().find_map(|class| {
        ["lang-", "language-", "brush-"]
            .iter()
            .find_map(|prefix| class.strip_prefix(prefix))
            .map(|l| l.trim().to_owned())
            .or_else(|| classes.contains("brush-").then(|| class.to_owned()).filter(|c| !c.starts_with("brush")))
            .filter(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || "+-_#.".contains(c)))
    })
}

fn text_of(node: &Node, out: &mut String) {
    match &node.data {
        NodeData::Text { contents } => out.push_str(&contents.borrow()),
        NodeData::Element { name, .. } if &*name.local == "br" => out.push('\n'),
        _ => {
            for child in node.children.borrow().iter() {
                text_of(child, out);
            }
        }
    }
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// The page a frame shows, as a reader would link to it: Hatena's embed cards wrap
/// the address (`hatenablog-parts.com/embed?url=…`), YouTube's player names the video.
fn embedded_page(src: &str) -> Option<String> {
    let src = src.trim();
    let src = if let Some(rest) = src.strip_prefix("//") { format!("https://{rest}") } else { src.to_owned() };
    if !(src.starts_with("https://") || src.starts_with("http://")) {
        return None;
    }
    if src.contains("hatenablog-parts.com/embed") {
        if let Some(url) = query_value(&src, "url") {
            return Some(url);
        }
    }
    for player in ["https://www.youtube.com/embed/", "https://www.youtube-nocookie.com/embed/"] {
        if let Some(id) = src.strip_prefix(player) {
            let id = id.split(['?', '&', '/']).next().unwrap_or("");
            return Some(format!("https://www.youtube.com/watch?v={id}"));
        }
    }
    Some(src)
}

/// A query parameter's value, percent-decoded.
fn query_value(url: &str, key: &str) -> Option<String> {
    let query = url.split_once('?')?.1.split('#').next()?;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == key).then(|| fumi_content::url::decode_segment(&v.replace('+', " ")))
    })
}

/// At most one blank line in a row, no trailing spaces, one newline at the end.
fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 1);
    let mut blank = 0;
    let mut in_fence = false;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        // Two trailing spaces are a line break; anything else at the end of a line
        // outside code is noise.
        let line = if in_fence || line.ends_with("  ") { line } else { line.trim_end() };
        if line.trim().is_empty() && !in_fence {
            blank += 1;
            if blank > 1 {
                continue;
            }
            out.push('\n');
            continue;
        }
        blank = 0;
        out.push_str(line);
        out.push('\n');
    }
    out.trim_start_matches('\n').to_owned()
}

/// WordPress's classic editor stores paragraphs as blank-line-separated text, not
/// `<p>` (its `wpautop` adds them when the page is shown): do the same, so the
/// paragraphs survive the HTML parser's whitespace rules. Single newlines inside a
/// paragraph are line breaks there too.
pub fn wordpress_paragraphs(html: &str) -> String {
    const BLOCKS: &[&str] = &[
        "<p",
        "<div",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
        "<ul",
        "<ol",
        "<li",
        "<pre",
        "<blockquote",
        "<table",
        "<figure",
        "<hr",
        "<!--",
        "<dl",
        "<iframe",
        "<section",
        "<script",
        "<style",
    ];
    let is_block = |chunk: &str| {
        let lower = chunk.trim_start().to_ascii_lowercase();
        BLOCKS.iter().any(|tag| lower.starts_with(tag))
    };
    let normalized = html.replace("\r\n", "\n");
    let mut out = String::new();
    let mut in_pre = false;
    for chunk in normalized.split("\n\n") {
        let lower = chunk.to_ascii_lowercase();
        let opens = lower.matches("<pre").count();
        let closes = lower.matches("</pre>").count();
        if in_pre || is_block(chunk) || chunk.trim().is_empty() {
            out.push_str(chunk);
        } else {
            out.push_str("<p>");
            out.push_str(&chunk.trim().replace('\n', "<br>"));
            out.push_str("</p>");
        }
        out.push_str("\n\n");
        in_pre = (in_pre || opens > 0) && closes < opens.max(usize::from(in_pre));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_elements_become_markdown_with_their_text() {
        let out = to_markdown(
            "<h3>移行の背景</h3><h4>小見出し</h4><p>EKS に<strong>移行</strong>しました。<a href=\"https://example.com/\">詳細</a></p><ul><li>一つ目</li><li>二つ目</li></ul>",
        );
        assert!(out.markdown.contains("## 移行の背景"), "the top heading level is ##: {}", out.markdown);
        assert!(out.markdown.contains("\n### 小見出し\n"), "{}", out.markdown);
        assert!(out.markdown.contains("EKS に**移行**しました。[詳細](https://example.com/)"), "{}", out.markdown);
        assert!(out.markdown.contains("*   一つ目") || out.markdown.contains("- 一つ目"), "{}", out.markdown);
        assert!(out.notes.is_empty(), "{:?}", out.notes);
    }

    #[test]
    fn hatena_highlighted_code_comes_over_as_a_fenced_block_with_its_language() {
        let html = "<pre class=\"code lang-python\" data-lang=\"python\" data-unlink><span class=\"synStatement\">def</span> <span class=\"synIdentifier\">f</span>(x):\n    <span class=\"synStatement\">return</span> x * 2  <span class=\"synComment\"># [倍]</span></pre>";
        let out = to_markdown(html);
        assert_eq!(out.markdown, "```python\ndef f(x):\n    return x * 2  # [倍]\n```\n");
    }

    #[test]
    fn wordpress_code_blocks_keep_language_and_backticks_inside() {
        let out =
            to_markdown("<pre class=\"wp-block-code\"><code class=\"language-yaml\">a: 1\nb: ```x```</code></pre>");
        assert_eq!(out.markdown, "````yaml\na: 1\nb: ```x```\n````\n");
        let plugin = to_markdown("<pre class=\"brush: bash; title: ; notranslate\">kubectl get pods</pre>");
        assert_eq!(plugin.markdown, "```bash\nkubectl get pods\n```\n");
    }

    #[test]
    fn frames_become_links_to_what_they_show_and_scripts_are_dropped_and_noted() {
        let html = "<p>前</p><iframe class=\"embed-card\" src=\"https://hatenablog-parts.com/embed?url=https%3A%2F%2Fzenn.dev%2Fa%2Farticles%2Fb\"></iframe><iframe src=\"https://www.youtube.com/embed/abc123?start=5\"></iframe><script>alert(1)</script><p>後</p>";
        let out = to_markdown(html);
        assert!(out.markdown.contains("\n\nhttps://zenn.dev/a/articles/b\n\n"), "{}", out.markdown);
        assert!(out.markdown.contains("https://www.youtube.com/watch?v=abc123"), "{}", out.markdown);
        assert!(!out.markdown.contains("alert"), "{}", out.markdown);
        assert_eq!(out.notes, ["a <script> element (never carried over)"]);
    }

    #[test]
    fn hostile_html_comes_out_as_inert_markdown() {
        let out = to_markdown(
            "<p onclick=\"x()\">本文<img src=x onerror=alert(1)></p><a href=\"javascript:alert(1)\">押す</a>",
        );
        assert!(!out.markdown.contains("onerror") && !out.markdown.contains("onclick"), "{}", out.markdown);
        let html = fumi_content::markdown::render(&out.markdown).html;
        assert!(!html.contains("javascript:") && !html.contains("onerror"), "{html}");
    }

    #[test]
    fn classic_wordpress_paragraphs_and_line_breaks_survive() {
        let html = wordpress_paragraphs("一段落目。\n二行目。\n\n二段落目。\n\n<pre>a\n\nb</pre>\n\n<h2>見出し</h2>");
        let out = to_markdown(&html);
        assert!(out.markdown.starts_with("一段落目。  \n二行目。\n\n二段落目。\n"), "{}", out.markdown);
        assert!(out.markdown.contains("```\na\n\nb\n```"), "{}", out.markdown);
        assert!(out.markdown.contains("## 見出し"), "{}", out.markdown);
    }
}

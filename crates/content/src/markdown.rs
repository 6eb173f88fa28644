//! Markdown → HTML for post bodies.
//!
//! pulldown-cmark parses; a few small passes rewrite its event stream; its HTML writer
//! prints. Each pass is one rule, tested on its own:
//!
//! - [`join_spaceless_soft_breaks`]: a line break inside Japanese text is not a space.
//! - [`assign_heading_ids`]: every heading gets an id (see [`crate::heading_id`]).
//! - [`demote_headings_below_title`]: the post title is the page's only `<h1>`.
//! - [`escape_raw_html`]: raw HTML is shown as text, never interpreted.
//! - [`neutralize_unsafe_urls`]: `javascript:` and friends never reach an `href`.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::cjk::is_spaceless;
use crate::heading_id::HeadingIds;

/// The Markdown dialect of fumi posts: CommonMark plus the GitHub-flavoured set
/// (tables, strikethrough, task lists, footnotes, alerts).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

/// A post body rendered to HTML, with the outline of its headings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
}

/// One heading of a rendered post, in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 2–6 after demotion: level 1 belongs to the post title.
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Renders a post body (front matter already removed) to safe HTML.
pub fn render(markdown: &str) -> Rendered {
    let mut events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    join_spaceless_soft_breaks(&mut events);
    demote_headings_below_title(&mut events);
    let headings = assign_heading_ids(&mut events);
    escape_raw_html(&mut events);
    neutralize_unsafe_urls(&mut events);
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered { html, headings }
}

/// Removes soft line breaks whose neighbours are both spaceless (CJK) characters.
///
/// Authors wrap long Japanese lines in their editors; CommonMark turns each wrap into a
/// space, which shows up as a stray gap in the middle of a sentence. Between Latin
/// words, and between Latin and CJK text, the break stays a space.
pub(crate) fn join_spaceless_soft_breaks(events: &mut Vec<Event>) {
    // How far to look for text around a break, past emphasis and link tags.
    const REACH: usize = 8;
    let joins: Vec<bool> = (0..events.len())
        .map(|i| {
            matches!(events[i], Event::SoftBreak) && {
                let before = events[i.saturating_sub(REACH)..i].iter().rev().find_map(edge_char(true));
                let after = events[i + 1..(i + 1 + REACH).min(events.len())].iter().find_map(edge_char(false));
                matches!((before, after), (Some(Some(a)), Some(Some(b))) if is_spaceless(a) && is_spaceless(b))
            }
        })
        .collect();
    let mut index = 0;
    events.retain(|_| {
        let keep = !joins[index];
        index += 1;
        keep
    });
}

/// For a scan from a soft break: `Some(Some(c))` is the nearest character of text,
/// `Some(None)` means something that is not text (stop, keep the break), `None` means
/// an inline tag to look past.
fn edge_char(last: bool) -> impl Fn(&Event) -> Option<Option<char>> {
    move |event| match event {
        Event::Text(t) | Event::Code(t) => Some(if last {
            t.chars().next_back()
        } else {
            t.chars().next()
        }),
        Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
        | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link) => {
            None
        }
        _ => Some(None),
    }
}

/// Shifts every heading down one level when the body uses `#`, so that the post
/// title stays the page's single `<h1>` and the body's own hierarchy is preserved.
pub(crate) fn demote_headings_below_title(events: &mut [Event]) {
    let has_h1 = events.iter().any(|e| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    });
    if !has_h1 {
        return;
    }
    let lower = |level: HeadingLevel| match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    };
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => *level = lower(*level),
            Event::End(TagEnd::Heading(level)) => *level = lower(*level),
            _ => {}
        }
    }
}

/// Gives every heading its id and returns the outline.
pub(crate) fn assign_heading_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut ids = HeadingIds::new();
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, .. }) = &events[i] {
            let level = *level as u8;
            let mut text = String::new();
            let mut end = i + 1;
            while end < events.len() && !matches!(events[end], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[end] {
                    text.push_str(t);
                }
                end += 1;
            }
            let id = ids.next_id(&text);
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id.clone()));
            }
            headings.push(Heading {
                level,
                id,
                text: text.trim().to_owned(),
            });
            i = end;
        }
        i += 1;
    }
    headings
}

/// Shows raw HTML as literal text; HTML comments (authors' private notes) vanish.
///
/// Posts are fetched and inserted at run time, so interpreting their HTML would let a
/// post run script. Escaping everything is safe by construction and costs no sanitiser
/// in the bundle.
pub(crate) fn escape_raw_html(events: &mut Vec<Event>) {
    let mut in_comment_block = false;
    let mut out = Vec::with_capacity(events.len());
    for event in events.drain(..) {
        match event {
            Event::Start(Tag::HtmlBlock) => out.push(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) => {
                if in_comment_block {
                    out.pop(); // the paragraph we opened holds nothing
                    in_comment_block = false;
                } else {
                    out.push(Event::End(TagEnd::Paragraph));
                }
            }
            Event::Html(html) => {
                let starts_block = matches!(out.last(), Some(Event::Start(Tag::Paragraph)));
                if starts_block && html.trim_start().starts_with("<!--") {
                    in_comment_block = true;
                }
                if !in_comment_block {
                    out.push(Event::Text(html));
                }
            }
            Event::InlineHtml(html) if html.starts_with("<!--") => {}
            Event::InlineHtml(html) => out.push(Event::Text(html)),
            other => out.push(other),
        }
    }
    *events = out;
}

/// Replaces link and image targets that would run code (`javascript:`, `vbscript:`,
/// `data:` except images) with `#`.
pub(crate) fn neutralize_unsafe_urls(events: &mut [Event]) {
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if !is_safe_url(dest_url, false) => {
                *dest_url = CowStr::Borrowed("#");
            }
            Event::Start(Tag::Image { dest_url, .. }) if !is_safe_url(dest_url, true) => {
                *dest_url = CowStr::Borrowed("#");
            }
            _ => {}
        }
    }
}

/// Whether a URL from a post may be used as an `href` (or an `src`, for images).
pub fn is_safe_url(url: &str, for_image: bool) -> bool {
    // Browsers ignore leading spaces and control characters and strip tabs and
    // newlines anywhere, so `java\tscript:` is `javascript:`. Compare the same way.
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let Some((scheme, _)) = cleaned.split_once(':') else {
        return true;
    };
    if !scheme
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return true; // the colon is later in a relative path, not a scheme
    }
    match scheme {
        "javascript" | "vbscript" => false,
        "data" => for_image && cleaned.starts_with("data:image/"),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> String {
        render(markdown).html
    }

    #[test]
    fn soft_break_between_japanese_characters_disappears() {
        assert_eq!(
            html("日本語の文章を\n途中で折り返す。"),
            "<p>日本語の文章を途中で折り返す。</p>\n"
        );
    }

    #[test]
    fn soft_break_after_japanese_punctuation_disappears() {
        assert_eq!(html("はい、\nそうです。"), "<p>はい、そうです。</p>\n");
    }

    #[test]
    fn soft_break_between_latin_words_stays_a_space() {
        assert_eq!(html("wrapped\nline"), "<p>wrapped\nline</p>\n");
    }

    #[test]
    fn soft_break_between_latin_and_japanese_stays() {
        assert_eq!(html("Kubernetes\nの運用"), "<p>Kubernetes\nの運用</p>\n");
    }

    #[test]
    fn soft_break_next_to_emphasis_is_joined() {
        assert_eq!(
            html("これは**重要**\nです。"),
            "<p>これは<strong>重要</strong>です。</p>\n"
        );
    }

    #[test]
    fn hard_break_is_kept_in_japanese() {
        assert_eq!(html("一行目  \n二行目"), "<p>一行目<br />\n二行目</p>\n");
    }

    #[test]
    fn headings_get_ids_including_japanese_and_duplicates() {
        let rendered = render("## はじめに\n\n### 学んだこと\n\n## Next Steps\n\n### 学んだこと\n");
        assert!(
            rendered.html.contains(r#"<h2 id="はじめに">はじめに</h2>"#),
            "{}",
            rendered.html
        );
        assert!(rendered
            .html
            .contains(r#"<h3 id="学んだこと-1">学んだこと</h3>"#));
        let ids: Vec<_> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["はじめに", "学んだこと", "next-steps", "学んだこと-1"]
        );
        assert_eq!(rendered.headings[1].level, 3);
    }

    #[test]
    fn heading_text_includes_inline_code_and_emphasis() {
        let rendered = render("## Using `kubectl` *well*");
        assert_eq!(rendered.headings[0].text, "Using kubectl well");
        assert_eq!(rendered.headings[0].id, "using-kubectl-well");
    }

    #[test]
    fn body_h1_is_demoted_so_the_title_stays_the_only_h1() {
        let out = html("# Top\n\n## Sub\n");
        assert!(out.contains(r#"<h2 id="top">Top</h2>"#), "{out}");
        assert!(out.contains(r#"<h3 id="sub">Sub</h3>"#), "{out}");
    }

    #[test]
    fn gfm_extensions_render() {
        let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n- [ ] todo\n\nNote[^1].\n\n[^1]: A footnote.\n");
        assert!(out.contains("<table>"), "{out}");
        assert!(out.contains("<del>old</del>"), "{out}");
        assert!(out.contains(r#"type="checkbox""#), "{out}");
        assert!(out.contains("footnote-reference"), "{out}");
        assert!(out.contains("A footnote."), "{out}");
    }

    #[test]
    fn fenced_code_keeps_language_class_and_escapes() {
        let out = html("```rust\nlet a = 1 < 2;\n```\n");
        assert_eq!(
            out,
            "<pre><code class=\"language-rust\">let a = 1 &lt; 2;\n</code></pre>\n"
        );
    }

    #[test]
    fn raw_html_blocks_and_inline_html_are_escaped() {
        let out = html("<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> end\n");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(
            out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{out}"
        );
    }

    #[test]
    fn html_comments_are_dropped() {
        let out = html("Visible.\n\n<!-- private note -->\n\nAlso <!-- inline --> visible.\n");
        assert!(!out.contains("private note"), "{out}");
        assert!(!out.contains("inline"), "{out}");
        assert!(out.contains("Visible."), "{out}");
    }

    #[test]
    fn javascript_links_are_neutralized() {
        let out = html("[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](java%0ascript:x)");
        assert!(!out.to_lowercase().contains("javascript:"), "{out}");
        let out = html("[x](<java\tscript:alert(1)>)");
        assert!(!out.contains("script:"), "{out}");
    }

    #[test]
    fn data_urls_are_allowed_only_for_images() {
        assert!(!is_safe_url("data:text/html,<script>", false));
        assert!(!is_safe_url("data:text/html,<script>", true));
        assert!(is_safe_url("data:image/png;base64,AAAA", true));
        assert!(!is_safe_url("vbscript:msgbox", false));
    }

    #[test]
    fn ordinary_urls_are_safe() {
        for url in [
            "https://example.com",
            "/posts/a",
            "images/x.svg",
            "#top",
            "mailto:a@b.c",
            "a:b/c",
        ] {
            assert!(is_safe_url(url, false), "{url}");
        }
        assert!(is_safe_url("docs/a:b", false));
    }
}

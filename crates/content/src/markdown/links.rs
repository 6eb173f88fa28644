//! Links: targets that would run code become `#`; links that leave the site are
//! marked (`class="external"`) and cannot reach back into it (`rel="noopener
//! noreferrer"`). Links within the site are plain `<a href>` that the router turns into
//! client-side navigation.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::{escape_href, escape_html};
use crate::url::{resolve_post_url, PostUrls};

pub(crate) fn rewrite(events: &mut [Event], urls: Option<&PostUrls>) {
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Link { link_type, dest_url, title, .. }) => {
                let mut url = match urls {
                    _ if !is_safe_url(dest_url, false) => "#".to_owned(),
                    Some(urls) if *link_type != LinkType::Email => resolve_post_url(dest_url, urls).into_owned(),
                    _ => dest_url.to_string(),
                };
                if *link_type == LinkType::Email && !url.starts_with("mailto:") {
                    url.insert_str(0, "mailto:");
                }
                let mut tag = format!("<a href=\"{}\"", escape_href(&url));
                if !title.is_empty() {
                    tag.push_str(&format!(" title=\"{}\"", escape_html(title)));
                }
                // Judged on what the author wrote: a file of the site stays internal even
                // when embedding has made its URL absolute.
                if is_external(&url) && is_external(dest_url) {
                    tag.push_str(" class=\"external\" rel=\"noopener noreferrer\"");
                }
                tag.push('>');
                *event = Event::InlineHtml(CowStr::from(tag));
            }
            Event::End(TagEnd::Link) => *event = Event::InlineHtml(CowStr::Borrowed("</a>")),
            _ => {}
        }
    }
}

/// Whether a link leaves the site: an absolute http(s) or protocol-relative URL.
fn is_external(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
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
    if !scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
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
    use crate::markdown::render;

    fn html(markdown: &str) -> String {
        render(markdown).html
    }

    #[test]
    fn javascript_links_are_neutralized() {
        let out = html("[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](java%0ascript:x)");
        assert!(!out.to_lowercase().contains("javascript:"), "{out}");
        let out = html("[x](<java\tscript:alert(1)>)");
        assert!(!out.contains("script:"), "{out}");
    }

    #[test]
    fn external_links_are_marked_and_isolated() {
        let out = html("[docs](https://kubernetes.io/docs/ \"K8s docs\")");
        assert_eq!(
            out,
            "<p><a href=\"https://kubernetes.io/docs/\" title=\"K8s docs\" class=\"external\" rel=\"noopener noreferrer\">docs</a></p>\n"
        );
    }

    #[test]
    fn internal_links_stay_plain() {
        assert_eq!(html("[next](/posts/next-post)"), "<p><a href=\"/posts/next-post\">next</a></p>\n");
        assert_eq!(html("[tag](tags/%E6%A9%9F)"), "<p><a href=\"tags/%E6%A9%9F\">tag</a></p>\n");
    }

    #[test]
    fn an_embedded_post_links_to_its_own_site_and_the_showing_page() {
        let hints = crate::RenderHints {
            urls: Some(PostUrls { site_root: "https://cdn.example/blog/".into(), routes: "#/".into() }),
            ..Default::default()
        };
        let out = crate::render_with(
            "[次へ](posts/next) [pdf](files/a.pdf) [k8s](https://kubernetes.io/) ![図](images/a.svg)",
            &hints,
            crate::Labels::for_language("ja"),
        )
        .html;
        assert!(out.contains("<a href=\"#/posts/next\">次へ</a>"), "{out}");
        assert!(out.contains("<a href=\"https://cdn.example/blog/files/a.pdf\">pdf</a>"), "{out}");
        assert!(out.contains("href=\"https://kubernetes.io/\" class=\"external\""), "{out}");
        assert!(out.contains("src=\"https://cdn.example/blog/images/a.svg\""), "{out}");
    }

    #[test]
    fn autolinked_emails_get_mailto() {
        assert_eq!(html("<me@example.com>"), "<p><a href=\"mailto:me@example.com\">me@example.com</a></p>\n");
    }

    #[test]
    fn attribute_breaking_characters_are_escaped() {
        let out = html("[x](<https://e.com/\"onmouseover=alert(1)> \"t\\\"x\")");
        assert!(!out.contains("\"onmouseover"), "{out}");
        assert!(out.contains("title=\"t&quot;x\""), "{out}");
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
        for url in ["https://example.com", "/posts/a", "images/x.svg", "#top", "mailto:a@b.c", "a:b/c"] {
            assert!(is_safe_url(url, false), "{url}");
        }
        assert!(is_safe_url("docs/a:b", false));
    }
}

//! Links to routes. Every link follows the instance's [`Mount`](crate::mount::Mount):
//! `/blog/tags` on the standalone site under `/blog/`, `#/tags` in a page that embeds
//! fumi with hash routing.

use fumi_content::url::{post_path, tag_path};

/// The link to `path`, a route given relative to the site root (`tags`, `posts/a`):
/// `/blog/tags` on the standalone site, `#/tags` in a page that embeds fumi with hash
/// routing.
pub fn href(path: &str) -> String {
    // Read in place: long lists (the archive) make one link per post.
    leptos::prelude::with_context(|mount: &crate::mount::Mount| format!("{}{path}", mount.link_prefix))
        .unwrap_or_else(|| format!("{}/{path}", crate::mount::document_base()))
}

/// Link to a post page.
pub fn post_href(slug: &str) -> String {
    href(&post_path(slug))
}

/// Link to a tag page.
pub fn tag_href(tag: &str) -> String {
    href(&tag_path(tag))
}

/// Link to the search page, searching `q` among posts in `lang` (`None`: all; the bare
/// page when both are empty).
pub fn search_href(q: &str, lang: Option<&str>) -> String {
    let pairs = [("q", q), ("lang", lang.unwrap_or(""))];
    let query = fumi_content::query::query_string(pairs.into_iter().filter(|(_, v)| !v.is_empty()));
    href(&format!("search{query}"))
}

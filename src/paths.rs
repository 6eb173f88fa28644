//! Where the site lives. For the standalone site the page's `<base href>` (written by
//! Trunk from its public URL) is the single source: the router base, every link and
//! every fetch derive from it, so the same build works at `/` and under a sub-path
//! like `/blog/`. An embedded instance's links follow its [`Mount`](crate::mount::Mount)
//! instead (`#/posts/a` under hash routing).

use fumi_content::url::{post_path, tag_path};

/// The standalone site's path prefix without a trailing slash: `""` at the root,
/// `"/blog"` under a sub-path.
pub fn document_base() -> String {
    thread_local! {
        // The page's <base> does not change while the app runs; read it once.
        static BASE: String = read_base();
    }
    BASE.with(Clone::clone)
}

fn read_base() -> String {
    if cfg!(feature = "ssr") {
        return String::new(); // rendered pages are given their base
    }
    let document = leptos::prelude::document();
    if document.query_selector("base[href]").ok().flatten().is_none() {
        return String::new();
    }
    // The base as the browser resolved it (`document.baseURI`), not the attribute's raw
    // text: `location.pathname`, which the router matches against this, is
    // percent-encoded, and so must the base be. Trunk writes `--public-url /日記/` as is,
    // and a raw `/日記` never prefixes `/%E6%97%A5%E8%A8%98/…`: every page was "not found".
    let href = document.base_uri().ok().flatten().unwrap_or_default();
    // An absolute URL (https://host/blog/); a bare path (/blog/) if the browser gave none.
    let path = match href.find("://") {
        Some(i) => href[i + 3..].find('/').map_or("", |j| &href[i + 3 + j..]),
        None => href.as_str(),
    };
    path.trim_end_matches('/').to_owned()
}

/// The link to `path`, a route given relative to the site root (`tags`, `posts/a`):
/// `/blog/tags` on the standalone site, `#/tags` in a page that embeds fumi with hash
/// routing.
pub fn href(path: &str) -> String {
    // Read in place: long lists (the archive) make one link per post.
    leptos::prelude::with_context(|mount: &crate::mount::Mount| format!("{}{path}", mount.link_prefix))
        .unwrap_or_else(|| format!("{}/{path}", document_base()))
}

/// Link to a post page.
pub fn post_href(slug: &str) -> String {
    href(&post_path(slug))
}

/// Link to a tag page.
pub fn tag_href(tag: &str) -> String {
    href(&tag_path(tag))
}

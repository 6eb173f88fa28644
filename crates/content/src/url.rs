//! Paths of fumi's routes and files. Tags and slugs may be Japanese, so path segments
//! are percent-encoded on the way out and decoded on the way in.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

/// Characters that cannot appear raw in a path segment (as `encodeURIComponent`
/// would encode them, minus the unreserved marks).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'\'')
    .add(b'+')
    .add(b',')
    .add(b'/')
    .add(b':')
    .add(b';')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'?')
    .add(b'@')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Percent-encodes one path segment (UTF-8).
pub fn encode_segment(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// Decodes one percent-encoded path segment; invalid UTF-8 is replaced, not rejected.
pub fn decode_segment(segment: &str) -> String {
    percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

/// App path of a post, relative to the site root: `posts/<slug>`.
pub fn post_path(slug: &str) -> String {
    format!("posts/{}", encode_segment(slug))
}

/// App path of a tag page, relative to the site root: `tags/<tag>`.
pub fn tag_path(tag: &str) -> String {
    format!("tags/{}", encode_segment(tag))
}

/// App path of page `number` of a list at `list` (`""`: the home list, or a
/// [`tag_path`]): the list itself for page 1, else `<list>/page/<n>` — a path, so that
/// every page of a list is a page the publishing tool can write.
pub fn list_page_path(list: &str, number: usize) -> String {
    match (list, number) {
        (list, 0 | 1) => list.to_owned(),
        ("", n) => format!("page/{n}"),
        (list, n) => format!("{list}/page/{n}"),
    }
}

/// The route of a page URL below the site's base `base` (`""` or `/blog`), as a
/// rendered page records it (`data-fumi-route`) and as canonical URLs use it: the path
/// without a trailing slash or `index.html` (a host may serve `posts/a/index.html` as
/// `/posts/a/`), then the query. `public/theme.js` applies the same rule before the
/// app exists; the take-over tests hold the two together.
pub fn route_of(base: &str, path: &str, search: &str) -> String {
    let below = path.strip_prefix(base).unwrap_or(path);
    let below = below.strip_suffix("index.html").unwrap_or(below);
    let trimmed = below.trim_end_matches('/');
    let route = if trimmed.is_empty() { "/" } else { trimmed };
    if search.len() > 1 {
        format!("{route}{search}")
    } else {
        route.to_owned()
    }
}

/// The route in a page's fragment under hash routing, as `location.hash` gives it:
/// `#/posts/a#intro` is `/posts/a#intro`, an empty fragment the home route `/`; a
/// fragment that is no route (`#section`, the host page's own) is `None`.
pub fn hash_route(hash: &str) -> Option<&str> {
    let route = hash.strip_prefix('#').unwrap_or(hash);
    match route {
        "" => Some("/"),
        _ if route.starts_with('/') => Some(route),
        _ => None,
    }
}

/// The first path segments of fumi's routes; any other relative URL in a post names a
/// file of the site (an image, a download).
const ROUTES: [&str; 4] = ["posts", "tags", "archive", "search"];

/// Where a post's URLs point when the post is shown away from its own site: embedded
/// in another page, perhaps fetched from another origin.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PostUrls {
    /// Absolute URL of the site the post was published in, ending in `/`: relative
    /// files resolve against it, not against the page showing the post.
    pub site_root: String,
    /// Prefix of links to routes in the showing page (`#/` under hash routing).
    pub routes: String,
}

/// A URL written in a post, as it must be written in a page that shows the post away
/// from its own site. Relative URLs are relative to the site root (as on the site
/// itself, whose pages carry `<base href>` of the root): a route (`posts/a`, `tags/x`,
/// `./`) becomes a link of the showing page, anything else a file of the site.
/// Absolute URLs and same-page fragments stay as they are.
pub fn resolve_post_url<'a>(url: &'a str, urls: &PostUrls) -> std::borrow::Cow<'a, str> {
    use std::borrow::Cow;
    let has_scheme = url.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if url.starts_with('#') || url.starts_with("//") || has_scheme {
        return Cow::Borrowed(url);
    }
    if let Some(path) = url.strip_prefix('/') {
        // Root-relative: the root of the site's origin.
        let origin_end = urls.site_root.find("://").and_then(|i| urls.site_root[i + 3..].find('/').map(|j| i + 3 + j));
        return Cow::Owned(format!("{}/{path}", &urls.site_root[..origin_end.unwrap_or(urls.site_root.len())]));
    }
    let path = url.trim_start_matches("./");
    let first = path.split(['/', '?', '#']).next().unwrap_or("");
    let file_name = path.split(['?', '#']).next().unwrap_or("").rsplit('/').next().unwrap_or("");
    if first.is_empty() || (ROUTES.contains(&first) && !file_name.contains('.')) {
        Cow::Owned(format!("{}{path}", urls.routes))
    } else {
        Cow::Owned(format!("{}{path}", urls.site_root))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hash_routes_start_with_a_slash_and_an_empty_fragment_is_home() {
        assert_eq!(hash_route(""), Some("/"));
        assert_eq!(hash_route("#"), Some("/"));
        assert_eq!(hash_route("#/posts/a"), Some("/posts/a"));
        assert_eq!(hash_route("#/posts/a#intro"), Some("/posts/a#intro"));
        assert_eq!(hash_route("#/tags/%E6%97%A5%E8%A8%98?page=2"), Some("/tags/%E6%97%A5%E8%A8%98?page=2"));
        assert_eq!(hash_route("#section"), None);
        assert_eq!(hash_route("#%2Fposts"), None);
    }

    #[test]
    fn routes_ignore_trailing_slashes_and_index_files_but_keep_queries() {
        assert_eq!(route_of("", "/", ""), "/");
        assert_eq!(route_of("", "/index.html", ""), "/");
        assert_eq!(route_of("/blog", "/blog/", ""), "/");
        assert_eq!(route_of("/blog", "/blog", ""), "/");
        assert_eq!(route_of("/blog", "/blog/posts/a/", ""), "/posts/a");
        assert_eq!(route_of("", "/posts/a/index.html", ""), "/posts/a");
        assert_eq!(route_of("", "/posts/a", "?"), "/posts/a");
        assert_eq!(route_of("", "/", "?tag=aws"), "/?tag=aws");
    }

    #[test]
    fn later_pages_of_a_list_are_paths() {
        assert_eq!(list_page_path("", 1), "");
        assert_eq!(list_page_path("", 2), "page/2");
        assert_eq!(list_page_path(&tag_path("機械学習"), 1), "tags/%E6%A9%9F%E6%A2%B0%E5%AD%A6%E7%BF%92");
        assert_eq!(list_page_path("tags/aws", 3), "tags/aws/page/3");
    }

    use super::*;

    #[test]
    fn japanese_tags_round_trip() {
        let encoded = encode_segment("機械学習");
        assert_eq!(encoded, "%E6%A9%9F%E6%A2%B0%E5%AD%A6%E7%BF%92");
        assert_eq!(decode_segment(&encoded), "機械学習");
    }

    #[test]
    fn reserved_characters_are_encoded() {
        assert_eq!(encode_segment("c#/c++ & ml?"), "c%23%2Fc%2B%2B%20%26%20ml%3F");
        assert_eq!(decode_segment("c%23%2Fc%2B%2B%20%26%20ml%3F"), "c#/c++ & ml?");
    }

    fn embedded() -> PostUrls {
        PostUrls { site_root: "https://cdn.example/blog/".into(), routes: "#/".into() }
    }

    #[test]
    fn files_in_posts_resolve_against_their_own_site() {
        let urls = embedded();
        assert_eq!(resolve_post_url("images/図.svg", &urls), "https://cdn.example/blog/images/図.svg");
        assert_eq!(resolve_post_url("./files/a.pdf", &urls), "https://cdn.example/blog/files/a.pdf");
        assert_eq!(resolve_post_url("/favicon.svg", &urls), "https://cdn.example/favicon.svg");
        assert_eq!(resolve_post_url("posts/a.md", &urls), "https://cdn.example/blog/posts/a.md");
    }

    #[test]
    fn routes_in_posts_become_links_of_the_showing_page() {
        let urls = embedded();
        assert_eq!(resolve_post_url("posts/kubernetes-入門", &urls), "#/posts/kubernetes-入門");
        assert_eq!(resolve_post_url("tags/%E6%A9%9F#top", &urls), "#/tags/%E6%A9%9F#top");
        assert_eq!(resolve_post_url("search?q=eks", &urls), "#/search?q=eks");
        assert_eq!(resolve_post_url("./", &urls), "#/");
    }

    #[test]
    fn absolute_urls_and_fragments_stay() {
        let urls = embedded();
        for url in ["https://kubernetes.io/", "//example.com/x", "mailto:a@b.c", "#section", "data:image/png;base64,AA"]
        {
            assert_eq!(resolve_post_url(url, &urls), url);
        }
    }

    #[test]
    fn paths_use_encoded_segments() {
        assert_eq!(tag_path("コンテナ"), "tags/%E3%82%B3%E3%83%B3%E3%83%86%E3%83%8A");
        assert_eq!(post_path("hello-world"), "posts/hello-world");
    }
}

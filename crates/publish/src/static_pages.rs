//! A page for every route, rendered by the app's own components.
//!
//! `fumi::prerender` is the browser app compiled natively: the same views, given the
//! manifest and (on a post) the body, render the page here that the app hydrates in
//! the browser, so the two cannot drift apart. Each page is Trunk's `index.html` with
//! the route's title and head tags, the rendered body, and a small JSON record of what
//! the page shows (see `fumi::takeover`).
//!
//! Every route is written twice, as `<route>.html` and `<route>/index.html`: hosts
//! with clean URLs (Netlify, Cloudflare Pages, GitHub Pages, nginx `$uri.html`) serve
//! the first at `/posts/<slug>`, and object storage or a host with only an SPA
//! fallback finds the second (a directory index). The home page is `index.html`;
//! `404.html` is the not-found page, on which the app renders whatever route the URL
//! names (hosts answer unknown paths with it).

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fumi::api::PostBody;
use fumi::head::HeadTag;
use fumi::prerender::{render_page, RenderedPage};
use fumi::takeover::RECORD_ID;
use fumi_content::layout::{SiteFile, POSTS_DIR};
use fumi_content::markdown::escape_html as esc;
use fumi_content::pagination::Page as Pagination;
use fumi_content::tags::tag_counts;
use fumi_content::url::{encode_segment, list_page_path, tag_path};
use fumi_content::{Manifest, RenderHints};

/// One page to write: its route and the files that serve it.
struct Page {
    route: String,
    files: Vec<PathBuf>,
    post: Option<(String, PostBody)>,
}

impl Page {
    /// A route served as `<path>.html` and `<path>/index.html`.
    fn at(route: String, path: &str, post: Option<(String, PostBody)>) -> Self {
        let files = vec![PathBuf::from(format!("{path}.html")), Path::new(path).join("index.html")];
        Page { route, files, post }
    }
}

/// Writes every route's page into `dist` (Trunk's `index.html` is the template).
/// `public_url` is the path the site is served under (`/` or `/blog/`). Returns each
/// route that got a page (`/posts/a`, percent-encoded) with the first file it was
/// written to.
pub fn write(dist: &Path, public_url: &str) -> io::Result<Vec<(String, String)>> {
    let template = std::fs::read_to_string(dist.join("index.html"))?;
    let posts_dir = dist.join(POSTS_DIR);
    let manifest_text = std::fs::read_to_string(posts_dir.join(SiteFile::Manifest.in_posts_dir()))?;
    let manifest: Arc<Manifest> = Arc::new(
        serde_json::from_str(&manifest_text)
            .map_err(|e| io::Error::other(format!("{}: {e}", SiteFile::Manifest.url())))?,
    );
    let fingerprint = fumi_content::manifest::fingerprint(&manifest_text);
    // Percent-encoded, as the browser's location (and so the router) has it: a page
    // under `/日記/` is matched at `/%E6%97%A5%E8%A8%98/…`.
    let base: String = crate::hosting::base_path(public_url)
        .split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| format!("/{}", encode_segment(segment)))
        .collect();

    let mut pages = vec![
        Page { route: "/".into(), files: vec!["index.html".into()], post: None },
        Page::at("/tags".into(), "tags", None),
        Page::at("/archive".into(), "archive", None),
        Page::at("/search".into(), "search", None),
    ];
    let body_of = |slug: &str| -> io::Result<Option<(String, PostBody)>> {
        let markdown = std::fs::read_to_string(posts_dir.join(SiteFile::PostBody(slug).in_posts_dir()))?;
        let hints: RenderHints = std::fs::read_to_string(posts_dir.join(SiteFile::PostHints(slug).in_posts_dir()))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        Ok(Some((slug.to_owned(), PostBody { markdown, hints })))
    };
    for post in &manifest.posts {
        let route = format!("/posts/{}", encode_segment(&post.slug));
        pages.push(Page::at(route, &format!("posts/{}", post.slug), body_of(&post.slug)?));
    }
    // The site's own pages (`/about`), and a page for each author.
    for page in &manifest.pages {
        pages.push(Page::at(format!("/{}", encode_segment(&page.slug)), &page.slug, body_of(&page.slug)?));
    }
    for id in manifest.site.authors.keys() {
        let route = fumi_content::people::author_path(id);
        pages.push(Page::at(format!("/{route}"), &format!("authors/{id}"), None));
    }
    // Later pages of the lists: `/page/2`, `/tags/<tag>/page/2`.
    let per_page = manifest.site.posts_per_page;
    let page_count = |posts: usize| Pagination::of(posts, per_page, 1).map_or(1, |page| page.count);
    for n in 2..=page_count(manifest.posts.len()) {
        pages.push(Page::at(format!("/{}", list_page_path("", n)), &list_page_path("", n), None));
    }
    for tag in tag_counts(&manifest.posts) {
        // A tag that cannot be a file name is left to the app (the host's fallback).
        if tag.name.contains(['/', '\\', '\0']) || tag.name.starts_with('.') {
            continue;
        }
        let (route, dir) = (tag_path(&tag.name), format!("tags/{}", tag.name));
        pages.push(Page::at(format!("/{route}"), &dir, None));
        for n in 2..=page_count(tag.count) {
            pages.push(Page::at(format!("/{}", list_page_path(&route, n)), &format!("{dir}/page/{n}"), None));
        }
    }

    let mut written = Vec::with_capacity(pages.len());
    for page in pages {
        let mut rendered = render_page(manifest.clone(), &base, &page.route, page.post);
        rendered.record.manifest = fingerprint.clone();
        let html = fill(&template, &rendered, &manifest.site.language, true);
        for file in &page.files {
            let path = dist.join(file);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, &html)?;
        }
        written.push((page.route, page.files[0].to_string_lossy().into_owned()));
    }
    // Hosts answer unknown paths with 404.html: the not-found page, on which the app
    // renders whatever the URL names (a route without a page of its own, a filter).
    let mut not_found = render_page(manifest.clone(), &base, "/404", None);
    // Served for any unknown URL: it has no address of its own to advertise.
    not_found.head.tags.retain(|tag| {
        !matches!(tag, HeadTag::Link { rel: "canonical", .. })
            && !matches!(tag, HeadTag::Meta { key, .. } if key == "og:url")
    });
    std::fs::write(dist.join("404.html"), fill(&template, &not_found, &manifest.site.language, false))?;
    Ok(written)
}

/// `template` with the page in it. `hydratable`: the page records its route, so the
/// app takes it over in place; else the app renders the URL's route afresh.
fn fill(template: &str, page: &RenderedPage, language: &str, hydratable: bool) -> String {
    let mut html = replace_between(template, "<title>", "</title>", &esc(&page.head.title));
    let route = if hydratable { format!(" data-fumi-route=\"{}\"", esc(&page.record.route)) } else { String::new() };
    html = html.replacen("<html lang=\"en\">", &format!("<html lang=\"{}\"{route}>", esc(language)), 1);
    if let Some(at) = html.find("</head>") {
        html.insert_str(at, &page.head.to_html());
    }
    let record = if hydratable {
        // `<` escaped: the JSON cannot close its script element, whatever a title says.
        let json = serde_json::to_string(&page.record).unwrap_or_default().replace('<', "\\u003c");
        format!("<script type=\"application/json\" id=\"{RECORD_ID}\">{json}</script>")
    } else {
        String::new()
    };
    // Nothing between `<body>` and the app's first node: hydration walks the body's
    // children in order.
    replace_between(&html, "<body>", "</body>", &format!("{}{record}", page.body))
}

/// `text` with what lies between the first `open` and the next `close` replaced.
fn replace_between(text: &str, open: &str, close: &str, with: &str) -> String {
    let Some(start) = text.find(open).map(|i| i + open.len()) else { return text.to_owned() };
    let Some(end) = text[start..].find(close).map(|i| start + i) else { return text.to_owned() };
    format!("{}{with}{}", &text[..start], &text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use fumi_content::{PostSummary, Site};

    const TEMPLATE: &str = "<!doctype html>\n<html lang=\"en\">\n  <head>\n    <title>fumi</title>\n    <base href=\"/blog/\" />\n  </head>\n  <body>\n    <noscript>x</noscript>\n  </body>\n</html>\n";

    fn manifest() -> Manifest {
        let post = |slug: &str, title: &str, tags: &[&str]| PostSummary {
            slug: slug.into(),
            title: title.into(),
            date: "2021-01-04".into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            excerpt: "一月から基盤チームに移ります。".into(),
            lang: "ja".into(),
            ..Default::default()
        };
        Manifest {
            site: Site {
                title: "文の森".into(),
                base_url: "https://example.com/blog/".into(),
                language: "ja".into(),
                posts_per_page: 1,
                ..Site::default()
            },
            posts: vec![
                post("eks-移籍", "EKS へ \"移籍\" <します>", &["kubernetes", "キャリア"]),
                post("older", "Older", &["kubernetes"]),
            ],
            ..Default::default()
        }
    }

    fn build() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let dist = dir.path();
        std::fs::create_dir_all(dist.join("posts")).unwrap();
        std::fs::write(dist.join("index.html"), TEMPLATE).unwrap();
        std::fs::write(dist.join("posts/manifest.json"), serde_json::to_string(&manifest()).unwrap()).unwrap();
        std::fs::write(dist.join("posts/eks-移籍.md"), "## はじめに\n\n本文です。\n").unwrap();
        std::fs::write(dist.join("posts/older.md"), "Older.\n").unwrap();
        assert_eq!(
            write(dist, "/blog/").unwrap().len(),
            10,
            "home and its page 2, tags, archive, search, two posts, two tags and kubernetes' page 2"
        );
        dir
    }

    fn read(dir: &tempfile::TempDir, file: &str) -> String {
        std::fs::read_to_string(dir.path().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    #[test]
    fn a_post_page_is_the_rendered_post_with_its_head_and_record() {
        let dir = build();
        let page = read(&dir, "posts/eks-移籍.html");
        assert_eq!(page, read(&dir, "posts/eks-移籍/index.html"), "both layouts hold the same page");
        assert!(page.contains("<title>EKS へ &quot;移籍&quot; &lt;します&gt; — 文の森</title>"), "{page}");
        assert!(page.contains("<html lang=\"ja\" data-fumi-route=\"/posts/eks-%E7%A7%BB%E7%B1%8D\">"), "{page}");
        assert!(page.contains(
            "<link rel=\"canonical\" href=\"https://example.com/blog/posts/eks-%E7%A7%BB%E7%B1%8D\" data-fumi-head />"
        ));
        assert!(page.contains("<meta property=\"article:tag\" content=\"キャリア\" data-fumi-head />"));
        assert!(page.contains("<h1 class=\"post__title\">EKS へ \"移籍\" &lt;します&gt;"), "{page}");
        assert!(page.contains("<h2 id=\"はじめに\">"), "rendered by the shared renderer: {page}");
        assert!(page.contains("<time datetime=\"2021-01-04\">"), "{page}");
        assert!(page.contains("href=\"/blog/tags/%E3%82%AD%E3%83%A3%E3%83%AA%E3%82%A2\""), "{page}");
        assert!(page.contains("<body><"), "the app's nodes start the body: {page}");
        let record = page.split(&format!("id=\"{RECORD_ID}\">")).nth(1).unwrap().split("</script>").next().unwrap();
        let record: fumi::takeover::PageRecord = serde_json::from_str(record).unwrap();
        assert_eq!(record.route, "/posts/eks-%E7%A7%BB%E7%B1%8D");
        let manifest_text = read(&dir, "posts/manifest.json");
        assert_eq!(record.manifest, fumi_content::manifest::fingerprint(&manifest_text), "names its manifest");
        assert_eq!(record.post.unwrap().headings[0].id, "はじめに");
    }

    #[test]
    fn every_route_has_a_page() {
        let dir = build();
        let home = read(&dir, "index.html");
        assert!(home.contains("data-fumi-route=\"/\""), "{home}");
        assert!(home.contains("<a href=\"/blog/posts/eks-%E7%A7%BB%E7%B1%8D\">"), "{home}");
        assert!(home.contains("<meta property=\"og:type\" content=\"website\" data-fumi-head />"));
        for (file, route) in [
            ("tags.html", "/tags"),
            ("tags/index.html", "/tags"),
            ("archive/index.html", "/archive"),
            ("search.html", "/search"),
            ("tags/キャリア.html", "/tags/%E3%82%AD%E3%83%A3%E3%83%AA%E3%82%A2"),
            ("tags/kubernetes/index.html", "/tags/kubernetes"),
            ("page/2.html", "/page/2"),
            ("page/2/index.html", "/page/2"),
            ("tags/kubernetes/page/2.html", "/tags/kubernetes/page/2"),
        ] {
            let page = read(&dir, file);
            assert!(page.contains(&format!("data-fumi-route=\"{route}\"")), "{file}: {page}");
            assert!(page.contains("<h1"), "{file}: {page}");
        }
        let not_found = read(&dir, "404.html");
        assert!(not_found.contains("not-found"), "{not_found}");
        assert!(!not_found.contains("data-fumi-route"), "the app renders the URL's route: {not_found}");
        assert!(!not_found.contains("rel=\"canonical\"") && !not_found.contains("og:url"), "{not_found}");
    }

    #[test]
    fn a_sub_path_that_is_not_ascii_is_matched_as_browsers_send_it() {
        let dir = tempfile::tempdir().unwrap();
        let dist = dir.path();
        std::fs::create_dir_all(dist.join("posts")).unwrap();
        std::fs::write(dist.join("index.html"), TEMPLATE.replace("/blog/", "/日記/")).unwrap();
        std::fs::write(dist.join("posts/manifest.json"), serde_json::to_string(&manifest()).unwrap()).unwrap();
        std::fs::write(dist.join("posts/eks-移籍.md"), "本文。\n").unwrap();
        std::fs::write(dist.join("posts/older.md"), "Older.\n").unwrap();
        write(dist, "/日記/").unwrap();
        let page = std::fs::read_to_string(dist.join("tags/キャリア.html")).unwrap();
        assert!(page.contains("<h1 class=\"page-title\">"), "{page}");
        assert!(!page.contains("not-found"), "the route, not a 404: {page}");
        assert!(page.contains("href=\"/%E6%97%A5%E8%A8%98/posts/eks-%E7%A7%BB%E7%B1%8D\""), "{page}");
    }

    #[test]
    fn a_record_cannot_close_its_script() {
        let mut m = manifest();
        m.posts[0].slug = "x</script><script>alert(1)".into();
        let body = PostBody { markdown: "x".into(), hints: RenderHints::default() };
        let page = render_page(Arc::new(m), "", "/posts/x", Some(("x</script><script>alert(1)".into(), body)));
        assert!(page.record.post.as_ref().unwrap().slug.contains("</script>"));
        let html = fill(TEMPLATE, &page, "ja", true);
        assert!(!html.contains("</script><script>alert(1)"), "{html}");
    }
}

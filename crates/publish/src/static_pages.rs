//! Static HTML for each post, for crawlers, link-preview bots and the first paint.
//!
//! Bots do not run wasm, and a reader would otherwise see nothing until it has loaded.
//! After Trunk has written `index.html`, this writes `posts/<slug>.html`: the same page
//! with the post's title, description, canonical URL, Open Graph and Twitter tags in
//! the head, and the post rendered by the same renderer the browser uses inside
//! `<div id="fumi-static">`. Hosts with clean URLs (Netlify, Cloudflare Pages, nginx
//! `try_files $uri.html`) serve it for `/posts/<slug>`. The app then starts on it,
//! renders the same post hidden, and removes the static copy once its own is ready.

use std::path::Path;

use fumi_content::date::{format_date, Date};
use fumi_content::markdown::escape_html as esc;
use fumi_content::url::{encode_segment, post_body_file, post_hints_file, post_path, tag_path};
use fumi_content::{render_with, Labels, Manifest, PostSummary, RenderHints};

/// Writes `posts/<slug>.html` for every post of the build in `dist`. `public_url` is
/// the path the site is served under (`/` or `/blog/`).
pub fn write(dist: &Path, public_url: &str) -> std::io::Result<usize> {
    let template = std::fs::read_to_string(dist.join("index.html"))?;
    let posts_dir = dist.join("posts");
    let manifest: Manifest = serde_json::from_str(&std::fs::read_to_string(posts_dir.join("manifest.json"))?)
        .map_err(|e| std::io::Error::other(format!("posts/manifest.json: {e}")))?;
    let base_path = crate::hosting::base_path(public_url);
    for post in &manifest.posts {
        let body = std::fs::read_to_string(posts_dir.join(format!("{}.md", post.slug)))?;
        let hints: RenderHints = std::fs::read_to_string(posts_dir.join(format!("{}.hints.json", post.slug)))
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        let page = post_page(&template, &manifest, post, &body, &hints, &base_path);
        std::fs::write(posts_dir.join(format!("{}.html", post.slug)), page)?;
    }
    Ok(manifest.posts.len())
}

/// The page for one post: `template` (Trunk's index.html) with head tags and the
/// rendered post added.
fn post_page(
    template: &str,
    manifest: &Manifest,
    post: &PostSummary,
    body: &str,
    hints: &RenderHints,
    base_path: &str,
) -> String {
    let site = &manifest.site;
    let canonical = format!("{}/{}", site.base_url.trim_end_matches('/'), post_path(&post.slug));
    let title = format!("{} — {}", post.title, site.title);
    let mut head = format!(
        "    <meta name=\"description\" content=\"{description}\" />\n    <link rel=\"canonical\" href=\"{canonical}\" />\n    <meta property=\"og:type\" content=\"article\" />\n    <meta property=\"og:site_name\" content=\"{site_name}\" />\n    <meta property=\"og:title\" content=\"{og_title}\" />\n    <meta property=\"og:description\" content=\"{description}\" />\n    <meta property=\"og:url\" content=\"{canonical}\" />\n    <meta property=\"article:published_time\" content=\"{date}\" />\n",
        description = esc(&post.excerpt),
        canonical = esc(&canonical),
        site_name = esc(&site.title),
        og_title = esc(&post.title),
        date = esc(&post.date),
    );
    if let Some(updated) = &post.updated {
        head.push_str(&format!("    <meta property=\"article:modified_time\" content=\"{}\" />\n", esc(updated)));
    }
    for tag in &post.tags {
        head.push_str(&format!("    <meta property=\"article:tag\" content=\"{}\" />\n", esc(tag)));
    }
    head.push_str(&format!(
        "    <meta name=\"twitter:card\" content=\"summary\" />\n    <meta name=\"twitter:title\" content=\"{}\" />\n    <meta name=\"twitter:description\" content=\"{}\" />\n",
        esc(&post.title),
        esc(&post.excerpt)
    ));

    // The app fetches the body and its hints once the wasm has started; fetched now,
    // they are waiting for it.
    for file in [post_body_file(&post.slug), post_hints_file(&post.slug)] {
        head.push_str(&format!("    <link rel=\"preload\" href=\"{}\" as=\"fetch\" crossorigin />\n", esc(&file)));
    }

    let rendered = render_with(body, hints, Labels::for_language(&post.lang));
    let date_label =
        Date::parse(&post.date).map(|d| format_date(d, &site.language)).unwrap_or_else(|_| post.date.clone());
    let tags: String = post
        .tags
        .iter()
        .map(|t| format!("<li><a class=\"tag\" href=\"{base_path}{}\">{}</a></li>", esc(&tag_path(t)), esc(t)))
        .collect();
    let static_post = format!(
        "<div id=\"fumi-static\" data-kind=\"post\" data-path=\"{path}\">\n<header class=\"site-header\"><div class=\"site-header__inner\"><a class=\"site-title\" href=\"{base_path}\">{site_title}</a></div></header>\n<main class=\"site-main\"><article class=\"post\" lang=\"{lang}\"><header class=\"post__header\"><h1 class=\"post__title\">{title}</h1><p class=\"post-meta\"><time datetime=\"{date}\">{date_label}</time></p>{tag_list}</header>\n<div class=\"post__body prose\">{html}</div></article></main>\n</div>\n",
        path = esc(&format!("{base_path}posts/{}", encode_segment(&post.slug))),
        site_title = esc(&site.title),
        lang = esc(&post.lang),
        title = esc(&post.title),
        date = esc(&post.date),
        date_label = esc(&date_label),
        tag_list = if tags.is_empty() { String::new() } else { format!("<ul class=\"tag-list\">{tags}</ul>") },
        html = rendered.html,
    );

    let mut page = replace_title(template, &esc(&title));
    page = page.replacen("<html lang=\"en\">", &format!("<html lang=\"{}\">", esc(&site.language)), 1);
    if let Some(at) = page.find("</head>") {
        page.insert_str(at, &head);
    }
    if let Some(at) = page.find("<body>").map(|i| i + "<body>".len()) {
        page.insert_str(at, &format!("\n{static_post}"));
    }
    page
}

/// Rewrites `index.html` in `dist` into the static home page: the first page of the
/// post list. Run after `404.html` has been copied from the plain `index.html`, since
/// that copy is what hosts answer unknown paths with.
pub fn write_home(dist: &Path, public_url: &str) -> std::io::Result<()> {
    let template = std::fs::read_to_string(dist.join("index.html"))?;
    let manifest: Manifest = serde_json::from_str(&std::fs::read_to_string(dist.join("posts/manifest.json"))?)
        .map_err(|e| std::io::Error::other(format!("posts/manifest.json: {e}")))?;
    let base_path = crate::hosting::base_path(public_url);
    std::fs::write(dist.join("index.html"), home_page(&template, &manifest, &base_path))
}

fn home_page(template: &str, manifest: &Manifest, base_path: &str) -> String {
    let site = &manifest.site;
    let canonical = format!("{}/", site.base_url.trim_end_matches('/'));
    let head = format!(
        "    <meta name=\"description\" content=\"{description}\" />\n    <link rel=\"canonical\" href=\"{canonical}\" />\n    <meta property=\"og:type\" content=\"website\" />\n    <meta property=\"og:site_name\" content=\"{title}\" />\n    <meta property=\"og:title\" content=\"{title}\" />\n    <meta property=\"og:description\" content=\"{description}\" />\n    <meta property=\"og:url\" content=\"{canonical}\" />\n    <meta name=\"twitter:card\" content=\"summary\" />\n",
        description = esc(&site.description),
        canonical = esc(&canonical),
        title = esc(&site.title),
    );
    let cards: String = manifest
        .posts
        .iter()
        .take(site.posts_per_page.max(1))
        .map(|post| {
            let date = Date::parse(&post.date).map(|d| format_date(d, &site.language)).unwrap_or_else(|_| post.date.clone());
            let tags: String = post
                .tags
                .iter()
                .map(|t| format!("<li><a class=\"tag\" href=\"{base_path}{}\">{}</a></li>", esc(&tag_path(t)), esc(t)))
                .collect();
            format!(
                "<li class=\"post-card\" lang=\"{lang}\"><h2 class=\"post-card__title\"><a href=\"{base_path}{href}\">{title}</a></h2><p class=\"post-meta\"><time datetime=\"{datetime}\">{date}</time></p><p class=\"post-card__excerpt\">{excerpt}</p><ul class=\"tag-list\">{tags}</ul></li>\n",
                lang = esc(&post.lang),
                href = esc(&post_path(&post.slug)),
                title = esc(&post.title),
                datetime = esc(&post.date),
                excerpt = esc(&post.excerpt),
            )
        })
        .collect();
    let lead = if site.description.is_empty() {
        String::new()
    } else {
        format!("<p class=\"page-lead\">{}</p>", esc(&site.description))
    };
    let static_home = format!(
        "<div id=\"fumi-static\" data-kind=\"list\" data-path=\"{base_path}\">\n<header class=\"site-header\"><div class=\"site-header__inner\"><a class=\"site-title\" href=\"{base_path}\">{title}</a></div></header>\n<main class=\"site-main\"><section class=\"page page--home\"><h1 class=\"page-title\">{title}</h1>{lead}<ol class=\"post-list\">\n{cards}</ol></section></main>\n</div>\n",
        title = esc(&site.title),
    );
    let mut page = template.replacen("<html lang=\"en\">", &format!("<html lang=\"{}\">", esc(&site.language)), 1);
    if let Some(at) = page.find("</head>") {
        page.insert_str(at, &head);
    }
    if let Some(at) = page.find("<body>").map(|i| i + "<body>".len()) {
        page.insert_str(at, &format!("\n{static_home}"));
    }
    page
}

fn replace_title(template: &str, title: &str) -> String {
    match (template.find("<title>"), template.find("</title>")) {
        (Some(start), Some(end)) if start < end => {
            format!("{}<title>{title}</title>{}", &template[..start], &template[end + "</title>".len()..])
        }
        _ => template.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fumi_content::Site;

    const TEMPLATE: &str = "<!doctype html>\n<html lang=\"en\">\n  <head>\n    <title>fumi</title>\n    <base href=\"/blog/\" />\n  </head>\n  <body>\n    <noscript>x</noscript>\n  </body>\n</html>\n";

    fn manifest() -> Manifest {
        Manifest {
            site: Site {
                title: "文の森".into(),
                base_url: "https://example.com/blog/".into(),
                language: "ja".into(),
                ..Site::default()
            },
            posts: vec![PostSummary {
                slug: "eks-移籍".into(),
                title: "EKS へ \"移籍\" <します>".into(),
                date: "2021-01-04".into(),
                tags: vec!["kubernetes".into(), "キャリア".into()],
                excerpt: "一月から基盤チームに移ります。".into(),
                lang: "ja".into(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn page() -> String {
        let m = manifest();
        post_page(TEMPLATE, &m, &m.posts[0], "## はじめに\n\n本文です。\n", &RenderHints::default(), "/blog/")
    }

    #[test]
    fn head_carries_title_description_canonical_and_social_tags() {
        let page = page();
        assert!(page.contains("<title>EKS へ &quot;移籍&quot; &lt;します&gt; — 文の森</title>"), "{page}");
        assert!(!page.contains("<title>fumi</title>"));
        assert!(page.contains("<meta name=\"description\" content=\"一月から基盤チームに移ります。\" />"));
        assert!(
            page.contains("<link rel=\"canonical\" href=\"https://example.com/blog/posts/eks-%E7%A7%BB%E7%B1%8D\" />"),
            "{page}"
        );
        assert!(page.contains("<meta property=\"og:title\" content=\"EKS へ &quot;移籍&quot; &lt;します&gt;\" />"));
        assert!(page.contains("<meta property=\"article:tag\" content=\"キャリア\" />"));
        assert!(page.contains("<meta name=\"twitter:card\" content=\"summary\" />"));
        assert!(page.contains("<html lang=\"ja\">"));
        // The body the app will ask for is already on its way (relative to <base href>).
        assert!(
            page.contains("<link rel=\"preload\" href=\"posts/eks-%E7%A7%BB%E7%B1%8D.md\" as=\"fetch\" crossorigin />")
        );
        assert!(page.contains("<link rel=\"preload\" href=\"posts/eks-%E7%A7%BB%E7%B1%8D.hints.json\" as=\"fetch\""));
    }

    #[test]
    fn body_carries_the_rendered_post_before_the_app() {
        let page = page();
        let body = &page[page.find("<body>").unwrap()..];
        assert!(
            body.contains(
                "<div id=\"fumi-static\" data-kind=\"post\" data-path=\"/blog/posts/eks-%E7%A7%BB%E7%B1%8D\">"
            ),
            "{body}"
        );
        assert!(body.contains("<h1 class=\"post__title\">EKS へ &quot;移籍&quot; &lt;します&gt;</h1>"));
        assert!(body.contains("<h2 id=\"はじめに\">はじめに"), "rendered by the shared renderer: {body}");
        assert!(body.contains("<time datetime=\"2021-01-04\">2021年1月4日</time>"));
        assert!(
            body.contains("<a class=\"tag\" href=\"/blog/tags/%E3%82%AD%E3%83%A3%E3%83%AA%E3%82%A2\">キャリア</a>"),
            "{body}"
        );
        assert!(body.find("fumi-static").unwrap() < body.find("<noscript>").unwrap());
    }

    #[test]
    fn home_page_lists_the_first_page_of_posts_with_site_meta() {
        let mut m = manifest();
        m.site.description = "技術の話".into();
        let page = home_page(TEMPLATE, &m, "/blog/");
        assert!(page.contains("<meta name=\"description\" content=\"技術の話\" />"), "{page}");
        assert!(page.contains("<meta property=\"og:type\" content=\"website\" />"));
        assert!(page.contains("<div id=\"fumi-static\" data-kind=\"list\" data-path=\"/blog/\">"));
        assert!(
            page.contains("<a href=\"/blog/posts/eks-%E7%A7%BB%E7%B1%8D\">EKS へ &quot;移籍&quot; &lt;します&gt;</a>"),
            "{page}"
        );
        assert!(page.contains("<p class=\"post-card__excerpt\">一月から基盤チームに移ります。</p>"));
    }

    #[test]
    fn writes_one_page_per_post_from_a_build() {
        let dir = tempfile::tempdir().unwrap();
        let dist = dir.path();
        std::fs::create_dir_all(dist.join("posts")).unwrap();
        std::fs::write(dist.join("index.html"), TEMPLATE).unwrap();
        std::fs::write(dist.join("posts/manifest.json"), serde_json::to_string(&manifest()).unwrap()).unwrap();
        std::fs::write(dist.join("posts/eks-移籍.md"), "Body.\n").unwrap();
        assert_eq!(write(dist, "/blog/").unwrap(), 1);
        let page = std::fs::read_to_string(dist.join("posts/eks-移籍.html")).unwrap();
        assert!(page.contains("<p>Body.</p>"), "{page}");
    }
}

//! Files at the site root for readers' tools and crawlers: Atom and JSON feeds (of the
//! whole site, per tag, and per language when the posts are in several),
//! `sitemap.xml` (with every language version of each translated post as its
//! `hreflang` alternates) and `robots.txt`. URLs are absolute, from `base_url` in
//! `fumi.toml`; drafts never appear.

use std::path::Path;

use fumi_content::tags::{has_tag, tag_counts};
use fumi_content::translations::{is_in, language_name, languages, translations_of};
use fumi_content::url::{encode_segment, post_path, tag_path, PostUrls};
use fumi_content::{render_with, Labels, PostSummary, RenderHints, Site};

use crate::publish::Outcome;

/// Entries per feed: the newest posts.
const FEED_ENTRIES: usize = 20;

/// A published post with its body rendered for feeds (absolute URLs).
struct FeedPost<'a> {
    post: &'a PostSummary,
    html: String,
}

/// Which posts a feed holds, which decides its title, page and language.
#[derive(Clone, Copy)]
enum Scope<'a> {
    Site,
    Tag(&'a str),
    /// One language's posts (a primary subtag such as `ja`), on a site in several.
    Language(&'a str),
    /// One author's posts, by the id of `[authors]`.
    Author(&'a str),
}

/// Writes the feeds, sitemap and robots.txt into `root` (the site's top folder).
pub fn write(outcome: &Outcome, root: &Path) -> std::io::Result<()> {
    let site = &outcome.manifest.site;
    let base = base_url(site);
    let posts: Vec<FeedPost> = outcome
        .manifest
        .posts
        .iter()
        .zip(&outcome.bodies)
        .filter(|(post, _)| !post.draft)
        .map(|(post, files)| FeedPost { post, html: feed_html(&files.markdown, &files.hints, post, &base) })
        .collect();

    std::fs::create_dir_all(root.join("feeds/tags"))?;
    write_feeds(root, site, &base, "feed", Scope::Site, &posts.iter().collect::<Vec<_>>())?;
    let published: Vec<PostSummary> = posts.iter().map(|p| p.post.clone()).collect();
    for tag in tag_counts(&published) {
        let tagged: Vec<&FeedPost> = posts.iter().filter(|p| has_tag(p.post, &tag.name)).collect();
        let path = format!("feeds/tags/{}", encode_segment(&tag.name));
        write_feeds(root, site, &base, &path, Scope::Tag(&tag.name), &tagged)?;
    }
    let languages = feed_languages(&published);
    if !languages.is_empty() {
        std::fs::create_dir_all(root.join("feeds/lang"))?;
    }
    for lang in &languages {
        let in_lang: Vec<&FeedPost> = posts.iter().filter(|p| is_in(p.post, lang)).collect();
        let path = format!("feeds/lang/{}", encode_segment(lang));
        write_feeds(root, site, &base, &path, Scope::Language(lang), &in_lang)?;
    }
    if !site.authors.is_empty() {
        std::fs::create_dir_all(root.join("feeds/authors"))?;
    }
    for id in site.authors.keys() {
        let theirs: Vec<&FeedPost> = posts.iter().filter(|p| names_of(site, p.post).any(|(i, _)| i == id)).collect();
        let path = format!("feeds/authors/{}", encode_segment(id));
        write_feeds(root, site, &base, &path, Scope::Author(id), &theirs)?;
    }
    // The site's pages (`/about`) and its authors' pages are indexed too.
    let other_pages: Vec<String> = (outcome.manifest.pages.iter().map(|page| encode_segment(&page.slug)))
        .chain(site.authors.keys().map(|id| fumi_content::people::author_path(id)))
        .collect();
    std::fs::write(root.join("sitemap.xml"), sitemap(&base, &published, &other_pages))?;
    std::fs::write(root.join("robots.txt"), format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"))?;
    Ok(())
}

/// Writes the Atom feed `<path>.xml` and the JSON Feed `<path>.json` of `posts`.
fn write_feeds(
    root: &Path,
    site: &Site,
    base: &str,
    path: &str,
    scope: Scope,
    posts: &[&FeedPost],
) -> std::io::Result<()> {
    let xml = format!("{path}.xml");
    std::fs::write(root.join(&xml), atom(site, base, &xml, scope, posts))?;
    let json = format!("{path}.json");
    std::fs::write(root.join(&json), json_feed(site, base, &json, scope, posts))
}

/// The languages that get feeds of their own: none unless the posts are in several,
/// since a one-language site's feed already is that language's. Lower-cased, so that
/// `JA` and `ja` share one feed (and one file on case-insensitive disks).
fn feed_languages(posts: &[PostSummary]) -> Vec<String> {
    let mut found: Vec<String> =
        languages(posts).iter().filter(|l| !l.is_empty()).map(|l| l.to_ascii_lowercase()).collect();
    found.sort();
    found.dedup();
    if found.len() < 2 {
        found.clear();
    }
    found
}

/// The authors of `post` in `[authors]` (none on a site without them).
fn names_of<'a>(
    site: &'a Site,
    post: &'a PostSummary,
) -> impl Iterator<Item = (&'a str, &'a fumi_content::people::Profile)> {
    fumi_content::people::authors_of(&post.authors, &site.authors, &site.author).into_iter()
}

/// `base_url` with exactly one trailing slash.
fn base_url(site: &Site) -> String {
    format!("{}/", site.base_url.trim_end_matches('/'))
}

/// The post's HTML with every relative link and image made absolute, since feed
/// readers show it far from the site: URLs resolve as in an embedded post (against
/// the site's root, [`fumi_content::url::resolve_post_url`]), and same-page links
/// (footnotes, headings) point into the post's own page.
fn feed_html(body: &str, hints: &RenderHints, post: &PostSummary, base: &str) -> String {
    let urls = PostUrls { site_root: base.to_owned(), routes: base.to_owned() };
    let hints = RenderHints { urls: Some(urls), ..hints.clone() };
    let html = render_with(body, &hints, Labels::for_language(&post.lang)).html;
    // The renderer's attributes are always double-quoted.
    html.replace(" href=\"#", &format!(" href=\"{base}{}#", post_path(&post.slug)))
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// An RFC 3339 timestamp for a `YYYY-MM-DD` date (midnight UTC).
fn timestamp(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

fn last_change(post: &PostSummary) -> &str {
    post.updated.as_deref().unwrap_or(&post.date)
}

/// A post's page, absolute: the one URL feeds and the sitemap give it.
fn post_url(base: &str, post: &PostSummary) -> String {
    format!("{base}{}", post_path(&post.slug))
}

/// What a feed says of itself.
struct FeedHead {
    title: String,
    /// The page the feed mirrors.
    page: String,
    /// The Atom feed's id: its page, unless that is the home page of a language feed,
    /// which already identifies the site feed; then the feed's own URL.
    id: String,
    /// The feed's own URL.
    url: String,
    language: String,
}

fn feed_head(site: &Site, base: &str, self_path: &str, scope: Scope) -> FeedHead {
    let url = format!("{base}{self_path}");
    let (title, page, language) = match scope {
        Scope::Site => (site.title.clone(), base.to_owned(), site.language.clone()),
        Scope::Tag(tag) => {
            (format!("{} — #{tag}", site.title), format!("{base}{}", tag_path(tag)), site.language.clone())
        }
        Scope::Language(lang) => {
            (format!("{} ({})", site.title, language_name(lang)), base.to_owned(), lang.to_owned())
        }
        Scope::Author(id) => {
            let name = site.authors.get(id).map_or(id, |a| a.name.as_str());
            let page = format!("{base}{}", fumi_content::people::author_path(id));
            (format!("{} — {name}", site.title), page, site.language.clone())
        }
    };
    let id = if matches!(scope, Scope::Language(_)) { url.clone() } else { page.clone() };
    FeedHead { title, page, id, url, language }
}

/// An Atom 1.0 feed (RFC 4287) of the newest posts.
fn atom(site: &Site, base: &str, self_path: &str, scope: Scope, posts: &[&FeedPost]) -> String {
    let head = feed_head(site, base, self_path, scope);
    let updated = posts.iter().map(|p| last_change(p.post)).max().map_or_else(|| timestamp("1970-01-01"), timestamp);
    let author = if site.author.is_empty() { &site.title } else { site.author_name() };
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <id>{}</id>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n  <generator>fumi</generator>\n",
        xml_escape(&head.language),
        xml_escape(&head.title),
        xml_escape(&site.description),
        xml_escape(&head.id),
        xml_escape(&head.page),
        xml_escape(&head.url),
        xml_escape(author),
    );
    for p in posts.iter().take(FEED_ENTRIES) {
        let url = post_url(base, p.post);
        xml.push_str(&format!(
            "  <entry xml:lang=\"{}\">\n    <title>{}</title>\n    <id>{}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <published>{}</published>\n    <updated>{}</updated>\n    <summary>{}</summary>\n",
            xml_escape(&p.post.lang),
            xml_escape(&p.post.title),
            xml_escape(&url),
            xml_escape(&url),
            timestamp(&p.post.date),
            timestamp(last_change(p.post)),
            xml_escape(&p.post.excerpt),
        ));
        for (_, author) in names_of(site, p.post) {
            xml.push_str(&format!("    <author><name>{}</name></author>\n", xml_escape(&author.name)));
        }
        for tag in &p.post.tags {
            xml.push_str(&format!("    <category term=\"{}\"/>\n", xml_escape(tag)));
        }
        xml.push_str(&format!("    <content type=\"html\">{}</content>\n  </entry>\n", xml_escape(&p.html)));
    }
    xml.push_str("</feed>\n");
    xml
}

/// A JSON Feed 1.1 of the newest posts.
fn json_feed(site: &Site, base: &str, self_path: &str, scope: Scope, posts: &[&FeedPost]) -> String {
    let head = feed_head(site, base, self_path, scope);
    let items: Vec<serde_json::Value> = posts
        .iter()
        .take(FEED_ENTRIES)
        .map(|p| {
            let url = post_url(base, p.post);
            let authors: Vec<serde_json::Value> = names_of(site, p.post)
                .map(|(id, a)| serde_json::json!({ "name": a.name, "url": format!("{base}{}", fumi_content::people::author_path(id)) }))
                .collect();
            let mut item = serde_json::json!({
                "id": url,
                "url": url,
                "title": p.post.title,
                "summary": p.post.excerpt,
                "content_html": p.html,
                "date_published": timestamp(&p.post.date),
                "date_modified": timestamp(last_change(p.post)),
                "tags": p.post.tags,
                "language": p.post.lang,
            });
            if !authors.is_empty() {
                item["authors"] = serde_json::Value::Array(authors);
            }
            item
        })
        .collect();
    let mut feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": head.title,
        "home_page_url": head.page,
        "feed_url": head.url,
        "description": site.description,
        "language": head.language,
        "items": items,
    });
    if !site.author.is_empty() {
        feed["authors"] = serde_json::json!([{ "name": site.author_name() }]);
    }
    serde_json::to_string_pretty(&feed).expect("a JSON value serialises")
}

/// A sitemap (sitemaps.org 0.9) of every page worth indexing. A post with translations
/// lists its whole group, itself included, as `hreflang` alternates: search engines
/// heed them only when every member lists every other.
/// `other_pages` are routes below the site (`about`, `authors/aki`) listed after the
/// posts' and tags' pages.
fn sitemap(base: &str, posts: &[PostSummary], other_pages: &[String]) -> String {
    let page = |url: String| SitemapUrl { url, lastmod: None, alternates: Vec::new() };
    let mut urls =
        vec![SitemapUrl { url: base.to_owned(), lastmod: posts.first().map(last_change), alternates: Vec::new() }];
    urls.extend(posts.iter().map(|p| {
        let mut group = translations_of(posts, p);
        if !group.is_empty() {
            group.push(p);
            group.sort_by(|a, b| a.lang.cmp(&b.lang));
        }
        let alternates = group.into_iter().map(|t| (t.lang.as_str(), post_url(base, t))).collect();
        SitemapUrl { url: post_url(base, p), lastmod: Some(last_change(p)), alternates }
    }));
    urls.push(page(format!("{base}tags")));
    urls.extend(tag_counts(posts).iter().map(|t| page(format!("{base}{}", tag_path(&t.name)))));
    urls.push(page(format!("{base}archive")));
    urls.extend(other_pages.iter().map(|route| page(format!("{base}{route}"))));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for SitemapUrl { url, lastmod, alternates } in urls {
        xml.push_str(&format!("  <url><loc>{}</loc>", xml_escape(&url)));
        if let Some(date) = lastmod {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        for (lang, href) in &alternates {
            xml.push_str(&format!(
                "\n    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                xml_escape(lang),
                xml_escape(href)
            ));
        }
        if !alternates.is_empty() {
            xml.push_str("\n  ");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// One `<url>` of the sitemap.
struct SitemapUrl<'a> {
    url: String,
    lastmod: Option<&'a str>,
    /// `(hreflang, URL)` of the page in every language, itself included; empty for a
    /// page in one language.
    alternates: Vec<(&'a str, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_author_pages_are_in_the_sitemap_after_the_lists() {
        let posts = [PostSummary { slug: "a".into(), date: "2021-01-04".into(), ..Default::default() }];
        let routes = ["about".to_owned(), "authors/aki".to_owned()];
        let xml = sitemap("https://ex.com/", &posts, &routes);
        let locs: Vec<&str> = xml.split("<loc>").skip(1).map(|l| l.split("</loc>").next().unwrap()).collect();
        assert_eq!(
            locs,
            [
                "https://ex.com/",
                "https://ex.com/posts/a",
                "https://ex.com/tags",
                "https://ex.com/archive",
                "https://ex.com/about",
                "https://ex.com/authors/aki"
            ]
        );
        assert!(roxmltree::Document::parse(&xml).is_ok(), "{xml}");
    }

    #[test]
    fn relative_urls_become_absolute_for_feed_readers() {
        let markdown =
            "[a](posts/x) ![i](images/i.svg) [t](/tags/y) [e](https://e.com/) [m](mailto:a@b.c) n[^1]\n\n[^1]: note\n";
        let post = PostSummary { slug: "p".into(), lang: "en".into(), ..PostSummary::default() };
        let out = feed_html(markdown, &RenderHints::default(), &post, "https://ex.com/blog/");
        for expected in [
            r#"href="https://ex.com/blog/posts/x""#,
            r#"src="https://ex.com/blog/images/i.svg""#,
            r#"href="https://ex.com/tags/y""#,
            r#"href="https://e.com/""#,
            r#"href="mailto:a@b.c""#,
            r##"href="https://ex.com/blog/posts/p#fn-1""##,
        ] {
            assert!(out.contains(expected), "{expected} in {out}");
        }
        assert!(!out.contains(r##"href="#"##), "no same-page link is left relative: {out}");
    }

    #[test]
    fn xml_special_characters_are_escaped() {
        assert_eq!(xml_escape("a<b & \"c\" 'd'"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;");
    }
}

#[cfg(test)]
mod validity_tests {
    use crate::publish::{publish, Mode};

    /// A site of `posts` (file name, source), published with its drafts and with its
    /// site files written.
    fn site_of(posts: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("posts")).unwrap();
        std::fs::write(
            root.join("fumi.toml"),
            "title = \"Blog & <notes>\"\nauthor = \"A\"\nbase_url = \"https://example.com/blog\"\n",
        )
        .unwrap();
        for (name, source) in posts {
            std::fs::write(root.join("posts").join(name), source).unwrap();
        }
        let outcome = publish(root, Mode { drafts: true, keep_going: false, ..Mode::default() }).unwrap();
        assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
        let out = root.join("site");
        super::write(&outcome, &out).unwrap();
        (dir, out)
    }

    /// A small site with a draft, a Japanese post and shared tags.
    fn site_files() -> (tempfile::TempDir, std::path::PathBuf) {
        site_of(&[
            ("a.md", "---\ntitle: \"First <post>\"\ndate: 2021-01-04\ntags: [kubernetes, 機械学習]\n---\nSee ![x](images/x.svg) and [b](posts/b) and a note[^1].\n\n[^1]: Note.\n"),
            ("b.md", "---\ntitle: \"二つ目\"\ndate: 2022-03-05\nupdated: 2022-04-01\ntags: [kubernetes]\n---\n本文です。\n"),
            ("d.md", "---\ntitle: \"Draft\"\ndate: 2023-01-01\ndraft: true\n---\nwip\n"),
        ])
    }

    /// A Japanese post, its English translation, a draft Korean one and an unrelated
    /// English post.
    fn bilingual_site() -> (tempfile::TempDir, std::path::PathBuf) {
        site_of(&[
            ("tsuki.md", "---\ntitle: \"月\"\ndate: 2022-01-01\nlang: ja\n---\n月の話です。\n"),
            (
                "moon.md",
                "---\ntitle: \"Moon\"\ndate: 2022-01-02\nlang: en\ntranslation_of: tsuki\n---\nAbout the moon.\n",
            ),
            ("dal.md", "---\ntitle: \"달\"\ndate: 2022-01-03\nlang: ko\ntranslation_of: tsuki\ndraft: true\n---\n달\n"),
            ("sun.md", "---\ntitle: \"Sun\"\ndate: 2021-06-01\nlang: en\n---\nAbout the sun.\n"),
        ])
    }

    const ATOM: &str = "http://www.w3.org/2005/Atom";

    fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
        node.children().find(|c| c.has_tag_name((ATOM, name)))
    }

    #[test]
    fn atom_feed_is_well_formed_with_the_required_elements() {
        let (_dir, out) = site_files();
        let text = std::fs::read_to_string(out.join("feed.xml")).unwrap();
        let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
        let feed = doc.root_element();
        assert_eq!((feed.tag_name().namespace(), feed.tag_name().name()), (Some(ATOM), "feed"));
        for required in ["id", "title", "updated", "author"] {
            assert!(child(feed, required).is_some(), "feed/{required}");
        }
        assert_eq!(child(feed, "title").unwrap().text(), Some("Blog & <notes>"));
        assert_eq!(child(feed, "updated").unwrap().text(), Some("2022-04-01T00:00:00Z"));
        let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))).collect();
        assert_eq!(entries.len(), 2, "the draft is not in the feed");
        for entry in &entries {
            for required in ["id", "title", "updated", "link", "content"] {
                assert!(child(*entry, required).is_some(), "entry/{required}");
            }
            let href = child(*entry, "link").unwrap().attribute("href").unwrap();
            assert!(href.starts_with("https://example.com/blog/posts/"), "{href}");
        }
        let content = child(entries[1], "content").unwrap().text().unwrap();
        assert!(content.contains("src=\"https://example.com/blog/images/x.svg\""), "{content}");
        assert!(content.contains("href=\"https://example.com/blog/posts/b\""), "{content}");
        assert!(content.contains("href=\"https://example.com/blog/posts/a#fn-1\""), "{content}");
    }

    #[test]
    fn json_feed_follows_version_1_1() {
        let (_dir, out) = site_files();
        let feed: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("feed.json")).unwrap()).unwrap();
        assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(feed["feed_url"], "https://example.com/blog/feed.json");
        let items = feed["items"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        for item in items {
            assert!(item["id"].as_str().unwrap().starts_with("https://example.com/blog/posts/"));
            assert!(item["content_html"].as_str().is_some());
            assert!(item["date_published"].as_str().unwrap().ends_with("T00:00:00Z"));
        }
        assert_eq!(items[0]["date_modified"], "2022-04-01T00:00:00Z");
    }

    #[test]
    fn per_tag_feeds_hold_only_that_tag() {
        let (_dir, out) = site_files();
        let tag = fumi_content::url::encode_segment("機械学習");
        let text = std::fs::read_to_string(out.join(format!("feeds/tags/{tag}.xml"))).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        assert_eq!(doc.descendants().filter(|n| n.has_tag_name((ATOM, "entry"))).count(), 1);
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("feeds/tags/kubernetes.json")).unwrap()).unwrap();
        assert_eq!(json["items"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn sitemap_lists_every_page_with_absolute_urls_and_robots_points_to_it() {
        let (_dir, out) = site_files();
        let text = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
        let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
        let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        assert!(doc.root_element().has_tag_name((ns, "urlset")));
        let locs: Vec<&str> =
            doc.descendants().filter(|n| n.has_tag_name((ns, "loc"))).filter_map(|n| n.text()).collect();
        // home, 2 posts, /tags, 2 tags, /archive; no draft
        assert_eq!(locs.len(), 7, "{locs:?}");
        assert!(locs.iter().all(|l| l.starts_with("https://example.com/blog/")), "{locs:?}");
        assert!(locs.contains(&"https://example.com/blog/tags/%E6%A9%9F%E6%A2%B0%E5%AD%A6%E7%BF%92"));
        assert!(!locs.iter().any(|l| l.ends_with("/posts/d")));
        let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
        assert!(robots.contains("Sitemap: https://example.com/blog/sitemap.xml"), "{robots}");
    }

    const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
    const XHTML: &str = "http://www.w3.org/1999/xhtml";

    /// Each `<url>` of the sitemap: its `loc` and its alternates as `(hreflang, href)`.
    fn sitemap_urls(out: &std::path::Path) -> Vec<(String, Vec<(String, String)>)> {
        let text = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
        let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
        doc.root_element()
            .children()
            .filter(|n| n.has_tag_name((SITEMAP, "url")))
            .map(|url| {
                let loc = url.children().find(|n| n.has_tag_name((SITEMAP, "loc"))).unwrap().text().unwrap();
                let alternates = url
                    .children()
                    .filter(|n| n.has_tag_name((XHTML, "link")))
                    .inspect(|link| assert_eq!(link.attribute("rel"), Some("alternate")))
                    .map(|link| (link.attribute("hreflang").unwrap().into(), link.attribute("href").unwrap().into()))
                    .collect();
                (loc.to_owned(), alternates)
            })
            .collect()
    }

    #[test]
    fn translated_posts_list_every_language_version_in_the_sitemap_themselves_included() {
        let (_dir, out) = bilingual_site();
        let urls = sitemap_urls(&out);
        let alternates_of = |slug: &str| {
            let loc = format!("https://example.com/blog/posts/{slug}");
            urls.iter().find(|(l, _)| *l == loc).unwrap_or_else(|| panic!("{loc} in {urls:?}")).1.clone()
        };
        let group = [
            ("en".to_owned(), "https://example.com/blog/posts/moon".to_owned()),
            ("ja".to_owned(), "https://example.com/blog/posts/tsuki".to_owned()),
        ];
        assert_eq!(alternates_of("tsuki"), group, "the draft Korean translation is left out");
        assert_eq!(alternates_of("moon"), group);
        assert!(alternates_of("sun").is_empty(), "a post without translations has no alternates");
        assert!(!urls.iter().any(|(loc, _)| loc.ends_with("/posts/dal")));
        let others: Vec<_> = urls.iter().filter(|(loc, _)| !loc.contains("/posts/")).collect();
        assert!(others.iter().all(|(_, alternates)| alternates.is_empty()), "{others:?}");
    }

    #[test]
    fn language_feeds_hold_only_the_posts_in_their_language() {
        let (_dir, out) = bilingual_site();
        let text = std::fs::read_to_string(out.join("feeds/lang/ja.xml")).unwrap();
        let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
        let feed = doc.root_element();
        assert_eq!(feed.attribute((roxmltree::NS_XML_URI, "lang")), Some("ja"));
        assert_eq!(child(feed, "title").unwrap().text(), Some("Blog & <notes> (日本語)"));
        let self_link = feed.children().find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("self"));
        assert_eq!(self_link.unwrap().attribute("href"), Some("https://example.com/blog/feeds/lang/ja.xml"));
        let site_id = {
            let site = std::fs::read_to_string(out.join("feed.xml")).unwrap();
            let site = roxmltree::Document::parse(&site).unwrap();
            child(site.root_element(), "id").unwrap().text().unwrap().to_owned()
        };
        assert_ne!(child(feed, "id").unwrap().text(), Some(site_id.as_str()), "each feed has its own id");
        let entries: Vec<_> = feed
            .children()
            .filter(|c| c.has_tag_name((ATOM, "entry")))
            .map(|e| child(e, "title").unwrap().text().unwrap().to_owned())
            .collect();
        assert_eq!(entries, ["月"]);

        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("feeds/lang/en.json")).unwrap()).unwrap();
        assert_eq!(json["title"], "Blog & <notes> (English)");
        assert_eq!(json["language"], "en");
        assert_eq!(json["feed_url"], "https://example.com/blog/feeds/lang/en.json");
        let titles: Vec<&str> =
            json["items"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect();
        assert_eq!(titles, ["Moon", "Sun"]);
        let mut written: Vec<_> = std::fs::read_dir(out.join("feeds/lang"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        written.sort();
        assert_eq!(written, ["en.json", "en.xml", "ja.json", "ja.xml"], "no feed for the draft's language");
    }

    #[test]
    fn a_site_in_one_language_gets_no_language_feeds_or_alternates() {
        let (_dir, out) = site_of(&[
            ("a.md", "---\ntitle: A\ndate: 2021-01-01\nlang: en\n---\nA.\n"),
            ("b.md", "---\ntitle: B\ndate: 2021-01-02\nlang: en-GB\n---\nB.\n"),
        ]);
        assert!(out.join("feed.xml").exists());
        assert!(!out.join("feeds/lang").exists());
        assert!(sitemap_urls(&out).iter().all(|(_, alternates)| alternates.is_empty()));
    }
}

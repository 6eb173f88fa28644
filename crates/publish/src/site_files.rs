//! Files at the site root for readers' tools and crawlers: Atom and JSON feeds (site
//! and per tag), `sitemap.xml` and `robots.txt`. URLs are absolute, from `base_url` in
//! `fumi.toml`; drafts never appear.

use std::path::Path;

use fumi_content::tags::{has_tag, tag_counts};
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
    std::fs::write(root.join("feed.xml"), atom(site, &base, "feed.xml", None, &posts))?;
    std::fs::write(root.join("feed.json"), json_feed(site, &base, "feed.json", None, &posts))?;
    let published: Vec<PostSummary> = posts.iter().map(|p| p.post.clone()).collect();
    for tag in tag_counts(&published) {
        let tagged: Vec<&FeedPost> = posts.iter().filter(|p| has_tag(p.post, &tag.name)).collect();
        let name = encode_segment(&tag.name);
        let tagged: Vec<FeedPost> =
            tagged.into_iter().map(|p| FeedPost { post: p.post, html: p.html.clone() }).collect();
        std::fs::write(
            root.join(format!("feeds/tags/{name}.xml")),
            atom(site, &base, &format!("feeds/tags/{name}.xml"), Some(&tag.name), &tagged),
        )?;
        std::fs::write(
            root.join(format!("feeds/tags/{name}.json")),
            json_feed(site, &base, &format!("feeds/tags/{name}.json"), Some(&tag.name), &tagged),
        )?;
    }
    std::fs::write(root.join("sitemap.xml"), sitemap(&base, &published))?;
    std::fs::write(root.join("robots.txt"), format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"))?;
    Ok(())
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

/// A feed's title and the page it mirrors: the site's, or a tag's.
fn title_and_page(site: &Site, base: &str, tag: Option<&str>) -> (String, String) {
    match tag {
        Some(tag) => (format!("{} — #{tag}", site.title), format!("{base}{}", tag_path(tag))),
        None => (site.title.clone(), base.to_owned()),
    }
}

/// An Atom 1.0 feed (RFC 4287) of the newest posts.
fn atom(site: &Site, base: &str, self_path: &str, tag: Option<&str>, posts: &[FeedPost]) -> String {
    let (title, alternate) = title_and_page(site, base, tag);
    let updated = posts.iter().map(|p| last_change(p.post)).max().map_or_else(|| timestamp("1970-01-01"), timestamp);
    let author = if site.author.is_empty() { &site.title } else { &site.author };
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <subtitle>{}</subtitle>\n  <id>{}</id>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n  <generator>fumi</generator>\n",
        xml_escape(&site.language),
        xml_escape(&title),
        xml_escape(&site.description),
        xml_escape(&alternate),
        xml_escape(&alternate),
        xml_escape(&format!("{base}{self_path}")),
        xml_escape(author),
    );
    for p in posts.iter().take(FEED_ENTRIES) {
        let url = format!("{base}{}", post_path(&p.post.slug));
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
        for tag in &p.post.tags {
            xml.push_str(&format!("    <category term=\"{}\"/>\n", xml_escape(tag)));
        }
        xml.push_str(&format!("    <content type=\"html\">{}</content>\n  </entry>\n", xml_escape(&p.html)));
    }
    xml.push_str("</feed>\n");
    xml
}

/// A JSON Feed 1.1 of the newest posts.
fn json_feed(site: &Site, base: &str, self_path: &str, tag: Option<&str>, posts: &[FeedPost]) -> String {
    let (title, home) = title_and_page(site, base, tag);
    let items: Vec<serde_json::Value> = posts
        .iter()
        .take(FEED_ENTRIES)
        .map(|p| {
            let url = format!("{base}{}", post_path(&p.post.slug));
            serde_json::json!({
                "id": url,
                "url": url,
                "title": p.post.title,
                "summary": p.post.excerpt,
                "content_html": p.html,
                "date_published": timestamp(&p.post.date),
                "date_modified": timestamp(last_change(p.post)),
                "tags": p.post.tags,
                "language": p.post.lang,
            })
        })
        .collect();
    let mut feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": home,
        "feed_url": format!("{base}{self_path}"),
        "description": site.description,
        "language": site.language,
        "items": items,
    });
    if !site.author.is_empty() {
        feed["authors"] = serde_json::json!([{ "name": site.author }]);
    }
    serde_json::to_string_pretty(&feed).expect("a JSON value serialises")
}

/// A sitemap (sitemaps.org 0.9) of every page worth indexing.
fn sitemap(base: &str, posts: &[PostSummary]) -> String {
    let mut urls: Vec<(String, Option<&str>)> = vec![(base.to_owned(), posts.first().map(last_change))];
    urls.extend(posts.iter().map(|p| (format!("{base}{}", post_path(&p.slug)), Some(last_change(p)))));
    urls.push((format!("{base}tags"), None));
    urls.extend(tag_counts(posts).iter().map(|t| (format!("{base}{}", tag_path(&t.name)), None)));
    urls.push((format!("{base}archive"), None));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in urls {
        xml.push_str(&format!("  <url><loc>{}</loc>", xml_escape(&url)));
        if let Some(date) = lastmod {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// A small site with a draft, a Japanese post and shared tags, published and with
    /// its site files written.
    fn site_files() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("posts")).unwrap();
        std::fs::write(
            root.join("fumi.toml"),
            "title = \"Blog & <notes>\"\nauthor = \"A\"\nbase_url = \"https://example.com/blog\"\n",
        )
        .unwrap();
        std::fs::write(root.join("posts/a.md"), "---\ntitle: \"First <post>\"\ndate: 2021-01-04\ntags: [kubernetes, 機械学習]\n---\nSee ![x](images/x.svg) and [b](posts/b) and a note[^1].\n\n[^1]: Note.\n").unwrap();
        std::fs::write(
            root.join("posts/b.md"),
            "---\ntitle: \"二つ目\"\ndate: 2022-03-05\nupdated: 2022-04-01\ntags: [kubernetes]\n---\n本文です。\n",
        )
        .unwrap();
        std::fs::write(root.join("posts/d.md"), "---\ntitle: \"Draft\"\ndate: 2023-01-01\ndraft: true\n---\nwip\n")
            .unwrap();
        let outcome = publish(root, Mode { drafts: true, keep_going: false }).unwrap();
        let out = root.join("site");
        super::write(&outcome, &out).unwrap();
        (dir, out)
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
}

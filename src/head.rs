//! The page's `<title>` and the tags a shared link is previewed with: description,
//! canonical URL, Open Graph, Twitter card, `article:*`, and a tag page's own feeds.
//!
//! One owner for all of them: each route says what it is ([`PageHead`]), and
//! [`head_tags`] turns that into tags. The publishing tool writes them into the
//! page it renders; in the browser they are applied as the reader navigates, replacing
//! every tag the previous page had (they are marked `data-fumi-head`), so nothing
//! stale stays.

use std::sync::{Arc, Mutex};

use fumi_content::layout::is_drawn_preview;
use fumi_content::markdown::escape_html;
use fumi_content::url::encode_segment;
use fumi_content::Site;
use leptos::prelude::*;

use crate::mount::use_mount;
use crate::site::use_site;

/// What a route tells the head about itself.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageHead {
    /// The page's own title (`None`: the site's title alone).
    pub title: Option<String>,
    /// `None`: the site's description.
    pub description: Option<String>,
    /// Set on a post page.
    pub article: Option<Article>,
    /// Set on a tag page: the tag, whose feeds the page links.
    pub tag: Option<String>,
    /// A post in several languages: each version's language and path (itself
    /// included, as search engines ask), for `hreflang` links.
    pub alternates: Vec<(String, String)>,
    /// A list limited to one language: the language, whose feeds the page links.
    pub language: Option<String>,
    /// The preview image, as a post's manifest entry names it.
    pub image: Option<String>,
    /// On an author's page: the author's id, whose feeds and profile the head carries.
    pub author: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Article {
    pub published: String,
    pub modified: Option<String>,
    pub tags: Vec<String>,
    /// Ids of its authors in `[authors]` (none: the site's author).
    pub authors: Vec<String>,
    /// The post's language.
    pub lang: String,
}

/// One tag in `<head>`.
#[derive(Clone, Debug, PartialEq)]
pub enum HeadTag {
    /// `<meta {attribute}="{key}" content="{content}">`
    Meta { attribute: &'static str, key: String, content: String },
    /// `<link rel="{rel}" href="{href}">`, with a type and title for feeds.
    Link { rel: &'static str, href: String, kind: Option<&'static str>, title: Option<String> },
    /// `<link rel="alternate" hreflang="{lang}" href="{href}">`: the page in another language.
    Alternate { lang: String, href: String },
    /// `<script type="application/ld+json">`: what the page is, for search engines (a
    /// data block, which the CSP does not treat as a script).
    JsonLd(String),
}

/// Everything a page has in its head.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeadTags {
    pub title: String,
    pub tags: Vec<HeadTag>,
}

/// The head of `page` on `site`, published at `route` (below the site's base, with
/// its query: a filtered list is its own page).
pub fn head_tags(site: &Site, page: &PageHead, route: &str) -> HeadTags {
    let site_url = site.base_url.trim_end_matches('/');
    let canonical = format!("{site_url}/{}", route.trim_start_matches('/'));
    let title = match &page.title {
        Some(title) => format!("{title} — {}", site.title),
        None => site.title.clone(),
    };
    let og_title = page.title.clone().unwrap_or_else(|| site.title.clone());
    let description = page.description.clone().unwrap_or_else(|| site.description.clone());
    let meta = |attribute: &'static str, key: &str, content: &str| HeadTag::Meta {
        attribute,
        key: key.to_owned(),
        content: content.to_owned(),
    };
    let mut tags = vec![
        meta("name", "description", &description),
        HeadTag::Link { rel: "canonical", href: canonical.clone(), kind: None, title: None },
        meta("property", "og:type", if page.article.is_some() { "article" } else { "website" }),
        meta("property", "og:site_name", &site.title),
        meta("property", "og:title", &og_title),
        meta("property", "og:description", &description),
        meta("property", "og:url", &canonical),
    ];
    // The site's default image for pages without one of their own.
    let page_image = page.image.as_ref().or(site.image.as_ref());
    let image =
        page_image.map(
            |image| {
                if image.starts_with("https://") {
                    image.to_owned()
                } else {
                    format!("{site_url}/{image}")
                }
            },
        );
    if let (Some(url), Some(path)) = (&image, page_image) {
        // Only a drawn image's size is known; crawlers measure the others. One loop:
        // each place that builds a tag costs the wasm bytes.
        let size = [("property", "og:image:width", "1200"), ("property", "og:image:height", "630")];
        let size = if is_drawn_preview(path) { &size[..] } else { &[] };
        let rest = [("property", "og:image:alt", og_title.as_str()), ("name", "twitter:image", url.as_str())];
        for &(attribute, key, content) in [("property", "og:image", url.as_str())].iter().chain(size).chain(&rest) {
            tags.push(meta(attribute, key, content));
        }
    }
    if let Some(article) = &page.article {
        tags.push(meta("property", "article:published_time", &article.published));
        if let Some(modified) = &article.modified {
            tags.push(meta("property", "article:modified_time", modified));
        }
        tags.extend(article.tags.iter().map(|tag| meta("property", "article:tag", tag)));
    }
    tags.push(meta("name", "twitter:card", if image.is_some() { "summary_large_image" } else { "summary" }));
    tags.push(meta("name", "twitter:title", &og_title));
    tags.push(meta("name", "twitter:description", &description));
    if let Some(tag) = &page.tag {
        let feed = format!("{site_url}/feeds/tags/{}", encode_segment(tag));
        push_feeds(&mut tags, &feed, format!("{} — {tag}", site.title));
    }
    if let Some(lang) = &page.language {
        let feed = format!("{site_url}/feeds/lang/{}", encode_segment(&lang.to_ascii_lowercase()));
        let language = fumi_content::translations::language_name(lang);
        push_feeds(&mut tags, &feed, format!("{} ({language})", site.title));
    }
    for (lang, path) in &page.alternates {
        tags.push(HeadTag::Alternate { lang: lang.clone(), href: format!("{site_url}/{path}") });
    }
    let data = if let Some(article) = &page.article {
        let authors: Vec<String> = fumi_content::people::authors_of(&article.authors, &site.authors, &site.author)
            .into_iter()
            .map(|(_, profile)| profile.person.clone())
            .collect();
        let mut posting = JsonObject::new()
            .text("@context", "https://schema.org")
            .text("@type", "BlogPosting")
            .text("headline", &og_title)
            .text("description", &description)
            .text("datePublished", &article.published)
            .text("dateModified", article.modified.as_ref().unwrap_or(&article.published))
            .text("inLanguage", &article.lang)
            .text("url", &canonical)
            .text("mainEntityOfPage", &canonical)
            .raw("keywords", &json_array(article.tags.iter().map(|tag| json_string(tag))));
        if !authors.is_empty() {
            posting = posting.raw("author", &json_array(authors));
        } else if !site.author.is_empty() {
            posting = posting
                .raw("author", &JsonObject::new().text("@type", "Person").text("name", site.author_name()).finish());
        }
        if let Some(url) = &image {
            posting = posting.text("image", url);
        }
        Some(posting.finish())
    } else {
        page.author.as_deref().and_then(|id| site.authors.get(id).map(|profile| (id, profile))).map(|(id, profile)| {
            let feed = format!("{site_url}/feeds/{}", fumi_content::people::author_path(id));
            push_feeds(&mut tags, &feed, format!("{} — {}", site.title, profile.name));
            JsonObject::new()
                .text("@context", "https://schema.org")
                .text("@type", "ProfilePage")
                .raw("mainEntity", &profile.person)
                .finish()
        })
    };
    tags.extend(data.map(HeadTag::JsonLd));
    HeadTags { title, tags }
}

/// A JSON object written as it is built: all the JSON-LD needs, without a JSON value
/// type (and its serializer) in the wasm.
struct JsonObject(String);

impl JsonObject {
    fn new() -> Self {
        JsonObject(String::from("{"))
    }

    /// `key` with `json`, a value already written as JSON.
    fn raw(mut self, key: &str, json: &str) -> Self {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        self.0.push_str(&json_string(key));
        self.0.push(':');
        self.0.push_str(json);
        self
    }

    fn text(self, key: &str, value: &str) -> Self {
        self.raw(key, &json_string(value))
    }

    fn finish(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

/// `text` as a JSON string. `<` is escaped too: the text of a data block must not
/// close its `<script>` element.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '<' => out.push_str("\\u003c"),
            c if c < ' ' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Values already written as JSON, as a JSON array.
fn json_array(items: impl IntoIterator<Item = String>) -> String {
    format!("[{}]", items.into_iter().collect::<Vec<_>>().join(","))
}

/// The Atom and JSON links of the feed at `feed` (its URL without the extension); out of line: inlined twice, 1.8 KB of wasm.
#[inline(never)]
fn push_feeds(tags: &mut Vec<HeadTag>, feed: &str, title: String) {
    tags.push(HeadTag::Link {
        rel: "alternate",
        href: format!("{feed}.xml"),
        kind: Some("application/atom+xml"),
        title: Some(title.clone()),
    });
    tags.push(HeadTag::Link {
        rel: "alternate",
        href: format!("{feed}.json"),
        kind: Some("application/feed+json"),
        title: Some(title),
    });
}

/// One head tag as an element: its name, its attributes in order, and its text.
struct TagElement<'a> {
    name: &'static str,
    attributes: Vec<(&'a str, &'a str)>,
    text: Option<&'a str>,
}

impl HeadTag {
    /// The element this tag is, in the rendered page and in the browser alike.
    fn element(&self) -> TagElement<'_> {
        let (name, attributes, text) = match self {
            HeadTag::Meta { attribute, key, content } => {
                ("meta", vec![(*attribute, key.as_str()), ("content", content.as_str())], None)
            }
            HeadTag::Link { rel, href, kind, title } => {
                let mut attributes = vec![("rel", *rel), ("href", href.as_str())];
                attributes.extend(kind.map(|kind| ("type", kind)));
                attributes.extend(title.as_deref().map(|title| ("title", title)));
                ("link", attributes, None)
            }
            HeadTag::Alternate { lang, href } => {
                ("link", vec![("rel", "alternate"), ("hreflang", lang.as_str()), ("href", href.as_str())], None)
            }
            HeadTag::JsonLd(json) => ("script", vec![("type", "application/ld+json")], Some(json.as_str())),
        };
        TagElement { name, attributes, text }
    }
}

impl HeadTags {
    /// The tags as HTML, one per line, for a rendered page's `<head>` (the title is
    /// written into the page's own `<title>`).
    pub fn to_html(&self) -> String {
        let mut html = String::new();
        for tag in &self.tags {
            let TagElement { name, attributes, text } = tag.element();
            html.push_str("    <");
            html.push_str(name);
            for (attribute, value) in attributes {
                html.push_str(&format!(" {attribute}=\"{}\"", escape_html(value)));
            }
            match text {
                // JSON-LD is a data block: its text is written as made (head_tags
                // escapes `<` in it).
                Some(text) => html.push_str(&format!(" data-fumi-head>{text}</{name}>\n")),
                None => html.push_str(" data-fumi-head />\n"),
            }
        }
        html
    }
}

/// Where the publishing tool collects what a page renders into its head.
#[derive(Clone, Default)]
pub struct HeadSink(Arc<Mutex<Option<HeadTags>>>);

impl HeadSink {
    pub fn take(&self) -> Option<HeadTags> {
        self.0.lock().ok()?.take()
    }
}

/// Keeps the head in step with the route's title (None: the site's title alone).
pub fn use_page_title(title: impl Fn() -> Option<String> + Send + Sync + 'static) {
    use_page_head(move || PageHead { title: title(), ..PageHead::default() });
}

/// Keeps the head in step with what the route says of itself.
pub fn use_page_head(page: impl Fn() -> PageHead + Send + Sync + 'static) {
    // One compiled copy for every route, whatever its closure.
    keep_head(Arc::new(page));
}

fn keep_head(page: Arc<dyn Fn() -> PageHead + Send + Sync>) {
    // An embedded blog is a guest on the page: the title and tags are the host's.
    if !use_mount().owns_document() {
        return;
    }
    let site = use_site();
    let base = use_mount().router_base;
    let location = leptos_router::hooks::use_location();
    // The router's location, not window.location: the browser's URL changes only
    // after the new page has rendered.
    let tags = move || {
        let Some(Ok(manifest)) = site.manifest.get() else { return None };
        let route = fumi_content::url::route_of(&base, &location.pathname.get(), &location.search.get());
        Some(head_tags(&manifest.site, &page(), &route))
    };
    if let Some(sink) = use_context::<HeadSink>() {
        if let Ok(mut slot) = sink.0.lock() {
            *slot = tags();
        }
    } else {
        #[cfg(not(feature = "ssr"))]
        Effect::new(move |_| {
            if let Some(tags) = tags() {
                browser::apply(&tags);
            }
        });
    }
}

#[cfg(not(feature = "ssr"))]
mod browser {
    use leptos::prelude::document;
    use wasm_bindgen::JsCast;
    use web_sys::Element;

    use super::{HeadTags, TagElement};

    /// Brings the document's title and the tags a page of fumi put in the head to
    /// `tags`, touching only those that differ: none when a rendered page is taken
    /// over, the canonical link and a few others as a search is typed.
    pub fn apply(tags: &HeadTags) {
        let document = document();
        if document.title() != tags.title {
            document.set_title(&tags.title);
        }
        let Some(head) = document.head() else { return };
        let Ok(old) = head.query_selector_all("[data-fumi-head]") else { return };
        let old: Vec<Element> = (0..old.length()).filter_map(|i| old.item(i)?.dyn_into().ok()).collect();
        for (i, tag) in tags.tags.iter().enumerate() {
            let TagElement { name, attributes, text } = tag.element();
            if let Some(shown) = old.get(i) {
                // Its own attributes and data-fumi-head, no other.
                let same = shown.local_name() == name
                    && shown.get_attribute_names().length() as usize == attributes.len() + 1
                    && attributes
                        .iter()
                        .all(|(attribute, value)| shown.get_attribute(attribute).as_deref() == Some(*value))
                    && text.is_none_or(|text| shown.text_content().as_deref() == Some(text));
                if same {
                    continue;
                }
            }
            let Ok(element) = document.create_element(name) else { continue };
            for (attribute, value) in attributes {
                let _ = element.set_attribute(attribute, value);
            }
            if text.is_some() {
                element.set_text_content(text);
            }
            let _ = element.set_attribute("data-fumi-head", "");
            let _ = match old.get(i) {
                Some(shown) => shown.replace_with_with_node_1(&element),
                None => head.append_child(&element).map(drop),
            };
        }
        for stale in old.iter().skip(tags.tags.len()) {
            stale.remove();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        Site {
            title: "文の森".into(),
            description: "技術の話".into(),
            base_url: "https://example.com/blog/".into(),
            ..Site::default()
        }
    }

    #[test]
    fn a_post_is_an_article_with_its_dates_and_tags() {
        let page = PageHead {
            title: Some("EKS へ".into()),
            description: Some("一月から".into()),
            article: Some(Article {
                published: "2021-01-04".into(),
                modified: Some("2021-02-01".into()),
                tags: vec!["キャリア".into()],
                authors: Vec::new(),
                lang: "ja".into(),
            }),
            tag: None,
            alternates: vec![("ja".into(), "posts/eks".into()), ("en".into(), "posts/eks-en".into())],
            language: None,
            image: None,
            author: None,
        };
        let head = head_tags(&site(), &page, "/posts/eks");
        assert_eq!(head.title, "EKS へ — 文の森");
        let html = head.to_html();
        assert!(html.contains("<link rel=\"canonical\" href=\"https://example.com/blog/posts/eks\" data-fumi-head />"));
        assert!(html.contains("<meta property=\"og:type\" content=\"article\" data-fumi-head />"));
        assert!(html.contains("<meta property=\"article:modified_time\" content=\"2021-02-01\" data-fumi-head />"));
        assert!(html.contains("<meta property=\"article:tag\" content=\"キャリア\" data-fumi-head />"));
        assert!(html.contains("<meta name=\"description\" content=\"一月から\" data-fumi-head />"));
        assert!(html.contains(
            "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.com/blog/posts/eks-en\" data-fumi-head />"
        ));
        assert!(html.contains("hreflang=\"ja\" href=\"https://example.com/blog/posts/eks\""), "itself too: {html}");
    }

    fn two_authors() -> Site {
        // As the publishing tool makes them (crates/publish/src/people.rs).
        let author = |name: &str, id: &str| fumi_content::people::Profile {
            name: name.into(),
            card: String::new(),
            person: format!(
                r#"{{"@type":"Person","name":"{name}","url":"https://example.com/blog/authors/{id}","sameAs":["https://github.com/{id}"],"image":"https://example.com/blog/images/a.svg","description":"書く人"}}"#
            ),
        };
        let mut site = site();
        site.authors.insert("aki".into(), author("田中アキ", "aki"));
        site.authors.insert("mei".into(), author("鈴木メイ", "mei"));
        site.author = "aki".into();
        site
    }

    /// The JSON-LD data block of `html`, parsed.
    fn json_ld(html: &str) -> serde_json::Value {
        let start = html.find("<script type=\"application/ld+json\" data-fumi-head>").expect("a data block")
            + "<script type=\"application/ld+json\" data-fumi-head>".len();
        let end = start + html[start..].find("</script>").unwrap();
        serde_json::from_str(&html[start..end]).unwrap()
    }

    #[test]
    fn a_post_describes_itself_and_its_authors_in_json_ld() {
        let article = |authors: Vec<String>| PageHead {
            title: Some("EKS へ </script> \"移籍\"\n\u{1}".into()),
            article: Some(Article { published: "2021-01-04".into(), authors, lang: "ja".into(), ..Article::default() }),
            ..PageHead::default()
        };
        let html = head_tags(&two_authors(), &article(vec!["mei".into(), "aki".into()]), "/posts/eks").to_html();
        assert!(!html.contains("</script> "), "a title cannot close the data block: {html}");
        let data = json_ld(&html);
        assert_eq!(data["@type"], "BlogPosting");
        assert_eq!(data["headline"], "EKS へ </script> \"移籍\"\n\u{1}", "escaped as JSON, read back whole");
        assert_eq!(data["datePublished"], "2021-01-04");
        assert_eq!(data["dateModified"], "2021-01-04", "never modified: as published");
        assert_eq!(data["author"][0]["name"], "鈴木メイ");
        assert_eq!(data["author"][0]["url"], "https://example.com/blog/authors/mei");
        assert_eq!(data["author"][0]["sameAs"][0], "https://github.com/mei");
        assert_eq!(data["author"][1]["image"], "https://example.com/blog/images/a.svg");
        // A post naming nobody is the site author's.
        let data = json_ld(&head_tags(&two_authors(), &article(Vec::new()), "/posts/eks").to_html());
        assert_eq!(data["author"].as_array().map(Vec::len), Some(1));
        assert_eq!(data["author"][0]["name"], "田中アキ");
    }

    #[test]
    fn an_author_page_is_a_profile_with_its_own_feeds() {
        let page = PageHead { title: Some("田中アキ".into()), author: Some("aki".into()), ..PageHead::default() };
        let html = head_tags(&two_authors(), &page, "/authors/aki").to_html();
        assert!(
            html.contains("href=\"https://example.com/blog/feeds/authors/aki.xml\" type=\"application/atom+xml\""),
            "{html}"
        );
        let data = json_ld(&html);
        assert_eq!(data["@type"], "ProfilePage");
        assert_eq!(data["mainEntity"]["name"], "田中アキ");
        assert_eq!(data["mainEntity"]["description"], "書く人");
        // Other pages carry none.
        assert!(!head_tags(&two_authors(), &PageHead::default(), "/tags").to_html().contains("ld+json"));
    }

    #[test]
    fn a_drawn_preview_is_a_large_card_of_known_size() {
        let page = PageHead {
            title: Some("EKS へ".into()),
            image: Some("previews/eks-0123456789abcdef.png".into()),
            ..PageHead::default()
        };
        let html = head_tags(&site(), &page, "/posts/eks").to_html();
        let url = "https://example.com/blog/previews/eks-0123456789abcdef.png";
        assert!(html.contains(&format!("<meta property=\"og:image\" content=\"{url}\" data-fumi-head />")), "{html}");
        assert!(html.contains(&format!("<meta name=\"twitter:image\" content=\"{url}\" data-fumi-head />")), "{html}");
        assert_eq!(fumi_content::layout::PREVIEW_SIZE, (1200, 630), "the size written below");
        assert!(html.contains("<meta property=\"og:image:width\" content=\"1200\""), "{html}");
        assert!(html.contains("<meta property=\"og:image:height\" content=\"630\""), "{html}");
        assert!(html.contains("<meta property=\"og:image:alt\" content=\"EKS へ\""), "{html}");
        assert!(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\""), "{html}");
    }

    #[test]
    fn a_posts_own_image_has_no_size_and_a_page_without_one_a_small_card() {
        let own = PageHead { image: Some("https://cdn.example.com/c.png".into()), ..PageHead::default() };
        let html = head_tags(&site(), &own, "/posts/a").to_html();
        assert!(html.contains("<meta property=\"og:image\" content=\"https://cdn.example.com/c.png\""), "{html}");
        assert!(!html.contains("og:image:width"), "{html}");
        let html = head_tags(&site(), &PageHead::default(), "/").to_html();
        assert!(!html.contains("og:image") && !html.contains("twitter:image"), "{html}");
        assert!(html.contains("<meta name=\"twitter:card\" content=\"summary\""), "{html}");
    }

    #[test]
    fn the_sites_image_previews_every_page_without_its_own() {
        let site = Site { image: Some("images/card.png".into()), ..site() };
        let html = head_tags(&site, &PageHead::default(), "/tags").to_html();
        let url = "https://example.com/blog/images/card.png";
        assert!(html.contains(&format!("<meta property=\"og:image\" content=\"{url}\" data-fumi-head />")), "{html}");
        assert!(html.contains(&format!("<meta name=\"twitter:image\" content=\"{url}\" data-fumi-head />")), "{html}");
        assert!(!html.contains("og:image:width"), "crawlers measure it: {html}");
        let drawn = PageHead { image: Some("previews/a-0123456789abcdef.png".into()), ..PageHead::default() };
        let html = head_tags(&site, &drawn, "/posts/a").to_html();
        assert!(html.contains("previews/a-0123456789abcdef.png") && !html.contains("card.png"), "{html}");
    }

    #[test]
    fn a_list_is_a_website_described_by_the_site() {
        let head = head_tags(&site(), &PageHead::default(), "/?tag=aws");
        assert_eq!(head.title, "文の森");
        let html = head.to_html();
        assert!(html.contains("content=\"website\""));
        assert!(html.contains("href=\"https://example.com/blog/?tag=aws\""));
        assert!(html.contains("<meta name=\"description\" content=\"技術の話\" data-fumi-head />"));
        assert!(!html.contains("article:"));
    }

    #[test]
    fn a_tag_page_links_its_own_feeds() {
        let page = PageHead { title: Some("k8s".into()), tag: Some("キャリア".into()), ..PageHead::default() };
        let html = head_tags(&site(), &page, "/tags/x").to_html();
        assert!(html.contains(
            "<link rel=\"alternate\" href=\"https://example.com/blog/feeds/tags/%E3%82%AD%E3%83%A3%E3%83%AA%E3%82%A2.xml\" type=\"application/atom+xml\""
        ), "{html}");
    }

    #[test]
    fn a_list_in_one_language_links_that_languages_feeds() {
        let page = PageHead { language: Some("ja".into()), ..PageHead::default() };
        let html = head_tags(&site(), &page, "/?lang=ja").to_html();
        assert!(html.contains(
            "<link rel=\"alternate\" href=\"https://example.com/blog/feeds/lang/ja.xml\" type=\"application/atom+xml\" title=\"文の森 (日本語)\""
        ), "{html}");
    }

    #[test]
    fn markup_in_titles_is_text() {
        let page = PageHead { title: Some("<b>\"x\"</b>".into()), ..PageHead::default() };
        let html = head_tags(&site(), &page, "/").to_html();
        assert!(html.contains("content=\"&lt;b&gt;&quot;x&quot;&lt;/b&gt;\""), "{html}");
    }
}

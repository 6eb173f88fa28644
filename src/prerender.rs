//! The app rendered to HTML, natively: what the publishing tool writes as each
//! route's page. The same components render the page here and take it over in the
//! browser (`takeover`), so the two cannot drift apart.

use std::sync::Arc;

use fumi_content::Manifest;
use leptos::prelude::*;
use leptos_router::location::RequestUrl;

use crate::api::PostBody;
use crate::head::{HeadSink, HeadTags};
use crate::takeover::{FirstBody, FirstPage, Outline, PageRecord, PostRecord};

/// One route's page, rendered.
#[derive(Clone, Debug)]
pub struct RenderedPage {
    /// The markup of `<body>`: the app's own nodes, in the order it hydrates them.
    pub body: String,
    /// The title and head tags the route asks for.
    pub head: HeadTags,
    /// What the page shows, in data, for the app taking it over.
    pub record: PageRecord,
}

/// Renders `route` (below the site's base `base`, `""` or `/blog`; e.g. `/`,
/// `/posts/eks-%E7%A7%BB%E7%B1%8D`, `/tags`) of the site in `manifest`. On a post's
/// route, `post` is that post's slug and body.
pub fn render_page(manifest: Arc<Manifest>, base: &str, route: &str, post: Option<(String, PostBody)>) -> RenderedPage {
    let owner = Owner::new_root(Some(Arc::new(hydration_context::SsrSharedContext::new())));
    let page = owner.with(|| {
        provide_context(RequestUrl::new(&format!("{base}{route}")));
        let head = HeadSink::default();
        provide_context(head.clone());
        let outline = Outline::default();
        provide_context(outline.clone());
        let slug = post.as_ref().map(|(slug, _)| slug.clone());
        let first = FirstPage { body: post.map(|(slug, body)| FirstBody::Source { slug, body: Arc::new(body) }) };
        let site = manifest.site.clone();
        let body = view! { <crate::App manifest first base=base.to_owned()/> }.to_html();
        // Leptos marks places with `<!>`, which parsers read as an empty comment but
        // the HTML standard calls a parse error; `<!---->` is the same node, written
        // validly. (Text and attributes never hold a raw `<`: both are escaped.)
        let body = body.replace("<!>", "<!---->");
        let head = head.take().unwrap_or_else(|| crate::head::head_tags(&site, &Default::default(), route));
        let record = PageRecord {
            route: route.to_owned(),
            manifest: String::new(), // the caller knows the file
            post: slug.map(|slug| PostRecord { slug, headings: outline.take() }),
        };
        RenderedPage { body, head, record }
    });
    drop(owner);
    page
}

#[cfg(test)]
mod tests {
    use fumi_content::{PostSummary, RenderHints, Site};

    use super::*;

    fn manifest() -> Arc<Manifest> {
        let post = |slug: &str, title: &str, tags: &[&str]| PostSummary {
            slug: slug.into(),
            title: title.into(),
            date: "2021-01-04".into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            excerpt: "一月から基盤チームに移ります。".into(),
            lang: "ja".into(),
            ..Default::default()
        };
        Arc::new(Manifest {
            site: Site { title: "文の森".into(), language: "ja".into(), ..Site::default() },
            posts: vec![post("eks-移籍", "EKS へ <移籍>", &["キャリア", "aws"]), post("older", "Older", &["aws"])],
            ..Default::default()
        })
    }

    fn body() -> PostBody {
        PostBody {
            markdown: "## はじめに\n\n本文です。\n\n## 次に\n\n## 最後に\n\nおわり。\n".into(),
            hints: RenderHints::default(),
        }
    }

    #[test]
    fn a_post_page_holds_the_whole_post_and_records_its_outline() {
        let page = render_page(manifest(), "/blog", "/posts/eks-%E7%A7%BB%E7%B1%8D", Some(("eks-移籍".into(), body())));
        assert!(page.body.contains("<h1 class=\"post__title\">EKS へ &lt;移籍&gt;"), "{}", page.body);
        assert!(page.body.contains("<h2 id=\"はじめに\">"), "{}", page.body);
        assert!(page.body.contains("class=\"toc\""), "a table of contents: {}", page.body);
        assert!(page.body.contains("href=\"/blog/posts/older\""), "{}", page.body);
        assert_eq!(page.head.title, "EKS へ <移籍> — 文の森");
        let record = page.record.post.expect("a post record");
        assert_eq!(record.slug, "eks-移籍");
        assert_eq!(record.headings.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["はじめに", "次に", "最後に"]);
    }

    #[test]
    fn a_post_page_has_share_links_and_a_comments_button_that_loads_nothing() {
        use fumi_content::sharing::{template, CommentProvider, Comments, Share};
        let mut manifest = (*manifest()).clone();
        manifest.site.base_url = "https://fumi.example/blog/".into();
        let giscus = Comments {
            provider: Some(CommentProvider::Giscus),
            repo: "fumi-blog/fumi".into(),
            repo_id: "R_1".into(),
            category_id: "DIC_1".into(),
            ..Comments::default()
        };
        manifest.site.sharing_html = template(&Share::default(), &giscus, &crate::ui_text::JA.sharing);
        let route = "/posts/eks-%E7%A7%BB%E7%B1%8D";
        let page = render_page(Arc::new(manifest.clone()), "/blog", route, Some(("eks-移籍".into(), body())));
        let url = "https%3A%2F%2Ffumi.example%2Fblog%2Fposts%2Feks-%25E7%25A7%25BB%25E7%25B1%258D";
        let title = "EKS%20%E3%81%B8%20%3C%E7%A7%BB%E7%B1%8D%3E";
        let html = &page.body;
        assert!(html.contains(&format!("href=\"https://x.com/intent/post?text={title}&amp;url={url}\"")), "{html}");
        assert!(html.contains(">はてなブックマーク<"), "the interface's language: {html}");
        assert!(html.contains("data-post-url=\"https://fumi.example/blog/posts/eks-%E7%A7%BB%E7%B1%8D\""), "{html}");
        assert!(html.contains("data-post-title=\"EKS へ &lt;移籍&gt;\""), "{html}");
        assert!(html.contains(" data-share-mastodon>"), "no instance configured: the reader is asked: {html}");
        assert!(html.contains("data-share-copy>リンクをコピー<"), "{html}");
        assert!(html.contains("data-comments-script=\"https://giscus.app/client.js\""), "{html}");
        assert!(html.contains("data-term=blog%2Fposts%2Feks-%25E7%25A7%25BB%25E7%25B1%258D"), "{html}");
        assert!(!html.contains("<script src=\"https://giscus"), "nothing loads until asked: {html}");
        assert!(html.find("class=\"share\"") > html.find("</article>"), "after the post: {html}");

        manifest.site.sharing_html = String::new();
        let page = render_page(Arc::new(manifest), "/blog", route, Some(("eks-移籍".into(), body())));
        assert!(!page.body.contains("post-sharing"), "{}", page.body);
    }

    #[test]
    fn later_pages_of_a_list_show_their_own_posts() {
        let mut manifest = (*manifest()).clone();
        manifest.site.posts_per_page = 1;
        let page = render_page(Arc::new(manifest), "", "/page/2", None);
        assert!(page.body.contains(">Older<"), "{}", page.body);
        assert!(!page.body.contains("EKS へ"), "not page 1: {}", page.body);
        assert_eq!(page.head.title, "2 ページ目 — 文の森");
    }

    #[test]
    fn every_route_renders() {
        for (route, expect) in [
            ("/", "EKS へ &lt;移籍&gt;"),
            ("/tags", "キャリア"),
            ("/tags/aws", "Older"),
            ("/archive", "Older"),
            ("/search", "search-form"),
            ("/nope", "404"),
        ] {
            let page = render_page(manifest(), "", route, None);
            assert!(page.body.contains(expect), "{route}: {}", page.body);
            assert!(page.body.contains("class=\"site-header\""), "{route}: {}", page.body);
        }
    }

    #[test]
    fn a_blog_of_one_author_introduces_them_on_the_home_page_and_under_posts() {
        let with_authors = |ids: &[&str]| {
            let mut manifest = (*manifest()).clone();
            for id in ids {
                let name = format!("{id} さん");
                let card = fumi_content::people::NAME_SLOT.to_owned();
                let author = fumi_content::people::Profile { name, card, person: "{}".into() };
                manifest.site.authors.insert((*id).to_owned(), author);
            }
            Arc::new(manifest)
        };
        let home = render_page(with_authors(&["aki"]), "", "/", None).body;
        assert!(home.contains("class=\"profile-card\""), "{home}");
        assert!(home.contains("aki さん"), "{home}");
        let post = render_page(with_authors(&["aki"]), "", "/posts/older", Some(("older".into(), body()))).body;
        assert!(post.contains("class=\"byline\""), "the only author writes every post: {post}");
        let under = post.split("class=\"post__authors\"").nth(1).unwrap_or("");
        assert!(under.contains("class=\"profile-card\"") && under.contains("aki さん"), "{post}");
        // Two authors and no default: no one is introduced on the home page, or guessed.
        let home = render_page(with_authors(&["aki", "mei"]), "", "/", None).body;
        assert!(!home.contains("profile-card"), "{home}");
        let post = render_page(with_authors(&["aki", "mei"]), "", "/posts/older", Some(("older".into(), body()))).body;
        assert!(!post.contains("byline") && !post.contains("profile-card"), "{post}");
    }
}

//! `/tags/<tag>`: the posts that carry one tag, a page at a time (`/tags/<tag>/page/2`).

use fumi_content::pagination::Page;
use fumi_content::tags::has_tag;
use fumi_content::url::{list_page_path, tag_path};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::pagination::Pagination;
use crate::components::post_list::PostList;
use crate::components::status::with_manifest;
use crate::head::{use_page_head, PageHead};
use crate::paths;
use crate::routes::home::requested_page;
use crate::routes::not_found::NotFoundPage;
use crate::site::use_ui_text;

#[component]
pub fn TagPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    // The router hands over the decoded segment: `/tags/%E6%A9%9F…` → `機械学習`.
    let tag = move || params.read().get("tag").unwrap_or_default();
    let text = use_ui_text();
    let site = crate::site::use_site();
    use_page_head(move || {
        // The site's spelling of the tag, whatever case or width the URL used.
        let tag = tag();
        let shown = match site.manifest.get() {
            Some(Ok(m)) => canonical_spelling(&m.posts, &tag).unwrap_or(tag),
            _ => tag,
        };
        PageHead { title: Some(format!("{} #{shown}", text().tagged)), tag: Some(shown), ..PageHead::default() }
    });
    with_manifest(move |manifest| {
        let tag = tag();
        let posts: Vec<_> = manifest.posts.iter().filter(|p| has_tag(p, &tag)).collect();
        let page = requested_page(params, query).and_then(|n| Page::of(posts.len(), manifest.site.posts_per_page, n));
        // No post with the tag is a tag that does not exist.
        let Some(page) = page.filter(|_| !posts.is_empty()) else {
            return view! { <NotFoundPage/> }.into_any();
        };
        let shown = canonical_spelling(&manifest.posts, &tag).unwrap_or(tag);
        let list = tag_path(&shown);
        let page_href = move |n: usize| paths::href(&list_page_path(&list, n));
        let t = text();
        view! {
            <section class="page page--tag">
                <h1 class="page-title">{t.tagged} " " <span class="tag tag--title">{shown}</span></h1>
                <p class="page-lead">{(t.post_count)(posts.len())}</p>
                <PostList posts=posts[page.start..page.end].iter().map(|p| (*p).clone()).collect() text=t/>
                <Pagination page href=page_href text=t/>
            </section>
        }
        .into_any()
    })
}

/// How the site spells `tag` (`KUBERNETES` in a URL → `kubernetes`).
fn canonical_spelling(posts: &[fumi_content::PostSummary], tag: &str) -> Option<String> {
    let key = fumi_content::tags::tag_key(tag);
    posts.iter().flat_map(|p| &p.tags).find(|t| fumi_content::tags::tag_key(t) == key).cloned()
}

//! `/tags/<tag>`: the posts that carry one tag.

use fumi_content::tags::has_tag;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::app::use_ui_text;
use crate::components::page_title::use_page_title;
use crate::components::post_list::PostList;
use crate::routes::not_found::NotFoundPage;
use crate::routes::with_manifest;

#[component]
pub fn TagPage() -> impl IntoView {
    let params = use_params_map();
    // The router hands over the decoded segment: `/tags/%E6%A9%9F…` → `機械学習`.
    let tag = move || params.read().get("tag").unwrap_or_default();
    let text = use_ui_text();
    let site = crate::app::use_site();
    use_page_title(move || {
        // The site's spelling of the tag, whatever case or width the URL used.
        let tag = tag();
        let shown = match site.manifest.get() {
            Some(Ok(m)) => canonical_spelling(&m.posts, &tag).unwrap_or(tag),
            _ => tag,
        };
        Some(format!("{} #{shown}", text().tagged))
    });
    with_manifest(move |manifest| {
        let tag = tag();
        let posts: Vec<_> = manifest.posts.iter().filter(|p| has_tag(p, &tag)).cloned().collect();
        if posts.is_empty() {
            return view! { <NotFoundPage/> }.into_any();
        }
        let shown = canonical_spelling(&posts, &tag).unwrap_or(tag);
        let t = text();
        view! {
            <section class="page page--tag">
                <h1 class="page-title">{t.tagged} " " <span class="tag tag--title">{shown}</span></h1>
                <p class="page-lead">{(t.post_count)(posts.len())}</p>
                <PostList posts text=t/>
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

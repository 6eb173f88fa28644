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
    use_page_title(move || Some(format!("{} #{}", text().tagged, tag())));
    with_manifest(move |manifest| {
        let tag = tag();
        let posts: Vec<_> = manifest.posts.iter().filter(|p| has_tag(p, &tag)).cloned().collect();
        if posts.is_empty() {
            return view! { <NotFoundPage/> }.into_any();
        }
        // Show the tag as the site spells it, whatever case the URL used.
        let shown = posts[0]
            .tags
            .iter()
            .find(|t| fumi_content::tags::tag_key(t) == fumi_content::tags::tag_key(&tag))
            .cloned()
            .unwrap_or(tag);
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

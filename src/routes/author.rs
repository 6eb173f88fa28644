//! `/authors/<id>`: an author's profile and every post they wrote or co-wrote, with
//! their own feeds in the head.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::authors::profile_card;
use crate::components::post_list::PostList;
use crate::components::status::with_manifest;
use crate::head::{use_page_head, PageHead};
use crate::routes::not_found::NotFoundPage;
use crate::site::use_ui_text;

#[component]
pub fn AuthorPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let text = use_ui_text();
    let site = crate::site::use_site();
    use_page_head(move || match site.manifest.get() {
        Some(Ok(m)) => match m.site.authors.get(&id()) {
            Some(author) => PageHead {
                title: Some((text().people.posts_by)(&author.name)),
                author: Some(id()),
                ..PageHead::default()
            },
            None => PageHead { title: Some(text().not_found_title.to_owned()), ..PageHead::default() },
        },
        _ => PageHead::default(),
    });
    with_manifest(move |manifest| {
        let id = id();
        let Some(profile) = manifest.site.authors.get(&id) else {
            return view! { <NotFoundPage/> }.into_any();
        };
        let posts: Vec<_> = manifest.posts_by(&id).cloned().collect();
        let t = text();
        view! {
            <section class="page page--author">
                {profile_card(&id, profile, true)}
                <p class="page-lead">{(t.post_count)(posts.len())}</p>
                <PostList posts text=t/>
            </section>
        }
        .into_any()
    })
}

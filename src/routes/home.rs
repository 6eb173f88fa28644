//! `/`: every post, newest first.

use leptos::prelude::*;

use crate::app::use_ui_text;
use crate::components::page_title::use_page_title;
use crate::components::post_list::PostList;
use crate::routes::with_manifest;

#[component]
pub fn HomePage() -> impl IntoView {
    use_page_title(|| None);
    let text = use_ui_text();
    with_manifest(move |manifest| {
        view! {
            <section class="page page--home">
                <h1 class="page-title">{manifest.site.title.clone()}</h1>
                {(!manifest.site.description.is_empty())
                    .then(|| view! { <p class="page-lead">{manifest.site.description.clone()}</p> })}
                <PostList posts=manifest.posts.clone() text=text()/>
            </section>
        }
    })
}

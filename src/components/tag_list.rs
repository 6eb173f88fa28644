//! A post's tags as links to their tag pages.

use leptos::prelude::*;

use crate::paths::tag_href;

#[component]
pub fn TagList(tags: Vec<String>, #[prop(into)] label: String) -> impl IntoView {
    (!tags.is_empty()).then(|| {
        view! {
            <ul class="tag-list" aria-label=label>
                {tags
                    .into_iter()
                    .map(|tag| view! { <li><a class="tag" href=tag_href(&tag)>{tag.clone()}</a></li> })
                    .collect_view()}
            </ul>
        }
    })
}

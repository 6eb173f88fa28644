//! `/tags`: every tag with the number of posts that carry it.

use fumi_content::tags::tag_counts;
use leptos::prelude::*;

use crate::app::use_ui_text;
use crate::components::page_title::use_page_title;
use crate::paths::tag_href;
use crate::routes::with_manifest;

#[component]
pub fn TagsPage() -> impl IntoView {
    let text = use_ui_text();
    use_page_title(move || Some(text().tags.to_owned()));
    with_manifest(move |manifest| {
        let t = text();
        view! {
            <section class="page page--tags">
                <h1 class="page-title">{t.tags}</h1>
                <ul class="tag-index">
                    {tag_counts(&manifest.posts)
                        .into_iter()
                        .map(|tag| view! {
                            <li>
                                <a class="tag" href=tag_href(&tag.name)>{tag.name.clone()}</a>
                                " "
                                <span class="tag-index__count">{(t.post_count)(tag.count)}</span>
                            </li>
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

//! The posts of a series, oldest first, with the one being read marked. Shown above
//! a post's body.

use fumi_content::PostSummary;
use leptos::prelude::*;

use crate::components::post_title::post_title;

use crate::paths::post_href;
use crate::ui_text::UiText;

#[component]
pub fn SeriesBox(
    #[prop(into)] name: String,
    posts: Vec<PostSummary>,
    #[prop(into)] current: String,
    text: &'static UiText,
) -> impl IntoView {
    let title = (text.series_title)(&name);
    let landmark = title.clone();
    view! {
        <nav class="series" aria-label=landmark>
            <p class="series__title">{title}</p>
            <ol class="series__list">
                {posts
                    .into_iter()
                    .map(|post| {
                        let here = (post.slug == current).then_some("page");
                        view! {
                            <li>
                                <a href=post_href(&post.slug) aria-current=here lang=post.lang.clone()>
                                    {post_title(&post)}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

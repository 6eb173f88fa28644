//! Other posts on the same subjects, shown after a post.

use fumi_content::PostSummary;
use leptos::prelude::*;

use crate::components::post_title::post_title;

use crate::components::post_meta::PostDate;
use crate::paths::post_href;
use crate::ui_text::UiText;

/// Nothing at all when there are no related posts.
#[component]
pub fn RelatedPosts(posts: Vec<PostSummary>, text: &'static UiText) -> impl IntoView {
    (!posts.is_empty()).then(|| {
        view! {
            <section class="related" aria-label=text.related_posts>
                <h2 class="related__title">{text.related_posts}</h2>
                <ul class="related__list">
                    {posts
                        .into_iter()
                        .map(|post| {
                            view! {
                                <li class="related__item" lang=post.lang.clone()>
                                    <a class="related__link" href=post_href(&post.slug)>{post_title(&post)}</a>
                                    <PostDate date=post.date.clone() ui_lang=text.lang/>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}

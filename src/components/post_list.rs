//! A list of post cards: title, date, reading time, excerpt, tags.

use fumi_content::PostSummary;
use leptos::prelude::*;

use crate::components::post_title::post_title;

use crate::components::post_meta::PostMeta;
use crate::components::tag_list::TagList;
use crate::paths::post_href;
use crate::ui_text::UiText;

#[component]
pub fn PostList(posts: Vec<PostSummary>, text: &'static UiText) -> impl IntoView {
    if posts.is_empty() {
        return view! { <p class="empty-state">{text.no_posts}</p> }.into_any();
    }
    view! {
        <ol class="post-list">
            {posts.into_iter().map(|post| view! { <PostCard post text/> }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
pub fn PostCard(post: PostSummary, text: &'static UiText) -> impl IntoView {
    view! {
        <li class="post-card" lang=post.lang.clone()>
            <h2 class="post-card__title"><a href=post_href(&post.slug)>{post_title(&post)}</a></h2>
            <PostMeta post=post.clone() text/>
            <p class="post-card__excerpt">{post.excerpt.clone()}</p>
            <TagList tags=post.tags.clone() label=text.tags_label/>
        </li>
    }
}

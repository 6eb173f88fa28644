//! The "latest posts" widget an embedder can put anywhere on a page: the newest
//! posts (optionally of one tag) as cards linking to wherever the full blog lives.

use fumi_content::tags::tag_key;
use leptos::prelude::*;

use crate::components::post_list::PostList;
use crate::components::status::with_manifest;
use crate::paths::{href, tag_href};
use crate::site::use_ui_text;

#[component]
pub fn LatestPosts(count: usize, tag: Option<String>) -> impl IntoView {
    let text = use_ui_text();
    let more = match &tag {
        Some(tag) => tag_href(tag),
        None => href(""),
    };
    with_manifest(move |manifest| {
        let t = text();
        let key = tag.as_deref().map(tag_key);
        let posts: Vec<_> = manifest
            .posts
            .iter()
            .filter(|post| key.as_ref().is_none_or(|key| post.tags.iter().any(|t| &tag_key(t) == key)))
            .take(count)
            .cloned()
            .collect();
        let heading = match &tag {
            Some(tag) => format!("{} · {tag}", t.latest_posts),
            None => t.latest_posts.to_owned(),
        };
        view! {
            <section class="latest-posts">
                <h2 class="latest-posts__title">{heading}</h2>
                <PostList posts text=t/>
                <p class="latest-posts__more"><a href=more.clone()>{t.all_posts} " →"</a></p>
            </section>
        }
    })
}

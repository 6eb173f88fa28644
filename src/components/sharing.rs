//! Under a post: its share links and its comment area, as the publishing tool prepared
//! them from `[share]` and `[comments]` in `fumi.toml` (`Site::sharing_html`, see
//! `fumi_content::sharing`), filled in with the post's address and title. Plain
//! markup: nothing of a comment provider loads until the reader presses "Show
//! comments". The buttons are worked by the start script (`crates/publish/src/start.js`)
//! through listeners on the document, so they work before the app runs and in every
//! post the app shows later. Another post's markup replaces the whole block, and with
//! it whatever the buttons did for the previous one (an open thread, "Link copied").

use fumi_content::{PostSummary, Site};
use leptos::prelude::*;

/// Nothing when the site has neither, or in a page of another site (embedded), where
/// no start script works the buttons.
pub fn post_sharing(site: &Site, post: &PostSummary) -> impl IntoView {
    let shown = !site.sharing_html.is_empty() && crate::mount::use_mount().owns_document();
    shown.then(|| {
        let url = format!("{}/{}", site.base_url.trim_end_matches('/'), fumi_content::url::post_path(&post.slug));
        let html = fumi_content::sharing::fill(&site.sharing_html, &url, &post.title);
        view! { <div class="post-sharing" inner_html=html></div> }
    })
}

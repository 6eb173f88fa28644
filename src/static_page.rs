//! Taking over from the static copy of a post that the publishing tool writes into
//! `posts/<slug>.html` (for crawlers and the first paint).
//!
//! While `#fumi-static` is in the page the app renders hidden behind it (see the
//! stylesheet); the copy is removed as soon as the app shows the same content, or
//! anything else.

use leptos::prelude::*;

const STATIC_ID: &str = "fumi-static";

/// Removes the static copy, revealing the app. Idempotent.
pub fn hand_over() {
    if let Some(copy) = document().get_element_by_id(STATIC_ID) {
        copy.remove();
    }
}

/// Whether the static copy is the post at the current URL, whose body the app still has
/// to fetch: it should stay until the app's own rendering of the body is ready. (A
/// static list page is replaced as soon as the manifest is in, the app's list then
/// being complete.)
pub fn awaits_post_body() -> bool {
    let Some(copy) = document().get_element_by_id(STATIC_ID) else { return false };
    let path = window().location().pathname().unwrap_or_default();
    copy.get_attribute("data-kind").as_deref() == Some("post")
        && copy.get_attribute("data-path").is_some_and(|p| p == path)
}

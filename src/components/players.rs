//! The players of video, slide-deck and live-demo cards. The publishing tool draws a
//! card (thumbnail, title, a link to the original) with a button; nothing reaches the
//! provider until the reader presses it, and then its player takes the card's place.
//!
//! A page's Content-Security-Policy allows exactly the players that page shows, and it
//! arrives with the first page of a visit. A post reached by client-side navigation
//! may need a player the first page did not allow: the post is then loaded afresh,
//! with its own policy, and the start script presses the button again.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, MouseEvent};

/// Where the start script finds the player to load after such a reload.
const PLAY_AFTER_RELOAD: &str = "fumi-play";

/// Click handler for the element holding rendered Markdown: loads a card's player.
pub fn load_player_on_click(ev: &MouseEvent) {
    let Some(figure) = ev
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest(".embed__load").ok().flatten())
        .and_then(|button| button.closest(".embed[data-frame]").ok().flatten())
    else {
        return;
    };
    let Some(frame) = figure.get_attribute("data-frame").filter(|f| f.starts_with("https://")) else { return };
    if !policy_allows(&figure, &frame) {
        if let Ok(Some(storage)) = window().session_storage() {
            let _ = storage.set_item(PLAY_AFTER_RELOAD, &frame);
        }
        let _ = window().location().reload();
        return;
    }
    let title =
        figure.query_selector(".embed__title").ok().flatten().and_then(|t| t.text_content()).unwrap_or_default();
    let Ok(player) = document().create_element("iframe") else { return };
    for (name, value) in [
        ("src", frame.as_str()),
        ("title", title.as_str()),
        ("class", "embed__frame"),
        ("allow", "fullscreen; picture-in-picture; encrypted-media"),
        ("allowfullscreen", ""),
        ("referrerpolicy", "strict-origin-when-cross-origin"),
    ] {
        let _ = player.set_attribute(name, value);
    }
    figure.replace_children_with_node_1(&player);
    if let Some(player) = player.dyn_ref::<web_sys::HtmlElement>() {
        let _ = player.focus();
    }
}

/// Whether the page's policy lets `frame` load. Only the page's own `<meta>` policy is
/// read (headers say the same on fumi's hosts); an instance embedded in another site's
/// page lives under that site's policy, which fumi cannot change, and just tries.
fn policy_allows(figure: &Element, frame: &str) -> bool {
    if figure.get_root_node().dyn_ref::<web_sys::ShadowRoot>().is_some() {
        return true;
    }
    let Some(policy) = document()
        .query_selector("meta[http-equiv='Content-Security-Policy']")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
    else {
        return true;
    };
    let origin: String = frame.split('/').take(3).collect::<Vec<_>>().join("/");
    policy.split(';').any(|directive| {
        let mut words = directive.split_whitespace();
        words.next() == Some("frame-src") && words.any(|source| source == origin)
    })
}

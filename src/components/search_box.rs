//! The search box in the site header, reachable from every page and by pressing `/`.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::paths::href;
use crate::site::use_ui_text;

/// Id of the header search input, for the `/` shortcut and its label.
pub const SEARCH_INPUT_ID: &str = "site-search";

#[component]
pub fn SearchBox() -> impl IntoView {
    let text = use_ui_text();
    let go = crate::location::use_go();
    // Taking over a rendered page keeps what the reader typed before the app arrived.
    let value = RwSignal::new(crate::rendering::typed_before_takeover(SEARCH_INPUT_ID));
    let on_submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let q = value.get_untracked();
        go(&crate::paths::search_href(&q, None), false);
        value.set(String::new());
    };
    focus_on_slash();
    view! {
        <form class="search-box" role="search" action=href("search") on:submit=on_submit>
            <label class="visually-hidden" for=SEARCH_INPUT_ID>{move || text().search}</label>
            <input
                id=SEARCH_INPUT_ID
                class="search-box__input"
                type="search"
                name="q"
                autocomplete="off"
                placeholder=move || text().search_shortcut
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </form>
    }
}

/// `/` focuses the search box, unless the reader is typing somewhere already. Not in
/// a page that embeds fumi: its keys are the host's.
fn focus_on_slash() {
    if !crate::mount::use_mount().owns_document() {
        return;
    }
    let handle = window_event_listener(ev::keydown, |ev| {
        if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.default_prevented() {
            return;
        }
        let typing = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.has_attribute("contenteditable")
        });
        if typing {
            return;
        }
        if let Some(input) = document().get_element_by_id(SEARCH_INPUT_ID) {
            ev.prevent_default();
            let _ = input.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
    on_cleanup(move || handle.remove());
}

//! The search box in the site header, reachable from every page and by pressing `/`
//! (see `keyboard_shortcuts`).

use leptos::ev;
use leptos::prelude::*;

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

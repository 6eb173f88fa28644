//! The light/dark switch in the site header. `public/theme.js` applies the stored
//! choice before the first paint; this button changes and stores it. Without a stored
//! choice the stylesheet follows the system setting.

use leptos::prelude::*;

use crate::app::use_ui_text;

/// Where the choice is kept; `public/theme.js` reads the same key.
const STORAGE_KEY: &str = "fumi-theme";

#[component]
pub fn ThemeToggle() -> impl IntoView {
    let text = use_ui_text();
    let dark = RwSignal::new(shows_dark_theme());
    let toggle = move |_| {
        let now_dark = !dark.get_untracked();
        choose_theme(if now_dark { "dark" } else { "light" });
        dark.set(now_dark);
    };
    view! {
        <button
            type="button"
            class="theme-toggle"
            aria-label=move || text().dark_theme
            aria-pressed=move || if dark.get() { "true" } else { "false" }
            on:click=toggle
        >
            <span class="theme-toggle__icon" aria-hidden="true">{move || if dark.get() { "☀" } else { "☾" }}</span>
        </button>
    }
}

/// The theme on screen: the reader's choice, else the system's.
fn shows_dark_theme() -> bool {
    match document().document_element().and_then(|root| root.get_attribute("data-theme")).as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => window().match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|q| q.matches()),
    }
}

fn choose_theme(theme: &str) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-theme", theme);
    }
    // Storage may be unavailable (privacy settings): the choice then lasts the page.
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(STORAGE_KEY, theme);
    }
}

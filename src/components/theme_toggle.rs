//! The light/dark switch in the site header. `public/theme.js` applies the stored
//! choice before the first paint; this button changes and stores it. Without a stored
//! choice the stylesheet follows the system setting.

use leptos::prelude::*;

use web_sys::Element;

use crate::mount::{frame_root, use_mount, Mount};
use crate::rendering::rendering_page;
use crate::site::use_ui_text;

/// Where the choice is kept; `public/theme.js` reads the same key.
const STORAGE_KEY: &str = "fumi-theme";

#[component]
pub fn ThemeToggle() -> impl IntoView {
    let text = use_ui_text();
    let mount = use_mount();
    // A rendered page cannot know the reader's theme: it shows the light state, and the
    // app corrects it once it runs.
    let dark = RwSignal::new(!rendering_page() && shows_dark_theme(&mount));
    Effect::new({
        let mount = mount.clone();
        move |_| {
            let now = shows_dark_theme(&mount);
            if dark.get_untracked() != now {
                dark.set(now);
            }
        }
    });
    let toggle = move |_| {
        let now_dark = !dark.get_untracked();
        choose_theme(&mount, if now_dark { "dark" } else { "light" });
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

/// The element whose `data-theme` picks the theme: `<html>` on fumi's own site, the
/// instance's root element in a page that embeds it.
fn themed_element(mount: &Mount) -> Option<Element> {
    match frame_root(mount) {
        Some(root) => Some(root.into()),
        None => document().document_element(),
    }
}

/// The theme on screen: the reader's choice, else the system's.
fn shows_dark_theme(mount: &Mount) -> bool {
    match themed_element(mount).and_then(|el| el.get_attribute("data-theme")).as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => window().match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|q| q.matches()),
    }
}

fn choose_theme(mount: &Mount, theme: &str) {
    if let Some(el) = themed_element(mount) {
        let _ = el.set_attribute("data-theme", theme);
    }
    // Storage may be unavailable (privacy settings): the choice then lasts the page.
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(STORAGE_KEY, theme);
    }
}

/// The reader's stored choice, `light` or `dark`, if any.
pub fn stored_theme() -> Option<String> {
    let storage = window().local_storage().ok().flatten()?;
    storage.get_item(STORAGE_KEY).ok().flatten().filter(|t| t == "light" || t == "dark")
}

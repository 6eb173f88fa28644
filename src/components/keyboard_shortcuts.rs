//! Reading from the keyboard: `/` searches, `j` and `k` step to the older and newer
//! post, `h` goes back to the list of posts, and `?` lists these keys in a dialog.
//! None of them fires while the reader is typing, or with a modifier held, and none
//! exists in a page that embeds fumi: there the keys are the host's.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::search_box::SEARCH_INPUT_ID;
use crate::site::use_ui_text;
use fumi_content::markdown::escape_html;

/// Id of the dialog listing the keys.
const DIALOG_ID: &str = "keyboard-shortcuts";

/// The dialog that `?` opens, and the listener for every key. Rendered in the page's
/// frame, so a rendered page carries the same (closed) dialog as the app.
#[component]
pub fn KeyboardShortcuts() -> impl IntoView {
    if !crate::mount::use_mount().owns_document() {
        return None;
    }
    listen();
    // Fixed text (the site's language does not change under the page), written as
    // one string: the smallest code for a list that never changes.
    let t = use_ui_text()();
    let rows: String =
        [("/", t.keys.search), ("j", t.keys.older), ("k", t.keys.newer), ("h", t.keys.list), ("?", t.keys.help)]
            .iter()
            .map(|(key, what)| {
                format!("<div class=\"shortcuts__row\"><dt><kbd>{key}</kbd></dt><dd>{}</dd></div>", escape_html(what))
            })
            .collect();
    Some(view! {
        <dialog id=DIALOG_ID class="shortcuts" aria-labelledby="keyboard-shortcuts-title">
            <h2 id="keyboard-shortcuts-title" class="shortcuts__title">{t.keys.title}</h2>
            <dl class="shortcuts__list" inner_html=rows></dl>
            // Closes the dialog without script (a dialog form never leaves the page).
            <form method="dialog">
                <button type="submit" class="shortcuts__close">{t.keys.close}</button>
            </form>
        </dialog>
    })
}

/// Whether the reader is typing: keys then belong to the field.
fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.has_attribute("contenteditable")
    })
}

fn listen() {
    let go = crate::location::use_go();
    let handle = window_event_listener(ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.default_prevented() || typing(&ev) {
            return;
        }
        let document = document();
        let dialog =
            document.get_element_by_id(DIALOG_ID).and_then(|d| d.dyn_into::<web_sys::HtmlDialogElement>().ok());
        if dialog.as_ref().is_some_and(|d| d.open()) {
            return; // the dialog has the keys (Esc closes it)
        }
        let click = |selector: &str| {
            let link = document.query_selector(selector).ok().flatten();
            link.map(|l| l.unchecked_into::<web_sys::HtmlElement>().click()).is_some()
        };
        let handled = match ev.key().as_str() {
            "/" => document
                .get_element_by_id(SEARCH_INPUT_ID)
                .map(|input| {
                    let _ = input.unchecked_into::<web_sys::HtmlElement>().focus();
                })
                .is_some(),
            // The post page's own links: the router follows them as any click.
            "j" => click("main .post-nav__link--older"),
            "k" => click("main .post-nav__link--newer"),
            "h" => {
                go(&crate::paths::href(""), false);
                true
            }
            "?" => dialog.map(|d| d.show_modal().is_ok()).unwrap_or(false),
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}

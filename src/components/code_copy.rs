//! The copy buttons the Markdown renderer puts on code blocks. One click listener on
//! the post body serves them all: it copies the block's code and says so on the
//! button for a moment, in the language of the post.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, MouseEvent};

use crate::ui_text;

/// How long the button says "Copied".
const FEEDBACK_TIME: Duration = Duration::from_secs(2);

/// Click handler for the element holding rendered Markdown.
pub fn copy_code_on_click(ev: MouseEvent) {
    let Some(button) = ev
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest(".code-block .copy-button").ok().flatten())
    else {
        return;
    };
    let code = button
        .closest(".code-block")
        .ok()
        .flatten()
        .and_then(|block| block.query_selector("pre code").ok().flatten())
        .and_then(|code| code.text_content())
        .unwrap_or_default();
    let lang = button.closest("[lang]").ok().flatten().and_then(|el| el.get_attribute("lang")).unwrap_or_default();
    let text = ui_text::for_language(&lang);
    // `navigator.clipboard` is missing outside secure contexts (plain http).
    let clipboard = window().navigator().clipboard();
    if clipboard.is_undefined() {
        show_feedback(button, text.copy_failed);
        return;
    }
    when_settled(&clipboard.write_text(&code), move |copied| {
        show_feedback(button, if copied { text.copied } else { text.copy_failed })
    });
}

/// Shows `message` on the button, then its own label again.
fn show_feedback(button: Element, message: &'static str) {
    // The renderer's label, kept aside on the first click.
    let label = match button.get_attribute("data-label") {
        Some(label) => label,
        None => {
            let label = button.text_content().unwrap_or_default();
            let _ = button.set_attribute("data-label", &label);
            label
        }
    };
    button.set_text_content(Some(message));
    let _ = button.class_list().add_1("copy-button--done");
    set_timeout(
        move || {
            button.set_text_content(Some(&label));
            let _ = button.class_list().remove_1("copy-button--done");
        },
        FEEDBACK_TIME,
    );
}

/// Calls `done(true)` once `promise` fulfils, `done(false)` if it rejects.
fn when_settled(promise: &js_sys::Promise, done: impl FnOnce(bool) + 'static) {
    type Handlers = [Closure<dyn FnMut(JsValue)>; 2];
    // Both handlers sit in one slot that the first to run empties once it has
    // returned, so neither leaks.
    let slot: Rc<RefCell<Option<Handlers>>> = Rc::default();
    let done = Rc::new(Cell::new(Some(done)));
    let handler = |fulfilled: bool| {
        let (slot, done) = (slot.clone(), done.clone());
        Closure::new(move |_: JsValue| {
            if let Some(done) = done.take() {
                done(fulfilled);
            }
            let slot = slot.clone();
            set_timeout(move || drop(slot.take()), Duration::ZERO);
        })
    };
    let handlers = [handler(true), handler(false)];
    let _ = promise.then2(&handlers[0], &handlers[1]);
    slot.replace(Some(handlers));
}

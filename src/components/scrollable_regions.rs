//! Keyboard access to code blocks and tables that scroll sideways. A `<pre>` wider
//! than the column (or a wide table on a phone) scrolls inside itself; with nothing
//! focusable in it, a keyboard user could not scroll it. Such a box gets
//! `tabindex="0"` (arrow keys then scroll it, and the focus ring shows where), and
//! loses it again once the window is wide enough: boxes that fit add no Tab stops.

use std::cell::Cell;
use std::rc::Rc;

use leptos::ev;
use leptos::prelude::*;
use web_sys::Element;

use crate::mount::{frame_root, use_mount, Mount};

/// The boxes that may scroll: code blocks and tables of the post body.
const BOXES: [&str; 2] = ["PRE", "TABLE"];

/// Marks a `tabindex` set here, so a resize removes only those.
const MARK: &str = "data-scrolls";

/// Mount beside the rendered body; renders nothing.
#[component]
pub fn ScrollableRegions() -> impl IntoView {
    if cfg!(feature = "ssr") {
        return;
    }
    let mount = use_mount();
    let scheduled = Rc::new(Cell::new(false));
    let schedule = move || {
        if scheduled.replace(true) {
            return;
        }
        let (mount, scheduled) = (mount.clone(), scheduled.clone());
        request_animation_frame(move || {
            scheduled.set(false);
            mark_scrolling_boxes(&mount);
        });
    };
    schedule(); // the body is in the DOM by the next frame
    let on_resize = window_event_listener(ev::resize, move |_| schedule());
    on_cleanup(move || on_resize.remove());
}

fn mark_scrolling_boxes(mount: &Mount) {
    let body = match frame_root(mount) {
        Some(root) => root.query_selector(".post__body"),
        None => document().query_selector(".post__body"),
    };
    if let Ok(Some(body)) = body {
        visit_boxes(&body);
    }
}

/// Marks or unmarks every code block and table below `parent` (a walk over elements:
/// no NodeList binding needed).
fn visit_boxes(parent: &Element) {
    let mut child = parent.first_element_child();
    while let Some(el) = child {
        if BOXES.contains(&el.tag_name().as_str()) {
            mark(&el);
        } else {
            visit_boxes(&el);
        }
        child = el.next_element_sibling();
    }
}

fn mark(el: &Element) {
    let scrolls = el.scroll_width() > el.client_width() + 1;
    if scrolls && !el.has_attribute("tabindex") {
        let _ = el.set_attribute("tabindex", "0");
        let _ = el.set_attribute(MARK, "");
    } else if !scrolls && el.has_attribute(MARK) {
        let _ = el.remove_attribute("tabindex");
        let _ = el.remove_attribute(MARK);
    }
}

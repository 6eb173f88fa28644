//! Work that follows the reader's scrolling (the active table-of-contents entry, the
//! reading progress), done at most once per animation frame.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;

/// Calls `on_frame` in the next animation frame, then at most once per frame while
/// the window scrolls or resizes, until the calling component is cleaned up.
pub fn on_scroll_frame(on_frame: impl Fn() + 'static) {
    if cfg!(feature = "ssr") {
        return; // no window to watch
    }
    let on_frame = Rc::new(on_frame);
    let scheduled = Rc::new(Cell::new(false));
    // A frame requested just before cleanup must not touch the disposed component.
    let alive = Arc::new(AtomicBool::new(true));
    let schedule = {
        let alive = alive.clone();
        Rc::new(move || {
            if scheduled.replace(true) {
                return;
            }
            let (scheduled, on_frame, alive) = (scheduled.clone(), on_frame.clone(), alive.clone());
            request_animation_frame(move || {
                scheduled.set(false);
                if alive.load(Ordering::Relaxed) {
                    on_frame();
                }
            });
        })
    };
    schedule();
    let on_scroll = window_event_listener(ev::scroll, {
        let schedule = schedule.clone();
        move |_| schedule()
    });
    let on_resize = window_event_listener(ev::resize, move |_| schedule());
    on_cleanup(move || {
        alive.store(false, Ordering::Relaxed);
        on_scroll.remove();
        on_resize.remove();
    });
}

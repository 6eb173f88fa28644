//! The document title follows the route: "Post title — Site title".

use leptos::prelude::*;

use crate::app::use_site;

/// Keeps `document.title` in step with `page` (None: just the site title).
pub fn use_page_title(page: impl Fn() -> Option<String> + 'static) {
    let site = use_site();
    Effect::new(move |_| {
        let site_title = match site.manifest.get() {
            Some(Ok(m)) => m.site.title.clone(),
            _ => String::new(),
        };
        let title = match page() {
            Some(page) if !site_title.is_empty() => format!("{page} — {site_title}"),
            Some(page) => page,
            None => site_title,
        };
        if !title.is_empty() {
            document().set_title(&title);
        }
    });
}

//! Anything that is not a page of the site, including posts that do not exist.

use leptos::prelude::*;

use crate::head::use_page_title;
use crate::paths;
use crate::site::use_ui_text;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let text = use_ui_text();
    use_page_title(move || Some(text().not_found_title.to_owned()));
    view! {
        <section class="page not-found">
            <p class="not-found__code" aria-hidden="true">"404"</p>
            <h1 class="page-title">{move || text().not_found_title}</h1>
            <p>{move || text().not_found_body}</p>
            <p><a class="button" href=paths::href("")>{move || text().back_home}</a></p>
        </section>
    }
}

//! Posts the publishing tool could not publish, shown at the top of every page while
//! the dev server runs (a release build refuses to build instead).

use leptos::prelude::*;

use crate::site::{use_site, use_ui_text};

#[component]
pub fn ProblemsBanner() -> impl IntoView {
    let site = use_site();
    let text = use_ui_text();
    move || {
        let problems = match site.manifest.get() {
            Some(Ok(m)) if !m.problems.is_empty() => m.problems.clone(),
            _ => return None,
        };
        Some(view! {
            <section class="problems" role="alert">
                <p class="problems__title">{text().problems_title}</p>
                <ul>
                    {problems.into_iter().map(|p| view! { <li><code>{p.to_string()}</code></li> }).collect_view()}
                </ul>
            </section>
        })
    }
}

//! What a page shows while its data is on the way, or when it could not come.

use leptos::prelude::*;

/// Placeholder shaped like the content it stands for, so nothing jumps when the
/// content arrives. `lines` sets its height.
#[component]
pub fn Loading(#[prop(into)] label: String, #[prop(default = 3)] lines: usize) -> impl IntoView {
    view! {
        <div class="loading" aria-busy="true" role="status">
            <span class="visually-hidden">{label}</span>
            {(0..lines).map(|i| view! { <div class="skeleton" class:skeleton--short=i % 3 == 2></div> }).collect_view()}
        </div>
    }
}

/// A failed load: says what happened and offers to try again.
#[component]
pub fn ErrorView(
    #[prop(into)] title: String,
    #[prop(into)] message: String,
    #[prop(into)] retry_label: String,
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="error-view" role="alert">
            <p class="error-view__title">{title}</p>
            <p class="error-view__message">{message}</p>
            <button type="button" class="button retry" on:click=move |_| on_retry.run(())>{retry_label}</button>
        </div>
    }
}

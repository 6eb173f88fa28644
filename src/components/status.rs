//! What a page shows while its data is on the way, or when it could not come.

use std::sync::Arc;

use fumi_content::Manifest;
use leptos::prelude::*;

use crate::site::{use_site, use_ui_text};

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

/// Renders `page` once the manifest is loaded; until then a placeholder, and if it
/// fails, the error with a retry button.
pub fn with_manifest<V: IntoView + 'static>(
    page: impl Fn(Arc<Manifest>) -> V + Send + Sync + 'static,
) -> impl IntoView {
    manifest_or_status(Arc::new(move |manifest| page(manifest).into_any()))
}

/// [`with_manifest`] behind a type-erased page: one compiled copy of the reactive view
/// (and of the placeholder and the error) for every route, not one per route.
fn manifest_or_status(page: Arc<dyn Fn(Arc<Manifest>) -> AnyView + Send + Sync>) -> impl IntoView {
    let site = use_site();
    let text = use_ui_text();
    move || match site.manifest.get() {
        None => view! { <Loading label=text().loading lines=6/> }.into_any(),
        Some(Err(error)) => view! {
            <ErrorView
                title=text().load_failed
                message=error.to_string()
                retry_label=text().retry
                on_retry=Callback::new(move |_| site.manifest.refetch())
            />
        }
        .into_any(),
        Some(Ok(manifest)) => page(manifest),
    }
}

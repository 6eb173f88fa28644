//! One module per URL of the URL contract.

pub mod archive;
pub mod home;
pub mod not_found;
pub mod post;
pub mod search;
pub mod tag;
pub mod tags;

use std::sync::Arc;

use fumi_content::Manifest;
use leptos::prelude::*;

use crate::components::status::{ErrorView, Loading};
use crate::site::{use_site, use_ui_text};

/// Renders `page` once the manifest is loaded; until then a placeholder, and if it
/// fails, the error with a retry button.
pub fn with_manifest<V: IntoView + 'static>(
    page: impl Fn(Arc<Manifest>) -> V + Send + Sync + 'static,
) -> impl IntoView {
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
        Some(Ok(manifest)) => page(manifest).into_any(),
    }
}

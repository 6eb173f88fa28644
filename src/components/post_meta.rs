//! The line under a post title: date, reading time, draft mark.

use fumi_content::date::{format_date, Date};
use fumi_content::PostSummary;
use leptos::prelude::*;

use crate::ui_text::UiText;

/// `<time>` with a machine-readable date and a reader-friendly label.
#[component]
pub fn PostDate(#[prop(into)] date: String, ui_lang: &'static str) -> impl IntoView {
    let label = Date::parse(&date).map(|d| format_date(d, ui_lang)).unwrap_or_else(|_| date.clone());
    view! { <time datetime=date>{label}</time> }
}

/// Date · reading time (· draft).
#[component]
pub fn PostMeta(post: PostSummary, text: &'static UiText) -> impl IntoView {
    view! {
        <p class="post-meta">
            <PostDate date=post.date.clone() ui_lang=text.lang/>
            <span class="post-meta__sep" aria-hidden="true">"·"</span>
            <span class="reading-time">{(text.reading_minutes)(post.reading_minutes)}</span>
            {post.draft.then(|| view! { <span class="badge badge--draft">{text.draft}</span> })}
        </p>
    }
}

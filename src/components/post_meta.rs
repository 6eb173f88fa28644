//! The line under a post title: date, last update, reading time, draft and
//! scheduled marks.

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

/// Date (· updated date) · reading time (· draft) (· scheduled).
#[component]
pub fn PostMeta(post: PostSummary, text: &'static UiText) -> impl IntoView {
    let updated = post.updated.clone().map(|date| {
        view! {
            <span class="post-meta__sep" aria-hidden="true">"·"</span>
            <span class="post-meta__updated">{text.updated}" "<PostDate date ui_lang=text.lang/></span>
        }
    });
    view! {
        <p class="post-meta">
            <PostDate date=post.date.clone() ui_lang=text.lang/>
            {updated}
            <span class="post-meta__sep" aria-hidden="true">"·"</span>
            <span class="reading-time">{(text.reading_minutes)(post.reading_minutes)}</span>
            {post.draft.then(|| view! { <span class="badge badge--draft">{text.draft}</span> })}
            {post.scheduled.then(|| view! { <span class="badge badge--scheduled">{text.scheduled}</span> })}
        </p>
    }
}

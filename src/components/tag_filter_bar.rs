//! The filter bar of the post list: every tag as a toggle button, and a switch
//! between "all of them" and "any of them". Each click is a navigation to the new
//! filter's URL, so Back and Forward step through the reader's choices.

use fumi_content::tag_filter::{Match, TagFilter, TagOption};
use leptos::prelude::*;

use crate::ui_text::UiText;

/// `href(filter)` is the URL of the list filtered by `filter` (from its first page).
#[component]
pub fn TagFilterBar(
    filter: TagFilter,
    options: Vec<TagOption>,
    href: impl Fn(&TagFilter) -> String + Send + Sync + 'static,
    text: &'static UiText,
) -> impl IntoView {
    let go = crate::location::use_go();
    let go = move |url: String| go(&url, false);

    let toggles = options
        .into_iter()
        .map(|option| {
            let url = href(&filter.toggled(&option.name));
            let go = go.clone();
            let count = if option.gain { format!("+{}", option.count) } else { option.count.to_string() };
            let id = toggle_id(&option.name);
            view! {
                <li>
                    <button
                        type="button"
                        id=id
                        class="tag-toggle"
                        class:tag-toggle--empty=option.count == 0 && !option.selected
                        aria-pressed=option.selected.to_string()
                        on:click=move |_| go(url.clone())
                    >
                        <span class="tag-toggle__name">{option.name}</span>
                        <span class="tag-toggle__count">{count}</span>
                    </button>
                </li>
            }
        })
        .collect_view();

    let mode_button = |mode: Match, label: &'static str| {
        let url = href(&filter.with_mode(mode));
        let go = go.clone();
        view! {
            <button
                type="button"
                id=format!("tag-filter-match-{}", mode.as_str())
                class="match-switch__option"
                data-match=mode.as_str()
                aria-pressed=(filter.mode() == mode).to_string()
                on:click=move |_| go(url.clone())
            >
                {label}
            </button>
        }
    };

    view! {
        <section class="tag-filter" aria-label=text.lists.filter_label>
            <div class="tag-filter__controls">
                <div class="match-switch" role="group" aria-label=text.lists.match_label>
                    <span class="match-switch__label" aria-hidden="true">{text.lists.match_label}</span>
                    {mode_button(Match::All, text.lists.match_all)}
                    {mode_button(Match::Any, text.lists.match_any)}
                </div>
                {(!filter.is_empty()).then(|| {
                    view! { <a class="tag-filter__clear" href=href(&TagFilter::default())>{text.lists.clear_filter}</a> }
                })}
            </div>
            <ul class="tag-filter__tags">{toggles}</ul>
        </section>
    }
}

/// A toggle's `id`, the same for a tag across re-renders, so keyboard focus stays on
/// the toggle just pressed (see `route_announcer`). Percent-encoded: ids have no spaces.
fn toggle_id(tag: &str) -> String {
    format!("tag-filter-{}", fumi_content::url::encode_segment(&fumi_content::tags::tag_key(tag)))
}

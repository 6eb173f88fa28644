//! `/tags`: every tag with the number of posts that carry it, most used first or by
//! name (`?sort=name`), as a list or as a cloud (`?view=cloud`).

use fumi_content::query::query_string;
use fumi_content::tag_index::{cloud_weight, sorted_tags, TagSort, TagView};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::status::with_manifest;
use crate::head::use_page_title;
use crate::paths::{self, tag_href};
use crate::site::use_ui_text;

/// The URL of the tag index in this order and layout (defaults left out).
fn tags_href(sort: TagSort, view: TagView) -> String {
    let pairs = [("sort", sort.query_value()), ("view", view.query_value())];
    format!("{}{}", paths::href("tags"), query_string(pairs.into_iter().filter_map(|(k, v)| Some((k, v?)))))
}

#[component]
pub fn TagsPage() -> impl IntoView {
    let text = use_ui_text();
    let query = use_query_map();
    use_page_title(move || Some(text().tags.to_owned()));
    with_manifest(move |manifest| {
        let t = text();
        let sort = TagSort::parse(query.read().get_str("sort"));
        let layout = TagView::parse(query.read().get_str("view"));
        let tags = sorted_tags(&manifest.posts, sort);
        // A link per choice, the current one marked, so each switch is a URL of its own.
        // The id keeps keyboard focus on the choice across the re-render it causes.
        let choice = |id: &'static str, label: &'static str, href: String, current: bool| {
            view! { <a class="switch__option" id=id href=href aria-current=current.then_some("true")>{label}</a> }
        };
        let index = match layout {
            TagView::List => view! {
                <ul class="tag-index">
                    {tags
                        .into_iter()
                        .map(|tag| view! {
                            <li>
                                <a class="tag" href=tag_href(&tag.name)>{tag.name.clone()}</a>
                                " "
                                <span class="tag-index__count">{(t.post_count)(tag.count)}</span>
                            </li>
                        })
                        .collect_view()}
                </ul>
            }
            .into_any(),
            TagView::Cloud => {
                let min = tags.iter().map(|tag| tag.count).min().unwrap_or(0);
                let max = tags.iter().map(|tag| tag.count).max().unwrap_or(0);
                view! {
                    <ul class="tag-cloud">
                        {tags
                            .into_iter()
                            .map(|tag| {
                                // Through the CSSOM (`style:`), which a strict CSP allows; a
                                // `style` attribute it would refuse.
                                // In hundredths of an em: `{:.2}` of a float would link
                                // float formatting (~10 KiB of wasm) for this one line.
                                let size = (85.0 + 140.0 * cloud_weight(tag.count, min, max)).round() as u32;
                                let size = format!("{}.{:02}em", size / 100, size % 100);
                                view! {
                                    <li>
                                        <a class="tag tag-cloud__tag" href=tag_href(&tag.name) style:font-size=size title=(t.post_count)(tag.count)>
                                            {tag.name.clone()}
                                            <span class="tag-cloud__count">{tag.count}</span>
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }
        };
        view! {
            <section class="page page--tags">
                <h1 class="page-title">{t.tags}</h1>
                <div class="list-controls">
                    <p class="switch" role="group" aria-label=t.lists.sort_label data-switch="sort">
                        <span class="switch__label" aria-hidden="true">{t.lists.sort_label}</span>
                        {choice("tags-sort-count", t.lists.sort_by_count, tags_href(TagSort::Count, layout), sort == TagSort::Count)}
                        {choice("tags-sort-name", t.lists.sort_by_name, tags_href(TagSort::Name, layout), sort == TagSort::Name)}
                    </p>
                    <p class="switch" role="group" aria-label=t.lists.view_label data-switch="view">
                        <span class="switch__label" aria-hidden="true">{t.lists.view_label}</span>
                        {choice("tags-view-list", t.lists.view_list, tags_href(sort, TagView::List), layout == TagView::List)}
                        {choice("tags-view-cloud", t.lists.view_cloud, tags_href(sort, TagView::Cloud), layout == TagView::Cloud)}
                    </p>
                </div>
                {index}
            </section>
        }
    })
}

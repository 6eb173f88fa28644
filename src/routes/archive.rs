//! `/archive`: every post by year and month, newest first, with the number of posts
//! in each.

use fumi_content::archive::{archive, month_datetime, month_label};
use leptos::prelude::*;

use crate::components::post_title::post_title;

use crate::components::post_meta::PostDate;
use crate::components::status::with_manifest;
use crate::head::use_page_title;
use crate::paths::post_href;
use crate::site::use_ui_text;

#[component]
pub fn ArchivePage() -> impl IntoView {
    let text = use_ui_text();
    use_page_title(move || Some(text().lists.archive.to_owned()));
    with_manifest(move |manifest| {
        let t = text();
        let years = archive(&manifest.posts)
            .into_iter()
            .map(|year| {
                let id = format!("archive-{}", year.year);
                let heading_id = id.clone();
                let months = year
                    .months
                    .into_iter()
                    .map(|month| {
                        let posts = month
                            .posts
                            .iter()
                            .map(|post| {
                                view! {
                                    <li class="archive-post" lang=post.lang.clone()>
                                        <PostDate date=post.date.clone() ui_lang=t.lang/>
                                        " "
                                        <a href=post_href(&post.slug)>{post_title(post)}</a>
                                    </li>
                                }
                            })
                            .collect_view();
                        view! {
                            <section class="archive-month">
                                <h3 class="archive-month__title">
                                    <time datetime=month_datetime(month.year, month.month)>
                                        {month_label(month.year, month.month, t.lang)}
                                    </time>
                                    " "
                                    <span class="archive__count">{(t.post_count)(month.posts.len())}</span>
                                </h3>
                                <ul class="archive-posts">{posts}</ul>
                            </section>
                        }
                    })
                    .collect_view();
                view! {
                    <section class="archive-year" aria-labelledby=heading_id>
                        <h2 class="archive-year__title" id=id>
                            {year.year}
                            " "
                            <span class="archive__count">{(t.post_count)(year.count)}</span>
                        </h2>
                        {months}
                    </section>
                }
            })
            .collect_view();
        view! {
            <section class="page page--archive">
                <h1 class="page-title">{t.lists.archive}</h1>
                <p class="page-lead">{(t.post_count)(manifest.posts.len())}</p>
                {years}
            </section>
        }
    })
}

//! Links between the pages of a list: newer (`rel="prev"`), the page numbers with the
//! current one marked `aria-current="page"`, and older (`rel="next"`). Every link is a
//! real URL, so pages can be bookmarked, shared and opened in a new tab.

use fumi_content::pagination::Page;
use leptos::prelude::*;

use crate::ui_text::UiText;

/// Nothing when the list fits on one page. `href(n)` is the URL of page `n`.
#[component]
pub fn Pagination(page: Page, href: impl Fn(usize) -> String + 'static, text: &'static UiText) -> impl IntoView {
    (page.count > 1).then(|| {
        let numbers = page
            .links()
            .into_iter()
            .map(|link| match link {
                Some(n) if n == page.number => view! {
                    <li><a class="pagination__page" href=href(n) aria-current="page" aria-label=(text.lists.page_number)(n)>{n}</a></li>
                }
                .into_any(),
                Some(n) => view! {
                    <li><a class="pagination__page" href=href(n) aria-label=(text.lists.page_number)(n)>{n}</a></li>
                }
                .into_any(),
                None => view! { <li class="pagination__gap" aria-hidden="true">"…"</li> }.into_any(),
            })
            .collect_view();
        view! {
            <nav class="pagination" aria-label=text.lists.pages>
                {page.previous().map(|n| view! { <a class="pagination__step" rel="prev" href=href(n)>{text.newer}</a> })}
                <ol class="pagination__pages">{numbers}</ol>
                {page.next().map(|n| view! { <a class="pagination__step" rel="next" href=href(n)>{text.older}</a> })}
            </nav>
        }
    })
}

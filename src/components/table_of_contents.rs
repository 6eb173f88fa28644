//! A post's table of contents: its h2 and h3 headings as in-page links, with the
//! section being read marked `aria-current`. A sticky sidebar on wide screens, a
//! collapsed `<details>` above the body on phones (the layout is in the stylesheet).

use fumi_content::Heading;
use leptos::prelude::*;

use crate::components::scroll_watch::on_scroll_frame;
use crate::mount::{element_by_id, use_mount, Mount};
use crate::rendering::rendering_page;

/// Wide enough for the two-column post layout; keep in step with the stylesheet.
const WIDE_LAYOUT: &str = "(min-width: 64rem)";

/// A section is being read once its heading is this close to the top of the window
/// (in CSS pixels): a jump from the table puts the heading within it.
const READING_LINE: f64 = 96.0;

#[component]
pub fn TableOfContents(entries: Vec<Heading>, #[prop(into)] title: String) -> impl IntoView {
    let ids: Vec<String> = entries.iter().map(|h| h.id.clone()).collect();
    let active = RwSignal::new(None::<String>);
    // A rendered page does not know the window: the table starts folded there, and
    // opens once the app has seen a wide window.
    let wide = RwSignal::new(!rendering_page() && is_wide());
    let mount = use_mount();
    on_scroll_frame(move || {
        // Set only on change: `wide` drives the `open` attribute, and writing it on
        // every frame would fold up a table the reader has just opened.
        let section = current_section(&mount, &ids);
        if active.get_untracked() != section {
            active.set(section);
        }
        let now_wide = is_wide();
        if wide.get_untracked() != now_wide {
            wide.set(now_wide);
        }
    });
    let links = entries
        .into_iter()
        .map(|heading| {
            let id = heading.id.clone();
            let current = move || active.with(|a| a.as_deref() == Some(id.as_str())).then_some("true");
            view! {
                <li class=format!("toc__item toc__item--h{}", heading.level)>
                    <a class="toc__link" href=format!("#{}", heading.id) aria-current=current>
                        {crate::components::post_title::phrased(&heading.text, &heading.breaks)}
                    </a>
                </li>
            }
        })
        .collect_view();
    let landmark = title.clone();
    view! {
        <nav class="toc" aria-label=landmark>
            <details class="toc__details" open=move || wide.get()>
                <summary class="toc__title">{title}</summary>
                <ol class="toc__list">{links}</ol>
            </details>
        </nav>
    }
}

fn is_wide() -> bool {
    window().match_media(WIDE_LAYOUT).ok().flatten().is_some_and(|query| query.matches())
}

/// The section being read: the last heading above the reading line, or the last
/// heading once the page is scrolled to its end (it may never reach the top).
fn current_section(mount: &Mount, ids: &[String]) -> Option<String> {
    let window = window();
    let viewport = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    let scrolled = window.scroll_y().unwrap_or(0.0);
    let page_height = document().document_element().map_or(0.0, |root| f64::from(root.scroll_height()));
    if scrolled > 0.0 && scrolled + viewport >= page_height - 1.0 {
        return ids.last().cloned();
    }
    ids.iter()
        .rev()
        .find(|id| {
            element_by_id(mount, id).is_some_and(|heading| heading.get_bounding_client_rect().top() <= READING_LINE)
        })
        .cloned()
}

//! A thin bar at the top of the window showing how far through the post the reader
//! is. Mounted with the post body, so its first measurement sees the whole post.

use leptos::prelude::*;

use crate::components::scroll_watch::on_scroll_frame;

/// What the bar measures: the post, not the page with its header and footer.
const ARTICLE: &str = "main article.post";

#[component]
pub fn ReadingProgress(#[prop(into)] label: String) -> impl IntoView {
    let percent = RwSignal::new(0u32);
    let bar = NodeRef::<leptos::html::Div>::new();
    // Through the CSSOM: a `style` attribute in the rendered page would break the
    // Content-Security-Policy. calc() keeps float formatting (and its code) out of the
    // bundle.
    Effect::new(move |_| {
        let percent = percent.get();
        if let Some(bar) = bar.get() {
            let _ =
                web_sys::HtmlElement::style(&bar).set_property("transform", &format!("scaleX(calc({percent} / 100))"));
        }
    });
    on_scroll_frame(move || {
        let now = percent_read();
        if percent.get_untracked() != now {
            percent.set(now);
        }
    });
    view! {
        <div
            class="reading-progress"
            role="progressbar"
            aria-label=label
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=move || percent.get()
            node_ref=bar
        ></div>
    }
}

/// 0 with the top of the post at the top of the window, 100 with its end at the bottom.
fn percent_read() -> u32 {
    let Some(article) = document().query_selector(ARTICLE).ok().flatten() else {
        return 0;
    };
    let rect = article.get_bounding_client_rect();
    let viewport = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    let scrollable = rect.height() - viewport;
    if scrollable <= 0.0 {
        return 100; // the whole post fits in the window
    }
    (-rect.top() / scrollable * 100.0).clamp(0.0, 100.0).round() as u32
}

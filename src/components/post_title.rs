//! A post's title, or a heading in its table of contents, as shown in pages and lists:
//! with a `<wbr>` between its Japanese phrases (found by the publishing tool), so that
//! it breaks between phrases in every browser, not only those with
//! `word-break: auto-phrase`.

use fumi_content::PostSummary;
use leptos::prelude::*;

pub fn post_title(post: &PostSummary) -> impl IntoView + use<> {
    phrased(&post.title, &post.title_breaks)
}

/// `text` with a `<wbr>` at each of `breaks` (byte offsets).
pub fn phrased(text: &str, breaks: &[u16]) -> impl IntoView + use<> {
    let mut pieces = fumi_content::cjk::pieces(text, breaks).into_iter().map(str::to_owned);
    let first = pieces.next().unwrap_or_default();
    let rest: Vec<_> = pieces.map(|piece| view! { <wbr/>{piece} }).collect();
    view! { {first}{rest} }
}

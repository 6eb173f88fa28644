//! Component tests: fumi's widgets mounted into a real page of headless Chromium by
//! wasm-bindgen-test-runner. Run with `./scripts/test` (or `cargo test -p fumi
//! --target wasm32-unknown-unknown` with the runner configured).
#![cfg(target_arch = "wasm32")]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use fumi::components::post_list::{PostCard, PostList};
use fumi::components::status::{ErrorView, Loading};
use fumi::ui_text::{EN, JA};
use fumi_content::PostSummary;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element attached to the document, to mount one component into.
fn container() -> web_sys::HtmlElement {
    let el = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// Lets the browser run timers, fetches and reactive effects for `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn japanese_post() -> PostSummary {
    PostSummary {
        slug: "moving-to-eks".into(),
        title: "EKS 基盤チームに移ります".into(),
        date: "2021-01-04".into(),
        tags: vec!["kubernetes".into(), "機械学習".into()],
        excerpt: "一月から基盤チームに移ります。".into(),
        reading_minutes: 10,
        lang: "ja".into(),
        ..Default::default()
    }
}

#[wasm_bindgen_test]
fn post_card_links_title_date_reading_time_and_tags() {
    let root = container();
    let _mounted = mount_to(root.clone(), || view! { <ol><PostCard post=japanese_post() text=&EN/></ol> });

    let card = root.query_selector("li.post-card").unwrap().expect("a card");
    assert_eq!(card.get_attribute("lang").as_deref(), Some("ja"));
    let title = root.query_selector(".post-card__title a").unwrap().unwrap();
    assert_eq!(title.text_content().unwrap(), "EKS 基盤チームに移ります");
    assert_eq!(title.get_attribute("href").as_deref(), Some("/posts/moving-to-eks"));
    let time = root.query_selector("time").unwrap().unwrap();
    assert_eq!(time.get_attribute("datetime").as_deref(), Some("2021-01-04"));
    assert_eq!(time.text_content().unwrap(), "January 4, 2021");
    assert_eq!(root.query_selector(".reading-time").unwrap().unwrap().text_content().unwrap(), "10 min read");
    let tags = root.query_selector_all("a.tag").unwrap();
    assert_eq!(tags.length(), 2);
    let japanese_tag: web_sys::Element = tags.item(1).unwrap().unchecked_into();
    assert_eq!(japanese_tag.get_attribute("href").as_deref(), Some("/tags/%E6%A9%9F%E6%A2%B0%E5%AD%A6%E7%BF%92"));
}

#[wasm_bindgen_test]
fn japanese_interface_text_formats_dates_and_reading_time_in_japanese() {
    let root = container();
    let _mounted = mount_to(root.clone(), || view! { <ol><PostCard post=japanese_post() text=&JA/></ol> });
    assert_eq!(root.query_selector("time").unwrap().unwrap().text_content().unwrap(), "2021年1月4日");
    assert_eq!(root.query_selector(".reading-time").unwrap().unwrap().text_content().unwrap(), "10 分で読めます");
}

#[wasm_bindgen_test]
fn empty_post_list_says_how_to_add_a_post() {
    let root = container();
    let _mounted = mount_to(root.clone(), || view! { <PostList posts=vec![] text=&EN/> });
    assert!(root.query_selector("ol.post-list").unwrap().is_none());
    assert!(root.text_content().unwrap().contains("posts/"));
}

#[wasm_bindgen_test]
fn loading_placeholder_is_announced_as_busy() {
    let root = container();
    let _mounted = mount_to(root.clone(), || view! { <Loading label="Loading…" lines=4/> });
    let loading = root.query_selector(".loading").unwrap().unwrap();
    assert_eq!(loading.get_attribute("aria-busy").as_deref(), Some("true"));
    assert_eq!(root.query_selector_all(".skeleton").unwrap().length(), 4);
}

#[wasm_bindgen_test]
fn error_view_retry_button_calls_back() {
    let root = container();
    let retries = Arc::new(AtomicUsize::new(0));
    let counter = retries.clone();
    let _mounted = mount_to(root.clone(), move || {
        let counter = counter.clone();
        view! {
            <ErrorView
                title="Could not load this page."
                message="The server answered with an error (HTTP 500)."
                retry_label="Retry"
                on_retry=Callback::new(move |_| {
                    counter.fetch_add(1, Ordering::SeqCst);
                })
            />
        }
    });
    assert_eq!(
        root.query_selector("[role=alert]").unwrap().unwrap().text_content().unwrap().contains("HTTP 500"),
        true
    );
    let button: web_sys::HtmlElement = root.query_selector("button.retry").unwrap().unwrap().unchecked_into();
    button.click();
    button.click();
    assert_eq!(retries.load(Ordering::SeqCst), 2);
}

#[wasm_bindgen_test]
fn heading_ids_are_normalised_by_the_browser_engine() {
    // In wasm, NFKC comes from String.prototype.normalize; it must agree with the
    // native implementation the publishing tool uses.
    let rendered = fumi_content::render("## ＥＫＳ の話\n\n## ｺﾝﾃﾅ\n\n## ｺﾝﾃﾅ\n");
    let ids: Vec<_> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["eks-の話", "コンテナ", "コンテナ-1"]);
    assert_eq!(fumi_content::slugify("Amazon ＥＫＳ の開発"), "amazon-eks-の開発");
}

#[wasm_bindgen_test]
async fn app_without_a_manifest_shows_an_error_with_retry() {
    // The test page has no posts/manifest.json next to it: the real fetch gets a 404.
    let root = container();
    let _mounted = mount_to(root.clone(), fumi::App);
    let mut alert = None;
    for _ in 0..100 {
        sleep(50).await;
        alert = root.query_selector(".error-view").unwrap();
        if alert.is_some() {
            break;
        }
    }
    let alert = alert.expect("the app shows an error view, not a blank page");
    assert!(alert.text_content().unwrap().contains("HTTP 404"), "{:?}", alert.text_content());
    assert!(root.query_selector("button.retry").unwrap().is_some());
    assert!(root.query_selector("header.site-header").unwrap().is_some(), "the frame stays usable");
}

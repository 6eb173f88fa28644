//! Posts in more than one language: a post's links to its translations, and the
//! language filter of the lists and of search. Which posts translate which, and what a
//! language is called, are `fumi_content::translations`' facts.

use fumi_content::translations::language_name;
use fumi_content::PostSummary;
use leptos::prelude::*;

use crate::paths::post_href;

/// "Also in: English", in the post's own language, linking each translation.
#[component]
pub fn TranslationLinks(translations: Vec<PostSummary>, lang: String) -> impl IntoView {
    let label = crate::ui_text::for_language(&lang).also_in;
    (!translations.is_empty()).then(|| {
        view! {
            <nav class="post__translations" aria-label=label>
                <span class="post__translations-label">{label}</span>
                <ul>
                    {translations
                        .into_iter()
                        .map(|p| {
                            view! {
                                <li>
                                    <a href=post_href(&p.slug) hreflang=p.lang.clone() lang=p.lang.clone()>
                                        {language_name(&p.lang).to_owned()}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        }
    })
}

/// "Language: All · 日本語 · English" for a list or the search page, when the posts are
/// in more than one language. `href(lang)` is the page's URL showing `lang` only
/// (`None`: every language); the current choice is marked. Not generic over `href`:
/// the URLs are made here, so both pages share one compiled copy of the view.
pub fn language_filter(
    languages: Vec<String>,
    selected: Option<String>,
    href: &dyn Fn(Option<&str>) -> String,
    label: &'static str,
    all: &'static str,
    ui_lang: &'static str,
) -> Option<AnyView> {
    if languages.len() < 2 {
        return None;
    }
    let options: Vec<(Option<String>, String, String)> = std::iter::once(None)
        .chain(languages.into_iter().map(Some))
        .map(|lang| {
            let name = lang.as_deref().map_or(all, language_name).to_owned();
            (href(lang.as_deref()), name, lang.unwrap_or_default())
        })
        .map(|(url, name, lang)| (Some(lang).filter(|l| !l.is_empty()), url, name))
        .collect();
    Some(
        view! {
            <nav class="language-filter" aria-label=label>
                <span class="language-filter__label">{label}</span>
                <ul>
                    {options
                        .into_iter()
                        .map(|(lang, url, name)| {
                            // `false` is ARIA's own "not the current one".
                            let current = if lang == selected { "page" } else { "false" };
                            let lang = lang.unwrap_or_else(|| ui_lang.to_owned());
                            // Plain links: the router follows them, and Back undoes each choice.
                            view! {
                                <li>
                                    <a href=url lang=lang aria-current=current>{name}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        }
        .into_any(),
    )
}

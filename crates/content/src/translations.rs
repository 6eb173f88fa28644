//! Posts in two (or more) languages. A translation names the post it translates
//! (`translation_of: <slug>` in its front matter); the original and its translations
//! are one group, each reachable from the others. The group is computed here, once,
//! from the manifest, for the post page's language switch, the `hreflang` alternates
//! of its head, the sitemap and the feeds alike.

use crate::PostSummary;

/// The key of `post`'s group: the original's slug.
pub fn group_of(post: &PostSummary) -> &str {
    post.translation_of.as_deref().unwrap_or(&post.slug)
}

/// The other posts of `post`'s group (its original and translations, not itself), in
/// the order of their language tags.
pub fn translations_of<'a>(posts: &'a [PostSummary], post: &PostSummary) -> Vec<&'a PostSummary> {
    let group = group_of(post);
    let mut others: Vec<&PostSummary> = Vec::new();
    for other in posts.iter().filter(|other| other.slug != post.slug && group_of(other) == group) {
        insert_sorted(&mut others, other, |a, b| a.lang > b.lang);
    }
    others
}

/// Inserts `item` before the first element `after` says comes after it. The lists here
/// hold a handful of items; this costs the browser's wasm far less than a general
/// sort's code.
fn insert_sorted<T>(items: &mut Vec<T>, item: T, after: impl Fn(&T, &T) -> bool) {
    let at = items.iter().position(|existing| after(existing, &item)).unwrap_or(items.len());
    items.insert(at, item);
}

/// The languages the posts are written in (primary subtags, lower-cased), each once,
/// in order of their tags.
pub fn languages(posts: &[PostSummary]) -> Vec<String> {
    let mut languages: Vec<String> = Vec::new();
    for post in posts {
        let lang = primary(&post.lang).to_ascii_lowercase();
        if !languages.contains(&lang) {
            insert_sorted(&mut languages, lang, |a, b| a > b);
        }
    }
    languages
}

/// Whether `post` is written in `lang` (compared by primary subtag: `ja-JP` is `ja`).
pub fn is_in(post: &PostSummary, lang: &str) -> bool {
    primary(&post.lang).eq_ignore_ascii_case(primary(lang))
}

fn primary(lang: &str) -> &str {
    lang.split(['-', '_']).next().unwrap_or(lang)
}

/// A language's name in that language, as a switch between languages shows it.
pub fn language_name(lang: &str) -> &str {
    match primary(lang).to_ascii_lowercase().as_str() {
        "ja" => "日本語",
        "en" => "English",
        // Others by their tag: the app's interface speaks these two.
        _ => lang,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(slug: &str, lang: &str, translation_of: Option<&str>) -> PostSummary {
        PostSummary {
            slug: slug.into(),
            lang: lang.into(),
            translation_of: translation_of.map(Into::into),
            ..PostSummary::default()
        }
    }

    #[test]
    fn an_original_and_its_translations_reach_each_other_and_no_one_else() {
        let posts = [
            post("moving-to-eks-team", "ja", None),
            post("moving-to-eks-team-en", "en", Some("moving-to-eks-team")),
            post("moving-to-eks-team-ko", "ko", Some("moving-to-eks-team")),
            post("unrelated", "en", None),
        ];
        let slugs = |p: &PostSummary| translations_of(&posts, p).iter().map(|t| t.slug.clone()).collect::<Vec<_>>();
        assert_eq!(slugs(&posts[0]), ["moving-to-eks-team-en", "moving-to-eks-team-ko"]);
        assert_eq!(slugs(&posts[1]), ["moving-to-eks-team", "moving-to-eks-team-ko"]);
        assert!(slugs(&posts[3]).is_empty());
    }

    #[test]
    fn languages_are_compared_by_their_primary_subtag() {
        let posts = [post("a", "ja-JP", None), post("b", "JA", None), post("c", "en", None)];
        assert_eq!(languages(&posts), ["en", "ja"]);
        assert!(is_in(&posts[0], "ja") && !is_in(&posts[2], "ja"));
        assert_eq!(language_name("ja-JP"), "日本語");
        assert_eq!(language_name("en"), "English");
        assert_eq!(language_name("pt-BR"), "pt-BR");
    }
}

//! The site's people and its frame: authors with their profiles, the navigation and
//! the footer, from `fumi.toml` (`[authors.<id>]`, `[[nav]]`, `footer`).
//!
//! An author as `fumi.toml` describes them ([`Author`]) is read by the publishing
//! tool, which turns them into what pages show ([`Profile`]: the name, the profile
//! card's markup and the schema.org `Person`). The browser gets profiles alone: no
//! settings to parse, no Markdown bio to render, no links to build.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// An author as pages show them, made by the publishing tool from an [`Author`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    pub name: String,
    /// The inside of the profile card: the avatar, then the text with [`NAME_SLOT`]
    /// where the name goes, the bio and the links; avatars below the site root start
    /// with [`ROOT_SLOT`]. See [`fill_card`].
    pub card: String,
    /// The schema.org `Person`, as a JSON object.
    pub person: String,
}

/// Where a profile card's name goes (a link to the author's page, or the heading of
/// that page).
pub const NAME_SLOT: &str = "{name}";
/// Where a profile card needs the site's root (an avatar below it).
pub const ROOT_SLOT: &str = "{root}";

/// The profile card `card` with `name_html` and the site's `root` (`/`, `/blog/`, or
/// the blog's own address when embedded) in their slots.
pub fn fill_card(card: &str, root: &str, name_html: &str) -> String {
    card.replacen(ROOT_SLOT, root, 1).replacen(NAME_SLOT, name_html, 1)
}

/// One author, `[authors.<id>]`: the id is what posts name in `author:`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Author {
    pub name: String,
    /// A path below the site root (`images/aki.png`) or an `https://` URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    /// A few sentences of Markdown.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub bio: String,
    #[serde(skip_serializing_if = "ProfileLinks::is_empty")]
    pub links: ProfileLinks,
}

/// An author's accounts elsewhere, `[authors.<id>.links]`: an account name for each
/// service, or a whole URL for the ones without a single home (Mastodon, a website).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProfileLinks {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub github: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bluesky: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mastodon: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zenn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qiita: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speakerdeck: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linkedin: Option<String>,
}

/// A profile link as shown: the service's name and the address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileLink {
    /// The key in `fumi.toml` (`github`).
    pub key: &'static str,
    /// The service's name as readers know it (`GitHub`).
    pub service: &'static str,
    pub url: String,
}

/// Each service: its key, its name, and the address of an account (`None`: the
/// value is a whole URL).
const SERVICES: [(&str, &str, Option<&str>); 9] = [
    ("website", "Website", None),
    ("github", "GitHub", Some("https://github.com/")),
    ("x", "X", Some("https://x.com/")),
    ("bluesky", "Bluesky", Some("https://bsky.app/profile/")),
    ("mastodon", "Mastodon", None),
    ("zenn", "Zenn", Some("https://zenn.dev/")),
    ("qiita", "Qiita", Some("https://qiita.com/")),
    ("speakerdeck", "Speaker Deck", Some("https://speakerdeck.com/")),
    ("linkedin", "LinkedIn", Some("https://www.linkedin.com/in/")),
];

impl ProfileLinks {
    pub fn is_empty(&self) -> bool {
        self.values().iter().all(|value| value.is_none())
    }

    fn values(&self) -> [&Option<String>; 9] {
        [
            &self.website,
            &self.github,
            &self.x,
            &self.bluesky,
            &self.mastodon,
            &self.zenn,
            &self.qiita,
            &self.speakerdeck,
            &self.linkedin,
        ]
    }

    /// The links in a fixed order, each with its full address.
    pub fn resolved(&self) -> Vec<ProfileLink> {
        SERVICES
            .iter()
            .zip(self.values())
            .filter_map(|(&(key, service, home), value)| {
                let value = value.as_deref()?.trim();
                let url = match home {
                    Some(home) => format!("{home}{}", value.trim_start_matches('@')),
                    None => value.to_owned(),
                };
                Some(ProfileLink { key, service, url })
            })
            .collect()
    }

    /// What is wrong with each value, by key: an account name where one is expected
    /// (letters, digits, `_ . -`), an `http(s)://` address where that is.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        SERVICES
            .iter()
            .zip(self.values())
            .filter_map(|(&(key, _, home), value)| {
                let value = value.as_deref()?.trim();
                let message = match home {
                    Some(_) => {
                        let account = value.trim_start_matches('@');
                        let fine = !account.is_empty()
                            && account.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
                        (!fine).then(|| format!("{value:?} is not an account name: give the name alone, e.g. \"aki\""))
                    }
                    None => (!is_web_address(value))
                        .then(|| format!("{value:?} is not an address: give the whole https:// URL")),
                };
                message.map(|message| (key, message))
            })
            .collect()
    }
}

/// Whether `url` is an absolute `http(s)://` address with a host.
pub fn is_web_address(url: &str) -> bool {
    ["https://", "http://"]
        .iter()
        .find_map(|scheme| url.strip_prefix(scheme))
        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/') && !rest.contains(char::is_whitespace))
}

/// One link of the site's navigation, `[[nav]]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NavLink {
    pub title: String,
    /// A route of the site (`/about`, `/tags`) or another site's `https://` address.
    pub url: String,
}

impl NavLink {
    /// Whether the link leaves the site.
    pub fn is_external(&self) -> bool {
        is_web_address(&self.url)
    }

    /// The route of an internal link, without its leading slash (`about`, `` for home).
    pub fn route(&self) -> &str {
        self.url.trim_start_matches('/')
    }
}

/// The authors of a post: those it names, or the site's own author.
pub fn authors_of<'a, A>(
    named: &'a [String],
    authors: &'a BTreeMap<String, A>,
    site_author: &'a str,
) -> Vec<(&'a str, &'a A)> {
    let ids: Vec<&str> = if named.is_empty() {
        default_author(authors, site_author).into_iter().collect()
    } else {
        named.iter().map(String::as_str).collect()
    };
    ids.into_iter().filter_map(|id| authors.get_key_value(id)).map(|(id, a)| (id.as_str(), a)).collect()
}

/// The author of posts that name none: `author` in `fumi.toml` when it is an id of
/// `[authors]`, else the only author.
pub fn default_author<'a, A>(authors: &'a BTreeMap<String, A>, site_author: &'a str) -> Option<&'a str> {
    if authors.contains_key(site_author) {
        Some(site_author)
    } else if authors.len() == 1 {
        authors.keys().next().map(String::as_str)
    } else {
        None
    }
}

/// The site's route of an author's page: `authors/<id>`.
pub fn author_path(id: &str) -> String {
    format!("authors/{}", crate::url::encode_segment(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(f: impl FnOnce(&mut ProfileLinks)) -> ProfileLinks {
        let mut links = ProfileLinks::default();
        f(&mut links);
        links
    }

    #[test]
    fn account_names_become_profile_addresses_in_a_fixed_order() {
        let l = links(|l| {
            l.zenn = Some("aki".into());
            l.github = Some("@aki-dev".into());
            l.mastodon = Some("https://fosstodon.org/@aki".into());
        });
        let shown: Vec<_> = l.resolved().into_iter().map(|l| (l.service, l.url)).collect();
        assert_eq!(
            shown,
            [
                ("GitHub", "https://github.com/aki-dev".to_owned()),
                ("Mastodon", "https://fosstodon.org/@aki".to_owned()),
                ("Zenn", "https://zenn.dev/aki".to_owned()),
            ]
        );
        assert!(l.problems().is_empty());
    }

    #[test]
    fn a_url_where_an_account_belongs_and_the_reverse_are_problems() {
        let l = links(|l| {
            l.github = Some("https://github.com/aki".into());
            l.website = Some("aki.dev".into());
        });
        let keys: Vec<_> = l.problems().into_iter().map(|(key, _)| key).collect();
        assert_eq!(keys, ["website", "github"]);
    }

    #[test]
    fn a_post_without_authors_is_the_default_authors() {
        let mut authors = BTreeMap::new();
        authors.insert("aki".to_owned(), Author { name: "Aki".into(), ..Author::default() });
        authors.insert("mei".to_owned(), Author { name: "Mei".into(), ..Author::default() });
        let ids = |named: &[String], authors: &BTreeMap<String, Author>, site: &str| -> Vec<String> {
            authors_of(named, authors, site).into_iter().map(|(id, _)| id.to_owned()).collect()
        };
        assert_eq!(ids(&[], &authors, "mei"), ["mei"]);
        assert!(ids(&[], &authors, "The team").is_empty(), "two authors and no default: nobody is guessed");
        assert_eq!(ids(&["aki".into(), "mei".into()], &authors, "mei"), ["aki", "mei"]);
        authors.remove("mei");
        assert_eq!(ids(&[], &authors, "The team"), ["aki"], "a single author is everyone's");
    }

    #[test]
    fn external_nav_links_are_told_from_routes() {
        let about = NavLink { title: "About".into(), url: "/about".into() };
        let zenn = NavLink { title: "Zenn".into(), url: "https://zenn.dev/aki".into() };
        assert!(!about.is_external() && zenn.is_external());
        assert_eq!(about.route(), "about");
    }
}

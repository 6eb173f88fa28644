//! Services whose URLs stand for a player or a post rather than a page: YouTube,
//! Speaker Deck, Docswell, SlideShare, CodePen and X. Each is asked through its public
//! oEmbed endpoint; the player address (`frame`) is built from the parsed id, or taken
//! from the oEmbed HTML only when it is `https:` on a host of [`FRAME_HOSTS`]. The
//! oEmbed HTML itself is never passed on.

use super::card::{Embed, EmbedKind};
use serde::Deserialize;
use url::Url;

use super::fetch::{Deadline, Fetcher};
use super::page::{self, cap, tidy, TITLE_CHARS};
use super::Found;

/// Hosts a player may load from: the Content-Security-Policy's `frame-src`.
pub const FRAME_HOSTS: &[&str] =
    &["www.youtube-nocookie.com", "speakerdeck.com", "www.docswell.com", "www.slideshare.net", "codepen.io"];

/// The oEmbed endpoints, each a prefix the page's URL (percent-encoded) is appended
/// to. Tests point them at a local server.
#[derive(Clone, Debug)]
pub struct Endpoints {
    pub youtube: String,
    pub speakerdeck: String,
    pub docswell: String,
    pub slideshare: String,
    pub codepen: String,
    pub x: String,
}

impl Default for Endpoints {
    fn default() -> Self {
        Endpoints {
            youtube: "https://www.youtube.com/oembed?format=json&url=".into(),
            speakerdeck: "https://speakerdeck.com/oembed.json?url=".into(),
            docswell: "https://www.docswell.com/service/oembed?url=".into(),
            slideshare: "https://www.slideshare.net/api/oembed/2?format=json&url=".into(),
            codepen: "https://codepen.io/api/oembed?format=json&url=".into(),
            x: "https://publish.twitter.com/oembed?omit_script=true&dnt=true&url=".into(),
        }
    }
}

/// A URL of a known service, with what was parsed from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Provider {
    YouTube {
        id: String,
    },
    /// A talk page (`player: None`) or a player address with its id.
    SpeakerDeck {
        player: Option<String>,
    },
    Docswell,
    /// A deck page, or a player address (`embed_code/key/…`) kept as the frame.
    SlideShare {
        player: Option<String>,
    },
    CodePen {
        user: String,
        id: String,
    },
    X,
}

/// The service `url` belongs to, if fumi knows it.
pub fn recognise(url: &str) -> Option<Provider> {
    let parsed = Url::parse(url).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    let segments: Vec<&str> = parsed.path_segments().map(|s| s.filter(|s| !s.is_empty()).collect()).unwrap_or_default();
    match host.as_str() {
        "youtube.com" | "www.youtube.com" | "m.youtube.com" | "youtu.be" => {
            youtube_id(url).map(|id| Provider::YouTube { id })
        }
        "speakerdeck.com" => match segments[..] {
            ["player", id] if is_id(id) => Some(Provider::SpeakerDeck { player: Some(id.to_owned()) }),
            [user, _talk] if user != "player" => Some(Provider::SpeakerDeck { player: None }),
            _ => None,
        },
        "docswell.com" | "www.docswell.com" => matches!(segments[..], ["s", _, _, ..]).then_some(Provider::Docswell),
        "slideshare.net" | "www.slideshare.net" | "jp.slideshare.net" => match segments[..] {
            ["slideshow", "embed_code", "key", key] if is_id(key) => Some(Provider::SlideShare {
                player: Some(format!("https://www.slideshare.net/slideshow/embed_code/key/{key}")),
            }),
            [_, _, ..] => Some(Provider::SlideShare { player: None }),
            _ => None,
        },
        "codepen.io" => match segments[..] {
            [user, "pen" | "full" | "details" | "embed", id] if is_id(user) && is_id(id) => {
                Some(Provider::CodePen { user: user.to_owned(), id: id.to_owned() })
            }
            _ => None,
        },
        "x.com" | "www.x.com" | "twitter.com" | "www.twitter.com" | "mobile.twitter.com" | "mobile.x.com" => {
            match segments[..] {
                [_, "status", id, ..] if !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()) => Some(Provider::X),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The video id of a YouTube address (`watch?v=`, `youtu.be/`, `/shorts/`, `/embed/`,
/// `/live/`).
pub fn youtube_id(url: &str) -> Option<String> {
    let parsed = Url::parse(url).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    let segments: Vec<&str> = parsed.path_segments()?.filter(|s| !s.is_empty()).collect();
    let id = if host == "youtu.be" {
        segments.first().map(|s| (*s).to_owned())
    } else {
        match segments[..] {
            ["watch"] => parsed.query_pairs().find(|(k, _)| k == "v").map(|(_, v)| v.into_owned()),
            ["shorts" | "embed" | "live", id] => Some(id.to_owned()),
            _ => None,
        }
    }?;
    is_id(&id).then_some(id)
}

fn is_id(text: &str) -> bool {
    !text.is_empty() && text.len() <= 100 && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// What an oEmbed endpoint answers (the fields fumi reads).
#[derive(Debug, Default, Deserialize)]
struct OEmbed {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    author_name: Option<String>,
    #[serde(default)]
    provider_name: Option<String>,
    #[serde(default)]
    thumbnail_url: Option<String>,
    #[serde(default)]
    html: Option<String>,
}

/// Asks the service about `url` and makes its embed.
pub fn resolve(
    provider: &Provider,
    url: &str,
    fetcher: &Fetcher,
    endpoints: &Endpoints,
    deadline: &Deadline,
) -> Result<Found, String> {
    let (endpoint, asked) = match provider {
        Provider::YouTube { id } => (&endpoints.youtube, format!("https://www.youtube.com/watch?v={id}")),
        Provider::SpeakerDeck { .. } => (&endpoints.speakerdeck, url.to_owned()),
        Provider::Docswell => (&endpoints.docswell, url.to_owned()),
        Provider::SlideShare { .. } => (&endpoints.slideshare, url.to_owned()),
        Provider::CodePen { .. } => (&endpoints.codepen, url.to_owned()),
        Provider::X => (&endpoints.x, url.to_owned()),
    };
    let answer = fetcher
        .get_text(&format!("{endpoint}{}", encode_query_value(&asked)), deadline)
        .and_then(|(text, _)| serde_json::from_str::<OEmbed>(&text).map_err(|e| format!("oEmbed answer: {e}")));
    let oembed = match (answer, provider) {
        (Ok(oembed), _) => oembed,
        // A player address from Zenn's `@[speakerdeck](id)` or `@[slideshare](key)`
        // is enough to embed, even when the service does not describe it.
        (Err(_), Provider::SpeakerDeck { player: Some(_) } | Provider::SlideShare { player: Some(_) }) => {
            OEmbed::default()
        }
        (Err(why), _) => return Err(why),
    };
    let site_name = |fallback: &str| {
        tidy(oembed.author_name.as_deref().or(oembed.provider_name.as_deref()).unwrap_or(fallback), TITLE_CHARS)
    };
    let mut embed = Embed { title: tidy(oembed.title.as_deref().unwrap_or(""), TITLE_CHARS), ..Embed::default() };
    let iframe = oembed.html.as_deref().and_then(page::iframe_src);
    match provider {
        Provider::YouTube { id } => {
            embed.kind = EmbedKind::Video;
            embed.site = site_name("YouTube");
            embed.frame = Some(format!("https://www.youtube-nocookie.com/embed/{id}"));
        }
        Provider::SpeakerDeck { player } => {
            embed.kind = EmbedKind::Slides;
            embed.site = site_name("Speaker Deck");
            embed.frame = match player {
                Some(id) => Some(format!("https://speakerdeck.com/player/{id}")),
                None => iframe.and_then(|src| allowed_frame(&src)),
            };
        }
        Provider::Docswell => {
            embed.kind = EmbedKind::Slides;
            embed.site = site_name("Docswell");
            embed.frame = iframe.and_then(|src| allowed_frame(&src));
        }
        Provider::SlideShare { player } => {
            embed.kind = EmbedKind::Slides;
            embed.site = site_name("SlideShare");
            embed.frame = player.clone().or_else(|| iframe.and_then(|src| allowed_frame(&src)));
        }
        Provider::CodePen { user, id } => {
            embed.kind = EmbedKind::Pen;
            embed.site = site_name("CodePen");
            embed.frame = Some(format!("https://codepen.io/{user}/embed/{id}?default-tab=result"));
        }
        Provider::X => {
            embed.kind = EmbedKind::Post;
            embed.title = tidy(oembed.author_name.as_deref().unwrap_or(""), TITLE_CHARS);
            embed.site = "X".into();
            let text = oembed.html.as_deref().map(page::quoted_post_text).unwrap_or_default();
            embed.description = cap(&text, page::POST_CHARS);
            if embed.description.is_empty() {
                return Err("the oEmbed answer holds no post text".into());
            }
            return Ok(Found { embed, image: None, icon: None });
        }
    }
    if embed.frame.is_none() {
        return Err("the oEmbed answer names no player fumi can embed".into());
    }
    if embed.title.is_empty() {
        embed.title = embed.site.clone();
    }
    Ok(Found {
        embed,
        image: oembed.thumbnail_url.filter(|u| u.starts_with("https://") || u.starts_with("http://")),
        icon: None,
    })
}

/// `src` when it is a player fumi lets load: `https:` on a host of [`FRAME_HOSTS`],
/// nothing odd in it.
pub fn allowed_frame(src: &str) -> Option<String> {
    let src = if src.starts_with("//") { format!("https:{src}") } else { src.to_owned() };
    let parsed = Url::parse(&src).ok()?;
    let host = parsed.host_str()?;
    (parsed.scheme() == "https"
        && parsed.username().is_empty()
        && parsed.password().is_none()
        && parsed.port().is_none()
        && FRAME_HOSTS.contains(&host))
    .then(|| parsed.to_string())
}

/// Percent-encodes a query parameter's value.
fn encode_query_value(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn youtube_addresses_in_every_form_give_the_id() {
        for url in [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
            "https://youtube.com/watch?feature=x&v=dQw4w9WgXcQ",
            "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ?si=abc",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
        ] {
            assert_eq!(recognise(url), Some(Provider::YouTube { id: "dQw4w9WgXcQ".into() }), "{url}");
        }
        assert_eq!(recognise("https://www.youtube.com/@channel"), None);
        assert_eq!(recognise("https://www.youtube.com/watch?v=<x>"), None);
    }

    #[test]
    fn each_service_is_recognised_by_its_addresses() {
        assert_eq!(recognise("https://speakerdeck.com/user/my-talk"), Some(Provider::SpeakerDeck { player: None }));
        assert_eq!(
            recognise("https://speakerdeck.com/player/abc123"),
            Some(Provider::SpeakerDeck { player: Some("abc123".into()) })
        );
        assert_eq!(recognise("https://www.docswell.com/s/user/K1234-title"), Some(Provider::Docswell));
        assert_eq!(recognise("https://www.slideshare.net/user/deck"), Some(Provider::SlideShare { player: None }));
        assert_eq!(
            recognise("https://www.slideshare.net/slideshow/embed_code/key/k3y"),
            Some(Provider::SlideShare {
                player: Some("https://www.slideshare.net/slideshow/embed_code/key/k3y".into())
            })
        );
        assert_eq!(
            recognise("https://codepen.io/someone/pen/abcDEF"),
            Some(Provider::CodePen { user: "someone".into(), id: "abcDEF".into() })
        );
        assert_eq!(recognise("https://x.com/someone/status/1234567890"), Some(Provider::X));
        assert_eq!(recognise("https://twitter.com/someone/status/1234567890?s=20"), Some(Provider::X));
        assert_eq!(recognise("https://x.com/someone"), None);
        assert_eq!(recognise("https://example.com/watch?v=dQw4w9WgXcQ"), None);
    }

    #[test]
    fn only_https_players_on_known_hosts_are_allowed() {
        assert_eq!(
            allowed_frame("https://speakerdeck.com/player/abc").as_deref(),
            Some("https://speakerdeck.com/player/abc")
        );
        assert_eq!(
            allowed_frame("//www.docswell.com/slide/K1/embed").as_deref(),
            Some("https://www.docswell.com/slide/K1/embed")
        );
        for src in [
            "http://speakerdeck.com/player/abc",
            "https://speakerdeck.com.evil.example/player",
            "https://evil.example/?speakerdeck.com",
            "javascript:alert(1)",
            "https://user@codepen.io/x",
            "https://codepen.io:8443/x",
        ] {
            assert_eq!(allowed_frame(src), None, "{src}");
        }
    }
}

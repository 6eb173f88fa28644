//! Paths of fumi's routes and files. Tags and slugs may be Japanese, so path segments
//! are percent-encoded on the way out and decoded on the way in.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

/// Characters that cannot appear raw in a path segment (as `encodeURIComponent`
/// would encode them, minus the unreserved marks).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'\'')
    .add(b'+')
    .add(b',')
    .add(b'/')
    .add(b':')
    .add(b';')
    .add(b'<')
    .add(b'=')
    .add(b'>')
    .add(b'?')
    .add(b'@')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Percent-encodes one path segment (UTF-8).
pub fn encode_segment(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// Decodes one percent-encoded path segment; invalid UTF-8 is replaced, not rejected.
pub fn decode_segment(segment: &str) -> String {
    percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

/// App path of a post, relative to the site root: `posts/<slug>`.
pub fn post_path(slug: &str) -> String {
    format!("posts/{}", encode_segment(slug))
}

/// App path of a tag page, relative to the site root: `tags/<tag>`.
pub fn tag_path(tag: &str) -> String {
    format!("tags/{}", encode_segment(tag))
}

/// Where the publishing tool writes a post's Markdown body, relative to the site root.
pub fn post_body_file(slug: &str) -> String {
    format!("posts/{}.md", encode_segment(slug))
}

/// Where the publishing tool writes a post's render hints (highlighting, image sizes).
pub fn post_hints_file(slug: &str) -> String {
    format!("posts/{}.hints.json", encode_segment(slug))
}

/// Where the publishing tool writes the manifest, relative to the site root.
pub const MANIFEST_FILE: &str = "posts/manifest.json";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_tags_round_trip() {
        let encoded = encode_segment("機械学習");
        assert_eq!(encoded, "%E6%A9%9F%E6%A2%B0%E5%AD%A6%E7%BF%92");
        assert_eq!(decode_segment(&encoded), "機械学習");
    }

    #[test]
    fn reserved_characters_are_encoded() {
        assert_eq!(encode_segment("c#/c++ & ml?"), "c%23%2Fc%2B%2B%20%26%20ml%3F");
        assert_eq!(decode_segment("c%23%2Fc%2B%2B%20%26%20ml%3F"), "c#/c++ & ml?");
    }

    #[test]
    fn paths_use_encoded_segments() {
        assert_eq!(tag_path("コンテナ"), "tags/%E3%82%B3%E3%83%B3%E3%83%86%E3%83%8A");
        assert_eq!(post_path("hello-world"), "posts/hello-world");
        assert_eq!(post_body_file("hello-world"), "posts/hello-world.md");
    }
}

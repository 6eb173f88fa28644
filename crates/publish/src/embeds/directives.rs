//! Zenn's embed directives (`@[card](url)`, `@[youtube](id)` …), rewritten into the
//! one form fumi knows: the URL alone in a paragraph. Only a line that is exactly one
//! directive is rewritten; lines inside fenced code blocks are left alone, and so is a
//! directive fumi does not know (the reader sees it as written).

use std::borrow::Cow;

/// The body with every directive line rewritten (unchanged when it has none).
pub fn expand(markdown: &str) -> Cow<'_, str> {
    if !markdown.contains("@[") {
        return Cow::Borrowed(markdown);
    }
    let lines: Vec<&str> = markdown.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut fenced = crate::fenced_lines::FencedLines::default();
    let mut changed = false;
    for (i, line) in lines.iter().enumerate() {
        let url = if fenced.is_code(line) { None } else { directive_url(line) };
        let Some(url) = url else {
            out.push((*line).to_owned());
            continue;
        };
        changed = true;
        // A paragraph of its own: blank lines around it, without doubling existing ones.
        if out.last().is_some_and(|previous| !previous.trim().is_empty()) {
            out.push(String::new());
        }
        out.push(url);
        if lines.get(i + 1).is_some_and(|next| !next.trim().is_empty()) {
            out.push(String::new());
        }
    }
    if !changed {
        return Cow::Borrowed(markdown);
    }
    let mut text = out.join("\n");
    if markdown.ends_with('\n') {
        text.push('\n');
    }
    Cow::Owned(text)
}

/// The URL a line stands for when it is exactly one known directive.
pub fn directive_url(line: &str) -> Option<String> {
    let inner = line.trim().strip_prefix("@[")?;
    let (name, rest) = inner.split_once("](")?;
    let argument = rest.strip_suffix(')')?.trim();
    if argument.is_empty() || argument.contains(char::is_whitespace) {
        return None;
    }
    match name {
        "card" | "tweet" | "gist" | "codepen" | "docswell" | "github" | "figma" => {
            is_web_url(argument).then(|| argument.to_owned())
        }
        "youtube" => {
            let id = if is_web_url(argument) { super::providers::youtube_id(argument)? } else { argument.to_owned() };
            is_token(&id).then(|| format!("https://www.youtube.com/watch?v={id}"))
        }
        "speakerdeck" => is_token(argument).then(|| format!("https://speakerdeck.com/player/{argument}")),
        "slideshare" => {
            is_token(argument).then(|| format!("https://www.slideshare.net/slideshow/embed_code/key/{argument}"))
        }
        _ => None,
    }
}

fn is_web_url(text: &str) -> bool {
    text.starts_with("https://") || text.starts_with("http://")
}

/// An id as the services write them: letters, digits, `-` and `_`.
fn is_token(text: &str) -> bool {
    !text.is_empty() && text.len() <= 100 && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_becomes_the_url_in_a_paragraph_of_its_own() {
        assert_eq!(expand("前\n@[card](https://example.com/a)\n後\n"), "前\n\nhttps://example.com/a\n\n後\n");
        assert_eq!(
            expand("前\n\n  @[tweet](https://x.com/a/status/1)  \n\n後"),
            "前\n\nhttps://x.com/a/status/1\n\n後"
        );
    }

    #[test]
    fn every_url_directive_is_known() {
        for name in ["card", "tweet", "gist", "codepen", "docswell", "github", "figma"] {
            assert_eq!(directive_url(&format!("@[{name}](https://e.com/x)")).as_deref(), Some("https://e.com/x"));
        }
    }

    #[test]
    fn ids_become_the_services_urls() {
        assert_eq!(directive_url("@[youtube](dQw4w9WgXcQ)").unwrap(), "https://www.youtube.com/watch?v=dQw4w9WgXcQ");
        assert_eq!(
            directive_url("@[youtube](https://youtu.be/dQw4w9WgXcQ?t=3)").unwrap(),
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        );
        assert_eq!(directive_url("@[speakerdeck](4f8b1a2c)").unwrap(), "https://speakerdeck.com/player/4f8b1a2c");
        assert_eq!(
            directive_url("@[slideshare](aBc_12-x)").unwrap(),
            "https://www.slideshare.net/slideshow/embed_code/key/aBc_12-x"
        );
    }

    #[test]
    fn unknown_or_malformed_directives_stay_as_written() {
        for text in [
            "@[unknown](https://e.com)\n",
            "@[card](not a url)\n",
            "@[card](javascript:alert(1))\n",
            "@[youtube](<script>)\n",
            "見て @[card](https://e.com)\n",
            "@[card](https://e.com) と\n",
        ] {
            assert!(matches!(expand(text), Cow::Borrowed(_)), "{text}");
        }
    }

    #[test]
    fn code_blocks_are_left_alone() {
        let text = "```md\n@[card](https://e.com)\n```\n~~~\n@[youtube](abc)\n~~~\n";
        assert_eq!(expand(text), text);
        let after = expand("```\n@[card](https://e.com/in)\n```\n@[card](https://e.com/out)\n");
        assert_eq!(after, "```\n@[card](https://e.com/in)\n```\n\nhttps://e.com/out\n");
    }
}
